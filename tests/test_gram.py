"""GramSpectrum (Pennington–Worah 2017 nonlinear Gram matrix; Benigni–Péché 2021/22).

Every result by two independent routes:
* the model's moments (series of the *seed's* quartic in (P, t), lifted by the
  AlgebraicMeasure on the translated quartic in (m, z)) against the outer-planar
  enumeration ``gram_moments_pw17`` and against a plain fixed-point iteration of
  the seed's equation written out in this file;
* the whole law (its polynomial) against free probability: ζ = 0 → MP(φ/ψ, η);
  η = ζ → ψ·MP(φ, ζ) ⊠ MP(ψ, 1/ψ) + (1 − ψ)δ₀ (free_mul, resultants);
  general η, ζ → Dozier–Silverstein information-plus-noise equation over the
  η = ζ law (Gaussian equivalence);
* Gaussian constants from hand-derived closed forms, or mpmath.quad here;
* numerics: quadrature of the density against the exact moments;
* sampling: Richardson 2m(n) − m(n/2) with the stated bias bound
  (4/n)|m(n) − m(n/2)|; outliers against the closed form for ζ = 0.
"""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym import RmtsymError
from rmtsym.combinatorics.gram_pw17 import gram_moments_pw17
from rmtsym.core.measure import M, Z
from rmtsym.free.convolution import free_mul
from rmtsym.laws.named import marchenko_pastur
from rmtsym.models.gram import (P_SYM, T_SYM, GramSpectrum, pw17_seed_equation,
                                pw17_stieltjes_polynomial)
from rmtsym.sampling.gram import gram_matrix

R = sp.Rational
ETA, ZETA, PHI, PSI = R(7, 3), R(1, 2), R(1, 3), R(5, 4)


def _mul(a, b, K):
    out = [sp.Integer(0)] * (K + 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b[:K + 1 - i]):
            out[i + j] += x * y
    return out


def _seed_fixed_point(eta, zeta, phi, psi, K):
    """P(t) to order K by iterating the seed's printed equation (truncated lists, no polynomial form):
    P <- 1 + (eta - zeta) s + sum_j (zeta s)^j, s = t P_phi P_psi; each pass fixes one more order."""
    P = [sp.Integer(1)] + [sp.Integer(0)] * K
    for _ in range(K + 1):
        Pp = [1 + (P[0] - 1) * phi] + [x * phi for x in P[1:]]
        Ps = [1 + (P[0] - 1) * psi] + [x * psi for x in P[1:]]
        s = [sp.Integer(0)] + _mul(Pp, Ps, K)[:K]           # times t
        new = [sp.Integer(1)] + [sp.Integer(0)] * K
        new = [n + (eta - zeta) * x for n, x in zip(new, s)]
        zs = [zeta * x for x in s]
        power = zs
        for _j in range(K):
            new = [n + x for n, x in zip(new, power)]
            power = _mul(power, zs, K)
        P = new
    return P


def _canon(expr):
    """Primitive form of a polynomial in (m, z) with positive leading coefficient."""
    p = sp.Poly(sp.expand(expr), M, Z)
    p = p.primitive()[1]
    return p if p.LC() > 0 else -p


# ---------------------------------------------------------------------------
# the quartic: seed form, translation, enumeration
# ---------------------------------------------------------------------------

def test_moments_three_routes_rational_constants():
    K = 6
    g = GramSpectrum.from_constants(ETA, ZETA, PHI, PSI)
    series = g.moments(K)
    Pk = _seed_fixed_point(ETA, ZETA, PHI, PSI, K)
    fixed_point = [Pk[0]] + [PSI ** (1 - k) * Pk[k] for k in range(1, K + 1)]
    enum = [1] + gram_moments_pw17(K, ETA, ZETA, PHI, PSI)
    assert series == fixed_point == enum
    # m_2 by hand: eta^2 (1 + phi/psi) + zeta^2/psi
    assert series[2] == ETA**2 * (1 + PHI / PSI) + ZETA**2 / PSI


def test_moments_symbolic_constants_match_enumeration():
    e, z, f, s = sp.symbols("eta zeta phi psi", positive=True)
    g = GramSpectrum.from_constants(e, z, f, s)
    mom = g.moments(3)
    enum = gram_moments_pw17(3, e, z, f, s)
    assert all(sp.simplify(a - b) == 0 for a, b in zip(mom[1:], enum))


