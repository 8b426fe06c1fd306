"""Tests of stockpile.calibrate: likelihoods, launch models, forecasts, backtests, implied reserve.

Synthetic monthly tables are drawn with numpy at fixed seeds from known models; the shipped
monthly aggregates (``sp.data.observed_monthly()``) serve where the real record matters.
Nothing here reads the shared data folder.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from scipy import optimize

import stockpile as sp
from stockpile.calibrate import likelihood as lk
from stockpile.calibrate.models import choose
from stockpile.errors import StockpileError

MESSAGE = re.compile(r"^The '.+' parameter must be .+\. Got .+ instead\.")


# --- fixtures ---------------------------------------------------------------------------------


def nb_counts(rng: np.random.Generator, mu: np.ndarray, k: float) -> np.ndarray:
    """Negative-binomial counts with mean ``mu`` and dispersion ``k`` (numpy's (n, p) form)."""
    return rng.negative_binomial(k, k / (k + mu)).astype(float)


def log_mean(
    months: pd.PeriodIndex, level: float, trend: float = 0.0, sin: float = 0.0, cos: float = 0.0
) -> np.ndarray:
    """The fitted model's log-mean, ``t`` in years from the last month."""
    t = np.asarray((months - months[-1]).map(lambda d: d.n), dtype=float) / 12.0
    phase = 2 * np.pi * np.asarray(months.month) / 12.0
    return level + trend * t + sin * np.sin(phase) + cos * np.cos(phase)


def table(
    launched: dict[str, np.ndarray],
    start: str = "2020-01",
    destroyed: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """A monthly table in the layout of ``sp.data.observed_monthly()``."""
    n = len(next(iter(launched.values())))
    index = pd.period_range(start, periods=n, freq="M", name="month")
    columns = {("launched", c): v for c, v in launched.items()}
    columns |= {("destroyed", c): v for c, v in (destroyed or {}).items()}
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["measure", "class"])
    return frame


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return sp.data.observed_monthly()


@pytest.fixture(scope="module")
def shipped_fit(shipped: pd.DataFrame) -> sp.calibrate.LaunchFit:
    return sp.calibrate.fit_launches(shipped, until="2025-06")


# --- likelihoods ------------------------------------------------------------------------------


def test_nb_derivatives_match_finite_differences() -> None:
    rng = np.random.default_rng(0)
    months = pd.period_range("2020-01", periods=40, freq="M")
    X = lk.design(lk.MODELS["trend+seasonal"], np.arange(-39, 1) / 12.0, np.asarray(months.month))
    y = nb_counts(rng, np.exp(X @ [4.0, 0.3, 0.4, -0.2]), 3.0) + 0.5  # fractional counts too
    theta = np.array([3.9, 0.2, 0.3, -0.1, 1.0])
    grad, hess = lk._nb_derivatives(theta, X, y)
    numeric = optimize.approx_fprime(theta, lambda t: lk.nb_loglik(t, X, y), 1e-6)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-3)
    rows = [
        optimize.approx_fprime(theta, lambda t, i=i: lk._nb_derivatives(t, X, y)[0][i], 1e-6)
        for i in range(theta.size)
    ]
    np.testing.assert_allclose(hess, np.array(rows), rtol=1e-5, atol=1e-3)


def test_nb_loglik_is_scipy_nbinom() -> None:
    y = np.array([0.0, 3.0, 10.0, 41.0])
    X = np.ones((4, 1))
    mu, k = 12.0, 2.5
    expected = scipy.stats.nbinom(k, k / (k + mu)).logpmf(y).sum()
    assert lk.nb_loglik(np.array([np.log(mu), np.log(k)]), X, y) == pytest.approx(expected)


def test_beta_binomial_derivatives_and_scipy() -> None:
    rng = np.random.default_rng(1)
    n = rng.integers(10, 100, 50).astype(float)
    y = rng.binomial(n.astype(int), rng.beta(2, 5, 50)).astype(float)
    theta = np.log([1.5, 4.0])
    expected = scipy.stats.betabinom(n, 1.5, 4.0).logpmf(y).sum()
    assert lk.beta_binomial_loglik(theta, n, y) == pytest.approx(expected)
    grad, hess = lk._bb_derivatives(theta, n, y)
    numeric = optimize.approx_fprime(theta, lambda t: lk.beta_binomial_loglik(t, n, y), 1e-6)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-3)
    rows = [
        optimize.approx_fprime(theta, lambda t, i=i: lk._bb_derivatives(t, n, y)[0][i], 1e-6)
        for i in range(2)
    ]
    np.testing.assert_allclose(hess, np.array(rows), rtol=1e-5, atol=1e-3)


