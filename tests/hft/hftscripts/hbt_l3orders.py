"""Play a scripted order table on a market-by-order (L3) event file with hftbacktest 2.4.4's L3
FIFO queue model and its L3 no-partial-fill exchange, recording every fill as the strategy side
sees it: ``hbt_orders.py``'s loop and output (see its docstring), with the asset built for L3.

    hbt_l3orders.py DATA.npz TABLE.npz --interval NS [--entry NS] [--response NS]
        [--maker F] [--taker F] --arrays OUT.npz --out RESULT.json

(``--queue`` and ``--exchange`` are not used.)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hbt_orders  # noqa: E402


def l3_asset(make_asset):
    """``make_asset`` (hbt_orders.py's) with the L3 FIFO queue model and the no-partial-fill
    exchange, which hftbacktest turns into its L3 exchange and L3 local processor."""
    def make(data, a):
        a.queue, a.exchange = 'risk_averse', 'no_partial'      # replaced just below
        return make_asset(data, a).l3_fifo_queue_model()
    return make


if __name__ == '__main__':
    hbt_orders.make_asset = l3_asset(hbt_orders.make_asset)
    hbt_orders.main()
