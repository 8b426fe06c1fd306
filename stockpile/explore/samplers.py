"""Designs: points of the parameter space, one row per point and one column per path.

Quasi-random and Latin-hypercube points come from :mod:`scipy.stats.qmc`; a full-factorial
:func:`grid` crosses the levels of every parameter. Each column holds its parameter's values in
the user's unit (a rate's unit is kept in ``design.attrs["units"]``, path → ``"year"`` or
``"month"``, and :func:`~stockpile.explore.sweep` wraps the values back with it)::

    design = sp.explore.lhs(bounds, n=10_000, seed=1)
    design = sp.explore.sample(bounds, n=4096, method="sobol", seed=1)
    design = sp.explore.grid(bounds, levels=5)

=========== ====================================================== =====================
method      points                                                 ``n``
=========== ====================================================== =====================
``lhs``     Latin hypercube: each parameter's range in ``n`` strata any whole number >= 1
``sobol``   scrambled Sobol' sequence (low discrepancy)            a power of two
``halton``  scrambled Halton sequence (low discrepancy)            any whole number >= 1
``random``  independent uniforms                                   any whole number >= 1
=========== ====================================================== =====================
"""

from __future__ import annotations

import inspect
import itertools
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import qmc

from stockpile.errors import invalid
from stockpile.explore.bounds import Bound, parse_bounds
from stockpile.explore.memory import check_fits
from stockpile.validation import check, whole

__all__ = [
    "SAMPLERS",
    "design_frame",
    "grid",
    "halton",
    "lhs",
    "sample",
    "sobol_sequence",
    "unit_points",
]

Array = NDArray[np.float64]
Seed = int | np.random.Generator | np.random.SeedSequence | None


def _engine(cls: Any, d: int, seed: Seed) -> Any:
    """A ``qmc`` engine seeded with ``rng=`` (scipy >= 1.15) or ``seed=`` (older)."""
    rng = np.random.default_rng(seed)
    keyword = "rng" if "rng" in inspect.signature(cls).parameters else "seed"
    return cls(d, **{keyword: rng})


def _lhs(d: int, n: int, seed: Seed) -> Array:
    return np.asarray(_engine(qmc.LatinHypercube, d, seed).random(n))


def _sobol(d: int, n: int, seed: Seed) -> Array:
    return np.asarray(_engine(qmc.Sobol, d, seed).random(n))


def _halton(d: int, n: int, seed: Seed) -> Array:
    return np.asarray(_engine(qmc.Halton, d, seed).random(n))


def _random(d: int, n: int, seed: Seed) -> Array:
    return np.random.default_rng(seed).random((n, d))


#: Sampler registry: method name → ``sampler(d, n, seed)`` returning ``(n, d)`` points of the
#: unit cube.
SAMPLERS: dict[str, Callable[[int, int, Seed], Array]] = {
    "lhs": _lhs,
    "sobol": _sobol,
    "halton": _halton,
    "random": _random,
}


def _check_n(n: Any, method: str) -> int:
    check(n, "n")
    if method == "sobol" and n & (n - 1):
        low = 1 << (int(n).bit_length() - 1)
        raise invalid(
            "n",
            "a power of two for Sobol' points (their balance needs it)",
            n,
            hint=f"Use n={low} or n={2 * low}.",
        )
    return int(n)


#: Peak bytes per design value while a design is built: the unit points, the sampler's own
#: work arrays and the design's column, with room for the sweep's table. [bytes]
_BYTES_PER_VALUE = 8 * 6


def unit_points(d: int, n: int, *, method: str = "lhs", seed: Seed = None) -> Array:
    """Points of the unit cube ``(0, 1)^d``.

    Parameters
    ----------
    d : int
        Number of dimensions.
    n : int
        Number of points (a power of two for ``"sobol"``).
    method : str
        A key of :data:`SAMPLERS`.
    seed : int, numpy.random.Generator or SeedSequence, optional
        Seed of the scrambling / permutations.

    Returns
    -------
    numpy.ndarray of shape (n, d)
    """
    if method not in SAMPLERS:
        raise invalid("method", f"one of {sorted(SAMPLERS)}", method)
    n = _check_n(n, method)
    check(seed, "seed", "sampler_seed")
    check_fits(
        "n",
        n,
        n,
        _BYTES_PER_VALUE * max(d, 1),
        what=f"points of {d} parameter(s)",
        hint="Use fewer points, or sweep several smaller designs (each with out= to keep it).",
    )
    return SAMPLERS[method](d, n, seed)


