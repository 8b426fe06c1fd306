"""Where chunks run: in-process, on any ``concurrent.futures.Executor``, or on a Dask cluster.

:func:`run_tasks` submits every task, hands each result to a callback as it completes (the
caller stores it by the task's position, so completion order never shows in the output) and,
if one task fails, cancels the others and raises its error. Dask is imported only when a
``dask.distributed.Client`` is given (``pip install 'stockpile[dask]'``).

:func:`progress_bar` is a ``tqdm.auto`` bar (a terminal bar or a notebook widget) when tqdm is
installed, and nothing otherwise.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from stockpile.errors import invalid

__all__ = ["PROGRESS_DELAY", "check_executor", "is_dask_client", "progress_bar", "run_tasks"]

#: Seconds before an automatic progress bar appears (short sweeps show none). [s]
PROGRESS_DELAY = 1.0
T = TypeVar("T")
R = TypeVar("R")


def is_dask_client(executor: Any) -> bool:
    """Whether ``executor`` is a ``dask.distributed.Client`` (without importing dask)."""
    module = type(executor).__module__ or ""
    return (
        module.split(".")[0] == "distributed"
        and hasattr(executor, "submit")
        and hasattr(executor, "cancel")
    )


def check_executor(executor: Any) -> None:
    """Raise unless ``executor`` is None, a ``concurrent.futures.Executor`` or a Dask client."""
    if (
        executor is None
        or isinstance(executor, concurrent.futures.Executor)
        or is_dask_client(executor)
    ):
        return
    raise invalid(
        "executor",
        "None, a concurrent.futures.Executor or a dask.distributed Client",
        type(executor).__name__,
    )


def run_tasks(
    function: Callable[[T], R], tasks: Sequence[T], executor: Any, done: Callable[[int, R], None]
) -> None:
    """Run ``function`` on every task and call ``done(position, result)`` as each completes.

    Parameters
    ----------
    function : callable
        A module-level function (picklable for process pools and Dask).
    tasks : sequence
        Its arguments, one per call.
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        ``None`` runs the tasks here, one after the other.
    done : callable
        Called in this process with the task's position in ``tasks`` and its result.
    """
    if executor is None:
        for position, task in enumerate(tasks):
            done(position, function(task))
    elif is_dask_client(executor):
        _run_dask(function, tasks, executor, done)
    else:
        futures = {executor.submit(function, task): n for n, task in enumerate(tasks)}
        try:
            for future in concurrent.futures.as_completed(futures):
                done(futures[future], future.result())
        finally:
            for future in futures:
                future.cancel()


def _run_dask(
    function: Callable[[T], R], tasks: Sequence[T], client: Any, done: Callable[[int, R], None]
) -> None:
    from distributed import as_completed  # lazily: dask is an optional extra

    futures = [client.submit(function, task, pure=False) for task in tasks]
    position = {future.key: n for n, future in enumerate(futures)}
    try:
        for future in as_completed(futures):
            done(position[future.key], future.result())
    finally:
        client.cancel(futures)


class _NoBar:
    def update(self, n: int = 1) -> None:
        """Do nothing."""


@contextmanager
def progress_bar(
    total: int, *, enabled: bool | None, initial: int = 0, description: str = "sweep"
) -> Iterator[Any]:
    """A progress bar over ``total`` design points, or a stand-in that shows nothing.

    Parameters
    ----------
    total : int
        Design points in all.
    enabled : bool or None
        ``True`` always shows a bar, ``False`` never, ``None`` in a terminal or a notebook
        once the work has taken more than :data:`PROGRESS_DELAY` seconds.
    initial : int
        Points already done (a resumed sweep).
    description : str
        Label of the bar.
    """
    if enabled is False:
        yield _NoBar()
        return
    try:
        from tqdm.auto import tqdm
        from tqdm.autonotebook import tqdm as chosen
        from tqdm.std import tqdm as terminal
    except ImportError:
        yield _NoBar()
        return
    if enabled:
        options: dict[str, Any] = {"disable": False}
    else:  # a notebook's stderr is no TTY, but its widget is wanted
        options = {"disable": None if chosen is terminal else False, "delay": PROGRESS_DELAY}
    bar = tqdm(
        total=total, initial=initial, unit="point", desc=description, unit_scale=True, **options
    )
    try:
        yield bar
    finally:
        bar.close()
