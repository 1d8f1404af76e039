"""Foundation benchmark: free convolutions and exact moments.

Prints a table of wall times (best of several runs), each next to a baseline
measured in the same run — the same elimination through SymPy's generic
algorithms (``sympy.resultant`` then ``sympy.factor_list``; rmtsym's column
also includes mapping back to P(m, z) and the exact branch selection), and
the generic SymPy-domain series backend for the moments — and checks every
result exactly.

Run: ``python benchmarks/bench_foundation.py``
"""

import sys
import time

import sympy
from sympy import Rational as Q, binomial

from rmtsym import atoms, free_add, free_mul, fuss_catalan, marchenko_pastur, semicircle
from rmtsym.core import series as S
from rmtsym.core.measure import M, Z, _stieltjes_to_gu, _strip_monomial_factors


def best(fn, repeat=3):
    out, times = None, []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def sympy_resultant_add(mu, nu):
    """Baseline: the same R-transform elimination with sympy.resultant."""
    r, w, t = sympy.symbols("r w t")
    F1 = mu.r_transform_polynomial().as_expr().subs(r, t)
    F2 = nu.r_transform_polynomial().as_expr().subs(r, r - t)
    return sympy.factor_list(sympy.resultant(F1, F2, t))


def sympy_resultant_mul(mu, nu):
    s, w, t = sympy.symbols("s w t")
    F1 = mu.s_transform_polynomial().as_expr().subs(s, t)
    F2 = nu.s_transform_polynomial().as_expr()
    d = sympy.degree(F2, s)
    F2 = sympy.expand(F2.subs(s, s / t) * t**d)
    return sympy.factor_list(sympy.resultant(F1, F2, t))


def generic_moments(mu, n):
    R = S.ring(backend="generic")
    q = _strip_monomial_factors(_stieltjes_to_gu(mu._P), ["u"])
    return S.newton_lift(S.poly_in_g(q, R, ()), [R.one], n + 1, R)


def main():
    rows = []
    sc, mp = semicircle(Q(3, 2)), marchenko_pastur(Q(1, 2), 2)
    bern = atoms({0: Q(1, 3), 1: Q(2, 3)})
    cases = [
        ("free_add(SC(3/2), MP(1/2,2))", lambda: free_add(sc, mp),
         lambda: sympy_resultant_add(sc, mp),
         lambda mu: mu.free_cumulants(6) == [a + b for a, b in zip(sc.free_cumulants(6), mp.free_cumulants(6))]),
        ("free_mul(MP(1), MP(1))", lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1)),
         lambda: sympy_resultant_mul(marchenko_pastur(1), marchenko_pastur(1)),
         lambda mu: mu.moments(8) == [binomial(3 * k, k) / (2 * k + 1) for k in range(9)]),
        ("free_mul(MP(1/2,2), Bernoulli(2/3))", lambda: free_mul(mp, bern),
         lambda: sympy_resultant_mul(mp, bern),
         lambda mu: mu.moments(1)[1] == 2 * Q(2, 3)),
        ("free_mul(FC2, MP(1)) (degree 4)", lambda: free_mul(fuss_catalan(2), marchenko_pastur(1)),
         lambda: sympy_resultant_mul(fuss_catalan(2), marchenko_pastur(1)),
         lambda mu: mu.moments(8) == [binomial(4 * k, k) / (3 * k + 1) for k in range(9)]),
    ]
    fc2, fc3 = fuss_catalan(2), fuss_catalan(3)
    cases.append(("free_add(FC2, FC3) (degree 10)", lambda: free_add(fc2, fc3),
                  lambda: sympy_resultant_add(fc2, fc3),
                  lambda mu: mu.stieltjes_polynomial().degree(M) == 10 and
                  mu.free_cumulants(8) == [a + b for a, b in zip(fc2.free_cumulants(8), fc3.free_cumulants(8))]))
    for name, fast, base, check in cases:
        # warm the inputs' transform caches so both columns time the elimination itself
        t_fast, mu = best(fast)
        t_base, _ = best(base, repeat=1)
        rows.append((name, t_fast, t_base, check(mu)))

    fc = free_mul(marchenko_pastur(1), marchenko_pastur(1))
    n = 1000
    t_fast, mom = best(lambda: (fc._cache.__init__(fc._cache[:13]), fc.moments(n))[1], repeat=3)
    ok = all(mom[k] == binomial(3 * k, k) / (2 * k + 1) for k in (0, 1, 10, 100, 999, 1000))
    nb = 200
    t_base, _ = best(lambda: generic_moments(fc, nb), repeat=1)
    rows.append((f"moments({n}) of MP(1)⊠MP(1)", t_fast, None, ok))
    rows.append((f"  baseline: generic SymPy series, only {nb} moments", t_base, None, True))

    print(f"{'case':44s} {'rmtsym [s]':>11s} {'sympy [s]':>10s} {'ratio':>8s}  exact check")
    for name, tf, tb, ok in rows:
        tb_s = f"{tb:10.3f}" if tb is not None else f"{'':10s}"
        ratio = f"{tb / tf:7.0f}x" if tb is not None else f"{'':8s}"
        print(f"{name:44s} {tf:11.4f} {tb_s} {ratio}  {'ok' if ok else 'FAILED'}")
    if not all(r[3] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
