"""Benchmark: exact moments of MP(1/2) ⊠ MP(3/2) — rmtsym's public route vs python-flint's own reversion.

Run:  python3 benchmarks/bench_moments.py [--orders 1000 3000 10000] [--repeat 5]
      [--flint-timeout 600] [--old-max 3000] [--fmpq-max 3000]

Columns (min of R runs, all in this run, the routes interleaved run by run, every result
compared exactly; wall = ``time.perf_counter``, cpu = ``time.process_time`` of the process
that ran it — on a shared machine the cpu column is the robust one):

* ``rmtsym``    — ``free_mul(marchenko_pastur(1/2), marchenko_pastur(3/2))._moments_raw(n + 1)``
  (the cache behind ``.moments(n)``: integral Newton lift on P(g, u) in ``fmpz_poly``;
  cache reset to the 12 branch terms before each run, the convolution built once);
* ``old``       — the previous implementation (list-based Newton, every product through
  ``fmpq_series`` and back to a list), still the code path of ``newton_lift`` for rings that
  are not the flint ring: run with the flint ring hidden behind a delegating wrapper;
  only up to --old-max;
* ``fmpz rev``  — python-flint ``fmpz_series.reversion`` of the same S-transform data:
  S(w) = 1/((1 + w/2)(1 + 3w/2)), chi(w) = S(w) w/(1+w), w = 2v makes chi integral:
  h(v) = v/((1+2v)(1+v)(1+3v)), psi(u) = 2 h^{<-1>}(u/2), m_k = 2^{1-k} [v^k] h^{<-1>}
  (including the conversion to the list of ``fmpq``, as rmtsym's column does).
  Beyond --flint-direct-max it runs once in a child process, killed after --flint-timeout
  seconds (then reported as "> T"); its moments are compared through residues of the
  numerators mod three primes;
* ``fmpq rev``  — ``fmpq_series.reversion`` of chi directly (one run, only up to --fmpq-max).

Ratio = rmtsym / baseline (issue 15 target: <= 1.5 against flint's reversion).
"""

import argparse
import hashlib
import multiprocessing as mp
import os
import sys
import time

import flint
from sympy import Rational as Q

from rmtsym import free_mul, marchenko_pastur
from rmtsym.core import series as S

PRIMES = (2**61 - 1, 2**31 - 1, 1000000007)


def timed(fn):
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def interleaved(fns, repeat):
    """min wall, min cpu and the last value of each fn, the fns run in turn ``repeat`` times."""
    best = [[float("inf"), float("inf"), None] for _ in fns]
    for _ in range(repeat):
        for b, fn in zip(best, fns):
            w, c, out = timed(fn)
            b[0], b[1], b[2] = min(b[0], w), min(b[1], c), out
    return best


def flint_fmpz(n):
    old = flint.ctx.cap
    flint.ctx.cap = n + 1
    try:
        v = flint.fmpz_series([0, 1])
        c = (v / ((1 + 2 * v) * (1 + v) * (1 + 3 * v))).reversion().coeffs()
        c = c + [0] * (n + 1 - len(c))
        out, pk = [flint.fmpq(1)], flint.fmpz(1)
        for k in range(1, n + 1):
            out.append(flint.fmpq(c[k], pk))
            pk *= 2
        return out
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


def residue_hash(moments):
    """sha256 of the integers c_k = m_k 2^(k-1) (c_0 = 0) mod three primes."""
    nums = [0] + [int(m.p) * 2 ** (k - 1) // int(m.q) for k, m in enumerate(moments) if k]
    return hashlib.sha256(repr([[x % p for x in nums] for p in PRIMES]).encode()).hexdigest()


def _flint_child(n, conn):
    w, c, out = timed(lambda: flint_fmpz(n))
    conn.send((w, c, residue_hash(out)))


def flint_in_child(n, timeout):
    """(wall, cpu, hash) of flint_fmpz(n) in a child process, or None after ``timeout`` s."""
    ctx = mp.get_context("fork")
    a, b = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_flint_child, args=(n, b))
    p.start()
    got = a.poll(timeout)
    out = a.recv() if got else None
    if p.is_alive():
        p.terminate()
    p.join()
    return out


