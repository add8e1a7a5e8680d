"""Session filters: drop the bars outside the trading session, or fill the
missing bars inside it."""
import datetime as _dt

from backtrader.dataseries import TimeFrame
from backtrader.metabase import ParamsBase

__all__ = ['SessionFiller', 'SessionFilterSimple', 'SessionFilter']

# the shortest step between two bars of an intraday time frame
_STEP = {
    TimeFrame.Minutes: _dt.timedelta(minutes=1),
    TimeFrame.Seconds: _dt.timedelta(seconds=1),
    TimeFrame.MicroSeconds: _dt.timedelta(microseconds=1),
}


def _in_session(data):
    return data.p.sessionstart <= data.datetime.time(0) <= data.p.sessionend


def intraday_step(owner, data):
    """The step of ``data``'s time frame, or a ValueError naming ``owner``."""
    step = _STEP.get(data._timeframe)
    if step is None:
        raise ValueError(
            '%s: data %r has timeframe %s; filling needs bars with times of day '
            '(Minutes, Seconds or MicroSeconds)'
            % (owner, data._name or type(data).__name__, TimeFrame.TName(data._timeframe)))
    return step


def fill_bar(data, stamp, price, vol, oi):
    """A bar of ``data``'s layout at ``stamp`` (a datetime) with OHLC ``price``;
    the lines after the standard ones keep the current bar's values."""
    bar = [line[0] for line in data.itersize()]
    bar[data.Open] = bar[data.High] = bar[data.Low] = bar[data.Close] = price
    bar[data.Volume], bar[data.OpenInterest] = vol, oi
    bar[data.DateTime] = data.date2num(stamp)
    return bar


class SessionFilterSimple(ParamsBase):
    """For ``data.addfilter_simple``: says True for an intraday bar whose time
    lies outside ``sessionstart``..``sessionend`` (pre/post market), which the
    wrapper then removes."""

    def __init__(self, data):
        pass

    def __call__(self, data):
        return not _in_session(data)


class SessionFilter(ParamsBase):
    """Removes intraday bars whose time lies outside the data's
    ``sessionstart``..``sessionend`` (both ends belong to the session)."""

    def __init__(self, data):
        pass

    def __call__(self, data):
        if _in_session(data):
            return False
        data.backwards()
        return True


class SessionFiller(ParamsBase):
    """Adds the bars missing inside the session of intraday data.

    Missing stamps are found by stepping the data's ``timeframe`` x
    ``compression`` from the previous bar (or from the session start); a
    session is closed by a bar after its end, which first fills up to the end.

    Params:
      - ``fill_price`` (None): the OHLC of a made bar; None (or 0) takes the
        previous bar's close
      - ``fill_vol`` (NaN), ``fill_oi`` (NaN): volume and open interest of a
        made bar
      - ``skip_first_fill`` (True): do not fill from the session start up to
        the very first bar of the data
    """
    params = (('fill_price', None),
              ('fill_vol', float('NaN')),
              ('fill_oi', float('NaN')),
              ('skip_first_fill', True))

    def __init__(self, data):
        self._unit = intraday_step('SessionFiller', data)
        self._step = self._unit * data._compression
        self._seen = False
        self._sessend = None        # end of the open session (None: none is open)
        self._prev = None           # time of the previous bar

    def __call__(self, data):
        now = data.datetime.datetime()
        answer = False
        if self._sessend is not None and now > self._sessend:
            # the session is over: fill to its end, this bar stays where it is
            self._stack_fills(data, self._prev, self._sessend + self._unit)
            self._sessend = None
            answer = True
        if self._sessend is None:
            day = now.date()
            start = _dt.datetime.combine(day, data.p.sessionstart)
            self._sessend = _dt.datetime.combine(day, data.p.sessionend)
            if start <= now <= self._sessend and (self._seen or not self.p.skip_first_fill):
                answer = self._fill_before(data, start - self._step, now)
            self._seen = True
        else:
            answer = self._fill_before(data, self._prev, now)
        self._prev = now
        return answer

    def _stack_fills(self, data, after, before):
        """Stack a made bar for each step strictly between ``after`` and
        ``before``; returns how many."""
        price = self.p.fill_price or data.close[-1]
        made = 0
        stamp = after + self._step
        while stamp < before:
            data._add2stack(fill_bar(data, stamp, price, self.p.fill_vol, self.p.fill_oi))
            made += 1
            stamp += self._step
        return made

    def _fill_before(self, data, after, now):
        """Fill the gap before the current bar; the bar then follows its
        fills through the stack. True when there was a gap."""
        if not self._stack_fills(data, after, now):
            return False
        data._save2stack(erase=True)
        return True
