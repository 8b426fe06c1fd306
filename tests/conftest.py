"""Shared fixtures: small scenarios with known answers."""

from __future__ import annotations

import os

import matplotlib
import pytest
from hypothesis import settings

import stockpile as sp

matplotlib.use("Agg")

# CI replays the same examples every time (no surprise from a new random draw); locally each
# run explores new ones (STOCKPILE_EXAMPLES=400 explores more in tests/test_properties.py).
# No deadline anywhere: a shared 2-core machine times examples, not the code.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def contract() -> sp.Scenario:
    """The scenario of the public contract (issue 2)."""
    return sp.Scenario(
        start="2025-01",
        months=36,
        missiles=[
            sp.Missile(
                "cruise", production=sp.per_year(1900), launches=sp.per_year(1450), stock=800
            ),
            sp.Missile(
                "ballistic",
                production=sp.per_year(1000),
                launches=sp.per_year(611),
                stock=600,
                defended=0.5,
            ),
        ],
        interceptors=[
            sp.Interceptor(
                "patriot",
                stock=300,
                deliveries=sp.per_month(30),
                engages=["ballistic"],
                shots=2,
                pk=0.8,
            ),
        ],
        events=[sp.Ceasefire(start="2026-07")],
    )


@pytest.fixture
def magazine() -> sp.Scenario:
    """MODEL.md's magazine check: 300 interceptors, 30/month in, 40/month demanded."""
    return sp.Scenario(
        start="2025-01",
        months=48,
        missiles=[
            sp.Missile(
                "ballistic",
                production=sp.per_month(100),
                launches=sp.per_month(40),
                stock=1000,
                defended=0.5,
            )
        ],
        interceptors=[
            sp.Interceptor(
                "patriot",
                stock=300,
                deliveries=sp.per_month(30),
                engages=["ballistic"],
                shots=2,
                pk=0.8,
            )
        ],
    )
