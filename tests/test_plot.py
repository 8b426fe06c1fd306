"""Figures: what each function draws (lines, bands, labels, legends), on the Agg backend."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection, QuadMesh
from matplotlib.figure import Figure
from matplotlib.text import Text
from scenarios import patriot_case

import stockpile as sp
import stockpile.plot as splot
from stockpile.errors import StockpileError

#: Two Patriot rounds per target throughout (no rationing under patriot.low): the preset's
#: magazine then runs short within the horizon, which the figures below mark.
UNRATIONED = {"patriot.shots_below": 2}


def unrationed() -> sp.Scenario:
    return sp.presets.load("russia-ukraine-2025", point=True).with_params(UNRATIONED)


@pytest.fixture(scope="module")
def ensemble() -> sp.Result:
    return sp.simulate(unrationed(), runs=200, seed=1, stochastic=True)  # count noise only


@pytest.fixture(scope="module")
def single() -> sp.Result:
    return sp.simulate(unrationed())


@pytest.fixture(scope="module")
def two_interceptors() -> sp.Result:
    scenario = sp.Scenario(
        start="2025-01",
        months=24,
        missiles=[sp.Missile("ballistic", launches=sp.per_month(40), stock=2000)],
        interceptors=[
            sp.Interceptor("patriot", stock=100, engages=["ballistic"], pk=0.7),
            sp.Interceptor(
                "samp", stock=60, deliveries=sp.per_month(5), engages=["ballistic"], pk=0.6
            ),
        ],
    )
    return sp.simulate(scenario, runs=50, seed=3, stochastic=True)


def legend_texts(ax) -> list[str]:
    """The legend's entries, each on one line (long entries are wrapped to fit)."""
    legend = ax.get_legend()
    assert legend is not None, "no legend drawn"
    return [t.get_text().replace("\n", " ") for t in legend.get_texts()]


def bands(ax) -> list[PolyCollection]:
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def test_fan_draws_median_and_two_bands(ensemble):
    ax = splot.fan(ensemble, "interceptor_stock", item="patriot")
    assert isinstance(ax.figure, Figure)
    assert len(bands(ax)) == 2
    median = ax.get_lines()[0]
    expected = np.median(ensemble.get("interceptor_stock", "patriot"), axis=0)
    np.testing.assert_allclose(median.get_ydata()[1:], expected)  # after the initial stock
    assert legend_texts(ax) == [
        "5th–95th percentile (90% of runs)",
        "25th–75th percentile (50% of runs)",
        "median",
        "aid package: +45 patriot in 2025-03",  # the preset's events that act on the magazine
        "patriot deliveries ×0.15 for 2 months from 2025-06",
    ]
    assert ax.get_ylabel() == "interceptor stock [interceptors]"
    assert ax.get_xlabel() == "month"
    assert "patriot" in ax.get_title() and "200 runs" in ax.get_title()
    # the wide band holds the narrow one
    wide, narrow = (b.get_paths()[0].vertices[:, 1] for b in bands(ax))
    assert wide.max() >= narrow.max() and wide.min() <= narrow.min()


def test_fan_x_axis_is_months(ensemble):
    ax = splot.fan(ensemble, "missile_stock", item="cruise", bands=[0.8])
    x = ax.get_lines()[0].get_xdata()
    assert np.asarray(x)[0] == np.datetime64("2025-01-01")  # the start: the initial stock
    assert np.asarray(x)[-1] == np.datetime64("2028-01-01")  # the end of December 2027
    assert len(x) == 37
    assert len(bands(ax)) == 1 and legend_texts(ax)[0] == "10th–90th percentile (80% of runs)"


def test_fan_on_given_axes_with_label_and_colour(ensemble, single):
    figure = Figure()
    ax = figure.add_subplot()
    assert (
        splot.fan(ensemble, "missile_stock", item="cruise", ax=ax, label="a", color="#000000") is ax
    )
    splot.fan(single, "missile_stock", item="cruise", ax=ax, title="")
    assert ax.get_title() == ""
    texts = legend_texts(ax)
    assert texts[:3] == [
        "a: 5th–95th percentile (90% of runs)",
        "a: 25th–75th percentile (50% of runs)",
        "a: median",
    ]
    assert texts[3] == "russia-ukraine-2025"  # one run: the line alone, named by scenario
    assert len(bands(ax)) == 2


