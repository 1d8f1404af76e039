"""Tests of rmtsym.numerics: branch, density, edges, atoms, subordination.

Independent checks live here: closed-form densities, a naive root
continuation from z = i*inf written with numpy, exact moments from the
foundation (AlgebraicMeasure.moments).
"""

import mpmath
import numpy as np
import pytest
import sympy

from rmtsym import numerics as N
from rmtsym.free.convolution import free_add, free_mul
from rmtsym.core.errors import RmtsymError
from rmtsym.laws.named import atoms as atoms_law
from rmtsym.laws.named import fuss_catalan, marchenko_pastur, semicircle

from _mp import close, mpq   # tests/_mp.py

Q = sympy.Rational



# ---------------------------------------------------------------------------
# closed forms at 40 digits
# ---------------------------------------------------------------------------

def test_semicircle_closed_form_40_digits():
    mu = semicircle(Q(3, 2))                     # non-unit variance on purpose
    with mpmath.workdps(50):
        v = mpmath.mpf(3) / 2
        r = 2 * mpmath.sqrt(v)
        for x in ["0", "0.3", "-1.7", "2.4", Q(1, 7)]:
            xx = mpq(x) if not isinstance(x, str) else mpmath.mpf(x)
            exact = mpmath.sqrt(4 * v - xx ** 2) / (2 * mpmath.pi * v)
            assert close(N.density(mu, x, dps=40), exact, 40)
        assert N.density(mu, 3, dps=40) == 0
        (a, b), = N.support(mu, dps=40)
        assert close(a, -r, 40) and close(b, r, 40)
    assert N.support(mu, dps=None) == [(-sympy.sqrt(6), sympy.sqrt(6))]
    assert N.atoms(mu, dps=40) == []


@pytest.mark.parametrize("c", [Q(1, 2), Q(2)])
def test_marchenko_pastur_closed_form_40_digits(c):
    mu = marchenko_pastur(c, Q(3, 4))
    with mpmath.workdps(50):
        cc, s2 = mpq(c), mpmath.mpf(3) / 4
        lo, hi = s2 * (1 - mpmath.sqrt(cc)) ** 2, s2 * (1 + mpmath.sqrt(cc)) ** 2
        for t in ["0.1", "0.5", "0.93"]:
            x = lo + (hi - lo) * mpmath.mpf(t)
            exact = mpmath.sqrt((hi - x) * (x - lo)) / (2 * mpmath.pi * cc * s2 * x)
            assert close(N.density(mu, x, dps=40), exact, 38)
        (a, b), = N.support(mu, dps=40)
        assert close(a, lo, 40) and close(b, hi, 40)
        ats = N.atoms(mu, dps=40)
        if c > 1:
            assert len(ats) == 1 and ats[0][0] == 0 and close(ats[0][1], 1 - 1 / cc, 40)
        else:
            assert ats == []
        assert N.density(mu, lo / 2, dps=40) == 0


def test_stieltjes_semicircle_branch_everywhere():
    mu = semicircle(1)
    with mpmath.workdps(45):
        for z in [1j, 3 + 0.5j, -2 + 1e-9j, 0.1 + 100j, 5, -3]:
            zz = mpmath.mpc(z)
            exact = (-zz + mpmath.sqrt(zz - 2) * mpmath.sqrt(zz + 2)) / 2
            assert close(N.stieltjes(mu, z, dps=40), exact, 39)
            assert mpmath.im(N.stieltjes(mu, z, dps=20)) >= 0
        # lower half plane by symmetry
        assert close(N.stieltjes(mu, -1j, dps=30), mpmath.conj(N.stieltjes(mu, 1j, dps=30)), 30)


# ---------------------------------------------------------------------------
# moments of convolutions (exact foundation moments vs density + atoms)
# ---------------------------------------------------------------------------

CONV = {
    "sc+mp": lambda: free_add(semicircle(1), marchenko_pastur(Q(1, 2))),
    "mp*mp": lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1)),
    "mp*bernoulli": lambda: free_mul(marchenko_pastur(1), atoms_law({0: Q(2, 3), 1: Q(1, 3)})),
}


