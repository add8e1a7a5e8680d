"""Commission schemes: cost, value, margin and interest of operations."""
from backtrader._cy.watched import watched_delattr, watched_setattr
from backtrader.metabase import ParamsBase

__all__ = ['CommInfoBase', 'CommissionInfo']


class CommInfoBase(ParamsBase):
    """How an asset is charged and valued.

    Params
    ------
    commission : float (0.0)
        Percentage (``COMM_PERC``) or money per unit (``COMM_FIXED``).
    mult : float (1.0)
        Multiplier applied to price differences (profit and loss).
    margin : float or None (None)
        Money needed per unit to hold a futures-like position.
    commtype : None, COMM_PERC or COMM_FIXED (None)
        ``None`` keeps the legacy rule: with a ``margin`` the asset is
        futures-like with a fixed commission, without it stock-like with a
        percentage commission. Any other value is used as given, together
        with ``stocklike``.
    stocklike : bool (False)
        Stock-like (cash pays the full price) or futures-like (margin).
    percabs : bool (False)
        For percentages: True means ``commission`` is 0.xx, False XX%.
    interest : float (0.0)
        Yearly rate charged on short positions (0.05 is 5%):
        ``days * price * abs(size) * interest / 365``.
    interest_long : bool (False)
        Charge the interest on long positions too.
    leverage : float (1.0)
        Leverage allowed on the cash needed.
    automargin : bool or float (False)
        :meth:`get_margin` policy: False uses ``margin``, a negative value
        ``price * mult``, a positive value ``price * automargin``.

    The final choices live in ``_stocklike`` and ``_commtype``.
    """

    COMM_PERC, COMM_FIXED = range(2)

    params = (
        ('commission', 0.0), ('mult', 1.0), ('margin', None),
        ('commtype', None),
        ('stocklike', False),
        ('percabs', False),
        ('interest', 0.0),
        ('interest_long', False),
        ('leverage', 1.0),
        ('automargin', False),
    )

    def __init__(self):
        super(CommInfoBase, self).__init__()
        p = self.p
        self._stocklike = p.stocklike
        self._commtype = p.commtype
        if self._commtype is None:  # legacy: the margin decides
            if p.margin:
                self._stocklike, self._commtype = False, self.COMM_FIXED
            else:
                self._stocklike, self._commtype = True, self.COMM_PERC

        if not self._stocklike and not p.margin:
            p.margin = 1.0

        if self._commtype == self.COMM_PERC and not p.percabs:
            p.commission /= 100.0

        self._creditrate = p.interest / 365.0

    margin = property(lambda self: self.p.margin,
                      doc='Margin per unit (the param; 1.0 for futures given none).')
    stocklike = property(lambda self: self._stocklike,
                         doc='True when positions are valued as stocks, not by margin.')

    def get_margin(self, price):
        """Margin needed for one unit at ``price``: the ``margin`` param, or
        with ``automargin`` price x ``mult`` (if negative) or price x automargin."""
        auto = self.p.automargin
        if not auto:
            return self.p.margin
        return price * (self.p.mult if auto < 0 else auto)

    def get_leverage(self):
        """Leverage allowed by this scheme."""
        return self.p.leverage

    def getsize(self, price, cash):
        """Units that ``cash`` can buy at ``price``."""
        unitcost = price if self._stocklike else self.get_margin(price)
        return int(self.p.leverage * (cash // unitcost))

    def getoperationcost(self, size, price):
        """Cash needed to operate ``size`` units at ``price``."""
        if self._stocklike:
            return abs(size) * price
        return abs(size) * self.get_margin(price)

    def getvaluesize(self, size, price):
        """Value of ``size`` units at ``price`` (margin held for futures)."""
        if self._stocklike:
            return size * price
        return abs(size) * self.get_margin(price)

    def getvalue(self, position, price):
        """Value of ``position`` at ``price``; a stock short gains value as
        the price falls."""
        size = position.size
        if not self._stocklike:
            return abs(size) * self.get_margin(price)
        if size >= 0:
            return size * price
        # a short: the cash it brought in, plus what the fall of the price gained
        return position.price * size + (position.price - price) * size

    def profitandloss(self, size, price, newprice):
        """Profit of holding ``size`` from ``price`` to ``newprice``."""
        return size * (newprice - price) * self.p.mult

    def cashadjust(self, size, price, newprice):
        """Cash to add when a futures-like holding moves from ``price`` to
        ``newprice`` (0.0 for stock-like assets)."""
        return 0.0 if self._stocklike else size * (newprice - price) * self.p.mult

    def _getcommission(self, size, price, pseudoexec):
        """Commission of ``size`` units at ``price``; ``pseudoexec`` is True
        when the operation is only being evaluated."""
        per_units = abs(size) * self.p.commission
        return per_units * price if self._commtype == self.COMM_PERC else per_units

    def getcommission(self, size, price):
        """Commission of ``size`` units at ``price``."""
        return self._getcommission(size, price, pseudoexec=True)

    def confirmexec(self, size, price):
        """Commission of an operation that was actually executed."""
        return self._getcommission(size, price, pseudoexec=False)

    def get_credit_interest(self, data, pos, dt):
        """Interest due on ``pos`` since it was last charged up to ``dt``."""
        size = pos.size
        if size > 0 and not self.p.interest_long:
            return 0.0
        today = dt.date()
        since = pos.datetime.date()
        if today <= since:
            return 0.0
        return self._get_credit_interest(data, size, pos.price,
                                         (today - since).days, today, since)

    def _get_credit_interest(self, data, size, price, days, dt0, dt1):
        """Interest for ``days`` days on ``size`` at ``price`` (override to
        change the formula); ``dt0``/``dt1`` are the current and previous
        charge dates."""
        return days * self._creditrate * abs(size) * price


# the broker's kernels cache figures of the schemes (see watched_setattr)
CommInfoBase.__setattr__ = CommInfoBase.params.__setattr__ = watched_setattr
CommInfoBase.__delattr__ = CommInfoBase.params.__delattr__ = watched_delattr


class CommissionInfo(CommInfoBase):
    """Legacy scheme: like :class:`CommInfoBase` but percentages are 0.xx."""
    params = (
        ('percabs', True),
    )
