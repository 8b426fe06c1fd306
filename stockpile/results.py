"""The one result type: trajectories by variable, per-run metrics, ensemble statistics.

Trajectories are stored as ``(items, months, runs)`` arrays and handed out as ``(runs, months)``
views; stocks are end-of-month values. :meth:`Result.to_frame` is tidy (``run, month, item,
variable, value``), :meth:`Result.summary` has one row per run.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.accumulators import Accumulators
from stockpile.errors import StockpileError, invalid
from stockpile.inputs import Noise
from stockpile.metrics import compute
from stockpile.scenario import Scenario
from stockpile.validation import check
from stockpile.variables import (
    AREA_VARIABLES,
    INPUT_VARIABLES,
    INTERCEPTOR_VARIABLES,
    MISSILE_VARIABLES,
    UNITS_OF,
    VARIABLES,
    items_of,
)

if TYPE_CHECKING:
    from stockpile.state import State

__all__ = [
    "AREA_VARIABLES",
    "DERIVED",
    "INTERCEPTOR_VARIABLES",
    "MISSILE_VARIABLES",
    "UNITS_OF",
    "VARIABLES",
    "Kept",
    "Result",
]

Array = NDArray[np.float64]


def _leakers(stored: Mapping[str, Array], missiles: int) -> Array:
    """``leakers = L − Φ − X``: launched, not failed in flight, not destroyed, per missile
    type (docs/model.md). [missiles/month]"""
    return (stored["launches"] - stored["failed"]) - stored["intercepted"][:missiles]


#: Trajectories that follow from stored ones: computed when first read, never written by
#: the solvers (one row less of memory traffic per missile type and month).
DERIVED = {"leakers": _leakers}


class Kept(Mapping[str, Array]):
    """A result's trajectories by variable, in :data:`VARIABLES` order: the stored arrays,
    plus the :data:`DERIVED` ones, computed from them when first read and then kept."""

    def __init__(self, stored: Mapping[str, Array], missiles: int) -> None:
        self._stored = dict(stored)
        self._missiles = missiles
        derivable = [name for name in DERIVED if self._stored]
        self._names = [v for v in VARIABLES if v in self._stored or v in derivable]
        self._names += [v for v in self._stored if v not in self._names]

    def __getitem__(self, name: str) -> Array:
        if name not in self._stored and name in DERIVED and self._stored:
            self._stored[name] = DERIVED[name](self._stored, self._missiles)
        return self._stored[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass(frozen=True, eq=False)
class Result:
    """What :func:`stockpile.simulate` returns.

    Attributes
    ----------
    scenario : Scenario
        The scenario simulated.
    runs : int
        Number of runs.
    seed : numpy.random.SeedSequence
        The seed of every stream; ``seed.entropy`` reproduces an unseeded run.
    noise : Noise or None
        The stochastic mode's random counts, ``None`` for the deterministic mode.
    trajectories : mapping of str to ndarray of shape (items, months, runs)
        By variable (the names of docs/model.md); empty in summary mode. [see ``UNITS_OF``]
        ``leakers`` is computed from the others when first read (:class:`Kept`).
    metrics : dict of str to ndarray of shape (runs,)
        By metric name (:mod:`stockpile.metrics`); ``depletion_month`` as months since start.
    samples : dict of str to ndarray of shape (runs,)
        The value each run drew for each parameter given as a distribution, by path, in the
        parameter's own unit.
    keys : ndarray of uint64 of shape (runs,)
        Each run's stream key (:func:`stockpile.streams.run_keys` of ``seed`` and the run's
        number): what a run continued from :meth:`state_at` draws from.
    draw_offset : int
        Months from the draw origin to the first month: 0, but for a run continued from a
        :class:`~stockpile.state.State`, whose random draws count months from the start of the
        run it continues. [months]
    """

    scenario: Scenario
    runs: int
    seed: np.random.SeedSequence
    noise: Noise | None
    trajectories: Mapping[str, Array] = field(repr=False)
    metrics: dict[str, Array] = field(repr=False)
    samples: dict[str, Array] = field(repr=False)
    keys: NDArray[np.uint64] = field(repr=False, default_factory=lambda: np.zeros(0, np.uint64))
    draw_offset: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.trajectories, Kept):
            kept = Kept(self.trajectories, len(self.scenario.missiles))
            object.__setattr__(self, "trajectories", kept)

    # ------------------------------------------------------------------ access
    @property
    def index(self) -> pd.PeriodIndex:
        """The simulated months."""
        return self.scenario.index

    @property
    def missiles(self) -> list[str]:
        """Missile type names."""
        return [m.name for m in self.scenario.missiles]

    @property
    def interceptors(self) -> list[str]:
        """Interceptor type names."""
        return [i.name for i in self.scenario.interceptors]

    @property
    def areas(self) -> list[str]:
        """Declared defended areas, in priority order."""
        return list(self.scenario.areas)

    def items_of(self, variable: str) -> list[str]:
        """Item names a variable is kept for (``intercepted``: missile types, then
        interceptor types; area variables: the defended areas)."""
        self._check_variable(variable)
        return items_of(self.scenario, variable)

    def _check_variable(self, variable: str) -> None:
        if variable not in VARIABLES:
            raise invalid("variable", f"one of {list(VARIABLES)}", variable)
        if not self.trajectories:
            raise StockpileError(
                "This result was computed with trajectories=False (summary mode) and keeps "
                "only per-run metrics; simulate again with trajectories=True for trajectories."
            )

    def __getitem__(self, variable: str) -> Array:
        """Trajectories of ``variable`` as a ``(runs, months, items)`` view."""
        self._check_variable(variable)
        return self.trajectories[variable].transpose(2, 1, 0)

    def get(self, variable: str, item: str | None = None) -> Array:
        """Trajectories of one item as a ``(runs, months)`` view.

        Parameters
        ----------
        variable : str
            A trajectory variable of docs/model.md, e.g. ``"interceptor_stock"``.
        item : str, optional
            Item name; may be omitted when only one item has this variable.
        """
        names = self.items_of(variable)
        return self.trajectories[variable][self._item_index(names, item)].T

    def _item_index(self, names: list[str], item: str | None) -> int:
        if item is None:
            if len(names) != 1:
                raise invalid("item", f"one of {names}", item)
            return 0
        if item not in names:
            raise invalid("item", f"one of {names}", item)
        return names.index(item)

    def metric(self, name: str) -> Any:
        """Per-run values of a metric, shape ``(runs,)``. [see :data:`stockpile.metrics.UNITS`]

        Calendar months (``depletion_month``, ``degradation_month``) come as a
        ``pandas.PeriodArray`` (NaT if never); their numeric form is ``months_to_depletion``
        [months after the start], NaN if never.
        """
        if name not in self.metrics:
            raise invalid("metric", f"one of {sorted(self.metrics)}", name)
        if name.split(".")[0] in ("depletion_month", "degradation_month"):
            return self._as_period(self.metrics[name]).array
        return self.metrics[name]

    def state_at(self, month: Any) -> State:
        """Per-run stocks at the end of ``month``, to continue from.

        ``sp.simulate(scenario, initial=result.state_at("2025-12"))`` simulates the months after
        December 2025 from each run's stocks, run by run and draw for draw: see
        :class:`~stockpile.state.State`.

        Parameters
        ----------
        month : str, pandas.Period or int
            A simulated month (``"2025-12"``), or its index (0 is the first month, -1 the last).

        Returns
        -------
        State

        Raises
        ------
        StockpileError
            For a month outside the result, or a result computed with ``trajectories=False``.
        """
        from stockpile.state import state_at  # the state module builds on this one

        return state_at(self, month)

    # ------------------------------------------------------------------ tables
    def to_frame(self, variables: Sequence[str] | None = None) -> pd.DataFrame:
        """Tidy trajectories: columns ``run, month, item, area, variable, value``; ``area``
        names the defended area for the per-area variables (``aimed``, ``area_leakers``,
        ``coverage``, whose ``item`` is the area too) and is empty otherwise.

        Parameters
        ----------
        variables : sequence of str, optional
            Variables to include (default: all, in the order of docs/model.md).
        """
        frames = []
        T, R = self.scenario.months, self.runs
        for variable in variables or VARIABLES:
            names = self.items_of(variable)
            if not names and variables:
                kept = [v for v in VARIABLES if self.items_of(v)]
                raise invalid(
                    "variables",
                    f"variables this result has items for, among {kept}",
                    variable,
                    hint="The scenario has no "
                    + ("missile" if variable in MISSILE_VARIABLES else "interceptor")
                    + " types.",
                )
            for n, item in enumerate(names):
                values = self.trajectories[variable][n]  # (months, runs)
                frames.append(
                    pd.DataFrame(
                        {
                            "run": np.tile(np.arange(R), T),
                            "month": np.repeat(self.index, R),
                            "item": item,
                            "area": item if variable in AREA_VARIABLES else None,
                            "variable": variable,
                            "value": np.ascontiguousarray(values).ravel(),
                        }
                    )
                )
        frame = pd.concat(frames, ignore_index=True)
        frame["item"] = frame["item"].astype("category")
        frame["area"] = frame["area"].astype("category")
        frame["variable"] = frame["variable"].astype("category")
        return frame.sort_values(
            ["run", "variable", "item", "month"], kind="stable", ignore_index=True
        )

    def summary(self, per_item: bool = False) -> pd.DataFrame:
        """One row per run: the metrics of docs/model.md (and per item with ``per_item=True``).

        ``depletion_month`` is a ``Period`` (NaT if the magazine never falls short); the
        parameters drawn from distributions are added as columns named by their path.
        """
        names = [n for n in self.metrics if per_item or "." not in n]
        frame = pd.DataFrame({n: self.metrics[n] for n in names})
        months = ("depletion_month", "degradation_month")
        for name in [n for n in names if n.split(".")[0] in months]:
            frame[name] = self._as_period(self.metrics[name])
        for path, values in self.samples.items():
            frame[path] = values
        frame.index.name = "run"
        return frame

    def _as_period(self, offsets: Array) -> pd.Series:
        months = np.where(np.isnan(offsets), 0, offsets).astype(np.int64)
        periods = pd.Series(self.index[months], dtype="period[M]")
        return periods.where(~np.isnan(offsets))

    # ------------------------------------------------------------------ ensemble statistics
    def quantiles(
        self, variable: str, q: Sequence[float] = (0.05, 0.5, 0.95), item: str | None = None
    ) -> pd.DataFrame:
        """Per-month quantiles over runs.

        Returns
        -------
        DataFrame
            Index month; columns the quantiles for one ``item``, else ``(item, quantile)``.
            [unit of ``variable``]
        """
        check(q, "q")
        levels = np.asarray(q, dtype=np.float64)
        names = self.items_of(variable)
        chosen = names if item is None else [names[self._item_index(names, item)]]
        blocks = [
            np.quantile(self.trajectories[variable][names.index(name)], levels, axis=1).T
            for name in chosen
        ]  # each (months, q)
        columns = pd.MultiIndex.from_product([chosen, levels.tolist()], names=["item", "quantile"])
        frame = pd.DataFrame(np.hstack(blocks), index=self.index, columns=columns)
        if item is None:
            return frame
        single = frame.droplevel("item", axis=1)
        single.columns.name = "quantile"
        return single

    def mean(self, variable: str) -> pd.DataFrame:
        """Mean over runs by month and item. [unit of ``variable``]"""
        names = self.items_of(variable)
        return pd.DataFrame(
            self.trajectories[variable].mean(axis=2).T,
            index=self.index,
            columns=pd.Index(names, name="item"),
        )

    def depletion_probability(self) -> pd.DataFrame:
        """Probability that depletion has happened by each month, ``P(depletion_month <= m)``.

        Columns: ``"any"`` (the first interceptor type to fall short) and, with more than one
        interceptor type, each type. Index: month. [1]
        """
        columns = {"any": self.metrics["depletion_month"]}
        if len(self.interceptors) > 1:
            columns |= {n: self.metrics[f"depletion_month.{n}"] for n in self.interceptors}
        t = np.arange(self.scenario.months)
        frame = pd.DataFrame(
            {name: (v[None, :] <= t[:, None]).mean(axis=1) for name, v in columns.items()},
            index=self.index,
        )
        frame.columns.name = "interceptor"
        return frame

    def depletion_distribution(self) -> pd.Series:
        """Share of runs whose first shortfall falls in each month, plus ``"never"``. [1]"""
        months = self.metrics["depletion_month"]
        counts = np.bincount(
            months[~np.isnan(months)].astype(np.int64), minlength=self.scenario.months
        )
        labels = [str(m) for m in self.index] + ["never"]
        values = np.append(counts, np.isnan(months).sum()) / self.runs
        return pd.Series(values, index=pd.Index(labels, name="depletion_month"), name="probability")

    def expected_shortfall(self) -> pd.DataFrame:
        """Mean interceptor shortfall (demand not met) by month and type. [interceptors/month]"""
        return self.mean("interceptor_shortfall")

    def __repr__(self) -> str:
        mode = "stochastic" if self.noise else "deterministic"
        kept = "trajectories" if self.trajectories else "metrics only"
        return (
            f"<Result {self.scenario.name!r}: {self.runs} {mode} run(s), "
            f"{self.index[0]} to {self.index[-1]}, {kept}>"
        )

    def to_xarray(self) -> Any:
        """Trajectories, metrics and drawn parameters as an ``xarray.Dataset``.

        Needs xarray (``pip install 'stockpile[infer]'``). Trajectory variables have dims
        ``(run, month, item)`` over every item a variable is kept for (missiles, then
        interceptors), NaN where a variable does not apply to an item; metrics and the
        parameters drawn from distributions (named by path) have dim ``run``. ``month``
        holds each month's first day; each variable's ``units`` attribute gives its unit
        (:data:`UNITS_OF`).
        """
        import xarray as xr  # lazily: an optional extra

        names = {v: self.items_of(v) for v in self.trajectories}
        items = list(dict.fromkeys(n for v in names.values() for n in [*self.missiles, *v]))
        data: dict[str, Any] = {}
        for variable, array in self.trajectories.items():
            full = np.full((self.runs, self.scenario.months, len(items)), np.nan)
            full[:, :, [items.index(n) for n in names[variable]]] = array.transpose(2, 1, 0)
            data[variable] = (("run", "month", "item"), full, {"units": UNITS_OF[variable]})
        for name, values in {**self.metrics, **self.samples}.items():
            data[name] = (("run",), np.asarray(values))
        coords = {
            "run": np.arange(self.runs),
            "month": self.index.to_timestamp(),
            "item": items,
        }
        mode = "stochastic" if self.noise else "deterministic"
        return xr.Dataset(data, coords, attrs={"scenario": self.scenario.name, "mode": mode})


def _floored(floor: object) -> bool:
    """Whether a ``floor`` parameter may keep rounds back (anything but a zero scalar)."""
    return not (isinstance(floor, int | float) and floor == 0)


def _zeros(shapes: dict[str, tuple[int, int, int]]) -> dict[str, Array]:
    """Zero-filled arrays of the given shapes, as views into one allocation (one large
    zeroed block is cheaper than many small ones)."""
    sizes = [math.prod(shape) for shape in shapes.values()]
    block = np.zeros(sum(sizes))
    ends = np.cumsum(sizes)
    return {
        name: block[end - size : end].reshape(shape)
        for (name, shape), size, end in zip(shapes.items(), sizes, ends, strict=True)
    }


class Builder:
    """Collects chunks into one :class:`Result`: the solvers write trajectories straight into
    the ensemble's arrays (:meth:`views`), metrics are written into preallocated slices."""

    def __init__(self, scenario: Scenario, runs: int, keep: bool, noise: Noise | None) -> None:
        self.scenario, self.runs, self.keep = scenario, runs, keep
        self.metrics: dict[str, Array] = {}
        self.samples: dict[str, Array] = {}
        self.trajectories: dict[str, Array] = {}
        if keep:
            drawn = noise is not None and noise.production
            state = [
                v
                for v in VARIABLES
                if v not in DERIVED and (v not in INPUT_VARIABLES or (drawn and v == "production"))
            ]
            shapes = {v: (len(items_of(scenario, v)), scenario.months, runs) for v in state}
            self.trajectories = _zeros(shapes)
            if not any(_floored(i.floor) for i in scenario.interceptors):  # never written
                shape = self.trajectories["held_back"].shape
                self.trajectories["held_back"] = np.broadcast_to(np.zeros(1), shape)

    def views(self, window: slice) -> dict[str, Array]:
        """Where the solvers write the trajectories of the runs in ``window``."""
        return {v: a[:, :, window] for v, a in self.trajectories.items()}

    def add(
        self, window: slice, acc: Accumulators, flows: dict[str, Array], samples: dict[str, Array]
    ) -> None:
        """Store one chunk's metrics, drawn parameters and input flows ``(items, T, R|1)``."""
        scenario = self.scenario
        names = ([m.name for m in scenario.missiles], [i.name for i in scenario.interceptors])
        chunk = compute(acc, scenario.months, *names, tuple(scenario.areas))
        for store, values in ((self.metrics, chunk), (self.samples, samples)):
            for name, array in values.items():
                store.setdefault(name, np.empty(self.runs))[window] = array
        for name, array in flows.items():
            self._add_flow(name, window, array)

    def _add_flow(self, name: str, window: slice, array: Array) -> None:
        """Store one chunk's input flow ``(items, T, R|1)``: while every chunk so far had the
        same flow in every run, a broadcast view of it; else the full array."""
        shape = (array.shape[0], self.scenario.months, self.runs)
        held = self.trajectories.get(name)
        same = array.shape[2] == 1 and (
            held is None or (held.strides[2] == 0 and np.array_equal(held[:, :, :1], array))
        )
        if same:
            self.trajectories[name] = np.broadcast_to(array, shape)
            return
        if held is not None and held.strides[2] == 0:  # runs so far shared one flow
            held = self.trajectories[name] = np.array(held)
        full = held if held is not None else self.trajectories.setdefault(name, np.empty(shape))
        full[:, :, window] = array

    def finish(
        self,
        seed: np.random.SeedSequence,
        noise: Noise | None,
        keys: NDArray[np.uint64],
        draw_offset: int = 0,
    ) -> Result:
        """The assembled result; ``keys`` are the runs' stream keys, shape ``(runs,)``."""
        trajectories = {v: self.trajectories[v] for v in VARIABLES if v in self.trajectories}
        return Result(
            self.scenario,
            self.runs,
            seed,
            noise,
            trajectories,
            self.metrics,
            self.samples,
            keys,
            draw_offset,
        )
