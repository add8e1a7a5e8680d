"""A plain-Python reference L2 book: the oracle of the property tests of ``OrderBook``.

Written for clarity, not speed: each side is a dict ``tick -> lots`` of every stored level and a
best-price pointer. The rules it states are the specification the compiled book is tested against:

* a level with 0 lots is removed; negative lots, non-integer ticks or lots are refused;
* ``fix`` (hftbacktest's market depth): a new level better than its side's best becomes the best;
  when it reaches the opposite best, the opposite best moves to the nearest stored opposite level
  beyond it, and the levels passed over stay stored but hidden. When the best level is deleted,
  the best moves to the nearest stored level behind it, looking no further than the "floor", the
  worst price set on that side since the side was last empty. Visible levels are the stored levels
  at or behind the best.
* ``flag``: no hiding; the best is the best stored level; a crossing update is counted;
* ``raise``: a crossing update (price at or through the opposite best) is refused and counted;
* ``clear(side, up_to)`` removes the stored levels at ``up_to`` and better; if the best was among
  them the best moves to the nearest level behind ``up_to`` (within the floor).
"""
import math

BID, ASK = 1, -1


class RefSide:
    def __init__(self, sign):
        self.sign = sign          # +1 bids (higher is better), -1 asks (lower is better)
        self.levels = {}          # tick -> lots, hidden ones included
        self.best = None          # tick of the best level, None when the side shows none
        self.floor = None         # worst tick set since the side was last empty

    def better(self, a, b):
        """True when tick a is strictly better than tick b for this side."""
        return a > b if self.sign > 0 else a < b

    def visible(self):
        """(tick, lots) of the visible levels, best first."""
        if self.best is None:
            return []
        rows = [(t, q) for t, q in self.levels.items() if not self.better(t, self.best)]
        rows.sort(key=lambda r: -self.sign * r[0])
        return rows

    def next_behind(self, tick):
        """Nearest stored tick strictly behind ``tick`` and not behind the floor, or None."""
        if self.floor is None:
            return None
        cands = [t for t in self.levels
                 if self.better(tick, t) and not self.better(self.floor, t)]
        if not cands:
            return None
        return max(cands) if self.sign > 0 else min(cands)

    def empty(self):
        self.levels.clear()
        self.best = None
        self.floor = None


class RefBook:
    def __init__(self, crossed='fix'):
        assert crossed in ('fix', 'flag', 'raise')
        self.crossed = crossed
        self.bid = RefSide(BID)
        self.ask = RefSide(ASK)
        self.n_crossed = 0
        self.n_hidden = 0
        self.n_rejected = 0

    def side(self, s):
        return self.bid if s == BID else self.ask

    def crosses(self, s, tick):
        other = self.side(-s)
        if other.best is None:
            return False
        return tick >= other.best if s == BID else tick <= other.best

    def update(self, s, tick, lots):
        """Returns False when the update was refused (crossed='raise')."""
        if lots < 0:
            raise ValueError('negative lots')
        me, other = self.side(s), self.side(-s)
        if lots == 0:
            me.levels.pop(tick, None)
            if me.best == tick:
                me.best = me.next_behind(tick)
                if me.best is None:
                    me.floor = None
            return True
        crossing = self.crosses(s, tick)
        if crossing:
            self.n_crossed += 1
            if self.crossed == 'raise':
                self.n_rejected += 1
                return False
        me.levels[tick] = lots
        if me.floor is None or me.better(me.floor, tick):
            me.floor = tick
        if me.best is None or me.better(tick, me.best):
            me.best = tick
            if crossing and self.crossed == 'fix':
                # opposite levels from its best up to (and at) the new price get hidden
                self.n_hidden += sum(1 for t in other.levels
                                     if not other.better(t, other.best)
                                     and not me.better(t, tick))
                other.best = other.next_behind(tick)
        return True

    def clear(self, s, up_to=None):
        for sd in ((BID, ASK) if s is None else (s,)):
            me = self.side(sd)
            if up_to is None:
                me.empty()
                continue
            for t in [t for t in me.levels if not me.better(up_to, t)]:
                del me.levels[t]
            if me.best is not None and me.better(up_to, me.best):
                continue
            me.best = me.next_behind(up_to)
            if me.best is None:
                me.floor = None

    def snapshot(self, bids, asks):
        """bids/asks: lists of (tick, lots); lots 0 rows are ignored. False when refused."""
        bids = [(t, q) for t, q in bids if q]
        asks = [(t, q) for t, q in asks if q]
        bb = max((t for t, _ in bids), default=None)
        ba = min((t for t, _ in asks), default=None)
        if bb is not None and ba is not None and bb >= ba:
            self.n_crossed += 1
            if self.crossed == 'raise':
                self.n_rejected += 1
                return False
        bw = min((t for t, _ in bids), default=None)
        aw = max((t for t, _ in asks), default=None)
        for me, rows, best, worst in ((self.bid, bids, bb, bw), (self.ask, asks, ba, aw)):
            me.empty()
            me.levels.update(rows)
            me.best = best
            me.floor = worst
        return True

    # -- queries (in ticks and lots) --------------------------------------------------
    def best_tick(self, s):
        return self.side(s).best

    def best_lots(self, s):
        me = self.side(s)
        return 0 if me.best is None else me.levels[me.best]

    def lots_at(self, s, tick):
        me = self.side(s)
        if me.best is None or me.better(tick, me.best):
            return 0
        return me.levels.get(tick, 0)

    def levels(self, s, n):
        return self.side(s).visible()[:n]

    def cum_lots(self, s, n):
        return sum(q for _, q in self.levels(s, n))

    def imbalance(self, n):
        b, a = self.cum_lots(BID, n), self.cum_lots(ASK, n)
        return math.nan if a + b == 0 else (b - a) / (b + a)

    def vwap_ticks(self, s, lots):
        """Average tick paid by a market order of ``lots`` on side s (BID buys from the asks)."""
        need, notional = lots, 0
        for t, q in self.side(-s).visible():
            take = min(q, need)
            notional += take * t
            need -= take
            if need == 0:
                return notional / lots
        return math.nan

    def is_crossed(self):
        return (self.bid.best is not None and self.ask.best is not None
                and self.bid.best > self.ask.best)

    def is_locked(self):
        return (self.bid.best is not None and self.ask.best is not None
                and self.bid.best == self.ask.best)
