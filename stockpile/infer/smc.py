"""Sequential Monte Carlo with adaptive likelihood tempering, vectorised over particles.

The target is ``π(z) ∝ N(z; 0, I) · L(z)`` in the normal space of :mod:`.priors`. Particles
start from the prior restricted to draws under which the record is possible (the others are
ruled out and counted), then pass through ``π_β ∝ N(z; 0, I) · L(z)^β`` for
``0 = β_0 < β_1 < ... = 1``. Each step:

1. choose ``β_{s+1}`` by bisection so that the effective sample size of the incremental
   weights ``L^(β_{s+1} − β_s)`` is ``ess_target`` × particles (Jasra et al. 2011);
2. resample (systematic);
3. move every particle with random-walk Metropolis steps from ``N(0, c² Σ)``, ``Σ`` the
   particles' covariance, ``c`` adapted to an acceptance near 0.3, until each particle has
   had ``jumps`` accepted moves in expectation (at least 2, at most ``max_moves`` steps).

Every likelihood evaluation is one call of ``evaluate`` on all particles: one batch of the
engine. The estimate of the log evidence ``log p(record, claims)`` is the sum of the log mean
incremental weights (plus the log share of possible draws).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special

__all__ = ["NoFeasibleDraw", "SMCOutput", "ess", "run_smc", "systematic"]

Array = NDArray[np.float64]
Evaluate = Callable[[Array], tuple[Array, Any]]


class NoFeasibleDraw(Exception):
    """No prior draw gives a finite likelihood."""

    def __init__(self, z: Array, aux: Any) -> None:
        super().__init__("no prior draw is possible")
        self.z, self.aux = z, aux


@dataclass
class SMCOutput:
    """What :func:`run_smc` returns.

    Attributes
    ----------
    z : ndarray of shape (particles, parameters)
        Final particles (equally weighted) in the normal space.
    loglik : ndarray of shape (particles,)
        Their log-likelihood.
    aux : object
        ``evaluate``'s second return value for the final particles.
    prior_z, prior_loglik, prior_aux :
        The initial prior draws, their log-likelihood and ``evaluate``'s second value.
    stages : list of dict
        Per tempering step: ``beta``, ``ess`` (of the incremental weights, before resampling),
        ``moves``, ``acceptance``, ``scale``.
    log_evidence : float
        Estimate of ``log p(data)``.
    ess_moves : ndarray of shape (parameters,)
        ``particles × (1 − r)/(1 + r)``, ``r`` the correlation of each coordinate before and
        after the final moves: how many independent draws the final moves are worth.
    """

    z: Array
    loglik: Array
    aux: Any
    prior_z: Array
    prior_loglik: Array
    prior_aux: Any
    stages: list[dict[str, float]] = field(default_factory=list)
    log_evidence: float = 0.0
    ess_moves: Array = field(default_factory=lambda: np.zeros(0))


def ess(logw: Array) -> float:
    """Effective sample size ``(Σw)²/Σw²`` of log-weights. [draws]"""
    finite = logw[np.isfinite(logw)]
    if finite.size == 0:
        return 0.0
    w = np.exp(finite - finite.max())
    return float(w.sum() ** 2 / (w**2).sum())


def systematic(logw: Array, rng: np.random.Generator, n: int | None = None) -> NDArray[np.intp]:
    """Indices of a systematic resample of ``n`` particles from log-weights."""
    size = logw.shape[0] if n is None else n
    w = np.exp(logw - np.max(logw))
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    u = (rng.uniform() + np.arange(size)) / size
    return np.asarray(np.searchsorted(cdf, u, side="left"), dtype=np.intp)


def _next_beta(loglik: Array, beta: float, target: float) -> float:
    if ess((1.0 - beta) * loglik) >= target:
        return 1.0
    low, high = beta, 1.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        if ess((mid - beta) * loglik) >= target:
            low = mid
        else:
            high = mid
    return max(low, beta + 1e-12)


def _take(aux: Any, index: NDArray[np.intp]) -> Any:
    return aux.take(index) if aux is not None else None


def run_smc(
    evaluate: Evaluate,
    dim: int,
    *,
    particles: int,
    rng: np.random.Generator,
    ess_target: float = 0.5,
    jumps: float = 3.0,
    max_moves: int = 30,
    max_stages: int = 200,
) -> SMCOutput:
    """Sample ``N(z; 0, I) · L(z)`` by tempered SMC.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(z)`` for ``z`` of shape ``(n, dim)`` returns ``(loglik, aux)``: log-
        likelihoods of shape ``(n,)`` (``-inf`` where impossible) and an object with a
        ``take(index)`` method (or ``None``).
    dim : int
        Number of parameters.
    particles : int
        Number of particles.
    rng : numpy.random.Generator
        The only source of randomness.
    ess_target, jumps, max_moves, max_stages
        See the module's description.

    Raises
    ------
    NoFeasibleDraw
        When no prior draw has a finite likelihood.
    """
    z0 = rng.standard_normal((particles, dim))
    ll0, aux0 = evaluate(z0)
    alive = np.isfinite(ll0)
    if not alive.any():
        raise NoFeasibleDraw(z0, aux0)
    log_z = float(np.log(alive.mean()))
    index = systematic(np.where(alive, 0.0, -np.inf), rng)
    z, ll, aux = z0[index], ll0[index], _take(aux0, index)
    out = SMCOutput(z, ll, aux, z0, ll0, aux0)
    beta, scale = 0.0, 2.38 / np.sqrt(dim)
    start = z
    while beta < 1.0:
        if len(out.stages) >= max_stages:
            raise RuntimeError(f"tempering did not reach beta = 1 in {max_stages} stages")
        new_beta = _next_beta(ll, beta, ess_target * particles)
        logw = (new_beta - beta) * ll
        log_z += float(special.logsumexp(logw) - np.log(particles))
        stage = {"beta": new_beta, "ess": ess(logw)}
        index = systematic(logw, rng)
        z, ll, aux = z[index], ll[index], _take(aux, index)
        start = z
        z, ll, aux, scale, stage["moves"], stage["acceptance"] = _move(
            evaluate, z, ll, aux, new_beta, scale, rng, jumps, max_moves
        )
        stage["scale"] = scale
        out.stages.append(stage)
        beta = new_beta
    out.z, out.loglik, out.aux, out.log_evidence = z, ll, aux, log_z
    out.ess_moves = _ess_moves(start, z)
    return out


def _move(
    evaluate: Evaluate,
    z: Array,
    ll: Array,
    aux: Any,
    beta: float,
    scale: float,
    rng: np.random.Generator,
    jumps: float,
    max_moves: int,
) -> tuple[Array, Array, Any, float, int, float]:
    n, dim = z.shape
    cov = np.atleast_2d(np.cov(z, rowvar=False)) + 1e-10 * np.eye(dim)
    chol = np.linalg.cholesky(cov)
    accepted_total, moves, rates = 0.0, 0, []
    while moves < max_moves and (moves < 2 or accepted_total < jumps):
        proposal = z + scale * rng.standard_normal((n, dim)) @ chol.T
        ll_new, aux_new = evaluate(proposal)
        log_ratio = -0.5 * ((proposal**2).sum(1) - (z**2).sum(1))
        with np.errstate(invalid="ignore"):
            log_ratio = log_ratio + beta * (ll_new - ll)
        accept = np.log(rng.uniform(size=n)) < np.nan_to_num(log_ratio, nan=-np.inf)
        z = np.where(accept[:, None], proposal, z)
        ll = np.where(accept, ll_new, ll)
        if aux is not None:
            aux = aux.where(accept, aux_new)
        rate = float(accept.mean())
        rates.append(rate)
        accepted_total += rate
        moves += 1
        scale *= float(np.exp(rate - 0.3))
    return z, ll, aux, scale, moves, float(np.mean(rates))


def _ess_moves(before: Array, after: Array) -> Array:
    n, dim = after.shape
    out = np.empty(dim)
    for j in range(dim):
        a, b = before[:, j], after[:, j]
        if a.std() == 0 or b.std() == 0:
            out[j] = 1.0
            continue
        r = float(np.clip(np.corrcoef(a, b)[0, 1], 0.0, 1.0))
        out[j] = n * (1.0 - r) / (1.0 + r)
    return out
