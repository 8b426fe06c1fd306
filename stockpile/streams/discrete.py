"""Discrete samplers: Poisson, binomial and negative binomial counts.

Poisson by inversion below a mean of 256 (``Poisson(q) + Poisson(lam - q)``, ``q`` the whole
part, read from a table of whole means), else Hörmann's PTRS; binomial (p <= 1/2, else
``n - Bin(n, 1 - p)``) by inversion for ``n p < 64``, else Hörmann's BTRS; negative binomial as
a gamma–Poisson mixture. Inversion walks each element's CDF, or, when the parameters take few
values, reads a cached CDF table built by the same recursion (the same draws, faster).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stockpile.streams.continuous import gammas
from stockpile.streams.elements import (
    COUNT,
    FINITE,
    POSITIVE,
    PROBABILITY,
    Positions,
    at,
    branches,
    parameter,
    parameter_and_range,
    reject,
    replace_where,
)
from stockpile.streams.generator import (
    BINOMIAL,
    COUNTS,
    F64,
    INVERSION,
    MIXING,
    U64,
    Bools,
    StreamHash,
    random_bits,
    stream_hash,
    substream,
    uniform_pair,
)

__all__ = ["binomial", "negative_binomial", "poisson"]

#: Inversion compares ``u = j 2**-53 MARGIN`` (``j`` the top 53 random bits) with the summed
#: CDF, so that rounding of the sum never leaves ``u`` out of reach (the CDF moves by < 1e-12).
MARGIN = 1.0 - 2.0**-40
#: Below this many draws, building a CDF table costs more than walking each element's CDF.
TABLE_MIN = 512

#: ``p_j = p_(j-1) * step(j, params)``: the pmf recursion of an inversion.
Step = Callable[[int | F64, tuple[F64, ...]], F64]

_LOG_FACT = np.array([math.lgamma(k + 1.0) for k in range(256)])
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


def _log_factorial(k: F64) -> F64:
    """log(k!) for integer-valued float k >= 0 (Stirling's series above 255)."""
    kf = np.reshape(k, -1)
    out: F64 = _LOG_FACT[np.minimum(kf, 255.0).astype(np.intp)]
    big = np.flatnonzero(kf > 255.0)
    if big.size:
        x = kf[big] + 1.0
        r = 1.0 / (x * x)
        tail = (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r / 1680))) / x
        out[big] = (x - 0.5) * np.log(x) - x + _HALF_LOG_2PI + tail
    return out.reshape(np.shape(k))


def _poisson_step(j: int | F64, ps: tuple[F64, ...]) -> F64:
    return ps[0] / j


def _binomial_step(j: int | F64, ps: tuple[F64, ...]) -> F64:  # ps: n, p / (1 - p)
    return ps[1] * ((ps[0] - (j - 1)) / j)


# --- inversion -----------------------------------------------------------------------------


#: ``u = j * UNIT`` for the top 53 random bits ``j``: the uniform of inversion, in [0, MARGIN).
UNIT = 2.0**-53 * MARGIN


def _unit(j: NDArray[np.integer]) -> F64:
    """``j * UNIT`` for the top 53 random bits ``j`` (any integer type): the uniform that the
    CDF tables' thresholds compare with."""
    return np.multiply(j, UNIT, casting="unsafe")


def _uniform(z: U64) -> F64:
    """The uniform of inversion, ``j * UNIT``, from 64 random bits ``z`` (``j = z >> 11``)."""
    return _unit(z >> np.uint64(11))


def _walk(u: F64, p: F64, params: tuple[F64, ...], step: Step) -> F64:
    """Return #{j >= 0 : u > F_j}, F_j = p_0 + ... + p_j, p_j = p_(j-1) * step(j, params).

    ``u`` is ``j * UNIT`` (:func:`_uniform`), below :data:`MARGIN`. Works on every element
    while most are still searching, then on the shrinking rest.
    """
    f, j = p.copy(), 0
    out = np.zeros(u.shape)
    xa, pos = out, None
    while j < 100_000:
        live = u > f
        count = np.count_nonzero(live)
        if not count:
            break
        xa += live
        j += 1
        if count <= live.size // 2:
            idx = np.flatnonzero(live)
            if pos is not None:
                out[pos] = xa
            pos = idx if pos is None else pos[idx]
            u, xa, p, f = u[idx], xa[idx], at(p, idx), at(f, idx)
            params = tuple(at(q, idx) for q in params)
        p *= step(j, params)  # in place for arrays; rebinds numpy scalars
        f += p
    if pos is not None:
        out[pos] = xa
    return out


