"""Build script: compiles every ``backtrader/_cy/*.pyx`` and ``backtrader/hft/_cy/*.pyx`` into an
extension module."""
import glob
import os

from Cython.Build import cythonize
from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def _extensions():
    exts = []
    pyxs = glob.glob(os.path.join(HERE, "backtrader", "_cy", "*.pyx"))
    pyxs += glob.glob(os.path.join(HERE, "backtrader", "hft", "_cy", "*.pyx"))
    for pyx in sorted(pyxs):
        rel = os.path.relpath(pyx, HERE)
        modname = os.path.splitext(rel)[0].replace(os.sep, ".")
        exts.append(Extension(modname, [rel], extra_compile_args=["-O3"]))
    return exts


setup(
    ext_modules=cythonize(
        _extensions(),
        language_level=3,
        compiler_directives={
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
            "embedsignature": True,
        },
        nthreads=os.cpu_count() or 1,
    ),
)
