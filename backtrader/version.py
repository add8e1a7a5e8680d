"""Version of the package; the upstream API level it is compatible with."""
__version__ = "1.9.78.123"
__btversion__ = tuple(int(x) for x in __version__.split("."))
version = __version__
btversion = __btversion__
