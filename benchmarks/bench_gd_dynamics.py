"""Benchmark: GD-dynamics theory (two routes) against one actual gradient-descent run, same process.

Baseline, measured in the same run: one actual discrete gradient-descent
run (:func:`rmtsym.sampling.gd.simulate_gd`, one replicate, n = 400, p = c·n,
``--steps`` steps).  Reported, each the minimum over ``--repeats`` runs
(the machine is shared):

- actual GD at n and 4n (one replicate; a statistic at n = 400 has a
  standard error of a few 1e-2, so a curve needs hundreds of replicates);
- one theory point (E_test, V_test, E_train, V_train) by route (b), the real
  integrals over μ and ω (eqs. 17–18), and by route (a), the contour
  integrals, at dps 15 and 25: *cold* (fresh model: MP density / Stieltjes
  values computed) and *warm* (same model: the quadrature nodes cached);
- a 50-point learning curve (route (b), dps 15, warm);
- fixed (real) data, one digits block (p = 32, n = 64, held-out 1136):
  the spectral sums of :func:`rmtsym.models.gd_dynamics.fixed_design_statistics`
  (one eigen-decomposition, exact w0-expectations) against 1000 actual GD runs
  (:func:`rmtsym.sampling.gd.simulate_gd_fixed`), the preparation of the
  whitened digits (:func:`rmtsym.sampling.gd.digits_mixture`, scikit-learn
  already imported) and the identity's largest relative difference;
- reference quadrature: ``mpmath.quad`` (tanh-sinh) of the same five
  integrals with the closed-form densities, one integral at a time (what
  the θ-trapezoid with shared nodes replaces).

Run: ``PYTHONPATH=. python3 benchmarks/bench_gd_dynamics.py [--repeats 3] [--steps 30]``.
"""

import argparse
import time

import mpmath
import numpy as np

from rmtsym.models.gd_dynamics import GDDynamics
from rmtsym.models.gd_dynamics import fixed_design_statistics
from rmtsym.sampling.gd import digits_mixture, simulate_gd, simulate_gd_fixed
from _timing import best_of  # noqa: E402  (benchmarks/_timing.py)

C, RHO, GAMMA, SIGMA2 = "1/2", 2, "1/10", "1/4"


