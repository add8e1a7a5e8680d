"""Benchmark e: thirty indicators spread over the library on minute bars.

Moving averages (SMA, EMA, WMA, SMMA, DEMA, TEMA, KAMA, HMA, ZLEMA, DMA, an
SMA envelope, an EMA oscillator), ATR, ADX, DMI, Stochastic, RSI, MACDHisto,
CCI, BollingerBands, Momentum, ROC, WilliamsR, AroonUpDown, ParabolicSAR,
TRIX, UltimateOscillator, PPO, Laguerre RSI, TSI; no orders. Every 50th bar
``next`` adds every line's value into a checksum (printed rounded to 6
significant digits), so both engines must agree on the numbers while the
strategy's own Python stays as light as a typical strategy's.

Usage: python bm_indicators.py [--runonce 0|1] [--data FILE]
"""
import argparse
import json
import math
import os

import backtrader as bt

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "bars_200k.csv")


def indicators(d):
    ind = bt.indicators
    c = d.close
    return [
        ind.SMA(c, period=20), ind.EMA(c, period=20), ind.WMA(c, period=20),
        ind.SMMA(c, period=20), ind.DEMA(c, period=20), ind.TEMA(c, period=20),
        ind.KAMA(c), ind.HMA(c, period=20), ind.ZLEMA(c, period=20),
        ind.DMA(c, period=20), ind.SMAEnvelope(c, period=20), ind.EMAOsc(c, period=20),
        ind.ATR(d), ind.ADX(d), ind.DMI(d), ind.Stochastic(d), ind.RSI(c),
        ind.MACDHisto(c), ind.CCI(d), ind.BBands(c), ind.Momentum(c), ind.ROC(c),
        ind.WilliamsR(d), ind.AroonUpDown(d), ind.PSAR(d), ind.TRIX(c),
        ind.UltimateOscillator(d), ind.PPO(c), ind.LRSI(c), ind.TSI(c),
    ]


class Thirty(bt.Strategy):
    def __init__(self):
        self.lines_ = [line for i in indicators(self.data) for line in i.lines]
        self.total = 0.0
        self.count = 0

    def next(self):
        if len(self) % 50:
            return
        for line in self.lines_:
            value = line[0]
            if value == value:
                self.total += value
                self.count += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runonce", type=int, default=1)
    ap.add_argument("--data", default=DATA)
    opts = ap.parse_args()
    cerebro = bt.Cerebro(runonce=bool(opts.runonce), stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(
        dataname=opts.data, dtformat="%Y-%m-%d %H:%M:%S",
        timeframe=bt.TimeFrame.Minutes, compression=1))
    cerebro.addstrategy(Thirty)
    strat = cerebro.run()[0]
    total = strat.total
    digits = 6 - int(math.floor(math.log10(abs(total)))) - 1 if total else 0
    print(json.dumps({"bars": len(strat), "lines": len(strat.lines_),
                      "values": strat.count, "checksum": round(total, digits)}))


if __name__ == "__main__":
    main()
