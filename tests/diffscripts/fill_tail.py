"""Scenario fill_tail: what follows the figures of a fill, on every broker path.

Daily bars, a stock-like scheme charging interest on shorts (``int2pnl``: the
interest joins the commission of the fill that reduces the short), no check
at submission (``checksubmit=False``) so that an order the cash cannot pay
for is accepted and then set to Margin by the fill, alone and as the parent
of a bracket (the children are cancelled), and an OCO pair.

``--broker`` picks the path of ours that runs the fills (upstream runs the
same script and gives the same answer for each):

- ``stock``: the shipped broker and scheme (compiled fills),
- ``hidden``: a broker class turning ``cash`` into a property (the Python
  fill path, on a broker without the compiled state),
- ``userscheme``: a scheme class overriding ``_getcommission`` (the Python
  fill path on the compiled state).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtrader as bt  # noqa: E402
import _record as rec  # noqa: E402


class HiddenCashBroker(bt.brokers.BackBroker):
    """``cash`` as a property kept in the instance dict."""

    @property
    def cash(self):
        return self.__dict__['_hidden_cash']

    @cash.setter
    def cash(self, value):
        self.__dict__['_hidden_cash'] = value


class UserComm(bt.CommInfoBase):
    """The stock percentage scheme, through a method of its own."""

    def _getcommission(self, size, price, pseudoexec):
        return super(UserComm, self)._getcommission(size, price, pseudoexec)


class FillTail(rec.RecordingStrategy):
    def step(self):
        i = len(self) % 40
        c = self.data.close[0]
        O = bt.Order
        if i == 1:
            self.sell(size=20)                      # a short: interest accrues
        elif i == 8:
            self.buy(size=8)                        # partial cover: credit booked
        elif i == 12:
            self.buy(size=30)                       # cover the rest, open a long
        elif i == 16:
            self.buy(size=5000)                     # cash short at the fill: Margin
        elif i == 18:
            self.buy_bracket(size=5000, price=round(c * 1.01, 2),
                             stopprice=round(c * 0.9, 2),
                             limitprice=round(c * 1.1, 2), exectype=O.Market)
        elif i == 22:
            first = self.sell(size=6, exectype=O.Limit, price=round(c * 1.005, 2))
            self.sell(size=6, exectype=O.Stop, price=round(c * 0.995, 2), oco=first)
        elif i == 30:
            self.order_target_size(target=-10)
        elif i == 37:
            self.close()


def main():
    broker = 'stock'
    if '--broker' in sys.argv:
        at = sys.argv.index('--broker')
        broker = sys.argv[at + 1]
        del sys.argv[at:at + 2]
    opts = rec.parse_args()
    cerebro = rec.make_cerebro(opts, stdstats=False)
    if broker == 'hidden':
        cerebro.broker = HiddenCashBroker()
    cerebro.adddata(rec.daily_feed(opts, "daily"))
    cerebro.addstrategy(FillTail)
    cerebro.broker.setcash(50000.0)
    cerebro.broker.set_checksubmit(False)
    if broker == 'userscheme':
        cerebro.broker.addcommissioninfo(UserComm(commission=0.001, percabs=True,
                                                  interest=0.08))
    else:
        cerebro.broker.setcommission(commission=0.001, interest=0.08)
    rec.finish(opts, cerebro, cerebro.run())


if __name__ == "__main__":
    main()
