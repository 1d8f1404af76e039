r"""Gaussian integrals of activations, the named constants of the seeds, and
mean-field signal propagation.

Every nonlinear result in the seeds enters through a few integrals

.. math::

    \mathbb E\, F\bigl(\xi, \varphi(\sqrt q\,\xi)\bigr), \qquad \xi \sim N(0, 1),

of the activation :math:`\varphi`.  This module computes them

* **exactly** (SymPy, ``dps=None``, the default) by closed-form rules that
  cover every piecewise-polynomial activation (relu, leaky relu, hardtanh,
  abs, polynomials: truncated Gaussian moments), every term
  :math:`t^k e^{\alpha t^2 + \beta t}` (cos, sin, cosh, exp; also on
  half-lines) and every term :math:`t^k e^{\alpha t^2}\operatorname{erf}(a t)^m`
  with :math:`m \le 2` (erf, gelu) — no call to :func:`sympy.integrate`,
  so nothing hangs; when no rule applies (tanh, sigmoid, softplus, silu)
  ``dps=None`` raises :class:`RmtsymError` asking for ``dps``;
* **numerically** (``dps=<digits>``) by mpmath tanh–sinh quadrature split at
  the breakpoints of a piecewise activation, at ``dps + 10`` working digits,
  with an error estimate; a result whose estimate exceeds
  :math:`10^{-\mathrm{dps}}` (relative to max(1, |value|)) raises
  :class:`ConvergenceError`.

The variance ``q`` may be a positive SymPy symbol in the exact route.
Precision is scoped with :func:`mpmath.workdps`; ``mpmath.mp.dps`` is never
set globally.

Hermite convention: probabilists' :math:`\mathrm{He}_k`,
:math:`\varphi(\sqrt q\,\xi) = \sum_k c_k \mathrm{He}_k(\xi)`,
:math:`c_k = \mathbb E[\varphi(\sqrt q\,\xi)\mathrm{He}_k(\xi)]/k!`, so
:math:`\mathbb E\varphi^2 = \sum_k k!\,c_k^2`.

The module does not import numpy.
"""

from __future__ import annotations

import bisect
import contextlib
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from .activations import Activation, activation, x
from ..core.errors import ConvergenceError, RmtsymError
from ..core import numbers as _numbers

__all__ = [
    "gaussian_expectation", "gaussian_moments", "GaussianMoments", "hermite_coefficients",
    "centered", "normalized", "pw17_constants", "fisher_constants", "b_sigma",
    "benigni_peche_constants", "variance_map", "mean_field", "MeanField", "mask_law",
    "mask_law_moments", "DiscreteLaw", "ChangeOfVariablesLaw",
]

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


# ---------------------------------------------------------------------------
# public expectations
# ---------------------------------------------------------------------------
def gaussian_expectation(act, q=1, dps=None, xi_power=0, power=1, derivative=0,
                         error=False):
    r"""E[xi^j phi^(d)(sqrt(q) xi)^p] for xi ~ N(0, 1), exact or to dps digits.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        The function phi (anything :func:`rmtsym.activation` accepts).
    q : number or positive sympy expression, optional
        Variance of the argument (default 1); must be > 0.
    dps : int or None, optional
        None (default): exact SymPy value, or :class:`RmtsymError` if no
        closed-form rule applies.  An integer: mpmath quadrature to dps digits.
    xi_power : int, optional
        The power j of the weight xi^j (default 0).
    power : int, optional
        The power p of phi^(d) (default 1).
    derivative : int, optional
        Order d of the derivative of phi (default 0).
    error : bool, optional
        With ``dps``, also return the quadrature error estimate.

    Returns
    -------
    sympy.Expr or mpmath.mpf or (mpmath.mpf, mpmath.mpf)

    Raises
    ------
    RmtsymError
        q <= 0, bad dps/xi_power/power, a derivative of a jump, or no closed
        form with ``dps=None`` (the message says to pass ``dps``).
    ConvergenceError
        The quadrature misses ``dps`` digits.

    Notes
    -----
    .. math::

        \mathbb E[\xi^j \varphi^{(d)}(\sqrt q\,\xi)^p]
        = \int_{\mathbb R} t^j \varphi^{(d)}(\sqrt q\, t)^p
          \frac{e^{-t^2/2}}{\sqrt{2\pi}}\,dt .

    Piecewise activations are integrated piece by piece (truncated Gaussian
    moments exactly, tanh–sinh quadrature split at the breakpoints
    numerically).

    Examples
    --------
    >>> import sympy as sp
    >>> gaussian_expectation("relu", q=3, power=2)
    3/2
    >>> gaussian_expectation("cos", q=sp.Symbol("q", positive=True))
    exp(-q/2)
    >>> import mpmath
    >>> print(mpmath.nstr(gaussian_expectation("tanh", q=2, power=2, dps=20), 20))
    0.51997574566394862353
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    q = _check_positive(q, "q", symbolic=dps is None)
    for nm, v in (("xi_power", xi_power), ("power", power), ("derivative", derivative)):
        if not isinstance(v, int) or v < 0:
            raise RmtsymError(f"{nm} must be a non-negative integer, got {v!r}")
    f = act.derivative(derivative) if derivative else act
    if dps is None:
        val = _exact_expectation(f.pieces(), q, _t**xi_power, power)
        if val is None:
            raise RmtsymError(
                f"no closed form known for E[xi^{xi_power} ({f.name})^{power}] of "
                f"{act.name}; pass dps=<digits> for mpmath quadrature")
        return val
    tf = None if xi_power == 0 else (lambda u, j=xi_power: u**j)
    val, err = _numeric_expectation(f, q, dps, tf, power, xi_power % 2)
    val = _round(val, dps)
    return (val, _round(err, 5)) if error else val


class GaussianMoments(dict):
    """Dict of Gaussian moments of an activation (see :func:`gaussian_moments`).

    Attributes
    ----------
    act : Activation
    q : sympy.Expr
        The variance.
    dps : int or None
    errors : dict or None
        Quadrature error estimates per key (None when exact).
    """

    def __init__(self, data, act, q, dps, errors=None):
        super().__init__(data)
        self.act, self.q, self.dps, self.errors = act, q, dps, errors

    @property
    def exact(self):
        """True when the values are exact SymPy numbers/expressions."""
        return self.dps is None


_MOMENT_SPECS = {
    # key: (derivative order, power, xi power)
    "E_phi": (0, 1, 0),
    "E_phi2": (0, 2, 0),
    "E_dphi": (1, 1, 0),
    "E_dphi2": (1, 2, 0),
    "E_xi_phi": (0, 1, 1),
    "E_xi2_phi": (0, 1, 2),
}


def gaussian_moments(act, q=1, dps=None):
    r"""The six Gaussian moments of an activation at variance q.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        The activation phi.
    q : number or positive sympy expression, optional
        Variance of the pre-activation, h = sqrt(q) xi (default 1).
    dps : int or None, optional
        None: exact (raises if some moment has no closed-form rule);
        an integer: mpmath quadrature to dps digits.

    Returns
    -------
    GaussianMoments
        A dict with keys ``E_phi`` = E phi(h), ``E_phi2`` = E phi(h)^2,
        ``E_dphi`` = E phi'(h), ``E_dphi2`` = E phi'(h)^2,
        ``E_xi_phi`` = E xi phi(h), ``E_xi2_phi`` = E xi^2 phi(h);
        its ``errors`` attribute holds the quadrature error estimates.

    Raises
    ------
    RmtsymError
        q <= 0; phi not differentiable (jump); no closed form with dps=None.

    Notes
    -----
    Stein's lemma gives E xi phi(sqrt q xi) = sqrt(q) E phi'(sqrt q xi), and
    for smooth phi E xi^2 phi = E phi + q E phi''; the tests use these as
    independent checks.  For relu the values are the arc-cosine kernel
    values (Cho–Saul): E phi = sqrt(q/(2 pi)), E phi^2 = q/2,
    E phi' = E phi'^2 = 1/2, E xi phi = sqrt(q)/2, E xi^2 phi = sqrt(2q/pi).

    Examples
    --------
    >>> m = gaussian_moments("relu", q=4)
    >>> m["E_phi2"], m["E_dphi"], m["E_xi_phi"], m["E_xi2_phi"]
    (2, 1/2, 1, 2*sqrt(2)/sqrt(pi))
    >>> gaussian_moments("erf")["E_phi2"]
    2*asin(2/3)/pi
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    q = _check_positive(q, "q", symbolic=dps is None)
    out, errs = {}, ({} if dps is not None else None)
    for key, (d, p, j) in _MOMENT_SPECS.items():
        if dps is None:
            out[key] = gaussian_expectation(act, q, None, j, p, d)
        else:
            out[key], errs[key] = gaussian_expectation(act, q, dps, j, p, d, error=True)
    return GaussianMoments(out, act, q, dps, errs)


