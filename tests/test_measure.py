"""Foundation: named laws, exact moments, canonical polynomials, transforms.

Every expected value comes from an independent route written here: closed
forms (Catalan, Narayana, Fuss–Catalan), the free moment–cumulant recursion,
or direct substitution of the transform definitions of docs/conventions.md.
"""

from itertools import product

import pytest
import sympy
from sympy import Rational as Q, Symbol, binomial, catalan, expand, simplify

from rmtsym import (AlgebraicMeasure, NotAMeasureError, RmtsymError, atoms, free_add,
                    free_mul, free_poisson, fuss_catalan, marchenko_pastur, point_mass,
                    semicircle)
from rmtsym.core import series as S
from rmtsym.core.measure import M, Z

c = Symbol("c", positive=True)
v = Symbol("v", positive=True)


def narayana_poly(k, x):
    """Sum_j N(k, j) x^(j-1) with N(k, j) = binom(k, j) binom(k, j-1) / k."""
    if k == 0:
        return sympy.Integer(1)
    return sum(binomial(k, j) * binomial(k, j - 1) / k * x ** (j - 1) for j in range(1, k + 1))


def moments_by_recursion(kappa, n):
    """Free moment-cumulant recursion m_n = sum_s kappa_s sum_{i_1+..+i_s = n-s} m_i1..m_is.

    (First-block decomposition of non-crossing partitions; no series reversion.)
    """
    m = [sympy.Integer(1)]
    for k in range(1, n + 1):
        total = 0
        for s in range(1, k + 1):
            # sum over compositions of k - s into s non-negative parts
            inner = _compositions_sum(m, k - s, s)
            total += kappa[s - 1] * inner
        m.append(expand(total))
    return m


def _compositions_sum(m, total, parts):
    # dynamic programming: coefficient of x^total in (sum_i m_i x^i)^parts
    poly = [sympy.Integer(1)] + [0] * total
    for _ in range(parts):
        new = [0] * (total + 1)
        for i, a in enumerate(poly):
            if a == 0:
                continue
            for j in range(total + 1 - i):
                new[i + j] += a * m[j]
        poly = new
    return poly[total]


# --- semicircle and Marchenko-Pastur: closed forms ---------------------------