def test_fan_errors_name_the_parameter(ensemble):
    with pytest.raises(StockpileError, match="'item'"):
        splot.fan(ensemble, "missile_stock")  # two missile types
    with pytest.raises(StockpileError, match="'variable'"):
        splot.fan(ensemble, "stock", item="cruise")
    with pytest.raises(StockpileError, match="'bands'"):
        splot.fan(ensemble, "missile_stock", item="cruise", bands=[1.5])
    with pytest.raises(StockpileError, match="'result'"):
        splot.fan("not a result", "missile_stock")


def test_spaghetti_draws_chosen_runs_and_median(ensemble):
    ax = splot.spaghetti(ensemble, "launches", item="ballistic", runs=7, seed=2)
    lines = ax.get_lines()
    assert len(lines) == 8
    assert legend_texts(ax) == ["7 of 200 runs", "median of all runs"]
    assert ax.get_ylabel() == "launches [missiles/month]"
    values = ensemble.get("launches", "ballistic")
    for line in lines[:-1]:  # each thin line is one run's trajectory
        assert (np.abs(values - line.get_ydata()).sum(axis=1) == 0).any()
    again = splot.spaghetti(ensemble, "launches", item="ballistic", runs=7, seed=2)
    np.testing.assert_array_equal(again.get_lines()[0].get_ydata(), lines[0].get_ydata())
    with pytest.raises(StockpileError, match="'runs'"):
        splot.spaghetti(ensemble, "launches", item="ballistic", runs=0)


def test_stocks_panel_marks_depletion(ensemble):
    ax = splot.stocks(ensemble)
    right = ax.right_ax
    assert ax.get_ylabel() == "missile reserve [missiles]"
    assert right.get_ylabel() == "interceptor magazine [interceptors]"
    assert [line.get_label() for line in ax.get_lines()[:2]] == [
        "cruise reserve [missiles]",
        "ballistic reserve [missiles]",
    ]
    texts = legend_texts(ax)
    assert texts[:4] == [
        "cruise reserve [missiles]",
        "ballistic reserve [missiles]",
        "S-300/S-400 reserve [missiles]",  # the record's class code, as a person reads it
        "patriot magazine [interceptors]",
    ]
    month = ensemble.index[median_month(ensemble.metric("months_to_depletion"))]
    assert texts[4] == f"patriot: median first shortfall {month} (100% of runs by 2027-12)"
    assert len(bands(ax)) == 3 and len(bands(right)) == 1  # a band for each missile type
    # the month is marked by a vertical line in its middle
    vertical = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    assert len(vertical) == 1
    middle = splot._style.month_middles(ensemble.index)[ensemble.index.get_loc(month)]
    assert np.asarray(vertical[0].get_xdata())[0] == middle
    assert "missile reserve and interceptor magazine" in ax.get_title().replace("\n", " ")


def test_stocks_deterministic_and_without_depletion(single):
    ax = splot.stocks(single)
    assert not bands(ax)
    assert legend_texts(ax)[-3:] == [
        "patriot short from 2026-09",
        "aid package: +45 patriot in 2025-03",
        "patriot deliveries ×0.15 for 2 months from 2025-06",
    ]
    calm = sp.simulate(unrationed().with_params({"patriot.stock": 10_000}))
    ax = splot.stocks(calm)
    assert legend_texts(ax)[-3:] == [
        "patriot not short by 2027-12",
        "aid package: +45 patriot in 2025-03",
        "patriot deliveries ×0.15 for 2 months from 2025-06",
    ]
    assert not [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]


def test_event_label_of_one_month_and_of_a_column_of_draws():
    table = pd.DataFrame({"factor": [0.000126, 0.1, 0.29998]})
    draws = sp.Draws(table, name="pause-factors")
    pause = sp.DeliveryShock(
        start="2025-02", months=1, factor=draws["factor"], interceptor="patriot"
    )
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[sp.Missile("ballistic", launches=sp.per_month(10), stock=500)],
        interceptors=[
            sp.Interceptor(
                "patriot", stock=100, deliveries=sp.per_month(5), pk=0.5, engages=["ballistic"]
            )
        ],
        events=[pause],
    )
    ax = splot.depletion(sp.simulate(scenario, runs=3, seed=1, stochastic=True))
    assert legend_texts(ax)[-1] == "patriot deliveries ×0–0.3 for 1 month from 2025-02"


