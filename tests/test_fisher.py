"""FisherSpectrum (Pennington–Worah 2018, survey seed 002 §4.3) and the fisher_network sampler.

Every result is checked by two routes that share no code path:

* moments: Cayley–Hamilton/Catalan polynomials (the model) vs m₁, m₂ derived
  by hand from H₀ = E_x[JᵀJ] (below), vs the linear-network word expansion
  (``fisher_linear_moments``), vs the degenerate laws ζ = 0 and η = η';
* Stieltjes transform: closed-form inner integral vs the seed's double
  integral as printed, vs the moment series at large |z|;
* density: push-forward integral vs the seed's elliptic formula (linear
  case), vs the moments (quadrature), vs the Stieltjes transform;
* sampler: the conditional-Gaussian construction of H₀ vs E_x[JᵀJ] by
  quadrature over the input space, vs ``linear_fisher_explicit``, and the
  sampled spectral moments (Richardson in the width) vs the theory.

Hand derivation of m₁, m₂ (k → ∞, W entries N(0, 1/k), x ~ N(0, I), σ centred):
tr H₁₁ = Σ_{a,b} (W₂ᵀW₂)_{aa} E σ'(h_a)² x_b² ≈ k² η', tr H₂₂ = k Σ_a E σ(h_a)² ≈ k² η,
so m₁ = (η + η')/2.  tr H₂₂² = k Σ_{a,a'} (E σ(h_a)σ(h_a'))² ≈ k(kη² + k(k−1)ζ²/k);
tr H₁₁² ≈ Σ_a k η'² + Σ_{a≠a'} (W₂ᵀW₂)²_{aa'} · k ζ² ≈ k²(η'² + ζ²);
tr H₁₂H₂₁ = Σ W₂[c,a]² (E σ'(h_a)σ(h_a') x_b)² ≈ Σ_{a≠a'} ζ² |w_a'|² ≈ k² ζ²
(E[σ'(h_a)σ(h_a')x_b] ≈ E σ' · E[x_b σ(h_a')] = √ζ · √ζ w_{a'b}); hence
m₂ = (tr H₁₁² + tr H₂₂² + 2 tr H₁₂H₂₁)/(2k²) = (η² + η'² + 4ζ²)/2.
"""

import itertools
import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym import RmtsymError, centered, fisher_linear_moments
from rmtsym.models.fisher import FisherSpectrum
from rmtsym.sampling.ensembles import linear_fisher_explicit
from rmtsym.sampling.fisher import fisher_matrix, fisher_network

ETA, ETAP, ZETA = sp.symbols("eta eta_p zeta", positive=True)


# ---------------------------------------------------------------------------
# moments
# ---------------------------------------------------------------------------

def test_first_two_moments_match_hand_derivation_symbolically():
    m = FisherSpectrum.from_constants(ETA, ETAP, ZETA).moments(2)
    assert m[0] == 1
    assert sp.simplify(m[1] - (ETA + ETAP) / 2) == 0
    assert sp.simplify(m[2] - (ETA ** 2 + ETAP ** 2 + 4 * ZETA ** 2) / 2) == 0


def test_centred_relu_moments_closed_form_with_pi():
    # centred ReLU: eta = 1/2 - 1/(2 pi), eta' = 1/2, zeta = 1/4 (arc-cosine kernel values)
    F = FisherSpectrum(centered("relu"))
    eta, etap, zeta = F.constants()
    assert sp.simplify(eta - (sp.Rational(1, 2) - 1 / (2 * sp.pi))) == 0
    assert (etap, zeta) == (sp.Rational(1, 2), sp.Rational(1, 4))
    m = F.moments(2)
    e = sp.Rational(1, 2) - 1 / (2 * sp.pi)
    assert sp.simplify(m[1] - (e + sp.Rational(1, 2)) / 2) == 0
    assert sp.simplify(m[2] - (e ** 2 + sp.Rational(1, 4) + sp.Rational(4, 16)) / 2) == 0


