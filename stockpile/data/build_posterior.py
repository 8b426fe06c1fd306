"""Re-build the shipped posterior draws: the defender as the record to 2025-06 implies.

Run from the repository root (``make data`` runs it after the monthly table)::

    python -m stockpile.data.build_posterior

It fits :func:`stockpile.infer.fit` to the shipped record (:func:`stockpile.data.
observed_monthly`), 2024-01 to 2025-06, with the model of the preset ``russia-ukraine-2025``:
ballistic and cruise missiles launched as observed, aimed at two areas (Kyiv first, then the
other cities), a Patriot-class magazine covering both with a floor kept for Kyiv, two rounds
a target above ``patriot.low`` and one below, the ex-Israeli aid package and the first month
(2025-06) of the US pause; a no-magazine lower layer engages the cruise missiles. The
destroyed counts are scored with the beta-binomial observation model: the ballistic ones at
Kyiv and elsewhere (:func:`stockpile.data.observed_by_target`, ``by_area`` of
:func:`stockpile.infer.fit`), the cruise ones per class; with HUR's claim of ~600 Iskander-M
in 2025. The defender's priors are the preset's ranges (:data:`FROM_BASE`), the
attacker's notebook 05's (:func:`priors`, :data:`PRIOR_NOTES`).

It writes one row per posterior draw (:data:`COLUMNS`: the inferred parameters
and the stocks at the window's end) to ``stockpile/data/posterior_2025-06.csv`` (or ``--out``),
seeded, so a re-run on the same record writes the same file. The preset
``russia-ukraine-2025-07`` starts from these rows; users do not need the script (the tests
check the shipped file is what it writes). It also prints :func:`by_area`: the draws' kill
shares at Kyiv and elsewhere over the window beside the record's.
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
#: The preset whose model is fitted and whose ranges are the defender's priors.
BASE = "russia-ukraine-2025"
#: The defender's unknowns, priors: russia-ukraine-2025's ranges (see its figures' sources).
#: ``patriot.stock``'s range (dated 2025-01 there, an order of magnitude) is the magazine's
#: prior in 2024-01 here.
FROM_BASE = (
    "patriot.stock",
    "patriot.deliveries",
    "patriot.pk",
    "patriot.low",
    "patriot.floor",
    "ballistic.aim.kyiv",
    "ballistic.aim.cities",
    "cruise.aim.cities",
    "lower_layers.pk",
    "aidpackage.quantity",
    "deliveryshock.factor",
)
#: Figures of russia-ukraine-2025 held at their point value in the fit (doctrine, dates).
FIXED = (
    "patriot.shots",
    "patriot.shots_below",
    "aidpackage.month",
    "deliveryshock.start",
    "deliveryshock.months",
)


def _base() -> dict[str, Any]:
    from stockpile.presets._ukraine import figures

    return {f.path: f for f in figures()}


def _cruise_at_kyiv() -> float:
    """russia-ukraine-2025's share of cruise launches at Kyiv (held fixed). [1]"""
    return float(_base()["cruise.aim.kyiv"].point)


def priors() -> dict[str, Any]:
    """Path → prior, rates wrapped in their unit; :data:`PRIOR_NOTES` gives each one's basis."""
    import stockpile as sp

    base = _base()
    cities = base["cruise.aim.cities"].dist
    low, high = (float(v) + _cruise_at_kyiv() for v in cities.support())
    # the fitted model has every launch working (no ballistic.reliability: it is confounded
    # with the aim shares), so pk's prior is the preset's calibrated at reliability 1
    from stockpile.presets._ukraine import pk_range

    return {path: base[path].value() for path in FROM_BASE} | {
        "patriot.pk": pk_range(1.0),
        "cruise.aim.cities": scipy.stats.uniform(low, high - low),
        "ballistic.stock": scipy.stats.uniform(100, 1200),
        "ballistic.production": sp.per_year(scipy.stats.uniform(250, 550)),
        "ballistic.imports": sp.per_year(scipy.stats.uniform(0, 200)),
    }


