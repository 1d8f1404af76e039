"""Benchmark: GramSpectrum (PW17 nonlinear Gram matrix) — exact moments, density grids, sampler.

Three tables, each with a baseline measured in the same run:

1. ``moments(200)`` exact (python-flint series over Q) for rational constants,
   against Marchenko–Pastur's ``moments(200)`` (a quadratic, the cheapest
   algebraic law), and ReLU's exact moments with π (symbolic constant) to a
   smaller order against the enumeration ``gram_moments_pw17`` (outer-planar
   graphs) at the same order.
2. a 1000-point density grid at 30 digits (``density(xs, dps=30)``, branch
   continuation along the grid) against the pointwise loop
   ``[density(x, dps=30) for x in xs]`` on the same points (timed on a subset
   and scaled when ``--loop-points`` < 1000).
3. one sampled spectrum (``SAMPLERS["gram"]`` through ``sample_spectra``)
   against its floor: W @ X, f entrywise, Y @ Yᵀ/m and one ``eigvalsh``
   with the same shapes (one BLAS thread, the sampler's setting).

Run: ``PYTHONPATH=. python3 benchmarks/bench_gram.py [--n1 800] [--repeats 3]``.
"""

import argparse
import time

import numpy as np
import sympy as sp

from rmtsym.combinatorics.gram_pw17 import gram_moments_pw17
from rmtsym.laws.named import marchenko_pastur
from rmtsym.models.gram import GramSpectrum
from rmtsym.sampling.ensembles import _BlasThreads, sample_spectra
from _timing import best_of  # noqa: E402  (benchmarks/_timing.py)

R = sp.Rational


def row(name, t, base, base_name):
    print(f"| {name:<46} | {t:10.4f} | {base_name:<34} | {base:10.4f} | {t / base:8.2f} |")


def header(title):
    print(f"\n{title}\n")
    print(f"| {'case':<46} | {'time [s]':>10} | {'baseline':<34} | {'base [s]':>10} | {'ratio':>8} |")
    print(f"|{'-' * 48}|{'-' * 12}|{'-' * 36}|{'-' * 12}|{'-' * 10}|")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n1", type=int, default=800)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--loop-points", type=int, default=100)
    args = ap.parse_args(argv)

    header("1. exact moments")
    t = best_of(lambda: GramSpectrum.from_constants(R(7, 3), R(1, 2), R(1, 3), R(5, 4)).moments(200), args.repeats)
    b = best_of(lambda: marchenko_pastur(R(1, 3), R(7, 3)).moments(200), args.repeats)
    row("Gram moments(200), eta=7/3 zeta=1/2 phi=1/3 psi=5/4", t, b, "MP(1/3, 7/3).moments(200)")
    k = 7
    relu = lambda: GramSpectrum("relu", R(1, 2), R(3, 2), sigma_w2=2, sigma_x2=R(3, 4), center=True)  # noqa: E731
    t = best_of(lambda: relu().moments(k), 1)
    e, z = relu().constants()
    b = best_of(lambda: gram_moments_pw17(k, e, z, R(1, 2), R(3, 2)), 1)
    row(f"Gram relu moments({k}) exact with pi", t, b, f"gram_moments_pw17({k}) enumeration")

    header("2. density on a 1000-point grid, 30 digits")
    g = GramSpectrum("relu", R(1, 2), R(3, 2), sigma_w2=2, sigma_x2=R(3, 4), center=True)
    (a, bb), = [(float(u), float(v)) for u, v in g.support(dps=30)]
    xs = list(np.linspace(a, bb, 1002)[1:-1])
    mu = g.measure()
    t = best_of(lambda: mu.density(xs, dps=30), 1)
    sub = xs[:: max(1, len(xs) // args.loop_points)]
    tl = best_of(lambda: [mu.density(x, dps=30) for x in sub], 1) * len(xs) / len(sub)
    row("grid density(xs, dps=30), 1000 points", t, tl, f"pointwise loop ({len(sub)} pts, scaled)")
    tanh = GramSpectrum("tanh", R(1, 2), R(1, 2), sigma_w2=2, sigma_x2=R(3, 4))
    (a2, b2), = [(float(u), float(v)) for u, v in tanh.support(dps=30)]
    xs2 = list(np.linspace(a2, b2, 1002)[1:-1])
    mu2 = tanh.measure(30)
    t = best_of(lambda: mu2.density(xs2, dps=30), 1)
    sub2 = xs2[:: max(1, len(xs2) // args.loop_points)]
    tl = best_of(lambda: [mu2.density(x, dps=30) for x in sub2], 1) * len(xs2) / len(sub2)
    row("tanh grid density(xs, dps=30), 1000 points", t, tl, f"pointwise loop ({len(sub2)} pts, scaled)")

    header(f"3. one sampled spectrum, n1 = {args.n1} (relu, phi = 1/2, psi = 3/2)")
    params = relu().sample_params()
    n1 = args.n1
    n0 = int(round(params["psi"] * n1))
    m = int(round(n0 / params["phi"]))
    rng = np.random.default_rng(0)
    W = rng.standard_normal((n1, n0))
    X = rng.standard_normal((n0, m))
    with _BlasThreads(1):
        def floor():
            Y = np.maximum(W @ X, 0.0)
            np.linalg.eigvalsh(Y @ Y.T / m)
        tf = best_of(floor, args.repeats)
        Y0 = np.maximum(W @ X, 0.0)
        S = Y0 @ Y0.T / m
        te = best_of(lambda: np.linalg.eigvalsh(S), args.repeats)
    ts = best_of(lambda: sample_spectra("gram", n1, 1, 7, params), args.repeats)
    row("sampler (draws + f(WX) + YY^T/m + eigvalsh)", ts, tf, "floor: products + f + eigvalsh")
    row("eigvalsh alone", te, tf, "floor")


if __name__ == "__main__":
    main()