@pytest.mark.parametrize("name", sorted(CONV))
def test_convolution_moments_25_digits(name):
    mu = CONV[name]()
    exact = mu.moments(6)
    num = N.numeric_moments(mu, 6, dps=30)
    for k in range(7):
        assert close(num[k], mpq(exact[k]), 25), (k, num[k], exact[k])
    assert close(num[0], mpmath.mpf(1), 28)
    a = N.support(mu, dps=30)[0][0]
    b = N.support(mu, dps=30)[-1][1]
    xs = [a + (b - a) * mpmath.mpf(k) / 97 for k in range(-3, 101)]
    assert all(v >= 0 for v in N.density(mu, xs, dps=20))


def test_mp_product_right_edge_and_bernoulli_atom():
    mu = CONV["mp*mp"]()
    assert N.support(mu, dps=None) == [(0, Q(27, 4))]
    nu = CONV["mp*bernoulli"]()
    ats = N.atoms(nu, dps=40)
    assert len(ats) == 1 and ats[0][0] == 0 and close(ats[0][1], mpq(Q(2, 3)), 40)
    # MP(1) [x] Bernoulli(p) = MP(1/p, p) (compound free Poisson), closed form
    with mpmath.workdps(40):
        p = mpmath.mpf(1) / 3
        c, s2 = 1 / p, p
        lo, hi = s2 * (1 - mpmath.sqrt(c)) ** 2, s2 * (1 + mpmath.sqrt(c)) ** 2
        x = (lo + hi) / 3
        exact = mpmath.sqrt((hi - x) * (x - lo)) / (2 * mpmath.pi * c * s2 * x)
        assert close(N.density(nu, x, dps=30), exact, 29)
    assert close(N.cdf(nu, 0, dps=20), mpq(Q(2, 3)), 20)
    assert close(N.cdf(nu, 10, dps=20), mpmath.mpf(1), 20)


# ---------------------------------------------------------------------------
# degree >= 4: independent naive continuation from i*inf (numpy)
# ---------------------------------------------------------------------------

def naive_density(P, x, steps=600):
    """Follow the root ~ -1/z from z = x + 1e4 i straight down to x + 1e-10 i."""
    m, z = sympy.symbols("m z")
    coeffs = [sympy.Poly(P.as_expr().coeff(m, j), z) if P.degree(m) >= j else None
              for j in range(P.degree(m) + 1)]
    cj = [[float(c) for c in cf.all_coeffs()] for cf in coeffs]

    def roots(zz):
        return np.roots([np.polyval(c, zz) for c in reversed(cj)])

    ts = np.geomspace(1e4, 1e-10, steps)
    zz = x + 1j * ts[0]
    r = roots(zz)
    cur = r[np.argmin(abs(r + 1 / zz))]
    for t in ts[1:]:
        r = roots(x + 1j * t)
        cur = r[np.argmin(abs(r - cur))]
    return cur.imag / np.pi


HARD = {
    "mp*mp*mp": lambda: free_mul(marchenko_pastur(1), marchenko_pastur(1), marchenko_pastur(1)),
    "(mp*mp)+sc": lambda: free_add(free_mul(marchenko_pastur(1), marchenko_pastur(1)), semicircle(1)),
    "fc2+fc3": lambda: free_add(fuss_catalan(2), fuss_catalan(3)),
}


@pytest.mark.parametrize("name", sorted(HARD))
def test_degree_ge_4_against_naive_continuation(name):
    mu = HARD[name]()
    P = mu.stieltjes_polynomial()
    assert P.degree(sympy.Symbol("m")) >= 4
    sup = N.support(mu, dps=20)
    a, b = sup[0][0], sup[-1][1]
    xs = [a + (b - a) * mpmath.mpf(k) / 13 for k in range(1, 13)]
    dens = N.density(mu, xs, dps=20)
    for x, d in zip(xs, dens):
        ref = naive_density(P, float(x))
        assert abs(float(d) - ref) < 1e-6 * (1 + abs(ref)), (float(x), d, ref)
        assert d > 0
    for x in [a - 1, a - mpmath.mpf("1e-6"), b + mpmath.mpf("1e-6"), b + 3]:
        assert N.density(mu, x, dps=20) == 0     # exactly zero off the support


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HARD))
def test_degree_ge_4_moments(name):
    mu = HARD[name]()
    exact = mu.moments(6)
    num = N.numeric_moments(mu, 6, dps=30)
    for k in range(7):
        assert close(num[k], mpq(exact[k]), 25)


