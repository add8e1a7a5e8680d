"""Declarative parameters and the construction protocol of backtrader objects.

Classes declare ``params`` as a tuple of ``(name, default)`` pairs or as a dict.
Subclasses inherit and may override them; instances get ``self.params`` / ``self.p``
holding the values passed as keyword arguments or the defaults.

Objects that create other objects inside their ``__init__`` (a strategy creating
indicators) are pushed on an *owner stack* while ``__init__`` runs, so that the
children can register with their owner without inspecting interpreter frames.
"""
import sys
from collections import OrderedDict

__all__ = ['MetaBase', 'MetaParams', 'ParamsBase', 'AutoInfoClass', 'ItemCollection',
           'findowner', 'owner_stack']


class _OwnerStack(list):
    """Objects whose ``__init__`` is running, innermost last."""

    def find(self, owned, cls, skip=None):
        for candidate in reversed(self):
            if candidate is owned or candidate is skip:
                continue
            if isinstance(candidate, cls):
                return candidate
        return None

    def init_inside(self, obj, args, kwargs):
        """Run ``obj.__init__(*args, **kwargs)`` with ``obj`` on the stack:
        what its ``__init__`` creates finds it as the owner."""
        self.append(obj)
        try:
            obj.__init__(*args, **kwargs)
        finally:
            self.pop()


owner_stack = _OwnerStack()


def doinit_owning(cls, _obj, *args, **kwargs):
    """A ``doinit`` phase for objects that own what their ``__init__``
    creates: the object is on the owner stack while it runs."""
    owner_stack.init_inside(_obj, args, kwargs)
    return _obj, args, kwargs


def findowner(owned, cls, startlevel=2, skip=None):
    """The innermost object of class ``cls`` under construction (or running a
    method) that ``owned`` is being created for.

    The owner stack is consulted first; objects created outside any ``__init__``
    (for example in ``Strategy.start``) fall back to looking for ``self`` in the
    calling frames, as upstream does.
    """
    found = owner_stack.find(owned, cls, skip)
    if found is not None:
        return found
    frame = sys._getframe(startlevel)
    while frame is not None:
        candidate = frame.f_locals.get('self', None)
        if candidate is not None and candidate is not owned and candidate is not skip:
            if isinstance(candidate, cls):
                return candidate
        frame = frame.f_back
    return None


def _unchanged(cls, _obj, *args, **kwargs):
    """A construction phase that leaves everything as it is."""
    return _obj, args, kwargs


class MetaBase(type):
    """Splits object construction into overridable phases.

    ``donew`` creates the object, ``dopreinit`` prepares it before ``__init__``,
    ``doinit`` runs ``__init__`` and ``dopostinit`` finishes the wiring. Each phase
    takes and returns ``(obj, args, kwargs)``.
    """

    def doprenew(cls, *args, **kwargs):
        """May pick another class to build (this one by default)."""
        return cls, args, kwargs

    def donew(cls, *args, **kwargs):
        """Create the bare object."""
        return cls.__new__(cls), args, kwargs

    def doinit(cls, _obj, *args, **kwargs):
        """Run ``__init__``."""
        _obj.__init__(*args, **kwargs)
        return _obj, args, kwargs

    # prepare the object before ``__init__`` / finish the wiring after it:
    # nothing by default
    dopreinit = dopostinit = _unchanged

    def __call__(cls, *args, **kwargs):
        maker, args, kwargs = cls.doprenew(*args, **kwargs)
        obj, args, kwargs = maker.donew(*args, **kwargs)
        for phase in (maker.dopreinit, maker.doinit, maker.dopostinit):
            obj, args, kwargs = phase(obj, *args, **kwargs)
        return obj


def register_derived(base, name):
    """A new subclass of ``base`` named ``name``, published in ``base``'s module
    under a unique name so that pickle can find it (multiprocess optimization)."""
    module = sys.modules[base.__module__]
    unique, count = name, 1
    while hasattr(module, unique):
        unique = '%s%d' % (name, count)
        count += 1
    newcls = type(unique, (base,), {'__module__': base.__module__})
    setattr(module, unique, newcls)
    return newcls


class AutoInfoClass(object):
    """Ordered name/default pairs as class attributes, derived along inheritance.

    Instances hold the actual values as attributes. Used for ``params``,
    ``plotinfo`` and ``plotlines``.
    """
    _pairs = OrderedDict()
    _basepairs = OrderedDict()
    _recurse = False

    @classmethod
    def _derive(cls, name, info, otherbases, recurse=False):
        inherited = OrderedDict(cls._pairs)
        others = OrderedDict()
        for other in otherbases:
            if isinstance(other, (tuple, list, dict)):
                others.update(_as_pairs(other))
            else:
                others.update(other._pairs)
        inherited.update(others)
        own = _as_pairs(info)
        pairs = OrderedDict(inherited)
        pairs.update(own)

        newcls = register_derived(cls, str(cls.__name__ + '_' + name))
        newcls._pairs = pairs
        newcls._basepairs = inherited
        newcls._recurse = recurse
        added = OrderedDict(others)
        added.update(own)
        for key, value in added.items():
            if recurse:
                base = getattr(newcls, key, AutoInfoClass)
                if not (isinstance(base, type) and issubclass(base, AutoInfoClass)):
                    base = AutoInfoClass
                value = base._derive(name + '_' + key, value, [])
            setattr(newcls, key, value)
        return newcls

    def __init__(self, **kwargs):
        if self._recurse:
            for key in self._pairs:
                setattr(self, key, getattr(type(self), key)())
        for key, value in kwargs.items():
            setattr(self, key, value)

    @classmethod
    def _getpairs(cls):
        return OrderedDict(cls._pairs)

    @classmethod
    def _getpairsbase(cls):
        return OrderedDict(cls._basepairs)

    @classmethod
    def _getrecurse(cls):
        return cls._recurse

    @classmethod
    def _getkwargsdefault(cls):
        return cls._getpairs()

    @classmethod
    def _getkeys(cls):
        return cls._pairs.keys()

    @classmethod
    def _getdefaults(cls):
        return list(cls._pairs.values())

    @classmethod
    def _getitems(cls):
        return cls._pairs.items()

    @classmethod
    def _gettuple(cls):
        return tuple(cls._pairs.items())

    def _get(self, name, default=None):
        return getattr(self, name, default)

    def _getkwargs(self, skip_=False):
        return OrderedDict((k, getattr(self, k)) for k in self._getkeys()
                           if not (skip_ and k.startswith('_')))

    def _getvalues(self):
        return [getattr(self, k) for k in self._getkeys()]

    def isdefault(self, pname):
        return self._get(pname) == self._pairs[pname]

    def notdefault(self, pname):
        return not self.isdefault(pname)

    def __repr__(self):
        inner = ', '.join('%s=%r' % kv for kv in self._getkwargs().items())
        return '%s(%s)' % (type(self).__name__, inner)


