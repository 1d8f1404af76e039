r"""High-precision numerics: the only place where rmtsym uses :mod:`mpmath` directly.

Submodules
----------
algebraic
    Physical branch of an algebraic Stieltjes equation P(m, z) = 0: Stieltjes
    transform, density (pointwise and on grids by continuation), support edges
    from the discriminant, atoms from the pole structure, cdf, moments by
    quadrature; :class:`NumericMeasure` for laws given by a density.
floatgrid
    Float64 density grids on the physical branch (all roots at once, matched by
    continuity, ambiguous points refined by ``algebraic``).
subordination
    Free additive / multiplicative convolution with numeric inputs by the
    Belinschi--Bercovici subordination fixed point (:class:`SubordinatedMeasure`).

All mpmath work happens in scoped ``mpmath.workdps`` blocks; the global
precision is never changed.  Values come back rounded to the requested digits.
"""

from .algebraic import (NumericMeasure, _curve, atoms, cdf, density,  # noqa: F401
                        numeric_moments, stieltjes, support)
from .subordination import SubordinatedMeasure, free_add_numeric, free_mul_numeric
from .floatgrid import density_grid, density_grid_float

import sys as _sys

from ..core.protocol import register_numeric_backend as _register

# the exact measures of rmtsym.core delegate their numeric methods here
_register(_sys.modules[__name__])

__all__ = [
    "stieltjes", "density", "support", "atoms", "cdf", "numeric_moments",
    "NumericMeasure", "SubordinatedMeasure", "free_add_numeric", "free_mul_numeric",
    "density_grid_float", "density_grid",
]
