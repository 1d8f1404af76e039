"""The certified Newton route for the 30-digit δ of random-features regression.

Two routes for δ = (1/n) tr Q̄K and for the training / test MSEs built on it:
``method="newton"`` (float64 start, Newton with an approximate-inverse
Neumann bound, sign certificate at δ(1 ± 10^{-46})) and the old bracketed
solver ``method="fixed_point"`` (one ball LU solve per step), compared to 28
digits on non-trivial cases (γ ≠ 1, N/n ≠ 1, relu and erf, exact and float
data).  A third, independent route for δ: mpmath eigenvalues of the 50-digit
kernel (``mpmath.eigsy``) and a scalar ``findroot`` of
δ = (1/n) Σ_i λ_i/(cλ_i + γ), c = (N/n)/(1 + δ), which also checks the
contraction bound 0 <= f'(δ*) < δ*/(1 + δ*) that the Newton route relies on.
"""

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym import ConvergenceError, RmtsymError
from rmtsym.core.precision import FIXED_POINT_CERT_GUARD
from rmtsym.models.random_features import METHODS, RandomFeatures
from rmtsym.sampling.learning import gaussian_mixture_data

_rng = np.random.default_rng(11)
X = [[sp.Rational(int(v), 7) for v in row] for row in _rng.integers(-6, 7, size=(5, 14))]
XT = [[sp.Rational(int(v), 7) for v in row] for row in _rng.integers(-6, 7, size=(5, 6))]
Y = [int(v) for v in _rng.integers(-3, 4, size=14)]
YT = [int(v) for v in _rng.integers(-3, 4, size=6)]
N, GAMMA = 9, sp.Rational(3, 10)            # N/n = 9/14, gamma = 3/10


def _close(a, b, digits):
    with mpmath.workdps(40):
        return abs(a - b) <= mpmath.mpf(10) ** -digits * max(1, abs(b))


def _eigen_route(rf, dps=50):
    """delta by mpmath eigenvalues of the kernel and a scalar findroot (no arb solve, no Neumann bound)."""
    K = rf.kernel(dps=dps)
    with mpmath.workdps(dps):
        lam = mpmath.eigsy(K, eigvals_only=True)
        a, g, n = mpmath.mpf(rf.N) / rf.n, mpmath.mpf(rf.gamma.p) / rf.gamma.q, rf.n

        def f(d):
            c = a / (1 + d)
            return mpmath.fsum(l / (c * l + g) for l in lam) / n

        d = mpmath.findroot(lambda t: f(t) - t, mpmath.mpf(rf.delta_at(None)))
        df = mpmath.diff(f, d)
        closed = mpmath.fsum(a / (1 + d) * l * l / (a / (1 + d) * l + g) ** 2 for l in lam) / (n * (1 + d))
        return d, df, closed


@pytest.mark.parametrize("act", ["relu", "erf"])
def test_newton_route_equals_fixed_point_route_to_28_digits(act):
    new = RandomFeatures(act, X, N=N, gamma=GAMMA)
    old = RandomFeatures(act, X, N=N, gamma=GAMMA, method="fixed_point")
    assert new.method == "newton" and old.method == "fixed_point"
    d_new, d_old = new.delta_at(30), old.delta_at(30)
    assert new._delta_route[30]["route"] == "newton"        # the fast certificate, not a fallback
    assert _close(d_new, d_old, 28)
    assert _close(new.train_mse(Y), old.train_mse(Y), 28)
    assert _close(new.test_mse(Y, XT, YT), old.test_mse(Y, XT, YT), 28)
    assert new._delta_route[30]["Qbar"] == "neumann"         # Q-bar by the Neumann bound, not inv()
    # both brackets are certified, so they must overlap; the new one has the stated width
    a, b = new.solve_delta(30), old.solve_delta(30)
    assert a.lower <= b.upper and b.lower <= a.upper
    with mpmath.workdps(60):
        lo, hi = mpmath.mpf(a.lower.mid().str(60, radius=False)), mpmath.mpf(a.upper.mid().str(60, radius=False))
        width = (hi - lo) / d_new
        assert 1.99 * 10.0 ** -(30 + FIXED_POINT_CERT_GUARD) < width < 2.01 * 10.0 ** -(30 + FIXED_POINT_CERT_GUARD)


@pytest.mark.parametrize("act", ["relu", "erf"])
def test_delta_against_mpmath_eigenvalue_route_and_contraction(act):
    rf = RandomFeatures(act, X, N=N, gamma=GAMMA)
    d, df, closed = _eigen_route(rf)
    assert _close(rf.delta_at(30), d, 29)
    # f'(delta*) by numerical differentiation vs the closed form, and the contraction bound
    with mpmath.workdps(50):
        assert abs(df - closed) < mpmath.mpf(10) ** -30
        assert 0 < df < d / (1 + d) < 1
    assert abs(rf._delta_route[30]["contraction"] - float(df)) < 1e-12


