# cython: language_level=3
"""Python-callable wrappers of the inline helpers in ``cpython_private.pxd``,
for ``tests/test_cpython_private.py`` (a ``.pxd`` of inline functions cannot
be called from Python by itself)."""
from cpython.object cimport PyObject
from backtrader._cy.cpython_private cimport (class_attr, in_instance_dict,
                                             same_class_attr, type_lookup)


def probe_type_lookup(cls, name):
    """``type_lookup``: what ``cls`` holds under ``name``, or a marker
    tuple ``('missing',)`` for NULL."""
    cdef PyObject* found = type_lookup(cls, name)
    return ('missing',) if found == NULL else <object>found


def probe_class_attr(obj, name):
    """``class_attr(obj, name)``."""
    return class_attr(obj, name)


def probe_same_class_attr(cls, base, name):
    """``same_class_attr(cls, base, name)``."""
    return same_class_attr(cls, base, name)


def probe_in_instance_dict(obj, name):
    """``in_instance_dict(obj, name)``."""
    return in_instance_dict(obj, name)
