"""Tests of stockpile.data's counts by target (Kyiv apart), on a hand-made fixture and on the
shipped table; nothing here reads the shared data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import stockpile.data as spd
from stockpile.data import build
from stockpile.data.targets import read_targets
from stockpile.errors import StockpileError

DATA = Path(__file__).parent / "data"
TARGETS = DATA / "attacks_targets.csv"


def test_names_place_is_a_whole_word() -> None:
    target = pd.Series(["Kyiv", "Kyiv oblast and Sumy oblast", "Ukraine", "", None, "Kyivska"])
    assert spd.names_place(target, "Kyiv").tolist() == [True, True, False, False, False, False]
    with pytest.raises(StockpileError, match="'place' parameter"):
        spd.names_place(target, " ")


def test_by_target_counts_the_rows_naming_kyiv_apart() -> None:
    record = spd.read_attacks(TARGETS)  # the PvKPivden row is not a national report
    table = spd.by_target(record)
    assert table.columns.names == ["measure", "class", "target"]
    feb, mar = table.loc["2025-02"], table.loc["2025-03"]
    assert feb["launched", "ballistic", "kyiv"] == 5 and feb["destroyed", "ballistic", "kyiv"] == 5
    assert feb["launched", "ballistic", "rest"] == 8 and feb["destroyed", "ballistic", "rest"] == 1
    assert feb["launched", "cruise", "kyiv"] == 10 and feb["launched", "cruise", "rest"] == 20
    # "Kyivska hromada" does not name Kyiv; a merged row's share goes to each class
    assert mar["launched", "ballistic", "rest"] == 2
    assert mar["launched", "ballistic", "kyiv"] == 2 and mar["destroyed", "s300_s400", "kyiv"] == 1
    # kyiv + rest is the monthly table of every missile class
    whole = spd.monthly(record)
    for measure in ("launched", "destroyed"):
        for cls in ("cruise", "ballistic", "s300_s400", "other_missile"):
            summed = table[measure, cls, "kyiv"] + table[measure, cls, "rest"]
            np.testing.assert_allclose(summed, whole[measure, cls])


def test_by_target_needs_the_target_column() -> None:
    record = spd.read_attacks(TARGETS).drop(columns="target")
    with pytest.raises(StockpileError, match="'target' column"):
        spd.by_target(record)


def test_reader_without_a_target_column_gives_empty_targets(tmp_path: Path) -> None:
    raw = pd.read_csv(TARGETS, dtype=str).drop(columns="target")
    raw.to_csv(tmp_path / "no_target.csv", index=False)
    assert (spd.read_attacks(tmp_path / "no_target.csv")["target"] == "").all()


def test_shipped_table_adds_up_to_observed_monthly_and_kyiv_is_defended_first() -> None:
    table, whole = spd.observed_by_target(), spd.observed_monthly()
    assert table.index.equals(whole.index)
    for cls in ("cruise", "ballistic", "s300_s400", "other_missile"):
        summed = table["launched", cls, "kyiv"] + table["launched", cls, "rest"]
        np.testing.assert_allclose(summed, whole["launched", cls], atol=0.01)
    window = table.loc["2024-01":"2025-06"].sum()
    share = {
        key: window["destroyed", "ballistic", key] / window["launched", "ballistic", key]
        for key in ("kyiv", "rest")
    }
    assert share["kyiv"] == pytest.approx(28 / 49, abs=0.01)  # SOURCES: far more often at Kyiv
    assert share["rest"] == pytest.approx(0.165, abs=0.01)


def test_build_writes_the_targets_table_beside_the_monthly_one(tmp_path: Path) -> None:
    shutil.copy(TARGETS, tmp_path / build.DAILY)
    shutil.copy(DATA / "missiles_and_uavs_small.csv", tmp_path / build.CATALOGUE)
    assert build.main([str(tmp_path), "--out", str(tmp_path / "monthly.csv")]) == 0
    written = read_targets(tmp_path / spd.targets.TARGETS_FILE)
    pd.testing.assert_frame_equal(written, spd.by_target(spd.read_attacks(TARGETS)), atol=1e-3)
    assert written.columns.equals(spd.observed_by_target().columns)
