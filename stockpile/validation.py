"""Argument constraints, declared once and checked at the entry points.

In the style of scikit-learn's ``validate_params``: :data:`ARGUMENTS` declares what each of the
library's recurring arguments may be (``runs``, ``seed``, ``months``, ``chunk_size``, run ids,
probabilities, ...), and an entry point checks its arguments against that table before it
computes anything, with :func:`check` or the :func:`validate_params` decorator::

    check(runs, "runs")                   # by the table's entry for "runs"
    check(horizon, "horizon", "months")   # another name, the constraint of "months"
    check(runs=runs, seed=seed)           # several at once, each by its own name

    @validate_params("runs", "seed", horizon="months")
    def forecast(fit, horizon, runs=1000, seed=None): ...

A bad value gets the one message shape of :func:`stockpile.errors.invalid`::

    The 'seed' parameter must be a non-negative integer, a SeedSequence or None. Got -1 instead.

:func:`check_simulation_memory` refuses, before allocating, an ensemble whose arrays would not
fit in the memory available, and says what would fit; :func:`check_memory` does the same for
anything counted (the rows of a sweep, the points of a design).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from stockpile.errors import invalid

__all__ = [
    "ARGUMENTS",
    "Constraint",
    "available_memory",
    "check",
    "check_memory",
    "check_simulation_memory",
    "seed_sequence",
    "simulation_memory",
    "validate_params",
]


@dataclass(frozen=True)
class Constraint:
    """What an argument may be.

    Parameters
    ----------
    expected : str
        The form, as the message says it: ``"a whole number >= 1"``.
    accepts : callable
        ``accepts(value) -> bool``; never raises.
    optional : bool
        Whether ``None`` is accepted too (the message then adds "or None").
    """

    expected: str
    accepts: Callable[[Any], bool]
    optional: bool = False

    def holds(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        return (self.optional and value is None) or self.accepts(value)

    def describe(self) -> str:
        """The expected form for messages."""
        return f"{self.expected}, or None" if self.optional else self.expected

    def or_none(self) -> Constraint:
        """The same constraint, accepting ``None`` too."""
        return Constraint(self.expected, self.accepts, optional=True)


# ------------------------------------------------------------------------------- predicates
def _is_whole(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def whole(low: int, what: str = "") -> Constraint:
    """A whole number (``int`` or NumPy integer, never a ``bool``) ``>= low``.

    ``what`` names the counted thing in the message: ``whole(1, "months")`` reads "a whole
    number of months >= 1".
    """
    noun = f"a whole number of {what}" if what else "a whole number"
    return Constraint(f"{noun} >= {low}", lambda v: _is_whole(v) and v >= low)


def number(
    low: float = -math.inf,
    high: float = math.inf,
    *,
    open_low: bool = False,
    open_high: bool = False,
    expected: str = "",
) -> Constraint:
    """A finite real number (never a ``bool``) in an interval; ``open_*`` exclude the bound."""

    def accepts(v: Any) -> bool:
        if not _is_real(v) or not math.isfinite(v):
            return False
        return (v > low if open_low else v >= low) and (v < high if open_high else v <= high)

    if not expected:
        left, right = "(" if open_low else "[", ")" if open_high else "]"
        expected = f"a finite number in {left}{low:g}, {high:g}{right}"
    return Constraint(expected, accepts)


def _reals(value: Any) -> np.ndarray | None:
    """``value`` as a 1-D float array, or ``None`` if it is not a non-empty list of reals."""
    if isinstance(value, str | bytes) or value is None:
        return None
    values = np.asarray(value, dtype=object)
    if values.ndim != 1 or values.size == 0 or not all(_is_real(v) for v in values):
        return None
    try:
        return np.asarray(values, dtype=np.float64)
    except (OverflowError, TypeError, ValueError):
        return None


def reals(low: float, high: float, *, open_bounds: bool = False, expected: str) -> Constraint:
    """A non-empty sequence (or one) of finite numbers within ``[low, high]`` (or open)."""

    def accepts(v: Any) -> bool:
        values = _reals(v)
        if values is None or not np.isfinite(values).all():
            return False
        if open_bounds:
            return bool(((values > low) & (values < high)).all())
        return bool(((values >= low) & (values <= high)).all())

    return Constraint(expected, accepts)


def _seed(value: Any) -> bool:
    if value is None or isinstance(value, np.random.SeedSequence):
        return True
    return _is_whole(value) and value >= 0


def _sampler_seed(value: Any) -> bool:
    return _seed(value) or isinstance(value, np.random.Generator)


def _run_ids(value: Any) -> bool:
    if isinstance(value, str | bytes) or value is None:
        return False
    ids = np.asarray(value)
    if ids.ndim != 1 or ids.size == 0 or ids.dtype.kind not in "iu":
        return False
    return bool(ids.min() >= 0 and np.unique(ids).size == ids.size)


def _profile(value: Any) -> bool:
    values = _reals(value)
    return (
        values is not None
        and values.shape == (12,)
        and bool((np.isfinite(values) & (values >= 0)).all())
    )


def _month(value: Any) -> bool:
    if value is None or isinstance(value, bool | np.bool_ | float):
        return False
    try:
        return pd.Period(value, freq="M") is not pd.NaT
    except (TypeError, ValueError, AttributeError, OverflowError):
        return False


def _stochastic(value: Any) -> bool:
    from stockpile.inputs import Noise  # the noise settings live with the engine inputs

    return isinstance(value, bool | Noise)


def _scenario(value: Any) -> bool:
    from stockpile.scenario import Scenario  # the scenario module imports this one

    return isinstance(value, Scenario)


#: Named constraints shared by several arguments.
SEED = Constraint("a non-negative integer, a SeedSequence or None", _seed)
PROBABILITIES = reals(0.0, 1.0, expected="a non-empty list of probabilities in [0, 1]")
LEVELS = reals(0.0, 1.0, open_bounds=True, expected="a non-empty list of levels in (0, 1)")
NON_NEGATIVE = number(0.0, expected="a finite number >= 0")

#: The declared table: argument name → what it may be. Entry points check their arguments
#: against it (:func:`check`, :func:`validate_params`); an argument with another name but the
#: same meaning borrows an entry (``check(horizon, "horizon", "months")``).
ARGUMENTS: dict[str, Constraint] = {
    "runs": whole(1),
    "months": whole(1, "months"),
    "chunk_size": whole(1).or_none(),
    "first_run": whole(0),
    "run_ids": Constraint("a non-empty 1-D array of distinct whole numbers >= 0", _run_ids),
    "n": whole(1, "points"),
    "resamples": whole(1),
    "seed": SEED,
    "sampler_seed": Constraint(
        "a whole number >= 0, a numpy Generator or SeedSequence, or None", _sampler_seed
    ),
    "probability": number(0.0, 1.0, expected="a probability in [0, 1]"),
    "q": PROBABILITIES,
    "levels": LEVELS,
    "confidence": number(0.0, 1.0, open_low=True, open_high=True, expected="a level in (0, 1)"),
    "damping": number(0.0, 1.0, open_low=True, expected="a number in (0, 1]"),
    "tol": number(0.0, open_low=True, expected="a positive finite tolerance"),
    "margin": NON_NEGATIVE,
    "parameter_scale": NON_NEGATIVE,
    "trajectories": Constraint("True or False", lambda v: isinstance(v, bool | np.bool_)),
    "stochastic": Constraint("True, False or a sp.Noise", _stochastic),
    "scenario": Constraint("a sp.Scenario", _scenario),
    "month": Constraint("a month such as '2025-07'", _month),
    "profile": Constraint("12 finite non-negative multipliers, January to December [1]", _profile),
}


def _constraint(name: str, constraint: str | Constraint | None) -> Constraint:
    key = name if constraint is None else constraint
    if isinstance(key, Constraint):
        return key
    if key not in ARGUMENTS:
        raise KeyError(f"no constraint {key!r} in stockpile.validation.ARGUMENTS")
    return ARGUMENTS[key]


def _shown(value: Any) -> Any:
    """What the message shows: a type name for objects whose repr says nothing useful."""
    if isinstance(value, int | float | str | bytes | list | tuple | np.generic | type(None)):
        return value
    if isinstance(value, np.ndarray):
        return value if value.size <= 8 else f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


def check(
    value: Any = None,
    name: str | None = None,
    constraint: str | Constraint | None = None,
    /,
    **arguments: Any,
) -> None:
    """Raise the house error unless each value satisfies its constraint.

    Parameters
    ----------
    value : object
        The argument as given.
    name : str
        Its name in the message; also its entry in :data:`ARGUMENTS` unless ``constraint`` says.
    constraint : str or Constraint, optional
        An entry of :data:`ARGUMENTS` (``"months"``) or a :class:`Constraint`.
    **arguments
        More arguments, each checked by its own name: ``check(runs=runs, seed=seed)``.

    Raises
    ------
    StockpileError
        ``The '<name>' parameter must be <expected>. Got <value> instead.``
    """
    pairs = list(arguments.items())
    if name is not None:
        pairs.insert(0, (name, value))
    for label, given in pairs:
        rule = _constraint(label, constraint if label == name else None)
        if not rule.holds(given):
            raise invalid(label, rule.describe(), _shown(given))


P = ParamSpec("P")
R = TypeVar("R")


def validate_params(
    *names: str, **renamed: str | Constraint
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function so that its arguments are checked before it runs.

    Parameters
    ----------
    *names : str
        Arguments checked against their own entry of :data:`ARGUMENTS`.
    **renamed : str or Constraint
        Argument name → the entry (or :class:`Constraint`) it obeys, e.g. ``horizon="months"``.
    """
    table = {name: _constraint(name, None) for name in names}
    table |= {name: _constraint(name, rule) for name, rule in renamed.items()}

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(function)
        unknown = set(table) - set(signature.parameters)
        if unknown:
            raise TypeError(f"{function.__qualname__} has no argument {sorted(unknown)}")

        @functools.wraps(function)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            for label, rule in table.items():
                if not rule.holds(bound.arguments[label]):
                    raise invalid(label, rule.describe(), _shown(bound.arguments[label]))
            return function(*args, **kwargs)

        return checked

    return decorate


