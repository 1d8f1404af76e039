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
   step is first *bridged*: all roots at 3, 15, then 63 evenly spaced float
   points between the two grid points, the same two rules at every sub-step
   (no critical point lies between them, so the roots are analytic and
   distinct there; a step across a branch point is refused), and failing
   that the point is handed to the high-precision continuation
   (:meth:`_Curve.value_real`) and the walk goes on from its value.  Points
   within a relative 1e-9 of a critical point are always handed over, and so
   is a point inside the support whose chosen root is real while non-real
   roots exist (never a silent 0);
4. each accepted root gets one Newton step; a root below the real axis
   (``Im m < −1e-10 (1 + |m|)``) is handed to the high-precision route too, and a
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


#: intermediate points of a bridge: 2^k - 1 for k in these levels, tried in turn
_BRIDGE_LEVELS = (2, 4, 6)


def _bridge(af, d, x0, r0, x1, r1, j):
    """Follow root ``j`` of ``r0`` (all roots at x0) to x1 through 2^k - 1 evenly spaced float
    points, every sub-step under the walk's own rules (:func:`_matches`: unambiguous and
    short); returns the index of the root in ``r1`` (all roots at x1), or -1.

    Called for a step the walk refused; x0 and x1 lie in one interval between consecutive
    critical points, so the roots are analytic and distinct along the segment and fine enough
    sub-steps pass the rules wherever the roots are not about to meet.
    """
    import numpy as np
    for k in _BRIDGE_LEVELS:
        n = 2 ** k
        mid = x0 + (x1 - x0) * np.arange(1, n) / n
        rm, okm = _all_roots(_coefficients(af, mid), d)
        if not np.all(okm):                      # the leading coefficient vanishes: not here
            return -1
        R = np.concatenate([r0[None, :], rm, r1[None, :]])
        fwd, fwd_ok, _b, _bo = _matches(R, np.ones(n + 1, dtype=bool))
        jj = j
        for t in range(n):
            if not fwd_ok[t, jj]:
                break
            jj = int(fwd[t, jj])
        else:
            return jj
    return -1


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
        stats = {"points": int(flat.size), "fast": 0, "handed_over": 0, "outside": 0, "bridged": 0}
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
                    if j >= 0 and ok[t] and ok[t + step]:      # refused: try finer float steps
                        jj = _bridge(cur.af, cur.d, pts[t], roots[t], pts[t + step], roots[t + step], j)
                        if jj >= 0:
                            stats["bridged"] += 1
                            j = jj
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


#: at most this many Newton steps (each followed by Krawczyk's test) from the float root
_MAX_STEPS = 4


def _exact_arb(x):
    """An mpf (or float) as an exact python-flint ``arb`` (man * 2^exp, no rounding)."""
    import flint
    if isinstance(x, float):
        return flint.arb(x)
    sign, man, exp, _bc = x._mpf_                  # man_exp drops the sign: use _mpf_
    return flint.arb((-int(man) if sign else int(man), int(exp))) if man else flint.arb(0)


def _input_ball(given, x):
    """A python-flint ball holding the point the caller gave: exact for an exact rational
    (int, Fraction, SymPy Rational: p/q in balls at the current flint precision), else the
    mpf ``x`` it was read as (exact)."""
    import fractions
    import flint
    import sympy
    if isinstance(given, (int, fractions.Fraction, sympy.Rational)) and not isinstance(given, bool):
        q = fractions.Fraction(int(given.p), int(given.q)) if isinstance(given, sympy.Rational) \
            else fractions.Fraction(given)
        return flint.arb(q.numerator) / q.denominator
    return _exact_arb(x)


