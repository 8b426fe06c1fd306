"""Figures of sweeps and sensitivity tables: heatmap, tornado, Sobol indices.

They take plain DataFrames, the shapes :mod:`stockpile.explore` returns:

- a sweep: one row per sample, parameter columns (by path) and metric columns;
- a tornado table: columns ``parameter, low, high, base`` (metric at the parameter's low and
  high bound, and at the base scenario);
- a Sobol table: columns ``parameter, first_order, total_order`` and, optionally,
  ``first_order_low/high``, ``total_order_low/high`` (confidence interval bounds).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.collections import QuadMesh
from matplotlib.ticker import FuncFormatter, PercentFormatter
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.plot import _style as style
from stockpile.plot._labels import (
    is_censored,
    is_share,
    metric_label,
    parameter_label,
    units_of,
)
from stockpile.validation import check, whole

__all__ = ["heatmap", "sobol", "tornado"]

Array = NDArray[np.float64]
_EMPTY = "#DDDDDD"  # background of cells without points
_BEYOND = style.OKABE_ITO["bluish_green"]  # cells beyond the scale: never short, infinite
#: The most distinct values of a parameter drawn as a grid (one cell per value).
GRID_LEVELS = 25


def _require(frame: object, columns: Sequence[str], what: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise invalid("frame", f"a DataFrame ({what})", type(frame).__name__)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise invalid(
            "frame",
            f"a DataFrame with columns {list(columns)} ({what})",
            f"columns {list(frame.columns)}, missing {missing}",
        )
    return frame


def _numeric(series: pd.Series, name: str) -> Array:
    if isinstance(series.dtype, pd.PeriodDtype):  # e.g. depletion_month as a Period
        ordinals = series.map(lambda p: np.nan if pd.isna(p) else p.ordinal)
        return np.asarray(ordinals, dtype=np.float64)
    if series.dtype == bool:
        return series.to_numpy(dtype=np.float64)
    try:
        return np.asarray(pd.to_numeric(series), dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(name, "a numeric column", series.head(3).tolist()) from None


def _cells(values: Array, bins: int) -> tuple[Array, NDArray[np.int64], Array | None]:
    """Cell edges, each value's cell and, for a grid, the distinct values.

    A column whose values repeat (at most :data:`GRID_LEVELS` distinct values, each used at
    least twice on average: a grid sweep) gets one equally wide cell per value, labelled with
    it; otherwise ``bins`` equal-width cells."""
    finite = values[np.isfinite(values)]
    distinct = np.unique(finite).astype(np.float64)
    if distinct.size == 0:
        raise invalid("frame", "finite parameter values", values[:3].tolist())
    if distinct.size <= GRID_LEVELS and 2 * distinct.size <= max(finite.size, 2):
        edges = np.arange(distinct.size + 1, dtype=np.float64) - 0.5
        return edges, np.searchsorted(distinct, values).astype(np.int64), distinct
    edges = np.linspace(finite.min(), finite.max(), bins + 1, dtype=np.float64)
    cell = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    return edges, cell.astype(np.int64), None


def _lower_median(values: pd.Series) -> float:
    """The inverted-CDF median (a value that occurs; ``inf`` when half or more are ``inf``),
    as the summary tables compute it."""
    return float(np.quantile(values.to_numpy(), 0.5, method="inverted_cdf"))


def _aggregate(
    x_cell: NDArray[np.int64],
    y_cell: NDArray[np.int64],
    values: Array,
    agg: str,
    censored: bool,
    shape: tuple[int, int],
) -> tuple[Array, Array, Array]:
    """Per cell: ``agg`` of the metric, the share of points that never reach the event (for
    a censored metric) and the number of points. Shapes ``(y cells, x cells)``."""
    cells = pd.DataFrame({"x": x_cell, "y": y_cell, "v": values})
    if censored:  # never: later than any month, so medians and maxima count it
        cells["v"] = cells["v"].fillna(np.inf)
    else:
        cells = cells[~np.isnan(values)]
    grouped = cells.groupby(["y", "x"])["v"]
    how = _lower_median if censored and agg == "median" else agg
    out = []
    for series in (
        grouped.agg(how),
        grouped.agg(lambda v: float(np.isinf(v).mean())),
        grouped.size(),
    ):
        grid = np.full(shape, np.nan)
        grid[series.index.get_level_values("y"), series.index.get_level_values("x")] = series
        out.append(grid)
    value, never, count = out
    return value, never if censored else np.zeros(shape), np.nan_to_num(count)


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    metric: str,
    *,
    agg: str | None = None,
    bins: int | None = None,
    annotate: bool | None = None,
    cmap: str = "cividis",
    xlabel: str | None = None,
    ylabel: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Two parameters against a metric: a coloured grid of the metric over a sweep.

    A grid sweep (values that repeat, at most 25 per parameter) gets one cell per pair of
    values; a random sweep (Latin hypercube, Sobol, ...) is binned into ``bins`` × ``bins``
    equal-width cells. Each cell shows ``agg`` of the metric over the points in it.

    Points that never run short are never left out. For a depletion metric
    (``CENSORED_METRICS``: ``months_to_depletion``, months after
    the start, or ``depletion_month``, a calendar month; NaN, NaT or ``inf`` meaning "never
    within the horizon") "never" counts as later than any month: a cell shows the median (the
    month by which half its points have run short, as the summary tables compute it), or
    "never runs short" in its own colour, named at the top of the colour bar; a cell where
    some but not all points never run short says which share. Averaging months is refused
    for these metrics, since "never" has no month. Other metrics skip NaN values; ``inf``
    (e.g. ``months_of_cover`` when deliveries outpace use) has the same colour, named
    "infinite". Cells without points are grey, as the colour bar's label says.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per point, with columns ``x``, ``y`` and ``metric``; ``attrs["units"]`` (as
        :func:`stockpile.explore.sweep` sets it) gives the unit of swept rates.
    x, y : str
        Parameter columns (paths such as ``"patriot.deliveries"``).
    metric : str
        Metric column, e.g. ``"months_of_cover"``; a boolean column gives the share of True.
    agg : str, optional
        How points in a cell are combined: ``"mean"`` (default), ``"median"``, ``"min"`` or
        ``"max"``; for a depletion metric ``"median"`` (default), ``"min"`` or ``"max"``.
    bins : int, optional
        Cells per axis for a random sweep; by default about one per six points per cell,
        from 3 to 12.
    annotate : bool, optional
        Write each cell's value in it; by default when there are at most 10 × 10 cells.
    cmap : str
        Colour map; ``"cividis"`` and ``"viridis"`` are colour-blind safe.
    xlabel, ylabel : str, optional
        Axis labels (by default readable names of the parameters with their units).
    unit : str, optional
        Unit of the metric for the colour bar (known metrics have theirs).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require(frame, [x, y, metric], "a sweep: parameter and metric columns")
    censored = is_censored(metric)
    agg = agg if agg is not None else "median" if censored else "mean"
    allowed = ["max", "median", "min"] if censored else ["max", "mean", "median", "min"]
    if agg not in allowed:
        reason = " (points that never run short have no month to average)" if censored else ""
        raise invalid("agg", f"one of {allowed}{reason}", agg)
    if bins is None:
        bins = int(np.clip(np.sqrt(len(frame) / 6), 3, 12))
    check(bins, "bins", whole(1))
    xs, ys = _numeric(frame[x], x), _numeric(frame[y], y)
    values = _numeric(frame[metric], metric)
    calendar = isinstance(frame[metric].dtype, pd.PeriodDtype)
    x_edges, x_cell, x_grid = _cells(xs, bins)
    y_edges, y_cell, y_grid = _cells(ys, bins)
    shape = (y_edges.size - 1, x_edges.size - 1)
    grid, never, count = _aggregate(x_cell, y_cell, values, agg, censored, shape)
    ax = style.new_axes(ax, size=(6.5, 5.0))
    ax.set_facecolor(_EMPTY)
    share = frame[metric].dtype == bool or (unit is None and is_share(metric))
    mesh = _mesh(ax, grid, x_edges, y_edges, cmap)
    _colorbar(ax, mesh, grid, count, metric, agg, censored, calendar, share, unit, frame)
    if annotate if annotate is not None else grid.size <= 100:
        _annotate(ax, grid, never, x_edges, y_edges, mesh.norm, calendar, share, censored)
    if x_grid is not None:
        ax.set_xticks(np.arange(x_grid.size), [f"{v:,.4g}" for v in x_grid])
    if y_grid is not None:
        ax.set_yticks(np.arange(y_grid.size), [f"{v:,.4g}" for v in y_grid])
    units = units_of(frame.attrs)
    ax.set_xlabel(xlabel or parameter_label(x, units.get(x)))
    ax.set_ylabel(ylabel or parameter_label(y, units.get(y)))
    what = metric_label(metric, unit="").capitalize()
    across = f"{parameter_label(x, unit='')} and {parameter_label(y, unit='')}"
    return style.finish(ax, title, f"{what} by {across} ({len(frame):,} points)", legend=False)


def _mesh(ax: Axes, grid: Array, x_edges: Array, y_edges: Array, cmap: str) -> QuadMesh:
    """The cells: finite values on the colour scale, ``inf`` in its "over" colour, no value
    left transparent (the grey background)."""
    finite = grid[np.isfinite(grid)]
    low, high = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    colours = colormaps[cmap].with_extremes(over=_BEYOND)
    shown = np.where(np.isposinf(grid), high + 1.0 + abs(high), grid)  # drawn in "over"
    return ax.pcolormesh(
        x_edges,
        y_edges,
        np.ma.masked_invalid(shown),
        cmap=colours,
        vmin=low,
        vmax=high if high > low else low + 1.0,
        shading="flat",
    )


def _colorbar(
    ax: Axes,
    mesh: QuadMesh,
    grid: Array,
    count: Array,
    metric: str,
    agg: str,
    censored: bool,
    calendar: bool,
    share: bool,
    unit: str | None,
    frame: pd.DataFrame,
) -> None:
    """The colour bar: the metric's label and unit, how cells combine their points, and the
    colours off the scale ("never runs short" or "infinite" on top; grey cells)."""
    beyond = bool(np.isposinf(grid).any())
    bar = ax.figure.colorbar(mesh, ax=ax, extend="max" if beyond else "neither")
    if beyond:
        bar.ax.set_title("never\nruns short" if censored else "infinite", fontsize="small")
    if calendar:
        bar.ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _: str(pd.Period(ordinal=round(v), freq="M")))
        )
    elif share:
        bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    name = f"share of points with {metric}" if frame[metric].dtype == bool else metric
    text = metric_label(name, unit, start=frame.attrs.get("start"), percent=share)
    if bool((count > 1).any()):
        text = f"{agg} of {text}" if agg != "mean" or frame[metric].dtype != bool else text
        if censored:
            text += ",\nnever counted as after the horizon"
    if bool((count == 0).any()):
        text += "\n(grey: no points in the cell)"
    bar.set_label(text)


def _annotate(
    ax: Axes,
    grid: Array,
    never: Array,
    x_edges: Array,
    y_edges: Array,
    norm: object,
    calendar: bool,
    share: bool,
    censored: bool,
) -> None:
    xc, yc = (x_edges[1:] + x_edges[:-1]) / 2, (y_edges[1:] + y_edges[:-1]) / 2
    finite = np.abs(grid[np.isfinite(grid)])
    scale = finite.max() if finite.size else 1.0
    whole = bool(np.all(finite == np.round(finite)))
    digits = 0 if scale >= 100 or whole else 1 if scale >= 10 else 2
    for i, yv in enumerate(yc):
        for j, xv in enumerate(xc):
            value = grid[i, j]
            if np.isnan(value):
                continue
            shade = float(norm(value)) if np.isfinite(value) else 1.0  # type: ignore[operator]
            if np.isinf(value):
                text = "never" if censored else "∞"
            elif calendar:
                text = str(pd.Period(ordinal=int(value), freq="M"))
            elif share:
                text = f"{value:.0%}"
            else:
                text = f"{value:,.{digits}f}"
            if 0.0 < never[i, j] < 1.0:
                text += f"\n({never[i, j]:.0%} never)"
            ax.text(
                xv,
                yv,
                text,
                ha="center",
                va="center",
                fontsize="small",
                color="black" if shade > 0.5 else "white",
            )


def tornado(
    frame: pd.DataFrame,
    *,
    metric: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Tornado chart: how far the metric moves when each parameter goes to its bounds.

    One row per parameter, the widest swing on top; bars run from the base value to the metric
    at the parameter's low bound and at its high bound. Parameters are named readably, with
    their units. For a depletion metric, a case that never runs short (NaN or ``inf``, or the
    horizon ``attrs["horizon"]`` where :func:`stockpile.explore.tornado` counts it so) is a
    hatched bar to the right edge marked "never", not a missing bar.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns (or index) ``parameter`` and columns ``low, high, base``: the metric with the
        parameter at its low and high bound and at the base scenario, one row per parameter,
        as :func:`stockpile.explore.tornado` returns; optional ``low_value, high_value`` (the
        bounds) are shown beside each name.
    metric : str, optional
        Name of the metric, for the axis label (else ``frame.attrs["metric"]`` if set).
    unit : str, optional
        Its unit (known metrics have theirs).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _with_parameter(frame)
    _require(frame, ["parameter", "low", "high", "base"], "a tornado table")
    name = metric or str(frame.attrs.get("metric", "metric"))
    low, high = _numeric(frame["low"], "low"), _numeric(frame["high"], "high")
    base = _numeric(frame["base"], "base")
    horizon = frame.attrs.get("horizon")
    if horizon is not None and is_censored(name):  # explore.tornado counts never as the horizon
        low, high, base = (np.where(v >= float(horizon), np.inf, v) for v in (low, high, base))
    never = _never_at(name, low, high, base)
    if never is not None:
        if horizon is not None:  # "never": at least the horizon
            never = max(never, float(horizon))
        low, high, base = (np.where(np.isfinite(v), v, never) for v in (low, high, base))
    order = np.argsort(-np.abs(high - low), kind="stable")[::-1]  # widest at the top
    ax = style.new_axes(ax, size=(7.0, 0.9 + 0.45 * len(frame)))
    y = np.arange(len(order))
    units = units_of(frame.attrs)
    names = [_tornado_label(frame.iloc[k], units) for k in order]
    for ends, colour, text in (
        (low, style.OKABE_ITO["blue"], "parameter at its low bound"),
        (high, style.OKABE_ITO["orange"], "parameter at its high bound"),
    ):
        bars = ax.barh(
            y,
            ends[order] - base[order],
            left=base[order],
            height=0.6,
            color=colour,
            label=text,
        )
        for bar, end in zip(bars, ends[order], strict=True):
            if never is not None and end == never:
                bar.set_hatch("//")
                ax.text(end, bar.get_y() + 0.3, " never", va="center", fontsize="small")
    centre = float(np.median(base))
    ax.axvline(centre, color=style.OKABE_ITO["black"], linewidth=1)
    ax.set_yticks(y, names)
    ax.set_ylim(-0.6, len(order) + 0.9)  # room on top for the legend, clear of the bars
    label = metric_label(name, unit, start=frame.attrs.get("start"))
    ax.set_xlabel(label)
    shown = "never" if never is not None and centre == never else _short(centre)
    return style.finish(
        ax,
        title,
        f"Sensitivity of {metric_label(name, unit='')} (base {shown})",
        loc="upper right",
        fontsize="small",
    )


def _never_at(name: str, *columns: Array) -> float | None:
    """Where a depletion metric's "never" is drawn: beyond its largest month (``None`` for
    other metrics, or when every case runs short)."""
    if not is_censored(name):
        return None
    values = np.concatenate(columns)
    if np.isfinite(values).all():
        return None
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 1.0
    span = float(np.ptp(finite)) if finite.size > 1 else 1.0
    return top + max(0.15 * span, 1.0)


def _with_parameter(frame: object) -> pd.DataFrame:
    """The table with ``parameter`` as a column (explore returns it as the index)."""
    if (
        isinstance(frame, pd.DataFrame)
        and "parameter" not in frame.columns
        and frame.index.name == "parameter"
    ):
        return frame.reset_index()
    return frame  # type: ignore[return-value]


def _tornado_label(row: pd.Series, units: dict[str, str]) -> str:
    path = str(row["parameter"])
    name = parameter_label(path, units.get(path))
    if "low_value" in row.index and "high_value" in row.index:
        return f"{name}\n({_value(row['low_value'])} – {_value(row['high_value'])})"
    return name


def _value(value: object) -> str:
    if isinstance(value, float | int | np.floating | np.integer) and not isinstance(value, bool):
        return f"{value:,.4g}"
    return str(value)


def _short(value: float) -> str:
    """A number for a title: whole above 100, else three significant digits."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def sobol(
    frame: pd.DataFrame,
    *,
    metric: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Sobol indices: first- and total-order, with their confidence intervals when given.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``parameter, first_order, total_order`` and optionally ``first_order_low``,
        ``first_order_high``, ``total_order_low``, ``total_order_high`` [share], as
        :func:`stockpile.explore.sobol` returns; with a ``metric`` column, one metric is drawn.
    metric : str, optional
        The metric to draw when the table holds several; also used in the title.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require(frame, ["parameter", "first_order", "total_order"], "Sobol indices")
    if "metric" in frame.columns:
        metrics = list(dict.fromkeys(frame["metric"]))
        if metric is None and len(metrics) > 1:
            raise invalid("metric", f"one of {metrics} (the table holds several)", metric)
        if metric is not None and metric not in metrics:
            raise invalid("metric", f"one of {metrics}", metric)
        metric = metric if metric is not None else metrics[0]
        frame = frame[frame["metric"] == metric]
    if "month" in frame.columns:
        raise invalid(
            "frame",
            "Sobol indices of metrics (one row per parameter)",
            "indices by month",
            hint="Select one month: frame[frame.month == m].",
        )
    total = _numeric(frame["total_order"], "total_order")
    order = np.argsort(-total, kind="stable")[::-1]  # most influential at the top
    ax = style.new_axes(ax, size=(7.0, 1.0 + 0.5 * len(frame)))
    y = np.arange(len(order))
    height = 0.38
    kinds = (
        ("first_order", "first order $S_1$", style.OKABE_ITO["bluish_green"], -1),
        ("total_order", "total order $S_T$", style.OKABE_ITO["reddish_purple"], 1),
    )
    for column, text, color, side in kinds:
        values = _numeric(frame[column], column)[order]
        bounds = [f"{column}_low", f"{column}_high"]
        xerr = None
        if all(b in frame.columns for b in bounds):
            lo = _numeric(frame[bounds[0]], bounds[0])[order]
            hi = _numeric(frame[bounds[1]], bounds[1])[order]
            xerr = np.vstack([np.maximum(values - lo, 0), np.maximum(hi - values, 0)])
        ax.barh(
            y + side * height / 2,
            values,
            height=height,
            color=color,
            label=text,
            xerr=xerr,
            error_kw={"ecolor": style.OKABE_ITO["black"], "capsize": 3, "elinewidth": 1},
        )
    ax.set_yticks(y, [parameter_label(str(frame["parameter"].iloc[k]), unit="") for k in order])
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_xlim(left=min(0.0, ax.get_xlim()[0]))
    ax.axvline(0, color=style.OKABE_ITO["black"], linewidth=0.8)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of the metric's variance [%]")
    name = metric or frame.attrs.get("metric")
    default = "Sobol indices" + (f" of {metric_label(str(name), unit='')}" if name else "")
    return style.finish(ax, title, default, loc="lower right", fontsize="small")
