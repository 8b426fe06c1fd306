"""Figures of one :class:`~stockpile.results.Result`: fan chart, spaghetti, stocks, depletion."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.plot import _style as style
from stockpile.results import Result

__all__ = ["depletion", "fan", "spaghetti", "stocks"]

Array = NDArray[np.float64]


def _runs(result: Result) -> str:
    return f"{result.runs:,} run{'s' if result.runs > 1 else ''}"


def fan(
    result: Result,
    variable: str,
    item: str | None = None,
    *,
    bands: Sequence[float] = (0.5, 0.9),
    ax: Axes | None = None,
    color: str | None = None,
    label: str | None = None,
    title: str | None = None,
) -> Axes:
    """Fan chart: the median of ``variable`` over runs, with central bands.

    Parameters
    ----------
    result : Result
        An ensemble from :func:`stockpile.simulate` (one run draws the line alone).
    variable : str
        A trajectory variable, e.g. ``"interceptor_stock"``, ``"missile_stock"``.
    item : str, optional
        Missile or interceptor name; may be omitted when only one item has ``variable``.
    bands : sequence of float
        Shares of runs in each central band, e.g. ``(0.5, 0.9)``: the 25–75 % and 5–95 %
        quantiles. [1]
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    color : str, optional
        Colour of line and bands (to compare scenarios on one axes).
    label : str, optional
        Prefix of the legend entries, e.g. the scenario's name.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    widths = style.bands(bands)
    name, values = style.select(result, variable, item)
    ax = style.new_axes(ax)
    x = style.months(result.index)
    color = color or style.OKABE_ITO["blue"]
    prefix = f"{label}: " if label else ""
    if result.runs > 1:
        for k, width in enumerate(widths):
            low, high = np.quantile(values, [0.5 - width / 2, 0.5 + width / 2], axis=0)
            alpha = 0.2 + 0.25 * k / max(len(widths) - 1, 1)
            ax.fill_between(
                x,
                low,
                high,
                color=color,
                alpha=alpha,
                linewidth=0,
                label=prefix + style.band_label(width),
            )
    median = np.median(values, axis=0)
    ax.plot(
        x,
        median,
        color=color,
        linewidth=2,
        label=prefix + "median" if result.runs > 1 else label or result.scenario.name,
    )
    style.floor(ax)
    ax.set_ylabel(_label(variable))
    style.month_axis(ax)
    return style.finish(
        ax,
        title,
        f"{_label(variable, unit=False).capitalize()}: {name} ({_runs(result)})",
        loc="best",
    )


def _label(variable: str, unit: bool = True) -> str:
    return style.label(variable) if unit else variable.replace("_", " ")


