"""GDDynamics (Liao–Couillet 2018 GD dynamics, seed 001): routes, errata, simulation, bad input.

Routes compared
---------------
(a) corrected contour integrals (ellipse trapezoid, project MP Stieltjes transform);
(b) real integrals over μ and ω, eqs. (17)-(18) (θ-trapezoid of the project MP density);
(c) exact rationals for k-step discrete GD (polynomial filters -> moments of μ and ω);
(d) closed forms at t = 0 and t = ∞ (ridge solution, MP Stieltjes transform at -γ);
(e) actual discrete gradient descent (Richardson 2m(2n) - m(n), z-test at 4 SE);
(f) fixed (real) data: the GD iteration against the spectral sums of the data's own
    eigen-decomposition (``fixed_design_statistics``) and against a matrix power / matrix
    exponential computed here; the w0-expectations against the mean of many draws (z-test).
"""

import math

import mpmath
import numpy as np
import pytest
import sympy

from rmtsym import ConvergenceError, GDDynamics, RmtsymError
from rmtsym.numerics.contour import ellipse_contour_integral, sqrt_edge_quadrature
from rmtsym.models.gd_dynamics import fixed_design_statistics
from rmtsym.sampling.gd import digits_mixture, mixture, simulate_gd, simulate_gd_fixed

from rmtsym.claims._gd_dynamics import (exact_polynomial_statistics, omega_moments,
                                 printed_contour_statistics)

R = sympy.Rational
KEYS = ("E_test", "V_test", "E_train", "V_train")
TOL25 = mpmath.mpf(10) ** -25

# (c, rho, gamma, sigma2): spike (rho^2 > c) or not, c < 1 or c > 1 (MP atom), gamma = 0 or > 0
CASES = [(R(1, 2), 2, R(1, 10), R(1, 4)),        # spike, c < 1
         (2, 3, R(1, 3), R(1, 2)),               # spike, c > 1 (atom at 0)
         (R(1, 2), R(1, 2), 0, 3)]               # no spike (rho < sqrt c), gamma = 0


def close(a, b, tol=TOL25):
    with mpmath.workdps(40):
        return abs(mpmath.mpf(a) - mpmath.mpf(sympy.N(b, 40) if isinstance(b, sympy.Basic) else b)) \
            <= tol * max(1, abs(mpmath.mpf(sympy.N(b, 40) if isinstance(b, sympy.Basic) else b)))


# ---------------------------------------------------------------- exact moment route inputs
def test_mp_moments_are_narayana():
    """The MP moments used by route (c) equal the Narayana polynomials (independent count)."""
    c = R(3, 7)
    om, mu = omega_moments(c, R(5, 4), 6)
    for k in range(1, 7):
        nar = sum(sympy.binomial(k, j) * sympy.binomial(k, j - 1) / k * c ** (j - 1) for j in range(1, k + 1))
        assert mu[k] == nar


def test_omega_moments_closed_form():
    """ω_0 = ρ (= lim μᵀu) and ω_1 = ρ(1 + ρ + c) (= lim μᵀS u), by hand from S = S_0 + u uᵀ."""
    c, rho = R(3, 7), R(5, 4)
    om, _ = omega_moments(c, rho, 3)
    assert om[0] == rho
    assert sympy.simplify(om[1] - rho * (1 + rho + c)) == 0


# ---------------------------------------------------------------- routes (a), (b), (c): 25 digits
@pytest.mark.parametrize("case", [CASES[1], pytest.param(CASES[0], marks=pytest.mark.slow)])
def test_discrete_gd_three_routes_25_digits(case):
    """k = 4 steps, α = 1/5: contour (a) and real integrals (b) equal the exact rational (c) to 25 digits."""
    alpha, k = R(1, 5), 4
    exact = exact_polynomial_statistics(*case, alpha, k)
    gd = GDDynamics(*case)
    a = gd.statistics(alpha * k, dps=25, steps=k, method="contour")
    b = gd.statistics(alpha * k, dps=25, steps=k, method="integral")
    for key in KEYS:
        assert exact[key].is_Rational
        assert close(a[key], exact[key]), (key, a[key], exact[key])
        assert close(b[key], exact[key]), (key, b[key], exact[key])