def naive_quad(at, dps):
    """Five tanh-sinh integrals with the closed-form MP / ω densities (spike and atoms added by hand)."""
    with mpmath.workdps(dps + 10):
        c, rho, gam, s2 = mpmath.mpf(1) / 2, mpmath.mpf(2), mpmath.mpf(1) / 10, mpmath.mpf(1) / 4
        lm, lp = (1 - mpmath.sqrt(c)) ** 2, (1 + mpmath.sqrt(c)) ** 2
        ls = c + 1 + rho + c / rho
        D = lambda x: mpmath.sqrt((x - lm) * (lp - x))
        mu = lambda x: D(x) / (2 * mpmath.pi * c * x)
        om = lambda x: D(x) / (2 * mpmath.pi * (ls - x))
        F = lambda x: mpmath.exp(-at * (x + gam))
        g = lambda x: (1 - F(x)) / (x + gam)
        I1 = mpmath.quad(lambda x: g(x) * om(x), [lm, lp])
        I2 = mpmath.quad(lambda x: g(x) ** 2 * om(x), [lm, lp])
        I3 = mpmath.quad(lambda x: x * g(x) ** 2 * om(x), [lm, lp])
        I4 = mpmath.quad(lambda x: F(x) ** 2 * mu(x), [lm, lp])
        I5 = mpmath.quad(lambda x: x * F(x) ** 2 * mu(x), [lm, lp])
        w = (rho ** 2 - c) / rho
        k = (rho + c) / rho
        I1 += w * g(ls)
        I2 += w * g(ls) ** 2
        I3 += w * ls * g(ls) ** 2
        Etr = k * I1
        return {"E_test": I1, "V_test": k * I2 + s2 * I4, "E_train": Etr, "V_train": k * I3 + s2 * I5 - Etr ** 2}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--n", type=int, default=400)
    args = ap.parse_args(argv)
    alpha, steps, n, rep = 0.1, args.steps, args.n, args.repeats
    at = alpha * steps

    rows = []
    base = best_of(lambda: simulate_gd(n, n // 2, 2.0, 0.1, 0.25, alpha, steps, samples=1, seed=1), rep)
    rows.append((f"actual GD, 1 run, n = {n}, p = {n // 2}, {steps} steps (baseline)", base))
    rows.append((f"actual GD, 1 run, n = {4 * n}, p = {2 * n}",
                 best_of(lambda: simulate_gd(4 * n, 2 * n, 2.0, 0.1, 0.25, alpha, steps, samples=1, seed=1), rep)))
    for dps in (15, 25):
        for method in ("integral", "contour"):
            rows.append((f"theory point, route {'(b) real integrals' if method == 'integral' else '(a) contour'}, "
                         f"dps {dps}, cold",
                         best_of(lambda: GDDynamics(C, RHO, GAMMA, SIGMA2).statistics(at, dps=dps, method=method),
                                 rep)))
            gd = GDDynamics(C, RHO, GAMMA, SIGMA2)
            gd.statistics(at, dps=dps, method=method)
            rows.append((f"theory point, same route, dps {dps}, warm (nodes cached)",
                         best_of(lambda: gd.statistics(at * 1.01, dps=dps, method=method), rep)))
    gd = GDDynamics(C, RHO, GAMMA, SIGMA2)
    gd.statistics(1, dps=15)
    ts = np.linspace(0.1, 20, 50)
    rows.append(("learning curve, 50 points, route (b), dps 15, warm",
                 best_of(lambda: [gd.statistics(float(t), dps=15) for t in ts], 1)))
    rows.append(("reference: 5 x mpmath.quad (tanh-sinh), closed-form densities, dps 25",
                 best_of(lambda: naive_quad(mpmath.mpf(at), 25), rep)))

    digits_mixture()                                          # import scikit-learn, load the file
    rows.append(("digits: prepare the whitened pool (digits_mixture)", best_of(digits_mixture, rep)))
    d = digits_mixture()
    blk = d["blocks"][0]
    te = np.setdiff1d(np.arange(d["X"].shape[1]), blk)
    args = (d["X"][:, blk], d["y"][blk])
    extra = dict(mu=d["mu"], X_test=d["X"][:, te], y_test=d["y"][te])
    rows.append(("digits block: 1000 actual GD runs (simulate_gd_fixed)",
                 best_of(lambda: simulate_gd_fixed(*args, 0.1, 0.25, alpha, steps, samples=1000, seed=2,
                                                   **extra), rep)))
    rows.append(("digits block: exact w0-expectations, spectral sums (fixed_design_statistics)",
                 best_of(lambda: fixed_design_statistics(*args, at, 0.1, 0.25, steps=steps, **extra), rep)))
    r = simulate_gd_fixed(*args, 0.1, 0.25, alpha, steps, samples=1000, seed=2, **extra)
    same = fixed_design_statistics(*args, at, 0.1, 0.25, steps=steps, w0=r["w0"], **extra)
    ident = max(float(np.max(np.abs(same[k] - r[k][:, -1]))) for k in same)

    ref = naive_quad(mpmath.mpf(at), 25)
    mine = GDDynamics(C, RHO, GAMMA, SIGMA2).statistics(at, dps=25)
    agree = min(-mpmath.log10(abs(ref[k] - mine[k]) + mpmath.mpf(10) ** -40) for k in ref)

    w = max(len(r[0]) for r in rows)
    print(f"GDDynamics(c={C}, rho={RHO}, gamma={GAMMA}, sigma2={SIGMA2}), alpha t = {at:g}; "
          f"min of {rep} runs")
    print(f"{'what':<{w}}  {'seconds':>9}  {'/ baseline':>10}")
    for name, t in rows:
        print(f"{name:<{w}}  {t:9.4f}  {t / base:10.2f}")
    print(f"route (b) vs the reference quadrature: {mpmath.nstr(agree, 3)} digits")
    print(f"digits: GD iterates vs spectral sums (same w0), largest difference {ident:.1e}")


if __name__ == "__main__":
    main()
