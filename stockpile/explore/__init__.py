"""Exploring scenarios: designs, sweeps, sensitivity and thresholds.

The questions analysts ask, over thousands to millions of scenarios at once:

- *Which assumption matters most?* :func:`sobol` (first- and total-order indices with
  intervals, of a metric or of a trajectory variable month by month) and :func:`tornado`.
- *Over all plausible production rates, what happens?* A design (:func:`lhs`, :func:`grid`,
  :func:`halton`, :func:`sobol_sequence`) and a :func:`sweep`.
- *What delivery rate keeps the magazine from running dry through 2026?* :func:`threshold`,
  with conditions such as :func:`no_depletion_before` and :func:`at_least`.

Parameters are named by path (``"ballistic.production"``, ``"ceasefire.start"``) and bounded
with their unit (``sp.per_year((600, 1500))``); see :mod:`stockpile.explore.bounds`.
"""

from stockpile.explore.bounds import choice, integers, months, parse_bounds
from stockpile.explore.samplers import SAMPLERS, grid, halton, lhs, sample, sobol_sequence
from stockpile.explore.sensitivity import sobol, tornado
from stockpile.explore.sweeps import sweep
from stockpile.explore.thresholds import (
    Condition,
    at_least,
    at_most,
    no_depletion_before,
    threshold,
)

__all__ = [
    "SAMPLERS",
    "Condition",
    "at_least",
    "at_most",
    "choice",
    "grid",
    "halton",
    "integers",
    "lhs",
    "months",
    "no_depletion_before",
    "parse_bounds",
    "sample",
    "sobol",
    "sobol_sequence",
    "sweep",
    "threshold",
    "tornado",
]
