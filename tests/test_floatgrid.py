"""The float64 density grid (numerics.floatgrid) against the 30-digit route, on laws of degree
2 to 10 with atoms, gaps and hard edges; it must never take a wrong branch."""

import mpmath
import numpy as np
import pytest
import sympy

import rmtsym
from rmtsym import numerics
from rmtsym.numerics import floatgrid
from rmtsym.numerics.floatgrid import density_grid_float, last_grid_stats

R = sympy.Rational
LAWS = {
    "SC(3/2)": lambda: rmtsym.semicircle(R(3, 2)),                                  # d = 2
    "MP(2) atom": lambda: rmtsym.marchenko_pastur(2, R(3, 2)),                      # atom at 0
    "SC+MP(1/2)": lambda: rmtsym.free_add(rmtsym.semicircle(1), rmtsym.marchenko_pastur(R(1, 2))),
    "MP(1/2)*MP(1/3)*MP(2/3)": lambda: rmtsym.free_mul(                           # d = 4: 2 upper roots
        rmtsym.marchenko_pastur(R(1, 2)), rmtsym.marchenko_pastur(R(1, 3)), rmtsym.marchenko_pastur(R(2, 3))),
    "MP(2)*MP(1) gap": lambda: rmtsym.free_mul(rmtsym.marchenko_pastur(2), rmtsym.marchenko_pastur(1)),
    "FC(2) hard edge": lambda: rmtsym.fuss_catalan(2),                             # rho ~ x^(-2/3) at 0
    "atoms+SC two intervals": lambda: rmtsym.free_add(rmtsym.atoms({-2: R(1, 3), 2: R(2, 3)}),
                                                       rmtsym.semicircle(R(1, 10))),
    "FC2+FC3 (d=10)": lambda: rmtsym.free_add(rmtsym.fuss_catalan(2), rmtsym.fuss_catalan(3)),
}


def _grid(mu, points):
    sup = numerics.support(mu, dps=20)
    a, b = float(sup[0][0]), float(sup[-1][1])
    return np.linspace(a - (b - a) / 20, b + (b - a) / 20, points), sup


@pytest.mark.parametrize("name", list(LAWS))
def test_float_grid_agrees_with_30_digits(name):
    mu = LAWS[name]()
    xs, sup = _grid(mu, 400)
    fast = density_grid_float(mu, xs)
    sub = np.arange(0, xs.size, 7)
    ref = np.array([float(v) for v in numerics.density(mu, [mpmath.mpf(float(x)) for x in xs[sub]], dps=30)])
    got = fast[sub]
    # away from the edges (distance > 1e-3 of the support's width): relative 1e-12
    width = float(sup[-1][1] - sup[0][0])
    edge = np.min([np.abs(xs[sub] - float(e)) for iv in sup for e in iv], axis=0)
    far = edge > 1e-3 * width
    assert np.all(np.abs(got[far] - ref[far]) <= 1e-12 * np.maximum(np.abs(ref[far]), 1e-3))
    # everywhere (edges included): absolute 1e-9 of the density's scale, zero outside the support
    assert np.all(np.abs(got - ref) <= 1e-9 * max(1.0, np.max(ref)))
    outside = np.ones(xs.size, dtype=bool)
    for a, b in sup:
        outside &= ~((xs >= float(a)) & (xs <= float(b)))
    assert np.all(fast[outside] == 0)


def test_largest_imaginary_part_is_wrong_but_the_grid_is_not():
    """MP(1/2) ⊠ MP(1/3) ⊠ MP(2/3): the largest-Im root of P(·, x) is not the physical one."""
    mu = LAWS["MP(1/2)*MP(1/3)*MP(2/3)"]()
    xs, _ = _grid(mu, 300)
    C = floatgrid._coefficients(numerics._curve(mu).af, xs)
    roots, _ = floatgrid._all_roots(C, mu.stieltjes_polynomial().degree(0))
    largest = np.max(roots.imag, axis=1).clip(0) / np.pi
    fast = density_grid_float(mu, xs)
    ref = np.array([float(v) for v in numerics.density(mu, [mpmath.mpf(float(x)) for x in xs], dps=20)])
    assert np.max(np.abs(largest - ref)) > 1e-2             # the rule is wrong somewhere
    assert np.max(np.abs(fast - ref)) < 1e-10               # the grid is right everywhere


