"""Sweeps: the metrics of every point of a design, one vectorised simulation per chunk.

::

    design = sp.explore.lhs(bounds, n=10_000, seed=1)
    table = sp.sweep(scenario, design, metrics=["depletion_month", "final_missile_stock"])
    table = sp.sweep(scenario, design, executor=client, out="runs/lhs-10k")   # Dask, resumable

It reads like the method: check the design against the scenario once; cut it into chunks of
rows; for each chunk, build one scenario whose parameters are the chunk's columns as per-run
arrays and simulate it in summary mode (rows sharing non-numeric values, such as a doctrine,
are simulated group by group); store each chunk's metrics by its position. Row ``i`` is run
``i`` of the seed, so the table is the same for any chunk size, executor or number of workers,
and an interrupted sweep with ``out=`` resumes where it stopped.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.explore.executors import check_executor, progress_bar, run_tasks
from stockpile.explore.memory import check_fits
from stockpile.explore.runner import (
    Plan,
    Task,
    _calendar,
    calendar,
    check_metrics,
    column_units,
    evaluate,
    make_plan,
    make_task,
)
from stockpile.explore.store import VERSION, Store, design_hash, fingerprint
from stockpile.inputs import Noise
from stockpile.scenario import Scenario
from stockpile.validation import check, seed_sequence

__all__ = ["DEFAULT_ROWS", "sweep"]

Array = NDArray[np.float64]
#: Design rows per chunk (the unit of work and of a resumable sweep's files) unless told
#: otherwise: one engine chunk (``stockpile.simulate.DEFAULT_CHUNK``).
DEFAULT_ROWS = 16_384


def _check(
    scenario: Any, design: Any, chunk_size: Any, stochastic: Any, out: Any, progress: Any
) -> int:
    if not isinstance(scenario, Scenario):
        raise invalid("scenario", "a sp.Scenario", type(scenario).__name__)
    if not isinstance(design, pd.DataFrame):
        raise invalid(
            "design",
            "a DataFrame with one column per parameter path",
            type(design).__name__,
            hint="Build one with sp.explore.lhs or grid.",
        )
    if design.empty or not len(design.columns):
        raise invalid(
            "design", "a DataFrame with at least one row and one column", f"shape {design.shape}"
        )
    if not design.columns.is_unique:
        raise invalid(
            "design", "columns without repeats", sorted(design.columns[design.columns.duplicated()])
        )
    if not design.index.is_unique:
        raise invalid(
            "design",
            "a DataFrame with a unique index",
            "repeated index labels",
            hint="Use design.reset_index(drop=True).",
        )
    rows = DEFAULT_ROWS if chunk_size is None else chunk_size
    if isinstance(rows, bool) or not isinstance(rows, numbers.Integral) or rows < 1:
        raise invalid("chunk_size", "a whole number of rows >= 1", chunk_size)
    check(stochastic, "stochastic")
    if out is not None and not isinstance(out, str | os.PathLike):
        raise invalid("out", "a folder path", out)
    if progress is not None and not isinstance(progress, bool):
        raise invalid("progress", "True, False or None", progress)
    return int(rows)


def _manifest(
    scenario: Scenario,
    design: pd.DataFrame,
    plan: Plan,
    metrics: tuple[str, ...],
    seed: np.random.SeedSequence,
    stochastic: bool | Noise,
    rows: int,
) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "version": VERSION,
        "design": design_hash(design, plan.units),
        "rows": len(design),
        "scenario": fingerprint(scenario),
        "metrics": list(metrics),
        "stochastic": repr(stochastic),
        "chunk_size": rows,
    }
    if plan.keyed:  # the seed matters only when rows draw random numbers
        manifest["seed"] = [str(seed.entropy), list(seed.spawn_key)]
    return manifest


def sweep(
    scenario: Scenario,
    design: pd.DataFrame,
    metrics: str | Sequence[str] | None = None,
    *,
    seed: int | np.random.SeedSequence | None = None,
    stochastic: bool | Noise = False,
    chunk_size: int | None = None,
    executor: Any = None,
    out: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Simulate every point of a design and tabulate its metrics.

    Parameters
    ----------
    scenario : Scenario
        The base scenario; each design column replaces one of its parameters.
    design : DataFrame
        One row per point, one column per parameter path (:meth:`Scenario.paths`), values in
        the user's unit: rates in the unit of ``design.attrs["units"]`` (set by the samplers
        from ``sp.per_year``/``sp.per_month`` bounds; a rate without one is an error, never
        read in the scenario's unit); an event's month as a ``Period``, a
        month string or whole months since the start. Numeric columns become per-run arrays;
        other columns (a doctrine, a lead time, a policy) are simulated group by group.
    metrics : str or sequence of str, optional
        Metric names (:mod:`stockpile.metrics`; all of the model's by default) or a trajectory
        variable at a month, ``"<variable>[.<item>]@<month>"`` such as
        ``"missile_stock@2026-12"`` (summed over items unless one is named).
    seed : int or numpy.random.SeedSequence, optional
        Seed of the random streams (stochastic mode, distributions left in the scenario):
        design row ``i`` draws as run ``i``, whatever the chunking or executor. Without one,
        fresh entropy is drawn (kept in ``table.attrs["seed"]``; a resumed sweep reuses the
        one in its manifest).
    stochastic : bool or Noise
        As for :func:`stockpile.simulate`.
    chunk_size : int, optional
        Design rows per chunk (default :data:`DEFAULT_ROWS`): the unit of work of an
        executor and of a resumable sweep's files. The table does not depend on it.
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where chunks run (``None``: here, one after the other). Process pools and Dask need
        the scenario to be picklable (module-level functions, no lambdas).
    out : path, optional
        A new or empty folder, filled with Parquet files, one per chunk (needs pyarrow), and a
        manifest recording the design's and every chunk's SHA-256: an interrupted sweep run
        again computes only the chunks missing or no longer matching their hash; another
        sweep's folder (or one with files and no manifest) is an error
        (:mod:`stockpile.explore.store`).
    progress : bool, optional
        Show a progress bar (``tqdm.auto``, when installed): ``None`` shows one in a terminal
        or a notebook when the sweep has more than one chunk and lasts more than a second.

    Returns
    -------
    DataFrame
        The design's columns and index, then one column per metric [unit of the metric];
        ``depletion_month`` as months since the start (NaN if never), as
        :meth:`Result.metric`. ``attrs``: ``seed`` (the entropy) and ``units``.

    Raises
    ------
    StockpileError
        For an unknown path (listing the valid ones), a bad value in the design, an unknown
        metric, or an ``out`` folder that holds another sweep.
    """
    rows = _check(scenario, design, chunk_size, stochastic, out, progress)
    check_executor(executor)
    names = check_metrics(scenario, metrics)
    check_fits(
        "design",
        f"{len(design):,} rows",
        len(design),
        8 * 4 * (len(design.columns) + len(names)),  # the metrics, their frame, the table
        what=f"rows of {len(design.columns)} parameter(s) and {len(names)} metric(s)",
        hint="Sweep the design in parts (design.iloc[a:b]), each with its own out= folder.",
    )
    plan = make_plan(scenario, design, stochastic=stochastic)
    folder = None if out is None else Path(out)
    stored = Store.read_manifest(folder) if folder is not None else None
    if seed is None and stored is not None and "seed" in stored:
        entropy, spawn_key = stored["seed"]
        seed_seq = np.random.SeedSequence(int(entropy), spawn_key=tuple(spawn_key))
    else:
        seed_seq = seed_sequence(seed)
    store = (
        None
        if folder is None
        else Store(folder, _manifest(scenario, design, plan, names, seed_seq, stochastic, rows))
    )

    n = len(design)
    windows = [(start, min(start + rows, n)) for start in range(0, n, rows)]
    values = {m: np.empty(n) for m in names}
    todo = []
    for chunk, (start, stop) in enumerate(windows):
        found = store.read(chunk, start, stop, names) if store is not None else None
        if found is None:
            todo.append(chunk)
        else:
            for m in names:
                values[m][start:stop] = found[m]
    tasks: list[Task] = [
        make_task(plan, scenario, *windows[c], metrics=names, seed=seed_seq, stochastic=stochastic)
        for c in todo
    ]
    done_rows = n - sum(t.stop - t.start for t in tasks)
    show = progress if progress is not None else (None if len(windows) > 1 else False)
    with progress_bar(n, enabled=show, initial=done_rows) as bar:

        def done(position: int, result: dict[str, Array]) -> None:
            task = tasks[position]
            if store is not None:
                store.write(todo[position], task.start, result)
            for m in names:
                values[m][task.start : task.stop] = result[m]
            bar.update(task.stop - task.start)

        run_tasks(evaluate, tasks, executor, done)

    metrics_frame = pd.DataFrame(values, index=design.index)
    for name in names:
        if _calendar(name):
            metrics_frame[name] = calendar(scenario, values[name]).to_numpy()
    table = pd.concat([design, metrics_frame], axis=1)
    table.attrs = {
        "seed": seed_seq.entropy,
        "units": dict(plan.units),
        "column_units": column_units(scenario, plan, names),
        "start": str(scenario.start),
        "horizon": scenario.months,
    }
    return table
