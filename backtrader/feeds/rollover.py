"""``RollOver``: futures contracts delivered as one continuous data."""

from .sourced import SourcedData, copy_current_bar

__all__ = ['RollOver']


class RollOver(SourcedData):
    """Delivers ``RollOver(data0, data1, ...)`` (contracts by expiry) as one
    data, moving to the next contract when the params allow.

    Params:

    - ``checkdate`` (None): ``checkdate(dt, d) -> bool`` with the current
      bar's datetime and the active contract; while it is True a roll may
      happen. None never rolls early (the next contract takes over when the
      active one ends).
    - ``checkcondition`` (None): ``checkcondition(d0, d1) -> bool``, asked
      only when ``checkdate`` said True, with the active and the next
      contract; True rolls. None rolls as soon as ``checkdate`` allows.

    The first bar after a roll comes from the new contract at the stamp of
    the old one's bar. Takes timeframe and compression from the first data;
    reports itself live (no preloading, no once mode), as upstream does.
    """
    params = (
        ('checkdate', None),
        ('checkcondition', None),
    )

    def start(self):
        super(RollOver, self).start()
        self._active = self._sources[0] if self._sources else None
        self._waiting = list(self._sources[1:])        # later contracts, in order
        self._seen = [None] * len(self._waiting)        # their last loaded stamp (ns)
        self._expired = None            # the contract rolled away from, until drained

    def _checkdate(self, dt, d):
        check = self.p.checkdate
        return False if check is None else check(dt, d)

    def _checkcondition(self, d0, d1):
        check = self.p.checkcondition
        return True if check is None else check(d0, d1)

    def _next_contract(self):
        self._active = self._waiting.pop(0) if self._waiting else None
        if self._seen:
            self._seen.pop(0)

    def _catch_up(self, ns):
        """Load each waiting contract up to the stamp ``ns``."""
        for k, d in enumerate(self._waiting):
            while self._seen[k] is None or self._seen[k] < ns:
                got = d.next()
                if got is None:             # a live contract with nothing yet
                    continue
                if not got:
                    break
                self._seen[k] = d.lines.datetime.ns(0)

    def _drain_expired(self):
        """Run the contract rolled away from to its end (upstream steps it
        through all its remaining bars on the bar after the roll)."""
        old = self._expired
        if old is not None:
            while old.next():
                pass
            self._expired = None

    def _load(self):
        while self._active is not None:
            got = self._active.next()
            if got is None:
                continue
            if not got:
                self._next_contract()
                continue
            ns = self._active.lines.datetime.ns(0)
            self._catch_up(ns)
            self._drain_expired()
            if (self._checkdate(self._active.datetime.datetime(0), self._active)
                    and self._waiting
                    and self._checkcondition(self._active, self._waiting[0])):
                self._expired = self._active
                self._next_contract()
            copy_current_bar(self, self._active)
            return True
        return False
