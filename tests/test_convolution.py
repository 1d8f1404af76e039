"""Free convolution by elimination, checked against independent routes.

Routes used here: closed forms (semicircle variances add, Fuss–Catalan),
the free moment–cumulant recursion (no series reversion), the compression
formula for a free projection, and SymPy series of closed-form S-transforms.
"""

from fractions import Fraction

import pytest
import sympy
from sympy import Rational as Q, Symbol, binomial, expand

from rmtsym import (RmtsymError, atoms, free_add, free_mul, fuss_catalan, marchenko_pastur,
                    semicircle)
from rmtsym.core.measure import M, Z

from test_measure import moments_by_recursion

a_sym = Symbol("a", positive=True)
b_sym = Symbol("b", positive=True)


@pytest.mark.parametrize("a,b", [(Q(2, 3), Q(5, 4)), (3, Q(1, 7)), (a_sym, b_sym)])
def test_semicircle_plus_semicircle_is_semicircle(a, b):
    s = free_add(semicircle(a), semicircle(b))
    assert s.stieltjes_polynomial() == semicircle(a + b).stieltjes_polynomial()
    assert [expand(x - y) for x, y in zip(s.moments(8), semicircle(a + b).moments(8))] == [0] * 9


@pytest.mark.parametrize("pair", [
    (semicircle(Q(3, 2)), marchenko_pastur(Q(1, 2), Q(2, 3))),
    (marchenko_pastur(Q(5, 2), 2), atoms({Q(-1, 2): Q(1, 3), 3: Q(2, 3)})),
    (atoms({0: Q(1, 4), 1: Q(3, 4)}), atoms({1: Q(1, 2), 2: Q(1, 2)})),
])
def test_free_add_cumulants_are_sums_and_moments_match_recursion(pair):
    mu, nu = pair
    s = free_add(mu, nu)
    k = [x + y for x, y in zip(mu.free_cumulants(10), nu.free_cumulants(10))]
    assert s.free_cumulants(10) == k
    # moments of the eliminated polynomial (Newton) vs the cumulant recursion
    assert s.moments(10) == moments_by_recursion(k, 10)


def test_free_add_is_commutative_and_associative():
    x, y, z = semicircle(Q(1, 2)), marchenko_pastur(Q(1, 3)), atoms({0: Q(1, 2), 2: Q(1, 2)})
    assert free_add(x, y) == free_add(y, x)
    assert free_add(free_add(x, y), z) == free_add(x, free_add(y, z)) == free_add(x, y, z)


@pytest.mark.parametrize("L", [2, 3, 4])
def test_free_product_of_wisharts_is_fuss_catalan(L):
    mu = free_mul(*[marchenko_pastur(1) for _ in range(L)])
    assert mu.moments(12) == [binomial((L + 1) * k, k) / (L * k + 1) for k in range(13)]
    assert mu.stieltjes_polynomial() == fuss_catalan(L).stieltjes_polynomial()


def test_free_product_of_mp_with_variances_scales():
    v1, v2 = Q(3, 2), Q(2, 5)
    mu = free_mul(marchenko_pastur(1, v1), marchenko_pastur(1, v2))
    assert mu.moments(10) == [(v1 * v2) ** k * binomial(3 * k, k) / (2 * k + 1) for k in range(11)]


def _mul(a, b, n):
    return [sum(a[i] * b[k - i] for i in range(k + 1)) for k in range(n)]


def _inverse_series(chi, n):
    """psi with chi(psi(u)) = u, by undetermined coefficients on Fraction lists."""
    psi = [Fraction(0), 1 / chi[1]] + [Fraction(0)] * (n - 2)
    for k in range(2, n):
        comp, power = [Fraction(0)] * n, [Fraction(1)] + [Fraction(0)] * (n - 1)
        for j in range(1, n):
            power = _mul(power, psi, n)
            comp = [x + chi[j] * y for x, y in zip(comp, power)]
        psi[k] = -comp[k] / chi[1]
    return psi


def test_free_mul_mp_mp_matches_closed_form_s_transform():
    c1, c2, v = Fraction(1, 3), Fraction(5, 2), Fraction(3, 2)
    mu = free_mul(marchenko_pastur(Q(1, 3)), marchenko_pastur(Q(5, 2), Q(3, 2)))
    n = 10
    # S(w) = 1/((1 + c1 w) v (1 + c2 w)); chi(w) = S(w) w/(1 + w)
    geo = lambda r: [(-r) ** k for k in range(n)]          # 1/(1 + r w)
    S = [x / v for x in _mul(geo(c1), geo(c2), n)]
    chi = [Fraction(0)] + _mul(S, geo(Fraction(1)), n)[: n - 1]
    psi = _inverse_series(chi, n)
    assert mu.moments(n - 1)[1:] == [Q(x.numerator, x.denominator) for x in psi[1:]]


def test_free_mul_with_bernoulli_matches_compression_formula():
    # mu ⊠ Bernoulli(alpha) = (1 - alpha) delta_0 + alpha * D_alpha(mu^{⊞ 1/alpha}):
    # for k >= 1, m_k = alpha^(k+1) * m_k(mu^{⊞ 1/alpha}), and mu^{⊞ t} has cumulants t*kappa.
    alpha = Q(1, 3)
    for mu in (marchenko_pastur(Q(1, 2), Q(3, 2)), atoms({1: Q(1, 2), 4: Q(1, 2)})):
        kappa = [x / alpha for x in mu.free_cumulants(10)]
        boxplus_power = moments_by_recursion(kappa, 10)
        expected = [1] + [alpha ** (k + 1) * boxplus_power[k] for k in range(1, 11)]
        prod = free_mul(mu, atoms({0: 1 - alpha, 1: alpha}))
        assert prod.moments(10) == expected
        assert free_mul(atoms({0: 1 - alpha, 1: alpha}), mu) == prod


def test_free_add_of_fuss_catalan_laws_degree_ten():
    mu = free_add(fuss_catalan(2), fuss_catalan(3))
    P = mu.stieltjes_polynomial()
    assert P.degree(M) == 10
    k = [x + y for x, y in zip(fuss_catalan(2).free_cumulants(12), fuss_catalan(3).free_cumulants(12))]
    assert mu.moments(12) == moments_by_recursion(k, 12)


def test_symbolic_free_mul_mp_with_bernoulli():
    c = Symbol("c", positive=True)
    p = Q(2, 5)
    mu = free_mul(marchenko_pastur(c), atoms({0: 1 - p, 1: p}))
    kappa = [c ** (k - 1) / p for k in range(1, 8)]
    boxplus_power = moments_by_recursion(kappa, 7)
    for k in range(1, 8):
        assert sympy.simplify(mu.moments(7)[k] - p ** (k + 1) * boxplus_power[k]) == 0


def test_free_mul_rejects_zero_mean_and_signed_inputs():
    with pytest.raises(RmtsymError, match="mean 0"):
        free_mul(marchenko_pastur(2), atoms({-1: Q(1, 2), 1: Q(1, 2)}))
    with pytest.raises(RmtsymError, match=r"\[0, inf\)"):
        free_mul(semicircle(1), semicircle(2))
    with pytest.raises(RmtsymError, match="mean 0"):
        free_mul(marchenko_pastur(2), semicircle(1))
    with pytest.raises(RmtsymError, match="must be a measure"):
        free_add(semicircle(1), 3)
