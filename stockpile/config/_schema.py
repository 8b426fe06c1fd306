"""The keys of a scenario file, what each holds, and the error for a file that breaks them."""

from __future__ import annotations

from stockpile.errors import StockpileError
from stockpile.scenario import AidPackage, Ceasefire, ImportDelivery, ProductionShock


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
    "aim": "shares",
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
    "covers": "names",
    "layer": "integer",
    "shots_below": "number",
    "low": "number",
    "floor": "number",
    "fire_capacity": "rate",
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
    ("interceptors", "low"): "[interceptors]",
    ("interceptors", "floor"): "[interceptors]",
    ("interceptors", "shots_below"): "per target when short [1]",
    ("", "months"): "[months]",
}
#: The keys of a rate table: ``{ per_year = ... }`` or ``{ per_month = ... }``.
RATE_KEYS = ("per_year", "per_month")
RATE_EXAMPLE = "a rate with its unit, such as { per_year = 2900 } or { per_month = 240 }"
VALUE_FORMS = "a number, a list (one per run), { dist = ... }, { series = ... } or { ramp = ... }"