def seed_sequence(seed: Any, name: str = "seed") -> np.random.SeedSequence:
    """``seed`` checked (``ARGUMENTS["seed"]``) and made a :class:`numpy.random.SeedSequence`, once.

    ``None`` draws fresh entropy (kept in ``SeedSequence.entropy``); a SeedSequence is returned
    as is, so that every chunk and iteration of one call shares it.
    """
    check(seed, name, SEED)
    if isinstance(seed, np.random.SeedSequence):
        return seed
    return np.random.SeedSequence(None if seed is None else int(seed))


# ------------------------------------------------------------------------------- memory
#: Bytes of one float64 value.
_BYTES = 8
#: Per-run columns: the metrics, a fixed set plus a few per item (:mod:`stockpile.metrics`:
#: 7 and at most 4 per item), and room for the parameters each item draws per run.
_METRICS_FIXED, _METRICS_PER_ITEM = 8, 6
#: Working arrays of one chunk, as ``(months, chunk)`` float64 arrays per item, and a fixed
#: margin [bytes] (interpreter and library overhead that does not scale with the ensemble).
_WORK_PER_ITEM, _WORK_FIXED = 16, 64 * 2**20


@dataclass(frozen=True)
class _Footprint:
    """Memory of one simulation, by what it scales with. [bytes]"""

    per_run: int  # trajectories (if kept) and metrics of one run
    per_chunk_run: int  # working arrays of one run of a chunk
    fixed: int = _WORK_FIXED

    def total(self, runs: int, chunk: int) -> int:
        return runs * self.per_run + min(chunk, runs) * self.per_chunk_run + self.fixed


