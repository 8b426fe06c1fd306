"""Shared look of every figure: colour-blind-safe colours, month axes, labels with units.

Nothing here touches ``matplotlib.pyplot``: new figures are plain
:class:`matplotlib.figure.Figure` objects, so no global figure state is created or left behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.metrics import UNITS
from stockpile.results import UNITS_OF, Result

__all__ = [
    "OKABE_ITO",
    "band_label",
    "colors",
    "floor",
    "label",
    "month_axis",
    "months",
    "new_axes",
    "select",
]

#: The Okabe–Ito palette (Okabe & Ito 2008), distinguishable under the common colour-vision
#: deficiencies; black first, then the order used for successive series.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
_CYCLE = ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black")


def colors(n: int) -> list[str]:
    """``n`` Okabe–Ito colours for successive series (repeating after seven)."""
    return [OKABE_ITO[_CYCLE[k % len(_CYCLE)]] for k in range(n)]


def new_axes(ax: Axes | None, size: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """``ax``, or the axes of a new figure that pyplot does not track.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Axes to draw on.
    size : tuple of float
        Width and height of a new figure. [inches]
    """
    if ax is not None:
        return ax
    figure = Figure(figsize=size, layout="constrained")
    return figure.add_subplot()


def months(index: pd.PeriodIndex) -> NDArray[np.datetime64]:
    """The first day of each month, for a date axis."""
    return np.asarray(pd.PeriodIndex(index, freq="M").to_timestamp().to_numpy())


def month_axis(ax: Axes) -> None:
    """Format the x axis as calendar months (concise date labels)."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("month")


def label(name: str, unit: str | None = None) -> str:
    """Axis label of a variable or metric with its unit in brackets.

    ``"interceptor_stock"`` → ``"interceptor stock [interceptors]"``.
    """
    unit = unit if unit is not None else UNITS_OF.get(name, UNITS.get(name.split(".")[0]))
    text = name.replace("_", " ")
    return f"{text} [{unit}]" if unit else text


def band_label(width: float) -> str:
    """Legend entry of a central band holding ``width`` of the runs, e.g. ``"90% of runs"``."""
    return f"{width:.0%} of runs"


def select(result: Result, variable: str, item: str | None) -> tuple[str, NDArray[np.float64]]:
    """The item name and its ``(runs, months)`` trajectories of ``variable``.

    Raises
    ------
    StockpileError
        For an unknown variable or item, or when ``item`` is needed and missing.
    """
    if not isinstance(result, Result):
        raise invalid("result", "a sp.Result from sp.simulate()", type(result).__name__)
    names = result.items_of(variable)
    if item is None and len(names) != 1:
        raise invalid("item", f"one of {names} (this result has several)", item)
    values = result.get(variable, item)
    return item if item is not None else names[0], np.asarray(values, dtype=np.float64)


def bands(widths: Sequence[float]) -> list[float]:
    """Check central band widths in (0, 1) and sort them widest first."""
    out = sorted((float(w) for w in widths), reverse=True)
    for w in out:
        if not 0.0 < w < 1.0:
            raise invalid("bands", "widths of central bands in (0, 1), e.g. (0.5, 0.9)", w)
    return out


def floor(ax: Axes) -> None:
    """Fit the y axis to everything drawn so far (other calls on the same axes included) and
    start it at zero, for quantities that cannot be negative."""
    ax.set_autoscaley_on(True)
    ax.autoscale_view(scalex=False)
    ax.set_ylim(bottom=0)


def finish(ax: Axes, title: str | None, default: str, legend: bool = True, **kw: Any) -> Axes:
    """Set the title (``title`` or ``default``; ``""`` for none) and draw the legend."""
    ax.set_title(default if title is None else title)
    if legend:
        handles, _ = ax.get_legend_handles_labels()
        if handles:
            ax.legend(**{"frameon": False, **kw})
    return ax
