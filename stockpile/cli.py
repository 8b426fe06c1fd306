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
file, the key and what was expected, with exit status 2. Output is written to a temporary
directory beside ``--out`` and moved into place only when complete, so a failed run leaves
nothing half-written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from stockpile import _cli_parser, config, presets

# The helpers live in private modules; they stay names of this module, as before they moved.
from stockpile._cli_output import figures as _figures
from stockpile._cli_output import save as _save
from stockpile._cli_output import staged
from stockpile._cli_output import writer as _writer
from stockpile._cli_output import written_to as _written_to
from stockpile._cli_tables import QUANTILES as QUANTILES
from stockpile._cli_tables import header as _header
from stockpile._cli_tables import quantile_frame as _quantile_frame
from stockpile._cli_tables import show as _show
from stockpile._cli_tables import statistics
from stockpile.errors import StockpileError
from stockpile.params import is_distribution
from stockpile.results import Result
from stockpile.scenario import Scenario
from stockpile.simulate import simulate
from stockpile.units import Rate

__all__ = ["DEMO_PRESET", "main", "statistics"]

#: The scenario ``stockpile demo`` runs.
DEMO_PRESET = "russia-ukraine-2025"


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
    return any(
        is_distribution(v.value if isinstance(v, Rate) else v) for _, _, v in scenario.iter_params()
    )


@contextlib.contextmanager
def _blamed_on(source: str) -> Iterator[None]:
    """Prefix a :class:`StockpileError` raised in the block with ``source``; a
    :class:`~stockpile.config.ConfigError` (which names its file already) passes unchanged."""
    try:
        yield
    except config.ConfigError:
        raise
    except StockpileError as exc:
        raise StockpileError(f"{source}: {exc}") from None


def _simulate(
    scenario: Scenario, source: str, runs: int | None, seed: int | None, stochastic: bool
) -> Result:
    if runs is None:
        runs = 1000 if stochastic or _uncertain(scenario) else 1
    with _blamed_on(source):
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
    print(_show(result, statistics(result)))
    out = Path(args.out)
    with staged(out) as folder:
        figure = Figure(figsize=(9.0, 8.5), layout="constrained")
        top, bottom = figure.subplots(2, 1)
        plot.stocks(result, ax=top)
        plot.fan(result, "interceptor_stock", item="patriot", ax=bottom)
        _save(figure, folder / "demo.png")
    print(f"\nfigure: {out / 'demo.png'}")
    return 0


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
        print(config.scenario_to_toml(presets.load(args.name)), end="")
    else:
        print(presets.describe(args.name))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    write = _writer(args.format)
    scenario = _load(args.scenario)
    result = _simulate(scenario, args.scenario, args.runs, args.seed, args.stochastic)
    table = statistics(result)
    out = Path(args.out)
    save_to = (
        None if args.save_scenario is None else Path(args.save_scenario or out / "scenario.toml")
    )
    toml = config.scenario_to_toml(scenario) if save_to is not None else ""
    with staged(out) as folder:
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
        if save_to is not None and save_to.resolve().parent == out.resolve():
            (folder / save_to.name).write_text(toml, encoding="utf-8")
            written.append(folder / save_to.name)
            save_to = None
    if save_to is not None:
        with staged(save_to.parent) as folder:
            (folder / save_to.name).write_text(toml, encoding="utf-8")
    print(_header(result))
    print(_show(result, table))
    print(_written_to(out, written))
    if save_to is not None:
        print(f"scenario: {save_to}")
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from stockpile import explore

    write = _writer(args.format)
    spec = config.read_sweep(args.file)
    with _blamed_on(args.file):
        if spec.method == "grid":
            design = explore.grid(spec.bounds, levels=spec.samples)
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
    out = Path(args.out)
    with staged(out) as folder:
        written = [write(table, folder / "sweep")]
        numeric = [p for p in parameters if pd.api.types.is_numeric_dtype(table[p])]
        if args.plot and len(numeric) >= 2 and metrics:
            from stockpile import plot

            ax = plot.heatmap(table, numeric[0], numeric[1], metrics[0])
            written.append(_save(ax.figure, folder / "heatmap.png"))
    print(
        f"{spec.scenario.name}: sweep of {len(table):,} points ({spec.method}) over "
        f"{', '.join(parameters)}; seed {table.attrs.get('seed', spec.seed)}"
    )
    summary = table[metrics].describe(percentiles=[0.05, 0.5, 0.95]).T
    print(summary[["mean", "5%", "50%", "95%"]].to_string(float_format=lambda v: f"{v:,.4g}"))
    print(_written_to(out, written))
    return 0


# --------------------------------------------------------------------------- parser
def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``stockpile`` command."""
    handlers = {"demo": _cmd_demo, "presets": _cmd_presets, "run": _cmd_run, "sweep": _cmd_sweep}
    return _cli_parser.build(handlers, DEMO_PRESET)


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
        line on stderr, without a traceback).
    """
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        return int(exc.code or 0)
    try:
        return int(args.handler(args))
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
