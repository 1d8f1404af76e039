r"""Spectrum of J Jᵀ for the input–output Jacobian of a deep random network.

The model of seed ``000_f11574a8ed5d65a0.txt`` (Pastur 2022, "On random
matrices arising in deep neural networks"): the law of the squared singular
values of

.. math:: J = D_L W_L \cdots D_1 W_1, \qquad D_l = \operatorname{diag}\varphi'(h^l),

computed two independent ways (Pastur's system (I), (II), (0) layer by
layer, and the free multiplicative convolution of S-transforms) and sampled
from real networks.

Conventions (docs/conventions.md "Networks"; stated once here, used everywhere below)
--------------------------------------------------------------------------
* Width n in every layer, depth L (layers of widths n_0, ..., n_L and one
  σ_w², σ_b² per layer: ``JacobianSpectrum(..., widths=...)``, derivation of
  both routes in its Notes).  Weights W^l = X^l/√n with X^l i.i.d.
  N(0, σ_w²) (``weights="gaussian"``) or W^l = σ_w O^l with O^l Haar on O(n)
  (``weights="orthogonal"``); biases b^l i.i.d. N(0, σ_b²).
* Input: a vector x⁰ with ‖x⁰‖²/n = q0 (the sampler draws its direction
  uniformly and fixes its norm).  Pre-activations h^l = W^l x^{l-1} + b^l,
  x^l = φ(h^l).
* Mean field: q_1 = σ_w² q0 + σ_b², q_{l+1} = σ_w² E φ(√q_l ξ)² + σ_b²
  (ξ standard normal); q_l is the limiting variance of the entries of h^l.
* ν_K^l is the law of φ'(h)², h ~ N(0, q_l) — **without** σ_w².  The factor
  σ_w² lives in the law of W_lᵀW_l: Marchenko–Pastur MP(1, σ_w²) with
  S_W(w) = 1/(σ_w²(1 + w)) for Gaussian weights, δ_{σ_w²} with S_W = 1/σ_w²
  for orthogonal ones.  (Pastur's system is written for unit-variance
  weights; route 1 therefore uses ν_K scaled by σ_w², i.e. the law of
  σ_w² φ'(h)².)

Route 1 — Pastur's system (seed 000, formulas (I), (II), (0))
-------------------------------------------------------------
With ν_R = ν_{M^{l-1}} (M^0 = I) and m_R its Stieltjes transform, (II)
reads h = (1 + (z/k) m_R(z/k))/k, so (0) becomes f(z) = m_R(z/k)/k and kh =
1 + z f.  Writing T = 1 + z f, equation (I) k = ∫ λ ν_K(dλ)/(λh + 1) is
∫ λ ν_K(dλ)/(λT + k) = 1.  Layer by layer this gives L equations for
k_1, ..., k_L (ζ_L = z, ζ_{l-1} = ζ_l/k_l, f_0(ζ) = 1/(1 − ζ),
f_l = f_{l-1}/k_l), solved by Newton's method with continuation from
z = i∞ (:class:`PasturSystem`); for discrete ν_K the same equations are
polynomial and a resultant in k gives the polynomial of f exactly.  For
orthogonal weights (I) is replaced by the multiplicative-subordination
equation ∫ λ ν_K(dλ)/(λT − k(T − 1)) = 1 (same recursion; see
:class:`PasturSystem`).

Route 2 — S-transforms
----------------------
ν_{M^L} = ν_K^L ⊠ ν_{W_LᵀW_L} ⊠ … ⊠ ν_K^1 ⊠ ν_{W_1ᵀW_1}, so
S_M(w) = ∏_l S_{K_l}(w) S_W(w).  Exactly (discrete ν_K) this is the
resultant-based :func:`rmtsym.convolution.free_mul`; numerically it is the
system ψ_{K_l}(u_l) = w, z ∏ u_l (1+w)^{L-1}·[orthogonal] = σ_w^{2L}
w^{L-1}(1 + w)·[Gaussian], m(z) = −(1 + w)/z (:func:`s_transform_stieltjes`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import mpmath
import numpy as np
import sympy as sp

from ..core import numbers as _numbers
from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..core.types import ComplexInput, ExactInput, Moment, MpComplex, MpReal, RealInput, SymExpr
from ._jacobian_exact import PasturSystem, _zero_mix, product_moments
from ._jacobian_numeric import (_DISCRETE, _Law, _exact_positive, _gauss_nodes, _per_layer, _widths,
                                s_transform_density_grid, s_transform_stieltjes)

if TYPE_CHECKING:
    from ..core.measure import AlgebraicMeasure
    from ..numerics.numeric_measure import NumericMeasure
    from ..sampling.ensembles import SpectrumSample

__all__ = ["JacobianSpectrum", "PasturSystem"]

#: deepest network of :class:`JacobianSpectrum` (the work grows linearly with the depth)
MAX_DEPTH = 1000
#: highest moment order k of :meth:`JacobianSpectrum.moments`
MAX_MOMENT_ORDER = 200


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------

class JacobianSpectrum:
    r"""Law of the squared singular values of the input–output Jacobian.

    The limit, as the width n → ∞, of the eigenvalue distribution of
    M^L = J Jᵀ, J = D_L W_L ⋯ D_1 W_1, for a random network of depth L
    (seed ``000_f11574a8ed5d65a0.txt``, Pastur 2022; conventions in the
    module docstring: W = X/√n with Var X = σ_w², biases N(0, σ_b²),
    input with ‖x⁰‖²/n = q0, ν_K^l the law of φ'(h)² at h ~ N(0, q_l)).

    Parameters
    ----------
    activation : str
        ``"linear"``, ``"relu"``, ``"hardtanh"`` (discrete ν_K: exact
        results) or ``"tanh"`` (or another smooth registry activation with
        a numpy derivative for sampling: numeric results).
    depth : int
        L ≥ 1.
    sigma_w2 : positive number or sequence of ``depth`` of them, optional
        σ_w² (default 1), or σ_{w,1}², ..., σ_{w,L}² per layer.  Exact (int,
        str, Fraction, SymPy rational) for the exact routes; a float means
        its decimal (0.1 is 1/10).
    sigma_b2 : non-negative number or sequence of ``depth`` of them, optional
        σ_b² (default 0), or one per layer.
    weights : {"gaussian", "orthogonal"}, optional
        Gaussian X/√n or Haar-orthogonal σ_w O weights.
    q0 : positive number, optional
        Input second moment ‖x⁰‖²/n_0 (default 1).
    widths : sequence of depth + 1 positive numbers, optional
        n_0, n_1, ..., n_L (only the ratios enter the limit; default: all
        equal).  W_l is n_l × n_{l-1}; J Jᵀ is n_L × n_L.  Gaussian weights
        only when the widths differ.

    Raises
    ------
    RmtsymError
        Bad parameter (the message names it: ``sigma_w2[1]``, ``widths``,
        ``widths[0]``, ...).

    Notes
    -----
    .. math::

        \nu_{M^L} = \nu_{K^L} \boxtimes \nu_{W_L^\top W_L} \boxtimes \cdots
        \boxtimes \nu_{K^1} \boxtimes \nu_{W_1^\top W_1},\qquad
        S_{M^L}(w) = \prod_{l=1}^L S_{K^l}(w)\, S_W(w),

    S_W = 1/(σ_w²(1 + w)) (Gaussian), 1/σ_w² (orthogonal).  For relu ν_K is
    ½δ_0 + ½δ_1 at every layer; for hardtanh (1 − p_l)δ_0 + p_l δ_1 with
    p_l = P(abs(h) < 1) = erf(1/√(2 q_l)) — transcendental, so the exact
    results carry symbols p_1, ..., p_L (:meth:`parameter_values`).

    **Per-layer variances.**  Mean field q_1 = σ_{w,1}² q0 + σ_{b,1}²,
    q_{l+1} = σ_{w,l+1}² E φ(√q_l ξ)² + σ_{b,l+1}² (the widths do not enter:
    h_i^{l+1} = Σ_j W_ij x_j^l has variance σ_{w,l+1}² ‖x^l‖²/n_l); the layer
    factor is MP(1, σ_{w,l}²) (or δ_{σ_{w,l}²}) in place of MP(1, σ_w²).

    **Rectangular layers** (widths n_0, ..., n_L; c_l = n_l/n_{l-1},
    γ_l = n_L/n_l).  W_l = X_l/√n_{l-1}, X_l n_l × n_{l-1} i.i.d. of
    variance σ_l² = σ_{w,l}², so W_l W_lᵀ → MP(c_l, σ_l²) and
    W_lᵀ W_l → MP(1/c_l, c_l σ_l²) (the same nonzero eigenvalues on n_{l-1}
    dimensions).  M^l = J_l J_lᵀ = D_l W_l M^{l-1} W_lᵀ D_l on n_l dimensions.

    *Zero-mass bookkeeping.*  An n×n matrix A and an n'×n' matrix A' with
    the same nonzero eigenvalues have laws related by
    ν_{A'} = Z_α(ν_A) := α ν_A + (1 − α) δ_0, α = n/n', i.e. m' = α m − (1 − α)/z
    and ψ' = α ψ.  Then χ'(w) = χ(w/α) and

    .. math:: S_{Z_\alpha\mu}(w) = S_\mu(w/\alpha)\,\frac{1 + w}{\alpha + w}.

    *Route 2.*  The nonzero eigenvalues of W_l M^{l-1} W_lᵀ are those of
    (M^{l-1})^{1/2} W_lᵀ W_l (M^{l-1})^{1/2}, whose law on n_{l-1} dimensions
    is ν_{M^{l-1}} ⊠ MP(1/c_l, c_l σ_l²), with S = S_{l-1}(w)/(σ_l²(c_l + w)).
    Moving to n_l dimensions (α = 1/c_l) and multiplying by K_l = D_l²
    (asymptotically free of W_l M^{l-1} W_lᵀ, as in the square case):

    .. math::

        \mu_l = \nu_{K^l} \boxtimes Z_{1/c_l}\big(\mu_{l-1} \boxtimes
                \mathrm{MP}(1/c_l, c_l\sigma_l^2)\big),\qquad
        S_{\mu_l}(w) = S_{K^l}(w)\,\frac{S_{\mu_{l-1}}(c_l w)}{\sigma_l^2 (1 + c_l w)},

    (1/(σ²(1 + cw)) is S of MP(c, σ²) = law of W_l W_lᵀ, as it must be for
    M^{l-1} = I), and unrolled

    .. math::

        S_{M^L}(w) = \prod_{l=1}^{L} \frac{S_{K^l}(\gamma_l w)}
                     {\sigma_l^2\,(1 + \gamma_{l-1} w)}.

    Exactly (:meth:`measure`) the recursion is run with free_mul and Z_α;
    moments come from the series (:func:`product_moments` with ``gammas``);
    numerically, with v_l = χ_{K^l}(γ_l w)/(γ_l w), the system is
    ∫ v_l λ/(1 − γ_l w v_l λ) ν_K^l(dλ) = 1 and, the factors (1 + γ_l w)
    telescoping, z w ∏ v_l = ∏ σ_l² (1 + γ_0 w); m = −(1 + w)/z.

    *Route 1* (Pastur's system for rectangular layers).  The deterministic
    equivalent of (1/N) A^{1/2} X R Xᵀ A^{1/2} (X p × N, p/N → c; Hachem,
    Loubaton, Najim 2007, Ann. Appl. Probab. 17, Thm 2.4; Paul, Silverstein
    2009, J. Multivariate Anal. 100) with A = σ_l² K_l, R = M^{l-1},
    c = c_l, δ = −k/z, δ̃ = h gives

    .. math::

        k = c_l \int \frac{\lambda\,\nu_K(d\lambda)}{h\lambda + 1}\ (\mathrm{I}_c),\quad
        h = \int \frac{\lambda\,\nu_R(d\lambda)}{k\lambda - z}\ (\mathrm{II}),\quad
        f = -\frac1z + \frac{k h}{c_l z}\ (0_c),

    ν_K the law of σ_l² φ'(h)² — Pastur's (I), (II), (0) at c_l = 1.  With
    ν_R = ν_{M^{l-1}}: (II) is kh = 1 + (z/k) f_{l-1}(z/k), so (0_c) is
    f_l(z) = f_{l-1}(z/k)/(c_l k) − (1 − 1/c_l)/z (the zero mass Z_{1/c_l}
    appears by itself) and (I_c) is c_l ∫ λ ν_K(dλ)/(λT + k) = 1 with
    T = kh = c_l(1 + z f_l).  :class:`PasturSystem` solves this (Newton,
    k_l(∞) = c_l ∫λν_K) and, for discrete ν_K, eliminates k by resultants:
    P_{l-1}(k(c z m + c − 1)/z, z/k) = 0 with (I_c).  The two routes are
    independent (series/free_mul vs resultants of the fixed-point
    equations) and agree exactly (tests/test_your_network.py).

    *Atom at 0* (:meth:`atom_at_zero`): ν(A ⊠ B)({0}) = max(ν_A({0}), ν_B({0}))
    and Z_α moves mass a to αa + 1 − α, so a_0 = 0,
    a_l = max(ν_K^l({0}), (max(a_{l-1}, 1 − c_l) − 1)/c_l + 1); e.g.
    rank J ≤ min_l n_l gives a_L ≥ 1 − min_l n_l/n_L.

    References
    ----------
    Pastur, seed ``000_f11574a8ed5d65a0.txt``, system (I), (II), (0) and
    ν_M = ν_K ◇ ⋯ ◇ ν_K; Pennington, Schoenholz, Ganguli, arXiv:1802.09979.

    Examples
    --------
    >>> spec = JacobianSpectrum("relu", depth=2, sigma_w2=2, sigma_b2=0)
    >>> spec.moments(3)
    [1, 1, 5, 33]
    >>> JacobianSpectrum("linear", depth=3, weights="orthogonal", sigma_w2=2).moments(2)
    [1, 8, 64]

    Rectangular layers and one σ_w² per layer (J Jᵀ is 600 × 600 here):

    >>> net = JacobianSpectrum("relu", 2, sigma_w2=["3/2", 2], widths=[1000, 800, 600])
    >>> net.moments(2), net.atom_at_zero()
    ([1, 3/4, 369/160], 1/2)
    """

    def __init__(self, activation: str, depth: int, sigma_w2: ExactInput | Sequence[ExactInput] = 1,
                 sigma_b2: ExactInput | Sequence[ExactInput] = 0, weights: str = "gaussian",
                 q0: ExactInput = 1, widths: Sequence[ExactInput] | None = None) -> None:
        from ..gaussian.activations import activation as _activation
        if not isinstance(activation, str):
            raise RmtsymError(f"activation must be a registry name (str), got {activation!r}")
        try:
            self._act = _activation(activation)
        except RmtsymError as exc:
            raise RmtsymError(f"activation: {exc}") from None
        self.activation = activation
        self.depth = _numbers.integer(depth, "depth", minimum=1, maximum=MAX_DEPTH)
        if weights not in ("gaussian", "orthogonal"):
            raise RmtsymError(f"weights must be 'gaussian' or 'orthogonal', got {weights!r}")
        self.weights = weights
        self.sigma_w2s = _per_layer(sigma_w2, "sigma_w2", self.depth, allow_zero=False)
        self.sigma_b2s = _per_layer(sigma_b2, "sigma_b2", self.depth, allow_zero=True)
        # one number when all layers share it (the square model's attribute), else the tuple
        self.sigma_w2 = self.sigma_w2s[0] if len(set(self.sigma_w2s)) == 1 else self.sigma_w2s
        self.sigma_b2 = self.sigma_b2s[0] if len(set(self.sigma_b2s)) == 1 else self.sigma_b2s
        self.widths = _widths(widths, self.depth)
        self._rect = self.widths is not None and len(set(self.widths)) > 1
        if self._rect and weights != "gaussian":
            raise RmtsymError("widths: layers of different widths need weights='gaussian' "
                              "(a Haar-orthogonal weight is square)")
        w = self.widths or (sp.Integer(1),) * (self.depth + 1)
        #: c_l = n_l/n_{l-1}, l = 1..L (all 1 for square layers)
        self.ratios = tuple(sp.Rational(w[l], w[l - 1]) for l in range(1, self.depth + 1))
        #: γ_l = n_L/n_l, l = 0..L
        self.gammas = tuple(sp.Rational(w[-1], w[l]) for l in range(self.depth + 1))
        self.q0 = _exact_positive(q0, "q0", allow_zero=True)
        if self.sigma_w2s[0] * self.q0 + self.sigma_b2s[0] == 0:
            raise RmtsymError("q0 and sigma_b2 are both 0: h = 0 and φ'(0) is undefined for "
                              "relu/hardtanh; give q0 > 0 or sigma_b2 > 0")
        self.is_discrete = activation in _DISCRETE
        if not self.is_discrete:
            try:
                self._act.derivative()
            except RmtsymError as exc:
                raise RmtsymError(f"activation: {exc}") from None
        self.parameters = tuple(sp.Symbol(f"p{l}", positive=True)
                                for l in range(1, depth + 1)) \
            if activation == "hardtanh" else ()

    def __repr__(self):
        def show(v):
            return "(" + ", ".join(str(x) for x in v) + ")" if isinstance(v, tuple) else str(v)
        extra = "" if self.widths is None else f", widths={show(self.widths)}"
        return (f"JacobianSpectrum({self.activation!r}, depth={self.depth}, "
                f"sigma_w2={show(self.sigma_w2)}, sigma_b2={show(self.sigma_b2)}, "
                f"weights={self.weights!r}, q0={self.q0}{extra})")

    @property
    def _uniform(self):
        """Square layers sharing one σ_w²: the original single-σ code paths apply."""
        return not self._rect and not isinstance(self.sigma_w2, tuple)

    def _sigma_arg(self, dps):
        """σ_w² for the route-2 numerics: one mpf (uniform) or the list of the layers'."""
        if not isinstance(self.sigma_w2, tuple):
            return self._mp(self.sigma_w2, dps)
        return [self._mp(v, dps) for v in self.sigma_w2s]

    def _latex(self, printer=None):
        r"""ν_{M^L} as the free multiplicative convolution of its layer laws (route 2)."""
        if self._rect:
            return self._latex_rect()
        def wlaw(l):
            w = sp.latex(self.sigma_w2s[l - 1])
            return (rf"\mathrm{{MP}}(1, {w})" if self.weights == "gaussian" else rf"\delta_{{{w}}}")
        layers = [rf"\nu_K^{{({l})}} \boxtimes {wlaw(l)}" for l in range(self.depth, 0, -1)]
        body = r" \boxtimes ".join(layers) if self.depth <= 3 else (
            layers[0] + r" \boxtimes \cdots \boxtimes " + layers[-1])
        act = sp.latex(self._act.expr) if getattr(self, "_act", None) is not None else self.activation
        return (rf"\nu_{{M^{{{self.depth}}}}} = {body},\quad \nu_K^{{(l)}} = \mathrm{{law}}\,"
                rf"\varphi'(h)^2,\ h \sim N(0, q_l),\ \varphi(x) = {act}")

    def _repr_latex_(self):
        return "$" + self._latex() + "$"

    def _latex_rect(self):
        act = sp.latex(self._act.expr) if getattr(self, "_act", None) is not None else self.activation
        w = sp.Symbol("w")
        factors = []
        for l in range(1, self.depth + 1):
            g, b = self.gammas[l], self.gammas[l - 1]
            arg = sp.latex(g * w)
            factors.append(rf"\frac{{S_{{K^{{({l})}}}}({arg})}}{{{sp.latex(self.sigma_w2s[l - 1])}"
                           rf"\,({sp.latex(1 + b * w)})}}")
        return (rf"S_{{M^{{{self.depth}}}}}(w) = " + r"\,".join(factors) +
                rf",\quad \nu_K^{{(l)}} = \mathrm{{law}}\,\varphi'(h)^2,\ h \sim N(0, q_l),"
                rf"\ \varphi(x) = {act},\ (n_0, \dots, n_L) \propto "
                rf"({', '.join(sp.latex(v) for v in self.widths)})")

    # -- mean field -------------------------------------------------------------
    def layer_variances(self, dps: int | None = None) -> list[Moment]:
        r"""Mean-field variances [q_1, ..., q_L] of the pre-activations.

        q_1 = σ_w² q0 + σ_b², q_{l+1} = σ_w² E φ(√q_l ξ)² + σ_b².  Exact
        (SymPy) where :func:`rmtsym.gaussian.gaussian_expectation` has a
        closed form and ``dps`` is None, else mpmath numbers at ``dps``.

        Examples
        --------
        >>> JacobianSpectrum("relu", 3, sigma_w2=2, sigma_b2="1/2").layer_variances()
        [5/2, 3, 7/2]
        """
        from ..gaussian.integrals import gaussian_expectation
        if dps is None and not self.is_discrete:
            raise RmtsymError(f"layer_variances: {self.activation} needs dps=<digits>")
        qs = []
        sws, sbs = self.sigma_w2s, self.sigma_b2s
        if dps is None:
            q = sws[0] * self.q0 + sbs[0]
            for l in range(self.depth):
                qs.append(sp.simplify(q))
                if l + 1 < self.depth:
                    q = sws[l + 1] * gaussian_expectation(self._act, q, power=2) + sbs[l + 1]
            return qs
        with mpmath.workdps(dps + 10):
            sw = [self._mp(v, dps) for v in sws]
            sb = [self._mp(v, dps) for v in sbs]
            q = sw[0] * self._mp(self.q0, dps) + sb[0]
            for l in range(self.depth):
                qs.append(q)
                if l + 1 < self.depth:
                    q = sw[l + 1] * gaussian_expectation(self._act, q, dps=dps + 5, power=2) \
                        + sb[l + 1]
        with mpmath.workdps(dps):
            return [+v for v in qs]

    @staticmethod
    def _mp(v, dps):
        return mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q if v.is_Rational \
            else mpmath.mpf(str(sp.N(v, dps + 10)))

    def parameter_values(self, dps: int = 30) -> dict[SymExpr, MpReal]:
        """Values of the symbols p_l = P(abs(h^l) < 1) (hardtanh only), {symbol: mpf}.

        Examples
        --------
        >>> vals = JacobianSpectrum("hardtanh", 1, sigma_w2=2, q0="1/2").parameter_values(15)
        >>> print(mpmath.nstr(list(vals.values())[0], 12))    # erf(1/sqrt(2))
        0.682689492137
        """
        if not self.parameters:
            return {}
        qs = self.layer_variances(dps=dps + 5)
        with mpmath.workdps(dps + 5):
            vals = [mpmath.erf(1 / mpmath.sqrt(2 * q)) for q in qs]
        with mpmath.workdps(dps):
            return {p: +v for p, v in zip(self.parameters, vals)}

    def mask_laws(self) -> list[dict[SymExpr, SymExpr]]:
        r"""The exact layer laws ν_K^l = law of φ'(h^l)² as {atom: weight} dicts.

        Discrete activations only: linear δ_1, relu ½δ_0 + ½δ_1, hardtanh
        (1 − p_l)δ_0 + p_l δ_1 (symbol p_l, see :meth:`parameter_values`).
        """
        return self._exact_laws()

    def _exact_laws(self, subs=None):
        if subs:
            bad = [k for k in subs if k not in self.parameters]
            if bad:
                raise RmtsymError(f"subs: unknown parameters {bad} (this model has "
                                  f"{list(self.parameters)})")
            return [{a: sp.sympify(p).subs(subs) for a, p in law.items()}
                    for law in self._exact_laws()]
        if not self.is_discrete:
            raise RmtsymError(f"mask_laws: ν_K of {self.activation!r} is not discrete")
        half = sp.Rational(1, 2)
        if self.activation == "linear":
            return [{sp.Integer(1): sp.Integer(1)} for _ in range(self.depth)]
        if self.activation == "relu":
            return [{sp.Integer(0): half, sp.Integer(1): half} for _ in range(self.depth)]
        return [{sp.Integer(0): 1 - p, sp.Integer(1): p} for p in self.parameters]

    def _numeric_laws(self, dps):
        """Layer laws as node sets at ``dps`` (atoms, or Gaussian quadrature)."""
        cache = self.__dict__.setdefault("_law_cache", {})
        if dps not in cache:
            cache[dps] = self._numeric_laws_uncached(dps)
        return cache[dps]

    def _numeric_laws_uncached(self, dps):
        if self.is_discrete:
            vals = self.parameter_values(dps + 5)
            out = []
            with mpmath.workdps(dps + 15):
                for law in self._exact_laws():
                    nodes, weights = [], []
                    for a, p in law.items():
                        nodes.append(mpmath.mpf(int(a)))
                        weights.append(mpmath.mpf(str(sp.N(p.subs(vals), dps + 15)))
                                       if p.free_symbols else self._mp(p, dps + 15))
                    out.append(_Law(nodes, weights, law))
            return out
        return [self._gauss_law(q, dps) for q in self.layer_variances(dps=dps + 15)]

    def _gauss_law(self, q, dps):
        wd = dps + 15
        # orthogonal weights: the subordination point of ν_K comes close to its support (no
        # Marchenko–Pastur smoothing in between), the Cauchy integrand is nearly singular and
        # one Gauss–Legendre panel per unit gives only ~dps/2 digits; four panels give dps.
        nodes, weights = _gauss_nodes(wd, 4 if self.weights == "orthogonal" else 1)
        d = self._act.derivative().mpmath_function()
        with mpmath.workdps(wd):
            s = mpmath.sqrt(q)
            if self._act.is_even or self._act.is_odd:       # φ'² even
                a = [d(s * g) ** 2 for g in nodes]
                return _Law(a, list(weights), None, f"nu_K(q={mpmath.nstr(q, 8)})")
            a = [d(s * g) ** 2 for g in nodes] + [d(-s * g) ** 2 for g in nodes]
            return _Law(a, [w / 2 for w in weights] * 2, None)

    # -- route 2 exact: free multiplicative convolution ------------------------
    def measure(self, subs: dict[SymExpr, ExactInput] | None = None) -> AlgebraicMeasure | NumericMeasure:
        r"""The law ν_{M^L} by free multiplicative convolution (route 2).

        Parameters
        ----------
        subs : dict, optional
            Exact values for the hardtanh symbols p_l, substituted into ν_K
            before the convolution (e.g. rational stand-ins to check the
            elimination quickly; the model's own p_l are transcendental).

        Returns
        -------
        AlgebraicMeasure
            For linear, relu, hardtanh: ⊠_l (ν_K^l ⊠ ν_{WᵀW}) with exact
            canonical Stieltjes polynomial (hardtanh: over Z[p_1..p_L]).
        NumericMeasure
            For smooth φ: density from the S-transform system at the
            caller's precision (:func:`s_transform_stieltjes`), support
            [0, upper edge].
        """
        if not self.is_discrete:
            return self._numeric_measure()
        from ..free.convolution import free_mul
        from ..laws.named import atoms, marchenko_pastur, point_mass
        if self._rect:
            return self._measure_rect(subs)
        mu: Any = None
        for law, s2 in zip(self._exact_laws(subs), self.sigma_w2s):
            wtw = marchenko_pastur(1, s2) if self.weights == "gaussian" else point_mass(s2)
            law = {a: p for a, p in law.items() if p != 0}
            layer = free_mul(atoms(dict(law)), wtw) if len(law) > 1 or 1 not in law else wtw
            mu = layer if mu is None else free_mul(layer, mu)
        mu.label = f"Jacobian({self.activation}, L={self.depth})"
        return mu

    def _measure_rect(self, subs=None):
        r"""Route 2 for rectangular layers: μ_l = ν_K^l ⊠ Z_{1/c_l}(μ_{l-1} ⊠ MP(1/c_l, c_l σ_l²)).

        Z_α(μ) = α μ + (1 − α) δ_0 moves a law between dimensions n_{l-1}
        and n_l (α = n_{l-1}/n_l), see the class Notes.
        """
        from ..free.convolution import free_mul
        from ..laws.named import atoms, marchenko_pastur
        mu = None
        for law, s2, c in zip(self._exact_laws(subs), self.sigma_w2s, self.ratios):
            if mu is None:
                mu = marchenko_pastur(c, s2)                 # W_1 W_1ᵀ on n_1 dimensions
            else:
                mu = free_mul(mu, marchenko_pastur(1 / c, c * s2))   # M^{1/2} WᵀW M^{1/2}
                if c != 1:
                    mu = _zero_mix(mu, 1 / c)
            law = {a: p for a, p in law.items() if p != 0}
            if len(law) > 1 or 1 not in law:
                mu = free_mul(atoms(dict(law)), mu)
        mu.label = f"Jacobian({self.activation}, L={self.depth}, widths={self.widths})"
        return mu

    def _numeric_measure(self):
        from ..numerics import NumericMeasure
        spec = self

        def density(x):
            dps = mpmath.mp.dps
            x = mpmath.mpf(x)
            if x <= 0:
                return mpmath.mpf(0)
            return max(mpmath.im(spec.stieltjes(x, dps)) / mpmath.pi, mpmath.mpf(0))
        edge = self._support_bound()
        at0 = self.atom_at_zero() if self._rect else 0
        return NumericMeasure(density, [(0, edge)], atoms=((0, at0),) if at0 else (),
                              label=f"Jacobian({self.activation}, L={self.depth})")

    def _support_bound(self):
        mx = 1
        for law in self._numeric_laws(15):
            mx *= float(law.max)
        if not self._uniform:
            for s2, c in zip(self.sigma_w2s, self.ratios):
                mx *= float(s2) * ((1 + math.sqrt(float(c))) ** 2
                                   if self.weights == "gaussian" else 1)
            return mx
        c = float(self.sigma_w2) * (4 if self.weights == "gaussian" else 1)
        return mx * c ** self.depth

    # -- route 1 -----------------------------------------------------------------
    def pastur_system(self) -> PasturSystem:
        """Route 1: Pastur's system (I), (II), (0) (:class:`PasturSystem`).

        For ``weights="orthogonal"`` the same layer recursion with the
        multiplicative-subordination equation in place of (I) (see
        :class:`PasturSystem`), independent of the S-transform route 2.
        """
        return PasturSystem(self)

    # -- numerics ------------------------------------------------------------------
    def stieltjes(self, z: ComplexInput, dps: int = 30) -> MpComplex:
        """Stieltjes transform m(z) of ν_{M^L} at ``dps`` digits (route 2 numeric)."""
        return s_transform_stieltjes(self._numeric_laws, self._sigma_arg(dps + 10),
                                     self.weights, z, dps,
                                     gammas=self.gammas if self._rect else None)

    def density(self, x: RealInput, dps: int = 30) -> MpReal:
        """Density of the absolutely continuous part at x > 0 (route 2 numeric)."""
        with mpmath.workdps(dps + 10):
            x = mpmath.mpf(x)
            if x <= 0:
                raise RmtsymError(f"density: x must be > 0, got {x}")
            v = mpmath.im(self.stieltjes(x, dps + 5)) / mpmath.pi
            if v < -mpmath.mpf(10) ** (-dps):
                raise BranchError(f"density at x = {mpmath.nstr(x, 15)} came out negative "
                                  f"({mpmath.nstr(v, 5)}): the S-transform solve left the physical branch")
        with mpmath.workdps(dps):
            return +max(v, mpmath.mpf(0))   # |v| <= 10^-dps: rounding of a zero density

    def density_grid(self, xs: Sequence[float] | np.ndarray, dps: int | None = None
                     ) -> np.ndarray | list[mpmath.mpf]:
        r"""Density at many points x > 0: float64 (``dps=None``, fast; KS tests, figures) or ``dps`` digits.

        Parameters
        ----------
        xs : sequence of float
            Points x > 0 (a 1-d array).
        dps : int or None
            None: float64 values (numpy array); an integer 16..2000: a list
            of mpf at ``dps`` digits.

        Returns
        -------
        numpy.ndarray or list of mpmath.mpf

        Raises
        ------
        RmtsymError
            ``xs`` not a 1-d array of points > 0, or a bad ``dps``.

        Notes
        -----
        * discrete ν_K (linear, relu, hardtanh): the law is algebraic — the
          route-2 measure (:meth:`measure`), for hardtanh route 1's
          polynomial with the p_l as exact rationals of their 20-digit values
          (:meth:`grid_polynomial`) — and the grid is
          :func:`rmtsym.numerics.floatgrid.density_grid_float` (all roots at
          all points in one batched call, the physical root matched by
          continuity from a certified start; ambiguous points handed to the
          high-precision continuation), or its ``dps``-digit polish
          :func:`rmtsym.numerics.floatgrid.density_grid`.
        * smooth φ (tanh): ν_K is not discrete, so m(z) is the root of a
          fixed-point system (route 2, :func:`s_transform_density_grid`), not
          of a polynomial; the float grid continues that root along the axis
          (one complex Newton solve in L + 1 unknowns per point, each
          expectation a numpy dot over the quadrature nodes — the walk is
          sequential because each point starts from the previous root);
          ``dps`` values are :meth:`density` point by point.

        Examples
        --------
        >>> spec = JacobianSpectrum("linear", depth=1, sigma_w2=2)   # MP(1, 2)
        >>> [round(float(v), 10) for v in spec.density_grid([4.0, 9.0])]   # sqrt(x(8-x))/(4 pi x)
        [0.0795774715, 0.0]
        """
        arr = np.asarray(xs, dtype=float)
        if arr.ndim != 1 or not np.all(arr > 0):
            raise RmtsymError("xs must be a 1-d array of points > 0")
        if dps is not None:
            dps = _numbers.integer(dps, "dps", minimum=16, maximum=_numbers.MAX_DPS)
        if self.is_discrete:
            from ..numerics.floatgrid import density_grid as _grid, density_grid_float
            curve = self.grid_polynomial()
            if dps is None:
                return density_grid_float(curve, arr)
            return cast(list[mpmath.mpf], _grid(curve, list(xs), dps=dps))
        if dps is not None:
            return [self.density(x, dps=dps) for x in xs]
        return s_transform_density_grid(self._numeric_laws, self._sigma_arg(25),
                                        self.weights, arr,
                                        gammas=self.gammas if self._rect else None)

    def grid_polynomial(self, dps: int = 20) -> sp.Poly:
        r"""Parameter-free Stieltjes polynomial P(m, z) of a discrete-ν_K law (for float grids).

        Parameters
        ----------
        dps : int
            Digits of the hardtanh probabilities p_l = P(|h_l| < 1) (their
            ``dps``-digit decimals, taken as exact rationals).

        Returns
        -------
        sympy.Poly
            In (m, z), rational coefficients: the route-2 measure's polynomial
            (linear, relu) or route 1's (:meth:`PasturSystem.polynomial`) with
            the p_l substituted (hardtanh).

        Raises
        ------
        RmtsymError
            For a smooth activation (ν_K not discrete: no polynomial).

        Examples
        --------
        >>> JacobianSpectrum("linear", depth=1, sigma_w2=2).grid_polynomial().as_expr()
        2*m**2*z + m*z + 1
        """
        if not self.is_discrete:
            raise RmtsymError(f"grid_polynomial: activation {self.activation!r} has a continuous "
                              "nu_K (no Stieltjes polynomial); use density_grid")
        from ._jacobian_exact import M_SYM, Z_SYM
        if not self.parameters:
            exact = cast("AlgebraicMeasure", self.measure())      # discrete nu_K: always exact
            return sp.Poly(exact.stieltjes_polynomial().as_expr(), M_SYM, Z_SYM)
        vals = {p: sp.Rational(mpmath.nstr(v, dps, strip_zeros=False))
                for p, v in self.parameter_values(dps).items()}
        return sp.Poly(self.pastur_system().polynomial().subs(vals), M_SYM, Z_SYM)

    def atom_at_zero(self) -> SymExpr | list[SymExpr]:
        """Mass of the atom of ν_{M^L} at 0: max_l ν_K^l({0}) (exact for discrete laws)."""
        if self._rect:
            return self._atom_rect()
        if not self.is_discrete:
            return sp.Integer(0)
        masses = [law.get(sp.Integer(0), sp.Integer(0)) for law in self._exact_laws()]
        if self.activation == "hardtanh":
            return masses          # 1 - p_l; the atom is their maximum
        return max(masses)

    def _atom_rect(self):
        r"""Atom at 0 for rectangular layers, by the recursion of the class Notes:
        a_l = max(ν_K^l({0}), (max(a_{l-1}, 1 − c_l) − 1)/c_l + 1), a_0 = 0
        (hardtanh: a SymPy Max in the p_l)."""
        a = sp.Integer(0)
        laws = self._exact_laws() if self.is_discrete else [{} for _ in range(self.depth)]
        for law, c in zip(laws, self.ratios):
            inner = sp.Max(a, 1 - c, 0)
            a = sp.Max(law.get(sp.Integer(0), sp.Integer(0)), (inner - 1) / c + 1, 0)
        return a

    # -- moments ----------------------------------------------------------------
    def moments(self, k: int, dps: int | None = None) -> list[Moment]:
        r"""Moments [m_0, ..., m_k] of ν_{M^L}, m_j = lim E (1/n) tr (J Jᵀ)^j.

        Exact (SymPy; polynomials in p_l for hardtanh) for discrete ν_K when
        ``dps`` is None; mpmath numbers at ``dps`` digits otherwise (ν_K
        moments by Gaussian quadrature).  Computed by the S-transform
        composition S_M = ∏ S_{K_l} S_W (:func:`product_moments`).

        Examples
        --------
        >>> JacobianSpectrum("linear", depth=2, sigma_w2=3).moments(3)   # 3^(2j) FC_2(j)
        [1, 9, 243, 8748]
        """
        k = _numbers.order(k, "k", maximum=MAX_MOMENT_ORDER)
        dps = _numbers.dps(dps)
        if k == 0:
            return [sp.Integer(1)] if dps is None else [mpmath.mpf(1)]
        n = k + 1
        if dps is None:
            if not self.is_discrete:
                raise RmtsymError(f"moments: {self.activation} has no exact moments; "
                                  "pass dps=<digits>")
            laws = [[sp.expand(sum(p * a ** j for a, p in law.items())) for j in range(n + 1)]
                    for law in self._exact_laws()]
            if self._uniform:
                sws = [self._s_w_series(self.sigma_w2, n)] * self.depth
            else:
                sws = [self._s_w_series(s2, n, beta) for s2, beta
                       in zip(self.sigma_w2s, self.gammas[:-1])]
            gam = None if not self._rect else self.gammas[1:]
            # nsimplify only for non-rationals: it rounds a tiny exact 2^-400 to 0
            return [sp.factor(v) if self.parameters else (v if v.is_Rational else sp.nsimplify(v))
                    for v in product_moments(laws, sws, k, sp.expand,
                                             sp.Integer(1), gammas=gam)]
        with mpmath.workdps(dps + 10):
            laws = [[law.moment(j) for j in range(n + 1)] for law in self._numeric_laws(dps + 5)]
            if self._uniform:
                sws = [self._s_w_series(self._mp(self.sigma_w2, dps + 10), n)] * self.depth
            else:
                sws = [self._s_w_series(self._mp(s2, dps + 10), n, beta) for s2, beta
                       in zip(self.sigma_w2s, self.gammas[:-1])]
            gam_mp = None if not self._rect else [mpmath.mpf(g.p) / g.q for g in self.gammas[1:]]
            out = product_moments(laws, sws, k, one=mpmath.mpf(1), gammas=gam_mp)
        with mpmath.workdps(dps):
            return [+v for v in out]

    def _s_w_series(self, s2, n, beta=1):
        if self.weights == "gaussian":             # 1/(s2 (1 + beta w)): S of MP(beta, s2)
            if beta != 1:
                b = beta if isinstance(s2, sp.Basic) else mpmath.mpf(beta.p) / beta.q
                return [(-b) ** j / s2 for j in range(n)]
            return [sp.Integer(-1) ** j / s2 if isinstance(s2, sp.Basic) else (-1) ** j / s2
                for j in range(n)]
        return [1 / s2] + [0] * (n - 1)

    # -- sampling -----------------------------------------------------------------
    def sample(self, n: int, samples: int, seed: int, jobs: int = 1) -> SpectrumSample:
        r"""Eigenvalues of J Jᵀ of ``samples`` independent random networks of width n.

        Each network is the real thing: Gaussian (or Haar) weights, Gaussian
        biases, an input with ‖x⁰‖²/n = q0, forward pass, J by the chain
        rule, eigenvalues of J Jᵀ (numpy ``eigvalsh``, float64).

        Parameters
        ----------
        n : int
            Width (≥ 2); with ``widths``, the output width n_L (layer l has
            round(n w_l/w_L) units).
        samples : int
            Number of networks (≥ 1).
        seed : int
            Root seed: network i uses ``default_rng(SeedSequence(seed).spawn(samples)[i])``.
        jobs : int, optional
            Worker processes (result independent of ``jobs``).

        Notes
        -----
        ``SAMPLERS["jacobian"]`` (:func:`rmtsym.sampling.jacobian_network`)
        through :func:`rmtsym.sampling.sample_spectra`, the only place where
        random numbers are drawn.  Runs with one BLAS thread per process; the
        layers' Gaussian matrices are drawn in parallel threads instead.

        Returns
        -------
        rmtsym.sampling.SpectrumSample
            ``eigenvalues`` of shape (samples, n), with n, samples, seed and
            the model parameters recorded.

        Examples
        --------
        >>> s = JacobianSpectrum("relu", 2, sigma_w2=2).sample(50, 3, seed=1)
        >>> s.eigenvalues.shape, s.seed
        ((3, 50), 1)
        """
        from ..sampling.ensembles import JACOBIAN_ACTIVATIONS, sample_spectra
        for name, v, lo in (("n", n, 2), ("samples", samples, 1), ("jobs", jobs, 1)):
            if not isinstance(v, int) or isinstance(v, bool) or v < lo:
                raise RmtsymError(f"{name} must be an integer >= {lo}, got {v!r}")
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise RmtsymError(f"seed must be a non-negative integer, got {seed!r}")
        if self.activation not in JACOBIAN_ACTIVATIONS:
            raise RmtsymError(f"sample: no numpy sampler for activation {self.activation!r} "
                              f"(available: {sorted(JACOBIAN_ACTIVATIONS)})")
        return sample_spectra("jacobian", n, samples, seed, self.sample_params(), jobs=jobs)

    def sample_params(self) -> dict[str, object]:
        """The float parameters of the sampler (recorded with every sample).

        With ``widths`` the sampled network has n_l = round(n · w_l/w_L)
        (n the output width; only the ratios of the model's widths matter).
        """
        def fl(v):
            return tuple(float(x) for x in v) if isinstance(v, tuple) else float(v)
        out = {"activation": self.activation, "depth": self.depth,
               "sigma_w2": fl(self.sigma_w2), "sigma_b2": fl(self.sigma_b2),
               "q0": float(self.q0), "weights": self.weights}
        if self._rect:
            out["widths"] = tuple(float(w) for w in self.widths)
        return out


    def upper_edge(self, dps: int = 15, tol: float = 1e-10) -> float | MpReal:
        r"""Upper edge of the support of ν_{M^L} (the support is [0, edge], plus an atom at 0).

        Bisection on the sign of the density ρ(x) = Im m(x + i0)/π
        (Pastur's system for Gaussian weights, S-transforms otherwise) in
        [0, ∏_l (4σ_w² max ν_K^l)]; relative accuracy ``tol``.

        Examples
        --------
        >>> e = JacobianSpectrum("linear", depth=1, sigma_w2=2).upper_edge()   # MP(1, 2): 8
        >>> abs(e - 8) < 1e-8
        True
        """
        dens = (self.pastur_system().density if self.weights == "gaussian" else self.density)
        lo, hi = 0.0, float(self._support_bound())
        if self.weights == "orthogonal" and self.activation == "linear":
            return float(self.sigma_w2) ** self.depth if self._uniform else \
                float(sp.prod(self.sigma_w2s))
        while hi - lo > tol * hi:
            mid = (lo + hi) / 2
            try:
                v = dens(mid, dps=dps)
            except (ConvergenceError, BranchError):
                v = 0
            if v > mpmath.mpf(10) ** (-(dps // 2)):
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2
