# Interface of the fill of an order (BackBroker._execute): the compiled path
# for stock commission schemes; anything else is handed to the Python path
# (BackBroker._execute_by_methods), as brokerroute.route_of decides. Both
# paths end in ``book``: the position, the order's record and notifications.

cpdef object execute(object broker, object order, object ago, object price,
                     object cash, object position, object dtcoc)

cpdef object book(object broker, object order, object data, object position,
                  object comminfo, object margin, object ago, object dtcoc,
                  object price, object closed, object closedvalue,
                  object closedcomm, object opened, object openedvalue,
                  object openedcomm, object pnl, object psize, object pprice,
                  bint refused)
