"""Tests of rmtsym.gaussian: Gaussian integrals, seed constants, mean field, nu_K.

Every closed form is checked against a reference written here (arc-cosine
kernel, arcsine law of erf, normal-CDF formulas, Stein identities) and
against an mpmath quadrature written here, independent of the library's.
"""

import mpmath
import pytest
import sympy as sp

from rmtsym.gaussian.activations import activation, x
from rmtsym.core.errors import ConvergenceError, RmtsymError
from rmtsym.core.measure import AlgebraicMeasure
from rmtsym.gaussian.constants import b_sigma, benigni_peche_constants, fisher_constants, pw17_constants
from rmtsym.gaussian.integrals import (
    centered, gaussian_expectation, gaussian_moments, hermite_coefficients, normalized,
)
from rmtsym.gaussian.meanfield import mean_field, variance_map
from rmtsym.gaussian.pushforward import DiscreteLaw, mask_law, mask_law_moments

Q = sp.Symbol("q", positive=True)
KEYS = ["E_phi", "E_phi2", "E_dphi", "E_dphi2", "E_xi_phi", "E_xi2_phi"]
TOL30 = mpmath.mpf(10)**-28


# ---------------------------------------------------------------------------
# an independent quadrature (plain mpmath, split at the given breakpoints)
# ---------------------------------------------------------------------------
def ref_quad(f, q, breaks=(), dps=36):
    """E f(xi, sqrt(q) xi) by mpmath.quad, f(t, h) with h = sqrt(q) t."""
    with mpmath.workdps(dps):
        q = mpmath.mpf(sp.N(q, dps + 5))
        rq = mpmath.sqrt(q)
        pts = sorted({mpmath.mpf(sp.N(b, dps + 5)) / rq for b in breaks} | {mpmath.mpf(0)})
        pts = [-mpmath.inf] + pts + [mpmath.inf]
        c = 1 / mpmath.sqrt(2 * mpmath.pi)
        return mpmath.quad(lambda t: f(t, rq * t) * mpmath.exp(-t * t / 2), pts) * c


def ref_moments(phi, dphi, q, breaks=()):
    """The six moments of the issue by ref_quad, phi and dphi mpmath callables."""
    return {
        "E_phi": ref_quad(lambda t, h: phi(h), q, breaks),
        "E_phi2": ref_quad(lambda t, h: phi(h)**2, q, breaks),
        "E_dphi": ref_quad(lambda t, h: dphi(h), q, breaks),
        "E_dphi2": ref_quad(lambda t, h: dphi(h)**2, q, breaks),
        "E_xi_phi": ref_quad(lambda t, h: t * phi(h), q, breaks),
        "E_xi2_phi": ref_quad(lambda t, h: t * t * phi(h), q, breaks),
    }


def close(a, b, tol=TOL30):
    with mpmath.workdps(40):
        a = mpmath.mpf(sp.N(a, 45)) if isinstance(a, sp.Basic) else mpmath.mpf(a)
        b = mpmath.mpf(sp.N(b, 45)) if isinstance(b, sp.Basic) else mpmath.mpf(b)
        return abs(a - b) <= tol * max(1, abs(b))


def relu_mp(h):
    return h if h > 0 else mpmath.mpf(0)


def step_mp(h):
    return mpmath.mpf(1) if h > 0 else mpmath.mpf(0)


REFS = {  # name: (phi, phi', breakpoints) as plain mpmath callables
    "linear": (lambda h: h, lambda h: mpmath.mpf(1), ()),
    "relu": (relu_mp, step_mp, (0,)),
    "leaky_relu": (lambda h: h if h > 0 else h / 100,
                   lambda h: mpmath.mpf(1) if h > 0 else mpmath.mpf(1) / 100, (0,)),
    "hardtanh": (lambda h: max(-1, min(1, h)),
                 lambda h: mpmath.mpf(1) if abs(h) < 1 else mpmath.mpf(0), (-1, 1)),
    "abs": (abs, lambda h: mpmath.sign(h), (0,)),
    "erf": (mpmath.erf, lambda h: 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-h * h), ()),
    "cos": (mpmath.cos, lambda h: -mpmath.sin(h), ()),
    "sin": (mpmath.sin, mpmath.cos, ()),
    "gelu": (lambda h: h * mpmath.ncdf(h), lambda h: mpmath.ncdf(h) + h * mpmath.npdf(h), ()),
    "elu": (lambda h: h if h > 0 else mpmath.expm1(h),
            lambda h: mpmath.mpf(1) if h > 0 else mpmath.exp(h), (0,)),
}


# ---------------------------------------------------------------------------
# closed forms against independent references
# ---------------------------------------------------------------------------
def arccos_J(n, theta):
    """Cho–Saul angular functions J_0, J_1 of the arc-cosine kernels."""
    return {0: sp.pi - theta, 1: sp.sin(theta) + (sp.pi - theta) * sp.cos(theta)}[n]


@pytest.mark.parametrize("q", [sp.Integer(1), sp.Rational(7, 3), Q])
def test_relu_arccosine_kernel_values(q):
    m = gaussian_moments("relu", q=q)
    # k_n(x, x) = (1/pi)|x|^{2n} J_n(0) = 2 E[Theta(w.x)(w.x)^{2n}], |x|^2 = q
    assert sp.simplify(m["E_phi2"] - q * arccos_J(1, 0) / (2 * sp.pi)) == 0
    assert sp.simplify(m["E_dphi2"] - arccos_J(0, 0) / (2 * sp.pi)) == 0
    assert m["E_dphi"] == sp.Rational(1, 2)                       # P(h > 0)
    assert sp.simplify(m["E_phi"] - sp.sqrt(q / (2 * sp.pi))) == 0  # half-normal mean / 2
    assert sp.simplify(m["E_xi_phi"] - sp.sqrt(q) / 2) == 0        # Stein: sqrt(q) E phi'
    # E xi^2 relu(sqrt q xi) = sqrt(q) E[xi^3; xi > 0] = sqrt(q) * 2/sqrt(2 pi)
    assert sp.simplify(m["E_xi2_phi"] - sp.sqrt(q) * 2 / sp.sqrt(2 * sp.pi)) == 0