def test_linear_network_moments_equal_word_expansion():
    # sigma = id: eta = eta' = zeta = 1; 1/(2k^2) tr H0^d = (1/2) sum binom(d,j) C_j C_{d-j}, d >= 1
    m = FisherSpectrum("linear").moments(8)
    words = fisher_linear_moments(8)
    assert m[0] == 1
    assert all(m[d] == sp.Rational(words[d], 2) for d in range(1, 9))
    conv = [sum(sp.binomial(d, j) * sp.catalan(j) * sp.catalan(d - j) for j in range(d + 1)) / 2
            for d in range(1, 9)]
    assert m[1:] == conv


def test_zeta_zero_law_is_two_atoms():
    # zeta = 0 (e.g. even sigma): H11, H22 decouple, law 1/2 delta_eta' + 1/2 delta_eta
    e, ep = sp.Rational(7, 3), sp.Rational(2, 5)
    F = FisherSpectrum.from_constants(e, ep, 0)
    assert F.moments(6) == [(e ** k + ep ** k) / 2 for k in range(7)]
    assert F.atoms() == {e: sp.Rational(1, 2), ep: sp.Rational(1, 2)}
    m = F.stieltjes(0.3 + 0.7j, dps=25)
    with mpmath.workdps(30):
        z = mpmath.mpc(0.3, 0.7)
        ref = (1 / (mpmath.mpf(7) / 3 - z) + 1 / (mpmath.mpf(2) / 5 - z)) / 2
        assert abs(m - ref) < mpmath.mpf(10) ** -24


def test_equal_eta_law_is_atom_plus_shifted_classical_convolution():
    # eta = eta': A = alpha I + zeta v v^T, eigenvalues alpha and alpha + zeta (a + b)
    e, z = sp.Rational(5, 4), sp.Rational(1, 3)
    F = FisherSpectrum.from_constants(e, e, z)
    al = e - z
    mp = [sp.catalan(j) for j in range(8)]
    conv = [sum(sp.binomial(d, j) * mp[j] * mp[d - j] for j in range(d + 1)) for d in range(8)]
    ref = [(al ** k + sum(sp.binomial(k, d) * al ** (k - d) * z ** d * conv[d] for d in range(k + 1))) / 2
           for k in range(8)]
    assert F.moments(7) == [sp.nsimplify(r) for r in ref]
    assert F.atoms() == {al: sp.Rational(1, 2)}


def test_moments_dps_for_tanh_agree_with_series_of_stieltjes():
    # route 1: Catalan polynomials at the 30-digit constants; route 2: -z m(z) series fit at |z| = 40
    F = FisherSpectrum("tanh", sigma_w2=sp.Rational(3, 2))
    m = F.moments(3, dps=30)
    with mpmath.workdps(40):
        R = mpmath.mpf(40)
        # m(z) = -sum_k m_k z^{-k-1}; trapezoid on the circle |z| = R extracts m_k exactly up to
        # aliasing R^{-N} m_{k+N}: N = 8 points, |m_{k+8}| R^-8 < 1e-12 -> use the known tail
        N = 24
        zs = [R * mpmath.expjpi(2 * mpmath.mpf(j) / N) for j in range(N)]
        vals = [F.stieltjes(zz, dps=30) for zz in zs]
        for k in range(4):
            mk = -sum(v * zz ** (k + 1) for v, zz in zip(vals, zs)) / N
            # aliasing error <= m_{k+N} R^{-N} with m_j <= 4^j: (4/40)^24 ~ 1e-24
            assert abs(mk - m[k]) < mpmath.mpf(10) ** -22


# ---------------------------------------------------------------------------
# Stieltjes transform: conventions and the two evaluation routes
# ---------------------------------------------------------------------------

