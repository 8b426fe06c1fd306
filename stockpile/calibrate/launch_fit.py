"""The result of :func:`~stockpile.calibrate.fit_launches`: launch processes fitted per class.

:class:`LaunchFit` reports the fits (:meth:`~LaunchFit.summary`, :meth:`~LaunchFit.candidates`,
:meth:`~LaunchFit.fitted`) and forecasts from them: per-run means (:meth:`~LaunchFit.means`),
:class:`~stockpile.scenario.Missile` objects, a :class:`~stockpile.scenario.Scenario` or
directly a :class:`~stockpile.calibrate.LaunchForecast` (monthly launches per class, run by
run), each run with its own draw of the parameters (:mod:`stockpile.calibrate.forecast`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.calibrate import _inputs
from stockpile.calibrate.forecast import draw_means, forecast_missiles
from stockpile.calibrate.forecast_result import TOTAL, LaunchForecast
from stockpile.calibrate.models import ClassFit
from stockpile.errors import invalid
from stockpile.scenario import Missile, Scenario
from stockpile.simulate import DEFAULT_CHUNK, simulate
from stockpile.units import Rate
from stockpile.validation import check, check_simulation_memory, seed_sequence

__all__ = ["LaunchFit"]

Array = NDArray[np.float64]


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
        check(months=months, runs=runs)
        chosen = self._classes(classes)
        index = self._index(months, start)
        ss = seed_sequence(seed)
        check_simulation_memory(  # the means are (runs, months) per class, like trajectories
            missiles=len(chosen),
            interceptors=0,
            months=int(months),
            runs=int(runs),
            chunk=DEFAULT_CHUNK,
            trajectories=True,
        )
        return draw_means(
            {name: self.classes[name] for name in chosen},
            index,
            runs,
            ss,
            damping=self.damping,
            parameter_scale=self.parameter_scale,
            parameter_uncertainty=parameter_uncertainty,
        )

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
        given neither ``production`` nor ``stock`` has the reserve
        :data:`~stockpile.calibrate.UNCONSTRAINED_STOCK`, so none of its launches is ever
        limited by stock; otherwise launches beyond reserve plus production are unmet
        (``unmet_launches``).

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
        index = self._index(months, start)
        return forecast_missiles(drawn, index, parameter_uncertainty, production, stock)

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
    ) -> LaunchForecast:
        """Forecast launches per class: each run draws its parameter vector
        (``parameter_uncertainty``) and then negative-binomial monthly launches around that
        run's means (the launches of :func:`stockpile.simulate` of :meth:`scenario`,
        stochastic, whose stocks are not part of a forecast).

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
        LaunchForecast
            ``launches`` per class [missiles/month], ``total`` apart;
            ``forecast.quantiles("launches", q)``.
        """
        ss = seed_sequence(seed)
        scenario = self.scenario(
            months,
            runs,
            seed=ss,
            start=start,
            parameter_uncertainty=parameter_uncertainty,
            classes=classes,
        )
        result = simulate(scenario, runs, seed=ss, stochastic=True)
        launches = {
            name: np.ascontiguousarray(result.get("launches", name)) for name in result.missiles
        }
        total = launches.pop(TOTAL, None)
        return LaunchForecast(scenario.index, runs, ss, launches, total, scenario.description)

    # ------------------------------------------------------------------ helpers
    def _classes(self, classes: Sequence[str] | None) -> tuple[str, ...]:
        if classes is None:
            return tuple(self.classes)
        return _inputs.select_classes(classes, list(self.classes))

    def _index(self, months: int, start: Any) -> pd.PeriodIndex:
        check(months, "months")
        if start is None:
            first = self.last + 1
        else:
            check(start, "start", "month")
            first = pd.Period(start, freq="M")
            if first <= self.last:
                raise invalid(
                    "start", f"a month after the last fitted one ({self.last})", str(first)
                )
        return pd.period_range(first, periods=int(months), freq="M", name="month")