def test_depletion_probability_steps(ensemble, two_interceptors):
    ax = splot.depletion(ensemble)
    (line,) = ax.get_lines()
    probability = ensemble.depletion_probability()["any"].to_numpy()
    # a step over each month's span: from its first day to the first day of the next
    np.testing.assert_allclose(line.get_ydata(), np.append(probability, probability[-1]))
    np.testing.assert_array_equal(line.get_xdata(), splot._style.month_bounds(ensemble.index))
    assert line.get_drawstyle() == "steps-post"
    assert legend_texts(ax) == [
        "patriot",
        "aid package: +45 patriot in 2025-03",
        "patriot deliveries ×0.15 for 2 months from 2025-06",
    ]
    assert ax.get_ylim() == (-0.02, 1.02)
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "50%"
    ax = splot.depletion(two_interceptors)
    assert legend_texts(ax) == ["any interceptor type", "patriot", "samp"]


def test_stocks_with_two_interceptor_types(two_interceptors):
    ax = splot.stocks(two_interceptors)
    texts = legend_texts(ax)
    assert "patriot magazine [interceptors]" in texts
    assert "samp magazine [interceptors]" in texts
    assert sum("median first shortfall" in t for t in texts) == 2


# --- item 5: stocks are end-of-month values, drawn from the initial stock ----------------------


def median_month(offsets: np.ndarray) -> int:
    """The median first month short over all runs, never as later than any month: the
    inverted-CDF median, as ``stockpile run``'s table computes it."""
    return int(
        np.quantile(np.where(np.isnan(offsets), np.inf, offsets), 0.5, method="inverted_cdf")
    )


def truce(runs: int = 1) -> sp.Result:
    """2,900 a year built, 2,061 launched, a ceasefire from 2026-01 (MODEL.md's check)."""
    scenario = sp.Scenario(
        start="2025-01",
        months=24,
        missiles=[
            sp.Missile(
                "missiles", production=sp.per_year(2900), launches=sp.per_year(2061), stock=500
            )
        ],
        events=[sp.Ceasefire(start="2026-01")],
    )
    return sp.simulate(scenario, runs=runs)


@pytest.mark.parametrize("draw", ["fan", "spaghetti", "stocks"])
def test_a_ceasefire_bends_the_stock_at_its_first_day_in_every_figure(draw):
    result = truce()
    ax = splot.stocks(result) if draw == "stocks" else getattr(splot, draw)(result, "missile_stock")
    line = next(ln for ln in ax.get_lines() if len(ln.get_xdata()) > 2)
    x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    assert x[0] == np.datetime64("2025-01-01") and y[0] == 500  # the initial stock
    assert x[1] == np.datetime64("2025-02-01")  # January's end-of-month value
    assert y[1] == pytest.approx(500 + (2900 - 2061) / 12)
    growth = np.round(np.diff(y), 6)
    bend = int(np.flatnonzero(growth != growth[0])[0])  # first month that grows differently
    assert x[bend] == np.datetime64("2026-01-01")  # the end of December: the ceasefire's start
    assert growth[bend] == pytest.approx(2900 / 12)


def test_initial_stock_is_the_stock_each_run_started_from():
    scenario = sp.presets.load("russia-ukraine-2025").with_params(
        {"patriot.stock": scipy.stats.uniform(150, 200)}
    )
    result = sp.simulate(scenario, runs=50, seed=4, stochastic=True)
    first = splot._style.initial_stock(result, "interceptor_stock", "patriot")
    # the magazine's balance in the first month: I(start) = I(end) - D + F
    balance = (
        result.get("interceptor_stock", "patriot")[:, 0]
        - result.get("deliveries", "patriot")[:, 0]
        + result.get("interceptors_fired", "patriot")[:, 0]
    )
    np.testing.assert_allclose(first, balance)
    assert len(np.unique(first)) > 10 and (first == np.round(first)).all()
    ax = splot.spaghetti(result, "interceptor_stock", item="patriot", runs=50)
    starts = sorted(float(ln.get_ydata()[0]) for ln in ax.get_lines()[:-1])
    np.testing.assert_allclose(starts, np.sort(first))


def test_flows_are_drawn_mid_month(ensemble):
    ax = splot.fan(ensemble, "launches", item="ballistic")
    x = np.asarray(ax.get_lines()[0].get_xdata())
    assert len(x) == 36
    assert x[0] == np.datetime64("2025-01-16T12:00")  # the middle of January
    assert x[1] == np.datetime64("2025-02-15")  # the middle of February (28 days)


