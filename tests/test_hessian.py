"""Tests of the PB17 Hessian model (rmtsym.models.hessian, rmtsym.sampling.hessian).

Every result by two routes: the seed's quartic vs free_add by resultants vs
moments from free cumulants (NC partitions); H1 from its R-transform vs the
product-Wishart derivation (free_mul) vs the DC14 closed form; the index by
quadrature vs the antiderivative formula; ε_c in closed form vs the
discriminant solved here and vs the support edge from the numerics; the
3/2 law fitted on computed indices vs the derived amplitude; sampled
spectra (Richardson in the width) vs exact moments.  Parameters are
non-unit (ς ≠ 1, φ ≠ 1/2) wherever the check allows.
"""

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym import AlgebraicMeasure, RmtsymError, moments_from_free_cumulants
from rmtsym.core.errors import NotAMeasureError
from rmtsym.core.measure import M, Z
from rmtsym.models.hessian import HessianSpectrum
from rmtsym.sampling import SAMPLERS
from rmtsym.sampling.ensembles import richardson_moments
from rmtsym.sampling.hessian import hessian_matrices, hessian_pb17, residual_hessian

R = sp.Rational
e_, p_, s_ = sp.symbols("epsilon phi varsigma", positive=True)
G, w_ = sp.symbols("G w")


def seed_quartic_G(e, p, s, g=G, z=Z):
    """The seed's printed quartic (002, §4.1), moved to one side, in its variable m_H = g."""
    return (2 * (z - s * (1 - p)) * g - p * (2 * s * z + e * (1 - p)) * g ** 2
            - e * p ** 2 * (z + s * (p - 2)) * g ** 3 + z * e * s * p ** 3 * g ** 4 - 2)


def mpq(x):
    """An exact rational as an mpf at 50 digits."""
    x = sp.nsimplify(x)
    with mpmath.workdps(50):
        return mpmath.mpf(x.p) / x.q


def mpn(x):
    """A SymPy number as an mpf at 50 digits."""
    with mpmath.workdps(50):
        return mpmath.mpf(str(sp.N(x, 55)))


def close(a, b, digits):
    with mpmath.workdps(60):
        return abs(a - b) <= mpmath.mpf(10) ** (-digits) * max(1, abs(b))


# ---------------------------------------------------------------- the quartic

def test_seed_quartic_is_R_transform_equation_in_G():
    """R_H(G) + 1/G = z cleared of denominators (derived here) = the printed quartic, exactly."""
    Rh = s_ / (1 - s_ * p_ * G) + e_ * p_ * G / (2 - e_ * p_ ** 2 * G ** 2)
    num = sp.expand(sp.numer(sp.together(Rh + 1 / G - Z)))
    assert sp.cancel(num / sp.expand(seed_quartic_G(e_, p_, s_))) == -1


def test_model_quartic_is_seed_with_G_equal_minus_m():
    h = HessianSpectrum(e_, p_, s_)
    assert sp.expand(h.quartic() + seed_quartic_G(e_, p_, s_, g=-M)) == 0


def test_seed_quartic_read_in_m_convention_has_no_measure_branch():
    """Erratum (convention): the printed quartic with m_H = m (Stieltjes) has no branch m ~ -1/z."""
    P = sp.expand(seed_quartic_G(R(3, 10), R(2, 5), R(3, 2), g=M))
    with pytest.raises(NotAMeasureError):
        AlgebraicMeasure.from_polynomial(P)
    # ... while with m_H = G = -m it is a measure with mean varsigma
    mu = AlgebraicMeasure.from_polynomial(sp.expand(seed_quartic_G(R(3, 10), R(2, 5), R(3, 2), g=-M)))
    assert mu.moments(1) == [1, R(3, 2)]


def test_free_add_route_equals_quartic_numeric_parameters():
    h = HessianSpectrum(R(3, 10), R(2, 5), R(3, 2))
    assert h.free_add_measure().stieltjes_polynomial() == h.stieltjes_polynomial()


@pytest.mark.slow
def test_free_add_route_equals_quartic_symbolic():
    h = HessianSpectrum(e_, p_, s_)
    P1 = h.free_add_measure().stieltjes_polynomial().as_expr()
    P2 = h.stieltjes_polynomial().as_expr()
    assert sp.cancel(P1 / P2).is_number


