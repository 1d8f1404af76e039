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
the corrected one (``gd_dynamics_theorem``).  Real data (the whitened digits
of ``gd_dynamics_theorem``, c = 1/2, ρ̂ = 1.4446027, same γ, σ², α, steps):
GD on the digits gives V_train = 0.1405 (standard error 0.0054), the printed
formula at (c, ρ̂) 0.2083 (z = 12), the corrected 0.1434 (z = 0.1 after the
finite-n bias).

Expected verdict: REFUTED.
"""

import mpmath
import sympy

from rmtsym.verify import Claim

from rmtsym.claims._gd_dynamics import COURSE, ERRATUM_GD, erratum_checks


def _shifted(pr, tr, err, dps):
    """printed V_train = V_train + gamma V_test (= w^T H w - E_train^2)."""
    with mpmath.workdps(dps + 5):
        shifted = tr["V_train"] + mpmath.mpf(sympy.N(ERRATUM_GD.gamma, dps + 5)) * tr["V_test"]
    return [("printed V_train vs V_train + gamma V_test (= w^T H w - E_train^2)", pr["V_train"], shifted, err)]


CLAIM = Claim(
    id="gd_dynamics_vtrain_erratum",
    title=r"ERRATUM: printed contour $V_{\mathrm{train}}$ uses $z$ where $z - \gamma$ belongs ($w^\top H w$ instead of $\Vert X^\top w\Vert^2/n$) [LC18]",
    source=COURSE,
    formula=(r"Theorem (GDD, [LC18]): $V_{train} = \frac{1}{2\pi i}\oint \Big[\frac{1}{z}"
             r"\frac{(1-f_t)^2}{(\rho+c)m+1} - \sigma^2 f_t^2 z m\Big] dz - E_{train}^2$"),
    statement=(r"$V_{train}=\frac{1}{2\pi i}\oint_\Gamma\Big[\frac{\frac1z(1-f_t(z))^2}{(\rho+c)m(z)+1}"
               r"-\sigma^2f_t^2(z)\,z\,m(z)\Big]dz-E_{train}^2$ for $\gamma>0$"),
    expected="REFUTED",
    erratum=(r"For $\gamma > 0$ the printed form equals $V_{train} + \gamma V_{test}$ ($w^T H w$ instead of "
             r"$w^T S w$): at $c = 2$, $\rho = 3$, $\gamma = 1/3$, $\sigma^2 = 1/2$, $\alpha t = 2$ printed "
             r"$0.112982204911$ vs $0.0191134826613$ (real integrals (17)-(18)); the difference is "
             r"$\gamma V_{test}$ to 25 digits; actual GD rejects it, on Gaussian data and on the digits "
             r"($0.1405$ measured against the printed $0.2083$, $z = 12$). Correct: replace $z$ by "
             r"$z - \gamma$ in both terms."),
    corrected_by="gd_dynamics_theorem",
    refuted_by=("printed V_train contour vs real integral", "printed V_train vs actual gradient descent",
                "printed V_train vs gradient descent on the digits"),
    theory=lambda: ERRATUM_GD.hessian_law(),
    checks=erratum_checks("V_train", 20180712, extra_rows=_shifted, descriptions=(
        "",
        "",
        (r"Real data: GD on the 18 whitened digits blocks of `gd_dynamics_theorem` ($c = 1/2$, "
         r"$\hat\rho = 1.4446027$, $\gamma = 1/5$, $\sigma^2 = 1/2$, $\alpha = 0.1$, 30 steps); the digits' "
         r"$V_{train}$ is the exact spectral sum over $w_0$. The printed form adds $\gamma\|w\|^2 "
         r"\approx 0.065$ to it, the model gap on the digits is $0.003$: REFUTED needs $z > 6$ and a gap "
         r"to the printed value 3 times the gap to the corrected one."))),
)
