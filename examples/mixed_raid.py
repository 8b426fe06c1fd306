"""Scenario: how many Shahed-type drones does it take to strip Kyiv's ballistic defence?
=====================================================================================

A defender with two areas (Kyiv first, then other cities) and three layers: mobile fire groups
(guns; no magazine to run short, but only so many engagements a month) against drones,
NASAMS/IRIS-T-class systems over both areas against drones and cruise missiles (drones first:
they lead the wave), and Patriot/SAMP-T over Kyiv only,
which must also stop the ballistic missiles and rations (one round instead of two) when its
magazine is low. Drones are a missile type like any other: cheap and many, they reach the
medium layer and absorb its rounds, so more cruise missiles reach Patriot, whose magazine
then empties sooner and fewer ballistic missiles are stopped. The attacker's rates are of the
order of the 2025 record (missiles) and of the Ukrainian intelligence figure of up to ~2,700
drones a month (September 2025); the defender's stocks and kill probabilities are assumptions.

Run: ``python examples/mixed_raid.py [OUT_DIR]`` (or set ``STOCKPILE_EXAMPLES_OUT``); the
figure ``mixed_raid.png`` is written there (default: a temporary directory).
"""

import math
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

import stockpile as sp

START, MONTHS = "2025-07", 12  # first month, horizon [months]
AREAS = ["kyiv", "cities"]  # defended areas, in priority order
BALLISTIC = 60  # ballistic launches [missiles/month]
CRUISE = 150  # cruise launches [missiles/month]
DRONE_LEVELS = [0, 600, 3000]  # drone launches compared [drones/month]
NASAMS_STOCK, NASAMS_SUPPLY = 600, 120  # [interceptors], [interceptors/month]
PATRIOT_STOCK, PATRIOT_SUPPLY = 200, 25  # [interceptors], [interceptors/month]
GUN_CAPACITY = 800  # drones the mobile fire groups can engage [engagements/month]

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(tempfile.gettempdir()) / "stockpile")
)


def raid(drones: float) -> sp.Scenario:
    """The scenario with ``drones`` drone launches a month."""
    return sp.Scenario(
        start=START,
        months=MONTHS,
        areas=AREAS,
        missiles=[
            sp.Missile("ballistic", launches=sp.per_month(BALLISTIC), stock=2000,
                       aim={"kyiv": 0.3, "cities": 0.5}),
            sp.Missile("cruise", launches=sp.per_month(CRUISE), stock=3000,
                       aim={"kyiv": 0.3, "cities": 0.6}),
            sp.Missile("drone", launches=sp.per_month(drones), stock=1e6,
                       aim={"kyiv": 0.25, "cities": 0.6}),
        ],
        interceptors=[
            sp.Interceptor("mobile_groups", stock=math.inf, engages=["drone"], shots=1,
                           pk=0.5, fire_capacity=sp.per_month(GUN_CAPACITY), layer=0),
            sp.Interceptor("nasams", stock=NASAMS_STOCK,
                           deliveries=sp.per_month(NASAMS_SUPPLY),
                           engages=["drone", "cruise"], shots=1, pk=0.8, layer=1),
            sp.Interceptor("patriot", stock=PATRIOT_STOCK,
                           deliveries=sp.per_month(PATRIOT_SUPPLY),
                           engages=["ballistic", "cruise"], covers=["kyiv"], shots=2,
                           shots_below=1, low=100, pk=0.7, layer=2),
        ],
    )  # fmt: skip


results = {drones: sp.simulate(raid(drones)) for drones in DRONE_LEVELS}
for drones, result in results.items():
    summary = result.summary(per_item=True).iloc[0]
    short = summary["depletion_month.patriot"]
    print(
        f"{drones:>5,} drones/month: ballistic destroyed {summary['intercept_rate.ballistic']:.0%}"
        f", cruise {summary['intercept_rate.cruise']:.0%}; Patriot-class magazine short from "
        f"{'never' if pd.isna(short) else short}"
    )

figure = Figure(figsize=(9, 6.5), layout="constrained")
top, bottom = figure.subplots(2, 1, sharex=True)
for drones, result in results.items():
    month_end = result.index.to_timestamp(how="end")
    start = result.index[0].to_timestamp(how="start")
    label = f"{drones:,} drones/month"
    destroyed = result.get("intercepted", "ballistic")[0] / result.get("launches", "ballistic")[0]
    top.plot(month_end, destroyed * 100, marker="o", label=label)
    stock = [PATRIOT_STOCK, *result.get("interceptor_stock", "patriot")[0]]
    bottom.plot([start, *month_end], stock, marker="o", label=label)
top.set(ylabel="ballistic missiles destroyed\n÷ launched [%]", ylim=(0, 40))
top.set_title("Ballistic missiles destroyed, each month (all areas)", loc="left")
bottom.set(ylabel="magazine [interceptors]", xlabel="month (points at each month's end)")
bottom.set_title("Patriot-class magazine, from the initial stock", loc="left")
top.legend(title="drone launches", loc="lower left")
figure.suptitle("Drones absorb the medium layer's rounds; cruise missiles then drain Patriot")
OUT.mkdir(parents=True, exist_ok=True)
figure.savefig(OUT / "mixed_raid.png", dpi=120)
print(f"figure: {OUT / 'mixed_raid.png'}")
