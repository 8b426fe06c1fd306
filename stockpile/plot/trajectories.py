"""Figures of one :class:`~stockpile.results.Result`: fan chart, spaghetti, stocks, depletion."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.plot import _events
from stockpile.plot import _style as style
from stockpile.plot._labels import item_name
from stockpile.results import Result
from stockpile.validation import check

__all__ = ["depletion", "fan", "shortfall", "spaghetti", "stocks"]

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
    events: bool = True,
) -> Axes:
    """Fan chart: the median of ``variable`` over runs, with central bands.

    A stock is drawn from its initial value on the first day of the first month to its value
    at the end of each month; a flow (a count per month) in the middle of its month. The
    scenario's events that act on the item are marked (``stockpile.plot._events``).

    Parameters
    ----------
    result : Result
        An ensemble from :func:`stockpile.simulate` (one run draws the line alone).
    variable : str
        A trajectory variable, e.g. ``"interceptor_stock"``, ``"missile_stock"``.
    item : str, optional
        Missile or interceptor name; may be omitted when only one item has ``variable``.
    bands : sequence of float
        Shares of runs in each central band, e.g. ``(0.5, 0.9)``: the 25th–75th and
        5th–95th percentiles, as the legend says. [share]
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    color : str, optional
        Colour of line and bands (to compare scenarios on one axes).
    label : str, optional
        Prefix of the legend entries, e.g. the scenario's name.
    title : str, optional
        Title; ``""`` for none.
    events : bool
        Mark the scenario's ceasefires, shocks and deliveries.

    Returns
    -------
    matplotlib.axes.Axes
    """
    widths = style.bands(bands)
    name, x, values = style.drawn(result, variable, item)
    ax = style.new_axes(ax)
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
    if events:
        _events.mark(ax, result.scenario, _kind(result, name), name)
    style.floor(ax)
    ax.set_ylabel(_label(variable))
    style.month_axis(ax)
    return style.finish(
        ax,
        title,
        f"{_label(variable, unit=False).capitalize()}: {item_name(name)} ({_runs(result)})",
        loc="best",
        fontsize="small",
    )


def _kind(result: Result, item: str) -> str:
    return "missile" if item in result.missiles else "interceptor"


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
    events: bool = True,
) -> Axes:
    """A few runs' trajectories of ``variable`` as thin lines, with the median of all runs.

    Months are placed as in :func:`fan`: stocks from the initial value to each month's end,
    flows mid-month.

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
    events : bool
        Mark the scenario's ceasefires, shocks and deliveries.

    Returns
    -------
    matplotlib.axes.Axes
    """
    check(runs, "runs")
    name, x, values = style.drawn(result, variable, item)
    ax = style.new_axes(ax)
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
    if events:
        _events.mark(ax, result.scenario, _kind(result, name), name)
    style.floor(ax)
    ax.set_ylabel(_label(variable))
    style.month_axis(ax)
    what = _label(variable, unit=False).capitalize()
    return style.finish(
        ax, title, f"{what}: {item_name(name)}, run by run", loc="best", fontsize="small"
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
    events: bool = True,
) -> Axes:
    """The attacker's missile reserve and the defender's interceptor magazine, shortfalls and
    events marked.

    Stocks are drawn from their initial values on the first day of the first month to their
    values at the end of each month. Missile reserves are solid lines on the left axis
    [missiles]; interceptor magazines are dashed lines on a right axis [interceptors]
    (``ax.right_ax``, as in pandas). For an ensemble the lines are medians over runs, shaded
    between the quantiles of the central ``band`` (named in the legend).

    Each interceptor type's shortfall is stated as the summary tables state it: the median
    first month short over all runs, runs that never fall short counted as later than the
    horizon (the month by which half the runs are short; the ``median`` of
    ``depletion_month`` in ``stockpile run``'s table), marked with a cross on the zero line in
    the middle of that month, and the share of runs short by the last month. When fewer than
    half the runs fall short, there is no median month: the legend gives the share alone.
    Ceasefires, production shocks and deliveries are shaded over their months.

    Parameters
    ----------
    result : Result
        From :func:`stockpile.simulate`, with trajectories.
    band : float
        Share of runs in the shaded band, for ensembles. [share]
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        Title; ``""`` for none.
    events : bool
        Mark the scenario's ceasefires, shocks and deliveries.

    Returns
    -------
    matplotlib.axes.Axes
        The left (missile) axes; the interceptor axes is its ``right_ax`` attribute.
    """
    (width,) = style.bands([band])
    ax = style.new_axes(ax, size=(8.0, 4.5))
    palette = style.colors(len(result.missiles) + len(style.magazines(result)))
    handles: list[Artist] = []
    for n, name in enumerate(result.missiles):
        _, x, values = style.drawn(result, "missile_stock", name)
        low, mid, high = _centre(values, width)
        if result.runs > 1:
            ax.fill_between(x, low, high, color=palette[n], alpha=0.2, linewidth=0)
        (line,) = ax.plot(
            x, mid, color=palette[n], linewidth=2, label=f"{item_name(name)} reserve [missiles]"
        )
        handles.append(line)
    style.floor(ax)
    ax.set_ylabel("missile reserve [missiles]")
    style.month_axis(ax)
    drawn = style.magazines(result)
    ax.right_ax = _magazines(ax, result, width, palette, handles) if drawn else None  # type: ignore[attr-defined]
    if result.runs > 1:
        handles.append(
            Patch(facecolor="#999999", alpha=0.35, label=f"shaded: {style.band_label(width)}")
        )
    if events:
        handles += _events.mark(ax, result.scenario)
    size = float(FontProperties(size="small").get_size())
    ax.legend(  # two columns under the axes: each entry within half its width
        handles=handles,
        labels=[style.wrap(str(h.get_label()), ax, size, share=0.45) for h in handles],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
        frameon=False,
        fontsize="small",
    )
    what = "missile reserve" + (" and interceptor magazine" if drawn else "")
    runs = f" ({_runs(result)})" if result.runs > 1 else ""
    return style.finish(ax, title, f"{result.scenario.name}: {what}{runs}", legend=False)


def _magazines(
    ax: Axes, result: Result, width: float, palette: list[str], handles: list[Artist]
) -> Axes:
    """The interceptor magazines on a right axis, each with its shortfall stated (no-magazine
    layers, whose stock is infinite, are left out)."""
    right = ax.twinx()
    middles = style.month_middles(result.index)
    for n, name in enumerate(style.magazines(result), start=len(result.missiles)):
        _, x, values = style.drawn(result, "interceptor_stock", name)
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
            label=f"{item_name(name)} magazine [interceptors]",
        )
        handles.append(line)
        month, share = shortfall(result, name)
        text = _shortfall_text(result, name, month, share)
        if month is None:
            handles.append(Line2D([], [], linestyle="none", marker="", label=text))
            continue
        ax.axvline(middles[month], color=palette[n], linestyle=":", linewidth=1.2)
        (cross,) = right.plot(
            [middles[month]],
            [0.0],
            marker="X",
            markersize=9,
            color=palette[n],
            linestyle="none",
            clip_on=False,
            label=text,
        )
        handles.append(cross)
    style.floor(right)
    right.set_ylabel("interceptor magazine [interceptors]")
    return right


def shortfall(result: Result, interceptor: str) -> tuple[int | None, float]:
    """The median first month short of ``interceptor`` and the share of runs short by the end.

    The median is over all runs, runs that never fall short counted as later than the
    horizon: the first month by which at least half the runs have fallen short (the
    inverted-CDF median), ``None`` when fewer than half do.

    Returns
    -------
    (int or None, float)
        The month [months since start] and the share of runs short within the horizon.
        [share]
    """
    frame = result.depletion_probability()
    column = "any" if len(result.interceptors) == 1 else interceptor
    probability = frame[column].to_numpy()
    reached = np.flatnonzero(probability >= 0.5)
    return (int(reached[0]) if reached.size else None), float(probability[-1])


def _shortfall_text(result: Result, name: str, month: int | None, share: float) -> str:
    shown, last = item_name(name), result.index[-1]
    if result.runs == 1:
        return (
            f"{shown} short from {result.index[month]}"
            if month is not None
            else f"{shown} not short by {last}"
        )
    if share == 0.0:
        return f"{shown}: no run short by {last}"
    if month is None:
        return f"{shown}: median first shortfall after {last} ({share:.0%} of runs short by then)"
    return f"{shown}: median first shortfall {result.index[month]} ({share:.0%} of runs by {last})"


def depletion(
    result: Result,
    *,
    ax: Axes | None = None,
    color: str | None = None,
    label: str | None = None,
    title: str | None = None,
    events: bool = True,
) -> Axes:
    """Probability that the magazine has fallen short of demand by each month.

    The share of runs whose first shortfall is in or before each month, drawn as a step over
    that month's span, for any interceptor type and, with several types, for each. Runs that
    never fall short are counted in every month (as not short). Only types with a magazine
    are drawn: a no-magazine layer (``stock=inf``) never falls short. [%]

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
    events : bool
        Mark the scenario's ceasefires and aid packages.

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
    kept = style.magazines(result) or list(result.interceptors)
    several = len(kept) > 1
    if several:
        frame = frame[["any", *kept]]
        names = {"any": "any interceptor type"}
    else:  # one type with a magazine (no-magazine layers never fall short): its name
        frame = frame[["any"]] if len(result.interceptors) == 1 else frame[kept]
        names = {frame.columns[0]: "" if label else item_name(kept[0])}
    x = style.month_bounds(result.index)
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
        values = frame[column].to_numpy()
        ax.step(
            x,
            np.append(values, values[-1]),  # each month's share over its whole span
            where="post",
            color=palette[n],
            linewidth=4 if several and column == "any" else 1.5 if several else 2,
            alpha=0.35 if several and column == "any" else 1.0,
            label=prefix + names.get(column, item_name(column)),
        )
    if events:
        _events.mark(ax, result.scenario, "interceptor")
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("runs short in or before the month [%]")
    style.month_axis(ax)
    return style.finish(
        ax,
        title,
        f"Probability of depletion by month ({_runs(result)})",
        loc="best",
        fontsize="small",
    )
