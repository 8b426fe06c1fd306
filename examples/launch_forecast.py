"""Scenario: how many ballistic missiles will be launched at Ukraine in the next twelve months?
============================================================================================

The shipped monthly counts of the Ukrainian Air Force's reports (national level, September 2022
to June 2025) are fitted with negative-binomial launch processes, one per class, the model
chosen by BIC; the forecast draws each run's parameters from their uncertainty, then monthly
counts. It prints the forecast total for the year with a 90 % interval, against the 2024 count.

Run: ``python examples/launch_forecast.py [OUT_DIR]`` (or set ``STOCKPILE_EXAMPLES_OUT``);
the figure ``launch_forecast.png`` is written there (default: a temporary directory).
"""

import os
import sys
import tempfile
from pathlib import Path

import numpy as np

import stockpile as sp
import stockpile.calibrate
import stockpile.data
import stockpile.plot

UNTIL = "2025-06"  # last month fitted
MONTHS = 12  # forecast horizon [months]
RUNS = 2_000  # forecast runs
SEED = 1  # seed of every random stream
CLASS = "ballistic"  # class forecast (cruise, ballistic, s300_s400, total)

OUT = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("STOCKPILE_EXAMPLES_OUT", Path(tempfile.gettempdir()) / "stockpile")
)

table = sp.data.observed_monthly()
fit = sp.calibrate.fit_launches(table, until=UNTIL)
forecast = fit.forecast(months=MONTHS, runs=RUNS, seed=SEED)

chosen = fit.summary().loc[CLASS]
print(f"{CLASS}: model {chosen['model']!r}, dispersion {chosen['dispersion']:.2f}")
total = forecast.get("launches", CLASS).sum(axis=1)  # per run [missiles]
low, mid, high = np.quantile(total, [0.05, 0.5, 0.95])
observed_2024 = table["launched", CLASS].loc["2024"].sum()
print(
    f"{forecast.index[0]} to {forecast.index[-1]}: median {mid:,.0f} {CLASS} missiles, "
    f"90% interval {low:,.0f} to {high:,.0f} (2024: {observed_2024:,.0f})"
)

observed = table["launched", CLASS].rename(CLASS).loc["2023-01":]
ax = sp.plot.observed(observed, forecast, fitted=fit.fitted()[CLASS].loc["2023-01":], item=CLASS)
OUT.mkdir(parents=True, exist_ok=True)
ax.figure.savefig(OUT / "launch_forecast.png", dpi=150)
print(f"figure: {OUT / 'launch_forecast.png'}")
