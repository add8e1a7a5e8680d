"""The Avellaneda-Stoikov family on a recorded Binance USD-M futures stream.

    python samples/hft/mm_binance.py [RECORDING] [--model AS|AS++|ASAS|AS+++|ASMP|all]

The recording (``samples/data/binance-btcusdt.jsonl`` by default, made by
``make_binance_recording.py``; a capture of your own works the same) is normalised by
``bt.hft.BinanceRecordingData`` (tick 0.1, lot 0.001 BTC) and replayed every 100 ms; each model
quotes 0.01 BTC with the settings of ``mm_models.py`` and prints the MarketMaking analysis. The
shipped recording is only 15 s long (a few fills at most): it shows the wiring, not a result.
"""
import argparse
import os

import backtrader as bt

from mm_models import MODELS, run

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.normpath(os.path.join(HERE, '..', 'data', 'binance-btcusdt.jsonl'))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('recording', nargs='?', default=DEFAULT)
    ap.add_argument('--model', default='all', choices=list(MODELS) + ['all'])
    a = ap.parse_args()
    for name in (list(MODELS) if a.model == 'all' else [a.model]):
        run(name, bt.hft.BinanceRecordingData(dataname=a.recording, tick_size=0.1,
                                              lot_size=0.001, step='100ms'))


if __name__ == '__main__':
    main()
