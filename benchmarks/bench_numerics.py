"""Benchmark: 1000-point density grid at 30 digits vs a loop of single points.

Run:  PYTHONPATH=. python3 benchmarks/bench_numerics.py [--points N] [--loop-points K]

The three degree >= 4 laws of issue 3.  The grid continues the physical
root along the real axis from point to point; the loop solves every point
from scratch (continuation from x + iR down to x).  The loop time is
measured on K points and scaled to N so that the ratio shows.
"""

import argparse
import time

import mpmath

from rmtsym import numerics
from rmtsym.free.convolution import free_add, free_mul
from rmtsym.laws.named import fuss_catalan, marchenko_pastur, semicircle

LAWS = {
    "MP*MP*MP": lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1), marchenko_pastur(1)),
    "(MP*MP)+SC": lambda: free_add(free_mul(marchenko_pastur(1), marchenko_pastur(1)), semicircle(1)),
    "FC2+FC3": lambda: free_add(fuss_catalan(2), fuss_catalan(3)),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--loop-points", type=int, default=100)
    ap.add_argument("--dps", type=int, default=30)
    args = ap.parse_args()
    print(f"{'law':12s} {'deg':>4s} {'setup s':>8s} {'grid s':>8s} {'loop s (scaled)':>16s} {'ratio':>6s}")
    for name, make in LAWS.items():
        mu = make()
        t0 = time.perf_counter()
        sup = numerics.support(mu, dps=args.dps)          # critical points, classes, anchors
        setup = time.perf_counter() - t0
        a, b = sup[0][0], sup[-1][1]
        with mpmath.workdps(args.dps + 10):
            xs = [a - (b - a) / 20 + (b - a) * 1.1 * mpmath.mpf(k) / (args.points - 1)
                  for k in range(args.points)]
        numerics._curve(mu)._real_cache.clear()            # no reuse of earlier points
        t0 = time.perf_counter()
        numerics.density(mu, xs, dps=args.dps)
        grid = time.perf_counter() - t0
        step = max(1, args.points // args.loop_points)
        sub = xs[::step]
        t0 = time.perf_counter()
        for x in sub:
            numerics.density(mu, x, dps=args.dps)
        loop = (time.perf_counter() - t0) * args.points / len(sub)
        deg = mu.stieltjes_polynomial().degree(0)
        print(f"{name:12s} {deg:4d} {setup:8.2f} {grid:8.2f} {loop:16.2f} {loop / grid:6.1f}", flush=True)


if __name__ == "__main__":
    main()