# --- item 7: run-out marker as the tables state it, bands and events in the legend -------------


def partly_short(low: float, high: float) -> sp.Result:
    """MODEL.md's magazine with uncertain deliveries: some runs fall short, some never."""
    scenario = patriot_case(36, cruise=False).with_params(
        {"patriot.deliveries": sp.per_month(scipy.stats.uniform(low, high - low))}
    )
    return sp.simulate(scenario, runs=400, seed=2)


def test_marker_is_the_median_over_all_runs_as_in_the_tables():
    result = partly_short(20, 35)  # about three runs in four fall short
    offsets = result.metric("months_to_depletion")
    short = offsets[~np.isnan(offsets)]
    assert 0.5 < short.size / result.runs < 1
    month = median_month(offsets)
    assert month > int(np.floor(np.median(short)))  # the old marker: runs that fell short only
    ax = splot.stocks(result)
    share = short.size / result.runs
    assert (
        f"patriot: median first shortfall {result.index[month]} ({share:.0%} of runs by 2027-12)"
        in legend_texts(ax)
    )
    (cross,) = [ln for ln in ax.right_ax.get_lines() if ln.get_marker() == "X"]
    assert np.asarray(cross.get_xdata())[0] == splot._style.month_middles(result.index)[month]
    assert np.asarray(cross.get_ydata())[0] == 0  # on the empty magazine's line


def test_no_marker_when_most_runs_never_fall_short():
    result = partly_short(25, 45)  # about one run in three falls short
    share = float(np.mean(~np.isnan(result.metric("months_to_depletion"))))
    assert 0 < share < 0.5
    ax = splot.stocks(result)
    assert f"patriot: median first shortfall after 2027-12 ({share:.0%} of runs short by then)" in (
        legend_texts(ax)
    )
    assert not [ln for ln in ax.right_ax.get_lines() if ln.get_marker() == "X"]


def test_stocks_bands_are_named_by_their_quantiles(ensemble):
    texts = legend_texts(splot.stocks(ensemble, band=0.8))
    assert "shaded: 10th–90th percentile (80% of runs)" in texts


def test_events_are_marked_over_their_months():
    scenario = patriot_case(
        24,
        events=[
            sp.Ceasefire(start="2026-01", end="2026-04"),
            sp.AidPackage(month="2025-04", interceptor="patriot", quantity=150),
            sp.ProductionShock(start="2025-09", months=6, factor=0.5, missile="cruise"),
            sp.ImportDelivery(month="2025-02", missile="ballistic", quantity=100),
        ],
    )
    result = sp.simulate(scenario)
    ax = splot.stocks(result)
    texts = legend_texts(ax)
    expected = {
        "ceasefire from 2026-01 to 2026-03: no launches": ("2026-01-01", "2026-04-01"),
        "aid package: +150 patriot in 2025-04": ("2025-04-01", "2025-05-01"),
        "cruise production ×0.5 for 6 months from 2025-09": ("2025-09-01", "2026-03-01"),
        "import: +100 ballistic in 2025-02": ("2025-02-01", "2025-03-01"),
    }
    spans = {p.get_label(): p for p in ax.patches}
    for label, (first, last) in expected.items():
        assert label in texts
        span = spans[label]
        ends = (span.get_x(), span.get_x() + span.get_width())
        assert ends == pytest.approx(mdates.date2num([np.datetime64(first), np.datetime64(last)]))
    # a fan of the magazine marks what acts on it: the ceasefire and the aid, not the others
    fan = legend_texts(splot.fan(result, "interceptor_stock"))
    assert "aid package: +150 patriot in 2025-04" in fan
    assert "ceasefire from 2026-01 to 2026-03: no launches" in fan
    assert not any("import" in t or "production" in t for t in fan)
    assert len(legend_texts(splot.fan(result, "interceptor_stock", events=False))) == 1
    twice = splot.fan(result, "interceptor_stock", label="a")
    splot.fan(result, "interceptor_stock", ax=twice, label="aid package: +150 patriot in 2025-04")
    assert sum(t == "aid package: +150 patriot in 2025-04" for t in legend_texts(twice)) == 2
    assert len([p for p in twice.patches if p.get_label().startswith("aid package")]) == 1


