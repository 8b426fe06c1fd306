"""Scenario: what each sourced preset says once its figures are ranges, and what drives it.
========================================================================================

Every figure of a built-in preset is a range (a scipy.stats distribution) with its source and
grade. For each preset this script simulates an ensemble in the stochastic mode (parameter
uncertainty and month-to-month noise together), prints the probability that the defender's
magazine has fallen short by a few months and the quantiles of the first shortfall, and draws
the stocks with their bands beside the probability by month. For the Russia-Ukraine preset it
then asks which inputs drive the month of the first shortfall (Sobol total-order indices over
the preset's own ranges, deterministic runs, so the indices split parameter uncertainty only).

Run: ``python examples/preset_uncertainty.py [OUT_DIR]`` (or set ``STOCKPILE_EXAMPLES_OUT``);
one figure ``<preset>.png`` per preset is written there (default: a temporary directory).
"""

import os
import sys
import tempfile
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

import stockpile as sp
import stockpile.plot

RUNS = 2_000  # Monte Carlo runs per preset
SEED = 1  # seed of every random stream
QUANTILES = (0.05, 0.5, 0.95)  # of the month of the first shortfall
SOBOL_POINTS = 2**10  # base sample of the Sobol' design
DRIVERS = 4  # inputs named

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(tempfile.gettempdir()) / "stockpile")
)
OUT.mkdir(parents=True, exist_ok=True)


def headline(result: sp.Result) -> str:
    """Probability of a shortfall at every 6th month, and the quantiles of its first month."""
    short = result.depletion_probability()["any"]
    months = short.index[5::6]
    by = ", ".join(f"{m}: {short[m]:.0%}" for m in months)
    first = [short[short >= q].index.min() for q in QUANTILES]
    shown = ["after the horizon" if pd.isna(m) else str(m) for m in first]
    return f"  P(short by) {by}\n  first shortfall, 5/50/95 %: {', '.join(shown)}"


for name in sp.presets.names():
    scenario = sp.presets.load(name)
    result = sp.simulate(scenario, runs=RUNS, seed=SEED, stochastic=True)
    print(f"{name}:")
    panels = 2 if result.interceptors else 1
    figure = Figure(figsize=(6.5 * panels, 4.6), layout="constrained")
    axes = figure.subplots(1, panels, squeeze=False)[0]
    sp.plot.stocks(result, ax=axes[0], title="Stocks (bands: 5-95 % of runs)")
    if result.interceptors:
        print(headline(result))
        sp.plot.depletion(result, ax=axes[1], title="Probability of a shortfall by month")
    else:
        growth = result.summary()["reserve_growth_per_year"].quantile(list(QUANTILES))
        print("  reserve growth per year, 5/50/95 %: " + ", ".join(f"{v:,.0f}" for v in growth))
    figure.suptitle(f"{name}: sourced ranges, {RUNS:,} stochastic runs", fontsize="medium")
    figure.savefig(OUT / f"{name}.png", dpi=110)

preset = "russia-ukraine-2025"
indices = sp.explore.sobol(
    sp.presets.load(preset),
    sp.presets.ranges(preset),
    "months_to_depletion",
    n=SOBOL_POINTS,
    seed=SEED,
    progress=False,
)
top = indices.head(DRIVERS)
pairs = zip(top["parameter"], top["total_order"], strict=True)
named = ", ".join(f"{parameter} ({value:.2f})" for parameter, value in pairs)
print(f"{preset}: what drives the first shortfall (Sobol total order): {named}")
print(f"figures: {OUT}")
