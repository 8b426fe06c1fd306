"""Consistency alarms in plain words: where the record, the priors and the claims disagree.

Each check returns sentences; :func:`alarms` collects them. The thresholds are module
constants, so a reader can see when a sentence appears:

- prior draws ruled out by the record or a claim (:data:`RULED_OUT_SHARE`);
- posterior draws piled against a bound of a prior (:data:`EDGE_SHARE`);
- too few effective draws (:data:`MIN_ESS`);
- the predictive check: a record that scatters more than the model allows, or whose total
  the model misses (:data:`P_VALUE`), or low coverage of the 90 % intervals
  (:data:`MIN_COVERAGE_90`);
- a claim far in the tail of what the record and the other inputs imply (:data:`P_VALUE`);
- intercepts that need more rounds than the priors of stock and supply allow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.stats

from stockpile.infer.claims import Occurred
from stockpile.policies import DOCTRINES
from stockpile.units import Rate

if TYPE_CHECKING:
    from stockpile.infer.posterior import Posterior

__all__ = ["EDGE_SHARE", "MIN_COVERAGE_90", "MIN_ESS", "P_VALUE", "RULED_OUT_SHARE", "alarms"]

#: Share of prior draws ruled out for one reason above which an alarm is raised. [1]
RULED_OUT_SHARE = 0.25
#: Share of posterior draws in the outer 2 % of a prior's mass that raises an alarm. [1]
EDGE_SHARE = 0.2
#: Fewest effective draws per parameter without an alarm. [draws]
MIN_ESS = 100.0
#: Predictive p-values below this (or above 1 minus it) raise an alarm. [1]
P_VALUE = 0.01
#: Smallest share of months inside the 90 % predictive interval without an alarm. [1]
MIN_COVERAGE_90 = 0.7


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:.2g}"


def _ruled_out(post: Posterior) -> list[str]:
    table = post.ruled_out()
    out = []
    for reason, row in table.drop(index="any").iterrows():
        if row["share"] >= RULED_OUT_SHARE:
            what = str(reason).split(": ", 1)[1]
            cause = (
                "the prior on that class's initial stock or production reaches too low"
                if str(reason).startswith("record")
                else "the claim and the prior barely overlap"
            )
            out.append(
                f"{row['share']:.0%} of the prior draws are ruled out ({what}). If that seems "
                f"wrong, {cause}."
            )
    return out


def _edges(post: Posterior) -> list[str]:
    out = []
    for n, prior in enumerate(post.problem.priors):
        low, high = (float(b) for b in prior.dist.support())
        discrete = isinstance(prior.dist.dist, scipy.stats.rv_discrete)  # bounds are values
        if discrete or not (np.isfinite(low) and np.isfinite(high)) or high <= low:
            continue
        u = prior.dist.cdf(post.theta[:, n])  # position within the prior's mass
        for side, near, bound in (("bottom", u <= 0.02, low), ("top", u >= 0.98, high)):
            share = float(near.mean())
            if share >= EDGE_SHARE:
                unit = f" {prior.unit}" if prior.unit else ""
                out.append(
                    f"The record pushes {prior.path} against the {side} of its prior "
                    f"({_fmt(bound)}{unit}): {share:.0%} of the posterior lies in the prior's "
                    "outer 2 %. The prior may be too narrow there."
                )
    return out


def _ess(post: Posterior) -> list[str]:
    low = [(p, e) for p, e in zip(post.paths, post.smc.ess_moves, strict=True) if e < MIN_ESS]
    return [
        f"Only {e:.0f} effective draws for {p}: its quantiles are rough. Fit with more "
        "particles or a larger max_moves."
        for p, e in low
    ]


def _check(post: Posterior) -> list[str]:
    out = []
    for cls, row in post.check_summary().iterrows():
        if row["p_dispersion"] < P_VALUE:
            out.append(
                f"The {cls} record scatters more from month to month than the model allows "
                f"(predictive p = {row['p_dispersion']:.3f}): its intervals are too narrow. "
                "Use the beta-binomial observation model, or let its concentration go lower."
            )
        if row["p_total"] < P_VALUE or row["p_total"] > 1 - P_VALUE:
            more = "more" if row["p_total"] < P_VALUE else "fewer"
            out.append(
                f"The record shows {more} {cls} missiles destroyed in all than the model can "
                f"give (predictive p = {min(row['p_total'], 1 - row['p_total']):.3f})."
            )
        if row["coverage_90"] < MIN_COVERAGE_90:
            out.append(
                f"Only {row['coverage_90']:.0%} of the {cls} months lie inside the 90 % "
                "predictive intervals."
            )
    return out


def _claims(post: Posterior) -> list[str]:
    out = []
    scores = post.claim_terms()
    for c, claim in enumerate(post.problem.claims):
        if isinstance(claim.dist, Occurred):
            values = claim.value(post.theta, post.outputs)
            happened = float((values > claim.dist.threshold).mean())
            if happened < P_VALUE:
                out.append(
                    f"The report on {claim.claim.describe()} conflicts with the record and the "
                    f"other inputs: even with it, only {happened:.1%} of the posterior draws "
                    "show it. Check the report, or what the scenario leaves out."
                )
            continue
        values = claim.value(post.theta, post.outputs)
        w = np.exp(-(scores[:, c] - scores[:, c].max()))  # the posterior without this claim
        w /= w.sum()
        centre = (
            float(claim.dist.median()) / claim.factor
            if claim.prior is not None
            else float(claim.dist.median())
        )
        below = float(w[values <= centre].sum())
        tail = min(below, 1.0 - below)
        if tail < P_VALUE:
            order = np.argsort(values)
            cdf = np.cumsum(w[order])
            lo = values[order][int(np.searchsorted(cdf, 0.05))]
            hi = values[order][min(int(np.searchsorted(cdf, 0.95)), len(cdf) - 1)]
            out.append(
                f"The claim on {claim.claim.describe()} (about {_fmt(centre)}) conflicts with "
                f"the record and the other inputs, which put it at {_fmt(lo)} to {_fmt(hi)} "
                "(90 %) without the claim. Check the claim's source and its stated "
                "uncertainty, or the priors."
            )
    return out


def _upper(post: Posterior, path: str, fixed: Any, low: bool = False) -> float | None:
    """Most favourable monthly value of a parameter: prior's 0.1 % or 99.9 % point."""
    for prior in post.problem.priors:
        if prior.path == path:
            return float(prior.dist.ppf(0.001 if low else 0.999)) * prior.monthly
    value, factor = (fixed.value, fixed.to_monthly) if isinstance(fixed, Rate) else (fixed, 1.0)
    if np.ndim(value) != 0 or hasattr(value, "ppf"):
        return None
    return float(value) * factor


