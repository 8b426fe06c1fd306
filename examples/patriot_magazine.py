"""Scenario: when does Ukraine's Patriot magazine run dry, and what does an aid package buy?
=========================================================================================

Russia fired about 611 ballistic missiles a year at Ukraine in 2024 (30 % of the 2,061 missiles
the New York Times counted); about half fly at areas a Patriot-class battery defends, and each
is engaged with two interceptors. The magazine's size, its resupply and the kill probability
are not public, so they are uncertain here (ranges around the russia-ukraine-2025 preset's
assumptions), and launches vary month to month (stochastic mode). In which month does the
magazine first fall short, and how much later with 150 more interceptors delivered in April
2025?

Run: ``python examples/patriot_magazine.py [OUT_DIR]`` (or set ``STOCKPILE_EXAMPLES_OUT``);
the figure ``patriot_magazine.png`` is written there (default: a temporary directory).
"""

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import scipy.stats
from matplotlib.figure import Figure

import stockpile as sp
import stockpile.plot

RUNS = 2_000  # Monte Carlo runs
SEED = 2025  # seed of every random stream
STOCK = scipy.stats.uniform(150, 200)  # magazine in January 2025, 150 to 350 [interceptors]
DELIVERIES = scipy.stats.uniform(60, 120)  # resupply, 60 to 180 [interceptors/year]
PK = scipy.stats.beta(10, 10)  # single-shot kill probability, mean 0.5 [1]
AID_MONTH = "2025-04"  # month an aid package arrives
AID = 150  # interceptors in the package [interceptors]
BY = "2025-12"  # the month asked about: is the magazine short by then?
MONTHS = 18  # horizon [months]

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(tempfile.gettempdir()) / "stockpile")
)

preset = dataclasses.replace(sp.presets.load("russia-ukraine-2025"), months=MONTHS)
base = preset.with_params(
    {"patriot.stock": STOCK, "patriot.deliveries": sp.per_year(DELIVERIES), "patriot.pk": PK}
)
aided = dataclasses.replace(
    base, events=[sp.AidPackage(month=AID_MONTH, interceptor="patriot", quantity=AID)]
)

results = {}
for label, scenario in (("as is", base), (f"+{AID} in {AID_MONTH}", aided)):
    result = sp.simulate(scenario, runs=RUNS, seed=SEED, stochastic=True)
    results[label] = result
    months = result.summary()["depletion_month"]
    short_by = result.depletion_probability().loc[BY, "any"]
    print(
        f"{label:<16} median first shortfall {months.dropna().median()}; "
        f"90% of runs between {months.quantile(0.05)} and {months.quantile(0.95)}; "
        f"P(short by {BY}) = {short_by:.0%}"
    )

gain = np.median(results[f"+{AID} in {AID_MONTH}"].metric("depletion_month")) - np.median(
    results["as is"].metric("depletion_month")
)
print(f"the package delays the median first shortfall by {gain:.0f} months")

figure = Figure(figsize=(11, 4.2), layout="constrained")
left, right = figure.subplots(1, 2)
colours = ("#0072B2", "#D55E00")
for (label, result), colour in zip(results.items(), colours, strict=True):
    sp.plot.fan(result, "interceptor_stock", ax=left, label=label, color=colour, title="")
    sp.plot.depletion(result, ax=right, label=label, color=colour, title="")
left.set_title("Patriot-class magazine")
right.set_title("Probability the magazine has fallen short")
OUT.mkdir(parents=True, exist_ok=True)
figure.savefig(OUT / "patriot_magazine.png", dpi=150)
print(f"figure: {OUT / 'patriot_magazine.png'}")
