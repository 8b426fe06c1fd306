"""The ``stockpile`` command: simulate scenarios and sweeps without opening Python.

::

    stockpile demo                        # built-in scenario: summary on stdout, PNG in demo/
    stockpile presets                     # list the presets
    stockpile presets russia-ukraine-2025 # its figures and their sources
    stockpile presets russia-ukraine-2025 --toml > scenario.toml   # a file to edit
    stockpile run scenario.toml --runs 1000 --seed 1 --stochastic --out results/ --plot
    stockpile sweep sweep.toml --out sweep/

Scenario files are TOML (schema: :mod:`stockpile.config`); rates carry their unit
(``production = { per_year = 2900 }``). Errors in a file are reported on one line naming the
file, the key and what was expected, with exit status 2; they are checked before anything is
computed. Output is written to a temporary folder beside ``--out`` and moved into place only
when complete, so a failed, interrupted (Ctrl-C) or terminated (SIGTERM) run leaves nothing
half-written and no temporary file. Nothing the user did not name as an output is removed or
replaced: a folder where an output file goes, or a ``--save-scenario`` path that is a folder,
``--out``, one of the run's own outputs or the scenario being run, is an error.

The first shortfall is printed as ``depletion_month``, a calendar month, and written as
``months_to_depletion``, months after the start; the runs (or sweep points) that never run
short are counted in ``never_short_share`` and said in a note under the table.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import stockpile
from stockpile import config, presets
from stockpile.errors import StockpileError
from stockpile.metrics import UNITS
from stockpile.params import is_random
from stockpile.results import Result
from stockpile.scenario import Scenario
from stockpile.simulate import simulate

__all__ = ["DEMO_PRESET", "QUANTILES", "main", "parser", "statistics"]

#: The scenario ``stockpile demo`` runs.
DEMO_PRESET = "russia-ukraine-2025"


# --------------------------------------------------------------------------------------- help texts
_SCHEMA = """\
scenario file (TOML; rates always carry their unit):

  name = "patriot-2025"
  start = "2025-01"                         # first month
  months = 36                               # horizon [months]

  [[missiles]]
  name = "ballistic"
  production = { per_year = 700 }          # or { per_month = 58 }
  launches = { per_year = 611 }            # or { policy = "reserve_floor",
                                           #      rate = { per_year = 611 }, floor = 200 }
  stock = 600                               # [missiles]
  defended = 0.5                            # share engaged [1]

  [[interceptors]]
  name = "patriot"
  stock = 250                               # [interceptors]
  deliveries = { per_year = { dist = "uniform", loc = 60, scale = 120 } }
  engages = ["ballistic"]
  shots = 2
  pk = { dist = "beta", a = 8, b = 8 }      # a distribution: sampled once per run

  [[events]]
  type = "ceasefire"                        # or production_shock, import_delivery,
  start = "2026-01"                         #    aid_package

or start from a preset:  preset = "russia-ukraine-2025"  with  [set] "patriot.pk" = 0.6
values: a number, [one, per, run], { dist = ... }, { series = { "2025-01" = 10, ... } },
{ ramp = "linear", low = 56, high = 420, start = "2023-01", end = "2024-12" }
"""

_RUN_EPILOG = f"""\
example:
  stockpile presets russia-ukraine-2025 --toml > scenario.toml
  stockpile run scenario.toml --runs 1000 --seed 1 --stochastic --out results/ --plot

writes into --out: summary.csv (one row per run: the metrics), statistics.csv (mean and
quantiles of each metric with a note, as printed; the first shortfall as months_to_depletion
[months after the start], the runs never short counted as the horizon in its mean, a lower
bound, and in never_short_share), quantiles.csv (monthly quantiles of every variable),
depletion.csv (probability the magazine has fallen short by each month), with --trajectories
trajectories.csv (tidy: run, month, item, variable, value), with --plot stocks.png, fan.png,
depletion.png, and with --save-scenario the scenario it ran, as TOML (a file path: never a
folder, --out itself or one of the files above).

