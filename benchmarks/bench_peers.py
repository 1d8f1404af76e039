"""Benchmark: rmtsym's density grids against the peers, time *and* wrong points.

Run:  python3 benchmarks/bench_peers.py [--points N] [--repeat R] [--out FILE]
(the peers: ``pip install -e '.[bench]'`` installs rmtool and freealg; a peer
that does not import is reported as "not installed").

Workloads (issue 15): 1000-point density grids over the support (5 % margin
each side) of MP(1/2) ⊠ MP(3/2), MP(1/2) ⊠ MP(3/2) ⊠ MP(2/3) and
FC2 ⊞ FC3 (degree 10 in m).  Reference: rmtsym's 30-digit continuation
(``rmtsym.numerics.density``, a different route from both grids below).

Columns, each min of R runs in this process:

* ``all roots`` — the in-run floor: every root of P(., x) at every point, one
  batched companion-matrix ``numpy.linalg.eigvals`` call, no branch choice;
* ``rmtsym float`` — :func:`rmtsym.numerics.floatgrid.density_grid_float`;
* ``rmtsym 30`` — :func:`rmtsym.numerics.floatgrid.density_grid` at 30 digits;
* ``rmtool`` — ``rmtool.Lmz2pdf`` on the *same* polynomial (rmtool's m is the
  same Stieltjes transform: its ``wishartpol`` is our MP equation).  For
  degree > 3 rmtool returns all roots and asks the user to pick one: we take
  the largest imaginary part, its own rule for degree <= 3;
* ``freealg`` — ``freealg.AlgebraicForm`` fitted to the eigenvalues of one
  sampled matrix of size 1000 (its workflow: it does not take an equation),
  then ``.density(x)``; its time includes the fit, not the sampling.

A point is wrong when |value − reference| > 1e-6 · max(1, |reference|).
"""

from __future__ import annotations

import argparse
import io
import sys
import warnings
from contextlib import redirect_stdout

import mpmath
import numpy as np

from _timing import best_of_with_value
from rmtsym import numerics
from rmtsym.core.measure import M, Z
from rmtsym.free.convolution import free_add, free_mul
from rmtsym.laws.named import fuss_catalan, marchenko_pastur
from rmtsym.numerics import floatgrid
from rmtsym.numerics.curve import _curve

import sympy as sp

R = sp.Rational
LAWS = {
    "MP(1/2)*MP(3/2)": lambda: free_mul(marchenko_pastur(R(1, 2)), marchenko_pastur(R(3, 2))),
    "MP*MP*MP": lambda: free_mul(marchenko_pastur(R(1, 2)), marchenko_pastur(R(3, 2)),
                                 marchenko_pastur(R(2, 3))),
    "FC2+FC3": lambda: free_add(fuss_catalan(2), fuss_catalan(3)),
}


def _wishart(n, c, rng):
    """Eigenvalue-sampling matrix of MP(c): (1/N) G Gᵀ, G n × N, n/N = c."""
    N = int(round(n / c))
    G = rng.standard_normal((n, N))
    return G @ G.T / N


def _psd_sqrt(A):
    w, V = np.linalg.eigh((A + A.T) / 2)
    return (V * np.sqrt(w.clip(0))) @ V.T


def _sample_matrix(name, n, rng):
    """One matrix of size n whose spectrum follows the workload's law (for freealg)."""
    if name == "FC2+FC3":
        return None      # no sampler written here: reported "unsupported"
    C = _wishart(n, 0.5, rng)
    for c in ((1.5,) if name != "MP*MP*MP" else (1.5, 2 / 3)):
        s = _psd_sqrt(C)
        C = s @ _wishart(n, c, rng) @ s
    return (C + C.T) / 2


def _wrong(vals, ref):
    vals = np.asarray(vals, dtype=float)
    bad = ~np.isfinite(vals) | (np.abs(vals - ref) > 1e-6 * np.maximum(1, np.abs(ref)))
    return int(np.sum(bad))


