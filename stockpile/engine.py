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

    Returns
    -------
    Accumulators
    """
    K, J, R, T = len(missiles), len(interceptors), runs, months
    traj: dict[str, Array] = {}
    if keep:
        for name in _STATE:
            n = K if name in MISSILE_VARIABLES else J
            traj[name] = np.empty((n, T, R))
    zeros = np.zeros((K, R))
    acc = Accumulators(
        final_missile_stock=zeros.copy(), unmet_launches=zeros.copy(), launches=zeros.copy(),
        targets=zeros.copy(), leakers=zeros.copy(), intercepted=np.zeros((J, R)),
        net_demand=np.zeros((J, R)), final_interceptor_stock=np.zeros((J, R)),
        depletion=np.full((J, R), -1, dtype=np.int64), trajectories=traj,
        initial_missile_stock=zeros.copy(), initial_interceptor_stock=np.zeros((J, R)),
    )
    stochastic = noise is not None
    S = [np.broadcast_to(m.stock, (R,)).astype(np.float64) for m in missiles]
    Istock = [np.broadcast_to(i.stock, (R,)).astype(np.float64) for i in interceptors]
    if noise is not None:
        assert keys is not None, "the stochastic mode needs one key per run"
        S = [np.round(s) for s in S]
        Istock = [np.round(s) for s in Istock]
        if keep and noise.production:
            traj["production"] = np.empty((K, T, R))
    for k in range(K):
        acc.initial_missile_stock[k] = S[k]
    for j in range(J):
        acc.initial_interceptor_stock[j] = Istock[j]
    L = np.empty((K, R))
    G = np.empty((K, R))
    killed = np.empty((K, R))
    avail = np.empty(R)
    for t in range(T):
        for k, m in enumerate(missiles):
            P = _at(m.production, t)
            if stochastic and noise.production:
                P = streams.poisson(keys, streams.counter(_PRODUCTION, t, k), P)
                if keep:
                    traj["production"][k, t] = P
            np.add(S[k], P, out=avail)
            avail += _at(m.imports, t)
            W = m.law({n: _at(v, t) for n, v in m.law_params.items()}, avail, P) * _at(m.open, t)
            if stochastic and noise.launches:
                W = streams.negative_binomial(keys, streams.counter(_LAUNCH, t, k), W,
                                              _at(m.dispersion, t))
            np.minimum(W, avail, out=L[k])
            acc.unmet_launches[k] += W - L[k]
            acc.launches[k] += L[k]
            np.subtract(avail, L[k], out=S[k])
            attrition = _at(m.attrition, t)
            if attrition.any():
                lost = attrition * S[k]
                S[k] -= np.round(lost) if stochastic else lost
            defended = _at(m.defended, t)
            if stochastic and noise.intercepts:
                G[k] = streams.binomial(keys, streams.counter(_DEFENDED, t, k), L[k], defended)
            else:
                np.multiply(L[k], defended, out=G[k])
            acc.targets[k] += G[k]
            if keep:
                traj["launches"][k, t] = L[k]
                traj["unmet_launches"][k, t] = W - L[k]
                traj["missile_stock"][k, t] = S[k]
        killed[:] = 0.0
        for j, ic in enumerate(interceptors):
            D = _at(ic.deliveries, t)
            magazine = Istock[j] + D
            demand = np.zeros(R)
            fired = np.zeros(R)
            kills = np.zeros(R)
            for k in ic.engages:
                spt = _at(ic.shots_per_target, t)
                Q = spt * G[k]
                if stochastic and ic.shoot_look_shoot:
                    F, E, K_ = _sls_draw(keys, t, j, k, G[k], magazine, ic)
                else:
                    F = np.minimum(Q, magazine)
                    E = F / spt
                    if stochastic and noise.intercepts:
                        K_ = _salvo_draw(keys, t, j, k, F, spt, ic)
                    else:
                        K_ = E * _at(ic.kill, t)
                magazine = magazine - F
                G[k] = G[k] - E
                killed[k] += K_
                demand += Q
                fired += F
                kills += K_
            short = demand - fired
            Istock[j] = magazine
            acc.intercepted[j] += kills
            acc.net_demand[j] += demand - D
            newly = (short > SHORTFALL_TOLERANCE * (1.0 + demand)) & (acc.depletion[j] < 0)
            acc.depletion[j][newly] = t
            if keep:
                traj["interceptors_fired"][j, t] = fired
                traj["interceptor_shortfall"][j, t] = short
                traj["intercepted"][j, t] = kills
                traj["interceptor_stock"][j, t] = magazine
        leak = L - killed
        acc.leakers += leak
        if keep:
            traj["leakers"][:, t] = leak
    for k in range(K):
        acc.final_missile_stock[k] = S[k]
    for j in range(J):
        acc.final_interceptor_stock[j] = Istock[j]
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
