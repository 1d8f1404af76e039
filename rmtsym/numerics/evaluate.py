r"""Density and Stieltjes transform of an algebraic measure on the physical branch.

Each public function opens one private mpmath context at its boundary
(``_context(dps)``) and passes it down as ``ctx``; ``mpmath.mp`` is neither
read nor changed, so a value does not depend on the ambient precision.
"""

from __future__ import annotations

from typing import Any


from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..core.precision import CRIT_GUARD, ROUND_GUARD, to_global
from ._common import _GUARD, _MAX_DPS, _check_dps, _context, _is_seq, _round, _to_mpc, _to_real
from .curve import _curve
from .numeric_measure import _is_numeric_measure
from .roots import _Singular
from .support import atoms

__all__ = ["density", "stieltjes"]


def _density_at_crit(cur, idx, dps, ctx):
    """Density of the a.c. part at the critical point number idx."""
    cl = cur.classes()
    if not (cl[idx] or cl[idx + 1]):
        return ctx.mpf(0), ctx.mpf(0)
    c = cur.critical()[idx]
    if c["pole"]:
        # a_d vanishes at c: *some* root escapes to infinity there.  It is a
        # pole of the a.c. part (hard edge) only when that root is the
        # physical one; otherwise the physical root stays finite and is a root
        # of P(., c) with the vanishing leading coefficient dropped.
        return _density_at_pole(cur, c, dps, ctx)
    if cl[idx] != cl[idx + 1]:
        # an edge where m stays finite: m is continuous at c (Puiseux) and
        # real on the gap side, so the density is exactly 0
        return ctx.mpf(0), ctx.mpf(0)
    # interior critical point: the physical value is the mean of the cluster
    # of colliding roots at c (a well-conditioned quantity)
    wp = dps + _GUARD
    for _ in range(4):
        with ctx.workdps(wp):
            x = cur.crit_value(c, wp + CRIT_GUARD, ctx)
            eta = ctx.mpf(10) ** (-(wp // 3))
            m, _ = cur.value_upper(ctx.mpc(x, eta), wp, ctx)
            rts = cur.roots(ctx.mpc(x, 0), ctx)
            out = _cluster_density(m, rts, wp, dps, ctx)
            if out is not None:
                return out
            wp = 2 * wp
    raise BranchError("could not isolate the physical root at a critical point")


def _cluster_density(m, rts, wp, dps, ctx):
    """Density from the cluster of roots of P(., x) around the physical value ``m``.

    The physical value at x is the mean of the roots colliding there (one root
    when x is not a branch point of the physical branch).  None: the cluster is
    not separated from the other roots at this precision (raise it).
    """
    d0 = sorted(abs(r - m) for r in rts)
    rad = 4 * d0[0] + ctx.mpf(10) ** (-(wp // 4))
    cluster = [r for r in rts if abs(r - m) <= rad]
    others = [r for r in rts if abs(r - m) > rad]
    if others and min(abs(r - m) for r in others) < 4 * rad:
        return None
    mean = ctx.fsum(cluster) / len(cluster)
    tol = ctx.mpf(10) ** (-(wp // 2)) * (1 + abs(mean))
    if abs(mean.imag) <= tol:
        return ctx.mpf(0), tol
    return _round(mean.imag / ctx.pi, dps, ctx), tol


def _density_at_pole(cur, c, dps, ctx):
    """Density at a zero c of the leading coefficient a_d of P.

    The physical value is followed down the vertical path at two heights
    eta and eta**2: on a pole of the physical branch |m| grows like a power
    of 1/eta (the density is +inf, a hard edge); otherwise m converges and
    the density is read off the finite roots of P(., c) (a_d ~ 0 dropped) as
    at any other critical point.  Before this test every zero of a_d was
    reported as +inf, also where only a non-physical root escapes (the
    normalised-relu deformed semicircle of Wang–Zhu at x = 0: density 0.4179).
    """
    wp = dps + _GUARD
    for _ in range(4):
        with ctx.workdps(wp):
            x = cur.crit_value(c, wp + CRIT_GUARD, ctx)
            e1 = ctx.mpf(10) ** (-(wp // 4))
            e2 = e1 ** 2
            m1, _ = cur.value_upper(ctx.mpc(x, e1), wp, ctx)
            m2, _ = cur.value_upper(ctx.mpc(x, e2), wp, ctx)
            if abs(m2) > 10 * (1 + abs(m1)):
                return ctx.inf, ctx.mpf(0)
            cs = cur.coeffs_at(ctx.mpc(x, 0))
            scale = max(abs(v) for v in cs)
            small = ctx.mpf(10) ** (-(wp // 2)) * scale
            while len(cs) > 1 and abs(cs[0]) <= small:
                cs = cs[1:]
            if len(cs) == 1:
                raise BranchError(f"P(., z) vanishes identically at z = {ctx.nstr(x, 15)}")
            rts = ([-cs[1] / cs[0]] if len(cs) == 2 else
                   ctx.polyroots(cs, maxsteps=400, cleanup=False, extraprec=4 * wp))
            out = _cluster_density(m2, rts, wp, dps, ctx)
            if out is not None:
                return out
            wp = 2 * wp
    raise BranchError("could not isolate the physical root at a zero of the leading coefficient")


def _density_value(cur, x, dps, path, ctx, _raised=False):
    """Density at real x (mpf), path 'vertical' (from i*inf) or 'real' (continuation).

    Within a relative 1e-15 of a critical point the roots that collide there
    are only ``sqrt(gap)`` apart, so the value is computed with
    ``log10(1/gap)`` more digits (an exact x = 2 - 10**-80 next to the
    semicircle's edge is not the edge).
    """
    wp = dps + _GUARD
    idx = cur.find_crit(x, wp, ctx)
    if idx is not None:
        return _density_at_crit(cur, idx, dps, ctx)
    i = cur.interval_of(x, wp, ctx)
    if not cur.classes()[i]:
        return ctx.mpf(0), ctx.mpf(0)
    # The "only root in the upper half plane" shortcut costs a full polyroots
    # solve: take it first only where continuation is slow or fragile (d = 2,
    # pointwise calls, x within a relative 1e-6 of a critical point).  On a grid
    # the continuation from the neighbouring point is ~10x cheaper; it falls
    # back to the shortcut if it fails.
    a, b = cur.interval_bounds(i, wp, ctx)
    with ctx.workdps(wp):
        gap = min(abs(x - a), abs(b - x)) / max(1, abs(x))
    if not _raised and 0 < gap < ctx.mpf(10) ** -15:
        extra = int(ctx.ceil(-ctx.log10(gap))) + ROUND_GUARD
        if dps + extra > 4 * _MAX_DPS:
            raise ConvergenceError(f"density at x = {ctx.nstr(x, 15)}: x is within "
                                   f"{ctx.nstr(gap, 3)} of a support edge; more than "
                                   f"{4 * _MAX_DPS} digits would be needed")
        v, e = _density_value(cur, x, dps + extra, path, ctx, _raised=True)
        return _round(v, dps, ctx), e
    hit = None
    if cur.d == 2 or path == "vertical" or gap < ctx.mpf(10) ** -6:
        hit = cur.upper_unique(x, wp, ctx)
    if hit is not None:
        m, rts = hit
    elif path == "vertical":
        m, rts = cur.value_upper(ctx.mpc(x, 0), wp, ctx)
    else:
        try:
            m, rts = cur.value_real(x, wp, ctx, shortcut=False)
        except (BranchError, ConvergenceError, _Singular):
            hit = cur.upper_unique(x, wp, ctx)
            if hit is None:
                raise
            m, rts = hit
    with ctx.workdps(wp):
        m, err = cur.polish(ctx.mpc(m), ctx.mpc(x, 0), dps, ctx, rel=lambda v: abs(v.imag))
        if not m.imag > err:
            raise BranchError(f"inconsistent branch classification at x = {ctx.nstr(x, 15)}")
        val = m.imag / ctx.pi
        err = err / ctx.pi
    return _round(val, dps, ctx), _round(err, 5, ctx)


def density(mu: Any, x: Any, dps: int = 30, error: bool = False) -> Any:
    r"""Density of the absolutely continuous part of ``mu`` at ``x`` (or on a grid).

    Parameters
    ----------
    mu : AlgebraicMeasure, NumericMeasure, SubordinatedMeasure or sympy.Poly
        The measure (an algebraic measure must have no free parameters); a
        ``sympy.Poly`` in ``(m, z)`` with rational coefficients is accepted
        for testing.
    x : real number or list/tuple of real numbers
        Evaluation point(s).  A sequence is evaluated by continuing the
        physical root from point to point along the real axis (fast).
    dps : int, optional
        Requested decimal digits (5..2000), default 30.
    error : bool, optional
        If True return ``(value, error_estimate)`` (pairs for a grid).

    Returns
    -------
    mpmath.mpf or list of mpmath.mpf
        :math:`\rho(x)`, exactly ``0`` outside the support, ``+inf`` at a
        hard edge where :math:`m` has a pole of the a.c. part.

    Raises
    ------
    RmtsymError
        If ``x`` is not real or ``dps`` is out of range.
    BranchError, ConvergenceError
        If the physical branch cannot be isolated or refined.

    Notes
    -----
    .. math:: \rho(x) = \frac{1}{\pi}\lim_{\eta\downarrow 0}\operatorname{Im} m(x + i\eta).

    For a single point the root is followed from :math:`x + iR` (the branch
    at infinity) straight down to :math:`x`; on a grid it is followed along
    the real axis inside each interval between critical points, and outside
    the support it is not computed at all (the density there is exactly 0).

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.numerics import density
    >>> m, z = sympy.symbols("m z")
    >>> P = sympy.Poly(m**2 + z*m + 1, m, z)          # semicircle, variance 1
    >>> import mpmath
    >>> mpmath.nstr(density(P, 0, dps=20), 20)      # 1/pi
    '0.31830988618379067154'
    >>> density(P, 3, dps=20)
    mpf('0.0')
    """
    dps = _check_dps(dps)
    if _is_numeric_measure(mu):
        return mu.density(x, dps=dps, error=error)
    cur = _curve(mu, dps)
    with _context(dps) as ctx:                  # the one working context of this call
        if _is_seq(x):
            xv = [_to_real(v, f"x[{k}]", ctx) for k, v in enumerate(x)]
            order = sorted(range(len(xv)), key=lambda k: xv[k])
            out: list = [None] * len(xv)
            for k in order:
                out[k] = to_global(_density_value(cur, xv[k], dps, "real", ctx))
            return out if error else [v for v, _ in out]
        xv = _to_real(x, "x", ctx)
        v, e = to_global(_density_value(cur, xv, dps, "vertical", ctx))
        return (v, e) if error else v


def _stieltjes_far(cur, z, dps, ctx):
    r"""m(z) for |z| far outside the support, by the moment series; None when not far enough.

    With the support and atoms in [-B, B], |m_k| <= B^k, so the tail of
    :math:`m(z) = -\sum_k m_k z^{-k-1}` after K terms is at most
    :math:`(B/|z|)^K/(|z| - B)`: K = (dps + 5)/log10(|z|/B) + 1 terms give
    the value to dps digits relative to |m(z)| ~ 1/|z| (the root continuation
    from x + iR cannot resolve the branches at such |z|).
    """
    if getattr(cur, "_moments_fn", None) is None:
        return None
    B = cur.bound(ctx)
    az = abs(z)
    if not az > B * 10**6:
        return None
    K = int(ctx.ceil((dps + ROUND_GUARD) / ctx.log10(az / B))) + 1
    if K > 100:   # pragma: no cover - |z| > 1e6 B keeps K <= (2000 + 5)/6 + 1
        return None
    ms = cur.moments_num(K)
    if len(ms) < K:
        return None
    m = -ctx.fsum(ctx.mpf(mk.numerator) / mk.denominator * z ** (-k - 1)
                     for k, mk in enumerate(ms[:K]))
    err = (B / az) ** K / (az - B)
    return m, err


def stieltjes(mu: Any, z: Any, dps: int = 30, error: bool = False) -> Any:
    r"""Stieltjes transform :math:`m(z) = \int \mu(dx)/(x - z)` on the physical branch.

    Parameters
    ----------
    mu : AlgebraicMeasure, NumericMeasure, SubordinatedMeasure or sympy.Poly
        The measure.
    z : complex number
        ``Im z != 0``, or ``z`` real outside the support and not an atom.
    dps : int, optional
        Requested decimal digits, default 30.
    error : bool, optional
        If True return ``(value, error_estimate)``.

    Returns
    -------
    mpmath.mpc or mpmath.mpf
        ``m(z)`` (real, an ``mpf``, for real ``z``).

    Raises
    ------
    RmtsymError
        If ``z`` lies on the support or at an atom, or ``dps`` is invalid.

    Notes
    -----
    For ``Im z < 0`` the symmetry :math:`m(\bar z) = \overline{m(z)}` is used.
    The root is selected at :math:`x + iR` by the moment series
    :math:`-\sum_k m_k z^{-k-1}` with a rigorous tail bound and continued
    down to ``z``.

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.numerics import stieltjes
    >>> m, z = sympy.symbols("m z")
    >>> P = sympy.Poly(m**2 + z*m + 1, m, z)          # semicircle: m = (-z + sqrt(z^2-4))/2
    >>> import mpmath
    >>> mpmath.nstr(stieltjes(P, 1j, dps=20), 20)
    '(0.0 + 0.6180339887498948482j)'
    >>> mpmath.nstr(stieltjes(P, 3, dps=20), 20)    # (-3 + sqrt(5))/2
    '-0.3819660112501051518'
    """
    dps = _check_dps(dps)
    if _is_numeric_measure(mu):
        return mu.stieltjes(z, dps=dps, error=error)
    cur = _curve(mu, dps)
    wp = dps + _GUARD
    with _context(dps) as ctx:                  # the one working context of this call (wp digits)
        zv = ctx.mpc(_to_mpc(z, "z", ctx))
        far = _stieltjes_far(cur, zv, dps, ctx)
        if far is not None:
            m, err = far
            m = m.real if zv.imag == 0 else m
            v = _round(m, dps, ctx)
            return (v, _round(err, 5, ctx)) if error else v
        flip = zv.imag < 0
        if flip:
            zv = ctx.conj(zv)
        if zv.imag == 0:
            x = zv.real
            idx = cur.find_crit(x, wp, ctx)
            if idx is not None:
                cl = cur.classes()
                if cl[idx] or cl[idx + 1]:
                    raise RmtsymError(f"z = {ctx.nstr(x, 15)} lies on the support "
                                      "(at an edge); m has no value there")
                if any(abs(x - a) <= ctx.mpf(10) ** (-dps) * max(1, abs(a))
                       for a, _ in atoms(mu, dps)):
                    raise RmtsymError(f"z = {ctx.nstr(x, 15)} is an atom of mu; m has a pole there")
                raise RmtsymError(f"z = {ctx.nstr(x, 15)} is a critical point of P; "
                                  "evaluate at a nearby point")
            if cur.classes()[cur.interval_of(x, wp, ctx)]:
                raise RmtsymError(f"z = {ctx.nstr(x, 15)} lies on the support of mu; "
                                  "use density() for the boundary value")
            m, rts = cur.value_upper(zv, wp, ctx)
            m, err = cur.polish(ctx.mpf(m.real), x, dps, ctx)
        else:
            m, rts = cur.value_upper(zv, wp, ctx)
            m, err = cur.polish(ctx.mpc(m), zv, dps, ctx)
        if flip:
            m = ctx.conj(m)
        v = _round(m, dps, ctx)
        return (v, _round(err, 5, ctx)) if error else v
