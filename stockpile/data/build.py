"""Re-build the shipped monthly aggregates from the published data set.

Run from the repository root (``make data`` does exactly this)::

    python -m stockpile.data.build ../shared/data

``../shared/data`` must hold ``missile_attacks_daily.csv`` and ``missiles_and_uavs.csv`` of the
"Massive Missile Attacks on Ukraine" data set. The script checks that every model of the
catalogue and of the daily file classifies, then writes ``stockpile/data/observed_monthly.csv``
(or ``--out``) and, beside it, ``observed_targets.csv`` (the same counts with the rows that name
Kyiv as their target apart, :func:`stockpile.data.by_target`), and prints the yearly missile
totals and the ballistic destroyed ÷ launched at Kyiv and elsewhere. Users and tests do not
need it.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from stockpile.data.catalogue import UNKNOWN, classify_model
from stockpile.data.reader import UnknownModelWarning, monthly, read_attacks
from stockpile.data.shipped import SHIPPED_FILE, write_monthly
from stockpile.data.targets import KYIV, TARGETS_FILE, by_target, write_targets
from stockpile.errors import StockpileError

DAILY = "missile_attacks_daily.csv"
CATALOGUE = "missiles_and_uavs.csv"

NOTE = """\
Built by `python -m stockpile.data.build <data dir>` from {daily}:
reports of national-level sources only (stockpile.data.NATIONAL_SOURCES), merged rows split
equally among the models they list, each reporting window counted in the month it starts.
Columns: launched.<class> and destroyed.<class> [missiles/month] ([drones/month] for drone);
total = all missile classes (no drones, bombs or unknown). Months {first} to {last}."""

TARGETS_NOTE = """\
Built by `python -m stockpile.data.build <data dir>` from {daily}, with the rules of
observed_monthly.csv, by stockpile.data.by_target: each missile class's launched and destroyed
[missiles/month], for the rows whose `target` names {place} (the city or its oblast, alone or
among other places) and for the rest. Columns: <measure>.<class>.<{key}|rest>.
Months {first} to {last}."""


def check_catalogue(path: Path) -> list[str]:
    """Model names of the catalogue with a part this library cannot classify."""
    catalogue = pd.read_csv(path, dtype=str)
    if "model" not in catalogue.columns:
        raise StockpileError(f"The catalogue {path} has no 'model' column.")
    models = catalogue["model"].dropna()
    return [model for model in models if UNKNOWN in classify_model(model)]


def build(data_dir: Path, out: Path, targets: Path | None = None) -> pd.DataFrame:
    """Check the catalogue, read the daily record, write the monthly table to ``out`` and the
    table by target to ``targets`` (default: :data:`TARGETS_FILE` beside ``out``)."""
    unknown = check_catalogue(data_dir / CATALOGUE)
    if unknown:
        raise StockpileError(
            f"Catalogue models that stockpile.data.MODEL_CLASSES cannot classify: {unknown}. "
            "Add them to stockpile/data/catalogue.py."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownModelWarning)
        record = read_attacks(data_dir / DAILY)
    table = monthly(record)
    note = NOTE.format(daily=DAILY, first=table.index[0], last=table.index[-1])
    write_monthly(table, out, note)
    by_place = by_target(record, KYIV)
    first, last = by_place.index[0], by_place.index[-1]
    note = TARGETS_NOTE.format(daily=DAILY, place=KYIV, key=KYIV.lower(), first=first, last=last)
    write_targets(by_place, targets or out.with_name(TARGETS_FILE), note)
    table.attrs["by_target"] = by_place
    return table


def summary(table: pd.DataFrame) -> str:
    """Yearly totals of launched missiles by class, as text."""
    launched = table["launched"]
    missiles = launched[["cruise", "ballistic", "s300_s400", "other_missile", "total"]]
    yearly = missiles.groupby(pd.PeriodIndex(launched.index).year).sum().round(1)
    yearly.index.name = "year"
    text = f"Launched missiles per year (national-level reports):\n{yearly.to_string()}"
    by_place = table.attrs.get("by_target")
    if by_place is None:
        return text
    ballistic = by_place.xs("ballistic", axis=1, level="class")
    years = ballistic.groupby(pd.PeriodIndex(ballistic.index).year).sum()
    shares = (years["destroyed"] / years["launched"]).round(2)
    shares.index.name = "year"
    return f"{text}\nBallistic destroyed ÷ launched, {KYIV} named as the target or not:\n{shares}"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m stockpile.data.build",
        description="Re-build stockpile/data/observed_monthly.csv from the published data set.",
    )
    parser.add_argument("data_dir", type=Path, help=f"folder holding {DAILY} and {CATALOGUE}")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).with_name(SHIPPED_FILE),
        help="file to write (default: the shipped stockpile/data/observed_monthly.csv)",
    )
    args = parser.parse_args(argv)
    try:
        table = build(args.data_dir, args.out)
    except (StockpileError, UnknownModelWarning, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out} ({len(table)} months).")
    print(summary(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
