# Interface of the price-adjustment kernels of the data feeds (Yahoo's
# adjusted close): used from Python only, every kernel is a def function
# taking and returning Buffer columns, so there is no C-level interface here.
