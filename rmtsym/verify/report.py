"""Number formatting shared by the checks' messages and the reports."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

__all__ = ['fmt']


def fmt(x: Any, digits: int = 17) -> str | None:
    """Format a number for certificates: exact values exactly, floats with ``digits`` digits.

    Parameters
    ----------
    x : number (int, Rational, sympy expr, float, mpf, mpc, numpy scalar) or None
    digits : int, optional
        Significant digits for inexact values.

    Returns
    -------
    str or None

    Examples
    --------
    >>> fmt(sympy.Rational(3, 2)), fmt(0.1, 3), fmt(None)
    ('3/2', '0.1', None)
    """
    if x is None:
        return None
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, sympy.Basic):
        return sympy.sstr(x)
    if isinstance(x, (float, np.floating)):
        return format(float(x), f".{digits}g")
    try:
        import mpmath
        if isinstance(x, (mpmath.mpf, mpmath.mpc)):
            return mpmath.nstr(x, digits)
    except ImportError:  # pragma: no cover
        pass
    return str(x)
