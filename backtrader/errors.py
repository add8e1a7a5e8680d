"""Exceptions raised by the engine."""

__all__ = ['BacktraderError', 'StrategySkipError']


class BacktraderError(Exception):
    """Base of the engine's exceptions."""


class StrategySkipError(BacktraderError):
    """Raised in a strategy's ``__init__`` to skip it (e.g. in optimization)."""


class ModuleImportError(BacktraderError):
    """A module needed by an optional feature could not be imported."""

    def __init__(self, message, *args):
        super(ModuleImportError, self).__init__(message)
        self.args = args


class FromModuleImportError(ModuleImportError):
    pass
