"""What fitted launch processes forecast: per-run means drawn from the parameters' uncertainty,
and the :class:`~stockpile.scenario.Missile` objects that carry them into the simulator.

:func:`draw_means` gives run ``i`` its own parameter vector from the normal approximation of
the estimates, drawn from that run's counter-based stream (:func:`stockpile.streams.run_keys`),
so a run gets the same vector in any ensemble. :func:`forecast_missiles` makes the draws the
launches (and dispersion) of one missile per class, for :func:`stockpile.simulate` in the
stochastic mode. :class:`~stockpile.calibrate.LaunchFit` checks the arguments and calls both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile import streams
from stockpile.calibrate.models import ClassFit
from stockpile.scenario import Missile
from stockpile.units import Rate, per_month

__all__ = [
    "MEAN_CAP",
    "UNCONSTRAINED_STOCK",
    "draw_means",
    "forecast_missiles",
]

Array = NDArray[np.float64]

#: Initial reserve of the missiles that carry a forecast: large enough that no launch is ever
#: limited by stock, so the launches are the fitted process. [missiles]
UNCONSTRAINED_STOCK = 1e9

#: Forecast means are capped at this multiple of the largest monthly count in the window, so
#: that a parameter draw far in the tail cannot produce absurd launch rates. [1]
MEAN_CAP = 10.0

#: Draw site of the parameter draws of a forecast, folded with the class name into run keys.
_DRAW_STREAM = "forecast"


def draw_means(
    fits: Mapping[str, ClassFit],
    index: pd.PeriodIndex,
    runs: int,
    seed: np.random.SeedSequence,
    *,
    damping: float,
    parameter_scale: float,
    parameter_uncertainty: bool,
) -> dict[str, tuple[Array, Array]]:
    """Mean launches and dispersion per run, each run with its own draw of the parameters.

    Parameters
    ----------
    fits : dict of str to ClassFit
        The classes to forecast.
    index : pandas.PeriodIndex
        Forecast months, after the fitting window.
    runs : int
        Number of runs (>= 1).
    seed : numpy.random.SeedSequence
        Seed of the draws; run ``i`` uses the stream keyed by ``seed`` and ``i``.
    damping : float
        Per-month damping of trends after the window (:meth:`ClassFit.log_mean`). [1]
    parameter_scale : float
        Factor on the standard errors: draws have covariance ``parameter_scale² × cov``. [1]
    parameter_uncertainty : bool
        Draw parameters per run; ``False`` uses the estimates in every run.

    Returns
    -------
    dict of str to (ndarray of shape (runs, months), ndarray of shape (runs,))
        Per class: means [missiles/month], capped at :data:`MEAN_CAP` times the largest count
        in the window, and dispersion ``k`` [1] (``inf`` for a Poisson fit).
    """
    keys = streams.run_keys(seed, np.arange(runs, dtype=np.int64))
    out = {}
    for name, fit in fits.items():
        theta = np.broadcast_to(fit.theta, (runs, fit.theta.size)).copy()
        if parameter_uncertainty:
            theta += _normal_draws(keys, fit.cov * parameter_scale**2, name)
        log_mu = fit.log_mean(index, theta, damping)
        mu = np.exp(np.minimum(log_mu, _log_cap(fit)))
        k = np.full(runs, np.inf) if fit.poisson else np.exp(theta[:, -1])
        out[name] = (np.ascontiguousarray(mu), k)
    return out


def forecast_missiles(
    drawn: Mapping[str, tuple[Array, Array]],
    index: pd.PeriodIndex,
    parameter_uncertainty: bool,
    production: Mapping[str, Rate],
    stock: Mapping[str, Any],
) -> list[Missile]:
    """One :class:`~stockpile.scenario.Missile` per class of ``drawn``, launching its means.

    Parameters
    ----------
    drawn : dict of str to (ndarray, ndarray)
        Means [missiles/month] and dispersion [1] per class, from :func:`draw_means`.
    index : pandas.PeriodIndex
        Forecast months.
    parameter_uncertainty : bool
        The means differ by run (``(runs, months)`` launches, one ``k`` per run); ``False``:
        every run has the estimates, so the first run's means and ``k`` serve all.
    production : dict of str to Rate
        Production per class (default none). [missiles/month]
    stock : dict of str to float
        Initial reserve per class (default 0 for a class given production,
        :data:`UNCONSTRAINED_STOCK` otherwise). [missiles]

    Returns
    -------
    list of Missile
    """
    out = []
    for name, (mu, k) in drawn.items():
        launches = per_month(mu if parameter_uncertainty else pd.Series(mu[0], index=index))
        dispersion: Any = k if parameter_uncertainty else float(k[0])
        out.append(
            Missile(
                name,
                launches=launches,
                dispersion=dispersion,
                production=production.get(name, per_month(0.0)),
                stock=stock.get(name, 0.0 if name in production else UNCONSTRAINED_STOCK),
            )
        )
    return out


def _log_cap(fit: ClassFit) -> float:
    """Log of the largest forecast mean of a class. [log(missiles/month)]"""
    return float(np.log(MEAN_CAP * max(float(fit.observed.max()), 1.0)))


def _normal_draws(keys: NDArray[np.uint64], cov: Array, name: str) -> Array:
    """Draws ``(runs, p)`` of N(0, cov) from each run's own stream, by class name."""
    values, vectors = np.linalg.eigh(0.5 * (cov + cov.T))
    root = vectors * np.sqrt(np.clip(values, 0.0, None))
    site = streams.fold(keys, f"{_DRAW_STREAM}:{name}")
    z = np.column_stack([streams.standard_normal(site, j) for j in range(cov.shape[0])])
    return np.asarray(z @ root.T, dtype=np.float64)
