"""Synthetic records from known parameters, for simulation-based calibration.

A synthetic record is what the model says the record would look like if the parameters were
known: launches as in the scenario, destroyed counts drawn either through the observation
model (``source="model"``: the expected share destroyed, then a binomial or beta-binomial
draw, exactly the model :func:`~stockpile.infer.fit` assumes) or by the engine's stochastic mode
(``source="engine"``: binomial defended share and kills month by month, the magazine following
the drawn fire).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from stockpile.errors import invalid
from stockpile.infer._batch import intercepted_by_class, outputs
from stockpile.infer.likelihood import check_likelihood, share
from stockpile.inputs import Noise
from stockpile.scenario import Scenario
from stockpile.simulate import simulate
from stockpile.validation import seed_sequence

__all__ = ["synthetic_record"]


def synthetic_record(
    scenario: Scenario,
    params: Mapping[str, Any],
    *,
    likelihood: Any = "binomial",
    source: str = "model",
    seed: Any = None,
) -> pd.DataFrame:
    """A record the scenario would produce with parameters ``params``.

    Parameters
    ----------
    scenario : Scenario
        With launches as the record should show them (e.g. from
        :func:`~stockpile.infer.from_record`).
    params : mapping
        Path → value (rates wrapped), the truth; ``"record.<class>.concentration"`` for the
        beta-binomial model.
    likelihood : str or instance
        Observation model of ``source="model"``.
    source : {"model", "engine"}
        How destroyed counts are drawn (see the module's description).
    seed : int or SeedSequence, optional
        Seed of the draws.

    Returns
    -------
    pandas.DataFrame
        The monthly layout of :func:`stockpile.data.observed_monthly`: ``launched`` and
        ``destroyed`` per missile class. [missiles/month]
    """
    engine = {k: v for k, v in params.items() if not k.startswith("record.")}
    record_params = {k: np.atleast_1d(v) for k, v in params.items() if k.startswith("record.")}
    seeds = seed_sequence(seed).spawn(2)
    names = [m.name for m in scenario.missiles]
    if source == "engine":
        result = simulate(
            scenario.with_params(engine), seed=seeds[0], stochastic=Noise(launches=False)
        )
        launched = np.asarray(result["launches"][0])
        destroyed = intercepted_by_class(result)[0]
    elif source == "model":
        data = outputs(simulate(scenario.with_params(engine)))
        launched = data["launches"][0]
        model = check_likelihood(likelihood)
        p = share(data["intercepted"], launched)
        rng = np.random.default_rng(seeds[1])
        destroyed = model.sample(launched, p, record_params, names, rng)[0]
        engaged = {n for ic in scenario.interceptors for n in ic.engages}
        destroyed[:, [n not in engaged for n in names]] = 0.0
    else:
        raise invalid("source", "'model' or 'engine'", source)
    columns = pd.MultiIndex.from_product(
        [["launched", "destroyed"], names], names=["measure", "class"]
    )
    return pd.DataFrame(np.hstack([launched, destroyed]), index=scenario.index, columns=columns)
