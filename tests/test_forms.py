"""Parameter forms, policies, events, units and reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import stockpile as sp


def one(months: int = 12, **missile: object) -> sp.Scenario:
    fields = {"production": sp.per_month(100), "launches": sp.per_month(60), "stock": 0, **missile}
    return sp.Scenario(start="2025-01", months=months, missiles=[sp.Missile("m", **fields)])  # type: ignore[arg-type]


def test_per_year_is_a_twelfth_of_per_month() -> None:
    a = sp.simulate(one(production=sp.per_year(1200)))
    b = sp.simulate(one(production=sp.per_month(100)))
    assert np.allclose(a.get("production"), b.get("production"))
    assert repr(sp.per_year(3)) == "per_year(3)"
    with pytest.raises(TypeError):
        sp.per_year(sp.per_month(3))


def test_series_per_run_array_and_2d_array() -> None:
    months = pd.period_range("2025-01", periods=12, freq="M")
    series = pd.Series(np.arange(12.0), index=months.astype(str))  # strings are months too
    result = sp.simulate(one(production=sp.per_month(series)))
    assert np.allclose(result.get("production")[0], np.arange(12.0))

    per_run = sp.simulate(one(stock=np.array([0.0, 10.0, 20.0])), runs=3)
    assert np.allclose(per_run.get("missile_stock")[:, 0], [40, 50, 60])

    grid = np.arange(36.0).reshape(3, 12)
    full = sp.simulate(one(production=sp.per_month(grid)), runs=3)
    assert np.allclose(full.get("production"), grid)


def test_distribution_sampled_per_run_and_recorded() -> None:
    scenario = one(production=sp.per_year(scipy.stats.uniform(600, 600)))
    result = sp.simulate(scenario, runs=2000, seed=5)
    drawn = result.samples["m.production"]
    assert drawn.min() >= 600 and drawn.max() <= 1200
    assert scipy.stats.kstest(drawn, scipy.stats.uniform(600, 600).cdf).pvalue > 1e-3
    assert np.allclose(result.get("production")[:, 0], drawn / 12)
    assert "m.production" in result.summary().columns


def test_a_parameter_draw_does_not_depend_on_other_parameters() -> None:
    alone = one(production=sp.per_year(scipy.stats.uniform(600, 600)))
    both = alone.with_params({"m.stock": scipy.stats.uniform(0, 50)})
    a = sp.simulate(alone, runs=50, seed=9).samples["m.production"]
    b = sp.simulate(both, runs=50, seed=9).samples["m.production"]
    assert np.array_equal(a, b)


def test_same_seed_same_result_and_run_i_does_not_depend_on_the_others() -> None:
    scenario = one(production=sp.per_year(scipy.stats.uniform(600, 600)))
    big = sp.simulate(scenario, runs=1000, seed=3, stochastic=True, chunk_size=100)
    small = sp.simulate(scenario, runs=10, seed=3, stochastic=True)
    again = sp.simulate(scenario, runs=1000, seed=3, stochastic=True)
    assert np.array_equal(big.get("launches")[:10], small.get("launches"))
    assert np.array_equal(big.get("launches"), again.get("launches"))
    other = sp.simulate(scenario, runs=10, seed=4, stochastic=True)
    assert not np.array_equal(other.get("launches"), small.get("launches"))
    offset = sp.simulate(scenario, runs=5, seed=3, stochastic=True, first_run=5)
    assert np.array_equal(offset.get("launches"), small.get("launches")[5:])


def test_unseeded_runs_record_their_entropy() -> None:
    scenario = one()
    result = sp.simulate(scenario, runs=3, stochastic=True)
    replay = sp.simulate(scenario, runs=3, stochastic=True, seed=result.seed.entropy)
    assert np.array_equal(result.get("launches"), replay.get("launches"))


def test_policies() -> None:
    floor = sp.simulate(
        one(
            stock=500,
            production=sp.per_month(10),
            launches=sp.reserve_floor(sp.per_month(100), 200),
        )
    )
    stock = floor.get("missile_stock")[0]
    assert stock.min() == pytest.approx(200.0)
    assert np.allclose(floor.get("launches")[0, -3:], 10.0)  # then fire as produced

    share = sp.simulate(one(launches=sp.share_of_production(0.25)))
    assert np.allclose(share.get("launches"), 25.0)

    profile = [2.0] * 3 + [0.5] * 6 + [2.0] * 3
    campaign = sp.simulate(one(stock=10_000, launches=sp.campaign(sp.per_month(60), profile)))
    assert np.allclose(campaign.get("launches")[0], 60 * np.array(profile))
    assert repr(sp.constant(sp.per_month(3))) == "constant(rate=per_month(3))"


def test_ramps() -> None:
    ramp = sp.linear_ramp(0, 1200, "2025-01", "2025-12")
    result = sp.simulate(one(production=sp.per_year(ramp)))
    assert result.get("production")[0, 0] == pytest.approx(0.0)
    assert result.get("production")[0, -1] == pytest.approx(100.0)
    assert (np.diff(result.get("production")[0]) > 0).all()
    s_curve = sp.logistic_ramp(0, 1200, "2025-03", "2025-10")
    values = sp.simulate(one(production=sp.per_year(s_curve))).get("production")[0] * 12
    assert values[2] == pytest.approx(120, rel=1e-6) and values[9] == pytest.approx(1080)


def test_events() -> None:
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[sp.Missile("m", production=sp.per_month(100), launches=sp.per_month(0))],
        interceptors=[
            sp.Interceptor("p", pk=0.5, deliveries=sp.per_month(10), lead_time=2, engages=["m"])
        ],
        events=[
            sp.ProductionShock(start="2025-02", months=2, factor=0.5),
            sp.ImportDelivery(month="2025-03", missile="m", quantity=40),
            sp.AidPackage(month="2025-04", interceptor="p", quantity=25),
        ],
    )
    result = sp.simulate(scenario)
    assert np.allclose(result.get("production")[0], [100, 50, 50, 100, 100, 100])
    assert np.allclose(result.get("imports")[0], [0, 0, 40, 0, 0, 0])
    assert np.allclose(result.get("deliveries")[0], [10, 10, 10, 35, 10, 10])
    assert scenario.with_params({"productionshock.factor": 0.0}).events[0].factor == 0.0


def test_delivery_shock_scales_what_arrives_not_aid() -> None:
    """D(t) = σ(t) d(max(t − ℓ, 1)) + aid: a pause multiplies the arrivals in its months."""
    months = pd.period_range("2025-01", periods=6, freq="M")
    supply = pd.Series([1.0, 2, 3, 4, 5, 6], index=months)
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[sp.Missile("m")],
        interceptors=[
            sp.Interceptor(
                "p", pk=0.5, lead_time=1, deliveries=sp.per_month(supply), engages=["m"]
            ),
            sp.Interceptor("q", pk=0.5, deliveries=sp.per_month(3), engages=["m"]),
        ],
        events=[
            sp.DeliveryShock(start="2025-03", months=2, factor=0.5, interceptor="p"),
            sp.AidPackage(month="2025-04", interceptor="p", quantity=10),
            sp.DeliveryShock(start="2025-06", months=1, factor=0.0),  # every type
        ],
    )
    result = sp.simulate(scenario)
    assert np.allclose(result.get("deliveries", "p")[0], [1, 1, 1, 11.5, 4, 0])
    assert np.allclose(result.get("deliveries", "q")[0], [3, 3, 3, 3, 3, 0])
    factors = np.array([0.0, 2.0])  # one factor per run: a pause and a surge
    per_run = sp.simulate(scenario.with_params({"deliveryshock[0].factor": factors}), runs=2)
    assert np.allclose(per_run.get("deliveries", "p")[:, 2], [0, 4])
    stochastic = sp.simulate(scenario, runs=4, seed=1, stochastic=True).get("deliveries", "p")
    assert stochastic.sum(axis=1) == pytest.approx([19, 19, 19, 19], abs=1)  # whole rounds


def test_lead_time_shifts_time_varying_supply() -> None:
    months = pd.period_range("2025-01", periods=6, freq="M")
    supply = pd.Series([1.0, 2, 3, 4, 5, 6], index=months)
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[sp.Missile("m")],
        interceptors=[
            sp.Interceptor("p", pk=0.5, lead_time=2, deliveries=sp.per_month(supply), engages=["m"])
        ],
    )
    assert np.allclose(sp.simulate(scenario).get("deliveries")[0], [1, 1, 1, 2, 3, 4])


def test_per_run_ceasefire_start() -> None:
    scenario = one(months=6).with_params({})
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=scenario.missiles,
        events=[sp.Ceasefire(start=["2025-02", "2025-05"])],
    )
    launches = sp.simulate(scenario, runs=2).get("launches")
    assert np.allclose(launches[0], [60, 0, 0, 0, 0, 0])
    assert np.allclose(launches[1], [60, 60, 60, 60, 0, 0])


def test_valid_forms_near_the_new_checks_still_run() -> None:
    """What the bad-input checks of issue 13 must keep accepting."""
    shots = sp.Interceptor(
        "p", pk=0.5, stock=50, shots=scipy.stats.poisson(1, loc=1), engages=["m"]
    )
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[
            sp.Missile(
                "m",
                production=sp.per_month(scipy.stats.lognorm(0.5, scale=100)),
                launches=sp.per_month(60),
                stock=np.array([0.0, 10.0, 20.0]),
            )
        ],
        interceptors=[shots],
        events=[
            sp.Ceasefire(start="2025-03", end="2025-03"),  # an empty window: a sweep's limit
            sp.ImportDelivery(month="2025-02", missile="m", quantity=np.array([1.0, 2, 3])),
        ],
    )
    result = sp.simulate(scenario, runs=3, seed=1)
    assert set(np.unique(result.samples["p.shots"])) <= {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0}
    assert np.isfinite(result.get("missile_stock")).all()
    randint = scenario.with_params({"p.shots": scipy.stats.randint(1, 4)})
    assert sp.simulate(randint, runs=3, seed=1).runs == 3
