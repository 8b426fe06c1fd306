"""Reading scenario files: TOML (a full scenario, or a preset and changes) to a scenario."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

import numpy as np

from stockpile import presets
from stockpile.config._schema import (
    EVENT_TYPES,
    INTERCEPTOR_KEYS,
    MISSILE_KEYS,
    PRESET_TOP,
    SET_KINDS,
    TOP,
)
from stockpile.config._toml import parse, read_toml
from stockpile.config._values import Reader
from stockpile.scenario import Interceptor, Missile, Scenario
from stockpile.units import Rate


def scenario_from_dict(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Build a scenario from parsed TOML (the schema of :mod:`stockpile.config`).

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
    reader.keys(data, TOP, "")
    reader.require(
        data,
        ("start", "months", "missiles"),
        hint=' (or give preset = "<name>" to start from a preset)',
    )
    top: dict[str, Any] = {
        "start": reader.month(data["start"], "start"),
        "months": reader.integer(data["months"], "months"),
        "name": reader.text(data.get("name", "scenario"), "name"),
        "description": reader.text(data.get("description", ""), "description"),
        "areas": reader.names(data.get("areas", []), "areas"),
    }
    groups = {}
    for group, cls, schema in (
        ("missiles", Missile, MISSILE_KEYS),
        ("interceptors", Interceptor, INTERCEPTOR_KEYS),
    ):
        items = []
        for n, table in enumerate(reader.tables(data, group)):
            label = _label(group, n, table)
            kwargs = reader.fields(table, schema, label)
            reader.require(kwargs, ("name",), label)
            items.append(_build(cls, kwargs, reader))
        groups[group] = items
    events = []
    for n, table in enumerate(reader.tables(data, "events")):
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
    with reader.blame():
        try:
            return cls(**kwargs)
        except TypeError as exc:  # a required key is missing
            raise reader.fail(f"{cls.__name__}: {exc}.") from None


def _from_preset(data: Mapping[str, Any], reader: Reader) -> Scenario:
    reader.keys(data, PRESET_TOP, "")
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
        if path in kinds:
            what = "rate" if kinds[path] == "rate" else "number"
        else:
            what = SET_KINDS.get(path.rsplit(".", 1)[-1], "number")
        parsed[path] = reader.value(what, value, f"set.{path}")
    with reader.blame("[set]: "):
        scenario = scenario.with_params(parsed)
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
    with reader.blame():
        scenario.validate(runs)
    return scenario


def scenario_from_toml(text: str, source: str = "<string>") -> Scenario:
    """Build a scenario from TOML text (the schema is in :mod:`stockpile.config`)."""
    return scenario_from_dict(parse(text, source), source)


def read_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file.

    Parameters
    ----------
    path : str or path-like
        A TOML file following the schema of :mod:`stockpile.config`.

    Raises
    ------
    ConfigError
        One line naming the file, the key, what was expected and what was found.
    """
    return scenario_from_dict(read_toml(path), str(path))
