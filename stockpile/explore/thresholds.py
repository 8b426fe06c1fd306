"""Thresholds: the smallest or largest value of one parameter for which a condition holds.

"What is the least Patriot delivery rate with no shortfall before 2027-01?" ::

    sp.explore.threshold(scenario, "patriot.deliveries", sp.per_month((0, 100)),
                         condition=sp.explore.no_depletion_before("2027-01"), tol=0.01)

The condition must be **monotone** in the parameter, run by run: it holds on one side of a
threshold and fails on the other (more deliveries never create a shortfall; more production
never shrinks the reserve). Then bisection finds the threshold, for every run at once: all
runs bisect in lockstep, each iteration is one simulation with the runs' midpoints as a per-run
array, and each run keeps its own bracket. Where the condition holds at the bracket's low end,
the answer is the largest value for which it holds; where it holds at the high end, the
smallest. With uncertain parameters (distributions) every run has its own threshold; every
iteration uses the same seed, so a run's draws stay the same while its bracket narrows.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import StockpileError, invalid
from stockpile.explore.bounds import Bound, Integers, Months, Range, parse_bounds
from stockpile.explore.runner import (
    check_metrics,
    check_paths,
    check_units,
    extract,
    month_paths,
    per_run_params,
)
from stockpile.inputs import Noise
from stockpile.results import Result
from stockpile.scenario import Scenario
from stockpile.simulate import simulate
from stockpile.units import Rate
from stockpile.validation import seed_sequence

__all__ = ["Condition", "at_least", "at_most", "no_depletion_before", "threshold"]

Array = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Condition:
    """A per-run test of one metric (build one with the helpers below).

    Parameters
    ----------
    metric : str
        Metric name (:mod:`stockpile.metrics`, or ``"<variable>[.<item>]@<month>"``), numeric
        (``months_to_depletion``, not the calendar ``depletion_month``).
    test : callable
        ``test(values, scenario)`` → bool array of shape ``(runs,)``, from the metric's
        values of shape ``(runs,)``.
    label : str
        How the condition is shown in messages.
    check : callable, optional
        ``check(scenario)`` raises :class:`~stockpile.StockpileError` when the condition
        cannot apply to the scenario (a month outside its horizon); called before anything is
        simulated.
    """

    metric: str
    test: Callable[[Array, Scenario], Bools]
    label: str
    check: Callable[[Scenario], None] | None = None

    def values(self, result: Result) -> Array:
        """The metric's per-run values, shape ``(runs,)``. [unit of the metric]"""
        return extract(result, self.metric)

    def __call__(self, result: Result) -> Bools:
        """Whether the condition holds, per run, shape ``(runs,)``."""
        return np.asarray(self.test(self.values(result), result.scenario), dtype=bool)

    def __repr__(self) -> str:
        return self.label


def no_depletion_before(month: Any) -> Condition:
    """No interceptor shortfall before ``month`` (the magazine lasts through the month before).

    Parameters
    ----------
    month : str or pandas.Period
        E.g. ``"2027-01"``: a month after the start, at most the month after the horizon
        (then: no shortfall at all).
    """
    try:
        period = pd.Period(month, freq="M")
    except (TypeError, ValueError):
        raise invalid("no_depletion_before", "a month such as '2027-01'", month) from None

    def check(scenario: Scenario) -> None:
        if not 1 <= (period - scenario.start).n <= scenario.months:
            raise invalid(
                "no_depletion_before",
                f"a month from {scenario.start + 1} to "
                f"{scenario.start + scenario.months} (the month after the horizon)",
                str(period),
            )

    def test(values: Array, scenario: Scenario) -> Bools:
        return np.isnan(values) | (values >= (period - scenario.start).n)

    label = f"no_depletion_before({str(period)!r})"
    return Condition("months_to_depletion", test, label, check)


def _limit(helper: str, metric: Any, value: Any) -> float:
    if not isinstance(metric, str):
        raise invalid(f"{helper}.metric", "a metric name", metric)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise invalid(f"{helper}.value", "a number [unit of the metric]", value)
    return float(value)


