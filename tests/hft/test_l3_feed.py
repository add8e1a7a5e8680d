"""L3EventData: the book it keeps from market-by-order records (checked against the plain replay
of ``l3_reference.py``), FILL policies, clears, the report and the errors on records that do not
fit the resting orders."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.events import (ADD_ORDER_EVENT as ADD, CANCEL_ORDER_EVENT as CANCEL,
                                   DEPTH_CLEAR_EVENT as CLEAR, DEPTH_EVENT, FILL_EVENT as FILL,
                                   MODIFY_ORDER_EVENT as MODIFY, TRADE_EVENT as TRADE)

from .l3_reference import LOT, TICK, generate, records, replay

BUY, SELL = 1, -1


class Tape(bt.Strategy):
    """Records the top of book (ticks and lots) at every step."""

    def __init__(self):
        self.rows = []

    def next(self):
        d = self.data
        self.rows.append((d.bid[0], d.ask[0], d.bidsize[0], d.asksize[0]))


def run(data, run_kw=None, **kw):
    cerebro = bt.Cerebro(stdstats=False)
    feed = bt.hft.L3EventData(dataname=data, tick_size=TICK, lot_size=LOT, **kw)
    cerebro.adddata(feed)
    cerebro.addstrategy(Tape)
    strat = cerebro.run(**(run_kw or {}))[0]
    return feed, strat.rows


def as_ticks(rows):
    out = []
    for b, a, bs, as_ in rows:
        out.append((None if np.isnan(b) else round(b / TICK), None if np.isnan(a) else
                    round(a / TICK), round(bs / LOT), round(as_ / LOT)))
    return out


@pytest.mark.parametrize('preload', [True, False])
def test_book_is_the_sum_of_resting_orders(preload):
    data = generate(20_000, seed=3)
    feed, rows = run(data, {'preload': preload}, step='event')
    want, _ = replay(data)
    assert as_ticks(rows) == want
    rep = feed.report()
    kinds = np.bincount(data['ev'] & 0xFF, minlength=14)
    assert rep['applied'] == {'add': kinds[ADD], 'cancel': kinds[CANCEL],
                              'modify': kinds[MODIFY], 'fill': kinds[FILL],
                              'trade': kinds[TRADE], 'clear': 0}
    assert rep['skipped'] == {'other_side': 0, 'l2': 0, 'not_reached': 0}


def test_data_book_and_trade_lines():
    rows = [(ADD, BUY, 0, 10, 10000, 5, 1), (ADD, BUY, 0, 10, 10000, 3, 2),
            (ADD, SELL, 0, 10, 10002, 4, 3), (ADD, SELL, 0, 10, 10003, 6, 4),
            (TRADE, BUY, 5, 15, 10002, 1, 0), (FILL, SELL, 5, 15, 10002, 1, 3),
            (MODIFY, SELL, 5, 15, 10002, 3, 3)]
    seen = []

    class Look(bt.Strategy):
        def next(self):
            b = self.data.book
            seen.append((b.levels('bid', 3, ticks=True), b.levels('ask', 3, ticks=True),
                         self.data.price[0], self.data.qty[0], self.data.side[0]))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.hft.L3EventData(dataname=records(rows), tick_size=TICK, lot_size=LOT))
    cerebro.addstrategy(Look)
    cerebro.run()
    assert len(seen) == 2            # two timestamps (local 10 and 15)
    bids, asks, price, qty, side = seen[1]
    assert [bids[0].tolist(), bids[1].tolist()] == [[10000], [8]]
    assert [asks[0].tolist(), asks[1].tolist()] == [[10002, 10003], [3, 6]]
    assert (round(price, 2), round(qty, 3), side) == (100.02, 0.001, 1.0)
    assert np.isnan(seen[0][2])      # no trade yet at the first step


def test_fill_policies():
    rows = [(ADD, BUY, 0, 1, 10000, 5, 1), (ADD, SELL, 0, 1, 10002, 4, 2),
            (FILL, BUY, 1, 2, 0, 2, 1), (FILL, BUY, 2, 3, 0, 3, 1)]
    _, keep = run(records(rows))
    _, red = run(records(rows), fills='reduce')
    # keep: the fills leave order 1 at 5 lots; reduce: 5 - 2 = 3, then 3 - 3 = 0 (it leaves)
    assert [r[2] for r in as_ticks(keep)] == [5, 5, 5]
    assert [r[:3] for r in as_ticks(red)] == [(10000, 10002, 5), (10000, 10002, 3),
                                              (None, 10002, 0)]
    want, _ = replay(records(rows), reduce=True)
    assert as_ticks(red) == want[1:]


def test_clear_empties_one_side_or_the_book():
    base = [(ADD, BUY, 0, 1, 10000, 5, 1), (ADD, BUY, 0, 1, 9999, 2, 2),
            (ADD, SELL, 0, 1, 10002, 4, 3)]
    _, rows = run(records(base + [(CLEAR, BUY, 1, 2, 0, 0, 0), (ADD, BUY, 2, 3, 9998, 1, 1)]))
    # the bids go (their ids are free again: id 1 is re-added), the asks stay
    assert as_ticks(rows) == [(10000, 10002, 5, 4), (None, 10002, 0, 4), (9998, 10002, 1, 4)]
    _, rows = run(records(base + [(CLEAR, 0, 1, 2, 0, 0, 0)]))
    assert as_ticks(rows)[-1] == (None, None, 0, 0)


def test_l2_records_are_skipped_and_counted():
    rows = [(ADD, BUY, 0, 1, 10000, 5, 1), (DEPTH_EVENT, SELL, 0, 1, 10002, 9, 0),
            (ADD, SELL, 1, 2, 10003, 4, 2)]
    feed, got = run(records(rows))
    assert as_ticks(got)[-1] == (10000, 10003, 5, 4)
    assert feed.report()['skipped']['l2'] == 1
    assert feed.report()['applied']['add'] == 2


@pytest.mark.parametrize('rows,message', [
    ([(CANCEL, 0, 0, 1, 0, 0, 7)], r"record 0, field 'order_id': no resting order has this id "
                                   r"\(order_id 7"),
    ([(ADD, BUY, 0, 1, 10000, 5, 1), (ADD, SELL, 0, 1, 10002, 5, 1)],
     r"record 1, field 'order_id': an order with this id is already resting"),
    ([(ADD, BUY, 0, 1, 10000, 5, 1), (FILL, BUY, 1, 2, 0, 6, 1)],
     r"record 1, field 'order_id': the fill is larger than the order"),
    ([(ADD, BUY, 0, 1, 10000, 5, 1), (MODIFY, BUY, 1, 2, 10000, 2, 9)],
     r"record 1, field 'order_id': no resting order"),
    ([(ADD, 0, 0, 1, 10000, 5, 1)], r"record 0, field 'ev': ADD_ORDER without a BUY or SELL"),
    ([(ADD, BUY, 0, 1, 10000, 0, 1)], r"record 0, field 'qty': size 0.0 is not positive"),
    ([(ADD, BUY, 5, 6, 10000, 1, 1), (ADD, BUY, 1, 2, 10000, 1, 2)],
     r"record 1, field 'local_ts': timestamp 2 goes back"),
])
def test_bad_records_are_named(rows, message):
    with pytest.raises(ValueError, match=message):
        run(records(rows))


def test_off_grid_price_is_named():
    data = records([(ADD, BUY, 0, 1, 10000, 5, 1)])
    data['px'][0] = 100.005
    with pytest.raises(ValueError, match=r"record 0, field 'px': price 100.005 is not on the "
                                         r"tick grid"):
        run(data)


def test_bad_fills_param():
    with pytest.raises(ValueError, match="param 'fills' must be 'keep' or 'reduce'"):
        run(records([(ADD, BUY, 0, 1, 10000, 5, 1)]), fills='drop')
