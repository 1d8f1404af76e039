"""Helpers shared by the Gram-matrix claims (PW17, Benigni–Péché); not a claim."""

from __future__ import annotations

import math

import numpy as np
import sympy

from rmtsym.models.gram import GramSpectrum
from rmtsym.verify import CheckResult, Level
from rmtsym.verify.model import Check

R = sympy.Rational

#: the ReLU network of the PW17 claim: sigma_w2 = 2, sigma_x2 = 3/4 (q = 3/2), phi = 1/2, psi = 3/2
RELU = dict(activation="relu", phi=R(1, 2), psi=R(3, 2), sigma_w2=2, sigma_x2=R(3, 4), center=True)


def relu_model():
    return GramSpectrum(**RELU)


def float_support(model, dps=15):
    return [(float(a), float(b)) for a, b in model.support(dps=dps)]


def theory_density(model):
    """Vectorised float density of the model's law (for the KS test and the figure)."""
    from rmtsym.verify import float_density
    return float_density(model.measure(None if model.is_exact else 20))


def spike_check(name, cases, description=""):
    """Empirical check of the BP22 spikes on sampled spectra.

    ``cases``: list of (label, model, n, samples, seed).  For a model with a predicted
    outlier pair λ* (:meth:`GramSpectrum.outliers`) the statistic is the mean of the two
    largest eigenvalues at n, compared with λ* within 4 se + |mean(n) − mean(n/2)| (the
    bias bound of a decreasing finite-size bias; the degenerate pair splits by O(n^-1/2)
    symmetrically, which the mean cancels); the second largest must lie above the
    midpoint between the edge and λ* minus that tolerance (two outliers).  A model
    without a predicted outlier passes when the mean largest eigenvalue is within
    2 (b − a) n^(−2/3) + 4 se of the edge b (Tracy–Widom scale).  The tolerance must
    resolve the gap λ* − b (tol < 0.4 gap), else the case is unresolved.
    """

    def run(ctx):
        numbers, outcomes, art, runs = [], [], {}, []
        for label, model, n, samples, seed in cases:
            out = model.outliers(dps=15)
            sup = float_support(model)
            edge = sup[-1][1]
            big = model.sample(n, samples, seed)
            runs.append(big.record())
            if not art:
                art = {"pooled": big.pooled(), "density": theory_density(model), "support": sup,
                       "atoms": [], "n": n, "samples": samples, "seed": seed, "sampler": "gram"}
            ev = big.eigenvalues
            if out:
                lam = float(out[0])
                small = model.sample(n // 2, 2 * samples, seed + 1)
                runs.append(small.record())
                top = ev[:, -2:].mean(axis=1)
                se = float(top.std(ddof=1) / math.sqrt(top.size))
                bias = abs(float(top.mean()) - float(small.eigenvalues[:, -2:].mean()))
                tol = 4 * se + bias
                d = abs(float(top.mean()) - lam)
                second = float(ev[:, -2].mean())
                gap = lam - edge
                if tol > 0.4 * gap:
                    o = None
                elif d <= tol and second > edge + 0.5 * gap - tol:
                    o = True
                elif d > 3 * tol or second < edge:
                    o = False
                else:
                    o = None
                numbers.append({"label": f"{label}: mean of 2 largest eigenvalues", "value": f"{top.mean():.6g}",
                                "reference": f"{lam:.10g} (predicted pair; edge {edge:.6g})",
                                "difference": f"{d:.3g}", "tolerance": f"{tol:.3g}", "error": f"{se:.3g}",
                                "bias_bound": f"{bias:.3g}", "second largest": f"{second:.6g}",
                                "outcome": {True: "agree", False: "disagree", None: "unresolved"}[o]})
            else:
                tops = ev[:, -1]
                se = float(tops.std(ddof=1) / math.sqrt(tops.size))
                tol = 2 * (edge - sup[0][0]) * n ** (-2 / 3) + 4 * se
                d = abs(float(tops.mean()) - edge)
                o = True if d <= tol else (False if d > 3 * tol else None)
                numbers.append({"label": f"{label}: largest eigenvalue (no outlier predicted)",
                                "value": f"{tops.mean():.6g}", "reference": f"{edge:.10g} (edge)",
                                "difference": f"{d:.3g}", "tolerance": f"{tol:.3g}", "error": f"{se:.3g}",
                                "outcome": {True: "agree", False: "disagree", None: "unresolved"}[o]})
            outcomes.append(o)
        tol_s = ("outlier pair: |mean(top 2) - lambda*| <= 4 se + |mean_n - mean_(n/2)|; "
                 "no outlier: |mean(top) - b| <= 2 (b - a) n^(-2/3) + 4 se")
        rec = {"runs": runs, "bias_handling": "bias bound |mean(n) - mean(n/2)| (decreasing bias)"}
        if False in outcomes:
            return CheckResult(name, "empirical", Level.REFUTED, "sampled outliers disagree", tol_s,
                               numbers, rec, [], artifacts=art)
        if None in outcomes:
            return CheckResult(name, "empirical", Level.INCONCLUSIVE, "unresolved", tol_s, numbers, rec, [],
                               artifacts=art)
        return CheckResult(name, "empirical", Level.EMPIRICAL,
                           f"{len(cases)} networks: outliers where predicted, none where kappa = 0",
                           tol_s, numbers, rec, [], artifacts=art)
    return Check(name, "empirical", run, description)
