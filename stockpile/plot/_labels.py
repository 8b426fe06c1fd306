"""Readable labels for figures: item, parameter and metric names with units a person reads.

Code and machine-readable tables keep the model's names (``patriot.deliveries``,
``s300_s400``) and the unit ``"1"`` for shares; figures show ``"patriot deliveries
[interceptors/year]"``, ``"S-300/S-400"`` and shares as ``"share"`` or in percent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from stockpile.metrics import UNITS as METRIC_UNITS

__all__ = [
    "CENSORED_METRICS",
    "ITEM_NAMES",
    "PARAMETERS",
    "is_censored",
    "is_share",
    "item_name",
    "metric_label",
    "parameter_label",
    "unit_text",
    "units_of",
]

#: Display names of item and class names whose spelling is a code (the observed record's
#: classes); any other name is shown with its underscores as spaces.
ITEM_NAMES: dict[str, str] = {
    "s300_s400": "S-300/S-400",
    "samp_t": "SAMP/T",
    "iris_t": "IRIS-T",
    "other_missile": "other missiles",
    "total": "all missiles",
    "aidpackage": "aid package",
    "importdelivery": "import delivery",
    "productionshock": "production shock",
    "deliveryshock": "delivery shock",
}

#: Parameter field → (words on a figure, after the item's name or around it as ``{item}``;
#: unit, in which ``{per}`` is a rate's time unit, ``None`` for a number shown without one).
PARAMETERS: dict[str, tuple[str, str | None]] = {
    "production": ("production", "missiles/{per}"),
    "utilization": ("utilization", "share"),
    "imports": ("imports", "missiles/{per}"),
    "stock": ("initial stock", None),
    "launches": ("launches", "missiles/{per}"),
    "rate": ("launch rate", "missiles/{per}"),
    "floor": ("reserve floor", "missiles"),
    "share": ("share of {item} production launched", "share"),
    "defended": ("share of {item} launches defended", "share"),
    "reliability": ("share of {item} launches that work", "share"),
    "attrition": ("attrition", "share/month"),
    "dispersion": ("launch dispersion", None),
    "pk": ("kill probability", None),
    "deliveries": ("deliveries", "interceptors/{per}"),
    "lead_time": ("delivery lead time", "months"),
    "shots": ("shots per target", None),
    "low": ("rationing level", "interceptors"),
    "second_shots": ("second-look shots", None),
    "factor": ("production factor", "share"),
    "quantity": ("quantity", None),
    "months": ("duration", "months"),
}

#: Metrics whose runs may never reach the event they time: a missing value (NaN, NaT) or
#: ``inf`` means "never runs short within the horizon", not "unknown".
CENSORED_METRICS = ("months_to_depletion", "depletion_month")

#: Units a person reads, for the metric units of :data:`stockpile.metrics.UNITS`.
_METRIC_UNITS: dict[str, str | None] = {
    "depletion_month": None,  # a calendar month: the axis shows months
    "months_to_depletion": "months after start",
}


def unit_text(unit: str | None) -> str | None:
    """A unit as a person reads it: ``"1"`` (a share) becomes ``"share"``."""
    return "share" if unit == "1" else unit


def item_name(name: str) -> str:
    """``"s300_s400"`` → ``"S-300/S-400"``, ``"aidpackage[1]"`` → ``"aid package 2"``; other
    names with underscores as spaces."""
    indexed = re.fullmatch(r"(.+)\[(\d+)\]", name)
    if indexed:
        return f"{item_name(indexed[1])} {int(indexed[2]) + 1}"
    return ITEM_NAMES.get(name, name.replace("_", " "))


def _brackets(text: str, unit: str | None) -> str:
    return f"{text} [{unit}]" if unit else text


def parameter_label(path: str, per: str | None = None, unit: str | None = None) -> str:
    """A swept parameter's axis label from its path.

    Parameters
    ----------
    path : str
        Parameter path, e.g. ``"patriot.deliveries"`` or ``"cruise.launches.rate"``.
    per : str, optional
        Time unit of a rate as swept (``"year"`` or ``"month"``; a full unit such as
        ``"interceptors/month"`` is used as given).
    unit : str, optional
        The unit to show, overriding the one known for the field.

    Returns
    -------
    str
        E.g. ``"patriot deliveries [interceptors/year]"``; a path of unknown form is returned
        with its dots and underscores as spaces.
    """
    parts = path.split(".")
    if len(parts) == 3 and parts[1] == "aim":  # "<missile>.aim.<area>"
        text = f"share of {item_name(parts[0])} launches aimed at {item_name(parts[2])}"
        return _brackets(text, unit_text(unit if unit is not None else "share"))
    if parts[-1] == "floor" and len(parts) == 2:  # an interceptor's, not a launch policy's
        text = f"{item_name(parts[0])} rounds kept for the first area"
        return _brackets(text, unit_text(unit if unit is not None else "interceptors"))
    if parts[-1] == "factor" and parts[0].startswith("deliveryshock"):
        return _brackets("delivery shock factor", unit_text(unit if unit is not None else "share"))
    words, known = PARAMETERS.get(parts[-1], (parts[-1].replace("_", " "), None))
    if per is not None and "/" in per:  # a full unit, e.g. from a sweep's column metadata
        known, per = per, None
    if known is not None and "{per}" in known:
        known = known.format(per=per) if per else None
    if known is None and per:  # a rate whose field is not listed
        known = f"per {per}"
    owners = [p for p in parts[:-1] if p != "launches"]  # a policy's: "cruise.launches.rate"
    if parts[-1] == "quantity" and owners:
        known = "interceptors" if owners[0].startswith("aidpackage") else "missiles"
    owner = " ".join(map(item_name, owners))
    text = words.format(item=owner) if "{item}" in words else f"{owner} {words}".strip()
    return _brackets(text, unit_text(unit if unit is not None else known))


def metric_label(
    name: str, unit: str | None = None, start: object = None, percent: bool = False
) -> str:
    """A metric's label with its unit, e.g. ``"months of cover [months]"``.

    Parameters
    ----------
    name : str
        Metric name, optionally per item (``"depletion_month.patriot"``).
    unit : str, optional
        Unit to show instead of the metric's own.
    start : object, optional
        First simulated month, for ``months_to_depletion`` [months after ``start``].
    percent : bool
        The figure shows a share in percent: its unit reads ``"%"`` (else ``"share"``).
    """
    base, _, item = name.partition(".")
    if unit is None:
        unit = _METRIC_UNITS.get(base, METRIC_UNITS.get(base))
        if base == "months_to_depletion" and start is not None:
            unit = f"months after {start}"
    text = base.replace("_", " ") + (f": {item_name(item)}" if item else "")
    return _brackets(text, "%" if percent and unit == "1" else unit_text(unit))


def is_share(name: str) -> bool:
    """Whether a metric is a share in [0, 1] (unit ``"1"``)."""
    return METRIC_UNITS.get(name.partition(".")[0]) == "1"


def is_censored(name: str) -> bool:
    """Whether a metric times an event that may never happen (:data:`CENSORED_METRICS`)."""
    return name.partition(".")[0] in CENSORED_METRICS


def units_of(attrs: Mapping[Any, Any]) -> dict[str, str]:
    """The unit of each swept rate, as :func:`parameter_label` takes it: the time unit a sweep
    table or a design carries in ``attrs["units"]`` (``"year"``), else the full rate unit in
    ``attrs["parameter_units"]`` of a tornado table or ``attrs["column_units"]`` of a sweep
    (``"interceptors/year"``). Empty if none."""
    found: dict[str, str] = {}
    for key in ("column_units", "parameter_units"):
        table = attrs.get(key)
        if isinstance(table, Mapping):
            found |= {str(k): str(v) for k, v in table.items() if "/" in str(v)}
    units = attrs.get("units")
    if isinstance(units, Mapping):
        found |= {str(k): str(v) for k, v in units.items()}
    return found
