"""Scenario: what Patriot delivery rate keeps the magazine from running dry before 2027?
=====================================================================================

In the russia-ukraine-2025 preset Ukraine's Patriot-class magazine (250 interceptors, an
assumption) runs short within months at 2024's ballistic launch rate. The answer depends on
resupply and on the share of ballistic launches that fly at defended areas, neither of them
public. A grid sweep over both shows how long the magazine lasts; a threshold search finds, for
each share, the least yearly delivery rate with no shortfall before January 2027.

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

DELIVERIES = (0, 1_200)  # resupply range searched [interceptors/year]
DEFENDED = (0.2, 0.8)  # share of ballistic launches at defended areas [1]
LEVELS = 7  # grid levels per parameter
UNTIL = "2027-01"  # no shortfall before this month

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(tempfile.gettempdir()) / "stockpile")
)

scenario = sp.presets.load("russia-ukraine-2025")
bounds = {"patriot.deliveries": sp.per_year(DELIVERIES), "ballistic.defended": DEFENDED}
table = sp.explore.sweep(scenario, sp.explore.grid(bounds, levels=LEVELS), "depletion_month")
# months until the first shortfall; runs that never fall short count as the whole horizon
table["months_until_shortfall"] = table["depletion_month"].fillna(scenario.months)

print(f"least Patriot deliveries with no shortfall before {UNTIL}:")
for share in sorted(set(table["ballistic.defended"])):
    case = scenario.with_params({"ballistic.defended": share})
    least = sp.explore.threshold(
        case,
        "patriot.deliveries",
        sp.per_year(DELIVERIES),
        sp.explore.no_depletion_before(UNTIL),
        unbracketed="nan",
    )
    print(f"  {share:4.0%} of ballistic launches defended: {least.iloc[0]:6,.0f} a year")

ax = sp.plot.heatmap(
    table,
    "patriot.deliveries",
    "ballistic.defended",
    "months_until_shortfall",
    unit="months",
    ylabel="ballistic launches at defended areas [1]",
    title=f"Months until the Patriot magazine first falls short (horizon {scenario.months})",
)
OUT.mkdir(parents=True, exist_ok=True)
ax.figure.savefig(OUT / "delivery_threshold.png", dpi=150)
print(f"figure: {OUT / 'delivery_threshold.png'}")
