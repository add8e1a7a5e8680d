# cython: language_level=3
"""A feed's compiled step, for the clock.

A streaming feed may give its instance a ``next`` that is the bound ``next`` of a
:class:`FeedStep` (``data.next = state.next``). The clock then calls ``step`` in C for the
common call ``data.next(ticks=False)``; every other caller goes through ``next``, which is the
same step.
"""


cdef class FeedStep:
    """Base of the compiled steps of streaming feeds: subclasses implement :meth:`step`."""

    cdef int step(self, object datamaster) except -2:
        """Load the next bar into the lines: 1 a bar, 0 none (now, with ``datamaster``, when
        the bar lies after its time; or ever), -1 not yet (a live feed waiting)."""
        raise NotImplementedError('%s does not implement step' % type(self).__name__)

    def next(self, datamaster=None, ticks=True):
        """``data.next()`` of the feed: True a bar, False none, None not yet. ``ticks`` is
        accepted for the engine's calls; a compiled step has no tick fill to do."""
        cdef int r = self.step(datamaster)
        return True if r == 1 else (None if r < 0 else False)


cdef FeedStep feed_step_of(object data):
    """The FeedStep whose ``next`` is ``data``'s instance ``next``; None when there is none."""
    d = getattr(data, '__dict__', None)
    if type(d) is not dict:
        return None
    nx = (<dict>d).get('next')
    owner = getattr(nx, '__self__', None)
    if isinstance(owner, FeedStep) and getattr(nx, '__name__', None) == 'next':
        if getattr(type(owner), 'next', None) is FeedStep.next:
            return <FeedStep>owner
    return None
