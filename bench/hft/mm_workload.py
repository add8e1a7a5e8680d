"""The market-making run the benchmarks of this folder share (``bm_mm.py``, ``bm_models.py``): one
model of ``bt.hft.strategies`` on one ``gen_l2.py`` file with the reference workload's broker and
quoting params (``bt.hft.strategies.reference_broker``, ``REFERENCE_QUOTING``), and its figures."""
import resource


def run_model(path, cls_name='AvellanedaStoikov', **params):
    """Run ``bt.hft.strategies.<cls_name>`` on ``path`` (requotes every 100 ms); ``params`` are
    added to (or replace) the reference quoting params. Returns ``(strategy, broker, data)``."""
    import backtrader as bt
    from backtrader.hft.strategies import REFERENCE_QUOTING, reference_broker
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.hft.L2EventData(dataname=path, tick_size=0.01, lot_size=0.001, step='100ms')
    cerebro.adddata(data)
    cerebro.broker = reference_broker()
    cerebro.addstrategy(getattr(bt.hft.strategies, cls_name), **dict(REFERENCE_QUOTING, **params))
    return cerebro.run()[0], cerebro.broker, data


def figures(strat, broker, data):
    """What a run did: wake-ups, quotes sent, cancels, fills, final position, fees, PnL (balance +
    position * last mid - fees) and the process's peak RSS."""
    st = broker.state()
    book = data.book
    mid = 0.5 * (book.best_bid + book.best_ask)
    return {
        'steps': strat.steps, 'submitted': strat.submitted, 'cancelled': strat.cancelled,
        'fills': int(st['num_trades']), 'position': round(st['position'], 6),
        'fee': round(st['fee'], 4),
        'pnl': round(st['balance'] + st['position'] * mid - st['fee'], 4),
        'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
