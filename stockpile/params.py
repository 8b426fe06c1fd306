"""Parameter forms, validated once and broadcast to ``(runs, months)``.

Any numeric parameter may be given as

1. a scalar;
2. a 1-D array of length ``runs`` (one value per run);
3. a :class:`pandas.Series` indexed by month (time-varying; every month of the horizon must be
   present, none is filled in);
4. a 2-D array of shape ``(runs, months)``;
5. a frozen ``scipy.stats`` distribution, sampled once per run by inversion (``ppf``) of a
   uniform from that run's own random stream (:mod:`stockpile.streams`);
6. a ramp (:func:`linear_ramp`, :func:`logistic_ramp`), evaluated at each month;
7. a column of a table of joint draws (:class:`~stockpile.draws.DrawsColumn`): each run takes
   the value of its table's row, one row per run for every column of that table.

Rates are wrapped in :func:`~stockpile.units.per_year` / :func:`~stockpile.units.per_month`
and converted to [per month] here. Resolved parameters are arrays of shape ``(R, T)`` with
``R`` in ``{1, runs}`` and ``T`` in ``{1, months}``: they broadcast against ``(runs, months)``
without being copied out to it.

The kinds of parameter and what they accept are declared in :data:`KINDS`; every check
raises :class:`~stockpile.errors.StockpileError` naming the parameter path.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.draws import DrawsColumn
from stockpile.errors import StockpileError, invalid
from stockpile.units import Rate

__all__ = [
    "KINDS",
    "Kind",
    "Ramp",
    "declared",
    "is_random",
    "linear_ramp",
    "logistic_ramp",
    "resolve",
    "validate",
]

Array = NDArray[np.float64]
#: The largest count or rate accepted [missiles, interceptors, per month]: far above any
#: arsenal, and small enough that sums over millions of runs and months stay finite and exact
#: to the unit (2**53 ≈ 9e15).
LARGEST = 1e15
#: The largest factor or number of shots accepted [1]: products with counts stay finite.
LARGEST_FACTOR = 1e6
#: The smallest and largest uniforms a run's stream gives (odd multiples of 2**-53): a
#: distribution is sampled by ``ppf`` at uniforms in this range.
U_EXTREMES = np.array([2.0**-53, 1.0 - 2.0**-53])
#: Quantiles at which a whole-number kind's distribution must give whole numbers.
_GRID = np.linspace(0.005, 0.995, 199)


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
        Whether values must be whole numbers (a distribution must then be discrete, on whole
        numbers).
    allow_inf : bool
        Whether ``inf`` is a valid value (e.g. a dispersion meaning "Poisson").
    positive : bool
        Whether ``low`` itself is excluded.
    largest : float
        The largest finite value accepted, so that sums over runs and months stay finite;
        a distribution's largest possible draw must not exceed it either.
    varies : bool
        Whether the value may vary by month (a month Series, a ramp, a ``(runs, months)``
        array); an initial stock or a one-off delivery may not.
    """

    description: str
    low: float = 0.0
    high: float = np.inf
    rate: bool = False
    integer: bool = False
    allow_inf: bool = False
    positive: bool = False
    largest: float = LARGEST
    varies: bool = True


#: The declared table of parameter kinds; dataclass fields name their kind in metadata.
KINDS: dict[str, Kind] = {
    "rate": Kind("a non-negative rate", rate=True),
    "count": Kind("a non-negative count"),
    "amount": Kind("a non-negative count", varies=False),
    "magazine": Kind(
        "a non-negative count (inf: a defence that never runs short)", allow_inf=True, varies=False
    ),
    "capacity": Kind("a non-negative rate (inf: unlimited)", rate=True, allow_inf=True),
    "probability": Kind("a probability in [0, 1]", high=1.0),
    "factor": Kind("a non-negative factor", largest=LARGEST_FACTOR),
    "shots": Kind("a whole number of shots >= 1", low=1.0, integer=True, largest=LARGEST_FACTOR),
    # below 1e-6 the gamma-Poisson mixture's scale (mean / dispersion) overflows
    "dispersion": Kind(
        "a positive dispersion of at least 1e-06 (inf for Poisson)", low=1e-6, allow_inf=True
    ),
}


