"""The post-ceasefire contingency: Russia's reserve, grown through a ceasefire in Ukraine,
against a European defender's magazines.

The argument the article reports: a ceasefire stops launches but not production, so the reserve
grows, and it could then be turned on Europe, whose interceptor magazines are small. Here a
ceasefire holds from 2026-01 for two years; from 2028-01 a strike campaign on Europe runs at an
intensity between that of Russia's 2025 campaign on Ukraine and what the grown reserve sustains
for two years (the hypothesis tested, not a forecast). The defender is European NATO with two
defended areas in priority order, capitals and critical sites (bases, ports, energy) first, then
the other cities, and three magazines of its own stocks and production: Patriot (PAC-3 MSE /
PAC-2 GEM-T) and SAMP/T (Aster 30) against ballistic missiles, IRIS-T SLM against cruise
missiles, each covering both areas, rationing when short and keeping a floor for the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockpile.presets import _ukraine
from stockpile.presets._figures import Figure, beta, between, number
from stockpile.presets._record import WINDOW, target_record
from stockpile.scenario import Ceasefire, Interceptor, Missile, Scenario

__all__ = ["AREAS", "CAMPAIGN", "START_STOCKS", "figures", "scenario"]

START = "2026-01"
CAMPAIGN = "2028-01"  # first month of the hypothetical campaign
MONTHS = 48
#: Defended areas, in priority order: capitals and critical sites, then the other cities.
AREAS = ("critical", "cities")

#: The 5-95 % of russia-ukraine-2025's reserve at 2025-12, rounded (tests check them). [missiles]
START_STOCKS = {"cruise": (1000, 3400), "ballistic": (500, 1300)}

_REUSED = (
    "cruise.production",
    "ballistic.production",
    "cruise.utilization",
    "ballistic.utilization",
    "ballistic.imports",
    "ballistic.reliability",
    "cruise.dispersion",
    "ballistic.dispersion",
)
_NOT_STATED = "no public figure; order of magnitude assumed"


def _russia() -> tuple[Figure, ...]:
    ukraine = {f.path: f for f in _ukraine.figures()}
    reused = tuple(ukraine[p] for p in _REUSED)
    stocks = tuple(
        Figure(
            f"{name}.stock",
            between(*START_STOCKS[name]),
            None,
            "missiles",
            "2025-12",
            "the 5-95 % of russia-ukraine-2025's reserve at 2025-12 (stochastic, from its "
            "sourced ranges); start from that preset's per-run end state when state carried "
            "forward lands",
        )
        for name in ("cruise", "ballistic")
    )
    record = {name: float(ukraine[f"{name}.launches"].point) for name in ("cruise", "ballistic")}  # type: ignore[arg-type]
    campaign = tuple(
        Figure(
            f"{name}.launches",
            between(round(record[name]), high),
            None,
            "missiles/month",
            "hypothetical",
            "the campaign's intensity, the hypothesis tested: from that of Russia's 2025 "
            f"campaign on Ukraine (the record's mean, {number(record[name])} a month; "
            f"{WINDOW[0]} to {WINDOW[1]}) to about what the reserve grown by 2028-01 sustains "
            f"for two years with production ({number(high)} a month); launches never exceed "
            "the reserve",
            "scenario",
        )
        for name, high in (("cruise", 380), ("ballistic", 140))
    )
    ceasefire = (
        Figure(
            "ceasefire.start",
            None,
            START,
            "month",
            "hypothetical",
            "a ceasefire in Ukraine from 2026-01; production continues (Russia is 'considered "
            "unlikely to significantly slow down weapons production even if the war ends', "
            "Western officials via the NYT, unn.ua, Nov 2025, press)",
            "scenario",
        ),
        Figure(
            "ceasefire.end",
            None,
            CAMPAIGN,
            "month",
            "hypothetical",
            "launches resume in 2028-01, at Europe: the hypothesis tested, after two years of "
            "reserve growth",
            "scenario",
        ),
    )
    return (*reused, *stocks, *campaign, *ceasefire)


def _magazine(
    name: str, stock: tuple[float, float], supply: tuple[float, float], source: str
) -> tuple[Figure, ...]:
    return (
        Figure(f"{name}.stock", between(*stock), None, "interceptors", "2026-01", _NOT_STATED),
        Figure(
            f"{name}.deliveries",
            between(*supply),
            None,
            "interceptors/year",
            "2026-29",
            source,
        ),
    )


def _europe() -> tuple[Figure, ...]:
    ukraine = {f.path: f for f in _ukraine.figures()}
    pk = (
        "single-shot kill probability against Iskander-M and KN-23: no public figure for a "
        "European defender; assumed as russia-ukraine-2025's patriot.pk, which the record at "
        f"Kyiv gives ({ukraine['patriot.pk'].shown()}: two rounds kill "
        f"{_ukraine.target_record('ballistic').share('kyiv'):.2f} of the missiles there)"
    )
    return (
        *_magazine(
            "patriot",
            (500, 2500),
            (100, 400),
            "Europe's share of PAC-3 MSE output (~620 in 2025, toward ~2,000/yr over seven years "
            "under the Jan 2026 framework: US DoD / Lockheed Martin, official, future) and of "
            "the NATO order of up to 1,000 PAC-2 GEM-T from a European line (NSPA, Jan 2024, "
            "official): assumed",
        ),
        *_magazine(
            "samp_t",
            (300, 1000),
            (100, 300),
            "Aster 30: ~1,000 in the OCCAR programme, 2025 deliveries ~5× the first plan "
            "(airforce-technology.com, press); spread over several years, assumed",
        ),
        *_magazine(
            "iris_t",
            (200, 800),
            (200, 500),
            "IRIS-T SLM missiles: 400-500/yr expected from 2024, 2,000/yr targeted (Diehl, via "
            "press, official, future); Europe's share of them assumed",
        ),
        Figure("patriot.pk", ukraine["patriot.pk"].dist, None, "1", "2024-25", pk),
        Figure("samp_t.pk", ukraine["patriot.pk"].dist, None, "1", "2024-25", pk),
        Figure(
            "iris_t.pk",
            beta(7, 3),
            None,
            "1",
            "2024-25",
            "single-shot kill probability against cruise missiles: no public figure; centred "
            "on 0.7, the record's share of cruise missiles destroyed in Ukraine (all layers)",
        ),
        ukraine["patriot.shots"],
        Figure(
            "samp_t.shots",
            None,
            2,
            "1",
            "doctrine",
            "two per ballistic target, as Patriot (patriot.shots)",
            "scenario",
        ),
        Figure(
            "iris_t.shots",
            None,
            1,
            "1",
            "assumed",
            "one per cruise missile, as Ukraine's lower layers fire",
            "scenario",
        ),
        *_doctrine(),
        *_aims(),
    )


def _doctrine() -> tuple[Figure, ...]:
    """Rationing and the reserve kept for the first-priority area, as Ukraine's crews do."""
    out: list[Figure] = []
    for name, (low, floor) in {"patriot": (100, 250), "samp_t": (50, 120)}.items():
        out += [
            Figure(
                f"{name}.shots_below",
                None,
                1,
                "1",
                "Sep 2024",
                "one round per target when short, as Ukraine 'might use just one' (Ukraine's "
                "president, newsukraine.rbc.ua, claim); assumed of a European defender too",
                "scenario",
            ),
            Figure(
                f"{name}.low",
                between(low / 2, low * 2),
                None,
                "interceptors",
                "hypothetical",
                "magazine under which crews fire one round instead of two: no public figure; "
                f"about a tenth of {name}.stock assumed",
            ),
            Figure(
                f"{name}.floor",
                between(0, floor),
                None,
                "interceptors",
                "hypothetical",
                "rounds kept back for capitals and critical sites, the first-priority area: no "
                "public figure; Ukraine's batteries keep Kyiv first (the record has its "
                f"ballistic missiles destroyed {_ukraine.kyiv_first():.1f} times as often as "
                "elsewhere), assumed of "
                f"Europe too, up to about a sixth of {name}.stock's point value",
            ),
        ]
    return tuple(out)


