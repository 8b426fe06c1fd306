"""The month loop: pure array code, vectorised over runs.

Arrays are month-major here: a parameter is ``(T, R)`` with ``T`` in ``{1, months}`` and ``R`` in
``{1, runs}`` so that one month's slice is contiguous; outputs are ``(items, months, runs)``.
:mod:`stockpile.simulate` builds the inputs and :class:`stockpile.results.Result` turns the
outputs into ``(runs, months)`` views. Order within a month (MODEL.md): produce and import,
then launch, then engage, then attrition of what remains.

Deterministic mode computes expected flows; the stochastic mode draws integer counts from
each run's counter-based stream (:mod:`stockpile.streams`), so run ``i`` gives the same
numbers whatever the chunk it is computed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from stockpile import streams
from stockpile.policies import Law

__all__ = [
    "MISSILE_VARIABLES",
    "INTERCEPTOR_VARIABLES",
    "Accumulators",
    "InterceptorInputs",
    "MissileInputs",
    "Noise",
    "run",
]

Array = NDArray[np.float64]

#: Trajectory variables per missile type, all [missiles/month] but ``missile_stock`` [missiles].
MISSILE_VARIABLES = ("production", "imports", "launches", "unmet_launches", "missile_stock",
                     "leakers")
#: Trajectory variables per interceptor type, [interceptors/month] but ``interceptor_stock``
#: [interceptors] and ``intercepted`` [missiles/month].
INTERCEPTOR_VARIABLES = ("deliveries", "interceptors_fired", "interceptor_shortfall",
                         "intercepted", "interceptor_stock")
_STATE = ("launches", "unmet_launches", "missile_stock", "leakers", "interceptors_fired",
          "interceptor_shortfall", "intercepted", "interceptor_stock")
#: A shortfall counts for depletion above this share of demand (float rounding). [1]
SHORTFALL_TOLERANCE = 1e-9

# stream numbers for counter-based draws
_LAUNCH, _DEFENDED, _KILL, _SURVIVE, _KILL2, _PRODUCTION, _PARTIAL = 1, 2, 3, 4, 5, 6, 7


@dataclass(frozen=True)
class Noise:
    """Which counts are random in the stochastic mode."""

    launches: bool = True
    intercepts: bool = True
    production: bool = False


@dataclass
class MissileInputs:
    """Resolved inputs of one missile type for one chunk; arrays ``(T|1, R|1)``."""

    production: Array          # [missiles/month], × utilization × shocks
    imports: Array             # [missiles/month]
    stock: Array               # (R|1,) [missiles]
    open: Array                # 1 outside ceasefires, 0 inside [1]
    defended: Array            # [1]
    attrition: Array           # [1/month]
    dispersion: Array          # [1]
    law: Law
    law_params: Mapping[str, Array]
    law_needs_state: bool = True


@dataclass
class InterceptorInputs:
    """Resolved inputs of one interceptor type for one chunk; arrays ``(T|1, R|1)``."""

    deliveries: Array          # [interceptors/month], after lead time, with aid
    stock: Array               # (R|1,) [interceptors]
    shots_per_target: Array    # expected [interceptors] per engaged target
    kill: Array                # kill probability per engaged target [1]
    shots: Array               # first-look shots [1]
    second_shots: Array        # second-look shots [1]
    pk: Array                  # [1]
    shoot_look_shoot: bool
    engages: tuple[int, ...]   # missile indices


@dataclass
class Accumulators:
    """Per-run sums the metrics are computed from, kept in every mode. Shapes ``(items, R)``."""

    final_missile_stock: Array
    unmet_launches: Array
    launches: Array
    targets: Array             # launches at defended areas [missiles]
    leakers: Array
    intercepted: Array         # per interceptor type [missiles]
    net_demand: Array          # Σ (demand − deliveries) [interceptors]
    final_interceptor_stock: Array
    depletion: NDArray[np.int64]   # first month index of a shortfall, -1 if none, per type
    initial_missile_stock: Array
    initial_interceptor_stock: Array
    trajectories: dict[str, Array] = field(default_factory=dict)


def _at(x: Array, t: int) -> Array:
    return x[t] if x.shape[0] > 1 else x[0]


def _first_month(mask: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Index of the first True along axis 1, -1 where none; ``mask`` is ``(items, T, R)``."""
    first = mask.argmax(axis=1)
    return np.where(mask.any(axis=1), first, -1).astype(np.int64)