@pytest.mark.parametrize("case,at", [(CASES[2], R(3, 2)), pytest.param(CASES[0], 3, marks=pytest.mark.slow)])
def test_gradient_flow_contour_equals_real_integrals_25_digits(case, at):
    """Gradient flow e^{-αtH}: route (a) = route (b) to 25 digits."""
    gd = GDDynamics(*case)
    a, ea = gd.statistics(at, dps=25, method="contour", error=True)
    b, eb = gd.statistics(at, dps=25, method="integral", error=True)
    assert ea < 1e-25 and eb < 1e-25
    for key in KEYS:
        assert close(a[key], b[key]), (key, a[key], b[key])


@pytest.mark.slow
@pytest.mark.parametrize("case,at", [(CASES[1], 2), (CASES[0], 12), ((1, R(3, 2), R(1, 5), 2), 1)])
def test_gradient_flow_routes_slow(case, at):
    gd = GDDynamics(*case)
    a = gd.statistics(at, dps=25, method="contour")
    b = gd.statistics(at, dps=25, method="integral")
    for key in KEYS:
        assert close(a[key], b[key]), (key, a[key], b[key])


def test_time_zero_closed_form():
    """t = 0: w = w_0, so E = 0, V_test = σ², V_train = σ² ∫x μ(dx) = σ² (MP mean 1), both routes."""
    gd = GDDynamics(2, 3, R(1, 3), R(7, 5))
    for method in ("integral", "contour"):
        s = gd.statistics(0, dps=15, method=method)
        assert abs(s["E_test"]) < 1e-15 and abs(s["E_train"]) < 1e-15
        assert close(s["V_test"], R(7, 5), 1e-14) and close(s["V_train"], R(7, 5), 1e-14)
    assert gd.error_rates(0)["test"] == mpmath.mpf(1) / 2


def _mp_m(c, z):
    """Closed-form MP(c) Stieltjes transform at real z < 0 (the root with m > 0)."""
    disc = sympy.sqrt((1 - c - z) ** 2 - 4 * c * z)
    return ((1 - c - z) - disc) / (2 * c * z)


def test_ridge_limit_closed_form():
    """t = ∞ (ridge w_∞, γ > 0, σ² irrelevant): E_test = m_ω(−γ), V_test = (ρ+c)/ρ m_ω'(−γ),
    m_ω = ρ m/(1 + (ρ+c) m), m the closed-form MP transform: 25 digits against route (b)."""
    c, rho, gam = R(1, 2), R(1, 3), R(1, 4)
    zz = sympy.Symbol("z")
    m = _mp_m(c, zz)
    m_om = rho * m / (1 + (rho + c) * m)
    E = sympy.N(m_om.subs(zz, -gam), 45)
    V = sympy.N(((rho + c) / rho * sympy.diff(m_om, zz)).subs(zz, -gam), 45)
    assert sympy.N(m.subs(zz, -gam)) > 0
    s = GDDynamics(c, rho, gam, 5).statistics(mpmath.inf, dps=25)
    assert close(s["E_test"], E) and close(s["V_test"], V)
    assert close(s["E_train"], (rho + c) / rho * E)
    # and the flow approaches it: at αt = 60, e^{-60 γ} ~ 3e-7
    s60 = GDDynamics(c, rho, gam, 5).statistics(60, dps=15)
    assert abs(s60["E_test"] - s["E_test"]) < 1e-5


def test_discrete_converges_to_flow_first_order():
    """(1 − αz)^k → e^{−αtz} with error O(1/k): the gap halves when k doubles."""
    gd = GDDynamics(R(1, 2), 2, R(1, 10), R(1, 4))
    flow = gd.statistics(2, dps=15)
    gaps = [abs(gd.statistics(2, dps=15, steps=k)["V_test"] - flow["V_test"]) for k in (20, 40)]
    assert 1.8 < gaps[0] / gaps[1] < 2.2


