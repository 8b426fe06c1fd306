"""The month loop without a loop: stock recursions solved over all months at once.

With a launch policy that does not look at the reserve, ``S(t) = max(S(t-1) + x(t), 0)``
with ``x = P + M − W``: a stock that builds up and is floored at zero, like a queue. Its
solution is the reflected cumulative sum (Lindley's recursion)::

    C(t) = S(0) + Σ_{s<=t} x(s)
    S(t) = C(t) − min(0, min_{s<=t} C(s))

and the interceptor magazine ``I(t) = max(I(t-1) + D(t) − Q(t), 0)`` is the same recursion
with demand ``Q``. Everything else is the laws of :mod:`stockpile.flows` applied to whole
``(months, runs)`` arrays. It applies (:func:`applies`) to one defended area and one layer,
policies without feedback from the reserve, no attrition, interceptors limited by their
magazine alone (no floor, rationing or fire capacity) and doctrines whose drawn rounds equal
the expected ones; :func:`stockpile.engine.run` uses it for small chunks, where it is faster.
Both solvers give the same numbers (a property test checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from stockpile import flows, randomness
from stockpile.accumulators import (
    COVERAGE_LEVEL,
    SHORTFALL_TOLERANCE,
    Accumulators,
    Trajectories,
    sizes,
    start,
)
from stockpile.inputs import Chunk, Noise, at, at_defaults
from stockpile.scenario import Missile

if TYPE_CHECKING:
    from stockpile.engine import Plan

__all__ = ["IMPLEMENTS", "applies", "reflected_cumsum", "run"]

Array = NDArray[np.float64]
Keys = NDArray[np.uint64]


#: Inert missile parameters (:func:`stockpile.params.declared`) this solver implements; any
#: other one away from its default (``attrition``, or one added later) sends a chunk to the
#: month loop.
IMPLEMENTS = frozenset({"reliability"})


def applies(chunk: Chunk, plan: Plan, noise: Noise | None) -> bool:
    """Whether the recursions can be solved over all months at once."""
    return (
        plan.areas == 1
        and not plan.layered
        and all(
            not m.law_needs_state and at_defaults(m.p, Missile, IMPLEMENTS) for m in chunk.missiles
        )
        and all(ic.simple for ic in chunk.interceptors)
        and (noise is None or all(ic.doctrine.fires_expected for ic in chunk.interceptors))
    )


def reflected_cumsum(start: Array, increments: Array) -> Array:
    """Solve ``s(t) = max(s(t-1) + increments(t), 0)``, ``s(-1) = start``, over axis 0.

    Parameters
    ----------
    start : ndarray of shape (R,)
        Stock before the first month. [count]
    increments : ndarray of shape (T, R)
        Net inflow each month. [count/month]

    Returns
    -------
    ndarray of shape (T, R)
        End-of-month stocks, never negative. [count]
    """
    total = np.cumsum(increments, axis=0)
    total += start
    floor = np.minimum.accumulate(total, axis=0)
    np.minimum(floor, 0.0, out=floor)
    total -= floor
    return total


def _full(x: Array, T: int, R: int) -> Array:
    """``x`` spread to a new ``(T, R)`` array (cheaper than ``np.broadcast_to`` for the small
    chunks this solver gets)."""
    out = np.empty((T, R))
    out[...] = x
    return out


def _monthly(draw: Callable[[int], Array], T: int) -> Array:
    return np.stack([draw(t) for t in range(T)])


def _previous(start: Array, stock: Array) -> Array:
    """Stocks at the start of each month. [count]"""
    return np.concatenate([start[None, :], stock[:-1]])


def run(
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
    """Same contract as :func:`stockpile.engine.run`, for chunks where :func:`applies`."""
    T, R = months, runs
    keys_ = keys if keys is not None else np.zeros(R, dtype=np.uint64)
    drawn = noise is not None and noise.production
    acc = start(chunk, R, 1, noise is not None)
    traj = Trajectories(sizes(chunk, 1 if plan.declared else 0, drawn), T, R, keep, out)
    targets = [_attack(chunk, k, acc, traj, T, R, noise, keys_) for k in range(len(chunk.missiles))]
    aimed = [np.array(g) for g in targets]
    killed = [np.zeros((T, R)) for _ in chunk.missiles]
    for j in range(len(chunk.interceptors)):
        _defend(chunk, j, targets, killed, acc, traj, T, R, noise, keys_)
    _areas(chunk, aimed, targets, killed, acc, traj)
    return acc


def _attack(
    chunk: Chunk,
    k: int,
    acc: Accumulators,
    traj: Trajectories,
    T: int,
    R: int,
    noise: Noise | None,
    keys: Keys,
) -> Array:
    """Missile type ``k`` for all months; returns its launches aimed at the defended area."""
    m, o = chunk.missiles[k], chunk.draw_offset  # month t reads the counters of t + o
    P = m.production
    if noise is not None and noise.production:
        P = _monthly(lambda t: randomness.production(keys, t + o, k, at(m.production, t)), T)
        traj.put("production", k, slice(None), P)
    inflow = _full(P + m.imports, T, R)
    W = _full(m.law(m.law_params, np.zeros(1), m.production) * m.open, T, R)
    if noise is not None and noise.launches:
        W = _monthly(
            lambda t: randomness.launches(keys, t + o, k, W[t], at(m.p["dispersion"], t)), T
        )
    S = reflected_cumsum(acc.initial_missile_stock[k], inflow - W)
    L = flows.launch(W, _previous(acc.initial_missile_stock[k], S) + inflow)
    working = L
    reliability = m.p["reliability"]
    if (reliability < 1).any():
        share = flows.failures(1.0, reliability)  # expected failures per launch [1]
        if noise is not None and noise.intercepts:
            failed = _monthly(lambda t: randomness.failures(keys, t + o, k, L[t], at(share, t)), T)
        else:
            failed = _full(flows.failures(L, reliability), T, R)
        acc.failed[k] = failed.sum(axis=0)
        traj.put("failed", k, slice(None), failed)
        working = L - failed
    if noise is not None and noise.intercepts:
        G = _monthly(
            lambda t: randomness.split(keys, t + o, k, working[t], [at(m.aim[0], t)])[0], T
        )
    else:
        G = np.array(flows.split(working, m.aim[0]), dtype=np.float64)
    acc.final_missile_stock[k] = S[-1]
    acc.launches[k] = L.sum(axis=0)
    acc.unmet_launches[k] = (W - L).sum(axis=0)
    for name, values in (("launches", L), ("unmet_launches", W - L), ("missile_stock", S)):
        traj.put(name, k, slice(None), values)
    return _full(G, T, R)


def _defend(
    chunk: Chunk,
    j: int,
    targets: list[Array],
    killed: list[Array],
    acc: Accumulators,
    traj: Trajectories,
    T: int,
    R: int,
    noise: Noise | None,
    keys: Keys,
) -> None:
    """Interceptor type ``j`` for all months: its magazine recursion, then its engagements of
    the targets the types before it left unengaged (``targets`` is updated)."""
    ic = chunk.interceptors[j]
    per_target, kill = ic.doctrine.expected(ic.p["shots"], ic.p["second_shots"], ic.p["pk"])
    demands = [per_target * targets[k] for k in ic.engages]
    Q = _full(sum(demands[1:], demands[0]), T, R) if demands else np.zeros((T, R))
    D = ic.deliveries
    stock = reflected_cumsum(acc.initial_interceptor_stock[j], D - Q)
    remaining = _previous(acc.initial_interceptor_stock[j], stock) + D
    F, X = np.zeros((T, R)), np.zeros((T, R))
    for k in ic.engages:
        if noise is not None and noise.intercepts:
            drawn = [
                ic.doctrine.draw(
                    keys,
                    t + chunk.draw_offset,
                    j,
                    k,
                    0,
                    targets[k][t],
                    remaining[t],
                    at(ic.p["shots"], t),
                    at(ic.p["second_shots"], t),
                    at(ic.p["pk"], t),
                )[:3]
                for t in range(T)
            ]
            fired, hit, x = (np.stack(v) for v in zip(*drawn, strict=True))
        else:
            _, fired, hit, x = flows.engage_expected(targets[k], remaining, per_target, kill)
        remaining = remaining - fired
        targets[k] = targets[k] - hit
        killed[k] += x
        F += fired
        X += x
    shortfall = Q - F
    depleted = shortfall > SHORTFALL_TOLERANCE
    acc.depletion[j] = np.where(depleted.any(axis=0), depleted.argmax(axis=0), -1)
    acc.final_interceptor_stock[j] = stock[-1]
    acc.net_demand[j] = (Q - D).sum(axis=0)
    for name, values in (
        ("interceptors_fired", F),
        ("interceptor_shortfall", shortfall),
        ("interceptor_stock", stock),
    ):  # held_back stays zero: no floor here
        traj.put(name, j, slice(None), values)
    traj.put("intercepted", len(chunk.missiles) + j, slice(None), X)


def _areas(
    chunk: Chunk,
    aimed: list[Array],
    unengaged: list[Array],
    killed: list[Array],
    acc: Accumulators,
    traj: Trajectories,
) -> None:
    """Per missile type and for the one area: engaged, destroyed, leakers, coverage."""
    total = np.zeros_like(aimed[0])
    reached = np.zeros_like(aimed[0])
    for k in range(len(chunk.missiles)):
        engaged = aimed[k] - unengaged[k]
        total += aimed[k]
        reached += engaged
        acc.engaged[k] = engaged.sum(axis=0)
        acc.intercepted[k] = killed[k].sum(axis=0)
        acc.leakers[k] = acc.launches[k] - acc.failed[k] - acc.intercepted[k]
        traj.put("engaged", k, slice(None), engaged)
        traj.put("intercepted", k, slice(None), killed[k])  # leakers follow (results.DERIVED)
    leaked = total - np.sum(killed, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(total > 0, reached / np.where(total > 0, total, 1.0), 1.0)
    low = coverage < COVERAGE_LEVEL - 1e-12
    acc.degradation[0] = np.where(low.any(axis=0), low.argmax(axis=0), -1)
    for name, values in (("aimed", total), ("area_leakers", leaked), ("coverage", coverage)):
        traj.put(name, 0, slice(None), values)
