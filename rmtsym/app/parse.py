r"""A small, safe expression language over the named laws and operations.

Grammar (parsed with :mod:`ast`, never evaluated with ``eval``)::

    expr   := call | number | name | expr (+ - * / **) expr | -expr | {key: value, ...}
    call   := law "(" args ")"
    law    := semicircle | marchenko_pastur | mp | atoms | point_mass | free_poisson
            | fuss_catalan | free_add | free_mul | affine

Numbers are exact: ``0.5`` means 1/2.  A bare name that is not a law is a
positive SymPy symbol (a parameter), e.g. ``marchenko_pastur(c)``; the
reserved names ``nan``, ``inf``, ``oo``, ``I`` are refused and ``pi``, ``E``
are the constants.  Numbers, names and arithmetic are read by the core
parser :func:`rmtsym.core.numbers.parse_expression` (size limits included).

Examples
--------
>>> parse_measure("free_add(semicircle(1), marchenko_pastur(1/2))").moments(2)
[1, 1, 5/2]
>>> parse_measure("atoms({0: 1/4, 2: 3/4})").moments(1)
[1, 3/2]
>>> parse_measure("gaussian(1)")
Traceback (most recent call last):
...
rmtsym.core.errors.ParseError: unknown name 'gaussian' in EXPR; known laws and operations: affine, atoms, free_add, free_mul, free_poisson, fuss_catalan, marchenko_pastur, mp, point_mass, semicircle
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.errors import ParseError
from ..core.numbers import parse_expression, shorten


def _laws() -> dict[str, Callable[..., Any]]:
    from ..laws import named as laws
    from ..free import convolution
    return {
        "semicircle": laws.semicircle,
        "marchenko_pastur": laws.marchenko_pastur,
        "mp": laws.marchenko_pastur,
        "atoms": laws.atoms,
        "point_mass": laws.point_mass,
        "free_poisson": laws.free_poisson,
        "fuss_catalan": laws.fuss_catalan,
        "free_add": convolution.free_add,
        "free_mul": convolution.free_mul,
        "affine": lambda mu, a, b=0: mu.affine(a, b),
    }


def _wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TypeError as exc:
            raise ParseError(f"bad arguments to {name}: {exc}") from None
    return call


def parse_measure(text: str) -> Any:
    """Parse an EXPR string into a measure (or a number, for sub-expressions).

    The numbers, names and arithmetic of EXPR are those of the core parser
    (:func:`rmtsym.core.numbers.parse_expression`, with its size limits and
    reserved names: ``nan``, ``inf``, ``oo``, ``I`` are refused, ``pi`` and
    ``E`` are the constants); this module adds the law calls and dicts.

    Parameters
    ----------
    text : str
        The expression, e.g. ``"free_mul(mp(1), atoms({0: 1/2, 1: 1/2}))"``.

    Returns
    -------
    AlgebraicMeasure

    Raises
    ------
    ParseError
        On a syntax error, an unknown name, or a construct outside the
        language (attribute access, keywords other than law parameters,
        strings, ...), or an input over the size limits.  Errors of the laws
        themselves (a negative variance) are re-raised as
        :class:`RmtsymError` naming the parameter.
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError("EXPR must be a non-empty string")
    laws = _laws()

    def unknown(name):
        raise ParseError(f"unknown name {name!r} in EXPR; known laws and operations: "
                         + ", ".join(sorted(laws)))

    value = parse_expression(text, "EXPR", calls={k: _wrap(k, f) for k, f in laws.items()},
                             dicts=True, unknown_call=unknown)
    if not hasattr(value, "moments"):
        raise ParseError(f"EXPR must describe a measure, got {shorten(value)}")
    return value
