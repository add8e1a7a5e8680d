"""Market-making strategies of the high-frequency layer (the package loads when ``bt.hft`` is
first asked for one of them)."""
from backtrader.hft.strategies.avellaneda import (AvellanedaStoikov, QuoteState, as_quotes,
                                                  as_reservation_price, as_half_spread,
                                                  as_infinite_reservations)
from backtrader.hft.strategies.glft import GLFT, glft_coefficients
from backtrader.hft.strategies.hedger import Hedger, hedge_size
from backtrader.hft.strategies.as_family import (ASAdverseSelection, ASInventoryPenalty,
                                                 ASMicroprice, ASQVI, fill_probability)
from backtrader.hft.strategies.reference import REFERENCE_QUOTING, reference_broker

__all__ = ['AvellanedaStoikov', 'QuoteState', 'as_quotes', 'as_reservation_price',
           'as_half_spread', 'as_infinite_reservations', 'GLFT', 'glft_coefficients',
           'Hedger', 'hedge_size', 'ASInventoryPenalty', 'ASAdverseSelection', 'ASQVI',
           'ASMicroprice', 'fill_probability', 'reference_broker', 'REFERENCE_QUOTING']
