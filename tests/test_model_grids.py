"""Float density grids of the models (Jacobian, Gram, Hessian, Fisher) against 30-digit routes.

Issue #15 item 5: the models' float grids go through
:mod:`rmtsym.numerics.floatgrid` where the law is algebraic (Jacobian with a
discrete ν_K, Gram, Hessian).  Each grid is compared, at relative 1e-12 away
from the edges of the support (2 % of each interval's length cut at each
end), with two 30-digit routes:

* the Newton polish of the same grid (``density_grid(xs, dps=30)``,
  :func:`rmtsym.numerics.floatgrid.density_grid`, values with error bounds),
* an independent point-by-point route: mpmath continuation from m ~ −1/z at
  z = i∞ (``model.density(x, dps=30)``, :func:`rmtsym.numerics.density`),
  and for the Jacobian Pastur's system (I), (II), (0) solved by Newton
  continuation (route 1, not the S-transform product the grid uses).

The Fisher law is not algebraic (a push-forward integral, seed
``003_…`` PW18): its float grid is a vectorised Gauss–Legendre rule and is
compared with the 30-digit quadrature of :meth:`FisherSpectrum.density_grid`
away from the support edges *and* the interior break points, where the
integrand's end-point singularity moves through the rule.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from rmtsym import RmtsymError
from rmtsym.models.fisher import FisherSpectrum
from rmtsym.models.gram import GramSpectrum
from rmtsym.models.hessian import HessianSpectrum
from rmtsym.models.jacobian import JacobianSpectrum

R = sp.Rational
REL = 1e-12
#: numerics.floatgrid bug found here (fixed: short-step match + real-root hand-over): density_grid_float(P, [0.1554])
#: of this law (P = 150m³z³ + 225m²z² − 32mz² + 111mz − 32z + 18, support [0.00409, 7.7687])
#: returns 0 (the real root −1.2187 taken; the physical root is −4.2177 + 1.1003i, density
#: 0.35024 by numerics.density and by route 2), so the 30-digit polish raises BranchError: the
#: continuity match from the anchor (x = 3.886) accepts a root across a long step
FLOATGRID_JUMP = "floatgrid continuity match accepts a real root across a long step"
#: numerics.floatgrid.density_grid(dps=30) bug (fixed: the ball polish dropped the sign of x): at x = -0.7268 of HessianSpectrum(1/4, 3/2)
#: the float value 0.1007378 is right (numerics.density) but the polish raises BranchError
FLOATGRID_POLISH = "floatgrid 30-digit polish raises BranchError at a correct float root"


def _interior(intervals, per=25, cut=0.02, avoid=(), gap=0.01):
    """Points of each interval with ``cut`` of its length removed at both ends, away from ``avoid``."""
    xs = []
    for a, b in intervals:
        a, b = float(a), float(b)
        xs.extend(np.linspace(a + cut * (b - a), b - cut * (b - a), per))
    xs = np.array(xs)
    for c in avoid:
        xs = xs[np.abs(xs - float(c)) > gap * max(1.0, abs(float(c)))]
    return xs


def _rel(fast, ref):
    ref = np.array([float(v) for v in ref])
    assert np.all(ref > 0)
    return float(np.max(np.abs(np.asarray(fast) - ref) / ref))


# --- Jacobian (discrete nu_K: algebraic) -------------------------------------

JACOBIANS = [
    ("linear", 3, dict(sigma_w2=R(3, 2))),
    ("relu", 2, dict(sigma_w2=R(3, 2), sigma_b2=R(1, 5))),
    ("hardtanh", 2, dict(sigma_w2=R(3, 2), sigma_b2=R(1, 10))),
    ("relu", 2, dict(sigma_w2=R(3, 2), sigma_b2=R(1, 5), widths=(3, 4, 5))),   # was FLOATGRID_JUMP
]


@pytest.mark.parametrize("act,L,kw", JACOBIANS)
def test_jacobian_grid_fast_vs_30_digits(act, L, kw):
    spec = JacobianSpectrum(act, L, **kw)
    xs = _interior([(0.0, spec.upper_edge())])
    fast = spec.density_grid(xs)
    assert isinstance(fast, np.ndarray) and fast.shape == xs.shape
    # independent route: Pastur's system (route 1) at 30 digits (rectangular layers: the
    # S-transform system at 30 digits, Newton continuation from z = i*inf), a few points
    idx = [0, 3, 12, 21]
    point = spec.density if "widths" in kw else spec.pastur_system().density
    ref = [point(float(xs[i]), dps=30) for i in idx]
    assert _rel(fast[idx], ref) < REL
    assert _rel(fast, spec.density_grid(xs, dps=30)) < REL


def test_jacobian_grid_polynomial_hardtanh_matches_routes():
    # the p_l substituted as 20-digit rationals: the grid polynomial's density vs route 2's
    # S-transform system at 20 digits (p_l computed inside, not substituted)
    spec = JacobianSpectrum("hardtanh", 1, sigma_w2=2, q0=R(1, 2))
    P = spec.grid_polynomial()
    assert not (P.free_symbols - set(P.gens)) and all(c.is_Rational for c in P.coeffs())
    x = 0.7 * spec.upper_edge()
    assert _rel(spec.density_grid(np.array([x])), [spec.density(x, dps=20)]) < 1e-12


def test_jacobian_grid_bad_input():
    spec = JacobianSpectrum("relu", 2, sigma_w2=2)
    with pytest.raises(RmtsymError, match="xs"):
        spec.density_grid([0.0, 1.0])
    with pytest.raises(RmtsymError, match="dps"):
        spec.density_grid([1.0], dps=8)
    with pytest.raises(RmtsymError, match="grid_polynomial"):
        JacobianSpectrum("tanh", 1).grid_polynomial()


# --- Gram (PW17 quartic: algebraic) -------------------------------------------

GRAMS = [
    lambda: GramSpectrum.from_constants(R(3, 2), R(1, 2), R(1, 2), R(3, 4)),
    lambda: GramSpectrum("relu", phi=R(1, 2), psi=R(3, 2), sigma_w2=2, center=True),   # pi
    lambda: GramSpectrum("tanh", phi=1, psi=2),                               # no closed forms
]


@pytest.mark.parametrize("make", GRAMS)
def test_gram_grid_fast_vs_30_digits(make):
    g = make()
    xs = _interior(g.support(dps=20))
    fast = g.density_grid(xs)
    assert _rel(fast, g.density_grid(xs, dps=30)) < REL
    idx = [2, len(xs) // 2, len(xs) - 3]
    assert _rel(fast[idx], [g.density(float(xs[i]), dps=30) for i in idx]) < REL


def test_gram_grid_bad_input():
    g = GramSpectrum.from_constants(1, 0, 1, 2)
    with pytest.raises(RmtsymError, match="dps"):
        g.density_grid([1.0], dps=2)
    with pytest.raises(RmtsymError, match="finite"):
        g.density_grid([float("nan")])


# --- Hessian (quartic: algebraic) ---------------------------------------------

@pytest.mark.parametrize("e,p", [
    (R(1, 10), R(1, 2)),
    (R(1, 4), R(3, 2)),                                                   # was FLOATGRID_POLISH
    (R(1, 20), 3)])
def test_hessian_grid_fast_vs_30_digits(e, p):
    h = HessianSpectrum(e, p)
    xs = _interior(h.support(dps=20))
    fast = h.density_grid(xs)
    idx = [1, len(xs) // 2, len(xs) - 2]
    assert _rel(fast[idx], [h.density(float(xs[i]), dps=30) for i in idx]) < REL
    assert _rel(fast, h.density_grid(xs, dps=30)) < REL


def test_hessian_grid_bad_input():
    with pytest.raises(RmtsymError, match="numeric"):
        HessianSpectrum(sp.Symbol("eps", positive=True), 1).density_grid([1.0])
    with pytest.raises(RmtsymError, match="dps"):
        HessianSpectrum(R(1, 10), 1).density_grid([1.0], dps=10)


# --- Fisher (push-forward integral: not algebraic) ----------------------------

@pytest.mark.parametrize("make", [
    lambda: FisherSpectrum.from_constants(R(3, 2), R(1, 2), R(1, 3)),
    lambda: FisherSpectrum.from_constants(2, 1, R(1, 2)),
    lambda: FisherSpectrum("tanh", sigma_w2=2),
])
def test_fisher_float_grid_vs_30_digit_quadrature(make):
    F = make()
    xs = _interior(F.support(dps=20), per=30, avoid=F.breakpoints(20))
    assert _rel(F.float_density(xs), F.density_grid(xs, dps=30)) < REL