# ---------------------------------------------------------------- errata of the printed contour forms
def test_printed_contour_errata():
    """Seed's printed contour integrals: E_test, V_test right; E_train has the wrong sign;
    V_train computes wᵀHw = wᵀSw + γ‖w‖² (z where z − γ belongs)."""
    gd = GDDynamics(*CASES[1])
    pr, _ = printed_contour_statistics(gd, 2, dps=25)
    tr = gd.statistics(2, dps=25, method="integral")
    assert close(pr["E_test"], tr["E_test"]) and close(pr["V_test"], tr["V_test"])
    with mpmath.workdps(40):
        assert close(-pr["E_train"], tr["E_train"]) and tr["E_train"] > 0.5
        assert close(pr["V_train"], tr["V_train"] + mpmath.mpf(sympy.N(gd.gamma, 30)) * tr["V_test"])
    assert abs(pr["V_train"] - tr["V_train"]) > 0.05


@pytest.mark.slow
def test_printed_v_train_right_at_gamma_zero():
    gd = GDDynamics(*CASES[2])
    pr, _ = printed_contour_statistics(gd, 1, dps=20)
    tr = gd.statistics(1, dps=20)
    assert close(pr["V_train"], tr["V_train"], 1e-19)


# ---------------------------------------------------------------- simulation
def test_simulator_iterates_equal_closed_form():
    """The iterated GD of rmtsym.sampling.gd equals (I−αH)^k w0 + (I − (I−αH)^k) H⁻¹ b on the same draw."""
    n, p, rho, gam, s2, alpha, k = 60, 30, 1.5, 0.2, 0.7, 0.15, 25
    r = simulate_gd(n, p, rho, gam, s2, alpha, k, samples=1, seed=5)
    rng = np.random.default_rng(5)
    X, y, mu = mixture(n, p, rho, rng, 1)
    X = X[0]
    w0 = rng.standard_normal((1, p))[0] * math.sqrt(s2 / p)
    H = X @ X.T / n + gam * np.eye(p)
    b = X @ y / n
    A = np.linalg.matrix_power(np.eye(p) - alpha * H, k)
    w = A @ w0 + (np.eye(p) - A) @ np.linalg.solve(H, b)
    assert abs(r["E_test"][0, 0] - mu @ w) < 1e-10
    assert abs(r["V_test"][0, 0] - w @ w) < 1e-10
    Etr = y @ X.T @ w / n
    assert abs(r["E_train"][0, 0] - Etr) < 1e-10
    assert abs(r["V_train"][0, 0] - (np.sum((X.T @ w) ** 2) / n - Etr ** 2)) < 1e-10


def _richardson_z(gd, alpha, steps, n, B, seed, refs):
    """z = |2m(2n) − m(n) − ref| / SE_R per key, for each reference dict in ``refs`` (same runs)."""
    a = gd.sample(n, alpha, steps, samples=B, seed=seed)
    b = gd.sample(2 * n, alpha, steps, samples=B, seed=seed + 1)
    outs = []
    for ref in refs:
        out = {}
        for key, val in ref.items():
            x, y = a[key][:, -1], b[key][:, -1]
            se = math.sqrt(4 * y.var(ddof=1) / B + x.var(ddof=1) / B)
            out[key] = abs(2 * y.mean() - x.mean() - val) / se
        outs.append(out)
    return outs


def _reference(gd, at, steps):
    s = gd.statistics(at, dps=15, steps=steps)
    r = gd.error_rates(at, steps=steps)
    ref = {k: float(v) for k, v in s.items()}
    ref["test_error"], ref["train_error"] = float(r["test"]), float(r["train"])
    return ref


def test_simulation_matches_theory():
    """Actual GD (n = 100, 200; p = n/2; 150 replicates each): Richardson 2m(2n) − m(n) within 4 SE
    of the discrete-GD theory for E, V (train/test) and both misclassification rates; the printed
    E_train and V_train are rejected by the same data."""
    gd = GDDynamics(R(1, 2), 2, R(1, 5), R(1, 2))
    alpha, steps = 0.1, 30
    ref = _reference(gd, alpha * steps, steps)
    pr, _ = printed_contour_statistics(gd, R(3), dps=15, steps=steps)
    z, zbad = _richardson_z(gd, alpha, steps, 100, 150, 2024,
                            [ref, {"E_train": float(pr["E_train"]), "V_train": float(pr["V_train"])}])
    assert max(z.values()) < 4, z
    assert min(zbad.values()) > 10, zbad