{_SCHEMA}"""

_SWEEP_EPILOG = """\
sweep file (TOML):

  scenario = "russia-ukraine-2025-ceasefire"  # a preset name or a scenario file (relative
                                              # to this file); or an inline [scenario] table
  method = "lhs"                            # lhs, sobol, halton or random: samples points
  samples = 256                             #   (a power of two for sobol)
  # method = "grid"                         # or a grid: every combination of
  # levels = 5                              #   levels per parameter (or { "patriot.pk" = 3 })
  seed = 1
  stochastic = false                        # one run per point (its counts drawn once)
  metrics = ["months_of_cover", "months_to_depletion"]   # optional: default all

  [bounds]                                  # rates carry their unit, as in a scenario file
  "patriot.deliveries" = { per_year = [60, 400] }   # a range [interceptors/year]
  "patriot.pk" = [0.3, 0.8]                         # a range [1]
  "patriot.shots" = { integers = [1, 3] }           # whole numbers 1 to 3
  "ceasefire.start" = ["2025-06", "2027-01"]        # a range of months
  "patriot.doctrine" = { choice = ["salvo", "shoot-look-shoot"] }
  "cruise.stock" = { dist = "uniform", loc = 1000, scale = 1000 }

metrics: months_to_depletion is the first shortfall in months after the start (NaN: never
within the horizon); depletion_month is the same as a calendar month.

example:
  stockpile sweep sweep.toml --out sweep/ --plot

writes into --out: sweep.csv (one row per point: parameters, then metrics; each column's unit
in brackets in its name) and, with --plot, heatmap.png of the first two numeric parameters
against the first metric that varies over the points. Prints each metric's mean and quantiles
over the points, with the share of points that never run short.
"""


def _whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number >= ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number >= {minimum}, got {text!r}")
        return value

    return parse


def _command(
    commands: Any, name: str, handler: Callable[[argparse.Namespace], int], **kwargs: Any
) -> argparse.ArgumentParser:
    """A subcommand that keeps its help text's line breaks and runs ``handler``."""
    command: argparse.ArgumentParser = commands.add_parser(
        name, formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs
    )
    command.set_defaults(handler=handler)
    return command


