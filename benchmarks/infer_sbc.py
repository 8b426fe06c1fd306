"""Simulation-based calibration of ``sp.infer.fit``: the full study.

Run with ``python benchmarks/infer_sbc.py [replications]`` (default 300; several minutes).
For each replication the truth is drawn from the prior, a record is generated from it and
fitted; printed per parameter: coverage of the central 50 % and 90 % intervals and a chi-square
test of the uniformity of the truth's rank among the posterior draws (Talts et al. 2018), for
two kinds of synthetic record:

``model``
    destroyed counts drawn through the observation model the fit assumes (binomial around the
    engine's expected intercepts): checks the sampler;
``engine``
    destroyed counts from the engine's stochastic mode (binomial defended share and kills month
    by month, the magazine following the drawn fire): checks also the approximation of taking
    the magazine at its expected path.

The case is ``tests/infer_cases.py``'s Patriot-class magazine (12 months, stock, pk and
defended share unknown; the magazine binds in many draws).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from infer_cases import patriot_case

import stockpile as sp

PRIORS = {
    "patriot.stock": scipy.stats.uniform(10, 290),
    "patriot.pk": scipy.stats.uniform(0.3, 0.65),
    "ballistic.defended": scipy.stats.uniform(0.2, 0.7),
}
PARTICLES = 500
RANK_BINS = 10


def study(source: str, replications: int) -> pd.DataFrame:
    scenario = patriot_case()
    rng = np.random.default_rng(2024)
    rows = []
    for r in range(replications):
        truth = {p: float(d.rvs(random_state=rng)) for p, d in PRIORS.items()}
        record = sp.infer.synthetic_record(scenario, truth, source=source, seed=r)
        post = sp.infer.fit(
            scenario, PRIORS, record, likelihood="binomial", particles=PARTICLES, seed=r
        )
        for n, (path, x) in enumerate(truth.items()):
            draws = post.theta[:, n]
            rows.append(
                {
                    "parameter": path,
                    "in_50": np.quantile(draws, 0.25) <= x <= np.quantile(draws, 0.75),
                    "in_90": np.quantile(draws, 0.05) <= x <= np.quantile(draws, 0.95),
                    "rank": float((draws < x).mean()),
                }
            )
    return pd.DataFrame(rows)


def report(frame: pd.DataFrame, source: str, replications: int, seconds: float) -> None:
    print(f"\n{source} records: {replications} replications in {seconds:.0f} s")
    table = frame.groupby("parameter")[["in_50", "in_90"]].mean()
    pvalues = {}
    for path, group in frame.groupby("parameter"):
        counts = np.histogram(group["rank"], bins=RANK_BINS, range=(0, 1))[0]
        pvalues[path] = scipy.stats.chisquare(counts).pvalue
    table["rank_uniformity_p"] = pd.Series(pvalues)
    print(table.round(3).to_string())
    print(f"pooled: 50 % intervals {frame['in_50'].mean():.3f}, 90 % {frame['in_90'].mean():.3f}")


def main() -> None:
    replications = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    for source in ("model", "engine"):
        start = time.perf_counter()
        frame = study(source, replications)
        report(frame, source, replications, time.perf_counter() - start)


if __name__ == "__main__":
    main()
