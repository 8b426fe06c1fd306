"""State carried forward: ``Result.state_at`` and ``simulate(scenario, initial=state)``.

The round trip: simulating a scenario over its whole horizon equals simulating it up to a month
and continuing from the state at that month's end, run by run (every count identical in the
stochastic mode; to floating-point rounding in the deterministic mode, bit for bit where the
month loop solves it).
"""

from __future__ import annotations

import dataclasses
import math
import os

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import stockpile as sp

MONTHS = 24
RUNS = 12


def defended(
    rationing: bool = True, events: bool = True, lead_time: int = 2, policy: str = "constant"
) -> sp.Scenario:
    """Uncertain parameters, a time-varying supply with a lead time, a no-magazine layer,
    rationing, and events before and after any split month."""
    index = pd.period_range("2025-01", periods=MONTHS, freq="M")
    supply = pd.Series(np.linspace(4.0, 9.5, MONTHS), index=index)  # fractional: rounding
    ballistic_launches = {
        "constant": sp.per_year(scipy.stats.uniform(500, 300)),
        "campaign": sp.campaign(sp.per_year(650), [1.4] * 3 + [0.7] * 6 + [1.2] * 3),
        "floor": sp.reserve_floor(sp.per_year(650), 150),
    }[policy]
    return sp.Scenario(
        start="2025-01",
        months=MONTHS,
        missiles=[
            sp.Missile(
                "ballistic",
                production=sp.per_year(scipy.stats.uniform(450, 300)),
                launches=ballistic_launches,
                stock=scipy.stats.uniform(200, 200),
                defended=0.8,
                dispersion=4.0,
            ),
            sp.Missile(
                "cruise", production=sp.per_year(1100), launches=sp.per_year(1000), stock=500
            ),
        ],
        interceptors=[
            sp.Interceptor(
                "patriot",
                pk=scipy.stats.uniform(0.55, 0.3),
                stock=250.0,
                deliveries=sp.per_month(supply),
                lead_time=lead_time,
                engages=["ballistic"],
                shots_below=1 if rationing else None,
                low=60.0,
            ),
            sp.Interceptor("lower", pk=0.4, stock=math.inf, shots=1, engages=["cruise"]),
        ],
        events=[
            sp.ProductionShock(start="2025-04", months=5, factor=0.6),
            sp.AidPackage(month="2025-08", interceptor="patriot", quantity=40),
            sp.Ceasefire(start="2025-11", end="2026-02"),
            sp.AidPackage(
                month="2026-05", interceptor="patriot", quantity=scipy.stats.uniform(20, 30)
            ),
            sp.Ceasefire(start="2026-09", end="2026-11"),
            sp.DeliveryShock(start="2025-11", months=4, factor=0.0),  # under way at the split
            sp.DeliveryShock(start="2026-07", months=2, factor=scipy.stats.uniform(0.5, 1.0)),
        ]
        if events
        else [],
    )


def assert_continues(long: sp.Result, cont: sp.Result, exact: bool) -> None:
    """``cont`` equals the months of ``long`` it covers, variable by variable."""
    first = (cont.index[0] - long.index[0]).n
    assert list(cont.index) == list(long.index[first:])
    assert cont.trajectories.keys() == long.trajectories.keys()
    for variable, values in cont.trajectories.items():
        expected = long.trajectories[variable][:, first:, :]
        if exact:
            np.testing.assert_array_equal(values, expected, err_msg=variable)
        else:
            np.testing.assert_allclose(values, expected, rtol=1e-12, atol=1e-9, err_msg=variable)
    for path, drawn in long.samples.items():  # keyed by run and path: the same draws
        if not path.endswith(".stock"):
            np.testing.assert_array_equal(cont.samples[path], drawn, err_msg=path)


# ---------------------------------------------------------------------- the round trip
@pytest.mark.parametrize("stochastic", [False, True])
def test_24_months_equal_12_and_12_more(stochastic: bool) -> None:
    scenario = defended()
    long = sp.simulate(scenario, RUNS, seed=11, stochastic=stochastic)
    state = long.state_at("2025-12")
    cont = sp.simulate(scenario, initial=state)
    assert cont.index[0] == pd.Period("2026-01", "M") and cont.scenario.months == 12
    assert cont.runs == RUNS and cont.noise == long.noise  # the state's mode by default
    assert_continues(long, cont, exact=True)  # rationing: the month loop, bit for bit
    for name in ("final_missile_stock", "leakers_total"):
        assert np.isfinite(cont.metric(name)).all()
    np.testing.assert_array_equal(
        cont.metric("final_missile_stock"), long.metric("final_missile_stock")
    )


@pytest.mark.parametrize("policy", ["constant", "campaign", "floor"])
def test_the_all_months_solver_continues_to_rounding(policy: str) -> None:
    """Without rationing the small chunks go to :mod:`stockpile.lindley`, which sums months
    from the stock it starts with: equal to ~1e-13, and exact in the stochastic mode."""
    scenario = defended(rationing=False, lead_time=0, policy=policy)
    for stochastic in (False, True):
        long = sp.simulate(scenario, RUNS, seed=5, stochastic=stochastic)
        cont = sp.simulate(scenario, initial=long.state_at("2025-09"))
        assert_continues(long, cont, exact=stochastic)