def test_translation_g_to_m():
    """The m-polynomial vanishes on m = -G, G(z) = psi/z P(1/(z psi)) + (1-psi)/z, as series in 1/z."""
    K = 8
    Pk = _seed_fixed_point(ETA, ZETA, PHI, PSI, K)
    w = sp.Symbol("w")                       # w = 1/z
    Pt = sum(Pk[k] * (w / PSI) ** k for k in range(K + 1))
    G = PSI * w * Pt + (1 - PSI) * w
    poly = pw17_stieltjes_polynomial(ETA, ZETA, PHI, PSI)
    val = sp.expand(poly.subs({M: -G, Z: 1 / w}) * w**2)
    low = sp.series(val, w, 0, K).removeO()
    assert sp.expand(low) == 0
    # and the seed polynomial Q(P, t) vanishes on the series
    Qv = sp.expand(pw17_seed_equation(ETA, ZETA, PHI, PSI).subs(P_SYM, sum(
        Pk[k] * T_SYM**k for k in range(K + 1))))
    assert all(Qv.coeff(T_SYM, k) == 0 for k in range(K + 1))


def test_relu_exact_moments_with_pi_against_hand_constants():
    """Centred ReLU, q = sigma_w2 sigma_x2 = 3/2: eta = q(1/2 - 1/(2pi)), zeta = q/4 (by hand)."""
    g = GramSpectrum("relu", R(1, 2), R(3, 2), sigma_w2=2, sigma_x2=R(3, 4), center=True)
    q = R(3, 2)
    eta = q * (R(1, 2) - 1 / (2 * sp.pi))
    zeta = q / 4
    e2, z2 = g.constants()
    assert sp.simplify(e2 - eta) == 0 and sp.simplify(z2 - zeta) == 0
    mom = g.moments(5)
    enum = gram_moments_pw17(5, eta, zeta, R(1, 2), R(3, 2))
    assert all(sp.simplify(a - b) == 0 for a, b in zip(mom[1:], enum))
    assert mom[3].has(sp.pi)


def test_degrees_quartic_cubic_quadratic():
    """Benigni–Péché / PW17: degree 4 in m generically (irreducible), 3 at eta = zeta, 2 at zeta = 0."""
    e, z, f, s = sp.symbols("eta zeta phi psi", positive=True)
    factors = sp.factor_list(pw17_stieltjes_polynomial(e, z, f, s))[1]
    assert [sp.degree(p, M) for p, _ in factors if sp.degree(p, M) > 0] == [4]
    relu = GramSpectrum("relu", R(1, 2), R(3, 2), center=True)
    assert relu.stieltjes_polynomial().degree(M) == 4
    assert GramSpectrum.from_constants(ZETA, ZETA, PHI, PSI).stieltjes_polynomial().degree(M) == 3
    assert GramSpectrum.from_constants(ETA, 0, PHI, PSI).stieltjes_polynomial().degree(M) == 2


# ---------------------------------------------------------------------------
# free probability
# ---------------------------------------------------------------------------

def test_zeta_zero_is_marchenko_pastur():
    g = GramSpectrum.from_constants(ETA, 0, PHI, PSI)
    assert g.stieltjes_polynomial() == marchenko_pastur(PHI / PSI, ETA).stieltjes_polynomial()
    # an even activation: |x| centred, q = 2 * 3/2 = 3: eta = q (1 - 2/pi), zeta = 0;
    # MP(c, eta) moments by the Narayana formula eta^k sum_j N(k, j) c^(j-1), c = phi/psi = 1/2
    a = GramSpectrum("abs", R(1, 4), R(1, 2), sigma_w2=2, sigma_x2=R(3, 2), center=True)
    eta, c = 3 * (1 - 2 / sp.pi), R(1, 2)
    assert a.constants()[1] == 0
    mom = a.moments(4)
    nara = [1] + [eta**k * sum(sp.binomial(k, j) * sp.binomial(k, j - 1) / k * c ** (j - 1)
                               for j in range(1, k + 1)) for k in range(1, 5)]
    assert all(sp.simplify(x - y) == 0 for x, y in zip(mom, nara))


def _mixture_polynomial(nu, psi):
    """P of psi * nu + (1 - psi) delta_0: m = psi m_nu - (1 - psi)/z."""
    Pn = nu.stieltjes_polynomial().as_expr()
    expr = sp.numer(sp.together(Pn.subs(M, (M + (1 - psi) / Z) / psi)))
    facs = [p for p, _ in sp.factor_list(sp.expand(expr))[1] if sp.degree(p, M) > 0]
    assert len(facs) == 1
    return facs[0]


