"""Presets: every figure a sourced range with a grade, and nothing in a preset without a figure."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
import scipy.stats

import stockpile as sp
from stockpile.params import is_distribution
from stockpile.presets import FIXED_GRADES, GRADES, Figure
from stockpile.units import Rate

NAMES = sp.presets.names()
UKRAINE = "russia-ukraine-2025"


def values(scenario: sp.Scenario, defaults: bool = False) -> dict[str, Any]:
    """Path → value of every parameter the scenario sets (with ``defaults``, also those left
    at their default), months of events included; a constant launch rate under its short path."""
    out = {}
    items = {item.name: item for item in scenario.items}
    for path, _, value in scenario.iter_params():
        head, attr, *_ = path.split(".")
        if head not in items:
            continue
        item = items[head]
        if attr == "launches":
            if item.policy.name == "constant":  # type: ignore[union-attr]
                out[f"{head}.launches"] = value
            continue
        default = next(f.default for f in dataclasses.fields(item) if f.name == attr)
        unchanged = not is_distribution(value) and type(value) is type(default)
        if defaults or not (unchanged and value == default):
            out[path] = value
    for k, event in enumerate(scenario.events):
        label = scenario.event_label(k)
        for f in dataclasses.fields(event):
            value = getattr(event, f.name)
            if value is not None and f.name not in ("missile", "interceptor"):
                out[f"{label}.{f.name}"] = value
    return out


def unwrap(value: Any) -> Any:
    return value.value if isinstance(value, Rate) else value


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_is_a_graded_sourced_range(name: str) -> None:
    for f in sp.presets.figures(name):
        assert f.grade in GRADES, f.path
        assert len(f.source) > 30 and f.when and f.unit, f.path
        if f.dist is None:
            assert f.grade in FIXED_GRADES or f.unit in ("month", "months"), f.path
            continue
        low, high = f.dist.ppf([0.05, 0.95])
        assert high > low, f"{f.path}: a range, not a point"
        support = f.dist.support()
        assert support[0] <= f.point <= support[1], f.path  # type: ignore[operator]


@pytest.mark.parametrize("name", NAMES)
def test_no_number_in_a_preset_without_its_figure(name: str) -> None:
    scenario = sp.presets.load(name)
    figures = {f.path: f for f in sp.presets.figures(name)}
    assert set(values(scenario)) <= set(figures), set(values(scenario)) - set(figures)
    every = values(scenario, defaults=True)
    for path, figure in figures.items():
        value = every[path]
        if figure.dist is None:
            assert unwrap(value) == figure.point, path
        else:
            assert unwrap(value) is figure.dist, path
            assert isinstance(value, Rate) == (figure.rate is not None), path


@pytest.mark.parametrize("name", NAMES)
def test_point_values_load_deterministic(name: str) -> None:
    scenario = sp.presets.load(name, point=True)
    for path, value in values(scenario).items():
        assert not is_distribution(unwrap(value)), path
    every = values(scenario, defaults=True)
    assert {f.path: unwrap(every[f.path]) for f in sp.presets.figures(name)} == {
        f.path: f.point for f in sp.presets.figures(name)
    }
    result = sp.simulate(scenario)
    assert np.isfinite(result.metric("final_missile_stock")).all()


@pytest.mark.parametrize("name", NAMES)
def test_every_preset_runs_as_an_ensemble(name: str) -> None:
    result = sp.simulate(sp.presets.load(name), runs=64, seed=1, stochastic=True)
    stock = result.metric("final_missile_stock")
    assert np.isfinite(stock).all() and stock.std() > 0  # the ranges reach the runs


@pytest.mark.parametrize("name", NAMES)
def test_describe_sources_notes_and_ranges(name: str) -> None:
    figures = sp.presets.figures(name)
    text = sp.presets.describe(name)
    assert text.startswith(name)
    for f in figures:
        assert f.path in text and f.grade.upper() in text
    table = sp.presets.sources(name)
    assert list(table.columns) == [
        "path",
        "point",
        "low",
        "high",
        "distribution",
        "unit",
        "when",
        "grade",
        "source",
    ]
    assert table["path"].tolist() == [f.path for f in figures]
    ranged = table[table["distribution"] != ""]
    assert (ranged["low"] < ranged["high"]).all()
    notes = sp.presets.notes(name)
    assert list(notes) == [f.path for f in figures]
    assert all(note.startswith(f.grade) for note, f in zip(notes.values(), figures, strict=True))
    bounds = sp.presets.ranges(name)
    assert set(bounds) == {f.path for f in figures if f.dist is not None}


def test_describe_shows_point_range_grade_and_source() -> None:
    text = sp.presets.describe(UKRAINE)
    assert "ballistic.production       700 (361–748)" in text
    assert "UNVERIFIED, 2024" in text and "RUSI" in text
    assert "0 of 265 flew at Kyiv" in " ".join(text.split())  # notes wrap
    assert "PENDING" not in text and "RECORD" in text  # every stand-in has been replaced


def test_unknown_preset_lists_the_names() -> None:
    with pytest.raises(sp.StockpileError, match="russia-ukraine-2025"):
        sp.presets.load("nope")


def test_figures_refuse_a_point_without_grade_or_range() -> None:
    with pytest.raises(ValueError, match="grade"):
        Figure("x.stock", scipy.stats.uniform(0, 1), grade="guess")
    with pytest.raises(ValueError, match="needs a range"):
        Figure("x.stock", None, 5, grade="claim")
    with pytest.raises(ValueError, match=r"frozen scipy\.stats"):
        Figure("x.stock", (1, 2), grade="claim")
    assert Figure("x.stock", scipy.stats.uniform(0, 10)).point == 5.0  # the median


# ----------------------------------------------------------------------------- the record's classes


def test_launches_are_the_record_2025_mix_with_its_dispersion() -> None:
    observed = sp.data.observed_monthly().loc["2025-01":"2025-06", "launched"]
    fit = sp.calibrate.fit_launches(
        sp.data.observed_monthly(), until="2025-06", classes=["cruise", "ballistic", "s300_s400"]
    )
    scenario = sp.presets.load(UKRAINE, point=True)
    for missile in scenario.missiles:
        assert missile.policy.params["rate"].value == pytest.approx(
            observed[missile.name].mean(), abs=0.01
        )
        assert missile.policy.params["rate"].per == "month"
        k = fit.classes[missile.name].dispersion
        assert missile.dispersion == pytest.approx(k, abs=0.01)  # not Poisson
        assert np.isfinite(missile.dispersion)


def test_s300_is_its_own_class_from_legacy_stock_and_not_a_patriot_target() -> None:
    scenario = sp.presets.load(UKRAINE, point=True)
    s300 = next(m for m in scenario.missiles if m.name == "s300_s400")
    assert s300.production == sp.per_month(0) and s300.defended == 0.0
    patriot, lower = scenario.interceptors
    assert patriot.engages == ("ballistic",) and lower.engages == ("cruise",)
    result = sp.simulate(scenario)
    launched = result.get("launches", "s300_s400").sum()
    stock = result.get("missile_stock", "s300_s400")[0]
    assert stock[-1] == pytest.approx(s300.stock - launched)  # drawn from its own stock only


def test_kn23_imports_are_delivered_and_their_failures_a_reliability() -> None:
    figures = {f.path: f for f in sp.presets.figures(UKRAINE)}
    imports, reliability = figures["ballistic.imports"], figures["ballistic.reliability"]
    assert imports.point == 150 and imports.grade == "claim" and "148" in imports.source
    # 1 - (KN-23 share) x (failure share 0.3-0.6), the share between 150 / (150 + 700 x 0.8)
    # and 150 / (the record's 2025 ballistic launches a year)
    launched = float(figures["ballistic.launches"].point) * 12  # type: ignore[arg-type]
    low, high = 1 - 150 / launched * 0.6, 1 - 150 / 710 * 0.3
    assert reliability.interval(1.0) == pytest.approx((round(low, 2), round(high, 2)))
    assert reliability.grade == "assumption" and "Prosecutor General" in reliability.source
    result = sp.simulate(sp.presets.load(UKRAINE, point=True))
    assert np.allclose(
        result.get("failed", "ballistic"),
        (1 - reliability.point) * result.get("launches", "ballistic"),  # type: ignore[operator]
    )
    assert (result.get("failed", "cruise") == 0).all()


def test_capacity_and_output_are_separate() -> None:
    scenario = sp.presets.load(UKRAINE, point=True)
    result = sp.simulate(scenario)
    for missile in ("cruise", "ballistic"):
        capacity = next(m for m in scenario.missiles if m.name == missile).production.value / 12
        assert result.get("production", missile)[0, 0] == pytest.approx(capacity * 0.8)
    utilization = next(f for f in sp.presets.figures(UKRAINE) if f.path == "cruise.utilization")
    assert utilization.interval(1.0) == (0.6, 1.0)


def test_article_point_values_reproduce_the_headline() -> None:
    result = sp.simulate(sp.presets.load("article-2024", point=True))
    assert result.metric("reserve_growth_per_year")[0] == pytest.approx(839.0)


def test_ceasefire_makes_the_reserve_grow_faster() -> None:
    war = sp.simulate(sp.presets.load(UKRAINE, point=True))
    truce = sp.simulate(sp.presets.load("russia-ukraine-2025-ceasefire", point=True))
    assert truce.metric("final_missile_stock")[0] > war.metric("final_missile_stock")[0]


def test_depletion_probability_rises_over_months() -> None:
    result = sp.simulate(sp.presets.load(UKRAINE), runs=2000, seed=3, stochastic=True)
    probability = result.depletion_probability()["any"].to_numpy()
    assert probability[5] < 0.2 and probability[-1] > 0.5  # neither certain nor never
    assert np.diff(probability[::3]).max() < 0.25  # no quarter takes it from 0 to 1


def test_europe_starts_from_the_ukraine_preset_end_of_2025() -> None:
    from stockpile.presets._europe import START_STOCKS

    result = sp.simulate(sp.presets.load(UKRAINE), runs=2000, seed=5, stochastic=True)
    for missile, (low, high) in START_STOCKS.items():
        q05, q95 = result.quantiles("missile_stock", [0.05, 0.95], item=missile).loc["2025-12"]
        assert q05 == pytest.approx(low, rel=0.1) and q95 == pytest.approx(high, rel=0.1)


# ----------------------------------------------------------------------------- defended areas


def _ballistic_by_area(scenario: sp.Scenario, months: int) -> dict[str, float]:
    """Destroyed ÷ launched of ballistic missiles at Kyiv and elsewhere over the first
    ``months``, in the point run of ``scenario``'s ballistic missiles and Patriot alone (Patriot
    engages nothing else, so its magazine runs as in the whole scenario)."""
    alone = dataclasses.replace(
        scenario,
        missiles=[m for m in scenario.missiles if m.name == "ballistic"],
        interceptors=[i for i in scenario.interceptors if i.name == "patriot"],
    )
    result = sp.simulate(alone)
    aimed = {a: result.get("aimed", a)[0, :months].sum() for a in ("kyiv", "cities")}
    leaked = {a: result.get("area_leakers", a)[0, :months].sum() for a in ("kyiv", "cities")}
    launched = result.get("launches", "ballistic")[0, :months].sum()
    # launched at Kyiv as the record counts them, the ones that failed in flight included
    kyiv = launched * alone.missiles[0].aim["kyiv"]  # type: ignore[index]
    return {
        "kyiv": (aimed["kyiv"] - leaked["kyiv"]) / kyiv,
        "rest": (aimed["cities"] - leaked["cities"]) / (launched - kyiv),  # cities, undefended
    }


def test_kyiv_first_matches_the_record_by_area() -> None:
    record = sp.data.observed_by_target().loc["2024-01":"2025-06"].sum()
    observed = {
        key: record["destroyed", "ballistic", key] / record["launched", "ballistic", key]
        for key in ("kyiv", "rest")
    }
    scenario = sp.presets.load(UKRAINE, point=True)
    assert scenario.areas == ("kyiv", "cities")
    patriot = next(i for i in scenario.interceptors if i.name == "patriot")
    assert patriot.covers == ("kyiv", "cities") and patriot.floor > 0  # Kyiv first
    simulated = _ballistic_by_area(scenario, months=6)  # 2025-H1, the record's last months
    assert simulated["kyiv"] == pytest.approx(observed["kyiv"], abs=0.03)
    assert simulated["rest"] == pytest.approx(observed["rest"], abs=0.03)
    assert simulated["kyiv"] > 3 * simulated["rest"]  # the record's order: Kyiv far higher
    aim = next(m for m in scenario.missiles if m.name == "ballistic").aim
    named, other = (record["launched", "ballistic", key] for key in ("kyiv", "rest"))
    assert aim["kyiv"] == pytest.approx(named / (named + other), abs=1e-3)


def test_the_floor_keeps_kyiv_defended_when_the_magazine_runs_low() -> None:
    scenario = sp.presets.load(UKRAINE, point=True)
    late = _ballistic_by_area(scenario, months=36)
    early = _ballistic_by_area(scenario, months=6)
    assert late["rest"] < early["rest"]  # the other cities lose their cover first
    # without the floor the other cities draw the rounds kept for Kyiv; Kyiv gains nothing
    open_fire = _ballistic_by_area(scenario.with_params({"patriot.floor": 0.0}), months=36)
    assert open_fire["rest"] > late["rest"] and open_fire["kyiv"] <= late["kyiv"]


def test_the_us_pause_of_mid_2025_cuts_patriot_deliveries_for_two_months() -> None:
    scenario = sp.presets.load(UKRAINE, point=True)
    deliveries = sp.simulate(scenario).get("deliveries", "patriot")[0]
    rate = next(i for i in scenario.interceptors if i.name == "patriot").deliveries.value / 12
    months = list(scenario.index.astype(str))
    factor = next(e for e in scenario.events if isinstance(e, sp.DeliveryShock)).factor
    paused = [months.index("2025-06"), months.index("2025-07")]
    assert deliveries[paused] == pytest.approx([factor * rate] * 2)
    assert 0 < factor < 1  # the European part still arrives
    assert deliveries[months.index("2025-08")] == pytest.approx(rate)  # PURL from August


def test_europe_defends_capitals_and_critical_sites_first() -> None:
    scenario = sp.presets.load("russia-europe-after-ceasefire", point=True)
    assert scenario.areas == ("critical", "cities")
    for interceptor in scenario.interceptors:
        assert interceptor.covers is None or interceptor.covers[0] == "critical"
    result = sp.simulate(scenario)
    destroyed = {}
    for area in scenario.areas:
        aimed = result.get("aimed", area)[0].sum()
        destroyed[area] = (aimed - result.get("area_leakers", area)[0].sum()) / aimed
    assert destroyed["critical"] > destroyed["cities"]  # the floor keeps rounds for the first
