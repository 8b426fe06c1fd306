"""What the month loop takes and gives: resolved inputs, running sums, random-count draws.

Shared by the two solvers of the model, :mod:`stockpile.engine` (month by month) and
:mod:`stockpile.lindley` (all months at once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from stockpile import streams
from stockpile.policies import Law

Array = NDArray[np.float64]

#: Trajectory variables per missile type, all [missiles/month] but ``missile_stock`` [missiles].
MISSILE_VARIABLES = (
    "production",
    "imports",
    "launches",
    "unmet_launches",
    "missile_stock",
    "leakers",
)
#: Trajectory variables per interceptor type, [interceptors/month] but ``interceptor_stock``
#: [interceptors] and ``intercepted`` [missiles/month].
INTERCEPTOR_VARIABLES = (
    "deliveries",
    "interceptors_fired",
    "interceptor_shortfall",
    "intercepted",
    "interceptor_stock",
)
_STATE = (
    "launches",
    "unmet_launches",
    "missile_stock",
    "leakers",
    "interceptors_fired",
    "interceptor_shortfall",
    "intercepted",
    "interceptor_stock",
)
#: A shortfall counts for depletion above this, to ignore float rounding. [interceptors/month]
SHORTFALL_TOLERANCE = 1e-6

# stream numbers for counter-based draws
LAUNCH, DEFENDED, KILL, SURVIVE, KILL2, PRODUCTION, PARTIAL = 1, 2, 3, 4, 5, 6, 7


@dataclass(frozen=True)
class Noise:
    """Which counts are random in the stochastic mode."""

    launches: bool = True
    intercepts: bool = True
    production: bool = False


@dataclass
class MissileInputs:
    """Resolved inputs of one missile type for one chunk; arrays ``(T|1, R|1)``."""

    production: Array  # [missiles/month], × utilization × shocks
    imports: Array  # [missiles/month]
    stock: Array  # (R|1,) [missiles]
    open: Array  # 1 outside ceasefires, 0 inside [1]
    defended: Array  # [1]
    attrition: Array  # [1/month]
    dispersion: Array  # [1]
    law: Law
    law_params: Mapping[str, Array]
    law_needs_state: bool = True


@dataclass
class InterceptorInputs:
    """Resolved inputs of one interceptor type for one chunk; arrays ``(T|1, R|1)``."""

    deliveries: Array  # [interceptors/month], after lead time, with aid
    stock: Array  # (R|1,) [interceptors]
    shots_per_target: Array  # expected [interceptors] per engaged target
    kill: Array  # kill probability per engaged target [1]
    shots: Array  # first-look shots [1]
    second_shots: Array  # second-look shots [1]
    pk: Array  # [1]
    shoot_look_shoot: bool
    engages: tuple[int, ...]  # missile indices


@dataclass
class Accumulators:
    """Per-run sums the metrics are computed from, kept in every mode. Shapes ``(items, R)``."""

    final_missile_stock: Array
    unmet_launches: Array
    launches: Array
    targets: Array  # launches at defended areas [missiles]
    leakers: Array
    intercepted: Array  # per interceptor type [missiles]
    net_demand: Array  # Σ (demand − deliveries) [interceptors]
    final_interceptor_stock: Array
    depletion: NDArray[np.int64]  # first month index of a shortfall, -1 if none, per type
    initial_missile_stock: Array
    initial_interceptor_stock: Array
    trajectories: dict[str, Array] = field(default_factory=dict)


def at(x: Array, t: int) -> Array:
    """Month ``t`` of a month-major ``(T|1, R|1)`` array."""
    return x[t] if x.shape[0] > 1 else x[0]


def salvo_draw(
    keys: NDArray[np.uint64],
    t: int,
    j: int,
    k: int,
    fired: Array,
    spt: Array,
    ic: InterceptorInputs,
) -> Array:
    """Kills among targets engaged with ``fired`` interceptors: full salvos plus a partial one."""
    full = np.floor(fired / spt + 1e-9)
    rest = np.maximum(fired - full * spt, 0.0)
    kills = streams.binomial(keys, streams.counter(KILL, t, j, k), full, at(ic.kill, t))
    partial = rest > 1e-9
    if partial.any():
        p_rest = 1.0 - (1.0 - at(ic.pk, t)) ** rest
        kills = kills + streams.binomial(
            keys, streams.counter(PARTIAL, t, j, k), partial.astype(np.float64), p_rest
        )
    return kills


def start(
    missiles: list[MissileInputs],
    interceptors: list[InterceptorInputs],
    runs: int,
    stochastic: bool,
) -> Accumulators:
    """Zeroed running sums for a chunk of ``runs`` runs, with the initial stocks filled in
    (rounded to whole missiles and interceptors in the stochastic mode)."""
    K, J, R = len(missiles), len(interceptors), runs
    s0 = np.stack([np.broadcast_to(m.stock, (R,)) for m in missiles]).astype(np.float64)
    i0 = np.zeros((J, R))
    for j, ic in enumerate(interceptors):
        i0[j] = ic.stock
    if stochastic:
        s0, i0 = np.round(s0), np.round(i0)
    return Accumulators(
        final_missile_stock=np.zeros((K, R)),
        unmet_launches=np.zeros((K, R)),
        launches=np.zeros((K, R)),
        targets=np.zeros((K, R)),
        leakers=np.zeros((K, R)),
        intercepted=np.zeros((J, R)),
        net_demand=np.zeros((J, R)),
        final_interceptor_stock=np.zeros((J, R)),
        depletion=np.zeros((J, R), dtype=np.int64),
        initial_missile_stock=s0,
        initial_interceptor_stock=i0,
    )
