"""Benchmark: exact moments of MP(1/2) ⊠ MP(3/2) — rmtsym's public route vs python-flint's own reversion.

Run:  python3 benchmarks/bench_moments.py [--orders 1000 3000 10000] [--repeat 3]

Columns (min of R runs, all in this run, every result compared exactly):

* ``rmtsym``    — ``free_mul(marchenko_pastur(1/2), marchenko_pastur(3/2)).moments(n)``
  (Newton lift on P(g, u); cache reset before each run, the convolution built once);
* ``fmpz rev``  — python-flint ``fmpz_series.reversion`` of the same S-transform data:
  S(w) = 1/((1 + w/2)(1 + 3w/2)), chi(w) = S(w) w/(1+w), w = 2v makes chi integral:
  h(v) = v/((1+2v)(1+v)(1+3v)), psi(u) = 2 h^{<-1>}(u/2), m_k = 2^{1-k} [v^k] h^{<-1>};
* ``fmpq rev``  — ``fmpq_series.reversion`` of chi directly (only up to --fmpq-max, it is slow).

Ratio = rmtsym / baseline (issue 15 target: <= 1.5 against flint's reversion).
"""

import argparse
import time

import flint
from sympy import Rational as Q

from rmtsym import free_mul, marchenko_pastur


def best(fn, repeat):
    t, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return t, out


def flint_fmpz(n):
    old = flint.ctx.cap
    flint.ctx.cap = n + 1
    try:
        v = flint.fmpz_series([0, 1])
        c = (v / ((1 + 2 * v) * (1 + v) * (1 + 3 * v))).reversion().coeffs()
        c = c + [0] * (n + 1 - len(c))
        return [flint.fmpq(1)] + [flint.fmpq(int(c[k]), 2 ** (k - 1)) for k in range(1, n + 1)]
    finally:
        flint.ctx.cap = old


def flint_fmpq(n):
    old = flint.ctx.cap
    flint.ctx.cap = n + 1
    try:
        w = flint.fmpq_series([0, 1])
        chi = w / ((1 + w) * (1 + flint.fmpq(1, 2) * w) * (1 + flint.fmpq(3, 2) * w))
        c = chi.reversion().coeffs()
        return [flint.fmpq(1)] + [c[k] if k < len(c) else flint.fmpq(0) for k in range(1, n + 1)]
    finally:
        flint.ctx.cap = old


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fmpq-max", type=int, default=3000)
    args = ap.parse_args()
    mu = free_mul(marchenko_pastur(Q(1, 2)), marchenko_pastur(Q(3, 2)))
    head = list(mu._cache)
    print(f"{'n':>6s} {'rmtsym s':>10s} {'fmpz rev s':>11s} {'ratio':>6s} {'fmpq rev s':>11s} {'ratio':>6s}  exact")

    for n in args.orders:
        def ours():
            mu._cache = list(head)
            return mu._moments_raw(n + 1)
        t_r, a = best(ours, args.repeat)
        t_z, b = best(lambda: flint_fmpz(n), args.repeat)
        ok = list(a) == b
        if n <= args.fmpq_max:
            t_q, c = best(lambda: flint_fmpq(n), 1)
            ok = ok and list(c) == b
            q = f"{t_q:11.3f} {t_r / t_q:6.2f}"
        else:
            q = f"{'skipped':>11s} {'':6s}"
        print(f"{n:6d} {t_r:10.3f} {t_z:11.3f} {t_r / t_z:6.2f} {q}  {'ok' if ok else 'MISMATCH'}", flush=True)


if __name__ == "__main__":
    main()