def test_stieltjes_convention_herglotz_and_sign():
    F = FisherSpectrum(centered("relu", q=2), sigma_w2=2)
    m = F.stieltjes(0.4 + 0.3j, dps=20)
    assert m.imag > 0                                   # Im m > 0 for Im z > 0 (m = ∫ μ(dx)/(x - z))
    m_neg = F.stieltjes(-1, dps=20)                     # support in [0, ∞): m(-1) = E 1/(x + 1) > 0
    assert m_neg.real > 0 and abs(m_neg.imag) < 1e-20
    assert abs(F.cauchy(-1, dps=20) + m_neg) < 1e-19     # G = -m
    # m ~ -1/z at infinity
    z = mpmath.mpc(0, 1e6)
    assert abs(F.stieltjes(z, dps=20) * z + 1) < 1e-5


def test_inner_route_equals_seed_double_integral_30_digits():
    F = FisherSpectrum(centered("relu"))
    z = -0.5 + 0.25j
    a = F.stieltjes(z, dps=30, method="inner")
    b = F.stieltjes(z, dps=30, method="double")        # the seed's formula as printed, negated
    assert abs(a - b) < mpmath.mpf(10) ** -29 * abs(a)


@pytest.mark.slow
def test_seed_measures_have_mass_zeta_and_formula_mass_one():
    # μ1 = (1/2π) sqrt((η'+3ζ-λ)/(λ-η'+ζ)) on [η'-ζ, η'+3ζ]: mass (4ζ/2π)(π/2) = ζ
    z = sp.Rational(3, 7)
    lam = sp.Symbol("lam", positive=True)
    lo = sp.Rational(1, 2) - z
    mass = sp.integrate(sp.sqrt((lo + 4 * z - lam) / (lam - lo)) / (2 * sp.pi), (lam, lo, lo + 4 * z))
    assert sp.simplify(mass - z) == 0
    # z G(z) -> 1: the prefactor 1/(2 ζ²) times mass ζ² times the leading 2/z
    F = FisherSpectrum.from_constants(sp.Rational(1, 2), sp.Rational(3, 5), z)
    big = mpmath.mpc(0, 1e8)
    assert abs(-F.stieltjes(big, dps=20) * big - 1) < 1e-7


# ---------------------------------------------------------------------------
# density and support
# ---------------------------------------------------------------------------

def _elliptic(x):
    # seed §4.3, linear case a.c. part, parameter convention K(k) = ∫ dθ/√(1 - k sin²θ)
    k = 1 - (x - 4) ** 2 / 16
    return mpmath.ellipe(k) / (2 * mpmath.pi ** 2) + (4 - x) / (8 * mpmath.pi ** 2) * mpmath.ellipk(k)


def test_linear_density_equals_seed_elliptic_formula_25_digits():
    F = FisherSpectrum.from_constants(1, 1, 1)
    with mpmath.workdps(35):
        for x in ("0.37", "2.5", "5.75", "7.9"):
            assert abs(F.density(mpmath.mpf(x), dps=30) - _elliptic(mpmath.mpf(x))) < mpmath.mpf(10) ** -25


_GRIDS = {}


def _integrate(F, g, nodes=300):
    """∫ ρ(x) g(x) dx: Gauss–Legendre in φ on each piece between break points, x = lo + L(1 − cos φ)/2.

    The square-root (and inverse square-root) edge behaviour is smoothed by the substitution; the
    density values on the nodes are computed once per model.
    """
    if id(F) not in _GRIDS:
        bp = [float(b) for b in F.breakpoints(15)]
        t, w = np.polynomial.legendre.leggauss(nodes)
        phi, wphi = (t + 1) * np.pi / 2, w * np.pi / 2
        xs, ws = [], []
        for lo, hi in zip(bp[:-1], bp[1:]):
            xs.append(lo + (hi - lo) * (1 - np.cos(phi)) / 2)
            ws.append((hi - lo) * np.sin(phi) / 2 * wphi)
        x, w = np.concatenate(xs), np.concatenate(ws)
        _GRIDS[id(F)] = (F, x, w * F.float_density(x))
    _, x, w = _GRIDS[id(F)]
    return np.sum(w * g(x))


