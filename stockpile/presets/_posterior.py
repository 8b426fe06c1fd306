"""The preset from 2025-07: the defender and the ballistic reserve as the record implies.

Its defender parameters (kill probability, rounds per target, defended share, deliveries, the
lower layers' kill share), the ballistic output and imports and the starting stocks (the
Patriot-class magazine and the ballistic reserve at the end of 2025-06) are the rows of the
shipped table ``posterior-2025-06`` (:func:`stockpile.draws.shipped`), written by
``python -m stockpile.data.build_posterior``: the posterior of "What the record implies"
(notebook 05) fitted to the shipped record, 2024-01 to 2025-06. Each run takes one row for all
of them, so the posterior's correlations are kept (a large magazine with the small deliveries
that left it so, a high kill probability with the low defended share it explains the record
with). The attacker's other figures are those of ``russia-ukraine-2025``.

``point=True`` gives each column's posterior median, one by one: a point that need not be a
draw of the posterior, for closed-form use only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockpile.draws import shipped
from stockpile.presets import _ukraine
from stockpile.presets._figures import Figure
from stockpile.scenario import Interceptor, Missile, Scenario

__all__ = ["DRAWS", "figures", "scenario"]

START = "2025-07"
MONTHS = 30
#: The shipped table of posterior draws the preset reads.
DRAWS = "posterior-2025-06"

#: How the posterior figures were made, after each one's own note.
_FIT = (
    f"Joint draw per run from the shipped table '{DRAWS}' (python -m "
    "stockpile.data.build_posterior): sp.infer.fit to the record 2024-01 to 2025-06 as in "
    "notebook 05, with HUR's ~600 Iskander-M claim"
)

#: Path → (column of the table, unit, what the record says about it).
_POSTERIOR: dict[str, tuple[str, str, str]] = {
    "patriot.stock": (
        "patriot.interceptor_stock",
        "interceptors",
        "the Patriot-class magazine at the end of 2025-06 in each draw's expected path: the "
        "2024-01 magazine (prior 50-600, no public figure) plus deliveries and the ex-Israeli "
        "rounds (prior 0-90, 2025-03) less the rounds the record's intercepts took",
    ),
    "patriot.deliveries": (
        "patriot.deliveries",
        "interceptors/year",
        "prior: russia-ukraine-2025's 40-160 a year (5-20 % of PAC-3 MSE output plus Aster 30 / "
        "PAC-2 GEM-T, assumed); the record barely narrows it. An average rate: the US pause of "
        "Jun-Jul 2025 and the lumps of NATO-funded PURL deliveries are not timed",
    ),
    "patriot.pk": (
        "patriot.pk",
        "1",
        "single-shot kill probability against ballistic targets, prior 0.30-0.95; the record "
        "fixes defended × (1 − (1 − pk)^shots), not pk alone",
    ),
    "patriot.shots": (
        "patriot.shots",
        "1",
        "rounds per target, prior one or two equally likely; crews fire one under patriot.low",
    ),
    "ballistic.defended": (
        "ballistic.defended",
        "1",
        "share of ballistic launches engaged by Patriot-class batteries, prior 0.1-0.9",
    ),
    "lower_layers.pk": (
        "lower_layers.pk",
        "1",
        f"kill share of the {_ukraine.LAYERS}, prior 0.30-0.99, of every cruise launch "
        "(the fit engages them all)",
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
        "record's launches count the ones that fail in flight, so the fit does too",
    ),
}

#: Figures taken unchanged from russia-ukraine-2025 (the attacker where not inferred, and the
#: doctrine the fit leaves out).
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
    "lower_layers.stock",
    "lower_layers.shots",
    "s300_s400.defended",
    "patriot.shots_below",
    "patriot.low",
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


def figures() -> tuple[Figure, ...]:
    """Every figure of ``russia-ukraine-2025-07``."""
    ukraine = {f.path: f for f in _ukraine.figures()}
    cruise_stock = ukraine["cruise.stock"]
    cruise = (
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
            "cruise.defended",
            None,
            1.0,
            "1",
            "2024-25",
            "every cruise missile is engaged by the lower layers, as in the fit: "
            "lower_layers.pk is the kill share of all cruise launches",
            "scenario",
        ),
    )
    return (*_posterior(), *cruise, *(ukraine[path] for path in _FROM_UKRAINE))


def _missile(name: str, v: Mapping[str, Any], **extra: Any) -> Missile:
    return Missile(
        name,
        launches=v[f"{name}.launches"],
        dispersion=v[f"{name}.dispersion"],
        stock=v[f"{name}.stock"],
        defended=v[f"{name}.defended"],
        **extra,
    )


def scenario(v: Mapping[str, Any]) -> Scenario:
    """The scenario built from parameter values by path (``v``: path → value)."""
    return Scenario(
        name="russia-ukraine-2025-07",
        description=(
            "Russia's reserve by the record's classes and Ukraine's Patriot-class magazine from "
            "July 2025, starting from the posterior of the shipped record to 2025-06: each run "
            "one joint draw of the defender, the ballistic output and both starting stocks."
        ),
        start=START,
        months=MONTHS,
        missiles=[
            _missile(
                "cruise",
                v,
                production=v["cruise.production"],
                utilization=v["cruise.utilization"],
            ),
            _missile(
                "ballistic",
                v,
                production=v["ballistic.production"],
                imports=v["ballistic.imports"],
            ),
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
    )
