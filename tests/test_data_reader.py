"""Tests of stockpile.data: reading the daily attack record, monthly totals, shipped aggregates.

Fixtures are small hand-made files in tests/data/ in the published schema; nothing here reads
the shared data folder.
"""

from __future__ import annotations

import io
import os
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import stockpile.data as spd
from stockpile.data import build
from stockpile.data.shipped import read_monthly, write_monthly
from stockpile.errors import StockpileError

DATA = Path(__file__).parent / "data"
SMALL = DATA / "attacks_small.csv"
UNKNOWN = DATA / "attacks_unknown.csv"

# Every model string of the published catalogue (missiles_and_uavs.csv, 64 entries) and the
# model strings of the daily file that the catalogue lacks.
PUBLISHED_MODELS = [
    "Eleron", "Forpost", "Granat-4", "Kub", "Lancet", "Merlin-VR", "Mohajer-6", "Orion",
    "Orlan-10", "Orlan-10 and Orlan-30 and ZALA and Supercam", "Orlan-10 and Supercam",
    "Orlan-10 and ZALA", "Orlan-10 and ZALA and Supercam", "Orlan-30", "Reconnaissance UAV",
    "Shahed-136/131", "Shahed-136/131 and Lancet", "Supercam", "Unknown UAV", "ZALA", "Молнія",
    "Молнія and Lancet", "Ballistic Missile", "Intercontinental Ballistic Missile",
    "Iskander-M", "Iskander-M/KN-23", "KN-23", "X-47 Kinzhal", "X-47 Kinzhal and Iskander-M",
    "3M22 Zircon", "Banderol", "Iskander-K", "Iskander-K and Kalibr", "Kalibr", "P-800 Oniks",
    "Unknown Missile", "X-101/X-555", "X-101/X-555 and Iskander-K", "X-101/X-555 and Kalibr",
    "X-101/X-555 and Kalibr and Iskander-K", "X-101/X-555 and Kalibr and Iskander-K and X-59",
    "X-101/X-555 and Kalibr and X-22", "X-101/X-555 and Kalibr and X-59/X-69", "X-22",
    "X-22 and X-31P", "X-22 and X-32", "X-31", "X-31P", "X-31PD", "X-32", "X-35",
    "X-47 Kinzhal and Iskander-M/KN-23", "X-59", "X-59 and X-35", "X-59/X-69", "X-59MK2", "X-69",
    "GBU", "C-300 and Iskander-M", "C-300/C-400 and Iskander-M", "C-400 and Iskander-M", "C-300",
    "C-300/C-400", "C-400",
    # daily file only
    "X-101/X-555 and Kalibr and Iskander-M/KN-23", "Фенікс", "Aerial Bomb",
    "Iskander-M and Iskander-K", "Картограф", "Привет-82",
]  # fmt: skip


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return spd.read_attacks(SMALL)


# --- classification -------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "cls"), sorted(spd.MODEL_CLASSES.items()))
def test_every_dict_model_classifies(model: str, cls: str) -> None:
    assert cls in spd.CLASSES and cls != "unknown"
    assert spd.classify_model(model) == (cls,)
    assert spd.classify_model(f"  {model.upper()} ") == (cls,)  # case and spaces ignored


@pytest.mark.parametrize("model", PUBLISHED_MODELS)
def test_every_published_model_string_classifies(model: str) -> None:
    classes = spd.classify_model(model)
    assert len(classes) == model.count(" and ") + 1
    assert "unknown" not in classes


@pytest.mark.parametrize(
    ("model", "classes"),
    [
        ("Iskander-M/KN-23", ("ballistic",)),
        ("X-47 Kinzhal", ("ballistic",)),
        ("KN-23", ("ballistic",)),
        ("Iskander-K", ("cruise",)),
        ("X-101/X-555", ("cruise",)),
        ("X-59/X-69", ("cruise",)),
        ("C-300/C-400", ("s300_s400",)),
        ("Unknown Missile", ("other_missile",)),
        ("Shahed-136/131", ("drone",)),
        ("GBU", ("bomb",)),
        ("C-300/C-400 and Iskander-M", ("s300_s400", "ballistic")),
        ("Iskander-M and Iskander-K", ("ballistic", "cruise")),
        ("Foo-9", ("unknown",)),
        ("Kalibr and Foo-9", ("cruise", "unknown")),
    ],
)
def test_classes_of_key_models(model: str, classes: tuple[str, ...]) -> None:
    assert spd.classify_model(model) == classes


