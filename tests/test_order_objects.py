"""Orders, their records and their notification snapshots: light objects,
same behaviour as upstream.

A backtest keeps every order and every notification snapshot alive, so the
objects per order are kept few and small:

- ``OrderData`` and ``OrderExecutionBit`` have fixed fields and no instance
  dict (compiled records, ``backtrader._cy.orderrecords``);
- the deque of fills of an ``OrderData`` is made on the first fill (or the
  first look at ``exbits``); a snapshot taken earlier reads it through the
  record it was taken from, so it sees the same fills as upstream's shared
  deque;
- the params object of an order keeps its values inline (no separate dict);
- the broker drops the empty bracket group of an order that completed
  without children (remembering that it may still be named as a parent).

``Order`` itself keeps its ``__dict__``: users set attributes on orders.

The differential test runs ``diffscripts/i_orderobjects.py`` under upstream
and ours: everything a snapshot shows at delivery and at the end of the
run, what it shares with the live order, ``vars``/``copy``/``deepcopy``/
``pickle`` of the records and of an order, partial fills, an order that
never fills, and a child submitted under a parent that already completed.
"""
import collections
import copy
import datetime
import gc
import os
import pickle
import subprocess
import sys

import pytest

import backtrader as bt
from backtrader.order import OrderData, OrderExecutionBit

import upstream
import difftest


# ----------------------------------------------------------- differential
def test_order_objects_behave_like_upstream():
    ref = upstream.run_cached('i_orderobjects.py', 'upstream')
    got = upstream.run_script('i_orderobjects.py', 'ours')
    ref.pop('meta')
    got.pop('meta')
    difftest.assert_same(ref, got, names=('upstream', 'ours'))
    # the scenario really covers what it claims
    statuses = [entry['view']['status'] for entry in ref['log']]
    assert statuses.count('Partial') >= 3 and 'Rejected' in statuses
    assert 'Canceled' in statuses
    rel = [entry['rel'] for entry in ref['log'] if entry['rel']]
    assert all(r['created'] and r['info'] and r['p'] and r['exbits']
               and not r['executed'] and not r['is_root'] for r in rel)


# ------------------------------------------------------------ user surface
class Bars(bt.feed.DataBase):
    params = (('nbars', 60),)

    def start(self):
        super(Bars, self).start()
        self._i = 0

    def _load(self):
        i = self._i
        if i >= self.p.nbars:
            return False
        dt = datetime.datetime(2022, 1, 3) + datetime.timedelta(days=i)
        price = 50.0 + (i % 5) - 0.25 * (i % 4)
        lines = self.lines
        lines.datetime[0] = bt.date2num(dt)
        lines.open[0] = price
        lines.high[0] = price + 1.0
        lines.low[0] = price - 1.0
        lines.close[0] = price + 0.5
        lines.volume[0] = 100.0
        lines.openinterest[0] = 0.0
        self._i += 1
        return True


class Flip(bt.Strategy):
    """A market order every 3 bars, alternating target +5 / -5."""

    def __init__(self):
        self.snaps = []

    def notify_order(self, order):
        self.snaps.append(order)

    def next(self):
        if len(self) % 3 == 0:
            self.order_target_size(target=5 if len(self) % 6 else -5)


def _run(strategy=Flip, nbars=60):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars(nbars=nbars))
    cerebro.addstrategy(strategy)
    return cerebro, cerebro.run()[0]


def test_users_can_tag_orders_and_their_info():
    class Tagging(Flip):
        def next(self):
            if len(self) == 2:
                o = self.buy(size=1, note='kw')
                o.mytag = ('any', 'object')
                o.info.extra = 1
                o.info.nested.value = 2
                o.addinfo(more=3)
                self.root = o

    cerebro, strat = _run(Tagging, nbars=5)
    root = strat.root
    assert [s.getstatusname() for s in strat.snaps] == [
        'Submitted', 'Accepted', 'Completed']
    # the Submitted snapshot was taken inside buy(), before the tag was set
    assert not hasattr(strat.snaps[0], 'mytag')
    for snap in strat.snaps:
        assert snap is not root and snap == root
        if snap is not strat.snaps[0]:
            assert snap.mytag == ('any', 'object')
        # info is one dict shared by the order and its snapshots
        assert snap.info is root.info
        assert dict(snap.info) == {'note': 'kw', 'extra': 1,
                                   'nested': {'value': 2}, 'more': 3}
        assert snap.created is root.created and snap.p is root.p
        assert snap.executed is not root.executed
        assert snap.executed.exbits is root.executed.exbits
    # attributes set later on a snapshot stay on it
    strat.snaps[0].late = 5
    assert not hasattr(root, 'late') and 'late' in vars(strat.snaps[0])
    assert vars(root)['mytag'] == ('any', 'object')


