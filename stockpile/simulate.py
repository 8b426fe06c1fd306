"""The orchestrator: :func:`simulate` validates a scenario, resolves its parameters chunk by
chunk, runs the month loop and returns one :class:`~stockpile.results.Result`.

It reads like the method: check everything once; for each chunk of runs, draw that chunk's
uncertain parameters from each run's own stream, build the monthly input arrays (production
× utilization × shocks, imports and import events, ceasefire windows, deliveries after their
lead time and aid packages), run :func:`stockpile.engine.run`, and keep either the
trajectories or only the per-run sums the metrics need.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stockpile import streams
from stockpile.engine import run
from stockpile.errors import StockpileError, invalid
from stockpile.inputs import Noise, input_flows, resolve_chunk
from stockpile.params import is_distribution
from stockpile.results import Builder, Result
from stockpile.scenario import Scenario
from stockpile.units import Rate
from stockpile.validation import check, check_simulation_memory, seed_sequence

__all__ = ["DEFAULT_CHUNK", "simulate"]

#: Runs per chunk unless told otherwise: large enough to amortise Python overhead, small enough
#: to keep a chunk's working set in cache.
DEFAULT_CHUNK = 16_384


def simulate(
    scenario: Scenario,
    runs: int | None = None,
    *,
    seed: int | np.random.SeedSequence | None = None,
    stochastic: bool | Noise = False,
    trajectories: bool = True,
    chunk_size: int | None = None,
    first_run: int = 0,
    run_ids: ArrayLike | None = None,
) -> Result:
    """Simulate a scenario for ``runs`` runs at once.

    Parameters
    ----------
    scenario : Scenario
        What to simulate.
    runs : int, optional
        Number of runs (1 unless ``run_ids`` is given, then its length). Uncertain parameters
        (distributions) are sampled once per run.
    seed : int or numpy.random.SeedSequence, optional
        Seed of every random stream. Run ``i`` draws from its own stream, keyed by the seed and
        ``i``, so its result does not depend on the chunk size, the number of runs or where it
        is computed. Without a seed, fresh entropy is drawn and stored in ``Result.seed``.
    stochastic : bool or Noise
        Integer counts: negative-binomial launches, binomial intercepts (and Poisson production
        with ``Noise(production=True)``). ``True`` means ``Noise()``.
    trajectories : bool
        Keep month-by-month trajectories. ``False`` keeps only the per-run metrics (summary
        mode), for very large ensembles.
    chunk_size : int, optional
        Runs computed together; bounds memory. Results do not depend on it.
    first_run : int
        Shorthand for ``run_ids=range(first_run, first_run + runs)``: lets an executor split one
        ensemble into contiguous pieces that give exactly the runs of the whole.
    run_ids : array_like of int, optional
        Which runs of the ensemble of ``seed`` to compute, one row each, in this order
        (distinct whole numbers >= 0): row ``j`` is run ``run_ids[j]``, with the random
        streams and parameter draws of that run, so ``simulate(s, 10, seed=1)``'s run 7 is
        ``simulate(s, run_ids=[7], seed=1)``'s run 0. Per-run parameter arrays give one value
        per row (their length is ``len(run_ids)``). Default: ``first_run`` to
        ``first_run + runs - 1``.

    Returns
    -------
    Result

    Examples
    --------
    Production of 2,900 missiles a year against launches of 2,061 a year: the reserve grows by
    839 a year.

    >>> import stockpile as sp
    >>> article = sp.Scenario(
    ...     start="2025-01",
    ...     months=24,
    ...     missiles=[
    ...         sp.Missile("missiles", production=sp.per_year(2900), launches=sp.per_year(2061))
    ...     ],
    ... )
    >>> sp.simulate(article).metric("reserve_growth_per_year")
    array([839.])
    """
    check(
        scenario=scenario,
        seed=seed,
        stochastic=stochastic,
        trajectories=trajectories,
        chunk_size=chunk_size,
    )
    ids = _run_ids(runs, run_ids, first_run)
    runs = len(ids)
    chunk = DEFAULT_CHUNK if chunk_size is None else int(chunk_size)
    noise = Noise() if stochastic is True else (stochastic or None)
    scenario.validate(runs)
    check_simulation_memory(
        missiles=len(scenario.missiles),
        interceptors=len(scenario.interceptors),
        months=scenario.months,
        runs=int(runs),
        chunk=chunk,
        trajectories=bool(trajectories),
    )
    uncertain = [p for p, _, v in scenario.iter_params() if is_distribution(_raw(v))]
    if uncertain and runs == 1 and seed is None:
        raise StockpileError(
            f"The 'seed' parameter must be given when runs=1 and {uncertain[0]!r} is a "
            "distribution: one run of an unseeded draw cannot be reproduced. Pass seed=<int>, "
            "or runs > 1 for an ensemble."
        )
    seed_seq = seed_sequence(seed)

    builder = Builder(scenario, runs, trajectories, noise)
    areas = len(scenario.area_names)
    for start in range(0, runs, chunk):
        window = slice(start, min(start + chunk, runs))
        keys = streams.run_keys(seed_seq, ids[window])
        inputs = resolve_chunk(scenario, window, keys, noise)
        acc = run(
            inputs,
            months=scenario.months,
            runs=window.stop - window.start,
            areas=areas,
            keep=trajectories,
            noise=noise,
            keys=keys,
            out=builder.views(window),
            declared=bool(scenario.areas),
        )
        flows = input_flows(inputs, scenario.months, noise) if trajectories else {}
        builder.add(window, acc, flows, inputs.samples)
    return builder.finish(seed_seq, noise)


def _run_ids(runs: Any, run_ids: Any, first_run: Any) -> range | NDArray[np.integer[Any]]:
    """The ids of the runs :func:`simulate` computes, one per row of its result.

    Parameters
    ----------
    runs : int or None
        Number of runs; ``None``: 1, or ``len(run_ids)``.
    run_ids : array_like of int or None
        The ids; ``None``: ``first_run`` to ``first_run + runs - 1``.
    first_run : int
        The first id when ``run_ids`` is not given; must be 0 when it is.

    Returns
    -------
    range or numpy.ndarray of int of shape (runs,)
        A range (never allocated) without ``run_ids``.
    """
    check(first_run=first_run)
    if run_ids is None:
        check(runs=1 if runs is None else runs)
        return range(first_run, first_run + (1 if runs is None else runs))
    check(run_ids=run_ids)
    ids = np.asarray(run_ids)
    if runs is not None:
        check(runs=runs)
        if runs != ids.size:
            expected = f"the number of run ids ({ids.size}) or omitted when 'run_ids' is given"
            raise invalid("runs", expected, runs)
    if first_run != 0:
        raise invalid("first_run", "0 when 'run_ids' is given (the ids say which runs)", first_run)
    return ids


def _raw(value: Any) -> Any:
    return value.value if isinstance(value, Rate) else value
