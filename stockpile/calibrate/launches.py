"""The fitting entry point: :func:`fit_launches` fits each class's launch model to the monthly
record and returns a :class:`~stockpile.calibrate.LaunchFit`.

Each class is fitted by :func:`~stockpile.calibrate.models.fit_class`, and the interception
rates of the same window by :func:`~stockpile.calibrate.fit_interception` where the table has
``destroyed`` counts. What the fit reports and forecasts is :class:`LaunchFit`'s
(:mod:`stockpile.calibrate.launch_fit`, :mod:`stockpile.calibrate.forecast`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from stockpile.calibrate import _inputs
from stockpile.calibrate.interception import fit_interception
from stockpile.calibrate.launch_fit import LaunchFit
from stockpile.calibrate.likelihood import MODELS
from stockpile.calibrate.models import CRITERIA, DEFAULT_CLASSES, fit_class
from stockpile.errors import invalid
from stockpile.validation import check

__all__ = ["fit_launches"]


def fit_launches(
    monthly: pd.DataFrame,
    until: Any = None,
    *,
    classes: Sequence[str] = DEFAULT_CLASSES,
    since: Any = None,
    window: int | None = 24,
    models: Sequence[str] = tuple(MODELS),
    criterion: str = "bic",
    margin: float = 6.0,
    damping: float = 0.5,
    parameter_scale: float = 1.0,
) -> LaunchFit:
    """Fit negative-binomial launch processes per class by maximum likelihood.

    For each class, monthly launches are negative binomial with dispersion ``k`` and log-mean
    ``level + trend·t + sin·sin(2πm/12) + cos·cos(2πm/12)`` (``t`` in years from ``until``,
    ``m`` the calendar month), with the terms of each candidate model of :data:`MODELS`.
    The model kept is the simplest (fewest parameters) whose ``criterion`` lies within
    ``margin`` of the lowest: by default BIC with a margin of 6, so a trend or a seasonality is
    kept only on strong evidence (Kass & Raftery's "strong": a BIC difference above 6).

    Parameters
    ----------
    monthly : pandas.DataFrame
        Monthly table as from :func:`stockpile.data.observed_monthly` (or flat class columns
        of launches). [missiles/month]
    until : str or pandas.Period, optional
        Last month fitted (default: the table's last).
    classes : sequence of str
        Classes to fit (columns of ``monthly["launched"]``); ``total`` is fitted to its own
        series.
    since : str or pandas.Period, optional
        First month that may be fitted (default: the table's first). The shipped record's
        first month, 2022-09, holds three days only: ``since="2022-10"`` leaves it out.
    window : int or None
        Fit only the last ``window`` months up to ``until`` (``None``: from ``since``). Two
        years by default: enough for a seasonality, short enough to follow regime changes.
        [months]
    models : sequence of str
        Candidate models, keys of :data:`MODELS`; each needs :data:`MIN_MONTHS` in the window.
    criterion : {"bic", "aic"}
        Information criterion choosing among the candidates (:data:`CRITERIA`).
    margin : float
        Simplest model within this much of the lowest criterion wins (0: the lowest).
    damping : float
        Per-month damping ``phi`` in (0, 1] of a trend carried into forecasts: month ``h``
        after ``until`` gets ``phi + ... + phi**h`` months of trend, at most
        ``phi / (1 − phi)`` (1 month at the default 0.5; ``1``: a straight line). [1]
    parameter_scale : float
        Factor (>= 0) on the standard errors when forecasts draw parameters. [1]

    Returns
    -------
    LaunchFit

    Raises
    ------
    StockpileError
        A bad table, a month outside it, an unknown class, model or criterion, a class without
        launches in the window.

    Examples
    --------
    >>> import stockpile as sp
    >>> fit = sp.calibrate.fit_launches(sp.data.observed_monthly(), until="2025-06")
    >>> fit.summary()["model"].to_dict()
    {'cruise': 'constant', 'ballistic': 'trend', 's300_s400': 'constant', 'total': 'constant'}
    """
    launched = _inputs.measure(monthly, "launched")
    first, last = _inputs.window(pd.PeriodIndex(launched.index), until, since, window)
    chosen = _inputs.select_classes(classes, list(launched.columns))
    candidates = tuple(models) if not isinstance(models, str) else (models,)
    if not candidates:
        raise invalid("models", f"at least one of {list(MODELS)}", list(candidates))
    for model in candidates:
        _inputs.check_choice(model, "models", list(MODELS))
    _inputs.check_choice(criterion, "criterion", list(CRITERIA))
    check(damping=damping, parameter_scale=parameter_scale, margin=margin)
    scale, within = float(parameter_scale), float(margin)
    span = launched.loc[first:last]
    span_months = pd.PeriodIndex(span.index)
    fits = {
        name: fit_class(name, span[name].to_numpy(), span_months, candidates, criterion, within)
        for name in chosen
    }
    interception = (
        fit_interception(monthly, until=last, since=first, classes=chosen)
        if _has_destroyed(monthly)
        else pd.DataFrame()
    )
    return LaunchFit(fits, interception, criterion, float(damping), scale, within)


def _has_destroyed(monthly: pd.DataFrame) -> bool:
    return isinstance(
        monthly.columns, pd.MultiIndex
    ) and "destroyed" in monthly.columns.get_level_values(0)
