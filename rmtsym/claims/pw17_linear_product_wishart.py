r"""PW17 Gram matrix with a linear activation: a product of two Wishart laws (corrected statement).

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.2 (the η = ζ
case of the Pennington–Worah quartic; the seed's own statement is refuted
in ``pw17_linear_erratum``).

With f linear, Y = WX and M = (1/m) W X Xᵀ Wᵀ.  Its nonzero spectrum is
that of the n0×n0 matrix (WᵀW)(XXᵀ/m), a free product of MP(ψ, 1/ψ) (the law of WᵀW, W ∈ R^{n1×n0}
with entries of variance 1/n0, aspect n0/n1 = ψ) and MP(φ, ζ); moving from
n0×n0 to n1×n1 multiplies the moments by ψ = n0/n1:

.. math:: m_k(M) = \psi\, m_k\big(\mathrm{MP}(\phi,\zeta)\boxtimes\mathrm{MP}(\psi, 1/\psi)\big),\quad k\ge1.

Route 1: enumeration of the outer-planar cactus graphs with cycle weights
(:func:`rmtsym.combinatorics.gram_moments_pw17`, equal to the series of the
survey's quartic P(t) after translating its G-convention, tested in
``tests/test_combinatorics.py``).  Route 2: the exact free multiplicative
convolution (resultant elimination on S-transforms).  Sampled evidence in
``docs/errata_pw17.md``.

Expected verdict: EXACT.
"""

import sympy

from rmtsym.free.convolution import free_mul
from rmtsym.laws.named import marchenko_pastur
from rmtsym.verify import Claim, exact_sequences

from rmtsym.claims._common import SURVEY
from rmtsym.claims.pw17_linear_erratum import ORDER, PHI, PSI, ZETA, moments_enumeration


def product_law():
    """MP(φ, ζ) ⊠ MP(ψ, 1/ψ), the n0×n0 companion law."""
    return free_mul(marchenko_pastur(PHI, ZETA), marchenko_pastur(PSI, 1 / PSI))


def moments_free_product(ctx=None):
    """ψ · m_k of the free product, k = 1..6."""
    return [PSI * x for x in product_law().moments(ORDER)[1:]]


CLAIM = Claim(
    id="pw17_linear_product_wishart",
    title=r"PW17 Gram matrix, linear activation: $\psi\,(\mathrm{MP}(\phi,\zeta) \boxtimes \mathrm{MP}(\psi,1/\psi)) + (1-\psi)\delta_0$ (corrected)",
    source=SURVEY,
    formula=r"§4.2: quartic $P(t)$ at $\eta = \zeta$ (degenerates to a cubic)",
    statement=(r"For $\eta=\zeta$, $m_k(M)=\psi\,m_k\big(\mathrm{MP}(\phi,\zeta)\boxtimes"
               r"\mathrm{MP}(\psi,1/\psi)\big)$ for $k\ge1$; here $\zeta=\tfrac32$, $\phi=\tfrac12$, $\psi=2$."),
    expected="EXACT",
    erratum_of="pw17_linear_erratum",
    theory=product_law,
    checks=[
        exact_sequences("moments: graph enumeration vs ψ·(MP ⊠ MP)", moments_enumeration,
                        moments_free_product, "outer-planar graph enumeration (PW17)",
                        r"$\psi$ times the free product $\mathrm{MP}(\phi, \zeta) \boxtimes \mathrm{MP}(\psi, 1/\psi)$", start=1),
    ],
)
