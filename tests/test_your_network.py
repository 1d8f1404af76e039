"""Tests of issue 18 item 1 ("your network"): per-layer widths and variances of the Jacobian
model, and the ``rmtsym model`` command.

Theory (derivation in :class:`rmtsym.models.jacobian.JacobianSpectrum`, Notes):

* route 1 — Pastur's system for rectangular layers, (I_c) k = c_l ∫λν_K/(hλ + 1),
  (II), (0_c) f = −1/z + kh/(c_l z), eliminated by resultants (python-flint);
* route 2 — S-transforms S_M(w) = ∏ S_{K^l}(γ_l w)/(σ_l²(1 + γ_{l-1} w)), run as
  free_mul with the zero-mass map Z_α (exact polynomial) or as a power series (moments).

Checks: the two polynomials are equal (==) for discrete ν_K; L = 1 equals the closed-form
Marchenko–Pastur law; equal widths reproduce the square model; series moments equal the
moments of the polynomial (==); the linear second moment equals the Wick count
∏σ_l⁴(1 + Σ_{l<L} n_L/n_l); the atom equals the rank bound; tanh densities from the two
numeric routes agree to 20 digits.  Sampling: real rectangular networks, moments k = 1, 2
by Richardson extrapolation 2m(n) − m(n/2) with tolerance 4·se + (4/n)|m(n) − m(n/2)|
(the stated O(1/n²) remainder bound of :func:`rmtsym.sampling.richardson_moments`), which
must also resolve the moment to 20 %.
"""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym.app.cli import main as cli_main
from rmtsym.app.model_cmd import model_report
from rmtsym.core.errors import RmtsymError
from rmtsym.laws.named import marchenko_pastur
from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.sampling.ensembles import jacobian_network

SW2 = (sp.Rational(3, 2), sp.Integer(2))
SB2 = sp.Rational(1, 10)
SHRINK = (1000, 800, 600)
GROW = (600, 800, 1000)


# ---------------------------------------------------------------------------
# exact: the two routes, closed forms
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("act", ["linear", "relu"])
@pytest.mark.parametrize("widths", [SHRINK, GROW])
def test_rect_routes_same_polynomial(act, widths):
    spec = JacobianSpectrum(act, 2, sigma_w2=SW2, sigma_b2=SB2, widths=widths)
    P2 = spec.measure().stieltjes_polynomial()
    P1 = sp.Poly(spec.pastur_system().polynomial(), *P2.gens)
    assert P1 == P2
    # a rectangular network is not the square one
    sq = JacobianSpectrum(act, 2, sigma_w2=SW2, sigma_b2=SB2).measure().stieltjes_polynomial()
    assert P2 != sq


@pytest.mark.parametrize("widths", [(5, 3), (3, 5)])
def test_one_layer_is_marchenko_pastur(widths):
    # J Jᵀ = W Wᵀ, W n_1 × n_0 with variance σ²/n_0: MP(n_1/n_0, σ²) (docs/conventions.md closed form)
    spec = JacobianSpectrum("linear", 1, sigma_w2="3/2", widths=widths)
    mp = marchenko_pastur(sp.Rational(widths[1], widths[0]), sp.Rational(3, 2))
    P = mp.stieltjes_polynomial()
    assert spec.measure().stieltjes_polynomial() == P
    assert sp.Poly(spec.pastur_system().polynomial(), *P.gens) == P


@pytest.mark.parametrize("act", ["linear", "relu", "hardtanh"])
def test_equal_widths_and_equal_sigmas_are_the_square_model(act):
    base = JacobianSpectrum(act, 2, sigma_w2="3/2", sigma_b2=SB2)
    same = JacobianSpectrum(act, 2, sigma_w2=["3/2", "3/2"], sigma_b2=[SB2, SB2],
                            widths=(700, 700, 700))
    assert not same._rect and same.sigma_w2 == base.sigma_w2
    assert same.moments(4) == base.moments(4)
    if act != "hardtanh":                # the symbolic hardtanh polynomial takes ~30 s
        assert same.measure().stieltjes_polynomial() == base.measure().stieltjes_polynomial()
    assert same.layer_variances() == base.layer_variances()


def test_per_layer_sigma_square_routes_agree():
    spec = JacobianSpectrum("relu", 3, sigma_w2=["3/2", 2, "1/2"], sigma_b2=["1/10", 0, "1/5"])
    P2 = spec.measure().stieltjes_polynomial()
    assert sp.Poly(spec.pastur_system().polynomial(), *P2.gens) == P2
    # mean field by hand: q1 = 3/2 + 1/10, q2 = 2 q1/2, q3 = q2/4 + 1/5 (E relu(h)^2 = q/2)
    assert spec.layer_variances() == [sp.Rational(8, 5), sp.Rational(8, 5), sp.Rational(3, 5)]
    # m1 = prod sigma_l^2 E phi'^2 = (3/2)(2)(1/2)(1/2)^3
    assert spec.moments(1)[1] == sp.Rational(3, 16)


