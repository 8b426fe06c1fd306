"""Per-run metrics (``docs/model.md``), computed from the sums the solvers keep.

================================ ====================================================== ===========
name                             meaning                                                unit
================================ ====================================================== ===========
``final_missile_stock``          reserve at the end of the horizon                      missiles
``reserve_growth_per_year``      mean monthly net growth of the reserve × 12            missiles/yr
``depletion_month``              first month any interceptor type can't meet the        month
                                 doctrine's demand (its shots, rationed or not)
``months_to_depletion``          the same as a number: months after the start (its      months
                                 first month counts 0)                                  after start
``months_of_cover``              initial magazine / mean net burn (demand − deliveries) months
``leakers_total``                missiles neither destroyed nor failed in flight        missiles
``intercept_rate``               destroyed ÷ launched, as the record counts it          share
``kill_rate``                    destroyed ÷ engaged                                    share
``unmet_launches_total``         intended launches the reserve could not supply         missiles
``held_back_total``              rounds the reserve floors kept from lower-priority     interceptors
                                 areas
``degradation_month.<area>``     first month fewer than ``COVERAGE_LEVEL`` (half) of    month
                                 the missiles aimed at a declared area are engaged
``months_to_degradation.<area>`` the same as a number: months after the start           months
                                 (NaN if never)                                         after start
================================ ====================================================== ===========

Totals are over all missile (or interceptor) types; with more than one type of a kind, the
per-type values are also kept as ``"<metric>.<item>"`` (:func:`names`). ``depletion_month`` and
``degradation_month`` are calendar months wherever a person reads them (``Result.summary()``,
NaT if never); the numeric forms, for sweeps and sensitivity studies, are
``months_to_depletion`` and ``months_to_degradation``: months after the start (the first month
counts 0), NaN if it never happens within the horizon. (The arrays kept under the month
names hold the same numbers, which ``Result`` turns into months.)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from stockpile.accumulators import Accumulators

__all__ = [
    "CALENDAR",
    "METRICS",
    "PER_AREA",
    "PER_INTERCEPTOR",
    "PER_MISSILE",
    "UNITS",
    "compute",
    "names",
]

Array = NDArray[np.float64]

#: Metric name → unit.
UNITS: dict[str, str] = {
    "final_missile_stock": "missiles",
    "reserve_growth_per_year": "missiles/year",
    "depletion_month": "month",
    "months_to_depletion": "months after start",
    "months_of_cover": "months",
    "leakers_total": "missiles",
    "intercept_rate": "share",
    "kill_rate": "share",
    "unmet_launches_total": "missiles",
    "held_back_total": "interceptors",
}
METRICS = tuple(UNITS)
#: Metrics kept per declared area (``"<metric>.<area>"``) → unit.
PER_AREA: dict[str, str] = {
    "degradation_month": "month",
    "months_to_degradation": "months after start",
}
#: Calendar-month metrics → their numeric form (months after the start, NaN if never).
CALENDAR = {"depletion_month": "months_to_depletion", "degradation_month": "months_to_degradation"}
#: Metrics also kept per missile type (``"<metric>.<missile>"``) when there are several.
PER_MISSILE = (
    "final_missile_stock",
    "reserve_growth_per_year",
    "leakers_total",
    "unmet_launches_total",
    "intercept_rate",
    "kill_rate",
)
#: Metrics also kept per interceptor type when there are several.
PER_INTERCEPTOR = ("depletion_month", "months_to_depletion", "months_of_cover")


def names(missiles: list[str], interceptors: list[str], areas: tuple[str, ...] = ()) -> list[str]:
    """The metric names :func:`compute` returns for these items, without computing anything."""
    out = list(METRICS) + [f"{metric}.{area}" for metric in PER_AREA for area in areas]
    for per, items in ((PER_MISSILE, missiles), (PER_INTERCEPTOR, interceptors)):
        if len(items) > 1:
            out += [f"{metric}.{item}" for metric in per for item in items]
    return out


def _depletion(months: NDArray[np.int64]) -> Array:
    out = np.where(months >= 0, months, np.nan).astype(np.float64)
    return out


def _cover(magazine: Array, net_demand: Array, months: int) -> Array:
    burn = net_demand / months
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # tiny burn: inf
        return np.where(burn > 0, magazine / np.where(burn > 0, burn, 1.0), np.inf)


def _rate(intercepted: Array, targets: Array) -> Array:
    """``intercepted / targets``, NaN where there are no targets. [share]"""
    some = targets > 0
    out = np.full(np.shape(targets), np.nan)
    np.divide(intercepted, targets, out=out, where=some)
    return out


def compute(
    acc: Accumulators,
    months: int,
    missiles: list[str],
    interceptors: list[str],
    areas: tuple[str, ...] = (),
) -> dict[str, Array]:
    """Metrics of one chunk, each of shape ``(runs,)``.

    Parameters
    ----------
    acc : Accumulators
        Sums from :func:`stockpile.engine.run`.
    months : int
        Horizon. [months]
    missiles, interceptors : list of str
        Item names, in scenario order.
    areas : tuple of str
        Declared defended areas, in priority order (per-area metrics are kept for these).
    """
    finite = np.isfinite(acc.initial_interceptor_stock)  # types with a magazine
    growth = (acc.final_missile_stock - acc.initial_missile_stock) / months * 12.0
    depletion = acc.depletion.astype(np.float64)
    depletion[depletion < 0] = np.inf
    first = depletion.min(axis=0) if interceptors else np.full(growth.shape[1], np.inf)
    out = {
        "final_missile_stock": acc.final_missile_stock.sum(axis=0),
        "reserve_growth_per_year": growth.sum(axis=0),
        "depletion_month": np.where(np.isinf(first), np.nan, first),
        "months_to_depletion": np.where(np.isinf(first), np.nan, first),
        "months_of_cover": _cover(
            np.where(finite, acc.initial_interceptor_stock, 0.0).sum(axis=0),
            np.where(finite, acc.net_demand, 0.0).sum(axis=0),
            months,
        ),
        "leakers_total": acc.leakers.sum(axis=0),
        "intercept_rate": _rate(acc.intercepted.sum(axis=0), acc.launches.sum(axis=0)),
        "kill_rate": _rate(acc.intercepted.sum(axis=0), acc.engaged.sum(axis=0)),
        "unmet_launches_total": acc.unmet_launches.sum(axis=0),
        "held_back_total": acc.held_back.sum(axis=0),
    }
    for a, name in enumerate(areas):
        out[f"degradation_month.{name}"] = _depletion(acc.degradation[a])
        out[f"months_to_degradation.{name}"] = out[f"degradation_month.{name}"]
    if len(missiles) > 1:
        for k, name in enumerate(missiles):
            out[f"final_missile_stock.{name}"] = acc.final_missile_stock[k]
            out[f"reserve_growth_per_year.{name}"] = growth[k]
            out[f"leakers_total.{name}"] = acc.leakers[k]
            out[f"unmet_launches_total.{name}"] = acc.unmet_launches[k]
            out[f"intercept_rate.{name}"] = _rate(acc.intercepted[k], acc.launches[k])
            out[f"kill_rate.{name}"] = _rate(acc.intercepted[k], acc.engaged[k])
    if len(interceptors) > 1:
        for j, name in enumerate(interceptors):
            out[f"depletion_month.{name}"] = _depletion(acc.depletion[j])
            out[f"months_to_depletion.{name}"] = _depletion(acc.depletion[j])
            out[f"months_of_cover.{name}"] = _cover(
                acc.initial_interceptor_stock[j], acc.net_demand[j], months
            )
    return out
