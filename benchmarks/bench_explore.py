"""Benchmark of stockpile.explore: sweep overhead over the bare engine, and Sobol' timing.

Scenario: the preset "russia-ukraine-2025" (36 months, cruise + ballistic, Patriot).

1. A 1,000,000-point Latin-hypercube sweep of 3 parameters with 3 metrics, against the bare
   engine simulating the same runs (the same per-run arrays in one scenario), side by side in
   this process. Target: bare time / sweep time >= 0.5.
2. Sobol' indices for 8 parameters at n = 2**13 (n (d + 2) = 81,920 simulations), with
   bootstrap intervals for the 36 monthly values of the Patriot magazine.

Run: ``.venv/bin/python benchmarks/bench_explore.py [--points N] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import stockpile as sp
import stockpile.presets
from stockpile import explore

PRESET = "russia-ukraine-2025"
POINTS = 1_000_000  # design points of the sweep
REPEAT = 3  # timings per side (best of)
METRICS = ["months_to_depletion", "final_missile_stock", "leakers_total"]
BOUNDS = {
    "ballistic.production": sp.per_year((600, 1500)),  # [missiles/year]
    "patriot.deliveries": sp.per_month((10, 60)),  # [interceptors/month]
    "patriot.pk": (0.5, 0.9),  # [1]
}
SOBOL_BOUNDS = {
    **BOUNDS,
    "cruise.production": sp.per_year((1500, 2500)),  # [missiles/year]
    "ballistic.launches": sp.per_year((400, 900)),  # [missiles/year]
    "ballistic.aim.cities": (0.1, 0.4),  # [1]
    "patriot.stock": (100, 400),  # [interceptors]
    "ballistic.imports": sp.per_year((0, 200)),  # [missiles/year]
}
SOBOL_N = 2**13


def best(function, repeat: int) -> float:
    """Best wall time of ``repeat`` calls. [s]"""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=POINTS)
    parser.add_argument("--repeat", type=int, default=REPEAT)
    args = parser.parse_args()
    scenario = stockpile.presets.load(PRESET, point=True)  # the design varies what it sweeps

    start = time.perf_counter()
    design = explore.lhs(BOUNDS, n=args.points, seed=1)
    t_design = time.perf_counter() - start
    arrays = {
        path: bound.map(lambda _, p=path: design[p].to_numpy())
        if isinstance(bound, sp.Rate)
        else design[path].to_numpy()
        for path, bound in BOUNDS.items()
    }
    bare_scenario = scenario.with_params(arrays)

    def bare() -> None:
        result = sp.simulate(bare_scenario, runs=args.points, trajectories=False)
        for name in METRICS:
            result.metric(name)

    def swept() -> None:
        explore.sweep(scenario, design, metrics=METRICS, progress=False)

    t_bare, t_sweep = [], []
    for _ in range(args.repeat):  # interleaved, so both sides see the same machine state
        t_bare.append(best(bare, 1))
        t_sweep.append(best(swept, 1))
    table = explore.sweep(scenario, design, metrics=METRICS, progress=False)
    check = sp.simulate(bare_scenario, runs=args.points, trajectories=False)
    assert np.array_equal(table["leakers_total"].to_numpy(), check.metric("leakers_total"))
    print(
        f"sweep: {args.points:,} LHS points x 3 parameters, {scenario.months} months, "
        f"{len(METRICS)} metrics ({PRESET})"
    )
    print(f"  design (lhs)      {t_design:8.3f} s")
    print(f"  bare simulate     {min(t_bare):8.3f} s   (best of {args.repeat})")
    print(f"  sweep             {min(t_sweep):8.3f} s   (best of {args.repeat})")
    print(f"  ratio bare/sweep  {min(t_bare) / min(t_sweep):8.3f}     (target >= 0.5)")

    start = time.perf_counter()
    indices = explore.sobol(
        scenario, SOBOL_BOUNDS, variable="interceptor_stock", n=SOBOL_N, seed=1, progress=False
    )
    t_sobol = time.perf_counter() - start
    months = indices["month"].nunique()
    print(
        f"sobol: {len(SOBOL_BOUNDS)} parameters, n = 2**13 "
        f"({indices.attrs['evaluations']:,} simulations), intervals for {months} monthly "
        f"outputs ({indices.attrs['resamples']} resamples)"
    )
    print(f"  total             {t_sobol:8.3f} s")
    last = indices[indices["month"] == indices["month"].max()]
    print(
        last[
            ["parameter", "first_order", "total_order", "total_order_low", "total_order_high"]
        ].to_string(index=False)
    )


if __name__ == "__main__":
    main()