def test_moments_from_free_cumulants_symbolic():
    """Moments of the quartic's series = NC-partition sums of kappa(H0) + kappa(H1) from the R-series."""
    K = 6
    Rh = s_ / (1 - s_ * p_ * w_) + e_ * p_ * w_ / (2 - e_ * p_ ** 2 * w_ ** 2)
    ser = sp.series(Rh, w_, 0, K).removeO()
    kappa = [sp.expand(ser.coeff(w_, k - 1)) for k in range(1, K + 1)]
    assert kappa[1] == sp.expand(s_ ** 2 * p_ + e_ * p_ / 2)
    expected = moments_from_free_cumulants(kappa)
    got = HessianSpectrum(e_, p_, s_).moments(K)
    assert all(sp.expand(a - b) == 0 for a, b in zip(got, expected))


def test_scaling_in_varsigma():
    """mu_H(eps, phi, s) is mu_H(eps/s^2, phi, 1) dilated by s: m_k scale like s^k."""
    a = HessianSpectrum(R(3, 10), R(2, 5), R(3, 2)).moments(6)
    b = HessianSpectrum(R(3, 10) / R(9, 4), R(2, 5), 1).moments(6)
    assert a == [R(3, 2) ** k * v for k, v in enumerate(b)]


def test_epsilon_zero_is_marchenko_pastur():
    from rmtsym import marchenko_pastur
    h = HessianSpectrum(0, R(3, 5), R(5, 4))
    assert h.measure() == marchenko_pastur(R(3, 5), R(5, 4))
    assert h.index() == 0


def test_moments_dps():
    h = HessianSpectrum(R(3, 10), R(2, 5), R(3, 2))
    m = h.moments(3, dps=30)
    assert close(m[2], mpq(R(9, 4) * R(7, 5) + R(3, 50)), 29)


# ----------------------------------------------------------------- H1 law

@pytest.mark.slow
def test_h1_product_wishart_equals_R_transform_symbolic():
    Pprod = HessianSpectrum(e_, p_).h1_product_polynomial()
    a, b = e_ * p_, e_ * p_ ** 2
    PR = sp.expand((Z * b * G ** 3 + (a - b) * G ** 2 - 2 * Z * G + 2).subs(G, -M))
    q = sp.factor(sp.cancel(Pprod / PR))
    assert sp.Poly(q, Z, e_, p_).is_monomial


@pytest.mark.parametrize("e,p", [(R(3, 10), R(2, 5)), (R(7, 5), R(5, 2))])
def test_h1_product_wishart_equals_R_transform(e, p):
    """The seed's derivation (masked product of Wisharts, free_mul) gives exactly R_H1."""
    h = HessianSpectrum(e, p)
    Pprod = h.h1_product_polynomial()
    # R_H1 equation written here: z b G^3 + (a - b) G^2 - 2 z G + 2, a = e p, b = e p^2, G = -m
    a, b = e * p, e * p ** 2
    PR = sp.expand((Z * b * G ** 3 + (a - b) * G ** 2 - 2 * Z * G + 2).subs(G, -M))
    ratio = sp.factor(sp.cancel(Pprod / PR))
    assert ratio.free_symbols <= {Z} and sp.Poly(ratio, Z).is_monomial
    assert sp.Poly(h.h1_measure().stieltjes_polynomial().as_expr() * 1, M, Z) == \
        sp.Poly(sp.primitive(PR)[1] * sp.sign(sp.Poly(PR, M, Z).LC()), M, Z)


def test_h1_noise_variance_must_be_two_epsilon():
    """Erratum: residuals e ~ N(0, 1) (seed assumption 2) give kappa_2 = phi/4, not eps*phi/2.

    Product-Wishart route with residual variance v: second moment of H1 = v phi/4.
    """
    from rmtsym import free_mul, marchenko_pastur
    p = R(2, 5)
    c = 1 / p
    for v in (R(1), R(3, 5)):
        nu = free_mul(marchenko_pastur(c, v), marchenko_pastur(c, 1)).affine(p ** 2 / 4)
        m1_nu = nu.moments(1)[1] / p          # n x n law: (1/phi) nu' + (1 - 1/phi) delta_0
        assert m1_nu == v * p / 4             # = E[lambda^2] of H1
    e = R(3, 10)
    assert HessianSpectrum(e, p).h1_measure().moments(2)[2] == e * p / 2
    assert R(1) * p / 4 != e * p / 2          # unit-variance residuals contradict R_H1 unless eps = 1/2


