# Interface of the compiled Position (backtrader.position.Position): the
# broker's kernels read and write its fields directly.

cdef class Position:
    cdef public object size, price, price_orig, adjbase
    cdef public object upopened, upclosed, updt
    cdef public object _dtnum       # day number of a lazily stamped datetime
    cdef public object _dttz        # its time zone
    cdef object _dtval              # the datetime (_UNSET when none)
    cdef dict __dict__

    cpdef tuple update(self, size, price, dt=*)
    cpdef tuple pseudoupdate(self, size, price)


cdef tuple update_figures(oldsize, oldprice, size, price)