def test_missile_classes_and_exports() -> None:
    assert {"cruise", "ballistic", "s300_s400", "other_missile", "mixed"} == spd.MISSILE_CLASSES
    assert set(spd.__all__) >= {"read_attacks", "monthly", "observed_monthly", "CLASSES"}
    assert all(hasattr(spd, name) for name in spd.__all__)
    assert isinstance(spd.MODEL_CLASSES, dict) and len(spd.MODEL_CLASSES) == 47


# --- reading --------------------------------------------------------------------------------


def test_record_layout_and_types(small: pd.DataFrame) -> None:
    assert list(small.columns) == [
        "row", "time_start", "time_end", "month", "model", "class", "share", "missile",
        "launched", "destroyed", "source", "national", "target",
    ]  # fmt: skip
    assert pd.api.types.is_datetime64_any_dtype(small["time_start"])
    assert pd.api.types.is_datetime64_any_dtype(small["time_end"])
    assert isinstance(small["month"].dtype, pd.PeriodDtype)
    assert isinstance(small["class"].dtype, pd.CategoricalDtype)
    assert list(small["class"].cat.categories) == list(spd.CLASSES)
    assert small["launched"].dtype == float and small["destroyed"].dtype == float
    assert small["row"].is_monotonic_increasing
    assert small["national"].all()  # the default keeps national-level reports only


def test_times_parsed_date_only_and_short_hours(small: pd.DataFrame) -> None:
    first = small.groupby("row").first()
    assert first.loc[0, "time_start"] == pd.Timestamp("2024-04-11 00:00")  # date only
    assert first.loc[5, "time_start"] == pd.Timestamp("2024-02-03 03:30")  # "3:30"
    every = spd.read_attacks(SMALL, sources="all").groupby("row").first()
    assert every.loc[4, "time_end"] == pd.Timestamp("2024-02-03")  # "2024-02-03 " (space)


def test_window_belongs_to_month_it_starts(small: pd.DataFrame) -> None:
    night = small[small["time_start"] == pd.Timestamp("2024-01-31 21:00")]
    assert len(night) == 3
    assert (night["time_end"] == pd.Timestamp("2024-02-01 09:00")).all()
    assert (night["month"] == pd.Period("2024-01", "M")).all()
    table = spd.monthly(small)
    assert table.loc["2024-01", ("launched", "drone")] == 40
    assert table.loc["2024-01", ("launched", "total")] == 23  # 20 cruise + 3 ballistic
    assert table.loc["2024-02", ("launched", "drone")] == 0


def test_missing_counts_kept_as_nan_and_add_nothing(small: pd.DataFrame) -> None:
    merged_row = small[small["row"] == 5]  # and Kalibr and Iskander-M/KN-23
    assert merged_row["destroyed"].isna().all()
    assert merged_row["launched"].sum() == pytest.approx(9)
    assert small.loc[small["row"] == 0, "launched"].isna().all()  # C-300 without a count
    table = spd.monthly(small)
    assert not table.isna().any().any()
    assert table.loc["2024-02", ("destroyed", "total")] == 0
    assert table.loc["2024-04", ("launched", "s300_s400")] == 0


@pytest.mark.parametrize(
    ("merged", "expected"),
    [
        ("split", {"cruise": 6, "ballistic": 9, "s300_s400": 6}),
        ("first", {"cruise": 9, "ballistic": 0, "s300_s400": 12}),
        ("mixed", {"cruise": 0, "ballistic": 0, "s300_s400": 0, "mixed": 21}),
    ],
)
def test_merged_rules(merged: str, expected: dict[str, float]) -> None:
    table = spd.monthly(spd.read_attacks(SMALL, merged=merged))  # type: ignore[arg-type]
    february = table.loc["2024-02", "launched"]
    for cls, value in expected.items():
        assert february[cls] == pytest.approx(value), cls
    assert february["total"] == pytest.approx(21)  # the same under every rule
    assert ("launched", "mixed") in table.columns if merged == "mixed" else True
    # rows whose models share a class are not affected by the rule
    assert table.loc["2024-01", ("launched", "cruise")] == 20