#: Guide buckets per CDF column, and at least GUIDE_MIN per row (rounded up to a power of 2):
#: more buckets resolve more draws at once, fewer keep the guide in cache. Draws whose bucket
#: holds a CDF step search their row: with 4,096 buckets, ~1 % of the draws of Binomial(50,
#: 1/2) (inversion ~30 % faster than with 4 per column, 512, in A/B runs; 8,192 was no faster
#: for binomial tables, of 128 or 256 rows: 0.5 or 1 MB each).
GUIDE_BUCKETS = 4
GUIDE_MIN = 4096


@dataclass(frozen=True)
class _CdfTable:
    """A cache of :func:`_walk` for rows of parameters: each row's CDF as integer thresholds,
    ``keyed`` (rows, width), and its guide (rows, B).

    ``u = j * UNIT`` exceeds ``cdf[i]`` exactly when ``j >= J_i``, ``J_i`` the smallest such
    ``j`` (:func:`_thresholds`), so the count of CDF steps below ``u`` is the count of
    ``J_i <= j``; ``keyed[r, i] = r * 2**54 + J_i`` is ascending over the whole table, so one
    ``searchsorted`` serves every row at once. Bucket ``g`` of a row holds the ``j`` whose top
    ``log2(B)`` bits are ``g``; the guide stores the count for every ``j`` of the bucket, or its
    unsigned type's largest value if some ``J_i`` falls inside it (then ``j`` searches its row);
    uint8 for up to 254 columns (half the cache of int16: ~1.5 % faster stochastic runs)."""

    keyed: NDArray[np.int64]
    guide: NDArray[np.unsignedinteger]
    mark: int  # the guide's largest value: search
    shift: np.uint64  # the guide bucket of the random bits z: z >> shift (j >> (shift - 11))

    def invert(self, z: U64, row: NDArray[np.intp] | int) -> F64:
        """:func:`_walk`'s result for ``u = j * UNIT``, ``j = z >> 11`` (``z`` 64 random bits),
        in row ``row`` (per element, or one): the top bits of ``z`` pick the guide bucket."""
        g = (z >> self.shift).view(np.int64)
        if isinstance(row, int):
            x = self.guide[row].take(g)
        else:
            g += row * self.guide.shape[1]
            x = self.guide.reshape(-1).take(g)
        unsure = (x == self.mark).nonzero()[0]
        if unsure.size:  # search the rows: count the keys up to (row, j)
            j = (z[unsure] >> np.uint64(11)).view(np.int64)
            if isinstance(row, int):
                x[unsure] = np.searchsorted(self.keyed[row], j | (row << _ROW_SHIFT), "right")
            else:
                rows = row[unsure]
                j |= rows << _ROW_SHIFT
                found = np.searchsorted(self.keyed.reshape(-1), j, "right")
                x[unsure] = found - rows * self.keyed.shape[1]
        return x.astype(np.float64)


#: Row ``r`` of a table's keys starts at ``r * 2**_ROW_SHIFT``, above every threshold.
_ROW_SHIFT = 54
_TOP = 2**53  # j < _TOP


def _thresholds(cdf: F64) -> NDArray[np.int64]:
    """``J(c) = min{j : j * UNIT > c}`` for each CDF value ``c`` (``_TOP`` if no ``j < _TOP``):
    ``u = j * UNIT`` exceeds ``c`` exactly when ``j >= J(c)`` (rounding of the product is
    monotone in ``j``)."""
    j = np.minimum(np.floor(cdf / UNIT), _TOP).astype(np.int64)
    while True:  # the estimate is off by an ulp or two: step to the exact threshold
        down = (j > 0) & (_unit(np.maximum(j - 1, 0)) > cdf)
        up = (j < _TOP) & (_unit(j) <= cdf)
        if not (down.any() or up.any()):
            return j
        j += up.astype(np.int64) - down