def test_fuss_catalan_3_sampled_spectrum():
    """Product of three square Wisharts: sampled cdf vs numeric cdf."""
    rng = np.random.default_rng(7)
    n, reps = 300, 4
    ev = []
    for _ in range(reps):
        prod = np.eye(n)
        for _ in range(3):
            X = rng.standard_normal((n, n)) / np.sqrt(n)
            prod = prod @ X
        ev.extend(np.linalg.svd(prod, compute_uv=False) ** 2)
    ev = np.array(ev)
    mu = HARD["mp*mp*mp"]()
    for x in [0.5, 2.0, 5.0]:
        F = float(N.cdf(mu, x, dps=15))
        assert abs(np.mean(ev <= x) - F) < 0.02


# ---------------------------------------------------------------------------
# grid = pointwise
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sc+mp", "(mp*mp)+sc"])
def test_grid_equals_pointwise(name):
    mu = (CONV.get(name) or HARD.get(name))()
    a, b = N.support(mu, dps=30)[0]
    xs = [a - 1] + [a + (b - a) * mpmath.mpf(k) / 23 for k in range(0, 24)] + [b + 1]
    grid = N.density(mu, xs, dps=30)
    for x, g in zip(xs, grid):
        p = N.density(mu, x, dps=30)
        assert close(g, p, 29) if p else g == 0


# ---------------------------------------------------------------------------
# subordination and NumericMeasure
# ---------------------------------------------------------------------------

def test_subordination_agrees_with_polynomial_route():
    sc, mp = semicircle(1), marchenko_pastur(Q(1, 2))
    exact = free_add(sc, mp)
    sub = N.free_add_numeric(sc, mp, dps=30)
    for z in [0.5 + 1j, 2 + 0.1j]:
        assert close(sub.stieltjes(z, dps=30), N.stieltjes(exact, z, dps=30), 25)
    assert close(sub.density(1.25, dps=30), N.density(exact, 1.25, dps=30), 25)
    m1 = marchenko_pastur(1)
    sub2 = N.free_mul_numeric(m1, m1, dps=30)
    ex2 = free_mul(m1, m1)
    assert close(sub2.stieltjes(1 + 1j, dps=30), N.stieltjes(ex2, 1 + 1j, dps=30), 25)
    assert all(close(a, mpq(b), 25) for a, b in zip(sub2.moments(5), ex2.moments(5)))


def test_numeric_measure_reproduces_moments():
    c, s2 = Q(1, 2), 1
    exact = marchenko_pastur(c).moments(6)
    with mpmath.workdps(40):
        lo, hi = (1 - mpmath.sqrt(mpq(c))) ** 2, (1 + mpmath.sqrt(mpq(c))) ** 2

    def rho(x):
        cc = mpmath.mpf(1) / 2
        a, b = (1 - mpmath.sqrt(cc)) ** 2, (1 + mpmath.sqrt(cc)) ** 2
        return mpmath.sqrt((b - x) * (x - a)) / (2 * mpmath.pi * cc * x)

    nm = N.NumericMeasure(rho, [(lo, hi)], label="MP(1/2)")
    for a, b in zip(nm.moments(6, dps=30), exact):
        assert close(a, mpq(b), 28)
    assert nm.nonnegative is True
    assert close(nm.stieltjes(1j, dps=25), N.stieltjes(marchenko_pastur(c), 1j, dps=25), 25)
    assert nm.density(10) == 0


def test_tanh_derivative_law_moments():
    """Law of phi'(h)^2 = sech(h)^4, h ~ N(0, q): moments vs Gaussian quadrature."""
    q = mpmath.mpf(1) / 2

    def rho(y):
        # y = sech(h)^4, h = +-arcsech(y^(1/4)); |dy/dh| = 4 sech^4 tanh
        t = mpmath.sqrt(1 - mpmath.sqrt(y))          # tanh(h), well conditioned near y = 1
        h = mpmath.atanh(t)
        return 2 * mpmath.npdf(h, 0, mpmath.sqrt(q)) / (4 * y * t)

    nm = N.NumericMeasure(rho, [(0, 1)], label="nu_tanh")
    mom = nm.moments(3, dps=16)
    with mpmath.workdps(30):
        for k in range(4):
            ref = mpmath.quad(lambda h: mpmath.sech(h) ** (4 * k) * mpmath.npdf(h, 0, mpmath.sqrt(q)),
                              [-mpmath.inf, 0, mpmath.inf])
            assert close(mom[k], ref, 15)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

