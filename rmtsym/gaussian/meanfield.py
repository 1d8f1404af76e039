r"""Mean-field signal propagation: the variance map, its fixed point q* and the
slope chi (ordered / chaotic phase, the edge of chaos chi = 1).

Exact where E phi^2(sqrt q xi) is a polynomial in q or of the form
A + B e^{-c q} (Lambert W), else a bracketed root-finder or the plain
iteration in mpmath.  No numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp

from .activations import Activation
from ._engine import (_GUARD, _as_activation, _check_dps, _check_positive, _exact_expectation,
                      _numeric_expectation, _round, _tidy)
from .integrals import gaussian_expectation
from .pushforward import mask_law
from ..core.errors import ConvergenceError, RmtsymError
from ._engine import ActivationLike, NumberLike, Value

__all__ = ["variance_map", "mean_field", "MeanField"]


# ---------------------------------------------------------------------------
# mean-field signal propagation
# ---------------------------------------------------------------------------
def _phi_at_zero_sq(act):
    """phi(0)^2 exactly (the variance map at q = 0)."""
    v = act(0)
    if isinstance(v, sp.Piecewise):
        v = sp.piecewise_fold(v)
    return sp.simplify(v**2)


def variance_map(act: ActivationLike, q: NumberLike, sigma_w2: NumberLike, sigma_b2: NumberLike,
                 dps: int | None = None) -> Value:
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
    sigma_w2: sp.Expr
    sigma_b2: sp.Expr
    q_star: Value
    chi: Value
    exact: bool
    dps: int
    method: str
    iterations: int = 0
    error: mpmath.mpf | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def phase(self) -> str:
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

    def variance_map(self, q: NumberLike, dps: int | None = None) -> Value:
        """The variance map of this network at q (see :func:`variance_map`)."""
        return variance_map(self.act, q, self.sigma_w2, self.sigma_b2, dps)

    def mask_law(self) -> Any:
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


def mean_field(act: ActivationLike, sigma_w2: NumberLike, sigma_b2: NumberLike, dps: int | None = 30,
               method: str = "auto", q0: NumberLike = 1, max_iter: int = 20000) -> MeanField:
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
