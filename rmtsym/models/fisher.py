r"""Spectrum of the Fisher information H₀ = E_x[JᵀJ] of a single-hidden-layer network.

The model of Pennington & Worah (2018), "The spectrum of the Fisher
information matrix of a single-hidden-layer neural network" (NeurIPS 31), as
summarised in the survey seed ``002_2c85d79b7db582c6.txt`` (Kim 2020), §4.3.

Conventions (stated once here, used everywhere below)
-----------------------------------------------------
* Network ŷ = W₂ σ(W₁ x), widths n₀ = n₁ = n₂ = k → ∞; W₁, W₂ with i.i.d.
  N(0, σ_w²/k) entries, input x ~ N(0, σ_x² I_k); parameters θ = (W₁, W₂),
  2k² of them; J = ∂ŷ/∂θ (k × 2k²) and H₀ = E_x[JᵀJ] (2k² × 2k²).  The
  spectral law is normalised by the dimension 2k² of H₀.
* σ must be centred, E σ(√q ξ) = 0 with q = σ_w² σ_x² (the seed's "zero
  mean").  Rescaling W̃ = W/σ_w, x̃ = x/σ_x leaves J unchanged with σ
  replaced by σ_q(u) = σ(√q u), so the law depends on (σ, q) only through

  .. math::

      \eta = \mathbb E\,\sigma(\sqrt q\,\xi)^2,\quad
      \eta' = q\,\mathbb E\,\sigma'(\sqrt q\,\xi)^2,\quad
      \zeta = q\,\bigl(\mathbb E\,\sigma'(\sqrt q\,\xi)\bigr)^2

  (the seed's η, η', ζ at q = 1).  Cauchy–Schwarz gives ζ ≤ η and ζ ≤ η'.
* Stieltjes transform m(z) = ∫ μ(dx)/(x − z) (docs/conventions.md).  The seed's
  formula is written for the Cauchy transform G = −m.

The seed's formula and its reading here
---------------------------------------
The seed prints

.. math::

    \text{“}m(z)\text{''} = \iint \frac{\lambda_1 + \lambda_2 - 2z}
      {2\zeta^2\bigl((\eta-\zeta)(\eta'-\zeta) + \lambda_1(z-\eta+\zeta)
       + \lambda_2(z-\eta'+\zeta) - z^2\bigr)}\,d\mu_1(\lambda_1)\,d\mu_2(\lambda_2)

with dμ₁ = (1/2π)√((η'+3ζ−λ)/(λ−η'+ζ)) dλ on [η'−ζ, η'+3ζ] and μ₂ the
same with η.  Each μ_i has mass ζ (not 1): μ₁/ζ is the law of
η' − ζ + ζa, a ~ MP(1), and μ₂/ζ that of η − ζ + ζb, b ~ MP(1); the
prefactor 1/(2ζ²) cancels the masses.  The denominator factorises: with
α = η − ζ, α' = η' − ζ and the 2 × 2 matrix

.. math::

    A(a, b) = \begin{pmatrix} \alpha + \zeta b & \zeta\sqrt{ab} \\
                              \zeta\sqrt{ab} & \alpha' + \zeta a\end{pmatrix},

the integrand is ½ tr (z − A)⁻¹ = (2z − tr A)/(2 det(z − A)), so the
formula is the **Cauchy transform** G(z) = E ½ tr(z − A)⁻¹ (a, b i.i.d.
MP(1)): the law of H₀ is that of a uniformly chosen eigenvalue of A(a, b).
This module uses m(z) = −G(z) (checked: Im m > 0 for Im z > 0, m ~ −1/z).

Routes
------
* **Stieltjes** (:meth:`FisherSpectrum.stieltjes`): det(z − A) is affine in
  b, so the b-integral is closed form in the MP(1) Stieltjes transform and
  a 1-D quadrature in a remains (``method="inner"``); ``method="double"``
  integrates the seed's double integral as printed (2-D quadrature).
* **Density** (:meth:`FisherSpectrum.density`): push-forward of MP(1)⊗MP(1)
  under the eigenvalues of A: for fixed a, det(x − A) = 0 has the single
  root b*(a) = (x − α)(x − α' − ζa)/(ζ(x − α')), so
  ρ(x) = ½ ∫ p(a) p(b*) |∂_x b*| da, ∂_x b* = 1/ζ + a(α' − α)/(x − α')².
* **Moments** (:meth:`FisherSpectrum.moments`): m_k = ½ E tr A^k by
  Cayley–Hamilton, E a^i b^j = C_i C_j (Catalan numbers) — exact
  polynomials in η, η', ζ; m₁ = (η + η')/2, m₂ = (η² + η'² + 4ζ²)/2.
* **Support / atoms**: for α ≤ α' the eigenvalues of A interlace:
  λ₋ ∈ [α, min(α + 4ζ, α')], λ₊ ∈ [α', λ_max], λ_max the top eigenvalue of
  A(4, 4); a gap iff |η − η'| > 4ζ; an atom ½ at η − ζ iff η = η' (the
  linear network: atom ½ at 0).
* **Sampling** (:meth:`FisherSpectrum.sample`): H₀ of real networks,
  :func:`rmtsym.sampling.fisher.fisher_network`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import mpmath
import numpy as np
import sympy as sp

from ..core.errors import ConvergenceError, RmtsymError
from ..core.types import ComplexInput, ExactInput, Moment, MpComplex, MpReal, RealInput
from ..gaussian.activations import Activation, activation as _activation
from ..gaussian.integrals import gaussian_expectation

if TYPE_CHECKING:
    from ..sampling.ensembles import SpectrumSample

__all__ = ["FisherSpectrum"]

_GUARD = 10


def _positive(value, name):
    try:
        v = sp.sympify(value)
    except (sp.SympifyError, TypeError):
        raise RmtsymError(f"{name} must be a positive number, got {value!r}") from None
    if v.is_positive is False or (v.is_number and not v.is_positive) or v.is_real is False:
        raise RmtsymError(f"{name} must be positive, got {value!r}")
    return v


def _check_dps(dps):
    """Digits in [1, MAX_DPS], through the project's one input path (:func:`rmtsym.core.numbers.dps`)."""
    from ..core import numbers
    return numbers.dps(dps, allow_none=False)


