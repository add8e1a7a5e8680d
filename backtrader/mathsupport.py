"""Small statistics helpers the analyzers share (``backtrader.mathsupport``).

Sums are exactly rounded (``math.fsum``), so results do not depend on the
order the values arrive in.
"""
import math

__all__ = ['average', 'variance', 'standarddev']


def average(x, bessel=False):
    """Mean of the sized iterable ``x``; with ``bessel`` the sum is divided
    by ``len(x) - 1``."""
    return math.fsum(x) / (len(x) - bessel)


def variance(x, avgx=None):
    """The squared deviations of each value of ``x`` from ``avgx`` (default:
    the mean of ``x``), as a list."""
    center = average(x) if avgx is None else avgx
    return [pow(v - center, 2.0) for v in x]


def standarddev(x, avgx=None, bessel=False):
    """Population standard deviation of ``x`` (sample one with ``bessel``)."""
    return math.sqrt(average(variance(x, avgx), bessel=bessel))
