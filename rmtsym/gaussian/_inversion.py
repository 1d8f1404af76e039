r"""Inversion of y = s phi'(h)^2 over all its preimages (the change of variables
behind :func:`rmtsym.gaussian.pushforward.mask_law` for a smooth phi without a
closed-form density): critical points, monotone pieces, safeguarded Newton.

Private to :mod:`rmtsym.gaussian`.  No numpy.
"""

from __future__ import annotations

import bisect
import contextlib

import mpmath
import sympy as sp

from .activations import x
from ._engine import _GUARD, _Consts
from ..core.errors import ConvergenceError, RmtsymError


class _erfc_neg(sp.Function):
    """erfc(-w), kept unevaluated (SymPy would rewrite it as 2 - erfc(w))."""


def _tail_stable(expr, side):
    r"""``expr`` rewritten to avoid cancellation as h -> side * inf.

    erf(w) -> 1 - erfc(w) where w -> +inf and erfc(-w) - 1 where w -> -inf
    (w linear in h), so that e.g. gelu's phi'(h) = (1 + erf(h/sqrt 2))/2 +
    h N(h) keeps its relative precision deep in the left tail.  Returns a
    SymPy expression for :func:`_lambdify_stable` (it may hold
    ``_erfc_neg``).
    """
    repl = {}
    for f in expr.atoms(sp.erf, sp.erfc):
        w = f.args[0]
        a = sp.diff(w, x)
        if not (a.is_number and a.is_real and a != 0 and sp.diff(w, x, 2) == 0):
            continue
        up = bool(a > 0) == (side > 0)         # w -> +inf on this side
        if isinstance(f, sp.erf):
            repl[f] = 1 - sp.erfc(w) if up else _erfc_neg(w) - 1
        elif not up:
            repl[f] = 2 - _erfc_neg(w)
    return sp.expand(expr.xreplace(repl)) if repl else expr


def _lambdify_stable(expr, cse=False):
    return sp.lambdify(x, expr, [{"_erfc_neg": lambda t: mpmath.erfc(-t)}, "mpmath"], cse=cse)


def _newton_in_bracket(F, lo, hi, increasing, what, guess=None, ftol=0):
    r"""Root of a monotone function in (lo, hi) by Newton's method safeguarded by bisection.

    ``F(h)`` returns (f(h), f'(h)).  ``increasing`` tells the sign pattern
    (f(lo) < 0 < f(hi) when True), so f is never evaluated at the ends (it
    may be infinite there).  Stops when the Newton step or the bracket is
    below the working precision, or |f| <= ftol (the rounding level of f);
    raises :class:`ConvergenceError` otherwise (never returns a last
    iterate).
    """
    eps = mpmath.mpf(2)**(-mpmath.mp.prec + 6)
    h = (lo + hi) / 2 if guess is None or not lo < guess < hi else guess
    prev = hi - lo
    for _ in range(4 * mpmath.mp.prec + 50):
        fh, d = F(h)
        if fh == 0:
            return h
        if (fh > 0) == increasing:
            hi = h
        else:
            lo = h
        if d != 0 and mpmath.isfinite(d) and mpmath.isfinite(fh):
            step = fh / d
            if abs(step) <= eps * max(1, abs(h)) or abs(fh) <= ftol:
                return h - step                # step below the precision, or f at its noise level
            hn = h - step
            # bisect when Newton leaves the bracket or its step does not
            # halve (a flat f near the ends of a piece)
            if not (lo < hn < hi) or abs(step) > prev / 2:
                hn = (lo + hi) / 2
        else:
            hn = (lo + hi) / 2
        prev = abs(hn - h)
        if hi - lo <= eps * max(1, abs(hn)):
            return hn
        h = hn
    raise ConvergenceError(f"mask_law: {what} not found to working precision")