# --- launch models ----------------------------------------------------------------------------


def test_fit_recovers_trend_seasonal_parameters() -> None:
    rng = np.random.default_rng(2)
    months = pd.period_range("2015-01", periods=120, freq="M")
    truth = {"level": 4.0, "trend": 0.15, "sin": 0.4, "cos": -0.25}
    y = nb_counts(rng, np.exp(log_mean(months, **truth)), 5.0)
    fit = sp.calibrate.fit_launches(
        table({"cruise": y}, "2015-01"), classes=["cruise"], window=None
    )
    row = fit.summary().loc["cruise"]
    assert row["model"] == "trend+seasonal"
    for name, value in truth.items():
        assert abs(row[name] - value) < 3 * row[f"{name}_se"], name
    assert abs(row["dispersion"] - 5.0) < 3 * row["dispersion_se"]
    assert row["converged"]


def test_standard_errors_are_calibrated() -> None:
    """Across repeated samples the 95 % Wald interval of the trend covers about 95 %."""
    rng = np.random.default_rng(3)
    months = pd.period_range("2020-01", periods=36, freq="M")
    t = np.asarray((months - months[-1]).map(lambda d: d.n), dtype=float) / 12.0
    X = lk.design(lk.MODELS["trend"], t, np.asarray(months.month))
    hits = []
    for _ in range(150):
        y = nb_counts(rng, np.exp(X @ [3.5, 0.5]), 4.0)
        nb = lk.fit_nb(X, y)
        hits.append(abs(nb.theta[1] - 0.5) < 1.96 * np.sqrt(nb.cov[1, 1]))
    assert 0.88 <= np.mean(hits) <= 0.99


@pytest.mark.parametrize(
    ("truth", "expected"),
    [
        ({"level": 4.5}, "constant"),
        ({"level": 4.0, "trend": 0.8}, "trend"),
        ({"level": 4.0, "sin": 0.8, "cos": 0.3}, "seasonal"),
        ({"level": 4.0, "trend": 0.8, "sin": -0.7}, "trend+seasonal"),
    ],
)
def test_model_selection_picks_the_true_model(truth: dict[str, float], expected: str) -> None:
    rng = np.random.default_rng(4)
    months = pd.period_range("2019-01", periods=60, freq="M")
    y = nb_counts(rng, np.exp(log_mean(months, **truth)), 8.0)
    for criterion in ("bic", "aic"):
        fit = sp.calibrate.fit_launches(
            table({"x": y}, "2019-01"), classes=["x"], window=None, criterion=criterion
        )
        assert fit.classes["x"].model == expected, criterion


def test_choose_prefers_the_simplest_model_within_the_margin() -> None:
    candidates = pd.DataFrame(
        {"parameters": [2, 3, 4], "bic": [100.0, 95.0, 90.0]},
        index=["constant", "trend", "seasonal"],
    )
    assert choose(candidates, "bic", 0.0) == "seasonal"
    assert choose(candidates, "bic", 6.0) == "trend"
    assert choose(candidates, "bic", 10.0) == "constant"


def test_short_window_keeps_only_models_with_enough_months() -> None:
    rng = np.random.default_rng(5)
    y = nb_counts(rng, np.full(48, 60.0), 5.0)
    fit = sp.calibrate.fit_launches(table({"x": y}), classes=["x"], window=12)
    assert list(fit.classes["x"].candidates.index) == ["constant", "trend"]
    assert fit.summary().loc["x", "months"] == 12
    assert fit.first == pd.Period("2023-01", "M") and fit.last == pd.Period("2023-12", "M")


def test_shipped_fit_summary(shipped_fit: sp.calibrate.LaunchFit) -> None:
    summary = shipped_fit.summary()
    assert list(summary.index) == list(sp.calibrate.DEFAULT_CLASSES)
    assert set(summary["model"]) <= set(sp.calibrate.MODELS)
    assert (summary["months"] == 24).all()
    assert (summary["dispersion"] > 0).all() and summary["converged"].all()
    candidates = shipped_fit.candidates()
    assert candidates.groupby(level="class")["chosen"].sum().eq(1).all()
    fitted = shipped_fit.fitted()
    assert fitted.index[-1] == pd.Period("2025-06", "M") and len(fitted) == 24
    assert np.allclose(fitted.iloc[-1], summary["mean_last"])