class _ListRing:
    """The flint ring hidden from ``newton_lift``'s fast dispatch: runs the old list-based lift."""

    def __init__(self):
        self._r = S._FlintRing()
        self.zero, self.one = self._r.zero, self._r.one
        self.mul, self.inv = self._r.mul, self._r.inv


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fmpq-max", type=int, default=3000)
    ap.add_argument("--old-max", type=int, default=3000)
    ap.add_argument("--flint-direct-max", type=int, default=3000)
    ap.add_argument("--flint-timeout", type=float, default=600.0)
    args = ap.parse_args()
    mu = free_mul(marchenko_pastur(Q(1, 2)), marchenko_pastur(Q(3, 2)))
    head = list(mu._cache)
    print(f"# {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {os.cpu_count()} cores, "
          f"load avg {load()}; --orders {' '.join(map(str, args.orders))} --repeat {args.repeat}")
    print(f"{'n':>6s} {'rmtsym':>15s} {'old':>15s} {'fmpz rev':>15s} {'ratio':>11s} "
          f"{'fmpq rev':>15s} {'ratio':>11s}  exact")
    print(f"{'':6s} {'wall / cpu s':>15s} {'wall / cpu s':>15s} {'wall / cpu s':>15s} "
          f"{'wall / cpu':>11s} {'wall / cpu s':>15s} {'wall / cpu':>11s}")

    def fmt(w, c):
        return f"{w:7.3f} /{c:7.3f}"

    for n in args.orders:
        def ours():
            mu._cache = list(head)
            return mu._moments_raw(n + 1)

        old_ring = _ListRing()
        fns = [ours]
        if n <= args.old_max:
            fns.append(lambda: S.newton_lift(mu._rows, head, n + 1, old_ring))
        if n <= args.flint_direct_max:
            fns.append(lambda: flint_fmpz(n))
        res = interleaved(fns, args.repeat)
        (t_r, c_r, a), rest = res[0], res[1:]
        ok = True
        old = f"{'skipped':>15s}"
        if n <= args.old_max:
            (t_o, c_o, o), rest = rest[0], rest[1:]
            ok = ok and list(o) == list(a)
            old = fmt(t_o, c_o)
        if n <= args.flint_direct_max:
            t_z, c_z, b = rest[0]
            ok = ok and list(a) == b
            z = f"{fmt(t_z, c_z)} {t_r / t_z:5.2f}/{c_r / c_z:5.2f}"
        else:
            got = flint_in_child(n, args.flint_timeout)
            if got is None:
                z = f"{'> %.0f wall' % args.flint_timeout:>15s} {'< %.2f' % (t_r / args.flint_timeout):>11s}"
                ok = "rmtsym only"
            else:
                t_z, c_z, hz = got
                ok = ok and hz == residue_hash(a)
                z = f"{fmt(t_z, c_z)} {t_r / t_z:5.2f}/{c_r / c_z:5.2f}"
        if n <= args.fmpq_max:
            t_q, c_q, c = interleaved([lambda: flint_fmpq(n)], 1)[0]
            ok = ok and list(c) == list(a)
            q = f"{fmt(t_q, c_q)} {t_r / t_q:5.2f}/{c_r / c_q:5.2f}"
        else:
            q = f"{'skipped':>15s} {'':11s}"
        shown = ok if isinstance(ok, str) else ("ok" if ok else "MISMATCH")
        print(f"{n:6d} {fmt(t_r, c_r)} {old} {z} {q}  {shown}", flush=True)
    print(f"# load avg at the end {load()}")
    print(f"# rmtsym residue hash at n = {args.orders[-1]}: {residue_hash(a)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