def test_bad_input():
    mu = semicircle(1)
    with pytest.raises(RmtsymError, match="x must be real"):
        N.density(mu, 1 + 2j)
    with pytest.raises(RmtsymError, match="dps"):
        N.density(mu, 0, dps=3)
    with pytest.raises(RmtsymError, match="dps"):
        N.density(mu, 0, dps=10 ** 6)
    with pytest.raises(RmtsymError, match="dps"):
        N.support(mu, dps=2.5)
    with pytest.raises(RmtsymError, match="support"):
        N.stieltjes(mu, 0.5)
    with pytest.raises(RmtsymError, match="support"):
        N.stieltjes(mu, 2)
    c = sympy.Symbol("c", positive=True)
    with pytest.raises(RmtsymError, match="subs"):
        N.density(marchenko_pastur(c), 1)
    with pytest.raises(RmtsymError, match="atom"):
        N.stieltjes(marchenko_pastur(2), 0)
    with pytest.raises(RmtsymError):
        N.NumericMeasure("not callable", [(0, 1)])


def test_subordination_with_numeric_input():
    """NumericMeasure(MP(1/2) density) ⊞ semicircle vs the exact polynomial route."""
    def rho(x):
        cc = mpmath.mpf(1) / 2
        a, b = (1 - mpmath.sqrt(cc)) ** 2, (1 + mpmath.sqrt(cc)) ** 2
        return mpmath.sqrt((b - x) * (x - a)) / (2 * mpmath.pi * cc * x)

    with mpmath.workdps(40):
        lo, hi = (1 - mpmath.sqrt(mpmath.mpf(1) / 2)) ** 2, (1 + mpmath.sqrt(mpmath.mpf(1) / 2)) ** 2
    nm = N.NumericMeasure(rho, [(lo, hi)])
    sub = N.free_add_numeric(semicircle(1), nm, dps=20)
    exact = free_add(semicircle(1), marchenko_pastur(Q(1, 2)))
    assert close(sub.stieltjes(1 + 1j, dps=20), N.stieltjes(exact, 1 + 1j, dps=20), 18)
    assert all(close(a, mpq(b), 18) for a, b in zip(sub.moments(4, dps=20), exact.moments(4)))
    # convolution.free_add / free_mul dispatch to subordination for numeric inputs
    assert isinstance(free_add(semicircle(1), nm), N.SubordinatedMeasure)
    prod = free_mul(marchenko_pastur(1), nm)
    assert isinstance(prod, N.SubordinatedMeasure)
    ex2 = free_mul(marchenko_pastur(1), marchenko_pastur(Q(1, 2)))
    assert close(N.stieltjes(ex2, 2 + 1j, dps=20), prod.stieltjes(2 + 1j, dps=20), 18)


def test_subordination_moments_non_unit_means():
    mu, nu = marchenko_pastur(Q(1, 2), 3), marchenko_pastur(2, Q(1, 5))
    sub = N.free_mul_numeric(mu, nu, dps=25)
    ex = free_mul(mu, nu)
    assert all(close(a, mpq(b), 22) for a, b in zip(sub.moments(5, dps=25), ex.moments(5)))
    assert close(sub.stieltjes(1 + 1j, dps=25), N.stieltjes(ex, 1 + 1j, dps=25), 22)
    # nested: (sc ⊞ sc) ⊞ sc by subordination = semicircle(3)
    s = semicircle(1)
    nested = N.free_add_numeric(N.free_add_numeric(s, s, dps=20), s, dps=20)
    assert close(nested.stieltjes(1j, dps=15), N.stieltjes(semicircle(3), 1j, dps=15), 12)


# ---------------------------------------------------------------------------
# regressions (issue 3 leftovers)
# ---------------------------------------------------------------------------

