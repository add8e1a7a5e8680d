# Interface of the probe that lets tests run the helpers of cpython_private.pxd
# (Python-callable wrappers only; nothing in the package uses it).
