"""Scenario and sweep files: the TOML schema, exact round trips, one-line errors."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stockpile as sp
from stockpile import config
from stockpile.config import ConfigError, scenario_from_toml, scenario_to_toml
from stockpile.params import is_distribution

# ----------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", sp.presets.names())
def test_presets_round_trip_exactly(name):
    scenario = sp.presets.load(name)
    text = scenario_to_toml(scenario)
    again = scenario_from_toml(text)
    assert same(again, scenario)  # frozen distributions compare by value
    assert scenario_to_toml(again) == text


def test_schema_covers_every_field():
    def fields(cls):
        return {f.name for f in dataclasses.fields(cls)}

    assert set(config.MISSILE_KEYS) == fields(sp.Missile)
    assert set(config.INTERCEPTOR_KEYS) == fields(sp.Interceptor)
    for cls, keys in config.EVENT_TYPES.values():
        assert set(keys) == fields(cls)


def same(a, b) -> bool:
    """Equality that also compares arrays, Series and frozen distributions by value."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if is_distribution(a):
        q = np.array([0.1, 0.5, 0.9])
        return a.dist.name == b.dist.name and np.array_equal(a.ppf(q), b.ppf(q))
    if isinstance(a, pd.Series):
        return a.index.equals(b.index) and np.array_equal(a.to_numpy(), b.to_numpy())
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and np.isnan(a):
        return isinstance(b, float) and np.isnan(b)
    return type(a) is type(b) and a == b


MONTHS = 12
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=8)
FINITE = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
SHARE = st.floats(min_value=0, max_value=1, allow_nan=False)
COUNT = st.one_of(st.integers(min_value=0, max_value=10**6), FINITE)
RUNS = 3


def series(values: st.SearchStrategy) -> st.SearchStrategy:
    index = pd.period_range("2025-01", periods=MONTHS, freq="M")
    return st.lists(values, min_size=MONTHS, max_size=MONTHS).map(
        lambda v: pd.Series(v, index=index, dtype=np.float64)
    )


def forms(scalar: st.SearchStrategy, dist: st.SearchStrategy) -> st.SearchStrategy:
    """Every parameter form: scalar, per-run array, Series, (runs, months) array, dist."""
    return st.one_of(
        scalar,
        st.lists(scalar, min_size=RUNS, max_size=RUNS).map(
            lambda v: np.asarray(v, dtype=np.float64)
        ),
        series(scalar),
        st.lists(
            st.lists(scalar, min_size=MONTHS, max_size=MONTHS), min_size=RUNS, max_size=RUNS
        ).map(lambda v: np.asarray(v, dtype=np.float64)),
        dist,
    )


POSITIVE_DIST = st.one_of(
    st.tuples(FINITE, FINITE).map(lambda p: scipy.stats.uniform(p[0], p[1] + 1)),
    st.tuples(FINITE, st.floats(0.1, 10)).map(
        lambda p: scipy.stats.gamma(2.0, loc=p[0], scale=p[1])
    ),
)
SHARE_DIST = st.tuples(st.floats(0.5, 20), st.floats(0.5, 20)).map(
    lambda p: scipy.stats.beta(p[0], p[1])
)
RAMP = st.tuples(FINITE, FINITE, st.sampled_from(["linear", "logistic"])).map(
    lambda p: (sp.linear_ramp if p[2] == "linear" else sp.logistic_ramp)(
        p[0], p[1], "2025-02", "2025-10"
    )
)
RATE_VALUE = st.one_of(forms(COUNT, POSITIVE_DIST), RAMP)
RATES = st.tuples(RATE_VALUE, st.booleans()).map(
    lambda p: sp.per_year(p[0]) if p[1] else sp.per_month(p[0])
)
SHARES = forms(SHARE, SHARE_DIST)
COUNTS = forms(COUNT, POSITIVE_DIST)
#: Initial stocks and one-off deliveries: one value per run, never by month.
AMOUNTS = st.one_of(
    COUNT,
    st.lists(COUNT, min_size=RUNS, max_size=RUNS).map(lambda v: np.asarray(v, dtype=np.float64)),
    POSITIVE_DIST,
)
LAUNCHES = st.one_of(
    RATES,
    RATES.map(sp.constant),
    SHARES.map(sp.share_of_production),
    st.tuples(RATES, COUNTS).map(lambda p: sp.reserve_floor(*p)),
    st.tuples(RATES, st.lists(st.floats(0, 3), min_size=12, max_size=12)).map(
        lambda p: sp.campaign(*p)
    ),
)


