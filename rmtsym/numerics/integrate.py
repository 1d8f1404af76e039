r"""Quadrature of the density of an algebraic measure: moments and cdf.

The public functions open one private mpmath context (``_context(dps)``) and
pass it down as ``ctx``; ``mpmath.mp`` is neither read nor changed.
"""

from __future__ import annotations

from typing import Any

import operator

from ..core.errors import RmtsymError
from ..core.precision import ATOM_MATCH_GUARD, QUAD_CUTOFF_GUARD, ROUND_GUARD, to_global
from ._common import _GUARD, _WORK_BUDGET, _bind, _check_dps, _context, _round, _to_real
from .curve import _curve
from .numeric_measure import _is_numeric_measure
from .support import _pole_power, atoms

__all__ = ["numeric_moments", "cdf"]


def _integrate_ac(cur, g, dps, upto=None, budget=None, ctx=None):
    """:func:`_integrate_ac_impl` under a work budget (default
    ``_WORK_BUDGET``): ConvergenceError instead of a stall when the root
    continuation behind the density values needs ever finer steps.
    ``ctx``: the caller's working context (default a fresh ``_context(dps)``)."""
    if ctx is None:
        with _context(dps) as ctx:       # its numbers leave as mpmath.mp numbers
            return to_global(_integrate_ac(cur, g, dps, upto, budget, ctx))
    prev = getattr(cur, "_work", None)
    n = _WORK_BUDGET if budget is None else budget
    cur._work = [n,
                 "the quadrature of the density" if upto is None
                 else f"the quadrature of the density up to x = {ctx.nstr(upto, 15)}", n]
    try:
        return _integrate_ac_impl(cur, g, dps, ctx, None if upto is None else _bind(upto, ctx))
    finally:
        cur._work = prev


def _integrate_ac_impl(cur, g, dps, ctx, upto=None):
    r"""``sum over support intervals of  int g(x) rho(x) dx`` (x <= upto).

    Each open interval between critical points is split at its midpoint and
    each half is mapped to ``u`` by :math:`x = e \pm u^p` towards its
    critical end ``e`` (``p = 2`` at a branch point, ``p = lcm(1..d)`` at a
    pole of ``a_d``, where branches with any denominator ``q <= d`` can meet,
    e.g. :math:`m = -1/(2z) + O(z^{-1/2})` for ``d = 3``), which makes Puiseux
    behaviour :math:`(x-e)^{k/p}` analytic in
    ``u``; Gauss-Legendre in ``u`` then converges geometrically and never
    samples the density closer to ``e`` than about ``U**p/N**(2p)``.  If its
    error estimate is not small enough, tanh-sinh is used instead.

    A density value at distance ``delta = |x - e|`` (relative to
    ``max(1, |e|)``) from a critical end is computed with
    ``log10(1/delta)`` extra digits: the roots that collide at ``e`` are
    separated by about ``delta**(1/2)`` relative (``m ~ -w/delta`` with
    ``Im m ~ delta**(-1/2)`` next to an atom at a pole, ``delta**(1/2)`` at a
    soft edge) and a root of separation ``s`` loses ``log10(1/s)`` digits
    twice over (once in the root, once relative to ``Im m``).  Without them
    a node ~1e-36 from a pole (cdf at x = 1e-30) gave a false real pair and
    a stalled continuation.
    """
    wp = dps + _GUARD
    crit = cur.critical()
    cl = cur.classes()
    total = ctx.mpf(0)
    err = ctx.mpf(0)
    cache = cur.__dict__.setdefault("_rho_cache", {})
    tol = ctx.mpf(10) ** (-(dps + ATOM_MATCH_GUARD))

    def rho(x, e):
        # near a critical end e the colliding roots are separated by about
        # |x - e|**(k/q) relative (k/q <= 1/2 for the pair that meets), and
        # a root of a cluster of separation s has a condition number ~ 1/s:
        # Im m to wp digits needs about log10(1/|x - e|) more digits
        dist = abs(x - e) / max(1, abs(e))
        if dist == 0:
            # a node on the critical end itself at working precision (x within
            # 10^-wp of the edge): the end of an integrable density; its weight
            # (~ the node spacing there) is below the requested tolerance
            return ctx.mpf(0)
        extra = max(0, int(-ctx.log10(dist)) + 1) if dist < 1 else 0
        w = wp + extra
        k = (wp, x)
        if k not in cache:
            cur._work_at = x
            cur.spend(1)
            with ctx.workdps(w):
                m, rts = cur.value_real(x, w, ctx)
                # polish at the raised precision: near a pole |m| ~ 1/dist
                # >> Im m ~ dist**(-1/2), so digits relative to |m| must
                # include the extra ones
                v = cur.polish(ctx.mpc(m), ctx.mpc(x, 0), w - _GUARD, ctx,
                               rel=lambda v: abs(v) * ctx.mpf(10) ** -4)[0].imag / ctx.pi
            cache[k] = +v
        return _bind(cache[k], ctx)

    with ctx.workdps(wp):
        for i, inside in enumerate(cl):
            if not inside:
                continue
            a, b = cur.interval_bounds(i, wp + ROUND_GUARD, ctx)
            mid = (a + b) / 2
            halves = []
            for e, s, pole in ((a, 1, crit[i - 1]["pole"]), (b, -1, crit[i]["pole"])):
                p = _pole_power(cur.d) if pole else 2
                lo_x, hi_x = (a, mid) if s == 1 else (mid, b)
                if upto is not None:
                    if upto <= lo_x:
                        continue
                    if upto < hi_x:
                        if s == 1:
                            hi_x = upto
                        else:
                            # integrate [mid, upto] = [mid, b] - [upto, b]
                            halves.append((e, s, p, abs(b - upto), -1))
                            hi_x = b
                halves.append((e, s, p, abs((hi_x if s == 1 else lo_x) - e), 1))
            for e, s, p, L, sign in halves:
                if L == 0:
                    continue
                U = ctx.root(L, p)

                u0 = U * ctx.mpf(10) ** (-(dps + QUAD_CUTOFF_GUARD))

                def f(u, e=e, s=s, p=p, u0=u0):
                    # f is analytic and bounded in u; [0, u0] contributes at most
                    # u0 * max|f|, i.e. 10**-(dps + QUAD_CUTOFF_GUARD) relative, and is left out
                    # (x there is too close to e to resolve the colliding roots)
                    if u <= u0:
                        return ctx.mpf(0)
                    x = e + s * u ** p
                    return g(x) * rho(x, e) * p * u ** (p - 1)

                v, er = ctx.quad(f, [0, U], method="gauss-legendre", error=True, maxdegree=8)
                if not er <= tol * (1 + abs(v)):
                    v, er = ctx.quad(f, [0, U], method="tanh-sinh", error=True)
                total += sign * v
                err += er
    return total, err


