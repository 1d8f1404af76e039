"""Wang–Zhu ultra-wide kernels (seed 004_023286a078569efc.txt): UltraWideKernel and its sampler.

Every law is computed by two independent routes: (A) the square
MP(1) ⊠ ρ ⊠ ρ by free_mul, (B) the subordination resultant, (C) the
non-crossing-partition sum, and hand formulas from NC_2(4), NC_2(6); sampled
spectra against the exact finite-N/n law with Richardson extrapolation in n.
"""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym import (RmtsymError, marchenko_pastur, point_mass, semicircle, normalized,
                    b_sigma as b_sigma_fn, free_cumulants_from_moments)
from rmtsym.models.ultrawide import UltraWideKernel, S_RATIO
from rmtsym.sampling.ensembles import richardson_moments, sample_spectra
from rmtsym.sampling.ultrawide import ck_ntk_pair, kernel_functions, ultrawide_kernel

x = sp.Symbol("x")
B = sp.Rational(3, 5)
SIGMA = B * x + sp.Rational(4, 5) * (x ** 2 - 1) / sp.sqrt(2)     # b = 3/5, normalised
C0 = sp.Rational(1, 2)                                            # mu0 = MP(n/d), d = 2n


@pytest.fixture(scope="module")
def poly():
    return UltraWideKernel.gaussian_data(SIGMA, C0)


def _rho_moments(beta, c, k):
    """Moments of (1 - beta) + beta X, X ~ MP(c), by the binomial formula and Narayana numbers."""
    mp = [sp.Integer(1)] + [sum(sp.Rational(1, j) * sp.binomial(j, i) * sp.binomial(j, i - 1)
                                * c ** (i - 1) for i in range(1, j + 1)) for j in range(1, k + 1)]
    return [sp.expand(sum(sp.binomial(j, i) * beta ** i * (1 - beta) ** (j - i) * mp[i]
                          for i in range(j + 1))) for j in range(k + 1)]


# --- exact routes ----------------------------------------------------------------------

def test_route_a_equals_route_b_polynomial(poly):
    A = poly.stieltjes_polynomial().as_expr()
    Bp = poly.subordination_polynomial(0)
    assert sp.expand(A - Bp) == 0


def test_route_a_moments_equal_partition_sum(poly):
    assert poly.moments(10) == poly.moments(10, route="partitions")


def test_hand_formulas_nc2_4_and_6(poly):
    # NC_2(4): m4 = 2 m1^2 m2; NC_2(6): m6 = 2 m1^3 m3 + 3 m1^2 m2^2 (Kreweras complements by hand)
    r = _rho_moments(B ** 2, C0, 3)
    m = poly.moments(6)
    assert m[1] == m[3] == m[5] == 0
    assert m[2] == r[1] ** 2
    assert m[4] == 2 * r[1] ** 2 * r[2]
    assert m[6] == 2 * r[1] ** 3 * r[3] + 3 * r[1] ** 2 * r[2] ** 2


def test_symbolic_b_sigma_and_ratio():
    b = sp.Symbol("b", positive=True)
    c = sp.Rational(1, 3)
    uw = UltraWideKernel.from_constants(b, marchenko_pastur(c))
    m = uw.moments(4, route="partitions")
    assert sp.expand(m[4] - 2 * (1 + b ** 4 * c)) == 0


def test_b_zero_gives_semicircle_independent_of_mu0():
    for mu0 in (marchenko_pastur(sp.Rational(1, 3)), marchenko_pastur(2), point_mass(1)):
        uw = UltraWideKernel.from_constants(0, mu0)
        assert uw.measure() == semicircle(1)
    cos = UltraWideKernel.gaussian_data("cos", sp.Rational(2, 3), normalize=True)
    assert cos.b_sigma == 0
    assert cos.measure() == semicircle(1)


