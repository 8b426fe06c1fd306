"""The stochastic mode's draws of the attacker's counts, shared by both solvers.

Each draw reads the run's counter-based stream (:mod:`stockpile.streams`) at a site named by
its stream number, month and item, so run ``i`` draws the same numbers whatever solver, chunk
or process computes it. Engagement draws belong to the doctrines
(:mod:`stockpile.doctrines`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from stockpile import streams

__all__ = ["failures", "launches", "production", "reached", "split"]

Array = NDArray[np.float64]
Keys = NDArray[np.uint64]
#: Stream numbers (the doctrines use 3, 4, 5 and 7).
LAUNCH, AIM, PRODUCTION, FAILURE, REACHED = 1, 2, 6, 8, 9


def production(keys: Keys, t: int, k: int, mean: Array) -> Array:
    """Poisson production of type ``k`` in month ``t``. [missiles/month]"""
    return streams.poisson(keys, streams.counter(PRODUCTION, t, k), mean)


def launches(keys: Keys, t: int, k: int, intended: Array, dispersion: Array) -> Array:
    """Negative-binomial intended launches with mean ``intended`` (Poisson for an infinite
    ``dispersion``). [missiles/month]"""
    return streams.negative_binomial(keys, streams.counter(LAUNCH, t, k), intended, dispersion)


def failures(keys: Keys, t: int, k: int, launched: Array, share: Array) -> Array:
    """Whole launches of type ``k`` that fail in flight: a binomial draw, each launch failing
    with probability ``share`` (the expected failures per launch, :func:`stockpile.flows.failures`
    of one launch; a stream of its own, so the other draws are the same whatever the share).
    [missiles/month]"""
    p = np.clip(share, 0.0, 1.0)
    return streams.binomial(keys, streams.counter(FAILURE, t, k), launched, p)


def split(keys: Keys, t: int, k: int, launched: Array, shares: Sequence[Array]) -> list[Array]:
    """Whole launches of type ``k`` aimed at each area: successive binomial draws, i.e. a
    multinomial split with the given shares; the rest fly at undefended targets.
    [missiles/month]"""
    out: list[Array] = []
    remaining, left = launched, np.ones(1)
    for a, share in enumerate(shares):
        p = np.clip(share / np.maximum(left, 1e-12), 0.0, 1.0)
        n = streams.binomial(keys, streams.counter(AIM, t, k, a), remaining, p)
        out.append(n)
        if a + 1 < len(shares):  # what the next areas share
            remaining, left = remaining - n, left - share
    return out


def reached(keys: Keys, t: int, k: int, a: int, engaged: Array, share: Array) -> Array:
    """How many of ``engaged`` targets had never been engaged before, each one with
    probability ``share``. [missiles/month]"""
    return streams.binomial(keys, streams.counter(REACHED, t, k, a), engaged, share)
