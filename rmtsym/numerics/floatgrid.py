r"""Float64 density grids on the physical branch: all roots at once, matched by continuity.

The 30-digit route (:func:`rmtsym.numerics.density` on a list) continues the
physical root of P(m, x) = 0 from point to point in mpmath.  For a figure or
a KS statistic 15 digits are plenty, and the roots of P(·, x) at *all* grid
points can be had at once: one batched companion-matrix eigenvalue call
(numpy).  What a root solver cannot say is which root is the physical one —
the largest imaginary part is wrong for degree >= 4 laws (several roots in
the upper half plane).  This module decides it the way the high-precision
route does, by continuity, and refuses to guess:

1. the support and the critical points (branch points, poles) come from the
   exact curve (:meth:`_Curve.critical`, :meth:`_Curve.classes`);
2. inside each support interval the walk starts at the interval's *anchor*,
   whose physical root the high-precision route certified by continuation
   from m ~ −1/z at infinity;
3. from one grid point to the next the root nearest to the first-order
   prediction m + Δx·m′ (m′ = −P_z/P_m) is taken **only if** it is at most a
   quarter of the distance to every other root, **and** the step itself is
   short: the root moved at most a quarter of its distance to the other
   roots at the starting point (a long jump from an anchor once matched a
   real root and returned a silent 0 inside the support); otherwise (roots
   about to meet: next to an edge, a collision, a pole; or a long step) the
   point is handed to the high-precision continuation
   (:meth:`_Curve.value_real`) and the walk goes on from its value.  Points
   within a relative 1e-9 of a critical point are always handed over, and so
   is a point inside the support whose chosen root is real while non-real
   roots exist (never a silent 0);
4. each accepted root gets one Newton step; a root below the real axis
   (Im m < −1e-10 (1 + |m|)) is handed to the high-precision route too, and a
   negative value from there raises :class:`~rmtsym.core.errors.BranchError`
   instead of being clipped.

Outside the support the density is exactly 0 (not evaluated).

Examples
--------
>>> import numpy as np
>>> import rmtsym
>>> from rmtsym.numerics.floatgrid import density_grid_float
>>> mu = rmtsym.semicircle(2)
>>> rho = density_grid_float(mu, np.array([0.0, 1.0, 3.5]))
>>> [round(v, 12) for v in (rho * np.pi).tolist()]      # sqrt(8 - x^2)/4 ... and 0 outside
[0.707106781187, 0.661437827766, 0.0]
"""

from __future__ import annotations

from typing import Any


from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..core.precision import INNER_GUARD
from ._common import _GUARD, _context
from .curve import _curve
from .roots import _Singular

__all__ = ["density_grid_float", "density_grid", "last_grid_stats"]

#: a root is accepted when it is this fraction (or less) of the distance to the next root
_SEPARATION = 0.25
#: grid points within this relative distance of a critical point go to the high-precision route
_CRIT_GAP = 1e-9
#: Im m below -_NEG (1 + |m|) is a wrong branch, not rounding
_NEG = 1e-10

_STATS: dict = {}


def last_grid_stats() -> dict:
    """Counts of the last :func:`density_grid_float` call: points, fast, handed over, outside."""
    return dict(_STATS)


def _coefficients(af, xs):
    """C[t, j] = a_j(x_t), the coefficient of m^j at each point (float64)."""
    import numpy as np
    return np.stack([np.polyval(c[::-1], xs) if len(c) else np.zeros_like(xs) for c in af], axis=1)


def _all_roots(C, d):
    """Roots of sum_j C[t, j] m^j at every t (array (N, d), complex) and a mask of well-posed points."""
    import numpy as np
    lead = C[:, d]
    scale = np.max(np.abs(C), axis=1)
    ok = np.abs(lead) > 1e-13 * scale
    lead_safe = np.where(ok, lead, 1.0)
    comp = np.zeros((C.shape[0], d, d))            # real coefficients on the real axis: dgeev
    comp[:, 0, :] = -C[:, d - 1::-1] / lead_safe[:, None]
    if d > 1:
        idx = np.arange(d - 1)
        comp[:, idx + 1, idx] = 1.0
    return np.linalg.eigvals(comp), ok


def _newton_step(C, m):
    """One Newton step m - P/P_m at every point (vectorised Horner)."""
    import numpy as np
    d = C.shape[1] - 1
    P = np.zeros(m.shape, dtype=complex)
    Pm = np.zeros(m.shape, dtype=complex)
    for j in range(d, -1, -1):
        Pm = Pm * m + P
        P = P * m + C[:, j]
    safe = Pm != 0
    return np.where(safe, m - P / np.where(safe, Pm, 1), m)


