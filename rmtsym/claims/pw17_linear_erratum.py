r"""ERRATUM: the Pennington–Worah Gram matrix with a linear activation (η = ζ) is not Marchenko–Pastur.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.2, after the
quartic for P(t): "when η = ζ, which is equivalent to that σ is linear, we
have M = (1/m)(W̃X)(W̃X)ᵀ so that M is a Wishart matrix, following the
Marchenko–Pastur law [...] whose solution is exactly the Stieltjes transform
of the Marchenko–Pastur distribution."

Notation of the survey: X ∈ R^{n0×m}, W ∈ R^{n1×n0}, Y = f(WX),
M = YYᵀ/m ∈ R^{n1×n1}, φ = n0/m, ψ = n0/n1.  A Wishart matrix (1/m) Z Zᵀ,
Z ∈ R^{n1×m} i.i.d. of variance ζ, follows MP(n1/m = φ/ψ, ζ).

Evidence (ζ = η = 3/2, φ = 1/2, ψ = 2): the moments of M by enumeration of
the outer-planar cactus graphs (:func:`rmtsym.combinatorics.gram_moments_pw17`,
which equals the series of the survey's own quartic, see
``tests/test_combinatorics.py``) give m_2 = 63/16, while MP(φ/ψ, ζ) gives
m_2 = 45/16; a sampled Y = WX gives 3.931 ± 0.053 (``docs/errata_pw17.md``).
Symbolically m_2(M) = ζ²(1 + φ + ψ)/ψ against ζ²(1 + φ/ψ): they differ by
ζ²/ψ ≠ 0.  The matrix is a product of two Wishart matrices (W̃ and X both
random), see the corrected claim ``pw17_linear_product_wishart``.

Expected verdict: REFUTED.
"""

import sympy

from rmtsym.combinatorics.gram_pw17 import gram_moments_pw17
from rmtsym.laws.named import marchenko_pastur
from rmtsym.numerics import numeric_moments
from rmtsym.verify import Claim, exact_sequences, numeric_values

from rmtsym.claims._common import SURVEY

ZETA, PHI, PSI = sympy.Rational(3, 2), sympy.Rational(1, 2), sympy.Integer(2)
ORDER = 6


def moments_enumeration(ctx=None):
    """[m_1..m_6] of M for η = ζ by outer-planar graph enumeration."""
    return gram_moments_pw17(ORDER, ZETA, ZETA, PHI, PSI)


def moments_seed_mp(ctx=None):
    """[m_1..m_6] of the seed's Marchenko–Pastur law MP(φ/ψ, ζ)."""
    return marchenko_pastur(PHI / PSI, ZETA).moments(ORDER)[1:]


def _numeric(ctx, dps):
    """Route 2: moments of the seed's MP law by quadrature of its density (rmtsym.numerics),
    against the enumerated moments of M."""
    mp_moments = numeric_moments(marchenko_pastur(PHI / PSI, ZETA), 3, dps=dps)
    exact = moments_enumeration()
    return [(f"m_{k} of MP(phi/psi, zeta) by quadrature vs enumeration", mp_moments[k],
             exact[k - 1], sympy.Float(10) ** (-(dps - 5))) for k in (1, 2, 3)]


CLAIM = Claim(
    id="pw17_linear_erratum",
    title=r"ERRATUM: PW17 Gram matrix with linear activation ($\eta = \zeta$) follows Marchenko–Pastur, survey §4.2",
    source=SURVEY,
    formula=r"§4.2: $\eta = \zeta \Rightarrow M = (1/m)(\tilde WX)(\tilde WX)^T$ is Wishart, Marchenko–Pastur law",
    statement=(r"For $\eta=\zeta$ ($f$ linear), $M=\frac1m YY^T$, $Y=f(WX)$, follows the "
               r"Marchenko--Pastur law $\mathrm{MP}(\phi/\psi,\zeta)$; here $\zeta=\tfrac32$, "
               r"$\phi=\tfrac12$, $\psi=2$."),
    expected="REFUTED",
    refuted_by=("moments: graph enumeration vs seed's MP(φ/ψ, ζ)", 'moments: quadrature of the MP density vs enumeration',),
    erratum=(r"With $\eta = \zeta$ the moments of $M$ (outer-planar graph enumeration = the "
             r"survey's own quartic) are $m_2 = \zeta^2 (1 + \phi + \psi)/\psi = 63/16$, not the MP "
             r"value $\zeta^2 (1 + \phi/\psi) = 45/16$: $M$ is a product of two Wishart matrices, "
             r"$\psi\,(\mathrm{MP}(\phi, \zeta) \boxtimes \mathrm{MP}(\psi, 1/\psi)) "
             r"+ (1 - \psi)\,\delta_0$, MP only in the limit $\phi \to 0$."),
    corrected_by="pw17_linear_product_wishart",
    theory=lambda: marchenko_pastur(PHI / PSI, ZETA),
    checks=[
        exact_sequences("moments: graph enumeration vs seed's MP(φ/ψ, ζ)", moments_enumeration,
                        moments_seed_mp, "outer-planar graph enumeration (PW17)",
                        r"Marchenko--Pastur $\mathrm{MP}(\phi/\psi, \zeta)$", start=1),
        numeric_values("moments: quadrature of the MP density vs enumeration", _numeric,
                       digits=20, dps=30),
    ],
)
