"""Evaluating design rows: a design's columns as parameters, metrics read off each result, and
each chunk of rows as one vectorised :func:`stockpile.simulate` call.

A design column becomes a per-run 1-D array of its parameter (numeric columns, and months of
an event given as periods), so the rows of a chunk are the runs of one simulation. A column
that cannot vary per run (a doctrine, a lead time, a launch policy, anything non-numeric) is
*grouped*: the rows sharing the values of all such columns are simulated together.

Metrics are the model's per-run metrics (:mod:`stockpile.metrics`) or a trajectory variable at a
month, ``"<variable>[.<item>]@<month>"`` (e.g. ``"missile_stock@2026-12"``, summed over items
when no item is named; ``"interceptor_stock.patriot@2026-06"``).

Run ``i`` of a sweep is design row ``i`` (its position): its random streams are keyed by the
seed and ``i`` (:func:`stockpile.streams.run_keys`), so a row's result depends neither on the
chunking nor on where the chunk is computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import StockpileError, invalid
from stockpile.explore.bounds import Bound, Choice, Distribution, Months
from stockpile.inputs import Noise
from stockpile.metrics import CALENDAR, METRICS, PER_AREA, UNITS
from stockpile.metrics import names as metric_names
from stockpile.params import KINDS, is_random
from stockpile.params import validate as validate_param
from stockpile.results import UNITS_OF, VARIABLES, Result
from stockpile.scenario import Scenario
from stockpile.simulate import simulate
from stockpile.units import Rate
from stockpile.variables import items_of

__all__ = [
    "DEFAULT_METRICS",
    "Column",
    "Plan",
    "Task",
    "calendar",
    "check_metrics",
    "check_paths",
    "check_units",
    "column_units",
    "evaluate",
    "extract",
    "make_plan",
    "make_task",
    "metric_unit",
    "month_paths",
    "needs_trajectories",
    "numeric_name",
    "parameter_unit",
    "per_run_params",
]

Array = NDArray[np.float64]


# ------------------------------------------------------------------ design columns as parameters
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


_SHARE_KINDS = ("factor", "probability", "dispersion", "shots")
_COUNT_KINDS = ("count", "amount", "magazine")


def _is_rate(kind: str | None) -> bool:
    """Whether parameters of ``kind`` are rates given with their unit (``rate``, ``capacity``)."""
    return kind is not None and kind in KINDS and KINDS[kind].rate


def parameter_unit(scenario: Scenario, path: str, per: str | None = None) -> str:
    """The unit of parameter ``path`` as a design column holds it (``""`` for a name or a
    choice without one): ``"interceptors/month"`` for a rate given per month (``per``),
    ``"missiles"`` for a count, ``"1"`` for a probability or factor, ``"month"`` for an
    event's month."""
    head, _, attr = path.partition(".")
    missiles = {m.name for m in scenario.missiles}
    noun = "missiles" if head in missiles or head.startswith("import") else "interceptors"
    kind = per_run_params(scenario).get(path, (None, None))[0]
    if path in month_paths(scenario):
        return "month"
    if _is_rate(kind):
        return f"{noun}/{per}" if per else f"{noun}/month"
    if kind in _COUNT_KINDS:
        return noun
    if attr == "attrition":
        return "1/month"
    if kind in _SHARE_KINDS:
        return "1"
    if attr in ("months", "lead_time"):
        return "months"
    return ""


def column_units(scenario: Scenario, plan: Plan, metrics: Sequence[str]) -> dict[str, str]:
    """Column name → unit of a sweep table: the design's columns, then its metrics."""
    units = {c.path: parameter_unit(scenario, c.path, c.per) for c in plan.columns}
    return units | {name: metric_unit(scenario, name) for name in metrics}


def _bare_rate(path: str, got: Any, example: str = "(low, high)") -> StockpileError:
    return invalid(
        path,
        "a rate with its unit (a rate is never a bare number)",
        got,
        hint=f"Write sp.per_month({example}) or sp.per_year({example}) in the bounds, or set "
        f"design.attrs['units'] = {{{path!r}: 'month'}} (or 'year') on a design of your own.",
    )


