"""One class's launch model: the candidates' fit, the choice among them, the result.

:func:`fit_class` fits every candidate of :data:`~stockpile.calibrate.likelihood.MODELS` that
the window is long enough for, scores them by :data:`CRITERIA` and keeps the simplest within a
margin of the best (:func:`choose`), as a :class:`ClassFit`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.calibrate.likelihood import MODELS, design, fit_nb
from stockpile.errors import invalid

__all__ = ["CRITERIA", "DEFAULT_CLASSES", "MIN_MONTHS", "UNITS", "ClassFit", "choose", "fit_class"]

Array = NDArray[np.float64]

#: Classes fitted unless told otherwise (``total`` is fitted to its own series, not summed).
DEFAULT_CLASSES = ("cruise", "ballistic", "s300_s400", "total")

#: Information criteria: name → ``criterion(loglik [nats], parameters, months)``; lower is
#: better. ``parameters`` counts the dispersion.
CRITERIA: dict[str, Callable[[float, int, int], float]] = {
    "aic": lambda loglik, p, n: -2.0 * loglik + 2.0 * p,
    "bic": lambda loglik, p, n: -2.0 * loglik + p * float(np.log(n)),
}

#: Fewest months in the window for a candidate model to be considered: a trend needs a year,
#: a 12-month seasonality two cycles. [months]
MIN_MONTHS: dict[str, int] = {"constant": 3, "trend": 12, "seasonal": 24, "trend+seasonal": 24}

#: Unit of each estimate in :meth:`stockpile.calibrate.LaunchFit.summary` (and of its ``*_se``).
UNITS: dict[str, str] = {
    "level": "log(missiles/month)",
    "trend": "1/year",
    "sin": "1",
    "cos": "1",
    "dispersion": "1",
}


@dataclass(frozen=True)
class ClassFit:
    """The launch model chosen for one class.

    Attributes
    ----------
    name : str
        Class (``"ballistic"``).
    model : str
        Key of :data:`MODELS`.
    theta : ndarray of shape (p + 1,)
        Log-mean coefficients in the order of ``MODELS[model]`` (``level`` [log(missiles/month)]
        at ``last``, ``trend`` [1/year], ``sin``/``cos`` [1]), then ``log k``.
    cov : ndarray of shape (p + 1, p + 1)
        Their covariance, the inverse observed information.
    loglik : float
        Maximised log-likelihood. [nats]
    first, last : pandas.Period
        The fitting window.
    observed : ndarray of shape (months,)
        Launches in the window. [missiles/month]
    poisson : bool
        No over-dispersion could be estimated (``k`` at its upper bound).
    converged : bool
        The optimiser converged (gradient of the free parameters below 1e-7).
    candidates : pandas.DataFrame
        Every candidate model considered: ``loglik``, ``parameters``, ``aic``, ``bic``.
    """

    name: str
    model: str
    theta: Array
    cov: Array
    loglik: float
    first: pd.Period
    last: pd.Period
    observed: Array = field(repr=False)
    poisson: bool = False
    converged: bool = True
    candidates: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def regressors(self) -> tuple[str, ...]:
        """Regressors of the log-mean."""
        return MODELS[self.model]

    @property
    def dispersion(self) -> float:
        """Negative-binomial dispersion ``k``; variance ``mu + mu²/k``. [1]"""
        return float(np.inf) if self.poisson else float(np.exp(self.theta[-1]))

    @property
    def se(self) -> Array:
        """Standard errors of ``theta``."""
        return np.sqrt(np.diag(self.cov))

    def log_mean(
        self, months: pd.PeriodIndex, theta: Array | None = None, damping: float = 1.0
    ) -> Array:
        """Log of the mean launches at ``months``. [log(missiles/month)]

        Parameters
        ----------
        months : pandas.PeriodIndex
            Months to evaluate (inside or after the window).
        theta : ndarray of shape (p + 1,) or (runs, p + 1), optional
            Parameters (default: the estimates); one row per run gives ``(runs, months)``.
        damping : float
            Per-month damping ``phi`` of the trend after ``last``: a month ``h`` after it
            counts ``phi + ... + phi**h`` months of trend (``1``: a straight line). [1]

        Returns
        -------
        ndarray of shape (months,) or (runs, months)
        """
        offset = np.asarray((months - self.last).map(lambda d: d.n), dtype=np.float64)
        ahead = offset > 0
        if damping != 1.0 and ahead.any():
            h = offset[ahead]
            offset[ahead] = damping * (1.0 - damping**h) / (1.0 - damping)
        X = design(self.regressors, offset / 12.0, np.asarray(months.month))
        beta = (self.theta if theta is None else theta)[..., :-1]
        return np.asarray(beta @ X.T, dtype=np.float64)


def choose(table: pd.DataFrame, criterion: str, margin: float) -> str:
    """The simplest model whose ``criterion`` is within ``margin`` of the lowest (ties: the
    lower criterion)."""
    close = table[table[criterion] <= table[criterion].min() + margin]
    return str(close.sort_values(["parameters", criterion]).index[0])


def fit_class(
    name: str, y: Array, index: pd.PeriodIndex, models: Sequence[str], criterion: str, margin: float
) -> ClassFit:
    """Fit the candidate launch models of one class and keep one.

    Parameters
    ----------
    name : str
        Class, used in messages and the result.
    y : ndarray of shape (months,)
        Launches in the window. [missiles/month]
    index : pandas.PeriodIndex
        The window's months; ``t = 0`` at its last.
    models : sequence of str
        Candidates, keys of :data:`MODELS`; those needing more than ``len(y)`` months
        (:data:`MIN_MONTHS`) are skipped.
    criterion : str
        Key of :data:`CRITERIA`.
    margin : float
        The simplest candidate within this much of the lowest criterion is kept.

    Returns
    -------
    ClassFit
    """
    if not (y > 0).any():
        raise invalid(
            f"monthly[launched, {name}]",
            f"a series with at least one launch in {index[0]}..{index[-1]}",
            "only zeros",
            hint="Leave the class out of 'classes'.",
        )
    offset = np.asarray((index - index[-1]).map(lambda d: d.n), dtype=np.float64)
    rows, fits = {}, {}
    for model in models:
        if y.size < MIN_MONTHS[model]:
            continue
        X = design(MODELS[model], offset / 12.0, np.asarray(index.month))
        nb = fit_nb(X, y)
        p = X.shape[1] + (0 if nb.poisson else 1)
        rows[model] = {
            "loglik": nb.loglik,
            "parameters": p,
            **{c: rule(nb.loglik, p, y.size) for c, rule in CRITERIA.items()},
        }
        fits[model] = nb
    if not rows:
        raise invalid(
            "until",
            f"a window of at least {min(MIN_MONTHS[m] for m in models)} "
            f"months for the models {list(models)}",
            f"{y.size} months",
        )
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")
    best = choose(table, criterion, margin)
    nb = fits[best]
    return ClassFit(
        name,
        best,
        nb.theta,
        nb.cov,
        nb.loglik,
        index[0],
        index[-1],
        y,
        nb.poisson,
        nb.converged,
        table,
    )
