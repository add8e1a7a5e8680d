# Interface of the broker's interest step (part of BackBroker.next).

cdef int charge_interest_step(object broker) except -1
