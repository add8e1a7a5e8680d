"""Shared recorder for the differential scenario scripts.

A scenario script builds a strategy on :class:`RecordingStrategy`, runs it
with the mode from :func:`parse_args`, and calls :func:`finish`.  The result
is one JSON document (on stdout, or in the file given by ``--out``)::

    {"meta": {...}, "orders": [...], "trades": [...], "bars": [...],
     "final": {...}, "analyzers": {...}, "extra": {...}, "quirks": {...}}

``quirks`` holds values where upstream behaves oddly (documented in the
scenario); the tests compare them separately from the rest.

Everything engine specific (the path of the imported ``backtrader``) lives
under ``meta``, which comparisons ignore.  NaN becomes ``null``, infinities
become the strings ``"inf"`` / ``"-inf"``, datetimes become ISO strings.

Run mode options (command line wins over environment)::

    --runonce 0|1   (BT_DIFF_RUNONCE,   default 1)
    --preload 0|1   (BT_DIFF_PRELOAD,   default 1)
    --exactbars N   (BT_DIFF_EXACTBARS, default 0)
    --datadir DIR   (BT_DIFF_DATADIR; default: a fresh temp dir, data generated)
    --out FILE      (default: stdout)
"""
import argparse
import atexit
import datetime as _dt
import json
import math
import os
import shutil
import sys
import tempfile

import backtrader as bt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _data  # noqa: E402

RESULT = {"orders": [], "trades": [], "bars": [], "final": {}, "analyzers": {},
          "extra": {}, "quirks": {}}


# ---------------------------------------------------------------- options
def _flag(text):
    return str(text).strip().lower() in ("1", "true", "yes", "on")


def parse_args(argv=None):
    """Return the run options (an ``argparse.Namespace``)."""
    env = os.environ.get
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runonce", type=_flag, default=_flag(env("BT_DIFF_RUNONCE", "1")))
    ap.add_argument("--preload", type=_flag, default=_flag(env("BT_DIFF_PRELOAD", "1")))
    ap.add_argument("--exactbars", type=int, default=int(env("BT_DIFF_EXACTBARS", "0")))
    ap.add_argument("--datadir", default=env("BT_DIFF_DATADIR"))
    ap.add_argument("--out", default=None)
    opts = ap.parse_args(argv)
    if not opts.datadir:
        opts.datadir = tempfile.mkdtemp(prefix="btdiff-data-")
        atexit.register(shutil.rmtree, opts.datadir, True)
    if not os.path.exists(os.path.join(opts.datadir, "daily.csv")):
        _data.write_all(opts.datadir)
    return opts


def make_cerebro(opts, **kwargs):
    """A ``Cerebro`` configured with the run mode of ``opts``."""
    return bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                      exactbars=opts.exactbars, **kwargs)


# ------------------------------------------------------------------ feeds
def daily_feed(opts, name, **kwargs):
    """GenericCSVData over a daily dataset (dates only)."""
    return bt.feeds.GenericCSVData(
        dataname=os.path.join(opts.datadir, name + ".csv"), name=name,
        dtformat=_data.DAILY_FMT, timeframe=bt.TimeFrame.Days, compression=1,
        **kwargs)


def minute_feed(opts, name, **kwargs):
    """GenericCSVData over a one-minute dataset."""
    return bt.feeds.GenericCSVData(
        dataname=os.path.join(opts.datadir, name + ".csv"), name=name,
        dtformat=_data.MINUTE_FMT, timeframe=bt.TimeFrame.Minutes,
        compression=1, **kwargs)


def btcsv_feed(opts, name, **kwargs):
    """BacktraderCSVData over a daily dataset."""
    return bt.feeds.BacktraderCSVData(
        dataname=os.path.join(opts.datadir, name + ".csv"), name=name, **kwargs)


