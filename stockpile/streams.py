"""Counter-based random streams: every draw is a pure function of (run key, counter).

Runs are simulated in chunks that may be computed by different processes, and the draws of run
``i`` must not depend on the chunk, the other runs or the process. So nothing keeps state: each
run has a 64-bit key (:func:`run_keys`), each draw site a 64-bit counter (:func:`counter`), and
a draw is a hash of the two, vectorised over runs in wrapping uint64 numpy arithmetic.

Generator: the counter and any sub-counter (sampler, rejection attempt, ...) are hashed in Python
into a 64-bit stream constant ``c`` with the SplitMix64 finaliser (Stafford's Mix13, the output
function of SplitMix64, which passes BigCrush); each element then costs one more round, on
``key ^ c``. Keys are two-round hashes of (seed entropy, run id), so the finaliser only sees
effectively uniform inputs whose differences (``k1 ^ k2`` between runs, ``c1 ^ c2`` between
counters) have high Hamming weight, the regime where a full-avalanche bijection decorrelates
well; the low-weight differences that expose such finalisers fed plain counters never reach it.
That is ~12 numpy ops per uniform, a third of Philox-4x32-10 in numpy, which would buy nothing
measurable here. Uniforms are ``(2j + 1) / 2**53`` (52 random bits), strictly inside (0, 1).

Samplers are exact and vectorised: normal by the ziggurat (Marsaglia & Tsang 2000, 256 layers);
gamma by Marsaglia & Tsang (2000), shape < 1 by ``Gamma(a+1) U**(1/a)``; Poisson by inversion
for lam < 10, else Hörmann's PTRS; binomial by inversion for ``n min(p, 1-p) < 40``, else
Hörmann's BTRS, with ``n - Bin(n, 1-p)`` for p > 1/2; negative binomial as a gamma–Poisson
mixture. Rejection loops run only on the still-rejected subset, attempt ``t`` of element ``i``
uses sub-counters of ``(ctr, t)``, and the branch follows element ``i``'s own parameters, so
element ``i`` depends on ``keys[i]``, ``ctr`` and its own parameters only. Inversion compares
``u (1 - 2**-40)`` with the summed CDF so that rounding of the sum never leaves ``u`` out of
reach (the CDF moves by < 1e-12); for scalar parameters (binomial: scalar p, n over < 256
values) it reads a CDF table built by the same recursion, so the draws are the same, faster.
Draws are bit-identical on one platform; CPUs on which numpy uses other SIMD ``log``/``exp``
kernels may differ in the last ulp, which can change a draw with probability ~1e-16.

Conventions: ``keys`` is a uint64 array from :func:`run_keys` (any shape, usually (runs,)),
``ctr`` an int in [0, 2**64), parameters are scalars or arrays broadcastable to ``keys.shape``,
and results are float64 arrays of ``keys.shape`` (integer-valued for the discrete samplers).
Never use one (keys, ctr) pair for two draws.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stockpile.errors import invalid

__all__ = ["binomial", "counter", "gamma", "negative_binomial", "poisson", "run_keys"]
__all__ += ["standard_normal", "uniform"]

F64 = NDArray[np.float64]
U64 = NDArray[np.uint64]
Bools = NDArray[np.bool_]
Idx = NDArray[np.intp] | None  # element positions; None means every element
A = TypeVar("A", bound=np.ndarray)
Step = Callable[[int, tuple[F64, ...]], F64]
H = int | U64  # stream hash: one for all elements, or one per element
Attempt = Callable[[U64, tuple[F64, ...], H], tuple[F64, Bools]]

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_ONE_BITS = np.uint64(0x3FF0000000000000)
_MARGIN = 1.0 - 2.0**-40
_LOG_FACT = np.array([math.lgamma(k + 1.0) for k in range(256)])
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_INV, _REJ, _BOOST, _NORMAL, _GAMMA, _BIN, _NB_GAMMA, _NB_POIS = range(1, 9)  # sub-stream tags
_ZIG_R = 3.6541528853610088


def _zig_tables() -> tuple[F64, F64, F64]:
    """Marsaglia–Tsang ziggurat tables (k, w, f), 256 layers, for magnitudes below 2**51."""
    v, m1 = 0.00492867323399, 2.0**51
    k, w, f = np.zeros(256), np.zeros(256), np.zeros(256)
    dn = tn = _ZIG_R
    q = v / math.exp(-0.5 * dn * dn)
    k[0], w[0], w[255], f[0], f[255] = dn / q * m1, q / m1, dn / m1, 1.0, math.exp(-0.5 * dn * dn)
    for i in range(254, 0, -1):
        dn = math.sqrt(-2.0 * math.log(v / dn + math.exp(-0.5 * dn * dn)))
        k[i + 1], tn, f[i], w[i] = dn / tn * m1, dn, math.exp(-0.5 * dn * dn), dn / m1
    return k, w, f


_ZK, _ZW, _ZF = _zig_tables()


def _mix_int(x: int) -> int:
    """SplitMix64 finaliser on a Python int (exact 64-bit wrap-around)."""
    x &= _MASK
    x = ((x ^ (x >> 30)) * _M1) & _MASK
    x = ((x ^ (x >> 27)) * _M2) & _MASK
    return x ^ (x >> 31)


def _child(h: H, *parts: int) -> H:
    """Stream hash of sub-counter ``parts`` (small ints) under ``h``, bit-identical both ways."""
    if isinstance(h, int):
        for part in parts:
            h = _mix_int(h + (part + 1) * _GOLDEN)
        return h
    for part in parts:
        h = _mix(h + np.uint64(((part + 1) * _GOLDEN) & _MASK))
    return h


def _hat(h: H, pos: Idx) -> H:
    return h if pos is None or isinstance(h, int) else h[pos]


def _mix(z: U64) -> U64:
    """SplitMix64 finaliser, in place on a uint64 array (array ops wrap and never warn)."""
    t = z >> np.uint64(30)
    z ^= t
    z *= np.uint64(_M1)
    np.right_shift(z, np.uint64(27), out=t)
    z ^= t
    z *= np.uint64(_M2)
    np.right_shift(z, np.uint64(31), out=t)
    z ^= t
    return z


def _bits(keys: U64, h: H | U64) -> U64:
    return _mix(keys ^ (np.uint64(h) if isinstance(h, int) else h))


def _unif(keys: U64, h: H) -> F64:
    """Uniforms in (0, 1) for flat keys and stream hash ``h``."""
    z = _bits(keys, h)
    z >>= np.uint64(12)
    z |= _ONE_BITS
    u: F64 = z.view(np.float64)  # 1 + j 2**-52, j in [0, 2**52)
    u -= 1.0 - 2.0**-53  # (2j + 1) 2**-53, exact (Sterbenz)
    return u


def _unif2(keys: U64, h: H) -> F64:
    """``_unif`` of sub-streams 0 and 1 of ``h`` in one pass: shape (2, n)."""
    hs = [_child(h, 0), _child(h, 1)]
    return _unif(keys, np.array(hs, np.uint64)[:, None] if isinstance(h, int) else np.stack(hs))


def _at(x: A, pos: Idx) -> A:
    """Flat array (or 0-d parameter, returned as is) at positions ``pos``."""
    return x if pos is None or x.ndim == 0 else cast(A, x[pos])


def _put(out: F64, pos: Idx, x: F64) -> F64:
    if pos is None:
        return x
    out[pos] = x
    return out


def _branches(cond: Bools) -> list[tuple[Idx, bool]]:
    """Non-empty index sets where ``cond`` is True and False (None: every element)."""
    if cond.ndim == 0 or cond.all() or not cond.any():
        return [(None, bool(cond.all()))]
    return [(np.flatnonzero(cond), True), (np.flatnonzero(~cond), False)]


def _reject(keys: U64, h: H, params: tuple[F64, ...], attempt: Attempt, batch: int = 1) -> F64:
    """Run attempts 0, 1, ... (stream hashes under ``h``) on the still-rejected elements only.

    With ``batch > 1``, once few elements remain, up to ``batch`` attempts run at once (for
    samplers of modest acceptance, this saves loop overhead); each keeps its first acceptance.
    """
    out, pos, t, h = np.empty(keys.shape), None, 0, _child(h, _REJ)
    while True:
        k, hh, ps = _at(keys, pos), _hat(h, pos), tuple(_at(p, pos) for p in params)
        m = 1 if pos is None else min(batch, max(1, 2048 // k.size))
        if m == 1:
            x, ok = attempt(k, ps, _child(hh, t))
        else:  # hashes of attempts t .. t + m - 1, attempt-major
            if isinstance(hh, int):
                ha = np.repeat(np.array([_child(hh, t + i) for i in range(m)], np.uint64), k.size)
            else:
                add = [((t + i + 1) * _GOLDEN) & _MASK for i in range(m)]
                ha = _mix(hh + np.array(add, np.uint64)[:, None]).ravel()
            ps = tuple(p if p.ndim == 0 else np.tile(p, m) for p in ps)
            x, ok = attempt(np.tile(k, m), ps, ha)
            first = ok.reshape(m, -1).argmax(axis=0) * k.size + np.arange(k.size)
            x, ok = x[first], ok[first]
        if pos is None:
            out = x
        else:
            out[pos[ok]] = x[ok]
        rejected = np.flatnonzero(~ok)
        if not rejected.size:
            return out
        pos, t = (rejected if pos is None else pos[rejected]), t + m


def _inversion(u: F64, p: F64, params: tuple[F64, ...], step: Step) -> F64:
    """Return #{j >= 0 : u > F_j}, F_j = p_0 + ... + p_j, p_j = p_(j-1) * step(j, params).

    Works on every element while most are still searching, then on the shrinking rest.
    """
    u = u * _MARGIN
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
            u, xa, p, f = u[idx], xa[idx], _at(p, idx), _at(f, idx)
            params = tuple(_at(q, idx) for q in params)
        p *= step(j, params)  # in place for arrays; rebinds numpy scalars
        f += p
    if pos is not None:
        out[pos] = xa
    return out


#: Below this many draws, building a CDF table costs more than walking each element's CDF.
_TABLE_MIN = 512


def _table(u: F64, p0: F64, params: tuple[F64, ...], step: Step, cols: int, row: Idx) -> F64:
    """:func:`_inversion`, bit for bit, for elements whose parameters are rows of a small table.

    ``p0`` and ``params`` are per row (0-d for a single row) and ``row`` maps elements to rows.
    The CDF table is built by the same recursion (sequential cumprod and cumsum) over ``cols``
    steps; each element starts from a guide table (a lower bound) and walks up to its answer.
    """
    u = u * _MARGIN
    p = np.broadcast_to(np.reshape(p0, (-1, 1)), (np.size(p0), cols + 1)).copy()
    j = np.arange(1.0, cols + 1.0)
    p[:, 1:] = step(j, tuple(np.reshape(q, (-1, 1)) for q in params))  # type: ignore[arg-type]
    f = np.cumsum(np.cumprod(p, axis=1), axis=1)
    if not (f[:, -1] >= _MARGIN * (1.0 - 2.0**-53)).all():  # every u must be reached
        raise AssertionError("inversion table too short")  # pragma: no cover
    f = np.hstack([f, np.full((f.shape[0], 1), 1.5)])  # a stopper above every u
    width, buckets = f.shape[1], 2 * f.shape[1]
    grid = np.arange(buckets) / buckets
    c = np.minimum(f * buckets, buckets - 1.0).astype(np.intp)  # last grid point <= F, roughly
    c -= grid[c] > f  # exactly, after these two fixes (grid[0] = 0 <= F)
    c += (c < buckets - 1) & (grid[np.minimum(c + 1, buckets - 1)] <= f)
    c += 1 + (buckets + 1) * np.arange(f.shape[0])[:, None]  # row-major (row, #{g : grid <= F})
    counts = np.bincount(c.ravel(), minlength=f.shape[0] * (buckets + 1))
    guide = np.cumsum(counts.reshape(-1, buckets + 1), axis=1)[:, :-1]  # #{j : F_j < grid[g]}
    g = (u * buckets).astype(np.intp)
    g -= grid[g] > u  # so that grid[g] <= u: the guide is then a lower bound
    base = np.zeros(u.shape, np.intp) if row is None else row * width
    x = guide.ravel()[g if row is None else row * buckets + g]
    flat = f.ravel()
    walk = np.flatnonzero(u > flat[base + x])
    while walk.size:
        x[walk] += 1
        walk = walk[u[walk] > flat[base[walk] + x[walk]]]
    return x.astype(np.float64)


def _log_fact(k: F64) -> F64:
    """log(k!) for integer-valued float k >= 0."""
    kf = np.reshape(k, -1)
    out: F64 = _LOG_FACT[np.minimum(kf, 255.0).astype(np.intp)]
    big = np.flatnonzero(kf > 255.0)
    if big.size:
        x = kf[big] + 1.0
        r = 1.0 / (x * x)
        tail = (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r / 1680))) / x
        out[big] = (x - 0.5) * np.log(x) - x + _HALF_LOG_2PI + tail
    return out.reshape(np.shape(k))


def _normal(keys: U64, h: H) -> F64:
    """Standard normals by the ziggurat."""

    def tail(k: U64, _: tuple[F64, ...], ha: H) -> tuple[F64, Bools]:  # Marsaglia's tail
        x, y = np.log(_unif2(k, ha))
        x *= -1.0 / _ZIG_R
        return x, y + y <= -x * x  # y here is -log

    def attempt(k: U64, _: tuple[F64, ...], ha: H) -> tuple[F64, Bools]:
        z = _bits(k, _child(ha, 0))
        i = z.astype(np.uint8).astype(np.intp)  # low 8 bits: the layer
        z >>= np.uint64(12)
        s = z.astype(np.float64)
        s -= 2.0**51 - 0.5  # odd multiples of 1/2, |s| < 2**51, exact
        x = _ZW[i]
        x *= s
        ok = np.abs(s, out=s) < _ZK[i]
        rest = np.flatnonzero(~ok)
        if rest.size:
            ir, xr = i[rest], x[rest]
            u = _unif(k[rest], _child(_hat(ha, rest), 1))
            ok[rest] = (ir > 0) & (_ZF[ir] + u * (_ZF[ir - 1] - _ZF[ir]) < np.exp(-0.5 * xr * xr))
            out = rest[ir == 0]  # beyond r in the base strip
            if out.size:
                excess = _reject(k[out], _child(_hat(ha, out), 2), (), tail)
                x[out] = np.copysign(_ZIG_R + excess, x[out])
                ok[out] = True
        return x, ok

    return _reject(keys, h, (), attempt)


def _gamma(keys: U64, h: H, a: F64) -> F64:
    """Gamma(a, 1) for shapes a > 0 (0-d or flat)."""
    boost = a < 1.0
    d = np.where(boost, a + 1.0, a) - 1.0 / 3.0

    def attempt(k: U64, ps: tuple[F64, ...], ha: H) -> tuple[F64, Bools]:
        (d,) = ps
        x = _normal(k, _child(ha, 0))
        u = _unif(k, _child(ha, 1))
        v = x / np.sqrt(9.0 * d)
        v += 1.0
        x *= x
        ok = u < 1.0 - 0.0331 * (x * x)  # squeeze; implies v > 0
        v3 = v * v
        v3 *= v
        slow = np.flatnonzero(~(ok | (v <= 0.0)))
        if slow.size:
            ds, v3s = _at(d, slow), v3[slow]
            ok[slow] = np.log(u[slow]) < 0.5 * x[slow] + ds * (1.0 - v3s + np.log(v3s))
        v3 *= d
        return v3, ok

    g = _reject(keys, h, (d,), attempt)
    for pos, small in _branches(boost):
        if small:
            ub = _unif(_at(keys, pos), _child(h, _BOOST))
            with np.errstate(over="ignore", under="ignore"):
                factor = np.exp(np.log(ub) / _at(a, pos))
            g = _put(g, pos, factor * _at(g, pos))
    return g


def _pois_step(j: int, ps: tuple[F64, ...]) -> F64:
    return ps[0] / j


def _bin_step(j: int, ps: tuple[F64, ...]) -> F64:
    return ps[1] * ((ps[0] - (j - 1)) / j)


def _poisson(keys: U64, h: H, lam: F64) -> F64:
    """Poisson(lam) for finite lam >= 0 (0-d or flat)."""
    out = np.empty(keys.shape)
    for pos, small in _branches(lam < 10.0):
        k, lm = _at(keys, pos), _at(lam, pos)
        if small:
            u = _unif(k, _child(h, _INV))
            if lm.ndim == 0 and u.size >= _TABLE_MIN:  # 50 columns reach 1 - 1e-16, lam < 10
                x = _table(u, np.exp(-lm), (lm,), _pois_step, 50, None)
            else:
                x = _inversion(u, np.exp(-lm), (lm,), _pois_step)
        else:
            x = _reject(k, h, (lm,), lambda k, ps, ha: _ptrs(k, ha, ps[0]), 16)
        out = _put(out, pos, x)
    return out


def _proposal(k: U64, h: H, a: F64, b: F64, c: F64, vr: F64) -> tuple[F64, F64, F64, Bools]:
    """Hörmann's transformed-rejection proposal ``x`` with ``us``, ``v`` and the squeeze test."""
    uu, v = _unif2(k, h)
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