def test_linear_activation_is_semicircle_times_mu0():
    uw = UltraWideKernel.gaussian_data("linear", sp.Rational(1, 4))
    assert uw.b_sigma == 1
    r = _rho_moments(1, sp.Rational(1, 4), 3)
    assert uw.moments(6)[6] == 2 * r[3] + 3 * r[2] ** 2


def test_finite_ratio_law_series_equals_partitions(poly):
    fin = poly.finite_ratio_measure(64)          # prefix m0..m2 from C; m3..m8 from B's series
    assert fin.moments(8) == poly.moments(8, width_ratio=64)


def test_finite_ratio_third_moment_is_s():
    # kappa_1 = 0 and m1(rho) = 1: only the block {1,2,3} survives in NC(3): m3 = kappa_3 = s
    uw = UltraWideKernel.gaussian_data(SIGMA, C0)
    for r, s in ((64, sp.Rational(1, 8)), (sp.Rational(9, 4), sp.Rational(2, 3))):
        assert uw.moments(3, width_ratio=r)[3] == s


def test_nu_s_is_rescaled_marchenko_pastur():
    s = sp.Rational(1, 3)
    nu = UltraWideKernel.from_constants(0, point_mass(1)).finite_ratio_measure(9)
    ref = marchenko_pastur(s ** 2).affine(1 / s, -1 / s)
    assert nu == ref
    assert ref.free_cumulants(5) == [0, 1, s, s ** 2, s ** 3]


@pytest.mark.slow
def test_symbolic_s_polynomial_reduces_to_limit(poly):
    P = poly.subordination_polynomial(S_RATIO)
    assert sp.expand(P.subs(S_RATIO, 0) - poly.stieltjes_polynomial().as_expr()) == 0
    P8 = poly.subordination_polynomial(sp.Rational(1, 8))
    ratio = sp.cancel(P.subs(S_RATIO, sp.Rational(1, 8)) / P8)     # equal up to a constant
    assert ratio.is_Rational and ratio != 0


def test_relu_routes_and_numeric_moments():
    uw = UltraWideKernel.gaussian_data("relu", C0, normalize=True)
    beta = sp.pi / (2 * (sp.pi - 1))
    assert sp.simplify(uw.b_sigma ** 2 - beta) == 0
    exact = uw.moments(6, route="partitions")
    r = _rho_moments(beta, C0, 3)
    assert sp.simplify(exact[6] - (2 * r[3] + 3 * r[2] ** 2)) == 0
    num = uw.moments(6, dps=30)            # b_sigma by quadrature, NC route in mpmath
    for e, v in zip(exact, num):
        assert abs(sp.N(e, 40) - sp.Float(mpmath.nstr(v, 35), 40)) < 1e-25


def test_tanh_b_sigma_quadrature_vs_sampler_hermite():
    uw = UltraWideKernel.gaussian_data("tanh", C0, normalize=True)
    b_mp = uw.b_sigma                                  # mpmath quadrature, 30 digits
    b_np = kernel_functions("tanh")["b_sigma"]         # numpy Gauss-Hermite a_1 (240 nodes)
    assert abs(float(b_mp) - b_np) < 1e-12
    assert abs(b_mp - b_sigma_fn("tanh", dps=30)) < mpmath.mpf(10) ** -25


# --- sampler kernels -------------------------------------------------------------------

def test_tanh_kernel_series_vs_2d_quadrature():
    k = kernel_functions("tanh")
    g, w = np.polynomial.hermite_e.hermegauss(120)
    w = w / math.sqrt(2 * math.pi)
    m = float(w @ np.tanh(g))
    sd = math.sqrt(float(w @ (np.tanh(g) - m) ** 2))
    for rho in (-0.6, 0.15, 0.45):
        u = g[:, None]
        v = rho * g[:, None] + math.sqrt(1 - rho ** 2) * g[None, :]
        direct = float(w @ ((np.tanh(u) - m) * (np.tanh(v) - m)) @ w) / sd ** 2
        assert abs(float(k["kappa"](np.array(rho))) - direct) < 1e-11
        ddirect = float(w @ ((1 - np.tanh(u) ** 2) * (1 - np.tanh(v) ** 2)) @ w) / sd ** 2
        assert abs(float(k["dkappa"](np.array(rho))) - ddirect) < 1e-9


