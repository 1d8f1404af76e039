r"""ERRATUM: the survey's ζ (σ' squared inside the integral) does not give the PW17 Gram spectrum.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.2:
"ζ = [σ_wσ_x ∫ e^{−z²/2}/√(2π) σ'(σ_wσ_x z)² dz]²".  Pennington–Worah 2017,
eq. (6), have σ' to the first power: ζ = [σ_wσ_x E σ'(σ_wσ_x ξ)]² = (E ξσ)²
(Stein), which is what the outer-planar cycle weights need (the linear part
of σ).  The two agree for linear σ and for ReLU (σ'² = σ'), not for tanh.

Here: σ = tanh, σ_w² = 2, σ_x² = 3/4 (q = 3/2), φ = 1/2, ψ = 1/2.  Seed:
ζ ≈ 0.2339; PW17: ζ ≈ 0.4241 (η ≈ 0.4683).  Evidence: the sampled spectra of
real tanh layers disagree with the law built from the seed's ζ (moments m_2,
m_3 many standard errors away, KS) and agree with PW17's
(``gram_pw17_tanh``).  A second symptom (``pw17_constants`` docstring): for
σ = sin at q = 4 the seed's ζ exceeds η, impossible since ζ ≤ η by
Cauchy–Schwarz (exact check), and for tanh the seed's number differs from
PW17's (E ξσ)² computed by mpmath.quad (numeric check).

Expected verdict: REFUTED.
"""

import mpmath
import sympy

from rmtsym.gaussian.activations import activation
from rmtsym.gaussian.integrals import gaussian_expectation
from rmtsym.models.gram import GramSpectrum
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims._gram import float_support, theory_density

R = sympy.Rational
PHI, PSI, SW2, SX2 = R(1, 2), R(1, 2), 2, R(3, 4)


def seed_zeta(dps=30):
    """[sqrt(q) E sigma'(sqrt(q) xi)^2]^2 for tanh, q = 3/2 (the survey's printed formula)."""
    with mpmath.workdps(dps + 10):
        d = activation("tanh").derivative()
        v = (mpmath.sqrt(mpmath.mpf(3) / 2) * gaussian_expectation(d, R(3, 2), dps=dps + 10, power=2)) ** 2
        return sympy.Float(v, dps + 10)


def model():
    return GramSpectrum("tanh", PHI, PSI, sigma_w2=SW2, sigma_x2=SX2)


def seed_law():
    """The PW17 law with the survey's zeta (eta as in PW17)."""
    eta = sympy.Float(model().constants(dps=30)[0], 40)
    return GramSpectrum.from_constants(sympy.nsimplify(eta, rational=True), sympy.nsimplify(seed_zeta(), rational=True),
                                       PHI, PSI)


CHECK = "sampled tanh layers vs the seed-zeta law"
CS = "Cauchy-Schwarz zeta <= eta with the seed's zeta (sin, q = 4)"
NUM = "seed's zeta vs PW17's (E xi tanh)^2 (tanh, q = 3/2)"


def _cauchy_schwarz(ctx):
    """sigma = sin, q = 4 (closed forms): E cos(2 xi)^2 = (1 + e^-8)/2, E sin(2 xi)^2 = (1 - e^-8)/2.

    Seed: zeta = [2 (1 + e^-8)/2]^2 = (1 + e^-8)^2; any zeta of the theory is (E xi sigma)^2 <= E sigma^2 = eta.
    The check compares min(zeta_seed, eta) with zeta_seed: equal iff zeta_seed <= eta.
    """
    e8 = sympy.exp(-8)
    eta = (1 - e8) / 2
    zeta_seed = (2 * (1 + e8) / 2) ** 2
    return sympy.Min(zeta_seed, eta), zeta_seed, [
        {"title": r"seed $\zeta$ for $\sin$ at $q = 4$", "latex": r"\zeta_{\rm seed}=" + sympy.latex(zeta_seed)},
        {"title": r"$\eta$", "latex": r"\eta=" + sympy.latex(eta)}]


def _zeta_values(ctx, dps):
    with mpmath.workdps(dps + 10):
        q = mpmath.mpf(3) / 2
        w = lambda u: mpmath.exp(-u * u / 2) / mpmath.sqrt(2 * mpmath.pi)   # noqa: E731
        stein = mpmath.quad(lambda u: w(u) * u * mpmath.tanh(mpmath.sqrt(q) * u), [-mpmath.inf, 0, mpmath.inf]) ** 2
    return [("seed zeta (sigma' squared inside)", seed_zeta(dps), sympy.Float(stein, dps + 10),
             mpmath.mpf(10) ** (-(dps - 2)))]

CLAIM = Claim(
    id="gram_pw17_zeta_erratum",
    title=r"ERRATUM: survey's $\zeta = [\sigma_w\sigma_x \int \sigma'(\sigma_w\sigma_x z)^2\, Dz]^2$ in the PW17 quartic (tanh layer)",
    source=SURVEY,
    formula=r"§4.2: $\zeta = [\sigma_w\sigma_x \int e^{-z^2/2}/\sqrt{2\pi}\, \sigma'(\sigma_w\sigma_x z)^2\, dz]^2$",
    statement=(r"With $\zeta=[\sigma_w\sigma_x\int\sigma'(\sigma_w\sigma_x z)^2Dz]^2$ the PW17 quartic gives the "
               r"spectrum of $M$ for $\sigma=\tanh$, $\sigma_w^2=2$, $\sigma_x^2=\frac34$, $\phi=\psi=\frac12$."),
    expected="REFUTED",
    erratum=(r"The survey squares $\sigma'$ inside the integral; PW17 eq. (6) has "
             r"$\zeta = [\sigma_w\sigma_x\, \mathbb E\, \sigma'(\cdot)]^2 = (\mathbb E\, \xi\sigma)^2$.  For tanh at "
             r"$q = 3/2$: seed $\zeta = 0.2339$ vs $0.4241$; sampled tanh spectra refute the "
             r"seed-$\zeta$ law (moments, KS) and agree with PW17's (`gram_pw17_tanh`)."),
    corrected_by="gram_pw17_tanh",
    refuted_by=(CS, NUM, CHECK),
    theory=lambda: seed_law().measure(),
    checks=[
        exact_identity(CS, _cauchy_schwarz,
                       label=r"Cauchy-Schwarz $\zeta \le \eta$ with the seed's $\zeta$ ($\sin$, $q = 4$)"),
        numeric_values(NUM, _zeta_values, digits=20, dps=30,
                       label=r"seed's $\zeta$ vs PW17's $(\mathbb E\, \xi\sigma)^2$ ($\sigma = \tanh$, $q = 3/2$)"),
        empirical_spectrum(CHECK, "gram", model().sample_params(),
                           lambda ctx, k: [sympy.Float(v, 25) for v in seed_law().moments(k)],
                           n=(240, 800), samples=(24, 100), seed=20171,
                           orders=3, density=theory_density(seed_law()),
                           support=lambda: float_support(seed_law()),
                           label=r"sampled $\tanh$ layers vs the seed-$\zeta$ law"),
    ],
)
