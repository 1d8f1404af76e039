r"""Gaussian integrals of activations: expectations, the six moments, Hermite
coefficients, centred and normalised activations.

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

The named constants of the seeds are in :mod:`rmtsym.gaussian.constants`, the
mean-field map in :mod:`rmtsym.gaussian.meanfield`, the push-forward law nu_K in
:mod:`rmtsym.gaussian.pushforward`; the shared engine (closed-form rules,
quadrature) in :mod:`rmtsym.gaussian._engine`.  The module does not import numpy.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from typing import Any, Literal, overload

from .activations import Activation
from ._engine import ActivationLike, NumberLike, Value
from ._engine import (_GUARD, _as_activation, _check_dps, _check_positive, _exact_expectation,
                      _numeric_expectation, _round, _t, _tidy, MAX_GAUSSIAN_ORDER)
from ..core.errors import RmtsymError
from ..core import numbers as _numbers

__all__ = [
    "gaussian_expectation", "gaussian_moments", "GaussianMoments", "hermite_coefficients",
    "centered", "normalized",
]


# ---------------------------------------------------------------------------
# public expectations
# ---------------------------------------------------------------------------
@overload
def gaussian_expectation(act: ActivationLike, q: NumberLike = ..., dps: int | None = ..., xi_power: int = ...,
                         power: int = ..., derivative: int = ..., error: Literal[False] = ...) -> Value: ...


@overload
def gaussian_expectation(act: ActivationLike, q: NumberLike = ..., dps: int | None = ..., xi_power: int = ...,
                         power: int = ..., derivative: int = ...,
                         *, error: Literal[True]) -> Value | tuple[mpmath.mpf, mpmath.mpf]: ...


def gaussian_expectation(act: ActivationLike, q: NumberLike = 1, dps: int | None = None, xi_power: int = 0,
                         power: int = 1, derivative: int = 0,
                         error: bool = False) -> Value | tuple[mpmath.mpf, mpmath.mpf]:
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

    def __init__(self, data: dict[str, Any], act: Activation, q: sp.Expr, dps: int | None,
                 errors: dict[str, Any] | None = None) -> None:
        super().__init__(data)
        self.act, self.q, self.dps, self.errors = act, q, dps, errors

    @property
    def exact(self) -> bool:
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


def gaussian_moments(act: ActivationLike, q: NumberLike = 1, dps: int | None = None) -> GaussianMoments:
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
    out: dict[str, Any] = {}
    errs: dict[str, Any] = {}
    for key, (d, p, j) in _MOMENT_SPECS.items():
        if dps is None:
            out[key] = gaussian_expectation(act, q, None, j, p, d)
        else:
            out[key], errs[key] = gaussian_expectation(act, q, dps, j, p, d, error=True)
    return GaussianMoments(out, act, q, dps, errs if dps is not None else None)


def _hermite_he(k, var):
    return sp.expand(sp.hermite_prob(k, var)) if hasattr(sp, "hermite_prob") else \
        sp.expand(sp.hermite(k, var / sp.sqrt(2)) * 2**(-sp.Rational(k, 2)))


def hermite_coefficients(act: ActivationLike, n: int, q: NumberLike = 1,
                         dps: int | None = None) -> list[Value]:
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


def centered(act: ActivationLike, q: NumberLike = 1, dps: int | None = None) -> Activation:
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


def normalized(act: ActivationLike, q: NumberLike = 1, dps: int | None = None) -> Activation:
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
