"""The observation model: how the record's destroyed counts relate to the simulated ones.

For class ``k`` in month ``t`` the record shows ``y`` destroyed of ``n`` launched. The simulator,
given the parameters and the launches as observed, gives the expected number destroyed
``x`` (engaged targets × kill probability, after the magazine has served what it can). With
``p = clip(x / n, ε, 1 − ε)``:

``Binomial``
    ``y ~ Binomial(n, p)``. Exact for the stochastic engine whenever the magazine does not bind:
    a binomial share defended, then a binomial share of those killed, is binomial with
    ``p = defended × kill``. When it binds the magazine is taken at its expected path.
``BetaBinomial`` (the default)
    ``y ~ BetaBinomial(n, κp, κ(1 − p))``: each month's share destroyed is drawn from a beta
    distribution with mean ``p`` and concentration ``κ`` (variance of the share
    ``p(1 − p)/(κ + 1)``), so months vary more than binomially, as the record does (ballistic:
    0 of 22 in 2024-04, 10 of 22 in 2024-11). ``κ`` is inferred per class, path
    ``"record.<class>.concentration"``, with prior :data:`DEFAULT_CONCENTRATION` unless given.

``ε`` = :data:`RATE_FLOOR` keeps a month possible in which the model destroys nothing but the
record reports kills (a defence the scenario leaves out, a misreport): such a month costs
about ``y·log ε`` but does not rule a draw out. Counts may be fractional (merged rows of the
record are split among models), so the probability mass functions are written with ``lgamma``
and continue to real ``n`` and ``y``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np
import scipy.stats
from numpy.typing import NDArray
from scipy import special

from stockpile.errors import invalid
from stockpile.params import is_distribution

__all__ = [
    "DEFAULT_CONCENTRATION",
    "LIKELIHOODS",
    "RATE_FLOOR",
    "BetaBinomial",
    "Binomial",
    "Likelihood",
    "check_likelihood",
]

Array = NDArray[np.float64]
#: Smallest (and 1 − largest) share destroyed the observation model allows. [1]
RATE_FLOOR = 1e-3
#: Prior of each class's concentration κ: log-uniform from 1 (months scatter almost as widely
#: as a coin with a random bias) to 10,000 (practically binomial). [1]
DEFAULT_CONCENTRATION = scipy.stats.loguniform(1.0, 1e4)


def share(intercepted: Array, launched: Array) -> Array:
    """``clip(intercepted / launched, ε, 1 − ε)``; ``ε`` where nothing was launched. [1]"""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(launched > 0, intercepted / np.where(launched > 0, launched, 1.0), 0.0)
    return np.clip(p, RATE_FLOOR, 1.0 - RATE_FLOOR)


def _log_choose(n: Array, y: Array) -> Array:
    return np.asarray(
        special.gammaln(n + 1.0) - special.gammaln(y + 1.0) - special.gammaln(n - y + 1.0)
    )


class Likelihood(Protocol):
    """What an observation model provides."""

    name: str

    def record_paths(self, classes: Sequence[str]) -> dict[str, Any]:
        """Its own parameters, path → default prior (``None``: fixed)."""
        ...

    def pointwise(
        self, n: Array, y: Array, p: Array, params: Mapping[str, Array], classes: Sequence[str]
    ) -> Array:
        """Log-likelihood of each month and class, shape ``(runs, months, classes)``."""
        ...

    def sample(
        self,
        n: Array,
        p: Array,
        params: Mapping[str, Array],
        classes: Sequence[str],
        rng: np.random.Generator,
    ) -> Array:
        """Replicated destroyed counts, shape ``(runs, months, classes)``. [missiles/month]"""
        ...


@dataclass(frozen=True)
class Binomial:
    """``destroyed ~ Binomial(launched, p)``, ``p`` the simulated share destroyed."""

    name: str = "binomial"

    def record_paths(self, classes: Sequence[str]) -> dict[str, Any]:
        """No parameters of its own."""
        return {}

    def pointwise(
        self, n: Array, y: Array, p: Array, params: Mapping[str, Array], classes: Sequence[str]
    ) -> Array:
        """Log-likelihood per run, month and class, ``(runs, months, classes)``."""
        return _log_choose(n, y) + y * np.log(p) + (n - y) * np.log1p(-p)

    def sample(
        self,
        n: Array,
        p: Array,
        params: Mapping[str, Array],
        classes: Sequence[str],
        rng: np.random.Generator,
    ) -> Array:
        """Binomial counts out of the rounded launches, ``(runs, months, classes)``."""
        trials = np.broadcast_to(np.round(n).astype(np.int64), p.shape)
        return rng.binomial(trials, p).astype(np.float64)


@dataclass(frozen=True)
class BetaBinomial:
    """``destroyed ~ BetaBinomial(launched, κp, κ(1 − p))`` with concentration ``κ`` per class.

    Parameters
    ----------
    concentration : float or frozen scipy.stats distribution
        ``κ`` [1]: a number fixes it for every class; a distribution is its prior, per class
        (``"record.<class>.concentration"`` in ``priors`` overrides it for one class).
    """

    concentration: Any = DEFAULT_CONCENTRATION
    name: str = "beta-binomial"

    def __post_init__(self) -> None:
        c = self.concentration
        if is_distribution(c):
            return
        if isinstance(c, bool) or not isinstance(c, int | float) or not 0 < c < np.inf:
            raise invalid("concentration", "a positive number or a scipy.stats distribution", c)

    def record_paths(self, classes: Sequence[str]) -> dict[str, Any]:
        """``record.<class>.concentration`` → its default prior (``None`` when fixed)."""
        default = self.concentration if is_distribution(self.concentration) else None
        return {f"record.{cls}.concentration": default for cls in classes}

    def _kappa(self, params: Mapping[str, Array], classes: Sequence[str], runs: int) -> Array:
        columns = [
            np.broadcast_to(params.get(f"record.{cls}.concentration", self.concentration), (runs,))
            for cls in classes
        ]
        return np.stack(columns, axis=-1)[:, None, :]  # (runs, 1, classes)

    def pointwise(
        self, n: Array, y: Array, p: Array, params: Mapping[str, Array], classes: Sequence[str]
    ) -> Array:
        """Log-likelihood per run, month and class, ``(runs, months, classes)``."""
        kappa = self._kappa(params, classes, p.shape[0])
        a, b = kappa * p, kappa * (1.0 - p)
        return _log_choose(n, y) + special.betaln(y + a, n - y + b) - special.betaln(a, b)

    def sample(
        self,
        n: Array,
        p: Array,
        params: Mapping[str, Array],
        classes: Sequence[str],
        rng: np.random.Generator,
    ) -> Array:
        """Beta-binomial counts out of the rounded launches, ``(runs, months, classes)``."""
        kappa = self._kappa(params, classes, p.shape[0])
        rate = rng.beta(kappa * p, kappa * (1.0 - p))
        trials = np.broadcast_to(np.round(n).astype(np.int64), p.shape)
        return rng.binomial(trials, rate).astype(np.float64)


#: Observation models by name.
LIKELIHOODS: dict[str, Any] = {"binomial": Binomial, "beta-binomial": BetaBinomial}


def check_likelihood(value: Any) -> Likelihood:
    """A name of :data:`LIKELIHOODS` or an instance, as an instance."""
    if isinstance(value, str):
        if value not in LIKELIHOODS:
            raise invalid("likelihood", f"one of {sorted(LIKELIHOODS)}", value)
        return cast(Likelihood, LIKELIHOODS[value]())
    if isinstance(value, Binomial | BetaBinomial):
        return cast(Likelihood, value)
    raise invalid("likelihood", "'binomial', 'beta-binomial' or sp.infer.BetaBinomial(...)", value)