def test_relu_arccos_kernel_vs_monte_carlo():
    k = kernel_functions("relu")
    rng = np.random.default_rng(11)
    u, e = rng.standard_normal((2, 400000))
    rho = 0.3
    v = rho * u + math.sqrt(1 - rho ** 2) * e
    prod = k["sigma"](u) * k["sigma"](v)
    mc, se = prod.mean(), prod.std() / math.sqrt(prod.size)
    assert abs(mc - float(k["kappa"](np.array(rho)))) < 5 * se
    dprod = k["dsigma"](u) * k["dsigma"](v)
    assert abs(dprod.mean() - float(k["dkappa"](np.array(rho)))) < 5 * dprod.std() / math.sqrt(dprod.size)


def test_sampled_ck_matches_finite_ratio_law(poly):
    """Stat test: Richardson 2m(n) - m(n/2) within 4 se + (4/n)|m(n) - m(n/2)| (seed 404)."""
    p = poly.sample_params(64)
    big = sample_spectra("ultrawide", 96, 24, 404, p)
    small = sample_spectra("ultrawide", 48, 24, 405, p)
    rich = richardson_moments(big, small, 4)
    theo = [float(v) for v in poly.moments(4, width_ratio=64)]
    bias = 4 / 96 * np.abs(rich["raw"] - rich["half"])
    for k in (1, 2, 4):
        assert abs(rich["estimate"][k - 1] - theo[k]) <= 4 * rich["stderr"][k - 1] + bias[k - 1]
    # and the raw spectrum is NOT the unit-variance semicircle at n = 96: m2 has a visible 1/n bias
    assert rich["raw"][1] - 1 > 2 * rich["stderr"][1] / 2


@pytest.mark.slow
def test_ntk_and_ck_spectra_merge_as_n_grows():
    """Paired CK/NTK of one network: mean |λ_i(NTK) − λ_i(CK)| falls with n (seed 77)."""
    d = {}
    for n, samples in ((30, 60), (240, 10)):        # distance ~ 1.6/sqrt(n) measured
        vals = []
        for s in np.random.SeedSequence(77 + n).spawn(samples):
            a, b = ck_ntk_pair(n, np.random.default_rng(s), "relu", width_ratio=16)
            vals.append(np.mean(np.abs(a - b)))
        d[n] = (np.mean(vals), np.std(vals, ddof=1) / math.sqrt(len(vals)))
    assert d[240][0] + 3 * d[240][1] < d[30][0] - 3 * d[30][1]


# --- bad input -----------------------------------------------------------------------

def test_bad_inputs():
    with pytest.raises(RmtsymError, match="activation: relu is not normalised"):
        UltraWideKernel.gaussian_data("relu", C0)
    with pytest.raises(RmtsymError, match="mu0 must have mean 1"):
        UltraWideKernel(normalized("relu"), marchenko_pastur(C0, 2))
    with pytest.raises(RmtsymError, match="mu0 must be supported on"):
        UltraWideKernel(normalized("relu"), semicircle(1).affine(1, 1))
    with pytest.raises(RmtsymError, match="mu0 must be an AlgebraicMeasure"):
        UltraWideKernel(normalized("relu"), 0.5)
    with pytest.raises(RmtsymError, match="kernel must be"):
        UltraWideKernel(normalized("relu"), marchenko_pastur(C0), kernel="gram")
    with pytest.raises(RmtsymError, match="b_sigma must lie in"):
        UltraWideKernel.from_constants(sp.Rational(3, 2), marchenko_pastur(C0))
    with pytest.raises(RmtsymError, match="width_ratio"):
        UltraWideKernel.gaussian_data(SIGMA, C0).finite_ratio_measure(2)
    with pytest.raises(RmtsymError, match="width_ratio"):
        UltraWideKernel.gaussian_data(SIGMA, C0).moments(3, width_ratio=-4)
    with pytest.raises(RmtsymError, match="ratio"):
        UltraWideKernel.gaussian_data(SIGMA, 0)
    with pytest.raises(RmtsymError, match="kernel must be"):
        ultrawide_kernel(10, np.random.default_rng(0), kernel="gram")
    with pytest.raises(RmtsymError, match="hermite"):
        ultrawide_kernel(10, np.random.default_rng(0), hermite=(0.0, 1.0, 1.0))
    with pytest.raises(RmtsymError, match="activation must be one of"):
        ultrawide_kernel(10, np.random.default_rng(0), activation="nope")


