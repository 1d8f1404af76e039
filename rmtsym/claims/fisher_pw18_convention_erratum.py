r"""ERRATUM: the survey's PW18 "Stieltjes transform" of the Fisher spectrum is the Cauchy transform G = −m.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.3: "Then the
Stieltjes transform of the spectral density of the Fisher information
matrix H₀ ... is given as m(z) = ∬ (λ₁ + λ₂ − 2z)/(2ζ²((η−ζ)(η'−ζ) +
λ₁(z−η+ζ) + λ₂(z−η'+ζ) − z²)) dμ₁(λ₁) dμ₂(λ₂)".  Elsewhere the survey (and
docs/conventions.md) use m(z) = ∫ ρ(x) dx/(x − z).

Read in that convention the statement fails:

* EXACT: as z → ∞ the printed integrand is 2/(2ζ² z) + O(z⁻²) and μ₁, μ₂
  have mass ζ, so z·(printed) → +1, while z·m(z) → −1 for every
  Stieltjes transform m(z) = ∫ μ(dx)/(x − z).
* EMPIRICAL: read as a Stieltjes transform, the printed formula's
  expansion −Σ m_k z^{−k−1} gives moments −(η + η')/2, ... < 0; spectra
  of H₀ of real tanh networks (positive semi-definite) have m₁ > 0.
* NUMERIC: the printed double integral (2-D quadrature, centred ReLU and
  tanh networks) equals −∫ ρ(x)/(x − z) dx of the spectral density (an
  independent quadrature of the push-forward density), not +; in
  particular its imaginary part is negative for Im z > 0.

It is right as the Cauchy transform G(z) = ∫ ρ(x) dx/(z − x) (the same
convention as the survey's linear-case density ρ = −(1/π) Im m(λ + i0)):
corrected claim ``fisher_pw18_general``.

Expected verdict: REFUTED.
"""

import sympy

from rmtsym.verify import Claim, empirical_spectrum, exact_identity, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims._fisher import (RELU, TANH, TANH_PARAMS, Z_POINTS, density_quadrature, edges, fisher_half,
                            fisher_width, printed_formula, support_floats, tanh_moments)


def printed_reading_moments(ctx, K):
    """Moments implied by reading the printed formula as m = −Σ m_k z^(−k−1): −(corrected m_k)."""
    return [-v for v in tanh_moments(ctx, K)]

_z, _l1, _l2, _e, _ep, _zeta = sympy.symbols("z lambda_1 lambda_2 eta eta_p zeta", positive=True)


def leading_coefficient(ctx):
    integrand = (_l1 + _l2 - 2 * _z) / (2 * _zeta ** 2 * ((_e - _zeta) * (_ep - _zeta) + _l1 * (_z - _e + _zeta)
                                                          + _l2 * (_z - _ep + _zeta) - _z ** 2))
    lead = sympy.limit(_z * integrand, _z, sympy.oo)          # 1/zeta^2, independent of lambda
    total = sympy.simplify(lead * _zeta * _zeta)              # times mass(mu_1) mass(mu_2) = zeta^2
    steps = [{"title": "z · integrand as z → ∞", "latex": sympy.latex(lead)},
             {"title": "times the masses ζ·ζ of μ₁, μ₂", "latex": sympy.latex(total)},
             {"title": "a Stieltjes transform has z m(z) → −1", "latex": "-1"}]
    return total, sympy.Integer(-1), steps


def printed_vs_stieltjes(ctx, dps):
    rows = []
    models = ((TANH, "tanh, σ_w²=3/2"),) if ctx.mode == "quick" else ((RELU, "centred ReLU"), (TANH, "tanh, σ_w²=3/2"))
    for F, name in models:
        for z in (Z_POINTS[:1] if ctx.mode == "quick" else Z_POINTS):
            v = printed_formula(F, z, 12)
            ref = density_quadrature(F, lambda x, z=complex(z): 1 / (x - z))
            rows.append((f"printed formula vs ∫ρ/(x−z), {name}, z = {complex(z)}", v, complex(ref), 1e-10))
    return rows


CLAIM = Claim(
    id="fisher_pw18_convention_erratum",
    title=r"ERRATUM: PW18 Fisher 'Stieltjes transform' $m(z) = \iint \cdots\, d\mu_1\, d\mu_2$ is $G = -m$, survey §4.3",
    source=SURVEY,
    formula=(r"§4.3: $m(z) = \iint (\lambda_1+\lambda_2-2z)/(2\zeta^2((\eta-\zeta)(\eta'-\zeta)+\lambda_1(z-\eta+\zeta)"
             r"+\lambda_2(z-\eta'+\zeta)-z^2))\, d\mu_1\, d\mu_2$"),
    statement=(r"The printed double integral is the Stieltjes transform "
               r"$m(z)=\int\rho(x)\,dx/(x-z)$ of the spectral law of $H_0$."),
    expected="REFUTED",
    refuted_by=('lim z·(printed) = −1 (as for a Stieltjes transform)', 'printed formula vs Stieltjes transform of the density', 'sampled H0 (tanh) vs the moments of the printed reading',),
    erratum=(r"Sign convention: the printed expression is the Cauchy transform $G(z) = \int\rho/(z-x) = -m(z)$ "
             r"($z G \to +1$; $\operatorname{Im} G < 0$ for $\operatorname{Im} z > 0$); the formula is right with "
             r"$m = -(\text{printed})$."),
    corrected_by="fisher_pw18_general",
    checks=[
        exact_identity("lim z·(printed) = −1 (as for a Stieltjes transform)", leading_coefficient),
        numeric_values("printed formula vs Stieltjes transform of the density", printed_vs_stieltjes,
                       digits=8, dps=15),
        empirical_spectrum("sampled H0 (tanh) vs the moments of the printed reading", "fisher_network",
                           TANH_PARAMS, printed_reading_moments, n=(2 * 12 ** 2, 2 * 20 ** 2),
                           samples=(12, 40), seed=20261204, orders=1, resolution=0.2,
                           density=lambda x: TANH.float_density(x), support=support_floats(TANH),
                           edges=edges(TANH), size=fisher_width, half=fisher_half,
                           description="figure: the corrected law's density over the sampled histogram; "
                                       r"the moment row compares with the printed reading ($m_1 < 0$)"),
    ],
)
