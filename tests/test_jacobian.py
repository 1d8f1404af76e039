"""Tests of rmtsym.models.jacobian: the input–output Jacobian spectrum (seed 000).

Theory: Pastur's system (I), (II), (0) (route 1) and the S-transform
composition (route 2) must give the same canonical polynomial for discrete
ν_K and the same density to >= 25 digits for tanh.  Sampling: moments of J Jᵀ
at n = 400 against the exact moments, with the 1/n bias cancelled by
Richardson extrapolation 2·m(n) − m(n/2) and the remainder bounded by
(4/n)|m(n) − m(n/2)| (docs/conventions.md "Numbers"); KS distance of the pooled
spectrum below the threshold derived in :func:`ks_threshold_jacobian`.
"""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym.core.errors import RmtsymError
from rmtsym.core.measure import M, Z
from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.verify import cdf_from_density, density_from_polynomial, ks_distance

SW2 = sp.Rational(3, 2)
SB2 = sp.Rational(1, 10)


# ---------------------------------------------------------------------------
# exact: the two routes, tables of moments
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("act,L", [(a, L) for a in ("linear", "relu") for L in (1, 2, 3)]
                         + [("hardtanh", 1), ("hardtanh", 2)])
def test_routes_same_polynomial(act, L):
    spec = JacobianSpectrum(act, depth=L, sigma_w2=SW2, sigma_b2=SB2)
    P2 = spec.measure().stieltjes_polynomial()
    P1 = sp.Poly(spec.pastur_system().polynomial(), *P2.gens)
    assert P1 == P2
    assert P2.degree(M) == L + 1


def test_routes_same_polynomial_hardtanh_L3_rational_stand_ins():
    spec = JacobianSpectrum("hardtanh", depth=3, sigma_w2=SW2, sigma_b2=SB2)
    subs = dict(zip(spec.parameters, [sp.Rational(2, 3), sp.Rational(3, 5), sp.Rational(4, 7)]))
    P2 = spec.measure(subs=subs).stieltjes_polynomial()
    P1 = sp.Poly(spec.pastur_system().polynomial(subs=subs), *P2.gens)
    assert P1 == P2


@pytest.mark.slow
def test_routes_same_polynomial_hardtanh_L3_symbolic():
    spec = JacobianSpectrum("hardtanh", depth=3, sigma_w2=SW2, sigma_b2=SB2)
    P2 = spec.measure().stieltjes_polynomial()
    P1 = sp.Poly(spec.pastur_system().polynomial(), *P2.gens)
    assert P1 == P2


@pytest.mark.parametrize("L", [1, 2, 3])
def test_linear_fuss_catalan_moments(L):
    # m_k = sigma_w^(2Lk) binom((L+1)k, k)/(Lk + 1)
    spec = JacobianSpectrum("linear", depth=L, sigma_w2=SW2)
    expect = [SW2 ** (L * k) * sp.binomial((L + 1) * k, k) / (L * k + 1) for k in range(6)]
    assert spec.moments(5) == expect
    assert spec.measure().moments(5) == expect


def test_orthogonal_linear_is_point_mass():
    spec = JacobianSpectrum("linear", depth=3, sigma_w2=SW2, weights="orthogonal")
    assert spec.moments(4) == [SW2 ** (3 * k) for k in range(5)]
    mu = spec.measure()
    P = mu.stieltjes_polynomial()
    assert P.degree(M) == 1                      # m (x0 - z) = 1: a point mass
    assert sp.solve(P.as_expr(), M)[0].equals(1 / (SW2 ** 3 - Z))
    assert mu.moments(4) == [SW2 ** (3 * k) for k in range(5)]


def test_relu_moments_table_and_variance_grows_with_depth():
    # critical relu (sigma_w^2 = 2): m_1 = 1 at every depth, m_2 = 1 + 2L (sampled check below)
    for L in (1, 2, 3, 4):
        mom = JacobianSpectrum("relu", depth=L, sigma_w2=2).moments(2)
        assert mom[1] == 1
        assert mom[2] == 1 + 2 * L
    assert JacobianSpectrum("relu", depth=2, sigma_w2=2).moments(3) == [1, 1, 5, 33]


