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
Real data (scikit-learn's digits whitened as in ``gd_dynamics_theorem``,
c = 1/2, ρ̂ = 1.4446027, same γ, σ², α, steps): gradient descent on the 18
digits blocks gives E_train = +0.6933 (standard error 0.013), the printed
formula at (c, ρ̂) −0.6904 (z = 108), the corrected +0.6904 (z = 0.4 after
the finite-n bias of the Gaussian surrogate).
Corrected claim: ``gd_dynamics_theorem``.

Expected verdict: REFUTED.
"""

from rmtsym.verify import Claim

from rmtsym.claims._gd_dynamics import COURSE, ERRATUM_GD, erratum_checks

CLAIM = Claim(
    id="gd_dynamics_etrain_erratum",
    title=r"ERRATUM: printed contour $E_{\mathrm{train}} = -\frac{1}{2\pi i}\oint \frac{(1 - f_t)\, dz}{z((\rho+c)m + 1)}$ has the wrong sign [LC18]",
    source=COURSE,
    formula=(r"Theorem (GDD, [LC18]): $E_{train} = -\frac{1}{2\pi i}\oint \frac{1 - f_t(z)}{z}"
             r"\frac{dz}{(\rho + c)m(z) + 1}$"),
    statement=r"$E_{train}=-\frac{1}{2\pi i}\oint_\Gamma\frac{1-f_t(z)}{z}\frac{dz}{(\rho+c)m(z)+1}$",
    expected="REFUTED",
    erratum=(r"The printed sign gives $-E_{train}$: at $c = 2$, $\rho = 3$, $\gamma = 1/3$, $\sigma^2 = 1/2$, "
             r"$\alpha t = 2$ the printed contour integral is $-0.890039303739$ and the real integral "
             r"(17)-(18) $+0.890039303739$ (equal and opposite to 25 digits); actual GD measures $+0.77$ "
             r"against the printed $-0.77$; on the digits ($c = 1/2$, $\hat\rho = 1.4446027$) GD gives "
             r"$+0.6933$ against the printed $-0.6904$ ($z = 108$). Correct: $E_{train} = "
             r"+\frac{1}{2\pi i}\oint \frac{1 - f_t(z)}{z}\frac{dz}{(\rho + c)m(z) + 1}$."),
    corrected_by="gd_dynamics_theorem",
    refuted_by=("printed E_train contour vs real integral", "printed E_train vs actual gradient descent",
                "printed E_train vs gradient descent on the digits"),
    theory=lambda: ERRATUM_GD.hessian_law(),
    checks=erratum_checks("E_train", 20180711, descriptions=(
        "",
        "",
        (r"Real data: GD on the 18 whitened digits blocks of `gd_dynamics_theorem` ($c = 1/2$, "
         r"$\hat\rho = 1.4446027$, $\gamma = 1/5$, $\sigma^2 = 1/2$, $\alpha = 0.1$, 30 steps); the digits' "
         r"$E_{train}$ is the exact spectral sum over $w_0$ (`fixed_design_statistics`). The model "
         r"assumption is broken on the digits, but its gap here ($0.003$) is far below the sign "
         r"error ($1.38$): REFUTED needs $z > 6$ and a gap to the printed value 3 times the gap to the "
         r"corrected one."))),
)