# ------------------------------------------------------------- conversion
def clean(x):
    """Convert ``x`` into plain JSON-able values (see module docstring)."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        if math.isnan(x):
            return None
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return float(x)
    if isinstance(x, (_dt.datetime, _dt.date, _dt.time)):
        return x.isoformat()
    if hasattr(x, "items"):
        return {_key(k): clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if hasattr(x, "__index__"):
        return int(x)
    if hasattr(x, "__float__"):
        return clean(float(x))
    return repr(x)


def _key(k):
    if isinstance(k, (_dt.datetime, _dt.date, _dt.time)):
        return k.isoformat()
    return str(k)


def num2iso(num):
    """Upstream float day number -> ISO string (``None`` stays ``None``)."""
    if num is None or (isinstance(num, float) and math.isnan(num)) or not num:
        return None
    return bt.num2date(num).isoformat()


def value_at(line, ago=0):
    """``line[ago]`` cleaned; the exception name if the index is invalid."""
    try:
        return clean(line[ago])
    except IndexError:
        return "IndexError"


def data_dt(data):
    """ISO datetime of the current bar of ``data`` (None before its start)."""
    if len(data) == 0:
        return None
    return data.datetime.datetime(0).isoformat()


# ---------------------------------------------------------------- records
def order_record(strategy, order):
    """One ``notify_order`` event."""
    c, e = order.created, order.executed
    return {
        "bar": len(strategy),
        "dt": data_dt(order.data),
        "data": order.data._name,
        "ref": order.ref,
        "status": order.getstatusname(),
        "side": "buy" if order.isbuy() else "sell",
        "exectype": order.getordername(),
        "alive": bool(order.alive()),
        "valid": num2iso(order.valid) if isinstance(order.valid, float) else clean(order.valid),
        "created": {"size": clean(c.size), "price": clean(c.price),
                    "pricelimit": clean(c.pricelimit), "dt": num2iso(c.dt)},
        "executed": {"size": clean(e.size), "price": clean(e.price),
                     "value": clean(e.value), "comm": clean(e.comm),
                     "pnl": clean(e.pnl), "remsize": clean(e.remsize),
                     "dt": num2iso(e.dt)},
    }


def trade_record(strategy, trade):
    """One ``notify_trade`` event."""
    return {
        "bar": len(strategy),
        "dt": data_dt(trade.data),
        "data": trade.data._name,
        "ref": trade.ref,
        "status": trade.status_names[trade.status],
        "long": clean(trade.long),
        "size": clean(trade.size),
        "price": clean(trade.price),
        "value": clean(trade.value),
        "commission": clean(trade.commission),
        "pnl": clean(trade.pnl),
        "pnlcomm": clean(trade.pnlcomm),
        "barlen": clean(trade.barlen),
        "baropen": clean(trade.baropen),
        "barclose": clean(trade.barclose),
        "isclosed": bool(trade.isclosed),
        "isopen": bool(trade.isopen),
        "justopened": bool(trade.justopened),
        "dtopen": num2iso(trade.dtopen),
        "dtclose": num2iso(trade.dtclose),
    }


class RecordingStrategy(bt.Strategy):
    """Base strategy: records notifications and the per-bar state.

    Subclasses may set ``self.track = {name: line_or_indicator}`` in
    ``__init__`` (value at ``[0]`` and ``len()`` recorded each bar) and implement
    ``step()``, called from ``next`` after the bar has been recorded.
    """

    def step(self):
        pass

    def record_bar(self, phase):
        broker = self.broker
        track = getattr(self, "track", {})
        RESULT["bars"].append({
            "phase": phase,
            "len": len(self),
            "dt": self.datetime.datetime(0).isoformat(),
            "datas": [[len(d), data_dt(d)] for d in self.datas],
            "cash": clean(broker.getcash()),
            "value": clean(broker.getvalue()),
            "pos": [[clean(p.size), clean(p.price)]
                    for p in (self.getposition(d) for d in self.datas)],
            "ind": {k: value_at(v) for k, v in track.items()},
            "ilen": {k: len(v) for k, v in track.items()},
        })

    def prenext(self):
        self.record_bar("prenext")

    def next(self):
        self.record_bar("next")
        self.step()

    def notify_order(self, order):
        RESULT["orders"].append(order_record(self, order))

    def notify_trade(self, trade):
        RESULT["trades"].append(trade_record(self, trade))


# ------------------------------------------------------------------ output
def finish(opts, cerebro, strats, analyzers=()):
    """Store the final state and analyzer results, then write the JSON."""
    strat = strats[0]
    RESULT["final"] = {
        "cash": clean(cerebro.broker.getcash()),
        "value": clean(cerebro.broker.getvalue()),
        "len": len(strat),
        "datalens": [len(d) for d in strat.datas],
    }
    for name in analyzers:
        RESULT["analyzers"][name] = clean(getattr(strat.analyzers, name).get_analysis())
    RESULT["meta"] = {
        "bt_file": os.path.abspath(bt.__file__),
        "mode": {"runonce": opts.runonce, "preload": opts.preload,
                 "exactbars": opts.exactbars},
    }
    text = json.dumps(RESULT, sort_keys=True)
    if opts.out:
        with open(opts.out, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text + "\n")
