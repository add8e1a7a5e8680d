"""Ready-made commission schemes (percentages given as XX%, ``percabs=False``)."""
from backtrader.comminfo import CommInfoBase

__all__ = ['CommInfo', 'CommInfo_Futures', 'CommInfo_Futures_Perc',
           'CommInfo_Futures_Fixed', 'CommInfo_Stocks', 'CommInfo_Stocks_Perc',
           'CommInfo_Stocks_Fixed']


class CommInfo(CommInfoBase):
    """Same as :class:`backtrader.CommissionInfo` with XX% percentages."""


class CommInfo_Futures(CommInfoBase):
    """Futures-like asset."""
    params = (('stocklike', False),)


class CommInfo_Futures_Perc(CommInfo_Futures):
    """Futures-like asset, percentage commission."""
    params = (('commtype', CommInfoBase.COMM_PERC),)


class CommInfo_Futures_Fixed(CommInfo_Futures):
    """Futures-like asset, fixed commission per unit."""
    params = (('commtype', CommInfoBase.COMM_FIXED),)


class CommInfo_Stocks(CommInfoBase):
    """Stock-like asset."""
    params = (('stocklike', True),)


class CommInfo_Stocks_Perc(CommInfo_Stocks):
    """Stock-like asset, percentage commission."""
    params = (('commtype', CommInfoBase.COMM_PERC),)


class CommInfo_Stocks_Fixed(CommInfo_Stocks):
    """Stock-like asset, fixed commission per unit."""
    params = (('commtype', CommInfoBase.COMM_FIXED),)
