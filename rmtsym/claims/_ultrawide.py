r"""Helpers of the Wang–Zhu claims (seed 004_023286a078569efc.txt); not a claim.

Models: a Lipschitz, piecewise-linear σ = (3/5)x + (4/5)·normalised|x| (b_σ = 3/5
exactly, the seed's "piecewise linear" case) and the slide's normalised relu,
both on Gaussian data with d = 2n (μ_0 = MP(1/2)).

Finite-N/n error: every sampled spectrum at N/n = r is compared with the
*exact* finite-ratio law ρ ⊠ ν_s, s = √(n/N) (UltraWideKernel.finite_ratio_measure),
whose moments differ from the N/n = ∞ law by O(s) (m_3 = s exactly); the
O(1/n) bias in n is removed by Richardson extrapolation 2m(n) − m(n/2).
N/n = 16 on a 2-core machine: one CK draw at n = 128, N = 2048, d = 256
costs ~0.03 s (N d n flops and N d normals; linear in N/n), so 80 + 80 draws
take ~4 s; at N/n = 16 the finite-ratio law's m_3 = 1/4 is resolved against
the N/n = ∞ value 0 (tolerance ~0.09 at 80 draws), which N/n = 64 (m_3 = 1/8)
would need ~4x the draws at 4x the cost each.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from rmtsym import marchenko_pastur
from rmtsym.models.ultrawide import UltraWideKernel
from rmtsym.verify import Check, CheckResult, Level
from rmtsym.verify.report import fmt

WANG_ZHU = "004_023286a078569efc.txt"
B = sp.Rational(3, 5)
C0 = sp.Rational(1, 2)          # mu0 = MP(n/d), d = 2n
RATIO = 16                      # N/n of the sampled networks (s = 1/4)


def lipschitz_model(kernel="ck"):
    """σ = (3/5) x + (4/5) (|x| − √(2/π))/√(1 − 2/π): normalised, Lipschitz, b_σ = 3/5."""
    return UltraWideKernel.linear_mix("abs", B, marchenko_pastur(C0), kernel=kernel)


def relu_model(kernel="ck"):
    """The slide's x⁺ with normalisation: b_σ² = π/(2(π − 1))."""
    return UltraWideKernel.gaussian_data("relu", C0, normalize=True, kernel=kernel)


def custom_check(name, route, fn, description="", label=None):
    """A check from ``fn(ctx) -> (outcomes, numbers, record, tolerance, message)``.

    ``outcomes``: list of True / False / None (pass / fail / undecided) per row;
    the level is REFUTED on any False, INCONCLUSIVE on any None, else the route's
    passing level.
    """
    passing = {"exact": Level.EXACT, "numeric": Level.NUMERIC, "empirical": Level.EMPIRICAL}[route]

    def run(ctx):
        outcomes, numbers, rec, tol, msg = fn(ctx)
        if False in outcomes:
            bad = [nm["label"] for nm, o in zip(numbers, outcomes) if o is False]
            return CheckResult(name, route, Level.REFUTED, "disagrees: " + ", ".join(bad), tol,
                               numbers, rec)
        if None in outcomes:
            bad = [nm["label"] for nm, o in zip(numbers, outcomes) if o is None]
            return CheckResult(name, route, Level.INCONCLUSIVE, "unresolved: " + ", ".join(bad),
                               tol, numbers, rec)
        return CheckResult(name, route, passing, msg, tol, numbers, rec)
    return Check(name, route, run, description, label)


def row(label, value, reference, difference, tolerance, error, ok):
    return {"label": label, "value": fmt(value, 8), "reference": fmt(reference, 8),
            "difference": fmt(difference, 3), "tolerance": fmt(tolerance, 3),
            "error": fmt(error, 3),
            "outcome": {True: "agree", False: "disagree", None: "unresolved"}[ok]}


def loglog_slope(xs, ys):
    """Least-squares slope of log y against log x and its standard error."""
    lx, ly = np.log(np.asarray(xs, float)), np.log(np.asarray(ys, float))
    A = np.vstack([lx, np.ones_like(lx)]).T
    coef, res, *_ = np.linalg.lstsq(A, ly, rcond=None)
    dof = max(1, len(xs) - 2)
    sigma2 = float(res[0]) / dof if res.size else 0.0
    cov = sigma2 * np.linalg.inv(A.T @ A)
    return float(coef[0]), math.sqrt(max(cov[0, 0], 0.0))


def seeds(seed, k):
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(k)]