@pytest.mark.parametrize("a", [sp.Rational(1, 3), sp.Integer(1), sp.Rational(5, 2), sp.sqrt(Q)])
def test_erf_arcsine_formula(a):
    got = gaussian_expectation("erf", q=a**2, power=2)
    want = 2 / sp.pi * sp.asin(2 * a**2 / (1 + 2 * a**2))
    assert sp.simplify(got - want) == 0
    if a.is_number:
        assert close(got, ref_quad(lambda t, h: mpmath.erf(h)**2, a**2))


@pytest.mark.parametrize("q", [sp.Rational(1, 4), sp.Integer(2), Q])
def test_hardtanh_by_normal_cdf(q):
    Phi = sp.Function("Phi")
    c = 1 / sp.sqrt(q)

    def ncdf(v):
        return (1 + sp.erf(v / sp.sqrt(2))) / 2
    npdf = sp.exp(-c**2 / 2) / sp.sqrt(2 * sp.pi)
    # E hardtanh(h)^2 = P(|h| > 1) + q E[xi^2; |xi| < c]
    #                 = 2(1 - Phi(c)) + q((2 Phi(c) - 1) - 2 c phi(c))
    want_phi2 = (2 * (1 - Phi(c)) + q * ((2 * Phi(c) - 1) - 2 * c * npdf)).replace(Phi, ncdf)
    want_dphi = (2 * Phi(c) - 1).replace(Phi, ncdf)             # P(|h| < 1)
    m = gaussian_moments("hardtanh", q=q)
    assert sp.simplify(m["E_phi2"] - want_phi2) == 0
    assert sp.simplify(m["E_dphi"] - want_dphi) == 0
    assert sp.simplify(m["E_dphi2"] - want_dphi) == 0
    assert m["E_phi"] == 0 and m["E_xi2_phi"] == 0               # odd
    assert sp.simplify(m["E_xi_phi"] - sp.sqrt(q) * want_dphi) == 0


SLOW = pytest.mark.slow


@pytest.mark.parametrize("name,q", [("relu", sp.Rational(7, 3)), ("leaky_relu", sp.Rational(1, 2)),
                                    ("hardtanh", sp.Rational(3, 5)), ("abs", sp.Integer(3)),
                                    ("erf", sp.Rational(2, 3)), ("cos", sp.Rational(5, 2)),
                                    ("elu", sp.Rational(3, 2)),
                                    pytest.param("sin", sp.Rational(3, 4), marks=SLOW),
                                    pytest.param("gelu", sp.Rational(3, 2), marks=SLOW),
                                    pytest.param("linear", sp.Integer(5), marks=SLOW)])
def test_exact_moments_match_independent_quadrature_30_digits(name, q):
    exact = gaussian_moments(name, q=q)
    phi, dphi, breaks = REFS[name]
    ref = ref_moments(phi, dphi, q, breaks)
    num = gaussian_moments(name, q=q, dps=30)
    for k in KEYS:
        assert close(exact[k], ref[k]), (name, k, exact[k], ref[k])
        assert close(num[k], ref[k]), (name, k)
        assert num.errors[k] < mpmath.mpf(10)**-29


def test_polynomial_activation_against_sympy_integrate():
    act = activation(x**3 - 2 * x + 1)
    q = sp.Rational(5, 3)
    t = sp.Symbol("t", real=True)
    w = sp.exp(-t**2 / 2) / sp.sqrt(2 * sp.pi)
    f = (t**3 * q**sp.Rational(3, 2) - 2 * sp.sqrt(q) * t + 1)
    m = gaussian_moments(act, q=q)
    assert m["E_phi2"] == sp.integrate(sp.expand(f**2) * w, (t, -sp.oo, sp.oo))
    # Gaussian moments E t^{2k} = (2k - 1)!! for the rest
    dphi2 = sp.Poly(sp.expand((3 * q * t**2 - 2)**2), t)
    assert m["E_dphi2"] == sum(c * sp.factorial2(k - 1) for (k,), c in dphi2.terms() if k % 2 == 0)
    assert m["E_xi2_phi"] == 3 * 0 - 2 * 0 + 1 and m["E_phi"] == 1


def test_cos_moments_symbolic_q():
    m = gaussian_moments("cos", q=Q)
    assert m["E_phi"] == sp.exp(-Q / 2)
    assert sp.simplify(m["E_phi2"] - (1 + sp.exp(-2 * Q)) / 2) == 0
    assert sp.simplify(m["E_xi2_phi"] - (1 - Q) * sp.exp(-Q / 2)) == 0


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "softplus",
                                  pytest.param("silu", marks=SLOW),
                                  pytest.param("gelu", marks=SLOW),
                                  "erf", "sin"])
def test_stein_identities_numeric(name):
    q = sp.Rational(13, 10)
    m = gaussian_moments(name, q=q, dps=25)
    d2 = gaussian_expectation(name, q=q, derivative=2, dps=25)
    tol = mpmath.mpf(10)**-23
    with mpmath.workdps(40):
        qm = mpmath.mpf(13) / 10
        # E xi phi(sqrt q xi) = sqrt(q) E phi'(sqrt q xi)
        assert close(m["E_xi_phi"], mpmath.sqrt(qm) * m["E_dphi"], tol)
        # E xi^2 phi = E phi + q E phi''  (smooth phi)
        assert close(m["E_xi2_phi"], m["E_phi"] + qm * d2, tol)


def test_tanh_has_no_closed_form_and_says_so():
    with pytest.raises(RmtsymError, match="pass dps"):
        gaussian_moments("tanh")
    with pytest.raises(RmtsymError, match="pass dps"):
        gaussian_expectation("softplus", q=2, power=2)


def test_tanh_numeric_against_reference():
    q = sp.Rational(9, 7)
    m = gaussian_moments("tanh", q=q, dps=30)
    ref = ref_moments(mpmath.tanh, lambda h: mpmath.sech(h)**2, q)
    for k in KEYS:
        assert close(m[k], ref[k]), k