def test_soft_edge_after_lower_precision_calls():
    """Continuation into a soft edge from points cached at a lower precision
    (used to stall: the cached start was not re-resolved, and the step points
    were rounded at the old precision)."""
    mu = free_add(semicircle(1), marchenko_pastur(Q(1, 2)))
    mu.moments(119)
    with mpmath.workdps(60):
        a = N.support(mu, dps=50)[0][0]
        x27, x10 = a + mpmath.mpf(10) ** -27, a + mpmath.mpf(10) ** -10
    c27 = N.cdf(mu, x27, dps=16)
    c10 = N.cdf(mu, x10, dps=20)
    # near a soft edge F(a + t) ~ C t^(3/2): both tiny, increasing
    assert 0 <= c27 < 1e-38 and 0 < c10 < 1e-13 and c27 < c10
    num = N.numeric_moments(mu, 6, dps=20)
    for k, e in enumerate(mu.moments(6)):
        assert close(num[k], mpq(e), 19), k


@pytest.mark.slow
def test_jacobian_relu_atom_and_cdf():
    """ReLU L=2 Jacobian law: atom 1/2 at 0 (rank of D2 W2 D1 W1 is n/2: D2
    zeroes half the rows), cdf = atom + quadrature of the density."""
    from rmtsym.models.jacobian import JacobianSpectrum
    mu = JacobianSpectrum("relu", 2, sigma_w2=2, sigma_b2=0).measure()
    (x0, w0), = N.atoms(mu, dps=20)
    assert x0 == 0 and close(w0, mpmath.mpf(1) / 2, 20)
    (a, b), = N.support(mu, dps=20)
    assert a == 0 and b > 11
    xs = [Q(1, 1000), Q(1, 2), Q(5), b - Q(1, 10**4)]
    F = [N.cdf(mu, x, dps=20) for x in xs]
    assert all(f1 < f2 for f1, f2 in zip(F, F[1:])) and F[0] > Q(1, 2)
    with mpmath.workdps(30):
        for i in range(1, 3):
            lo, hi = mpq(xs[i - 1]), mpq(xs[i])
            inc = mpmath.quad(lambda t: N.density(mu, t, dps=25), [lo, (lo + hi) / 2, hi])
            assert close(F[i] - F[i - 1], inc, 15), i
    assert N.cdf(mu, 20, dps=20) == 1 and N.cdf(mu, -1, dps=20) == 0
    assert close(N.cdf(mu, 0, dps=20), mpmath.mpf(1) / 2, 20)


def test_hard_edge_marchenko_pastur_ratio_one():
    """MP(1): rho = sqrt((4-x)/x)/(2 pi) diverges at the hard edge 0.
    F(x) = (sqrt(x(4-x)) + 4 asin(sqrt(x)/2)) / (2 pi)."""
    mu = marchenko_pastur(1)
    assert N.density(mu, 0, dps=30) == mpmath.inf
    assert N.atoms(mu, dps=30) == []
    with mpmath.workdps(50):
        for x in [mpmath.mpf(10) ** -30, mpmath.mpf(10) ** -8, mpmath.mpf("0.25")]:
            exact = mpmath.sqrt((4 - x) / x) / (2 * mpmath.pi)
            assert close(N.density(mu, x, dps=30), exact, 28)
        for x in [mpmath.mpf(10) ** -6, mpmath.mpf("0.5")]:
            F = (mpmath.sqrt(x * (4 - x)) + 4 * mpmath.asin(mpmath.sqrt(x) / 2)) / (2 * mpmath.pi)
            assert close(N.cdf(mu, x, dps=20), F, 19)