@pytest.fixture()
def grid_sweep() -> pd.DataFrame:
    frame = pd.DataFrame(
        [(d, p) for d in (60, 120, 240) for p in (0.3, 0.5)],
        columns=["patriot.deliveries", "patriot.pk"],
    )
    frame["months_of_cover"] = frame["patriot.deliveries"] / 10 + frame["patriot.pk"]
    return frame


def test_heatmap_of_a_grid_has_one_cell_per_pair(grid_sweep):
    ax = splot.heatmap(grid_sweep, "patriot.deliveries", "patriot.pk", "months_of_cover")
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    values = np.asarray(mesh.get_array()).reshape(2, 3)
    np.testing.assert_allclose(values, [[6.3, 12.3, 24.3], [6.5, 12.5, 24.5]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["60", "120", "240"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0.3", "0.5"]
    assert len(ax.texts) == 6  # annotated cells
    colorbar = ax.figure.axes[1]
    assert colorbar.get_ylabel() == "months of cover [months]"
    assert ax.get_xlabel() == "patriot deliveries"  # the rate's unit is not known here
    assert ax.get_ylabel() == "patriot kill probability"


def test_heatmap_bins_a_random_sweep_and_uses_units():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.uniform(0, 1, 500), "b": rng.uniform(10, 20, 500)})
    middle = (frame["a"].min() + frame["a"].max()) / 2  # a bin edge of 4 equal-width bins
    frame["depleted"] = frame["a"] > middle
    frame.attrs["units"] = {"b": "year"}
    ax = splot.heatmap(frame, "a", "b", "depleted", bins=4, agg="mean")
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    values = np.asarray(mesh.get_array()).reshape(4, 4)
    np.testing.assert_array_equal(values[:, :2], 0.0)
    np.testing.assert_array_equal(values[:, 2:], 1.0)
    assert ax.get_ylabel() == "b [per year]"
    assert not ax.texts or len(ax.texts) == 16


def test_heatmap_errors(grid_sweep):
    with pytest.raises(StockpileError, match="missing"):
        splot.heatmap(grid_sweep, "patriot.deliveries", "patriot.stock", "months_of_cover")
    with pytest.raises(StockpileError, match="'agg'"):
        splot.heatmap(grid_sweep, "patriot.deliveries", "patriot.pk", "months_of_cover", agg="sum")
    depletion = grid_sweep.assign(months_to_depletion=np.nan)
    with pytest.raises(StockpileError, match=r"'agg'.*never run short have no month to average"):
        splot.heatmap(
            depletion, "patriot.deliveries", "patriot.pk", "months_to_depletion", agg="mean"
        )


def tornado_frame(index: bool) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "parameter": ["patriot.pk", "patriot.deliveries", "ballistic.defended"],
            "low_value": [0.3, 60.0, 0.2],
            "high_value": [0.8, 400.0, 0.8],
            "low": [8.0, 4.0, 14.0],
            "high": [12.0, 22.0, 6.0],
            "base": [10.0, 10.0, 10.0],
        }
    )
    return frame.set_index("parameter") if index else frame


@pytest.mark.parametrize("index", [False, True])
def test_tornado_sorts_by_swing_and_labels_bounds(index):
    ax = splot.tornado(tornado_frame(index), metric="months_of_cover")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # widest swing on top (the last tick is at the top), named readably
    assert labels[-1].startswith("patriot deliveries") and labels[0].startswith("patriot kill")
    assert "60 – 400" in labels[-1]
    assert "share of ballistic launches defended [share]" in labels[1]
    units = tornado_frame(index)
    units.attrs["units"] = {"patriot.deliveries": "year"}  # a rate's unit, as a sweep keeps it
    top = splot.tornado(units).get_yticklabels()[-1].get_text()
    assert top == "patriot deliveries [interceptors/year]\n(60 – 400)"
    assert legend_texts(ax) == ["parameter at its low bound", "parameter at its high bound"]
    assert ax.get_xlabel() == "months of cover [months]"
    bars = ax.patches
    assert len(bars) == 6
    widths = sorted(round(abs(b.get_width()), 6) for b in bars)
    assert widths == [2.0, 2.0, 4.0, 4.0, 6.0, 12.0]
    assert all(b.get_x() == 10.0 for b in bars)  # every bar starts at the base


def sobol_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "parameter": ["a", "b", "c"],
            "first_order": [0.2, 0.5, 0.01],
            "total_order": [0.35, 0.6, 0.05],
        }
    )
    for column in ("first_order", "total_order"):
        frame[f"{column}_low"] = frame[column] - 0.05
        frame[f"{column}_high"] = frame[column] + 0.1
    return frame