def test_hermite_coefficients():
    # cos: c_k = (-1)^{k/2} q^{k/2} e^{-q/2} / k! for even k, 0 for odd k
    cs = hermite_coefficients("cos", 6, q=Q)
    for k, c in enumerate(cs):
        want = 0 if k % 2 else \
            (-1)**(k // 2) * Q**sp.Rational(k, 2) * sp.exp(-Q / 2) / sp.factorial(k)
        assert sp.simplify(c - want) == 0
    # relu: exact vs numeric, and Parseval partial sums increase to E phi^2
    q = sp.Rational(3, 2)
    ex = hermite_coefficients("relu", 5, q=q)
    nu = hermite_coefficients("relu", 5, q=q, dps=25)
    for a, b in zip(ex, nu):
        assert close(a, b, mpmath.mpf(10)**-23)
    assert ex[0] == gaussian_expectation("relu", q)
    assert ex[1] == gaussian_expectation("relu", q, xi_power=1)
    parseval = sum(sp.factorial(k) * c**2 for k, c in enumerate(ex))
    assert sp.N(parseval) < sp.N(q / 2)
    assert sp.N(q / 2 - parseval) < 0.01


# ---------------------------------------------------------------------------
# centred / normalised, named constants
# ---------------------------------------------------------------------------
def test_centered_and_normalized():
    q = sp.Rational(5, 2)
    s = normalized("relu", q=q)
    m = gaussian_moments(s, q=q)
    assert sp.simplify(m["E_phi"]) == 0 and sp.simplify(m["E_phi2"] - 1) == 0
    c = centered("hardtanh", q=q)
    assert sp.simplify(gaussian_expectation(c, q)) == 0
    t = normalized("tanh", q=q, dps=25)
    mt = gaussian_moments(t, q=q, dps=20)
    assert abs(mt["E_phi"]) < 1e-19 and abs(mt["E_phi2"] - 1) < 1e-18
    with pytest.raises(RmtsymError, match="constant"):
        normalized(activation(sp.Integer(3)))


def test_pw17_constants():
    assert pw17_constants("linear", sigma_w2=2, sigma_x2=sp.Rational(3, 2)) == (3, 3)
    eta, zeta = pw17_constants("relu", sigma_w2=2, sigma_x2=sp.Rational(3, 2))   # q = 3
    assert sp.simplify(eta - (sp.Rational(3, 2) - 3 / (2 * sp.pi))) == 0
    assert zeta == sp.Rational(3, 4)
    eta, zeta = pw17_constants("relu", center=False)
    assert (eta, zeta) == (sp.Rational(1, 2), sp.Rational(1, 4))
    # zeta = c_1^2 and eta - zeta = sum_{k >= 2} k! c_k^2 >= 0
    eta, zeta = pw17_constants("tanh", dps=25, sigma_w2=sp.Rational(3, 2), sigma_x2=2)
    c = hermite_coefficients("tanh", 1, q=3, dps=25)
    with mpmath.workdps(40):
        assert close(zeta, c[1]**2, mpmath.mpf(10)**-23)
    assert 0 < zeta < eta
    with pytest.raises(RmtsymError, match="sigma_w2"):
        pw17_constants("relu", sigma_w2=0)


def test_survey_zeta_erratum():
    """Seed 002, §4.2 prints zeta with sigma'^2 inside the integral; that
    version exceeds eta for sin at q = 4, impossible for PW17's zeta."""
    q = 4
    eta, zeta = pw17_constants("sin", sigma_w2=q, center=False)
    survey_zeta = (sp.sqrt(q) * gaussian_expectation("sin", q, power=2, derivative=1))**2
    assert sp.simplify(zeta - q * sp.exp(-q)) == 0
    assert sp.N(zeta) < sp.N(eta) < sp.N(survey_zeta)


def test_fisher_constants():
    assert fisher_constants("relu") == (sp.Rational(1, 2), sp.Rational(1, 2), sp.Rational(1, 4))
    eta, etap, zeta = fisher_constants("erf")
    assert sp.simplify(etap - 4 / (sp.sqrt(5) * sp.pi)) == 0
    assert sp.simplify(zeta - 4 / (3 * sp.pi)) == 0
    e2 = fisher_constants("tanh", dps=20)
    assert e2[2] <= e2[1]                                 # (E s')^2 <= E s'^2


def test_b_sigma():
    b = b_sigma("relu")
    # independent: E relu' = 1/2, Var relu(xi) = 1/2 - 1/(2 pi)
    assert sp.simplify(b - sp.Rational(1, 2) / sp.sqrt(sp.Rational(1, 2) - 1 / (2 * sp.pi))) == 0
    assert b_sigma("linear") == 1
    assert sp.simplify(b_sigma(normalized("relu")) - b) == 0
    bt = b_sigma("tanh", dps=25)
    with mpmath.workdps(40):
        ref = ref_quad(lambda t, h: mpmath.sech(h)**2, 1) / mpmath.sqrt(
            ref_quad(lambda t, h: mpmath.tanh(h)**2, 1))
        assert close(bt, ref, mpmath.mpf(10)**-23) and 0 < bt < 1
    assert b_sigma("cos") == 0


def test_benigni_peche_constants():
    c = benigni_peche_constants("relu")
    assert sp.simplify(c["E_sigma2"] - (sp.Rational(1, 2) - 1 / (2 * sp.pi))) == 0
    assert c["E_sigma_xi"] == sp.Rational(1, 2)
    # E xi^2 (relu - E relu) = sqrt(2/pi) - 1/sqrt(2 pi) = 1/sqrt(2 pi)
    assert sp.simplify(c["E_xi2_sigma"] - 1 / sp.sqrt(2 * sp.pi)) == 0
    assert c["spike_free"] is False
    assert benigni_peche_constants("erf")["spike_free"] is True
    assert benigni_peche_constants("tanh", dps=20)["spike_free"] is True
    assert benigni_peche_constants("softplus", dps=20)["spike_free"] is False


# ---------------------------------------------------------------------------
# mean field
# ---------------------------------------------------------------------------
def test_variance_map():
    assert variance_map("relu", 3, 2, sp.Rational(1, 10)) == sp.Rational(31, 10)
    assert variance_map("cos", 0, 2, sp.Rational(1, 10)) == sp.Rational(21, 10)
    v = variance_map("tanh", sp.Rational(1, 2), sp.Rational(3, 2), sp.Rational(1, 20), dps=25)
    with mpmath.workdps(40):
        ref = mpmath.mpf(3) / 2 * ref_quad(lambda t, h: mpmath.tanh(h)**2, sp.Rational(1, 2)) \
            + mpmath.mpf(1) / 20
        assert close(v, ref, mpmath.mpf(10)**-24)
    with pytest.raises(RmtsymError, match="q"):
        variance_map("relu", -1, 2, 0)
    with pytest.raises(RmtsymError, match="sigma_b2"):
        variance_map("relu", 1, 2, -1)


def test_mean_field_tanh_two_routes_25_digits():
    root = mean_field("tanh", 1.5, 0.05, dps=28, method="root")
    it = mean_field("tanh", 1.5, 0.05, dps=28, method="iterate", q0=1)
    tol = mpmath.mpf(10)**-25
    assert abs(root.q_star - it.q_star) < tol
    assert abs(root.chi - it.chi) < tol
    # the fixed point equation by an independent quadrature
    with mpmath.workdps(40):
        qs = root.q_star
        lhs = mpmath.mpf(3) / 2 * ref_quad(lambda t, h: mpmath.tanh(h)**2, qs) + mpmath.mpf(1) / 20
        assert abs(lhs - qs) < tol
        chi = mpmath.mpf(3) / 2 * ref_quad(lambda t, h: mpmath.sech(h)**4, qs)
        assert abs(chi - root.chi) < tol
    assert root.phase == "ordered" and not root.exact
    assert mpmath.nstr(root.q_star, 12) == "0.418037200533"


def test_mean_field_exact_relu_and_linear():
    sw, sb = sp.Rational(3, 2), sp.Rational(1, 20)
    mf = mean_field("relu", sw, sb)
    assert mf.exact and mf.q_star == sb / (1 - sw / 2) and mf.chi == sw / 2
    mf = mean_field("linear", sp.Rational(1, 2), 1)
    assert (mf.q_star, mf.chi) == (2, sp.Rational(1, 2))
    mf = mean_field("abs", sp.Rational(1, 2), 1)
    assert (mf.q_star, mf.chi) == (2, sp.Rational(1, 2))


def test_mean_field_relu_divergence_and_critical_line():
    with pytest.raises(RmtsymError, match="diverge|grows without bound"):
        mean_field("relu", 3, sp.Rational(1, 10))
    with pytest.raises(RmtsymError, match="grows without bound"):
        mean_field("relu", 2, sp.Rational(1, 10))
    with pytest.raises(RmtsymError, match="every q is a fixed point"):
        mean_field("relu", 2, 0)


def test_mean_field_erf_against_closed_form_equation():
    # E erf(sqrt q xi)^2 = (2/pi) asin(2q/(1+2q)): solve q = sw * that + sb independently
    sw, sb = sp.Rational(5, 2), sp.Rational(1, 5)
    mf = mean_field("erf", sw, sb, dps=25)
    with mpmath.workdps(40):
        f = lambda q: mpmath.mpf(5) / 2 * 2 / mpmath.pi * mpmath.asin(2 * q / (1 + 2 * q)) \
            + mpmath.mpf(1) / 5 - q
        ref = mpmath.findroot(f, (mpmath.mpf("0.01"), mpmath.mpf(5)), solver="anderson")
        chi = mpmath.mpf(5) / 2 * 4 / mpmath.pi / mpmath.sqrt(1 + 4 * ref)
    assert abs(mf.q_star - ref) < mpmath.mpf(10)**-23
    assert abs(mf.chi - chi) < mpmath.mpf(10)**-23


def test_mean_field_trivial_fixed_point():
    mf = mean_field("tanh", sp.Rational(9, 10), 0, dps=20)
    with mpmath.workdps(30):
        assert mf.q_star == 0 and abs(mf.chi - mpmath.mpf(9) / 10) < 1e-19
    mf = mean_field("tanh", sp.Rational(6, 5), 0, dps=20)
    assert mf.q_star > 0 and mf.phase == "chaotic"


def test_mean_field_bad_input():
    with pytest.raises(RmtsymError, match="sigma_w2"):
        mean_field("tanh", 0, 1)
    with pytest.raises(RmtsymError, match="sigma_b2"):
        mean_field("tanh", 1, -0.5)
    with pytest.raises(RmtsymError, match="method"):
        mean_field("tanh", 1, 1, method="newton")
    with pytest.raises(RmtsymError, match="closed-form"):
        mean_field("tanh", 1, 1, method="exact")


# ---------------------------------------------------------------------------
# nu_K
# ---------------------------------------------------------------------------
def test_mask_law_relu_bernoulli():
    sw = sp.Rational(3, 2)
    law = mask_law("relu", sp.Rational(7, 5), sigma_w2=sw)
    assert law.moments(4) == [1] + [sw**k / 2 for k in range(1, 5)]
    assert law.moments(4) == mask_law_moments("relu", sp.Rational(7, 5), 4, sigma_w2=sw)
    law = mask_law("leaky_relu", 2, sigma_w2=2)
    assert law.moments(2) == mask_law_moments("leaky_relu", 2, 2, sigma_w2=2)
    assert mask_law("linear", 3, sigma_w2=sw).moments(3) == [1, sw, sw**2, sw**3]


def normal_cdf(t):
    """Phi(t) = (1 + erf(t/sqrt 2))/2, written here."""
    return (1 + sp.erf(t / sp.sqrt(2))) / 2


@pytest.mark.parametrize("q", [sp.Rational(1, 2), sp.Integer(3), Q])
def test_mask_law_hardtanh_bernoulli(q):
    sw = sp.Rational(5, 4)
    law = mask_law("hardtanh", q, sigma_w2=sw)
    # P(|h| < 1) = Phi(1/sqrt q) - Phi(-1/sqrt q), h ~ N(0, q)
    p = normal_cdf(1 / sp.sqrt(q)) - normal_cdf(-1 / sp.sqrt(q))
    want = [sp.expand(p * sw**k + (1 - p) * 0**k) for k in range(5)]
    if q.is_number:
        # an exact atoms law, the irrational weight carried as a constant
        assert isinstance(law, AlgebraicMeasure)
        assert any(v.has(sp.erf) for v in law.constants.values())
    else:
        # erf(1/sqrt(2 q)) of a symbol is not a constant atoms() can carry
        assert isinstance(law, DiscreteLaw)
        assert sp.simplify(law.weights[sw] - p) == 0
    got = law.moments(4)
    for a, b in zip(got, want):
        assert sp.simplify(sp.expand_func(a - b)) == 0
    direct = mask_law_moments("hardtanh", q, 4, sigma_w2=sw)
    for a, b in zip(got, direct):
        assert sp.simplify(a - b) == 0


def test_mask_law_hardtanh_numeric_atoms_cdf_stieltjes():
    # the atoms law evaluated numerically (irrational constant erf(1/sqrt(2q))),
    # against weights from mpmath's normal CDF written here
    q, sw = sp.Rational(2, 3), sp.Rational(5, 2)
    law = mask_law("hardtanh", q, sigma_w2=sw)
    with mpmath.workdps(40):
        s = mpmath.sqrt(mpmath.mpf(2) / 3)
        p = mpmath.ncdf(1 / s) - mpmath.ncdf(-1 / s)
        w0, w1, loc = 1 - p, p, mpmath.mpf(5) / 2
        tol = mpmath.mpf(10)**-24
        ats = law.atoms(dps=25)
        assert len(ats) == 2
        assert abs(ats[0][0]) < tol and abs(ats[0][1] - w0) < tol
        assert abs(ats[1][0] - loc) < tol and abs(ats[1][1] - w1) < tol
        for z in (mpmath.mpf(3), mpmath.mpf(-1), mpmath.mpc("1.25", "0.5")):
            want = w0 / (0 - z) + w1 / (loc - z)
            assert abs(law.stieltjes(z, dps=25) - want) < tol * abs(want)
        assert abs(law.cdf(1, dps=25) - w0) < tol
        assert abs(law.cdf(3, dps=25) - 1) < tol
        assert abs(law.cdf(-1, dps=25)) < tol
    # exact moments = sum w loc^k, numerically too
    m = law.moments(4)
    with mpmath.workdps(40):
        for k in range(5):
            assert abs(mpmath.mpf(sp.N(m[k], 40)) - (w0 * 0**k + w1 * loc**k)) < tol


@pytest.mark.parametrize("name,q,sw", [("tanh", sp.Rational(7, 10), sp.Rational(3, 2)),
                                       ("sigmoid", sp.Rational(5, 2), 2),
                                       ("erf", sp.Rational(6, 5), sp.Rational(1, 2)),
                                       pytest.param("cos", sp.Rational(3, 2), sp.Rational(2, 3),
                                                    marks=SLOW),
                                       pytest.param("sin", sp.Rational(1, 3), 3, marks=SLOW)])
def test_mask_law_density_moments_match_gaussian_integrals(name, q, sw):
    law = mask_law(name, q, sigma_w2=sw)
    want = mask_law_moments(name, q, 3, sigma_w2=sw, dps=20)
    # the change-of-variables density integrated in y ...
    got = law.density_moments(3, dps=12)
    for k, (a, b) in enumerate(zip(got, want)):
        assert abs(a - b) < mpmath.mpf(10)**-11 * max(1, abs(b)), (name, k)
    # ... and the law's own moments (Gaussian integrals in h when NumericMeasure)
    got = law.moments(3, dps=18)
    for k, (a, b) in enumerate(zip(got, want)):
        assert abs(a - b) < mpmath.mpf(10)**-17 * max(1, abs(b)), (name, k)


def test_tanh_mask_density_pointwise_against_cdf_derivative():
    # P(Y <= y) = P(|h| >= a(y)) = erfc(a / sqrt(2 q)), a = acosh((sw/y)^{1/4})
    q, sw = sp.Rational(7, 10), sp.Rational(3, 2)
    law = mask_law("tanh", q, sigma_w2=sw)
    with mpmath.workdps(30):
        qm, swm = mpmath.mpf(7) / 10, mpmath.mpf(3) / 2

        def cdf(y):
            a = mpmath.acosh((swm / y)**(mpmath.mpf(1) / 4))
            return mpmath.erfc(a / mpmath.sqrt(2 * qm))
        for y in ("0.05", "0.7", "1.4", "1.49"):
            ref = mpmath.diff(cdf, mpmath.mpf(y))
            assert abs(law.density(mpmath.mpf(y), dps=20) - ref) < mpmath.mpf(10)**-18 * abs(ref)


def test_mask_law_mean_is_chi_at_fixed_point():
    mf = mean_field("tanh", 1.5, 0.05, dps=20)
    law = mask_law("tanh", mf.q_star, sigma_w2=mf.sigma_w2)
    assert abs(law.moments(1, dps=15)[1] - mf.chi) < 1e-14
    mf = mean_field("relu", sp.Rational(3, 2), sp.Rational(1, 20))
    assert mf.mask_law().moments(1)[1] == mf.chi


@pytest.mark.slow
def test_mask_law_generic_smooth_numeric_inversion():
    for expr in ("atan(x)", "softplus", "x**3/3 + x"):
        law = mask_law(expr, sp.Rational(3, 2), sigma_w2=2)
        got = law.density_moments(2, dps=12)
        want = mask_law_moments(expr, sp.Rational(3, 2), 2, sigma_w2=2, dps=15)
        for a, b in zip(got, want):
            assert abs(a - b) < mpmath.mpf(10)**-11 * max(1, abs(b)), expr


# -- several preimage branches (gelu, silu, cos 2x) ---------------------------
# phi' written here as plain mpmath callables (independent of the library)
BRANCHY = {
    "gelu": lambda h: mpmath.ncdf(h) + h * mpmath.npdf(h),
    "silu": lambda h: (lambda s: s * (1 + h * (1 - s)))(1 / (1 + mpmath.exp(-h))),
    "cos(2*x)": lambda h: -2 * mpmath.sin(2 * h),
}
BRANCHY_PARAMS = {"gelu": (sp.Rational(7, 10), sp.Rational(3, 2)),
                  "silu": (sp.Rational(13, 10), sp.Rational(5, 4)),
                  "cos(2*x)": (sp.Rational(1, 2), sp.Rational(2, 3))}


def branchy_ref(name, f, dps=40):
    """E f(g(h)), g = sw phi'(h)^2, h ~ N(0, q), by mpmath.quad over h split
    at a few points (direct Gaussian quadrature, no inversion)."""
    q, sw = BRANCHY_PARAMS[name]
    dphi = BRANCHY[name]
    with mpmath.workdps(dps):
        qm, swm = mpmath.mpf(sp.N(q, dps + 5)), mpmath.mpf(sp.N(sw, dps + 5))
        pts = [-mpmath.inf] + [mpmath.mpf(k) / 2 for k in range(-16, 17)] + [mpmath.inf]
        return mpmath.quad(lambda h: f(swm * dphi(h)**2) * mpmath.npdf(h, 0, mpmath.sqrt(qm)),
                           pts)


def test_mask_law_gelu_support_and_critical_points():
    # gelu: phi'' = N(h) (2 - h^2): extrema of phi' at h = +-sqrt(2); the support
    # is [0, sw phi'(sqrt 2)^2] (phi' has a zero, phi' -> 1 at +inf)
    q, sw = BRANCHY_PARAMS["gelu"]
    law = mask_law("gelu", q, sigma_w2=sw)
    with mpmath.workdps(40):
        top = mpmath.mpf(3) / 2 * BRANCHY["gelu"](mpmath.sqrt(2))**2
        (a, b), = law.support(dps=30)
        assert a == 0 and abs(b - top) < mpmath.mpf(10)**-29
        inv = law._inv
        crit = inv.structure()["crit"]
        r2 = mpmath.sqrt(2)
        assert any(abs(c - r2) < mpmath.mpf(10)**-35 for c in crit)
        assert any(abs(c + r2) < mpmath.mpf(10)**-35 for c in crit)
        z = mpmath.findroot(BRANCHY["gelu"], -0.75)          # the zero of phi'
        assert any(abs(c - z) < mpmath.mpf(10)**-35 for c in crit)


@pytest.mark.parametrize("name", ["gelu", "silu", "cos(2*x)"])
def test_mask_law_several_branches_moments_20_digits(name):
    # the law's moments (NumericMeasure.moments, Gaussian integrals in h) vs the
    # direct quadrature written here, k = 0..4, 20 digits
    q, sw = BRANCHY_PARAMS[name]
    got = mask_law(name, q, sigma_w2=sw).moments(4, dps=20)
    for k in range(5):
        want = branchy_ref(name, lambda y, k=k: y**k, dps=35)
        assert abs(got[k] - want) < mpmath.mpf(10)**-20 * max(1, abs(want)), (name, k)


@pytest.mark.slow
@pytest.mark.parametrize("name,dps,n", [("gelu", 20, 4), ("silu", 8, 2), ("cos(2*x)", 8, 2)])
def test_mask_law_several_branches_density_moments(name, dps, n):
    # the change-of-variables density (sum over all preimages) integrated in y,
    # split at the critical values, vs the direct quadrature over h; and its
    # Stieltjes transform at a complex z
    q, sw = BRANCHY_PARAMS[name]
    law = mask_law(name, q, sigma_w2=sw)
    got = law.density_moments(n, dps=dps)
    for k in range(n + 1):
        want = branchy_ref(name, lambda y, k=k: y**k, dps=dps + 15)
        assert abs(got[k] - want) < mpmath.mpf(10)**-dps * max(1, abs(want)), (name, k)
    if name == "gelu":                  # (time budget: one activation)
        z = mpmath.mpc("0.5", "0.25")
        ref = branchy_ref(name, lambda y: 1 / (y - z), dps=30)
        assert abs(law.density_stieltjes(z, dps=6) - ref) < mpmath.mpf(10)**-5 * abs(ref)


def _preimages_by_findroot(dphi, sw, y, lo=-12, hi=12, step=mpmath.mpf(1) / 32):
    """All h in [lo, hi] with sw dphi(h)^2 = y: sign changes on a grid, then
    mpmath.findroot (anderson) in each bracket."""
    def f(h):
        return sw * dphi(h)**2 - y
    out = []
    t = mpmath.mpf(lo)
    ft = f(t)
    while t < hi:
        u = t + step
        fu = f(u)
        if ft * fu < 0:
            out.append(mpmath.findroot(f, (t, u), solver="anderson"))
        t, ft = u, fu
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name,ys", [("gelu", ["0.01", "1.9"]),
                                     ("cos(2*x)", ["1.5"])])
