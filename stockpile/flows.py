"""The model's laws, one pure vectorised function per equation (see ``docs/model.md``).

Every solver calls these: the month loop (:mod:`stockpile.engine`) one month's row at a time,
the all-months solver (:mod:`stockpile.lindley`) on whole ``(months, runs)`` arrays. Arguments
broadcast against each other; shapes below are those of one month's row, ``(R,)`` with ``R``
runs, but any common shape works. Counts are floats: expected values in the deterministic
mode, whole numbers in the stochastic mode (where :mod:`stockpile.doctrines` draws them).

Order of a month (``docs/model.md``): produce and import, launch, fail in flight, split the
working launches over the defended areas, engage area by area in priority order and, within
an area, layer by layer, then update the stocks.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "available_rounds",
    "engage_expected",
    "failures",
    "launch",
    "magazine",
    "missile_stock",
    "production",
    "shots_now",
    "split",
    "survivors",
]

Array = NDArray[np.float64]


def production(capacity: Array, utilization: Array, factor: Array) -> Array:
    """Production ``P = capacity · utilization · shock factor``.

    Parameters
    ----------
    capacity : ndarray of shape (R,)
        Production capacity. [missiles/month]
    utilization : ndarray of shape (R,)
        Share of capacity realised. [1]
    factor : ndarray of shape (R,)
        Product of the production shocks in force (1 outside shocks). [1]

    Returns
    -------
    ndarray of shape (R,)
        Production. [missiles/month]
    """
    return capacity * utilization * factor


def launch(intended: Array, available: Array, out: Array | None = None) -> Array:
    """Launches ``L = min(W, S + P + M)``: nothing is launched that does not exist.

    Parameters
    ----------
    intended : ndarray of shape (R,)
        Intended launches W from the launch policy. [missiles/month]
    available : ndarray of shape (R,)
        Reserve plus this month's production and imports, ``S + P + M``. [missiles]
    out : ndarray of shape (R,), optional
        Where to write the result (a row of the trajectories), as numpy's ``out``.

    Returns
    -------
    ndarray of shape (R,)
        Launches. [missiles/month]
    """
    return np.minimum(intended, available, out=out)


def failures(launches: Array | float, reliability: Array) -> Array:
    """Launches that fail in flight before any engagement, ``Φ = (1 − ρ) · L`` (expected).

    A failed missile has left the reserve and counts as launched, as the record counts it,
    but is aimed at no area, never engaged, not destroyed and hits nothing: the working
    launches ``L − Φ`` are split over the areas (:func:`split`) and leakers are
    ``L − Φ − X``. The share is one per missile type, acting on all its launches: imports
    that fail more often than the home production enter as the launch-weighted share.

    Parameters
    ----------
    launches : ndarray of shape (R,) or float
        ``L`` (1: the expected failures per launch, the stochastic mode's binomial
        share). [missiles/month]
    reliability : ndarray of shape (R,)
        Share of launches that work, ``ρ`` (1: none fails). [1]

    Returns
    -------
    ndarray of shape (R,)
        Failed launches. [missiles/month]
    """
    return launches * (1.0 - reliability)


def missile_stock(available: Array, launches: Array, attrition: Array) -> Array:
    """End-of-month reserve ``S' = (S + P + M − L) · (1 − attrition)``.

    Parameters
    ----------
    available : ndarray of shape (R,)
        ``S + P + M``. [missiles]
    launches : ndarray of shape (R,)
        ``L``. [missiles/month]
    attrition : ndarray of shape (R,)
        Share of what remains lost this month (strikes on depots). [1/month]

    Returns
    -------
    ndarray of shape (R,)
        Reserve at the end of the month. [missiles]
    """
    left = available - launches
    return left - attrition * left


def split(launches: Array, aim: Array) -> Array:
    """Launches aimed at one defended area, ``aim_a · (L − Φ)`` (the expected split).

    Parameters
    ----------
    launches : ndarray of shape (R,)
        Working launches ``L − Φ`` (:func:`failures`). [missiles/month]
    aim : ndarray of shape (R,)
        Share of launches aimed at the area; shares over areas sum to at most 1, the rest
        fly at undefended targets. [1]

    Returns
    -------
    ndarray of shape (R,)
        Missiles aimed at the area. [missiles/month]
    """
    return launches * aim


def shots_now(magazine: Array, shots: Array, shots_below: Array, low: Array) -> Array:
    """Magazine-dependent doctrine: ``shots`` per target while the magazine holds at least
    ``low``, ``shots_below`` under it (rationing: one round instead of two).

    Parameters
    ----------
    magazine : ndarray of shape (R,)
        Stock plus this month's deliveries, ``I + D``. [interceptors]
    shots, shots_below : ndarray of shape (R,)
        Shots per target above and below the threshold. [interceptors/target]
    low : ndarray of shape (R,)
        Threshold; 0 never rations. [interceptors]

    Returns
    -------
    ndarray of shape (R,)
        Shots per target this month. [interceptors/target]
    """
    return np.where(magazine >= low, shots, shots_below)


def available_rounds(magazine: Array, floor: Array | float, capacity: Array) -> Array:
    """Rounds a type can fire at one area: ``min(max(magazine − floor, 0), capacity)``.

    Parameters
    ----------
    magazine : ndarray of shape (R,)
        Rounds left in the magazine this month. [interceptors]
    floor : ndarray of shape (R,)
        Rounds kept back for the type's first-priority area (0 when serving that area).
        [interceptors]
    capacity : ndarray of shape (R,)
        Rounds the type's launchers can still fire this month (``inf`` if unlimited).
        [interceptors]

    Returns
    -------
    ndarray of shape (R,)
        Rounds available. [interceptors]
    """
    return np.minimum(np.maximum(magazine - floor, 0.0), capacity)


def engage_expected(
    targets: Array, rounds: Array, per_target: Array, kill: Array
) -> tuple[Array, Array, Array, Array]:
    """Expected engagement of ``targets`` with ``rounds``: demand ``Q = n·G``,
    ``F = min(Q, A)``, ``E = F / n``, ``X = E · k``.

    Parameters
    ----------
    targets : ndarray of shape (R,)
        Targets presented, ``G``. [missiles/month]
    rounds : ndarray of shape (R,)
        Rounds available, ``A``. [interceptors]
    per_target : ndarray of shape (R,)
        Expected interceptors fired per engaged target, ``n`` (the doctrine's). [interceptors]
    kill : ndarray of shape (R,)
        Kill probability per engaged target, ``k`` (``1 − (1 − pk)^n`` for a salvo). [1]

    Returns
    -------
    demand, fired, engaged, intercepted : ndarray of shape (R,)
        Interceptors the doctrine asks for and fired [interceptors/month], targets engaged
        and targets destroyed [missiles/month].
    """
    demand = per_target * targets
    fired = np.minimum(demand, rounds)
    engaged = fired / per_target
    return demand, fired, engaged, engaged * kill


def magazine(stock: Array, deliveries: Array, fired: Array) -> Array:
    """End-of-month magazine ``I' = I + D − F``.

    Parameters
    ----------
    stock : ndarray of shape (R,)
        Magazine at the end of the previous month, ``I``. [interceptors]
    deliveries : ndarray of shape (R,)
        ``D``. [interceptors/month]
    fired : ndarray of shape (R,)
        ``F``. [interceptors/month]

    Returns
    -------
    ndarray of shape (R,)
        Magazine at the end of the month. [interceptors]
    """
    return stock + deliveries - fired


def survivors(targets: Array, intercepted: Array) -> Array:
    """Targets a higher layer faces: those presented to a layer minus those it destroyed
    (the unengaged plus the engaged and missed).

    Parameters
    ----------
    targets : ndarray of shape (R,)
        Targets presented to the layer. [missiles/month]
    intercepted : ndarray of shape (R,)
        Destroyed by the layer. [missiles/month]

    Returns
    -------
    ndarray of shape (R,)
        Survivors. [missiles/month]
    """
    return targets - intercepted
