"""Figures the presets take from the shipped record (:func:`stockpile.data.observed_monthly`).

Launch rates are the mean of a window of months (the 2025 mix: January to June 2025, the last
half-year shipped); their range is the sampling uncertainty of that mean under the fitted
negative-binomial launch process; their dispersion is the one :func:`stockpile.calibrate.
fit_launches` estimates (24 months to the window's end, model chosen by BIC). Computed once per
process, on first use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "CLASSES",
    "KYIV_WINDOW",
    "WINDOW",
    "ClassRecord",
    "TargetRecord",
    "destroyed_share",
    "launch_record",
    "target_record",
]

#: The record's missile classes the presets simulate (``other_missile`` is left out).
CLASSES = ("cruise", "ballistic", "s300_s400")

#: The months whose mean launch rate the presets use: the 2025 mix.
WINDOW = ("2025-01", "2025-06")

#: The months whose Kyiv and elsewhere counts the presets use: Kyiv's counts are small, so
#: 2024 is pooled with 2025-H1 (their ballistic destroyed ÷ launched agree: 0.57 at Kyiv both).
KYIV_WINDOW = ("2024-01", "2025-06")


@dataclass(frozen=True)
class ClassRecord:
    """What the record says about one class's launches.

    Attributes
    ----------
    name : str
        The record's class (``"ballistic"``).
    first, last : str
        The window averaged.
    monthly : tuple of float
        Launches in each month of the window. [missiles/month]
    mean : float
        Their mean. [missiles/month]
    log_sd : float
        Standard deviation of the log of that mean under the fitted process,
        ``sqrt((1/mean + 1/k) / months)`` (delta method). [1]
    dispersion : float
        Negative-binomial dispersion ``k`` of the fitted process. [1]
    dispersion_log_sd : float
        Standard error of ``log k``. [1]
    model : str
        The launch model BIC chose (``"constant"``, ``"trend"``, ...).
    """

    name: str
    first: str
    last: str
    monthly: tuple[float, ...]
    mean: float
    log_sd: float
    dispersion: float
    dispersion_log_sd: float
    model: str


@functools.cache
def _observed() -> pd.DataFrame:
    from stockpile.data import observed_monthly

    return observed_monthly()


@functools.cache
def launch_record(first: str = WINDOW[0], last: str = WINDOW[1]) -> dict[str, ClassRecord]:
    """The launch figures of each class in :data:`CLASSES` over ``first``..``last``."""
    from stockpile.calibrate import fit_launches

    observed = _observed()
    fit = fit_launches(observed, until=last, classes=CLASSES)
    out = {}
    for name in CLASSES:
        window = observed.loc[first:last, ("launched", name)].to_numpy(dtype=np.float64)
        mean = float(window.mean())
        chosen = fit.classes[name]
        k = chosen.dispersion
        out[name] = ClassRecord(
            name=name,
            first=first,
            last=last,
            monthly=tuple(float(v) for v in window),
            mean=mean,
            log_sd=float(np.sqrt((1.0 / mean + 1.0 / k) / window.size)),
            dispersion=k,
            dispersion_log_sd=float(chosen.se[-1]),
            model=chosen.model,
        )
    return out


def destroyed_share(name: str, first: str, last: str) -> float:
    """Destroyed ÷ launched for class ``name`` over ``first``..``last``. [1]"""
    window = _observed().loc[first:last]
    return float(window["destroyed", name].sum() / window["launched", name].sum())


@dataclass(frozen=True)
class TargetRecord:
    """What the record says about one class where the daily rows name Kyiv as the target, and
    elsewhere (:func:`stockpile.data.observed_by_target`), over ``first``..``last``.

    Attributes
    ----------
    launched, destroyed : dict of str to float
        ``"kyiv"`` and ``"rest"`` totals. [missiles]
    """

    name: str
    first: str
    last: str
    launched: dict[str, float]
    destroyed: dict[str, float]

    @property
    def aim(self) -> float:
        """Share of launches whose rows name Kyiv. [1]"""
        return self.launched["kyiv"] / (self.launched["kyiv"] + self.launched["rest"])

    def share(self, key: str) -> float:
        """Destroyed ÷ launched at ``key`` (``"kyiv"`` or ``"rest"``). [1]"""
        return self.destroyed[key] / self.launched[key]


@functools.cache
def _by_target() -> pd.DataFrame:
    from stockpile.data import observed_by_target

    return observed_by_target()


@functools.cache
def target_record(
    name: str, first: str = KYIV_WINDOW[0], last: str = KYIV_WINDOW[1]
) -> TargetRecord:
    """Kyiv and elsewhere counts of class ``name`` over ``first``..``last``."""
    window = _by_target().loc[first:last].sum()
    keys = ("kyiv", "rest")
    return TargetRecord(
        name=name,
        first=first,
        last=last,
        launched={k: float(window["launched", name, k]) for k in keys},
        destroyed={k: float(window["destroyed", name, k]) for k in keys},
    )
