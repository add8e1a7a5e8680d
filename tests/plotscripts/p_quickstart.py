"""Plot scenario: the bundled sample ``samples/quickstart.py --plot``, run as it is;
the figures its ``cerebro.plot()`` returns are described."""
import os
import runpy
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _probe  # noqa: E402

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                      'samples', 'quickstart.py')

drawn = []
plot = bt.Cerebro.plot


def keep_figures(self, *args, **kwargs):
    figs = plot(self, *args, **kwargs)
    drawn.append(figs)
    return figs


bt.Cerebro.plot = keep_figures
out = sys.argv[sys.argv.index('--out'):]
sys.argv = [SAMPLE, '--plot']
runpy.run_path(SAMPLE, run_name='__main__')
sys.argv += out
assert len(drawn) == 1, 'the sample plotted %d times' % len(drawn)
_probe.finish(drawn[0])
