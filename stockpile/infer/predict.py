"""Forecasts that continue each posterior draw from its state at the end of the fitted window.

The forecast scenario starts the month after the window. Each run is one posterior draw: its
parameters, and as initial stocks the missile reserves and magazines the draw's simulation
ended the window with. Launches are given: the record's (observed launches, not randomised)
or assumed rates and policies (randomised in the stochastic mode, as in any forecast).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from stockpile.errors import invalid
from stockpile.inputs import Noise
from stockpile.results import Result
from stockpile.scenario import Event, Scenario
from stockpile.simulate import simulate
from stockpile.units import per_month
from stockpile.validation import check, seed_sequence

if TYPE_CHECKING:
    from stockpile.infer.posterior import Posterior

__all__ = ["forecast_scenario", "predict"]


def _launches(
    launches: Any, classes: Sequence[str], start: pd.Period, months: int | None
) -> tuple[dict[str, Any], int, bool]:
    """Launches per class, the horizon and whether they are observed counts."""
    if isinstance(launches, pd.DataFrame):
        table = launches["launched"] if isinstance(launches.columns, pd.MultiIndex) else launches
        index = pd.PeriodIndex(table.index, freq="M")
        table = table.set_axis(index)
        last = index[-1] if months is None else start + months - 1
        span = pd.period_range(start, last, freq="M", name="month")
        if len(span) < 1 or len(span.difference(index)):
            raise invalid(
                "launches",
                f"a record covering {start} to {last}",
                f"months {index[0]} to {index[-1]}",
            )
        missing = [c for c in classes if c not in table.columns]
        if missing:
            raise invalid("launches", f"a table with the classes {list(classes)}", missing[0])
        return {c: per_month(table.loc[span, c].astype(float)) for c in classes}, len(span), True
    if not isinstance(launches, Mapping):
        raise invalid("launches", "a record DataFrame or a dict of class → rate", launches)
    missing = [c for c in classes if c not in launches]
    if missing:
        raise invalid("launches", f"launches for every class {list(classes)}", missing[0])
    if months is None:
        raise invalid("months", "a whole number of months >= 1 with assumed launches", None)
    return {c: launches[c] for c in classes}, months, False


def forecast_scenario(
    posterior: Posterior,
    launches: Any,
    index: np.ndarray,
    months: int | None = None,
    events: Sequence[Event] = (),
) -> tuple[Scenario, dict[str, Any], bool]:
    """The forecast scenario and the per-run parameters of draws ``index``."""
    fitted: Scenario = posterior.scenario
    start = fitted.index[-1] + 1
    names = [m.name for m in fitted.missiles]
    rates, horizon, observed = _launches(launches, names, start, months)
    end = posterior.outputs
    missiles = [
        replace(m, launches=rates[m.name], stock=end["missile_stock"][index, -1, k])
        for k, m in enumerate(fitted.missiles)
    ]
    interceptors = [
        replace(ic, stock=end["interceptor_stock"][index, -1, j])
        for j, ic in enumerate(fitted.interceptors)
    ]
    scenario = Scenario(
        start=start,
        months=horizon,
        missiles=missiles,
        interceptors=interceptors,
        events=tuple(events),
        areas=fitted.areas,
        name=f"{fitted.name} forecast",
    )
    # initial stocks are the draws' end-of-window states, not their start-of-window priors
    valid = set(scenario.paths()) - {f"{item.name}.stock" for item in scenario.items}
    theta = posterior.theta[index]
    params = {
        p.path: p.to_engine(np.ascontiguousarray(theta[:, n]))
        for n, p in enumerate(posterior.problem.priors)
        if p.engine and p.path in valid
    }
    return scenario, params, observed


def predict(
    posterior: Posterior,
    launches: Any,
    *,
    months: int | None = None,
    runs: int | None = None,
    seed: Any = None,
    stochastic: bool | Noise = True,
    events: Sequence[Event] = (),
) -> Result:
    """See :meth:`stockpile.infer.Posterior.predict`."""
    if runs is None:
        index = np.arange(posterior.size)
    else:
        check(runs, "runs")
        pick = np.random.default_rng(seed_sequence(seed).spawn(1)[0])
        index = pick.integers(0, posterior.size, size=int(runs))
    scenario, params, observed = forecast_scenario(posterior, launches, index, months, events)
    check(stochastic, "stochastic")
    if stochastic is True:
        noise: Noise | None = Noise(launches=not observed)
    else:
        noise = None if stochastic is False else stochastic
    return simulate(
        scenario.with_params(params),
        runs=int(index.shape[0]),
        seed=seed_sequence(seed),
        stochastic=noise or False,
    )
