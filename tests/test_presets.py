"""Presets: listed, loadable, every number sourced or marked as an assumption."""

from __future__ import annotations

import numpy as np
import pytest

import stockpile as sp


@pytest.mark.parametrize("name", sp.presets.names())
def test_every_preset_loads_runs_and_cites(name: str) -> None:
    scenario = sp.presets.load(name)
    result = sp.simulate(scenario)
    assert np.isfinite(result.metric("final_missile_stock")).all()
    sources = sp.presets.sources(name)
    assert list(sources.columns) == ["path", "value", "unit", "when", "source", "assumption"]
    assert (sources["source"].str.len() > 10).all()
    valid = set(scenario.paths()) | {p.rsplit(".", 1)[0] for p in scenario.paths()}
    for path in sources["path"]:
        assert path in valid or path.rsplit(".", 1)[0] in valid, path
    assert name in sp.presets.describe(name)


def test_preset_figures_are_the_scenario_values() -> None:
    scenario = sp.presets.load("russia-ukraine-2025")
    figures = sp.presets.sources("russia-ukraine-2025").set_index("path")["value"]
    ballistic = next(m for m in scenario.missiles if m.name == "ballistic")
    assert ballistic.production.value == figures["ballistic.production"]
    assert ballistic.stock == figures["ballistic.stock"]
    total = figures["cruise.production"] + figures["ballistic.production"]
    assert total == 2900  # HUR's capacity figure
    assert figures["cruise.launches"] + figures["ballistic.launches"] == 2061  # NYT's count


def test_article_preset_reproduces_the_headline() -> None:
    result = sp.simulate(sp.presets.load("article-2024"))
    assert result.metric("reserve_growth_per_year")[0] == pytest.approx(839.0)


def test_ceasefire_makes_the_reserve_grow_faster() -> None:
    war = sp.simulate(sp.presets.load("russia-ukraine-2025"))
    truce = sp.simulate(sp.presets.load("russia-ukraine-2025-ceasefire"))
    assert truce.metric("final_missile_stock")[0] > war.metric("final_missile_stock")[0]
    assert sp.presets.sources("russia-ukraine-2025")["assumption"].any()
