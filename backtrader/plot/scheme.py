"""The plot scheme: colours, layout and label options of ``cerebro.plot()``.

Every attribute can be given as a keyword to ``cerebro.plot(...)`` or to
``bt.plot.Plot(...)`` (e.g. ``style='candle'``, ``barup='green'``).
"""

# the ten line colours, then the light shade of each (tableau palette names)
tableau10 = ['blue', 'darkorange', 'green', 'crimson', 'mediumpurple',
             'saddlebrown', 'orchid', 'gray', 'olive', 'mediumturquoise']
tableau10_light = ['lightsteelblue', 'peachpuff', 'lightgreen', 'lightcoral', 'thistle',
                   'rosybrown', 'lightpink', 'lightgray', 'palegoldenrod', 'paleturquoise']
# the 20-colour palette: each dark colour followed by its light shade
tableau20 = ['steelblue'] + [c for pair in zip(tableau10_light, tableau10[1:] + [None])
                             for c in pair if c is not None]
# the order in which lines on one axis take the palette's colours
tab10_index = [3, 0, 2, 1, 2, 4, 5, 6, 7, 8, 9]

# name -> default of every scheme option, in the order users know them
_DEFAULTS = (
    ('ytight', False),          # no y margins when True
    ('yadjust', 0.0),           # minimum y margin of indicator panels
    ('zdown', True),            # later lines go below earlier ones
    ('tickrotation', 15),       # rotation of the date labels
    ('rowsmajor', 5),           # rows of a data panel
    ('rowsminor', 1),           # rows of an indicator / observer / volume panel
    ('plotdist', 0.0),          # vertical space between panels
    ('grid', True),
    ('style', 'line'),          # 'line' (on close), 'candle' or 'bar' (OHLC)
    ('loc', 'black'),           # colour of the line on close
    ('barup', '0.75'),
    ('bardown', 'red'),
    ('bartrans', 1.0),
    ('barupfill', True),
    ('bardownfill', True),
    ('baralpha', 1.0),
    ('fillalpha', 0.20),        # alpha of _fill / _fill_gt / _fill_lt areas
    ('volume', True),
    ('voloverlay', True),       # volume under the prices (else its own panel)
    ('volscaling', 0.33),       # overlaid volume: height share of the panel
    ('volpushup', 0.00),        # overlaid volume: lift the prices by this share
    ('volup', '#aaaaaa'),
    ('voldown', '#cc6073'),
    ('voltrans', 0.50),
    ('subtxttrans', 0.66),
    ('subtxtsize', 9),          # font size of legends and value tags
    ('legendtrans', 0.25),
    ('legendind', True),
    ('legendindloc', 'upper left'),
    ('legenddataloc', 'upper left'),
    ('linevalues', True),       # last value in the legend labels
    ('valuetags', True),        # last value in a tag on the right
    ('hlinescolor', '0.66'),
    ('hlinesstyle', '--'),
    ('hlineswidth', 1.0),
    ('lcolors', tableau10),
    ('fmt_x_ticks', '%Y-%m-%d %H:%M'),
    ('fmt_x_data', None),       # None: chosen from the timeframe of the data
    ('locbg', 'white'),         # face of the price tag
    ('locbgother', 'white'),    # face of the indicator tags
    # beyond upstream: the number of x columns a panel resolves; longer
    # series are reduced per column (extremes kept), 0 turns it off
    ('decimate', 4000),
)


class PlotScheme(object):
    """Options of a plot; attributes with the defaults listed in ``_DEFAULTS``."""

    def __init__(self):
        for name, default in _DEFAULTS:
            setattr(self, name, list(default) if isinstance(default, list) else default)

    def color(self, idx):
        """Colour of the ``idx``-th line drawn on an axis."""
        return self.lcolors[tab10_index[idx % len(tab10_index)]]