def test_mask_law_several_branches_cdf(name, ys):
    # P(Y <= y) = Gaussian mass of {h: g(h) <= y}, the set cut at preimages
    # found here by findroot on a grid (a route independent of the library's
    # critical points and Newton inversion)
    q, sw = BRANCHY_PARAMS[name]
    law = mask_law(name, q, sigma_w2=sw)
    dphi = BRANCHY[name]
    with mpmath.workdps(30):
        qm, swm = mpmath.mpf(sp.N(q, 35)), mpmath.mpf(sp.N(sw, 35))
        s = mpmath.sqrt(qm)
        for y in ys:
            y = mpmath.mpf(y)
            roots = _preimages_by_findroot(dphi, swm, y)
            cuts = [-mpmath.inf] + roots + [mpmath.inf]
            ref = mpmath.mpf(0)
            for a, b in zip(cuts, cuts[1:]):
                mid = (a + b) / 2 if mpmath.isfinite(a + b) else \
                    (b - 1 if mpmath.isfinite(b) else (a + 1 if mpmath.isfinite(a) else 0))
                if swm * dphi(mid)**2 <= y:
                    ref += mpmath.ncdf(b / s) - mpmath.ncdf(a / s)
            got = law.cdf(y, dps=8)
            assert abs(got - ref) < mpmath.mpf(10)**-7, (name, y)


