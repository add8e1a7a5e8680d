"""Scenario i: what order objects and their notification snapshots share.

Run by ``tests/test_order_objects.py`` under upstream and under ours; the
JSON results must be equal. It records, for every notification, what the
snapshot (``order.clone()``) shows at delivery time and again at the end of
the run, and how it relates to the live order: the shared ``created``,
``info``, params and fills (``executed.exbits``), the private ``executed``
totals and pending window; user attributes on orders and on ``order.info``;
partial fills (several execution bits); orders that never fill; a child
submitted under a parent that already completed; ``vars()``, ``copy``,
``deepcopy`` and ``pickle`` of the records.

Usage: python i_orderobjects.py [--out FILE]
"""
import argparse
import collections
import copy
import datetime
import json
import math
import pickle

import backtrader as bt

NBARS = 40


class Bars(bt.feed.DataBase):
    """Deterministic daily bars with a small sawtooth."""

    def start(self):
        super(Bars, self).start()
        self.i = 0

    def _load(self):
        if self.i >= NBARS:
            return False
        i = self.i
        dt = datetime.datetime(2021, 3, 1) + datetime.timedelta(days=i)
        base = 100.0 + (i % 7) - 0.5 * (i % 3)
        line = self.lines
        line.datetime[0] = bt.date2num(dt)
        line.open[0] = base
        line.high[0] = base + 1.25
        line.low[0] = base - 1.25
        line.close[0] = base + 0.5
        line.volume[0] = 1000.0 + i
        line.openinterest[0] = 0.0
        self.i += 1
        return True


def num(x):
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


def bits(seq):
    return [[num(b.dt), b.size, num(b.price), b.closed, b.opened,
             num(b.value), num(b.comm), num(b.pnl), b.psize, num(b.pprice)]
            for b in seq]


def data_fields(od):
    return {k: (bits(v) if k == 'exbits' else num(v))
            for k, v in vars(od).items()}


def view(order):
    """What a strategy would look at in a notification."""
    ex = order.executed
    return {
        'ref': order.ref, 'status': order.getstatusname(),
        'alive': order.alive(), 'len': len(ex), 'nbits': len(ex.exbits),
        'pending': bits(ex.iterpending()), 'getpending': bits(ex.getpending()),
        'window': [ex.p1, ex.p2], 'size': ex.size, 'price': num(ex.price),
        'remsize': ex.remsize, 'value': num(ex.value), 'comm': num(ex.comm),
        'pnl': num(ex.pnl), 'margin': num(ex.margin), 'psize': ex.psize,
        'pprice': num(ex.pprice), 'dt': num(ex.dt),
        'first': bits([ex[0]]) if len(ex) else [],
        'created': [num(order.created.price), num(order.created.pricelimit),
                    order.created.size, num(order.created.pclose),
                    num(order.created.plimit), len(order.created)],
        'info': sorted((k, repr(v)) for k, v in order.info.items()),
        'tag': getattr(order, 'mytag', None),
        'plimit': num(order.plimit),
    }


class St(bt.Strategy):

    def __init__(self):
        self.log = []
        self.snaps = []
        self.roots = {}
        self.checks = {}

    def keep(self, order):
        self.roots[order.ref] = order
        return order

    def notify_order(self, order):
        root = self.roots.get(order.ref)
        rel = None
        if root is not None:
            rel = {
                'is_root': order is root, 'eq_root': order == root,
                'created': order.created is root.created,
                'info': order.info is root.info, 'p': order.p is root.p,
                'executed': order.executed is root.executed,
                'exbits': order.executed.exbits is root.executed.exbits,
                'keys': sorted(vars(order)) == sorted(vars(root)),
            }
        self.log.append({'bar': len(self), 'view': view(order), 'rel': rel})
        self.snaps.append(order)
        if order.status == order.Completed and order.ref == getattr(
                self, 'lone_ref', None):
            self.lone_done = True

    def next(self):
        n = len(self)
        if n == 2:
            # filled 3 at a time by the broker's filler: several bits
            o = self.keep(self.buy(size=10))
            o.mytag = 'first'
            o.addinfo(note='n1', k=2)
            o.info.x = 5
            o.info.nested.deep = 'auto'
        elif n == 4:
            # never fills; canceled later
            self.far = self.keep(self.buy(size=2, exectype=bt.Order.Limit,
                                          price=50.0, extra='kw-info'))
            self.far.mytag = 'far'
        elif n == 7:
            self.cancel(self.far)
        elif n == 9:
            self.lone = self.keep(self.sell(size=4))  # a lone order
            self.lone_ref = self.lone.ref
        elif n == 20:
            # a child of a completed lone parent is taken (and waits)
            self.child1 = self.keep(self.buy(size=1, exectype=bt.Order.Limit,
                                             price=40.0, parent=self.lone))
        elif n == 22:
            self.cancel(self.child1)
        elif n == 24:
            # the group is gone now: a new child is rejected
            self.keep(self.buy(size=1, exectype=bt.Order.Limit, price=40.0,
                               parent=self.lone))
        elif n == 26:
            self.bracket = [self.keep(o) for o in self.buy_bracket(
                size=3, price=self.data.close[0] + 0.25,
                stopprice=90.0, limitprice=self.data.close[0] + 2.0)]
        elif n == 33:
            self.close()

    def stop(self):
        # the snapshots again, after everything: the shared fills show all
        # bits, the windows and totals stay as they were
        self.checks['later'] = [view(s) for s in self.snaps]
        root = self.roots[1] if 1 in self.roots else None
        first = [s for s in self.snaps if s.ref == min(self.roots)]
        self.checks['first_shares_fills'] = [
            s.executed.exbits is first[-1].executed.exbits for s in first]
        self.checks['first_same_info'] = [s.info is first[0].info for s in first]
        # info is shared: a key added through a snapshot is seen everywhere
        first[0].info.via_snapshot = 11
        self.checks['info_after'] = [sorted(s.info) for s in first]
        # rebinding info on a snapshot only changes that snapshot
        first[1].info = {'own': 1}
        self.checks['info_rebound'] = [sorted(s.info) for s in first]
        del root


