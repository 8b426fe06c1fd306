"""The README's code runs, and the numbers it shows are the numbers the library gives."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def namespace() -> dict:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README has no Python examples"
    scope: dict = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), scope)
    return scope


def test_quick_start_numbers(namespace: dict) -> None:
    sp = namespace["sp"]
    war = sp.simulate(namespace["article"]).summary().iloc[0]
    assert war["final_missile_stock"] == pytest.approx(1678.0)
    assert war["reserve_growth_per_year"] == pytest.approx(839.0)
    truce = sp.simulate(namespace["truce"]).summary().iloc[0]
    assert truce["final_missile_stock"] == pytest.approx(3739.0)
    assert truce["reserve_growth_per_year"] == pytest.approx(1869.5)


def test_uncertainty_numbers(namespace: dict) -> None:
    probability = namespace["ensemble"].depletion_probability()["any"]
    shown = {"2025-06": 0.0257, "2025-12": 0.1620, "2026-06": 0.3290, "2026-12": 0.4727}
    shown["2027-12"] = 0.6647
    text = README.read_text()
    for month, value in shown.items():
        assert probability[month] == pytest.approx(value, abs=1e-12)
        assert f"# {month}    {value:.4f}" in text
    assert np.diff(probability.to_numpy()).max() < 0.1  # it rises month by month, no cliff
    short = namespace["short"]
    quantiles = {q: short[short >= q].index.min() for q in (0.05, 0.5, 0.95)}
    assert quantiles[0.05] == pd.Period("2025-08", "M")
    assert quantiles[0.5] == pd.Period("2027-02", "M")
    assert pd.isna(quantiles[0.95])
    assert "# {0.05: Period('2025-08'), 0.5: Period('2027-02'), 0.95: NaT}" in text


def test_sobol_sentence(namespace: dict) -> None:
    total = namespace["drivers"].set_index("parameter")["total_order"]
    shown = {
        "ballistic.launches": 0.38,
        "patriot.deliveries": 0.28,
        "patriot.stock": 0.22,
        "ballistic.aim.cities": 0.17,
    }
    assert list(total.index[:4]) == list(shown)
    for parameter, value in shown.items():
        assert total[parameter] == pytest.approx(value, abs=0.005)
        assert f"# {parameter:<20}    {value:.2f}" in README.read_text()
    for parameter in ("patriot.pk", "cruise.production", "ballistic.stock"):
        assert abs(total[parameter]) < 0.01  # "do not move it"
    text = " ".join(README.read_text().split())
    sentence = (
        "the ballistic launch rate ({:.2f}), the magazine's resupply ({:.2f}), the magazine's "
        "size in January 2025 ({:.2f}) and the share of ballistic launches at the other cities "
        "the batteries cover ({:.2f})"
    )
    assert sentence.format(*shown.values()) in text


def test_headline_sentence_matches_the_numbers(namespace: dict) -> None:
    probability = namespace["short"]
    text = " ".join(README.read_text().split())
    by = {m: f"{probability[m]:.0%}".replace("%", " %") for m in ("2025-06", "2025-12", "2026-12")}
    assert (
        f"by June 2025 in {by['2025-06']} of runs, by December 2025 in {by['2025-12']} "
        f"and by December 2026 in {by['2026-12']}"
    ) in text
    assert "not by the end of 2027 in a third" in text
    reliability = next(
        f for f in namespace["sp"].presets.figures("russia-ukraine-2025")
        if f.path == "ballistic.reliability"
    )  # fmt: skip
    assert round(1 / (1 - reliability.point)) == 8
    assert "about one ballistic launch in eight fails in flight" in text
    assert 0.31 < 1 - probability["2027-12"] < 0.36


def test_error_message_shown_is_the_real_one(namespace: dict) -> None:
    sp = namespace["sp"]
    shown = re.search(
        r"```\n(The 'ballistic.production' parameter.*?)\n```", README.read_text(), flags=re.S
    )
    assert shown is not None
    with pytest.raises(sp.StockpileError) as error:
        sp.Scenario(
            start="2025-01", months=1, missiles=[sp.Missile("ballistic", production=1000)]
        ).validate()  # type: ignore[arg-type]
    assert str(error.value) == shown.group(1)


def test_kyiv_sentence_is_the_record(namespace: dict) -> None:
    sp = namespace["sp"]
    window = sp.data.observed_by_target().loc["2024-01":"2025-06"].sum()
    share = [
        window["destroyed", "ballistic", key] / window["launched", "ballistic", key]
        for key in ("kyiv", "rest")
    ]
    text = " ".join(README.read_text().split())
    assert f"({share[0]:.2f} against {share[1]:.2f} of them, 2024 to mid-2025;" in text
