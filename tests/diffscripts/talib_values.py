"""Scenario talib: TA-Lib functions through ``bt.talib`` (needs ``talib``).

Records, bar by bar, every line of a set of ``bt.talib`` indicators (one
input, several inputs, several outputs, unstable-period functions, a
candlestick with its plot line, an indicator fed another indicator) and
trades on one of them.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class TALibStrategy(rec.RecordingStrategy):
    def __init__(self):
        d = self.data
        ta = bt.talib
        made = {
            "sma": ta.SMA(d.close, timeperiod=15),
            "ema": ta.EMA(d, timeperiod=10),
            "bbands": ta.BBANDS(d.close, timeperiod=20, nbdevup=2.5),
            "macd": ta.MACD(d.close),
            "atr": ta.ATR(d.high, d.low, d.close, timeperiod=14),
            "rsi": ta.RSI(d.close),
            "adx": ta.ADX(d.high, d.low, d.close),
            "sar": ta.SAR(d.high, d.low),
            "stoch": ta.STOCH(d.high, d.low, d.close),
            "ma_t3": ta.MA(d.close, timeperiod=12, matype=bt.talib.MA_Type.T3),
            "doji": ta.CDLDOJI(d.open, d.high, d.low, d.close),
            "engulf": ta.CDLENGULFING(d.open, d.high, d.low, d.close),
            "wma_of_sma": ta.WMA(bt.indicators.SMA(d, period=5), timeperiod=7),
        }
        self.track = {}
        for key, ind in made.items():
            for name in ind.lines.getlinealiases():
                self.track[key + "." + name] = getattr(ind.lines, name)
        rec.RESULT["extra"]["minperiods"] = {k: v._minperiod for k, v in made.items()}
        rec.RESULT["extra"]["params"] = {k: list(v.params._getkeys()) for k, v in made.items()}
        self.rsi = made["rsi"]

    def step(self):
        if self.rsi[0] < 35 and not self.position:
            self.buy(size=5)
        elif self.rsi[0] > 65 and self.position:
            self.close()


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.addstrategy(TALibStrategy)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