def _catalan(i):
    return sp.catalan(i)


class FisherSpectrum:
    r"""Limiting spectral law of the Fisher matrix H₀ = E_x[JᵀJ] of x ↦ W₂ σ(W₁ x).

    Parameters
    ----------
    activation : str, Activation or sympy.Expr
        σ, centred at the pre-activation variance q = σ_w² σ_x²
        (E σ(√q ξ) = 0; use :func:`rmtsym.centered`).
    sigma_w2 : positive number, optional
        Variance σ_w² of the entries of √k W₁ and √k W₂ (default 1).
    sigma_x2 : positive number, optional
        Variance σ_x² of the input entries (default 1).

    Raises
    ------
    RmtsymError
        Unknown or non-differentiable activation; σ not centred
        (``activation``); sigma_w2 or sigma_x2 not positive.

    Notes
    -----
    See the module docstring for the conventions, the translation of the
    seed's formula (``002_2c85d79b7db582c6.txt``, §4.3: the printed
    "Stieltjes transform" is G = −m; μ₁, μ₂ have mass ζ and the prefactor
    1/(2ζ²) normalises them) and the routes.  The seed's linear special case
    σ(x) = x is η = η' = ζ = 1 (law ½δ₀ + ½ MP(1) ∗ MP(1)).

    References
    ----------
    J. Pennington, P. Worah, "The spectrum of the Fisher information matrix
    of a single-hidden-layer neural network", NeurIPS 31 (2018).
    Seed ``002_2c85d79b7db582c6.txt`` (Kim, 2020 survey), §4.3.

    Examples
    --------
    >>> from rmtsym import centered
    >>> F = FisherSpectrum(centered("relu"))
    >>> F.constants()
    ((-1 + pi)/(2*pi), 1/2, 1/4)
    >>> F.moments(2)
    [1, (-1 + 2*pi)/(4*pi), ...]
    >>> m = F.stieltjes(1j, dps=15)
    >>> bool(m.imag > 0)
    True
    """

    def __init__(self, activation: Any, sigma_w2: ExactInput=1, sigma_x2: ExactInput=1) -> None:
        if isinstance(activation, Activation):
            act = activation
        else:
            try:
                act = _activation(activation)
            except RmtsymError as exc:
                raise RmtsymError(f"activation: {exc}") from None
        try:
            act.derivative()
        except RmtsymError as exc:
            raise RmtsymError(f"activation: {exc}") from None
        if act.free_parameters:
            raise RmtsymError(f"activation: substitute its parameters {act.free_parameters} first")
        self.activation: Activation | None = act
        self.sigma_w2 = _positive(sigma_w2, "sigma_w2")
        self.sigma_x2 = _positive(sigma_x2, "sigma_x2")
        self.q = self.sigma_w2 * self.sigma_x2
        self._exact: tuple[Any, Any, Any] | None = None
        self._numeric: dict[Any, Any] = {}
        try:
            mean = gaussian_expectation(act, self.q)
            centred = sp.simplify(mean) == 0
            shown = mean
        except RmtsymError:
            mean = gaussian_expectation(act, self.q, dps=30)
            centred = abs(mean) < mpmath.mpf(10) ** -25
            shown = mpmath.nstr(mean, 6)
        if not centred:
            raise RmtsymError(
                f"activation must be centred at the pre-activation variance q = sigma_w2*sigma_x2 = {self.q} "
                f"(E sigma(sqrt(q) xi) = {shown} != 0; Pennington–Worah's zero-mean condition); "
                f"use rmtsym.centered(act, q)")

    @classmethod
    def from_constants(cls, eta: ExactInput, eta_prime: ExactInput, zeta: ExactInput) -> Any:
        r"""The law for given constants η, η', ζ (numbers or SymPy symbols).

        Raises
        ------
        RmtsymError
            A constant not real, ζ < 0, η < ζ or η' < ζ (for numbers: then
            A(a, b) would not be positive semi-definite, impossible for a
            Fisher matrix).

        Examples
        --------
        >>> FisherSpectrum.from_constants(1, 1, 1).moments(3)   # linear network
        [1, 1, 3, 11]
        """
        vals = []
        for name, v in (("eta", eta), ("eta_prime", eta_prime), ("zeta", zeta)):
            try:
                s = sp.sympify(v)
            except (sp.SympifyError, TypeError):
                raise RmtsymError(f"{name} must be a real number or symbol, got {v!r}") from None
            if s.is_real is False or (s.is_number and not s.is_real):
                raise RmtsymError(f"{name} must be real, got {v!r}")
            vals.append(s)
        e, ep, z = vals
        if z.is_number and z < 0:
            raise RmtsymError(f"zeta must be >= 0, got {zeta!r}")
        for name, v in (("eta", e), ("eta_prime", ep)):
            d = v - z
            if d.is_number and d < 0:
                raise RmtsymError(f"{name} must be >= zeta (Cauchy–Schwarz), got {name} = {v}, zeta = {z}")
        obj = cls.__new__(cls)
        obj.activation = None
        obj.sigma_w2 = obj.sigma_x2 = obj.q = None
        obj._exact = (e, ep, z)
        obj._numeric = {}
        return obj

    # -- printing ----------------------------------------------------------
    def __repr__(self):
        if self.activation is None:
            e, ep, z = self._exact
            return f"FisherSpectrum.from_constants(eta={e}, eta_prime={ep}, zeta={z})"
        return (f"FisherSpectrum({self.activation.name!r}, sigma_w2={self.sigma_w2}, "
                f"sigma_x2={self.sigma_x2})")

    def _latex(self, printer=None):
        return (r"G_{H_0}(z) = \mathbb E_{a,b\sim\mathrm{MP}(1)}\tfrac12\operatorname{tr}(z-A)^{-1},\ "
                r"A = \begin{pmatrix}\eta-\zeta+\zeta b & \zeta\sqrt{ab}\\ \zeta\sqrt{ab} & "
                r"\eta'-\zeta+\zeta a\end{pmatrix}")

    def _repr_latex_(self):
        return "$" + self._latex() + "$"

    # -- constants ---------------------------------------------------------
    def constants(self, dps: int | None=None) -> Any:
        r"""(η, η', ζ): exact SymPy values (``dps=None``) or mpmath numbers to dps digits.

        Raises
        ------
        RmtsymError
            dps=None and a Gaussian integral has no closed form (pass dps).
        """
        if dps is None:
            if self._exact is None:
                a, q = self.activation, self.q
                assert a is not None           # _exact is set whenever activation is None
                try:
                    eta = sp.simplify(gaussian_expectation(a, q, power=2))
                    etap = sp.simplify(q * gaussian_expectation(a, q, derivative=1, power=2))
                    zeta = sp.simplify(q * gaussian_expectation(a, q, derivative=1) ** 2)
                except RmtsymError as exc:
                    raise RmtsymError(f"no closed form for the constants of {a.name}: pass dps ({exc})") from None
                self._exact = (eta, etap, zeta)
            return self._exact
        dps = _check_dps(dps)
        if dps not in self._numeric:
            if self.activation is None or self._exact is not None:
                e = self.constants()
                if any(v.free_symbols for v in e):
                    raise RmtsymError(f"constants {e} are symbolic: substitute numbers before dps evaluation")
                with mpmath.workdps(dps + _GUARD):
                    self._numeric[dps] = tuple(mpmath.mpf(sp.N(v, dps + _GUARD)) for v in e)
            else:
                a, q = self.activation, self.q
                wd = dps + _GUARD
                qq = mpmath.mpf(sp.N(q, wd))
                with mpmath.workdps(wd):
                    eta = gaussian_expectation(a, q, dps=wd, power=2)
                    d2 = gaussian_expectation(a, q, dps=wd, derivative=1, power=2)
                    d1 = gaussian_expectation(a, q, dps=wd, derivative=1)
                    self._numeric[dps] = (eta, qq * d2, qq * d1 * d1)
        return self._numeric[dps]

    def _consts(self, dps):
        """(α, α', ζ) as mpf at dps (+guard)."""
        e, ep, z = self.constants(dps)
        return e - z, ep - z, z

    # -- moments -------------------------------------------------------------
    def moments(self, k: int, dps: int | None = None) -> list[Moment]:
        r"""Moments m_0..m_k of the law: ½ E tr A(a, b)^j, exact or to dps digits.

        Parameters
        ----------
        k : int
            Highest order (>= 0).
        dps : int or None, optional
            None: exact SymPy expressions in the constants; an integer: mpmath
            values (constants by quadrature when they have no closed form).

        Returns
        -------
        list

        Raises
        ------
        RmtsymError
            Bad k/dps; dps=None and no closed-form constants.

        Notes
        -----
        tr A^j = t tr A^{j−1} − d tr A^{j−2} (Cayley–Hamilton) with
        t = α + α' + ζ(a + b), d = αα' + ζ(αa + α'b); E a^i b^j = C_i C_j.
        """
        if not isinstance(k, int) or isinstance(k, bool) or k < 0:
            raise RmtsymError(f"k must be a non-negative integer, got {k!r}")
        polys = _trace_polynomials(k)
        if dps is None:
            e, ep, z = self.constants()
            vals = [p(e - z, ep - z, z) for p in polys]
            return [sp.factor(v) if v.has(sp.pi) else sp.expand(v) for v in vals]
        dps = _check_dps(dps)
        with mpmath.workdps(dps + _GUARD):
            al, alp, z = self._consts(dps)
            out = [p(al, alp, z) for p in polys]
        with mpmath.workdps(dps):
            return [+v for v in out]

    # -- support -------------------------------------------------------------
    def _support_numbers(self, lib):
        if lib is None:
            e, ep, z = self.constants()
            al, alp, zz = e - z, ep - z, z
            sqrt = sp.sqrt
        else:
            al, alp, zz = lib
            sqrt = mpmath.sqrt
        lo, hi = (al, alp) if (lib is None and sp.simplify(alp - al) >= 0) or \
            (lib is not None and alp >= al) else (alp, al)
        lmax = (al + alp) / 2 + 4 * zz + sqrt((al - alp) ** 2 / 4 + 16 * zz ** 2)
        return lo, hi, zz, lmax

    def support(self, dps: int | None = None) -> list[tuple[Moment, Moment]]:
        r"""Support of the absolutely continuous part: a list of intervals.

        With α = η − ζ, α' = η' − ζ, lo = min, hi = max:
        [lo, λ_max] if lo + 4ζ ≥ hi, else [lo, lo + 4ζ] ∪ [hi, λ_max];
        λ_max = (α + α')/2 + 4ζ + √((α − α')²/4 + 16ζ²).  For α = α' the
        λ₋ branch is an atom (see :meth:`atoms`) and the support is
        [α, λ_max].  Exact with dps=None.

        Examples
        --------
        >>> FisherSpectrum.from_constants(1, 1, 1).support()
        [(0, 8)]
        """
        lib = None if dps is None else self._consts(_check_dps(dps))
        lo, hi, z, lmax = self._support_numbers(lib)
        if dps is None:
            simp = lambda v: sp.radsimp(sp.simplify(v))          # noqa: E731
            is_zero = lambda v: sp.simplify(v) == 0             # noqa: E731
            nonneg = lambda v: bool(sp.simplify(v) >= 0)        # noqa: E731
        else:
            simp = lambda v: v                                  # noqa: E731
            is_zero = lambda v: v == 0                          # noqa: E731
            nonneg = lambda v: v >= 0                           # noqa: E731
        if is_zero(z):
            return []
        if is_zero(hi - lo) or nonneg(lo + 4 * z - hi):
            return [(simp(lo), simp(lmax))]
        return [(simp(lo), simp(lo + 4 * z)), (simp(hi), simp(lmax))]

    def atoms(self, dps: int | None = None) -> dict[Moment, Moment]:
        r"""Atoms {x: mass}: ½ at η − ζ iff η = η' (ζ > 0); ½ at η and ½ at η' if ζ = 0.

        Examples
        --------
        >>> FisherSpectrum.from_constants(1, 1, 1).atoms()
        {0: 1/2}
        """
        e, ep, z = self.constants() if dps is None else self.constants(_check_dps(dps))
        half = sp.Rational(1, 2) if dps is None else mpmath.mpf(1) / 2
        if z == 0:
            return {e: 1} if e == ep else {e: half, ep: half}
        same = sp.simplify(e - ep) == 0 if dps is None else e == ep
        return {e - z: half} if same else {}

    def breakpoints(self, dps: int = 30) -> list[MpReal]:
        """Points where the density may be non-analytic (α, α', α + 4ζ, α' + 4ζ, λ±(4, 4)), sorted."""
        with mpmath.workdps(dps + _GUARD):
            al, alp, z = self._consts(dps)
            c = (al + alp) / 2 + 4 * z
            r = mpmath.sqrt((al - alp) ** 2 / 4 + 16 * z ** 2)
            pts = sorted({al, alp, al + 4 * z, alp + 4 * z, c - r, c + r})
        return pts

    # -- Stieltjes transform ---------------------------------------------------
    def stieltjes(self, z: ComplexInput, dps: int = 30, method: str="inner") -> MpComplex:
        r"""m(z) = ∫ μ(dx)/(x − z) = −G(z), z off the support, to dps digits.

        Parameters
        ----------
        z : complex
            Not on the real support.
        dps : int
        method : {"inner", "double"}
            "inner": the b-integral in closed form, m_MP(w) =
            (−1 + √(1 − 4/w))/2, then tanh-sinh in a = 4 sin²θ.
            "double": the seed's double integral as printed (μ₁, μ₂ of mass
            ζ, prefactor 1/(2ζ²)) in λ = lo + 4ζ sin²θ, tensor Gauss–Legendre
            in (θ₁, θ₂) doubled until two orders agree, negated.  Slower
            (~10⁴ evaluations); for z at distance >~ 0.1 from the support.

        Raises
        ------
        RmtsymError
            Bad dps/method, z real inside the support, ζ = 0 with "double".
        ConvergenceError
            Quadrature error above 10^(−dps).
        """
        dps = _check_dps(dps)
        if method not in ("inner", "double"):
            raise RmtsymError(f"method must be 'inner' or 'double', got {method!r}")
        wd = dps + _GUARD
        with mpmath.workdps(wd):
            zz = mpmath.mpc(z)
            al, alp, ze = self._consts(dps)
            if zz.imag == 0:
                for lo, hi in self.support(dps):
                    if lo <= zz.real <= hi:
                        raise RmtsymError(f"z = {z} is on the support [{lo}, {hi}]: give Im z != 0")
                for x0 in self.atoms(dps):
                    if zz.real == x0:
                        raise RmtsymError(f"z = {z} is an atom")
            if ze == 0:
                if method == "double":
                    raise RmtsymError("zeta = 0: the seed's double integral is 0/0; use method='inner'")
                val = -(1 / (zz - al) + 1 / (zz - alp)) / 2
            elif method == "inner":
                val, err = self._inner(zz, al, alp, ze, wd)
                if err > mpmath.mpf(10) ** (-dps) * max(1, abs(val)):
                    raise ConvergenceError(f"stieltjes: quadrature error {mpmath.nstr(err, 3)} at z = {z}")
            else:
                val, err = self._double(zz, al, alp, ze, wd)
                if err > mpmath.mpf(10) ** (-dps) * max(1, abs(val)):
                    raise ConvergenceError(f"stieltjes(double): quadrature error {mpmath.nstr(err, 3)}")
        with mpmath.workdps(dps):
            return +val

    @staticmethod
    def _inner(z, al, alp, ze, wd):
        R = z - alp
        four = mpmath.mpf(4)

        def f(th):
            s = mpmath.sin(th)
            a = four * s * s
            P = 2 * z - al - alp - ze * a
            Q = (z - al) * (z - alp - ze * a)
            w = Q / (ze * R)
            mmp = (-1 + mpmath.sqrt(1 - 4 / w)) / 2
            G = 1 / R - (P - Q / R) / (ze * R) * mmp
            return G * (4 / mpmath.pi) * mpmath.cos(th) ** 2

        val, err = mpmath.quad(f, [0, mpmath.pi / 4, mpmath.pi / 2], error=True, maxdegree=10)
        return -val / 2, err / 2

    @staticmethod
    def _double(z, al, alp, ze, wd):
        """The seed's ∬ (λ₁+λ₂−2z)/(2ζ²(...)) dμ₁dμ₂ with λ = lo + 4ζ sin²θ, negated (G → m)."""
        eta, etap = al + ze, alp + ze
        c = (eta - ze) * (etap - ze)
        pre = 1 / (2 * mpmath.pi)

        def mu(th):       # dμ/dθ for λ = lo + 4ζ sin²θ: (1/2π) cot θ · 8ζ sinθ cosθ = (4ζ/π) cos²θ
            return pre * 8 * ze * mpmath.cos(th) ** 2

        def f(t1, t2):
            l1 = alp + 4 * ze * mpmath.sin(t1) ** 2
            l2 = al + 4 * ze * mpmath.sin(t2) ** 2
            num = l1 + l2 - 2 * z
            den = 2 * ze ** 2 * (c + l1 * (z - eta + ze) + l2 * (z - etap + ze) - z * z)
            return num / den * mu(t1) * mu(t2)

        h = mpmath.pi / 2
        prev = None
        for deg in range(4, 9):                  # 3·2^(deg-1) Gauss–Legendre nodes per axis
            nodes = [((x + 1) * h / 2, w * h / 2) for x, w in _legendre(deg)]
            val = mpmath.fsum(w1 * w2 * f(t1, t2) for t1, w1 in nodes for t2, w2 in nodes)
            if prev is not None and abs(val - prev) < mpmath.mpf(10) ** (-(mpmath.mp.dps - _GUARD)) * max(1, abs(val)):
                return -val, abs(val - prev)
            prev = val
        return -val, abs(val - prev)

    def cauchy(self, z: ComplexInput, dps: int = 30) -> MpComplex:
        """The seed's printed "m(z)": the Cauchy transform G(z) = −m(z) (= ``-stieltjes``)."""
        v = self.stieltjes(z, dps)
        with mpmath.workdps(dps):
            return -v

    # -- density ---------------------------------------------------------------
    def density(self, x: RealInput | Sequence[RealInput], dps: int = 30) -> MpReal | list[MpReal]:
        r"""Density of the a.c. part at real x (a number or an iterable), to dps digits.

        ρ(x) = ½ ∫ p(a) p(b*(a)) |∂_x b*| da (push-forward; module docstring),
        p(t) = √((4 − t)/t)/(2π) the MP(1) density; the a-range where
        0 < a, b* < 4 is split at its end points, and a = lo + (hi − lo)(1 −
        cos φ)/2 removes their square-root singularities (tanh-sinh in φ).

        Raises
        ------
        RmtsymError
            Bad dps; x not real.
        ConvergenceError
            Quadrature error above 10^(−dps).

        Examples
        --------
        >>> F = FisherSpectrum.from_constants(1, 1, 1)      # linear network
        >>> float(F.density(4, dps=15))                     # = E(1)/(2π²), seed §4.3
        0.05066059182116889
        """
        dps = _check_dps(dps)
        if np.ndim(cast(Any, x)) > 0:
            return [self.density(v, dps) for v in cast(Sequence[RealInput], x)]
        wd = dps + _GUARD
        with mpmath.workdps(wd):
            try:
                xx = mpmath.mpf(x) if not isinstance(x, sp.Basic) else mpmath.mpf(sp.N(x, wd))
            except (TypeError, ValueError):
                raise RmtsymError(f"x must be a real number, got {x!r}") from None
            al, alp, ze = self._consts(dps)
            val, err = _density_mp(xx, al, alp, ze)
            if err > mpmath.mpf(10) ** (-dps) * max(1, abs(val)):
                raise ConvergenceError(f"density: quadrature error {mpmath.nstr(err, 3)} at x = {x}")
        with mpmath.workdps(dps):
            return +val

    def density_grid(self, xs: Sequence[RealInput], dps: int = 30) -> list[MpReal]:
        r"""The density on many points: a cached Gauss–Legendre pair in φ, tanh-sinh fallback.

        For each x the push-forward integral of :meth:`density` is evaluated
        with the 48- and 96-node Gauss–Legendre rules in φ (nodes computed
        once per precision); when they differ by more than 10^(−dps) (x
        close to a break point, where the integrand has a nearby
        singularity) the point is recomputed by :meth:`density`.

        Returns
        -------
        list of mpmath.mpf

        Examples
        --------
        >>> F = FisherSpectrum.from_constants(1, 1, 1)       # linear: E(k)/2π² + (4−λ)K(k)/8π², k = (8−λ)λ/16
        >>> [round(float(v), 12) for v in F.density_grid([1, 4], dps=20)]
        [0.138547319886, 0.050660591821]
        """
        dps = _check_dps(dps)
        wd = dps + _GUARD
        out = []
        with mpmath.workdps(wd):
            al, alp, ze = self._consts(dps)
            rules = []
            for deg in (5, 6):
                rules.append([((x + 1) * mpmath.pi / 2, w * mpmath.pi / 2) for x, w in _legendre(deg)])
            tol = mpmath.mpf(10) ** (-dps)
            for x in xs:
                xx = mpmath.mpf(x) if not isinstance(x, sp.Basic) else mpmath.mpf(sp.N(x, wd))
                vals = [_density_rule(xx, al, alp, ze, r) for r in rules]
                if abs(vals[1] - vals[0]) <= tol * max(1, abs(vals[1])):
                    out.append(vals[1])
                else:
                    v, err = _density_mp(xx, al, alp, ze)
                    if err > tol * max(1, abs(v)):
                        raise ConvergenceError(f"density_grid: quadrature error {mpmath.nstr(err, 3)} at x = {x}")
                    out.append(v)
        with mpmath.workdps(dps):
            return [+v for v in out]

    def float_density(self, x: float | Sequence[float] | np.ndarray, nodes: int = 64) -> np.ndarray:
        """Vectorised float64 density (Gauss–Legendre in φ, ``nodes`` per piece) for histograms / KS."""
        al, alp, ze = (float(v) for v in self._consts(20))
        x = np.atleast_1d(np.asarray(x, dtype=float))
        if ze == 0:
            return np.zeros_like(x)
        t, w = np.polynomial.legendre.leggauss(nodes)
        phi = (t + 1) * np.pi / 2
        wphi = w * np.pi / 2
        out = np.zeros_like(x)
        with np.errstate(all="ignore"):
            c0 = (x - al) / ze                          # b*(a) = c0 - c1 a
            c1 = (x - al) / (x - alp)
            lo = np.where(c1 > 0, (c0 - 4) / c1, c0 / c1)
            hi = np.where(c1 > 0, c0 / c1, (c0 - 4) / c1)
        lo = np.maximum(np.nan_to_num(lo, nan=0.0, neginf=0.0, posinf=4.0), 0.0)
        hi = np.minimum(np.nan_to_num(hi, nan=0.0, neginf=0.0, posinf=4.0), 4.0)
        ok = (hi > lo) & (c1 != 0) & (x != alp) & np.isfinite(c1)
        chunk = 4096
        idx = np.nonzero(ok)[0]
        for s in range(0, idx.size, chunk):
            i = idx[s:s + chunk]
            L = (hi[i] - lo[i])[:, None]
            a = lo[i][:, None] + L * (1 - np.cos(phi)) / 2
            da = L * np.sin(phi) / 2
            out[i] = np.sum(_integrand(a, x[i][:, None], al, alp, ze) * da * wphi, axis=1) / 2
        return out

    # -- sampling ---------------------------------------------------------------
    def sample(self, width: int, samples: int, seed: int, jobs: int=1, order: int=121) -> SpectrumSample:
        r"""Eigenvalues of H₀ of ``samples`` independent real networks of width k = ``width``.

        Parameters
        ----------
        width : int
            k >= 2 (H₀ has 2k² eigenvalues; the finite-size bias is O(1/k)).
        samples : int
        seed : int
        jobs : int, optional
        order : int, optional
            Trapezoid nodes per dimension of the Gaussian integrals over x.

        Returns
        -------
        rmtsym.sampling.SpectrumSample

        Raises
        ------
        RmtsymError
            Bad width/samples/seed; a model built by :meth:`from_constants`
            (no network to sample).

        Examples
        --------
        >>> from rmtsym import centered
        >>> s = FisherSpectrum("erf").sample(6, 2, seed=3)
        >>> s.eigenvalues.shape
        (2, 72)
        """
        if self.activation is None:
            raise RmtsymError("a FisherSpectrum built from constants has no network to sample")
        if not isinstance(width, int) or isinstance(width, bool) or width < 2:
            raise RmtsymError(f"width must be an integer >= 2, got {width!r}")
        from ..sampling.ensembles import sample_spectra
        return sample_spectra("fisher_network", 2 * width * width, samples, seed,
                              self.sample_params(order), jobs=jobs)

    def sample_params(self, order: int=121) -> dict[str, object]:
        """The sampler parameters (recorded with every sample)."""
        return {"activation": self.activation, "sigma_w2": float(self.sigma_w2),
                "sigma_x2": float(self.sigma_x2), "order": order}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