@pytest.mark.parametrize("act,widths", [("relu", GROW), ("relu", SHRINK), ("linear", (3, 7, 2))])
def test_series_moments_equal_polynomial_moments(act, widths):
    spec = JacobianSpectrum(act, 2, sigma_w2=SW2, sigma_b2=SB2, widths=widths)
    assert spec.moments(6) == spec.measure().moments(6)


@pytest.mark.parametrize("widths", [SHRINK, GROW, (5, 4, 3, 6)])
def test_linear_second_moment_wick(widths):
    # Wick / genus expansion (Hanin & Nica 2019, "Products of many large random matrices and
    # gradients in deep neural networks"): E (1/n_L) tr (J Jᵀ)^2 → ∏σ⁴ (1 + Σ_{l<L} n_L/n_l)
    L = len(widths) - 1
    sig = [sp.Rational(3, 2), sp.Integer(2), sp.Rational(1, 3)][:L]
    spec = JacobianSpectrum("linear", L, sigma_w2=sig, widths=widths)
    m = spec.moments(2)
    prod = sp.prod(sig)
    assert m[1] == prod
    assert m[2] == prod ** 2 * (1 + sum(sp.Rational(widths[-1], w) for w in widths[:-1]))


def test_atom_at_zero_rank_bound_and_numerics():
    # rank J <= min_l n_l: linear (600, 800, 1000) has mass 1 - 600/1000 at 0
    lin = JacobianSpectrum("linear", 2, sigma_w2=SW2, widths=GROW)
    assert lin.atom_at_zero() == sp.Rational(2, 5)
    # relu: rank D_l W_l ... = min(n_0, n_1/2, n_2/2) = 400 of 1000 -> 3/5; of 600 -> 1/2
    relu = JacobianSpectrum("relu", 2, sigma_w2=SW2, widths=GROW)
    assert relu.atom_at_zero() == sp.Rational(3, 5)
    assert JacobianSpectrum("relu", 2, sigma_w2=SW2, widths=SHRINK).atom_at_zero() == \
        sp.Rational(1, 2)
    # second route: the atom found by the numerics of the exact polynomial
    at = dict((float(a), w) for a, w in relu.measure().atoms(dps=20))
    assert set(at) == {0.0}
    assert abs(at[0.0] - mpmath.mpf(3) / 5) < mpmath.mpf(10) ** -15     # 15 digits


def test_tanh_rect_density_two_routes_20_digits():
    for widths, x in ((SHRINK, 0.7), (GROW, 2.5)):
        spec = JacobianSpectrum("tanh", 2, sigma_w2=SW2, sigma_b2=SB2, widths=widths)
        with mpmath.workdps(30):
            a = spec.pastur_system().stieltjes(x, 20)
            b = spec.stieltjes(x, 20)
            assert mpmath.im(a) > 0
            assert abs(a - b) <= mpmath.mpf(10) ** -19 * abs(a), (widths, a, b)


def test_density_grid_rect_mass_and_mean():
    # route 2 in double precision along the axis (s_transform_density_grid with gammas):
    # ∫ρ = 1 − atom (atom 3/5 from the rank bound) and ∫xρ = m_1 (series), to 1e-4;
    # x = e sin²t absorbs the x^{-1/2} hard edge and the square-root soft edge
    spec = JacobianSpectrum("relu", 2, sigma_w2=SW2, sigma_b2=SB2, widths=GROW)
    e = spec.upper_edge()
    t = np.linspace(0, np.pi / 2, 2001)[1:-1]
    x = e * np.sin(t) ** 2
    wdx = 2 * e * np.sin(t) * np.cos(t) * (t[1] - t[0])
    rho = spec.density_grid(x)
    assert abs(np.sum(rho * wdx) - 0.4) < 1e-4
    assert abs(np.sum(x * rho * wdx) - 0.75) < 1e-4


