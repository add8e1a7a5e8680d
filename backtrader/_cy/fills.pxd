# Interface of the compiled fill of an order (BackBroker._execute).

cpdef object execute(object broker, object order, object ago, object price,
                     object cash, object position, object dtcoc)
