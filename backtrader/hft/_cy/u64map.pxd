# A small open-addressing hash map from uint64 keys to int64 values (linear probing, deletion
# by backward shift, so no tombstones). Inline, no module of its own: the L3 queue keeps its
# order ids and price levels in it.
from libc.stdint cimport int64_t, uint64_t, uint8_t
from libc.stdlib cimport calloc, free


cdef struct U64Map:
    uint64_t* keys
    int64_t* vals
    uint8_t* used
    Py_ssize_t cap      # slots, a power of two
    Py_ssize_t n        # keys held


cdef inline uint64_t map_hash(uint64_t x) noexcept nogil:
    # a 64-bit mixer, so consecutive ids and ticks spread over the table
    x ^= x >> 30
    x *= <uint64_t>0xbf58476d1ce4e5b9ULL
    x ^= x >> 27
    x *= <uint64_t>0x94d049bb133111ebULL
    x ^= x >> 31
    return x


cdef inline int map_init(U64Map* m, Py_ssize_t cap) except -1:
    m.keys = <uint64_t*>calloc(cap, sizeof(uint64_t))
    m.vals = <int64_t*>calloc(cap, sizeof(int64_t))
    m.used = <uint8_t*>calloc(cap, sizeof(uint8_t))
    m.cap = cap
    m.n = 0
    if m.keys == NULL or m.vals == NULL or m.used == NULL:
        map_free(m)
        raise MemoryError()
    return 0


cdef inline void map_free(U64Map* m) noexcept:
    free(m.keys)
    free(m.vals)
    free(m.used)
    m.keys = NULL
    m.vals = NULL
    m.used = NULL
    m.cap = 0
    m.n = 0


cdef inline Py_ssize_t map_slot(const U64Map* m, uint64_t key) noexcept nogil:
    # the slot holding key, or the empty slot where it would go
    cdef Py_ssize_t mask = m.cap - 1
    cdef Py_ssize_t i = <Py_ssize_t>(map_hash(key) & <uint64_t>mask)
    while m.used[i] and m.keys[i] != key:
        i = (i + 1) & mask
    return i


cdef inline bint map_get(const U64Map* m, uint64_t key, int64_t* out) noexcept nogil:
    cdef Py_ssize_t i = map_slot(m, key)
    if m.used[i]:
        out[0] = m.vals[i]
        return True
    return False


cdef inline int map_grow(U64Map* m) except -1:
    cdef U64Map old = m[0]
    cdef Py_ssize_t i, j
    try:
        map_init(m, old.cap * 2)
    except MemoryError:
        m[0] = old          # keep the table as it was
        raise
    for i in range(old.cap):
        if old.used[i]:
            j = map_slot(m, old.keys[i])
            m.used[j] = 1
            m.keys[j] = old.keys[i]
            m.vals[j] = old.vals[i]
    m.n = old.n
    map_free(&old)
    return 0


cdef inline int map_set(U64Map* m, uint64_t key, int64_t val) except -1:
    cdef Py_ssize_t i
    if 2 * (m.n + 1) > m.cap:
        map_grow(m)
    i = map_slot(m, key)
    if not m.used[i]:
        m.used[i] = 1
        m.keys[i] = key
        m.n += 1
    m.vals[i] = val
    return 0


cdef inline bint map_del(U64Map* m, uint64_t key) noexcept nogil:
    cdef Py_ssize_t mask = m.cap - 1
    cdef Py_ssize_t i = map_slot(m, key), j, home
    if not m.used[i]:
        return False
    j = i
    while True:
        # move later keys of the same probe run into the hole, so lookups never stop early
        j = (j + 1) & mask
        if not m.used[j]:
            break
        home = <Py_ssize_t>(map_hash(m.keys[j]) & <uint64_t>mask)
        if (i <= j and i < home <= j) or (i > j and (home <= j or home > i)):
            continue
        m.keys[i] = m.keys[j]
        m.vals[i] = m.vals[j]
        i = j
    m.used[i] = 0
    m.n -= 1
    return True


cdef inline void map_clear(U64Map* m) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(m.cap):
        m.used[i] = 0
    m.n = 0
