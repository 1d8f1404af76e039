r"""Support edges and atoms of an algebraic measure (discriminant and Newton polygon).
"""

from __future__ import annotations

from typing import Any

import math
from fractions import Fraction

import sympy

from ..core.errors import BranchError, RmtsymError
from ..core.precision import CRIT_GUARD, ROOT_EXTRAPREC_COLD, ROOT_EXTRAPREC_FACTOR, ROUND_GUARD
from ._common import _GUARD, _bind, _check_dps, _context, _round
from .curve import _constants_of, _curve
from .numeric_measure import _is_numeric_measure

__all__ = ["support", "atoms"]


def _support_data(cur):
    """Merged support intervals as lists of critical indices (lo_idx, hi_idx)."""
    cl = cur.classes()
    out = []
    i = 0
    while i < len(cl):
        if cl[i]:
            j = i
            while j + 1 < len(cl) and cl[j + 1]:
                j += 1
            out.append((i - 1, j))      # crit index of left and right edge
            i = j + 1
        else:
            i += 1
    return out


def support(mu: Any, dps: int | None = 30) -> list:
    r"""Support of the absolutely continuous part of ``mu``.

    Parameters
    ----------
    mu : AlgebraicMeasure, NumericMeasure, SubordinatedMeasure or sympy.Poly
        The measure.
    dps : int or None, optional
        Digits of the edges (default 30).  ``None`` returns the edges as
        exact SymPy algebraic numbers (``Rational`` or ``CRootOf``).

    Returns
    -------
    list of tuple
        Disjoint closed intervals ``(a, b)``, increasing.

    Raises
    ------
    RmtsymError
        Invalid ``dps`` or unbounded support.

    Notes
    -----
    The edges are real roots of :math:`a_d(z)\,\mathrm{Disc}_m P(z)`.  Such a
    root is reported only if the physical density is positive on one side of
    it and zero on the other: roots inside a gap, or where two non-physical
    branches meet, are discarded.  Adjacent intervals of positive density
    are merged.

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.numerics import support
    >>> m, z = sympy.symbols("m z")
    >>> P = sympy.Poly(2*z*m**2 + (z + 1)*m + 1, m, z)    # Marchenko-Pastur, ratio 2
    >>> support(P, dps=None)
    [(3 - 2*sqrt(2), 2*sqrt(2) + 3)]
    """
    if _is_numeric_measure(mu):
        return mu.support(dps=dps)
    if dps is None and _constants_of(mu):
        raise RmtsymError(
            "support(dps=None) gives exact edges, but this measure carries the irrational "
            f"constants {sorted(map(str, _constants_of(mu).values()))}: its edges are roots of a "
            "polynomial with transcendental coefficients; pass dps= for numeric edges")
    cur = _curve(mu, dps if dps is None else _check_dps(dps) + 5)
    crit = cur.critical()
    data = _support_data(cur)
    if dps is None:
        return [(_simplify_root(cur.crit_exact(crit[a])),
                 _simplify_root(cur.crit_exact(crit[b]))) for a, b in data]
    dps = _check_dps(dps)
    with _context(dps) as ctx:
        return [(_round(cur.crit_value(crit[a], dps + ROUND_GUARD, ctx), dps, ctx),
                 _round(cur.crit_value(crit[b], dps + ROUND_GUARD, ctx), dps, ctx)) for a, b in data]


def _simplify_root(r):
    if isinstance(r, sympy.CRootOf) and r.poly.degree() <= 2:
        sols = sorted(sympy.solve(r.poly.as_expr(), r.poly.gen), key=lambda s: float(s))
        return sols[r.index]
    return r


def atoms(mu: Any, dps: int = 30) -> list:
    r"""Atoms of ``mu`` as a list of ``(location, mass)``.

    Parameters
    ----------
    mu : AlgebraicMeasure, NumericMeasure, SubordinatedMeasure or sympy.Poly
        The measure.
    dps : int, optional
        Digits, default 30.

    Returns
    -------
    list of tuple of mpmath.mpf
        Increasing locations, positive masses.

    Notes
    -----
    An atom at :math:`c` is a pole of :math:`m`: :math:`m(z)\sim -w/(z-c)`,
    so :math:`a_d(c) = 0`.  Writing :math:`m = u/(z-c)`, the Newton polygon
    of :math:`P` in :math:`(m, z-c)` gives the possible residues :math:`u`
    as roots of :math:`\sum_{j:\,o_j - j = e} c_j u^j` with :math:`o_j` the
    exact order of :math:`a_j` at :math:`c`, :math:`c_j` its leading
    coefficient and :math:`e = \min_j(o_j - j)`.  The physical residue is
    the candidate (or 0) matched by :math:`-(z-c)m(z)` along
    :math:`z = c + i\eta`, :math:`\eta\downarrow 0`; the mass is :math:`-u`.

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.numerics import atoms
    >>> m, z = sympy.symbols("m z")
    >>> P = sympy.Poly(2*z*m**2 + (z + 1)*m + 1, m, z)    # Marchenko-Pastur, ratio 2
    >>> atoms(P, dps=15)
    [(mpf('0.0'), mpf('0.5'))]
    """
    if _is_numeric_measure(mu):
        return mu.atoms(dps=dps)
    dps = _check_dps(dps)
    cur = _curve(mu, dps + ROUND_GUARD)
    with _context(dps) as ctx:
        res = []
        for c in cur.critical():
            if not c["pole"]:
                continue
            w = _atom_mass(cur, c, dps, ctx)
            if w is not None:
                res.append((_round(cur.crit_value(c, dps + ROUND_GUARD, ctx), dps, ctx), _round(w, dps, ctx)))
        return res


