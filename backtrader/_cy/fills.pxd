# Interface of the fill of an order (BackBroker._execute): the compiled path
# for stock commission schemes; anything else is handed to the Python path
# (BackBroker._execute_by_methods), as brokerroute.route_of decides.

cpdef object execute(object broker, object order, object ago, object price,
                     object cash, object position, object dtcoc)
