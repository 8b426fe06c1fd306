"""State carried forward: per-run stocks at the end of a month, and continuing from them.

:meth:`Result.state_at <stockpile.results.Result.state_at>` gives a :class:`State`: each run's
missile reserves and interceptor magazines at the end of a month, with what continuing it run
by run needs (each run's stream key and the month its draws count from).
``sp.simulate(scenario, initial=state)`` simulates the months after ``state.month`` from those
stocks.

Why ``simulate(scenario, initial=state)`` and not a scenario built from the state: a
continuation is the scenario *and* the runs it continues. The scenario says what happens
(rates, events, policies); the state says where each run stands and which random draws it
reads next. Kept apart, a state cannot be paired with the wrong seed or number of runs, the
scenario stays a plain value that can be varied (``scenario.with_params(...)``: what if a
ceasefire starts now, with common random numbers), and ``simulate`` resolves the scenario over
its whole horizon, so that everything the uninterrupted run saw before the split carries on
exactly: events that started before it (a ceasefire under way, a production shock), deliveries
still in the ``lead_time`` pipeline, time-varying parameters, the whole-number rounding of
flows in the stochastic mode, and each run's draws of uncertain parameters (keyed by run and
parameter path, :mod:`stockpile.streams`).

Exactness: simulating a scenario for 24 months equals simulating it for 12 and continuing 12
from the state at the end of month 12 with the same scenario: in the stochastic mode run by
run, every count identical (month ``t`` of the continuation reads the counters of month
``t + draw_offset`` of the uninterrupted run); in the deterministic mode to floating-point
rounding (identical bit for bit in the month loop; the all-months solver,
:mod:`stockpile.lindley`, sums the months in another order, within ~1e-12 relative).
Continuing with a scenario that starts later than the state's draw origin (a new scenario from
"today") reads the same draws but cannot know what came before its start: a ``lead_time``
pipeline starts full with its first month's supply, and fractional flows are rounded to whole
ones from its start in the stochastic mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.events import Event
from stockpile.inputs import Noise
from stockpile.scenario import Scenario
from stockpile.units import Rate

if TYPE_CHECKING:
    from stockpile.results import Result

__all__ = ["Continuation", "State", "continuation", "state_at"]

Array = NDArray[np.float64]


def _frozen(values: Any, dtype: Any) -> NDArray[Any]:
    array = np.array(values, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class State:
    """Per-run stocks at the end of a month, and what continuing each run needs.

    Built by :meth:`Result.state_at <stockpile.results.Result.state_at>`; continued by
    ``sp.simulate(scenario, initial=state)`` (:func:`stockpile.simulate`).

    Attributes
    ----------
    month : pandas.Period
        The month at whose end the stocks are; a continuation starts the month after.
    runs : int
        Number of runs.
    missile_stock : dict of str to ndarray of shape (runs,)
        Each missile type's reserve, by name. [missiles]
    interceptor_stock : dict of str to ndarray of shape (runs,)
        Each interceptor type's magazine, by name (``inf`` for a type without a magazine).
        [interceptors]
    origin : pandas.Period
        The draw origin: the first month of the run the state was taken from (of the run that
        one continued, for a continuation); random draws count months from it.
    seed : numpy.random.SeedSequence
        The seed of the runs' streams.
    keys : ndarray of uint64 of shape (runs,)
        Each run's stream key (:func:`stockpile.streams.run_keys`).
    noise : Noise or None
        The random counts of the run the state was taken from (``None``: deterministic); a
        continuation uses them unless told otherwise.
    """

    month: pd.Period
    runs: int
    missile_stock: Mapping[str, Array] = field(repr=False)
    interceptor_stock: Mapping[str, Array] = field(repr=False)
    origin: pd.Period
    seed: np.random.SeedSequence = field(repr=False)
    keys: NDArray[np.uint64] = field(repr=False)
    noise: Noise | None = None

    def __post_init__(self) -> None:
        for label in ("month", "origin"):
            try:
                month: Any = pd.Period(getattr(self, label), freq="M")
            except (TypeError, ValueError, AttributeError, OverflowError):
                month = pd.NaT
            if month is pd.NaT:
                raise invalid(label, "a month such as '2025-12'", getattr(self, label))
            object.__setattr__(self, label, month)
        for label in ("missile_stock", "interceptor_stock"):
            stocks = {n: _frozen(v, np.float64) for n, v in getattr(self, label).items()}
            object.__setattr__(self, label, stocks)
            for name, values in stocks.items():
                if values.shape != (self.runs,):
                    expected = f"one stock per run, shape ({self.runs},)"
                    raise invalid(f"{label}.{name}", expected, f"shape {values.shape}")
        object.__setattr__(self, "keys", _frozen(self.keys, np.uint64))
        if self.keys.shape != (self.runs,):
            expected = f"one stream key per run, shape ({self.runs},)"
            raise invalid("keys", expected, f"shape {self.keys.shape}")

    def __repr__(self) -> str:
        mode = "stochastic" if self.noise else "deterministic"
        return (
            f"<State at the end of {self.month}: {self.runs} {mode} run(s) of "
            f"{', '.join(self.items)}; draws count from {self.origin}>"
        )

    @property
    def draw_offset(self) -> int:
        """Months from :attr:`origin` to the first continued month (the month after
        :attr:`month`): month ``t`` of a continuation reads the draws of month
        ``t + draw_offset`` of the run it continues. [months]"""
        return int((self.month + 1 - self.origin).n)

    @property
    def items(self) -> list[str]:
        """Missile type names, then interceptor type names."""
        return [*self.missile_stock, *self.interceptor_stock]

    def to_frame(self) -> pd.DataFrame:
        """One row per run: columns ``missile_stock.<type>`` [missiles] and
        ``interceptor_stock.<type>`` [interceptors], index ``run``."""
        columns = {f"missile_stock.{n}": v for n, v in self.missile_stock.items()}
        columns |= {f"interceptor_stock.{n}": v for n, v in self.interceptor_stock.items()}
        frame = pd.DataFrame(columns, index=pd.RangeIndex(self.runs, name="run"))
        frame.attrs["month"] = str(self.month)
        return frame


def _month_index(result: Result, month: Any) -> int:
    index = result.index
    expected = (
        f"a month of the result, {index[0]} to {index[-1]}, or its index 0 to {len(index) - 1}"
    )
    if isinstance(month, int | np.integer) and not isinstance(month, bool | np.bool_):
        t = int(month) + (len(index) if month < 0 else 0)
        if not 0 <= t < len(index):
            raise invalid("month", expected, month)
        return t
    try:
        period = pd.Period(month, freq="M")
    except (TypeError, ValueError, AttributeError, OverflowError):
        raise invalid("month", expected, month) from None
    if period is pd.NaT or period not in index:
        raise invalid("month", expected, month if period is pd.NaT else str(period))
    return int((period - index[0]).n)


def state_at(result: Result, month: Any) -> State:
    """See :meth:`Result.state_at <stockpile.results.Result.state_at>`."""
    if not result.trajectories:
        raise invalid(
            "trajectories",
            "True to take a state from a result: summary mode (trajectories=False) keeps no "
            "monthly stocks; simulate again with trajectories=True",
            False,
        )
    t = _month_index(result, month)
    stocks = (result.trajectories["missile_stock"], result.trajectories["interceptor_stock"])
    return State(
        month=result.index[t],
        runs=result.runs,
        missile_stock={n: stocks[0][k, t] for k, n in enumerate(result.missiles)},
        interceptor_stock={n: stocks[1][j, t] for j, n in enumerate(result.interceptors)},
        origin=result.index[0] - result.draw_offset,
        seed=result.seed,
        keys=result.keys,
        noise=result.noise,
    )


# ---------------------------------------------------------------------- continuing
@dataclass(frozen=True)
class Continuation:
    """What :func:`stockpile.simulate` needs to continue from a state.

    Attributes
    ----------
    state : State
        The state continued.
    resolved : Scenario
        The scenario over its whole horizon, with the state's stocks: resolved as a whole,
        then cut at ``first``.
    shown : Scenario
        The scenario over the continued months (the result's ``scenario``): its events are
        dated from its start, those over before it dropped (so a later event of the same type
        may be numbered differently in its paths than in the result's ``samples``, which keep
        the given scenario's paths).
    first : int
        First continued month, in months since ``resolved.start``. [months]
    draw_offset : int
        Months from the state's draw origin to the first continued month. [months]
    """

    state: State
    resolved: Scenario
    shown: Scenario
    first: int
    draw_offset: int


def continuation(
    scenario: Scenario, state: Any, runs: Any, seed: Any, first_run: Any = 0
) -> Continuation:
    """Check that ``scenario`` can continue ``state`` and build the :class:`Continuation`.

    Parameters
    ----------
    scenario : Scenario
        What happens next; its horizon must include the month after ``state.month``, and it
        must have the state's missile and interceptor types.
    state : State
        Where each run stands.
    runs : int or None
        ``None`` or ``state.runs``.
    seed, first_run : object
        Must be ``None`` and 0: the state carries its runs' streams.
    """
    if not isinstance(state, State):
        raise invalid("initial", "a sp.State, from result.state_at(month)", state)
    if runs is not None and runs != state.runs:
        raise invalid("runs", f"omitted or the state's number of runs ({state.runs})", runs)
    if seed is not None:
        raise invalid(
            "seed",
            "None when 'initial' is given (the state carries its runs' streams)",
            seed,
        )
    if not (isinstance(first_run, int) and first_run == 0):
        raise invalid(
            "first_run", "0 when 'initial' is given (the state says which runs)", first_run
        )
    first = int((state.month + 1 - scenario.start).n)
    if not 0 <= first < scenario.months:
        last = scenario.index[-1]
        raise invalid(
            "initial",
            f"a state at the end of a month from {scenario.start - 1} to {last - 1} (the "
            f"scenario simulates {scenario.start} to {last})",
            f"a state at the end of {state.month}",
        )
    names = ([m.name for m in scenario.missiles], [i.name for i in scenario.interceptors])
    held = (list(state.missile_stock), list(state.interceptor_stock))
    if sorted(names[0]) != sorted(held[0]) or sorted(names[1]) != sorted(held[1]):
        missing = sorted(set(names[0] + names[1]) - set(held[0] + held[1]))
        extra = sorted(set(held[0] + held[1]) - set(names[0] + names[1]))
        raise invalid(
            "initial",
            f"a state of the scenario's missiles {names[0]} and interceptors {names[1]}",
            f"a state of {held[0] + held[1]}",
            hint=f"Not in the state: {missing}; not in the scenario: {extra}.",
        )
    stocks = {**state.missile_stock, **state.interceptor_stock}
    resolved = scenario.with_params({f"{n}.stock": np.asarray(v) for n, v in stocks.items()})
    return Continuation(state, resolved, _shown(resolved, first), first, state.draw_offset)


# ---------------------------------------------------------------------- the continued months
def _shown(scenario: Scenario, first: int) -> Scenario:
    """``scenario`` over its months from ``first`` on: (runs, months) arrays cut, events
    re-dated (those over before ``first`` dropped, those under way cut at it)."""
    if first == 0:
        return scenario
    missiles = [
        replace(m, **_cut_fields(m, first), launches=_cut_policy(m.launches, first))
        for m in scenario.missiles
    ]
    interceptors = [replace(i, **_cut_fields(i, first)) for i in scenario.interceptors]
    moved = [_move_event(scenario, k, first) for k in range(len(scenario.events))]
    events = [replace(e, **_cut_fields(e, first)) for e in moved if e is not None]
    return replace(
        scenario,
        start=scenario.start + first,
        months=scenario.months - first,
        missiles=missiles,
        interceptors=interceptors,
        events=events,
    )


def _cut(value: Any, first: int) -> Any:
    """A parameter over the months from ``first`` on: a (runs, months) array is cut; every
    other form (a Series or ramp is dated) stays as it is."""
    if isinstance(value, Rate):
        cut = _cut(value.value, first)
        return value if cut is value.value else replace(value, value=cut)
    if isinstance(value, np.ndarray) and value.ndim == 2:
        return value[:, first:]
    if isinstance(value, Mapping):
        return {k: _cut(v, first) for k, v in value.items()}
    return value


def _cut_fields(owner: Any, first: int) -> dict[str, Any]:
    names = [f for f in owner.__dataclass_fields__.values() if "kind" in f.metadata]
    out = {f.name: _cut(getattr(owner, f.name), first) for f in names}
    out = {k: v for k, v in out.items() if v is not getattr(owner, k) and k != "launches"}
    if getattr(owner, "aim", None) is not None:
        out["aim"] = _cut(owner.aim, first)
    return out


def _cut_policy(launches: Any, first: int) -> Any:
    if isinstance(launches, Rate):
        return _cut(launches, first)
    return replace(launches, params={k: _cut(v, first) for k, v in launches.params.items()})


def _offsets(scenario: Scenario, k: int, attr: str) -> NDArray[np.int64]:
    value = getattr(scenario.events[k], attr)
    label = f"{scenario.event_label(k)}.{attr}"
    return scenario.month_offsets(value, label, allow_end=attr == "end")


def _months(offsets: NDArray[np.int64]) -> Any:
    """Months since the new start: one number, or one per run."""
    return int(offsets[0]) if offsets.shape[0] == 1 else offsets


def _move_event(scenario: Scenario, k: int, first: int) -> Event | None:
    """Event ``k`` dated from month ``first`` on, or ``None`` when it is over before it.

    Events are moved by the form of their dates, whatever their type: one ``month`` (a
    delivery), ``start`` and a duration ``months`` (a shock), or ``start`` and an optional
    ``end`` (a ceasefire)."""
    dates = {f.name for f in fields(scenario.events[k])}
    if "month" in dates:
        return _move_one_off(scenario, k, first)
    if "months" in dates:
        return _move_span(scenario, k, first)
    return _move_open(scenario, k, first)


def _move_open(scenario: Scenario, k: int, first: int) -> Event | None:
    event: Any = scenario.events[k]
    start = _offsets(scenario, k, "start")
    end = np.array([scenario.months]) if event.end is None else _offsets(scenario, k, "end")
    if (end <= first).all():
        return None
    begin = np.maximum(start - first, 0)
    moved_end = None if event.end is None else _months(np.maximum(end - first, begin))
    return replace(event, start=_months(begin), end=moved_end)


def _move_span(scenario: Scenario, k: int, first: int) -> Event | None:
    event: Any = scenario.events[k]
    start = _offsets(scenario, k, "start")
    end = start + int(event.months)
    if (end <= first).all():
        return None
    begin = np.maximum(start - first, 0)
    months = np.unique(end - first - begin)
    if months.shape[0] > 1:
        raise invalid(
            f"{scenario.event_label(k)}.start",
            f"one month, or months per run all before or all from {scenario.start + first}, "
            "to continue from a state",
            "months per run on both sides of it",
            hint="A shock lasts the same number of months in every run.",
        )
    return replace(event, start=_months(begin), months=int(months[0]))


def _move_one_off(scenario: Scenario, k: int, first: int) -> Event | None:
    event: Any = scenario.events[k]
    month = _offsets(scenario, k, "month")
    if (month < first).all():
        return None
    if (month < first).any():
        raise invalid(
            f"{scenario.event_label(k)}.month",
            f"one month, or months per run all before or all from {scenario.start + first}, to "
            "continue from a state",
            "months per run on both sides of it",
        )
    return replace(event, month=_months(month - first))
