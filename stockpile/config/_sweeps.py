"""Reading sweep files: a scenario, parameter bounds and a sampler (:class:`SweepSpec`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockpile import presets
from stockpile.config._read import read_scenario, scenario_from_dict
from stockpile.config._schema import RATE_KEYS
from stockpile.config._toml import read_toml
from stockpile.config._values import Reader
from stockpile.scenario import Scenario
from stockpile.units import Rate

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
        if unit and name in RATE_KEYS:
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


def _base(reader: Reader, base: Any, path: str | os.PathLike[str]) -> Scenario:
    """The sweep's ``scenario``: a table, a scenario file (relative to ``path``) or a preset."""
    if isinstance(base, dict):
        return scenario_from_dict(base, f"{reader.source} [scenario]")
    if isinstance(base, str) and (base.endswith(".toml") or base not in presets.names()):
        file = Path(path).parent / base
        if not file.exists():
            raise reader.error(
                "scenario",
                f"a preset name {presets.names()}, a scenario file "
                "(relative to this file) or a [scenario] table",
                base,
            )
        return read_scenario(file)
    if isinstance(base, str):
        return presets.load(base)
    raise reader.error("scenario", "a preset name, a scenario file or a [scenario] table", base)


def read_sweep(path: str | os.PathLike[str]) -> SweepSpec:
    """Read a sweep file: a scenario (preset name, file or table), bounds and a sampler.

    Raises
    ------
    ConfigError
        One line naming the file, the key, what was expected and what was found.
    """
    data = read_toml(path)
    reader = Reader(str(path))
    reader.keys(data, SWEEP_KEYS, "")
    reader.require(data, ("scenario", "bounds"))
    scenario = _base(reader, data["scenario"], path)
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
        with reader.blame("[bounds]: "):
            bounds[name] = _bound(reader, value, f"bounds.{name}")
    if not bounds:
        raise reader.fail("the [bounds] table is empty: give at least one parameter path.")
    return SweepSpec(scenario, bounds, method, samples, seed, stochastic, metrics)
