# Interface of the broker's rounds over its orders (BackBroker.check_submitted
# and _process_pending): Python functions bound as those methods.
