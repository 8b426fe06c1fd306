"""The keys of a scenario file, what each holds, and the error for a file that breaks them."""

from __future__ import annotations

import dataclasses
import re

from stockpile.errors import StockpileError
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


class ConfigError(StockpileError):
    """A scenario or sweep file that cannot be used; the message names the file and the key."""


def _forms(cls: type) -> dict[str, str]:
    """The keys of a TOML table for ``cls`` and what each holds, from its fields' metadata:
    a declared ``form``, else ``"rate"`` / ``"launches"`` / ``"number"`` by the field's kind,
    else ``"text"``."""
    forms = {}
    for f in dataclasses.fields(cls):
        kind = f.metadata.get("kind")
        default = {None: "text", "rate": "rate", "policy": "launches"}.get(kind, "number")
        forms[f.name] = f.metadata.get("form", default)
    return forms


def _units(table: str, cls: type) -> dict[tuple[str, str], str]:
    """Unit comments of a table's keys, from the fields' ``unit`` (and ``note``) metadata;
    rates and launches carry their unit in the value (``{ per_year = ... }``)."""
    return {
        (table, f.name): " ".join(filter(None, (f.metadata.get("note"), f"[{f.metadata['unit']}]")))
        for f in dataclasses.fields(cls)
        if "unit" in f.metadata and f.metadata.get("kind") not in ("rate", "policy")
    }


#: Keys of a ``[[missiles]]`` table and what each holds.
MISSILE_KEYS: dict[str, str] = _forms(Missile)
#: Keys of an ``[[interceptors]]`` table and what each holds.
INTERCEPTOR_KEYS: dict[str, str] = _forms(Interceptor)
#: Event ``type`` → (class, keys and what each holds); the type is the class name in snake case.
EVENT_TYPES: dict[str, tuple[type, dict[str, str]]] = {
    re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower(): (cls, _forms(cls))
    for cls in (Ceasefire, ProductionShock, DeliveryShock, ImportDelivery, AidPackage)
}
#: Top-level keys of a scenario file.
TOP = ("name", "description", "start", "months", "areas", "missiles", "interceptors", "events")
#: Top-level keys of a scenario file that starts from a preset.
PRESET_TOP = ("preset", "set", "name", "description", "start", "months")
#: What a ``[set]`` value holds, by the last part of its path, for a path that is not one of
#: the scenario's numeric parameters (those are numbers or rates); any other is a number.
SET_KINDS: dict[str, str] = {
    "launches": "launches",
    "lead_time": "integer",
    "months": "integer",
    "engages": "names",
    "doctrine": "text",
    "start": "month",
    "end": "month",
    "month": "month",
}
#: Item keys written even when they hold their default.
ALWAYS = {"name", "stock", "production", "launches", "deliveries", "engages", "shots", "pk"}
#: ``(table, key)`` → the unit written as a trailing comment (``""`` is the top level).
UNITS = {
    **_units("missiles", Missile),
    **_units("interceptors", Interceptor),
    **{("", key): unit for (_, key), unit in _units("", Scenario).items()},
}
#: The keys of a rate table: ``{ per_year = ... }`` or ``{ per_month = ... }``.
RATE_KEYS = ("per_year", "per_month")
RATE_EXAMPLE = "a rate with its unit, such as { per_year = 2900 } or { per_month = 240 }"
VALUE_FORMS = (
    "a number, a list (one per run), { dist = ... }, { draws = ... }, { series = ... } or "
    "{ ramp = ... }"
)
