"""Sensitivity: which assumption matters most, overall and month by month.

:func:`sobol` estimates variance-based Sobol' indices with :func:`scipy.stats.sobol_indices`
(Saltelli 2010 first order, Jansen total order) from one sweep of the ``A``, ``B`` and
``AB`` matrices, ``n (d + 2)`` points evaluated by the vectorised engine. Its confidence
intervals are a percentile bootstrap computed all at once: both estimators are means over the
``n`` points, so a resample is a vector of counts and all resamples of all outputs are one
matrix product (seconds for hundreds of outputs, where resampling output by output takes
minutes). :func:`tornado` is the one-at-a-time study: each parameter at its low and high
value, the others as in the scenario.

A first-order index is the share of the output's variance explained by one parameter alone,
a total-order index the share it takes part in, interactions included. [1]
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.stats
from numpy.typing import NDArray

from stockpile.errors import StockpileError, invalid
from stockpile.explore.bounds import Bound, parse_bounds
from stockpile.explore.memory import check_fits
from stockpile.explore.runner import (
    check_metrics,
    check_paths,
    check_units,
    extract,
    metric_unit,
    parameter_unit,
)
from stockpile.explore.samplers import design_frame, unit_points
from stockpile.explore.sweeps import sweep
from stockpile.inputs import Noise
from stockpile.results import VARIABLES
from stockpile.scenario import Scenario
from stockpile.simulate import simulate
from stockpile.validation import check, seed_sequence
from stockpile.variables import items_of

__all__ = ["bootstrap_indices", "outputs", "sobol", "tornado"]

Array = NDArray[np.float64]


def outputs(values: Array, name: str, months: int) -> Array:
    """Metric values ready for averaging: ``months_to_depletion`` never reached counts as the
    horizon (censored at the end); any other missing value is an error. [unit of the metric]"""
    if name.split(".")[0] == "months_to_depletion":
        return np.where(np.isnan(values), float(months), values)
    if not np.isfinite(values).all():
        raise StockpileError(
            f"The metric {name!r} is NaN or infinite for some points (e.g. intercept_rate "
            "with nothing launched at defended areas, months_of_cover with no net burn), so "
            "its variance is undefined. Choose another metric or narrower bounds."
        )
    return values


def bootstrap_indices(
    f_a: Array,
    f_b: Array,
    f_ab: Array,
    *,
    resamples: int,
    confidence: float,
    rng: np.random.Generator,
) -> tuple[Array, Array]:
    """Percentile bootstrap intervals of Sobol' indices, all outputs at once.

    The estimators of :func:`scipy.stats.sobol_indices` (Saltelli 2010 first order, Jansen
    total order, outputs centred on the mean of ``A`` and ``B``) are means over the ``n``
    points of per-point terms, so one resample is a vector of counts ``c`` (how often each
    point is drawn) and its estimate is ``c @ terms / n``: every resample of every output is
    one matrix product.

    Parameters
    ----------
    f_a, f_b : numpy.ndarray of shape (s, n)
        Outputs at the points of ``A`` and ``B``.
    f_ab : numpy.ndarray of shape (d, s, n)
        Outputs at ``AB``: ``A`` with column ``i`` from ``B``, for each parameter ``i``.
    resamples : int
        Bootstrap resamples.
    confidence : float
        Confidence level of the intervals, in (0, 1).
    rng : numpy.random.Generator
        Source of the resamples.

    Returns
    -------
    first, total : numpy.ndarray of shape (2, s, d)
        Low and high ends of the intervals. [1]
    """
    s, n = f_a.shape
    d = f_ab.shape[0]
    mean = 0.5 * (f_a.mean(axis=1) + f_b.mean(axis=1))[:, None]
    a, b, ab = f_a - mean, f_b - mean, f_ab - mean[None]
    terms = np.concatenate(
        [
            0.5 * (a + b),  # (s, n): mean
            0.5 * (a * a + b * b),  # (s, n): mean of squares
            (b[None] * (ab - a[None])).reshape(d * s, n),  # Saltelli 2010 first order
            (0.5 * (a[None] - ab) ** 2).reshape(d * s, n),  # Jansen total order
        ]
    )
    stats = np.empty((terms.shape[0], resamples))
    block = max(1, min(resamples, 2**24 // n))
    for start in range(0, resamples, block):
        size = min(block, resamples - start)
        draws = rng.integers(0, n, size=(size, n)) + (np.arange(size) * n)[:, None]
        counts = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n)
        stats[:, start : start + size] = terms @ counts.T.astype(np.float64)
    stats /= n
    variance = stats[s : 2 * s] - stats[:s] ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        first = stats[2 * s : 2 * s + d * s].reshape(d, s, -1) / variance
        total = stats[2 * s + d * s :].reshape(d, s, -1) / variance
    levels = [(1 - confidence) / 2, (1 + confidence) / 2]
    out = []
    for index in (first, total):
        index = np.where(np.isfinite(index), index, 0.0)
        out.append(np.quantile(index, levels, axis=2).transpose(0, 2, 1))  # (2, s, d)
    return out[0], out[1]


def _names(
    scenario: Scenario, metric: str | Sequence[str] | None, variable: str | None, item: str | None
) -> tuple[list[str], list[str]]:
    """Output column names and their labels (metrics, or months of a variable)."""
    if (metric is None) == (variable is None):
        raise invalid(
            "metric", "given, or else variable= (exactly one of the two)", (metric, variable)
        )
    if metric is not None:
        names = list(check_metrics(scenario, metric, numeric=True, parameter="metric"))
        return names, names
    if variable not in VARIABLES:
        raise invalid("variable", f"one of {list(VARIABLES)}", variable)
    items = items_of(scenario, variable)
    if item is not None and item not in items:
        raise invalid("item", f"one of {items}", item)
    head = variable if item is None else f"{variable}.{item}"
    labels = [str(m) for m in scenario.index]
    return [f"{head}@{m}" for m in labels], labels


def _check_common(n: Any, resamples: Any, confidence: Any) -> None:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2 or n & (n - 1):
        raise invalid(
            "n",
            "a power of two >= 2 for Sobol' points (their balance needs it)",
            n,
            hint="e.g. n=2**12.",
        )
    check(resamples=resamples, confidence=confidence)


def sobol(
    scenario: Scenario,
    bounds: Mapping[str, Any],
    metric: str | Sequence[str] | None = None,
    *,
    variable: str | None = None,
    item: str | None = None,
    n: int = 2**12,
    seed: int | np.random.SeedSequence | None = None,
    stochastic: bool | Noise = False,
    confidence: float = 0.95,
    resamples: int = 999,
    chunk_size: int | None = None,
    executor: Any = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Sobol' first- and total-order indices of a metric, or of a variable month by month.

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    bounds : mapping
        Parameter path → bound (:mod:`stockpile.explore.bounds`), sampled uniformly (a
        distribution through its ``ppf``); ``d = len(bounds)`` inputs.
    metric : str or sequence of str, optional
        Metric name(s) (:mod:`stockpile.metrics`, or ``"<variable>[.<item>]@<month>"``), numeric:
        ``months_to_depletion`` (months after the start; never reached counts as the horizon),
        not the calendar ``depletion_month``.
    variable : str, optional
        Instead of ``metric``: a trajectory variable (``"interceptor_stock"``), analysed at
        every month, to see how the ranking changes over time.
    item : str, optional
        The item of ``variable`` (default: the sum over items).
    n : int
        Base sample size, a power of two; ``n (d + 2)`` points are simulated.
    seed : int or numpy.random.SeedSequence, optional
        Seeds the Sobol' points, the simulations (stochastic mode, distributions left in the
        scenario) and the bootstrap.
    stochastic : bool or Noise
        As for :func:`stockpile.simulate` (the noise then counts as unexplained variance).
    confidence : float
        Level of the bootstrap intervals.
    resamples : int
        Bootstrap resamples.
    chunk_size, executor, progress
        As for :func:`~stockpile.explore.sweep`.

    Returns
    -------
    DataFrame
        One row per output and parameter: ``metric`` (or ``month``), ``parameter``,
        ``first_order``, ``first_order_low``, ``first_order_high``, ``total_order``,
        ``total_order_low``, ``total_order_high``. [1] With ``metric``, rows are sorted by
        total order, largest first, within each metric; with ``variable``, by month then in
        the order of ``bounds``. ``attrs``: ``seed`` (the entropy), ``n``, ``evaluations``,
        ``confidence``, ``resamples``.
    """
    if not isinstance(scenario, Scenario):
        raise invalid("scenario", "a sp.Scenario", type(scenario).__name__)
    _check_common(n, resamples, confidence)
    parsed = parse_bounds(bounds)
    check_paths(scenario, [b.path for b in parsed])
    check_units(scenario, parsed)
    names, labels = _names(scenario, metric, variable, item)
    root = seed_sequence(seed)
    points_seed, runs_seed, boot_seed = (  # children that leave the caller's seed untouched
        np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, k)) for k in range(3)
    )
    d = len(parsed)
    check_fits(
        "n",
        n,
        n * (d + 2),
        8 * 6 * (d + len(names)),  # points, design, outputs and the bootstrap's terms
        what=f"evaluations of {d} parameter(s)",
        hint="Use a smaller n (a power of two), or fewer outputs.",
    )
    u = unit_points(2 * d, n, method="sobol", seed=np.random.default_rng(points_seed))
    a, b = u[:, :d], u[:, d:]
    ab = np.repeat(a[None], d, axis=0)  # (d, n, d)
    ab[np.arange(d), :, np.arange(d)] = b.T
    design = design_frame(parsed, np.concatenate([a, b, ab.reshape(d * n, d)]))
    table = sweep(
        scenario,
        design,
        names,
        seed=runs_seed,
        stochastic=stochastic,
        chunk_size=chunk_size,
        executor=executor,
        progress=progress,
    )
    y = np.stack(
        [outputs(table[m].to_numpy(dtype=np.float64), m, scenario.months) for m in names]
    )  # (s, n (d + 2))
    f_a, f_b = y[:, :n], y[:, n : 2 * n]
    f_ab = y[:, 2 * n :].reshape(len(names), d, n).transpose(1, 0, 2)
    point = scipy.stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
    shape = (len(names), d)
    first = np.reshape(point.first_order, shape)
    total = np.reshape(point.total_order, shape)
    first_ci, total_ci = bootstrap_indices(
        f_a,
        f_b,
        f_ab,
        resamples=int(resamples),
        confidence=float(confidence),
        rng=np.random.default_rng(boot_seed),
    )
    frame = pd.DataFrame(
        {
            "output": np.repeat(labels, d),
            "parameter": np.tile([p.path for p in parsed], len(names)),
            "first_order": first.ravel(),
            "first_order_low": first_ci[0].ravel(),
            "first_order_high": first_ci[1].ravel(),
            "total_order": total.ravel(),
            "total_order_low": total_ci[0].ravel(),
            "total_order_high": total_ci[1].ravel(),
        }
    )
    if metric is not None:
        frame = frame.rename(columns={"output": "metric"})
        order = {name: k for k, name in enumerate(names)}
        frame = frame.sort_values(
            ["metric", "total_order"],
            ascending=[True, False],
            key=lambda c: c.map(order) if c.name == "metric" else c,
            ignore_index=True,
        )
    else:
        frame = frame.rename(columns={"output": "month"})
        frame["month"] = pd.PeriodIndex(frame["month"], freq="M")
    frame.attrs = {
        "seed": root.entropy,
        "n": n,
        "evaluations": len(design),
        "confidence": confidence,
        "resamples": resamples,
    }
    return frame


