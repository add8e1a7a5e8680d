# Interface of the fromdate/todate window of a feed's preloaded rows.
#
# Used from Python only (feed.py): the one def function takes a Buffer
# column, so there is no C-level interface to declare here.
