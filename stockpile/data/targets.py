"""Launches and kills by the place the daily reports name as the target: Kyiv against the rest.

Where the daily rows name Kyiv (the city or its oblast) as the target, ballistic missiles were
destroyed far more often than where they name other places or none: the capital is defended
first. :func:`by_target` totals a record from :func:`~stockpile.data.read_attacks` by month, class
and whether its ``target`` names a place; :func:`observed_by_target` is the same table for Kyiv,
shipped with stockpile (``observed_targets.csv``, written by ``python -m stockpile.data.build
../shared/data``)::

    import stockpile.data as spd
    table = spd.observed_by_target()
    window = table.loc["2024-01":"2025-06"].sum()
    window["destroyed", "ballistic", "kyiv"] / window["launched", "ballistic", "kyiv"]

A row "names" a place when its ``target`` holds the place's name as a word, alone or among
others: ``"Kyiv"``, ``"Kyiv oblast"`` and ``"Kyiv oblast and Sumy oblast"`` name Kyiv;
``"Ukraine"``, ``"south"`` and an empty target do not, although some of those raids also flew
at Kyiv. So the ``kyiv`` columns count what the reports attribute to Kyiv (a lower bound of
what flew at it), and ``rest`` every other missile.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from typing import IO, Any, Final

import pandas as pd

from stockpile.data.catalogue import MISSILE_CLASSES
from stockpile.data.reader import MEASURES, monthly
from stockpile.data.shipped import read_flat, write_monthly
from stockpile.errors import invalid

__all__ = ["KYIV", "TARGETS_FILE", "by_target", "names_place", "observed_by_target"]

TARGETS_FILE: Final = "observed_targets.csv"
#: The place of the shipped table :func:`observed_by_target`.
KYIV: Final = "Kyiv"
#: The missile classes of the table, in the order of :data:`~stockpile.data.CLASSES`.
_CLASSES: Final = ("cruise", "ballistic", "s300_s400", "other_missile")


def names_place(target: pd.Series, place: str) -> pd.Series:
    """Whether each ``target`` names ``place`` as a word (case as written: ``"Kyiv"``).

    Parameters
    ----------
    target : pandas.Series of str
        The ``target`` column of :func:`~stockpile.data.read_attacks`.
    place : str
        A place name, e.g. ``"Kyiv"``.

    Returns
    -------
    pandas.Series of bool
        ``True`` for ``"Kyiv"``, ``"Kyiv oblast"``, ``"Kyiv oblast and Sumy oblast"``; ``False``
        for ``"Ukraine"``, ``""`` and names that only contain it (``"Kyivska"``).
    """
    if not isinstance(place, str) or not place.strip():
        raise invalid("place", "a place name such as 'Kyiv'", place)
    pattern = rf"(?<!\w){re.escape(place.strip())}(?!\w)"
    return target.fillna("").astype(str).str.contains(pattern, regex=True)


def by_target(
    record: pd.DataFrame,
    place: str = KYIV,
    *,
    start: str | pd.Period | None = None,
    end: str | pd.Period | None = None,
) -> pd.DataFrame:
    """Total a record by month and class, apart for the rows whose target names ``place``.

    Parameters
    ----------
    record : pandas.DataFrame
        As returned by :func:`~stockpile.data.read_attacks` (needs ``target`` besides the
        columns :func:`~stockpile.data.monthly` needs).
    place : str, default "Kyiv"
        The place whose rows are counted apart (see :func:`names_place`).
    start, end : str or pandas.Period, optional
        First and last month, as for :func:`~stockpile.data.monthly`.

    Returns
    -------
    pandas.DataFrame
        Index: ``PeriodIndex`` named ``month``. Columns: a 3-level ``MultiIndex`` named
        ``("measure", "class", "target")``: ``launched`` then ``destroyed``; the missile classes
        ``cruise``, ``ballistic``, ``s300_s400``, ``other_missile``; ``place`` in lower case
        (the rows naming it) then ``rest`` (every other row). [missiles/month]
    """
    if not isinstance(record, pd.DataFrame) or "target" not in record.columns:
        raise invalid(
            "record", "a DataFrame from stockpile.data.read_attacks, with a 'target' column", record
        )
    first = start if start is not None else record["month"].min()
    last = end if end is not None else record["month"].max()
    named = names_place(record["target"], place).to_numpy()
    parts = {
        place.strip().lower(): monthly(record[named], start=first, end=last),
        "rest": monthly(record[~named], start=first, end=last),
    }
    classes = [c for c in _CLASSES if c in MISSILE_CLASSES]
    columns = pd.MultiIndex.from_product(
        [MEASURES, classes, list(parts)], names=["measure", "class", "target"]
    )
    table = pd.DataFrame(index=parts["rest"].index, columns=columns, dtype=float)
    for measure in MEASURES:
        for cls in classes:
            for key, part in parts.items():
                table[(measure, cls, key)] = part[(measure, cls)]
    return table


def write_targets(table: pd.DataFrame, file: str | os.PathLike[str] | IO[str], note: str) -> None:
    """Write a :func:`by_target` table in the shipped format (columns named like
    ``launched.ballistic.kyiv``)."""
    write_monthly(table, file, note)


def read_targets(file: str | os.PathLike[str] | IO[Any]) -> pd.DataFrame:
    """Read a table written by :func:`write_targets` into the layout of :func:`by_target`."""
    levels = ["measure", "class", "target"]
    return read_flat(file, levels, "a table", "launched.ballistic.kyiv")


def observed_by_target() -> pd.DataFrame:
    """Monthly launches and kills by class, Kyiv apart, shipped with stockpile (2022-09 to
    2025-06).

    Built from the published daily record with the defaults of
    :func:`~stockpile.data.read_attacks` (national-level reports, ``merged="split"``) by
    :func:`by_target` with ``place="Kyiv"``.

    Returns
    -------
    pandas.DataFrame
        The layout of :func:`by_target`: columns ``(measure, class, target)`` with ``target`` in
        ``kyiv``, ``rest``. [missiles/month] A new frame on each call.

    Examples
    --------
    >>> table = observed_by_target().loc["2024-01":"2025-06"].sum()
    >>> kyiv = table["destroyed", "ballistic", "kyiv"] / table["launched", "ballistic", "kyiv"]
    >>> rest = table["destroyed", "ballistic", "rest"] / table["launched", "ballistic", "rest"]
    >>> bool(kyiv > 3 * rest)
    True
    """
    source = resources.files("stockpile.data").joinpath(TARGETS_FILE)
    with source.open("r", encoding="utf-8") as stream:
        return read_targets(stream)