def at_least(metric: str, value: float) -> Condition:
    """``metric >= value`` (NaN fails), e.g. ``at_least("final_missile_stock", 2000)``.

    Parameters
    ----------
    metric : str
        Metric name. [its unit]
    value : float
        Least acceptable value. [unit of the metric]
    """
    limit = _limit("at_least", metric, value)
    return Condition(metric, lambda v, _: v >= limit, f"at_least({metric!r}, {value!r})")


def at_most(metric: str, value: float) -> Condition:
    """``metric <= value`` (NaN fails), e.g. ``at_most("reserve_growth_per_year", 0)``.

    Parameters
    ----------
    metric : str
        Metric name. [its unit]
    value : float
        Largest acceptable value. [unit of the metric]
    """
    limit = _limit("at_most", metric, value)
    return Condition(metric, lambda v, _: v <= limit, f"at_most({metric!r}, {value!r})")


def _bracket(scenario: Scenario, path: str, bracket: Any) -> Bound:
    (bound,) = parse_bounds({path: bracket})
    params = per_run_params(scenario)
    if isinstance(bound.spec, Months):
        if path not in month_paths(scenario):
            raise invalid(
                path, "a numeric bracket (low, high): it is not an event's month", bracket
            )
        return bound
    if not isinstance(bound.spec, Range | Integers) or path not in params:
        raise invalid(
            path, "a bracket (low, high) of a numeric parameter or of an event's month", bracket
        )
    check_units(scenario, [bound])
    return bound


def _show(bound: Bound, value: Any) -> str:
    return str(bound.wrap(value)) if bound.per is not None else str(value)


