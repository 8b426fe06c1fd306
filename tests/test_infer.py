"""Inference from the record: exact toy posteriors, Bayes' rule for claims, impossible inputs,
forecasts from end-of-window states, executors, exports."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest
import scipy.stats
from infer_cases import LAUNCHES, patriot_case, record, unlimited_case
from scipy import special

import stockpile as sp
from stockpile.errors import StockpileError

DESTROYED = [14, 9, 22, 7, 19, 11, 25, 12, 13, 20, 8, 15]
PK_PRIOR = scipy.stats.beta(2.0, 3.0)


def _conjugate(prior_a=2.0, prior_b=3.0):
    n, y = np.array(LAUNCHES, float), np.array(DESTROYED, float)
    return scipy.stats.beta(prior_a + y.sum(), prior_b + (n - y).sum()), n, y


@pytest.fixture(scope="module")
def toy():
    return sp.infer.fit(
        unlimited_case(),
        {"guns.pk": PK_PRIOR},
        record(LAUNCHES, DESTROYED),
        likelihood="binomial",
        particles=4000,
        seed=3,
    )


def test_conjugate_posterior_matches_beta_to_monte_carlo_error(toy):
    exact, _, _ = _conjugate()
    draws = toy.samples("guns.pk")
    ess = toy.diagnostics()["ess_min"]
    se = exact.std() / np.sqrt(ess)
    assert abs(draws.mean() - exact.mean()) < 4 * se
    assert abs(draws.std() - exact.std()) < 0.1 * exact.std()
    for q in (0.05, 0.5, 0.95):
        # a quantile's MC error: sqrt(q(1-q)/ess) / density at the quantile
        x = exact.ppf(q)
        tol = 4 * np.sqrt(q * (1 - q) / ess) / exact.pdf(x)
        assert abs(np.quantile(draws, q) - x) < tol


def test_log_evidence_matches_the_beta_binomial_marginal(toy):
    _, n, y = _conjugate()
    log_choose = special.gammaln(n + 1) - special.gammaln(y + 1) - special.gammaln(n - y + 1)
    exact = log_choose.sum() + special.betaln(2 + y.sum(), 3 + (n - y).sum()) - special.betaln(2, 3)
    assert toy.diagnostics()["log_evidence"] == pytest.approx(exact, abs=0.15)


def test_summary_has_posterior_and_prior_quantiles(toy):
    table = toy.summary()
    assert list(table.index) == ["guns.pk"]
    assert {"mean", "sd", "q5", "q50", "q95", "prior_q5", "prior_q95", "ess"} <= set(table)
    assert table.loc["guns.pk", "prior_q5"] == pytest.approx(PK_PRIOR.ppf(0.05))


def _stock_case():
    """Prior on the initial reserve ~ N(1000, 100²); launches known; no production."""
    scenario = unlimited_case(stock=1000.0)
    prior = scipy.stats.truncnorm(-8, 8, loc=1000, scale=100)
    return scenario, prior


def test_a_claim_on_a_state_moves_the_posterior_as_bayes_rule_says():
    scenario, prior = _stock_case()
    month = 5  # the reserve at the end of 2024-06 = stock − launches of 6 months
    launched = sum(LAUNCHES[: month + 1])
    claim = sp.infer.Claim("ballistic.missile_stock", "2024-06", scipy.stats.norm(700, 50))
    post = sp.infer.fit(
        scenario,
        {"ballistic.stock": prior},
        record(LAUNCHES, DESTROYED),
        claims=[claim],
        likelihood="binomial",
        particles=4000,
        seed=5,
    )
    # normal prior × normal likelihood of (stock − launched): precision-weighted mean
    precision = 1 / 100**2 + 1 / 50**2
    mean = (1000 / 100**2 + (700 + launched) / 50**2) / precision
    sd = precision**-0.5
    draws = post.samples("ballistic.stock")
    se = sd / np.sqrt(post.diagnostics()["ess_min"])
    assert abs(draws.mean() - mean) < 4 * se
    assert draws.std() == pytest.approx(sd, rel=0.1)
    stock_june = post.result.get("missile_stock", "ballistic")[:, month]
    np.testing.assert_allclose(stock_june, draws - launched)


def test_a_claim_on_a_parameter_multiplies_the_prior():
    claim = sp.infer.Claim("guns.pk", None, scipy.stats.beta(5, 5))
    post = sp.infer.fit(
        unlimited_case(),
        {"guns.pk": PK_PRIOR},
        record(LAUNCHES, DESTROYED),
        claims=[claim],
        likelihood="binomial",
        particles=3000,
        seed=6,
    )
    exact, _, _ = _conjugate(2.0 + 4.0, 3.0 + 4.0)  # Beta(5, 5) adds 4 and 4
    se = exact.std() / np.sqrt(post.diagnostics()["ess_min"])
    assert abs(post.samples("guns.pk").mean() - exact.mean()) < 4 * se


def test_an_impossible_claim_is_a_clear_error():
    scenario, prior = _stock_case()
    claim = sp.infer.Claim("ballistic.missile_stock", "2024-06", scipy.stats.uniform(5000, 10))
    with pytest.raises(
        StockpileError, match=r"ballistic.missile_stock in 2024-06 has zero density"
    ):
        sp.infer.fit(
            scenario,
            {"ballistic.stock": prior},
            record(LAUNCHES, DESTROYED),
            claims=[claim],
            particles=200,
            seed=1,
        )


def test_an_impossible_record_names_the_class_and_the_shortfall():
    scenario = unlimited_case(stock=0.0)
    with pytest.raises(StockpileError, match=r"lacks ballistic missiles.*closest still lacks"):
        sp.infer.fit(
            scenario,
            {"ballistic.stock": scipy.stats.uniform(0, 100)},
            record(LAUNCHES, DESTROYED),
            particles=200,
            seed=1,
        )


def test_draws_the_record_rules_out_are_counted_and_excluded():
    scenario = unlimited_case(stock=0.0)
    needed = sum(LAUNCHES)
    post = sp.infer.fit(
        scenario,
        {"ballistic.stock": scipy.stats.uniform(0, 2 * needed), "guns.pk": PK_PRIOR},
        record(LAUNCHES, DESTROYED),
        likelihood="binomial",
        particles=1000,
        seed=2,
    )
    table = post.ruled_out()
    share = table.loc["record: too few ballistic missiles to launch as observed", "share"]
    assert share == pytest.approx(0.5, abs=0.06)
    assert post.samples("ballistic.stock").min() >= needed - 1e-6
    assert post.diagnostics()["possible_prior_share"] == pytest.approx(1 - share)
    assert any("ruled out" in text for text in post.alarms())


def test_rounds_alarm_when_the_priors_cannot_supply_the_intercepts():
    post = sp.infer.fit(
        patriot_case(),
        {
            "patriot.stock": scipy.stats.uniform(0, 20),
            "patriot.deliveries": sp.per_month(scipy.stats.uniform(0, 2)),
            "patriot.pk": scipy.stats.uniform(0.5, 0.3),
        },
        record(LAUNCHES, DESTROYED),
        likelihood="binomial",
        particles=300,
        seed=1,
    )
    text = " ".join(post.alarms())
    assert "patriot rounds a year at 2 per target" in text
    assert "the priors allow at most" in text


def test_the_same_posterior_on_any_executor():
    kwargs = dict(
        priors={"patriot.stock": scipy.stats.uniform(10, 290), "patriot.pk": PK_PRIOR},
        observed=record(LAUNCHES, DESTROYED),
        particles=300,
        seed=11,
        chunk_size=128,
        likelihood="binomial",
    )
    here = sp.infer.fit(patriot_case(), **kwargs)
    with ThreadPoolExecutor(2) as pool:
        there = sp.infer.fit(patriot_case(), executor=pool, **kwargs)
    np.testing.assert_array_equal(here.theta, there.theta)
    with ProcessPoolExecutor(2) as pool:
        elsewhere = sp.infer.fit(patriot_case(), executor=pool, **kwargs)
    np.testing.assert_array_equal(here.theta, elsewhere.theta)


def test_predict_continues_each_draw_from_its_end_of_window_state():
    post = sp.infer.fit(
        patriot_case(),
        {"patriot.stock": scipy.stats.uniform(10, 290), "patriot.pk": PK_PRIOR},
        record(LAUNCHES, DESTROYED),
        likelihood="binomial",
        particles=200,
        seed=4,
    )
    later = post.predict({"ballistic": sp.per_month(10)}, months=3, stochastic=False)
    assert str(later.index[0]) == "2025-01" and later.runs == post.size
    end = post.result.get("interceptor_stock", "patriot")[:, -1]
    fired = later.get("interceptors_fired", "patriot")[:, 0]
    np.testing.assert_allclose(later.get("interceptor_stock", "patriot")[:, 0], end + 8 - fired)
    noisy = post.predict({"ballistic": sp.per_month(10)}, months=3, runs=500, seed=1)
    assert noisy.runs == 500 and noisy.noise is not None
    again = post.predict({"ballistic": sp.per_month(10)}, months=3, runs=500, seed=1)
    np.testing.assert_array_equal(noisy["intercepted"], again["intercepted"])


def test_predict_record_and_check_have_the_window_shapes(toy):
    future = record([20, 30, 25], start="2025-01")
    reps = toy.predict_record(future, seed=1)
    assert reps.values.shape == (toy.size, 3, 1)
    assert (reps.values <= np.array([20, 30, 25])[None, :, None]).all()
    table = toy.check()
    assert len(table) == 12 and {"pit", "in_50", "in_90"} <= set(table)
    summary = toy.check_summary()
    assert 0.6 <= summary.loc["ballistic", "coverage_90"] <= 1.0


def test_value_of_information_ranks_a_direct_measurement_first():
    post = sp.infer.fit(
        patriot_case(),
        {
            "patriot.stock": scipy.stats.uniform(10, 290),
            "patriot.pk": PK_PRIOR,
            "ballistic.defended": scipy.stats.uniform(0.2, 0.7),
        },
        record(LAUNCHES, DESTROYED),
        likelihood="binomial",
        particles=500,
        seed=8,
    )
    table = post.value_of_information("patriot.stock", precision=(0.05, 0.5))
    assert table.iloc[0]["claim_on"] == "patriot.stock"
    assert table["width_after"].is_monotonic_increasing
    assert (table["width_after"] <= table.attrs["width_now"] * 1.05).all()


def test_rates_keep_the_unit_of_their_prior():
    post = sp.infer.fit(
        unlimited_case(),  # deliveries play no part: the posterior is prior × claim
        {"guns.deliveries": sp.per_year(scipy.stats.uniform(0, 240)), "guns.pk": PK_PRIOR},
        record(LAUNCHES, DESTROYED),
        claims=[sp.infer.Claim("guns.deliveries", None, sp.per_month(scipy.stats.norm(10, 1)))],
        likelihood="binomial",
        particles=300,
        seed=9,
    )
    assert post.summary().loc["guns.deliveries", "unit"] == "per year"
    assert post.samples("guns.deliveries").mean() == pytest.approx(120, rel=0.05)
    assert post.samples("guns.deliveries").std() == pytest.approx(12, rel=0.15)


@pytest.mark.parametrize(
    ("priors", "claims", "match"),
    [
        ({"patriot.nope": PK_PRIOR}, [], "Unknown parameter path 'patriot.nope'"),
        ({"patriot.pk": 0.5}, [], "must be a frozen scipy.stats distribution"),
        ({"patriot.deliveries": scipy.stats.uniform(0, 5)}, [], "Write per_year"),
        ({"patriot.pk": scipy.stats.norm(0.5, 0.1)}, [], "draws lie within"),
        (
            {"patriot.pk": PK_PRIOR},
            [sp.infer.Claim("patriot.magic", "2024-02", PK_PRIOR)],
            "neither",
        ),
        (
            {"patriot.pk": PK_PRIOR},
            [sp.infer.Claim("patriot.interceptor_stock", "2026-01", PK_PRIOR)],
            "fitted window",
        ),
        ({"record.cruise.concentration": PK_PRIOR}, [], "observation model"),
    ],
)
def test_bad_input_gets_the_usual_message(priors, claims, match):
    with pytest.raises(StockpileError, match=match):
        sp.infer.fit(patriot_case(), priors, record(LAUNCHES, DESTROYED), claims=claims)


def test_record_errors_name_the_month():
    bad = record(LAUNCHES, DESTROYED)
    bad.iloc[2, 1] = 99
    with pytest.raises(StockpileError, match=r"99\.0 destroyed of 41\.0 launched in 2024-03"):
        sp.infer.fit(patriot_case(), {"patriot.pk": PK_PRIOR}, bad)
    with pytest.raises(StockpileError, match="columns of the record"):
        sp.infer.from_record(bad, ["cruise"])
    with pytest.raises(StockpileError, match="months the record covers"):
        sp.infer.from_record(bad, ["ballistic"], until="2026-01")


def test_from_record_launches_exactly_the_record():
    shipped = sp.data.observed_monthly()
    scenario = sp.infer.from_record(
        shipped, ["ballistic", "cruise"], since="2024-01", until="2025-06"
    )
    result = sp.simulate(scenario)
    observed = shipped.loc["2024-01":"2025-06", ("launched", "cruise")].to_numpy()
    np.testing.assert_allclose(result.get("launches", "cruise")[0], observed)
    assert scenario.months == 18


def test_from_record_with_areas_splits_the_record_by_aim():
    shipped = sp.data.observed_monthly()
    aim = {"kyiv": 0.1, "cities": 0.3}
    scenario = sp.infer.from_record(
        shipped,
        ["ballistic"],
        since="2024-01",
        until="2024-12",
        areas=["kyiv", "cities"],
        missiles=[sp.Missile("ballistic", stock=sp.infer.UNCONSTRAINED_STOCK, aim=aim)],
        interceptors=[sp.Interceptor("patriot", stock=1e6, engages=["ballistic"], pk=0.5)],
    )
    result = sp.simulate(scenario)
    observed = shipped.loc["2024-01":"2024-12", ("launched", "ballistic")].to_numpy()
    assert scenario.areas == ("kyiv", "cities")
    np.testing.assert_allclose(result.get("aimed", "kyiv")[0], 0.1 * observed)
    np.testing.assert_allclose(result.get("aimed", "cities")[0], 0.3 * observed)
    with pytest.raises(StockpileError, match="areas"):
        sp.infer.from_record(shipped, ["ballistic"], areas="kyiv")


def _kyiv_case(cruise_at_kyiv: float = 0.0) -> sp.Scenario:
    return sp.infer.from_record(
        sp.data.observed_monthly(),
        ["ballistic", "cruise"],
        since="2024-01",
        until="2024-12",
        areas=["kyiv", "cities"],
        missiles=[
            sp.Missile(
                "ballistic", stock=sp.infer.UNCONSTRAINED_STOCK, aim={"kyiv": 0.1, "cities": 0.3}
            ),
            sp.Missile(
                "cruise",
                stock=sp.infer.UNCONSTRAINED_STOCK,
                aim={"kyiv": cruise_at_kyiv, "cities": 0.9 - cruise_at_kyiv},
            ),
        ],
        interceptors=[
            sp.Interceptor("patriot", stock=1e6, engages=["ballistic"], pk=0.5, shots=1),
            sp.Interceptor("layers", stock=np.inf, engages=["cruise"], pk=0.7, shots=1),
        ],
    )


def test_fit_by_area_scores_the_area_and_the_rest():
    by_area = sp.data.observed_by_target()
    ballistic = by_area.xs("ballistic", level="class", axis=1, drop_level=False)
    post = sp.infer.fit(
        _kyiv_case(),
        {"patriot.pk": PK_PRIOR},
        sp.data.observed_monthly(),
        by_area=ballistic,
        particles=100,
        seed=3,
    )
    obs = post.problem.observed
    assert obs.labels == ("ballistic.kyiv", "ballistic.rest", "cruise")
    window = by_area.loc["2024-01":"2024-12"]
    np.testing.assert_allclose(obs.destroyed[:, 0], window["destroyed", "ballistic", "kyiv"])
    np.testing.assert_allclose(obs.launched[:, 1], window["launched", "ballistic", "rest"])
    # no magazine limit and one round: pk at Kyiv, 0.3 pk of the 0.9 elsewhere, 0.9 × 0.7
    p = sp.infer.model.destroyed_share(post.problem, post.outputs)
    pk = np.clip(post.samples("patriot.pk"), 1e-3, 1 - 1e-3)[:, None]
    months = obs.launched[:, 0] > 0
    np.testing.assert_allclose(p[:, months, 0], np.broadcast_to(pk, p[:, months, 0].shape))
    np.testing.assert_allclose(p[:, :, 1], np.broadcast_to(pk / 3, p[:, :, 1].shape))
    np.testing.assert_allclose(p[:, :, 2], 0.63)
    assert list(post.check_summary().index) == list(obs.labels)
    # a forecast keeps the areas: each draw's aim shares, Kyiv's leakers apart
    later = post.predict(
        {"ballistic": sp.per_month(40), "cruise": sp.per_month(100)}, months=2, stochastic=False
    )
    assert later.get("aimed", "kyiv")[:, 0] == pytest.approx(4.0)
    import stockpile.plot.inference as spi

    ax = spi.predictive_check(post, "ballistic.kyiv")
    assert len(ax.lines) == 2  # median replicate and the record's Kyiv column
    with pytest.raises(StockpileError, match=r"cruise\.aim\.kyiv"):
        sp.infer.fit(
            _kyiv_case(0.05),
            {"patriot.pk": PK_PRIOR},
            sp.data.observed_monthly(),
            by_area=ballistic,
        )
    with pytest.raises(StockpileError, match=r"priors\[cruise.aim.kyiv\]"):
        sp.infer.fit(
            _kyiv_case(),
            {"patriot.pk": PK_PRIOR, "cruise.aim.kyiv": scipy.stats.uniform(0, 0.1)},
            sp.data.observed_monthly(),
            by_area=ballistic,
        )


def test_shortfall_claim_is_an_event_with_a_reliability():
    claim = sp.infer.shortfall("patriot", "2024-10", reliability=0.9)
    assert claim.target == "patriot.interceptor_shortfall"
    np.testing.assert_allclose(claim.dist.logpdf(np.array([0.0, 3.0])), np.log([0.1, 0.9]))
    with pytest.raises(StockpileError, match="reliability"):
        sp.infer.shortfall("patriot", "2024-10", reliability=0.4)


def test_result_to_xarray_has_run_month_item():
    xr = pytest.importorskip("xarray")
    result = sp.simulate(patriot_case(), runs=3)
    data = result.to_xarray()
    assert isinstance(data, xr.Dataset)
    assert data["missile_stock"].dims == ("run", "month", "item")
    assert list(data["item"].values) == ["ballistic", "patriot"]
    assert np.isnan(data["missile_stock"].sel(item="patriot")).all()
    np.testing.assert_array_equal(
        data["interceptor_stock"].sel(item="patriot"), result.get("interceptor_stock", "patriot")
    )
    assert data["interceptor_stock"].attrs["units"] == "interceptors"


def test_to_arviz_has_the_groups(toy):
    pytest.importorskip("arviz")
    data = toy.to_arviz()
    for group in ("posterior", "prior", "observed_data", "posterior_predictive", "log_likelihood"):
        assert group in data.groups() if hasattr(data, "groups") else group in data
    np.testing.assert_array_equal(data["posterior"]["guns.pk"].values[0], toy.samples("guns.pk"))


def test_inference_figures_draw(toy, tmp_path):
    import stockpile.plot.inference as spi

    ax = spi.predictive_check(toy, "ballistic")
    assert ax.get_ylabel() == "ballistic destroyed [missiles/month]"
    assert len(ax.lines) == 2  # median replicate and the record
    ax = spi.marginal(toy, "guns.pk")
    assert ax.get_xlabel() == "guns.pk"
    ax = spi.information(toy.value_of_information("guns.pk", precision=(0.1,)))
    assert "guns.pk" in ax.get_xlabel()
    ax.figure.savefig(tmp_path / "voi.png")
    with pytest.raises(StockpileError, match="item"):
        spi.predictive_check(toy, "cruise")


@pytest.mark.parametrize(
    "model", [sp.infer.Binomial(), sp.infer.BetaBinomial(concentration=3.0)], ids=lambda m: m.name
)
def test_observation_models_are_probability_mass_functions(model):
    n = np.full((1, 1), 17.0)
    y = np.arange(18.0)[:, None]
    p = np.full((1, 18, 1), 0.3)  # one run; each 'month' one value of y
    mass = np.exp(model.pointwise(n, y, p, {}, ["ballistic"])).sum()
    assert mass == pytest.approx(1.0, rel=1e-9)
    rng = np.random.default_rng(0)
    draws = model.sample(n, np.full((20_000, 1, 1), 0.3), {}, ["ballistic"], rng)
    assert draws.mean() == pytest.approx(17 * 0.3, rel=0.02)


def test_beta_binomial_tends_to_binomial_as_concentration_grows():
    n, y, p = np.array([[30.0]]), np.array([[12.0]]), np.full((1, 1, 1), 0.35)
    wide = sp.infer.BetaBinomial(concentration=1e8).pointwise(n, y, p, {}, ["b"])
    assert wide == pytest.approx(sp.infer.Binomial().pointwise(n, y, p, {}, ["b"]), abs=1e-5)


def test_a_claim_far_from_what_the_record_implies_raises_an_alarm():
    scenario, prior = _stock_case()
    claim = sp.infer.Claim("ballistic.missile_stock", "2024-06", scipy.stats.norm(200, 20))
    post = sp.infer.fit(
        scenario,
        {"ballistic.stock": prior},
        record(LAUNCHES, DESTROYED),
        claims=[claim],
        likelihood="binomial",
        particles=1000,
        seed=5,
    )
    assert any("conflicts with the record" in text for text in post.alarms())
