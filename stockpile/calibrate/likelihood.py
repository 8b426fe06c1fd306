"""Likelihoods and their maximisation: pure numpy / scipy functions, no pandas.

Negative binomial (NB2) regression of monthly launches ``y_t`` [missiles/month] on a design
matrix ``X`` (log link)::

    log mu_t = X_t · beta,    Var y_t = mu_t + mu_t**2 / k

and the beta-binomial model of ``destroyed`` out of ``launched``. Parameters are optimised on
an unconstrained scale (``log k``, ``log a``, ``log b``); gradients and observed information are
analytic, so the standard errors do not depend on finite-difference steps. Counts may be
fractional (the record shares merged reports between classes): the likelihoods are written
with gamma functions and are smooth in ``y``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, special

__all__ = [
    "MODELS",
    "BetaBinomialFit",
    "NBFit",
    "beta_binomial_loglik",
    "design",
    "fit_beta_binomial",
    "fit_nb",
    "nb_loglik",
]

Array = NDArray[np.float64]

#: Candidate launch models: name → regressors of the log-mean, in this order.
#: ``level``: log-mean at the reference month [log(missiles/month)]; ``trend``: growth of the
#: log-mean [1/year]; ``sin``, ``cos``: 12-month seasonal amplitudes of the log-mean [1].
MODELS: dict[str, tuple[str, ...]] = {
    "constant": ("level",),
    "trend": ("level", "trend"),
    "seasonal": ("level", "sin", "cos"),
    "trend+seasonal": ("level", "trend", "sin", "cos"),
}

#: Bounds of ``log k`` (NB dispersion): k in [1e-3, 1e6]; at the upper bound the counts are
#: Poisson to any precision the data can show.
LOG_K_BOUNDS = (np.log(1e-3), np.log(1e6))
#: Bounds of ``log a`` and ``log b`` (beta-binomial).
LOG_AB_BOUNDS = (np.log(1e-4), np.log(1e6))
_ON_BOUND = 1e-3


def design(regressors: tuple[str, ...], years: Array, calendar_month: NDArray[np.int64]) -> Array:
    """Design matrix of the log-mean.

    Parameters
    ----------
    regressors : tuple of str
        Names from :data:`MODELS` (``level``, ``trend``, ``sin``, ``cos``).
    years : ndarray of shape (n,)
        Time since the reference month. [years]
    calendar_month : ndarray of int, shape (n,)
        Calendar month, 1 (January) to 12.

    Returns
    -------
    ndarray of shape (n, len(regressors))
    """
    phase = 2.0 * np.pi * np.asarray(calendar_month, dtype=np.float64) / 12.0
    columns = {
        "level": np.ones_like(years, dtype=np.float64),
        "trend": np.asarray(years, dtype=np.float64),
        "sin": np.sin(phase),
        "cos": np.cos(phase),
    }
    return np.column_stack([columns[name] for name in regressors])


# ------------------------------------------------------------------------ negative binomial
def nb_loglik(theta: Array, X: Array, y: Array) -> float:
    """NB2 log-likelihood of counts ``y``. [nats]

    Parameters
    ----------
    theta : ndarray of shape (p + 1,)
        Regression coefficients ``beta`` (p) then ``log k``.
    X : ndarray of shape (n, p)
        Design matrix.
    y : ndarray of shape (n,)
        Counts, >= 0 (may be fractional). [missiles/month]
    """
    beta, k = theta[:-1], float(np.exp(theta[-1]))
    eta = X @ beta
    mu = np.exp(eta)
    log_k_mu = np.logaddexp(np.log(k), eta)  # log(k + mu), stable
    terms = (
        special.gammaln(y + k)
        - special.gammaln(k)
        - special.gammaln(y + 1.0)
        + k * (np.log(k) - log_k_mu)
        + special.xlogy(y, mu)
        - y * log_k_mu
    )
    return float(terms.sum())


def _nb_derivatives(theta: Array, X: Array, y: Array) -> tuple[Array, Array]:
    """Gradient and Hessian of :func:`nb_loglik` in ``theta``."""
    beta, s = theta[:-1], float(theta[-1])
    k = float(np.exp(s))
    mu = np.exp(X @ beta)
    km = k + mu
    d_eta = k * (y - mu) / km
    d_k = special.digamma(y + k) - special.digamma(k) + np.log(k) + 1.0 - np.log(km) - (k + y) / km
    dd_eta = -k * mu * (k + y) / km**2
    dd_k = (
        special.polygamma(1, y + k) - special.polygamma(1, k) + 1.0 / k - 2.0 / km + (k + y) / km**2
    )
    dd_eta_s = k * mu * (y - mu) / km**2
    p = X.shape[1]
    grad = np.empty(p + 1)
    grad[:p] = X.T @ d_eta
    grad[p] = k * d_k.sum()
    hess = np.empty((p + 1, p + 1))
    hess[:p, :p] = (X * dd_eta[:, None]).T @ X
    hess[:p, p] = hess[p, :p] = X.T @ dd_eta_s
    hess[p, p] = k * k * dd_k.sum() + k * d_k.sum()
    return grad, hess


@dataclass(frozen=True)
class NBFit:
    """A maximum-likelihood NB2 fit.

    Attributes
    ----------
    theta : ndarray of shape (p + 1,)
        Estimates: ``beta`` then ``log k``.
    cov : ndarray of shape (p + 1, p + 1)
        Inverse observed information at ``theta`` (row/column of ``log k`` zero when ``k`` is
        at its Poisson bound).
    loglik : float
        Maximised log-likelihood. [nats]
    poisson : bool
        ``k`` reached its upper bound: no over-dispersion left to estimate.
    converged : bool
        The optimiser reported success.
    """

    theta: Array
    cov: Array
    loglik: float
    poisson: bool
    converged: bool


def _start_nb(X: Array, y: Array) -> Array:
    """Starting values: the level at the log of the mean, moment estimate of ``k``."""
    mean, var = float(y.mean()), float(y.var())
    beta0 = np.zeros(X.shape[1])
    level = np.linalg.lstsq(X, np.full(X.shape[0], np.log(mean + 0.5)), rcond=None)[0]
    beta0[:] = level
    k0 = mean**2 / (var - mean) if var > mean * 1.01 else 100.0
    return np.append(beta0, np.clip(np.log(k0), *LOG_K_BOUNDS))


def _newton(
    loglik: Callable[[Array], float],
    derivatives: Callable[[Array], tuple[Array, Array]],
    start: Array,
    low: Array,
    high: Array,
) -> tuple[Array, bool]:
    """Levenberg–Marquardt-damped Newton ascent within box bounds.

    Parameters at a bound whose gradient points outwards are held there; the others take the
    step ``(λI − H)⁻¹ g``, with ``λ`` raised until the step improves the likelihood and lowered
    after each success. Converged: the gradient of the free parameters is below 1e-7.
    """
    theta = np.clip(start, low, high)
    value, lam = loglik(theta), 1e-4
    for _ in range(500):
        grad, hess = derivatives(theta)
        held = ((theta <= low) & (grad < 0)) | ((theta >= high) & (grad > 0))
        free = np.flatnonzero(~held)
        if not free.size or np.abs(grad[free]).max() < 1e-7:
            return theta, True
        g, h = grad[free], -hess[np.ix_(free, free)]
        scale = max(float(np.abs(np.diag(h)).max()), 1e-12)
        for _ in range(60):
            try:
                np.linalg.cholesky(h + lam * scale * np.eye(free.size))
            except np.linalg.LinAlgError:
                lam *= 10.0
                continue
            step = np.zeros_like(theta)
            step[free] = np.linalg.solve(h + lam * scale * np.eye(free.size), g)
            new = np.clip(theta + step, low, high)
            new_value = loglik(new)
            if new_value >= value:
                progress = new_value - value
                theta, value, lam = new, new_value, max(lam / 10.0, 1e-12)
                break
            lam *= 10.0
        else:
            return theta, False
        if progress < 1e-13 and np.abs(step).max() < 1e-10:
            grad = derivatives(theta)[0]
            return theta, bool(np.abs(grad[free]).max() < 1e-5)
    return theta, False


def _maximise(
    loglik: Callable[[Array], float],
    derivatives: Callable[[Array], tuple[Array, Array]],
    start: Array,
    bounds: list[tuple[float, float]],
) -> tuple[Array, bool]:
    """Maximise ``loglik`` from ``start`` within ``bounds``: damped Newton with the analytic
    Hessian (:func:`_newton`), falling back on L-BFGS-B (then Newton again) if it stalls.
    Returns the estimate and whether it converged.

    Not scipy.optimize alone: its bounded methods stop further from the maximum (L-BFGS-B up
    to 1e-4 standard errors, trust-constr 0.03; this converges to 1e-6) and miss the Poisson
    or binomial bound of a dispersion the data cannot show (tests/test_calibrate.py)."""
    low, high = np.array(bounds, dtype=np.float64).T
    theta, converged = _newton(loglik, derivatives, start, low, high)
    if converged:
        return theta, True

    def objective(t: Array) -> tuple[float, Array]:
        return -loglik(t), -derivatives(t)[0]

    found = optimize.minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return _newton(loglik, derivatives, np.asarray(found.x, dtype=np.float64), low, high)


def _inverse_information(hess: Array, free: NDArray[np.bool_]) -> Array:
    """Covariance ``(−H)⁻¹`` over the free parameters, zero rows/columns elsewhere."""
    cov = np.zeros_like(hess)
    idx = np.flatnonzero(free)
    info = -hess[np.ix_(idx, idx)]
    try:
        inv = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        inv = np.linalg.pinv(info)
    inv = 0.5 * (inv + inv.T)
    values, vectors = np.linalg.eigh(inv)  # keep it a covariance (PSD) at near-singular fits
    cov[np.ix_(idx, idx)] = (vectors * np.clip(values, 0.0, None)) @ vectors.T
    return cov


def fit_nb(X: Array, y: Array) -> NBFit:
    """Maximum-likelihood NB2 regression.

    Parameters
    ----------
    X : ndarray of shape (n, p)
        Design matrix (:func:`design`).
    y : ndarray of shape (n,)
        Counts, >= 0, not all zero. [missiles/month]

    Returns
    -------
    NBFit
    """
    p = X.shape[1]
    bounds = [(-50.0, 50.0)] * p + [LOG_K_BOUNDS]
    theta, converged = _maximise(
        lambda t: nb_loglik(t, X, y), lambda t: _nb_derivatives(t, X, y), _start_nb(X, y), bounds
    )
    poisson = theta[-1] >= LOG_K_BOUNDS[1] - _ON_BOUND
    free = np.ones(p + 1, dtype=bool)
    free[-1] = not poisson
    cov = _inverse_information(_nb_derivatives(theta, X, y)[1], free)
    return NBFit(theta, cov, nb_loglik(theta, X, y), bool(poisson), converged)


# ------------------------------------------------------------------------ beta-binomial
def beta_binomial_loglik(theta: Array, n: Array, y: Array) -> float:
    """Beta-binomial log-likelihood of ``y`` successes out of ``n``. [nats]

    Parameters
    ----------
    theta : ndarray of shape (2,)
        ``log a``, ``log b``.
    n, y : ndarray of shape (m,)
        Trials (launched) and successes (destroyed), ``0 <= y <= n``; may be fractional.
    """
    a, b = np.exp(theta)
    terms = (
        special.gammaln(n + 1.0)
        - special.gammaln(y + 1.0)
        - special.gammaln(n - y + 1.0)
        + special.betaln(y + a, n - y + b)
        - special.betaln(a, b)
    )
    return float(terms.sum())


def _bb_derivatives(theta: Array, n: Array, y: Array) -> tuple[Array, Array]:
    a, b = np.exp(theta)
    psi, tri = special.digamma, lambda x: special.polygamma(1, x)
    common = -psi(n + a + b) + psi(a + b)
    da = (psi(y + a) - psi(a) + common).sum()
    db = (psi(n - y + b) - psi(b) + common).sum()
    cross = (-tri(n + a + b) + tri(a + b)).sum()
    daa = (tri(y + a) - tri(a)).sum() + cross
    dbb = (tri(n - y + b) - tri(b)).sum() + cross
    grad = np.array([a * da, b * db])
    hess = np.array([[a * a * daa + a * da, a * b * cross], [a * b * cross, b * b * dbb + b * db]])
    return grad, hess


@dataclass(frozen=True)
class BetaBinomialFit:
    """A maximum-likelihood beta-binomial fit.

    Attributes
    ----------
    theta : ndarray of shape (2,)
        ``log a``, ``log b``.
    cov : ndarray of shape (2, 2)
        Inverse observed information of ``theta`` (zero where a bound is reached).
    loglik : float
        Maximised log-likelihood. [nats]
    on_bound : bool
        ``a`` or ``b`` reached a bound (e.g. no success at all, or no over-dispersion).
    """

    theta: Array
    cov: Array
    loglik: float
    on_bound: bool


def fit_beta_binomial(n: Array, y: Array) -> BetaBinomialFit:
    """Maximum-likelihood beta-binomial fit of ``y`` out of ``n``.

    Parameters
    ----------
    n, y : ndarray of shape (m,)
        Trials and successes, ``0 <= y <= n``; months with ``n = 0`` carry no information.

    Returns
    -------
    BetaBinomialFit
    """
    rate = float(y.sum() / n.sum())
    p = n > 0
    shares = y[p] / n[p]
    spread = float(shares.var()) if shares.size > 1 else 0.0
    # moment start: var(share) ≈ rate (1 − rate) rho, a + b = 1/rho − 1
    rho = float(np.clip(spread / max(rate * (1.0 - rate), 1e-9), 0.01, 0.9))
    total = 1.0 / rho - 1.0
    start = np.log(np.clip([rate * total, (1.0 - rate) * total], 1e-3, 1e5))
    bounds = [LOG_AB_BOUNDS, LOG_AB_BOUNDS]
    theta, _ = _maximise(
        lambda t: beta_binomial_loglik(t, n, y), lambda t: _bb_derivatives(t, n, y), start, bounds
    )
    free = (theta > LOG_AB_BOUNDS[0] + _ON_BOUND) & (theta < LOG_AB_BOUNDS[1] - _ON_BOUND)
    cov = _inverse_information(_bb_derivatives(theta, n, y)[1], free)
    return BetaBinomialFit(theta, cov, beta_binomial_loglik(theta, n, y), not free.all())
