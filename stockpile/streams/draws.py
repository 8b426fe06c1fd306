"""The public samplers: check the arguments, pick the sampler's sub-stream, draw on flat keys
and give the draws the keys' shape. Conventions in :mod:`stockpile.streams`."""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from stockpile.errors import invalid
from stockpile.streams import _continuous, _discrete
from stockpile.streams._hashing import (
    BIN,
    F64,
    GAMMA,
    GOLDEN,
    MASK,
    NB_GAMMA,
    NB_POIS,
    NORMAL,
    U64,
    Bools,
    child,
    mix_int,
    unif,
)
from stockpile.streams._subsets import Idx, at, update

__all__ = ["binomial", "gamma", "negative_binomial", "poisson", "standard_normal", "uniform"]


def _prepare(keys: ArrayLike, ctr: int) -> tuple[U64, tuple[int, ...], int]:
    """Flat keys, their shape and the stream hash of ``ctr``, validated."""
    k = np.asarray(keys)
    if k.dtype != np.uint64:
        raise invalid("keys", "a uint64 array from run_keys", f"an array of dtype {k.dtype}")
    try:
        c = operator.index(ctr)
    except TypeError:
        raise invalid("ctr", "an integer in [0, 2**64)", ctr) from None
    if not 0 <= c <= MASK:
        raise invalid("ctr", "an integer in [0, 2**64)", ctr)
    return k.reshape(-1), k.shape, mix_int(mix_int(c ^ 0x5851F42D4C957F2D) + GOLDEN)


_FINITE = "finite and >= 0", lambda x: (x >= 0) & np.isfinite(x)
_POSITIVE = "> 0 (inf for Poisson)", lambda x: x > 0
_COUNT = "a non-negative integer", lambda x: (x >= 0) & np.isfinite(x) & (x == np.floor(x))
_PROB = "a probability in [0, 1]", lambda x: (x >= 0) & (x <= 1)


def _param(
    name: str, value: ArrayLike, shape: tuple[int, ...], expected: str, ok: Callable[[F64], Bools]
) -> F64:
    """Validated float64 parameter: 0-d if it has one value, else flat, broadcast to ``shape``.

    An array of equal values becomes 0-d too: the samplers give the same draws either way, but
    scalar parameters take cheaper paths (constants computed once, tabulated inversion).
    """
    arr = np.asarray(value, dtype=np.float64)
    out: F64
    if arr.size == 1 and arr.ndim <= len(shape):
        out = arr.reshape(())
    else:
        try:
            out = np.ascontiguousarray(np.broadcast_to(arr, shape)).reshape(-1)
        except ValueError:
            raise invalid(name, f"broadcastable to the keys' shape {shape}", arr.shape) from None
    bad = ~ok(out)
    if bad.any():
        raise invalid(name, expected, float(out.flat[np.flatnonzero(bad)[0]]))
    return out[0].reshape(()) if out.size > 1 and (out == out[0]).all() else out


def uniform(keys: ArrayLike, ctr: int) -> F64:
    """Draw uniforms in the open interval (0, 1): odd multiples of 2**-53.

    Parameters
    ----------
    keys, ctr : numpy.ndarray of uint64, int
        Run keys from :func:`run_keys` and a counter in [0, 2**64).

    Returns
    -------
    numpy.ndarray of float64
        Shape of ``keys``.
    """
    flat, shape, h = _prepare(keys, ctr)
    return unif(flat, h).reshape(shape)


def standard_normal(keys: ArrayLike, ctr: int) -> F64:
    """Draw standard normal deviates (ziggurat).

    Parameters
    ----------
    keys, ctr : numpy.ndarray of uint64, int
        Run keys from :func:`run_keys` and a counter in [0, 2**64).

    Returns
    -------
    numpy.ndarray of float64
        N(0, 1) deviates, shape of ``keys``.
    """
    flat, shape, h = _prepare(keys, ctr)
    return _continuous.normal(flat, child(h, NORMAL)).reshape(shape)


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
    flat, kshape, h = _prepare(keys, ctr)
    a = _param("shape", shape, kshape, *_FINITE)
    s = _param("scale", scale, kshape, *_FINITE)

    def positive(pos: Idx) -> F64:  # shape 0 gives 0
        return _continuous.gamma(at(flat, pos), child(h, GAMMA), at(a, pos))

    return (update(a > 0, np.zeros(flat.shape), positive) * s).reshape(kshape)


def poisson(keys: ArrayLike, ctr: int, lam: ArrayLike) -> F64:
    """Draw Poisson counts.

    Parameters
    ----------
    keys, ctr : numpy.ndarray of uint64, int
        Run keys from :func:`run_keys` and a counter in [0, 2**64).
    lam : array_like of float
        Mean, finite and >= 0 (0 gives 0).

    Returns
    -------
    numpy.ndarray of float64
        Integer-valued counts, shape of ``keys``.
    """
    flat, shape, h = _prepare(keys, ctr)
    return _discrete.poisson(flat, h, _param("lam", lam, shape, *_FINITE)).reshape(shape)


def negative_binomial(keys: ArrayLike, ctr: int, mean: ArrayLike, dispersion: ArrayLike) -> F64:
    """Draw negative binomial counts by mean and dispersion (gamma–Poisson mixture).

    Parameters
    ----------
    keys, ctr : numpy.ndarray of uint64, int
        Run keys from :func:`run_keys` and a counter in [0, 2**64).
    mean : array_like of float
        Mean m, finite and >= 0 (0 gives 0 exactly).
    dispersion : array_like of float
        Size k > 0: the variance is ``m + m**2 / k``; ``inf`` gives Poisson(m).

    Returns
    -------
    numpy.ndarray of float64
        Integer-valued counts, shape of ``keys``.
    """
    flat, shape, h = _prepare(keys, ctr)
    m = _param("mean", mean, shape, *_FINITE)
    disp = _param("dispersion", dispersion, shape, *_POSITIVE)

    def mixed(pos: Idx) -> F64:  # Poisson means: Gamma(k, m / k)
        kd = at(disp, pos)
        return _continuous.gamma(at(flat, pos), child(h, NB_GAMMA), kd) * (at(m, pos) / kd)

    lam = update(np.isfinite(disp) & (m > 0), m, mixed)
    return _discrete.poisson(flat, child(h, NB_POIS), lam).reshape(shape)


def binomial(keys: ArrayLike, ctr: int, n: ArrayLike, p: ArrayLike) -> F64:
    """Draw binomial counts.

    Parameters
    ----------
    keys, ctr : numpy.ndarray of uint64, int
        Run keys from :func:`run_keys` and a counter in [0, 2**64).
    n : array_like
        Number of trials: finite, non-negative and integer-valued (floats allowed).
    p : array_like of float
        Success probability in [0, 1]; 0 gives 0 and 1 gives ``n`` exactly.

    Returns
    -------
    numpy.ndarray of float64
        Integer-valued counts in [0, n], shape of ``keys``.
    """
    flat, shape, h = _prepare(keys, ctr)
    nn = _param("n", n, shape, *_COUNT)
    pp = _param("p", p, shape, *_PROB)
    if not flat.size:
        return np.zeros(shape)
    flip = pp > 0.5
    x = _discrete.binomial(flat, child(h, BIN), nn, np.where(flip, 1.0 - pp, pp))
    return np.where(flip, nn - x, x).reshape(shape)
