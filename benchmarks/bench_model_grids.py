"""Benchmark: the models' float density grids (issue #15 item 5) — old path vs new, same run.

One row per model, ``--points`` points spread over the support (2 % cut at
each end), each time the minimum over ``--repeats`` runs:

* Jacobian (relu, L = 2, σ_w² = 3/2, σ_b² = 1/5) — old: the per-point float
  route the claims used before (:func:`rmtsym.numerics.density` on the list
  at dps 15, continuation in mpmath); new:
  :meth:`JacobianSpectrum.density_grid` (numerics.floatgrid on
  :meth:`JacobianSpectrum.grid_polynomial`).
* Gram (PW17 from constants η = 3/2, ζ = 1/2, φ = 1/2, ψ = 3/4) and
  Hessian (ε = 1/10, φ = 1/2) — old: ``model.density(list, dps=15)`` (the
  mpmath continuation along the list); new: ``model.density_grid(xs)``.
* Fisher (η = 3/2, η' = 1/2, ζ = 1/3; not algebraic) — old:
  ``density_grid(xs, dps=16)`` (mpmath Gauss–Legendre pair per point); new:
  :meth:`FisherSpectrum.float_density` (one vectorised numpy rule).

The baseline of each ratio is the batched companion-matrix eigenvalue call
for all roots at all points where the law is algebraic (the floor of issue
#15), printed as ``floor``; ``max rel`` is the largest relative difference of
new vs old over the points.

Run: ``PYTHONPATH=. python3 benchmarks/bench_model_grids.py [--points 1000] [--repeats 3]``.
"""

import argparse

import numpy as np
import sympy as sp

from _timing import best_of_with_value as best_of  # noqa: E402  (benchmarks/_timing.py)
from rmtsym import numerics
from rmtsym.models.fisher import FisherSpectrum
from rmtsym.models.gram import GramSpectrum
from rmtsym.models.hessian import HessianSpectrum
from rmtsym.models.jacobian import JacobianSpectrum

R = sp.Rational


def _points(intervals, n):
    per = max(2, n // len(intervals))
    return np.concatenate([np.linspace(float(a) + 0.02 * (float(b) - float(a)),
                                       float(b) - 0.02 * (float(b) - float(a)), per)
                           for a, b in intervals])


def _floor(P, xs):
    """All roots of P(., x) at all points: one batched companion eigenvalue call."""
    P = sp.Poly(P.as_expr(), *P.gens)
    m, z = P.gens
    d = P.degree(m)
    coeffs = [[float(c) for c in reversed(sp.Poly(P.as_expr().coeff(m, j), z).all_coeffs())]
              for j in range(d + 1)]

    def run():
        C = np.stack([np.polyval(c[::-1], xs) for c in coeffs], axis=1)
        comp = np.zeros((xs.size, d, d), dtype=complex)
        comp[:, 1:, :-1] = np.eye(d - 1)
        comp[:, :, -1] = -C[:, :d] / C[:, d:d + 1]
        return np.linalg.eigvals(comp)
    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rows = []

    spec = JacobianSpectrum("relu", 2, sigma_w2=R(3, 2), sigma_b2=R(1, 5))
    xs = _points([(0.0, spec.upper_edge())], args.points)
    P = spec.grid_polynomial()
    rows.append(("Jacobian relu L=2", lambda: [float(v) for v in numerics.density(P, list(xs), dps=15)],
                 lambda: spec.density_grid(xs), _floor(P, xs), xs))

    g = GramSpectrum.from_constants(R(3, 2), R(1, 2), R(1, 2), R(3, 4))
    gx = _points(g.support(dps=20), args.points)
    rows.append(("Gram PW17 (3/2,1/2,1/2,3/4)", lambda: [float(v) for v in g.density(list(gx), dps=15)],
                 lambda: g.density_grid(gx), _floor(g.stieltjes_polynomial(), gx), gx))

    h = HessianSpectrum(R(1, 10), R(1, 2))
    hx = _points(h.support(dps=20), args.points)
    rows.append(("Hessian PB17 (1/10,1/2)", lambda: [float(v) for v in h.density(list(hx), dps=15)],
                 lambda: h.density_grid(hx), _floor(h.stieltjes_polynomial(), hx), hx))

    F = FisherSpectrum.from_constants(R(3, 2), R(1, 2), R(1, 3))
    fx = _points(F.support(dps=20), args.points)
    rows.append(("Fisher PW18 (3/2,1/2,1/3)", lambda: [float(v) for v in F.density_grid(list(fx), dps=16)],
                 lambda: F.float_density(fx), None, fx))

    print(f"{'model':30s} {'old s':>9s} {'new s':>9s} {'old/new':>8s} {'floor s':>9s} "
          f"{'new/floor':>9s} {'max rel':>9s}")
    for name, old, new, floor, x in rows:
        t_old, v_old = best_of(old, args.repeats)
        t_new, v_new = best_of(new, args.repeats)
        v_old, v_new = np.asarray(v_old, float), np.asarray(v_new, float)
        rel = float(np.max(np.abs(v_new - v_old) / np.maximum(np.abs(v_old), 1e-300)))
        if floor is not None:
            t_floor, _ = best_of(floor, args.repeats)
            fl, ratio = f"{t_floor:9.4f}", f"{t_new / t_floor:9.1f}"
        else:
            fl, ratio = f"{'-':>9s}", f"{'-':>9s}"
        print(f"{name:30s} {t_old:9.4f} {t_new:9.4f} {t_old / t_new:8.1f} {fl} {ratio} {rel:9.1e}")


if __name__ == "__main__":
    main()
