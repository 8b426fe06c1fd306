"""Time the counter-based samplers of stockpile.streams against numpy's Generator.

Run: ``.venv/bin/python benchmarks/bench_streams.py [runs]``. Prints the CPU time per call on
``runs`` elements (default 100,000), best of several repeats, for stockpile.streams with scalar
and per-element parameters, and for the nearest ``numpy.random.Generator`` call (which keeps
state, so it cannot give per-run reproducibility) as a yardstick for the machine. CPU time
rather than wall time keeps the figures steady on a shared machine.
"""

from __future__ import annotations

import sys
import time
import timeit
from collections.abc import Callable

import numpy as np

from stockpile import streams


def best(fn: Callable[[], object], repeat: int = 7, number: int = 3) -> float:
    """Best CPU time of ``fn`` over ``repeat`` runs of ``number`` calls, in microseconds."""
    fn()
    times = timeit.repeat(fn, number=number, repeat=repeat, timer=time.process_time)
    return min(times) / number * 1e6


def main(runs: int = 100_000) -> None:
    keys = streams.run_keys(1, np.arange(runs))
    rng = np.random.default_rng(1)
    lam = rng.uniform(5.0, 150.0, runs)
    n = np.floor(rng.normal(50.0, 7.0, runs)).clip(0)
    ni = n.astype(np.int64)
    s = streams
    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("uniform", lambda: s.uniform(keys, 1), lambda: rng.random(runs)),
        ("standard_normal", lambda: s.standard_normal(keys, 1), lambda: rng.standard_normal(runs)),
        ("gamma(2.5)", lambda: s.gamma(keys, 1, 2.5), lambda: rng.gamma(2.5, size=runs)),
        ("gamma(0.3)", lambda: s.gamma(keys, 1, 0.3), lambda: rng.gamma(0.3, size=runs)),
        ("poisson(5)", lambda: s.poisson(keys, 1, 5.0), lambda: rng.poisson(5.0, runs)),
        ("poisson(50)", lambda: s.poisson(keys, 1, 50.0), lambda: rng.poisson(50.0, runs)),
        ("poisson(150)", lambda: s.poisson(keys, 1, 150.0), lambda: rng.poisson(150.0, runs)),
        ("poisson(lam_i ~ U(5, 150))", lambda: s.poisson(keys, 1, lam), lambda: rng.poisson(lam)),
        (
            "negative_binomial(5, k=2)",
            lambda: s.negative_binomial(keys, 1, 5.0, 2.0),
            lambda: rng.negative_binomial(2.0, 2.0 / 7.0, runs),
        ),
        (
            "negative_binomial(50, k=2)",
            lambda: s.negative_binomial(keys, 1, 50.0, 2.0),
            lambda: rng.negative_binomial(2.0, 2.0 / 52.0, runs),
        ),
        (
            "negative_binomial(m_i ~ U(5, 150), k=3)",
            lambda: s.negative_binomial(keys, 1, lam, 3.0),
            lambda: rng.negative_binomial(3.0, 3.0 / (3.0 + lam)),
        ),
        (
            "binomial(20, 0.25)",
            lambda: s.binomial(keys, 1, 20, 0.25),
            lambda: rng.binomial(20, 0.25, runs),
        ),
        (
            "binomial(n_i ~ N(50, 7), 0.5)",
            lambda: s.binomial(keys, 1, n, 0.5),
            lambda: rng.binomial(ni, 0.5),
        ),
        (
            "binomial(n_i ~ N(50, 7), 0.91)",
            lambda: s.binomial(keys, 1, n, 0.91),
            lambda: rng.binomial(ni, 0.91),
        ),
        (
            "binomial(600, 0.25)",
            lambda: s.binomial(keys, 1, 600, 0.25),
            lambda: rng.binomial(600, 0.25, runs),
        ),
        (
            "binomial(n_i ~ N(50, 7), p_i ~ U(0, 1))",
            lambda: s.binomial(keys, 1, n, lam / 150.0),
            lambda: rng.binomial(ni, lam / 150.0),
        ),
    ]
    title = f"sampler, {runs:,} draws"
    print(f"{title:42s} {'streams us':>11s} {'numpy us':>10s} {'ratio':>6s}")
    for name, ours, theirs in cases:
        t_ours, t_np = best(ours), best(theirs)
        print(f"{name:42s} {t_ours:11.0f} {t_np:10.0f} {t_ours / t_np:6.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
