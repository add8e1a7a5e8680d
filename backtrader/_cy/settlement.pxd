# Interface of the broker's end-of-bar settlement and valuation (part of
# BackBroker.next).

cdef int settle_and_value_step(object broker) except -1