@pytest.mark.slow
def test_simulation_matches_theory_c_above_one():
    """c = 3/2 (MP atom at 0 carries σ²(1 − 1/c) e^{−2αtγ} into V_test), ρ = 1 < √c (no spike)."""
    gd = GDDynamics(R(3, 2), 1, R(1, 10), 1)
    alpha, steps = 0.08, 40
    ref = _reference(gd, alpha * steps, steps)
    z, = _richardson_z(gd, alpha, steps, 120, 200, 77, [ref])
    assert max(z.values()) < 4, z


# ---------------------------------------------------------------- contour tool
def test_contour_tool_residues_and_edge_quadrature():
    """1/(2πi)∮ e^z/(z − a)² = e^a (residue); semicircle moments 1 and 2 by the edge quadrature."""
    with mpmath.workdps(40):
        a = mpmath.mpf(3) / 10
        v, _ = ellipse_contour_integral(lambda z: [mpmath.exp(z) / (z - a) ** 2], 0, 1, dps=30)
        assert abs(v[0] - mpmath.exp(a)) < 1e-28
    # semicircle of radius 2 on [-2, 2]: second moment 1, fourth 2
    v, _ = sqrt_edge_quadrature(lambda x: [x ** 2 * mpmath.sqrt(4 - x * x) / (2 * mpmath.pi),
                                           x ** 4 * mpmath.sqrt(4 - x * x) / (2 * mpmath.pi)], -2, 2, dps=30)
    assert abs(v[0] - 1) < 1e-28 and abs(v[1] - 2) < 1e-28


def test_contour_tool_raises_convergence_error():
    with pytest.raises(ConvergenceError, match="contour integral"):
        # a pole just outside the contour: geometric rate ~ 1, not reached in 128 nodes
        ellipse_contour_integral(lambda z: [1 / (z - mpmath.mpf("1.2501"))], 0, 1, dps=30, max_nodes=128)
    with pytest.raises(ConvergenceError, match="edge quadrature"):
        sqrt_edge_quadrature(lambda x: [1 / (x + mpmath.mpf("1e-4"))], 0, 1, dps=30, max_nodes=128)


def test_model_convergence_error(monkeypatch):
    """A quadrature that cannot converge inside the model raises ConvergenceError (not a guess)."""
    import rmtsym.models.gd_dynamics as mod
    orig = mod.sqrt_edge_quadrature
    monkeypatch.setattr(mod, "sqrt_edge_quadrature",
                        lambda *a, **k: orig(*a, **{**k, "max_nodes": 81, "min_nodes": 27}))
    with pytest.raises(ConvergenceError):
        GDDynamics(R(9, 10), R(95, 100), 0, 1).statistics(40, dps=25)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kw,match", [
    (dict(c=0, rho=1), "c must be > 0"),
    (dict(c=-1, rho=1), "c must be > 0"),
    (dict(c=1, rho=0), "rho must be > 0"),
    (dict(c=1, rho=1, gamma=-R(1, 10)), "gamma must be >= 0"),
    (dict(c=1, rho=1, sigma2=-1), "sigma2 must be >= 0"),
    (dict(c="x", rho=1), "c must be"),
])
def test_bad_parameters(kw, match):
    with pytest.raises(RmtsymError, match=match):
        GDDynamics(**kw)


def test_bad_calls():
    gd = GDDynamics(1, 2, 0, 1)
    with pytest.raises(RmtsymError, match="alpha_t must be >= 0"):
        gd.statistics(-1)
    with pytest.raises(RmtsymError, match="gamma must be > 0 for alpha_t = inf"):
        gd.statistics(mpmath.inf)
    with pytest.raises(RmtsymError, match="method"):
        gd.statistics(1, method="nope")
    with pytest.raises(RmtsymError, match="steps must be a positive integer"):
        gd.statistics(1, steps=0)
    with pytest.raises(RmtsymError, match="only available with method='integral'"):
        GDDynamics(1, 2, 1, 1).statistics(mpmath.inf, method="contour")
    with pytest.raises(RmtsymError, match="c \\* n must be a positive integer"):
        GDDynamics(R(1, 3), 2).sample(10, 0.1, 5)
    with pytest.raises(RmtsymError, match="alpha must be > 0"):
        simulate_gd(10, 5, 1.0, 0.0, 1.0, 0.0, 3)


