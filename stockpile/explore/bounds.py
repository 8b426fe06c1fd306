"""Bounds of explored parameters: ranges (with their units), integer and month ranges, choices.

A bound maps a point of the unit interval (0, 1) to a value of one parameter, in the user's
unit. Samplers draw points of the unit cube and map each column through its bound, so every
sampler handles every kind of bound::

    bounds = {
        "ballistic.production": sp.per_year((600, 1500)),     # a range [missiles/year]
        "patriot.deliveries": sp.per_month((10, 60)),        # a range [interceptors/month]
        "patriot.pk": (0.5, 0.9),                            # a range [1]
        "patriot.shots": sp.explore.integers(1, 3),          # whole numbers 1, 2 or 3
        "ceasefire.start": ("2025-06", "2027-01"),           # months, both included
        "patriot.doctrine": ["salvo", "shoot-look-shoot"],   # a choice
        "cruise.stock": scipy.stats.uniform(1000, 1000),     # a distribution (by its ppf)
        "patriot.pk": sp.Draws(table)["patriot.pk"],         # a column's empirical quantiles
    }

A column of joint draws is sampled by its own quantiles, independently of the other bounds:
samplers and Sobol indices assume independent inputs, so its correlations with other columns
are not kept (they are in :func:`stockpile.simulate`).

A rate's bound keeps its unit: the design column holds values per year for
``per_year((600, 1500))`` and the sweep wraps them back with ``per_year``.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.draws import DrawsColumn
from stockpile.errors import invalid
from stockpile.params import is_distribution
from stockpile.units import Rate

__all__ = [
    "Bound",
    "Choice",
    "Distribution",
    "Integers",
    "Months",
    "Range",
    "choice",
    "integers",
    "months",
    "parse_bounds",
]

Array = NDArray[np.float64]

_FORMS = (
    "a (low, high) tuple, a list of choices, sp.explore.choice/integers/months, or a frozen "
    "scipy.stats distribution (rates wrapped in per_year/per_month)"
)


def _real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


@dataclass(frozen=True)
class Range:
    """A continuous range ``[low, high]``, sampled uniformly. [unit of the parameter]"""

    low: float
    high: float

    def from_unit(self, u: Array) -> Any:
        """Values at points ``u`` of (0, 1), shape ``(n,)``."""
        return self.low + u * (self.high - self.low)

    def levels(self, k: int) -> Any:
        """``k`` evenly spaced values from ``low`` to ``high`` (for grids)."""
        return np.linspace(self.low, self.high, k)

    def ends(self) -> tuple[Any, Any]:
        """The low and high values (for one-at-a-time studies and brackets)."""
        return self.low, self.high


@dataclass(frozen=True)
class Integers:
    """Whole numbers ``low, low + 1, ..., high``, each equally likely. [1]"""

    low: int
    high: int

    def from_unit(self, u: Array) -> Any:
        """Values at points ``u`` of (0, 1), shape ``(n,)``, as ``int64``."""
        width = self.high - self.low + 1
        return np.clip(np.floor(self.low + u * width), self.low, self.high).astype(np.int64)

    def levels(self, k: int) -> Any:
        """At most ``k`` evenly spread whole numbers, ends included."""
        return np.unique(np.round(np.linspace(self.low, self.high, k)).astype(np.int64))

    def ends(self) -> tuple[Any, Any]:
        """The low and high values."""
        return self.low, self.high


@dataclass(frozen=True)
class Months:
    """Months ``first`` to ``last`` (both included), each equally likely.

    Design columns hold ``pandas.Period`` values (dtype ``period[M]``).
    """

    first: pd.Period
    last: pd.Period

    def _periods(self, offsets: NDArray[np.int64]) -> Any:
        every = pd.period_range(self.first, self.last, freq="M")
        return every[np.asarray(offsets, dtype=np.intp)].array

    def from_unit(self, u: Array) -> Any:
        """Months at points ``u`` of (0, 1), shape ``(n,)``."""
        return self._periods(Integers(0, (self.last - self.first).n).from_unit(u))

    def levels(self, k: int) -> Any:
        """At most ``k`` evenly spread months, ends included."""
        return self._periods(Integers(0, (self.last - self.first).n).levels(k))

    def ends(self) -> tuple[Any, Any]:
        """The first and last months."""
        return self.first, self.last


@dataclass(frozen=True)
class Choice:
    """One of ``values``, each equally likely (a categorical parameter)."""

    values: tuple[Any, ...]

    @property
    def numeric(self) -> bool:
        """Whether every value is a real number (then the column is numeric)."""
        return all(_real(v) for v in self.values)

    def _take(self, index: NDArray[np.intp]) -> Any:
        if all(isinstance(v, numbers.Integral) for v in self.values) and self.numeric:
            return np.asarray(self.values, dtype=np.int64)[index]
        if self.numeric:
            return np.asarray(self.values, dtype=np.float64)[index]
        table = np.empty(len(self.values), dtype=object)
        table[:] = list(self.values)
        return table[index]

    def from_unit(self, u: Array) -> Any:
        """Values at points ``u`` of (0, 1), shape ``(n,)``."""
        k = len(self.values)
        return self._take(np.clip(np.floor(u * k), 0, k - 1).astype(np.intp))

    def levels(self, k: int) -> Any:
        """Every value (``k`` is ignored: a grid takes all choices)."""
        return self._take(np.arange(len(self.values)))

    def ends(self) -> tuple[Any, Any]:
        """The first and last values."""
        return self.values[0], self.values[-1]


@dataclass(frozen=True)
class Distribution:
    """A frozen ``scipy.stats`` distribution (or a column of draws), sampled through its ``ppf``.

    One-at-a-time studies use its 5 % and 95 % quantiles as ends.
    """

    dist: Any

    def from_unit(self, u: Array) -> Any:
        """Quantiles at points ``u`` of (0, 1), shape ``(n,)``."""
        return np.asarray(self.dist.ppf(u), dtype=np.float64)

    def levels(self, k: int) -> Any:
        """The quantiles at the midpoints of ``k`` equal-probability bins."""
        return self.from_unit((np.arange(k) + 0.5) / k)

    def ends(self) -> tuple[Any, Any]:
        """The 5 % and 95 % quantiles."""
        low, high = self.from_unit(np.array([0.05, 0.95]))
        return float(low), float(high)


Spec = Range | Integers | Months | Choice | Distribution


@dataclass(frozen=True)
class Bound:
    """The bound of one parameter path.

    Parameters
    ----------
    path : str
        Parameter path, e.g. ``"ballistic.production"``.
    spec : Range, Integers, Months, Choice or Distribution
        What values it takes.
    per : {"year", "month"} or None
        The unit of a rate's values (``None`` for a parameter that is not a rate).
    """

    path: str
    spec: Spec
    per: str | None = None

    def wrap(self, value: Any) -> Any:
        """``value`` (in the user's unit) as the scenario takes it: a rate gets its unit back."""
        return Rate(value, self.per) if self.per is not None else value  # type: ignore[arg-type]


def choice(values: Sequence[Any]) -> Choice:
    """A categorical parameter: one of ``values``, each equally likely.

    Parameters
    ----------
    values : sequence
        At least one value, e.g. ``["salvo", "shoot-look-shoot"]``; numbers give a numeric
        design column, anything else a column of objects simulated group by group.
    """
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray):
        raise invalid("choice", "a list of values", values)
    if len(values) == 0:
        raise invalid("choice", "a non-empty list of values", list(values))
    return Choice(tuple(values))


