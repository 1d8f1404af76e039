r"""High-precision numerics: physical branch, density, edges, atoms, subordination.

This is the only module of rmtsym that uses :mod:`mpmath` directly.  All work
happens inside scoped ``mpmath.workdps`` blocks; the global precision is never
changed.  Values come back rounded to the requested number of digits.

Conventions (``DESIGN.md``): the Stieltjes transform is
:math:`m(z) = \int \mu(dx)/(x - z)`, so :math:`m(z) \sim -1/z` at infinity,
:math:`\operatorname{Im} m > 0` for :math:`\operatorname{Im} z > 0`, and the
density is :math:`\rho(x) = \pi^{-1}\lim_{\eta\downarrow 0}\operatorname{Im} m(x+i\eta)`.

Algorithm for an algebraic measure with :math:`P(m, z) = \sum_j a_j(z) m^j = 0`:

* **Critical points.**  The real roots of :math:`a_d(z)\,\mathrm{Disc}_m P(z)`,
  isolated exactly with python-flint (arb balls around the real roots of each
  irreducible factor) and refined to any number of digits.  Away from them
  the :math:`d` roots of :math:`P(\cdot, z)` are distinct and finite.
* **Branch at infinity.**  At :math:`z = x + iR` with :math:`R` beyond every
  critical point, the physical root is the unique root of :math:`P(\cdot,z)`
  inside the disc around the moment series
  :math:`-\sum_{k\le K} m_k z^{-k-1}` whose radius is the rigorous tail
  bound :math:`B^{K+1}/(|z|^{K+1}(|z|-B))` (:math:`B` bounds the support).
  If the disc does not isolate one root, :math:`R` is increased.
* **Continuation.**  The root is followed along straight segments (in the
  closed upper half plane) by an Euler predictor on
  :math:`m' = -P_z/P_m` and all-root correction with ``mpmath.polyroots``
  (warm started).  A step is accepted only if the predicted value is ten
  times closer to the chosen root than any other root is; otherwise the
  step is halved, and if roots cannot be separated at the working precision
  the precision is raised.  Never guessed.
* **Real axis.**  On an open interval between critical points the roots are
  distinct, so the physical root continues along the real line (this is
  the fast grid path).  Whether it is real there (gap, density exactly zero)
  or not (support) is decided by conjugate pairing of the roots, which is
  exact by construction: a root is real iff its mirror image is closer to it
  than to every other root.
* **Atoms.**  At a real zero :math:`c` of :math:`a_d`, the Newton polygon gives
  the candidate residues (exact orders from the factorisation, leading
  coefficients to any precision); the physical one is selected by following
  :math:`-(z-c)\,m(z)` down the vertical line :math:`z = c + i\eta`.

Irrational exact constants (``mu.constants``, e.g. a weight
:math:`\operatorname{erf}(1/\sqrt 3)` of :func:`rmtsym.laws.atoms`) are carried
by the measure as symbols :math:`k` in its kernel polynomial
:math:`P(m, z; k)`.  The numerics replace each constant :math:`c` by a
rational :math:`c'` with :math:`|c - c'| \le \delta = 10^{-dT}`
(:math:`d = \deg_m P`, :math:`T \ge` ``dps + 22``, a power-of-two tier
:math:`\ge 64` so nearby precisions share a curve) and run the exact
machinery above on :math:`P(m, z; c')`.  Why this is accurate: the
coefficients of :math:`P(\cdot, z; c')` differ from the exact ones by
:math:`O(\delta)`, and a root of multiplicity :math:`\mu \le d` of a
polynomial moves by :math:`O(\delta^{1/\mu}) \le O(10^{-T})` under such a
perturbation (Ostrowski's bound; its constant depends on the coefficients and
is absorbed by the 10 extra digits), so branch values, edges, atom locations
and masses move by about :math:`10^{-T} \ll 10^{-dps}` -- even at an edge or a
pole, where the root is multiple.  Away from critical points the move is
:math:`O(\delta)`, since simple roots are analytic in the coefficients.  Why
it is safe: :math:`P(m, z; c')` is the same algebraic family at another
value of the constant, so every polynomial identity in :math:`k` (total mass
1, the branch :math:`m\sim -1/z`, repeated factors of :math:`a_d`) holds
exactly for the surrogate; only the exact-edge form ``support(dps=None)``
is refused.  Quadrature (``cdf``, ``numeric_moments``) integrates the
surrogate density, whose integral differs by the same :math:`O(10^{-T})`.

Subordination (free convolution with numeric inputs) follows
Belinschi & Bercovici, *A new approach to subordination results in free
probability*, J. Anal. Math. 101 (2007) 357--365.
"""

import bisect
import collections
import math
import operator
from fractions import Fraction

import mpmath
import sympy

from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..core import numbers as _numbers
from ..core.protocol import is_exact

__all__ = [
    "stieltjes", "density", "support", "atoms", "cdf", "numeric_moments", "NumericMeasure",
]

_GUARD = 12          # guard digits of every computation
# work budget of one quadrature of the density (_integrate_ac), in units of
# one float continuation step; a step at mpmath precision costs _MP_STEP_COST
# and a density evaluation 1.  Ordinary calls use well under 1 percent of it
# (a few hundred units); exhausting it takes tens of seconds, not hours.
_WORK_BUDGET = 200_000
_MP_STEP_COST = 20
_MAX_DPS = 2000      # largest dps accepted


# ---------------------------------------------------------------------------
# input checking and conversion
# ---------------------------------------------------------------------------

def _check_dps(dps, name="dps"):
    if isinstance(dps, bool):
        raise RmtsymError(f"{name} must be an integer between 5 and {_MAX_DPS}, got {dps!r}")
    try:
        d = operator.index(dps)
    except TypeError:
        raise RmtsymError(
            f"{name} must be an integer between 5 and {_MAX_DPS}, got {dps!r}") from None
    if not 5 <= d <= _MAX_DPS:
        raise RmtsymError(f"{name} must be an integer between 5 and {_MAX_DPS}, got {d}")
    return d


