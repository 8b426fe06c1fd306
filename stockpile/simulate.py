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
from stockpile.inputs import Noise, from_month, input_flows, resolve_chunk
from stockpile.params import is_random
from stockpile.results import Builder, Result
from stockpile.scenario import Scenario
from stockpile.state import State, continuation
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
    stochastic: bool | Noise | None = None,
    trajectories: bool = True,
    chunk_size: int | None = None,
    first_run: int = 0,
    run_ids: ArrayLike | None = None,
    initial: State | None = None,
) -> Result:
    """Simulate a scenario for ``runs`` runs at once.

    Parameters
    ----------
    scenario : Scenario
        What to simulate.
    runs : int, optional
        Number of runs (1 unless ``run_ids`` is given, then its length; the state's with
        ``initial``). Uncertain parameters
        (distributions) are sampled once per run.
    seed : int or numpy.random.SeedSequence, optional
        Seed of every random stream. Run ``i`` draws from its own stream, keyed by the seed and
        ``i``, so its result does not depend on the chunk size, the number of runs or where it
        is computed. Without a seed, fresh entropy is drawn and stored in ``Result.seed``.
    stochastic : bool or Noise, optional
        Integer counts: negative-binomial launches, binomial intercepts (and Poisson production
        with ``Noise(production=True)``). ``True`` means ``Noise()``. Default: deterministic,
        or the mode of the run ``initial`` was taken from.
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
    initial : State, optional
        Continue from a state (:meth:`Result.state_at <stockpile.results.Result.state_at>`):
        simulate the months of ``scenario`` after ``state.month``, each run from its stocks
        and with its own streams (no ``seed``; ``runs`` is the state's). With the scenario the
        state's run simulated, the continuation equals the rest of that run, draw for draw
        (:mod:`stockpile.state`). The result's scenario is ``scenario`` over the continued
        months, with the state's stocks.

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
    check(scenario=scenario)
    cont = None if initial is None else continuation(scenario, initial, runs, seed, first_run)
    if cont is not None:
        if run_ids is not None:
            raise invalid("run_ids", "None when 'initial' is given (the state's runs)", run_ids)
        runs, scenario = cont.state.runs, cont.resolved
        stochastic = (cont.state.noise or False) if stochastic is None else stochastic
    stochastic = False if stochastic is None else stochastic
    ids = _run_ids(runs, run_ids, first_run) if cont is None else range(cont.state.runs)
    runs = len(ids)
    check(
        seed=seed,
        stochastic=stochastic,
        trajectories=trajectories,
        chunk_size=chunk_size,
    )
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
    uncertain = [p for p, _, v in scenario.iter_params() if is_random(v)]
    if uncertain and runs == 1 and seed is None and cont is None:
        raise StockpileError(
            f"The 'seed' parameter must be given when runs=1 and {uncertain[0]!r} is a "
            "distribution or a column of draws: one run of an unseeded draw cannot be "
            "reproduced. Pass seed=<int>, or runs > 1 for an ensemble."
        )
    seed_seq = seed_sequence(seed)

    shown = scenario if cont is None else cont.shown  # the months simulated
    builder = Builder(shown, runs, trajectories, noise)
    areas = len(scenario.area_names)
    if cont is not None:
        seed_seq, all_keys = cont.state.seed, cont.state.keys
    else:
        all_keys = streams.run_keys(seed_seq, np.asarray(ids, dtype=np.int64))
    for start in range(0, runs, chunk):
        window = slice(start, min(start + chunk, runs))
        keys = all_keys[window]
        inputs = resolve_chunk(scenario, window, keys, noise)
        if cont is not None:
            inputs = from_month(inputs, cont.first, cont.draw_offset)
        acc = run(
            inputs,
            months=shown.months,
            runs=window.stop - window.start,
            areas=areas,
            keep=trajectories,
            noise=noise,
            keys=keys,
            out=builder.views(window),
            declared=bool(scenario.areas),
        )
        flows = input_flows(inputs, shown.months, noise) if trajectories else {}
        builder.add(window, acc, flows, inputs.samples)
    return builder.finish(seed_seq, noise, all_keys, 0 if cont is None else cont.draw_offset)


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
