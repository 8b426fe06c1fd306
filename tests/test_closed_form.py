"""MODEL.md's closed-form checks, for both solvers (month loop and all-months-at-once)."""

from __future__ import annotations

import numpy as np
import pytest

import stockpile as sp
from stockpile import engine


@pytest.fixture(params=["lindley", "loop"])
def solver(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(engine, "LINDLEY_MAX_RUNS", 10**9 if request.param == "lindley" else 0)
    return str(request.param)


def article(**events: object) -> sp.Scenario:
    return sp.Scenario(
        start="2025-01",
        months=24,
        missiles=[sp.Missile("missiles", production=sp.per_year(2900), launches=sp.per_year(2061))],
        events=list(events.values()),  # type: ignore[arg-type]
    )


def test_reserve_grows_839_a_year(solver: str) -> None:
    result = sp.simulate(article())
    stock = result.get("missile_stock")[0]
    assert np.allclose(np.diff(stock), 839 / 12)
    assert stock[11] == pytest.approx(839.0)
    assert result.metric("reserve_growth_per_year")[0] == pytest.approx(839.0)


def test_ceasefire_from_month_zero_grows_2900_a_year(solver: str) -> None:
    result = sp.simulate(article(c=sp.Ceasefire(start="2025-01")))
    assert result.get("missile_stock")[0, 11] == pytest.approx(2900.0)
    assert result.get("launches").sum() == 0.0
    assert result.metric("reserve_growth_per_year")[0] == pytest.approx(2900.0)


def test_ceasefire_window_ends(solver: str) -> None:
    result = sp.simulate(article(c=sp.Ceasefire(start="2025-04", end="2025-07")))
    launches = result.get("launches")[0]
    assert np.allclose(launches[3:6], 0.0)
    assert np.allclose(launches[[0, 1, 2, 6, 7]], 2061 / 12)


def test_magazine_empties_after_month_30(magazine: sp.Scenario, solver: str) -> None:
    result = sp.simulate(magazine)
    stock = result.get("interceptor_stock")[0]
    shortfall = result.get("interceptor_shortfall")[0]
    assert np.allclose(result.get("interceptors_fired")[0, :30], 40.0)  # demand 40/month
    assert np.allclose(np.diff(np.r_[300.0, stock[:30]]), -10.0)  # net burn 10/month
    assert stock[29] == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(shortfall[:30], 0.0)
    assert shortfall[30] == pytest.approx(10.0)  # month 31
    assert result.summary()["depletion_month"][0] == result.index[30]
    assert result.metric("months_of_cover")[0] == pytest.approx(30.0)


def test_stock_balance_every_month(contract: sp.Scenario, solver: str) -> None:
    result = sp.simulate(contract)
    for item in result.missiles:
        stock = np.r_[
            [m.stock for m in contract.missiles if m.name == item],
            result.get("missile_stock", item)[0],
        ]
        flows = (
            result.get("production", item)[0]
            + result.get("imports", item)[0]
            - result.get("launches", item)[0]
        )
        assert np.allclose(np.diff(stock), flows)
    magazine = np.r_[300.0, result.get("interceptor_stock", "patriot")[0]]
    assert np.allclose(
        np.diff(magazine), result.get("deliveries")[0] - result.get("interceptors_fired")[0]
    )


def test_launches_never_exceed_what_exists(solver: str) -> None:
    scenario = sp.Scenario(
        start="2025-01",
        months=12,
        missiles=[
            sp.Missile("m", production=sp.per_month(10), launches=sp.per_month(50), stock=100)
        ],
    )
    result = sp.simulate(scenario)
    stock = result.get("missile_stock")[0]
    assert (stock >= 0).all()
    # available 110 -> 50 launched, 70 -> 50, 30 -> 30, then the 10 built each month
    assert np.allclose(result.get("launches")[0, :4], [50, 50, 30, 10])
    assert np.allclose(result.get("unmet_launches")[0, :4], [0, 0, 20, 40])
    assert result.metric("unmet_launches_total")[0] == pytest.approx(20 + 40 * 9)


def test_leakers_are_unengaged_plus_missed(magazine: sp.Scenario, solver: str) -> None:
    result = sp.simulate(magazine)
    kill = 1 - (1 - 0.8) ** 2
    assert result.get("intercepted", "patriot")[0, 0] == pytest.approx(20 * kill)
    assert result.get("intercepted", "ballistic")[0, 0] == pytest.approx(20 * kill)
    assert result.get("leakers")[0, 0] == pytest.approx(40 - 20 * kill)
    assert result.metric("intercept_rate")[0] < kill  # after depletion fewer are engaged


def test_shoot_look_shoot_expected_shots(solver: str) -> None:
    scenario = sp.Scenario(
        start="2025-01",
        months=3,
        missiles=[sp.Missile("b", production=sp.per_month(10), launches=sp.per_month(10), stock=0)],
        interceptors=[
            sp.Interceptor(
                "p",
                stock=1000,
                engages=["b"],
                shots=1,
                second_shots=1,
                pk=0.6,
                doctrine="shoot-look-shoot",
            )
        ],
    )
    result = sp.simulate(scenario)
    assert result.get("interceptors_fired")[0, 0] == pytest.approx(10 * (1 + 0.4))
    assert result.get("intercepted", "p")[0, 0] == pytest.approx(10 * (1 - 0.4**2))


def unreliable(reliability: float = 0.75, stock: float = 10_000.0) -> sp.Scenario:
    """120 launches a month, a share ``reliability`` of them working, half of those aimed at
    the one area, where one certain shot each destroys them while the magazine lasts."""
    return sp.Scenario(
        start="2025-01",
        months=12,
        missiles=[
            sp.Missile(
                "ballistic",
                stock=5000,
                launches=sp.per_month(120),
                defended=0.5,
                reliability=reliability,
            )
        ],
        interceptors=[
            sp.Interceptor("patriot", stock=stock, engages=["ballistic"], shots=1, pk=1.0)
        ],
    )


def test_failed_launches_hit_nothing(solver: str) -> None:
    # failed (1 - 0.75)·120 = 30; aimed 0.5·90 = 45, all destroyed; leakers 120 - 30 - 45 = 45
    for keep in (True, False):
        result = sp.simulate(unreliable(), trajectories=keep)
        if keep:
            assert np.allclose(result.get("failed"), 30.0)
            assert np.allclose(result.get("launches"), 120.0)
            assert np.allclose(result.get("intercepted", "ballistic"), 45.0)
            assert np.allclose(result.get("leakers"), 45.0)
            assert np.allclose(result.get("interceptors_fired"), 45.0)
            assert np.allclose(result.get("missile_stock")[0, -1], 5000 - 12 * 120)
        assert result.metric("leakers_total")[0] == pytest.approx(12 * 45.0)
        assert result.metric("intercept_rate")[0] == pytest.approx(45 / 120)  # as the record
        assert result.metric("kill_rate")[0] == pytest.approx(1.0)


def test_failures_spare_the_magazine(solver: str) -> None:
    # demand ρ·δ·L = 45 a month: 450 rounds last 10 months, not 7.5 as with ρ = 1
    assert sp.simulate(unreliable(stock=450)).metric("months_to_depletion")[0] == 10
    assert sp.simulate(unreliable(1.0, stock=450)).metric("months_to_depletion")[0] == 7
    assert np.all(sp.simulate(unreliable(1.0)).get("failed") == 0.0)
