"""Scenario: the README figure, Russia's missile reserve against Ukraine's Patriot magazine.
=========================================================================================

The russia-ukraine-2025 preset (every figure a sourced range: capacity and utilization, the
record's 2025 launch mix and dispersion, a Patriot-class magazine of unpublished size) in the
stochastic mode: the left panel shows the reserves and the magazine with bands that hold the
inputs' uncertainty; the right panel the probability that the magazine has fallen short by
each month, with and without a ceasefire from January 2026.

Run: ``python examples/readme_figure.py [OUT_DIR]`` (``make figures``); the figure
``readme.png`` is written to ``examples/figures/`` unless a directory is given (or
``STOCKPILE_EXAMPLES_OUT`` is set).
"""

import os
import sys
from pathlib import Path

from matplotlib.figure import Figure

import stockpile as sp
import stockpile.plot

RUNS = 1_000  # Monte Carlo runs
SEED = 1  # seed of every random stream

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(__file__).parent / "figures")
)

war = sp.simulate(sp.presets.load("russia-ukraine-2025"), runs=RUNS, seed=SEED, stochastic=True)
truce = sp.simulate(
    sp.presets.load("russia-ukraine-2025-ceasefire"), runs=RUNS, seed=SEED, stochastic=True
)

figure = Figure(figsize=(13, 4.8), layout="constrained")
left, right = figure.subplots(1, 2, width_ratios=[1.25, 1])
sp.plot.stocks(war, ax=left, title="Reserves and the Patriot-class magazine (bands: 5-95 %)")
sp.plot.depletion(war, ax=right, label="2025 launch mix", title="")
sp.plot.depletion(truce, ax=right, label="ceasefire from 2026-01", color="#D55E00", title="")
right.set_title("Probability the magazine has fallen short of demand")
figure.suptitle(
    f"stockpile: russia-ukraine-2025 preset, sourced ranges, {RUNS:,} stochastic runs",
    fontsize="medium",
)
OUT.mkdir(parents=True, exist_ok=True)
figure.savefig(OUT / "readme.png", dpi=110)
print(f"figure: {OUT / 'readme.png'}")
