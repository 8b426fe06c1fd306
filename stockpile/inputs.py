"""Input resolution: a scenario's parameters for one chunk of runs, as month-major arrays.

Plain functions (no maths beyond the laws of :mod:`stockpile.flows`): each parameter is drawn
or broadcast for the chunk's runs (:func:`stockpile.params.resolve`), events are applied from
their registry (:data:`EVENT_RULES`), and the result is one :class:`MissileInputs` per missile
type and one :class:`InterceptorInputs` per interceptor type, with arrays ``(T|1, R|1)``: ``T``
in ``{1, months}`` and ``R`` in ``{1, runs}`` so that one month's slice is contiguous.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stockpile import flows, streams
from stockpile.doctrines import DOCTRINES, Doctrine
from stockpile.draws import Draws, DrawsColumn, rows
from stockpile.events import (
    AidPackage,
    Ceasefire,
    DeliveryShock,
    ImportDelivery,
    ProductionShock,
)
from stockpile.params import resolve
from stockpile.policies import POLICIES, Law
from stockpile.scenario import Interceptor, Missile, Scenario
from stockpile.units import Rate

__all__ = [
    "EVENT_RULES",
    "Chunk",
    "InterceptorInputs",
    "MissileInputs",
    "Noise",
    "at",
    "at_defaults",
    "from_month",
    "resolve_chunk",
]

Array = NDArray[np.float64]
Keys = NDArray[np.uint64]


@dataclass(frozen=True)
class Noise:
    """Which counts are random in the stochastic mode."""

    launches: bool = True
    intercepts: bool = True
    production: bool = False


@dataclass
class MissileInputs:
    """Resolved inputs of one missile type for one chunk; arrays ``(T|1, R|1)``."""

    production: Array  # [missiles/month], capacity × utilization × shocks
    imports: Array  # [missiles/month], with import events
    stock: Array  # (R|1,) [missiles]
    open: Array  # 1 outside ceasefires, 0 inside [1]
    aim: list[Array]  # share aimed at each defended area, in priority order [1]
    p: dict[str, Array]  # every declared parameter by field name, e.g. p["attrition"]
    law: Law
    law_params: Mapping[str, Array]
    law_needs_state: bool = True


@dataclass
class InterceptorInputs:
    """Resolved inputs of one interceptor type for one chunk; arrays ``(T|1, R|1)``."""

    deliveries: Array  # [interceptors/month], after lead time, with aid
    stock: Array  # (R|1,) [interceptors]
    p: dict[str, Array]  # every declared parameter by field name, e.g. p["pk"], p["floor"]
    doctrine: Doctrine
    engages: tuple[int, ...]  # missile indices
    covers: tuple[int, ...]  # area indices, in priority order
    layer: int

    @property
    def rations(self) -> bool:
        """Whether ``shots_below`` can apply (``low > 0`` and fewer shots below it)."""
        return bool((self.p["low"] > 0).any() and (self.p["shots_below"] != self.p["shots"]).any())

    @property
    def primary(self) -> int:
        """Index of the first-priority area (where the floor does not apply)."""
        return self.covers[0] if self.covers else -1

    @property
    def simple(self) -> bool:
        """No rationing and every inert parameter at its default (no floor, unlimited fire
        capacity): the magazine alone limits fire."""
        return not self.rations and at_defaults(self.p, Interceptor)


@dataclass
class Chunk:
    """Everything one chunk of runs needs: inputs per item, drawn parameters and the input
    flows to report (``(items, T, R|1)``, ``per_run`` saying whether ``R`` is the chunk)."""

    missiles: list[MissileInputs]
    interceptors: list[InterceptorInputs]
    samples: dict[str, Array] = field(default_factory=dict)
    #: Months from the draw origin to the chunk's first month: month ``t`` of the chunk reads
    #: the stochastic mode's counters of month ``t + draw_offset`` (non-zero for a run
    #: continued from a :class:`~stockpile.state.State`). [months]
    draw_offset: int = 0


def _inert_defaults(cls: type) -> dict[str, Any]:
    """Field name → default [per month for rates] of ``cls``'s parameters declared inert."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("inert"):
            default = f.default
            out[f.name] = (
                default.value * default.to_monthly if isinstance(default, Rate) else default
            )
    return out