#: Path → the basis of its prior.
PRIOR_NOTES = {
    **{path: f"{BASE}'s range" for path in FROM_BASE},
    "patriot.pk": f"{BASE}'s range calibrated with every launch working (the fitted model has "
    "no ballistic.reliability), beta(6.9, 13.1)",
    "patriot.stock": f"{BASE}'s range 100-400 (there dated 2025-01), for the magazine in 2024-01",
    "cruise.aim.cities": f"{BASE}'s range, plus its cruise.aim.kyiv (counted with the cities "
    "in the fit); the table holds the cities' share alone",
    "ballistic.stock": "ballistic reserve in 2024-01, uniform 100-1,300 (nb 05)",
    "ballistic.production": "output, uniform 250-800 a year: RUSI's Iskander-M figures (nb 05)",
    "ballistic.imports": "KN-23/24 delivered, uniform 0-200 a year: 148 in 2024 (nb 05)",
}

#: Column → what it holds: the stocks at the end of 2025-06, then the posterior draws of the
#: inferred parameters (the observation model's concentrations last).
COLUMNS = {
    "patriot.interceptor_stock": f"Patriot-class magazine at the end of {UNTIL} [interceptors]",
    "ballistic.missile_stock": f"ballistic reserve at the end of {UNTIL} [missiles]",
    "patriot.stock": f"Patriot-class magazine in {SINCE} [interceptors]",
    "patriot.deliveries": "Patriot-class deliveries outside the pause [interceptors/year]",
    "patriot.pk": "single-shot kill probability [1]",
    "patriot.low": "magazine under which one round is fired instead of two [interceptors]",
    "patriot.floor": "rounds kept back for Kyiv [interceptors]",
    "ballistic.aim.kyiv": "share of ballistic launches at Kyiv [1]",
    "ballistic.aim.cities": "share of ballistic launches at other Patriot-covered cities [1]",
    "cruise.aim.cities": "share of cruise launches at other cities the lower layers cover [1]",
    "lower_layers.pk": "kill share of engaged cruise missiles [1]",
    "aidpackage.quantity": "ex-Israeli Patriot rounds arrived in 2025-03 [interceptors]",
    "deliveryshock.factor": "share of deliveries arriving in the US pause, 2025-06/07 [1]",
    "ballistic.stock": f"ballistic reserve in {SINCE} [missiles]",
    "ballistic.production": "ballistic output [missiles/year]",
    "ballistic.imports": "KN-23/24 imports [missiles/year]",
    "record.ballistic.concentration": "beta-binomial concentration, ballistic [1]",
    "record.cruise.concentration": "beta-binomial concentration, cruise [1]",
}


def scenario(record: pd.DataFrame) -> Any:
    """The fitted scenario: launches as observed, the model of russia-ukraine-2025 (two areas,
    Kyiv first, the floor, rationing, the aid package and the first month of the US pause);
    the values here are placeholders for the inferred ones."""
    import stockpile as sp
    from stockpile.presets._ukraine import AREAS

    fixed = {path: _base()[path].point for path in FIXED}
    # cruise missiles at Kyiv are counted with the other cities' (the lower layers have no
    # magazine and cover both alike: no figure changes), so the Kyiv area's figures are the
    # ballistic missiles' and the record's Kyiv counts can be scored
    return sp.infer.from_record(
        record,
        classes=["ballistic", "cruise"],
        since=SINCE,
        until=UNTIL,
        areas=AREAS,
        missiles=[
            sp.Missile(
                "ballistic",
                stock=600,
                production=sp.per_year(500),
                imports=sp.per_year(100),
                aim={"kyiv": 0.1, "cities": 0.25},
            ),
            sp.Missile(
                "cruise",
                stock=sp.infer.UNCONSTRAINED_STOCK,
                aim={"kyiv": 0.0, "cities": 0.95},
            ),
        ],
        interceptors=[
            sp.Interceptor(
                "patriot",
                stock=300,
                deliveries=sp.per_year(100),
                engages=["ballistic"],
                covers=AREAS,
                floor=30,
                shots=fixed["patriot.shots"],
                shots_below=fixed["patriot.shots_below"],
                low=60,
                pk=0.35,
            ),
            sp.Interceptor("lower_layers", stock=np.inf, engages=["cruise"], pk=0.8, shots=1),
        ],
        events=[
            sp.AidPackage(month=fixed["aidpackage.month"], interceptor="patriot", quantity=45),
            sp.DeliveryShock(
                start=fixed["deliveryshock.start"],
                months=fixed["deliveryshock.months"],
                factor=0.15,
                interceptor="patriot",
            ),
        ],
        name=NAME,
    )


