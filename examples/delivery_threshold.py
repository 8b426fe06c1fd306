"""Scenario: what Patriot delivery rate keeps the magazine from running dry before 2027?
=====================================================================================

At the point values of the russia-ukraine-2025 preset Ukraine's Patriot-class magazine (250
interceptors, an assumption) first falls short in July 2027 at the record's 2025 ballistic
launch rate: the batteries defend Kyiv first (its share of ballistic launches comes from the
record) and the other cities they cover go without once the magazine is down to the floor kept
for Kyiv. The answer depends on resupply and on the share of ballistic launches that fly at
those other cities, neither of them public. A grid sweep over both shows how long the magazine
lasts; a threshold search finds, for each share, the least yearly delivery rate with no
shortfall before January 2027.

Run: ``python examples/delivery_threshold.py [OUT_DIR]`` (or set ``STOCKPILE_EXAMPLES_OUT``);
the figure ``delivery_threshold.png`` is written there (default: a temporary directory).
"""

import os
import sys
import tempfile
from pathlib import Path

import stockpile as sp
import stockpile.explore
import stockpile.plot

DELIVERIES = (0, 300)  # resupply range searched [interceptors/year]
CITIES = (0.1, 0.4)  # share of ballistic launches at the other cities covered [share]
LEVELS = 7  # grid levels per parameter
UNTIL = "2027-01"  # no shortfall before this month

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(tempfile.gettempdir()) / "stockpile")
)

scenario = sp.presets.load("russia-ukraine-2025", point=True)  # the grid varies two of them
bounds = {"patriot.deliveries": sp.per_year(DELIVERIES), "ballistic.aim.cities": CITIES}
# months from the start to the first shortfall; NaN where the magazine never falls short
table = sp.explore.sweep(scenario, sp.explore.grid(bounds, levels=LEVELS), "months_to_depletion")
never = table["months_to_depletion"].isna().mean()
print(f"{never:.0%} of the grid's points never fall short within {scenario.months} months")

print(f"least Patriot deliveries with no shortfall before {UNTIL}:")
for share in sorted(set(table["ballistic.aim.cities"])):
    case = scenario.with_params({"ballistic.aim.cities": share})
    least = sp.explore.threshold(
        case,
        "patriot.deliveries",
        sp.per_year(DELIVERIES),
        sp.explore.no_depletion_before(UNTIL),
        unbracketed="nan",
    )
    print(f"  {share:4.0%} of ballistic launches at covered cities: {least.iloc[0]:6,.0f} a year")

ax = sp.plot.heatmap(  # cells that never fall short have their own colour, named on the scale
    table,
    "patriot.deliveries",
    "ballistic.aim.cities",
    "months_to_depletion",
    unit=f"months after {scenario.start}",
    title=f"Months until the Patriot magazine first falls short, of {scenario.months}",
)
OUT.mkdir(parents=True, exist_ok=True)
ax.figure.savefig(OUT / "delivery_threshold.png", dpi=150)
print(f"figure: {OUT / 'delivery_threshold.png'}")
