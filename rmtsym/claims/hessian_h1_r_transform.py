r"""PB17 Hessian: R_H1 = εφz/(2 − εφ²z²) is the R-transform of the survey's model of H1.

Source: ``002_2c85d79b7db582c6.txt`` §4.1: "[H̃1]_{ab;cd} ≈ (1/m)δ_{ad}
Σ_{μ=1}^{m/2} e_{cμ}x_{bμ}", "H̃1H̃1ᵀ ≈ (1/m²) I_n ⊗ (êx̂ᵀ)(êx̂ᵀ)ᵀ",
"ρ_{H1}(λ) = |λ|ρ_M(λ²)", "This yields the following R-transform:
R_{H1}(z) = εφz/(2 − εφ²z²), φ = 2n/m".

Reading (the survey leaves the residual variance to assumption 2, which is
wrong for this formula — ``hessian_h1_noise_erratum``): x ~ N(0, 1) and
residuals e ~ N(0, 2ε).  Routes:

* EXACT: the product-Wishart derivation, independent of the R-transform —
  ν′ = (φ²/4)·MP(1/φ, 2ε) ⊠ MP(1/φ, 1) by rmtsym.free_mul (the k×k matrix
  (1/m²)(êᵀê)(x̂ᵀx̂), k = m/2), ν = (1/φ)ν′ + (1 − 1/φ)δ₀ on n×n,
  m_{H1}(z) = z m_ν(z²) — gives, up to a power of z, the polynomial
  zεφ²G³ + (εφ − εφ²)G² − 2zG + 2 (G = −m) of R_H1, at (ε, φ) = (3/10, 2/5)
  (no atom) and (7/5, 5/2) (atom 1 − 1/φ at 0);
* EXACT: the first free cumulants of that law (κ₂ = εφ/2, κ₄ = ε²φ³/4 · …)
  vs the series of R_H1;
* EMPIRICAL: sampled H1 (real ReLU masks θ(W1 x)) vs the theory.

Expected verdict: EXACT.
"""

import sympy as sp

from rmtsym.core.measure import M, Z
from rmtsym.models.hessian import HessianSpectrum
from rmtsym.verify import Claim, exact_identity, exact_sequences

from rmtsym.claims._common import SURVEY
from rmtsym.claims._hessian import E0, P0, S0, hessian_empirical

G, W = sp.symbols("G w")
R = sp.Rational
K = 8


def r_polynomial(e, p):
    a, b = e * p, e * p ** 2
    return sp.expand((Z * b * G ** 3 + (a - b) * G ** 2 - 2 * Z * G + 2).subs(G, -M))


def _product(e, p):
    def fn(ctx):
        Pprod = HessianSpectrum(e, p).h1_product_polynomial()
        PR = r_polynomial(e, p)
        q = sp.factor(sp.cancel(Pprod / PR))
        if not (q.free_symbols <= {Z} and sp.Poly(q, Z).is_monomial):
            q = sp.Integer(1)          # not equal up to a power of z: compare as they are (fails)
        return sp.expand(Pprod), sp.expand(q * PR), [
            {"title": f"product-Wishart route at $\\varepsilon = {sp.latex(e)}$, $\\phi = {sp.latex(p)}$", "latex": sp.latex(sp.factor(Pprod)) + " = 0"},
            {"title": r"$R_{H_1}$ route (times the monomial quotient)", "latex": sp.latex(q) + r"\cdot(" + sp.latex(PR) + ") = 0"}]
    return fn


def _cumulants_product(ctx):
    from rmtsym.core.measure import AlgebraicMeasure
    Pprod = HessianSpectrum(E0, P0).h1_product_polynomial()
    fac = [f for f, _ in sp.factor_list(Pprod)[1] if sp.degree(f, M) > 0]
    mu = AlgebraicMeasure.from_polynomial(fac[0])
    return mu.free_cumulants(K)


def _cumulants_series(ctx):
    ser = sp.series(E0 * P0 * W / (2 - E0 * P0 ** 2 * W ** 2), W, 0, K).removeO()
    return [ser.coeff(W, k - 1) for k in range(1, K + 1)]


h = HessianSpectrum(E0, P0, S0)

CLAIM = Claim(
    id="hessian_h1_r_transform",
    title=r"PB17: $R_{H_1} = \varepsilon\phi z/(2 - \varepsilon\phi^2 z^2)$ from the masked product of Wisharts (survey §4.1), residuals $\mathcal{N}(0, 2\varepsilon)$",
    source=SURVEY,
    formula=(r"§4.1: $\tilde H_1\tilde H_1^T \approx (1/m^2)\, I \otimes (\hat e\hat x^T)(\hat e\hat x^T)^T$, "
             r"$\rho_{H_1}(\lambda) = |\lambda|\rho_M(\lambda^2)$, "
             r"$\mathcal R_{H_1}(z) = \epsilon\phi z/(2 - \epsilon\phi^2 z^2)$"),
    statement=(r"With $e\sim N(0,2\epsilon)$, $x\sim N(0,1)$: the law $|\lambda|\rho_M(\lambda^2)$, "
               r"$M=\frac1{m^2}(\hat e\hat x^T)(\hat e\hat x^T)^T$, has "
               r"$\mathcal R_{H_1}(w)=\epsilon\phi w/(2-\epsilon\phi^2w^2)$, $\phi=2n/m$."),
    expected="EXACT",
    notes=(r"`free_mul` of $\mathrm{MP}(1/\phi, 2\epsilon)$ and $\mathrm{MP}(1/\phi, 1)$, scaled by $\phi^2/4$, "
           r"mass-shifted to $n \times n$, symmetrised."),
    theory=lambda: h.h1_measure(),
    checks=[
        exact_identity("product-Wishart route = R_H1 polynomial (eps=3/10, phi=2/5)", _product(E0, P0),
                       label=r"product-Wishart route $=$ $\mathcal R_{H_1}$ polynomial ($\epsilon = 3/10$, $\phi = 2/5$)"),
        exact_identity("product-Wishart route = R_H1 polynomial (eps=7/5, phi=5/2)", _product(R(7, 5), R(5, 2)),
                       label=r"product-Wishart route $=$ $\mathcal R_{H_1}$ polynomial ($\epsilon = 7/5$, $\phi = 5/2$)"),
        exact_sequences("free cumulants: product-Wishart law vs series of R_H1", _cumulants_product,
                        _cumulants_series, "free cumulants of the product-Wishart law",
                        r"coefficients of $\varepsilon\phi w/(2 - \varepsilon\phi^2 w^2)$", quantity="kappa", start=1,
                        label=r"free cumulants: product-Wishart law vs series of $\mathcal R_{H_1}$"),
        hessian_empirical("sampled H1 (real ReLU masks) vs theory", h, seed=120201, part="H1",
                          theory=h.h1_measure()),
    ],
)