def test_sobol_bars_with_intervals():
    ax = splot.sobol(sobol_frame(), metric="months_of_cover")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["c", "a", "b"]  # most influential on top
    assert legend_texts(ax) == ["first order $S_1$", "total order $S_T$"]
    assert len(ax.patches) == 6
    errorbars = [c for c in ax.containers if getattr(c, "errorbar", None) is not None]
    assert len(errorbars) == 2
    assert ax.get_xlabel() == "share of the metric's variance [%]"
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "50%"
    assert ax.get_title() == "Sobol indices of months of cover"


def test_sobol_selects_one_metric_of_several():
    frame = pd.concat([sobol_frame().assign(metric="x"), sobol_frame().assign(metric="y")])
    with pytest.raises(StockpileError, match="'metric'"):
        splot.sobol(frame)
    ax = splot.sobol(frame, metric="y")
    assert len(ax.patches) == 6


def test_observed_with_fitted_and_forecast():
    months = pd.period_range("2024-01", periods=12, freq="M")
    observed = pd.Series(np.arange(12.0) + 40, index=months, name="ballistic")
    fitted = pd.Series(np.full(12, 45.0), index=months)
    scenario = sp.Scenario(
        start="2025-01",
        months=6,
        missiles=[sp.Missile("ballistic", launches=sp.per_month(50), stock=1000, dispersion=5)],
        interceptors=[sp.Interceptor("p", pk=0.5, engages=["ballistic"])],
    )
    forecast = sp.simulate(scenario, runs=100, seed=1, stochastic=True)
    ax = splot.observed(observed, forecast, fitted=fitted)
    texts = legend_texts(ax)
    assert texts == [
        "observed",
        "fitted",
        "forecast, 5th–95th percentile (90% of runs)",
        "forecast, 25th–75th percentile (50% of runs)",
        "forecast, median",
    ]
    obs_line = ax.get_lines()[0]
    np.testing.assert_array_equal(obs_line.get_ydata(), observed.to_numpy())
    # monthly counts in the middle of their month, the forecast starting on its first day
    assert np.asarray(obs_line.get_xdata())[0] == np.datetime64("2024-01-16T12:00")
    start = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    assert np.asarray(start[0].get_xdata())[0] == np.datetime64("2025-01-01")
    assert ax.get_ylabel() == "launches [missiles/month]"
    assert len(bands(ax)) == 2
    assert ax.get_title() == "Observed launches, fitted and forecast"


def test_observed_dataframe_and_errors():
    frame = pd.DataFrame(
        {"cruise": [1.0, 2.0], "ballistic": [3.0, 4.0], "s300_s400": [0.0, 1.0]},
        index=pd.PeriodIndex(["2024-01", "2024-02"], freq="M"),
    )
    ax = splot.observed(frame)
    assert legend_texts(ax) == ["observed cruise", "observed ballistic", "observed S-300/S-400"]
    with pytest.raises(StockpileError, match="'observed'"):
        splot.observed([1, 2, 3])
    with pytest.raises(StockpileError, match="'observed'"):
        splot.observed(pd.Series([1.0], index=["not a month"]))


def test_no_pyplot_state_and_no_matplotlib_on_import(ensemble):
    splot.stocks(ensemble)
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        assert plt.get_fignums() == []
    code = "import sys, stockpile; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_figures_of_explore_tables():
    """The tables sp.explore returns are drawn as they come."""
    scenario = unrationed()
    bounds = {"patriot.deliveries": sp.per_year((60, 600)), "ballistic.aim.cities": (0.2, 0.6)}
    table = sp.explore.sweep(scenario, sp.explore.lhs(bounds, n=64, seed=1), "months_of_cover")
    ax = splot.heatmap(table, "patriot.deliveries", "ballistic.aim.cities", "months_of_cover")
    assert ax.get_xlabel() == "patriot deliveries [interceptors/year]"
    assert ax.get_ylabel() == "share of ballistic launches aimed at cities [share]"
    swings = sp.explore.tornado(scenario, bounds, "months_to_depletion")
    ax = splot.tornado(swings, metric="months_to_depletion")
    assert len(ax.patches) == 4
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert "patriot deliveries [interceptors/year]\n(60 – 600)" in labels  # the unit from attrs
    # 600 a year: never short, which explore.tornado counts as the horizon; drawn as "never"
    assert swings.loc["patriot.deliveries", "high"] == scenario.months
    (never,) = [bar for bar in ax.patches if bar.get_hatch() == "//"]
    assert never.get_x() + never.get_width() == scenario.months
    assert [t.get_text() for t in ax.texts] == [" never"]
    indices = sp.explore.sobol(scenario, bounds, "months_to_depletion", n=64, seed=1, resamples=99)
    ax = splot.sobol(indices)
    assert {t.get_text() for t in ax.get_yticklabels()} == {
        "patriot deliveries",
        "share of ballistic launches aimed at cities",
    }
    assert ax.get_title() == "Sobol indices of months to depletion"