def _footprint(
    missiles: int, interceptors: int, months: int, trajectories: bool, variables: tuple[int, int]
) -> _Footprint:
    items = missiles + interceptors
    per_run = _BYTES * (_METRICS_FIXED + _METRICS_PER_ITEM * items)
    if trajectories:
        per_run += _BYTES * months * (variables[0] * missiles + variables[1] * interceptors)
    return _Footprint(per_run, _BYTES * _WORK_PER_ITEM * max(items, 1) * months)


def simulation_memory(
    *,
    missiles: int,
    interceptors: int,
    months: int,
    runs: int,
    chunk: int,
    trajectories: bool,
    variables: tuple[int, int] = (6, 5),
) -> int:
    """An upper estimate of the memory one call of :func:`stockpile.simulate` needs. [bytes]

    Parameters
    ----------
    missiles, interceptors : int
        Numbers of missile and interceptor types.
    months, runs, chunk : int
        Horizon [months], runs and runs per chunk.
    trajectories : bool
        Whether month-by-month trajectories are kept.
    variables : (int, int)
        Trajectory variables per missile type and per interceptor type.

    Returns
    -------
    int
        Trajectories ``(items, months, runs)`` (if kept), per-run metrics, and one chunk's
        working arrays. [bytes]
    """
    shape = _footprint(missiles, interceptors, months, trajectories, variables)
    return shape.total(runs, chunk)