def run(
    missiles: list[MissileInputs],
    interceptors: list[InterceptorInputs],
    *,
    months: int,
    runs: int,
    keep: bool,
    noise: Noise | None = None,
    keys: NDArray[np.uint64] | None = None,
) -> Accumulators:
    """Run the month loop for one chunk of runs.

    Only the state that feeds back (reserve, magazine, launches, engagements) is computed month
    by month; every sum and derived flow is one array operation over the chunk afterwards.

    Parameters
    ----------
    missiles, interceptors : list
        Resolved inputs per item (see :class:`MissileInputs`, :class:`InterceptorInputs`).
    months, runs : int
        Horizon [months] and number of runs in this chunk.
    keep : bool
        Return trajectories ``(items, months, runs)`` in ``Accumulators.trajectories``.
    noise : Noise, optional
        Stochastic mode when given; needs ``keys``, one per run (:func:`streams.run_keys`).

    Returns
    -------
    Accumulators
    """
    K, J, R, T = len(missiles), len(interceptors), runs, months
    stochastic = noise is not None
    draw_production = noise is not None and noise.production
    draw_launches = noise is not None and noise.launches
    draw_intercepts = noise is not None and noise.intercepts
    if stochastic and keys is None:
        raise ValueError("the stochastic mode needs one key per run")
    keys_ = keys if keys is not None else np.zeros(R, dtype=np.uint64)

    s0 = np.stack([np.broadcast_to(m.stock, (R,)) for m in missiles]).astype(np.float64)
    i0 = np.array([np.broadcast_to(i.stock, (R,)) for i in interceptors], dtype=np.float64)
    i0 = i0.reshape(J, R)
    if stochastic:
        s0, i0 = np.round(s0), np.round(i0)
    # month-major chunk arrays: (items, T, R)
    W, L, S, G = (np.empty((K, T, R)) for _ in range(4))
    killed = np.zeros((K, T, R))
    F, Q, Istock, X = (np.zeros((J, T, R)) for _ in range(4))
    Pdrawn = np.empty((K, T, R)) if draw_production else None
    # intended launches that do not depend on the state, computed for all months at once
    free = [None if m.law_needs_state else
            np.broadcast_to(m.law(m.law_params, np.zeros(1), m.production) * m.open, (T, R))
            for m in missiles]
    inflow = [m.production + m.imports for m in missiles]
    losses = [bool(m.attrition.any()) for m in missiles]
    avail = np.empty(R)
    single = [len(ic.engages) == 1 for ic in interceptors]
    shared = {k: sum(k in ic.engages for ic in interceptors) > 1 for k in range(K)}

    for t in range(T):
        for k, m in enumerate(missiles):
            previous = S[k, t - 1] if t else s0[k]
            if Pdrawn is not None:
                Pdrawn[k, t] = streams.poisson(keys_, streams.counter(_PRODUCTION, t, k),
                                               _at(m.production, t))
                np.add(previous, Pdrawn[k, t], out=avail)
                avail += _at(m.imports, t)
            else:
                np.add(previous, _at(inflow[k], t), out=avail)
            if free[k] is not None:
                w = free[k][t]
            else:
                params = {n: _at(v, t) for n, v in m.law_params.items()}
                w = m.law(params, avail, _at(m.production, t)) * _at(m.open, t)
            if draw_launches:
                w = streams.negative_binomial(keys_, streams.counter(_LAUNCH, t, k), w,
                                              _at(m.dispersion, t))
            W[k, t] = w
            np.minimum(w, avail, out=L[k, t])
            np.subtract(avail, L[k, t], out=S[k, t])
            if losses[k]:
                lost = _at(m.attrition, t) * S[k, t]
                S[k, t] -= np.round(lost) if stochastic else lost
            if draw_intercepts:
                G[k, t] = streams.binomial(keys_, streams.counter(_DEFENDED, t, k), L[k, t],
                                           _at(m.defended, t))
            else:
                np.multiply(L[k, t], _at(m.defended, t), out=G[k, t])
        targets = {k: (G[k, t].copy() if shared[k] else G[k, t]) for k in range(K)}
        for j, ic in enumerate(interceptors):
            magazine = (Istock[j, t - 1] if t else i0[j]) + _at(ic.deliveries, t)
            spt = _at(ic.shots_per_target, t)
            for k in ic.engages:
                demand = spt * targets[k]
                if stochastic and ic.shoot_look_shoot:
                    fired, engaged, kills = _sls_draw(keys_, t, j, k, targets[k], magazine, ic)
                else:
                    fired = np.minimum(demand, magazine)
                    engaged = fired / spt
                    if draw_intercepts:
                        kills = _salvo_draw(keys_, t, j, k, fired, spt, ic)
                    else:
                        kills = engaged * _at(ic.kill, t)
                magazine = magazine - fired
                if shared[k]:
                    targets[k] -= engaged
                if single[j]:
                    Q[j, t], F[j, t], X[j, t] = demand, fired, kills
                else:
                    Q[j, t] += demand
                    F[j, t] += fired
                    X[j, t] += kills
                killed[k, t] += kills
            Istock[j, t] = magazine

    # everything below is one array operation over the chunk
    unmet = W - L
    leakers = L - killed
    shortfall = Q - F
    deliveries = np.stack([np.broadcast_to(ic.deliveries, (T, R)) for ic in interceptors]) \
        if J else np.zeros((0, T, R))
    acc = Accumulators(
        final_missile_stock=S[:, -1].copy(),
        unmet_launches=unmet.sum(axis=1),
        launches=L.sum(axis=1),
        targets=G.sum(axis=1),
        leakers=leakers.sum(axis=1),
        intercepted=X.sum(axis=1),
        net_demand=(Q - deliveries).sum(axis=1),
        final_interceptor_stock=Istock[:, -1].copy(),
        depletion=_first_month(shortfall > SHORTFALL_TOLERANCE * (1.0 + Q)),
        initial_missile_stock=s0,
        initial_interceptor_stock=i0,
    )
    if keep:
        acc.trajectories = {
            "launches": L, "unmet_launches": unmet, "missile_stock": S, "leakers": leakers,
            "interceptors_fired": F, "interceptor_shortfall": shortfall, "intercepted": X,
            "interceptor_stock": Istock,
        }
        if Pdrawn is not None:
            acc.trajectories["production"] = Pdrawn
    return acc