def test_tanh_rect_numeric_moments_two_routes():
    # route 2 series moments (ν_K moments by quadrature) against the first moment closed form
    # m_1 = ∏ σ_l² E φ'(h_l)² (width-independent) and the moment of the square network
    spec = JacobianSpectrum("tanh", 2, sigma_w2=SW2, sigma_b2=SB2, widths=SHRINK)
    m = spec.moments(2, dps=20)
    from rmtsym.gaussian.activations import activation
    qs = spec.layer_variances(dps=25)
    d = activation("tanh").derivative().mpmath_function()
    with mpmath.workdps(25):
        e = [mpmath.quad(lambda t, q=q: mpmath.npdf(t) * d(mpmath.sqrt(q) * t) ** 2,
                         [-mpmath.inf, 0, mpmath.inf]) for q in qs]
        m1 = mpmath.mpf(3) / 2 * 2 * e[0] * e[1]
    assert abs(m[1] - m1) < mpmath.mpf(10) ** -18
    sq = JacobianSpectrum("tanh", 2, sigma_w2=SW2, sigma_b2=SB2).moments(2, dps=20)
    # same m_1; m_2 smaller (linear analogue: 1 + 3/5 + 3/4 < 3)
    assert abs(sq[1] - m[1]) < mpmath.mpf(10) ** -18 and m[2] < sq[2]


# ---------------------------------------------------------------------------
# sampling
# ---------------------------------------------------------------------------

def test_sampler_square_bit_identical():
    for act in ("tanh", "relu"):
        ref = jacobian_network(40, np.random.default_rng(5), act, 3, 1.5, 0.1)
        w = jacobian_network(40, np.random.default_rng(5), act, 3, (1.5, 1.5, 1.5), (0.1,) * 3,
                             widths=(2, 2, 2, 2))
        assert np.array_equal(ref, w)
    a = JacobianSpectrum("tanh", 2, sigma_w2="3/2", widths=(9, 9, 9)).sample(30, 3, seed=4)
    b = JacobianSpectrum("tanh", 2, sigma_w2="3/2").sample(30, 3, seed=4)
    assert np.array_equal(a.eigenvalues, b.eigenvalues)


def test_sampler_rect_rank_and_reproducible():
    # linear network with widths 60, 80, 100: J Jᵀ is 100 × 100 of rank 60 exactly
    ev = jacobian_network(100, np.random.default_rng(1), "linear", 2, (1.5, 2.0), 0.0,
                          widths=GROW)
    assert ev.shape == (100,)
    assert int(np.sum(ev < 1e-10 * ev.max())) == 40
    ev2 = jacobian_network(100, np.random.default_rng(1), "linear", 2, (1.5, 2.0), 0.0,
                           widths=GROW)
    assert np.array_equal(ev, ev2)
    spec = JacobianSpectrum("relu", 2, sigma_w2=SW2, sigma_b2=SB2, widths=SHRINK)
    s = spec.sample(60, 2, seed=3)
    assert s.eigenvalues.shape == (2, 60) and s.params["widths"] == (1000.0, 800.0, 600.0)


def _richardson_check(spec, n, S, K=2, seeds=(21, 22), theo=None):
    big = spec.sample(n, S, seed=seeds[0])
    small = spec.sample(n // 2, S, seed=seeds[1])

    def mom(smp):
        per = np.stack([(smp.eigenvalues ** k).mean(axis=1) for k in range(1, K + 1)], axis=1)
        return per.mean(axis=0), per.std(axis=0, ddof=1) / math.sqrt(per.shape[0])
    m1, s1 = mom(big)
    m2, s2 = mom(small)
    est, se = 2 * m1 - m2, np.sqrt(4 * s1 ** 2 + s2 ** 2)
    bias = 4.0 / n * np.abs(m1 - m2)
    theo = theo or [float(v) for v in spec.moments(K)]
    for k in range(1, K + 1):
        tol = 4 * se[k - 1] + bias[k - 1]
        assert tol < 0.2 * theo[k], (k, tol, theo[k])
        assert abs(est[k - 1] - theo[k]) <= tol, (spec, k, est[k - 1], theo[k], tol)


@pytest.mark.parametrize("act", ["linear", "relu"])
def test_sampled_rect_moments_richardson(act):
    spec = JacobianSpectrum(act, 2, sigma_w2=SW2, sigma_b2=SB2, widths=SHRINK)
    _richardson_check(spec, 300, 32)


@pytest.mark.slow
@pytest.mark.parametrize("widths", [SHRINK, GROW])
def test_sampled_rect_tanh_moments_richardson(widths):
    spec = JacobianSpectrum("tanh", 2, sigma_w2=SW2, sigma_b2=SB2, widths=widths)
    theo = [float(v) for v in spec.moments(2, dps=15)]
    _richardson_check(spec, 400, 48, theo=theo, seeds=(31, 32))


@pytest.mark.slow
def test_sampled_rect_relu_atom():
    """Mass at 0 of sampled rectangular relu networks against the exact atom 3/5.

    The mass at 0 of one sample is (n − rank J)/n; the rank of a product of masks is
    min-type, so it is biased by O(1/√n) (see ks_threshold_jacobian in test_jacobian.py):
    tolerance √(2 ln 2)/(2√n) + 4 se.
    """
    spec = JacobianSpectrum("relu", 2, sigma_w2=SW2, sigma_b2=SB2, widths=GROW)
    n, S = 400, 24
    smp = spec.sample(n, S, seed=41)
    ev = smp.eigenvalues
    zero = (ev < 1e-9 * ev.max(axis=1, keepdims=True)).mean(axis=1)
    tol = math.sqrt(2 * math.log(2)) / (2 * math.sqrt(n)) + 4 * zero.std(ddof=1) / math.sqrt(S)
    assert abs(zero.mean() - 0.6) <= tol


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,match", [
    ({"widths": (1000, 800)}, r"widths must have depth \+ 1 = 3"),
    ({"widths": (1000, 0, 600)}, r"widths\[1\]"),
    ({"widths": (1000, -3, 600)}, r"widths\[1\]"),
    ({"widths": 1000}, r"widths must be a sequence"),
    ({"widths": ("a", 1, 2)}, r"widths\[0\]"),
    ({"sigma_w2": (1, 2, 3)}, r"sigma_w2 must be one number or a sequence of depth = 2"),
    ({"sigma_w2": (1, -2)}, r"sigma_w2\[1\]"),
    ({"sigma_b2": (-1, 0)}, r"sigma_b2\[0\]"),
    ({"widths": SHRINK, "weights": "orthogonal"}, r"widths.*gaussian"),
])
def test_bad_parameters(kwargs, match):
    with pytest.raises(RmtsymError, match=match):
        JacobianSpectrum("relu", 2, **kwargs)