def test_hardtanh_moments_polynomial_in_p():
    spec = JacobianSpectrum("hardtanh", depth=2, sigma_w2=SW2, sigma_b2=SB2)
    p1, p2 = spec.parameters
    mom = spec.moments(2)
    assert sp.expand(mom[1] - SW2 ** 2 * p1 * p2) == 0
    subs = {p1: sp.Rational(2, 3), p2: sp.Rational(3, 5)}
    assert spec.measure(subs=subs).moments(3) == [sp.sympify(v).subs(subs)
                                                  for v in spec.moments(3)]


def test_moments_numeric_equal_exact_relu():
    spec = JacobianSpectrum("relu", depth=2, sigma_w2=SW2, sigma_b2=SB2)
    ex = spec.moments(4)
    nu = spec.moments(4, dps=25)
    for a, b in zip(ex, nu):
        assert abs(mpmath.mpf(sp.Rational(a).p) / sp.Rational(a).q - b) < mpmath.mpf(10) ** -22


# ---------------------------------------------------------------------------
# numeric: tanh, two routes to >= 25 digits; ν_K against gaussian.py
# ---------------------------------------------------------------------------

def test_tanh_density_two_routes_25_digits():
    spec = JacobianSpectrum("tanh", depth=2, sigma_w2=SW2, sigma_b2=SB2)
    ps = spec.pastur_system()
    for x in (0.3, 2.5):
        a = spec.density(x, dps=30)
        b = ps.density(x, dps=30)
        assert a > 0
        assert abs(a - b) <= mpmath.mpf(10) ** -25 * abs(a)


@pytest.mark.parametrize("act,L", [(a, L) for a in ("linear", "relu") for L in (1, 2)]
                         + [("hardtanh", 1)])
def test_orthogonal_routes_same_polynomial(act, L):
    # route 1: layer recursion with the multiplicative-subordination equation
    # ∫ λ ν_K/(λT − k(T − 1)) = 1; route 2: S-transform product with S_W = 1/σ_w²
    spec = JacobianSpectrum(act, depth=L, sigma_w2=SW2, sigma_b2=SB2, weights="orthogonal")
    P2 = spec.measure().stieltjes_polynomial()
    P1 = sp.Poly(spec.pastur_system().polynomial(), *P2.gens)
    assert P1 == P2


def test_orthogonal_route1_closed_forms():
    # linear: the point mass δ_{σ_w^{2L}}, P = (σ_w^{2L} − z) m − 1 up to sign
    P = JacobianSpectrum("linear", depth=3, sigma_w2=SW2, weights="orthogonal") \
        .pastur_system().polynomial()
    assert sp.expand(P + ((SW2 ** 3 - Z) * M - 1) * sp.denom(SW2 ** 3)) == 0 or \
        sp.expand(P - ((SW2 ** 3 - Z) * M - 1) * sp.denom(SW2 ** 3)) == 0
    # relu, L = 1: ν = ½δ_0 + ½δ_{σ_w²}, m = −1/(2z) + 1/(2(σ_w² − z)), written out by hand
    spec = JacobianSpectrum("relu", depth=1, sigma_w2=SW2, weights="orthogonal")
    m_ref = -1 / (2 * Z) + 1 / (2 * (SW2 - Z))
    P = spec.pastur_system().polynomial()
    assert sp.simplify(P.subs(M, m_ref)) == 0
    # relu, L = 2: m_2/m_1^2 = 1 + (r_K − 1)·2 with r_K = 2 (free multiplicative variance law)
    mom = JacobianSpectrum("relu", depth=2, sigma_w2=SW2, weights="orthogonal").moments(2)
    assert mom[1] == SW2 ** 2 / 4 and mom[2] / mom[1] ** 2 == 3