class _Inversion:
    r"""The law of Y = g(h) = s p(h)^2, h ~ N(0, q), p = phi' smooth, by inverting g.

    Change of variables over all preimages,

    .. math::

        \rho_Y(y) = \sum_{h:\, g(h) = y} \frac{N(h; 0, q)}{|g'(h)|},
        \qquad g' = 2 s\, p\, p',

    with the line cut into monotone pieces at the real critical points of g
    (the zeros of p, where g = 0 is a minimum, and of p') and g inverted on
    each piece.

    Construction, at the working precision P (recomputed, and cached, per
    precision):

    * **tail cut** T = sqrt(2 q (P + 6) log 10): P(abs(h) > T) =
      erfc(T / sqrt(2q)) <= exp(-T^2/(2q)) = 10^{-(P+6)}, so dropping the
      preimages beyond T changes every integral of a bounded function by
      less than 10^{-(P+5)} of its sup (pointwise, the density within
      10^{-(P+5)}-mass of the limits g(+-inf) is not represented);
    * **critical points** in [-T, T]: sign changes (and exact zeros) of p
      and of p' on the grid h = k/64 (30 digits; a value below 10^{-20} of
      the largest is re-checked at 60, 120, 240 digits, so that a sign lost
      to cancellation in a tail is caught, and raises if never resolved),
      each refined by Newton on p or p' (with p', p'') safeguarded by
      bisection to the working precision.  Two zeros closer than the grid
      step without a sign change at the grid points would be missed; g is
      checked to be monotone on every piece at the grid points (up to
      rounding), and a violation raises;
    * **pieces** between consecutive critical points (and +-T); on each, g is
      inverted by safeguarded Newton on log g(h) - log y (well conditioned
      for tiny y);
    * **break points** for the quadrature in y: the critical values (where
      the density has integrable singularities, |y - g(c)|^{-1/2} at a
      nondegenerate extremum) and g(+-T); critical values below the
      rounding level are set to 0 (zeros of phi').

    erf terms are rewritten with erfc per half-line (:func:`_tail_stable`)
    so that e.g. gelu keeps its relative precision in the left tail.  A p'
    that vanishes on an interval (g constant there: an atom of the law) is
    detected on the grid and raises :class:`RmtsymError`.
    """

    STEP = mpmath.mpf(1) / 64

    def __init__(self, p_expr, s, q, name):
        self.name = name
        fns = []
        derivs = [p_expr, sp.diff(p_expr, x), sp.diff(p_expr, x, 2)]
        for side in (-1, 1):
            fns.append([_lambdify_stable(_tail_stable(e, side)) for e in derivs])
            # (p, p') together, common subexpressions shared (Newton's inner loop)
            fns[-1].append(_lambdify_stable([_tail_stable(e, side) for e in derivs[:2]],
                                            cse=True))
        (pl, dpl, d2pl, bothl), (pr, dpr, d2pr, bothr) = fns
        self._pdp = lambda h: bothl(h) if h < 0 else bothr(h)
        self._p = lambda h: pl(h) if h < 0 else pr(h)
        self._dp = lambda h: dpl(h) if h < 0 else dpr(h)
        self._d2p = lambda h: d2pl(h) if h < 0 else d2pr(h)
        self._qc = _Consts(q=q, s=s)
        self._target = None             # digits of Gaussian mass kept (default: working)
        # g even (p even or odd, structurally): only h >= 0 is solved, doubled
        px = p_expr.subs(x, -x)
        self._even = sp.expand(px - p_expr) == 0 or sp.expand(px + p_expr) == 0
        self._scan = None               # (n, [(i, kind)]) grid scan
        self._structs = {}
        self._memo = {}
        self._limits = []
        for end in (-sp.oo, sp.oo):
            try:
                lim = sp.sympify(s) * sp.limit(p_expr, x, end)**2
            except Exception:           # noqa: BLE001 - sympy may fail; the cut values stand in
                continue
            if isinstance(lim, sp.AccumBounds):
                self._limits += [lim.min, lim.max]
            elif lim.is_extended_real and not lim.has(sp.Limit):
                self._limits.append(lim)

    def _g(self, h):
        return self._qc.get()["s"] * self._p(h)**2

    def _dg(self, h):
        return 2 * self._qc.get()["s"] * self._p(h) * self._dp(h)

    # -- grid scan (once, extended when a larger T is needed) --
    @staticmethod
    def _sign(f, t, v, small):
        """Sign of f(t) given its 30-digit value v; small values re-checked."""
        if abs(v) > small:
            return int(mpmath.sign(v))
        for digits in (60, 120, 240):
            with mpmath.workdps(digits):
                v2 = f(t)
            if (v == 0 and v2 == 0) or (mpmath.sign(v) == mpmath.sign(v2) and
                                         abs(v - v2) <= abs(v2) / 10**8):
                return int(mpmath.sign(v2))
            v = v2
        raise ConvergenceError(f"mask_law: the sign of phi' or phi'' at h = "
                               f"{mpmath.nstr(t, 6)} is lost to cancellation even at "
                               f"240 digits; rewrite the activation")

    def _grid_scan(self, T):
        n = int(mpmath.ceil(T / self.STEP))
        if self._scan is not None and self._scan[0] >= n:
            return self._scan[1]
        with mpmath.workdps(30):
            ts = [i * self.STEP for i in range(-n, n + 1)]
            pv = [self._p(t) for t in ts]
            dv = [self._dp(t) for t in ts]
            gv = [v * v for v in pv]
            tol = max(gv) * mpmath.mpf(10)**-25
        sgns = []
        for f, vals in ((self._p, pv), (self._dp, dv)):
            small = max(abs(v) for v in vals) * mpmath.mpf(10)**-20
            sgns.append([self._sign(f, t, v, small) for t, v in zip(ts, vals)])
        found = set()
        for which, sg in enumerate(sgns):
            for k in range(len(ts)):
                if sg[k] == 0:
                    if which == 1 and k + 1 < len(ts) and sg[k + 1] == 0:
                        raise RmtsymError(
                            f"mask_law: phi'(h)^2 of {self.name} is constant on an interval "
                            f"near h = {mpmath.nstr(ts[k], 6)}: nu_K has an atom there "
                            f"(not implemented for a smooth phi)")
                    found.add((k - n, "at", which))
                elif k + 1 < len(ts) and sg[k + 1] != 0 and sg[k] != sg[k + 1]:
                    found.add((k - n, "in", which))
        found = sorted(found)
        # g monotone between consecutive critical cells on the grid values (up
        # to rounding): catches two zeros inside one grid cell
        cuts = [0] + [i + n for i, _, _ in found] + [len(ts) - 1]
        for a, b in zip(cuts, cuts[1:]):
            seg = gv[a + 1:b]
            if len(seg) > 2:
                up = any(v - u > tol for u, v in zip(seg, seg[1:]))
                down = any(u - v > tol for u, v in zip(seg, seg[1:]))
                if up and down:
                    raise ConvergenceError(
                        f"mask_law: phi'(h)^2 of {self.name} has critical points closer "
                        f"than the grid step 1/64 near h = {mpmath.nstr(ts[a], 6)}")
        self._scan = (n, found)
        return found

    def _refine(self, i, kind, which):
        """Zero of p (which=0) or p' (which=1) from grid cell i, at the working precision."""
        f, df = (self._p, self._dp) if which == 0 else (self._dp, self._d2p)
        s = self.STEP
        t = i * s
        if kind == "at":
            if f(t) == 0:
                return t
            lo, hi = t - s / 2, t + s / 2
        else:
            lo, hi = t, t + s
        flo, fhi = f(lo), f(hi)
        if flo == 0:
            return lo
        if fhi == 0:
            return hi
        if (flo < 0) == (fhi < 0):      # a zero without sign change (inflection)
            return t
        return _newton_in_bracket(lambda h: (f(h), df(h)), lo, hi, fhi > 0,
                                  f"critical point of phi'(h)^2 near {mpmath.nstr(t, 6)}",
                                  ftol=mpmath.mpf(2)**(-mpmath.mp.prec + 10))

    def structure(self):
        """Pieces, break values and quadrature intervals at the working precision."""
        P = mpmath.mp.dps if self._target is None else min(self._target, mpmath.mp.dps)
        key = (mpmath.mp.prec, P)
        st = self._structs.get(key)
        if st is not None:
            return st
        qv = self._qc.get()["q"]
        T = mpmath.sqrt(2 * qv * (P + 6) * mpmath.log(10))
        crit = []
        for i, kind, which in self._grid_scan(T):
            if abs(i * self.STEP) < T:
                c = self._refine(i, kind, which)
                if -T < c < T:
                    crit.append(c)
        crit = sorted(set(crit))
        nodes = [-T] + crit + [T]
        graw = [self._g(h) for h in nodes]
        # pieces keep the computed end values: a y beyond them has its
        # preimage past the cut (or within rounding of a zero of phi')
        pieces = [(a, b, ga, gb, self._table(a, b, gb > ga))
                  for a, b, ga, gb in zip(nodes, nodes[1:], graw, graw[1:])
                  if a < b and ga != gb]
        scale = max(abs(v) for v in graw)
        tiny = scale * mpmath.mpf(2)**(-mpmath.mp.prec + 10)
        vals = sorted(set(mpmath.mpf(0) if abs(v) <= tiny else v for v in graw))
        intervals = []
        for a, b in zip(vals, vals[1:]):
            m = (a + b) / 2
            if any(min(ga, gb) < m < max(ga, gb) for _, _, ga, gb, _ in pieces):
                intervals.append((a, b))
        lims = [mpmath.mpf(sp.N(v, P + 5)) if v.is_finite else
                (mpmath.inf if v > 0 else -mpmath.inf) for v in self._limits]
        allv = vals + lims
        st = {"T": T, "crit": crit, "crit_set": set(crit), "pieces": pieces, "breaks": vals,
              "intervals": intervals, "support": (min(allv), max(allv))}
        self._structs[key] = st
        return st

    def _g2(self, h):
        """g''(h) = 2 s (p'^2 + p p'')."""
        return 2 * self._qc.get()["s"] * (self._dp(h)**2 + self._p(h) * self._d2p(h))

    def _crit_set(self):
        return self.structure()["crit_set"]

    def _table(self, a, b, increasing):
        """Inverse table of a piece: (log g(h_j) increasing, h_j), h_j uniform
        in [a, b] (16 per unit length, at least 16), at the working precision."""
        k = max(16, int(16 * (b - a)) + 1)
        hs = [a + (b - a) * j / k for j in range(1, k)]
        ls = []
        for h in hs:
            v = self._g(h)
            ls.append(mpmath.log(v) if v > 0 else -mpmath.inf)
        pairs = list(zip(ls, hs))
        return pairs if increasing else pairs[::-1]

    def _solve(self, y, a, b, ga, gb, table):
        pdp = self._pdp
        logy = mpmath.log(y)
        c = (logy - mpmath.log(self._qc.get()["s"])) / 2
        # narrow the bracket with the table and guess by linear interpolation
        j = bisect.bisect_left([t[0] for t in table], logy)
        inc = gb > ga
        lo_end = (-mpmath.inf, a if inc else b)
        hi_end = (mpmath.inf, b if inc else a)
        (l0, h0), (l1, h1) = (table[j - 1] if j > 0 else lo_end,
                              table[j] if j < len(table) else hi_end)
        guess = None
        if mpmath.isfinite(l0) and mpmath.isfinite(l1) and l1 > l0:
            guess = h0 + (h1 - h0) * (logy - l0) / (l1 - l0)
        lo, hi = min(h0, h1), max(h0, h1)
        if guess is None:
            # an end cell at a critical point c: the quadratic model
            # g(h) ~ g(c) + g''(c) (h - c)^2 / 2 (Newton alone would creep
            # towards a root at distance sqrt(|y - g(c)|) from c)
            end = h0 if not mpmath.isfinite(l0) else h1
            other = h1 if end == h0 else h0
            if end in self._crit_set():
                g2 = self._g2(end)
                r = 2 * (y - self._g(end)) / g2 if g2 != 0 else -1
                if r > 0:
                    guess = end + (1 if other > end else -1) * mpmath.sqrt(r)

        def F(h):
            # log sqrt(g(h)/s) - log sqrt(y/s) and its derivative p'/p
            v, dv = pdp(h)
            if v == 0:
                return -mpmath.inf, mpmath.mpf(0)      # a zero of phi': bisect
            return mpmath.log(abs(v)) - c, dv / v
        ftol = (1 + abs(c)) * mpmath.mpf(2)**(-mpmath.mp.prec + 8)
        return _newton_in_bracket(F, lo, hi, inc,
                                  f"preimage of y = {mpmath.nstr(y, 8)} under phi'(h)^2",
                                  guess, ftol)

    def preimages(self, y, positive=False):
        """All h in [-T, T] (in [0, T] if ``positive``) with g(h) = y (y not
        a break value)."""
        out = []
        for a, b, ga, gb, table in self.structure()["pieces"]:
            if (a >= 0 or not positive) and min(ga, gb) < y < max(ga, gb):
                out.append(self._solve(y, a, b, ga, gb, table))
        return out

    @contextlib.contextmanager
    def target(self, dps):
        """Within: keep only the Gaussian mass that matters to ``dps`` digits
        (tail cut at dps + 16 digits instead of the working precision, which
        the integrals in y double for their edge singularities)."""
        old, self._target = self._target, dps + _GUARD
        try:
            yield
        finally:
            self._target = old

    def density(self, y):
        """rho_Y(y) at the working precision (0 at the break values)."""
        key = (mpmath.mp.prec, self._target, y)
        v = self._memo.get(key)
        if v is not None:
            return v
        st = self.structure()
        if y <= 0 or y in st["breaks"]:
            return mpmath.mpf(0)        # outside, or a critical value: measure zero
        qv = self._qc.get()["q"]
        c = 1 / mpmath.sqrt(2 * mpmath.pi * qv)
        half = self._even and 0 in st["crit_set"]
        if half:                        # g even: the preimages come in pairs +-h
            c *= 2
        tot = mpmath.mpf(0)
        for h in self.preimages(y, positive=half):
            slope = abs(self._dg(h))
            if slope != 0:
                tot += c * mpmath.exp(-h * h / (2 * qv)) / slope
        if len(self._memo) > 50000:
            self._memo.clear()
        self._memo[key] = tot
        return tot

    def intervals(self):
        """Quadrature intervals in y (split at the break values)."""
        return list(self.structure()["intervals"])

    def support(self):
        """[inf g, sup g] (limits at +-inf included when SymPy finds them)."""
        return [self.structure()["support"]]
