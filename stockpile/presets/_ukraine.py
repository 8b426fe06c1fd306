"""The Russia–Ukraine presets: Russia's reserve by the record's classes against Ukraine's
Patriot-class magazine, from January 2025.

Each figure is a range with its source and grade (:mod:`stockpile.presets._figures`); the
launch rates, their dispersion and the interception shares quoted come from the shipped record
(:mod:`stockpile.presets._record`). What the engine cannot express yet is graded ``pending``
and says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from stockpile.presets._figures import Figure, beta, between, lognormal, number, triangular
from stockpile.presets._record import (
    KYIV_WINDOW,
    WINDOW,
    destroyed_share,
    launch_record,
    target_record,
)
from stockpile.presets._sources import HUR_NYT, HUR_STOCKS
from stockpile.scenario import (
    AidPackage,
    Ceasefire,
    DeliveryShock,
    Interceptor,
    Missile,
    Scenario,
)

__all__ = ["AREAS", "ceasefire_figures", "figures", "interceptors", "scenario"]

START = "2025-01"
MONTHS = 36
#: Defended areas, in priority order: the capital first.
AREAS = ("kyiv", "cities")
#: The US pause of Patriot shipments: first month and duration [months].
PAUSE = ("2025-06", 2)
#: The periods whose shares bound the aim ranges: 2024 and 2025-H1.
YEARS = (("2024-01", "2024-12"), WINDOW)
#: Observations patriot.pk's beta range is worth (a + b). [1]
PK_WEIGHT = 20.0


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
            between(130, 170),
            KN23_IMPORTS,
            "missiles/year",
            "Jan 2025",
            "North Korean KN-23/24 delivered: 148 in 2024, 150 expected in 2025 (Ukraine's "
            "intelligence chief, kyivindependent.com, claim). All enter the reserve; the share "
            "that fails in flight is in ballistic.reliability",
            "claim",
        ),
        _reliability(),
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


#: KN-23/24 delivered a year (the point of ``ballistic.imports``). [missiles/year]
KN23_IMPORTS = 150
#: Share of KN-23/24 that fail in flight: low and high of the assumed range. [1]
KN23_FAILURE = (0.3, 0.6)
#: Iskander-M output: the points of ``ballistic.production`` and ``ballistic.utilization``.
#: [missiles/year]
ISKANDER_OUTPUT = 700 * 0.8


def _reliability() -> Figure:
    """Ballistic launches that work: ``1 − ι·φ``, with ``ι`` the KN-23 share of ballistic
    launches and ``φ`` the share of them that fails in flight (the engine's reliability is one
    share per missile type, acting on all its launches)."""
    imports, output = float(KN23_IMPORTS), ISKANDER_OUTPUT  # [missiles/year]
    launched = launch_record()["ballistic"].mean * 12.0  # [missiles/year]
    # a well-mixed reserve fires KN-23 at their share of the inflow; fired as delivered, at
    # their share of the launches
    share = (imports / (imports + output), imports / launched)
    low, high = KN23_FAILURE
    point = 1.0 - (share[0] + share[1]) / 2.0 * (low + high) / 2.0
    return Figure(
        "ballistic.reliability",
        between(round(1.0 - share[1] * high, 2), round(1.0 - share[0] * low, 2)),
        round(point, 2),
        "1",
        "2024-25",
        "share of ballistic launches that work, 1 - (KN-23 share) x (their failure share). "
        "About half of the early KN-23 failed in flight (Ukraine's Prosecutor General, via "
        "Reuters, claim); later deliveries were reported more accurate, so "
        f"{low:.0%}-{high:.0%} is assumed. The record does not tell KN-23 from Iskander-M: "
        f"their share of the launches is taken between their share of the inflow "
        f"({imports:.0f} of {imports + output:.0f} a year, a well-mixed reserve) and of the "
        f"record's 2025 launches ({imports:.0f} of {number(launched)}, fired as delivered). "
        "Failed missiles count as launched, as in the record, and hit nothing",
        "assumption",
    )


def _s300() -> Figure:
    """S-300/S-400 fly outside the areas modelled, as the record's target field says."""
    record = target_record("s300_s400")
    launched = record.launched["kyiv"] + record.launched["rest"]
    destroyed = record.destroyed["kyiv"] + record.destroyed["rest"]
    return Figure(
        "s300_s400.defended",
        None,
        0.0,
        "1",
        f"{record.first} to {record.last}",
        "share of S-300/S-400 launches aimed at the areas modelled: none. By the record's "
        f"target field {record.launched['kyiv']:.0f} of {launched:.0f} flew at Kyiv; they fly at "
        "front-line targets the Patriot batteries do not cover, and only "
        f"{destroyed:.0f} of {launched:.0f} were destroyed, so no modelled defence engages them",
        "scenario",
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


def kyiv_first() -> float:
    """How many times as often ballistic missiles were destroyed where the reports name Kyiv
    as elsewhere (2024 to 2025-H1). [1]"""
    ballistic = target_record("ballistic")
    return ballistic.share("kyiv") / ballistic.share("rest")


def _reliability_point() -> float:
    """``ballistic.reliability``'s point. [1]"""
    return float(_reliability().point)  # type: ignore[arg-type]


def _pk_point(reliability: float | None = None) -> float:
    """patriot.pk's point: two rounds per working missile at Kyiv kill the record's share
    there, ``ρ · (1 − (1 − pk)²) = destroyed ÷ launched`` (0.571, 2024 to 2025-H1; the record
    counts the failed as launched), so pk ≈ 0.41 at ``ballistic.reliability``'s ρ = 0.87
    (the default), 0.345 with every launch working (ρ = 1). [1]"""
    rho = _reliability_point() if reliability is None else reliability
    kill = target_record("ballistic").share("kyiv") / rho
    return round(1.0 - (1.0 - kill) ** 0.5, 3)


def pk_range(reliability: float | None = None) -> Any:
    """patriot.pk's range: a beta with :func:`_pk_point`'s mean worth :data:`PK_WEIGHT`
    observations, for a model whose ballistic launches work with ``reliability`` (default
    ``ballistic.reliability``'s point). [1]"""
    pk = _pk_point(reliability)
    return beta(round(pk * PK_WEIGHT, 2), round((1 - pk) * PK_WEIGHT, 2))


def _ballistic_shares() -> str:
    return ", ".join(
        [f"{_share('ballistic', y)} in {y}" for y in ("2023", "2024")]
        + [f"{destroyed_share('ballistic', *WINDOW):.2f} in 2025-H1"]
    )


def _areas() -> tuple[Figure, ...]:
    """Where missiles fly: Kyiv first, then the other cities, from the record's ``target``."""
    ballistic, cruise = target_record("ballistic"), target_record("cruise")
    by_year = [target_record("ballistic", *w) for w in YEARS]
    rest = ballistic.share("rest")
    named = f"{KYIV_WINDOW[0]} to {KYIV_WINDOW[1]}"
    kill = 1 - (1 - _pk_point()) ** 2  # per engaged working missile
    rho = _reliability_point()
    cities = round(rest / (rho * kill) * (1 - ballistic.aim), 2)
    return (
        Figure(
            "ballistic.aim.kyiv",
            between(*sorted(round(r.aim, 3) for r in by_year)),
            round(ballistic.aim, 3),
            "1",
            named,
            f"share of ballistic launches whose daily rows name Kyiv (city or oblast) as the "
            f"target: {number(ballistic.launched['kyiv'])} of "
            f"{number(ballistic.launched['kyiv'] + ballistic.launched['rest'])} "
            f"(sp.data.observed_by_target); range: {by_year[0].aim:.2f} in 2024 to "
            f"{by_year[1].aim:.2f} in 2025-H1. Rows naming only 'Ukraine' may also have flown "
            "at Kyiv, so this is the share the reports attribute to it",
            "record",
        ),
        Figure(
            "ballistic.aim.cities",
            between(round(cities * 0.7, 2), round(cities * 1.3, 2)),
            cities,
            "1",
            named,
            "share of ballistic launches at other cities that Patriot-class batteries cover: "
            "no public figure. Chosen so that it × the share that works (ballistic.reliability, "
            f"{rho:.2f}) × the kill share per engaged missile at Kyiv ({kill:.2f}, see "
            f"patriot.pk) gives the record's {rest:.3f} of the other ballistic missiles "
            f"destroyed ({named}; {_ballistic_shares()} overall): {rest:.3f} / ({rho:.2f} × "
            f"{kill:.2f}) × (1 − ballistic.aim.kyiv) = {cities:.2f}, ±30 %. "
            "The rest fly at front-line and undefended targets",
        ),
        Figure(
            "cruise.aim.kyiv",
            between(*sorted(round(target_record("cruise", *w).aim, 3) for w in YEARS)),
            round(cruise.aim, 3),
            "1",
            named,
            f"share of cruise launches whose daily rows name Kyiv: {cruise.aim:.3f} "
            f"(sp.data.observed_by_target); the lower layers cover every area alike, so the "
            f"share only splits the figures by area (the record has {cruise.share('kyiv'):.2f} "
            f"destroyed at Kyiv and {cruise.share('rest'):.2f} elsewhere, a small gap that "
            "Patriot fire at cruise missiles over Kyiv would explain and that is not modelled)",
            "record",
        ),
        Figure(
            "cruise.aim.cities",
            between(round(0.9 - cruise.aim, 2), round(1.0 - cruise.aim, 2)),
            None,
            "1",
            "2024-25",
            "share of cruise missiles flying at other areas the lower layers cover: no public "
            "figure; cruise missiles fly at cities and infrastructure, nearly all of it covered "
            "(90-100 % with cruise.aim.kyiv)",
        ),
    )


def _defender() -> tuple[Figure, ...]:
    cruise = destroyed_share("cruise", "2024-01", WINDOW[1])
    kyiv = target_record("ballistic").share("kyiv")
    pk = _pk_point()
    rho = _reliability_point()
    return (
        *_areas(),
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
        _s300(),
        Figure(
            "patriot.pk",
            pk_range(),
            pk,
            "1",
            f"{KYIV_WINDOW[0]} to {KYIV_WINDOW[1]}",
            "single-shot kill probability of PAC-3/PAC-2/Aster 30 against Iskander-M, KN-23 "
            "and Kinzhal, from the record at Kyiv: where the daily rows name Kyiv, "
            f"{kyiv:.2f} of ballistic missiles were destroyed (0.57 in 2024 and in 2025-H1 "
            "alike), failed ones counted as launched. Kyiv is the best-defended area, so every "
            "working missile at it is taken as engaged with two rounds: with "
            f"ballistic.reliability's {rho:.2f}, {rho:.2f} × (1 − (1 − pk)²) = {kyiv:.2f} gives "
            f"pk = {pk}; "
            f"range: a beta of that mean worth {PK_WEIGHT:g} observations (the Kyiv counts "
            "come from a dozen raids). The FT reports interception falling from ~37 % (Aug) "
            "to ~6 % (Sep 2025) as Iskanders manoeuvred and used decoys (press), after this "
            "preset's start",
            "record",
        ),
        Figure(
            "patriot.floor",
            between(0, 60),
            None,
            "interceptors",
            "2024-25",
            "rounds kept back for Kyiv, the batteries' first-priority area: other cities are "
            "served only from the stock above it. No public figure; crews were reported "
            "rationing Patriot rounds and choosing what to protect (press, 2024-25), and the "
            f"record has ballistic missiles destroyed {kyiv_first():.1f} times as often where "
            "the reports name Kyiv as elsewhere. Patriot covers both areas, Kyiv first, "
            "because the record has ballistic missiles destroyed elsewhere too (not only at "
            "Kyiv)",
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
            "Aster 30 / PAC-2 GEM-T a year, assumed. The rate outside the US pause of "
            "Jun-Jul 2025 (deliveryshock); from Aug 2025 NATO-funded PURL purchases carry "
            "75-90 % of the air-defence missiles delivered (NATO Secretary General, official) "
            "at the same average rate: no public figure says more or fewer. Their lumps "
            "(packages of ~$500M, the first arriving in Sep 2025: NATO, via Reuters, press) "
            "are not modelled, only their average",
        ),
        Figure(
            "deliveryshock.start",
            None,
            PAUSE[0],
            "month",
            "Jul 2025",
            "US shipments of Patriot interceptors to Ukraine paused in Jun-Jul 2025, with US "
            "stocks at ~25 % of their required minimum (press: pravda.com.ua 2025/07/02, "
            "censor.net); NATO-funded PURL deliveries from Aug 2025 (NATO, official)",
            "press",
        ),
        Figure(
            "deliveryshock.months",
            None,
            PAUSE[1],
            "months",
            "Jul 2025",
            "the US pause lasted June and July 2025 (press: pravda.com.ua 2025/07/02, "
            "censor.net); PURL purchases, agreed in July, were funded from Aug 2025 (official)",
            "press",
        ),
        Figure(
            "deliveryshock.factor",
            between(0.0, 0.3),
            None,
            "1",
            "Jun-Jul 2025",
            "share of patriot.deliveries still arriving during the US pause: the European "
            "Aster 30 / PAC-2 GEM-T part, 0-35 of 40-160 a year (see patriot.deliveries), "
            "assumed 0-30 %",
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


def interceptors(v: Mapping[str, Any], areas: Sequence[str]) -> list[Interceptor]:
    """Patriot-class batteries covering ``areas`` (a floor kept for the first) and the lower
    layers, from parameter values by path (``v``): shared with ``russia-ukraine-2025-07``."""
    return [
        Interceptor(
            "patriot",
            stock=v["patriot.stock"],
            deliveries=v["patriot.deliveries"],
            engages=["ballistic"],
            covers=list(areas),
            floor=v["patriot.floor"],
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
    ]


def _missile(name: str, v: Mapping[str, Any], **extra: Any) -> Missile:
    aim = {area: v[f"{name}.aim.{area}"] for area in AREAS if f"{name}.aim.{area}" in v}
    where = {"aim": aim} if aim else {"defended": v[f"{name}.defended"]}
    return Missile(
        name,
        launches=v[f"{name}.launches"],
        dispersion=v[f"{name}.dispersion"],
        stock=v[f"{name}.stock"],
        **where,
        **extra,
    )


def scenario(v: Mapping[str, Any], *, ceasefire: bool = False) -> Scenario:
    """The scenario built from parameter values by path (``v``: path → value)."""
    events: list[Any] = [
        AidPackage(
            month=v["aidpackage.month"], interceptor="patriot", quantity=v["aidpackage.quantity"]
        ),
        DeliveryShock(
            start=v["deliveryshock.start"],
            months=v["deliveryshock.months"],
            factor=v["deliveryshock.factor"],
            interceptor="patriot",
        ),
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
            "record's 2025 launch mix, Kyiv defended first, cruise missiles left to the lower "
            "layers; every figure a sourced range"
            + (", with a ceasefire from January 2026." if ceasefire else ".")
        ),
        start=START,
        months=MONTHS,
        areas=AREAS,
        missiles=[
            _missile("cruise", v, **production["cruise"]),
            _missile(
                "ballistic",
                v,
                imports=v["ballistic.imports"],
                reliability=v["ballistic.reliability"],
                **production["ballistic"],
            ),
            _missile("s300_s400", v),
        ],
        interceptors=interceptors(v, AREAS),
        events=events,
    )
