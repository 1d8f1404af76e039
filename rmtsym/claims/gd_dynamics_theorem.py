r"""Training and test performance of gradient descent on a Gaussian mixture (Liao–Couillet, corrected contour form).

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), slide "Some RMT
results on GDDs", Theorem (Training and test performance of GDD, [LC18]) —
Z. Liao, R. Couillet, "The Dynamics of Learning: A Random Matrix Approach",
ICML 2018: "P(x̂ᵀw(t) > 0 | ŷ = −1) − Q(E_test/√V_test) → 0,
P(xᵀw(t) > 0 | y = −1) − Q(E_train/√V_train) → 0", with

E_test = −1/(2πi) ∮ (1 − f_t(z))/z · ρ m(z) dz/((ρ + c)m(z) + 1),
V_test = 1/(2πi) ∮ [(1 − f_t(z))²/z² /((ρ + c)m(z) + 1) − σ² f_t²(z) m(z)] dz,

f_t(z) = exp(−αtz), m the Stieltjes transform of MP(c) shifted by γ, Γ around
the shifted support, γ and γ + λ_s.  E_train and V_train are checked here in
their corrected form (E_train = +1/(2πi)∮ (1 − f_t)/z dz/((ρ+c)m+1);
V_train with (z − γ) for z); the printed ones are the errata
``gd_dynamics_etrain_erratum`` and ``gd_dynamics_vtrain_erratum``.

Convention: the seed's m is already the DESIGN.md Stieltjes transform
(m ~ −1/z); no sign translation.  Data x_i = y_i μ + z_i, ρ = ‖μ‖², c = p/n,
w_0 ~ N(0, σ² I_p / p), loss (14) with ridge γ.

Checks at c = 1/2, ρ = 2 (spike, ρ² > c), γ = 1/10, σ² = 1/4:
(numeric) the contour integrals (ellipse trapezoid of the project's MP
Stieltjes transform) = the real integrals (17)–(18) (θ-trapezoid of the
project's MP density) at αt = 3, 25 digits; (numeric) for k = 4 steps of
discrete GD (α = 1/5, filter (1 − αz)^k) the contour integrals = the exact
rationals from the moments of μ and ω, 25 digits; (empirical) actual discrete
gradient descent (α = 0.1, 30 steps; n = 100 and 200 quick, 400 and 800
full; p = n/2): Richardson 2m(2n) − m(n) of E, V (train and test) and of the
two misclassification rates within 4 standard errors of the theory.

Expected verdict: NUMERIC.
"""

import sympy

from rmtsym.models.gd_dynamics import GDDynamics
from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._gd_dynamics import (COURSE, KEYS, exact_polynomial_statistics, gd_simulation_check,
                                 theory_with_rates)

R = sympy.Rational
PARAMS = (R(1, 2), 2, R(1, 10), R(1, 4))
GD = GDDynamics(*PARAMS)
ALPHA, STEPS = 0.1, 30


def _routes(ctx, dps):
    a, ea = GD.statistics(3, dps=dps - 3, method="contour", error=True)
    b, eb = GD.statistics(3, dps=dps - 3, method="integral", error=True)
    return [(f"{k}(alpha t = 3): contour vs real integrals (17)-(18)", a[k], b[k], ea + eb) for k in KEYS]


def _exact(ctx, dps):
    ex = exact_polynomial_statistics(*PARAMS, R(1, 5), 4)
    a, ea = GD.statistics(R(4, 5), dps=dps - 3, method="contour", steps=4, error=True)
    return [(f"{k}(4 GD steps, alpha = 1/5): contour vs exact {ex[k]}", a[k], ex[k], ea) for k in KEYS]


CLAIM = Claim(
    id="gd_dynamics_theorem",
    title="GD dynamics on a Gaussian mixture: E/V train/test by contour integrals, error rates Q(E/√V) [LC18]",
    source=COURSE,
    formula="Thm (Training and test performance of GDD, [LC18]): E_test, V_test, E_train, V_train contour integrals",
    statement=(r"$P(\hat x^Tw(t)>0\mid\hat y=-1)-Q(E_{test}/\sqrt{V_{test}})\to0$ with "
               r"$E_{test}=-\frac{1}{2\pi i}\oint\frac{1-f_t(z)}{z}\frac{\rho m(z)\,dz}{(\rho+c)m(z)+1}$, "
               r"$V_{test}=\frac{1}{2\pi i}\oint\Big[\frac{(1-f_t(z))^2}{z^2((\rho+c)m(z)+1)}-\sigma^2f_t^2(z)m(z)\Big]dz$, "
               r"and the training analogues (corrected signs / $\gamma$ shift)."),
    expected="NUMERIC",
    theory=lambda: GD.hessian_law(),
    notes=("c = 1/2, rho = 2, gamma = 1/10, sigma2 = 1/4; corrected E_train sign and V_train gamma shift "
           "(errata gd_dynamics_etrain_erratum, gd_dynamics_vtrain_erratum)."),
    checks=[
        numeric_values("contour integrals = real integrals (17)-(18), alpha t = 3", _routes, digits=25, dps=30),
        numeric_values("4-step GD: contour integrals = exact rationals (moments of mu, omega)", _exact,
                       digits=25, dps=30),
        gd_simulation_check("actual gradient descent vs theory (E, V, error rates)", GD, ALPHA, STEPS,
                            lambda ctx: theory_with_rates(GD.statistics(ALPHA * STEPS, dps=15, steps=STEPS)),
                            n=(100, 400), samples=(150, 200), seed=20180710),
    ],
)
