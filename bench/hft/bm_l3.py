"""Benchmark of issue 9's L3 side: the Avellaneda-Stoikov market maker on a market-by-order file.

Workload, ours only, whole process: ``bt.hft.AvellanedaStoikov`` with the reference quoting params
but ``kappa=2`` (see ``samples/hft/l3_market_maker.py``: on the generated book quotes two ticks out
never fill) on ``L3EventData(step='100ms')`` of the 1M-record file of
``backtrader.hft.synth.generate_l3`` (seed 7, made once into ``~/.cache/bt-hft-data``), with the
reference broker (1 ms entry and response latency, maker -0.5 bp, taker 7 bp, no partial fills)
and ``L3FIFOQueue``, ``taker='best'``. hftbacktest has no row: its L3 side is checked against ours
fill for fill on scripted order tables (``tests/hft/test_l3_hftbacktest.py``), but no A-S
strategy loop over its L3 asset exists to time.

``--repeat`` runs; the best wall and CPU times and the largest peak RSS are kept.

    python bench/hft/bm_l3.py [--events 1000000] [--repeat 3] [--taker best|walk]
    python bench/hft/bm_l3.py --run-ours DATA.npz [--taker best|walk]   # one run, prints JSON
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from bm_l2feed import _clean_env, take_turns  # noqa: E402
from mm_workload import figures  # noqa: E402

KAPPA = 2.0


def run_ours(path, taker):
    """The measured workload (in this process)."""
    t0 = time.perf_counter()
    import backtrader as bt
    from backtrader.hft.strategies import REFERENCE_QUOTING, reference_broker
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L3EventData(dataname=path, tick_size=0.01, lot_size=0.001, step='100ms')
    cerebro.adddata(data)
    cerebro.broker = reference_broker(queue_model=bt.hft.models.L3FIFOQueue(), taker=taker)
    cerebro.addstrategy(bt.hft.AvellanedaStoikov, **dict(REFERENCE_QUOTING, kappa=KAPPA))
    strat = cerebro.run()[0]
    res = figures(strat, cerebro.broker, data)
    maker = cerebro.broker.fill_log()['maker']
    res['maker_share'] = round(float(maker.mean()), 5) if len(maker) else None
    print(json.dumps(dict(engine='ours', **res, t_inproc=round(time.perf_counter() - t0, 3))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--events', type=int, default=1_000_000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--taker', default='best', choices=['best', 'walk'])
    ap.add_argument('--run-ours', metavar='DATA')
    a = ap.parse_args()
    if a.run_ours:
        run_ours(a.run_ours, a.taker)
        return
    sys.path.insert(0, ROOT)
    from backtrader.hft.synth import l3_file
    path = l3_file(a.events)
    cmd = [sys.executable, '-s', '-P', os.path.abspath(__file__), '--run-ours', path,
           '--taker', a.taker]
    best = take_turns({'ours': (cmd, _clean_env(ROOT), ROOT)}, a.repeat,
                      ('fills', 'maker_share', 'position', 'pnl'))['ours']
    r = best['res']
    print()
    print('| engine | records | best wall s | best CPU s | peak RSS MB | wake-ups | quotes | fills '
          '| maker share | position | PnL | fee |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|')
    print('| ours (L3FIFOQueue, taker=%s) | %d | %.2f | %.2f | %.0f | %d | %d | %d | %s | %g '
          '| %.4f | %.4f |' % (a.taker, a.events, best['wall'], best['cpu'], best['rss'],
                                r['steps'], r['submitted'], r['fills'], r['maker_share'],
                                r['position'], r['pnl'], r['fee']))


if __name__ == '__main__':
    main()