def test_undecidable_points_are_refined_not_guessed(monkeypatch):
    """With the upper-half-plane roots of the batched solve flipped below the axis (the physical
    root missing everywhere), every point is handed to the high-precision continuation and the
    density is still right — never clipped to 0, never guessed."""
    mu = LAWS["MP(1/2)*MP(1/3)*MP(2/3)"]()
    xs, _ = _grid(mu, 60)
    good = density_grid_float(mu, xs)
    true_roots = floatgrid._all_roots

    def flipped(C, d):
        r, ok = true_roots(C, d)
        return np.where(r.imag > 0, np.conj(r), r), ok

    monkeypatch.setattr(floatgrid, "_all_roots", flipped)
    refined = density_grid_float(mu, xs)
    stats = last_grid_stats()
    assert stats["handed_over"] >= np.count_nonzero(good > 1e-3)
    np.testing.assert_allclose(refined, good, rtol=1e-12, atol=1e-14)


def test_bad_input():
    with pytest.raises(rmtsym.RmtsymError, match="finite"):
        density_grid_float(rmtsym.semicircle(1), np.array([0.0, np.nan]))
    c = sympy.Symbol("c", positive=True)
    with pytest.raises(rmtsym.RmtsymError, match="free parameters"):
        density_grid_float(rmtsym.marchenko_pastur(c), np.array([1.0]))


@pytest.mark.parametrize("name", list(LAWS))
def test_30_digit_grid_polished_from_the_float_roots(name):
    """numerics.density_grid (float roots + ball Newton) vs the mpmath continuation at 30 digits,
    and its error bound vs the difference to a 45-digit reference."""
    from rmtsym.numerics import density_grid
    mu = LAWS[name]()
    xs, _ = _grid(mu, 120)
    pts = [mpmath.mpf(float(x)) for x in xs[::3]]
    vals, errs = density_grid(mu, pts, dps=30, error=True)
    ref30 = numerics.density(mu, pts, dps=30)
    ref45 = numerics.density(mu, pts, dps=45)
    for v, e, r30, r45 in zip(vals, errs, ref30, ref45):
        assert abs(v - r30) <= mpmath.mpf(10) ** -29 * max(1, abs(r30))
        # the bound covers the ball's radius and the rounding to 30 digits: no slack needed
        # beyond the 45-digit reference's own rounding
        assert abs(v - r45) <= e + mpmath.mpf(10) ** -44 * max(1, abs(r45))
        assert e <= mpmath.mpf(10) ** -29 * max(1, abs(r45))
    # the values come from the ball certificate, not from the mpmath fall-back
    stats = last_grid_stats()
    assert stats["ball_certified"] >= stats["mpmath_polish"]