def test_orthogonal_tanh_density_two_routes_25_digits():
    spec = JacobianSpectrum("tanh", depth=2, sigma_w2=SW2, sigma_b2=SB2, weights="orthogonal")
    a = spec.density(1.2, dps=30)
    b = spec.pastur_system().density(1.2, dps=30)
    assert a > 0
    assert abs(a - b) <= mpmath.mpf(10) ** -25 * abs(a)


def test_tanh_layer_mean_against_gaussian_module():
    # m_1 = prod_l sigma_w^2 E phi'(h_l)^2, with E phi'^2 from an independent quadrature
    from rmtsym.gaussian.integrals import gaussian_expectation
    spec = JacobianSpectrum("tanh", depth=2, sigma_w2=SW2, sigma_b2=SB2)
    qs = spec.layer_variances(dps=30)
    with mpmath.workdps(30):
        ref = mpmath.mpf(1)
        for q in qs:
            e = mpmath.quad(lambda g: (1 - mpmath.tanh(mpmath.sqrt(q) * g) ** 2) ** 2
                            * mpmath.npdf(g), [-mpmath.inf, 0, mpmath.inf])
            ref *= mpmath.mpf(3) / 2 * e
        assert abs(spec.moments(1, dps=25)[1] - ref) < mpmath.mpf(10) ** -20
        assert qs[0] == mpmath.mpf(3) / 2 + mpmath.mpf(1) / 10
        q2 = mpmath.mpf(3) / 2 * gaussian_expectation("tanh", qs[0], dps=30, power=2) \
            + mpmath.mpf(1) / 10
        assert abs(qs[1] - q2) < mpmath.mpf(10) ** -20


# ---------------------------------------------------------------------------
# empirical: moments (Richardson) and KS
# ---------------------------------------------------------------------------

def _theory_moments(spec, K):
    if spec.is_discrete:
        vals = spec.parameter_values(20)
        return [float(sp.N(sp.sympify(m).subs(vals), 18)) for m in spec.moments(K)]
    return [float(m) for m in spec.moments(K, dps=20)]


def _sample_moments(smp, K):
    per = np.stack([(smp.eigenvalues ** k).mean(axis=1) for k in range(1, K + 1)], axis=1)
    return per.mean(axis=0), per.std(axis=0, ddof=1) / math.sqrt(per.shape[0])