def declared(
    kind: str, default: Any, doc: str, unit: str = "1", *, note: str = "", inert: bool = False
) -> Any:
    """A dataclass field whose metadata declares its kind (a key of :data:`KINDS`), what it
    is (``doc``), its unit (``"missiles"``, ``"1/month"``; ``"1"`` for a share or a factor)
    and an optional ``note`` on the unit (``"per target"``).

    ``inert=True`` says that at its default the parameter leaves every flow as it would be
    without it (a floor of 0, an unlimited capacity): the solvers' shortcuts (the all-months
    solver, the month loop's fast paths) apply only while such parameters are at their
    defaults, so a new one needs its field and its law, not a new condition in the solvers
    (:func:`stockpile.inputs.at_defaults`)."""
    metadata = {"kind": kind, "doc": doc, "unit": unit} | ({"note": note} if note else {})
    return field(default=default, metadata=metadata | ({"inert": True} if inert else {}))


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
    except (ValueError, TypeError, OverflowError):
        raise invalid(name, "a month such as '2025-01'", value) from None
    if period is pd.NaT:  # None, "" and "NaT" all parse to NaT
        raise invalid(name, "a month such as '2025-01'", value)
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
        number = isinstance(value, int | float | np.integer | np.floating)
        if not number or isinstance(value, bool) or not 0 <= value <= LARGEST:
            raise invalid(f"{shape}_ramp.{label}", f"a number in [0, {LARGEST:g}]", value)
    p0, p1 = _period(start, f"{shape}_ramp.start"), _period(end, f"{shape}_ramp.end")
    if p1 <= p0:
        raise invalid(f"{shape}_ramp.end", f"a month after start ({p0})", str(p1))
    return Ramp(shape, float(low), float(high), p0, p1)


def is_distribution(value: Any) -> bool:
    """Whether ``value`` is a frozen ``scipy.stats`` distribution."""
    return hasattr(value, "ppf") and hasattr(value, "dist")


def is_random(value: Any) -> bool:
    """Whether ``value`` (unwrapped from its rate) is drawn per run from the run's stream: a
    distribution or a column of joint draws."""
    raw = value.value if isinstance(value, Rate) else value
    return is_distribution(raw) or isinstance(raw, DrawsColumn)


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
    huge = np.isfinite(values) & (values > kind.largest)
    if huge.any():
        raise invalid(name, _at_most(kind), _first(values, huge), hint=form)
    if kind.integer:
        finite = values[np.isfinite(values)]
        if (finite != np.round(finite)).any():
            raise invalid(
                name, kind.description, _first(finite, finite != np.round(finite)), hint=form
            )


def _at_most(kind: Kind) -> str:
    return f"{kind.description}, at most {kind.largest:g}"


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
        _check_distribution(raw, name, spec)
        return
    if isinstance(raw, DrawsColumn):
        hint = f"In column {raw.column!r} of the draws {raw.draws.name!r}."
        _check_values(raw.values, name, spec, hint)
        return
    if not spec.varies and (isinstance(raw, Ramp | pd.Series) or np.ndim(raw) == 2):
        raise invalid(
            name,
            f"{spec.description}, one value per run: a scalar, an array of length runs or a "
            "distribution",
            "a ramp"
            if isinstance(raw, Ramp)
            else "a Series indexed by month"
            if isinstance(raw, pd.Series)
            else f"shape {np.shape(raw)}",
            hint="It does not vary by month.",
        )
    if isinstance(raw, Ramp):
        _check_values(raw.values(index), name, spec, "")
        return
    if isinstance(raw, pd.Series):
        _check_values(_series_values(raw, name, index), name, spec, "")
        return
    if isinstance(raw, int | np.integer) and not isinstance(raw, bool) and abs(int(raw)) > LARGEST:
        raise invalid(name, _at_most(spec), raw)  # before float(): 10**400 has no float
    if isinstance(raw, int | float | np.integer | np.floating) and not isinstance(raw, bool):
        value = float(raw)  # the common case, checked without array machinery
        above = value > spec.low if spec.positive else value >= spec.low
        finite = value <= spec.largest or (value == np.inf and spec.allow_inf)
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


