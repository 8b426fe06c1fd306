"""Interception doctrines, a registry that dispatches itself.

A doctrine says how many interceptors an engaged target draws and how likely it is destroyed,
in expectation (:attr:`Doctrine.expected`, used by the deterministic mode and for demand) and
as whole counts drawn from each run's stream (:attr:`Doctrine.draw`, the stochastic mode).

==================== =========================================== ===============================
name                 interceptors per engaged target             kill probability per target
==================== =========================================== ===============================
``salvo``            ``n``                                       ``1 − (1 − pk)^n``
``shoot-look-shoot`` ``n1 + (1 − pk)^n1 · n2``                   ``1 − (1 − pk)^(n1 + n2)``
==================== =========================================== ===============================

Rationing (``shots_below`` under ``low``), the reserve floor and the fire capacity act on the
shots and on the rounds available (:mod:`stockpile.flows`) and so compose with either doctrine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from stockpile import streams
from stockpile.errors import StockpileError

__all__ = ["DOCTRINES", "Doctrine", "check_doctrine"]

Array = NDArray[np.float64]
Keys = NDArray[np.uint64]
#: Stream numbers of the stochastic engagement draws.
KILL, PARTIAL, SURVIVE, KILL2 = 3, 7, 4, 5


def site(stream: int, t: int, j: int, k: int, area: int) -> int:
    """Counter of one engagement draw: month ``t``, interceptor ``j``, missile ``k``, area."""
    return streams.counter(stream, t, (j << 8) | k, area)


@dataclass(frozen=True)
class Doctrine:
    """A registry entry.

    Attributes
    ----------
    expected : callable
        ``expected(shots, second_shots, pk) -> (per_target, kill)``: expected interceptors
        fired per engaged target [interceptors] and kill probability per engaged target [1].
    draw : callable
        ``draw(keys, t, j, k, area, targets, rounds, shots, second_shots, pk)
        -> (fired, engaged, intercepted, demand)``, whole counts [interceptors/month,
        missiles/month, missiles/month, interceptors/month].
    """

    expected: Callable[[Array, Array, Array], tuple[Array, Array]]
    draw: Callable[..., tuple[Array, Array, Array, Array]]
    #: Whether drawn rounds fired equal the expected ``min(demand, rounds)`` (so the magazine
    #: follows the deterministic recursion and can be solved for all months at once).
    fires_expected: bool = True


def _salvo_expected(n: Array, n2: Array, p: Array) -> tuple[Array, Array]:
    return n, 1.0 - (1.0 - p) ** n


def _sls_expected(n: Array, n2: Array, p: Array) -> tuple[Array, Array]:
    return n + (1.0 - p) ** n * n2, 1.0 - (1.0 - p) ** (n + n2)


def _salvo_draw(
    keys: Keys,
    t: int,
    j: int,
    k: int,
    area: int,
    targets: Array,
    rounds: Array,
    n: Array,
    n2: Array,
    p: Array,
) -> tuple[Array, Array, Array, Array]:
    """Full salvos at as many targets as the rounds allow, then one partial salvo with the
    whole rounds left: every engaged target is a whole missile."""
    full = rounds / n
    full += 1e-9
    np.floor(full, out=full)
    full = np.minimum(targets, full, out=full if full.shape == np.shape(targets) else None)
    kills = streams.binomial(keys, site(KILL, t, j, k, area), full, 1.0 - (1.0 - p) ** n)
    fired = n * full
    runs, rest = _partial_salvos(full < targets, rounds, fired)
    if runs.size:
        p_rest = 1.0 - (1.0 - _at(p, runs)) ** rest
        kills[runs] += streams.binomial(keys[runs], site(PARTIAL, t, j, k, area), 1.0, p_rest)
        fired[runs] += rest
        full[runs] += 1.0  # engaged: the partial salvo's target too
    return fired, full, kills, n * targets


def _partial_salvos(
    short: NDArray[np.bool_], rounds: Array, fired: Array
) -> tuple[NDArray[np.intp], Array]:
    """The runs short of rounds for full salvos that have whole rounds left, ``floor(rounds −
    fired + 1e-9) >= 1``, and those rounds. Looks at the short runs only when they are few
    (each run's draws depend on its own counts only, so subsets draw the same)."""
    count = np.count_nonzero(short)
    if count > short.size // 4:  # many: whole arrays cost less than gathering
        left = rounds - fired
        left += 1e-9
        short &= left >= 1.0
        runs = np.flatnonzero(short)
        left = _at(left, runs)
    else:
        runs = np.flatnonzero(short)
        left = _at(rounds, runs) - fired[runs]
        left += 1e-9
        has = left >= 1.0
        runs, left = runs[has], left[has]
    finite = np.isfinite(left)
    if not finite.all():
        runs, left = runs[finite], left[finite]
    return runs, np.floor(left, out=left)


def _at(x: Array, runs: NDArray[np.intp]) -> Array:
    """``x`` at the positions ``runs``, or ``x`` itself where it holds one value for all."""
    return x if np.size(x) == 1 else x[runs]


def _sls_draw(
    keys: Keys,
    t: int,
    j: int,
    k: int,
    area: int,
    targets: Array,
    rounds: Array,
    n: Array,
    n2: Array,
    p: Array,
) -> tuple[Array, Array, Array, Array]:
    """Engage only as many targets as the worst case (``n1 + n2`` each) can be served."""
    engaged = np.minimum(targets, np.floor(rounds / (n + n2) + 1e-9))
    alive = streams.binomial(keys, site(SURVIVE, t, j, k, area), engaged, (1.0 - p) ** n)
    second = streams.binomial(keys, site(KILL2, t, j, k, area), alive, 1.0 - (1.0 - p) ** n2)
    fired = n * engaged + n2 * alive
    per_target = n + (1.0 - p) ** n * n2
    demand = fired + per_target * (targets - engaged)  # the unengaged lack expected shots
    return fired, engaged, engaged - alive + second, demand


#: Doctrine registry. ``salvo``: ``shots`` fired at every target at once.
#: ``shoot-look-shoot``: ``shots`` first, then ``second_shots`` at targets that survived.
DOCTRINES: dict[str, Doctrine] = {
    "salvo": Doctrine(_salvo_expected, _salvo_draw),
    "shoot-look-shoot": Doctrine(_sls_expected, _sls_draw, fires_expected=False),
}


def check_doctrine(name: str, parameter: str) -> None:
    """Raise if ``name`` is not a registered doctrine, listing the valid ones."""
    if name not in DOCTRINES:
        raise StockpileError(
            f"The '{parameter}' parameter must be one of {sorted(DOCTRINES)}. Got {name!r} instead."
        )