def _matches(roots, ok):
    """For consecutive points: the nearest root and whether it is unambiguous, both directions.

    ``fwd[t, i]`` is the root at t+1 nearest to root i at t, ``fwd_ok[t, i]`` whether it is
    at most ``_SEPARATION`` times the distance to the next nearest; ``bwd`` likewise from
    t+1 back to t.
    """
    import numpy as np
    D = np.abs(roots[1:, None, :] - roots[:-1, :, None])      # D[t, i, j]: i at t, j at t+1
    both = (ok[1:] & ok[:-1])[:, None]

    def gaps(r):
        """Distance of each root to the nearest other root at the same point (inf if d = 1)."""
        G = np.abs(r[:, :, None] - r[:, None, :])
        idx = np.arange(r.shape[1])
        G[:, idx, idx] = np.inf
        return np.min(G, axis=2)

    def side(Dx, src_gap):
        best = np.argmin(Dx, axis=2)
        if Dx.shape[2] > 1:
            two = np.partition(Dx, 1, axis=2)[..., :2]
            # unambiguous at the target AND a short step: the root moved at most a quarter
            # of its distance to the other roots at the source point (a long step from the
            # anchor could otherwise land on another root that happens to be nearest)
            good = (two[..., 0] <= _SEPARATION * two[..., 1]) & (two[..., 0] <= _SEPARATION * src_gap)
        else:
            good = np.ones(best.shape, dtype=bool)
        return best, good & both

    g = gaps(roots)
    fwd, fwd_ok = side(D, g[:-1])
    bwd, bwd_ok = side(np.transpose(D, (0, 2, 1)), g[1:])
    return fwd, fwd_ok, bwd, bwd_ok


def density_grid_float(mu: Any, xs: Any) -> Any:
    r"""Density of the a.c. part of an algebraic measure at float points, on the physical branch.

    Parameters
    ----------
    mu : AlgebraicMeasure or sympy.Poly
        A measure without free parameters (or its Stieltjes polynomial).
    xs : array_like of float
        Evaluation points, any order and shape.

    Returns
    -------
    numpy.ndarray
        :math:`\rho(x) = \frac{1}{\pi}\operatorname{Im} m(x + i0)` (float64, the
        shape of ``xs``), exactly 0 outside the support.

    Raises
    ------
    RmtsymError
        If ``xs`` holds a non-finite value or ``mu`` has free parameters.
    BranchError, ConvergenceError
        When even the high-precision continuation cannot isolate the physical
        root (never a guess, never a NaN).

    Notes
    -----
    Cost: one batched eigenvalue call for all roots at all points plus a
    Python walk over the grid, and one high-precision continuation per point
    where roots are about to meet (see the module docstring; counts in
    :func:`last_grid_stats`).  Accuracy: about 1e-13 relative away from the
    edges (one Newton step on the companion eigenvalue).

    References
    ----------
    docs/conventions.md, "Conventions": m(z) = ∫ μ(dx)/(x − z), ρ = Im m(x + i0)/π.
    """
    import numpy as np
    shape = np.shape(xs)
    flat = np.asarray(xs, dtype=float).ravel()
    if not np.all(np.isfinite(flat)):
        raise RmtsymError("xs must hold finite real numbers")
    return _walk(mu, flat)[0].reshape(shape)


