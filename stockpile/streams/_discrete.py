"""Discrete samplers on flat keys and a stream hash: Poisson by inversion for lam < 10, else
Hörmann's PTRS; binomial (p <= 1/2) by inversion for ``n p < 40``, else Hörmann's BTRS.
Inversion reads a CDF table when the parameters take few values (same draws, faster)."""

from __future__ import annotations

import math

import numpy as np

from stockpile.streams._hashing import F64, INV, U64, Bools, H, child, unif, unif2
from stockpile.streams._inversion import TABLE_MIN, inversion, table
from stockpile.streams._subsets import at, branches, put, reject

__all__ = ["binomial", "poisson"]

_LOG_FACT = np.array([math.lgamma(k + 1.0) for k in range(256)])
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


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


def _pois_step(j: int, ps: tuple[F64, ...]) -> F64:
    return ps[0] / j


def _bin_step(j: int, ps: tuple[F64, ...]) -> F64:
    return ps[1] * ((ps[0] - (j - 1)) / j)


def poisson(keys: U64, h: H, lam: F64) -> F64:
    """Poisson(lam) for finite lam >= 0 (0-d or flat)."""
    out = np.empty(keys.shape)
    for pos, small in branches(lam < 10.0):
        k, lm = at(keys, pos), at(lam, pos)
        if small:
            u = unif(k, child(h, INV))
            if lm.ndim == 0 and u.size >= TABLE_MIN:  # 50 columns reach 1 - 1e-16, lam < 10
                x = table(u, np.exp(-lm), (lm,), _pois_step, 50, None)
            else:
                x = inversion(u, np.exp(-lm), (lm,), _pois_step)
        else:
            x = reject(k, h, (lm,), lambda k, ps, ha: _ptrs(k, ha, ps[0]), 16)
        out = put(out, pos, x)
    return out


def _proposal(k: U64, h: H, a: F64, b: F64, c: F64, vr: F64) -> tuple[F64, F64, F64, Bools]:
    """Hörmann's transformed-rejection proposal ``x`` with ``us``, ``v`` and the squeeze test."""
    uu, v = unif2(k, h)
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
        xs, us_, vs, ls, bs = x[slow], us[slow], v[slow], at(lm, slow), at(b, slow)
        lhs = np.log(vs * (1.1239 + 1.1328 / (bs - 3.4)) / (at(a, slow) / (us_ * us_) + bs))
        rhs = xs * np.log(ls) - ls - _log_fact(np.maximum(xs, 0.0))
        ok[slow] = (xs >= 0.0) & ((us_ >= 0.013) | (vs <= us_)) & (lhs <= rhs)
    return x, ok


def binomial(keys: U64, h: H, n: F64, p: F64) -> F64:
    """Binomial(n, p) for p <= 1/2 (0-d or flat parameters)."""
    out = np.empty(keys.shape)
    for pos, small in branches(n * p < 40.0):
        k, nn, pp = at(keys, pos), at(n, pos), at(p, pos)
        if small:
            u = unif(k, child(h, INV))
            ratio = pp / (1.0 - pp)
            lo, hi = (nn, nn) if nn.ndim == 0 else (nn.min(), nn.max())
            if pp.ndim == 0 and hi - lo < 256 and u.size >= TABLE_MIN:  # a row per n value
                rows = lo + np.arange(int(hi - lo) + 1.0)
                cols = int(min(hi, hi * pp + 12.0 * np.sqrt(hi * pp) + 40.0)) + 1
                row = None if nn.ndim == 0 else (nn - lo).astype(np.intp)
                p0 = np.exp(rows * np.log1p(-pp))
                x = table(u, p0, (rows, ratio), _bin_step, cols, row)
            else:
                x = inversion(u, np.exp(nn * np.log1p(-pp)), (nn, ratio), _bin_step)
            x = np.minimum(x, nn)
        else:
            x = reject(k, h, (nn, pp), lambda k, ps, ha: _btrs(k, ha, *ps), 16)
        out = put(out, pos, x)
    return out


def _btrs(k: U64, h: H, n: F64, p: F64) -> tuple[F64, Bools]:
    """One attempt of Hörmann's BTRS (as in TensorFlow), n p >= 40 and p <= 1/2."""
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
        rhs = _log_fact(m) + _log_fact(ns - m) - _log_fact(xc) - _log_fact(ns - xc)
        rhs += (xc - m) * np.log(ps / (1.0 - ps))
        ok[slow] = (xs >= 0.0) & (xs <= ns) & (lhs <= rhs)
    return x, ok
