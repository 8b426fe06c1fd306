"""Share of launches destroyed per class: beta-binomial maximum likelihood."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.calibrate import _inputs
from stockpile.calibrate.likelihood import fit_beta_binomial
from stockpile.calibrate.models import DEFAULT_CLASSES
from stockpile.errors import invalid

__all__ = ["fit_interception"]

Array = NDArray[np.float64]


def fit_interception(
    monthly: pd.DataFrame,
    until: Any = None,
    *,
    classes: Sequence[str] = DEFAULT_CLASSES,
    since: Any = None,
    window: int | None = None,
) -> pd.DataFrame:
    """Share of launches destroyed per class: beta-binomial maximum likelihood.

    ``destroyed_t ~ BetaBinomial(launched_t, a, b)``: each month's rate is drawn from
    ``Beta(a, b)``, so months vary more than binomially.

    Parameters
    ----------
    monthly : pandas.DataFrame
        Monthly table with ``launched`` and ``destroyed`` measures. [missiles/month]
    until, since, window, classes
        As for :func:`~stockpile.calibrate.fit_launches`.

    Returns
    -------
    pandas.DataFrame
        One row per class: ``a``, ``a_se``, ``b``, ``b_se`` [1]; ``rate`` = a/(a+b) and
        ``rate_se`` (mean share destroyed) [1]; ``overdispersion`` ρ = 1/(a+b+1), the
        correlation of outcomes within a month (0: binomial) [1]; ``pooled_rate`` =
        destroyed/launched over the window [1]; ``launched``, ``destroyed`` [missiles];
        ``months`` with launches; ``on_bound`` (an estimate at its bound). NaN for a class
        without launches in the window.
    """
    launched = _inputs.measure(monthly, "launched")
    destroyed = _inputs.measure(monthly, "destroyed")
    first, last = _inputs.window(pd.PeriodIndex(launched.index), until, since, window)
    chosen = _inputs.select_classes(classes, list(launched.columns))
    missing = [c for c in chosen if c not in destroyed.columns]
    if missing:
        raise invalid(
            "classes", f"classes with a 'destroyed' column {list(destroyed.columns)}", missing[0]
        )
    rows = {}
    for name in chosen:
        n = launched.loc[first:last, name].to_numpy()
        y = destroyed.loc[first:last, name].to_numpy()
        over = y > n + 1e-9
        if over.any():
            month = launched.loc[first:last].index[over][0]
            raise invalid(
                f"monthly[destroyed, {name}]",
                "at most the launches of each month",
                f"{y[over][0]} destroyed of {n[over][0]} launched in {month}",
            )
        y = np.minimum(y, n)
        rows[name] = _interception_row(n[n > 0], y[n > 0])
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "class"
    return frame


def _interception_row(n: Array, y: Array) -> dict[str, Any]:
    if n.size == 0:
        return dict.fromkeys(
            ("a", "a_se", "b", "b_se", "rate", "rate_se", "overdispersion", "pooled_rate"), np.nan
        ) | {"launched": 0.0, "destroyed": 0.0, "months": 0, "on_bound": False}
    fit = fit_beta_binomial(n, y)
    a, b = np.exp(fit.theta)
    se = np.sqrt(np.diag(fit.cov))
    # delta method for the mean rate r = a/(a+b): dr/dlog a = ab/(a+b)², dr/dlog b = −ab/(a+b)²
    grad = np.array([1.0, -1.0]) * a * b / (a + b) ** 2
    return {
        "a": a,
        "a_se": a * se[0],
        "b": b,
        "b_se": b * se[1],
        "rate": a / (a + b),
        "rate_se": float(np.sqrt(grad @ fit.cov @ grad)),
        "overdispersion": 1.0 / (a + b + 1.0),
        "pooled_rate": float(y.sum() / n.sum()),
        "launched": float(n.sum()),
        "destroyed": float(y.sum()),
        "months": int(n.size),
        "on_bound": fit.on_bound,
    }
