r"""Deformed semicircle law μ_s ⊠ ((1 − b_σ²) + b_σ² μ_0) of the ultra-wide conjugate kernel.

Source: ``004_023286a078569efc.txt`` (Wang–Zhu 2021 talk; Z. Wang and Y. Zhu,
"Deformed semicircle law and concentration of nonlinear random matrices for
ultra-wide neural networks", arXiv:2109.09304, 2021), slide "Deformed
semicircle law": "the empirical eigenvalue distribution of √(N/n)(K^CK − E K^CK)
converges weakly to μ := μ_s ⊠ ((1 − b_σ²) + b_σ² · μ_0) ... as N/n → ∞.
When b_σ = 0, μ = μ_s, independent of μ_0."

Checked for σ = (3/5)x + (4/5)·normalised|x| (Lipschitz, piecewise linear,
b_σ = 3/5 exactly) and the slide's normalised x⁺ (b_σ² = π/(2(π − 1))), on
Gaussian data with d = 2n (μ_0 = MP(1/2)), μ_s the standard semicircle:

* EXACT: μ_s has mean 0 (no S-transform), so μ is computed twice: (A) from its
  square MP(1) ⊠ ρ ⊠ ρ by free_mul (m_μ(z) = z m_ν(z²)), (B) by the
  subordination resultant m = −m_ρ(−z/h)/h, h² + 1 + zm = 0; identical
  polynomials; moments equal the non-crossing-pairing sum (C) to order 10;
  b_σ = 0 gives the semicircle for μ_0 = MP(1/2).
* Finite N/n: the exact n → ∞ law at N/n = r is ρ ⊠ ν_s, ν_s = s⁻¹(MP(s²) − 1),
  s = √(n/N) (route B with h² − s(1 + zm)h + 1 + zm = 0; moments by C); its
  third moment is exactly s, so the finite-width error of the law is Θ(√(n/N)).
* EMPIRICAL: real two-layer networks at N/n = 16 (n = 128, N = 2048, d = 256,
  quick; n = 256 full), exact E K, vs the finite-ratio law: Richardson
  2m(n) − m(n/2) moments, KS and edges (seed 140401; 80 draws, moments resolved to 15 % of max(1, |m_k|): m_3 = 1/4 of the finite-ratio law vs 0 at N/n = ∞ is resolved); relu moments, KS and edges against the float density of its exact finite-ratio law (seed 140402).

Convention: the seed writes no transform; m(z) = ∫ μ(dx)/(x − z) throughout.

Expected verdict: EXACT.
"""

from typing import Any

import sympy as sp

from rmtsym import marchenko_pastur, semicircle
from rmtsym.models.ultrawide import UltraWideKernel
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, exact_sequences, float_density

from rmtsym.claims._ultrawide import RATIO, WANG_ZHU, lipschitz_model, relu_model

_MODEL: dict[Any, Any] = {}


def model():
    if "m" not in _MODEL:
        _MODEL["m"] = lipschitz_model()
    return _MODEL["m"]


def finite_law():
    return model().finite_ratio_measure(RATIO)


def _routes(ctx):
    A = model().stieltjes_polynomial().as_expr()
    Bp = model().subordination_polynomial(0)
    return A, Bp, [{"title": r"Route A: square MP(1) ⊠ ρ ⊠ ρ, $m(z) = z\, m_\nu(z^2)$", "latex": sp.latex(A)},
                   {"title": "Route B: subordination resultant (s = 0)", "latex": sp.latex(Bp)}]


def _b_zero(ctx):
    mu = UltraWideKernel.from_constants(0, marchenko_pastur(sp.Rational(1, 2))).measure()
    return (mu.stieltjes_polynomial().as_expr(), semicircle(1).stieltjes_polynomial().as_expr(),
            [{"title": r"$b = 0$: $\rho = \delta_1$", "latex": r"\mu_s\boxtimes\delta_1=\mu_s"}])


def _third_moments(ctx):
    return [model().moments(3, width_ratio=r)[3] for r in (4, 16, 64, 256)]


_DENS: dict[Any, Any] = {}


def _density(x):
    if "f" not in _DENS:
        _DENS["f"] = float_density(finite_law())
    return _DENS["f"](x)


def _support():
    return [(float(a), float(b)) for a, b in finite_law().support(dps=15)]


def relu_law():
    if "relu" not in _MODEL:
        _MODEL["relu"] = relu_model().finite_ratio_measure(RATIO)
    return _MODEL["relu"]


def relu_density(x):
    """Float density of the relu finite-ratio law (b_sigma^2 = pi/(2(pi - 1)) kept symbolic).

    At x = 0 the polynomial degenerates (both the float and the 30-digit
    density return +inf there although the density is continuous), so x = 0
    is evaluated at 1e-12 instead.
    """
    import numpy as np
    if "frelu" not in _DENS:
        _DENS["frelu"] = float_density(relu_law())
    x = np.asarray(x, dtype=float)
    return _DENS["frelu"](np.where(x == 0.0, 1e-12, x))


