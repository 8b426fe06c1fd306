"""Turning a design into parameters: how each design column is applied to the scenario.

A design column becomes a per-run 1-D array of its parameter (numeric columns, and months of
an event given as periods), so the rows of a chunk are the runs of one simulation. A column
that cannot vary per run (a doctrine, a lead time, a launch policy, anything non-numeric) is
*grouped*: the rows sharing the values of all such columns are simulated together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.inputs import Noise
from stockpile.params import is_distribution
from stockpile.params import validate as validate_param
from stockpile.scenario import Scenario
from stockpile.units import Rate

__all__ = ["Column", "Plan", "check_paths", "make_plan", "month_paths", "per_run_params"]

Stochastic = bool | Noise
_MONTH_ATTRS = ("start", "end", "month")


@dataclass(frozen=True)
class Column:
    """How one design column becomes a scenario parameter.

    Parameters
    ----------
    path : str
        Parameter path.
    mode : {"rate", "number", "month", "group"}
        ``rate``/``number``: a per-run float array (a rate wrapped with ``per``); ``month``: a
        per-run array of months since start; ``group``: one value per group of rows.
    per : {"year", "month"} or None
        Unit of a rate column's values.
    """

    path: str
    mode: str
    per: str | None = None

    def wrap(self, values: Any) -> Any:
        """The scenario value of this column's ``values``."""
        return Rate(values, self.per) if self.mode == "rate" else values  # type: ignore[arg-type]


@dataclass(frozen=True)
class Plan:
    """A design turned into parameters, for all rows.

    Attributes
    ----------
    columns : tuple of Column
        One per design column, in design order.
    arrays : dict of str to ndarray of shape (rows,)
        Per-run columns: floats (rates in their unit) or ``int64`` months since start.
    groups : ndarray of int of shape (rows,) or None
        Group of each row when some columns are grouped.
    group_values : tuple of dict
        Group → grouped path → value.
    keyed : bool
        Whether rows draw random numbers (stochastic mode or distributions left in the
        scenario), so that each must be simulated as its own run id.
    units : dict of str to str
        Rate path → ``"year"`` or ``"month"``.
    """

    columns: tuple[Column, ...]
    arrays: Mapping[str, NDArray[Any]]
    groups: NDArray[np.intp] | None
    group_values: tuple[Mapping[str, Any], ...]
    keyed: bool
    units: Mapping[str, str]


def month_paths(scenario: Scenario) -> set[str]:
    """Paths of the events' months (``"ceasefire.start"``), which can vary per run."""
    return {
        f"{scenario.event_label(k)}.{attr}"
        for k, event in enumerate(scenario.events)
        for attr in _MONTH_ATTRS
        if hasattr(event, attr)
    }


def per_run_params(scenario: Scenario) -> dict[str, tuple[str, Any]]:
    """Numeric paths that can vary per run → ``(kind, current value)``.

    Those of :meth:`Scenario.iter_params`, plus ``"<missile>.launches"``: a rate there sets a
    constant launch policy (kind ``"rate"``, in the unit of the current policy's rate).
    """
    params = {path: (kind, value) for path, kind, value in scenario.iter_params()}
    for missile in scenario.missiles:
        params[f"{missile.name}.launches"] = ("rate", missile.policy.params.get("rate"))
    return params


def check_paths(scenario: Scenario, paths: Sequence[Any]) -> None:
    """Raise :meth:`Scenario.with_params`'s error (listing the valid paths) for an unknown one."""
    valid = set(scenario.paths())
    for path in paths:
        if not isinstance(path, str):
            raise invalid("design", "columns named by parameter path (str)", path)
        if path not in valid:
            scenario.with_params({path: None})  # raises, naming the valid paths


def _numeric(series: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series))