def test_damped_trend_carries_at_most_phi_over_one_minus_phi_months() -> None:
    rng = np.random.default_rng(6)
    months = pd.period_range("2020-01", periods=36, freq="M")
    y = nb_counts(rng, np.exp(log_mean(months, 4.0, trend=0.6)), 10.0)
    fit = sp.calibrate.fit_launches(table({"x": y}), classes=["x"], window=None)
    cf = fit.classes["x"]
    level, trend = cf.theta[0], cf.theta[1]
    ahead = pd.period_range(months[-1] + 1, periods=60, freq="M")
    damped = cf.log_mean(ahead, damping=0.5)
    assert damped[0] == pytest.approx(level + trend * 0.5 / 12)
    assert damped[-1] == pytest.approx(level + trend * 1.0 / 12)
    straight = cf.log_mean(ahead, damping=1.0)
    assert straight[11] == pytest.approx(level + trend)


@pytest.mark.parametrize("model", list(lk.MODELS))
@pytest.mark.parametrize("k", [0.7, 5.0, 1e5, None])  # None: under-dispersed (k at its bound)
def test_the_optimiser_reaches_the_maximum_and_its_bounds(model: str, k: float | None) -> None:
    """The estimate is within 1e-6 standard errors of the maximum (Newton decrement
    ``sqrt(g' (-H)^-1 g)`` over the free parameters) and a dispersion the data cannot show
    sits at its Poisson bound: what scipy.optimize's bounded methods (L-BFGS-B, TNC,
    trust-constr) missed on some of these cases and the damped Newton does not."""
    rng = np.random.default_rng(12)
    months = np.arange(36)
    X = lk.design(lk.MODELS[model], (months - 35) / 12.0, months % 12 + 1)
    mu = np.exp(X @ np.array([4.0, 0.5, 0.3, -0.2])[: X.shape[1]])
    y = np.round(mu) if k is None else rng.poisson(rng.gamma(k, mu / k)).astype(float)
    fit = lk.fit_nb(X, y)
    grad, hess = lk._nb_derivatives(fit.theta, X, y)
    free = np.arange(X.shape[1] + (not fit.poisson))
    g, info = grad[free], -hess[np.ix_(free, free)]
    assert np.sqrt(g @ np.linalg.solve(info, g)) < 1e-6
    assert fit.converged
    if k is None:
        assert fit.poisson and not fit.cov[-1].any()


# --- interception -----------------------------------------------------------------------------


def test_beta_binomial_recovers_a_and_b() -> None:
    rng = np.random.default_rng(7)
    launched = rng.integers(20, 150, 400).astype(float)
    destroyed = rng.binomial(launched.astype(int), rng.beta(3.0, 7.0, 400)).astype(float)
    frame = table({"cruise": launched}, "1990-01", destroyed={"cruise": destroyed})
    row = sp.calibrate.fit_interception(frame, classes=["cruise"]).loc["cruise"]
    assert abs(row["a"] - 3.0) < 3 * row["a_se"]
    assert abs(row["b"] - 7.0) < 3 * row["b_se"]
    assert row["rate"] == pytest.approx(0.3, abs=3 * row["rate_se"])
    assert row["overdispersion"] == pytest.approx(1 / 11, abs=0.03)
    assert row["months"] == 400 and not row["on_bound"]


def test_beta_binomial_without_overdispersion_is_on_its_bound_at_the_observed_rate() -> None:
    n = np.random.default_rng(5).integers(20, 200, 36).astype(float)
    y = np.round(0.6 * n)  # less spread than binomial: a and b as large as the bounds allow
    fit = lk.fit_beta_binomial(n, y)
    a, b = np.exp(fit.theta)
    assert fit.on_bound
    assert a / (a + b) == pytest.approx(y.sum() / n.sum(), rel=1e-6)
    grad, hess = lk._bb_derivatives(fit.theta, n, y)
    assert abs(grad[1]) / np.sqrt(-hess[1, 1]) < 1e-6  # b free, a at its bound


