"""Benchmark d: exactbars=1 (bounded memory) over 2,000,000 minute bars.

The SMA(10)/SMA(30) CrossOver of benchmark a, counting the crosses without
trading (upstream keeps every order and trade object, which would dominate
the memory).  What matters is the peak RSS, which should not grow with the
number of bars.
Usage: python bm_exactbars.py [--data FILE]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bm_crossover  # noqa: E402

if __name__ == "__main__":
    sys.argv[1:1] = ["--exactbars", "1", "--runonce", "0", "--signals-only",
                     "--data", os.path.join(HERE, "data", "bars_2m.csv")]
    bm_crossover.main()
