r"""The shared engine of :mod:`rmtsym.gaussian`: argument checks, the exact
closed-form rules and the numeric (mpmath tanh–sinh) quadrature of Gaussian
expectations.

Private to the sub-package: the public functions live in
:mod:`~rmtsym.gaussian.integrals` (expectations, moments, Hermite
coefficients), :mod:`~rmtsym.gaussian.constants` (the named constants of the
seeds), :mod:`~rmtsym.gaussian.meanfield` (q*, chi) and
:mod:`~rmtsym.gaussian.pushforward` (the law nu_K).  No numpy.
"""

from __future__ import annotations

from typing import TypeAlias

import mpmath
import sympy as sp

from .activations import Activation, activation, x
from ..core.errors import ConvergenceError, RmtsymError
from ..core import numbers as _numbers

#: what an ``act`` parameter accepts (anything :func:`rmtsym.gaussian.activations.activation` takes)
ActivationLike: TypeAlias = "Activation | str | sp.Expr"
#: a real input: SymPy number or expression, int, float (its decimal), string (restricted parser), mpf
NumberLike: TypeAlias = "sp.Expr | int | float | str | mpmath.mpf"
#: a Gaussian integral: exact (SymPy) or numeric (mpf)
Value: TypeAlias = "sp.Expr | mpmath.mpf"

_GUARD = 10          # extra working digits of every quadrature
_t = sp.Dummy("t", real=True)   # integration variable: xi
_SQRT2PI = sp.sqrt(2 * sp.pi)


# ---------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------
def _as_activation(act):
    return act if isinstance(act, Activation) else activation(act)


def _check_positive(value, name, allow_zero=False, symbolic=True):
    """``value`` through the one conversion path (:mod:`rmtsym.core.numbers`), checked > 0 (>= 0).

    Floats mean the decimal they print as (0.05 is 1/20); an ``mpmath.mpf``
    keeps every bit; strings are parsed by the restricted parser.
    """
    if isinstance(value, mpmath.mpf):
        if not mpmath.isfinite(value):
            raise RmtsymError(f"{name} must be a finite real number, got {value}")
        # keep every bit of the mpf, whatever the caller's working precision
        digits = max(20, int(value._mpf_[3] * 0.30103) + 5)
        v = sp.Float(mpmath.nstr(value, digits, strip_zeros=False), digits)
    else:
        v = _numbers.to_expr(value, name, floats="decimal", symbols=symbolic)
    if allow_zero:
        return _numbers.nonnegative(v, name, floats="decimal")
    return _numbers.positive(v, name, floats="decimal")


#: highest order of hermite_coefficients / mask_law_moments (one Gaussian integral per order)
MAX_GAUSSIAN_ORDER = 200


def _sym(value, name):
    """A SymPy object as is; anything else through the one conversion path (strings parsed safely)."""
    if isinstance(value, sp.Basic):
        return value
    return _numbers.to_expr(value, str(name), floats="keep", real=False)


def _check_dps(dps):
    return _numbers.dps(dps)


def _positive_dummies(q):
    """Replace non-positive-declared symbols of q by positive dummies."""
    subs, back = {}, {}
    for s in q.free_symbols:
        if not s.is_positive:
            d = sp.Dummy(s.name, positive=True)
            subs[s], back[d] = d, s
    return q.xreplace(subs), back


# ---------------------------------------------------------------------------
# exact engine
# ---------------------------------------------------------------------------
def _pdf(a):
    return sp.S.Zero if a.is_infinite else sp.exp(-a**2 / 2) / _SQRT2PI


def _cdf(a):
    if a == -sp.oo:
        return sp.S.Zero
    if a == sp.oo:
        return sp.S.One
    return (1 + sp.erf(a / sp.sqrt(2))) / 2


def _trunc_moments(K, a, b):
    r"""T_k = \int_a^b t^k e^{-t^2/2}/\sqrt{2\pi} dt for k = 0..K (exact).

    Recursion T_k = a^{k-1}p(a) - b^{k-1}p(b) + (k-1) T_{k-2} (integration
    by parts), T_0 = Phi(b) - Phi(a), T_1 = p(a) - p(b).
    """
    def edge(c, j):
        return sp.S.Zero if c.is_infinite else c**j * _pdf(c)
    T = [_cdf(b) - _cdf(a), _pdf(a) - _pdf(b)]
    for k in range(2, K + 1):
        T.append(edge(a, k - 1) - edge(b, k - 1) + (k - 1) * T[k - 2])
    return T[:K + 1]


def _dfact(n):
    """(n-1)!! = E xi^n for even n, 0 for odd n."""
    return sp.S.Zero if n % 2 else sp.factorial2(n - 1)


def _gauss_exp_moment(j, c):
    r"""E[xi^j e^{-c xi^2}] = s^{j+1} (j-1)!!, s^2 = 1/(1+2c)."""
    s = 1 / sp.sqrt(1 + 2 * c)
    return s**(j + 1) * _dfact(j)


