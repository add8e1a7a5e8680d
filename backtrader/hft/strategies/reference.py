"""The settings of the reference market-making workload (the shared HFT material's
``bench_hftbacktest.py mm``, which hftbacktest runs too), in one place for the benchmarks, the
samples and the docs that compare models on the same fills: :func:`reference_broker` and
:data:`REFERENCE_QUOTING`."""
import types

__all__ = ['reference_broker', 'REFERENCE_QUOTING']

# the quoting params of the reference workload (the base model's, in ticks of 0.01; requotes come
# from the data's step: L2EventData(..., tick_size=0.01, lot_size=0.001, step='100ms'))
REFERENCE_QUOTING = types.MappingProxyType(dict(gamma=0.01, kappa=0.5, order_size=0.01,
                                                max_inventory=0.2))


def reference_broker(**params):
    """A :class:`bt.hft.BidAskBroker` set up as the reference workload's: ``PowerProb(3)`` queue,
    1 ms entry and response latency, maker -0.5 bp and taker 7 bp fees, whole fills only, no
    starting cash. ``params``: BidAskBroker params that replace those."""
    from backtrader.hft import models
    from backtrader.hft.broker import BidAskBroker
    kwargs = dict(queue_model=models.ProbQueue(models.PowerProb(3)),
                  latency=models.ConstantLatency(1_000_000, 1_000_000),
                  fees=models.MakerTakerFee(-0.00005, 0.0007), exchange='no_partial', cash=0.0)
    kwargs.update(params)
    return BidAskBroker(**kwargs)
