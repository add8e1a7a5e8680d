"""Event records in hftbacktest's layout (64 bytes, aligned) and the constants of their ``ev`` field.

``ev`` holds the event kind in its low byte and flags in its high bits: which side processes the
event (``EXCH_EVENT`` at ``exch_ts``, ``LOCAL_EVENT`` at ``local_ts``) and which book side or
aggressor it concerns (``BUY_EVENT``: bid level or buyer-initiated trade, ``SELL_EVENT``: ask level
or seller-initiated trade).
"""
import numpy as np

event_dtype = np.dtype(
    [('ev', 'u8'), ('exch_ts', 'i8'), ('local_ts', 'i8'), ('px', 'f8'), ('qty', 'f8'),
     ('order_id', 'u8'), ('ival', 'i8'), ('fval', 'f8')],
    align=True)

# kinds (the low byte of ``ev``); the compiled modules take theirs from _cy/eventkinds.pxd
DEPTH_EVENT = 1
TRADE_EVENT = 2
DEPTH_CLEAR_EVENT = 3
DEPTH_SNAPSHOT_EVENT = 4
DEPTH_BBO_EVENT = 5
# market-by-order (L3) kinds
ADD_ORDER_EVENT = 10
CANCEL_ORDER_EVENT = 11
MODIFY_ORDER_EVENT = 12
FILL_EVENT = 13

# flags
EXCH_EVENT = 1 << 31
LOCAL_EVENT = 1 << 30
BUY_EVENT = 1 << 29
SELL_EVENT = 1 << 28