def _walk(mu, flat):
    """(density, m) at the float points ``flat``: m(x + i0) complex where the walk or the
    high-precision route produced it, NaN at critical points and outside the support."""
    import numpy as np
    cur = _curve(mu)
    with _context(15) as ctx:                   # the working context of the high-precision hand-overs
        crit = cur.critical()
        classes = cur.classes()
        cvals = np.array([float(cur.crit_value(c, 30, ctx)) for c in crit])
        out = np.zeros(flat.size)
        mout = np.full(flat.size, np.nan + 0j)
        stats = {"points": int(flat.size), "fast": 0, "handed_over": 0, "outside": 0}
        interval = np.searchsorted(cvals, flat) if cvals.size else np.zeros(flat.size, int)
        near = np.zeros(flat.size, dtype=bool)
        for c in cvals:
            near |= np.abs(flat - c) <= _CRIT_GAP * max(1.0, abs(c))
        wp = 15 + _GUARD

        def slow(x):
            """High-precision physical root at x (continuation; polish by the caller's walk)."""
            from .evaluate import density as _density
            stats["handed_over"] += 1
            xv = ctx.mpf(x)
            idx = cur.find_crit(xv, wp, ctx)
            if idx is not None:
                return None, float(_density(mu, xv, dps=15))
            with ctx.workdps(wp):
                try:          # continuation from the nearest solved point (cheap) ...
                    m, _ = cur.value_real(xv, wp, ctx, shortcut=False)
                except (BranchError, ConvergenceError, _Singular):
                    m, _ = cur.value_real(xv, wp, ctx)       # ... else the unique upper root / full solve
                return complex(m), None

        for i, inside in enumerate(classes):
            sel = np.nonzero((interval == i))[0]
            if sel.size == 0:
                continue
            if not inside:
                stats["outside"] += int(sel.size)
                continue
            crit_pts = sel[near[sel]]
            for k in crit_pts:
                _m, val = slow(flat[k])
                out[k] = val if val is not None else max(_m.imag, 0.0) / np.pi
            sel = sel[~near[sel]]
            if sel.size == 0:
                continue
            ax, am = cur.anchor(i, 30, ctx)[:2]
            ax, am = float(ax), complex(am)
            order = sel[np.argsort(flat[sel])]
            grid = flat[order]
            start = int(np.searchsorted(grid, ax))
            pts = np.concatenate([grid[:start], [ax], grid[start:]])
            C = _coefficients(cur.af, pts)
            roots, ok = _all_roots(C, cur.d)
            fwd, fwd_ok, bwd, bwd_ok = _matches(roots, ok)
            n = pts.size
            index = np.full(n, -1)
            value = np.full(n, np.nan + 0j)          # high-precision values where handed over
            given = np.full(n, np.nan)               # densities at critical points
            index[start] = int(np.argmin(np.abs(roots[start] - am)))
            for step, (nxt, nxt_ok) in ((1, (fwd, fwd_ok)), (-1, (bwd, bwd_ok))):
                j = index[start]
                t = start
                while 0 <= t + step < n:
                    src = t if step == 1 else t - 1          # row of the pair (t, t + step)
                    if j >= 0 and nxt_ok[src, j]:
                        j = int(nxt[src, j])
                        t += step
                        index[t] = j
                        continue
                    t += step
                    m, val = slow(pts[t])
                    if m is None:
                        given[t] = val
                        j = -1
                        if ok[t]:                            # continue from the root nearest the real axis value
                            j = int(np.argmin(np.abs(roots[t].imag - val * np.pi)))
                        continue
                    value[t] = m
                    j = int(np.argmin(np.abs(roots[t] - m))) if ok[t] else -1
            fast = (index >= 0) & np.isnan(value.real) & np.isnan(given)
            fast[start] = False
            m_fast = _newton_step(C[fast], roots[fast, index[fast]])
            wrong = m_fast.imag < -_NEG * (1 + np.abs(m_fast))
            # strictly inside the support (a critical point is never fast) the physical root is
            # non-real: a real chosen root while non-real roots exist cannot be decided here
            real = np.abs(m_fast.imag) <= _NEG * (1 + np.abs(m_fast))
            nonreal = np.any(np.abs(roots[fast].imag) > _NEG * (1 + np.abs(roots[fast])), axis=1)
            wrong |= real & nonreal
            if np.any(wrong):          # a root below the axis is a lost branch: refine, never clip
                for t in np.nonzero(fast)[0][wrong]:
                    m, val = slow(pts[t])
                    if m is None:
                        given[t] = val
                    else:
                        value[t] = m
                fast = fast & np.isnan(value.real) & np.isnan(given)
                m_fast = _newton_step(C[fast], roots[fast, index[fast]])
            dens = np.empty(n)
            dens[fast] = m_fast.imag
            slow_pts = ~np.isnan(value.real)
            dens[slow_pts] = value[slow_pts].imag
            size = np.zeros(n)
            size[fast] = np.abs(m_fast)
            size[slow_pts] = np.abs(value[slow_pts])
            negative = (fast | slow_pts) & (dens < -_NEG * (1 + size))
            if np.any(negative):
                t = int(np.nonzero(negative)[0][0])
                raise BranchError(f"density at x = {pts[t]:.15g} came out negative "
                                  f"({dens[t] / np.pi:.3g}): the physical branch was lost")
            dens = np.maximum(dens, 0.0) / np.pi
            crit_given = ~np.isnan(given)
            dens[crit_given] = given[crit_given]
            keep = np.ones(n, dtype=bool)
            keep[start] = False
            out[order] = dens[keep]
            mm = np.full(n, np.nan + 0j)
            mm[fast] = m_fast
            mm[slow_pts] = value[slow_pts]
            mout[order] = mm[keep]
            stats["fast"] += int(np.sum(fast))
        _STATS.clear()
        _STATS.update(stats)
        return out, mout


