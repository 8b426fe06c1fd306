"""Scenarios shared by several test modules (imported as ``from scenarios import ...``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import stockpile as sp


def patriot_case(
    months: int = 24, *, cruise: bool = True, events: Sequence[Any] = (), **changes: Any
) -> sp.Scenario:
    """Cruise and ballistic missiles against a Patriot magazine that engages the ballistic ones.

    Magazine 300, deliveries 30/month, ballistic launches 40/month at defended share 0.5 and
    two shots per target: demand 40/month, net burn 10/month (MODEL.md's magazine case).
    ``changes`` are parameter paths, as for ``Scenario.with_params``.
    """
    ballistic = sp.Missile(
        "ballistic",
        production=sp.per_year(700),
        launches=sp.per_month(40),
        stock=600,
        defended=0.5,
    )
    missiles = [ballistic]
    if cruise:
        missiles.insert(
            0,
            sp.Missile(
                "cruise",
                production=sp.per_year(2000),
                launches=sp.per_year(1400),
                stock=1000,
                defended=0.0,
            ),
        )
    scenario = sp.Scenario(
        start="2025-01",
        months=months,
        missiles=missiles,
        interceptors=[
            sp.Interceptor(
                "patriot",
                stock=300,
                deliveries=sp.per_month(30),
                engages=["ballistic"],
                shots=2,
                pk=0.7,
            )
        ],
        events=list(events),
    )
    return scenario.with_params(changes)
