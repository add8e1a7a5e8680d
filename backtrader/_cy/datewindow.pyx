# cython: language_level=3, boundscheck=False, wraparound=False
"""The ``fromdate``/``todate`` window of a feed's preloaded rows, on their
float day numbers."""
from backtrader._cy.buffer cimport Buffer, as_buffer, new_buffer, F64, I64


def date_window(nums, double fromdate, double todate):
    """Rows kept by the date limits: those before the first day number above
    ``todate`` (the feed ends there) that are not below ``fromdate``.

    Returns None when every row is kept, else the int64 positions kept.
    """
    cdef Buffer col = as_buffer(nums, F64)
    cdef double* v = col.f64()
    cdef Py_ssize_t i, stop = col.n, k = 0
    for i in range(col.n):
        if v[i] > todate:
            stop = i
            break
    for i in range(stop):
        if v[i] >= fromdate:
            k += 1
    if k == col.n:
        return None
    cdef Buffer sel = new_buffer(k, I64)
    k = 0
    for i in range(stop):
        if v[i] >= fromdate:
            sel.i64()[k] = i
            k += 1
    return sel