def test_repr_and_spike():
    gd = GDDynamics(R(1, 2), 2, R(1, 10), R(1, 4))
    assert "rho=2" in repr(gd) and gd._repr_latex_().startswith("$")
    assert gd.spike_location == R(1, 2) + 1 + 2 + R(1, 4) and gd.spike_mass == R(7, 4)
    assert GDDynamics(2, 1).spike_mass == 0
    assert GDDynamics(0.5, 2).c == R(1, 2)


def test_error_rates_are_gaussian_tail_of_statistics():
    """error_rates = Q(E/√V) with Q(x) = erfc(x/√2)/2 computed here by math.erfc."""
    gd = GDDynamics(R(3, 4), R(3, 2), R(1, 20), R(2, 3))
    s = gd.statistics(4, dps=15)
    r = gd.error_rates(4)
    for key in ("test", "train"):
        q = 0.5 * math.erfc(float(s["E_" + key]) / math.sqrt(2 * float(s["V_" + key])))
        assert abs(float(r[key]) - q) < 1e-13
    assert 0 < r["train"] < r["test"] < 0.5


def test_hessian_sampler_spike_and_edge():
    """gd_hessian: top eigenvalue near γ + λ_s (BBP, ρ > √c), the next near γ + λ₊ = γ + (1 + √c)²."""
    from rmtsym.sampling.registry import SAMPLERS
    ev = SAMPLERS["gd_hessian"](400, np.random.default_rng(3), ratio=0.5, rho=2.0, gamma=0.1)
    assert len(ev) == 400
    assert abs(ev[-1] - (0.1 + 0.5 + 1 + 2 + 0.25)) < 0.2
    assert abs(ev[-2] - (0.1 + (1 + math.sqrt(0.5)) ** 2)) < 0.15
    assert abs(ev[0] - (0.1 + (1 - math.sqrt(0.5)) ** 2)) < 0.05


# ---------------------------------------------------------------- fixed (real) data: the digits
@pytest.fixture(scope="module")
def digits():
    return digits_mixture(p=32, n=64, n_cal=597, seed=20180713)


def _block(d, j=0):
    blk = d["blocks"][j]
    te = np.setdiff1d(np.arange(d["X"].shape[1]), blk)
    return d["X"][:, blk], d["y"][blk], d["X"][:, te], d["y"][te]


def _direct_w(X, y, gamma, w0, alpha=None, steps=None, alpha_t=None):
    """w by a matrix power (k steps) or scipy's expm (flow), no eigen-decomposition."""
    p, n = X.shape
    H = X @ X.T / n + gamma * np.eye(p)
    b = X @ y / n
    if steps is not None:
        A = np.linalg.matrix_power(np.eye(p) - alpha * H, steps)
    else:
        from scipy.linalg import expm
        A = expm(-alpha_t * H)
    return w0 @ A.T + np.linalg.solve(H, (np.eye(p) - A) @ b)


def test_digits_gd_iterates_equal_spectral_sums(digits):
    """On a digits block: actual GD (30 steps) = spectral sums with the same w0 = matrix power, 1e-12."""
    X, y, Xt, yt = _block(digits, 3)
    gam, s2, alpha, k = 0.1, 0.25, 0.1, 30
    r = simulate_gd_fixed(X, y, gam, s2, alpha, k, samples=5, seed=8, mu=digits["mu"], X_test=Xt, y_test=yt)
    s = fixed_design_statistics(X, y, alpha * k, gam, s2, steps=k, mu=digits["mu"], X_test=Xt, y_test=yt,
                                w0=r["w0"])
    W = _direct_w(X, y, gam, r["w0"], alpha=alpha, steps=k)
    mt = (W @ Xt) * yt
    direct = {"E_train": W @ X @ y / 64, "V_test": np.sum(W * W, axis=1), "E_test": W @ digits["mu"],
              "V_train": ((W @ X) ** 2).mean(axis=1) - (W @ X @ y / 64) ** 2,
              "E_heldout": mt.mean(axis=1), "V_heldout": mt.var(axis=1)}
    assert set(s) == set(direct)
    for key in direct:
        assert np.max(np.abs(s[key] - r[key][:, 0])) < 1e-12, key
        assert np.max(np.abs(s[key] - direct[key])) < 1e-12, key
    assert np.all(s["E_train"] > 0.4)                        # GD learned something: a real signal


