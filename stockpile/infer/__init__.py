"""What the record implies: posterior distributions of stocks, supply and doctrine.

(The full note is written below once the pieces are in place.)
"""

from stockpile.infer.claims import Claim, Occurred, shortfall
from stockpile.infer.fit import fit
from stockpile.infer.likelihood import LIKELIHOODS, RATE_FLOOR, BetaBinomial, Binomial
from stockpile.infer.posterior import Posterior
from stockpile.infer.record import UNCONSTRAINED_STOCK, from_record
from stockpile.infer.synthetic import synthetic_record

__all__ = [
    "LIKELIHOODS",
    "RATE_FLOOR",
    "UNCONSTRAINED_STOCK",
    "BetaBinomial",
    "Binomial",
    "Claim",
    "Occurred",
    "Posterior",
    "fit",
    "from_record",
    "shortfall",
    "synthetic_record",
]
