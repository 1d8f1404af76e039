"""Benchmark: the ultra-wide CK/NTK sampler against its floor, and the exact routes.

Sampler (one draw of √(N/n)(K − E K), n data points, d = 2n, N = r·n), against
the floor measured in the same run and process: the N·d standard normals of W
plus the two products W X (N×d·d×n) and Fᵀ F (n×N·N×n) plus one n×n eigvalsh —
the least work of any sampler of a real two-layer network's CK.  Reported per
width ratio r: floor, CK sampler, NTK sampler (one more N×n product), ratios.

Exact theory (same run): route A (free_mul of the square MP(1) ⊠ ρ ⊠ ρ),
route B (subordination resultant), the finite-ratio law at N/n = 16, and
moments to order k by the series of route A vs the non-crossing-partition sum
(route C), for the Lipschitz σ = (3/5)x + (4/5)·normalised|x|, μ_0 = MP(1/2).

Random-feature ridge regression (claim wang_zhu_rf_test_error): one draw of
``rf_ridge_test_errors`` (n training, m = 100 test points, d = 2n, N = r n,
normalised relu, lambda = 1/10) against its floor measured in the same run:
the N·d standard normals of W, the feature product W [X, X_test]
(N×d·d×(n+m)), the Gram product F_trᵀ F_tr (n×N·N×n) and the one n×n ridge
solve — what any RF ridge fit and test evaluation at that size must do.  The
sampler adds σ on N×(n+m) entries and the two matrix–vector products of the
prediction.

Everything on one BLAS thread; each time is the minimum over ``--repeats``.
Run: ``PYTHONPATH=. python3 benchmarks/bench_ultrawide.py [--n 128] [--ratios 4 16 64]``.
"""

import argparse
import time

import numpy as np
import sympy as sp

from rmtsym import marchenko_pastur
from rmtsym.models.ultrawide import UltraWideKernel
from rmtsym.sampling.ensembles import _BlasThreads
from rmtsym.sampling.ultrawide import rf_ridge_test_errors, teacher_task, ultrawide_kernel
from _timing import best_of  # noqa: E402  (benchmarks/_timing.py)


def floor(n, r, rng):
    N, d = r * n, 2 * n
    W = rng.standard_normal((N, d))
    X = rng.standard_normal((d, n))
    H = W @ X
    K = H.T @ H
    np.linalg.eigvalsh(K)


def rf_floor(X, T, y, N, rng):
    W = rng.standard_normal((N, X.shape[0]))
    F = W @ np.concatenate([X, T], axis=1)
    Ftr = F[:, :X.shape[1]]
    np.linalg.solve(Ftr.T @ Ftr + 0.1 * np.eye(X.shape[1]), y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=128)
    ap.add_argument("--ratios", type=int, nargs="+", default=[4, 16, 64])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--orders", type=int, nargs="+", default=[8, 12])
    ap.add_argument("--rf", type=int, nargs="+", default=[40, 256, 160, 64, 320, 32],
                    help="pairs n r of the RF-regression rows")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    print(f"sampler, n = {a.n}, d = 2n, N = r n (one BLAS thread; min of {a.repeats})")
    print(f"{'r = N/n':>8} {'floor s':>9} {'CK s':>9} {'NTK s':>9} {'CK/floor':>9} {'NTK/floor':>10}")
    with _BlasThreads(1):
        for r in a.ratios:
            tf = best_of(lambda: floor(a.n, r, rng), a.repeats)
            tc = best_of(lambda: ultrawide_kernel(a.n, rng, "abs", float(r), 2.0, "ck",
                                                  linear_weight=0.6), a.repeats)
            tn = best_of(lambda: ultrawide_kernel(a.n, rng, "abs", float(r), 2.0, "ntk",
                                                  linear_weight=0.6), a.repeats)
            print(f"{r:>8} {tf:>9.4f} {tc:>9.4f} {tn:>9.4f} {tc / tf:>9.2f} {tn / tf:>10.2f}")

    print(f"\nRF ridge regression, one draw of rf_ridge_test_errors (m = 100, d = 2n, N = r n, "
          f"one BLAS thread; min of {a.repeats})")
    print(f"{'n':>5} {'r = N/n':>8} {'N':>6} {'floor s':>9} {'RF s':>9} {'RF/floor':>9}")
    with _BlasThreads(1):
        for n, r in zip(a.rf[::2], a.rf[1::2]):
            X, y, T, f = teacher_task(n, 2 * n, 100, np.random.default_rng(1))
            tf = best_of(lambda: rf_floor(X, T, y, r * n, rng), a.repeats)
            tr = best_of(lambda: rf_ridge_test_errors(X, y, T, f, r * n, 0.1, rng, draws=1), a.repeats)
            print(f"{n:>5} {r:>8} {r * n:>6} {tf:>9.4f} {tr:>9.4f} {tr / tf:>9.2f}")

    print("\nexact theory (sigma = 3/5 x + 4/5 normalised|x|, mu0 = MP(1/2))")

    def fresh():
        return UltraWideKernel.linear_mix("abs", sp.Rational(3, 5), marchenko_pastur(sp.Rational(1, 2)))
    base = fresh()
    t_build = best_of(fresh, 1)
    tA = best_of(lambda: fresh().measure("squares"), 1)
    tB = best_of(lambda: fresh().measure("subordination"), 1)
    tF = best_of(lambda: fresh().finite_ratio_measure(16), 1)
    print(f"{'model construction (normalisation check, b_sigma)':<52} {t_build:>8.3f} s")
    print(f"{'route A: free_mul(MP(1), rho, rho), unfold z -> z^2':<52} {tA:>8.3f} s")
    print(f"{'route B: subordination resultant (s = 0)':<52} {tB:>8.3f} s  (B/A {tB / tA:.2f})")
    print(f"{'finite-ratio law N/n = 16 (route B at s = 1/4)':<52} {tF:>8.3f} s")
    mu = base.measure()
    for k in a.orders:
        ts = best_of(lambda: fresh().measure().moments(k), 1)
        tc = best_of(lambda: base.moments(k, route="partitions"), 1)
        print(f"{'moments to order ' + str(k) + ': series (A) / NC sum (C)':<52} {ts:>8.3f} s "
              f"{tc:>8.3f} s  (C/A {tc / ts:.1f})")
    del mu


if __name__ == "__main__":
    main()
