"""Parameter sweeps: the combinations of ``optstrategy`` run on worker processes.

``Cerebro.run`` hands a sweep here when it has several CPUs to use
(``maxcpus`` other than 1) or an ``executor``.  How it works:

- The Cerebro, with its datas preloaded once (``optdatas``), is pickled once
  per sweep (the *payload*).  Workers keep it in a module global, keyed by
  the sweep, and unpickle a fresh copy of it for every combination, so each
  combination starts from the same state, as a separate run would.
- The data goes to each worker once, not with every task: the local pool
  gets it through its initializer; a Dask executor
  (``distributed.Client.get_executor()``) through one broadcast ``scatter``;
  any other ``concurrent.futures.Executor`` with its first tasks (one per
  worker it reports, ``_max_workers``, else per CPU); a task reaching a
  worker that does not hold it yet is answered with :data:`SEND_DATA` and
  sent again with it.
- Results come back pickled by :func:`dumps`, which leaves out the compiled
  machinery a backtest needs only while it runs (indicator kernels, the
  clock's plans), so whole strategies travel (``optreturn=False``).
- A task lost with its worker (a killed process, a broken pool, a Dask
  ``KilledWorker``) is sent again, up to ``retries`` times; the local pool is
  replaced when it breaks.  A combination still without a result at the end
  raises :class:`SweepError`, which lists it: no result goes missing silently.
- Results are returned, and ``optcallback`` callbacks called, in combination
  order, as upstream's ``Pool.imap`` does; a progress bar counts them.
"""
import collections
import concurrent.futures as cf
import gc
import io
import os
import pickle
import threading
import uuid

from backtrader.progress import ProgressBar

__all__ = ['SweepError', 'SEND_DATA', 'dumps', 'run_sweep', 'run_combination']

# a worker's answer when it does not hold the sweep's payload yet
SEND_DATA = 'bt-sweep:send-data'

# names of exception classes meaning "the task's worker went away" (Dask's own
# classes are matched by name: distributed is optional)
_LOST_NAMES = frozenset(('KilledWorker', 'CommClosedError', 'FutureCancelledError'))

# the payload this process holds for a sweep: its key and its bytes
_held = {'key': None, 'payload': None}
# one backtest at a time per process: the engine's build stage and owner
# stack are process-wide (threaded executors, Dask workers with threads)
_run_lock = threading.Lock()
_pickler = None


class SweepError(RuntimeError):
    """Combinations of a sweep that have no result because their workers were lost.

    ``results`` holds every result in combination order (``None`` where one is
    missing); ``missing`` lists ``(index, combination, cause)`` per lost one.
    """

    def __init__(self, results, missing):
        self.results = results
        self.missing = missing
        shown = ['  #%d %s: %s: %s' % (idx, _describe(combo), type(exc).__name__, exc)
                 for idx, combo, exc in missing[:10]]
        more = ['  ... and %d more' % (len(missing) - 10)] if len(missing) > 10 else []
        super().__init__('%d of %d combinations of the optimization have no result '
                         '(their workers were lost):\n%s'
                         % (len(missing), len(results), '\n'.join(shown + more)))


def _describe(combo):
    """``St(fast=5, slow=20)`` for a combination of (class, args, kwargs)."""
    parts = []
    for cls, args, kwargs in combo:
        inner = [repr(a) for a in args] + ['%s=%r' % kv for kv in kwargs.items()]
        parts.append('%s(%s)' % (getattr(cls, '__name__', cls), ', '.join(inner)))
    return ' + '.join(parts)


def _left_out():
    """Stands in, after unpickling, for the run-only machinery :func:`dumps` skips."""
    return None