def test_gradient_flow_spectral_sums_equal_expm(digits):
    """steps=None (gradient flow e^{-αtH}): spectral sums = scipy.linalg.expm route, 1e-11."""
    X, y, _, _ = _block(digits, 1)
    w0 = np.random.default_rng(4).standard_normal((3, 32)) * math.sqrt(0.5 / 32)
    s = fixed_design_statistics(X, y, 2.5, 0.2, 0.5, w0=w0)
    W = _direct_w(X, y, 0.2, w0, alpha_t=2.5)
    assert np.max(np.abs(s["V_test"] - np.sum(W * W, axis=1))) < 1e-11
    assert np.max(np.abs(s["E_train"] - W @ X @ y / 64)) < 1e-11


def test_w0_expectations_vs_mean_of_draws(digits):
    """The exact w0-expectations (quadratic forms: bᵀgAgb + σ²/p tr FAF) against the mean of 4000 actual
    GD runs on one digits block: |z| < 4 for each statistic; at σ² = 0 the run is the expectation exactly."""
    X, y, Xt, yt = _block(digits, 5)
    gam, s2, alpha, k = 0.2, 2.0, 0.1, 12                   # large σ²: the w0 terms matter
    B = 4000
    r = simulate_gd_fixed(X, y, gam, s2, alpha, k, samples=B, seed=11, mu=digits["mu"], X_test=Xt, y_test=yt)
    e = fixed_design_statistics(X, y, alpha * k, gam, s2, steps=k, mu=digits["mu"], X_test=Xt, y_test=yt)
    for key, val in e.items():
        a = r[key][:, 0]
        z = (a.mean() - val) / (a.std(ddof=1) / math.sqrt(B))
        assert abs(z) < 4, (key, z)
    # the w0 part is not negligible here: without it V_test would be off by many se
    e0 = fixed_design_statistics(X, y, alpha * k, gam, 0.0, steps=k, mu=digits["mu"])
    assert e["V_test"] - e0["V_test"] > 0.2
    r0 = simulate_gd_fixed(X, y, gam, 0.0, alpha, k, samples=1, mu=digits["mu"])
    for key, val in e0.items():
        assert abs(r0[key][0, 0] - val) < 1e-12, key


def test_fixed_design_tends_to_the_theorem_on_gaussian_data():
    """The spectral sums on ONE Gaussian mixture (n = 1000, p = 500) are within 0.04 of the Theorem's
    limits (c = 1/2, ρ = 2): the fluctuation is O(n^{-1/2}), about 0.013 here (the Gaussian surrogate's
    standard deviation 0.05 at n = 64, scaled by √(64/1000)), so 0.04 is 3 of them."""
    n, p = 1000, 500
    X, y, mu = mixture(n, p, 2.0, np.random.default_rng(31), 1)
    e = fixed_design_statistics(X[0], y, 3.0, 0.1, 0.25, steps=30, mu=mu)
    th = GDDynamics(R(1, 2), 2, R(1, 10), R(1, 4)).statistics(3, dps=15, steps=30)
    for key in KEYS:
        assert abs(e[key] - float(th[key])) < 0.04, (key, e[key], th[key])


def test_digits_mixture_whitening_independent(digits):
    """Recompute the whitening here from scikit-learn's raw digits: the calibration within-class
    covariance becomes I_p exactly in the returned coordinates; blocks disjoint; ρ̂ = ‖μ̂‖²."""
    from sklearn.datasets import load_digits
    raw = load_digits()
    perm = np.random.default_rng(20180713).permutation(1797)
    pix = (raw.data.T - raw.data.T.mean(axis=1, keepdims=True)) / 64.0
    pix, lab = pix[:, perm], np.where(raw.target[perm] < 5, 1.0, -1.0)
    cal, cl = pix[:, :597], lab[:597]
    mp_, mm_ = cal[:, cl > 0].mean(axis=1), cal[:, cl < 0].mean(axis=1)
    pool = pix[:, 597:] - (mp_ + mm_)[:, None] / 2
    # the returned coordinates are a linear map T of the centred pool: recover T by least squares
    T = np.linalg.lstsq(pool.T, digits["X"].T, rcond=None)[0].T      # (32, 64)
    assert np.max(np.abs(T @ pool - digits["X"])) < 1e-9
    res = cal - np.where(cl > 0, mp_[:, None], mm_[:, None])
    C = res @ res.T / (597 - 2)
    assert np.max(np.abs(T @ C @ T.T - np.eye(32))) < 1e-8
    assert np.max(np.abs(T @ (mp_ - mm_) / 2 - digits["mu"])) < 1e-9
    assert digits["rho"] == pytest.approx(float(digits["mu"] @ digits["mu"]), rel=1e-15)
    assert np.array_equal(digits["y"], lab[597:])
    idx = np.concatenate(digits["blocks"])
    assert len(digits["blocks"]) == 18 and idx.size == len(set(idx.tolist())) == 18 * 64
    lo, hi = digits["pool_cov_eigs"]
    assert lo < 1 < hi                                       # whitening transfers only roughly