def _krawczyk(P, dP, m, r):
    r"""Krawczyk's test on the box B = m ± r (python-flint balls, the current flint precision).

    Returns the enclosure :math:`K(B) = m - Y P(m) + (1 - Y P'(B))(B - m)`,
    :math:`Y = 1/P'(m)` (a point), when :math:`K(B)` lies in the interior of
    B — then B holds exactly one root of P and the root lies in K(B) — and
    None otherwise.  The mean-value form holds for an analytic P on a convex
    B: :math:`P(z) - P(m) = (z - m)\int_0^1 P'(m + t(z - m))\,dt` and the mean
    lies in the (convex) box enclosure P'(B).
    """
    import flint
    rb = flint.arb(0, r)
    B = m + flint.acb(rb, rb)
    d1 = dP(m).mid()
    if d1 == 0:
        return None
    Y = 1 / d1
    Y = Y.mid()
    K = m - Y * P(m) + (1 - Y * dP(B)) * (B - m)
    return K if B.contains_interior(K) else None


def _polish_ball(P, dP, m0, floor, goal):
    """The root near the float root ``m0`` of the acb polynomial ``P`` as a certified ball
    (python-flint, the current flint precision), or None when no certificate is reached.

    A midpoint Newton step m -> m - s leaves an error of about ``|P''/2P'| |s|^2``; Krawczyk's
    test (:func:`_krawczyk`) on the box m ± r, ``r = 1000 |s|^2 / (1 + |m|) + floor (1 + |m|)``,
    then proves that the box holds exactly one root and returns a ball of radius O(r^2)
    around the next Newton iterate.  From a float root good to 1e-13: one step and one test
    (radius ~1e-46); otherwise more steps, up to ``_MAX_STEPS``.  The ball is returned once
    the radius of its imaginary part is at most ``goal`` times its midpoint.  None if Newton
    wanders more than ``1e-6 (1 + |m0|)`` from ``m0`` (towards another root).
    """
    import flint
    m = flint.acb(m0.real, m0.imag)
    near = 1e-6 * (1 + abs(m0))
    for _ in range(_MAX_STEPS):
        dm = dP(m)
        if 0 in dm:
            return None
        step = (P(m) / dm).mid()
        m = m - step
        if not abs(complex(m) - m0) <= near:
            return None
        size = 1 + abs(m).upper()
        s = abs(step).upper()
        K = _krawczyk(P, dP, m, s * s * 1000 / size + floor * size)
        if K is not None and K.imag.rad() <= goal * abs(K.imag.mid()):
            return K
    return None


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
        Also return a rigorous error bound of each returned value (5 digits, rounded up).

    Returns
    -------
    list of mpmath.mpf
        ρ(x) (0 outside the support; critical points by
        :func:`rmtsym.numerics.density`), or ``(values, errors)``.

    Notes
    -----
    The float root is the physical one to ~1e-13 and at most a quarter of the
    distance to any other root (or it came from the high-precision
    continuation).  With x as a python-flint ball holding the given point
    (exact for floats and mpmath numbers, p/q in balls for exact rationals), one
    midpoint Newton step m -> m - s is taken at dps + guard digits, and
    Krawczyk's test certifies the result: on the box B = m ± r,
    :math:`r = 1000\,|s|^2/(1 + |m|) + 10^{-(w/2+4)}(1 + |m|)` (w the working digits),

    .. math:: K(B) = m - Y P(m) + (1 - Y P_m(B))(B - m), \qquad Y = 1/P_m(m),

    evaluated in ball arithmetic; K(B) inside B proves that B holds exactly
    one root of P(·, x) and that it lies in K(B) (mean-value form on a convex
    box; Krawczyk 1969, Moore 1977).  Its radius is O(r^2), about 1e-46 at
    30 digits, so one step and one test suffice; otherwise up to three more
    steps, and a point still without a certificate whose radius is below
    10^-(dps+2) Im m goes to :meth:`_Curve.polish` (mpmath, precision raised;
    counts in :func:`last_grid_stats`).  The error bound returned is the
    radius of Im K(B)/π plus the rounding of its midpoint to dps digits,
    rounded up: a rigorous bound of the value returned.  Which root is the
    physical one is decided by the float walk (continuity, see the module
    docstring), not by the certificate; a certified root below the real axis
    raises BranchError.

    References
    ----------
    R. Krawczyk, "Newton-Algorithmen zur Bestimmung von Nullstellen mit
    Fehlerschranken", Computing 4 (1969) 187-201; R. E. Moore, "A test for
    existence of solutions to nonlinear systems", SIAM J. Numer. Anal. 14
    (1977) 611-615.

    Examples
    --------
    >>> import rmtsym, mpmath
    >>> v = density_grid(rmtsym.semicircle(1), [0, 1], dps=30)
    >>> mpmath.nstr(v[1], 25)          # sqrt(3)/(2 pi) = 0.2756644477108960247556632...
    '0.2756644477108960247556632'
    """
    import mpmath
    import numpy as np
    import flint
    from mpmath import libmp
    from ._common import _check_dps, _round, _to_real
    from .evaluate import density as _density
    dps = _check_dps(dps)
    cur = _curve(mu, dps)
    with _context(dps) as ctx:                  # the one working context of this call (wp digits)
        xs = list(xs)
        xv = [x if isinstance(x, float) else _to_real(x, f"x[{k}]", ctx) for k, x in enumerate(xs)]
        dens, ms = _walk(mu, np.array([float(x) for x in xv]))
        polys = [flint.fmpz_poly(c) for c in cur.a]
        vals: list = [None] * len(xv)
        errs: list = [None] * len(xv)
        later = []                              # critical points and certificate failures
        zero, zero_err = _round(0, dps, ctx), _round(0, 5, ctx)
        prec_v, prec_e = libmp.dps_to_prec(dps), libmp.dps_to_prec(5)
        bits = int((dps + _GUARD) * 3.33) + 16
        make = mpmath.mp.make_mpf

        half_ulp = 2.0 ** -prec_v
        with flint.ctx.workprec(bits):
            floor = flint.arb(10) ** (-((dps + _GUARD) // 2 + 4))
            goal = flint.arb(10) ** (-(dps + INNER_GUARD))
            pi = flint.arb.pi()
            for k, (x, dval, m) in enumerate(zip(xv, dens, ms)):
                if m != m:                             # NaN: not a walked point
                    if dval == 0:
                        vals[k], errs[k] = zero, zero_err          # outside the support
                    else:
                        later.append(k)                         # a critical point
                    continue
                xa = _exact_arb(x) if isinstance(x, float) else _input_ball(xs[k], x)
                P = flint.acb_poly([p(xa) for p in polys])
                K = _polish_ball(P, P.derivative(), complex(m), floor, goal)
                if K is None:                    # no certificate at this precision: the mpmath polish
                    later.append(k)
                    continue
                im = K.imag
                if not im > 0:
                    raise BranchError(f"density at x = {float(x):.15g}: the certified root is not "
                                      "in the upper half plane (physical branch lost)")
                rho = im / pi
                mid = rho.mid()
                man, exp = mid.man_exp()
                vals[k] = make(libmp.from_man_exp(int(man), int(exp), prec_v, "n"))
                # the bound: the ball's radius plus the rounding of its midpoint to prec_v bits
                # (at most 2^-prec_v |mid|), in floats with a margin for their own roundings
                e = (float(rho.rad()) + abs(float(mid)) * half_ulp) * (1 + 1e-14)
                errs[k] = make(libmp.from_float(e, prec_e, "u"))
        _STATS["ball_certified"] = sum(1 for m in ms if m == m) - sum(1 for k in later if ms[k] == ms[k])
        _STATS["mpmath_polish"] = sum(1 for k in later if ms[k] == ms[k])
        for k in later:
            x, m = xv[k], ms[k]
            x = ctx.mpf(x) if isinstance(x, float) else x
            if np.isnan(m.real):
                vals[k], errs[k] = _density(mu, x, dps=dps, error=True)   # a critical point
                continue
            mm, e = cur.polish(ctx.mpc(m), ctx.mpc(x, 0), dps, ctx, rel=lambda u: abs(u.imag))
            if not mm.imag > e:
                raise BranchError(f"density at x = {ctx.nstr(x, 15)}: Newton's method "
                                  "left the physical branch")
            vals[k], errs[k] = _round(mm.imag / ctx.pi, dps, ctx), _round(e / ctx.pi, 5, ctx)
        return (vals, errs) if error else vals
