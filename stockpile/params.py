"""Parameter forms, validated once and broadcast to ``(runs, months)``.

Any numeric parameter may be given as

1. a scalar;
2. a 1-D array of length ``runs`` (one value per run);
3. a :class:`pandas.Series` indexed by month (time-varying; every month of the horizon must be
   present, none is filled in);
4. a 2-D array of shape ``(runs, months)``;
5. a frozen ``scipy.stats`` distribution, sampled once per run by inversion (``ppf``) of a
   uniform from that run's own random stream (:mod:`stockpile.streams`);
6. a ramp (:func:`linear_ramp`, :func:`logistic_ramp`), evaluated at each month.

Rates are wrapped in :func:`~stockpile.units.per_year` / :func:`~stockpile.units.per_month`
and converted to [per month] here. Resolved parameters are arrays of shape ``(R, T)`` with
``R`` in ``{1, runs}`` and ``T`` in ``{1, months}``: they broadcast against ``(runs, months)``
without being copied out to it.

The kinds of parameter and what they accept are declared in :data:`KINDS`; every check
raises :class:`~stockpile.errors.StockpileError` naming the parameter path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import StockpileError, invalid
from stockpile.units import Rate

__all__ = ["KINDS", "Kind", "Ramp", "linear_ramp", "logistic_ramp", "resolve", "validate"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Kind:
    """What one kind of parameter accepts.

    Parameters
    ----------
    description : str
        Used in error messages ("a probability in [0, 1]").
    low, high : float
        Closed bounds of the allowed values.
    rate : bool
        Whether the value must be wrapped in ``per_year`` / ``per_month``.
    integer : bool
        Whether values must be whole numbers.
    allow_inf : bool
        Whether ``inf`` is a valid value (e.g. a dispersion meaning "Poisson").
    positive : bool
        Whether ``low`` itself is excluded.
    """

    description: str
    low: float = 0.0
    high: float = np.inf
    rate: bool = False
    integer: bool = False
    allow_inf: bool = False
    positive: bool = False


#: The declared table of parameter kinds; dataclass fields name their kind in metadata.
KINDS: dict[str, Kind] = {
    "rate": Kind("a non-negative rate", rate=True),
    "count": Kind("a non-negative count"),
    "probability": Kind("a probability in [0, 1]", high=1.0),
    "factor": Kind("a non-negative factor"),
    "shots": Kind("a whole number of shots >= 1", low=1.0, integer=True),
    "dispersion": Kind("a positive dispersion (inf for Poisson)", allow_inf=True, positive=True),
}


def declared(kind: str, default: Any, doc: str) -> Any:
    """A dataclass field whose metadata declares its kind (a key of :data:`KINDS`)."""
    return field(default=default, metadata={"kind": kind, "doc": doc})


@dataclass(frozen=True)
class Ramp:
    """A production ramp evaluated at each month of the horizon.

    Use :func:`linear_ramp` or :func:`logistic_ramp` to build one.
    """

    shape: str
    low: float
    high: float
    start: pd.Period
    end: pd.Period

    def values(self, index: pd.PeriodIndex) -> Array:
        """Ramp value at each month of ``index``. [unit of ``low``/``high``]"""
        t = _ordinal(index) - self.start.ordinal
        span = max(self.end.ordinal - self.start.ordinal, 1)
        if self.shape == "linear":
            frac = np.clip(t / span, 0.0, 1.0)
        else:  # logistic: 10 % at start, 90 % at end
            scale = span / (2.0 * np.log(9.0))
            frac = 1.0 / (1.0 + np.exp(-(t - span / 2.0) / scale))
        return np.asarray(self.low + (self.high - self.low) * frac, dtype=np.float64)


def _ordinal(index: pd.PeriodIndex) -> NDArray[np.int64]:
    return np.asarray(index.asi8, dtype=np.int64)


def _period(value: Any, name: str) -> pd.Period:
    try:
        period = pd.Period(value, freq="M")
    except (ValueError, TypeError):
        raise invalid(name, "a month such as '2025-01'", value) from None
    return period


def linear_ramp(low: float, high: float, start: Any, end: Any) -> Ramp:
    """A value rising (or falling) linearly from ``low`` at ``start`` to ``high`` at ``end``.

    Parameters
    ----------
    low, high : float
        Values before ``start`` and from ``end`` on. [unit of the parameter]
    start, end : str or pandas.Period
        First and last month of the ramp, e.g. ``"2023-01"``.
    """
    return _ramp("linear", low, high, start, end)


def logistic_ramp(low: float, high: float, start: Any, end: Any) -> Ramp:
    """An S-shaped ramp from ``low`` to ``high``, 10 % of the way at ``start``, 90 % at ``end``.

    Parameters
    ----------
    low, high : float
        Asymptotic values. [unit of the parameter]
    start, end : str or pandas.Period
        Months at which the ramp has covered 10 % and 90 % of the way.
    """
    return _ramp("logistic", low, high, start, end)


def _ramp(shape: str, low: float, high: float, start: Any, end: Any) -> Ramp:
    for label, value in (("low", low), ("high", high)):
        if not np.isfinite(value) or value < 0:
            raise invalid(f"{shape}_ramp.{label}", "a finite non-negative number", value)
    p0, p1 = _period(start, f"{shape}_ramp.start"), _period(end, f"{shape}_ramp.end")
    if p1 <= p0:
        raise invalid(f"{shape}_ramp.end", f"a month after start ({p0})", str(p1))
    return Ramp(shape, float(low), float(high), p0, p1)


def is_distribution(value: Any) -> bool:
    """Whether ``value`` is a frozen ``scipy.stats`` distribution."""
    return hasattr(value, "ppf") and hasattr(value, "dist")


def _unwrap(value: Any, name: str, kind: Kind) -> tuple[Any, float]:
    if kind.rate:
        if not isinstance(value, Rate):
            raise invalid(
                name,
                "a rate",
                value,
                hint=f"Write per_year({value!r}) or per_month({value!r}).",
            )
        return value.value, value.to_monthly
    if isinstance(value, Rate):
        raise invalid(name, f"{kind.description} (not a rate)", value)
    return value, 1.0


def _check_values(values: Array, name: str, kind: Kind, form: str) -> None:
    bad = np.isnan(values) | (np.isinf(values) & ~np.bool_(kind.allow_inf))
    if bad.any():
        raise invalid(
            name, f"{kind.description}, without NaN or inf", _first(values, bad), hint=form
        )
    outside = (values < kind.low) | (values > kind.high) | ((values == kind.low) & kind.positive)
    if outside.any():
        raise invalid(name, kind.description, _first(values, outside), hint=form)
    if kind.integer:
        finite = values[np.isfinite(values)]
        if (finite != np.round(finite)).any():
            raise invalid(name, kind.description, _first(finite, finite != np.round(finite)))


def _first(values: Array, mask: NDArray[np.bool_]) -> float:
    return float(np.asarray(values)[mask].ravel()[0])


def validate(value: Any, *, name: str, kind: str, index: pd.PeriodIndex, runs: int) -> None:
    """Check a parameter's form and values without computing anything.

    Parameters
    ----------
    value : object
        The parameter as given by the user.
    name : str
        Its path, e.g. ``"ballistic.production"``, used in messages.
    kind : str
        A key of :data:`KINDS`.
    index : pandas.PeriodIndex
        The months of the horizon.
    runs : int
        Number of runs.

    Raises
    ------
    StockpileError
        Naming the parameter, the expected form and what was given.
    """
    spec = KINDS[kind]
    raw, _ = _unwrap(value, name, spec)
    if isinstance(raw, tuple) and len(raw) == 2:
        raise invalid(
            name,
            spec.description,
            raw,
            hint="(low, high) bounds are for samplers in sp.explore, not for simulate().",
        )
    if is_distribution(raw):
        low, high = (float(b) for b in raw.support())
        if low < spec.low or high > spec.high:
            raise invalid(
                name,
                f"a distribution whose support lies within [{spec.low}, {spec.high}]",
                f"support [{low}, {high}]",
                hint="Use a truncated or bounded distribution (truncnorm, uniform, beta, ...).",
            )
        return
    if isinstance(raw, Ramp):
        _check_values(raw.values(index), name, spec, "")
        return
    if isinstance(raw, pd.Series):
        _check_values(_series_values(raw, name, index), name, spec, "")
        return
    if isinstance(raw, int | float | np.integer | np.floating) and not isinstance(raw, bool):
        value = float(raw)  # the common case, checked without array machinery
        above = value > spec.low if spec.positive else value >= spec.low
        finite = value < np.inf or spec.allow_inf
        if above and value <= spec.high and finite and (not spec.integer or value.is_integer()):
            return
    array = _as_float(raw, name, spec)
    if array.ndim == 1 and array.shape[0] != runs:
        raise invalid(
            name,
            f"a scalar, an array of length runs (= {runs}) or a (runs, months) array",
            f"an array of length {array.shape[0]}",
            hint="A time-varying value is a Series indexed by month.",
        )
    if array.ndim == 2 and array.shape != (runs, len(index)):
        raise invalid(
            name,
            f"a (runs, months) = ({runs}, {len(index)}) array",
            f"shape {array.shape}",
        )
    if array.ndim > 2:
        raise invalid(name, "at most 2-D (runs, months)", f"shape {array.shape}")
    _check_values(array, name, spec, "")


def _as_float(raw: Any, name: str, spec: Kind) -> Array:
    if isinstance(raw, bool | np.bool_) or raw is None or isinstance(raw, str):
        raise invalid(name, spec.description, raw)
    try:
        return np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(name, spec.description, raw) from None


def _series_values(series: pd.Series, name: str, index: pd.PeriodIndex) -> Array:
    try:
        months = pd.PeriodIndex(series.index, freq="M")
    except (TypeError, ValueError):
        raise invalid(name, "a Series indexed by month", series.index[:3].tolist()) from None
    if months.has_duplicates:
        raise invalid(name, "a Series with each month once", months[months.duplicated()][0])
    missing = index.difference(months)
    if len(missing):
        shown = ", ".join(str(m) for m in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise StockpileError(
            f"The '{name}' parameter must be a Series with a value for every month "
            f"{index[0]} to {index[-1]}. Months {shown}{more} are missing (they are not filled in)."
        )
    aligned = pd.Series(np.asarray(series, dtype=np.float64), index=months)
    return np.asarray(aligned.reindex(index).to_numpy(), dtype=np.float64)


Draw = Callable[[str, Any], Array]


def resolve(
    value: Any,
    *,
    name: str,
    kind: str,
    index: pd.PeriodIndex,
    runs: slice,
    draw: Draw,
) -> Array:
    """Resolve a validated parameter for the runs of one chunk.

    Parameters
    ----------
    value : object
        The parameter as given (already checked by :func:`validate`).
    name, kind : str
        Path and kind, as for :func:`validate`.
    index : pandas.PeriodIndex
        The months of the horizon, length ``months``.
    runs : slice
        The runs of this chunk (``start:stop`` of the ensemble).
    draw : callable
        ``draw(name, distribution)`` returns one sample per run of the chunk, shape
        ``(chunk,)``, from each run's own stream for the parameter path ``name``.

    Returns
    -------
    numpy.ndarray of shape (R, T)
        ``R`` is 1 or the chunk size, ``T`` is 1 or ``months``; in [per month] for rates.
    """
    spec = KINDS[kind]
    raw, factor = _unwrap(value, name, spec)
    if is_distribution(raw):
        out = np.asarray(draw(name, raw), dtype=np.float64)[:, None]
    elif isinstance(raw, Ramp):
        out = raw.values(index)[None, :]
    elif isinstance(raw, pd.Series):
        out = _series_values(raw, name, index)[None, :]
    else:
        array = np.asarray(raw, dtype=np.float64)
        if array.ndim == 0:
            out = array.reshape(1, 1)
        elif array.ndim == 1:
            out = array[runs, None]
        else:
            out = array[runs, :]
    if kind == "probability":  # ppf can round to just outside [0, 1]
        out = np.clip(out, 0.0, 1.0)
    return out * factor if factor != 1.0 else out
