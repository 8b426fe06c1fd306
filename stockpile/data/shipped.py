"""The monthly aggregates shipped with stockpile, and the file format they are stored in.

The file ``observed_monthly.csv`` beside this module is written by
``python -m stockpile.data.build ../shared/data`` (``make data``). It is a plain CSV: ``#``
comment lines (attribution and the rules used), then one row per month, a ``month`` column
(``2024-01``) and one column per measure and class, named ``launched.cruise`` ...
``destroyed.total``, counts rounded to 3 decimals.
"""

from __future__ import annotations

import os
from importlib import resources
from typing import IO, Any, Final

import pandas as pd

from stockpile.data.reader import MEASURES
from stockpile.errors import invalid

__all__ = [
    "ATTRIBUTION",
    "SHIPPED_FILE",
    "observed_monthly",
    "read_flat",
    "read_monthly",
    "write_monthly",
]

SHIPPED_FILE: Final = "observed_monthly.csv"

ATTRIBUTION: Final = """\
Source: "Massive Missile Attacks on Ukraine", compiled by P. Ivaniuk (Kaggle user piterfm) from
the daily reports of the Ukrainian Air Force and other commands,
https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine
(file missile_attacks_daily.csv with its catalogue missiles_and_uavs.csv).
These monthly counts are facts derived from it by stockpile.data; the license of the raw file
is not stated, so the raw file is not shipped. Read it with stockpile.data.read_attacks."""

_DECIMALS: Final = 3


def write_monthly(table: pd.DataFrame, file: str | os.PathLike[str] | IO[str], note: str) -> None:
    """Write a :func:`~stockpile.data.monthly` table in the shipped format.

    Parameters
    ----------
    table : pandas.DataFrame
        The monthly layout: ``PeriodIndex`` of months, ``(measure, class)`` columns.
    file : path or text file-like
        Where to write.
    note : str
        Lines to put after :data:`ATTRIBUTION` in the ``#`` header (how the table was built).
    """
    flat = table.round(_DECIMALS)
    flat.columns = [".".join(map(str, pair)) for pair in table.columns]
    flat.index = flat.index.astype(str)
    flat.index.name = "month"
    header = "".join(f"# {line}".rstrip() + "\n" for line in f"{ATTRIBUTION}\n{note}".splitlines())
    body = flat.to_csv(float_format="%.10g", lineterminator="\n")
    if isinstance(file, (str, os.PathLike)):
        with open(file, "w", encoding="utf-8", newline="") as stream:
            stream.write(header + body)
    else:
        file.write(header + body)


def read_monthly(file: str | os.PathLike[str] | IO[Any]) -> pd.DataFrame:
    """Read a table written by :func:`write_monthly` into the layout of
    :func:`~stockpile.data.monthly` (``PeriodIndex`` named ``month``; columns
    ``(measure, class)``; float counts per month)."""
    return read_flat(file, ["measure", "class"], "a monthly table", "launched.cruise")


def read_flat(
    file: str | os.PathLike[str] | IO[Any], levels: list[str], what: str, example: str
) -> pd.DataFrame:
    """Read a shipped CSV whose columns are dotted names (``launched.cruise``) into a table
    with a ``PeriodIndex`` named ``month`` and a column ``MultiIndex`` named ``levels``, the
    first level a measure. ``what`` and ``example`` describe the expected table in the
    message for anything else. [missiles/month]"""
    flat = pd.read_csv(file, comment="#", index_col="month", dtype={"month": str})
    parts = [tuple(str(name).split(".", len(levels) - 1)) for name in flat.columns]
    if not parts or any(len(p) != len(levels) or p[0] not in MEASURES for p in parts):
        raise invalid("file", f"{what} with columns named like {example!r}", list(flat.columns)[:4])
    flat.columns = pd.MultiIndex.from_tuples(parts, names=levels)
    flat.index = pd.PeriodIndex(flat.index, freq="M", name="month")
    return flat.astype(float)


def observed_monthly() -> pd.DataFrame:
    """Monthly launches and kills as observed, shipped with stockpile (2022-09 to 2025-06).

    Built from the published daily record with the defaults of
    :func:`~stockpile.data.read_attacks` (national-level reports, ``merged="split"``).

    Returns
    -------
    pandas.DataFrame
        The layout of :func:`~stockpile.data.monthly`: ``PeriodIndex`` named ``month``, columns
        ``(measure, class)`` with ``measure`` in ``launched``, ``destroyed`` and ``class`` in
        :data:`~stockpile.data.CLASSES` plus ``total`` (all missiles), in [missiles/month]
        ([drones/month] for ``drone``). A new frame on each call.

    Examples
    --------
    >>> observed = observed_monthly()
    >>> int(observed.loc["2024", ("launched", "total")].sum())
    2003
    """
    source = resources.files("stockpile.data").joinpath(SHIPPED_FILE)
    with source.open("r", encoding="utf-8") as stream:
        return read_monthly(stream)