def _rounds(post: Posterior) -> list[str]:
    out = []
    obs = post.problem.observed
    scenario = post.scenario
    for ic in scenario.interceptors:
        engagers = [i for i in scenario.interceptors if set(i.engages) & set(ic.engages)]
        classes = [c for c in ic.engages if c in obs.classes]
        if len(engagers) != 1 or not classes or ic.doctrine not in DOCTRINES:
            continue
        pk = _upper(post, f"{ic.name}.pk", ic.pk)
        shots = _upper(post, f"{ic.name}.shots", ic.shots, low=True)
        stock = _upper(post, f"{ic.name}.stock", ic.stock)
        supply = _upper(post, f"{ic.name}.deliveries", ic.deliveries)
        if None in (pk, shots, stock, supply) or ic.doctrine != "salvo":
            continue
        assert pk is not None and shots is not None and stock is not None and supply is not None
        kill = 1.0 - (1.0 - pk) ** shots
        kills = float(sum(obs.destroyed[:, obs.of_class(c)].sum() for c in classes))
        needed = kills * shots / max(kill, 1e-12)
        allowed = stock + supply * scenario.months
        if needed > allowed:
            years = scenario.months / 12.0
            out.append(
                f"The record's {' and '.join(classes)} intercepts ({_fmt(kills)} destroyed in "
                f"{scenario.months} months) need at least {_fmt(needed / years)} {ic.name} "
                f"rounds a year at {shots:g} per target and pk up to {pk:.2f}; the priors allow "
                f"at most {_fmt(allowed / years)} a year (stock and deliveries)."
            )
    return out


def alarms(post: Posterior) -> list[str]:
    """Every alarm raised for a fitted posterior, in plain words (empty if none)."""
    out: list[str] = []
    for check in (_ruled_out, _rounds, _edges, _ess, _check, _claims):
        out += check(post)
    return out