@pytest.mark.parametrize("name", ["gelu", "silu", "cos(2*x)"])
def test_mask_law_several_branches_stieltjes(name):
    # m(z) = E 1/(g(h) - z) by direct quadrature over h, vs the law's
    # stieltjes (the density route is in the slow density-moments test)
    q, sw = BRANCHY_PARAMS[name]
    law = mask_law(name, q, sigma_w2=sw)
    for z in (mpmath.mpc("0.5", "0.25"), mpmath.mpc(-1, 0)):
        ref = branchy_ref(name, lambda y: 1 / (y - z), dps=30)
        got = law.stieltjes(z, dps=15)
        assert abs(got - ref) < mpmath.mpf(10)**-14 * abs(ref), (name, z)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("q", [0, -1, sp.Rational(-1, 2), -Q])
def test_nonpositive_variance_raises(q):
    with pytest.raises(RmtsymError, match="q must be"):
        gaussian_moments("relu", q=q)
    with pytest.raises(RmtsymError, match="q must be"):
        mask_law("relu", q)


def test_unknown_activation_raises():
    with pytest.raises(RmtsymError, match="unknown activation"):
        gaussian_moments("rleu")


def test_non_differentiable_where_derivative_needed():
    step = sp.Heaviside(x)
    assert gaussian_expectation(step, q=2) == sp.Rational(1, 2)   # no derivative needed
    with pytest.raises(RmtsymError, match="not differentiable"):
        gaussian_moments(step, q=2)
    with pytest.raises(RmtsymError, match="not differentiable"):
        mask_law(sp.Piecewise((x, x < 0), (x + 1, True)), 1)
    with pytest.raises(RmtsymError, match="not differentiable"):
        b_sigma(step)


