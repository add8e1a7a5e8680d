# Releasing the resident pages of a read-only file mapping behind a cursor, so that one pass over a
# large mapped array (a feed's records) keeps only a few megabytes of it in the process's memory.
# The pages stay in the page cache: touching a released page again faults it back in unchanged, so
# several cursors over the same mapping (the feed's replays, a broker's exchange replay) each
# release behind themselves and stay correct. Inline, no module of its own.
#
# Only ever enable it for memory that is a read-only (shared) file mapping: on anonymous or
# written private memory MADV_DONTNEED discards the contents.
from libc.stdint cimport uintptr_t

cdef extern from *:
    """
    #if defined(__linux__)
    #include <sys/mman.h>
    #endif
    /* Drop the process's mapping of whole pages [p, p + n) of a read-only file map: they stay
       in the page cache and fault back in when touched again. Elsewhere than Linux a no-op
       (the pages stay resident). */
    static void bt_release_pages(void* p, size_t n) {
    #if defined(__linux__) && defined(MADV_DONTNEED)
        madvise(p, n, MADV_DONTNEED);
    #endif
    }
    """
    void bt_release_pages(void* p, size_t n) noexcept nogil

cdef enum:
    PAGE_RELEASE_EVERY = 4 << 20    # bytes of the array a cursor moves between two releases
    PAGE_RELEASE_LAG = 8 << 20      # bytes kept resident behind the cursor
    PAGE_SIZE_MAX = 1 << 16         # release boundaries are aligned to this (a multiple of any
                                    # page size), always inside the array: the first one rounds
                                    # up from its start, the others round down from the cursor


cdef struct PageRelease:
    uintptr_t start         # address of item 0; 0 when releasing is off
    Py_ssize_t itemsize     # bytes per item
    Py_ssize_t due          # item index at which the next release happens
    Py_ssize_t every        # items between releases
    Py_ssize_t lag          # items kept behind the cursor
    uintptr_t done          # every page below this address has been released


cdef inline void pages_off(PageRelease* p) noexcept nogil:
    """Releasing off (the array is not a read-only file mapping)."""
    p.start = 0
    p.itemsize = 1
    p.every = 0
    p.lag = 0
    p.done = 0
    p.due = (<Py_ssize_t>1) << 62


cdef inline void pages_on(PageRelease* p, const void* start, Py_ssize_t itemsize) noexcept nogil:
    """Release pages behind a cursor over ``itemsize``-byte items from ``start`` (a read-only
    file mapping)."""
    p.start = <uintptr_t>start
    p.itemsize = itemsize
    p.every = PAGE_RELEASE_EVERY // itemsize
    p.lag = PAGE_RELEASE_LAG // itemsize
    pages_rewind(p)


cdef inline void pages_rewind(PageRelease* p) noexcept nogil:
    """Forget the progress (a new cursor at item 0 over the same array)."""
    if p.start:
        p.due = p.lag + p.every
        p.done = (p.start + <uintptr_t>(PAGE_SIZE_MAX - 1)) & ~(<uintptr_t>(PAGE_SIZE_MAX - 1))


cdef inline void pages_behind(PageRelease* p, Py_ssize_t i) noexcept nogil:
    """The cursor is at item ``i``: release the whole pages more than the lag behind it (a
    compare and a return, except once every ``every`` items)."""
    if i >= p.due:
        pages_release(p, i - p.lag)
        p.due = i + p.every


cdef inline void pages_release(PageRelease* p, Py_ssize_t i) noexcept nogil:
    """Release the whole pages below item ``i`` now (a cursor at its end: ``i`` = the count)."""
    cdef uintptr_t upto
    if p.start == 0 or i <= 0:
        return
    upto = (p.start + <uintptr_t>(i * p.itemsize)) & ~(<uintptr_t>(PAGE_SIZE_MAX - 1))
    if upto > p.done:
        bt_release_pages(<void*>p.done, upto - p.done)
        p.done = upto
