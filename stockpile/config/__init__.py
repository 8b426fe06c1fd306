"""Scenarios as TOML files: read, write, and the schema they follow.

A scenario file holds what :class:`~stockpile.scenario.Scenario` holds. Rates always carry
their unit; everything else is a plain number in the unit the model uses::

    name = "patriot-2025"
    description = "Ukraine's Patriot magazine against 2024's ballistic launches"
    start = "2025-01"                        # first month
    months = 36                              # horizon [months]

    [[missiles]]
    name = "ballistic"
    production = { per_year = 700 }         # [missiles/year]
    imports = { per_month = 8 }              # [missiles/month]
    launches = { per_year = 611 }            # a rate: launch at that rate (constant)
    stock = 600                              # [missiles]
    defended = 0.5                           # [1]

    [[interceptors]]
    name = "patriot"
    stock = 250                              # [interceptors]
    deliveries = { per_year = { dist = "uniform", loc = 60, scale = 120 } }
    engages = ["ballistic"]
    shots = 2                                # per target [1]
    pk = { dist = "beta", a = 8, b = 8 }     # single-shot kill probability [1]

    [[events]]
    type = "ceasefire"
    start = "2026-01"

Or start from a preset and change parameters by path (``stockpile presets NAME --toml`` prints
a preset in full, to edit)::

    preset = "russia-ukraine-2025"
    months = 48                              # optional: name, description, start, months

    [set]
    "patriot.pk" = 0.6
    "patriot.deliveries" = { per_year = 120 }

Values
------
Any numeric parameter may be written as

================================================= ===========================================
``0.5``                                           a number
``[0.4, 0.5, 0.6]``                               one value per run (length ``runs``)
``[[...], [...]]``                                a ``(runs, months)`` array
``{ dist = "uniform", loc = 700, scale = 600 }``  a ``scipy.stats`` distribution by name, its
                                                  shape parameters by name (``a``, ``b`` for
                                                  ``beta``), ``loc`` and ``scale``; sampled
                                                  once per run
``{ draws = "posterior-2025-06",``                a column of joint draws: a shipped table
                                                  (``sp.draws.SHIPPED``) or a CSV file
                                                  (relative to the scenario file; ``name``
                                                  optional), one row per run for every
                                                  column of one table
``column = "patriot.pk" }``
``{ series = { "2025-01" = 10, ... } }``          a value for every month of the horizon
``{ ramp = "linear", low = 56, high = 420,``      a linear or logistic ramp
``start = "2023-01", end = "2024-12" }``
================================================= ===========================================

A rate wraps one of these in its unit: ``{ per_year = ... }`` or ``{ per_month = ... }``.
Rates are ``production``, ``imports``, ``deliveries`` and a policy's ``rate``.

``launches`` is a rate (launch at that rate) or a policy table (:mod:`stockpile.policies`)::

    launches = { policy = "reserve_floor", rate = { per_year = 611 }, floor = 200 }
    launches = { policy = "share_of_production", share = 0.8 }
    launches = { policy = "campaign", rate = { per_year = 611 }, profile = [1.5, 1.5, ...] }

Events (``[[events]]``, by ``type``): ``ceasefire`` (``start``, ``end``), ``production_shock``
(``start``, ``months``, ``factor``, ``missile``), ``import_delivery`` (``month``, ``missile``,
``quantity``), ``aid_package`` (``month``, ``interceptor``, ``quantity``). Months are written
``"2025-07"`` (or as months since ``start``).

Errors name the file and the key: ``scenario.toml: the 'missiles[ballistic].production' key must
be a rate with its unit, such as { per_year = 2900 } or { per_month = 240 }. Got 700 instead.``

Round trip: :func:`scenario_from_toml` of :func:`scenario_to_toml` gives back an equal scenario;
only the fields that differ from their defaults are written (plus the main ones of each item).
"""

from stockpile.config._read import read_scenario, scenario_from_dict, scenario_from_toml
from stockpile.config._schema import EVENT_TYPES, INTERCEPTOR_KEYS, MISSILE_KEYS, ConfigError
from stockpile.config._sweeps import SWEEP_KEYS, SweepSpec, read_sweep
from stockpile.config._toml import dumps, read_toml
from stockpile.config._values import Reader
from stockpile.config._write import scenario_to_dict, scenario_to_toml, write_scenario

__all__ = [
    "EVENT_TYPES",
    "INTERCEPTOR_KEYS",
    "MISSILE_KEYS",
    "SWEEP_KEYS",
    "ConfigError",
    "Reader",
    "SweepSpec",
    "dumps",
    "read_scenario",
    "read_sweep",
    "read_toml",
    "scenario_from_dict",
    "scenario_from_toml",
    "scenario_to_dict",
    "scenario_to_toml",
    "write_scenario",
]