def test_a_continuation_continues_again() -> None:
    scenario = defended()
    long = sp.simulate(scenario, RUNS, seed=2, stochastic=True)
    cont = sp.simulate(scenario, initial=long.state_at("2025-06"))
    state = cont.state_at("2026-01")
    assert state.origin == pd.Period("2025-01", "M") and state.draw_offset == 13
    assert_continues(long, sp.simulate(scenario, initial=state), exact=True)


def test_continuing_does_not_depend_on_chunks() -> None:
    scenario = defended()
    long = sp.simulate(scenario, RUNS, seed=4, stochastic=True, chunk_size=5)
    cont = sp.simulate(scenario, initial=long.state_at(9), chunk_size=7)
    assert_continues(long, cont, exact=True)


def test_a_new_scenario_from_today_reads_the_same_draws() -> None:
    """A scenario that starts the month after the state (whole-number flows, no lead time)
    continues the long run's draws: its launches are the long run's."""
    scenario = defended(rationing=False, events=False, lead_time=0)
    scenario = scenario.with_params(
        {
            "patriot.deliveries": sp.per_month(6),
            "ballistic.production": sp.per_month(50),
            "cruise.production": sp.per_month(92),
        }
    )
    long = sp.simulate(scenario, RUNS, seed=8, stochastic=True)
    today = dataclasses.replace(scenario, start="2025-11", months=14)
    cont = sp.simulate(today, initial=long.state_at("2025-10"))
    assert_continues(long, cont, exact=True)


def test_a_variant_shares_the_draws_before_its_change() -> None:
    """Common random numbers: continuing with a ceasefire from the month after the state
    changes nothing in the months before it."""
    scenario = defended(events=False)
    long = sp.simulate(scenario, RUNS, seed=9, stochastic=True)
    state = long.state_at("2025-12")
    variant = dataclasses.replace(scenario, events=[sp.Ceasefire(start="2026-04")])
    cont = sp.simulate(variant, initial=state)
    np.testing.assert_array_equal(
        cont["launches"][:, :3], long["launches"][:, 12:15]
    )  # January to March 2026
    assert (cont["launches"][:, 3:] == 0).all()


def test_deterministic_continuation_of_a_stochastic_state() -> None:
    scenario = defended()
    long = sp.simulate(scenario, RUNS, seed=1, stochastic=True)
    cont = sp.simulate(scenario, initial=long.state_at(5), stochastic=False)
    assert cont.noise is None
    np.testing.assert_array_equal(cont.get("missile_stock", "ballistic")[:, 0] >= 0, True)


# ---------------------------------------------------------------------- property
@settings(max_examples=int(os.environ.get("STOCKPILE_EXAMPLES", 25)), deadline=None)
@given(split=st.integers(0, MONTHS - 2), stochastic=st.booleans(), seed=st.integers(0, 2**31))
def test_any_split_month_continues_the_run(split: int, stochastic: bool, seed: int) -> None:
    scenario = defended()
    long = sp.simulate(scenario, 6, seed=seed, stochastic=stochastic)
    cont = sp.simulate(scenario, initial=long.state_at(split))
    assert cont.scenario.months == MONTHS - split - 1
    assert_continues(long, cont, exact=True)


