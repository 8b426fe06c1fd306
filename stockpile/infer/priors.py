"""Priors: parameter path → frozen ``scipy.stats`` distribution, and the map to a normal space.

Inference runs in a space where the prior is a standard normal: each parameter is
``θ = F⁻¹(Φ(z))`` with ``F`` its prior CDF, so a random walk in ``z`` never leaves the prior's
support, bounded, unbounded and discrete priors alike (a ``randint`` prior on ``shots`` asks
"one round per target or two?").

Rates are given as ``per_year(dist)`` or ``per_month(dist)``; draws and summaries stay in the
unit the prior was given in, and reach the engine wrapped in the same unit.

Paths are those of :meth:`stockpile.Scenario.paths` plus the observation model's own
parameters, ``"record.<class>.concentration"`` (:mod:`stockpile.infer.likelihood`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special

from stockpile.errors import StockpileError, invalid
from stockpile.params import is_distribution
from stockpile.params import validate as validate_param
from stockpile.scenario import Scenario
from stockpile.units import Rate

__all__ = ["RECORD_PREFIX", "Prior", "make_priors"]

Array = NDArray[np.float64]
#: Paths of the observation model's parameters start with this.
RECORD_PREFIX = "record."
#: ``Φ(z)`` is kept this far inside (0, 1), so unbounded priors give finite draws. [1]
_EDGE = 1e-12


@dataclass(frozen=True)
class Prior:
    """One inferred parameter.

    Attributes
    ----------
    path : str
        Its parameter path, e.g. ``"patriot.stock"``.
    dist : scipy.stats frozen distribution
        The prior, in the unit of ``per`` for rates. [unit of the parameter]
    per : {"year", "month"} or None
        The time unit of a rate's prior, ``None`` for other parameters.
    """

    path: str
    dist: Any
    per: str | None = None

    @property
    def engine(self) -> bool:
        """Whether the parameter is the simulator's (not the observation model's)."""
        return not self.path.startswith(RECORD_PREFIX)

    @property
    def unit(self) -> str:
        """``"per year"``, ``"per month"`` or ``""``."""
        return f"per {self.per}" if self.per else ""

    def from_normal(self, z: Array) -> Array:
        """Parameter values ``F⁻¹(Φ(z))`` in the prior's unit. [unit of the parameter]"""
        u = np.clip(special.ndtr(z), _EDGE, 1.0 - _EDGE)
        return np.asarray(self.dist.ppf(u), dtype=np.float64)

    def to_engine(self, theta: Array) -> Any:
        """Values as the simulator takes them: rates wrapped in their unit."""
        return Rate(theta, self.per) if self.per else theta  # type: ignore[arg-type]

    @property
    def monthly(self) -> float:
        """Factor from the prior's unit to [per month] (1 for non-rates)."""
        return 1.0 / 12.0 if self.per == "year" else 1.0


def make_priors(
    priors: Mapping[str, Any], scenario: Scenario, record_paths: Mapping[str, Any]
) -> tuple[Prior, ...]:
    """Check the priors against the scenario and the observation model.

    Parameters
    ----------
    priors : mapping of str to distribution
        Path → frozen ``scipy.stats`` distribution, rates wrapped in ``per_year`` /
        ``per_month``.
    scenario : Scenario
        Whose paths the engine parameters must be.
    record_paths : mapping of str to distribution
        The observation model's parameters and their default priors (used where ``priors``
        gives none).

    Returns
    -------
    tuple of Prior
        Engine parameters in the order given, then the observation model's.
    """
    if not isinstance(priors, Mapping):
        raise invalid("priors", "a dict of parameter path to scipy.stats distribution", priors)
    kinds = {path: kind for path, kind, _ in scenario.iter_params()}
    out = []
    for path, value in priors.items():
        if path.startswith(RECORD_PREFIX):
            if path not in record_paths:
                raise invalid(
                    "priors", f"paths of the observation model {sorted(record_paths)}", path
                )
            continue
        if path not in kinds:
            valid = ", ".join(sorted(kinds))
            raise StockpileError(
                f"Unknown parameter path {path!r} in priors. Paths with a prior: {valid}."
            )
        raw = value.value if isinstance(value, Rate) else value
        if not is_distribution(raw):
            raise invalid(
                path,
                "a frozen scipy.stats distribution (rates wrapped in per_year/per_month)",
                value,
            )
        validate_param(value, name=path, kind=kinds[path], index=scenario.index, runs=1)
        out.append(Prior(path, raw, value.per if isinstance(value, Rate) else None))
    for path, default in record_paths.items():
        dist = priors.get(path, default)
        if dist is None:
            continue
        if not is_distribution(dist) or dist.support()[0] < 0:
            raise invalid(path, "a frozen scipy.stats distribution on [0, inf)", dist)
        out.append(Prior(path, dist))
    if not out:
        raise invalid("priors", "at least one parameter with a prior", dict(priors))
    return tuple(out)
