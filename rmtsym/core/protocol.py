r"""The measure protocol every spectral law of rmtsym follows.

A *measure* is anything a check, a plot or a model can ask for its moments,
its Stieltjes transform m(z) = ∫ μ(dx)/(x − z), its density, support, atoms
and distribution function.  Exact measures (:class:`ExactMeasure`, e.g.
:class:`rmtsym.AlgebraicMeasure`) also expose the polynomial P(m, z) = 0 and
the exact moment series, which is what free convolution by resultants and
the numerics' branch tracking consume — through these public methods only.

Numeric methods of exact measures are implemented in :mod:`rmtsym.numerics`
(a higher layer).  The core does not import it: the numerics layer registers
itself here with :func:`register_numeric_backend` when it is imported (which
``import rmtsym`` always does), and :func:`numeric_backend` returns it.

Examples
--------
>>> import rmtsym
>>> from rmtsym.core.protocol import ExactMeasure, Measure, is_exact
>>> mu = rmtsym.marchenko_pastur(2)
>>> isinstance(mu, Measure), is_exact(mu)
(True, True)
>>> nu = rmtsym.NumericMeasure(lambda x: 1, support=[(0, 1)], label="U(0,1)")
>>> isinstance(nu, Measure), is_exact(nu)
(True, False)
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Protocol, runtime_checkable

from .errors import RmtsymError
from .types import Atom, ComplexInput, Interval, Moment, MpComplex, MpReal, RealInput, SymExpr, SymPoly

__all__ = ["Measure", "ExactMeasure", "is_exact", "register_numeric_backend",
           "numeric_backend"]


@runtime_checkable
class Measure(Protocol):
    """A probability measure on the real line, queried numerically.

    ``label`` is a short name; every numeric method takes ``dps`` (decimal
    digits) and works on the physical branch (Im m > 0 for Im z > 0).
    """

    label: str

    def moments(self, n: int) -> list[Moment]:
        """Moments [m_0, ..., m_n] (exact for exact measures)."""

    def stieltjes(self, z: ComplexInput, dps: int = 30) -> MpComplex:
        """m(z) = ∫ μ(dx)/(x − z) for Im z ≠ 0."""

    def density(self, x: RealInput, dps: int = 30) -> MpReal:
        """Density of the absolutely continuous part at x (or a list of x)."""

    def support(self, dps: int = 30) -> list[Interval]:
        """Intervals [(a, b), ...] of the absolutely continuous part."""

    def atoms(self, dps: int = 30) -> list[Atom]:
        """Atoms [(location, mass), ...]."""

    def cdf(self, x: RealInput, dps: int = 30) -> MpReal:
        """μ((−∞, x])."""


@runtime_checkable
class ExactMeasure(Measure, Protocol):
    """A measure with an exact description: P(m, z) = 0 and its moment series.

    ``params`` are the free SymPy symbols; ``constants`` maps symbols carried
    through the exact kernel to their exact irrational values.
    """

    params: tuple[SymExpr, ...]

    def stieltjes_polynomial(self) -> SymPoly:
        """The canonical P(m, z) as a ``sympy.Poly`` (constants substituted)."""

    def kernel_polynomial(self) -> SymExpr:
        """P(m, z) as a SymPy expression with the constants still symbols."""

    def moment_series(self, n: int, ring: Any = None) -> list[Any]:
        """The first ``n`` moments as exact elements of a series ring."""


def is_exact(mu: object) -> bool:
    """Whether ``mu`` follows :class:`ExactMeasure` (has P(m, z) and its exact series).

    Parameters
    ----------
    mu : object

    Returns
    -------
    bool
    """
    return isinstance(mu, ExactMeasure)


_BACKEND: dict[str, ModuleType] = {}


def register_numeric_backend(module: ModuleType) -> None:
    """Register the module implementing ``stieltjes/density/support/atoms/cdf(mu, ...)``.

    Called by :mod:`rmtsym.numerics` when it is imported.
    """
    for name in ("stieltjes", "density", "support", "atoms", "cdf"):
        if not callable(getattr(module, name, None)):
            raise RmtsymError(f"numeric backend {module!r} lacks {name}()")
    _BACKEND["numerics"] = module


def numeric_backend() -> ModuleType:
    """The registered numeric backend (see :func:`register_numeric_backend`).

    Raises
    ------
    RmtsymError
        If no backend is registered (``rmtsym.numerics`` was never imported).
    """
    try:
        return _BACKEND["numerics"]
    except KeyError:
        raise RmtsymError("no numeric backend: import rmtsym (or rmtsym.numerics) first") from None
