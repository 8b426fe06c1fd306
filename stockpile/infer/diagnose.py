"""Why draws are ruled out, in plain words: by the record (missiles the attacker lacked) or by
a claim (a reported value the draw makes impossible)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.infer.model import UNMET_TOLERANCE, Problem, Scores, score

__all__ = ["impossible", "ruled_out"]

Array = NDArray[np.float64]
#: Draws re-simulated to explain an impossible fit. [draws]
_EXPLAIN = 512


def ruled_out(problem: Problem, scores: Scores) -> pd.DataFrame:
    """Prior draws ruled out, by reason.

    Returns
    -------
    pandas.DataFrame
        One row per reason (each class the attacker lacked missiles of, each claim with
        zero density): ``draws`` and ``share`` of the prior draws [1]. A draw may count
        under several reasons; the row ``any`` counts each once.
    """
    n = scores.record.shape[0]
    rows = {}
    for k, missile in enumerate(problem.scenario.missiles):
        rows[f"record: too few {missile.name} missiles to launch as observed"] = scores.short[
            :, k
        ].sum()
    for c, claim in enumerate(problem.claims):
        rows[f"claim: {claim.claim.describe()}"] = (~np.isfinite(scores.claims[:, c])).sum()
    rows["any"] = (~np.isfinite(scores.total)).sum()
    frame = pd.DataFrame({"draws": pd.Series(rows, dtype=np.int64)})
    frame["share"] = frame["draws"] / n
    frame.index.name = "reason"
    return frame


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:.3g}"


def impossible(problem: Problem, z: Array, scores: Scores) -> str:
    """The message when no prior draw can produce the record and the claims."""
    n = z.shape[0]
    head = z[:_EXPLAIN]
    kept = score(problem, head, keep=True)
    lines = [f"No prior draw can produce the record and the claims (0 of {n:,} prior draws):"]
    index = problem.scenario.index
    for k, missile in enumerate(problem.scenario.missiles):
        if not scores.short[:, k].all():
            continue
        unmet = kept.batch["unmet_launches"][:, :, k]
        total = unmet.sum(axis=1)
        best = int(np.argmin(total))
        first = index[int(np.argmax(unmet[best] > UNMET_TOLERANCE))]
        lines.append(
            f"- the attacker lacks {missile.name} missiles: every draw leaves launches of the "
            f"record unlaunched; the closest still lacks {_fmt(total[best])} missiles, from "
            f"{first} on. Allow a larger initial stock or production of {missile.name} "
            f"('{missile.name}.stock', '{missile.name}.production')."
        )
    theta = problem.theta(head)
    for c, claim in enumerate(problem.claims):
        if np.isfinite(scores.claims[:, c]).any():
            continue
        values = claim.value(theta, kept.batch)
        low, high = (
            (float(v) for v in claim.dist.support())
            if hasattr(claim.dist, "support")
            else (np.nan, np.nan)
        )
        lines.append(
            f"- the claim on {claim.claim.describe()} has zero density for every draw: the "
            f"prior and the record put it between {_fmt(values.min())} and "
            f"{_fmt(values.max())}, the claim only allows {_fmt(low)} to {_fmt(high)}."
        )
    if len(lines) == 1:
        lines.append("- each draw fails a different way; see sp.infer.ruled_out reasons.")
    return "\n".join(lines)
