"""Discrete draws by inversion of the CDF: walking each element's CDF, or, for parameters
that take a few values, reading a CDF table built by the same recursion (same draws)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from stockpile.streams._hashing import F64
from stockpile.streams._subsets import Idx, at

__all__ = ["MARGIN", "TABLE_MIN", "Step", "inversion", "table"]

Step = Callable[[int, tuple[F64, ...]], F64]

#: ``u`` is compared with the summed CDF as ``u * MARGIN``, so that rounding of the sum never
#: leaves ``u`` out of reach (the CDF moves by < 1e-12).
MARGIN = 1.0 - 2.0**-40
#: Below this many draws, building a CDF table costs more than walking each element's CDF.
TABLE_MIN = 512


def inversion(u: F64, p: F64, params: tuple[F64, ...], step: Step) -> F64:
    """Return #{j >= 0 : u > F_j}, F_j = p_0 + ... + p_j, p_j = p_(j-1) * step(j, params).

    Works on every element while most are still searching, then on the shrinking rest.
    """
    u = u * MARGIN
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


def table(u: F64, p0: F64, params: tuple[F64, ...], step: Step, cols: int, row: Idx) -> F64:
    """:func:`inversion`, bit for bit, for elements whose parameters are rows of a small table.

    ``p0`` and ``params`` are per row (0-d for a single row) and ``row`` maps elements to rows.
    The CDF table is built by the same recursion (sequential cumprod and cumsum) over ``cols``
    steps; each element starts from a guide table (a lower bound) and walks up to its answer.
    """
    u = u * MARGIN
    p = np.broadcast_to(np.reshape(p0, (-1, 1)), (np.size(p0), cols + 1)).copy()
    j = np.arange(1.0, cols + 1.0)
    p[:, 1:] = step(j, tuple(np.reshape(q, (-1, 1)) for q in params))  # type: ignore[arg-type]
    f = np.cumsum(np.cumprod(p, axis=1), axis=1)
    if not (f[:, -1] >= MARGIN * (1.0 - 2.0**-53)).all():  # every u must be reached
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
