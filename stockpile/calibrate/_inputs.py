"""Checks of the calibration inputs, once, at the entry points: the monthly table, months,
classes and numeric options. Every failure is a :class:`~stockpile.errors.StockpileError` in
the house shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from stockpile.errors import StockpileError, invalid
from stockpile.validation import ARGUMENTS, check

__all__ = [
    "check_choice",
    "measure",
    "month",
    "select_classes",
    "window",
]

_LAYOUT = (
    "a monthly table as from stockpile.data.observed_monthly(): a PeriodIndex of months and "
    "columns ('launched', class) (or flat class columns, taken as launches)"
)


def measure(monthly: Any, name: str = "launched", parameter: str = "monthly") -> pd.DataFrame:
    """One measure of a monthly table as a float DataFrame: index every month, columns classes.

    Parameters
    ----------
    monthly : pandas.DataFrame
        The layout of :func:`stockpile.data.monthly` (columns ``(measure, class)``); a frame
        with flat class columns is read as ``launched``. [missiles/month]
    name : str
        ``"launched"`` or ``"destroyed"``.
    parameter : str
        Name used in error messages.

    Raises
    ------
    StockpileError
        Not a DataFrame, no such measure, months missing or repeated, or counts that are
        negative, NaN or infinite.
    """
    if not isinstance(monthly, pd.DataFrame) or monthly.empty:
        raise invalid(
            parameter,
            _LAYOUT,
            type(monthly).__name__
            if not isinstance(monthly, pd.DataFrame)
            else "an empty DataFrame",
        )
    if isinstance(monthly.columns, pd.MultiIndex):
        if name not in monthly.columns.get_level_values(0):
            raise invalid(
                parameter,
                f"{_LAYOUT}, with a '{name}' measure",
                sorted(set(monthly.columns.get_level_values(0).astype(str))),
            )
        frame = pd.DataFrame(monthly[name])
    elif name == "launched":
        frame = pd.DataFrame(monthly)
    else:
        raise invalid(
            parameter, f"{_LAYOUT}, with a '{name}' measure", [str(c) for c in monthly.columns[:4]]
        )
    try:
        index = pd.PeriodIndex(frame.index, freq="M", name="month")
    except (TypeError, ValueError):
        raise invalid(parameter, _LAYOUT, list(frame.index[:3])) from None
    if index.has_duplicates:
        raise invalid(parameter, "a table with each month once", str(index[index.duplicated()][0]))
    if not index.is_monotonic_increasing:
        index_order = np.argsort(index.asi8)
        frame, index = frame.iloc[index_order], index[index_order]
    span = pd.period_range(index[0], index[-1], freq="M", name="month")
    if len(span) != len(index):
        missing = span.difference(index)
        raise invalid(
            parameter,
            "a table with every month of its span (zeros where nothing was launched)",
            f"months {', '.join(map(str, missing[:3]))} missing",
        )
    frame.index = index
    frame.columns = pd.Index([str(c) for c in frame.columns], name="class")
    try:
        values = frame.to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(parameter, "a table of numeric counts", list(frame.dtypes)[:4]) from None
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise invalid(
            f"{parameter}[{name}, {frame.columns[col]}]",
            "non-negative finite counts [missiles/month]",
            f"{values[row, col]} in {index[row]}",
        )
    return pd.DataFrame(values, index=index, columns=frame.columns)


def month(value: Any, parameter: str, index: pd.PeriodIndex) -> pd.Period:
    """``value`` as a month that lies within ``index``."""
    try:
        period = pd.Period(value, freq="M")
    except (TypeError, ValueError, AttributeError):
        raise invalid(parameter, "a month such as '2025-06'", value) from None
    if period < index[0] or period > index[-1]:
        raise invalid(
            parameter, f"a month within the table, {index[0]} to {index[-1]}", str(period)
        )
    return period


def window(
    index: pd.PeriodIndex, until: Any, since: Any, months: int | None
) -> tuple[pd.Period, pd.Period]:
    """First and last month of a fitting window: ``since`` (or the table's start, or
    ``months`` before ``until``, whichever is later) to ``until`` (default the table's end)."""
    last = index[-1] if until is None else month(until, "until", index)
    first = index[0] if since is None else month(since, "since", index)
    if months is not None:
        check(months, "window", ARGUMENTS["months"].or_none())
        first = max(first, last - (int(months) - 1))
    if first > last:
        raise invalid("since", f"a month before until ({last})", str(first))
    return first, last


def select_classes(
    classes: Any, available: Sequence[str], parameter: str = "classes"
) -> tuple[str, ...]:
    """``classes`` as a tuple of distinct names among ``available``."""
    if isinstance(classes, str):
        classes = (classes,)
    try:
        chosen = tuple(classes)
    except TypeError:
        raise invalid(parameter, f"a list of classes among {list(available)}", classes) from None
    if not chosen:
        raise invalid(parameter, f"at least one class among {list(available)}", list(chosen))
    for name in chosen:
        if not isinstance(name, str) or name not in available:
            raise invalid(parameter, f"classes of the table, among {list(available)}", name)
    if len(set(chosen)) != len(chosen):
        raise invalid(parameter, "distinct classes", list(chosen))
    return chosen


def check_choice(value: Any, parameter: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices`` (a registry key), else the house error."""
    if not isinstance(value, str) or value not in choices:
        raise StockpileError(
            f"The '{parameter}' parameter must be one of {list(choices)}. Got {value!r} instead."
        )
    return value