def _as_pairs(info):
    """Normalize a params declaration (pairs, dict, bare names) to pairs."""
    if isinstance(info, dict):
        return OrderedDict(info)
    pairs = OrderedDict()
    for item in info:
        if isinstance(item, (tuple, list)):
            if len(item) == 1:
                pairs[item[0]] = None
            else:
                pairs[item[0]] = item[1]
        else:
            pairs[item] = None
    return pairs


_init_accepts_cache = {}


def _init_accepts(cls, name):
    """Whether ``cls.__init__`` accepts the keyword argument ``name``."""
    key = (cls, name)
    hit = _init_accepts_cache.get(key)
    if hit is None and cls.__init__ is object.__init__:
        hit = False
    if hit is None:
        import inspect  # rarely needed: keep it out of the import of backtrader
        try:
            sig = inspect.signature(cls.__init__)
        except (TypeError, ValueError):
            hit = True
        else:
            hit = name in sig.parameters or any(
                p.kind == p.VAR_KEYWORD for p in sig.parameters.values())
        _init_accepts_cache[key] = hit
    return hit


class MetaParams(MetaBase):
    """Metaclass turning the ``params`` declaration into a derived info class."""

    def __new__(meta, name, bases, dct):
        newparams = dct.pop('params', ())
        newpackages = tuple(dct.pop('packages', ()))
        newfrompackages = tuple(dct.pop('frompackages', ()))
        cls = super(MetaParams, meta).__new__(meta, name, bases, dct)

        params = getattr(cls, 'params', AutoInfoClass)
        morebases = [b.params for b in bases[1:] if hasattr(b, 'params')]
        packages = tuple(getattr(cls, 'packages', ()))
        frompackages = tuple(getattr(cls, 'frompackages', ()))
        for b in bases[1:]:
            packages += tuple(getattr(b, 'packages', ()))
            frompackages += tuple(getattr(b, 'frompackages', ()))
        cls.packages = packages + newpackages
        cls.frompackages = frompackages + newfrompackages
        cls.params = params._derive(name, newparams, morebases)
        return cls

    def _import_packages(cls):
        module = sys.modules[cls.__module__]
        for pkg in cls.packages:
            pkg, alias = pkg if isinstance(pkg, (tuple, list)) else (pkg, pkg)
            mod = __import__(pkg)
            if alias == pkg and '.' in pkg:
                setattr(module, mod.__name__, mod)
            else:
                for part in pkg.split('.')[1:]:
                    mod = getattr(mod, part)
                setattr(module, alias, mod)
        for pkg, names in cls.frompackages:
            if isinstance(names, str):
                names = (names,)
            for name in names:
                name, alias = name if isinstance(name, (tuple, list)) else (name, name)
                value = getattr(__import__(pkg, fromlist=[str(name)]), name)
                setattr(module, alias, value)
                for base in cls.__bases__:
                    setattr(sys.modules[base.__module__], alias, value)

    def donew(cls, *args, **kwargs):
        if cls.packages or cls.frompackages:
            cls._import_packages()
        params = cls.params()
        for pname, pdefault in cls.params._getitems():
            setattr(params, pname, kwargs.pop(pname, pdefault))
        for key in kwargs:
            if not _init_accepts(cls, key):
                raise TypeError('%s: unknown parameter %r (valid params: %s)'
                                % (cls.__name__, key,
                                   ', '.join(cls.params._getkeys()) or 'none'))
        _obj, args, kwargs = super(MetaParams, cls).donew(*args, **kwargs)
        _obj.params = _obj.p = params
        return _obj, args, kwargs


class ParamsBase(object, metaclass=MetaParams):
    """Base for classes with ``params`` and no lines."""


class ItemCollection(object):
    """Items reachable by position and, when named, by attribute."""

    def __init__(self):
        self._items, self._names = [], []

    def __len__(self):
        return len(self._items)

    def __getitem__(self, key):
        return self._items[key]

    def append(self, item, name=None):
        """Add ``item`` as attribute ``name``; a non-empty name is also listed."""
        setattr(self, name, item)
        self._items.append(item)
        if name:
            self._names.append(name)

    def getnames(self):
        """The names given, in the order the items were added."""
        return self._names

    def getitems(self):
        """(name, item) pairs, in order."""
        return zip(self._names, self._items)

    def getbyname(self, name):
        return self._items[self._names.index(name)]
