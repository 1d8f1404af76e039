r"""ERRATUM: with the survey's residuals e ~ N(0, 1), H1 does not have R_H1 = εφz/(2 − εφ²z²).

Source: ``002_2c85d79b7db582c6.txt`` §4.1, assumption 2 "e_{iμ} ~ N(0, 1),
i.i.d." together with "[H̃1]_{ab;cd} ≈ (1/m)δ_{ad} Σ_{μ≤m/2} e_{cμ}x_{bμ}"
and "R_{H1}(z) = εφz/(2 − εφ²z²)".

With unit-variance residuals the law of H1 does not depend on ε, while the
printed R-transform does; its second free cumulant κ₂ = εφ/2 is matched
only when Var e = 2ε (PB17 tie the residual size to the loss
ε = (1/2m)Σ e²).  Evidence, at ε = 3, φ = 2/5:

* EXACT: the product-Wishart route with Var e = 1 (rmtsym.free_mul of
  MP(1/φ, 1) ⊠ MP(1/φ, 1), scaled φ²/4) gives the second moment of H1
  φ/4 = 1/10, not εφ/2 = 3/5;
* EMPIRICAL: sampled H1 with unit residuals (real ReLU masks; the sampler's
  ε = 1/2) against the moments of R_H1 at ε = 3: refuted by many
  standard errors.

Corrected claim: ``hessian_h1_r_transform`` (e ~ N(0, 2ε)).

Expected verdict: REFUTED.
"""

import sympy as sp

from rmtsym import free_mul, marchenko_pastur
from rmtsym.models.hessian import HessianSpectrum
from rmtsym.verify import Claim, exact_identity

from rmtsym.claims._common import SURVEY
from rmtsym.claims._hessian import P0, hessian_empirical

R = sp.Rational
E0 = R(3)                                    # a loss level far from 1/2


def _second_moment(ctx):
    c = 1 / P0
    nu = free_mul(marchenko_pastur(c, 1), marchenko_pastur(c, 1)).affine(P0 ** 2 / 4)
    m2_unit = nu.moments(1)[1] / P0            # E lambda^2 of H1 = mean of the n x n law nu
    kappa2 = HessianSpectrum(E0, P0).h1_measure().moments(2)[2]
    return m2_unit, kappa2, [
        {"title": "unit residuals: second moment of H1", "latex": sp.latex(m2_unit)},
        {"title": r"printed $R_{H_1}$ at $\varepsilon = 3$: $\kappa_2 = \varepsilon\phi/2$", "latex": sp.latex(kappa2)}]


unit = HessianSpectrum(R(1, 2), P0)          # the sampler's residual variance 2 eps = 1
printed = HessianSpectrum(E0, P0)

CLAIM = Claim(
    id="hessian_h1_noise_erratum",
    title=r"ERRATUM: residuals $e \sim \mathcal{N}(0,1)$ (survey §4.1 assumption 2) contradict $R_{H_1} = \varepsilon\phi z/(2 - \varepsilon\phi^2 z^2)$",
    source=SURVEY,
    formula=r"§4.1 assumption 2: $e_{i\mu} \sim N(0, 1)$; $\mathcal R_{H_1}(z) = \epsilon\phi z/(2 - \epsilon\phi^2 z^2)$",
    statement=(r"With $e_{i\mu}\sim N(0,1)$ i.i.d., $H_1$ has "
               r"$\mathcal R_{H_1}(w)=\epsilon\phi w/(2-\epsilon\phi^2w^2)$ (here $\epsilon=3$, $\phi=2/5$)."),
    expected="REFUTED",
    refuted_by=("second moment of H1: unit residuals vs kappa_2 of R_H1",
                "sampled H1 with unit residuals vs R_H1 at eps = 3"),
    erratum=(r"The residual variance must be $2\epsilon$ ($x \sim N(0,1)$) for $\mathcal R_{H_1}$ as printed: "
             r"with $e \sim N(0,1)$ the second moment of $H_1$ is $\phi/4$ for every $\epsilon$ "
             r"($= \epsilon\phi/2$ only at $\epsilon = 1/2$)."),
    corrected_by="hessian_h1_r_transform",
    theory=lambda: printed.h1_measure(),
    checks=[
        exact_identity("second moment of H1: unit residuals vs kappa_2 of R_H1", _second_moment,
                       label=r"second moment of $H_1$: unit residuals vs $\kappa_2$ of $\mathcal R_{H_1}$"),
        hessian_empirical("sampled H1 with unit residuals vs R_H1 at eps = 3", unit, seed=120301,
                          part="H1", theory=printed.h1_measure(),
                          label=r"sampled $H_1$ with unit residuals vs $\mathcal R_{H_1}$ at $\epsilon = 3$"),
    ],
)
