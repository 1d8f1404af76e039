r"""Quadrature rules shared by the numeric layers (one implementation each).

:func:`gauss_legendre` — Gauss–Legendre nodes and weights on [−1, 1] to a
stated number of digits, by Newton's method on the three-term recurrence of
the Legendre polynomial :math:`P_n` (DLMF 3.5.19: nodes are the zeros of
:math:`P_n`, weights :math:`2/((1 - x^2) P_n'(x)^2)`), started from the
asymptotic approximation :math:`\cos(\pi (k - 1/4)/(n + 1/2))` (DLMF 18.16.6).
Cached by value ``(n, dps)``; computed in a private context of ``dps +
QUAD_WORK_GUARD`` digits (never the global one), returned as ``mpmath.mp``
numbers with every bit.

Examples
--------
>>> import mpmath
>>> xs, ws = gauss_legendre(5, 30)
>>> with mpmath.workdps(30):                  # exact for degree <= 9: 2/9
...     print(mpmath.nstr(sum(w * x ** 8 for x, w in zip(xs, ws)), 25))
0.2222222222222222222222222
"""

from __future__ import annotations

import functools


from ..core.errors import ConvergenceError, RmtsymError
from ..core.precision import QUAD_TOL_GUARD, QUAD_WORK_GUARD, to_global, working_context

__all__ = ["gauss_legendre"]


@functools.lru_cache(maxsize=64)
def gauss_legendre(n: int, dps: int) -> tuple:
    """Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1].

    Parameters
    ----------
    n : int
        Number of nodes (1 ≤ n ≤ 10000).
    dps : int
        Decimal digits of the nodes and weights.

    Returns
    -------
    (tuple of mpmath.mpf, tuple of mpmath.mpf)
        Nodes in decreasing order and their weights (the rule integrates
        polynomials of degree ≤ 2n − 1 exactly).

    Raises
    ------
    RmtsymError
        If ``n`` or ``dps`` is out of range.
    ConvergenceError
        If Newton's method does not reach ``dps`` digits for a node.
    """
    if not (isinstance(n, int) and 1 <= n <= 10000):
        raise RmtsymError(f"n must be an integer in [1, 10000], got {n!r}")
    if not (isinstance(dps, int) and 1 <= dps <= 2000):
        raise RmtsymError(f"dps must be an integer in [1, 2000], got {dps!r}")
    ctx = working_context(dps, QUAD_WORK_GUARD)      # private: mpmath.mp is not read
    eps = ctx.mpf(10) ** (-(dps + QUAD_TOL_GUARD))
    xs, ws = [], []
    for k in range(1, n + 1):
        x = ctx.cos(ctx.pi * (k - ctx.mpf(1) / 4) / (n + ctx.mpf(1) / 2))
        for _ in range(100):
            p0, p1 = ctx.mpf(1), x
            for j in range(2, n + 1):
                p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
            dp = n * (x * p1 - p0) / (x * x - 1)
            dx = p1 / dp
            x -= dx
            if abs(dx) < eps:
                break
        else:
            raise ConvergenceError(f"Gauss-Legendre node {k} of {n} did not converge")
        p0, p1 = ctx.mpf(1), x
        for j in range(2, n + 1):
            p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
        dp = n * (x * p1 - p0) / (x * x - 1)
        xs.append(x)
        ws.append(2 / ((1 - x * x) * dp * dp))
    return tuple(to_global(xs)), tuple(to_global(ws))   # every bit, as mpmath.mp numbers
