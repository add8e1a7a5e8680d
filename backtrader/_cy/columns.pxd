# Interface of the feeds' whole-column kernels.
#
# The module is used from Python only (feed.py, feeds/): every kernel is a
# def function taking and returning Buffer columns, so there is no C-level
# interface to declare here.
