"""Scenario c: Limit, Stop, StopLimit and Close orders with a 0.1% commission.

A fixed 30-bar schedule places orders priced around the last close, so that
some fill inside the bar, some gap through their price (filled at the open),
some expire (``valid`` as date, timedelta, ``Order.DAY`` and the numeric
forms) and some are cancelled; one oversized order is rejected for margin.
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class OrderTypes(rec.RecordingStrategy):
    def __init__(self):
        self.to_cancel = []
        self.track = {"close": self.data.close}

    def step(self):
        i = len(self) % 30
        c = self.data.close[0]
        O = bt.Order
        today = self.data.datetime.date(0)
        if i == 1:  # limit below the close, expires after a few days
            self.buy(size=10, exectype=O.Limit, price=round(c * 0.99, 2),
                     valid=today + datetime.timedelta(days=3))
        elif i == 2:  # limit above the close: fills at the open if it gaps below
            self.buy(size=10, exectype=O.Limit, price=round(c * 1.004, 2))
        elif i == 4:  # sell stop above the close: triggers at once if the open gaps below
            self.sell(size=10, exectype=O.Stop, price=round(c * 1.002, 2))
        elif i == 6:
            self.buy(size=10, exectype=O.StopLimit, price=round(c * 1.005, 2),
                     plimit=round(c * 1.01, 2))
        elif i == 8:
            self.sell(size=10, exectype=O.StopLimit, price=round(c * 0.995, 2),
                      plimit=round(c * 0.99, 2), valid=datetime.timedelta(days=5))
        elif i == 10:
            self.buy(size=10, exectype=O.Close)
        elif i == 12:  # far away: cancelled three bars later
            self.to_cancel.append(self.sell(size=20, exectype=O.Limit, price=round(c * 1.2, 2)))
        elif i == 14:  # day order
            self.buy(size=5, exectype=O.Stop, price=round(c * 1.001, 2), valid=O.DAY)
        elif i == 15:
            for order in self.to_cancel:
                self.cancel(order)
            self.to_cancel = []
        elif i == 16:
            self.sell(size=10, exectype=O.Close)
        elif i == 18:  # numeric valid=0 (upstream: never expires)
            self.buy(size=3, exectype=O.Limit, price=round(c * 0.97, 2), valid=0)
        elif i == 19:  # numeric float valid (upstream: compares the raw number)
            self.sell(size=3, exectype=O.Limit, price=round(c * 1.01, 2), valid=2.0)
        elif i == 20:  # cancelled on the next bar, before it can fill
            self.to_cancel.append(self.buy(size=10, exectype=O.Limit, price=round(c * 0.8, 2)))
        elif i == 21:
            for order in self.to_cancel:
                self.cancel(order)
            self.to_cancel = []
        elif i == 22:
            self.close()
        elif i == 25:  # far more than the cash allows -> Margin
            self.buy(size=100000)
        elif i == 27:  # a cancel of an already completed order is a no-op
            order = self.sell(size=1)
            self.to_cancel.append(order)
        elif i == 28:
            for order in self.to_cancel:
                self.cancel(order)
            self.to_cancel = []


def main():
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.addstrategy(OrderTypes)
    cerebro.broker.setcash(20000.0)
    cerebro.broker.setcommission(commission=0.001)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
