# The private CPython API the compiled modules use, behind small inline helpers.
#
# Every use of an underscored CPython function in backtrader/_cy goes through
# this file, so that a change of the interpreter is dealt with in one place.
# Checked on CPython 3.11.7, the interpreter of CI and of this machine (the
# only version the project is built and tested on today): re-check both
# declarations against Include/cpython/object.h when another version is
# supported.
# tests/test_cpython_private.py exercises every helper (through the small
# compiled probe backtrader/_cy/cpython_probe.pyx).
from cpython.object cimport PyObject, PyTypeObject
from cpython.dict cimport PyDict_GetItem

cdef extern from "Python.h":
    # the attribute found on the class's MRO (borrowed reference) or NULL;
    # runs no Python code and sets no exception
    PyObject* _PyType_Lookup(PyTypeObject* t, object name)
    # the address of the instance's __dict__ slot (which may hold NULL), or
    # NULL when instances of its type have no __dict__
    PyObject** _PyObject_GetDictPtr(object obj)


cdef inline PyObject* type_lookup(object cls, object name):
    """What the class ``cls`` (a type) holds under ``name`` through its MRO,
    as a borrowed pointer; NULL when nothing."""
    return _PyType_Lookup(<PyTypeObject*>cls, name)


cdef inline object class_attr(object obj, object name):
    """What the class of ``obj`` holds under ``name`` (None if nothing)."""
    cdef object cls = type(obj)
    cdef PyObject* found = _PyType_Lookup(<PyTypeObject*>cls, name)
    return None if found == NULL else <object>found


cdef inline bint same_class_attr(object cls, object base, object name):
    """Whether ``cls`` and ``base`` hold the very same object under ``name``
    (both holding nothing counts as the same)."""
    return _PyType_Lookup(<PyTypeObject*>cls, name) == _PyType_Lookup(<PyTypeObject*>base, name)


cdef inline bint in_instance_dict(object obj, object name):
    """Whether the instance dict of ``obj`` (if it has one) holds ``name``. On
    CPython 3.11 an object whose type manages its dict (line series, strategies)
    gets its dict made here from its inline values, and keeps it: its attribute
    reads then specialise to the dict form (``LOAD_ATTR_WITH_HINT``)."""
    cdef PyObject** slot = _PyObject_GetDictPtr(obj)
    if slot == NULL or slot[0] == NULL:
        return False
    return PyDict_GetItem(<object>slot[0], name) != NULL
