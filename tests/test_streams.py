"""Tests of stockpile.streams: counter-based, per-run random streams."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from stockpile import streams as sp
from stockpile.errors import StockpileError

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

N = 200_000
P_MIN = 1e-3  # goodness-of-fit threshold; all draws use fixed seeds, so the tests are deterministic


@pytest.fixture(scope="module")
def keys() -> np.ndarray:
    return sp.run_keys(20240601, np.arange(N))


def chi2_discrete(x: np.ndarray, dist, bins: int = 40) -> float:
    """Chi-square p-value of integer draws against a scipy discrete distribution."""
    cuts = np.unique(dist.ppf(np.linspace(0.0, 1.0, bins + 1)[1:-1]))
    cuts = cuts[np.isfinite(cuts)]
    observed = np.bincount(np.searchsorted(cuts, x, side="left"), minlength=cuts.size + 1)
    cdf = np.r_[0.0, dist.cdf(cuts), 1.0]
    expected = np.diff(cdf) * x.size
    support = expected > 0
    assert observed.sum() == x.size and observed[~support].sum() == 0
    return float(stats.chisquare(observed[support], expected[support]).pvalue)


def assert_integer_valued(x: np.ndarray) -> None:
    assert x.dtype == np.float64
    assert np.all(np.isfinite(x)) and np.array_equal(x, np.floor(x)) and np.all(x >= 0)


# --- keys and counters ------------------------------------------------------------------------


def test_run_keys_depend_only_on_seed_and_id() -> None:
    full = sp.run_keys(7, np.arange(1000))
    assert full.dtype == np.uint64 and full.shape == (1000,)
    assert np.array_equal(sp.run_keys(7, np.arange(300, 700)), full[300:700])
    assert np.array_equal(sp.run_keys(7, np.array([999, 5, 5])), full[[999, 5, 5]])
    assert np.array_equal(sp.run_keys(np.random.SeedSequence(7), np.arange(1000)), full)
    assert sp.run_keys(7, np.arange(6).reshape(2, 3)).shape == (2, 3)
    assert np.unique(sp.run_keys(7, np.arange(N))).size == N
    assert not np.any(sp.run_keys(8, np.arange(1000)) == full)
    assert not np.array_equal(sp.run_keys(None, np.arange(10)), sp.run_keys(None, np.arange(10)))


def test_run_keys_chunks_give_the_same_draws() -> None:
    ss = np.random.SeedSequence()  # fresh entropy, shared by the chunks
    whole = sp.poisson(sp.run_keys(ss, np.arange(1000)), 3, 40.0)
    chunks = [
        sp.poisson(sp.run_keys(ss, np.arange(a, a + 250)), 3, 40.0) for a in range(0, 1000, 250)
    ]
    assert np.array_equal(np.concatenate(chunks), whole)


@pytest.mark.parametrize("bad", [-1, 1.5, "seed"])
def test_run_keys_rejects_bad_seed(bad) -> None:
    with pytest.raises(StockpileError, match="'seed'"):
        sp.run_keys(bad, np.arange(3))


@pytest.mark.parametrize("ids", [np.array([0, -1]), np.array([0.0, 1.0])])
def test_run_keys_rejects_bad_ids(ids) -> None:
    with pytest.raises(StockpileError, match="'run_ids'"):
        sp.run_keys(1, ids)


def test_counter_packs_parts() -> None:
    assert sp.counter(3) == 3
    assert sp.counter(1, 2) == 1 + (2 << 16)
    assert sp.counter(1, 2, 3, 4) == 1 + (2 << 16) + (3 << 32) + (4 << 48)
    assert sp.counter(65535, 65535, 65535, 65535) == 2**64 - 1
    assert sp.counter(1, 2) == sp.counter(1, 2, 0)  # documented: trailing zeros are implicit


@given(st.lists(st.integers(0, 65535), min_size=3, max_size=3), st.integers(0, 2), st.data())
def test_counter_is_injective(parts, i, data) -> None:
    other = list(parts)
    other[i] = data.draw(st.integers(0, 65535).filter(lambda v: v != parts[i]))
    assert sp.counter(*parts) != sp.counter(*other)


@pytest.mark.parametrize("parts", [(), (1, 2, 3, 4, 5), (65536,), (1, -1), (1.0,)])
def test_counter_rejects_bad_parts(parts) -> None:
    with pytest.raises(StockpileError, match="'parts"):
        sp.counter(*parts)


# --- uniform quality --------------------------------------------------------------------------


def test_uniform_open_interval_and_fit(keys) -> None:
    u = sp.uniform(keys, 0)
    assert u.shape == keys.shape and u.dtype == np.float64
    assert np.all((u > 0) & (u < 1))
    assert stats.kstest(u, "uniform").pvalue > P_MIN
    bits = (u * 2.0**53).astype(np.int64)  # odd integers: 52 random bits above the lowest
    for b in (1, 2, 26, 51, 52):
        assert abs(((bits >> b) & 1).mean() - 0.5) < 4.0 / np.sqrt(N)


def pair_uniformity(a: np.ndarray, b: np.ndarray, cells: int = 16) -> float:
    counts = np.bincount((a * cells).astype(int) * cells + (b * cells).astype(int))
    return float(stats.chisquare(counts, np.full(cells * cells, a.size / cells**2)).pvalue)


def test_neighbouring_counters_and_runs_are_uncorrelated(keys) -> None:
    u0, u1, u9 = sp.uniform(keys, 0), sp.uniform(keys, 1), sp.uniform(keys, sp.counter(0, 1))
    for a, b in [(u0, u1), (u0, u9), (u0[:-1], u0[1:]), (u1[:-1], u1[1:])]:
        assert abs(np.corrcoef(a, b)[0, 1]) < 4.0 / np.sqrt(a.size)
        assert pair_uniformity(a, b) > P_MIN
    x0, x1 = sp.poisson(keys, 5, 30.0), sp.poisson(keys, 6, 30.0)
    assert abs(np.corrcoef(x0, x1)[0, 1]) < 4.0 / np.sqrt(N)
    assert abs(np.corrcoef(x0[:-1], x0[1:])[0, 1]) < 4.0 / np.sqrt(N)


def test_same_seed_same_draws_other_seed_other_draws(keys) -> None:
    other = sp.run_keys(20240602, np.arange(N))
    for draw in (
        lambda k: sp.uniform(k, 9),
        lambda k: sp.standard_normal(k, 9),
        lambda k: sp.gamma(k, 9, 2.0),
        lambda k: sp.poisson(k, 9, 20.0),
        lambda k: sp.negative_binomial(k, 9, 20.0, 2.0),
        lambda k: sp.binomial(k, 9, 50, 0.3),
    ):
        first = draw(keys[:2000])
        assert np.array_equal(first, draw(keys[:2000].copy()))
        assert not np.array_equal(first, draw(other[:2000]))


# --- THE property: element i depends on keys[i], ctr and its own parameters only -------------

BRANCHY = {
    "poisson": [0.0, 0.3, 5.0, 9.999, 10.0, 55.5, 3e5],
    "mean": [0.0, 0.2, 6.0, 80.0, 4e4],
    "dispersion": [0.05, 0.7, 3.0, 1e3, np.inf],
    "shape": [0.0, 1e-3, 0.4, 1.0, 7.5],
    "n": [0.0, 1.0, 15.0, 40.0, 900.0, 1e6],
    "p": [0.0, 1e-6, 0.1, 0.5, 0.77, 0.999, 1.0],
}


def draw_all(k: np.ndarray, prm: dict[str, np.ndarray]) -> list[np.ndarray]:
    return [
        sp.poisson(k, 11, prm["poisson"]),
        sp.negative_binomial(k, 12, prm["mean"], prm["dispersion"]),
        sp.gamma(k, 13, prm["shape"], prm["mean"]),
        sp.binomial(k, 14, prm["n"], prm["p"]),
        sp.standard_normal(k, 15),
    ]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_each_element_ignores_the_others(data) -> None:
    size = data.draw(st.integers(2, 40))
    prm = {
        name: np.array(data.draw(st.lists(st.sampled_from(v), min_size=size, max_size=size)))
        for name, v in BRANCHY.items()
    }
    start = data.draw(st.integers(0, size - 1))
    stop = data.draw(st.integers(start + 1, size))
    keys = sp.run_keys(3, np.arange(100, 100 + size))
    full = draw_all(keys, prm)
    part = draw_all(keys[start:stop], {k: v[start:stop] for k, v in prm.items()})
    one = draw_all(keys[start], {k: v[start] for k, v in prm.items()})  # scalars, 0-d keys
    for f, p, o in zip(full, part, one, strict=True):
        assert np.array_equal(f[start:stop], p)
        assert o.shape == () and f[start] == o


def test_subset_draws_equal_draws_in_a_larger_array(keys) -> None:
    rng = np.random.default_rng(0)
    lam = rng.uniform(0.0, 30.0, 5000)
    full = sp.poisson(keys[:5000], 1, lam)
    assert np.array_equal(sp.poisson(keys[5:10], 1, lam[5:10]), full[5:10])
    other = lam.copy()
    other[:5] = 1e4
    other[10:] = 0.5
    assert np.array_equal(sp.poisson(keys[:5000], 1, other)[5:10], full[5:10])


def test_scalar_and_array_parameters_give_the_same_draws(keys) -> None:
    """Scalar parameters take tabulated or precomputed paths; the draws must not change."""
    k = keys[:20_000]

    def arr(value: float, last: float) -> np.ndarray:
        a = np.full(k.size, value)
        a[-1] = last  # not all equal, so the per-element path runs
        return a

    n = np.floor(np.random.default_rng(2).uniform(0.0, 70.0, k.size))
    for lam in (0.3, 7.7, 10.0, 80.0):
        assert np.array_equal(sp.poisson(k, 1, lam)[:-1], sp.poisson(k, 1, arr(lam, 1.0))[:-1])
        a, b = sp.negative_binomial(k, 2, lam, 3.0), sp.negative_binomial(k, 2, lam, arr(3.0, 1.0))
        assert np.array_equal(a[:-1], b[:-1])
    for p in (0.02, 0.5, 0.93):
        assert np.array_equal(sp.binomial(k, 3, n, p)[:-1], sp.binomial(k, 3, n, arr(p, 0.1))[:-1])
    assert np.array_equal(sp.gamma(k, 4, 0.6, 2.0)[:-1], sp.gamma(k, 4, arr(0.6, 2.0), 2.0)[:-1])


# --- goodness of fit --------------------------------------------------------------------------


def test_standard_normal_fit_and_tail(keys) -> None:
    z = sp.standard_normal(keys, 21)
    assert stats.kstest(z, "norm").pvalue > P_MIN
    r = 3.65  # the tails: 2 x 1.3e-4 of the mass
    expected = 2 * stats.norm.sf(r) * N
    assert abs((np.abs(z) > r).sum() - expected) < 5 * np.sqrt(expected)
    assert abs(z.mean()) < 5 / np.sqrt(N) and abs(z.var() - 1) < 5 * np.sqrt(2 / N)


@pytest.mark.parametrize(("shape", "scale"), [(0.3, 1.0), (1.0, 2.0), (2.5, 1.0), (40.0, 0.1)])
def test_gamma_fit(keys, shape, scale) -> None:
    x = sp.gamma(keys, 22, shape, scale)
    assert stats.kstest(x, stats.gamma(shape, scale=scale).cdf).pvalue > P_MIN


def test_gamma_tiny_shape(keys) -> None:
    a = 1e-3
    x = sp.gamma(keys, 23, a)
    assert np.all(np.isfinite(x) & (x >= 0))
    for t in (1e-300, 1e-100, 1e-10, 0.1):  # most mass is astronomically close to 0
        expected = stats.gamma(a).cdf(t)
        assert abs((x <= t).mean() - expected) < 5 * np.sqrt(expected * (1 - expected) / N)


@pytest.mark.parametrize("lam", [0.5, 4.0, 9.99, 10.0, 37.5, 150.0, 1e6])
def test_poisson_fit(keys, lam) -> None:
    x = sp.poisson(keys, 24, lam)
    assert_integer_valued(x)
    assert chi2_discrete(x, stats.poisson(lam)) > P_MIN
    assert abs(x.mean() - lam) < 5 * np.sqrt(lam / N)
    assert abs(x.var() / lam - 1) < 5 * np.sqrt(2 / N) + 1 / lam


def test_poisson_per_element_means(keys) -> None:
    lam = np.tile([2.0, 25.0], N // 2)
    x = sp.poisson(keys, 25, lam)
    assert chi2_discrete(x[0::2], stats.poisson(2.0)) > P_MIN
    assert chi2_discrete(x[1::2], stats.poisson(25.0)) > P_MIN


@pytest.mark.parametrize(("mean", "k"), [(0.3, 1.0), (5.0, 2.0), (50.0, 0.5), (150.0, 10.0)])
def test_negative_binomial_fit(keys, mean, k) -> None:
    x = sp.negative_binomial(keys, 26, mean, k)
    assert_integer_valued(x)
    assert chi2_discrete(x, stats.nbinom(k, k / (k + mean))) > P_MIN
    var = mean + mean**2 / k
    assert abs(x.mean() - mean) < 5 * np.sqrt(var / N)


def test_negative_binomial_infinite_dispersion_is_poisson(keys) -> None:
    x = sp.negative_binomial(keys, 27, 12.0, np.inf)
    assert chi2_discrete(x, stats.poisson(12.0)) > P_MIN


@pytest.mark.parametrize(
    ("n", "p"),
    [(1, 0.3), (20, 0.25), (45, 0.5), (200, 0.9), (1e6, 1e-6), (100, 0.5), (200, 0.25), (1e6, 0.3)],
)
def test_binomial_fit(keys, n, p) -> None:
    x = sp.binomial(keys, 28, n, p)
    assert_integer_valued(x)
    assert np.all(x <= n)
    assert chi2_discrete(x, stats.binom(n, p)) > P_MIN
    assert abs(x.mean() - n * p) < 5 * np.sqrt(n * p * (1 - p) / N)


# --- edge cases -------------------------------------------------------------------------------


def test_degenerate_parameters_give_exact_values(keys) -> None:
    k = keys[:10_000]
    n = np.arange(10_000.0)
    assert np.array_equal(sp.poisson(k, 1, 0.0), np.zeros(10_000))
    assert np.array_equal(sp.negative_binomial(k, 1, 0.0, 0.5), np.zeros(10_000))
    assert np.array_equal(sp.binomial(k, 1, n, 0.0), np.zeros(10_000))
    assert np.array_equal(sp.binomial(k, 1, n, 1.0), n)
    assert np.array_equal(sp.binomial(k, 1, 0, 0.4), np.zeros(10_000))
    assert np.array_equal(sp.gamma(k, 1, 0.0), np.zeros(10_000))
    assert np.array_equal(sp.gamma(k, 1, 2.0, 0.0), np.zeros(10_000))
    mixed = sp.negative_binomial(k, 1, np.where(n % 2 == 0, 0.0, 5.0), 2.0)
    assert np.all(mixed[::2] == 0) and mixed[1::2].mean() > 4


def test_huge_parameters(keys) -> None:
    k = keys[:20_000]
    x = sp.poisson(k, 2, 1e9)
    assert abs(x.mean() - 1e9) < 5 * np.sqrt(1e9 / 20_000)
    b = sp.binomial(k, 2, 1e9, 0.5)
    assert np.all(b <= 1e9) and abs(b.mean() - 5e8) < 5 * np.sqrt(2.5e8 / 20_000)
    g = sp.gamma(k, 2, 1e-8)
    assert np.all(np.isfinite(g) & (g >= 0))


def test_shapes_and_broadcasting(keys) -> None:
    k2 = keys[:12].reshape(3, 4)
    assert sp.poisson(k2, 1, 3.0).shape == (3, 4)
    assert sp.binomial(k2, 1, np.array([1, 2, 3, 4]), 0.5).shape == (3, 4)
    assert np.array_equal(sp.poisson(k2, 1, 3.0).ravel(), sp.poisson(keys[:12], 1, 3.0))
    assert np.array_equal(sp.gamma(k2, 1, 2.0, np.ones((3, 1))), sp.gamma(k2, 1, 2.0))
    with pytest.raises(StockpileError, match="'lam'"):
        sp.poisson(keys[:12], 1, np.ones(5))
    empty = keys[:0]
    for x in (*draw_all(empty, {k: np.zeros(0) for k in BRANCHY}), sp.uniform(empty, 1)):
        assert x.shape == (0,) and x.dtype == np.float64


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda k: sp.poisson(k, 0, -1.0), "lam"),
        (lambda k: sp.poisson(k, 0, [1.0, np.nan, 1.0]), "lam"),
        (lambda k: sp.poisson(k, 0, np.inf), "lam"),
        (lambda k: sp.negative_binomial(k, 0, -0.5, 1.0), "mean"),
        (lambda k: sp.negative_binomial(k, 0, 1.0, 0.0), "dispersion"),
        (lambda k: sp.negative_binomial(k, 0, 1.0, -2.0), "dispersion"),
        (lambda k: sp.binomial(k, 0, 10, 1.5), "p"),
        (lambda k: sp.binomial(k, 0, 10, -0.1), "p"),
        (lambda k: sp.binomial(k, 0, -3, 0.5), "n"),
        (lambda k: sp.binomial(k, 0, 2.5, 0.5), "n"),
        (lambda k: sp.gamma(k, 0, -1.0), "shape"),
        (lambda k: sp.gamma(k, 0, 1.0, -1.0), "scale"),
        (lambda k: sp.uniform(k, -1), "ctr"),
        (lambda k: sp.uniform(k, 2**64), "ctr"),
        (lambda k: sp.uniform(k, 1.0), "ctr"),
        (lambda k: sp.uniform(k.astype(np.int64), 0), "keys"),
    ],
)
def test_bad_input_names_the_parameter(keys, call, name) -> None:
    with pytest.raises(StockpileError, match=f"'{name}' parameter must be"):
        call(keys[:3])


# --- named draw sites -------------------------------------------------------------------------


def test_fold_keys_depend_on_the_name_and_each_key_only(keys) -> None:
    a = sp.fold(keys[:1000], "parameter:missile6.stock")
    assert a.dtype == np.uint64 and a.shape == (1000,)
    assert np.array_equal(sp.fold(keys[300:700], "parameter:missile6.stock"), a[300:700])
    assert np.array_equal(sp.fold(keys[:1000], "parameter:missile6.stock"), a)
    b = sp.fold(keys[:1000], "parameter:missile42.defended")  # same CRC32 low 16 bits
    assert not np.any(a == b) and not np.any(a == keys[:1000])
    assert sp.fold(keys[:6].reshape(2, 3), "x").shape == (2, 3)
    ua, ub = sp.uniform(sp.fold(keys, "a"), 0), sp.uniform(sp.fold(keys, "b"), 0)
    assert abs(np.corrcoef(ua, ub)[0, 1]) < 4.0 / np.sqrt(N)
    assert pair_uniformity(ua, ub) > P_MIN


@pytest.mark.parametrize(("keys_", "name", "bad"), [([1, 2], "a", "keys"), (None, 3, "name")])
def test_fold_rejects_bad_input(keys, keys_, name, bad) -> None:
    with pytest.raises(StockpileError, match=f"'{bad}' parameter must be"):
        sp.fold(keys[:3] if keys_ is None else np.array(keys_), name)


def test_cdf_thresholds_are_exact() -> None:
    """u = j * UNIT exceeds a CDF value c exactly from j = J(c) on."""
    from stockpile.streams import discrete

    rng = np.random.default_rng(5)
    j = rng.integers(1, 2**53, 2000)
    c = np.concatenate(
        [rng.random(2000), discrete._unit(j), discrete._unit(j) * (1 - 2**-52), [0.0, 1e-300]]
    )
    c = np.concatenate([c, [discrete.MARGIN, 1.0, 1.5]])
    J = discrete._thresholds(c)
    assert (discrete._unit(J - 1) <= c).all()
    assert ((discrete._unit(J) > c) | (J == 2**53)).all()
    assert (J[-3:] == 2**53).all()


def test_cdf_tables_give_the_walk_bit_for_bit() -> None:
    """Tabulated inversion is a cache of the walk: the same count for every uniform, including
    uniforms on and next to the guide's bucket edges and in the far tails."""
    from stockpile.streams import discrete

    table = discrete._whole_mean_table()
    rows = np.arange(0, discrete.WHOLE_MEANS, 5)
    buckets = table.guide.shape[1]
    edges = np.arange(buckets, dtype=np.int64) * (2**53 // buckets)
    rng = np.random.default_rng(4)
    j = np.concatenate(
        [edges, edges - 1, edges + 1, rng.integers(0, 2**53, 4000), [0, 1, 2**53 - 1]]
    )
    j = j[(j >= 0) & (j < 2**53)].astype(np.uint64)
    u = discrete._unit(j)
    z = (j << np.uint64(11)) | rng.integers(0, 2**11, j.size).astype(np.uint64)  # the 64 bits
    for q in rows:
        lam = np.full(u.size, float(q))
        walked = discrete._walk(u, np.exp(-lam), (lam,), discrete._poisson_step)
        assert np.array_equal(table.invert(z, int(q)), walked), q
    many = rng.choice(rows, u.size)
    lam = many.astype(np.float64)
    walked = discrete._walk(u, np.exp(-lam), (lam,), discrete._poisson_step)
    assert np.array_equal(table.invert(z, many.astype(np.intp)), walked)
    n = rng.integers(0, 128, u.size).astype(np.float64)  # binomial rows, flat tails
    p = np.asarray(0.09)
    walked = discrete._walk(u, np.exp(n * np.log1p(-p)), (n, p / (1 - p)), discrete._binomial_step)
    assert np.array_equal(
        discrete._binomial_table(0.09, 0, 127).invert(z, n.astype(np.intp)), walked
    )