def _atom_mass(cur, c, dps, ctx):
    wp = dps + _GUARD
    cache = c.setdefault("_atom", {})
    if wp in cache:
        return _bind(cache[wp], ctx)
    import flint
    f = c["factor"]
    with ctx.workdps(wp + CRIT_GUARD):
        x = cur.crit_value(c, wp + CRIT_GUARD, ctx)
        orders, lead, lead_exact = [], [], []
        fp = [int(v) for v in f.derivative().coeffs()]
        dfx = cur._horner(fp, x)
        linear = f.degree() == 1
        xq = Fraction(-int(f.coeffs()[0]), int(f.coeffs()[1])) if linear else None
        for aj in cur.a:
            p = flint.fmpz_poly(aj)
            if p == 0:
                orders.append(None)
                lead.append(None)
                lead_exact.append(None)
                continue
            o = 0
            while p % f == 0:
                p = p // f
                o += 1
            orders.append(o)
            pc = [int(v) for v in p.coeffs()]
            lead.append(cur._horner(pc, x) * dfx ** o)
            if linear:
                lead_exact.append(cur._horner([Fraction(v) for v in pc], xq)
                                  * Fraction(int(f.coeffs()[1])) ** o)
        e = min(o - j for j, o in enumerate(orders) if o is not None)
        js = [j for j, o in enumerate(orders) if o is not None and o - j == e]
        if len(js) < 2:
            cache[wp] = None
            return None
        j0, j1 = js[0], js[-1]
        if linear:
            # exact residue polynomial: roots of its square-free part
            den = 1
            for j in js:
                den = den * lead_exact[j].denominator // math.gcd(den, lead_exact[j].denominator)
            coeffs = [0] * (j1 - j0 + 1)
            for j in js:
                coeffs[j - j0] = int(lead_exact[j] * den)
            R = flint.fmpz_poly(coeffs)
            # exact multiplicities: roots of each irreducible factor
            us, mult = [], []
            for fac, ex in R.factor()[1]:
                cs = [int(v) for v in fac.coeffs()]
                rr = ctx.polyroots(list(reversed(cs)), maxsteps=400, extraprec=ROOT_EXTRAPREC_COLD) \
                    if len(cs) > 2 else [ctx.mpf(-cs[0]) / cs[1]]
                us += list(rr)
                mult += [int(ex)] * len(rr)
        else:
            poly = [0] * (j1 - j0 + 1)
            for j in js:
                poly[j1 - j] = lead[j]
            if len(poly) > 2:
                try:
                    us = ctx.polyroots(poly, maxsteps=400, extraprec=ROOT_EXTRAPREC_FACTOR * ctx.prec)
                except ctx.NoConvergence:
                    raise BranchError("residue polynomial at an algebraic pole has multiple "
                                      "roots; atom masses not available") from None
            else:
                us = [-poly[1] / poly[0]]
            mult = [1] * len(us)
        # candidate masses w = -u of the branches m ~ u/(z - c) (u != 0), with
        # their numbers of branches; j0 branches grow slower than 1/(z - c)
        # (mass 0), d - j1 faster (impossible for m: |m(c + i eta)| <= 1/eta)
        cands, counts = [ctx.mpf(0)], [j0]
        for u, n in zip(us, mult):
            cands.append(-u)
            counts.append(n)
        small = ctx.mpf(10) ** (-(wp // 2))
        if not any(abs(ctx.im(w)) <= small and 0 < ctx.re(w) <= 1 + small for w in cands[1:]):
            # no candidate residue is a probability mass: the physical branch has no pole here
            cache[wp] = None
            return None
        gap = min((abs(p - q) for i, p in enumerate(cands) for q in cands[i + 1:]), default=1)
        far = max(abs(w) for w in cands) + gap
        # follow m(z) down the vertical line through c; at each height eta the
        # d roots r give w_r = -(i eta) r.  Once every w_r is within gap/4 of a
        # candidate (or beyond `far`) and the group sizes are the Newton-polygon
        # counts, the groups are resolved and the physical root's group is its mass.
        z0, m, rts = cur.start(x, ctx)
        eta = ctx.mpf(10) ** -2
        while eta > ctx.mpf(10) ** (-(wp // 2)):
            zt = ctx.mpc(x, eta)
            m, rts = cur.track(z0, zt, m, rts, ctx)
            z0 = zt
            seen = [0] * len(cands)
            n_far, ok, k_phys = 0, True, None
            for r in rts:
                wr = -(1j * eta) * r
                if abs(wr) > far:
                    n_far += 1
                    continue
                k = min(range(len(cands)), key=lambda i: abs(cands[i] - wr))
                if abs(cands[k] - wr) >= gap / 4:
                    ok = False
                    break
                seen[k] += 1
                if r is m or abs(r - m) == min(abs(s - m) for s in rts):
                    k_phys = k
            if ok and seen == counts and n_far == cur.d - j1 and k_phys is not None:
                w = cands[k_phys]
                if k_phys == 0:
                    cache[wp] = None
                    return None
                if abs(ctx.im(w)) > small or ctx.re(w) <= 0:
                    raise BranchError(f"atom at {ctx.nstr(x, 15)} has non-positive mass {w}")
                cache[wp] = ctx.re(w)
                return cache[wp]
            eta = eta / 10 if eta > ctx.mpf(10) ** -6 else eta ** 2
    raise BranchError(f"could not determine the mass at the pole {ctx.nstr(x, 15)}")


def _pole_power(d):
    """lcm(1..d): at a pole of a_d the branches of a degree-d curve have Puiseux
    exponents k/q with q <= d, so x = e + u**p with this p makes all of them analytic."""
    p = 1
    for q in range(2, d + 1):
        p = p * q // math.gcd(p, q)
    return p
