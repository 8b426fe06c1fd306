"""Sweeps: one row per design point, equal to simulating each point alone, chunking-free."""

from __future__ import annotations

import dataclasses
import sys

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import HealthCheck, given, settings
from scenarios import patriot_case

import stockpile as sp
import stockpile.explore as ex
from stockpile.errors import StockpileError

BOUNDS = {
    "ballistic.production": sp.per_year((600, 1500)),
    "patriot.deliveries": sp.per_month((10, 60)),
    "patriot.pk": (0.5, 0.9),
}
METRICS = ["months_to_depletion", "final_missile_stock", "leakers_total"]


def contract(**changes):
    """The contract scenario: cruise + ballistic, a Patriot magazine engaging ballistic."""
    return patriot_case(24, events=[sp.Ceasefire(start="2026-06", end="2026-09")], **changes)


def alone(scenario, row, units, metrics, *, seed=None, run=0, stochastic=False):
    """Simulate one design row by itself (the reference a sweep must equal)."""
    values = {
        p: (
            sp.per_year(v)
            if units.get(p) == "year"
            else sp.per_month(v)
            if units.get(p) == "month"
            else v
        )
        for p, v in row.items()
    }
    seed_seq = np.random.SeedSequence(seed)
    result = sp.simulate(
        scenario.with_params(values), 1, seed=seed_seq, first_run=run, stochastic=stochastic
    )
    return [float(result.metric(m)[0]) for m in metrics]


def test_issue_example_gives_one_row_per_point():
    scenario = contract()
    design = ex.lhs(BOUNDS, n=500, seed=1)
    table = ex.sweep(scenario, design, metrics=["months_to_depletion", "final_missile_stock"])
    assert list(table.columns) == [*BOUNDS, "months_to_depletion", "final_missile_stock"]
    pd.testing.assert_frame_equal(table[list(BOUNDS)], design)
    assert table.index.equals(design.index)
    # more deliveries never deplete earlier: check the direction on the extremes
    never = table["months_to_depletion"].isna()
    assert (
        table.loc[never, "patriot.deliveries"].min() > table.loc[~never, "patriot.deliveries"].min()
    )


def test_sweep_equals_simulating_each_point_alone():
    scenario = contract()
    design = ex.lhs(BOUNDS, n=200, seed=4)
    table = ex.sweep(scenario, design, METRICS, chunk_size=64)
    for i in [0, 63, 64, 150, 199]:
        expected = alone(scenario, design.iloc[i], design.attrs["units"], METRICS)
        np.testing.assert_allclose(
            table.iloc[i][METRICS].to_numpy(dtype=float), expected, rtol=1e-12, equal_nan=True
        )


def test_categorical_and_month_columns_are_simulated_by_group():
    scenario = contract()
    bounds = {
        **BOUNDS,
        "patriot.doctrine": ["salvo", "shoot-look-shoot"],
        "ceasefire.start": ("2025-03", "2026-08"),
        "patriot.lead_time": [0, 2],
    }
    design = ex.lhs(bounds, n=120, seed=5)
    table = ex.sweep(scenario, design, METRICS, chunk_size=50)
    for i in [0, 7, 49, 50, 119]:
        row = design.iloc[i].to_dict()
        row["patriot.lead_time"] = int(row["patriot.lead_time"])
        expected = alone(scenario, row, design.attrs["units"], METRICS)
        np.testing.assert_allclose(
            table.iloc[i][METRICS].to_numpy(dtype=float), expected, rtol=1e-12, equal_nan=True
        )