_INERT: dict[type, dict[str, Any]] = {cls: _inert_defaults(cls) for cls in (Missile, Interceptor)}


def at_defaults(p: Mapping[str, Array], cls: type, skip: Collection[str] = ()) -> bool:
    """Whether every parameter of ``cls`` declared inert (:func:`stockpile.params.declared`),
    but ``skip``, holds its default in resolved parameters ``p``: then it changes no flow."""
    return all(
        bool((p[name] == default).all())
        for name, default in _INERT[cls].items()
        if name not in skip
    )


def at(x: Array, t: int) -> Array:
    """Month ``t`` of a month-major ``(T|1, R|1)`` array."""
    return x[t] if x.shape[0] > 1 else x[0]


_KINDS: dict[type, dict[str, str]] = {}


def _kinds(cls: type) -> dict[str, str]:
    """Field name → declared kind of a scenario class's numeric fields (cached per class)."""
    if cls not in _KINDS:
        fields = dataclasses.fields(cls)
        _KINDS[cls] = {f.name: f.metadata["kind"] for f in fields if "kind" in f.metadata}
    return _KINDS[cls]


class _Resolver:
    """Draws and broadcasts the parameters of one chunk (keeps the drawn samples)."""

    def __init__(self, scenario: Scenario, window: slice, keys: Keys) -> None:
        self.scenario, self.window, self.keys = scenario, window, keys
        self.samples: dict[str, Array] = {}
        self.t = np.arange(scenario.months)[:, None]
        self._rows: dict[str, NDArray[np.intp]] = {}

    def rows(self, draws: Draws) -> NDArray[np.intp]:
        """Each run's row of a table of joint draws (one per table name and chunk)."""
        if draws.name not in self._rows:
            self._rows[draws.name] = rows(self.keys, draws.name, draws.size)
        return self._rows[draws.name]

    def param(self, path: str, kind: str, value: Any) -> Array:
        """Month-major ``(T|1, R|1)`` array of one parameter for this chunk."""

        def draw(name: str, distribution: Any) -> Array:
            if isinstance(distribution, DrawsColumn):  # the row of its table, for every column
                values = distribution.take(self.rows(distribution.draws))
            else:  # each parameter's stream: the run's key folded with the full path (64 bits)
                u = streams.uniform(streams.fold(self.keys, f"parameter:{name}"), 0)
                values = np.asarray(distribution.ppf(u), dtype=np.float64)
            self.samples[path] = values
            return values

        out = resolve(
            value, name=path, kind=kind, index=self.scenario.index, runs=self.window, draw=draw
        )
        return out if out.shape == (1, 1) else np.ascontiguousarray(out.T)

    def field(self, owner: Any, attr: str, label: str) -> Array:
        kind = _kinds(type(owner))[attr]
        return self.param(f"{label}.{attr}", kind, getattr(owner, attr))

    def declared(self, item: Missile | Interceptor, skip: tuple[str, ...]) -> dict[str, Array]:
        """Every numeric field of ``item`` declared with a kind (but ``skip``), resolved:
        a new parameter needs its field and the law that reads it, nothing here."""
        return {
            name: self.param(f"{item.name}.{name}", kind, getattr(item, name))
            for name, kind in _kinds(type(item)).items()
            if kind != "policy" and name not in skip and getattr(item, name) is not None
        }

    def month(self, k: int, attr: str) -> NDArray[np.int64]:
        """Month offset ``(1, R|1)`` of event ``k``'s ``attr``."""
        event = self.scenario.events[k]
        label = f"{self.scenario.event_label(k)}.{attr}"
        offsets = self.scenario.month_offsets(getattr(event, attr), label, allow_end=attr == "end")
        return offsets[None, self.window] if offsets.shape[0] > 1 else offsets[None, :]

    def event(self, k: int, attr: str) -> Array:
        return self.field(self.scenario.events[k], attr, self.scenario.event_label(k))


