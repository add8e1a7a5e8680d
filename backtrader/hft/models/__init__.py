"""The fill-simulation models of the bid/ask broker (``bt.hft.models``), compiled for the
per-event path.

Queue position (where a resting order stands in its price level's queue):

* ``RiskAverseQueue()`` -- only trades at the order's price move it forward (L2 data);
* ``ProbQueue(func)`` -- size falls not explained by trades are shared between the queue ahead
  and the queue behind by ``func``: ``PowerProb(n)``, ``PowerProb2(n)``, ``PowerProb3(n)``,
  ``LogProb()``, ``LogProb2()`` (L2 data);
* ``L3FIFOQueue()`` -- exact FIFO queues from market-by-order (L3) data.

Order latency: ``ConstantLatency(entry_ns, response_ns)``, ``IntpOrderLatency(data)``.

Fees: ``MakerTakerFee(maker, taker)`` (on traded value), ``PerQtyFee(maker, taker)`` (per unit),
``FlatFee(maker, taker)`` (per fill). A negative fee is a rebate.

Every model has ``describe()`` (its name and parameters, also its ``repr``) and pickles.
"""
from backtrader.hft._cy.fees import FeeModel, FlatFee, MakerTakerFee, PerQtyFee
from backtrader.hft._cy.l3queue import L3FIFOQueue
from backtrader.hft._cy.latency import ConstantLatency, IntpOrderLatency, OrderLatency
from backtrader.hft._cy.queuemodel import (LogProb, LogProb2, PowerProb, PowerProb2, PowerProb3,
                                           Probability, ProbQueue, QueueModel, QueueTracker,
                                           RiskAverseQueue)

__all__ = [
    'QueueModel', 'RiskAverseQueue', 'ProbQueue', 'QueueTracker',
    'Probability', 'PowerProb', 'PowerProb2', 'PowerProb3', 'LogProb', 'LogProb2',
    'L3FIFOQueue',
    'OrderLatency', 'ConstantLatency', 'IntpOrderLatency',
    'FeeModel', 'MakerTakerFee', 'PerQtyFee', 'FlatFee',
]