def test_stochastic_rows_draw_as_their_run_whatever_the_chunking():
    scenario = contract(**{"patriot.stock": scipy.stats.uniform(200, 200)})
    design = ex.lhs({**BOUNDS, "patriot.doctrine": ["salvo", "shoot-look-shoot"]}, 60, seed=2)
    big = ex.sweep(scenario, design, METRICS, seed=11, stochastic=True)
    small = ex.sweep(scenario, design, METRICS, seed=11, stochastic=True, chunk_size=23)
    pd.testing.assert_frame_equal(big, small)
    for i in [0, 13, 59]:
        expected = alone(
            scenario,
            design.iloc[i],
            design.attrs["units"],
            METRICS,
            seed=11,
            run=i,
            stochastic=True,
        )
        np.testing.assert_allclose(
            big.iloc[i][METRICS].to_numpy(dtype=float), expected, rtol=1e-12, equal_nan=True
        )
    other = ex.sweep(scenario, design, METRICS, seed=12, stochastic=True)
    assert not other["leakers_total"].equals(big["leakers_total"])


def test_monthly_metric_reads_the_trajectory():
    scenario = contract()
    design = ex.lhs(BOUNDS, n=30, seed=1)
    names = [
        "missile_stock@2026-12",
        "interceptor_stock.patriot@2025-06",
        "missile_stock.ballistic@2025-01",
    ]
    table = ex.sweep(scenario, design, names, chunk_size=16)
    for i in [0, 29]:
        values = {
            p: sp.per_year(v)
            if p == "ballistic.production"
            else sp.per_month(v)
            if p == "patriot.deliveries"
            else v
            for p, v in design.iloc[i].items()
        }
        result = sp.simulate(scenario.with_params(values))
        stock = result["missile_stock"][0]  # (months, items)
        assert table.iloc[i][names[0]] == pytest.approx(stock[23].sum())
        assert table.iloc[i][names[1]] == pytest.approx(result.get("interceptor_stock")[0, 5])
        assert table.iloc[i][names[2]] == pytest.approx(stock[0, 1])


@pytest.mark.parametrize(
    "bound",
    [(0, 80), [10, 20, 40], scipy.stats.uniform(0, 80)],
    ids=["range", "levels", "distribution"],
)
def test_a_bare_range_on_a_rate_is_an_error_naming_how_to_write_it(bound):
    scenario = contract()  # deliveries written per month, production per year
    design = ex.lhs({"patriot.deliveries": bound}, 8, seed=1)
    with pytest.raises(StockpileError) as info:
        ex.sweep(scenario, design)
    message = str(info.value)
    assert message.startswith("The 'patriot.deliveries' parameter must be a rate with its unit")
    assert "sp.per_month(" in message and "design.attrs['units']" in message
    plain = pd.DataFrame({"ballistic.production": [700.0, 1400.0]})
    with pytest.raises(StockpileError, match="Got 'bare numbers \\(700 to 1400\\)' instead"):
        ex.sweep(scenario, plain)
    plain.attrs["units"] = {"ballistic.production": "year"}
    table = ex.sweep(scenario, plain, ["final_missile_stock.ballistic"])
    growth = table["final_missile_stock.ballistic"].diff().iloc[1]
    assert growth == pytest.approx(700.0 * 2)  # 700 more a year for 24 months


@pytest.mark.parametrize("study", ["tornado", "sobol"])
def test_sensitivity_studies_refuse_a_bare_range_on_a_rate(study):
    bounds = {"patriot.deliveries": (0, 80)}
    run = ex.tornado if study == "tornado" else ex.sobol
    with pytest.raises(StockpileError, match=r"'patriot\.deliveries' parameter must be a rate"):
        run(contract(), bounds, "leakers_total")


def test_launches_path_takes_a_per_run_rate():
    scenario = contract()
    design = ex.lhs({"ballistic.launches": sp.per_month((20, 60))}, 8, seed=1)
    table = ex.sweep(scenario, design, ["final_missile_stock.ballistic"])
    row = design.iloc[3]
    result = sp.simulate(
        scenario.with_params({"ballistic.launches": sp.per_month(row["ballistic.launches"])})
    )
    assert table.iloc[3]["final_missile_stock.ballistic"] == pytest.approx(
        result.metric("final_missile_stock.ballistic")[0]
    )