_TRACE_CACHE: dict[Any, Any] = {}
_LEG: dict[Any, Any] = {}


def _legendre(deg):
    """mpmath's Gauss–Legendre nodes/weights on [-1, 1] at the working precision (cached)."""
    from mpmath.calculus.quadrature import GaussLegendre
    key = (deg, mpmath.mp.prec)
    if key not in _LEG:
        _LEG[key] = GaussLegendre(mpmath.mp).calc_nodes(deg, mpmath.mp.prec)
    return _LEG[key]


def _trace_polynomials(k):
    """Callables p_j(α, α', ζ) = ½ E tr A^j, j = 0..k (Catalan moments of MP(1))."""
    if k in _TRACE_CACHE:
        return _TRACE_CACHE[k]
    gens = sp.symbols("alpha alpha_p zeta a b")
    al, alp, z, a, b = (sp.Poly(g, *gens, domain="ZZ") for g in gens)
    t = al + alp + z * (a + b)
    d = al * alp + z * (al * a + alp * b)
    tr = [sp.Poly(2, *gens, domain="ZZ"), t]
    for _ in range(2, k + 1):
        tr.append(t * tr[-1] - d * tr[-2])
    cat = [int(sp.catalan(i)) for i in range(k + 1)]
    polys = []
    for j in range(k + 1):
        coeffs = {}
        for (i1, i2, i3, ia, ib), c in tr[j].terms():
            key = (i1, i2, i3)
            coeffs[key] = coeffs.get(key, 0) + int(c) * cat[ia] * cat[ib]
        polys.append(_Poly3(coeffs, gens[:3]))
    _TRACE_CACHE[k] = polys
    return polys


