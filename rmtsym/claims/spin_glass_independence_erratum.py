r"""Survey §3.1 assumption "all A's are independent of X's" fails in a real ReLU network (erratum of the assumption).

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §3.1: "replace X_i ...
by X_ij ~ N(0, 1) iid, and assume that A_ij to be Bernoulli with the common
probability of success ρ, and all A's are independent of X's.  Then, taking
expectation on A variables, E_A[Y] = Σ_i Σ_j X_ij ρ ∏_k w_ij^(k)" (after
Choromanska et al., AISTATS 2015).  The survey itself calls these
assumptions unrealistic; this claim measures how far a real network is
from them.

Tested statement: for the real network Y = σ(W^(H) ⋯ σ(W^(1) X)) with X ~ N(0, I)
and the A_ij its actual path activations, A is independent of X, so that
E_X E_A[Y] = ρ Σ E[X_ij] ∏ w = 0.  It is false: Y ≥ 0 and Y > 0 with positive
probability, so E Y > 0.  (exact) H = 1, n_1 = 1: Y = max(w·X, 0) and
E Y = |w|/√(2π) (SymPy integral) ≠ 0, the value the assumption gives.
(empirical) Real deep bias-free ReLU networks (weights N(0, 2/n_{l−1})),
widths (4, 3, 2, 1) and (6, 5, 4, 3, 1): the sampled mean of Y is many
standard errors above 0 (refuted at z > 10; seed 20260322), and the sampled
E[X_i A_i·] ≠ 0 in the one-layer case.  The corrected statement (the
reduction holds *under* the assumptions; real activation probability 2^{−H})
is ``spin_glass_reduction``.

Expected verdict: REFUTED.
"""

import math

import sympy as sp

from rmtsym.sampling import sample_spectra
from rmtsym.verify import Check, CheckResult, Claim, Level, exact_identity

SURVEY = "002_2c85d79b7db582c6.txt"


def _one_layer(ctx):
    z = sp.Symbol("z", real=True)
    w = [sp.Rational(3, 5), sp.Rational(-4, 5), sp.Integer(2)]            # |w| = sqrt(5)
    norm = sp.sqrt(sum(a * a for a in w))
    # w.X ~ N(0, |w|^2): E max(w.X, 0) = |w| * int_0^oo z phi(z) dz
    real = sp.simplify(norm * sp.integrate(z * sp.exp(-z ** 2 / 2) / sp.sqrt(2 * sp.pi), (z, 0, sp.oo)))
    assumed = sp.Integer(0)                                              # rho * sum E[X] w = 0
    return real, assumed, [{"title": "real network, H = 1", "latex": r"\mathbb E\max(w\cdot X,0) = " + sp.latex(real)},
                           {"title": "under A independent of X", "latex": r"\rho\sum_i\mathbb E[X_i]w_i = 0"}]


def _deep(ctx):
    numbers, refuted = [], True
    rec = {"seed": 20260322}
    for j, widths in enumerate(([4, 3, 2, 1], [6, 5, 4, 3, 1])):
        s = sample_spectra("relu_network_paths", 250, ctx.pick(20, 80), 20260322 + j,
                           {"widths": widths, "observable": "output"}, jobs=ctx.jobs)
        y = s.eigenvalues.ravel()
        se = y.std(ddof=1) / math.sqrt(y.size)
        z = y.mean() / se
        refuted &= z > 10
        numbers.append({"label": f"widths {widths}: E Y (real) vs 0 (assumption)", "value": f"{y.mean():.5f}",
                        "reference": "0", "difference": f"z = {z:.1f}", "tolerance": "refute at z > 10, pass at z <= 4",
                        "error": f"{se:.2e}", "outcome": "disagree" if z > 10 else "agree"})
        rec[str(widths)] = s.record()
    if refuted:
        lv, msg = Level.REFUTED, "E Y > 0 by more than 10 standard errors: A is not independent of X"
    else:
        lv, msg = Level.INCONCLUSIVE, "not decided"
    return CheckResult("real deep networks: E Y vs 0", "empirical", lv, msg,
                       "z = mean/se; refute z > 10 (exact at finite width: no bias)", numbers, rec)


CLAIM = Claim(
    id="spin_glass_independence_erratum",
    title="Survey §3.1 assumption: path activations $A$ independent of the inputs $X$ — false for a real ReLU network",
    source=SURVEY,
    formula=(r"§3.1: 'assume that $A_{ij}$ to be Bernoulli with the common probability of success $\rho$, and "
             r"all $A$'s are independent of $X$'s. Then ... $\mathbb E_A[Y] = \sum X_{ij} \rho \prod w$'"),
    statement=(r"For a real ReLU network, $A\perp X$, hence $\mathbb E_X\mathbb E_A[Y]="
               r"\rho\sum\mathbb E[X_{ij}]\prod_kw^{(k)}_{ij}=0$."),
    expected="REFUTED",
    erratum=(r"The activations $A_{ij} = \prod_k \mathbf 1\{h_k > 0\}$ along a path are functions of $X$ "
             r"and the weights. $Y = \mathrm{ReLU}(\dots) \ge 0$ so $\mathbb E Y > 0$: for $H = 1$, "
             r"$\mathbb E Y = |w|/\sqrt{2\pi}$ (exact), not 0; real deep networks give $\mathbb E Y > 0$ at "
             r"$z > 10$.  The seed flags the assumptions as unrealistic; the reduction under them holds "
             r"(`spin_glass_reduction`)."),
    corrected_by="spin_glass_reduction",
    refuted_by=("H = 1: E Y exactly vs the assumption's 0", "real deep networks: E Y vs 0"),
    checks=[
        exact_identity("H = 1: E Y exactly vs the assumption's 0", _one_layer),
        Check("real deep networks: E Y vs 0", "empirical", _deep, "sampled real networks"),
    ],
)
