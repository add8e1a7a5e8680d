"""Play a scripted order table (``tests/hft/broker_table.py``) on an event file with hftbacktest
2.4.4 and record every fill as the strategy side sees it.

    hbt_orders.py DATA.npz TABLE.npz --interval NS [--queue Q] [--exchange E]
        [--entry NS] [--response NS] [--maker F] [--taker F] --arrays OUT.npz --out RESULT.json

(run by the oracle harness ``tests/upstream.py`` with ``arrays=True``, which gives the last two).
``Q`` is ``risk_averse``, ``power_prob:N``, ``power_prob2:N``, ``power_prob3:N``, ``log_prob`` or
``log_prob2``; ``E`` is ``no_partial`` or ``partial``.

The loop is ``elapse(interval)`` (the clock starts undefined, so the first wake-up is elapse's
own); at wake-up k the rows of step k are performed in table order (see the table's docstring),
then ``clear_inactive_orders``. Between wake-ups the backtest also stops at every order response
(``wait_next_feed`` with responses, bounded by the next wake-up; this changes no result), so the
fills are seen one response batch at a time: a fill is an increase of an order's executed
quantity (``qty - leaves_qty``) between two looks. A batch holds several fills of one order only
when a taking order walks levels at one exchange time (partial-fill exchange); hftbacktest then
shows only the last one's price and size, and the batch's total.

With partial fills, hftbacktest 2.4.4 can fail with InvalidOrderStatus (an order a queue fill
exhausted exactly stays in its exchange and is filled again; its issue #312): the run stops
there and RESULT.json says so (``error``, ``stop_ts``). Its local state values miss partial fills
(issue #316); they are reported as they are.

OUT.npz holds
- ``fills``: one row per (order, response batch): ``row`` (table row), ``exch_ts`` (exchange time
  of the order's last fill), ``recv_ts`` (the backtest's time when the strategy saw it),
  ``px`` (last fill price, ticks), ``lots`` (quantity filled in the batch), ``last_lots``
  (quantity of its last fill), ``maker``, ``status`` (the order's status after it);
- ``price``: per table row, the limit price in ticks it was sent at (0 for market orders and for
  sent cancels; -1 for a cancel not sent because its order was no longer working);
- ``final``: per table row, the order's last status seen (hftbacktest's codes; 255 if never sent);
- ``steps_ts``: the backtest's time at every wake-up whose rows were performed.
RESULT.json holds the final state values, the number of steps, the counts of orders and cancels
sent, ``error`` (0, or hftbacktest's error code) and ``stop_ts`` (its time at the end).
"""
import argparse
import json

import numpy as np
from numba import njit

from hftbacktest import GTC, LIMIT, MARKET, BacktestAsset, HashMapMarketDepthBacktest

TICK, LOT = 0.01, 0.001             # gen_l2.py's grid
LIMIT_KIND, CANCEL_KIND = 0, 2      # the table's kinds (1: market)
NEW, PARTIALLY_FILLED, UNSEEN = 1, 5, 255
QUEUE_METHODS = {'risk_averse': 'risk_adverse_queue_model',
                 'power_prob': 'power_prob_queue_model', 'power_prob2': 'power_prob_queue_model2',
                 'power_prob3': 'power_prob_queue_model3', 'log_prob': 'log_prob_queue_model',
                 'log_prob2': 'log_prob_queue_model2'}
fill_dtype = np.dtype([('row', 'i8'), ('exch_ts', 'i8'), ('recv_ts', 'i8'), ('px', 'i8'),
                       ('lots', 'i8'), ('last_lots', 'i8'), ('maker', '?'), ('status', 'u1')])


@njit
def _look(hbt, lot, open_rows, n_open, done_lots, final, fills, nf):
    """Record the fills of the working orders since the last look; drop the finished ones."""
    orders = hbt.orders(0)
    now = hbt.current_timestamp
    k = 0
    for j in range(n_open):
        row = open_rows[j]
        o = orders.get(row + 1)
        if o is None:
            continue
        cum = int(round((o.qty - o.leaves_qty) / lot))
        if cum > done_lots[row]:
            f = fills[nf]
            f.row = row
            f.exch_ts = o.exch_timestamp
            f.recv_ts = now
            f.px = o.exec_price_tick
            f.lots = cum - done_lots[row]
            f.last_lots = int(round(o.exec_qty / lot))
            f.maker = o.arr[0].maker     # the Order wrapper has no property for it
            f.status = o.status
            nf += 1
            done_lots[row] = cum
        final[row] = o.status
        if o.status == NEW or o.status == PARTIALLY_FILLED or o.status == 0:
            open_rows[k] = row
            k += 1
    return k, nf


