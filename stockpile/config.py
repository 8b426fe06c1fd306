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

=============================================== ===========================================
``0.5``                                         a number
``[0.4, 0.5, 0.6]``                             one value per run (length ``runs``)
``[[...], [...]]``                              a ``(runs, months)`` array
``{ dist = "uniform", loc = 700, scale = 600 }``  a ``scipy.stats`` distribution by name, its
                                                shape parameters by name (``a``, ``b`` for
                                                ``beta``), ``loc`` and ``scale``; sampled
                                                once per run
``{ series = { "2025-01" = 10, ... } }``        a value for every month of the horizon
``{ ramp = "linear", low = 56, high = 420,``    a linear or logistic ramp
``start = "2023-01", end = "2024-12" }``
=============================================== ===========================================

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

from __future__ import annotations

import dataclasses
import json
import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stockpile import presets
from stockpile.errors import StockpileError
from stockpile.params import Ramp, is_distribution, linear_ramp, logistic_ramp
from stockpile.policies import POLICIES, LaunchPolicy, campaign
from stockpile.scenario import (
    AidPackage,
    Ceasefire,
    ImportDelivery,
    Interceptor,
    Missile,
    ProductionShock,
    Scenario,
)
from stockpile.units import Rate

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


class ConfigError(StockpileError):
    """A scenario or sweep file that cannot be used; the message names the file and the key."""


#: Keys of a ``[[missiles]]`` table and what each holds.
MISSILE_KEYS: dict[str, str] = {
    "name": "text",
    "production": "rate",
    "utilization": "number",
    "imports": "rate",
    "stock": "number",
    "launches": "launches",
    "defended": "number",
    "attrition": "number",
    "dispersion": "number",
}
#: Keys of an ``[[interceptors]]`` table and what each holds.
INTERCEPTOR_KEYS: dict[str, str] = {
    "name": "text",
    "stock": "number",
    "deliveries": "rate",
    "lead_time": "integer",
    "engages": "names",
    "shots": "number",
    "pk": "number",
    "doctrine": "text",
    "second_shots": "number",
}
#: Event ``type`` → (class, keys and what each holds).
EVENT_TYPES: dict[str, tuple[type, dict[str, str]]] = {
    "ceasefire": (Ceasefire, {"start": "month", "end": "month"}),
    "production_shock": (
        ProductionShock,
        {"start": "month", "months": "integer", "factor": "number", "missile": "text"},
    ),
    "import_delivery": (
        ImportDelivery,
        {"month": "month", "missile": "text", "quantity": "number"},
    ),
    "aid_package": (AidPackage, {"month": "month", "interceptor": "text", "quantity": "number"}),
}
_TOP = ("name", "description", "start", "months", "missiles", "interceptors", "events")
_PRESET_TOP = ("preset", "set", "name", "description", "start", "months")
_ALWAYS = {"name", "stock", "production", "launches", "deliveries", "engages", "shots", "pk"}
_UNITS = {
    ("missiles", "stock"): "[missiles]",
    ("missiles", "utilization"): "[1]",
    ("missiles", "defended"): "[1]",
    ("missiles", "attrition"): "[1/month]",
    ("missiles", "dispersion"): "[1]",
    ("interceptors", "stock"): "[interceptors]",
    ("interceptors", "pk"): "[1]",
    ("interceptors", "shots"): "per target [1]",
    ("interceptors", "second_shots"): "per surviving target [1]",
    ("interceptors", "lead_time"): "[months]",
    ("", "months"): "[months]",
}
_RATE_EXAMPLE = "a rate with its unit, such as { per_year = 2900 } or { per_month = 240 }"
_VALUE_FORMS = "a number, a list (one per run), { dist = ... }, { series = ... } or { ramp = ... }"