@pytest.mark.slow
def test_digits_checks_decide():
    """The real-data checks of the claims: the Theorem's limits transfer to the digits (EMPIRICAL),
    the printed E_train and V_train are refuted by GD on the digits."""
    from rmtsym.claims._gd_dynamics import digits_lc18_check, digits_printed_check
    from rmtsym.verify import Context, Level
    ctx = Context()
    r = digits_lc18_check("lc18", 0.1, 0.25, 0.1, 30).run(ctx)
    assert r.level is Level.EMPIRICAL, r.message
    zs = {nb["label"]: float(nb["z"]) for nb in r.numbers if "paired" not in nb["label"]}
    assert len(zs) == 9 and max(abs(z) for z in zs.values()) < 4
    gap, = [float(nb["value"]) for nb in r.numbers if "paired" in nb["label"]]
    assert abs(gap) <= 0.02
    for key in ("E_train", "V_train"):
        r = digits_printed_check("pr", key, 0.2, 0.5, 0.1, 30).run(ctx)
        assert r.level is Level.REFUTED, (key, r.message)


def test_fixed_data_bad_input(digits):
    X, y, Xt, yt = _block(digits)
    with pytest.raises(RmtsymError, match="y must have length n"):
        fixed_design_statistics(X, y[:-1], 1.0)
    with pytest.raises(RmtsymError, match="labels"):
        fixed_design_statistics(X, 2 * y, 1.0)
    with pytest.raises(RmtsymError, match="sigma2 must be a finite real number >= 0"):
        fixed_design_statistics(X, y, 1.0, sigma2=-1.0)
    with pytest.raises(RmtsymError, match="alpha_t must be a finite real number >= 0"):
        fixed_design_statistics(X, y, float("inf"))
    with pytest.raises(RmtsymError, match="steps must be a positive integer"):
        fixed_design_statistics(X, y, 1.0, steps=0)
    with pytest.raises(RmtsymError, match="X_test and y_test go together"):
        fixed_design_statistics(X, y, 1.0, X_test=Xt)
    with pytest.raises(RmtsymError, match="mu must have length p"):
        fixed_design_statistics(X, y, 1.0, mu=np.ones(3))
    with pytest.raises(RmtsymError, match="X must be finite"):
        fixed_design_statistics(np.full((2, 3), np.nan), np.ones(3), 1.0)
    with pytest.raises(RmtsymError, match="X must be a 2-d array"):
        fixed_design_statistics(np.ones(3), np.ones(3), 1.0)
    with pytest.raises(RmtsymError, match="w0 must have length p"):
        fixed_design_statistics(X, y, 1.0, w0=np.ones(5))
    with pytest.raises(RmtsymError, match="y must be labels"):
        simulate_gd_fixed(X, 0 * y, 0.1, 0.1, 0.1, 3)
    with pytest.raises(RmtsymError, match="alpha must be > 0"):
        simulate_gd_fixed(X, y, 0.1, 0.1, 0.0, 3)
    with pytest.raises(RmtsymError, match="p must be <= 6"):
        digits_mixture(p=64)
    with pytest.raises(RmtsymError, match="n_cal \\+ 2 n must be <="):
        digits_mixture(n=700)
    with pytest.raises(RmtsymError, match="n must be a positive integer"):
        digits_mixture(n=0)
