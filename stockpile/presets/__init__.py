"""Named, sourced scenarios.

Every number in a preset carries its source; numbers no public source gives are marked as
assumptions. ::

    sp.presets.names()                         # ['article-2024', 'russia-ukraine-2025', ...]
    sp.presets.load("russia-ukraine-2025")     # a Scenario
    sp.presets.sources("russia-ukraine-2025")  # a DataFrame: path, value, unit, source, ...
"""

from __future__ import annotations

import pandas as pd

from stockpile.errors import invalid
from stockpile.presets._registry import PRESETS, Figure, Preset
from stockpile.scenario import Scenario

__all__ = ["PRESETS", "Figure", "Preset", "describe", "load", "names", "sources"]


def names() -> list[str]:
    """Names of the built-in presets.

    Examples
    --------
    >>> import stockpile as sp
    >>> sp.presets.names()[:2]
    ['article-2024', 'russia-ukraine-2025']
    """
    return sorted(PRESETS)


def _get(name: str) -> Preset:
    if name not in PRESETS:
        raise invalid("preset", f"one of {names()}", name)
    return PRESETS[name]


def load(name: str) -> Scenario:
    """The scenario of preset ``name``.

    Raises
    ------
    StockpileError
        For an unknown name; the message lists the presets.
    """
    return _get(name).build()


def sources(name: str) -> pd.DataFrame:
    """Every figure of preset ``name`` with its unit, date, source and whether it is assumed.

    Returns
    -------
    DataFrame
        Columns ``path, value, unit, when, source, assumption``.
    """
    rows = [vars(f) for f in _get(name).figures]
    return pd.DataFrame(rows, columns=["path", "value", "unit", "when", "source", "assumption"])


def describe(name: str) -> str:
    """A printable description of preset ``name`` and its sources."""
    preset = _get(name)
    lines = [f"{name}: {preset.description}", ""]
    for f in preset.figures:
        flag = "ASSUMPTION" if f.assumption else f.when
        lines.append(f"  {f.path:<28} {f.value:>10} {f.unit:<22} [{flag}] {f.source}")
    return "\n".join(lines)
