"""Home for ready-made signal indicators (empty, as in upstream backtrader)."""
