r"""The algebraic curve P(m, z) = 0: critical points, branch at infinity, root continuation.

:class:`_Curve` is the numerical model of the curve behind every function of
:mod:`rmtsym.numerics.algebraic` (see its module docstring for the algorithm);
:func:`_curve` returns the value-keyed cached curve of a measure, with
rational surrogates for irrational constants.

Precision: every method that computes takes the mpmath context ``ctx`` of
the running public call (opened once by :func:`rmtsym.numerics._common._context`)
and works in it, raising its precision only in scoped ``ctx.workdps`` blocks;
``mpmath.mp`` is never used.  The curve is shared by calls at different
precisions, so the numbers it caches (anchors, points of the real-axis
continuation, critical values) are rebound to the caller's context on every
read (:func:`rmtsym.core.precision.rebind`): mpmath computes ``a + b`` at the
precision of ``a``'s context, and a cached number must not carry the
precision of the call that stored it into a later one.
"""

import bisect
import collections
import math
from fractions import Fraction

import mpmath
import sympy

from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..core.protocol import is_exact
from ..core.precision import (CRIT_GUARD, INNER_GUARD, POLISH_MAX_DPS_FACTOR, POLISH_MAX_DPS_OFFSET,
                              POLISH_RAISE_GUARD, POLISH_RAISE_MIN, POLISH_ROUNDING_DIGITS,
                              POLISH_STEP_GUARD, ROOT_EXTRAPREC_COLD, ROOT_EXTRAPREC_WARM, ROUND_GUARD,
                              working_context)
from ._common import _GUARD, _MP_STEP_COST, _bind
from .roots import _Singular, _aberth, _coeffs_from_poly, _newton_polygon_init

_MPC = mpmath.ctx_mp_python._mpc     # the complex type of every mpmath context


