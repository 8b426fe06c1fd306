"""Small record-driven cases with known answers, shared by the inference tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

import stockpile as sp

#: Ballistic launches of a 12-month synthetic record. [missiles/month]
LAUNCHES = [30, 22, 41, 18, 35, 27, 44, 25, 31, 38, 20, 33]


def record(launched, destroyed=None, start="2024-01", name="ballistic") -> pd.DataFrame:
    """A monthly table in the layout of sp.data.observed_monthly (one class)."""
    launched = np.asarray(launched, dtype=float)
    destroyed = np.zeros_like(launched) if destroyed is None else np.asarray(destroyed, float)
    index = pd.period_range(start, periods=len(launched), freq="M", name="month")
    columns = pd.MultiIndex.from_tuples(
        [("launched", name), ("destroyed", name)], names=["measure", "class"]
    )
    return pd.DataFrame(np.column_stack([launched, destroyed]), index=index, columns=columns)


def patriot_case(stock=100.0, deliveries=8.0) -> sp.Scenario:
    """Ballistic launches as LAUNCHES, one Patriot-class magazine that may run short."""
    return sp.infer.from_record(
        record(LAUNCHES),
        ["ballistic"],
        interceptors=[
            sp.Interceptor(
                "patriot",
                stock=stock,
                deliveries=sp.per_month(deliveries),
                engages=["ballistic"],
                pk=0.7,
                shots=2,
            )
        ],
    )


def unlimited_case(launched=LAUNCHES, stock=None) -> sp.Scenario:
    """One class, every missile engaged by one shot from a magazine that never runs short:
    the share destroyed is the interceptor's pk."""
    missiles = [] if stock is None else [sp.Missile("ballistic", stock=stock)]
    return sp.infer.from_record(
        record(launched),
        ["ballistic"],
        missiles=missiles,
        interceptors=[sp.Interceptor("guns", stock=1e9, engages=["ballistic"], pk=0.5, shots=1)],
    )
