"""The preset from 2025-07: russia-ukraine-2025's model, its unknowns as the record implies.

It is ``russia-ukraine-2025``'s model (Kyiv first among two areas, the floor kept for Kyiv,
rationing under ``patriot.low``, two rounds a target above it) from July 2025, so "short" means
the same in both. Its defender (magazine, deliveries, kill probability, floor, rationing level,
aim shares, the lower layers' kill share, the share of deliveries arriving in the pause's
second month), the ballistic output and imports and the starting stocks (the Patriot-class
magazine and the ballistic reserve at the end of 2025-06) are the rows of the shipped table
``posterior-2025-06`` (:func:`stockpile.draws.shipped`), written by
``python -m stockpile.data.build_posterior``: russia-ukraine-2025's model fitted to the shipped
record, 2024-01 to 2025-06 (the ballistic counts at Kyiv and elsewhere apart), with its
ranges as the defender's priors. Each run takes one row
for all of them, so the posterior's correlations are kept (a large magazine with the small
deliveries that left it so, a high kill probability with the small aim shares it explains the
record with). The attacker's other figures are those of ``russia-ukraine-2025``.

``point=True`` gives each column's posterior median, one by one: a point that need not be a
draw of the posterior, for closed-form use only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockpile.draws import shipped
from stockpile.presets import _ukraine
from stockpile.presets._figures import Figure
from stockpile.scenario import DeliveryShock, Scenario

__all__ = ["DRAWS", "figures", "scenario"]

START = "2025-07"
MONTHS = 30
#: The shipped table of posterior draws the preset reads.
DRAWS = "posterior-2025-06"

#: How the posterior figures were made, after each one's own note.
_FIT = (
    f"Joint draw per run from the shipped table '{DRAWS}' (python -m "
    "stockpile.data.build_posterior): sp.infer.fit of russia-ukraine-2025's model (two areas, "
    "floor, rationing, the aid package, the pause's first month) to the record 2024-01 to "
    "2025-06 (ballistic missiles destroyed at Kyiv and elsewhere, cruise missiles destroyed), "
    "with HUR's ~600 Iskander-M claim"
)
_PRIOR = "prior: russia-ukraine-2025's range"

#: Path → (column of the table, unit, what the record says about it).
_POSTERIOR: dict[str, tuple[str, str, str]] = {
    "patriot.stock": (
        "patriot.interceptor_stock",
        "interceptors",
        "the Patriot-class magazine at the end of 2025-06 in each draw's expected path: the "
        f"2024-01 magazine ({_PRIOR}, 100-400) plus deliveries and the ex-Israeli rounds "
        "(0-90, 2025-03) less the rounds the record's ballistic launches drew",
    ),
    "patriot.deliveries": (
        "patriot.deliveries",
        "interceptors/year",
        f"{_PRIOR}, 40-160 a year (5-20 % of PAC-3 MSE output plus Aster 30 / PAC-2 GEM-T, "
        "assumed); the record barely narrows it. An average rate outside the US pause: the "
        "lumps of NATO-funded PURL deliveries are not timed",
    ),
    "patriot.pk": (
        "patriot.pk",
        "1",
        f"single-shot kill probability against ballistic targets, {_PRIOR} (a beta from the "
        "record at Kyiv), and the fit scores the Kyiv counts too (the floor and rationing "
        "stand between pk and the kill share there)",
    ),
    "patriot.low": (
        "patriot.low",
        "interceptors",
        f"magazine under which crews fire one round instead of two, {_PRIOR} 20-100",
    ),
    "patriot.floor": (
        "patriot.floor",
        "interceptors",
        f"rounds kept back for Kyiv, {_PRIOR} 0-60",
    ),
    "ballistic.aim.kyiv": (
        "ballistic.aim.kyiv",
        "1",
        f"share of ballistic launches at Kyiv, {_PRIOR} (the record's target field, 2024 and "
        "2025-H1)",
    ),
    "ballistic.aim.cities": (
        "ballistic.aim.cities",
        "1",
        f"share of ballistic launches at other cities Patriot-class batteries cover, {_PRIOR} "
        "(±30 %)",
    ),
    "cruise.aim.cities": (
        "cruise.aim.cities",
        "1",
        f"share of cruise launches at other cities the lower layers cover, {_PRIOR}",
    ),
    "lower_layers.pk": (
        "lower_layers.pk",
        "1",
        f"kill share of the {_ukraine.LAYERS}, {_PRIOR}",
    ),
    "deliveryshock.factor": (
        "deliveryshock.factor",
        "1",
        "share of patriot.deliveries still arriving during the US pause (Jun-Jul 2025), "
        f"{_PRIOR} 0-0.3; the fit's June sets it, the same draw holds for July here",
    ),
    "ballistic.stock": (
        "ballistic.missile_stock",
        "missiles",
        "the ballistic reserve at the end of 2025-06: the 2024-01 reserve (prior 100-1,300) "
        "plus output and imports less the record's launches, weighed with HUR's ~600 "
        "Iskander-M (unverified, read with a 30 % standard error)",
    ),
    "ballistic.production": (
        "ballistic.production",
        "missiles/year",
        "Iskander-M output (not capacity: utilization 1), prior 250-800 a year from RUSI's "
        "figures (unverified)",
    ),
    "ballistic.imports": (
        "ballistic.imports",
        "missiles/year",
        "KN-23/24 delivered, prior 0-200 a year (148 in 2024, Ukraine's intelligence chief); the "
        "record's launches count the ones that fail in flight, so the fit does too. It was "
        "fitted with every launch working (no ballistic.reliability) and this preset keeps it "
        "so: a failed missile, like one aimed elsewhere, is never engaged or destroyed, so the "
        "destroyed counts fitted see only aim share x reliability, and the fitted aim shares "
        "already hold the failures (adding russia-ukraine-2025's reliability would count them "
        "twice). Magazines and reserves are unaffected; ballistic leakers here include the "
        "failed ones",
    ),
}

#: Figures taken unchanged from russia-ukraine-2025 (the attacker where not inferred, the
#: doctrine, and the figures the fit holds at their point value).
_FROM_UKRAINE = (
    "cruise.production",
    "cruise.utilization",
    "s300_s400.stock",
    "cruise.launches",
    "cruise.dispersion",
    "ballistic.launches",
    "ballistic.dispersion",
    "s300_s400.launches",
    "s300_s400.dispersion",
    "cruise.aim.kyiv",
    "lower_layers.stock",
    "lower_layers.shots",
    "s300_s400.defended",
    "patriot.shots",
    "patriot.shots_below",
)


def _posterior() -> tuple[Figure, ...]:
    draws = shipped(DRAWS)
    return tuple(
        Figure(
            path,
            draws[column],
            None,
            unit,
            "end of 2025-06" if path.endswith(".stock") else "2024-01 to 2025-06",
            f"{note[0].upper()}{note[1:]}. {_FIT}",
            "posterior",
        )
        for path, (column, unit, note) in _POSTERIOR.items()
    )


def _dated(ukraine: Mapping[str, Figure]) -> tuple[Figure, ...]:
    """The cruise reserve (not fitted) and the US pause's second month."""
    cruise_stock = ukraine["cruise.stock"]
    pause = ukraine["deliveryshock.start"]
    return (
        Figure(
            "cruise.stock",
            cruise_stock.dist,
            cruise_stock.point,
            cruise_stock.unit,
            "2025-01, used for 2025-07",
            "russia-ukraine-2025's range, unchanged: the fit does not constrain the cruise "
            f"reserve (no public figure). There: {cruise_stock.source}",
            cruise_stock.grade,
        ),
        Figure(
            "deliveryshock.start",
            None,
            START,
            "month",
            pause.when,
            "the US pause of Jun-Jul 2025 as in russia-ukraine-2025, from its second month on "
            f"(the fit covers June). There: {pause.source}",
            pause.grade,
        ),
        Figure(
            "deliveryshock.months",
            None,
            1,
            "months",
            pause.when,
            "July 2025, the pause's last month (its first, June, is in the fitted window)",
            pause.grade,
        ),
    )


