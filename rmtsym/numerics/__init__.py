r"""High-precision numerics: the only place where rmtsym uses :mod:`mpmath` directly.

Submodules
----------
algebraic
    Physical branch of an algebraic Stieltjes equation P(m, z) = 0 (module
    docstring: the algorithm); re-exports the public functions of the
    modules below.
roots, curve
    All roots at one point (Aberth, Newton polygon); the curve: critical
    points from the discriminant, branch at infinity, root continuation.
evaluate, support, integrate
    Stieltjes transform and density (pointwise and on grids by continuation);
    support edges and atoms; cdf and moments by quadrature.
numeric_measure
    :class:`NumericMeasure` for laws given by a density.
floatgrid
    Float64 density grids on the physical branch (all roots at once, matched by
    continuity, ambiguous points refined by ``evaluate``).
subordination
    Free additive / multiplicative convolution with numeric inputs by the
    Belinschi--Bercovici subordination fixed point (:class:`SubordinatedMeasure`).

Precision: every public function opens one private mpmath context at its
boundary (``with _context(dps) as ctx``: ``dps + GUARD_DIGITS`` digits, from
:func:`rmtsym.core.precision.private_context`) and passes it down as ``ctx``
(the ``mpmath.polyroots(ctx, ..., extraprec=)`` pattern); cached numbers are
rebound to the caller's context on read.  ``mpmath.mp`` is neither read nor
changed, except inside ``mpmath.workdps`` blocks whose precision is *set* from
``dps`` where user callables written with global mpmath functions are
evaluated (:class:`NumericMeasure` densities and hooks, the subordination
fixed point over such inputs, :mod:`~rmtsym.numerics.contour`).  Values come
back as ``mpmath.mp`` numbers rounded once to the requested digits; they do
not depend on the caller's ``mpmath.mp.dps`` or on earlier calls.
"""

from .curve import _curve  # noqa: F401
from .evaluate import density, stieltjes
from .integrate import cdf, numeric_moments
from .numeric_measure import NumericMeasure
from .support import atoms, support
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
