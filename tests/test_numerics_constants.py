"""Numerics of algebraic measures that carry exact irrational constants.

The constant here is p = erf(1/sqrt(3)), carried by ``rmtsym.laws.atoms`` as
an internal symbol.  Independent routes written in this file: the closed
form m(z) = sum_i w_i/(x_i - z) of a discrete law evaluated with mpmath's own
erf; the exact moments of the foundation (``mu.moments``) with the constant
substituted and evaluated by SymPy ``N``; the atom of a free product at 0,
mass max(mu({0}), nu({0})) (Belinschi, Bercovici).
"""

import mpmath
import pytest
import sympy

from rmtsym import numerics as N
from rmtsym.free.convolution import free_mul
from rmtsym.core.errors import RmtsymError
from rmtsym.laws.named import atoms as atoms_law
from rmtsym.laws.named import marchenko_pastur

Q = sympy.Rational
P_EXACT = sympy.erf(1 / sympy.sqrt(3))
X0, X1 = Q(-1, 3), Q(5, 2)


def p_mp():
    """erf(1/sqrt 3) by mpmath at the current precision (independent of SymPy's N)."""
    return mpmath.erf(1 / mpmath.sqrt(3))


def close(a, b, digits):
    with mpmath.workdps(digits + 20):
        return abs(a - b) <= mpmath.mpf(10) ** (-digits) * max(1, abs(b))


@pytest.fixture(scope="module")
def two_atoms():
    return atoms_law({X0: 1 - P_EXACT, X1: P_EXACT})


@pytest.fixture(scope="module")
def product():
    return free_mul(atoms_law({0: 1 - P_EXACT, 2: P_EXACT}), marchenko_pastur(Q(1, 2)))


def test_law_carries_the_constant(two_atoms):
    assert two_atoms.params == ()
    assert list(two_atoms.constants.values()) == [P_EXACT]


@pytest.mark.parametrize("dps", [30, 60])
def test_two_atoms_stieltjes_closed_form(two_atoms, dps):
    with mpmath.workdps(dps + 20):
        p = p_mp()
        x0, x1 = mpmath.mpf(-1) / 3, mpmath.mpf(5) / 2
        for z in [mpmath.mpc(1, 1), mpmath.mpc("-0.3", "1e-8"), mpmath.mpc(7, -2),
                  mpmath.mpf(1), mpmath.mpf(-4)]:
            exact = (1 - p) / (x0 - z) + p / (x1 - z)
            got = N.stieltjes(two_atoms, z, dps=dps)
            assert close(got, exact, dps), (z, got, exact)


def test_two_atoms_atoms_cdf_density(two_atoms):
    with mpmath.workdps(50):
        p = p_mp()
        (a0, w0), (a1, w1) = N.atoms(two_atoms, dps=30)
        assert close(a0, mpmath.mpf(-1) / 3, 30) and close(a1, mpmath.mpf(5) / 2, 30)
        assert close(w0, 1 - p, 30) and close(w1, p, 30)
        assert N.support(two_atoms, dps=30) == []
        assert N.cdf(two_atoms, -1, dps=30) == 0
        assert close(N.cdf(two_atoms, 0, dps=30), 1 - p, 30)
        assert close(N.cdf(two_atoms, Q(5, 2), dps=30), 1, 30)     # at the atom: right-continuous
        assert close(N.cdf(two_atoms, 9, dps=30), 1, 30)
        assert N.density(two_atoms, [-2, 0, 1, 3], dps=30) == [0, 0, 0, 0]
        assert N.numeric_moments(two_atoms, 2, dps=30)[2] == pytest.approx(
            float((1 - p) / 9 + p * 25 / 4), rel=1e-15)


def test_exact_edges_refused(two_atoms, product):
    for mu in (two_atoms, product):
        with pytest.raises(RmtsymError, match="irrational"):
            N.support(mu, dps=None)


def test_free_product_moments_exact(product):
    num = N.numeric_moments(product, 6, dps=30)
    exact = product.moments(6)
    assert all(e.has(sympy.erf) for e in exact[1:])        # the constant really is there
    with mpmath.workdps(60):
        for k, (a, e) in enumerate(zip(num, exact)):
            b = mpmath.mpf(str(sympy.N(e, 60)))
            assert close(a, b, 25), (k, a, b)
        assert close(num[0], 1, 28)                          # total mass


def test_free_product_atom_density_cdf(product):
    with mpmath.workdps(50):
        p = p_mp()
        ats = N.atoms(product, dps=30)
        # mu boxtimes nu ({0}) = max(mu({0}), nu({0})); MP(1/2) has no atom
        assert len(ats) == 1 and ats[0][0] == 0 and close(ats[0][1], 1 - p, 30)
        (a, b), = N.support(product, dps=30)
        assert 0 < a < b
        xs = [a + (b - a) * mpmath.mpf(k) / 40 for k in range(-2, 43)]
        rho = N.density(product, xs, dps=20)
        assert all(r >= 0 for r in rho)
        assert all(r == 0 for x, r in zip(xs, rho) if x < a or x > b)
        assert sum(1 for r in rho if r > 0) >= 38
        # grid density equals pointwise density
        for k in (5, 20, 33):
            assert close(rho[k], N.density(product, xs[k], dps=20), 18)
        assert close(N.cdf(product, b + 1, dps=20), 1, 20)
        assert close(N.cdf(product, a / 2, dps=20), 1 - p, 20)


def test_high_precision_surrogate_has_no_float_overflow():
    """Regression: at dps = 60 the rational surrogate of a cubic law has ~400-digit
    integer coefficients, whose float copies overflowed.  Route 1: the exact
    polynomial; route 2: subordination of the two inputs."""
    from rmtsym.laws.named import atoms, semicircle
    from rmtsym.free.convolution import free_add
    from rmtsym.numerics import free_add_numeric
    p = sympy.erf(1 / sympy.sqrt(3))
    law = atoms({sympy.Rational(-1, 3): 1 - p, sympy.Rational(5, 2): p})
    sc = semicircle(sympy.Rational(3, 2))
    exact = free_add(law, sc)
    z = mpmath.mpc("0.7", "0.4")
    with mpmath.workdps(80):
        a = exact.stieltjes(z, dps=60)
        b = free_add_numeric(law, sc, dps=60).stieltjes(z, dps=60)
        assert abs(a - b) <= mpmath.mpf(10) ** -58 * abs(b)
