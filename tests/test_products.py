"""Hanin–Nica products M = D_d W_d ⋯ D_1 W_1 (rmtsym.models.products).

Every result by two independent routes:
* E||Mu||^{2k}: chi-square products vs the coincidence-pattern path sum vs
  explicit path tuples (hanin_nica_moment) vs brute-force enumeration of all
  matrices and masks (finite laws) vs hand-derived one-layer formulas;
* log-norm mean/variance: half-integer closed forms (SymPy) vs mpmath's
  psi/psi' summed over the binomial law; vs the CDF from Gil-Pelaez inversion;
* sampled real products / ReLU networks: one-sample KS against the exact
  finite-size law (DKW band at alpha = 1e-3; the null is the finite-(n, d) law,
  so there is no O(1/n) bias), fixed seeds.
"""

import math
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym import RmtsymError
from rmtsym.models.products import MatrixProduct, entry_moments
from rmtsym.sampling.charfun import gil_pelaez_cdf
from rmtsym.sampling.products import draw_entries, matrix_product

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rmtsym.claims._products import dkw, enumerate_moment, relu_jacobian_moment_enumerated  # noqa: E402

R = sp.Rational


# ----------------------------------------------------------------- exact moments

@pytest.mark.parametrize("widths,p", [([3, 5, 2, 4], R(1, 3)), ([4, 7, 3], R(3, 4)), ([6, 2, 5], 1)])
def test_chi2_equals_partition_path_sum(widths, p):
    m = MatrixProduct(widths, p=p)
    for k in range(5):
        assert m.norm_moment(k, "chi2") == m.norm_moment(k, "partitions")


@pytest.mark.parametrize("n,d,p", [(2, 2, R(1, 2)), (3, 2, R(2, 3)), (2, 3, R(1, 3))])
def test_explicit_path_tuples_equal_chi2(n, d, p):
    m = MatrixProduct.uniform(n, d, p=p)
    for k in range(3):
        assert m.norm_moment(k, "paths") == m.norm_moment(k, "chi2")


def test_enumeration_rademacher_and_three_point():
    rad = MatrixProduct([2, 2, 2], p=R(2, 3), entries="rademacher")
    for k in range(4):
        assert rad.norm_moment(k) == enumerate_moment([2, 2, 2], k, [1, -1], [Fraction(1, 2)] * 2,
                                                      p=Fraction(2, 3))
    rad2 = MatrixProduct([2, 3, 1], p=R(1, 3), entries="rademacher")     # unequal widths
    for k in range(4):
        assert rad2.norm_moment(k) == enumerate_moment([2, 3, 1], k, [1, -1], [Fraction(1, 2)] * 2,
                                                       p=Fraction(1, 3))
    tp = MatrixProduct([2, 2, 1], entries=4)
    law = ([2, 0, -2], [Fraction(1, 8), Fraction(3, 4), Fraction(1, 8)])
    for k in range(4):
        assert tp.norm_moment(k) == enumerate_moment([2, 2, 1], k, *law)


@pytest.mark.parametrize("entries", ["uniform", "laplace", R(7, 2)])
def test_one_layer_second_moment_by_hand(entries):
    # ||D W u||^2 = s^2 sum_i delta_i z_i^2, E z^2 = 1, E z^4 = 3 + (mu4 - 3)||u||_4^4:
    # E||DWu||^4 = s^4 [n p E z^4 + n(n-1) p^2]   (derived by hand, independent of the code)
    n0, n1, p = 5, 7, R(2, 5)
    mu4 = {"uniform": R(9, 5), "laplace": 6}.get(entries, entries)
    s2 = 1 / (p * n0)
    for u, u4 in (("e1", 1), ("flat", R(1, n0))):
        m = MatrixProduct([n0, n1], p=p, entries=entries, u=u)
        ez4 = 3 + (mu4 - 3) * u4
        assert m.norm_moment(2) == s2 ** 2 * (n1 * p * ez4 + n1 * (n1 - 1) * p ** 2)
        assert m.norm_moment(1) == R(n1, n0)


