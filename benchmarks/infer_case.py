"""The record case shared by the inference benchmarks and notebook 05's numbers.

Ballistic, cruise missiles and drones launched as the shipped record shows; a Patriot-class
magazine against ballistic missiles, other air defences (no magazine modelled: a stock that
cannot run out) against cruise missiles, and mobile fire groups against drones.
"""

from __future__ import annotations

import scipy.stats

import stockpile as sp

SINCE, UNTIL = "2024-01", "2025-06"
CLASSES = ["ballistic", "cruise", "drone"]
#: A magazine that cannot run out in 18 months (until issue 9's stock=math.inf). [interceptors]
NO_MAGAZINE = 1e9


def scenario(record, since=SINCE, until=UNTIL, classes=CLASSES):
    interceptors = [
        sp.Interceptor("patriot", stock=300, engages=["ballistic"], pk=0.7, shots=2),
        sp.Interceptor("air-defence", stock=NO_MAGAZINE, engages=["cruise"], pk=0.8, shots=1),
    ]
    if "drone" in classes:
        interceptors.append(
            sp.Interceptor("mobile-groups", stock=NO_MAGAZINE, engages=["drone"], pk=0.8, shots=1)
        )
    return sp.infer.from_record(
        record,
        classes,
        since=since,
        until=until,
        interceptors=interceptors,
        missiles=[sp.Missile("ballistic", stock=600, production=sp.per_year(500))],
    )


#: Eight engine parameters (the beta-binomial adds a concentration per class).
PRIORS = {
    "patriot.stock": scipy.stats.uniform(50, 550),
    "patriot.deliveries": sp.per_year(scipy.stats.uniform(50, 950)),
    "patriot.pk": scipy.stats.uniform(0.3, 0.65),
    "ballistic.defended": scipy.stats.uniform(0.1, 0.8),
    "ballistic.stock": scipy.stats.uniform(100, 1200),
    "ballistic.production": sp.per_year(scipy.stats.uniform(200, 600)),
    "air-defence.pk": scipy.stats.uniform(0.3, 0.69),
    "mobile-groups.pk": scipy.stats.uniform(0.3, 0.69),
}