def test_bad_sampler_widths():
    with pytest.raises(RmtsymError, match=r"widths"):
        jacobian_network(10, np.random.default_rng(0), "relu", 2, widths=(1, 2))
    with pytest.raises(RmtsymError, match=r"widths\[0\]"):
        jacobian_network(10, np.random.default_rng(0), "relu", 2, widths=(0, 1, 2))
    with pytest.raises(RmtsymError, match=r"sigma_w2\[1\]"):
        jacobian_network(10, np.random.default_rng(0), "relu", 2, sigma_w2=(1, 0))


# ---------------------------------------------------------------------------
# the command and the two-line Python API
# ---------------------------------------------------------------------------

def test_cli_relu_rect(tmp_path, capsys):
    tex = tmp_path / "net.tex"
    rc = cli_main(["model", "jacobian", "--activation", "relu", "--depth", "2", "--sigma-w2",
                   "3/2,2", "--sigma-b2", "1/10", "--widths", "1000,800,600", "-n", "3",
                   "--latex", str(tex)])
    out = capsys.readouterr().out
    assert rc == 0
    spec = JacobianSpectrum("relu", 2, sigma_w2=SW2, sigma_b2=SB2, widths=SHRINK)
    P = spec.pastur_system().polynomial()          # route 1: the printed equation is route 2's
    line = [t for t in out.splitlines() if t.startswith("equation")][0]
    printed = sp.sympify(line.split(":", 1)[1].split("=")[0])
    assert sp.expand(printed - P) == 0
    m = JacobianSpectrum("relu", 2, sigma_w2=SW2, sigma_b2=SB2, widths=SHRINK).measure().moments(3)
    for j, v in enumerate(m):
        assert f"m_{j} = {v}" in out
    assert "atoms: {0: 1/2}" in out and "support: [0, " in out
    doc = tex.read_text()
    assert doc.startswith("\\documentclass") and doc.rstrip().endswith("\\end{document}")
    assert sp.latex(P.expand()) in doc or sp.latex(printed) in doc
    assert "Pastur" in doc and doc.count("\\begin") == doc.count("\\end")


def test_python_two_lines_equals_cli(capsys):
    rep = model_report("jacobian", activation="linear", depth=2, sigma_w2=["3/2", 2],
                       widths=[600, 800, 1000], k=2)
    rc = cli_main(["model", "jacobian", "--activation", "linear", "--depth", "2", "--sigma-w2",
                   "3/2,2", "--widths", "600,800,1000", "-n", "2"])
    assert rc == 0 and capsys.readouterr().out.strip() == str(rep).strip()
    assert rep.moments[2] == 9 * (1 + sp.Rational(1000, 600) + sp.Rational(1000, 800))