# --- item 2: heatmap cells count the points that never run short -------------------------------


def never_sweep(metric: str) -> pd.DataFrame:
    """A grid of 2 × 2 cells, three points each; NaN: the point never runs short."""
    cells = {  # (deliveries, defended) -> months to the first shortfall
        (10.0, 0.3): [4.0, 6.0, 8.0],
        (10.0, 0.6): [3.0, np.nan, np.nan],
        (90.0, 0.3): [np.nan, np.nan, np.nan],
        (90.0, 0.6): [5.0, 9.0, np.nan],
    }
    rows = [(x, y, v) for (x, y), values in cells.items() for v in values]
    frame = pd.DataFrame(rows, columns=["patriot.deliveries", "ballistic.defended", metric])
    if metric == "depletion_month":  # a calendar month, NaT for never
        start = pd.Period("2025-01", freq="M")
        frame[metric] = pd.Series(
            [pd.NaT if np.isnan(v) else start + int(v) for v in frame[metric]], dtype="period[M]"
        )
    frame.attrs["units"] = {"patriot.deliveries": "month"}
    return frame


@pytest.mark.parametrize("metric", ["months_to_depletion", "depletion_month"])
def test_heatmap_counts_points_that_never_run_short(metric):
    ax = splot.heatmap(never_sweep(metric), "patriot.deliveries", "ballistic.defended", metric)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    values = np.ma.filled(np.asarray(mesh.get_array(), dtype=float), np.nan).reshape(2, 2)
    beyond = values > mesh.norm.vmax  # drawn in the "never runs short" colour
    np.testing.assert_array_equal(beyond, [[False, True], [True, False]])
    offset = 0 if metric == "months_to_depletion" else pd.Period("2025-01", freq="M").ordinal
    # the median counts "never" as later than any month (the old figure averaged 3 and 7)
    assert values[0, 0] == 6 + offset and values[1, 1] == 9 + offset
    texts = sorted(t.get_text() for t in ax.texts)
    first = "6" if metric == "months_to_depletion" else "2025-07"
    last = "9\n(33% never)" if metric == "months_to_depletion" else "2025-10\n(33% never)"
    assert texts == sorted([first, "never\n(67% never)", "never", last])
    colorbar = ax.figure.axes[1]
    assert colorbar.get_title() == "never\nruns short"
    assert "never counted as after the horizon" in colorbar.get_ylabel()
    assert colorbar.get_ylabel().startswith(f"median of {metric.replace('_', ' ')}")
    if metric == "depletion_month":
        assert colorbar.yaxis.get_major_formatter()(offset + 5, 0) == "2025-06"


def test_heatmap_of_cells_without_points_says_so():
    frame = pd.DataFrame({"a": [0.0, 0.0, 1.0, 1.0, 0.5], "b": [0.0, 1.0, 0.0, 1.0, 0.5]})
    frame["months_of_cover"] = [1.0, 2.0, 3.0, np.inf, 5.0]
    ax = splot.heatmap(frame, "a", "b", "months_of_cover", bins=3)
    label = ax.figure.axes[1].get_ylabel()
    assert "grey: no points in the cell" in label
    assert ax.figure.axes[1].get_title() == "infinite"


# --- items 6 and 9: every figure's text inside the canvas, readable names and units -------------


