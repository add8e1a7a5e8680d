"""Scenario g (extra): bracket and OCO orders, trailing stops, sizer, slippage.

- ``buy_bracket`` / ``sell_bracket`` (parent limit + stop + limit children),
- a manual OCO pair, ``StopTrail`` (amount) and ``StopTrailLimit`` (percent),
- a ``PercentSizer`` (sizes the sell bracket), ``order_target_percent``,
- ``set_slippage_perc(0.0005)``.
Daily bars.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class Brackets(rec.RecordingStrategy):
    def __init__(self):
        self.atr = bt.indicators.ATR(self.data, period=10)
        self.track = {"atr": self.atr}
        self.oco = []

    def step(self):
        i = len(self) % 24
        c, a = self.data.close[0], self.atr[0]
        O = bt.Order
        if i == 0 and not self.position:
            self.buy_bracket(size=15, price=round(c - 0.2 * a, 2),
                             stopprice=round(c - 1.5 * a, 2),
                             limitprice=round(c + 1.5 * a, 2))
        elif i == 6 and not self.position:
            self.sell_bracket(exectype=O.Market,  # size from the PercentSizer
                              stopprice=round(c + 1.0 * a, 2),
                              limitprice=round(c - 1.0 * a, 2))
        elif i == 12:
            o1 = self.buy(size=5, exectype=O.Limit, price=round(c - 0.5 * a, 2))
            self.oco = [o1, self.buy(size=5, exectype=O.Stop,
                                     price=round(c + 0.5 * a, 2), oco=o1)]
        elif i == 15 and self.position.size > 0:
            self.sell(size=self.position.size, exectype=O.StopTrail,
                      trailamount=round(a, 2))
        elif i == 18:
            self.order_target_percent(target=0.3)
        elif i == 20 and self.position.size > 0:
            self.sell(size=self.position.size, exectype=O.StopTrailLimit,
                      price=c, plimit=round(c - 0.5, 2), trailpercent=0.02)
        elif i == 22:
            for order in self.broker.get_orders_open():
                self.cancel(order)
            self.close()


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.addstrategy(Brackets)
    cerebro.addsizer(bt.sizers.PercentSizer, percents=10)
    cerebro.broker.setcash(50000.0)
    cerebro.broker.setcommission(commission=0.0005)
    cerebro.broker.set_slippage_perc(0.0005)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
