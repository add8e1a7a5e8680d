"""L3EventData: an order-book feed replaying market-by-order (L3) event records inside Cerebro.

The records are hftbacktest's (see :mod:`backtrader.hft.feeds.l2event` for the sources and the
steps), of the kinds ADD_ORDER, CANCEL_ORDER, MODIFY_ORDER, FILL (each naming its order by
``order_id``), TRADE and DEPTH_CLEAR. The feed keeps every resting order and shows the L2 book
they add up to: a level's size is the sum of the orders resting at its price. Market-by-price
records (DEPTH, DEPTH_SNAPSHOT, DEPTH_BBO) are skipped and counted. How each record acts is
described in ``backtrader/hft/_cy/l3orders.pyx`` and ``l3replay.pyx``; all of it is compiled.

Why a class of its own rather than an option of ``L2EventData``: the records mean different
things (a level's new size there, one order's change here), are checked differently (here each
record must fit the orders resting: an id added twice, or cancelled, modified or filled while
not resting, is an error) and call for a different queue model in ``BidAskBroker``
(``bt.hft.models.L3FIFOQueue``), which checks the data's class. Everything else (lines, steps,
``data.book``, ``report()``, memory) is ``L2EventData``'s.
"""
from backtrader.hft._cy import l3replay
from backtrader.hft.feeds.l2event import L2EventData

__all__ = ['L3EventData']


class L3EventData(L2EventData):
    """Order-book feed of market-by-order event records (``TimeFrame.Ticks``).

    Params: those of :class:`~backtrader.hft.L2EventData` (``bbo`` is not used), and

    - ``fills`` (``'keep'``): what a FILL record does to its order. ``'keep'`` (hftbacktest's and
      Databento's convention): nothing, the feed follows it with the cancel or modify that
      updates the order; ``'reduce'``: its size comes off the order, which leaves the book when
      nothing is left. A fill larger than its order is an error either way.

    Lines and ``data.book`` as L2EventData's: the book is the sum of the resting orders per
    price. ``report()`` counts ``applied`` records as ``add``, ``cancel``, ``modify``, ``fill``,
    ``trade``, ``clear`` and ``skipped`` ones as ``other_side``, ``l2`` (market-by-price kinds)
    and ``not_reached``. Bad records raise ``ValueError`` naming the source, the record index and
    the field (``order_id`` for records that do not fit the resting orders).
    """

    params = (('fills', 'keep'),)

    _replay_module = l3replay
    _n_applied = l3replay.N_APPLIED

    def _settings(self):
        if self.p.fills not in l3replay.FILLS:
            raise ValueError("%s: param 'fills' must be 'keep' or 'reduce', not %r"
                             % (type(self).__name__, self.p.fills))
        return super(L3EventData, self)._settings()

    def _validate(self, raw, ptick, qlot, local, source, mapped):
        return l3replay.validate(raw, ptick, qlot, float(self.p.tick_size),
                                 float(self.p.lot_size), local, self.p.fills == 'reduce', source,
                                 mapped)

    def _replay(self, raw, ptick, qlot, book, local, mode, interval):
        return l3replay.L3Replay(raw, ptick, qlot, book, local, mode, interval,
                                 self.p.fills == 'reduce', self._mapped)