def _ptrs(k: U64, h: H, lm: F64) -> tuple[F64, Bools]:
    """One attempt of Hörmann's PTRS (as in numpy's ``random_poisson_ptrs``), lam >= 10."""
    b = np.sqrt(lm)
    b *= 2.53  # in place for arrays; rebinds numpy scalars
    b += 0.931
    a = b * 0.02483
    a -= 0.059
    x, us, v, ok = _proposal(k, h, a, b, lm + 0.43, 0.9277 - 3.6224 / (b - 2.0))
    slow = np.flatnonzero(~ok)
    if slow.size:
        xs, us_, vs, ls, bs = x[slow], us[slow], v[slow], _at(lm, slow), _at(b, slow)
        lhs = np.log(vs * (1.1239 + 1.1328 / (bs - 3.4)) / (_at(a, slow) / (us_ * us_) + bs))
        rhs = xs * np.log(ls) - ls - _log_fact(np.maximum(xs, 0.0))
        ok[slow] = (xs >= 0.0) & ((us_ >= 0.013) | (vs <= us_)) & (lhs <= rhs)
    return x, ok


def _binomial(keys: U64, h: H, n: F64, p: F64) -> F64:
    """Binomial(n, p) for p <= 1/2 (0-d or flat parameters)."""
    out = np.empty(keys.shape)
    for pos, small in _branches(n * p < 40.0):
        k, nn, pp = _at(keys, pos), _at(n, pos), _at(p, pos)
        if small:
            u = _unif(k, _child(h, _INV))
            ratio = pp / (1.0 - pp)
            lo, hi = (nn, nn) if nn.ndim == 0 else (nn.min(), nn.max())
            if pp.ndim == 0 and hi - lo < 256 and u.size >= _TABLE_MIN:  # a row per n value
                rows = lo + np.arange(int(hi - lo) + 1.0)
                cols = int(min(hi, hi * pp + 12.0 * np.sqrt(hi * pp) + 40.0)) + 1
                row = None if nn.ndim == 0 else (nn - lo).astype(np.intp)
                p0 = np.exp(rows * np.log1p(-pp))
                x = _table(u, p0, (rows, ratio), _bin_step, cols, row)
            else:
                x = _inversion(u, np.exp(nn * np.log1p(-pp)), (nn, ratio), _bin_step)
            x = np.minimum(x, nn)
        else:
            x = _reject(k, h, (nn, pp), lambda k, ps, ha: _btrs(k, ha, *ps), 16)
        out = _put(out, pos, x)
    return out


