# Interface of the time-zone conversion of int64 nanosecond columns.
from backtrader._cy.buffer cimport Buffer

# UTC stamps of the wall-clock times ``wall`` in ``zone`` (pytz-like localize)
cpdef Buffer to_utc(object wall, object zone)
