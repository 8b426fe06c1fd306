"""The defender: areas, layers, a defence with no magazine, rationing, reserve floor, fire
capacity. Closed forms (both solvers where both apply), Hypothesis properties, bad input."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stockpile as sp
from stockpile import engine, flows

SETTINGS = settings(
    max_examples=int(os.environ.get("STOCKPILE_EXAMPLES", 30)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(params=["lindley", "loop"])
def solver(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(engine, "LINDLEY_MAX_RUNS", 10**9 if request.param == "lindley" else 0)
    return str(request.param)


def missile(name: str = "b", launches: float = 100, **kwargs: object) -> sp.Missile:
    return sp.Missile(
        name,
        production=sp.per_month(launches),
        launches=sp.per_month(launches),
        stock=0,
        **kwargs,  # type: ignore[arg-type]
    )


def scenario(missiles: list[sp.Missile], interceptors: list[sp.Interceptor], **kw: object):
    return sp.Scenario(
        start="2025-01",
        months=kw.pop("months", 3),  # type: ignore[arg-type]
        missiles=missiles,
        interceptors=interceptors,
        **kw,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------ laws, closed form
def test_laws_closed_form() -> None:
    assert flows.launch(np.array([50.0]), np.array([30.0]))[0] == 30
    assert flows.missile_stock(np.array([100.0]), np.array([40.0]), np.array([0.1]))[0] == 54
    assert flows.split(np.array([100.0]), np.array([0.3]))[0] == 30
    assert flows.shots_now(np.array([99.0, 100.0]), 2.0, 1.0, 100.0).tolist() == [1, 2]
    rounds = flows.available_rounds(np.array([100.0, 30.0]), 40.0, np.array([50.0, 50.0]))
    assert rounds.tolist() == [50, 0]
    demand, fired, engaged, hit = flows.engage_expected(
        np.array([20.0]), np.array([30.0]), 2.0, 0.91
    )
    assert (demand[0], fired[0], engaged[0]) == (40, 30, 15) and hit[0] == pytest.approx(13.65)
    assert flows.magazine(100.0, 20.0, 30.0) == 90
    assert flows.survivors(100.0, 60.0) == 40
    assert flows.production(300.0, 0.5, 0.5) == 75


def test_aim_splits_launches_over_areas(solver: str) -> None:
    s = scenario([missile(aim={"kyiv": 0.3, "cities": 0.5})], [], areas=["kyiv", "cities"])
    result = sp.simulate(s)
    assert result.get("aimed", "kyiv")[0, 0] == pytest.approx(30)
    assert result.get("aimed", "cities")[0, 0] == pytest.approx(50)
    # nothing defends: all 100 leak, 30 + 50 of them at the defended areas
    assert result.get("leakers")[0, 0] == pytest.approx(100)
    assert result.get("area_leakers", "cities")[0, 0] == pytest.approx(50)
    frame = result.to_frame(["aimed", "launches"])
    assert set(frame.dropna(subset=["area"])["area"]) == {"kyiv", "cities"}


def test_defended_is_the_one_area_shorthand(solver: str) -> None:
    patriot = sp.Interceptor("p", stock=100, engages=["b"], shots=2, pk=0.7)
    short = sp.simulate(scenario([missile(defended=0.4)], [patriot]))
    long = sp.simulate(scenario([missile(aim={"city": 0.4})], [patriot], areas=["city"]))
    for variable, values in short.trajectories.items():
        assert np.allclose(values, long.trajectories[variable]), variable


def test_higher_layer_engages_the_survivors(solver: str) -> None:
    mobile = sp.Interceptor("mobile", stock=math.inf, engages=["c"], pk=0.5, shots=1)
    patriot = sp.Interceptor("p", stock=1000, engages=["c"], pk=0.7, shots=2, layer=1)
    result = sp.simulate(scenario([missile("c", 100)], [mobile, patriot]))
    # mobile groups engage all 100 and kill 50; Patriot engages the 50 survivors
    assert result.get("intercepted", "mobile")[0, 0] == pytest.approx(50)
    assert result.get("interceptors_fired", "p")[0, 0] == pytest.approx(100)
    assert result.get("intercepted", "c")[0, 0] == pytest.approx(50 + 50 * 0.91)
    assert result.get("engaged", "c")[0, 0] == pytest.approx(100)  # each missile counted once
    assert result.metric("intercept_rate")[0] == pytest.approx(0.955)


def test_a_defence_with_no_magazine_never_runs_short(solver: str) -> None:
    mobile = sp.Interceptor("mobile", stock=math.inf, engages=["c"], pk=0.5, shots=1)
    result = sp.simulate(scenario([missile("c", 100)], [mobile], months=12))
    assert np.isnan(result.metric("months_to_depletion")[0])
    assert np.isinf(result.get("interceptor_stock")).all()
    assert result.metric("intercept_rate")[0] == pytest.approx(0.5)
    assert result.metric("kill_rate")[0] == pytest.approx(0.5)


def test_reserve_floor_keeps_rounds_for_the_first_priority_area() -> None:
    patriot = sp.Interceptor("p", stock=100, engages=["b"], shots=2, pk=0.5, floor=40)
    s = scenario(
        [missile(aim={"kyiv": 0.2, "cities": 0.5})], [patriot], areas=["kyiv", "cities"], months=1
    )
    result = sp.simulate(s)
    # Kyiv: 20 targets, 40 rounds fired, 60 left; cities: 50 targets, 60 − 40 = 20 rounds
    assert result.get("interceptors_fired")[0, 0] == pytest.approx(60)
    assert result.get("interceptor_stock")[0, 0] == pytest.approx(40)
    assert result.get("held_back")[0, 0] == pytest.approx(40)
    assert result.get("coverage", "kyiv")[0, 0] == pytest.approx(1.0)
    assert result.get("coverage", "cities")[0, 0] == pytest.approx(10 / 50)
    assert result.summary(per_item=True)["degradation_month.cities"][0] == pd_period("2025-01")


def test_first_month_of_degraded_coverage_in_sweeps_and_as_a_number() -> None:
    """``degradation_month.<area>`` is a calendar month where a person reads it (a sweep's
    table) and ``months_to_degradation.<area>`` its number; averaging needs the number."""
    import pandas as pd

    patriot = sp.Interceptor(
        "p", stock=300, deliveries=sp.per_month(10), engages=["b"], shots=2, pk=0.7
    )
    s = scenario(
        [missile(aim={"kyiv": 0.3, "cities": 0.5})], [patriot], areas=["kyiv", "cities"], months=24
    )
    design = pd.DataFrame({"p.stock": [100.0, 300.0, 1e6]})
    table = sp.explore.sweep(
        s, design, metrics=["degradation_month.cities", "months_to_degradation.cities"]
    )
    numbers = table["months_to_degradation.cities"].to_numpy()
    assert numbers[0] < numbers[1] and np.isnan(numbers[2])  # a huge magazine never degrades
    months = table["degradation_month.cities"]
    assert months.iloc[0] == pd.Period("2025-01", "M") + int(numbers[0])
    assert months.isna().iloc[2]
    with pytest.raises(sp.StockpileError, match=r"months_to_degradation\.cities"):
        sp.explore.tornado(s, {"p.stock": (100, 300)}, metric="degradation_month.cities")


def pd_period(month: str) -> object:
    import pandas as pd

    return pd.Period(month, "M")


def test_rationing_fires_one_round_when_the_magazine_is_low(solver: str) -> None:
    patriot = sp.Interceptor("p", stock=150, engages=["b"], shots=2, shots_below=1, low=100, pk=0.7)
    result = sp.simulate(scenario([missile(launches=30)], [patriot], months=3))
    # month 1: 150 >= 100, 2 shots: 60 fired, 90 left; month 2: 90 < 100, 1 shot: 30 fired
    assert result.get("interceptors_fired")[0].tolist() == pytest.approx([60, 30, 30])
    assert result.get("intercepted", "b")[0].tolist() == pytest.approx([27.3, 21, 21])
    assert np.isnan(result.metric("months_to_depletion")[0])  # the rationed demand was met


def test_fire_capacity_caps_rounds_per_month(solver: str) -> None:
    patriot = sp.Interceptor(
        "p", stock=1000, engages=["b"], shots=2, pk=0.7, fire_capacity=sp.per_month(60)
    )
    result = sp.simulate(scenario([missile(launches=50)], [patriot]))
    assert result.get("interceptors_fired")[0].tolist() == pytest.approx([60, 60, 60])
    assert result.get("interceptor_shortfall")[0].tolist() == pytest.approx([40, 40, 40])


def test_drones_absorb_interceptors_in_a_mixed_raid() -> None:
    patriot = sp.Interceptor("p", stock=100, engages=["drone", "b"], shots=1, pk=0.9)
    alone = sp.Interceptor("p", stock=100, engages=["b"], shots=1, pk=0.9)
    base = sp.simulate(scenario([missile("b", 50)], [alone], months=1))
    raid = sp.simulate(scenario([missile("drone", 80), missile("b", 50)], [patriot], months=1))
    # drones come first in engages: 80 of the 100 rounds go to them, 20 to ballistic missiles
    assert base.get("intercepted", "b")[0, 0] == pytest.approx(45)
    assert raid.get("intercepted", "b")[0, 0] == pytest.approx(18)


def test_the_issue_contract_runs_in_both_modes() -> None:
    s = sp.Scenario(
        start="2025-01",
        months=24,
        areas=["kyiv", "cities"],
        missiles=[
            sp.Missile("ballistic", production=sp.per_year(700), launches=sp.per_month(50),
                       stock=600, aim={"kyiv": 0.3, "cities": 0.5}),
            sp.Missile("cruise", production=sp.per_year(2200), launches=sp.per_month(120),
                       stock=1500, aim={"kyiv": 0.2, "cities": 0.6}),
        ],
        interceptors=[
            sp.Interceptor("mobile-groups", stock=math.inf, engages=["cruise"], pk=0.5, shots=1),
            sp.Interceptor("patriot", stock=250, deliveries=sp.per_month(20),
                           engages=["ballistic", "cruise"], covers=["kyiv"], layer=1, shots=2,
                           pk=0.7, floor=40, low=100, shots_below=1,
                           fire_capacity=sp.per_month(60)),
        ],
    )  # fmt: skip
    result = sp.simulate(s)
    assert result.get("intercepted", "cruise").shape == (1, 24)
    assert 0 < result.summary()["intercept_rate"][0] < 1
    assert "area" in result.to_frame().columns
    ensemble = sp.simulate(s, runs=200, seed=1, stochastic=True)
    for variable in ("intercepted", "engaged", "aimed", "interceptors_fired"):
        assert np.array_equal(ensemble[variable], np.round(ensemble[variable])), variable
    deterministic = result.metric("intercept_rate")[0]
    assert abs(ensemble.metric("intercept_rate").mean() - deterministic) < 0.02


def test_odd_magazine_shared_target_in_the_stochastic_mode() -> None:
    """A salvo of 2 from a magazine of 5 leaves whole targets to a shoot-look-shoot type."""
    s = scenario(
        [missile(launches=20)],
        [
            sp.Interceptor("a", stock=5, engages=["b"], shots=2, pk=0.7),
            sp.Interceptor("s", stock=101, engages=["b"], shots=1, pk=0.6,
                           doctrine="shoot-look-shoot"),
        ],
        months=6,
    )  # fmt: skip
    for stochastic in (False, True):
        result = sp.simulate(s, runs=50, seed=1, stochastic=stochastic)
        assert (result["interceptor_stock"] >= 0).all()
    assert np.array_equal(result["engaged"], np.round(result["engaged"]))


# ------------------------------------------------------------------ properties
@st.composite
def defended(draw: st.DrawFn) -> sp.Scenario:
    areas = ["kyiv", "cities"]
    share = st.floats(0, 0.5)
    count = st.floats(0, 300)
    missiles = [
        sp.Missile(name, production=sp.per_month(draw(count)),
                   launches=sp.per_month(draw(count)), stock=draw(count),
                   aim={"kyiv": draw(share), "cities": draw(share)},
                   reliability=draw(st.sampled_from([1.0, 0.5, draw(st.floats(0, 1))])))
        for name in ("b", "c")
    ]  # fmt: skip
    patriot = sp.Interceptor(
        "p",
        stock=draw(count),
        deliveries=sp.per_month(draw(st.floats(0, 100))),
        engages=draw(st.sampled_from([["b"], ["b", "c"]])),
        covers=draw(st.sampled_from([None, ["kyiv"], ["cities"]])),
        shots=2,
        pk=draw(st.floats(0, 1)),
        layer=1,
        floor=draw(st.floats(0, 100)),
        fire_capacity=sp.per_month(draw(st.sampled_from([math.inf, 30.0, 80.0]))),
        doctrine=draw(st.sampled_from(["salvo", "shoot-look-shoot"])),
    )
    mobile = sp.Interceptor("m", stock=math.inf, engages=["c"], shots=1, pk=draw(st.floats(0, 1)))
    nasams = sp.Interceptor(
        "n", stock=draw(count), engages=["b", "c"], shots=draw(st.integers(1, 3)),
        pk=draw(st.floats(0, 1)), shots_below=1, low=draw(st.floats(0, 100)),
    )  # fmt: skip
    return sp.Scenario(
        start="2025-01",
        months=draw(st.integers(1, 12)),
        areas=areas,
        missiles=missiles,
        interceptors=[mobile, nasams, patriot],
    )


def check(result: sp.Result, s: sp.Scenario) -> None:
    for ic in s.interceptors:
        stock = result.get("interceptor_stock", ic.name)
        fired = result.get("interceptors_fired", ic.name)
        assert (fired >= -1e-9).all() and (result.get("held_back", ic.name) >= -1e-9).all()
        if math.isinf(ic.stock):
            assert np.isinf(stock).all()
            continue
        before = np.concatenate([np.full((result.runs, 1), float(ic.stock)), stock[:, :-1]], 1)
        if result.noise:
            before[:, 0] = np.round(before[:, 0])
        deliveries = result.get("deliveries", ic.name)
        assert np.allclose(stock, before + deliveries - fired, atol=1e-6)  # balance
        assert (stock >= -1e-9).all()
        cap = ic.fire_capacity.to_monthly * ic.fire_capacity.value
        assert (fired <= cap + 1e-6).all()
    working = np.zeros_like(result.get("aimed", "kyiv"))
    aimed_share = np.zeros_like(working)
    for m in s.missiles:
        launched = result.get("launches", m.name)
        failed = result.get("failed", m.name)
        hit = result.get("intercepted", m.name)
        assert (failed >= -1e-9).all() and (failed <= launched + 1e-6).all()
        if m.reliability == 1:
            assert (failed == 0).all()
        assert (hit >= -1e-9).all() and (hit <= result.get("engaged", m.name) + 1e-6).all()
        assert (result.get("engaged", m.name) <= launched - failed + 1e-6).all()
        # failed missiles hit nothing: leakers = launched - failed - destroyed
        assert np.allclose(result.get("leakers", m.name), launched - failed - hit, atol=1e-6)
        working += launched - failed
        aimed_share += (launched - failed) * sum(m.aim.values())  # type: ignore[union-attr]
    # launched = failed + aimed at the areas + undefended (undefended never negative)
    aimed = result.get("aimed", "kyiv") + result.get("aimed", "cities")
    assert (aimed <= working + 1e-6).all()
    if not result.noise:
        assert np.allclose(aimed, aimed_share, atol=1e-6)
    coverage = result.get("coverage", "kyiv")
    assert ((coverage >= -1e-9) & (coverage <= 1 + 1e-9)).all()


@SETTINGS
@given(defended())
def test_balance_capacity_and_non_negativity(s: sp.Scenario) -> None:
    check(sp.simulate(s), s)
    check(sp.simulate(s, runs=3, seed=2, stochastic=True), s)


@SETTINGS
@given(defended())
def test_the_floor_is_never_breached_by_fire_at_lower_priority_areas(s: sp.Scenario) -> None:
    """With nothing aimed at Kyiv, Patriot fires only at lower-priority areas: it never draws
    the magazine below its floor (or below what it held, if that was less)."""
    nothing_at_kyiv = s.with_params({"b.aim.kyiv": 0.0, "c.aim.kyiv": 0.0})
    patriot = next(i for i in s.interceptors if i.name == "p")
    if patriot.covers not in (None, ("kyiv",)):
        return  # Kyiv is not its first-priority area
    for stochastic in (False, True):
        result = sp.simulate(nothing_at_kyiv, runs=2, seed=3, stochastic=stochastic)
        stock = result.get("interceptor_stock", "p")
        magazine = np.concatenate(
            [np.full((2, 1), np.round(patriot.stock) if stochastic else patriot.stock),
             stock[:, :-1]], axis=1,
        ) + result.get("deliveries", "p")  # fmt: skip
        assert (stock >= np.minimum(magazine, patriot.floor) - 1e-6).all()


@SETTINGS
@given(defended(), st.floats(0, 200))
def test_more_deliveries_never_lower_intercepts(s: sp.Scenario, extra: float) -> None:
    """Without rationing (fixed shots), more rounds never destroy fewer missiles. (With
    rationing they can: two shots at fewer targets instead of one at more.)"""
    fixed = s.with_params({"n.low": 0.0})
    patriot = next(i for i in s.interceptors if i.name == "p")
    more = fixed.with_params({"p.deliveries": sp.per_month(patriot.deliveries.value + extra)})
    for name in ("b", "c"):
        base = sp.simulate(fixed).get("intercepted", name)
        assert (sp.simulate(more).get("intercepted", name) >= base - 1e-6).all()


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: scenario([missile(aim={"kyiv": 1.2})], [], areas=["kyiv"]), "'b.aim.kyiv'"),
        (
            lambda: scenario([missile(aim={"kyiv": 0.6, "c": 0.6})], [], areas=["kyiv", "c"]),
            "'b.aim' parameter must be shares that sum to at most 1",
        ),
        (lambda: scenario([missile(aim={"moscow": 0.2})], [], areas=["kyiv"]), "'b.aim'"),
        (lambda: scenario([missile(aim={"kyiv": 0.2})], []), "declare Scenario"),
        (lambda: scenario([missile()], [], areas=["kyiv", "kyiv"]), "unique area names"),
        (
            lambda: scenario(
                [missile()],
                [sp.Interceptor("p", pk=0.5, engages=["b"], covers=["x"])],
                areas=["kyiv"],
            ),
            "'p.covers'",
        ),
        (
            lambda: scenario([missile()], [sp.Interceptor("p", pk=0.5, engages=["b"], floor=-1)]),
            "'p.floor'",
        ),
        (
            lambda: scenario([missile()], [sp.Interceptor("p", pk=0.5, engages=["b"], low=-1)]),
            "'p.low'",
        ),
        (
            lambda: scenario(
                [missile()], [sp.Interceptor("p", pk=0.5, engages=["b"], shots_below=0)]
            ),
            "'p.shots_below'",
        ),
        (
            lambda: scenario(
                [missile()], [sp.Interceptor("p", pk=0.5, engages=["b"], shots=2, shots_below=3)]
            ),
            "at most shots",
        ),
        (
            lambda: scenario(
                [missile()],
                [sp.Interceptor("p", pk=0.5, engages=["b"], fire_capacity=sp.per_month(-1))],
            ),
            "'p.fire_capacity'",
        ),
        (
            lambda: scenario([missile()], [sp.Interceptor("p", pk=0.5, engages=["b"], layer=-1)]),
            "'p.layer'",
        ),
        (
            lambda: scenario([missile(defended=0.5, aim={"k": 0.2})], [], areas=["k"]),
            "'b.defended'",
        ),
        (lambda: scenario([missile(reliability=1.2)], []), "'b.reliability'"),
        (lambda: scenario([missile(reliability=-0.1)], []), "'b.reliability'"),
    ],
)
def test_bad_defender_input_is_refused_before_computing(build: object, match: str) -> None:
    with pytest.raises(sp.StockpileError, match=match):
        sp.simulate(build())  # type: ignore[operator]


@pytest.mark.parametrize(
    ("kind", "changed", "shortcut"),
    [
        ("interceptor", {"floor": 5.0}, False),
        ("interceptor", {"fire_capacity": sp.per_month(10)}, False),
        ("interceptor", {}, True),
        ("missile", {"attrition": 0.1}, False),
        ("missile", {"reliability": 0.9}, True),  # the all-months solver implements it
        ("missile", {}, True),
    ],
)
def test_inert_parameters_off_their_default_leave_the_shortcuts(kind, changed, shortcut) -> None:
    """A parameter declared inert (``params.declared(..., inert=True)``) is read by the
    solvers' shortcuts generically: off its default, the all-months solver and the loop's
    fast paths step aside, with no condition written for it in the solvers."""
    from stockpile import inputs, lindley
    from stockpile.scenario import Interceptor, Missile

    assert set(inputs._INERT[Interceptor]) == {"floor", "fire_capacity"}
    assert set(inputs._INERT[Missile]) == {"reliability", "attrition"}
    missile = {"missile": changed}.get(kind, {})
    interceptor = {"interceptor": changed}.get(kind, {})
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[sp.Missile("m", launches=sp.per_month(10), stock=100, **missile)],
        interceptors=[
            sp.Interceptor("i", pk=0.5, stock=50, engages=["m"], shots_below=1, **interceptor)
        ],
    )
    chunk = inputs.resolve_chunk(scenario, slice(0, 1), np.zeros(1, np.uint64), None)
    plan = engine.Plan.of(chunk, 1)
    assert lindley.applies(chunk, plan, None) is shortcut
    if kind == "interceptor":
        assert chunk.interceptors[0].simple is shortcut