def _month_offsets(scenario: Scenario, series: pd.Series, path: str) -> NDArray[np.int64] | None:
    """Months since start of a column of periods, month strings or whole offsets, or None."""
    if pd.api.types.is_integer_dtype(series):
        offsets = series.to_numpy(dtype=np.int64)
    else:
        try:
            periods = pd.PeriodIndex(series, freq="M")
        except (TypeError, ValueError):
            return None
        if periods.hasnans:
            return None
        offsets = np.asarray(periods.asi8, dtype=np.int64) - scenario.start.ordinal
    last = scenario.months if path.endswith(".end") else scenario.months - 1
    outside = (offsets < 0) | (offsets > last)
    if outside.any():
        raise invalid(
            path,
            f"a month within the horizon {scenario.index[0]} to {scenario.index[-1]}",
            str(scenario.start + int(offsets[outside][0])),
        )
    return offsets


def _hashable(values: NDArray[Any]) -> NDArray[Any]:
    try:
        pd.factorize(values)
    except TypeError:
        return np.asarray([repr(v) for v in values], dtype=object)
    return values


def _plain(value: Any) -> Any:
    """A design cell as a scenario value: numpy scalars as Python ones, whole floats as int
    (the grouped numeric fields are whole numbers: lead times, durations)."""
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def make_plan(scenario: Scenario, design: pd.DataFrame, *, stochastic: Stochastic) -> Plan:
    """Check a design against a scenario and decide how each column is applied.

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    design : DataFrame
        One row per point, one column per parameter path; rates in the unit of
        ``design.attrs["units"]`` or, for a path not listed there, the scenario's own unit.
    stochastic : bool or Noise
        The sweep's mode (random draws make rows keyed by their position).

    Raises
    ------
    StockpileError
        For an unknown path, a missing value, a value the parameter cannot take, or a unit on
        a parameter that is not a rate.
    """
    check_paths(scenario, list(design.columns))
    params = per_run_params(scenario)
    event_months = month_paths(scenario)
    units = dict(design.attrs.get("units") or {})
    columns, arrays = [], {}
    for path in design.columns:
        series = design[path]
        kind = params.get(path, (None, None))[0]
        if path in units and kind != "rate":
            raise invalid(
                path,
                "a value without a unit (it is not a rate)",
                f"per_{units[path]}",
                hint="Drop its per_year/per_month.",
            )
        if kind is not None and _numeric(series):
            values = series.to_numpy(dtype=np.float64)
            if np.isnan(values).any():
                row = design.index[np.flatnonzero(np.isnan(values))[0]]
                raise invalid(path, "a number in every row of the design", f"NaN in row {row}")
            column = Column(path, "number")
            if kind == "rate":
                current = params[path][1]
                per = units.get(path, current.per if isinstance(current, Rate) else None)
                if per is None:
                    raise invalid(
                        path,
                        "a rate with a known unit",
                        "bare numbers",
                        hint=f"Set design.attrs['units'] = {{{path!r}: 'year'}}.",
                    )
                column = Column(path, "rate", per)
            validate_param(
                column.wrap(values), name=path, kind=kind, index=scenario.index, runs=len(values)
            )
            columns.append(column)
            arrays[path] = values
            continue
        offsets = _month_offsets(scenario, series, path) if path in event_months else None
        if offsets is not None:
            columns.append(Column(path, "month"))
            arrays[path] = offsets
        else:
            columns.append(Column(path, "group"))
    grouped = [c.path for c in columns if c.mode == "group"]
    groups, group_values = _groups(scenario, design, grouped)
    overridden = set(design.columns)
    keyed = bool(stochastic) or any(
        is_distribution(v.value if isinstance(v, Rate) else v)
        for p, (_, v) in params.items()
        if p not in overridden
    )
    resolved = {c.path: c.per for c in columns if c.per is not None}
    return Plan(tuple(columns), arrays, groups, group_values, keyed, resolved)


def _groups(
    scenario: Scenario, design: pd.DataFrame, paths: list[str]
) -> tuple[NDArray[np.intp] | None, tuple[Mapping[str, Any], ...]]:
    if not paths:
        return None, ()
    codes = [pd.factorize(_hashable(design[p].to_numpy(dtype=object)))[0] for p in paths]
    keys = np.stack(codes, axis=1)
    _, first, groups = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    values = tuple({p: _plain(design[p].iloc[int(r)]) for p in paths} for r in first)
    for group in values:
        scenario.with_params(group).validate()  # a bad doctrine, lead time... fails here
    return np.asarray(groups, dtype=np.intp).reshape(-1), values
