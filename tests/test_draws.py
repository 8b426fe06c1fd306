"""Joint per-run draws (sp.Draws): rows kept together, chunk-invariant, validated; the preset
built from the shipped posterior."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import stockpile as sp
import stockpile.config
import stockpile.explore
from stockpile.draws import rows

PRESET = "russia-ukraine-2025-07"


def correlated(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Two columns with correlation about -0.8, like a posterior's pk and defended share."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, 2)) @ np.linalg.cholesky([[1.0, -0.8], [-0.8, 1.0]]).T
    u = scipy.stats.norm.cdf(z)
    return pd.DataFrame({"pk": 0.3 + 0.6 * u[:, 0], "defended": 0.1 + 0.8 * u[:, 1]})


def scenario(draws: sp.Draws, months: int = 3) -> sp.Scenario:
    return sp.Scenario(
        start="2025-07",
        months=months,
        missiles=[
            sp.Missile(
                "ballistic", launches=sp.per_month(40), stock=1000, defended=draws["defended"]
            )
        ],
        interceptors=[
            sp.Interceptor("patriot", stock=300, engages=["ballistic"], pk=draws["pk"], shots=2)
        ],
    )


def test_every_column_of_a_table_takes_the_same_row_in_a_run() -> None:
    table = correlated()
    draws = sp.Draws(table, name="fit")
    result = sp.simulate(scenario(draws), runs=4000, seed=7)
    pk, defended = result.samples["patriot.pk"], result.samples["ballistic.defended"]
    pairs = set(zip(table["pk"], table["defended"], strict=True))
    assert all(pair in pairs for pair in zip(pk, defended, strict=True))  # whole rows
    expected = np.corrcoef(table["pk"], table["defended"])[0, 1]
    assert np.corrcoef(pk, defended)[0, 1] == pytest.approx(expected, abs=0.04)


def test_tables_with_different_names_draw_independent_rows() -> None:
    table = correlated()
    one, other = sp.Draws(table, name="one"), sp.Draws(table, name="other")
    mixed = scenario(one).with_params({"ballistic.defended": other["defended"]})
    result = sp.simulate(mixed, runs=4000, seed=7)
    correlation = np.corrcoef(result.samples["patriot.pk"], result.samples["ballistic.defended"])
    assert abs(correlation[0, 1]) < 0.06  # the table's -0.8 is not kept across tables


def test_rows_do_not_depend_on_chunks_or_on_how_the_ensemble_is_split() -> None:
    draws = sp.Draws(correlated(), name="fit")
    whole = sp.simulate(scenario(draws), runs=300, seed=11, stochastic=True)
    chunked = sp.simulate(scenario(draws), runs=300, seed=11, stochastic=True, chunk_size=7)
    head = sp.simulate(scenario(draws), runs=120, seed=11, stochastic=True)
    tail = sp.simulate(scenario(draws), runs=180, seed=11, stochastic=True, first_run=120)
    stock = whole.get("interceptor_stock", "patriot")
    assert np.array_equal(stock, chunked.get("interceptor_stock", "patriot"))
    split = np.vstack([r.get("interceptor_stock", "patriot") for r in (head, tail)])
    assert np.array_equal(stock, split)
    for path in ("patriot.pk", "ballistic.defended"):
        assert np.array_equal(whole.samples[path], chunked.samples[path])


def test_any_number_of_runs_resamples_rows_uniformly() -> None:
    keys = sp.streams.run_keys(3, np.arange(30_000))
    picked = rows(keys, "fit", 3)
    counts = np.bincount(picked, minlength=3)
    assert scipy.stats.chisquare(counts).pvalue > 0.001
    assert np.array_equal(picked[:100], rows(keys[:100], "fit", 3))  # per run, not per batch
    one_row = sp.simulate(scenario(sp.Draws(correlated(1), name="fit")), runs=50, seed=1)
    assert np.unique(one_row.samples["patriot.pk"]).size == 1


def test_rates_integers_and_point_questions() -> None:
    draws = sp.Draws({"deliveries": [60.0, 120.0, 240.0], "shots": [1, 2, 2]}, name="d")
    column = draws["deliveries"]
    assert column.median() == 120.0 and column.support() == (60.0, 240.0)
    assert list(column.ppf([0.0, 0.34, 1.0])) == [60.0, 120.0, 240.0]  # values of the column
    base = scenario(sp.Draws(correlated(), name="fit"))
    variant = base.with_params(
        {"patriot.deliveries": sp.per_year(column), "patriot.shots": draws["shots"]}
    )
    result = sp.simulate(variant, runs=200, seed=2)
    delivered = result.get("deliveries", "patriot")[:, 0]
    assert set(np.round(delivered, 9)) <= {5.0, 10.0, 20.0}  # [per month]
    assert set(result.samples["patriot.shots"]) <= {1.0, 2.0}
    shots_rows = dict(zip([5.0, 10.0, 20.0], [1.0, 2.0, 2.0], strict=True))
    assert all(
        shots_rows[d] == s for d, s in zip(delivered, result.samples["patriot.shots"], strict=True)
    )


def test_a_single_unseeded_run_is_refused() -> None:
    with pytest.raises(sp.StockpileError, match="column of draws"):
        sp.simulate(scenario(sp.Draws(correlated(), name="fit")))


@pytest.mark.parametrize(
    ("table", "name", "message"),
    [
        ([1, 2], "t", "The 'table' parameter must be a DataFrame"),
        (pd.DataFrame({"a": [True, False]}), "t", "column 'a' of dtype bool"),
        (pd.DataFrame({"a": [0.1, np.nan]}), "t", "without NaN"),
        (pd.DataFrame({"a": []}, dtype=float), "t", "at least one row"),
        ({"a": [1, 2], "b": [1]}, "t", "of equal length"),
        (pd.DataFrame({"a": [0.5]}), "", "The 'name' parameter must be a non-empty string"),
    ],
)
def test_tables_are_checked_when_built(table: object, name: str, message: str) -> None:
    with pytest.raises(sp.StockpileError, match=message):
        sp.Draws(table, name=name)


def test_columns_are_checked_against_the_parameter_they_set() -> None:
    draws = sp.Draws({"pk": [0.5, 1.5], "shots": [1.0, 1.5], "defended": [0.2, 0.3]}, name="t")
    with pytest.raises(sp.StockpileError, match="Got 'nope' instead"):
        draws["nope"]
    bad_pk = scenario(draws)
    with pytest.raises(sp.StockpileError) as error:
        sp.simulate(bad_pk, runs=10, seed=1)
    assert str(error.value) == (
        "The 'patriot.pk' parameter must be a probability in [0, 1]. Got 1.5 instead. "
        "In column 'pk' of the draws 't'."
    )
    fixed = bad_pk.with_params({"patriot.pk": 0.5, "patriot.shots": draws["shots"]})
    with pytest.raises(sp.StockpileError, match="whole number of shots"):
        sp.simulate(fixed, runs=10, seed=1)
    with pytest.raises(sp.StockpileError, match=r"'patriot.deliveries' parameter must be a rate"):
        fixed.with_params({"patriot.deliveries": draws["pk"]}).validate(10)


def test_two_tables_with_one_name_are_refused_unless_equal() -> None:
    table = correlated()
    same = scenario(sp.Draws(table, name="fit")).with_params(
        {"patriot.pk": sp.Draws(table.copy(), name="fit")["pk"]}
    )
    same.validate(10)  # equal content: one table
    other = same.with_params({"patriot.pk": sp.Draws(correlated(seed=1), name="fit")["pk"]})
    with pytest.raises(sp.StockpileError, match=r"one table named 'fit'.*its own name"):
        other.validate(10)


def test_scenario_files_refer_to_draws_by_file(tmp_path: Path) -> None:
    in_memory = scenario(sp.Draws(correlated(), name="fit"))
    with pytest.raises(sp.config.ConfigError, match=r"built in memory.*read_csv"):
        sp.config.scenario_to_toml(in_memory)
    file = tmp_path / "fit.csv"
    correlated().to_csv(file, index_label="draw")
    from_file = scenario(sp.Draws.read_csv(file))
    text = sp.config.scenario_to_toml(from_file)
    assert f'draws = "{file}", column = "pk"' in text
    (tmp_path / "s.toml").write_text(text.replace(str(file), "fit.csv"))  # relative to the file
    back = sp.config.read_scenario(tmp_path / "s.toml")
    a = sp.simulate(from_file, runs=64, seed=3, stochastic=True)
    b = sp.simulate(back, runs=64, seed=3, stochastic=True)
    assert np.array_equal(
        a.get("interceptor_stock", "patriot"), b.get("interceptor_stock", "patriot")
    )
    (tmp_path / "bad.toml").write_text(text.replace(str(file), "missing.csv"))
    with pytest.raises(sp.config.ConfigError, match=r"bad.toml.*missing.csv"):
        sp.config.read_scenario(tmp_path / "bad.toml")


def test_samplers_take_a_column_by_its_quantiles() -> None:
    draws = sp.Draws(correlated(), name="fit")
    design = sp.explore.lhs({"patriot.pk": draws["pk"]}, 64, seed=1)
    assert design["patriot.pk"].between(*draws["pk"].support()).all()


# ----------------------------------------------------------------------------- the preset


def posterior_table() -> pd.DataFrame:
    return sp.draws.shipped("posterior-2025-06").to_frame()


def test_preset_starts_from_the_posterior_states_jointly() -> None:
    table = posterior_table()
    result = sp.simulate(sp.presets.load(PRESET), runs=4000, seed=5, stochastic=True)
    assert str(result.index[0]) == "2025-07"
    start = result.samples["patriot.stock"]
    columns = ["patriot.interceptor_stock", "patriot.deliveries", "patriot.pk", "patriot.floor"]
    rows_of_table = set(table[columns].itertuples(index=False, name=None))
    paths = ["patriot.stock", "patriot.deliveries", "patriot.pk", "patriot.floor"]
    drawn = zip(*(result.samples[path] for path in paths), strict=True)
    assert all(row in rows_of_table for row in drawn)  # whole rows of the posterior
    levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    posterior = np.quantile(table["patriot.interceptor_stock"], levels)
    assert np.quantile(start, levels) == pytest.approx(posterior, rel=0.06, abs=5)
    july = result.get("interceptor_stock", "patriot")[:, 0]
    delivered = result.get("deliveries", "patriot")[:, 0]
    fired = result.get("interceptors_fired", "patriot")[:, 0]
    assert july == pytest.approx(np.round(start) + delivered - fired)  # one month on
    # July is the US pause's last month: each run's deliveryshock.factor of its monthly rate
    # (whole rounds, so within one), the full rate from August
    monthly = result.samples["patriot.deliveries"] / 12
    paused = result.samples["deliveryshock.factor"] * monthly
    assert np.abs(delivered - paused).max() < 1
    assert np.abs(result.get("deliveries", "patriot")[:, 1] - monthly).max() < 1


def test_preset_point_values_are_posterior_medians() -> None:
    table = posterior_table()
    point = sp.presets.load(PRESET, point=True)
    patriot = point.interceptors[0]
    assert patriot.stock == sp.presets.figures(PRESET)[0].point
    assert patriot.stock == pytest.approx(np.median(table["patriot.interceptor_stock"]), rel=1e-3)
    assert patriot.deliveries.per == "year"
    assert patriot.deliveries.value == pytest.approx(np.median(table["patriot.deliveries"]), 1e-3)
    grades = {f.path: f.grade for f in sp.presets.figures(PRESET)}
    assert grades["patriot.pk"] == "posterior" and grades["cruise.launches"] == "record"
    assert "posterior of the shipped record to 2025-06" in sp.presets.GRADES["posterior"]
    assert sp.presets.sources(PRESET).set_index("path").loc["patriot.pk", "distribution"] == (
        "draws"
    )


def test_preset_toml_refers_to_the_shipped_table() -> None:
    text = sp.config.scenario_to_toml(sp.presets.load(PRESET), sp.presets.notes(PRESET))
    assert 'stock = { draws = "posterior-2025-06", column = "patriot.interceptor_stock" }' in text
    back = sp.config.scenario_from_toml(text, "preset.toml")
    a = sp.simulate(sp.presets.load(PRESET), runs=100, seed=2, stochastic=True)
    b = sp.simulate(back, runs=100, seed=2, stochastic=True)
    assert np.array_equal(
        a.get("interceptor_stock", "patriot"), b.get("interceptor_stock", "patriot")
    )


def test_shipped_posterior_is_what_the_build_script_writes() -> None:
    from stockpile.data import build_posterior

    posterior = build_posterior.fit(sp.data.observed_monthly())
    fresh = build_posterior.table(posterior)
    shipped = posterior_table()
    assert list(fresh.columns) == list(shipped.columns) and len(fresh) == len(shipped)
    assert np.allclose(fresh.to_numpy(), shipped.to_numpy(), rtol=1e-5, atol=1e-6), (
        "stale: run python -m stockpile.data.build_posterior"
    )
    with np.errstate(invalid="ignore"):  # the lower layers' infinite stock
        states = posterior.states(q=(0.05, 0.5, 0.95))
    magazine = states.loc[("interceptor_stock", "patriot")].to_numpy()
    assert magazine == pytest.approx(
        np.quantile(shipped["patriot.interceptor_stock"], [0.05, 0.5, 0.95]), rel=1e-4
    )


def test_posterior_reproduces_the_record_by_area() -> None:
    """The draws split the ballistic kills by area as the record's target field does (Kyiv
    first), within their 90 % range over the window."""
    from stockpile.data import build_posterior

    shares = build_posterior.by_area(posterior_table(), sp.data.observed_monthly())
    record = build_posterior.observed_by_area()
    assert record["kyiv"] > 3 * record["rest"]
    assert (shares.quantile(0.05) < record).all() and (record < shares.quantile(0.95)).all()
    assert shares["kyiv"].median() > 3 * shares["rest"].median()
