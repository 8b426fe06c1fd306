"""Reading TOML values as parameter values: :class:`Reader`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stockpile.config._schema import RATE_EXAMPLE, RATE_KEYS, VALUE_FORMS, ConfigError
from stockpile.config._toml import inline
from stockpile.draws import SHIPPED, Draws, DrawsColumn, shipped
from stockpile.errors import StockpileError
from stockpile.params import Ramp, linear_ramp, logistic_ramp
from stockpile.policies import POLICIES, LaunchPolicy, campaign
from stockpile.units import Rate


def is_number(value: Any) -> bool:
    """An int or a float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def dist_params(family: Any) -> list[str]:
    """The parameter names of a ``scipy.stats`` distribution: its shapes, ``loc`` and, for a
    continuous one, ``scale``."""
    import scipy.stats

    shapes = [s.strip() for s in (family.shapes or "").split(",") if s.strip()]
    extra = ["loc", "scale"] if isinstance(family, scipy.stats.rv_continuous) else ["loc"]
    return shapes + extra


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
        text = repr(got) if not isinstance(got, dict) else inline(got)
        text = text if len(text) <= 80 else text[:77] + "..."
        return ConfigError(
            f"{self.source}: the '{key}' key must be {expected}. Got {text} instead."
        )

    def fail(self, message: str) -> ConfigError:
        """A message of another shape, prefixed with the file name."""
        return ConfigError(f"{self.source}: {message}")

    @contextlib.contextmanager
    def blame(self, prefix: str = "") -> Iterator[None]:
        """Report a :class:`StockpileError` raised in the block against the file, after
        ``prefix``; a :class:`ConfigError` (which names the file already) passes unchanged."""
        try:
            yield
        except ConfigError:
            raise
        except StockpileError as exc:
            raise self.fail(f"{prefix}{exc}") from None

    def keys(self, table: Mapping[str, Any], allowed: Any, key: str) -> None:
        """Raise for a key of ``table`` that is not in ``allowed``, listing the valid ones."""
        for name in table:
            if name not in allowed:
                where = f"{key}.{name}" if key else name
                raise self.fail(f"unknown key '{where}'. Valid keys: {', '.join(sorted(allowed))}.")

    def require(self, table: Mapping[str, Any], names: Any, key: str = "", hint: str = "") -> None:
        """Raise for the first of ``names`` missing from ``table``; ``hint`` ends the message."""
        for name in names:
            if name not in table:
                where = f"{key}.{name}" if key else name
                raise self.fail(f"the '{where}' key is missing{hint}.")

    def table(self, value: Any, key: str) -> dict[str, Any]:
        """``value`` if it is a table."""
        if not isinstance(value, dict):
            raise self.error(key, "a table", value)
        return value

    def tables(self, data: Mapping[str, Any], key: str) -> list[Any]:
        """``data[key]`` if it is an array of tables, ``[[key]]`` (empty when absent)."""
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.error(key, f"an array of tables, [[{key}]]", value)
        return value

    # values
    def number(self, value: Any, key: str) -> Any:
        """Any parameter form but a rate."""
        if isinstance(value, bool | str):
            raise self.error(key, VALUE_FORMS, value)
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
            if "draws" in value:
                return self.draws(value, key)
            if "series" in value:
                return self.series(value, key)
            if "ramp" in value:
                return self.ramp(value, key)
            if set(RATE_KEYS) & set(value):
                raise self.error(key, "a plain value without a unit (it is not a rate)", value)
        raise self.error(key, VALUE_FORMS, value)

    def rate(self, value: Any, key: str) -> Rate:
        """``{ per_year = ... }`` or ``{ per_month = ... }``."""
        if not isinstance(value, dict) or len(value) != 1 or not set(RATE_KEYS) >= set(value):
            raise self.error(key, RATE_EXAMPLE, value)
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
        allowed = dist_params(family)
        params = {k: v for k, v in value.items() if k != "dist"}
        self.keys(params, allowed, key)
        for k, v in params.items():
            if not is_number(v):
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

    def draws(self, value: dict[str, Any], key: str) -> DrawsColumn:
        """``{ draws = "<shipped table or CSV file>", column = "<column>" }``, optionally with
        ``name``: a column of joint draws (a relative file is read from the scenario file's
        folder; one table per file and name)."""
        self.keys(value, {"draws", "column", "name"}, key)
        self.require(value, ("column",), key)
        source = self.text(value["draws"], f"{key}.draws")
        name = self.text(value.get("name", ""), f"{key}.name") or None
        cache: dict[tuple[str, str | None], Draws] = self.__dict__.setdefault("_draws", {})
        if (source, name) not in cache:
            with self.blame(f"the '{key}.draws' key: "):
                if source in SHIPPED and name in (None, source):
                    cache[source, name] = shipped(source)
                else:
                    path = Path(source)
                    if not path.is_absolute() and Path(self.source).parent.is_dir():
                        path = Path(self.source).parent / path
                    if not path.is_file():
                        raise self.error(
                            f"{key}.draws",
                            f"a shipped table of draws {sorted(SHIPPED)} or a CSV file",
                            source,
                        )
                    cache[source, name] = Draws.read_csv(path, name=name)
        table = cache[source, name]
        column = self.text(value["column"], f"{key}.column")
        if column not in table.columns:
            raise self.error(f"{key}.column", f"a column of {source!r}: {table.columns}", column)
        return table[column]

    def series(self, value: dict[str, Any], key: str) -> pd.Series:
        """``{ series = { "2025-01" = 10, ... } }``."""
        self.keys(value, {"series"}, key)
        table = self.table(value["series"], f"{key}.series")
        months = []
        for month, v in table.items():
            if not is_number(v):
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
            if isinstance(value, dict) and set(RATE_KEYS) & set(value):
                return self.rate(value, key)
            raise self.error(
                key,
                f"{RATE_EXAMPLE}, or a policy table such as "
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
                    or not all(is_number(v) for v in profile)
                ):
                    raise self.error(where, "12 numbers, January to December", profile)
                parsed[pname] = profile
            else:
                parsed[pname] = self.number(params[pname], where)
        if name == "campaign":
            return campaign(parsed["rate"], parsed["profile"])
        return LaunchPolicy(name, parsed)

    def shares(self, value: Any, key: str) -> dict[str, Any]:
        """A table of area name → share, e.g. ``{ kyiv = 0.3, cities = 0.5 }``."""
        table = self.table(value, key)
        return {area: self.number(share, f"{key}.{area}") for area, share in table.items()}

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
            "shares": self.shares,
        }
        return readers[what](value, key)

    def fields(self, table: Any, schema: Mapping[str, str], key: str) -> dict[str, Any]:
        """The keyword arguments of one item or event table."""
        table = self.table(table, key)
        self.keys(table, schema, key)
        return {k: self.value(schema[k], v, f"{key}.{k}") for k, v in table.items()}
