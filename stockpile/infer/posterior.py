"""The posterior: weighted draws of the parameters, their simulated states, and what follows.

The draws are the final SMC particles, equally weighted. ``result`` is the deterministic
simulation of the fitted window for every draw (the engine's expected path given the draw and
the launches as observed): the posterior of every state, e.g.
``posterior.result.quantiles("interceptor_stock", item="patriot")``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.infer._batch import outputs
from stockpile.infer.model import Problem
from stockpile.infer.smc import SMCOutput
from stockpile.results import Result

__all__ = ["Posterior"]

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Posterior:
    """What :func:`stockpile.infer.fit` returns.

    Attributes
    ----------
    problem : Problem
        Scenario, priors, observations, observation model and claims.
    smc : SMCOutput
        The sampler's run: stages, evidence, prior draws.
    theta : ndarray of shape (draws, parameters)
        Posterior draws in each prior's unit (columns: :attr:`paths`).
    result : Result
        Deterministic simulation of the fitted window for each draw.
    calls, draws : int
        Engine calls and simulated draws the fit took.
    """

    problem: Problem
    smc: SMCOutput = field(repr=False)
    theta: Array = field(repr=False)
    result: Result = field(repr=False)
    calls: int = 0
    draws: int = 0

    # ------------------------------------------------------------------ access
    @property
    def paths(self) -> list[str]:
        """Inferred parameters, in column order."""
        return self.problem.paths

    @property
    def size(self) -> int:
        """Number of posterior draws."""
        return int(self.theta.shape[0])

    @property
    def scenario(self) -> Any:
        """The fitted scenario."""
        return self.problem.scenario

    @functools.cached_property
    def outputs(self) -> dict[str, Array]:
        """Simulated outputs of the draws, ``(draws, months, items)`` (see ``_batch``)."""
        return outputs(self.result)

    def samples(self, path: str) -> Array:
        """Posterior draws of one parameter, in its prior's unit. [unit of the parameter]"""
        if path not in self.paths:
            from stockpile.errors import invalid

            raise invalid("path", f"one of {self.paths}", path)
        return np.asarray(self.theta[:, self.paths.index(path)])

    def draws_frame(self) -> pd.DataFrame:
        """One row per draw, one column per parameter path (prior's unit)."""
        frame = pd.DataFrame(self.theta, columns=self.paths)
        frame.index.name = "draw"
        return frame

    def prior_draws(self) -> pd.DataFrame:
        """The initial prior draws (all, including those ruled out), as :meth:`draws_frame`."""
        frame = pd.DataFrame(self.problem.theta(self.smc.prior_z), columns=self.paths)
        frame["possible"] = np.isfinite(self.smc.prior_loglik)
        frame.index.name = "draw"
        return frame

    # ------------------------------------------------------------------ tables
    def summary(self, q: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
        """Posterior quantiles per parameter, beside the prior's.

        Returns
        -------
        pandas.DataFrame
            Index: parameter path. Columns: ``unit``, ``mean``, ``sd``, the posterior
            quantiles (``q5`` ...), ``prior_q5`` ... and ``ess`` (draws the final moves are
            worth, see :attr:`diagnostics`). [unit of each parameter]
        """
        levels = np.asarray(q, dtype=np.float64)
        names = [f"q{100 * v:g}" for v in levels]
        post = np.quantile(self.theta, levels, axis=0).T
        prior = np.stack([p.dist.ppf(levels) for p in self.problem.priors])
        frame = pd.DataFrame(
            {
                "unit": [p.unit for p in self.problem.priors],
                "mean": self.theta.mean(axis=0),
                "sd": self.theta.std(axis=0, ddof=1),
            },
            index=pd.Index(self.paths, name="parameter"),
        )
        frame[names] = post
        frame[[f"prior_{n}" for n in names]] = prior
        frame["ess"] = self.smc.ess_moves
        return frame

    def states(self, month: Any = None, q: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
        """Posterior quantiles of the stocks in one month (default: the last fitted).

        Returns
        -------
        pandas.DataFrame
            Index ``(variable, item)`` for ``missile_stock`` [missiles] and
            ``interceptor_stock`` [interceptors]; columns the quantiles.
        """
        t = self.scenario.months - 1 if month is None else self._offset(month)
        rows = {}
        for variable in ("missile_stock", "interceptor_stock"):
            for item in self.result.items_of(variable):
                values = self.result.get(variable, item)[:, t]
                rows[(variable, item)] = np.quantile(values, q)
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=[f"q{100 * v:g}" for v in q])
        frame.index = pd.MultiIndex.from_tuples(frame.index, names=["variable", "item"])
        return frame

    def _offset(self, month: Any) -> int:
        t = int((pd.Period(month, freq="M") - self.scenario.start).n)
        if not 0 <= t < self.scenario.months:
            from stockpile.errors import invalid

            raise invalid("month", "a month of the fitted window", str(month))
        return t

    def diagnostics(self) -> dict[str, Any]:
        """How the sampler went.

        Returns
        -------
        dict
            ``draws`` (particles), ``stages`` (tempering steps), ``engine_calls``,
            ``simulated`` (draws simulated in all), ``log_evidence`` (estimate of
            ``log p(record, claims)``, for comparing models fitted to the same record),
            ``ess_min`` (smallest per-parameter effective size of the final moves),
            ``ess_stage_min`` (smallest ESS of the incremental weights),
            ``unique`` (distinct draws), ``possible_prior_share`` (prior draws under
            which the record and claims are possible) and ``stages_table``.
        """
        stages = pd.DataFrame(self.smc.stages)
        stages.index.name = "stage"
        return {
            "draws": self.size,
            "stages": len(self.smc.stages),
            "engine_calls": self.calls,
            "simulated": self.draws,
            "log_evidence": self.smc.log_evidence,
            "ess_min": float(self.smc.ess_moves.min()),
            "ess_stage_min": float(stages["ess"].min()) if len(stages) else float(self.size),
            "unique": int(np.unique(self.smc.z, axis=0).shape[0]),
            "possible_prior_share": float(np.isfinite(self.smc.prior_loglik).mean()),
            "stages_table": stages,
        }

    def ruled_out(self) -> pd.DataFrame:
        """Prior draws ruled out by the record or a claim, by reason (counts and shares)."""
        from stockpile.infer.diagnose import ruled_out

        return ruled_out(self.problem, self.smc.prior_aux)

    def claim_terms(self) -> Array:
        """Log-density of each claim for each draw, ``(draws, claims)``."""
        data = self.outputs
        columns = [c.logpdf(c.value(self.theta, data)) for c in self.problem.claims]
        return np.stack(columns, axis=1) if columns else np.zeros((self.size, 0))

    # ------------------------------------------------------------------ forecasts
    def predict(
        self,
        launches: Any,
        *,
        months: int | None = None,
        runs: int | None = None,
        seed: Any = None,
        stochastic: Any = True,
        events: Sequence[Any] = (),
    ) -> Result:
        """Continue each posterior draw past the fitted window.

        Parameters
        ----------
        launches : pandas.DataFrame or dict
            A record with a ``launched`` measure covering the months after the window (its
            counts are launched as observed, not randomised), or ``{class: rate or policy}``
            (assumed launches, randomised in the stochastic mode; needs ``months``).
            [missiles/month]
        months : int, optional
            Horizon; default: to the end of the given record. [months]
        runs : int, optional
            Number of runs, each a posterior draw picked at random (default: every draw once).
        seed : int or SeedSequence, optional
            Seed of the pick and of the stochastic counts.
        stochastic : bool or Noise
            ``True``: binomial intercepts, and negative-binomial launches when assumed.
        events : sequence of events
            Events within the forecast's months (the fitted window's are not carried over).

        Returns
        -------
        Result
            Starting the month after the window; each run starts from its draw's missile
            reserves and magazines at the window's end, with its parameters.
        """
        from stockpile.infer.predict import predict

        return predict(
            self,
            launches,
            months=months,
            runs=runs,
            seed=seed,
            stochastic=stochastic,
            events=events,
        )

    def predict_record(self, launched: pd.DataFrame, *, seed: Any = None) -> Any:
        """Forecast of the record's destroyed counts for the months of ``launched``.

        Each draw is continued (:meth:`predict`, deterministic, launches as given) and its
        expected share destroyed goes through the observation model with the draw's own
        concentration, so the forecast holds parameter, state and reporting uncertainty.

        Returns
        -------
        Replicates
            ``values`` of shape ``(draws, months, classes)``. [missiles/month]
        """
        from stockpile.infer._batch import intercepted_by_class
        from stockpile.infer.check import Replicates
        from stockpile.infer.likelihood import share
        from stockpile.validation import seed_sequence

        later = self.predict(launched, stochastic=False)
        classes = tuple(dict.fromkeys(self.problem.observed.classes))  # whole classes
        names = [m.name for m in self.scenario.missiles]
        idx = [names.index(c) for c in classes]
        table = launched["launched"] if isinstance(launched.columns, pd.MultiIndex) else launched
        table = table.set_axis(pd.PeriodIndex(table.index, freq="M"))
        n = table.loc[later.index, list(classes)].to_numpy(dtype=np.float64)
        p = share(intercepted_by_class(later)[:, :, idx], n)
        rng = np.random.default_rng(seed_sequence(seed))
        params = self.problem.record_params(self.theta)
        values = self.problem.likelihood.sample(n, p, params, classes, rng)
        return Replicates(classes, later.index, values, n, p)

    # ------------------------------------------------------------------ checks
    def replicate(self, seed: Any = None) -> Any:
        """Replicated records of the fitted window, one per draw (:mod:`.check`)."""
        from stockpile.infer.check import replicate

        return replicate(self, seed)

    def check(self, seed: Any = 0) -> pd.DataFrame:
        """Posterior predictive check per class and month (:func:`.check.check_table`)."""
        from stockpile.infer.check import check_table

        return check_table(self.replicate(seed), self.problem.observed.destroyed)

    def check_summary(self, seed: Any = 0) -> pd.DataFrame:
        """Per class: coverage and predictive p-values (:func:`.check.check_summary`)."""
        from stockpile.infer.check import check_summary

        return check_summary(self.replicate(seed), self.problem.observed.destroyed)

    def alarms(self) -> list[str]:
        """Consistency alarms in plain words (:mod:`stockpile.infer.alarms`)."""
        from stockpile.infer.alarms import alarms

        return alarms(self)

    def value_of_information(
        self,
        target: str,
        month: Any = None,
        *,
        candidates: Sequence[str] | None = None,
        precision: Sequence[float] = (0.1, 0.25),
        level: float = 0.9,
        reports: int = 200,
        seed: Any = 0,
    ) -> pd.DataFrame:
        """Which further claim would narrow ``target``'s posterior interval most.

        Parameters
        ----------
        target : str
            A parameter path, or ``"<item>.<variable>"`` for a state in ``month`` (default:
            the last fitted month).
        candidates : sequence of str, optional
            Parameter paths or states (last fitted month) a claim could be about; default:
            every inferred parameter and every finite stock at the window's end.
        precision : sequence of float
            Standard error of the claim as a share of the candidate's posterior median. [1]
        level : float
            Central interval whose width is compared. [1]
        reports : int
            Hypothetical reports averaged over. [draws]

        Returns
        -------
        pandas.DataFrame
            One row per candidate and precision, narrowest first: ``claim_on``,
            ``precision`` [1], ``sd`` [unit of the candidate], ``width_after`` [unit of the
            target], ``reduction`` [1]; ``attrs`` hold ``target``, ``width_now``, ``level``.
            See :mod:`stockpile.infer.voi`.
        """
        from stockpile.infer.voi import value_of_information

        return value_of_information(
            self,
            target,
            month,
            candidates=candidates,
            precision=precision,
            level=level,
            reports=reports,
            seed=seed,
        )

    def to_arviz(self) -> Any:
        """The draws as ArviZ ``InferenceData`` (``pip install 'stockpile[infer]'``).

        Groups: ``posterior`` (each parameter by path, and every state of
        :meth:`stockpile.Result.to_xarray` with dims ``chain, draw, month, item``),
        ``prior`` (the initial prior draws), ``observed_data`` (destroyed by month and class),
        ``posterior_predictive`` (replicated records) and ``log_likelihood`` (per month and
        class, for ``arviz.loo``).
        """
        from stockpile.infer.export import to_arviz

        return to_arviz(self)

    def __repr__(self) -> str:
        return (
            f"<Posterior of {len(self.paths)} parameter(s), {self.size} draws, "
            f"{self.scenario.index[0]} to {self.scenario.index[-1]}>"
        )