# --- linear mixtures, Bai–Yin and Pastur samplers ----------------------------------------

def test_law_depends_on_sigma_only_through_b(poly):
    # a piecewise-linear sigma with the same b = 3/5 gives exactly the same law (route A both)
    lip = UltraWideKernel.linear_mix("abs", B, marchenko_pastur(C0))
    assert lip.b_sigma == B
    assert lip.measure() == poly.measure()
    cosmix = UltraWideKernel.linear_mix("cos", B, marchenko_pastur(C0))
    assert cosmix.moments(6, route="partitions") == poly.moments(6)


def test_abs_kernel_vs_monte_carlo_and_mixture_normalised():
    k = kernel_functions("abs", None, 0.6)
    rng = np.random.default_rng(12)
    u, e = rng.standard_normal((2, 400000))
    assert abs(k["sigma"](u).mean()) < 5 / math.sqrt(u.size) * k["sigma"](u).std()
    assert abs((k["sigma"](u) ** 2).mean() - 1) < 5 * (k["sigma"](u) ** 2).std() / math.sqrt(u.size)
    rho = -0.4
    v = rho * u + math.sqrt(1 - rho ** 2) * e
    prod = k["sigma"](u) * k["sigma"](v)
    assert abs(prod.mean() - float(k["kappa"](np.array(rho)))) < 5 * prod.std() / math.sqrt(prod.size)
    assert k["b_sigma"] == 0.6


def test_bai_yin_sampler_matches_rescaled_mp():
    """Rademacher entries, d/n = 16: Richardson m2, m3 vs 1 and t = 1/4 within 4 se + bias (seed 9)."""
    big = sample_spectra("bai_yin", 120, 30, 9, {"ratio": 16.0, "entries": "rademacher"})
    small = sample_spectra("bai_yin", 60, 30, 10, {"ratio": 16.0, "entries": "rademacher"})
    rich = richardson_moments(big, small, 3)
    bias = 4 / 120 * np.abs(rich["raw"] - rich["half"])
    ref = [0.0, 1.0, 0.25]                      # kappa_3 = t: m3 = t, m2 = 1
    for k in (1, 2, 3):
        assert abs(rich["estimate"][k - 1] - ref[k - 1]) <= 4 * rich["stderr"][k - 1] + bias[k - 1] + 1e-12
    assert abs(rich["estimate"][2] - 0.0) > 4 * rich["stderr"][2]      # not the semicircle's m3 = 0


def test_pastur_mask_sampler_vs_mask_law():
    """Layer-1 masks are i.i.d. from nu_K: mean of 16000 draws within 5 se of the exact E (seed 3)."""
    from rmtsym import mask_law
    from rmtsym.sampling.pastur import pastur_mask
    rng = np.random.default_rng(3)
    v = np.concatenate([pastur_mask(400, rng, "tanh", 1.5, 0.1, 1.0) for _ in range(40)])
    m = mask_law("tanh", sp.Rational(8, 5), sp.Rational(3, 2)).moments(2, dps=20)
    for k in (1, 2):
        assert abs(np.mean(v ** k) - float(m[k])) < 5 * np.std(v ** k) / math.sqrt(v.size)


