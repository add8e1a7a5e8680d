"""Scenario b: a "typical" strategy.

SMA, EMA, RSI, MACD, BollingerBands, ATR and Stochastic, the default
observers (stdstats) and the SharpeRatio, DrawDown, TradeAnalyzer and
Returns analyzers, on daily bars.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402

ANALYZERS = ("sharpe", "drawdown", "trades", "returns")


class TypicalStrategy(rec.RecordingStrategy):
    def __init__(self):
        ind = bt.indicators
        self.sma = ind.SMA(self.data, period=20)
        self.ema = ind.EMA(self.data, period=12)
        self.rsi = ind.RSI(self.data, period=14)
        self.macd = ind.MACD(self.data)
        self.boll = ind.BollingerBands(self.data, period=20, devfactor=2.0)
        self.atr = ind.ATR(self.data, period=14)
        self.stoch = ind.Stochastic(self.data)
        self.track = {
            "sma": self.sma, "ema": self.ema, "rsi": self.rsi,
            "macd": self.macd.macd, "signal": self.macd.signal,
            "bb_top": self.boll.top, "bb_mid": self.boll.mid, "bb_bot": self.boll.bot,
            "atr": self.atr, "k": self.stoch.percK, "d": self.stoch.percD,
        }

    def step(self):
        # observers run after next(): here [0] still holds the previous
        # bar's values ([-1] is out of the kept window when exactbars=1)
        stats = self.stats
        obs = {
            "cash": stats.broker.cash, "value": stats.broker.value,
            "buy": stats.buysell[0].buy, "sell": stats.buysell[0].sell,
            "pnlplus": stats.trades.pnlplus, "pnlminus": stats.trades.pnlminus,
        }
        obs = {k: rec.value_at(v) for k, v in obs.items()}
        obs["len"] = len(stats.broker)
        rec.RESULT["bars"][-1]["obs"] = obs

        size = self.position.size
        if size == 0:
            if self.rsi[0] < 40 and self.data.close[0] > self.boll.bot[0]:
                self.buy(size=20)
            elif self.rsi[0] > 65 and self.macd.macd[0] < self.macd.signal[0]:
                self.sell(size=20)
        elif size > 0 and (self.rsi[0] > 60 or self.data.close[0] < self.sma[0] - 2 * self.atr[0]):
            self.close()
        elif size < 0 and (self.rsi[0] < 45 or self.stoch.percK[0] < 20):
            self.close()


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts)  # stdstats=True: Broker, BuySell, Trades
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.addstrategy(TypicalStrategy)
    cerebro.broker.setcash(25000.0)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, _name="sharpe")
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name="drawdown")
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name="trades")
    cerebro.addanalyzer(bt.analyzers.Returns, _name="returns")
    rec.finish(opts, cerebro, cerebro.run(), ANALYZERS)


if __name__ == "__main__":
    main()