# --------------------------------------------------------------------------- reading
class Reader:
    """Turns TOML values into parameter values, raising :class:`ConfigError` naming the key.

    Parameters
    ----------
    source : str
        The file name, used in messages.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, key: str, expected: str, got: Any) -> ConfigError:
        """The one message shape, prefixed with the file name."""
        text = repr(got) if not isinstance(got, dict) else _inline(got)
        text = text if len(text) <= 80 else text[:77] + "..."
        return ConfigError(
            f"{self.source}: the '{key}' key must be {expected}. Got {text} instead."
        )

    def fail(self, message: str) -> ConfigError:
        """A message of another shape, prefixed with the file name."""
        return ConfigError(f"{self.source}: {message}")

    def keys(self, table: Mapping[str, Any], allowed: Any, key: str) -> None:
        """Raise for a key of ``table`` that is not in ``allowed``, listing the valid ones."""
        for name in table:
            if name not in allowed:
                where = f"{key}.{name}" if key else name
                raise self.fail(f"unknown key '{where}'. Valid keys: {', '.join(sorted(allowed))}.")

    def table(self, value: Any, key: str) -> dict[str, Any]:
        """``value`` if it is a table."""
        if not isinstance(value, dict):
            raise self.error(key, "a table", value)
        return value

    # values
    def number(self, value: Any, key: str) -> Any:
        """Any parameter form but a rate."""
        if isinstance(value, bool | str):
            raise self.error(key, _VALUE_FORMS, value)
        if isinstance(value, int | float):
            return value
        if isinstance(value, list):
            try:
                array = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError):
                raise self.error(
                    key,
                    "a list of numbers (one per run) or a list of equally "
                    "long lists (runs × months)",
                    value,
                ) from None
            if array.ndim not in (1, 2) or array.size == 0:
                raise self.error(key, "a non-empty list of numbers or of lists of numbers", value)
            return array
        if isinstance(value, dict):
            if "dist" in value:
                return self.distribution(value, key)
            if "series" in value:
                return self.series(value, key)
            if "ramp" in value:
                return self.ramp(value, key)
            if {"per_year", "per_month"} & set(value):
                raise self.error(key, "a plain value without a unit (it is not a rate)", value)
        raise self.error(key, _VALUE_FORMS, value)

    def rate(self, value: Any, key: str) -> Rate:
        """``{ per_year = ... }`` or ``{ per_month = ... }``."""
        if (
            not isinstance(value, dict)
            or len(value) != 1
            or not {"per_year", "per_month"} >= set(value)
        ):
            raise self.error(key, _RATE_EXAMPLE, value)
        ((unit, inner),) = value.items()
        return Rate(self.number(inner, f"{key}.{unit}"), "year" if unit == "per_year" else "month")

    def distribution(self, value: dict[str, Any], key: str) -> Any:
        """``{ dist = NAME, <shape parameters>, loc, scale }``."""
        import scipy.stats

        name = value["dist"]
        family = getattr(scipy.stats, name, None) if isinstance(name, str) else None
        if not isinstance(family, scipy.stats.rv_continuous | scipy.stats.rv_discrete):
            raise self.error(
                f"{key}.dist",
                "the name of a scipy.stats distribution, such as "
                "'uniform', 'norm', 'beta', 'triang', 'lognorm'",
                name,
            )
        allowed = _dist_params(family)
        params = {k: v for k, v in value.items() if k != "dist"}
        self.keys(params, allowed, key)
        for k, v in params.items():
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise self.error(f"{key}.{k}", "a number", v)
        shapes = [s for s in allowed if s not in ("loc", "scale")]
        missing = [s for s in shapes if s not in params]
        if missing:
            raise self.fail(
                f"the '{key}' distribution {name!r} needs its shape parameters "
                f"{shapes}; missing {missing}."
            )
        try:
            return family(**params)
        except (TypeError, ValueError) as exc:
            raise self.error(key, f"valid parameters of {name!r} ({exc})", value) from None

    def series(self, value: dict[str, Any], key: str) -> pd.Series:
        """``{ series = { "2025-01" = 10, ... } }``."""
        self.keys(value, {"series"}, key)
        table = self.table(value["series"], f"{key}.series")
        months = []
        for month, v in table.items():
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise self.error(f"{key}.series.{month}", "a number", v)
            try:
                months.append(pd.Period(month, freq="M"))
            except (TypeError, ValueError):
                raise self.error(
                    f"{key}.series", 'a table keyed by month, such as { "2025-01" = 10 }', month
                ) from None
        return pd.Series(
            list(table.values()), index=pd.PeriodIndex(months, freq="M"), dtype=np.float64
        )

    def ramp(self, value: dict[str, Any], key: str) -> Ramp:
        """``{ ramp = "linear" | "logistic", low, high, start, end }``."""
        builders: dict[str, Callable[..., Ramp]] = {
            "linear": linear_ramp,
            "logistic": logistic_ramp,
        }
        self.keys(value, {"ramp", "low", "high", "start", "end"}, key)
        if value["ramp"] not in builders:
            raise self.error(f"{key}.ramp", "'linear' or 'logistic'", value["ramp"])
        missing = [k for k in ("low", "high", "start", "end") if k not in value]
        if missing:
            raise self.fail(f"the '{key}' ramp needs low, high, start and end; missing {missing}.")
        try:
            return builders[value["ramp"]](
                value["low"], value["high"], value["start"], value["end"]
            )
        except (StockpileError, TypeError) as exc:
            raise self.fail(f"the '{key}' ramp: {exc}") from None

    def month(self, value: Any, key: str) -> Any:
        """``"2025-07"``, months since start, or a list of those (one per run)."""
        if isinstance(value, list):
            return [self.month(v, key) for v in value]
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.error(key, 'a month such as "2025-07"', value)
        return value

    def integer(self, value: Any, key: str) -> int:
        """A whole number."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, "a whole number", value)
        return value

    def text(self, value: Any, key: str) -> str:
        """A string."""
        if not isinstance(value, str):
            raise self.error(key, "a string", value)
        return value

    def names(self, value: Any, key: str) -> list[str]:
        """A list of names."""
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, 'a list of names, such as ["ballistic"]', value)
        return value

    def launches(self, value: Any, key: str) -> Rate | LaunchPolicy:
        """A rate, or ``{ policy = NAME, <its parameters> }``."""
        if not isinstance(value, dict) or "policy" not in value:
            if isinstance(value, dict) and {"per_year", "per_month"} & set(value):
                return self.rate(value, key)
            raise self.error(
                key,
                f"{_RATE_EXAMPLE}, or a policy table such as "
                '{ policy = "reserve_floor", rate = { per_year = 600 }, '
                "floor = 200 }",
                value,
            )
        name = value["policy"]
        if name not in POLICIES:
            raise self.error(f"{key}.policy", f"one of {sorted(POLICIES)}", name)
        kinds = POLICIES[name].kinds
        params = {k: v for k, v in value.items() if k != "policy"}
        self.keys(params, set(kinds), key)
        missing = sorted(set(kinds) - set(params))
        if missing:
            raise self.fail(
                f"the '{key}' policy {name!r} needs {sorted(kinds)}; missing {missing}."
            )
        parsed: dict[str, Any] = {}
        for pname, kind in kinds.items():
            where = f"{key}.{pname}"
            if kind == "rate":
                parsed[pname] = self.rate(params[pname], where)
            elif kind == "profile":
                profile = params[pname]
                if (
                    not isinstance(profile, list)
                    or len(profile) != 12
                    or not all(
                        isinstance(v, int | float) and not isinstance(v, bool) for v in profile
                    )
                ):
                    raise self.error(where, "12 numbers, January to December", profile)
                parsed[pname] = profile
            else:
                parsed[pname] = self.number(params[pname], where)
        if name == "campaign":
            return campaign(parsed["rate"], parsed["profile"])
        return LaunchPolicy(name, parsed)

    def value(self, what: str, value: Any, key: str) -> Any:
        """Read ``value`` as ``what`` (a value of :data:`MISSILE_KEYS` and the like)."""
        readers: dict[str, Callable[[Any, str], Any]] = {
            "text": self.text,
            "number": self.number,
            "rate": self.rate,
            "integer": self.integer,
            "names": self.names,
            "month": self.month,
            "launches": self.launches,
        }
        return readers[what](value, key)

    def fields(self, table: Any, schema: Mapping[str, str], key: str) -> dict[str, Any]:
        """The keyword arguments of one item or event table."""
        table = self.table(table, key)
        self.keys(table, schema, key)
        return {k: self.value(schema[k], v, f"{key}.{k}") for k, v in table.items()}


