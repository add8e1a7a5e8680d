"""Benchmark b: the "typical" strategy on minute bars.

SMA, EMA, RSI, MACD, BollingerBands, ATR, Stochastic, default observers and
the SharpeRatio, DrawDown, TradeAnalyzer and Returns analyzers.
Usage: python bm_typical.py [--runonce 0|1] [--data FILE]
"""
import argparse
import json
import os

import backtrader as bt

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "bars_200k.csv")


class Typical(bt.Strategy):
    def __init__(self):
        ind = bt.indicators
        self.sma = ind.SMA(period=20)
        self.ema = ind.EMA(period=12)
        self.rsi = ind.RSI(period=14)
        self.macd = ind.MACD()
        self.boll = ind.BollingerBands(period=20)
        self.atr = ind.ATR(period=14)
        self.stoch = ind.Stochastic()

    def next(self):
        if not self.position:
            if self.rsi[0] < 30 and self.data.close[0] > self.boll.bot[0]:
                self.buy(size=10)
            elif self.rsi[0] > 70 and self.macd.macd[0] < self.macd.signal[0]:
                self.sell(size=10)
        elif self.position.size > 0 and (self.rsi[0] > 55 or self.stoch.percK[0] > 80):
            self.close()
        elif self.position.size < 0 and (self.rsi[0] < 45 or self.data.close[0] < self.ema[0] - self.atr[0]):
            self.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runonce", type=int, default=1)
    ap.add_argument("--data", default=DATA)
    opts = ap.parse_args()
    cerebro = bt.Cerebro(runonce=bool(opts.runonce))  # stdstats: default observers
    cerebro.adddata(bt.feeds.GenericCSVData(
        dataname=opts.data, dtformat="%Y-%m-%d %H:%M:%S",
        timeframe=bt.TimeFrame.Minutes, compression=1))
    cerebro.addstrategy(Typical)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, _name="sharpe")
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name="drawdown")
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name="trades")
    cerebro.addanalyzer(bt.analyzers.Returns, _name="returns")
    strat = cerebro.run()[0]
    an = strat.analyzers
    print(json.dumps({
        "bars": len(strat), "value": round(cerebro.broker.getvalue(), 6),
        "trades": an.trades.get_analysis().get("total", {}).get("closed", 0),
        "maxdd": round(an.drawdown.get_analysis()["max"]["drawdown"], 9),
        "rtot": round(an.returns.get_analysis()["rtot"], 9),
    }))


if __name__ == "__main__":
    main()
