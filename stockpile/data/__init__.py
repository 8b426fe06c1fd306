"""The observed record: Russian missiles and drones launched at Ukraine, by month and class.

::

    import stockpile.data as spd
    record = spd.read_attacks("missile_attacks_daily.csv")  # the public CSV, as published
    table = spd.monthly(record)          # launched and destroyed by month and class
    shipped = spd.observed_monthly()     # the same table, shipped with stockpile
    kyiv = spd.observed_by_target()      # the same, the rows naming Kyiv as target apart

Data
----
"Massive Missile Attacks on Ukraine" (Kaggle, P. Ivaniuk,
https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine) compiles the daily
reports of the Ukrainian Air Force and other commands from 2022-09-28 on (so the first month,
2022-09, is partial). One row of ``missile_attacks_daily.csv`` is one model (or several counted
together) in one reporting window, with ``launched`` and ``destroyed`` counts and the ``source``
post. Its license is not stated, so stockpile ships only monthly counts derived from it (facts) and
the code to read the raw file; see ``ATTRIBUTION.md``.

Rules
-----
Classes
    :data:`CLASSES`: ``cruise``, ``ballistic``, ``s300_s400`` (S-300/S-400 air-defence missiles
    fired at ground targets), ``other_missile`` (missiles of unreported type), ``drone``,
    ``bomb`` and ``unknown``. Each model takes the class of its category in the data set's
    catalogue (:data:`MODEL_CLASSES`, :mod:`stockpile.data.catalogue`), except ``Unknown
    Missile`` -> ``other_missile``. ``total`` counts every missile class (:data:`MISSILE_CLASSES`)
    and no drones, bombs or unknown names. Unknown names raise an :class:`UnknownModelWarning`
    listing them and are kept in class ``unknown``; ``models={name: class}`` classifies them.
Merged rows
    ``"X-101/X-555 and Kalibr"`` counts two models together (a slash joins variants of one
    model). When the listed models share a class, the row goes to it. Otherwise ``merged=``
    decides: ``"split"`` (default) shares the counts equally among the listed models,
    ``"first"`` gives them all to the first listed model's class, ``"mixed"`` puts missile-only
    rows in a class ``mixed`` (counted in ``total``). ``"split"`` is the default because it
    keeps each row in the classes it reports, so no class is inflated at another's expense (under
    ``"first"`` all of ``"C-300/C-400 and Iskander-M"`` would be S-300) and the table keeps the
    simulator's missile types, with no column that no item matches; ``total`` is the same under
    every rule. The price is fractional counts. Few rows are affected: 34 missiles in 2023, 14 in
    2024 and 14 in 2025 (national-level reports).
Sources
    Regional air commands (Air Command South ``PvKPivden``, East ``pvkshid``, Centre) report
    launches that the national summaries count again, so by default only the national-level
    reports are kept (``sources="national"``, :data:`NATIONAL_SOURCES`): the Air Force Command
    ``kpszsu`` (on Facebook, ``kpszsu/posts/...``, or Telegram, ``https://t.me/kpszsu/...``)
    and, for a few large strikes of 2022-23 that the data set takes from them instead of an Air
    Force post (no window overlaps a ``kpszsu`` one), the General Staff and the
    Commander-in-Chief. ``sources="all"`` keeps every row; ``sources={"kpszsu"}`` keeps the Air
    Force Command alone.
Months
    A reporting window belongs to the month it *starts* in (local time): 2024-01-31 21:00 to
    2024-02-01 09:00 is 2024-01. A start given as a date only is taken as 00:00 of that date.
    Missing ``launched`` or ``destroyed`` counts (9 rows in the published file) add nothing.

Layouts
-------
:func:`read_attacks` returns one row per report row and class (see its docstring).
:func:`monthly` and :func:`observed_monthly` return a DataFrame with a ``PeriodIndex`` named
``month`` (freq ``"M"``, every month of the span, zeros where nothing was reported) and 2-level
columns ``(measure, class)``: ``measure`` is ``launched`` or ``destroyed``; ``class`` runs over
:data:`CLASSES` (plus ``mixed`` under ``merged="mixed"``) and ``total``. Values are counts per
month, [missiles/month] ([drones/month] for ``drone``). ``table["launched", "ballistic"]`` and
``table["launched"]["total"]`` are monthly Series.

The 2024 total
--------------
The shipped table gives **2,003** missiles launched in 2024 (cruise 1,428, ballistic 312,
S-300/S-400 242, other 21), against the 2,061 that the New York Times counted from Ukrainian Air
Force data. The model description (docs/model.md) quotes about 1,999: the rows whose ``source``
begins with ``kpszsu`` hold 1,997 missiles of catalogue models plus 2 of
``"Iskander-M and Iskander-K"``, which the catalogue lacks; two Air Force Command reports that
the data set cites by their Telegram address (3 Kinzhal on 2024-09-26, 1 Kh-31P in the night of
2024-11-01) add 4. The 2,061 lies between the national-level count and the count of every row
(2,202, which adds 199 missiles reported by Air Commands South and East and by other posts,
which can repeat national reports). So the gap of 58 (3%) is within what the choice of reports
explains: the national summaries leave out some launches that only regional commands reported,
and the press count may draw the line differently on which reports, dates and types (e.g. S-300
ground attacks, Kh-31P, Kh-59) to count. Counting windows by their end instead of their start gives
the same 2,003.
"""

from stockpile.data.catalogue import CLASSES, MISSILE_CLASSES, MODEL_CLASSES, classify_model
from stockpile.data.reader import NATIONAL_SOURCES, UnknownModelWarning, monthly, read_attacks
from stockpile.data.shipped import observed_monthly
from stockpile.data.targets import KYIV, by_target, names_place, observed_by_target

__all__ = [
    "CLASSES",
    "KYIV",
    "MISSILE_CLASSES",
    "MODEL_CLASSES",
    "NATIONAL_SOURCES",
    "UnknownModelWarning",
    "by_target",
    "classify_model",
    "monthly",
    "names_place",
    "observed_by_target",
    "observed_monthly",
    "read_attacks",
]
