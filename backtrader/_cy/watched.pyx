# cython: language_level=3
"""Watched settings: a version number for the settings the broker caches.

The broker's compiled steps keep, per position, figures of its commission
scheme (stock-like or not, mult, leverage, margin, interest) and some of the
broker's params. Instead of reading them again on every bar, they remember
the value of :func:`settings_version` when they read them; the classes of the
objects those figures come from announce every change by using
:func:`watched_setattr` and :func:`watched_delattr`, which move the version.
"""
from backtrader._cy.cpython_private cimport class_attr

cdef unsigned long long _version = 1


cdef unsigned long long settings_version() noexcept:
    """The current version (starts at 1; 0 is never a version)."""
    return _version


def watched_setattr(self, name, value):
    """``__setattr__`` of the objects whose settings are cached."""
    global _version
    object.__setattr__(self, name, value)
    _version += 1


def watched_delattr(self, name):
    """``__delattr__`` counterpart of :func:`watched_setattr`."""
    global _version
    object.__delattr__(self, name)
    _version += 1


cdef bint is_watched(object obj):
    """Whether every change of an attribute of ``obj`` moves the version."""
    return (class_attr(obj, '__setattr__') is watched_setattr
            and class_attr(obj, '__delattr__') is watched_delattr)
