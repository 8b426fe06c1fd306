"""Joint draws: parameters taken together, row by row, from a table of draws.

A posterior (:mod:`stockpile.infer`) or any other joint distribution comes as a table: one row
per draw, one column per parameter. :class:`Draws` wraps such a table, and each of its columns
is a parameter form (:class:`DrawsColumn`)::

    draws = sp.Draws(posterior.draws_frame(), name="posterior")
    scenario = scenario.with_params({
        "patriot.pk": draws["patriot.pk"],
        "patriot.deliveries": sp.per_year(draws["patriot.deliveries"]),
    })

Every column of one table used in a scenario takes the **same row** in a given run, so the
correlations of the table are kept (a high kill probability stays with the low defended share
it came with). The row of run ``r`` is drawn uniformly, with replacement, from run ``r``'s own
stream folded with ``"draws:<name>"`` (:func:`rows`): it does not depend on the chunk size or
on the other runs, and any number of runs may be simulated from any number of rows. Tables are
told apart by their ``name``: two different tables with one name in a scenario are an error.

Tables shipped with stockpile (:data:`SHIPPED`) load by name with :func:`shipped`; a table read
from a CSV file (:meth:`Draws.read_csv`) remembers its file, so a scenario file written from it
refers to the table by file or shipped name (:mod:`stockpile.config`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from stockpile import streams
from stockpile.errors import invalid

__all__ = ["SHIPPED", "Draws", "DrawsColumn", "rows", "shipped"]

Array = NDArray[np.float64]

#: Tables of draws shipped with stockpile: name → file in ``stockpile/data``.
SHIPPED: Final[dict[str, str]] = {
    "posterior-2025-06": "posterior_2025-06.csv",
}


class Draws:
    """A table of joint draws: one row per draw, one column per parameter.

    Parameters
    ----------
    table : pandas.DataFrame or mapping of str to array_like
        Numeric columns of equal length, at least one row, no NaN. Column names are free
        (parameter paths read best: ``"patriot.pk"``). [unit of each column]
    name : str
        Names the table's random stream (``"draws:<name>"``): every column of tables with this
        name takes the same row in a given run.
    source : str, optional
        Where the table comes from: a shipped table's name (:data:`SHIPPED`) or a CSV file's
        absolute path. Set by :func:`shipped` and :meth:`read_csv`; a scenario file refers to the
        table by it.

    Raises
    ------
    StockpileError
        For a table that is not numeric, is empty or holds NaN, or a name that is not a
        non-empty string.

    Examples
    --------
    >>> import stockpile as sp
    >>> draws = sp.Draws({"patriot.pk": [0.4, 0.8], "ballistic.defended": [0.5, 0.25]}, name="fit")
    >>> draws
    Draws('fit', 2 rows: patriot.pk, ballistic.defended)
    >>> draws["patriot.pk"].values
    array([0.4, 0.8])
    """

    def __init__(self, table: Any, name: str = "draws", source: str | None = None) -> None:
        if not isinstance(name, str) or not name:
            raise invalid("name", "a non-empty string naming the table of draws", name)
        frame = _frame(table)
        self._values = np.ascontiguousarray(frame.to_numpy(dtype=np.float64))
        self._values.flags.writeable = False
        self._columns = tuple(str(c) for c in frame.columns)
        self._name, self._source = name, source

    @property
    def name(self) -> str:
        """The table's name (its random stream is ``"draws:<name>"``)."""
        return self._name

    @property
    def source(self) -> str | None:
        """A shipped table's name or a CSV file's absolute path; ``None`` if built in memory."""
        return self._source

    # ------------------------------------------------------------------ access
    @property
    def columns(self) -> tuple[str, ...]:
        """Column names, in order."""
        return self._columns

    @property
    def size(self) -> int:
        """Number of rows (draws). [draws]"""
        return int(self._values.shape[0])

    def __getitem__(self, column: str) -> DrawsColumn:
        if column not in self._columns:
            raise invalid("column", f"a column of the draws {self.name!r}: {self._columns}", column)
        return DrawsColumn(self, column)

    def column_values(self, column: str) -> Array:
        """The values of one column, shape ``(rows,)`` (read-only). [unit of the column]"""
        return self[column].values

    def to_frame(self) -> pd.DataFrame:
        """The table as a new DataFrame (index ``draw``)."""
        frame = pd.DataFrame(self._values.copy(), columns=list(self._columns))
        frame.index.name = "draw"
        return frame

    @property
    def digest(self) -> str:
        """SHA-256 of the columns and values, 16 hex digits: two tables with one name must
        have the same digest."""
        head = "\0".join(self._columns).encode()
        return hashlib.sha256(head + self._values.tobytes()).hexdigest()[:16]

    def same_as(self, other: Draws) -> bool:
        """Whether ``other`` holds the same columns and values."""
        return self is other or (
            self._columns == other._columns and np.array_equal(self._values, other._values)
        )

    # ------------------------------------------------------------------ files
    @classmethod
    def read_csv(cls, path: str | os.PathLike[str], name: str | None = None) -> Draws:
        """A table of draws from a CSV file (``#`` lines are comments; a ``draw`` column, if
        any, is the index).

        Parameters
        ----------
        path : str or path-like
            The file.
        name : str, optional
            The table's name; default: the file's stem.
        """
        path = Path(path)
        try:
            frame = _read(path)
        except OSError as error:
            raise invalid("path", "a readable CSV file of draws", str(path)) from error
        return cls(frame, name=name or path.stem, source=str(path.resolve()))

    def __repr__(self) -> str:
        shown = ", ".join(self._columns[:4]) + (", ..." if len(self._columns) > 4 else "")
        return f"Draws({self.name!r}, {self.size} rows: {shown})"


