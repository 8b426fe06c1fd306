"""The names of the model's outputs, their items and their units (``docs/model.md``).

Trajectory variables are kept per item: per missile type, per interceptor type, or per
defended area. ``intercepted`` (missiles destroyed) is kept both per missile type (what was
destroyed) and per interceptor type (what destroyed it): its items are the missile types
followed by the interceptor types, so summing over all its items counts each missile twice.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AREA_VARIABLES",
    "INPUT_VARIABLES",
    "INTERCEPTOR_VARIABLES",
    "MISSILE_VARIABLES",
    "UNITS_OF",
    "VARIABLES",
    "items_of",
]

#: Per missile type, [missiles/month] but ``missile_stock`` [missiles].
MISSILE_VARIABLES = (
    "production",
    "imports",
    "launches",
    "failed",
    "unmet_launches",
    "missile_stock",
    "engaged",
    "intercepted",
    "leakers",
)
#: Per interceptor type, [interceptors/month] but ``interceptor_stock`` [interceptors] and
#: ``intercepted`` [missiles/month].
INTERCEPTOR_VARIABLES = (
    "deliveries",
    "interceptors_fired",
    "interceptor_shortfall",
    "intercepted",
    "interceptor_stock",
    "held_back",
)
#: Per declared defended area (``Scenario.areas``): missiles aimed at it and what got
#: through [missiles/month], and the share of those aimed at it that were engaged [share].
AREA_VARIABLES = ("aimed", "area_leakers", "coverage")
#: Trajectories that come from the inputs rather than the month loop.
INPUT_VARIABLES = ("production", "imports", "deliveries")

VARIABLES: tuple[str, ...] = tuple(
    dict.fromkeys(MISSILE_VARIABLES + INTERCEPTOR_VARIABLES + AREA_VARIABLES)
)

#: Unit of each trajectory variable.
UNITS_OF: dict[str, str] = {
    **{v: "missiles/month" for v in MISSILE_VARIABLES},
    "missile_stock": "missiles",
    **{v: "interceptors/month" for v in INTERCEPTOR_VARIABLES},
    "intercepted": "missiles/month",
    "interceptor_stock": "interceptors",
    "aimed": "missiles/month",
    "area_leakers": "missiles/month",
    "coverage": "share",
}


def items_of(scenario: Any, variable: str) -> list[str]:
    """Item names ``variable`` is kept for in ``scenario``'s results: missile types,
    interceptor types, both (``intercepted``: missile types first) or defended areas."""
    missiles = [m.name for m in scenario.missiles]
    interceptors = [i.name for i in scenario.interceptors]
    if variable == "intercepted":
        return missiles + interceptors
    if variable in AREA_VARIABLES:
        return list(scenario.areas)  # declared areas only
    return missiles if variable in MISSILE_VARIABLES else interceptors