def test_linear_case_is_product_wishart_free_mul():
    nu = free_mul(marchenko_pastur(PHI, ZETA), marchenko_pastur(PSI, 1 / PSI))
    PH = _mixture_polynomial(nu, PSI)
    g = GramSpectrum.from_constants(ZETA, ZETA, PHI, PSI)
    assert _canon(PH) == _canon(g.stieltjes_polynomial().as_expr())
    # and the linear activation itself, sigma_w2 = 2, sigma_x2 = 3/4: eta = zeta = 3/2
    lin = GramSpectrum("linear", PHI, PSI, sigma_w2=2, sigma_x2=R(3, 4))
    assert lin.constants() == (R(3, 2), R(3, 2))
    nu2 = free_mul(marchenko_pastur(PHI, R(3, 2)), marchenko_pastur(PSI, 1 / PSI))
    assert lin.moments(5)[1:] == [PSI * x for x in nu2.moments(5)[1:]]


def test_general_case_dozier_silverstein_information_plus_noise():
    """Gaussian equivalence: f(WX) ~ sqrt(zeta) (linear net) + sqrt(eta - zeta) Z.

    Dozier–Silverstein (2007): m = a m_H(a (a z - s2 (1 - c))), a = 1 + s2 c m, with H the law of
    the linear part (eta = zeta = zeta law, from free_mul) and s2 = eta - zeta, c = n1/m = phi/psi.
    """
    nu = free_mul(marchenko_pastur(PHI, ZETA), marchenko_pastur(PSI, 1 / PSI))
    PH = _mixture_polynomial(nu, PSI)
    c, s2 = PHI / PSI, ETA - ZETA
    a = 1 + s2 * c * M
    Q = sp.numer(sp.together(PH.subs({M: M / a, Z: a * (a * Z - s2 * (1 - c))}, simultaneous=True)))
    facs = [p for p, _ in sp.factor_list(sp.expand(Q))[1] if sp.degree(p, Z) > 0]
    g = GramSpectrum.from_constants(ETA, ZETA, PHI, PSI)
    target = _canon(g.stieltjes_polynomial().as_expr())
    assert target in [_canon(p) for p in facs]


# ---------------------------------------------------------------------------
# numerics
# ---------------------------------------------------------------------------

def test_density_mass_and_mean_quick():
    """Mass 1 and mean eta of the density (Gauss-Legendre, dps 15) for sigma_w2 != 1."""
    g = GramSpectrum("relu", R(1, 2), R(3, 2), sigma_w2=2, sigma_x2=R(3, 4), center=True)
    (a, b), = g.support(dps=15)
    with mpmath.workdps(15):
        f = lambda x: g.density(x, dps=15)      # noqa: E731
        mass = mpmath.quad(f, [a, (a + b) / 2, b], maxdegree=5)
        mean = mpmath.quad(lambda x: x * f(x), [a, (a + b) / 2, b], maxdegree=5)
    assert abs(mass - 1) < 1e-5
    assert abs(mean - float(g.constants()[0])) < 1e-5


@pytest.mark.slow
def test_density_quadrature_matches_exact_moments():
    g = GramSpectrum("relu", R(1, 2), R(3, 2), sigma_w2=2, sigma_x2=R(3, 4), center=True)
    (a, b), = g.support(dps=20)
    assert g.atoms(dps=20) == []                 # n1/m = phi/psi = 1/3 < 1: no atom
    exact = [sp.N(v, 25) for v in g.moments(3)]
    with mpmath.workdps(20):
        f = lambda x: g.density(x, dps=20)      # noqa: E731
        nodes = mpmath.linspace(a, b, 5)
        vals = [mpmath.quad(lambda x: x**k * f(x), nodes) for k in range(4)]
    for k in range(4):
        assert abs(vals[k] - mpmath.mpf(exact[k])) < mpmath.mpf(10) ** -8 * (1 + abs(vals[k]))


def test_atom_when_more_units_than_samples():
    """n1 > m (phi/psi = 2): M has rank m, atom 1 - m/n1 = 1 - psi/phi at 0."""
    g = GramSpectrum.from_constants(R(3, 2), R(1, 2), 2, 1)
    at = g.atoms(dps=20)
    assert len(at) == 1 and abs(at[0][0]) < 1e-15 and abs(at[0][1] - mpmath.mpf(1) / 2) < 1e-15


