"""Bars going back in time are refused with the file, line and field (CSV feeds)
or the bar number (feeds written with ``_load``); equal stamps are kept in order."""
import datetime

import pytest

import backtrader as bt

ROWS = ['2020-01-02,1,2,0.5,1.5,10,0', '2020-01-06,1,2,0.5,1.6,10,0',
        '2020-01-03,1,2,0.5,1.75,11,0']


class LinePath(bt.feeds.GenericCSVData):
    """Forces the upstream per-line path (a user override of _loadline)."""

    def _loadline(self, linetokens):
        return super(LinePath, self)._loadline(linetokens)


def run(data, preload=True):
    cerebro = bt.Cerebro(preload=preload, stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(bt.Strategy)
    return cerebro.run()[0]


@pytest.mark.parametrize('cls', [bt.feeds.GenericCSVData, LinePath])
@pytest.mark.parametrize('preload', [True, False])
def test_csv_row_going_back_in_time_names_file_line_and_field(tmp_path, cls, preload):
    path = tmp_path / 'prices.csv'
    path.write_text('Date,Open,High,Low,Close,Volume,OpenInterest\n' + '\n'.join(ROWS) + '\n')
    with pytest.raises(ValueError) as err:
        run(cls(dataname=str(path), dtformat='%Y-%m-%d'), preload)
    msg = str(err.value)
    assert 'prices.csv, line 4' in msg and "field 'datetime'" in msg
    assert '2020-01-03' in msg and '2020-01-06' in msg


def test_equal_stamps_are_accepted_in_file_order(tmp_path):
    path = tmp_path / 'prices.csv'
    path.write_text('Date,Open,High,Low,Close,Volume,OpenInterest\n'
                    '2020-01-02,1,2,0.5,1.5,10,0\n2020-01-02,1,2,0.5,1.6,10,0\n')
    strat = run(bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d'))
    assert strat.data.close.array.tolist() == [1.5, 1.6]


def test_yahoo_reverse_files_are_checked_in_their_own_order(tmp_path):
    path = tmp_path / 'yahoo.csv'
    path.write_text('Date,Open,High,Low,Close,Adj Close,Volume\n'
                    '2020-01-06,1,2,0.5,1.6,1.6,10\n2020-01-03,1,2,0.5,1.5,1.5,10\n'
                    '2020-01-02,1,2,0.5,1.4,1.4,10\n')
    strat = run(bt.feeds.YahooFinanceCSVData(dataname=str(path), reverse=True))
    assert strat.data.close.array.tolist() == [1.4, 1.5, 1.6]


class Backwards(bt.feed.DataBase):
    """An upstream-style feed whose third bar goes back a day."""
    days = [2, 6, 3]

    def start(self):
        super(Backwards, self).start()
        self.i = 0

    def _load(self):
        if self.i == len(self.days):
            return False
        self.lines.datetime[0] = bt.date2num(datetime.datetime(2020, 1, self.days[self.i]))
        self.lines.close[0] = 1.0
        self.i += 1
        return True


def test_load_feed_going_back_in_time_names_the_bar():
    with pytest.raises(ValueError) as err:
        run(Backwards(name='mine'))
    assert 'mine, bar 3' in str(err.value) and "field 'datetime'" in str(err.value)
