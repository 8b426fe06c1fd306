"""Refusing work that cannot fit in memory, before allocating it.

A design of ``10**12`` points, or a grid of ``100`` levels over six parameters, would end in a
numpy ``ArrayMemoryError`` after trying to allocate terabytes. :func:`check_fits` estimates the
bytes a step needs and raises the library's one message shape, saying what fits, when they
exceed the memory available.
"""

from __future__ import annotations

from typing import Any

from stockpile.errors import invalid
from stockpile.validation import available_memory

__all__ = ["check_fits"]


def _size(nbytes: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if nbytes >= scale:
            return f"{nbytes / scale:,.1f} {unit}"
    return f"{nbytes / 1e3:,.0f} kB"


def check_fits(
    parameter: str, value: Any, rows: int, bytes_per_row: float, *, what: str, hint: str
) -> None:
    """Raise unless ``rows`` rows of ``bytes_per_row`` fit in the memory available.

    Parameters
    ----------
    parameter : str
        The argument that sets the size, named in the message (``"n"``, ``"levels"``).
    value : object
        Its value, shown in the message.
    rows : int
        Rows the step allocates (design points). [1]
    bytes_per_row : float
        Peak bytes per row, temporary copies included. [bytes]
    what : str
        What a row is, e.g. ``"design points of 3 parameters"``.
    hint : str
        What to do instead, e.g. ``"Sweep in parts: sp.explore.sweep(..., out=folder)"``.
    """
    available = available_memory()
    if available is None or rows * bytes_per_row <= available:
        return
    most = int(available // bytes_per_row)
    raise invalid(
        parameter,
        f"a size that fits in memory: at most about {most:,} {what} here "
        f"({_size(available)} available)",
        value,
        hint=f"That is {rows:,} {what}, about {_size(rows * bytes_per_row)}. {hint}",
    )
