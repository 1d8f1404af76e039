"""Benchmark: 1000-point density grid at 30 digits vs a loop of single points.

Run:  PYTHONPATH=. python3 benchmarks/bench_numerics.py [--points N] [--loop-points K]
      PYTHONPATH=. python3 benchmarks/bench_numerics.py --baseline DIR [--rounds R]

The three degree >= 4 laws of issue 3.  The grid continues the physical
root along the real axis from point to point; the loop solves every point
from scratch (continuation from x + iR down to x).  The loop time is
measured on K points and scaled to N so that the ratio shows.

``--baseline DIR`` (another checkout of rmtsym, e.g. ``git archive`` of an
older commit) compares before/after in the same machine state: this script
runs R rounds, each a fresh interpreter on DIR and one on this tree,
alternating, and prints the best time of each column for both and their
ratio (this tree / baseline; < 1 is faster).  Alternation and the best of R
make the comparison robust to the load of a shared machine.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

import mpmath

HERE = pathlib.Path(__file__).resolve().parents[1]

#: the laws, built after rmtsym is imported (from the tree under test)
LAWS = {
    "MP*MP*MP": lambda L: L.free_mul(L.marchenko_pastur(1), L.marchenko_pastur(1), L.marchenko_pastur(1)),
    "(MP*MP)+SC": lambda L: L.free_add(L.free_mul(L.marchenko_pastur(1), L.marchenko_pastur(1)),
                                       L.semicircle(1)),
    "FC2+FC3": lambda L: L.free_add(L.fuss_catalan(2), L.fuss_catalan(3)),
}
COLUMNS = ("setup", "grid", "loop")


def _laws():
    import types

    from rmtsym.free.convolution import free_add, free_mul
    from rmtsym.laws.named import fuss_catalan, marchenko_pastur, semicircle
    return types.SimpleNamespace(free_add=free_add, free_mul=free_mul, fuss_catalan=fuss_catalan,
                                 marchenko_pastur=marchenko_pastur, semicircle=semicircle)


def measure(points, loop_points, dps):
    """{law: {"deg", "setup", "grid", "loop"}} (seconds; loop scaled to ``points``)."""
    from rmtsym import numerics
    laws = _laws()
    out = {}
    for name, make in LAWS.items():
        mu = make(laws)
        t0 = time.perf_counter()
        sup = numerics.support(mu, dps=dps)          # critical points, classes, anchors
        setup = time.perf_counter() - t0
        a, b = sup[0][0], sup[-1][1]
        with mpmath.workdps(dps + 10):
            xs = [a - (b - a) / 20 + (b - a) * 1.1 * mpmath.mpf(k) / (points - 1)
                  for k in range(points)]
        numerics._curve(mu)._real_cache.clear()            # no reuse of earlier points
        t0 = time.perf_counter()
        numerics.density(mu, xs, dps=dps)
        grid = time.perf_counter() - t0
        step = max(1, points // loop_points)
        sub = xs[::step]
        t0 = time.perf_counter()
        for x in sub:
            numerics.density(mu, x, dps=dps)
        loop = (time.perf_counter() - t0) * points / len(sub)
        deg = mu.stieltjes_polynomial().degree(0)
        out[name] = {"deg": deg, "setup": setup, "grid": grid, "loop": loop}
    return out


def _run_on(tree, args):
    """One fresh interpreter measuring with rmtsym imported from ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, str(pathlib.Path(__file__).resolve()), "--json",
           "--points", str(args.points), "--loop-points", str(args.loop_points), "--dps", str(args.dps)]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=str(tree))
    return json.loads(res.stdout.strip().splitlines()[-1])


def compare(args):
    trees = {"baseline": pathlib.Path(args.baseline).resolve(), "this tree": HERE}
    best = {k: {} for k in trees}
    for r in range(args.rounds):
        for label, tree in (trees.items() if r % 2 == 0 else reversed(list(trees.items()))):
            for law, row in _run_on(tree, args).items():
                b = best[label].setdefault(law, dict(row))
                for c in COLUMNS:
                    b[c] = min(b[c], row[c])
    print(f"best of {args.rounds} alternating rounds; points={args.points}, loop points={args.loop_points}, "
          f"dps={args.dps}")
    print(f"{'law':12s} {'column':>7s} {'baseline s':>11s} {'this tree s':>12s} {'ratio':>6s}")
    for law in LAWS:
        for c in COLUMNS:
            old, new = best["baseline"][law][c], best["this tree"][law][c]
            print(f"{law:12s} {c:>7s} {old:11.3f} {new:12.3f} {new / old:6.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--loop-points", type=int, default=100)
    ap.add_argument("--dps", type=int, default=30)
    ap.add_argument("--baseline", help="another rmtsym checkout to compare with (before/after)")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.baseline:
        compare(args)
        return
    res = measure(args.points, args.loop_points, args.dps)
    if args.json:
        print(json.dumps(res))
        return
    print(f"{'law':12s} {'deg':>4s} {'setup s':>8s} {'grid s':>8s} {'loop s (scaled)':>16s} {'ratio':>6s}")
    for name, r in res.items():
        print(f"{name:12s} {r['deg']:4d} {r['setup']:8.2f} {r['grid']:8.2f} {r['loop']:16.2f} "
              f"{r['loop'] / r['grid']:6.1f}", flush=True)


if __name__ == "__main__":
    main()
