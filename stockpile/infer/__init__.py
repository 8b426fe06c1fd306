"""What the record implies: posterior distributions of stocks, supply and doctrine.

::

    import scipy.stats
    import stockpile as sp

    record = sp.data.observed_monthly()
    scenario = sp.infer.from_record(record, classes=["ballistic", "cruise"], since="2024-01",
                                    until="2025-06", interceptors=[...])  # launches as observed
    posterior = sp.infer.fit(
        scenario,
        priors={"patriot.stock": scipy.stats.uniform(50, 550),
                "patriot.deliveries": sp.per_year(scipy.stats.uniform(50, 950)),
                "patriot.pk": scipy.stats.uniform(0.3, 0.65),
                "ballistic.defended": scipy.stats.uniform(0.2, 0.7)},
        observed=record,
        claims=[sp.infer.Claim("ballistic.missile_stock", "2025-06", scipy.stats.norm(600, 180))],
        seed=1,
    )
    posterior.summary()              # quantiles per parameter, beside the prior's
    posterior.states()               # stocks at the window's end
    posterior.check_summary()        # posterior predictive check
    posterior.alarms()               # where record, priors and claims disagree, in words
    posterior.value_of_information("patriot.interceptor_stock")
    later = posterior.predict({"ballistic": sp.per_month(45), "cruise": sp.per_month(120)},
                              months=6, runs=2000, seed=2)   # a sp.Result

=================================== ============================================================
name                                does
=================================== ============================================================
:func:`from_record`                 a scenario launching each class exactly as observed
:func:`fit`                         the posterior, by tempered SMC on the batch engine
:class:`Claim`, :func:`shortfall`   dated reports with stated uncertainty: likelihood terms
:class:`BetaBinomial`,              observation models of the destroyed counts
:class:`Binomial`
:class:`Posterior`                  summary, diagnostics, states, predict, checks, alarms,
                                    value of information, ``to_arviz()``
:func:`synthetic_record`            a record from known parameters (calibration studies)
=================================== ============================================================

The model
---------
The scenario launches what the record shows, so the unknowns are what the record cannot show:
initial stocks, production, deliveries, the defended share, kill probabilities, shots per
target (a ``randint`` prior asks "one round per target or two?"), event quantities (an
``AidPackage``'s ``quantity``). For each parameter draw the engine runs deterministically: the
expected path given the draw and the observed launches.

- **Feasibility.** A draw under which the attacker lacks the missiles to launch as observed
  leaves launches unmet; it is ruled out (likelihood zero) and counted
  (:meth:`Posterior.ruled_out`). If every prior draw is ruled out, :func:`fit` raises an error
  naming the class and by how much the closest draw falls short, or the claim and the range
  the draws give its quantity.
- **Observations** (:mod:`.likelihood`). Destroyed counts per class and month, given the launches:
  beta-binomial (default; concentration inferred per class) or binomial around the simulated
  share destroyed. The binomial is exact for the engine's stochastic mode while the magazine
  does not bind; the beta-binomial adds the month-to-month scatter the record shows. With
  ``fit(..., by_area=sp.data.observed_by_target())`` (only the classes wanted; no other class
  aimed at that area) a class is scored at one of the scenario's areas and elsewhere instead:
  the area's share destroyed of those aimed at it, and the rest's of the rest.
- **Claims** (:mod:`.claims`). A claim on a parameter or on a state in a month adds
  ``log f(value)``; a shortfall report adds ``log r`` or ``log(1 − r)``.

Inference, and why this sampler
-------------------------------
Parameters are mapped to a space where the prior is a standard normal (``θ = F⁻¹(Φ(z))``), and
sequential Monte Carlo tempers from the prior to the posterior (:mod:`.smc`): adaptive
temperatures at a target ESS of half the particles, systematic resampling, random-walk
Metropolis moves with the particles' covariance. Every likelihood evaluation is one engine call
on all particles (thousands of runs), which is what the engine is fast at. Blocks of
``chunk_size`` draws are scored on any ``concurrent.futures`` executor or Dask client
(:mod:`stockpile.explore.executors`); the random numbers are drawn in the calling process, so
the posterior is the same wherever the blocks run.

Measured on the 8-parameter case of ``benchmarks/infer_speed.py`` (ballistic, cruise, drones,
18 months; plus 3 concentrations; one shared 2-core machine under load):

================================================ ==========================================
sampler                                          effective draws per second
================================================ ==========================================
tempered SMC, 2,000 particles (this module)      40 (12 s, 87 engine calls)
emcee, 64 walkers, ``vectorize=True``            6.4 (139 s, 4,002 calls of 32 draws)
importance sampling from the prior, 100,000      0.9 (ESS 6 of 100,000)
================================================ ==========================================

emcee's stretch move updates half the walkers per call, so a call scores 32 draws and the
engine's per-call overhead dominates; sampling the prior wastes nearly every draw on an
18-month record. pyabc calls the model once per particle, and ABC (pyabc, ELFI) replaces a
likelihood this model has in closed form by a distance to simulated data, so neither was
worth adding as a dependency. ``arviz`` and ``xarray`` are optional (``stockpile[infer]``), for
:meth:`Posterior.to_arviz` and :meth:`stockpile.Result.to_xarray`.

Checks
------
``tests/test_infer.py``: a conjugate beta-binomial case matched to the exact posterior and
evidence within Monte Carlo error; a normal claim on a stock moving the posterior as Bayes' rule
says; impossible records and claims raising errors that say why. ``tests/test_infer_sbc.py``:
simulation-based calibration, 100 synthetic records, 90 % intervals cover the truth in 85-95 %
of the cases.

``benchmarks/infer_sbc.py`` (200 replications, 500 particles, Patriot-class case of the tests):
records drawn through the observation model give pooled coverage 0.505 (50 % intervals) and
0.918 (90 %), ranks uniform (chi-square p 0.05-0.26); records drawn by the engine's stochastic
mode give 0.577 and 0.938: the posterior of the initial magazine is too wide there (ranks not
uniform, p < 0.001), the price of taking the magazine at its expected path.

``benchmarks/infer_backtest.py``: fitted to 12 months up to each origin (every two months,
2023-12 to 2024-12), the destroyed ballistic and cruise missiles of the next 6 months given the
observed launches: central 50/80/90 % intervals cover 57/77/87 % of the 84 class-months
(ballistic 62/90/95 %, cruise 52/64/79 %); the CRPS is 4 % below that of the naive forecast (each
fitted month's share destroyed, equally likely, times the launches) and 15 % below a binomial
at the window's pooled share (whose intervals cover 19/46/51 %).
"""

from stockpile.infer.claims import Claim, Occurred, shortfall
from stockpile.infer.fit import fit
from stockpile.infer.likelihood import LIKELIHOODS, RATE_FLOOR, BetaBinomial, Binomial
from stockpile.infer.posterior import Posterior
from stockpile.infer.record import UNCONSTRAINED_STOCK, from_record
from stockpile.infer.synthetic import synthetic_record

__all__ = [
    "LIKELIHOODS",
    "RATE_FLOOR",
    "UNCONSTRAINED_STOCK",
    "BetaBinomial",
    "Binomial",
    "Claim",
    "Occurred",
    "Posterior",
    "fit",
    "from_record",
    "shortfall",
    "synthetic_record",
]
