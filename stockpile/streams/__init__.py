"""Counter-based random streams: every draw is a pure function of (run key, counter).

Runs are simulated in chunks that may be computed by different processes, and the draws of run
``i`` must not depend on the chunk, the other runs or the process. So nothing keeps state: each
run has a 64-bit key (:func:`run_keys`), a named draw site folds a 64-bit hash of its name into
the keys (:func:`fold`, like JAX's ``fold_in``), each draw has a 64-bit counter
(:func:`counter`), and a draw is a hash of key and counter, vectorised over runs in wrapping
uint64 numpy arithmetic.

Generator (:mod:`~stockpile.streams.generator`): the counter and any sub-counter (sampler,
rejection attempt, ...) are hashed in Python into a 64-bit stream hash ``c`` with the SplitMix64
finaliser (Stafford's Mix13); each element then costs one more finaliser round, on
``key ^ c``. Keys are two-round hashes of (seed entropy, run id), so the finaliser only sees
effectively uniform inputs whose differences (between runs, between counters, between sites)
have high Hamming weight. That is ~12 numpy operations per uniform, a third of
Philox-4x32-10's in numpy. Uniforms are ``(2j + 1) / 2**53`` (52 random bits), strictly inside
(0, 1). Quality check: TestU01's SmallCrush passes on the 64-bit outputs in three orders (across
runs for one counter, across consecutive counters for one run, across 1,024 folded parameter
sites for one run); ``benchmarks/rng_quality.sh`` runs it.

Samplers are exact and vectorised: normal by inversion (``scipy.special.ndtri``); gamma by
Marsaglia & Tsang (2000), shape < 1 by ``Gamma(a+1) U**(1/a)``; Poisson by inversion below a
mean of 256 (``Poisson(q) + Poisson(lam - q)``, ``q`` the whole part, from one table of whole
means), else Hörmann's PTRS; binomial by inversion for ``n min(p, 1-p) < 64``, else Hörmann's
BTRS, with ``n - Bin(n, 1-p)`` for p > 1/2; negative binomial as a gamma–Poisson mixture.
Rejection loops run only on the still-rejected subset, attempt ``t`` of element ``i`` uses
sub-counters of ``(ctr, t)``, and the branch follows element ``i``'s own parameters, so element
``i`` depends on ``keys[i]``, ``ctr`` and its own parameters only. Inversion compares
``u = j 2**-53 (1 - 2**-40)``, ``j`` the top 53 random bits, with the summed CDF, so that
rounding of the sum never leaves ``u`` out of reach (the CDF moves by < 1e-12); where the
parameters take few values it reads a cached CDF table built by the same recursion and held as
exact integer thresholds on ``j`` (``u`` exceeds a CDF value from some ``j`` on), whose guide
is indexed by the top bits of ``j``, so the draws are the same, faster. Draws are
bit-identical on one platform; CPUs on which numpy uses other SIMD ``log``/``exp`` kernels
may differ in the last ulp, which can change a draw with probability ~1e-16.

Conventions: ``keys`` is a uint64 array from :func:`run_keys` or :func:`fold` (any shape,
usually (runs,)), ``ctr`` an int in [0, 2**64), parameters are scalars or arrays broadcastable
to ``keys.shape``, and results are float64 arrays of ``keys.shape`` (integer-valued for the
discrete samplers). Never use one (keys, ctr) pair for two draws.
"""

from stockpile.streams.continuous import gamma, standard_normal
from stockpile.streams.discrete import binomial, negative_binomial, poisson
from stockpile.streams.generator import counter, fold, run_keys, uniform

__all__ = ["binomial", "counter", "fold", "gamma", "negative_binomial", "poisson", "run_keys"]
__all__ += ["standard_normal", "uniform"]
