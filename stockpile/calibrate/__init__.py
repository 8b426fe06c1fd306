"""Calibration to the observed record: launch processes, forecasts, backtests, implied reserve.

::

    import stockpile as sp

    shipped = sp.data.observed_monthly()        # monthly launches by class, 2022-09..2025-06
    fit = sp.calibrate.fit_launches(shipped, until="2025-06")
    fit.summary()                                # model, estimates, SEs, AIC/BIC, dispersion
    forecast = fit.forecast(months=12, runs=5_000, seed=1)          # a LaunchForecast
    forecast.quantiles("launches", [0.05, 0.5, 0.95])               # per class; total apart
    sp.calibrate.backtest(shipped, origins=["2023-06", "2023-09"], horizon=6).summary()
    reserve = sp.calibrate.implied_reserve(
        shipped, production={"cruise": sp.per_year(2200), "ballistic": sp.per_year(700)},
        start="2024-01", stock={"cruise": 0, "ballistic": 0})
    reserve.quantiles(), reserve.infeasible

=============================== ==============================================================
function                        does
=============================== ==============================================================
:func:`fit_launches`            negative-binomial launch models per class, chosen by BIC
:func:`fit_interception`        beta-binomial share of launches destroyed, per class
:func:`backtest`                rolling-origin coverage and CRPS of the forecasts
:func:`implied_reserve`         reserve = stock + production − observed launches, with bands
=============================== ==============================================================

Launch model
------------
Monthly launches ``y_t`` [missiles/month] of a class are negative binomial (NB2) with mean
``mu_t`` and dispersion ``k`` (variance ``mu + mu²/k``, the form the simulator draws), and::

    log mu_t = level + trend·t + sin·sin(2πm/12) + cos·cos(2πm/12)

with ``t`` in years from the last fitted month and ``m`` the calendar month. The candidates
(:data:`MODELS`) are ``constant``, ``trend``, ``seasonal`` and ``trend+seasonal``, each fitted by
maximum likelihood (damped Newton on the analytic gradient and Hessian, ``scipy.optimize``
L-BFGS-B as fallback); standard errors and the parameter covariance are the inverse of the
analytic observed information.

Model selection. BIC, and the simplest model within 6 BIC of the best (``margin=6``): a trend
or a seasonality is kept only on strong evidence (a BIC difference above 6 is "strong" on Kass
& Raftery's scale). BIC rather than AIC because the windows are short (24 months), the cost of
a spurious trend is paid over the whole horizon, and BIC's ``log n`` penalty (3.2 per parameter
at n = 24, against AIC's 2) is the more conservative. The backtests bear it out
(``benchmarks/backtest.py``): AIC kept more trends and scored worse (CRPS skill −0.044 against
−0.004 at 6 months), and the margin brought the coverage closest to nominal.

Forecasts. Each run draws its own parameter vector from the normal approximation of the
estimates (so its means are one row of a ``(runs, months)`` array, and its dispersion its own
``k``), then negative-binomial counts around them in :func:`stockpile.simulate`'s stochastic
mode: intervals hold both parameter uncertainty and count noise. A forecast is a
:class:`LaunchForecast`: launches per class and nothing else (no stocks, no depletion), with
the record's ``total`` forecast by its own fit and kept apart from the classes, whose sum it is
not. The record changes regime
(ballistic launches tripled from 2023 to 2025; S-300/S-400 ground attacks rose and fell), so:

- only the last 24 months are fitted (``window=24``), so the level follows recent regimes;
- a trend is damped (``damping=0.5``: month ``h`` ahead carries ``0.5 + ... + 0.5**h`` months of
  trend, at most one), so it serves to place the current level, not to extrapolate: in the
  backtests an undamped trend cost most of the skill (ballistic CRPS 2.5 times the naive
  benchmark's at 12 months);
- forecast means are capped at :data:`MEAN_CAP` times the largest count in the window.

Backtests (rolling origins every 3 months, 2023-06 to 2024-12, horizons 1 to 6, all four
classes, ``benchmarks/backtest.py``): central 50/80/90 % intervals cover 57/82/90 % of the
observed months, and 53/81/90 % with horizons 1 to 12 (origins 2023-06 to 2024-06); the CRPS
is 4 % below the naive benchmark's (the last 12 months taken as equally likely outcomes).

Interception. ``destroyed`` out of ``launched`` is beta-binomial with MLE of ``a`` and ``b``:
mean rate ``a/(a+b)`` and over-dispersion ``1/(a+b+1)`` (:func:`fit_interception`).
"""

from stockpile.calibrate.backtest import LEVELS, Backtest, backtest, crps_sample
from stockpile.calibrate.forecast import MEAN_CAP, UNCONSTRAINED_STOCK
from stockpile.calibrate.forecast_result import LaunchForecast
from stockpile.calibrate.interception import fit_interception
from stockpile.calibrate.launch_fit import LaunchFit
from stockpile.calibrate.launches import fit_launches
from stockpile.calibrate.likelihood import MODELS
from stockpile.calibrate.models import CRITERIA, DEFAULT_CLASSES, MIN_MONTHS, UNITS, ClassFit
from stockpile.calibrate.reserve import ImpliedReserve, implied_reserve

__all__ = [
    "CRITERIA",
    "DEFAULT_CLASSES",
    "LEVELS",
    "MEAN_CAP",
    "MIN_MONTHS",
    "MODELS",
    "UNCONSTRAINED_STOCK",
    "UNITS",
    "Backtest",
    "ClassFit",
    "ImpliedReserve",
    "LaunchFit",
    "LaunchForecast",
    "backtest",
    "crps_sample",
    "fit_interception",
    "fit_launches",
    "implied_reserve",
]
