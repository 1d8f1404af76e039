r"""Orthogonal linear network: J Jᵀ is a point mass (dynamical isometry); a Gaussian one is not.

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022): weights "(ii) W_n^l = O_n^l
∈ SO(n) Haar distributed" vs "(i) W_n^l = n^{-1/2} X_n^l"; ν_M = ν_K ◇ ⋯ ◇ ν_K.
For φ(x) = x, ν_K = δ_1 and S_{M^L} = S_W^L: orthogonal W = σ_w O has
S_W = 1/σ_w², so S_M = σ_w^{-2L}, the S-transform of δ_{σ_w^{2L}}; Gaussian
W has S_W = 1/(σ_w²(1 + w)), so S_M = σ_w^{-2L}(1 + w)^{-L} (Fuss–Catalan of
order L, m_2/m_1² = 1 + L > 1: not a point mass).

Route 1 for orthogonal weights (independent of the S-transforms): the layer
recursion f_l(z) = f_{l-1}(z/k)/k with the multiplicative-subordination
equation ∫ λ ν_K(dλ)/(λT − k(T − 1)) = 1, T = 1 + z f (Biane 1998;
:class:`rmtsym.models.jacobian.PasturSystem`); for φ(x) = x it forces
k = σ_w² and gives the same point mass.

Convention: m(z) = ∫ μ(dx)/(x − z); a point mass at x_0 has P = (x_0 − z) m − 1.

Expected verdict: EXACT.
"""

import sympy

from rmtsym.core.measure import M, Z
from rmtsym.verify import Claim, exact_identity, exact_sequences

from rmtsym.claims._jacobian import (PASTUR, JacobianSpectrum, derivation_steps, jacobian_empirical,
                              routes_check)

L, K = 4, 6
SW2 = sympy.Rational(3, 2)


def ortho():
    return JacobianSpectrum("linear", depth=L, sigma_w2=SW2, weights="orthogonal")


def gauss():
    return JacobianSpectrum("linear", depth=L, sigma_w2=SW2)


def _point_mass(ctx):
    s = ortho()
    P = s.measure().stieltjes_polynomial()
    x0 = SW2 ** L
    ref = sympy.Poly(sympy.numer(sympy.together((x0 - Z) * M - 1)), M, Z)
    steps = derivation_steps(s) + [{"title": "Resulting equation",
                                    "latex": sympy.latex(P.as_expr()) + " = 0"}]
    return sympy.expand(P.as_expr() * ref.LC()), sympy.expand(ref.as_expr() * P.LC()), steps


def _gauss_ratio(ctx):
    m = gauss().moments(2)
    return m[2] / m[1] ** 2, sympy.Integer(1 + L), derivation_steps(gauss())


CLAIM = Claim(
    id="jacobian_dynamical_isometry",
    title=r"Orthogonal linear network: $J J^\top$ is a point mass (dynamical isometry); Gaussian is not",
    source=PASTUR,
    formula=r"weights (ii) Haar $O(n)$ vs (i) i.i.d.; $S_W = 1/\sigma_w^2$ vs $1/(\sigma_w^2(1 + w))$",
    statement=(r"Orthogonal: $\nu_{M^L}=\delta_{\sigma_w^{2L}}$. Gaussian: "
               r"$m_2/m_1^2 = 1+L$ (Fuss–Catalan), so the spectrum is spread."),
    expected="EXACT",
    notes=r"$L = 4$, $\sigma_w^2 = 3/2$.",
    theory=lambda: ortho().measure(),
    checks=[
        exact_identity("orthogonal: P(m, z) = (σ_w^{2L} − z) m − 1", _point_mass,
                       label=r"orthogonal: $P(m, z) = (\sigma_w^{2L} - z) m - 1$"),
        routes_check("orthogonal: route 1 (subordination recursion) = route 2 (S-transforms)",
                     ortho),
        exact_sequences("orthogonal moments = σ_w^{2Lk}", lambda ctx: ortho().moments(K),
                        lambda ctx: [SW2 ** (L * k) for k in range(K + 1)],
                        "S-transform composition", "point mass",
                        label=r"orthogonal moments $= \sigma_w^{2Lk}$"),
        exact_identity("Gaussian: m_2/m_1^2 = 1 + L", _gauss_ratio,
                       label=r"Gaussian: $m_2/m_1^2 = 1 + L$"),
        jacobian_empirical("sampled orthogonal linear networks", ortho, seed=7004, ks=False,
                           edges=False),
        # edges off: at L = 4 the largest eigenvalue converges slowly (N^{-2/3} with a large constant)
        jacobian_empirical("sampled Gaussian linear networks", gauss, seed=7007, ks=False,
                           edges=False),
    ],
)
