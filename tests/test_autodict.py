"""The auto-vivifying dicts that hold analyzer results behave as upstream's."""
import pickle

import pytest

from backtrader.utils.autodict import AutoDict, AutoDictList, AutoOrderedDict, DotDict


def test_in_place_arithmetic_starts_from_the_neutral_value():
    d = AutoOrderedDict()
    d.a.b += 3
    d.a.c -= 2.5
    d.x.y *= 4
    d.z.w /= 2
    assert dict(d.a) == {'b': 3, 'c': -2.5}
    assert d.x.y == 0 and type(d.x.y) is int
    assert d.z.w == 0.0 and type(d.z.w) is float
    assert list(d) == ['a', 'x', 'z']


def test_in_place_arithmetic_between_two_auto_dicts_fails():
    d = AutoOrderedDict()
    with pytest.raises(TypeError):
        d.a += d.b


def test_closing_freezes_the_tree_and_opening_one_level():
    d = AutoOrderedDict()
    d.a.b.c = 1
    d._close()
    with pytest.raises(KeyError):
        d.missing
    with pytest.raises(KeyError):
        d.a.b.missing
    d._open()
    d.q.r = 2
    assert d.q.r == 2
    with pytest.raises(KeyError):
        d.a.missing             # the lower levels stay frozen


def test_auto_dict_keeps_attribute_writes_as_keys():
    # upstream's quirk: AutoDict stores even ``_closed`` as a key, so closing
    # it leaves reads of missing keys creating children
    d = AutoDict()
    d.a.b = 1
    d._close()
    assert sorted(d) == ['_closed', 'a']
    assert type(d.fresh) is AutoDict


def test_underscore_names_stay_attributes_of_auto_ordered_dict():
    d = AutoOrderedDict()
    d._private = 3
    assert '_private' not in d and d._private == 3
    with pytest.raises(AttributeError):
        d._unknown


def test_lvalues_pickle_and_the_small_dicts():
    d = AutoOrderedDict()
    d.k = 5
    d.j.i = 1
    assert d.lvalues() == [5, d.j]
    assert pickle.loads(pickle.dumps(d)) == d
    lists = AutoDictList()
    lists['x'].append(1)
    assert lists == {'x': [1]}
    dot = DotDict(a=1)
    assert dot.a == 1
