r"""Fuss–Catalan law of the linear deep Jacobian (products of Wishart/Ginibre matrices).

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022 talk): ν_M is the iterated
free multiplicative convolution of the laws ν_K of D_l² (with the law of
W_lᵀW_l), and Fig. 1a: "φ(x) = x, linear activation function (RMT)", L = 2,
n = 10³.  For φ(x) = x, D_l = I and M = J Jᵀ with J = W_2 W_1, W_l = X_l/√n
(σ_w² = 1), so ν_M = MP(1) ⊠ MP(1), the Fuss–Catalan law of order 2 with
moments binom(3k, k)/(2k + 1) and support [0, 27/4].

Convention: m(z) = ∫ μ(dx)/(x − z) (docs/conventions.md); the Fuss–Catalan equation
is z² m³ − z m − 1 = 0 (B = 1 + x B³ for B(x) = Σ m_k x^k, with G = −m = B(1/z)/z).

Expected verdict: EXACT.
"""

from typing import Any

import sympy

from rmtsym.combinatorics.dyck import fuss_catalan_counts
from rmtsym.free.convolution import free_mul
from rmtsym.laws.named import fuss_catalan, marchenko_pastur
from rmtsym.verify import Claim, empirical_spectrum, exact_sequences, float_density

from rmtsym.claims._common import PASTUR, measure_moments_check, stieltjes_series_check

L = 2
K = 6
_cache: dict[str, Any] = {}


def theory():
    """MP(1) ⊠ MP(1) by S-transform elimination."""
    if "mu" not in _cache:
        _cache["mu"] = free_mul(marchenko_pastur(1), marchenko_pastur(1))
    return _cache["mu"]


def rho(x):
    """Float density of the Fuss–Catalan law on its physical branch (KS and figure)."""
    if "rho" not in _cache:
        _cache["rho"] = float_density(fuss_catalan(L))
    return _cache["rho"](x)


EDGE = float(sympy.Rational((L + 1) ** (L + 1), L ** L))

CLAIM = Claim(
    id="fuss_catalan_pastur",
    title=r"Fuss–Catalan law of $J J^\top$, $J = W_2 W_1$ (linear network, Pastur Fig. 1a)",
    source=PASTUR,
    formula=(r"$\nu_M = \nu_K^{\boxtimes L} \boxtimes$ MP-type laws; Fig. 1a ($\varphi(x) = x$, "
             r"$L = 2$): $\nu_M = \mathrm{MP}(1) \boxtimes \mathrm{MP}(1)$"),
    statement=(r"For $J=W_2W_1$, $W_l=X_l/\sqrt n$ with i.i.d. $N(0,1)$ entries: the spectral law of "
               r"$JJ^T$ tends to $\mathrm{MP}(1)\boxtimes\mathrm{MP}(1)$, with moments "
               r"$\frac{1}{2k+1}\binom{3k}{k}$ and support $[0, 27/4]$."),
    expected="EXACT",
    notes=(r"S-transform in the $\psi$/$\chi$ convention of docs/conventions.md; `free_mul` eliminates by "
           "resultants."),
    theory=theory,
    checks=[
        exact_sequences("moments: S-elimination vs (L+1)-ary trees", lambda ctx: theory().moments(K),
                        lambda ctx: [sympy.Integer(x) for x in fuss_catalan_counts(L, K, method="trees")],
                        "power series of MP(1) [x] MP(1) (resultant)", "ternary trees (enumerated)"),
        exact_sequences("moments: closed form vs NC partitions",
                        lambda ctx: fuss_catalan(L).moments(K),
                        lambda ctx: [sympy.Integer(x) for x in fuss_catalan_counts(L, K, method="partitions")],
                        "binom(3k,k)/(2k+1)", "2-divisible non-crossing partitions (enumerated)"),
        stieltjes_series_check("m(8+8i): equation root vs moment series", theory, 8 + 8j, EDGE),
        measure_moments_check("moments of the numeric density vs exact", theory, K=K),
        empirical_spectrum("product-of-Ginibre spectra", "wishart_product", {"factors": L},
                           lambda ctx, k: fuss_catalan(L).moments(k), n=(400, 1000), samples=(100, 400),
                           seed=20240615, density=rho, support=[(0.0, EDGE)], edges=(0.0, EDGE)),
    ],
)
