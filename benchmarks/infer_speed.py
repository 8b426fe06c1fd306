"""Speed of the record fit, and the measurement that chose the sampler.

Run with ``python benchmarks/infer_speed.py`` (a few minutes). Prints:

1. the fit of 8 engine parameters (plus 3 beta-binomial concentrations) to 18 months of
   3 classes of the shipped record (ballistic, cruise, drones): wall time, engine calls,
   draws simulated, effective sample size, and peak memory of one scoring block;
2. the same posterior by other samplers at a similar budget, as effective draws per second:
   importance sampling from the prior (one engine call of many draws) and emcee's ensemble
   sampler with ``vectorize=True`` (each call scores half the walkers), if emcee is installed.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
from infer_case import PRIORS, scenario

import stockpile as sp
from stockpile.infer.fit import Evaluator
from stockpile.infer.smc import ess

PARTICLES = 2000
SEED = 1


def smc_fit(record, scen):
    start = time.perf_counter()
    post = sp.infer.fit(scen, PRIORS, record, particles=PARTICLES, seed=SEED)
    elapsed = time.perf_counter() - start
    d = post.diagnostics()
    print(
        f"SMC: {elapsed:.1f} s for {len(post.paths)} parameters, {scen.months} months, "
        f"{len(post.problem.observed.classes)} classes; {d['stages']} stages, "
        f"{d['engine_calls']} engine calls, {d['simulated']:,} draws simulated, "
        f"ESS (final moves) min {d['ess_min']:.0f} of {post.size}"
    )
    return post, elapsed, d["ess_min"]


def importance(problem, draws, rng):
    evaluator = Evaluator(problem, None, 4096)
    start = time.perf_counter()
    z = rng.standard_normal((draws, len(problem.priors)))
    loglik, _ = evaluator(z)
    elapsed = time.perf_counter() - start
    size = ess(loglik)
    print(
        f"importance sampling from the prior: {draws:,} draws in {elapsed:.1f} s, "
        f"ESS {size:.1f} ({size / elapsed:.2f} effective draws/s)"
    )


def ensemble(problem, steps, walkers, rng):
    try:
        import emcee
    except ImportError:
        print("emcee: not installed (pip install emcee) - skipped")
        return
    evaluator = Evaluator(problem, None, 4096)

    def log_prob(z):
        loglik, _ = evaluator(np.atleast_2d(z))
        return -0.5 * (z**2).sum(axis=1) + loglik

    # start from feasible prior draws
    z0 = rng.standard_normal((walkers * 20, len(problem.priors)))
    ok = np.isfinite(evaluator(z0)[0])
    sampler = emcee.EnsembleSampler(walkers, z0.shape[1], log_prob, vectorize=True)
    start = time.perf_counter()
    sampler.run_mcmc(z0[ok][:walkers], steps, progress=False)
    elapsed = time.perf_counter() - start
    chain = sampler.get_chain(discard=steps // 2)
    tau = float(np.max(emcee.autocorr.integrated_time(chain, quiet=True)))
    effective = chain.shape[0] * walkers / tau
    print(
        f"emcee (vectorize=True, {walkers} walkers, {steps} steps): {elapsed:.1f} s, "
        f"{evaluator.calls} engine calls of {walkers // 2} draws, autocorrelation time "
        f"{tau:.0f} steps, {effective:.0f} effective draws ({effective / elapsed:.1f}/s)"
    )


def memory(problem):
    tracemalloc.start()
    Evaluator(problem, None, 4096)(np.zeros((4096, len(problem.priors))))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory of one block of 4,096 draws: {peak / 2**20:.0f} MiB")


def main() -> None:
    record = sp.data.observed_monthly()
    scen = scenario(record)
    post, elapsed, size = smc_fit(record, scen)
    print(f"  -> {size / elapsed:.0f} effective draws/s")
    rng = np.random.default_rng(SEED)
    importance(post.problem, 100_000, rng)
    ensemble(post.problem, 2000, 64, rng)
    memory(post.problem)


if __name__ == "__main__":
    main()