def _cdf_table(
    p0: F64, params: tuple[F64, ...], step: Step, cols: int, least: int = GUIDE_MIN
) -> _CdfTable:
    """The CDF rows of :func:`_walk` (the same sequential recursion) and their guide of at
    least ``least`` buckets per row."""
    p = np.broadcast_to(np.reshape(p0, (-1, 1)), (np.size(p0), cols + 1)).copy()
    p[:, 1:] = step(np.arange(1.0, cols + 1.0), tuple(np.reshape(q, (-1, 1)) for q in params))
    cdf = np.cumsum(np.cumprod(p, axis=1), axis=1)
    if not (cdf[:, -1] >= MARGIN).all():  # every u must be reached
        raise AssertionError("inversion table too short")  # pragma: no cover
    thresholds = _thresholds(cdf)
    buckets = 1 << (max(least, GUIDE_BUCKETS * cdf.shape[1]) - 1).bit_length()
    rows, width = cdf.shape
    shift = 54 - buckets.bit_length()  # bucket g holds j = g 2**shift ... (g + 1) 2**shift - 1
    reached = (thresholds + ((1 << shift) - 1)) >> shift  # the first bucket each J_i counts in
    counts = np.zeros((rows, buckets + 1), np.int64)
    np.add.at(counts, (np.arange(rows)[:, None], reached), 1)
    guide = np.cumsum(counts[:, :buckets], axis=1)  # the count at each bucket's first j
    # the smallest type (to stay in cache) whose largest value is above every count: the mark
    dtype = np.uint8 if width < 255 else np.uint16 if width < 2**16 - 1 else np.uint32
    guide = guide.astype(dtype)
    inside = ((thresholds & ((1 << shift) - 1)) != 0) & (thresholds < _TOP)
    guide[np.nonzero(inside)[0], (thresholds >> shift)[inside]] = np.iinfo(dtype).max
    keyed = thresholds | (np.arange(rows, dtype=np.int64)[:, None] << _ROW_SHIFT)
    for table in (keyed, guide):
        table.setflags(write=False)  # cached and shared: never written
    return _CdfTable(keyed, guide, int(np.iinfo(dtype).max), np.uint64(shift + 11))


#: Poisson(q) for whole q below this is read from one table of rows q = 0, 1, ...
WHOLE_MEANS = 256


@lru_cache(maxsize=1)
def _whole_mean_table() -> _CdfTable:
    """Rows of Poisson(q) for q = 0 .. WHOLE_MEANS - 1, built once (~5 MB: one table, so its
    guide has 8,192 buckets per row, ~20% faster inversion than 4,096 in A/B runs)."""
    q = np.arange(float(WHOLE_MEANS))
    cols = int(WHOLE_MEANS + 12.0 * math.sqrt(WHOLE_MEANS) + 40.0)
    return _cdf_table(np.exp(-q), (q,), _poisson_step, cols, least=8192)


@lru_cache(maxsize=64)
def _poisson_table(lam: float) -> _CdfTable:
    lm = np.asarray(lam)
    return _cdf_table(np.exp(-lm), (lm,), _poisson_step, 50)  # 50 steps reach 1 - 1e-16


#: Binomial(n, p), p <= 1/2, by inversion below this n p, by BTRS above. Inversion from a
#: table costs the same at any n p; walking a per-element CDF (per-element p) costs ~n p steps,
#: ~1.5x BTRS at n p = 50. At 40, counts of ~80 launches at p = 1/2 left a few elements per
#: month to BTRS, whose fixed cost made the benchmark's stochastic run ~16% slower.
BINOMIAL_INVERSION = 64.0

_ROW_BLOCK = 64  # binomial tables cover n in whole blocks, so months share them


@lru_cache(maxsize=64)
def _binomial_table(p: float, first: int, last: int) -> _CdfTable:
    pp = np.asarray(p)
    rows = np.arange(float(first), last + 1.0)
    cols = int(min(last, last * p + 12.0 * math.sqrt(last * p) + 40.0)) + 1
    return _cdf_table(np.exp(rows * np.log1p(-pp)), (rows, pp / (1.0 - pp)), _binomial_step, cols)


# --- Poisson ---------------------------------------------------------------------------------