def _check_distribution(dist: Any, name: str, spec: Kind) -> None:
    """A frozen distribution: valid parameters, support and largest draw within the kind's
    bounds, and whole-number draws for an integer kind (each run draws ``ppf(u)`` for a ``u``
    in :data:`U_EXTREMES`)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:  # one ppf call: the extremes, and for whole numbers a grid of quantiles too
            low, high = (float(b) for b in dist.support())
            u = np.concatenate([U_EXTREMES, _GRID]) if spec.integer else U_EXTREMES
            values = np.asarray(dist.ppf(u), dtype=np.float64)
        except (ArithmeticError, TypeError, ValueError):
            low, high, values = np.nan, np.nan, np.full(2, np.nan)
    extremes, grid = values[:2], values[2:]
    if np.isnan([low, high]).any() or np.isnan(values).any():
        raise invalid(
            name,
            "a distribution with valid parameters",
            dist_repr(dist),
            hint="Its parameters are outside the distribution's domain (NaN draws).",
        )
    # what runs can draw: the support, narrowed to the draws at the extreme uniforms
    low, high = max(low, float(extremes[0])), min(high, float(extremes[1]))
    if low < spec.low or high > spec.high or (spec.positive and low <= spec.low):
        raise invalid(
            name,
            f"a distribution whose draws lie within [{spec.low}, {spec.high}]",
            f"draws from {low:g} to {high:g}",
            hint="Use a truncated or bounded distribution (truncnorm, uniform, beta, ...).",
        )
    if extremes[1] > spec.largest and not (spec.allow_inf and extremes[1] == np.inf):
        raise invalid(
            name,
            f"a distribution whose draws stay at most {spec.largest:g}",
            f"{dist_repr(dist)} with a largest draw of {extremes[1]:g}",
            hint="Use a truncated or bounded distribution (truncnorm, uniform, beta, ...).",
        )
    if spec.integer:
        discrete = hasattr(dist, "pmf")  # a frozen rv_discrete; continuous ones have a pdf
        if not discrete or (grid != np.round(grid)).any():
            raise invalid(
                name,
                "a discrete distribution on whole numbers (e.g. scipy.stats.randint or poisson "
                "with loc=1)",
                dist_repr(dist),
            )


def dist_repr(dist: Any) -> str:
    """A frozen distribution as it was written, e.g. ``"uniform(nan, 1)"``."""
    args = [repr(a) for a in getattr(dist, "args", ())]
    args += [f"{k}={v!r}" for k, v in getattr(dist, "kwds", {}).items()]
    return f"{getattr(getattr(dist, 'dist', None), 'name', type(dist).__name__)}({', '.join(args)})"


def _as_float(raw: Any, name: str, spec: Kind) -> Array:
    if isinstance(raw, bool | np.bool_) or raw is None or isinstance(raw, str):
        raise invalid(name, spec.description, raw)
    expected = f"{spec.description} (numbers only)"
    try:
        given = np.asarray(raw)
        numbers = given.dtype.kind in "iuf" or (
            given.dtype.kind == "O" and all(_is_number(v) for v in given.ravel())
        )
        if not numbers:
            raise invalid(name, expected, raw)
        return np.asarray(given, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):  # ragged lists, 10**400
        raise invalid(name, expected, raw) from None


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
    if series.dtype.kind == "b":
        raise invalid(name, "a Series of numbers", series.head(3).tolist())
    try:
        values = np.asarray(series, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        bad = next((v for v in series if not _is_number(v)), series.iloc[0])
        raise invalid(name, "a Series of numbers", bad) from None
    aligned = pd.Series(values, index=months)
    return np.asarray(aligned.reindex(index).to_numpy(), dtype=np.float64)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        return False
    try:
        float(value)
    except OverflowError:
        return False
    return True


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
        ``(chunk,)``, from each run's own stream for the parameter path ``name``; for a
        :class:`~stockpile.draws.DrawsColumn`, each run's value from its table's row.

    Returns
    -------
    numpy.ndarray of shape (R, T)
        ``R`` is 1 or the chunk size, ``T`` is 1 or ``months``; in [per month] for rates.
    """
    spec = KINDS[kind]
    raw, factor = _unwrap(value, name, spec)
    if type(raw) in (int, float):  # the common case, without array machinery
        out = np.empty((1, 1))
        out[0, 0] = raw * factor
        return out
    if is_distribution(raw) or isinstance(raw, DrawsColumn):
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
