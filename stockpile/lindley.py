"""The month loop without a loop: stock recursions solved over all months at once.

With a launch policy that does not look at the reserve, ``S(t) = max(S(t-1) + x(t), 0)``
with ``x = P + M − W``: a stock that builds up and is floored at zero, like a queue. Its
solution is the reflected cumulative sum (Lindley's recursion)::

    C(t) = S(0) + Σ_{s<=t} x(s)
    S(t) = C(t) − min(0, min_{s<=t} C(s))

and the interceptor magazine ``I(t) = max(I(t-1) + D(t) − Q(t), 0)`` is the same recursion
with demand ``Q``. Launches, fired interceptors and everything downstream follow month by
month as array operations over ``(months, runs)``. This is what :func:`stockpile.engine.run`
uses whenever it applies (:func:`applies`): policies without feedback from the reserve, no
attrition, and no stochastic shoot-look-shoot; otherwise the month loop runs. Both give the
same numbers (tests check it), this one with a few dozen array operations instead of a few
dozen per month.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from stockpile import streams
from stockpile.inputs import (
    DEFENDED,
    LAUNCH,
    MISSILE_VARIABLES,
    PRODUCTION,
    SHORTFALL_TOLERANCE,
    Accumulators,
    InterceptorInputs,
    MissileInputs,
    Noise,
    at,
    salvo_draw,
    start,
)

__all__ = ["applies", "reflected_cumsum", "run"]

Array = NDArray[np.float64]


def applies(
    missiles: list[MissileInputs], interceptors: list[InterceptorInputs], noise: Noise | None
) -> bool:
    """Whether the recursions can be solved over all months at once."""
    return all(not m.law_needs_state and not m.attrition.any() for m in missiles) and not (
        noise is not None and any(i.shoot_look_shoot for i in interceptors)
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
    return np.broadcast_to(x, (T, R))


def _monthly(draw: object, T: int) -> Array:
    return np.stack([draw(t) for t in range(T)])  # type: ignore[operator]


def run(
    missiles: list[MissileInputs],
    interceptors: list[InterceptorInputs],
    *,
    months: int,
    runs: int,
    keep: bool,
    noise: Noise | None = None,
    keys: NDArray[np.uint64] | None = None,
    out: Mapping[str, Array] | None = None,
) -> Accumulators:
    """Same contract as :func:`stockpile.engine.run`, for cases where :func:`applies`."""
    K, J, R, T = len(missiles), len(interceptors), runs, months
    keys_ = keys if keys is not None else np.zeros(R, dtype=np.uint64)
    stochastic = noise is not None
    acc = start(missiles, interceptors, R, stochastic)
    s0, i0 = acc.initial_missile_stock, acc.initial_interceptor_stock
    traj = acc.trajectories

    def store(name: str, index: int, values: Array) -> None:
        if keep:
            if out is not None and name in out:
                out[name][index] = values
                traj[name] = out[name]
            else:
                size = K if name in MISSILE_VARIABLES else J
                traj.setdefault(name, np.empty((size, T, R)))[index] = values

    targets: list[Array] = []
    launched: list[Array] = []
    for k, m in enumerate(missiles):
        P = m.production
        if noise is not None and noise.production:
            P = _monthly(
                lambda t, m=m, k=k: streams.poisson(
                    keys_, streams.counter(PRODUCTION, t, k), at(m.production, t)
                ),
                T,
            )
            store("production", k, P)
        inflow = _full(P + m.imports, T, R)
        W = _full(m.law(m.law_params, np.zeros(1), m.production) * m.open, T, R)
        if noise is not None and noise.launches:
            W = _monthly(
                lambda t, W=W, m=m, k=k: streams.negative_binomial(
                    keys_, streams.counter(LAUNCH, t, k), W[t], at(m.dispersion, t)
                ),
                T,
            )
        S = reflected_cumsum(s0[k], inflow - W)
        previous = np.concatenate([s0[k][None, :], S[:-1]])
        L = np.minimum(W, previous + inflow)
        if noise is not None and noise.intercepts:
            G = _monthly(
                lambda t, L=L, m=m, k=k: streams.binomial(
                    keys_, streams.counter(DEFENDED, t, k), L[t], at(m.defended, t)
                ),
                T,
            )
        else:
            G = L * m.defended
        unmet = W - L
        acc.final_missile_stock[k] = S[-1]
        acc.launches[k] = L.sum(axis=0)
        acc.unmet_launches[k] = unmet.sum(axis=0)
        acc.targets[k] = G.sum(axis=0)
        store("launches", k, L)
        store("unmet_launches", k, unmet)
        store("missile_stock", k, S)
        targets.append(np.array(G, dtype=np.float64))
        launched.append(L)

    killed = [np.zeros((T, R)) for _ in range(K)]
    for j, ic in enumerate(interceptors):
        spt = _full(ic.shots_per_target, T, R)
        demands = [spt * targets[k] for k in ic.engages]
        Q = np.sum(demands, axis=0) if demands else np.zeros((T, R))
        D = _full(ic.deliveries, T, R)
        stock = reflected_cumsum(i0[j], D - Q)
        magazine = np.concatenate([i0[j][None, :], stock[:-1]]) + D
        F_total = np.minimum(Q, magazine)
        X = np.zeros((T, R))
        remaining = magazine
        for k, demand in zip(ic.engages, demands, strict=True):
            fired = np.minimum(demand, remaining)
            remaining = remaining - fired
            engaged = fired / spt
            if noise is not None and noise.intercepts:
                kills = _monthly(
                    lambda t, fired=fired, k=k, j=j, spt=spt, ic=ic: salvo_draw(
                        keys_, t, j, k, fired[t], at(spt, t), ic
                    ),
                    T,
                )
            else:
                kills = engaged * ic.kill
            targets[k] = targets[k] - engaged
            killed[k] += kills
            X += kills
        shortfall = Q - F_total
        depleted = shortfall > SHORTFALL_TOLERANCE
        acc.depletion[j] = np.where(depleted.any(axis=0), depleted.argmax(axis=0), -1)
        acc.final_interceptor_stock[j] = stock[-1]
        acc.intercepted[j] = X.sum(axis=0)
        acc.net_demand[j] = (Q - D).sum(axis=0)
        store("interceptors_fired", j, F_total)
        store("interceptor_shortfall", j, shortfall)
        store("intercepted", j, X)
        store("interceptor_stock", j, stock)
    for k in range(K):
        leakers = launched[k] - killed[k]
        acc.leakers[k] = leakers.sum(axis=0)
        store("leakers", k, leakers)
    return acc
