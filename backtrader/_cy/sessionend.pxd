# Interface of upstream's session-end rule for daily bars.
#
# Used from Python only (feeds/csvgeneric.py): the one def function takes a
# Buffer column, so there is no C-level interface to declare here.