def test_density_moments_by_quadrature_match_exact_moments():
    # centred ReLU at sigma_w^2 = 2, sigma_x^2 = 3/4: float density integrated piecewise
    F = FisherSpectrum(centered("relu", q=sp.Rational(3, 2)), sigma_w2=2, sigma_x2=sp.Rational(3, 4))
    exact = [float(v) for v in F.moments(3, dps=20)]
    for k in range(4):
        tot = _integrate(F, lambda x: x ** k)
        assert abs(tot - exact[k]) < 1e-7 * max(1, exact[k]), (k, tot, exact[k])


def test_density_stieltjes_of_density_matches_stieltjes():
    F = FisherSpectrum("erf", sigma_w2=sp.Rational(1, 2))
    z = 0.6 + 0.4j
    m = complex(F.stieltjes(z, dps=20))
    assert abs(_integrate(F, lambda x: 1 / (x - z)) - m) < 1e-7


def test_mp_density_agrees_with_float_density():
    F = FisherSpectrum("tanh", sigma_w2=sp.Rational(3, 2))
    for x in (0.05, 0.5, 1.8, 3.0):
        assert abs(float(F.density(x, dps=20)) - F.float_density([x])[0]) < 1e-10


def test_support_with_gap_each_branch_has_mass_half():
    # sigma = (x^2 - 1)/sqrt 2 + eps x: eta = 1 + eps^2, eta' = 2 + eps^2, zeta = eps^2; gap iff |eta - eta'| > 4 zeta
    x = sp.Symbol("x", real=True)
    eps = sp.Rational(1, 4)
    F = FisherSpectrum((x ** 2 - 1) / sp.sqrt(2) + eps * x)
    e, ep, z = F.constants()
    assert (sp.simplify(e - 1 - eps ** 2), sp.simplify(ep - 2 - eps ** 2), sp.simplify(z - eps ** 2)) == (0, 0, 0)
    sup = F.support()
    assert len(sup) == 2
    assert sup[0] == (1, 1 + 4 * eps ** 2) and sup[1][0] == 2
    lmax = (1 + 2) / sp.Integer(2) + 4 * z + sp.sqrt(sp.Rational(1, 4) + 16 * z ** 2)
    assert sp.simplify(sup[1][1] - lmax) == 0
    (a0, a1), (b0, b1) = [(float(u), float(v)) for u, v in sup]
    assert F.float_density([(a1 + b0) / 2])[0] == 0.0
    lower = _integrate(F, lambda t: (t <= a1 + 1e-12).astype(float))
    assert abs(lower - 0.5) < 1e-7
    assert abs(_integrate(F, lambda t: np.ones_like(t)) - 1) < 1e-7


def test_support_numeric_matches_exact_and_density_vanishes_outside():
    F = FisherSpectrum(centered("relu"))
    (lo, hi), = F.support()
    (lo30, hi30), = F.support(30)
    assert abs(lo30 - mpmath.mpf(sp.N(lo, 40))) < 1e-29 and abs(hi30 - mpmath.mpf(sp.N(hi, 40))) < 1e-29
    d = F.float_density([float(lo) - 1e-3, float(hi) + 1e-3, float(lo) + 1e-3, float(hi) - 1e-3])
    assert d[0] == 0 and d[1] == 0 and d[2] > 0 and d[3] > 0


# ---------------------------------------------------------------------------
# sampler
# ---------------------------------------------------------------------------

