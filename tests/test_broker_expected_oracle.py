"""The recorded broker values (``test_broker_expected.EXPECTED``) are upstream's.

``test_broker_support.py`` run as a script under upstream backtrader
1.9.78.123 (through the oracle harness, which checks the engine and caches
the output) prints every scenario's record; it must equal the literal values
``test_broker_scenarios.py`` holds our broker to, kind for kind.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import upstream  # noqa: E402
from test_broker_expected import EXPECTED  # noqa: E402
from test_broker_support import same  # noqa: E402


def test_expected_records_are_what_upstream_prints():
    res = upstream.run_cached(os.path.join(HERE, 'test_broker_support.py'), 'upstream',
                              args=['all'], capture_stdout=True)
    printed = json.loads(res['stdout'])
    assert os.path.realpath(printed['bt']) == upstream.engine_init('upstream')
    recorded = printed['result']
    assert sorted(recorded) == sorted(EXPECTED)
    for name in sorted(EXPECTED):
        same(recorded[name], EXPECTED[name], name, rel=0.0)