# ---------------------------------------------------------------------- the state
def test_state_holds_each_runs_stocks() -> None:
    long = sp.simulate(defended(), RUNS, seed=3, stochastic=True)
    state = long.state_at(pd.Period("2025-07", "M"))
    assert state.month == pd.Period("2025-07", "M") and state.runs == RUNS
    assert state.origin == long.index[0] and state.draw_offset == 7
    assert state.items == ["ballistic", "cruise", "patriot", "lower"]
    np.testing.assert_array_equal(
        state.missile_stock["ballistic"], long.get("missile_stock", "ballistic")[:, 6]
    )
    assert np.isinf(state.interceptor_stock["lower"]).all()
    np.testing.assert_array_equal(state.keys, long.keys)
    assert state.seed is long.seed and state.noise == long.noise
    frame = state.to_frame()
    assert frame.shape == (RUNS, 4) and frame.index.name == "run"
    assert list(frame.columns) == [
        "missile_stock.ballistic",
        "missile_stock.cruise",
        "interceptor_stock.patriot",
        "interceptor_stock.lower",
    ]
    with pytest.raises(ValueError, match="read-only"):
        state.interceptor_stock["patriot"][0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.month = pd.Period("2025-08", "M")  # type: ignore[misc]


def test_month_index_and_last_month() -> None:
    long = sp.simulate(defended(), 2, seed=3)
    assert long.state_at(-1).month == long.index[-1]
    assert long.state_at(0).month == long.index[0]
    assert long.state_at("2026-03").month == long.state_at(14).month


def test_the_continued_scenario_is_dated_from_the_split() -> None:
    scenario = defended()
    long = sp.simulate(scenario, RUNS, seed=3)
    state = long.state_at("2025-12")
    shown = sp.simulate(scenario, initial=state).scenario
    assert shown.start == pd.Period("2026-01", "M") and shown.months == 12
    ceasefire, aid, later, pause, surge = shown.events  # those over before 2026-01 dropped
    assert isinstance(ceasefire, sp.Ceasefire) and ceasefire.start == 0 and ceasefire.end == 1
    assert isinstance(aid, sp.AidPackage) and shown.index[aid.month] == pd.Period("2026-05", "M")
    assert isinstance(later, sp.Ceasefire) and shown.index[later.start] == pd.Period("2026-09")
    assert pause == sp.DeliveryShock(start=0, months=2, factor=0.0)  # 2025-11 for 4 months
    assert isinstance(surge, sp.DeliveryShock) and shown.index[surge.start] == pd.Period("2026-07")
    np.testing.assert_array_equal(shown.missiles[0].stock, state.missile_stock["ballistic"])
    shown.validate(RUNS)
    under_way = sp.simulate(scenario, initial=long.state_at("2025-05")).scenario
    assert under_way.events[0] == sp.ProductionShock(start=0, months=3, factor=0.6)


# ---------------------------------------------------------------------- errors
@pytest.fixture(scope="module")
def result() -> sp.Result:
    return sp.simulate(defended(), 3, seed=1)


@pytest.mark.parametrize(
    ("month", "shown"),
    [("2024-12", "'2024-12'"), ("2027-01", "'2027-01'"), (24, "24"), (-25, "-25"), ("soon", "")],
)
def test_a_month_outside_the_result(result: sp.Result, month: object, shown: str) -> None:
    expected = "a month of the result, 2025-01 to 2026-12, or its index 0 to 23"
    with pytest.raises(sp.StockpileError, match=f"The 'month' parameter must be {expected}"):
        result.state_at(month)


def test_a_summary_mode_result_has_no_state() -> None:
    summary = sp.simulate(defended(), 3, seed=1, trajectories=False)
    with pytest.raises(sp.StockpileError, match="The 'trajectories' parameter must be True"):
        summary.state_at("2025-06")


def test_bad_continuations(result: sp.Result) -> None:
    scenario, state = defended(), result.state_at("2025-12")
    cases = [
        ({"seed": 1}, "The 'seed' parameter must be None when 'initial' is given"),
        ({"runs": 4}, r"The 'runs' parameter must be omitted or the state's number of runs \(3\)"),
        ({"first_run": 2}, "The 'first_run' parameter must be 0 when 'initial' is given"),
    ]
    for kwargs, message in cases:
        with pytest.raises(sp.StockpileError, match=message):
            sp.simulate(scenario, initial=state, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(sp.StockpileError, match=r"The 'initial' parameter must be a sp\.State"):
        sp.simulate(scenario, initial=result)  # type: ignore[arg-type]
    late = dataclasses.replace(defended(events=False), start="2026-03", months=6)
    with pytest.raises(
        sp.StockpileError,
        match=r"must be a state at the end of a month from 2026-02 to 2026-07 .* Got 'a state "
        "at the end of 2025-12' instead",
    ):
        sp.simulate(late, initial=state)
    with pytest.raises(sp.StockpileError, match="scenario simulates 2025-01 to 2026-12"):
        sp.simulate(scenario, initial=result.state_at(-1))  # nothing left to simulate
    fewer = dataclasses.replace(scenario, interceptors=scenario.interceptors[:1])
    with pytest.raises(
        sp.StockpileError, match=r"Not in the state: \[\]; not in the scenario: \['lower'\]"
    ):
        sp.simulate(fewer, initial=state)


def test_a_per_run_event_across_the_split_is_refused() -> None:
    scenario = dataclasses.replace(
        defended(events=False),
        events=[sp.AidPackage(month=np.array([2, 9, 2]), interceptor="patriot", quantity=10)],
    )
    state = sp.simulate(scenario, 3, seed=1).state_at(5)
    with pytest.raises(sp.StockpileError, match=r"The 'aidpackage\.month' parameter must be one"):
        sp.simulate(scenario, initial=state)


def test_a_state_checks_its_shapes(result: sp.Result) -> None:
    state = result.state_at(3)
    with pytest.raises(sp.StockpileError, match=r"'missile_stock\.cruise' parameter must be one"):
        dataclasses.replace(state, missile_stock={**state.missile_stock, "cruise": np.zeros(2)})
    with pytest.raises(sp.StockpileError, match=r"'keys' parameter must be one stream key per"):
        dataclasses.replace(state, keys=state.keys[:1])
    with pytest.raises(sp.StockpileError, match="'origin' parameter must be a month"):
        dataclasses.replace(state, origin="later")