class _Curve:
    """Numerical model of the plane algebraic curve ``sum_j a_j(z) m**j = 0``.

    Parameters
    ----------
    coeffs : list of list of int
        ``coeffs[j][k]`` is the coefficient of ``z**k m**j``.
    moments : callable or None
        ``moments(n)`` returns the exact moments ``[m_0..m_n]`` (used to
        confirm the branch at infinity); None uses ``m_0 = 1`` only.
    """

    def __init__(self, coeffs, moments=None):
        a = [list(map(int, c)) for c in coeffs]
        while len(a) > 1 and not any(a[-1]):
            a.pop()
        for c in a:
            while len(c) > 1 and c[-1] == 0:
                c.pop()
        if len(a) < 2:
            raise RmtsymError("the Stieltjes polynomial must have degree >= 1 in m")
        self.a = a
        self.d = len(a) - 1
        self.da = [[k * c[k] for k in range(1, len(c))] or [0] for c in a]
        # float copies for the fast path, scaled by one power of two so that the
        # huge integers of a rational surrogate (irrational constants at high dps)
        # do not overflow; a common factor changes neither roots nor -P_z/P_m
        bits = max(abs(v).bit_length() for c in a + self.da for v in c)
        scale = Fraction(1, 2 ** max(0, bits - 900))
        self.af = [[float(v * scale) for v in c] for c in a]
        self.daf = [[float(v * scale) for v in c] for c in self.da]
        self._moments_fn = moments
        self._mom_cache = None
        self._crit = None
        self._classes = None
        self._anchors = {}
        self._atoms = None
        self._real_cache = {}
        self.surrogate = None     # set for rational surrogates of irrational constants

    # -- evaluation --------------------------------------------------------
    @staticmethod
    def _horner(c, z):
        v = 0
        for x in reversed(c):
            v = v * z + x
        return v

    def coeffs_at(self, z):
        """``[a_d(z), ..., a_0(z)]`` (descending, as polyroots wants)."""
        return [self._horner(c, z) for c in reversed(self.a)]

    def residual_and_derivs(self, m, z):
        """Return ``P, P_m, P_z`` and a scale ``sum_j |a_j(z)| |m|^j``."""
        P = Pm = Pz = 0
        scale = 0
        am = abs(m)
        for j in range(self.d, -1, -1):
            aj = self._horner(self.a[j], z)
            daj = self._horner(self.da[j], z)
            Pm = Pm * m + P
            P = P * m + aj
            Pz = Pz * m + daj
            scale = scale * am + abs(aj)
        return P, Pm, Pz, scale

    def roots(self, z, ctx, init=None, strict=False):
        """All roots of ``P(., z)`` in ``ctx``; ``strict``: refuse unresolved clusters (raise _Singular)."""
        cs = self.coeffs_at(z)
        lead = cs[0]
        if lead == 0:
            raise _Singular()
        if self.d == 1:
            return [-cs[1] / cs[0]]
        try:
            if init is not None:
                return ctx.polyroots(cs, maxsteps=60, cleanup=False, extraprec=ROOT_EXTRAPREC_WARM,
                                     roots_init=init)
        except ctx.NoConvergence:
            pass
        try:
            return ctx.polyroots(cs, maxsteps=400, cleanup=False, extraprec=ROOT_EXTRAPREC_COLD)
        except ctx.NoConvergence:
            pass
        # roots of very different sizes (near a pole of a_d): start from
        # circles whose radii come from the Newton polygon of |coefficients|
        # (mpmath's polyroots stops on an absolute step size, which roots of
        # size 1e30 never reach): Aberth iteration with a relative test
        out = _aberth(cs, _newton_polygon_init(cs, ctx), ctx, strict=strict)
        if out is None:
            raise _Singular()
        return out

    # -- exact data: critical points --------------------------------------
    def critical(self):
        """Sorted real critical points, each a dict with keys
        ``factor`` (flint fmpz_poly, irreducible), ``lo``, ``hi`` (exact
        isolating bracket, mpmath mpf), ``index`` (rank among the real roots
        of the factor), ``pole`` (a_d vanishes there)."""
        if self._crit is not None:
            return self._crit
        import flint
        bctx = working_context(30, guard=0)    # the brackets: 30 digits, as exact data
        ctx = flint.fmpz_mpoly_ctx.get(("m", "z"), "lex")
        terms = {}
        for j, c in enumerate(self.a):
            for k, v in enumerate(c):
                if v:
                    terms[(j, k)] = v
        P = ctx.from_dict(terms)
        disc = P.discriminant("m") if self.d > 1 else ctx.from_dict({(0, 0): 1})
        dz = {}
        for (j, k), v in disc.to_dict().items():
            dz[k] = dz.get(k, 0) + int(v)
        disc_poly = flint.fmpz_poly([dz.get(k, 0) for k in range(max(dz) + 1)] if dz else [0])
        lead = flint.fmpz_poly(self.a[-1])
        if disc_poly == 0:
            raise RmtsymError("the Stieltjes polynomial has a repeated factor in m "
                              "(zero discriminant); pass its square-free part")
        crit = []
        seen = set()
        for poly in (lead, disc_poly):
            if poly.degree() <= 0:
                continue
            _, facs = poly.factor()
            for f, _e in facs:
                key = tuple(int(c) for c in f.coeffs())
                if key in seen or f.degree() <= 0:
                    continue
                seen.add(key)
                idx = 0
                for r, _mult in f.complex_roots():
                    if not r.imag.is_zero():
                        continue
                    lo = bctx.mpf(tuple(map(int, r.real.lower().man_exp())))
                    hi = bctx.mpf(tuple(map(int, r.real.upper().man_exp())))
                    crit.append({"factor": f, "lo": lo, "hi": hi, "index": idx,
                                 "pole": (lead % f) == 0, "_vals": {}})
                    idx += 1
        crit.sort(key=lambda c: (c["lo"] + c["hi"]) / 2)
        self._crit = crit
        return crit

    def crit_value(self, c, wp, ctx):
        """The critical point ``c`` to ``wp`` digits (safeguarded Newton), a number of ``ctx``.

        Cached per ``wp`` on the critical point and always started from its
        exact bracket, so the value does not depend on earlier calls.
        """
        if wp in c["_vals"]:
            return _bind(c["_vals"][wp], ctx)
        f = [int(v) for v in c["factor"].coeffs()]
        df = [k * f[k] for k in range(1, len(f))]
        with ctx.workdps(wp + CRIT_GUARD):
            lo, hi = ctx.mpf(c["lo"]), ctx.mpf(c["hi"])
            flo = self._horner(f, lo)
            x = (lo + hi) / 2
            tol = ctx.mpf(10) ** (-(wp + ROUND_GUARD)) * max(1, abs(x))
            for _ in range(10 * wp + 200):
                fx = self._horner(f, x)
                if fx == 0:
                    break
                if (fx > 0) == (flo > 0):
                    lo, flo = x, fx
                else:
                    hi = x
                dfx = self._horner(df, x)
                xn = x - fx / dfx if dfx != 0 else (lo + hi) / 2
                if not lo < xn < hi:
                    xn = (lo + hi) / 2
                if abs(xn - x) < tol or hi - lo < tol:
                    x = xn
                    break
                x = xn
            c["_vals"][wp] = x
        return x

    def crit_exact(self, c):
        """Exact sympy value (Rational or CRootOf) of a critical point."""
        zs = sympy.Symbol("z")
        coeffs = [int(v) for v in c["factor"].coeffs()]
        f = sympy.Poly(list(reversed(coeffs)), zs)
        if f.degree() == 1:
            return sympy.Rational(-coeffs[0], coeffs[1])
        return sympy.CRootOf(f, c["index"])

    def bound(self, ctx):
        """A bound B with supp(mu) and all atoms inside [-B, B] (a number of ``ctx``)."""
        crit = self.critical()
        if not crit:
            return ctx.mpf(1)
        B = _bind(max(max(abs(c["lo"]), abs(c["hi"])) for c in crit), ctx)
        return B * (1 + ctx.mpf(2) ** -20) + ctx.mpf(2) ** -20

    def moments_num(self, K):
        if self._mom_cache is None or len(self._mom_cache) <= K:
            if self._moments_fn is None:
                self._mom_cache = [Fraction(1)]
            else:
                ms = self._moments_fn(K)
                self._mom_cache = [Fraction(int(sympy.Rational(v).p), int(sympy.Rational(v).q))
                                   for v in ms]
        return self._mom_cache[:K + 1]

    # -- branch at infinity and continuation -------------------------------
    def start(self, x, ctx, R=None):
        """Physical root at ``x + iR`` for R large; returns ``(z, m, roots)``."""
        B = self.bound(ctx)
        moms = self.moments_num(4)
        K = len(moms) - 1
        Rv = max(4 * B, ctx.mpf(2)) if R is None else max(R, 4 * B)
        for _ in range(40):
            z = ctx.mpc(x, Rv)
            try:
                with ctx.workdps(min(ctx.dps, 25)):
                    rts = self.roots(z, ctx)     # only identifies the branch
            except _Singular:
                Rv *= 2
                continue
            az = abs(z)
            series = 0
            for k in range(K, -1, -1):
                series = series / z + ctx.mpf(moms[k].numerator) / moms[k].denominator
            series = -series / z
            tail = B ** (K + 1) / (az ** (K + 1) * (az - B))
            tail = tail * (1 + ctx.mpf(10) ** -8) + ctx.mpf(10) ** -18 / az
            near = [r for r in rts if abs(r - series) <= tail]
            far_ok = all(abs(r - series) > 3 * tail for r in rts if abs(r - series) > tail)
            if len(near) == 1 and far_ok:
                return z, near[0], rts
            Rv *= 2
        raise BranchError("could not isolate the physical branch at infinity "
                          "(two branches share the asymptotics -1/z)")

    # -- fast path: continuation in machine complex arithmetic ---------------
    def _fvals(self, z):
        """a_j(z), a_j'(z) as Python complex numbers (None on overflow)."""
        try:
            a = [complex(self._horner(c, z)) for c in self.af]
            da = [complex(self._horner(c, z)) for c in self.daf]
        except OverflowError:
            return None
        return a, da

    def _fnewton_data(self, r, a, da):
        P = Pm = Pz = 0j
        S = 0.0
        ar = abs(r)
        for j in range(self.d, -1, -1):
            Pm = Pm * r + P
            P = P * r + a[j]
            Pz = Pz * r + da[j]
            S = S * ar + abs(a[j])
        return P, Pm, Pz, S

    def _froots(self, z, init):
        """All roots of P(., z) in floats by Durand-Kerner from ``init``."""
        v = self._fvals(z)
        if v is None:
            return None
        a, da = v
        lead = a[-1]
        if lead == 0:
            return None
        c = [x / lead for x in a]
        d = self.d
        rts = list(init)
        prev = math.inf
        for it in range(80):
            big = 0.0
            for i in range(d):
                p = rts[i]
                val = 1 + 0j
                for j in range(d - 1, -1, -1):
                    val = val * p + c[j]
                den = 1 + 0j
                for j in range(d):
                    if j != i:
                        den *= (p - rts[j])
                if den == 0:
                    return None
                corr = val / den
                rts[i] = p - corr
                rel = abs(corr) / (1 + abs(p))
                if rel > big:
                    big = rel
            if big < 1e-15:
                return rts, a, da
            if big != big:
                return None
            if it > 6 and big < 1e-6 and big > prev / 2:
                return rts, a, da      # stagnation of a near-multiple root
            prev = big
        if big < 1e-6:
            # near-multiple roots stagnate at about sqrt(eps); the tracked
            # root's own accuracy is checked by the caller
            return rts, a, da
        return None

    def _ftrack(self, za, zb, m, roots):
        """Float continuation; returns (t_reached, z, m, roots) with t_reached = 1 if done."""
        za, zb = complex(za), complex(zb)
        m = complex(m)
        roots = [complex(r) for r in roots]
        d = self.d
        dz = zb - za
        t, h, z = 0.0, 1.0, za
        v = self._fvals(z)
        if v is None:
            return 0.0, za, m, roots
        a, da = v
        for _ in range(5000):
            self.spend(1)
            if t >= 1.0:
                return 1.0, zb, m, roots
            h = min(h, 1.0 - t)
            t1 = t + h
            z1 = zb if t1 >= 1.0 else za + t1 * dz
            step = z1 - z
            # Euler-shifted warm start for every root
            init = []
            for r in roots:
                _, Pm, Pz, _ = self._fnewton_data(r, a, da)
                init.append(r - step * Pz / Pm if Pm != 0 else r)
            ib0 = min(range(d), key=lambda i: abs(roots[i] - m))
            pred = init[ib0]
            res = self._froots(z1, init)
            ok = False
            if res is not None:
                r1, a1, da1 = res
                dist = sorted((abs(r - pred), i) for i, r in enumerate(r1))
                ib = dist[0][1]
                best = r1[ib]
                sep = min((abs(best - r) for i, r in enumerate(r1) if i != ib), default=math.inf)
                scale = 1.0 + abs(best)
                _, Pm1, _, S1 = self._fnewton_data(best, a1, da1)
                ferr = 1e-15 * S1 / abs(Pm1) if Pm1 != 0 else math.inf
                if sep < 1e-7 * scale or ferr > 1e-4 * sep:
                    return t, z, m, roots          # hand over to mpmath
                if (dist[0][0] <= sep / 10 and abs(best - m) <= sep
                        and dist[0][0] <= abs(pred - m) / 4 + 1e-12 * scale):
                    ok = True
            if ok:
                t, z, m, roots, a, da = t1, z1, best, r1, a1, da1
                h *= 2
            else:
                h /= 2
                if h < 1e-12:
                    return t, z, m, roots
        return t, z, m, roots

    def track(self, za, zb, m, roots, ctx):
        """Follow the root ``m`` of ``P(., za)`` along the segment to ``zb``.

        Machine-precision continuation while the roots are well separated,
        then :meth:`_mtrack` at the working precision.
        """
        if za == zb:
            return m, roots
        t, z, mf, rf = self._ftrack(za, zb, m, roots)
        if t >= 1.0:
            return ctx.mpc(mf), rf
        if t > 0:
            z = ctx.mpc(z)
            rts = self.roots(z, ctx, [ctx.mpc(r) for r in rf])
            m = min(rts, key=lambda r: abs(r - ctx.mpc(mf)))
            za, roots = z, rts
        else:
            roots = [ctx.mpc(r) for r in roots]
            m = ctx.mpc(m)
        return self._mtrack(za, zb, m, roots, ctx)

    def _mtrack(self, za, zb, m, roots, ctx):
        """Follow the root ``m`` of ``P(., za)`` to ``zb`` at the working precision ``ctx.dps``."""
        za, zb = ctx.convert(za), ctx.convert(zb)
        if za == zb:
            return m, roots
        wp0 = ctx.dps
        dz = zb - za
        t = ctx.mpf(0)
        h = ctx.mpf(1)
        z = za
        steps = 0
        m, roots, wp = self._refresh(za, m, roots, wp0, ctx)
        while t < 1:
            steps += 1
            self.spend(_MP_STEP_COST)
            if steps > 20000:
                raise BranchError("root continuation did not finish in 20000 steps")
            with ctx.workdps(wp):
                # t and z1 at the (possibly raised) precision: near a branch
                # point the steps can be finer than the resolution of wp0
                h = min(h, 1 - t)
                t1 = t + h
                z1 = zb if t1 >= 1 else za + t1 * dz
                _, Pm, Pz, _ = self.residual_and_derivs(m, z)
                pred = m - (z1 - z) * Pz / Pm if Pm != 0 else m
                try:
                    r1 = self.roots(z1, ctx, roots)
                except _Singular:
                    r1 = None
                if r1 is not None:
                    dist = sorted((abs(r - pred), i) for i, r in enumerate(r1))
                    ib = dist[0][1]
                    best = r1[ib]
                    sep = min((abs(best - r) for i, r in enumerate(r1) if i != ib),
                              default=ctx.inf)
                    scale = 1 + abs(best)
                    if sep < ctx.mpf(10) ** (-(wp // 2 - 6)) * scale:
                        # roots not separable at this precision: raise it
                        if wp < 4 * wp0 + 40:
                            wp = int(wp * 1.5) + 5
                            continue
                        raise BranchError(
                            f"roots of P(., z) cannot be separated near z = {ctx.nstr(z1, 15)}")
                    small = ctx.mpf(10) ** (-(wp // 2)) * scale
                    if (dist[0][0] <= sep / 10 and abs(best - m) <= sep
                            and dist[0][0] <= abs(pred - m) / 4 + small):
                        t, z, m, roots = t1, z1, best, r1
                        h = h * 2
                        continue
            h = h / 2
            if h < ctx.mpf(2) ** (-3 * ctx.prec // 2 - 40):
                raise BranchError(
                    f"root continuation stalled near z = {ctx.nstr(z, 15)}")
        return m, roots

    def spend(self, n):
        """Charge ``n`` units to the work budget of the running computation
        (``self._work``, set by :func:`_integrate_ac`; None: unlimited) and
        raise ConvergenceError when it is exhausted -- a numeric routine
        must fail, not stall, when the continuation needs ever finer steps."""
        w = getattr(self, "_work", None)
        if w is None:
            return
        w[0] -= n
        if w[0] < 0:
            raise ConvergenceError(
                f"{w[1]} exceeded its work budget ({w[2]} units) "
                f"(root continuation steps; last density point x = {mpmath.nstr(getattr(self, '_work_at', 0), 15)}): "
                "the quadrature samples points the root finder cannot resolve")

    def _refresh(self, z, m, roots, wp0, ctx):
        """Recompute the roots at ``z`` at precision ``wp0`` (raised while the
        root nearest ``m`` is not separable) and re-select ``m`` among them.

        The start of a continuation may come from a cache filled at a lower
        precision; its digits only identify the branch.  Returns ``(m, roots, wp)``.
        """
        wp = wp0
        while True:
            with ctx.workdps(wp):
                try:
                    r0 = self.roots(z, ctx, roots)
                except _Singular:
                    raise BranchError(f"continuation starts at a pole of P, z = {ctx.nstr(z, 15)}") from None
                dist = sorted((abs(r - m), i) for i, r in enumerate(r0))
                ib = dist[0][1]
                best = r0[ib]
                sep = min((abs(best - r) for i, r in enumerate(r0) if i != ib), default=ctx.inf)
                scale = 1 + abs(best)
                if sep < ctx.mpf(10) ** (-(wp // 2 - 6)) * scale and wp < 4 * wp0 + 40:
                    wp = int(wp * 1.5) + 5
                    continue
                if not dist[0][0] <= sep / 4:
                    raise BranchError("the start of a root continuation does not identify a "
                                      f"single root at z = {ctx.nstr(z, 15)}")
                return best, r0, wp

    def polish(self, m, z, dps, ctx, rel=None):
        """Newton refinement of a simple root; returns ``(m, err)`` at dps digits (numbers of ``ctx``).

        ``rel(m)`` gives the size the error is measured against (default
        ``|m|``); precision is raised until the error is below
        ``10**-(dps + INNER_GUARD) * rel(m)``.  The precision starts at
        ``dps + GUARD_DIGITS`` whatever ``ctx.dps`` is (the result depends
        on ``dps`` only); the exponents are the ``POLISH_*`` constants of
        :mod:`rmtsym.core.precision`.
        """
        wp = dps + _GUARD
        d = self.d

        def horner_m(av, mm):
            P = Pm = 0
            sc = 0
            am = abs(mm)
            for j in range(d, -1, -1):
                Pm = Pm * mm + P
                P = P * mm + av[j]
                sc = sc * am + abs(av[j])
            return P, Pm, sc

        for _ in range(8):
            with ctx.workdps(wp):
                mm = ctx.mpc(m) if isinstance(m, (_MPC, complex)) else ctx.mpf(m)
                zz = ctx.mpc(z) if isinstance(z, (_MPC, complex)) else ctx.mpf(z)
                if isinstance(zz, _MPC) and zz.imag == 0:
                    zz = zz.real
                av = [self._horner(c, zz) for c in self.a]
                last = None
                tiny = ctx.mpf(10) ** (-wp + POLISH_STEP_GUARD)
                for _it in range(100):
                    P, Pm, sc = horner_m(av, mm)
                    if Pm == 0:
                        raise BranchError("double root at the evaluation point")
                    dm = P / Pm
                    mm = mm - dm
                    adm = abs(dm)
                    if adm <= tiny * max(abs(mm), ctx.mpf(10) ** -wp):
                        last = adm
                        break
                    if _it > 2 and adm > last / 2:
                        break           # stagnation at the rounding floor
                    last = adm
                else:
                    raise ConvergenceError("Newton refinement of the root did not converge")
                err = last + ctx.mpf(10) ** (-wp + POLISH_ROUNDING_DIGITS) * sc / abs(Pm)
                size = abs(mm) if rel is None else rel(mm)
                if err <= ctx.mpf(10) ** (-(dps + INNER_GUARD)) * size or size == 0:
                    return mm, err
                need = int(ctx.log10(err / max(size, ctx.mpf(10) ** (-wp))) + dps + POLISH_RAISE_GUARD)
                wp = max(wp + POLISH_RAISE_MIN, wp + need)
                m = mm
                if wp > POLISH_MAX_DPS_FACTOR * dps + POLISH_MAX_DPS_OFFSET:
                    raise ConvergenceError(
                        f"could not reach {dps} digits at z = {ctx.nstr(z, 15)} "
                        "(the point is too close to a branch point)")
        raise ConvergenceError("precision escalation did not converge")

    # -- classification of the real line ------------------------------------
    def is_real_root(self, r, roots):
        """Conjugate pairing test for a root of a polynomial with real coefficients.

        ``r`` is real iff its mirror image is closer to it than to every other
        root (``roots`` holds all roots, ``r`` among them up to rounding).
        """
        r = complex(r)
        rts = [complex(s) for s in roots]
        ib = min(range(len(rts)), key=lambda i: abs(rts[i] - r))
        c = r.conjugate()
        d = min((abs(s - c) for i, s in enumerate(rts) if i != ib), default=math.inf)
        return 2 * abs(r.imag) < d

    def find_crit(self, x, wp, ctx):
        """Index of the critical point equal to x (to wp digits), else None."""
        for i, c in enumerate(self.critical()):
            lo, hi = _bind(c["lo"], ctx), _bind(c["hi"], ctx)
            if lo <= x <= hi or abs(x - (lo + hi) / 2) < (hi - lo) * 4:
                v = self.crit_value(c, wp, ctx)
                if abs(x - v) <= ctx.mpf(10) ** (-wp + 4) * max(1, abs(v)):
                    return i
        return None

    def interval_of(self, x, wp, ctx):
        """Index i with x in (c_{i-1}, c_i) (0..n); x must not be critical."""
        crit = self.critical()
        lo, hi = 0, len(crit)
        while lo < hi:
            mid = (lo + hi) // 2
            c = crit[mid]
            v = c["hi"] if x > c["hi"] else (c["lo"] if x < c["lo"] else self.crit_value(c, wp, ctx))
            if x < v:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def interval_bounds(self, i, wp, ctx):
        crit = self.critical()
        a = self.crit_value(crit[i - 1], wp, ctx) if i > 0 else -ctx.inf
        b = self.crit_value(crit[i], wp, ctx) if i < len(crit) else ctx.inf
        return a, b

    def anchor(self, i, wp, ctx):
        """Physical root at a point inside open interval i; returns (x, m, roots, real) in ``ctx``."""
        key = i
        if key in self._anchors:
            # the anchor only identifies the branch; precision comes from polish
            return _bind(self._anchors[key][:4], ctx)
        with ctx.workdps(wp):
            a, b = self.interval_bounds(i, 30, ctx)
            if a == -ctx.inf and b == ctx.inf:
                x = ctx.mpf(0)
            elif a == -ctx.inf:
                x = b - 1 - abs(b)
            elif b == ctx.inf:
                x = a + 1 + abs(a)
            else:
                x = (a + b) / 2
            z, m, rts = self.start(x, ctx)
            m, rts = self.track(z, ctx.mpc(x, 0), m, rts, ctx)
            real = self.is_real_root(m, rts)
            self._anchors[key] = (x, m, rts, real, wp)
        return x, m, rts, real

    def classes(self):
        """For each open interval between critical points: True if in the support.

        Exact data (a boolean per interval), computed once in a private
        30-digit context of its own.
        """
        if self._classes is None:
            n = len(self.critical())
            cl = []
            ctx = working_context(30, guard=0)
            for i in range(n + 1):
                cl.append(not self.anchor(i, 30, ctx)[3])
            if cl[0] or cl[-1]:
                raise RmtsymError("the support is unbounded: the polynomial does not "
                                  "describe a compactly supported measure")
            self._classes = cl
        return self._classes

    # -- values -------------------------------------------------------------
    def value_upper(self, z, wp, ctx):
        """Physical root at z with Im z >= 0 (z not critical if real), by the
        vertical path from x + iR; returns (m, roots)."""
        with ctx.workdps(wp):
            z = ctx.mpc(z)
            z0, m, rts = self.start(z.real, ctx)
            if z.imag >= z0.imag:
                z0, m, rts = self.start(z.real, ctx, R=z.imag)
                if z0 != z:
                    m, rts = self.track(z0, z, m, rts, ctx)
                return m, rts
            return self.track(z0, z, m, rts, ctx)

    def upper_unique(self, x, wp, ctx):
        """The root of ``P(., x)`` with ``Im m > 0`` if it is the only non-real one
        in the upper half plane, else None; returns ``(m, roots)``.

        On an open interval of the support the physical root has
        :math:`\\operatorname{Im} m > 0`, so when exactly one root lies in the
        open upper half plane it is the physical one -- no continuation needed
        (always the case for ``d = 2``; near a pole or an edge, where
        continuation needs tiny steps and high precision, this is the fast
        and robust route).  Real and non-real roots are told apart by the
        conjugate pairing test :meth:`is_real_root`.
        """
        w = wp
        while True:
            with ctx.workdps(w):
                try:
                    rts = self.roots(ctx.mpc(x), ctx, strict=True)
                    break
                except _Singular:
                    if w > 4 * wp + 40:
                        return None
                    w = 2 * w
        with ctx.workdps(w):
            if any(abs(r) > ctx.mpf(10) ** 300 for r in rts):
                return None
            up = [r for r in rts if r.imag > 0 and not self.is_real_root(r, rts)]
        if len(up) != 1:
            return None
        return up[0], rts

    def value_real(self, x, wp, ctx, shortcut=True):
        """Physical root at a non-critical real x: the unique root in the upper
        half plane when ``x`` is in the support and there is one
        (:meth:`upper_unique`; skipped with ``shortcut=False``, the fast grid
        path), else by continuation along the real axis from the nearest
        known point of the same interval."""
        i = self.interval_of(x, 30, ctx)
        if shortcut and self.classes()[i]:
            hit = self.upper_unique(x, wp, ctx)
            if hit is not None:
                return hit
        cache = self._real_cache.setdefault(i, [[], []])
        xs, data = cache
        with ctx.workdps(wp):
            if not xs:
                ax, am, arts, _ = self.anchor(i, wp, ctx)
                xs.append(ax)
                data.append((am, arts))
            k = bisect.bisect_left(xs, x)
            cands = [j for j in (k - 1, k) if 0 <= j < len(xs)]
            j = min(cands, key=lambda j: abs(x - xs[j]))
            m0, r0 = _bind(data[j], ctx)
            m, rts = self.track(ctx.mpc(xs[j]), ctx.mpc(x), m0, r0, ctx)
            if xs[j] != x:
                k = bisect.bisect_left(xs, x)
                xs.insert(k, x)
                data.insert(k, (m, rts))
        return m, rts


#: curves by their exact coefficients (value-keyed: equal polynomials share one curve, whose
#: caches hold only verified data); least recently used evicted beyond _CURVES_MAX
_CURVES: "collections.OrderedDict[tuple, _Curve]" = collections.OrderedDict()
_CURVES_MAX = 256

# extra digits by which a rational surrogate of an irrational constant is
# closer than the working precision (see _surrogate_curve)
_CONST_GUARD = 10


def _constants_of(mu):
    """``{symbol: exact value}`` of the irrational constants an algebraic measure carries."""
    return dict(getattr(mu, "constants", None) or {})


def _const_tier(dps):
    """Digits ``T`` (64, 128, 256, ...) to which irrational constants are approximated.

    ``T >= dps + _GUARD + _CONST_GUARD``; ``dps=None`` gives 64.  Tiers let
    calls at nearby precisions share one surrogate curve.
    """
    need = (0 if dps is None else dps) + _GUARD + _CONST_GUARD
    T = 64
    while T < need:
        T *= 2
    return T


def _rational_near(value, digits):
    """A Rational ``q`` with ``|value - q| <= 10**-digits`` (value an exact real SymPy number)."""
    v = sympy.N(value, digits + 20)
    if not v.is_real or not v.is_finite:
        raise RmtsymError(f"the constant {value} of the measure is not a finite real number")
    scale = sympy.Integer(10) ** digits
    return sympy.Rational(int(sympy.floor(v * scale + sympy.Rational(1, 2))), scale)


def _surrogate_curve(mu, consts, dps):
    r"""The integer :class:`_Curve` of ``mu`` with its irrational constants replaced
    by rational surrogates (cached per measure and precision tier).

    Each constant :math:`c` becomes a rational :math:`c'` with
    :math:`|c - c'| \le \delta = 10^{-dT}`, ``d`` the degree of P in m and
    ``T = _const_tier(dps)``.  The surrogate polynomial is the *kernel*
    polynomial :math:`P(m, z; k)` (exact in the constant symbols ``k``)
    specialised at :math:`k = c'`, so every polynomial identity in ``k`` --
    total mass 1, the branch at infinity, multiple factors of the leading
    coefficient -- holds for it exactly; a monomial whose exact coefficient
    vanishes at ``k = c`` (possible only for algebraic constants) is dropped.
    The moment series are those of the kernel, specialised the same way.
    """
    T = _const_tier(dps)
    tiers = mu.numeric_cache.setdefault("surrogate_curves", {})   # cached on the measure itself
    if T in tiers:
        return tiers[T]
    from sympy import Poly
    try:
        kernel = mu.kernel_polynomial()    # P(m, z; k), the constants as symbols
        raw = mu.moment_series
        to_sympy = mu.series_ring.to_sympy
    except AttributeError:
        raise RmtsymError("this measure carries irrational constants but does not expose its "
                          "kernel polynomial; numerics need an AlgebraicMeasure") from None
    M, Z = sympy.symbols("m z")
    public = mu.stieltjes_polynomial()
    d = public.degree(public.gens[0])
    digits = d * T
    sub = {s: _rational_near(v, digits) for s, v in consts.items()}
    Ps = Poly(sympy.expand(kernel.xreplace(sub)), M, Z)
    exact_monomials = set(public.monoms())
    terms = {mon: c for mon, c in Ps.terms() if mon in exact_monomials}
    Ps = Poly.from_dict(terms, M, Z) if terms else Ps

    def moments(n, _raw=raw, _to=to_sympy, _sub=sub):
        return [sympy.Rational(_to(x).xreplace(_sub)) for x in _raw(n + 1)]

    coeffs = _coeffs_from_poly(Ps)
    cur = _Curve(coeffs, moments)
    cur.surrogate = {"constants": {s: consts[s] for s in sub}, "delta_digits": digits, "tier": T}
    tiers[T] = cur
    return cur


def _curve(mu, dps=None):
    """The cached :class:`_Curve` of a measure or of a sympy Poly.

    ``dps`` matters only for a measure with irrational constants: its curve
    is a rational surrogate accurate enough for ``dps`` digits (``None``:
    up to ``64 - _GUARD - _CONST_GUARD`` digits), see :func:`_surrogate_curve`.
    """
    from sympy import Poly
    if isinstance(mu, Poly):
        P, moments = mu, None
    elif is_exact(mu):
        params = tuple(getattr(mu, "params", ()) or ())
        if params:
            raise RmtsymError(
                f"the measure has free parameters {tuple(map(str, params))}; substitute numbers "
                "first, e.g. mu.subs({c: Rational(1, 2)})")
        consts = _constants_of(mu)
        if consts:
            return _surrogate_curve(mu, consts, dps)
        P = mu.stieltjes_polynomial()
        moments = mu.moments
    else:
        raise RmtsymError(f"mu must be an AlgebraicMeasure or a sympy Poly in (m, z), got {type(mu).__name__}")
    coeffs = _coeffs_from_poly(P)
    key = tuple(tuple(c) for c in coeffs)
    cur = _CURVES.get(key)
    if cur is None:
        cur = _Curve(coeffs, moments)
        _CURVES[key] = cur
        while len(_CURVES) > _CURVES_MAX:
            _CURVES.popitem(last=False)
    else:
        _CURVES.move_to_end(key)
        if cur._moments_fn is None and moments is not None:
            cur._moments_fn = moments
            cur._mom_cache = None
    return cur