class _Poly3:
    """½ E tr A^j as {(i, j, l): integer} (coefficient of α^i α'^j ζ^l, halved on evaluation)."""

    def __init__(self, coeffs, syms):
        self.coeffs = {key: c for key, c in coeffs.items() if c}
        self.syms = syms

    def __call__(self, al, alp, z):
        if all(isinstance(v, sp.Basic) for v in (al, alp, z)):
            return sp.Add(*[sp.Integer(c) * al ** i * alp ** j * z ** l
                            for (i, j, l), c in self.coeffs.items()]) / 2
        tot = mpmath.mpf(0)
        for (i, j, l), c in self.coeffs.items():
            tot += c * al ** i * alp ** j * z ** l
        return tot / 2


def _a_intervals(x, al, alp, ze, conv):
    """The a-range in (0, 4) on which 0 < b*(a) < 4, with the factor vanishing at each end.

    b*(a) = c0 − c1 a.  Returns [] or [(lo, hi, tag_lo, tag_hi, c0, c1)], tags
    in {"a", "4-a", "b", "4-b"} naming the linear factor that is 0 there.
    """
    if ze == 0 or x == alp or x == al:
        return []
    c0 = (x - al) / ze
    c1 = (x - al) / (x - alp)
    lo, hi, tlo, thi = conv(0), conv(4), "a", "4-a"
    if c1 > 0:       # b* decreasing: b* = 4 at (c0-4)/c1, b* = 0 at c0/c1
        cands_lo, cands_hi = ((c0 - 4) / c1, "4-b"), (c0 / c1, "b")
    elif c1 < 0:
        cands_lo, cands_hi = (c0 / c1, "b"), ((c0 - 4) / c1, "4-b")
    else:
        return []
    if cands_lo[0] > lo:
        lo, tlo = cands_lo
    if cands_hi[0] < hi:
        hi, thi = cands_hi
    if not hi > lo:
        return []
    return [(lo, hi, tlo, thi, c0, c1)]


