"""lazy_attributes: a package's names load their module on first use, once."""
import importlib
import sys

import pytest


@pytest.fixture
def lazypkg(tmp_path, monkeypatch):
    pkg = tmp_path / 'lazypkg'
    (pkg / 'sub').mkdir(parents=True)
    (pkg / '__init__.py').write_text(
        'from backtrader.utils.lazyload import lazy_attributes\n'
        "__getattr__, __dir__, __all__ = lazy_attributes(\n"
        "    globals(), {'alpha': ('A', 'B'), 'sub.beta': ('C',)}, submodules=('alpha', 'extra'))\n")
    (pkg / 'alpha.py').write_text('A = 1\nB = 2\n')
    (pkg / 'extra.py').write_text('E = 5\n')
    (pkg / 'sub' / '__init__.py').write_text('')
    (pkg / 'sub' / 'beta.py').write_text('C = 3\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module('lazypkg')
    for name in [m for m in sys.modules if m == 'lazypkg' or m.startswith('lazypkg.')]:
        del sys.modules[name]


def test_names_load_their_module_on_first_use(lazypkg):
    assert 'lazypkg.alpha' not in sys.modules and 'lazypkg.sub.beta' not in sys.modules
    assert lazypkg.C == 3
    assert 'lazypkg.sub.beta' in sys.modules and 'lazypkg.alpha' not in sys.modules
    assert (lazypkg.A, lazypkg.B) == (1, 2)
    assert vars(lazypkg)['A'] == 1          # kept: the next lookup does not come back


def test_submodules_load_as_attributes(lazypkg):
    assert lazypkg.extra.E == 5
    assert lazypkg.extra is sys.modules['lazypkg.extra']


def test_all_and_dir(lazypkg):
    assert lazypkg.__all__ == ['A', 'B', 'C']
    assert dir(lazypkg) == ['A', 'B', 'C', 'alpha', 'extra']
    namespace = {}
    exec('from lazypkg import *', namespace)
    assert (namespace['A'], namespace['B'], namespace['C']) == (1, 2, 3)


def test_unknown_name_is_an_attribute_error(lazypkg):
    with pytest.raises(AttributeError, match="module 'lazypkg' has no attribute 'nope'"):
        lazypkg.nope
    assert not hasattr(lazypkg, 'beta')
