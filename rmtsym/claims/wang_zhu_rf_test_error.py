r"""Wang–Zhu / Mei et al.: random-feature ridge regression approaches kernel ridge with E K^CK.

Source: ``004_023286a078569efc.txt`` (Wang–Zhu 2021 talk), slides "Random
feature regression" and "Theorem (Test error approximation)" [Mei et al. '21]:
labels y = Xᵀβ* + ε, test error L(f̂) = E_x|f̂(x) − f*(x)|², and for any
ε ∈ (0, 1/2), (N/n)^{1/2−ε} |L(f̂^{RF}_λ) − L(f̂^{(E K^CK)}_λ)| → 0 in probability
as N/n → ∞, n → ∞.

Checks.
* NUMERIC: E K^CK by two routes — the normalised arc-cosine closed form
  (:func:`rmtsym.models.ultrawide_regression.expected_ck_kernel`) and
  :class:`rmtsym.models.random_features.RandomFeatures` (un-normalised relu
  kernel, then (K − 1/(2π))/(1/2 − 1/(2π))) — agree to 1e-12.
* EMPIRICAL: real random-feature ridge regressions (relu normalised, λ = 1/10),
  n = 40 training points fixed, 100 test points, N/n = 16, 64, 256 (N up to
  10240: a draw costs ~N d (n + m) flops, so 16 draws per ratio fit in a few
  seconds on 2 cores), on (a) the slide's teacher task, unit-norm Gaussian
  inputs, d = 80, σ_β = 1, σ_ε = 1/2 (seed 140431), and (b) the bundled
  scikit-learn digits (unit-norm centred images, labels ±1; W seed 140432).
  ΔL splits into a mean (the O(n/N) bias of the RF predictor) and a
  fluctuation; the fluctuation dominates |ΔL| as N/n grows, so the test is on
  the standard deviation of ΔL over independent first layers: its log-log
  slope against N/n (weighted least squares, se of log sd = 1/√(2(R − 1)))
  must equal −1/2 within 3 se + 0.1 (0.1: the O(√(n/N)) curvature).  A slope
  −1/2 is what the statement needs (rate (N/n)^{−1/2+ε} for every ε > 0) and
  shows the exponent is sharp (ε = 0 would fail: √(N/n)·sd stays of order one).
  The mean |ΔL| is reported too.

Not checked: n → ∞ jointly (n is fixed here); E_x is the mean over the test set.

Expected verdict: NUMERIC.
"""

import math

import numpy as np

from rmtsym.models.random_features import RandomFeatures
from rmtsym.models.ultrawide_regression import expected_ck_kernel, kernel_ridge_test_error
from rmtsym.sampling.ultrawide import digits_task, rf_ridge_test_errors, teacher_task
from rmtsym.verify import Claim

from rmtsym.claims._ultrawide import WANG_ZHU, custom_check, row

RATIOS = (16, 64, 256)
N_TRAIN, N_TEST, RIDGE = 40, 100, 0.1


def _kernel_routes(ctx):
    X, _, T, _ = teacher_task(N_TRAIN, 2 * N_TRAIN, N_TEST, np.random.default_rng(140431))
    A = expected_ck_kernel(X, T)
    rf = RandomFeatures("relu", X, N=1, gamma=1)
    B = (rf.kernel(T, dps=None)[0] - 1 / (2 * math.pi)) / (0.5 - 1 / (2 * math.pi))
    err = float(np.max(np.abs(A - B)))
    ok = err <= 1e-12
    return ([ok], [row("max |closed form - RandomFeatures kernel| (cross kernel)", err, 0, err, 1e-12, 0, ok)],
            {"n": N_TRAIN, "m": N_TEST}, "1e-12", f"E K^CK agrees to {err:.1e}")


