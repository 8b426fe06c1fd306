"""The one place the inference code calls the engine: a batch of parameter draws in, arrays out.

Everything in :mod:`stockpile.infer` reads the simulator through :func:`simulate_batch` and
:func:`outputs`, so a change in the engine's output names touches this module only. Today the
engine keeps ``intercepted`` per interceptor type; the missiles of class ``k`` destroyed are
``launches − leakers`` of that class (:func:`intercepted_by_class`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stockpile.results import Result
from stockpile.scenario import Scenario
from stockpile.simulate import simulate

__all__ = [
    "AREA_OUTPUTS",
    "INTERCEPTOR_OUTPUTS",
    "MISSILE_OUTPUTS",
    "intercepted_by_class",
    "outputs",
    "simulate_batch",
]

Array = NDArray[np.float64]

#: Per missile class, shape (runs, months, classes): [missiles/month], ``missile_stock`` [missiles].
MISSILE_OUTPUTS = ("launches", "unmet_launches", "intercepted", "missile_stock")
#: Per interceptor type, shape (runs, months, types): [interceptors/month],
#: ``interceptor_stock`` [interceptors].
INTERCEPTOR_OUTPUTS = ("interceptor_stock", "interceptor_shortfall", "interceptors_fired")
#: Per declared area, shape (runs, months, areas), summed over classes: [missiles/month].
AREA_OUTPUTS = ("aimed", "area_leakers")


def intercepted_by_class(result: Result) -> Array:
    """Missiles destroyed per missile class, ``(runs, months, classes)``. [missiles/month]

    ``launches − leakers`` of each class: the engine's ``leakers`` are the launched missiles
    that were not destroyed (unengaged or missed).
    """
    return np.asarray(result["launches"] - result["leakers"], dtype=np.float64)


def outputs(result: Result) -> dict[str, Array]:
    """The arrays inference reads from a result with trajectories.

    Returns
    -------
    dict of str to ndarray
        :data:`MISSILE_OUTPUTS` of shape ``(runs, months, classes)`` and
        :data:`INTERCEPTOR_OUTPUTS` of shape ``(runs, months, types)``; ``intercepted`` is per
        missile class; :data:`AREA_OUTPUTS` of shape ``(runs, months, areas)`` when the
        scenario declares areas. [see the variable names]
    """
    out = {name: np.asarray(result[name]) for name in MISSILE_OUTPUTS if name != "intercepted"}
    out["intercepted"] = intercepted_by_class(result)
    if result.scenario.areas:
        out |= {name: np.asarray(result[name]) for name in AREA_OUTPUTS}
    if result.interceptors:
        out |= {name: np.asarray(result[name]) for name in INTERCEPTOR_OUTPUTS}
    else:
        runs, months = result.runs, result.scenario.months
        out |= {name: np.zeros((runs, months, 0)) for name in INTERCEPTOR_OUTPUTS}
    return out


def simulate_batch(scenario: Scenario, params: Mapping[str, Any]) -> dict[str, Array]:
    """Simulate one deterministic run per parameter draw.

    Parameters
    ----------
    scenario : Scenario
        The scenario the draws vary.
    params : mapping of str to array of shape (runs,)
        Parameter path → one value per run (rates wrapped in ``per_year``/``per_month``).

    Returns
    -------
    dict of str to ndarray
        As :func:`outputs`.
    """
    return outputs(simulate_result(scenario, params))


def simulate_result(scenario: Scenario, params: Mapping[str, Any]) -> Result:
    """As :func:`simulate_batch`, but the :class:`~stockpile.Result` itself."""
    return simulate(scenario.with_params(params), runs=_runs(params))


def _runs(params: Mapping[str, Any]) -> int:
    for value in params.values():
        raw = getattr(value, "value", value)
        return int(np.shape(raw)[0])
    return 1
