"""Launch processes fitted per class to the monthly record, and what they forecast.

:func:`fit_launches` fits each class's launch model (:func:`~stockpile.calibrate.models.
fit_class`) and returns a :class:`LaunchFit`, which turns the fits into
:class:`~stockpile.scenario.Missile` objects, a :class:`~stockpile.scenario.Scenario` or
directly a forecast :class:`~stockpile.results.Result` of :func:`stockpile.simulate` in the
stochastic mode, each run with its own draw of the parameters.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile import streams
from stockpile.calibrate import _inputs
from stockpile.calibrate.interception import fit_interception
from stockpile.calibrate.likelihood import MODELS
from stockpile.calibrate.models import CRITERIA, DEFAULT_CLASSES, ClassFit, fit_class
from stockpile.errors import invalid
from stockpile.results import Result
from stockpile.scenario import Missile, Scenario
from stockpile.simulate import simulate
from stockpile.units import Rate, per_month

__all__ = ["MEAN_CAP", "UNCONSTRAINED_STOCK", "LaunchFit", "fit_launches"]

Array = NDArray[np.float64]

#: Initial reserve of the missiles that carry a forecast: large enough that no launch is ever
#: limited by stock, so the launches are the fitted process. [missiles]
UNCONSTRAINED_STOCK = 1e9

#: Forecast means are capped at this multiple of the largest monthly count in the window, so
#: that a parameter draw far in the tail cannot produce absurd launch rates. [1]
MEAN_CAP = 10.0

#: First counter part of the parameter draws of a forecast (the engine uses 1-8).
_DRAW_STREAM = 0xCA1


@dataclass(frozen=True)
class LaunchFit:
    """Launch processes fitted per class, and what they forecast.

    Attributes
    ----------
    classes : dict of str to ClassFit
        The chosen model of each class, in the order fitted.
    interception : pandas.DataFrame
        Beta-binomial interception rates per class (:func:`fit_interception`).
    criterion : str
        The information criterion that chose the models (``"bic"`` or ``"aic"``).
    damping : float
        Per-month damping of trends in forecasts. [1]
    parameter_scale : float
        Factor on the parameters' standard errors when forecasts draw them. [1]
    margin : float
        The simplest model within this much of the lowest criterion was chosen.
    """

    classes: dict[str, ClassFit]
    interception: pd.DataFrame
    criterion: str
    damping: float
    parameter_scale: float = 1.0
    margin: float = 0.0

    @property
    def first(self) -> pd.Period:
        """First month of the fitting window."""
        return next(iter(self.classes.values())).first

    @property
    def last(self) -> pd.Period:
        """Last month fitted (``until``)."""
        return next(iter(self.classes.values())).last

    # ------------------------------------------------------------------ tables
    def summary(self) -> pd.DataFrame:
        """One row per class: the model chosen, its estimates and standard errors.

        Columns: ``model``, ``months`` (window length), ``level``, ``trend``, ``sin``, ``cos``
        and ``dispersion`` with ``*_se`` beside each (NaN where the model lacks it; units in
        :data:`UNITS`), ``mean_last`` (fitted mean in the last month [missiles/month]),
        ``loglik`` [nats], ``aic``, ``bic``, ``poisson``, ``converged``.
        """
        rows = {}
        for name, fit in self.classes.items():
            row: dict[str, Any] = {"model": fit.model, "months": fit.observed.size}
            estimates = dict(zip(fit.regressors, fit.theta[:-1], strict=True))
            errors = dict(zip(fit.regressors, fit.se[:-1], strict=True))
            for reg in ("level", "trend", "sin", "cos"):
                row[reg] = estimates.get(reg, np.nan)
                row[f"{reg}_se"] = errors.get(reg, np.nan)
            row["dispersion"] = fit.dispersion
            row["dispersion_se"] = np.nan if fit.poisson else fit.dispersion * fit.se[-1]
            row["mean_last"] = float(
                np.exp(fit.log_mean(pd.period_range(fit.last, fit.last, freq="M"))[0])
            )
            chosen = fit.candidates.loc[fit.model]
            row.update(
                loglik=fit.loglik,
                aic=chosen["aic"],
                bic=chosen["bic"],
                poisson=fit.poisson,
                converged=fit.converged,
            )
            rows[name] = row
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "class"
        return frame

    def candidates(self) -> pd.DataFrame:
        """Every candidate model per class: ``loglik`` [nats], ``parameters``, ``aic``,
        ``bic``, ``delta`` (criterion minus the best) and ``chosen``."""
        frames = []
        for name, fit in self.classes.items():
            table = fit.candidates.copy()
            table["delta"] = table[self.criterion] - table[self.criterion].min()
            table["chosen"] = table.index == fit.model
            frames.append(table.assign(**{"class": name}).reset_index())
        return pd.concat(frames, ignore_index=True).set_index(["class", "model"])

    def fitted(self) -> pd.DataFrame:
        """Fitted mean launches over the window, by month and class. [missiles/month]"""
        index = pd.period_range(self.first, self.last, freq="M", name="month")
        data = {name: np.exp(fit.log_mean(index)) for name, fit in self.classes.items()}
        return pd.DataFrame(data, index=index).rename_axis(columns="class")

    # ------------------------------------------------------------------ forecasts
    def means(
        self,
        months: int = 12,
        runs: int = 1000,
        *,
        seed: int | np.random.SeedSequence | None = None,
        start: Any = None,
        parameter_uncertainty: bool = True,
        classes: Sequence[str] | None = None,
    ) -> dict[str, tuple[Array, Array]]:
        """Mean launches and dispersion per run, drawn from the parameters' uncertainty.

        Run ``i`` draws its parameter vector from the normal approximation of the estimates
        (mean the estimates, covariance ``parameter_scale² × cov``) with standard normals of
        its own counter-based stream keyed by ``seed`` and ``i``
        (:func:`stockpile.streams.run_keys`), so it gets the same vector in any ensemble.

        Parameters
        ----------
        months : int
            Forecast horizon. [months]
        runs : int
            Number of runs.
        seed : int or numpy.random.SeedSequence, optional
            Seed of the draws (use the one given to :func:`stockpile.simulate`).
        start : str or pandas.Period, optional
            First forecast month; default the month after the last fitted one.
        parameter_uncertainty : bool
            Draw parameters per run; ``False`` uses the estimates in every run.
        classes : sequence of str, optional
            Classes to include (default: all fitted).

        Returns
        -------
        dict of str to (ndarray of shape (runs, months), ndarray of shape (runs,))
            Per class: means [missiles/month] and dispersion ``k`` [1].
        """
        chosen = self._classes(classes)
        index = self._index(months, start)
        ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        _check_runs(runs)
        keys = streams.run_keys(ss, np.arange(runs, dtype=np.int64))
        out = {}
        for name in chosen:
            fit = self.classes[name]
            theta = np.broadcast_to(fit.theta, (runs, fit.theta.size)).copy()
            if parameter_uncertainty:
                theta += _normal_draws(keys, fit.cov * self.parameter_scale**2, name)
            log_mu = fit.log_mean(index, theta, self.damping)
            mu = np.exp(np.minimum(log_mu, _log_cap(fit)))
            k = np.full(runs, np.inf) if fit.poisson else np.exp(theta[:, -1])
            out[name] = (np.ascontiguousarray(mu), k)
        return out

    def missiles(
        self,
        months: int = 12,
        runs: int = 1000,
        *,
        seed: int | np.random.SeedSequence | None = None,
        start: Any = None,
        parameter_uncertainty: bool = True,
        classes: Sequence[str] | None = None,
        production: Mapping[str, Rate] | None = None,
        stock: Mapping[str, Any] | None = None,
    ) -> list[Missile]:
        """One :class:`~stockpile.scenario.Missile` per class whose launches are the fitted
        process: ``launches=per_month(<(runs, months) means>)``, ``dispersion=<k per run>``.

        Simulate them with the same ``runs`` and ``seed`` and ``stochastic=True``. A class
        given neither ``production`` nor ``stock`` has the reserve :data:`UNCONSTRAINED_STOCK`,
        so none of its launches is ever limited by stock; otherwise launches beyond reserve
        plus production are unmet (``unmet_launches``).

        Parameters
        ----------
        months, runs, seed, start, parameter_uncertainty, classes
            As for :meth:`means`.
        production : dict of str to Rate, optional
            Production per class, any parameter form. [missiles/month]
        stock : dict of str to float, optional
            Initial reserve per class, any parameter form (0 for a class given production
            only). [missiles]

        Returns
        -------
        list of Missile
        """
        production, stock = dict(production or {}), dict(stock or {})
        chosen = self._classes(classes)
        for label, given in (("production", production), ("stock", stock)):
            for name in given:
                if name not in chosen:
                    raise invalid(label, f"a dict keyed by the fitted classes {list(chosen)}", name)
        drawn = self.means(
            months,
            runs,
            seed=seed,
            start=start,
            parameter_uncertainty=parameter_uncertainty,
            classes=chosen,
        )
        out = []
        for name, (mu, k) in drawn.items():
            launches = per_month(
                mu if parameter_uncertainty else pd.Series(mu[0], index=self._index(months, start))
            )
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

    def scenario(
        self,
        months: int = 12,
        runs: int = 1000,
        *,
        seed: int | np.random.SeedSequence | None = None,
        start: Any = None,
        parameter_uncertainty: bool = True,
        classes: Sequence[str] | None = None,
        production: Mapping[str, Rate] | None = None,
        stock: Mapping[str, Any] | None = None,
        name: str = "launch forecast",
    ) -> Scenario:
        """A :class:`~stockpile.scenario.Scenario` of :meth:`missiles`, starting at ``start``
        (default the month after the last fitted one); simulate it with the same ``runs`` and
        ``seed`` and ``stochastic=True``."""
        items = self.missiles(
            months,
            runs,
            seed=seed,
            start=start,
            parameter_uncertainty=parameter_uncertainty,
            classes=classes,
            production=production,
            stock=stock,
        )
        first = self._index(months, start)[0]
        description = (
            f"Launches fitted to {self.first}..{self.last} "
            f"(simplest model within {self.margin:g} {self.criterion.upper()} of the best, "
            f"trend damping {self.damping:g}/month)"
        )
        return Scenario(
            start=first, months=months, missiles=items, name=name, description=description
        )

    def forecast(
        self,
        months: int = 12,
        runs: int = 5000,
        *,
        seed: int | np.random.SeedSequence | None = None,
        start: Any = None,
        parameter_uncertainty: bool = True,
        classes: Sequence[str] | None = None,
    ) -> Result:
        """Forecast launches: :func:`stockpile.simulate` of :meth:`scenario`, stochastic.

        Each run draws its parameter vector (``parameter_uncertainty``) and then
        negative-binomial monthly launches around that run's means.

        Parameters
        ----------
        months : int
            Horizon. [months]
        runs : int
            Number of runs.
        seed : int or numpy.random.SeedSequence, optional
            Seed of the parameter draws and of the counts.
        start, parameter_uncertainty, classes
            As for :meth:`means`.

        Returns
        -------
        Result
            ``launches`` per class [missiles/month]; ``forecast.quantiles("launches", q)``.
        """
        ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        scenario = self.scenario(
            months,
            runs,
            seed=ss,
            start=start,
            parameter_uncertainty=parameter_uncertainty,
            classes=classes,
        )
        return simulate(scenario, runs, seed=ss, stochastic=True)

    # ------------------------------------------------------------------ helpers
    def _classes(self, classes: Sequence[str] | None) -> tuple[str, ...]:
        if classes is None:
            return tuple(self.classes)
        return _inputs.select_classes(classes, list(self.classes))

    def _index(self, months: int, start: Any) -> pd.PeriodIndex:
        if isinstance(months, bool) or not isinstance(months, int | np.integer) or months < 1:
            raise invalid("months", "a whole number of months >= 1", months)
        if start is None:
            first = self.last + 1
        else:
            try:
                first = pd.Period(start, freq="M")
            except (TypeError, ValueError):
                raise invalid("start", "a month such as '2025-07'", start) from None
            if first <= self.last:
                raise invalid(
                    "start", f"a month after the last fitted one ({self.last})", str(first)
                )
        return pd.period_range(first, periods=int(months), freq="M", name="month")


def _log_cap(fit: ClassFit) -> float:
    return float(np.log(MEAN_CAP * max(float(fit.observed.max()), 1.0)))


def _check_runs(runs: Any) -> None:
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 1:
        raise invalid("runs", "a whole number >= 1", runs)


def _normal_draws(keys: NDArray[np.uint64], cov: Array, name: str) -> Array:
    """Draws ``(runs, p)`` of N(0, cov) from each run's own stream, by class name."""
    values, vectors = np.linalg.eigh(0.5 * (cov + cov.T))
    root = vectors * np.sqrt(np.clip(values, 0.0, None))
    tag = zlib.crc32(f"calibrate.{name}".encode()) & 0xFFFF
    z = np.column_stack(
        [
            streams.standard_normal(keys, streams.counter(_DRAW_STREAM, tag, j))
            for j in range(cov.shape[0])
        ]
    )
    return np.asarray(z @ root.T, dtype=np.float64)


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
    first, last = _inputs.window(_inputs.months(launched), until, since, window)
    chosen = _inputs.select_classes(classes, list(launched.columns))
    candidates = tuple(models) if not isinstance(models, str) else (models,)
    if not candidates:
        raise invalid("models", f"at least one of {list(MODELS)}", list(candidates))
    for model in candidates:
        _inputs.check_choice(model, "models", list(MODELS))
    _inputs.check_choice(criterion, "criterion", list(CRITERIA))
    if not isinstance(damping, int | float) or not 0.0 < damping <= 1.0:
        raise invalid("damping", "a number in (0, 1]", damping)
    if not isinstance(parameter_scale, int | float) or not 0.0 <= parameter_scale < np.inf:
        raise invalid("parameter_scale", "a finite number >= 0", parameter_scale)
    span = launched.loc[first:last]
    span_months = _inputs.months(span)
    if not isinstance(margin, int | float) or not 0.0 <= margin < np.inf:
        raise invalid("margin", "a finite number >= 0", margin)
    fits = {
        name: fit_class(
            name, span[name].to_numpy(), span_months, candidates, criterion, float(margin)
        )
        for name in chosen
    }
    interception = (
        fit_interception(monthly, until=last, since=first, classes=chosen)
        if _has_destroyed(monthly)
        else pd.DataFrame()
    )
    return LaunchFit(
        fits, interception, criterion, float(damping), float(parameter_scale), float(margin)
    )


def _has_destroyed(monthly: pd.DataFrame) -> bool:
    return isinstance(
        monthly.columns, pd.MultiIndex
    ) and "destroyed" in monthly.columns.get_level_values(0)
