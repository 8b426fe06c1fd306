"""Per-element parameters of the samplers: validation, subsets and rejection loops.

Samplers work on flat arrays. A parameter is 0-d when every element shares its value (cheaper
paths: constants computed once, tabulated inversion) and flat otherwise; element ``i``'s draw
depends on its key and its own parameters only, whichever form they take.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stockpile.errors import invalid
from stockpile.streams.generator import F64, REJECTION, U64, Bools, StreamHash, substream

__all__ = [
    "COUNT",
    "FINITE",
    "POSITIVE",
    "PROBABILITY",
    "Attempt",
    "Positions",
    "Rule",
    "at",
    "branches",
    "parameter",
    "parameter_and_range",
    "reject",
    "replace_where",
]

Positions = NDArray[np.intp] | None  # element positions; None means every element
A = TypeVar("A", bound=np.ndarray | int)
Attempt = Callable[[U64, tuple[F64, ...], StreamHash], tuple[F64, Bools]]


@dataclass(frozen=True)
class Rule:
    """What a parameter must be: its description, its bounds, and whether it is whole."""

    expected: str
    low: float
    high: float
    integer: bool = False

    def bad(self, x: F64) -> Bools:
        """Which values break the rule (NaN always does)."""
        ok = (x >= self.low) & (x <= self.high)
        if self.integer:
            ok &= x == np.floor(x)
        return ~ok


FINITE = Rule("finite and >= 0", 0.0, np.finfo(np.float64).max)
POSITIVE = Rule("> 0 (inf for Poisson)", np.nextafter(0.0, 1.0), np.inf)
COUNT = Rule("a non-negative integer", 0.0, np.finfo(np.float64).max, integer=True)
PROBABILITY = Rule("a probability in [0, 1]", 0.0, 1.0)


def parameter(name: str, value: ArrayLike, shape: tuple[int, ...], rule: Rule) -> F64:
    """Validated float64 parameter: 0-d if all its values are equal, else flat of ``shape``.

    The check reads the smallest and largest value (no temporaries), and an array of equal
    values becomes 0-d: the samplers give the same draws either way.
    """
    return parameter_and_range(name, value, shape, rule)[0]


def parameter_and_range(
    name: str, value: ArrayLike, shape: tuple[int, ...], rule: Rule
) -> tuple[F64, float, float]:
    """:func:`parameter` with its smallest and largest value (0 and 0 when empty)."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.size > 1 and not any(arr.strides) and arr.shape == shape:  # a broadcast scalar
        arr = arr[(0,) * arr.ndim]
    if arr.size == 1 and arr.ndim <= len(shape):  # one value for all: checked as a float
        if 0 in shape:
            return np.zeros(0), 0.0, 0.0
        v = float(arr.reshape(-1)[0])
        if not rule.low <= v <= rule.high or (rule.integer and v != math.floor(v)):
            raise invalid(name, rule.expected, v)  # NaN fails too
        return np.array(v), v, v
    try:
        full = arr if arr.shape == shape else np.broadcast_to(arr, shape)  # nothing copied yet
    except ValueError:
        raise invalid(name, f"broadcastable to the keys' shape {shape}", arr.shape) from None
    if full.size == 0:
        return np.zeros(0), 0.0, 0.0
    low, high = full.min(), full.max()  # NaN propagates and fails the test below
    out = np.asarray(low).reshape(()) if low == high else np.ascontiguousarray(full).reshape(-1)
    if not (low >= rule.low and high <= rule.high) or (
        rule.integer and (np.floor(out) != out).any()
    ):
        flat = np.reshape(full, -1)
        raise invalid(name, rule.expected, float(flat[np.flatnonzero(rule.bad(flat))[0]]))
    return out, float(low), float(high)


def at(x: A, pos: Positions) -> A:
    """Flat array at positions ``pos``; 0-d parameters and int stream hashes serve every one."""
    if pos is None or isinstance(x, int) or x.ndim == 0:
        return x
    return cast(A, x[pos])


def branches(cond: Bools) -> list[tuple[Positions, bool]]:
    """Non-empty index sets where ``cond`` is True and False (None: every element)."""
    if cond.ndim == 0:
        return [(None, bool(cond))]
    if cond.all() or not cond.any():
        return [(None, bool(cond.all()))]
    return [(np.flatnonzero(cond), True), (np.flatnonzero(~cond), False)]


def replace_where(cond: Bools, out: F64, fn: Callable[[Positions], F64]) -> F64:
    """``out`` (never written) with ``fn(pos)`` at the positions ``pos`` where ``cond`` holds:
    ``fn(None)`` itself when it holds everywhere, ``out`` itself when nowhere."""
    for pos, yes in branches(cond):
        if yes:
            if pos is None:
                return fn(None)
            out = np.broadcast_to(out, cond.shape).copy()
            out[pos] = fn(pos)
    return out


def reject(
    keys: U64, h: StreamHash, params: tuple[F64, ...], attempt: Attempt, batch: int = 1
) -> F64:
    """Run attempts 0, 1, ... (stream hashes under ``h``) on the still-rejected elements only.

    With ``batch > 1``, once few elements remain, up to ``batch`` attempts run at once (for
    samplers of modest acceptance, this saves loop overhead); each keeps its first acceptance.
    """
    out, pos, t, h = np.empty(keys.shape), None, 0, substream(h, REJECTION)
    while True:
        k, hk, ps = at(keys, pos), at(h, pos), tuple(at(p, pos) for p in params)
        tries = 1 if pos is None else min(batch, max(1, 2048 // k.size))
        if tries == 1:
            x, ok = attempt(k, ps, substream(hk, t))
        else:  # stream hashes of attempts t .. t + tries - 1, attempt-major
            hashes = np.array([substream(hk, t + i) for i in range(tries)], np.uint64)
            flat = np.repeat(hashes, k.size) if hashes.ndim == 1 else hashes.ravel()
            ps = tuple(p if p.ndim == 0 else np.tile(p, tries) for p in ps)
            x, ok = attempt(np.tile(k, tries), ps, flat)
            first = ok.reshape(tries, -1).argmax(axis=0) * k.size + np.arange(k.size)
            x, ok = x[first], ok[first]
        if pos is None:
            out = x
        else:
            out[pos[ok]] = x[ok]
        rejected = np.flatnonzero(~ok)
        if not rejected.size:
            return out
        pos, t = (rejected if pos is None else pos[rejected]), t + tries
