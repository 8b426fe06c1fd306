"""The preset data: figures with their sources, and the scenarios built from them.

Figures come from the reference table of docs/model.md (HUR via the New York Times, RUSI, Lockheed
Martin, the observed Air Force record). Where no public source gives a number, the figure is
an assumption and says why it was chosen; change it with ``Scenario.with_params``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stockpile.scenario import Ceasefire, Interceptor, Missile, Scenario
from stockpile.units import per_year

__all__ = ["PRESETS", "Figure", "Preset"]


@dataclass(frozen=True)
class Figure:
    """One number of a preset and where it comes from.

    Parameters
    ----------
    path : str
        Parameter path it sets (``"ballistic.production"``).
    value : float or str
        The value (a month for dates). [``unit``]
    unit : str
        Unit of ``value``.
    when : str
        Date the figure refers to.
    source : str
        Who gives it (or why it is assumed).
    assumption : bool
        True when no public source gives the number.
    """

    path: str
    value: float | str
    unit: str
    when: str
    source: str
    assumption: bool = False


@dataclass(frozen=True)
class Preset:
    """A named scenario: a description, its figures, and a builder."""

    description: str
    figures: tuple[Figure, ...]
    build: Callable[[], Scenario]


HUR_NYT = "Ukrainian military intelligence (HUR), via the New York Times"
NYT_2024 = "New York Times analysis of Ukrainian Air Force data"

#: The figures of the Russia–Ukraine 2025 preset.
RU_UA_2025 = (
    Figure(
        "cruise.production",
        2200,
        "missiles/year",
        "Jun 2025",
        "2,900/yr cruise+ballistic capacity (" + HUR_NYT + ") minus ballistic.production",
    ),
    Figure(
        "ballistic.production", 700, "missiles/year", "2024", "Iskander-M output ~700/yr (RUSI)"
    ),
    Figure(
        "ballistic.imports",
        100,
        "missiles/year",
        "2024",
        "KN-23/24 from North Korea, ~100 delivered in 2024 (HUR), assumed to continue",
    ),
    Figure(
        "cruise.launches",
        1450,
        "missiles/year",
        "2024",
        "2,061 launched in 2024 (" + NYT_2024 + "), 70 % cruise by the record's 2024 split",
    ),
    Figure(
        "ballistic.launches",
        611,
        "missiles/year",
        "2024",
        "2,061 launched in 2024 (" + NYT_2024 + "), 30 % ballistic incl. S-300/S-400 and "
        "Kinzhal by the record's 2024 split",
    ),
    Figure("ballistic.stock", 600, "missiles", "2025", "~600 Iskander-M in stock (HUR)"),
    Figure(
        "cruise.defended",
        0.0,
        "1",
        "2025",
        "Patriot-class interceptors are kept for ballistic targets; cruise missiles meet "
        "other air defences, not modelled here",
        assumption=True,
    ),
    Figure(
        "cruise.stock",
        1500,
        "missiles",
        "2025",
        "~300 Iskander-K (HUR) plus an assumed 1,200 Kh-101/Kalibr/Kh-59: no public figure",
        assumption=True,
    ),
    Figure(
        "ballistic.defended",
        0.5,
        "1",
        "2025",
        "share of ballistic launches aimed at Patriot-defended areas: no public figure",
        assumption=True,
    ),
    Figure(
        "patriot.stock",
        250,
        "interceptors",
        "2025-01",
        "Ukraine's Patriot/SAMP-T magazine is classified; order of magnitude assumed",
        assumption=True,
    ),
    Figure(
        "patriot.deliveries",
        90,
        "interceptors/year",
        "2025",
        "PAC-3 MSE output ~620/yr for all customers (Lockheed Martin); Ukraine's share "
        "(~15 %, with SAMP/T Aster 30) assumed",
        assumption=True,
    ),
    Figure(
        "patriot.shots",
        2,
        "1",
        "doctrine",
        "two interceptors per ballistic target (CENTCOM practice; Ukrainian statements)",
    ),
    Figure(
        "patriot.pk",
        0.5,
        "1",
        "2023-25",
        "chosen so that defended × (1 − (1 − pk)²) ≈ 38 %, the top of the record's "
        "17–38 %/yr ballistic interception rate",
        assumption=True,
    ),
)


def _russia_ukraine(
    events: tuple = (), name: str = "russia-ukraine-2025", description: str = ""
) -> Scenario:
    v = {f.path: f.value for f in RU_UA_2025}
    return Scenario(
        name=name,
        description=description
        or "Russia's missile reserve and Ukraine's Patriot-class "
        "magazine from January 2025, at 2024's launch rates and mid-2025 production.",
        start="2025-01",
        months=36,
        missiles=[
            Missile(
                "cruise",
                production=per_year(v["cruise.production"]),
                launches=per_year(v["cruise.launches"]),
                stock=v["cruise.stock"],
                defended=v["cruise.defended"],
            ),
            Missile(
                "ballistic",
                production=per_year(v["ballistic.production"]),
                imports=per_year(v["ballistic.imports"]),
                launches=per_year(v["ballistic.launches"]),
                stock=v["ballistic.stock"],
                defended=v["ballistic.defended"],
            ),
        ],
        interceptors=[
            Interceptor(
                "patriot",
                stock=v["patriot.stock"],
                deliveries=per_year(v["patriot.deliveries"]),
                engages=["ballistic"],
                shots=int(v["patriot.shots"]),
                pk=v["patriot.pk"],
            ),
        ],
        events=events,
    )


ARTICLE_2024 = (
    Figure("missiles.production", 2900, "missiles/year", "Jun 2025", HUR_NYT),
    Figure("missiles.launches", 2061, "missiles/year", "2024", NYT_2024),
    Figure(
        "missiles.stock",
        0,
        "missiles",
        "2025-01",
        "the reserve is counted from zero: the preset shows its growth",
        assumption=True,
    ),
)


def _article() -> Scenario:
    v = {f.path: f.value for f in ARTICLE_2024}
    return Scenario(
        name="article-2024",
        description="The article's arithmetic: 2,900 built a year against 2,061 launched.",
        start="2025-01",
        months=24,
        missiles=[
            Missile(
                "missiles",
                production=per_year(v["missiles.production"]),
                launches=per_year(v["missiles.launches"]),
                stock=v["missiles.stock"],
            )
        ],
    )


CEASEFIRE = Figure(
    "ceasefire.start",
    "2026-01",
    "month",
    "hypothetical",
    "a ceasefire from January 2026, for comparison",
    assumption=True,
)

#: Registry of presets: name → Preset.
PRESETS: dict[str, Preset] = {
    "russia-ukraine-2025": Preset(
        "Russia's reserve and Ukraine's Patriot-class magazine from 2025-01, 36 months.",
        RU_UA_2025,
        _russia_ukraine,
    ),
    "russia-ukraine-2025-ceasefire": Preset(
        "As russia-ukraine-2025, with a ceasefire from 2026-01: the reserve grows faster.",
        (*RU_UA_2025, CEASEFIRE),
        lambda: _russia_ukraine(
            (Ceasefire(start="2026-01"),),
            name="russia-ukraine-2025-ceasefire",
            description="As russia-ukraine-2025 with a ceasefire from January 2026.",
        ),
    ),
    "article-2024": Preset(
        "The article's headline arithmetic: 2,900/yr built, 2,061/yr launched.",
        ARTICLE_2024,
        _article,
    ),
}
