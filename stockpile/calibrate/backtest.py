"""Rolling-origin backtests of launch forecasts: fit up to each origin, score the months after.

Scores are computed from the forecast's runs, per class and month ahead: whether the observed
count lies in the central 50/80/90 % intervals (inclusive), and the sample CRPS, in the unit of
the counts [missiles/month]: ``CRPS = E|X − y| − ½ E|X − X'|`` over the runs ``X``. A naive
benchmark scores too: the last 12 observed months taken as equally likely outcomes for every
month ahead (``crps_naive``); ``skill = 1 − crps / crps_naive`` (> 0: better than naive).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.calibrate import _inputs
from stockpile.calibrate.launches import fit_launches
from stockpile.calibrate.models import DEFAULT_CLASSES
from stockpile.errors import invalid
from stockpile.validation import check

__all__ = ["LEVELS", "Backtest", "backtest", "crps_sample"]

Array = NDArray[np.float64]

#: Central interval levels scored by default. [1]
LEVELS = (0.5, 0.8, 0.9)
#: Months of the naive benchmark's sample. [months]
NAIVE_MONTHS = 12


def crps_sample(samples: Array, observed: Array) -> Array:
    """Continuous ranked probability score of an ensemble, per column.

    Parameters
    ----------
    samples : ndarray of shape (runs, n)
        Forecast runs for ``n`` targets. [unit of the counts]
    observed : ndarray of shape (n,)
        Observed values. [unit of the counts]

    Returns
    -------
    ndarray of shape (n,)
        ``mean|X − y| − ½ mean|X − X'|`` (the second term from the sorted runs, exact).
        [unit of the counts]
    """
    x = np.sort(np.asarray(samples, dtype=np.float64), axis=0)
    m = x.shape[0]
    spread = (2.0 * np.arange(1, m + 1) - m - 1.0) @ x / m**2  # = ½ mean|X − X'|
    return np.asarray(np.abs(x - observed).mean(axis=0) - spread, dtype=np.float64)


@dataclass(frozen=True)
class Backtest:
    """Scores of a rolling-origin backtest.

    Attributes
    ----------
    scores : pandas.DataFrame
        Tidy, one row per origin, class and month ahead: ``origin``, ``class``, ``horizon``
        [months], ``month``, ``observed``, ``mean``, ``median``, ``lower_<L>``/``upper_<L>``
        and ``covered_<L>`` for each level ``L`` in percent, ``crps``, ``crps_naive``
        [missiles/month].
    levels : tuple of float
        Central interval levels scored. [1]
    """

    scores: pd.DataFrame
    levels: tuple[float, ...]

    def summary(self, by: Sequence[str] = ("class", "horizon")) -> pd.DataFrame:
        """Mean scores grouped by ``by`` (columns of :attr:`scores`; ``()`` for one row).

        Returns
        -------
        pandas.DataFrame
            ``coverage_<L>`` (share of observations inside the central ``L`` % interval, to
            compare with ``L``/100) [1], ``crps``, ``crps_naive`` [missiles/month], ``skill``
            [1] and ``n`` (scored months).
        """
        columns = {f"coverage_{_pct(lv)}": (f"covered_{_pct(lv)}", "mean") for lv in self.levels}
        columns |= {
            "crps": ("crps", "mean"),
            "crps_naive": ("crps_naive", "mean"),
            "n": ("crps", "size"),
        }
        keys = list(by)
        scores = self.scores if keys else self.scores.assign(scored="all")
        frame = scores.groupby(keys or ["scored"], sort=True, observed=True).agg(**columns)
        frame["skill"] = 1.0 - frame["crps"] / frame["crps_naive"]
        frame["n"] = frame["n"].astype(int)
        order = [c for c in frame.columns if c != "n"] + ["n"]
        return frame[order]


def _pct(level: float) -> str:
    return f"{100 * level:g}"


def backtest(
    monthly: pd.DataFrame,
    origins: Sequence[Any],
    horizon: int = 6,
    runs: int = 2000,
    seed: int | None = 0,
    *,
    classes: Sequence[str] = DEFAULT_CLASSES,
    levels: Sequence[float] = LEVELS,
    **options: Any,
) -> Backtest:
    """Fit up to each origin, forecast ``horizon`` months, score them against the record.

    Parameters
    ----------
    monthly : pandas.DataFrame
        Monthly table (:func:`stockpile.data.observed_monthly` layout). [missiles/month]
    origins : sequence of str or pandas.Period
        Last fitted month of each fit; months after the table's end are not scored.
    horizon : int
        Months forecast after each origin. [months]
    runs : int
        Forecast runs per origin.
    seed : int, optional
        Seed of every forecast (the same for each origin).
    classes : sequence of str
        Classes to fit and score.
    levels : sequence of float
        Central interval levels in (0, 1). [1]
    **options
        Passed to :func:`~stockpile.calibrate.fit_launches` (``since``, ``window``,
        ``criterion``, ``damping``, ``models``, ``parameter_scale``).

    Returns
    -------
    Backtest
    """
    check(horizon, "horizon", "months")
    check(runs=runs, seed=seed, levels=levels)
    launched = _inputs.measure(monthly, "launched")
    index = pd.PeriodIndex(launched.index)
    if isinstance(origins, str) or not len(origins):
        raise invalid("origins", "a non-empty list of months", origins)
    months = [_inputs.month(o, "origins", index) for o in origins]
    lv = tuple(float(v) for v in levels)
    if all(m >= index[-1] for m in months):
        raise invalid(
            "origins",
            f"months before the table's last ({index[-1]}), to score",
            [str(m) for m in months],
        )
    rows = []
    for origin in months:
        fit = fit_launches(monthly, until=origin, classes=classes, **options)
        forecast = fit.forecast(int(horizon), runs, seed=seed)
        targets = [origin + h for h in range(1, int(horizon) + 1) if origin + h <= index[-1]]
        if not targets:
            continue
        for name in fit.classes:
            runs_ = forecast.get("launches", name)[:, : len(targets)]
            observed = launched[name].reindex(pd.PeriodIndex(targets, freq="M")).to_numpy()
            naive = launched.loc[origin - (NAIVE_MONTHS - 1) : origin, name].to_numpy()
            crps_naive = crps_sample(
                np.broadcast_to(naive[:, None], (naive.size, len(targets))), observed
            )
            frame = pd.DataFrame(
                {
                    "origin": pd.PeriodIndex([origin] * len(targets), freq="M"),
                    "class": name,
                    "horizon": np.arange(1, len(targets) + 1),
                    "month": pd.PeriodIndex(targets, freq="M"),
                    "observed": observed,
                    "mean": runs_.mean(axis=0),
                    "median": np.median(runs_, axis=0),
                }
            )
            for level in lv:
                low, high = np.quantile(runs_, [0.5 - level / 2, 0.5 + level / 2], axis=0)
                frame[f"lower_{_pct(level)}"] = low
                frame[f"upper_{_pct(level)}"] = high
                frame[f"covered_{_pct(level)}"] = (observed >= low) & (observed <= high)
            frame["crps"] = crps_sample(runs_, observed)
            frame["crps_naive"] = crps_naive
            rows.append(frame)
    scores = pd.concat(rows, ignore_index=True)
    scores["class"] = pd.Categorical(scores["class"], categories=list(classes))
    return Backtest(scores, lv)
