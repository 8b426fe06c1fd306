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
from stockpile.config._values import Reader, is_number
from stockpile.explore.bounds import Choice, Integers
from stockpile.scenario import Scenario
from stockpile.units import Rate

#: Keys of a sweep file.
SWEEP_KEYS = ("scenario", "method", "samples", "levels", "seed", "stochastic", "metrics", "bounds")
_RATE_BOUND = (
    "a range with its unit, such as { per_month = [0, 80] } or { per_year = [0, 960] } "
    "(a rate is never a bare number)"
)
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
        Points of a sampled design (not used by ``"grid"``).
    seed : int or None
        Seed of the design and of the simulations.
    stochastic : bool
        Stochastic mode.
    metrics : list of str or None
        Metrics to tabulate (all when None), checked against the scenario.
    levels : int or dict of str to int
        Levels per parameter of a ``"grid"`` (one number for all, or by path).
    """

    scenario: Scenario
    bounds: dict[str, Any]
    method: str = "lhs"
    samples: int = 256
    seed: int | None = None
    stochastic: bool = False
    metrics: list[str] | None = None
    levels: int | dict[str, int] = 5


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


def _levels(reader: Reader, data: dict[str, Any], method: str, bounds: dict[str, Any]) -> Any:
    """A grid's ``levels`` (``samples`` refused: a grid has no sample count); none elsewhere."""
    if method != "grid":
        if "levels" in data:
            raise reader.error(
                "levels",
                f"absent for method = {method!r} (levels make a grid; give samples)",
                data["levels"],
            )
        return 5
    if "samples" in data:
        raise reader.error(
            "samples",
            'absent for method = "grid": a grid crosses levels per parameter (levels = 5)',
            data["samples"],
        )
    levels = data.get("levels", 5)
    counts = reader.table(levels, "levels") if isinstance(levels, dict) else {"": levels}
    for path, count in counts.items():
        key = f"levels.{path}" if path else "levels"
        if path and path not in bounds:
            raise reader.error(key, f"a path of [bounds] {sorted(bounds)}", path)
        if reader.integer(count, key) < 2:
            raise reader.error(key, "a whole number of levels >= 2", count)
    return levels


def _check_against(
    reader: Reader, scenario: Scenario, bounds: dict[str, Any], metrics: Any
) -> None:
    """Paths, units of rates and metric names checked against the scenario, before sampling."""
    from stockpile.explore.bounds import parse_bounds
    from stockpile.explore.runner import check_metrics, check_paths, per_run_params

    with reader.blame("[bounds]: "):
        check_paths(scenario, list(bounds))
        parse_bounds(bounds)  # reversed or infinite ranges, empty choices
    params = per_run_params(scenario)
    for path, bound in bounds.items():
        rate = params.get(path, (None, None))[0] == "rate"
        if rate and not isinstance(bound, Rate) and _numeric(bound):
            raise reader.error(f"bounds.{path}", _RATE_BOUND, _toml(bound))
        if not rate and isinstance(bound, Rate):
            raise reader.error(
                f"bounds.{path}", "a range without a unit (it is not a rate)", _toml(bound)
            )
    if metrics is not None:
        with reader.blame():
            check_metrics(scenario, metrics)


def _numeric(bound: Any) -> bool:
    """Whether a bound gives numbers (not months, not names)."""
    if isinstance(bound, Choice):
        return bound.numeric
    if isinstance(bound, tuple):
        return all(is_number(v) for v in bound)
    return True


def _toml(bound: Any) -> Any:
    """A bound as the file wrote it, for messages."""
    if isinstance(bound, Rate):
        return {f"per_{bound.per}": _toml(bound.value)}
    if isinstance(bound, tuple):
        return list(bound)
    if isinstance(bound, Choice):
        return {"choice": list(bound.values)}
    if isinstance(bound, Integers):
        return {"integers": [bound.low, bound.high]}
    return bound


def read_sweep(path: str | os.PathLike[str]) -> SweepSpec:
    """Read a sweep file: a scenario (preset name, file or table), bounds and a sampler.

    Raises
    ------
    ConfigError
        One line naming the file, the key, what was expected and what was found.
    """
    data = read_toml(path)
    reader = Reader(str(path))
    if "runs" in data:
        raise reader.fail(
            "unknown key 'runs': a sweep simulates one run per point (stochastic = true draws "
            "each point's counts once). For many runs of one scenario, use stockpile run."
        )
    reader.keys(data, SWEEP_KEYS, "")
    reader.require(data, ("scenario", "bounds"))
    scenario = _base(reader, data["scenario"], path)
    method = data.get("method", "lhs")
    if method not in _METHODS:
        raise reader.error("method", f"one of {list(_METHODS)}", method)
    samples = reader.integer(data.get("samples", 256), "samples")
    if samples < 1:
        raise reader.error("samples", "a whole number >= 1", samples)
    if method == "sobol" and samples & (samples - 1):
        low = 1 << (samples.bit_length() - 1)
        raise reader.error(
            "samples", f'a power of two for method = "sobol", such as {low} or {2 * low}', samples
        )
    table = reader.table(data["bounds"], "bounds")
    levels = _levels(reader, data, method, table)
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
    for name, value in table.items():
        with reader.blame("[bounds]: "):
            bounds[name] = _bound(reader, value, f"bounds.{name}")
    if not bounds:
        raise reader.fail("the [bounds] table is empty: give at least one parameter path.")
    _check_against(reader, scenario, bounds, metrics)
    return SweepSpec(scenario, bounds, method, samples, seed, stochastic, metrics, levels)
