"""Package attributes that load their module on first use (a module ``__getattr__``), so that
importing a package stays fast however many modules it has."""
import importlib


def lazy_attributes(namespace, catalog, submodules=()):
    """Return ``(__getattr__, __dir__, names)`` for the package whose globals are ``namespace``,
    ``names`` the sorted public names (the package's ``__all__``, or its start).

    ``catalog`` maps each module of the package (its name relative to the package, such as
    ``'feeds.ticks'``) to the public names it defines; ``submodules`` names modules of the
    package that load as its attributes. A loaded value is kept in ``namespace``, so each name
    loads once. ``__dir__`` lists the public names and the submodules.
    """
    package = namespace['__name__']
    homes = {name: '.' + module for module, names in catalog.items() for name in names}
    submodules = frozenset(submodules)
    names = sorted(homes)
    listed = sorted(set(names) | submodules)

    def __getattr__(name):
        home = homes.get(name)
        if home is not None:
            value = getattr(importlib.import_module(home, package), name)
        elif name in submodules:
            value = importlib.import_module('.' + name, package)
        else:
            raise AttributeError('module %r has no attribute %r' % (package, name))
        namespace[name] = value
        return value

    def __dir__():
        return list(listed)

    return __getattr__, __dir__, names