@pytest.mark.parametrize(
    ("design", "metrics", "message"),
    [
        (
            pd.DataFrame({"patriot.speed": [1.0]}),
            None,
            r"Unknown parameter path 'patriot.speed'"
            r".*Valid paths:.*patriot.pk",
        ),
        (
            pd.DataFrame({"patriot.pk": [0.5, np.nan]}),
            None,
            "'patriot.pk' parameter must be a number in every row",
        ),
        (
            pd.DataFrame({"patriot.pk": [0.5, 1.5]}),
            None,
            "'patriot.pk' parameter must be a probability",
        ),
        (pd.DataFrame({"patriot.pk": [0.5]}), ["leakers"], "'metrics' parameter.*leakers_total"),
        (pd.DataFrame({"patriot.pk": [0.5]}), ["missile_stock@2030-01"], "within the horizon"),
        (pd.DataFrame({"patriot.doctrine": ["salvo", "volley"]}), None, "'patriot.doctrine'"),
        (pd.DataFrame({"ceasefire.start": ["2024-01"]}), None, "'ceasefire.start'.*horizon"),
        ({"patriot.pk": [0.5]}, None, "'design' parameter must be a DataFrame"),
        (pd.DataFrame({"patriot.pk": []}), None, "at least one row"),
    ],
)
def test_bad_sweeps_raise_clear_errors(design, metrics, message):
    with pytest.raises(StockpileError, match=message):
        ex.sweep(contract(), design, metrics)


def test_unit_on_a_parameter_that_is_not_a_rate_is_an_error():
    design = pd.DataFrame({"patriot.pk": [0.5]})
    design.attrs["units"] = {"patriot.pk": "year"}
    with pytest.raises(StockpileError, match=r"'patriot.pk' parameter must be a value without"):
        ex.sweep(contract(), design)


def test_bad_arguments_are_named():
    design = ex.lhs(BOUNDS, 4, seed=1)
    with pytest.raises(StockpileError, match="'chunk_size'"):
        ex.sweep(contract(), design, chunk_size=0)
    with pytest.raises(StockpileError, match="'executor'"):
        ex.sweep(contract(), design, executor="threads")
    with pytest.raises(StockpileError, match="'seed'"):
        ex.sweep(contract(), design, seed=-1, stochastic=True)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chunk_size=st.integers(1, 45),
    rows=st.lists(st.integers(0, 39), min_size=1, max_size=3),
    seed=st.integers(0, 2**32),
)
def test_property_sweep_equals_points_alone_for_any_chunking(chunk_size, rows, seed):
    scenario = contract()
    design = ex.lhs({**BOUNDS, "patriot.doctrine": ["salvo", "shoot-look-shoot"]}, 40, seed=seed)
    table = ex.sweep(scenario, design, METRICS, chunk_size=chunk_size)
    for i in rows:
        expected = alone(scenario, design.iloc[i], design.attrs["units"], METRICS)
        np.testing.assert_allclose(
            table.iloc[i][METRICS].to_numpy(dtype=float), expected, rtol=1e-12, equal_nan=True
        )


def test_progress_bar_shows_when_asked(capsys):
    design = ex.lhs(BOUNDS, 40, seed=1)
    ex.sweep(contract(), design, METRICS, chunk_size=10, progress=True)
    assert "sweep: 100%" in capsys.readouterr().err
    ex.sweep(contract(), design, METRICS, chunk_size=10, progress=False)
    assert capsys.readouterr().err == ""


