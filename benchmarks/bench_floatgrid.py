"""Benchmark: float64 density grids on the physical branch vs the cost of all roots at all points.

Run:  python3 benchmarks/bench_floatgrid.py [--points N] [--repeat R] [--before FILE]

For each law (1000-point grid over its support, 5% margin each side) it
prints, best of R runs, all measured in this run:

* ``all roots``  — the floor: every root of P(·, x) at every grid point in one
  batched companion-matrix ``numpy.linalg.eigvals`` call (no branch choice);
* ``floatgrid``  — :func:`rmtsym.numerics.density_grid_float` (the same roots,
  matched by continuity from a certified anchor, refused steps bridged or
  refined); *cold*: the curve's cache of high-precision real-axis points is
  cleared before each run, so every hand-over pays its continuation (the
  support and the anchors are computed before timing: setup, cached on the curve);
* ``grid 30``    — :func:`rmtsym.numerics.density_grid` at 30 digits with
  ``error=True`` (the float grid's roots, one Newton step and Krawczyk's
  certificate in python-flint balls per point; cold as above);
* ``30 digits``  — :func:`rmtsym.numerics.density` on the same grid (continuation in mpmath, once);
* ``handed over`` / ``bridged`` — points of the float walk refined in mpmath / by finer float steps;
* ``wrong``      — points where the largest-imaginary-part rule (what tools
  without branch tracking do) differs from the 30-digit value by > 1e-8.

Ratios (issue 15 targets): floatgrid / all roots (<= 5), grid 30 / floatgrid (<= 15),
30 digits / grid 30.

``--before FILE`` also times an older ``rmtsym/numerics/floatgrid.py`` (e.g.
``git show 97b36c1:rmtsym/numerics/floatgrid.py > /tmp/fg_before.py``), loaded
as a module of ``rmtsym.numerics``, interleaved with the current one in the
same process, and prints its floatgrid and grid-30 columns (``before``).
"""

import argparse
import importlib.util
import os
import sys

import mpmath
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import best_of_with_value  # noqa: E402

from rmtsym import numerics  # noqa: E402
from rmtsym.free.convolution import free_add, free_mul  # noqa: E402
from rmtsym.laws.named import fuss_catalan, marchenko_pastur  # noqa: E402
from rmtsym.numerics import floatgrid  # noqa: E402

LAWS = {
    "MP*MP": lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1)),
    "MP*MP*MP": lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1), marchenko_pastur(1)),
    "FC2+FC3": lambda: free_add(fuss_catalan(2), fuss_catalan(3)),
}


def load_before(path):
    """An older floatgrid.py as the module ``rmtsym.numerics._floatgrid_before``."""
    spec = importlib.util.spec_from_file_location("rmtsym.numerics._floatgrid_before", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def cold(cur, fn):
    """``fn`` after clearing the curve's cache of high-precision real-axis points."""
    def run():
        cur._real_cache.clear()
        return fn()
    return run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", default=None, help="an older rmtsym/numerics/floatgrid.py to compare")
    args = ap.parse_args()
    before = load_before(args.before) if args.before else None
    head = (f"{'law':9s} {'deg':>3s} {'roots s':>8s} {'fgrid s':>8s} {'ratio':>6s} {'grid30 s':>8s} "
            f"{'ratio':>6s}")
    if before:
        head += f" {'fgrid before':>12s} {'ratio':>6s} {'grid30 before':>13s} {'ratio':>6s}"
    head += f" {'30dig s':>8s} {'ratio':>6s} {'handed':>6s} {'bridged':>7s} {'wrong':>5s}"
    print(head)
    for name, make in LAWS.items():
        mu = make()
        sup = numerics.support(mu, dps=20)
        a, b = float(sup[0][0]), float(sup[-1][1])
        xs = np.linspace(a - (b - a) / 20, b + (b - a) / 20, args.points)
        cur = numerics._curve(mu)
        d = cur.d
        floatgrid.density_grid_float(mu, xs[:3])          # anchors (setup)
        numerics.density_grid(mu, list(xs[:3]), dps=30)
        t_roots, (roots, _) = best_of_with_value(
            lambda: floatgrid._all_roots(floatgrid._coefficients(cur.af, xs), d), args.repeat)
        t_fast, fast = best_of_with_value(cold(cur, lambda: floatgrid.density_grid_float(mu, xs)),
                                          args.repeat)
        stats = floatgrid.last_grid_stats()
        t_g30, (grid30, err30) = best_of_with_value(
            cold(cur, lambda: floatgrid.density_grid(mu, list(xs), dps=30, error=True)), args.repeat)
        row_before = ""
        if before:
            t_fb, fast_b = best_of_with_value(cold(cur, lambda: before.density_grid_float(mu, xs)),
                                              args.repeat)
            t_gb, grid_b = best_of_with_value(
                cold(cur, lambda: before.density_grid(mu, list(xs), dps=30, error=True)), args.repeat)
            assert np.max(np.abs(fast_b - fast)) < 1e-11 * max(1, fast.max())
            assert max(abs(u - v) for u, v in zip(grid_b[0], grid30)) <= mpmath.mpf(10) ** -28
            row_before = f" {t_fb:12.4f} {t_fb / t_roots:6.2f} {t_gb:13.3f} {t_gb / t_fb:6.1f}"
        cur._real_cache.clear()                            # no reuse of earlier points
        t_mp, ref = best_of_with_value(
            lambda: numerics.density(mu, [mpmath.mpf(float(x)) for x in xs], dps=30), 1)
        assert all(abs(u - v) <= e + mpmath.mpf(10) ** -29 for u, v, e in zip(grid30, ref, err30))
        ref = np.array([float(v) for v in ref])
        largest = np.max(roots.imag, axis=1).clip(0) / np.pi
        wrong = int(np.sum(np.abs(largest - ref) > 1e-8 * np.maximum(1, ref)))
        assert np.max(np.abs(fast - ref)) < 1e-9 * max(1, ref.max()), "floatgrid disagrees"
        print(f"{name:9s} {d:3d} {t_roots:8.4f} {t_fast:8.4f} {t_fast / t_roots:6.2f} {t_g30:8.3f} "
              f"{t_g30 / t_fast:6.1f}{row_before} {t_mp:8.2f} {t_mp / t_g30:6.1f} "
              f"{stats['handed_over']:6d} {stats['bridged']:7d} {wrong:5d}", flush=True)


if __name__ == "__main__":
    main()