@pytest.mark.parametrize("var", [Q(3, 7), 5, v])
def test_semicircle_moments_are_catalan_times_variance(var):
    mom = semicircle(var).moments(12)
    expected = [0 if k % 2 else catalan(k // 2) * sympy.sympify(var) ** (k // 2) for k in range(13)]
    assert [expand(a - b) for a, b in zip(mom, expected)] == [0] * 13


def test_semicircle_polynomial_is_the_textbook_equation():
    # sigma^2 m^2 + z m + 1 = 0 with sigma^2 = 3/7, cleared to integers
    assert semicircle(Q(3, 7)).stieltjes_polynomial() == sympy.Poly(3 * M**2 + 7 * Z * M + 7, M, Z)


def test_marchenko_pastur_moments_are_narayana_polynomials_symbolic():
    mom = marchenko_pastur(c).moments(10)
    for k, mk in enumerate(mom):
        assert expand(mk - narayana_poly(k, c)) == 0


def test_marchenko_pastur_with_variance_symbolic_coefficients_in_Qc():
    mu = marchenko_pastur(c, v)
    P = mu.stieltjes_polynomial()
    # coefficients are polynomials in c, v (Z[c, v])
    assert all(sympy.sympify(co).is_polynomial(c, v) for co in P.coeffs())
    for k, mk in enumerate(mu.moments(7)):
        assert expand(mk - v**k * narayana_poly(k, c)) == 0


@pytest.mark.parametrize("ratio,var", [(Q(1, 3), Q(5, 2)), (Q(7, 2), Q(2, 9))])
def test_marchenko_pastur_numeric_params_two_routes(ratio, var):
    mu = marchenko_pastur(ratio, var)
    # route 1: Narayana closed form; route 2: free cumulants kappa_k = c^(k-1) v^k
    kappa = [ratio ** (k - 1) * var**k for k in range(1, 13)]
    assert mu.moments(12) == [var**k * narayana_poly(k, ratio) for k in range(13)]
    assert mu.moments(12) == moments_by_recursion(kappa, 12)
    assert mu.free_cumulants(12) == kappa


def test_free_poisson_equals_marchenko_pastur():
    lam, a = Q(5, 3), Q(2, 7)
    fp = free_poisson(lam, a)
    mp = marchenko_pastur(1 / lam, lam * a)
    assert fp == mp
    assert fp.moments(10) == mp.moments(10)
    assert fp.free_cumulants(6) == [lam * a**k for k in range(1, 7)]


def test_atoms_moments_and_polynomial():
    law = atoms({Q(-1, 2): Q(1, 3), 2: Q(1, 6), 5: Q(1, 2)})
    expected = [Q(1, 3) * Q(-1, 2) ** k + Q(1, 6) * 2**k + Q(1, 2) * 5**k for k in range(15)]
    assert law.moments(14) == expected
    # m(z) = sum w_i/(x_i - z) satisfies P exactly
    mz = Q(1, 3) / (Q(-1, 2) - Z) + Q(1, 6) / (2 - Z) + Q(1, 2) / (5 - Z)
    P = law.stieltjes_polynomial().as_expr()
    assert simplify(P.subs(M, mz)) == 0


def test_atoms_merges_duplicates_and_drops_zero_weights():
    assert atoms({1: Q(1, 2), 3: Q(1, 2), 7: 0}) == atoms({3: Q(1, 2), 1: Q(1, 2)})


def test_fuss_catalan_closed_form():
    for L in (2, 3, 4):
        mom = fuss_catalan(L, Q(3, 2)).moments(10)
        assert mom == [Q(3, 2) ** (L * k) * binomial((L + 1) * k, k) / (L * k + 1) for k in range(11)]


# --- transforms --------------------------------------------------------------

def test_r_transform_polynomial_vanishes_on_R_series():
    mu = marchenko_pastur(Q(2, 5), Q(3, 4))
    F = mu.r_transform_polynomial()
    # MP: R(w) = v / (1 - c v w)
    cc, vv = Q(2, 5), Q(3, 4)
    Rw = vv / (1 - cc * vv * sympy.Symbol("w"))
    assert simplify(F.as_expr().subs(sympy.Symbol("r"), Rw)) == 0


def test_s_transform_polynomial_marchenko_pastur():
    cc, vv = Q(2, 5), Q(3, 4)
    F = marchenko_pastur(cc, vv).s_transform_polynomial()
    w = sympy.Symbol("w")
    assert simplify(F.as_expr().subs(sympy.Symbol("s"), 1 / (vv * (1 + cc * w)))) == 0


def test_s_transform_of_zero_mean_law_raises():
    with pytest.raises(RmtsymError, match="mean is 0"):
        semicircle(2).s_transform_polynomial()


def test_free_cumulants_symbolic_marchenko_pastur():
    assert [expand(x) for x in marchenko_pastur(c, v).free_cumulants(6)] == \
        [expand(c ** (k - 1) * v**k) for k in range(1, 7)]


# --- canonical form -----------------------------------------------------------

def test_canonical_polynomial_is_primitive_irreducible_and_sign_fixed():
    mu = free_add(semicircle(Q(1, 3)), marchenko_pastur(Q(3, 2), Q(1, 2)))
    P = mu.stieltjes_polynomial()
    assert P.domain == sympy.ZZ
    assert sympy.gcd_list(P.coeffs()) == 1
    assert P.LC() > 0
    assert len(sympy.factor_list(P.as_expr())[1]) == 1


def test_from_polynomial_reducible_input_selects_physical_factor():
    # (semicircle(2) equation) * (a spurious factor): the physical factor is kept
    P = (2 * M**2 + Z * M + 1) * (M - Z + 3)
    mu = AlgebraicMeasure.from_polynomial(P)
    assert mu == semicircle(2)


def test_from_polynomial_rejects_non_measure():
    with pytest.raises(NotAMeasureError):
        AlgebraicMeasure.from_polynomial(M + 2)
    # branch ~ -1/z exists, but the "variance" is negative: m^2 (-1) + z m + 1
    with pytest.raises(NotAMeasureError, match="Hankel"):
        AlgebraicMeasure.from_polynomial(-M**2 + Z * M + 1)


# --- affine -------------------------------------------------------------------

def test_affine_moments_and_cumulants():
    a, b = Q(-3, 2), Q(2, 5)
    base = marchenko_pastur(Q(1, 3), 2)
    mu = base.affine(a, b)
    bm = base.moments(10)
    expected = [sum(binomial(k, j) * a**j * b ** (k - j) * bm[j] for j in range(k + 1))
                for k in range(11)]
    assert mu.moments(10) == expected      # Newton on the transformed P vs binomial
    bk = base.free_cumulants(6)
    assert mu.free_cumulants(6) == [a * bk[0] + b] + [a**k * bk[k - 1] for k in range(2, 7)]


def test_affine_zero_scale_is_point_mass():
    assert semicircle(1).affine(0, 3) == point_mass(3)


# --- series backends agree ---------------------------------------------------

def test_flint_and_generic_series_backends_agree():
    """Newton lifting of the same Q(g, u) in flint (fmpq_series) and in plain SymPy QQ."""
    from rmtsym.core.measure import _stieltjes_to_gu, _strip_monomial_factors
    mu = free_mul(marchenko_pastur(Q(1, 2), 3), atoms({1: Q(1, 4), 2: Q(3, 4)}))
    q = _strip_monomial_factors(_stieltjes_to_gu(mu._P), ["u"])
    out = []
    for R in (S.ring(), S.ring(backend="generic")):
        g = S.newton_lift(S.poly_in_g(q, R, ()), [R.convert(x) for x in mu.moments(3)], 40, R)
        out.append([R.to_sympy(x) for x in g])
    assert out[0] == out[1]
    assert mu.moments(39) == out[0]


def test_series_operations_agree_between_backends():
    from rmtsym.core.measure import cumulants_from_moments, s_from_moments
    mom = [Q(1)] + [Q(k * k + 1, k + 2) for k in range(1, 30)]
    Rf, Rg = S.ring(), S.ring(backend="generic")
    for fn in (cumulants_from_moments, s_from_moments):
        a = fn([Rf.convert(x) for x in mom], Rf, 25)
        b = fn([Rg.convert(x) for x in mom], Rg, 25)
        assert [Rf.to_sympy(x) for x in a] == [Rg.to_sympy(x) for x in b]


# --- bad input ------------------------------------------------------------------

@pytest.mark.parametrize("call,match", [
    (lambda: semicircle(0), "variance must be > 0"),
    (lambda: semicircle(-2), "variance must be > 0"),
    (lambda: semicircle(0.5), "float"),
    (lambda: marchenko_pastur(0), "ratio must be > 0"),
    (lambda: marchenko_pastur(Q(1, 2), -1), "variance must be > 0"),
    (lambda: marchenko_pastur(Symbol("x", negative=True)), "ratio must be > 0"),
    (lambda: atoms({}), "non-empty"),
    (lambda: atoms({0: Q(-1, 2), 1: Q(3, 2)}), "weights must be >= 0"),
    (lambda: atoms({0: Q(1, 2), 1: Q(1, 3)}), "sum to 1"),
    (lambda: atoms({sympy.I: 1}), "real"),
    (lambda: fuss_catalan(0), r"order must be an integer in \[1, 100\]"),
    (lambda: free_poisson(-1), "rate must be > 0"),
    (lambda: semicircle(1).moments(-1), "non-negative integer"),
])
def test_bad_input_raises_rmtsym_error(call, match):
    with pytest.raises(RmtsymError, match=match):
        call()


def test_rmtsym_error_is_value_error():
    assert issubclass(RmtsymError, ValueError)


def test_irrational_exact_weights_are_carried_exactly():
    """Hardtanh-type mask law: Bernoulli(p) with p = erf(1/sqrt(2)) irrational.

    Route 1: p kept as the exact constant; route 2: p a free symbol,
    substituted afterwards.  Both are exact, so they must agree identically.
    """
    p_val = sympy.erf(1 / sympy.sqrt(2))
    p = Symbol("p", positive=True)
    exact = free_mul(marchenko_pastur(Q(1, 2), 3), atoms({0: 1 - p_val, 1: p_val}))
    symbolic = free_mul(marchenko_pastur(Q(1, 2), 3), atoms({0: 1 - p, 1: p}))
    assert exact.params == ()
    assert [simplify(a - b.subs(p, p_val)) for a, b in zip(exact.moments(6), symbolic.moments(6))] == [0] * 7
    P1 = exact.stieltjes_polynomial().as_expr()
    P2 = symbolic.stieltjes_polynomial().as_expr().subs(p, p_val)
    assert expand(P1 - P2) == 0


def test_mp_product_moments_equal_flint_reversion_of_s_transform():
    """Fast route (Newton lift on P of MP(1/2)⊠MP(3/2)) == independent route: python-flint's
    integer series reversion of chi(w) = w / ((1+w)(1+w/2)(1+3w/2)) (S-transforms multiply),
    with w = 2v: psi(u) = 2 h^{<-1>}(u/2), h(v) = v/((1+2v)(1+v)(1+3v)); 300 moments, exactly."""
    import flint
    n = 300
    mu = free_mul(marchenko_pastur(Q(1, 2)), marchenko_pastur(Q(3, 2)))
    old = flint.ctx.cap
    flint.ctx.cap = n + 1
    try:
        v = flint.fmpz_series([0, 1])
        c = (v / ((1 + 2 * v) * (1 + v) * (1 + 3 * v))).reversion().coeffs()
    finally:
        flint.ctx.cap = old
    expected = [Q(1)] + [Q(int(c[k]), 2 ** (k - 1)) for k in range(1, n + 1)]
    assert mu.moments(n) == expected
    assert expected[1] == 1 and expected[2] == 1 + Q(1, 2) + Q(3, 2)   # m_2 = 1 + c1 + c2


# --- the fast exact moment path (issue 15: integral Newton lift on fmpz_poly) ----

def _lagrange_mp_product_moment(k):
    """m_k of MP(1/2)⊠MP(3/2) by Lagrange inversion, no series reversion or Newton step:
    chi(w) = w / phi(w), phi = (1+w)(1+w/2)(1+3w/2) (S-transforms multiply), so
    m_k = [u^k] chi^{<-1>} = (1/k) [w^{k-1}] phi^k = [w^{k-1}] q^k / (k 4^k), q = (1+w)(2+w)(2+3w)."""
    import flint
    q = flint.fmpz_poly([1, 1]) * flint.fmpz_poly([2, 1]) * flint.fmpz_poly([2, 3])
    top = q.pow_trunc(k, k)[k - 1]
    return Q(int(top), k * 4**k)


def test_2000_moments_of_mp_product_two_independent_routes():
    """2000 exact moments of MP(1/2)⊠MP(3/2) (integral Newton lift on P) against
    (a) Lagrange inversion of the S-transform at seven orders, (b) python-flint's integer
    series reversion of h(v) = v/((1+2v)(1+v)(1+3v)) (chi(w) = 2 h(w/2)) at every order."""
    import flint
    n = 2000
    mu = free_mul(marchenko_pastur(Q(1, 2)), marchenko_pastur(Q(3, 2)))
    first = mu.moments(1500)                       # then extended from the cached 1501 terms
    mom = mu.moments(n)
    assert len(mom) == n + 1 and mom[0] == 1 and mom[:1501] == first
    for k in (1, 2, 3, 10, 777, 1999, 2000):
        assert mom[k] == _lagrange_mp_product_moment(k), k
    old = flint.ctx.cap
    flint.ctx.cap = n + 1
    try:
        v = flint.fmpz_series([0, 1])
        c = (v / ((1 + 2 * v) * (1 + v) * (1 + 3 * v))).reversion().coeffs()
    finally:
        flint.ctx.cap = old
    assert mom == [Q(1)] + [Q(int(c[k]), 2 ** (k - 1)) for k in range(1, n + 1)]
    # the raw field elements (the cache) equal the SymPy output
    assert [S.ring().to_sympy(x) for x in mu._moments_raw(n + 1)] == mom



@pytest.mark.slow
def test_10000_public_moments_of_mp_product_against_lagrange_inversion():
    """The public API reaches the issue's 10 000 moments (AlgebraicMeasure.MAX_ORDER): m_k of
    MP(1/2)⊠MP(3/2) from .moments(10000) equal Lagrange inversion at five orders, exactly."""
    mu = free_mul(marchenko_pastur(Q(1, 2)), marchenko_pastur(Q(3, 2)))
    mom = mu.moments(10000)
    assert len(mom) == 10001
    for k in (1, 4321, 9998, 9999, 10000):
        assert mom[k] == _lagrange_mp_product_moment(k), k
    with pytest.raises(RmtsymError, match="<= 10000, got 10001"):
        mu.moments(10001)

def test_integral_lift_other_scalings_equal_fmpq_reversion_and_fmpq_lift():
    """MP(2/5)⊠MP(7/3, variance 3): S = 1/(3(1+2w/5)(1+7w/3)); 300 moments by the fast
    lift == flint's fmpq_series reversion of chi(w) = S(w) w/(1+w) == the fmpq_poly Newton lift."""
    import flint
    n = 300
    mu = free_mul(marchenko_pastur(Q(2, 5)), marchenko_pastur(Q(7, 3), 3))
    old = flint.ctx.cap
    flint.ctx.cap = n + 1
    try:
        w = flint.fmpq_series([0, 1])
        chi = w / (3 * (1 + w) * (1 + flint.fmpq(2, 5) * w) * (1 + flint.fmpq(7, 3) * w))
        c = chi.reversion().coeffs()
    finally:
        flint.ctx.cap = old
    expected = [Q(1)] + [Q(int(c[k].p), int(c[k].q)) for k in range(1, n + 1)]
    assert mu.moments(n) == expected
    R = S.ring()
    head = [R.convert(x) for x in expected[:3]]
    assert S._lift_fmpq(mu._rows, head, n + 1) == S._lift_integral(mu._rows, head, n + 1)
    assert [R.to_sympy(x) for x in S._lift_integral(mu._rows, head, n + 1)] == expected


def test_integral_scaling_makes_the_equation_integral_with_unit_derivative():
    """(b, c) of the rescaling g = g0 + c Y(u/b): F = Q(g0 + cY, bt)/(ca) in Z[Y, t],
    F(0, 0) = 0, F_Y(0, 0) = 1; minimal b (b = 1 fails for MP(1/2)⊠MP(3/2), whose moments
    have denominators 2^(k-1), and b = 2 is the power the moments need)."""
    mu = free_mul(marchenko_pastur(Q(1, 2)), marchenko_pastur(Q(3, 2)))
    # Q(g, u) = -4 + (4 + u) g - 2u g^2 - 3u g^3; Taylor at g0 = 1 (written out by hand)
    F = [[0, -4], [4, -12], [0, -11], [0, -3]]
    assert [[int(x.p) for x in r] for r in mu._rows] == [[-4, 0], [4, 1], [0, -2], [0, -3]]
    b, c = S._integral_scaling(F, 4)
    assert (b, c) == (2, 2)
    assert all((c**j * b**i * f) % (c * 4) == 0 for j, col in enumerate(F) for i, f in enumerate(col))
    # m_k 2^k / 2 integral for k <= 50, but m_k / 1 not (so b = 1 could not work)
    mom = mu.moments(50)
    assert all((m * 2**k / 2).q == 1 for k, m in enumerate(mom) if k)
    assert any(m.q != 1 for m in mom)


def test_flint_lift_of_a_non_simple_branch_matches_closed_form():
    """Q = (g - 1)^2 - u^2 g (irreducible: discriminant u^2 (4 + u^2) is no square): dQ/dg
    vanishes at (1, 0), so the fmpq_poly path (v = 1) runs; the branch through [1, 1] is
    g = 1 + u^2/2 + u sqrt(1 + u^2/4) (binomial series, written here)."""
    R = S.ring()
    rows = [[R.convert(1)], [R.convert(-2), R.zero, R.convert(-1)], [R.convert(1)]]
    n = 60
    g = S.newton_lift(rows, [R.one, R.one], n, R)
    x = sympy.Symbol("x")
    closed = sympy.series(1 + x**2 / 2 + x * sympy.sqrt(1 + x**2 / 4), x, 0, n).removeO()
    assert [R.to_sympy(a) for a in g] == [closed.coeff(x, k) for k in range(n)]
    Rg = S.ring(backend="generic")
    rows_g = [[Rg.convert(R.to_sympy(a)) for a in r] for r in rows]
    assert [Rg.to_sympy(a) for a in S.newton_lift(rows_g, [Rg.one, Rg.one], n, Rg)] == \
        [R.to_sympy(a) for a in g]
    with pytest.raises(RmtsymError, match="do not determine the branch"):
        S.newton_lift(rows, [R.one], n, R)