def test_tanh_numeric_moments_against_quadrature_constants():
    g = GramSpectrum("tanh", R(1, 2), R(3, 2), sigma_w2=2, sigma_x2=R(3, 4))
    with mpmath.workdps(40):
        q = mpmath.mpf(3) / 2
        w = lambda u: mpmath.exp(-u * u / 2) / mpmath.sqrt(2 * mpmath.pi)   # noqa: E731
        eta = mpmath.quad(lambda u: w(u) * mpmath.tanh(mpmath.sqrt(q) * u) ** 2, [-mpmath.inf, 0, mpmath.inf])
        zeta = mpmath.quad(lambda u: w(u) * u * mpmath.tanh(mpmath.sqrt(q) * u), [-mpmath.inf, 0, mpmath.inf]) ** 2
        ref = gram_moments_pw17(4, sp.Float(eta, 40), sp.Float(zeta, 40), R(1, 2), R(3, 2))
        got = g.moments(4, dps=30)
        for k in range(1, 5):
            assert abs(got[k] - mpmath.mpf(str(ref[k - 1]))) < mpmath.mpf(10) ** -27 * abs(got[k])
    with pytest.raises(RmtsymError, match="dps"):
        g.moments(2)


# ---------------------------------------------------------------------------
# sampling
# ---------------------------------------------------------------------------

def test_sampler_shapes():
    Y, m = gram_matrix(40, np.random.default_rng(0), "relu", phi=0.5, psi=1.5)
    assert Y.shape == (40, 120) and m == 120


def test_sampled_moments_relu_richardson():
    """2 m(n) - m(n/2) within 4 se + (4/n)|m(n) - m(n/2)| of the exact moments (k = 1..3)."""
    from rmtsym.sampling.ensembles import richardson_moments
    g = GramSpectrum("relu", R(1, 2), R(3, 2), sigma_w2=2, sigma_x2=R(3, 4), center=True)
    big, small = g.sample(300, 40, seed=2017), g.sample(150, 40, seed=2018)
    rich = richardson_moments(big, small, 3)
    exact = [float(v) for v in g.moments(3)[1:]]
    for k in range(3):
        bias = 4 / 300 * abs(rich["raw"][k] - rich["half"][k])
        tol = 4 * rich["stderr"][k] + bias
        assert tol < 0.06 * exact[k]                         # the test resolves 6 %
        assert abs(rich["estimate"][k] - exact[k]) <= tol


# ---------------------------------------------------------------------------
# Benigni–Péché spikes
# ---------------------------------------------------------------------------

def test_spike_location_closed_form_zeta_zero():
    """|x| centred (q = 1): kappa = E xi^2 |xi| - E|xi| = sqrt(2/pi); theta^2 = kappa^2/(2 psi).

    Bulk MP(c, eta), c = phi/psi: BGN outlier (theta^2 + eta)(theta^2 + c eta)/theta^2.
    """
    phi, psi = R(1, 4), R(1, 2)
    g = GramSpectrum("abs", phi, psi, center=True)
    kappa = sp.sqrt(2 / sp.pi)
    assert sp.simplify(g.spike_constant() - kappa) == 0
    th2, eta, c = kappa**2 / (2 * psi), 1 - 2 / sp.pi, phi / psi
    lam = (th2 + eta) * (th2 + c * eta) / th2
    out = g.outliers(dps=20)
    assert len(out) == 2
    assert abs(out[0] - mpmath.mpf(sp.N(lam, 30))) < 1e-15


def test_spike_sampled_even_and_absent_for_odd():
    """Mean of the two largest eigenvalues vs the predicted pair; odd f: top eigenvalue at the edge.

    The degenerate pair splits by O(n^-1/2) symmetrically; its mean has a bias we bound by
    |mean(n) - mean(n/2)| (a decreasing bias), plus 4 standard errors.
    """
    phi, psi = R(1, 4), R(1, 2)
    g = GramSpectrum("abs", phi, psi, center=True)
    lam = float(g.outliers(dps=15)[0])
    edge = float(g.support(dps=15)[-1][1])
    big, small = g.sample(600, 10, seed=22), g.sample(300, 20, seed=23)
    top_big = big.eigenvalues[:, -2:].mean(axis=1)
    top_small = small.eigenvalues[:, -2:].mean(axis=1)
    se = top_big.std(ddof=1) / math.sqrt(top_big.size)
    tol = 4 * se + abs(top_big.mean() - top_small.mean())
    assert tol < 0.4 * (lam - edge)                         # resolves the gap to the edge
    assert abs(top_big.mean() - lam) <= tol
    assert big.eigenvalues[:, -2].mean() > edge + 0.5 * (lam - edge) - tol   # two outliers
    # odd activation with the same widths: kappa = 0, no outlier
    t = GramSpectrum("tanh", phi, psi)
    assert t.spike_constant() == 0 and t.outliers(dps=15) == []
    s = t.sample(400, 12, seed=24)
    tedge = float(t.support(dps=15)[-1][1])
    tops = s.eigenvalues[:, -1]
    width = tedge - float(t.support(dps=15)[0][0])
    assert abs(tops.mean() - tedge) <= 2 * width * 400 ** (-2 / 3) + 4 * tops.std(ddof=1) / math.sqrt(12)


