"""Hashing of (run key, counter) to random bits and uniforms: the generator itself.

A counter and its sub-counters are hashed in Python into a 64-bit stream hash; each element
then costs one SplitMix64 finaliser round on ``key ^ hash`` (see :mod:`stockpile.streams`).
A stream hash is one int for all elements, or a uint64 array of one per element (several
rejection attempts at once); both give the same bits.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BIN",
    "BOOST",
    "F64",
    "GAMMA",
    "GOLDEN",
    "INV",
    "MASK",
    "NB_GAMMA",
    "NB_POIS",
    "NORMAL",
    "REJ",
    "U64",
    "Bools",
    "H",
    "bits",
    "child",
    "mix",
    "mix_int",
    "unif",
    "unif2",
]

F64 = NDArray[np.float64]
U64 = NDArray[np.uint64]
Bools = NDArray[np.bool_]
H = int | U64  # stream hash: one for all elements, or one per element

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_ONE_BITS = np.uint64(0x3FF0000000000000)
INV, REJ, BOOST, NORMAL, GAMMA, BIN, NB_GAMMA, NB_POIS = range(1, 9)  # sub-stream tags


def mix_int(x: int) -> int:
    """SplitMix64 finaliser on a Python int (exact 64-bit wrap-around)."""
    x &= MASK
    x = ((x ^ (x >> 30)) * _M1) & MASK
    x = ((x ^ (x >> 27)) * _M2) & MASK
    return x ^ (x >> 31)


def child(h: H, *parts: int) -> H:
    """Stream hash of sub-counter ``parts`` (small ints) under ``h``, bit-identical both ways."""
    if isinstance(h, int):
        for part in parts:
            h = mix_int(h + (part + 1) * GOLDEN)
        return h
    for part in parts:
        h = mix(h + np.uint64(((part + 1) * GOLDEN) & MASK))
    return h


def mix(z: U64) -> U64:
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


def bits(keys: U64, h: H | U64) -> U64:
    return mix(keys ^ (np.uint64(h) if isinstance(h, int) else h))


def unif(keys: U64, h: H) -> F64:
    """Uniforms in (0, 1) for flat keys and stream hash ``h``."""
    z = bits(keys, h)
    z >>= np.uint64(12)
    z |= _ONE_BITS
    u: F64 = z.view(np.float64)  # 1 + j 2**-52, j in [0, 2**52)
    u -= 1.0 - 2.0**-53  # (2j + 1) 2**-53, exact (Sterbenz)
    return u


def unif2(keys: U64, h: H) -> F64:
    """``unif`` of sub-streams 0 and 1 of ``h`` in one pass: shape (2, n)."""
    hs = [child(h, 0), child(h, 1)]
    return unif(keys, np.array(hs, np.uint64)[:, None] if isinstance(h, int) else np.stack(hs))
