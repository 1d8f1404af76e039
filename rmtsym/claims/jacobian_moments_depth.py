r"""First two moments of J Jᵀ as functions of depth: m_1 = ∏ σ_w² E φ'², m_2 = m_1² (1 + Σ_l r_l).

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022), ν_{M^L} = ν_{K^L} ◇ ⋯ ◇
ν_{K^1} (with the laws of W_lᵀW_l).  From S_M = ∏_l S_{K_l} S_W and
S(w) = 1/m_1 − (m_2/m_1² − 1) w/m_1 + O(w²): the normalised second moment
r = m_2/m_1² satisfies r(μ ⊠ ν) − 1 = (r(μ) − 1) + (r(ν) − 1);
r = 2 for MP(1, σ_w²) and r = E φ'⁴/(E φ'²)² for ν_K.  Hence for Gaussian
weights m_1 = ∏ σ_w² E φ'(h_l)² and m_2 = m_1²(1 + Σ_l E φ'⁴/(E φ'²)²):
hardtanh 1 + Σ 1/p_l, relu 1 + 2L (at σ_w² = 2, m_1 = 1, m_2 = 1 + 2L).

Convention: m(z) = ∫ μ(dx)/(x − z); ψ, χ, S as in docs/conventions.md.

Expected verdict: EXACT.
"""

import sympy

from rmtsym.verify import Claim, exact_sequences

from rmtsym.claims._jacobian import PASTUR, JacobianSpectrum, jacobian_empirical

DEPTHS = (1, 2, 3, 4, 5)
SB2 = sympy.Rational(1, 10)


def _relu(ctx):
    out = []
    for L in DEPTHS:
        out += JacobianSpectrum("relu", depth=L, sigma_w2=2, sigma_b2=SB2).moments(2)[1:]
    return out


def _relu_closed(ctx):
    return [v for L in DEPTHS for v in (sympy.Integer(1), sympy.Integer(1 + 2 * L))]


def _hardtanh(ctx):
    out = []
    for L in (1, 2, 3):
        s = JacobianSpectrum("hardtanh", depth=L, sigma_w2=sympy.Rational(3, 2), sigma_b2=SB2)
        out += [sympy.factor(v) for v in s.moments(2)[1:]]
    return out


def _hardtanh_closed(ctx):
    out = []
    for L in (1, 2, 3):
        ps = sympy.symbols(f"p1:{L + 1}", positive=True)
        m1 = sympy.Rational(3, 2) ** L * sympy.prod(ps)
        out += [m1, sympy.factor(m1 ** 2 * (1 + sum(1 / p for p in ps)))]
    return out


CLAIM = Claim(
    id="jacobian_moments_depth",
    title=r"$m_1$ and $m_2$ of $J J^\top$ versus depth (relu at $\sigma_w^2 = 2$: $1$ and $1 + 2L$; hardtanh: $1 + \sum_l 1/p_l$)",
    source=PASTUR,
    formula=r"$\nu_M = \nu_K \diamond \cdots \diamond \nu_K$; $S_M = \prod_l S_{K_l} S_W$",
    statement=(r"$m_1=\prod_l\sigma_w^2\mathbb E\varphi'(h_l)^2$, "
               r"$m_2=m_1^2\bigl(1+\sum_l \mathbb E\varphi'^4/(\mathbb E\varphi'^2)^2\bigr)$ "
               r"(Gaussian weights)."),
    expected="EXACT",
    notes=r"relu: $\sigma_w^2 = 2$, $\sigma_b^2 = 1/10$, $L = 1, \dots, 5$; hardtanh: $\sigma_w^2 = 3/2$, $L = 1, \dots, 3$.",
    checks=[
        exact_sequences("relu (σ_w² = 2): (m_1, m_2) for L = 1..5", _relu, _relu_closed,
                        "S-transform composition", "1 and 1 + 2L",
                        label=r"ReLU ($\sigma_w^2 = 2$): $(m_1, m_2)$ for $L = 1, \dots, 5$"),
        exact_sequences("hardtanh: (m_1, m_2) for L = 1..3", _hardtanh, _hardtanh_closed,
                        "S-transform composition", r"$m_1^2 (1 + \sum_l 1/p_l)$",
                        label=r"hardtanh: $(m_1, m_2)$ for $L = 1, \dots, 3$"),
        jacobian_empirical("sampled relu networks, L = 4",
                           lambda: JacobianSpectrum("relu", depth=4, sigma_w2=2, sigma_b2=SB2),
                           seed=7005, ks=False, orders=2),
    ],
)
