"""Every helper of ``backtrader/_cy/cpython_private.pxd`` (the only place the
compiled modules use private CPython functions) gives what the public Python
equivalents give, on the interpreter the tests run on."""
import sys

from backtrader._cy import cpython_probe as probe


class Base(object):
    shared = 'base'

    def method(self):
        return 1


class Child(Base):
    def method(self):
        return 2


class Slotted(object):
    __slots__ = ('x',)


def test_type_lookup_walks_the_mro_like_getattr_on_the_class():
    assert probe.probe_type_lookup(Child, 'method') is Child.__dict__['method']
    assert probe.probe_type_lookup(Child, 'shared') == 'base'
    assert probe.probe_type_lookup(Child, '__init__') is object.__dict__['__init__']
    assert probe.probe_type_lookup(Child, 'nothing_here') == ('missing',)
    # a metaclass attribute is not found through the class's own MRO
    assert probe.probe_type_lookup(Child, 'mro') == ('missing',)


def test_class_attr_ignores_the_instance():
    obj = Child()
    obj.method = 'instance'
    assert probe.probe_class_attr(obj, 'method') is Child.__dict__['method']
    assert probe.probe_class_attr(obj, 'nothing_here') is None
    assert probe.probe_class_attr(3, 'bit_length') is int.__dict__['bit_length']


def test_same_class_attr_compares_what_the_classes_hold():
    assert probe.probe_same_class_attr(Child, Base, 'shared')
    assert not probe.probe_same_class_attr(Child, Base, 'method')
    assert probe.probe_same_class_attr(Child, Base, 'nothing_here')


def test_in_instance_dict_reads_without_making_the_dict():
    obj = Base()
    assert not probe.probe_in_instance_dict(obj, 'shared')
    obj.shared = 'own'
    assert probe.probe_in_instance_dict(obj, 'shared')
    assert not probe.probe_in_instance_dict(obj, 'method')
    # no __dict__ slot at all, or a type without instance dicts
    assert not probe.probe_in_instance_dict(Slotted(), 'x')
    assert not probe.probe_in_instance_dict(3, 'real')


def test_checked_interpreter_is_the_one_noted():
    # cpython_private.pxd notes the versions it was checked on; a new one
    # must be checked (and the note updated) before it is supported
    note = open(probe.__file__.rsplit('cpython_probe', 1)[0]
                + 'cpython_private.pxd').read()
    assert sys.implementation.name == 'cpython'
    assert 'CPython %d.%d' % sys.version_info[:2] in note
