"""Scoring parameter draws: simulate a batch, rule out what the record forbids, add the terms.

One :class:`Problem` holds everything a worker needs (scenario, priors, observations,
observation model, claims); :func:`score` turns a block of draws in the normal space into
log-likelihoods with one engine call. It is a pure function of its arguments, so blocks may
be scored anywhere (:mod:`stockpile.explore.executors`) with identical results.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stockpile.infer._batch import simulate_batch
from stockpile.infer.claims import Resolved
from stockpile.infer.likelihood import Likelihood, share
from stockpile.infer.priors import Prior
from stockpile.infer.record import Observations
from stockpile.scenario import Scenario

__all__ = ["UNMET_TOLERANCE", "Problem", "Scores", "destroyed_share", "score", "score_task"]

Array = NDArray[np.float64]
#: A draw is ruled out when it leaves more than this of a month's observed launches
#: unlaunched (the attacker lacked them). [missiles/month]
UNMET_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Problem:
    """What the draws are scored against."""

    scenario: Scenario
    priors: tuple[Prior, ...]
    observed: Observations
    likelihood: Likelihood
    claims: tuple[Resolved, ...] = ()

    @property
    def paths(self) -> list[str]:
        """The inferred parameters' paths, in column order."""
        return [p.path for p in self.priors]

    def theta(self, z: Array) -> Array:
        """Parameter values ``(draws, parameters)`` of normal-space draws ``z``, in each
        prior's unit."""
        return np.stack([p.from_normal(z[:, n]) for n, p in enumerate(self.priors)], axis=1)

    def engine_params(self, theta: Array) -> dict[str, Any]:
        """Path → per-run values for the simulator (rates wrapped in their unit)."""
        return {
            p.path: p.to_engine(np.ascontiguousarray(theta[:, n]))
            for n, p in enumerate(self.priors)
            if p.engine
        }

    def record_params(self, theta: Array) -> dict[str, Array]:
        """Path → per-run values of the observation model's parameters."""
        return {p.path: theta[:, n] for n, p in enumerate(self.priors) if not p.engine}

    @property
    def class_index(self) -> list[int]:
        """Positions of the scored columns' classes among the scenario's missiles."""
        names = [m.name for m in self.scenario.missiles]
        return [names.index(c) for c in self.observed.classes]


def destroyed_share(problem: Problem, batch: Mapping[str, Array]) -> Array:
    """The simulated share destroyed of each scored column, ``(runs, months, columns)``: the
    observation model's ``p``. [1]

    A whole class's is its destroyed ÷ the record's launches (as simulated, launched as
    observed); at an area, the area's destroyed ÷ aimed at it; for the rest of a class, the
    class's other destroyed ÷ its other launches.
    """
    obs = problem.observed
    x = np.array(batch["intercepted"][:, :, problem.class_index])
    if not any(obs.targets):
        return share(x, obs.launched)
    n = np.repeat(obs.launched[None], x.shape[0], axis=0)
    launches = batch["launches"][:, :, problem.class_index]
    areas = list(problem.scenario.areas)
    for c, (target, area) in enumerate(zip(obs.targets, obs.areas, strict=True)):
        if not target:
            continue
        aimed = batch["aimed"][:, :, areas.index(area)]
        hit = aimed - batch["area_leakers"][:, :, areas.index(area)]
        if target == area:
            x[:, :, c], n[:, :, c] = hit, aimed
        else:
            x[:, :, c], n[:, :, c] = x[:, :, c] - hit, launches[:, :, c] - aimed
    return share(x, n)


@dataclass
class Scores:
    """Scores of a block of draws.

    Attributes
    ----------
    record : ndarray of shape (draws,)
        Log-likelihood of the destroyed counts; ``-inf`` where the record is impossible.
    claims : ndarray of shape (draws, claims)
        Log-density of each claim.
    short : ndarray of shape (draws, classes)
        Whether the draw's attacker lacked missiles of a class to launch as observed.
    batch : dict of str to ndarray, optional
        The simulated outputs (kept on request).
    """

    record: Array
    claims: Array
    short: NDArray[np.bool_]
    batch: dict[str, Array] = field(default_factory=dict)

    @property
    def total(self) -> Array:
        """Log-likelihood of record and claims, ``-inf`` for ruled-out draws."""
        total = self.record + self.claims.sum(axis=1)
        return np.where(self.short.any(axis=1) | np.isnan(total), -np.inf, total)

    def take(self, index: NDArray[np.intp]) -> Scores:
        """The scores of draws ``index`` (without the batch)."""
        return Scores(self.record[index], self.claims[index], self.short[index])

    def where(self, mask: NDArray[np.bool_], other: Scores) -> Scores:
        """``other``'s scores where ``mask``, these elsewhere (without the batch)."""
        return Scores(
            np.where(mask, other.record, self.record),
            np.where(mask[:, None], other.claims, self.claims),
            np.where(mask[:, None], other.short, self.short),
        )

    @staticmethod
    def concat(blocks: list[Scores]) -> Scores:
        """Blocks of draws, in order, as one."""
        keys = blocks[0].batch.keys()
        return Scores(
            np.concatenate([b.record for b in blocks]),
            np.concatenate([b.claims for b in blocks]),
            np.concatenate([b.short for b in blocks]),
            {k: np.concatenate([b.batch[k] for b in blocks]) for k in keys},
        )


def score(problem: Problem, z: Array, keep: bool = False) -> Scores:
    """Score normal-space draws ``z`` of shape ``(draws, parameters)`` with one engine call."""
    theta = problem.theta(z)
    batch = simulate_batch(problem.scenario, problem.engine_params(theta))
    short = batch["unmet_launches"].max(axis=1) > UNMET_TOLERANCE
    obs, idx = problem.observed, problem.class_index
    p = destroyed_share(problem, batch)
    pointwise = problem.likelihood.pointwise(
        obs.launched, obs.destroyed, p, problem.record_params(theta), obs.classes
    )
    record = pointwise.sum(axis=(1, 2)) if idx else np.zeros(z.shape[0])
    claims = np.zeros((z.shape[0], len(problem.claims)))
    for n, claim in enumerate(problem.claims):
        claims[:, n] = claim.logpdf(claim.value(theta, batch))
    return Scores(record, claims, short, batch if keep else {})


def score_task(task: tuple[Problem, Array, bool]) -> Scores:
    """:func:`score` of one block, as an executor task."""
    problem, z, keep = task
    return score(problem, z, keep)
