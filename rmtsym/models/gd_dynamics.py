r"""Training and test performance of gradient descent on a Gaussian mixture (Liao–Couillet).

The model of seed ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course, slides
"Gradient descent dynamics on linear regression model" and "Some RMT results
on GDDs", Theorem [LC18] and eqs. (14)–(18)), from Z. Liao and R. Couillet,
"The Dynamics of Learning: A Random Matrix Approach", ICML 2018 (PMLR 80,
3072–3081).

Setting (every symbol of the seed, defined once)
------------------------------------------------
* Data: n training points :math:`x_i\in\mathbb R^p`, class
  :math:`\mathcal C_1`: :math:`x_i\sim\mathcal N(-\mu, I_p)`, label
  :math:`y_i=-1`; class :math:`\mathcal C_2`: :math:`\mathcal N(+\mu, I_p)`,
  :math:`y_i=+1`; so :math:`X = \mu y^T + Z` with Z i.i.d. N(0, 1).
  The class proportions do not enter the limits (the law of
  :math:`(X, y)` depends on y only through :math:`\|y\|^2 = n`).
* ``c`` :math:`= \lim p/n\in(0,\infty)`; ``rho`` :math:`\rho=\lim\|\mu\|^2>0`
  (the mean / spike strength).
* Loss (14): :math:`L(w)=\frac1{2n}\|y-X^Tw\|^2+\frac\gamma2\|w\|^2`,
  ``gamma`` :math:`\gamma\ge0` the ridge penalty; Hessian
  :math:`H=\frac1nXX^T+\gamma I_p`.
* Gradient flow (15): :math:`w(t)=e^{-\alpha tH}w_0+(I-e^{-\alpha tH})w_\infty`,
  :math:`w_\infty=H^{-1}\frac1nXy` (16); α the learning rate, t the time —
  only the product ``alpha_t`` :math:`=\alpha t` enters.  Discrete gradient
  descent :math:`w_{k+1}=w_k-\alpha\nabla L(w_k)` after k steps is the same
  with :math:`e^{-\alpha tH}` replaced by :math:`(I-\alpha H)^k`
  (``steps=k``, α = ``alpha_t``/k).
* Initialisation: :math:`w_0\sim\mathcal N(0,\sigma^2I_p/p)` independent of
  X, ``sigma2`` :math:`=\sigma^2\ge0` (so :math:`\|w_0\|^2\to\sigma^2`).

Statistics.  For a test point :math:`\hat x=-\mu+\hat z` of class
:math:`\mathcal C_1`, :math:`P(\hat x^Tw>0\mid w)=Q(\mu^Tw/\|w\|)` exactly, so
:math:`E_{test}=\lim\mu^Tw(t)`, :math:`V_{test}=\lim\|w(t)\|^2`; for the
training points :math:`E_{train}=\lim\frac1n y^TX^Tw(t)`,
:math:`V_{train}=\lim\frac1n\|X^Tw(t)\|^2-E_{train}^2` (mean and variance of
:math:`y_ix_i^Tw` over the training set), and the error rates are
:math:`Q(E/\sqrt V)`, :math:`Q(x)=\frac12\operatorname{erfc}(x/\sqrt2)`.

Derivation (used by both routes).  Rotating y to :math:`\sqrt n e_1`,
:math:`S=\frac1nXX^T=S_0+uu^T` with :math:`u=\frac1nXy=\mu+Zy/n`
independent of :math:`S_0` (a Wishart of ratio c), :math:`\|u\|^2\to\rho+c`,
:math:`\mu^Tu\to\rho`.  With m the Marchenko–Pastur Stieltjes transform
(docs/conventions.md convention :math:`m(x)=\int\mu(dt)/(t-x)`, unshifted variable x =
eigenvalue of S) Sherman–Morrison gives the deterministic equivalents

.. math::
   \mu^T(S-x)^{-1}u \simeq \frac{\rho\, m(x)}{1+(\rho+c)m(x)},\qquad
   u^T(S-x)^{-1}u \simeq 1-\frac{1}{1+(\rho+c)m(x)}.

With :math:`F(x)=f(x+\gamma)` (:math:`f(z)=e^{-\alpha t z}` or
:math:`(1-\alpha z)^k`) and :math:`g(x)=(1-F(x))/(x+\gamma)`, so
:math:`w(t)=F(S)w_0+g(S)u`:

Route (a), contour integrals (Γ positive around [0, max(λ₊, λ_s)]):

.. math::
   E_{test} &= -\frac{1}{2\pi i}\oint g\,\frac{\rho m}{1+(\rho+c)m}dx,\qquad
   E_{train} = +\frac{1}{2\pi i}\oint \frac{g\,dx}{1+(\rho+c)m},\\
   V_{test} &= \frac{1}{2\pi i}\oint\Big[\frac{g^2}{1+(\rho+c)m}-\sigma^2F^2m\Big]dx,\quad
   V_{train} = \frac{1}{2\pi i}\oint\Big[\frac{x\,g^2}{1+(\rho+c)m}-\sigma^2xF^2m\Big]dx-E_{train}^2.

In the seed's shifted variable :math:`z=x+\gamma` these are the printed
formulas except for two errata (see ``rmtsym/claims/gd_dynamics_*_erratum.py``):
the printed :math:`E_{train}` has the sign ``-1/(2πi)`` (it gives
:math:`-E_{train}`), and the printed :math:`V_{train}` has :math:`z` where
:math:`z-\gamma` belongs (``(1/z)(1-f_t)^2`` and ``σ² f_t² z m``: it
computes :math:`w^THw` instead of :math:`\frac1n\|X^Tw\|^2=w^TSw`; right
only for γ = 0).

Route (b), real integrals (seed "Some further simplifications", eqs. (17),
(18)): with μ the MP law (17) (atom :math:`(1-c^{-1})^+` at 0) and

.. math::
   \omega(dx)=\frac{\sqrt{(x-\lambda_-)^+(\lambda_+-x)^+}}{2\pi(\lambda_s-x)}dx
   +\frac{(\rho^2-c)^+}{\rho}\delta_{\lambda_s},\qquad
   \lambda_s=c+1+\rho+\frac c\rho=\frac{(1+\rho)(\rho+c)}{\rho},

(ω is the spectral measure of S between μ and u: its Stieltjes transform
is :math:`\rho m/(1+(\rho+c)m)`; the a.c. part is
:math:`\frac{cx}{\lambda_s-x}\mu_{ac}(dx)`, computed here from the
project's MP density; the atom is the isolated eigenvalue, present iff
:math:`\rho>\sqrt c`), exactly as printed:

.. math::
   E_{test}=\int g\,d\omega,\quad V_{test}=\frac{\rho+c}{\rho}\int g^2d\omega+\sigma^2\int F^2d\mu,\quad
   E_{train}=\frac{\rho+c}{\rho}\int g\,d\omega,\quad
   V_{train}=\frac{\rho+c}{\rho}\int x g^2d\omega+\sigma^2\int xF^2d\mu-E_{train}^2 .

Fixed data (:func:`fixed_design_statistics`).  On one fixed data set
(X, y) — real data such as the digits — the same decomposition
:math:`w=F(S)w_0+g(S)b`, :math:`b=\frac1nXy`, is an *identity*, not a
limit: with :math:`S=\sum_j\lambda_jv_jv_j^T` every training statistic is a
spectral sum over the data's own eigenpairs, e.g.
:math:`\mathbb E_{w_0}E_{train}=\sum_j g(\lambda_j)(v_j^Tb)^2` (the
finite-n form of :math:`\frac{\rho+c}{\rho}\int g\,d\omega`, ω replaced by
:math:`\sum_j (v_j^Tb)^2\delta_{\lambda_j}`).  The Theorem's limits are
what these sums become when :math:`X=\mu y^T+Z` with Z i.i.d. N(0, 1).

References
----------
Z. Liao and R. Couillet, "The Dynamics of Learning: A Random Matrix
Approach", Proc. ICML 2018, PMLR 80:3072–3081.  Seed
``001_322f0eb0bc5d01dd.txt``: Theorem (Training and test performance of
GDD, [LC18]), eqs. (14)–(18).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..core.errors import RmtsymError, require
from ..laws.named import marchenko_pastur
from ..numerics.contour import ellipse_contour_integral, sqrt_edge_quadrature

if TYPE_CHECKING:
    from ..core.measure import AlgebraicMeasure

__all__ = ["GDDynamics", "gaussian_q", "fixed_design_statistics"]

_GUARD = 10
_METHODS = ("integral", "contour")


def gaussian_q(x: object) -> mpmath.mpf:
    r"""Gaussian tail :math:`Q(x)=P(\xi>x)=\frac12\operatorname{erfc}(x/\sqrt2)` (mpmath).

    Examples
    --------
    >>> import mpmath
    >>> mpmath.nstr(gaussian_q(0), 5)
    '0.5'
    """
    return mpmath.erfc(mpmath.mpf(x) / mpmath.sqrt(2)) / 2


def _exact_number(value, name, allow_zero):
    if isinstance(value, bool):
        raise RmtsymError(f"{name} must be a real number, got {value!r}")
    try:
        if isinstance(value, float):
            v = sympy.Rational(repr(value))
        elif isinstance(value, str):
            v = sympy.Rational(value)
        else:
            v = sympy.nsimplify(value) if isinstance(value, sympy.Float) else sympy.sympify(value)
    except (TypeError, ValueError, sympy.SympifyError) as exc:
        raise RmtsymError(f"{name} must be a real number, got {value!r}") from exc
    if not (v.is_number and v.is_real and v.is_finite):
        raise RmtsymError(f"{name} must be a finite real number, got {value!r}")
    if allow_zero:
        require(v >= 0, f"{name} must be >= 0, got {v}")
    else:
        require(v > 0, f"{name} must be > 0, got {v}")
    return v


def _mpf_nonneg(value, name):
    """alpha_t as an mpf >= 0 (mpmath.inf / float('inf') / sympy.oo allowed)."""
    if isinstance(value, bool):
        raise RmtsymError(f"{name} must be a real number >= 0, got {value!r}")
    if value is sympy.oo:
        return mpmath.inf
    try:
        if isinstance(value, sympy.Basic):
            require(value.is_real is not False and value.is_number,
                    f"{name} must be a real number >= 0, got {value!r}")
            v = mpmath.mpf(sympy.N(value, mpmath.mp.dps + 5))
        else:
            v = mpmath.mpmathify(value)
    except (TypeError, ValueError) as exc:
        raise RmtsymError(f"{name} must be a real number >= 0, got {value!r}") from exc
    require(isinstance(v, mpmath.mpf) and not mpmath.isnan(v),
            f"{name} must be a real number >= 0, got {value!r}")
    require(v >= 0, f"{name} must be >= 0 (a time), got {value!r}")
    return v


class GDDynamics:
    r"""Gradient-descent dynamics of a linear classifier on a two-class Gaussian mixture [LC18].

    Parameters
    ----------
    c : positive number
        :math:`c=\lim p/n` (dimension over number of training points).
    rho : positive number
        :math:`\rho=\lim\|\mu\|^2`, the squared norm of the class mean ±μ.
    gamma : number >= 0, optional
        Ridge penalty γ of the loss (14) (default 0): the Hessian is
        :math:`\frac1nXX^T+\gamma I`, whose law is MP(c) shifted by γ.
    sigma2 : number >= 0, optional
        Initialisation variance: :math:`w_0\sim\mathcal N(0,\sigma^2I_p/p)` (default 0).

    Parameters are kept exact (ints, Rationals, strings ``"1/2"``; a float is
    read as its decimal literal, ``0.1`` -> 1/10).  See the module docstring
    for the model, both routes and the errata of the seed.

    Raises
    ------
    RmtsymError
        If c <= 0, rho <= 0, gamma < 0 or sigma2 < 0 (the message names it).

    Notes
    -----
    :meth:`statistics` gives :math:`E_{test}, V_{test}, E_{train}, V_{train}`
    by route (b) (``method="integral"``, real integrals over μ and ω, eqs.
    (17)–(18)) or route (a) (``method="contour"``, the contour integrals of
    the Theorem, corrected); :meth:`error_rates` gives :math:`Q(E/\sqrt V)`.
    The simulation (:meth:`sample`) runs actual discrete gradient descent
    (:mod:`rmtsym.sampling.gd`).

    References
    ----------
    Z. Liao, R. Couillet, "The Dynamics of Learning: A Random Matrix
    Approach", ICML 2018.  Seed ``001_322f0eb0bc5d01dd.txt``, Theorem
    [LC18] and eqs. (14)–(18).

    Examples
    --------
    >>> gd = GDDynamics("1/2", 2, gamma="1/10", sigma2="1/4")
    >>> s = gd.statistics(1, dps=15)
    >>> sorted(s)
    ['E_test', 'E_train', 'V_test', 'V_train']
    >>> import mpmath
    >>> mpmath.nstr(s["E_test"], 6), mpmath.nstr(gd.statistics(0, dps=15)["V_test"], 6)
    ('0.564933', '0.25')
    """

    def __init__(self, c: object, rho: object, gamma: object = 0, sigma2: object = 0) -> None:
        self.c = _exact_number(c, "c", allow_zero=False)
        self.rho = _exact_number(rho, "rho", allow_zero=False)
        self.gamma = _exact_number(gamma, "gamma", allow_zero=True)
        self.sigma2 = _exact_number(sigma2, "sigma2", allow_zero=True)
        self._mp = marchenko_pastur(self.c)
        self._cache: dict[tuple, Any] = {}

    # ------------------------------------------------------------------ laws
    def data_law(self) -> AlgebraicMeasure:
        """MP(c): the limit spectral law of (1/n) X Xᵀ (the spike does not move it), eq. (17)."""
        return self._mp

    def hessian_law(self) -> AlgebraicMeasure:
        """MP(c) shifted by γ: the limit spectral law of the Hessian (1/n) X Xᵀ + γ I."""
        return self._mp.affine(1, self.gamma)

    @property
    def spike_location(self) -> sympy.Expr:
        r""":math:`\lambda_s=c+1+\rho+c/\rho` (exact), an eigenvalue of (1/n)XXᵀ iff ρ > √c."""
        return sympy.nsimplify(self.c + 1 + self.rho + self.c / self.rho)

    @property
    def spike_mass(self) -> sympy.Expr:
        r""":math:`(\rho^2-c)^+/\rho`, the mass of ω at λ_s (eq. 18), exact."""
        return sympy.Max(0, self.rho ** 2 - self.c) / self.rho

    def __repr__(self):
        return (f"GDDynamics(c={self.c}, rho={self.rho}, gamma={self.gamma}, "
                f"sigma2={self.sigma2})")

    def _repr_latex_(self):
        return (r"$\mathrm{GDDynamics}\left(c=" + sympy.latex(self.c) + r",\ \rho="
                + sympy.latex(self.rho) + r",\ \gamma=" + sympy.latex(self.gamma)
                + r",\ \sigma^2=" + sympy.latex(self.sigma2) + r"\right)$")

    # ------------------------------------------------------------ internals
    def _filters(self, at, steps, wp):
        """(F, g): F(x) = f(x + γ), g(x) = (1 − F(x))/(x + γ), at ``wp`` digits."""
        gam = mpmath.mpf(sympy.N(self.gamma, wp))
        if at == mpmath.inf:
            return (lambda x: mpmath.mpf(0)), (lambda x: 1 / (x + gam))
        if steps is None:
            def F(x):
                return mpmath.exp(-at * (x + gam))

            def g(x):
                z = x + gam
                if z == 0:
                    return at
                return -mpmath.expm1(-at * z) / z
            return F, g
        a = at / steps

        def Fd(x):
            return (1 - a * (x + gam)) ** steps

        def gd(x):
            z = x + gam
            if z == 0:
                return at
            u = a * z
            if abs(u) < mpmath.mpf(1) / 2:
                return -mpmath.expm1(steps * mpmath.log1p(-u)) / z
            return (1 - (1 - u) ** steps) / z
        return Fd, gd

    def _args(self, alpha_t, dps, method, steps):
        require(isinstance(dps, int) and 5 <= dps <= 200, f"dps must be an integer in [5, 200], got {dps!r}")
        require(method in _METHODS, f"method must be one of {_METHODS}, got {method!r}")
        with mpmath.workdps(dps + _GUARD):
            at = _mpf_nonneg(alpha_t, "alpha_t")
        if steps is not None:
            require(isinstance(steps, int) and not isinstance(steps, bool) and steps >= 1,
                    f"steps must be a positive integer (number of gradient steps) or None, got {steps!r}")
            require(at != mpmath.inf, "alpha_t must be finite when steps is given")
        if at == mpmath.inf:
            require(method == "integral",
                    "alpha_t = inf (the ridge solution w_inf) is only available with method='integral'")
            require(self.gamma > 0 or self.c != 1,
                    "gamma must be > 0 for alpha_t = inf at c = 1: the ridgeless interpolator has "
                    "V_test = inf there (the double-descent peak)")
        return at

    def _spectrum(self, wp):
        key = ("spec", wp)
        if key not in self._cache:
            (lo, hi), = self._mp.support(dps=wp)
            ats = self._mp.atoms(dps=wp)
            self._cache[key] = (lo, hi, ats)
        return self._cache[key]

    def _density(self, x, wp):
        key = ("dens", wp, x)
        d = self._cache.get(key)
        if d is None:
            d = self._mp.density(x, dps=wp)
            self._cache[key] = d
        return d

    def _m(self, z, wp):
        key = ("m", wp, z)
        v = self._cache.get(key)
        if v is None:
            v = mpmath.mpc(self._mp.stieltjes(z, dps=wp))
            self._cache[key] = v
        return v

    def _combine(self, I1, I2, I3, I4, I5):
        rho, c, s2 = (mpmath.mpf(sympy.N(v, mpmath.mp.dps)) for v in (self.rho, self.c, self.sigma2))
        k = (rho + c) / rho
        E_train = k * I1
        return {"E_test": I1, "V_test": k * I2 + s2 * I4,
                "E_train": E_train, "V_train": k * I3 + s2 * I5 - E_train ** 2}

    def _integral_route(self, at, steps, dps):
        wp = dps + _GUARD
        lo, hi, ats = self._spectrum(wp)
        with mpmath.workdps(wp):
            F, g = self._filters(at, steps, wp)
            c = mpmath.mpf(sympy.N(self.c, wp))
            ls = mpmath.mpf(sympy.N(self.spike_location, wp))

            def integrand(x):
                rho_mu = self._density(x, wp)
                om = c * x / (ls - x) * rho_mu          # a.c. part of omega (eq. 18)
                gx, Fx = g(x), F(x)
                return [gx * om, gx * gx * om, x * gx * gx * om, Fx * Fx * rho_mu, x * Fx * Fx * rho_mu]

            def prefetch(xs):                           # the MP density on the grid, by continuation
                new = [x for x in xs if ("dens", wp, x) not in self._cache]
                if new:
                    for x, d in zip(new, self._mp.density(new, dps=wp)):
                        self._cache[("dens", wp, x)] = d

            vals, err = sqrt_edge_quadrature(integrand, lo, hi, dps=wp, tol=mpmath.mpf(10) ** (-(dps + 3)),
                                             prefetch=prefetch)
            I1, I2, I3, I4, I5 = vals
            ws = mpmath.mpf(sympy.N(self.spike_mass, wp))
            if ws > 0:                                   # the isolated eigenvalue (eq. 18)
                gs = g(ls)
                I1 += ws * gs
                I2 += ws * gs * gs
                I3 += ws * ls * gs * gs
            for loc, w in ats:                           # MP atom (1 - 1/c)^+ at 0 (eq. 17)
                Fx = F(loc)
                I4 += w * Fx * Fx
                I5 += w * loc * Fx * Fx
            return self._combine(I1, I2, I3, I4, I5), err

    def _contour_route(self, at, steps, dps):
        lo, hi, _ = self._spectrum(dps + _GUARD)
        with mpmath.workdps(dps + _GUARD):
            ls = mpmath.mpf(sympy.N(self.spike_location, dps + _GUARD))
            b = max(hi, ls)
            # the contour dips to x = -b/8 (r = 2): F^2 grows there; add the digits lost
            F0, _ = self._filters(at, steps, dps + _GUARD)
            grow = max([mpmath.mpf(0)] + [mpmath.log10(abs(F0(x)) ** 2 + 1)
                                           for x in (-b / 8, -b / 8 + mpmath.mpc(0, b / 2))])
        wp = dps + _GUARD + int(grow) + 2
        with mpmath.workdps(wp):
            F, g = self._filters(at, steps, wp)
            rho, c, s2 = (mpmath.mpf(sympy.N(v, wp)) for v in (self.rho, self.c, self.sigma2))

            def integrand(x):
                m = self._m(x, wp)
                d = 1 + (rho + c) * m
                gx, Fx = g(x), F(x)
                return [-gx * rho * m / d, gx / d, gx * gx / d - s2 * Fx * Fx * m,
                        x * gx * gx / d - s2 * x * Fx * Fx * m]

            vals, err = ellipse_contour_integral(integrand, 0, b, dps=wp, min_nodes=64,
                                                 tol=mpmath.mpf(10) ** (-(dps + 3)))
            Et, Etr, Vt, Vtr = (v.real for v in vals)
            res = {"E_test": Et, "V_test": Vt, "E_train": Etr, "V_train": Vtr - Etr ** 2}
            return res, err

    # ---------------------------------------------------------------- public
    def statistics(self, alpha_t: object, dps: int = 25, method: str = "integral", steps: int | None = None,
                   error: bool = False) -> Any:
        r"""E_test, V_test, E_train, V_train at time ``alpha_t`` = α t.

        Parameters
        ----------
        alpha_t : real >= 0 or ``mpmath.inf``
            Learning rate times time, :math:`\alpha t`.  ``inf`` gives the
            ridge solution :math:`w_\infty` (16) (``method="integral"``; at
            c = 1 it needs γ > 0).
        dps : int, optional
            Digits (default 25).
        method : {"integral", "contour"}, optional
            Route (b): real integrals over μ and ω (eqs. 17–18, atoms
            included) by :func:`~rmtsym.numerics.contour.sqrt_edge_quadrature`
            of the project's MP density; route (a): the (corrected) contour
            integrals of the Theorem by
            :func:`~rmtsym.numerics.contour.ellipse_contour_integral` of the
            project's MP Stieltjes transform.
        steps : int, optional
            If given, the statistics of k = ``steps`` steps of *discrete*
            gradient descent with learning rate ``alpha_t / steps`` (filter
            :math:`(1-\alpha z)^k` instead of :math:`e^{-\alpha t z}`).
        error : bool, optional
            Also return the quadrature error estimate.

        Returns
        -------
        dict (and mpmath.mpf if ``error``)
            Keys ``E_test``, ``V_test``, ``E_train``, ``V_train`` (mpmath.mpf
            rounded to ``dps`` digits).

        Raises
        ------
        RmtsymError
            alpha_t < 0, bad dps / method / steps, alpha_t = inf with γ = 0 at c = 1.
        ConvergenceError
            If a quadrature does not reach 10^−(dps+3).

        Examples
        --------
        >>> gd = GDDynamics(2, 1, gamma="1/2", sigma2=1)
        >>> a = gd.statistics(2, dps=12)
        >>> b = gd.statistics(2, dps=12, method="contour")
        >>> all(abs(a[k] - b[k]) < 1e-11 for k in a)
        True
        """
        at = self._args(alpha_t, dps, method, steps)
        res, err = (self._integral_route if method == "integral" else self._contour_route)(at, steps, dps)
        with mpmath.workdps(dps):
            out = {k: +v for k, v in res.items()}
        return (out, err) if error else out

    def error_rates(self, alpha_t: object, dps: int = 15, method: str = "integral",
                    steps: int | None = None) -> dict:
        r"""Limiting misclassification rates :math:`Q(E/\sqrt V)` (Theorem [LC18]).

        Parameters
        ----------
        alpha_t, dps, method, steps
            As in :meth:`statistics`.

        Returns
        -------
        dict
            ``{"test": Q(E_test/√V_test), "train": Q(E_train/√V_train)}``
            (mpmath.mpf).  At αt = 0 with σ² = 0, w ≡ 0 and both are 1/2.

        Examples
        --------
        >>> r = GDDynamics("1/2", 4, gamma="1/10").error_rates(10)
        >>> float(r["train"]) < float(r["test"]) < 0.5
        True
        """
        s = self.statistics(alpha_t, dps=dps, method=method, steps=steps)
        with mpmath.workdps(dps + 5):
            out = {}
            for key in ("test", "train"):
                E, V = s["E_" + key], s["V_" + key]
                out[key] = mpmath.mpf(1) / 2 if V <= 0 and E == 0 else gaussian_q(E / mpmath.sqrt(V))
        with mpmath.workdps(dps):
            return {k: +v for k, v in out.items()}

    def sample(self, n: int, alpha: float, steps: int, samples: int = 1, seed: int = 0,
               record: Sequence[int] | None = None) -> dict:
        r"""Run actual discrete gradient descent on sampled mixtures (see :func:`rmtsym.sampling.gd.simulate_gd`).

        Parameters
        ----------
        n : int
            Training points; the dimension is p = c·n (must be an integer).
        alpha : float
            Learning rate α (so αt = α·steps).
        steps : int
            Number of gradient steps.
        samples : int, optional
            Independent replicates (data, labels and w₀ redrawn).
        seed : int, optional
            Seed of ``numpy.random.default_rng``.
        record : sequence of int, optional
            Steps at which to record (default: ``[steps]``).

        Returns
        -------
        dict of numpy arrays
            ``E_test, V_test, E_train, V_train, test_error, train_error``,
            each of shape (samples, len(record)), plus ``record``, ``n``, ``p``,
            ``seed``.
        """
        from ..sampling.gd import simulate_gd
        p = self.c * n
        require(p.is_integer and p >= 1, f"c * n must be a positive integer (p), got c*n = {p}")
        return simulate_gd(n, int(p), float(self.rho), float(self.gamma), float(self.sigma2),
                           alpha, steps, samples=samples, seed=seed, record=record)


def _as_matrix(a, name, ndim):
    try:
        arr = np.asarray(a, dtype=float)
    except (TypeError, ValueError) as exc:
        raise RmtsymError(f"{name} must be a real array, got {type(a).__name__}") from exc
    require(arr.ndim == ndim, f"{name} must be a {ndim}-d array, got shape {arr.shape}")
    require(bool(np.all(np.isfinite(arr))), f"{name} must be finite")
    return arr


def fixed_design_statistics(X: Any, y: Any, alpha_t: float, gamma: float = 0.0, sigma2: float = 0.0,
                            steps: int | None = None, mu: Any = None, X_test: Any = None,
                            y_test: Any = None, w0: Any = None) -> dict:
    r"""E/V of gradient descent on one *fixed* data set, from the data's own eigen-decomposition.

    Parameters
    ----------
    X : array (p, n)
        Training data, one column a point (real data allowed: nothing is assumed about it).
    y : array (n,)
        Labels ±1.
    alpha_t : float >= 0
        Learning rate times time αt (with ``steps``: α = ``alpha_t``/``steps``).
    gamma, sigma2 : float >= 0, optional
        Ridge γ of the loss (14) and the initialisation variance
        (:math:`w_0\sim\mathcal N(0,\sigma^2I_p/p)`).
    steps : int, optional
        k steps of discrete GD (filter :math:`(1-\alpha(\lambda+\gamma))^k`); None: gradient flow.
    mu : array (p,), optional
        A class mean; adds ``E_test`` :math:`=\mu^Tw`.
    X_test, y_test : arrays (p, m), (m,), optional
        Held-out points; adds ``E_heldout`` (mean of :math:`\hat y\hat x^Tw`) and
        ``V_heldout`` (its variance over the held-out set).
    w0 : array (p,) or (B, p), optional
        Given initialisations: the statistics of these runs (arrays of length B).
        None: the exact expectations over :math:`w_0` (floats).

    Returns
    -------
    dict
        ``E_train`` :math:`=\frac1ny^TX^Tw`, ``V_train``
        :math:`=\frac1n\|X^Tw\|^2-E_{train}^2`, ``V_test`` :math:`=\|w\|^2`,
        and ``E_test``, ``E_heldout``, ``V_heldout`` when asked for.

    Raises
    ------
    RmtsymError
        Shapes that do not fit, labels not ±1, non-finite entries, negative
        ``alpha_t``/``gamma``/``sigma2``, ``steps`` not a positive integer.

    Notes
    -----
    With :math:`S=\frac1nXX^T=V\Lambda V^T`, :math:`b=\frac1nXy`, :math:`H=S+\gamma I`,
    k GD steps give :math:`w=F(S)w_0+g(S)b`, :math:`F(\lambda)=(1-\alpha(\lambda+\gamma))^k`,
    :math:`g=(1-F)/(\lambda+\gamma)` (:math:`\alpha k` at :math:`\lambda+\gamma=0`); a quadratic
    form :math:`w^TAw` has expectation :math:`b^Tg(S)Ag(S)b+\frac{\sigma^2}p\operatorname{tr}F(S)AF(S)`
    and :math:`(a^Tw)^2` has :math:`(a^Tg(S)b)^2+\frac{\sigma^2}p\|F(S)a\|^2`.  This is the exact
    finite-n statement behind the Theorem [LC18] (Liao–Couillet 2018, seed
    ``001_322f0eb0bc5d01dd.txt``): the real integrals (17)–(18) are the limits of these sums.
    The other route is the iteration itself (:func:`rmtsym.sampling.gd.simulate_gd_fixed`).
    A learning rate at which GD diverges is not an error: the filter is evaluated as it is.

    References
    ----------
    Z. Liao, R. Couillet, "The Dynamics of Learning: A Random Matrix Approach", ICML 2018;
    seed ``001_322f0eb0bc5d01dd.txt``, eqs. (14)–(16).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, -1.0, 0.5], [0.0, 1.0, 1.0]]); y = np.array([1.0, -1.0, 1.0])
    >>> s = fixed_design_statistics(X, y, 0.0, sigma2=2.0)          # t = 0: w = w_0
    >>> round(s["E_train"], 12), round(s["V_test"], 12)
    (0.0, 2.0)
    """
    X = _as_matrix(X, "X", 2)
    y = _as_matrix(y, "y", 1)
    p, n = X.shape
    require(y.shape == (n,), f"y must have length n = {n} (the columns of X), got {y.shape[0]}")
    require(bool(np.all(np.abs(y) == 1)), "y must be labels +1/-1")
    for name, v in (("alpha_t", alpha_t), ("gamma", gamma), ("sigma2", sigma2)):
        require(isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool)
                and math.isfinite(v) and v >= 0, f"{name} must be a finite real number >= 0, got {v!r}")
    if steps is not None:
        require(isinstance(steps, (int, np.integer)) and not isinstance(steps, bool) and steps >= 1,
                f"steps must be a positive integer (number of gradient steps) or None, got {steps!r}")
    lam, V = np.linalg.eigh(X @ X.T / n)
    z = lam + gamma
    if steps is None:
        F = np.exp(-alpha_t * z)
    else:
        F = (1 - alpha_t / steps * z) ** steps
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(z != 0, (1 - F) / np.where(z != 0, z, 1), alpha_t)
    bt = V.T @ (X @ y / n)                              # b in the eigenbasis
    gb = g * bt                                         # g(S) b in the eigenbasis
    lin = {"E_train": bt}
    if mu is not None:
        mu = _as_matrix(mu, "mu", 1)
        require(mu.shape == (p,), f"mu must have length p = {p}, got {mu.shape[0]}")
        lin["E_test"] = V.T @ mu
    M = None
    if X_test is not None or y_test is not None:
        require(X_test is not None and y_test is not None, "X_test and y_test go together")
        Xt = _as_matrix(X_test, "X_test", 2)
        yt = _as_matrix(y_test, "y_test", 1)
        require(Xt.shape[0] == p and yt.shape == (Xt.shape[1],),
                f"X_test must be (p = {p}, m) and y_test (m,), got {Xt.shape}, {yt.shape}")
        require(bool(np.all(np.abs(yt) == 1)), "y_test must be labels +1/-1")
        Xe = V.T @ Xt
        lin["E_heldout"] = Xe @ yt / Xt.shape[1]
        M = Xe @ Xe.T / Xt.shape[1]                     # second moment of the held-out margins
    s2p = sigma2 / p
    if w0 is not None:
        W0 = _as_matrix(w0, "w0", 2 if np.ndim(w0) == 2 else 1)
        W0 = W0.reshape(-1, W0.shape[-1])
        require(W0.shape[1] == p, f"w0 must have length p = {p}, got {W0.shape[1]}")
        we = (W0 @ V) * F[None, :] + gb[None, :]        # w in the eigenbasis, one row a run
        out = {k: we @ a for k, a in lin.items()}
        out["V_test"] = np.einsum("bj,bj->b", we, we)
        out["V_train"] = np.einsum("bj,j,bj->b", we, lam, we) - out["E_train"] ** 2
        if M is not None:
            out["V_heldout"] = np.einsum("bj,jk,bk->b", we, M, we) - out["E_heldout"] ** 2
        return out
    out = {k: float(a @ gb) for k, a in lin.items()}
    F2 = F * F
    out["V_test"] = float(gb @ gb + s2p * F2.sum())
    sq_train = float(gb @ (lam * gb) + s2p * (lam * F2).sum())
    out["V_train"] = sq_train - (out["E_train"] ** 2 + s2p * float((F * bt) @ (F * bt)))
    if M is not None:
        a = lin["E_heldout"]
        sq = float(gb @ M @ gb + s2p * float(np.sum(F2 * np.diag(M))))
        out["V_heldout"] = sq - (out["E_heldout"] ** 2 + s2p * float((F * a) @ (F * a)))
    return out
