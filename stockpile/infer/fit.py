"""The orchestrator: :func:`fit` checks its inputs once, then runs tempered SMC on the engine.

It reads like the method: build the problem (scenario, priors, observations, observation
model, claims); draw particles from the prior and score them in blocks of ``chunk_size``
draws, one engine call per block, on any executor; temper towards the posterior; simulate the
final particles once more with trajectories, for states, checks and forecasts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import StockpileError, invalid
from stockpile.explore.executors import check_executor, run_tasks
from stockpile.infer._batch import simulate_result
from stockpile.infer.claims import Claim, resolve_claims
from stockpile.infer.diagnose import impossible
from stockpile.infer.likelihood import check_likelihood
from stockpile.infer.model import Problem, Scores, score, score_task
from stockpile.infer.posterior import Posterior
from stockpile.infer.priors import make_priors
from stockpile.infer.record import observations
from stockpile.infer.smc import NoFeasibleDraw, run_smc
from stockpile.scenario import Scenario
from stockpile.validation import check, seed_sequence, whole

__all__ = ["DEFAULT_CHUNK", "DEFAULT_PARTICLES", "fit"]

Array = NDArray[np.float64]
#: Particles unless told otherwise.
DEFAULT_PARTICLES = 2000
#: Draws scored per engine call (and per executor task); bounds memory. Results do not depend
#: on the executor, and neither on this as long as it is the same.
DEFAULT_CHUNK = 4096


class Evaluator:
    """Scores draws block by block, here or on an executor; blocks are fixed by ``chunk_size``."""

    def __init__(self, problem: Problem, executor: Any, chunk_size: int) -> None:
        self.problem, self.executor, self.chunk = problem, executor, chunk_size
        self.calls = 0
        self.draws = 0

    def scores(self, z: Array, keep: bool = False) -> Scores:
        """Scores of ``z`` ``(draws, parameters)``."""
        self.calls += 1
        self.draws += z.shape[0]
        starts = range(0, z.shape[0], self.chunk)
        if self.executor is None and len(starts) == 1:
            return score(self.problem, z, keep)
        tasks = [(self.problem, z[s : s + self.chunk], keep) for s in starts]
        blocks: list[Scores | None] = [None] * len(tasks)

        def done(position: int, value: Scores) -> None:
            blocks[position] = value

        run_tasks(score_task, tasks, self.executor, done)
        return Scores.concat([b for b in blocks if b is not None])

    def __call__(self, z: Array) -> tuple[Array, Scores]:
        scores = self.scores(z)
        return scores.total, scores


def _check_area_priors(obs: Any, paths: Sequence[str]) -> None:
    """No prior may aim another class at an area a class is observed by."""
    split = {a: c for c, a in zip(obs.classes, obs.areas, strict=False) if a}
    for path in paths:
        head, *rest = path.split(".")
        if len(rest) == 2 and rest[0] == "aim" and rest[1] in split and head != split[rest[1]]:
            raise invalid(
                f"priors[{path}]",
                f"no prior: {split[rest[1]]} is observed at {rest[1]!r}, so nothing else may "
                "be aimed at it",
                path,
            )


def fit(
    scenario: Scenario,
    priors: Mapping[str, Any],
    observed: pd.DataFrame,
    *,
    by_area: pd.DataFrame | None = None,
    claims: Sequence[Claim] = (),
    likelihood: Any = "beta-binomial",
    particles: int = DEFAULT_PARTICLES,
    seed: Any = None,
    executor: Any = None,
    chunk_size: int = DEFAULT_CHUNK,
    ess_target: float = 0.5,
    jumps: float = 3.0,
    max_moves: int = 30,
) -> Posterior:
    """The posterior of the parameters given the record and the claims.

    Parameters
    ----------
    scenario : Scenario
        Usually :func:`~stockpile.infer.from_record`: launches as observed.
    priors : mapping of str to distribution
        Parameter path → frozen ``scipy.stats`` distribution (rates in ``per_year`` /
        ``per_month``); also ``"record.<class>.concentration"`` of the observation model.
    observed : pandas.DataFrame
        The record, with ``launched`` and ``destroyed`` measures
        (:func:`stockpile.data.observed_monthly`). [missiles/month]
    by_area : pandas.DataFrame, optional
        Counts by target area, columns ``(measure, class, target)``
        (:func:`stockpile.data.observed_by_target`): a class with columns for one of the
        scenario's ``areas`` (and ``"rest"``) is scored as two columns, the missiles at that
        area and the rest, instead of one. No other missile may be aimed at that area (the
        engine's area figures sum the classes). [missiles/month]
    claims : sequence of Claim
        Further likelihood terms (:class:`~stockpile.infer.Claim`,
        :func:`~stockpile.infer.shortfall`).
    likelihood : {"beta-binomial", "binomial"} or an instance
        The observation model (:mod:`stockpile.infer.likelihood`).
    particles : int
        SMC particles (posterior draws). [draws]
    seed : int, SeedSequence or None
        Seed of the sampler; the engine runs deterministically.
    executor : None, concurrent.futures.Executor or dask.distributed.Client
        Where blocks of draws are scored; the posterior is the same wherever.
    chunk_size : int
        Draws per engine call and task; bounds memory. [draws]
    ess_target, jumps, max_moves
        Tempering and move settings (:func:`stockpile.infer.smc.run_smc`).

    Returns
    -------
    Posterior

    Raises
    ------
    StockpileError
        For bad input, or when no prior draw can produce the record and the claims (the
        message says which class or claim rules them out, and by how much).
    """
    if not isinstance(scenario, Scenario):
        raise invalid("scenario", "a sp.Scenario (see sp.infer.from_record)", scenario)
    check(particles, "particles", whole(50))
    check(chunk_size, "chunk_size", whole(1))
    check(max_moves, "max_moves", whole(2))
    particles, chunk_size, max_moves = int(particles), int(chunk_size), int(max_moves)
    if not 0.05 <= ess_target < 1:
        raise invalid("ess_target", "a share in [0.05, 1)", ess_target)
    check_executor(executor)
    model = check_likelihood(likelihood)
    obs = observations(observed, scenario, by_area)
    if not obs.classes:
        raise invalid("scenario.interceptors", "interceptors that engage a class of the record", [])
    chosen = make_priors(priors, scenario, model.record_paths(obs.classes))
    _check_area_priors(obs, [p.path for p in chosen])
    problem = Problem(scenario, chosen, obs, model, resolve_claims(claims, scenario, chosen))
    rng = np.random.default_rng(seed_sequence(seed))
    evaluator = Evaluator(problem, executor, chunk_size)
    try:
        out = run_smc(
            evaluator,
            len(chosen),
            particles=particles,
            rng=rng,
            ess_target=ess_target,
            jumps=jumps,
            max_moves=max_moves,
        )
    except NoFeasibleDraw as error:
        raise StockpileError(impossible(problem, error.z, error.aux)) from None
    theta = problem.theta(out.z)
    result = simulate_result(scenario, problem.engine_params(theta))
    return Posterior(problem, out, theta, result, calls=evaluator.calls, draws=evaluator.draws)