def _weighted_slope(x, y, se):
    lx, ly, w = np.log(x), np.log(y), 1 / np.asarray(se) ** 2
    A = np.vstack([lx, np.ones_like(lx)]).T
    cov = np.linalg.inv(A.T @ (A * w[:, None]))
    coef = cov @ (A.T @ (w * ly))
    return float(coef[0]), math.sqrt(float(cov[0, 0]))


def _gap_check(task, seed):
    def run(ctx):
        R = ctx.pick(16, 32)
        if task == "gaussian":
            X, y, T, f = teacher_task(N_TRAIN, 2 * N_TRAIN, N_TEST, np.random.default_rng(140431))
        else:
            X, y, T, f = digits_task(N_TRAIN, N_TEST)
        L0 = kernel_ridge_test_error(X, y, T, f, RIDGE)
        rng = np.random.default_rng(seed)
        sds, absm, rows = [], [], []
        for r in RATIOS:
            gap = rf_ridge_test_errors(X, y, T, f, r * N_TRAIN, RIDGE, rng, draws=R) - L0
            sd = float(gap.std(ddof=1))
            sds.append(sd)
            absm.append(float(np.mean(np.abs(gap))))
            rows.append(row(f"N/n = {r}: sd(Delta L); mean |Delta L| = {absm[-1]:.3e}; sqrt(N/n) sd",
                            sd, math.sqrt(r) * sd, 0, "-", sd / math.sqrt(2 * (R - 1)), True))
        se_log = 1 / math.sqrt(2 * (R - 1))
        slope, sse = _weighted_slope(np.array(RATIOS, float), np.array(sds), [se_log] * len(RATIOS))
        tol = 3 * sse + 0.1
        ok = abs(slope + 0.5) <= tol
        rows.append(row("log-log slope of sd(Delta L) against N/n", slope, -0.5, abs(slope + 0.5), tol, sse, ok))
        rec = {"task": task, "n": N_TRAIN, "n_test": N_TEST, "ridge": RIDGE, "ratios": list(RATIOS),
               "draws": R, "seed": seed, "krr_test_error": L0,
               "bias_handling": "sd of Delta L removes the O(n/N) mean; 0.1 allowance for O(sqrt(n/N)) curvature"}
        return ([True] * len(RATIOS) + [ok], rows, rec, "slope -1/2 within 3 se + 0.1",
                f"sd(Delta L) ~ (N/n)^{slope:.3f} (se {sse:.3f})")
    return run


CLAIM = Claim(
    id="wang_zhu_rf_test_error",
    title="Wang–Zhu (Mei et al.): RF ridge test error → kernel ridge with E K^CK at rate (N/n)^(−1/2)",
    source=WANG_ZHU,
    formula="slide 'Test error approximation': (N/n)^{1/2−ε} |L(f_RF) − L(f_EK)| → 0, ε ∈ (0, 1/2)",
    statement=(r"For every $\varepsilon\in(0,1/2)$, $(N/n)^{1/2-\varepsilon}\,|\mathcal L(\hat f^{(RF)}_\lambda)"
               r"-\mathcal L(\hat f^{(\mathbb E K^{CK})}_\lambda)|\to0$; measured: the fluctuation of the "
               r"difference scales as $(N/n)^{-1/2}$."),
    expected="NUMERIC",
    notes=(r"Normalised ReLU, ridge $\lambda = 1/10$, $n = 40$ fixed, 100 test points, $N/n = 16, 64, 256$; "
           r"Gaussian teacher data and the scikit-learn digits. The joint limit $n \to \infty$ is not tested."),
    checks=[
        custom_check("E K^CK: arc-cosine closed form vs RandomFeatures kernel", "numeric", _kernel_routes),
        custom_check("sampled RF ridge, Gaussian teacher data: sd(Delta L) slope -1/2", "empirical",
                     _gap_check("gaussian", 140433)),
        custom_check("sampled RF ridge, sklearn digits (real data): sd(Delta L) slope -1/2", "empirical",
                     _gap_check("digits", 140432)),
    ],
)