def test_bad_dps_and_symbolic_q_with_dps():
    with pytest.raises(RmtsymError, match="dps"):
        gaussian_moments("relu", dps=0)
    with pytest.raises(RmtsymError, match="q must be a number"):
        gaussian_moments("tanh", q=Q, dps=20)


def test_convergence_error_is_rmtsym_error():
    assert issubclass(ConvergenceError, RmtsymError)


def test_mask_law_is_a_numeric_measure():
    from rmtsym.numerics import NumericMeasure
    law = mask_law("tanh", sp.Rational(1, 2))
    assert isinstance(law, NumericMeasure) and law.nonnegative
    assert [(float(a), float(b)) for a, b in law.support(dps=15)] == [(0.0, 1.0)]
    assert law.atoms(dps=15) == []
    # erf at large q: most of the mass below y = 1e-30; the moments still converge
    law = mask_law("erf", 40)
    m = law.moments(2, dps=20)
    want = mask_law_moments("erf", 40, 2, dps=20)
    assert all(abs(a - b) < mpmath.mpf(10)**-19 for a, b in zip(m, want))


def test_mask_law_cdf_and_stieltjes():
    q, sw = sp.Rational(7, 10), sp.Rational(3, 2)
    law = mask_law("tanh", q, sigma_w2=sw)
    with mpmath.workdps(30):
        a = mpmath.acosh((mpmath.mpf(3) / 2 / mpmath.mpf("0.7"))**(mpmath.mpf(1) / 4))
        ref_cdf = mpmath.erfc(a / mpmath.sqrt(2 * mpmath.mpf(7) / 10))
        # m(z) = E 1/(Y - z) at z = -1, directly as a Gaussian integral
        ref_m = ref_quad(lambda t, h: 1 / (mpmath.mpf(3) / 2 * mpmath.sech(h)**4 + 1), q)
        assert abs(law.cdf(mpmath.mpf("0.7"), dps=15) - ref_cdf) < 1e-14
        assert abs(law.stieltjes(-1, dps=15) - ref_m) < 1e-14
    d = mask_law("hardtanh", 1, sigma_w2=2)
    p = sp.erf(1 / sp.sqrt(2))
    with mpmath.workdps(30):
        want = mpmath.mpf(sp.N((1 - p) / (0 - 3) + p / (2 - 3), 35))
        assert abs(d.stieltjes(3, dps=25) - want) < mpmath.mpf(10)**-24
        assert abs(d.cdf(1, dps=25) - mpmath.mpf(sp.N(1 - p, 35))) < mpmath.mpf(10)**-24