def test_split_shares_sum_to_one(small: pd.DataFrame) -> None:
    shares = small.groupby("row")["share"].sum()
    np.testing.assert_allclose(shares, 1.0)
    row5 = small[small["row"] == 5]
    assert dict(zip(row5["class"].astype(str), row5["share"], strict=True)) == pytest.approx(
        {"cruise": 2 / 3, "ballistic": 1 / 3}
    )


def test_sources_national_all_and_custom() -> None:
    national = spd.read_attacks(SMALL)
    every = spd.read_attacks(SMALL, sources="all")
    air_force = spd.read_attacks(SMALL, sources={"KPSZSU"})
    assert set(national["source"]) == {
        "kpszsu/posts/pfbidA", "kpszsu/posts/pfbidB", "https://t.me/kpszsu/123",
        "kpszsu/posts/pfbidE", "kpszsu/posts/pfbidF", "GeneralStaff.ua/posts/pfbidG",
    }  # fmt: skip
    assert set(every["row"]) == set(range(12))
    assert not every.loc[every["source"].str.startswith("PvKPivden"), "national"].any()
    assert "GeneralStaff.ua/posts/pfbidG" not in set(air_force["source"])
    assert "https://t.me/kpszsu/123" in set(air_force["source"])
    n, a = spd.monthly(national), spd.monthly(every)
    assert n.loc["2024-02", ("launched", "ballistic")] == pytest.approx(9)
    assert a.loc["2024-02", ("launched", "ballistic")] == pytest.approx(11)  # + regional 2
    assert a.loc["2023-03", ("launched", "cruise")] == 6  # the war_monitor post
    assert n.loc["2023-03", ("launched", "cruise")] == 0


def test_unknown_models_warned_and_kept() -> None:
    with pytest.warns(spd.UnknownModelWarning, match="Foo-9") as caught:
        record = spd.read_attacks(UNKNOWN)
    assert "'Kalibr and Foo-9'" in str(caught[0].message)
    table = spd.monthly(record)
    assert table.loc["2024-05", ("launched", "unknown")] == 4  # 2 + half of 4
    assert table.loc["2024-05", ("launched", "cruise")] == 2
    assert table.loc["2024-05", ("launched", "total")] == 2  # unknown is in no total
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        known = spd.read_attacks(UNKNOWN, models={"Foo-9": "ballistic"})
    assert spd.monthly(known).loc["2024-05", ("launched", "total")] == 6


def test_file_like_input() -> None:
    from_text = spd.read_attacks(io.StringIO(SMALL.read_text(encoding="utf-8")))
    pd.testing.assert_frame_equal(from_text, spd.read_attacks(SMALL))


