"""Backtest figures of the launch forecasts, and the reserve implied by the record.

Run with ``.venv/bin/python benchmarks/backtest.py`` (about a minute). Prints:

1. the launch models fitted to the shipped record up to 2025-06 (defaults of
   ``sp.calibrate.fit_launches``), the interception rates and the 12-month forecast;
2. the rolling-origin backtest: origins every 3 months from 2023-06 to 2024-12, horizons 1 to 6
   months, empirical coverage of the central 50/80/90 % intervals and CRPS, by class and by
   horizon, against a naive benchmark (the last 12 months as equally likely outcomes);
3. the same scores for other model-selection rules, trend treatments and windows, at 6 and at
   12 months ahead (the evidence for the defaults);
4. the reserve implied by production of 2,900 a year (cruise 2,200, ballistic 700) from
   2024-01 and the launches observed since, deterministic and with uncertain production.
"""

from __future__ import annotations

import time

import pandas as pd
import scipy.stats

import stockpile as sp

SINCE = "2022-10"  # the record's first full month (2022-09 holds three days)
ORIGINS = [str(p) for p in pd.period_range("2023-06", "2024-12", freq="3M")]
ORIGINS_12 = [str(p) for p in pd.period_range("2023-06", "2024-06", freq="3M")]
CLASSES = ("cruise", "ballistic", "s300_s400", "total")
RUNS = 2000  # forecast runs per origin
SEED = 1

#: Alternatives to the defaults (window 24, BIC with margin 6, damping 0.5).
VARIANTS: dict[str, dict[str, object]] = {
    "default (24 mo, BIC+6, damping 0.5)": {},
    "BIC, no margin": {"margin": 0.0},
    "AIC, no margin": {"criterion": "aic", "margin": 0.0},
    "undamped trend": {"damping": 1.0},
    "damping 0.8": {"damping": 0.8},
    "whole record": {"window": None},
    "12-month window": {"window": 12},
    "constant only": {"models": ("constant",)},
}


def show(title: str, frame: pd.DataFrame | pd.Series, digits: int = 3) -> None:
    print(f"\n## {title}\n")
    print(frame.round(digits).to_string())


def main() -> None:
    pd.set_option("display.width", 140)
    pd.set_option("display.max_columns", 30)
    shipped = sp.data.observed_monthly()
    t0 = time.perf_counter()

    fit = sp.calibrate.fit_launches(shipped, until="2025-06")
    show("Launch models fitted to 2023-07..2025-06", fit.summary())
    show("Candidate models", fit.candidates(), 2)
    show("Interception (beta-binomial), same window", fit.interception)
    forecast = fit.forecast(months=12, runs=5000, seed=SEED)
    for name in fit.classes:
        show(
            f"Forecast of {name} launches from 2025-07 [missiles/month]",
            forecast.quantiles("launches", [0.05, 0.25, 0.5, 0.75, 0.95], item=name).T,
            0,
        )

    bt = sp.calibrate.backtest(
        shipped, ORIGINS, horizon=6, runs=RUNS, seed=SEED, classes=CLASSES, since=SINCE
    )
    show(
        "Backtest by class (origins 2023-06..2024-12 every 3 months, horizons 1-6)",
        bt.summary(by=("class",)),
    )
    show("Backtest by horizon, all classes", bt.summary(by=("horizon",)))
    crps = bt.summary().reset_index().pivot(index="horizon", columns="class", values="crps")
    show("CRPS by horizon and class [missiles/month]", crps, 2)
    show("Backtest overall", bt.summary(by=()))

    rows = []
    for label, options in VARIANTS.items():
        for horizon, origins in ((6, ORIGINS), (12, ORIGINS_12)):
            scores = sp.calibrate.backtest(
                shipped,
                origins,
                horizon=horizon,
                runs=RUNS,
                seed=SEED,
                classes=CLASSES,
                since=SINCE,
                **options,
            )
            by_class = scores.summary(by=("class",))
            row = scores.summary(by=()).iloc[0].drop(["crps", "crps_naive", "n"])
            row["skill"] = by_class["skill"].mean()  # classes weigh the same
            row["skill_ballistic"] = by_class.loc["ballistic", "skill"]
            rows.append(pd.concat([pd.Series({"variant": label, "horizon": horizon}), row]))
    show(
        "Variants: coverage (pooled) and CRPS skill vs naive (mean over classes)",
        pd.DataFrame(rows)
        .set_index(["horizon", "variant"])
        .sort_index(level=0, sort_remaining=False),
    )

    preset = {"cruise": sp.per_year(2200), "ballistic": sp.per_year(700)}
    reserve = sp.calibrate.implied_reserve(shipped, preset, start="2024-01", runs=1)
    show(
        "Implied reserve, 2,200 cruise + 700 ballistic a year from 2024-01, stock 0 "
        "[missiles, missiles/year]",
        reserve.summary(),
        1,
    )
    uncertain = {
        "cruise": sp.per_year(scipy.stats.uniform(1700, 1000)),  # 1,700-2,700 a year
        "ballistic": sp.per_year(scipy.stats.uniform(400, 600)),  # 400-1,000 a year
    }
    stock = {"cruise": scipy.stats.uniform(0, 600), "ballistic": scipy.stats.uniform(0, 300)}
    reserve = sp.calibrate.implied_reserve(
        shipped, uncertain, start="2024-01", stock=stock, runs=5000, seed=SEED
    )
    show(
        "Implied reserve, uncertain production (cruise U(1700, 2700), ballistic U(400, 1000) "
        "a year) and stock at 2024-01 (cruise U(0, 600), ballistic U(0, 300))",
        reserve.summary(),
        2,
    )
    bands = reserve.quantiles()
    show("Reserve quantiles [missiles]", bands.iloc[[*range(0, len(bands) - 1, 6), -1]], 0)
    show("Share of runs in which the observed launches were infeasible", reserve.infeasible)
    print(f"\n(total time {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
