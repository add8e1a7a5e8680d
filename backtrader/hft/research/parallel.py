"""Running independent research tasks in this process, on local worker processes or on any
``concurrent.futures.Executor`` (a Dask cluster through ``distributed.Client.get_executor()``, or
the ``Client`` itself: anything with ``submit`` returning futures with ``result()``)."""
import os

__all__ = ['map_tasks']


def map_tasks(fn, tasks, executor=None, workers=1):
    """``[fn(*args) for args in tasks]``, in order. ``executor``: run them there; else
    ``workers`` local processes (``None``: one per CPU; 1: in this process). ``fn`` and the
    arguments must pickle when they leave this process."""
    tasks = list(tasks)
    if executor is None:
        if workers is None:
            workers = os.cpu_count() or 1
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ValueError('map_tasks: workers = %r must be an int >= 1 or None' % (workers,))
        if workers == 1 or len(tasks) < 2:
            return [fn(*args) for args in tasks]
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(min(workers, len(tasks))) as pool:
            return _collect(pool, fn, tasks)
    if not hasattr(executor, 'submit'):
        raise ValueError('map_tasks: executor %r has no submit method (give a '
                         'concurrent.futures.Executor or a distributed.Client)' % (executor,))
    return _collect(executor, fn, tasks)


def _collect(executor, fn, tasks):
    futures = [executor.submit(fn, *args) for args in tasks]
    try:
        return [f.result() for f in futures]
    except BaseException:
        for f in futures:
            f.cancel()
        raise
