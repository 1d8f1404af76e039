"""Number formatting shared by the checks' messages and the reports."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

__all__ = ['fmt', 'fmt_tex']


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


def fmt_tex(x: float | int, digits: int = 3) -> str:
    r"""A float as LaTeX math (no ``$``): ``1e-15`` becomes ``10^{-15}``, ``2.5e-06`` ``2.5 \cdot 10^{-6}``.

    For the typeset tolerances (``CheckResult.tolerance_latex``).

    Parameters
    ----------
    x : float or int
    digits : int, optional
        Significant digits.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_tex(1e-15), fmt_tex(2.5e-06), fmt_tex(0.05), fmt_tex(2), fmt_tex(1000.0)
    ('10^{-15}', '2.5 \\cdot 10^{-6}', '0.05', '2', '1000')
    """
    if float(x).is_integer() and abs(float(x)) < 1e6:
        return str(int(x))
    s = format(float(x), f".{digits}g")
    if "e" not in s:
        return s
    mant, exp = s.split("e")
    e = int(exp)
    return f"10^{{{e}}}" if mant in ("1", "1.0") else f"{mant} \\cdot 10^{{{e}}}"