def _to_mpc(x, name):
    """Convert a number to an mpmath number at the current precision."""
    if isinstance(x, bool):
        raise RmtsymError(f"{name} must be a number, got {x!r}")
    if isinstance(x, int):
        return mpmath.mpf(x)
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    if isinstance(x, (mpmath.mpf, mpmath.mpc)):
        v = +x
    elif isinstance(x, sympy.Basic):
        if not x.is_number:
            raise RmtsymError(f"{name} must be a number, got the expression {x}")
        if x.is_Rational:
            # exact: keep every digit of p/q (2 - 10**-80 must not round to the edge 2)
            prec = max(mpmath.mp.prec, int(x.p).bit_length() + int(x.q).bit_length() + 20)
            prec = min(prec, 20 * mpmath.mp.prec + 200)
            with mpmath.workprec(prec):
                return mpmath.mpf(int(x.p)) / int(x.q)
        v = mpmath.mpmathify(complex(0)) if x == 0 else None
        if v is None:
            re, im = x.as_real_imag()
            digits = mpmath.mp.dps + 5

            def ev(e):
                f = sympy.N(e, digits)
                if not f.is_Number:
                    raise RmtsymError(f"{name} must be a number, got {_numbers.shorten(x)}")
                return mpmath.mpf(sympy.Float(f, digits)._to_mpmath(mpmath.mp.prec + 20))
            re, im = ev(re), ev(im)
            v = re if im == 0 else mpmath.mpc(re, im)
    elif isinstance(x, str):
        return _to_mpc(_numbers.to_expr(x, name, floats="decimal", symbols=False, real=False), name)
    else:
        try:
            v = mpmath.mpmathify(x)
        except (ValueError, TypeError):
            raise RmtsymError(f"{name} must be a number, got {x!r}") from None
    if not mpmath.isfinite(v):
        raise RmtsymError(f"{name} must be finite, got {x!r}")
    return v


def _to_real(x, name):
    v = _to_mpc(x, name)
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise RmtsymError(f"{name} must be real, got {x!r}")
        v = v.real
    return v


def _round(v, dps):
    with mpmath.workdps(dps):
        return +v


def _is_seq(x):
    return isinstance(x, (list, tuple)) or (
        hasattr(x, "__len__") and hasattr(x, "__iter__")
        and not isinstance(x, (str, sympy.Basic, mpmath.mpf, mpmath.mpc)))


# ---------------------------------------------------------------------------
# the algebraic curve P(m, z) = 0
# ---------------------------------------------------------------------------

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