def _make_pickler():
    try:
        # classes defined in __main__ then travel by value (Dask workers)
        from cloudpickle import Pickler as base
    except ImportError:
        base = pickle.Pickler
    from backtrader._cy import clock, kernels
    run_only = (kernels.Kernel, clock.StrategyPlan, clock.IterPlan)

    class SweepPickler(base):
        def reducer_override(self, obj):
            if isinstance(obj, run_only):
                return _left_out, ()
            parent = getattr(super(), 'reducer_override', None)
            return NotImplemented if parent is None else parent(obj)

    return SweepPickler


def dumps(obj):
    """Pickle ``obj`` to send it to a worker or back from one.

    Indicator kernels and the clock's plans are left out (unpickled as
    ``None``): they drive a run and hold nothing a finished one needs.
    """
    global _pickler
    if _pickler is None:
        _pickler = _make_pickler()
    out = io.BytesIO()
    _pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue()


def hold(key, payload):
    """Keep the payload of sweep ``key`` in this process (the pool's initializer)."""
    _held['key'] = key
    _held['payload'] = payload


def run_combination(key, index, attempt, iterstrat, payload=None):
    """Run combination ``index`` of sweep ``key`` in a worker.

    Returns ``(index, pickled result)``, or ``(index, SEND_DATA)`` when this
    process does not hold the sweep's payload and ``payload`` is ``None``.
    ``attempt`` only makes a retried task distinct from the lost one.
    """
    with _run_lock:
        if _held['key'] != key:
            if payload is None:
                return index, SEND_DATA
            hold(key, payload)
        cerebro = pickle.loads(_held['payload'])
        out = dumps(cerebro(iterstrat))
        # the run's objects form cycles (strategy, cerebro, lines) that the
        # run moved to the oldest generation: free them before the next one
        del cerebro
        gc.collect()
        return index, out


def _lost(exc):
    """Whether ``exc`` says the task's worker went away (as opposed to its code failing)."""
    return isinstance(exc, (cf.BrokenExecutor, cf.CancelledError)) or \
        type(exc).__name__ in _LOST_NAMES


