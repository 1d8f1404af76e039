r"""Pennington–Worah quartic for the nonlinear Gram matrix M = (1/m) f(WX) f(WX)ᵀ.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.2, quoting
Pennington–Worah, *Nonlinear random matrix theory for deep learning*, NeurIPS
2017, Thm. 1:  m(z) = ψ/z P(1/(zψ)) + (1 − ψ)/z with
P = 1 + (η − ζ)tP_φP_ψ + P_φP_ψtζ/(1 − P_φP_ψtζ), P_φ = 1 + (P − 1)φ, P_ψ = 1 + (P − 1)ψ.

Conventions (not defined in the seed; PW17's): X ∈ R^{n0×m} ~ N(0, σ_x²),
W ∈ R^{n1×n0} ~ N(0, σ_w²/n0), φ = n0/m, ψ = n0/n1, f centred under
N(0, σ_w²σ_x²); η = E f², ζ = (E ξ f)² (the seed's ζ with σ' squared inside
is a separate erratum, see :func:`rmtsym.gaussian.pw17_constants`).  The
seed's "m" is the Cauchy transform G = −m of ``docs/conventions.md``; translated, the
quartic is :func:`rmtsym.models.gram.pw17_stieltjes_polynomial`.

Here: centred ReLU, σ_w² = 2, σ_x² = 3/4, φ = 1/2, ψ = 3/2 (η = (3/2)(1/2 − 1/(2π)),
ζ = 3/8).  Routes: (1) the series of the translated quartic against the
outer-planar cactus enumeration; (2) the whole polynomial against the
Dozier–Silverstein information-plus-noise equation over the linear-network law
ψ·MP(φ, ζ) ⊠ MP(ψ, 1/ψ) + (1 − ψ)δ₀ (Gaussian equivalence, Péché 2019); (3) sampled
ReLU networks (Richardson-extrapolated moments, KS, edges).

Expected verdict: EXACT.
"""

import sympy

from rmtsym.combinatorics.gram_pw17 import gram_moments_pw17
from rmtsym.core.measure import M, Z
from rmtsym.free.convolution import free_mul
from rmtsym.laws.named import marchenko_pastur
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, exact_sequences

from rmtsym.claims._common import SURVEY
from rmtsym.claims._gram import RELU, float_support, relu_model, theory_density

K = 6
PI = sympy.Symbol("pi_", positive=True)     # pi as a generator for the polynomial identity


def _series(ctx):
    return relu_model().moments(K)[1:]


def _enumeration(ctx):
    eta, zeta = relu_model().constants()
    return gram_moments_pw17(K, eta, zeta, RELU["phi"], RELU["psi"])


def _canon(expr):
    return sympy.Poly(sympy.expand(expr), M, Z)


def _dozier_silverstein(ctx):
    g = relu_model()
    eta, zeta = (sympy.sympify(v).subs(sympy.pi, PI) for v in g.constants())
    phi, psi = RELU["phi"], RELU["psi"]
    nu = free_mul(marchenko_pastur(phi, zeta), marchenko_pastur(psi, 1 / psi))
    Pn = nu.stieltjes_polynomial().as_expr()
    PH = sympy.numer(sympy.together(Pn.subs(M, (M + (1 - psi) / Z) / psi)))
    PH = [p for p, _ in sympy.factor_list(sympy.expand(PH))[1] if sympy.degree(p, M) > 0][0]
    c, s2 = phi / psi, eta - zeta
    a = 1 + s2 * c * M
    Q = sympy.numer(sympy.together(PH.subs({M: M / a, Z: a * (a * Z - s2 * (1 - c))}, simultaneous=True)))
    facs = [_canon(p) for p, _ in sympy.factor_list(sympy.expand(Q), M, Z)[1] if sympy.degree(p, Z) > 0]
    target = _canon(sympy.numer(sympy.together(g.stieltjes_polynomial().as_expr().subs(sympy.pi, PI))))
    hit = [f for f in facs if not sympy.cancel(f.as_expr() / target.as_expr()).has(M, Z)]
    if hit:      # same polynomial up to a constant factor: show it with the target's normalisation
        hit = [sympy.Poly(sympy.cancel(hit[0].as_expr() * target.as_expr() / hit[0].as_expr()), M, Z)]
    lhs = target.as_expr()
    rhs = hit[0].as_expr() if hit else facs[0].as_expr()
    return lhs, rhs, [{"title": "linear-part law H", "latex": sympy.latex(PH) + " = 0"},
                      {"title": r"Dozier--Silverstein: $m = a\, m_H(a(az - s^2(1-c)))$, $a = 1 + s^2 c m$",
                       "latex": r"P_{\mathrm{DS}}(m, z) = " + sympy.latex(rhs) + " = 0"},
                      {"title": "the quartic of the model",
                       "latex": r"P_{\text{quartic}}(m, z) = " + sympy.latex(lhs) + " = 0"}]


CLAIM = Claim(
    id="gram_pw17_quartic",
    title="PW17 Gram matrix: the quartic $P(t)$ (seed §4.2), translated to $m = -G$, for a ReLU layer",
    source=SURVEY,
    formula=(r"§4.2: $m(z) = \psi/z\, P(1/(z\psi)) + (1-\psi)/z$, "
             r"$P = 1 + (\eta-\zeta)tP_\phi P_\psi + P_\phi P_\psi t\zeta/(1 - P_\phi P_\psi t\zeta)$"),
    statement=(r"The law of $M=\frac1m f(WX)f(WX)^T$ ($f$ = centred ReLU, $\sigma_w^2=2$, "
               r"$\sigma_x^2=\frac34$, $\phi=n_0/m=\frac12$, $\psi=n_0/n_1=\frac32$) has Cauchy transform "
               r"$G(z)=\frac{\psi}{z}P(\frac1{z\psi})+\frac{1-\psi}{z}$ with $P$ the root of the PW17 quartic."),
    expected="EXACT",
    notes=r"The seed's $m$ is $G = -m$ (docs/conventions.md); $\phi = n_0/m$, $\psi = n_0/n_1$ (PW17).",
    theory=lambda: relu_model().measure(),
    checks=[
        exact_sequences("moments: translated quartic vs outer-planar enumeration", _series, _enumeration,
                        "series of the quartic (m-convention)", "outer-planar cactus graphs (PW17)", start=1),
        exact_identity("polynomial: quartic = Dozier-Silverstein over the linear-network law",
                       _dozier_silverstein, sides=(r"P_{\text{quartic}}(m, z)", r"P_{\mathrm{DS}}(m, z)")),
        empirical_spectrum("sampled ReLU layers", "gram", relu_model().sample_params(),
                           lambda ctx, k: relu_model().moments(k),
                           n=(240, 800), samples=(24, 120), seed=20170401, orders=3,
                           density=theory_density(relu_model()),
                           support=lambda: float_support(relu_model()),
                           edges=lambda: (float_support(relu_model())[0][0], float_support(relu_model())[-1][1])),
    ],
)