def test_records_have_fixed_fields():
    od = OrderData(size=2, price=3.0)
    bit = OrderExecutionBit(1.0, 2, 3.0)
    for obj in (od, bit):
        with pytest.raises(AttributeError):
            obj.not_a_field = 1
        # plain numbers only: the cyclic garbage collector never visits them
        assert not gc.is_tracked(obj)
    # vars() still lists the fields in upstream's order (a new dict)
    assert list(vars(bit)) == ['dt', 'size', 'price', 'closed', 'opened',
                               'closedvalue', 'openedvalue', 'closedcomm',
                               'openedcomm', 'value', 'comm', 'pnl', 'psize',
                               'pprice']
    assert vars(od)['price'] == 3.0 and vars(od)['exbits'] == collections.deque()
    # a user subclass may add attributes (it gets its own dict)

    class Mine(OrderData):
        pass
    m = Mine(size=1)
    m.tag = 1
    assert m.tag == 1 and type(m.clone()) is Mine and gc.is_tracked(m)


def test_fills_deque_is_made_on_demand_and_shared():
    od = OrderData(remsize=3)
    assert len(od) == 0 and od.getpending() == []
    early = od.clone()
    assert early.p1 == early.p2 == 0
    od.add(1.0, 1, 10.0)
    od.add(2.0, 2, 11.0)
    # the snapshot taken before the first fill shares the fills
    assert len(early) == 2 and early.exbits is od.exbits
    assert early.getpending() == [] and early.size == 0
    later = od.clone()
    assert [b.price for b in later.iterpending()] == [10.0, 11.0]
    assert later.exbits is od.exbits and later.size == 3
    assert isinstance(od.exbits, collections.deque)
    assert isinstance(od[1], OrderExecutionBit) and od[-1].price == 11.0
    # copies of a snapshot share too
    assert copy.copy(early).exbits is od.exbits
    # pickling keeps the fills and the totals
    back = pickle.loads(pickle.dumps(later, 0))
    assert [b.price for b in back.exbits] == [10.0, 11.0]
    assert (back.p1, back.p2, back.price) == (0, 2, later.price)


def test_records_and_bits_of_a_run():
    cerebro, strat = _run()
    broker = cerebro.broker
    orders = broker.orders
    # the last order is submitted on the last bar: it never fills
    assert len(orders) == 20 and orders[-1].status == bt.Order.Submitted
    assert all(o.status == o.Completed for o in orders[:-1])
    snaps = strat.snaps
    assert len(snaps) == 3 * (len(orders) - 1)
    for snap in snaps:
        root = orders[snap.ref - orders[0].ref]
        assert root.ref == snap.ref
        assert snap.executed.exbits is root.executed.exbits
        assert len(snap.executed) == len(root.executed) == (root.ref != orders[-1].ref)
    # the completed lone orders left no empty bracket groups behind
    assert list(broker._pchildren) == [orders[-1].ref]
    assert broker._pdone == {o.ref for o in orders[:-1]}


def _tracked_referents(obj, kind):
    return [r for r in gc.get_referents(obj) if type(r) is kind]


def _census():
    gc.collect()
    return collections.Counter(type(o) for o in gc.get_objects())