def spaghetti(
    result: Result,
    variable: str,
    item: str | None = None,
    *,
    runs: int = 20,
    seed: int = 0,
    ax: Axes | None = None,
    color: str | None = None,
    title: str | None = None,
) -> Axes:
    """A few runs' trajectories of ``variable`` as thin lines, with the median of all runs.

    Parameters
    ----------
    result : Result
        An ensemble from :func:`stockpile.simulate`.
    variable : str
        A trajectory variable, e.g. ``"interceptor_stock"``.
    item : str, optional
        Missile or interceptor name; may be omitted when only one item has ``variable``.
    runs : int
        How many runs to draw, chosen at random without replacement (all if fewer).
    seed : int
        Seed of that choice, so the figure is reproducible.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    color : str, optional
        Colour of the runs.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 1:
        raise invalid("runs", "a whole number >= 1", runs)
    name, values = style.select(result, variable, item)
    ax = style.new_axes(ax)
    x = style.months(result.index)
    chosen = np.sort(
        np.random.default_rng(seed).choice(result.runs, size=min(runs, result.runs), replace=False)
    )
    color = color or style.OKABE_ITO["sky_blue"]
    for n, run in enumerate(chosen):
        ax.plot(
            x,
            values[run],
            color=color,
            linewidth=0.8,
            alpha=0.6,
            label=f"{len(chosen)} of {_runs(result)}" if n == 0 else "_nolegend_",
        )
    ax.plot(
        x,
        np.median(values, axis=0),
        color=style.OKABE_ITO["black"],
        linewidth=2,
        label="median of all runs",
    )
    style.floor(ax)
    ax.set_ylabel(_label(variable))
    style.month_axis(ax)
    return style.finish(
        ax, title, f"{_label(variable, unit=False).capitalize()}: {name}, run by run", loc="best"
    )


def _centre(values: Array, width: float) -> tuple[Array, Array, Array]:
    low, mid, high = np.quantile(values, [0.5 - width / 2, 0.5, 0.5 + width / 2], axis=0)
    return low, mid, high


def stocks(
    result: Result,
    *,
    band: float = 0.9,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The attacker's missile reserve and the defender's interceptor magazine, depletion marked.

    Missile reserves are solid lines on the left axis [missiles]; interceptor magazines are
    dashed lines on a right axis [interceptors] (``ax.right_ax``, as in pandas). For an
    ensemble the lines are medians over runs with a central ``band``. The month each
    interceptor type first falls short of demand (the median over the runs where it does) is
    marked with a dotted vertical line and a cross, with the share of runs that fall short.

    Parameters
    ----------
    result : Result
        From :func:`stockpile.simulate`, with trajectories.
    band : float
        Share of runs in the shaded band, for ensembles. [1]
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
        The left (missile) axes; the interceptor axes is its ``right_ax`` attribute.
    """
    (width,) = style.bands([band])
    ax = style.new_axes(ax, size=(8.0, 4.5))
    x = style.months(result.index)
    palette = style.colors(len(result.missiles) + len(result.interceptors))
    handles: list[Line2D] = []
    for n, name in enumerate(result.missiles):
        low, mid, high = _centre(result.get("missile_stock", name), width)
        if result.runs > 1:
            ax.fill_between(x, low, high, color=palette[n], alpha=0.2, linewidth=0)
        (line,) = ax.plot(x, mid, color=palette[n], linewidth=2, label=f"{name} reserve [missiles]")
        handles.append(line)
    style.floor(ax)
    ax.set_ylabel("missile reserve [missiles]")
    style.month_axis(ax)
    if result.interceptors:
        right = ax.twinx()
        ax.right_ax = right  # type: ignore[attr-defined]
        for n, name in enumerate(result.interceptors, start=len(result.missiles)):
            values = result.get("interceptor_stock", name)
            low, mid, high = _centre(values, width)
            if result.runs > 1:
                right.fill_between(
                    x,
                    low,
                    high,
                    color=palette[n],
                    alpha=0.15,
                    linewidth=0,
                    hatch="//",
                    edgecolor=palette[n],
                )
            (line,) = right.plot(
                x,
                mid,
                color=palette[n],
                linewidth=2,
                linestyle="--",
                label=f"{name} magazine [interceptors]",
            )
            handles.append(line)
            mark = _depletion_mark(result, name)
            if mark is not None:
                month, share = mark
                at = result.index.get_loc(month)
                ax.axvline(x[at], color=palette[n], linestyle=":", linewidth=1.2)  # type: ignore[arg-type]
                (cross,) = right.plot(
                    [x[at]],
                    [mid[at]],
                    marker="X",
                    markersize=9,
                    color=palette[n],
                    linestyle="none",
                    label=f"{name} short from {month}"
                    + (f" (median; {share:.0%} of runs)" if result.runs > 1 else ""),
                )
                handles.append(cross)
        style.floor(right)
        right.set_ylabel("interceptor magazine [interceptors]")
    else:
        ax.right_ax = None  # type: ignore[attr-defined]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
        frameon=False,
        fontsize="small",
    )
    what = "missile reserve" + (" and interceptor magazine" if result.interceptors else "")
    runs = f" ({_runs(result)})" if result.runs > 1 else ""
    return style.finish(ax, title, f"{result.scenario.name}: {what}{runs}", legend=False)


def _depletion_mark(result: Result, interceptor: str) -> tuple[object, float] | None:
    """(median month of first shortfall among runs that fall short, share of such runs)."""
    key = "depletion_month" if len(result.interceptors) == 1 else f"depletion_month.{interceptor}"
    offsets = result.metric(key)
    short = offsets[~np.isnan(offsets)]
    if short.size == 0:
        return None
    month = result.index[int(np.floor(np.median(short)))]
    return month, short.size / result.runs


def depletion(
    result: Result,
    *,
    ax: Axes | None = None,
    color: str | None = None,
    label: str | None = None,
    title: str | None = None,
) -> Axes:
    """Probability that the magazine has fallen short of demand by each month.

    The share of runs whose first shortfall (``depletion_month``) is at or before each month,
    for any interceptor type and, with several types, for each. [%]

    Parameters
    ----------
    result : Result
        An ensemble from :func:`stockpile.simulate` (metrics suffice: summary mode works).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    color : str, optional
        Colour of the first line (to compare scenarios on one axes).
    label : str, optional
        Prefix of the legend entries, e.g. the scenario's name.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(result, Result):
        raise invalid("result", "a sp.Result from sp.simulate()", type(result).__name__)
    if not result.interceptors:
        raise invalid("result", "a result with interceptor types", result.scenario.name)
    ax = style.new_axes(ax)
    frame = result.depletion_probability()
    x = style.months(result.index)
    if len(result.interceptors) > 1:
        names = {"any": "any interceptor type"}
    else:  # one type: its name, or the label alone
        names = {"any": "" if label else result.interceptors[0]}

    several = len(result.interceptors) > 1
    # with several types, "any" is a wide grey line under the per-type lines
    palette = (
        [style.OKABE_ITO["black"], *style.colors(len(frame.columns))[:-1]]
        if several
        else style.colors(1)
    )
    if color is not None:
        palette[0] = color
    prefix = f"{label}: " if label and several else label or ""
    for n, column in enumerate(frame.columns):
        ax.step(
            x,
            frame[column].to_numpy(),
            where="post",
            color=palette[n],
            linewidth=4 if several and column == "any" else 2 if column == "any" else 1.5,
            alpha=0.35 if several and column == "any" else 1.0,
            label=prefix + names.get(column, column),
        )
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("runs whose magazine has fallen short [%]")
    style.month_axis(ax)
    return style.finish(
        ax,
        title,
        f"Probability of depletion by month ({_runs(result)})",
        loc="lower right",
        title_fontsize="small",
    )
