"""Writing scenario files: a scenario to TOML data and text, only what differs from defaults."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stockpile.config._schema import (
    ALWAYS,
    EVENT_TYPES,
    INTERCEPTOR_KEYS,
    MISSILE_KEYS,
    UNITS,
    ConfigError,
)
from stockpile.config._toml import dumps, note_lines
from stockpile.config._values import dist_params
from stockpile.draws import SHIPPED, DrawsColumn
from stockpile.params import Ramp, is_distribution
from stockpile.policies import LaunchPolicy
from stockpile.scenario import Scenario
from stockpile.units import Rate


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
    if isinstance(value, DrawsColumn):
        return _write_draws(value, key)
    if is_distribution(value):
        names = dist_params(value.dist)
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


def _write_draws(value: DrawsColumn, key: str) -> dict[str, str]:
    """A column of joint draws by reference: its shipped table's name or its CSV file."""
    draws = value.draws
    if draws.source is None:
        raise ConfigError(
            f"cannot write '{key}' to a scenario file: it is column {value.column!r} of the "
            f"draws {draws.name!r}, built in memory, and a scenario file refers to draws by "
            "file. Save them (draws.to_frame().to_csv(path)) and use sp.Draws.read_csv(path)."
        )
    out = {"draws": draws.source, "column": value.column}
    named = draws.source in SHIPPED or Path(draws.source).stem == draws.name
    return out if named else {**out, "name": draws.name}


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
        if value is None or (name not in ALWAYS and _same(value, defaults[name])):
            continue
        where = f"{key}.{name}"
        out[name] = (
            _write_launches(value, where)
            if what == "launches"
            else list(value)
            if what == "names"
            else {a: _write_value(v, f"{where}.{a}") for a, v in value.items()}
            if what == "shares"
            else _write_value(value, where)
        )
    return out


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The TOML data of a scenario (inverse of :func:`scenario_from_dict`)."""
    data: dict[str, Any] = {"name": scenario.name}
    if scenario.description:
        data["description"] = scenario.description
    data |= {"start": str(scenario.start), "months": int(scenario.months)}
    if scenario.areas:
        data["areas"] = list(scenario.areas)
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


def _placed(
    scenario: Scenario, data: Mapping[str, Any], notes: Mapping[str, str]
) -> tuple[dict[tuple[str, int, str], str], list[str]]:
    """Notes by parameter path, placed above the key the file writes for them: ``(table,
    entry, key)`` → note; and the notes of paths the file writes no key for (for the header)."""
    spots: dict[str, tuple[str, int, str]] = {}
    for group in ("missiles", "interceptors", "events"):
        for n, entry in enumerate(data.get(group, [])):
            label = entry.get("name") if group != "events" else scenario.event_label(n)
            spots |= {f"{label}.{name}": (group, n, name) for name in entry}
    placed: dict[tuple[str, int, str], list[str]] = {}
    loose = []
    for path, note in notes.items():
        head = ".".join(path.split(".")[:2])  # "ballistic.launches.rate": above launches
        if head in spots:
            placed.setdefault(spots[head], []).append(note)
        else:
            loose.append(f"{path}: {note}")
    return {spot: " / ".join(texts) for spot, texts in placed.items()}, loose


def scenario_to_toml(scenario: Scenario, notes: Mapping[str, str] | None = None) -> str:
    """The scenario as TOML text (the schema of :mod:`stockpile.config`).

    Parameters
    ----------
    scenario : Scenario
        The scenario to write.
    notes : mapping of str to str, optional
        Parameter path → a comment written above its key, e.g. where a preset's figure comes
        from (``{"ballistic.production": "Iskander-M output ~700/yr (RUSI), 2024"}``); notes
        of paths the file writes no key for go in its header. Comments do not change what
        the file reads back as.
    """
    header = [
        f"# stockpile scenario {scenario.name!r}. Rates carry their unit (per_year, per_month);",
        "# the schema is in `stockpile run --help` and stockpile.config.",
    ]
    data = scenario_to_dict(scenario)
    placed, loose = _placed(scenario, data, notes or {})
    header += [line for text in loose for line in note_lines(text)]
    return "\n".join(header) + "\n\n" + dumps(data, comments=UNITS, notes=placed)


def write_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write ``scenario`` to a TOML file that :func:`read_scenario` reads back equal."""
    Path(path).write_text(scenario_to_toml(scenario), encoding="utf-8")