@pytest.mark.slow
def test_jacobian_relu_cdf_next_to_the_atom_vs_puiseux_head():
    """ReLU L=2 Jacobian law next to its atom 1/2 at the pole z = 0.

    Independent route, derived here from P(m, z) with sympy: the Newton
    polygon of P at z = 0 gives a double branch m ~ a/z; with z = t^2 and
    m = (a + b t)/t^2 the lowest coefficients in t fix a (a double root,
    a = -w with w the atom) and then b.  On z = x + i0, x > 0, the next
    terms of the Puiseux series with integer powers of z are real, so
    rho(x) = Im(b) x^(-1/2)/pi (1 + O(x)) and
    F(x) - w = 2 Im(b) sqrt(x)/pi (1 + O(x)).  Near x = 1e-30 the quadrature
    samples the density ~1e-36 from the pole (this used to hang).
    """
    from rmtsym.models.jacobian import JacobianSpectrum
    from rmtsym.numerics import algebraic as A
    from rmtsym.core.errors import ConvergenceError
    mu = JacobianSpectrum("relu", 2, sigma_w2=2, sigma_b2=0).measure()
    P = mu.stieltjes_polynomial
    P = P() if callable(P) else P
    m, z = P.gens
    t, a, b = sympy.symbols("t a b")
    d = P.degree(m)
    E = sympy.Poly(sympy.expand(P.as_expr().subs({z: t**2, m: (a + b * t) / t**2}) * t**(2 * d)), t)
    k0 = min(j for (j,) in E.monoms())
    c0 = sympy.factor(E.coeff_monomial(t**k0))          # a (2a + 1)^2 here
    roots_a = sympy.roots(sympy.Poly(c0, a))
    (a0,) = [r for r, k in roots_a.items() if r != 0 and k >= 2]
    (x0, w0), = N.atoms(mu, dps=20)
    assert x0 == 0 and close(w0, mpq(-a0), 20)            # m ~ -w/z at an atom
    Ea = sympy.Poly(sympy.expand(E.as_expr().subs(a, a0)), t)
    k = min(j for (j,) in Ea.monoms() if Ea.coeff_monomial(t**j) != 0)
    (bb,) = [r for r in sympy.solve(Ea.coeff_monomial(t**k), b) if sympy.im(r) > 0]
    imb = sympy.im(bb)                                      # 1/2 here
    for dps in (15, 20):
        cur = A._curve(mu, dps + 5)
        for e in (30, 20):
            with mpmath.workdps(dps + 30):
                x = mpmath.mpf(10) ** -e
                head = 2 * mpq(imb) * mpmath.sqrt(x) / mpmath.pi
                ac, _ = A._integrate_ac(cur, lambda s: 1, dps, upto=x)
                assert abs(ac - head) <= mpmath.mpf(10) ** -(dps - 3) * head, (dps, e)
            F = N.cdf(mu, mpmath.mpf(10) ** -e, dps=dps)
            with mpmath.workdps(dps + 30):
                # F is rounded to dps digits; F - 1/2 is ~ 3e-16 (e = 30)
                assert abs(F - (mpq(-a0) + head)) <= mpmath.mpf(10) ** -(dps - 1), (dps, e)
    # work budget: a quadrature that cannot finish raises, never stalls
    with pytest.raises(ConvergenceError, match="work budget"):
        A._integrate_ac(A._curve(mu, 20), lambda s: 1, 15, upto=mpmath.mpf(2), budget=50)


def test_density_at_a_zero_of_the_leading_coefficient_is_finite_off_the_physical_pole():
    """a_d(0) = 0 for the normalised-relu deformed semicircle (Wang–Zhu): a non-physical root
    escapes to infinity at x = 0 but the density is continuous there.  Before the fix every
    zero of a_d was reported as +inf.  Second route: the density at x = +-1e-8 (no critical
    point there), which must agree to ~1e-8 (|rho'| is bounded near 0 by symmetry of the law)."""
    import sympy as sp
    from rmtsym.core.measure import M, Z
    from rmtsym.models.ultrawide import UltraWideKernel
    # mu_s ⊠ ((1 - b^2) + b^2 MP(1/2)), b^2 = pi/(2(pi - 1)) of the normalised relu
    mu = UltraWideKernel.gaussian_data("relu", sp.Rational(1, 2), normalize=True).measure()
    P = mu.stieltjes_polynomial()
    lead = sp.Poly(P.as_expr(), M).LC()
    assert sp.simplify(lead.subs(Z, 0)) == 0          # x = 0 is a zero of a_d
    at0 = mu.density(0, dps=30)
    assert mpmath.isfinite(at0) and at0 > 0
    near = (mu.density(sp.Rational(1, 10**8), dps=30) + mu.density(-sp.Rational(1, 10**8), dps=30)) / 2
    assert abs(at0 - near) < 1e-12


def test_density_at_a_pole_of_the_physical_branch_is_still_infinite():
    """MP with ratio 1 and MP(1) ⊠ MP(1): the density blows up at the hard edge 0."""
    assert marchenko_pastur(1).density(0, dps=20) == mpmath.inf
    fm = free_mul(marchenko_pastur(1), marchenko_pastur(1))
    assert fm.density(0, dps=20) == mpmath.inf