def _dist_params(family: Any) -> list[str]:
    import scipy.stats

    shapes = [s.strip() for s in (family.shapes or "").split(",") if s.strip()]
    extra = ["loc", "scale"] if isinstance(family, scipy.stats.rv_continuous) else ["loc"]
    return shapes + extra


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse a TOML file; :class:`ConfigError` for a missing file or bad TOML."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a TOML file.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text (UTF-8) file.") from None


def scenario_from_dict(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Build a scenario from parsed TOML (the schema of this module).

    Parameters
    ----------
    data : mapping
        The parsed file.
    source : str
        File name for messages.

    Raises
    ------
    ConfigError
        Naming ``source`` and the key.
    """
    reader = Reader(source)
    if "preset" in data:
        return _from_preset(data, reader)
    reader.keys(data, _TOP, "")
    for key in ("start", "months", "missiles"):
        if key not in data:
            raise reader.fail(
                f"the '{key}' key is missing (or give preset = \"<name>\" to start from a preset)."
            )
    top: dict[str, Any] = {
        "start": reader.month(data["start"], "start"),
        "months": reader.integer(data["months"], "months"),
        "name": reader.text(data.get("name", "scenario"), "name"),
        "description": reader.text(data.get("description", ""), "description"),
    }
    groups = {}
    for group, cls, schema in (
        ("missiles", Missile, MISSILE_KEYS),
        ("interceptors", Interceptor, INTERCEPTOR_KEYS),
    ):
        tables = data.get(group, [])
        if not isinstance(tables, list):
            raise reader.error(group, f"an array of tables, [[{group}]]", tables)
        items = []
        for n, table in enumerate(tables):
            label = _label(group, n, table)
            kwargs = reader.fields(table, schema, label)
            if "name" not in kwargs:
                raise reader.fail(f"the '{label}.name' key is missing.")
            items.append(_build(cls, kwargs, reader))
        groups[group] = items
    events = []
    tables = data.get("events", [])
    if not isinstance(tables, list):
        raise reader.error("events", "an array of tables, [[events]]", tables)
    for n, table in enumerate(tables):
        label = f"events[{n + 1}]"
        table = reader.table(table, label)
        kind = table.get("type")
        if kind not in EVENT_TYPES:
            raise reader.error(f"{label}.type", f"one of {sorted(EVENT_TYPES)}", kind)
        event, schema = EVENT_TYPES[kind]
        fields = reader.fields({k: v for k, v in table.items() if k != "type"}, schema, label)
        events.append(_build(event, fields, reader))
    return _validated(_build(Scenario, {**top, **groups, "events": events}, reader), reader)


def _label(group: str, n: int, table: Any) -> str:
    name = table.get("name") if isinstance(table, dict) else None
    return f"{group}[{name}]" if isinstance(name, str) else f"{group}[{n + 1}]"


def _build(cls: Any, kwargs: dict[str, Any], reader: Reader) -> Any:
    try:
        return cls(**kwargs)
    except StockpileError as exc:
        raise reader.fail(str(exc)) from None
    except TypeError as exc:  # a required key is missing
        raise reader.fail(f"{cls.__name__}: {exc}.") from None


def _from_preset(data: Mapping[str, Any], reader: Reader) -> Scenario:
    reader.keys(data, _PRESET_TOP, "")
    name = data["preset"]
    if name not in presets.names():
        raise reader.error("preset", f"one of {presets.names()}", name)
    scenario = presets.load(name)
    changes = {
        k: reader.value(what, data[k], k)
        for k, what in (
            ("name", "text"),
            ("description", "text"),
            ("start", "month"),
            ("months", "integer"),
        )
        if k in data
    }
    if changes:
        base = scenario
        scenario = _build(lambda **kw: dataclasses.replace(base, **kw), changes, reader)
    values = reader.table(data.get("set", {}), "set")
    kinds = {path: kind for path, kind, _ in scenario.iter_params()}
    parsed = {}
    for path, value in values.items():
        key = f"set.{path}"
        if path in kinds:
            parsed[path] = reader.value("rate" if kinds[path] == "rate" else "number", value, key)
            continue
        attr = path.rsplit(".", 1)[-1]
        what = {
            "launches": "launches",
            "lead_time": "integer",
            "months": "integer",
            "engages": "names",
            "doctrine": "text",
            "start": "month",
            "end": "month",
            "month": "month",
        }.get(attr, "number")
        parsed[path] = reader.value(what, value, key)
    try:
        scenario = scenario.with_params(parsed)
    except StockpileError as exc:
        raise reader.fail(f"[set]: {exc}") from None
    return _validated(scenario, reader)


def _validated(scenario: Scenario, reader: Reader) -> Scenario:
    """Check every parameter now, so that a bad value is reported against the file; per-run
    arrays fix the number of runs checked (their length), else one run."""
    runs = 1
    for _, _, value in scenario.iter_params():
        raw = value.value if isinstance(value, Rate) else value
        if isinstance(raw, np.ndarray) and raw.ndim in (1, 2):
            runs = raw.shape[0]
            break
    try:
        scenario.validate(runs)
    except StockpileError as exc:
        raise reader.fail(str(exc)) from None
    return scenario


def scenario_from_toml(text: str, source: str = "<string>") -> Scenario:
    """Build a scenario from TOML text (see the module docstring for the schema)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}.") from None
    return scenario_from_dict(data, source)