@pytest.mark.parametrize("e,p,lams", [(R(3, 10), R(2, 5), ["0.05", "0.2", "0.5"]),
                                      (R(7, 5), R(5, 2), ["0.6", "1.3", "3.1"])])
def test_h1_dc14_density_corrected_vs_algebraic(e, p, lams):
    h = HessianSpectrum(e, p)
    mu = h.h1_measure()
    for lam in lams:
        alg = mu.density(mpn(sp.Rational(lam)), dps=30)
        assert close(h.h1_density_dc14(mpn(sp.Rational(lam)), dps=30), alg, 25)
        assert not close(h.h1_density_dc14(lam, dps=30, printed=True), alg, 2)


def test_h1_dc14_mass_support_and_atom():
    """DC14 support [sqrt(2 eps x_-)/alpha, sqrt(2 eps x_+)/alpha] and atom 1 - min(1, alpha/2)."""
    e, p = R(7, 5), R(5, 2)
    h = HessianSpectrum(e, p)
    mu = h.h1_measure()
    al = 2 / p
    a = al / 2
    xpm = [(8 + 20 * a - a ** 2 + sg * sp.sqrt(a) * (8 + a) ** R(3, 2)) / 8 for sg in (1, -1)]
    lo, hi = [sp.sqrt(2 * e * x) / al for x in (xpm[1], xpm[0])]
    (A, B), (C, D) = mu.support(dps=30)
    assert close(D, mpn(hi), 25)
    assert close(C, mpn(lo), 25)
    atoms = mu.atoms(dps=30)
    assert len(atoms) == 1 and close(atoms[0][1], mpq(1 - min(1, a)), 25)
    with mpmath.workdps(30):
        mass = 2 * mpmath.quad(lambda t: h.h1_density_dc14(t, dps=30), [C, (C + D) / 2, D])
    assert close(mass + mpq(1 - a), mpmath.mpf(1), 20)


# ----------------------------------------------------------------- the index

@pytest.mark.parametrize("e,p,s", [(R(1, 10), R(1, 2), 1), (R(2), R(1, 4), R(3, 2))])
def test_index_two_routes_25_digits(e, p, s):
    h = HessianSpectrum(e, p, s)
    a1 = h.index(dps=25, method="antiderivative")
    a2 = h.index(dps=25, method="quadrature")
    assert a1 > 0 and close(a1, a2, 25)


def test_index_atom_at_zero_is_one_over_two_phi():
    """phi > 2: atom 1 - 2/phi at 0 and alpha = 1/(2 phi) (antiderivative); quadrature agrees."""
    h = HessianSpectrum(R(1, 2), R(5, 2), R(4, 5))
    atoms = h.atoms(dps=30)
    assert len(atoms) == 1 and abs(atoms[0][0]) < 1e-25 and close(atoms[0][1], mpq(R(1, 5)), 25)
    assert close(h.index(dps=25), mpq(R(1, 5)), 25)
    assert close(h.index(dps=25, method="quadrature"), mpq(R(1, 5)), 25)


def test_index_in_a_gap_is_quantized():
    """0 in a gap: the antiderivative gives alpha in {0, 1/(2 phi)}; the quadrature agrees (phi = 3)."""
    h = HessianSpectrum(R(3), R(3), R(1, 2))
    sup = h.support(dps=20)
    assert len(sup) == 2 and sup[0][1] < 0 < sup[1][0]
    assert close(h.index(dps=25), mpq(R(1, 6)), 25)
    assert close(h.index(dps=25, method="quadrature"), mpq(R(1, 6)), 25)


@pytest.mark.slow
def test_index_phi_two_singular_at_zero():
    """phi = 2: no atom, density singular at 0+, gap on the left: alpha = 1/4 by both routes and cdf."""
    h = HessianSpectrum(R(1, 10), 2)
    assert h.atoms(dps=20) == []
    assert close(h.index(dps=25), mpq(R(1, 4)), 25)
    assert close(h.index(dps=25, method="quadrature"), mpq(R(1, 4)), 25)


