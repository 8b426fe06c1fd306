"""Per-run metrics (docs/model.md), computed from the sums the month loop keeps.

=========================== ======================================================= =========
name                        meaning                                                 unit
=========================== ======================================================= =========
``final_missile_stock``     reserve at the end of the horizon                       missiles
``reserve_growth_per_year`` mean monthly net growth of the reserve × 12             missiles/yr
``depletion_month``         first month any interceptor type can't meet demand      month
``months_of_cover``         initial magazine / mean net burn (demand − deliveries)  months
``leakers_total``           missiles not intercepted (unengaged or missed)          missiles
``intercept_rate``          intercepted / launched at defended areas                1
``unmet_launches_total``    intended launches the reserve could not supply          missiles
=========================== ======================================================= =========

Totals are over all missile (or interceptor) types; with more than one type of a kind, the
per-type values are also kept as ``"<metric>.<item>"``. ``depletion_month`` is stored as
months since the start (NaN if never) and shown as a ``Period`` by ``Result.summary()``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from stockpile.inputs import Accumulators

__all__ = ["METRICS", "UNITS", "compute"]

Array = NDArray[np.float64]

#: Metric name → unit.
UNITS: dict[str, str] = {
    "final_missile_stock": "missiles",
    "reserve_growth_per_year": "missiles/year",
    "depletion_month": "month",
    "months_of_cover": "months",
    "leakers_total": "missiles",
    "intercept_rate": "1",
    "unmet_launches_total": "missiles",
}
METRICS = tuple(UNITS)


def _depletion(months: NDArray[np.int64]) -> Array:
    out = np.where(months >= 0, months, np.nan).astype(np.float64)
    return out


def _cover(magazine: Array, net_demand: Array, months: int) -> Array:
    burn = net_demand / months
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # tiny burn: inf
        return np.where(burn > 0, magazine / np.where(burn > 0, burn, 1.0), np.inf)


def _rate(intercepted: Array, targets: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(targets > 0, intercepted / np.where(targets > 0, targets, 1.0), np.nan)


def compute(
    acc: Accumulators, months: int, missiles: list[str], interceptors: list[str]
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
    """
    growth = (acc.final_missile_stock - acc.initial_missile_stock) / months * 12.0
    depletion = acc.depletion.astype(np.float64)
    depletion[depletion < 0] = np.inf
    first = depletion.min(axis=0) if interceptors else np.full(growth.shape[1], np.inf)
    out = {
        "final_missile_stock": acc.final_missile_stock.sum(axis=0),
        "reserve_growth_per_year": growth.sum(axis=0),
        "depletion_month": np.where(np.isinf(first), np.nan, first),
        "months_of_cover": _cover(
            acc.initial_interceptor_stock.sum(axis=0), acc.net_demand.sum(axis=0), months
        ),
        "leakers_total": acc.leakers.sum(axis=0),
        "intercept_rate": _rate(acc.intercepted.sum(axis=0), acc.targets.sum(axis=0)),
        "unmet_launches_total": acc.unmet_launches.sum(axis=0),
    }
    if len(missiles) > 1:
        for k, name in enumerate(missiles):
            out[f"final_missile_stock.{name}"] = acc.final_missile_stock[k]
            out[f"reserve_growth_per_year.{name}"] = growth[k]
            out[f"leakers_total.{name}"] = acc.leakers[k]
            out[f"unmet_launches_total.{name}"] = acc.unmet_launches[k]
    if len(interceptors) > 1:
        for j, name in enumerate(interceptors):
            out[f"depletion_month.{name}"] = _depletion(acc.depletion[j])
            out[f"months_of_cover.{name}"] = _cover(
                acc.initial_interceptor_stock[j], acc.net_demand[j], months
            )
    return out
