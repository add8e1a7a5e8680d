# Growing a malloc'ed array of fixed-size items by doubling, for the compiled pools, queues and
# logs that grow as a run goes on. Inline, no module of its own.
from libc.stdlib cimport realloc


cdef inline Py_ssize_t grow_array(void** items, Py_ssize_t cap, Py_ssize_t first, size_t itemsize,
                                  Py_ssize_t most) except -1:
    """Reallocate ``*items`` from ``cap`` items of ``itemsize`` bytes to twice as many (``first``
    when ``cap`` is 0) and return the new capacity. Items already there keep their values; the
    new ones are not initialised. MemoryError (``*items`` unchanged) when the new capacity would
    pass ``most`` items or the allocation fails."""
    cdef Py_ssize_t ncap = 2 * cap if cap else first
    cdef void* p
    if ncap > most:
        raise MemoryError('an array of %d items cannot grow beyond %d' % (cap, most))
    p = realloc(items[0], <size_t>ncap * itemsize)
    if p == NULL:
        raise MemoryError()
    items[0] = p
    return ncap
