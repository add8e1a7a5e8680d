"""Fee models of bt.hft.models: MakerTakerFee, PerQtyFee, FlatFee (hand-computed charges,
rebates, describe, pickling, bad input)."""
import pickle

import pytest

import backtrader as bt

M = bt.hft.models


def test_maker_taker_on_traded_value():
    fee = M.MakerTakerFee(-0.00005, 0.0007)
    assert fee(20000.0, 0.5, True) == pytest.approx(-0.5)       # -0.5 bp of 10000: rebate
    assert fee(20000.0, 0.5, False) == pytest.approx(7.0)       # 7 bp of 10000
    assert fee(20000.0, -0.5, False) == pytest.approx(7.0)      # a sell: the value is |p*q|
    assert fee(20000.0, 0.5) == pytest.approx(7.0)              # taker by default


def test_per_qty():
    fee = M.PerQtyFee(0.01, 0.02)
    assert fee(123.0, 300.0, True) == pytest.approx(3.0)
    assert fee(9999.0, -300.0, False) == pytest.approx(6.0)      # price does not matter


def test_flat():
    fee = M.FlatFee(0.5, 1.25)
    assert fee(100.0, 1.0, True) == 0.5
    assert fee(100.0, 1000.0, False) == 1.25


def test_taker_defaults_to_maker():
    assert M.PerQtyFee(0.03).taker == 0.03
    assert M.FlatFee(2.0)(1.0, 1.0, False) == 2.0


@pytest.mark.parametrize('model,text', [
    (M.MakerTakerFee(-0.00005, 0.0007), 'MakerTakerFee(maker=-5e-05, taker=0.0007, on traded value)'),
    (M.PerQtyFee(0.01, 0.02), 'PerQtyFee(maker=0.01, taker=0.02, per unit of quantity)'),
    (M.FlatFee(1, 2), 'FlatFee(maker=1.0, taker=2.0, per fill)'),
])
def test_describe_repr_pickle(model, text):
    assert model.describe() == text
    assert repr(model) == text
    clone = pickle.loads(pickle.dumps(model))
    assert type(clone) is type(model)
    assert (clone.maker, clone.taker) == (model.maker, model.taker)


@pytest.mark.parametrize('cls', [M.MakerTakerFee, M.PerQtyFee, M.FlatFee])
def test_bad_rates(cls):
    name = cls.__name__
    with pytest.raises(ValueError, match='%s: maker must be finite, not nan' % name):
        cls(float('nan'), 0.0)
    with pytest.raises(ValueError, match='%s: taker must be finite, not inf' % name):
        cls(0.0, float('inf'))
    with pytest.raises(TypeError, match='%s: maker must be a number' % name):
        cls('0.1', 0.0)
    with pytest.raises(TypeError, match='%s: taker must be a number' % name):
        cls(0.0, True)


def test_abstract_fee_model():
    with pytest.raises(TypeError, match='abstract'):
        M.FeeModel(0.0, 0.0)
