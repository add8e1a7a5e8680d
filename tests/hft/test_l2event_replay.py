"""L2EventData inside Cerebro: lines and book after every step equal a plain dict-book replay
(tests/hft/l2_reference.py), in every step mode, with and without preloading."""
import numpy as np
import pytest

import backtrader as bt
from backtrader.hft.feeds.l2event import L2EventData, parse_step

from .l2_reference import LOT, TICK, close, generate, replay

FIELDS = ('bid', 'ask', 'bidsize', 'asksize', 'mid', 'spread', 'price', 'size', 'side', 'volume')


class Recorder(bt.Strategy):
    """Everything the feed shows at each step."""

    def __init__(self):
        self.rows = []

    def next(self):
        d = self.data
        book = d.book
        self.rows.append(dict(
            ts=d.datetime.ns(0), n=len(d), bid=d.bid[0], ask=d.ask[0], bidsize=d.bidsize[0],
            asksize=d.asksize[0], mid=d.mid[0], close=d.close[0], open=d.open[0],
            spread=d.spread[0], price=d.price[0], size=d.qty[0], lsize=d.lines.size[0], side=d.side[0],
            volume=d.volume[0], imb=book.imbalance(10), bbid=book.best_bid,
            bask=book.best_ask, bids=list(zip(*book.levels('bid', 5, ticks=True))),
            asks=list(zip(*book.levels('ask', 5, ticks=True)))))


def run(data, preload=True, runonce=True, exactbars=False, **kw):
    cerebro = bt.Cerebro(stdstats=False)
    feed = L2EventData(dataname=data, tick_size=TICK, lot_size=LOT, **kw)
    cerebro.adddata(feed)
    cerebro.addstrategy(Recorder)
    strat = cerebro.run(preload=preload, runonce=runonce, exactbars=exactbars)[0]
    return strat.rows, feed


def check_rows(rows, ref):
    assert len(rows) == len(ref)
    for i, (got, exp) in enumerate(zip(rows, ref)):
        assert got['ts'] == exp['ts'], i
        assert got['n'] == i + 1
        for f in FIELDS:
            assert close(got[f], exp[f]), (i, f, got[f], exp[f])
        assert close(got['lsize'], exp['size'])
        assert close(got['close'], exp['mid']) and close(got['open'], exp['mid'])
        assert close(got['imb'], exp['imb']), (i, got['imb'], exp['imb'])
        assert close(got['bbid'], exp['bid']) and close(got['bask'], exp['ask'])
        assert [(int(t), int(q)) for t, q in got['bids']] == exp['bids'], i
        assert [(int(t), int(q)) for t, q in got['asks']] == exp['asks'], i


@pytest.fixture(scope='module')
def events():
    return generate(3000, seed=7)


@pytest.mark.parametrize('mode', [dict(), dict(preload=False, runonce=False),
                                  dict(preload=False, runonce=False, exactbars=1),
                                  dict(preload=True, runonce=False)])
@pytest.mark.parametrize('step', ['timestamp', 'event', '5ms'])
def test_lines_and_book_match_reference(events, step, mode):
    rows, feed = run(events, step=step, **mode)
    smode, interval = parse_step(step)
    ref = replay(events, step='interval' if interval else step, interval=interval)
    check_rows(rows, ref)
    assert feed.report()['steps'] == len(ref)


def test_exchange_timestamps(events):
    rows, feed = run(events, timestamp='exch')
    check_rows(rows, replay(events, local=False))
    rep = feed.report()
    assert rep['skipped']['other_side'] == 0        # every generated record has EXCH_EVENT


def test_timestamp_steps_batch_equal_stamps(events):
    rows, _ = run(events, step='timestamp')
    stamps = [r['ts'] for r in rows]
    assert all(b > a for a, b in zip(stamps, stamps[1:]))
    per_event, _ = run(events, step='event')
    assert len(per_event) > len(rows)


def test_fromdate_warms_the_book_up(events):
    from backtrader._cy.timeconv import ns_to_datetime, py_num_to_ns
    ref = replay(events)
    rows, feed = run(events, fromdate=ns_to_datetime(ref[len(ref) // 3]['ts']))
    from_ns = py_num_to_ns(feed.fromdate)
    first = next(i for i, r in enumerate(ref) if r['ts'] >= from_ns)
    assert first > 0
    assert feed.report()['warmup_steps'] == first
    assert len(rows) == len(ref) - first
    for got, exp in zip(rows, ref[first:]):
        assert got['ts'] == exp['ts']
        for f in FIELDS:
            assert close(got[f], exp[f]), f
        assert close(got['imb'], exp['imb'])


def test_sma_on_close_in_both_modes(events):
    mids = np.array([r['mid'] for r in replay(events)])
    expected = np.convolve(mids, np.ones(5) / 5, mode='valid')

    class WithSMA(bt.Strategy):
        def __init__(self):
            self.sma = bt.indicators.SMA(self.data.close, period=5)
            self.vals = []

        def next(self):
            self.vals.append(self.sma[0])

    for runonce in (True, False):
        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(L2EventData(dataname=events, tick_size=TICK, lot_size=LOT))
        cerebro.addstrategy(WithSMA)
        strat = cerebro.run(runonce=runonce)[0]
        np.testing.assert_allclose(strat.vals, expected, rtol=1e-12)


def test_two_feeds_book_follows_each_data(events):
    """With two feeds the clock rewinds the one ahead: its book must still be the book of the
    step it shows."""
    other = generate(2000, seed=11)
    other['local_ts'] += 333_333
    other['exch_ts'] += 333_333

    class Both(bt.Strategy):
        def __init__(self):
            self.rows = []

        def next(self):
            for d in self.datas:
                if len(d):
                    assert close(d.book.best_bid, d.bid[0]) and close(d.book.best_ask, d.ask[0])
                    assert close(d.book.best_bid_qty, d.bidsize[0])
            self.rows.append((len(self.data0), len(self.data1)))

    for preload in (True, False):
        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(L2EventData(dataname=events, tick_size=TICK, lot_size=LOT))
        cerebro.adddata(L2EventData(dataname=other, tick_size=TICK, lot_size=LOT))
        cerebro.addstrategy(Both)
        strat = cerebro.run(preload=preload, runonce=preload)[0]
        assert strat.rows[-1] == (len(replay(events)), len(replay(other)))


def test_parse_step():
    assert parse_step('event') == (0, 0)
    assert parse_step('timestamp') == (1, 0)
    assert parse_step('100ms') == (2, 100_000_000)
    assert parse_step('1.5s') == (2, 1_500_000_000)
    assert parse_step(250) == (2, 250)
    for bad in ('fast', '10 parsecs', 0, -5, 1.5, True):
        with pytest.raises(ValueError, match='step'):
            parse_step(bad)
