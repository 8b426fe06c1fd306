"""Named, sourced scenarios whose every figure is a range.

Each figure of a preset is a frozen ``scipy.stats`` distribution (its range) with a point
value, unit, date, source and grade (:data:`GRADES`: ``official``, ``claim``, ``press``,
``unverified``, ``record``, ``assumption``, ``scenario``, ``pending``). Loading a preset gives
a scenario whose parameters are those distributions, so an ensemble's bands hold parameter
uncertainty, not only count noise; ``point=True`` gives the point values, for closed-form
use. ::

    sp.presets.names()                                   # ['article-2024', ...]
    sp.presets.load("russia-ukraine-2025")               # a Scenario of ranges
    sp.presets.load("russia-ukraine-2025", point=True)   # the same with point values
    print(sp.presets.describe("russia-ukraine-2025"))    # point, 90 % range, grade, source
    sp.presets.sources("russia-ukraine-2025")            # the same as a DataFrame
    sp.presets.notes("russia-ukraine-2025")              # path -> one-line source note
    sp.explore.sobol(preset, sp.presets.ranges(name), "months_to_depletion")  # what drives it
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from stockpile.errors import invalid
from stockpile.presets._figures import FIXED_GRADES, GRADES, Figure
from stockpile.presets._registry import PRESETS, Preset
from stockpile.scenario import Scenario

__all__ = [
    "FIXED_GRADES",
    "GRADES",
    "PRESETS",
    "Figure",
    "Preset",
    "describe",
    "figures",
    "load",
    "names",
    "notes",
    "ranges",
    "sources",
]


def names() -> list[str]:
    """Names of the built-in presets.

    Examples
    --------
    >>> import stockpile as sp
    >>> sp.presets.names()  # doctest: +NORMALIZE_WHITESPACE
    ['article-2024', 'russia-europe-after-ceasefire', 'russia-ukraine-2025',
     'russia-ukraine-2025-07', 'russia-ukraine-2025-ceasefire']
    """
    return sorted(PRESETS)


def _get(name: str) -> Preset:
    if name not in PRESETS:
        raise invalid("preset", f"one of {names()}", name)
    return PRESETS[name]


def load(name: str, point: bool = False) -> Scenario:
    """The scenario of preset ``name``.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    point : bool
        Point values instead of ranges: one deterministic value per figure (the source's
        figure where it gives one, else the range's median; for a column of joint draws, the
        column's own median, taken column by column), for closed-form use.

    Raises
    ------
    StockpileError
        For an unknown name; the message lists the presets.
    """
    return _get(name).build(point=bool(point))


def figures(name: str) -> tuple[Figure, ...]:
    """The :class:`Figure` objects of preset ``name``."""
    return _get(name).figures


def ranges(name: str) -> dict[str, Any]:
    """Path → range of every figure that has one, rates wrapped in their unit: bounds for
    :func:`stockpile.explore.sobol`, :func:`~stockpile.explore.lhs` and the like."""
    return {f.path: f.value() for f in _get(name).figures if f.dist is not None}


def notes(name: str) -> dict[str, str]:
    """Path → one line on where its figure comes from (grade, date, source, 90 % range), for
    comments in a scenario file written from the preset."""
    return {f.path: f.note() for f in _get(name).figures}


def sources(name: str) -> pd.DataFrame:
    """Every figure of preset ``name``: its point value, range, unit, date, grade and source.

    Returns
    -------
    DataFrame
        One row per figure; columns ``path``, ``point``, ``low`` and ``high`` (the central
        90 % of the range; the point twice for a fixed figure), ``distribution`` (the
        ``scipy.stats`` family, ``"draws"`` for a column of joint draws, empty if fixed),
        ``unit``, ``when``, ``grade``, ``source``.
    """
    rows = []
    for f in _get(name).figures:
        low, high = (None, None) if isinstance(f.point, str) else f.interval()
        rows.append(
            {
                "path": f.path,
                "point": f.point,
                "low": low,
                "high": high,
                "distribution": f.family,
                "unit": f.unit,
                "when": f.when,
                "grade": f.grade,
                "source": f.source,
            }
        )
    return pd.DataFrame(rows)


def describe(name: str, width: int = 100) -> str:
    """A printable description of preset ``name``: each figure's point value and 90 % range,
    unit, grade and date, then its source, wrapped to ``width`` characters."""
    preset = _get(name)
    lines = [*textwrap.wrap(f"{name}: {preset.description}", width=width), ""]
    lines.append(f"  {'path':<26} {'point (90 % range)':<22} {'unit':<18} grade, date")
    for f in preset.figures:
        lines.append(f"  {f.path:<26} {f.shown():<22} {f.unit:<18} {f.grade.upper()}, {f.when}")
        lines += textwrap.wrap(
            f.source, width=width, initial_indent=" " * 6, subsequent_indent=" " * 6
        )
    used = sorted({f.grade for f in preset.figures}, key=list(GRADES).index)
    lines += ["", "grades:", *(f"  {g.upper():<11} {GRADES[g]}" for g in used)]
    return "\n".join(lines)
