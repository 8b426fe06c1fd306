"""The one exception base of stockpile.

Every error raised for bad input is a :class:`StockpileError`, which is also a
:class:`ValueError`, so ``except ValueError`` keeps working in user code. Messages
have one shape: what the parameter is, what it must be, and what it got.
"""

from __future__ import annotations

from typing import Any

__all__ = ["StockpileError", "invalid"]


class StockpileError(ValueError):
    """Bad input to stockpile: a parameter, a file or a path that cannot be used."""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def invalid(parameter: str, expected: str, got: Any, *, hint: str = "") -> StockpileError:
    """Build a :class:`StockpileError` with the one message shape.

    ``The 'x' parameter must be <expected>. Got <got> instead.``

    Parameters
    ----------
    parameter : str
        Name or path of the parameter, e.g. ``"ballistic.production"``.
    expected : str
        What the parameter must be, e.g. ``"a probability in [0, 1]"``.
    got : object
        The offending value (shown with ``repr``, shortened).
    hint : str, optional
        One more sentence, e.g. how to write the value correctly.
    """
    message = f"The '{parameter}' parameter must be {expected}. Got {_show(got)} instead."
    if hint:
        message += " " + hint
    return StockpileError(message)
