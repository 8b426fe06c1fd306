"""The ``stockpile`` command: demo, presets, run, sweep; one-line errors, atomic output."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import stockpile as sp
from stockpile import cli, config


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def scenario_file(tmp_path) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text("""
name = "small"
start = "2025-01"
months = 12

[[missiles]]
name = "ballistic"
production = { per_year = 700 }
launches = { per_year = 611 }
stock = 600
defended = 0.5

[[interceptors]]
name = "patriot"
stock = 100
deliveries = { per_year = { dist = "uniform", loc = 60, scale = 120 } }
engages = ["ballistic"]
shots = 2
pk = 0.5
""")
    return path


def test_help_teaches_with_examples(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "stockpile run scenario.toml --runs 1000 --seed 1" in out
    code, out, _ = run(capsys, "run", "--help")
    assert code == 0
    assert "production = { per_year = 700 }" in out and "example:" in out
    code, out, _ = run(capsys, "sweep", "--help")
    assert code == 0 and '"patriot.pk" = [0.3, 0.8]' in out


def test_presets_list_and_sources(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    for name in sp.presets.names():
        assert name in out
    code, out, _ = run(capsys, "presets", "russia-ukraine-2025")
    assert code == 0
    assert "ASSUMPTION" in out and "Lockheed Martin" in out


def test_presets_toml_round_trips(capsys, tmp_path):
    code, out, _ = run(capsys, "presets", "russia-ukraine-2025-ceasefire", "--toml")
    assert code == 0
    path = tmp_path / "preset.toml"
    path.write_text(out)
    again = config.read_scenario(path)  # its ranges are distributions: compare their text
    assert config.scenario_to_toml(again) == config.scenario_to_toml(
        sp.presets.load("russia-ukraine-2025-ceasefire")
    )


@pytest.mark.parametrize("name", sp.presets.names())
def test_presets_toml_keeps_every_source_as_a_comment(capsys, tmp_path, name):
    code, out, _ = run(capsys, "presets", name, "--toml")
    assert code == 0
    comments = " ".join(
        line.lstrip("# ").strip() for line in out.splitlines() if line.startswith("#")
    )
    for figure in sp.presets.sources(name).itertuples():
        assert " ".join(str(figure.source).split()) in comments, figure.path
    for figure in sp.presets.figures(name):  # with its date and grade
        assert f"{figure.when}; {figure.grade})" in comments, figure.path
    path = tmp_path / "preset.toml"
    path.write_text(out)
    again = config.read_scenario(path)  # its ranges are distributions: compare their text
    assert config.scenario_to_toml(again) == config.scenario_to_toml(sp.presets.load(name))


def test_run_writes_tables(capsys, scenario_file, tmp_path):
    out_dir = tmp_path / "results"
    code, out, err = run(
        capsys,
        "run",
        str(scenario_file),
        "--runs",
        "50",
        "--seed",
        "1",
        "--stochastic",
        "--out",
        str(out_dir),
        "--save-scenario",
        "--trajectories",
    )
    assert code == 0, err
    assert "small: 50 stochastic runs, 2025-01 to 2025-12, seed 1" in out
    assert "depletion_month" in out and "months_of_cover" in out
    names = {p.name for p in out_dir.iterdir()}
    assert names == {
        "summary.csv",
        "statistics.csv",
        "quantiles.csv",
        "depletion.csv",
        "trajectories.csv",
        "scenario.toml",
    }
    summary = pd.read_csv(out_dir / "summary.csv")
    assert len(summary) == 50 and "patriot.deliveries" in summary.columns
    assert summary["depletion_month"].dropna().str.match(r"2025-\d\d").all()
    quantiles = pd.read_csv(out_dir / "quantiles.csv")
    assert set(quantiles.columns) == {
        "month",
        "item",
        "variable",
        "mean",
        "q05",
        "q25",
        "q50",
        "q75",
        "q95",
    }
    assert len(quantiles) == 12 * (9 + 6)  # missile, interceptor variables (no areas declared)
    statistics = pd.read_csv(out_dir / "statistics.csv", index_col="metric")
    assert statistics.loc["reserve_growth_per_year", "unit"] == "missiles/year"
    assert config.read_scenario(out_dir / "scenario.toml").name == "small"
    result = sp.simulate(config.read_scenario(scenario_file), runs=50, seed=1, stochastic=True)
    assert summary["final_missile_stock"].tolist() == result.metric("final_missile_stock").tolist()


def test_run_default_runs_and_preset_name(capsys, tmp_path):
    code, out, _ = run(capsys, "run", "article-2024", "--seed", "1", "--out", str(tmp_path / "a"))
    assert code == 0
    assert "1,000 deterministic runs" in out  # the preset's figures are ranges
    statistics = pd.read_csv(tmp_path / "a" / "statistics.csv", index_col="metric")
    # the mean of its triangular ranges: (2,500 + 2,900 + 3,100 − 2,003 − 2,061 − 2,202) / 3
    assert statistics.loc["reserve_growth_per_year", "mean"] == pytest.approx(744.7, abs=15)


def test_run_parquet_and_plots(capsys, scenario_file, tmp_path):
    out_dir = tmp_path / "p"
    code, _, err = run(
        capsys,
        "run",
        str(scenario_file),
        "--runs",
        "20",
        "--seed",
        "3",
        "--format",
        "parquet",
        "--plot",
        "--out",
        str(out_dir),
    )
    assert code == 0, err
    summary = pd.read_parquet(out_dir / "summary.parquet")
    assert len(summary) == 20
    for name in ("stocks.png", "fan.png", "depletion.png"):
        assert (out_dir / name).read_bytes()[:4] == b"\x89PNG"


def test_save_scenario_elsewhere(capsys, scenario_file, tmp_path):
    saved = tmp_path / "kept" / "ran.toml"
    code, out, _ = run(
        capsys,
        "run",
        str(scenario_file),
        "--runs",
        "5",
        "--seed",
        "1",
        "--out",
        str(tmp_path / "r"),
        "--save-scenario",
        str(saved),
    )
    assert code == 0
    written = config.scenario_to_toml(config.read_scenario(saved))
    assert written == config.scenario_to_toml(config.read_scenario(scenario_file))
    assert f"scenario: {saved}" in out


BAD = {
    "rate": ("production = 700", "'missiles[ballistic].production' key must be a rate"),
    "unit": ("production = { per_week = 700 }", "must be a rate with its unit"),
    "key": ("prodution = { per_year = 700 }", "unknown key 'missiles[ballistic].prodution'"),
    "value": ("defended = 1.5", "'ballistic.defended' parameter must be a probability"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_files_fail_on_one_line_with_status_2(case, capsys, scenario_file, tmp_path):
    line, expected = BAD[case]
    text = scenario_file.read_text()
    key = line.split(" = ")[0]
    lines = [row for row in text.splitlines() if not row.startswith(("production", key))]
    lines.insert(lines.index('name = "ballistic"') + 1, line)
    scenario_file.write_text("\n".join(lines))
    out_dir = tmp_path / "never"
    code, out, err = run(capsys, "run", str(scenario_file), "--out", str(out_dir))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"stockpile: error: {scenario_file}: ")
    assert expected in err
    assert "Traceback" not in err and out == ""
    assert not out_dir.exists()


def test_missing_file_and_unknown_preset(capsys, tmp_path):
    code, _, err = run(capsys, "run", str(tmp_path / "nope.toml"))
    assert code == 2 and "nope.toml: no such file" in err
    code, _, err = run(capsys, "run", "no-such-preset")
    assert code == 2 and "not a preset (presets: article-2024" in err
    code, _, err = run(capsys, "presets", "nope")
    assert code == 2 and "'nope' is not a preset" in err


def test_usage_errors_exit_2(capsys):
    code, _, err = run(capsys, "run", "x.toml", "--runs", "0")
    assert code == 2 and "--runs: must be a whole number >= 1" in err
    code, _, err = run(capsys, "run", "x.toml", "--format", "xlsx")
    assert code == 2 and "invalid choice" in err
    code, _, _ = run(capsys)
    assert code == 2


def test_nothing_half_written_on_failure(capsys, monkeypatch, scenario_file, tmp_path):
    out_dir = tmp_path / "results"
    out_dir.mkdir()
    (out_dir / "summary.csv").write_text("old")

    def broken(result, folder):
        (folder / "stocks.png").write_text("partial")
        raise sp.StockpileError("figure failed")

    monkeypatch.setattr(cli, "_figures", broken)
    code, _, err = run(
        capsys,
        "run",
        str(scenario_file),
        "--runs",
        "5",
        "--seed",
        "1",
        "--plot",
        "--out",
        str(out_dir),
    )
    assert code == 2 and "figure failed" in err
    assert [p.name for p in out_dir.iterdir()] == ["summary.csv"]
    assert (out_dir / "summary.csv").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    code, _, err = run(
        capsys, "run", str(scenario_file), "--runs", "5", "--seed", "1", "--out", str(scenario_file)
    )
    assert code == 2 and "--out must be a folder, and this is a file" in err


def test_demo(capsys, tmp_path):
    code, out, err = run(capsys, "demo", "--out", str(tmp_path / "demo"), "--runs", "200")
    assert code == 0, err
    assert out.startswith("russia-ukraine-2025: 200 stochastic runs, 2025-01 to 2027-12, seed 1")
    for metric in (
        "final_missile_stock",
        "reserve_growth_per_year",
        "depletion_month",
        "never_short_share",
    ):
        assert metric in out
    # a calendar month has no mean cell, so its note does not speak of one
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    unit, p05 = rows["depletion_month"].split()[1:3]  # no mean between them
    assert unit == "month" and re.fullmatch(r"20\d\d-\d\d", p05), rows["depletion_month"]
    note = rows["depletion_month:"]
    assert "never (inf) in the quantiles" in note and "mean" not in note, note
    assert (tmp_path / "demo" / "demo.png").read_bytes()[:4] == b"\x89PNG"


def test_sweep(capsys, tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text("""
scenario = "russia-ukraine-2025"
method = "lhs"
samples = 64
seed = 1
metrics = ["months_of_cover", "depletion_month"]