def _brute_fisher(w1, w2, f, df, sx, nodes=45):
    """E_x[J(x)ᵀJ(x)] by a tensor trapezoid rule over x ∈ R^k, J from its definition."""
    k = w1.shape[0]
    t = np.linspace(-8.5, 8.5, nodes)
    w = np.exp(-t * t / 2)
    w /= w.sum()
    X = np.array(list(itertools.product(t, repeat=k))) * math.sqrt(sx)
    Wt = np.prod(np.array(list(itertools.product(w, repeat=k))), axis=1)
    h = X @ w1.T
    J1 = np.einsum("ia,sa,sb->siab", w2, df(h), X).reshape(len(X), k, k * k)
    J2 = np.einsum("ic,sa->sica", np.eye(k), f(h)).reshape(len(X), k, k * k)
    J = np.concatenate([J1, J2], axis=2)
    return np.einsum("s,sip,siq->pq", Wt, J, J)


@pytest.mark.parametrize("name,f,df", [
    ("tanh", np.tanh, lambda h: 1 - np.tanh(h) ** 2),
    ("sin", np.sin, np.cos),
])
def test_fisher_matrix_equals_input_space_quadrature(name, f, df):
    rng = np.random.default_rng(11)
    k = 3
    w1 = rng.standard_normal((k, k)) * math.sqrt(1.3 / k)
    w2 = rng.standard_normal((k, k)) * math.sqrt(0.8 / k)
    A = fisher_matrix(w1, w2, name, sigma_x2=0.7)
    B = _brute_fisher(w1, w2, f, df, 0.7)
    assert np.abs(A - B).max() < 1e-9 * np.abs(B).max()


def test_fisher_network_linear_equals_explicit_reference():
    a = linear_fisher_explicit(2 * 5 ** 2, np.random.default_rng(8))
    b = fisher_network(2 * 5 ** 2, np.random.default_rng(8), "linear")
    assert np.allclose(a, b, atol=1e-10)


def test_rescaling_sigma_w_sigma_x_equals_unit_network_with_sigma_q():
    # docstring claim: H0(sigma, sigma_w^2, sigma_x^2) = H0(sigma(sqrt(q) .), 1, 1), same standard draws
    x = sp.Symbol("x", real=True)
    sw, sx = 1.7, 0.6
    q = sw * sx
    g1, g2 = np.random.default_rng(5).standard_normal((2, 4, 4))
    A = fisher_matrix(g1 * math.sqrt(sw / 4), g2 * math.sqrt(sw / 4), "tanh", sigma_x2=sx)
    B = fisher_matrix(g1 / 2, g2 / 2, sp.tanh(math.sqrt(q) * x), sigma_x2=1.0)
    assert np.abs(A - B).max() < 1e-12


@pytest.mark.slow
def test_sampled_moments_richardson_in_width_match_theory():
    """tanh, sigma_w^2 = 3/2: 2 m(k) - m(k/2) (k = 16, 8) vs the exact moments.

    Tolerance: 4 standard errors of the extrapolated mean + the O(1/k²)
    remainder bound (4/k)|m(k) - m(k/2)| (the bias of m(k) is O(1/k)).
    """
    F = FisherSpectrum("tanh", sigma_w2=sp.Rational(3, 2))
    th = [float(v) for v in F.moments(3, dps=15)]
    big = F.sample(16, 24, seed=101).eigenvalues
    small = F.sample(8, 96, seed=102).eigenvalues
    for j in (1, 2, 3):
        mb, ms = (big ** j).mean(axis=1), (small ** j).mean(axis=1)
        est = 2 * mb.mean() - ms.mean()
        se = math.sqrt(4 * mb.var(ddof=1) / len(mb) + ms.var(ddof=1) / len(ms))
        bias = 4 / 16 * abs(mb.mean() - ms.mean())
        assert abs(est - th[j]) <= 4 * se + bias, (j, est, th[j], se, bias)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

