"""Figures for reports: every function takes ``ax=None`` and returns the ``Axes`` it drew on.

::

    import stockpile as sp
    import stockpile.plot

    ensemble = sp.simulate(sp.presets.load("russia-ukraine-2025"), runs=1000, seed=1,
                           stochastic=True)
    ax = sp.plot.fan(ensemble, "interceptor_stock", item="patriot")  # median + 50/90 % bands
    ax.figure.savefig("patriot.png", dpi=150)
    sp.plot.stocks(ensemble)       # missile reserve and interceptor magazine, depletion marked

================= ========================================================================
function          draws
================= ========================================================================
:func:`fan`       median of a variable over runs with central bands (50 %, 90 %)
:func:`spaghetti` a few runs' trajectories and the median
:func:`stocks`    missile reserves (left axis) and interceptor magazines (right), shortfalls
:func:`depletion` probability that the magazine has fallen short by each month
:func:`heatmap`   a metric over two swept parameters ("never runs short" in its own colour)
:func:`tornado`   a metric's swing as each parameter goes to its bounds
:func:`sobol`     first- and total-order Sobol indices with intervals
:func:`observed`  the observed monthly record, fitted values and a forecast fan
================= ========================================================================

Figures are made without :mod:`matplotlib.pyplot`: when ``ax`` is omitted a new
:class:`matplotlib.figure.Figure` is created that pyplot does not track, so nothing is left open
and nothing is shown by itself. Save it with ``ax.figure.savefig(...)``; in a notebook, end the
cell with ``ax.figure`` to display it. To draw into a pyplot layout, pass ``ax=``. Colours are
the Okabe–Ito palette (colour-blind safe); axes carry units in brackets and months as dates.

Time is drawn as it is meant: a stock (``missile_stock``, ``interceptor_stock``) is a value at
the end of a month, drawn from the initial stock on the first day of the first month to each
month's end; a monthly flow (launches, deliveries) in the middle of its month. The scenario's
ceasefires, production shocks and deliveries are shaded over their months, bands are named by
their quantiles, and parameters, classes and shares are labelled as a person reads them
("patriot deliveries [interceptors/year]", "S-300/S-400", "[share]" or %, never "[1]").
"""

from stockpile.plot._style import OKABE_ITO
from stockpile.plot.observed import observed
from stockpile.plot.sensitivity import heatmap, sobol, tornado
from stockpile.plot.trajectories import depletion, fan, spaghetti, stocks

__all__ = [
    "OKABE_ITO",
    "depletion",
    "fan",
    "heatmap",
    "observed",
    "sobol",
    "spaghetti",
    "stocks",
    "tornado",
]