[bounds]
"patriot.deliveries" = { per_year = [60, 400] }
"patriot.pk" = [0.3, 0.8]
""")
    out_dir = tmp_path / "sweep"
    code, out, err = run(capsys, "sweep", str(path), "--out", str(out_dir), "--plot")
    assert code == 0, err
    assert "sweep of 64 points (lhs)" in out
    table = pd.read_csv(out_dir / "sweep.csv")
    assert list(table.columns) == [
        "point",
        "patriot.deliveries [interceptors/year]",
        "patriot.pk [1]",
        "months_of_cover [months]",
        "depletion_month [month]",
    ]
    assert (
        len(table) == 64 and table["patriot.deliveries [interceptors/year]"].between(60, 400).all()
    )
    assert table["depletion_month [month]"].dropna().str.match(r"20\d\d-\d\d").all()
    assert (out_dir / "heatmap.png").exists()


SWEEP = """
scenario = "russia-ukraine-2025"
samples = 200
seed = 1

[bounds]
"patriot.deliveries" = { per_year = [60, 600] }
"ballistic.aim.cities" = [0.1, 0.6]
"""


def test_sweep_summary_counts_the_points_that_never_run_short(capsys, tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text(SWEEP)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy warnings on the terminal
        code, out, err = run(capsys, "sweep", str(path), "--out", str(tmp_path / "s"))
    assert code == 0, err
    table = pd.read_csv(tmp_path / "s" / "sweep.csv")
    months = table["months_to_depletion [months after 2025-01]"]
    never = months.isna().mean()
    assert 0.1 < never < 0.9  # the case of the issue: many points never run short
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert lines["never_short_share"] == ["share", f"{never:.0%}"]
    censored = months.fillna(36)
    assert lines["months_to_depletion"][3] == f"≥{censored.mean():.2f}"  # a lower bound
    assert lines["months_to_depletion"][-1] == "never"  # p95: never short
    assert "counted as 36 (the horizon) in the mean" in out
    assert "nan" not in out.lower().replace("undefined (nan)", "")
    cover = lines["months_of_cover"]
    assert cover[1] == "inf" and "infinite in" in out  # no NaN quantiles


def test_sweep_grid_levels_give_the_rows_asked_for(capsys, tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text(SWEEP.replace("samples = 200", 'method = "grid"\nlevels = 3'))
    code, out, err = run(capsys, "sweep", str(path), "--out", str(tmp_path / "g"))
    assert code == 0, err
    assert "sweep of 9 points (grid)" in out
    assert len(pd.read_csv(tmp_path / "g" / "sweep.csv")) == 9


def test_sweep_help_documents_only_what_the_parser_takes(capsys, tmp_path):
    _, help_text, _ = run(capsys, "sweep", "--help")
    assert "runs =" not in help_text
    example = help_text.split("sweep file (TOML):")[1].split("metrics: ")[0]
    path = tmp_path / "sweep.toml"
    path.write_text(example)
    spec = config.read_sweep(path)  # the documented file is read as documented
    assert spec.method == "grid" or spec.samples == 256
    grid = [
        line.replace("# ", "", 1) if line.strip().startswith(("# method", "# levels")) else line
        for line in example.splitlines()
        if not line.strip().startswith(("method = ", "samples = "))
    ]
    path.write_text("\n".join(grid))
    assert config.read_sweep(path).levels == 5
    path.write_text(example)
    spec = config.read_sweep(path)
    assert spec.method == "lhs" and spec.samples == 256


def test_sweep_errors_name_the_file(capsys, tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text('scenario = "russia-ukraine-2025"\n[bounds]\n"patriot.kp" = [0.3, 0.8]\n')
    code, _, err = run(capsys, "sweep", str(path), "--out", str(tmp_path / "s"))
    assert code == 2 and err.startswith(f"stockpile: error: {path}: ")
    assert "patriot.kp" in err and not (tmp_path / "s").exists()


def test_command_runs_as_a_program(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('start = "2025-01"\nmonths = 3\n[[missiles]]\nname = "m"\nstock = -1\n')
    done = subprocess.run(
        [sys.executable, "-m", "stockpile.cli", "run", str(bad)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"stockpile: error: {bad}: The 'm.stock' parameter must be a non-negative count. "
        "Got -1.0 instead."
    ]


# ------------------------------------------------------------------ nothing the user did not name
def _user_folder(path: Path) -> Path:
    path.mkdir()
    (path / "data.txt").write_text("keep me")
    return path


def test_save_scenario_refuses_an_existing_folder(capsys, scenario_file, tmp_path):
    important = _user_folder(tmp_path / "important")
    argv = ["run", str(scenario_file), "--out", str(tmp_path / "out")]
    code, out, err = run(capsys, *argv, "--save-scenario", str(important))
    assert code == 2 and out == ""
    assert "--save-scenario needs a file path, and this is a folder; nothing was written" in err
    assert (important / "data.txt").read_text() == "keep me"
    assert not (tmp_path / "out").exists()


def test_save_scenario_refuses_the_out_folder(capsys, scenario_file, tmp_path):
    out_dir = tmp_path / "out2"
    argv = ["run", str(scenario_file), "--out", str(out_dir), "--save-scenario"]
    code, _, err = run(capsys, *argv, str(out_dir))
    assert code == 2 and "and this is --out" in err
    assert not out_dir.exists()
    code, _, err = run(capsys, *argv, str(tmp_path))  # a folder holding --out
    assert code == 2 and "and this is --out" in err


def test_save_scenario_refuses_the_runs_own_outputs_and_its_input(capsys, scenario_file, tmp_path):
    out_dir = tmp_path / "out"
    argv = ["run", str(scenario_file), "--out", str(out_dir), "--save-scenario"]
    code, _, err = run(capsys, *argv, str(out_dir / "summary.csv"))
    assert code == 2 and "would replace the run's own summary.csv" in err
    before = scenario_file.read_text()
    code, _, err = run(capsys, *argv, str(scenario_file))
    assert code == 2 and "would overwrite the scenario file being run" in err
    assert scenario_file.read_text() == before


def test_a_folder_where_an_output_goes_is_kept(capsys, scenario_file, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _user_folder(out_dir / "summary.csv")
    code, _, err = run(capsys, "run", str(scenario_file), "--runs", "3", "--out", str(out_dir))
    assert code == 2 and "a folder stands where an output file goes; nothing was written" in err
    assert (out_dir / "summary.csv" / "data.txt").read_text() == "keep me"
    assert [p.name for p in out_dir.iterdir()] == ["summary.csv"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_existing_out_folder_keeps_the_users_other_files(capsys, scenario_file, tmp_path):
    out_dir = _user_folder(tmp_path / "out")
    argv = ["run", str(scenario_file), "--runs", "3", "--out", str(out_dir), "--save-scenario"]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    assert (out_dir / "data.txt").read_text() == "keep me"
    assert config.read_scenario(out_dir / "scenario.toml").name == "small"


def test_sigterm_leaves_no_temporary_file(tmp_path, scenario_file):
    """`stockpile run` killed while writing its tables removes its staging folder."""
    ready = tmp_path / "ready"
    script = f"""
