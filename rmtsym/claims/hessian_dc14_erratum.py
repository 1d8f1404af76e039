r"""ERRATUM: the survey's ρ_c has the product (r₊ r₋) where the difference (r₊ − r₋) belongs.

Source: ``002_2c85d79b7db582c6.txt`` §4.1: "ρ_c(x, α) = √3/(6πx∛2)
(r₊ r₋) 1_{[θ(1−α)x₋, x₊]}(x), r± = ∛(9(2+α)(x−ξ₀) ± 6√(3(x−x₋)x(x₊−x)))"
(from Dupic–Pérez Castillo 2014).

As printed (product), ρ_H1 = (α²|λ|/2ε)ρ_c(α²λ²/2ε, α/2) disagrees with
the algebraic density of R_H1 (and with sampled H1) at every test point —
e.g. 5.93 vs 1.587 at λ = 1/20, ε = 3/10, φ = 2/5 — and does not integrate
to the right mass; with (r₊ − r₋) it agrees to 25 digits
(``hessian_dc14_density``).  The product is also not small at the edges,
where the density must vanish like a square root (r₊ = r₋ there).

Expected verdict: REFUTED.
"""

from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims.hessian_dc14_density import CASES, HessianSpectrum, _points

CLAIM = Claim(
    id="hessian_dc14_erratum",
    title=r"ERRATUM: survey §4.1 $\rho_c$ printed with $(r_+ r_-)$; it is $(r_+ - r_-)$",
    source=SURVEY,
    formula=r"§4.1: $\rho_c(x, \alpha) = \sqrt3/(6\pi x\sqrt[3]{2})(r_+ r_-)\mathbf 1_{[\theta(1-\alpha)x_-, x_+]}(x)$",
    statement=(r"$\rho_c(x,\alpha)=\frac{\sqrt3}{6\pi x\sqrt[3]2}(r_+r_-)\mathbf 1_{[\theta(1-\alpha)x_-,x_+]}(x)$ "
               r"gives $\rho_{H_1}$."),
    expected="REFUTED",
    refuted_by=("printed rho_c (r+ r-) vs algebraic density",),
    erratum=r"Typo: the product $r_+ r_-$ must be the difference $r_+ - r_-$ (Cardano's formula for the cubic).",
    corrected_by="hessian_dc14_density",
    theory=lambda: HessianSpectrum(*CASES[0][:2]).h1_measure(),
    checks=[numeric_values("printed rho_c (r+ r-) vs algebraic density", _points(True), digits=10, dps=30,
                           label=r"printed $\rho_c$ ($r_+ r_-$) vs algebraic density")],
)
