"""Simulation-based calibration: fits to records generated from known parameters cover them.

100 replications: draw the truth from the prior, generate a record through the observation
model (binomial destroyed counts around the engine's expected intercepts, the magazine often
binding), fit, and check whether the central 90 % interval of each parameter holds the truth.
Pooled over the three parameters (300 intervals), the share must lie in 85-95 %. The full study,
with more replications and engine-generated records, is ``benchmarks/infer_sbc.py``.
"""

from __future__ import annotations

import numpy as np
import scipy.stats
from infer_cases import patriot_case

import stockpile as sp

REPLICATIONS = 100
PRIORS = {
    "patriot.stock": scipy.stats.uniform(10, 290),
    "patriot.pk": scipy.stats.uniform(0.3, 0.65),
    "ballistic.defended": scipy.stats.uniform(0.2, 0.7),
}


def test_90_percent_intervals_cover_the_truth_90_percent_of_the_time():
    scenario = patriot_case()
    rng = np.random.default_rng(7)
    hits = []
    for r in range(REPLICATIONS):
        truth = {path: float(d.rvs(random_state=rng)) for path, d in PRIORS.items()}
        record = sp.infer.synthetic_record(scenario, truth, seed=r)
        post = sp.infer.fit(
            scenario, PRIORS, record, likelihood="binomial", particles=300, seed=r, jumps=2
        )
        low, high = np.quantile(post.theta, [0.05, 0.95], axis=0)
        x = np.array(list(truth.values()))
        hits.append((low <= x) & (x <= high))
    coverage = float(np.mean(hits))
    assert 0.85 <= coverage <= 0.95, (coverage, np.mean(hits, axis=0))
