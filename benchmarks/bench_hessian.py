"""Benchmark: PB17 Hessian — density grid vs pointwise, index routes, sampler vs its floor.

Three tables, every baseline measured in the same run and process:

1. ``density``: :meth:`HessianSpectrum.density` on a grid of ``--points``
   points at ``--dps`` digits (one call: branch continuation along the grid)
   against the same points one call each (the pointwise loop).  The ratio is
   loop/grid; the largest difference between the two is printed too.
2. ``index``: the antiderivative formula (one cubic root at z = 0) against
   Gauss–Legendre quadrature of the density (both at 25 digits).
3. ``sampler``: one :func:`rmtsym.sampling.hessian.hessian_pb17` draw of width
   n (2n² × 2n²) against its floor — the Gram product J Jᵀ of the N × nm
   Jacobian plus one ``numpy.linalg.eigvalsh`` of N × N, the least any
   sampler of H0 + H1 must do; ratio sampler/floor.  One BLAS thread.

Each time is the minimum over ``--repeats`` runs (the machine is shared).

Run: ``PYTHONPATH=. python3 benchmarks/bench_hessian.py [--points 1000] [--dps 30] [--n 16 24]``.
"""

import argparse
import time

import mpmath
import numpy as np
import sympy as sp

from rmtsym.models.hessian import HessianSpectrum
from rmtsym.sampling.ensembles import _BlasThreads
from rmtsym.sampling.hessian import hessian_pb17
from _timing import best_of_with_value as best_of  # noqa: E402  (benchmarks/_timing.py)

R = sp.Rational


def density_table(args):
    h = HessianSpectrum(R(1), R(1, 2), R(3, 2))        # spectrum crossing 0
    (a, b), = h.support(dps=args.dps)
    with mpmath.workdps(args.dps + 5):
        xs = [a + (b - a) * (k + mpmath.mpf(1) / 2) / args.points for k in range(args.points)]
    h.density(xs[:5], dps=args.dps)                    # warm the curve cache (not timed)
    t_grid, grid = best_of(lambda: h.density(xs, dps=args.dps), args.repeats)
    t0 = time.perf_counter()
    loop = [h.density(x, dps=args.dps) for x in xs]
    t_loop = time.perf_counter() - t0
    with mpmath.workdps(args.dps + 5):
        diff = max(abs(u - v) for u, v in zip(grid, loop))
    print(f"density of {h!r} on {args.points} points at {args.dps} digits")
    print(f"{'grid s':>9} {'loop s':>9} {'loop/grid':>10} {'max |grid - loop|':>18}")
    print(f"{t_grid:9.2f} {t_loop:9.2f} {t_loop / t_grid:10.1f} {mpmath.nstr(diff, 3):>18}")


def index_table(args):
    print("\nindex alpha(eps, phi) at 25 digits")
    print(f"{'(eps, phi, varsigma)':>22} {'antiderivative s':>17} {'quadrature s':>13} {'ratio':>7} "
          f"{'|difference|':>13}")
    for e, p, s in ((R(1, 10), R(1, 2), 1), (R(1), R(1, 2), R(3, 2)), (R(2), R(1, 4), R(3, 2))):
        h = HessianSpectrum(e, p, s)
        h.support(dps=15)
        ta, va = best_of(lambda: h.index(dps=25), args.repeats)
        tq, vq = best_of(lambda: h.index(dps=25, method="quadrature"), 1)
        with mpmath.workdps(30):
            d = abs(va - vq)
        print(f"{str((e, p, s)):>22} {ta:17.3f} {tq:13.2f} {tq / ta:7.0f} {mpmath.nstr(d, 3):>13}")


def sampler_table(args):
    print("\nsampler (one draw, eps = 3/10, phi = 2/5, varsigma = 3/2) vs floor (J J^T + eigvalsh)")
    print(f"{'n':>4} {'N = 2n^2':>9} {'eigvalsh ms':>12} {'floor ms':>9} {'sampler ms':>11} "
          f"{'sampler/floor':>14}")
    for n in args.n:
        N = 2 * n * n
        m = int(round(2 * n / 0.4))
        rng = np.random.default_rng(0)
        J = rng.standard_normal((N, n * m))
        S = (J @ J.T) / (n * m)
        t_eig, _ = best_of(lambda: np.linalg.eigvalsh(S), args.repeats)
        t_floor, _ = best_of(lambda: np.linalg.eigvalsh((J @ J.T) / (n * m)), args.repeats)
        t_s, _ = best_of(lambda: hessian_pb17(n, np.random.default_rng(1), 0.3, 0.4, 1.5),
                         args.repeats)
        print(f"{n:4d} {N:9d} {t_eig * 1e3:12.1f} {t_floor * 1e3:9.1f} {t_s * 1e3:11.1f} "
              f"{t_s / t_floor:14.2f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--dps", type=int, default=30)
    ap.add_argument("--n", type=int, nargs="+", default=[16, 24])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip", nargs="*", default=[], choices=["density", "index", "sampler"])
    args = ap.parse_args(argv)
    with _BlasThreads(1):
        if "density" not in args.skip:
            density_table(args)
        if "index" not in args.skip:
            index_table(args)
        if "sampler" not in args.skip:
            sampler_table(args)


if __name__ == "__main__":
    main()