def poissons(keys: U64, h: StreamHash, lam: F64) -> F64:
    """Poisson(lam) for finite lam >= 0 (0-d or flat).

    Below :data:`WHOLE_MEANS`, ``Poisson(q) + Poisson(r)`` with ``q = floor(lam)`` read from
    the table of whole means and ``r = lam - q < 1`` by inversion; above, Hörmann's PTRS.
    """
    out = np.empty(keys.shape)
    for pos, small in branches(lam < WHOLE_MEANS):
        k, lm = at(keys, pos), at(lam, pos)
        if small:
            x = _whole_and_fraction(k, substream(h, INVERSION), lm)
        else:
            x = reject(k, h, (lm,), lambda k, ps, ha: _ptrs(k, ha, ps[0]), 16)
        if pos is None:
            return x
        out[pos] = x
    return out


def _whole_and_fraction(k: U64, h: StreamHash, lam: F64) -> F64:
    """Poisson(lam), lam < WHOLE_MEANS, as the sum of Poisson(floor(lam)) and
    Poisson(lam - floor(lam)), each by inversion of its own uniform."""
    q = np.floor(lam)
    r = lam - q
    row = int(q) if q.ndim == 0 else q.astype(np.intp)
    if r.ndim == 0 and r == 0.0:  # whole mean: Poisson(0) = 0 needs no draw
        return _whole_mean_table().invert(random_bits(k, substream(h, 0)), row)
    z, i = random_bits(k, np.array([substream(h, 0), substream(h, 1)], np.uint64)[:, None])
    x = _whole_mean_table().invert(z, row)
    if r.ndim == 0 and i.size >= TABLE_MIN:
        x += _poisson_table(float(r)).invert(i, 0)
    else:
        x += _walk(_uniform(i), np.exp(-r), (r,), _poisson_step)
    return x


def _proposal(
    k: U64, h: StreamHash, a: F64, b: F64, c: F64, vr: F64
) -> tuple[F64, F64, F64, Bools]:
    """Hörmann's transformed-rejection proposal ``x`` with ``us``, ``v`` and the squeeze test."""
    uu, v = uniform_pair(k, h)
    uu -= 0.5
    us = np.abs(uu)
    np.subtract(0.5, us, out=us)
    x = a / us
    x *= 2.0
    x += b
    x *= uu
    x += c
    np.floor(x, out=x)
    ok = us >= 0.07
    ok &= v <= vr
    return x, us, v, ok


def _ptrs(k: U64, h: StreamHash, lm: F64) -> tuple[F64, Bools]:
    """One attempt of Hörmann's PTRS (as in numpy's ``random_poisson_ptrs``), lam >= 10."""
    b = np.sqrt(lm)
    b *= 2.53  # in place for arrays; rebinds numpy scalars
    b += 0.931
    a = b * 0.02483
    a -= 0.059
    x, us, v, ok = _proposal(k, h, a, b, lm + 0.43, 0.9277 - 3.6224 / (b - 2.0))
    slow = np.flatnonzero(~ok)
    if slow.size:
        xs, us_, vs, ls, bs = x[slow], us[slow], v[slow], at(lm, slow), at(b, slow)
        lhs = np.log(vs * (1.1239 + 1.1328 / (bs - 3.4)) / (at(a, slow) / (us_ * us_) + bs))
        rhs = xs * np.log(ls) - ls - _log_factorial(np.maximum(xs, 0.0))
        ok[slow] = (xs >= 0.0) & ((us_ >= 0.013) | (vs <= us_)) & (lhs <= rhs)
    return x, ok


# --- binomial --------------------------------------------------------------------------------


def binomials(
    keys: U64, h: StreamHash, n: F64, p: F64, bounds: tuple[float, float] | None = None
) -> F64:
    """Binomial(n, p) for p <= 1/2 (0-d or flat parameters); ``bounds`` are the smallest and
    largest ``n`` if known."""
    low, high = bounds or ((float(n), float(n)) if n.ndim == 0 else (n.min(), n.max()))
    if p.ndim == 0 and high * p < BINOMIAL_INVERSION:  # one test, not one per element
        z = random_bits(keys, substream(h, INVERSION))
        return _binomial_inversion(z, n, p, (low, high))
    out = np.empty(keys.shape)
    for pos, inversion in branches(n * p < BINOMIAL_INVERSION):
        k, nn, pp = at(keys, pos), at(n, pos), at(p, pos)
        if inversion:
            z = random_bits(k, substream(h, INVERSION))
            x = _binomial_inversion(z, nn, pp, (low, high) if pos is None else None)
        else:
            x = reject(k, h, (nn, pp), lambda k, ps, ha: _btrs(k, ha, *ps), 16)
        if pos is None:
            return x
        out[pos] = x
    return out


