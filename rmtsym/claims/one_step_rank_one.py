r"""One gradient step: G0 is approximately rank one, ‖G0 − E[σ'(ξ)]/(n√N) β0 yᵀXᵀ‖ → 0 (Ba et al. 2022).

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), "Two-layer random
network after one step GD training", eq. (21); published as J. Ba,
M. A. Erdogdu, T. Suzuki, Z. Wang, D. Wu, G. Yang, "High-dimensional
asymptotics of feature learning: how one gradient step improves the
representation", NeurIPS 2022, Proposition 2.

Setting (:mod:`rmtsym.models.one_step`): x ~ N(0, I_p), W0 i.i.d. N(0, 1/p),
β0 ~ N(0, I_N/N), y = tanh(xᵀβ*) + ε, p/n = 1/2, N/n = 1, σ = erf (centred,
μ1 = E σ'(ξ) = 2/√(3π) exact).  The statement is measured at the scale of
G0 itself, √N‖G0 − A‖_op (√N‖G0‖ = O(1), seed's step-size slide), on real
two-layer networks at n = 50 … 400 (quick) / 1600 (full).

Checks: (exact) μ1 of erf from the Gaussian-integral layer equals 2/√(3π);
(empirical) the weighted least-squares slope of log mean √N‖G0 − A‖ against
log n is negative by more than 4 standard errors and within 0.2 + 4 se of
−1/2 (the n^{-1/2} rate, up to the logarithmic factors of the proposition),
while √N‖A‖ stays of order one; figure: residual against n with the fit.

Expected verdict: EXACT.
"""

import numpy as np
import sympy as sp

from rmtsym.models.one_step import OneStepGradient
from rmtsym.verify import CheckResult, Claim, Level, exact_identity, Check

from rmtsym.claims._learning import COURSE


def _mu1(ctx):
    m = OneStepGradient("erf", sp.Rational(1, 2), 1)
    return m.mu1, 2 / sp.sqrt(3 * sp.pi), [{"title": "mu_1 = E erf'(xi)", "latex": sp.latex(m.mu1)}]


def _rate(ctx):
    m = OneStepGradient("erf", sp.Rational(1, 2), 1)
    ns = ctx.pick([50, 100, 200, 400], [100, 200, 400, 800, 1600])
    rec = m.sample(ns, ctx.pick(8, 20), seed=2022)
    slope, se, means = m.rate(rec)
    size = [float(np.mean(r["size"])) for r in rec]
    rel = [float(np.mean(r["relative"])) for r in rec]
    ok_decay = slope + 4 * se < 0
    ok_rate = abs(slope + 0.5) <= 0.2 + 4 * se
    numbers = [{"label": f"sqrt(N) ||G0 - A|| at n = {n}", "value": f"{v:.4g}", "reference": "-> 0",
                "relative": f"{q:.3g}", "sqrt(N)||A||": f"{a:.3g}"} for n, v, q, a in zip(ns, means, rel, size)]
    numbers.append({"label": "slope of log residual vs log n", "value": f"{slope:.3f}", "reference": "-0.5",
                    "error": f"{se:.3f}", "tolerance": "decay: slope + 4 se < 0; rate: |slope + 1/2| <= 0.2 + 4 se",
                    "outcome": "agree" if ok_decay and ok_rate else "disagree"})
    grid = np.array(ns, dtype=float)
    fit = means[0] * (grid / grid[0]) ** slope
    curves = [{"label": "erf, p/n = 1/2, N/n = 1", "x": grid, "theory": fit, "x_sim": ns, "sim": means,
               "sim_se": [float(np.std(r["residual"], ddof=1) / np.sqrt(len(r["residual"]))) for r in rec],
               "xlabel": "n", "ylabel": "sqrt(N) ||G0 - A||  (line: fitted power law)", "logx": True, "logy": True}]
    level = Level.EMPIRICAL if ok_decay and ok_rate else (Level.REFUTED if not ok_decay else Level.INCONCLUSIVE)
    return CheckResult("rank-one residual decays", "empirical", level,
                       f"residual ~ n^({slope:.3f} +/- {se:.3f}); relative error {rel[-1]:.3f} at n = {ns[-1]}",
                       "weighted log-log fit over n; decay and n^(-1/2) rate within 4 se (+0.2 for logs)",
                       numbers, {"ns": ns}, artifacts={"curves": curves})


CLAIM = Claim(
    id="one_step_rank_one",
    title="One gradient step: the first-layer gradient G0 is approximately rank one (Ba et al. 2022), course 001",
    source=COURSE,
    formula="eq. (21): || G0 - E[sigma'(xi)]/(n sqrt(N)) beta0 y^T X^T || -> 0",
    statement=(r"$\sqrt N\,\|G_0-\frac{\mathbb E[\sigma'(\xi)]}{n\sqrt N}\beta_0y^\top X^\top\|\to0$ "
               r"like $n^{-1/2}$; $\sigma=\mathrm{erf}$, $p/n=1/2$, $N/n=1$."),
    expected="EXACT",
    checks=[exact_identity("mu_1 = E[erf'(xi)] = 2/sqrt(3 pi)", _mu1),
            Check("rank-one residual decays", "empirical", _rate)],
)
