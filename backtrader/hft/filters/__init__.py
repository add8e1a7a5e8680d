"""Bars made from trade ticks: :class:`TickBars`, :class:`VolumeBars`, :class:`DollarBars`.

They are data filters: ``data.addfilter(bt.hft.filters.VolumeBars, volume=100)``. Time bars from
ticks come from ``cerebro.resampledata``.
"""
from .bars import DollarBars, TickBars, VolumeBars

__all__ = ['TickBars', 'VolumeBars', 'DollarBars']
