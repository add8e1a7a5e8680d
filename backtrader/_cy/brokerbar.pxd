# Interface of the broker's bar (BackBroker.next), called by the compiled clock.

cpdef int broker_bar(object broker) except -1