def _hermite_he(k, var):
    return sp.expand(sp.hermite_prob(k, var)) if hasattr(sp, "hermite_prob") else \
        sp.expand(sp.hermite(k, var / sp.sqrt(2)) * 2**(-sp.Rational(k, 2)))


def hermite_coefficients(act, n, q=1, dps=None):
    r"""Hermite coefficients c_0..c_n of phi(sqrt(q) xi).

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    n : int
        Highest order (>= 0).
    q : number or positive sympy expression, optional
    dps : int or None, optional

    Returns
    -------
    list
        ``c_k = E[phi(sqrt q xi) He_k(xi)] / k!`` (probabilists' Hermite
        polynomials He_k), so that phi(sqrt q xi) = sum_k c_k He_k(xi) in
        L^2 and E phi^2 = sum_k k! c_k^2.

    Raises
    ------
    RmtsymError
        n < 0, q <= 0, no closed form with dps=None.

    Notes
    -----
    c_0 = E phi, c_1 = E xi phi = sqrt(q) E phi', 2 c_2 = E xi^2 phi - E phi.
    The Pennington–Worah zeta (seed 002_2c85d79b7db582c6.txt, §4.2) is
    c_1^2, and eta - zeta = sum_{k >= 2} k! c_k^2 >= 0.

    Examples
    --------
    >>> hermite_coefficients("relu", 4)
    [sqrt(2)/(2*sqrt(pi)), 1/2, sqrt(2)/(4*sqrt(pi)), 0, -sqrt(2)/(48*sqrt(pi))]
    """
    act = _as_activation(act)
    n = _numbers.order(n, "n", maximum=MAX_GAUSSIAN_ORDER)
    dps = _check_dps(dps)
    q = _check_positive(q, "q", symbolic=dps is None)
    out = []
    for k in range(n + 1):
        he = _hermite_he(k, _t)
        if dps is None:
            val = _exact_expectation(act.pieces(), q, he, 1)
            if val is None:
                raise RmtsymError(f"no closed form known for the Hermite coefficients of "
                                  f"{act.name}; pass dps=<digits>")
            out.append(_tidy(val / sp.factorial(k)))
        else:
            hf = sp.lambdify(_t, he, "mpmath")
            val, _ = _numeric_expectation(act, q, dps, hf, 1, k % 2)
            with mpmath.workdps(dps + _GUARD):
                val = val / mpmath.factorial(k)
            out.append(_round(val, dps))
    return out


# ---------------------------------------------------------------------------
# centred / normalised activations and the named constants of the seeds
# ---------------------------------------------------------------------------
def _to_sympy_number(v, dps):
    """An mpf as a SymPy Float with dps digits (exact values pass through)."""
    if isinstance(v, mpmath.mpf):
        return sp.Float(mpmath.nstr(v, dps + 3, strip_zeros=False), dps + 3)
    return v


def _mean_var(act, q, dps):
    if dps is None:
        m = gaussian_expectation(act, q)
        v = _tidy(gaussian_expectation(act, q, power=2) - m**2)
        return m, v
    with mpmath.workdps(dps + _GUARD):
        m, _ = _numeric_expectation(act, q, dps, None, 1)
        m2, _ = _numeric_expectation(act, q, dps, None, 2)
        return m, m2 - m * m


def centered(act, q=1, dps=None):
    r"""The centred activation phi - E phi(sqrt(q) xi).

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    q : number or positive sympy expression, optional
        Variance of the pre-activation (default 1).
    dps : int or None, optional
        None: the mean enters exactly; an integer: as a Float of dps digits.

    Returns
    -------
    Activation
        With E[psi(sqrt q xi)] = 0.

    Raises
    ------
    RmtsymError
        q <= 0; no closed form with dps=None.

    Notes
    -----
    Centring is what the Benigni–Péché theorem assumes ("centered sigma",
    seed 001_322f0eb0bc5d01dd.txt, slide "Some further RMT investigations")
    and Pennington–Worah's zero-mean condition (seed 002_2c85d79b7db582c6.txt,
    §4.2).

    Examples
    --------
    >>> centered("relu").expr
    Piecewise((-sqrt(2)/(2*sqrt(pi)), x < 0), (x - sqrt(2)/(2*sqrt(pi)), True))
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    q = _check_positive(q, "q", symbolic=dps is None)
    m, _ = _mean_var(act, q, dps)
    m = _to_sympy_number(m, dps)
    expr = sp.piecewise_fold(act.expr - m) if act.is_piecewise else act.expr - m
    return Activation(expr, name=f"centered({act.name})", params=act.params)


def normalized(act, q=1, dps=None):
    r"""The centred, normalised activation (phi - E phi)/sqrt(Var phi).

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    q : number or positive sympy expression, optional
        Variance of the pre-activation (default 1).
    dps : int or None, optional

    Returns
    -------
    Activation
        sigma with E sigma(sqrt q xi) = 0 and E sigma(sqrt q xi)^2 = 1.

    Raises
    ------
    RmtsymError
        q <= 0; phi constant (zero variance); no closed form with dps=None.

    Notes
    -----
    The normalisation of Wang–Zhu (seed 004_023286a078569efc.txt,
    "Assumptions": E sigma(xi) = 0, E sigma^2(xi) = 1) and of
    Benigni–Péché.

    Examples
    --------
    >>> s = normalized("linear", q=4)
    >>> s.expr
    x/2
    >>> gaussian_moments(normalized("relu"))["E_phi2"]
    1
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    q = _check_positive(q, "q", symbolic=dps is None)
    m, v = _mean_var(act, q, dps)
    if dps is None:
        if sp.simplify(v) == 0:
            raise RmtsymError(f"act: {act.name} is constant under N(0, q): cannot normalise")
        s = sp.sqrt(v)
    else:
        if v <= mpmath.mpf(10)**(-dps):
            raise RmtsymError(f"act: {act.name} is constant under N(0, q): cannot normalise")
        with mpmath.workdps(dps + _GUARD):
            s = mpmath.sqrt(v)
        m, s = _to_sympy_number(m, dps), _to_sympy_number(s, dps)
    expr = (act.expr - m) / s
    if act.is_piecewise:
        expr = sp.piecewise_fold(expr)
    return Activation(expr, name=f"normalized({act.name})", params=act.params)


def _moment(act, q, dps, d, p, j):
    if dps is None:
        return gaussian_expectation(act, q, None, j, p, d)
    f = act.derivative(d) if d else act
    tf = None if j == 0 else (lambda u, j=j: u**j)
    return _numeric_expectation(f, q, dps, tf, p, j % 2)[0]


