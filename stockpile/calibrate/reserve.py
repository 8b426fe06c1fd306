"""The reserve implied by production assumptions and the launches actually observed.

Scenario: from ``start`` on, each missile class is produced as assumed (any parameter form,
distributions included) and launched exactly as the record shows. :func:`implied_reserve`
simulates that with :func:`stockpile.simulate` (deterministic flows, one run per draw of the
uncertain assumptions), so the reserve is the model's ``missile_stock`` (docs/model.md)::

    S(t) = S(start) + Σ production − Σ observed launches

Where the observed launches exceed stock plus production in a run, the stock constraint binds
(``unmet_launches`` > 0): the record cannot have happened under that run's assumptions. Such
runs are counted (:attr:`ImpliedReserve.infeasible`), not hidden: a large share is evidence
against the assumptions (too little production or initial stock).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.calibrate import _inputs
from stockpile.errors import invalid
from stockpile.results import Result
from stockpile.scenario import Missile, Scenario
from stockpile.simulate import simulate
from stockpile.units import Rate, per_month
from stockpile.validation import check

__all__ = ["ImpliedReserve", "implied_reserve"]

Array = NDArray[np.float64]
#: Unmet launches above this count a run as infeasible (float rounding aside). [missiles]
INFEASIBLE_TOLERANCE = 1e-6
_TOTAL = "total"


@dataclass(frozen=True)
class ImpliedReserve:
    """Reserve implied by production assumptions and observed launches.

    Attributes
    ----------
    result : Result
        The simulation: ``missile_stock`` [missiles], ``production`` and ``launches``
        [missiles/month] per class; plot it like any result
        (``sp.plot.fan(reserve.result, "missile_stock", item="cruise")``).
    observed : pandas.DataFrame
        The observed launches used, by month and class. [missiles/month]
    """

    result: Result
    observed: pd.DataFrame

    @property
    def classes(self) -> list[str]:
        """Missile classes simulated."""
        return self.result.missiles

    def _per_run(self, variable: str) -> dict[str, Array]:
        """``(runs, months)`` arrays by class, plus ``total`` with more than one class."""
        out = {c: np.asarray(self.result.get(variable, c)) for c in self.classes}
        if len(out) > 1:
            out[_TOTAL] = np.sum(list(out.values()), axis=0)
        return out

    def _balance(self) -> dict[str, Array]:
        """Stock plus production minus *observed* launches, negative where infeasible."""
        stock, unmet = self._per_run("missile_stock"), self._per_run("unmet_launches")
        return {c: stock[c] - np.cumsum(unmet[c], axis=1) for c in stock}

    def quantiles(
        self, q: Sequence[float] = (0.05, 0.5, 0.95), *, balance: bool = False
    ) -> pd.DataFrame:
        """Per-month quantiles over runs of the reserve, by class (and ``total``).

        Parameters
        ----------
        q : sequence of float
            Probabilities in [0, 1].
        balance : bool
            Quantiles of the unconstrained balance, stock + production − observed launches,
            which goes negative where the observed launches were infeasible, instead of the
            simulated reserve (which the stock constraint keeps >= 0).

        Returns
        -------
        pandas.DataFrame
            Index month; columns ``(class, quantile)`` as :meth:`Result.quantiles`. [missiles]
        """
        check(q, "q")
        levels = np.asarray(q, dtype=np.float64)
        values = self._balance() if balance else self._per_run("missile_stock")
        columns = {
            (c, float(lv)): row
            for c, v in values.items()
            for lv, row in zip(levels, np.quantile(v, levels, axis=0), strict=True)
        }
        frame = pd.DataFrame(columns, index=self.result.index)
        frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["class", "quantile"])
        return frame

    @property
    def infeasible(self) -> pd.Series:
        """Share of runs in which the observed launches of a class exceeded its reserve plus
        production in some month (``any``: of any class). [1]"""
        unmet = {
            c: (self.result.get("unmet_launches", c) > INFEASIBLE_TOLERANCE).any(axis=1)
            for c in self.classes
        }
        shares = {c: float(v.mean()) for c, v in unmet.items()}
        shares["any"] = float(np.any(list(unmet.values()), axis=0).mean())
        return pd.Series(shares, name="infeasible").rename_axis("class")

    def summary(self, q: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
        """One row per class (and ``total``): what the assumptions and the record imply.

        Columns: ``stock_start`` (median initial reserve) [missiles]; ``produced`` (median
        cumulative production) and ``launched`` (observed) [missiles]; ``reserve_end_<q>``
        [missiles] and ``growth_<q>`` (net growth of the reserve, (end − start) / months × 12)
        [missiles/year] at each quantile; ``p_growth`` (share of runs whose reserve grew) [1];
        ``infeasible`` (share of runs in which the observed launches were impossible) [1].
        """
        months = self.result.scenario.months
        stock, production = self._per_run("missile_stock"), self._per_run("production")
        launches, unmet = self._per_run("launches"), self._per_run("unmet_launches")
        infeasible = self.infeasible
        rows = {}
        for c in stock:
            start = stock[c][:, 0] - production[c][:, 0] + launches[c][:, 0]
            end = stock[c][:, -1]
            growth = (end - start) / months * 12.0
            row: dict[str, float] = {
                "stock_start": float(np.median(start)),
                "produced": float(np.median(production[c].sum(axis=1))),
                "launched": float(np.median((launches[c] + unmet[c]).sum(axis=1))),
            }
            for level in q:
                row[f"reserve_end_{level:g}"] = float(np.quantile(end, level))
            for level in q:
                row[f"growth_{level:g}"] = float(np.quantile(growth, level))
            row["p_growth"] = float((end > start).mean())
            row["infeasible"] = float(infeasible["any" if c == _TOTAL else c])
            rows[c] = row
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "class"
        return frame


def implied_reserve(
    monthly: pd.DataFrame,
    production: Mapping[str, Rate],
    *,
    start: Any,
    stock: Mapping[str, Any] | None = None,
    end: Any = None,
    runs: int = 1000,
    seed: int | np.random.SeedSequence | None = None,
) -> ImpliedReserve:
    """Reserve implied by assumed production and the observed launches since ``start``.

    Parameters
    ----------
    monthly : pandas.DataFrame
        Monthly table (:func:`stockpile.data.observed_monthly` layout); its ``launched``
        counts are the launches. [missiles/month]
    production : dict of str to Rate
        Production per class, in any parameter form, e.g. ``{"cruise":
        sp.per_year(scipy.stats.uniform(1800, 800)), "ballistic": sp.per_year(700)}``. Its
        keys are the classes simulated. [missiles/month after conversion]
    start : str or pandas.Period
        First month: production and launches count from here.
    stock : dict of str to float or any parameter form, optional
        Reserve per class at the start (default 0: the reserve is then the growth since
        ``start``). [missiles]
    end : str or pandas.Period, optional
        Last month (default: the table's last).
    runs : int
        Runs (draws of the uncertain assumptions).
    seed : int or numpy.random.SeedSequence, optional
        Seed of the draws; needed with ``runs=1`` and a distribution.

    Returns
    -------
    ImpliedReserve
    """
    check(runs=runs, seed=seed)
    launched = _inputs.measure(monthly, "launched")
    if not isinstance(production, Mapping) or not production:
        raise invalid(
            "production", "a dict of class -> rate, e.g. {'cruise': sp.per_year(2200)}", production
        )
    classes = _inputs.select_classes(list(production), list(launched.columns), "production")
    if not isinstance(stock, Mapping | None):
        raise invalid("stock", "a dict of class -> initial reserve", stock)
    stocks = dict(stock or {})
    for name in stocks:
        if name not in classes:
            raise invalid(
                "stock", f"a dict keyed by the classes of production {list(classes)}", name
            )
    index = pd.PeriodIndex(launched.index)
    first = _inputs.month(start, "start", index)
    last = index[-1] if end is None else _inputs.month(end, "end", index)
    if last < first:
        raise invalid("end", f"a month from start ({first}) on", str(last))
    observed = launched.loc[first:last, list(classes)]
    missiles = [
        Missile(
            name,
            production=production[name],
            stock=stocks.get(name, 0.0),
            launches=per_month(observed[name]),
        )
        for name in classes
    ]
    scenario = Scenario(
        start=first,
        months=len(observed),
        missiles=missiles,
        name="implied reserve",
        description=f"Assumed production and observed launches, {first} to {last}",
    )
    return ImpliedReserve(simulate(scenario, runs, seed=seed), observed)