def _output(command: argparse.ArgumentParser, out: str, table_format: bool = True) -> None:
    """``--out`` (default ``out``) and, with ``table_format``, ``--format``."""
    command.add_argument("--out", default=out, help=f"output directory (default: {out}/)")
    if table_format:
        command.add_argument(
            "--format",
            choices=["csv", "parquet"],
            default="csv",
            help="table format (default: csv)",
        )


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``stockpile`` command; each subcommand sets ``handler``, a
    function of the parsed arguments returning the exit status."""
    positive, seed = _whole_number(1), _whole_number(0)
    top = argparse.ArgumentParser(
        prog="stockpile",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Simulate an attacker's missile reserve against a defender's interceptor "
        "magazine, month by month.",
        epilog="examples:\n  stockpile demo\n  stockpile presets\n"
        "  stockpile presets russia-ukraine-2025 --toml > scenario.toml\n"
        "  stockpile run scenario.toml --runs 1000 --seed 1 --stochastic --out results/ "
        "--plot\n  stockpile sweep sweep.toml --out sweep/\n\n"
        "`stockpile COMMAND --help` explains each command and its file format.",
    )
    top.add_argument("--version", action="version", version=f"stockpile {stockpile.__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = _command(
        commands,
        "demo",
        _cmd_demo,
        help="run the built-in scenario: summary and a figure",
        description=f"Run the preset {DEMO_PRESET!r} in the stochastic mode: print the "
        "summary of the metrics over runs and write demo.png (the stocks panel and a fan "
        "chart of the interceptor magazine) into --out.",
        epilog="example:\n  stockpile demo --out demo/ --runs 2000 --seed 7",
    )
    _output(demo, "demo", table_format=False)
    demo.add_argument("--runs", type=positive, default=1000, help="runs (default: 1000)")
    demo.add_argument("--seed", type=seed, default=1, help="seed (default: 1)")

    pre = _command(
        commands,
        "presets",
        _cmd_presets,
        help="list presets, or show one's sources",
        description="Without NAME, list the built-in presets. With NAME, show its figures "
        "with their units, dates and sources (assumptions are flagged); with --toml, print "
        "it as a scenario file to edit and run.",
        epilog="examples:\n  stockpile presets\n  stockpile presets russia-ukraine-2025\n"
        "  stockpile presets russia-ukraine-2025 --toml > scenario.toml",
    )
    pre.add_argument("name", nargs="?", help="a preset name")
    pre.add_argument("--toml", action="store_true", help="print the preset as a TOML file")

    run = _command(
        commands,
        "run",
        _cmd_run,
        help="simulate a scenario file (or a preset)",
        description="Simulate a scenario (a TOML file, or a preset name), print the metrics "
        "over runs and write tables (and figures) into --out.",
        epilog=_RUN_EPILOG,
    )
    run.add_argument("scenario", help="a scenario TOML file, or a preset name")
    run.add_argument(
        "--runs",
        type=positive,
        default=None,
        help="runs (default: 1000 if the scenario has distributions or with --stochastic, else 1)",
    )
    run.add_argument(
        "--seed",
        type=seed,
        default=None,
        help="seed of every random stream (default: fresh; printed to reproduce)",
    )
    run.add_argument(
        "--stochastic",
        action="store_true",
        help="integer counts: negative-binomial launches, binomial intercepts",
    )
    _output(run, "results")
    run.add_argument(
        "--trajectories", action="store_true", help="also write every run's trajectories (large)"
    )
    run.add_argument("--plot", action="store_true", help="also write PNG figures")
    run.add_argument(
        "--save-scenario",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="write the scenario that was run as TOML (default path: OUT/scenario.toml)",
    )

    sweep = _command(
        commands,
        "sweep",
        _cmd_sweep,
        help="sample parameters over bounds and simulate each",
        description="Read a sweep file (a scenario, parameter bounds and a sampler), "
        "simulate every point with stockpile.explore and write one row per point.",
        epilog=_SWEEP_EPILOG,
    )
    sweep.add_argument("file", help="a sweep TOML file")
    _output(sweep, "sweep")
    sweep.add_argument("--plot", action="store_true", help="also write heatmap.png")
    return top


# ------------------------------------------------------------------------------------- output files
def _check_out(out: Path) -> None:
    """Refuse an ``--out`` that exists and is not a folder (before anything is computed)."""
    if out.exists() and not out.is_dir():
        raise StockpileError(f"{out}: --out must be a folder, and this is a file.")


@contextlib.contextmanager
def _staged(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out`` whose files are moved into ``out`` on success.

    On any error the temporary folder is removed and ``out`` is left as it was. Nothing in
    ``out`` is removed: a file of the same name as an output is replaced, a folder of that name
    is an error (raised before any file is moved).
    """
    _check_out(out)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise StockpileError(f"{out}: cannot write there ({exc.strerror or exc}).") from None
    try:
        yield tmp
        if not out.exists():
            os.replace(tmp, out)
            return
        files = sorted(tmp.iterdir())
        folders = [out / p.name for p in files if (out / p.name).is_dir()]
        if folders:
            raise StockpileError(
                f"{folders[0]}: a folder stands where an output file goes; nothing was "
                "written. Move it, or choose another --out."
            )
        for path in files:
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_text(path: Path, text: str) -> None:
    """Write ``text`` to the file ``path`` through a temporary file renamed into place, so that
    an interrupted write leaves the old file or the new one, never half of one."""
    if path.is_dir():
        raise StockpileError(f"{path}: is a folder; give a file path, such as {path / 'x.toml'}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StockpileError(f"{path}: cannot write there ({exc.strerror or exc}).") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _writer(fmt: str) -> Callable[[pd.DataFrame, Path], Path]:
    """A function writing a table to ``stem`` + ``.csv`` or ``.parquet``; returns the path."""
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise StockpileError(
                "--format parquet needs pyarrow: pip install "
                "'stockpile[parquet]', or use --format csv."
            ) from None

    def write(frame: pd.DataFrame, stem: Path) -> Path:
        frame = _plain(frame)
        path = stem.with_suffix(f".{fmt}")
        if fmt == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
        return path

    return write


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Index as columns; months and categories as plain strings (readable by any tool)."""
    frame = (
        frame.reset_index()
        if frame.index.name is not None or isinstance(frame.index, pd.MultiIndex)
        else frame.reset_index(drop=True)
    )
    for column in frame.columns:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.PeriodDtype | pd.CategoricalDtype):
            frame[column] = frame[column].astype(str).where(frame[column].notna(), None)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _figures(result: Result, folder: Path) -> list[Path]:
    """``stockpile run --plot``: stocks.png, fan.png and (with interceptors and several runs)
    depletion.png in ``folder``."""
    from stockpile import plot

    paths = []
    ax = plot.stocks(result)
    paths.append(_save(ax.figure, folder / "stocks.png"))
    if result.interceptors:
        from stockpile.plot._style import magazines

        # the first magazine; a no-magazine layer (stock=inf) has none to draw
        name = (magazines(result) or result.interceptors)[0]
        ax = plot.fan(result, "interceptor_stock", item=name)
        paths.append(_save(ax.figure, folder / "fan.png"))
        if result.runs > 1:
            ax = plot.depletion(result)
            paths.append(_save(ax.figure, folder / "depletion.png"))
    else:
        ax = plot.fan(result, "missile_stock", item=result.missiles[0])
        paths.append(_save(ax.figure, folder / "fan.png"))
    return paths


def _save(figure: Any, path: Path) -> Path:
    """Save ``figure`` as a PNG at 150 dpi; returns ``path``."""
    figure.savefig(path, dpi=150)
    return path


def _written_to(out: Path, paths: Sequence[Path]) -> str:
    """The closing line: which files were written into ``out``."""
    return f"\nwritten to {out}/: {', '.join(p.name for p in paths)}"


# ------------------------------------------------------------------------------------------- tables
#: Quantiles written to ``quantiles.*`` by ``stockpile run``. [1]
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


_NO_INTERCEPTORS = ("depletion_month", "months_to_depletion", "months_of_cover", "intercept_rate")
#: Why a metric can be NaN or infinite, for the notes under a table.
_UNDEFINED = {
    "intercept_rate": "nothing launched at defended areas",
    "months_of_cover": "deliveries meet demand: no net burn",
}


def _quantiles(values: np.ndarray) -> list[float]:
    """The 5 %, 50 % and 95 % quantiles, each a value of ``values`` (no interpolation, so
    that infinite values give no NaN)."""
    return [float(np.quantile(values, q, method="inverted_cdf")) for q in (0.05, 0.5, 0.95)]


def _censored(name: str) -> bool:
    """Whether metric ``name`` is a first shortfall, NaN where there is none."""
    return name.split(".")[0] in ("months_to_depletion", "depletion_month")


#: Where a first shortfall's note turns to its mean (cut where the mean is not shown).
_MEAN_NOTE = "; counted as "


def _rows(name: str, unit: str, values: np.ndarray, horizon: int, what: str) -> list[list[Any]]:
    """The statistics rows of one metric over ``what`` (runs or points): ``[name, unit, mean,
    p05, median, p95, note]``; a first shortfall gets a row ``never_short_share`` first."""
    values = np.asarray(values, dtype=np.float64)
    if _censored(name):
        never = np.isnan(values)
        share = float(never.mean())
        suffix = name[name.index(".") :] if "." in name else ""
        note = f"share of {what} whose magazine never runs short within {horizon} months"
        rows = [[f"never_short_share{suffix}", "1", share, np.nan, np.nan, np.nan, note]]
        note = (
            f"never short in {share:.0%} of {what}: never (inf) in the quantiles{_MEAN_NOTE}"
            f"{horizon} (the horizon) in the mean, a lower bound"
            if never.any()
            else ""
        )
        mean = float(np.where(never, horizon, values).mean())
        quantiles = _quantiles(np.where(never, np.inf, values))
        return [*rows, [name, unit, mean, *quantiles, note]]
    defined = values[~np.isnan(values)]
    if defined.size == 0:
        return [[name, unit, np.nan, np.nan, np.nan, np.nan, f"undefined in every {what[:-1]}"]]
    notes = []
    if defined.size < values.size:
        notes.append(f"undefined (NaN) in {1 - defined.size / values.size:.0%} of {what}, left out")
    if np.isinf(defined).any():
        notes.append(f"infinite in {np.isinf(defined).mean():.0%} of {what}")
    if notes and name in _UNDEFINED:
        notes[-1] += f" ({_UNDEFINED[name]})"
    with np.errstate(invalid="ignore"):  # inf - inf: no mean, NaN
        mean = float(np.mean(defined))
    return [[name, unit, mean, *_quantiles(defined), "; ".join(notes)]]


def _table(rows: list[list[Any]]) -> pd.DataFrame:
    columns = ["metric", "unit", "mean", "p05", "median", "p95", "note"]
    return pd.DataFrame(rows, columns=columns).set_index("metric")


def _unit(name: str, start: pd.Period) -> str:
    """The unit of a metric of :data:`stockpile.metrics.UNITS` (``months after 2025-01``)."""
    return UNITS[name.split(".")[0]].replace("after start", f"after {start}")


def statistics(result: Result) -> pd.DataFrame:
    """Each metric over the runs: unit, mean, the 5 %, 50 % and 95 % quantiles, and a note.

    The first shortfall is ``months_to_depletion`` [months after the start], preceded by
    ``never_short_share`` [1], the share of runs whose magazine never runs short within the
    horizon; those runs count as the horizon in the mean (a lower bound, said in the note) and
    as ``inf`` in the quantiles. Infinite and NaN values elsewhere are said in the note.

    Returns
    -------
    DataFrame
        Index ``metric``; columns ``unit, mean, p05, median, p95, note``.
    """
    rows = []
    for name in UNITS:
        if name == "depletion_month" or (name in _NO_INTERCEPTORS and not result.interceptors):
            continue
        values = result.metric(name)
        rows += _rows(name, _unit(name, result.index[0]), values, result.scenario.months, "runs")
    return _table(rows)


def _cell(metric: str, value: float, column: str, start: pd.Period) -> str:
    """One printed cell: months as dates, never-short as 'never', shares as percentages."""
    if np.isnan(value):
        return ""
    base = metric.split(".")[0]
    if base == "depletion_month":
        if column == "mean":
            return ""
        return "never" if np.isinf(value) else str(start + int(value))
    if base == "never_short_share":
        return f"{value:.0%}"
    if np.isinf(value):
        return "never" if base == "months_to_depletion" else "inf" if value > 0 else "-inf"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{round(value, 2) + 0.0:,.2f}"  # + 0.0: no "-0.00"


def _show(table: pd.DataFrame, start: pd.Period, *, runs: int = 2, dates: bool = False) -> str:
    """A statistics table as printed, its notes below it.

    With ``dates``, ``months_to_depletion`` is shown as ``depletion_month``, a calendar month
    (where a person reads it). Units of shares read "share"; a censored mean reads "≥".
    """
    table = table.copy()
    if dates:
        table = table.rename(lambda m: m.replace("months_to_depletion", "depletion_month"))
    shown = table[["unit", "mean", "p05", "median", "p95"]].astype(object)
    for metric in table.index:
        for column in ("mean", "p05", "median", "p95"):
            value = float(table.loc[metric, column])
            shown.loc[metric, column] = _cell(str(metric), value, column, start)
        censored = str(metric).startswith("months_to_depletion") and table.loc[metric, "note"]
        if censored and runs > 1:
            shown.loc[metric, "mean"] = "≥" + str(shown.loc[metric, "mean"])
        unit = str(table.loc[metric, "unit"])
        shown.loc[metric, "unit"] = (
            "month"
            if str(metric).startswith("depletion_month")
            else "share"
            if unit == "1"
            else unit
        )
    if runs == 1:  # one value per metric: the median is it (a date too), or else the mean
        single = shown["median"].where(shown["median"] != "", shown["mean"])
        return shown[["unit"]].assign(value=single).to_string()
    no_mean = set(shown.index[shown["mean"] == ""])  # its note says nothing of a mean
    notes = [
        f"{metric}: {note.split(_MEAN_NOTE)[0] if metric in no_mean else note}"
        for metric, note in table["note"].items()
        if note
    ]
    return "\n".join([shown.to_string(), *notes])


def _header(result: Result) -> str:
    """The first line printed: scenario, runs, mode, months and seed."""
    mode = "stochastic" if result.noise else "deterministic"
    runs = f"{result.runs:,} {mode} run{'s' if result.runs > 1 else ''}"
    seed = f", seed {result.seed.entropy}" if result.noise or result.samples else ""
    return f"{result.scenario.name}: {runs}, {result.index[0]} to {result.index[-1]}{seed}"


def _monthly_quantiles(values: Any) -> Any:
    """:data:`QUANTILES` of ``(runs, months)`` values over runs; where both order statistics
    around a quantile are infinite (a no-magazine layer's stock, ``inf``), that value rather
    than the NaN linear interpolation gives for ``inf - inf``."""
    with np.errstate(invalid="ignore"):
        qs = np.quantile(values, QUANTILES, axis=0)
    nearest = np.quantile(values, QUANTILES, axis=0, method="nearest")
    return np.where(np.isnan(qs) & ~np.isnan(nearest), nearest, qs)


def _quantile_frame(result: Result) -> pd.DataFrame:
    """Monthly mean and :data:`QUANTILES` of every variable and item, one row per month."""
    frames = []
    for variable in result.trajectories:
        for item in result.items_of(variable):
            values = result.get(variable, item)
            qs = _monthly_quantiles(values)
            frame = pd.DataFrame(
                {
                    "month": result.index,
                    "item": item,
                    "variable": variable,
                    "mean": values.mean(axis=0),
                }
            )
            for q, row in zip(QUANTILES, qs, strict=True):
                frame[f"q{round(q * 100):02d}"] = row
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- scenarios
def _load(source: str) -> Scenario:
    """A scenario from a TOML file, or a preset by name."""
    path = Path(source)
    if path.suffix == ".toml" or path.exists():
        return config.read_scenario(path)
    if source in presets.names():
        return presets.load(source)
    raise StockpileError(
        f"{source}: no such file, and not a preset (presets: {', '.join(presets.names())})."
    )


def _uncertain(scenario: Scenario) -> bool:
    return any(is_random(v) for _, _, v in scenario.iter_params())


def _simulate(
    scenario: Scenario, source: str, runs: int | None, seed: int | None, stochastic: bool
) -> Result:
    if runs is None:
        runs = 1000 if stochastic or _uncertain(scenario) else 1
    with config.Reader(source).blame():
        scenario.validate(runs)
        return simulate(scenario, runs=runs, seed=seed, stochastic=stochastic)


# --------------------------------------------------------------------------- commands
def _cmd_demo(args: argparse.Namespace) -> int:
    from matplotlib.figure import Figure

    from stockpile import plot

    scenario = presets.load(DEMO_PRESET)
    result = simulate(scenario, runs=args.runs, seed=args.seed, stochastic=True)
    print(_header(result))
    print(f"{scenario.description}\n")
    print(_show(statistics(result), result.index[0], runs=result.runs, dates=True))
    out = Path(args.out)
    with _staged(out) as folder:
        figure = Figure(figsize=(9.0, 8.5), layout="constrained")
        top, bottom = figure.subplots(2, 1)
        plot.stocks(result, ax=top)
        plot.fan(result, "interceptor_stock", item="patriot", ax=bottom)
        _save(figure, folder / "demo.png")
    print(f"\nfigure: {out / 'demo.png'}")
    return 0


def _sources(name: str) -> dict[str, str]:
    """Parameter path → where a preset's figure comes from, as a comment for its TOML file:
    the source, date and grade."""
    return {f.path: f"{f.source} ({f.when}; {f.grade})" for f in presets.figures(name)}


def _cmd_presets(args: argparse.Namespace) -> int:
    if args.name is None:
        if args.toml:
            raise StockpileError("--toml needs a preset name: stockpile presets NAME --toml")
        width = max(len(n) for n in presets.names())
        for name in presets.names():
            print(f"{name:<{width}}  {presets.PRESETS[name].description}")
        return 0
    if args.name not in presets.names():
        raise StockpileError(
            f"{args.name!r} is not a preset; presets: {', '.join(presets.names())}."
        )
    if args.toml:
        print(config.scenario_to_toml(presets.load(args.name), _sources(args.name)), end="")
    else:
        print(presets.describe(args.name))
    return 0


#: Tables ``stockpile run`` may write into ``--out`` (stems), and its figures.
RUN_TABLES = ("summary", "statistics", "quantiles", "depletion", "trajectories")
RUN_FIGURES = ("stocks.png", "fan.png", "depletion.png")


def _scenario_path(args: argparse.Namespace, out: Path) -> Path | None:
    """Where ``--save-scenario`` writes (``None`` without it), refused before anything is
    computed when it would replace a folder, ``--out`` itself, one of the run's own outputs or
    the scenario file being run."""
    if args.save_scenario is None:
        return None
    path = Path(args.save_scenario) if args.save_scenario else out / "scenario.toml"
    target, folder = path.resolve(), out.resolve()
    suggestion = f"such as --save-scenario {out / 'scenario.toml'}"
    if path.is_dir() or target == folder or folder.is_relative_to(target):
        what = "--out" if target == folder or folder.is_relative_to(target) else "a folder"
        raise StockpileError(
            f"{path}: --save-scenario needs a file path, and this is {what}; nothing was "
            f"written. Give a file path, {suggestion}."
        )
    outputs = {f"{stem}.{args.format}" for stem in RUN_TABLES} | set(RUN_FIGURES)
    if target.parent == folder and path.name in outputs:
        raise StockpileError(
            f"{path}: --save-scenario would replace the run's own {path.name}; nothing was "
            f"written. Choose another name, {suggestion}."
        )
    if Path(args.scenario).exists() and target == Path(args.scenario).resolve():
        raise StockpileError(
            f"{path}: --save-scenario would overwrite the scenario file being run; nothing "
            f"was written. Choose another name, {suggestion}."
        )
    return path


def _cmd_run(args: argparse.Namespace) -> int:
    write = _writer(args.format)
    out = Path(args.out)
    _check_out(out)
    save_to = _scenario_path(args, out)
    scenario = _load(args.scenario)
    result = _simulate(scenario, args.scenario, args.runs, args.seed, args.stochastic)
    table = statistics(result)
    toml = config.scenario_to_toml(scenario) if save_to is not None else ""
    with _staged(out) as folder:
        written = [
            write(result.summary(), folder / "summary"),
            write(table, folder / "statistics"),
            write(_quantile_frame(result), folder / "quantiles"),
        ]
        if result.interceptors:
            written.append(write(result.depletion_probability(), folder / "depletion"))
        if args.trajectories:
            written.append(write(result.to_frame(), folder / "trajectories"))
        if args.plot:
            written += _figures(result, folder)
    if save_to is not None:
        _write_text(save_to, toml)
    print(_header(result))
    print(_show(table, result.index[0], runs=result.runs, dates=True))
    print(_written_to(out, written))
    if save_to is not None:
        print(f"scenario: {save_to}")
    return 0


def _offsets(column: pd.Series, start: pd.Period) -> np.ndarray:
    """A metric column as numbers; calendar months (``depletion_month``) as months after
    ``start``, NaN where there are none. [unit of the metric]"""
    if not isinstance(column.dtype, pd.PeriodDtype):
        return column.to_numpy(dtype=np.float64)
    months = pd.PeriodIndex(column)
    return np.where(months.isna(), np.nan, months.asi8 - start.ordinal).astype(np.float64)


def _sweep_statistics(table: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """The statistics of a sweep's metrics over its points (as :func:`statistics`)."""
    start, horizon = pd.Period(table.attrs["start"], freq="M"), table.attrs["horizon"]
    units = table.attrs["column_units"]
    rows = []
    for name in metrics:
        rows += _rows(name, units[name], _offsets(table[name], start), horizon, "points")
    return _table(rows)


def _with_units(table: pd.DataFrame) -> pd.DataFrame:
    """The table with each column's unit in its name: ``patriot.deliveries [interceptors/year]``."""
    units = table.attrs.get("column_units", {})
    return table.rename(columns=lambda c: f"{c} [{units[c]}]" if units.get(c) else c)


def _heatmap(table: pd.DataFrame, x: str, y: str, metric: str) -> Any:
    """The CLI's heatmap of ``metric`` over parameters ``x`` and ``y``. A first shortfall is
    drawn as months after the start, the points that never run short counted as the horizon,
    which the colour bar's label and the title say."""
    from stockpile import plot

    if not _censored(metric):
        return plot.heatmap(table, x, y, metric)
    start, horizon = pd.Period(table.attrs["start"], freq="M"), table.attrs["horizon"]
    values = _offsets(table[metric], start)
    never = np.isnan(values)
    name = "months_to_depletion" + metric[len(metric.split(".")[0]) :]
    frame = table.assign(**{name: np.where(never, horizon, values)})
    frame.attrs = table.attrs
    return plot.heatmap(
        frame,
        x,
        y,
        name,
        unit=f"months after {start}; never short = {horizon}",
        title=f"Months to depletion ({never.mean():.0%} of {len(frame):,} points never "
        f"short: counted as {horizon})",
    )


def _cmd_sweep(args: argparse.Namespace) -> int:
    from stockpile import explore

    write = _writer(args.format)
    out = Path(args.out)
    _check_out(out)
    spec = config.read_sweep(args.file)
    with config.Reader(args.file).blame():
        if spec.method == "grid":
            design = explore.grid(spec.bounds, levels=spec.levels)
        else:
            design = explore.sample(spec.bounds, spec.samples, method=spec.method, seed=spec.seed)
        table = explore.sweep(
            spec.scenario,
            design,
            spec.metrics,
            seed=spec.seed,
            stochastic=spec.stochastic,
            progress=False,
        )
    parameters = list(design.columns)
    metrics = [c for c in table.columns if c not in parameters]
    with _staged(out) as folder:
        written = [write(_with_units(table), folder / "sweep")]
        numeric = [p for p in parameters if pd.api.types.is_numeric_dtype(table[p])]
        if args.plot and len(numeric) >= 2 and metrics:
            varying = [m for m in metrics if table[m].nunique(dropna=False) > 1]
            ax = _heatmap(table, numeric[0], numeric[1], (varying or metrics)[0])
            written.append(_save(ax.figure, folder / "heatmap.png"))
    print(
        f"{spec.scenario.name}: sweep of {len(table):,} points ({spec.method}) over "
        f"{', '.join(parameters)}; seed {table.attrs.get('seed', spec.seed)}"
    )
    print(_show(_sweep_statistics(table, metrics), spec.scenario.start, runs=len(table)))
    print(_written_to(out, written))
    return 0


class _Terminated(BaseException):
    """SIGTERM, raised as an exception so that temporary files are removed on the way out."""


@contextlib.contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """Turn SIGTERM into :class:`_Terminated` in the block (main thread only: elsewhere a
    handler cannot be installed, and the block runs as it is)."""

    def terminate(signum: int, frame: Any) -> None:
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stockpile`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 2 for bad arguments, files or parameters (reported on one
        line on stderr, without a traceback), 130 on Ctrl-C and 143 on SIGTERM (temporary files
        removed, ``--out`` left as it was).
    """
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        return int(exc.code or 0)
    try:
        with _terminated_cleanly():
            return int(args.handler(args))
    except _Terminated:
        return 128 + signal.SIGTERM
    except StockpileError as exc:
        print(f"stockpile: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"stockpile: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
