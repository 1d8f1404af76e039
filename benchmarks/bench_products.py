"""Benchmark: Hanin–Nica products — the sampler against its floor, and the exact moments' cost against depth.

Part 1, sampler at (n, d) (default (256, 256)), all times per product, on one
BLAS thread, minimum over ``--repeats`` runs (the machine is shared):

- ``floor matvec``: d matrix–vector products n×n with the matrices already
  drawn (the least arithmetic of any sampler that forms M u);
- ``floor rng+matvec``: drawing the d n×n Gaussian matrices plus the d
  products (the least work of a sampler that draws real matrices);
- ``sampler``: :func:`rmtsym.sampling.products.matrix_product` (batch of
  ``--batch`` products: entries, masks, products, renormalisation, logs);
- ``relu network``: :func:`rmtsym.sampling.products.relu_jacobian_norm`
  (forward pass + Jacobian–vector product, two products per layer);
- ``chi-square shortcut``: the equal-in-law representation (not a real
  product, for reference);
- ratios against ``floor matvec`` and ``floor rng+matvec``.

Part 2, exact E||Mu||^{2k} (k = ``--k``) against depth d at width ``--width``:
``chi2`` (Gaussian entries), ``partitions`` (uniform entries, the
coincidence-pattern transfer; per-width tables are cached, so the cold call is
timed on a fresh width each time), and the explicit path tuples of
``hanin_nica_moment`` at n = 2 for d = 1, 2, 3 (exponential in d).

Run: ``PYTHONPATH=. python3 benchmarks/bench_products.py [--n 256] [--d 256]``.
"""

import argparse
import math
import time

import numpy as np

from rmtsym.models.products import MatrixProduct
from rmtsym.sampling.ensembles import _BlasThreads
from rmtsym.sampling.products import matrix_product, relu_jacobian_norm
from _timing import best_of  # noqa: E402  (benchmarks/_timing.py)


def part1(n, d, batch, repeats):
    rng = np.random.default_rng(0)
    mats = [rng.standard_normal((n, n)) for _ in range(d)]
    u = np.zeros(n)
    u[0] = 1.0

    def floor_matvec():
        v = u
        for W in mats:
            v = W @ v
        return v

    def floor_rng():
        v = u
        for _ in range(d):
            v = rng.standard_normal((n, n)) @ v
        return v

    def chi2():
        K = rng.binomial(n, 0.5, size=d)
        return np.sum(np.log(rng.chisquare(np.maximum(K, 1)) * 2.0 / n))

    t_mv = best_of(floor_matvec, repeats)
    t_rng = best_of(floor_rng, repeats)
    t_s = best_of(lambda: matrix_product(batch, rng, [n] * (d + 1)), repeats) / batch
    t_r = best_of(lambda: relu_jacobian_norm(batch, rng, [n] * (d + 1)), repeats) / batch
    t_c = best_of(chi2, repeats)
    print(f"\nPart 1: one product at (n, d) = ({n}, {d}), per product (batch {batch}), min of {repeats}")
    print(f"{'method':<22}{'seconds':>12}{'/ matvec floor':>16}{'/ rng+matvec':>14}")
    for name, t in (("floor matvec", t_mv), ("floor rng+matvec", t_rng), ("sampler", t_s),
                    ("relu network", t_r), ("chi-square shortcut", t_c)):
        print(f"{name:<22}{t:>12.3e}{t / t_mv:>16.2f}{t / t_rng:>14.2f}")


def part2(width, depths, k, repeats):
    print(f"\nPart 2: exact E||Mu||^(2k), k = {k}, width {width} (cold = first call for a new width)")
    print(f"{'d':>6}{'chi2 (s)':>12}{'partitions cold (s)':>22}{'partitions warm (s)':>22}")
    for j, d in enumerate(depths):
        w = width + j          # a fresh width: the per-width tables are not cached yet
        g = MatrixProduct.uniform(w, d)
        t_c = best_of(lambda: g.norm_moment(k, "chi2"), 1)
        m = MatrixProduct.uniform(w, d, entries="uniform")
        t0 = time.perf_counter()
        m.norm_moment(k)
        cold = time.perf_counter() - t0
        warm = best_of(lambda: m.norm_moment(k), repeats)
        print(f"{d:>6}{t_c:>12.4f}{cold:>22.4f}{warm:>22.4f}")
    print(f"\n{'d':>6}{'paths n=2, k=2 (s)':>22}{'chi2 same (s)':>16}")
    for d in (1, 2, 3):
        m = MatrixProduct.uniform(2, d)
        t_p = best_of(lambda: m.norm_moment(2, "paths"), 1)
        t_c = best_of(lambda: m.norm_moment(2, "chi2"), 1)
        print(f"{d:>6}{t_p:>22.4f}{t_c:>16.5f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=256)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depths", type=int, nargs="+", default=[16, 64, 256, 1024])
    ap.add_argument("--k", type=int, default=4)
    args = ap.parse_args(argv)
    with _BlasThreads(1):
        part1(args.n, args.d, args.batch, args.repeats)
        part2(args.width, args.depths, args.k, args.repeats)


if __name__ == "__main__":
    main()
