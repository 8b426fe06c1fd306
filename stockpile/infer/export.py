"""The posterior as ArviZ data (optional extra: ``pip install 'stockpile[infer]'``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from stockpile.infer.model import destroyed_share

if TYPE_CHECKING:
    from stockpile.infer.posterior import Posterior

__all__ = ["to_arviz"]


def _draws(values: dict[str, Any], dims: dict[str, tuple[str, ...]], coords: dict[str, Any]) -> Any:
    import xarray as xr

    data = {
        name: (("chain", "draw", *dims.get(name, ())), np.asarray(v)[None, ...])
        for name, v in values.items()
    }
    return xr.Dataset(data, {**coords, "chain": [0]})


def to_arviz(post: Posterior) -> Any:
    """See :meth:`stockpile.infer.Posterior.to_arviz`."""
    import arviz as az
    import xarray as xr

    problem, obs = post.problem, post.problem.observed
    states = post.result.to_xarray()
    trajectories = [v for v in states.data_vars if states[v].dims == ("run", "month", "item")]
    states = states[trajectories].rename(run="draw").expand_dims(chain=[0])
    draw = {"draw": np.arange(post.size)}
    posterior = xr.merge(
        [_draws({p: post.samples(p) for p in post.paths}, {}, draw), states],
        combine_attrs="drop",
    )
    prior_theta = problem.theta(post.smc.prior_z)
    prior = _draws(
        {p: prior_theta[:, n] for n, p in enumerate(post.paths)},
        {},
        {"draw": np.arange(prior_theta.shape[0])},
    )
    coords = {
        "draw": np.arange(post.size),
        "month": obs.index.to_timestamp(),
        "class": list(obs.labels),
    }
    cells = ("month", "class")
    replicated = post.replicate(seed=0)
    p = destroyed_share(problem, post.outputs)
    pointwise = problem.likelihood.pointwise(
        obs.launched, obs.destroyed, p, problem.record_params(post.theta), obs.classes
    )
    groups = {
        "posterior": posterior,
        "prior": prior,
        "posterior_predictive": _draws(
            {"destroyed": replicated.values}, {"destroyed": cells}, coords
        ),
        "log_likelihood": _draws({"destroyed": pointwise}, {"destroyed": cells}, coords),
        "observed_data": xr.Dataset(
            {"destroyed": (cells, obs.destroyed), "launched": (cells, obs.launched)},
            {"month": coords["month"], "class": coords["class"]},
        ),
    }
    if hasattr(az, "InferenceData"):
        return az.InferenceData(**groups)
    return xr.DataTree.from_dict(groups)  # ArviZ 1.x works on DataTree