def test_krawczyk_certificate_accepts_one_root_and_rejects_boxes_without_exactly_one():
    """(m - (1+2i))(m - (1+2i+1/100))(m + 3): Krawczyk's test on boxes around 1+2i."""
    import flint
    with flint.ctx.workprec(200):
        eps = flint.acb(flint.arb(1) / 100)
        r1 = flint.acb(1, 2)
        P = flint.acb_poly([-r1, 1]) * flint.acb_poly([-(r1 + eps), 1]) * flint.acb_poly([3, 1])
        dP = P.derivative()
        K = floatgrid._krawczyk(P, dP, flint.acb(1 + 1e-12, 2 - 1e-12), flint.arb(1e-6))
        # radius ~ |P''/P'| r^2 = 1e-12 * O(100): the certificate holds the root, and only it
        assert K is not None and K.contains(r1) and not K.contains(r1 + eps) and K.rad() < 1e-8
        # a box holding both near roots (radius 0.05 around their midpoint): no certificate
        assert floatgrid._krawczyk(P, dP, r1 + eps / 2, flint.arb(0.05)) is None
        # a box holding no root (a point between the two, radius 1e-3): no certificate
        assert floatgrid._krawczyk(P, dP, r1 + eps / 2, flint.arb(1e-3)) is None
        # Newton from the middle of the two roots wanders off: refused, never another root
        assert floatgrid._polish_ball(P, dP, complex(1.005, 2), flint.arb(10) ** -25,
                                      flint.arb(10) ** -32) is None
        K = floatgrid._polish_ball(P, dP, complex(1 + 1e-13, 2 - 1e-13), flint.arb(10) ** -25,
                                   flint.arb(10) ** -32)
        assert K is not None and K.contains(r1) and K.rad() < 1e-40


def test_grid_refuses_a_root_below_the_axis(monkeypatch):
    """Feed the ball polish the conjugate (non-physical) roots: the certified root lies below
    the axis and density_grid raises BranchError instead of returning |Im m|."""
    from rmtsym.numerics import density_grid
    mu = rmtsym.semicircle(1)
    walk = floatgrid._walk

    def conj_walk(mu_, flat):
        d, m = walk(mu_, flat)
        return d, np.conj(m)

    monkeypatch.setattr(floatgrid, "_walk", conj_walk)
    with pytest.raises(rmtsym.BranchError, match="upper half plane"):
        density_grid(mu, [R(1, 3)], dps=30)


def test_grid_exact_rational_points_and_closed_form():
    """Exact points (Rational, Fraction, str) are used exactly: SC(1) at x = 1/3, 5/7 and '0.7' vs
    the closed form sqrt(4 - x^2)/(2 pi) at 40 digits, inside the stated bound."""
    from fractions import Fraction
    from rmtsym.numerics import density_grid
    vals, errs = density_grid(rmtsym.semicircle(1), [R(1, 3), Fraction(5, 7), "0.7"], dps=40, error=True)
    with mpmath.workdps(60):
        for v, e, x in zip(vals, errs, [mpmath.mpf(1) / 3, mpmath.mpf(5) / 7, mpmath.mpf(7) / 10]):
            exact = mpmath.sqrt(4 - x * x) / (2 * mpmath.pi)
            assert abs(v - exact) <= e
            assert e < mpmath.mpf(10) ** -39


# --- regressions (found by tests/test_model_grids.py) -------------------------

def _jacobian_widths_law():
    """JacobianSpectrum("relu", 2, sigma_w2=3/2, sigma_b2=1/5, widths=(3, 4, 5)): support
    ~[0.00409, 7.7687], atom 3/5 at 0; its polynomial written out independently of the model."""
    m, z = sympy.symbols("m z")
    return sympy.Poly(150 * m**3 * z**3 + 225 * m**2 * z**2 - 32 * m * z**2 + 111 * m * z
                      - 32 * z + 18, m, z)


def test_long_step_from_anchor_is_not_matched_to_a_real_root():
    """x = 0.1554: roots -4.2177 ± 1.1003i and -1.2187; the walk from the anchor (x ~ 3.886)
    once took the real root and returned a silent 0.  Reference: numerics.density at 30 digits."""
    P = _jacobian_widths_law()
    from rmtsym.models.jacobian import JacobianSpectrum
    spec = JacobianSpectrum("relu", 2, sigma_w2=R(3, 2), sigma_b2=R(1, 5), widths=(3, 4, 5))
    assert spec.grid_polynomial().as_expr().expand() == P.as_expr().expand()
    x0 = 0.155373620674707
    rng = np.random.default_rng(20261203)
    grids = [[x0], [x0, 0.2, 0.3], np.linspace(x0, 7.6, 25), np.sort(rng.uniform(0.01, 7.7, 6))]
    for xs in grids:
        xs = np.asarray(xs, dtype=float)
        fast = density_grid_float(P, xs)
        ref = numerics.density(P, [mpmath.mpf(float(x)) for x in xs], dps=30)
        for v, r in zip(fast, ref):
            assert r > 1e-4                       # strictly inside: never a silent 0
            assert abs(v - float(r)) <= 1e-11 * float(r)
    assert abs(density_grid_float(P, np.array([x0]))[0] - 0.3502397784) < 1e-9


