r"""Helpers of the learning-curve claims (random features, double descent, one step) — not a claim.

Every empirical comparison here is against *real training runs* of
:mod:`rmtsym.sampling.learning` on the same data X the theory takes.
Finite-size bias: the deterministic equivalents are exact only as n → ∞ and
the sampled mean differs from them by O(1/n).  The checks use the Richardson
combination r = 2 d(n) − d(n/2) of the differences d(m) = mean(m) − theory(m)
(nested data: the first m columns and, for Gaussian data, the first p·m/n
rows rescaled), which cancels the 1/n term; the test is |r| <= z·se(r) with
z = 4, se(r) = √(4 se(n)² + se(n/2)²).  A reading that is wrong by O(1)
leaves |r| far outside (REFUTED when |r| > 2·(z·se(r)) + 0.02·|theory|).
"""

from __future__ import annotations

import numpy as np

from rmtsym.models.random_features import RandomFeatures
from rmtsym.sampling.learning import digits_data, gaussian_mixture_data, sample_random_features
from rmtsym.verify import Check, CheckResult, Level

COURSE = "001_322f0eb0bc5d01dd.txt"
Z = 4.0


def gaussian_nested(n, p, seed=20240):
    """Gaussian-mixture data at (p, n) and the nested half-size set (p/2, n/2), test sets alike."""
    X, y, Xt, yt = gaussian_mixture_data(p, n, seed=seed, n_test=n)
    half = {"X": X[: p // 2, : n // 2] * np.sqrt(p / (p // 2)), "y": y[: n // 2],
            "Xt": Xt[: p // 2, : n // 2] * np.sqrt(p / (p // 2)), "yt": yt[: n // 2]}
    return {"X": X, "y": y, "Xt": Xt, "yt": yt}, half


def digits_nested(n):
    """Digits: the first n images (test: the next n) and the first n/2 (test: the next n/2, i.e. images
    n/2 .. n - 1, disjoint from that half's own training set)."""
    X, y, Xt, yt = digits_data(n, n)
    h = n // 2
    X2, y2, Xt2, yt2 = digits_data(h, h, offset=0)
    return {"X": X, "y": y, "Xt": Xt, "yt": yt}, {"X": X2, "y": y2, "Xt": Xt2, "yt": yt2}


def rf_theory(act, d, N, gamma):
    """(train, test) deterministic equivalents (float64 route) of the consistent reading."""
    rf = RandomFeatures(act, d["X"], N=N, gamma=gamma)
    return rf.train_mse(d["y"], dps=None), rf.test_mse(d["y"], d["Xt"], d["yt"], dps=None)


def simulate(act, d, N, gamma, samples, seed):
    s = sample_random_features(d["X"], d["y"], d["Xt"], d["yt"], N, gamma, act, samples, seed)
    return s.mean_se("train"), s.mean_se("test")


def richardson_rows(act, sets, ratio_N, gamma, samples, seed, theory=rf_theory, label="", detail=None):
    """Rows (label, r, se_r, theory(n), d(n), d(n/2), mean(n)) for train and test MSE.

    ``detail``, a dict, receives per size m (n/2 and n) the theory pair, the sampled
    (mean, se) pairs and m (for the figures: :func:`size_curve`)."""
    full, half = sets
    out = []
    vals = {}
    for tag, d in (("n", full), ("n/2", half)):
        m = d["X"].shape[1]
        N = max(1, int(round(ratio_N * m)))
        th = theory(act, d, N, gamma)
        sim = simulate(act, d, N, gamma, samples, seed + m)
        vals[tag] = (th, sim)
        if detail is not None:
            detail[tag] = {"m": m, "theory": th, "sim": sim}
    for k, name in enumerate(("train", "test")):
        th_n, (mn, sen) = vals["n"][0][k], vals["n"][1][k]
        th_h, (mh, seh) = vals["n/2"][0][k], vals["n/2"][1][k]
        dn, dh = mn - th_n, mh - th_h
        r = 2 * dn - dh
        se = float(np.sqrt(4 * sen ** 2 + seh ** 2))
        out.append((f"{label}{name} MSE (n = {full['X'].shape[1]})", r, se, th_n, dn, dh, mn))
    return out


def size_curve(label, detail, key, sim=True, logy=True):
    """A figure curve over the two sizes n/2, n of :func:`richardson_rows` (``key`` 0: train, 1: test):
    the theory line, and the sampled means ± se when ``sim``; a log y axis when ``logy`` (every
    curve of a figure must agree: a negative value has no place on it)."""
    tags = ("n/2", "n")
    c = {"label": label, "x": [detail[t]["m"] for t in tags], "theory": [detail[t]["theory"][key] for t in tags],
         "xlabel": "n (training set size; N/n fixed)", "ylabel": ("training", "test")[key] + " MSE",
         "logx": True, "logy": logy}
    if sim:
        c.update(x_sim=c["x"], sim=[detail[t]["sim"][key][0] for t in tags],
                 sim_se=[detail[t]["sim"][key][1] for t in tags])
    return c


def richardson_check(name, rows_fn, description=""):
    """An empirical check over Richardson rows (see the module notes for the test); ``rows_fn``
    returns the rows, or (rows, curves) to draw a figure."""

    def run(ctx):
        rows = rows_fn(ctx)
        curves = None
        if isinstance(rows, tuple):
            rows, curves = rows
        art = {"curves": curves} if curves else {}
        numbers, outcomes = [], []
        for label, r, se, th, dn, dh, mean in rows:
            tol = Z * se
            if abs(r) <= tol:
                out = True
            elif abs(r) > 2 * tol + 0.02 * abs(th):
                out = False
            else:
                out = None
            outcomes.append(out)
            numbers.append({"label": label, "value": f"{mean:.6g}", "reference": f"{th:.6g}",
                            "difference": f"{r:.3g}", "tolerance": f"{tol:.3g}", "error": f"{se:.3g}",
                            "d(n)": f"{dn:.4g}", "d(n/2)": f"{dh:.4g}",
                            "outcome": {True: "agree", False: "disagree", None: "undecided"}[out]})
        tol_s = ("Richardson r = 2 d(n) - d(n/2) of sampled-minus-theory MSE; agree |r| <= 4 se(r), "
                 "disagree |r| > 8 se(r) + 0.02 |theory|")
        if False in outcomes:
            k = outcomes.index(False)
            return CheckResult(name, "empirical", Level.REFUTED,
                               f"{numbers[k]['label']}: sampled {numbers[k]['value']} vs theory "
                               f"{numbers[k]['reference']} (Richardson r = {numbers[k]['difference']}, "
                               f"se {numbers[k]['error']})", tol_s, numbers, artifacts=art)
        if None in outcomes:
            return CheckResult(name, "empirical", Level.INCONCLUSIVE, "undecided row", tol_s, numbers,
                               artifacts=art)
        return CheckResult(name, "empirical", Level.EMPIRICAL,
                           f"{len(numbers)} Richardson-corrected MSEs agree with the theory within 4 se",
                           tol_s, numbers, artifacts=art)
    return Check(name, "empirical", run, description)


def curve_check(name, fn, description=""):
    """Empirical check whose fn(ctx) returns (rows, curves); rows like :func:`richardson_check` but
    compared as |mean − theory| <= 4 se + bias (bias stated per row), curves for the figure."""

    def run(ctx):
        rows, curves = fn(ctx)
        numbers, outcomes = [], []
        for label, mean, se, th, bias in rows:
            tol = Z * se + bias
            d = mean - th
            out = True if abs(d) <= tol else (False if abs(d) > 2 * tol + 0.02 * abs(th) else None)
            outcomes.append(out)
            numbers.append({"label": label, "value": f"{mean:.6g}", "reference": f"{th:.6g}",
                            "difference": f"{d:.3g}", "tolerance": f"{tol:.3g}", "error": f"{se:.3g}",
                            "outcome": {True: "agree", False: "disagree", None: "undecided"}[out]})
        tol_s = "|sampled mean - theory| <= 4 se + stated bias bound"
        level = (Level.REFUTED if False in outcomes else
                 Level.INCONCLUSIVE if None in outcomes else Level.EMPIRICAL)
        msg = {Level.REFUTED: "a sampled value disagrees", Level.INCONCLUSIVE: "undecided",
               Level.EMPIRICAL: f"{len(numbers)} sampled values agree"}[level]
        if level is Level.REFUTED:
            k = outcomes.index(False)
            msg = f"{numbers[k]['label']}: sampled {numbers[k]['value']} vs theory {numbers[k]['reference']}"
        return CheckResult(name, "empirical", level, msg, tol_s, numbers, artifacts={"curves": curves})
    return Check(name, "empirical", run, description)


# ---------------------------------------------------------------------------
# the printed Corollary read literally (the readings that fail)
# ---------------------------------------------------------------------------

def seed_train_kbar_is_k(act, d, N, gamma):
    """(train, test): the printed Ē_train with the undefined K̄ read as the theorem's K; test as corrected."""
    rf = RandomFeatures(act, d["X"], N=N, gamma=gamma)
    K = rf.kernel(dps=None)
    Q = rf.resolvent()
    n, y = rf.n, d["y"]
    t1 = np.trace(Q @ K @ Q) / N
    t2 = np.trace(K @ Q @ K @ Q) / N
    u = Q @ y
    train = gamma ** 2 / n * (t1 / (1 - t2) * u @ K @ u + u @ u)
    return float(train), rf.test_mse(y, d["Xt"], d["yt"], dps=None)


def seed_test_printed(act, d, N, gamma):
    """(train, test): the printed Ē_test with K̄_{X̂X̂} (n̂ = n so that the shapes fit) and K̄ = Ψ̄."""
    rf = RandomFeatures(act, d["X"], N=N, gamma=gamma)
    n, y, Xt, yt = rf.n, d["y"], d["Xt"], d["yt"]
    assert Xt.shape[1] == n, "the printed test formula only has fitting shapes when n_test = n"
    delta = rf.delta_at(None)
    s = (N / n) / (1 + delta)
    Psi = s * rf.kernel(dps=None)
    Ktt = RandomFeatures(act, Xt, N=N, gamma=gamma).kernel(dps=None)
    Ptt = s * Ktt
    Q = rf.resolvent()
    u = Q @ y
    t2 = np.trace(Psi @ Q @ Psi @ Q) / N
    coef = (u @ Psi @ u / N) / (1 - t2)
    test = np.mean((yt - Ptt.T @ u) ** 2) + coef * (np.trace(Ptt) / n
                                                    - np.trace((np.eye(n) + gamma * Q) @ Ptt @ Ptt.T @ Q) / n)
    return rf.train_mse(y, dps=None), float(test)
