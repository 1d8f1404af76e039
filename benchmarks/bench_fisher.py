"""Benchmark: FisherSpectrum — a 30-digit density grid, and the H₀ sampler against its floor.

Density (tanh network, σ_w² = 3/2, ``--points`` points on the support, ``--dps`` digits):

- ``grid``: :meth:`FisherSpectrum.density_grid` (cached 48/96-node
  Gauss–Legendre pair in φ per point, tanh-sinh fallback near break points);
- ``loop``: :meth:`FisherSpectrum.density` called point by point (tanh-sinh
  with error estimate), the baseline, measured in the same run;
- the largest difference between the two (both claim ``dps`` digits).

Sampler (width k, n = 2k² parameters):

- ``floor``: one ``eigvalsh`` of a 2k² × 2k² symmetric matrix — the least
  work any sampler of H₀'s spectrum must do;
- ``assemble``: :func:`rmtsym.sampling.fisher.fisher_matrix` (bivariate
  Gaussian integrals over x for the k(k−1)/2 pairs of hidden units, then the
  O(k⁴) blocks);
- ``sampler``: :func:`rmtsym.sampling.fisher.fisher_network` (draws +
  assemble + eigvalsh), and sampler/floor.

Each time is the minimum over ``--repeats`` runs (the machine is shared).

Run: ``PYTHONPATH=. python3 benchmarks/bench_fisher.py [--points 1000] [--dps 30] [--widths 16 24]``.
"""

import argparse
import time

import mpmath
import numpy as np
import sympy

from rmtsym.models.fisher import FisherSpectrum
from rmtsym.sampling.fisher import fisher_matrix, fisher_network
from _timing import best_of_with_value as best_of  # noqa: E402  (benchmarks/_timing.py)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--dps", type=int, default=30)
    ap.add_argument("--widths", type=int, nargs="+", default=[16, 24])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)

    F = FisherSpectrum("tanh", sigma_w2=sympy.Rational(3, 2))
    (lo, hi), = [(float(a), float(b)) for a, b in F.support(20)]
    xs = np.linspace(lo, hi, args.points + 2)[1:-1]
    F.density_grid(xs[:2], dps=args.dps)                   # warm the node caches
    t_grid, g = best_of(lambda: F.density_grid(xs, dps=args.dps), 1)
    t_loop, p = best_of(lambda: [F.density(x, dps=args.dps) for x in xs], 1)
    with mpmath.workdps(args.dps + 5):
        diff = max(abs(a - b) for a, b in zip(g, p))
    print(f"density, tanh sigma_w2=3/2, {args.points} points, dps={args.dps}")
    print(f"{'method':<10} {'time [s]':>10} {'per point [ms]':>15} {'ratio':>8}")
    print(f"{'loop':<10} {t_loop:>10.2f} {1e3 * t_loop / len(xs):>15.1f} {1.0:>8.2f}")
    print(f"{'grid':<10} {t_grid:>10.2f} {1e3 * t_grid / len(xs):>15.1f} {t_grid / t_loop:>8.2f}")
    print(f"max |grid - loop| = {mpmath.nstr(diff, 3)}")
    print()
    print(f"{'k':>4} {'n=2k^2':>7} {'floor [s]':>10} {'assemble [s]':>13} {'sampler [s]':>12} {'sampler/floor':>14}")
    for k in args.widths:
        n = 2 * k * k
        rng = np.random.default_rng(0)
        A = rng.standard_normal((n, n))
        A = A + A.T
        t_floor, _ = best_of(lambda: np.linalg.eigvalsh(A), args.repeats)
        w1, w2 = rng.standard_normal((2, k, k)) / np.sqrt(k)
        fisher_matrix(w1, w2, "tanh")                      # warm the lambdify cache
        t_asm, _ = best_of(lambda: fisher_matrix(w1, w2, "tanh"), args.repeats)
        t_smp, _ = best_of(lambda: fisher_network(n, np.random.default_rng(1), "tanh", 1.5), args.repeats)
        print(f"{k:>4} {n:>7} {t_floor:>10.3f} {t_asm:>13.3f} {t_smp:>12.3f} {t_smp / t_floor:>14.2f}")


if __name__ == "__main__":
    main()