# ------------------------------------------------------------------ events
@dataclass
class _Flows:
    """Input flows of one item that events modify."""

    production_factor: Array
    imports: Array
    open: Array
    deliveries: Array


EventRule = Callable[[Any, int, _Resolver, _Flows, str], None]


def _shock(event: ProductionShock, k: int, r: _Resolver, f: _Flows, item: str) -> None:
    if event.missile in (None, item):
        start = r.month(k, "start")
        inside = (r.t >= start) & (r.t < start + event.months)
        factor = r.event(k, "factor")
        f.production_factor = np.where(inside, f.production_factor * factor, f.production_factor)


def _delivery_shock(event: DeliveryShock, k: int, r: _Resolver, f: _Flows, item: str) -> None:
    if event.interceptor in (None, item):
        start = r.month(k, "start")
        inside = (r.t >= start) & (r.t < start + event.months)
        f.deliveries = np.where(inside, f.deliveries * r.event(k, "factor"), f.deliveries)


def _import(event: ImportDelivery, k: int, r: _Resolver, f: _Flows, item: str) -> None:
    if event.missile == item:
        f.imports = f.imports + np.where(r.t == r.month(k, "month"), r.event(k, "quantity"), 0.0)


def _ceasefire(event: Ceasefire, k: int, r: _Resolver, f: _Flows, item: str) -> None:
    start = r.month(k, "start")
    end = r.month(k, "end") if event.end is not None else r.scenario.months
    f.open = f.open * ~((r.t >= start) & (r.t < end))


def _aid(event: AidPackage, k: int, r: _Resolver, f: _Flows, item: str) -> None:
    if event.interceptor == item:
        at_month = r.t == r.month(k, "month")
        f.deliveries = f.deliveries + np.where(at_month, r.event(k, "quantity"), 0.0)


#: Event registry: type → rule applied to each item's input flows (rules ignore items an
#: event does not concern).
EVENT_RULES: dict[type, EventRule] = {
    ProductionShock: _shock,
    DeliveryShock: _delivery_shock,
    ImportDelivery: _import,
    Ceasefire: _ceasefire,
    AidPackage: _aid,
}


def _apply_events(r: _Resolver, flows_: _Flows, item: str) -> _Flows:
    for k, event in enumerate(r.scenario.events):
        EVENT_RULES[type(event)](event, k, r, flows_, item)
    return flows_


def _whole(flow: Array, months: int, noise: Noise | None) -> Array:
    """Integer months whose running total tracks the expected one (stochastic mode)."""
    if noise is None:
        return flow
    full = np.broadcast_to(flow, (months, flow.shape[1]))
    total = np.floor(np.cumsum(full, axis=0) + 1e-9)
    return np.diff(total, axis=0, prepend=0.0)


# ------------------------------------------------------------------ items
def _missile(r: _Resolver, m: Missile, noise: Noise | None) -> MissileInputs:
    scenario = r.scenario
    one = np.ones((1, 1))
    events = _apply_events(r, _Flows(one, r.field(m, "imports", m.name), one, one), m.name)
    production = flows.production(
        r.field(m, "production", m.name),
        r.field(m, "utilization", m.name),
        events.production_factor,
    )
    if noise is None or not noise.production:
        production = _whole(production, scenario.months, noise)
    policy = m.policy
    spec = POLICIES[policy.name]
    params = {
        name: r.param(f"{m.name}.launches.{name}", kind, policy.params[name])
        for name, kind in spec.kinds.items()
        if kind != "profile"
    }
    if spec.prepare is not None:
        params = spec.prepare(params, policy, scenario.index)
    aim = scenario.aim_of(m)
    path = f"{m.name}.aim." if m.aim is not None else f"{m.name}.defended"
    shares = [
        r.param(path + area if m.aim is not None else path, "probability", aim[area])
        if area in aim
        else np.zeros((1, 1))
        for area in scenario.area_names
    ]
    return MissileInputs(
        production=production,
        imports=_whole(events.imports, scenario.months, noise),
        stock=r.field(m, "stock", m.name)[0],
        open=np.asarray(events.open, dtype=np.float64),
        aim=shares,
        p=r.declared(m, ("production", "imports", "stock", "defended")),
        law=spec.law,
        law_params=params,
        law_needs_state=spec.needs_state,
    )