def test_mean_field_polynomial_activation_exact_vs_root():
    # E (h + h^2/2)^2 = q + 3 q^2/4: q* solves 3q^2/8 - q/2 + 1/10 = 0 (smaller root)
    act = x + x**2 / 2
    mf = mean_field(act, sp.Rational(1, 2), sp.Rational(1, 10))
    assert mf.exact and sp.simplify(mf.q_star - (sp.Rational(2, 3) - 2 * sp.sqrt(10) / 15)) == 0
    # chi = sw E (1 + h)^2 = (1 + q*)/2
    assert sp.simplify(mf.chi - (1 + mf.q_star) / 2) == 0
    # a cubic: the exact CRootOf and the numeric root-finder agree
    cub = x**3 - x
    ex = mean_field(cub, sp.Rational(1, 5), sp.Rational(1, 10))
    nu = mean_field(cub, sp.Rational(1, 5), sp.Rational(1, 10), method="root", dps=25)
    with mpmath.workdps(30):
        assert abs(mpmath.mpf(sp.N(ex.q_star, 30)) - nu.q_star) < mpmath.mpf(10)**-23
        assert abs(mpmath.mpf(sp.N(ex.chi, 30)) - nu.chi) < mpmath.mpf(10)**-23


@pytest.mark.parametrize("name,sw,sb", [("cos", 1, sp.Rational(1, 10)), ("sin", 3, 0),
                                        ("sin", 2, sp.Rational(1, 3))])