def tornado(
    scenario: Scenario,
    bounds: Mapping[str, Any],
    metric: str,
    *,
    runs: int = 1,
    seed: int | np.random.SeedSequence | None = None,
    stochastic: bool | Noise = False,
) -> pd.DataFrame:
    """One-at-a-time sensitivity: each parameter at its low and high value, the rest as is.

    Parameters
    ----------
    scenario : Scenario
        The base scenario (its own values are the "base" case).
    bounds : mapping
        Parameter path → bound: a range's ends, a choice's first and last value, a
        distribution's 5 % and 95 % quantiles.
    metric : str
        Metric name (:mod:`stockpile.metrics`, or ``"<variable>[.<item>]@<month>"``), numeric:
        ``months_to_depletion`` (months after the start; never reached counts as the horizon),
        not the calendar ``depletion_month``.
    runs : int
        Runs per case, averaged (distributions in the scenario, stochastic mode); every case
        uses the same seed, so cases differ by the parameter only (common random numbers).
    seed : int or numpy.random.SeedSequence, optional
        Seed of every case.
    stochastic : bool or Noise
        As for :func:`stockpile.simulate`.

    Returns
    -------
    DataFrame
        Index ``parameter``; columns ``low_value``, ``high_value`` (the parameter's values, in
        the unit of its bound), ``low``, ``high``, ``base`` (the metric's mean) and ``swing``
        (``|high − low|``), sorted by swing, largest first. [unit of the metric]
        ``attrs``: ``metric``, its ``unit`` (``"months after 2025-01"`` for
        ``months_to_depletion``), ``parameter_units`` (path → unit of its values), ``start``
        (the first month) and ``horizon`` (the months simulated: the value that stands for
        "never" in ``months_to_depletion``). [months]
    """
    if not isinstance(scenario, Scenario):
        raise invalid("scenario", "a sp.Scenario", type(scenario).__name__)
    if not isinstance(metric, str):
        raise invalid("metric", "one metric name", metric)
    check(runs, "runs")
    parsed = parse_bounds(bounds)
    check_paths(scenario, [b.path for b in parsed])
    check_units(scenario, parsed)
    (name,) = check_metrics(scenario, metric, numeric=True, parameter="metric")
    seed_seq = seed_sequence(seed)
    trajectories = "@" in name

    def mean(case: Scenario) -> float:
        result = simulate(
            case, int(runs), seed=seed_seq, stochastic=stochastic, trajectories=trajectories
        )
        return float(outputs(extract(result, name), name, scenario.months).mean())

    def at(bound: Bound, value: Any) -> float:
        return mean(scenario.with_params({bound.path: bound.wrap(value)}))

    base = mean(scenario)
    rows = []
    for bound in parsed:
        low_value, high_value = bound.spec.ends()
        low, high = at(bound, low_value), at(bound, high_value)
        rows.append(
            {
                "parameter": bound.path,
                "low_value": low_value,
                "high_value": high_value,
                "low": low,
                "high": high,
                "base": base,
                "swing": abs(high - low),
            }
        )
    frame = pd.DataFrame(rows).set_index("parameter")
    frame = frame.sort_values("swing", ascending=False, kind="stable")
    frame.attrs["metric"] = name  # for labels: sp.plot.tornado reads it
    frame.attrs["unit"] = metric_unit(scenario, name)
    frame.attrs["parameter_units"] = {
        b.path: parameter_unit(scenario, b.path, b.per) for b in parsed
    }
    frame.attrs["start"] = str(scenario.start)
    frame.attrs["horizon"] = scenario.months
    return frame