@pytest.fixture(scope="module")
def drawn_cases(ensemble, two_interceptors) -> dict[str, object]:
    scenario = sp.presets.load("russia-ukraine-2025")
    bounds = {"patriot.deliveries": sp.per_year((60, 600)), "ballistic.aim.cities": (0.1, 0.6)}
    sweep = sp.explore.sweep(
        scenario, sp.explore.lhs(bounds, n=64, seed=1), ["depletion_month", "months_of_cover"]
    )
    observed = sp.data.observed_monthly()
    fit = sp.calibrate.fit_launches(observed, until="2025-06", classes=["ballistic", "s300_s400"])
    events = patriot_case(
        24,
        events=[
            sp.Ceasefire(start="2026-01"),
            sp.AidPackage(month="2025-04", interceptor="patriot", quantity=150),
            sp.ProductionShock(start="2025-09", months=6, factor=0.5, missile="cruise"),
        ],
    )
    return {
        "ensemble": ensemble,
        "two": two_interceptors,
        "events": sp.simulate(events, runs=20, seed=1, stochastic=True),
        "sweep": sweep,
        "tornado": tornado_frame(False),
        "observed": observed["launched"],
        "fit": fit,
        "forecast": fit.forecast(months=12, runs=200, seed=1),
    }


def _two_panels(cases):
    figure = Figure(figsize=(13, 4.8), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1.25, 1])
    splot.stocks(cases["ensemble"], ax=left, title="Reserves grow while the magazine runs dry")
    splot.fan(cases["ensemble"], "missile_stock", item="cruise", ax=right, bands=(0.9,))
    return left


FIGURES = {
    # the CLI's heatmap.png: the first two parameters against the first metric
    "heatmap (as the CLI draws it)": lambda c: splot.heatmap(
        c["sweep"], "patriot.deliveries", "ballistic.aim.cities", "depletion_month"
    ),
    "heatmap of months of cover": lambda c: splot.heatmap(
        c["sweep"], "patriot.deliveries", "ballistic.aim.cities", "months_of_cover"
    ),
    "heatmap where points never run short": lambda c: splot.heatmap(
        never_sweep("months_to_depletion"),
        "patriot.deliveries",
        "ballistic.defended",
        "months_to_depletion",
    ),
    "stocks": lambda c: splot.stocks(c["ensemble"]),
    "stocks with events": lambda c: splot.stocks(c["events"]),
    "stocks of two interceptor types": lambda c: splot.stocks(c["two"]),
    "fan": lambda c: splot.fan(c["ensemble"], "interceptor_stock", item="patriot"),
    "fan with events": lambda c: splot.fan(c["events"], "missile_stock", item="cruise"),
    "spaghetti": lambda c: splot.spaghetti(c["ensemble"], "launches", item="ballistic"),
    "depletion": lambda c: splot.depletion(c["two"]),
    "tornado": lambda c: splot.tornado(c["tornado"], metric="months_of_cover"),
    "sobol": lambda c: splot.sobol(sobol_frame(), metric="intercept_rate"),
    "observed classes": lambda c: splot.observed(c["observed"][["cruise", "s300_s400"]]),
    "observed and forecast": lambda c: splot.observed(
        c["observed"]["s300_s400"].loc["2024-01":],
        c["forecast"],
        fitted=c["fit"].fitted()["s300_s400"],
        item="s300_s400",
    ),
    "two panels": _two_panels,
}


def drawn_texts(figure: Figure) -> tuple[list[Text], object]:
    """The texts a draw of ``figure`` puts on the canvas (tick labels beyond the axes' limits
    exist but are not drawn), and the renderer."""
    FigureCanvasAgg(figure)
    drawn: list[Text] = []
    original = Text.draw

    def record(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return original(self, renderer)

    Text.draw = record  # type: ignore[method-assign]
    try:
        figure.canvas.draw()
    finally:
        Text.draw = original  # type: ignore[method-assign]
    return drawn, figure.canvas.get_renderer()


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_figure_keeps_its_text_inside_the_canvas_and_readable(name, drawn_cases):
    """Item 6: no text runs past the canvas (the heatmap's title did); item 9: names as a
    person reads them, shares never in the unit "[1]"."""
    figure = FIGURES[name](drawn_cases).figure
    texts, renderer = drawn_texts(figure)
    width, height = figure.bbox.width, figure.bbox.height
    outside = []
    for text in texts:
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            outside.append((text.get_text(), tuple(round(v) for v in box.bounds)))
    assert outside == []
    for shown in (t.get_text() for t in texts):
        assert "[1]" not in shown, shown
        for raw in ("s300_s400", "patriot.deliveries", "ballistic.defended", "ballistic.aim"):
            assert raw not in shown, shown