def _binomial_inversion(z: U64, n: F64, p: F64, bounds: tuple[float, float] | None) -> F64:
    """Binomial(n, p) by inversion of the random bits ``z`` (:func:`_uniform`), p <= 1/2;
    ``bounds`` are the smallest and largest ``n`` when known."""
    if p.ndim == 0 and z.size >= TABLE_MIN and p > 0.0:
        low, high = bounds or ((n, n) if n.ndim == 0 else (n.min(), n.max()))
        first = int(low) // _ROW_BLOCK * _ROW_BLOCK
        last = (int(high) // _ROW_BLOCK + 1) * _ROW_BLOCK - 1
        if last - first < 4 * _ROW_BLOCK:
            row = int(n) - first if n.ndim == 0 else (n - first if first else n).astype(np.intp)
            return _binomial_table(float(p), first, last).invert(z, row)
    x = _walk(_uniform(z), np.exp(n * np.log1p(-p)), (n, p / (1.0 - p)), _binomial_step)
    return np.minimum(x, n)


def _btrs(k: U64, h: StreamHash, n: F64, p: F64) -> tuple[F64, Bools]:
    """One attempt of Hörmann's BTRS (as in TensorFlow), n p >= 64 and p <= 1/2."""
    spq = np.sqrt(n * p * (1.0 - p))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    x, us, v, ok = _proposal(k, h, a, b, n * p + 0.5, 0.92 - 4.2 / b)
    slow = np.flatnonzero(~ok)
    if slow.size:
        xs, us_, ns, ps, bs = x[slow], us[slow], at(n, slow), at(p, slow), at(b, slow)
        m = np.floor((ns + 1.0) * ps)
        xc = np.clip(xs, 0.0, ns)
        alpha = (2.83 + 5.1 / bs) * at(spq, slow)
        lhs = np.log(v[slow] * alpha / (at(a, slow) / (us_ * us_) + bs))
        rhs = _log_factorial(m) + _log_factorial(ns - m) - _log_factorial(xc)
        rhs -= _log_factorial(ns - xc)
        rhs += (xc - m) * np.log(ps / (1.0 - ps))
        ok[slow] = (xs >= 0.0) & (xs <= ns) & (lhs <= rhs)
    return x, ok


# --- the public samplers ---------------------------------------------------------------------


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
    flat, shape, h = stream_hash(keys, ctr)
    return poissons(flat, h, parameter("lam", lam, shape, FINITE)).reshape(shape)


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
    flat, shape, h = stream_hash(keys, ctr)
    m = parameter("mean", mean, shape, FINITE)
    k = parameter("dispersion", dispersion, shape, POSITIVE)

    def mixed(pos: Positions) -> F64:  # Poisson means: Gamma(k, m / k)
        kd = at(k, pos)
        return gammas(at(flat, pos), substream(h, MIXING), kd) * (at(m, pos) / kd)

    lam = replace_where(np.isfinite(k) & (m > 0), m, mixed)
    return poissons(flat, substream(h, COUNTS), lam).reshape(shape)


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
    flat, shape, h = stream_hash(keys, ctr)
    nn, low, high = parameter_and_range("n", n, shape, COUNT)
    pp = parameter("p", p, shape, PROBABILITY)
    if not flat.size:
        return np.zeros(shape)
    hb = substream(h, BINOMIAL)
    if pp.ndim == 0:  # one success probability: flip once
        if pp > 0.5:
            x = binomials(flat, hb, nn, 1.0 - pp, (low, high))
            return np.subtract(nn, x, out=x).reshape(shape)
        return binomials(flat, hb, nn, pp, (low, high)).reshape(shape)
    flip = pp > 0.5
    x = binomials(flat, hb, nn, np.where(flip, 1.0 - pp, pp))
    return np.where(flip, nn - x, x).reshape(shape)
