"""Metrics of a sweep: checking their names once, and reading them off a :class:`Result`.

Metrics are the model's per-run metrics (:mod:`stockpile.metrics`) or a trajectory variable at a
month, ``"<variable>[.<item>]@<month>"`` (e.g. ``"missile_stock@2026-12"``, summed over items
when no item is named; ``"interceptor_stock.patriot@2026-06"``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.engine import MISSILE_VARIABLES
from stockpile.errors import invalid
from stockpile.metrics import METRICS
from stockpile.results import VARIABLES, Result
from stockpile.scenario import Scenario
from stockpile.simulate import simulate

__all__ = ["check_metrics", "extract", "needs_trajectories"]

Array = NDArray[np.float64]


def _monthly(scenario: Scenario, name: str) -> tuple[str, str | None, int]:
    """``(variable, item or None, month index)`` of a ``"<variable>[.<item>]@<month>"`` name."""
    head, _, month = name.partition("@")
    variable, _, item = head.partition(".")
    if variable not in VARIABLES:
        raise invalid(
            "metrics", f"'<variable>[.<item>]@<month>' with a variable of {list(VARIABLES)}", name
        )
    names = (
        [m.name for m in scenario.missiles]
        if variable in MISSILE_VARIABLES
        else [i.name for i in scenario.interceptors]
    )
    if item and item not in names:
        raise invalid("metrics", f"'{variable}.<item>@<month>' with an item of {names}", name)
    try:
        t = (pd.Period(month, freq="M") - scenario.start).n
    except (TypeError, ValueError):
        raise invalid(
            "metrics", "'<variable>[.<item>]@<month>' with a month such as '2026-12'", name
        ) from None
    if not 0 <= t < scenario.months:
        raise invalid(
            "metrics",
            f"a month within the horizon {scenario.index[0]} to {scenario.index[-1]}",
            name,
        )
    return variable, item or None, t


def check_metrics(scenario: Scenario, metrics: str | Sequence[str] | None) -> tuple[str, ...]:
    """Check metric names once, at the entry; ``None`` means all of the model's metrics.

    Raises
    ------
    StockpileError
        For an unknown or repeated name; the message lists the valid ones.
    """
    if metrics is None:
        return METRICS
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    if not names or not all(isinstance(n, str) for n in names):
        raise invalid("metrics", "a non-empty list of metric names", metrics)
    probe = simulate(scenario, 1, seed=0, trajectories=False)
    for name in names:
        if "@" in name:
            _monthly(scenario, name)
        elif name not in probe.metrics:
            raise invalid(
                "metrics",
                f"metric names from {sorted(probe.metrics)} or '<variable>[.<item>]@<month>'",
                name,
            )
    if len(set(names)) != len(names):
        raise invalid("metrics", "metric names without repeats", names)
    return tuple(names)


def extract(result: Result, name: str) -> Array:
    """Per-run values of metric ``name`` (a metric or ``"<variable>[.<item>]@<month>"``).

    Returns
    -------
    numpy.ndarray of shape (runs,)
        ``depletion_month`` as months since start, NaN if never. [unit of the metric]
    """
    if "@" not in name:
        return result.metric(name)
    variable, item, t = _monthly(result.scenario, name)
    values = result.trajectories[variable]  # (items, months, runs)
    if item is None:
        return np.asarray(values[:, t, :].sum(axis=0), dtype=np.float64)
    return np.asarray(values[result.items_of(variable).index(item), t, :], dtype=np.float64)


def needs_trajectories(metrics: Sequence[str]) -> bool:
    """Whether any metric reads a trajectory at a month."""
    return any("@" in m for m in metrics)
