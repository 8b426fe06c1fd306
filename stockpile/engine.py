"""The month loop, vectorised over runs: the general solver.

Each month follows the order of ``docs/model.md``: produce and import, launch, fail in
flight, split the working launches over the defended areas, engage area by area in priority
order and, within an area, layer by layer (types of a layer in list order, each serving what
it can before the next), then update the stocks. Every equation is a law of
:mod:`stockpile.flows` (or a doctrine's draw, :mod:`stockpile.doctrines`, in the stochastic
mode); this module only orders them and keeps the sums. :func:`run` hands small chunks
without feedback to :mod:`stockpile.lindley`, which solves the same laws for all months at
once.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stockpile import flows, lindley, randomness
from stockpile.accumulators import (
    COVERAGE_LEVEL,
    SHORTFALL_TOLERANCE,
    Accumulators,
    Trajectories,
    first_month,
    sizes,
    start,
)
from stockpile.inputs import Chunk, Noise, at, at_defaults
from stockpile.scenario import Missile

__all__ = ["LINDLEY_MAX_RUNS", "Plan", "run", "run_loop"]

Array = NDArray[np.float64]
Keys = NDArray[np.uint64]
#: Chunks up to this many runs use :mod:`stockpile.lindley` where it applies: solving all
#: months at once beats the month loop while Python overhead, not memory traffic, dominates.
LINDLEY_MAX_RUNS = 128


@dataclass(frozen=True)
class Plan:
    """Who engages what, where.

    Attributes
    ----------
    areas : int
        Number of defended areas.
    order : list
        ``order[a]`` lists the layers serving area ``a`` (lowest first), each a list of
        ``(interceptor index, missile indices)`` in list order.
    aimed_at : list of list of int
        Missile types with a share aimed at each area.
    """

    areas: int
    order: list[list[list[tuple[int, tuple[int, ...]]]]]
    aimed_at: list[list[int]]
    declared: bool = True

    @classmethod
    def of(cls, chunk: Chunk, areas: int, declared: bool = True) -> Plan:
        order = []
        for a in range(areas):
            serving = [(j, ic) for j, ic in enumerate(chunk.interceptors) if a in ic.covers]
            layers = sorted({ic.layer for _, ic in serving})
            order.append(
                [[(j, ic.engages) for j, ic in serving if ic.layer == layer] for layer in layers]
            )
        aimed_at = [
            [k for k, m in enumerate(chunk.missiles) if (m.aim[a] > 0).any()] for a in range(areas)
        ]
        return cls(areas, order, aimed_at, declared)

    @property
    def layered(self) -> bool:
        """Whether any area has more than one layer."""
        return any(len(layers) > 1 for layers in self.order)


def run(
    chunk: Chunk,
    *,
    months: int,
    runs: int,
    areas: int,
    keep: bool,
    noise: Noise | None = None,
    keys: Keys | None = None,
    out: Mapping[str, Array] | None = None,
    declared: bool = True,
) -> Accumulators:
    """Simulate one chunk of runs.

    Parameters
    ----------
    chunk : Chunk
        Resolved inputs (:func:`stockpile.inputs.resolve_chunk`).
    months, runs, areas : int
        Horizon [months], runs in this chunk and number of defended areas.
    keep : bool
        Write trajectories ``(items, months, runs)`` into ``out`` (or new arrays).
    noise : Noise, optional
        Stochastic mode when given; needs ``keys``, one per run.
    keys : ndarray of shape (runs,), optional
        Each run's stream key (:func:`stockpile.streams.run_keys`).
    out : mapping of str to ndarray of shape (items, months, runs), optional
        Where to write the trajectories (views into the ensemble's arrays).
    declared : bool
        Whether the scenario declares its areas (else per-area month figures, such as the
        first month of degraded coverage, are not tracked in summary mode).

    Returns
    -------
    Accumulators
    """
    plan = Plan.of(chunk, areas, declared)
    if runs <= LINDLEY_MAX_RUNS and lindley.applies(chunk, plan, noise):
        return lindley.run(
            chunk, plan, months=months, runs=runs, keep=keep, noise=noise, keys=keys, out=out
        )
    return run_loop(
        chunk, plan, months=months, runs=runs, keep=keep, noise=noise, keys=keys, out=out
    )


def run_loop(
    chunk: Chunk,
    plan: Plan,
    *,
    months: int,
    runs: int,
    keep: bool,
    noise: Noise | None = None,
    keys: Keys | None = None,
    out: Mapping[str, Array] | None = None,
) -> Accumulators:
    """The month loop: every policy, area, layer, doctrine and attrition. Same parameters
    and result as :func:`run`."""
    if noise is not None and keys is None:
        raise ValueError("the stochastic mode needs one key per run")
    loop = _Loop(chunk, plan, months, runs, keep, noise, keys, out)
    for t in range(months):
        loop.month(t)
    return loop.finish()


_ARGUMENTS: dict[Callable[..., Array], tuple[str, ...]] = {}


def _arguments(law: Callable[..., Array]) -> tuple[str, ...]:
    names = _ARGUMENTS.get(law)
    if names is None:
        names = _ARGUMENTS[law] = tuple(inspect.signature(law).parameters)
    return names


def _law(law: Callable[..., Array], p: Mapping[str, Array], t: int, **given: Any) -> Array:
    """``law(**given)``, its other arguments read at month ``t`` from ``p``, the item's
    parameters by field name: a law that gains an argument named like a new parameter of its
    item's dataclass gets it without a change here."""
    names = _arguments(law)
    return law(**given, **{n: at(p[n], t) for n in names if n not in given and n in p})


def _acts(law: Callable[..., Array], p: Mapping[str, Array], cls: type) -> bool:
    """Whether ``law`` can change a flow: one of its arguments is an inert parameter of
    ``cls`` (:func:`stockpile.params.declared`) away from its default in ``p``."""
    names = _arguments(law)
    return not at_defaults(p, cls, skip=[n for n in p if n not in names])


def _add(sums: list[Array | None], i: int, values: Array) -> None:
    """``sums[i] += values``, where ``None`` stands for zero (saves zero-filled arrays)."""
    current = sums[i]
    sums[i] = values if current is None else current + values


class _Loop:
    """State carried from month to month; each method is one step of the month."""

    def __init__(
        self,
        chunk: Chunk,
        plan: Plan,
        months: int,
        runs: int,
        keep: bool,
        noise: Noise | None,
        keys: Keys | None,
        out: Mapping[str, Array] | None,
    ) -> None:
        self.chunk, self.plan, self.T, self.R = chunk, plan, months, runs
        self.noise, self.keep = noise, keep
        self.o = chunk.draw_offset  # month t reads the counters of month t + o
        self.keys = keys if keys is not None else np.zeros(runs, dtype=np.uint64)
        self.draw_intercepts = noise is not None and noise.intercepts
        self.draw_production = noise is not None and noise.production
        draw_launches = noise is not None and noise.launches
        self.acc = start(chunk, runs, plan.areas, noise is not None)
        sizes_ = sizes(chunk, plan.areas if plan.declared else 0, self.draw_production)
        self.traj = Trajectories(sizes_, months, runs, keep, out)
        self.S = list(self.acc.initial_missile_stock)
        self.I = list(self.acc.initial_interceptor_stock)
        missiles, interceptors = chunk.missiles, chunk.interceptors
        # intended launches of policies that do not look at the reserve, all months at once
        self.free = [
            None
            if m.law_needs_state or draw_launches
            else m.law(m.law_params, np.zeros(1), m.production) * m.open
            for m in missiles
        ]
        self.inflow = [m.production + m.imports for m in missiles]
        # steps whose law changes nothing while its inert parameters are at their defaults
        self.losses = [_acts(flows.missile_stock, m.p, Missile) for m in missiles]
        self.unreliable = [_acts(flows.failures, m.p, Missile) for m in missiles]
        self.expected = [
            ic.doctrine.expected(ic.p["shots"], ic.p["second_shots"], ic.p["pk"])
            for ic in interceptors
        ]
        self.expected_below = [
            ic.doctrine.expected(ic.p["shots_below"], ic.p["second_shots"], ic.p["pk"])
            if ic.rations
            else None
            for ic in interceptors
        ]
        self.simple = [ic.simple for ic in interceptors]
        # engagements whose rounds per target and kill per target are the same every month:
        # in summary mode their engaged and destroyed sums follow after the loop from the
        # rounds fired, as in 0.1 (``fired_sum[j][k]``)
        self.linear = [
            self.simple[j]
            and not keep
            and not self.draw_intercepts
            and all(x.shape[0] == 1 for x in self.expected[j])
            for j in range(len(interceptors))
        ]
        self.fired_sum: list[dict[int, Array]] = [{} for _ in interceptors]
        # per-area figures month by month for declared areas; for the implicit one, their
        # sums follow after the loop from the per-type sums
        self.track_areas = plan.declared
        self.floored = [not ic.simple and bool(ic.p["floor"].any()) for ic in interceptors]
        # whether some run has no first month of shortfall (of degraded coverage) yet
        self.undepleted = [True] * len(interceptors)
        self.undegraded = [True] * plan.areas

    # ------------------------------------------------------------------ attacker
    def attack(self, t: int) -> list[list[Array]]:
        """Produce, import, launch and update the reserve; return launches aimed at each area
        per missile type, ``aimed[k][a]``. [missiles/month]"""
        noise, keys, acc, traj = self.noise, self.keys, self.acc, self.traj
        aimed = []
        for k, m in enumerate(self.chunk.missiles):
            if self.draw_production:
                P = randomness.production(keys, t + self.o, k, at(m.production, t))
                traj.put("production", k, t, P)
                available = self.S[k] + P + at(m.imports, t)
            else:
                available = self.S[k] + at(self.inflow[k], t)
            free = self.free[k]
            if free is not None:
                W = at(free, t)
            else:
                params = {n: at(v, t) for n, v in m.law_params.items()}
                W = m.law(params, available, at(m.production, t)) * at(m.open, t)
                if noise is not None and noise.launches:
                    W = randomness.launches(keys, t + self.o, k, W, at(m.p["dispersion"], t))
            L = flows.launch(W, available, out=traj.row("launches", k, t))
            if self.losses[k]:
                S = _law(flows.missile_stock, m.p, t, available=available, launches=L)
                if noise is not None:  # whole missiles lost to attrition
                    S = available - L - np.round(available - L - S)
            else:  # written where the trajectory keeps it, if it does
                S = np.subtract(available, L, out=traj.row("missile_stock", k, t))
            self.S[k] = S
            acc.launches[k] += L
            if free is None:
                acc.unmet_launches[k] += W - L
            if traj.keep:
                if self.losses[k]:
                    traj.put("missile_stock", k, t, S)
                np.subtract(W, L, out=traj.row("unmet_launches", k, t))
            failed = self.fail(t, k, L)
            aimed.append(self.split(t, k, L if failed is None else L - failed))
        return aimed

    def fail(self, t: int, k: int, L: Array) -> Array | None:
        """Launches of type ``k`` that fail in flight (``None`` when none can): expected, or
        in the stochastic mode a binomial draw of whole missiles."""
        if not self.unreliable[k]:
            return None
        p = self.chunk.missiles[k].p
        if self.draw_intercepts:  # each launch fails with the law's share of one launch
            share = _law(flows.failures, p, t, launches=1.0)
            failed = randomness.failures(self.keys, t + self.o, k, L, share)
        else:
            failed = _law(flows.failures, p, t, launches=L)
        self.acc.failed[k] += failed
        self.traj.put("failed", k, t, failed)
        return failed

    def split(self, t: int, k: int, L: Array) -> list[Array]:
        """Launches of type ``k`` aimed at each area: expected shares, or in the stochastic
        mode successive binomial draws (a multinomial split of whole missiles)."""
        shares = [at(s, t) for s in self.chunk.missiles[k].aim]
        if not self.draw_intercepts:
            return [flows.split(L, s) for s in shares]
        return randomness.split(self.keys, t + self.o, k, L, shares)

    # ------------------------------------------------------------------ defender
    def month(self, t: int) -> None:
        aimed = self.attack(t)
        chunk = self.chunk
        K, J = len(chunk.missiles), len(chunk.interceptors)
        # this month's magazine, written where its trajectory keeps it and drawn down in place
        self.mag = [
            np.add(self.I[j], at(ic.deliveries, t), out=self.traj.row("interceptor_stock", j, t))
            for j, ic in enumerate(chunk.interceptors)
        ]
        self.cap = [
            None if self.simple[j] else np.broadcast_to(at(ic.p["fire_capacity"], t), (self.R,))
            for j, ic in enumerate(chunk.interceptors)
        ]
        self.shots = [self._shots(t, j) for j in range(J)]
        self.Q: list[Array | None] = [None] * J
        self.F: list[Array | None] = [None] * J
        self.X: list[Array | None] = [None] * J
        self.held: list[Array | None] = [None] * J
        engaged: list[Array | None] = [None] * K
        killed: list[Array | None] = [None] * K
        for a in range(self.plan.areas):
            self.area(t, a, aimed, engaged, killed)
        for k in range(K):
            self.close_missile(t, k, engaged[k], killed[k])
        for j in range(J):
            self.close_magazine(t, j)

    def _shots(self, t: int, j: int) -> tuple[Array, Array, Array]:
        """(first-look shots, expected rounds per engaged target, kill per engaged target)."""
        ic = self.chunk.interceptors[j]
        n, kill = (at(x, t) for x in self.expected[j])
        below = self.expected_below[j]
        if below is None:
            return at(ic.p["shots"], t), n, kill
        rationed = self.mag[j] < at(ic.p["low"], t)
        pick = [np.where(rationed, at(b, t), x) for b, x in zip(below, (n, kill), strict=True)]
        return (
            np.where(rationed, at(ic.p["shots_below"], t), at(ic.p["shots"], t)),
            pick[0],
            pick[1],
        )

    def area(
        self,
        t: int,
        a: int,
        aimed: list[list[Array]],
        engaged: list[Array | None],
        killed: list[Array | None],
    ) -> None:
        """Engage what is aimed at area ``a``, layer by layer; record the area's figures."""
        G = {k: aimed[k][a] for k in self.plan.aimed_at[a]}
        layers = self.plan.order[a]
        if not self.track_areas and len(layers) <= 1:  # one layer, sums only
            pairs = [(j, k) for j, ks in (layers[0] if layers else ()) for k in ks if k in G]
            for i, (j, k) in enumerate(pairs):
                if self.linear[j] and all(k != later for _, later in pairs[i + 1 :]):
                    self.fire(t, j, k, G[k])  # nobody engages what this type leaves
                    continue
                G[k], hit, x = self.engage(t, a, j, k, G[k])
                _add(engaged, k, hit)
                _add(killed, k, x)
            return
        never = dict(G)
        for layer in layers:
            pool = dict(G)
            hits: dict[int, Array] = {}
            for j, ks in layer:
                for k in ks:
                    if k in pool:
                        pool[k], _, x = self.engage(t, a, j, k, pool[k])
                        hits[k] = x if k not in hits else hits[k] + x
            for k, x in hits.items():
                never[k] = self.reached(t, a, k, never[k], G[k], G[k] - pool[k], len(layers))
                G[k] = flows.survivors(G[k], x)
        total: Array | None = None
        reached: Array | None = None
        leaked: Array | None = None
        for k, g in G.items():
            first = aimed[k][a]
            seen = first - never[k]
            total = first if total is None else total + first
            reached = seen if reached is None else reached + seen
            leaked = g if leaked is None else leaked + g
            _add(engaged, k, seen)
            _add(killed, k, first - g)
        if total is None or reached is None or leaked is None:
            total = reached = leaked = np.zeros(self.R)
        if self.undegraded[a]:  # some run's coverage has not fallen yet
            low = reached < COVERAGE_LEVEL * total - 1e-9
            if low.any():
                self.undegraded[a] = first_month(self.acc.degradation[a], low, t)
        if self.traj.keep:
            with np.errstate(divide="ignore", invalid="ignore"):
                coverage = np.where(total > 0, reached / np.where(total > 0, total, 1.0), 1.0)
            for name, values in (
                ("aimed", total),
                ("area_leakers", leaked),
                ("coverage", coverage),
            ):
                self.traj.put(name, a, t, values)

    def reached(
        self, t: int, a: int, k: int, never: Array, presented: Array, engaged: Array, layers: int
    ) -> Array:
        """Missiles never engaged before, left unengaged after a layer engaged ``engaged`` of
        the ``presented``: a layer engages survivors regardless of their history, so the
        never-engaged are engaged in proportion (binomially in the stochastic mode)."""
        if layers == 1:
            return presented - engaged
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(presented > 0, never / np.where(presented > 0, presented, 1.0), 0.0)
        if not self.draw_intercepts:
            return never - engaged * share
        hit = randomness.reached(self.keys, t + self.o, k, a, engaged, np.clip(share, 0.0, 1.0))
        hit = np.clip(hit, np.maximum(engaged - (presented - never), 0.0), never)
        return never - hit

    def engage(self, t: int, a: int, j: int, k: int, targets: Array) -> tuple[Array, Array, Array]:
        """Type ``j`` engages ``targets`` of type ``k`` at area ``a``; returns the targets it
        left unengaged, those it engaged and those it destroyed. [missiles/month]"""
        ic = self.chunk.interceptors[j]
        shots, per_target, kill = self.shots[j]
        cap = self.cap[j]
        floor = at(ic.p["floor"], t) if self.floored[j] and a != ic.primary else 0.0
        rounds = (
            self.mag[j]
            if cap is None
            else _law(
                flows.available_rounds, ic.p, t, magazine=self.mag[j], floor=floor, capacity=cap
            )
        )
        if self.draw_intercepts:
            second, pk = at(ic.p["second_shots"], t), at(ic.p["pk"], t)
            fired, hit, x, demand = ic.doctrine.draw(
                self.keys, t + self.o, j, k, a, targets, rounds, shots, second, pk
            )
        else:
            demand, fired, hit, x = flows.engage_expected(targets, rounds, per_target, kill)
        if cap is not None:
            if self.floored[j] and a != ic.primary:
                unfloored = _law(
                    flows.available_rounds, ic.p, t, magazine=self.mag[j], floor=0.0, capacity=cap
                )
                _add(self.held, j, np.maximum(np.minimum(demand, unfloored) - fired, 0.0))
            self.cap[j] = cap - fired
        _add(self.Q, j, demand)
        _add(self.F, j, fired)
        _add(self.X, j, x)
        np.subtract(self.mag[j], fired, out=self.mag[j])
        return targets - hit, hit, x

    def fire(self, t: int, j: int, k: int, targets: Array) -> None:
        """Type ``j`` fires at ``targets`` of type ``k`` with rounds per target and kill per
        target the same every month: only the rounds fired are summed here (demand
        ``n·G``, fired ``min(n·G, I)``); engaged and destroyed follow in :meth:`finish`."""
        per_target = at(self.expected[j][0], t)
        demand = per_target * targets
        fired = np.minimum(demand, self.mag[j])
        _add(self.Q, j, demand)
        _add(self.F, j, fired)
        np.subtract(self.mag[j], fired, out=self.mag[j])
        sums = self.fired_sum[j]
        sums[k] = fired if k not in sums else sums[k] + fired

    def close_missile(self, t: int, k: int, engaged: Array | None, killed: Array | None) -> None:
        """Running sums of missile type ``k`` for month ``t``."""
        acc, traj = self.acc, self.traj
        if engaged is not None:
            acc.engaged[k] += engaged
        if killed is not None:
            acc.intercepted[k] += killed
        if traj.keep:  # trajectories start zero-filled; leakers follow (results.DERIVED)
            if engaged is not None:
                traj.put("engaged", k, t, engaged)
            if killed is not None:
                traj.put("intercepted", k, t, killed)

    def close_magazine(self, t: int, j: int) -> None:
        """End-of-month magazine, shortfall and running sums of type ``j``."""
        acc, traj = self.acc, self.traj
        Q, F, X = self.Q[j], self.F[j], self.X[j]
        if Q is None or F is None:
            Q = F = np.zeros(self.R)
        self.I[j] = self.mag[j]
        acc.net_demand[j] += Q
        held = self.held[j]
        if held is not None:
            acc.held_back[j] += held
        if not (self.undepleted[j] or traj.keep):
            return  # the shortfall is needed for nothing else
        shortfall = np.subtract(Q, F, out=traj.row("interceptor_shortfall", j, t))
        if self.undepleted[j]:  # some run has not run short yet
            short = shortfall > SHORTFALL_TOLERANCE
            if short.any():
                self.undepleted[j] = first_month(acc.depletion[j], short, t)
        if traj.keep:  # trajectories start zero-filled
            traj.put("interceptors_fired", j, t, F)  # the stock was drawn down in its row
            if held is not None:
                traj.put("held_back", j, t, held)
            if X is not None:
                traj.put("intercepted", len(self.chunk.missiles) + j, t, X)

    def finish(self) -> Accumulators:
        """Final stocks, and the sums that follow from other sums."""
        acc, T, R = self.acc, self.T, self.R
        for k, S in enumerate(self.S):
            acc.final_missile_stock[k] = S
            free = self.free[k]
            if free is not None:
                acc.unmet_launches[k] = _column_sum(np.broadcast_to(free, (T, R))) - acc.launches[k]
        for j, I_ in enumerate(self.I):
            acc.final_interceptor_stock[j] = I_
            for k, fired in self.fired_sum[j].items():  # E = F / n, X = E · k (see fire)
                per_target, kill = (x[0] for x in self.expected[j])
                engaged = fired / per_target
                acc.engaged[k] += engaged
                acc.intercepted[k] += engaged * kill
            D = np.broadcast_to(self.chunk.interceptors[j].deliveries, (T, R))
            acc.net_demand[j] -= _column_sum(D)
        acc.leakers[:] = acc.launches - acc.failed - acc.intercepted
        return acc


def _column_sum(x: Array) -> Array:
    """Sum over months of a broadcast ``(T, R)`` view without expanding it. [count]"""
    if x.strides[1] == 0:  # the same in every run
        return np.full(x.shape[1], np.asarray(x[:, 0]).sum())
    if x.strides[0] == 0:  # the same every month
        return x.shape[0] * np.asarray(x[0])
    return np.asarray(x.sum(axis=0))
