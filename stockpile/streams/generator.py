"""The bit generator: a 64-bit key per run, a 64-bit hash per draw, random bits from the two.

A run's key comes from the seed and the run id (:func:`run_keys`), a named draw site folds a
64-bit hash of its name into the keys (:func:`fold`), a draw's counter (:func:`counter`) and
the sampler's sub-counters are hashed in Python into one 64-bit *stream hash*, and each element
then costs one SplitMix64 finaliser round on ``key ^ stream hash``. A stream hash is one int for
all elements, or a uint64 array of one per element (several rejection attempts at once); both
give the same bits. The construction and its statistical check are described in
:mod:`stockpile.streams`.
"""

from __future__ import annotations

import hashlib
import operator

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stockpile.errors import invalid

__all__ = [
    "F64",
    "U64",
    "Bools",
    "StreamHash",
    "counter",
    "fold",
    "mix",
    "random_bits",
    "run_keys",
    "stream_hash",
    "substream",
    "uniform",
    "uniform_pair",
    "uniforms",
]

F64 = NDArray[np.float64]
U64 = NDArray[np.uint64]
Bools = NDArray[np.bool_]
StreamHash = int | U64  # one for all elements, or one per element

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15  # 2**64 / golden ratio, odd: the Weyl increment of SplitMix64
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # Stafford's Mix13 multipliers
_COUNTER_SALT = 0x5851F42D4C957F2D
_ONE_BITS = np.uint64(0x3FF0000000000000)  # the bits of 1.0

# Sub-stream tags: under one stream hash, each tag names one use of random bits.
INVERSION, REJECTION, BOOST, NORMAL, GAMMA, BINOMIAL, MIXING, COUNTS = range(1, 9)


def _mix_int(x: int) -> int:
    """SplitMix64 finaliser on a Python int (exact 64-bit wrap-around)."""
    x &= MASK
    x = ((x ^ (x >> 30)) * _M1) & MASK
    x = ((x ^ (x >> 27)) * _M2) & MASK
    return x ^ (x >> 31)


_U30, _U27, _U31 = np.uint64(30), np.uint64(27), np.uint64(31)
_UM1, _UM2 = np.uint64(_M1), np.uint64(_M2)


def mix(z: U64) -> U64:
    """SplitMix64 finaliser, in place on a uint64 array (array ops wrap and never warn)."""
    t = z >> _U30
    z ^= t
    z *= _UM1
    np.right_shift(z, _U27, out=t)
    z ^= t
    z *= _UM2
    np.right_shift(z, _U31, out=t)
    z ^= t
    return z


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
    if isinstance(seed, bool):
        raise invalid("seed", "a non-negative integer, a SeedSequence or None", seed)
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
    z *= np.uint64(GOLDEN)
    z += e0
    return mix(mix(z) ^ e1).reshape(ids.shape)


def fold(keys: ArrayLike, name: str) -> U64:
    """Derive the keys of a named draw site from run keys, like JAX's ``fold_in``.

    Each key becomes ``mix(mix(key ^ h) + 0x9E3779B97F4A7C15)``, with ``h`` the first 64 bits
    of the BLAKE2b hash of ``name`` (UTF-8). Distinct names give unrelated keys: two names
    share keys only if their 64-bit hashes collide (probability ~2**-64 per pair), so every
    uncertain parameter, keyed by its path, has a stream of its own.

    Parameters
    ----------
    keys : numpy.ndarray of uint64
        Run keys from :func:`run_keys` (or from another :func:`fold`), any shape.
    name : str
        The draw site, e.g. ``"parameter:patriot.pk"``.

    Returns
    -------
    numpy.ndarray of uint64
        The site's keys, shape of ``keys``; use them with any counter.
    """
    k = _keys(keys)
    if not isinstance(name, str):
        raise invalid("name", "a string", name)
    h = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")
    z = mix(k ^ np.uint64(h))
    z += np.uint64(GOLDEN)
    return mix(z)


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


def _keys(keys: ArrayLike) -> U64:
    k = np.asarray(keys)
    if k.dtype != np.uint64:
        raise invalid("keys", "a uint64 array from run_keys", f"an array of dtype {k.dtype}")
    return k


def stream_hash(keys: ArrayLike, ctr: int) -> tuple[U64, tuple[int, ...], int]:
    """Validated flat keys, their shape, and the stream hash of counter ``ctr``."""
    k = _keys(keys)
    try:
        c = operator.index(ctr)
    except TypeError:
        raise invalid("ctr", "an integer in [0, 2**64)", ctr) from None
    if not 0 <= c <= MASK:
        raise invalid("ctr", "an integer in [0, 2**64)", ctr)
    return k.reshape(-1), k.shape, _mix_int(_mix_int(c ^ _COUNTER_SALT) + GOLDEN)


def substream(h: StreamHash, *parts: int) -> StreamHash:
    """Stream hash of sub-counter ``parts`` (small ints) under ``h``, bit-identical both ways."""
    if isinstance(h, int):
        for part in parts:
            h = _mix_int(h + (part + 1) * GOLDEN)
        return h
    for part in parts:
        h = mix(h + np.uint64(((part + 1) * GOLDEN) & MASK))
    return h


def random_bits(keys: U64, h: StreamHash) -> U64:
    """64 random bits per element: the finaliser on ``keys ^ h`` (a new array)."""
    return mix(keys ^ (np.uint64(h) if isinstance(h, int) else h))


def uniforms(keys: U64, h: StreamHash) -> F64:
    """Uniforms in (0, 1) for flat keys and stream hash ``h``: ``(2j + 1) / 2**53``."""
    z = random_bits(keys, h)
    z >>= np.uint64(12)
    z |= _ONE_BITS
    u: F64 = z.view(np.float64)  # 1 + j 2**-52, j in [0, 2**52)
    u -= 1.0 - 2.0**-53  # (2j + 1) 2**-53, exact (Sterbenz)
    return u


def uniform_pair(keys: U64, h: StreamHash) -> F64:
    """Uniforms of sub-streams 0 and 1 of ``h`` in one pass: shape (2, n)."""
    hs = [substream(h, 0), substream(h, 1)]
    return uniforms(keys, np.array(hs, np.uint64)[:, None] if isinstance(h, int) else np.stack(hs))


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
    flat, shape, h = stream_hash(keys, ctr)
    return uniforms(flat, h).reshape(shape)
