"""Dated events on a month axis: ceasefires and production shocks as shaded spans, aid
packages and import deliveries as marked months, each with a legend entry that says what and
when.

An event acts on whole months: a ceasefire from 2026-01 stops launches from the first day of
January 2026, so its span starts at that date, where the stocks drawn at month ends start to
bend. A delivery arrives within its month: the month is shaded narrowly and the stock drawn at
that month's end holds it.
"""

from __future__ import annotations

import weakref

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from numpy.typing import NDArray

from stockpile.events import Ceasefire, DeliveryShock, Event, ImportDelivery, ProductionShock
from stockpile.plot import _style as style
from stockpile.plot._labels import item_name
from stockpile.scenario import Scenario

__all__ = ["mark", "relevant"]

_SPAN = {  # face colour, alpha, hatch
    Ceasefire: (style.OKABE_ITO["sky_blue"], 0.18, None),
    ProductionShock: (style.OKABE_ITO["orange"], 0.12, "xx"),
    DeliveryShock: (style.OKABE_ITO["black"], 0.10, "//"),
}
_DELIVERY = style.OKABE_ITO["reddish_purple"]
#: The events already marked on each axes, by label (several scenarios drawn on one axes).
_MARKED: weakref.WeakKeyDictionary[Axes, set[str]] = weakref.WeakKeyDictionary()


def relevant(event: Event, kind: str | None, item: str | None) -> bool:
    """Whether ``event`` acts on the items drawn.

    Parameters
    ----------
    event : Event
        A scenario's event.
    kind : {"missile", "interceptor"} or None
        The kind of item drawn; ``None`` for both.
    item : str, optional
        The item drawn; ``None`` for every item of ``kind``.
    """
    if isinstance(event, Ceasefire):
        return True  # no launches: no demand on the magazines either
    if isinstance(event, ProductionShock):
        return kind != "interceptor" and (item is None or event.missile in (None, item))
    if isinstance(event, DeliveryShock):
        return kind != "missile" and (item is None or event.interceptor in (None, item))
    if isinstance(event, ImportDelivery):
        return kind != "interceptor" and item in (None, event.missile)
    return kind != "missile" and item in (None, event.interceptor)


def mark(
    ax: Axes, scenario: Scenario, kind: str | None = None, item: str | None = None
) -> list[Artist]:
    """Mark the scenario's events that act on ``kind``/``item`` on ``ax``; returns the new
    marks (legend handles). An event already marked on ``ax`` (same label) is not drawn twice.
    """
    bounds = style.month_bounds(scenario.index)
    drawn = _MARKED.setdefault(ax, set())
    marks: list[Artist] = []
    for k, event in enumerate(scenario.events):
        if not relevant(event, kind, item):
            continue
        first, last, varies = _months(scenario, k)
        label = _label(event, scenario, first, varies)
        if label in drawn:
            continue
        drawn.add(label)
        if isinstance(event, Ceasefire | ProductionShock | DeliveryShock):
            color, alpha, hatch = _SPAN[type(event)]
            span = ax.axvspan(
                bounds[first],
                bounds[last],
                facecolor=color,
                alpha=alpha,
                hatch=hatch,
                edgecolor=color if hatch else "none",
                linewidth=0,
                zorder=0,
                label=label,
            )
        else:
            span = ax.axvspan(
                bounds[first],
                bounds[last],
                facecolor=_DELIVERY,
                alpha=0.25,
                linewidth=0,
                zorder=0,
                label=label,
            )
        marks.append(span)
    return marks


def _months(scenario: Scenario, k: int) -> tuple[int, int, bool]:
    """First month and the month after the last of event ``k`` [months since start], and
    whether its month differs by run (then the span covers every run's)."""
    event, name = scenario.events[k], scenario.event_label(k)
    if isinstance(event, Ceasefire):
        start = _offsets(scenario, event.start, f"{name}.start", False)
        end = (
            np.array([scenario.months])
            if event.end is None
            else _offsets(scenario, event.end, f"{name}.end", True)
        )
        return int(start.min()), int(end.max()), bool(np.ptp(start) or np.ptp(end))
    if isinstance(event, ProductionShock | DeliveryShock):
        start = _offsets(scenario, event.start, f"{name}.start", False)
        end = np.minimum(start + int(event.months), scenario.months)
        return int(start.min()), int(end.max()), bool(np.ptp(start))
    month = _offsets(scenario, event.month, f"{name}.month", False)
    return int(month.min()), int(month.max()) + 1, bool(np.ptp(month))


def _offsets(scenario: Scenario, value: object, name: str, end: bool) -> NDArray[np.int64]:
    return np.asarray(scenario.month_offsets(value, name, allow_end=end), dtype=np.int64)


def _label(event: Event, scenario: Scenario, first: int, varies: bool) -> str:
    month = "varying by run" if varies else f"{scenario.index[first]}"
    if isinstance(event, Ceasefire):
        if varies:
            return "ceasefire, no launches (months vary by run)"
        end = "" if event.end is None else f" to {scenario.index[0] + _end(scenario, event)}"
        return f"ceasefire from {month}{end}: no launches"
    if isinstance(event, ProductionShock):
        factor = _number(event.factor)
        what = f"{item_name(event.missile)} production" if event.missile else "production"
        times = f" ×{factor}" if factor is not None else ""
        return f"{what}{times} for {_duration(event.months)} from {month}"
    if isinstance(event, DeliveryShock):
        what = f"{item_name(event.interceptor)} deliveries" if event.interceptor else "deliveries"
        return f"{what} ×{_span(event.factor)} for {_duration(event.months)} from {month}"
    if isinstance(event, ImportDelivery):
        return f"import: {_quantity(event.quantity)}{item_name(event.missile)} in {month}"
    return f"aid package: {_quantity(event.quantity)}{item_name(event.interceptor)} in {month}"


def _end(scenario: Scenario, event: Ceasefire) -> int:
    """A ceasefire's last month [months since start]."""
    return int(np.max(scenario.month_offsets(event.end, "ceasefire.end", allow_end=True))) - 1


def _number(value: object) -> str | None:
    """A scalar event value as text (``None`` for arrays and distributions)."""
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return f"{float(value):,.4g}"
    return None


def _duration(value: object) -> str:
    """A duration as text: ``"1 month"``, ``"2 months"``."""
    months = int(value)  # type: ignore[call-overload]
    return f"{months} month" if months == 1 else f"{months} months"


def _span(value: object) -> str:
    """A factor as text: its value, the range a distribution or a column of joint draws takes
    (``"0–0.3"``), or ``"a factor"`` for values that vary by run otherwise."""
    number = _number(value)
    if number is not None:
        return number
    if hasattr(value, "support"):  # a scipy.stats distribution or an sp.Draws column
        low, high = (float(b) for b in value.support())
        if np.isfinite([low, high]).all():
            return f"{_short(low)}–{_short(high)}"
    return " a factor"


def _short(value: float) -> str:
    """A factor's bound to two decimals at most: ``"0"`` for 0.000126, ``"0.3"``."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _quantity(value: object) -> str:
    number = _number(value)
    return f"+{number} " if number is not None else ""
