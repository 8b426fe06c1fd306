"""Thresholds: vectorised bisection against MODEL.md's closed forms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from scenarios import patriot_case

import stockpile as sp
import stockpile.explore as ex
from stockpile.errors import StockpileError

MAGAZINE = 300.0  # [interceptors]
DEMAND = 40.0  # ballistic launches 40/month × defended 0.5 × shots 2 [interceptors/month]


def contract(months=36, **changes):
    """MODEL.md's closed-form case: magazine 300, launches 40/month, defended 0.5, shots 2."""
    return patriot_case(months, events=[sp.Ceasefire(start="2027-06")], **changes)


def needed(magazine, months):
    """Deliveries with no shortfall in the first ``months``: demand − magazine / months."""
    return DEMAND - magazine / months


@pytest.mark.parametrize(("before", "months"), [("2027-01", 24), ("2026-07", 18), ("2027-06", 29)])
def test_minimum_deliveries_match_the_closed_form(before, months):
    found = ex.threshold(
        contract(),
        "patriot.deliveries",
        sp.per_month((0, 100)),
        condition=ex.no_depletion_before(before),
        tol=0.01,
    )
    exact = needed(MAGAZINE, months)
    assert found.name == "patriot.deliveries"
    assert found.index.name == "run"
    assert exact <= found.iloc[0] <= exact + 0.01  # on the safe side, within tol
    assert found.attrs["holds_above"].all()
    assert found.attrs["unit"] == "month"


def test_bracket_in_another_unit_answers_in_that_unit():
    found = ex.threshold(
        contract(),
        "patriot.deliveries",
        sp.per_year((0, 1200)),
        condition=ex.no_depletion_before("2027-01"),
        tol=0.12,
    )
    assert 12 * needed(MAGAZINE, 24) <= found.iloc[0] <= 12 * needed(MAGAZINE, 24) + 0.12


def test_each_run_gets_its_own_threshold():
    scenario = contract(**{"patriot.stock": scipy.stats.uniform(100, 400)})
    found = ex.threshold(
        scenario,
        "patriot.deliveries",
        sp.per_month((0, 100)),
        condition=ex.no_depletion_before("2027-01"),
        tol=1e-3,
        runs=40,
        seed=7,
    )
    magazines = sp.simulate(scenario, 40, seed=7).samples["patriot.stock"]
    exact = needed(magazines, 24)
    assert len(found) == 40
    assert ((found >= exact) & (found <= exact + 1e-3)).all()


def test_largest_value_for_which_a_condition_holds():
    # the ballistic reserve stops growing where 36 months of production equal 29 months of
    # launches at 40/month (none in the ceasefire from 2027-06)
    found = ex.threshold(
        contract(),
        "ballistic.production",
        sp.per_year((0, 2000)),
        condition=ex.at_most("reserve_growth_per_year.ballistic", 0),
        tol=0.1,
    )
    exact = 29 * 40 / 36 * 12  # [missiles/year]
    assert exact - 0.1 <= found.iloc[0] <= exact
    assert not found.attrs["holds_above"].any()


def test_least_production_for_a_reserve_of_2000():
    # final ballistic reserve = 600 + 36 (P/12) − 29 × 40 (launches until the ceasefire)
    found = ex.threshold(
        contract(),
        "ballistic.production",
        sp.per_year((0, 3000)),
        condition=ex.at_least("final_missile_stock.ballistic", 2000),
        tol=0.1,
    )
    exact = (2000 - 600 + 29 * 40) / 36 * 12
    assert exact <= found.iloc[0] <= exact + 0.1


def test_latest_ceasefire_month_keeping_the_magazine():
    # with 20/month delivered, net burn 20/month: the 300 magazine lasts 15 months, so a
    # ceasefire by 2026-04 (month 15) avoids any shortfall
    scenario = contract(**{"patriot.deliveries": sp.per_month(20)})
    found = ex.threshold(
        scenario,
        "ceasefire.start",
        ("2025-02", "2027-12"),
        condition=ex.no_depletion_before("2028-01"),
    )
    assert found.iloc[0] == pd.Period("2026-04", "M")
    assert found.attrs["tol"] == 1


def test_whole_numbers_are_found_exactly():
    scenario = contract(**{"patriot.stock": 1e6})
    found = ex.threshold(
        scenario, "patriot.shots", ex.integers(1, 10), condition=ex.at_least("kill_rate", 0.95)
    )
    assert found.iloc[0] == 3  # 1 − 0.3³ = 0.973 >= 0.95 > 1 − 0.3² = 0.91