def _btrs(k: U64, h: H, n: F64, p: F64) -> tuple[F64, Bools]:
    """One attempt of Hörmann's BTRS (as in TensorFlow), n p >= 40 and p <= 1/2."""
    spq = np.sqrt(n * p * (1.0 - p))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    x, us, v, ok = _proposal(k, h, a, b, n * p + 0.5, 0.92 - 4.2 / b)
    slow = np.flatnonzero(~ok)
    if slow.size:
        xs, us_, ns, ps, bs = x[slow], us[slow], _at(n, slow), _at(p, slow), _at(b, slow)
        m = np.floor((ns + 1.0) * ps)
        xc = np.clip(xs, 0.0, ns)
        alpha = (2.83 + 5.1 / bs) * _at(spq, slow)
        lhs = np.log(v[slow] * alpha / (_at(a, slow) / (us_ * us_) + bs))
        rhs = _log_fact(m) + _log_fact(ns - m) - _log_fact(xc) - _log_fact(ns - xc)
        rhs += (xc - m) * np.log(ps / (1.0 - ps))
        ok[slow] = (xs >= 0.0) & (xs <= ns) & (lhs <= rhs)
    return x, ok


def _prepare(keys: ArrayLike, ctr: int) -> tuple[U64, tuple[int, ...], int]:
    """Flat keys, their shape and the stream hash of ``ctr``, validated."""
    k = np.asarray(keys)
    if k.dtype != np.uint64:
        raise invalid("keys", "a uint64 array from run_keys", f"an array of dtype {k.dtype}")
    try:
        c = operator.index(ctr)
    except TypeError:
        raise invalid("ctr", "an integer in [0, 2**64)", ctr) from None
    if not 0 <= c <= _MASK:
        raise invalid("ctr", "an integer in [0, 2**64)", ctr)
    return k.reshape(-1), k.shape, _mix_int(_mix_int(c ^ 0x5851F42D4C957F2D) + _GOLDEN)


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


