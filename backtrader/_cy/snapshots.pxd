# Interface of the order snapshots (backtrader/order.py's Order.clone and the
# broker's notifications).

cdef object snapshot(object order)
