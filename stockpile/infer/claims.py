"""Dated claims with stated uncertainty, each one more term of the likelihood.

A :class:`Claim` says what a source reported about a parameter or about a state in a month, as
a distribution of the reported value around the true one::

    Claim("ballistic.missile_stock", "2025-06", scipy.stats.norm(600, 180))   # a stock estimate
    Claim("patriot.deliveries", None, sp.per_year(scipy.stats.norm(500, 150)))  # a supply rate
    shortfall("patriot", "2025-03", reliability=0.9)   # "launchers stood empty in 2025-03"

A draw's log-likelihood gains ``log f(value)``, ``f`` the claim's density (or mass function)
and ``value`` the draw's parameter, or the simulated state in that month. A shortfall claim is
an event: its term is ``log r`` if the magazine fell short that month and ``log(1 − r)`` if not,
``r`` the reliability of the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.stats
from numpy.typing import NDArray

from stockpile.accumulators import SHORTFALL_TOLERANCE
from stockpile.errors import StockpileError, invalid
from stockpile.infer._batch import INTERCEPTOR_OUTPUTS, MISSILE_OUTPUTS
from stockpile.infer.priors import Prior
from stockpile.params import is_distribution
from stockpile.scenario import Scenario
from stockpile.units import Rate

__all__ = ["Claim", "Occurred", "Resolved", "resolve_claims", "shortfall"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Occurred:
    """An event reported with a reliability: the state was above ``threshold`` that month.

    Parameters
    ----------
    reliability : float
        Probability that the report is right, in (0.5, 1). [1]
    threshold : float
        The state counts as "happened" above this. [unit of the state]
    """

    reliability: float = 0.9
    threshold: float = SHORTFALL_TOLERANCE

    def __post_init__(self) -> None:
        if not 0.5 < self.reliability < 1.0:
            raise invalid("reliability", "a probability in (0.5, 1)", self.reliability)

    def logpdf(self, value: Array) -> Array:
        """``log r`` where ``value > threshold``, ``log(1 − r)`` elsewhere."""
        hit = np.asarray(value) > self.threshold
        out = np.full(hit.shape, np.log1p(-self.reliability))
        out[hit] = np.log(self.reliability)
        return out


@dataclass(frozen=True)
class Claim:
    """A reported value of a parameter or of a state in a month, with its uncertainty.

    Parameters
    ----------
    target : str
        A parameter path that has a prior (``"patriot.stock"``), or ``"<item>.<variable>"`` for
        a state (``"ballistic.missile_stock"``, ``"patriot.interceptor_stock"``,
        ``"patriot.interceptor_shortfall"``, ``"ballistic.intercepted"``).
    month : str or pandas.Period, optional
        The month of a state (within the fitted window); ``None`` for a parameter.
    dist : frozen scipy.stats distribution, per_year/per_month of one, or Occurred
        Density of the reported value given the truth, in the unit of the target.
    source : str
        Who said it, for tables and alarms.
    """

    target: str
    month: Any = None
    dist: Any = None
    source: str = ""

    def describe(self) -> str:
        """``"ballistic.missile_stock in 2025-06"``."""
        return self.target if self.month is None else f"{self.target} in {self.month}"


def shortfall(item: str, month: Any, reliability: float = 0.9, source: str = "") -> Claim:
    """The claim "``item``'s launchers stood empty in ``month``": a shortfall that month.

    Parameters
    ----------
    item : str
        Interceptor type.
    month : str or pandas.Period
        The month. [month]
    reliability : float
        Probability that the report is right. [1]
    """
    return Claim(f"{item}.interceptor_shortfall", month, Occurred(reliability), source)


@dataclass(frozen=True)
class Resolved:
    """A claim bound to where its value is found: a prior's column or a state's cell."""

    claim: Claim
    prior: int | None  # column of the parameter
    variable: str | None  # output name of a state
    month: int  # month offset of a state
    item: int  # item index within the variable's items
    factor: float  # parameter value → claim unit
    dist: Any

    def value(self, theta: Array, batch: Mapping[str, Array]) -> Array:
        """The claimed quantity per draw, shape ``(runs,)``. [unit of the claim]"""
        if self.prior is not None:
            return np.asarray(theta[:, self.prior] * self.factor)
        assert self.variable is not None
        return np.asarray(batch[self.variable][:, self.month, self.item])

    def logpdf(self, value: Array) -> Array:
        """Log density of the report given each draw's value, shape ``(runs,)``."""
        dist = self.dist
        if isinstance(getattr(dist, "dist", None), scipy.stats.rv_discrete):
            return np.asarray(dist.logpmf(value), dtype=np.float64)
        return np.asarray(dist.logpdf(value), dtype=np.float64)


def _dist(claim: Claim, prior: Prior | None) -> tuple[Any, float]:
    raw, factor = claim.dist, 1.0
    if isinstance(raw, Rate):
        if prior is None or prior.per is None:
            raise invalid(f"claims[{claim.target}].dist", "a distribution (not a rate)", raw)
        factor = prior.monthly * (12.0 if raw.per == "year" else 1.0)
        raw = raw.value
    elif prior is not None and prior.per is not None:
        raise invalid(
            f"claims[{claim.target}].dist",
            "a rate",
            raw,
            hint=f"Write per_{prior.per}({raw!r}) or per_month(...).",
        )
    if not (is_distribution(raw) or isinstance(raw, Occurred)):
        raise invalid(
            f"claims[{claim.target}].dist", "a frozen scipy.stats distribution or Occurred", raw
        )
    return raw, factor


def resolve_claims(
    claims: Sequence[Claim], scenario: Scenario, priors: Sequence[Prior]
) -> tuple[Resolved, ...]:
    """Bind each claim to a prior's column or a state's cell; raise for what cannot be bound."""
    columns = {p.path: n for n, p in enumerate(priors)}
    missiles = [m.name for m in scenario.missiles]
    interceptors = [i.name for i in scenario.interceptors]
    out = []
    for claim in claims:
        if not isinstance(claim, Claim):
            raise invalid("claims", "a list of sp.infer.Claim", claim)
        if claim.target in columns:
            prior = priors[columns[claim.target]]
            dist, factor = _dist(claim, prior)
            out.append(Resolved(claim, columns[claim.target], None, 0, 0, factor, dist))
            continue
        item, _, variable = claim.target.partition(".")
        names = missiles if variable in MISSILE_OUTPUTS else interceptors
        if variable not in MISSILE_OUTPUTS + INTERCEPTOR_OUTPUTS or item not in names:
            states = [f"{m}.{v}" for m in missiles for v in MISSILE_OUTPUTS]
            states += [f"{i}.{v}" for i in interceptors for v in INTERCEPTOR_OUTPUTS]
            raise StockpileError(
                f"The claim's target {claim.target!r} is neither a parameter with a prior "
                f"({', '.join(columns)}) nor a state ({', '.join(states)})."
            )
        if claim.month is None:
            raise invalid(f"claims[{claim.target}].month", "the month of the state", None)
        try:
            month = (pd.Period(claim.month, freq="M") - scenario.start).n
        except (TypeError, ValueError):
            raise invalid(f"claims[{claim.target}].month", "a month", claim.month) from None
        if not 0 <= month < scenario.months:
            raise invalid(
                f"claims[{claim.target}].month",
                f"a month of the fitted window {scenario.index[0]} to {scenario.index[-1]}",
                str(claim.month),
            )
        dist, factor = _dist(claim, None)
        out.append(Resolved(claim, None, variable, month, names.index(item), factor, dist))
    return tuple(out)
