r"""ERRATUM: the printed contour integral for V_train misses the γ shift (it computes wᵀHw, not ‖Xᵀw‖²/n).

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Theorem (Training
and test performance of GDD, [LC18]; Liao–Couillet, ICML 2018):
"V_train = 1/(2πi) ∮_Γ [ (1/z)(1 − f_t(z))²/((ρ + c)m(z) + 1) − σ² f_t²(z) z m(z) ] dz − E_train²",
with z the shifted variable (m solves c(z − γ)m² − (1 − c − z + γ)m + 1 = 0).

The training margins are y_i x_iᵀw, so V_train = ‖Xᵀw‖²/n − E_train² =
wᵀSw − E_train², S = XXᵀ/n = H − γI.  In the shifted variable the factor
must be the eigenvalue of S, z − γ: (z − γ)(1 − f_t)²/z² and σ² f_t² (z − γ) m.
The printed z gives wᵀHw = wᵀSw + γ‖w‖², i.e. V_train + γ V_test — right
only for γ = 0.  (The real-integral form on the next slide, with x(1 −
f_t(x + γ))²/(x + γ)², is right.)

Evidence at c = 2, ρ = 3, γ = 1/3, σ² = 1/2, αt = 2: printed 0.112982204911,
real integral (17)–(18) 0.0191134826613, and printed − true = γ·V_test to 25
digits; actual gradient descent (c = 1/2, ρ = 2, γ = 1/5, σ² = 1/2, α = 0.1,
30 steps) rejects the printed value by many standard errors and agrees with
the corrected one (``gd_dynamics_theorem``).

Expected verdict: REFUTED.
"""

import mpmath
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
    with mpmath.workdps(dps + 5):
        shifted = tr["V_train"] + mpmath.mpf(sympy.N(GD.gamma, dps + 5)) * tr["V_test"]
    return [("V_train(alpha t = 2): printed contour vs real integral (17)-(18)", pr["V_train"], tr["V_train"],
             ep + et),
            ("printed V_train vs V_train + gamma V_test (= w^T H w - E_train^2)", pr["V_train"], shifted, ep + et)]


CLAIM = Claim(
    id="gd_dynamics_vtrain_erratum",
    title="ERRATUM: printed contour V_train uses z where z − γ belongs (wᵀHw instead of ‖Xᵀw‖²/n) [LC18]",
    source=COURSE,
    formula="Thm (GDD, [LC18]): V_train = 1/(2 pi i) oint [(1/z)(1-f_t)^2/((rho+c)m+1) - sigma^2 f_t^2 z m] dz - E_train^2",
    statement=(r"$V_{train}=\frac{1}{2\pi i}\oint_\Gamma\Big[\frac{\frac1z(1-f_t(z))^2}{(\rho+c)m(z)+1}"
               r"-\sigma^2f_t^2(z)\,z\,m(z)\Big]dz-E_{train}^2$ for $\gamma>0$"),
    expected="REFUTED",
    erratum=("For gamma > 0 the printed form equals V_train + gamma V_test (w^T H w instead of w^T S w): at "
             "c = 2, rho = 3, gamma = 1/3, sigma2 = 1/2, alpha t = 2 printed 0.112982204911 vs 0.0191134826613 "
             "(real integrals (17)-(18)); the difference is gamma V_test to 25 digits; actual GD rejects it. "
             "Correct: replace z by (z - gamma) in both terms."),
    corrected_by="gd_dynamics_theorem",
    refuted_by=("printed V_train contour vs real integral", "printed V_train vs actual gradient descent"),
    theory=lambda: GD.hessian_law(),
    checks=[
        numeric_values("printed V_train contour vs real integral", _numeric, digits=25, dps=30),
        gd_simulation_check("printed V_train vs actual gradient descent", GD_SIM, ALPHA, STEPS,
                            lambda ctx: {"V_train": float(printed_contour_statistics(
                                GD_SIM, R(3), dps=15, steps=STEPS)[0]["V_train"])},
                            n=(100, 400), samples=(100, 200), seed=20180712, keys=("V_train",)),
    ],
)
