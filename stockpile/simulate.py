"""The orchestrator: :func:`simulate` validates a scenario, resolves its parameters chunk by
chunk, runs the month loop and returns one :class:`~stockpile.results.Result`.

It reads like the method: check everything once; for each chunk of runs, draw that chunk's
uncertain parameters from each run's own stream, build the monthly input arrays (production
× utilization × shocks, imports and import events, ceasefire windows, deliveries after their
lead time and aid packages), run :func:`stockpile.engine.run`, and keep either the
trajectories or only the per-run sums the metrics need.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stockpile import streams
from stockpile.engine import run
from stockpile.errors import StockpileError, invalid
from stockpile.inputs import InterceptorInputs, MissileInputs, Noise
from stockpile.params import is_distribution, resolve
from stockpile.policies import DOCTRINES, POLICIES
from stockpile.results import Builder, Result
from stockpile.scenario import (
    AidPackage,
    Ceasefire,
    ImportDelivery,
    Interceptor,
    Missile,
    ProductionShock,
    Scenario,
)
from stockpile.units import Rate

__all__ = ["DEFAULT_CHUNK", "simulate"]

Array = NDArray[np.float64]
#: Runs per chunk unless told otherwise: large enough to amortise Python overhead, small enough
#: to keep a chunk's working set in cache.
DEFAULT_CHUNK = 16_384
_PARAM_STREAM = "parameter"


def simulate(
    scenario: Scenario,
    runs: int = 1,
    *,
    seed: int | np.random.SeedSequence | None = None,
    stochastic: bool | Noise = False,
    trajectories: bool = True,
    chunk_size: int | None = None,
    first_run: int = 0,
) -> Result:
    """Simulate a scenario for ``runs`` runs at once.

    Parameters
    ----------
    scenario : Scenario
        What to simulate.
    runs : int
        Number of runs. Uncertain parameters (distributions) are sampled once per run.
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
        Number of the first run in the ensemble's streams: runs ``first_run`` to
        ``first_run + runs - 1`` are computed. Lets a sweep or an executor split one ensemble
        into pieces that give exactly the runs of the whole.

    Returns
    -------
    Result
    """
    if not isinstance(scenario, Scenario):
        raise invalid("scenario", "a sp.Scenario", type(scenario).__name__)
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 1:
        raise invalid("runs", "a whole number >= 1", runs)
    chunk = DEFAULT_CHUNK if chunk_size is None else chunk_size
    if isinstance(chunk, bool) or not isinstance(chunk, int | np.integer) or chunk < 1:
        raise invalid("chunk_size", "a whole number >= 1", chunk_size)
    if not isinstance(stochastic, bool | Noise):
        raise invalid("stochastic", "True, False or a sp.Noise", stochastic)
    if isinstance(first_run, bool) or not isinstance(first_run, int | np.integer) or first_run < 0:
        raise invalid("first_run", "a whole number >= 0", first_run)
    noise = Noise() if stochastic is True else (stochastic or None)
    scenario.validate(runs)
    uncertain = [p for p, _, v in scenario.iter_params() if is_distribution(_raw(v))]
    if uncertain and runs == 1 and seed is None:
        raise StockpileError(
            f"The 'seed' parameter must be given when runs=1 and {uncertain[0]!r} is a "
            "distribution: one run of an unseeded draw cannot be reproduced. Pass seed=<int>, "
            "or runs > 1 for an ensemble."
        )
    seed_seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)

    builder = Builder(scenario, runs, trajectories, noise)
    for start in range(0, runs, chunk):
        window = slice(start, min(start + chunk, runs))
        n = window.stop - window.start
        ids = np.arange(first_run + window.start, first_run + window.stop, dtype=np.int64)
        keys = streams.run_keys(seed_seq, ids)
        inputs = _Chunk(scenario, window, keys, noise)
        acc = run(
            inputs.missiles,
            inputs.interceptors,
            months=scenario.months,
            runs=n,
            keep=trajectories,
            noise=noise,
            keys=keys,
            out=builder.views(window),
        )
        builder.add(window, acc, inputs.flows(trajectories, n), inputs.samples)
    return builder.finish(seed_seq, noise)


def _raw(value: Any) -> Any:
    return value.value if isinstance(value, Rate) else value


class _Chunk:
    """Resolved inputs of one chunk of runs, month-major ``(T|1, R|1)`` arrays."""

    def __init__(
        self, scenario: Scenario, window: slice, keys: NDArray[np.uint64], noise: Noise | None
    ) -> None:
        self.scenario, self.window, self.keys, self.noise = scenario, window, keys, noise
        self.samples: dict[str, Array] = {}
        self.t = np.arange(scenario.months)[:, None]
        self.missiles = [self._missile(m) for m in scenario.missiles]
        self.interceptors = [self._interceptor(i) for i in scenario.interceptors]

    # --------------------------------------------------------------- helpers
    def _draw(self, path: str) -> Any:
        def draw(name: str, distribution: Any) -> Array:
            u = streams.uniform(streams.fold(self.keys, f"{_PARAM_STREAM}:{name}"), 0)
            values = np.asarray(distribution.ppf(u), dtype=np.float64)
            self.samples[path] = values
            return values

        return draw

    def _param(self, path: str, kind: str, value: Any) -> Array:
        """Month-major ``(T|1, R|1)`` array of one parameter for this chunk."""
        out = resolve(
            value,
            name=path,
            kind=kind,
            index=self.scenario.index,
            runs=self.window,
            draw=self._draw(path),
        )
        return np.ascontiguousarray(out.T)

    def _item_param(self, item: Missile | Interceptor, attr: str) -> Array:
        f = next(f for f in dataclasses.fields(item) if f.name == attr)
        return self._param(f"{item.name}.{attr}", f.metadata["kind"], getattr(item, attr))

    def _month(self, k: int, attr: str) -> NDArray[np.int64]:
        """Month offset ``(1, R|1)`` of event ``k``'s ``attr``."""
        event = self.scenario.events[k]
        offsets = self.scenario.month_offsets(
            getattr(event, attr), f"{self.scenario.event_label(k)}.{attr}", allow_end=attr == "end"
        )
        return offsets[None, self.window] if offsets.shape[0] > 1 else offsets[None, :]

    def _event_param(self, k: int, attr: str) -> Array:
        event = self.scenario.events[k]
        f = next(f for f in dataclasses.fields(event) if f.name == attr)
        return self._param(
            f"{self.scenario.event_label(k)}.{attr}", f.metadata["kind"], getattr(event, attr)
        )

    def _integer(self, flow: Array) -> Array:
        """Integer months whose running total tracks the expected one (stochastic mode)."""
        if self.noise is None:
            return flow
        full = np.broadcast_to(flow, (self.scenario.months, flow.shape[1]))
        total = np.floor(np.cumsum(full, axis=0) + 1e-9)
        return np.diff(total, axis=0, prepend=0.0)

    # --------------------------------------------------------------- items
    def _missile(self, m: Missile) -> MissileInputs:
        events = self.scenario.events
        production = self._item_param(m, "production") * self._item_param(m, "utilization")
        imports = self._item_param(m, "imports")
        open_ = np.ones((1, 1))
        for k, event in enumerate(events):
            if isinstance(event, ProductionShock) and event.missile in (None, m.name):
                start = self._month(k, "start")
                inside = (self.t >= start) & (self.t < start + event.months)
                production = np.where(
                    inside, production * self._event_param(k, "factor"), production
                )
            elif isinstance(event, ImportDelivery) and event.missile == m.name:
                at = self.t == self._month(k, "month")
                imports = imports + np.where(at, self._event_param(k, "quantity"), 0.0)
            elif isinstance(event, Ceasefire):
                start = self._month(k, "start")
                end = self._month(k, "end") if event.end is not None else self.scenario.months
                open_ = open_ * ~((self.t >= start) & (self.t < end))
        if self.noise is None or not self.noise.production:
            production = self._integer(production)
        policy = m.policy
        spec = POLICIES[policy.name]
        law_params = {
            name: self._param(f"{m.name}.launches.{name}", kind, policy.params[name])
            for name, kind in spec.kinds.items()
            if kind != "profile"
        }
        if policy.name == "campaign":
            profile = np.asarray(policy.params["profile"])
            calendar = np.asarray(self.scenario.index.month) - 1
            law_params["rate"] = law_params["rate"] * profile[calendar][:, None]
        return MissileInputs(
            production=production,
            imports=self._integer(imports),
            stock=self._item_param(m, "stock")[0],
            open=np.asarray(open_, dtype=np.float64),
            defended=self._item_param(m, "defended"),
            attrition=self._item_param(m, "attrition"),
            dispersion=self._item_param(m, "dispersion"),
            law=spec.law,
            law_params=law_params,
            law_needs_state=spec.needs_state,
        )

    def _interceptor(self, ic: Interceptor) -> InterceptorInputs:
        supply = self._item_param(ic, "deliveries")
        if ic.lead_time and supply.shape[0] > 1:
            source = np.maximum(np.arange(self.scenario.months) - ic.lead_time, 0)
            supply = supply[source]
        for k, event in enumerate(self.scenario.events):
            if isinstance(event, AidPackage) and event.interceptor == ic.name:
                at = self.t == self._month(k, "month")
                supply = supply + np.where(at, self._event_param(k, "quantity"), 0.0)
        shots, second, pk = (self._item_param(ic, a) for a in ("shots", "second_shots", "pk"))
        per_target, kill = DOCTRINES[ic.doctrine].expected(shots, second, pk)
        names = [m.name for m in self.scenario.missiles]
        return InterceptorInputs(
            deliveries=self._integer(supply),
            stock=self._item_param(ic, "stock")[0],
            shots_per_target=per_target,
            kill=kill,
            shots=shots,
            second_shots=second,
            pk=pk,
            shoot_look_shoot=ic.doctrine == "shoot-look-shoot",
            engages=tuple(names.index(n) for n in ic.engages),
        )

    def flows(self, keep: bool, runs: int) -> dict[str, Array]:
        """Input-driven trajectories ``(items, months, R|1)``: production, imports, deliveries."""
        if not keep:
            return {}
        T = self.scenario.months

        def stack(arrays: list[Array]) -> Array:
            if not arrays:
                return np.zeros((0, T, 1))
            width = max(a.shape[1] for a in arrays)
            return np.stack([np.broadcast_to(a, (T, width)) for a in arrays])

        out = {
            "imports": stack([m.imports for m in self.missiles]),
            "deliveries": stack([i.deliveries for i in self.interceptors]),
        }
        if self.noise is None or not self.noise.production:
            out["production"] = stack([m.production for m in self.missiles])
        return out
