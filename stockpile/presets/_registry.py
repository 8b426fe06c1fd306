"""The preset registry: name → :class:`Preset` (a description, its figures and a builder)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from stockpile.presets import _article, _europe, _posterior, _ukraine
from stockpile.presets._figures import Figure
from stockpile.scenario import Scenario

__all__ = ["PRESETS", "Preset"]


@dataclass(frozen=True)
class Preset:
    """A named scenario: a description, its figures, and a builder.

    Parameters
    ----------
    description : str
        One line, for listings.
    make_figures : callable
        Returns the preset's figures (:class:`Figure`); called once, on first use, since some
        are computed from the shipped record.
    builder : callable
        ``builder(values)`` → :class:`~stockpile.scenario.Scenario`, with ``values`` the
        parameter value of each figure's path.
    """

    description: str
    make_figures: Callable[[], tuple[Figure, ...]]
    builder: Callable[[Mapping[str, Any]], Scenario]

    @functools.cached_property
    def figures(self) -> tuple[Figure, ...]:
        """The preset's figures, in the order they are shown."""
        return self.make_figures()

    def build(self, point: bool = False) -> Scenario:
        """The scenario: each figure's range (its point value with ``point=True``)."""
        return self.builder({f.path: f.value(point) for f in self.figures})


#: Registry of presets: name → Preset.
PRESETS: dict[str, Preset] = {
    "russia-ukraine-2025": Preset(
        "Russia's reserve by the record's classes and Ukraine's Patriot-class magazine from "
        "2025-01, 36 months, at the record's 2025 launch mix.",
        _ukraine.figures,
        _ukraine.scenario,
    ),
    "russia-ukraine-2025-ceasefire": Preset(
        "As russia-ukraine-2025, with a ceasefire from 2026-01: the reserve grows faster.",
        _ukraine.ceasefire_figures,
        functools.partial(_ukraine.scenario, ceasefire=True),
    ),
    "russia-ukraine-2025-07": Preset(
        "russia-ukraine-2025's model from 2025-07, 30 months, with the defender, the aim "
        "shares, the ballistic output and the starting stocks drawn jointly from the posterior "
        "of that model given the shipped record to 2025-06 (point values: posterior medians).",
        _posterior.figures,
        _posterior.scenario,
    ),
    "article-2024": Preset(
        "The article's headline arithmetic: ~2,900/yr built, 2,061/yr launched.",
        _article.figures,
        _article.scenario,
    ),
    "russia-europe-after-ceasefire": Preset(
        "After a ceasefire in Ukraine from 2026-01, Russia's reserve against a European "
        "defender's magazines (Patriot, SAMP/T, IRIS-T SLM) in a hypothetical campaign from "
        "2028-01.",
        _europe.figures,
        _europe.scenario,
    ),
}
