# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Look-back cores: short-horizon log returns, open-interest change and the price / OI market
regime (see ``microlookback.pxd``)."""
from libc.math cimport NAN, isfinite, isnan, log, fabs
from libc.stdint cimport int64_t

from backtrader.hft._cy.microcore cimport (MicroCore, StateIO, ring_init, ring_free, ring_push,
                                           ring_clear, lookback_base, window_from, PUSH_OK,
                                           PUSH_BAD, PUSH_IDLE)

_KINDS = {'return': L_RETURN, 'oidelta': L_OIDELTA, 'regime': L_REGIME}


cdef class LookbackCore(MicroCore):
    """``LookbackCore(kind, period=1, span=None, price_band=0.001, oi_band=0.005,
    nan_policy='skip')``, ``kind`` one of:

    - ``return``: ``ln(p / p_base)`` (prices finite and > 0);
    - ``oidelta``: ``oi - oi_base`` and ``(oi - oi_base) / oi_base``;
    - ``regime``: with ``dp = p / p_base - 1`` and ``doi = oi / oi_base - 1``: long build-up
      (1) when ``dp > price_band`` and ``doi > oi_band``, short build-up (2) when ``dp <
      -price_band`` and ``doi > oi_band``, long unwinding (3) when both fall below minus their
      bands, short covering (4) when ``dp > price_band`` and ``doi < -oi_band``, else neutral
      (0); also ``dp`` and ``doi``.

    The base is the record ``period`` records back, or (``span`` ns) the last record stamped at
    or before ``now - span``; NaN until one exists. A record whose OI is NaN (no OI update yet)
    is skipped without counting; a NaN or infinite price, an infinite OI: refused.
    """

    def __init__(self, kind, period=1, span=None, price_band=0.001, oi_band=0.005,
                 nan_policy='skip'):
        if kind not in _KINDS:
            raise ValueError('LookbackCore: kind must be one of %s, not %r' % (sorted(_KINDS), kind))
        for name, band in (('price_band', price_band), ('oi_band', oi_band)):
            if not (isinstance(band, (int, float)) and band >= 0):
                raise ValueError('LookbackCore: %s must be a number >= 0, not %r' % (name, band))
        self.kind = _KINDS[kind]
        self.price_band = price_band
        self.oi_band = oi_band
        self.nin = 2 if self.kind == L_REGIME else 1
        self.nout = 1 if self.kind == L_RETURN else (2 if self.kind == L_OIDELTA else 3)
        self._set_policy(nan_policy)
        window_from(&self.win, 'LookbackCore', period, span)
        ring_init(&self.ring, 2, self.win.period + 2 if self.win.period else 64)

    def __dealloc__(self):
        ring_free(&self.ring)

    cdef void _clear(self) noexcept:
        ring_clear(&self.ring)

    cdef int push(self, int64_t ts, const double* x) noexcept:
        cdef double rec[2]
        cdef double* base = NULL
        cdef double dp, doi
        cdef int k = self.kind
        rec[0] = x[0]
        rec[1] = x[1] if k == L_REGIME else x[0]
        if k != L_OIDELTA and not (isfinite(rec[0]) and (k != L_RETURN or rec[0] > 0)):
            return PUSH_BAD
        if k != L_RETURN:
            if isnan(rec[1]):
                return PUSH_IDLE
            if not isfinite(rec[1]):
                return PUSH_BAD
        if not ring_push(&self.ring, ts, rec):
            self.failed = True
        base = lookback_base(&self.win, &self.ring, ts)
        if base == NULL:
            return PUSH_OK
        if k == L_RETURN:
            self.out[0] = log(rec[0] / base[0])
        elif k == L_OIDELTA:
            self.out[0] = rec[1] - base[1]
            self.out[1] = (rec[1] - base[1]) / base[1]
        else:
            dp = rec[0] / base[0] - 1.0
            doi = rec[1] / base[1] - 1.0
            self.out[1] = dp
            self.out[2] = doi
            self.out[0] = R_NEUTRAL
            if doi > self.oi_band:
                if dp > self.price_band:
                    self.out[0] = R_LONG_BUILDUP
                elif dp < -self.price_band:
                    self.out[0] = R_SHORT_BUILDUP
            elif doi < -self.oi_band:
                if dp < -self.price_band:
                    self.out[0] = R_LONG_UNWINDING
                elif dp > self.price_band:
                    self.out[0] = R_SHORT_COVERING
        return PUSH_OK

    cdef int _io(self, StateIO io) except -1:
        io.param_i64('kind', self.kind)
        io.param_i64('period', self.win.period)
        io.param_i64('span', self.win.span)
        io.param_f64('price_band', self.price_band)
        io.param_f64('oi_band', self.oi_band)
        return io.ring(&self.ring)
