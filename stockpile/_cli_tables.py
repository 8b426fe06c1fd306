"""The tables ``stockpile run`` and ``stockpile demo`` print and write: metric statistics over
runs, monthly quantiles, and their printed form."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from stockpile.metrics import UNITS
from stockpile.results import Result

#: Quantiles written to ``quantiles.*`` by ``stockpile run``. [1]
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def _quantile(values: np.ndarray, q: float) -> float:
    return float(np.quantile(values, q, method="inverted_cdf"))


def statistics(result: Result) -> pd.DataFrame:
    """Each metric over the runs: unit, mean and the 5 %, 50 % and 95 % quantiles.

    ``depletion_month`` is in months since the start (``inf`` for runs that never fall short)
    and gets a row ``depleted_share``: the share of runs that fall short within the horizon.

    Returns
    -------
    DataFrame
        Index ``metric``; columns ``unit, mean, p05, median, p95``.
    """
    rows: list[tuple[Any, ...]] = []
    defence = {"depletion_month", "months_of_cover", "intercept_rate"}
    for name, unit in UNITS.items():
        if name not in result.metrics or (name in defence and not result.interceptors):
            continue
        values = np.asarray(result.metric(name), dtype=np.float64)
        if name == "depletion_month":
            share = float(np.mean(~np.isnan(values)))
            values = np.where(np.isnan(values), np.inf, values)
            unit = "months since start"
            rows.append(("depleted_share", "1", share, np.nan, np.nan, np.nan))
        finite = values[~np.isnan(values)]
        if finite.size == 0:
            rows.append((name, unit, np.nan, np.nan, np.nan, np.nan))
            continue
        with np.errstate(invalid="ignore"):
            mean = float(np.mean(finite))
        if name == "depletion_month" and np.isinf(mean):
            mean = np.nan  # no mean month when some runs never fall short
        rows.append((name, unit, mean, *(_quantile(finite, q) for q in (0.05, 0.5, 0.95))))
    frame = pd.DataFrame(rows, columns=["metric", "unit", "mean", "p05", "median", "p95"])
    return frame.set_index("metric")


def show(result: Result, table: pd.DataFrame) -> str:
    """The statistics as printed: months as dates, never-depleted as 'never'."""

    def cell(metric: str, value: float) -> str:
        if np.isnan(value):
            return ""
        if metric == "depletion_month":
            return "never" if np.isinf(value) else str(result.index[0] + int(value))
        if metric == "depleted_share":
            return f"{value:.0%}"
        if np.isinf(value):
            return "inf"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{round(value, 2) + 0.0:,.2f}"  # + 0.0: no "-0.00"

    shown = table.copy().astype(object)
    for metric in table.index:
        for column in ("mean", "p05", "median", "p95"):
            shown.loc[metric, column] = cell(str(metric), float(table.loc[metric, column]))
    if result.runs == 1:
        shown = shown[["unit", "mean"]].rename(columns={"mean": "value"})
    if "depletion_month" in shown.index:
        shown.loc["depletion_month", "unit"] = "month"
    return shown.to_string()


def header(result: Result) -> str:
    """The first line printed: scenario, runs, mode, months and seed."""
    mode = "stochastic" if result.noise else "deterministic"
    runs = f"{result.runs:,} {mode} run{'s' if result.runs > 1 else ''}"
    seed = f", seed {result.seed.entropy}" if result.noise or result.samples else ""
    return f"{result.scenario.name}: {runs}, {result.index[0]} to {result.index[-1]}{seed}"


def quantile_frame(result: Result) -> pd.DataFrame:
    """Monthly mean and :data:`QUANTILES` of every variable and item, one row per month."""
    frames = []
    for variable in result.trajectories:
        for item in result.items_of(variable):
            values = result.get(variable, item)
            qs = np.quantile(values, QUANTILES, axis=0)
            frame = pd.DataFrame(
                {
                    "month": result.index,
                    "item": item,
                    "variable": variable,
                    "mean": values.mean(axis=0),
                }
            )
            for q, row in zip(QUANTILES, qs, strict=True):
                frame[f"q{round(q * 100):02d}"] = row
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)
