"""Survey §3.1 spin-glass loss (rmtsym.models.spin_glass, rmtsym.sampling.spin_glass).

Two routes per result: forward pass vs explicit path sum (exact rationals and
floats); counts by formula vs networkx path enumeration; E_A by summing all
activation patterns vs rho * sum; covariance tensor sum vs Lambda q^H (exact)
vs Monte Carlo (z-tests with exact Gaussian standard errors, fixed seeds; the
field is exactly Gaussian at finite Lambda, so there is no O(1/n) bias).
"""

import itertools
import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
import sympy as sp

from rmtsym import RmtsymError
from rmtsym.models.spin_glass import (SpinGlassLoss, path_counts, relu_forward, relu_path_sum,
                                      relu_path_terms)
from rmtsym.sampling import sample_spectra
from rmtsym.sampling.spin_glass import relu_network_paths, spin_glass_values, sphere_pair

R = sp.Rational


def _rational_net(widths, rng):
    Ws = [np.array([[Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 6))) for _ in range(a)]
                    for _ in range(b)], dtype=object) for a, b in zip(widths[:-1], widths[1:])]
    x = np.array([Fraction(int(rng.integers(-9, 10)), 3) for _ in range(widths[0])], dtype=object)
    return Ws, x


@pytest.mark.parametrize("widths", [[4, 3, 2, 1], [3, 5, 1], [2, 3, 2, 2, 1], [3, 4, 2]])
def test_forward_equals_path_sum_exactly(widths):
    rng = np.random.default_rng(11)
    nonzero = 0
    for _ in range(15):
        Ws, x = _rational_net(widths, rng)
        a, b = relu_forward(Ws, x), relu_path_sum(Ws, x)
        assert list(a) == list(b)                 # Fractions: exact equality
        nonzero += sum(v != 0 for v in a)
    assert nonzero > 0                            # the identity is not tested on dead networks only


def test_forward_equals_path_sum_float_and_active_definition():
    rng = np.random.default_rng(5)
    Ws = [rng.standard_normal((5, 4)), rng.standard_normal((3, 5)), rng.standard_normal((1, 3))]
    x = rng.standard_normal(4)
    assert np.allclose(relu_forward(Ws, x), relu_path_sum(Ws, x), rtol=1e-12, atol=1e-12)
    terms = relu_path_terms(Ws, x)
    assert len(terms) == path_counts([4, 5, 3, 1])["Psi"]
    # A_ij = product of the unit indicators along the path, computed here independently
    h, act = x, []
    for W in Ws:
        pre = W @ h
        act.append(pre > 0)
        h = np.maximum(pre, 0)
    for path, a, _ in terms:
        assert a == all(act[k][path[k + 1]] for k in range(3))


@pytest.mark.parametrize("widths", [[4, 3, 2, 1], [2, 4, 8, 1], [5, 1], [3, 2, 4]])
def test_counts_vs_networkx(widths):
    g = nx.DiGraph()
    for l, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        g.add_edges_from(((l, i), (l + 1, j)) for i in range(a) for j in range(b))
    H = len(widths) - 1
    paths = sum(1 for i in range(widths[0]) for j in range(widths[-1])
                for _ in nx.all_simple_paths(g, (0, i), (H, j)))
    c = path_counts(widths)
    assert c["Psi"] == paths
    assert c["gamma"] * widths[0] == paths
    assert c["N"] == g.number_of_edges()
    assert sp.simplify(c["Lambda"] ** H - paths) == 0


def test_expectation_over_activations_symbolic_rho():
    rho = sp.Symbol("rho")
    X = sp.symbols("X0:5")
    w = [R(1, 2), -3, R(5, 7), 2, -R(1, 3)]
    total = 0
    for A in itertools.product((0, 1), repeat=5):
        p = sp.prod([rho if a else 1 - rho for a in A])
        total += p * sum(a * x * ww for a, x, ww in zip(A, X, w))
    assert sp.expand(total - rho * sum(x * ww for x, ww in zip(X, w))) == 0