@pytest.mark.slow
def test_index_vs_numerics_cdf():
    h = HessianSpectrum(R(1, 2), R(3, 2), R(2, 3))
    assert close(h.index(dps=25), h.cdf(0, dps=30), 25)


def test_index_vanishes_below_critical_epsilon():
    p, s = R(1, 2), R(3, 2)
    ec = HessianSpectrum.critical_epsilon(p, s)
    below = HessianSpectrum(sp.Rational(str(sp.N(ec * R(999, 1000), 40))), p, s)
    above = HessianSpectrum(sp.Rational(str(sp.N(ec * R(1001, 1000), 40))), p, s)
    assert below.support(dps=20)[0][0] > 0 and below.index(dps=20) == 0
    assert above.support(dps=20)[0][0] < 0 and above.index(dps=20) > 0


# ---------------------------------------------------------- critical epsilon

def test_critical_discriminant_is_factor_of_discriminant():
    """Disc_G of the seed quartic at z = 0 (computed here) contains D(eps) of the model."""
    q = sp.expand(seed_quartic_G(e_, p_, s_).subs(Z, 0))
    disc = sp.factor(sp.discriminant(q, G))
    D = sp.expand(HessianSpectrum.critical_discriminant())
    quo = sp.cancel(disc / D)
    assert quo.is_polynomial(e_, p_, s_) and sp.Poly(quo, e_, p_, s_).is_monomial


@pytest.mark.parametrize("p", [R(1, 3), R(1, 2), R(4, 5)])
def test_critical_epsilon_closed_form_vs_discriminant_root_and_edge(p):
    s = R(3, 2)
    ec = HessianSpectrum.critical_epsilon(p, s)
    # route 2: the smallest positive root of Disc_G(quartic at z = 0), solved numerically here
    q = sp.expand(seed_quartic_G(e_, p, s).subs(Z, 0))
    disc = sp.Poly(sp.discriminant(q, G), e_)
    with mpmath.workdps(40):
        roots = mpmath.polyroots([mpq(c) for c in disc.all_coeffs()], maxsteps=200, extraprec=200)
        pos = [mpmath.re(r) for r in roots if abs(mpmath.im(r)) < 1e-30 and mpmath.re(r) > 1e-30]
        assert close(mpn(ec), min(pos), 30)
    # route 3: the left edge from the numerics layer changes sign at eps_c
    for f, sign in ((R(9999, 10000), 1), (R(10001, 10000), -1)):
        h = HessianSpectrum(sp.Rational(str(sp.N(ec * f, 40))), p, s)
        assert sign * h.support(dps=20)[0][0] > 0


def test_critical_epsilon_series_near_phi_one():
    """eps_c = s^2 (8/27 d^3 + 8/27 d^4 + 32/81 d^5 + ...), d = 1 - phi: the seed's 8/27 holds.

    Route 1: series of the closed form.  Route 2: undetermined coefficients of
    D(eps, 1 - d) = 0 with eps = sum c_k d^k, solved order by order here.
    """
    d = sp.Symbol("delta", positive=True)
    s = R(3, 2)
    ser = sp.series(HessianSpectrum.critical_epsilon(1 - d, s), d, 0, 7).removeO()
    cs = sp.symbols("c3:7")
    eps = sum(c * d ** k for c, k in zip(cs, range(3, 7)))
    Dser = sp.expand(HessianSpectrum.critical_discriminant(1 - d, s, eps))
    sol = {}
    for k in range(3, 7):
        eq = sp.expand(Dser.subs(sol)).coeff(d, k)
        c = cs[k - 3]
        sol[c] = sp.solve(eq, c)[0]
    assert [sp.nsimplify(ser.coeff(d, k)) for k in range(3, 7)] == [sol[c] for c in cs]
    assert sol[cs[0]] == R(8, 27) * s ** 2 and sol[cs[1]] == R(8, 27) * s ** 2


def test_critical_epsilon_phi_at_least_one_is_zero_and_index_positive():
    assert HessianSpectrum.critical_epsilon(1) == 0 and HessianSpectrum.critical_epsilon(R(3, 2)) == 0
    assert HessianSpectrum(R(1, 100), R(3, 2), R(3, 2)).index(dps=20) > 0