def standalone():
    """Records and orders made by hand (simulated orders need no data)."""
    out = {}
    OD, Bit = bt.order.OrderData, bt.order.OrderExecutionBit
    od = OD(dt=1.5, size=3, price=10.0, pricelimit=9.5, remsize=3,
            pclose=10.25, trailamount=0.5, trailpercent=0.0)
    out['od_vars'] = data_fields(od)
    out['od_keys'] = list(vars(od))
    out['od_nolimit'] = data_fields(OD(price=4.0))
    out['od_noprice'] = data_fields(OD(pricelimit=4.0))
    out['bit_vars'] = {k: num(v) for k, v in vars(Bit(2.0, 3, 4.0, 1, 4.0, 0.1,
                                                      2, 8.0, 0.2, 1.5, 3,
                                                      4.0)).items()}
    out['bit_keys'] = list(vars(Bit()))

    ex = OD(remsize=5)
    early = ex.clone()          # before any fill
    ex.add(1.0, 2, 10.0, 0, 0.0, 0.0, 2, 20.0, 0.1, 0.0, 2, 10.0)
    mid = ex.clone()
    ex.add(2.0, 3, 11.0, 0, 0.0, 0.0, 3, 33.0, 0.2, 0.0, 5, 10.6)
    ex.markpending()
    late = ex.clone()
    out['clones'] = [[len(c), c.p1, c.p2, bits(c.iterpending()), c.size,
                      c.remsize, c.exbits is ex.exbits]
                     for c in (early, mid, late)]
    cp = copy.copy(ex)
    out['copy'] = [cp.exbits is ex.exbits, data_fields(cp) == data_fields(ex)]
    dc = copy.deepcopy(ex)
    out['deepcopy'] = [dc.exbits is ex.exbits, data_fields(dc)]
    pk = pickle.loads(pickle.dumps(ex))
    out['pickle'] = [type(pk).__name__, data_fields(pk), pk.plimit]
    pb = pickle.loads(pickle.dumps(ex[0]))
    out['pickle_bit'] = [type(pb).__name__, bits([pb])]
    out['plimit'] = [OD(pricelimit=3.0).plimit, OD(price=3.0).plimit]
    q = OD()
    q.plimit = 7.0
    out['plimit_set'] = [q.plimit, q._plimit]

    # replacing the fills of a record: earlier copies keep the old deque
    ex2 = OD(remsize=2)
    c0 = ex2.clone()
    ex2.exbits = collections.deque()
    ex2.add(1.0, 1, 5.0)
    out['replaced_before_fill'] = [len(c0), len(ex2), len(c0.exbits)]
    ex3 = OD(remsize=2)
    c1 = ex3.clone()
    ex3.add(1.0, 1, 5.0)
    ex3.exbits = collections.deque()
    ex3.add(2.0, 1, 6.0)
    out['replaced_after_fill'] = [len(c1), len(ex3), bits(c1.exbits)]
    out['index_error'] = None
    try:
        OD()[0]
    except IndexError as e:
        out['index_error'] = str(e)

    # a simulated order: no data needed
    o = bt.SellOrder(simulated=True, size=2, price=10.0, exectype=bt.Order.Limit)
    o.mytag = 'user'
    o.addinfo(a=1)
    o.info.b.c = 2
    c = o.clone()
    out['order'] = [o.size, o.created.price, o.created.pricelimit,
                    o.executed.remsize, len(o.executed), o.getstatusname(),
                    o.getordername(), o.ordtypename(), o.mytag, c.mytag,
                    sorted(vars(o)) == sorted(vars(c)), c.info is o.info,
                    c.created is o.created, c.executed is o.executed]
    o.execute(1.0, -2, 10.0, 0, 0.0, 0.0, -2, -20.0, 0.0, None, 0.0, -2, 10.0)
    out['order_after'] = [o.getstatusname(), c.getstatusname(), len(c.executed),
                          bits(c.executed.getpending()), o.executed.price]
    cc = copy.copy(o)
    out['order_copy'] = [cc.executed is o.executed, cc.info is o.info,
                         cc.mytag]
    dd = copy.deepcopy(o)
    out['order_deepcopy'] = [dd.executed.price, len(dd.executed), dd.mytag,
                             sorted(dd.info), dd.info.b.c]
    pp = pickle.loads(pickle.dumps(o))
    out['order_pickle'] = [type(pp).__name__, pp.executed.price,
                           len(pp.executed), pp.mytag, sorted(pp.info),
                           pp.p.size, pp.size, pp.getstatusname()]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=None)
    opts = ap.parse_args()
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Bars())
    cerebro.addstrategy(St)
    cerebro.broker.set_filler(bt.broker.fillers.FixedSize(size=3))
    strat = cerebro.run()[0]
    result = {
        'meta': {'bt_file': bt.__file__},
        'log': strat.log,
        'checks': strat.checks,
        'standalone': standalone(),
        'value': cerebro.broker.getvalue(),
    }
    text = json.dumps(result, sort_keys=True, indent=1)
    if opts.out:
        with open(opts.out, 'w') as fh:
            fh.write(text)
    else:
        print(text)


if __name__ == '__main__':
    main()
