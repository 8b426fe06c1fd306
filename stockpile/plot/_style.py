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
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from numpy.typing import NDArray

from stockpile import params
from stockpile.errors import invalid
from stockpile.metrics import UNITS
from stockpile.results import UNITS_OF, Result

__all__ = [
    "OKABE_ITO",
    "STOCKS",
    "band_label",
    "bands",
    "colors",
    "drawn",
    "finish",
    "floor",
    "initial_stock",
    "is_stock",
    "label",
    "month_axis",
    "month_bounds",
    "month_middles",
    "months",
    "new_axes",
    "select",
    "wrap",
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
#: Trajectory variables that are stocks: values at the end of each month. [missiles],
#: [interceptors]
STOCKS = ("missile_stock", "interceptor_stock")
_MEASURE = TextToPath()  # measures text without drawing it
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
    """The first day of each month: where each month's span starts on a date axis."""
    return np.asarray(pd.PeriodIndex(index, freq="M").to_timestamp().to_numpy())


def month_bounds(index: pd.PeriodIndex) -> NDArray[np.datetime64]:
    """Month boundaries, ``months + 1`` dates: the first day of each month, then the first
    day after the last month (the end of the last month)."""
    periods = pd.PeriodIndex(index, freq="M")
    return np.append(months(periods), np.datetime64((periods[-1] + 1).to_timestamp(), "ns"))


def month_middles(index: pd.PeriodIndex) -> NDArray[np.datetime64]:
    """The middle of each month: where a monthly flow (a count per month) is drawn."""
    bounds = month_bounds(index)
    return bounds[:-1] + (bounds[1:] - bounds[:-1]) // 2


def is_stock(variable: str) -> bool:
    """Whether ``variable`` is a stock (a value at a month's end) rather than a monthly flow."""
    return variable in STOCKS


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
    """Legend entry of a central band holding ``width`` of the runs, with its quantiles:
    ``0.9`` → ``"5th–95th percentile (90% of runs)"``."""
    low, high = 50.0 * (1.0 - width), 50.0 * (1.0 + width)
    return f"{_ordinal(low)}–{_ordinal(high)} percentile ({width:.0%} of runs)"


def _ordinal(value: float) -> str:
    text = f"{value:.3g}"
    if "." in text or value % 100 in (11, 12, 13):
        return text + "th"
    return text + {1: "st", 2: "nd", 3: "rd"}.get(int(value) % 10, "th")


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


def drawn(
    result: Result, variable: str, item: str | None
) -> tuple[str, NDArray[np.datetime64], NDArray[np.float64]]:
    """The item name, the dates and the ``(runs, points)`` values of ``variable`` as drawn.

    A stock is drawn from its initial value on the first day of the first month to its value
    at the end of each month (``months + 1`` points, :func:`month_bounds`); a flow at the
    middle of each month (:func:`month_middles`).
    """
    name, values = select(result, variable, item)
    if not is_stock(variable):
        return name, month_middles(result.index), values
    first = initial_stock(result, variable, name)
    return name, month_bounds(result.index), np.column_stack([first, values])


def initial_stock(result: Result, variable: str, item: str) -> NDArray[np.float64]:
    """Each run's stock at the start, shape ``(runs,)``, as the simulation used it: the
    scenario's ``stock`` (the value each run drew, for a distribution), rounded to whole
    missiles or interceptors in the stochastic mode. [missiles] or [interceptors]"""
    owners = (
        result.scenario.missiles if variable == "missile_stock" else result.scenario.interceptors
    )
    owner = next(o for o in owners if o.name == item)
    path = f"{item}.stock"
    values = params.resolve(
        owner.stock,
        name=path,
        kind="count",
        index=result.index,
        runs=slice(0, result.runs),
        draw=lambda stream, distribution: result.samples[path],
    )[:, 0]
    first = np.broadcast_to(values, (result.runs,)).astype(np.float64)
    return np.round(first) if result.noise is not None else first


def magazines(result: Result) -> list[str]:
    """The interceptor types with a magazine: a finite initial stock in some run. A
    no-magazine layer (``stock=inf``) never runs short and has no magazine to draw."""
    return [
        name
        for name in result.interceptors
        if np.isfinite(initial_stock(result, "interceptor_stock", name)).any()
    ]


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
    """Set the title (``title`` or ``default``; ``""`` for none), wrapped to the axes' width,
    and draw the legend."""
    text = default if title is None else title
    ax.set_title(wrap(text, ax, float(FontProperties(size=rcParams["axes.titlesize"]).get_size())))
    if legend:
        handles, _ = ax.get_legend_handles_labels()
        if handles:
            ax.legend(**{"frameon": False, **kw})
    return ax


def wrap(text: str, ax: Axes, size: float, share: float | None = None) -> str:
    """``text`` broken into lines that fit: a title centred on ``ax`` within the figure's
    edges, or a label within ``share`` of the axes' width.

    Parameters
    ----------
    text : str
        One or more lines.
    ax : matplotlib.axes.Axes
        The axes the text belongs to.
    size : float
        Font size. [points]
    share : float, optional
        Share of the axes' width a line may take; by default a title's room: twice the
        distance from the axes' centre to the nearer edge of the figure, less a margin. [share]
    """
    inches = float(ax.figure.figure.get_figwidth())  # of the whole figure [inches]
    box = ax.get_position()
    if share is None:
        centre = (box.x0 + box.x1) / 2
        room = 0.9 * 2 * min(centre, 1 - centre)  # [share of the figure's width]
    else:
        room = share * box.width
    available = room * inches * 72.0  # [points]
    font = FontProperties(size=size)

    def width(line: str) -> float:  # from the font's metrics [points]
        return float(_MEASURE.get_text_width_height_descent(line, font, ismath=False)[0])

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and width(candidate) > available:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)
