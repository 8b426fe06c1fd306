"""The stochastic mode: integer counts whose ensemble behaves like the deterministic model."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

import stockpile as sp


def plenty(dispersion: float = 4.0, pk: float = 0.7) -> sp.Scenario:
    """A reserve and magazine large enough that no constraint binds: flows are linear."""
    return sp.Scenario(
        start="2025-01",
        months=24,
        missiles=[
            sp.Missile(
                "ballistic",
                production=sp.per_month(60),
                stock=5000,
                launches=sp.per_month(50),
                defended=0.6,
                dispersion=dispersion,
            )
        ],
        interceptors=[
            sp.Interceptor(
                "patriot",
                stock=10_000,
                deliveries=sp.per_month(10),
                engages=["ballistic"],
                shots=2,
                pk=pk,
            )
        ],
    )


def test_zero_variance_equals_deterministic(magazine: sp.Scenario) -> None:
    quiet = sp.Noise(launches=False, intercepts=False)
    for scenario in (magazine, plenty(), sp.presets.load("russia-ukraine-2025", point=True)):
        deterministic = sp.simulate(scenario)
        if scenario.name == "russia-ukraine-2025":  # non-integer monthly rates
            continue
        stochastic = sp.simulate(scenario, runs=3, seed=1, stochastic=quiet)
        for variable, values in deterministic.trajectories.items():
            assert np.array_equal(
                np.broadcast_to(values, stochastic.trajectories[variable].shape),
                stochastic.trajectories[variable],
            ), variable
    # certain kills (pk = 1) and certain engagement make intercepts degenerate too
    certain = plenty(pk=1.0).with_params({"ballistic.defended": 1.0})
    a = sp.simulate(certain, runs=2, seed=1, stochastic=sp.Noise(launches=False))
    b = sp.simulate(certain)
    for item in ("ballistic", "patriot"):
        expected = np.broadcast_to(b.get("intercepted", item), (2, 24))
        assert np.array_equal(a.get("intercepted", item), expected)


def test_counts_are_integers_and_non_integer_rates_keep_their_total() -> None:
    preset = sp.presets.load("russia-ukraine-2025", point=True)
    result = sp.simulate(preset, runs=50, seed=2, stochastic=True)
    for variable in (
        "production",
        "launches",
        "missile_stock",
        "interceptor_stock",
        "intercepted",
        "deliveries",
    ):
        assert np.array_equal(result[variable], np.round(result[variable])), variable
    # 2,200/yr at utilization 0.8 is 146.67/month: integer months whose running total tracks it
    production = result.get("production", "cruise")[0]
    assert abs(production.cumsum()[-1] - 2200 * 0.8 * 3) < 1
    assert set(np.unique(production)) <= {146.0, 147.0}


def test_ensemble_mean_converges_to_the_deterministic_trajectory() -> None:
    scenario = plenty()
    runs = 4000
    ensemble = sp.simulate(scenario, runs=runs, seed=11, stochastic=True)
    deterministic = sp.simulate(scenario)
    for variable, item in (
        ("missile_stock", None),
        ("interceptor_stock", None),
        ("intercepted", "patriot"),
        ("intercepted", "ballistic"),
        ("leakers", None),
    ):
        values = ensemble.get(variable, item)
        mean, sd = values.mean(axis=0), values.std(axis=0, ddof=1)
        tolerance = 5 * sd / np.sqrt(runs) + 1e-9  # 5 standard errors: fails ~1 in 3.5 million
        assert (np.abs(mean - deterministic.get(variable, item)[0]) <= tolerance).all(), variable


def test_failures_are_binomial_and_their_mean_is_deterministic() -> None:
    scenario = plenty().with_params({"ballistic.reliability": 0.7})
    runs = 2000
    ensemble = sp.simulate(scenario, runs=runs, seed=12, stochastic=True)
    deterministic = sp.simulate(scenario)
    for variable, item in (("failed", None), ("intercepted", "ballistic"), ("leakers", None)):
        values = ensemble.get(variable, item)
        mean, sd = values.mean(axis=0), values.std(axis=0, ddof=1)
        tolerance = 5 * sd / np.sqrt(runs) + 1e-9
        assert (np.abs(mean - deterministic.get(variable, item)[0]) <= tolerance).all(), variable
    # given the launches, each fails with probability 0.3: standardised counts ~ N(0, 1)
    launched, failed = ensemble.get("launches")[:, 5], ensemble.get("failed")[:, 5]
    z = (failed - 0.3 * launched) / np.sqrt(0.3 * 0.7 * launched)
    assert abs(z.mean()) < 5 / np.sqrt(runs) and z.var() == pytest.approx(1.0, abs=0.1)
    # failures draw from a stream of their own: launches are those of a reliable attacker
    reliable = sp.simulate(plenty(), runs=runs, seed=12, stochastic=True)
    assert np.array_equal(reliable.get("launches"), ensemble.get("launches"))
    assert (reliable.get("failed") == 0).all()


@pytest.mark.parametrize("dispersion", [1.5, 8.0, np.inf])
def test_launches_of_one_month_are_negative_binomial(dispersion: float) -> None:
    scenario = plenty(dispersion=dispersion)
    launches = sp.simulate(scenario, runs=20_000, seed=5, stochastic=True).get("launches")[:, 7]
    mean = 50.0
    if np.isinf(dispersion):
        law = scipy.stats.poisson(mean)
    else:
        law = scipy.stats.nbinom(dispersion, dispersion / (dispersion + mean))
    # chi-square over bins of at least ~50 expected counts each
    edges = np.unique(law.ppf(np.linspace(0, 1, 41)[1:-1]))
    observed = np.histogram(launches, bins=np.r_[-0.5, edges + 0.5, np.inf])[0]
    cdf = np.r_[0.0, law.cdf(edges), 1.0]
    expected = np.diff(cdf) * launches.size
    statistic, p = scipy.stats.chisquare(observed, expected)
    assert p > 1e-3, (statistic, p)
    variance = mean + mean**2 / dispersion
    assert launches.var() == pytest.approx(variance, rel=0.05)


def test_a_run_never_fires_what_it_does_not_have() -> None:
    scarce = sp.Scenario(
        start="2025-01",
        months=12,
        missiles=[
            sp.Missile(
                "m", production=sp.per_month(5), launches=sp.per_month(20), stock=10, dispersion=0.5
            )
        ],
    )
    result = sp.simulate(scarce, runs=500, seed=3, stochastic=True)
    stock = result.get("missile_stock")
    assert (stock >= 0).all()
    available = np.c_[np.full(500, 10.0), stock[:, :-1]] + 5
    assert (result.get("launches") <= available).all()
    assert (result.get("unmet_launches") >= 0).all()


# --- uncertain parameters: one independent stream per parameter path ------------------------


def test_parameters_whose_crc16_agreed_draw_independently() -> None:
    """missile6.stock and missile42.defended share the low 16 bits of their CRC32: they once
    drew identical uniforms (correlation 1.0)."""
    scenario = sp.Scenario(
        start="2025-01",
        months=1,
        missiles=[
            sp.Missile("missile6", stock=scipy.stats.uniform(0, 1000)),
            sp.Missile("missile42", defended=scipy.stats.uniform(0, 1)),
        ],
    )
    runs = 2000
    samples = sp.simulate(scenario, runs=runs, seed=1).samples
    r = np.corrcoef(samples["missile6.stock"], samples["missile42.defended"])[0, 1]
    assert abs(r) < 5 / np.sqrt(runs)  # |r| is ~N(0, 1/runs) when independent


def test_hundreds_of_uncertain_parameters_are_pairwise_uncorrelated() -> None:
    """300 uncertain parameters over 2,000 runs: each pair's correlation r is ~N(0, 1/n).

    Bounds for the 44,850 pairs, each failing with probability < 1e-6 when the streams are
    independent: max |r| < 6.7 / sqrt(n) (Bonferroni: 44,850 x P(|Z| > 6.7) < 1e-6), and the
    mean of n r^2, whose expectation is n / (n - 1) and standard error ~sqrt(2 / 44,850),
    within 0.04 of 1 (6 standard errors).
    """
    missiles = [
        sp.Missile(f"m{i}", stock=scipy.stats.uniform(0, 100), defended=scipy.stats.uniform(0, 1))
        for i in range(150)
    ]
    scenario = sp.Scenario(start="2025-01", months=1, missiles=missiles)
    runs = 2000
    samples = sp.simulate(scenario, runs=runs, seed=7).samples
    assert len(samples) == 300
    r = np.corrcoef(np.array(list(samples.values())))[np.triu_indices(300, 1)]
    assert np.abs(r).max() < 6.7 / np.sqrt(runs)
    assert abs((runs * r**2).mean() - 1.0) < 0.04


@pytest.mark.parametrize("short", [0.1, 0.9])
def test_salvo_draws_equal_their_definition(short: float) -> None:
    """The salvo draw, which looks at short runs only, gives the counts of its definition on
    every run: full salvos, then one partial salvo with the whole rounds left."""
    from stockpile import doctrines, streams

    rng = np.random.default_rng(3)
    runs = 3000
    keys = streams.run_keys(2, np.arange(runs))
    targets = rng.integers(0, 40, runs).astype(float)
    n, p = np.array([3.0]), np.array([0.6])
    rounds = np.where(rng.random(runs) < short, rng.integers(0, 60, runs), 200.0)
    rounds[:3] = [np.inf, 0.0, 7.0]
    drawn = doctrines.DOCTRINES["salvo"].draw(keys, 5, 1, 0, 0, targets, rounds, n, n, p)
    full = np.minimum(targets, np.floor(rounds / n + 1e-9))
    rest = np.where(full < targets, np.maximum(rounds - n * full, 0.0), 0.0)
    rest = np.where(np.isfinite(rest), np.floor(rest + 1e-9), 0.0)
    partial = (rest > 0).astype(np.float64)
    kills = streams.binomial(
        keys, doctrines.site(doctrines.KILL, 5, 1, 0, 0), full, 1.0 - (1.0 - p) ** n
    )
    site = doctrines.site(doctrines.PARTIAL, 5, 1, 0, 0)
    kills += streams.binomial(keys, site, partial, 1.0 - (1.0 - p) ** rest)
    expected = (n * full + rest * partial, full + partial, kills, n * targets)
    assert 0 < partial.sum() < runs
    for got, want in zip(drawn, expected, strict=True):
        np.testing.assert_array_equal(got, want)
