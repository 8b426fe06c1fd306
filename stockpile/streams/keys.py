"""Naming the draws: a 64-bit key per run (:func:`run_keys`) and a 64-bit counter per draw
site (:func:`counter`)."""

from __future__ import annotations

import operator

import numpy as np
from numpy.typing import ArrayLike

from stockpile.errors import invalid
from stockpile.streams._hashing import GOLDEN, U64, mix

__all__ = ["counter", "run_keys"]


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
    z *= np.uint64(GOLDEN)
    z += e0
    return mix(mix(z) ^ e1).reshape(ids.shape)


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
