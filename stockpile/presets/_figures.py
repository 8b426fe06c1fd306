"""One figure of a preset: a range (a frozen ``scipy.stats`` distribution), a point value, its
unit, date, source and grade, and the parameter value it sets.

Grades (:data:`GRADES`) say how much weight a figure bears, from a manufacturer's count to an
assumption chosen because no public figure exists. A figure holds a single fixed value instead
of a range only if its grade is ``scenario`` (a choice that defines the question, such as a
ceasefire's month) or ``pending`` (a value the engine needs until a feature lands, named in
the source note), or if it is a month or a whole number of months (the engine draws neither
from distributions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import scipy.stats

from stockpile.draws import DrawsColumn
from stockpile.params import is_random
from stockpile.units import per_month, per_year

__all__ = [
    "FIXED_GRADES",
    "GRADES",
    "Figure",
    "beta",
    "between",
    "lognormal",
    "number",
    "triangular",
]

#: Grade → what it means. Figures carry one of these.
GRADES: dict[str, str] = {
    "official": "a government or manufacturer figure",
    "claim": "an intelligence or official statement, not verifiable",
    "press": "a newspaper's or research group's own analysis",
    "unverified": "quoted second-hand; the primary document was not found",
    "record": "computed from the shipped observed record (sp.data.observed_monthly)",
    "posterior": "posterior of the shipped record to 2025-06 (sp.infer); joint draws per run",
    "assumption": "no public figure; a range chosen for the reason given",
    "scenario": "a choice that defines the question asked, not a fact",
    "pending": "a stand-in until an engine feature lands (named in the note)",
}

#: Grades whose figures may hold one fixed value instead of a range.
FIXED_GRADES = frozenset({"scenario", "pending"})

#: Units of figures that are never drawn: a month, and a duration in whole months.
_MONTHS = frozenset({"month", "months"})

#: Units whose values are rates, and how they are wrapped.
_RATES = {"/year": per_year, "/month": per_month}


def between(low: float, high: float) -> Any:
    """Uniform on ``[low, high]``. [unit of ``low``]"""
    return scipy.stats.uniform(low, float(f"{high - low:.12g}"))  # 0.06, not 0.05999999999999998


def triangular(low: float, mode: float, high: float) -> Any:
    """Triangular on ``[low, high]`` with its peak at ``mode``. [unit of ``low``]"""
    return scipy.stats.triang((mode - low) / (high - low), loc=low, scale=high - low)


def lognormal(median: float, sigma: float) -> Any:
    """Log-normal with ``median`` and log-scale standard deviation ``sigma`` [1]."""
    return scipy.stats.lognorm(sigma, scale=median)


def beta(a: float, b: float) -> Any:
    """Beta(a, b) on [0, 1], for probabilities and shares. [1]"""
    return scipy.stats.beta(a, b)


def number(value: float) -> str:
    """A value as people read it: thousands separated, three significant figures at most."""
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


@dataclass(frozen=True)
class Figure:
    """One number of a preset, its range and where it comes from.

    Parameters
    ----------
    path : str
        Parameter path it sets (``"ballistic.production"``).
    dist : frozen scipy.stats distribution, DrawsColumn or None
        The range: each run draws its value from it, or takes it from its row of a table of
        joint draws (:class:`~stockpile.draws.DrawsColumn`). ``None`` only for the grades in
        :data:`FIXED_GRADES` and for months and durations in months. [``unit``]
    point : float or str, optional
        The value for closed-form use (``load(name, point=True)``): the source's figure where
        it gives one; the median of ``dist`` when omitted. A month for dates. [``unit``]
    unit : str
        Unit of ``dist`` and ``point``; ``".../year"`` and ``".../month"`` make a rate.
    when : str
        Date the figure refers to.
    source : str
        Who gives it, and how the range follows from it (or why it is assumed).
    grade : str
        One of :data:`GRADES`.
    """

    path: str
    dist: Any
    point: float | str | None = None
    unit: str = "1"
    when: str = ""
    source: str = ""
    grade: str = "assumption"

    def __post_init__(self) -> None:
        if self.grade not in GRADES:
            raise ValueError(f"{self.path}: grade {self.grade!r} is not one of {list(GRADES)}")
        if self.dist is None and self.grade not in FIXED_GRADES and self.unit not in _MONTHS:
            raise ValueError(f"{self.path}: a {self.grade} figure needs a range (a distribution)")
        if self.dist is not None and not is_random(self.dist):
            raise ValueError(
                f"{self.path}: the range must be a frozen scipy.stats distribution or a column "
                "of joint draws (sp.Draws)"
            )
        if self.point is None:
            if self.dist is None:
                raise ValueError(f"{self.path}: a fixed figure needs its point value")
            object.__setattr__(self, "point", float(self.dist.median()))

    @property
    def family(self) -> str:
        """The range's kind: a ``scipy.stats`` family's name, ``"draws"`` for a column of
        joint draws, ``""`` for a fixed figure."""
        if self.dist is None:
            return ""
        return "draws" if isinstance(self.dist, DrawsColumn) else str(self.dist.dist.name)

    @property
    def rate(self) -> Any:
        """``per_year`` or ``per_month`` for a rate's unit, else ``None``."""
        return next((wrap for end, wrap in _RATES.items() if self.unit.endswith(end)), None)

    def value(self, point: bool = False) -> Any:
        """The parameter value it sets: the range (or ``point``), wrapped in its rate unit."""
        value = self.point if point or self.dist is None else self.dist
        wrap = self.rate
        return value if wrap is None or isinstance(value, str) else wrap(value)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """Central interval of the range holding ``level`` of it (the point twice when fixed).
        [``unit``]"""
        if self.dist is None:
            return self.point, self.point  # type: ignore[return-value]
        low, high = self.dist.ppf([(1 - level) / 2, (1 + level) / 2])
        return float(low), float(high)

    def shown(self) -> str:
        """Point and 90 % range as text: ``"500 (300–700)"``, or the fixed value."""
        if isinstance(self.point, str):
            return self.point
        text = number(float(self.point))  # type: ignore[arg-type]
        if self.dist is None:
            return f"{text} (fixed)"
        low, high = self.interval()
        return f"{text} ({number(low)}–{number(high)})"

    def note(self) -> str:
        """One line for a scenario file's comment: grade, date, source."""
        when = f", {self.when}" if self.when else ""
        span = "" if self.dist is None else f"; 90 % range {self.shown()} {self.unit}"
        return f"{self.grade}{when}: {self.source}{span}"