def test_pastur_jacobian_linear_rademacher_is_fuss_catalan():
    """phi = x, L = 2, Rademacher weights: moments of J J^T tend to FC_2 (1, 3, 12); Richardson (seed 5)."""
    p = {"activation": "linear", "depth": 2, "sigma_w2": 1.0, "sigma_b2": 0.0, "q0": 1.0,
         "weights": "rademacher"}
    big = sample_spectra("pastur_jacobian", 120, 20, 5, p)
    small = sample_spectra("pastur_jacobian", 60, 20, 6, p)
    rich = richardson_moments(big, small, 3)
    bias = 4 / 120 * np.abs(rich["raw"] - rich["half"])
    for k, ref in ((1, 1.0), (2, 3.0), (3, 12.0)):
        assert abs(rich["estimate"][k - 1] - ref) <= 4 * rich["stderr"][k - 1] + bias[k - 1]


def test_more_bad_inputs():
    from rmtsym.sampling.pastur import pastur_jacobian, pastur_mask
    from rmtsym.sampling.ultrawide import bai_yin
    with pytest.raises(RmtsymError, match="weight must lie in"):
        UltraWideKernel.linear_mix("abs", 2, marchenko_pastur(C0))
    with pytest.raises(RmtsymError, match="base must be"):
        UltraWideKernel.linear_mix("relu", B, marchenko_pastur(C0))
    with pytest.raises(RmtsymError, match="linear_weight: the base activation"):
        kernel_functions("relu", None, 0.5)
    with pytest.raises(RmtsymError, match="entries must be"):
        bai_yin(10, np.random.default_rng(0), entries="cauchy")
    with pytest.raises(RmtsymError, match="activation must be one of"):
        pastur_mask(10, np.random.default_rng(0), activation="gelu")
    with pytest.raises(RmtsymError, match="weights must be"):
        pastur_jacobian(10, np.random.default_rng(0), weights="cauchy")
    with pytest.raises(RmtsymError, match="route must be"):
        UltraWideKernel.gaussian_data(SIGMA, C0).moments(2, route="magic")


def test_spectral_edges_vs_closed_form():
    # b = 0: limit mu_s (edge 2); finite ratio nu_s = s^-1(MP(s^2) - 1): edges ((1 -+ s)^2 - 1)/s
    uw = UltraWideKernel.from_constants(0, point_mass(1))
    assert abs(float(uw.spectral_edge()) - 2.0) < 1e-12
    assert abs(float(uw.spectral_edge(16)) - 2.25) < 1e-12          # s = 1/4: 2 + s
    sup = uw.finite_ratio_measure(16).support(dps=20)
    assert abs(float(sup[0][0]) + 1.75) < 1e-15 and abs(float(sup[-1][1]) - 2.25) < 1e-15


# -- random-feature ridge vs kernel ridge with E K^CK (Wang-Zhu RF regression slide) -------------

from rmtsym.models.ultrawide_regression import expected_ck_kernel, kernel_ridge_test_error, rf_kernel_gap
from rmtsym.sampling.ultrawide import digits_task, rf_ridge_test_errors, teacher_task


def test_rf_ridge_equals_sklearn_ridge_on_the_same_features():
    from sklearn.linear_model import Ridge
    X, y, T, f = teacher_task(12, 20, 30, np.random.default_rng(3))
    N, lam = 90, 0.3
    err = rf_ridge_test_errors(X, y, T, f, N, lam, np.random.default_rng(11))[0]
    W = np.random.default_rng(11).standard_normal((N, 20))           # same first draw
    sig = kernel_functions("relu")["sigma"]
    F, G = sig(W @ X).T / math.sqrt(N), sig(W @ T).T / math.sqrt(N)  # (n, N) feature rows
    model = Ridge(alpha=lam, fit_intercept=False, solver="cholesky").fit(F, y)
    ref = float(np.mean((model.predict(G) - f) ** 2))                 # primal (N x N) route
    assert abs(err - ref) <= 1e-10 * max(1.0, ref)