def test_bad_input():
    with pytest.raises(RmtsymError, match="activation must be centred"):
        FisherSpectrum("relu")
    with pytest.raises(RmtsymError, match="activation must be centred"):
        FisherSpectrum(centered("relu"), sigma_w2=2)          # centred at q = 1, not at q = 2
    with pytest.raises(RmtsymError, match="activation"):
        FisherSpectrum("no_such_activation")
    with pytest.raises(RmtsymError, match="sigma_w2"):
        FisherSpectrum("tanh", sigma_w2=0)
    with pytest.raises(RmtsymError, match="sigma_x2"):
        FisherSpectrum("tanh", sigma_x2=-1)
    with pytest.raises(RmtsymError, match="zeta"):
        FisherSpectrum.from_constants(1, 1, -1)
    with pytest.raises(RmtsymError, match="eta_prime"):
        FisherSpectrum.from_constants(1, sp.Rational(1, 4), sp.Rational(1, 2))
    with pytest.raises(RmtsymError, match="eta "):
        FisherSpectrum.from_constants(sp.Rational(1, 4), 1, sp.Rational(1, 2))
    F = FisherSpectrum.from_constants(1, 1, 1)
    with pytest.raises(RmtsymError, match="dps"):
        F.stieltjes(1j, dps=0)
    with pytest.raises(RmtsymError, match="method"):
        F.stieltjes(1j, method="triple")
    with pytest.raises(RmtsymError, match="support"):
        F.stieltjes(2.0)
    with pytest.raises(RmtsymError, match="k must"):
        F.moments(-1)
    with pytest.raises(RmtsymError, match="no network"):
        F.sample(4, 1, seed=0)
    with pytest.raises(RmtsymError, match="width"):
        FisherSpectrum("tanh").sample(1, 1, seed=0)
    with pytest.raises(RmtsymError, match="2k\\^2"):
        fisher_network(51, np.random.default_rng(0))
    with pytest.raises(RmtsymError, match="sigma_x2"):
        fisher_matrix(np.eye(2), np.eye(2), "tanh", sigma_x2=0)


def test_density_grid_equals_pointwise_including_near_break_points():
    F = FisherSpectrum("tanh", sigma_w2=sp.Rational(3, 2))
    bp = F.breakpoints(20)
    with mpmath.workdps(30):
        xs = [mpmath.mpf("0.5"), bp[1] + mpmath.mpf(10) ** -6, mpmath.mpf("2.9")]
        g = F.density_grid(xs, dps=25)
        for x, v in zip(xs, g):
            assert abs(v - F.density(x, dps=25)) < mpmath.mpf(10) ** -24


def test_constants_agree_with_fisher_constants_and_scale_with_q():
    from rmtsym import fisher_constants
    # q = 1: the model's constants (gaussian_expectation with derivative=) vs fisher_constants (gaussian_moments)
    assert FisherSpectrum("erf").constants() == tuple(sp.simplify(v) for v in fisher_constants("erf"))
    a = FisherSpectrum("tanh").constants(25)
    b = fisher_constants("tanh", dps=25)
    assert all(abs(u - v) < mpmath.mpf(10) ** -24 for u, v in zip(a, b))
    # q = sigma_w^2 sigma_x^2 = 3: constants of sigma(sqrt(3) x) at unit scale (chain rule by hand)
    x = sp.Symbol("x", real=True)
    c = FisherSpectrum("tanh", sigma_w2=2, sigma_x2=sp.Rational(3, 2)).constants(25)
    d = fisher_constants(sp.tanh(sp.sqrt(3) * x), dps=25)
    assert all(abs(u - v) < mpmath.mpf(10) ** -23 for u, v in zip(c, d))


def test_repr_latex_and_symbolic_constants_need_numbers():
    F = FisherSpectrum.from_constants(ETA, ETAP, ZETA)
    assert "from_constants" in repr(F) and "\\operatorname{tr}" in F._repr_latex_()
    assert repr(FisherSpectrum("tanh", sigma_w2=2)) == "FisherSpectrum('tanh', sigma_w2=2, sigma_x2=1)"
    with pytest.raises(RmtsymError, match="symbolic"):
        F.stieltjes(1j, dps=15)
