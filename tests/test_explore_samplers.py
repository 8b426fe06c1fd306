"""Bounds and designs: samplers, grids, units, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import stockpile as sp
import stockpile.explore as ex
from stockpile.errors import StockpileError

BOUNDS = {
    "ballistic.production": sp.per_year((600, 1500)),
    "patriot.deliveries": sp.per_month((10, 60)),
    "patriot.pk": (0.5, 0.9),
}


@pytest.mark.parametrize("method", ["lhs", "sobol", "halton", "random"])
def test_design_has_one_column_per_path_within_bounds(method):
    design = ex.sample(BOUNDS, n=256, method=method, seed=1)
    assert list(design.columns) == list(BOUNDS)
    assert design.shape == (256, 3)
    assert design.attrs["units"] == {"ballistic.production": "year", "patriot.deliveries": "month"}
    for path, (low, high) in [
        ("ballistic.production", (600, 1500)),
        ("patriot.deliveries", (10, 60)),
        ("patriot.pk", (0.5, 0.9)),
    ]:
        assert design[path].between(low, high).all()
        assert design[path].dtype == np.float64


def test_lhs_puts_one_point_in_each_stratum():
    design = ex.lhs(BOUNDS, n=100, seed=3)
    strata = np.floor((design["patriot.pk"] - 0.5) / 0.4 * 100).astype(int)
    assert sorted(strata) == list(range(100))


def test_seed_makes_designs_reproducible():
    pd.testing.assert_frame_equal(ex.lhs(BOUNDS, 50, seed=7), ex.lhs(BOUNDS, 50, seed=7))
    assert not ex.lhs(BOUNDS, 50, seed=7).equals(ex.lhs(BOUNDS, 50, seed=8))
    pd.testing.assert_frame_equal(ex.halton(BOUNDS, 50, seed=7), ex.halton(BOUNDS, 50, seed=7))
    pd.testing.assert_frame_equal(
        ex.sobol_sequence(BOUNDS, 64, seed=7), ex.sobol_sequence(BOUNDS, 64, seed=7)
    )


def test_sobol_points_need_a_power_of_two():
    with pytest.raises(StockpileError, match=r"'n' parameter must be a power of two.*n=64"):
        ex.sobol_sequence(BOUNDS, n=100, seed=1)
    with pytest.raises(StockpileError, match="'n' parameter"):
        ex.lhs(BOUNDS, n=0)


def test_unknown_method_lists_the_samplers():
    with pytest.raises(StockpileError, match="halton"):
        ex.sample(BOUNDS, 10, method="latin")


def test_categorical_integer_month_and_distribution_bounds():
    bounds = {
        "patriot.doctrine": ["salvo", "shoot-look-shoot"],
        "patriot.shots": ex.integers(1, 3),
        "ceasefire.start": ("2025-06", "2027-01"),
        "cruise.stock": scipy.stats.uniform(1000, 1000),
        "ballistic.stock": ex.choice([300, 600]),
        "cruise.defended": [0.0, 0.25],
    }
    design = ex.lhs(bounds, n=400, seed=2)
    assert set(design["patriot.doctrine"]) == {"salvo", "shoot-look-shoot"}
    assert set(design["patriot.shots"]) == {1, 2, 3}
    assert design["patriot.shots"].dtype == np.int64
    assert design["ceasefire.start"].dtype == "period[M]"
    assert design["ceasefire.start"].min() == pd.Period("2025-06", "M")
    assert design["ceasefire.start"].max() == pd.Period("2027-01", "M")
    assert design["cruise.stock"].between(1000, 2000).all()
    assert design["ballistic.stock"].dtype == np.int64
    assert set(design["ballistic.stock"]) == {300, 600}
    assert design["cruise.defended"].dtype == np.float64


def test_grid_is_full_factorial():
    bounds = {
        **BOUNDS,
        "patriot.doctrine": ex.choice(["salvo", "shoot-look-shoot"]),
        "ceasefire.start": ex.months("2025-06", "2025-08"),
    }
    design = ex.grid(
        bounds,
        levels={
            "ballistic.production": 4,
            "patriot.deliveries": 2,
            "patriot.pk": 3,
            "ceasefire.start": 5,
        },
    )
    assert len(design) == 4 * 2 * 3 * 2 * 3
    assert not design.duplicated().any()
    assert sorted(design["ballistic.production"].unique()) == [600, 900, 1200, 1500]
    assert list(design["ceasefire.start"].unique().astype(str)) == ["2025-06", "2025-07", "2025-08"]
    assert design.attrs["units"]["ballistic.production"] == "year"
    with pytest.raises(StockpileError, match="'levels' parameter"):
        ex.grid(BOUNDS, levels=1)


@pytest.mark.parametrize(
    ("bound", "message"),
    [
        ((1500, 600), r"low < high.*Got \(1500, 600\).*Write \(600, 1500\)"),
        (sp.per_year((1500, 600)), "low < high"),
        ((0.5, np.inf), "finite bounds"),
        ("fast", "a \\(low, high\\) tuple"),
        (("2027-01", "2025-06"), "first before last"),
        (sp.per_year(["salvo", "x"]), "numeric bound inside per_year"),
    ],
)
def test_bad_bounds_name_the_path(bound, message):
    with pytest.raises(StockpileError, match=message) as info:
        ex.lhs({"ballistic.production": bound}, 10)
    assert "'ballistic.production'" in str(info.value)


def test_bound_helpers_validate():
    with pytest.raises(StockpileError, match="'choice' parameter"):
        ex.choice([])
    with pytest.raises(StockpileError, match="low < high"):
        ex.integers(3, 1)
    with pytest.raises(StockpileError, match=r"'integers.low' parameter"):
        ex.integers(0.5, 3)
    with pytest.raises(StockpileError, match=r"'months.first' parameter"):
        ex.months("soon", "2026-01")
    with pytest.raises(StockpileError, match="'bounds' parameter"):
        ex.lhs({}, 10)


@pytest.mark.parametrize("seed", [-1, "x", 1.5, True])
@pytest.mark.parametrize("method", ["lhs", "random"])
def test_bad_seeds_get_the_library_message(method, seed):
    with pytest.raises(StockpileError, match="The 'seed' parameter must be a whole number >= 0"):
        ex.sample(BOUNDS, 8, method=method, seed=seed)


@pytest.mark.parametrize(
    ("make", "parameter"),
    [
        (lambda: ex.lhs(BOUNDS, 10**12, seed=1), "n"),
        (lambda: ex.sobol_sequence(BOUNDS, 2**50, seed=1), "n"),
        (lambda: ex.grid({f"p{k}.pk": (0, 1) for k in range(8)}, levels=100), "levels"),
    ],
)
def test_designs_that_cannot_fit_in_memory_are_refused_before_allocating(make, parameter):
    with pytest.raises(StockpileError) as info:
        make()
    message = str(info.value)
    assert message.startswith(f"The '{parameter}' parameter must be a size that fits in memory")
    assert "available" in message and "TB" in message


def test_a_sweep_of_a_design_too_large_for_memory_is_refused(monkeypatch):
    from stockpile.explore import memory

    monkeypatch.setattr(memory, "available_memory", lambda: 10_000)
    scenario = sp.presets.load("russia-ukraine-2025")
    design = ex.lhs({"patriot.pk": (0.5, 0.9)}, 100, seed=1)  # fits: 100 × 48 bytes
    with pytest.raises(StockpileError, match="'design' parameter must be a size that fits"):
        ex.sweep(scenario, design)