def _shown(spec: Any) -> Any:
    """A bound as the user wrote it, for messages."""
    if isinstance(spec, Choice):
        return list(spec.values)
    if isinstance(spec, Distribution):
        return spec.dist
    return spec.ends()


def check_units(scenario: Scenario, bounds: Sequence[Bound]) -> None:
    """Refuse bounds on a rate without a unit (``(0, 80)`` rather than ``sp.per_month((0, 80))``)
    and a unit on a parameter that is not a rate, before anything is sampled or simulated."""
    params = per_run_params(scenario)
    for bound in bounds:
        kind = params.get(bound.path, (None, None))[0]
        spec = bound.spec
        numeric = spec.numeric if isinstance(spec, Choice) else not isinstance(spec, Months)
        if _is_rate(kind) and bound.per is None and numeric:
            shown = _shown(bound.spec)
            example = repr(shown) if not isinstance(bound.spec, Distribution) else "dist"
            raise _bare_rate(bound.path, shown, example)
        if not _is_rate(kind) and bound.per is not None:
            raise invalid(
                bound.path,
                "bounds without a unit (it is not a rate)",
                bound.wrap(_shown(bound.spec)),
                hint="Drop its per_year/per_month.",
            )


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
        One row per point, one column per parameter path; rates in the unit given by
        ``design.attrs["units"]`` (path → ``"year"`` or ``"month"``, set by the samplers from
        ``sp.per_year``/``sp.per_month`` bounds): a rate column without one is an error.
    stochastic : bool or Noise
        The sweep's mode (random draws make rows keyed by their position).

    Raises
    ------
    StockpileError
        For an unknown path, a missing value, a value the parameter cannot take, a rate
        without its unit, or a unit on a parameter that is not a rate.
    """
    check_paths(scenario, list(design.columns))
    params = per_run_params(scenario)
    event_months = month_paths(scenario)
    units = dict(design.attrs.get("units") or {})
    columns, arrays = [], {}
    for path in design.columns:
        series = design[path]
        kind = params.get(path, (None, None))[0]
        if path in units and not _is_rate(kind):
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
            if _is_rate(kind):
                if path not in units:
                    raise _bare_rate(path, f"bare numbers ({values.min():g} to {values.max():g})")
                column = Column(path, "rate", units[path])
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
        is_random(v) for p, (_, v) in params.items() if p not in overridden
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


# --------------------------------------------------------------------------- metrics
def _monthly(
    scenario: Scenario, name: str, parameter: str = "metrics"
) -> tuple[str, str | None, int]:
    """``(variable, item or None, month index)`` of a ``"<variable>[.<item>]@<month>"`` name."""
    head, _, month = name.partition("@")
    variable, _, item = head.partition(".")
    if variable not in VARIABLES:
        raise invalid(
            parameter, f"'<variable>[.<item>]@<month>' with a variable of {list(VARIABLES)}", name
        )
    names = items_of(scenario, variable)
    if item and item not in names:
        raise invalid(parameter, f"'{variable}.<item>@<month>' with an item of {names}", name)
    try:
        t = (pd.Period(month, freq="M") - scenario.start).n
    except (TypeError, ValueError):
        raise invalid(
            parameter, "'<variable>[.<item>]@<month>' with a month such as '2026-12'", name
        ) from None
    if not 0 <= t < scenario.months:
        raise invalid(
            parameter,
            f"a month within the horizon {scenario.index[0]} to {scenario.index[-1]}",
            name,
        )
    return variable, item or None, t


#: Metrics a sweep tabulates unless told otherwise: the model's, the first shortfall as the number
#: ``months_to_depletion`` (``depletion_month``, the calendar month, on request).
DEFAULT_METRICS = tuple(m for m in METRICS if m != "depletion_month")


def _calendar(name: str) -> bool:
    """Whether ``name`` is a calendar month: ``depletion_month[.<item>]`` or
    ``degradation_month.<area>``."""
    return name.split(".")[0] in CALENDAR


def numeric_name(name: str) -> str:
    """The numeric form of a calendar metric (``months_to_depletion[.<item>]`` for
    ``depletion_month[.<item>]``, ``months_to_degradation.<area>`` for
    ``degradation_month.<area>``), else ``name``."""
    base, dot, rest = name.partition(".")
    return CALENDAR[base] + dot + rest if base in CALENDAR else name


def check_metrics(
    scenario: Scenario,
    metrics: str | Sequence[str] | None,
    *,
    numeric: bool = False,
    parameter: str = "metrics",
) -> tuple[str, ...]:
    """Check metric names once, at the entry, before anything is simulated.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose items the names may refer to.
    metrics : str, sequence of str or None
        Metric names, or ``"<variable>[.<item>]@<month>"``; ``None`` means
        :data:`DEFAULT_METRICS`.
    numeric : bool
        Refuse the calendar form ``depletion_month`` (for averages, variances and conditions,
        which need ``months_to_depletion``).
    parameter : str
        The caller's name for the argument, in messages.

    Raises
    ------
    StockpileError
        For an unknown or repeated name (the message lists the valid ones), a month outside the
        horizon, or ``depletion_month`` where a number is needed.
    """
    if metrics is None:
        return DEFAULT_METRICS
    names = [metrics] if isinstance(metrics, str) else metrics
    names = names.tolist() if isinstance(names, np.ndarray) else names
    if isinstance(names, Mapping) or not isinstance(names, Sequence):
        raise invalid(parameter, "a metric name or a non-empty list of them", metrics)
    names = list(names)
    if not names or not all(isinstance(n, str) for n in names):
        raise invalid(parameter, "a metric name or a non-empty list of them", metrics)
    valid = metric_names(
        [m.name for m in scenario.missiles],
        [i.name for i in scenario.interceptors],
        tuple(scenario.areas),
    )
    for name in names:
        if "@" in name:
            _monthly(scenario, name, parameter)
        elif name not in valid:
            raise invalid(
                parameter, f"metric names from {valid} or '<variable>[.<item>]@<month>'", name
            )
        elif numeric and _calendar(name):
            raise invalid(
                parameter,
                f"a numeric metric ({name.split('.')[0]} is a calendar month)",
                name,
                hint=f"Use {numeric_name(name)!r}, a number: months after {scenario.start}.",
            )
    if len(set(names)) != len(names):
        raise invalid(parameter, "metric names without repeats", names)
    return tuple(names)


def metric_unit(scenario: Scenario, name: str) -> str:
    """The unit of metric ``name`` in ``scenario`` (``"months after 2025-01"`` for
    ``months_to_depletion``; a trajectory variable's unit for ``"<variable>@<month>"``)."""
    if "@" in name:
        return UNITS_OF[name.partition("@")[0].partition(".")[0]]
    unit = (UNITS | PER_AREA)[name.split(".")[0]]
    return unit.replace("after start", f"after {scenario.start}")


def calendar(scenario: Scenario, offsets: Array) -> pd.Series:
    """Months after the start (NaN: never) as calendar months (NaT: never). [month]"""
    known = ~np.isnan(offsets)
    months = scenario.index[np.where(known, offsets, 0).astype(np.intp)]
    return pd.Series(months, dtype="period[M]").where(known)


def extract(result: Result, name: str) -> Array:
    """Per-run values of metric ``name`` (a metric or ``"<variable>[.<item>]@<month>"``).

    Returns
    -------
    numpy.ndarray of shape (runs,)
        ``depletion_month`` as ``months_to_depletion``: months after the start, NaN if never
        (:func:`calendar` makes months of them). [unit of the metric]
    """
    name = numeric_name(name)
    if "@" not in name:
        return result.metric(name)
    variable, item, t = _monthly(result.scenario, name)
    values = result.trajectories[variable]  # (items, months, runs)
    if item is None:
        return np.asarray(values[:, t, :].sum(axis=0), dtype=np.float64)
    return np.asarray(values[result.items_of(variable).index(item), t, :], dtype=np.float64)


def needs_trajectories(metrics: Sequence[str]) -> bool:
    """Whether any metric reads a trajectory at a month."""
    return any("@" in m for m in metrics)


# --------------------------------------------------------------------- evaluating chunks of rows
_PER_RUN = ("rate", "number", "month")  # Column modes given as per-run arrays


@dataclass(frozen=True)
class Task:
    """One chunk of design rows: the unit of work sent to an executor.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    start, stop : int
        Positions of the chunk's rows in the design (``stop`` excluded); row ``i`` is run
        ``i`` of ``seed``.
    columns : tuple of Column
        How each design column is applied.
    arrays : dict of str to ndarray of shape (stop - start,)
        The chunk's per-run columns.
    groups : ndarray of int of shape (stop - start,) or None
        The chunk's group of each row.
    group_values : tuple of dict
        Group → grouped path → value.
    metrics : tuple of str
        Metric names to return.
    seed : numpy.random.SeedSequence
        Seed of the whole sweep.
    stochastic : bool or Noise
        Passed to :func:`stockpile.simulate`.
    """

    scenario: Scenario
    start: int
    stop: int
    columns: tuple[Column, ...]
    arrays: Mapping[str, NDArray[Any]]
    groups: NDArray[np.intp] | None
    group_values: tuple[Mapping[str, Any], ...]
    metrics: tuple[str, ...]
    seed: np.random.SeedSequence
    stochastic: Stochastic


def make_task(
    plan: Plan,
    scenario: Scenario,
    start: int,
    stop: int,
    *,
    metrics: tuple[str, ...],
    seed: np.random.SeedSequence,
    stochastic: Stochastic,
) -> Task:
    """The task of design rows ``start`` to ``stop - 1``."""
    window = slice(start, stop)
    return Task(
        scenario,
        start,
        stop,
        plan.columns,
        {p: a[window] for p, a in plan.arrays.items()},
        None if plan.groups is None else plan.groups[window],
        plan.group_values,
        metrics,
        seed,
        stochastic,
    )


def _groups_of(task: Task) -> list[NDArray[np.intp]]:
    """Row positions of each group of the task (all rows when nothing is grouped)."""
    if task.groups is None:
        return [np.arange(task.stop - task.start)]
    order = np.argsort(task.groups, kind="stable")
    cuts = np.flatnonzero(np.diff(task.groups[order])) + 1
    return [np.sort(part) for part in np.split(order, cuts)]


def evaluate(task: Task) -> dict[str, Array]:
    """Metrics of a task's rows, each of shape ``(stop - start,)``, in design order.

    One :func:`stockpile.simulate` call per group of rows, with the rows' values as per-run
    1-D arrays and the rows' positions in the design as run ids, so that each row draws the
    random numbers of its own run and no other row is computed.
    """
    n = task.stop - task.start
    out = {m: np.empty(n) for m in task.metrics}
    trajectories = needs_trajectories(task.metrics)
    ordered = sorted(task.columns, key=lambda c: c.mode == "month")  # event months last
    for rows in _groups_of(task):
        values: dict[str, Any] = {}
        if task.groups is not None:
            values.update(task.group_values[int(task.groups[rows[0]])])
        for column in ordered:
            if column.mode in _PER_RUN:
                values[column.path] = column.wrap(task.arrays[column.path][rows])
        result = simulate(
            task.scenario.with_params(values),
            seed=task.seed,
            run_ids=task.start + rows,
            stochastic=task.stochastic,
            trajectories=trajectories,
        )
        for name in task.metrics:
            out[name][rows] = extract(result, name)
    return out
