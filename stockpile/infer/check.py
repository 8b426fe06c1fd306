"""Posterior predictive checks: replicated records against the observed one.

Each posterior draw replicates the destroyed counts of the fitted window through the
observation model (its simulated share destroyed, its concentration). The check tabulates, per
class and month, the observed count against the replicates' quantiles and its mid-rank PIT
(``P(rep < y) + ½ P(rep = y)``, uniform if the model is right), and per class the share of
months inside the central 50 % and 90 % intervals and two posterior predictive p-values:

``p_dispersion``
    ``P(T(rep) ≥ T(y))`` with ``T = Σ_t (y_t − n_t p_t)² / (n_t p_t (1 − p_t))``, ``p`` the draw's
    share: near 0 when the record scatters more than the model allows.
``p_total``
    ``P(Σ rep ≥ Σ y)``: near 0 or 1 when the model destroys too many or too few in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.infer.model import destroyed_share
from stockpile.validation import seed_sequence

if TYPE_CHECKING:
    from stockpile.infer.posterior import Posterior

__all__ = ["Replicates", "check_summary", "check_table", "replicate"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Replicates:
    """Replicated destroyed counts.

    Attributes
    ----------
    classes : tuple of str
        Missile classes.
    index : pandas.PeriodIndex
        Months.
    values : ndarray of shape (runs, months, classes)
        Replicated counts. [missiles/month]
    launched : ndarray of shape (months, classes)
        Launches they are out of. [missiles/month]
    share : ndarray of shape (runs, months, classes)
        Each run's share destroyed (the observation model's ``p``). [1]
    """

    classes: tuple[str, ...]
    index: pd.PeriodIndex
    values: Array
    launched: Array
    share: Array

    def get(self, cls: str) -> Array:
        """Replicates of one class, ``(runs, months)``. [missiles/month]"""
        return np.asarray(self.values[:, :, self.classes.index(cls)])

    def quantiles(self, cls: str, q: Any = (0.05, 0.5, 0.95)) -> pd.DataFrame:
        """Per-month quantiles of one class. [missiles/month]"""
        frame = pd.DataFrame(np.quantile(self.get(cls), q, axis=0).T, index=self.index)
        frame.columns = pd.Index(list(q), name="quantile")
        return frame


def replicate(posterior: Posterior, seed: Any = None) -> Replicates:
    """Replicated records of the fitted window, one per posterior draw."""
    problem = posterior.problem
    obs = problem.observed
    rng = np.random.default_rng(seed_sequence(seed))
    p = destroyed_share(problem, posterior.outputs)
    params = problem.record_params(posterior.theta)
    values = problem.likelihood.sample(obs.launched, p, params, obs.classes, rng)
    return Replicates(obs.labels, obs.index, values, obs.launched, p)


def _pit(rep: Array, y: Array) -> Array:
    return np.asarray((rep < y).mean(axis=0) + 0.5 * (rep == y).mean(axis=0))


def check_table(reps: Replicates, destroyed: Array) -> pd.DataFrame:
    """Per class and month: observed, replicate mean and quantiles, PIT, interval hits.

    Parameters
    ----------
    reps : Replicates
        Replicated counts.
    destroyed : ndarray of shape (months, classes)
        Observed counts. [missiles/month]
    """
    frames = []
    y_all = np.round(destroyed)
    for k, cls in enumerate(reps.classes):
        rep, y = reps.values[:, :, k], y_all[:, k]
        q = np.quantile(rep, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        frames.append(
            pd.DataFrame(
                {
                    "class": cls,
                    "month": reps.index,
                    "launched": reps.launched[:, k],
                    "destroyed": destroyed[:, k],
                    "mean": rep.mean(axis=0),
                    "q5": q[0],
                    "q25": q[1],
                    "q50": q[2],
                    "q75": q[3],
                    "q95": q[4],
                    "pit": _pit(rep, y),
                    "in_50": (y >= q[1]) & (y <= q[3]),
                    "in_90": (y >= q[0]) & (y <= q[4]),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _discrepancy(y: Array, n: Array, p: Array) -> Array:
    var = np.maximum(n * p * (1.0 - p), 1e-9)
    return np.asarray(((y - n * p) ** 2 / var).sum(axis=1))


def check_summary(reps: Replicates, destroyed: Array) -> pd.DataFrame:
    """Per class: interval coverage over months and the predictive p-values.

    Returns
    -------
    pandas.DataFrame
        Index class; ``months``, ``coverage_50``, ``coverage_90`` [1], ``p_dispersion``,
        ``p_total`` [1].
    """
    table = check_table(reps, destroyed)
    rows = {}
    for k, cls in enumerate(reps.classes):
        n, p = reps.launched[:, k], reps.share[:, :, k]
        y, rep = destroyed[:, k], reps.values[:, :, k]
        rows[cls] = {
            "months": int((n > 0).sum()),
            "coverage_50": float(table.loc[table["class"] == cls, "in_50"].mean()),
            "coverage_90": float(table.loc[table["class"] == cls, "in_90"].mean()),
            "p_dispersion": float(
                (_discrepancy(rep, n, p) >= _discrepancy(y[None, :], n, p)).mean()
            ),
            "p_total": float((rep.sum(axis=1) >= y.sum()).mean()),
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "class"
    return frame