@pytest.mark.parametrize("act", ["linear", "relu", "hardtanh", "tanh"])
def test_sampled_moments_richardson(act):
    """|2 m(400) − m(200) − m| <= 4 se + (4/n)|m(400) − m(200)|, k = 1, 2.

    The tolerance must also resolve the moment (below 20 % of it), so the
    test cannot pass by drawing too few samples.  For a nonlinear network a
    moment of one sample fluctuates by O(1/√n) (the empirical law of
    φ'(h)² has O(1/√n) fluctuations), not O(1/n) as for a Wishart matrix:
    resolving 20 % at k = 2 takes S = 64 networks per size (k = 3 would
    need ~4x more: its sample distribution is heavy-tailed).
    """
    spec = JacobianSpectrum(act, depth=2, sigma_w2=SW2, sigma_b2=SB2)
    K, n, S = 2, 400, 64
    big = spec.sample(n, S, seed=11)
    small = spec.sample(n // 2, S, seed=12)
    assert big.eigenvalues.shape == (S, n) and big.seed == 11 and big.n == n
    m1, s1 = _sample_moments(big, K)
    m2, s2 = _sample_moments(small, K)
    est, se = 2 * m1 - m2, np.sqrt(4 * s1 ** 2 + s2 ** 2)
    bias = 4.0 / n * np.abs(m1 - m2)
    theo = _theory_moments(spec, K)
    for k in range(1, K + 1):
        tol = 4 * se[k - 1] + bias[k - 1]
        assert tol < 0.2 * theo[k], (k, tol, theo[k])
        assert abs(est[k - 1] - theo[k]) <= tol, (act, k, est[k - 1], theo[k], tol)


def ks_threshold_jacobian(n, samples, depth, has_atom, alpha=1e-3, kappa=2.0):
    r"""KS threshold for a pooled Jacobian spectrum.

    D <= √(ln(2/α)/(2nS)) (Dvoretzky–Kiefer–Wolfowitz for the nS pooled
    eigenvalues, level α; eigenvalues of one matrix are more rigid than
    independent draws, so this over-covers) + κ/n (finite-n bias of the mean
    spectral CDF in the bulk) + for a law with an atom at 0 and L >= 2 the
    atom term √(2 ln L)/(2√n): at width n the rank of J is min_l rank D_l,
    rank D_l = n p_l + √(n p_l(1 − p_l)) Z_l, so the mass at 0 is biased by
    E max_l(...)/n <= (1/2)√(2 ln L)/√n — an O(1/√n) effect that averaging
    and Richardson extrapolation in 1/n do not remove.
    """
    thr = math.sqrt(math.log(2 / alpha) / (2 * n * samples)) + kappa / n
    if has_atom and depth >= 2:
        thr += math.sqrt(2 * math.log(depth)) / (2 * math.sqrt(n))
    return thr


@pytest.mark.parametrize("act", ["linear", "relu", "hardtanh"])
def test_sampled_spectrum_ks(act):
    spec = JacobianSpectrum(act, depth=2, sigma_w2=SW2, sigma_b2=SB2)
    n, S = 400, 16
    vals = {p: sp.Float(str(v), 20) for p, v in spec.parameter_values(20).items()}
    P = spec.pastur_system().polynomial().subs(vals)   # = route 2's (tested above)
    rho = density_from_polynomial(P, M, Z)
    edge = spec._support_bound()
    atom = 0.0
    if act != "linear":
        masses = spec.atom_at_zero()
        masses = masses if isinstance(masses, list) else [masses]
        atom = float(max(sp.N(sp.sympify(a).subs(vals)) for a in masses))
    lo = 1e-7 * edge if atom else 0.0          # keep the atom's Lorentzian out of the a.c. part
    F = cdf_from_density(rho, [(lo, edge)], [(0.0, atom)] if atom else [])
    total = float(F(np.array([edge * 2]))[0])
    assert abs(total - 1) < 2e-3
    smp = spec.sample(n, S, seed=21)
    ev = smp.pooled()
    ev[np.abs(ev) < 1e-9 * ev.max()] = 0.0
    D = ks_distance(ev, F)
    assert D <= ks_threshold_jacobian(n, S, 2, atom > 0), (act, D)


@pytest.mark.slow
def test_tabulated_cdf_linear_L3_against_numerics_cdf():
    # models._jacobian_theory.theory_density (600-node float grid on the physical branch, interpolated in theta,
    # integrated by cdf_from_density) vs numerics.cdf (tanh-sinh quadrature of the density)
    from rmtsym import numerics
    from rmtsym.models._jacobian_theory import theory_density
    spec = JacobianSpectrum("linear", depth=3, sigma_w2=SW2)
    rho, sup, atoms = theory_density(spec)
    assert atoms == [] and abs(sup[0][1] - 32) < 1e-6          # edge 4^4/27 (3/2)^3 = 32
    F = cdf_from_density(rho, sup, atoms)
    xs = [0.5, 4.0, 20.0]
    ref = [float(numerics.cdf(spec.measure(), x, dps=15)) for x in xs]
    got = F(np.array(xs))
    assert np.max(np.abs(got - ref)) < 2e-4, (got, ref)
    assert abs(float(F(np.array([40.0]))[0]) - 1) < 2e-4


def test_tanh_density_grid_against_point_values_and_moments():
    # the double-precision continuation along the axis vs the dps-20 point solver, and the
    # tabulated law's mass and mean vs the S-transform moment series (m_0 = 1, m_1)
    from rmtsym.models._jacobian_theory import theory_density
    spec = JacobianSpectrum("tanh", depth=2, sigma_w2=SW2, sigma_b2=SB2)
    xs = [0.02, 0.3, 2.5]
    grid = spec.density_grid(xs)
    for x, g in zip(xs, grid):
        assert abs(g - float(spec.density(x, dps=20))) < 1e-8 * g
    rho, sup, atoms = theory_density(spec)
    a, b = sup[0]
    F = cdf_from_density(rho, sup, atoms)
    assert abs(float(F(np.array([b]))[0]) - 1) < 1e-3
    t = np.linspace(a, b, 200001)[1:]
    m1 = np.trapezoid(t * rho(t), t)
    assert abs(m1 - float(spec.moments(1, dps=20)[1])) < 2e-3
    with pytest.raises(RmtsymError, match="xs"):
        spec.density_grid([0.0, 1.0])


@pytest.mark.parametrize("act,L", [("linear", 3), ("tanh", 2)])
def test_sampled_spectrum_ks_numerics_density(act, L):
    from rmtsym.models._jacobian_theory import theory_density
    spec = JacobianSpectrum(act, depth=L, sigma_w2=SW2, sigma_b2=SB2)
    n, S = 400, 16
    rho, sup, atoms = theory_density(spec)
    F = cdf_from_density(rho, sup, atoms)
    D = ks_distance(spec.sample(n, S, seed=23).pooled(), F)
    assert D <= ks_threshold_jacobian(n, S, L, False), (act, D)


# ---------------------------------------------------------------------------
# sampler details and errors
# ---------------------------------------------------------------------------

def test_sampler_reproducible_and_jacobian_by_finite_differences():
    from rmtsym.sampling.ensembles import JACOBIAN_ACTIVATIONS as NUMPY_DERIVATIVES
    spec = JacobianSpectrum("tanh", depth=3, sigma_w2=SW2, sigma_b2=SB2)
    a = spec.sample(30, 2, seed=5).eigenvalues
    b = spec.sample(30, 2, seed=5).eigenvalues
    assert np.array_equal(a, b)
    # chain rule vs finite differences of an explicit network
    rng = np.random.default_rng(0)
    n, L = 12, 3
    Ws = [rng.standard_normal((n, n)) * math.sqrt(1.5 / n) for _ in range(L)]
    bs = [rng.standard_normal(n) * math.sqrt(0.1) for _ in range(L)]
    phi, dphi = NUMPY_DERIVATIVES["tanh"]

    def net(x):
        for W, b in zip(Ws, bs):
            x = phi(W @ x + b)
        return x
    x0 = rng.standard_normal(n)
    J = np.eye(n)
    x = x0
    for W, b in zip(Ws, bs):
        h = W @ x + b
        J = (dphi(h)[:, None] * W) @ J
        x = phi(h)
    eps = 1e-6
    Jfd = np.stack([(net(x0 + eps * e) - net(x0 - eps * e)) / (2 * eps) for e in np.eye(n)], axis=1)
    assert np.allclose(J, Jfd, atol=1e-8)


def test_orthogonal_linear_sample_is_point_mass():
    spec = JacobianSpectrum("linear", depth=3, sigma_w2=SW2, weights="orthogonal")
    ev = spec.sample(60, 2, seed=1).eigenvalues
    assert np.allclose(ev, 1.5 ** 3, rtol=1e-10)
    gev = JacobianSpectrum("linear", depth=3, sigma_w2=SW2).sample(60, 2, seed=1).eigenvalues
    assert gev.std() > 1.0


@pytest.mark.parametrize("kwargs,name", [
    (dict(activation="relu", depth=0), "depth"),
    (dict(activation="relu", depth=2, sigma_w2=-1), "sigma_w2"),
    (dict(activation="relu", depth=2, sigma_b2=-1), "sigma_b2"),
    (dict(activation="relu", depth=2, weights="unitary"), "weights"),
    (dict(activation="nosuch", depth=2), "activation"),
    (dict(activation="relu", depth=2, q0=0, sigma_b2=0), "q0"),
])
def test_bad_parameters(kwargs, name):
    with pytest.raises(RmtsymError, match=name):
        JacobianSpectrum(**kwargs)


def test_bad_call_arguments():
    spec = JacobianSpectrum("relu", depth=2, sigma_w2=2)
    with pytest.raises(RmtsymError, match="k must"):
        spec.moments(-1)
    with pytest.raises(RmtsymError, match="n must"):
        spec.sample(1, 2, seed=0)
    with pytest.raises(RmtsymError, match="seed"):
        spec.sample(10, 2, seed=-3)
    with pytest.raises(RmtsymError, match="dps"):
        JacobianSpectrum("tanh", 2).moments(2)


# ---------------------------------------------------------------------------
# the claims in rmtsym/claims/ run through `rmtsym verify` (quick mode)
# ---------------------------------------------------------------------------

JACOBIAN_CLAIMS = ["jacobian_linear_fuss_catalan", "jacobian_relu_hardtanh_L2",
                   "jacobian_dynamical_isometry", "jacobian_moments_depth",
                   "jacobian_tanh_edge_of_chaos"]


def test_claims_discovered():
    from rmtsym import claims as proofs
    assert set(JACOBIAN_CLAIMS) <= set(proofs.claim_ids())


@pytest.mark.slow
def test_rmtsym_verify_quick_runs_jacobian_claims(tmp_path):
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "rmtsym", "verify", "--quick", "--no-progress",
                        "--no-figures", "--out", "", *JACOBIAN_CLAIMS],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    for cid in JACOBIAN_CLAIMS:
        assert cid in r.stdout