def fit(record: pd.DataFrame, particles: int = PARTICLES, seed: int = SEED) -> Any:
    """The posterior (:class:`stockpile.infer.Posterior`) of :func:`scenario` given the record
    (the ballistic counts at Kyiv and elsewhere, :func:`stockpile.data.observed_by_target`;
    the cruise counts per class) and HUR's claim."""
    import stockpile as sp
    from stockpile.data import observed_by_target

    hur = sp.infer.Claim(
        "ballistic.missile_stock",
        UNTIL,
        scipy.stats.norm(600, 180),
        source="HUR 2025: ~600 Iskander-M (unverified), standard error 30 %",
    )
    return sp.infer.fit(
        scenario(record),
        priors(),
        observed=record,
        by_area=observed_by_target().xs("ballistic", level="class", axis=1, drop_level=False),
        claims=[hur],
        particles=particles,
        seed=seed,
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
    frame["cruise.aim.cities"] -= _cruise_at_kyiv()  # as russia-ukraine-2025 has it
    return frame


def by_area(frame: pd.DataFrame, record: pd.DataFrame) -> pd.DataFrame:
    """Share of ballistic missiles destroyed at Kyiv and elsewhere over the window, in each
    draw of ``frame`` (:func:`table`'s rows, simulated in :func:`scenario`), to set beside the
    record's per-area counts (:func:`stockpile.data.observed_by_target`) the fit scores.

    Returns
    -------
    pandas.DataFrame
        Columns ``kyiv`` and ``rest`` (destroyed ÷ launched over the window), one row per
        draw. [1]
    """
    import stockpile as sp

    rate = {"patriot.deliveries", "ballistic.production", "ballistic.imports"}
    paths = [c for c in list(COLUMNS)[2:] if not c.startswith("record.")]
    columns = frame[paths].assign(
        **{"cruise.aim.cities": frame["cruise.aim.cities"] + _cruise_at_kyiv()}
    )
    values: dict[str, Any] = {
        path: sp.per_year(columns[path].to_numpy()) if path in rate else columns[path].to_numpy()
        for path in paths
    }
    result = sp.simulate(scenario(record).with_params(values), runs=len(frame))
    aimed = result.get("aimed", "kyiv").sum(axis=1)
    kyiv = aimed - result.get("area_leakers", "kyiv").sum(axis=1)
    launched = result.get("launches", "ballistic").sum(axis=1)
    destroyed = launched - result.get("leakers", "ballistic").sum(axis=1)
    return pd.DataFrame(
        {"kyiv": kyiv / aimed, "rest": (destroyed - kyiv) / (launched - aimed)},
        index=frame.index,
    )


def observed_by_area() -> pd.Series:
    """The record's share of ballistic missiles destroyed at Kyiv and elsewhere over the
    window (:func:`stockpile.data.observed_by_target`). [1]"""
    from stockpile.data import observed_by_target

    total = observed_by_target().loc[SINCE:UNTIL].sum()
    return pd.Series(
        {
            area: total["destroyed", "ballistic", area] / total["launched", "ballistic", area]
            for area in ("kyiv", "rest")
        }
    )


def note(posterior: Any) -> str:
    """The file's header: what was fitted, how, and what each column holds."""
    d = posterior.diagnostics()
    lines = [
        f"Posterior draws '{NAME}', written by `python -m stockpile.data.build_posterior`:",
        f"sp.infer.fit of {BASE}'s model (areas kyiv and cities, Kyiv first, floor,",
        "rationing, aid package, the US pause's first month) to the shipped record",
        f"{SINCE} to {UNTIL} (ballistic and cruise launched as observed; beta-binomial",
        "destroyed counts, ballistic at Kyiv and elsewhere, cruise per class;",
        "claim: ~600 Iskander-M in 2025-06, sd 180),",
        f"{posterior.size} particles, seed {SEED}; {d['stages']} tempering stages, smallest ESS "
        f"{d['ess_min']:.0f}.",
        "One row per draw, equally weighted; rows are joint draws.",
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
    areas = by_area(frame, observed_monthly()).quantile([0.05, 0.5, 0.95]).T
    areas["record"] = observed_by_area()
    print("Share of ballistic missiles destroyed by area, posterior and record:")
    print(areas.round(3).to_string())
    alarms = posterior.alarms()
    print("\n".join(alarms) if alarms else "no alarm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