def _interceptor(r: _Resolver, ic: Interceptor, noise: Noise | None) -> InterceptorInputs:
    scenario = r.scenario
    supply = r.field(ic, "deliveries", ic.name)
    if ic.lead_time and supply.shape[0] > 1:
        source = np.maximum(np.arange(scenario.months) - ic.lead_time, 0)
        supply = supply[source]
    one = np.ones((1, 1))
    supply = _apply_events(r, _Flows(one, one, one, supply), ic.name).deliveries
    p = r.declared(ic, ("deliveries", "stock"))
    p.setdefault("shots_below", p["shots"])
    names = [m.name for m in scenario.missiles]
    areas = scenario.area_names
    return InterceptorInputs(
        deliveries=_whole(supply, scenario.months, noise),
        stock=r.field(ic, "stock", ic.name)[0],
        p=p,
        doctrine=DOCTRINES[ic.doctrine],
        engages=tuple(names.index(n) for n in ic.engages),
        covers=tuple(areas.index(a) for a in scenario.covers_of(ic)),
        layer=int(ic.layer),
    )


def resolve_chunk(scenario: Scenario, window: slice, keys: Keys, noise: Noise | None) -> Chunk:
    """Resolve every parameter of ``scenario`` for the runs in ``window``.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    window : slice
        The chunk's runs within the ensemble.
    keys : ndarray of shape (runs in window,)
        Each run's stream key (:func:`stockpile.streams.run_keys`).
    noise : Noise or None
        The stochastic mode's random counts (whole-number input flows when given).

    Returns
    -------
    Chunk
    """
    r = _Resolver(scenario, window, keys)
    missiles = [_missile(r, m, noise) for m in scenario.missiles]
    interceptors = [_interceptor(r, i, noise) for i in scenario.interceptors]
    return Chunk(missiles, interceptors, r.samples)


def from_month(chunk: Chunk, first: int, draw_offset: int) -> Chunk:
    """The months of ``chunk`` from month ``first`` on, read at draws ``draw_offset`` months
    from the draw origin: a run continued from a state, with inputs resolved over the whole
    horizon so that time-varying parameters, events, lead times and whole-number flows are
    those of the uninterrupted run.

    Parameters
    ----------
    chunk : Chunk
        Inputs resolved over the scenario's whole horizon.
    first : int
        First month kept (months since the scenario's start). [months]
    draw_offset : int
        Months from the draw origin to month ``first``. [months]
    """

    def cut(x: Array) -> Array:
        return x[first:] if x.shape[0] > 1 else x

    def cuts(d: Mapping[str, Array]) -> dict[str, Array]:
        return {name: cut(x) for name, x in d.items()}

    missiles = [
        dataclasses.replace(
            m,
            production=cut(m.production),
            imports=cut(m.imports),
            open=cut(m.open),
            aim=[cut(a) for a in m.aim],
            p=cuts(m.p),
            law_params=cuts(m.law_params),
        )
        for m in chunk.missiles
    ]
    interceptors = [
        dataclasses.replace(ic, deliveries=cut(ic.deliveries), p=cuts(ic.p))
        for ic in chunk.interceptors
    ]
    return Chunk(missiles, interceptors, chunk.samples, draw_offset)


def input_flows(chunk: Chunk, months: int, noise: Noise | None) -> dict[str, Array]:
    """Input-driven trajectories ``(items, months, R|1)`` of a chunk: production (unless
    drawn by the engine), imports and deliveries."""

    def stack(arrays: list[Array]) -> Array:
        if not arrays:
            return np.zeros((0, months, 1))
        width = max(a.shape[1] for a in arrays)
        return np.stack([np.broadcast_to(a, (months, width)) for a in arrays])

    out = {
        "imports": stack([m.imports for m in chunk.missiles]),
        "deliveries": stack([i.deliveries for i in chunk.interceptors]),
    }
    if noise is None or not noise.production:
        out["production"] = stack([m.production for m in chunk.missiles])
    return out
