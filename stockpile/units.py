"""Units of rates: ``per_year`` and ``per_month``.

A rate is never a bare number. Analysts quote rates per year ("2,900 missiles a year") and
the model steps in months, so every rate parameter is wrapped once, at the edge, and converted
to [per month] when the scenario is resolved::

    sp.per_year(2900)                          # 241.67 [missiles/month]
    sp.per_month(30)                           # 30 [interceptors/month]
    sp.per_year(scipy.stats.uniform(700, 600)) # a distribution of yearly rates
    sp.per_year((600, 1500))                   # bounds for a sampler in ``sp.explore``

The wrapped value may take any parameter form (see :mod:`stockpile.params`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from stockpile.errors import invalid

__all__ = ["Rate", "per_month", "per_year"]

MONTHS_PER_YEAR = 12
#: The time units a rate may be written in (lower case, singular), as [months] per unit.
UNITS: dict[str, int] = {"month": 1, "year": MONTHS_PER_YEAR}
_HOW = "Write sp.per_year(value) or sp.per_month(value)."


@dataclass(frozen=True)
class Rate:
    """A rate parameter with its time unit.

    Parameters
    ----------
    value : object
        Any parameter form: scalar, per-run array, month-indexed Series, ``(runs, months)``
        array, frozen ``scipy.stats`` distribution, ramp, or ``(low, high)`` bounds for a
        sampler. [count/``per``]
    per : {"month", "year"}
        The time unit ``value`` is expressed in.
    """

    value: Any
    per: Literal["month", "year"]

    def __post_init__(self) -> None:
        if not isinstance(self.per, str) or self.per not in UNITS:
            raise invalid("per", f"one of {list(UNITS)}", self.per, hint=_HOW)

    @property
    def to_monthly(self) -> float:
        """Factor that converts ``value`` to [per month]. [months⁻¹·unit]"""
        return 1.0 if self.per == "month" else 1.0 / MONTHS_PER_YEAR

    def map(self, function: Any) -> Rate:
        """A rate of the same unit wrapping ``function(value)``."""
        return Rate(function(self.value), self.per)

    def __repr__(self) -> str:
        return f"per_{self.per}({self.value!r})"


def per_year(value: Any) -> Rate:
    """Wrap ``value`` as a rate per year.

    Parameters
    ----------
    value : object
        Any parameter form. [count/year]

    Returns
    -------
    Rate
        Converted to [count/month] (divided by 12) when the scenario is resolved.

    Examples
    --------
    >>> import stockpile as sp
    >>> rate = sp.per_year(2900)
    >>> rate
    per_year(2900)
    >>> round(rate.value * rate.to_monthly, 2)  # [missiles/month]
    241.67
    """
    if isinstance(value, Rate):
        raise TypeError(f"per_year() got a value that is already a rate: {value!r}")
    return Rate(value, "year")


def per_month(value: Any) -> Rate:
    """Wrap ``value`` as a rate per month.

    Parameters
    ----------
    value : object
        Any parameter form. [count/month]

    Returns
    -------
    Rate
        Used as is when the scenario is resolved.
    """
    if isinstance(value, Rate):
        raise TypeError(f"per_month() got a value that is already a rate: {value!r}")
    return Rate(value, "month")
