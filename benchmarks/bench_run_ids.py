"""Benchmark of a grouped stochastic sweep: runs simulated per design row, and time.

Scenario: the preset "russia-ukraine-2025" (point values). The design has ``--rows`` rows with
a per-run column (``patriot.pk``) and a grouped one (``patriot.lead_time``, ``--groups``
values, shuffled over the rows), in the stochastic mode, so each row must draw the random
numbers of its own run id. Printed: runs simulated ÷ design rows (1.0 when no row is computed
and dropped), and the sweep's time against the bare engine simulating as many runs in one
call (ratio from one process).

Run: ``.venv/bin/python benchmarks/bench_run_ids.py [--rows N] [--groups G] [--repeat K]``.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from bench_explore import best  # the same timer (this folder is on sys.path when run)

import stockpile as sp
import stockpile.presets
from stockpile import explore
from stockpile.explore import runner

PRESET = "russia-ukraine-2025"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--groups", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = stockpile.presets.load(PRESET, point=True)
    rng = np.random.default_rng(1)
    design = pd.DataFrame(
        {
            "patriot.pk": rng.uniform(0.5, 0.9, args.rows),
            "patriot.lead_time": rng.integers(0, args.groups, args.rows),
        }
    )
    metrics = ["months_to_depletion", "leakers_total"]

    simulated = [0]
    original = runner.simulate

    def counting(case, runs=None, **kwargs):
        result = original(case, runs, **kwargs)
        simulated[0] += result.runs
        return result

    runner.simulate = counting
    try:
        explore.sweep(scenario, design, metrics, seed=1, stochastic=True, progress=False)
    finally:
        runner.simulate = original

    def swept() -> None:
        explore.sweep(scenario, design, metrics, seed=1, stochastic=True, progress=False)

    bare_case = scenario.with_params({"patriot.pk": design["patriot.pk"].to_numpy()})

    def bare() -> None:
        sp.simulate(bare_case, args.rows, seed=1, stochastic=True, trajectories=False)

    t_sweep, t_bare = best(swept, args.repeat), best(bare, args.repeat)
    print(f"rows {args.rows:,}, groups {args.groups}, stochastic")
    print(f"runs simulated / design rows: {simulated[0] / args.rows:.2f}")
    ratio = t_sweep / t_bare
    print(f"sweep {t_sweep:.3f} s, bare engine {t_bare:.3f} s: sweep / bare = {ratio:.2f}")


if __name__ == "__main__":
    main()