def test_float_data_with_refinement_equals_fixed_point():
    """Gaussian-mixture (float) data, n = 40, N/n = 5/4, small gamma = 1/100: the approximate inverse
    needs Newton-Schulz refinements; the two routes still agree to 28 digits."""
    Xg, yg, Xt, yt = gaussian_mixture_data(20, 40, seed=5, n_test=10)
    new = RandomFeatures("relu", Xg, N=50, gamma=sp.Rational(1, 100))
    old = RandomFeatures("relu", Xg, N=50, gamma=sp.Rational(1, 100), method="fixed_point")
    assert _close(new.delta_at(30), old.delta_at(30), 28)
    info = new._delta_route[30]
    assert info["route"] == "newton" and info["setups"] >= 2
    assert _close(new.test_mse(yg, Xt, yt), old.test_mse(yg, Xt, yt), 28)
    assert _close(new.train_mse(yg), old.train_mse(yg), 28)
    assert info["Qbar"] == "neumann"


def test_two_solve_certificate_decides_both_sides():
    """The fallback certificate (two ball LU solves) accepts the Newton bracket and rejects brackets
    that lie entirely above or below delta."""
    rf = RandomFeatures("erf", X, N=N, gamma=GAMMA)
    fp = rf.solve_delta(30)
    assert rf._certify(30, fp.lower, fp.upper) == "newton+solve"
    import flint
    with flint.ctx.workprec(300):
        up = [(fp.value * (1 + flint.arb(10) ** -40 * k)).mid() for k in (1, 2)]
        down = [(fp.value * (1 - flint.arb(10) ** -40 * k)).mid() for k in (2, 1)]
    assert rf._certify(30, *up) is None and rf._certify(30, *down) is None


@pytest.mark.parametrize("method", METHODS)
def test_convergence_error_when_precision_is_too_low(method):
    """A duplicated data column makes K exactly singular; with gamma = 1e-40 the matrix
    (N/n) K/(1 + delta) + gamma I has condition number ~1e40 > the ~59 working digits, so neither
    route can certify 46 digits."""
    Xd = [row[:5] + [row[0]] for row in X[:3]]
    rf = RandomFeatures("relu", Xd, N=8, gamma=sp.Rational(1, 10**40), method=method)
    with pytest.raises(ConvergenceError, match="precision|sign"):
        rf.solve_delta(30)


@pytest.mark.parametrize("method", METHODS)
def test_singular_at_working_precision_is_not_a_certified_delta(method):
    """Regression: with gamma = 1e-70 every ball solve is singular (NaN), and the old bracket search
    took the undecided sign at the float64 start (delta = 3, which counts the exact null direction of
    K; the true delta is 5/3 + O(gamma)) for a certified fixed point.  Now: ConvergenceError."""
    Xd = [row[:5] + [row[0]] for row in X[:3]]
    rf = RandomFeatures("relu", Xd, N=8, gamma=sp.Rational(1, 10**70), method=method)
    with pytest.raises(ConvergenceError, match="no certified sign change"):
        rf.delta_at(30)


def test_bad_method():
    with pytest.raises(RmtsymError, match="method .*'newton', 'fixed_point'.*got 'secant'"):
        RandomFeatures("relu", X, N=N, gamma=GAMMA, method="secant")
    with pytest.raises(RmtsymError, match="method"):
        RandomFeatures("relu", X, N=N, gamma=GAMMA, method=None)
    rf = RandomFeatures("relu", X, N=N, gamma=GAMMA)
    with pytest.raises(RmtsymError, match="method must be one of"):
        rf.solve_delta(30, method="bisect")
    assert rf.with_params(N=4).method == "newton"
    assert RandomFeatures("relu", X, N=N, gamma=GAMMA, method="fixed_point").with_params(N=4).method == "fixed_point"


def test_float_route_refuses_gamma_below_float_resolution():
    """The float64 route used to return delta = 3 for a kernel with an exact null direction and
    gamma = 1e-70 (the null eigenvalue is rounding noise ~1e-16 >> gamma, so it was counted as a full
    direction); the exact value is 5/3 + O(gamma) by the eigenvalue route at 80 digits.  Now the float
    route raises, and at gamma = 3/10 (resolved) it agrees with the 30-digit route to 12 digits."""
    Xd = [row[:5] + [row[0]] for row in X[:3]]       # two equal columns: K has an exact null vector
    rf = RandomFeatures("relu", Xd, N=8, gamma=sp.Rational(1, 10**70))
    with mpmath.workdps(120):                         # eigenvalue noise 1e-120 << gamma
        lam = mpmath.eigsy(rf.kernel(dps=120), eigvals_only=True)
        a, g = mpmath.mpf(rf.N) / rf.n, mpmath.mpf(10) ** -70
        exact = mpmath.findroot(lambda t: mpmath.fsum(l * (1 + t) / (a * l + g * (1 + t)) for l in lam)
                                / rf.n - t, mpmath.mpf(1))
        assert abs(exact - mpmath.mpf(5) / 3) < mpmath.mpf(10) ** -40
    with pytest.raises(ConvergenceError, match="below the float64 resolution"):
        rf.delta_at(None)
    ok = RandomFeatures("relu", Xd, N=8, gamma=GAMMA)
    assert _close(mpmath.mpf(ok.delta_at(None)), ok.delta_at(30), 12)
