# A fixed ring of the last RING_SIZE int64 ids (update ids, trade ids) a normaliser applied: it
# tells a duplicate (an id seen lately) from a stale message.  Inline, no module of its own.
from libc.stdint cimport int64_t

cdef enum:
    RING_SIZE = 1024


cdef struct IdRing:
    int64_t ids[RING_SIZE]
    int n            # ids held (<= RING_SIZE)
    int pos          # where the next id goes


cdef inline void ring_clear(IdRing* r) noexcept nogil:
    r.n = 0
    r.pos = 0


cdef inline void ring_push(IdRing* r, int64_t x) noexcept nogil:
    r.ids[r.pos] = x
    r.pos = (r.pos + 1) % RING_SIZE
    if r.n < RING_SIZE:
        r.n += 1


cdef inline bint ring_has(const IdRing* r, int64_t x) noexcept nogil:
    cdef int i
    for i in range(r.n):
        if r.ids[i] == x:
            return True
    return False
