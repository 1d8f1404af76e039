r"""ERRATUM: the printed LLC18 training MSE with the undefined K̄ read as the theorem's kernel K.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Corollary "Asymptotic
training and test MSEs": Ē_train = (γ²/n) yᵀQ̄((1/N tr Q̄K̄Q̄)/(1 − 1/N tr K̄Q̄K̄Q̄) K̄ + I_n)Q̄y.
The slide never defines K̄; the only kernel defined (Theorem) is
K = E_w[σ(Xᵀw)σ(wᵀX)].  Read with K̄ = K the formula disagrees with real
training; the published statement (Louart–Liao–Couillet 2018, "A random
matrix approach to neural networks", Ann. Appl. Probab., Theorem 3) has
Ψ = (N/n) K/(1 + δ) in its place (claim ``rf_mse_llc18``).

Evidence: Gaussian mixture, relu, p/n = 1/2, N/n = 1/2, γ = 1/10: the
Richardson-corrected difference between the sampled training MSE and the
K̄ = K formula is many standard errors away from 0 (the corrected
reading's difference is within 4 se, claim ``rf_mse_llc18``); and the K̄ = K
value is negative (−0.065), impossible for a mean squared error.  On real
data — scikit-learn's bundled digits (no download; the theory takes the
digits' own X; relu, N/n = 1/2, γ = 1/10 as above) — the K̄ = K formula gives
2.75 (n = 160), −1.06 (n = 80, again negative) and 0.46 (n = 400) where real
random-feature ridge fits give about 0.28, 0.33 and 0.20, while the corrected reading Ψ = (N/n)K/(1 + δ) on the same data
and the same fits agrees.  Test: Richardson r = 2d(n) − d(n/2) of sampled
minus theory, agree when |r| <= 4 se(r), disagree when
|r| > 8 se(r) + 0.02 |theory| (``rmtsym/claims/_learning.py``).  Figure:
training MSE against n (n/2 and n), K̄ = K and corrected theory over the
measured fits, Gaussian and digits.

Expected verdict: REFUTED.
"""

from rmtsym.verify import Check, CheckResult, Claim, Level

from rmtsym.claims._learning import (COURSE, digits_nested, gaussian_nested, richardson_check, richardson_rows,
                                     rf_theory, seed_train_kbar_is_k, size_curve)

GAMMA = 0.1


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


def _fits(data, theory, label, tag, samples, seed, sim):
    def rows_fn(ctx):
        n = ctx.pick(160, 400)
        det = {}
        rows = richardson_rows("relu", data(n), 0.5, GAMMA, ctx.pick(*samples), seed, theory=theory,
                               label=label, detail=det)
        return rows[:1], [size_curve(tag, det, 0, sim=sim, logy=False)]
    return rows_fn


def _gauss(n):
    return gaussian_nested(n, n // 2)


PRINTED_DIGITS = "real RF regressions on digits vs K-bar = K"

CLAIM = Claim(
    id="rf_train_mse_erratum",
    title=r"ERRATUM: LLC18 training MSE with $\bar{K}$ read as the kernel $K$ (course 001 Corollary)",
    source=COURSE,
    formula=(r"Corollary: $\bar E_{\rm train} = \frac{\gamma^2}{n} y^\top \bar Q\Big(\frac{\frac1N\operatorname{tr}"
             r"\bar Q\bar K\bar Q}{1 - \frac1N\operatorname{tr}\bar K\bar Q\bar K\bar Q}\bar K + I_n\Big)\bar Q y$"),
    statement=r"$\bar E_{\rm train}$ of the Corollary with $\bar K = K$ (N/n = 1/2, $\gamma = 1/10$).",
    expected="REFUTED",
    refuted_by=("real RF regressions vs K-bar = K", "MSE sign", PRINTED_DIGITS),
    erratum=(r"$\bar K$ is undefined on the slide; with $\bar K = K$ the training MSE misses the factor "
             r"$\frac{N}{n}/(1 + \delta)$ of $\Psi = \frac{N}{n}K/(1+\delta)$ (LLC18 Theorem 3) and disagrees "
             r"with real training, on the Gaussian mixture and on the digits."),
    corrected_by="rf_mse_llc18",
    checks=[richardson_check("real RF regressions vs K-bar = K",
                             _fits(_gauss, seed_train_kbar_is_k, "K-bar = K: ", "Gaussian mixture: K-bar = K",
                                   (60, 200), 17, False)),
            richardson_check("corrected reading on the same Gaussian fits",
                             _fits(_gauss, rf_theory, "corrected, Psi: ", "Gaussian mixture: corrected reading",
                                   (60, 200), 17, True)),
            Check("MSE sign", "numeric", _negative),
            richardson_check(PRINTED_DIGITS,
                             _fits(digits_nested, seed_train_kbar_is_k, "digits, relu, N/n = 1/2, K-bar = K: ",
                                   "digits (sklearn): K-bar = K", (60, 200), 17, False)),
            richardson_check("corrected reading on the same digits fits",
                             _fits(digits_nested, rf_theory, "digits, relu, N/n = 1/2, corrected, Psi: ",
                                   "digits (sklearn): corrected reading", (60, 200), 17, True))],
)
