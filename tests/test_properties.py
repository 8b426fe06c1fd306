"""Hypothesis properties: conservation, non-negativity, monotonicity, reproducibility."""

from __future__ import annotations

import os

import numpy as np
import scipy.stats
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stockpile as sp
from stockpile import engine

rates = st.floats(0, 400, allow_nan=False)
stocks = st.floats(0, 3000, allow_nan=False)
shares = st.floats(0, 1)
SETTINGS = settings(
    max_examples=int(os.environ.get("STOCKPILE_EXAMPLES", 40)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@st.composite
def scenarios(draw: st.DrawFn) -> sp.Scenario:
    policy = draw(st.sampled_from(["constant", "floor", "share", "campaign"]))
    rate = sp.per_month(draw(rates))
    launches: object = {
        "constant": rate,
        "floor": sp.reserve_floor(rate, draw(stocks)),
        "share": sp.share_of_production(draw(st.floats(0, 2))),
        "campaign": sp.campaign(rate, draw(st.lists(st.floats(0, 2), min_size=12, max_size=12))),
    }[policy]
    months = draw(st.integers(1, 30))
    ceasefire = draw(st.booleans())
    # an uncertain input flow, so that flows differ between runs (chunk invariance of inputs)
    c_production: object = sp.per_month(draw(rates))
    if draw(st.booleans()):
        c_production = sp.per_month(scipy.stats.uniform(0, draw(rates) + 1))
    return sp.Scenario(
        start="2025-01",
        months=months,
        missiles=[
            sp.Missile(
                "b",
                production=sp.per_month(draw(rates)),
                launches=launches,  # type: ignore[arg-type]
                stock=draw(stocks),
                defended=draw(shares),
                imports=sp.per_month(draw(st.floats(0, 30))),
                attrition=draw(st.sampled_from([0.0, 0.0, 0.02])),
                reliability=draw(st.sampled_from([1.0, 1.0, 0.6])),
            ),
            sp.Missile(
                "c",
                production=c_production,  # type: ignore[arg-type]
                launches=sp.per_month(draw(rates)),
                stock=draw(stocks),
                defended=draw(shares),
                reliability=draw(st.sampled_from([1.0, 0.8, scipy.stats.uniform(0.3, 0.7)])),
            ),
        ],
        interceptors=[
            sp.Interceptor(
                "p",
                stock=draw(stocks),
                deliveries=sp.per_month(draw(rates)),
                engages=draw(st.sampled_from([["b"], ["b", "c"], ["c", "b"]])),
                shots=draw(st.integers(1, 3)),
                pk=draw(shares),
                doctrine=draw(st.sampled_from(["salvo", "shoot-look-shoot"])),
            ),
            sp.Interceptor(
                "q",
                stock=draw(stocks),
                deliveries=sp.per_month(draw(rates)),
                engages=["c"],
                shots=draw(st.integers(1, 3)),
                pk=draw(shares),
            ),
        ],
        events=[sp.Ceasefire(start="2025-01", end=f"2025-{min(months, 12):02d}")]
        if ceasefire
        else [],
    )


def check_balance(scenario: sp.Scenario, result: sp.Result) -> None:
    for r in range(result.runs):
        for m in scenario.missiles:
            stock = result.get("missile_stock", m.name)[r]
            before = np.r_[np.round(m.stock) if result.noise else m.stock, stock[:-1]]
            inflow = result.get("production", m.name)[r] + result.get("imports", m.name)[r]
            launches = result.get("launches", m.name)[r]
            lost = before + inflow - launches - stock  # attrition, the only other outflow
            assert np.allclose(lost, m.attrition * (before + inflow - launches), atol=0.5 + 1e-6)
            assert (lost >= -1e-9).all()
            assert (stock >= -1e-9).all()
            assert (launches >= -1e-9).all()
            leakers = result.get("leakers", m.name)[r]
            assert (leakers >= -1e-9).all() and (leakers <= launches + 1e-9).all()
            failed = result.get("failed", m.name)[r]  # hit nothing, counted as launched
            assert (failed >= -1e-9).all() and (failed <= launches + 1e-9).all()
            destroyed = result.get("intercepted", m.name)[r]
            assert np.allclose(leakers, launches - failed - destroyed, atol=1e-6)
            assert (result.get("engaged", m.name)[r] <= launches - failed + 1e-6).all()
            if result.noise:
                assert np.array_equal(failed, np.round(failed))
        for i in scenario.interceptors:
            stock = result.get("interceptor_stock", i.name)[r]
            before = np.r_[np.round(i.stock) if result.noise else i.stock, stock[:-1]]
            change = (
                result.get("deliveries", i.name)[r] - result.get("interceptors_fired", i.name)[r]
            )
            assert np.allclose(stock - before, change, atol=1e-6)
            assert (stock >= -1e-9).all()
            assert (result.get("interceptor_shortfall", i.name)[r] >= -1e-9).all()


@SETTINGS
@given(scenarios())
def test_balance_and_non_negativity(scenario: sp.Scenario) -> None:
    check_balance(scenario, sp.simulate(scenario, runs=3, seed=1))


@SETTINGS
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_balance_stochastic_integer_counts(scenario: sp.Scenario, seed: int) -> None:
    result = sp.simulate(scenario, runs=5, seed=seed, stochastic=sp.Noise(production=True))
    check_balance(scenario, result)
    for variable in ("launches", "missile_stock"):
        values = result[variable]
        if not any(m.attrition for m in scenario.missiles):
            assert np.array_equal(values, np.round(values))


@SETTINGS
@given(scenarios(), st.floats(0, 200))
def test_more_production_never_lowers_the_reserve(scenario: sp.Scenario, extra: float) -> None:
    base = sp.simulate(scenario, runs=2, seed=4)
    missile = scenario.missiles[1]
    value = missile.production.value
    if hasattr(value, "dist"):
        low, width = value.support()[0], value.support()[1] - value.support()[0]
        value = scipy.stats.uniform(low + extra, width)
    else:
        value = value + extra
    more = scenario.with_params({"c.production": sp.per_month(value)})
    more_stock = sp.simulate(more, runs=2, seed=4).get("missile_stock", "c")
    assert (more_stock >= base.get("missile_stock", "c") - 1e-6).all()


@SETTINGS
@given(scenarios(), st.floats(0, 200))
def test_more_deliveries_never_bring_depletion_earlier(scenario: sp.Scenario, extra: float) -> None:
    base = sp.simulate(scenario, seed=1).metric("months_to_depletion")[0]
    for name in ("p", "q"):
        current = next(i for i in scenario.interceptors if i.name == name).deliveries.value
        more = sp.simulate(
            scenario.with_params({f"{name}.deliveries": sp.per_month(current + extra)}), seed=1
        ).metric("months_to_depletion")[0]
        assert np.isnan(more) or (not np.isnan(base) and more >= base)


@SETTINGS
@given(scenarios(), st.integers(1, 7), st.booleans())
def test_chunks_never_change_a_run(scenario: sp.Scenario, chunk: int, stochastic: bool) -> None:
    """Every output variable, every metric and every drawn parameter, including last chunks
    of one run (7 % 2, 7 % 3 and 7 % 6 leave one)."""
    reference = sp.simulate(scenario, runs=7, seed=3, stochastic=stochastic)
    again = sp.simulate(scenario, runs=7, seed=3, stochastic=stochastic, chunk_size=chunk)
    assert reference.trajectories.keys() == again.trajectories.keys()
    for variable, values in reference.trajectories.items():
        assert np.array_equal(values, again.trajectories[variable]), variable
    for store in ("metrics", "samples"):  # sums over months: to the last bits of rounding
        for name, values in getattr(reference, store).items():
            other = getattr(again, store)[name]
            assert np.allclose(values, other, rtol=1e-12, atol=1e-9, equal_nan=True), name


def _both_solvers(scenario: sp.Scenario, **kwargs: object) -> tuple[sp.Result, sp.Result]:
    saved = engine.LINDLEY_MAX_RUNS
    try:
        engine.LINDLEY_MAX_RUNS = 0
        loop = sp.simulate(scenario, **kwargs)  # type: ignore[arg-type]
        engine.LINDLEY_MAX_RUNS = 10**9
        closed = sp.simulate(scenario, **kwargs)  # type: ignore[arg-type]
    finally:
        engine.LINDLEY_MAX_RUNS = saved
    return loop, closed


@SETTINGS
@given(scenarios(), st.booleans())
def test_solvers_agree(scenario: sp.Scenario, stochastic: bool) -> None:
    """The month loop and the all-months solver give the same numbers, draw for draw in the
    stochastic mode (where the all-months solver applies; otherwise both run the loop)."""
    loop, closed = _both_solvers(scenario, runs=3, seed=5, stochastic=stochastic)
    for variable, values in loop.trajectories.items():
        assert np.allclose(values, closed.trajectories[variable], atol=1e-7), variable


@SETTINGS
@given(scenarios(), st.booleans())
def test_summary_mode_gives_the_same_metrics(scenario: sp.Scenario, stochastic: bool) -> None:
    """Summary mode forms some sums after the loop (engaged and destroyed where rounds and kill
    per target are the same every month): every metric as with trajectories, both solvers."""
    for limit in (0, 10**9):
        saved = engine.LINDLEY_MAX_RUNS
        try:
            engine.LINDLEY_MAX_RUNS = limit
            full = sp.simulate(scenario, runs=5, seed=2, stochastic=stochastic)
            lean = sp.simulate(scenario, runs=5, seed=2, stochastic=stochastic, trajectories=False)
        finally:
            engine.LINDLEY_MAX_RUNS = saved
        assert full.metrics.keys() == lean.metrics.keys()
        for name, values in full.metrics.items():
            other = lean.metrics[name]
            if name.split(".")[0] in ("intercept_rate", "kill_rate"):
                # sums in another order: compare the numerators, since a ratio of two
                # near-zero sums (5e-324 launches) amplifies their last bit
                denominator = _denominator(full, name)
                values, other = (np.nan_to_num(v) * denominator for v in (values, other))
            assert np.allclose(values, other, rtol=1e-12, atol=1e-9, equal_nan=True), name


def _denominator(result: sp.Result, name: str) -> np.ndarray:
    """Per run: launched (``intercept_rate``) or engaged (``kill_rate``), over all months of
    the metric's missile type (all types for the total)."""
    base, _, item = name.partition(".")
    variable = "launches" if base == "intercept_rate" else "engaged"
    values = result.trajectories[variable]  # (items, months, runs)
    chosen = values[result.items_of(variable).index(item)] if item else values.sum(axis=0)
    return np.asarray(chosen.sum(axis=0))