@st.composite
def scenarios(draw) -> sp.Scenario:
    names = draw(st.lists(NAMES, min_size=2, max_size=4, unique=True))
    k = draw(st.integers(1, len(names) - 1))
    missiles = [
        sp.Missile(
            name,
            production=draw(RATES),
            utilization=draw(SHARES),
            imports=draw(RATES),
            stock=draw(AMOUNTS),
            launches=draw(LAUNCHES),
            defended=draw(SHARES),
            attrition=draw(st.sampled_from([0.0, 0.01])),
            dispersion=draw(st.sampled_from([np.inf, 2.5, 10])),
        )
        for name in names[:k]
    ]
    interceptors = [
        sp.Interceptor(
            name,
            stock=draw(AMOUNTS),
            deliveries=draw(RATES),
            lead_time=draw(st.integers(0, 3)),
            engages=draw(st.lists(st.sampled_from(names[:k]), min_size=1, unique=True)),
            shots=draw(st.integers(1, 3)),
            pk=draw(SHARES),
            doctrine=draw(st.sampled_from(["salvo", "shoot-look-shoot"])),
            second_shots=draw(st.integers(1, 2)),
        )
        for name in names[k:]
    ]
    month = st.sampled_from(["2025-02", "2025-06", 3])
    events = draw(
        st.lists(
            st.one_of(
                st.builds(sp.Ceasefire, start=month, end=st.sampled_from([None, "2025-12", 11])),
                st.builds(
                    sp.ProductionShock,
                    start=month,
                    months=st.integers(1, 3),
                    factor=SHARES,
                    missile=st.sampled_from([None, names[0]]),
                ),
                st.builds(
                    sp.ImportDelivery, month=month, missile=st.just(names[0]), quantity=AMOUNTS
                ),
            ),
            max_size=3,
        )
    )
    if interceptors:
        events += draw(
            st.lists(
                st.one_of(
                    st.builds(
                        sp.AidPackage,
                        month=month,
                        interceptor=st.just(interceptors[0].name),
                        quantity=AMOUNTS,
                    ),
                    st.builds(
                        sp.DeliveryShock,
                        start=month,
                        months=st.integers(1, 3),
                        factor=SHARES,
                        interceptor=st.sampled_from([None, interceptors[0].name]),
                    ),
                ),
                max_size=2,
            )
        )
    return sp.Scenario(
        name=draw(st.text(max_size=20)),
        description=draw(st.text(max_size=40)),
        start="2025-01",
        months=MONTHS,
        missiles=missiles,
        interceptors=interceptors,
        events=events,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_any_scenario_round_trips(scenario):
    text = scenario_to_toml(scenario)
    again = scenario_from_toml(text, "generated.toml")
    assert same(again, scenario)
    assert scenario_to_toml(again) == text


def test_round_trip_runs_the_same(tmp_path):
    scenario = sp.presets.load("russia-ukraine-2025").with_params(
        {
            "patriot.pk": scipy.stats.beta(8, 8),
            "patriot.deliveries": sp.per_year(scipy.stats.uniform(60, 120)),
        }
    )
    path = tmp_path / "scenario.toml"
    config.write_scenario(scenario, path)
    again = config.read_scenario(path)
    a = sp.simulate(scenario, runs=50, seed=4)
    b = sp.simulate(again, runs=50, seed=4)
    for name in ("patriot", "lower_layers"):
        np.testing.assert_array_equal(
            a.get("interceptor_stock", name), b.get("interceptor_stock", name)
        )


def test_written_file_is_readable_toml_with_units():
    text = scenario_to_toml(sp.presets.load("russia-ukraine-2025", point=True))
    data = tomllib.loads(text)
    assert data["missiles"][1]["production"] == {"per_year": 700}
    assert data["interceptors"][0]["engages"] == ["ballistic"]
    assert "stock = 600  # [missiles]" in text
    assert "deliveries = { per_year = 100.0 }" in text


def test_preset_with_overrides():
    text = """
    preset = "russia-ukraine-2025"
    months = 24
    name = "more patriots"

    [set]
    "patriot.pk" = 0.6
    "patriot.deliveries" = { per_year = { dist = "uniform", loc = 60, scale = 120 } }
    "ballistic.launches" = { policy = "reserve_floor", rate = { per_year = 611 }, floor = 200 }
    """
    scenario = scenario_from_toml(text)
    assert scenario.months == 24 and scenario.name == "more patriots"
    patriot = scenario.interceptors[0]
    assert patriot.pk == 0.6
    assert patriot.deliveries.per == "year"
    assert patriot.deliveries.value.dist.name == "uniform"
    assert scenario.missiles[1].launches == sp.reserve_floor(sp.per_year(611), 200)


def test_series_and_ramp_values():
    text = """
    start = "2025-01"
    months = 3
    [[missiles]]
    name = "m"
    production = { per_month = { series = { "2025-01" = 10, "2025-02" = 20, "2025-03" = 30 } } }
    launches = { per_year = { ramp = "linear", low = 0, high = 120, start = "2025-01",
                 end = "2025-03" } }
    """.replace("\n                 end", " end")
    scenario = scenario_from_toml(text)
    production = scenario.missiles[0].production.value
    assert list(production) == [10.0, 20.0, 30.0]
    result = sp.simulate(scenario)
    np.testing.assert_allclose(result.get("production")[0], [10, 20, 30])
    np.testing.assert_allclose(result.get("launches")[0], [0, 5, 10])


# ----------------------------------------------------------------------------- errors

BASE = 'start = "2025-01"\nmonths = 12\n[[missiles]]\nname = "ballistic"\n'

ERRORS = {
    "bare rate": (
        BASE + "production = 700\n",
        "'missiles[ballistic].production' key must be a rate with its unit",
    ),
    "unknown unit": (
        BASE + "production = { per_week = 700 }\n",
        "'missiles[ballistic].production' key must be a rate",
    ),
    "unknown key": (
        BASE + "prodution = { per_year = 700 }\n",
        "unknown key 'missiles[ballistic].prodution'. Valid keys: aim, attrition",
    ),
    "rate for a count": (
        BASE + "stock = { per_year = 700 }\n",
        "'missiles[ballistic].stock' key must be a plain value",
    ),
    "string value": (BASE + 'stock = "many"\n', "'missiles[ballistic].stock' key must be"),
    "bad TOML": (BASE + "[[missiles]\n", "not valid TOML"),
    "bad policy": (
        BASE + 'launches = { policy = "salvo", rate = { per_year = 1 } }\n',
        "'missiles[ballistic].launches.policy' key must be one of",
    ),
    "policy param": (
        BASE + 'launches = { policy = "reserve_floor", rate = { per_year = 1 } }\n',
        "policy 'reserve_floor' needs ['floor', 'rate']; missing ['floor']",
    ),
    "bad dist": (
        BASE + 'stock = { dist = "normal", loc = 1 }\n',
        "'missiles[ballistic].stock.dist' key must be the name of a scipy.stats",
    ),
    "dist shapes": (
        BASE + 'stock = { dist = "gamma", loc = 1 }\n',
        "needs its shape parameters ['a']; missing ['a']",
    ),
    "dist key": (
        BASE + 'stock = { dist = "uniform", low = 1 }\n',
        "unknown key 'missiles[ballistic].stock.low'. Valid keys: loc, scale",
    ),
    "probability": (
        BASE + "defended = 1.5\n",
        "'ballistic.defended' parameter must be a probability in [0, 1]",
    ),
    "missing key": ('start = "2025-01"\n[[missiles]]\nname = "m"\n', "'months' key is missing"),
    "bad event": (BASE + '[[events]]\ntype = "truce"\n', "'events[1].type' key must be one of"),
    "top key": ("runs = 3\n" + BASE, "unknown key 'runs'"),
    "engages": (
        BASE + '[[interceptors]]\nname = "p"\npk = 0.5\nengages = "ballistic"\n',
        "'interceptors[p].engages' key must be a list of names",
    ),
    "preset": ('preset = "nope"\n', "'preset' key must be one of"),
    "preset path": (
        'preset = "russia-ukraine-2025"\n[set]\n"patriot.kp" = 1\n',
        "Unknown parameter path 'patriot.kp'",
    ),
    "preset unit": (
        'preset = "russia-ukraine-2025"\n[set]\n"patriot.deliveries" = 90\n',
        "'set.patriot.deliveries' key must be a rate with its unit",
    ),
}


@pytest.mark.parametrize("case", ERRORS)
def test_errors_are_one_line_naming_file_and_key(case, tmp_path):
    text, expected = ERRORS[case]
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        config.read_scenario(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert expected in message, message
    assert "\n" not in message


def test_missing_file():
    with pytest.raises(ConfigError, match=r"nope\.toml: no such file"):
        config.read_scenario("nope.toml")


def test_cannot_write_sampler_bounds_or_objects():
    scenario = sp.Scenario(
        start="2025-01", months=2, missiles=[sp.Missile("m", production=sp.per_year((1, 2)))]
    )
    with pytest.raises(ConfigError, match=r"cannot write 'm.production'.*\[bounds\]"):
        scenario_to_toml(scenario)
    scenario = sp.Scenario(start="2025-01", months=2, missiles=[sp.Missile("m", stock=object())])
    with pytest.raises(ConfigError, match=r"cannot write 'm\.stock'"):
        scenario_to_toml(scenario)


# ----------------------------------------------------------------------------- sweeps


def test_sweep_file(tmp_path):
    (tmp_path / "base.toml").write_text(scenario_to_toml(sp.presets.load("article-2024")))
    path = tmp_path / "sweep.toml"
    path.write_text("""
    scenario = "base.toml"
    method = "grid"
    levels = 3
    seed = 2
    metrics = ["final_missile_stock"]

    [bounds]
    "missiles.production" = { per_year = [2000, 3000] }
    "missiles.stock" = { integers = [0, 10] }
    "missiles.defended" = { choice = [0.5, 1.0] }
    "missiles.attrition" = { dist = "uniform", loc = 0, scale = 0.01 }
    """)
    spec = config.read_sweep(path)
    assert same(spec.scenario, sp.presets.load("article-2024"))
    assert spec.method == "grid" and spec.levels == 3 and spec.seed == 2
    assert spec.bounds["missiles.production"] == sp.per_year((2000, 3000))
    assert spec.metrics == ["final_missile_stock"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('scenario = "russia-ukraine-2025"\n', "'bounds' key is missing"),
        ('scenario = "nope"\n[bounds]\n"patriot.pk" = [0, 1]\n', "'scenario' key must be"),
        (
            'scenario = "russia-ukraine-2025"\nmethod = "mc"\n[bounds]\n"patriot.pk" = [0, 1]\n',
            "'method' key must be one of",
        ),
        (
            'scenario = "russia-ukraine-2025"\n[bounds]\n"patriot.pk" = [0, 1, 2]\n',
            "'bounds.patriot.pk' key must be [low, high]",
        ),
        (
            'scenario = "russia-ukraine-2025"\n[bounds]\n"patriot.pk" = { between = [0, 1] }\n',
            "'bounds.patriot.pk' key must be [low, high], { choice",
        ),
        (
            'scenario = "russia-ukraine-2025"\nsamples = "many"\n[bounds]\n"patriot.pk" = [0, 1]\n',
            "'samples' key must be a whole number",
        ),
        (  # item 1: a bare range on a rate
            'scenario = "russia-ukraine-2025"\n[bounds]\n"patriot.deliveries" = [0, 80]\n',
            "'bounds.patriot.deliveries' key must be a range with its unit, such as "
            "{ per_month = [0, 80] } or { per_year = [0, 960] } (a rate is never a bare "
            "number). Got [0, 80] instead.",
        ),
        (
            'scenario = "russia-ukraine-2025"\n[bounds]\n'
            '"patriot.deliveries" = { choice = [10, 20] }\n',
            "'bounds.patriot.deliveries' key must be a range with its unit",
        ),
        (
            'scenario = "russia-ukraine-2025"\n[bounds]\n"patriot.pk" = { per_year = [0, 1] }\n',
            "'bounds.patriot.pk' key must be a range without a unit (it is not a rate)",
        ),
        (  # item 17: a grid's levels are honoured, samples refused
            'scenario = "russia-ukraine-2025"\nmethod = "grid"\nsamples = 3\n'
            '[bounds]\n"patriot.pk" = [0, 1]\n',
            "'samples' key must be absent for method = \"grid\"",
        ),
        (
            'scenario = "russia-ukraine-2025"\nlevels = 3\n[bounds]\n"patriot.pk" = [0, 1]\n',
            "'levels' key must be absent for method = 'lhs' (levels make a grid; give samples)",
        ),
        (
            'scenario = "russia-ukraine-2025"\nmethod = "grid"\nlevels = { "patriot.kp" = 3 }\n'
            '[bounds]\n"patriot.pk" = [0, 1]\n',
            "'levels.patriot.kp' key must be a path of [bounds]",
        ),
        (
            'scenario = "russia-ukraine-2025"\nmethod = "sobol"\nsamples = 100\n'
            '[bounds]\n"patriot.pk" = [0, 1]\n',
            "'samples' key must be a power of two for method = \"sobol\", such as 64 or 128",
        ),
        (
            'scenario = "russia-ukraine-2025"\n[bounds]\n'
            '"patriot.deliveries" = { per_month = [80, 0] }\n',
            "[bounds]: The 'patriot.deliveries' parameter must be bounds (low, high) with low",
        ),
        (  # item 8: runs per point is not a thing
            'scenario = "russia-ukraine-2025"\nruns = 10\n[bounds]\n"patriot.pk" = [0, 1]\n',
            "unknown key 'runs': a sweep simulates one run per point",
        ),
        (  # item 16: metrics checked when the file is read
            'scenario = "russia-ukraine-2025"\nmetrics = ["depletion_mnth"]\n'
            '[bounds]\n"patriot.pk" = [0, 1]\n',
            "The 'metrics' parameter must be metric names from",
        ),
        (
            'scenario = "russia-ukraine-2025"\nmetrics = ["missile_stock@2031-01"]\n'
            '[bounds]\n"patriot.pk" = [0, 1]\n',
            "a month within the horizon 2025-01 to 2027-12",
        ),
        (
            'scenario = "russia-ukraine-2025"\n[bounds]\n"patriot.kp" = [0, 1]\n',
            "[bounds]: Unknown parameter path 'patriot.kp'",
        ),
    ],
)
def test_sweep_file_errors(text, expected, tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(expected)):
        config.read_sweep(path)


def test_a_grids_levels_are_honoured(tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text(
        'scenario = "russia-ukraine-2025"\nmethod = "grid"\nlevels = 3\n[bounds]\n'
        '"patriot.pk" = [0.3, 0.9]\n"ballistic.defended" = [0.2, 0.8]\n'
    )
    assert config.read_sweep(path).levels == 3
    path.write_text(path.read_text().replace("levels = 3", 'levels = { "patriot.pk" = 4 }'))
    assert config.read_sweep(path).levels == {"patriot.pk": 4}


# ----------------------------------------------------------------------------- hostile files
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        config.read_scenario(fifo)  # would block forever if it were opened for reading


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it():
    with pytest.raises(ConfigError, match="/dev/zero: not a regular file"):
        config.read_scenario("/dev/zero")


def test_a_folder_and_a_huge_file_are_refused(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="is a folder, not a TOML file"):
        config.read_scenario(tmp_path)
    from stockpile.config import _toml

    monkeypatch.setattr(_toml, "MAX_BYTES", 100)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 200)
    with pytest.raises(ConfigError, match=r"big\.toml: larger than"):
        config.read_scenario(big)


@pytest.mark.parametrize("depth", [33, 5_000])
def test_nesting_is_capped(tmp_path, depth):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(ConfigError, match="nested more than 32 deep"):
        config.read_scenario(path)
    path.write_text("a = " + "{ b = " * depth + "1" + " }" * depth + "\n")
    with pytest.raises(ConfigError, match="nested more than 32 deep"):
        config.read_scenario(path)


def test_notes_are_written_above_their_keys_and_read_back_as_nothing():
    scenario = sp.presets.load("russia-ukraine-2025", point=True)  # numbers compare equal
    notes = {
        "ballistic.production": "Iskander-M output ~700/yr (RUSI)",
        "ballistic.launches.rate": "the 2024 pace",
        "cruise.imports": "none known",  # a default: no key in the file, so in the header
    }
    text = scenario_to_toml(scenario, notes)
    lines = text.splitlines()
    at = lines.index("production = { per_year = 700 }")
    assert lines[at - 1] == "# Iskander-M output ~700/yr (RUSI)"
    assert lines[lines.index("launches = { per_month = 32.94 }") - 1] == "# the 2024 pace"
    assert "# cruise.imports: none known" in lines[:5]
    assert scenario_from_toml(text) == scenario
