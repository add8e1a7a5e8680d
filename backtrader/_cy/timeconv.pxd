# Interface of the time-conversion kernels.
#
# Time inside the engine is an int64 count of nanoseconds since 1970-01-01 UTC.
# The compatibility view is upstream's float day number ("num"): the proleptic
# Gregorian ordinal of the date plus the elapsed fraction of the day.
from libc.stdint cimport int64_t

cdef int64_t NS_PER_US, NS_PER_SEC, NS_PER_DAY, EPOCH_ORDINAL
cdef int64_t NAT  # sentinel for "no time" (int64 minimum)

cdef int64_t days_from_civil(int64_t y, int64_t m, int64_t d) noexcept nogil
cdef void civil_from_days(int64_t days, int64_t* y, int64_t* m, int64_t* d) noexcept nogil
cdef int64_t civil_to_ns(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi,
                         int64_t s, int64_t nsfrac) noexcept nogil
cdef double ns_to_num(int64_t ns) noexcept nogil
cdef int64_t num_to_ns(double num) noexcept nogil
