"""Figures of a fit to the record: predictive checks, prior against posterior, value of
information. Each function takes ``ax=None`` and returns the ``Axes`` it drew on::

    import stockpile.plot.inference as spi
    spi.predictive_check(posterior, "ballistic")      # record against replicated records
    spi.marginal(posterior, "patriot.stock")          # prior and posterior of one parameter
    spi.information(posterior.value_of_information("patriot.interceptor_stock"))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from stockpile.errors import invalid
from stockpile.plot import _style as style

__all__ = ["information", "marginal", "predictive_check"]


def predictive_check(
    data: Any,
    item: str,
    observed: pd.Series | None = None,
    *,
    bands: Sequence[float] = (0.5, 0.9),
    seed: Any = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The record's destroyed counts of one class against replicated records.

    Parameters
    ----------
    data : Posterior or Replicates
        A fitted posterior (its fitted window is replicated) or replicates from
        :meth:`~stockpile.infer.Posterior.predict_record` (a forecast).
    item : str
        Missile class.
    observed : pandas.Series, optional
        Destroyed counts by month to mark (default: the posterior's record). [missiles/month]
    bands : sequence of float
        Central bands of the replicates. [1]
    seed : int, optional
        Seed of the replicates drawn from a posterior.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        Title; ``""`` for none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from stockpile.infer.check import Replicates
    from stockpile.infer.posterior import Posterior

    if isinstance(data, Posterior):
        reps = data.replicate(seed)
        labels = data.problem.observed.labels  # the classes, or "ballistic.kyiv" by area
        if observed is None and item in labels:
            k = labels.index(item)
            observed = pd.Series(data.problem.observed.destroyed[:, k], index=reps.index)
    elif isinstance(data, Replicates):
        reps = data
    else:
        raise invalid("data", "a sp.infer.Posterior or Replicates", type(data).__name__)
    if item not in reps.classes:
        raise invalid("item", f"one of {list(reps.classes)}", item)
    values = reps.get(item)
    x = style.months(reps.index)
    ax = style.new_axes(ax, size=(8.0, 4.0))
    color = style.OKABE_ITO["blue"]
    for width, alpha in zip(style.bands(bands), (0.2, 0.35, 0.5), strict=False):
        low, high = np.quantile(values, [(1 - width) / 2, (1 + width) / 2], axis=0)
        ax.fill_between(
            x,
            low,
            high,
            color=color,
            alpha=alpha,
            lw=0,
            step="mid",
            label=f"{width:.0%} of replicates",
        )
    ax.step(x, np.median(values, axis=0), where="mid", color=color, label="median replicate")
    if observed is not None:
        obs = pd.Series(observed)
        ax.plot(
            style.months(pd.PeriodIndex(obs.index, freq="M")),
            obs.to_numpy(),
            "o",
            color=style.OKABE_ITO["black"],
            ms=4,
            label="record",
        )
    style.month_axis(ax)
    ax.set_ylabel(f"{item} destroyed [missiles/month]")
    style.floor(ax)
    return style.finish(ax, title, f"Posterior predictive check: {item} destroyed")


def marginal(
    posterior: Any, path: str, *, bins: int = 40, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Prior density and posterior histogram of one parameter.

    Parameters
    ----------
    posterior : Posterior
        A fitted posterior.
    path : str
        An inferred parameter.
    bins : int
        Histogram bins.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        Title; ``""`` for none.
    """
    draws = posterior.samples(path)
    prior = posterior.problem.priors[posterior.paths.index(path)]
    ax = style.new_axes(ax, size=(5.0, 3.5))
    ax.hist(
        draws, bins=bins, density=True, color=style.OKABE_ITO["blue"], alpha=0.6, label="posterior"
    )
    lo, hi = prior.dist.ppf([0.001, 0.999])
    grid = np.linspace(lo, hi, 400)
    density = prior.dist.pdf(grid) if hasattr(prior.dist, "pdf") else prior.dist.pmf(grid)
    ax.plot(grid, density, color=style.OKABE_ITO["orange"], label="prior")
    unit = f" [{prior.unit}]" if prior.unit else ""
    ax.set_xlabel(f"{path}{unit}")
    ax.set_ylabel("density")
    return style.finish(ax, title, path)


def information(table: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Expected interval width of the target after each candidate claim (best first).

    Parameters
    ----------
    table : pandas.DataFrame
        :meth:`~stockpile.infer.Posterior.value_of_information`'s table.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    title : str, optional
        Title; ``""`` for none.
    """
    if not {"claim_on", "precision", "width_after"} <= set(table.columns):
        raise invalid("table", "a value_of_information table", list(table.columns))
    shown = table.head(12).iloc[::-1]
    ax = style.new_axes(ax, size=(8.0, 0.35 * len(shown) + 1.5))
    labels = [f"{c} (±{p:.0%})" for c, p in zip(shown["claim_on"], shown["precision"], strict=True)]
    ax.barh(labels, shown["width_after"], color=style.OKABE_ITO["bluish_green"])
    now = table.attrs.get("width_now")
    if now is not None:
        ax.axvline(now, color=style.OKABE_ITO["black"], ls="--", label="width now")
    level = table.attrs.get("level", 0.9)
    ax.set_xlabel(f"expected {level:.0%} interval width of {table.attrs.get('target', 'target')}")
    ax.set_xlim(left=0)
    return style.finish(ax, title, "Which claim would narrow it most", loc="upper right")
