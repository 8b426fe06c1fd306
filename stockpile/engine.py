"""The month loop: pure array code, vectorised over runs.

Arrays are month-major here: a parameter is ``(T, R)`` with ``T`` in ``{1, months}`` and ``R`` in
``{1, runs}`` so that one month's slice is contiguous; outputs are ``(items, months, runs)``.
:mod:`stockpile.simulate` builds the inputs and :class:`stockpile.results.Result` turns the
outputs into ``(runs, months)`` views. Order within a month (docs/model.md): produce and import,
then launch, then engage, then attrition of what remains.

Deterministic mode computes expected flows; the stochastic mode draws integer counts from
each run's counter-based stream (:mod:`stockpile.streams`), so run ``i`` gives the same
numbers whatever the chunk it is computed in.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from stockpile import lindley, streams
from stockpile.inputs import (
    _STATE,
    DEFENDED,
    INTERCEPTOR_VARIABLES,
    KILL2,
    LAUNCH,
    MISSILE_VARIABLES,
    PRODUCTION,
    SHORTFALL_TOLERANCE,
    SURVIVE,
    Accumulators,
    InterceptorInputs,
    MissileInputs,
    Noise,
    salvo_draw,
    start,
)
from stockpile.inputs import at as _at

Array = NDArray[np.float64]

__all__ = [
    "INTERCEPTOR_VARIABLES",
    "MISSILE_VARIABLES",
    "Accumulators",
    "InterceptorInputs",
    "MissileInputs",
    "Noise",
    "run",
]


#: Chunks up to this many runs use :mod:`stockpile.lindley` where it applies: solving all
#: months at once beats the month loop while Python overhead, not memory traffic, dominates.
LINDLEY_MAX_RUNS = 128


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
    """Run the month loop for one chunk of runs.

    Every array operation works on one month's row of ``runs`` values, which stays in cache;
    the sums the metrics need are kept as running totals, so summary mode writes nothing of
    size ``(months, runs)``.

    Parameters
    ----------
    missiles, interceptors : list
        Resolved inputs per item (see :class:`MissileInputs`, :class:`InterceptorInputs`).
    months, runs : int
        Horizon [months] and number of runs in this chunk.
    keep : bool
        Keep trajectories ``(items, months, runs)`` in ``Accumulators.trajectories``.
    noise : Noise, optional
        Stochastic mode when given; needs ``keys``, one per run (:func:`streams.run_keys`).
    out : mapping of str to ndarray of shape (items, months, runs), optional
        Where to write the trajectories (e.g. views into the ensemble's arrays); allocated
        when ``keep`` and not given.

    Returns
    -------
    Accumulators
    """
    if runs <= LINDLEY_MAX_RUNS and lindley.applies(missiles, interceptors, noise):
        return lindley.run(
            missiles,
            interceptors,
            months=months,
            runs=runs,
            keep=keep,
            noise=noise,
            keys=keys,
            out=out,
        )
    return run_loop(
        missiles, interceptors, months=months, runs=runs, keep=keep, noise=noise, keys=keys, out=out
    )


def run_loop(
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
    """The month loop: the general solver, for every policy, attrition and doctrine.

    Same parameters and result as :func:`run`. Each operation works on one month's row of
    ``runs`` values, which stays in cache; sums that follow from other sums (unmet launches
    of a fixed plan, targets at a fixed defended share, kills at a fixed kill probability)
    are formed once after the loop.
    """
    K, J, R, T = len(missiles), len(interceptors), runs, months
    stochastic = noise is not None
    draw_production = noise is not None and noise.production
    draw_launches = noise is not None and noise.launches
    draw_intercepts = noise is not None and noise.intercepts
    if stochastic and keys is None:
        raise ValueError("the stochastic mode needs one key per run")
    keys_ = keys if keys is not None else np.zeros(R, dtype=np.uint64)

    acc = start(missiles, interceptors, R, stochastic)
    s0, i0 = acc.initial_missile_stock, acc.initial_interceptor_stock
    traj: dict[str, Array] = {}
    if keep:
        for name in _STATE + (("production",) if draw_production else ()):
            n = K if name in MISSILE_VARIABLES else J
            traj[name] = out[name] if out is not None and name in out else np.empty((n, T, R))
    # without trajectories, rows live in small buffers: two alternating ones for the stocks
    buffers = {name: np.empty((2, K if name in MISSILE_VARIABLES else J, R)) for name in _STATE}
    buffers["production"] = np.empty((2, K, R))
    buffers["demand"] = np.empty((2, J, R))

    def row(name: str, i: int, t: int) -> Array:
        return traj[name][i, t] if name in traj else buffers[name][t % 2, i]

    free = [
        None
        if m.law_needs_state
        else np.broadcast_to(m.law(m.law_params, np.zeros(1), m.production) * m.open, (T, R))
        for m in missiles
    ]
    inflow = [m.production + m.imports for m in missiles]
    losses = [bool(m.attrition.any()) for m in missiles]
    engaged_by = [[j for j, ic in enumerate(interceptors) if k in ic.engages] for k in range(K)]
    # fast path: an interceptor engaging one missile type that no other interceptor engages
    alone = [
        len(ic.engages) == 1 and len(engaged_by[ic.engages[0]]) == 1 and not draw_intercepts
        for ic in interceptors
    ]
    demand_per_launch = [
        ic.shots_per_target * missiles[ic.engages[0]].defended if alone[j] else None
        for j, ic in enumerate(interceptors)
    ]
    kill_per_shot = [ic.kill / ic.shots_per_target for ic in interceptors]
    # sums formed after the loop where a factor is the same every month
    unmet_after = [free[k] is not None and not draw_launches for k in range(K)]
    targets_after = [not draw_intercepts and m.defended.shape[0] == 1 for m in missiles]
    kills_after = [alone[j] and kill_per_shot[j].shape[0] == 1 for j in range(J)]

    acc.trajectories = traj
    fired_sum = np.zeros((J, R))
    killed_sum = np.zeros((K, R))
    depleted = np.zeros((J, R), dtype=bool)
    months_depleted = np.zeros((J, R))
    short_now = np.empty(R, dtype=bool)
    avail, magazine, targets = np.empty(R), np.empty(R), np.empty((K, R))
    killed = np.empty((K, R))
    S_prev: list[Array] = list(s0)
    I_prev: list[Array] = list(i0)

    for t in range(T):
        S_row = [row("missile_stock", k, t) for k in range(K)]
        L_row = [row("launches", k, t) for k in range(K)]
        for k, m in enumerate(missiles):
            if draw_production:
                P = row("production", k, t)
                P[:] = streams.poisson(
                    keys_, streams.counter(PRODUCTION, t, k), _at(m.production, t)
                )
                np.add(S_prev[k], P, out=avail)
                avail += _at(m.imports, t)
            else:
                np.add(S_prev[k], _at(inflow[k], t), out=avail)
            free_k = free[k]
            if free_k is not None:
                w = free_k[t]
            else:
                params = {n: _at(v, t) for n, v in m.law_params.items()}
                w = m.law(params, avail, _at(m.production, t)) * _at(m.open, t)
            if draw_launches:
                w = streams.negative_binomial(
                    keys_, streams.counter(LAUNCH, t, k), w, _at(m.dispersion, t)
                )
            np.minimum(w, avail, out=L_row[k])
            np.subtract(avail, L_row[k], out=S_row[k])
            if losses[k]:
                lost = _at(m.attrition, t) * S_row[k]
                S_row[k] -= np.round(lost) if stochastic else lost
            acc.launches[k] += L_row[k]
            if keep or not unmet_after[k]:
                unmet = row("unmet_launches", k, t)
                np.subtract(w, L_row[k], out=unmet)
                if not unmet_after[k]:
                    acc.unmet_launches[k] += unmet
            if draw_intercepts:
                targets[k] = streams.binomial(
                    keys_, streams.counter(DEFENDED, t, k), L_row[k], _at(m.defended, t)
                )
            elif engaged_by[k] and not all(alone[j] for j in engaged_by[k]):
                np.multiply(L_row[k], _at(m.defended, t), out=targets[k])
            if not targets_after[k]:
                acc.targets[k] += targets[k]
        if keep or not all(kills_after):
            killed[:] = 0.0
        for j, ic in enumerate(interceptors):
            np.add(I_prev[j], _at(ic.deliveries, t), out=magazine)
            Q, F = row("demand", j, t), row("interceptors_fired", j, t)
            I_row = row("interceptor_stock", j, t)
            dpl = demand_per_launch[j]
            if dpl is not None:  # one target type, expected flows
                k = ic.engages[0]
                np.multiply(L_row[k], _at(dpl, t), out=Q)
                np.minimum(Q, magazine, out=F)
                np.subtract(magazine, F, out=I_row)
                fired_sum[j] += F
                if keep or not kills_after[j]:
                    X = row("intercepted", j, t)
                    np.multiply(F, _at(kill_per_shot[j], t), out=X)
                    killed[k] += X
                    acc.intercepted[j] += X
            else:
                X = row("intercepted", j, t)
                Q[:], F[:], X[:] = 0.0, 0.0, 0.0
                spt = _at(ic.shots_per_target, t)
                for k in ic.engages:
                    if stochastic and ic.shoot_look_shoot:
                        fired, engaged, kills = _sls_draw(keys_, t, j, k, targets[k], magazine, ic)
                        # engaged targets drew what they drew; the rest lack expected shots
                        Q += fired + spt * (targets[k] - engaged)
                    else:
                        Q += spt * targets[k]
                        fired = np.minimum(spt * targets[k], magazine)
                        engaged = fired / spt
                        kills = (
                            salvo_draw(keys_, t, j, k, fired, spt, ic)
                            if draw_intercepts
                            else engaged * _at(ic.kill, t)
                        )
                    F += fired
                    X += kills
                    magazine -= fired
                    targets[k] -= engaged
                    killed[k] += kills
                I_row[:] = magazine
                fired_sum[j] += F
                acc.intercepted[j] += X
            short = row("interceptor_shortfall", j, t)
            np.subtract(Q, F, out=short)
            np.greater(short, SHORTFALL_TOLERANCE, out=short_now)
            depleted[j] |= short_now
            months_depleted[j] += depleted[j]
            acc.net_demand[j] += Q
        if keep or not all(kills_after):
            killed_sum += killed
        if keep:
            for k in range(K):
                np.subtract(L_row[k], killed[k], out=row("leakers", k, t))
        S_prev = S_row
        I_prev = [row("interceptor_stock", j, t) for j in range(J)]

    # sums that follow from other sums
    for k, m in enumerate(missiles):
        free_k = free[k]
        if unmet_after[k] and free_k is not None:
            acc.unmet_launches[k] = _column_sum(free_k) - acc.launches[k]
        if targets_after[k]:
            acc.targets[k] = m.defended[0] * acc.launches[k]
    for j, ic in enumerate(interceptors):
        if kills_after[j] and not keep:
            acc.intercepted[j] = kill_per_shot[j][0] * fired_sum[j]
            killed_sum[ic.engages[0]] += acc.intercepted[j]
        acc.net_demand[j] -= _column_sum(np.broadcast_to(ic.deliveries, (T, R)))
    acc.leakers[:] = acc.launches - killed_sum
    acc.final_missile_stock[:] = np.array(S_prev).reshape(K, R)
    acc.final_interceptor_stock[:] = np.array(I_prev).reshape(J, R)
    acc.depletion[:] = np.where(depleted, T - months_depleted, -1)
    return acc


def _column_sum(x: Array) -> Array:
    """Sum over months of a broadcast ``(T, R)`` view without expanding it. [count]"""
    if x.strides[1] == 0:  # the same in every run
        return np.full(x.shape[1], np.asarray(x[:, 0]).sum())
    if x.strides[0] == 0:  # the same every month
        return x.shape[0] * np.asarray(x[0])
    return np.asarray(x.sum(axis=0))


def _sls_draw(
    keys: NDArray[np.uint64],
    t: int,
    j: int,
    k: int,
    targets: Array,
    magazine: Array,
    ic: InterceptorInputs,
) -> tuple[Array, Array, Array]:
    """Shoot-look-shoot: engage only as many targets as the worst case can be served."""
    n1, n2, p = _at(ic.shots, t), _at(ic.second_shots, t), _at(ic.pk, t)
    engaged = np.minimum(targets, np.floor(magazine / (n1 + n2) + 1e-9))
    survivors = streams.binomial(keys, streams.counter(SURVIVE, t, j, k), engaged, (1.0 - p) ** n1)
    second = streams.binomial(
        keys, streams.counter(KILL2, t, j, k), survivors, 1.0 - (1.0 - p) ** n2
    )
    fired = n1 * engaged + n2 * survivors
    return fired, engaged, engaged - survivors + second