def test_covariance_tensor_sum_symbolic_and_on_sphere():
    w, v = sp.symbols("w0:2"), sp.symbols("v0:2")
    L = SpinGlassLoss(4, 2)
    assert sp.expand(L.covariance_sum(w, v) - (w[0] * v[0] + w[1] * v[1]) ** 4 / 8) == 0
    L = SpinGlassLoss(3, 4)
    assert L.covariance_sum([1, 1, 1, 1], [1, 1, -1, -1]) == 0          # q = 0
    assert L.covariance_sum([1, 1, 1, 1], [1, 1, 1, 1]) == 4            # Var = Lambda
    assert L.covariance(R(1, 2)) == R(1, 2)                             # 4 (1/2)^3
    assert SpinGlassLoss(2, 5).covariance(R(-2, 5)) == R(4, 5)


def test_energy_matches_explicit_sum():
    rng = np.random.default_rng(3)
    L = SpinGlassLoss(3, 4)
    X = rng.standard_normal((4, 4, 4))
    w = rng.standard_normal(4)
    explicit = sum(X[i, j, k] * w[i] * w[j] * w[k] for i in range(4) for j in range(4) for k in range(4))
    assert math.isclose(L.energy(X, w), explicit / 4, rel_tol=1e-12)
    assert math.isclose(L.expected_output(X, w), 0.5 * explicit, rel_tol=1e-12)


def test_sampled_covariance_variance_and_overlap_sign():
    # z-tests at 4 exact standard errors (centred Gaussian pair: Var(a^2) = 2 s^4, Var(ab) = s^4 + c^2)
    for H, Lam, q, seed in ((3, 6, R(1, 2), 1), (2, 5, R(-3, 5), 2), (4, 3, R(1, 3), 3)):
        L = SpinGlassLoss(H, Lam)
        x = L.sample(60, seed=seed, overlap=q, batch=100)
        N = x.shape[0]
        s2, c = float(L.variance), float(L.covariance(q))
        assert abs(np.mean(x[:, 0] ** 2) - s2) < 4 * math.sqrt(2) * s2 / math.sqrt(N)
        assert abs(np.mean(x[:, 1] ** 2) - s2) < 4 * math.sqrt(2) * s2 / math.sqrt(N)
        assert abs(np.mean(x[:, 0] * x[:, 1]) - c) < 4 * math.sqrt(s2 ** 2 + c ** 2) / math.sqrt(N)
        assert abs(np.mean(x[:, 0])) < 4 * math.sqrt(s2 / N)


def test_sampled_covariance_detects_wrong_exponent():
    # power: at q = 1/2, H = 3 the covariance 6/8 differs from Lambda q^(H-1) = 3/2 by > 10 se
    L = SpinGlassLoss(3, 6)
    x = L.sample(60, seed=9, overlap=R(1, 2), batch=100)
    se = math.sqrt(36 + 0.5625) / math.sqrt(x.shape[0])
    assert abs(np.mean(x[:, 0] * x[:, 1]) - 1.5) > 6 * se


def test_real_network_activation_probability_and_positive_output():
    widths = [5, 4, 3, 1]
    s = sample_spectra("relu_network_paths", 200, 20, 20260501, {"widths": widths, "observable": "active_paths"})
    f = s.eigenvalues.ravel()
    assert abs(f.mean() - 1 / 8) < 4 * f.std(ddof=1) / math.sqrt(f.size)
    y = relu_network_paths(4000, np.random.default_rng(8), widths)
    assert (y >= 0).all() and y.mean() > 10 * y.std(ddof=1) / math.sqrt(y.size)
    # one layer: E max(w.X, 0) = |w|/sqrt(2 pi) with |w|^2 ~ 2 chi^2_5 / 5, E|w| by the chi law
    y1 = relu_network_paths(20000, np.random.default_rng(9), [5, 1])
    e_norm = math.sqrt(2 / 5) * math.sqrt(2) * math.gamma(3) / math.gamma(2.5)
    assert abs(y1.mean() - e_norm / math.sqrt(2 * math.pi)) < 4 * y1.std(ddof=1) / math.sqrt(y1.size)


