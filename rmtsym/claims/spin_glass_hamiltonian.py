r"""Survey §3.1: the H-spin spherical spin-glass Hamiltonian and its covariance Λ q^H.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §3.1, last display:
"L_{Λ,H}(w) = Λ^{−(H−1)/2} Σ_{i_1..i_H=1}^{Λ} X_{i_1..i_H} ∏_k w_{i_k},
(1/Λ) Σ w_i² = 1" — "the Hamiltonian of the H-spin spherical spin-glass
model" (Choromanska et al., AISTATS 2015; normalisation of Auffinger–Ben
Arous–Černý, CPAM 2013).

What is checkable: with X i.i.d. N(0, 1) over ordered H-tuples (the seed's
X_{i_1..i_H}), L is a centred Gaussian field on the sphere Σ w_i² = Λ with
E L(w)L(w') = Λ^{−(H−1)} (w·w')^H = Λ q^H, q = w·w'/Λ — the covariance
that defines the H-spin spherical spin glass.  (exact) the explicit tensor
sum with symbolic w, w' (Λ = 3, H = 3) equals Λ^{−(H−1)}(w·w')^H; at rational
points of the sphere it equals Λ q^H.  (empirical) sampled couplings, Λ = 6,
H = 3, q = 1/2: sample variance vs Λ, sample covariance vs Λ q^H (z-tests at
4 standard errors from the exact fourth moments of a Gaussian pair), and a
one-sample KS of L(w)/√Λ against N(0, 1) (DKW band α = 1e-3), seed 20260321.
The field is exactly Gaussian at finite Λ: no O(1/n) bias.

Not stated in the seed and not verified: the law of the weights, that the
loss of a trained network is this Hamiltonian (the seed itself calls the
assumptions unrealistic), and any statement about its critical points.

Expected verdict: EXACT.
"""

import math

import numpy as np
import sympy as sp

from rmtsym.models.spin_glass import SpinGlassLoss
from rmtsym.verify import Check, CheckResult, Claim, Level, exact_identity, exact_sequences

SURVEY = "002_2c85d79b7db582c6.txt"
R = sp.Rational


def _symbolic(ctx):
    L = SpinGlassLoss(3, 3)
    w = sp.symbols("w0:3")
    v = sp.symbols("v0:3")
    lhs = L.covariance_sum(w, v)
    rhs = sp.expand(sum(a * b for a, b in zip(w, v)) ** 3 / 9)
    return lhs, rhs, [{"title": "tensor sum", "latex": r"\Lambda^{-(H-1)}\sum_{i_1i_2i_3}\prod_k w_{i_k}w'_{i_k}"},
                      {"title": "closed form", "latex": r"\Lambda^{-(H-1)}(w\cdot w')^H = " + sp.latex(rhs)}]


POINTS = [  # (H, Lam, w, w') with |w|^2 = |w'|^2 = Lam
    (3, 4, [1, 1, 1, 1], [1, 1, 1, -1]),
    (2, 4, [1, 1, 1, 1], [R(7, 5), R(1, 5), 1, -1]),
    (4, 3, [1, 1, 1], [R(1, 3), R(5, 3), -R(1, 3)]),
    (1, 2, [1, 1], [R(7, 5), -R(1, 5)]),
]


def _points_lhs(ctx):
    return [SpinGlassLoss(H, Lam).covariance_sum(w, v) for H, Lam, w, v in POINTS]


def _points_rhs(ctx):
    return [SpinGlassLoss(H, Lam).covariance(sum(sp.sympify(a) * b for a, b in zip(w, v)) / Lam)
            for H, Lam, w, v in POINTS]


