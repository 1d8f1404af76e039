"""Benchmark: float64 density grids on the physical branch vs the cost of all roots at all points.

Run:  python3 benchmarks/bench_floatgrid.py [--points N] [--repeat R]

For each law (1000-point grid over its support, 5% margin each side) it
prints, min of R runs, all measured in this run:

* ``all roots``  — the floor: every root of P(·, x) at every grid point in one
  batched companion-matrix ``numpy.linalg.eigvals`` call (no branch choice);
* ``floatgrid``  — :func:`rmtsym.numerics.density_grid_float` (the same roots,
  matched by continuity from a certified anchor, ambiguous points refined);
  the support is computed before timing (setup, cached on the curve);
* ``30 digits``  — :func:`rmtsym.numerics.density` on the same grid (continuation in mpmath);
* ``grid 30``    — :func:`rmtsym.numerics.density_grid` at 30 digits (the float grid's roots
  polished by Newton in python-flint balls; issue 15 target <= 15x floatgrid);
* ``wrong``      — points where the largest-imaginary-part rule (what tools
  without branch tracking do) differs from the 30-digit value by > 1e-8.

Ratios: floatgrid / all roots (target <= 5), grid 30 / floatgrid (target <= 15),
30 digits (continuation) / grid 30.
"""

import argparse
import time

import mpmath
import numpy as np

from rmtsym import numerics
from rmtsym.free.convolution import free_add, free_mul
from rmtsym.laws.named import fuss_catalan, marchenko_pastur
from rmtsym.numerics import floatgrid

LAWS = {
    "MP*MP": lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1)),
    "MP*MP*MP": lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1), marchenko_pastur(1)),
    "FC2+FC3": lambda: free_add(fuss_catalan(2), fuss_catalan(3)),
}


def best(fn, repeat):
    t = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        t.append(time.perf_counter() - t0)
    return min(t), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"{'law':10s} {'deg':>3s} {'all roots s':>11s} {'floatgrid s':>11s} {'ratio':>6s} "
          f"{'grid 30 s':>9s} {'ratio':>6s} {'30 digits s':>11s} {'ratio':>6s} {'handed over':>11s} "
          f"{'wrong (max-Im rule)':>19s}")
    for name, make in LAWS.items():
        mu = make()
        sup = numerics.support(mu, dps=20)
        a, b = float(sup[0][0]), float(sup[-1][1])
        xs = np.linspace(a - (b - a) / 20, b + (b - a) / 20, args.points)
        cur = numerics._curve(mu)
        d = cur.d
        floatgrid.density_grid_float(mu, xs[:3])          # anchors (setup)
        t_roots, (roots, _) = best(lambda: floatgrid._all_roots(floatgrid._coefficients(cur.af, xs), d),
                                   args.repeat)
        t_fast, fast = best(lambda: floatgrid.density_grid_float(mu, xs), args.repeat)
        handed = floatgrid.last_grid_stats()["handed_over"]
        t0 = time.perf_counter()
        grid30 = numerics.density_grid(mu, list(xs), dps=30)
        t_g30 = time.perf_counter() - t0
        numerics._curve(mu)._real_cache.clear()            # no reuse of earlier points
        t0 = time.perf_counter()
        ref = numerics.density(mu, [mpmath.mpf(float(x)) for x in xs], dps=30)
        t_mp = time.perf_counter() - t0
        assert max(abs(a - b) for a, b in zip(grid30, ref)) <= mpmath.mpf(10) ** -28
        ref = np.array([float(v) for v in ref])
        largest = np.max(roots.imag, axis=1).clip(0) / np.pi
        wrong = int(np.sum(np.abs(largest - ref) > 1e-8 * np.maximum(1, ref)))
        assert np.max(np.abs(fast - ref)) < 1e-9 * max(1, ref.max()), "floatgrid disagrees"
        print(f"{name:10s} {d:3d} {t_roots:11.4f} {t_fast:11.4f} {t_fast / t_roots:6.2f} "
              f"{t_g30:9.3f} {t_g30 / t_fast:6.1f} {t_mp:11.2f} {t_mp / t_g30:6.1f} {handed:11d} "
              f"{wrong:19d}", flush=True)


if __name__ == "__main__":
    main()