#: Needs below this (beyond a fixed margin) are not checked against :func:`available_memory`:
#: reading it costs more than a small simulation. [bytes]
ALWAYS_FITS = 64 * 1024**2


def available_memory() -> int | None:
    """Memory this process may still allocate: the smaller of the system's available memory
    and the control group's remaining limit (``None`` when neither can be read). [bytes]"""
    limits = []
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    limits.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as limit:
            text = limit.read().strip()
        if text != "max":
            with open("/sys/fs/cgroup/memory.current", encoding="ascii") as current:
                limits.append(int(text) - int(current.read().strip()))
    except (OSError, ValueError):
        pass
    if not limits:
        try:
            limits.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (AttributeError, OSError, ValueError):
            return None
    return max(min(limits), 0)


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if n < 1024 or unit == "PB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # unreachable


def check_simulation_memory(
    *,
    missiles: int,
    interceptors: int,
    months: int,
    runs: int,
    chunk: int,
    trajectories: bool,
    variables: tuple[int, int] = (6, 5),
) -> None:
    """Refuse, before anything is allocated, a simulation that would not fit in memory.

    The message names the argument to change and says what fits: a shorter horizon (when
    one run does not fit), fewer runs or ``trajectories=False`` (when the runs do not fit
    whatever the chunk), else a smaller ``chunk_size``. Parameters as for
    :func:`simulation_memory`.

    Raises
    ------
    StockpileError
        When :func:`simulation_memory` exceeds :func:`available_memory`.
    """
    kept = _footprint(missiles, interceptors, months, trajectories, variables)
    needed = kept.total(runs, chunk)
    if needed - kept.fixed <= ALWAYS_FITS:
        return
    free = available_memory()
    if free is None or needed <= free:
        return
    state = f"(it needs about {_size(needed)}; {_size(free)} are available)"
    if kept.total(1, 1) > free:
        most_months = int(months * (free - kept.fixed) / (kept.total(1, 1) - kept.fixed))
        raise invalid(
            "months",
            f"a horizon that fits in memory, at most {max(most_months, 0):,} months here",
            months,
            hint=f"One run of {months:,} months does not fit {state}.",
        )
    lean = _footprint(missiles, interceptors, months, False, variables)
    if kept.total(runs, 1) > free:  # too many runs, whatever the chunk

        def most(shape: _Footprint) -> int:
            return int((free - shape.total(0, 1) - shape.per_chunk_run) / shape.per_run)

        hint = f"Pass runs={most(kept):,} or fewer"
        if trajectories and lean.total(runs, 1) <= free:
            hint = "Pass trajectories=False to keep only per-run metrics, or " + hint[5:]
        elif trajectories:
            hint += f", or trajectories=False with runs={most(lean):,} or fewer"
        which = "with" if trajectories else "without"
        expected = f"at most {most(kept):,} runs {which} trajectories over {months:,} months here"
        raise invalid("runs", expected, runs, hint=f"{hint} {state}.")
    fits = int((free - kept.total(runs, 0)) / kept.per_chunk_run)
    raise invalid(
        "chunk_size",
        f"a chunk that fits in memory, at most {fits:,} runs here",
        chunk,
        hint=f"Pass chunk_size={fits:,} or less {state}.",
    )


def check_memory(
    name: str, count: int, *, bytes_each: float, fixed: int = 0, what: str = ""
) -> None:
    """Refuse ``count`` things of ``bytes_each`` bytes each (the rows of a sweep, the points of
    a design) before allocating them, if they would not fit in memory.

    Parameters
    ----------
    name : str
        The argument that sets ``count``, e.g. ``"samples"``.
    count : int
        How many. [1]
    bytes_each : float
        Memory of one. [bytes]
    fixed : int
        Memory needed whatever ``count``. [bytes]
    what : str
        What is counted, for the message (``"points"``).

    Raises
    ------
    StockpileError
        ``The 'samples' parameter must be at most 2,000,000 points here. Got ... instead.``
    """
    needed = count * bytes_each + fixed
    if needed <= ALWAYS_FITS:
        return
    free = available_memory()
    if free is None or needed <= free:
        return
    most = max(int((free - fixed) / bytes_each), 0)
    raise invalid(
        name,
        f"at most {most:,} {what} here".replace("  ", " "),
        count,
        hint=f"(It needs about {_size(needed)}; {_size(free)} are available.)",
    )
