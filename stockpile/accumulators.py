"""Per-run running sums kept by both solvers, and where trajectories are written.

The metrics (:mod:`stockpile.metrics`) are computed from these sums, so summary mode never
holds anything of size ``(months, runs)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from stockpile.inputs import Chunk
from stockpile.variables import AREA_VARIABLES, INTERCEPTOR_VARIABLES, MISSILE_VARIABLES

__all__ = [
    "COVERAGE_LEVEL",
    "SHORTFALL_TOLERANCE",
    "Accumulators",
    "Trajectories",
    "first_month",
    "sizes",
    "start",
]

Array = NDArray[np.float64]
#: A shortfall counts for depletion above this, to ignore float rounding. [interceptors/month]
SHORTFALL_TOLERANCE = 1e-6
#: Coverage under which an area's defence counts as degraded (``degradation_month``). [share]
COVERAGE_LEVEL = 0.5


@dataclass
class Accumulators:
    """Per-run sums the metrics are computed from. Shapes ``(items, R)``."""

    final_missile_stock: Array
    unmet_launches: Array
    launches: Array
    failed: Array  # launches that failed in flight [missiles]
    engaged: Array  # per missile type [missiles]
    intercepted: Array  # per missile type [missiles]
    leakers: Array
    net_demand: Array  # Σ (demand − deliveries) [interceptors]
    held_back: Array  # per interceptor type [interceptors]
    final_interceptor_stock: Array
    depletion: NDArray[np.int64]  # first month index of a shortfall, -1 if none, per type
    degradation: NDArray[np.int64]  # first month coverage < COVERAGE_LEVEL, -1 if none
    initial_missile_stock: Array
    initial_interceptor_stock: Array


class Trajectories:
    """Where a solver writes month-by-month values: into the given (or new) arrays
    ``(items, months, runs)`` when trajectories are kept, nowhere otherwise."""

    def __init__(
        self,
        sizes: Mapping[str, int],
        months: int,
        runs: int,
        keep: bool,
        out: Mapping[str, Array] | None,
    ) -> None:
        self.keep = keep
        self.arrays: dict[str, Array] = {}
        if keep:
            for name, size in sizes.items():
                if size == 0:
                    continue
                given = out.get(name) if out is not None else None
                self.arrays[name] = given if given is not None else np.zeros((size, months, runs))

    def row(self, name: str, item: int, t: int) -> Array | None:
        """Where ``item``'s values of month ``t`` go (``(runs,)``, to be written with
        ``out=``), or ``None`` when trajectories are not kept."""
        array = self.arrays.get(name) if self.keep else None
        return None if array is None else array[item, t]

    def put(self, name: str, item: int, t: int | slice, values: Array) -> None:
        """Write ``values`` for ``item`` at month(s) ``t`` if trajectories are kept."""
        if self.keep and name in self.arrays:
            self.arrays[name][item, t] = values


def sizes(chunk: Chunk, areas: int, production_drawn: bool) -> dict[str, int]:
    """Pass ``areas=0`` when the scenario declares none (no per-area trajectories)."""
    # number of items of every variable a solver writes (``intercepted`` per missile type
    # then per interceptor type)
    K, J = len(chunk.missiles), len(chunk.interceptors)
    out = {v: K for v in MISSILE_VARIABLES if v not in ("production", "imports", "leakers")}
    out |= {v: J for v in INTERCEPTOR_VARIABLES if v != "deliveries"}
    out |= {v: areas for v in AREA_VARIABLES}
    out["intercepted"] = K + J
    if production_drawn:
        out["production"] = K
    return out


def start(chunk: Chunk, runs: int, areas: int, stochastic: bool) -> Accumulators:
    """Zeroed running sums for a chunk of ``runs`` runs, with the initial stocks filled in
    (rounded to whole missiles and interceptors in the stochastic mode)."""
    K, J, R = len(chunk.missiles), len(chunk.interceptors), runs
    s0 = np.zeros((K, R))
    for k, m in enumerate(chunk.missiles):
        s0[k] = m.stock
    i0 = np.zeros((J, R))
    for j, ic in enumerate(chunk.interceptors):
        i0[j] = ic.stock
    if stochastic:
        s0, i0 = np.round(s0), np.round(i0)

    def zeros(n: int) -> Array:
        return np.zeros((n, R))

    return Accumulators(
        final_missile_stock=zeros(K),
        unmet_launches=zeros(K),
        launches=zeros(K),
        failed=zeros(K),
        engaged=zeros(K),
        intercepted=zeros(K),
        leakers=zeros(K),
        net_demand=zeros(J),
        held_back=zeros(J),
        final_interceptor_stock=zeros(J),
        depletion=np.full((J, R), -1, dtype=np.int64),
        degradation=np.full((areas, R), -1, dtype=np.int64),
        initial_missile_stock=s0,
        initial_interceptor_stock=i0,
    )


def first_month(months: NDArray[np.int64], hit: NDArray[np.bool_], t: int) -> bool:
    """Record month ``t`` where ``hit`` and no earlier month was recorded (-1); return
    whether some run is still unrecorded."""
    unrecorded = months < 0
    months[unrecorded & hit] = t
    return bool((unrecorded & ~hit).any())