def test_objects_per_order():
    # counted in a fresh interpreter: threads that earlier tests leave behind
    # (executor and cluster pools) make and drop objects of their own
    # the checkout itself is imported, installed or not
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [root] + [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]))
    proc = subprocess.run([sys.executable, __file__, 'census'], capture_output=True,
                          text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == 'census ok'


def _objects_per_order():
    class Idle(Flip):
        def next(self):
            pass

    start = _census()
    idle = _run(Idle, nbars=61)
    base = _census()
    cerebro, strat = _run(nbars=61)
    end = _census()
    orders = cerebro.broker.orders
    n = len(orders)
    assert n == 20 and all(o.status == o.Completed for o in orders)
    # what the orders added beyond a run without orders
    count = collections.Counter(end)
    count.subtract(base)
    count.subtract(base - start)
    everything = gc.get_objects()
    del idle
    assert len(strat.snaps) == 3 * n
    # the records are not tracked by the cyclic garbage collector: two per
    # order plus one per notification snapshot, and one fill per order
    records = [o.created for o in orders] + [o.executed for o in orders]
    records += [snap.executed for snap in strat.snaps]
    assert len({id(r) for r in records}) == 5 * n
    assert not any(gc.is_tracked(r) for r in records)
    assert not any(isinstance(obj, (OrderData, OrderExecutionBit))
                   for obj in everything)
    assert all(len(o.executed) == 1 and not gc.is_tracked(o.executed[0])
               for o in orders)
    # one deque of fills per filled order (the created record has none, no
    # empty bracket group is kept)
    assert count[collections.deque] == n
    for order in orders:
        assert not _tracked_referents(order.p, dict)  # params kept inline
    # per order: the order with its dict, 3 snapshots with their dicts (a
    # copy of the order's dict, sharing its keys), params (inline), info and
    # the fills deque; per trade the trade, its dict and its history list:
    # 14 objects the collector visits. (Upstream has 27 here: a dict per
    # snapshot, per copied record and per params object, a deque per record
    # and one per bracket group.)
    for snap in strat.snaps:
        assert len(_tracked_referents(snap, dict)) == 1
    order_types = (bt.BuyOrder, bt.SellOrder, dict, collections.deque,
                   type(orders[0].p), type(orders[0].info), bt.Trade, list)
    assert sum(count[t] for t in order_types) <= 14 * n


def test_child_of_a_completed_lone_order():
    class Child(bt.Strategy):
        def __init__(self):
            self.log = []

        def notify_order(self, order):
            self.log.append((len(self), order.ref, order.getstatusname()))

        def next(self):
            n = len(self)
            if n == 2:
                self.lone = self.buy(size=1)
            elif n == 5:
                self.child = self.sell(size=1, exectype=bt.Order.Limit,
                                       price=500.0, parent=self.lone)
            elif n == 7:
                self.cancel(self.child)
            elif n == 9:
                self.sell(size=1, exectype=bt.Order.Limit, price=500.0,
                          parent=self.lone)

    cerebro, strat = _run(Child, nbars=12)
    lone, child = strat.lone.ref, strat.child.ref
    assert strat.log == [
        (3, lone, 'Submitted'), (3, lone, 'Accepted'), (3, lone, 'Completed'),
        (6, child, 'Submitted'), (6, child, 'Accepted'),
        (8, child, 'Canceled'),
        (10, child + 1, 'Rejected')]


# ------------------------------------------------------- snapshot copying
def test_snapshot_keeps_attributes_in_order():
    cerebro, strat = _run(nbars=8)
    root = cerebro.broker.orders[0]
    snap = root.clone()
    # one dict, a copy of the order's: same keys in the same order
    assert len(_tracked_referents(snap, dict)) == 1
    assert vars(snap) is not vars(root)
    assert list(vars(snap)) == list(vars(root))
    root.zzz = 'late'
    snap = root.clone()
    assert list(vars(snap)) == list(vars(root))
    assert {k: v for k, v in vars(snap).items() if k != 'executed'} == {
        k: v for k, v in vars(root).items() if k != 'executed'}
    assert snap.zzz == 'late' and snap.executed is not root.executed
    snap.own = 1  # a snapshot takes new attributes like any object
    assert vars(snap)['own'] == 1 and not hasattr(root, 'own')


def test_snapshot_copy_falls_back_to_a_dict_copy():
    from backtrader._cy.snapshots import clone_order

    class Guarded(object):
        calls = []

        @property
        def watched(self):
            return self.__dict__['watched']

        @watched.setter
        def watched(self, value):  # must not run when copying
            Guarded.calls.append(value)

    g = Guarded()
    g.__dict__.update(a=1, watched=2)
    g.__dict__[3] = 'not a name'
    twin = clone_order(g, 'ex')
    assert Guarded.calls == []
    assert vars(twin) == {'a': 1, 'watched': 2, 3: 'not a name',
                          'executed': 'ex'}
    assert list(vars(twin)) == ['a', 'watched', 3, 'executed']

    class Plain(object):
        pass
    p = Plain()
    p.x, p.executed, p.y = 1, 'old', [2]
    twin = clone_order(p, 'new')
    assert list(vars(twin)) == ['x', 'executed', 'y']
    assert twin.executed == 'new' and twin.y is p.y


def test_trade_copies_are_shallow_copies():
    t = bt.Trade(tradeid=3, size=2, price=10.0)
    t.custom = [1]
    c = copy.copy(t)
    assert vars(c) is not vars(t)
    assert list(vars(c)) == list(vars(t)) and vars(c) == vars(t)
    assert c.custom is t.custom and c.history is t.history
    c.size = 5
    assert t.size == 2


if __name__ == '__main__' and sys.argv[1:] == ['census']:
    _objects_per_order()
    print('census ok')
