"""Re-build the shipped posterior draws: the defender as the record to 2025-06 implies.

Run from the repository root (``make data`` runs it after the monthly table)::

    python -m stockpile.data.build_posterior

It fits :func:`stockpile.infer.fit` to the shipped record (:func:`stockpile.data.
observed_monthly`), 2024-01 to 2025-06, with the model of notebook 05 ("What the record
implies"): ballistic and cruise missiles launched as observed, a Patriot-class magazine
engaging the ballistic ones and a no-magazine lower layer the cruise ones, the beta-binomial
observation model of the destroyed counts and HUR's claim of ~600 Iskander-M in 2025. Its
priors are the notebook's, except where the preset ``russia-ukraine-2025`` has a sourced
range for the same quantity (the Patriot-class deliveries, the ex-Israeli aid package): see
:data:`PRIORS`. It writes one row per posterior draw (:data:`COLUMNS`: the inferred parameters
and the stocks at the window's end) to ``stockpile/data/posterior_2025-06.csv`` (or ``--out``),
seeded, so a re-run on the same record writes the same file. The preset
``russia-ukraine-2025-07`` starts from these rows. Users and tests do not need it.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.stats

from stockpile.draws import SHIPPED

NAME = "posterior-2025-06"
#: The fitted window of the record. [month]
SINCE, UNTIL = "2024-01", "2025-06"
#: SMC particles: the rows of the table. [draws]
PARTICLES = 2000
SEED = 20250630
#: Significant digits written.
DIGITS = 6
#: Arrival month of the ex-Israeli interceptors (as in russia-ukraine-2025: an assumption).
AID_MONTH = "2025-03"


def priors() -> dict[str, Any]:
    """Path → prior, rates wrapped in their unit; :data:`PRIOR_NOTES` gives each one's basis."""
    import stockpile as sp

    return {
        "patriot.stock": scipy.stats.uniform(50, 550),
        "patriot.deliveries": sp.per_year(scipy.stats.uniform(40, 120)),
        "patriot.pk": scipy.stats.uniform(0.3, 0.65),
        "patriot.shots": scipy.stats.randint(1, 3),
        "ballistic.defended": scipy.stats.uniform(0.1, 0.8),
        "ballistic.stock": scipy.stats.uniform(100, 1200),
        "ballistic.production": sp.per_year(scipy.stats.uniform(250, 550)),
        "ballistic.imports": sp.per_year(scipy.stats.uniform(0, 200)),
        "lower_layers.pk": scipy.stats.uniform(0.3, 0.69),
        "aidpackage.quantity": scipy.stats.uniform(0, 90),
    }


#: Path → the basis of its prior (as in notebook 05, or russia-ukraine-2025's figure).
PRIOR_NOTES = {
    "patriot.stock": "Patriot-class magazine in 2024-01, uniform 50-600: no public figure (nb 05)",
    "patriot.deliveries": "uniform 40-160 a year: russia-ukraine-2025's sourced range (5-20 % of "
    "PAC-3 MSE output plus 0-35 Aster 30 / PAC-2), not nb 05's 50-1,000",
    "patriot.pk": "single-shot kill probability, uniform 0.30-0.95: wide (nb 05)",
    "patriot.shots": "1 or 2 rounds per target, equally likely (nb 05)",
    "ballistic.defended": "share of ballistic launches engaged, uniform 0.1-0.9 (nb 05)",
    "ballistic.stock": "ballistic reserve in 2024-01, uniform 100-1,300 (nb 05)",
    "ballistic.production": "output, uniform 250-800 a year: RUSI's Iskander-M figures (nb 05)",
    "ballistic.imports": "KN-23/24 delivered, uniform 0-200 a year: 148 in 2024 (nb 05)",
    "lower_layers.pk": "kill share of engaged cruise missiles, uniform 0.30-0.99 (nb 05)",
    "aidpackage.quantity": f"ex-Israeli Patriot rounds arriving {AID_MONTH}, uniform 0-90: "
    "russia-ukraine-2025's range",
}

#: Column → what it holds: the posterior draws of the parameters used from 2025-07 on, and the
#: stocks at the end of 2025-06.
COLUMNS = {
    "patriot.interceptor_stock": f"Patriot-class magazine at the end of {UNTIL} [interceptors]",
    "ballistic.missile_stock": f"ballistic reserve at the end of {UNTIL} [missiles]",
    "patriot.deliveries": "Patriot-class deliveries [interceptors/year]",
    "patriot.pk": "single-shot kill probability [1]",
    "patriot.shots": "rounds per target [1]",
    "ballistic.defended": "share of ballistic launches engaged [1]",
    "lower_layers.pk": "kill share of engaged cruise missiles [1]",
    "ballistic.production": "ballistic output [missiles/year]",
    "ballistic.imports": "KN-23/24 imports [missiles/year]",
}