def test_a_plain_callable_condition():
    found = ex.threshold(
        contract(),
        "patriot.deliveries",
        sp.per_month((0, 100)),
        condition=lambda r: r.get("interceptor_stock")[:, 11] >= 100,
        tol=0.01,
    )
    exact = DEMAND - (MAGAZINE - 100) / 12  # magazine after 12 months >= 100
    assert exact <= found.iloc[0] <= exact + 0.01


def test_unbracketed_condition_names_parameter_bracket_and_values():
    with pytest.raises(StockpileError) as info:
        ex.threshold(
            contract(),
            "patriot.deliveries",
            sp.per_month((0, 20)),
            condition=ex.no_depletion_before("2027-01"),
        )
    message = str(info.value)
    assert "'patriot.deliveries' parameter" in message
    assert "per_month((0, 20))" in message
    assert "months_to_depletion = 7 at per_month(0.0) and 15 at per_month(20.0)" in message
    assert "unbracketed='nan'" in message


def test_unbracketed_runs_can_be_nan():
    scenario = contract(**{"patriot.stock": scipy.stats.uniform(0, 1000)})
    found = ex.threshold(
        scenario,
        "patriot.deliveries",
        sp.per_month((0, 30)),
        condition=ex.no_depletion_before("2027-01"),
        runs=20,
        seed=1,
        unbracketed="nan",
    )
    magazines = sp.simulate(scenario, 20, seed=1).samples["patriot.stock"]
    exact = needed(magazines, 24)
    assert found[exact > 30].isna().all()
    assert found[exact <= 0].isna().all()  # holds at both ends: no threshold in the bracket
    inside = (exact > 0) & (exact < 30)
    assert np.allclose(found[inside], exact[inside], atol=0.03)


@pytest.mark.parametrize(
    ("path", "bracket", "kwargs", "message"),
    [
        ("patriot.lead_time", (0, 5), {}, "'patriot.lead_time' parameter must be a bracket"),
        ("patriot.deliveries", ["a", "b"], {}, "'patriot.deliveries' parameter must be a bracket"),
        ("patriot.deliveries", (100, 0), {}, "low < high"),
        ("patriot.deliveries", (0, 80), {}, "'patriot.deliveries' parameter must be a rate with"),
        ("patriot.pk", sp.per_year((0.1, 0.9)), {}, "without a unit"),
        ("patriot.speed", (0, 1), {}, "Unknown parameter path 'patriot.speed'"),
        ("patriot.deliveries", sp.per_month((0, 100)), {"tol": 0}, "'tol' parameter"),
        ("patriot.deliveries", sp.per_month((0, 100)), {"runs": 0}, "'runs' parameter"),
        (
            "patriot.deliveries",
            sp.per_month((0, 100)),
            {"unbracketed": "skip"},
            "'unbracketed' parameter",
        ),
        ("patriot.deliveries", sp.per_month((0, 100)), {"condition": 3}, "'condition' parameter"),
    ],
)
def test_bad_thresholds_raise_clear_errors(path, bracket, kwargs, message):
    arguments = {"condition": ex.no_depletion_before("2027-01"), **kwargs}
    with pytest.raises(StockpileError, match=message):
        ex.threshold(contract(), path, bracket, **arguments)


def test_condition_month_outside_the_horizon():
    with pytest.raises(StockpileError, match="'no_depletion_before' parameter"):
        ex.threshold(
            contract(),
            "patriot.deliveries",
            sp.per_month((0, 100)),
            condition=ex.no_depletion_before("2030-01"),
        )


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (lambda: ex.at_least("bogus", 1), "The 'condition' parameter must be metric names"),
        (lambda: ex.at_most("depletion_month", 5), "must be a numeric metric"),
        (lambda: ex.no_depletion_before("2031-01"), "a month from 2025-02 to 2028-01"),
        (lambda: ex.at_least("missile_stock@2031-01", 5), "a month within the horizon"),
    ],
)
def test_conditions_are_checked_before_anything_is_simulated(monkeypatch, condition, expected):
    from stockpile.explore import thresholds

    def engine(*args, **kwargs):
        raise AssertionError("the engine ran before the condition was checked")

    monkeypatch.setattr(thresholds, "simulate", engine)
    with pytest.raises(StockpileError, match=expected):
        ex.threshold(contract(), "patriot.deliveries", sp.per_month((0, 50)), condition())


@pytest.mark.parametrize("value", ["x", float("nan"), None, True])
def test_condition_limits_must_be_numbers(value):
    with pytest.raises(StockpileError, match=r"The 'at_least\.value' parameter must be a number"):
        ex.at_least("leakers_total", value)
