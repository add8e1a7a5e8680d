"""Both fill paths end in one tail (``backtrader._cy.fills.book``): the
position update, the interest booked into the reducing fill's commission
(``int2pnl``), the order's record and notification, the OCO check, and Margin
(with the bracket cancelled) when the cash cannot pay for the opening part.

The scenario ``diffscripts/fill_tail.py`` runs on upstream 1.9.78.123 and on
ours through the compiled fill (stock scheme), the Python fill on a broker
without the compiled state, and the Python fill for a user scheme; every
order, trade, bar and final figure must equal upstream's.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402
import upstream  # noqa: E402

sys.path.insert(0, str(upstream.DIFFSCRIPTS))
import _data  # noqa: E402

SCRIPT = "fill_tail.py"
MODE = {"runonce": True, "preload": True, "exactbars": 0}


@pytest.fixture(scope="module")
def datadir(tmp_path_factory):
    path = tmp_path_factory.mktemp("fill_tail_data")
    _data.write_all(str(path))
    return str(path)


@pytest.mark.parametrize("broker", ["stock", "hidden", "userscheme"])
def test_fill_tail_matches_upstream_on_every_path(broker, datadir):
    args = ["--datadir", datadir, "--broker", broker]
    ref = upstream.run_cached(SCRIPT, "upstream", MODE, args=args)
    got = upstream.run_script(SCRIPT, "ours", MODE, args=args)
    difftest.assert_same(ref, got, ignore=("meta", "quirks"), names=("upstream", "ours"))

    orders = ref["orders"]
    margins = [o for o in orders if o["status"] == "Margin"]
    assert len(margins) >= 20 and all(o["created"]["size"] == 5000 for o in margins)
    # the brackets' children die with their parent
    assert sum(o["status"] == "Canceled" and o["created"]["size"] == -5000
               for o in orders) == 2 * sum(o["bar"] % 40 == 19 for o in margins)
    # a partial cover of the short pays the commission and the accrued interest
    covers = [o for o in orders if o["status"] == "Completed"
              and o["side"] == "buy" and o["created"]["size"] == 8]
    assert covers
    for o in covers:
        ex = o["executed"]
        assert ex["comm"] > 0.001 * ex["size"] * ex["price"] * 1.0001
    assert any(o["status"] == "Canceled" and o["exectype"] in ("Limit", "Stop")
               and o["created"]["size"] == -6 for o in orders)


def test_the_scenario_brokers_take_the_paths_named():
    import backtrader as bt
    import fill_tail

    stock = bt.brokers.BackBroker()
    hidden = fill_tail.HiddenCashBroker()
    user = bt.brokers.BackBroker()
    user.addcommissioninfo(fill_tail.UserComm(commission=0.001, percabs=True))
    fills = [b.describe()["fill"] for b in (stock, hidden, user)]
    assert fills == ["compiled", "python", "python"]
