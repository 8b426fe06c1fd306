"""What :meth:`~stockpile.calibrate.LaunchFit.forecast` returns: monthly launches per class,
run by run, and nothing a launch forecast does not mean.

A forecast has no reserve, no magazine and no depletion: it is built on launch processes
fitted to the record, not on stocks, so it carries no stock metrics at all (the simulation
behind it holds an unconstrained reserve, :data:`~stockpile.calibrate.UNCONSTRAINED_STOCK`,
that never shows). The record's ``total`` (every missile class counted together) is fitted to
its own series: it is kept apart from the classes (:attr:`LaunchForecast.total`), since it is
not their sum and adding it to them would count every missile twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from stockpile.errors import invalid

__all__ = ["TOTAL", "LaunchForecast"]

Array = NDArray[np.float64]

#: Name of the record's all-missiles series, forecast by its own fit.
TOTAL = "total"


@dataclass(frozen=True, eq=False)
class LaunchForecast:
    """Forecast monthly launches per class, one row per run.

    Each run drew its own parameters of the fitted launch model (parameter uncertainty), then
    negative-binomial monthly counts around that run's means.

    Attributes
    ----------
    index : pandas.PeriodIndex
        Forecast months.
    runs : int
        Number of runs.
    seed : numpy.random.SeedSequence
        Seed of the parameter draws and of the counts.
    launches : dict of str to ndarray of shape (runs, months)
        Launches per class, ``total`` excluded. [missiles/month]
    total : ndarray of shape (runs, months) or None
        The record's all-missiles series forecast by its own fit (``None`` when it was not
        fitted). Not the sum of :attr:`launches`. [missiles/month]
    description : str
        What was fitted and how.
    """

    index: pd.PeriodIndex
    runs: int
    seed: np.random.SeedSequence
    launches: dict[str, Array] = field(repr=False)
    total: Array | None = field(repr=False)
    description: str = ""

    @property
    def classes(self) -> list[str]:
        """The classes forecast, ``total`` excluded."""
        return list(self.launches)

    def items_of(self, variable: str) -> list[str]:
        """The classes a variable is forecast for (``total`` excluded)."""
        _check(variable)
        return self.classes

    def get(self, variable: str = "launches", item: str | None = None) -> Array:
        """Launches of one class as a ``(runs, months)`` array. [missiles/month]

        Parameters
        ----------
        variable : str
            ``"launches"``, the one variable a launch forecast has.
        item : str, optional
            A class, or ``"total"`` for the all-missiles series' own forecast; may be omitted
            when one class was forecast.
        """
        _check(variable)
        if item is None and len(self.launches) == 1:
            return next(iter(self.launches.values()))
        if (item == TOTAL or (item is None and not self.launches)) and self.total is not None:
            return self.total
        if item not in self.launches:
            extra = [TOTAL] if self.total is not None else []
            raise invalid("item", f"one of {[*self.launches, *extra]}", item)
        return self.launches[item]

    def quantiles(
        self,
        variable: str = "launches",
        q: Sequence[float] = (0.05, 0.5, 0.95),
        item: str | None = None,
    ) -> pd.DataFrame:
        """Per-month quantiles over runs. [missiles/month]

        Returns
        -------
        DataFrame
            Index month; columns the quantiles for one ``item`` (a class or ``"total"``),
            else ``(class, quantile)`` for every class (``total`` excluded).
        """
        _check(variable)
        levels = np.asarray(q, dtype=np.float64)
        if levels.ndim != 1 or levels.size == 0 or ((levels < 0) | (levels > 1)).any():
            raise invalid("q", "probabilities in [0, 1]", q)
        if item is not None or not self.launches:
            values = np.quantile(self.get(variable, item), levels, axis=0).T
            columns = pd.Index(levels.tolist(), name="quantile")
            return pd.DataFrame(values, index=self.index, columns=columns)
        blocks = [np.quantile(v, levels, axis=0).T for v in self.launches.values()]
        columns = pd.MultiIndex.from_product(
            [self.classes, levels.tolist()], names=["class", "quantile"]
        )
        return pd.DataFrame(np.hstack(blocks), index=self.index, columns=columns)

    def summary(self) -> pd.DataFrame:
        """One row per run: launches over the whole horizon per class (``total`` excluded, so
        a row's sum counts every missile once). [missiles]"""
        frame = pd.DataFrame({name: v.sum(axis=1) for name, v in self.launches.items()})
        frame.index.name = "run"
        frame.columns.name = "class"
        return frame

    def to_frame(self) -> pd.DataFrame:
        """Tidy launches: columns ``run, month, class, launches`` (``total`` excluded).
        [missiles/month]"""
        R, T = self.runs, self.index.size
        frames = [
            pd.DataFrame(
                {
                    "run": np.repeat(np.arange(R), T),
                    "month": np.tile(self.index, R),
                    "class": name,
                    "launches": values.ravel(),
                }
            )
            for name, values in self.launches.items()
        ]
        out = pd.concat(frames, ignore_index=True)
        out["class"] = out["class"].astype("category")
        return out

    def __repr__(self) -> str:
        total = " (+ total, own fit)" if self.total is not None else ""
        return (
            f"<LaunchForecast {', '.join(self.classes)}{total}: {self.runs} runs, "
            f"{self.index[0]} to {self.index[-1]}>"
        )


def _check(variable: str) -> None:
    if variable != "launches":
        raise invalid(
            "variable",
            "'launches' (a launch forecast has no stocks, magazines or depletion)",
            variable,
        )