def test_shipped_interception(shipped_fit: sp.calibrate.LaunchFit) -> None:
    rates = shipped_fit.interception
    assert list(rates.index) == list(sp.calibrate.DEFAULT_CLASSES)
    assert rates.loc["cruise", "rate"] > rates.loc["ballistic", "rate"] > 0
    assert ((rates["overdispersion"] > 0) & (rates["overdispersion"] < 1)).all()


# --- forecasts --------------------------------------------------------------------------------


def test_forecast_has_the_next_months_launches_per_class(
    shipped_fit: sp.calibrate.LaunchFit,
) -> None:
    forecast = shipped_fit.forecast(months=12, runs=500, seed=1)
    assert isinstance(forecast, sp.calibrate.LaunchForecast)
    expected = pd.period_range("2025-07", "2026-06", freq="M", name="month")
    assert forecast.index.equals(expected)
    assert forecast.classes == ["cruise", "ballistic", "s300_s400"]  # total kept apart
    q = forecast.quantiles("launches", [0.05, 0.5, 0.95])
    assert q.shape == (12, 3 * 3) and q.index.equals(expected)
    ballistic = forecast.quantiles("launches", [0.05, 0.5, 0.95], item="ballistic")
    assert (ballistic[0.05] <= ballistic[0.5]).all() and (ballistic[0.5] <= ballistic[0.95]).all()
    launches = forecast.get("launches", "cruise")
    assert launches.shape == (500, 12)
    assert np.array_equal(launches, np.round(launches)) and (launches >= 0).all()


def test_forecast_has_only_what_a_forecast_means(shipped_fit: sp.calibrate.LaunchFit) -> None:
    """No fake reserve, no depletion metrics, no total beside the classes it counts again."""
    forecast = shipped_fit.forecast(months=6, runs=200, seed=3)
    summary = forecast.summary()
    assert list(summary.columns) == forecast.classes  # launches over the horizon [missiles]
    assert "total" not in summary.columns
    for name in forecast.classes:
        np.testing.assert_array_equal(summary[name], forecast.get("launches", name).sum(axis=1))
    assert (summary.to_numpy() < 1e6).all()  # nothing near the unconstrained reserve of 1e9
    for metric in ("final_missile_stock", "reserve_growth_per_year", "depletion_month"):
        assert not hasattr(forecast, metric) and metric not in summary.columns
    with pytest.raises(StockpileError, match=MESSAGE):
        forecast.get("missile_stock", "cruise")
    # the record's total is forecast by its own fit, apart: not the sum of the classes
    total = forecast.get("launches", "total")
    assert total.shape == (200, 6) and forecast.total is total
    assert "total" not in forecast.quantiles("launches").columns.get_level_values("class")
    tidy = forecast.to_frame()
    assert list(tidy.columns) == ["run", "month", "class", "launches"]
    assert set(tidy["class"]) == set(forecast.classes) and len(tidy) == 3 * 200 * 6
    first = tidy[(tidy["class"] == "ballistic") & (tidy["run"] == 1)]["launches"].to_numpy()
    np.testing.assert_array_equal(first, forecast.get("launches", "ballistic")[1])
    with pytest.raises(StockpileError, match=MESSAGE):
        forecast.get("launches", "drone")
    only = shipped_fit.forecast(months=2, runs=10, seed=3, classes=["ballistic"])
    assert only.total is None and only.get("launches").shape == (10, 2)


def test_forecast_runs_do_not_depend_on_the_ensemble(
    shipped_fit: sp.calibrate.LaunchFit,
) -> None:
    small = shipped_fit.forecast(months=3, runs=50, seed=7)
    large = shipped_fit.forecast(months=3, runs=200, seed=7)
    np.testing.assert_array_equal(
        small.get("launches", "ballistic"), large.get("launches", "ballistic")[:50]
    )
    other = shipped_fit.forecast(months=3, runs=50, seed=8)
    assert not np.array_equal(
        small.get("launches", "ballistic"), other.get("launches", "ballistic")
    )