def run_keys(seed: int | np.random.SeedSequence | None, run_ids: ArrayLike) -> U64:
    """Compute the 64-bit key of each run from a seed and run indices.

    Conceptually ``SeedSequence(seed).spawn(runs)[i]``, computed vectorised: the key of run
    ``i`` is ``mix(mix(e0 + i * 0x9E3779B97F4A7C15) ^ e1)``, with ``e0, e1`` the first two words
    of ``SeedSequence(seed).generate_state`` and ``mix`` the SplitMix64 finaliser, so it depends
    on the seed and ``i`` only, never on the other ids in the array.

    Parameters
    ----------
    seed : int, numpy.random.SeedSequence or None
        Non-negative integer seed, or a SeedSequence whose entropy is used (not spawned).
        ``None`` draws fresh OS entropy: to split one experiment into chunks, create one
        ``SeedSequence()`` and pass it to every chunk.
    run_ids : array_like of int
        Non-negative run indices, e.g. ``np.arange(start, stop)``, any shape.

    Returns
    -------
    numpy.ndarray of uint64
        One key per run, shape of ``run_ids``.
    """
    try:
        ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    except (TypeError, ValueError):
        raise invalid("seed", "a non-negative integer, a SeedSequence or None", seed) from None
    e0, e1 = (np.uint64(x) for x in ss.generate_state(2, np.uint64))
    ids = np.asarray(run_ids)
    if ids.dtype.kind not in "iu":
        raise invalid("run_ids", "an array of integers", f"an array of dtype {ids.dtype}")
    if ids.size and ids.min() < 0:
        raise invalid("run_ids", "non-negative", int(ids.min()))
    z = ids.astype(np.uint64).reshape(-1)
    z *= np.uint64(_GOLDEN)
    z += e0
    return _mix(_mix(z) ^ e1).reshape(ids.shape)