def test_expected_kernel_matches_monte_carlo_mean_of_ck():
    X, _, _, _ = teacher_task(6, 10, 1, np.random.default_rng(4))
    sig = kernel_functions("relu")["sigma"]
    rng = np.random.default_rng(12)
    R, N = 400, 50
    Ks = np.empty((R, 6, 6))
    for t in range(R):
        F = sig(rng.standard_normal((N, 10)) @ X)
        Ks[t] = F.T @ F / N
    mean, se = Ks.mean(axis=0), Ks.std(axis=0, ddof=1) / math.sqrt(R)
    z = np.abs(mean - expected_ck_kernel(X)) / se
    assert z.max() < 4.5                                              # 21 entries, z-test, seed 12


def test_kernel_ridge_by_hand_and_gap_shrinks_with_width():
    # orthonormal data: kappa(I) = I, cross kernel kappa(0) = 0 off the training points
    X = np.eye(4)[:, :3]
    assert kernel_ridge_test_error(X, [1.0, 2.0, 0.0], X, [0.0, 0.0, 0.0], 1.0) == pytest.approx(
        ((0.5) ** 2 + 1.0 ** 2) / 3, abs=1e-14)
    X, y, T, f = digits_task(20, 60)
    small = np.abs(rf_kernel_gap(X, y, T, f, 80, 0.1, seed=5, draws=8)["gap"]).mean()
    large = np.abs(rf_kernel_gap(X, y, T, f, 5120, 0.1, seed=6, draws=8)["gap"]).mean()
    assert large < small / 3                                          # N/n 4 -> 256: expected ~8x


@pytest.mark.parametrize("kwargs, match", [
    ({"width": 0}, "width"), ({"ridge": 0.0}, "ridge"), ({"draws": 0}, "draws"),
    ({"X": 2 * np.eye(3)}, "unit-norm"), ({"y": np.ones(2)}, "y must have"),
])
def test_rf_ridge_bad_inputs(kwargs, match):
    args = {"X": np.eye(3), "y": np.ones(3), "X_test": np.eye(3), "f_test": np.ones(3), "width": 5,
            "ridge": 0.1, "rng": np.random.default_rng(0), "draws": 1}
    args.update(kwargs)
    with pytest.raises(RmtsymError, match=match):
        rf_ridge_test_errors(**args)
    with pytest.raises(RmtsymError, match="n_test"):
        teacher_task(3, 3, 0, np.random.default_rng(0))


def test_relu_panel_float_density_against_30_digit_density_and_mass():
    from rmtsym.claims.wang_zhu_deformed_semicircle import _relu_support, relu_density, relu_law
    xs = [-2.0, -0.7, 1e-3, 0.4, 1.3, 2.4]
    got = relu_density(np.array(xs))
    for x, g in zip(xs, got):
        ref = float(relu_law().density(x, dps=30))
        assert abs(g - ref) <= 1e-9 * max(1.0, ref)
    assert np.isfinite(relu_density(np.array([0.0]))[0])           # degenerate point handled
    (a, b), = _relu_support()
    t, w = np.polynomial.legendre.leggauss(400)                     # Gauss-Legendre with sqrt edge substitution
    u = np.pi / 2 * (t + 1) / 2                                     # x = a + (b - a) sin^2(u)
    x = a + (b - a) * np.sin(u) ** 2
    jac = (b - a) * 2 * np.sin(u) * np.cos(u) * np.pi / 4
    assert abs(float(np.sum(w * relu_density(x) * jac)) - 1.0) < 1e-6


# -- the joint limit n -> infinity of the RF-regression statement (Wang-Zhu slide, Mei et al. '21) ---

