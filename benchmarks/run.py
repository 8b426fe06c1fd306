"""Core benchmarks: prints the figures the issues set targets for.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). Targets, one core:

- engine throughput: 1 missile + 1 interceptor type, 120 months, 100,000 runs, trajectories
  kept: >= 50 million run-months/s;
- one deterministic run of the preset "russia-ukraine-2025": <= 2 ms;
- 10 million runs x 120 months in summary mode: < 2 GiB peak memory (measured in a fresh
  subprocess, as its peak resident set size);
- stochastic mode, 100,000 runs x 120 months: <= 3x the deterministic time, same process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from types import ModuleType
from typing import Any

import stockpile as sp


def one_plus_one(months: int = 120, package: ModuleType = sp) -> Any:
    """1 missile + 1 interceptor type whose magazine runs dry part-way, built with
    ``package`` (this tree's ``stockpile`` or another version of it)."""
    sp = package
    return sp.Scenario(
        start="2025-01",
        months=months,
        missiles=[
            sp.Missile(
                "ballistic",
                production=sp.per_year(700),
                launches=sp.per_month(50),
                stock=600,
                defended=0.5,
            )
        ],
        interceptors=[
            sp.Interceptor(
                "patriot",
                stock=300,
                deliveries=sp.per_month(20),
                engages=["ballistic"],
                shots=2,
                pk=0.7,
            )
        ],
    )


def best_of(repeat: int, function, *args, **kwargs) -> float:
    """Best wall time of ``repeat`` calls. [s]"""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        function(*args, **kwargs)
        times.append(time.perf_counter() - t0)
    return min(times)


def numpy_draws_alone(runs: int, months: int) -> None:
    """The stochastic mode's draws per month (negative-binomial launches, binomial targets,
    binomial kills) made by numpy's Generator: a floor for any exact sampler in numpy."""
    import numpy as np

    rng = np.random.default_rng(1)
    for _ in range(months):
        launches = rng.negative_binomial(1e6, 1e6 / (1e6 + 50), runs)  # ~Poisson(50)
        targets = rng.binomial(launches, 0.5)
        rng.binomial(targets, 0.91)


def peak_rss_summary_mode(runs: int) -> float:
    """Peak resident memory of a fresh process simulating ``runs`` runs in summary mode. [GiB]"""
    code = (
        "import resource, stockpile as sp, sys; sys.path.insert(0, 'benchmarks');"
        "from run import one_plus_one;"
        f"r = sp.simulate(one_plus_one(), runs={runs}, trajectories=False);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=os.path.dirname(os.path.dirname(__file__)) or ".",
    )
    return int(out.stdout.split()[-1]) / 2**20


def main() -> None:
    scenario = one_plus_one()
    runs, months = 100_000, scenario.months
    sp.simulate(scenario, runs=1_000)  # warm up imports and caches

    t_det = best_of(3, sp.simulate, scenario, runs=runs)
    t_sto = best_of(3, sp.simulate, scenario, runs=runs, seed=1, stochastic=True)
    print(f"engine, 1+1 types, {runs:,} runs x {months} months, trajectories kept:")
    print(
        f"  deterministic {t_det:.3f} s = {runs * months / t_det / 1e6:.1f} M run-months/s "
        "(target >= 50)"
    )
    print(
        f"  stochastic    {t_sto:.3f} s = {runs * months / t_sto / 1e6:.1f} M run-months/s, "
        f"ratio to deterministic {t_sto / t_det:.2f}x (target <= 3x)"
    )
    floor = best_of(1, numpy_draws_alone, runs, months)
    print(
        f"  (numpy's own C samplers drawing the same counts, no model: {floor:.3f} s = "
        f"{floor / t_det:.1f}x the deterministic engine)"
    )
    t_sum = best_of(3, sp.simulate, scenario, runs=runs, trajectories=False)
    print(f"  summary mode  {t_sum:.3f} s = {runs * months / t_sum / 1e6:.1f} M run-months/s")

    preset = sp.presets.load("russia-ukraine-2025", point=True)
    t_one = best_of(200, sp.simulate, preset)
    print(f"one deterministic run of russia-ukraine-2025: {t_one * 1e3:.2f} ms (target <= 2)")

    if "--quick" not in sys.argv:
        big = 10_000_000
        t0 = time.perf_counter()
        gib = peak_rss_summary_mode(big)
        print(
            f"{big:,} runs x {months} months, summary mode: peak RSS {gib:.2f} GiB "
            f"(target < 2), {time.perf_counter() - t0:.1f} s"
        )


if __name__ == "__main__":
    main()
