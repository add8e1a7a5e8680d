# Interface of the time-order check of a feed's preloaded stamps.
#
# Used from Python only (feed.py): the one def function takes a Buffer
# column, so there is no C-level interface to declare here.