def design_frame(bounds: list[Bound], u: Array) -> pd.DataFrame:
    """Map points of the unit cube through each parameter's bound.

    Parameters
    ----------
    bounds : list of Bound
        From :func:`~stockpile.explore.bounds.parse_bounds`.
    u : numpy.ndarray of shape (n, len(bounds))
        Points of (0, 1)^d.

    Returns
    -------
    DataFrame
        One row per point (index ``point``), one column per path, in the user's unit; rates'
        units in ``attrs["units"]``.
    """
    frame = pd.DataFrame({b.path: b.spec.from_unit(u[:, i]) for i, b in enumerate(bounds)})
    frame.index.name = "point"
    frame.attrs["units"] = {b.path: b.per for b in bounds if b.per is not None}
    return frame


def sample(
    bounds: Mapping[str, Any], n: int, *, method: str = "lhs", seed: Seed = None
) -> pd.DataFrame:
    """A design of ``n`` points drawn by ``method`` within ``bounds``.

    Parameters
    ----------
    bounds : mapping
        Parameter path → bound (:mod:`stockpile.explore.bounds`), e.g.
        ``{"ballistic.production": sp.per_year((600, 1500)), "patriot.pk": (0.5, 0.9)}``.
    n : int
        Number of points (a power of two for ``"sobol"``).
    method : {"lhs", "sobol", "halton", "random"}
        See :data:`SAMPLERS`.
    seed : int, numpy.random.Generator or SeedSequence, optional
        Makes the design reproducible.

    Returns
    -------
    DataFrame of shape (n, len(bounds))
        Columns named by path, values in the user's unit (rates' units in
        ``attrs["units"]``), index ``point``.
    """
    parsed = parse_bounds(bounds)
    return design_frame(parsed, unit_points(len(parsed), n, method=method, seed=seed))


def lhs(bounds: Mapping[str, Any], n: int, *, seed: Seed = None) -> pd.DataFrame:
    """A Latin-hypercube design of ``n`` points (see :func:`sample`)."""
    return sample(bounds, n, method="lhs", seed=seed)


def sobol_sequence(bounds: Mapping[str, Any], n: int, *, seed: Seed = None) -> pd.DataFrame:
    """A scrambled Sobol' design of ``n`` points, ``n`` a power of two (see :func:`sample`).

    (:func:`stockpile.explore.sobol` is the sensitivity analysis.)
    """
    return sample(bounds, n, method="sobol", seed=seed)


def halton(bounds: Mapping[str, Any], n: int, *, seed: Seed = None) -> pd.DataFrame:
    """A scrambled Halton design of ``n`` points (see :func:`sample`)."""
    return sample(bounds, n, method="halton", seed=seed)


def grid(bounds: Mapping[str, Any], levels: int | Mapping[str, int] = 5) -> pd.DataFrame:
    """A full-factorial design: every combination of every parameter's levels.

    Parameters
    ----------
    bounds : mapping
        Parameter path → bound. Ranges give ``levels`` evenly spaced values (ends included),
        whole-number and month ranges at most that many, choices all their values,
        distributions the quantiles at the midpoints of ``levels`` equal-probability bins.
    levels : int or mapping of path to int
        Levels per parameter (>= 2), one number for all or one per path.

    Returns
    -------
    DataFrame
        ``prod(levels)`` rows (the last path varies fastest), columns as :func:`sample`.
    """
    parsed = parse_bounds(bounds)
    counts: dict[str, int] = {}
    for b in parsed:
        k = levels.get(b.path, 5) if isinstance(levels, Mapping) else levels
        check(k, "levels", whole(2, "levels"))
        counts[b.path] = int(k)
    values = [b.spec.levels(counts[b.path]) for b in parsed]
    rows = math.prod(len(v) for v in values)
    check_fits(
        "levels",
        levels,
        rows,
        _BYTES_PER_VALUE * len(parsed),
        what=f"grid points of {len(parsed)} parameter(s)",
        hint="Use fewer levels (one count per path: levels={path: k}) or fewer parameters.",
    )
    index = np.array(list(itertools.product(*(range(len(v)) for v in values))), dtype=np.intp)
    frame = pd.DataFrame(
        {
            b.path: pd.Series(v).iloc[index[:, i]].reset_index(drop=True)
            for i, (b, v) in enumerate(zip(parsed, values, strict=True))
        }
    )
    frame.index.name = "point"
    frame.attrs["units"] = {b.path: b.per for b in parsed if b.per is not None}
    return frame
