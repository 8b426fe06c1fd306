"""The result type: tidy frame, summary, quantiles, ensemble statistics, summary mode."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import stockpile as sp
from stockpile.results import VARIABLES


def test_to_frame_is_tidy(contract: sp.Scenario) -> None:
    result = sp.simulate(contract, runs=2)
    frame = result.to_frame()
    assert list(frame.columns) == ["run", "month", "item", "area", "variable", "value"]
    assert isinstance(frame["month"].dtype, pd.PeriodDtype)
    # no declared areas: no per-area variables
    assert set(frame["variable"]) == set(VARIABLES) - {"aimed", "area_leakers", "coverage"}
    # 9 missile variables x 2 missiles + 6 interceptor variables x 1, per run and month
    assert len(frame) == 2 * 36 * (9 * 2 + 6)
    assert frame["area"].isna().all()
    stock = frame.query("run == 1 and item == 'ballistic' and variable == 'missile_stock'")
    assert np.allclose(stock["value"], result.get("missile_stock", "ballistic")[1])
    only = result.to_frame(["launches"])
    assert set(only["variable"]) == {"launches"}


def test_summary_one_row_per_run(contract: sp.Scenario) -> None:
    uncertain = contract.with_params(
        {"ballistic.production": sp.per_year(scipy.stats.uniform(700, 600))}
    )
    ensemble = sp.simulate(uncertain, runs=100, seed=1)
    summary = ensemble.summary()
    assert len(summary) == 100 and summary.index.name == "run"
    for metric in (
        "final_missile_stock",
        "reserve_growth_per_year",
        "depletion_month",
        "months_of_cover",
        "leakers_total",
        "intercept_rate",
        "unmet_launches_total",
        "ballistic.production",
    ):
        assert metric in summary.columns
    assert isinstance(summary["depletion_month"].dtype, pd.PeriodDtype)
    per_item = ensemble.summary(per_item=True)
    assert np.allclose(
        per_item["final_missile_stock.cruise"] + per_item["final_missile_stock.ballistic"],
        per_item["final_missile_stock"],
    )


def test_quantiles_and_mean(contract: sp.Scenario) -> None:
    ensemble = sp.simulate(contract, runs=500, seed=2, stochastic=True)
    q = ensemble.quantiles("interceptor_stock", [0.05, 0.5, 0.95])
    assert q.index.equals(ensemble.index)
    assert list(q.columns) == [("patriot", 0.05), ("patriot", 0.5), ("patriot", 0.95)]
    one = ensemble.quantiles("missile_stock", [0.1, 0.9], item="cruise")
    assert (one[0.1] <= one[0.9]).all()
    assert np.allclose(one[0.9], np.quantile(ensemble.get("missile_stock", "cruise"), 0.9, axis=0))
    with pytest.raises(sp.StockpileError, match="'q'"):
        ensemble.quantiles("launches", [1.5])
    with pytest.raises(sp.StockpileError, match="'item'"):
        ensemble.get("launches")
    with pytest.raises(sp.StockpileError, match="'variable'"):
        ensemble.get("stock")


def test_depletion_statistics(magazine: sp.Scenario) -> None:
    # deliveries uncertain: some runs deplete at month 31, others never
    scenario = magazine.with_params({"patriot.deliveries": sp.per_month(np.array([30, 45.0]))})
    result = sp.simulate(scenario, runs=2)
    probability = result.depletion_probability()
    assert probability["any"].iloc[29] == 0.0 and probability["any"].iloc[30] == 0.5
    assert probability["any"].is_monotonic_increasing
    distribution = result.depletion_distribution()
    assert distribution["2027-07"] == 0.5 and distribution["never"] == 0.5
    assert distribution.sum() == pytest.approx(1.0)
    shortfall = result.expected_shortfall()
    assert shortfall["patriot"].iloc[30] == pytest.approx(5.0)


def test_summary_mode_keeps_metrics_only(contract: sp.Scenario) -> None:
    full = sp.simulate(contract, runs=20, seed=4, stochastic=True)
    lean = sp.simulate(contract, runs=20, seed=4, stochastic=True, trajectories=False, chunk_size=7)
    assert lean.trajectories == {}
    pd.testing.assert_frame_equal(full.summary(), lean.summary())
    assert lean.depletion_probability().equals(full.depletion_probability())
    with pytest.raises(sp.StockpileError, match="summary mode"):
        lean.quantiles("launches")
    assert "metrics only" in repr(lean)


def test_result_views_are_runs_by_months(contract: sp.Scenario) -> None:
    result = sp.simulate(contract, runs=3)
    assert result["launches"].shape == (3, 36, 2)
    assert result.get("interceptor_stock").shape == (3, 36)
    assert result.mean("launches").shape == (36, 2)


def test_depletion_month_is_a_calendar_month_everywhere(contract: sp.Scenario) -> None:
    """One meaning per name: ``metric("depletion_month")`` is a month, as in ``summary()``;
    the number of months after the start is ``months_to_depletion``."""
    result = sp.simulate(contract)
    month = result.metric("depletion_month")[0]
    offset = result.metric("months_to_depletion")[0]
    assert month == result.summary()["depletion_month"][0]
    assert month == result.index[0] + int(offset)