@pytest.mark.parametrize("argv,word", [
    (["--widths", "1000,0,600"], "widths[1]"),
    (["--widths", "1000,800,600,5,5"], "widths must have"),
    (["--widths", "1000,,600"], "widths"),
    (["--sigma-w2", "1,2,3"], "sigma_w2"),
    (["--sigma-w2", "-1"], "sigma_w2"),
    (["--activation", "nope"], "activation"),
])
def test_cli_errors_one_line_exit_2(argv, word, capsys):
    base = {"--activation": "relu", "--depth": "2"}
    args = ["model", "jacobian"]
    keys = argv[0::2]
    for k, v in base.items():
        if k not in keys:
            args += [k, v]
    rc = cli_main(args + argv)
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("rmtsym: error:") and word in err


def test_cli_hessian_and_gram(capsys):
    from rmtsym.models.hessian import HessianSpectrum
    assert cli_main(["model", "hessian", "--epsilon", "1/10", "--phi", "1/2", "-n", "2"]) == 0
    out = capsys.readouterr().out
    assert all(f"m_{j} = {v}" in out for j, v in enumerate(HessianSpectrum("1/10", "1/2").moments(2)))
    assert cli_main(["model", "gram", "--activation", "relu", "--center", "--phi", "1/2",
                     "--psi", "2", "-n", "1"]) == 0
    assert "equation:" in capsys.readouterr().out
    assert cli_main(["model"]) == 2


@pytest.mark.slow
def test_cli_tanh_prints_pastur_system(tmp_path, capsys):
    tex = tmp_path / "t.tex"
    rc = cli_main(["model", "jacobian", "--activation", "tanh", "--depth", "2", "--sigma-w2",
                   "3/2", "--widths", "800,600", "-n", "2", "--dps", "12", "--latex", str(tex)])
    out = capsys.readouterr().out
    assert rc == 0 and "Pastur's system" in out and "read as n_1..n_L, n_0 = n_1" in out
    assert "f_2(zeta_2) = 1/(3*zeta_2) + 4*f_1(zeta_2/k_2)/(3*k_2)" in out
    assert "\\documentclass" in tex.read_text()


def _theory_cdf(spec, atom, points=1500):
    """F(x) = atom + ∫_0^x ρ on x = e sin⁶t (route 2 density_grid), trapezoid in t.

    sin⁶ absorbs a hard edge ρ ~ x^{-a}, a < 5/6, at 0 (tanh: a ≈ 2/3 for L = 2) and the
    square-root soft edge at e.
    """
    e = spec.upper_edge()
    t = np.linspace(0, np.pi / 2, points + 2)[1:-1]
    x = e * np.sin(t) ** 6
    dens = spec.density_grid(x) * 6 * e * np.sin(t) ** 5 * np.cos(t)
    cum = np.concatenate([[0.0], np.cumsum((dens[1:] + dens[:-1]) / 2 * np.diff(t))])
    return x, atom + cum


@pytest.mark.slow
@pytest.mark.parametrize("widths,atom", [(SHRINK, 0.0), (GROW, 0.4)])
def test_sampled_rect_tanh_ks(widths, atom):
    """KS distance of the pooled spectrum of real rectangular tanh networks to the theory CDF.

    Threshold √(ln(2/α)/(2nS)) (DKW for the nS pooled eigenvalues, α = 1e-3; eigenvalues of
    one matrix are more rigid than independent draws, so this over-covers) + 2/n (finite-n
    bias of the mean spectral CDF) + the quadrature error of the CDF (< 1e-3, checked by its
    total mass).  The atom 2/5 of (600, 800, 1000) is the exact rank deficiency n_L − n_0.
    """
    spec = JacobianSpectrum("tanh", 2, sigma_w2=SW2, sigma_b2=SB2, widths=widths)
    n, S = 300, 12
    ev = np.sort(spec.sample(n, S, seed=51).eigenvalues.ravel())
    xg, Fg = _theory_cdf(spec, atom)
    assert abs(Fg[-1] - 1) < 1e-3
    ev[ev < 1e-9 * ev.max()] = 0.0          # the rank deficiency: exact zeros up to rounding
    u = np.unique(ev)
    N = ev.size
    Fn, Fn_left = np.searchsorted(ev, u, "right") / N, np.searchsorted(ev, u, "left") / N
    F = np.interp(u, xg, Fg, left=atom, right=1.0)
    F_left = np.where(u == 0, 0.0, F)        # right-continuous theory CDF with its atom at 0
    D = max(np.max(np.abs(Fn - F)), np.max(np.abs(Fn_left - F_left)))
    thr = math.sqrt(math.log(2 / 1e-3) / (2 * N)) + 2.0 / n + 1e-3
    assert D < thr, (D, thr)
