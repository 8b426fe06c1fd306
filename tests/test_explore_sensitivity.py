"""Sensitivity: Sobol' indices against analytic answers, bootstrap intervals, tornado."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from scenarios import patriot_case
from scipy.stats import qmc

import stockpile as sp
import stockpile.explore as ex
from stockpile.errors import StockpileError
from stockpile.explore.sensitivity import bootstrap_indices

LINEAR = {"m.production": sp.per_year((600, 1500)), "m.launches": sp.per_year((500, 800))}
#: First-order indices of final stock = stock + production - launches (per year, 12 months):
#: proportional to the variances of the uniform terms, 900² : 300², summing to 1.
LINEAR_FIRST = np.array([900**2, 300**2]) / (900**2 + 300**2)


def reserve(months=12):
    """One missile type whose reserve never binds: the end reserve is linear in the rates."""
    return sp.Scenario(
        start="2025-01",
        months=months,
        missiles=[
            sp.Missile("m", production=sp.per_year(1000), launches=sp.per_year(600), stock=10_000)
        ],
    )


def contract():
    return patriot_case(24, cruise=False)


def test_linear_reserve_has_first_order_indices_proportional_to_variances():
    indices = ex.sobol(reserve(), LINEAR, metric="final_missile_stock", n=2**10, seed=1)
    assert list(indices.columns) == [
        "metric",
        "parameter",
        "first_order",
        "first_order_low",
        "first_order_high",
        "total_order",
        "total_order_low",
        "total_order_high",
    ]
    assert list(indices["parameter"]) == ["m.production", "m.launches"]  # by total order
    first = indices["first_order"].to_numpy()
    np.testing.assert_allclose(first, LINEAR_FIRST, atol=0.02)
    assert first.sum() == pytest.approx(1.0, abs=0.03)
    assert (indices["first_order_low"] <= LINEAR_FIRST).all()
    assert (indices["first_order_high"] >= LINEAR_FIRST).all()
    np.testing.assert_allclose(indices["total_order"], LINEAR_FIRST, atol=0.02)
    assert indices.attrs["evaluations"] == 2**10 * 4


def test_ranking_month_by_month():
    indices = ex.sobol(reserve(months=6), LINEAR, variable="missile_stock", n=2**9, seed=2)
    assert list(indices.columns[:2]) == ["month", "parameter"]
    assert len(indices) == 6 * 2
    assert indices["month"].dtype == "period[M]"
    first = indices.pivot(index="month", columns="parameter", values="first_order")
    # every month's stock is linear in the rates with the same weights
    np.testing.assert_allclose(first["m.production"], LINEAR_FIRST[0], atol=0.03)
    np.testing.assert_allclose(first["m.launches"], LINEAR_FIRST[1], atol=0.03)


def test_irrelevant_parameter_has_zero_indices():
    bounds = {
        "ballistic.production": sp.per_year((600, 1500)),
        "patriot.deliveries": sp.per_month((10, 60)),
        "patriot.pk": (0.5, 0.9),
    }
    indices = ex.sobol(
        contract(), bounds, metric=["months_to_depletion", "leakers_total"], n=2**9, seed=3
    ).set_index(["metric", "parameter"])
    # the reserve never binds, so production changes neither shortfall nor leakers
    assert indices.loc[("leakers_total", "ballistic.production"), "total_order"] == 0
    assert indices.loc[("months_to_depletion", "patriot.pk"), "total_order"] == 0
    assert indices.loc[("months_to_depletion", "patriot.deliveries"), "first_order"] > 0.9


def ishigami(x):
    return np.sin(x[0]) + 7 * np.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * np.sin(x[0])


def test_vectorised_bootstrap_matches_scipys_on_ishigami():
    n, d = 2**10, 3
    dists = [scipy.stats.uniform(-np.pi, 2 * np.pi)] * d
    u = qmc.Sobol(2 * d, seed=np.random.default_rng(4)).random(n)
    a, b = (np.stack([dists[i].ppf(u[:, k * d + i]) for i in range(d)]) for k in (0, 1))
    ab = np.repeat(a[None], d, axis=0)
    ab[np.arange(d), np.arange(d)] = b
    f_a, f_b = ishigami(a)[None], ishigami(b)[None]
    f_ab = np.stack([ishigami(ab[i]) for i in range(d)])[:, None]
    result = scipy.stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
    theirs = result.bootstrap(n_resamples=999)
    first, total = bootstrap_indices(
        f_a, f_b, f_ab, resamples=999, confidence=0.95, rng=np.random.default_rng(5)
    )
    np.testing.assert_allclose(
        first[:, 0],
        [theirs.first_order.confidence_interval.low, theirs.first_order.confidence_interval.high],
        atol=0.04,
    )
    np.testing.assert_allclose(
        total[:, 0],
        [theirs.total_order.confidence_interval.low, theirs.total_order.confidence_interval.high],
        atol=0.04,
    )
    exact_first = [0.3139, 0.4424, 0.0]
    assert ((first[0, 0] - 0.02 <= exact_first) & (exact_first <= first[1, 0] + 0.02)).all()


def test_sobol_checks_its_arguments():
    with pytest.raises(StockpileError, match="'n' parameter must be a power of two"):
        ex.sobol(reserve(), LINEAR, metric="final_missile_stock", n=1000)
    with pytest.raises(StockpileError, match=r"'metric' parameter.*exactly one"):
        ex.sobol(reserve(), LINEAR, n=64)
    with pytest.raises(StockpileError, match="'variable' parameter"):
        ex.sobol(reserve(), LINEAR, variable="stock", n=64)
    with pytest.raises(StockpileError, match=r"Unknown parameter path 'm.speed'"):
        ex.sobol(reserve(), {"m.speed": (0, 1)}, metric="final_missile_stock", n=64)
    with pytest.raises(StockpileError, match="low < high"):
        ex.sobol(reserve(), {"m.stock": (5, 1)}, metric="final_missile_stock", n=64)
    with pytest.raises(StockpileError, match="'months_of_cover' is NaN or infinite"):
        ex.sobol(reserve(), LINEAR, metric="months_of_cover", n=64)


def test_tornado_sorts_by_swing_and_matches_simulate():
    bounds = {
        "ballistic.production": sp.per_year((600, 1500)),
        "patriot.deliveries": sp.per_month((10, 60)),
        "patriot.pk": (0.5, 0.9),
    }
    table = ex.tornado(contract(), bounds, "leakers_total")
    assert list(table.columns) == ["low_value", "high_value", "low", "high", "base", "swing"]
    assert list(table.index) == ["patriot.deliveries", "patriot.pk", "ballistic.production"]
    assert table["swing"].is_monotonic_decreasing
    base = sp.simulate(contract()).metric("leakers_total")[0]
    assert (table["base"] == base).all()
    high = sp.simulate(contract().with_params({"patriot.pk": 0.9})).metric("leakers_total")[0]
    assert table.loc["patriot.pk", "high"] == pytest.approx(high)
    assert table.loc["ballistic.production", "swing"] == 0
    assert table.loc["patriot.deliveries", "high_value"] == 60


@pytest.mark.parametrize("study", ["tornado", "sobol"])
def test_sensitivity_of_the_calendar_depletion_month_is_refused(study):
    bounds = {"patriot.deliveries": sp.per_month((10, 60))}
    with pytest.raises(StockpileError) as info:
        if study == "tornado":
            ex.tornado(contract(), bounds, "depletion_month")
        else:
            ex.sobol(contract(), bounds, "depletion_month", n=8)
    message = str(info.value)
    assert "The 'metric' parameter must be a numeric metric" in message
    assert "Use 'months_to_depletion', a number: months after 2025-01." in message
    swings = ex.tornado(contract(), bounds, "months_to_depletion")
    assert swings.attrs["unit"] == "months after 2025-01"
    assert swings.attrs["parameter_units"] == {"patriot.deliveries": "interceptors/month"}
