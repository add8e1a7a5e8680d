# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled evaluation of a factor graph: the sources, the per-record propagation through the
nodes whose inputs changed, the published outputs and the state as bytes (see
``factorgraph.pxd``). The graph is a :class:`RecordSink`: attached to an L2 replay it sees every
record the replay applies to its book."""
from libc.math cimport NAN, isnan, llround
from libc.stdint cimport int64_t, uint64_t, INT64_MIN
from libc.stdlib cimport malloc, calloc, free
from libc.string cimport memcmp, memset, memcpy

import numpy as np

from backtrader.hft._cy.book cimport (OrderBook, L2Event, SIDE_BID, SIDE_ASK, NO_BID, NO_ASK,
                                      ticks_to_price, lots_to_qty)
from backtrader.hft._cy.l2replay cimport RecordSink, L2Replay
from backtrader.hft._cy.eventkinds cimport (TRADE_EVENT, DEPTH_EVENT, DEPTH_SNAPSHOT_EVENT,
                                            ev_kind, ev_side)
from backtrader.hft._cy.microcore cimport MicroCore, PUSH_OK, NO_TS

cdef int MAXLEVELS = 16
cdef int64_t UNSEEN = INT64_MIN + 1     # shadow of a level not read yet
cdef int64_t MISSING = INT64_MIN + 2    # shadow of a level the side does not have

KINDS = {'core': NK_CORE, 'book': NK_BOOK, 'trades': NK_TRADES, 'oi': NK_OI}
_MAGIC = b'BTGC1'


# node sets are bitsets of 64-node words; _DEBRUIJN and _CTZ find the lowest node of a word
cdef uint64_t _DEBRUIJN = 0x03f79d71b4cb0a89ULL
cdef int _CTZ[64]


cdef void _ctz_table() noexcept:
    cdef int k
    cdef uint64_t one = 1
    for k in range(64):
        _CTZ[((one << k) * _DEBRUIJN) >> 58] = k


_ctz_table()


cdef inline int _lowest(uint64_t bits) noexcept:
    """Index of the lowest set bit of ``bits`` (not 0)."""
    return _CTZ[((bits & (~bits + 1)) * _DEBRUIJN) >> 58]


cdef inline void _mark(GraphCore g, const uint64_t* nodes) noexcept:
    """The nodes of the set ``nodes`` are dirty."""
    cdef int w
    for w in range(g.nwords):
        g.dirty[w] |= nodes[w]


cdef inline bint _best_moved(const int64_t* shadow, int s, OrderBook book) noexcept:
    """Whether the best level of side ``s`` (0 bid, 1 ask) differs from the last read of it."""
    cdef int64_t t = book.best_bid_tick if s == 0 else book.best_ask_tick
    cdef int64_t q = book.best_bid_qlot if s == 0 else book.best_ask_qlot
    if t == (NO_BID if s == 0 else NO_ASK):
        return shadow[2 * s] != MISSING
    return shadow[2 * s] != t or shadow[2 * s + 1] != q


cdef class GraphCore(RecordSink):
    """``GraphCore(nodes, outputs)``: the compiled graph.

    ``nodes`` in topological order (sources first), each a tuple ``(kind, core, inputs, nout,
    levels, warmup)``: ``kind`` a key of ``KINDS``, ``core`` a MicroCore (None for a source),
    ``inputs`` the ``(node index, output index)`` pairs of the input record, ``levels`` the book
    levels of a book source. ``outputs``: indices of the published nodes.
    """

    def __cinit__(self, *args, **kwargs):
        self.nodes = NULL
        self.nnodes = 0
        self.booknodes = NULL
        self.nbook = 0
        self.vals = NULL
        self.dirty = NULL
        self.cmask = NULL
        self.omask = NULL
        self.x = NULL
        self.res = NULL
        self.outnodes = NULL

    def __init__(self, list nodes, outputs):
        cdef int j, k, off = 0, maxin = 1
        cdef NodeRec* nd
        self.nnodes = len(nodes)
        self.nodes = <NodeRec*>calloc(max(self.nnodes, 1), sizeof(NodeRec))
        if self.nodes == NULL:
            raise MemoryError()
        self.cores = []
        self.trade_node = -1
        self.oi_node = -1
        offsets = []
        for j, (kind, core, inputs, nout, levels, warmup) in enumerate(nodes):
            nd = &self.nodes[j]
            nd.kind = KINDS[kind]
            nd.nout = nout
            nd.outoff = off
            nd.warmup = warmup
            offsets.append(off)
            off += nout
            if nd.kind == NK_CORE:
                if not isinstance(core, MicroCore):
                    raise TypeError('GraphCore: node %d needs a MicroCore, got %r' % (j, core))
                self.cores.append(core)
                nd.core = <void*>core
                if (<MicroCore>core).nout != nout or (<MicroCore>core).nin != len(inputs):
                    raise ValueError('GraphCore: node %d: the core takes %d inputs and makes %d '
                                     'outputs, the node has %d and %d'
                                     % (j, (<MicroCore>core).nin, (<MicroCore>core).nout,
                                        len(inputs), nout))
            elif nd.kind == NK_BOOK:
                if not 1 <= levels <= MAXLEVELS:
                    raise ValueError('GraphCore: node %d: levels must be 1..%d' % (j, MAXLEVELS))
                nd.levels = levels
                nd.shadow = <int64_t*>malloc(4 * levels * sizeof(int64_t))
                if nd.shadow == NULL:
                    raise MemoryError()
            elif nd.kind == NK_TRADES:
                self.trade_node = j
            else:
                self.oi_node = j
            nd.nin = len(inputs)
            nd.inidx = <int*>malloc(max(nd.nin, 1) * sizeof(int))
            if nd.inidx == NULL:
                raise MemoryError()
            for k, (p, o) in enumerate(inputs):
                if not 0 <= p < j or not 0 <= o < self.nodes[p].nout:
                    raise ValueError('GraphCore: node %d: input (%d, %d) is not an earlier '
                                     "node's output" % (j, p, o))
                nd.inidx[k] = offsets[p] + o
            maxin = max(maxin, nd.nin)
        self.nvals = off
        self.booknodes = <int*>malloc(max(self.nnodes, 1) * sizeof(int))
        if self.booknodes == NULL:
            raise MemoryError()
        for j in range(self.nnodes):
            if self.nodes[j].kind == NK_BOOK:
                self.booknodes[self.nbook] = j
                self.nbook += 1
        self.vals = <double*>malloc(max(off, 1) * sizeof(double))
        self.nwords = (self.nnodes + 63) // 64
        self.dirty = <uint64_t*>calloc(self.nwords, sizeof(uint64_t))
        self._consumers()
        self.x = <double*>malloc(maxin * sizeof(double))
        self.res = <double*>malloc(8 * sizeof(double))
        self.nouts = len(outputs)
        self.outnodes = <int*>malloc(max(self.nouts, 1) * sizeof(int))
        if (self.vals == NULL or self.dirty == NULL or self.x == NULL or self.res == NULL
                or self.outnodes == NULL):
            raise MemoryError()
        for k, j in enumerate(outputs):
            if not 0 <= j < self.nnodes:
                raise ValueError('GraphCore: output %r is not a node' % (j,))
            self.outnodes[k] = j
        self.reset()

    def __dealloc__(self):
        cdef int j
        if self.nodes != NULL:
            for j in range(self.nnodes):
                free(self.nodes[j].inidx)
                free(self.nodes[j].shadow)
        free(self.nodes)
        free(self.booknodes)
        free(self.dirty)
        free(self.cmask)
        free(self.omask)
        free(self.vals)
        free(self.x)
        free(self.res)
        free(self.outnodes)

    def _consumers(self):
        """The consumer sets: of every value (``cmask``) and of any output of every node
        (``omask``)."""
        cdef int j, k, v, nw = self.nwords
        cdef uint64_t bit
        self.cmask = <uint64_t*>calloc(max(self.nvals, 1) * nw, sizeof(uint64_t))
        self.omask = <uint64_t*>calloc(self.nnodes * nw, sizeof(uint64_t))
        if self.cmask == NULL or self.omask == NULL:
            raise MemoryError()
        for j in range(self.nnodes):
            bit = 1ULL << (j % 64)
            for k in range(self.nodes[j].nin):
                v = self.nodes[j].inidx[k]
                self.cmask[v * nw + j // 64] |= bit
        for j in range(self.nnodes):
            for v in range(self.nodes[j].outoff, self.nodes[j].outoff + self.nodes[j].nout):
                for k in range(nw):
                    self.omask[j * nw + k] |= self.cmask[v * nw + k]

    def reset(self):
        """Forget every value and every core's state (as freshly built)."""
        cdef int j, k
        cdef NodeRec* nd
        for k in range(self.nvals):
            self.vals[k] = NAN
        for j in range(self.nnodes):
            nd = &self.nodes[j]
            nd.updates = 0
            if nd.kind == NK_BOOK:
                for k in range(4 * nd.levels):
                    nd.shadow[k] = UNSEEN
        for core in self.cores:
            core.reset()
        memset(self.dirty, 0, self.nwords * sizeof(uint64_t))
        self.trade_pending = False
        self.oi_last = NO_TS
        self.oi_pos = 0
        self.records = 0
        self.last_ts = 0

    def set_oi(self, ts, values):
        """The open-interest series (int64 ns stamps ascending, float64 values): each value is
        taken before the first record stamped at or after it (values at or before the last one
        taken are passed over)."""
        cdef const int64_t[::1] t = np.ascontiguousarray(ts, dtype=np.int64)
        cdef const double[::1] v = np.ascontiguousarray(values, dtype=np.float64)
        if t.shape[0] != v.shape[0]:
            raise ValueError('open interest: %d stamps for %d values' % (t.shape[0], v.shape[0]))
        self.oi_keep = (t, v)
        self.oi_n = t.shape[0]
        self.oi_ts = &t[0] if self.oi_n else NULL
        self.oi_v = &v[0] if self.oi_n else NULL
        self.oi_pos = 0

    # -- per record -------------------------------------------------------------------------
    cdef int on_record(self, const L2Event* e, int64_t ts, OrderBook book) except -1:
        cdef int i, kind, side, sides
        cdef int64_t pt = 0, t
        cdef bint deep
        cdef NodeRec* nd
        cdef double* v
        self.records += 1
        self.last_ts = ts
        if self.trade_pending:
            self.vals[self.nodes[self.trade_node].outoff + 1] = 0.0
            self.trade_pending = False
        if self.oi_node >= 0 and self.oi_pos < self.oi_n:
            self._take_oi(ts)
        if ev_kind(e.ev) == TRADE_EVENT:
            if self.trade_node >= 0:
                nd = &self.nodes[self.trade_node]
                v = self.vals + nd.outoff
                v[0] = e.px
                v[1] = e.qty
                v[2] = ev_side(e.ev)
                nd.updates += 1
                _mark(self, self.omask + self.trade_node * self.nwords)
                self.trade_pending = True
        elif self.nbook and book is not None:
            kind = ev_kind(e.ev)
            side = ev_side(e.ev)
            side = 0 if side == SIDE_BID else (1 if side == SIDE_ASK else -1)
            deep = side >= 0 and (kind == DEPTH_EVENT or kind == DEPTH_SNAPSHOT_EVENT)
            if deep:
                pt = llround(e.px * book.inv_tick)
            for i in range(self.nbook):
                nd = &self.nodes[self.booknodes[i]]
                if side < 0:
                    sides = 3
                else:
                    # a record with a side changes the other side only by moving its best level
                    # (a crossing update hides the levels it crosses)
                    sides = 1 << side
                    if deep:
                        # a level beyond the node's last one leaves its levels as they are
                        t = nd.shadow[4 * (nd.levels - 1) + 2 * side]
                        if t != UNSEEN and t != MISSING and (pt < t if side == 0 else pt > t):
                            sides = 0
                    if _best_moved(nd.shadow, 1 - side, book):
                        sides |= 1 << (1 - side)
                if sides:
                    self._read_book(self.booknodes[i], book, sides)
        self._propagate(ts)
        return 0

    cdef void _read_book(self, int j, OrderBook book, int sides) noexcept:
        cdef NodeRec* nd = &self.nodes[j]
        cdef int64_t ticks[16]
        cdef int64_t lots[16]
        cdef int64_t t, q
        cdef int s, l, base
        cdef Py_ssize_t m
        cdef bint moved = False
        cdef double* v = self.vals + nd.outoff
        for s in range(2):
            if not sides & (1 << s):
                continue
            m = book.levels_c(SIDE_BID if s == 0 else SIDE_ASK, nd.levels, ticks, lots)
            for l in range(nd.levels):
                base = 4 * l + 2 * s
                t = ticks[l] if l < m else MISSING
                q = lots[l] if l < m else 0
                if t != nd.shadow[base]:
                    nd.shadow[base] = t
                    v[base] = ticks_to_price(book, <double>t) if l < m else NAN
                    _mark(self, self.cmask + (nd.outoff + base) * self.nwords)
                    moved = True
                if q != nd.shadow[base + 1]:
                    nd.shadow[base + 1] = q
                    v[base + 1] = lots_to_qty(book, <double>q)
                    _mark(self, self.cmask + (nd.outoff + base + 1) * self.nwords)
                    moved = True
        if moved:
            nd.updates += 1

    cdef void _take_oi(self, int64_t ts) noexcept:
        cdef NodeRec* nd = &self.nodes[self.oi_node]
        cdef int64_t t
        while self.oi_pos < self.oi_n and self.oi_ts[self.oi_pos] <= ts:
            t = self.oi_ts[self.oi_pos]
            if self.oi_last == NO_TS or t > self.oi_last:
                self.vals[nd.outoff] = self.oi_v[self.oi_pos]
                self.oi_last = t
                nd.updates += 1
                _mark(self, self.omask + self.oi_node * self.nwords)
            self.oi_pos += 1

    cdef void _propagate(self, int64_t ts) noexcept:
        cdef int w, j, k, st
        cdef uint64_t bits
        cdef NodeRec* nd
        cdef double* out
        cdef bint moved
        for w in range(self.nwords):
            # a node's consumers come after it: the set only grows above the node taken
            while self.dirty[w]:
                bits = self.dirty[w]
                self.dirty[w] = bits & (bits - 1)
                j = 64 * w + _lowest(bits)
                nd = &self.nodes[j]
                for k in range(nd.nin):
                    self.x[k] = self.vals[nd.inidx[k]]
                st = (<MicroCore>nd.core).feed(ts, self.x, self.res)
                out = self.vals + nd.outoff
                moved = False
                for k in range(nd.nout):
                    if memcmp(&self.res[k], &out[k], sizeof(double)) != 0:
                        out[k] = self.res[k]
                        moved = True
                if st == PUSH_OK:
                    nd.updates += 1
                if st == PUSH_OK or moved:
                    _mark(self, self.omask + j * self.nwords)

    # -- outputs ----------------------------------------------------------------------------
    cdef bint _ready(self, int j) noexcept:
        cdef NodeRec* nd = &self.nodes[j]
        cdef int k
        if nd.updates < nd.warmup or nd.updates == 0:
            return False
        for k in range(nd.nout):
            if isnan(self.vals[nd.outoff + k]):
                return False
        return True

    cdef bint publish(self, double* row) noexcept:
        cdef int i, j, k, c = 0
        cdef bint ok, every = True
        for i in range(self.nouts):
            j = self.outnodes[i]
            ok = self._ready(j)
            every = every and ok
            for k in range(self.nodes[j].nout):
                row[c] = self.vals[self.nodes[j].outoff + k] if ok else NAN
                c += 1
        return every

    cdef bint all_ready(self) noexcept:
        cdef int i
        for i in range(self.nouts):
            if not self._ready(self.outnodes[i]):
                return False
        return True

    @property
    def npublished(self):
        """Values published per row (the outputs of the output nodes)."""
        return sum(self.nodes[self.outnodes[i]].nout for i in range(self.nouts))

    def ready(self, j=None):
        """Whether node ``j`` (default: every output node) is warmed up: it took at least its
        warm-up count of values and none of its outputs is NaN."""
        if j is None:
            return bool(self.all_ready())
        if not 0 <= j < self.nnodes:
            raise IndexError('GraphCore: node %r does not exist' % (j,))
        return bool(self._ready(j))

    def node_values(self, int j):
        """The current outputs of node ``j`` (raw, even while it warms up)."""
        if not 0 <= j < self.nnodes:
            raise IndexError('GraphCore: node %r does not exist' % (j,))
        return tuple(self.vals[self.nodes[j].outoff + k] for k in range(self.nodes[j].nout))

    def updates(self, int j):
        """Values node ``j`` took (sources: the times it changed)."""
        if not 0 <= j < self.nnodes:
            raise IndexError('GraphCore: node %r does not exist' % (j,))
        return self.nodes[j].updates

    def published(self):
        """The published outputs now (NaN for an output node that is not ready)."""
        row = np.empty(self.npublished, dtype=np.float64)
        cdef double[::1] r = row
        if r.shape[0]:
            self.publish(&r[0])
        return row

    # -- standalone runs --------------------------------------------------------------------
    def count_steps(self, L2Replay dry):
        """Steps ``dry`` (a fresh cursor, applying nothing) makes to its end."""
        cdef Py_ssize_t n = 0
        while dry.step(True):
            n += 1
        return n

    def run_replay(self, L2Replay rep, Py_ssize_t nrows):
        """Step ``rep`` (with this graph as its sink) to its end or ``nrows`` steps and return
        ``(ts, outputs, ready)``: the step times, the published outputs after each step (one
        row per output value) and whether every output node was ready."""
        cdef Py_ssize_t i = 0, c, npub = self.npublished
        ts = np.empty(nrows, dtype=np.int64)
        outs = np.empty((npub, nrows), dtype=np.float64)
        ready = np.empty(nrows, dtype=np.bool_)
        cdef int64_t[::1] tv = ts
        cdef double[:, ::1] ov = outs
        cdef unsigned char[::1] rv = ready.view(np.uint8)
        cdef double* row = <double*>malloc(max(npub, 1) * sizeof(double))
        if row == NULL:
            raise MemoryError()
        rep.sink = self
        try:
            while i < nrows and rep.step(False):
                tv[i] = rep.vals.ts
                rv[i] = self.publish(row)
                for c in range(npub):
                    ov[c, i] = row[c]
                i += 1
        finally:
            rep.sink = None
            free(row)
        return ts[:i], outs[:, :i], ready[:i]

    # -- state ------------------------------------------------------------------------------
    def state(self):
        """The whole state (values, counters, sources, every core) as bytes."""
        cdef int j
        cdef NodeRec* nd
        cdef int64_t head[5]
        head[0] = self.records
        head[1] = self.last_ts
        head[2] = self.oi_last
        head[3] = self.trade_pending
        head[4] = self.nvals
        out = bytearray(_MAGIC)
        out += (<char*>head)[:sizeof(head)]
        out += (<char*>self.vals)[:self.nvals * sizeof(double)]
        for j in range(self.nnodes):
            nd = &self.nodes[j]
            out += (<char*>&nd.updates)[:sizeof(int64_t)]
            if nd.kind == NK_BOOK:
                out += (<char*>nd.shadow)[:4 * nd.levels * sizeof(int64_t)]
        for core in self.cores:
            blob = core.snapshot()
            out += len(blob).to_bytes(8, 'little') + blob
        return bytes(out)

    def load_state(self, data):
        """Load a state made by :meth:`state` of a graph of the same structure."""
        cdef const unsigned char[::1] src
        cdef Py_ssize_t pos = len(_MAGIC), need, n
        cdef int j
        cdef NodeRec* nd
        cdef int64_t head[5]
        data = bytes(data)
        if not data.startswith(_MAGIC):
            raise ValueError('GraphCore.load_state: not a graph state')
        src = data
        n = len(data)
        need = pos + sizeof(head)
        if n < need:
            raise ValueError('GraphCore.load_state: the state is truncated')
        memcpy(head, &src[pos], sizeof(head))
        if head[4] != self.nvals:
            raise ValueError('GraphCore.load_state: the state holds %d values, this graph %d'
                             % (head[4], self.nvals))
        pos = need
        need = pos + self.nvals * sizeof(double)
        for j in range(self.nnodes):
            need += sizeof(int64_t)
            if self.nodes[j].kind == NK_BOOK:
                need += 4 * self.nodes[j].levels * sizeof(int64_t)
        if n < need:
            raise ValueError('GraphCore.load_state: the state is truncated')
        blobs = []
        rest = need
        for core in self.cores:
            if rest + 8 > n:
                raise ValueError('GraphCore.load_state: the state is truncated')
            size = int.from_bytes(data[rest:rest + 8], 'little')
            blobs.append(data[rest + 8:rest + 8 + size])
            rest += 8 + size
        if rest != n:
            raise ValueError('GraphCore.load_state: the state does not fit this graph')
        for core, blob in zip(self.cores, blobs):
            core.restore(blob)
        memcpy(self.vals, &src[pos], self.nvals * sizeof(double))
        pos += self.nvals * sizeof(double)
        for j in range(self.nnodes):
            nd = &self.nodes[j]
            memcpy(&nd.updates, &src[pos], sizeof(int64_t))
            pos += sizeof(int64_t)
            if nd.kind == NK_BOOK:
                memcpy(nd.shadow, &src[pos], 4 * nd.levels * sizeof(int64_t))
                pos += 4 * nd.levels * sizeof(int64_t)
        self.records = head[0]
        self.last_ts = head[1]
        self.oi_last = head[2]
        self.trade_pending = head[3] != 0
        self.oi_pos = 0
