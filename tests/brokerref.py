"""Plain-Python references of the broker's compiled steps, for tests only.

``ReferenceRounds`` is a BackBroker whose rounds over the orders and whose
order events (notify, OCO check, bracket groups, acceptance) are written here
in Python, and whose fills take the Python path (``_execute_by_methods``).
``ReferenceBroker`` adds a ``next`` built from the Python paths of the bar
(``_charge_interest_by_methods``, ``_settle_by_methods``, ``_get_value``).
``PyScheme`` is a user commission scheme that computes every stock formula
in its own Python methods: a broker holding it runs the Python paths, and
must give what the compiled paths give for the stock scheme.

The tests run the same scenario on a shipped broker and on these, and
compare every figure.
"""
import backtrader as bt
from backtrader.comminfo import CommInfoBase

_END = None  # end of a round in the pending queue (the compiled round's mark)


class ReferenceRounds(bt.brokers.BackBroker):
    """BackBroker with Python rounds, order events and fills."""

    def _execute(self, order, ago=None, price=None, cash=None, position=None,
                 dtcoc=None):
        return self._execute_by_methods(order, ago, price, cash, position, dtcoc)

    def notify(self, order):
        self.notifs.append(order.clone())

    def _ococheck(self, order):
        links = self._ocos
        members = self._ocol.pop(links.get(links.get(order.ref)), None)
        if not members or members == [order.ref]:
            return
        pending = self.pending
        for i in reversed(range(len(pending))):
            other = pending[i]
            if other is not None and other.ref in members:
                del pending[i]
                other.cancel()
                self.notify(other)

    def _bracketize(self, order, cancel=False):
        ref = order.ref
        head = getattr(order.parent, 'ref', ref)
        group = self._pchildren[head]
        if cancel or head != ref:
            while group:
                self.cancel(group.popleft(), bracket=True)
            del self._pchildren[head]
            self._pdone.discard(head)
            return
        group.popleft()
        if group:
            self._toactivate.extend(group)
        else:
            del self._pchildren[head]
            self._pdone.add(head)

    def submit_accept(self, order):
        order.pannotated = None
        order.submit()
        order.accept()
        self.pending.append(order)
        self.notify(order)

    def check_submitted(self):
        cash = self.cash
        trials = {}
        submitted = self.submitted
        while submitted:
            order = submitted.popleft()
            if self._take_children(order) is None:
                continue
            data = order.data
            if data not in trials:
                trials[data] = self.positions[data].clone()
            cash = self._execute(order, cash=cash, position=trials[data])
            if cash >= 0.0:
                self.submit_accept(order)
            else:
                order.margin()
                self.notify(order)
                self._ococheck(order)
                self._bracketize(order, cancel=True)

    def _process_pending(self):
        pending = self.pending
        pending.append(_END)  # OCO cancels may remove orders during the round
        while True:
            order = pending.popleft()
            if order is _END:
                break
            if order.expire():
                self.notify(order)
                self._ococheck(order)
                self._bracketize(order, cancel=True)
            elif not order.active():
                pending.append(order)
            else:
                self._try_exec(order)
                if order.alive():
                    pending.append(order)
                elif order.status == bt.Order.Completed:
                    self._bracketize(order)


class ReferenceBroker(ReferenceRounds):
    """ReferenceRounds whose bar is made of the Python paths only."""

    def next(self):
        while self._toactivate:
            self._toactivate.popleft().activate()
        if self.submitted and self.p.checksubmit:
            self.check_submitted()
        self._charge_interest_by_methods()
        if self._userhist:
            self._process_order_history()
        if self.pending:
            self._process_pending()
        self._settle_by_methods()
        self._get_value()


class PyScheme(CommInfoBase):
    """A user scheme whose methods compute the stock formulas themselves."""

    def _margin_at(self, price):
        auto = self.p.automargin
        if not auto:
            return self.p.margin
        return price * (self.p.mult if auto < 0 else auto)

    def get_margin(self, price):
        return self._margin_at(price)

    def get_leverage(self):
        return self.p.leverage

    def getoperationcost(self, size, price):
        unit = price if self._stocklike else self._margin_at(price)
        return abs(size) * unit

    def getvaluesize(self, size, price):
        if self._stocklike:
            return size * price
        return abs(size) * self._margin_at(price)

    def getvalue(self, position, price):
        size = position.size
        if not self._stocklike:
            return abs(size) * self._margin_at(price)
        if size >= 0:
            return size * price
        return position.price * size + (position.price - price) * size

    def getcommission(self, size, price):
        if self._commtype == self.COMM_PERC:
            return abs(size) * self.p.commission * price
        return abs(size) * self.p.commission

    def profitandloss(self, size, price, newprice):
        return size * (newprice - price) * self.p.mult

    def cashadjust(self, size, price, newprice):
        if self._stocklike:
            return 0.0
        return size * (newprice - price) * self.p.mult