def test_polish_at_negative_x_keeps_the_branch():
    """HessianSpectrum(1/4, 3/2) at x = -0.7268 (density on the negative axis): the ball polish
    used to drop the sign of x and raise BranchError; now 30 digits against numerics.density."""
    from rmtsym.models.hessian import HessianSpectrum
    from rmtsym.numerics import density_grid
    mu = HessianSpectrum(R(1, 4), R(3, 2)).measure()
    rng = np.random.default_rng(7)
    sup = numerics.support(mu, dps=20)
    a, b = float(sup[0][0]), float(sup[-1][1])
    pts = [mpmath.mpf(-0.726843311915003)] + [mpmath.mpf(float(x)) for x in
                                               rng.uniform(a + 0.05 * (b - a), b - 0.05 * (b - a), 4)]
    vals = density_grid(mu, pts, dps=30)
    ref = numerics.density(mu, pts, dps=30)
    for v, r in zip(vals, ref):
        assert abs(v - r) <= mpmath.mpf(10) ** -28 * max(1, abs(r))
    assert abs(float(vals[0]) - 0.1007378) < 1e-7


def test_bridge_follows_a_refused_step_and_refuses_a_branch_point():
    """A step the walk refuses is followed through finer float steps under the same rules;
    across a branch point (the semicircle's edge 2, where the two roots meet) it refuses."""
    mu = rmtsym.semicircle(1)
    cur = numerics._curve(mu)

    def roots_at(*xs):
        return floatgrid._all_roots(floatgrid._coefficients(cur.af, np.array(xs)), cur.d)[0]

    for x0, x1 in [(1.99, 2.013), (1.9, 2.1), (1.999, 2.0003)]:
        r = roots_at(x0, x1)
        assert floatgrid._bridge(cur.af, cur.d, x0, r[0], x1, r[1], int(np.argmax(r[0].imag))) == -1
    # inside: the upper root -x/2 + i sqrt(4 - x^2)/2 is followed from x = -1.9 to 1.9
    r = roots_at(-1.9, 1.9)
    j = floatgrid._bridge(cur.af, cur.d, -1.9, r[0], 1.9, r[1], int(np.argmax(r[0].imag)))
    assert abs(r[1][j] - complex(-0.95, np.sqrt(4 - 1.9 ** 2) / 2)) < 1e-12


@pytest.mark.parametrize("name", ["MP(2)*MP(1) gap", "FC(2) hard edge", "atoms+SC two intervals"])
def test_bridged_points_agree_and_no_hand_over_is_needed(name):
    """Next to a hard edge / pole the walk's steps are refused; the bridge replaces the
    high-precision hand-over there and the values still agree with numerics.density."""
    mu = LAWS[name]()
    xs, _ = _grid(mu, 1000)
    fast = density_grid_float(mu, xs)
    stats = last_grid_stats()
    assert stats["bridged"] >= 1 and stats["handed_over"] == 0
    inside = np.nonzero(fast > 0)[0]
    sub = np.unique(np.concatenate([inside[:3], inside[-3:], inside[::37]]))   # the edges' neighbours too
    ref = np.array([float(v) for v in numerics.density(mu, [mpmath.mpf(float(x)) for x in xs[sub]], dps=20)])
    assert np.all(np.abs(fast[sub] - ref) <= 1e-9 * np.maximum(1, ref))