def test_mean_field_lambert_w_exact_vs_root(name, sw, sb):
    ex = mean_field(name, sw, sb)
    assert ex.exact and ex.q_star.has(sp.LambertW)
    nu = mean_field(name, sw, sb, method="root", dps=25)
    with mpmath.workdps(30):
        assert abs(mpmath.mpf(sp.N(ex.q_star, 30)) - nu.q_star) < mpmath.mpf(10)**-23
        assert abs(mpmath.mpf(sp.N(ex.chi, 30)) - nu.chi) < mpmath.mpf(10)**-23
    # the exact q* solves the exact variance map
    assert sp.N(variance_map(name, ex.q_star, sw, sb) - ex.q_star, 40) == 0 or \
        abs(sp.N(variance_map(name, ex.q_star, sw, sb) - ex.q_star, 40)) < 1e-35


def test_mask_law_stieltjes_near_the_support():
    # m(z) = E 1/(sech^4(h) - z), z = 1/2 + 1e-3 i inside the support (0, 1): the
    # reference splits the h-integral at the preimages +-acosh(2^{1/4}) of Re z
    law = mask_law("tanh", sp.Rational(1, 2))
    with mpmath.workdps(40):
        z = mpmath.mpc("0.5", "1e-3")
        h0 = mpmath.acosh(mpmath.mpf(2)**(mpmath.mpf(1) / 4))
        q = mpmath.mpf(1) / 2

        def f(h):
            return mpmath.npdf(h, 0, mpmath.sqrt(q)) / (mpmath.sech(h)**4 - z)
        pts = [-mpmath.inf, -h0 - 0.1, -h0, -h0 + 0.1, 0, h0 - 0.1, h0, h0 + 0.1, mpmath.inf]
        ref = mpmath.quad(f, pts)
        got = law.stieltjes(z, dps=12)
        assert abs(got - ref) < mpmath.mpf(10)**-11 * abs(ref)


# ---------------------------------------------------------------------------
# module layout (issue 11): one subject per module, the flat API maps to it
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("module, names", [
    ("integrals", ["gaussian_expectation", "gaussian_moments", "GaussianMoments", "hermite_coefficients",
                   "centered", "normalized"]),
    ("constants", ["pw17_constants", "fisher_constants", "b_sigma", "benigni_peche_constants"]),
    ("meanfield", ["variance_map", "mean_field", "MeanField"]),
    ("pushforward", ["mask_law", "mask_law_moments", "DiscreteLaw", "ChangeOfVariablesLaw"]),
])
def test_gaussian_names_live_in_their_subject_module(module, names):
    import importlib
    import pathlib
    import rmtsym
    import rmtsym.gaussian as g
    mod = importlib.import_module(f"rmtsym.gaussian.{module}")
    assert sorted(mod.__all__) == sorted(names)
    for n in names:
        obj = getattr(mod, n)
        assert obj.__module__ == mod.__name__, n              # defined there, not re-exported
        assert getattr(g, n) is obj
        if n in rmtsym.__all__:
            assert getattr(rmtsym, n) is obj
    # the split keeps each module of the sub-package under 1000 lines
    for f in pathlib.Path(g.__file__).parent.glob("*.py"):
        assert len(f.read_text(encoding="utf-8").splitlines()) < 1000, f.name


def _tanh_mask_density(y, q, sw):
    """Density of sw * sech(h)^4, h ~ N(0, q), by hand: the two preimages +-h0."""
    h0 = mpmath.asech((y / sw) ** (mpmath.mpf(1) / 4))
    phi = mpmath.exp(-h0**2 / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)
    return 2 * phi / (4 * y * mpmath.tanh(h0))


@pytest.mark.parametrize("x", ["0.3", "2e-8"])
def test_mask_law_stieltjes_at_the_axis_by_the_detour(x):
    """m(x + i eps) of nu_K(tanh) with eps = 1e-40 inside the support (Gaussian
    integral round the pole), against the closed-form density: Im m / pi -> rho(x)
    with an O(eps) error; the plain split quadrature cannot reach it."""
    q, sw = sp.Rational(3, 5), sp.Rational(3, 2)
    law = mask_law("tanh", q, sigma_w2=sw)
    with mpmath.workdps(50):
        xv = mpmath.mpf(x) * sw           # an mpf at 50 digits: the same x on both sides
        w = mpmath.mpc(xv, mpmath.mpf(10) ** -40)      # O(eps rho / x) below 1e-30
        rho = _tanh_mask_density(xv, mpmath.mpf(3) / 5, mpmath.mpf(3) / 2)
        splits = law._preimages(xv, 40)
        with pytest.raises(ConvergenceError):
            law._gauss(lambda y: 1 / (w - y), 40, splits)
    m = law.stieltjes(w, dps=30)
    with mpmath.workdps(50):
        assert abs(m.imag / mpmath.pi - rho) < mpmath.mpf(10) ** -25 * rho


def test_mask_law_detour_path_equals_the_real_line():
    """The detour path gives the same Gaussian integral as the real line where the
    latter converges (Cauchy's theorem), and as an independent quadrature in h."""
    q, sw = sp.Rational(3, 5), sp.Rational(3, 2)
    law = mask_law("tanh", q, sigma_w2=sw)
    with mpmath.workdps(40):
        w = mpmath.mpc("0.45", "0.002")
        splits = law._preimages(w.real, 40)
        path = law._detour_path(w, splits, 40)
        assert any(isinstance(p, mpmath.mpc) for p in path)
        a = law._gauss(lambda y: 1 / (w - y), 40, path=path)[0]
        b = law._gauss(lambda y: 1 / (w - y), 40, splits)[0]
        s = mpmath.sqrt(mpmath.mpf(3) / 5)
        h0 = abs(splits[0]) * s

        def f(h):
            return mpmath.exp(-h * h / (2 * s * s)) / (s * mpmath.sqrt(2 * mpmath.pi)) / (
                w - mpmath.mpf(3) / 2 * mpmath.sech(h) ** 4)
        c = mpmath.quad(f, [-mpmath.inf, -h0, 0, h0, mpmath.inf], maxdegree=12)
    assert abs(a - b) < mpmath.mpf(10) ** -30 * abs(b)
    assert abs(a - c) < mpmath.mpf(10) ** -25 * abs(c)
