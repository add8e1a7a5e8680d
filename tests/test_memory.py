"""Bounded memory: with exactbars=1 a stream of any length runs in constant
memory (2,000,000 bars under 150 MB peak RSS, measured in a fresh process).

The line buffers are what is bounded; orders and trades are kept for the whole
run by design (as upstream does), so these strategies do not trade.
"""
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not os.path.exists('/proc/self/status'),
                                reason='peak memory is read from /proc (Linux)')

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SCRIPT = textwrap.dedent('''
    import sys
    import numpy as np
    import backtrader as bt

    NBARS, CHUNK = int(sys.argv[1]), 50000

    class Stream(bt.feed.DataBase):
        """Synthetic minute bars produced chunk by chunk (never all at once)."""
        def start(self):
            super().start()
            self.done = 0
            self.rng = np.random.default_rng(3)
            self.last = 100.0

        def _load_block(self):
            n = min(CHUNK, NBARS - self.done)
            if n <= 0:
                return None
            close = self.last * np.exp(np.cumsum(self.rng.normal(0, 1e-3, n)))
            self.last = close[-1]
            ns = (1577836800 + 60 * (self.done + np.arange(n, dtype=np.int64))) * 10**9
            self.done += n
            return dict(datetime=ns, open=close, high=close * 1.001, low=close * 0.999,
                        close=close, volume=np.full(n, 10.0), openinterest=np.zeros(n))

    class Cross(bt.Strategy):
        def __init__(self):
            self.x = bt.ind.CrossOver(bt.ind.SMA(period=10), bt.ind.SMA(period=30))
            self.crosses = 0

        def next(self):
            # no orders: upstream and ours keep every order object for the
            # whole run, which is not what this test measures
            if self.x[0]:
                self.crosses += 1

    cerebro = bt.Cerebro(exactbars=int(sys.argv[2]))
    cerebro.adddata(Stream(timeframe=bt.TimeFrame.Minutes))
    cerebro.addstrategy(Cross)
    strat = cerebro.run()[0]
    # the peak of this process's own address space (ru_maxrss would also count
    # the pages of the forking parent: it survives exec)
    with open('/proc/self/status') as fh:
        hwm_kb = next(int(l.split()[1]) for l in fh if l.startswith('VmHWM:'))
    print(len(strat), strat.crosses, len(strat.data.close.array), hwm_kb)
''')


def run(nbars, exactbars):
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.run([sys.executable, '-c', SCRIPT, str(nbars), str(exactbars)],
                          env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    bars, crosses, kept, hwm_kb = (int(x) for x in proc.stdout.split())
    return bars, crosses, kept, hwm_kb / 1024.0


@pytest.mark.slow
def test_two_million_bars_with_exactbars_1_stay_under_150_mb():
    bars, crosses, kept, peak_mb = run(2000000, 1)
    assert bars == 2000000 and crosses > 10000
    assert kept <= 64              # the line buffers are rings, not the history
    assert peak_mb < 150, 'peak RSS %.1f MB' % peak_mb


def test_memory_does_not_grow_with_the_number_of_bars():
    _, _, _, small = run(100000, 1)
    _, _, _, large = run(400000, 1)
    assert large < small + 20, 'peak RSS %.1f MB vs %.1f MB' % (large, small)