def _integrand(a, x, al, alp, ze):
    """p(a) p(b*) |∂_x b*| with p the MP(1) density (float path)."""
    t = x - alp
    b = (x - al) / ze - (x - al) * a / t
    db = 1 / ze + a * (alp - al) / (t * t)
    with np.errstate(all="ignore"):
        pa = np.sqrt(np.clip((4 - a) / a, 0, None)) / (2 * np.pi)
        pb = np.sqrt(np.clip((4 - b) / b, 0, None)) / (2 * np.pi)
        return np.nan_to_num(pa * pb * np.abs(db))


def _factors_mp(u2, v2, lo, hi, tlo, thi, c0, c1, L):
    """(a, 4 − a, b*, 4 − b*) at a = lo + L u² = hi − L v², each computed from the end where it vanishes."""
    # linear factors as (value at lo, slope in a)
    lin = {"a": (lo, 1), "4-a": (4 - lo, -1), "b": (c0 - c1 * lo, -c1), "4-b": (4 - c0 + c1 * lo, c1)}
    out = []
    for name in ("a", "4-a", "b", "4-b"):
        v0, sl = lin[name]
        if name == tlo:
            out.append(sl * L * u2)
        elif name == thi:
            out.append(-sl * L * v2)
        else:
            out.append(v0 + sl * L * u2)
    return out


