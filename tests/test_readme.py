"""The README's code runs, and the numbers it shows are the numbers the library gives."""

from __future__ import annotations

import re
from pathlib import Path

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
    shown = {"2025-03": 0.0, "2025-06": 0.6635, "2025-09": 1.0}
    for month, value in shown.items():
        assert probability[month] == pytest.approx(value, abs=1e-12)


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
