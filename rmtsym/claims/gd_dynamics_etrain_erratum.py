r"""ERRATUM: the printed contour integral for E_train has the wrong sign.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Theorem (Training
and test performance of GDD, [LC18]; Liao–Couillet, ICML 2018):
"E_train = −1/(2πi) ∮_Γ (1 − f_t(z))/z · dz/((ρ + c)m(z) + 1)", Γ a positive
contour around the shifted MP support, γ and γ + λ_s.

With S = XXᵀ/n = S₀ + uuᵀ, u = Xy/n, Sherman–Morrison gives
uᵀ(S − x)⁻¹u ≃ 1 − 1/(1 + (ρ + c)m), so E_train = lim uᵀ g(S) u
= −1/(2πi)∮ g [1 − 1/(1+(ρ+c)m)] = **+**1/(2πi)∮ g/(1+(ρ+c)m): the printed
sign gives −E_train < 0 (a training margin below zero — worse than chance —
while the real-integral form of the same slide, E_train = (ρ+c)/ρ ∫ g dω > 0,
and the actual runs give +E_train).  E_test and V_test of the same Theorem,
written with the same orientation, are right.

Evidence at c = 2, ρ = 3, γ = 1/3, σ² = 1/2, αt = 2: the printed contour
integral (evaluated literally, ellipse trapezoid) = −0.890039303739 while the
real integral (17)–(18) = +0.890039303739 (25 digits, equal and opposite);
actual gradient descent (c = 1/2, ρ = 2, γ = 1/5, σ² = 1/2, α = 0.1, 30
steps) measures +0.77, dozens of standard errors from the printed −0.77.
Corrected claim: ``gd_dynamics_theorem``.

Expected verdict: REFUTED.
"""

import sympy

from rmtsym.models.gd_dynamics import GDDynamics
from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._gd_dynamics import COURSE, gd_simulation_check, printed_contour_statistics

R = sympy.Rational
GD = GDDynamics(2, 3, R(1, 3), R(1, 2))
GD_SIM = GDDynamics(R(1, 2), 2, R(1, 5), R(1, 2))
ALPHA, STEPS = 0.1, 30


def _numeric(ctx, dps):
    pr, ep = printed_contour_statistics(GD, 2, dps=dps - 3)
    tr, et = GD.statistics(2, dps=dps - 3, error=True)
    return [("E_train(alpha t = 2): printed contour vs real integral (17)-(18)", pr["E_train"], tr["E_train"],
             ep + et)]


CLAIM = Claim(
    id="gd_dynamics_etrain_erratum",
    title="ERRATUM: printed contour E_train = −1/(2πi)∮(1 − f_t)/z dz/((ρ+c)m + 1) has the wrong sign [LC18]",
    source=COURSE,
    formula="Thm (GDD, [LC18]): E_train = -1/(2 pi i) oint (1 - f_t(z))/z dz/((rho + c) m(z) + 1)",
    statement=r"$E_{train}=-\frac{1}{2\pi i}\oint_\Gamma\frac{1-f_t(z)}{z}\frac{dz}{(\rho+c)m(z)+1}$",
    expected="REFUTED",
    erratum=("The printed sign gives -E_train: at c = 2, rho = 3, gamma = 1/3, sigma2 = 1/2, alpha t = 2 the "
             "printed contour integral is -0.890039303739 and the real integral (17)-(18) +0.890039303739 "
             "(equal and opposite to 25 digits); actual GD measures +0.77 against the printed -0.77. "
             "Correct: E_train = +1/(2 pi i) oint (1 - f_t(z))/z dz/((rho + c) m(z) + 1)."),
    corrected_by="gd_dynamics_theorem",
    refuted_by=("printed E_train contour vs real integral", "printed E_train vs actual gradient descent"),
    theory=lambda: GD.hessian_law(),
    checks=[
        numeric_values("printed E_train contour vs real integral", _numeric, digits=25, dps=30),
        gd_simulation_check("printed E_train vs actual gradient descent", GD_SIM, ALPHA, STEPS,
                            lambda ctx: {"E_train": float(printed_contour_statistics(
                                GD_SIM, R(3), dps=15, steps=STEPS)[0]["E_train"])},
                            n=(100, 400), samples=(100, 200), seed=20180711, keys=("E_train",)),
    ],
)
