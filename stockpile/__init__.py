"""stockpile: missile production against launches, interceptor stocks against their use.

A vectorised stock-flow model of an attacker's missile reserve and a defender's interceptor
magazine, month by month, for one run or millions at once. The equations and names are
those of the model page (docs/model.md); see the README for a quick start.
"""

from typing import Any

from stockpile import draws, policies, presets
from stockpile.draws import Draws
from stockpile.errors import StockpileError
from stockpile.inputs import Noise
from stockpile.params import linear_ramp, logistic_ramp
from stockpile.policies import campaign, constant, reserve_floor, share_of_production
from stockpile.results import Result
from stockpile.scenario import (
    AidPackage,
    Ceasefire,
    DeliveryShock,
    ImportDelivery,
    Interceptor,
    Missile,
    ProductionShock,
    Scenario,
)
from stockpile.simulate import simulate
from stockpile.state import State
from stockpile.units import Rate, per_month, per_year

__version__ = "0.1.0"

# Submodules with heavier imports (matplotlib, scipy.optimize, dask) load on first use.
_LAZY = {"plot", "explore", "data", "calibrate", "streams", "infer"}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY:
        return importlib.import_module(f"stockpile.{name}")
    if name == "sweep":
        return importlib.import_module("stockpile.explore").sweep
    raise AttributeError(f"module 'stockpile' has no attribute {name!r}")


__all__ = [
    "AidPackage",
    "Ceasefire",
    "DeliveryShock",
    "Draws",
    "ImportDelivery",
    "Interceptor",
    "Missile",
    "Noise",
    "ProductionShock",
    "Rate",
    "Result",
    "Scenario",
    "State",
    "StockpileError",
    "campaign",
    "constant",
    "draws",
    "linear_ramp",
    "logistic_ramp",
    "per_month",
    "per_year",
    "policies",
    "presets",
    "reserve_floor",
    "share_of_production",
    "simulate",
]