def _erf_moment(k, a, m):
    r"""G(k, a, m) = E[xi^k erf(a xi)^m] for m in {1, 2} (exact).

    Stein's identity E[xi h(xi)] = E[h'(xi)] with h = xi^{k-1} erf^m gives
    G(k,a,1) = (k-1) G(k-2,a,1) + (2a/sqrt(pi)) E[xi^{k-1} e^{-a^2 xi^2}],
    G(1,a,1) = 2a/sqrt(pi (1+2a^2));
    G(k,a,2) = (k-1) G(k-2,a,2) + (4a/sqrt(pi)) s^k G(k-1, a s, 1),
    s^2 = 1/(1+2a^2), G(0,a,2) = (2/pi) asin(2a^2/(1+2a^2)).
    """
    if m == 1:
        if k % 2 == 0:
            return sp.S.Zero
        if k == 1:
            return 2 * a / sp.sqrt(sp.pi * (1 + 2 * a**2))
        return ((k - 1) * _erf_moment(k - 2, a, 1)
                + 2 * a / sp.sqrt(sp.pi) * _gauss_exp_moment(k - 1, a**2))
    if m == 2:
        if k % 2:
            return sp.S.Zero
        if k == 0:
            return 2 / sp.pi * sp.asin(2 * a**2 / (1 + 2 * a**2))
        s = 1 / sp.sqrt(1 + 2 * a**2)
        return ((k - 1) * _erf_moment(k - 2, a, 2)
                + 4 * a / sp.sqrt(sp.pi) * s**k * _erf_moment(k - 1, a * s, 1))
    raise ValueError(m)


def _parse_term(term):
    """term = coeff * t^k * exp(alpha t^2 + beta t) * erf(a t)^m, or None."""
    coeff, k, expo, erf_a, m = sp.S.One, 0, sp.S.Zero, None, 0
    for f in sp.Mul.make_args(term):
        if not f.has(_t):
            coeff *= f
            continue
        base, e = f.as_base_exp()
        if base == _t and e.is_Integer and e > 0:
            k += int(e)
        elif base == sp.E:
            expo += e
        elif isinstance(base, sp.exp):
            expo += base.args[0] * e
        elif isinstance(base, sp.erf) and e.is_Integer and e > 0:
            arg = sp.expand(base.args[0])
            a = sp.simplify(arg / _t)
            if a.has(_t):
                return None
            if erf_a is not None and sp.simplify(a - erf_a) != 0:
                return None
            erf_a, m = a, m + int(e)
        else:
            return None
    expo = sp.expand(expo)
    if expo != 0:
        if not expo.is_polynomial(_t):
            return None
        P = sp.Poly(expo, _t)
        if P.degree() > 2:
            return None
        c = P.all_coeffs()[::-1] + [0, 0]
        coeff *= sp.exp(c[0])
        alpha, beta = c[2], c[1]
    else:
        alpha = beta = sp.S.Zero
    return coeff, k, sp.sympify(alpha), sp.sympify(beta), erf_a, m


def _exact_piece(expr, a, b):
    r"""\int_a^b expr(t) e^{-t^2/2}/\sqrt{2\pi} dt exactly, or None."""
    if expr == 0:
        return sp.S.Zero
    full = (a == -sp.oo and b == sp.oo)
    if expr.is_polynomial(_t):
        P = sp.Poly(sp.expand(expr), _t)
        T = _trunc_moments(P.degree(), a, b)
        return sp.Add(*[cf * T[k] for (k,), cf in P.terms()])
    e = expr
    if e.has(sp.cos, sp.sin, sp.cosh, sp.sinh):
        e = e.rewrite(sp.exp)
    e = sp.expand(e)
    total = sp.S.Zero
    for term in sp.Add.make_args(e):
        parsed = _parse_term(term)
        if parsed is None:
            return None
        coeff, k, alpha, beta, erf_a, m = parsed
        lam = 1 - 2 * alpha
        if lam.is_positive is False or lam == 0:
            return None      # the Gaussian integral diverges
        s = 1 / sp.sqrt(lam)
        if m == 0:
            # complete the square: t = mu + s u, mu = beta s^2
            mu = beta * s**2
            A = a if a.is_infinite else (a - mu) / s
            B = b if b.is_infinite else (b - mu) / s
            T = _trunc_moments(k, A, B)
            poly = sp.Poly(sp.expand((mu + s * _t)**k), _t)
            inner = sp.Add(*[cf * T[j] for (j,), cf in poly.terms()])
            total += coeff * s * sp.exp(beta**2 * s**2 / 2) * inner
        elif m <= 2 and full and beta == 0:
            total += coeff * s**(k + 1) * _erf_moment(k, erf_a * s, m)
        else:
            return None
    return total


def _tidy(v):
    v = sp.expand(v)
    if v.has(sp.I):
        v = sp.simplify(v)
    if v.count_ops() < 150:
        w = sp.simplify(v)
        if w.count_ops() <= v.count_ops():
            v = w
    return v


