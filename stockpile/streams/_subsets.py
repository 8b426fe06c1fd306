"""Working on subsets of the elements: gather and scatter, branching on a per-element
condition, and rejection loops that rerun only the still-rejected elements."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import numpy as np
from numpy.typing import NDArray

from stockpile.streams._hashing import F64, REJ, U64, Bools, H, child

__all__ = ["Attempt", "Idx", "at", "branches", "hat", "put", "reject", "update"]

Idx = NDArray[np.intp] | None  # element positions; None means every element
A = TypeVar("A", bound=np.ndarray)
Attempt = Callable[[U64, tuple[F64, ...], H], tuple[F64, Bools]]


def hat(h: H, pos: Idx) -> H:
    """Stream hash ``h`` at positions ``pos`` (an int hash serves every element)."""
    return h if pos is None or isinstance(h, int) else h[pos]


def at(x: A, pos: Idx) -> A:
    """Flat array (or 0-d parameter, returned as is) at positions ``pos``."""
    return x if pos is None or x.ndim == 0 else cast(A, x[pos])


def put(out: F64, pos: Idx, x: F64) -> F64:
    if pos is None:
        return x
    out[pos] = x
    return out


def branches(cond: Bools) -> list[tuple[Idx, bool]]:
    """Non-empty index sets where ``cond`` is True and False (None: every element)."""
    if cond.ndim == 0 or cond.all() or not cond.any():
        return [(None, bool(cond.all()))]
    return [(np.flatnonzero(cond), True), (np.flatnonzero(~cond), False)]


def update(cond: Bools, out: F64, fn: Callable[[Idx], F64]) -> F64:
    """``out`` (never written) with ``fn(pos)`` at the positions ``pos`` where ``cond`` holds:
    ``fn(None)`` itself when it holds everywhere, ``out`` itself when nowhere."""
    for pos, yes in branches(cond):
        if yes:
            if pos is None:
                return fn(None)
            out = np.broadcast_to(out, cond.shape).copy()
            out[pos] = fn(pos)
    return out


def reject(keys: U64, h: H, params: tuple[F64, ...], attempt: Attempt, batch: int = 1) -> F64:
    """Run attempts 0, 1, ... (stream hashes under ``h``) on the still-rejected elements only.

    With ``batch > 1``, once few elements remain, up to ``batch`` attempts run at once (for
    samplers of modest acceptance, this saves loop overhead); each keeps its first acceptance.
    """
    out, pos, t, h = np.empty(keys.shape), None, 0, child(h, REJ)
    while True:
        k, hh, ps = at(keys, pos), hat(h, pos), tuple(at(p, pos) for p in params)
        m = 1 if pos is None else min(batch, max(1, 2048 // k.size))
        if m == 1:
            x, ok = attempt(k, ps, child(hh, t))
        else:  # hashes of attempts t .. t + m - 1, attempt-major
            hs = np.array([child(hh, t + i) for i in range(m)], np.uint64)  # (m,) or (m, n)
            ha = np.repeat(hs, k.size) if hs.ndim == 1 else hs.ravel()
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
