r"""Ultra-wide two-layer networks: the deformed semicircle law of the centred CK and NTK.

The model of seed ``004_023286a078569efc.txt`` (Wang–Zhu 2021 talk; published
as Z. Wang and Y. Zhu, "Deformed semicircle law and concentration of
nonlinear random matrices for ultra-wide neural networks", arXiv:2109.09304,
2021; Ann. Appl. Probab. 2024).

Network and data (stated once; the sampler :mod:`rmtsym.sampling.ultrawide`
draws exactly this)
--------------------------------------------------------------------------------
* f(X) = wᵀ σ(WX)/√N, X ∈ R^{d×n} (n data points, unit-norm columns,
  lim spec XᵀX = μ_0), W ∈ R^{N×d}, w ∈ R^N with i.i.d. N(0, 1) entries.
* σ centred and normalised for ξ ~ N(0, 1): E σ(ξ) = 0, E σ(ξ)² = 1;
  b_σ = E σ'(ξ) ("Assumptions" slide).
* K^CK = (1/N) σ(WX)ᵀσ(WX), K^NTK = XᵀX ⊙ ((1/N) σ'(WX)ᵀ diag(w)² σ'(WX)) + K^CK.

Theorem (seed, "Deformed semicircle law"): as n, d, N → ∞ with N/n → ∞, the
eigenvalue law of √(N/n)(K − E K) converges to

.. math:: \mu = \mu_s \boxtimes \big((1 - b_\sigma^2) + b_\sigma^2\,\mu_0\big)

for K = K^CK and K = K^NTK, μ_s the standard semicircle (variance 1).  The
second factor is the push-forward ρ of μ_0 under t ↦ (1 − b_σ²) + b_σ² t
(:meth:`AlgebraicMeasure.affine`): the limit spectrum of Φ_0 = b_σ² XᵀX + (1 − b_σ²) I.

Exact routes
------------
μ_s has mean 0, so its S-transform is undefined and ``free_mul`` cannot take
it directly.  Three independent exact computations are used instead:

A. **Squares** (:meth:`UltraWideKernel.measure`).  μ is symmetric, and for
   symmetric μ_s and ρ on [0, ∞) the law of the square is
   (μ_s ⊠ ρ)^{2} = μ_s^{2} ⊠ ρ ⊠ ρ = MP(1) ⊠ ρ ⊠ ρ (Arizmendi and
   Pérez-Abreu, "The S-transform of symmetric probability measures with
   unbounded supports", Proc. AMS 2009), computed by
   :func:`rmtsym.free.convolution.free_mul`; with ν that law,
   m_μ(z) = z m_ν(z²) (m(z) = ∫ μ(dx)/(x − z)), so P_μ(m, z) = P_ν(m/z, z²).
B. **Subordination** (:meth:`UltraWideKernel.subordination_polynomial`).
   For a Gaussian sample covariance of population Φ at ratio c = n/N, the
   deterministic equivalent of (√(N/n)(K − Φ) − z)⁻¹ gives, with s = √c and
   m_ρ the Stieltjes transform of ρ = lim spec Φ,

   .. math:: m(z) = -\frac{1}{h}\, m_\rho\!\Big(-\frac{z}{h}\Big),\qquad
             h^2 - s\,(1 + z m)\,h + (1 + z m) = 0,

   eliminated by a resultant in h.  At s = 0 this is the N/n = ∞ law μ; at
   s > 0 it is the exact finite-ratio law ρ ⊠ ν_s, ν_s = s^{-1}(MP(s²) − 1)
   (free cumulants κ_1 = 0, κ_j = s^{j−2}), which is how the finite-N/n
   error of sampled spectra is handled.
C. **Non-crossing partitions** (:meth:`UltraWideKernel.moments` with
   ``route="partitions"``): m_k(ρ ⊠ ν) = Σ_{π ∈ NC(k)} κ_π[ν] m_{K(π)}[ρ]
   (:func:`rmtsym.combinatorics.free_product_moments`); for the semicircle
   only non-crossing pairings survive, so odd moments vanish and
   m_{2k}(μ) = Σ_{π ∈ NC_2(2k)} m_{K(π)}(ρ).

Translation: the seed writes no transform; all transforms here are in the
docs/conventions.md convention m(z) = ∫ μ(dx)/(x − z) ~ −1/z.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mpmath
import sympy
import sympy as sp

from ..core.errors import RmtsymError
from ..core.types import ExactInput, SymPoly
from ..core.measure import AlgebraicMeasure, M, Z, constant_symbol

if TYPE_CHECKING:
    from ..sampling.ensembles import SpectrumSample

__all__ = ["UltraWideKernel"]

_H = sp.Symbol("h")
#: the symbol of s = sqrt(n/N) in finite-ratio polynomials
S_RATIO = sp.Symbol("s", positive=True)


def _exact_number(value, name):
    if isinstance(value, bool):
        raise RmtsymError(f"{name} must be a number, got {value!r}")
    try:
        v = sp.nsimplify(value, rational=True) if isinstance(value, float) else sp.sympify(value)
    except (sp.SympifyError, TypeError, ValueError) as exc:
        raise RmtsymError(f"{name} must be a real number, got {value!r}") from exc
    if v.is_real is False or v.has(sp.I, sp.nan, sp.zoo, sp.oo):
        raise RmtsymError(f"{name} must be a real number, got {value!r}")
    return v


def _check_mu0(mu0):
    """μ_0 must be an exact law on [0, ∞) with mean 1 (unit-norm data: tr XᵀX/n = 1)."""
    if not isinstance(mu0, AlgebraicMeasure):
        raise RmtsymError(f"mu0 must be an AlgebraicMeasure (the limit spectrum of X^T X), "
                          f"got {type(mu0).__name__}")
    if mu0.params:
        raise RmtsymError(f"mu0 must have no free parameters, got {mu0.params}")
    m1 = sp.simplify(mu0.moments(1)[1])
    if m1 != 1:
        raise RmtsymError(f"mu0 must have mean 1 (the data columns have unit norm, so "
                          f"tr X^T X / n = 1), got mean {m1}")
    if mu0.nonnegative is False:
        raise RmtsymError(f"mu0 must be supported on [0, inf) (X^T X >= 0), got {mu0.label}")
    if mu0.nonnegative is None:
        sup = mu0.support(dps=15)
        lo = min([float(a) for a, _ in sup] + [float(x) for x, w in mu0.atoms(dps=15)
                                               if float(w) > 0] + [0.0])
        if lo < -1e-12:
            raise RmtsymError(f"mu0 must be supported on [0, inf) (X^T X >= 0); {mu0.label} "
                              f"has mass at {lo:.6g}")
    return mu0


class UltraWideKernel:
    r"""Limit spectrum of √(N/n)(K − E K) for the CK and NTK of an ultra-wide network.

    Parameters
    ----------
    activation : str, Activation or sympy.Expr
        σ; it must be centred and normalised (E σ(ξ) = 0, E σ(ξ)² = 1) unless
        ``normalize=True``.
    mu0 : AlgebraicMeasure
        lim spec XᵀX: supported on [0, ∞), mean 1 (unit-norm data).  For
        Gaussian data X = Z/‖z_α‖, Z ∈ R^{d×n}, it is MP(n/d)
        (:meth:`gaussian_data`).
    normalize : bool, optional
        Replace σ by (σ − E σ(ξ))/sd σ(ξ) first (:func:`rmtsym.normalized`).
    kernel : {"ck", "ntk"}, optional
        Which kernel :meth:`sample` draws; the limit law is the same.

    Raises
    ------
    RmtsymError
        ``activation`` not normalised (and ``normalize`` False) or not
        differentiable; ``mu0`` not an exact law on [0, ∞) of mean 1;
        ``kernel`` not "ck"/"ntk".

    Notes
    -----
    Seed ``004_023286a078569efc.txt``, "Deformed semicircle law":
    μ = μ_s ⊠ ((1 − b_σ²) + b_σ² μ_0); b_σ = 0 gives μ_s.  See the module
    docstring for the three exact routes (squares via ``free_mul``,
    subordination resultant, non-crossing pairings) and the finite-N/n law.

    References
    ----------
    Z. Wang, Y. Zhu, "Deformed semicircle law and concentration of nonlinear
    random matrices for ultra-wide neural networks", arXiv:2109.09304 (2021).

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> sigma = sympy.Rational(3, 5) * x + sympy.Rational(4, 5) * (x**2 - 1) / sympy.sqrt(2)
    >>> uw = UltraWideKernel.gaussian_data(sigma, sympy.Rational(1, 2))
    >>> uw.b_sigma
    3/5
    >>> uw.moments(4)                   # m_4 = 2 m_1(rho)^2 m_2(rho) = 2 (1 + b^4/2)
    [1, 0, 1, 0, 1331/625]
    """

    _mix: tuple[str, float]

    def __init__(self, activation: Any, mu0: AlgebraicMeasure, normalize: bool = False, kernel: str = "ck") -> None:
        from ..gaussian.activations import Activation, activation as make_activation
        from ..gaussian.integrals import normalized
        if kernel not in ("ck", "ntk"):
            raise RmtsymError(f"kernel must be 'ck' or 'ntk', got {kernel!r}")
        self.kernel = kernel
        self._given = activation
        try:
            act = activation if isinstance(activation, Activation) else make_activation(activation)
        except RmtsymError as exc:
            raise RmtsymError(f"activation: {exc}") from exc
        self._sampler_name = None
        base = act.name
        if normalize:
            try:
                act = normalized(act)
            except RmtsymError:
                act = normalized(act, dps=40)
            self._sampler_name = base
        elif base.startswith("normalized(") and base.endswith(")"):
            self._sampler_name = base[len("normalized("):-1]
        self.activation: Any = act
        self._check_normalised()
        self.mu0 = _check_mu0(mu0)
        self._b = self._compute_b()

    # -- constructors -------------------------------------------------------------
    @classmethod
    def gaussian_data(cls, activation: Any, ratio: ExactInput, **kwargs: Any) -> UltraWideKernel:
        r"""The model for Gaussian data: μ_0 = MP(ratio), ratio = n/d (> 0).

        Examples
        --------
        >>> UltraWideKernel.gaussian_data("relu", 2, normalize=True).mu0.moments(2)
        [1, 1, 3]
        """
        from ..laws.named import marchenko_pastur
        r = _exact_number(ratio, "ratio")
        if not (r.is_positive):
            raise RmtsymError(f"ratio (= n/d) must be > 0, got {ratio!r}")
        return cls(activation, marchenko_pastur(r), **kwargs)

    @classmethod
    def linear_mix(cls, base: Any, weight: ExactInput, mu0: AlgebraicMeasure, **kwargs: Any) -> UltraWideKernel:
        r"""σ = a x + √(1 − a²) σ̂, σ̂ the normalised even ``base`` ("abs" or "cos"): b_σ = a.

        Normalised for any a ∈ [−1, 1] because σ̂ is even (orthogonal to x);
        with base "abs" σ is Lipschitz and piecewise linear (the seed's
        assumption) with rational b_σ² when a is rational.

        Examples
        --------
        >>> from rmtsym import marchenko_pastur
        >>> uw = UltraWideKernel.linear_mix("abs", sympy.Rational(3, 5), marchenko_pastur(1))
        >>> uw.b_sigma, uw.moments(2)
        (3/5, [1, 0, 1])
        """
        from ..gaussian.activations import activation as make_activation
        from ..gaussian.integrals import normalized
        a = _exact_number(weight, "weight")
        if not (a.is_number and -1 <= a <= 1):
            raise RmtsymError(f"weight must lie in [-1, 1], got {weight!r}")
        x = sp.Symbol("x")
        c = sp.sqrt(1 - a ** 2)
        if base == "abs":
            m, sd = sp.sqrt(2 / sp.pi), sp.sqrt(1 - 2 / sp.pi)
            expr = sp.Piecewise((a * x + c * (-x - m) / sd, x < 0), (a * x + c * (x - m) / sd, True))
        elif base == "cos":
            nb = normalized("cos").expr
            xv = next(iter(nb.free_symbols))
            expr = a * xv + c * nb
        else:
            raise RmtsymError(f"base must be 'abs' or 'cos' (an even activation), got {base!r}")
        obj = cls(make_activation(expr), mu0, **kwargs)
        obj._mix = (base, float(a))
        return obj

    @classmethod
    def from_constants(cls, b_sigma: ExactInput, mu0: AlgebraicMeasure) -> UltraWideKernel:
        r"""The law from b_σ alone (a number in [−1, 1] or a SymPy symbol).

        Examples
        --------
        >>> from rmtsym import point_mass
        >>> uw = UltraWideKernel.from_constants(0, point_mass(1))
        >>> uw.measure().stieltjes_polynomial().as_expr()     # semicircle: m^2 + z m + 1
        m**2 + m*z + 1
        """
        b = _exact_number(b_sigma, "b_sigma")
        if b.is_number and not (-1 <= b <= 1):
            raise RmtsymError(f"b_sigma must lie in [-1, 1] (Cauchy–Schwarz for normalised "
                              f"sigma), got {b_sigma!r}")
        obj = cls.__new__(cls)
        obj.kernel = "ck"
        obj._given = None
        obj.activation = None
        obj._sampler_name = None
        obj.mu0 = _check_mu0(mu0) if not b.free_symbols else mu0
        obj._b = b
        return obj

    # -- validation ---------------------------------------------------------------
    def _check_normalised(self):
        from ..gaussian.integrals import gaussian_expectation
        act = self.activation
        try:
            m = sp.simplify(gaussian_expectation(act))
            v = sp.simplify(gaussian_expectation(act, power=2))
            ok = (m == 0 and sp.simplify(v - 1) == 0)
            mv = (m, v)
        except RmtsymError:
            m = gaussian_expectation(act, dps=30)
            v = gaussian_expectation(act, dps=30, power=2)
            ok = abs(m) < mpmath.mpf(10) ** -20 and abs(v - 1) < mpmath.mpf(10) ** -20
            mv = (mpmath.nstr(m, 10), mpmath.nstr(v, 10))
        if not ok:
            raise RmtsymError(
                f"activation: {act.name} is not normalised (E sigma(xi) = {mv[0]}, "
                f"E sigma(xi)^2 = {mv[1]}; Wang–Zhu assume 0 and 1): pass normalize=True "
                "or rmtsym.normalized(...)")

    def _compute_b(self):
        from ..gaussian.integrals import gaussian_expectation
        try:
            return sp.simplify(gaussian_expectation(self.activation, derivative=1))
        except RmtsymError:
            return None

    # -- constants ----------------------------------------------------------------
    @property
    def b_sigma(self) -> sp.Expr:
        r"""b_σ = E σ'(ξ) (exact SymPy; an mpf at 30 digits where no closed form exists)."""
        if self._b is None:
            from ..gaussian.integrals import gaussian_expectation
            return gaussian_expectation(self.activation, dps=30, derivative=1)
        return self._b

    def b_sigma_squared(self) -> sp.Expr:
        """b_σ² exactly (RmtsymError when b_σ has no closed form)."""
        if self._b is None:
            raise RmtsymError(f"b_sigma of {self.activation.name} has no closed form; use "
                              "moments(k, dps=...) or from_constants(b_sigma=<exact>, mu0)")
        return sp.simplify(self._b ** 2)

    def deformation(self) -> AlgebraicMeasure:
        r"""ρ = (1 − b_σ²) + b_σ² μ_0, the law of Φ_0 = b_σ² XᵀX + (1 − b_σ²) I.

        Irrational b_σ² (relu: π/(2(π − 1))) is carried as an exact constant.

        Examples
        --------
        >>> UltraWideKernel.gaussian_data("linear", 2).deformation().moments(2)   # MP(2)
        [1, 1, 3]
        """
        b2 = self.b_sigma_squared()
        if b2 == 1:
            return self.mu0
        if b2 == 0:
            from ..laws.named import point_mass
            return point_mass(1)
        if b2.is_Rational or b2.free_symbols:
            return self.mu0.affine(b2, 1 - b2)
        beta = constant_symbol(b2)
        sym = self.mu0.affine(beta, 1 - beta)
        return AlgebraicMeasure(sym.kernel_polynomial(), sym._series_in, sym.kernel_params,
                                label=f"(1-b^2)+b^2 {self.mu0.label}", nonnegative=True,
                                constants={**sym.constants, beta: b2})

    # -- route A ------------------------------------------------------------------
    def measure(self, route: str | None = None) -> AlgebraicMeasure:
        r"""μ = μ_s ⊠ ρ as an exact :class:`AlgebraicMeasure`.

        Parameters
        ----------
        route : {"squares", "subordination"}, optional
            "squares" (route A): through the law of the square,
            ν = MP(1) ⊠ ρ ⊠ ρ by :func:`rmtsym.free_mul`, and
            P_μ(m, z) = numerator of P_ν(m/z, z²).  "subordination" (route B):
            the resultant of :meth:`subordination_polynomial` at s = 0.
            Default: "squares" when b_σ² is rational; "subordination" when it
            is irrational (relu: π/(2(π − 1)); ``free_mul`` over the extra
            constant takes ~90 s, the resultant of route B ~1 s).

        Returns
        -------
        AlgebraicMeasure
            Symmetric about 0; irrational b_σ² is carried as an exact constant.

        Examples
        --------
        >>> uw = UltraWideKernel.from_constants(1, __import__("rmtsym").marchenko_pastur(1))
        >>> uw.measure().moments(4)          # sum over NC_2(4) of m_K(pi)(MP(1)) = 2 * 2
        [1, 0, 1, 0, 4]
        """
        rho = self.deformation()
        if route is None:
            route = "subordination" if rho.constants else "squares"
        if route not in ("squares", "subordination"):
            raise RmtsymError(f"route must be 'squares' or 'subordination', got {route!r}")
        cache = self.__dict__.setdefault("_measures", {})
        if route in cache:
            return cache[route]
        from ..laws.named import marchenko_pastur, semicircle
        if rho.moments(2)[2] == 1 and not rho.params:        # rho = delta_1 (variance 0)
            mu = semicircle(1)
        elif route == "squares":
            from ..free.convolution import free_mul
            nu = free_mul(marchenko_pastur(1), rho, rho)
            Pn = nu.kernel_polynomial()
            P = sp.numer(sp.together(Pn.subs({M: M / Z, Z: Z ** 2}, simultaneous=True)))

            def series(n, R, _nu=nu):
                half = _nu._series_in((n + 1) // 2 + 1, R)
                return [half[k // 2] if k % 2 == 0 else R.zero for k in range(n)]
            mu = AlgebraicMeasure(sp.expand(P), series, nu.kernel_params,
                                  label=f"mu_s ⊠ {rho.label}", constants=nu.constants)
            mu.steps = list(nu.steps) + [{"title": "Symmetric law from its square",
                                          "latex": r"m_\mu(z) = z\,m_\nu(z^2),\quad "
                                                   r"\nu = \mathrm{MP}(1)\boxtimes\rho\boxtimes\rho"}]
        else:
            P = self._subordination_kernel(rho, sp.Integer(0))
            consts = rho.constants
            def series(n, R, _rho=rho):
                return _symmetric_series(_rho, n, R)
            mu = AlgebraicMeasure(P, series, rho.kernel_params, label=f"mu_s ⊠ {rho.label}",
                                  constants=consts)
            mu.steps = [{"title": "Subordination (s = 0)",
                         "latex": r"m = -\tfrac1h m_\rho(-z/h),\quad h^2 + 1 + zm = 0"}]
        cache[route] = mu
        return mu

    def stieltjes_polynomial(self) -> SymPoly:
        """The canonical P(m, z) of :meth:`measure` (a ``sympy.Poly`` in m, z)."""
        return self.measure().stieltjes_polynomial()

    # -- route B ------------------------------------------------------------------
    def subordination_polynomial(self, s: ExactInput = 0) -> sp.Expr:
        r"""P(m, z) from the subordination equations at s = √(n/N) (route B).

        Parameters
        ----------
        s : number or sympy.Symbol, optional
            √(n/N); 0 (default) is the N/n → ∞ limit μ; :data:`S_RATIO`
            keeps it symbolic.

        Returns
        -------
        sympy.Expr
            The irreducible factor (primitive) of Res_h(P_ρ(−h m, −z/h)·h^k,
            h² − s(1 + zm)h + (1 + zm)) that carries the branch m ~ −1/z.

        Examples
        --------
        >>> from rmtsym import point_mass
        >>> UltraWideKernel.from_constants(0, point_mass(1)).subordination_polynomial()
        m**2 + m*z + 1
        """
        rho = self.deformation()
        if rho.constants:
            raise RmtsymError("subordination_polynomial: b_sigma^2 is irrational; use "
                              "measure(route='subordination') or from_constants with an exact "
                              "rational b_sigma")
        s = _exact_number(s, "s") if not isinstance(s, sp.Symbol) else s
        return self._subordination_kernel(rho, s)

    def _subordination_kernel(self, rho, s):
        """Route B's polynomial over the kernel symbols of ρ (constants still symbols)."""
        Pr = rho.kernel_polynomial()
        Q = sp.numer(sp.together(Pr.subs({M: -_H * M, Z: -Z / _H}, simultaneous=True)))
        E = _H ** 2 - s * (1 + Z * M) * _H + (1 + Z * M)
        R = sp.resultant(sp.expand(Q), sp.expand(E), _H)
        return _physical_factor(R, self._finite_moments_exact(6, s, rho=rho, kernel=True))

    def finite_ratio_measure(self, width_ratio: ExactInput) -> AlgebraicMeasure:
        r"""The exact law of √(N/n)(K − E K) at N/n = ``width_ratio`` (n → ∞): ρ ⊠ ν_s.

        Parameters
        ----------
        width_ratio : number
            N/n > 0 with √(n/N) rational (e.g. 64, 100, 9/4).

        Returns
        -------
        AlgebraicMeasure

        Examples
        --------
        >>> from rmtsym import point_mass
        >>> nu = UltraWideKernel.from_constants(0, point_mass(1)).finite_ratio_measure(4)
        >>> nu.moments(3)                    # 2 (MP(1/4) - 1): kappa_3 = s = 1/2
        [1, 0, 1, 1/2]
        """
        s = self._s_of(width_ratio)
        if not s.is_Rational:
            raise RmtsymError(f"width_ratio: sqrt(n/N) = {s} is not rational; pick N/n a "
                              "rational square (64, 100, 9/4, ...)")
        cache = self.__dict__.setdefault("_finite", {})
        if s in cache:
            return cache[s]
        rho = self.deformation()
        P = self._subordination_kernel(rho, s)
        mom = self._finite_moments_exact(4, s, rho=rho, kernel=True)
        label = f"rho ⊠ nu_s(N/n={sp.sympify(width_ratio)})"
        if not rho.constants:
            mu = AlgebraicMeasure.from_polynomial(P, moments=mom[:3], label=label)
        else:
            sym = AlgebraicMeasure.from_polynomial(P, moments=mom[:3], label=label)
            mu = AlgebraicMeasure(sym.kernel_polynomial(), sym._series_in, sym.kernel_params,
                                  label=label, constants=rho.constants)
        cache[s] = mu
        return mu

    @staticmethod
    def _s_of(width_ratio):
        r = _exact_number(width_ratio, "width_ratio")
        if not r.is_positive:
            raise RmtsymError(f"width_ratio (= N/n) must be > 0, got {width_ratio!r}")
        return sp.sqrt(1 / r)

    # -- route C and moments -------------------------------------------------------
    def _finite_moments_exact(self, k, s, rho=None, kernel=False):
        from ..combinatorics.noncrossing import free_product_moments, moments_from_free_cumulants
        s = sp.sympify(s)
        kap = [sp.Integer(0)] + [s ** (j - 2) if j > 2 else sp.Integer(1) for j in range(2, k + 1)]
        nu = moments_from_free_cumulants(kap)
        rho = rho if rho is not None else self.deformation()
        if kernel and rho.constants:       # moments over the constant symbols
            rho = [sp.expand(rho.series_ring.to_sympy(x)) for x in rho.moment_series(k + 1)]
        else:
            rho = rho.moments(k)
        return [sp.expand(v) for v in free_product_moments(nu[:k + 1], rho)]

    def moments(self, k: int, dps: int | None = None, route: str = "series", width_ratio: ExactInput | None = None) -> list[Any]:
        r"""Moments [m_0, ..., m_k] of μ (or of the finite-ratio law).

        Parameters
        ----------
        k : int
        dps : int, optional
            mpmath numbers at ``dps`` digits (route C with the quadrature
            value of b_σ; works without a closed form for b_σ).
        route : {"series", "partitions"}
            "series": the power series of :meth:`measure` (route A);
            "partitions": Σ over non-crossing partitions (route C).
        width_ratio : number, optional
            N/n: moments of the finite-ratio law ρ ⊠ ν_s, s = √(n/N), by route C
            (exact in s; ``sympy.oo`` or None is the limit).

        Examples
        --------
        >>> from rmtsym import marchenko_pastur
        >>> uw = UltraWideKernel.from_constants(sympy.Rational(1, 2), marchenko_pastur(1))
        >>> uw.moments(3, width_ratio=100)
        [1, 0, 1, 1/10]
        """
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise RmtsymError(f"k must be a non-negative integer, got {k!r}")
        if route not in ("series", "partitions"):
            raise RmtsymError(f"route must be 'series' or 'partitions', got {route!r}")
        if dps is not None:
            return self._moments_numeric(k, dps, width_ratio)
        if width_ratio is not None and width_ratio != sp.oo:
            return self._finite_moments_exact(k, self._s_of(width_ratio))
        if route == "partitions":
            return self._finite_moments_exact(k, sp.Integer(0))
        return self.measure().moments(k)

    def _moments_numeric(self, k, dps, width_ratio):
        from ..combinatorics.noncrossing import free_product_moments, moments_from_free_cumulants
        with mpmath.workdps(dps + 10):
            b = self.b_sigma
            b2 = mpmath.mpf(b) ** 2 if not isinstance(b, sp.Basic) else \
                mpmath.mpf(str(sp.N(b ** 2, dps + 10)))
            m0 = [mpmath.mpf(str(sp.N(v, dps + 10))) for v in self.mu0.moments(k)]
            rho = [sum(mpmath.binomial(j, i) * b2 ** i * (1 - b2) ** (j - i) * m0[i]
                       for i in range(j + 1)) for j in range(k + 1)]
            s = mpmath.mpf(0) if width_ratio in (None, sp.oo) else \
                mpmath.mpf(str(sp.N(self._s_of(width_ratio), dps + 10)))
            kap = [mpmath.mpf(0)] + [s ** (j - 2) if j > 2 else mpmath.mpf(1)
                                     for j in range(2, k + 1)]
            nu = moments_from_free_cumulants(kap)
            out = free_product_moments(nu[:k + 1], rho)
        with mpmath.workdps(dps):
            return [+mpmath.mpf(v) for v in out]

    # -- observables ----------------------------------------------------------------
    def spectral_edge(self, width_ratio: ExactInput | None = None, dps: int = 15) -> Any:
        r"""max abs(x) over the support of μ (or of the finite-ratio law).

        The prediction for √(N/n)‖K − E K‖ (the non-asymptotic bound's
        Θ(√(n/N)) with its constant): edges of the support of the algebraic
        law at ``dps`` digits (:mod:`rmtsym.numerics`).
        """
        law = self.measure() if width_ratio in (None, sp.oo) else \
            self.finite_ratio_measure(width_ratio)
        sup = law.support(dps=dps)
        return max(max(abs(mpmath.mpf(a)), abs(mpmath.mpf(b))) for a, b in sup)

    # -- sampling -----------------------------------------------------------------
    def sample_params(self, width_ratio: ExactInput = 64, data_ratio: ExactInput | None = None, kernel: str | None = None) -> dict[str, Any]:
        """The float parameters of the ``"ultrawide"`` sampler for this model."""
        from ..laws.named import marchenko_pastur
        if data_ratio is None:
            ratio = None
            for c in (sp.Rational(1, 4), sp.Rational(1, 2), sp.Rational(2, 3), 1,
                      sp.Rational(1, 3), sp.Rational(3, 4), sp.Rational(1, 8)):
                if self.mu0 == marchenko_pastur(c):
                    ratio = c
                    break
            if ratio is None:
                raise RmtsymError("sample: mu0 is not one of the MP(n/d) laws the sampler "
                                  "recognises; pass data_ratio=d/n")
            data_ratio = 1 / ratio
        params = {"width_ratio": float(width_ratio), "data_ratio": float(data_ratio),
                  "kernel": kernel or self.kernel}
        coeffs = self._hermite_coeffs()
        if getattr(self, "_mix", None) is not None:
            params["activation"], params["linear_weight"] = self._mix
        elif coeffs is not None:
            params["hermite"] = coeffs
            params["activation"] = "hermite"
        elif self._sampler_name is not None:
            params["activation"] = self._sampler_name
        else:
            raise RmtsymError("sample: no numpy sampler for this activation (pass a registered "
                              "name with normalize=True, or a polynomial sigma)")
        return params

    def _hermite_coeffs(self):
        if self.activation is None:
            return None
        x = sp.Symbol("x")
        expr = self.activation.expr
        free = expr.free_symbols
        if len(free) != 1:
            return None
        var = next(iter(free))
        if not expr.is_polynomial(var):
            return None
        deg = sp.degree(expr, var)
        from ..gaussian.integrals import hermite_coefficients
        c = hermite_coefficients(self.activation, int(deg))
        return [float(sp.N(ck * sp.sqrt(sp.factorial(j)), 20)) for j, ck in enumerate(c)]

    def sample(self, n: int, samples: int, seed: int, width_ratio: ExactInput = 64, data_ratio: ExactInput | None = None, kernel: str | None = None, jobs: int = 1) -> Any:
        r"""Eigenvalues of √(N/n)(K − E K) of ``samples`` real two-layer networks.

        Parameters
        ----------
        n : int
            Number of data points (kernel size).
        samples : int
        seed : int
        width_ratio : float, optional
            N/n (the theory at this ratio: :meth:`finite_ratio_measure`).
        data_ratio : float, optional
            d/n (default: read off μ_0 = MP(n/d)).
        kernel : {"ck", "ntk"}, optional
        jobs : int, optional

        Returns
        -------
        rmtsym.sampling.SpectrumSample

        Examples
        --------
        >>> uw = UltraWideKernel.gaussian_data("relu", sympy.Rational(1, 2), normalize=True)
        >>> uw.sample(30, 2, seed=3, width_ratio=16).eigenvalues.shape
        (2, 30)
        """
        from ..sampling.ensembles import sample_spectra
        for name, v, lo in (("n", n, 2), ("samples", samples, 1), ("jobs", jobs, 1)):
            if not isinstance(v, int) or isinstance(v, bool) or v < lo:
                raise RmtsymError(f"{name} must be an integer >= {lo}, got {v!r}")
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise RmtsymError(f"seed must be a non-negative integer, got {seed!r}")
        if not (float(width_ratio) > 0):
            raise RmtsymError(f"width_ratio must be > 0, got {width_ratio!r}")
        return sample_spectra("ultrawide", n, samples, seed,
                              self.sample_params(width_ratio, data_ratio, kernel), jobs=jobs)

    # -- printing -----------------------------------------------------------------
    def __repr__(self):
        act = self.activation.name if self.activation is not None else f"b_sigma={self._b}"
        return f"UltraWideKernel({act}, mu0={self.mu0.label}, kernel={self.kernel!r})"

    def _latex(self, printer=None):
        b = sp.latex(self._b) if self._b is not None else r"b_\sigma"
        return (r"\mu_s \boxtimes \big((1 - %s^2) + %s^2\,\mu_0\big)" % (b, b)
                if self._b is not None else r"\mu_s \boxtimes ((1-b_\sigma^2)+b_\sigma^2\mu_0)")

    def _repr_latex_(self):
        return "$" + self._latex() + "$"


def _symmetric_series(rho, n, R):
    r"""[m_0..m_{n-1}] of μ_s ⊠ ρ in the series ring R, by S-transform series of its square.

    m_{2k}(μ_s ⊠ ρ) = m_k(MP(1) ⊠ ρ ⊠ ρ), S = S_ρ² /(1 + w); odd moments 0.
    """
    from ..core.measure import moments_from_s, s_from_moments
    half = (n + 1) // 2 + 1
    s_rho = s_from_moments(rho._series_in(half + 1, R), R, half)
    S = R.mul(R.mul(s_rho, s_rho, half), R.inv([R.one, R.one], half), half)
    sq = moments_from_s(S, R, half)
    return [sq[k // 2] if k % 2 == 0 else R.zero for k in range(n)]


def _physical_factor(R, moments):
    """The factor of R(m, z) whose series at z = ∞ reproduces ``moments`` (m ~ −1/z).

    With m(1/u) = −Σ_{j<K} m_j u^{j+1} + O(u^{K+1}), u^{deg_z F} F(m(1/u), 1/u)
    is a polynomial in u whose coefficients of u^0..u^K are exact: the factor
    F is accepted when they all vanish.
    """
    R = sp.expand(R)
    u = sp.Symbol("u")
    order = len(moments)
    series = -sum(moments[j] * u ** (j + 1) for j in range(order))     # m(1/u)
    hits = []
    for fac, _ in sp.factor_list(R)[1]:
        if not fac.has(M):
            continue
        dz = sp.Poly(fac, M, Z).degree(Z)
        val = sp.expand(sp.expand(fac * Z ** 0).subs(Z, 1 / u) * u ** dz)
        val = sp.expand(val.subs(M, series))
        coeffs = sp.Poly(val, u).all_coeffs()[::-1]
        if all(sp.simplify(c) == 0 for c in coeffs[:order + 1]):
            hits.append(fac)
    if len(hits) != 1:
        raise RmtsymError(f"subordination elimination: {len(hits)} factors carry the branch "
                          "m ~ -1/z; cannot isolate the physical one")
    P = sp.Poly(hits[0], M, Z)
    P = P.primitive()[1]
    if P.LC().could_extract_minus_sign():
        P = -P
    return sp.expand(P.as_expr())
