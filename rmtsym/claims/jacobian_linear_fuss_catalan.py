r"""Deep linear network: J Jᵀ has the scaled Fuss–Catalan law, moments σ_w^{2Lk} binom((L+1)k, k)/(Lk + 1).

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022): ν_M = ν_K ◇ ⋯ ◇ ν_K and
Fig. 1a "φ(x) = x, linear activation function (RMT)".  For φ(x) = x,
ν_K = δ_1 and S_{M^L}(w) = S_W(w)^L = σ_w^{-2L}(1 + w)^{-L}, the S-transform
of the Fuss–Catalan law of order L scaled by σ_w^{2L}; its moments count
(L+1)-ary trees.  Here L = 3, σ_w² = 3/2.

Convention: m(z) = ∫ μ(dx)/(x − z) (docs/conventions.md).

Expected verdict: EXACT.
"""

import sympy

from rmtsym.combinatorics.dyck import fuss_catalan_counts
from rmtsym.verify import Claim, exact_sequences

from rmtsym.claims._jacobian import PASTUR, JacobianSpectrum, jacobian_empirical, routes_check

L, K = 3, 6
SW2 = sympy.Rational(3, 2)


def spec():
    return JacobianSpectrum("linear", depth=L, sigma_w2=SW2)


CLAIM = Claim(
    id="jacobian_linear_fuss_catalan",
    title=r"Deep linear network ($L = 3$, $\sigma_w^2 = 3/2$): scaled Fuss–Catalan law of $J J^\top$",
    source=PASTUR,
    formula=r"$\nu_M = \nu_K \diamond \cdots \diamond \nu_K$; Fig. 1a ($\varphi(x) = x$)",
    statement=(r"For $\varphi(x)=x$: $m_k(\nu_{M^L}) = \sigma_w^{2Lk}\frac{1}{Lk+1}"
               r"\binom{(L+1)k}{k}$."),
    expected="EXACT",
    notes=r"$L = 3$, $\sigma_w^2 = 3/2$, $\sigma_b^2 = 0$ (biases do not enter a linear Jacobian).",
    theory=lambda: spec().measure(),
    checks=[
        routes_check("P(m, z): Pastur's system vs S-transform composition", spec),
        exact_sequences("moments: S-transform series vs (L+1)-ary trees",
                        lambda ctx: spec().moments(K),
                        lambda ctx: [SW2 ** (L * k) * sympy.Integer(c) for k, c in
                                     enumerate(fuss_catalan_counts(L, K, method="trees"))],
                        "S-transform composition", r"$\sigma_w^{2Lk}$ times the enumerated 4-ary trees"),
        # KS: density of the degree-4 route-2 measure on its physical branch
        # (rmtsym.numerics.density, continuation on a 600-node grid), hard edge |x|^(-3/4) at 0.
        jacobian_empirical("sampled linear networks (moments, KS, edges)", spec, seed=7001),
    ],
)
