"""Which class each weapon named in the observed record belongs to.

The daily record names weapons as its model catalogue does (``missiles_and_uavs.csv`` of the
"Massive Missile Attacks on Ukraine" data set), with Cyrillic letters spelt in Latin: ``X-101`` is
the Kh-101, ``C-300`` the S-300. A slash joins variants that the reports do not tell apart
(``X-101/X-555``, ``Iskander-M/KN-23``): they are one model of one class. The word ``and`` joins
different models counted together in one row (``X-101/X-555 and Kalibr``): such a *merged* model
string is classified part by part, and :func:`stockpile.data.read_attacks` shares its count out by
the rule its ``merged`` parameter names.

Classification rule
-------------------
Each single model takes the class of its ``category`` in the catalogue (cruise missile ->
``cruise``, ballistic missile -> ``ballistic``, surface-to-air missile -> ``s300_s400``, UAV ->
``drone``, guided bomb -> ``bomb``), with one exception: ``Unknown Missile``, filed by the
catalogue under cruise missiles, is a missile of unknown type and goes to ``other_missile``.
Models the catalogue lacks but the daily file names are classed by what they are: the Russian
drones ``Фенікс``, ``Картограф`` and ``Привет-82`` as ``drone``, ``Aerial Bomb`` as ``bomb``.
``cruise`` therefore holds every air-, sea- and ground-launched guided missile the catalogue files
as a cruise missile, including Kh-59/Kh-69, Kh-31P (anti-radiation), Kh-35, Kh-22/Kh-32, Oniks and
Zircon; ``ballistic`` holds Iskander-M, KN-23, Kinzhal (air-launched aeroballistic) and the
unspecified ballistic missiles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from stockpile.errors import invalid

__all__ = [
    "CLASSES",
    "MISSILE_CLASSES",
    "MIXED",
    "MODEL_CLASSES",
    "UNKNOWN",
    "classify_model",
]

CLASSES: Final[tuple[str, ...]] = (
    "cruise",
    "ballistic",
    "s300_s400",
    "other_missile",
    "drone",
    "bomb",
    "unknown",
)
"""The classes a model can belong to, in the column order of :func:`stockpile.data.monthly`.

``cruise``, ``ballistic``: cruise and ballistic missiles. ``s300_s400``: S-300/S-400 air-defence
missiles fired at ground targets. ``other_missile``: missiles of unreported type. ``drone``:
attack, decoy and reconnaissance drones. ``bomb``: guided and unguided aerial bombs. ``unknown``:
model names this library does not know (reported with a warning, counted in no total).
"""

MIXED: Final = "mixed"
"""Class of a merged row whose missiles belong to several classes, under ``merged="mixed"``."""

UNKNOWN: Final = "unknown"
"""Class of a model name that is not in :data:`MODEL_CLASSES`."""

MISSILE_CLASSES: Final[frozenset[str]] = frozenset(
    {"cruise", "ballistic", "s300_s400", "other_missile", MIXED}
)
"""Classes counted in ``total``: every missile class; not ``drone``, ``bomb`` or ``unknown``."""

_CLASS_OF: dict[str, tuple[str, ...]] = {
    "cruise": (
        "3M22 Zircon",
        "Banderol",
        "Iskander-K",
        "Kalibr",
        "P-800 Oniks",
        "X-101/X-555",
        "X-22",
        "X-31",
        "X-31P",
        "X-31PD",
        "X-32",
        "X-35",
        "X-59",
        "X-59/X-69",
        "X-59MK2",
        "X-69",
    ),
    "ballistic": (
        "Ballistic Missile",
        "Intercontinental Ballistic Missile",
        "Iskander-M",
        "Iskander-M/KN-23",
        "KN-23",
        "X-47 Kinzhal",
    ),
    "s300_s400": ("C-300", "C-300/C-400", "C-400"),
    "other_missile": ("Unknown Missile",),
    "drone": (
        "Eleron",
        "Forpost",
        "Granat-4",
        "Kub",
        "Lancet",
        "Merlin-VR",
        "Mohajer-6",
        "Orion",
        "Orlan-10",
        "Orlan-30",
        "Reconnaissance UAV",
        "Shahed-136/131",
        "Supercam",
        "Unknown UAV",
        "ZALA",
        "Молнія",
        "Фенікс",
        "Картограф",
        "Привет-82",
    ),
    "bomb": ("GBU", "Aerial Bomb"),
}

MODEL_CLASSES: Final[dict[str, str]] = {
    model: cls for cls, models in _CLASS_OF.items() for model in models
}
"""Class of every single model named in the data set's catalogue and daily file.

Keys are model names as the data set spells them; values are members of :data:`CLASSES`. Merged
strings (``"X-101/X-555 and Kalibr"``) are not keys: :func:`classify_model` splits them at
``and`` and looks up each part, so every model string of the published catalogue and daily file
classifies. Lookups ignore case and repeated spaces. To classify a name missing here, pass
``models={"name": "class"}`` to :func:`stockpile.data.read_attacks` rather than editing this
dict, which every caller shares.
"""

_AND = re.compile(r"\s+and\s+", flags=re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def _key(model: str) -> str:
    return _SPACE.sub(" ", model.strip()).casefold()


def _lookup(models: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised name -> class, from :data:`MODEL_CLASSES` updated by ``models``."""
    table = {_key(name): cls for name, cls in MODEL_CLASSES.items()}
    for name, cls in (models or {}).items():
        if not isinstance(name, str) or cls not in CLASSES:
            raise invalid(
                f"models[{name!r}]",
                f"one of the classes {', '.join(map(repr, CLASSES))}",
                cls,
                hint="Map each model name (a str) to the class it belongs to.",
            )
        table[_key(name)] = cls
    return table


def _parts(model: str, table: Mapping[str, str]) -> list[tuple[str, str]]:
    """(part, class) for each model listed in ``model``; the whole string first, if known."""
    if _key(model) in table:
        return [(model.strip(), table[_key(model)])]
    parts = [part for part in _AND.split(model.strip()) if part]
    return [(part, table.get(_key(part), UNKNOWN)) for part in parts] or [(model, UNKNOWN)]


def classify_model(model: str, models: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Classes of the models listed in a model string, one per listed model, in order.

    Parameters
    ----------
    model : str
        A ``model`` value of the daily record, single (``"Kalibr"``) or merged
        (``"X-101/X-555 and Kalibr and Iskander-M/KN-23"``).
    models : mapping of str to str, optional
        Extra or overriding model -> class entries, on top of :data:`MODEL_CLASSES`.

    Returns
    -------
    tuple of str
        One class per listed model (``("cruise", "cruise", "ballistic")`` for the example above);
        ``"unknown"`` for a name that is not known.

    Examples
    --------
    >>> classify_model("C-300/C-400 and Iskander-M")
    ('s300_s400', 'ballistic')
    """
    return tuple(cls for _, cls in _parts(model, _lookup(models)))
