"""``import backtrader`` stays within its start-up budget (issue 15 point 6).

The budget is 60 ms on this kind of machine (upstream takes about 150 ms).
Each try is a fresh interpreter timing the import alone
(``bench/bm_import.py``); the budget applies to the CPU time of the import
(other processes on the shared cores do not inflate it) and the best of up to
15 tries counts, so that noise does not fail the test while a real
regression, which slows every try, does. The wall time is printed beside it.
"""
import compileall
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'bench'))
import bm_import  # noqa: E402

BUDGET_MS = 60.0
TRIES = 15


def test_import_backtrader_within_budget():
    # the budget is that of every import after the first: the package's byte
    # code is compiled once here (the environment may forbid writing it at import)
    assert compileall.compile_dir(os.path.join(ROOT, 'backtrader'), quiet=1)
    wall = cpu = float('inf')
    for _ in range(TRIES):
        w, c = bm_import.import_seconds(ROOT)
        wall, cpu = min(wall, w * 1000.0), min(cpu, c * 1000.0)
        if cpu < BUDGET_MS / 2:
            break
    print('import backtrader: %.1f ms cpu, %.1f ms wall (budget %.0f ms)'
          % (cpu, wall, BUDGET_MS))
    assert cpu < BUDGET_MS


def test_probe_measures_the_import():
    """The probe reads what it times: 50 ms of sleep count in the wall time,
    not in the CPU time."""
    probe = ('import time; t, c = time.perf_counter(), time.process_time(); '
             'x = sum(range(3000000)); time.sleep(0.05); '
             'print(time.perf_counter() - t, time.process_time() - c)')
    wall, cpu = bm_import.import_seconds(ROOT, probe)
    assert wall >= 0.05 and 0.0 < cpu < wall
