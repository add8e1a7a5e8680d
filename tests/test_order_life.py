"""The stock order's rules have one home (``backtrader/_cy/orderlife.pyx``):
an order built by the broker's compiled creation equals one built by the
class, and the status moves of submit / accept / execute give the
hand-derived records whether they are called from Python or by a subclass.
"""
import os
import tempfile

import backtrader as bt
from backtrader._cy.ordercreate import broker_order

from test_broker_support import BARS, FakeData, daily_rows

O = bt.Order

ROWS = [  # date, open, high, low, close
    ('2021-03-01', 10.0, 11.0, 9.5, 10.5),
    ('2021-03-02', 10.5, 12.0, 10.0, 11.75),
    ('2021-03-03', 11.75, 12.5, 11.0, 12.25),
]

# (order class, price, pricelimit, exectype): the requests the broker sees
REQUESTS = [
    (bt.BuyOrder, None, None, None),
    (bt.SellOrder, 11.0, None, O.Limit),
    (bt.BuyOrder, 13.0, 13.5, O.StopLimit),
    (bt.SellOrder, None, 9.0, O.Stop),
]


def _record(rec):
    fields = vars(rec)
    fields['exbits'] = list(fields['exbits'])
    return fields


def test_broker_creation_equals_the_class():
    fd, path = tempfile.mkstemp(suffix='.csv')
    with os.fdopen(fd, 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
        for row in ROWS:
            fh.write('%s,%s,%s,%s,%s,100,0\n' % row)
    pairs = []

    class Make(bt.Strategy):
        def next(self):
            if len(self) != 2:
                return
            for cls, price, plimit, exectype in REQUESTS:
                args = dict(owner=self, data=self.data, size=2, price=price,
                            pricelimit=plimit, exectype=exectype, valid=None,
                            tradeid=0, trailamount=None, trailpercent=None,
                            parent=None, transmit=True, histnotify=False)
                pairs.append((broker_order(cls, *args.values()), cls(**args)))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d'))
    cerebro.addstrategy(Make)
    try:
        cerebro.run()
    finally:
        os.remove(path)
    assert len(pairs) == len(REQUESTS)
    for (fast, slow), (cls, price, plimit, exectype) in zip(pairs, REQUESTS):
        assert type(fast) is type(slow) is cls
        assert slow.ref == fast.ref + 1
        keys = [k for k in vars(slow) if k != 'ref']
        assert [k for k in vars(fast) if k != 'ref'] == keys
        for k in keys:
            if k not in ('created', 'executed', 'info', 'params', 'p'):
                assert getattr(fast, k) == getattr(slow, k), k
        assert _record(fast.created) == _record(slow.created)
        assert _record(fast.executed) == _record(slow.executed)
        # hand-derived: the second bar closes at 11.75; a sell is negative
        sign = 1 if cls is bt.BuyOrder else -1
        assert fast.size == 2 * sign and fast.executed.remsize == 2 * sign
        assert fast.created.pclose == 11.75
        want = price or plimit or 11.75
        assert fast.created.price == want
        assert fast.created.pricelimit == (plimit or want)
        assert fast.exectype == (exectype or O.Market)
        assert fast.status == O.Created and fast.alive()


class Tagged(bt.BuyOrder):
    """A user order class: its fills go through its own ``execute``."""

    def execute(self, *args):
        self.seen = getattr(self, 'seen', 0) + 1
        super(Tagged, self).execute(*args)


def _fill(order, size, price, comm):
    # a fill that only opens: value = size * price
    order.execute(1.0, size, price, 0, 0.0, 0.0, size, size * price, comm,
                  None, 0.0, size, price)


def test_status_moves_and_fills():
    for cls in (bt.BuyOrder, Tagged):
        data = FakeData(daily_rows(BARS))
        for _ in range(3):
            data.advance()
        o = cls(data=data, size=3, exectype=O.Limit, price=10.0)
        o.submit('broker')
        assert (o.status, o.broker, o.plen) == (O.Submitted, 'broker', 3)
        o.accept()
        assert (o.status, o.broker) == (O.Accepted, None)
        _fill(o, 0, 10.0, 0.0)      # nothing recorded, status moves
        assert len(o.executed) == 0 and o.status == O.Partial
        _fill(o, 1, 10.0, 0.1)
        assert o.status == O.Partial and o.alive()
        assert (o.executed.size, o.executed.remsize) == (1, 2)
        _fill(o, 2, 13.0, 0.2)
        ex = o.executed
        assert o.status == O.Completed and not o.alive()
        assert (ex.size, ex.remsize, len(ex)) == (3, 0, 2)
        assert ex.price == (10.0 + 26.0) / 3
        assert ex.value == 36.0 and abs(ex.comm - 0.3) < 1e-12
        o.addcomminfo('scheme')
        assert o.comminfo == 'scheme'
    assert o.seen == 3


def test_base_execute_records_without_status():
    data = FakeData(daily_rows(BARS))
    data.advance()
    o = bt.BuyOrder(data=data, size=2)
    bt.order.OrderBase.execute(o, 1.0, 2, 5.0, 0, 0.0, 0.0, 2, 10.0, 0.0,
                               7.5, 0.0, 2, 5.0)
    assert o.status == O.Created
    assert (o.executed.size, o.executed.remsize, o.executed.margin) == (2, 0, 7.5)
