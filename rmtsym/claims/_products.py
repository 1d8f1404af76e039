r"""Helpers of the Hanin--Nica claims (not a claim).

* :func:`enumerate_moment` — E‖Mu‖^{2k} by brute force over every value of
  every entry of a finitely supported law and every mask (exact, tiny sizes):
  the independent route for non-Gaussian entries.
* :func:`ks_exact_law_check` — the empirical check: sampled log‖Mu‖² (real
  products or real ReLU networks) against the *exact finite-size* law
  (Gil-Pelaez inversion of the chi-square representation).  Every product
  is drawn independently, so the one-sample Dvoretzky–Kiefer–Wolfowitz bound
  is exact: pass when D ≤ ε(α) = √(ln(2/α)/(2N)), α = 1e-3; refute when
  D > 3ε.  The null is the finite-(n, d) law itself, so there is no O(1/n)
  bias to handle.
* :func:`ks_table` — the exact KS distance of log‖Mu‖² to N(−β/2, β) along
  d/n fixed, n growing, with sampled KS distances beside it.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import sympy as sp

from rmtsym.models.products import MatrixProduct
from rmtsym.verify import Check, CheckResult, Level

HANIN_NICA = "003_74fd632a2d425fc1.txt"
PAPER = ("B. Hanin, M. Nica, 'Products of many large random matrices and gradients in deep "
         "neural networks', Comm. Math. Phys. 376 (2020) 287-322, arXiv:1812.05994")


def enumerate_moment(widths, k, values, probs, p=Fraction(1, 2)):
    """E||Mu||^{2k}, u = e_1, by summing over all entry values and masks (Fractions).

    ``values``/``probs``: the finite law of xi (variance 1); entries are
    xi/sqrt(p n_{l-1}), so ||Mu||^2 = prod_l (1/(p n_{l-1})) * ||D_l X_l ... e_1||^2
    with X_l the xi-matrices; every value is rational when the xi^2 are.
    """
    widths = list(widths)
    p = Fraction(p)
    shapes = [(o, i) for i, o in zip(widths[:-1], widths[1:])]
    total_entries = sum(o * i for o, i in shapes)
    scale = Fraction(1)
    for i in widths[:-1]:
        scale /= p * i
    masks = list(itertools.product((0, 1), repeat=sum(widths[1:])))
    mask_w = [p ** sum(m) * (1 - p) ** (len(m) - sum(m)) for m in masks]
    out = Fraction(0)
    for combo in itertools.product(range(len(values)), repeat=total_entries):
        w = Fraction(1)
        for c in combo:
            w *= probs[c]
        if w == 0:
            continue
        mats, pos = [], 0
        for o, i in shapes:
            mats.append([[values[combo[pos + r * i + c]] for c in range(i)] for r in range(o)])
            pos += o * i
        for m, mw in zip(masks, mask_w):
            v = [1] + [0] * (widths[0] - 1)
            mpos = 0
            for W, (o, i) in zip(mats, shapes):
                v = [m[mpos + r] * sum(W[r][c] * v[c] for c in range(i)) for r in range(o)]
                mpos += o
            sq = sum(x * x for x in v)
            out += w * mw * Fraction(sq) ** k
    return sp.Rational(out.numerator, out.denominator) * sp.Rational(scale.numerator, scale.denominator) ** k


def dkw(N, alpha=1e-3):
    """One-sample DKW band: P(sup|F_N - F| > eps) <= alpha."""
    return math.sqrt(math.log(2.0 / alpha) / (2.0 * N))


def ks_exact_law_check(name, model, batches, batch, seed, network=False, reference=None,
                       alpha=1e-3, description=""):
    """Empirical check: sampled log||Mu||^2 vs the exact finite law of ``reference`` (Gaussian)."""
    ref = reference or model

    def run(ctx):
        S = ctx.pick(batches, 4 * batches)
        s = model.sample(S, seed=seed, batch=batch, network=network, jobs=ctx.jobs)
        x = s.finite
        N = x.size
        D = s.ks_statistic(ref.log_norm_cdf)
        eps = dkw(N, alpha)
        m, v = ref.log_norm_stats(dps=15)
        lead_m, lead_v = (float(t) for t in ref.leading_stats())
        zeros = int(s.values.size - N)
        p0 = 1 - float(ref.prob_nonzero())
        numbers = [
            {"label": "KS distance to the exact finite-size law", "value": f"{D:.5f}", "reference": "0",
             "difference": f"{D:.5f}", "tolerance": f"{eps:.5f}", "error": "DKW",
             "outcome": "agree" if D <= eps else ("disagree" if D > 3 * eps else "unresolved")},
            {"label": "sample mean vs exact mean", "value": f"{x.mean():.5f}", "reference": f"{float(m):.5f}",
             "difference": f"{abs(x.mean() - float(m)):.2e}", "tolerance": "(reported)",
             "error": f"{math.sqrt(float(v) / N):.2e}", "outcome": "reported"},
            {"label": "sample variance vs exact variance", "value": f"{x.var(ddof=1):.5f}",
             "reference": f"{float(v):.5f}", "difference": f"{abs(x.var(ddof=1) - float(v)):.2e}",
             "tolerance": "(reported)", "error": "", "outcome": "reported"},
            {"label": "leading order (log(n_d/n_0) - beta/2, beta)", "value": f"({lead_m:.5f}, {lead_v:.5f})",
             "reference": f"({float(m):.5f}, {float(v):.5f})", "difference": "", "tolerance": "(reported)",
             "error": "", "outcome": "reported"},
            {"label": "products with Mu = 0", "value": str(zeros), "reference": f"{p0 * s.values.size:.3g}",
             "difference": "", "tolerance": "(reported)", "error": "", "outcome": "reported"},
        ]
        rec = dict(s.record)
        rec.update({"values": int(s.values.size), "alpha": alpha, "test": "one-sample KS, DKW band",
                    "bias_handling": "none needed: the null hypothesis is the exact finite-(n, d) law "
                                     "(chi-square representation, Gil-Pelaez inversion), not its limit"})
        sd = math.sqrt(lead_v)
        art = {"pooled": np.sort(x), "support": [(lead_m - 6 * sd, lead_m + 6 * sd)], "atoms": [],
               "density": lambda t: np.exp(-(np.asarray(t) - lead_m) ** 2 / (2 * lead_v)) / math.sqrt(2 * math.pi * lead_v),
               "n": model.widths, "samples": s.values.size, "seed": seed,
               "sampler": rec.get("sampler")}
        tol = f"one-sample KS: pass D <= sqrt(ln(2/alpha)/(2N)) (alpha = {alpha}, N = {N}), refute D > 3x"
        if D <= eps:
            lv, msg = Level.EMPIRICAL, f"D = {D:.4f} <= {eps:.4f} (N = {N}, seed {seed})"
        elif D > 3 * eps:
            lv, msg = Level.REFUTED, f"D = {D:.4f} > 3 x {eps:.4f} (N = {N}, seed {seed})"
        else:
            lv, msg = Level.INCONCLUSIVE, f"D = {D:.4f} between {eps:.4f} and 3x (N = {N})"
        return CheckResult(name, "empirical", lv, msg, tol, numbers, rec, [], artifacts=art)
    return Check(name, "empirical", run, description)


def ks_table(sizes, ratio, batches=0, batch=100, seed=0, entries="gaussian"):
    """Rows (n, d, beta, exact KS to N(-beta/2, beta), exact KS to the moment-matched Gaussian,
    sampled KS to N(-beta/2, beta), DKW band) for n in ``sizes`` and d = ratio * n."""
    from scipy.special import ndtr
    rows = []
    for j, n in enumerate(sizes):
        d = max(1, int(round(ratio * n)))
        m = MatrixProduct.uniform(n, d)
        row = {"n": n, "d": d, "beta": float(m.beta), "ks_leading": m.ks_to_gaussian("leading"),
               "ks_matched": m.ks_to_gaussian("matched")}
        if batches:
            mm = MatrixProduct.uniform(n, d, entries=entries)
            s = mm.sample(batches, seed=seed + j, batch=batch)
            lm, lv = (float(t) for t in mm.leading_stats())
            row["ks_sampled"] = s.ks_statistic(lambda x: ndtr((x - lm) / math.sqrt(lv)))
            row["band"] = dkw(s.finite.size, 0.05)
        rows.append(row)
    return rows


def _positive(a, b):
    """Whether a + b*sqrt(2) > 0 for Fractions a, b (exact)."""
    if a >= 0 and b >= 0:
        return a > 0 or b > 0
    if a <= 0 and b <= 0:
        return False
    return a * a > 2 * b * b if a > 0 else 2 * b * b > a * a


def relu_jacobian_moment_enumerated(k):
    """E||J e_1||^{2k} for the ReLU network with widths (2, 2, 2), exactly.

    Weights xi*sqrt(2/2) = xi with xi = +-1 (Rademacher), biases +-1/2, input
    x^0 = (1, sqrt 2): every pre-activation is a + b sqrt 2 with a an odd
    multiple of 1/2 or b != 0, so no unit sits exactly at 0 (no ties) and
    Prop. 2 applies to this discrete law.  Sums over all 2^8 sign patterns of
    the weights and 2^4 of the biases; numbers in Q(sqrt 2) as pairs of Fractions.
    """
    half = Fraction(1, 2)
    total = Fraction(0)
    count = 0
    for signs in itertools.product((1, -1), repeat=8):
        W1 = [[signs[0], signs[1]], [signs[2], signs[3]]]
        W2 = [[signs[4], signs[5]], [signs[6], signs[7]]]
        for bs in itertools.product((half, -half), repeat=4):
            x = [(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))]      # (a, b) = a + b sqrt 2
            v = [Fraction(1), Fraction(0)]
            for W, b in ((W1, bs[:2]), (W2, bs[2:])):
                h = [(sum(W[i][j] * x[j][0] for j in range(2)) + b[i], sum(W[i][j] * x[j][1] for j in range(2)))
                     for i in range(2)]
                assert all(hh != (0, 0) for hh in h)
                act = [_positive(*hh) for hh in h]
                x = [hh if a else (Fraction(0), Fraction(0)) for hh, a in zip(h, act)]
                v = [sum(W[i][j] * v[j] for j in range(2)) if act[i] else Fraction(0) for i in range(2)]
            total += (v[0] ** 2 + v[1] ** 2) ** k
            count += 1
    t = total / count
    return sp.Rational(t.numerator, t.denominator)