def test_missing_columns_named() -> None:
    with pytest.raises(StockpileError, match=r"Missing columns: launched, source\.") as info:
        spd.read_attacks(DATA / "attacks_missing_columns.csv")
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith("The 'file' parameter must be")


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("40.0,30.0", "many,30.0", r"file\['launched'\].*row 9: 'many'"),
        ("40.0,30.0", "40.0,-1", r"file\['destroyed'\].*row 9"),
        ("2024-04-10 19:00,2024-04-11 08:00,GBU", "yesterday,2024-04-11,GBU", "time_start"),
    ],
)
def test_bad_values_rejected(tmp_path: Path, old: str, new: str, match: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(SMALL.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(StockpileError, match=match):
        spd.read_attacks(bad)


def test_bad_arguments_and_files(tmp_path: Path) -> None:
    with pytest.raises(StockpileError, match="'merged'"):
        spd.read_attacks(SMALL, merged="even")  # type: ignore[arg-type]
    with pytest.raises(StockpileError, match="'sources'"):
        spd.read_attacks(SMALL, sources="regional")  # type: ignore[arg-type]
    with pytest.raises(StockpileError, match=r"models\['X'\]"):
        spd.read_attacks(SMALL, models={"X": "rocket"})
    with pytest.raises(StockpileError, match="existing CSV"):
        spd.read_attacks(tmp_path / "nowhere.csv")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(StockpileError, match="'file'"):
        spd.read_attacks(tmp_path / "empty.csv")
    with pytest.raises(StockpileError, match="'record'"):
        spd.monthly(pd.DataFrame({"month": []}))


# --- monthly --------------------------------------------------------------------------------


def test_monthly_layout(small: pd.DataFrame) -> None:
    table = spd.monthly(small)
    assert isinstance(table.index, pd.PeriodIndex) and table.index.freqstr == "M"
    assert table.index.name == "month"
    assert list(table.index.astype(str)) == [
        str(p) for p in pd.period_range("2023-03", "2024-04", freq="M")
    ]
    assert table.columns.names == ["measure", "class"]
    assert list(table.columns.get_level_values(0).unique()) == ["launched", "destroyed"]
    assert list(table["launched"].columns) == [*spd.CLASSES, "total"]
    assert (table.loc["2023-04":"2023-12"] == 0).all().all()  # unreported months are zeros
    assert table.loc["2023-03", ("launched", "ballistic")] == 6
    assert table["launched", "ballistic"].equals(table["launched"]["ballistic"])
    for measure in ("launched", "destroyed"):
        missiles = table[measure][["cruise", "ballistic", "s300_s400", "other_missile"]]
        np.testing.assert_allclose(table[measure]["total"], missiles.sum(axis=1))
    assert table.loc["2024-04", "launched"][["bomb", "other_missile", "total"]].tolist() == [
        4,
        1,
        1,
    ]


def test_monthly_start_end_and_empty(small: pd.DataFrame) -> None:
    table = spd.monthly(small, start="2024-01", end="2024-06")
    assert list(table.index.astype(str)) == [f"2024-0{m}" for m in range(1, 7)]
    assert table.loc["2024-06"].sum() == 0
    assert table.loc["2024-01", ("launched", "total")] == 23
    empty = spd.monthly(spd.read_attacks(SMALL, sources={"nobody"}))
    assert len(empty) == 0 and empty.columns.equals(table.columns)


# --- shipped aggregates -------------------------------------------------------------------


def test_observed_monthly_layout_and_2024_total(small: pd.DataFrame) -> None:
    shipped = spd.observed_monthly()
    assert shipped.columns.equals(spd.monthly(small).columns)
    assert isinstance(shipped.index, pd.PeriodIndex) and shipped.index.name == "month"
    expected = pd.period_range("2022-09", "2025-06", freq="M", name="month")
    assert shipped.index.equals(expected)
    assert (shipped >= 0).all().all()
    assert (shipped["destroyed"] <= shipped["launched"] + 1e-9).all().all()
    missiles = shipped["launched"][["cruise", "ballistic", "s300_s400", "other_missile"]]
    np.testing.assert_allclose(shipped["launched"]["total"], missiles.sum(axis=1), atol=0.01)
    total_2024 = shipped.loc["2024", ("launched", "total")].sum()
    assert 1_900 <= total_2024 <= 2_100  # MODEL.md: about 1,999; press figure 2,061
    assert shipped["launched"]["unknown"].sum() == 0
    assert spd.observed_monthly() is not shipped  # a new frame each call


def test_write_read_roundtrip_matches_monthly(tmp_path: Path, small: pd.DataFrame) -> None:
    table = spd.monthly(spd.read_attacks(SMALL, sources="all"))
    out = tmp_path / "monthly.csv"
    write_monthly(table, out, "test table")
    text = out.read_text(encoding="utf-8")
    assert "kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine" in text
    assert "# test table" in text
    pd.testing.assert_frame_equal(read_monthly(out), table, atol=1e-3)


def test_build_script_on_fixtures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SMALL, tmp_path / build.DAILY)
    shutil.copy(DATA / "missiles_and_uavs_small.csv", tmp_path / build.CATALOGUE)
    out = tmp_path / "observed_monthly.csv"
    assert build.main([str(tmp_path), "--out", str(out)]) == 0
    assert "Launched missiles per year" in capsys.readouterr().out
    rebuilt = read_monthly(out)
    pd.testing.assert_frame_equal(rebuilt, spd.monthly(spd.read_attacks(SMALL)), atol=1e-3)
    assert rebuilt.columns.equals(spd.observed_monthly().columns)


def test_build_script_rejects_unknown_models(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(UNKNOWN, tmp_path / build.DAILY)
    shutil.copy(DATA / "missiles_and_uavs_small.csv", tmp_path / build.CATALOGUE)
    assert build.main([str(tmp_path), "--out", str(tmp_path / "x.csv")]) == 1
    assert "Foo-9" in capsys.readouterr().err
    catalogue = tmp_path / build.CATALOGUE
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "Bar-1,UAV\n", encoding="utf-8")
    shutil.copy(SMALL, tmp_path / build.DAILY)
    assert build.main([str(tmp_path), "--out", str(tmp_path / "x.csv")]) == 1
    assert "Bar-1" in capsys.readouterr().err


# --- hostile input: one message shape, nothing hangs ----------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("40.0,30.0", "inf,30.0", r"file\['launched'\].*finite count.*row 9: 'inf'"),
        (
            "2024-04-10 19:00,2024-04-11 08:00,GBU",
            "2024-04-10 19:00,2024-04-09 08:00,GBU",
            r"file\['time_end'\].*at or after time_start.*'2024-04-10 19:00 to 2024-04-09 08:00'",
        ),
        (
            "2024-04-10 19:00,2024-04-11 08:00,GBU",
            "2024-04-10 19:00+03:00,2024-04-11 08:00+02:00,GBU",
            r"file\['time_start'\].*without a time zone.*row 3: '2024-04-10 19:00\+03:00'",
        ),
        ("2024-04-11,2024-04-11 08:00,C-300", "2024-13-11,2024-04-11 08:00,C-300", "time_start"),
    ],
)
def test_bad_windows_counts_and_zones_rejected(old: str, new: str, match: str) -> None:
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(StockpileError, match=match):
        spd.read_attacks(io.StringIO(text.replace(old, new)))


