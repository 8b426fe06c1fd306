"""The argument parser of the ``stockpile`` command: its options, help and file-format texts."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import Any

import stockpile

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
quantiles of each metric, as printed), quantiles.csv (monthly quantiles of every variable),
depletion.csv (probability the magazine has fallen short by each month), with --trajectories
trajectories.csv (tidy: run, month, item, variable, value), with --plot stocks.png, fan.png,
depletion.png, and with --save-scenario the scenario it ran, as TOML.

{_SCHEMA}"""

_SWEEP_EPILOG = """\
sweep file (TOML):

  scenario = "russia-ukraine-2025"          # a preset name or a scenario file (relative to
                                            # this file); or an inline [scenario] table
  method = "lhs"                            # lhs, sobol, halton, random or grid
  samples = 256                             # points (levels per parameter for grid)
  seed = 1
  runs = 1                                  # runs per point
  stochastic = false
  metrics = ["months_of_cover", "depletion_month"]   # optional: default all

  [bounds]
  "patriot.deliveries" = { per_year = [60, 400] }   # a range, in its unit
  "patriot.pk" = [0.3, 0.8]                         # a range [1]
  "patriot.shots" = { integers = [1, 3] }           # whole numbers 1 to 3
  "ceasefire.start" = ["2025-06", "2027-01"]        # a range of months
  "patriot.doctrine" = { choice = ["salvo", "shoot-look-shoot"] }
  "cruise.stock" = { dist = "uniform", loc = 1000, scale = 1000 }

example:
  stockpile sweep sweep.toml --out sweep/ --plot

writes into --out: sweep.csv (one row per point: parameters, then metrics) and, with --plot,
heatmap.png of the first two parameters against the first metric.
"""


def whole_number(minimum: int) -> Callable[[str], int]:
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


def build(
    handlers: Mapping[str, Callable[[argparse.Namespace], int]], demo_preset: str
) -> argparse.ArgumentParser:
    """The parser; each subcommand sets ``handler`` to ``handlers[its name]``.

    Parameters
    ----------
    handlers : mapping
        ``"demo"``, ``"presets"``, ``"run"`` and ``"sweep"`` → a function of the parsed
        arguments returning the exit status.
    demo_preset : str
        The preset ``stockpile demo`` runs, named in its help.
    """
    positive, seed = whole_number(1), whole_number(0)
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
        handlers["demo"],
        help="run the built-in scenario: summary and a figure",
        description=f"Run the preset {demo_preset!r} in the stochastic mode: print the "
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
        handlers["presets"],
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
        handlers["run"],
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
        handlers["sweep"],
        help="sample parameters over bounds and simulate each",
        description="Read a sweep file (a scenario, parameter bounds and a sampler), "
        "simulate every point with stockpile.explore and write one row per point.",
        epilog=_SWEEP_EPILOG,
    )
    sweep.add_argument("file", help="a sweep TOML file")
    _output(sweep, "sweep")
    sweep.add_argument("--plot", action="store_true", help="also write heatmap.png")
    return top
