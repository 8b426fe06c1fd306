"""Dated interventions: ceasefires, production and delivery shocks, one-off import and aid
deliveries.

Events apply to every run, or per run where their values are arrays or distributions (an
event's month may also be one month per run, for sweeps over a ceasefire's start). Their
numeric fields declare their kind, like the items' fields (:data:`stockpile.params.KINDS`).
"""

from __future__ import annotations

from dataclasses import KW_ONLY, MISSING, dataclass, field
from typing import Any

from stockpile.params import declared as _kind

__all__ = [
    "AidPackage",
    "Ceasefire",
    "DeliveryShock",
    "Event",
    "ImportDelivery",
    "ProductionShock",
]


def _form(form: str, default: Any = MISSING, unit: str = "") -> Any:
    """A non-numeric field: its form in a scenario file (``"month"``, ``"text"``, ...)."""
    return field(default=default, metadata={"form": form} | ({"unit": unit} if unit else {}))


@dataclass(frozen=True)
class Ceasefire:
    """No launches from ``start`` up to, not including, ``end`` (open-ended without one).

    Parameters
    ----------
    start : str or pandas.Period
        First month without launches.
    end : str or pandas.Period, optional
        First month launches resume.
    """

    _: KW_ONLY
    start: Any = _form("month")
    end: Any = _form("month", None)


@dataclass(frozen=True)
class ProductionShock:
    """Production multiplied by ``factor`` for ``months`` months from ``start``.

    Parameters
    ----------
    start : str or pandas.Period
        First month of the shock.
    months : int
        Duration. [months]
    factor : float or any parameter form
        Multiplier on production (0.5 halves it). [1]
    missile : str, optional
        The missile type hit; all types when omitted.
    """

    _: KW_ONLY
    start: Any = _form("month")
    months: int = _form("integer", unit="months")
    factor: Any = _kind("factor", 0.0, "production multiplier")
    missile: str | None = _form("text", None)


@dataclass(frozen=True)
class DeliveryShock:
    """Interceptor deliveries multiplied by ``factor`` for ``months`` months from ``start``:
    a pause in supply (``factor=0``), a partial one, or a surge (``factor > 1``).

    It acts on what arrives in those months (after ``lead_time``), not on
    :class:`AidPackage` deliveries.

    Parameters
    ----------
    start : str or pandas.Period
        First month of the shock.
    months : int
        Duration. [months]
    factor : float or any parameter form
        Multiplier on deliveries (0 pauses them). [1]
    interceptor : str, optional
        The interceptor type hit; all types when omitted.
    """

    _: KW_ONLY
    start: Any = _form("month")
    months: int = _form("integer", unit="months")
    factor: Any = _kind("factor", 0.0, "delivery multiplier")
    interceptor: str | None = _form("text", None)


@dataclass(frozen=True)
class ImportDelivery:
    """A one-off delivery of ``quantity`` missiles of type ``missile`` in ``month``.

    Parameters
    ----------
    month : str or pandas.Period
        Month of arrival.
    missile : str
        Missile type.
    quantity : float or any parameter form
        Missiles delivered. [missiles]
    """

    _: KW_ONLY
    month: Any = _form("month")
    missile: str = _form("text")
    quantity: Any = _kind("amount", 0.0, "missiles delivered", "missiles")


@dataclass(frozen=True)
class AidPackage:
    """A one-off delivery of ``quantity`` interceptors of type ``interceptor`` in ``month``.

    Parameters
    ----------
    month : str or pandas.Period
        Month of arrival.
    interceptor : str
        Interceptor type.
    quantity : float or any parameter form
        Interceptors delivered. [interceptors]
    """

    _: KW_ONLY
    month: Any = _form("month")
    interceptor: str = _form("text")
    quantity: Any = _kind("amount", 0.0, "interceptors delivered", "interceptors")


Event = Ceasefire | ProductionShock | DeliveryShock | ImportDelivery | AidPackage
_EVENT_MONTHS = {"start", "end", "month"}