def test_explicit_u_and_entry_moments():
    u = [R(3, 5), R(4, 5), 0]
    m = MatrixProduct([3, 4, 2], entries="uniform", u=u)
    assert m.u_power_sum(2) == R(81 + 256, 625)
    assert m.norm_moment(1) == R(2, 3)
    # uniform on [-sqrt3, sqrt3]: E x^6 = 27/7 by integration
    x = sp.Symbol("x")
    assert entry_moments("uniform", 3)[3] == sp.integrate(x ** 6, (x, -sp.sqrt(3), sp.sqrt(3))) / (2 * sp.sqrt(3))
    assert entry_moments("laplace", 2)[2] == sp.integrate(x ** 4 * sp.exp(-sp.sqrt(2) * x), (x, 0, sp.oo)) * sp.sqrt(2)


def test_beta_formula_and_lognormal_remainder():
    # hand value: widths (4, 6, 4), p = 1/2, Rademacher, u = e1: 5(1/6 + 1/4) - 2/(6/2) = 17/12
    assert MatrixProduct([4, 6, 4], entries="rademacher").beta == R(17, 12)
    assert MatrixProduct([10, 8, 8], p=1).beta == 2 * R(2, 8)        # eq. (9): N(-d/n, 2d/n)
    # log E X^k - k(k-1)beta/2 = O(sum n^-2): ratio 4 on doubling the widths at fixed depth;
    # without the first-layer mu4 term the remainder is O(1/n) (ratio 2)
    for ent in ("gaussian", "uniform"):
        rem = []
        for n in (128, 256):
            m = MatrixProduct([3 * n // 4] + [n] * 3, entries=ent)
            X = m.norm_moment(3) / m.mean_ratio ** 3
            rem.append(float(sp.log(X) - 3 * m.beta))
        assert 3.0 < rem[0] / rem[1] < 5.0


def test_moment_methods_cost_grows_linearly_in_depth():
    # the transfer is per distinct width pair: depth 200 of width 50 is cheap and exact
    m = MatrixProduct.uniform(50, 200, entries="uniform")
    assert m.norm_moment(1) == 1
    assert m.norm_moment(2) > 1


# ----------------------------------------------------------------- log-norm statistics

def _mp_stats(model, dps=40):
    with mpmath.workdps(dps):
        p = mpmath.mpf(model.p.p) / model.p.q
        mean = var = mpmath.mpf(0)
        for n_in, n_out in zip(model.widths[:-1], model.widths[1:]):
            z = 1 - (1 - p) ** n_out
            w = [mpmath.binomial(n_out, K) * p ** K * (1 - p) ** (n_out - K) / z for K in range(1, n_out + 1)]
            d0 = [mpmath.psi(0, mpmath.mpf(K) / 2) for K in range(1, n_out + 1)]
            d1 = [mpmath.psi(1, mpmath.mpf(K) / 2) for K in range(1, n_out + 1)]
            e = mpmath.fsum(a * b for a, b in zip(w, d0))
            mean += mpmath.log(2 / (p * n_in)) + e
            var += mpmath.fsum(a * b for a, b in zip(w, d1)) + mpmath.fsum(a * (b - e) ** 2 for a, b in zip(w, d0))
        return mean, var


@pytest.mark.parametrize("widths,p", [([6, 9, 4], R(1, 3)), ([16] * 5, R(1, 2)), ([7, 3, 11], R(4, 5))])
def test_log_stats_closed_form_vs_mpmath_psi(widths, p):
    m = MatrixProduct(widths, p=p)
    a, b = m.log_norm_stats(dps=30)
    c, d = _mp_stats(m)
    assert abs(a - c) < mpmath.mpf(10) ** -28 and abs(b - d) < mpmath.mpf(10) ** -28


def test_log_stats_exact_p1():
    # p = 1: K = n_1 = 4, sigma^2 = 1/5: mean = log(2/5) + psi(2) = log(2/5) + 1 - gamma, var = pi^2/6 - 1
    mean, var = MatrixProduct([5, 4], p=1).log_norm_stats(dps=None)
    assert sp.simplify(mean - (sp.log(R(2, 5)) + 1 - sp.EulerGamma)) == 0
    assert sp.simplify(var - (sp.pi ** 2 / 6 - 1)) == 0
    # K = 3: psi(3/2) = 2 - gamma - 2 log 2, psi'(3/2) = pi^2/2 - 4
    mean, var = MatrixProduct([2, 3], p=1).log_norm_stats(dps=None)
    assert sp.simplify(mean - (0 + 2 - sp.EulerGamma - 2 * sp.log(2))) == 0
    assert sp.simplify(var - (sp.pi ** 2 / 2 - 4)) == 0


def test_finite_size_corrections_shrink_like_one_over_n():
    corr = []
    for n in (16, 32, 64):
        m = MatrixProduct.uniform(n, n // 2)
        mean, var = m.log_norm_stats(dps=20)
        corr.append((float(mean) + float(m.beta) / 2, float(var) - float(m.beta)))
    for (a0, b0), (a1, b1) in zip(corr, corr[1:]):
        assert 1.6 < a0 / a1 < 2.6 and 1.6 < b0 / b1 < 2.6


def test_cdf_by_inversion_reproduces_exact_mean_and_variance():
    m = MatrixProduct([12, 20, 16, 12])
    mean, var = (float(t) for t in m.log_norm_stats(dps=20))
    sd = math.sqrt(var)
    x = np.linspace(mean - 14 * sd, mean + 14 * sd, 6001)
    F = m.log_norm_cdf(x)
    dens = np.gradient(F, x)
    h = x[1] - x[0]
    m1 = float(np.sum(x * dens) * h)
    m2 = float(np.sum((x - m1) ** 2 * dens) * h)
    # the left tail of log chi^2 is exponential only (density ~ e^{K x/2}): F(mean - 14 sd) ~ 2e-6
    assert abs(F[0]) < 1e-5 and abs(F[-1] - 1) < 1e-9
    assert abs(m1 - mean) < 1e-4 and abs(m2 - var) < 2e-3


def test_gil_pelaez_on_a_gaussian_and_ks_decay():
    from scipy.special import ndtr
    x = np.linspace(-7, 9, 41)
    F = gil_pelaez_cdf(lambda t: np.exp(1.5j * t - 0.5 * 3.0 * t * t), x, 3.0, nodes=600, mean=1.5)
    assert np.max(np.abs(F - ndtr((x - 1.5) / math.sqrt(3.0)))) < 1e-13
    d = [MatrixProduct.uniform(n, n // 2).ks_to_gaussian() for n in (16, 32, 64)]
    assert 1.8 < d[0] / d[1] < 2.3 and 1.8 < d[1] / d[2] < 2.3


# ----------------------------------------------------------------- sampling

def test_sampled_products_follow_the_exact_finite_law_and_not_the_limit():
    m = MatrixProduct.uniform(16, 8)
    s = m.sample(200, seed=20260401, batch=100)
    N = s.finite.size
    assert s.ks_statistic(m.log_norm_cdf) <= dkw(N, 1e-3)
    # the finite-size correction is visible: the exact law is 0.051 from N(-beta/2, beta)
    from scipy.special import ndtr
    lm, lv = (float(t) for t in m.leading_stats())
    assert s.ks_statistic(lambda x: ndtr((x - lm) / math.sqrt(lv))) > 3 * dkw(N, 1e-3)


def test_relu_network_jacobian_is_a_masked_product_in_law():
    m = MatrixProduct([12, 20, 16, 12])
    s = m.sample(40, seed=20260402, batch=100, network=True)
    assert s.ks_statistic(m.log_norm_cdf) <= dkw(s.finite.size, 1e-3)


def test_relu_network_equals_masked_product_exactly_for_a_tie_free_discrete_law():
    # Prop. 2 at finite width: all 2^12 networks with +-1 weights, +-1/2 biases, input (1, sqrt 2)
    m = MatrixProduct([2, 2, 2], entries="rademacher")
    for k in range(4):
        assert relu_jacobian_moment_enumerated(k) == m.norm_moment(k)
    # E (K/2)(K/2)... hand check of k = 2 for the product: layer 1 gives ||D W e1||^2 = K_1 ~ Bin(2, 1/2)
    assert m.norm_moment(2) == R(13, 4)


def test_sampled_norm_mean_non_gaussian_unequal_widths():
    # E||Mu||^2 = n_d/n_0 = 3/2 exactly; z-test at 4 standard errors (no bias: the sampler is exact)
    m = MatrixProduct([8, 12, 6, 12], p=R(3, 4), entries="laplace")
    x = np.exp(m.sample(50, seed=20260403, batch=100).values)
    se = x.std(ddof=1) / math.sqrt(x.size)
    assert abs(x.mean() - 1.5) < 4 * se
    # and the second moment against the exact path sum
    x2 = x ** 2
    assert abs(x2.mean() - float(m.norm_moment(2))) < 4 * x2.std(ddof=1) / math.sqrt(x.size)


def test_draw_entries_moments():
    rng = np.random.default_rng(7)
    for ent in ("gaussian", "rademacher", "uniform", "laplace", 2.5):
        x = draw_entries(rng, (200000,), ent)
        mu4 = float(entry_moments(ent if isinstance(ent, str) else R(5, 2), 2)[2])
        assert abs((x ** 2).mean() - 1) <= 4 * (x ** 2).std() / math.sqrt(x.size) + 1e-12
        assert abs((x ** 4).mean() - mu4) <= 4 * (x ** 4).std() / math.sqrt(x.size) + 1e-12
        assert abs(x.mean()) < 4 / math.sqrt(x.size)


def test_sampler_reproducible_and_zero_products():
    a = matrix_product(5, np.random.default_rng(3), [4, 4, 4])
    b = matrix_product(5, np.random.default_rng(3), [4, 4, 4])
    assert np.array_equal(a, b)
    # width-1 layers with p = 1/2 kill the vector with probability 1 - 1/4
    x = matrix_product(4000, np.random.default_rng(4), [1, 1, 1])
    frac = np.mean(~np.isfinite(x))
    assert abs(frac - 0.75) < 4 * math.sqrt(0.75 * 0.25 / 4000)
    assert float(MatrixProduct([1, 1, 1]).prob_nonzero()) == 0.25


# ----------------------------------------------------------------- plot, repr, errors

def test_plot_ks_convergence_returns_figure_and_accepts_ax():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from rmtsym.export.products_plots import plot_ks_convergence
    rows = [{"n": 16, "d": 8, "ks_leading": 0.05, "ks_matched": 0.02, "ks_sampled": 0.052, "band": 0.01},
            {"n": 32, "d": 16, "ks_leading": 0.025, "ks_matched": 0.01}]
    fig = plot_ks_convergence(rows)
    assert fig.axes[0].get_xscale() == "log"
    fig2, ax = plt.subplots()
    assert plot_ks_convergence(rows, ax=ax) is fig2
    with pytest.raises(RmtsymError, match="rows"):
        plot_ks_convergence([])
    plt.close("all")


def test_repr_and_latex():
    m = MatrixProduct([3, 4], entries="uniform")
    assert "MatrixProduct(widths=[3, 4]" in repr(m)
    assert r"\beta" in m._repr_latex_()


@pytest.mark.parametrize("kwargs,match", [
    ({"widths": [3]}, "depth"),
    ({"widths": []}, "depth"),
    ({"widths": [3, 0]}, r"widths\[1\]"),
    ({"widths": [3, 2.5]}, r"widths\[1\]"),
    ({"widths": 5}, "widths"),
    ({"widths": [3, 3], "p": 0}, "p must"),
    ({"widths": [3, 3], "p": R(3, 2)}, "p must"),
    ({"widths": [3, 3], "p": -0.5}, "p must"),
    ({"widths": [3, 3], "entries": "cauchy"}, "entries"),
    ({"widths": [3, 3], "entries": R(1, 2)}, "entries"),
    ({"widths": [3, 3], "u": [1, 1, 0]}, "u must"),
    ({"widths": [3, 3], "u": [1, 0]}, "u must"),
])
def test_bad_inputs(kwargs, match):
    with pytest.raises(RmtsymError, match=match):
        MatrixProduct(**kwargs)


def test_bad_calls():
    with pytest.raises(RmtsymError, match="depth"):
        MatrixProduct.uniform(4, 0)
    with pytest.raises(RmtsymError, match="n must"):
        MatrixProduct.uniform(0, 3)
    m = MatrixProduct([3, 3], entries="uniform")
    with pytest.raises(RmtsymError, match="Gaussian"):
        m.log_norm_stats()
    with pytest.raises(RmtsymError, match="chi2"):
        m.norm_moment(2, "chi2")
    with pytest.raises(RmtsymError, match="k must"):
        m.norm_moment(-1)
    with pytest.raises(RmtsymError, match="method"):
        m.norm_moment(1, "magic")
    with pytest.raises(RmtsymError, match="p = 1/2"):
        MatrixProduct([3, 3], p=R(1, 3)).sample(2, seed=0, network=True)
    with pytest.raises(RmtsymError, match="p must"):
        matrix_product(2, np.random.default_rng(0), [3, 3], p=0.0)
    with pytest.raises(RmtsymError, match="depth"):
        matrix_product(2, np.random.default_rng(0), [3])


@pytest.mark.slow
def test_prop2_non_gaussian_unequal_widths_two_sample_and_sampled_ks_decay():
    # Prop. 2 for Laplace weights (no exact law): two-sample KS, alpha = 1e-3, fixed seeds
    from scipy.stats import ks_2samp
    m = MatrixProduct([10, 24, 12, 18], entries="laplace")
    a = m.sample(60, seed=20260410, batch=100, network=True).finite
    b = m.sample(60, seed=20260411, batch=100).finite
    band = math.sqrt(-0.5 * math.log(1e-3 / 2)) * math.sqrt((a.size + b.size) / (a.size * b.size))
    assert ks_2samp(a, b).statistic <= band
    # sampled KS to N(-beta/2, beta) tracks the exact distance within the DKW noise (d/n = 1/2)
    from scipy.special import ndtr
    for n in (16, 32):
        g = MatrixProduct.uniform(n, n // 2)
        s = g.sample(100, seed=20260420 + n, batch=100)
        lm, lv = (float(t) for t in g.leading_stats())
        D = s.ks_statistic(lambda x: ndtr((x - lm) / math.sqrt(lv)))
        assert abs(D - g.ks_to_gaussian()) <= dkw(s.finite.size, 1e-3)


@pytest.mark.parametrize("p", [sp.Rational(1, 2), sp.Rational(3, 4)])
def test_beta_against_exact_log_variance_unequal_widths(p):
    # independent route: exact finite-size mean/variance (digamma/trigamma of the chi-square
    # representation) at fixed depth; beta = (3/p - 1) sum_{l>=1} 1/n_l must leave an
    # O(sum n_l^-2) remainder (ratio 4 per doubling); a wrong coefficient or a width index off
    # by one leaves O(1/n) (ratio 2).
    rem = []
    for n in (16, 32, 64):
        m = MatrixProduct([n, 2 * n, n, 3 * n // 2, n], p=p)
        assert m.beta == (3 / p - 1) * (sp.Rational(1, 2 * n) + sp.Rational(1, n) + sp.Rational(2, 3 * n)
                                        + sp.Rational(1, n))
        mean, var = m.log_norm_stats(dps=20)
        rem.append((float(mean) - float(sp.log(m.mean_ratio) - m.beta / 2), float(var) - float(m.beta)))
    for (a0, b0), (a1, b1) in zip(rem, rem[1:]):
        assert 3.5 < a0 / a1 < 5.0 and 3.5 < b0 / b1 < 5.0