def _relu_support():
    return [(float(a), float(b)) for a, b in relu_law().support(dps=15)]


def _relu_edges():
    sup = _relu_support()
    return (sup[0][0], sup[-1][1])


def _edges():
    sup = _support()
    return (sup[0][0], sup[-1][1])


CLAIM = Claim(
    id="wang_zhu_deformed_semicircle",
    title=r"Wang–Zhu deformed semicircle $\mu_s \boxtimes ((1-b^2) + b^2\mu_0)$ for the ultra-wide CK ($N/n \to \infty$)",
    source=WANG_ZHU,
    formula=(r"slide 'Deformed semicircle law': $\sqrt{N/n}\,(K^{CK} - \mathbb E K^{CK}) \to "
             r"\mu_s \boxtimes ((1 - b_\sigma^2) + b_\sigma^2 \mu_0)$"),
    statement=(r"The eigenvalue law of $\sqrt{N/n}\,(K^{CK}-\mathbb E K^{CK})$ tends to "
               r"$\mu_s\boxtimes((1-b_\sigma^2)+b_\sigma^2\mu_0)$, $b_\sigma=\mathbb E\sigma'(\xi)$; "
               r"$b_\sigma=0$ gives $\mu_s$. At finite $N/n$ the law is "
               r"$((1-b_\sigma^2)+b_\sigma^2\mu_0)\boxtimes s^{-1}(\mathrm{MP}(s^2)-1)$, "
               r"$s=\sqrt{n/N}$, with $m_3=s$."),
    expected="EXACT",
    notes=(r"$\sigma = \frac35 x + \frac45\,(|x| - \sqrt{2/\pi})/\sqrt{1 - 2/\pi}$, $b_\sigma = 3/5$; the "
           r"normalised ReLU; data: unit-norm Gaussian columns, $d = 2n$ ($\mu_0 = \mathrm{MP}(1/2)$); "
           r"$N/n = 16$ sampled and compared with the exact finite-ratio law (the finite-$N/n$ error handled "
           r"exactly, the $O(1/n)$ bias by Richardson extrapolation)."),
    theory=lambda: model().measure(),
    checks=[
        exact_identity("route A (free_mul of the square) = route B (subordination resultant)", _routes,
                       label=r"route A (`free_mul` of the square) $=$ route B (subordination resultant)"),
        exact_sequences("moments: series of route A vs non-crossing pairings (route C)",
                        lambda ctx: model().moments(10), lambda ctx: model().moments(10, route="partitions"),
                        r"power series of $P_\mu$", r"sum over $NC_2(2k)$ of $m_{K(\pi)}(\rho)$"),
        exact_sequences("finite N/n = 16 law: route B series vs NC partitions with kappa_j = s^(j-2)",
                        lambda ctx: finite_law().moments(8),
                        lambda ctx: model().moments(8, width_ratio=RATIO),
                        "series of the s = 1/4 subordination polynomial", "NC(k) sum",
                        label=r"finite $N/n = 16$ law: route B series vs NC partitions with $\kappa_j = s^{j-2}$"),
        exact_sequences("finite-N/n error: m_3 at N/n = 4, 16, 64, 256 equals s = sqrt(n/N)",
                        _third_moments, lambda ctx: [sp.Rational(1, k) for k in (2, 4, 8, 16)],
                        r"$m_3$ of $\rho \boxtimes \nu_s$ (NC sum)", r"$\kappa_3(\nu_s)\, m_1(\rho)^3 = s$", start=1,
                        label=r"finite-$N/n$ error: $m_3$ at $N/n = 4, 16, 64, 256$ equals $s = \sqrt{n/N}$"),
        exact_identity("b_sigma = 0: mu = semicircle, independent of mu0", _b_zero,
                       label=r"$b_\sigma = 0$: $\mu$ is the semicircle, independent of $\mu_0$"),
        empirical_spectrum("sampled CK, Lipschitz sigma, N/n = 16, d = 2n", "ultrawide",
                           lipschitz_model().sample_params(RATIO),
                           lambda ctx, k: model().moments(k, width_ratio=RATIO),
                           n=(128, 256), samples=(80, 120), seed=140401, orders=4, resolution=0.15,
                           density=_density, support=_support, edges=_edges,
                           label=r"sampled CK, Lipschitz $\sigma$, $N/n = 16$, $d = 2n$"),
        empirical_spectrum("sampled CK, normalised relu (slide), N/n = 16: moments, KS, edges", "ultrawide",
                           relu_model().sample_params(RATIO),
                           lambda ctx, k: [sp.N(v, 30) for v in relu_model().moments(k, width_ratio=RATIO)],
                           n=(128, 256), samples=(80, 120), seed=140402, orders=4, resolution=0.15,
                           density=relu_density, support=_relu_support, edges=_relu_edges),
    ],
)
