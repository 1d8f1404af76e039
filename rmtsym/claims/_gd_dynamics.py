r"""Shared helpers of the gradient-descent-dynamics claims (Liao–Couillet, seed 001).

* :func:`printed_contour_statistics` — the four contour integrals of the
  seed's Theorem [LC18] *exactly as printed* (shifted variable z, the
  seed's signs, m the Stieltjes transform of MP(c) shifted by γ), evaluated
  with :func:`rmtsym.numerics.contour.ellipse_contour_integral`.
* :func:`exact_polynomial_statistics` — for k steps of discrete gradient
  descent the filters :math:`F(x)=(1-\alpha(x+\gamma))^k` and
  :math:`g=(1-F)/(x+\gamma)` are polynomials, so E and V are finite sums of
  moments of μ (MP, exact) and ω (exact, from the series of
  :math:`\rho m/(1+(\rho+c)m)`): exact rationals, a third route.
* :func:`gd_simulation_check` — an empirical check against actual discrete
  gradient descent (:mod:`rmtsym.sampling.gd`), Richardson-extrapolated in n.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy

from rmtsym.laws.named import marchenko_pastur
from rmtsym.models.gd_dynamics import GDDynamics, gaussian_q
from rmtsym.numerics.contour import ellipse_contour_integral
from rmtsym.verify import Check, CheckResult, Level

from rmtsym.claims._common import COURSE  # noqa: F401  (re-exported for the claims)

KEYS = ("E_test", "V_test", "E_train", "V_train")


def printed_contour_statistics(gd, alpha_t, dps=25, steps=None):
    """The seed's four contour integrals, literally (Theorem [LC18], seed 001).

    Returns a dict with the same keys as :meth:`GDDynamics.statistics`.
    """
    wp = dps + 15
    law = gd.hessian_law()                              # MP(c) shifted by gamma
    with mpmath.workdps(wp):
        rho, c, s2, gam = (mpmath.mpf(sympy.N(v, wp)) for v in (gd.rho, gd.c, gd.sigma2, gd.gamma))
        at = mpmath.mpf(sympy.N(sympy.nsimplify(alpha_t), wp))
        (lo, hi), = gd.data_law().support(dps=wp)
        b = max(hi, mpmath.mpf(sympy.N(gd.spike_location, wp)))

        if steps is None:
            f = lambda z: mpmath.exp(-at * z)           # f_t(z) = exp(-alpha t z)
        else:
            f = lambda z: (1 - at / steps * z) ** steps
        cache = {}

        def integrand(z):
            if z not in cache:
                cache[z] = mpmath.mpc(law.stieltjes(z, dps=wp))
            m = cache[z]
            d = (rho + c) * m + 1
            one = 1 - f(z)
            return [-one / z * rho * m / d,                         # E_test  (printed)
                    one ** 2 / z ** 2 / d - s2 * f(z) ** 2 * m,     # V_test  (printed)
                    -one / z / d,                                   # E_train (printed)
                    one ** 2 / z / d - s2 * f(z) ** 2 * z * m]      # V_train (printed, before - E_train^2)

        vals, err = ellipse_contour_integral(integrand, gam, gam + b, dps=wp - 5,
                                             tol=mpmath.mpf(10) ** (-(dps + 3)))
        Et, Vt, Etr, Vtr = (v.real for v in vals)
        out = {"E_test": Et, "V_test": Vt, "E_train": Etr, "V_train": Vtr - Etr ** 2}
    with mpmath.workdps(dps):
        return {k: +v for k, v in out.items()}, err


def omega_moments(c, rho, K):
    """Exact moments ω_0..ω_K of ω (eq. 18) from the series of ρm/(1+(ρ+c)m) and the MP moments."""
    mu = marchenko_pastur(c).moments(K)                 # exact MP(c) moments (Narayana)
    w = sympy.Symbol("w")
    Mser = sum(mu[j] * w ** (j + 1) for j in range(K + 1))        # -m(1/w)
    a = rho + c
    tot, term = 0, rho * Mser
    for _ in range(K + 1):                                        # rho M / (1 - a M)
        tot += term
        term = sympy.expand(term * a * Mser)
        term = sum(term.coeff(w, j) * w ** j for j in range(K + 2))
    tot = sympy.expand(tot)
    return [tot.coeff(w, j + 1) for j in range(K + 1)], mu


def exact_polynomial_statistics(c, rho, gamma, sigma2, alpha, steps):
    """Exact E/V after ``steps`` discrete GD steps of learning rate ``alpha`` (all exact Rationals)."""
    c, rho, gamma, sigma2, alpha = (sympy.nsimplify(v) for v in (c, rho, gamma, sigma2, alpha))
    x = sympy.Symbol("x")
    z = x + gamma
    F = sympy.expand((1 - alpha * z) ** steps)
    g = sympy.expand(sympy.cancel((1 - F) / z))
    K = 2 * steps + 2
    om, mu = omega_moments(c, rho, K)

    def integ(poly, mom):
        P = sympy.Poly(sympy.expand(poly), x)
        return sum(coef * mom[j] for (j,), coef in P.terms())

    k = (rho + c) / rho
    E_test = integ(g, om)
    E_train = k * E_test
    V_test = k * integ(g * g, om) + sigma2 * integ(F * F, mu)
    V_train = k * integ(x * g * g, om) + sigma2 * integ(x * F * F, mu) - E_train ** 2
    return {"E_test": sympy.nsimplify(E_test), "V_test": sympy.nsimplify(V_test),
            "E_train": sympy.nsimplify(E_train), "V_train": sympy.nsimplify(V_train)}


def theory_with_rates(stats):
    """Add Q(E/√V) rates to a statistics dict (floats)."""
    out = {k: float(v) for k, v in stats.items()}
    out["test_error"] = float(gaussian_q(stats["E_test"] / mpmath.sqrt(stats["V_test"])))
    out["train_error"] = float(gaussian_q(stats["E_train"] / mpmath.sqrt(stats["V_train"])))
    return out


def gd_simulation_check(name, gd, alpha, steps, reference, n=(100, 200), samples=(200, 200),
                        seed=20180710, keys=KEYS + ("test_error", "train_error"), z_pass=4.0,
                        z_refute=6.0, description=""):
    r"""Empirical check: Richardson extrapolation 2·m(2n) − m(n) of the replicate means vs ``reference``.

    ``reference(ctx)`` returns a dict of floats for ``keys``.  Sizes: ``n[0]``
    (quick) or ``n[1]`` (full) and twice that; ``samples`` likewise.  The
    test: :math:`z=|R-\text{theory}|/\mathrm{SE}_R` with
    :math:`\mathrm{SE}_R=\sqrt{4\,\mathrm{se}_{2n}^2+\mathrm{se}_n^2}`; every
    z <= ``z_pass`` → EMPIRICAL, some z > ``z_refute`` → REFUTED, else
    INCONCLUSIVE.  Richardson removes the O(1/n) finite-size bias.
    """
    def run(ctx):
        n1 = ctx.pick(*n) if isinstance(n, tuple) else n
        B = ctx.pick(*samples) if isinstance(samples, tuple) else samples
        ref = reference(ctx)
        runs = {}
        for k, nn in enumerate((n1, 2 * n1)):
            runs[nn] = gd.sample(nn, alpha, steps, samples=B, seed=seed + k)
        numbers, zs = [], []
        for key in keys:
            a, b = runs[n1][key][:, -1], runs[2 * n1][key][:, -1]
            se1, se2 = a.std(ddof=1) / math.sqrt(B), b.std(ddof=1) / math.sqrt(B)
            R = 2 * b.mean() - a.mean()
            se = math.sqrt(4 * se2 ** 2 + se1 ** 2)
            z = abs(R - ref[key]) / se if se > 0 else (0.0 if R == ref[key] else math.inf)
            zs.append(z)
            numbers.append({"label": key, "value": f"{R:.6g}", "reference": f"{ref[key]:.6g}",
                            "difference": f"{R - ref[key]:.3g}", "error": f"{se:.3g}",
                            "tolerance": f"{z_pass} SE", "z": f"{z:.2f}",
                            "raw": f"n={n1}: {a.mean():.5g}, n={2 * n1}: {b.mean():.5g}",
                            "outcome": "agree" if z <= z_pass else ("disagree" if z > z_refute else "undecided")})
        rec = {"n": [n1, 2 * n1], "p": [runs[n1]["p"], runs[2 * n1]["p"]], "samples": B,
               "seed": [seed, seed + 1], "alpha": alpha, "steps": steps,
               "bias": "Richardson 2 m(2n) - m(n) cancels the O(1/n) term"}
        tol = f"z = |2m(2n) - m(n) - theory| / SE_R <= {z_pass} (REFUTED if > {z_refute})"
        from rmtsym.sampling.registry import SAMPLERS
        from rmtsym.verify import float_density
        rng = np.random.default_rng(seed + 7)
        pooled = np.sort(np.concatenate([SAMPLERS["gd_hessian"](int(gd.c * 2 * n1),
                                                                rng, ratio=float(gd.c), rho=float(gd.rho),
                                                                gamma=float(gd.gamma)) for _ in range(8)]))
        law = gd.hessian_law()
        art = {"pooled": pooled, "sampler": "gd_hessian (Hessian of the GD run)", "n": len(pooled) // 8,
               "samples": 8, "seed": seed + 7, "density": float_density(law),
               "support": [(float(u), float(v)) for u, v in law.support(dps=15)],
               "atoms": [(float(u), float(v)) for u, v in law.atoms(dps=15)]}
        worst = max(zs)
        if worst > z_refute:
            k = zs.index(worst)
            return CheckResult(name, "empirical", Level.REFUTED,
                               f"{keys[k]}: simulation {numbers[k]['value']} vs theory {numbers[k]['reference']} "
                               f"(z = {worst:.1f})", tol, numbers, rec, [], artifacts=art)
        if worst > z_pass:
            return CheckResult(name, "empirical", Level.INCONCLUSIVE, f"largest z = {worst:.2f}",
                               tol, numbers, rec, [], artifacts=art)
        return CheckResult(name, "empirical", Level.EMPIRICAL,
                           f"{len(keys)} statistics agree (largest z = {worst:.2f})", tol, numbers, rec, [],
                           artifacts=art)
    return Check(name, "empirical", run, description)


__all__ = ["printed_contour_statistics", "omega_moments", "exact_polynomial_statistics",
           "theory_with_rates", "gd_simulation_check", "GDDynamics", "KEYS"]
