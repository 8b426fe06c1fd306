"""Continuous samplers on flat keys and a stream hash: standard normal by the ziggurat
(Marsaglia & Tsang 2000, 256 layers) and gamma by Marsaglia & Tsang (2000), shape < 1 by
``Gamma(a+1) U**(1/a)``."""

from __future__ import annotations

import math

import numpy as np

from stockpile.streams._hashing import BOOST, F64, U64, Bools, H, bits, child, unif, unif2
from stockpile.streams._subsets import Idx, at, hat, reject, update

__all__ = ["gamma", "normal"]

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


def normal(keys: U64, h: H) -> F64:
    """Standard normals by the ziggurat."""

    def tail(k: U64, _: tuple[F64, ...], ha: H) -> tuple[F64, Bools]:  # Marsaglia's tail
        x, y = np.log(unif2(k, ha))
        x *= -1.0 / _ZIG_R
        return x, y + y <= -x * x  # y here is -log

    def attempt(k: U64, _: tuple[F64, ...], ha: H) -> tuple[F64, Bools]:
        z = bits(k, child(ha, 0))
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
            u = unif(k[rest], child(hat(ha, rest), 1))
            ok[rest] = (ir > 0) & (_ZF[ir] + u * (_ZF[ir - 1] - _ZF[ir]) < np.exp(-0.5 * xr * xr))
            out = rest[ir == 0]  # beyond r in the base strip
            if out.size:
                excess = reject(k[out], child(hat(ha, out), 2), (), tail)
                x[out] = np.copysign(_ZIG_R + excess, x[out])
                ok[out] = True
        return x, ok

    return reject(keys, h, (), attempt)


def gamma(keys: U64, h: H, a: F64) -> F64:
    """Gamma(a, 1) for shapes a > 0 (0-d or flat)."""
    boost = a < 1.0
    d = np.where(boost, a + 1.0, a) - 1.0 / 3.0

    def attempt(k: U64, ps: tuple[F64, ...], ha: H) -> tuple[F64, Bools]:
        (d,) = ps
        x = normal(k, child(ha, 0))
        u = unif(k, child(ha, 1))
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

    def boosted(pos: Idx) -> F64:  # Gamma(a + 1) U**(1/a) for a < 1
        ub = unif(at(keys, pos), child(h, BOOST))
        with np.errstate(over="ignore", under="ignore"):
            factor = np.exp(np.log(ub) / at(a, pos))
        return factor * at(g, pos)

    g = reject(keys, h, (d,), attempt)
    return update(boost, g, boosted)