def test_index_three_halves_law():
    """log-log slope of alpha(eps_c (1 + d)) -> 3/2, amplitude -> the derived alpha_0."""
    p, s = R(1, 2), R(3, 2)
    ec = HessianSpectrum.critical_epsilon(p, s)
    a0 = HessianSpectrum.critical_amplitude(p, s, dps=30)
    vals = {}
    for dd in ("1e-3", "1e-4"):
        e = sp.Rational(str(sp.N(ec * (1 + sp.Rational(dd)), 50)))
        vals[dd] = HessianSpectrum(e, p, s).index(dps=30)
        assert abs(vals[dd] / (a0 * mpmath.mpf(dd) ** 1.5) - 1) < 20 * mpmath.mpf(dd)
    slope = mpmath.log10(vals["1e-3"] / vals["1e-4"])
    assert abs(slope - 1.5) < 1e-3


# ------------------------------------------------------------------ sampling

def test_residual_hessian_is_the_true_hessian_of_a_relu_network():
    """Seed's [H~1]_{ab;cd} = (1/m) sum e_c delta_ad theta(z_a) x_b and [H1]_aa = 0, vs finite differences.

    L = (1/2m) sum (W2 relu(W1 X) - Y)^2 of a width-3 network on 5 points, Y chosen so
    that the residuals are E; the Hessian of L by central differences minus the
    Gauss-Newton part (1/m) sum J J^T (J analytic) must be residual_hessian(X, E, mask).
    """
    rng = np.random.default_rng(5)
    n, m = 3, 5
    X = rng.standard_normal((n, m))
    W1 = rng.standard_normal((n, n))
    W2 = rng.standard_normal((n, n))
    E = rng.standard_normal((n, m)) * 0.7
    Z1 = W1 @ X
    Y = W2 @ np.maximum(Z1, 0) - E

    def loss(theta):
        A, B = theta[: n * n].reshape(n, n), theta[n * n:].reshape(n, n)
        return ((B @ np.maximum(A @ X, 0) - Y) ** 2).sum() / (2 * m)

    theta = np.concatenate([W1.ravel(), W2.ravel()])
    N, h = 2 * n * n, 1e-4
    H = np.empty((N, N))
    I = np.eye(N) * h
    for i in range(N):
        for j in range(N):
            H[i, j] = (loss(theta + I[i] + I[j]) - loss(theta + I[i] - I[j])
                       - loss(theta - I[i] + I[j]) + loss(theta - I[i] - I[j])) / (4 * h * h)
    mask = Z1 > 0
    J = np.zeros((N, n, m))                     # d yhat_{i mu} / d theta
    for a in range(n):
        for b in range(n):
            J[a * n + b] = W2[:, a][:, None] * (mask[a] * X[b])[None, :]
    for c in range(n):
        for d in range(n):
            J[n * n + c * n + d, c] = np.maximum(Z1[d], 0)
    J = J.reshape(N, n * m)
    H0 = J @ J.T / m
    H1 = residual_hessian(X, E, mask)
    assert np.abs(H - H0 - H1).max() < 1e-6 * max(1.0, np.abs(H).max())
    assert np.abs(H1).max() > 0.05


def test_sampler_registered_and_shapes():
    assert "hessian_pb17" in SAMPLERS
    ev = hessian_pb17(5, np.random.default_rng(0), epsilon=0.3, phi=0.4, varsigma=1.5)
    assert ev.shape == (50,) and np.all(np.diff(ev) >= 0)
    H0, H1 = hessian_matrices(5, np.random.default_rng(0), 0.3, 0.4, 1.5)
    n2 = 25
    assert np.all(H1[:n2, :n2] == 0) and np.all(H1[n2:, n2:] == 0)
    assert np.allclose(H1, H1.T) and np.linalg.eigvalsh(H0).min() > -1e-10


@pytest.mark.parametrize("h1", ["network", "wishart"])
def test_sampled_moments_richardson(h1):
    """2 m(n) - m(n/2) within 4 sqrt(se^2 + bias^2) of the exact moments (bias: richardson_moments)."""
    h = HessianSpectrum(R(3, 10), R(2, 5), R(3, 2))
    exact = [float(v) for v in h.moments(4)[1:]]
    big = h.sample(12, 50, seed=2024, h1=h1)
    small = h.sample(6, 200, seed=2025, h1=h1)
    r = richardson_moments(big, small, 4)
    for k in range(4):
        tol = 4 * np.hypot(r["stderr"][k], r["bias_bound"][k])
        assert abs(r["estimate"][k] - exact[k]) < tol, (k + 1, r["estimate"][k], exact[k], tol)