def _exact_expectation(pieces, q, tfactor=sp.S.One, power=1):
    r"""E[tfactor(xi) * phi(sqrt(q) xi)^power] with phi given by its pieces."""
    qq, back = _positive_dummies(q)
    rq = sp.sqrt(qq)
    total = sp.S.Zero
    for ex, iv in pieces:
        a = iv.start if iv.start.is_infinite else iv.start / rq
        b = iv.end if iv.end.is_infinite else iv.end / rq
        integrand = tfactor * ex.subs(x, rq * _t)**power
        val = _exact_piece(integrand, a, b)
        if val is None:
            return None
        total += val
    return _tidy(total).xreplace(back)


# ---------------------------------------------------------------------------
# numeric engine
# ---------------------------------------------------------------------------
def _piece_functions(act):
    """[(mpmath callable of x, a, b)] for the pieces of act (cached on the activation)."""
    return act.mpmath_pieces


def _truncate_tail(f, pts):
    """Replace an infinite end by T where the Gaussian tail is negligible.

    T = sqrt(2 (P + 5) log 10) at P working digits, so that
    e^{-T^2/2} < 10^{-P-5}; kept only if |f| at T, 1.5 T and 2 T is below
    10^{-P} (an integrand that still matters there keeps the infinite end).
    tanh-sinh then needs about half the nodes.
    """
    P = mpmath.mp.dps
    T = mpmath.sqrt(2 * (P + 5) * mpmath.log(10))
    small = mpmath.mpf(10)**(-P)
    out = list(pts)
    for i in (0, -1):
        end = out[i]
        if mpmath.isinf(end):
            sgn = 1 if end > 0 else -1
            nxt = out[1] if i == 0 else out[-2]
            if sgn * nxt >= T:
                continue
            try:
                ok = all(abs(f(sgn * c * T)) < small for c in (1, 1.5, 2))
            except (ValueError, ZeroDivisionError, OverflowError):
                ok = False
            if ok:
                out[i] = sgn * T
    return out


def _quad(f, pts, dps):
    """mpmath quad at the current precision with an error check."""
    pts = _truncate_tail(f, pts)
    val, err = mpmath.quad(f, pts, error=True)
    tol = mpmath.mpf(10)**(-dps - 2) * max(1, abs(val))
    if not err <= tol:
        val2, err2 = mpmath.quad(f, pts, error=True, maxdegree=10)
        if not (err2 <= tol or abs(val2 - val) <= tol / 10):
            raise ConvergenceError(
                f"Gaussian quadrature did not reach {dps} digits (error estimate "
                f"{mpmath.nstr(max(err, err2), 3)})")
        val, err = val2, min(err2, max(abs(val2 - val), err2))
    return val, err


def _parity(act):
    """0 if phi is even, 1 if odd, None otherwise (cached on the activation)."""
    return act.parity


def _numeric_expectation(act, q, dps, tfactor=None, power=1, tparity=0):
    r"""(value, error) of E[tfactor(xi) phi(sqrt q xi)^power], as mpf at dps+guard.

    ``tparity`` is the parity of tfactor (0 even, 1 odd, None unknown); an
    odd integrand gives 0 exactly, an even one on a single piece is
    integrated over [0, inf) only.
    """
    fns = _piece_functions(act)
    par = None
    if len(fns) == 1 and tparity is not None:
        pp = _parity(act)
        if pp is not None:
            par = (pp * power + tparity) % 2
    with mpmath.workdps(dps + _GUARD):
        if par == 1:
            return mpmath.mpf(0), mpmath.mpf(0)
        qm = mpmath.mpf(sp.N(q, dps + _GUARD + 5)) if not isinstance(q, mpmath.mpf) else +q
        rq = mpmath.sqrt(qm)
        norm = 1 / mpmath.sqrt(2 * mpmath.pi)
        total, err = mpmath.mpf(0), mpmath.mpf(0)
        for fn, a, b in fns:
            lo = -mpmath.inf if a == -sp.oo else mpmath.mpf(sp.N(a, dps + _GUARD + 5)) / rq
            hi = mpmath.inf if b == sp.oo else mpmath.mpf(sp.N(b, dps + _GUARD + 5)) / rq
            if tfactor is None:
                def f(u, fn=fn):
                    return fn(rq * u)**power * mpmath.exp(-u * u / 2)
            else:
                def f(u, fn=fn):
                    return tfactor(u) * fn(rq * u)**power * mpmath.exp(-u * u / 2)
            if par == 0:
                v, e = _quad(f, [0, hi], dps)
                v, e = 2 * v, 2 * e
            else:
                pts = [lo, 0, hi] if lo < 0 < hi else [lo, hi]
                v, e = _quad(f, pts, dps)
            total += v * norm
            err += e * norm
        return total, err


def _round(v, dps):
    with mpmath.workdps(dps):
        return +v


class _Consts:
    """SymPy constants converted to mpf lazily, once per working precision."""

    def __init__(self, **values):
        self._values = {k: _sym(v, k) for k, v in values.items()}
        self._cache = {}

    def get(self):
        prec = mpmath.mp.prec
        c = self._cache.get(prec)
        if c is None:
            digits = mpmath.mp.dps + 5
            c = {k: mpmath.mpf(sp.N(v, digits)) for k, v in self._values.items()}
            self._cache[prec] = c
        return c