def numeric_moments(mu: Any, n: int, dps: int = 30) -> list:
    r"""Moments ``[m_0..m_n]`` by quadrature of the density plus the atoms.

    Parameters
    ----------
    mu : AlgebraicMeasure, NumericMeasure, SubordinatedMeasure or sympy.Poly
        The measure.
    n : int
        Highest order (>= 0).
    dps : int, optional
        Digits, default 30.

    Returns
    -------
    list of mpmath.mpf
        :math:`\sum_a w_a x_a^k + \int x^k \rho(x)\,dx`, k = 0..n.

    Notes
    -----
    An independent check of the exact moments (and of the branch choice,
    edges and atoms): it uses only the numeric density, support and atoms.

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.numerics import numeric_moments
    >>> m, z = sympy.symbols("m z")
    >>> P = sympy.Poly(m**2 + z*m + 1, m, z)
    >>> import mpmath
    >>> [mpmath.nstr(v, 10) for v in numeric_moments(P, 4, dps=15)]
    ['1.0', '0.0', '1.0', '0.0', '2.0']
    """
    dps = _check_dps(dps)
    n = operator.index(n)
    if n < 0:
        raise RmtsymError(f"n must be >= 0, got {n}")
    if _is_numeric_measure(mu):
        return mu.moments(n, dps=dps)
    cur = _curve(mu, dps + ROUND_GUARD)
    with _context(dps) as ctx:
        at = _bind(atoms(mu, dps + ROUND_GUARD), ctx)
        out = []
        for k in range(n + 1):
            v, _ = _integrate_ac(cur, lambda x, k=k: x ** k, dps, ctx=ctx)
            v += ctx.fsum(w * a ** k for a, w in at)
            out.append(_round(v, dps, ctx))
        return out


def cdf(mu: Any, x: Any, dps: int = 30) -> Any:
    r"""Distribution function :math:`F(x) = \mu((-\infty, x])`.

    Parameters
    ----------
    mu : AlgebraicMeasure, NumericMeasure, SubordinatedMeasure or sympy.Poly
        The measure.
    x : real number
        Point.
    dps : int, optional
        Digits, default 30.

    Returns
    -------
    mpmath.mpf

    Notes
    -----
    Atoms at locations :math:`\le x` plus the integral of the density over
    the support intervals cut at ``x`` (see ``_integrate_ac``).  An atom
    whose location agrees with ``x`` to ``dps + 3`` digits counts as
    :math:`\le x` (right-continuity at the requested precision: an exact
    irrational location and a numeric ``x`` can agree only to that).
    Points next to a pole or an edge (e.g. ``x = 1e-30`` next to an atom at
    0) are evaluated at a precision raised by ``log10(1/|x - e|)`` digits.

    Raises
    ------
    ConvergenceError
        If the quadrature exceeds its work budget (``_WORK_BUDGET`` units of
        root continuation) or a density value cannot reach the precision:
        the routine fails instead of stalling.

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.numerics import cdf
    >>> m, z = sympy.symbols("m z")
    >>> P = sympy.Poly(m**2 + z*m + 1, m, z)
    >>> import mpmath
    >>> mpmath.nstr(cdf(P, 0, dps=15), 15)
    '0.5'
    """
    dps = _check_dps(dps)
    if _is_numeric_measure(mu):
        return mu.cdf(x, dps=dps)
    cur = _curve(mu, dps + ROUND_GUARD)
    with _context(dps) as ctx:                  # the one working context of this call
        xv = _to_real(x, "x", ctx)
        # outside every critical point (support edges, atoms, branch points) F is 0 or 1
        crit = cur.critical()
        if not crit or xv > max(c["hi"] for c in crit):
            return _round(ctx.mpf(1), dps, ctx)
        if xv < min(c["lo"] for c in crit):
            return _round(ctx.mpf(0), dps, ctx)
        v, _ = _integrate_ac(cur, lambda t: 1, dps, upto=xv, ctx=ctx)
        # an atom within the requested precision of x counts as at x (F is
        # right-continuous; x and the location are both known to ~dps digits)
        tol = ctx.mpf(10) ** (-(dps + ATOM_MATCH_GUARD))
        v += ctx.fsum(w for a, w in _bind(atoms(mu, dps + ROUND_GUARD), ctx) if a <= xv + tol * max(1, abs(a)))
        return _round(v, dps, ctx)
