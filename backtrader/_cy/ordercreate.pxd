# Interface of the broker's order creation (BackBroker.buy / sell): Python
# functions only (broker_order, register_orders).