def _polish_ball(polys, m0, x, dps, ctx):
    """Newton's method in python-flint ball arithmetic from the float root ``m0`` of
    sum_j polys[j](x) m^j; returns (Im m, error bound) as numbers of ``ctx``.

    Midpoint iteration at dps + guard digits; the bound is the last step plus the
    radius of P(m) (x and the coefficients as balls) over |P'(m)|.  Raises
    ConvergenceError when the bound does not reach 10^-(dps+2) Im m (the caller
    then escalates precision with the mpmath polish).
    """
    import flint
    bits = int((dps + _GUARD) * 3.33) + 16
    with flint.ctx.workprec(bits):
        sign, man, exp, _bc = ctx.mpf(x)._mpf_        # man_exp drops the sign: use _mpf_
        xa = (flint.arb(flint.fmpz(-int(man) if sign else int(man))) * flint.arb(2) ** int(exp)
              if man else flint.arb(0))
        P = flint.acb_poly([p(xa) for p in polys])
        dP = P.derivative()
        m = flint.acb(m0.real, m0.imag)
        tol = flint.arb(10) ** (-(dps + _GUARD - 2))
        step = None
        for _ in range(12):
            step = P(m) / dP(m)
            m = (m - step).mid()
            if abs(step).upper() <= tol * (1 + abs(m).upper()):
                break
        else:
            raise ConvergenceError("ball Newton did not converge")
        Pm, dPm = P(m), dP(m)
        bound = abs(step).upper() + (abs(Pm).upper() / abs(dPm).lower() if abs(dPm).lower() > 0
                                     else flint.arb("inf"))
        if not abs(complex(float(m.real.mid()), float(m.imag.mid())) - complex(m0)) <= 1e-6 * (1 + abs(m0)):
            raise ConvergenceError("ball Newton left the float root's neighbourhood")
        im = m.imag.mid()
        if not bound <= flint.arb(10) ** (-(dps + INNER_GUARD)) * abs(im).upper():
            raise ConvergenceError("ball Newton bound too wide at this precision")
        to_mp = lambda a: ctx.mpf(tuple(int(v) for v in a.mid().man_exp())) if a.mid() != 0 else ctx.mpf(0)
        return to_mp(im), to_mp(bound.upper())


def density_grid(mu: Any, xs: Any, dps: int = 30, error: bool = False) -> Any:
    r"""Density at ``dps`` digits on a grid: the float grid's physical roots polished by Newton.

    Parameters
    ----------
    mu : AlgebraicMeasure or sympy.Poly
        A measure without free parameters.
    xs : sequence of real numbers
        Points (floats, mpmath numbers, exact rationals); the branch is chosen
        at their float values (:func:`density_grid_float`), the value computed at
        the exact point.
    dps : int
        Digits (16..2000).
    error : bool
        Also return the error bound of each value.

    Returns
    -------
    list of mpmath.mpf
        ρ(x) (0 outside the support; critical points by
        :func:`rmtsym.numerics.density`), or ``(values, errors)``.

    Notes
    -----
    The float root is the physical one to ~1e-13 and at most a quarter of the
    distance to any other root (or it came from the high-precision
    continuation), so Newton's method from it converges to the physical root
    quadratically: two or three steps at the working precision.  The error
    bound is that of :meth:`_Curve.polish` (last step plus the rounding of P
    over abs(P_m)), raised in precision until below 10^-(dps+2) Im m.

    Examples
    --------
    >>> import rmtsym, mpmath
    >>> v = density_grid(rmtsym.semicircle(1), [0, 1], dps=30)
    >>> mpmath.nstr(v[1], 25)          # sqrt(3)/(2 pi) = 0.2756644477108960247556632...
    '0.2756644477108960247556632'
    """
    import numpy as np
    from ._common import _check_dps, _round, _to_real
    from .evaluate import density as _density
    dps = _check_dps(dps)
    cur = _curve(mu, dps)
    with _context(dps) as ctx:                  # the one working context of this call (wp digits)
        xv = [_to_real(x, f"x[{k}]", ctx) for k, x in enumerate(xs)]
        dens, ms = _walk(mu, np.array([float(x) for x in xv]))
        import flint
        polys = [flint.fmpz_poly(c) for c in cur.a]
        vals, errs = [], []
        for x, dval, m in zip(xv, dens, ms):
            if np.isnan(m.real):
                if dval == 0:
                    v, e = _round(0, dps, ctx), _round(0, 5, ctx)      # outside the support
                else:
                    v, e = _density(mu, x, dps=dps, error=True)   # a critical point
            else:
                try:
                    im, e = _polish_ball(polys, complex(m), x, dps, ctx)
                except ConvergenceError:       # too close to a branch point for one precision
                    mm, e = cur.polish(ctx.mpc(m), ctx.mpc(x, 0), dps, ctx, rel=lambda u: abs(u.imag))
                    im = mm.imag
                if not im > e:
                    raise BranchError(f"density at x = {ctx.nstr(x, 15)}: Newton's method "
                                      "left the physical branch")
                v, e = _round(im / ctx.pi, dps, ctx), _round(e / ctx.pi, 5, ctx)
            vals.append(v)
            errs.append(e)
        return (vals, errs) if error else vals
