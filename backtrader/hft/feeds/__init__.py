"""Feeds of the high-frequency layer: L2 events, trade and quote ticks, exchange recordings and
the push feed (each class is loaded lazily through ``backtrader.hft``)."""