def test_a_date_only_end_on_the_start_day_is_no_window_ending_before_it(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("2024-02-03,2024-02-03 ,", "2024-02-03 10:00,2024-02-03,")
    assert len(spd.read_attacks(io.StringIO(text), sources="all")) == len(
        spd.read_attacks(SMALL, sources="all")
    )


@pytest.mark.parametrize(
    ("file", "match"),
    [
        (None, "'file' parameter must be a path to a CSV file or an open text file"),
        (3, "'file' parameter must be a path to a CSV file or an open text file"),
        (DATA, "'file' parameter must be a regular CSV file, not a folder"),
    ],
)
def test_files_that_are_no_csv_rejected(file: object, match: str) -> None:
    with pytest.raises(StockpileError, match=match):
        spd.read_attacks(file)  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_without_writer_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "attacks.csv"
    os.mkfifo(fifo)
    with pytest.raises(StockpileError, match="not a pipe, device or socket"):
        spd.read_attacks(fifo)


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"sources": 5}, "'sources' parameter must be 'national', 'all' or a collection"),
        ({"sources": ["kpszsu", 5]}, "'sources' parameter"),
        ({"models": "cruise"}, "'models' parameter must be a mapping of model name to class"),
    ],
)
def test_argument_forms_rejected(arguments: dict[str, object], match: str) -> None:
    with pytest.raises(StockpileError, match=match):
        spd.read_attacks(SMALL, **arguments)  # type: ignore[arg-type]


def test_monthly_months_checked(small: pd.DataFrame) -> None:
    with pytest.raises(StockpileError, match="'start' parameter must be a month such as"):
        spd.monthly(small, start="2025-13")
    with pytest.raises(StockpileError, match=r"'end' parameter must be a month at or after start"):
        spd.monthly(small, start="2025-01", end="2024-01")
    with pytest.raises(StockpileError, match="'record' parameter must be a DataFrame"):
        spd.monthly(None)  # type: ignore[arg-type]
