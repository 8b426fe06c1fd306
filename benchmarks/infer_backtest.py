"""Rolling-origin backtest of the intercept forecasts of ``sp.infer`` on the shipped record.

Run with ``python benchmarks/infer_backtest.py`` (a few minutes). For each origin ``m`` (every
two months, 2023-12 to 2024-12) the case of ``infer_case.py`` (ballistic and cruise) is fitted to
the 12 months up to ``m``; the destroyed counts of the 6 months after ``m`` are forecast given
the launches as observed (``Posterior.predict_record``: each draw continued from its state at
``m``, then the observation model). Printed, by class and by horizon: coverage of the central
50/80/90 % intervals and the CRPS, against two naive intercept-rate baselines:

``naive_months``
    the destroyed share of each of the 12 fitted months, equally likely, times the launches;
``naive_pooled``
    binomial draws with the window's pooled share destroyed.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from infer_case import PRIORS, scenario

import stockpile as sp
from stockpile.calibrate import crps_sample

ORIGINS = [str(p) for p in pd.period_range("2023-12", "2024-12", freq="2M")]
WINDOW, HORIZON = 12, 6
CLASSES = ["ballistic", "cruise"]
LEVELS = (0.5, 0.8, 0.9)
PARTICLES, DRAWS = 1000, 4000
PRIORS_2 = {k: v for k, v in PRIORS.items() if not k.startswith("mobile-groups")}


def _scores(samples, observed):
    row = {"crps": float(crps_sample(samples[:, None], np.array([observed]))[0])}
    for level in LEVELS:
        low, high = np.quantile(samples, [(1 - level) / 2, (1 + level) / 2])
        row[f"covered_{level:.0%}"] = bool(low <= observed <= high)
    return row


def one_origin(record, origin, rng):
    end = pd.Period(origin, freq="M")
    since = end - (WINDOW - 1)
    scen = scenario(record, since=str(since), until=str(end), classes=CLASSES)
    post = sp.infer.fit(scen, PRIORS_2, record, particles=PARTICLES, seed=1)
    future = record.loc[str(end + 1) : str(end + HORIZON)]
    reps = post.predict_record(future, seed=2)
    past = record.loc[str(since) : str(end)]
    rows = []
    for cls in CLASSES:
        n_past = past["launched", cls].to_numpy()
        y_past = past["destroyed", cls].to_numpy()
        rates = y_past[n_past > 0] / n_past[n_past > 0]
        pooled = y_past.sum() / n_past.sum()
        for h in range(HORIZON):
            n = float(future["launched", cls].iloc[h])
            y = float(future["destroyed", cls].iloc[h])
            model = reps.get(cls)[:, h]
            naive = rates * n
            binomial = rng.binomial(round(n), pooled, size=DRAWS).astype(float)
            row = {"origin": origin, "class": cls, "horizon": h + 1, "observed": y}
            row |= _scores(model, y)
            row["crps_naive_months"] = _scores(naive, y)["crps"]
            row["crps_naive_pooled"] = _scores(binomial, y)["crps"]
            row |= {f"naive_pooled_{k}": v for k, v in _scores(binomial, y).items() if k != "crps"}
            rows.append(row)
    return rows


def main() -> None:
    record = sp.data.observed_monthly()
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    rows = [row for origin in ORIGINS for row in one_origin(record, origin, rng)]
    scores = pd.DataFrame(rows)
    print(
        f"{len(ORIGINS)} origins ({ORIGINS[0]} to {ORIGINS[-1]}), {WINDOW}-month windows, "
        f"horizons 1-{HORIZON}, in {time.perf_counter() - start:.0f} s"
    )
    columns = [c for c in scores if c.startswith("covered") or c.startswith("crps")]
    pd.set_option("display.width", 200)
    for by in (["class"], ["horizon"], []):
        table = scores.groupby(by)[columns].mean() if by else scores[columns].mean().to_frame().T
        table["skill_vs_months"] = 1 - table["crps"] / table["crps_naive_months"]
        table["skill_vs_pooled"] = 1 - table["crps"] / table["crps_naive_pooled"]
        print(table.round(3).to_string(), "\n")
    pooled_cov = scores[[c for c in scores if c.startswith("naive_pooled_covered")]].mean()
    print("naive pooled-binomial coverage:", pooled_cov.round(3).to_dict())


if __name__ == "__main__":
    main()