def test_same_constants_same_bulk_different_spikes():
    """BP21: the law depends on f only through E f^2 and E f xi. f1 = x + (x^2 - 1) and
    f2 = x + (x^3 - 3x)/sqrt(3) have eta = 3, zeta = 1 both; only f1 has kappa != 0."""
    f1 = GramSpectrum("x + x**2 - 1", PHI, PSI)
    f2 = GramSpectrum("x + (x**3 - 3*x)/sqrt(3)", PHI, PSI)
    assert f1.constants() == f2.constants() == (3, 1)
    assert f1.stieltjes_polynomial() == f2.stieltjes_polynomial()
    assert f1.spike_constant() == 2 and f2.spike_constant() == 0


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kw, match", [
    ({"phi": 0}, "phi"), ({"psi": -1}, "psi"), ({"sigma_w2": 0}, "sigma_w2"),
    ({"activation": "nope"}, "unknown activation"), ({"activation": "relu", "center": False}, "centred"),
])
def test_bad_input(kw, match):
    args = {"activation": "tanh", "phi": R(1, 2), "psi": 2}
    args.update(kw)
    with pytest.raises(RmtsymError, match=match):
        GramSpectrum(**args)


def test_bad_constants():
    with pytest.raises(RmtsymError, match="zeta must be <= eta"):
        GramSpectrum.from_constants(1, 2, 1, 1)
    with pytest.raises(RmtsymError, match="psi"):
        GramSpectrum.from_constants(1, 0, 1, 0)
    with pytest.raises(RmtsymError, match="eta"):
        GramSpectrum.from_constants(-1, 0, 1, 1)
    with pytest.raises(RmtsymError, match="built from constants"):
        GramSpectrum.from_constants(1, 0, 1, 1).sample(10, 1, seed=0)
    with pytest.raises(RmtsymError, match="k must be"):
        GramSpectrum.from_constants(1, 0, 1, 1).moments(-1)


def test_repr_and_latex():
    g = GramSpectrum("relu", R(1, 2), 2, sigma_w2=2, center=True)
    assert "GramSpectrum('relu'" in repr(g) and "center=True" in repr(g)
    assert g._repr_latex_().startswith("$") and "psi" in g._repr_latex_()


@pytest.mark.slow
def test_spike_location_zeta_positive_sampled():
    """f = x + 2(x^2 - 1): zeta = 1 > 0, the bulk is the full quartic; the D-transform root (numerics
    of the quartic) against the mean of the two largest eigenvalues at n1 = 800 (n0 = 200, m = 1600),
    tolerance 4 se + |mean(800) - mean(400)|."""
    g = GramSpectrum("x + 2*x**2 - 2", R(1, 8), R(1, 4))
    assert g.constants() == (9, 1) and g.spike_constant() == 4 and g.spike_strength() == 32
    lam = float(g.outliers(dps=15)[0])
    edge = float(g.support(dps=15)[-1][1])
    big, small = g.sample(800, 8, seed=81), g.sample(400, 16, seed=82)
    top_big = big.eigenvalues[:, -2:].mean(axis=1)
    top_small = small.eigenvalues[:, -2:].mean(axis=1)
    tol = 4 * top_big.std(ddof=1) / math.sqrt(top_big.size) + abs(top_big.mean() - top_small.mean())
    assert tol < 0.4 * (lam - edge)
    assert abs(top_big.mean() - lam) <= tol


@pytest.mark.slow
def test_kappa_nonzero_below_threshold_has_no_outlier():
    """kappa != 0 is necessary, not sufficient: centred ReLU at psi = 3/2 (theta^2 = kappa^2/(2 psi) =
    1/(6 pi) with kappa = 1/sqrt(2 pi) by hand) is below the BGN threshold: no outlier, sampled top
    eigenvalue at the edge within 2 (b - a) n^(-2/3) + 4 se."""
    g = GramSpectrum("relu", R(1, 2), R(3, 2), center=True)
    assert sp.simplify(g.spike_constant() - 1 / sp.sqrt(2 * sp.pi)) == 0
    assert sp.simplify(g.spike_strength() - 1 / (6 * sp.pi)) == 0
    assert g.outliers(dps=15) == []
    (a, b), = [(float(u), float(v)) for u, v in g.support(dps=15)]
    s = g.sample(300, 10, seed=5)
    tops = s.eigenvalues[:, -1]
    assert abs(tops.mean() - b) <= 2 * (b - a) * 300 ** (-2 / 3) + 4 * tops.std(ddof=1) / math.sqrt(10)