def _newton_polygon_init(cs):
    """Initial guesses for all roots of ``sum cs[i] m**(n-i)`` (descending).

    The upper convex hull of the points ``(j, log|a_j|)`` has an edge from
    ``j`` to ``k`` for each group of ``k - j`` roots of modulus about
    ``(|a_j|/|a_k|)**(1/(k-j))``; the guesses are spread on those circles
    (Bini's starting points for Durand-Kerner/Aberth iterations).
    """
    n = len(cs) - 1
    pts = [(j, mpmath.log(abs(cs[n - j]))) for j in range(n + 1) if cs[n - j] != 0]
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
        init += [mpmath.mpf(10) ** (-mpmath.mp.dps // 2) * (k + 1) for k in range(hull[0][0])]
    for (j, yj), (k, yk) in zip(hull, hull[1:]):
        r = mpmath.exp((yj - yk) / (k - j))
        cnt = k - j
        for i in range(cnt):
            init.append(r * mpmath.expjpi(2 * mpmath.mpf(i) / cnt + mpmath.mpf(0.4) / n + 0.3))
    return init


def _aberth(cs, init, maxsteps=500, strict=False):
    """All roots of ``sum cs[i] m**(n-i)`` by Aberth's iteration at extra
    precision, stopping when every correction is below ``10**-(dps+5)`` relative
    to its root (or stagnates above that only at a cluster: near-multiple roots
    are refined later by Newton's method).  None if it does not settle."""
    n = len(cs) - 1
    dps = mpmath.mp.dps
    with mpmath.workdps(dps + 20):
        c = [mpmath.mpc(v) for v in cs]
        dc = [c[i] * (n - i) for i in range(n)]
        z = [mpmath.mpc(v) for v in init]
        tol = mpmath.mpf(10) ** (-(dps + 5))
        loose = mpmath.mpf(10) ** (-(dps // 2))
        prev, flat = None, 0
        for _ in range(maxsteps):
            big = mpmath.mpf(0)
            for i in range(n):
                zi = z[i]
                pv = mpmath.polyval(c, zi)
                if pv == 0:
                    continue
                dv = mpmath.polyval(dc, zi)
                ratio = pv / dv if dv != 0 else None
                ssum = mpmath.fsum(1 / (zi - z[j]) for j in range(n) if j != i and zi != z[j])
                if ratio is None:
                    w = -1 / ssum if ssum != 0 else zi * mpmath.mpf(10) ** -3
                else:
                    w = ratio / (1 - ratio * ssum)
                z[i] = zi - w
                rel = abs(w) / abs(z[i]) if z[i] != 0 else abs(w)
                if rel > big:
                    big = rel
            if big <= tol:
                break
            flat = flat + 1 if (prev is not None and big > prev * mpmath.mpf(0.9)) else 0
            if big <= loose and flat >= 3:
                # stagnation at the rounding floor of a near-multiple root:
                # resolved if the floor is far below the relative separation
                sepmin = min((abs(z[i] - z[j]) / max(abs(z[i]), abs(z[j]))
                              for i in range(n) for j in range(i)), default=mpmath.inf)
                if strict and not big * mpmath.mpf(10) ** 6 < sepmin:
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
                sc = mpmath.polyval(ac, az)
                if abs(mpmath.polyval(c, zi)) > mpmath.mpf(10) ** (-dps) * sc:
                    return None
    return [+v for v in z]


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

    def roots(self, z, init=None, strict=False):
        """All roots of ``P(., z)``; ``strict``: refuse unresolved clusters (raise _Singular)."""
        cs = self.coeffs_at(z)
        lead = cs[0]
        if lead == 0:
            raise _Singular()
        if self.d == 1:
            return [-cs[1] / cs[0]]
        try:
            if init is not None:
                return mpmath.polyroots(cs, maxsteps=60, cleanup=False, extraprec=10,
                                        roots_init=init)
        except mpmath.mp.NoConvergence:
            pass
        try:
            return mpmath.polyroots(cs, maxsteps=400, cleanup=False, extraprec=30)
        except mpmath.mp.NoConvergence:
            pass
        # roots of very different sizes (near a pole of a_d): start from
        # circles whose radii come from the Newton polygon of |coefficients|
        # (mpmath's polyroots stops on an absolute step size, which roots of
        # size 1e30 never reach): Aberth iteration with a relative test
        out = _aberth(cs, _newton_polygon_init(cs), strict=strict)
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
                    with mpmath.workdps(30):
                        lo = mpmath.mpf(tuple(map(int, r.real.lower().man_exp())))
                        hi = mpmath.mpf(tuple(map(int, r.real.upper().man_exp())))
                    crit.append({"factor": f, "lo": lo, "hi": hi, "index": idx,
                                 "pole": (lead % f) == 0, "_val": None, "_wp": 0})
                    idx += 1
        crit.sort(key=lambda c: (c["lo"] + c["hi"]) / 2)
        self._crit = crit
        return crit

    def crit_value(self, c, wp):
        """The critical point ``c`` to ``wp`` digits (safeguarded Newton)."""
        if c["_wp"] >= wp:
            return c["_val"]
        f = [int(v) for v in c["factor"].coeffs()]
        df = [k * f[k] for k in range(1, len(f))]
        with mpmath.workdps(wp + 10):
            lo, hi = mpmath.mpf(c["lo"]), mpmath.mpf(c["hi"])
            flo = self._horner(f, lo)
            x = (lo + hi) / 2 if c["_val"] is None else c["_val"]
            tol = mpmath.mpf(10) ** (-(wp + 5)) * max(1, abs(x))
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
            c["_val"], c["_wp"] = x, wp
        return x

    def crit_exact(self, c):
        """Exact sympy value (Rational or CRootOf) of a critical point."""
        zs = sympy.Symbol("z")
        coeffs = [int(v) for v in c["factor"].coeffs()]
        f = sympy.Poly(list(reversed(coeffs)), zs)
        if f.degree() == 1:
            return sympy.Rational(-coeffs[0], coeffs[1])
        return sympy.CRootOf(f, c["index"])

    def bound(self, wp):
        """A bound B with supp(mu) and all atoms inside [-B, B]."""
        crit = self.critical()
        if not crit:
            return mpmath.mpf(1)
        return max(max(abs(c["lo"]), abs(c["hi"])) for c in crit) * (1 + mpmath.mpf(2) ** -20) + \
            mpmath.mpf(2) ** -20

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
    def start(self, x, R=None):
        """Physical root at ``x + iR`` for R large; returns ``(z, m, roots)``."""
        B = self.bound(mpmath.mp.dps)
        moms = self.moments_num(4)
        K = len(moms) - 1
        Rv = max(4 * B, mpmath.mpf(2)) if R is None else max(R, 4 * B)
        for _ in range(40):
            z = mpmath.mpc(x, Rv)
            try:
                with mpmath.workdps(min(mpmath.mp.dps, 25)):
                    rts = self.roots(z)     # only identifies the branch
            except _Singular:
                Rv *= 2
                continue
            az = abs(z)
            series = 0
            for k in range(K, -1, -1):
                series = series / z + mpmath.mpf(moms[k].numerator) / moms[k].denominator
            series = -series / z
            tail = B ** (K + 1) / (az ** (K + 1) * (az - B))
            tail = tail * (1 + mpmath.mpf(10) ** -8) + mpmath.mpf(10) ** -18 / az
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

    def track(self, za, zb, m, roots):
        """Follow the root ``m`` of ``P(., za)`` along the segment to ``zb``.

        Machine-precision continuation while the roots are well separated,
        then :meth:`_mtrack` at the working precision.
        """
        if za == zb:
            return m, roots
        t, z, mf, rf = self._ftrack(za, zb, m, roots)
        if t >= 1.0:
            return mpmath.mpc(mf), rf
        if t > 0:
            z = mpmath.mpc(z)
            rts = self.roots(z, [mpmath.mpc(r) for r in rf])
            m = min(rts, key=lambda r: abs(r - mpmath.mpc(mf)))
            za, roots = z, rts
        else:
            roots = [mpmath.mpc(r) for r in roots]
            m = mpmath.mpc(m)
        return self._mtrack(za, zb, m, roots)

    def _mtrack(self, za, zb, m, roots):
        """Follow the root ``m`` of ``P(., za)`` to ``zb`` at the working precision."""
        if za == zb:
            return m, roots
        wp0 = mpmath.mp.dps
        dz = zb - za
        t = mpmath.mpf(0)
        h = mpmath.mpf(1)
        z = za
        steps = 0
        m, roots, wp = self._refresh(za, m, roots, wp0)
        while t < 1:
            steps += 1
            self.spend(_MP_STEP_COST)
            if steps > 20000:
                raise BranchError("root continuation did not finish in 20000 steps")
            with mpmath.workdps(wp):
                # t and z1 at the (possibly raised) precision: near a branch
                # point the steps can be finer than the resolution of wp0
                h = min(h, 1 - t)
                t1 = t + h
                z1 = zb if t1 >= 1 else za + t1 * dz
                _, Pm, Pz, _ = self.residual_and_derivs(m, z)
                pred = m - (z1 - z) * Pz / Pm if Pm != 0 else m
                try:
                    r1 = self.roots(z1, roots)
                except _Singular:
                    r1 = None
                if r1 is not None:
                    dist = sorted((abs(r - pred), i) for i, r in enumerate(r1))
                    ib = dist[0][1]
                    best = r1[ib]
                    sep = min((abs(best - r) for i, r in enumerate(r1) if i != ib),
                              default=mpmath.inf)
                    scale = 1 + abs(best)
                    if sep < mpmath.mpf(10) ** (-(wp // 2 - 6)) * scale:
                        # roots not separable at this precision: raise it
                        if wp < 4 * wp0 + 40:
                            wp = int(wp * 1.5) + 5
                            continue
                        raise BranchError(
                            f"roots of P(., z) cannot be separated near z = {mpmath.nstr(z1, 15)}")
                    small = mpmath.mpf(10) ** (-(wp // 2)) * scale
                    if (dist[0][0] <= sep / 10 and abs(best - m) <= sep
                            and dist[0][0] <= abs(pred - m) / 4 + small):
                        t, z, m, roots = t1, z1, best, r1
                        h = h * 2
                        continue
            h = h / 2
            if h < mpmath.mpf(2) ** (-3 * mpmath.mp.prec // 2 - 40):
                raise BranchError(
                    f"root continuation stalled near z = {mpmath.nstr(z, 15)}")
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

    def _refresh(self, z, m, roots, wp0):
        """Recompute the roots at ``z`` at precision ``wp0`` (raised while the
        root nearest ``m`` is not separable) and re-select ``m`` among them.

        The start of a continuation may come from a cache filled at a lower
        precision; its digits only identify the branch.  Returns ``(m, roots, wp)``.
        """
        wp = wp0
        while True:
            with mpmath.workdps(wp):
                try:
                    r0 = self.roots(z, roots)
                except _Singular:
                    raise BranchError(f"continuation starts at a pole of P, z = {mpmath.nstr(z, 15)}") from None
                dist = sorted((abs(r - m), i) for i, r in enumerate(r0))
                ib = dist[0][1]
                best = r0[ib]
                sep = min((abs(best - r) for i, r in enumerate(r0) if i != ib), default=mpmath.inf)
                scale = 1 + abs(best)
                if sep < mpmath.mpf(10) ** (-(wp // 2 - 6)) * scale and wp < 4 * wp0 + 40:
                    wp = int(wp * 1.5) + 5
                    continue
                if not dist[0][0] <= sep / 4:
                    raise BranchError("the start of a root continuation does not identify a "
                                      f"single root at z = {mpmath.nstr(z, 15)}")
                return best, r0, wp

    def polish(self, m, z, dps, rel=None):
        """Newton refinement of a simple root; returns ``(m, err)`` at dps digits.

        ``rel(m)`` gives the size the error is measured against (default
        ``|m|``); precision is raised until the error is below
        ``10**-(dps+2) * rel(m)``.
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
            with mpmath.workdps(wp):
                mm = mpmath.mpc(m) if isinstance(m, mpmath.mpc) else mpmath.mpf(m)
                zz = +z
                if isinstance(zz, mpmath.mpc) and zz.imag == 0:
                    zz = zz.real
                av = [self._horner(c, zz) for c in self.a]
                last = None
                tiny = mpmath.mpf(10) ** (-wp + 2)
                for _it in range(100):
                    P, Pm, sc = horner_m(av, mm)
                    if Pm == 0:
                        raise BranchError("double root at the evaluation point")
                    dm = P / Pm
                    mm = mm - dm
                    adm = abs(dm)
                    if adm <= tiny * max(abs(mm), mpmath.mpf(10) ** -wp):
                        last = adm
                        break
                    if _it > 2 and adm > last / 2:
                        break           # stagnation at the rounding floor
                    last = adm
                else:
                    raise ConvergenceError("Newton refinement of the root did not converge")
                err = last + mpmath.mpf(10) ** (-wp + 1) * sc / abs(Pm)
                size = abs(mm) if rel is None else rel(mm)
                if err <= mpmath.mpf(10) ** (-(dps + 2)) * size or size == 0:
                    return mm, err
                need = int(mpmath.log10(err / max(size, mpmath.mpf(10) ** (-wp))) + dps + 4)
                wp = max(wp + 10, wp + need)
                m = mm
                if wp > 8 * dps + 200:
                    raise ConvergenceError(
                        f"could not reach {dps} digits at z = {mpmath.nstr(z, 15)} "
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

    def find_crit(self, x, wp):
        """Index of the critical point equal to x (to wp digits), else None."""
        for i, c in enumerate(self.critical()):
            if c["lo"] <= x <= c["hi"] or abs(x - (c["lo"] + c["hi"]) / 2) < (c["hi"] - c["lo"]) * 4:
                v = self.crit_value(c, wp)
                if abs(x - v) <= mpmath.mpf(10) ** (-wp + 4) * max(1, abs(v)):
                    return i
        return None

    def interval_of(self, x, wp):
        """Index i with x in (c_{i-1}, c_i) (0..n); x must not be critical."""
        crit = self.critical()
        lo, hi = 0, len(crit)
        while lo < hi:
            mid = (lo + hi) // 2
            c = crit[mid]
            v = c["hi"] if x > c["hi"] else (c["lo"] if x < c["lo"] else self.crit_value(c, wp))
            if x < v:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def interval_bounds(self, i, wp):
        crit = self.critical()
        a = self.crit_value(crit[i - 1], wp) if i > 0 else -mpmath.inf
        b = self.crit_value(crit[i], wp) if i < len(crit) else mpmath.inf
        return a, b

    def anchor(self, i, wp):
        """Physical root at a point inside open interval i; returns (x, m, roots, real)."""
        key = i
        if key in self._anchors:
            # the anchor only identifies the branch; precision comes from polish
            return self._anchors[key][:4]
        with mpmath.workdps(wp):
            a, b = self.interval_bounds(i, 30)
            if a == -mpmath.inf and b == mpmath.inf:
                x = mpmath.mpf(0)
            elif a == -mpmath.inf:
                x = b - 1 - abs(b)
            elif b == mpmath.inf:
                x = a + 1 + abs(a)
            else:
                x = (a + b) / 2
            z, m, rts = self.start(x)
            m, rts = self.track(z, mpmath.mpc(x, 0), m, rts)
            real = self.is_real_root(m, rts)
            self._anchors[key] = (x, m, rts, real, wp)
        return x, m, rts, real

    def classes(self):
        """For each open interval between critical points: True if in the support."""
        if self._classes is None:
            n = len(self.critical())
            cl = []
            for i in range(n + 1):
                cl.append(not self.anchor(i, 30)[3])
            if cl[0] or cl[-1]:
                raise RmtsymError("the support is unbounded: the polynomial does not "
                                  "describe a compactly supported measure")
            self._classes = cl
        return self._classes

    # -- values -------------------------------------------------------------
    def value_upper(self, z, wp):
        """Physical root at z with Im z >= 0 (z not critical if real), by the
        vertical path from x + iR; returns (m, roots)."""
        with mpmath.workdps(wp):
            z = mpmath.mpc(z)
            z0, m, rts = self.start(z.real)
            if z.imag >= z0.imag:
                z0, m, rts = self.start(z.real, R=z.imag)
                if z0 != z:
                    m, rts = self.track(z0, z, m, rts)
                return m, rts
            return self.track(z0, z, m, rts)

    def upper_unique(self, x, wp):
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
            with mpmath.workdps(w):
                try:
                    rts = self.roots(mpmath.mpc(x), strict=True)
                    break
                except _Singular:
                    if w > 4 * wp + 40:
                        return None
                    w = 2 * w
        with mpmath.workdps(w):
            if any(abs(r) > mpmath.mpf(10) ** 300 for r in rts):
                return None
            up = [r for r in rts if r.imag > 0 and not self.is_real_root(r, rts)]
        if len(up) != 1:
            return None
        return up[0], rts

    def value_real(self, x, wp, shortcut=True):
        """Physical root at a non-critical real x: the unique root in the upper
        half plane when ``x`` is in the support and there is one
        (:meth:`upper_unique`; skipped with ``shortcut=False``, the fast grid
        path), else by continuation along the real axis from the nearest
        known point of the same interval."""
        i = self.interval_of(x, 30)
        if shortcut and self.classes()[i]:
            hit = self.upper_unique(x, wp)
            if hit is not None:
                return hit
        cache = self._real_cache.setdefault(i, [[], []])
        xs, data = cache
        with mpmath.workdps(wp):
            if not xs:
                ax, am, arts, _ = self.anchor(i, wp)
                xs.append(ax)
                data.append((am, arts))
            k = bisect.bisect_left(xs, x)
            cands = [j for j in (k - 1, k) if 0 <= j < len(xs)]
            j = min(cands, key=lambda j: abs(xs[j] - x))
            m0, r0 = data[j]
            m, rts = self.track(mpmath.mpc(xs[j]), mpmath.mpc(x), m0, r0)
            if xs[j] != x:
                k = bisect.bisect_left(xs, x)
                xs.insert(k, x)
                data.insert(k, (m, rts))
        return m, rts


#: curves by their exact coefficients (value-keyed: equal polynomials share one curve, whose
#: caches hold only verified data); least recently used evicted beyond _CURVES_MAX
_CURVES = collections.OrderedDict()
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


# ---------------------------------------------------------------------------
# algebraic measures: the public functions
# ---------------------------------------------------------------------------

def _is_numeric_measure(mu):
    return isinstance(mu, _NumericBase)


def _density_at_crit(cur, idx, dps):
    """Density of the a.c. part at the critical point number idx."""
    cl = cur.classes()
    if not (cl[idx] or cl[idx + 1]):
        return mpmath.mpf(0), mpmath.mpf(0)
    c = cur.critical()[idx]
    if c["pole"]:
        # m is unbounded at c; a pole of the a.c. part (hard edge)
        return mpmath.inf, mpmath.mpf(0)
    if cl[idx] != cl[idx + 1]:
        # an edge where m stays finite: m is continuous at c (Puiseux) and
        # real on the gap side, so the density is exactly 0
        return mpmath.mpf(0), mpmath.mpf(0)
    # interior critical point: the physical value is the mean of the cluster
    # of colliding roots at c (a well-conditioned quantity)
    wp = dps + _GUARD
    for _ in range(4):
        with mpmath.workdps(wp):
            x = cur.crit_value(c, wp + 10)
            eta = mpmath.mpf(10) ** (-(wp // 3))
            m, _ = cur.value_upper(mpmath.mpc(x, eta), wp)
            rts = cur.roots(mpmath.mpc(x, 0))
            d0 = sorted(abs(r - m) for r in rts)
            rad = 4 * d0[0] + mpmath.mpf(10) ** (-(wp // 4))
            cluster = [r for r in rts if abs(r - m) <= rad]
            others = [r for r in rts if abs(r - m) > rad]
            if others and min(abs(r - m) for r in others) < 4 * rad:
                wp = 2 * wp
                continue
            mean = mpmath.fsum(cluster) / len(cluster)
            tol = mpmath.mpf(10) ** (-(wp // 2)) * (1 + abs(mean))
            if abs(mean.imag) <= tol:
                return mpmath.mpf(0), tol
            return _round(mean.imag / mpmath.pi, dps), tol
    raise BranchError("could not isolate the physical root at a critical point")


def _density_value(cur, x, dps, path, _raised=False):
    """Density at real x (mpf), path 'vertical' (from i*inf) or 'real' (continuation).

    Within a relative 1e-15 of a critical point the roots that collide there
    are only ``sqrt(gap)`` apart, so the value is computed with
    ``log10(1/gap)`` more digits (an exact x = 2 - 10**-80 next to the
    semicircle's edge is not the edge).
    """
    wp = dps + _GUARD
    idx = cur.find_crit(x, wp)
    if idx is not None:
        return _density_at_crit(cur, idx, dps)
    i = cur.interval_of(x, wp)
    if not cur.classes()[i]:
        return mpmath.mpf(0), mpmath.mpf(0)
    # The "only root in the upper half plane" shortcut costs a full polyroots
    # solve: take it first only where continuation is slow or fragile (d = 2,
    # pointwise calls, x within a relative 1e-6 of a critical point).  On a grid
    # the continuation from the neighbouring point is ~10x cheaper; it falls
    # back to the shortcut if it fails.
    a, b = cur.interval_bounds(i, wp)
    with mpmath.workdps(wp):
        gap = min(abs(x - a), abs(b - x)) / max(1, abs(x))
    if not _raised and 0 < gap < mpmath.mpf(10) ** -15:
        extra = int(mpmath.ceil(-mpmath.log10(gap))) + 5
        if dps + extra > 4 * _MAX_DPS:
            raise ConvergenceError(f"density at x = {mpmath.nstr(x, 15)}: x is within "
                                   f"{mpmath.nstr(gap, 3)} of a support edge; more than "
                                   f"{4 * _MAX_DPS} digits would be needed")
        v, e = _density_value(cur, x, dps + extra, path, _raised=True)
        return _round(v, dps), e
    hit = None
    if cur.d == 2 or path == "vertical" or gap < mpmath.mpf(10) ** -6:
        hit = cur.upper_unique(x, wp)
    if hit is not None:
        m, rts = hit
    elif path == "vertical":
        m, rts = cur.value_upper(mpmath.mpc(x, 0), wp)
    else:
        try:
            m, rts = cur.value_real(x, wp, shortcut=False)
        except (BranchError, ConvergenceError, _Singular):
            hit = cur.upper_unique(x, wp)
            if hit is None:
                raise
            m, rts = hit
    with mpmath.workdps(wp):
        m, err = cur.polish(mpmath.mpc(m), mpmath.mpc(x, 0), dps, rel=lambda v: abs(v.imag))
        if not m.imag > err:
            raise BranchError(f"inconsistent branch classification at x = {mpmath.nstr(x, 15)}")
        val = m.imag / mpmath.pi
        err = err / mpmath.pi
    return _round(val, dps), _round(err, 5)


def density(mu, x, dps=30, error=False):
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
    wp = dps + _GUARD
    if _is_seq(x):
        with mpmath.workdps(wp):
            xv = [_to_real(v, f"x[{k}]") for k, v in enumerate(x)]
        order = sorted(range(len(xv)), key=lambda k: xv[k])
        out = [None] * len(xv)
        for k in order:
            out[k] = _density_value(cur, xv[k], dps, "real")
        return out if error else [v for v, _ in out]
    with mpmath.workdps(wp):
        xv = _to_real(x, "x")
    v, e = _density_value(cur, xv, dps, "vertical")
    return (v, e) if error else v


def _stieltjes_far(cur, z, dps):
    r"""m(z) for |z| far outside the support, by the moment series; None when not far enough.

    With the support and atoms in [-B, B], |m_k| <= B^k, so the tail of
    :math:`m(z) = -\sum_k m_k z^{-k-1}` after K terms is at most
    :math:`(B/|z|)^K/(|z| - B)`: K = (dps + 5)/log10(|z|/B) + 1 terms give
    the value to dps digits relative to |m(z)| ~ 1/|z| (the root continuation
    from x + iR cannot resolve the branches at such |z|).
    """
    if getattr(cur, "_moments_fn", None) is None:
        return None
    B = cur.bound(mpmath.mp.dps)
    az = abs(z)
    if not az > B * 10**6:
        return None
    K = int(mpmath.ceil((dps + 5) / mpmath.log10(az / B))) + 1
    if K > 100:   # pragma: no cover - |z| > 1e6 B keeps K <= (2000 + 5)/6 + 1
        return None
    ms = cur.moments_num(K)
    if len(ms) < K:
        return None
    m = -mpmath.fsum(mpmath.mpf(mk.numerator) / mk.denominator * z ** (-k - 1)
                     for k, mk in enumerate(ms[:K]))
    err = (B / az) ** K / (az - B)
    return m, err


def stieltjes(mu, z, dps=30, error=False):
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
    with mpmath.workdps(wp):
        zv = _to_mpc(z, "z")
        zv = mpmath.mpc(zv)
        far = _stieltjes_far(cur, zv, dps)
        if far is not None:
            m, err = far
            m = m.real if zv.imag == 0 else m
            v = _round(m, dps)
            return (v, _round(err, 5)) if error else v
        flip = zv.imag < 0
        if flip:
            zv = mpmath.conj(zv)
        if zv.imag == 0:
            x = zv.real
            idx = cur.find_crit(x, wp)
            if idx is not None:
                cl = cur.classes()
                if cl[idx] or cl[idx + 1]:
                    raise RmtsymError(f"z = {mpmath.nstr(x, 15)} lies on the support "
                                      "(at an edge); m has no value there")
                if any(abs(a - x) <= mpmath.mpf(10) ** (-dps) * max(1, abs(a))
                       for a, _ in atoms(mu, dps)):
                    raise RmtsymError(f"z = {mpmath.nstr(x, 15)} is an atom of mu; m has a pole there")
                raise RmtsymError(f"z = {mpmath.nstr(x, 15)} is a critical point of P; "
                                  "evaluate at a nearby point")
            if cur.classes()[cur.interval_of(x, wp)]:
                raise RmtsymError(f"z = {mpmath.nstr(x, 15)} lies on the support of mu; "
                                  "use density() for the boundary value")
            m, rts = cur.value_upper(zv, wp)
            m, err = cur.polish(mpmath.mpf(m.real), x, dps)
        else:
            m, rts = cur.value_upper(zv, wp)
            m, err = cur.polish(mpmath.mpc(m), zv, dps)
        if flip:
            m = mpmath.conj(m)
    v = _round(m, dps)
    return (v, _round(err, 5)) if error else v


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


def support(mu, dps=30):
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
    return [(_round(cur.crit_value(crit[a], dps + 5), dps),
             _round(cur.crit_value(crit[b], dps + 5), dps)) for a, b in data]


def _simplify_root(r):
    if isinstance(r, sympy.CRootOf) and r.poly.degree() <= 2:
        sols = sorted(sympy.solve(r.poly.as_expr(), r.poly.gen), key=lambda s: float(s))
        return sols[r.index]
    return r


def atoms(mu, dps=30):
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
    cur = _curve(mu, dps + 5)
    res = []
    for c in cur.critical():
        if not c["pole"]:
            continue
        w = _atom_mass(cur, c, dps)
        if w is not None:
            res.append((_round(cur.crit_value(c, dps + 5), dps), _round(w, dps)))
    return res


def _atom_mass(cur, c, dps):
    wp = dps + _GUARD
    cache = c.setdefault("_atom", {})
    if wp in cache:
        return cache[wp]
    import flint
    f = c["factor"]
    with mpmath.workdps(wp + 10):
        x = cur.crit_value(c, wp + 10)
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
                rr = mpmath.polyroots(list(reversed(cs)), maxsteps=400, extraprec=30) \
                    if len(cs) > 2 else [mpmath.mpf(-cs[0]) / cs[1]]
                us += list(rr)
                mult += [int(ex)] * len(rr)
        else:
            poly = [0] * (j1 - j0 + 1)
            for j in js:
                poly[j1 - j] = lead[j]
            if len(poly) > 2:
                try:
                    us = mpmath.polyroots(poly, maxsteps=400, extraprec=2 * mpmath.mp.prec)
                except mpmath.mp.NoConvergence:
                    raise BranchError("residue polynomial at an algebraic pole has multiple "
                                      "roots; atom masses not available") from None
            else:
                us = [-poly[1] / poly[0]]
            mult = [1] * len(us)
        # candidate masses w = -u of the branches m ~ u/(z - c) (u != 0), with
        # their numbers of branches; j0 branches grow slower than 1/(z - c)
        # (mass 0), d - j1 faster (impossible for m: |m(c + i eta)| <= 1/eta)
        cands, counts = [mpmath.mpf(0)], [j0]
        for u, n in zip(us, mult):
            cands.append(-u)
            counts.append(n)
        small = mpmath.mpf(10) ** (-(wp // 2))
        if not any(abs(mpmath.im(w)) <= small and 0 < mpmath.re(w) <= 1 + small for w in cands[1:]):
            # no candidate residue is a probability mass: the physical branch has no pole here
            cache[wp] = None
            return None
        gap = min((abs(p - q) for i, p in enumerate(cands) for q in cands[i + 1:]), default=1)
        far = max(abs(w) for w in cands) + gap
        # follow m(z) down the vertical line through c; at each height eta the
        # d roots r give w_r = -(i eta) r.  Once every w_r is within gap/4 of a
        # candidate (or beyond `far`) and the group sizes are the Newton-polygon
        # counts, the groups are resolved and the physical root's group is its mass.
        z0, m, rts = cur.start(x)
        eta = mpmath.mpf(10) ** -2
        while eta > mpmath.mpf(10) ** (-(wp // 2)):
            zt = mpmath.mpc(x, eta)
            m, rts = cur.track(z0, zt, m, rts)
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
                if abs(mpmath.im(w)) > small or mpmath.re(w) <= 0:
                    raise BranchError(f"atom at {mpmath.nstr(x, 15)} has non-positive mass {w}")
                cache[wp] = mpmath.re(w)
                return cache[wp]
            eta = eta / 10 if eta > mpmath.mpf(10) ** -6 else eta ** 2
    raise BranchError(f"could not determine the mass at the pole {mpmath.nstr(x, 15)}")


def _pole_power(d):
    """lcm(1..d): at a pole of a_d the branches of a degree-d curve have Puiseux
    exponents k/q with q <= d, so x = e + u**p with this p makes all of them analytic."""
    p = 1
    for q in range(2, d + 1):
        p = p * q // math.gcd(p, q)
    return p


def _integrate_ac(cur, g, dps, upto=None, budget=None):
    """:func:`_integrate_ac_impl` under a work budget (default
    ``_WORK_BUDGET``): ConvergenceError instead of a stall when the root
    continuation behind the density values needs ever finer steps."""
    prev = getattr(cur, "_work", None)
    n = _WORK_BUDGET if budget is None else budget
    cur._work = [n,
                 "the quadrature of the density" if upto is None
                 else f"the quadrature of the density up to x = {mpmath.nstr(upto, 15)}", n]
    try:
        return _integrate_ac_impl(cur, g, dps, upto)
    finally:
        cur._work = prev


def _integrate_ac_impl(cur, g, dps, upto=None):
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
    total = mpmath.mpf(0)
    err = mpmath.mpf(0)
    cache = cur.__dict__.setdefault("_rho_cache", {})
    tol = mpmath.mpf(10) ** (-(dps + 3))

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
            return mpmath.mpf(0)
        extra = max(0, int(-mpmath.log10(dist)) + 1) if dist < 1 else 0
        w = wp + extra
        k = (wp, x)
        if k not in cache:
            cur._work_at = x
            cur.spend(1)
            with mpmath.workdps(w):
                m, rts = cur.value_real(x, w)
                # polish at the raised precision: near a pole |m| ~ 1/dist
                # >> Im m ~ dist**(-1/2), so digits relative to |m| must
                # include the extra ones
                v = cur.polish(mpmath.mpc(m), mpmath.mpc(x, 0), w - _GUARD,
                               rel=lambda v: abs(v) * mpmath.mpf(10) ** -4)[0].imag / mpmath.pi
            cache[k] = +v
        return cache[k]

    with mpmath.workdps(wp):
        for i, inside in enumerate(cl):
            if not inside:
                continue
            a, b = cur.interval_bounds(i, wp + 5)
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
                U = mpmath.root(L, p)

                u0 = U * mpmath.mpf(10) ** (-(dps + 8))

                def f(u, e=e, s=s, p=p, u0=u0):
                    # f is analytic and bounded in u; [0, u0] contributes at most
                    # u0 * max|f|, i.e. 10**-(dps+8) relative, and is left out
                    # (x there is too close to e to resolve the colliding roots)
                    if u <= u0:
                        return mpmath.mpf(0)
                    x = e + s * u ** p
                    return g(x) * rho(x, e) * p * u ** (p - 1)

                v, er = mpmath.quad(f, [0, U], method="gauss-legendre", error=True, maxdegree=8)
                if not er <= tol * (1 + abs(v)):
                    v, er = mpmath.quad(f, [0, U], method="tanh-sinh", error=True)
                total += sign * v
                err += er
    return total, err


def numeric_moments(mu, n, dps=30):
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
    cur = _curve(mu, dps + 5)
    at = atoms(mu, dps + 5)
    out = []
    for k in range(n + 1):
        v, _ = _integrate_ac(cur, lambda x, k=k: x ** k, dps)
        with mpmath.workdps(dps + _GUARD):
            v += mpmath.fsum(w * a ** k for a, w in at)
        out.append(_round(v, dps))
    return out


def cdf(mu, x, dps=30):
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
    cur = _curve(mu, dps + 5)
    with mpmath.workdps(dps + _GUARD):
        xv = _to_real(x, "x")
        # outside every critical point (support edges, atoms, branch points) F is 0 or 1
        crit = cur.critical()
        if not crit or xv > max(c["hi"] for c in crit):
            return _round(mpmath.mpf(1), dps)
        if xv < min(c["lo"] for c in crit):
            return _round(mpmath.mpf(0), dps)
    v, _ = _integrate_ac(cur, lambda t: 1, dps, upto=xv)
    with mpmath.workdps(dps + _GUARD):
        # an atom within the requested precision of x counts as at x (F is
        # right-continuous; x and the location are both known to ~dps digits)
        tol = mpmath.mpf(10) ** (-(dps + 3))
        v += mpmath.fsum(w for a, w in atoms(mu, dps + 5) if a <= xv + tol * max(1, abs(a)))
    return _round(v, dps)


# ---------------------------------------------------------------------------
# numeric measures
# ---------------------------------------------------------------------------

class _NumericBase:
    """Common base of the measures given numerically (no polynomial)."""

    label = None

    def density(self, x, dps=30, error=False):
        dps = _check_dps(dps)
        if _is_seq(x):
            return self._density_grid(list(x), dps, error)
        with mpmath.workdps(dps + _GUARD):
            xv = _to_real(x, "x")
        v, e = self._density1(xv, dps)
        return (v, e) if error else v

    def _density_grid(self, xs, dps, error):
        out = []
        for k, x in enumerate(xs):
            with mpmath.workdps(dps + _GUARD):
                xv = _to_real(x, f"x[{k}]")
            out.append(self._density1(xv, dps))
        return out if error else [v for v, _ in out]

    def __repr__(self):
        return f"{type(self).__name__}({self.label!r})"

    def _latex(self, printer=None):
        return r"\mu_{\mathrm{" + _latex_text(self.label) + "}}"

    def _repr_latex_(self):
        return "$" + self._latex() + "$"


def _latex_text(label):
    """A label as text inside \\mathrm{...}: LaTeX's special characters escaped."""
    out = str(label)
    for a, b in (("\\", r"\backslash "), ("_", r"\_"), ("%", r"\%"), ("&", r"\&"), ("#", r"\#"),
                 ("$", r"\$"), ("{", r"\{"), ("}", r"\}"), ("^", r"\^{}"), ("~", r"\~{}"),
                 (" ", r"\ ")):
        out = out.replace(a, b)
    return out


def _interval_list(support, name="support"):
    if not isinstance(support, (list, tuple)):
        raise RmtsymError(f"{name} must be a list of (a, b) intervals, got {support!r}")
    out = []
    for iv in support:
        if not isinstance(iv, (list, tuple)) or len(iv) != 2:
            raise RmtsymError(f"{name} must be a list of (a, b) intervals, got {iv!r}")
        a, b = iv
        a = -mpmath.inf if a in (-mpmath.inf, float("-inf")) else _to_real(a, f"{name} endpoint")
        b = mpmath.inf if b in (mpmath.inf, float("inf")) else _to_real(b, f"{name} endpoint")
        if not a < b:
            raise RmtsymError(f"{name} intervals need a < b, got ({a}, {b})")
        out.append((a, b))
    return sorted(out)


class NumericMeasure(_NumericBase):
    r"""A probability measure given by a density (plus optional atoms).

    Parameters
    ----------
    density : callable
        ``density(x)`` for ``x`` an mpmath ``mpf``; evaluated inside the
        caller's ``workdps`` and must use mpmath functions to be accurate.
    support : list of (a, b)
        Intervals of the absolutely continuous part (``mpmath.inf`` allowed).
    atoms : sequence of (location, mass), optional
    label : str, optional

    Notes
    -----
    Moments and the Stieltjes transform are computed by tanh-sinh
    quadrature (``mpmath.quad``) at ``dps`` plus guard digits; an error
    estimate above :math:`10^{-dps}` raises :class:`ConvergenceError`.
    The total mass is not normalised for you; :meth:`moments` gives it.

    Examples
    --------
    >>> import mpmath
    >>> from rmtsym.numerics import NumericMeasure
    >>> sc = NumericMeasure(lambda x: mpmath.sqrt(4 - x**2) / (2 * mpmath.pi), [(-2, 2)])
    >>> [mpmath.nstr(v, 12) for v in sc.moments(4, dps=20)]
    ['1.0', '0.0', '1.0', '0.0', '2.0']
    """

    def __init__(self, density, support, atoms=(), label=None, nonnegative=None):
        if not callable(density):
            raise RmtsymError(f"density must be callable x -> value, got {type(density).__name__}")
        with mpmath.workdps(60):
            self._support = _interval_list(support)
            ats = []
            for item in atoms:
                if not isinstance(item, (list, tuple)) or len(item) != 2:
                    raise RmtsymError(f"atoms must be (location, mass) pairs, got {item!r}")
                loc, w = _to_real(item[0], "atom location"), _to_real(item[1], "atom mass")
                if w < 0:
                    raise RmtsymError(f"atom masses must be >= 0, got {w}")
                ats.append((loc, w))
        self._raw_support = list(support)
        self._raw_atoms = list(atoms)
        self._atoms = sorted(ats)
        self._rho = density
        self.label = label or "numeric"
        self.nonnegative = all(a >= 0 for a, _ in self._support) and \
            all(a >= 0 for a, _ in self._atoms)
        if nonnegative is not None:
            self.nonnegative = bool(nonnegative)

    # -- hooks a subclass may override (e.g. integrals in another variable) --
    def _ac_intervals(self, wp):
        """Intervals of the a.c. part at ``wp`` digits."""
        return self._intervals(wp)

    def _moments_wp(self, n, wp):
        """Full moments (atoms + a.c. part) at ``wp`` digits."""
        out = []
        with mpmath.workdps(wp):
            ivs, ats = self._ac_intervals(wp), self._atoms_at(wp)
            for k in range(n + 1):
                v = mpmath.fsum(w * a ** k for a, w in ats)
                for a, b in ivs:
                    v += self._quad(lambda x: x ** k * self._rho(x), a, b, wp - _GUARD + 2)[0]
                out.append(v)
        return out

    def _quad_cauchy(self, w, wp, with_error=False):
        """Cauchy transform ``G(w) = int mu(dx)/(w - x)`` and ``G'(w)`` by quadrature."""
        with mpmath.workdps(wp):
            w = mpmath.mpc(w)
            ivs, ats = self._ac_intervals(wp), self._atoms_at(wp)
            G = mpmath.fsum(wt / (w - a) for a, wt in ats)
            dG = mpmath.fsum(-wt / (w - a) ** 2 for a, wt in ats)
            err = mpmath.mpf(0)
            re = w.real
            for a, b in ivs:
                v, e = self._quad(lambda x: self._rho(x) / (w - x), a, b, wp - _GUARD + 2, [re])
                G += v
                err += e
                dG += self._quad(lambda x: -self._rho(x) / (w - x) ** 2, a, b,
                                 wp - _GUARD + 2, [re])[0]
        return (G, dG, err) if with_error else (G, dG)

    def _cauchy(self, w, wp, with_error=False):
        """``(G, G')`` at ``w``; default: quadrature of the density."""
        return self._quad_cauchy(w, wp, with_error)

    def _intervals(self, wp):
        with mpmath.workdps(wp):
            return _interval_list(self._raw_support)

    def _atoms_at(self, wp):
        with mpmath.workdps(wp):
            return sorted((_to_real(a, "atom"), _to_real(w, "mass")) for a, w in self._raw_atoms)

    def _inside(self, x):
        return any(a <= x <= b for a, b in self._support)

    def _quad(self, f, a, b, dps, pts=()):
        pts = [p for p in pts if a < p < b]
        v, e = mpmath.quad(f, [a] + pts + [b], error=True, maxdegree=10)
        if not e <= mpmath.mpf(10) ** (-dps) * (1 + abs(v)):
            raise ConvergenceError(f"quadrature did not reach {dps} digits (error estimate {mpmath.nstr(e, 3)})")
        return v, e

    def _density1(self, x, dps):
        if not self._inside(x):
            return mpmath.mpf(0), mpmath.mpf(0)
        with mpmath.workdps(dps + _GUARD):
            v = self._rho(x)
        return _round(v, dps), mpmath.mpf(0)

    def moments(self, n, dps=30):
        """Moments ``[m_0..m_n]`` (quadrature plus atoms)."""
        dps = _check_dps(dps)
        n = operator.index(n)
        if n < 0:
            raise RmtsymError(f"n must be >= 0, got {n}")
        return [_round(v, dps) for v in self._moments_wp(n, dps + _GUARD)]

    def _m_and_dm(self, w, dps):
        """``m(w)`` and ``m'(w)`` at ``Im w != 0`` (or real w off the support)."""
        G, dG = self._cauchy(w, dps + _GUARD)[:2]
        return -G, -dG

    def stieltjes(self, z, dps=30, error=False):
        """``m(z) = int mu(dx)/(x - z)`` by quadrature."""
        dps = _check_dps(dps)
        with mpmath.workdps(dps + _GUARD):
            zv = _to_mpc(z, "z")
            if mpmath.im(zv) == 0:
                x = mpmath.re(zv)
                if self._inside(x) or any(abs(a - x) == 0 for a, _ in self._atoms):
                    raise RmtsymError(f"z = {mpmath.nstr(x, 15)} lies on the support of the measure")
            m, _ = self._m_and_dm(zv, dps)
            if mpmath.im(zv) == 0:
                m = mpmath.re(m)
        v = _round(m, dps)
        return (v, mpmath.mpf(10) ** -dps) if error else v

    def support(self, dps=30):
        """Intervals of the absolutely continuous part."""
        if dps is None:
            return list(self._raw_support)
        dps = _check_dps(dps)
        return [(_round(a, dps), _round(b, dps)) for a, b in self._intervals(dps + 5)]

    def atoms(self, dps=30):
        """Atoms as (location, mass)."""
        dps = _check_dps(dps)
        return [(_round(a, dps), _round(w, dps)) for a, w in self._atoms_at(dps + 5)]

    def cdf(self, x, dps=30):
        """``mu((-inf, x])``."""
        dps = _check_dps(dps)
        with mpmath.workdps(dps + _GUARD):
            xv = _to_real(x, "x")
            v = mpmath.fsum(w for a, w in self._atoms_at(dps + _GUARD) if a <= xv)
            for a, b in self._intervals(dps + _GUARD):
                if xv > a:
                    v += self._quad(self._rho, a, min(b, xv), dps + 2)[0]
        return _round(v, dps)

