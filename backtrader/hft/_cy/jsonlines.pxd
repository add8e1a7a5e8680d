# Interface of the recording line reader: "<receive time ns> <json>" lines -> decoded messages.
from libc.stdint cimport int64_t


cdef class LineSource:
    cdef object lines                   # iterator of the file's raw lines (bytes)
    cdef object loads                   # the JSON decoder
    cdef object errors                  # the on_error policy (reader.LineErrors)
    cdef readonly int64_t line          # number of the line of the last message
    cdef readonly int64_t ts            # its receive time, ns
    cdef readonly int64_t messages_in   # non-blank lines read
    cdef int64_t last_ts

    cdef object next_message(self)      # the next decoded JSON object, or None at the end
