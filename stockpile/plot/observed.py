"""The observed record against what was fitted to it and what is forecast from it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from numpy.typing import NDArray

from stockpile.calibrate.forecast_result import LaunchForecast
from stockpile.errors import invalid
from stockpile.plot import _style as style
from stockpile.plot._labels import item_name
from stockpile.results import Result

__all__ = ["observed"]


def _monthly(data: object, name: str) -> pd.DataFrame:
    """A Series or DataFrame indexed by month, as a DataFrame of float columns."""
    if isinstance(data, pd.Series):
        frame = data.to_frame(name=str(data.name) if data.name is not None else name)
    elif isinstance(data, pd.DataFrame):
        frame = data.copy()
        frame.columns = [
            " ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in frame.columns
        ]
    else:
        raise invalid(name, "a Series or DataFrame indexed by month", type(data).__name__)
    try:
        frame.index = pd.PeriodIndex(frame.index, freq="M")
    except (TypeError, ValueError):
        raise invalid(
            name, "a Series or DataFrame indexed by month (a PeriodIndex)", list(frame.index[:3])
        ) from None
    return frame.astype(np.float64)


def observed(
    observed: pd.Series | pd.DataFrame,
    forecast: Result | LaunchForecast | None = None,
    *,
    fitted: pd.Series | Result | None = None,
    variable: str = "launches",
    item: str | None = None,
    bands: Sequence[float] = (0.5, 0.9),
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Observed monthly counts, the fitted values and a forecast fan, on one month axis.

    Monthly counts (observed, fitted, forecast launches) are drawn in the middle of their
    month; a forecast stock from its initial value to each month's end. A dotted line marks
    the first day of the forecast.

    Parameters
    ----------
    observed : pandas.Series or pandas.DataFrame
        Monthly counts indexed by month (``PeriodIndex``), e.g.
        ``stockpile.data.observed_monthly()["launched", "ballistic"]``; a DataFrame draws one
        series per column (class names shown readably, ``s300_s400`` as "S-300/S-400").
        [missiles/month]
    forecast : LaunchForecast or Result, optional
        The continuation: a launch forecast (:meth:`stockpile.calibrate.LaunchFit.forecast`)
        or a simulation; the median of ``variable`` for ``item`` with central ``bands``.
    fitted : pandas.Series or Result, optional
        The model's values over the observed period: a monthly Series (e.g. a fitted mean) or
        a Result (its median is drawn). [unit of ``variable``]
    variable : str
        Variable of ``forecast`` (and of a ``fitted`` Result) to draw.
    item : str, optional
        Missile type of ``forecast``; may be omitted when it has one.
    bands : sequence of float
        Shares of runs in the forecast's central bands, named by their quantiles. [share]
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _monthly(observed, "observed")
    widths = style.bands(bands)
    ax = style.new_axes(ax, size=(8.0, 4.0))
    palette = [style.OKABE_ITO["black"], *style.colors(len(frame.columns))[1:]]
    for n, column in enumerate(frame.columns):
        series = frame[column]
        tag = "observed" if len(frame.columns) == 1 else f"observed {item_name(column)}"
        ax.plot(
            style.month_middles(pd.PeriodIndex(frame.index)),
            series.to_numpy(),
            color=palette[n],
            marker="o",
            markersize=3.5,
            linewidth=1,
            label=tag,
        )
    if fitted is not None:
        if isinstance(fitted, Result):
            _, x, values = style.drawn(fitted, variable, item)
            y = np.median(values, axis=0)
        else:
            series = _monthly(fitted, "fitted").iloc[:, 0]
            x, y = style.month_middles(pd.PeriodIndex(series.index)), series.to_numpy()
        ax.plot(x, y, color=style.OKABE_ITO["vermillion"], linewidth=2, label="fitted")
    if forecast is not None:
        _draw_forecast(ax, forecast, variable, item, widths)
    style.floor(ax)
    ax.set_ylabel(style.label(variable))
    style.month_axis(ax)
    what = variable.replace("_", " ")
    subject = f" of {item_name(item)}" if item else ""
    default = (
        f"Observed {what}{subject}"
        + (", fitted" if fitted is not None else "")
        + (" and forecast" if forecast is not None else "")
    )
    return style.finish(ax, title, default, loc="best", fontsize="small")


def _draw_forecast(
    ax: Axes, forecast: object, variable: str, item: str | None, widths: list[float]
) -> None:
    """The forecast's median and central bands, and a dotted line on its first day."""
    x, values, index = _forecast(forecast, variable, item)
    color = style.OKABE_ITO["blue"]
    runs = values.shape[0]
    if runs > 1:
        for k, width in enumerate(widths):
            low, high = np.quantile(values, [0.5 - width / 2, 0.5 + width / 2], axis=0)
            ax.fill_between(
                x,
                low,
                high,
                color=color,
                linewidth=0,
                alpha=0.2 + 0.25 * k / max(len(widths) - 1, 1),
                label=f"forecast, {style.band_label(width)}",
            )
    ax.plot(
        x,
        np.median(values, axis=0),
        color=color,
        linewidth=2,
        label="forecast, median" if runs > 1 else "forecast",
    )
    ax.axvline(style.month_bounds(index)[0], color=style.OKABE_ITO["black"], linestyle=":")


def _forecast(
    forecast: object, variable: str, item: str | None
) -> tuple[NDArray[np.datetime64], NDArray[np.float64], pd.PeriodIndex]:
    """Dates, ``(runs, points)`` values of a forecast's ``variable`` and its months."""
    if isinstance(forecast, LaunchForecast):
        values = np.asarray(forecast.get(variable, item), dtype=np.float64)
        return style.month_middles(forecast.index), values, forecast.index
    if not isinstance(forecast, Result):
        raise invalid(
            "forecast",
            "a LaunchForecast (fit.forecast()) or a sp.Result",
            type(forecast).__name__,
        )
    _, x, values = style.drawn(forecast, variable, item)
    return x, values, forecast.index
