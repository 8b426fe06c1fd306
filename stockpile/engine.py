"""The month loop, vectorised over runs: the general solver.

Each month follows the order of ``docs/model.md``: produce and import, launch, split the
launches over the defended areas, engage area by area in priority order and, within an area,
layer by layer (types of a layer in list order, each serving what it can before the next),
then update the stocks. Every equation is a law of :mod:`stockpile.flows` (or a doctrine's
draw, :mod:`stockpile.doctrines`, in the stochastic mode); this module only orders them and
keeps the sums. :func:`run` hands small chunks without feedback to :mod:`stockpile.lindley`,
which solves the same laws for all months at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
from stockpile.inputs import Chunk, InterceptorInputs, Noise, at

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

    @classmethod
    def of(cls, chunk: Chunk, areas: int) -> Plan:
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
        return cls(areas, order, aimed_at)

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

    Returns
    -------
    Accumulators
    """
    plan = Plan.of(chunk, areas)
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
        self.noise = noise
        self.keys = keys if keys is not None else np.zeros(runs, dtype=np.uint64)
        drawn = noise is not None and noise.production
        self.acc = start(chunk, runs, plan.areas, noise is not None)
        self.traj = Trajectories(sizes(chunk, plan.areas, drawn), months, runs, keep, out)
        self.S = list(self.acc.initial_missile_stock)
        self.I = list(self.acc.initial_interceptor_stock)
        draw_launches = noise is not None and noise.launches
        # intended launches of policies that do not look at the reserve, for all months at once
        self.free = [
            None
            if m.law_needs_state or draw_launches
            else m.law(m.law_params, np.zeros(1), m.production) * m.open
            for m in chunk.missiles
        ]
        self.launched: list[Array] = []
        self.expected = [
            ic.doctrine.expected(ic.shots, ic.second_shots, ic.pk) for ic in chunk.interceptors
        ]
        self.expected_below = [
            ic.doctrine.expected(ic.shots_below, ic.second_shots, ic.pk) if ic.rations else None
            for ic in chunk.interceptors
        ]

    # ------------------------------------------------------------------ attacker
    def attack(self, t: int) -> list[list[Array]]:
        """Produce, import, launch and update the reserve; return launches aimed at each area
        per missile type, ``aimed[k][a]``. [missiles/month]"""
        noise, keys, acc = self.noise, self.keys, self.acc
        aimed = []
        self.launched = []
        for k, m in enumerate(self.chunk.missiles):
            P = at(m.production, t)
            if noise is not None and noise.production:
                P = randomness.production(keys, t, k, P)
                self.traj.put("production", k, t, P)
            available = self.S[k] + P + at(m.imports, t)
            free = self.free[k]
            if free is not None:
                W = np.broadcast_to(at(free, t), (self.R,))
            else:
                params = {n: at(v, t) for n, v in m.law_params.items()}
                W = m.law(params, available, at(m.production, t)) * at(m.open, t)
                if noise is not None and noise.launches:
                    W = randomness.launches(keys, t, k, W, at(m.dispersion, t))
            L = flows.launch(W, available)
            S = flows.missile_stock(available, L, at(m.attrition, t))
            if noise is not None:  # whole missiles lost to attrition
                S = available - L - np.round(available - L - S)
            self.S[k] = S
            self.launched.append(L)
            acc.launches[k] += L
            acc.unmet_launches[k] += W - L
            for name, values in (("launches", L), ("unmet_launches", W - L), ("missile_stock", S)):
                self.traj.put(name, k, t, values)
            aimed.append(self.split(t, k, L))
        return aimed

    def split(self, t: int, k: int, L: Array) -> list[Array]:
        """Launches of type ``k`` aimed at each area: expected shares, or in the stochastic
        mode successive binomial draws (a multinomial split of whole missiles)."""
        shares = [at(s, t) for s in self.chunk.missiles[k].aim]
        if self.noise is None or not self.noise.intercepts:
            return [flows.split(L, s) for s in shares]
        return randomness.split(self.keys, t, k, L, shares)

    # ------------------------------------------------------------------ defender
    def month(self, t: int) -> None:
        aimed = self.attack(t)
        chunk, acc = self.chunk, self.acc
        K, J = len(chunk.missiles), len(chunk.interceptors)
        self.mag = [self.I[j] + at(ic.deliveries, t) for j, ic in enumerate(chunk.interceptors)]
        self.cap = [np.broadcast_to(at(ic.capacity, t), (self.R,)) for ic in chunk.interceptors]
        self.shots = [self._shots(t, j) for j in range(J)]
        self.Q = [np.zeros(self.R) for _ in range(J)]
        self.F = [np.zeros(self.R) for _ in range(J)]
        self.X = [np.zeros(self.R) for _ in range(J)]
        self.held = [np.zeros(self.R) for _ in range(J)]
        engaged = [np.zeros(self.R) for _ in range(K)]
        killed = [np.zeros(self.R) for _ in range(K)]
        for a in range(self.plan.areas):
            self.area(t, a, aimed, engaged, killed)
        for k in range(K):
            L = self.launched[k]
            acc.engaged[k] += engaged[k]
            acc.intercepted[k] += killed[k]
            acc.leakers[k] += L - killed[k]
            self.traj.put("engaged", k, t, engaged[k])
            self.traj.put("intercepted", k, t, killed[k])
            self.traj.put("leakers", k, t, L - killed[k])
        for j, ic in enumerate(chunk.interceptors):
            self.close_magazine(t, j, ic, K)

    def _shots(self, t: int, j: int) -> tuple[Array, Array, Array]:
        """(first-look shots, expected rounds per engaged target, kill per engaged target)."""
        ic = self.chunk.interceptors[j]
        n, kill = (at(x, t) for x in self.expected[j])
        below = self.expected_below[j]
        if below is None:
            return at(ic.shots, t), n, kill
        rationed = self.mag[j] < at(ic.low, t)
        pick = [np.where(rationed, at(b, t), x) for b, x in zip(below, (n, kill), strict=True)]
        return np.where(rationed, at(ic.shots_below, t), at(ic.shots, t)), pick[0], pick[1]

    def area(
        self, t: int, a: int, aimed: list[list[Array]], engaged: list[Array], killed: list[Array]
    ) -> None:
        """Engage what is aimed at area ``a``, layer by layer; record the area's figures."""
        G = {k: aimed[k][a] for k in self.plan.aimed_at[a]}
        never = dict(G)
        for layer in self.plan.order[a]:
            pool = dict(G)
            hits = {k: np.zeros(self.R) for k in G}
            for j, ks in layer:
                for k in ks:
                    if k in pool:
                        pool[k], x = self.engage(t, a, j, k, pool[k])
                        hits[k] = hits[k] + x
            for k in G:
                never[k] = self.reached(t, a, k, never[k], G[k], G[k] - pool[k])
                G[k] = flows.survivors(G[k], hits[k])
        total = np.zeros(self.R)
        reached = np.zeros(self.R)
        leaked = np.zeros(self.R)
        for k in G:
            total += aimed[k][a]
            reached += aimed[k][a] - never[k]
            leaked += G[k]
            engaged[k] += aimed[k][a] - never[k]
            killed[k] += aimed[k][a] - G[k]
        with np.errstate(divide="ignore", invalid="ignore"):
            coverage = np.where(total > 0, reached / np.where(total > 0, total, 1.0), 1.0)
        self.acc.aimed[a] += total
        self.acc.area_leakers[a] += leaked
        first_month(self.acc.degradation[a], coverage < COVERAGE_LEVEL - 1e-12, t)
        for name, values in (("aimed", total), ("area_leakers", leaked), ("coverage", coverage)):
            self.traj.put(name, a, t, values)

    def reached(
        self, t: int, a: int, k: int, never: Array, presented: Array, engaged: Array
    ) -> Array:
        """Missiles never engaged before, left unengaged after a layer engaged ``engaged`` of
        the ``presented``: a layer engages survivors regardless of their history, so the
        never-engaged are engaged in proportion (binomially in the stochastic mode)."""
        if len(self.plan.order[a]) == 1:
            return presented - engaged
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(presented > 0, never / np.where(presented > 0, presented, 1.0), 0.0)
        if self.noise is None or not self.noise.intercepts:
            return never - engaged * share
        hit = randomness.reached(self.keys, t, k, a, engaged, np.clip(share, 0.0, 1.0))
        hit = np.clip(hit, np.maximum(engaged - (presented - never), 0.0), never)
        return never - hit

    def engage(self, t: int, a: int, j: int, k: int, targets: Array) -> tuple[Array, Array]:
        """Type ``j`` engages ``targets`` of type ``k`` at area ``a``; returns the targets it
        left unengaged and those it destroyed. [missiles/month]"""
        ic = self.chunk.interceptors[j]
        shots, per_target, kill = self.shots[j]
        floor = at(ic.floor, t) if a != ic.primary else 0.0
        if ic.simple:
            rounds = self.mag[j]
        else:
            rounds = flows.available_rounds(self.mag[j], floor, self.cap[j])
        if self.noise is not None and self.noise.intercepts:
            second, pk = at(ic.second_shots, t), at(ic.pk, t)
            fired, hit, x, demand = ic.doctrine.draw(
                self.keys, t, j, k, a, targets, rounds, shots, second, pk
            )
        else:
            fired, hit, x = flows.engage_expected(targets, rounds, per_target, kill)
            demand = per_target * targets
        if not ic.simple and a != ic.primary and (np.asarray(floor) > 0).any():
            unfloored = flows.available_rounds(self.mag[j], 0.0, self.cap[j])
            self.held[j] += np.maximum(np.minimum(demand, unfloored) - fired, 0.0)
        self.Q[j] += demand
        self.F[j] += fired
        self.X[j] += x
        self.mag[j] = self.mag[j] - fired
        if not ic.simple:
            self.cap[j] = self.cap[j] - fired
        return targets - hit, x

    def close_magazine(self, t: int, j: int, ic: InterceptorInputs, K: int) -> None:
        """End-of-month magazine, shortfall and running sums of type ``j``."""
        acc = self.acc
        self.I[j] = self.mag[j]
        shortfall = self.Q[j] - self.F[j]
        first_month(acc.depletion[j], shortfall > SHORTFALL_TOLERANCE, t)
        acc.fired[j] += self.F[j]
        acc.kills[j] += self.X[j]
        acc.held_back[j] += self.held[j]
        acc.net_demand[j] += self.Q[j] - at(ic.deliveries, t)
        for name, values in (
            ("interceptors_fired", self.F[j]),
            ("interceptor_shortfall", shortfall),
            ("interceptor_stock", self.I[j]),
            ("held_back", self.held[j]),
        ):
            self.traj.put(name, j, t, values)
        self.traj.put("intercepted", K + j, t, self.X[j])

    def finish(self) -> Accumulators:
        acc = self.acc
        for k, S in enumerate(self.S):
            acc.final_missile_stock[k] = S
        for j, I_ in enumerate(self.I):
            acc.final_interceptor_stock[j] = I_
        return acc
