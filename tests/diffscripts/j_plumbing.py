"""Scenario j: the plumbing around a run.

Feeds: a clone and a renamed copy of a feed (``clone``/``copyas``), a plain
callable filter (``addfilter_simple``) and a filter class with a ``last``
hook given both as the ``filters`` param and through ``addfilter``.
Broker settings through the setters (``set_coc``, ``set_slippage_perc``,
``set_fundmode`` with a start value, ``set_int2pnl``, ``set_shortcash``,
``set_checksubmit``, ``set_eosbar``, ``set_filler``, positional and keyword),
orders by ``order_target_value`` with a price, ``order_target_size`` and a
sizer installed with ``setsizer``. Records the observers (``DrawDown``,
``Trades``, ``DataTrades``, ``BuySell``, ``DrawDown_Old``) bar by bar, the
analyzers (``TradeAnalyzer``, ``SharpeRatio`` both ways, ``TimeDrawDown``,
``DrawDown``), and what writers would print (``getwriterinfo`` and friends),
plot labels, time frame names and order constant names.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class VolumeTag(object):
    """A filter class: tags each bar's volume and counts the ``last`` calls."""
    lasts = 0

    def __init__(self, data):
        self.seen = 0

    def __call__(self, data):
        self.seen += 1
        data.volume[0] = data.volume[0] + 0.5
        return False

    def last(self, data):
        VolumeTag.lasts += 1
        return False


def falling_bar(data):
    """For ``addfilter_simple``: drop bars closing well below their open."""
    return data.close[0] < data.open[0] * 0.99


class HalfStake(bt.Sizer):
    params = (("stake", 7),)

    def _getsizing(self, comminfo, cash, data, isbuy):
        return self.p.stake if isbuy else self.p.stake // 2


class Plumbing(rec.RecordingStrategy):
    def __init__(self):
        self.sma = bt.indicators.SMA(self.data0, period=5)
        self.sma_short = bt.indicators.SMA(self.data2.close, period=4)
        self.ema_clone = bt.indicators.EMA(self.data1, period=6)
        self.track = {"sma": self.sma, "sma_short": self.sma_short,
                      "ema_clone": self.ema_clone, "clone_close": self.data1.close,
                      "copy_volume": self.data3.volume, "short_volume": self.data2.volume}
        self.setsizer(HalfStake(stake=9))
        rec.RESULT["extra"]["sizer"] = [type(self.getsizer()).__name__,
                                        self.sizer.p.stake]

    def notify_fund(self, cash, value, fundvalue, shares):
        rec.RESULT.setdefault("fund", []).append(
            [len(self), rec.clean(cash), rec.clean(value), rec.clean(fundvalue),
             rec.clean(shares)])

    def step(self):
        n = len(self)
        stats = self.stats
        rec.RESULT.setdefault("observers", []).append([
            n,
            rec.value_at(stats.drawdown.drawdown), rec.value_at(stats.drawdown.maxdrawdown),
            rec.value_at(stats.trades.pnlplus), rec.value_at(stats.trades.pnlminus),
            rec.value_at(stats.buysell.buy), rec.value_at(stats.buysell.sell),
            rec.value_at(stats.drawdown_old.drawdown),
            rec.value_at(stats.drawdown_old.maxdrawdown),
            [rec.value_at(line) for line in stats.datatrades.lines],
        ])
        if n % 13 == 3:
            self.buy()
        elif n % 13 == 7:
            self.order_target_value(target=2000.0, price=self.data0.close[0] * 1.01)
        elif n % 13 == 10:
            self.sell(data=self.data2)
        elif n % 13 == 12:
            self.order_target_size(target=0)
            self.order_target_size(data=self.data2, target=0)
        rec.RESULT.setdefault("sizing", []).append(
            [self.getsizing(), self.getsizing(self.data2, isbuy=False)])

    def stop(self):
        extra = rec.RESULT["extra"]
        extra["writerinfo"] = rec.clean(self.getwriterinfo())
        extra["writerheaders"] = rec.clean(self.getwriterheaders())
        extra["writervalues"] = rec.clean(self.getwritervalues())
        extra["dataheaders"] = [rec.clean(d.getwriterheaders()) for d in self.datas]
        extra["datainfo"] = [rec.clean(d.getwriterinfo()) for d in self.datas]
        extra["plotlabels"] = [self.sma.plotlabel(), self.ema_clone.plotlabel(),
                               self.stats.drawdown.plotlabel()]
        extra["names"] = [self.datas[i]._name for i in range(len(self.datas))]
        extra["filter_lasts"] = VolumeTag.lasts


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    base = rec.daily_feed(opts, "daily", filters=[VolumeTag])
    cerebro.adddata(base)
    cerebro.adddata(base.clone())
    short = rec.daily_feed(opts, "daily_short")
    short.addfilter_simple(falling_bar)
    short.addfilter(VolumeTag)
    cerebro.adddata(short)
    cerebro.adddata(base.copyas("daily_copy"))
    cerebro.addstrategy(Plumbing)
    for obs in (bt.observers.Broker, bt.observers.DrawDown, bt.observers.Trades,
                bt.observers.DataTrades,
                bt.observers.BuySell, bt.observers.DrawDown_Old):
        cerebro.addobserver(obs)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name="trades")
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, _name="sharpe",
                        timeframe=bt.TimeFrame.Weeks, riskfreerate=0.02)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, _name="sharpe_legacy", legacyannual=True)
    cerebro.addanalyzer(bt.analyzers.TimeDrawDown, _name="timedd",
                        timeframe=bt.TimeFrame.Weeks)
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name="dd")
    broker = cerebro.broker
    broker.setcash(20000.0)
    broker.set_coc(True)
    broker.set_slippage_perc(0.002, slip_open=True, slip_limit=False)
    broker.set_fundmode(True, 50.0)
    broker.set_int2pnl(int2pnl=False)
    broker.set_shortcash(True)
    broker.set_checksubmit(checksubmit=True)
    broker.set_eosbar(False)
    broker.set_filler(None)
    p = broker.p
    rec.RESULT["extra"]["broker"] = [
        p.coc, p.slip_perc, p.slip_fixed, p.slip_open, p.slip_limit, p.slip_match,
        p.slip_out, p.fundmode, p.fundstartval, p.int2pnl, p.shortcash,
        p.checksubmit, p.eosbar, broker.get_fundmode(), broker.fundmode]
    tf = bt.TimeFrame
    rec.RESULT["extra"]["timeframes"] = [
        [tf.getname(t, c), tf.TName(t)] for t in range(tf.Ticks, tf.NoTimeFrame + 1)
        for c in (1, 5)] + [tf.TFrame("Weeks"), tf.Names[tf.Days]]
    order = bt.BuyOrder(data=base, size=0, price=1.0, simulated=True)
    rec.RESULT["extra"]["ordernames"] = [
        [order.getstatusname(s) for s in range(len(order.Status))],
        [order.getordername(e) for e in range(len(order.ExecTypes))],
        order.ordtypename(), order.ordtypename(bt.Order.Sell),
        order.isbuy(), order.issell(), order.alive(), order.active(),
        bt.Order.ExecType("StopTrail")]
    strats = cerebro.run()
    rec.finish(opts, cerebro, strats,
               analyzers=("trades", "sharpe", "sharpe_legacy", "timedd", "dd"))


if __name__ == "__main__":
    main()
