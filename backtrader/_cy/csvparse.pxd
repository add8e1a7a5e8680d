# Interface of the CSV column reader.
#
# A CSVReader reads delimited text in byte chunks and converts the selected
# columns of every row straight into typed columns (Buffers, delivered as numpy
# arrays on request): the datetime column into int64 nanoseconds, every other
# selected column into float64.
from libc.stdint cimport int64_t

from backtrader._cy.dateformats cimport DateFormat

cdef struct Layout:
    int dtcol          # datetime column (negative: from the end), unused if DT_NONE
    int tmcol          # time column or -1
    int maxcol         # highest non-negative column index needed (-1: none)
    int64_t timeoffset # ns added to dates when the layout has no time column
    int* cols          # one column index per output value column (-1: absent)


cdef class CSVReader:
    # source
    cdef object _f
    cdef bint _owns
    cdef bint _text
    cdef str _encoding
    cdef Py_ssize_t _chunksize
    cdef readonly str name
    # byte buffer [bpos, bend) of unconsumed input
    cdef char* buf
    cdef Py_ssize_t bufcap
    cdef Py_ssize_t bpos
    cdef Py_ssize_t bend
    cdef bint eof
    cdef bint started
    cdef readonly Py_ssize_t lineno     # physical lines consumed so far
    cdef readonly Py_ssize_t rows_read  # data rows delivered so far
    cdef Py_ssize_t skip_left
    # tokenizing
    cdef bytes _sep
    cdef int seplen
    cdef char sepc
    cdef bint ws_split
    cdef Py_ssize_t* fs
    cdef Py_ssize_t* fe
    cdef Py_ssize_t fcap
    cdef Py_ssize_t nf
    # row layout
    cdef Layout lay[2]
    cdef int alt_nfields
    cdef int ncols
    cdef readonly tuple names
    cdef readonly str dtname
    cdef double nullvalue
    cdef bint null_ok
    cdef bint allow_empty
    cdef object _nullerr
    cdef double* lenient_val
    cdef char* has_lenient
    cdef bytes _skiptok
    cdef int skip_from
    # datetime conversion
    cdef int dtmode
    cdef DateFormat dfmt
    cdef DateFormat tfmt
    cdef object _dtfallback
    cdef object _dtdesc
    cdef int64_t epoch_unit
    # block output
    cdef readonly Py_ssize_t blocksize
    cdef bint as_numpy            # deliver numpy arrays (else Buffers)
    cdef list _outbufs
    cdef object _dtbuf
    cdef double** outp
    cdef int64_t* dtp
    cdef bint want_linenos        # also deliver each row's line number
    cdef object _linebuf
    cdef int64_t* linep

    cdef int _fill_more(self) except -1
    cdef int _next_line(self, Py_ssize_t* ls, Py_ssize_t* le) except -1
    cdef int _addfield(self, Py_ssize_t a, Py_ssize_t b) except -1
    cdef object _text_of(self, const char* line, Py_ssize_t a, Py_ssize_t b)
    cdef object _count_error(self, const char* line, Py_ssize_t n, str field, int col)
    cdef object _value_error(self, str field, int col, text, str what)
    cdef int64_t _dt_python(self, const char* line, int col, int tcol) except? -1
    cdef int _tokenize(self, const char* line, Py_ssize_t n) except -1
    cdef int _parse_row(self, const char* line, Py_ssize_t n, Py_ssize_t row) except -1
    cdef int64_t _parse_dt(self, const char* line, Layout* L) except? -1
    cdef double _parse_value(self, const char* line, Layout* L, int c) except? -1.0
    cdef void _alloc(self, Py_ssize_t n) except *
    cdef dict _package(self, Py_ssize_t n)
    cdef void _release(self)
    cdef dict _deliver(self, dict block)
    cdef dict _next_block(self, Py_ssize_t cap)
