"""Value of information: which further claim would narrow a quantity's posterior most.

For a target quantity ``Q`` (a parameter, or a state in a month) and a candidate claim on
``Z`` (another parameter or state) reported with a normal error of standard deviation ``σ``,
the expected width of ``Q``'s central interval after the claim is computed by preposterior
analysis on the posterior draws, with no new simulation:

1. draw ``M`` hypothetical truths from the posterior and a report ``z* = Z_m + σ ε`` for each;
2. reweight the draws by the report's likelihood ``N(z*; Z_i, σ)``;
3. take ``Q``'s weighted central interval; average its width over the ``M`` reports.

``σ`` is ``precision`` × the posterior median of ``|Z|`` (a claim "to within 10 %" is
``precision=0.1``). The reduction is ``1 − expected width / current width``. The target itself
is among the candidates (measuring it directly is the upper bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import invalid
from stockpile.infer.record import UNCONSTRAINED_STOCK
from stockpile.validation import seed_sequence

if TYPE_CHECKING:
    from stockpile.infer.posterior import Posterior

__all__ = ["quantity", "value_of_information"]

Array = NDArray[np.float64]
_STOCKS = ("missile_stock", "interceptor_stock")


def quantity(posterior: Posterior, target: str, month: Any = None) -> tuple[str, Array]:
    """A parameter's draws, or a state's values in ``month`` (default: the last fitted)."""
    if target in posterior.paths:
        return target, posterior.samples(target)
    item, _, variable = target.partition(".")
    data = posterior.outputs
    names = {
        "missile_stock": posterior.result.missiles,
        "launches": posterior.result.missiles,
        "intercepted": posterior.result.missiles,
        "interceptor_stock": posterior.result.interceptors,
        "interceptors_fired": posterior.result.interceptors,
        "interceptor_shortfall": posterior.result.interceptors,
    }
    if variable not in names or item not in names[variable]:
        raise invalid(
            "target", f"a parameter path {posterior.paths} or '<item>.<variable>'", target
        )
    t = posterior.scenario.months - 1 if month is None else posterior._offset(month)
    label = f"{target} in {posterior.scenario.index[t]}"
    return label, np.asarray(data[variable][:, t, names[variable].index(item)])


def _candidates(posterior: Posterior) -> list[tuple[str, Array]]:
    out = [(path, posterior.samples(path)) for path in posterior.paths]
    data, last = posterior.outputs, posterior.scenario.index[-1]
    for variable, items in zip(
        _STOCKS, (posterior.result.missiles, posterior.result.interceptors), strict=True
    ):
        for n, item in enumerate(items):
            values = data[variable][:, -1, n]
            if np.median(values) < UNCONSTRAINED_STOCK / 10:  # an unconstrained stock says nothing
                out.append((f"{item}.{variable} in {last}", values))
    return out


def _width(q: Array, logw: Array, level: float) -> Array:
    order = np.argsort(q)
    w = np.exp(logw[:, order] - logw.max(axis=1, keepdims=True))
    cdf = np.cumsum(w, axis=1)
    cdf /= cdf[:, -1:]
    tail = (1.0 - level) / 2.0
    lo = q[order][np.argmax(cdf >= tail, axis=1)]
    hi = q[order][np.argmax(cdf >= 1.0 - tail, axis=1)]
    return np.asarray(hi - lo)


def value_of_information(
    posterior: Posterior,
    target: str,
    month: Any = None,
    *,
    candidates: Sequence[str] | None = None,
    precision: Sequence[float] = (0.1, 0.25),
    level: float = 0.9,
    reports: int = 200,
    seed: Any = None,
) -> pd.DataFrame:
    """See :meth:`stockpile.infer.Posterior.value_of_information`."""
    label, q = quantity(posterior, target, month)
    if not 0 < level < 1:
        raise invalid("level", "a probability in (0, 1)", level)
    pool = _candidates(posterior)
    if candidates is not None:
        pool = [quantity(posterior, c) if isinstance(c, str) else c for c in candidates]
    rng = np.random.default_rng(seed_sequence(seed))
    current = float(np.diff(np.quantile(q, [(1 - level) / 2, (1 + level) / 2]))[0])
    rows = []
    for name, z in pool:
        scale = float(np.median(np.abs(z)))
        for rel in precision:
            sigma = max(rel * scale, 1e-12)
            truth = rng.integers(0, z.shape[0], size=reports)
            report = z[truth] + sigma * rng.standard_normal(reports)
            logw = -0.5 * ((report[:, None] - z[None, :]) / sigma) ** 2
            width = float(_width(q, logw, level).mean())
            rows.append(
                {
                    "claim_on": name,
                    "precision": rel,
                    "sd": sigma,
                    "width_after": width,
                    "reduction": 1.0 - width / current if current > 0 else 0.0,
                }
            )
    frame = pd.DataFrame(rows).sort_values("width_after", ignore_index=True)
    frame.attrs.update(target=label, width_now=current, level=level)
    return frame
