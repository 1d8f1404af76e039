r"""GD dynamics: the real-integral forms over μ (MP, eq. 17) and ω (eq. 18), atoms included.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), slide "Some further
simplifications" after the Theorem [LC18] (Liao–Couillet, "The Dynamics of
Learning: A Random Matrix Approach", ICML 2018):

E_test = ∫ (1 − f_t(x + γ))/(x + γ) ω(dx),
V_test = (ρ + c)/ρ ∫ (1 − f_t(x + γ))² ω(dx)/(x + γ)² + σ² ∫ f_t²(x + γ) μ(dx),
E_train = (ρ + c)/ρ ∫ (1 − f_t(x + γ))/(x + γ) ω(dx),
V_train = (ρ + c)/ρ ∫ x (1 − f_t(x + γ))² ω(dx)/(x + γ)² + σ² ∫ x f_t²(x + γ) μ(dx) − E_train²,

μ(dx) = √((x − λ₋)⁺(λ₊ − x)⁺)/(2πcx) dx + (1 − c⁻¹)⁺ δ(x)   (17),
ω(dx) = √((x − λ₋)⁺(λ₊ − x)⁺)/(2π(λ_s − x)) dx + (ρ² − c)⁺/ρ δ_{λ_s}(x)   (18),
λ_s = c + 1 + ρ + c/ρ.

As printed these are right (x is the unshifted eigenvalue of XXᵀ/n; the γ
shift sits in f_t and in the denominators).  ω is the spectral measure of
XXᵀ/n between μ and Xy/n, with Stieltjes transform ρm/(1 + (ρ + c)m); its
a.c. part is cx/(λ_s − x) μ_ac(dx) and its atom is the residue at the zero
λ_s of 1 + (ρ + c)m (present iff ρ > √c).

Checks at c = 2 (MP atom 1/2 at 0), ρ = 3 (spike: ρ² > c, mass 7/3 at
λ_s = 20/3), γ = 1/3, σ² = 1/2: (numeric) for k = 4 steps of discrete GD
(α = 1/5) the real integrals (θ-trapezoid of the project's MP density plus
the atoms) = the exact rationals from the moments of μ and ω, 25 digits;
(numeric) at t = ∞ (ridge solution, γ > 0) E_test = m_ω(−γ),
V_test = (ρ+c)/ρ m_ω′(−γ) with the closed-form MP Stieltjes transform, 25
digits; (numeric) the real integrals = the corrected contour integrals at
αt = 2, 25 digits.

Expected verdict: NUMERIC.
"""

import mpmath
import sympy

from rmtsym.models.gd_dynamics import GDDynamics
from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._gd_dynamics import COURSE, KEYS, exact_polynomial_statistics

R = sympy.Rational
PARAMS = (2, 3, R(1, 3), R(1, 2))
GD = GDDynamics(*PARAMS)


def _exact(ctx, dps):
    ex = exact_polynomial_statistics(*PARAMS, R(1, 5), 4)
    b, eb = GD.statistics(R(4, 5), dps=dps - 3, method="integral", steps=4, error=True)
    return [(f"{k}(4 GD steps, alpha = 1/5): eqs. (17)-(18) vs exact {ex[k]}", b[k], ex[k], eb) for k in KEYS]


def _ridge(ctx, dps):
    c, rho, gam = R(2), R(3), R(1, 3)
    z = sympy.Symbol("z")
    m = ((1 - c - z) - sympy.sqrt((1 - c - z) ** 2 - 4 * c * z)) / (2 * c * z)   # MP(c), z < 0
    m_om = rho * m / (1 + (rho + c) * m)
    E = sympy.N(m_om.subs(z, -gam), dps + 10)
    V = sympy.N(((rho + c) / rho * sympy.diff(m_om, z)).subs(z, -gam), dps + 10)
    b, eb = GD.statistics(mpmath.inf, dps=dps - 3, error=True)
    return [("E_test(t = inf) vs m_omega(-gamma)", b["E_test"], E, eb),
            ("V_test(t = inf) vs (rho+c)/rho m_omega'(-gamma)", b["V_test"], V, eb),
            ("E_train(t = inf) vs (rho+c)/rho m_omega(-gamma)", b["E_train"], (rho + c) / rho * E, eb)]


def _contour(ctx, dps):
    a, ea = GD.statistics(2, dps=dps - 3, method="contour", error=True)
    b, eb = GD.statistics(2, dps=dps - 3, method="integral", error=True)
    return [(f"{k}(alpha t = 2): eqs. (17)-(18) vs contour", b[k], a[k], ea + eb) for k in KEYS]


CLAIM = Claim(
    id="gd_dynamics_simplified",
    title=r"GD dynamics: $E$/$V$ as real integrals over the MP law $\mu$ (17) and $\omega$ (18), atoms included [LC18]",
    source=COURSE,
    formula=(r"'Some further simplifications': $E_{test}$, $V_{test}$, $E_{train}$, $V_{train}$ over $\mu$ (17) "
             r"and $\omega$ (18)"),
    statement=(r"$E_{test}=\int\frac{1-f_t(x+\gamma)}{x+\gamma}\omega(dx)$, "
               r"$V_{test}=\frac{\rho+c}{\rho}\int\frac{(1-f_t(x+\gamma))^2}{(x+\gamma)^2}\omega(dx)"
               r"+\sigma^2\int f_t^2(x+\gamma)\mu(dx)$, $E_{train}=\frac{\rho+c}{\rho}E_{test}$, "
               r"$V_{train}=\frac{\rho+c}{\rho}\int\frac{x(1-f_t(x+\gamma))^2}{(x+\gamma)^2}\omega(dx)"
               r"+\sigma^2\int xf_t^2(x+\gamma)\mu(dx)-E_{train}^2$ with $\omega$ of eq. (18)."),
    expected="NUMERIC",
    theory=lambda: GD.data_law(),
    notes=(r"$c = 2$ (atom at $0$), $\rho = 3$ (spike at $20/3$ of $\omega$-mass $7/3$), $\gamma = 1/3$, "
           r"$\sigma^2 = 1/2$."),
    checks=[
        numeric_values("4-step GD: real integrals (17)-(18) = exact rationals", _exact, digits=25, dps=30),
        numeric_values("ridge limit t = inf: real integrals = closed-form MP transform at -gamma", _ridge,
                       digits=25, dps=30,
                       label=r"ridge limit $t = \infty$: real integrals $=$ closed-form MP transform at $-\gamma$"),
        numeric_values("real integrals (17)-(18) = corrected contour integrals, alpha t = 2", _contour,
                       digits=25, dps=30,
                       label=r"real integrals (17)-(18) $=$ corrected contour integrals, $\alpha t = 2$"),
    ],
)