class _Sweep(object):
    """The state of one sweep in the main process (see the module docstring)."""

    def __init__(self, cerebro, combos, executor, workers, retries, callbacks, bar):
        self.combos = combos
        self.key = uuid.uuid4().hex
        self.payload = dumps(cerebro)
        self.owned = executor is None
        self.executor = executor
        self.workers = (getattr(executor, '_max_workers', None) or workers
                        or os.cpu_count() or 1)
        self.retries = retries
        self.callbacks = callbacks
        self.bar = bar
        self.generation = 0         # how many local pools were started
        self.ref = None             # what tasks carry as the payload (Dask)
        self.send = set()           # combinations whose next task carries the payload
        self.seeded = 0             # tasks sent with the payload so far
        self.tries = [0] * len(combos)  # losses of each combination while run alone
        self.sent = [0] * len(combos)   # tasks sent for each combination
        self.results = [None] * len(combos)
        self.have = [False] * len(combos)
        self.lost = {}              # index -> the last exception that lost it
        self.called = 0             # combinations handed to the callbacks so far

    def _start_pool(self):
        self.executor = cf.ProcessPoolExecutor(self.workers, initializer=hold,
                                               initargs=(self.key, self.payload))
        self.generation += 1

    def _scatter(self):
        """On a Dask executor, put the payload on every worker once."""
        client = getattr(self.executor, '_client', None)
        if client is not None and type(client).__module__.startswith('distributed'):
            self.ref = client.scatter(self.payload, broadcast=True, hash=False)

    def _submit(self, index):
        payload = self.ref
        if payload is None and (index in self.send
                                or (not self.owned and self.seeded < self.workers)):
            # a worker asked for the payload, or one of the first tasks on a
            # foreign executor: likely its first contact with a worker
            self.seeded += 1
            payload = self.payload
        self.send.discard(index)
        self.sent[index] += 1
        return self.executor.submit(run_combination, self.key, index, self.sent[index],
                                    self.combos[index], payload)

    def _restart(self, generation):
        """Replace a broken local pool (once per broken pool)."""
        if generation == self.generation:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self._start_pool()

    def _deliver(self, index, out):
        self.results[index] = pickle.loads(out)
        self.have[index] = True
        self.bar.update()
        while self.called < len(self.combos) and self.have[self.called]:
            for cb in self.callbacks:
                cb(self.results[self.called])
            self.called += 1

    def run(self):
        pending = collections.deque(range(len(self.combos)))
        # combinations that were in flight when a worker was lost: one of them
        # may be what kills it, so each runs alone until it has a result, and
        # a loss while alone counts as one of its tries
        suspects = collections.deque()
        inflight = {}               # future -> (index, pool generation, alone)
        window = 2 * self.workers if self.owned else max(2 * self.workers, 32)
        if self.owned:
            self._start_pool()
        else:
            self._scatter()
        try:
            while pending or suspects or inflight:
                if suspects:
                    queue, room = suspects, 0 if inflight else 1
                else:
                    queue, room = pending, window - len(inflight)
                for _ in range(min(room, len(queue))):
                    index = queue.popleft()
                    try:
                        fut = self._submit(index)
                    except cf.BrokenExecutor as exc:
                        if not self.owned:
                            # the caller's executor cannot take work any more
                            for idx in [index] + list(suspects) + list(pending):
                                self.lost[idx] = exc
                            suspects.clear()
                            pending.clear()
                            break
                        self._restart(self.generation)
                        fut = self._submit(index)
                    inflight[fut] = (index, self.generation, queue is suspects)
                if not inflight:
                    continue
                done, _ = cf.wait(inflight, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    index, generation, alone = inflight.pop(fut)
                    try:
                        _, out = fut.result()
                    except BaseException as exc:
                        if not _lost(exc):
                            if hasattr(exc, 'add_note'):      # Python 3.11+
                                exc.add_note('in combination #%d of the optimization: %s'
                                             % (index, _describe(self.combos[index])))
                            raise
                        if self.owned and isinstance(exc, cf.BrokenExecutor):
                            self._restart(generation)
                        if alone:
                            self.tries[index] += 1
                        if self.tries[index] > self.retries:
                            self.lost[index] = exc
                        else:
                            suspects.append(index)
                        continue
                    if isinstance(out, str) and out == SEND_DATA:
                        self.send.add(index)
                        (suspects if alone else pending).appendleft(index)
                    else:
                        self._deliver(index, out)
        finally:
            for fut in inflight:
                fut.cancel()
            if self.owned and self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)
            if _held['key'] == self.key:      # a threaded executor ran in this process
                hold(None, None)
            self.ref = None
        if self.lost:
            raise SweepError(self.results, [(idx, self.combos[idx], self.lost[idx])
                                            for idx in sorted(self.lost)])
        return self.results


def run_sweep(cerebro, combos, executor=None, workers=None, retries=2, callbacks=(),
              progress=False):
    """Run every combination of ``combos`` for ``cerebro``; results in their order.

    ``executor`` is any ``concurrent.futures.Executor`` (``None``: a local
    process pool of ``workers`` processes, all CPUs if ``None``).  A task lost
    with its worker is retried ``retries`` times; :class:`SweepError` reports
    combinations still without a result.  ``callbacks`` get each result in
    combination order; ``progress`` draws a bar on stderr.
    """
    predata = cerebro.p.optdatas and cerebro._dopreload and cerebro._dorunonce
    if predata:                 # load the datas once, for every combination
        for data in cerebro.datas:
            data.reset()
            if cerebro._exactbars < 1:
                data.extend(size=cerebro.p.lookahead)
            data._start()
            data.preload()
    bar = ProgressBar(len(combos), 'optimization', enabled=progress)
    try:
        return _Sweep(cerebro, combos, executor, workers, retries, callbacks, bar).run()
    finally:
        bar.close()
        if predata:
            for data in cerebro.datas:
                data.stop()
