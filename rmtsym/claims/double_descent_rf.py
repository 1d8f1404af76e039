r"""Double descent of random-features ridge regression in N/n, peak at the interpolation threshold N = n.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), "Numerical results:
double descent" after the Corollary "Asymptotic training and test MSEs"
(Louart–Liao–Couillet 2018 deterministic equivalent Ē_test, read with
K̄ = (N/n)K/(1 + δ) and the cross kernel, see ``rf_mse_llc18``).

Checks: (numeric) the 200-point theory curve Ē_test(N/n) at small ridge
γ = 10⁻⁵ has a local maximum (the largest value over 1/2 <= N/n <= 2, not at an
end) within 15 % of N = n, on Gaussian-mixture data and
on scikit-learn's digits (theory on the digits' own X); (empirical) real
random-feature regressions at N/n ∈ {1/4, 1/2, 2, 4} within 4 se + a stated
finite-n bias bound of 8 % of the theory value (the Richardson-checked
O(1/n) bias at these sizes is ≤ 3 %, ``rf_mse_llc18``), drawn over the curve.

Expected verdict: EMPIRICAL.
"""

import numpy as np

from rmtsym.models.random_features import RandomFeatures
from rmtsym.sampling.learning import digits_data, gaussian_mixture_data, sample_random_features
from rmtsym.verify import Check, CheckResult, Claim, Level

from rmtsym.claims._learning import COURSE, curve_check

GAMMA = 1e-5
N_DATA = 100
RATIOS = np.exp(np.linspace(np.log(0.1), np.log(6.0), 200))
SIM = (0.25, 0.5, 2.0, 4.0)


def _data(kind):
    if kind == "gauss":
        return gaussian_mixture_data(N_DATA // 2, N_DATA, seed=31, n_test=N_DATA)
    return digits_data(N_DATA, N_DATA)


def _curve(kind):
    X, y, Xt, yt = _data(kind)
    rf = RandomFeatures("relu", X, N=1, gamma=GAMMA)
    Ns = np.maximum(1, np.round(RATIOS * N_DATA)).astype(int)
    return Ns / N_DATA, rf.test_mse_curve(y, Xt, yt, Ns=Ns), (X, y, Xt, yt)


def _peak(ctx):
    numbers, ok = [], True
    for kind in ("gauss", "digits"):
        x, th, _ = _curve(kind)
        win = (x >= 0.5) & (x <= 2.0)
        xw, tw = x[win], th[win]
        k = int(np.argmax(tw))
        xp = float(xw[k])
        good = 0.85 <= xp <= 1.15 and 0 < k < len(tw) - 1
        ok &= good
        numbers.append({"label": f"{kind}: argmax over 1/2 <= N/n <= 2 of the theory test MSE (a local peak)",
                        "value": f"{xp:.4g}",
                        "reference": "1", "tolerance": "0.15", "outcome": "agree" if good else "disagree"})
    return CheckResult("peak at N = n", "numeric", Level.NUMERIC if ok else Level.REFUTED,
                       "theory curves peak at the interpolation threshold" if ok else "peak elsewhere",
                       "|argmax over [1/2, 2] of N/n - 1| <= 0.15, interior, 200-point log grid", numbers)


def _runs(ctx):
    rows, curves = [], []
    samples = ctx.pick(12, 60)
    for kind, label in (("gauss", "Gaussian mixture"), ("digits", "digits (sklearn)")):
        x, th, (X, y, Xt, yt) = _curve(kind)
        xs, ms, ss = [], [], []
        rf = RandomFeatures("relu", X, N=1, gamma=GAMMA)
        for k, r in enumerate(SIM):
            N = int(round(r * N_DATA))
            s = sample_random_features(X, y, Xt, yt, N, GAMMA, "relu", samples, seed=900 + k)
            m, se = s.mean_se("test")
            t = rf.with_params(N=N).test_mse(y, Xt, yt, dps=None)
            rows.append((f"{label}: test MSE at N/n = {r}", m, se, t, 0.08 * abs(t)))
            xs.append(r)
            ms.append(m)
            ss.append(se)
        curves.append({"label": label, "x": x, "theory": th, "x_sim": xs, "sim": ms, "sim_se": ss,
                       "xlabel": "N/n", "ylabel": "test MSE", "logx": True, "logy": True, "vline": 1.0})
    return rows, curves


CLAIM = Claim(
    id="double_descent_rf",
    title="Double descent of random-features ridge regression in $N/n$ (LLC18 test MSE), course 001",
    source=COURSE,
    formula="Numerical results: double descent (test MSE vs N/n, peak at N = n)",
    statement=r"$\bar E_{\rm test}(N/n)$ at $\gamma=10^{-5}$ peaks at $N=n$; relu, $n=100$.",
    expected="EMPIRICAL",
    checks=[Check("peak at N = n", "numeric", _peak),
            curve_check("real RF regressions over the theory curve", _runs)],
)
