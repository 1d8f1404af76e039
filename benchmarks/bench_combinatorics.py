"""Benchmark: the largest order each enumerator of rmtsym.combinatorics reaches
within a time budget (default 10 s), next to the time the series route takes
for the same order.

Run:  PYTHONPATH=. python3 benchmarks/bench_combinatorics.py [--budget 10]

"Order" is the moment order k (for Hanin--Nica the power k of ||Mu||^{2k} at
n = 3, d = 3; for Fisher the trace power d).  Every timing clears the
enumerators' caches first.  The order is increased until one call exceeds the
budget, or the next one is predicted to (from the growth of the last two).
"""

import argparse
import time

import sympy
from sympy import Rational as Q

import rmtsym.combinatorics as C
from rmtsym.free.convolution import free_add, free_mul
from rmtsym.laws.named import atoms, fuss_catalan, marchenko_pastur, semicircle


def clear():
    for f in (C._nc_type_counts, C._nc_kreweras_type_counts, C._pw17_table, C._planar_wick):
        f.cache_clear()


def timed(fn, *args):
    clear()
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def pw17_quartic(K, e, zt, ph, ps):
    """Series of the seed's quartic P(t) (002 §4.2) by fixed-point iteration."""
    t = sympy.Symbol("t")
    dom = sympy.Poly(e + zt + ph + ps + t, t).domain

    def P_(x):
        return sympy.Poly(x, t, domain=dom)

    def trunc(p):
        return sympy.Poly.from_dict({m: c for m, c in p.as_dict().items() if m[0] <= K} or {(0,): 0},
                                    t, domain=dom)

    one, tt = P_(1), P_(t)
    P = one
    for _ in range(K + 1):
        Qp = trunc((one + (P - one) * ph) * (one + (P - one) * ps))
        x = trunc(Qp * tt * zt)
        geo, pw = P_(0), one
        for _ in range(K + 1):
            geo, pw = geo + pw, trunc(pw * x)
        P = trunc(one + tt * Qp * (e - zt) + trunc(x * geo))
    return [ps ** (1 - k) * P.as_expr().coeff(t, k) for k in range(1, K + 1)]


c = sympy.Symbol("c", positive=True)
eta, zeta, phi, psi = sympy.symbols("eta zeta phi psi", positive=True)
MP_A, BERN = (Q(1, 3), 2), {0: Q(2, 3), 1: Q(1, 3)}

CASES = [
    ("NC moment-cumulant, MP(c) symbolic",
     lambda k: C.moments_from_free_cumulants([c ** (j - 1) for j in range(1, k + 1)]),
     lambda k: marchenko_pastur(c).moments(k)),
    ("Kreweras free product MP(1/3,2) x Bernoulli(1/3)",
     lambda k: C.free_product_moments(marchenko_pastur(*MP_A).moments(k), atoms(BERN).moments(k)),
     lambda k: free_mul(marchenko_pastur(*MP_A), atoms(BERN)).moments(k)),
    ("NC free sum semicircle(3/2) + MP(1/2,2/3)",
     lambda k: C.free_sum_moments(semicircle(Q(3, 2)).moments(k), marchenko_pastur(Q(1, 2), Q(2, 3)).moments(k)),
     lambda k: free_add(semicircle(Q(3, 2)), marchenko_pastur(Q(1, 2), Q(2, 3))).moments(k)),
    ("Fuss-Catalan L=2, 2-divisible NC partitions",
     lambda k: C.fuss_catalan_counts(2, k),
     lambda k: fuss_catalan(2).moments(k)),
    ("Fuss-Catalan L=2, ternary trees",
     lambda k: C.fuss_catalan_counts(2, k, method="trees"),
     lambda k: fuss_catalan(2).moments(k)),
    ("PW17 walk graphs, numeric (5/2,3/2,1/3,3/4)",
     lambda k: C.gram_moments_pw17(k, Q(5, 2), Q(3, 2), Q(1, 3), Q(3, 4)),
     lambda k: pw17_quartic(k, Q(5, 2), Q(3, 2), Q(1, 3), Q(3, 4))),
    ("PW17 walk graphs, symbolic eta,zeta,phi,psi",
     lambda k: C.gram_moments_pw17(k, eta, zeta, phi, psi),
     lambda k: pw17_quartic(k, eta, zeta, phi, psi)),
    ("Hanin-Nica n=3 d=3, layered path sums (order = k)",
     lambda k: C.hanin_nica_moment(3, 3, k),
     lambda k: C.hanin_nica_moment_direct(3, 3, k)),
    ("PW18 Fisher words b in {1,2}^d (order = d)",
     lambda k: C.fisher_linear_moments(k),
     lambda k: [sum(sympy.binomial(d, j) * sympy.catalan(j) * sympy.catalan(d - j) for j in range(d + 1))
                for d in range(k + 1)]),
]


def largest_order(fn, budget, start=1, cap=60):
    best, best_t, prev = None, None, None
    k = start
    while k <= cap:
        el = timed(fn, k)
        if el > budget:
            break
        best, best_t = k, el
        if prev is not None and prev > 0.02:
            ratio = max(el / prev, 1.5)
            if el * ratio > 1.5 * budget:
                break
        prev = el
        k += 1
    return best, best_t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=float, default=10.0)
    ap.add_argument("--series-cap", type=float, default=120.0,
                    help="skip the series timing if the series route is predicted slower")
    args = ap.parse_args()
    print(f"budget per call: {args.budget:g} s")
    print(f"{'enumerator':52s} {'order':>5s} {'enum s':>8s} {'series s':>9s}")
    for name, enum, series in CASES:
        k, te = largest_order(enum, args.budget)
        ts = timed(series, k) if k else float("nan")
        print(f"{name:52s} {k!s:>5s} {te:8.2f} {ts:9.3f}", flush=True)


if __name__ == "__main__":
    main()
