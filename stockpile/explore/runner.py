"""Evaluating design rows: each chunk of rows is one vectorised :func:`stockpile.simulate` call.

How design columns become per-run arrays and groups of rows is :mod:`.plan`'s job; the metrics
are :mod:`.metrics`'s. Both are re-exported here.

Run ``i`` of a sweep is design row ``i`` (its position): its random streams are keyed by the
seed and ``i`` (:func:`stockpile.streams.run_keys`), so a row's result depends neither on the
chunking nor on where the chunk is computed.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.explore.metrics import check_metrics, extract, needs_trajectories
from stockpile.explore.plan import (
    Column,
    Plan,
    Stochastic,
    check_paths,
    make_plan,
    month_paths,
    per_run_params,
)
from stockpile.results import Result
from stockpile.scenario import Scenario
from stockpile.simulate import simulate

__all__ = [
    "Column",
    "Plan",
    "Task",
    "check_metrics",
    "check_paths",
    "evaluate",
    "extract",
    "make_plan",
    "make_task",
    "month_paths",
    "needs_trajectories",
    "per_run_params",
    "seed_sequence",
    "simulate_runs",
]

Array = NDArray[np.float64]
_PER_RUN = ("rate", "number", "month")  # Column modes given as per-run arrays


def seed_sequence(seed: Any) -> np.random.SeedSequence:
    """``seed`` (a non-negative int, a SeedSequence or None for fresh entropy) as a
    SeedSequence, created once so that every chunk and iteration shares it."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and int(seed) >= 0:
        return np.random.SeedSequence(int(seed))
    raise invalid("seed", "a non-negative integer, a SeedSequence or None", seed)


def simulate_runs(
    scenario: Scenario,
    runs: int,
    *,
    seed: np.random.SeedSequence,
    first_run: int,
    stochastic: Stochastic,
    trajectories: bool,
) -> Result:
    """:func:`stockpile.simulate` of runs ``first_run`` to ``first_run + runs - 1`` of ``seed``."""
    return simulate(
        scenario,
        runs,
        seed=seed,
        first_run=first_run,
        stochastic=stochastic,
        trajectories=trajectories,
    )


@dataclass(frozen=True)
class Task:
    """One chunk of design rows: the unit of work sent to an executor.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    start, stop : int
        Positions of the chunk's rows in the design (``stop`` excluded); row ``i`` is run
        ``i`` of ``seed``.
    columns : tuple of Column
        How each design column is applied.
    arrays : dict of str to ndarray of shape (stop - start,)
        The chunk's per-run columns.
    groups : ndarray of int of shape (stop - start,) or None
        The chunk's group of each row.
    group_values : tuple of dict
        Group → grouped path → value.
    metrics : tuple of str
        Metric names to return.
    seed : numpy.random.SeedSequence
        Seed of the whole sweep.
    stochastic : bool or Noise
        Passed to :func:`stockpile.simulate`.
    keyed : bool
        Whether rows must keep their own run ids (random draws).
    """

    scenario: Scenario
    start: int
    stop: int
    columns: tuple[Column, ...]
    arrays: Mapping[str, NDArray[Any]]
    groups: NDArray[np.intp] | None
    group_values: tuple[Mapping[str, Any], ...]
    metrics: tuple[str, ...]
    seed: np.random.SeedSequence
    stochastic: Stochastic
    keyed: bool


def make_task(
    plan: Plan,
    scenario: Scenario,
    start: int,
    stop: int,
    *,
    metrics: tuple[str, ...],
    seed: np.random.SeedSequence,
    stochastic: Stochastic,
) -> Task:
    """The task of design rows ``start`` to ``stop - 1``."""
    window = slice(start, stop)
    return Task(
        scenario,
        start,
        stop,
        plan.columns,
        {p: a[window] for p, a in plan.arrays.items()},
        None if plan.groups is None else plan.groups[window],
        plan.group_values,
        metrics,
        seed,
        stochastic,
        plan.keyed,
    )


def _groups_of(task: Task) -> list[NDArray[np.intp]]:
    """Row positions of each group of the task (all rows when nothing is grouped)."""
    if task.groups is None:
        return [np.arange(task.stop - task.start)]
    order = np.argsort(task.groups, kind="stable")
    cuts = np.flatnonzero(np.diff(task.groups[order])) + 1
    return [np.sort(part) for part in np.split(order, cuts)]


def evaluate(task: Task) -> dict[str, Array]:
    """Metrics of a task's rows, each of shape ``(stop - start,)``, in design order.

    One :func:`stockpile.simulate` call per group of rows, with the rows' values as per-run
    1-D arrays. When rows draw random numbers, each must be simulated as its own run id, and
    a simulation covers a contiguous range of run ids: a group is then simulated over the
    span from its first to its last row (the other rows of the span, valid values too, are
    computed and dropped), so a chunk with ``g`` groups costs up to ``g`` times its rows
    (see :func:`simulate_runs`).
    """
    n = task.stop - task.start
    out = {m: np.empty(n) for m in task.metrics}
    trajectories = needs_trajectories(task.metrics)
    ordered = sorted(task.columns, key=lambda c: c.mode == "month")  # event months last
    for rows in _groups_of(task):
        first = int(rows[0])
        simulated = np.arange(first, int(rows[-1]) + 1) if task.keyed else rows
        values: dict[str, Any] = {}
        if task.groups is not None:
            values.update(task.group_values[int(task.groups[first])])
        for column in ordered:
            if column.mode in _PER_RUN:
                values[column.path] = column.wrap(task.arrays[column.path][simulated])
        scenario = task.scenario.with_params(values)
        result = simulate_runs(
            scenario,
            len(simulated),
            seed=task.seed,
            first_run=task.start + first,
            stochastic=task.stochastic,
            trajectories=trajectories,
        )
        keep = rows - first if task.keyed else slice(None)
        for name in task.metrics:
            out[name][rows] = extract(result, name)[keep]
    return out