@njit
def _run(hbt, interval, table, lot, tick, price, final, fills, steps_ts):
    n_rows = len(table)
    open_rows = np.zeros(n_rows, np.int64)
    done_lots = np.zeros(n_rows, np.int64)
    n_open = 0
    nf = 0
    a = 0
    step = 0
    n_orders = 0
    n_cancels = 0
    ended = False
    error = 0
    while not ended:
        if step == 0:
            # the clock starts undefined (INT64_MAX): the first wake-up is elapse's own, and
            # no order is out before it
            r = hbt.elapse(interval)
            error = r if r >= 10 else 0
            ended = r != 0
        target = hbt.current_timestamp + interval
        while step > 0:    # to the next wake-up, stopping at every order response
            left = target - hbt.current_timestamp
            if left <= 0:
                break
            r = hbt.wait_next_feed(True, left)
            if r == 1 or r >= 10:
                error = r if r >= 10 else 0
                ended = True
                break
            if r == 3:
                n_open, nf = _look(hbt, lot, open_rows, n_open, done_lots, final, fills, nf)
        n_open, nf = _look(hbt, lot, open_rows, n_open, done_lots, final, fills, nf)
        if ended:
            break
        steps_ts[step] = hbt.current_timestamp
        depth = hbt.depth(0)
        bb = depth.best_bid_tick
        ba = depth.best_ask_tick
        while a < n_rows and table[a].step == step:
            t = table[a]
            oid = a + 1
            if t.kind == CANCEL_KIND:
                o = hbt.orders(0).get(t.target + 1)
                if o is not None and o.cancellable:
                    hbt.cancel(0, t.target + 1, False)
                    n_cancels += 1
                else:
                    price[a] = -1
            else:
                qty = t.lots * lot
                if t.kind == LIMIT_KIND:
                    px = bb + t.offset if t.side > 0 else ba - t.offset
                    price[a] = px
                    tif = t.tif
                    otype = LIMIT
                else:
                    px = ba if t.side > 0 else bb
                    tif = GTC
                    otype = MARKET
                if t.side > 0:
                    hbt.submit_buy_order(0, oid, px * tick, qty, tif, otype, False)
                else:
                    hbt.submit_sell_order(0, oid, px * tick, qty, tif, otype, False)
                final[a] = 0
                open_rows[n_open] = a
                n_open += 1
                n_orders += 1
            a += 1
        hbt.clear_inactive_orders(0)
        step += 1
    return step, nf, n_orders, n_cancels, error, hbt.current_timestamp


def make_asset(data, a):
    asset = (BacktestAsset().data(data).linear_asset(1.0).tick_size(TICK).lot_size(LOT)
             .constant_order_latency(a.entry, a.response)
             .trading_value_fee_model(a.maker, a.taker))
    name, _, arg = a.queue.partition(':')
    if name not in QUEUE_METHODS:
        raise SystemExit('unknown queue model %r (one of %s)' % (a.queue, sorted(QUEUE_METHODS)))
    method = getattr(asset, QUEUE_METHODS[name])
    asset = method(float(arg)) if name.startswith('power') else method()
    if a.exchange == 'partial':
        return asset.partial_fill_exchange()
    if a.exchange == 'no_partial':
        return asset.no_partial_fill_exchange()
    raise SystemExit('unknown exchange model %r' % a.exchange)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('table')
    ap.add_argument('--interval', type=int, required=True)
    ap.add_argument('--queue', default='power_prob:3')
    ap.add_argument('--exchange', default='no_partial')
    ap.add_argument('--entry', type=int, default=1_000_000)
    ap.add_argument('--response', type=int, default=1_000_000)
    ap.add_argument('--maker', type=float, default=-0.00005)
    ap.add_argument('--taker', type=float, default=0.0007)
    ap.add_argument('--arrays', required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    data = np.load(a.src)['data']
    table = np.load(a.table)['table']
    hbt = HashMapMarketDepthBacktest([make_asset(data, a)])
    span = int(data['local_ts'].max() - data['local_ts'].min())
    steps_ts = np.zeros(span // a.interval + 3, np.int64)
    price = np.zeros(len(table), np.int64)
    final = np.full(len(table), UNSEEN, np.uint8)
    fills = np.zeros(len(table) + int(table['lots'].sum()), fill_dtype)   # a fill is >= 1 lot
    steps, nf, n_orders, n_cancels, error, stop_ts = _run(hbt, a.interval, table, LOT, TICK,
                                                          price, final, fills, steps_ts)
    sv = hbt.state_values(0)
    state = {k: float(getattr(sv, k)) for k in ('position', 'balance', 'fee', 'trading_volume',
                                                 'trading_value')}
    state['num_trades'] = int(sv.num_trades)
    hbt.close()
    np.savez(a.arrays, fills=fills[:nf], price=price, final=final, steps_ts=steps_ts[:steps])
    with open(a.out, 'w') as fh:
        json.dump({'steps': int(steps), 'orders': int(n_orders), 'cancels': int(n_cancels),
                   'state': state, 'error': int(error), 'stop_ts': int(stop_ts)}, fh)


if __name__ == '__main__':
    main()
