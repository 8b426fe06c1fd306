"""Bad input gets a clear error before any computation: one base class, one message shape."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import stockpile as sp


def base(**missile: object) -> sp.Scenario:
    fields = {
        "production": sp.per_year(1000),
        "launches": sp.per_year(600),
        "stock": 100,
        **missile,
    }
    return sp.Scenario(
        start="2025-01",
        months=12,
        missiles=[sp.Missile("ballistic", **fields)],  # type: ignore[arg-type]
        interceptors=[sp.Interceptor("patriot", stock=10, pk=0.5, engages=["ballistic"])],
    )


def test_error_is_a_value_error() -> None:
    assert issubclass(sp.StockpileError, ValueError)


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        ({"production": 1000}, ["'ballistic.production'", "rate", "per_year(1000)"]),
        ({"production": sp.per_year(np.nan)}, ["'ballistic.production'", "NaN or inf"]),
        ({"production": sp.per_year(np.inf)}, ["'ballistic.production'", "NaN or inf"]),
        ({"production": sp.per_year(-5)}, ["'ballistic.production'", "non-negative", "-5"]),
        ({"stock": -1}, ["'ballistic.stock'", "non-negative count", "-1"]),
        ({"defended": 1.5}, ["'ballistic.defended'", "probability in [0, 1]", "1.5"]),
        ({"stock": sp.per_month(5)}, ["'ballistic.stock'", "not a rate"]),
        ({"production": sp.per_year(np.ones(3))}, ["length runs (= 1)", "length 3"]),
        ({"production": sp.per_year(np.ones((1, 5)))}, ["(1, 12)", "(1, 5)"]),
        ({"production": sp.per_year((600, 1500))}, ["bounds are for samplers"]),
        (
            {"production": sp.per_year(scipy.stats.norm(10, 10))},
            ["draws lie within [0.0, inf]", "truncated"],
        ),
        (
            {
                "production": sp.per_month(
                    pd.Series(1.0, index=pd.period_range("2025-01", periods=6, freq="M"))
                )
            },
            ["every month 2025-01 to 2025-12", "2025-07, 2025-08, 2025-09 and 3 more"],
        ),
        ({"dispersion": 0.0}, ["'ballistic.dispersion'", "positive"]),
        (
            {"launches": sp.reserve_floor(sp.per_month(10), -3)},
            ["'ballistic.launches.floor'", "-3"],
        ),
    ],
)
def test_bad_parameter_named_with_expected_form(change: dict, fragments: list[str]) -> None:
    with pytest.raises(sp.StockpileError) as error:
        sp.simulate(base(**change))
    for fragment in fragments:
        assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (
            lambda: (
                sp.Interceptor("p", pk=1.2).__class__
                and sp.simulate(base().with_params({"patriot.pk": 1.2}))
            ),
            ["'patriot.pk'", "[0, 1]", "1.2"],
        ),
        (
            lambda: sp.simulate(base().with_params({"patriot.shots": 0})),
            ["'patriot.shots'", ">= 1", "0"],
        ),
        (
            lambda: sp.simulate(base().with_params({"patriot.shots": 1.5})),
            ["'patriot.shots'", "whole number"],
        ),
        (lambda: sp.Interceptor("p", pk=0.5, engages="ballistic"), ["engages=['ballistic']"]),
        (lambda: sp.Interceptor("p"), ["'p.pk'"]),
        (lambda: sp.Interceptor("p", pk=0.5, doctrine="spray"), ["salvo", "'spray'"]),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=3,
                missiles=[sp.Missile("a")],
                interceptors=[sp.Interceptor("p", pk=0.5, engages=["x"])],
            ),
            ["'p.engages'", "['a']", "['x']"],
        ),
        (
            lambda: sp.Scenario(
                start="2025-01", months=3, missiles=[sp.Missile("a"), sp.Missile("a")]
            ),
            ["unique", "['a']"],
        ),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=3,
                missiles=[sp.Missile("a")],
                events=[sp.ImportDelivery(month="2025-02", missile="kn23", quantity=5)],
            ),
            ["'events[0].missile'", "kn23"],
        ),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=3,
                missiles=[sp.Missile("a")],
                events=[sp.AidPackage(month="2025-02", interceptor="x", quantity=5)],
            ),
            ["'events[0].interceptor'"],
        ),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=3,
                missiles=[sp.Missile("a")],
                events=[sp.DeliveryShock(start="2025-02", months=1, interceptor="x")],
            ),
            ["'events[0].interceptor'", "or None", "'x'"],
        ),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=3,
                missiles=[sp.Missile("a")],
                events=[sp.DeliveryShock(start="2025-02", months=0)],
            ),
            ["'events[0].months'", "whole number of months >= 1"],
        ),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=3,
                missiles=[sp.Missile("a")],
                events=[sp.Ceasefire(start="2026-01")],
            ),
            ["'ceasefire.start'", "within the horizon 2025-01 to 2025-03", "2026-01"],
        ),
        (
            lambda: sp.Scenario(start="2025-13", months=3, missiles=[sp.Missile("a")]),
            ["'start'", "2025-13"],
        ),
        (
            lambda: sp.Scenario(start="2025-01", months=0, missiles=[sp.Missile("a")]),
            ["'months'", ">= 1"],
        ),
        (lambda: sp.Scenario(start="2025-01", months=3, missiles=[]), ["at least one"]),
        (lambda: sp.simulate(base(), runs=0), ["'runs'", ">= 1", "0"]),
        (lambda: sp.simulate(base(), chunk_size=-1), ["'chunk_size'"]),
        (
            lambda: sp.simulate(base(production=sp.per_year(scipy.stats.uniform(0, 10)))),
            ["'seed'", "runs=1", "'ballistic.production' is a distribution"],
        ),
        (
            lambda: base().with_params({"ballistic.prodution": sp.per_year(3)}),
            ["Unknown parameter path 'ballistic.prodution'", "ballistic.production"],
        ),
        (lambda: sp.presets.load("nope"), ["'preset'", "russia-ukraine-2025"]),
        (lambda: sp.campaign(sp.per_month(3), [1.0] * 11), ["12"]),
        (lambda: sp.linear_ramp(10, 20, "2025-06", "2025-01"), ["after start"]),
    ],
)
def test_structural_errors(build, fragments: list[str]) -> None:
    with pytest.raises(sp.StockpileError) as error:
        build()
    for fragment in fragments:
        assert fragment in str(error.value)


def test_distribution_with_seed_and_one_run_is_fine() -> None:
    scenario = base(production=sp.per_year(scipy.stats.uniform(0, 10)))
    a = sp.simulate(scenario, seed=1)
    b = sp.simulate(scenario, seed=1)
    assert a.metric("final_missile_stock") == b.metric("final_missile_stock")


def test_per_run_event_months_need_runs_length() -> None:
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[sp.Missile("a")],
        events=[sp.Ceasefire(start=["2025-02", "2025-03"])],
    )
    with pytest.raises(sp.StockpileError, match="one month per run"):
        sp.simulate(scenario, runs=3)
    assert sp.simulate(scenario, runs=2).runs == 2


def test_validation_happens_before_computation(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    module = sys.modules["stockpile.simulate"]

    def explode(*args: object, **kwargs: object) -> None:
        raise AssertionError("the engine ran")

    monkeypatch.setattr(module, "run", explode)
    with pytest.raises(sp.StockpileError):
        sp.simulate(base(stock=np.array([1.0, -1.0])), runs=2)


# --- issue 12: one declared table of argument constraints ------------------------------------

SEED_MESSAGE = "The 'seed' parameter must be a non-negative integer, a SeedSequence or None."


@pytest.mark.parametrize("seed", [True, -1, "abc", 1.5, [1, 2], np.float64(3.0)])
def test_bad_seed_gets_the_house_message_not_numpys(seed: object) -> None:
    with pytest.raises(sp.StockpileError) as error:
        sp.simulate(base(), seed=seed)  # type: ignore[arg-type]
    assert str(error.value) == f"{SEED_MESSAGE} Got {seed!r} instead."


@pytest.mark.parametrize(
    ("argument", "value", "fragment"),
    [
        ("runs", True, "'runs' parameter must be a whole number >= 1. Got True"),
        ("runs", 2.0, "'runs' parameter must be a whole number >= 1. Got 2.0"),
        ("chunk_size", 0, "'chunk_size' parameter must be a whole number >= 1, or None. Got 0"),
        ("first_run", -1, "'first_run' parameter must be a whole number >= 0. Got -1"),
        ("trajectories", "no", "'trajectories' parameter must be True or False. Got 'no'"),
        ("stochastic", 1, "'stochastic' parameter must be True, False or a sp.Noise. Got 1"),
    ],
)
def test_simulate_arguments_checked_from_the_table(argument: str, value: object, fragment: str):
    with pytest.raises(sp.StockpileError, match=None) as error:
        sp.simulate(base(), **{argument: value})  # type: ignore[arg-type]
    assert fragment in str(error.value)


def test_check_and_decorator_share_the_table_and_the_message_shape() -> None:
    from stockpile.validation import ARGUMENTS, check, validate_params

    @validate_params("runs", "seed", horizon="months")
    def forecast(horizon: int, runs: int = 10, seed: object = None) -> int:
        return horizon * runs

    assert forecast(3) == 30
    with pytest.raises(sp.StockpileError, match=r"^The 'horizon' parameter must be a whole "):
        forecast(0)
    with pytest.raises(sp.StockpileError, match=r"'seed'.*Got -3 instead"):
        forecast(3, seed=-3)
    with pytest.raises(sp.StockpileError, match=r"'window'.*months >= 1, or None\. Got 0"):
        check(0, "window", ARGUMENTS["months"].or_none())
    check(None, "window", ARGUMENTS["months"].or_none())
    with pytest.raises(TypeError, match="no argument"):
        validate_params("runs")(lambda n: n)
    for name, rule in ARGUMENTS.items():  # no constraint takes a bool for a number
        if name not in ("trajectories", "stochastic"):
            assert not rule.holds(True), name


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (np.arange(5), True),
        ([3, 1, 2], True),
        (np.array([1, 1]), False),
        (np.array([-1, 0]), False),
        (np.array([0.0, 1.0]), False),
        (np.arange(4).reshape(2, 2), False),
        ([], False),
        ("01", False),
    ],
)
def test_run_ids_constraint(value: object, ok: bool) -> None:
    from stockpile.validation import ARGUMENTS

    assert ARGUMENTS["run_ids"].holds(value) is ok


@pytest.fixture(scope="module")
def fit() -> sp.calibrate.LaunchFit:
    return sp.calibrate.fit_launches(sp.data.observed_monthly(), until="2025-06")


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda f: f.forecast(3, 10, seed=-1), f"{SEED_MESSAGE} Got -1"),
        (lambda f: f.forecast(3, 10, seed="abc"), f"{SEED_MESSAGE} Got 'abc'"),
        (lambda f: f.means(3, True), "'runs' parameter must be a whole number >= 1. Got True"),
        (lambda f: f.means(0, 10), "'months' parameter must be a whole number of months >= 1"),
        (lambda f: f.means(3, 10, start=""), "'start' parameter must be a month"),
        (
            lambda f: sp.calibrate.fit_launches(sp.data.observed_monthly(), damping=True),
            "'damping' parameter must be a number in (0, 1]. Got True",
        ),
        (
            lambda f: sp.calibrate.fit_launches(sp.data.observed_monthly(), margin=-1.0),
            "'margin' parameter must be a finite number >= 0. Got -1.0",
        ),
        (
            lambda f: sp.calibrate.fit_launches(sp.data.observed_monthly(), window=0),
            "'window' parameter must be a whole number of months >= 1, or None. Got 0",
        ),
        (
            lambda f: sp.calibrate.implied_reserve(
                sp.data.observed_monthly(), {"cruise": sp.per_year(2000)}, start="2024-01", seed=-1
            ),
            SEED_MESSAGE,
        ),
        (
            lambda f: sp.calibrate.implied_reserve(
                sp.data.observed_monthly(), {"cruise": sp.per_year(2000)}, start="2024-01", runs=2
            ).quantiles([]),
            "'q' parameter must be a non-empty list of probabilities in [0, 1]. Got []",
        ),
    ],
)
def test_calibrate_arguments_checked_from_the_table(fit, call, fragment: str) -> None:
    with pytest.raises(sp.StockpileError) as error:
        call(fit)
    assert fragment in str(error.value)


def test_backtest_checks_its_arguments_before_fitting(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    module = sys.modules["stockpile.calibrate.backtest"]

    def explode(*args: object, **kwargs: object) -> None:
        raise AssertionError("a fit ran")

    monkeypatch.setattr(module, "fit_launches", explode)
    monthly = sp.data.observed_monthly()
    for options, fragment in [
        ({"seed": -1}, SEED_MESSAGE),
        ({"runs": 0}, "'runs'"),
        ({"horizon": 0}, "'horizon' parameter must be a whole number of months >= 1"),
        ({"levels": 0.5}, "'levels' parameter must be a non-empty list of levels in (0, 1)"),
        ({"levels": [0.5, float("nan")]}, "'levels'"),
    ]:
        with pytest.raises(sp.StockpileError) as error:
            sp.calibrate.backtest(monthly, ["2025-01"], **options)  # type: ignore[arg-type]
        assert fragment in str(error.value)


def test_toml_schema_and_units_derive_from_field_metadata() -> None:
    import dataclasses

    from stockpile.config import _schema
    from stockpile.params import declared

    @dataclasses.dataclass(frozen=True)
    class Launcher(sp.Missile):  # a new numeric parameter: the dataclass is all that changes
        reload: float = declared("factor", 1.0, "reloads per launcher", "1/month")

    assert _schema._forms(Launcher)["reload"] == "number"
    assert _schema._units("missiles", Launcher)[("missiles", "reload")] == "[1/month]"
    assert _schema._forms(sp.Missile) == _schema.MISSILE_KEYS
    assert _schema.UNITS[("interceptors", "shots")] == "per target [1]"
    assert _schema.UNITS[("", "months")] == "[months]"
    assert _schema.INTERCEPTOR_KEYS["lead_time"] == "integer"
    assert _schema.EVENT_TYPES["production_shock"][1]["months"] == "integer"


# --- issue 13, item 13: bad input that passed silently or crashed ------------------------------


def with_interceptor(**changes: object) -> sp.Scenario:
    fields = {"stock": 10, "pk": 0.5, "engages": ["ballistic"], **changes}
    return sp.Scenario(
        start="2025-01",
        months=12,
        missiles=[sp.Missile("ballistic", production=sp.per_year(1000), stock=100)],
        interceptors=[sp.Interceptor("patriot", **fields)],  # type: ignore[arg-type]
    )


MONTHS = pd.period_range("2025-01", periods=12, freq="M")


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        # invalid distribution parameters gave NaN trajectories
        (
            lambda: base(stock=scipy.stats.uniform(np.nan, 1)),
            ["'ballistic.stock'", "valid parameters", "uniform(nan, 1)"],
        ),
        (lambda: base(stock=scipy.stats.uniform(0, -1)), ["valid parameters", "uniform(0, -1)"]),
        (lambda: base(stock=scipy.stats.poisson(-1)), ["valid parameters", "poisson(-1)"]),
        (
            lambda: base(defended=scipy.stats.beta(-1, 2)),
            ["'ballistic.defended'", "valid parameters"],
        ),
        (
            lambda: base(production=sp.per_month(scipy.stats.pareto(0.01))),
            ["draws stay at most 1e+15", "largest draw of inf"],
        ),
        # shots drawn as non-integers
        (
            lambda: with_interceptor(shots=scipy.stats.uniform(1, 3)),
            ["'patriot.shots'", "discrete distribution on whole numbers"],
        ),
        (
            lambda: with_interceptor(shots=scipy.stats.poisson(2, loc=0.5)),
            ["'patriot.shots'", "draws lie within [1.0"],
        ),
        (
            lambda: with_interceptor(shots=scipy.stats.poisson(2, loc=1.5)),
            ["'patriot.shots'", "discrete distribution on whole numbers"],
        ),
        # a count that is one value per run given by month
        (
            lambda: base(stock=pd.Series(100.0, index=MONTHS)),
            ["'ballistic.stock'", "one value per run", "Series indexed by month"],
        ),
        (lambda: base(stock=np.full((2, 12), 100.0)), ["'ballistic.stock'", "shape (2, 12)"]),
        (lambda: with_interceptor(stock=np.full((1, 12), 9.0)), ["'patriot.stock'", "per run"]),
        (
            lambda: base(stock=sp.linear_ramp(1, 2, "2025-01", "2025-06")),
            ["'ballistic.stock'", "a ramp"],
        ),
        # overflow to inf or NaN
        (
            lambda: base(production=sp.per_month(1e308)),
            ["'ballistic.production'", "at most 1e+15", "1e+308"],
        ),
        (lambda: base(stock=1e16), ["'ballistic.stock'", "at most 1e+15"]),
        (lambda: with_interceptor(shots=10**7), ["'patriot.shots'", "at most 1e+06"]),
        (lambda: base(utilization=1e300), ["'ballistic.utilization'", "at most 1e+06"]),
        (lambda: base(dispersion=1e-300), ["'ballistic.dispersion'", "at least 1e-06"]),
        # 10**400 and strings crashed with OverflowError / TypeError / a plain ValueError
        (lambda: base(stock=10**400), ["'ballistic.stock'", "at most 1e+15", "1000000"]),
        (lambda: base(production=sp.per_month(10**400)), ["'ballistic.production'"]),
        (
            lambda: base(production=sp.per_month(pd.Series(["a"] * 12, index=MONTHS))),
            ["'ballistic.production'", "Series of numbers", "'a'"],
        ),
        (
            lambda: base(
                production=sp.per_month(pd.Series([10**400] * 12, index=MONTHS, dtype=object))
            ),
            ["'ballistic.production'", "Series of numbers"],
        ),
        (lambda: base(production=sp.per_month(np.array(["1", "2"]))), ["numbers only"]),
    ],
)
def test_bad_values_refused_before_computing(build, fragments: list[str]) -> None:
    with pytest.raises(sp.StockpileError) as error:
        sp.simulate(build(), runs=2, seed=1)
    for fragment in fragments:
        assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (lambda: sp.linear_ramp("a", 2, "2025-01", "2025-06"), ["'linear_ramp.low'", "'a'"]),
        (lambda: sp.logistic_ramp(1, 10**400, "2025-01", "2025-06"), ["'logistic_ramp.high'"]),
        (lambda: sp.linear_ramp(None, 2, "2025-01", "2025-06"), ["'linear_ramp.low'", "None"]),
        (lambda: sp.linear_ramp(1, 2, None, "2025-06"), ["'linear_ramp.start'", "None"]),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=12,
                missiles=[sp.Missile("a")],
                events=[sp.Ceasefire(start="2025-06", end="2025-03")],
            ),
            ["'ceasefire.end'", "a month from start (2025-06) on", "'2025-03'"],
        ),
        (
            lambda: sp.Scenario(
                start="2025-01",
                months=12,
                missiles=[sp.Missile("a")],
                events=[sp.Ceasefire(start=np.array([2, 5]), end=np.array([4, 4]))],
            ),
            ["'ceasefire.end'", "a month from start (2025-06) on", "'2025-05'"],
        ),
        (lambda: with_interceptor(engages=[]), ["'patriot.engages'", "non-empty", "['ballistic']"]),
        (lambda: with_interceptor(engages=None), ["'patriot.engages'", "Got None"]),
        (lambda: with_interceptor(engages=[1]), ["'patriot.engages'", "[1]"]),
        (
            lambda: with_interceptor(engages=["ballistic", "ballistic"]),
            ["'patriot.engages'", "distinct", "more than once"],
        ),
        (lambda: with_interceptor(lead_time=True), ["'patriot.lead_time'", "Got True"]),
        (
            lambda: base(
                launches=sp.policies.LaunchPolicy(
                    "campaign", {"rate": sp.per_month(10), "profile": (1.0, 2.0)}
                )
            ),
            ["'ballistic.launches.profile'", "12 finite non-negative multipliers"],
        ),
    ],
)
def test_bad_structure_refused_with_the_house_message(build, fragments: list[str]) -> None:
    with pytest.raises(sp.StockpileError) as error:
        build()
    for fragment in fragments:
        assert fragment in str(error.value)


def test_largest_accepted_values_stay_finite() -> None:
    from stockpile.params import LARGEST, LARGEST_FACTOR

    scenario = sp.Scenario(
        start="2025-01",
        months=600,
        missiles=[
            sp.Missile(
                "m",
                production=sp.per_month(LARGEST),
                utilization=LARGEST_FACTOR,
                imports=sp.per_month(LARGEST),
                stock=LARGEST,
                launches=sp.per_month(LARGEST),
            )
        ],
        interceptors=[
            sp.Interceptor(
                "p",
                pk=0.5,
                stock=LARGEST,
                deliveries=sp.per_month(LARGEST),
                shots=int(LARGEST_FACTOR),
                engages=["m"],
            )
        ],
        events=[sp.ProductionShock(start="2025-03", months=2, factor=LARGEST_FACTOR)],
    )
    overdispersed = scenario.with_params({"m.dispersion": 1e-6})  # the smallest dispersion
    for result in (
        sp.simulate(scenario, 2),
        sp.simulate(scenario, 2, stochastic=True, seed=1),
        sp.simulate(overdispersed, 2, stochastic=True, seed=1),
    ):
        for variable in result.trajectories:
            assert np.isfinite(result.trajectories[variable]).all(), variable
        for name in ("final_missile_stock", "reserve_growth_per_year", "leakers_total"):
            assert np.isfinite(result.metric(name)).all(), name


# --- issue 13, item 14: memory is estimated before anything is allocated ----------------------


def test_too_many_runs_refused_before_allocating() -> None:
    with pytest.raises(sp.StockpileError) as error:
        sp.simulate(base(), runs=10**12)
    message = str(error.value)
    assert message.startswith("The 'runs' parameter must be at most ")
    assert "runs with trajectories over 12 months here. Got 1000000000000 instead." in message
    assert "PB; " in message  # what it would need, and what is available


def test_memory_message_says_what_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    from stockpile import validation

    monkeypatch.setattr(validation, "available_memory", lambda: 4 * 2**30)
    with pytest.raises(sp.StockpileError) as error:
        sp.simulate(base(), runs=10**7)
    assert "Pass trajectories=False to keep only per-run metrics, or runs=" in str(error.value)
    with pytest.raises(sp.StockpileError) as error:
        sp.simulate(base(), runs=10**8)
    assert ", or trajectories=False with runs=" in str(error.value)
    assert sp.simulate(base(), runs=10**5, trajectories=False).runs == 10**5
    monkeypatch.setattr(validation, "available_memory", lambda: 2**30)
    long = sp.Scenario(start="2025-01", months=10_000_000, missiles=[sp.Missile("m")])
    with pytest.raises(sp.StockpileError, match="'months' parameter must be a horizon that fits"):
        sp.simulate(long)
    years = sp.Scenario(start="2025-01", months=120_000, missiles=[sp.Missile("m")])
    with pytest.raises(sp.StockpileError, match=r"'chunk_size'.*Pass chunk_size="):
        sp.simulate(years, runs=1000, trajectories=False)


def test_calibrate_forecast_refused_before_drawing(monkeypatch: pytest.MonkeyPatch, fit) -> None:
    from stockpile import validation

    monkeypatch.setattr(validation, "available_memory", lambda: 2**30)
    with pytest.raises(sp.StockpileError, match="'runs' parameter must be at most"):
        fit.forecast(12, 10**8, seed=1)


@pytest.mark.parametrize(("stochastic", "trajectories"), [(False, True), (True, False)])
def test_memory_estimate_bounds_what_simulate_allocates(stochastic: bool, trajectories: bool):
    import tracemalloc

    from stockpile.validation import _WORK_FIXED, simulation_memory

    missiles = [
        sp.Missile(
            f"m{k}",
            production=sp.per_month(scipy.stats.uniform(50, 100)),
            launches=sp.per_month(80),
            stock=500,
        )
        for k in range(2)
    ]
    months = 36 if stochastic else 120  # the stochastic mode allocates month by month: slow
    scenario = sp.Scenario(
        start="2025-01",
        months=months,
        missiles=missiles,
        interceptors=[sp.Interceptor("p", pk=0.6, stock=900, engages=["m0", "m1"])],
    )
    runs, chunk = (1000, 400) if stochastic else (3000, 1000)
    tracemalloc.start()
    try:
        sp.simulate(
            scenario,
            runs,
            seed=1,
            stochastic=stochastic,
            trajectories=trajectories,
            chunk_size=chunk,
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = (
        simulation_memory(
            missiles=2,
            interceptors=1,
            months=months,
            runs=runs,
            chunk=chunk,
            trajectories=trajectories,
        )
        - _WORK_FIXED
    )
    assert peak <= estimate <= 8 * peak


# --- issue 13, items 16 and 17 ----------------------------------------------------------------


@pytest.mark.parametrize("q", [[], [np.nan], 0.5, [0.5, 2.0], "0.5"])
def test_quantile_levels_checked(q: object) -> None:
    result = sp.simulate(base(), runs=3)
    with pytest.raises(sp.StockpileError, match="'q' parameter must be a non-empty list of prob"):
        result.quantiles("missile_stock", q)  # type: ignore[arg-type]


def test_to_frame_of_a_variable_without_items() -> None:
    result = sp.simulate(sp.Scenario(start="2025-01", months=3, missiles=[sp.Missile("m")]))
    with pytest.raises(sp.StockpileError) as error:
        result.to_frame(["deliveries"])
    assert "'variables' parameter" in str(error.value)
    assert "no interceptor types" in str(error.value)
    assert set(result.to_frame()["variable"]) <= set(sp.results.MISSILE_VARIABLES)


@pytest.mark.parametrize("per", ["Month", "yr", "decade", "months", None])
def test_rate_units_are_month_or_year_only(per: object) -> None:
    with pytest.raises(sp.StockpileError) as error:
        sp.Rate(1200, per)  # type: ignore[arg-type]
    assert f"The 'per' parameter must be one of ['month', 'year']. Got {per!r}" in str(error.value)
    assert sp.Rate(1200, "year").to_monthly == 1 / 12


@pytest.mark.parametrize("start", [None, "", "NaT"])
def test_scenario_start_must_be_a_month(start: object) -> None:
    with pytest.raises(sp.StockpileError, match="'start' parameter must be a month"):
        sp.Scenario(start=start, months=3, missiles=[sp.Missile("a")])


def test_import_delivery_needs_a_missile() -> None:
    with pytest.raises(sp.StockpileError, match=r"'events\[0\].missile'.*Got None"):
        sp.Scenario(
            start="2025-01",
            months=3,
            missiles=[sp.Missile("a")],
            events=[sp.ImportDelivery(month="2025-02", missile=None, quantity=5)],  # type: ignore[arg-type]
        )


def test_check_memory_for_counted_things(monkeypatch: pytest.MonkeyPatch) -> None:
    from stockpile import validation

    monkeypatch.setattr(validation, "available_memory", lambda: 2**30)
    validation.check_memory("samples", 1000, bytes_each=64, what="points")
    with pytest.raises(sp.StockpileError) as error:
        validation.check_memory("samples", 10**12, bytes_each=64, what="points")
    assert str(error.value).startswith(
        "The 'samples' parameter must be at most 16,777,216 points here. Got 1000000000000 instead."
    )
