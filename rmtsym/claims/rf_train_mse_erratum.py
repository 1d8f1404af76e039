r"""ERRATUM: the printed LLC18 training MSE with the undefined K̄ read as the theorem's kernel K.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Corollary "Asymptotic
training and test MSEs": Ē_train = (γ²/n) yᵀQ̄((1/N tr Q̄K̄Q̄)/(1 − 1/N tr K̄Q̄K̄Q̄) K̄ + I_n)Q̄y.
The slide never defines K̄; the only kernel defined (Theorem) is
K = E_w[σ(Xᵀw)σ(wᵀX)].  Read with K̄ = K the formula disagrees with real
training; the published statement (Louart–Liao–Couillet 2018, Theorem 3) has
Ψ = (N/n) K/(1 + δ) in its place (claim ``rf_mse_llc18``).

Evidence: Gaussian mixture, relu, p/n = 1/2, N/n = 1/2, γ = 1/10: the
Richardson-corrected difference between the sampled training MSE and the
K̄ = K formula is many standard errors away from 0 (the corrected
reading's difference is within 4 se, claim ``rf_mse_llc18``); and the K̄ = K
value is negative (−0.065), impossible for a mean squared error.

Expected verdict: REFUTED.
"""

from rmtsym.verify import Check, CheckResult, Claim, Level

from rmtsym.claims._learning import (COURSE, gaussian_nested, richardson_check, richardson_rows,
                              seed_train_kbar_is_k)


def _negative(ctx):
    """A mean squared error is >= 0: the K-bar = K formula is negative on the claim's data."""
    full, _ = gaussian_nested(160, 80)
    v, _ = seed_train_kbar_is_k("relu", full, 80, 0.1)
    row = {"label": "printed E_train with K-bar = K (n = 160, N = 80)", "value": f"{v:.6g}",
           "reference": ">= 0", "outcome": "disagree" if v < 0 else "agree"}
    if v < -1e-8:
        return CheckResult("MSE sign", "numeric", Level.REFUTED, f"the formula gives a negative MSE {v:.4g}",
                           "an MSE is >= 0 (float64, |value| >> 1e-8)", [row])
    return CheckResult("MSE sign", "numeric", Level.INCONCLUSIVE, f"non-negative value {v:.4g} decides nothing",
                       "an MSE is >= 0", [row])


def _rows(ctx):
    n = ctx.pick(160, 400)
    rows = richardson_rows("relu", gaussian_nested(n, n // 2), 0.5, 0.1, ctx.pick(60, 200), 17,
                           theory=seed_train_kbar_is_k, label="K-bar = K: ")
    return rows[:1]


CLAIM = Claim(
    id="rf_train_mse_erratum",
    title="ERRATUM: LLC18 training MSE with K-bar read as the kernel K (course 001 Corollary)",
    source=COURSE,
    formula="Corollary: E_train = gamma^2/n y^T Qbar((1/N tr Qbar Kbar Qbar)/(1 - 1/N tr Kbar Qbar Kbar Qbar) Kbar + I) Qbar y",
    statement=r"$\bar E_{\rm train}$ of the Corollary with $\bar K = K$ (N/n = 1/2, $\gamma = 1/10$).",
    expected="REFUTED",
    refuted_by=("real RF regressions vs K-bar = K", "MSE sign"),
    erratum=("K-bar is undefined on the slide; with K-bar = K the training MSE misses the factor "
             "(N/n)/(1 + delta) of Psi = (N/n)K/(1+delta) (LLC18 Theorem 3) and disagrees with real training."),
    corrected_by="rf_mse_llc18",
    checks=[richardson_check("real RF regressions vs K-bar = K", _rows), Check("MSE sign", "numeric", _negative)],
)