def _rmtool(P, xs):
    import rmtool
    from rmtool.symbols import m as rm, z as rz
    Lmz = P.as_expr().subs({M: rm, Z: rz}, simultaneous=True)
    with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        info = rmtool.Lmz2pdf(Lmz, xs)
    dens = np.asarray(info.density)
    if dens.ndim == 2:          # degree > 3: all roots returned; the largest-imaginary rule
        dens = np.nan_to_num(dens).max(axis=1).clip(0)
    return np.nan_to_num(dens, nan=np.inf)


def _freealg(A, xs, deg_m):
    import freealg
    with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        af = freealg.AlgebraicForm(A)
        af.fit(deg_m, deg_m + 1)
        return np.asarray(af.density(xs), dtype=float)


def _peer_available(mod):
    try:
        __import__(mod)
        return True
    except Exception:       # noqa: BLE001 - any import failure means "not installed"
        return False


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=None, help="also write the table to this file")
    args = ap.parse_args(argv)
    has_rmtool, has_freealg = _peer_available("rmtool"), _peer_available("freealg")
    rng = np.random.default_rng(20261203)
    if has_freealg:          # warm-up: the first fit compiles (tens of seconds), not part of a timing
        try:
            _freealg(_sample_matrix("MP(1/2)*MP(3/2)", 200, np.random.default_rng(1)),
                     np.linspace(0.1, 1.0, 5), 3)
        except Exception:   # noqa: BLE001 - reported below, per workload
            pass
    head = (f"{'law':16s} {'deg':>3s} {'all roots s':>11s} {'rmtsym float s':>14s} {'x floor':>7s} "
            f"{'wrong':>5s} {'rmtsym 30 s':>11s} {'wrong':>5s} {'rmtool s':>9s} {'wrong':>5s} "
            f"{'freealg s':>9s} {'wrong':>5s} {'max err':>8s}")
    import os
    load = " ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    lines = [f"# load average at start: {load}; {os.cpu_count()} cores",
             f"# {args.points}-point grids, min of {args.repeat}; wrong = |v - ref| > 1e-6 max(1, |ref|); "
             f"ref = rmtsym 30-digit continuation", head]
    print("\n".join(lines), flush=True)
    for name, make in LAWS.items():
        mu = make()
        P = mu.stieltjes_polynomial()
        sup = numerics.support(mu, dps=20)
        a, b = float(sup[0][0]), float(sup[-1][1])
        xs = np.linspace(a - (b - a) / 20, b + (b - a) / 20, args.points)
        cur = _curve(mu)
        floatgrid.density_grid_float(mu, xs[:3])                       # anchors (setup)
        ref = np.array([float(v) for v in
                        numerics.density(mu, [mpmath.mpf(float(x)) for x in xs], dps=30)])
        t_roots, _ = best_of_with_value(
            lambda: floatgrid._all_roots(floatgrid._coefficients(cur.af, xs), cur.d), args.repeat)
        t_fast, fast = best_of_with_value(lambda: floatgrid.density_grid_float(mu, xs), args.repeat)
        t_30, g30 = best_of_with_value(lambda: floatgrid.density_grid(mu, list(xs), dps=30), 1)
        row = (f"{name:16s} {cur.d:3d} {t_roots:11.4f} {t_fast:14.4f} {t_fast / t_roots:7.1f} "
               f"{_wrong(fast, ref):5d} {t_30:11.3f} {_wrong([float(v) for v in g30], ref):5d} ")
        if has_rmtool:
            t_rt, rt = best_of_with_value(lambda: _rmtool(P, xs), args.repeat)
            row += f"{t_rt:9.3f} {_wrong(rt, ref):5d} "
        else:
            row += f"{'not installed':>15s} "
        A = _sample_matrix(name, args.points, rng)
        if not has_freealg:
            row += f"{'not installed':>24s}"
        elif A is None:
            row += f"{'unsupported':>24s}"
        else:
            try:
                t_fa, fa = best_of_with_value(lambda: _freealg(A, xs, cur.d), 1)
                err = float(np.max(np.abs(np.nan_to_num(fa, nan=np.inf) - ref)))
                row += f"{t_fa:9.3f} {_wrong(fa, ref):5d} {err:8.1e}"
            except Exception as exc:   # noqa: BLE001 - a peer's failure is a result to report
                row += f"{'failed: ' + type(exc).__name__:>24s}"
        lines.append(row)
        print(row, flush=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
