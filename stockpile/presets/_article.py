"""The article's arithmetic: about 2,900 missiles built a year against 2,061 launched."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockpile.presets._figures import Figure, triangular
from stockpile.presets._sources import HUR_NYT
from stockpile.scenario import Missile, Scenario

__all__ = ["figures", "scenario"]


def figures() -> tuple[Figure, ...]:
    """Every figure of ``article-2024``."""
    return (
        Figure(
            "missiles.production",
            triangular(2500, 2900, 3100),
            2900,
            "missiles/year",
            "Jun 2025",
            f"~2,900/yr cruise and ballistic missiles ({HUR_NYT}); a capacity that the article "
            "reads as output, so the reserve's growth is an upper bound (russia-ukraine-2025 "
            "separates capacity and utilization). The range's width is assumed",
            "claim",
        ),
        Figure(
            "missiles.launches",
            triangular(2003, 2061, 2202),
            2061,
            "missiles/year",
            "2024",
            "2,061 launched in 2024 (New York Times analysis of Ukrainian Air Force data); the "
            "record counts 2,003 in the national reports and 2,202 in all reports (sp.data), "
            "which bound the range",
            "press",
        ),
        Figure(
            "missiles.stock",
            None,
            0.0,
            "missiles",
            "2025-01",
            "the reserve is counted from zero: the preset shows its growth",
            "scenario",
        ),
    )


def scenario(v: Mapping[str, Any]) -> Scenario:
    """The scenario built from parameter values by path (``v``: path → value)."""
    return Scenario(
        name="article-2024",
        description="The article's arithmetic: about 2,900 built a year against 2,061 launched.",
        start="2025-01",
        months=24,
        missiles=[
            Missile(
                "missiles",
                production=v["missiles.production"],
                launches=v["missiles.launches"],
                stock=v["missiles.stock"],
            )
        ],
    )
