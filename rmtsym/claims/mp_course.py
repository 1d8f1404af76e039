r"""Marchenko–Pastur law with its atom, as stated in Liao's course (eq. (17)).

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Liao–Couillet GD
dynamics slide, eq. (17):
"μ(dx) = √((x − λ₋)⁺(λ₊ − x)⁺)/(2π c x) dx + (1 − c⁻¹)⁺ δ(x)", λ± = (1 ± √c)²,
p/n → c ∈ (0, ∞); the Stieltjes transform solves
c z m² − (1 − c − z) m + 1 = 0 (the γ = 0 case of the shifted equation).

Checked at c = 2, where the atom (1 − 1/c) = 1/2 at 0 matters.  Convention:
m(z) = ∫ μ(dx)/(x − z) as in docs/conventions.md (no translation).

Expected verdict: EXACT.
"""

import sympy

from rmtsym.claims._common import COURSE, mp_claim

CLAIM = mp_claim(
    id="mp_course",
    title="Marchenko–Pastur law with atom ($c = 2$), course eq. (17)",
    source=COURSE,
    formula="(17): μ(dx) = √((x−λ₋)⁺(λ₊−x)⁺)/(2πcx) dx + (1 − 1/c)⁺ δ(x); c z m² − (1 − c − z) m + 1 = 0 at γ = 0",
    statement=(r"For $\frac1n XX^T$ with $p/n\to c=2$: "
               r"$\mu(dx)=\frac{\sqrt{(x-\lambda_-)^+(\lambda_+-x)^+}}{2\pi c x}dx+(1-c^{-1})^+\delta(x)$, "
               r"$\lambda_\pm=(1\pm\sqrt c)^2$."),
    stated_ratio=sympy.Integer(2), model_ratio=sympy.Integer(2), expected="EXACT",
    notes=("Sampler: $p = n$, $m = n/2$ columns; half the eigenvalues are exact zeros (snapped to "
           "the atom)."),
    seed=20240612,
)
