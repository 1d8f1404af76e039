r"""ERRATUM: the printed LLC18 test MSE with K̄_{X̂X̂} (test–test kernel) where the cross kernel belongs.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Corollary "Asymptotic
training and test MSEs": Ē_test = (1/n̂)‖ŷ − K̄_{X̂X̂}ᵀQ̄y‖² + … − (1/n̂) tr(I_n + γQ̄)(K̄_{X̂X̂}K̄_{X̂X̂}ᵀQ̄).
K̄_{X̂X̂} is n̂×n̂ while Q̄y has length n: the shapes only fit when n̂ = n, and
even then the value is wrong.  The published formula (Louart–Liao–Couillet
2018, Theorem 3) has the n×n̂ cross kernel Ψ_{XX̂} = (N/n)K_{XX̂}/(1 + δ) in both
places (claim ``rf_mse_llc18``).

Evidence: with n̂ = n (Gaussian mixture, relu, N/n = 2, γ = 1/10) the printed
formula gives a test MSE of about 7 where real training gives 0.36.

Expected verdict: REFUTED.
"""

import numpy as np

from rmtsym.models.random_features import RandomFeatures
from rmtsym.verify import Check, CheckResult, Claim, Level

from rmtsym.claims._learning import COURSE, gaussian_nested, richardson_check, richardson_rows, seed_test_printed


def _shapes(ctx):
    """With n_test != n the printed product K-bar_{XhatXhat}^T Qbar y is undefined (numpy refuses it)."""
    full, _ = gaussian_nested(60, 30)
    rf = RandomFeatures("relu", full["X"], N=120, gamma=0.1)
    Xt = full["Xt"][:, :25]
    Ktt = RandomFeatures("relu", Xt, N=120, gamma=0.1).kernel(dps=None)
    Qy = rf.resolvent() @ full["y"]
    row = {"label": f"K-bar_(XhatXhat)^T ({Ktt.shape[0]}x{Ktt.shape[1]}) times Qbar y (length {Qy.shape[0]})",
           "reference": "defined", "outcome": "disagree"}
    try:
        Ktt.T @ Qy
    except ValueError as exc:
        row["value"] = f"undefined: {exc}"
        return CheckResult("shapes of the printed formula", "numeric", Level.REFUTED,
                           "the printed test formula is undefined for n_test != n", "matrix shapes", [row])
    row["value"], row["outcome"] = "defined", "agree"
    return CheckResult("shapes of the printed formula", "numeric", Level.INCONCLUSIVE, "shapes fit", "", [row])


def _rows(ctx):
    n = ctx.pick(120, 400)
    rows = richardson_rows("relu", gaussian_nested(n, n // 2), 2.0, 0.1, ctx.pick(30, 100), 19,
                           theory=seed_test_printed, label="printed K-bar_{XhatXhat}: ")
    return rows[1:]


CLAIM = Claim(
    id="rf_test_mse_erratum",
    title="ERRATUM: LLC18 test MSE printed with the test-test kernel K-bar_{XhatXhat} (course 001 Corollary)",
    source=COURSE,
    formula="Corollary: E_test = 1/nhat ||yhat - Kbar_{XhatXhat}^T Qbar y||^2 + ... tr(I + gamma Qbar)(Kbar_{XhatXhat} Kbar_{XhatXhat}^T Qbar)",
    statement=r"$\bar E_{\rm test}$ as printed, with $\bar K_{\hat X\hat X}$ and $\hat n = n$.",
    expected="REFUTED",
    refuted_by=("real RF regressions vs printed test formula", "shapes of the printed formula"),
    erratum=("The printed test MSE uses K-bar_{XhatXhat} (nhat x nhat) against Qbar y (length n): shapes fit only "
             "for nhat = n and the value is then wrong (about 7 vs 0.36 measured); the cross kernel "
             "Psi_{X Xhat} = (N/n) K_{X Xhat}/(1+delta) belongs in both places (LLC18 Theorem 3)."),
    corrected_by="rf_mse_llc18",
    checks=[richardson_check("real RF regressions vs printed test formula", _rows),
            Check("shapes of the printed formula", "numeric", _shapes)],
)
