"""rmtsym: random-matrix theory of deep networks, verified three ways.

Exact symbolic derivation (SymPy + python-flint), exact combinatorial
counting (networkx), and high-precision numerics (mpmath) checked against
spectra sampled from real random networks (numpy).

>>> import sympy
>>> from rmtsym import free_add, semicircle, marchenko_pastur
>>> mu = free_add(semicircle(1), marchenko_pastur(sympy.Rational(1, 2)))
>>> mu.moments(3)
[1, 1, 5/2, 23/4]
"""

from .errors import RmtsymError, ParseError, NotAMeasureError, ConvergenceError, BranchError
from .measure import AlgebraicMeasure
from .laws import semicircle, marchenko_pastur, atoms, point_mass, free_poisson, fuss_catalan
from .convolution import free_add, free_mul
from .parse import parse_measure

__version__ = "0.1.0"

__all__ = [
    "RmtsymError", "ParseError", "NotAMeasureError", "ConvergenceError", "BranchError",
    "AlgebraicMeasure",
    "semicircle", "marchenko_pastur", "atoms", "point_mass", "free_poisson", "fuss_catalan",
    "free_add", "free_mul", "parse_measure",
]
