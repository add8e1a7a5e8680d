"""bt.hft.BidAskBroker inside Cerebro on hand-built L2 records: the life of an order as the
strategy sees it (latency of acks and fills), position / cash / fee / trades, rejections with
their reasons, cancel, modify, ``valid`` expiry, describe(), state(), counts(), fill_log().
Expected values are worked out by hand in the comments."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft import models as M
from backtrader.hft.events import (BUY_EVENT, DEPTH_EVENT, EXCH_EVENT, LOCAL_EVENT, SELL_EVENT,
                                   event_dtype)

T0 = 1_700_000_000_000_000_000
MS = 1_000_000
FEED = 200_000          # local_ts = exch_ts + 0.2 ms


def depth(side, px, qty, t):
    flag = BUY_EVENT if side > 0 else SELL_EVENT
    return (DEPTH_EVENT | EXCH_EVENT | LOCAL_EVENT | flag, T0 + t, T0 + t + FEED, px, qty, 0, 0,
            0.0)


def records(extra=()):
    """Bids 100.00 x 5, 99.99 x 3; asks 100.02 x 2, 100.03 x 4 at 0; ``extra``; then a bid
    size change every ms up to 20 ms so that the 1 ms steps go on."""
    rows = [depth(1, 100.00, 5.0, 0), depth(1, 99.99, 3.0, 0), depth(-1, 100.02, 2.0, 0),
            depth(-1, 100.03, 4.0, 0)]
    rows += list(extra)
    rows += [depth(1, 99.98, 1.0 + k, k * MS + 500_000) for k in range(1, 21)]
    arr = np.array(sorted(rows, key=lambda r: r[1]), dtype=event_dtype)
    return arr


class Script(bt.Strategy):
    """Runs ``actions[step]`` (a function of the strategy) at 1-based steps; records every
    notification as (step, ref, status name, executed size, executed price, comm), the step
    being the one whose broker run delivered it (before that step's ``next``)."""
    params = (('actions', {}),)

    def __init__(self):
        self.k = 0
        self.notes = []
        self.trades = []
        self.orders = {}

    def next(self):
        self.k += 1
        act = self.p.actions.get(self.k)
        if act is not None:
            act(self)

    def notify_order(self, order):
        self.notes.append((self.k + 1, order.ref, order.getstatusname(), order.executed.size,
                           order.executed.price, order.executed.comm))

    def notify_trade(self, trade):
        self.trades.append((self.k + 1, trade.isclosed, trade.size, trade.pnl))


def run(actions, extra=(), exchange='no_partial', latency=(MS, MS), fees=(-0.0001, 0.001)):
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L2EventData(dataname=records(extra), tick_size=0.01, lot_size=0.001,
                              step='1ms')
    cerebro.adddata(data)
    cerebro.broker = bt.hft.BidAskBroker(queue_model=M.RiskAverseQueue(),
                                         latency=M.ConstantLatency(*latency),
                                         fees=M.MakerTakerFee(*fees), exchange=exchange,
                                         cash=1000.0)
    cerebro.addstrategy(Script, actions=actions)
    strat = cerebro.run()[0]
    return strat, cerebro.broker


def status_of(strat, ref):
    return [(k, name) for k, r, name, *_ in strat.notes if r == ref]


def test_order_life_latency_position_cash_and_trades():
    # step k runs at T0 + k ms (the feed's 1 ms boundaries). Step 1: GTX buy 1.0 @ 100.01, sent
    # at 1 ms, at the exchange at 2 ms (ack back at 3 ms). The ask falls to 100.01 at 4 ms: a maker
    # fill at 100.01, received at 5 ms (step 5). Step 6: market sell 1.0, at the exchange at 7 ms:
    # takes 1.0 of the 5.0 bid at 100.00, received at 8 ms.
    def buy(s):
        s.orders['buy'] = s.buy(size=1.0, price=100.01, exectype=bt.Order.Limit, tif='GTX')

    def sell(s):
        s.orders['sell'] = s.sell(size=1.0)

    strat, broker = run({1: buy, 6: sell}, extra=[depth(-1, 100.01, 1.0, 4 * MS)])
    b, s = strat.orders['buy'].ref, strat.orders['sell'].ref
    assert status_of(strat, b) == [(2, 'Submitted'), (3, 'Accepted'), (5, 'Completed')]
    assert status_of(strat, s) == [(7, 'Submitted'), (8, 'Accepted'), (8, 'Completed')]
    fill_b = [n for n in strat.notes if n[1] == b][-1]
    maker_fee = -0.0001 * 100.01 * 1.0
    assert fill_b[3:5] == (1.0, 100.01) and fill_b[5] == pytest.approx(maker_fee)
    fill_s = [n for n in strat.notes if n[1] == s][-1]
    taker_fee = 0.001 * 100.00 * 1.0
    assert fill_s[3:5] == (-1.0, 100.00) and fill_s[5] == pytest.approx(taker_fee)
    # trades: opened at step 5, closed at step 8 with pnl 1.0 * (100.00 - 100.01)
    assert strat.trades[0][:3] == (5, False, 1.0)
    assert strat.trades[-1][:3] == (8, True, 0.0)
    assert strat.trades[-1][3] == pytest.approx(-0.01)
    st = broker.state()
    assert st['position'] == 0.0 and st['num_trades'] == 2
    assert st['balance'] == pytest.approx(-100.01 + 100.00)
    assert st['fee'] == pytest.approx(maker_fee + taker_fee)
    assert st['trading_volume'] == pytest.approx(2.0)
    assert st['trading_value'] == pytest.approx(200.01)
    assert broker.getcash() == pytest.approx(1000.0 - 0.01 - maker_fee - taker_fee)
    assert broker.getvalue() == pytest.approx(broker.getcash())
    assert broker.counts() == dict(submitted=2, cancelled=0, rejected=0, expired=0, fills=2)
    log = broker.fill_log()
    assert log.dtype.names == ('exch_ts', 'local_ts', 'order', 'side', 'px', 'qty', 'maker',
                               'fee')
    assert log['exch_ts'].tolist() == [T0 + 4 * MS, T0 + 7 * MS]
    assert log['local_ts'].tolist() == [T0 + 5 * MS, T0 + 8 * MS]
    assert log['order'].tolist() == [b, s] and log['side'].tolist() == [1, -1]
    assert log['maker'].tolist() == [True, False]
    assert log['px'].tolist() == [100.01, 100.00] and log['qty'].tolist() == [1.0, 1.0]


def test_value_marks_the_position_at_the_mid():
    # buy 1.0 market at step 1: takes 100.02 (taker fee 0.001 * 100.02); mid (100.00+100.02)/2
    strat, broker = run({1: lambda s: s.buy(size=1.0)})
    cash = 1000.0 - 100.02 - 0.001 * 100.02
    assert broker.getcash() == pytest.approx(cash)
    assert broker.getvalue() == pytest.approx(cash + 100.01)
    assert broker.getposition(strat.data).size == 1.0


def test_value_at_the_step_a_fill_arrives():
    # the market buy of step 1 reaches the exchange at 2 ms, its fill is received at 3 ms: the
    # value the strategy sees at step 3 already holds both the fill's cash and its position
    values = {}

    def note(s):
        values[s.k] = (s.broker.getvalue(), s.broker.getcash())

    strat, broker = run({1: lambda s: s.buy(size=1.0), 2: note, 3: note})
    cash = 1000.0 - 100.02 - 0.001 * 100.02
    assert values[2] == (1000.0, 1000.0)
    assert values[3][1] == pytest.approx(cash)
    assert values[3][0] == pytest.approx(cash + 100.01)


@pytest.mark.parametrize('kwargs, reason', [
    (dict(size=1.0, price=100.005, exectype=bt.Order.Limit),
     'price 100.005 is not on the tick grid (tick_size 0.01)'),
    (dict(size=0.0005, price=100.00, exectype=bt.Order.Limit),
     'size 0.0005 is not a positive whole number of lots (lot_size 0.001)'),
    (dict(size=1.0, price=100.00, exectype=bt.Order.Limit, tif='GTD'),
     "unknown time in force 'GTD' (use 'GTC', 'IOC', 'FOK' or 'GTX')"),
    (dict(size=1.0, price=100.00, exectype=bt.Order.Stop),
     'execution type Stop is not supported (Market or Limit)'),
])
def test_bad_orders_are_rejected_with_their_reason(kwargs, reason):
    def act(s):
        s.orders['o'] = s.buy(**kwargs)

    strat, broker = run({1: act})
    o = strat.orders['o']
    assert o.status == bt.Order.Rejected and o.info['reason'].startswith(reason)
    assert status_of(strat, o.ref) == [(2, 'Submitted'), (2, 'Rejected')]
    assert broker.counts()['rejected'] == 1


def test_gtx_that_would_take_is_rejected_when_the_answer_arrives():
    def act(s):
        s.orders['o'] = s.sell(size=1.0, price=100.00, exectype=bt.Order.Limit, tif='GTX')

    strat, _ = run({1: act})
    o = strat.orders['o']
    assert status_of(strat, o.ref) == [(2, 'Submitted'), (3, 'Rejected')]
    assert o.info['reason'] == 'post-only (GTX) order would take liquidity'


def test_ioc_remainder_expires_with_partial_fills():
    # IOC buy 3.0 @ 100.02 (partial): 2.0 fill at 100.02, the 1.0 left expires; both at 3 ms
    def act(s):
        s.orders['o'] = s.buy(size=3.0, price=100.02, exectype=bt.Order.Limit, tif='IOC')

    strat, broker = run({1: act}, exchange='partial')
    o = strat.orders['o']
    assert status_of(strat, o.ref) == [(2, 'Submitted'), (3, 'Accepted'), (3, 'Partial'),
                                       (3, 'Expired')]
    assert o.executed.size == 2.0 and o.info['reason'].startswith('IOC order')
    assert broker.getposition(strat.data).size == 2.0
    assert broker.counts()['expired'] == 1


def test_cancel_then_cancel_again_and_cancel_of_a_finished_order():
    def place(s):
        s.orders['o'] = s.buy(size=1.0, price=99.99, exectype=bt.Order.Limit)

    def cancel(s):
        s.orders['first'] = s.broker.cancel(s.orders['o'])
        s.orders['again'] = s.broker.cancel(s.orders['o'])   # already on its way: False

    def later(s):
        s.orders['finished'] = s.broker.cancel(s.orders['o'])

    strat, broker = run({1: place, 4: cancel, 8: later})
    o = strat.orders['o']
    assert (strat.orders['first'], strat.orders['again'], strat.orders['finished']) == (
        True, False, False)
    # cancel sent at 4 ms, at the exchange at 5 ms, answer received at 6 ms
    assert status_of(strat, o.ref) == [(2, 'Submitted'), (3, 'Accepted'), (6, 'Canceled')]
    assert broker.counts()['cancelled'] == 1


def test_cancel_racing_a_fill_gets_the_fill():
    # buy 1.0 @ 100.01 rests at 2 ms; the ask falls to 100.01 at 4.5 ms (fill received 5.5 ms);
    # the cancel sent at 4 ms reaches the exchange at 5 ms, after the fill: the order completes
    def place(s):
        s.orders['o'] = s.buy(size=1.0, price=100.01, exectype=bt.Order.Limit)

    strat, broker = run({1: place, 4: lambda s: s.cancel(s.orders['o'])},
                        extra=[depth(-1, 100.01, 1.0, 4 * MS + 500_000)])
    o = strat.orders['o']
    assert status_of(strat, o.ref) == [(2, 'Submitted'), (3, 'Accepted'), (6, 'Completed')]
    assert broker.getposition(strat.data).size == 1.0


def test_modify_is_cancel_and_replace():
    def place(s):
        s.orders['o'] = s.buy(size=1.0, price=99.99, exectype=bt.Order.Limit, tif='GTX')

    def modify(s):
        s.orders['new'] = s.broker.modify(s.orders['o'], price=99.98, size=2.0)

    strat, _ = run({1: place, 4: modify})
    old, new = strat.orders['o'], strat.orders['new']
    assert status_of(strat, old.ref)[-1] == (6, 'Canceled')
    assert new.ref != old.ref and new.created.price == 99.98 and new.created.size == 2.0
    assert status_of(strat, new.ref) == [(5, 'Submitted'), (6, 'Accepted')]
    with pytest.raises(ValueError, match='modify: order %d is not alive' % old.ref):
        strat.broker.modify(old, price=99.97)


def test_valid_expiry_cancels_at_the_exchange():
    import datetime

    def place(s):
        s.orders['o'] = s.buy(size=1.0, price=99.99, exectype=bt.Order.Limit,
                              valid=datetime.timedelta(milliseconds=2.5))

    strat, broker = run({1: place})
    o = strat.orders['o']
    # valid until 3.5 ms: the step of 4 ms sends the cancel (5 ms at the exchange, back at 6 ms)
    assert status_of(strat, o.ref) == [(2, 'Submitted'), (3, 'Accepted'), (6, 'Expired')]
    assert o.info['reason'] == 'valid: the order expired'
    assert broker.counts() == dict(submitted=1, cancelled=0, rejected=0, expired=1, fills=0)


def test_describe_names_every_model():
    strat, broker = run({1: lambda s: s.buy(size=1.0)})
    d = broker.describe()
    assert d == {'class': 'BidAskBroker', 'exchange': 'no_partial', 'taker': 'walk',
                 'queue_model': M.RiskAverseQueue().describe(),
                 'latency': M.ConstantLatency(MS, MS).describe(),
                 'fees': M.MakerTakerFee(-0.0001, 0.001).describe(),
                 'tick_size': 0.01, 'lot_size': 0.001}


def test_bad_broker_params():
    with pytest.raises(ValueError, match="exchange='full' is not 'no_partial' or 'partial'"):
        bt.hft.BidAskBroker(exchange='full')
    with pytest.raises(TypeError, match='fees=0.1 is not a bt.hft.models FeeModel'):
        bt.hft.BidAskBroker(fees=0.1)


def test_data_without_a_book_is_rejected():
    import datetime
    from backtrader.feeds import PandasData
    pd = pytest.importorskip('pandas')
    idx = pd.date_range(datetime.datetime(2024, 1, 1), periods=3, freq='D')
    df = pd.DataFrame({'open': 1.0, 'high': 1.0, 'low': 1.0, 'close': 1.0, 'volume': 1.0},
                      index=idx)
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(PandasData(dataname=df))
    cerebro.broker = bt.hft.BidAskBroker()
    cerebro.addstrategy(Script, actions={1: lambda s: s.orders.update(o=s.buy(size=1.0))})
    strat = cerebro.run()[0]
    o = strat.orders['o']
    assert o.status == bt.Order.Rejected
    assert o.info['reason'].startswith('data') and 'has no order book' in o.info['reason']


def test_notified_snapshots_are_not_kept():
    # 3 orders, 3 notifications each: after the run only the orders the strategy holds are
    # alive (the strategy does not pile up the snapshots it was notified)
    import gc

    def place(s):
        for i in range(3):
            s.orders[i] = s.buy(size=1.0, price=99.97, exectype=bt.Order.Limit)
            s.cancel(s.orders[i]) if i == 0 else None

    strat, broker = run({1: place, 4: lambda s: [s.cancel(s.orders[i]) for i in (1, 2)]})
    assert [o.status for o in strat.orders.values()] == [bt.Order.Canceled] * 3
    assert len(strat.notes) == 9
    gc.collect()
    alive = [o for o in gc.get_objects() if type(o) is bt.BuyOrder]
    assert sorted(map(id, alive)) == sorted(map(id, strat.orders.values()))
