"""Exact decimal-string -> tick / lot conversion, against Python's ``decimal`` as the oracle."""
from decimal import Decimal

import pytest
from hypothesis import example, given, settings, strategies as st, HealthCheck

from backtrader.hft.normalize import normalize, RecordingError
from .normalize_ref import write_recording

GRIDS = ['0.01', '0.1', '0.5', '1', '25', '0.00001', '0.0005', '0.00000001']


@st.composite
def decimals(draw):
    mant = draw(st.integers(min_value=1, max_value=10**15))
    frac = draw(st.integers(min_value=0, max_value=12))
    text = str(mant).rjust(frac + 1, '0')
    if frac:
        text = text[:-frac] + '.' + text[-frac:]
    return text + '0' * draw(st.integers(min_value=0, max_value=3)) * (frac > 0)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(price=decimals(), size=decimals(), tick=st.sampled_from(GRIDS),
       lot=st.sampled_from(GRIDS))
@example(price='922337203685478', size='1', tick='0.0005', lot='0.01')     # > 2**63 before / 5
@example(price='1', size='10000000000000.00000', tick='0.01', lot='0.00001')  # trailing zeros
@example(price='67400.10', size='0.00100000', tick='0.1', lot='0.001')
def test_conversion_matches_decimal(tmp_path, price, size, tick, lot):
    path = write_recording(tmp_path / 'd.jsonl', [
        (1, {'lastUpdateId': 1, 'bids': [[price, size]], 'asks': []})])
    pt, ql = Decimal(price) / Decimal(tick), Decimal(size) / Decimal(lot)
    if pt == pt.to_integral_value() and abs(pt) >= 2**63:
        with pytest.raises(RecordingError, match='convertible range of the tick grid'):
            normalize('binance', path, float(tick), float(lot))
        return
    if pt != pt.to_integral_value():
        with pytest.raises(RecordingError, match='off the tick grid'):
            normalize('binance', path, float(tick), float(lot))
        return
    if ql == ql.to_integral_value() and abs(ql) >= 2**63:
        with pytest.raises(RecordingError, match='convertible range of the lot grid'):
            normalize('binance', path, float(tick), float(lot))
        return
    if ql != ql.to_integral_value():
        with pytest.raises(RecordingError, match='off the lot grid'):
            normalize('binance', path, float(tick), float(lot))
        return
    res = normalize('binance', path, float(tick), float(lot))
    assert int(res.ptick[1]) == int(pt) and int(res.qlot[1]) == int(ql)
    assert float(res.events['px'][1]) == float(price)
    assert float(res.events['qty'][1]) == float(size)
