r"""All roots of a polynomial at one point of the curve: Newton-polygon starts and Aberth's iteration.

Used by :class:`rmtsym.numerics.curve._Curve` when ``mpmath.polyroots`` does not
converge (roots of very different sizes near a pole of the leading coefficient).
The mpmath context ``ctx`` is passed in (its precision is the ambient one of
the computation); ``mpmath.mp`` is not used.
"""

import sympy

from ..core.errors import RmtsymError
from ..core.precision import ROOT_GUARD, ROUND_GUARD


class _Singular(Exception):
    """Leading coefficient vanished at the evaluation point."""


def _coeffs_from_poly(P):
    """Coefficient lists ``a[j][k]`` of ``z**k m**j`` from a sympy Poly in (m, z)."""
    from sympy import Poly
    if not isinstance(P, Poly):
        raise RmtsymError("expected a sympy Poly in the generators (m, z)")
    names = [str(g) for g in P.gens]
    if len(names) != 2 or names != ["m", "z"]:
        free = P.free_symbols - set(P.gens)
        if free or len(P.gens) != 2:
            raise RmtsymError(
                "the Stieltjes polynomial must be a Poly in exactly (m, z) with numeric "
                f"coefficients; got generators {P.gens} (substitute parameters with mu.subs)")
    if P.free_symbols - set(P.gens):
        raise RmtsymError(
            "the Stieltjes polynomial has free parameters "
            f"{sorted(map(str, P.free_symbols - set(P.gens)))}; substitute them first with mu.subs")
    terms = P.terms()
    dm = max(t[0][0] for t in terms)
    dz = max(t[0][1] for t in terms)
    den = 1
    for _, c in terms:
        c = sympy.Rational(c)
        den = sympy.ilcm(den, c.q)
    a = [[0] * (dz + 1) for _ in range(dm + 1)]
    for (j, k), c in terms:
        c = sympy.Rational(c) * den
        a[j][k] = int(c)
    return a


def _newton_polygon_init(cs, ctx):
    """Initial guesses for all roots of ``sum cs[i] m**(n-i)`` (descending).

    The upper convex hull of the points ``(j, log|a_j|)`` has an edge from
    ``j`` to ``k`` for each group of ``k - j`` roots of modulus about
    ``(|a_j|/|a_k|)**(1/(k-j))``; the guesses are spread on those circles
    (Bini's starting points for Durand-Kerner/Aberth iterations).
    """
    n = len(cs) - 1
    pts = [(j, ctx.log(abs(cs[n - j]))) for j in range(n + 1) if cs[n - j] != 0]
    hull = []
    for pnt in pts:
        while len(hull) >= 2:
            (j1, y1), (j2, y2) = hull[-2], hull[-1]
            if (y2 - y1) * (pnt[0] - j1) <= (pnt[1] - y1) * (j2 - j1):
                hull.pop()
            else:
                break
        hull.append(pnt)
    init = []
    if hull[0][0] > 0:                      # m = 0 is a root of multiplicity hull[0][0]
        init += [ctx.mpf(10) ** (-ctx.dps // 2) * (k + 1) for k in range(hull[0][0])]
    for (j, yj), (k, yk) in zip(hull, hull[1:]):
        r = ctx.exp((yj - yk) / (k - j))
        cnt = k - j
        for i in range(cnt):
            init.append(r * ctx.expjpi(2 * ctx.mpf(i) / cnt + ctx.mpf(0.4) / n + 0.3))
    return init


def _aberth(cs, init, ctx, maxsteps=500, strict=False):
    """All roots of ``sum cs[i] m**(n-i)`` by Aberth's iteration at extra
    precision, stopping when every correction is below ``10**-(dps+5)`` relative
    to its root (or stagnates above that only at a cluster: near-multiple roots
    are refined later by Newton's method).  None if it does not settle."""
    n = len(cs) - 1
    dps = ctx.dps
    with ctx.workdps(dps + ROOT_GUARD):
        c = [ctx.mpc(v) for v in cs]
        dc = [c[i] * (n - i) for i in range(n)]
        z = [ctx.mpc(v) for v in init]
        tol = ctx.mpf(10) ** (-(dps + ROUND_GUARD))
        loose = ctx.mpf(10) ** (-(dps // 2))
        prev, flat = None, 0
        for _ in range(maxsteps):
            big = ctx.mpf(0)
            for i in range(n):
                zi = z[i]
                pv = ctx.polyval(c, zi)
                if pv == 0:
                    continue
                dv = ctx.polyval(dc, zi)
                ratio = pv / dv if dv != 0 else None
                ssum = ctx.fsum(1 / (zi - z[j]) for j in range(n) if j != i and zi != z[j])
                if ratio is None:
                    w = -1 / ssum if ssum != 0 else zi * ctx.mpf(10) ** -3
                else:
                    w = ratio / (1 - ratio * ssum)
                z[i] = zi - w
                rel = abs(w) / abs(z[i]) if z[i] != 0 else abs(w)
                if rel > big:
                    big = rel
            if big <= tol:
                break
            flat = flat + 1 if (prev is not None and big > prev * ctx.mpf(0.9)) else 0
            if big <= loose and flat >= 3:
                # stagnation at the rounding floor of a near-multiple root:
                # resolved if the floor is far below the relative separation
                sepmin = min((abs(z[i] - z[j]) / max(abs(z[i]), abs(z[j]))
                              for i in range(n) for j in range(i)), default=ctx.inf)
                if strict and not big * ctx.mpf(10) ** 6 < sepmin:
                    return None     # a cluster not resolved at this precision
                break
            prev = big
        else:
            return None
        if strict:
            # a spurious fixed point (e.g. a conjugate pair collapsed onto the
            # real axis below the resolution) leaves a residual: refuse it
            ac = [abs(v) for v in c]
            for zi in z:
                az = abs(zi)
                sc = ctx.polyval(ac, az)
                if abs(ctx.polyval(c, zi)) > ctx.mpf(10) ** (-dps) * sc:
                    return None
    return [+v for v in z]
