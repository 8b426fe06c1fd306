"""Read the daily attack record and total it by month.

See :mod:`stockpile.data` for the data set, the rules and the layouts.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from collections import Counter
from collections.abc import Collection, Mapping
from typing import IO, Any, Final, Literal

import numpy as np
import pandas as pd

from stockpile.data.catalogue import (
    CLASSES,
    MISSILE_CLASSES,
    MIXED,
    UNKNOWN,
    _lookup,
    _parts,
)
from stockpile.errors import StockpileError, invalid

__all__ = [
    "MEASURES",
    "NATIONAL_SOURCES",
    "REQUIRED_COLUMNS",
    "UnknownModelWarning",
    "monthly",
    "read_attacks",
    "source_account",
]

REQUIRED_COLUMNS: Final = ("time_start", "time_end", "model", "launched", "destroyed", "source")
"""Columns of the daily record that :func:`read_attacks` needs; others are ignored."""

NATIONAL_SOURCES: Final = frozenset({"kpszsu", "generalstaff.ua", "cincafu"})
"""Accounts (lower case) of the national-level reports: the Air Force Command (``kpszsu``, on
Facebook or Telegram), the General Staff and the Commander-in-Chief of the Armed Forces."""

MEASURES: Final = ("launched", "destroyed")
"""First level of the columns of :func:`monthly`."""

MERGED_RULES: Final = ("split", "first", "mixed")

Merged = Literal["split", "first", "mixed"]

_ACCOUNT = re.compile(
    r"^\s*(?:https?://)?(?:www\.|m\.)?(?:t\.me/|facebook\.com/|fb\.com/)?(?P<account>[^/?#\s]+)"
)


class UnknownModelWarning(UserWarning):
    """Some model names of the record are not known; their rows were put in class ``unknown``."""


def source_account(source: pd.Series) -> pd.Series:
    """Account that published each report, lower case: ``"kpszsu"`` for both
    ``"kpszsu/posts/..."`` and ``"https://t.me/kpszsu/22252"``; ``""`` where missing."""
    account = source.astype("string").str.extract(_ACCOUNT, expand=False)
    return account.fillna("").str.lower().astype(object)


def _open(file: Any) -> Any:
    """``file`` ready for :func:`pandas.read_csv`: a path opened here, after checking it is a
    regular file (a FIFO is opened without waiting for a writer and refused), or a file-like
    object as given."""
    if hasattr(file, "read") and not isinstance(file, str | bytes | os.PathLike):
        return file
    if not isinstance(file, str | os.PathLike):
        raise invalid("file", "a path to a CSV file or an open text file", file)
    try:
        handle = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise invalid("file", "an existing CSV file", file) from None
    except IsADirectoryError:
        raise invalid("file", "a CSV file, not a folder", file) from None
    except OSError as error:
        raise invalid("file", "a CSV file that can be read", file, hint=str(error)) from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, device or socket"
        raise invalid("file", f"a regular CSV file, not {kind}", file)
    return os.fdopen(handle, "rb")


def _load_csv(file: str | os.PathLike[str] | IO[Any]) -> pd.DataFrame:
    source = _open(file)
    try:
        raw = pd.read_csv(source, dtype=str, skipinitialspace=True)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise invalid(
            "file",
            "a CSV file of the daily attack record",
            file,
            hint=f"Reading it failed: {error}",
        ) from error
    finally:
        if source is not file:
            source.close()
    raw.columns = [str(name).strip() for name in raw.columns]
    missing = [name for name in REQUIRED_COLUMNS if name not in raw.columns]
    if missing:
        raise invalid(
            "file",
            "a CSV file of the daily attack record, with the columns "
            + ", ".join(REQUIRED_COLUMNS),
            file,
            hint=f"Missing columns: {', '.join(missing)}.",
        )
    return raw.reset_index(drop=True)


def _text(raw: pd.DataFrame, column: str) -> pd.Series:
    """An optional text column, stripped, ``""`` where missing (or where the file lacks it)."""
    if column not in raw.columns:
        return pd.Series("", index=raw.index, dtype=object)
    return raw[column].fillna("").str.strip().astype(object)


def _bad_rows(column: str, text: pd.Series, bad: pd.Series, expected: str) -> StockpileError:
    rows = np.flatnonzero(bad.to_numpy())
    shown = ", ".join(f"row {row + 2}: {text.iloc[row]!r}" for row in rows[:5])
    more = f" and {rows.size - 5} more" if rows.size > 5 else ""
    return invalid(
        f"file[{column!r}]",
        expected,
        f"{rows.size} bad value(s)",
        hint=f"Bad values ({shown}{more}; rows count from the header, line 1).",
    )


_TIME = "a date or date and time without a time zone, e.g. 2024-01-31 21:00"


def _times(raw: pd.DataFrame, column: str, *, required: bool) -> pd.Series:
    text = raw[column].str.strip().replace("", None)
    zoned = text.str.contains(r"(?:[+-]\d\d:?\d\d|Z)$", na=False)
    if zoned.any():  # windows are counted in local time: one zone for all, none written
        raise _bad_rows(column, raw[column], zoned, _TIME)
    parsed = pd.to_datetime(text, format="mixed", errors="coerce")
    bad = parsed.isna() & (text.notna() | required)
    if bad.any():
        raise _bad_rows(column, raw[column], bad, _TIME)
    return parsed


def _check_windows(raw: pd.DataFrame, start: pd.Series, end: pd.Series) -> None:
    """Refuse windows that end before they start (a date-only end: before the start's date)."""
    dated = ~raw["time_end"].fillna("").str.contains(":")
    before = end < start
    before &= ~(dated & (end >= start.dt.normalize()))
    if before.any():
        shown = raw["time_start"].str.strip() + " to " + raw["time_end"].str.strip()
        raise _bad_rows("time_end", shown, before, "a time at or after time_start")


def _counts(raw: pd.DataFrame, column: str) -> pd.Series:
    text = raw[column].str.strip().replace("", None)
    parsed = pd.to_numeric(text, errors="coerce").astype(float)
    bad = (parsed.isna() & text.notna()) | (parsed < 0) | np.isinf(parsed)
    if bad.any():
        raise _bad_rows(column, raw[column], bad, "a finite count >= 0 or empty")
    return parsed


def _shares(parts: list[tuple[str, str]], merged: str) -> dict[str, float]:
    """Class -> share of the row's count, for one model string's (part, class) list."""
    classes = [cls for _, cls in parts]
    if len(set(classes)) == 1:
        return {classes[0]: 1.0}
    if merged == "first":
        return {classes[0]: 1.0}
    if merged == "mixed" and all(cls in MISSILE_CLASSES for cls in classes):
        return {MIXED: 1.0}
    counts = Counter(classes)
    return {cls: n / len(classes) for cls, n in counts.items()}


def _classify(
    model: pd.Series, merged: str, models: Mapping[str, str] | None
) -> tuple[pd.DataFrame, dict[str, tuple[int, list[str]]]]:
    """(model, class, share) rows for each distinct model string; unknown names with row counts."""
    table = _lookup(models)
    rows: list[tuple[str, str, float]] = []
    unknown: dict[str, tuple[int, list[str]]] = {}
    for name, n_rows in model.value_counts(sort=False).items():
        parts = _parts(str(name), table)
        rows += [(str(name), cls, share) for cls, share in _shares(parts, merged).items()]
        missing = [part for part, cls in parts if cls == UNKNOWN]
        if missing:
            unknown[str(name)] = (int(n_rows), missing)
    return pd.DataFrame(rows, columns=["model", "class", "share"]), unknown


def _warn_unknown(unknown: dict[str, tuple[int, list[str]]]) -> None:
    listed = "; ".join(
        f"{name!r} ({n} row{'s' * (n != 1)}"
        + (f"; unknown part(s) {', '.join(map(repr, parts))})" if [name] != parts else ")")
        for name, (n, parts) in sorted(unknown.items())
    )
    warnings.warn(
        f"Model names not in stockpile.data.MODEL_CLASSES; their counts go to class 'unknown' "
        f"(in no total): {listed}. Pass models={{name: class}} to read_attacks to classify them.",
        UnknownModelWarning,
        stacklevel=3,
    )


def _check_sources(sources: Any) -> None:
    one = isinstance(sources, str)
    if one and sources in ("national", "all"):
        return
    if one or not isinstance(sources, Collection) or not all(isinstance(s, str) for s in sources):
        raise invalid(
            "sources",
            "'national', 'all' or a collection of account names",
            sources,
            hint="For one account, pass a set: sources={'kpszsu'}.",
        )


def read_attacks(
    file: str | os.PathLike[str] | IO[Any],
    *,
    merged: Merged = "split",
    sources: Literal["national", "all"] | Collection[str] = "national",
    models: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read the daily attack record (``missile_attacks_daily.csv``) into typed, classified rows.

    Parameters
    ----------
    file : path or file-like
        The CSV as published in the "Massive Missile Attacks on Ukraine" data set. Only the
        columns ``time_start, time_end, model, launched, destroyed, source`` (required) and
        ``target`` (optional) are used.
    merged : {"split", "first", "mixed"}, default "split"
        How a row that counts several models of different classes together
        (``"C-300/C-400 and Iskander-M"``) is classified. ``"split"``: its counts are shared
        equally among the listed models, so ``"X-101/X-555 and Kalibr and Iskander-M/KN-23"``
        gives 2/3 to ``cruise`` and 1/3 to ``ballistic``; ``"first"``: all of it goes to the class
        of the first listed model; ``"mixed"``: it goes to class ``"mixed"`` (counted in
        ``total``) when all listed models are missiles, else it is split. Rows whose listed
        models share a class (``"X-101/X-555 and Kalibr"``) go to that class under every rule.
    sources : "national", "all" or collection of str, default "national"
        Which reports to keep. ``"national"``: the national-level reports,
        :data:`NATIONAL_SOURCES` (regional air commands report some of the same launches again);
        ``"all"``: every row; or the accounts to keep, e.g. ``{"kpszsu"}`` for the Air Force
        Command alone. An account is the first part of ``source``
        (``"kpszsu/posts/..."``, ``"https://t.me/kpszsu/..."``), compared in lower case.
    models : mapping of str to str, optional
        Extra or overriding model -> class entries, on top of
        :data:`~stockpile.data.MODEL_CLASSES`.

    Returns
    -------
    pandas.DataFrame
        One row per report row and class (a merged row under ``"split"`` gives one row per class
        with its share), in file order, with the columns: ``row`` (0-based data row in the file),
        ``time_start``, ``time_end`` (datetime64; a date without a time is taken as 00:00),
        ``month`` (Period[M] of ``time_start``), ``model`` (str), ``class`` (categorical over
        :data:`~stockpile.data.CLASSES`, plus ``"mixed"`` under ``merged="mixed"``), ``share``
        (fraction of the row's counts in this class), ``missile`` (bool: the class counts in
        ``total``), ``launched`` and ``destroyed`` ([missiles] or [drones] in the window, times
        ``share``; NaN where the report gives no count), ``source`` (str), ``national``
        (bool: one of :data:`NATIONAL_SOURCES`) and ``target`` (str: the places the report
        names as targets, such as ``"Kyiv oblast"`` or ``"Ukraine"``; ``""`` where it names
        none or the file has no ``target`` column).

    Raises
    ------
    StockpileError
        If the file is not a regular file (a folder, a pipe) or cannot be read as a CSV, lacks
        one of the used columns (named in the message), or holds a time that cannot be parsed
        or carries a time zone, a window that ends before it starts, or a count that is
        negative or infinite; for ``merged``, ``sources`` or ``models`` of another form.

    Warns
    -----
    UnknownModelWarning
        Listing model names that are not known; their rows are kept, in class ``"unknown"``.
    """
    if merged not in MERGED_RULES:
        raise invalid("merged", "one of 'split', 'first', 'mixed'", merged)
    _check_sources(sources)
    if models is not None and not isinstance(models, Mapping):
        raise invalid(
            "models", "a mapping of model name to class, such as {'Foo-9': 'ballistic'}", models
        )
    raw = _load_csv(file)
    account = source_account(raw["source"])
    start = _times(raw, "time_start", required=True)
    end = _times(raw, "time_end", required=False)
    _check_windows(raw, start, end)
    data = pd.DataFrame(
        {
            "row": np.arange(len(raw)),
            "time_start": start,
            "time_end": end,
            "model": raw["model"].fillna("").str.strip().astype(object),
            "launched": _counts(raw, "launched"),
            "destroyed": _counts(raw, "destroyed"),
            "source": raw["source"].fillna("").astype(object),
            "national": account.isin(NATIONAL_SOURCES).to_numpy(),
            "target": _text(raw, "target"),
        }
    )
    data.insert(3, "month", data["time_start"].dt.to_period("M"))
    if sources != "all":
        keep = NATIONAL_SOURCES if sources == "national" else {s.lower() for s in sources}
        data = data[account.isin(keep).to_numpy()]

    shares, unknown = _classify(data["model"], merged, models)
    if unknown:
        _warn_unknown(unknown)
    record = data.merge(shares, on="model", how="left", sort=False)
    categories = [*CLASSES[:4], MIXED, *CLASSES[4:]] if merged == "mixed" else list(CLASSES)
    record["class"] = pd.Categorical(record["class"], categories=categories)
    record["missile"] = record["class"].isin(MISSILE_CLASSES).to_numpy()
    record["launched"] *= record["share"]
    record["destroyed"] *= record["share"]
    record["_order"] = record["class"].cat.codes
    record = record.sort_values(["row", "_order"], kind="stable").drop(columns="_order")
    columns = ["row", "time_start", "time_end", "month", "model", "class", "share", "missile"]
    record = record[[*columns, "launched", "destroyed", "source", "national", "target"]]
    record = record.reset_index(drop=True)
    record.attrs = {"merged": merged, "sources": sources if isinstance(sources, str) else "custom"}
    return record


def _month(value: Any, name: str) -> pd.Period | None:
    if value is None:
        return None
    try:
        return pd.Period(value, freq="M")
    except (TypeError, ValueError):
        raise invalid(name, "a month such as '2024-01'", value) from None


def monthly(
    record: pd.DataFrame,
    *,
    start: str | pd.Period | None = None,
    end: str | pd.Period | None = None,
) -> pd.DataFrame:
    """Total a record from :func:`read_attacks` by month (the month of each window's start).

    Parameters
    ----------
    record : pandas.DataFrame
        As returned by :func:`read_attacks` (needs ``month``, ``class``, ``launched``,
        ``destroyed``).
    start, end : str or pandas.Period, optional
        First and last month of the table (``"2024-01"``); default: the record's first and last
        month. Rows outside them are left out.

    Returns
    -------
    pandas.DataFrame
        Index: ``PeriodIndex`` named ``month`` (freq ``"M"``) with every month from ``start`` to
        ``end``, zeros where nothing was reported. Columns: a 2-level ``MultiIndex`` named
        ``("measure", "class")``: ``launched`` then ``destroyed``, each over the classes of the
        record (:data:`~stockpile.data.CLASSES`, plus ``mixed`` under ``merged="mixed"``) and
        ``total`` (every missile class; no drones, bombs or unknown). Values are float counts per
        month ([missiles/month], [drones/month] for ``drone``); ``split`` shares make them
        fractional. Missing counts add nothing. ``table["launched", "ballistic"]`` and
        ``table["launched"]["total"]`` are Series over months.
    """
    if not isinstance(record, pd.DataFrame):
        raise invalid("record", "a DataFrame from stockpile.data.read_attacks", record)
    needed = ["month", "class", "launched", "destroyed"]
    missing = [name for name in needed if name not in record.columns]
    if missing:
        raise invalid(
            "record",
            "a DataFrame from stockpile.data.read_attacks",
            f"a table without the column(s) {', '.join(missing)}",
        )
    column = record["class"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        classes = [str(cls) for cls in column.cat.categories]
    else:
        classes = [*CLASSES, *sorted(set(column.astype(str)) - set(CLASSES))]
    first, last = _month(start, "start"), _month(end, "end")
    if first is not None and last is not None and last < first:
        raise invalid("end", f"a month at or after start ({first})", str(last))
    if (first is None or last is None) and record.empty:
        months = pd.PeriodIndex([], freq="M", name="month")
    else:
        first = first if first is not None else pd.Period(record["month"].min(), freq="M")
        last = last if last is not None else pd.Period(record["month"].max(), freq="M")
        months = pd.period_range(first, last, freq="M", name="month")

    grouped = (
        record.assign(**{"class": column.astype(str)})
        .groupby(["month", "class"])[list(MEASURES)]
        .sum()
    )
    columns = pd.MultiIndex.from_product([MEASURES, classes])
    table = pd.DataFrame(0.0, index=months, columns=columns)
    if len(grouped):
        sums = pd.DataFrame(grouped.unstack("class"))
        table = sums.reindex(index=months, columns=columns, fill_value=0.0).fillna(0.0)
        table = table.astype(float)
    missiles = [cls for cls in classes if cls in MISSILE_CLASSES]
    for measure in MEASURES:
        table[(measure, "total")] = table.loc[:, (measure, missiles)].sum(axis=1)
    order = pd.MultiIndex.from_product([MEASURES, [*classes, "total"]], names=["measure", "class"])
    table = table.reindex(columns=order)
    table.index = pd.PeriodIndex(table.index, freq="M", name="month")
    return table
