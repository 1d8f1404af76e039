r"""Hanin–Nica Proposition 2: a ReLU network's input–output Jacobian is a masked product in law.

Source: ``003_74fd632a2d425fc1.txt`` (Hanin–Nica), §1.5 and "Proof of
Proposition 2" ("conjugating the weights and biases of the network by random
±1 random variables ... the diagonal matrices are independent of each
other"); formulas reconstructed from B. Hanin, M. Nica, Comm. Math. Phys. 376
(2020) 287–322, Proposition 2: for a ReLU network with independent weights
and biases of symmetric laws, the Jacobian J = D_d W_d ⋯ D_1 W_1 of
x ↦ x^d at a fixed input, D_l = diag(1{h^l > 0}), has the law of the
product with D_l i.i.d. Bernoulli(1/2), independent of the W_l.

Checks.  (exact) A discrete law with no ties: widths (2, 2, 2), weights ±1,
biases ±1/2, input (1, √2) (every pre-activation is a + b√2 ≠ 0): E‖J e_1‖^{2k},
k = 0..3, summed over all 2^12 sign patterns, equals E‖M e_1‖^{2k} of the
masked Rademacher product (coincidence-pattern path sum).  (empirical,
exact at finite width, so no O(1/n) bias to handle): real networks, widths (12, 20, 16, 12), Gaussian weights √(2/n_{l−1}) ξ,
biases N(0, 0.1), input x⁰ = (1, …, 1), direction u = e_1: one-sample KS of
log‖J u‖² against the exact law of log‖M u‖² (chi-square representation,
Gil-Pelaez), DKW band α = 1e-3, seed 20260315; and for uniform weights
(μ4 = 9/5, no exact law) a two-sample KS between network Jacobians and
masked products with the same entries (α = 1e-3, seeds 20260316/7).

Expected verdict: EXACT.
"""

import math

import numpy as np

from rmtsym.models.products import MatrixProduct
from rmtsym.verify import Check, CheckResult, Claim, Level, exact_sequences

from rmtsym.claims._products import HANIN_NICA, ks_exact_law_check, relu_jacobian_moment_enumerated

WIDTHS = [12, 20, 16, 12]


def _two_sample(ctx):
    from scipy.stats import ks_2samp
    S = ctx.pick(20, 80)
    m = MatrixProduct(WIDTHS, entries="uniform")
    a = m.sample(S, seed=20260316, batch=100, network=True, jobs=ctx.jobs).finite
    b = m.sample(S, seed=20260317, batch=100, network=False, jobs=ctx.jobs).finite
    D = float(ks_2samp(a, b).statistic)
    c = math.sqrt(-0.5 * math.log(1e-3 / 2))
    eps = c * math.sqrt((a.size + b.size) / (a.size * b.size))
    lv = Level.EMPIRICAL if D <= eps else (Level.REFUTED if D > 3 * eps else Level.INCONCLUSIVE)
    numbers = [{"label": "two-sample KS: ReLU Jacobians vs masked products (uniform entries)",
                "value": f"{D:.5f}", "reference": "0", "difference": f"{D:.5f}", "tolerance": f"{eps:.5f}",
                "error": "asymptotic two-sample KS band", "outcome": "agree" if lv is Level.EMPIRICAL else "disagree"},
               {"label": "means (network, product)", "value": f"{a.mean():.4f}", "reference": f"{b.mean():.4f}",
                "difference": f"{abs(a.mean() - b.mean()):.2e}", "tolerance": "(reported)", "error": "",
                "outcome": "reported"}]
    return CheckResult("uniform weights: two-sample", "empirical", lv,
                       f"D = {D:.4f} vs band {eps:.4f} (N = M = {a.size})",
                       "two-sample KS, pass D <= c(alpha) sqrt((N+M)/(NM)), alpha = 1e-3, refute > 3x",
                       numbers, {"seeds": [20260316, 20260317], "widths": WIDTHS, "entries": "uniform",
                                 "bias_variance": 0.1})


CLAIM = Claim(
    id="hanin_nica_relu_jacobian",
    title=r"Hanin–Nica Prop. 2: the ReLU Jacobian $Ju$ has the law of $D_d W_d \cdots D_1 W_1 u$ with Bernoulli$(1/2)$ masks",
    source=HANIN_NICA,
    formula="Proposition 2 and its proof (sign conjugation of weights and biases); reconstructed from CMP 376 (2020)",
    statement=(r"$J=D_dW_d\cdots D_1W_1$ with $D_l=\mathrm{diag}(1\{h^l>0\})$ of a ReLU network with symmetric "
               r"weights and biases $\overset{d}{=}$ the product with independent Bernoulli(1/2) $D_l$."),
    expected="EXACT",
    notes=(r"Input $x^{(0)} = (1, \dots, 1)$; biases $N(0, 0.1)$; weights $\xi\sqrt{2/n_{l-1}}$ "
           r"with $\xi$ of mean zero and variance one."),
    checks=[
        exact_sequences("ReLU network (2,2,2), +-1 weights, +-1/2 biases: all networks vs masked product",
                        lambda ctx: [relu_jacobian_moment_enumerated(k) for k in range(4)],
                        lambda ctx: [MatrixProduct([2, 2, 2], entries="rademacher").norm_moment(k) for k in range(4)],
                        r"every ReLU network ($2^{12}$ sign patterns)", "Bernoulli(1/2)-masked product", quantity="E_k"),
        ks_exact_law_check("ReLU Jacobians (Gaussian weights) vs exact law of Mu", MatrixProduct(WIDTHS),
                           batches=30, batch=100, seed=20260315, network=True),
        Check("uniform weights: two-sample", "empirical", _two_sample,
              "network Jacobians vs masked products, same non-Gaussian entry law"),
    ],
)