def _salvo_draw(keys: NDArray[np.uint64], t: int, j: int, k: int, fired: Array, spt: Array,
                ic: InterceptorInputs) -> Array:
    """Kills among targets engaged with ``fired`` interceptors: full salvos plus a partial one."""
    full = np.floor(fired / spt + 1e-9)
    rest = np.maximum(fired - full * spt, 0.0)
    kills = streams.binomial(keys, streams.counter(_KILL, t, j, k), full, _at(ic.kill, t))
    partial = rest > 1e-9
    if partial.any():
        p_rest = 1.0 - (1.0 - _at(ic.pk, t)) ** rest
        kills = kills + streams.binomial(keys, streams.counter(_PARTIAL, t, j, k),
                                         partial.astype(np.float64), p_rest)
    return kills


def _sls_draw(keys: NDArray[np.uint64], t: int, j: int, k: int, targets: Array, magazine: Array,
              ic: InterceptorInputs) -> tuple[Array, Array, Array]:
    """Shoot-look-shoot: engage only as many targets as the worst case can be served."""
    n1, n2, p = _at(ic.shots, t), _at(ic.second_shots, t), _at(ic.pk, t)
    engaged = np.minimum(targets, np.floor(magazine / (n1 + n2) + 1e-9))
    survivors = streams.binomial(keys, streams.counter(_SURVIVE, t, j, k), engaged,
                                 (1.0 - p) ** n1)
    second = streams.binomial(keys, streams.counter(_KILL2, t, j, k), survivors,
                              1.0 - (1.0 - p) ** n2)
    fired = n1 * engaged + n2 * survivors
    return fired, engaged, engaged - survivors + second