def test_forecast_mean_follows_the_fitted_mean() -> None:
    rng = np.random.default_rng(8)
    y = nb_counts(rng, np.full(36, 80.0), 4.0)
    fit = sp.calibrate.fit_launches(table({"x": y}), classes=["x"])
    mean = np.exp(fit.classes["x"].theta[0])
    forecast = fit.forecast(months=6, runs=4000, seed=2, parameter_uncertainty=False)
    launches = forecast.get("launches", "x")
    assert launches.mean() == pytest.approx(mean, rel=0.03)
    k = fit.classes["x"].dispersion
    assert launches.var() == pytest.approx(mean + mean**2 / k, rel=0.1)
    wider = fit.forecast(months=6, runs=4000, seed=2).get("launches", "x")
    assert wider.var() > launches.var()


def test_missiles_and_scenario_drive_simulate(shipped_fit: sp.calibrate.LaunchFit) -> None:
    missiles = shipped_fit.missiles(months=6, runs=20, seed=3, classes=["cruise", "ballistic"])
    assert [m.name for m in missiles] == ["cruise", "ballistic"]
    rate = missiles[0].launches
    assert isinstance(rate, sp.Rate) and np.shape(rate.value) == (20, 6)
    assert np.shape(missiles[0].dispersion) == (20,)
    assert missiles[0].stock == sp.calibrate.UNCONSTRAINED_STOCK
    fixed = shipped_fit.missiles(
        months=6, runs=20, seed=3, parameter_uncertainty=False, classes=["cruise"]
    )
    assert isinstance(fixed[0].launches.value, pd.Series)  # type: ignore[union-attr]
    scenario = shipped_fit.scenario(
        months=6,
        runs=20,
        seed=3,
        classes=["ballistic"],
        production={"ballistic": sp.per_year(700)},
        stock={"ballistic": 0},
    )
    result = sp.simulate(scenario, 20, seed=3, stochastic=True)
    stock = result.get("missile_stock", "ballistic")
    assert (stock >= 0).all()
    assert scenario.start == pd.Period("2025-07", "M")
    mixed = shipped_fit.missiles(
        months=2,
        runs=5,
        seed=3,
        classes=["cruise", "ballistic"],
        production={"ballistic": sp.per_year(700)},
    )
    assert [m.stock for m in mixed] == [sp.calibrate.UNCONSTRAINED_STOCK, 0.0]


def test_flat_table_of_launches_is_accepted() -> None:
    rng = np.random.default_rng(11)
    index = pd.period_range("2021-01", periods=30, freq="M")
    flat = pd.DataFrame({"cruise": nb_counts(rng, np.full(30, 90.0), 3.0)}, index=index)
    fit = sp.calibrate.fit_launches(flat, classes=["cruise"])
    assert fit.interception.empty
    assert fit.last == index[-1] and fit.summary().loc["cruise", "months"] == 24


def test_means_are_per_run_draws(shipped_fit: sp.calibrate.LaunchFit) -> None:
    drawn = shipped_fit.means(months=4, runs=30, seed=5, start="2025-09")
    mu, k = drawn["ballistic"]
    assert mu.shape == (30, 4) and k.shape == (30,)
    assert np.unique(mu[:, 0]).size == 30
    again = shipped_fit.means(months=4, runs=10, seed=5, start="2025-09")["ballistic"][0]
    np.testing.assert_array_equal(again, mu[:10])


# --- backtests --------------------------------------------------------------------------------


def test_crps_sample_exact_and_normal() -> None:
    samples = np.array([[0.0], [1.0]])
    assert sp.calibrate.crps_sample(samples, np.array([0.0]))[0] == pytest.approx(0.25)
    rng = np.random.default_rng(9)
    x = rng.standard_normal((40_000, 1))
    for y in (0.0, 1.3):
        z = y
        exact = (
            z * (2 * scipy.stats.norm.cdf(z) - 1) + 2 * scipy.stats.norm.pdf(z) - 1 / np.sqrt(np.pi)
        )
        assert sp.calibrate.crps_sample(x, np.array([y]))[0] == pytest.approx(exact, rel=0.02)


