"""Explicit run ids: ``simulate(..., run_ids=...)`` computes exactly the runs of the ensemble of
its seed that it names, and a grouped sweep computes no row it discards."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import patriot_case

import stockpile as sp
from stockpile import explore
from stockpile.explore import runner

RUNS = 40


def uncertain() -> sp.Scenario:
    """Uncertain stocks, rates, kill probability and ceasefire month: every kind of draw."""
    return patriot_case(
        18,
        events=[sp.Ceasefire(start="2025-09", end="2025-12")],
        **{
            "ballistic.production": sp.per_year(scipy.stats.uniform(400, 800)),
            "cruise.stock": scipy.stats.uniform(500, 1000),
            "patriot.pk": scipy.stats.beta(7, 3),
            "patriot.deliveries": sp.per_month(scipy.stats.gamma(4, scale=8)),
        },
    )


MODES = [False, True, sp.Noise(production=True)]
ENSEMBLES = {i: sp.simulate(uncertain(), RUNS, seed=1, stochastic=m) for i, m in enumerate(MODES)}


def assert_rows(whole: sp.Result, part: sp.Result, ids: np.ndarray) -> None:
    """Every trajectory, metric and drawn parameter of ``part`` is that of ``whole``'s ``ids``:
    the same draws and counts, the same real numbers to the last bits of rounding (the engine's
    sums, like the chunk size, may change the order of additions)."""
    assert part.runs == ids.size
    assert set(part.trajectories) == set(whole.trajectories)
    for name, values in whole.trajectories.items():
        expected = np.broadcast_to(values, (*values.shape[:2], whole.runs))[:, :, ids]
        got = np.broadcast_to(part.trajectories[name], (*values.shape[:2], ids.size))
        if whole.noise is None:
            np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-12, err_msg=name)
        else:  # whole numbers: exactly
            np.testing.assert_array_equal(got, expected, err_msg=name)
    assert set(part.metrics) == set(whole.metrics)
    for name, values in whole.metrics.items():  # sums over months: to the last bits of rounding
        np.testing.assert_allclose(part.metrics[name], values[ids], rtol=1e-12, err_msg=name)
    assert set(part.samples) == set(whole.samples) != set()
    for name, values in whole.samples.items():
        np.testing.assert_array_equal(part.samples[name], values[ids], err_msg=name)


@pytest.mark.parametrize("mode", range(len(MODES)))
def test_run_7_alone_is_run_7_of_the_ensemble(mode: int) -> None:
    alone = sp.simulate(uncertain(), run_ids=[7], seed=1, stochastic=MODES[mode])
    assert_rows(ENSEMBLES[mode], alone, np.array([7]))


@settings(max_examples=int(os.environ.get("STOCKPILE_EXAMPLES", 40)), deadline=None)
@given(
    mode=st.sampled_from(range(len(MODES))),
    ids=st.lists(st.integers(0, RUNS - 1), min_size=1, max_size=RUNS, unique=True),
    chunk=st.integers(1, 8),
)
def test_any_subset_of_ids_in_any_order_gives_those_runs(mode: int, ids: list, chunk: int) -> None:
    part = sp.simulate(
        uncertain(), seed=1, stochastic=MODES[mode], run_ids=np.array(ids), chunk_size=chunk
    )
    assert_rows(ENSEMBLES[mode], part, np.array(ids))


def test_first_run_is_a_shorthand_for_a_range_of_ids() -> None:
    shifted = sp.simulate(uncertain(), 5, seed=1, stochastic=True, first_run=30)
    ranged = sp.simulate(uncertain(), seed=1, stochastic=True, run_ids=range(30, 35))
    assert_rows(ENSEMBLES[1], shifted, np.arange(30, 35))
    assert_rows(ENSEMBLES[1], ranged, np.arange(30, 35))


def test_per_run_arrays_give_one_value_per_row() -> None:
    deliveries = np.array([10.0, 20.0, 30.0])  # [interceptors/month]
    case = uncertain().with_params({"patriot.deliveries": sp.per_month(deliveries)})
    result = sp.simulate(case, seed=1, run_ids=[12, 3, 25])
    np.testing.assert_array_equal(result.get("deliveries", "patriot")[:, 0], deliveries)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"run_ids": [3, 1, 3]}, r"'run_ids' parameter must be a non-empty 1-D array of distinct"),
        (
            {"run_ids": [2, -1]},
            r"'run_ids' parameter must be .* whole numbers >= 0\. Got \[2, -1\]",
        ),
        ({"run_ids": [1.0, 2.0]}, r"'run_ids' parameter must be .*\. Got \[1.0, 2.0\] instead"),
        ({"run_ids": [True, False]}, r"'run_ids' parameter must be"),
        ({"run_ids": "12"}, r"'run_ids' parameter must be .*\. Got '12' instead"),
        ({"run_ids": []}, r"'run_ids' parameter must be a non-empty"),
        ({"run_ids": [[1, 2]]}, r"'run_ids' parameter must be a non-empty 1-D"),
        (
            {"run_ids": [4, 5], "runs": 3},
            r"'runs' parameter must be the number of run ids \(2\) or omitted when 'run_ids' is "
            r"given\. Got 3 instead",
        ),
        ({"run_ids": [4, 5], "runs": 2.0}, r"'runs' parameter must be a whole number >= 1"),
        ({"run_ids": [4], "first_run": 4}, r"'first_run' parameter must be 0 when 'run_ids'"),
    ],
)
def test_bad_run_ids_get_the_house_message(arguments: dict, message: str) -> None:
    with pytest.raises(sp.StockpileError, match=message):
        sp.simulate(uncertain(), seed=1, **arguments)


def test_run_ids_that_agree_with_runs_are_accepted() -> None:
    result = sp.simulate(uncertain(), 2, seed=1, run_ids=[9, 4])
    assert_rows(ENSEMBLES[0], result, np.array([9, 4]))


def test_a_grouped_stochastic_sweep_simulates_only_its_rows(monkeypatch) -> None:
    rng = np.random.default_rng(2)
    design = pd.DataFrame(
        {"patriot.pk": rng.uniform(0.5, 0.9, 60), "patriot.lead_time": rng.integers(0, 3, 60)}
    )
    simulated = []

    def counting(*args, **kwargs):
        result = sp.simulate(*args, **kwargs)
        simulated.append(result.runs)
        return result

    monkeypatch.setattr(runner, "simulate", counting)
    metrics = ["leakers_total", "months_to_depletion"]
    table = explore.sweep(
        patriot_case(18), design, metrics, seed=3, stochastic=True, chunk_size=25, progress=False
    )
    assert sum(simulated) == len(design)
    for i in [0, 17, 59]:  # each row is the run of its position, simulated alone
        pk, lead_time = float(design["patriot.pk"][i]), int(design["patriot.lead_time"][i])
        case = patriot_case(18).with_params({"patriot.pk": pk, "patriot.lead_time": lead_time})
        alone = sp.simulate(case, seed=3, stochastic=True, run_ids=[i])
        for m in metrics:
            np.testing.assert_array_equal(table[m].iloc[i], alone.metric(m)[0])
