"""Benchmark: one sampled Jacobian spectrum against the dense-linear-algebra floor.

For width n and depth L the floor, measured in the same run and process, is
L dense n×n float64 products (``numpy.matmul``) plus one
``numpy.linalg.eigvalsh`` of an n×n symmetric matrix: the least work any
sampler that forms J Jᵀ and diagonalises it must do.  Reported for each L:

- ``eigvalsh``: one eigvalsh alone;
- ``floor``: L products + eigvalsh;
- ``sampler``: :func:`rmtsym.models.jacobian.JacobianSpectrum.sample` for one
  network (relu, Gaussian weights, biases), all its work included (random
  matrices, forward pass, chain rule, Gram matrix, eigvalsh);
- ``naive``: the textbook loop (dense diag(φ'), W = X·σ_w/√n as separate
  products, J Jᵀ by a general product, eigvalsh), for reference;
- the ratios sampler/floor and naive/eigvalsh.

Everything runs on one BLAS thread (the sampler's setting).  Each time is the minimum over ``--repeats`` runs (the machine is shared).
With ``--jobs J`` it also reports the throughput of ``samples`` spectra over
J processes against J × (serial time of one spectrum).

Run: ``PYTHONPATH=. python3 benchmarks/bench_jacobian.py [--n 1000] [--depths 2 8]``.
"""

import argparse
import time

import numpy as np

from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.sampling.ensembles import _BlasThreads
from _timing import best_of  # noqa: E402  (benchmarks/_timing.py)


def naive_sample(n, depth, sigma_w2, sigma_b2, rng):
    x = rng.standard_normal(n)
    J = np.eye(n)
    for _ in range(depth):
        W = rng.standard_normal((n, n)) * np.sqrt(sigma_w2 / n)
        b = rng.standard_normal(n) * np.sqrt(sigma_b2)
        h = W @ x + b
        D = np.diag((h > 0).astype(float))
        J = D @ W @ J
        x = np.maximum(h, 0)
    return np.linalg.eigvalsh(J @ J.T.copy())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--depths", type=int, nargs="+", default=[2, 8])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=0, help="also time a --jobs process pool")
    ap.add_argument("--samples", type=int, default=8, help="spectra for the --jobs run")
    args = ap.parse_args(argv)
    with _BlasThreads(1):       # the sampler runs on one BLAS thread; so does the floor
        run(args)


def run(args):
    n = args.n
    rng = np.random.default_rng(0)
    A = rng.standard_normal((n, n))
    B = rng.standard_normal((n, n))
    C = np.empty((n, n))
    S = A @ A.T
    t_eig = best_of(lambda: np.linalg.eigvalsh(S), args.repeats)
    t_mul = best_of(lambda: np.matmul(A, B, out=C), args.repeats)
    print(f"n = {n}; one matmul {t_mul * 1e3:.1f} ms, one eigvalsh {t_eig * 1e3:.1f} ms "
          f"(best of {args.repeats})")
    print(f"{'L':>3} {'eigvalsh ms':>12} {'floor ms':>9} {'sampler ms':>11} {'naive ms':>9} "
          f"{'sampler/floor':>14} {'naive/eigvalsh':>15} {'sampler/eigvalsh':>17}")
    for L in args.depths:
        def floor():
            for _ in range(L):
                np.matmul(A, B, out=C)
            np.linalg.eigvalsh(S)
        spec = JacobianSpectrum("relu", depth=L, sigma_w2=2, sigma_b2="1/10")
        counter = iter(range(10**6))
        t_floor = best_of(floor, args.repeats)
        t_samp = best_of(lambda: spec.sample(n, 1, seed=next(counter)), args.repeats)
        t_naive = best_of(lambda: naive_sample(n, L, 2.0, 0.1, rng), args.repeats)
        print(f"{L:>3} {t_eig * 1e3:>12.1f} {t_floor * 1e3:>9.1f} {t_samp * 1e3:>11.1f} "
              f"{t_naive * 1e3:>9.1f} {t_samp / t_floor:>14.2f} {t_naive / t_eig:>15.2f} "
              f"{t_samp / t_eig:>17.2f}")
        if args.jobs > 1:
            t = time.perf_counter()
            spec.sample(n, args.samples, seed=1, jobs=args.jobs)
            t_par = time.perf_counter() - t
            t = time.perf_counter()
            spec.sample(n, args.samples, seed=1, jobs=1)
            t_ser = time.perf_counter() - t
            print(f"    {args.samples} spectra: serial {t_ser:.2f} s, {args.jobs} processes "
                  f"{t_par:.2f} s (speed-up {t_ser / t_par:.2f})")


if __name__ == "__main__":
    main()
