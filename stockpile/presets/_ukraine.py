"""The Russia–Ukraine presets: Russia's reserve by the record's classes against Ukraine's
Patriot-class magazine, from January 2025.

Each figure is a range with its source and grade (:mod:`stockpile.presets._figures`); the
launch rates, their dispersion and the interception shares quoted come from the shipped record
(:mod:`stockpile.presets._record`). What the engine cannot express yet is graded ``pending``
and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockpile.presets._figures import Figure, beta, between, lognormal, number, triangular
from stockpile.presets._record import WINDOW, destroyed_share, launch_record
from stockpile.presets._sources import HUR_NYT, HUR_STOCKS, TO_DO
from stockpile.scenario import AidPackage, Ceasefire, Interceptor, Missile, Scenario

__all__ = ["ceasefire_figures", "figures", "scenario"]

START = "2025-01"
MONTHS = 36


LAYERS = (
    "mobile fire groups, NASAMS, IRIS-T and other short- and medium-range systems, mo"
    "delled as one layer with no magazine (their stocks are not tracked)"
)


def _share(name: str, year: str) -> str:
    return f"{destroyed_share(name, f'{year}-01', f'{year}-12'):.2f}"


def _attacker() -> tuple[Figure, ...]:
    capacity = (
        "a capacity, not output: the output is capacity × utilization. "
        f"Capacity ~2,900/yr for cruise and ballistic missiles together ({HUR_NYT})"
    )
    utilization = (
        "no public figure. HUR calls production 'at the peak of its capabilities' for a year "
        "(Jun 2024, uatv.ua), pointing high; Conflict Armament Research finds Kh-101 fired "
        "months after their parts were made, i.e. fired as produced, pointing at output near "
        "launches (2,003 in 2024 by the record: 0.7 of 2,900). The range spans both readings"
    )
    return (
        Figure(
            "cruise.production",
            triangular(1600, 2200, 2600),
            2200,
            "missiles/year",
            "Jun 2025",
            f"{capacity}, less ballistic.production's 700; Kh-101 alone went from 56 (2021) to "
            "420 (2023) a year (RUSI, via the Financial Times, press)",
            "claim",
        ),
        Figure(
            "ballistic.production",
            triangular(250, 700, 800),
            700,
            "missiles/year",
            "2024",
            "Iskander-M capacity: ~250 (2023) -> ~700 (2024) a year (RUSI, quoted in press; "
            "no primary text found); at least 180 in 2023 (RUSI, via NBC, press). The range "
            "peaks at 700 and reaches down to the 2023 figures",
            "unverified",
        ),
        Figure("cruise.utilization", between(0.6, 1.0), None, "1", "2024-25", utilization),
        Figure("ballistic.utilization", between(0.6, 1.0), None, "1", "2024-25", utilization),
        Figure(
            "ballistic.imports",
            between(60, 105),
            75,
            "missiles/year",
            "Jan 2025",
            "North Korean KN-23/24: 148 delivered in 2024, 150 expected in 2025 (Ukraine's "
            "intelligence chief, kyivindependent.com, claim); about half of the early ones "
            "failed in flight (Ukraine's Prosecutor General, via Reuters, claim). The engine "
            "has no import reliability yet, so the failure share (0.3-0.6 assumed; later "
            "deliveries were reported more accurate) is folded in: 150 × (1 − share) working "
            "missiles a year. The record's launches still count the failures",
            "claim",
        ),
        Figure(
            "cruise.stock",
            between(500, 2500),
            None,
            "missiles",
            "2025-01",
            "~300 Iskander-K (" + HUR_STOCKS + ", unverified) plus Kh-101/Kalibr/Kh-59, for "
            "which no public figure exists; Nov 2022 stock claims were exceeded several times "
            "over within a month, hence the width",
        ),
        Figure(
            "ballistic.stock",
            triangular(300, 600, 1200),
            600,
            "missiles",
            "2025",
            f"~600 Iskander-M ({HUR_STOCKS}); the range is wide because earlier stock claims "
            "(Nov 2022: '229 Kalibr, 132 Kh-101 left') were soon exceeded by launches",
            "unverified",
        ),
        Figure(
            "s300_s400.stock",
            between(300, 2000),
            None,
            "missiles",
            "2025",
            "no public figure: S-300/S-400 air-defence missiles fired at ground targets come "
            "from legacy stock (no production is counted); at the record's 2025 rate (about "
            "46 a year) no value in the range binds within 36 months",
        ),
    )


def _launches() -> tuple[Figure, ...]:
    out = []
    for name, record in launch_record().items():
        months = ", ".join(number(v) for v in record.monthly)
        trend = (
            "; BIC keeps a rising trend over the last 24 months, which a constant rate ignores"
            if record.model != "constant"
            else ""
        )
        mean, k = round(record.mean, 2), round(record.dispersion, 2)
        out += [
            Figure(
                f"{name}.launches",
                lognormal(mean, round(record.log_sd, 3)),
                mean,
                "missiles/month",
                f"{record.first} to {record.last}",
                f"the record's 2025 mix: mean of {months} a month (sp.data.observed_monthly); "
                f"range: the uncertainty of a {len(record.monthly)}-month mean under the "
                f"fitted negative-binomial process (log-sd {record.log_sd:.2f}){trend}",
                "record",
            ),
            Figure(
                f"{name}.dispersion",
                lognormal(k, round(record.dispersion_log_sd, 3)),
                k,
                "1",
                f"24 months to {record.last}",
                "negative-binomial dispersion of monthly launches fitted to the record "
                f"(sp.calibrate.fit_launches, model '{record.model}'), not Poisson; range: "
                "its standard error",
                "record",
            ),
        ]
    return tuple(out)


def _defender() -> tuple[Figure, ...]:
    ballistic = ", ".join(
        [f"{_share('ballistic', y)} in {y}" for y in ("2023", "2024")]
        + [f"{destroyed_share('ballistic', *WINDOW):.2f} in 2025-H1"]
    )
    cruise = destroyed_share("cruise", "2024-01", WINDOW[1])
    s300 = destroyed_share("s300_s400", "2024-01", WINDOW[1])
    return (
        Figure(
            "cruise.defended",
            between(0.9, 1.0),
            None,
            "1",
            "2024-25",
            "share of cruise missiles flying at areas the lower layers cover: no public figure; "
            "cruise missiles fly at cities and infrastructure, nearly all of it covered",
        ),
        Figure(
            "lower_layers.stock",
            None,
            float("inf"),
            "interceptors",
            "2024-25",
            f"{LAYERS}: a defence that never runs short",
            "scenario",
        ),
        Figure(
            "lower_layers.shots",
            None,
            1,
            "1",
            "2024-25",
            f"{LAYERS}: one engagement per target",
            "scenario",
        ),
        Figure(
            "lower_layers.pk",
            between(round(cruise - 0.04, 2), round(min(cruise + 0.08, 1.0), 2)),
            None,
            "1",
            "2024 to 2025-H1",
            f"kill share of the {LAYERS}: the record has {cruise:.2f} of cruise missiles "
            "destroyed (2024 to 2025-H1); with 90-100 % of them engaged the kill share per "
            "engaged missile is that or a little higher",
            "record",
        ),
        Figure(
            "s300_s400.defended",
            None,
            0.0,
            "1",
            "2024-25",
            "S-300/S-400 fired at ground targets are rarely Patriot targets (the record has "
            f"{s300:.2f} of them destroyed, 2024 to 2025-H1), so none is engaged here; their "
            f"own aim and defence are {TO_DO}",
            "pending",
        ),
        Figure(
            "ballistic.defended",
            between(0.2, 0.45),
            None,
            "1",
            "2023-25",
            "share of ballistic launches engaged by Patriot-class batteries: no public figure. "
            "With patriot.pk chosen so that defended × (1 − (1 − pk)²) spans the record's "
            f"ballistic destroyed ÷ launched ({ballistic}) at its centre, not its top. Kyiv "
            f"first (its ballistic missiles are destroyed far more often) needs areas: {TO_DO}",
        ),
        Figure(
            "patriot.pk",
            beta(5, 5),
            None,
            "1",
            "2023-25",
            "single-shot kill probability of PAC-3/PAC-2/Aster 30 against Iskander-M, KN-23 "
            "and Kinzhal: no public figure; centred on 0.5 (see ballistic.defended). The FT "
            "reports interception falling from ~37 % (Aug) to ~6 % (Sep 2025) as Iskanders "
            "manoeuvred and used decoys (press), after this preset's start",
        ),
        Figure(
            "patriot.shots",
            None,
            2,
            "1",
            "Sep 2024",
            "two interceptors per ballistic target is doctrine (CENTCOM practice; Ukrainian "
            "statements), while the magazine holds at least patriot.low",
            "scenario",
        ),
        Figure(
            "patriot.shots_below",
            None,
            1,
            "1",
            "Sep 2024",
            "Ukraine 'might use just one' interceptor per target when short (Ukraine's "
            "president, newsukraine.rbc.ua, claim): one round under patriot.low",
            "scenario",
        ),
        Figure(
            "patriot.low",
            between(20, 100),
            None,
            "interceptors",
            "2024-25",
            "magazine under which crews fire one round instead of two: no public figure; "
            "crews were reported rationing Patriot rounds in 2024-25 (press)",
        ),
        Figure(
            "patriot.stock",
            between(100, 400),
            None,
            "interceptors",
            "2025-01",
            "Ukraine's Patriot/SAMP-T magazine is classified; an order-of-magnitude range",
        ),
        Figure(
            "patriot.deliveries",
            between(40, 160),
            None,
            "interceptors/year",
            "2025",
            "no public figure for Ukraine's share. PAC-3 MSE output ~500 (2024), ~620 (2025) "
            "for all 17 operators (Lockheed Martin, US DoD, official) while US stocks stood "
            "at ~25 % of their required minimum (press, Jul 2025): 5-20 % of it, plus 0-35 "
            "Aster 30 / PAC-2 GEM-T a year, assumed. An average rate: the US pause of "
            "Jun-Jul 2025 and the lumps of NATO-funded PURL deliveries from Aug 2025 "
            "(official) are not modelled as timing",
        ),
        Figure(
            "aidpackage.quantity",
            between(0, 90),
            None,
            "interceptors",
            "Jan 2025",
            "~90 ex-Israeli Patriot interceptors reported bound for Ukraine (pravda.com.ua "
            "2025/01/28, press); how many arrived is not reported: 0-90",
            "press",
        ),
        Figure(
            "aidpackage.month",
            None,
            "2025-03",
            "month",
            "Jan 2025",
            "arrival month of the ex-Israeli interceptors, not reported; two months after the "
            "report assumed",
        ),
    )


def figures() -> tuple[Figure, ...]:
    """Every figure of ``russia-ukraine-2025``."""
    return (*_attacker(), *_launches(), *_defender())


def ceasefire_figures() -> tuple[Figure, ...]:
    """Every figure of ``russia-ukraine-2025-ceasefire``."""
    start = Figure(
        "ceasefire.start",
        None,
        "2026-01",
        "month",
        "hypothetical",
        "a ceasefire from January 2026, open-ended: the question the article asks",
        "scenario",
    )
    return (*figures(), start)


def _missile(name: str, v: Mapping[str, Any], **extra: Any) -> Missile:
    return Missile(
        name,
        launches=v[f"{name}.launches"],
        dispersion=v[f"{name}.dispersion"],
        stock=v[f"{name}.stock"],
        defended=v[f"{name}.defended"],
        **extra,
    )


def scenario(v: Mapping[str, Any], *, ceasefire: bool = False) -> Scenario:
    """The scenario built from parameter values by path (``v``: path → value)."""
    events: list[Any] = [
        AidPackage(
            month=v["aidpackage.month"], interceptor="patriot", quantity=v["aidpackage.quantity"]
        )
    ]
    if ceasefire:
        events.append(Ceasefire(start=v["ceasefire.start"]))
    production = {
        name: {"production": v[f"{name}.production"], "utilization": v[f"{name}.utilization"]}
        for name in ("cruise", "ballistic")
    }
    return Scenario(
        name="russia-ukraine-2025-ceasefire" if ceasefire else "russia-ukraine-2025",
        description=(
            "Russia's reserve by the record's classes (cruise, ballistic, S-300/S-400 from "
            "legacy stock) and Ukraine's Patriot-class magazine from January 2025, at the "
            "record's 2025 launch mix; every figure a sourced range"
            + (", with a ceasefire from January 2026." if ceasefire else ".")
        ),
        start=START,
        months=MONTHS,
        missiles=[
            _missile("cruise", v, **production["cruise"]),
            _missile("ballistic", v, imports=v["ballistic.imports"], **production["ballistic"]),
            _missile("s300_s400", v),
        ],
        interceptors=[
            Interceptor(
                "patriot",
                stock=v["patriot.stock"],
                deliveries=v["patriot.deliveries"],
                engages=["ballistic"],
                shots=v["patriot.shots"],
                shots_below=v["patriot.shots_below"],
                low=v["patriot.low"],
                pk=v["patriot.pk"],
            ),
            Interceptor(
                "lower_layers",
                stock=v["lower_layers.stock"],
                engages=["cruise"],
                shots=v["lower_layers.shots"],
                pk=v["lower_layers.pk"],
            ),
        ],
        events=events,
    )
