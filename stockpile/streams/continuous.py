"""Continuous samplers: standard normal by inversion of its CDF (``scipy.special.ndtri``) and
gamma by Marsaglia & Tsang (2000), shapes below 1 by ``Gamma(a + 1) U**(1/a)``."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtri

from stockpile.streams.elements import FINITE, Positions, at, parameter, reject, replace_where
from stockpile.streams.generator import (
    BOOST,
    F64,
    GAMMA,
    NORMAL,
    U64,
    Bools,
    StreamHash,
    stream_hash,
    substream,
    uniform_pair,
    uniforms,
)

__all__ = ["gamma", "gammas", "normals", "standard_normal"]


def normals(keys: U64, h: StreamHash) -> F64:
    """Standard normals for flat keys and stream hash ``h``: the normal quantile of a uniform."""
    u = uniforms(keys, h)
    return np.asarray(ndtri(u, out=u))


def gammas(keys: U64, h: StreamHash, a: F64) -> F64:
    """Gamma(a, 1) for shapes a > 0 (0-d or flat), by Marsaglia & Tsang (2000)."""
    boost = a < 1.0
    d = np.where(boost, a + 1.0, a) - 1.0 / 3.0

    def attempt(k: U64, ps: tuple[F64, ...], ha: StreamHash) -> tuple[F64, Bools]:
        (d,) = ps
        x, u = uniform_pair(k, ha)
        ndtri(x, out=x)
        v = x / np.sqrt(9.0 * d)
        v += 1.0
        x *= x
        ok = u < 1.0 - 0.0331 * (x * x)  # squeeze; implies v > 0
        v3 = v * v
        v3 *= v
        slow = np.flatnonzero(~(ok | (v <= 0.0)))
        if slow.size:
            ds, v3s = at(d, slow), v3[slow]
            ok[slow] = np.log(u[slow]) < 0.5 * x[slow] + ds * (1.0 - v3s + np.log(v3s))
        v3 *= d
        return v3, ok

    def boosted(pos: Positions) -> F64:  # Gamma(a + 1) U**(1/a) for a < 1
        ub = uniforms(at(keys, pos), substream(h, BOOST))
        with np.errstate(over="ignore", under="ignore"):
            factor = np.exp(np.log(ub) / at(a, pos))
        return factor * at(g, pos)

    g = reject(keys, h, (d,), attempt)
    return replace_where(boost, g, boosted)


def standard_normal(keys: ArrayLike, ctr: int) -> F64:
    """Draw standard normal deviates, by inversion: ``ndtri(u)`` of a uniform ``u``.

    Parameters
    ----------
    keys, ctr : numpy.ndarray of uint64, int
        Run keys from :func:`run_keys` and a counter in [0, 2**64).

    Returns
    -------
    numpy.ndarray of float64
        N(0, 1) deviates, shape of ``keys``; ``|z| < 8.3`` since ``u`` is in [2**-53, 1).
    """
    flat, shape, h = stream_hash(keys, ctr)
    return normals(flat, substream(h, NORMAL)).reshape(shape)


def gamma(keys: ArrayLike, ctr: int, shape: ArrayLike, scale: ArrayLike = 1.0) -> F64:
    """Draw gamma deviates (Marsaglia–Tsang); the mean is ``shape * scale``.

    Parameters
    ----------
    keys, ctr : numpy.ndarray of uint64, int
        Run keys from :func:`run_keys` and a counter in [0, 2**64).
    shape : array_like of float
        Shape, finite and >= 0 (0 gives 0).
    scale : array_like of float, default 1
        Scale, finite and >= 0, in the units of the result.

    Returns
    -------
    numpy.ndarray of float64
        Gamma(shape, scale) deviates, shape of ``keys``.
    """
    flat, kshape, h = stream_hash(keys, ctr)
    a = parameter("shape", shape, kshape, FINITE)
    s = parameter("scale", scale, kshape, FINITE)

    def positive(pos: Positions) -> F64:  # shape 0 gives 0
        return gammas(at(flat, pos), substream(h, GAMMA), at(a, pos))

    return (replace_where(a > 0, np.zeros(flat.shape), positive) * s).reshape(kshape)
