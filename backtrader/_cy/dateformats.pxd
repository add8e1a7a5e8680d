# Interface of the date formats of the CSV reader: strftime-like formats
# compiled to byte-matching operations, and the conversion of the matched
# components to int64 nanoseconds since the epoch.
from libc.stdint cimport int64_t

from backtrader._cy.timeconv cimport days_from_civil

# kinds of date-format operations
cdef enum:
    OP_NUM = 1       # a run of digits feeding one date/time component
    OP_LIT = 2       # one literal byte (ASCII letters compared without case)
    OP_WS = 3        # one or more whitespace bytes
    OP_ANY = 4       # any single byte (private: fixed-position layouts)
    OP_REST = 5      # ignore the rest of the token (private)

# date/time components filled by OP_NUM
cdef enum:
    C_YEAR = 0
    C_YEAR2 = 1
    C_MONTH = 2
    C_DAY = 3
    C_HOUR = 4
    C_MINUTE = 5
    C_SECOND = 6
    C_FRAC = 7
    NCOMP = 8

# how the datetime column is read
cdef enum:
    DT_NONE = 0      # no datetime column
    DT_FORMAT = 1    # compiled strftime-like format (+ optional time column)
    DT_PYTHON = 2    # per-row Python callable only
    DT_EPOCH_INT = 3     # integer seconds (upstream dtformat=1)
    DT_EPOCH_FLOAT = 4   # float seconds, microsecond rounding (dtformat=2)
    DT_EPOCH_DEC = 5     # exact decimal count of a unit (ns, us, ms, s)

cdef struct DtOp:
    int kind
    int comp
    int minw
    int maxw
    char lit


cdef class DateFormat:
    """A strftime-like format compiled to byte-matching operations."""
    cdef DtOp ops[128]
    cdef int nops
    cdef readonly bint compiled     # False: format needs the Python fallback
    cdef readonly unsigned int comps_mask
    cdef readonly str text
    cdef Py_ssize_t fixedlen        # length with every field at its widest (-1: none)
    cdef int nfixnum, nfixlit       # that layout: numbers (position, width,
    cdef int fixnum_pos[128]        # component) and literals (position,
    cdef int fixnum_w[128]          # character; 0 for a whitespace run)
    cdef int fixnum_comp[128]
    cdef int fixlit_pos[128]
    cdef char fixlit_ch[128]

    cdef bint match(self, const char* s, Py_ssize_t n, int64_t* comps) noexcept nogil
    cdef bint _match_fixed(self, const char* s, int64_t* comps) noexcept nogil


# inline: the reader runs them on every row
cdef inline int days_in_month(int64_t y, int64_t m) noexcept nogil:
    if m == 2:
        if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0:
            return 29
        return 28
    if m == 4 or m == 6 or m == 9 or m == 11:
        return 30
    return 31


cdef inline void init_comps(int64_t* comps) noexcept nogil:
    comps[C_YEAR] = 1900
    comps[C_YEAR2] = -1
    comps[C_MONTH] = 1
    comps[C_DAY] = 1
    comps[C_HOUR] = 0
    comps[C_MINUTE] = 0
    comps[C_SECOND] = 0
    comps[C_FRAC] = 0


cdef inline int comps_to_ns(int64_t* comps, int64_t* out) noexcept nogil:
    """Validate parsed components (as ``datetime`` would) and convert to ns."""
    cdef int64_t y = comps[C_YEAR]
    cdef int64_t days
    if comps[C_YEAR2] >= 0:
        y = comps[C_YEAR2] + (2000 if comps[C_YEAR2] <= 68 else 1900)
    if y < 1 or y > 9999:
        return 0
    if comps[C_MONTH] < 1 or comps[C_MONTH] > 12:
        return 0
    if comps[C_DAY] < 1 or comps[C_DAY] > days_in_month(y, comps[C_MONTH]):
        return 0
    if comps[C_HOUR] > 23 or comps[C_MINUTE] > 59 or comps[C_SECOND] > 59:
        return 0
    days = days_from_civil(y, comps[C_MONTH], comps[C_DAY])
    if days < -106751 or days > 106750:  # beyond int64 nanoseconds
        return 0
    out[0] = (days * 86400000000000LL
              + (comps[C_HOUR] * 3600 + comps[C_MINUTE] * 60 + comps[C_SECOND]) * 1000000000LL
              + comps[C_FRAC])
    return 1
