"""Scenario: the article's arithmetic, and what a ceasefire changes.
=================================================================

Russia's capacity to build cruise and ballistic missiles reached about 2,900 a year by June 2025
(Ukrainian military intelligence), while it launched 2,061 at Ukraine in 2024 (New York Times
count of Ukrainian Air Force data). How fast does the reserve grow at those rates, and how much
larger is it at the end of 2027 if a ceasefire stops launches from January 2026?

Run: ``python examples/article_arithmetic.py [OUT_DIR]`` (or set ``STOCKPILE_EXAMPLES_OUT``);
the figure ``article_arithmetic.png`` is written there (default: a temporary directory).
"""

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

import stockpile as sp
import stockpile.plot

PRODUCTION = 2_900  # missiles built a year, cruise + ballistic [missiles/year]
LAUNCHES = 2_061  # missiles launched at Ukraine in 2024 [missiles/year]
START = "2025-01"  # first simulated month
MONTHS = 36  # horizon [months]
CEASEFIRE = "2026-01"  # first month without launches

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(tempfile.gettempdir()) / "stockpile")
)

war = sp.Scenario(
    name="2024 launch rate",
    start=START,
    months=MONTHS,
    missiles=[
        sp.Missile("missiles", production=sp.per_year(PRODUCTION), launches=sp.per_year(LAUNCHES))
    ],
)
truce = dataclasses.replace(
    war, name=f"ceasefire from {CEASEFIRE}", events=[sp.Ceasefire(start=CEASEFIRE)]
)

for scenario in (war, truce):
    result = sp.simulate(scenario)
    growth = result.metric("reserve_growth_per_year")[0]
    final = result.metric("final_missile_stock")[0]
    print(
        f"{scenario.name:<26} reserve grows {growth:,.0f} missiles/year on average; "
        f"{final:,.0f} missiles by {result.index[-1]}"
    )

monthly = sp.simulate(war).get("missile_stock")[0]
print(f"at 2024's rate the reserve grows {monthly[1] - monthly[0]:.1f} missiles a month")
print(f"a year of ceasefire adds {PRODUCTION:,} instead of {PRODUCTION - LAUNCHES:,}")

ax = sp.plot.fan(sp.simulate(war), "missile_stock", label=war.name, title="")
sp.plot.fan(sp.simulate(truce), "missile_stock", ax=ax, label=truce.name, color="#D55E00")
ax.set_title(f"Missile reserve at {PRODUCTION:,}/yr built, {LAUNCHES:,}/yr launched")
OUT.mkdir(parents=True, exist_ok=True)
ax.figure.savefig(OUT / "article_arithmetic.png", dpi=150)
print(f"figure: {OUT / 'article_arithmetic.png'}")