def test_tanh_routes_agree_near_the_hard_edge():
    """Regression: route 1 returned 0 at x = 1e-6 (a jump from Im z = 1e-3 to the
    real axis landed on a real root).  Near 0 the density grows like x^(-2/3);
    both routes must follow the physical branch down to tiny x."""
    spec = JacobianSpectrum("tanh", 2, sigma_w2="3/2", sigma_b2="1/20")
    ps = spec.pastur_system()
    for x in ("1e-6", "2e-4"):
        a, b = ps.density(x, dps=20), spec.density(x, dps=20)
        assert a > 1
        assert abs(a - b) <= mpmath.mpf(10) ** -15 * b


def test_negative_density_raises_branch_error_instead_of_clipping(monkeypatch):
    """A value on the conjugate (unphysical) branch has Im m < 0: it must raise, not read as 0."""
    from rmtsym.core.errors import BranchError
    from rmtsym.models.jacobian import PasturSystem
    system = JacobianSpectrum("tanh", depth=1, sigma_w2=sp.Rational(3, 2)).pastur_system()
    good = system.density(sp.Rational(1, 2), dps=15)
    assert good > 0
    true_stieltjes = PasturSystem.stieltjes
    monkeypatch.setattr(PasturSystem, "stieltjes",
                        lambda self, z, dps=30: mpmath.conj(true_stieltjes(self, z, dps)))
    with pytest.raises(BranchError, match="came out negative"):
        system.density(sp.Rational(1, 2), dps=15)


def test_negative_route2_density_raises_branch_error(monkeypatch):
    """The S-transform route's density (JacobianSpectrum.density) has the same guard as Pastur's
    system: the conjugate branch gives Im m < 0 and must raise, where it used to be clipped to 0."""
    from rmtsym.core.errors import BranchError
    spec = JacobianSpectrum("tanh", depth=2, sigma_w2=sp.Rational(3, 2), sigma_b2=sp.Rational(1, 20))
    x = sp.Rational(1, 2)
    good = spec.density(x, dps=15)
    assert good > 0
    assert abs(good - spec.pastur_system().density(x, dps=15)) < mpmath.mpf(10) ** -12 * good
    true_stieltjes = JacobianSpectrum.stieltjes
    monkeypatch.setattr(JacobianSpectrum, "stieltjes",
                        lambda self, z, dps=30: mpmath.conj(true_stieltjes(self, z, dps)))
    with pytest.raises(BranchError, match="came out negative"):
        spec.density(x, dps=15)
