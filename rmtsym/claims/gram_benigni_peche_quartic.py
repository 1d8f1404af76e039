r"""Benigni–Péché (corrected): for centred σ the law depends on σ only via E σ², E σξ, through the PW17 quartic.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), slide "Some further
RMT investigations on the two-layer model", [BP21] (Benigni–Péché,
*Eigenvalue distribution of some nonlinear models of random matrices*, EJP 26,
2021); the seed's "3rd order" is refuted in ``gram_benigni_peche_cubic_erratum``.

Statement: for centred σ (q = 1) the limiting law of M = (1/m)σ(WX)σ(WX)ᵀ is
the Pennington–Worah law with η = E σ(ξ)², ζ = (E σ(ξ)ξ)² — a quartic equation,
so two centred activations with the same two constants have the same law.
Checked with σ₁ = x + (x² − 1)/2 and σ₂ = x + (x³ − 3x)/(2√3) (Hermite expansions:
η = 1 + 2/4 = 1 + 6/12 = 3/2, ζ = 1 for both), φ = 1/3, ψ = 5/4: identical canonical
polynomials (exact) — although σ₁ has a spike constant E ξ²σ₁ = 1 and σ₂ has 0
(claim ``gram_benigni_peche_spike``; here θ² = 2/5 is below the outlier threshold)
— and the sampled spectrum of σ₁ against the law (σ₂'s cubic term converges too
slowly in n for a quick check).  Degrees: 4 (irreducible) generically, 3 for linear σ, 2 for ζ = 0.

Expected verdict: EXACT.
"""

import sympy

from rmtsym.core.measure import M
from rmtsym.models.gram import GramSpectrum
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, exact_sequences

from rmtsym.claims._common import COURSE
from rmtsym.claims._gram import float_support, theory_density

R = sympy.Rational
PHI, PSI = R(1, 3), R(5, 4)
F1, F2 = "x + (x**2 - 1)/2", "x + (x**3 - 3*x)/(2*sqrt(3))"


def _model(f):
    return GramSpectrum(f, PHI, PSI)


def _same_polynomial(ctx):
    p1, p2 = _model(F1).stieltjes_polynomial(), _model(F2).stieltjes_polynomial()
    return p1.as_expr(), p2.as_expr(), [
        {"title": r"$\sigma_1 = x + (x^2-1)/2$: $\eta, \zeta$ = " + str(_model(F1).constants()),
         "latex": sympy.latex(p1.as_expr()) + " = 0"},
        {"title": r"$\sigma_2 = x + (x^3-3x)/(2\sqrt3)$: $\eta, \zeta$ = " + str(_model(F2).constants()),
         "latex": sympy.latex(p2.as_expr()) + " = 0"}]


def _degrees(ctx):
    got = [GramSpectrum("relu", PHI, PSI, center=True).stieltjes_polynomial().degree(M),
           GramSpectrum("linear", PHI, PSI).stieltjes_polynomial().degree(M),
           GramSpectrum("abs", PHI, PSI, center=True).stieltjes_polynomial().degree(M)]
    return [sympy.Integer(d) for d in got], [sympy.Integer(4), sympy.Integer(3), sympy.Integer(2)]


CLAIM = Claim(
    id="gram_benigni_peche_quartic",
    title=r"Benigni–Péché (corrected): centred $\sigma$ $\Rightarrow$ PW17 quartic in $\mathbb{E}\sigma^2$, $\mathbb{E}\sigma\xi$ only (degree 4; 3 iff linear)",
    source=COURSE,
    formula="slide 'Some further RMT investigations on the two-layer model', [BP21] items 1-2",
    statement=(r"For centred $\sigma$ the limiting law depends on $\sigma$ only through "
               r"$\mathbb E\sigma^2(\xi)$ and $\mathbb E\sigma(\xi)\xi$ and solves the Pennington--Worah quartic; "
               r"$\sigma_1=x+(x^2-1)/2$ and $\sigma_2=x+(x^3-3x)/(2\sqrt3)$ give the same law ($\phi=\frac13,\psi=\frac54$)."),
    expected="EXACT",
    erratum_of="gram_benigni_peche_cubic_erratum",
    theory=lambda: _model(F1).measure(),
    checks=[
        exact_identity("same (E s^2, E s xi) => same polynomial", _same_polynomial,
                       label=r"same $(\mathbb E\,\sigma^2(\xi), \mathbb E\,\sigma(\xi)\xi)$ $\Rightarrow$ same polynomial"),
        exact_sequences("degree in m: relu, linear, |x|", lambda ctx: _degrees(ctx)[0],
                        lambda ctx: _degrees(ctx)[1], "canonical polynomials", "4 (quartic), 3, 2",
                        quantity="deg"),
        empirical_spectrum("sampled sigma_1 layers (kappa = 1, below the spike threshold)", "gram",
                           _model(F1).sample_params(), lambda ctx, k: _model(F1).moments(k),
                           n=(240, 800), samples=(24, 100), seed=2021, orders=2,
                           density=theory_density(_model(F1)),
                           support=lambda: float_support(_model(F1)),
                           edges=lambda: (float_support(_model(F1))[0][0], float_support(_model(F1))[-1][1]),
                           label=r"sampled $\sigma_1$ layers ($\kappa = 1$, below the spike threshold)"),
    ],
)
