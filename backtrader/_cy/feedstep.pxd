# Interface of a feed's compiled step: a feed whose ``next`` is the ``next`` of a FeedStep is
# moved by the clock through ``step`` (a C call) instead of a Python call with keywords.

cdef class FeedStep:
    cdef int step(self, object datamaster) except -2


cdef FeedStep feed_step_of(object data)