def test_sampled_index_richardson():
    """Fraction of negative eigenvalues, 2 a(n) - a(n/2), within 4 sqrt(se^2 + bias^2) of alpha."""
    h = HessianSpectrum(R(1), R(1, 2), R(3, 2))
    alpha = float(h.index(dps=20))
    fb = (h.sample(12, 60, seed=31).eigenvalues < 0).mean(axis=1)
    fs = (h.sample(6, 240, seed=32).eigenvalues < 0).mean(axis=1)
    est = 2 * fb.mean() - fs.mean()
    se = np.sqrt(4 * fb.var(ddof=1) / len(fb) + fs.var(ddof=1) / len(fs))
    bias = 4 / 12 * abs(fb.mean() - fs.mean())
    assert abs(est - alpha) < 4 * np.hypot(se, bias) < alpha / 4


def test_sampled_h1_second_moment_is_eps_phi_over_two():
    """H1 alone: (1/N) tr H1^2 -> eps phi / 2 (residual variance 2 eps); unit residuals would give phi/4."""
    e, p = 0.3, 0.4
    ev = np.array([hessian_pb17(10, np.random.default_rng(k), e, p, 1.0, part="H1")
                   for k in range(40)])
    m2 = (ev ** 2).mean(axis=1)
    est, se = m2.mean(), m2.std(ddof=1) / np.sqrt(len(m2))
    # E tr H1^2 is exactly N * eps * phi / 2 * (k/m)(2/1)... with masks: E = 2 * eps * (1/m^2) n E#active
    assert abs(est - e * p / 2) < 4 * se + 0.1 * e * p / 2
    assert abs(est - p / 4) > 10 * se


# ----------------------------------------------------------------- bad input

@pytest.mark.parametrize("kw,match", [
    ({"epsilon": -1, "phi": 1}, "epsilon"), ({"epsilon": 1, "phi": 0}, "phi"),
    ({"epsilon": 1, "phi": -2}, "phi"), ({"epsilon": 1, "phi": 1, "varsigma": 0}, "varsigma"),
    ({"epsilon": "x", "phi": 1}, "epsilon"), ({"epsilon": 1, "phi": sp.I}, "phi"),
    ({"epsilon": sp.Symbol("q"), "phi": 1}, "epsilon")])
def test_bad_input(kw, match):
    with pytest.raises(RmtsymError, match=match):
        HessianSpectrum(**kw)


def test_bad_input_elsewhere():
    with pytest.raises(RmtsymError, match="phi"):
        HessianSpectrum.critical_epsilon(0)
    with pytest.raises(RmtsymError, match="varsigma"):
        HessianSpectrum.critical_epsilon(R(1, 2), varsigma=-1)
    with pytest.raises(RmtsymError, match="phi"):
        HessianSpectrum.critical_amplitude(R(3, 2))
    with pytest.raises(RmtsymError, match="epsilon = 0"):
        HessianSpectrum(0, R(1, 2)).h1_measure()
    with pytest.raises(RmtsymError, match="method"):
        HessianSpectrum(1, R(1, 2)).index(method="cdf")
    with pytest.raises(RmtsymError, match="numeric"):
        HessianSpectrum(e_, R(1, 2)).index()
    rng = np.random.default_rng(0)
    for kw, match in (({"epsilon": -0.1}, "epsilon"), ({"phi": 0.0}, "phi"),
                      ({"varsigma": -1.0}, "varsigma"), ({"h1": "gauss"}, "h1"),
                      ({"part": "H2"}, "part")):
        with pytest.raises(RmtsymError, match=match):
            hessian_pb17(4, rng, **kw)
    with pytest.raises(RmtsymError, match="width"):
        hessian_pb17(1, rng)


def test_repr_and_latex():
    h = HessianSpectrum(R(3, 10), R(2, 5), R(3, 2))
    assert "epsilon=3/10" in repr(h) and h._repr_latex_().startswith("$")