class DrawsColumn:
    """One column of a :class:`Draws` table as a parameter value: each run takes it from its
    table's row (:func:`rows`).

    Besides the values, it answers the questions asked of a range: :meth:`ppf`,
    :meth:`median` and :meth:`support` of the column's empirical distribution.

    Parameters
    ----------
    draws : Draws
        The table.
    column : str
        One of its columns.
    """

    __slots__ = ("column", "draws")

    def __init__(self, draws: Draws, column: str) -> None:
        self.draws = draws
        self.column = column

    @property
    def values(self) -> Array:
        """The column, shape ``(rows,)`` (read-only). [unit of the column]"""
        return self.draws._values[:, self.draws.columns.index(self.column)]

    def take(self, index: NDArray[np.intp]) -> Array:
        """The values of rows ``index``. [unit of the column]"""
        return np.asarray(self.values[index], dtype=np.float64)

    def ppf(self, q: ArrayLike) -> Any:
        """Empirical quantiles at levels ``q``: the smallest value whose share of rows at or
        below it reaches ``q`` (always a value of the column). [unit of the column]"""
        levels = np.asarray(q, dtype=np.float64)
        ordered = np.sort(self.values)
        n = ordered.size
        index = np.clip(np.ceil(levels * n).astype(np.int64) - 1, 0, n - 1)
        out = ordered[index]
        return float(out) if out.ndim == 0 else out

    def median(self) -> float:
        """The empirical median (a value of the column). [unit of the column]"""
        return float(self.ppf(0.5))

    def support(self) -> tuple[float, float]:
        """Smallest and largest value. [unit of the column]"""
        return float(self.values.min()), float(self.values.max())

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DrawsColumn)
            and other.column == self.column
            and other.draws.name == self.draws.name
            and other.draws.same_as(self.draws)
        )

    def __hash__(self) -> int:
        return hash((self.draws.name, self.column))

    def __repr__(self) -> str:
        return f"Draws({self.draws.name!r}, digest {self.draws.digest})[{self.column!r}]"


def rows(keys: ArrayLike, name: str, size: int) -> NDArray[np.intp]:
    """The row each run takes from the table ``name`` of ``size`` rows.

    Row ``floor(u * size)`` with ``u`` the first uniform of each run's stream folded with
    ``"draws:<name>"``: uniform over the rows, with replacement, and a function of the run's
    key alone.

    Parameters
    ----------
    keys : numpy.ndarray of uint64
        Run keys (:func:`stockpile.streams.run_keys`), shape ``(runs,)``.
    name : str
        The table's name.
    size : int
        Its number of rows. [draws]

    Returns
    -------
    numpy.ndarray of intp
        One row index in ``[0, size)`` per run.
    """
    u = streams.uniform(streams.fold(keys, f"draws:{name}"), 0)
    return np.minimum((u * size).astype(np.intp), size - 1)


def shipped(name: str) -> Draws:
    """A table of draws shipped with stockpile, by name (:data:`SHIPPED`).

    Examples
    --------
    >>> import stockpile as sp
    >>> sp.draws.shipped("posterior-2025-06").size
    2000
    """
    if name not in SHIPPED:
        raise invalid("draws", f"one of the shipped tables {sorted(SHIPPED)}", name)
    source = resources.files("stockpile.data").joinpath(SHIPPED[name])
    with source.open("r", encoding="utf-8") as stream:
        return Draws(_read(stream), name=name, source=name)


def _read(file: str | os.PathLike[str] | IO[str]) -> pd.DataFrame:
    frame = pd.read_csv(file, comment="#")
    return frame.set_index("draw") if "draw" in frame.columns else frame


def _frame(table: Any) -> pd.DataFrame:
    expected = "a DataFrame (or dict) of numeric columns, one row per draw"
    if isinstance(table, Mapping) and not isinstance(table, pd.DataFrame):
        try:
            table = pd.DataFrame({str(k): np.asarray(v) for k, v in table.items()})
        except ValueError:
            raise invalid("table", f"{expected}, of equal length", dict(table)) from None
    if not isinstance(table, pd.DataFrame):
        raise invalid("table", expected, type(table).__name__)
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise invalid("table", f"{expected}, with at least one row and column", table.shape)
    if isinstance(table.columns, pd.MultiIndex) or table.columns.has_duplicates:
        raise invalid("table", f"{expected}, each column named once", list(table.columns))
    kinds = {c: table[c].dtype.kind for c in table.columns}
    wrong = [c for c, kind in kinds.items() if kind not in "iuf"]
    if wrong:
        raise invalid("table", expected, f"column {wrong[0]!r} of dtype {table[wrong[0]].dtype}")
    values = table.to_numpy(dtype=np.float64)
    if np.isnan(values).any():
        column = table.columns[np.flatnonzero(np.isnan(values).any(axis=0))[0]]
        raise invalid("table", f"{expected}, without NaN", f"NaN in column {column!r}")
    return table