def read_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file.

    Parameters
    ----------
    path : str or path-like
        A TOML file following the schema of this module.

    Raises
    ------
    ConfigError
        One line naming the file, the key, what was expected and what was found.
    """
    return scenario_from_dict(read_toml(path), str(path))


# --------------------------------------------------------------------------- sweeps
#: Keys of a sweep file.
SWEEP_KEYS = ("scenario", "method", "samples", "levels", "seed", "stochastic", "metrics", "bounds")
_METHODS = ("grid", "halton", "lhs", "random", "sobol")


@dataclass(frozen=True)
class SweepSpec:
    """What a sweep file asks for (see ``stockpile sweep --help``).

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    bounds : dict
        Parameter path → bound, in the forms of :mod:`stockpile.explore.bounds`.
    method : str
        ``"lhs"``, ``"sobol"``, ``"halton"``, ``"random"`` or ``"grid"``.
    samples : int
        Points of the design (levels per parameter for ``"grid"``).
    seed : int or None
        Seed of the design and of the simulations.
    stochastic : bool
        Stochastic mode.
    metrics : list of str or None
        Metrics to tabulate (all when None).
    """

    scenario: Scenario
    bounds: dict[str, Any]
    method: str = "lhs"
    samples: int = 256
    seed: int | None = None
    stochastic: bool = False
    metrics: list[str] | None = None


def _bound(reader: Reader, value: Any, key: str, unit: bool = True) -> Any:
    """One bound: ``[low, high]``, ``{ choice = [...] }``, ``{ integers = [lo, hi] }``,
    ``{ dist = ... }``, or one of these in ``{ per_year = ... }`` / ``{ per_month = ... }``."""
    from stockpile import explore

    forms = (
        "[low, high], { choice = [...] }, { integers = [low, high] }, { dist = ... }, "
        "or one of these inside { per_year = ... } or { per_month = ... }"
    )
    if isinstance(value, list):
        if len(value) != 2 or not all(
            isinstance(v, int | float | str) and not isinstance(v, bool) for v in value
        ):
            raise reader.error(key, "[low, high]: two numbers or two months", value)
        return (value[0], value[1])
    if isinstance(value, dict) and len(value) == 1:
        ((name, inner),) = value.items()
        if unit and name in ("per_year", "per_month"):
            return Rate(_bound(reader, inner, f"{key}.{name}", unit=False), name[4:])
        if name == "choice":
            if not isinstance(inner, list) or not inner:
                raise reader.error(f"{key}.choice", "a non-empty list of values", inner)
            return explore.choice(inner)
        if name == "integers":
            if (
                not isinstance(inner, list)
                or len(inner) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in inner)
            ):
                raise reader.error(f"{key}.integers", "[low, high], two whole numbers", inner)
            return explore.integers(inner[0], inner[1])
    if isinstance(value, dict) and "dist" in value:
        return reader.distribution(value, key)
    raise reader.error(key, forms, value)


def read_sweep(path: str | os.PathLike[str]) -> SweepSpec:
    """Read a sweep file: a scenario (preset name, file or table), bounds and a sampler.

    Raises
    ------
    ConfigError
        One line naming the file, the key, what was expected and what was found.
    """
    source = str(path)
    data = read_toml(path)
    reader = Reader(source)
    reader.keys(data, SWEEP_KEYS, "")
    for key in ("scenario", "bounds"):
        if key not in data:
            raise reader.fail(f"the '{key}' key is missing.")
    base = data["scenario"]
    if isinstance(base, dict):
        scenario = scenario_from_dict(base, f"{source} [scenario]")
    elif isinstance(base, str) and (base.endswith(".toml") or base not in presets.names()):
        file = Path(path).parent / base
        if not file.exists():
            raise reader.error(
                "scenario",
                f"a preset name {presets.names()}, a scenario file "
                "(relative to this file) or a [scenario] table",
                base,
            )
        scenario = read_scenario(file)
    elif isinstance(base, str):
        scenario = presets.load(base)
    else:
        raise reader.error("scenario", "a preset name, a scenario file or a [scenario] table", base)
    method = data.get("method", "lhs")
    if method not in _METHODS:
        raise reader.error("method", f"one of {list(_METHODS)}", method)
    samples = reader.integer(data.get("samples", 256), "samples")
    if samples < 1:
        raise reader.error("samples", "a whole number >= 1", samples)
    seed = data.get("seed")
    if seed is not None and (reader.integer(seed, "seed") < 0):
        raise reader.error("seed", "a whole number >= 0", seed)
    stochastic = data.get("stochastic", False)
    if not isinstance(stochastic, bool):
        raise reader.error("stochastic", "true or false", stochastic)
    metrics = data.get("metrics")
    if metrics is not None:
        metrics = reader.names(metrics, "metrics")
    bounds = {}
    for name, value in reader.table(data["bounds"], "bounds").items():
        try:
            bounds[name] = _bound(reader, value, f"bounds.{name}")
        except ConfigError:
            raise
        except StockpileError as exc:
            raise reader.fail(f"[bounds]: {exc}") from None
    if not bounds:
        raise reader.fail("the [bounds] table is empty: give at least one parameter path.")
    return SweepSpec(scenario, bounds, method, samples, seed, stochastic, metrics)


# --------------------------------------------------------------------------- writing
def _write_value(value: Any, key: str) -> Any:
    """A parameter value as TOML-ready Python data."""
    if isinstance(value, Rate):
        return {f"per_{value.per}": _write_value(value.value, key)}
    if isinstance(value, bool | np.bool_):
        raise ConfigError(f"cannot write '{key}': a bool is not a parameter value.")
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value)
    if isinstance(value, Ramp):
        return {
            "ramp": value.shape,
            "low": value.low,
            "high": value.high,
            "start": str(value.start),
            "end": str(value.end),
        }
    if isinstance(value, pd.Series):
        months = pd.PeriodIndex(value.index, freq="M")
        return {
            "series": {
                str(m): _write_value(v, key) for m, v in zip(months, value.tolist(), strict=True)
            }
        }
    if is_distribution(value):
        names = _dist_params(value.dist)
        params = dict(zip(names, value.args, strict=False)) | dict(value.kwds)
        return {"dist": value.dist.name, **{k: _write_value(v, key) for k, v in params.items()}}
    if isinstance(value, tuple):
        raise ConfigError(
            f"cannot write '{key}' to a scenario file: {value!r} looks like "
            "(low, high) bounds, which belong in a sweep file's [bounds]."
        )
    if isinstance(value, np.ndarray | list):
        items = value.tolist() if isinstance(value, np.ndarray) else value
        return [_write_value(v, key) for v in items]
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Period):
        return str(value)
    raise ConfigError(
        f"cannot write '{key}' to TOML: {type(value).__name__} {value!r} has no TOML form."
    )


def _write_launches(value: Any, key: str) -> Any:
    if isinstance(value, LaunchPolicy):
        return {
            "policy": value.name,
            **{
                k: [float(x) for x in v] if k == "profile" else _write_value(v, f"{key}.{k}")
                for k, v in value.params.items()
            },
        }
    return _write_value(value, key)


def _same(a: Any, b: Any) -> bool:
    try:
        return type(a) is type(b) and bool(a == b) and repr(a) == repr(b)
    except (TypeError, ValueError):
        return False


def _item_dict(item: Any, schema: Mapping[str, str], key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    defaults = {f.name: f.default for f in dataclasses.fields(item)}
    for name, what in schema.items():
        value = getattr(item, name)
        if value is None or (name not in _ALWAYS and _same(value, defaults[name])):
            continue
        where = f"{key}.{name}"
        out[name] = (
            _write_launches(value, where)
            if what == "launches"
            else list(value)
            if what == "names"
            else _write_value(value, where)
        )
    return out


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The TOML data of a scenario (inverse of :func:`scenario_from_dict`)."""
    data: dict[str, Any] = {"name": scenario.name}
    if scenario.description:
        data["description"] = scenario.description
    data |= {"start": str(scenario.start), "months": int(scenario.months)}
    data["missiles"] = [_item_dict(m, MISSILE_KEYS, m.name) for m in scenario.missiles]
    if scenario.interceptors:
        data["interceptors"] = [
            _item_dict(i, INTERCEPTOR_KEYS, i.name) for i in scenario.interceptors
        ]
    events = []
    for k, event in enumerate(scenario.events):
        kind = next(t for t, (cls, _) in EVENT_TYPES.items() if type(event) is cls)
        events.append(
            {"type": kind, **_item_dict(event, EVENT_TYPES[kind][1], scenario.event_label(k))}
        )
    if events:
        data["events"] = events
    return data


