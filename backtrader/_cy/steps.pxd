# Interface of the per-bar steps: one call the clock makes on every bar, a
# user's Python hook (PyStep) or the compiled twin of a standard hook
# (hooktwins; same effect on the same attributes, without entering Python).

cdef enum:                      # broker values a fund step reads
    NEED_CASH = 1
    NEED_VALUE = 2
    NEED_FUNDVALUE = 4
    NEED_SHARES = 8


cdef class Step:
    """One per-bar call: ``step()`` for next-like hooks, ``fund()`` for the
    cash/value notifications (only the broker values in ``needs`` are given,
    the others are None)."""
    cdef readonly int needs
    cdef int step(self) except -1
    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1


cdef class PyStep(Step):
    cdef object fn
    cdef int nargs              # 0: fn(), 2: fn(cash, value), 4: fn(all four)
