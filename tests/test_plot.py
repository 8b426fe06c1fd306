"""Figures: what each function draws (lines, bands, labels, legends), on the Agg backend."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection, QuadMesh
from matplotlib.figure import Figure

import stockpile as sp
import stockpile.plot as splot
from stockpile.errors import StockpileError


@pytest.fixture(scope="module")
def ensemble() -> sp.Result:
    preset = sp.presets.load("russia-ukraine-2025", point=True)  # count noise only
    return sp.simulate(preset, runs=200, seed=1, stochastic=True)


@pytest.fixture(scope="module")
def single() -> sp.Result:
    return sp.simulate(sp.presets.load("russia-ukraine-2025", point=True))


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
    legend = ax.get_legend()
    assert legend is not None, "no legend drawn"
    return [t.get_text() for t in legend.get_texts()]


def bands(ax) -> list[PolyCollection]:
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def test_fan_draws_median_and_two_bands(ensemble):
    ax = splot.fan(ensemble, "interceptor_stock", item="patriot")
    assert isinstance(ax.figure, Figure)
    assert len(bands(ax)) == 2
    median = ax.get_lines()[0]
    expected = np.median(ensemble.get("interceptor_stock", "patriot"), axis=0)
    np.testing.assert_allclose(median.get_ydata(), expected)
    assert legend_texts(ax) == ["90% of runs", "50% of runs", "median"]
    assert ax.get_ylabel() == "interceptor stock [interceptors]"
    assert ax.get_xlabel() == "month"
    assert "patriot" in ax.get_title() and "200 runs" in ax.get_title()
    # the wide band holds the narrow one
    wide, narrow = (b.get_paths()[0].vertices[:, 1] for b in bands(ax))
    assert wide.max() >= narrow.max() and wide.min() <= narrow.min()


def test_fan_x_axis_is_months(ensemble):
    ax = splot.fan(ensemble, "missile_stock", item="cruise", bands=[0.8])
    x = ax.get_lines()[0].get_xdata()
    assert np.asarray(x)[0] == np.datetime64("2025-01-01")
    assert len(x) == 36
    assert len(bands(ax)) == 1 and legend_texts(ax)[0] == "80% of runs"


def test_fan_on_given_axes_with_label_and_colour(ensemble, single):
    figure = Figure()
    ax = figure.add_subplot()
    assert (
        splot.fan(ensemble, "missile_stock", item="cruise", ax=ax, label="a", color="#000000") is ax
    )
    splot.fan(single, "missile_stock", item="cruise", ax=ax, title="")
    assert ax.get_title() == ""
    texts = legend_texts(ax)
    assert texts[:3] == ["a: 90% of runs", "a: 50% of runs", "a: median"]
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
        "s300_s400 reserve [missiles]",
        "patriot magazine [interceptors]",
    ]
    offsets = ensemble.metric("depletion_month")
    short = offsets[~np.isnan(offsets)]  # the median is over the runs that fall short
    month = ensemble.index[int(np.floor(np.median(short)))]
    assert texts[4] == f"patriot short from {month} (median; {short.size / 200:.0%} of runs)"
    assert len(bands(ax)) == 3 and len(bands(right)) == 1
    # the depletion month is marked by a vertical line on the left axes
    vertical = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    assert len(vertical) == 1
    assert np.asarray(vertical[0].get_xdata())[0] == month.to_timestamp().to_datetime64()
    assert "missile reserve and interceptor magazine" in ax.get_title()


def test_stocks_deterministic_and_without_depletion(single):
    ax = splot.stocks(single)
    assert not bands(ax)
    assert legend_texts(ax)[-1] == "patriot short from 2026-11"
    calm = sp.simulate(
        sp.presets.load("russia-ukraine-2025", point=True).with_params({"patriot.stock": 10_000})
    )
    ax = splot.stocks(calm)
    assert not any("short" in t for t in legend_texts(ax))


def test_depletion_probability_steps(ensemble, two_interceptors):
    ax = splot.depletion(ensemble)
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), ensemble.depletion_probability()["any"].to_numpy())
    assert legend_texts(ax) == ["patriot"]
    assert ax.get_ylim() == (-0.02, 1.02)
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "50%"
    ax = splot.depletion(two_interceptors)
    assert legend_texts(ax) == ["any interceptor type", "patriot", "samp"]


def test_stocks_with_two_interceptor_types(two_interceptors):
    ax = splot.stocks(two_interceptors)
    texts = legend_texts(ax)
    assert "patriot magazine [interceptors]" in texts
    assert "samp magazine [interceptors]" in texts
    assert sum("short from" in t for t in texts) == 2


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
    assert ax.get_xlabel() == "patriot.deliveries"


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
    # widest swing on top (the last tick is at the top)
    assert labels[-1].startswith("patriot.deliveries") and labels[0].startswith("patriot.pk")
    assert "60 – 400" in labels[-1]
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
    assert ax.get_xlabel() == "share of the metric's variance [1]"
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
        "forecast, 90% of runs",
        "forecast, 50% of runs",
        "forecast, median",
    ]
    obs_line = ax.get_lines()[0]
    np.testing.assert_array_equal(obs_line.get_ydata(), observed.to_numpy())
    assert ax.get_ylabel() == "launches [missiles/month]"
    assert len(bands(ax)) == 2
    assert ax.get_title() == "Observed launches, fitted and forecast"


def test_observed_dataframe_and_errors():
    frame = pd.DataFrame(
        {"cruise": [1.0, 2.0], "ballistic": [3.0, 4.0]},
        index=pd.PeriodIndex(["2024-01", "2024-02"], freq="M"),
    )
    ax = splot.observed(frame)
    assert legend_texts(ax) == ["observed cruise", "observed ballistic"]
    with pytest.raises(StockpileError, match="'observed'"):
        splot.observed([1, 2, 3])
    with pytest.raises(StockpileError, match="'observed'"):
        splot.observed(pd.Series([1.0], index=["not a month"]))


def test_figures_render_to_png(ensemble, tmp_path):
    for ax in (
        splot.fan(ensemble, "interceptor_stock"),
        splot.stocks(ensemble),
        splot.depletion(ensemble),
        splot.tornado(tornado_frame(False)),
        splot.sobol(sobol_frame()),
    ):
        path = tmp_path / "figure.png"
        ax.figure.savefig(path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_pyplot_state_and_no_matplotlib_on_import(ensemble):
    splot.stocks(ensemble)
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        assert plt.get_fignums() == []
    code = "import sys, stockpile; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_figures_of_explore_tables():
    """The tables sp.explore returns are drawn as they come."""
    scenario = sp.presets.load("russia-ukraine-2025", point=True)
    bounds = {"patriot.deliveries": sp.per_year((60, 600)), "ballistic.defended": (0.3, 0.7)}
    table = sp.explore.sweep(scenario, sp.explore.lhs(bounds, n=64, seed=1), "months_of_cover")
    ax = splot.heatmap(table, "patriot.deliveries", "ballistic.defended", "months_of_cover")
    assert ax.get_xlabel() == "patriot.deliveries [per year]"
    swings = sp.explore.tornado(scenario, bounds, "months_to_depletion")
    ax = splot.tornado(swings, metric="months_to_depletion")
    assert len(ax.patches) == 4
    assert ax.get_yticklabels()[-1].get_text().startswith("patriot.deliveries\n(60 – 600)")
    indices = sp.explore.sobol(scenario, bounds, "months_to_depletion", n=64, seed=1, resamples=99)
    ax = splot.sobol(indices)
    assert {t.get_text() for t in ax.get_yticklabels()} == set(bounds)
    assert ax.get_title() == "Sobol indices of months to depletion"