import sys, time
from pathlib import Path
from stockpile import cli
def slow(fmt):
    def write(frame, stem):
        Path({str(ready)!r}).write_text("writing")
        time.sleep(60)
    return write
cli._writer = slow
argv = ["run", {str(scenario_file)!r}, "--runs", "3", "--out", {str(tmp_path / "out")!r}]
sys.exit(cli.main(argv))
"""
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(600):
            if ready.exists() or process.poll() is not None:
                break
            time.sleep(0.05)
        assert ready.exists(), "the command never started writing"
        assert [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # staging exists
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 143
    finally:
        process.kill()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert not (tmp_path / "out").exists()


def test_sweep_too_large_for_memory_is_refused_before_computing(capsys, tmp_path):
    path = tmp_path / "sweep.toml"
    path.write_text(SWEEP.replace("samples = 200", "samples = 1_000_000_000_000"))
    code, out, err = run(capsys, "sweep", str(path), "--out", str(tmp_path / "s"))
    assert code == 2 and out == ""
    assert err.startswith(f"stockpile: error: {path}: The 'n' parameter must be a size that fits")
    assert not (tmp_path / "s").exists()


def test_run_shows_calendar_months_and_writes_months_to_depletion(capsys, tmp_path):
    path = tmp_path / "point.toml"  # the preset's point values: one deterministic run
    unrationed = {"patriot.shots_below": 2}  # two rounds per target: short within the horizon
    scenario = sp.presets.load("russia-ukraine-2025", point=True).with_params(unrationed)
    config.write_scenario(scenario, path)
    code, out, err = run(capsys, "run", str(path), "--out", str(tmp_path / "r"))
    assert code == 0, err
    assert "1 deterministic run" in out.splitlines()[0]
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:] if line.strip()}
    assert rows["depletion_month"] == ["month", "2026-09"]  # a calendar month, read by a person
    assert rows["never_short_share"] == ["share", "0%"]
    assert rows["intercept_rate"][0] == "share"
    table = pd.read_csv(tmp_path / "r" / "statistics.csv", index_col="metric")
    assert "depletion_month" not in table.index  # the number has its own name and unit
    assert table.loc["months_to_depletion", "unit"] == "months after 2025-01"
    assert table.loc["months_to_depletion", "median"] == 20
    quantiles = pd.read_csv(tmp_path / "r" / "quantiles.csv")
    lower = quantiles[  # a no-magazine layer: its stock is inf, and so its quantiles
        (quantiles["item"] == "lower_layers") & (quantiles["variable"] == "interceptor_stock")
    ]
    assert len(lower) == 36 and np.isinf(lower.filter(like="q").to_numpy()).all()
    summary = pd.read_csv(tmp_path / "r" / "summary.csv")
    assert summary.loc[0, "depletion_month"] == "2026-09"
    assert summary.loc[0, "months_to_depletion"] == 20


def test_run_statistics_say_how_runs_that_never_run_short_are_counted(scenario_file):
    scenario = config.read_scenario(scenario_file)
    scenario = scenario.with_params({"patriot.stock": scipy.stats.uniform(0, 800)})
    result = sp.simulate(scenario, 400, seed=2)
    stats = cli.statistics(result)
    never = stats.loc["never_short_share", "mean"]
    assert 0.2 < never < 0.8
    row = stats.loc["months_to_depletion"]
    assert row["p95"] == np.inf and f"never short in {never:.0%} of runs" in row["note"]
    months = result.metric("months_to_depletion")
    assert row["mean"] == pytest.approx(np.nan_to_num(months, nan=12).mean())  # censored at 12