def _sampled(ctx):
    H, Lam, q = 3, 6, 0.5
    L = SpinGlassLoss(H, Lam)
    x = L.sample(ctx.pick(80, 320), seed=20260321, overlap=R(1, 2), batch=100, jobs=ctx.jobs)
    N = x.shape[0]
    a, b = x[:, 0], x[:, 1]
    var_ref, cov_ref = float(L.variance), float(L.covariance(R(1, 2)))
    # exact standard errors for a centred Gaussian pair: Var(a^2) = 2 s^4, Var(ab) = s^4 + c^2
    se_var = math.sqrt(2) * var_ref / math.sqrt(N)
    se_cov = math.sqrt(var_ref ** 2 + cov_ref ** 2) / math.sqrt(N)
    v_est, c_est = float(np.mean(a * a)), float(np.mean(a * b))
    srt = np.sort(a / math.sqrt(var_ref))
    from scipy.special import ndtr
    F = ndtr(srt)
    i = np.arange(1, N + 1)
    D = float(max(np.max(i / N - F), np.max(F - (i - 1) / N)))
    eps = math.sqrt(math.log(2 / 1e-3) / (2 * N))
    rows = [("Var L(w) vs Lambda", v_est, var_ref, se_var), ("E L(w)L(w') vs Lambda q^H", c_est, cov_ref, se_cov)]
    numbers, ok = [], True
    for label, est, ref, se in rows:
        good = abs(est - ref) <= 4 * se
        ok &= good
        numbers.append({"label": label, "value": f"{est:.4f}", "reference": f"{ref:.4f}",
                        "difference": f"{abs(est - ref):.3e}", "tolerance": f"4 se = {4 * se:.3e}",
                        "error": f"{se:.3e}", "outcome": "agree" if good else "disagree"})
    good = D <= eps
    ok &= good
    numbers.append({"label": "KS of L(w)/sqrt(Lambda) vs N(0, 1)", "value": f"{D:.5f}", "reference": "0",
                    "difference": f"{D:.5f}", "tolerance": f"{eps:.5f}", "error": "DKW",
                    "outcome": "agree" if good else "disagree"})
    lv = Level.EMPIRICAL if ok else Level.REFUTED
    art = {"pooled": srt * math.sqrt(var_ref), "support": [(-5 * math.sqrt(var_ref), 5 * math.sqrt(var_ref))],
           "atoms": [], "density": lambda t: np.exp(-np.asarray(t) ** 2 / (2 * var_ref)) / math.sqrt(2 * math.pi * var_ref),
           "n": Lam, "samples": N, "seed": 20260321, "sampler": "spin_glass"}
    return CheckResult("sampled couplings", "empirical", lv,
                       f"variance, covariance and Gaussianity agree (N = {N} couplings)" if ok else "disagreement",
                       "z-tests at 4 exact standard errors; KS within the DKW band alpha = 1e-3",
                       numbers, {"seed": 20260321, "H": H, "Lam": Lam, "overlap": q, "couplings": N}, [],
                       artifacts=art)


CLAIM = Claim(
    id="spin_glass_hamiltonian",
    title=r"Survey §3.1: $L(w) = \Lambda^{-(H-1)/2}\sum X \prod w$ is the $H$-spin spherical spin glass, $\mathbb{E}\,L(w)L(w') = \Lambda q^H$",
    source=SURVEY,
    formula=(r"§3.1 last display: $\mathcal L_{\Lambda,H}(w) = \Lambda^{-(H-1)/2} \sum_{i_1 \dots i_H} "
             r"X_{i_1 \dots i_H} \prod_k w_{i_k}$, $\frac{1}{\Lambda} \sum_i w_i^2 = 1$"),
    statement=(r"$\mathcal L(w)=\Lambda^{-(H-1)/2}\sum_{i_1..i_H}X_{i_1\dots i_H}\prod_kw_{i_k}$ on "
               r"$\frac1\Lambda\sum w_i^2=1$, $X$ i.i.d. $N(0,1)$: "
               r"$\mathbb E\mathcal L(w)\mathcal L(w')=\Lambda q^H$, $q=\frac1\Lambda w\cdot w'$."),
    expected="EXACT",
    notes="X i.i.d. over ordered tuples, as printed (not symmetrised).  Critical-point statements not in the seed.",
    theory=None,
    checks=[
        exact_identity("tensor sum = Lambda^{-(H-1)} (w.w')^H (symbolic, Lambda = H = 3)", _symbolic,
                       label=r"tensor sum $= \Lambda^{-(H-1)} (w \cdot w')^H$ (symbolic, $\Lambda = H = 3$)",
                       sides=(r"\Lambda^{-(H-1)}\sum_{i_1i_2i_3}\prod_k w_{i_k}w'_{i_k}",
                              r"\Lambda^{-(H-1)}(w\cdot w')^H")),
        exact_sequences("covariance at rational points of the sphere = Lambda q^H", _points_lhs, _points_rhs,
                        "explicit tensor sum", r"$\Lambda q^H$", quantity="C",
                        label=r"covariance at rational points of the sphere $= \Lambda q^H$"),
        Check("sampled couplings", "empirical", _sampled, "Monte Carlo of the Gaussian field"),
    ],
)
