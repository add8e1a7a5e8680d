"""The Visual Chart file store: where Visual Chart keeps its binary bars."""
import os

from backtrader.store import Store

__all__ = ['VChartFile']

# registry key and value naming Visual Chart 6's documents folder (Windows)
_REG_KEY = r'SOFTWARE\VCG\Visual Chart 6\Config'
_REG_VALUE = 'DocsDirectory'
_DATA_SUBDIRS = ('Realserver', 'Data', '01')


def _registry_datapath():
    """Visual Chart's data folder from the Windows registry ('' elsewhere)."""
    try:
        import winreg
    except ImportError:
        return ''
    for root in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
        try:
            with winreg.OpenKey(root, _REG_KEY) as key:
                docs, _kind = winreg.QueryValueEx(key, _REG_VALUE)
        except OSError:
            continue
        return os.path.join(docs, *_DATA_SUBDIRS)
    return ''


class VChartFile(Store):
    """Store of Visual Chart binary files.

    Params: ``path`` (None): the data folder (the one holding the
    ``0NNN`` market folders); None looks it up in the Windows registry.
    ``getdata(dataname=...)`` makes :class:`backtrader.feeds.VChartFile` datas.
    """
    params = (('path', None),)

    def __init__(self):
        self._path = self.p.path if self.p.path is not None else _registry_datapath()

    def get_datapath(self):
        """The data folder the datas read from."""
        return self._path