def test_progress_without_tqdm_is_silent(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    design = ex.lhs(BOUNDS, 40, seed=1)
    table = ex.sweep(contract(), design, METRICS, chunk_size=10, progress=True)
    assert len(table) == 40
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------ one meaning per name
def test_depletion_month_is_a_calendar_month_and_months_to_depletion_its_number():
    scenario = contract()
    design = ex.lhs(BOUNDS, n=64, seed=2)
    table = ex.sweep(scenario, design, ["depletion_month", "months_to_depletion"])
    assert table["depletion_month"].dtype == "period[M]"
    offsets = table["months_to_depletion"]
    assert offsets.isna().any() and offsets.notna().any()
    ran_short = offsets.notna()
    expected = [scenario.start + int(t) for t in offsets[ran_short]]
    assert table.loc[ran_short, "depletion_month"].tolist() == expected
    assert table.loc[~ran_short, "depletion_month"].isna().all()
    assert table.attrs["column_units"]["months_to_depletion"] == "months after 2025-01"
    assert table.attrs["column_units"]["depletion_month"] == "month"
    default = ex.sweep(scenario, design)
    assert "months_to_depletion" in default and "depletion_month" not in default
    result = sp.simulate(contract(**{"patriot.deliveries": sp.per_month(10)}))
    assert result.metric("months_to_depletion")[0] == 10  # magazine 300 at a net burn of 30
    assert result.summary()["depletion_month"][0] == pd.Period("2025-11", freq="M")


def test_the_sweep_table_carries_every_columns_unit():
    scenario = contract()
    bounds = {**BOUNDS, "ballistic.stock": (100, 900), "patriot.doctrine": ["salvo"]}
    metrics = ["leakers_total", "missile_stock@2025-06"]
    table = ex.sweep(scenario, ex.lhs(bounds, n=8, seed=1), metrics)
    assert table.attrs["column_units"] == {
        "ballistic.production": "missiles/year",
        "patriot.deliveries": "interceptors/month",
        "patriot.pk": "1",
        "ballistic.stock": "missiles",
        "patriot.doctrine": "",
        "leakers_total": "missiles",
        "missile_stock@2025-06": "missiles",
    }
    assert table.attrs["start"] == "2025-01" and table.attrs["horizon"] == 24


def test_a_fire_capacity_is_a_rate_and_magazine_counts_are_interceptors():
    scenario = contract()
    bounds = {
        "patriot.fire_capacity": sp.per_year((120, 600)),
        "patriot.stock": (100, 400),
        "patriot.floor": (0, 50),
    }
    design = ex.lhs(bounds, n=4, seed=3)
    table = ex.sweep(scenario, design, ["leakers_total"])
    assert table.attrs["column_units"] == {
        "patriot.fire_capacity": "interceptors/year",
        "patriot.stock": "interceptors",
        "patriot.floor": "interceptors",
        "leakers_total": "missiles",
    }
    for point, row in design.iterrows():
        expected = alone(scenario, row, design.attrs["units"], ["leakers_total"])
        assert table.loc[point, "leakers_total"] == pytest.approx(expected[0])
    bare = ex.lhs({"patriot.fire_capacity": (10, 50)}, n=4, seed=3)
    with pytest.raises(StockpileError, match=r"'patriot\.fire_capacity' parameter must be a rate"):
        ex.sweep(scenario, bare, ["leakers_total"])  # a rate is never a bare number


def test_metric_names_are_checked_without_simulating(monkeypatch):
    from stockpile.explore import runner

    def engine(*args, **kwargs):
        raise AssertionError("the engine ran before the names were checked")

    monkeypatch.setattr(runner, "simulate", engine)
    scenario = contract()
    with pytest.raises(StockpileError, match="'metrics' parameter must be metric names from"):
        runner.check_metrics(scenario, ["leakers_total", "bogus"])
    with pytest.raises(StockpileError, match="a month within the horizon 2025-01 to 2026-12"):
        runner.check_metrics(scenario, ["missile_stock@2030-01"])
    assert runner.check_metrics(scenario, ["months_to_depletion"]) == ("months_to_depletion",)


@pytest.mark.parametrize("interceptors", [1, 2])
def test_metric_names_known_without_simulating_are_those_simulate_gives(interceptors):
    from stockpile.metrics import names

    scenario = contract()
    if interceptors == 2:
        samp = dataclasses.replace(scenario.interceptors[0], name="samp")
        scenario = dataclasses.replace(scenario, interceptors=(*scenario.interceptors, samp))
    result = sp.simulate(scenario, 1, trajectories=False)
    expected = names([m.name for m in scenario.missiles], [i.name for i in scenario.interceptors])
    assert sorted(result.metrics) == sorted(expected)
