r"""Marchenko–Pastur law as stated in Kim's survey.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §2.1:
"M = (1/N) X Xᵀ, X P×N, E X_ij² = 1, P/N → α ∈ [0, 1]:
dμ_MP(α)(x) = (1/(2παx)) √([(a₊ − x)(x − a₋)]₊) dx, a± = (1 ± √α)²;
equivalently zα m(z)² + (z − 1 + α) m(z) + 1 = 0."

Convention: the survey's m here is the Stieltjes transform of docs/conventions.md,
m(z) = ∫ μ(dx)/(x − z) (its branch m ~ −1/z solves the stated equation), so
no translation is needed; the equation is DESIGN's c σ² z m² + (z − σ²(1 − c)) m + 1 = 0
with c = α, σ² = 1.  Checked symbolically in α and at α = 1/2 (numeric,
sampled).  CERTIFIED route: the survey's density at α = 1/2,
written (x − a₋)^{1/2}(a₊ − x)^{1/2}/(2παx), integrated in arb ball
arithmetic (x = a₋ + (a₊ − a₋) sin²(θ/2)) against the exact moments of the
power series of the survey equation at α = 1/2.

Expected verdict: EXACT (the statement holds).
"""

import sympy

from rmtsym.laws.named import marchenko_pastur
from rmtsym.core.measure import M, Z
from rmtsym.verify import exact_identity, exact_sequences

from rmtsym.claims._common import SURVEY, certified_check, mp_claim, mp_factor, narayana_moments, series_moments

alpha = sympy.Symbol("alpha", positive=True)
P_SEED = Z * alpha * M ** 2 + (Z - 1 + alpha) * M + 1
HALF = sympy.Rational(1, 2)

CLAIM = mp_claim(
    id="mp_survey",
    title="Marchenko–Pastur law (density and equation), survey §2.1",
    source=SURVEY,
    formula=(r"§2.1: $d\mu_{\mathrm{MP}(\alpha)} = \sqrt{[(a_+ - x)(x - a_-)]_+}/(2\pi\alpha x)\,dx$, "
             r"$a_\pm = (1 \pm \sqrt{\alpha})^2$; $z\alpha m^2 + (z - 1 + \alpha) m + 1 = 0$"),
    statement=(r"For $M=\frac1N XX^T$, $X\in\mathbb R^{P\times N}$, $P/N\to\alpha\in[0,1]$: "
               r"$\rho_M \rightharpoonup \frac{\sqrt{[(a_+-x)(x-a_-)]_+}}{2\pi\alpha x}\,dx$, "
               r"$a_\pm=(1\pm\sqrt\alpha)^2$, and $z\alpha m^2+(z-1+\alpha)m+1=0$ "
               r"(checked symbolically in $\alpha$ and at $\alpha=1/2$)."),
    stated_ratio=sympy.Rational(1, 2), model_ratio=sympy.Rational(1, 2), expected="EXACT",
    notes=r"$m$ is the Stieltjes transform of docs/conventions.md ($m \sim -1/z$); no sign translation.",
    seed=20240611,
)
CLAIM.checks[0:0] = [
    exact_identity(
        "equation = MP(alpha) of DESIGN",
        lambda ctx: (P_SEED, marchenko_pastur(alpha).stieltjes_polynomial().as_expr(),
                     [{"title": "Survey equation", "latex": sympy.latex(P_SEED) + " = 0"},
                      {"title": r"`docs/conventions.md` MP equation ($c = \alpha$, $\sigma^2 = 1$)",
                       "latex": marchenko_pastur(alpha).equation_latex()}]),
        label=r"equation $= \mathrm{MP}(\alpha)$ of the conventions"),
    exact_sequences("moments in alpha: equation vs NC count",
                    lambda ctx: series_moments(P_SEED, 6), lambda ctx: narayana_moments(alpha, 6),
                    r"power series of the survey equation (symbolic $\alpha$)",
                    r"Narayana count (symbolic $\alpha$)",
                    label=r"moments in $\alpha$: equation vs NC count"),
]
CLAIM.checks.append(
    certified_check("certified moments of the stated density (alpha = 1/2)", mp_factor(HALF),
                    lambda ctx, K: series_moments(P_SEED.subs(alpha, HALF), K),
                    description="rigorous ball quadrature of the survey density vs the series of its equation",
                    label=r"certified moments of the stated density ($\alpha = 1/2$)"))