def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text (the schema of this module)."""
    header = (
        f"# stockpile scenario {scenario.name!r}. Rates carry their unit (per_year, "
        "per_month);\n# the schema is in `stockpile run --help` and stockpile.config."
    )
    return header + "\n\n" + dumps(scenario_to_dict(scenario), comments=_UNITS)


def write_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write ``scenario`` to a TOML file that :func:`read_scenario` reads back equal."""
    Path(path).write_text(scenario_to_toml(scenario), encoding="utf-8")


# --------------------------------------------------------------------------- TOML writer
def _key(name: str) -> str:
    bare = name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return name if bare else _string(name)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _inline(value: Any) -> str:
    """One TOML value on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def dumps(
    data: Mapping[str, Any],
    comments: Mapping[tuple[str, str], str] | None = None,
    tables: tuple[str, ...] = ("set", "bounds", "scenario"),
) -> str:
    """Write TOML: top-level values, then ``[table]`` for the keys in ``tables`` and
    ``[[array]]`` for lists of tables; everything deeper as inline values.

    Parameters
    ----------
    data : mapping
        Strings, ints, floats, bools, lists and dicts.
    comments : mapping, optional
        ``(table, key)`` → a trailing comment (``""`` is the top level).
    tables : tuple of str
        Top-level keys whose dict value is written as a ``[table]`` block.
    """
    notes = comments or {}

    def line(table: str, key: str, value: Any) -> str:
        note = notes.get((table, key))
        text = f"{_key(key)} = {_inline(value)}"
        return f"{text}  # {note}" if note else text

    head, blocks = [], []
    for key, value in data.items():
        if isinstance(value, dict) and key in tables:
            body = [line(key, k, v) for k, v in value.items()]
            blocks.append("\n".join([f"[{_key(key)}]", *body]))
        elif _is_table_array(value):
            for entry in value:
                body = [line(key, k, v) for k, v in entry.items()]
                blocks.append("\n".join([f"[[{_key(key)}]]", *body]))
        else:
            head.append(line("", key, value))
    return "\n\n".join(part for part in ["\n".join(head), *blocks] if part) + "\n"