def threshold(
    scenario: Scenario,
    path: str,
    bracket: Any,
    condition: Condition | Callable[[Result], Any],
    *,
    tol: float | None = None,
    runs: int = 1,
    seed: int | np.random.SeedSequence | None = None,
    stochastic: bool | Noise = False,
    unbracketed: str = "raise",
) -> pd.Series:
    """The value of ``path`` at which ``condition`` starts or stops holding, for every run.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its value of ``path`` is replaced.
    path : str
        A numeric parameter (``"patriot.deliveries"``) or an event's month
        (``"ceasefire.start"``).
    bracket : tuple or Rate or bound
        ``(low, high)`` searched, in the parameter's unit: ``sp.per_month((0, 100))`` for a
        rate (a bare tuple on a rate is an error), ``sp.explore.integers(1, 4)`` for
        whole numbers, ``("2025-06", "2027-12")`` for months.
    condition : Condition or callable
        ``condition(result)`` → bool array of shape ``(runs,)``, monotone in the parameter
        (see the module docstring); e.g. :func:`no_depletion_before`, :func:`at_least`.
    tol : float, optional
        Width of the final bracket, in the bracket's unit (default: 1/1000 of the bracket).
        The answer is within ``tol`` of the exact threshold, on the side where the condition
        holds. Whole numbers and months are found exactly.
    runs : int
        Runs (distributions in the scenario, stochastic mode: each run its own threshold).
    seed : int or numpy.random.SeedSequence, optional
        Seed of the runs, the same for every iteration.
    stochastic : bool or Noise
        As for :func:`stockpile.simulate`; the condition should then still be monotone run by
        run (each run keeps its random streams across iterations).
    unbracketed : {"raise", "nan"}
        What to do with runs whose condition is the same at both ends: raise, or give NaN.

    Returns
    -------
    Series
        Index ``run``, named ``path``: the threshold per run, in the bracket's unit (months
        as ``Period``). ``attrs``: ``tol``, ``unit``, ``iterations``, ``seed`` (the entropy),
        and ``holds_above``, a bool array (True where the answer is the smallest value for
        which the condition holds, False where it is the largest).

    Raises
    ------
    StockpileError
        When the condition is not bracketed, naming the parameter, the bracket and the metric
        values at its ends.
    """
    if not isinstance(scenario, Scenario):
        raise invalid("scenario", "a sp.Scenario", type(scenario).__name__)
    if not isinstance(path, str):
        raise invalid("path", "a parameter path (str)", path)
    check_paths(scenario, [path])
    if not callable(condition):
        raise invalid("condition", "a Condition or a callable result -> bool array", condition)
    if isinstance(condition, Condition):  # checked now, not after the first simulation
        check_metrics(scenario, condition.metric, numeric=True, parameter="condition")
        if condition.check is not None:
            condition.check(scenario)
    if isinstance(runs, bool) or not isinstance(runs, numbers.Integral) or runs < 1:
        raise invalid("runs", "a whole number >= 1", runs)
    if unbracketed not in ("raise", "nan"):
        raise invalid("unbracketed", "'raise' or 'nan'", unbracketed)
    bound = _bracket(scenario, path, bracket)
    spec = bound.spec
    months = isinstance(spec, Months)
    if months:
        low, high = float((spec.first - scenario.start).n), float((spec.last - scenario.start).n)
    else:
        assert isinstance(spec, Range | Integers)
        low, high = float(spec.low), float(spec.high)
    whole = months or isinstance(spec, Integers)
    width = tol if tol is not None else (high - low) / 1000
    if not isinstance(width, numbers.Real) or not math.isfinite(width) or width <= 0:
        raise invalid("tol", "a positive finite tolerance", tol)
    seed_seq = seed_sequence(seed)
    n = int(runs)
    trajectories = "@" in condition.metric if isinstance(condition, Condition) else True

    def simulate_at(x: Array) -> Result:
        value = x.astype(np.int64) if months else x
        case = scenario.with_params({path: bound.wrap(value)})
        return simulate(case, n, seed=seed_seq, stochastic=stochastic, trajectories=trajectories)

    def holds(result: Result) -> Bools:
        out = np.asarray(condition(result), dtype=bool)
        if out.shape != (n,):
            raise invalid(
                "condition",
                f"a callable returning a bool array of shape ({n},)",
                f"shape {out.shape}",
            )
        return out

    x_low, x_high = np.full(n, low), np.full(n, high)
    r_low, r_high = simulate_at(x_low), simulate_at(x_high)
    c_low, c_high = holds(r_low), holds(r_high)
    bracketed = c_low != c_high
    if not bracketed.all() and unbracketed == "raise":
        raise _not_bracketed(bound, bracket, condition, r_low, r_high, c_low, bracketed)
    span = high - low
    iterations = math.ceil(math.log2(span)) if whole else max(math.ceil(math.log2(span / width)), 0)
    for _ in range(iterations):
        mid = np.floor((x_low + x_high) / 2) if whole else (x_low + x_high) / 2
        same = holds(simulate_at(mid)) == c_low
        x_low = np.where(same & bracketed, mid, x_low)
        x_high = np.where(~same & bracketed, mid, x_high)
    answer = np.where(c_low, x_low, x_high)
    answer[~bracketed] = np.nan
    index = pd.RangeIndex(n, name="run")
    if months:
        every = pd.period_range(scenario.start, periods=scenario.months + 1, freq="M")
        offsets = np.where(bracketed, answer, 0).astype(np.intp)
        series = pd.Series(every[offsets], index=index).where(bracketed).rename(path)
    else:
        series = pd.Series(answer, index=index, name=path)
    series.attrs = {
        "tol": 1 if whole else width,
        "unit": bound.per,
        "iterations": iterations,
        "holds_above": ~c_low & bracketed,
        "seed": seed_seq.entropy,
    }
    return series


def _not_bracketed(
    bound: Bound,
    bracket: Any,
    condition: Any,
    r_low: Result,
    r_high: Result,
    c_low: Bools,
    bracketed: Bools,
) -> StockpileError:
    bad = np.flatnonzero(~bracketed)
    run = int(bad[0])
    low, high = bound.spec.ends()
    state = "true" if c_low[run] else "false"
    detail = f"run {run}: condition {state} at both ends"
    if isinstance(condition, Condition):
        v_low, v_high = condition.values(r_low)[run], condition.values(r_high)[run]
        detail = (
            f"run {run}: {condition.metric} = {v_low:.6g} at {_show(bound, low)} and "
            f"{v_high:.6g} at {_show(bound, high)}, {condition!r} {state} at both"
        )
    shown = (
        bound.wrap(bracket) if bound.per is not None and not isinstance(bracket, Rate) else bracket
    )
    return invalid(
        bound.path,
        "a bracket at whose two ends the condition differs",
        shown,
        hint=f"The condition does not change within it for {bad.size} of {c_low.size} "
        f"run(s) ({detail}). Widen the bracket, or pass unbracketed='nan' for NaN there.",
    )