def scenario(record: pd.DataFrame) -> Any:
    """The fitted scenario: launches as observed, the defender of notebook 05."""
    import stockpile as sp

    return sp.infer.from_record(
        record,
        classes=["ballistic", "cruise"],
        since=SINCE,
        until=UNTIL,
        missiles=[sp.Missile("ballistic", stock=600, production=sp.per_year(500))],
        interceptors=[
            sp.Interceptor("patriot", stock=300, engages=["ballistic"], pk=0.7, shots=2),
            sp.Interceptor("lower_layers", stock=np.inf, engages=["cruise"], pk=0.8, shots=1),
        ],
        events=[sp.AidPackage(month=AID_MONTH, interceptor="patriot", quantity=45)],
        name=NAME,
    )


def fit(record: pd.DataFrame, particles: int = PARTICLES, seed: int = SEED) -> Any:
    """The posterior (:class:`stockpile.infer.Posterior`) of :func:`scenario` given the record
    and HUR's claim."""
    import stockpile as sp

    hur = sp.infer.Claim(
        "ballistic.missile_stock",
        UNTIL,
        scipy.stats.norm(600, 180),
        source="HUR 2025: ~600 Iskander-M (unverified), standard error 30 %",
    )
    return sp.infer.fit(
        scenario(record), priors(), observed=record, claims=[hur], particles=particles, seed=seed
    )


def table(posterior: Any) -> pd.DataFrame:
    """One row per draw: :data:`COLUMNS`, from the draws and their states at the window's end."""
    draws = posterior.draws_frame()
    end = posterior.result
    frame = pd.DataFrame(
        {
            "patriot.interceptor_stock": end.get("interceptor_stock", "patriot")[:, -1],
            "ballistic.missile_stock": end.get("missile_stock", "ballistic")[:, -1],
        },
        index=draws.index,
    )
    for column in list(COLUMNS)[2:]:
        frame[column] = draws[column]
    return frame


def note(posterior: Any) -> str:
    """The file's header: what was fitted, how, and what each column holds."""
    d = posterior.diagnostics()
    lines = [
        f"Posterior draws '{NAME}', written by `python -m stockpile.data.build_posterior`:",
        f"sp.infer.fit to the shipped record {SINCE} to {UNTIL} (ballistic and cruise launched",
        "as observed; beta-binomial destroyed counts; claim: ~600 Iskander-M in 2025-06, sd 180),",
        f"{posterior.size} particles, seed {SEED}; {d['stages']} tempering stages, smallest ESS "
        f"{d['ess_min']:.0f}. One row per draw, equally weighted; rows are joint draws.",
        "Priors:",
        *(f"  {path}: {text}" for path, text in PRIOR_NOTES.items()),
        "Columns:",
        *(f"  {column}: {text}" for column, text in COLUMNS.items()),
    ]
    return "\n".join(lines)


def write(frame: pd.DataFrame, out: Path, header: str) -> None:
    """Write the table with its ``#`` header, values to :data:`DIGITS` significant digits."""
    wrapped = []
    for line in header.splitlines():
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        wrapped += textwrap.wrap(line, 96, subsequent_indent=indent, break_on_hyphens=False)
    text = "".join(f"# {line}".rstrip() + "\n" for line in wrapped)
    body = frame.to_csv(float_format=f"%.{DIGITS}g", lineterminator="\n")
    out.write_text(text + body, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    from stockpile.data import observed_monthly

    parser = argparse.ArgumentParser(
        prog="python -m stockpile.data.build_posterior",
        description=f"Re-build stockpile/data/{SHIPPED[NAME]} from the shipped record.",
    )
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).with_name(SHIPPED[NAME]), help="file to write"
    )
    parser.add_argument("--particles", type=int, default=PARTICLES, help="posterior draws")
    args = parser.parse_args(argv)
    posterior = fit(observed_monthly(), particles=args.particles)
    frame = table(posterior)
    write(frame, args.out, note(posterior))
    print(f"Wrote {args.out} ({len(frame)} draws).")
    print(frame.quantile([0.05, 0.5, 0.95]).T.round(2).to_string())
    alarms = posterior.alarms()
    print("\n".join(alarms) if alarms else "no alarm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
