"""A scenario driven by the observed record, and the record's counts as arrays.

:func:`from_record` builds a :class:`~stockpile.Scenario` in which each missile class is
launched exactly as observed, month by month, so what is left to infer are stocks, supply, the
defended share, kill probabilities and doctrine. :func:`observations` reads the counts the
likelihood scores: launched and destroyed per class and month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.scenario import Event, Interceptor, Missile, Scenario
from stockpile.units import per_month

__all__ = ["UNCONSTRAINED_STOCK", "Observations", "from_record", "observations"]

Array = NDArray[np.float64]
#: Initial reserve of a class given no template: large enough that the record is always
#: possible, so its stock plays no part. [missiles]
UNCONSTRAINED_STOCK = 1e9
#: Slack on ``destroyed <= launched`` for the fractional counts of merged rows. [missiles]
_COUNT_SLACK = 1e-6


def _measure(record: pd.DataFrame, measure: str, name: str = "record") -> pd.DataFrame:
    if not isinstance(record, pd.DataFrame) or not isinstance(record.columns, pd.MultiIndex):
        raise invalid(
            name,
            "a monthly table with (measure, class) columns, as sp.data.observed_monthly()",
            type(record).__name__,
        )
    measures = list(record.columns.get_level_values(0).unique())
    if measure not in measures:
        raise invalid(name, f"a table with a {measure!r} measure", measures)
    table = pd.DataFrame(record[measure])
    try:
        table.index = pd.PeriodIndex(table.index, freq="M")
    except (TypeError, ValueError):
        raise invalid(name, "a table indexed by month", list(table.index[:3])) from None
    return table


def _months(table: pd.DataFrame, since: Any, until: Any) -> pd.PeriodIndex:
    first = table.index[0] if since is None else _period(since, "since")
    last = table.index[-1] if until is None else _period(until, "until")
    if last < first:
        raise invalid("until", f"a month from since ({first}) on", str(last))
    months = pd.period_range(first, last, freq="M", name="month")
    missing = months.difference(pd.PeriodIndex(table.index, freq="M"))
    if len(missing):
        raise invalid(
            "since/until",
            f"months the record covers ({table.index[0]} to {table.index[-1]})",
            str(missing[0]),
        )
    return months


def _period(value: Any, name: str) -> pd.Period:
    try:
        return pd.Period(value, freq="M")
    except (TypeError, ValueError):
        raise invalid(name, "a month such as '2024-01'", value) from None


def from_record(
    record: pd.DataFrame,
    classes: Sequence[str],
    *,
    since: Any = None,
    until: Any = None,
    interceptors: Sequence[Interceptor] = (),
    missiles: Sequence[Missile] = (),
    events: Sequence[Event] = (),
    areas: Sequence[str] = (),
    name: str = "record",
) -> Scenario:
    """A scenario whose missile classes are launched exactly as the record shows.

    Parameters
    ----------
    record : pandas.DataFrame
        Monthly table with a ``launched`` measure, as :func:`stockpile.data.observed_monthly`.
        [missiles/month]
    classes : sequence of str
        Missile classes to simulate, columns of the record (``"ballistic"``, ``"cruise"``).
    since, until : str or pandas.Period, optional
        First and last month (default: the record's). [month]
    interceptors : sequence of Interceptor
        The defender's types; their ``engages`` name the classes.
    missiles : sequence of Missile, optional
        Templates for some classes (production, stock, defended share ...); their ``launches``
        are replaced by the record. A class without a template starts with
        :data:`UNCONSTRAINED_STOCK` and no production.
    events : sequence of events
        Dated events within ``since``..``until`` (e.g. an :class:`~stockpile.AidPackage`).
    areas : sequence of str, optional
        Defended areas in priority order, as :class:`~stockpile.Scenario`'s ``areas`` (the
        templates' ``aim`` and the interceptors' ``covers`` name them); none: one implicit area.
    name : str
        Scenario name.

    Returns
    -------
    Scenario
        Starting at ``since``, one month per record month; each class's ``launches`` is
        ``per_month(<the record's monthly Series>)``.
    """
    launched = _measure(record, "launched")
    if isinstance(classes, str) or not classes:
        raise invalid("classes", "a non-empty list of class names", classes)
    unknown = [c for c in classes if c not in launched.columns]
    if unknown:
        raise invalid("classes", f"columns of the record {list(launched.columns)}", unknown[0])
    months = _months(launched, since, until)
    templates: Mapping[str, Missile] = {m.name: m for m in missiles}
    extra = [n for n in templates if n not in classes]
    if extra:
        raise invalid("missiles", f"templates for the classes {list(classes)}", extra[0])
    built = []
    for cls in classes:
        series = launched.loc[months, cls].astype(float)
        if (series < 0).any() or series.isna().any():
            raise invalid(f"record[launched, {cls}]", "non-negative counts", series.min())
        template = templates.get(cls, Missile(cls, stock=UNCONSTRAINED_STOCK))
        built.append(replace(template, launches=per_month(series), dispersion=np.inf))
    return Scenario(
        start=months[0],
        months=len(months),
        missiles=built,
        interceptors=tuple(interceptors),
        events=tuple(events),
        name=name,
        areas=areas,
    )


@dataclass(frozen=True)
class Observations:
    """The counts the likelihood scores, over a scenario's months: one column per class, or two
    for a class observed by area (at the area, and elsewhere).

    Attributes
    ----------
    classes : tuple of str
        Missile class of each column: those of the scenario that some interceptor engages
        (a class observed by area appears twice).
    launched, destroyed : ndarray of shape (months, columns)
        As observed. [missiles/month]
    index : pandas.PeriodIndex
        The months.
    targets : tuple of str
        Per column: ``""`` for all of the class, an area's name for the missiles at it,
        ``"rest"`` for the class's other missiles (empty: all columns are whole classes).
    areas : tuple of str
        Per column: the area a class is observed by (``""`` for a whole class).
    """

    classes: tuple[str, ...]
    launched: Array
    destroyed: Array
    index: pd.PeriodIndex
    targets: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()

    @property
    def total(self) -> Array:
        """Destroyed over the window per column, shape ``(columns,)``. [missiles]"""
        return np.asarray(self.destroyed.sum(axis=0))

    @property
    def labels(self) -> tuple[str, ...]:
        """Column names: ``"ballistic"``, or ``"ballistic.kyiv"`` and ``"ballistic.rest"``."""
        targets = self.targets or ("",) * len(self.classes)
        return tuple(f"{c}.{t}" if t else c for c, t in zip(self.classes, targets, strict=True))

    def of_class(self, cls: str) -> list[int]:
        """The columns of class ``cls``."""
        return [n for n, c in enumerate(self.classes) if c == cls]


def _counts(table: pd.DataFrame, months: pd.PeriodIndex, columns: list[Any]) -> Array:
    return table.loc[months, columns].to_numpy(dtype=np.float64).reshape(len(months), -1)


def _check_counts(n: Array, y: Array, months: pd.PeriodIndex, labels: Sequence[str]) -> Array:
    """``y`` clipped to ``n`` after checking it is not above it (beyond the slack)."""
    over = y > n + _COUNT_SLACK
    if over.any():
        t, k = np.argwhere(over)[0]
        raise invalid(
            f"observed[destroyed, {labels[k]}]",
            "at most the launches of each month",
            f"{y[t, k]} destroyed of {n[t, k]} launched in {months[t]}",
        )
    if np.isnan(n).any() or np.isnan(y).any() or (y < 0).any():
        raise invalid("observed", "non-negative counts without NaN", "a missing count")
    return np.minimum(y, n)


def observations(
    record: pd.DataFrame, scenario: Scenario, by_area: pd.DataFrame | None = None
) -> Observations:
    """Launched and destroyed per scored class over the scenario's months.

    A class is scored when some interceptor of the scenario engages it (a class nobody
    engages is never destroyed in the model, whatever the record says). With ``by_area``
    (see :func:`_area_columns`), a class observed at one of the scenario's areas is scored as
    two columns instead: the missiles at that area and the rest.

    Raises
    ------
    StockpileError
        If the record lacks a month or a class, or shows more destroyed than launched.
    """
    launched = _measure(record, "launched", "observed")
    destroyed = _measure(record, "destroyed", "observed")
    engaged = {name for ic in scenario.interceptors for name in ic.engages}
    classes = tuple(m.name for m in scenario.missiles if m.name in engaged)
    for cls in classes:
        for table, measure in ((launched, "launched"), (destroyed, "destroyed")):
            if cls not in table.columns:
                raise invalid("observed", f"a table with a ({measure!r}, {cls!r}) column", cls)
    months = _months(launched, scenario.index[0], scenario.index[-1])
    _months(destroyed, scenario.index[0], scenario.index[-1])
    n = _counts(launched, months, list(classes))
    y = _check_counts(n, _counts(destroyed, months, list(classes)), months, classes)
    if by_area is None:
        return Observations(classes, n, y, months)
    split = _area_columns(by_area, scenario, classes)
    columns: list[tuple[str, str, str]] = []  # (class, target, area)
    for cls in classes:
        area = split.get(cls)
        columns += [(cls, area, area), (cls, "rest", area)] if area else [(cls, "", "")]
    area_launched = _measure(by_area, "launched", "by_area")
    area_destroyed = _measure(by_area, "destroyed", "by_area")
    _months(area_launched, months[0], months[-1])
    _months(area_destroyed, months[0], months[-1])
    labels = [f"{c}.{t}" if t else c for c, t, _ in columns]
    cols_n, cols_y = [], []
    for cls, target, _ in columns:
        k = classes.index(cls)
        if target:
            cols_n.append(_counts(area_launched, months, [(cls, target)])[:, 0])
            cols_y.append(_counts(area_destroyed, months, [(cls, target)])[:, 0])
        else:
            cols_n.append(n[:, k])
            cols_y.append(y[:, k])
    n2, y2 = np.stack(cols_n, axis=1), np.stack(cols_y, axis=1)
    return Observations(
        tuple(c for c, _, _ in columns),
        n2,
        _check_counts(n2, y2, months, labels),
        months,
        tuple(t for _, t, _ in columns),
        tuple(a for _, _, a in columns),
    )


def _area_columns(
    by_area: pd.DataFrame, scenario: Scenario, classes: Sequence[str]
) -> dict[str, str]:
    """Class → the area it is observed by, from a table with ``(measure, class, target)``
    columns (:func:`stockpile.data.observed_by_target`) whose ``target`` is one of the
    scenario's areas for the missiles at it and ``"rest"`` for the class's others.

    The engine keeps each area's figures summed over classes, so a class is observed by an
    area only if no other missile of the scenario is aimed at it (a share fixed at 0).
    """
    expected = "a table with (measure, class, target) columns, as sp.data.observed_by_target()"
    columns = getattr(by_area, "columns", None)
    if not isinstance(columns, pd.MultiIndex) or columns.nlevels != 3:
        raise invalid("by_area", expected, type(by_area).__name__)
    split: dict[str, str] = {}
    for cls in classes:
        areas = [a for a in scenario.areas if ("launched", cls, a) in columns and a != "rest"]
        if not areas:
            continue
        if len(areas) > 1:
            raise invalid(f"by_area[{cls}]", "counts at one of the scenario's areas", areas)
        area = areas[0]
        for measure in ("launched", "destroyed"):
            for target in (area, "rest"):
                if (measure, cls, target) not in columns:
                    raise invalid("by_area", f"a ({measure!r}, {cls!r}, {target!r}) column", cls)
        for m in scenario.missiles:
            aim = scenario.aim_of(m).get(area, 0.0)
            if m.name != cls and not (isinstance(aim, int | float) and aim == 0):
                raise invalid(
                    f"{m.name}.aim.{area}",
                    f"0 when {cls} is observed by area (area figures sum the classes)",
                    aim,
                )
        split[cls] = area
    return split