def _hand_relu_rf_gaps(n, ratio, draws, rng, n_test=60):
    """Delta L by code independent of rmtsym's: sklearn Ridge on hand-normalised relu features, and
    sklearn KernelRidge with the arc-cosine kernel written out here (teacher task of the slide)."""
    from sklearn.kernel_ridge import KernelRidge
    from sklearn.linear_model import Ridge
    d, lam = 2 * n, 0.1
    Z = rng.standard_normal((d, n + n_test))
    Z /= np.linalg.norm(Z, axis=0)
    beta = rng.standard_normal(d)
    X, T = Z[:, :n], Z[:, n:]
    y, f = X.T @ beta + 0.5 * rng.standard_normal(n), T.T @ beta

    def kappa(r):                      # E s(u)s(v), s = (relu - 1/sqrt(2 pi))/sqrt(1/2 - 1/(2 pi))
        r = np.clip(r, -1, 1)
        return (np.sqrt(1 - r * r) + (np.pi - np.arccos(r)) * r - 1) / (np.pi - 1)
    krr = KernelRidge(alpha=lam, kernel="precomputed").fit(kappa(X.T @ X), y)
    L0 = float(np.mean((krr.predict(kappa(T.T @ X)) - f) ** 2))
    N, c = ratio * n, 1 / math.sqrt(2 * math.pi)
    gaps = []
    for _ in range(draws):
        W = rng.standard_normal((N, d))
        F, G = [(np.maximum(W @ A, 0) - c).T / math.sqrt((0.5 - c * c) * N) for A in (X, T)]
        pred = Ridge(alpha=lam, fit_intercept=False, solver="cholesky").fit(F, y).predict(G)
        gaps.append(float(np.mean((pred - f) ** 2)) - L0)
    return np.array(gaps)


def _log_rms(g):
    ms = float(np.mean(g ** 2))
    return 0.5 * math.log(ms), 0.5 * float(np.std(g ** 2, ddof=1)) / math.sqrt(g.size) / ms


@pytest.mark.slow
def test_rf_gap_shrinks_on_the_joint_path_and_not_at_fixed_width_ratio():
    # Route 2 (this file's own code, seed 140440): N/n = 16 n/20 for n = 20, 40, 80, 160, 24 draws each.
    rng = np.random.default_rng(140440)
    sizes = (20, 40, 80, 160)
    ratios = np.array([16 * n // 20 for n in sizes], float)
    pts = [_log_rms(_hand_relu_rf_gaps(n, int(r), 24, rng)) for n, r in zip(sizes, ratios)]
    ly, se = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
    A = np.vstack([np.log(ratios), np.ones(len(sizes))]).T
    cov = np.linalg.inv(A.T @ (A / se[:, None] ** 2))
    slope = float((cov @ (A.T @ (ly / se ** 2)))[0])
    e = math.sqrt(cov[0, 0])
    # weighted LS slope test: the statement's rate (N/n)^(-1/2) (0.1 curvature allowance), and shrinking
    assert slope <= -0.5 + 3 * e + 0.1 and slope + 3 * e < 0, (slope, e)
    # fixed N/n = 16: the gap's mean (the RF predictor's O(n/N) bias) does not vanish as n grows
    g = _hand_relu_rf_gaps(80, 16, 24, rng)
    assert g.mean() > 3 * g.std(ddof=1) / math.sqrt(g.size), (g.mean(), g.std(ddof=1))


def test_joint_limit_checks_of_the_claim():
    # Route 1: the claim's checks (rmtsym's sampler and kernel ridge), quick mode, seeds 140434/140435.
    from rmtsym.claims.wang_zhu_rf_test_error import CLAIM
    from rmtsym.verify import Context, Level
    joint = [c for c in CLAIM.checks if c.name.startswith("joint n -> infinity")]
    assert len(joint) == 2
    for c in joint:
        res = c.run(Context())
        assert res.level == Level.EMPIRICAL, res.message
        s, e = res.record["joint_slope"]
        assert res.record["sizes"] == [40, 80, 160] and res.record["joint_ratios"] == [16, 32, 64]
        assert s + 3 * e < 0 and s <= -0.4 + 3 * e
