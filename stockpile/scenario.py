"""The scenario: frozen, keyword-only value objects.

A :class:`Scenario` holds the attacker's missile types (:class:`Missile`), the defender's
interceptor types (:class:`Interceptor`) and dated events. Classes hold data only; the
maths is in :mod:`stockpile.engine`. Variants come from :meth:`Scenario.with_params` with
parameter paths such as ``"ballistic.production"`` or ``"ceasefire.start"``, or from
:func:`dataclasses.replace`.

Every numeric field declares its kind (:data:`stockpile.params.KINDS`) in its metadata: that
table is what :meth:`Scenario.validate` checks, once, before any computation.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from stockpile.draws import Draws, DrawsColumn
from stockpile.errors import StockpileError, invalid
from stockpile.events import (
    _EVENT_MONTHS,
    AidPackage,
    Ceasefire,
    DeliveryShock,
    Event,
    ImportDelivery,
    ProductionShock,
)
from stockpile.params import declared as _kind
from stockpile.params import validate as validate_param
from stockpile.policies import POLICIES, LaunchPolicy, check_doctrine, constant
from stockpile.units import Rate, per_month
from stockpile.validation import check

__all__ = [
    "AidPackage",
    "Ceasefire",
    "DeliveryShock",
    "Event",
    "ImportDelivery",
    "Interceptor",
    "Missile",
    "ProductionShock",
    "Scenario",
]


@dataclass(frozen=True)
class Missile:
    """An attacker's missile type.

    Parameters
    ----------
    name : str
        Unique name, used in output and parameter paths (``"ballistic"``).
    production : Rate
        Production capacity. [missiles/month]
    utilization : float
        Share of capacity realised. [1]
    imports : Rate
        Foreign deliveries (e.g. KN-23). [missiles/month]
    stock : float
        Reserve at the start. [missiles]
    launches : Rate or LaunchPolicy
        Intended launches: a rate (``constant``) or a policy from :mod:`stockpile.policies`.
        [missiles/month]
    defended : float
        Share of launches that fly at the defended area, the one-area shorthand for
        ``aim={<first area>: defended}``. [1]
    aim : mapping of str to float, optional
        Share of launches aimed at each defended area of the scenario (any parameter form,
        e.g. ``{"kyiv": 0.3, "cities": 0.5}``); shares sum to at most 1, the rest fly at
        undefended targets. [1]
    reliability : float
        Share of launches that work: the rest (``1 − reliability``) fail in flight before any
        engagement. Failed missiles count as launched, as the record counts them, but are aimed
        at no area, never engaged and hit nothing (output ``failed``). A share of all launches
        of the type, not of its imports alone: a type whose reserve mixes produced and imported
        missiles takes the launch-weighted share (see ``docs/model.md``). [1]
    attrition : float
        Share of the reserve lost each month (strikes on depots). [1/month]
    dispersion : float
        Negative-binomial dispersion of launches in the stochastic mode; variance is
        ``mean + mean²/dispersion``; ``inf`` gives Poisson launches. [1]
    """

    name: str
    _: KW_ONLY
    production: Rate = _kind("rate", per_month(0), "production capacity", "missiles/month")
    utilization: Any = _kind("factor", 1.0, "share of capacity realised")
    imports: Rate = _kind("rate", per_month(0), "foreign deliveries", "missiles/month")
    stock: Any = _kind("amount", 0.0, "initial reserve", "missiles")
    launches: Rate | LaunchPolicy = field(
        default=per_month(0), metadata={"kind": "policy", "unit": "missiles/month"}
    )
    defended: Any = _kind("probability", 1.0, "share of launches engaged")
    reliability: Any = _kind(
        "probability", 1.0, "share of launches that do not fail in flight", inert=True
    )
    attrition: Any = _kind(
        "probability", 0.0, "share of reserve lost per month", "1/month", inert=True
    )
    dispersion: Any = _kind("dispersion", np.inf, "negative-binomial dispersion of launches")
    aim: Mapping[str, Any] | None = field(default=None, metadata={"form": "shares"})

    def __post_init__(self) -> None:
        if self.aim is not None:
            if not isinstance(self.aim, Mapping):
                raise invalid(f"{self.name}.aim", "a mapping of area name to share", self.aim)
            object.__setattr__(self, "aim", dict(self.aim))

    @property
    def policy(self) -> LaunchPolicy:
        """The launch policy (a bare rate is ``constant(rate)``)."""
        return self.launches if isinstance(self.launches, LaunchPolicy) else constant(self.launches)


@dataclass(frozen=True)
class Interceptor:
    """A defender's interceptor type.

    Parameters
    ----------
    name : str
        Unique name (``"patriot"``).
    stock : float
        Magazine at the start. [interceptors]
    deliveries : Rate
        Supply reaching the magazine ``lead_time`` months after it is produced or pledged.
        [interceptors/month]
    lead_time : int
        Months between supply and arrival; the pipeline is full at the start (the first
        ``lead_time`` months receive the first month's supply). [months]
    engages : sequence of str
        Missile types this interceptor engages, e.g. ``["ballistic"]``.
    covers : sequence of str, optional
        Defended areas this type covers (default: all); the first in the scenario's priority
        order is its first-priority area.
    layer : int
        Layer number: a higher layer engages the survivors of the lower ones. [1]
    shots : int
        Interceptors fired per engaged target (first look under shoot-look-shoot). [1]
    shots_below : int, optional
        Shots per target while the magazine (stock plus this month's deliveries) is under
        ``low`` (rationing; default ``shots``). [1]
    low : float
        Magazine under which ``shots_below`` applies. [interceptors]
    floor : float
        Rounds kept back for the first-priority area: other areas are served only from the
        stock above it. [interceptors]
    fire_capacity : Rate
        Most rounds the type can fire in a month (launchers × ready rounds × raids); default
        unlimited. [interceptors/month]
    pk : float
        Single-shot kill probability. [1]
    doctrine : str
        ``"salvo"`` or ``"shoot-look-shoot"`` (:data:`stockpile.policies.DOCTRINES`).
    second_shots : int
        Shots at a target that survived the first look (shoot-look-shoot only). [1]
    """

    name: str
    _: KW_ONLY
    pk: Any = _kind("probability", None, "single-shot kill probability")
    stock: Any = _kind("magazine", 0.0, "initial magazine", "interceptors")
    deliveries: Rate = _kind("rate", per_month(0), "interceptor supply", "interceptors/month")
    lead_time: int = field(default=0, metadata={"form": "integer", "unit": "months"})
    engages: Sequence[str] = field(default=(), metadata={"form": "names"})
    shots: Any = _kind("shots", 2, "shots per target", "1", note="per target")
    doctrine: str = "salvo"
    second_shots: Any = _kind(
        "shots", 1, "second-look shots per surviving target", "1", note="per surviving target"
    )
    covers: Sequence[str] | None = field(default=None, metadata={"form": "names"})
    layer: int = field(default=0, metadata={"form": "integer"})
    shots_below: Any = field(
        default=None,
        metadata={"kind": "shots", "doc": "rationed shots", "unit": "1", "note": "per target"},
    )
    low: Any = _kind("count", 0.0, "magazine under which shots_below applies", "interceptors")
    floor: Any = _kind(
        "count", 0.0, "rounds kept for the first-priority area", "interceptors", inert=True
    )
    fire_capacity: Rate = _kind(
        "capacity",
        per_month(np.inf),
        "most rounds fired per month",
        "interceptors/month",
        inert=True,
    )

    def __post_init__(self) -> None:
        if self.pk is None:
            raise invalid(f"{self.name}.pk", "a probability in [0, 1]", None)
        object.__setattr__(self, "engages", _engages(self.engages, f"{self.name}.engages"))
        if self.covers is not None:
            if isinstance(self.covers, str):
                raise invalid(
                    f"{self.name}.covers",
                    "a list of area names",
                    self.covers,
                    hint=f"Write covers=[{self.covers!r}].",
                )
            object.__setattr__(self, "covers", tuple(self.covers))
        if not _is_whole(self.layer) or self.layer < 0:
            raise invalid(f"{self.name}.layer", "a whole number >= 0", self.layer)
        if not _is_whole(self.lead_time) or self.lead_time < 0:
            raise invalid(f"{self.name}.lead_time", "a whole number of months >= 0", self.lead_time)
        check_doctrine(self.doctrine, f"{self.name}.doctrine")


def _is_whole(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _engages(engages: Any, name: str) -> tuple[str, ...]:
    """The missile names an interceptor engages: a list of distinct names (that it is not
    empty and names the scenario's missiles is checked by the scenario)."""
    expected = "a list of distinct missile names"
    if isinstance(engages, str):
        raise invalid(name, expected, engages, hint=f"Write engages=[{engages!r}].")
    try:
        names = tuple(engages)
    except TypeError:
        raise invalid(name, expected, engages, hint="Write e.g. engages=['ballistic'].") from None
    if not all(isinstance(n, str) for n in names):
        raise invalid(name, expected, list(names))
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise invalid(name, expected, list(names), hint=f"{twice} appear more than once.")
    return names


@dataclass(frozen=True)
class Scenario:
    """A complete scenario: horizon, missile types, interceptor types and events.

    Parameters
    ----------
    start : str or pandas.Period
        First simulated month, e.g. ``"2025-01"``.
    months : int
        Number of monthly steps. [months]
    missiles : sequence of Missile
        The attacker's missile types (at least one).
    interceptors : sequence of Interceptor
        The defender's interceptor types; for each missile type, interceptors engage it in the
        order listed.
    events : sequence of events
        :class:`Ceasefire`, :class:`ProductionShock`, :class:`DeliveryShock`,
        :class:`ImportDelivery`, :class:`AidPackage`.
    areas : sequence of str
        Defended areas in priority order (``["kyiv", "cities"]``); without any, the scenario
        has one defended area, named ``"defended"``, and ``Missile.defended`` aims at it.
    name, description : str
        Labels for output and figures.
    """

    _: KW_ONLY
    start: Any = field(metadata={"form": "month"})
    months: int = field(metadata={"form": "integer", "unit": "months"})
    missiles: Sequence[Missile]
    interceptors: Sequence[Interceptor] = ()
    events: Sequence[Event] = ()
    areas: Sequence[str] = ()
    name: str = "scenario"
    description: str = ""

    def __post_init__(self) -> None:
        try:
            start = pd.Period(self.start, freq="M")
        except (TypeError, ValueError, OverflowError):
            raise invalid("start", "a month such as '2025-01'", self.start) from None
        if start is pd.NaT:  # None, "" and "NaT" parse to NaT
            raise invalid("start", "a month such as '2025-01'", self.start)
        object.__setattr__(self, "start", start)
        check(self.months, "months")
        if isinstance(self.areas, str):
            raise invalid(
                "areas", "a list of area names", self.areas, hint=f"Write areas=[{self.areas!r}]."
            )
        for label in ("missiles", "interceptors", "events", "areas"):
            object.__setattr__(self, label, tuple(getattr(self, label)))
        self._check_structure()

    # ---------------------------------------------------------------- structure
    def _check_structure(self) -> None:
        if not self.missiles:
            raise invalid("missiles", "at least one Missile", list(self.missiles))
        for missile in self.missiles:
            if not isinstance(missile, Missile):
                raise invalid("missiles", "a list of sp.Missile", missile)
        for interceptor in self.interceptors:
            if not isinstance(interceptor, Interceptor):
                raise invalid("interceptors", "a list of sp.Interceptor", interceptor)
        names = [m.name for m in self.missiles] + [i.name for i in self.interceptors]
        for name in names:
            if not isinstance(name, str) or not name or "." in name:
                raise invalid("name", "a non-empty string without dots", name)
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise invalid("name", "unique across missiles and interceptors", dupes)
        missiles = {m.name for m in self.missiles}
        interceptors = {i.name for i in self.interceptors}
        self._check_areas()
        for i in self.interceptors:
            if not i.engages:
                raise invalid(
                    f"{i.name}.engages",
                    f"a non-empty list of missile names among {sorted(missiles)}",
                    [],
                    hint="An interceptor that engages nothing would never fire.",
                )
            unknown = [n for n in i.engages if n not in missiles]
            if unknown:
                raise invalid(f"{i.name}.engages", f"names of missiles {sorted(missiles)}", unknown)
        for k, event in enumerate(self.events):
            label = f"events[{k}]"
            kinds = Ceasefire | ProductionShock | DeliveryShock | ImportDelivery | AidPackage
            if not isinstance(event, kinds):
                raise invalid(
                    label,
                    "a Ceasefire, ProductionShock, DeliveryShock, ImportDelivery or AidPackage",
                    event,
                )
            target = getattr(event, "missile", None)
            if (target is not None or isinstance(event, ImportDelivery)) and (
                target not in missiles
            ):
                raise invalid(f"{label}.missile", f"one of {sorted(missiles)}", target)
            if isinstance(event, DeliveryShock) and event.interceptor not in (None, *interceptors):
                raise invalid(
                    f"{label}.interceptor",
                    f"one of {sorted(interceptors)} or None",
                    event.interceptor,
                )
            if isinstance(event, AidPackage) and event.interceptor not in interceptors:
                raise invalid(
                    f"{label}.interceptor", f"one of {sorted(interceptors)}", event.interceptor
                )
            if isinstance(event, ProductionShock | DeliveryShock) and (
                not _is_whole(event.months) or event.months < 1
            ):
                raise invalid(f"{label}.months", "a whole number of months >= 1", event.months)
            offsets = {
                attr: self.month_offsets(
                    getattr(event, attr), f"{self.event_label(k)}.{attr}", allow_end=attr == "end"
                )
                for attr in _EVENT_MONTHS & {f.name for f in dataclasses.fields(event)}
                if getattr(event, attr) is not None
            }
            if "end" in offsets:
                self._check_end(offsets["start"], offsets["end"], self.event_label(k))
        for m in self.missiles:
            if isinstance(m.launches, LaunchPolicy) and "profile" in m.launches.params:
                check(m.launches.params["profile"], f"{m.name}.launches.profile", "profile")

    def _check_end(self, start: np.ndarray, end: np.ndarray, label: str) -> None:
        """An event's ``end`` must not come before its ``start`` (in any run)."""
        try:
            first, last = np.broadcast_arrays(start, end)
        except ValueError:
            raise invalid(
                f"{label}.end", f"one month per run, like start ({start.shape[0]})", end
            ) from None
        early = np.flatnonzero(last < first)  # end == start: an empty window, a sweep's limit
        if early.size:
            n = early[0]
            raise invalid(
                f"{label}.end",
                f"a month from start ({self.start + int(first[n])}) on",
                str(self.start + int(last[n])),
                hint="An event that ends before it starts would do nothing.",
            )

    def _check_areas(self) -> None:
        for area in self.areas:
            if not isinstance(area, str) or not area or "." in area:
                raise invalid("areas", "names: non-empty strings without dots", area)
        dupes = sorted({a for a in self.areas if list(self.areas).count(a) > 1})
        if dupes:
            raise invalid("areas", "unique area names", dupes)
        areas = list(self.areas)
        expected = f"names of areas {areas}" if areas else "empty: declare Scenario(areas=[...])"
        for m in self.missiles:
            if m.aim is None:
                continue
            unknown = [a for a in m.aim if a not in areas]
            if unknown:
                raise invalid(f"{m.name}.aim", expected, unknown)
            if not _is_default(m.defended, 1.0):
                raise invalid(
                    f"{m.name}.defended",
                    "left at its default when aim is given",
                    m.defended,
                    hint="defended is the one-area shorthand for aim; give one of the two.",
                )
        for i in self.interceptors:
            unknown = [a for a in (i.covers or ()) if a not in areas]
            if unknown:
                raise invalid(f"{i.name}.covers", expected, unknown)

    @property
    def area_names(self) -> tuple[str, ...]:
        """Defended areas in priority order (``("defended",)`` when none are declared)."""
        return tuple(self.areas) if self.areas else ("defended",)

    def aim_of(self, missile: Missile) -> dict[str, Any]:
        """Aim shares of ``missile`` by area: its ``aim``, or ``defended`` at the first area."""
        if missile.aim is not None:
            return dict(missile.aim)
        return {self.area_names[0]: missile.defended}

    def covers_of(self, interceptor: Interceptor) -> tuple[str, ...]:
        """Areas ``interceptor`` covers, in priority order."""
        covers = interceptor.covers
        return tuple(a for a in self.area_names if covers is None or a in covers)

    @functools.cached_property
    def index(self) -> pd.PeriodIndex:
        """The simulated months, a ``PeriodIndex`` with freq ``"M"``."""
        return pd.period_range(self.start, periods=self.months, freq="M", name="month")

    @property
    def items(self) -> tuple[Missile | Interceptor, ...]:
        """Missile types, then interceptor types."""
        return (*self.missiles, *self.interceptors)

    def month_offsets(self, value: Any, name: str, *, allow_end: bool = False) -> np.ndarray:
        """Months since ``start`` for a month (or one month per run). [months]

        Accepts a month string, a ``Period``, a whole number of months since ``start``, or a
        1-D array of any of these (one per run). Raises if a month is outside the horizon
        (``allow_end`` admits the month just after it, for an event's ``end``).
        """
        if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iu":
            offsets = value.astype(np.int64)  # months since start, one per run: no loop
            return self._within(offsets, name, allow_end)
        values = np.atleast_1d(np.asarray(value, dtype=object))
        if values.ndim != 1:
            raise invalid(name, "a month or a 1-D array of months", value)
        offsets = np.empty(values.shape[0], dtype=np.int64)
        for n, v in enumerate(values):
            if isinstance(v, int | np.integer) and not isinstance(v, bool):
                offsets[n] = int(v)
                continue
            try:
                offsets[n] = (pd.Period(v, freq="M") - self.start).n
            except (TypeError, ValueError, AttributeError):
                raise invalid(name, "a month such as '2025-07'", v) from None
        return self._within(offsets, name, allow_end)

    def _within(self, offsets: np.ndarray, name: str, allow_end: bool) -> np.ndarray:
        last = self.months if allow_end else self.months - 1
        outside = (offsets < 0) | (offsets > last)
        if outside.any():
            bad = self.start + int(offsets[outside][0])
            raise invalid(
                name, f"a month within the horizon {self.index[0]} to {self.index[-1]}", str(bad)
            )
        return offsets

    # ---------------------------------------------------------------- validation
    def iter_params(self) -> Iterator[tuple[str, str, Any]]:
        """Every numeric parameter as ``(path, kind, value)``."""
        return iter(self._params)

    @functools.cached_property
    def _params(self) -> tuple[tuple[str, str, Any], ...]:
        """:meth:`iter_params`'s list, listed once (the scenario is frozen)."""
        return tuple(self._list_params())

    def _list_params(self) -> Iterator[tuple[str, str, Any]]:
        for item in self.items:
            for f in dataclasses.fields(item):
                kind = f.metadata.get("kind")
                if kind == "policy":
                    policy = item.policy  # type: ignore[union-attr]
                    spec = POLICIES[policy.name]
                    for pname, pkind in spec.kinds.items():
                        if pkind != "profile":
                            yield f"{item.name}.launches.{pname}", pkind, policy.params[pname]
                elif kind is not None:
                    yield f"{item.name}.{f.name}", kind, getattr(item, f.name)
            if isinstance(item, Missile) and item.aim is not None:
                for area, share in item.aim.items():
                    yield f"{item.name}.aim.{area}", "probability", share
        for k, event in enumerate(self.events):
            for f in dataclasses.fields(event):
                if "kind" in f.metadata:
                    yield (
                        f"{self.event_label(k)}.{f.name}",
                        f.metadata["kind"],
                        getattr(event, f.name),
                    )

    def event_label(self, k: int) -> str:
        """Path prefix of event ``k``: its lower-case type name, indexed when repeated."""
        kind = type(self.events[k]).__name__.lower()
        same = [n for n, e in enumerate(self.events) if type(e).__name__.lower() == kind]
        return kind if len(same) == 1 else f"{kind}[{same.index(k)}]"

    def validate(self, runs: int = 1) -> None:
        """Check every parameter for ``runs`` runs; raise :class:`StockpileError` if one is bad.

        A scenario is frozen, so it is checked once per number of runs (arrays given as
        parameters must not be changed in place afterwards)."""
        checked = self.__dict__.setdefault("_checked_runs", set())
        if runs not in checked:
            self._validate(runs)
            checked.add(runs)

    def _validate(self, runs: int) -> None:
        tables: dict[str, Draws] = {}
        for path, kind, value in self.iter_params():
            if value is None and path.endswith(".shots_below"):
                continue  # optional: defaults to shots
            validate_param(value, name=path, kind=kind, index=self.index, runs=runs)
            raw = value.value if isinstance(value, Rate) else value
            if isinstance(raw, DrawsColumn):
                _check_one_table(tables.setdefault(raw.draws.name, raw.draws), raw, path)
        for m in self.missiles:
            if m.aim is not None:
                _check_aim_sum(m.name, m.aim)
        for i in self.interceptors:
            if i.shots_below is not None and _upper(i.shots_below) > _lower(i.shots):
                raise invalid(f"{i.name}.shots_below", f"at most shots ({i.shots})", i.shots_below)
        for k, event in enumerate(self.events):
            for attr in _EVENT_MONTHS & {f.name for f in dataclasses.fields(event)}:
                value = getattr(event, attr)
                if value is not None and np.ndim(value) == 1 and np.shape(value)[0] != runs:
                    raise invalid(
                        f"{self.event_label(k)}.{attr}",
                        f"a month or one month per run (length {runs})",
                        f"length {np.shape(value)[0]}",
                    )

    # ---------------------------------------------------------------- paths
    def paths(self) -> list[str]:
        """Every parameter path accepted by :meth:`with_params`."""
        out = [path for path, _, _ in self.iter_params()]
        for item in self.items:
            if isinstance(item, Missile):
                out.append(f"{item.name}.launches")
                out += [f"{item.name}.aim.{a}" for a in self.areas]
            elif isinstance(item, Interceptor):
                out += [f"{item.name}.{a}" for a in ("lead_time", "engages", "doctrine")]
        for k, event in enumerate(self.events):
            label = self.event_label(k)
            out += [
                f"{label}.{a}" for a in ("start", "end", "month", "months") if hasattr(event, a)
            ]
        return sorted(set(out))

    def with_params(self, values: Mapping[str, Any]) -> Scenario:
        """A copy with parameters replaced by path.

        Parameters
        ----------
        values : mapping
            Path → new value, e.g. ``{"ballistic.production": sp.per_year(700),
            "patriot.pk": 0.7, "ceasefire.start": "2026-01", "cruise.launches.floor": 300}``.

        Raises
        ------
        StockpileError
            For an unknown path; the message lists the valid ones.
        """
        scenario = self
        for path, value in values.items():
            scenario = scenario._replace(path, value)
        return scenario

    def _replace(self, path: str, value: Any) -> Scenario:
        valid = self.paths()
        if path not in valid:
            raise StockpileError(
                f"Unknown parameter path {path!r}. Valid paths: {', '.join(valid)}."
            )
        head, attr, *rest = path.split(".")
        missiles = {m.name: m for m in self.missiles}
        interceptors = {i.name: i for i in self.interceptors}
        if head in missiles:
            missile = missiles[head]
            if attr == "aim":  # "<missile>.aim.<area>"
                new = dataclasses.replace(missile, aim={**(missile.aim or {}), rest[0]: value})
            elif rest:  # "<missile>.launches.<param>"
                policy = missile.policy
                params = {**policy.params, rest[0]: value}
                new = dataclasses.replace(missile, launches=LaunchPolicy(policy.name, params))
            else:
                new = dataclasses.replace(missile, **{attr: value})
            return dataclasses.replace(
                self, missiles=tuple(new if m is missile else m for m in self.missiles)
            )
        if head in interceptors:
            old = interceptors[head]
            changed = dataclasses.replace(old, **{attr: value})
            return dataclasses.replace(
                self, interceptors=tuple(changed if i is old else i for i in self.interceptors)
            )
        k = next(k for k in range(len(self.events)) if self.event_label(k) == head)
        events = list(self.events)
        events[k] = dataclasses.replace(events[k], **{attr: value})
        return dataclasses.replace(self, events=tuple(events))


def _is_default(value: Any, default: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == default


def _bound(value: Any, which: int) -> float:
    raw = value.value if isinstance(value, Rate) else value
    if isinstance(raw, DrawsColumn) or (hasattr(raw, "support") and hasattr(raw, "dist")):
        return float(raw.support()[which])
    if isinstance(raw, pd.Series | np.ndarray | list | tuple | int | float):
        array = np.asarray(raw, dtype=np.float64)
        return float(array.max() if which else array.min()) if array.size else 0.0
    low, high = getattr(raw, "low", None), getattr(raw, "high", None)  # a ramp
    if low is None or high is None:
        return 0.0
    return float(max(low, high) if which else min(low, high))


def _upper(value: Any) -> float:
    return _bound(value, 1)


def _lower(value: Any) -> float:
    return _bound(value, 0)


def _check_aim_sum(name: str, aim: Mapping[str, Any]) -> None:
    """Aim shares sum to at most 1 in every run (checked on their largest values)."""
    total = sum(_upper(v) for v in aim.values())
    if total > 1.0 + 1e-9:
        raise invalid(
            f"{name}.aim",
            "shares that sum to at most 1 (the rest fly at undefended targets)",
            f"shares summing to up to {total:g}",
        )


def _check_one_table(first: Draws, column: DrawsColumn, path: str) -> None:
    """Columns of tables with one name must come from one table: they share its rows."""
    if not column.draws.same_as(first):
        raise invalid(
            path,
            f"a column of the one table named {first.name!r} in this scenario (tables that share "
            "a name share their rows)",
            column,
            hint="Give the other table its own name: sp.Draws(table, name=...).",
        )
