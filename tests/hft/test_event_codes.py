"""The event kinds and flags: backtrader.hft.events (Python) and _cy/eventkinds.pxd (every compiled
module) declare the same names with the same values, and those of hftbacktest's format."""
import pathlib
import re

import numpy as np

from backtrader.hft import events
from backtrader.hft.book import OrderBook

PXD = pathlib.Path(events.__file__).parent / '_cy' / 'eventkinds.pxd'


def pxd_codes():
    """``{name: value}`` of the kinds (enum lines) and flags (#define lines) of eventkinds.pxd."""
    text = PXD.read_text()
    codes = {m[1]: int(m[2]) for m in re.finditer(r'^\s+(\w+_EVENT) = (\d+)\b', text, re.M)}
    for m in re.finditer(r'#define BTHFT_(\w+_EVENT)\s+\(UINT64_C\(1\) << (\d+)\)', text):
        codes[m[1]] = 1 << int(m[2])
    for m in re.finditer(r'const uint64_t (\w+) "BTHFT_(\w+)"', text):
        assert m[1] == m[2], 'eventkinds.pxd: %s is bound to the macro of %s' % (m[1], m[2])
    return codes


def python_codes():
    return {k: v for k, v in vars(events).items() if k.endswith('_EVENT')}


def test_python_and_compiled_codes_agree():
    assert pxd_codes() == python_codes()


def test_codes_are_hftbacktests():
    # hftbacktest 2.4.4's types.py
    assert python_codes() == {
        'DEPTH_EVENT': 1, 'TRADE_EVENT': 2, 'DEPTH_CLEAR_EVENT': 3, 'DEPTH_SNAPSHOT_EVENT': 4,
        'DEPTH_BBO_EVENT': 5, 'ADD_ORDER_EVENT': 10, 'CANCEL_ORDER_EVENT': 11,
        'MODIFY_ORDER_EVENT': 12, 'FILL_EVENT': 13, 'EXCH_EVENT': 2 ** 31,
        'LOCAL_EVENT': 2 ** 30, 'BUY_EVENT': 2 ** 29, 'SELL_EVENT': 2 ** 28}


def test_compiled_book_reads_the_python_codes():
    # records built from the Python names: the book applies depth and snapshot levels on the
    # flagged side, skips trades and BBOs, and a side-less clear empties it
    ev = np.zeros(5, events.event_dtype)
    flags = events.EXCH_EVENT | events.LOCAL_EVENT
    ev['ev'] = [events.DEPTH_EVENT | events.BUY_EVENT | flags,
                events.DEPTH_SNAPSHOT_EVENT | events.SELL_EVENT | flags,
                events.TRADE_EVENT | events.BUY_EVENT | flags,
                events.DEPTH_BBO_EVENT | events.SELL_EVENT | flags,
                events.DEPTH_EVENT | events.SELL_EVENT | flags]
    ev['px'] = [100.0, 101.0, 105.0, 99.0, 102.0]
    ev['qty'] = [2.0, 3.0, 1.0, 1.0, 4.0]
    book = OrderBook(tick_size=1.0, lot_size=1.0)
    assert book.apply_events(ev) == 3
    assert (book.best_bid_tick, book.best_bid_qlot) == (100, 2)
    assert (book.best_ask_tick, book.best_ask_qlot) == (101, 3)
    clear = np.zeros(1, events.event_dtype)
    clear['ev'] = events.DEPTH_CLEAR_EVENT | flags
    book.apply_events(clear)
    assert book.best_bid_qlot == 0 and book.best_ask_qlot == 0
