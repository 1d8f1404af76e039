r"""Helpers of the PB17 Hessian claims (rmtsym/claims/hessian_*.py); not a claim.

Parameters used throughout: ε = 3/10, φ = 2/5, ς = 3/2 (below
ε_c(2/5, 3/2) = 0.4117…, so the spectrum is positive) and, for a spectrum
that crosses 0, ε = 1, φ = 1/2, ς = 3/2 (ε_c = 0.1823…, index 0.0702…).

``python -m rmtsym.claims._hessian docs/img/hessian_index.png`` draws the index
α(ε, φ) as curves in ε (the runner's automatic figure is the density over
the sampled histogram; it does not draw a curve of an observable).
"""

from __future__ import annotations

import sympy as sp

from rmtsym.models.hessian import HessianSpectrum
from rmtsym.verify import empirical_spectrum, float_density


R = sp.Rational
E0, P0, S0 = R(3, 10), R(2, 5), R(3, 2)      # positive spectrum (eps < eps_c)
E1, P1, S1 = R(1), R(1, 2), R(3, 2)          # spectrum crossing 0 (eps > eps_c)


def model(e=E0, p=P0, s=S0):
    return HessianSpectrum(e, p, s)


def hessian_empirical(name, h, seed, part="H", moments=None, description="", theory=None, label=None):
    """EMPIRICAL: sampled PB17 Hessians of width n (2n² eigenvalues; the 1/n bias is in the width).

    ``theory`` (a measure) supplies the density for the KS test and the figure,
    ``moments(ctx, K)`` the moments (default: those of ``theory``).
    """
    mu = theory if theory is not None else h.measure()
    cache = {}

    def dens():
        if "d" not in cache:
            cache["d"] = float_density(mu)
            cache["s"] = [(float(a), float(b)) for a, b in mu.support(dps=15)]
            cache["a"] = [(float(x), float(w)) for x, w in mu.atoms(dps=15)]
        return cache

    mom = moments or (lambda ctx, K: [float(v) for v in mu.moments(K)])
    return empirical_spectrum(
        name, "hessian_pb17", h.sample_params(part=part), mom,
        n=(12, 20), samples=(60, 60), seed=seed, orders=4, resolution=0.05,
        density=lambda x: dens()["d"](x), support=lambda: dens()["s"],
        atoms=[(0.0, float(w)) for x, w in mu.atoms(dps=15) if abs(x) < 1e-12],
        size=lambda n: n, ks_bias=4.0, description=description, label=label)


def sampled_index_check(name, h, seed, n=(12, 6), samples=(80, 320), z=4.0):
    """EMPIRICAL: fraction of negative sampled eigenvalues vs α (Richardson 2a(n) − a(n/2)).

    Passes when |estimate − α| <= z·√(se² + bias²) with the bias bound
    (4/n)|a(n) − a(n/2)| of :func:`rmtsym.sampling.richardson_moments`, and
    that tolerance is below α/4 (else INCONCLUSIVE); refutes beyond 2z·√(...)
    when the tolerance resolves α/4.
    """
    import math

    from rmtsym.verify import Check, CheckResult, Level

    def run(ctx):
        alpha = float(h.index(dps=20))
        big = h.sample(n[0], samples[0], seed=seed)
        small = h.sample(n[1], samples[1], seed=seed + 1)
        fb = (big.eigenvalues < 0).mean(axis=1)
        fs = (small.eigenvalues < 0).mean(axis=1)
        est = 2 * fb.mean() - fs.mean()
        se = math.sqrt(4 * fb.var(ddof=1) / len(fb) + fs.var(ddof=1) / len(fs))
        bias = 4 / n[0] * abs(fb.mean() - fs.mean())
        tol = z * math.hypot(se, bias)
        d = abs(est - alpha)
        numbers = [{"label": "fraction of eigenvalues < 0 (2a(n) - a(n/2))", "value": f"{est:.6g}",
                    "reference": f"{alpha:.12g}", "difference": f"{d:.3g}", "tolerance": f"{tol:.3g}",
                    "error": f"se {se:.3g}, bias {bias:.3g}",
                    "outcome": "agree" if d <= tol else "disagree"}]
        rec = {"n": list(n), "samples": list(samples), "seed": seed, "sampler": "hessian_pb17",
               "params": h.sample_params()}
        if tol > alpha / 4:
            lvl, msg = Level.INCONCLUSIVE, "tolerance does not resolve alpha/4"
        elif d <= tol:
            lvl, msg = Level.EMPIRICAL, f"sampled index {est:.5f} vs alpha {alpha:.5f}"
        elif d > 2 * tol:
            lvl, msg = Level.REFUTED, f"sampled index {est:.5f} vs alpha {alpha:.5f}"
        else:
            lvl, msg = Level.INCONCLUSIVE, "between the pass and refute thresholds"
        return CheckResult(name, "empirical", lvl, msg,
                           f"|est - alpha| <= {z} sqrt(se^2 + bias^2)", numbers, rec,
                           artifacts={"pooled": big.pooled(), "sampler": "hessian_pb17",
                                      "n": n[0], "samples": samples[0], "seed": seed,
                                      "density": float_density(h.measure()),
                                      "support": [(float(a), float(b)) for a, b in h.support(dps=15)],
                                      "atoms": [(float(x), float(w)) for x, w in h.atoms(dps=15)]})
    return Check(name, "empirical", run, r"fraction of negative eigenvalues of sampled $H_0 + H_1$")


def index_curve_figure(path, phis=(R(1, 4), R(1, 2), R(3, 4), R(3, 2)), s=1, points=30, emax=1.2):
    """Draw α(ε, φ) against ε for a few φ (antiderivative route) and mark ε_c; returns path."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    fig, ax = plt.subplots(figsize=(6, 4))
    for p in phis:
        ec = float(HessianSpectrum.critical_epsilon(p, s))
        es = np.linspace(0, emax, points + 1)[1:]
        al = [float(HessianSpectrum(sp.Rational(str(round(e, 12))), p, s).index(dps=15)) for e in es]
        ax.plot(es, al, label=f"φ = {p}  (ε_c = {ec:.4f})")
        ax.axvline(ec, color=ax.lines[-1].get_color(), ls=":", lw=0.8)
    ax.set_xlabel("ε (loss level)")
    ax.set_ylabel("index α(ε, φ)")
    ax.set_title("PB17 Hessian index, ς = 1 (seed 002 §4.1)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


if __name__ == "__main__":   # pragma: no cover
    import sys
    print(index_curve_figure(sys.argv[1] if len(sys.argv) > 1 else "hessian_index.png"))