def _aims() -> tuple[Figure, ...]:
    """Where the campaign's missiles fly: capitals and critical sites first, then cities."""
    critical = (
        "share of {what} launches aimed at capitals, bases, ports and energy sites (the "
        "first-priority area, which every battery covers first): no public figure; "
        "assumed. In Ukraine the reports name Kyiv for {kyiv} of them (2024 to 2025-H1, "
        "sp.data.observed_by_target), while infrastructure across the country drew most"
    )
    cities = (
        "share of {what} launches aimed at other cities the batteries cover: no public "
        "figure; assumed. The rest fly at targets no battery covers (dispersed sites, "
        "the front)"
    )
    out: list[Figure] = []
    for what in ("ballistic", "cruise"):
        kyiv = f"{target_record(what).aim:.0%}".replace("%", " %")
        out += [
            Figure(
                f"{what}.aim.critical",
                between(0.3, 0.6),
                None,
                "1",
                "hypothetical",
                critical.format(what=what, kyiv=kyiv),
            ),
            Figure(
                f"{what}.aim.cities",
                between(0.1, 0.4),
                None,
                "1",
                "hypothetical",
                cities.format(what=what),
            ),
        ]
    return tuple(out)


def figures() -> tuple[Figure, ...]:
    """Every figure of ``russia-europe-after-ceasefire``."""
    return (*_russia(), *_europe())


def scenario(v: Mapping[str, Any]) -> Scenario:
    """The scenario built from parameter values by path (``v``: path → value)."""
    missiles = [
        Missile(
            name,
            production=v[f"{name}.production"],
            utilization=v[f"{name}.utilization"],
            stock=v[f"{name}.stock"],
            launches=v[f"{name}.launches"],
            dispersion=v[f"{name}.dispersion"],
            aim={area: v[f"{name}.aim.{area}"] for area in AREAS},
            **(
                {"imports": v["ballistic.imports"], "reliability": v["ballistic.reliability"]}
                if name == "ballistic"
                else {}
            ),
        )
        for name in ("cruise", "ballistic")
    ]
    interceptors = [
        Interceptor(
            name,
            stock=v[f"{name}.stock"],
            deliveries=v[f"{name}.deliveries"],
            engages=[target],
            shots=v[f"{name}.shots"],
            pk=v[f"{name}.pk"],
            **{
                attr: v[f"{name}.{attr}"]
                for attr in ("shots_below", "low", "floor")
                if f"{name}.{attr}" in v
            },
        )
        for name, target in (
            ("patriot", "ballistic"),
            ("samp_t", "ballistic"),
            ("iris_t", "cruise"),
        )
    ]
    return Scenario(
        name="russia-europe-after-ceasefire",
        description=(
            "Russia's reserve grows through a ceasefire in Ukraine (2026-01 to 2027-12); from "
            "2028-01 a campaign on Europe, from the 2025 intensity on Ukraine to what the "
            "reserve sustains for two years, meets European Patriot, SAMP/T and IRIS-T SLM "
            "magazines (a hypothesis, not a forecast)."
        ),
        start=START,
        months=MONTHS,
        areas=AREAS,
        missiles=missiles,
        interceptors=interceptors,
        events=[Ceasefire(start=v["ceasefire.start"], end=v["ceasefire.end"])],
    )