def integers(low: int, high: int) -> Integers:
    """Whole numbers from ``low`` to ``high`` (both included), e.g. shots per target.

    Parameters
    ----------
    low, high : int
        Smallest and largest value, ``low < high``. [unit of the parameter]
    """
    for label, value in (("low", low), ("high", high)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise invalid(f"integers.{label}", "a whole number", value)
    if not low < high:
        raise invalid("integers", "bounds (low, high) with low < high", (low, high))
    return Integers(int(low), int(high))


def months(first: Any, last: Any) -> Months:
    """Months from ``first`` to ``last`` (both included), e.g. an event's start.

    Parameters
    ----------
    first, last : str or pandas.Period
        E.g. ``"2025-06"`` and ``"2027-01"``; ``first`` before ``last``.
    """
    periods = []
    for label, value in (("first", first), ("last", last)):
        try:
            periods.append(pd.Period(value, freq="M"))
        except (TypeError, ValueError):
            raise invalid(f"months.{label}", "a month such as '2025-07'", value) from None
    if not periods[0] < periods[1]:
        raise invalid("months", "(first, last) with first before last", (str(first), str(last)))
    return Months(periods[0], periods[1])


def _is_month(value: Any) -> bool:
    if isinstance(value, pd.Period):
        return True
    if not isinstance(value, str):
        return False
    try:
        pd.Period(value, freq="M")
    except (TypeError, ValueError):
        return False
    return True


def _spec(path: str, value: Any) -> Spec:
    if isinstance(value, Range | Integers | Months | Choice | Distribution):
        return value
    if is_distribution(value) or isinstance(value, DrawsColumn):
        return Distribution(value)
    if isinstance(value, tuple) and len(value) == 2:
        low, high = value
        if _is_month(low) and _is_month(high):
            try:
                return months(low, high)
            except ValueError:
                raise invalid(path, "bounds (first, last) with first before last", value) from None
        if _real(low) and _real(high):
            if not (np.isfinite(low) and np.isfinite(high)):
                raise invalid(path, "finite bounds (low, high)", value)
            if not low < high:
                raise invalid(
                    path,
                    "bounds (low, high) with low < high",
                    value,
                    hint=f"Write ({high!r}, {low!r}).",
                )
            return Range(float(low), float(high))
    if isinstance(value, list | np.ndarray) and np.ndim(value) == 1:
        return choice(list(value))
    raise invalid(path, _FORMS, value)


def parse_bounds(bounds: Mapping[str, Any]) -> list[Bound]:
    """Check ``bounds`` and turn each entry into a :class:`Bound`.

    Parameters
    ----------
    bounds : mapping
        Parameter path → bound (see the module docstring).

    Returns
    -------
    list of Bound
        In the order of ``bounds``.

    Raises
    ------
    StockpileError
        For an empty mapping, reversed or non-finite bounds, or a value of no known form.
    """
    if not isinstance(bounds, Mapping) or not bounds:
        raise invalid("bounds", "a non-empty mapping of parameter path to bounds", bounds)
    out = []
    for path, value in bounds.items():
        if not isinstance(path, str):
            raise invalid("bounds", "keys that are parameter paths (str)", path)
        per = None
        if isinstance(value, Rate):
            per, value = value.per, value.value
        spec = _spec(path, value)
        if per is not None and (
            isinstance(spec, Months) or (isinstance(spec, Choice) and not spec.numeric)
        ):
            raise invalid(path, "a numeric bound inside per_year/per_month", value)
        out.append(Bound(path, spec, per))
    return out