def test_backtest_coverage_on_stationary_data_is_near_nominal() -> None:
    rng = np.random.default_rng(10)
    series = {
        c: nb_counts(rng, np.full(60, m), k)
        for c, m, k in (("a", 50.0, 4.0), ("b", 20.0, 2.0), ("c", 120.0, 6.0))
    }
    frame = table(series, "2020-01")
    origins = [str(p) for p in pd.period_range("2022-12", "2024-06", freq="2M")]
    bt = sp.calibrate.backtest(frame, origins, horizon=6, runs=600, seed=1, classes=["a", "b", "c"])
    overall = bt.summary(by=()).iloc[0]
    assert overall["n"] == len(bt.scores)
    for level in (50, 80, 90):
        assert abs(overall[f"coverage_{level}"] - level / 100) < 0.1, level
    assert overall["crps"] < 1.1 * overall["crps_naive"]
    by_horizon = bt.summary(by=("horizon",))
    assert list(by_horizon.index) == [1, 2, 3, 4, 5, 6]
    columns = {"origin", "class", "horizon", "month", "observed", "crps", "covered_90"}
    assert columns <= set(bt.scores.columns)


def test_backtest_scores_only_months_in_the_table(shipped: pd.DataFrame) -> None:
    bt = sp.calibrate.backtest(
        shipped, ["2025-03"], horizon=6, runs=100, seed=1, classes=["cruise"]
    )
    assert list(bt.scores["month"].astype(str)) == ["2025-04", "2025-05", "2025-06"]


# --- implied reserve --------------------------------------------------------------------------


def test_implied_reserve_closed_form(shipped: pd.DataFrame) -> None:
    production = {"cruise": sp.per_year(2400), "ballistic": sp.per_month(60)}
    reserve = sp.calibrate.implied_reserve(
        shipped, production, start="2024-01", stock={"cruise": 500, "ballistic": 100}, runs=1
    )
    launched = shipped["launched"].loc["2024-01":]
    for name, monthly, stock in (("cruise", 200.0, 500.0), ("ballistic", 60.0, 100.0)):
        expected = stock + np.cumsum(np.full(len(launched), monthly)) - launched[name].cumsum()
        got = reserve.quantiles([0.5])[name, 0.5]
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), atol=1e-9)
    assert (reserve.infeasible == 0).all()
    summary = reserve.summary()
    assert list(summary.index) == ["cruise", "ballistic", "total"]
    months = len(launched)
    growth = (months * 200 - launched["cruise"].sum()) / months * 12
    assert summary.loc["cruise", "growth_0.5"] == pytest.approx(growth)
    assert summary.loc["total", "launched"] == pytest.approx(
        launched[["cruise", "ballistic"]].to_numpy().sum()
    )


def test_implied_reserve_reports_infeasible_runs() -> None:
    frame = table({"ballistic": np.array([10.0, 50.0, 10.0, 10.0])}, "2024-01")
    production = {"ballistic": sp.per_month(scipy.stats.uniform(5, 30))}  # 5 to 35 a month
    reserve = sp.calibrate.implied_reserve(frame, production, start="2024-01", runs=400, seed=1)
    # infeasible iff 2 months of production < 60 launched by month 2, i.e. rate < 30
    rate = reserve.result.samples["ballistic.production"]
    assert reserve.infeasible["ballistic"] == pytest.approx(np.mean(rate < 30))
    assert reserve.infeasible["any"] == reserve.infeasible["ballistic"]
    balance = reserve.quantiles([0.0], balance=True)["ballistic", 0.0]
    assert balance.iloc[1] == pytest.approx(2 * rate.min() - 60, abs=1e-6)
    assert (reserve.quantiles([0.0])["ballistic", 0.0] >= 0).all()


def test_implied_reserve_with_distributions(shipped: pd.DataFrame) -> None:
    production = {"cruise": sp.per_year(scipy.stats.uniform(1800, 800))}
    reserve = sp.calibrate.implied_reserve(
        shipped,
        production,
        start="2024-06",
        end="2024-12",
        stock={"cruise": scipy.stats.uniform(0, 100)},
        runs=200,
        seed=4,
    )
    bands = reserve.quantiles()
    assert bands.index.equals(pd.period_range("2024-06", "2024-12", freq="M", name="month"))
    assert list(bands.columns.get_level_values("class").unique()) == ["cruise"]
    assert (bands["cruise", 0.05] <= bands["cruise", 0.95]).all()


