"""Convert a Binance USD-M futures recording with hftbacktest 2.4.4's own converter.

    binance_convert.py IN.gz --arrays OUT.npz --out RESULT.json

(run by the oracle harness ``tests/upstream.py`` with ``arrays=True``, which gives the last two).
``hftbacktest.data.utils.binancefutures.convert`` reads ``<receive ns> <json>`` lines (combined
streams, REST snapshots as raw objects) and returns its event records, ordered for both the
exchange and the local side; they are written as ``data``.
"""
import argparse
import contextlib
import io
import json

import numpy as np

from hftbacktest.data.utils import binancefutures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('--arrays', required=True)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    with contextlib.redirect_stdout(io.StringIO()):       # it prints its progress
        data = binancefutures.convert(args.src, combined_stream=True, buffer_size=1_000_000)
    np.savez(args.arrays, data=data)
    with open(args.out, 'w') as f:
        json.dump({'records': int(len(data))}, f)


if __name__ == '__main__':
    main()