def pw17_constants(act, dps=None, sigma_w2=1, sigma_x2=1, center=True):
    r"""Pennington–Worah's eta and zeta of the nonlinear Gram matrix.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        The activation sigma.
    dps : int or None, optional
        None: exact; an integer: mpmath to dps digits.
    sigma_w2, sigma_x2 : number or positive sympy expression, optional
        Variances sigma_w^2 of the weights (W_ij ~ N(0, sigma_w^2/n_0)) and
        sigma_x^2 of the data (default 1 each).
    center : bool, optional
        True (default): eta of the centred activation, E sigma^2 - (E sigma)^2
        (the mean adds a rank-one term that does not move the limiting
        spectrum; PW17 assume it is zero).  False: E sigma^2 as written.

    Returns
    -------
    (eta, zeta)

    Raises
    ------
    RmtsymError
        Non-positive variances; no closed form with dps=None.

    Notes
    -----
    Seed 002_2c85d79b7db582c6.txt, §4.2 (Kim's survey, quoting Pennington
    and Worah 2017, eq. (6)), with q = sigma_w^2 sigma_x^2:

    .. math::

        \eta = \mathbb E\,\sigma(\sqrt q\,\xi)^2, \qquad
        \zeta = \Bigl[\sqrt q\;\mathbb E\,\sigma'(\sqrt q\,\xi)\Bigr]^2
              = \bigl(\mathbb E\,\xi\,\sigma(\sqrt q\,\xi)\bigr)^2 .

    **Erratum.** The survey prints
    :math:`\zeta = [\sigma_w\sigma_x \int \sigma'(\sigma_w\sigma_x z)^2\,Dz]^2`,
    with sigma' *squared* inside the integral.  PW17's eq. (6) has sigma'
    to the first power; the survey's version breaks the survey's own
    statement "eta = zeta iff sigma is linear" and the bound
    zeta <= eta (Cauchy–Schwarz on E xi sigma): for sigma = sin at
    q = 4 it gives zeta = (1 + e^{-8})^2 > eta = (1 - e^{-8})/2.  This
    function implements PW17's formula.  By Stein's lemma zeta = c_1^2 and
    eta - zeta = sum_{k>=2} k! c_k^2 >= 0 (Hermite coefficients), with
    equality iff sigma is linear.

    Examples
    --------
    >>> pw17_constants("linear", sigma_w2=2, sigma_x2=3)
    (6, 6)
    >>> pw17_constants("relu", sigma_w2=2)
    ((-1 + pi)/pi, 1/2)
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    sw = _check_positive(sigma_w2, "sigma_w2", symbolic=dps is None)
    sx = _check_positive(sigma_x2, "sigma_x2", symbolic=dps is None)
    q = sw * sx
    if dps is None:
        eta = gaussian_expectation(act, q, power=2)
        if center:
            eta = _tidy(eta - gaussian_expectation(act, q)**2)
        zeta = _tidy(gaussian_expectation(act, q, xi_power=1)**2)
        return eta, zeta
    with mpmath.workdps(dps + _GUARD):
        eta = _moment(act, q, dps, 0, 2, 0)
        if center:
            eta -= _moment(act, q, dps, 0, 1, 0)**2
        zeta = _moment(act, q, dps, 0, 1, 1)**2
    return _round(eta, dps), _round(zeta, dps)


def fisher_constants(act, dps=None):
    r"""eta, eta' and zeta of the Pennington–Worah Fisher-information formula.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    dps : int or None, optional

    Returns
    -------
    (eta, eta_prime, zeta)
        eta = E sigma(xi)^2, eta' = E sigma'(xi)^2, zeta = (E sigma'(xi))^2,
        xi ~ N(0, 1).

    Raises
    ------
    RmtsymError
        sigma not differentiable; no closed form with dps=None.

    Notes
    -----
    Seed 002_2c85d79b7db582c6.txt, §4.3 (the formula for m(z) with the
    laws mu_1 on [eta' - zeta, eta' + 3 zeta] and mu_2 on
    [eta - zeta, eta + 3 zeta]); unit scale, as printed.

    Examples
    --------
    >>> fisher_constants("relu")
    (1/2, 1/2, 1/4)
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    if dps is None:
        m = gaussian_moments(act)
        return m["E_phi2"], m["E_dphi2"], _tidy(m["E_dphi"]**2)
    with mpmath.workdps(dps + _GUARD):
        eta = _moment(act, 1, dps, 0, 2, 0)
        etap = _moment(act, 1, dps, 1, 2, 0)
        zeta = _moment(act, 1, dps, 1, 1, 0)**2
    return _round(eta, dps), _round(etap, dps), _round(zeta, dps)


def b_sigma(act, dps=None, q=1):
    r"""Wang–Zhu's b_sigma = E sigma'(xi) of the centred, normalised activation.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        Any activation phi; it is centred and normalised first.
    dps : int or None, optional
    q : number, optional
        Variance of the argument (default 1, as in the seed).

    Returns
    -------
    sympy.Expr or mpmath.mpf
        b_sigma = E phi'(sqrt q xi) / sqrt(Var phi(sqrt q xi)), which is
        E sigma'(xi) for sigma(x) = (phi(sqrt q x) - E phi)/sd.  In [-1, 1]
        by Cauchy–Schwarz, |b| = 1 iff phi is linear.

    Raises
    ------
    RmtsymError
        phi constant or not differentiable; no closed form with dps=None.

    Notes
    -----
    Seed 004_023286a078569efc.txt ("Assumptions": E sigma(xi) = 0,
    E sigma^2(xi) = 1, b_sigma := E sigma'(xi)); b_sigma enters the deformed
    semicircle law mu_s ⊠ ((1 - b_sigma^2) + b_sigma^2 mu_0).  With sqrt(q)
    scaling: sigma'(x) = sqrt(q) phi'(sqrt q x)/sd.

    Examples
    --------
    >>> b_sigma("relu")
    sqrt(2)*sqrt(pi)/(2*sqrt(-1 + pi))
    >>> b_sigma("linear")
    1
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    q = _check_positive(q, "q", symbolic=dps is None)
    if dps is None:
        m, v = _mean_var(act, q, None)
        if sp.simplify(v) == 0:
            raise RmtsymError(f"act: {act.name} is constant under N(0, q): cannot normalise")
        return _tidy(sp.sqrt(q) * gaussian_expectation(act, q, derivative=1) / sp.sqrt(v))
    with mpmath.workdps(dps + _GUARD):
        m, v = _mean_var(act, q, dps)
        if v <= mpmath.mpf(10)**(-dps):
            raise RmtsymError(f"act: {act.name} is constant under N(0, q): cannot normalise")
        qm = mpmath.mpf(sp.N(q, dps + _GUARD))
        b = mpmath.sqrt(qm) * _moment(act, q, dps, 1, 1, 0) / mpmath.sqrt(v)
    return _round(b, dps)


def benigni_peche_constants(act, dps=None, center=True):
    r"""The constants of the Benigni–Péché cubic and their spike condition.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    dps : int or None, optional
    center : bool, optional
        True (default): use sigma - E sigma(xi) (Benigni–Péché assume a
        centred sigma); False: use sigma as given.

    Returns
    -------
    dict
        ``E_sigma2`` = E sigma(xi)^2, ``E_sigma_xi`` = E sigma(xi) xi,
        ``E_xi2_sigma`` = E xi^2 sigma(xi), ``spike_free`` = (E xi^2 sigma
        == 0, exact, or below 10^-(dps-2) numerically).

    Raises
    ------
    RmtsymError
        No closed form with dps=None.

    Notes
    -----
    Seed 001_322f0eb0bc5d01dd.txt, slide "Some further RMT investigations on
    the two-layer model": for centred sigma the limiting spectrum of
    (1/n) sigma(WX)^T sigma(WX) solves a cubic depending on sigma only via
    E sigma^2(xi) and E sigma(xi) xi [BP21]; if E xi^2 sigma(xi) = 0 there
    is no spike, otherwise at most two [BP22].  For centred sigma,
    E xi^2 sigma = 2 c_2 (second Hermite coefficient), so odd activations
    are spike-free.

    Examples
    --------
    >>> c = benigni_peche_constants("relu")
    >>> c["E_sigma2"], c["E_sigma_xi"], c["E_xi2_sigma"], c["spike_free"]
    ((-1 + pi)/(2*pi), 1/2, sqrt(2)/(2*sqrt(pi)), False)
    >>> benigni_peche_constants("tanh", dps=15)["spike_free"]
    True
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    if dps is None:
        m = gaussian_moments(act) if not center else None
        mean = gaussian_expectation(act, 1)
        e2 = gaussian_expectation(act, 1, power=2)
        exi = gaussian_expectation(act, 1, xi_power=1)
        exi2 = gaussian_expectation(act, 1, xi_power=2)
        del m
        if center:
            e2, exi2 = _tidy(e2 - mean**2), _tidy(exi2 - mean)
        return {"E_sigma2": e2, "E_sigma_xi": exi, "E_xi2_sigma": exi2,
                "spike_free": sp.simplify(exi2) == 0}
    with mpmath.workdps(dps + _GUARD):
        mean = _moment(act, 1, dps, 0, 1, 0)
        e2 = _moment(act, 1, dps, 0, 2, 0)
        exi = _moment(act, 1, dps, 0, 1, 1)
        exi2 = _moment(act, 1, dps, 0, 1, 2)
        if center:
            e2, exi2 = e2 - mean**2, exi2 - mean
        free = abs(exi2) <= mpmath.mpf(10)**(-(dps - 2))
    return {"E_sigma2": _round(e2, dps), "E_sigma_xi": _round(exi, dps),
            "E_xi2_sigma": _round(exi2, dps), "spike_free": bool(free)}


# ---------------------------------------------------------------------------
# mean-field signal propagation
# ---------------------------------------------------------------------------
def _phi_at_zero_sq(act):
    """phi(0)^2 exactly (the variance map at q = 0)."""
    v = act(0)
    if isinstance(v, sp.Piecewise):
        v = sp.piecewise_fold(v)
    return sp.simplify(v**2)


def variance_map(act, q, sigma_w2, sigma_b2, dps=None):
    r"""One layer of the mean-field variance recursion.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    q : number or non-negative sympy expression
        Pre-activation variance q_{l-1} (q = 0 allowed: the map is then
        sigma_w^2 phi(0)^2 + sigma_b^2).
    sigma_w2 : number or positive sympy expression
        Weight variance sigma_w^2 (W = X/sqrt(n), Var X_ij = sigma_w^2).
    sigma_b2 : number or non-negative sympy expression
        Bias variance sigma_b^2.
    dps : int or None, optional

    Returns
    -------
    sympy.Expr or mpmath.mpf
        q_l = sigma_w^2 E phi(sqrt(q_{l-1}) xi)^2 + sigma_b^2.

    Raises
    ------
    RmtsymError
        Negative q or sigma_b2, non-positive sigma_w2; no closed form with
        dps=None.

    Notes
    -----
    The recursion of the pre-activation variance of a deep random network
    (Poole et al. 2016, Schoenholz et al. 2017), which fixes the variance
    at which Pastur's D_l = diag phi'(h^l) are taken (seed
    000_f11574a8ed5d65a0.txt, "Introduction": W = n^{-1/2} X, biases of
    variance sigma_b^2).

    Examples
    --------
    >>> variance_map("relu", 3, 2, sp.Rational(1, 10))
    31/10
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    sw = _check_positive(sigma_w2, "sigma_w2", symbolic=dps is None)
    sb = _check_positive(sigma_b2, "sigma_b2", allow_zero=True, symbolic=dps is None)
    q = _check_positive(q, "q", allow_zero=True, symbolic=dps is None)
    if q == 0:
        val = sw * _phi_at_zero_sq(act) + sb
        return val if dps is None else _round(mpmath.mpf(sp.N(val, dps + _GUARD)), dps)
    if dps is None:
        return _tidy(sw * gaussian_expectation(act, q, power=2) + sb)
    with mpmath.workdps(dps + _GUARD):
        v = (mpmath.mpf(sp.N(sw, dps + _GUARD)) * _numeric_expectation(act, q, dps, None, 2)[0]
             + mpmath.mpf(sp.N(sb, dps + _GUARD)))
    return _round(v, dps)


@dataclass
class MeanField:
    r"""Result of :func:`mean_field`.

    Attributes
    ----------
    act : Activation
    sigma_w2, sigma_b2 : sympy numbers
    q_star : sympy.Expr or mpmath.mpf
        Fixed point of the variance map (exact when ``exact``).
    chi : sympy.Expr or mpmath.mpf
        chi = sigma_w^2 E phi'(sqrt(q*) xi)^2; chi < 1 ordered, chi > 1
        chaotic, chi = 1 the order-to-chaos boundary.
    exact : bool
    dps : int
    method : str
        ``"exact"``, ``"root"`` or ``"iterate"``.
    iterations : int
        Number of map evaluations used.
    error : mpmath.mpf or None
        Estimated error of q_star (None when exact).
    """

    act: Activation
    sigma_w2: object
    sigma_b2: object
    q_star: object
    chi: object
    exact: bool
    dps: int
    method: str
    iterations: int = 0
    error: object = None
    notes: list = field(default_factory=list)

    @property
    def phase(self):
        """``"ordered"`` (chi < 1), ``"chaotic"`` (chi > 1) or ``"critical"``."""
        c = self.chi
        if self.exact:
            d = sp.simplify(c - 1)
            if d == 0:
                return "critical"
            return "ordered" if bool(d < 0) else "chaotic"
        tol = mpmath.mpf(10)**(-(self.dps - 2))
        if abs(c - 1) <= tol:
            return "critical"
        return "ordered" if c < 1 else "chaotic"

    def variance_map(self, q, dps=None):
        """The variance map of this network at q (see :func:`variance_map`)."""
        return variance_map(self.act, q, self.sigma_w2, self.sigma_b2, dps)

    def mask_law(self):
        """The law nu_K of sigma_w^2 phi'(h)^2 at h ~ N(0, q*) (:func:`mask_law`)."""
        return mask_law(self.act, self.q_star, self.sigma_w2)


def _exact_fixed_point(act, sw, sb):
    """q* when E phi^2(sqrt q xi) is a polynomial in q, else None."""
    qs = sp.Symbol("q", positive=True)
    val = _exact_expectation(act.pieces(), qs, sp.S.One, 2)
    if val is None:
        return None
    val = sp.expand(val)
    if not val.is_polynomial(qs):
        return _exact_lambert_fixed_point(act, sw, sb, val, qs)
    if sp.degree(val, qs) > 1:
        return _exact_polynomial_fixed_point(act, sw, sb, val, qs)
    A, B = val.coeff(qs, 1), val.coeff(qs, 0)
    lin = sp.simplify(1 - sw * A)
    num = sp.simplify(sw * B + sb)
    if lin == 0:
        if num == 0:
            raise RmtsymError(f"mean_field: every q is a fixed point of the variance map of "
                              f"{act.name} at sigma_w2={sw}, sigma_b2={sb} (critical line)")
        raise RmtsymError(f"mean_field: the variance map of {act.name} has no fixed point at "
                          f"sigma_w2={sw}, sigma_b2={sb}: the variance grows without bound")
    if lin.is_number and lin < 0:
        if num == 0:
            raise RmtsymError(f"mean_field: q = 0 is an unstable fixed point of {act.name} at "
                              f"sigma_w2={sw}: the variance diverges from any q > 0")
        raise RmtsymError(f"mean_field: the variance map of {act.name} has no stable fixed "
                          f"point at sigma_w2={sw}, sigma_b2={sb}: the variance diverges")
    qstar = sp.simplify(num / lin)
    dval = _exact_expectation(act.derivative().pieces(), qs, sp.S.One, 2)
    if dval is None:
        return None
    if qstar == 0:
        chi = sp.limit(sw * dval, qs, 0, "+")
    else:
        chi = _tidy(sw * dval.subs(qs, qstar))
    return sp.simplify(qstar), chi


def _exact_lambert_fixed_point(act, sw, sb, val, qs):
    r"""q* by Lambert W when E phi^2(sqrt q xi) = A + B e^{-c q} (cos, sin).

    q = b + a e^{-c q} with b = sw A + sb, a = sw B has the real solutions
    q = b + W_k(c a e^{-c b})/c, k in {0, -1}; the smallest positive stable
    one is returned (q = 0 when it is a stable fixed point).
    """
    exps = [e for e in val.atoms(sp.exp) if e.has(qs)]
    if len(exps) != 1:
        return None
    c = -sp.simplify(exps[0].args[0] / qs)
    if c.has(qs) or not c.is_positive:
        return None
    E_ = sp.Dummy("E")
    lin = sp.expand(val.subs(exps[0], E_))
    if lin.has(qs) or not lin.is_polynomial(E_) or sp.degree(lin, E_) != 1:
        return None
    A, B = lin.coeff(E_, 0), lin.coeff(E_, 1)
    b, a = sw * A + sb, sw * B
    arg = c * a * sp.exp(-c * b)
    dval = _exact_expectation(act.derivative().pieces(), qs, sp.S.One, 2)
    if dval is None:
        return None
    cands = []
    for k in (0, -1):
        if k == -1 and not (-1 / sp.E <= arg < 0):
            continue
        if k == 0 and not arg >= -1 / sp.E:
            continue
        r = sp.simplify(b + sp.LambertW(arg, k) / c)
        cands.append(r)
    g0 = sp.simplify(sw * _phi_at_zero_sq(act) + sb)
    if g0 == 0:
        slope = sp.limit(sw * dval, qs, 0, "+")
        if slope <= 1:
            return sp.S.Zero, slope
    pos = sorted((r for r in cands if sp.N(r, 30) > sp.Float("1e-25")), key=lambda r: sp.N(r, 30))
    if not pos:
        return None
    qstar = pos[0]
    return qstar, _tidy(sw * dval.subs(qs, qstar))


def _exact_polynomial_fixed_point(act, sw, sb, val, qs):
    """Smallest stable root of q = sw P(q) + sb for a polynomial P (exact)."""
    if any(not c.is_Rational for c in sp.Poly(val, qs).all_coeffs()) or \
            not (sw.is_Rational and sb.is_Rational):
        return None
    g = sp.Poly(sw * val + sb - qs, qs)
    dval = _exact_expectation(act.derivative().pieces(), qs, sp.S.One, 2)
    if dval is None:
        return None
    g0 = g.eval(0)
    if g0 == 0 and sp.diff(g.as_expr(), qs).subs(qs, 0) < 0:
        return sp.S.Zero, sp.limit(sw * dval, qs, 0, "+")
    roots = sorted({r for r in g.real_roots() if r > 0}, key=lambda r: sp.N(r, 30))
    if not roots:
        raise RmtsymError(f"mean_field: the variance map of {act.name} has no fixed point at "
                          f"sigma_w2={sw}, sigma_b2={sb}: the variance grows without bound")
    qstar = roots[0]
    return qstar, _tidy(sw * dval.subs(qs, qstar))


def mean_field(act, sigma_w2, sigma_b2, dps=30, method="auto", q0=1, max_iter=20000):
    r"""Fixed point q* of the mean-field variance map and the slope chi.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    sigma_w2 : number
        Weight variance sigma_w^2 (> 0).
    sigma_b2 : number
        Bias variance sigma_b^2 (>= 0).
    dps : int, optional
        Digits of numeric results (default 30).
    method : {"auto", "exact", "root", "iterate"}, optional
        ``auto``: exact when E phi^2(sqrt q xi) is a polynomial in q
        (linear, relu, leaky relu, abs; polynomial phi, whose q* is the
        smallest positive root of a polynomial, in radicals or as a
        ``CRootOf``) or of the form A + B e^{-c q} (cos, sin: q* by
        Lambert W), else ``root``.  ``root``: bracketed
        root-finder (mpmath, Illinois) on q - map(q).  ``iterate``: plain
        fixed-point iteration q_l = map(q_{l-1}) from ``q0``.
    q0 : number, optional
        Start of the iteration (default 1).
    max_iter : int, optional
        Iteration cap of ``iterate``.

    Returns
    -------
    MeanField
        ``.q_star``, ``.chi``, ``.phase``, ``.exact``, ``.error``.

    Raises
    ------
    RmtsymError
        Bad parameters; no finite fixed point (the variance diverges);
        ``method="exact"`` without a closed form.
    ConvergenceError
        Root-finder or iteration fails to reach dps digits.

    Notes
    -----
    .. math::

        q_l = \sigma_w^2\,\mathbb E\,\varphi(\sqrt{q_{l-1}}\,\xi)^2 + \sigma_b^2,
        \qquad
        \chi = \sigma_w^2\,\mathbb E\,\varphi'(\sqrt{q^*}\,\xi)^2 .

    chi is the mean squared singular value of one layer's Jacobian
    D W at the fixed point: the mean of nu_K (see :func:`mask_law`), and
    the slope of the correlation map at c = 1; chi = 1 is the
    order-to-chaos boundary (Schoenholz et al. 2017) and the condition for
    the Jacobian spectra of seed 000_f11574a8ed5d65a0.txt not to shrink or
    blow up with depth.  With sigma_b2 = 0 and phi(0) = 0 the trivial fixed
    point q* = 0 is returned when it is stable (sigma_w^2 phi'(0)^2 <= 1),
    else the positive one.  Otherwise the smallest positive fixed point
    (the one the iteration from small q reaches) is returned.

    Examples
    --------
    >>> mf = mean_field("relu", 1, sp.Rational(1, 4))
    >>> mf.q_star, mf.chi, mf.phase
    (1/2, 1/2, 'ordered')
    >>> mf = mean_field("tanh", 1.5, 0.05, dps=20)
    >>> print(mpmath.nstr(mf.q_star, 15), mpmath.nstr(mf.chi, 15), mf.phase)
    0.418037200533478 0.938636268198851 ordered
    """
    act = _as_activation(act)
    dps = _check_dps(dps)
    if dps is None:
        dps = 30
    sw = _check_positive(sigma_w2, "sigma_w2", symbolic=False)
    sb = _check_positive(sigma_b2, "sigma_b2", allow_zero=True, symbolic=False)
    if method not in ("auto", "exact", "root", "iterate"):
        raise RmtsymError(f"method must be 'auto', 'exact', 'root' or 'iterate', got {method!r}")
    if method in ("auto", "exact"):
        res = _exact_fixed_point(act, sw, sb)
        if res is None and method == "exact":
            raise RmtsymError(f"mean_field: no closed-form fixed point for {act.name}; use "
                              f"method='root'")
        if res is not None:
            return MeanField(act, sw, sb, res[0], res[1], True, dps, "exact")
    wdps = dps + 3                       # digits of each quadrature
    counter = [0]

    with mpmath.workdps(dps + _GUARD):
        swm, sbm = mpmath.mpf(sp.N(sw, dps + _GUARD)), mpmath.mpf(sp.N(sb, dps + _GUARD))
        phi0sq = mpmath.mpf(sp.N(_phi_at_zero_sq(act), dps + _GUARD))

        def F(q, digits=wdps):
            counter[0] += 1
            if q == 0:
                return swm * phi0sq + sbm
            return swm * _numeric_expectation(act, q, digits, None, 2)[0] + sbm

        def g(q, digits=wdps):
            return F(q, digits) - q

        tol = mpmath.mpf(10)**(-(dps + 3))
        if method == "iterate":
            q = mpmath.mpf(sp.N(_check_positive(q0, "q0", allow_zero=True), dps + _GUARD))
            step, prev, rate = mpmath.mpf(1), None, None
            for it in range(max_iter):
                # the map is evaluated a few digits beyond the current step size
                # (a contraction loses nothing by it), at full precision at the end
                digits = int(min(wdps, max(12, 8 - mpmath.log10(step + tol))))
                qn = F(q, digits)
                prev, step = step, abs(qn - q)
                if prev > 0 and digits == wdps:
                    rate = step / prev
                if step <= tol * max(1, abs(qn)) and digits == wdps:
                    break
                if qn > mpmath.mpf(10)**12:
                    raise RmtsymError(f"mean_field: the variance diverges under iteration "
                                      f"(q > 1e12 after {it + 1} layers)")
                q = qn
            else:
                raise ConvergenceError(f"mean_field: iteration did not converge to {dps} "
                                       f"digits in {max_iter} steps")
            # linear convergence: remaining error ~ step * r / (1 - r)
            qstar = qn
            err = step * rate / (1 - rate) if rate is not None and rate < 1 else step
        else:
            qstar, err = _fixed_point_root(act, g, swm, sbm, phi0sq, tol, dps)
        if qstar == 0:
            d0 = act.derivative()(0)
            chi = mpmath.mpf(sp.N(sw * d0**2, dps + _GUARD))
        else:
            chi = swm * _numeric_expectation(act.derivative(), qstar, wdps, None, 2)[0]
        qstar_r, chi_r = _round(qstar, dps), _round(chi, dps)
    return MeanField(act, sw, sb, qstar_r, chi_r, False, dps,
                     "iterate" if method == "iterate" else "root", counter[0],
                     _round(mpmath.mpf(err), 5))


def _fixed_point_root(act, g, swm, sbm, phi0sq, tol, dps):
    """Bracket and solve g(q) = map(q) - q = 0 (smallest positive root).

    The bracket comes from a scan of a geometric grid (ratio sqrt 2) at 15
    digits, from 10^-3 max(1, g(0)) upwards, for the first + to - change of
    sign; a root pair closer than the grid spacing can be missed.
    """
    def glow(q):
        return g(q, 15)
    g0 = swm * phi0sq + sbm
    lo = mpmath.mpf(0)
    if g0 == 0:
        # trivial fixed point; stable iff sigma_w^2 phi'(0)^2 <= 1
        try:
            slope = swm * mpmath.mpf(sp.N(act.derivative()(0)**2, dps + _GUARD))
        except (TypeError, ValueError, RmtsymError):
            slope = None
        if slope is not None and slope <= 1:
            return mpmath.mpf(0), mpmath.mpf(0)
        lo = mpmath.mpf(1)
        for _ in range(200):
            if glow(lo) > 0:
                break
            lo /= 2
        else:
            return mpmath.mpf(0), mpmath.mpf(0)
    step = mpmath.sqrt(2)
    hi = lo * step if lo > 0 else max(1, g0) / 1000
    while glow(hi) >= 0:
        lo, hi = hi, hi * step
        if hi > mpmath.mpf(10)**12:
            raise RmtsymError(f"mean_field: no fixed point below 1e12: the variance of "
                              f"{act.name} diverges with depth")
    for _ in range(20):                  # confirm the bracket at full precision
        if g(lo) > 0 and g(hi) < 0:
            break
        lo, hi = lo / mpmath.mpf(1.01), hi * mpmath.mpf(1.01)
    else:
        raise ConvergenceError("mean_field: could not bracket the fixed point")
    try:
        root = mpmath.findroot(g, (lo, hi), solver="illinois", tol=tol / 100, maxsteps=200,
                               verify=False)
    except (ValueError, ZeroDivisionError) as exc:
        raise ConvergenceError(f"mean_field: root-finder failed: {exc}") from None
    err = abs(g(root))
    if not err <= tol * max(1, abs(root)):
        raise ConvergenceError(f"mean_field: root-finder reached |q - map(q)| = "
                               f"{mpmath.nstr(err, 3)} only")
    return root, err


# ---------------------------------------------------------------------------
# the law nu_K of sigma_w^2 phi'(h)^2
# ---------------------------------------------------------------------------
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


class DiscreteLaw:
    r"""A finite discrete law with exact (possibly irrational) weights.

    Returned by :func:`mask_law` only when :func:`rmtsym.laws.atoms` cannot
    hold the weights: a symbolic variance q (erf of a symbol cannot be lifted
    to an exact constant) or inexact (float/mpf) inputs.  For exact numeric q,
    hardtanh's weight p = erf(1/sqrt(2q)) is carried exactly by ``atoms``.

    Parameters
    ----------
    weights : dict
        ``{location: weight}``, SymPy numbers or expressions summing to 1.
    label : str, optional

    Examples
    --------
    >>> p = sp.erf(1 / sp.sqrt(3))
    >>> law = DiscreteLaw({0: 1 - p, 2: p})
    >>> law.moments(2)
    [1, 2*erf(sqrt(3)/3), 4*erf(sqrt(3)/3)]
    """

    nonnegative = True

    def __init__(self, weights, label=None):
        self.weights = {_sym(k, "location"): _sym(v, "weight") for k, v in weights.items()}
        self.label = label

    def __repr__(self):
        return f"DiscreteLaw({self.label or self.weights})"

    def moments(self, n, dps=None):
        """[m_0 .. m_n]: exact, or mpf to dps digits."""
        ms = [_tidy(sp.Add(*[w * loc**k for loc, w in self.weights.items()]))
              for k in range(n + 1)]
        if dps is None:
            return ms
        with mpmath.workdps(dps):
            return [mpmath.mpf(sp.N(m, dps + 5)) for m in ms]

    def atoms(self, dps=30):
        """[(location, mass)] as mpf."""
        with mpmath.workdps(dps):
            return [(mpmath.mpf(sp.N(k, dps + 5)), mpmath.mpf(sp.N(v, dps + 5)))
                    for k, v in self.weights.items() if v != 0]

    def support(self, dps=30):
        """Empty list: no absolutely continuous part."""
        return []

    def density(self, y, dps=30):
        """0: a discrete law has no density."""
        return _round(mpmath.mpf(0), dps)

    def stieltjes(self, z, dps=30):
        """m(z) = sum_i w_i / (x_i - z) (DESIGN.md convention)."""
        with mpmath.workdps(dps + _GUARD):
            z = mpmath.mpmathify(z)
            v = mpmath.fsum(w / (loc - z) for loc, w in self.atoms(dps + _GUARD))
        with mpmath.workdps(dps):
            return +v

    def cdf(self, y, dps=30):
        """P(Y <= y)."""
        with mpmath.workdps(dps + _GUARD):
            y = mpmath.mpf(y)
            v = mpmath.fsum(w for loc, w in self.atoms(dps + _GUARD) if loc <= y)
        return _round(v, dps)

    def as_parametric(self, symbol=None):
        """The same law as :func:`rmtsym.laws.atoms` with weights of a 2-atom law
        replaced by a symbol ``p`` (returns (measure, {p: value}))."""
        from ..laws.named import atoms
        if len(self.weights) != 2:
            raise RmtsymError("as_parametric: needs exactly two atoms")
        p = symbol or sp.Symbol("p", positive=True)
        (l0, w0), (l1, w1) = sorted(self.weights.items(), key=lambda kv: sp.N(kv[0]))
        return atoms({l0: 1 - p, l1: p}), {p: w1}


class ChangeOfVariablesLaw:
    r"""A law given by a density on intervals (fallback of ``NumericMeasure``).

    Parameters
    ----------
    density : callable
        ``density(y)`` for an mpf y, evaluated at the caller's precision.
    support : list of (a, b)
        Intervals carrying the density.
    atoms : sequence of (location, mass), optional
    label : str, optional
    intervals : callable, optional
        ``intervals()`` -> [(a, b)] at the caller's precision: the support cut
        at the break points of the density (critical values of the change of
        variables, where it has integrable singularities).  Quadrature runs
        over these pieces; default: the support intervals.
    target : callable, optional
        ``target(dps)`` -> context manager entered around each integral to
        dps digits (lets the density drop Gaussian mass below that level).

    Notes
    -----
    Used by :func:`mask_law` only when :class:`rmtsym.numerics.NumericMeasure`
    is not available (it has the subset of its interface needed here), and
    by the ``density_*`` methods of the law it returns (integrals of the
    density itself, the independent route).  An interval [a, b] starting at
    or very near 0 (a < 10^-6 (b - a)) is integrated in u = log((b-a)/(y-a)),
    where mass at astronomically small y is resolved.
    """

    nonnegative = True

    def __init__(self, density, support, atoms=(), label=None, intervals=None, target=None):
        self._density = density
        self._support = list(support)
        self._atoms = list(atoms)
        self._intervals = intervals
        self._target = target
        self.label = label

    def __repr__(self):
        return f"ChangeOfVariablesLaw({self.label})"

    def density(self, y, dps=30):
        """Density at y (mpf, dps digits)."""
        with mpmath.workdps(dps + _GUARD):
            return _round(self._density(mpmath.mpf(y)), dps)

    def support(self, dps=30):
        """The support intervals."""
        return list(self._support)

    def atoms(self, dps=30):
        """The atoms (none for a smooth activation)."""
        return list(self._atoms)

    def _integrate(self, g, dps, upto=None):
        """sum over the support (cut at ``upto``) of int g(y) density(y) dy, plus atoms."""
        with (self._target(dps) if self._target is not None else contextlib.nullcontext()):
            return self._integrate_target(g, dps, upto)

    def _integrate_target(self, g, dps, upto):
        tot = mpmath.mpf(0)
        ivs = self._intervals() if self._intervals is not None else self._support
        for a, b in ivs:
            a, b = mpmath.mpf(a), mpmath.mpf(b)
            if upto is not None:
                if upto <= a:
                    continue
                b = min(b, upto)
            if a >= 0 and mpmath.isfinite(b) and a <= (b - a) * mpmath.mpf(10)**-6:
                # mass may sit at astronomically small y - a (log y is
                # Gaussian-like): integrate in u = log((b - a)/(y - a))
                def f(u, a=a, b=b):
                    t = (b - a) * mpmath.exp(-u)
                    y = a + t
                    return t * g(y) * self._density(y)
                v, _ = _quad(f, [0, 1, 8, 64, mpmath.inf], dps)
            else:
                pts = [a, (a + b) / 2, b] if mpmath.isfinite(b - a) else [a, b]
                v, _ = _quad(lambda y: g(y) * self._density(y), pts, dps)
            tot += v
        for loc, w in self._atoms:
            if upto is None or loc <= upto:
                tot += mpmath.mpf(w) * g(mpmath.mpf(loc))
        return tot

    def stieltjes(self, z, dps=30):
        """m(z) = int density(y) / (y - z) dy, z off the support."""
        with mpmath.workdps(2 * dps + _GUARD):
            z = mpmath.mpmathify(z)
            v = self._integrate(lambda y: 1 / (y - z), dps)
        with mpmath.workdps(dps):
            return +v

    def cdf(self, y, dps=30):
        """P(Y <= y) by quadrature."""
        with mpmath.workdps(2 * dps + _GUARD):
            v = self._integrate(lambda y: 1, dps, upto=mpmath.mpf(y))
        return _round(v, dps)

    def density_moments(self, n, dps=30):
        """Same as :meth:`moments` (both integrate the density)."""
        return self.moments(n, dps)

    def moments(self, n, dps=30):
        """[m_0 .. m_n] by tanh-sinh quadrature of the density."""
        # An inverse-square-root edge singularity loses half the working
        # digits to the rounding of nodes next to the edge: work at 2 dps.
        out = []
        with mpmath.workdps(2 * dps + _GUARD):
            for k in range(n + 1):
                tot = self._integrate(lambda y, k=k: y**k, dps)
                out.append(_round(tot, dps))
        return out


def _sech4_density(S, Q):
    r"""Density of Y = S sech^4(u), u ~ N(0, Q), on (0, S].

    Two preimages +-a, a = arccosh((S/y)^{1/4}); |dY/du| = 4 y tanh a
    = 4 y sqrt(1 - sqrt(y/S)); so
    f(y) = 2 N(a; 0, Q) / (4 y sqrt(1 - sqrt(y/S))).
    Integrable singularity (1 - y/S)^{-1/2} at the top y = S.
    """
    c = _Consts(S=S, Q=Q)

    def dens(y):
        k = c.get()
        if y <= 0 or y >= k["S"]:
            return mpmath.mpf(0)     # the edge itself: measure zero (density infinite)
        r = y / k["S"]
        a = mpmath.acosh(r**mpmath.mpf(-0.25))
        gauss = mpmath.exp(-a * a / (2 * k["Q"])) / mpmath.sqrt(2 * mpmath.pi * k["Q"])
        return 2 * gauss / (4 * y * mpmath.sqrt(1 - mpmath.sqrt(r)))
    return dens


def _gauss_bump_density(S, q):
    r"""Density of Y = S exp(-2 h^2), h ~ N(0, q), on (0, S].

    a = sqrt(log(S/y)/2), |dY/dh| = 4 a y:
    f(y) = 2 N(a; 0, q) / (4 a y) = (y/S)^{1/(4q)} / (2 a y sqrt(2 pi q)).
    Singularity log(S/y)^{-1/2} at y = S (integrable).
    """
    c = _Consts(S=S, q=q)

    def dens(y):
        k = c.get()
        if y <= 0 or y >= k["S"]:
            return mpmath.mpf(0)     # the edge itself: measure zero (density infinite)
        a = mpmath.sqrt(mpmath.log(k["S"] / y) / 2)
        return (y / k["S"])**(1 / (4 * k["q"])) / (2 * a * y * mpmath.sqrt(2 * mpmath.pi * k["q"]))
    return dens


def _trig_density(S, q, kind):
    r"""Density of Y = S sin^2(h) (kind "sin") or S cos^2(h) ("cos"), h ~ N(0, q).

    Preimages of y in (0, S): h = +-a + k pi (k in Z), a = arcsin(sqrt(y/S))
    (arccos for "cos"), all with |dY/dh| = S |sin 2h| = 2 sqrt(y (S - y)):

    f(y) = sum_k [N(a + k pi) + N(-a + k pi)] / (2 sqrt(y (S - y))),

    N the N(0, q) density; the sum is cut where its terms fall below the
    working precision.  Arcsine-type singularities at both ends.
    """
    c = _Consts(S=S, q=q)

    def dens(y):
        k = c.get()
        if y <= 0 or y >= k["S"]:
            return mpmath.mpf(0)     # the edges: measure zero (density infinite)
        r = mpmath.sqrt(y / k["S"])
        a = mpmath.asin(r) if kind == "sin" else mpmath.acos(r)
        hcut = mpmath.sqrt(2 * k["q"] * (mpmath.mp.dps + 10) * mpmath.log(10))
        kmax = int((hcut + mpmath.pi) / mpmath.pi)
        tot = mpmath.mpf(0)
        for j in range(-kmax, kmax + 1):
            for h in (a + j * mpmath.pi, -a + j * mpmath.pi):
                if abs(h) <= hcut:
                    tot += mpmath.exp(-h * h / (2 * k["q"]))
        tot /= mpmath.sqrt(2 * mpmath.pi * k["q"])
        return tot / (2 * mpmath.sqrt(y * (k["S"] - y)))
    return dens


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


def mask_law(act, q, sigma_w2=1):
    r"""The law nu_K of sigma_w^2 phi'(h)^2 for h ~ N(0, q).

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        The activation phi.
    q : number or positive sympy expression (or mpmath.mpf)
        Variance of the pre-activation h (e.g. ``mean_field(...).q_star``).
    sigma_w2 : number, optional
        Weight variance sigma_w^2 (default 1).

    Returns
    -------
    AlgebraicMeasure, DiscreteLaw, NumericMeasure or ChangeOfVariablesLaw
        * phi' piecewise constant (linear, relu, leaky relu, abs, hardtanh,
          any piecewise-linear phi): the exact atoms law
          sum_i P(h in I_i) delta_{sigma_w^2 c_i^2} from
          :func:`rmtsym.laws.atoms` (relu: Bernoulli(1/2) on {0, sigma_w^2};
          hardtanh: p = P(abs(h) < 1) = erf(1/sqrt(2q)) at sigma_w^2, 1 - p at
          0, the irrational weight carried as an exact constant of the
          measure, see ``law.constants``).  A :class:`DiscreteLaw` with the
          same exact weights only where ``atoms`` cannot hold them: a
          symbolic q (erf of a symbol) or an inexact (Float) q or sigma_w2.
        * smooth phi: a ``NumericMeasure`` (:mod:`rmtsym.numerics`; a
          :class:`ChangeOfVariablesLaw` when that is not importable) whose
          density is the exact change of variables y = sigma_w^2 phi'(h)^2:
          closed form for tanh, sigmoid (sech^4 family), erf (Gaussian
          bump), cos and sin (all preimages +-a + k pi summed); for any
          other smooth phi (gelu, silu, softplus, cos(2x), user
          expressions) the sum over all preimages, the line cut into
          monotone pieces at the critical points of phi'^2 (see
          ``_Inversion``), with the critical values passed to the
          quadrature as break points.  Its moments and Stieltjes transform
          are Gaussian integrals in h; ``density_moments``,
          ``density_stieltjes`` and ``cdf`` integrate the density in y.

    Raises
    ------
    RmtsymError
        q <= 0 or sigma_w2 <= 0; phi not differentiable (jump); a piecewise
        phi with non-constant pieces of phi'; a smooth phi whose phi'^2 is
        constant on an interval (an atom, not implemented).
    ConvergenceError
        Critical points of phi'^2 closer than the scan grid (1/64), or a
        sign of phi' lost to cancellation even at 240 digits.

    Notes
    -----
    Seed 000_f11574a8ed5d65a0.txt (Pastur): K = D_l^2 with
    D_l = diag phi'(h^l), and nu_K its limiting eigenvalue law, entering
    system (I); Fig. 2a plots its density for several phi.  Pastur's
    normalisation is W = n^{-1/2} X with unit-variance X; a weight variance
    sigma_w^2 is moved onto the mask, hence the factor sigma_w^2 here.

    For tanh, Y = sigma_w^2 sech^4(h): with a = arccosh((sigma_w^2/y)^{1/4})
    (two preimages +-a),

    .. math::

        f_Y(y) = \frac{2\,e^{-a^2/(2q)}/\sqrt{2\pi q}}
                      {4 y \sqrt{1 - \sqrt{y/\sigma_w^2}}},
        \qquad 0 < y < \sigma_w^2,

    with an integrable (sigma_w^2 - y)^{-1/2} singularity at the top.
    The mean of nu_K is chi / 1 = sigma_w^2 E phi'(h)^2 (:func:`mean_field`).

    Examples
    --------
    >>> mask_law("relu", 2, sigma_w2=3).moments(2)
    [1, 3/2, 9/2]
    >>> law = mask_law("hardtanh", sp.Rational(1, 2))
    >>> law.moments(2)
    [1, erf(1), erf(1)]
    >>> print(mpmath.nstr(law.cdf(sp.Rational(1, 2), dps=15), 10))    # 1 - erf(1)
    0.1572992071
    >>> nu = mask_law("gelu", 2, sigma_w2=sp.Rational(3, 2))          # several preimages
    >>> print(mpmath.nstr(nu.moments(1, dps=10)[1], 8))
    0.73426791
    >>> sp.N(mask_law_moments("gelu", 2, 1, sigma_w2=sp.Rational(3, 2))[1], 8)
    0.73426791
    >>> nu = mask_law("tanh", sp.Rational(1, 2), sigma_w2=2)
    >>> print(mpmath.nstr(nu.moments(1, dps=10)[1], 8))
    1.1848516
    """
    act = _as_activation(act)
    q = _check_positive(q, "q")
    sw = _check_positive(sigma_w2, "sigma_w2")
    d = act.derivative()
    pieces = d.pieces()
    if all(not ex.has(x) for ex, _ in pieces):
        qq, back = _positive_dummies(q)
        rq = sp.sqrt(qq)
        weights = {}
        for ex, iv in pieces:
            a = iv.start if iv.start.is_infinite else iv.start / rq
            b = iv.end if iv.end.is_infinite else iv.end / rq
            loc = sp.simplify(sw * ex**2)
            weights[loc] = weights.get(loc, 0) + _cdf(b) - _cdf(a)
        weights = {k: _tidy(v).xreplace(back) for k, v in weights.items()}
        weights = {k: v for k, v in weights.items() if v != 0}
        label = f"nu_K({act.name}, q={q}, sigma_w2={sw})"
        if not any(v.has(sp.Float) for kv in weights.items() for v in kv):
            from ..laws.named import atoms
            try:
                # exact weights, rational or not (hardtanh's erf(1/sqrt(2q)) is
                # carried by atoms() as an exact constant)
                return atoms(weights)
            except RmtsymError:
                # a non-polynomial function of a symbol (symbolic q), which
                # atoms() cannot carry: keep the exact weights ourselves
                pass
        return DiscreteLaw(weights, label=label)
    if any(not ex.has(x) for ex, _ in pieces) or len(pieces) > 1:
        raise RmtsymError(f"mask_law: {act.name} is piecewise with non-constant pieces of "
                          f"phi'; not implemented")
    g = sw * d.expr**2
    inv = None
    name = act.name if not act.params else None
    reg = {"tanh": sp.tanh(x), "sigmoid": 1 / (1 + sp.exp(-x)), "erf": sp.erf(x),
           "cos": sp.cos(x), "sin": sp.sin(x)}
    if name in reg and act.expr == reg[name]:
        if name == "tanh":
            dens, top = _sech4_density(sw, q), sw
        elif name == "sigmoid":
            dens, top = _sech4_density(sw / 16, q / 4), sw / 16
        elif name == "erf":
            dens, top = _gauss_bump_density(4 * sw / sp.pi, q), 4 * sw / sp.pi
        else:                            # cos' ^2 = sin^2, sin' ^2 = cos^2
            dens, top = _trig_density(sw, q, "sin" if name == "cos" else "cos"), sw
        support = [(sp.S.Zero, top)]
    else:
        if d.free_parameters:
            raise RmtsymError(f"mask_law: substitute the parameters of {act.name} first")
        inv = _Inversion(d.expr, sw, q, act.name)
    label = f"nu_K({act.name}, q={q}, sigma_w2={sw})"
    gfun = sp.lambdify(x, g, "mpmath")
    cls = _mask_measure_class()
    if inv is not None:
        with mpmath.workdps(60):
            sup_num = inv.support()
        if cls is None:
            return ChangeOfVariablesLaw(inv.density, sup_num, atoms=(), label=label,
                                        intervals=inv.intervals, target=inv.target)
        return cls(inv.density, sup_num, gfun, q, label, inversion=inv)
    sup_num = [(_sup_num(a), _sup_num(b)) for a, b in support]
    if cls is None:
        return ChangeOfVariablesLaw(dens, sup_num, atoms=(), label=label)
    return cls(dens, sup_num, gfun, q, label)


_MASK_CLASS = []


def _mask_measure_class():
    """``MaskLaw``, a NumericMeasure subclass, built on first use (lazy import)."""
    if _MASK_CLASS:
        return _MASK_CLASS[0]
    try:
        from ..numerics import NumericMeasure
    except ImportError:
        return None

    class MaskLaw(NumericMeasure):
        r"""nu_K as a ``NumericMeasure`` whose integrals are Gaussian integrals.

        The density is the exact change of variables y = g(h) =
        sigma_w^2 phi'(h)^2 (see :func:`mask_law`).  Integrals against the
        law are computed in the Gaussian variable instead,
        int f dnu_K = E f(g(sqrt(q) xi)): the integrand is then smooth (the
        density's edge singularities and its mass at astronomically small y,
        e.g. erf at large q, are invisible), so moments and the Cauchy
        transform reach full precision.  Near the real axis inside the
        support the xi-integral is split at the preimages of Re w.
        """

        def __init__(self, density, support, g, q, label, inversion=None):
            super().__init__(density, support, atoms=(), label=label, nonnegative=True)
            self._g = g
            self._qc = _Consts(q=q)
            self._inv = inversion
            self._cov = ChangeOfVariablesLaw(
                density, support, label=label,
                intervals=inversion.intervals if inversion is not None else None,
                target=inversion.target if inversion is not None else None)

        def _intervals(self, wp):
            if self._inv is None:
                return super()._intervals(wp)
            with mpmath.workdps(wp):
                return self._inv.support()

        def _ac_intervals(self, wp):
            # the support cut at the critical values (density singularities)
            if self._inv is None:
                return super()._ac_intervals(wp)
            with mpmath.workdps(wp):
                return self._inv.intervals()

        def _gauss(self, f, wp, splits=()):
            with mpmath.workdps(wp):
                rq = mpmath.sqrt(self._qc.get()["q"])
                g = self._g

                def F(t):
                    return f(g(rq * t)) * mpmath.exp(-t * t / 2)
                pts = sorted(set([mpmath.mpf(0)] + list(splits)))
                pts = [-mpmath.inf] + pts + [mpmath.inf]
                v, e = _quad(F, pts, wp - 5)
                c = 1 / mpmath.sqrt(2 * mpmath.pi)
                return v * c, e * c

        def _moments_wp(self, n, wp):
            return [self._gauss(lambda y, k=k: y**k, wp)[0] for k in range(n + 1)]

        def _preimages(self, y0, wp):
            """Points t with g(sqrt(q) t) = y0 (grid scan + bisection, 20 digits)."""
            if self._inv is not None:
                with mpmath.workdps(wp):
                    rq = mpmath.sqrt(self._qc.get()["q"])
                    return [h / rq for h in self._inv.preimages(mpmath.mpf(y0))]
            with mpmath.workdps(20):
                rq = mpmath.sqrt(self._qc.get()["q"])
                T = mpmath.sqrt(2 * (wp + 5) * mpmath.log(10))
                N = 512
                ts = [-T + 2 * T * i / N for i in range(N + 1)]
                vals = [self._g(rq * t) - y0 for t in ts]
                out = []
                for (t1, v1), (t2, v2) in zip(zip(ts, vals), zip(ts[1:], vals[1:])):
                    if v1 == 0:
                        out.append(t1)
                    elif v1 * v2 < 0:
                        a, b, va = t1, t2, v1
                        for _ in range(50):
                            m = (a + b) / 2
                            vm = self._g(rq * m) - y0
                            if (vm < 0) == (va < 0):
                                a, va = m, vm
                            else:
                                b = m
                        out.append((a + b) / 2)
            with mpmath.workdps(wp):
                return [mpmath.mpf(t) for t in out]

        def _cauchy(self, w, wp, with_error=False):
            with mpmath.workdps(wp):
                w = mpmath.mpc(w)
                splits = ()
                for a, b in self._ac_intervals(wp):
                    if a < w.real < b and abs(w.imag) < (b - a if mpmath.isfinite(b - a)
                                                         else 1):
                        splits = self._preimages(w.real, wp)
                try:
                    G, e = self._gauss(lambda y: 1 / (w - y), wp, splits)
                    dG, _ = self._gauss(lambda y: -1 / (w - y)**2, wp, splits)
                except ConvergenceError:
                    if not splits:
                        raise
                    # very close to the support: the density-based quadrature
                    # of the base class, regularised at Re w
                    return self._quad_cauchy(w, wp, with_error)
            return (G, dG, e) if with_error else (G, dG)

        def cdf(self, x, dps=30):
            """P(Y <= x), integrating the density in log scale at 2 dps."""
            return self._cov.cdf(x, dps)

        def density_moments(self, n, dps=30):
            """[m_0 .. m_n] by quadrature of the density itself (an
            independent check of the change of variables; slower)."""
            return self._cov.moments(n, dps)

        def density_stieltjes(self, z, dps=30):
            """m(z) by quadrature of the density itself (z off the support;
            the independent check of :meth:`stieltjes`; slower)."""
            return self._cov.stieltjes(z, dps)

    MaskLaw.__module__ = __name__
    _MASK_CLASS.append(MaskLaw)
    return MaskLaw


def _sup_num(v):
    v = sp.sympify(v)
    if v == sp.oo:
        return mpmath.inf
    if v.is_Rational:
        return v
    with mpmath.workdps(100):          # an mpf keeps the precision it was made at
        return mpmath.mpf(sp.N(v, 105))


def mask_law_moments(act, q, n, sigma_w2=1, dps=None):
    r"""Moments E[(sigma_w^2 phi'(h)^2)^k], k = 0..n, h ~ N(0, q), directly.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    q : number or positive sympy expression
    n : int
    sigma_w2 : number, optional
    dps : int or None, optional

    Returns
    -------
    list
        The moments of nu_K as Gaussian integrals (the independent route to
        the moments of :func:`mask_law`).

    Examples
    --------
    >>> mask_law_moments("hardtanh", 1, 2, sigma_w2=2)
    [1, 2*erf(sqrt(2)/2), 4*erf(sqrt(2)/2)]
    """
    act = _as_activation(act)
    n = _numbers.order(n, "n", maximum=MAX_GAUSSIAN_ORDER)
    dps = _check_dps(dps)
    sw = _check_positive(sigma_w2, "sigma_w2", symbolic=dps is None)
    out = [sp.S.One if dps is None else _round(mpmath.mpf(1), dps)]
    for k in range(1, n + 1):
        v = gaussian_expectation(act, q, dps, power=2 * k, derivative=1)
        if dps is None:
            out.append(_tidy(sw**k * v))
        else:
            with mpmath.workdps(dps + _GUARD):
                out.append(_round(mpmath.mpf(sp.N(sw**k, dps + _GUARD)) * v, dps))
    return out