def figures() -> tuple[Figure, ...]:
    """Every figure of ``russia-ukraine-2025-07``."""
    ukraine = {f.path: f for f in _ukraine.figures()}
    return (*_posterior(), *_dated(ukraine), *(ukraine[path] for path in _FROM_UKRAINE))


def scenario(v: Mapping[str, Any]) -> Scenario:
    """The scenario built from parameter values by path (``v``: path → value)."""
    areas = _ukraine.AREAS
    return Scenario(
        name="russia-ukraine-2025-07",
        description=(
            "russia-ukraine-2025's model (Kyiv first, the floor, rationing) from July 2025, "
            "starting from the posterior of the shipped record to 2025-06: each run one joint "
            "draw of the defender, the aim shares, the ballistic output and both starting stocks."
        ),
        start=START,
        months=MONTHS,
        areas=areas,
        missiles=[
            _ukraine._missile(
                "cruise",
                v,
                production=v["cruise.production"],
                utilization=v["cruise.utilization"],
            ),
            _ukraine._missile(
                "ballistic",
                v,
                production=v["ballistic.production"],
                imports=v["ballistic.imports"],
            ),
            _ukraine._missile("s300_s400", v),
        ],
        interceptors=_ukraine.interceptors(v, areas),
        events=[
            DeliveryShock(
                start=v["deliveryshock.start"],
                months=v["deliveryshock.months"],
                factor=v["deliveryshock.factor"],
                interceptor="patriot",
            )
        ],
    )
