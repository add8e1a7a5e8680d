"""pyproject.toml declares exactly what the package imports.

Every required dependency is imported somewhere in ``backtrader/``; every
third-party module the package imports (at the top of a module or inside the
function that needs it) is a required dependency or one of the optional
extras; and every ``backtrader.X`` module named in an import exists, apart
from the entry points of features still being built (listed below, each with
the module it waits for).
"""
import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / 'backtrader'

# distribution name -> the module it is imported as (when they differ)
MODULE_OF = {'pyyaml': 'yaml', 'scikit-learn': 'sklearn', 'ta-lib': 'talib'}
# compiler-level names that are no modules
NOT_MODULES = {'cython', 'libc', 'libcpp', 'cpython', 'posix'}


def _pyproject_lists():
    """(required, {extra: [names]}) read from pyproject.toml."""
    text = (ROOT / 'pyproject.toml').read_text()

    def names(listing):
        return [re.split(r'[<>=!~\[ ;]', item.strip().strip('"\''), maxsplit=1)[0].lower()
                for item in listing.split(',') if item.strip()]

    required = names(re.search(r'^dependencies\s*=\s*\[(.*?)\]', text, re.M | re.S).group(1))
    section = re.search(r'^\[project\.optional-dependencies\]\s*\n(.*?)(?=^\[|\Z)',
                        text, re.M | re.S).group(1)
    extras = {m.group(1): names(m.group(2))
              for m in re.finditer(r'^(\w[\w-]*)\s*=\s*\[(.*?)\]', section, re.M | re.S)}
    return required, extras


def _imports():
    """{module name as imported: [files]} over every .py/.pyx/.pxd of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob('*')):
        if path.suffix == '.py':
            tree = ast.parse(path.read_text(), str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    mods = [node.module] + ['%s.%s' % (node.module, a.name)
                                            for a in node.names if a.name != '*']
                else:
                    continue
                for mod in mods:
                    found.setdefault(mod, []).append(path)
        elif path.suffix in ('.pyx', '.pxd'):
            pattern = r'^\s*(?:from\s+([\w.]+)\s+c?import\b|c?import\s+([\w.]+))'
            for m in re.finditer(pattern, path.read_text(), re.M):
                found.setdefault(m.group(1) or m.group(2), []).append(path)
    return found


def _third_party(found):
    tops = {}
    for mod, files in found.items():
        top = mod.split('.')[0]
        if top in sys.stdlib_module_names or top in NOT_MODULES or top == 'backtrader':
            continue
        tops.setdefault(top, []).extend(files)
    return tops


def test_every_required_dependency_is_imported():
    required, _ = _pyproject_lists()
    imported = _third_party(_imports())
    unused = [dist for dist in required if MODULE_OF.get(dist, dist) not in imported]
    assert not unused, 'declared but never imported: %s' % unused


def test_every_imported_package_is_declared():
    required, extras = _pyproject_lists()
    declared = {MODULE_OF.get(d, d) for d in required}
    for names in extras.values():
        declared.update(MODULE_OF.get(d, d) for d in names)
    imported = _third_party(_imports())
    undeclared = {top: sorted({str(f.relative_to(ROOT)) for f in files})
                  for top, files in imported.items() if top.lower() not in declared}
    assert not undeclared, 'imported but not declared in pyproject.toml: %s' % undeclared


def test_sortedcontainers_is_not_required():
    required, _ = _pyproject_lists()
    assert 'sortedcontainers' not in required and 'numpy' in required


def test_no_import_names_a_missing_backtrader_module():
    # read from the files, not imported: ``from backtrader.a import b`` is
    # fine when backtrader/a/b or backtrader/a exists (b then being a name in it)
    missing = {}
    for mod, files in _imports().items():
        if not mod.startswith('backtrader.'):
            continue
        if _source_exists(mod) or (mod.rsplit('.', 1)[0] != 'backtrader'
                                   and _source_exists(mod.rsplit('.', 1)[0])):
            continue
        missing[mod] = sorted({str(f.relative_to(ROOT)) for f in files})
    assert not missing, 'imports of modules that do not exist: %s' % missing


def _source_exists(mod):
    """Whether the package has module ``mod`` as a folder, .py, .pyx or .pxd file."""
    base = ROOT.joinpath(*mod.split('.'))
    return base.is_dir() or any(base.with_suffix(ext).exists() for ext in ('.py', '.pyx', '.pxd'))