def test_sphere_pair_and_sampler_shape():
    w, v = sphere_pair(7, -0.3)
    assert math.isclose(w @ w, 7) and math.isclose(v @ v, 7) and math.isclose(w @ v / 7, -0.3)
    assert spin_glass_values(6, np.random.default_rng(0), H=2, Lam=3).shape == (6,)


def test_from_network_and_repr():
    L = SpinGlassLoss.from_network([4, 4, 4, 1])
    assert (L.H, L.Lam) == (3, 4)
    assert "SpinGlassLoss(H=3, Lam=4" in repr(L) and "q^{3}" in L._repr_latex_()
    with pytest.raises(RmtsymError, match="not an integer"):
        SpinGlassLoss.from_network([3, 2, 1])


@pytest.mark.parametrize("args,match", [((0, 3), "H"), ((2, 0), "Lam"), ((2.5, 3), "H"),
                                        ((2, 3, 0), "rho"), ((2, 3, R(3, 2)), "rho")])
def test_bad_parameters(args, match):
    with pytest.raises(RmtsymError, match=match):
        SpinGlassLoss(*args)


def test_bad_inputs_elsewhere():
    with pytest.raises(RmtsymError, match="depth"):
        path_counts([3])
    with pytest.raises(RmtsymError, match=r"widths\[1\]"):
        path_counts([3, 0])
    with pytest.raises(RmtsymError, match="columns"):
        relu_forward([np.ones((2, 3)), np.ones((1, 3))], np.ones(3))
    with pytest.raises(RmtsymError, match="output width"):
        relu_network_paths(3, np.random.default_rng(0), [3, 2])
    with pytest.raises(RmtsymError, match="even"):
        spin_glass_values(3, np.random.default_rng(0))
    with pytest.raises(RmtsymError, match="overlap"):
        SpinGlassLoss(2, 3).sample(1, seed=0, overlap=2)


def test_absolute_loss_identity_odd_vs_even_H():
    rng = np.random.default_rng(21)
    # odd H: L(-w) = -L(w) (so inf = -sup); even H: L(-w) = L(w)
    for H, sign in ((3, -1), (2, 1), (5, -1)):
        L = SpinGlassLoss(H, 3)
        X = rng.standard_normal((3,) * H)
        w = rng.standard_normal(3)
        assert math.isclose(L.energy(X, -w), sign * L.energy(X, w), rel_tol=1e-12)
    # H = 2: sup/inf over |w|^2 = Lam are sqrt(Lam) lambda_max/min of the symmetrised X (two routes)
    L = SpinGlassLoss(2, 4)
    X = rng.standard_normal((4, 4))
    ev, vec = np.linalg.eigh((X + X.T) / 2)
    pts = rng.standard_normal((3000, 4))
    pts *= 2 / np.linalg.norm(pts, axis=1)[:, None]
    vals = np.array([L.energy(X, p) for p in pts])
    assert vals.max() <= 2 * ev[-1] + 1e-12 and vals.min() >= 2 * ev[0] - 1e-12
    assert math.isclose(L.energy(X, 2 * vec[:, -1]), 2 * ev[-1], rel_tol=1e-12)
    # the hand counterexample of the erratum: X = diag(1, -2), rho = 1/2, |w|^2 = 2
    S, y = R(1, 2) * 2, R(1, 2) * (-2 * 2)
    assert (abs(-S - y), S + y) == (1, -1)
    # fraction of Gaussian couplings with lambda_min < -lambda_max: 1/2 by X -> -X (z-test, 4 se)
    fails = np.mean([np.linalg.eigvalsh((A + A.T) / 2)[[0, -1]] @ [1, 1] < 0
                     for A in rng.standard_normal((2000, 6, 6))])
    assert abs(fails - 0.5) < 4 * math.sqrt(0.25 / 2000)
