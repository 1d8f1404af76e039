r"""Named types of the public API: what a parameter accepts, what a method returns.

The signatures of rmtsym say *which kind* of number they take and give back
with these names rather than ``typing.Any``.  SymPy and mpmath ship no type
information, so for the type checker several of these reduce to ``Any``; the
names still say to a reader (and to the API reference) what is meant, and
they become checked types the day those libraries are typed.

=================  ==========================================================
name               meaning
=================  ==========================================================
``ExactInput``     a number given exactly: ``int``, :class:`fractions.Fraction`,
                   a SymPy expression, or a string read by the restricted
                   parser of :mod:`rmtsym.core.numbers` (``"3/2"``, ``"sqrt(2)"``)
``RealInput``      ``ExactInput`` or a binary float / ``mpmath.mpf`` (a point x)
``ComplexInput``   ``RealInput`` or a ``complex`` / ``mpmath.mpc`` (a point z)
``SymExpr``        a SymPy expression (exact result, possibly with symbols)
``SymPoly``        a ``sympy.Poly`` (e.g. P(m, z) in the generators ``M, Z``)
``MpReal``         an ``mpmath.mpf`` at the requested ``dps``
``MpComplex``      an ``mpmath.mpc`` at the requested ``dps``
``Interval``       ``(a, b)`` with ``MpReal`` ends: a component of a support
``Atom``           ``(location, mass)``, both ``MpReal``
``Moment``         an exact moment (``SymExpr``) or, with ``dps=``, an ``MpReal``
``RealPoints``     one ``RealInput`` or a sequence of them (a grid)
``ComplexPoints``  one ``ComplexInput`` or a sequence of them
``RealResult``     an ``MpReal``, a list of them (on a grid), or with ``error=True``
                   the pair (value(s), error bound(s))
``ComplexResult``  the same with ``MpComplex`` values
=================  ==========================================================

Examples
--------
>>> from rmtsym.core.types import Interval, MpReal
>>> import mpmath
>>> iv: Interval = (mpmath.mpf(0), mpmath.mpf(4))
>>> isinstance(iv[1], MpReal)
True
"""

from __future__ import annotations

from fractions import Fraction
from collections.abc import Sequence
from typing import Any, TypeAlias, Union

import mpmath
import sympy

__all__ = ["ExactInput", "RealInput", "ComplexInput", "SymExpr", "SymPoly", "MpReal",
           "MpComplex", "Interval", "Atom", "Moment", "RealPoints", "ComplexPoints", "RealResult",
           "ComplexResult"]

SymExpr: TypeAlias = sympy.Expr
SymPoly: TypeAlias = sympy.Poly
MpReal: TypeAlias = mpmath.mpf
MpComplex: TypeAlias = mpmath.mpc
ExactInput: TypeAlias = Union[int, Fraction, str, sympy.Basic]
RealInput: TypeAlias = Union[int, Fraction, str, sympy.Basic, float, mpmath.mpf]
ComplexInput: TypeAlias = Union[int, Fraction, str, sympy.Basic, float, complex, mpmath.mpf,
                                mpmath.mpc]
Interval: TypeAlias = tuple[mpmath.mpf, mpmath.mpf]
Atom: TypeAlias = tuple[mpmath.mpf, mpmath.mpf]
Moment: TypeAlias = Union[sympy.Expr, mpmath.mpf]
RealPoints: TypeAlias = Union[RealInput, Sequence[RealInput]]
ComplexPoints: TypeAlias = Union[ComplexInput, Sequence[ComplexInput]]
RealResult: TypeAlias = Union[mpmath.mpf, list[mpmath.mpf], tuple[Any, Any]]
ComplexResult: TypeAlias = Union[mpmath.mpc, list[mpmath.mpc], tuple[Any, Any]]