def counter(*parts: int) -> int:
    """Pack one to four small non-negative integers into one 64-bit counter.

    ``counter(p0, p1, p2, p3) = p0 + p1 * 2**16 + p2 * 2**32 + p3 * 2**48``: injective for a
    fixed number of parts, each in [0, 2**16). Missing trailing parts count as 0, so
    ``counter(a, b) == counter(a, b, 0)``: give each stream id one fixed arity.

    Parameters
    ----------
    *parts : int
        One to four integers in [0, 65536), e.g. (stream id, month index, item index).

    Returns
    -------
    int
        The counter, in [0, 2**64).
    """
    if not 1 <= len(parts) <= 4:
        raise invalid("parts", "one to four integers", parts)
    value = 0
    for i, part in enumerate(parts):
        try:
            p = operator.index(part)
        except TypeError:
            raise invalid(f"parts[{i}]", "an integer in [0, 65536)", part) from None
        if not 0 <= p < 1 << 16:
            raise invalid(f"parts[{i}]", "an integer in [0, 65536)", part)
        value |= p << (16 * i)
    return value


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
    return _unif(flat, h).reshape(shape)


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
    return _normal(flat, _child(h, _NORMAL)).reshape(shape)


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
    out = np.zeros(flat.shape)
    for pos, positive in _branches(a > 0):
        if positive:
            out = _put(out, pos, _gamma(_at(flat, pos), _child(h, _GAMMA), _at(a, pos)))
    return (out * s).reshape(kshape)


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
    return _poisson(flat, h, _param("lam", lam, shape, *_FINITE)).reshape(shape)


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
    lam = m
    for pos, mixed in _branches(np.isfinite(disp) & (m > 0)):
        if mixed:
            lam = np.broadcast_to(lam, flat.shape).copy() if lam.ndim == 0 else lam.copy()
            kd = _at(disp, pos)
            g = _gamma(_at(flat, pos), _child(h, _NB_GAMMA), kd)
            lam = _put(lam, pos, g * (_at(m, pos) / kd))
    return _poisson(flat, _child(h, _NB_POIS), lam).reshape(shape)


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
    x = _binomial(flat, _child(h, _BIN), nn, np.where(flip, 1.0 - pp, pp))
    return np.where(flip, nn - x, x).reshape(shape)
