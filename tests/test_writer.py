"""Writers produce upstream backtrader 1.9.78.123's text byte for byte.

Also the scenario script (see ``tests/test_analyzers.py``): each scenario
prints what the run wrote (``capture_stdout``) or returns the files' text.

- ``stdout``: ``Cerebro(writer=True)`` plus ``addwriter(WriterFile, csv=True)``
  on stdout, a strategy with indicators (one with ``csv = True``), the
  standard and extra observers, several analyzers.
- ``files``: ``WriterFile`` into a file by name (closed by the writer) and into
  an open stream with ``close_out``, with every formatting param changed.
"""
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "diffscripts"))
import _selfrun  # noqa: E402


# ============================================================ script side
def _cerebro(bt, opts):

    class Cross(bt.Strategy):
        def __init__(self):
            fast = bt.indicators.SMA(self.data, period=8)
            slow = bt.indicators.EMA(self.data, period=21)
            self.cross = bt.indicators.CrossOver(fast, slow)
            # with exactbars >= 1 upstream's buffers keep the Python object
            # written (CrossOver's int 0 prints as "0"); ours hold doubles
            # ("0.0"): see tests/diffscripts/README.md
            self.cross.csv = opts.exactbars < 1
            rsi = bt.indicators.RSI(self.data, period=9)
            rsi.csv = True

        def next(self):
            if self.cross > 0:
                self.buy(size=10)
            elif self.cross < 0 and self.position:
                self.close()

    cerebro = bt.Cerebro(runonce=opts.runonce, preload=opts.preload,
                         exactbars=opts.exactbars)
    cerebro.adddata(bt.feeds.GenericCSVData(
        dataname=os.path.join(opts.datadir, "daily_short.csv"), name="short",
        dtformat="%Y-%m-%d"))
    cerebro.addstrategy(Cross)
    cerebro.broker.setcommission(commission=0.001)
    cerebro.addobserver(bt.observers.DrawDown)
    cerebro.addobserver(bt.observers.TimeReturn)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer)
    cerebro.addanalyzer(bt.analyzers.SQN)
    cerebro.addanalyzer(bt.analyzers.Transactions)
    return cerebro


def _noaddr(text):
    return re.sub(r" at 0x[0-9a-fA-F]+>", " at 0x?>", text)


def scenario_stdout(bt, opts):
    cerebro = _cerebro(bt, opts)
    cerebro.addwriter(bt.WriterFile, csv=True)
    buf = io.StringIO()
    stdout, sys.stdout = sys.stdout, buf
    try:
        cerebro.run(writer=True)
    finally:
        sys.stdout = stdout
    return _noaddr(buf.getvalue())


def scenario_files(bt, opts):
    cerebro = _cerebro(bt, opts)
    named = os.path.join(opts.datadir, "named.txt")
    cerebro.addwriter(bt.WriterFile, out=named, csv=True, csvsep="|",
                      csv_filternan=False, rounding=1, indent=4, seplen=30,
                      separators=["*", "-"])
    stream = io.StringIO()
    cerebro.addwriter(bt.WriterFile, out=stream, csv=True, csv_counter=False)
    cerebro.run()
    with open(named) as fh:
        named_text = fh.read()
    return [_noaddr(named_text), _noaddr(stream.getvalue()), stream.closed]


SCENARIOS = {"stdout": scenario_stdout, "files": scenario_files}


# ============================================================= pytest side
if __name__ == "__main__":
    _selfrun.main(SCENARIOS)
else:
    import pytest

    sys.path.insert(0, HERE)
    import _data  # noqa: E402
    from _selfrun import mode_id  # noqa: E402

    SCRIPT = os.path.abspath(__file__)
    MODES = [(True, True, 0), (False, False, 0), (False, True, 1),
             pytest.param((True, True, -1), marks=pytest.mark.slow)]

    def _ids(mode):
        return mode_id(mode)

    @pytest.mark.parametrize("mode", MODES, ids=_ids)
    def test_writer_true_and_csv_writer_on_stdout_match_upstream(mode, tmp_path):
        text = _selfrun.run_both(SCRIPT, "stdout", mode, tmp_path / "data", _data.write_all)
        lines = text.splitlines()
        # the csv writer's header row names the csv=True indicators
        assert any(line.startswith("Id,short,len,datetime") and ",RSI," in line
                   and (",CrossOver," in line) == (mode[2] < 1) for line in lines)
        assert "            - sqn: " in text      # the SQN analysis in the summary

    @pytest.mark.parametrize("mode", MODES[:2], ids=_ids)
    def test_writer_to_file_and_stream_match_upstream(mode, tmp_path):
        named, stream, closed = _selfrun.run_both(SCRIPT, "files", mode, tmp_path / "data",
                                                  _data.write_all)
        assert "|" in named.splitlines()[1] and not closed
        assert stream.splitlines()[1].startswith("short,len,datetime")

    def test_unwritable_path_names_the_file(tmp_path):
        import backtrader as bt
        target = tmp_path / "missing-dir" / "out.txt"
        writer = bt.WriterFile(out=str(target))
        with pytest.raises(OSError, match=r"WriterFile: cannot open the output file "
                                          r".*missing-dir/out\.txt"):
            writer.start()

    def test_stringio_writer_is_rewound_and_owns_its_stream():
        import backtrader as bt
        writer = bt.WriterStringIO(csv=True, csvsep=";")
        writer.addheaders(["a", "b"])
        writer.start()
        writer.addvalues([1.5, float("nan")])
        writer.next()
        writer.writedict({"Top": {"x": 1, "y": [1, 2], "z": {"w": 0.123456}}})
        writer.stop()
        expected = ("=" * 79 + "\n" "Id;a;b\n" "1;1.5;\n" + "=" * 79 + "\n"
                    "Top:\n" "  - x: 1\n" "  - y: 1, 2\n" "  " + "-" * 77 + "\n"
                    "  - z:\n" "    - w: 0.123456\n")
        assert writer.out.read() == expected
