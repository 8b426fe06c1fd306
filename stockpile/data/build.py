"""Re-build the shipped monthly aggregates from the published data set.

Run from the repository root (``make data`` does exactly this)::

    python -m stockpile.data.build ../shared/data

``../shared/data`` must hold ``missile_attacks_daily.csv`` and ``missiles_and_uavs.csv`` of the
"Massive Missile Attacks on Ukraine" data set. The script checks that every model of the
catalogue and of the daily file classifies, then writes ``stockpile/data/observed_monthly.csv``
(or ``--out``) and prints the yearly missile totals. Users and tests do not need it.
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
from stockpile.errors import StockpileError

DAILY = "missile_attacks_daily.csv"
CATALOGUE = "missiles_and_uavs.csv"

NOTE = """\
Built by `python -m stockpile.data.build <data dir>` from {daily}:
reports of national-level sources only (stockpile.data.NATIONAL_SOURCES), merged rows split
equally among the models they list, each reporting window counted in the month it starts.
Columns: launched.<class> and destroyed.<class> [missiles/month] ([drones/month] for drone);
total = all missile classes (no drones, bombs or unknown). Months {first} to {last}."""


def check_catalogue(path: Path) -> list[str]:
    """Model names of the catalogue with a part this library cannot classify."""
    catalogue = pd.read_csv(path, dtype=str)
    if "model" not in catalogue.columns:
        raise StockpileError(f"The catalogue {path} has no 'model' column.")
    models = catalogue["model"].dropna()
    return [model for model in models if UNKNOWN in classify_model(model)]


def build(data_dir: Path, out: Path) -> pd.DataFrame:
    """Check the catalogue, read the daily record, write the monthly table to ``out``."""
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
    return table


def summary(table: pd.DataFrame) -> str:
    """Yearly totals of launched missiles by class, as text."""
    launched = table["launched"]
    missiles = launched[["cruise", "ballistic", "s300_s400", "other_missile", "total"]]
    yearly = missiles.groupby(pd.PeriodIndex(launched.index).year).sum().round(1)
    yearly.index.name = "year"
    return f"Launched missiles per year (national-level reports):\n{yearly.to_string()}"


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