def _density_terms(x, al, alp, ze):
    """The φ-integrands of the push-forward density (one per a-interval)."""
    t = x - alp
    fs = []
    for lo, hi, tlo, thi, c0, c1 in _a_intervals(x, al, alp, ze, mpmath.mpf):
        L = hi - lo

        def f(phi, lo=lo, hi=hi, tlo=tlo, thi=thi, c0=c0, c1=c1, L=L):
            u, v = mpmath.sin(phi / 2), mpmath.cos(phi / 2)
            A, A4, B, B4 = _factors_mp(u * u, v * v, lo, hi, tlo, thi, c0, c1, L)
            if A <= 0 or A4 <= 0 or B <= 0 or B4 <= 0:
                return mpmath.mpf(0)
            a = lo + L * u * u
            db = 1 / ze + a * (alp - al) / (t * t)
            return mpmath.sqrt(A4 * B4 / (A * B)) * abs(db) * L * u * v / (4 * mpmath.pi ** 2)
        fs.append(f)
    return fs


def _density_rule(x, al, alp, ze, rule):
    if ze == 0:
        return mpmath.mpf(0)
    return mpmath.fsum(w * f(p) for f in _density_terms(x, al, alp, ze) for p, w in rule) / 2


def _density_mp(x, al, alp, ze):
    if ze == 0:
        return mpmath.mpf(0), mpmath.mpf(0)
    tot, err = mpmath.mpf(0), mpmath.mpf(0)
    t = x - alp
    for lo, hi, tlo, thi, c0, c1 in _a_intervals(x, al, alp, ze, mpmath.mpf):
        L = hi - lo

        def f(phi):
            u, v = mpmath.sin(phi / 2), mpmath.cos(phi / 2)
            A, A4, B, B4 = _factors_mp(u * u, v * v, lo, hi, tlo, thi, c0, c1, L)
            if A <= 0 or A4 <= 0 or B <= 0 or B4 <= 0:
                return mpmath.mpf(0)
            a = lo + L * u * u
            db = 1 / ze + a * (alp - al) / (t * t)
            # da = L sin(φ)/2 dφ = L u v dφ; the u, v cancel the inverse square roots at the ends
            return mpmath.sqrt(A4 * B4 / (A * B)) * abs(db) * L * u * v / (4 * mpmath.pi ** 2)

        v, e = mpmath.quad(f, [0, mpmath.pi / 2, mpmath.pi], error=True, maxdegree=10)
        tot += v
        err += e
    return tot / 2, err / 2
