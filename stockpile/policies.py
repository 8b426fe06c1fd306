"""Swappable laws: launch policies and interception doctrines, each from a registry.

Launch policies give the attacker's intended launches W [missiles/month] each month:

======================= ===================================================== =================
name                    intended launches W                                   parameters
======================= ===================================================== =================
``constant``            ``rate(t)``                                           rate
``share_of_production`` ``share · P(t)``                                      share
``reserve_floor``       ``min(rate, max(S + P + M − floor, 0))``              rate, floor
``campaign``            ``rate × profile[calendar month]``                    rate, profile
======================= ===================================================== =================

A bare rate given as ``launches=`` means ``constant(rate)``. Doctrines map the shots of one
engagement to the expected interceptors fired and the kill probability per engaged target;
they live in :mod:`stockpile.doctrines` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stockpile.doctrines import DOCTRINES, Doctrine, check_doctrine
from stockpile.errors import invalid

__all__ = [
    "DOCTRINES",
    "POLICIES",
    "Doctrine",
    "LaunchPolicy",
    "PolicySpec",
    "campaign",
    "check_doctrine",
    "constant",
    "reserve_floor",
    "share_of_production",
]

Array = NDArray[np.float64]
#: law(params, available, production) -> intended launches [missiles/month]. Laws are
#: elementwise: with ``needs_state=False`` they are called once for all months at once.
Law = Callable[[Mapping[str, Array], Array, Array], Array]


@dataclass(frozen=True)
class LaunchPolicy:
    """A launch policy by name with its parameters (built by the functions below).

    Parameters
    ----------
    name : str
        A key of :data:`POLICIES`.
    params : dict
        Parameter name → value in any parameter form (rates wrapped with ``per_*``).
    """

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name not in POLICIES:
            raise invalid("launches", f"one of the launch policies {sorted(POLICIES)}", self.name)
        expected = set(POLICIES[self.name].kinds)
        if set(self.params) != expected:
            raise invalid(
                f"launches.{self.name}", f"parameters {sorted(expected)}", sorted(self.params)
            )

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.name}({args})"


@dataclass(frozen=True)
class PolicySpec:
    """A registry entry: the law and the kind of each of its parameters."""

    law: Law
    kinds: Mapping[str, str]
    needs_state: bool = False
    #: ``prepare(params, policy, months)`` turns the resolved parameters into what ``law``
    #: takes, before the month loop (``campaign`` scales its rate by the calendar profile).
    prepare: Callable[[dict[str, Array], LaunchPolicy, Any], dict[str, Array]] | None = None


def _constant(p: Mapping[str, Array], available: Array, production: Array) -> Array:
    return p["rate"]


def _share(p: Mapping[str, Array], available: Array, production: Array) -> Array:
    return p["share"] * production


def _floor(p: Mapping[str, Array], available: Array, production: Array) -> Array:
    return np.minimum(p["rate"], np.maximum(available - p["floor"], 0.0))


def _campaign(params: dict[str, Array], policy: LaunchPolicy, index: Any) -> dict[str, Array]:
    profile = np.asarray(policy.params["profile"])
    calendar = np.asarray(index.month) - 1
    return {**params, "rate": params["rate"] * profile[calendar][:, None]}


#: Launch-policy registry: name → law and parameter kinds (see :data:`stockpile.params.KINDS`).
#: ``campaign`` is resolved to a time-varying ``constant`` before the month loop.
POLICIES: dict[str, PolicySpec] = {
    "constant": PolicySpec(_constant, {"rate": "rate"}),
    "share_of_production": PolicySpec(_share, {"share": "factor"}),
    "reserve_floor": PolicySpec(_floor, {"rate": "rate", "floor": "count"}, needs_state=True),
    "campaign": PolicySpec(_constant, {"rate": "rate", "profile": "profile"}, prepare=_campaign),
}


def constant(rate: Any) -> LaunchPolicy:
    """Launch at ``rate`` every month (what a bare rate means).

    Parameters
    ----------
    rate : Rate
        Intended launches, ``per_year(...)`` or ``per_month(...)``. [missiles/month]
    """
    return LaunchPolicy("constant", {"rate": rate})


def share_of_production(share: Any) -> LaunchPolicy:
    """Launch a share of each month's production (``share=1``: fire as produced).

    Parameters
    ----------
    share : float or any parameter form
        Intended launches per missile produced. [1]
    """
    return LaunchPolicy("share_of_production", {"share": share})


def reserve_floor(rate: Any, floor: Any) -> LaunchPolicy:
    """Launch at ``rate`` but never draw the reserve below ``floor``.

    Parameters
    ----------
    rate : Rate
        Intended launches when the reserve allows. [missiles/month]
    floor : float or any parameter form
        Reserve kept back. [missiles]
    """
    return LaunchPolicy("reserve_floor", {"rate": rate, "floor": floor})


def campaign(rate: Any, profile: Sequence[float]) -> LaunchPolicy:
    """Launch at ``rate`` scaled by a 12-month profile (e.g. winter strikes on energy).

    Parameters
    ----------
    rate : Rate
        Base intended launches. [missiles/month]
    profile : sequence of 12 floats
        Multiplier for January … December. A profile with mean 1 keeps the yearly total. [1]
    """
    values = np.asarray(profile, dtype=np.float64)
    if values.shape != (12,) or not np.isfinite(values).all() or (values < 0).any():
        raise invalid(
            "campaign.profile", "12 finite non-negative multipliers, January to December", profile
        )
    return LaunchPolicy("campaign", {"rate": rate, "profile": tuple(float(v) for v in values)})