# --- bad inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"until": "2030-01"}, "until"),
        ({"until": "not a month"}, "until"),
        ({"classes": ["cruise", "hypersonic"]}, "classes"),
        ({"classes": []}, "classes"),
        ({"models": ["constant", "cubic"]}, "models"),
        ({"criterion": "dic"}, "criterion"),
        ({"damping": 0.0}, "damping"),
        ({"window": 0}, "window"),
        ({"margin": -1}, "margin"),
        ({"since": "2025-05", "until": "2025-01"}, "since"),
    ],
)
def test_fit_launches_rejects_bad_arguments(
    shipped: pd.DataFrame, kwargs: dict[str, object], parameter: str
) -> None:
    with pytest.raises(StockpileError, match=rf"^The '{parameter}' parameter must be"):
        sp.calibrate.fit_launches(shipped, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        [1, 2, 3],
        pd.DataFrame(),
        table({"cruise": np.array([1.0, -2.0, 3.0])}),
        table({"cruise": np.array([1.0, np.nan, 3.0])}),
        table({"cruise": np.arange(3.0)}).drop(pd.Period("2020-02", "M")),
        table({"cruise": np.arange(3.0)}).set_axis(["a", "b", "c"]),
        table({"cruise": np.arange(3.0)}).rename(columns={"launched": "fired"}),
    ],
)
def test_bad_tables_raise(bad: object) -> None:
    with pytest.raises(StockpileError, match=MESSAGE):
        sp.calibrate.fit_launches(bad, classes=["cruise"])  # type: ignore[arg-type]


def test_class_without_launches_raises() -> None:
    frame = table({"cruise": np.full(24, 10.0), "ballistic": np.zeros(24)})
    with pytest.raises(StockpileError, match=r"Leave the class out"):
        sp.calibrate.fit_launches(frame, classes=["cruise", "ballistic"])


def test_forecast_and_missiles_reject_bad_arguments(shipped_fit: sp.calibrate.LaunchFit) -> None:
    with pytest.raises(StockpileError, match=r"^The 'start' parameter must be a month after"):
        shipped_fit.forecast(months=3, runs=10, seed=1, start="2025-06")
    with pytest.raises(StockpileError, match=r"^The 'months' parameter"):
        shipped_fit.forecast(months=0, runs=10, seed=1)
    with pytest.raises(StockpileError, match=r"^The 'runs' parameter"):
        shipped_fit.means(months=3, runs=0)
    with pytest.raises(StockpileError, match=r"^The 'classes' parameter"):
        shipped_fit.forecast(months=3, runs=10, seed=1, classes=["drone"])
    with pytest.raises(StockpileError, match=r"^The 'stock' parameter"):
        shipped_fit.missiles(months=3, runs=10, seed=1, classes=["cruise"], stock={"ballistic": 5})


def test_backtest_rejects_bad_arguments(shipped: pd.DataFrame) -> None:
    with pytest.raises(StockpileError, match=r"^The 'origins' parameter"):
        sp.calibrate.backtest(shipped, [], runs=10)
    with pytest.raises(StockpileError, match=r"^The 'origins' parameter"):
        sp.calibrate.backtest(shipped, ["2031-01"], runs=10)
    with pytest.raises(StockpileError, match=r"^The 'origins' parameter must be months before"):
        sp.calibrate.backtest(shipped, ["2025-06"], runs=10)
    with pytest.raises(StockpileError, match=r"^The 'horizon' parameter"):
        sp.calibrate.backtest(shipped, ["2024-06"], horizon=0, runs=10)
    with pytest.raises(StockpileError, match=r"^The 'levels' parameter"):
        sp.calibrate.backtest(shipped, ["2024-06"], runs=10, levels=[0.5, 1.0])


def test_implied_reserve_rejects_bad_arguments(shipped: pd.DataFrame) -> None:
    good = {"cruise": sp.per_year(2200)}
    cases: list[tuple[dict[str, object], str]] = [
        ({"production": {}}, "production"),
        ({"production": {"hypersonic": sp.per_year(10)}}, "production"),
        ({"stock": {"ballistic": 10}}, "stock"),
        ({"stock": [10]}, "stock"),
        ({"start": "2019-01"}, "start"),
        ({"end": "2023-01"}, "end"),
        ({"production": {"cruise": 2200}}, "cruise.production"),
    ]
    for change, parameter in cases:
        kwargs: dict[str, object] = {"production": good, "start": "2024-01", **change}
        with pytest.raises(StockpileError, match=rf"^The '{re.escape(parameter)}' parameter"):
            sp.calibrate.implied_reserve(shipped, **kwargs)  # type: ignore[arg-type]
