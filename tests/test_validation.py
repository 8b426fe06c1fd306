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
            {"production": sp.per_year(scipy.stats.norm(100, 10))},
            ["support lies within [0.0, inf]", "truncated"],
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
