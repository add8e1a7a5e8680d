"""Convert an exchange recording to hftbacktest's event ``.npz`` and print its report.

    python -m backtrader.hft.convert binance|bybit IN.jsonl[.gz] OUT.npz --tick-size T --lot-size L
        [--symbol S] [--on-error raise|count] [--no-clear-on-gap]
        [--decoder auto|orjson|msgspec|json]
        [--report-json FILE]

The ``.npz`` holds ``data`` (records of ``backtrader.hft.events.event_dtype``), ``ptick`` and
``qlot`` (int64 price ticks and size lots).  The recording format and the synchronisation rules are
described in ``backtrader.hft.normalize``.  Exit status: 0 on success, 2 when the recording cannot
be normalised (the error names the file, line and field).
"""
import argparse
import json
import sys
import time

from .normalize import normalize, EXCHANGES, RecordingError
from .normalize.reader import DECODERS


def main(argv=None):
    """Run the converter; returns the exit status."""
    ap = argparse.ArgumentParser(prog='python -m backtrader.hft.convert',
                                 description='Exchange recording -> event .npz')
    ap.add_argument('exchange', choices=EXCHANGES)
    ap.add_argument('src', help='recording: one "<receive time ns> <json>" per line')
    ap.add_argument('dst', help='output .npz')
    ap.add_argument('--tick-size', type=float, required=True)
    ap.add_argument('--lot-size', type=float, required=True)
    ap.add_argument('--symbol', default=None)
    ap.add_argument('--on-error', choices=('raise', 'count'), default='raise')
    ap.add_argument('--no-clear-on-gap', dest='clear_on_gap', action='store_false')
    ap.add_argument('--decoder', choices=DECODERS, default='auto')
    ap.add_argument('--report-json', default=None, help='also write the report as JSON here')
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        res = normalize(args.exchange, args.src, args.tick_size, args.lot_size,
                        symbol=args.symbol, on_error=args.on_error,
                        clear_on_gap=args.clear_on_gap, decoder=args.decoder)
    except (RecordingError, OSError) as exc:
        print('error: %s' % (exc,), file=sys.stderr)
        return 2
    res.save(args.dst)
    print(res.report)
    print('wrote %s (%d records) in %.3f s with the %s decoder'
          % (args.dst, len(res.events), time.perf_counter() - t0, res.decoder))
    if args.report_json:
        with open(args.report_json, 'w') as f:
            json.dump(res.report.as_dict(), f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
