r"""Numeric machinery of :mod:`rmtsym.models.jacobian`: layer laws, Newton continuation, route 2.

Split out of :mod:`rmtsym.models.jacobian` (verbatim moves; conventions and the
two routes are stated in that module's docstring, seed ``000_f11574a8ed5d65a0.txt``,
Pastur 2022): the input checks of :class:`~rmtsym.models.jacobian.JacobianSpectrum`,
the laws of φ'(h)² as weighted node sets (exact atoms or Gauss–Legendre panels),
Newton's method with continuation from z = i∞ (shared by both numeric routes),
and the S-transform system of route 2 at ``dps`` digits and along the real axis
in double precision.
"""

from __future__ import annotations

from typing import Any

import functools
import math

import mpmath
import numpy as np
import sympy as sp

from ..core import numbers as _numbers
from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..numerics.quadrature import gauss_legendre

_DISCRETE = ("linear", "relu", "hardtanh")


# ---------------------------------------------------------------------------
# input checking
# ---------------------------------------------------------------------------

def _exact_positive(value, name, allow_zero=False):
    """SymPy number through the one conversion path (:mod:`rmtsym.core.numbers`); floats mean
    their decimal (0.1 is 1/10); raise naming ``name``."""
    if allow_zero:
        return _numbers.nonnegative(value, name, floats="decimal", symbols=False)
    return _numbers.positive(value, name, floats="decimal", symbols=False)


def _is_sequence(value):
    return isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim == 1)


def _per_layer(value, name, depth, allow_zero):
    """One exact number per layer: a number (every layer) or a sequence of ``depth``."""
    if _is_sequence(value):
        if len(value) != depth:
            raise RmtsymError(f"{name} must be one number or a sequence of depth = {depth} "
                              f"numbers (one per layer), got {len(value)}")
        return tuple(_exact_positive(v, f"{name}[{i}]", allow_zero=allow_zero)
                     for i, v in enumerate(value))
    return (_exact_positive(value, name, allow_zero=allow_zero),) * depth


def _widths(value, depth):
    """The widths n_0, ..., n_L (positive rationals; only their ratios enter the limit)."""
    if value is None:
        return None
    if not _is_sequence(value):
        raise RmtsymError(f"widths must be a sequence n_0, n_1, ..., n_L of depth + 1 = "
                          f"{depth + 1} positive numbers, got {value!r}")
    if len(value) != depth + 1:
        raise RmtsymError(f"widths must have depth + 1 = {depth + 1} entries n_0, ..., n_L, "
                          f"got {len(value)}")
    return tuple(_exact_positive(v, f"widths[{i}]") for i, v in enumerate(value))


# ---------------------------------------------------------------------------
# Gaussian expectations of functions of a = phi'(h)^2 (numeric, smooth phi)
# ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _gauss_nodes(dps, panels_per_unit=1, order=None):
    """Gauss–Legendre panel nodes for E f(ξ), ξ ~ N(0, 1), f even.

    Returns (nodes, weights) as tuples of mpf at ``dps`` for ∫_0^G with
    G² = 2 (dps + 10) ln 10, weights including 2 e^{-ξ²/2}/√(2π).
    """
    with mpmath.workdps(dps):
        G = int(math.ceil(math.sqrt(2 * (dps + 10) * math.log(10)))) + 1
        order = order or max(20, int(0.8 * dps) + 8)
        # Legendre nodes on [-1, 1] by mpmath's Gauss–Legendre rule
        xs, ws = _legendre(order, dps)
        nodes, weights = [], []
        c = 2 / mpmath.sqrt(2 * mpmath.pi)
        for p in range(G * panels_per_unit):
            a = mpmath.mpf(p) / panels_per_unit
            half = mpmath.mpf(1) / (2 * panels_per_unit)
            mid = a + half
            for x, w in zip(xs, ws):
                g = mid + half * x
                nodes.append(g)
                weights.append(half * w * c * mpmath.exp(-g * g / 2))
        return tuple(nodes), tuple(weights)


def _legendre(order, dps):
    """Gauss–Legendre rule on [-1, 1] (:func:`rmtsym.numerics.quadrature.gauss_legendre`)."""
    return gauss_legendre(order, dps)


class _Law:
    """A law of a ≥ 0 as a finite weighted node set: exact atoms or quadrature.

    ``E(f) = Σ_j w_j f(a_j)``.  For discrete ν_K these are the atoms; for a
    smooth φ they are Gauss–Legendre panel nodes of the Gaussian integral
    E f(φ'(√q ξ)²) (φ' even) or of both half-lines (φ' not even).
    """

    def __init__(self, nodes, weights, exact=None, label=""):
        self.nodes = nodes
        self.weights = weights
        self.exact = exact          # dict atom -> weight (SymPy) for discrete laws
        self.label = label

    def E(self, f):
        return mpmath.fsum(w * f(a) for a, w in zip(self.nodes, self.weights))

    def as_float(self):
        """The same law in double precision (numpy arrays) for path tracking."""
        return _FloatLaw(np.array([float(a) for a in self.nodes]),
                         np.array([float(w) for w in self.weights]))

    def moment(self, k):
        return mpmath.fsum(w * a ** k for a, w in zip(self.nodes, self.weights))

    def scaled(self, c):
        return _Law([c * a for a in self.nodes], self.weights, None, self.label)

    @property
    def max(self):
        return max(a for a, w in zip(self.nodes, self.weights) if w != 0)


class _FloatLaw:
    """Double-precision twin of :class:`_Law` (vectorised expectations)."""

    def __init__(self, nodes, weights):
        self.nodes, self.weights = nodes, weights

    def E(self, f):
        return complex(np.dot(self.weights, f(self.nodes)))


def _prod(values):
    out = 1
    for v in values:
        out = out * v
    return out


# ---------------------------------------------------------------------------
# Newton with continuation (shared by both numeric routes)
# ---------------------------------------------------------------------------

def _newton_float(F, x0, tol, maxiter=60):
    """Newton in complex double precision (path tracking), forward differences."""
    x = np.array(x0, dtype=complex)
    d = len(x)
    r = np.array(F(list(x)), dtype=complex)
    for _ in range(maxiter):
        Jm = np.empty((d, d), dtype=complex)
        for j in range(d):
            hj = 1e-7 * (1 + abs(x[j]))
            xj = x.copy()
            xj[j] += hj
            Jm[:, j] = (np.array(F(list(xj)), dtype=complex) - r) / hj
        try:
            dx = np.linalg.solve(Jm, -r)
        except np.linalg.LinAlgError as exc:
            raise ConvergenceError("singular Jacobian in Newton step") from exc
        x = x + dx
        r = np.array(F(list(x)), dtype=complex)
        if not np.all(np.isfinite(r)):
            raise ConvergenceError("Newton iterate left the domain")
        if np.max(np.abs(dx) / (1 + np.abs(x))) < tol:
            return [complex(v) for v in x]
    raise ConvergenceError(f"Newton did not converge in {maxiter} steps")


def _newton(F, x0, tol, maxiter=60):
    """Newton for F: C^d -> C^d with a forward-difference Jacobian.

    Returns the root or raises ConvergenceError.  The step is accepted only
    while the residual does not blow up; the caller shrinks the
    continuation step on failure.
    """
    x = list(x0)
    d = len(x)
    eps = mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))
    r = F(x)
    for _ in range(maxiter):
        cols = []
        for j in range(d):
            hj = eps * (1 + abs(x[j]))
            xj = list(x)
            xj[j] += hj
            rj = F(xj)
            cols.append([(rj[i] - r[i]) / hj for i in range(d)])
        Jm = mpmath.matrix(d, d)
        for i in range(d):
            for j in range(d):
                Jm[i, j] = cols[j][i]
        try:
            dx = mpmath.lu_solve(Jm, mpmath.matrix([-v for v in r]))
        except ZeroDivisionError as exc:
            raise ConvergenceError("singular Jacobian in Newton step") from exc
        x = [x[i] + dx[i] for i in range(d)]
        r = F(x)
        size = max(abs(dx[i]) / (1 + abs(x[i])) for i in range(d))
        if not all(mpmath.isfinite(v) for v in r):
            raise ConvergenceError("Newton iterate left the domain")
        if size < tol:
            return x
    raise ConvergenceError(f"Newton did not converge in {maxiter} steps")


def _continue(F, z, start, initial, tol, accept=None, shrink=4):
    """Track the root of F(·, ζ) from ζ = Re z + i·start down to z (double precision).

    The imaginary part is divided by ``shrink`` per step (halving the step on
    a Newton failure or when ``accept`` rejects the root as non-physical).
    """
    z = complex(z)
    target = z.imag
    # the last step (floor -> target) must be short on the scale of |z|: near a
    # hard edge at 0 a fixed floor of 1e-3 lets Newton jump to a real root
    floor = max(target, 1e-3 * min(1.0, abs(z.real)) if z.real else 1e-3)
    etas, eta = [], float(start)
    while eta > floor * shrink:
        etas.append(eta)
        eta = eta / shrink
    etas.append(floor)
    if target < floor:
        etas.append(target)
    path = [complex(z.real, e) for e in etas]
    x = _newton_float(lambda v: F(v, path[0]), [complex(v) for v in initial(path[0])], tol)
    i = 0
    while i + 1 < len(path):
        nxt = path[i + 1]
        try:
            x_new = _newton_float(lambda v: F(v, nxt), x, tol, maxiter=40)
            if accept is not None and not accept(x_new, nxt):
                raise ConvergenceError("left the physical branch")
        except ConvergenceError:
            if abs(nxt - path[i]) < 1e-10:
                raise
            path.insert(i + 1, (path[i] + nxt) / 2)
            continue
        x = x_new
        i += 1
    return x


def _solve_tracked(make_F, z, dps, initial, accept, start):
    """Track in double precision, then polish by Newton at ``dps + 15`` digits.

    ``make_F(d)`` builds the residual F(x, ζ) with its laws at d digits
    (``d = None``: double precision, numpy).  Returns the root at
    dps + 15 working digits; the polished root must pass ``accept``.
    """
    x = _continue(make_F(None), complex(z), float(start), initial, 1e-12, accept)
    with mpmath.workdps(dps + 15):
        F = make_F(dps)
        x = [mpmath.mpc(v) for v in x]
        x = _newton(lambda v: F(v, mpmath.mpc(z)), x, mpmath.mpf(10) ** (-(dps + 8)))
        if accept is not None and not accept(x, mpmath.mpc(z)):
            raise BranchError("the polished root is not on the physical branch")
    return x


# ---------------------------------------------------------------------------
# Route 2 numeric: S-transform composition
# ---------------------------------------------------------------------------

def _sigma_product(sig, uniform, num):
    """∏_l σ_l² as ``num`` (float or mpf): the L-th power when all layers share one σ_w²."""
    if uniform:
        return num(sig[0]) ** len(sig)
    return math.prod(num(s2) for s2 in sig) if num is float else mpmath.fprod([num(s2) for s2 in sig])


def _s_system(make_laws, sigma_w2, weights, gammas=None):
    r"""The S-transform system of route 2: (make_F, initial, accept, bound).

    Unknowns x = (w, v_1, ..., v_L); see :func:`s_transform_stieltjes`.
    ``make_F(d)`` is the residual F(x, z) with laws at d digits (None:
    double precision, numpy); ``bound`` bounds the support.  ``sigma_w2``:
    one σ_w² for all layers or a sequence of L; ``gammas``: None (square
    layers) or the L + 1 rationals γ_l = n_L/n_l (rectangular layers, see
    :class:`JacobianSpectrum`).
    """
    cache = {}

    def laws_at(d):
        if d not in cache:
            cache[d] = make_laws(d)
        return cache[d]

    with mpmath.workdps(25):
        laws = laws_at(15)
        L = len(laws)
        sig = list(sigma_w2) if isinstance(sigma_w2, (list, tuple)) else [sigma_w2] * L
        uniform = len(set(sig)) == 1          # one sigma_w^2: its L-th power (as ever)
        gam = [sp.Integer(1)] * (L + 1) if gammas is None else [sp.Rational(g) for g in gammas]
        means = [law.moment(1) for law in laws]
        sprod = _sigma_product(sig, uniform, mpmath.mpf)
        m1 = sprod * mpmath.fprod(means)
        # ||W_l||^2 <= sigma_l^2 (1 + sqrt(n_l/n_{l-1}))^2 (+ o(1)); c_l = gamma_{l-1}/gamma_l
        bound = sprod * mpmath.fprod([law.max for law in laws]) * (mpmath.fprod(
            [(1 + mpmath.sqrt(mpmath.mpf(gam[l - 1] / gam[l]))) ** 2 for l in range(1, L + 1)])
            if weights == "gaussian" else 1)

    def make_F(d):
        if d is None:
            lw = [law.as_float() for law in laws_at(20)]
            sL = _sigma_product(sig, uniform, float)
            g = [float(v) for v in gam]
        else:
            lw = laws_at(d)
            sL = _sigma_product(sig, uniform, mpmath.mpf)
            g = [mpmath.mpf(v.p) / v.q for v in gam]

        def F(x, zz):
            w, vs = x[0], x[1:]
            with np.errstate(all="ignore"):
                out = [lw[l].E(lambda a, v=vs[l], gl=g[l + 1]: v * a / (1 - gl * w * v * a)) - 1
                       for l in range(L)]
                if weights == "gaussian":
                    out.append(zz * w * _prod(vs) - sL * (1 + g[0] * w))
                else:
                    out.append(zz * w * _prod(vs) * (1 + w) ** (L - 1) - sL)
            return out
        return F

    def initial(zz):
        return [complex(-m1 / zz)] + [complex(1 / mu) for mu in means]

    def accept(x, zz):
        if zz.imag <= 0:
            return True
        return (-(1 + x[0]) / zz).imag > 0

    return make_F, initial, accept, bound


def s_transform_stieltjes(make_laws: Any, sigma_w2: Any, weights: str, z: Any, dps: int=30, gammas: Any=None) -> Any:
    r"""Stieltjes transform of ⊠_l (ν_K^l ⊠ ν_{WᵀW}) from the S-transforms.

    With ψ(u) = Σ_{k≥1} m_k u^k, χ = ψ^{⟨-1⟩}, S(w) = χ(w)(1 + w)/w and
    S_M = ∏_l S_{K_l} S_W: put v_l = χ_{K_l}(w)/w, i.e.
    ∫ v_l λ/(1 − w v_l λ) ν_K^l(dλ) = 1; then χ_M(w) = 1/z reads
    z w ∏ v_l = σ_w^{2L}(1 + w) for S_W = 1/(σ_w²(1 + w)) (Gaussian) and
    z w ∏ v_l (1 + w)^{L-1} = σ_w^{2L} for S_W = 1/σ_w² (orthogonal); and
    m(z) = −(1 + ψ_M(1/z))/z = −(1 + w)/z.  Unknowns w, v_1..v_L, by Newton
    with continuation from z = i∞ (w ≈ −m_1/z, v_l ≈ 1/∫λν_K^l).

    ``make_laws(d)`` returns the layer laws (without σ_w²) at d digits.
    Rectangular layers / per-layer σ_l² (``gammas`` = [n_L/n_0, ..., 1],
    ``sigma_w2`` a sequence): ∫ v_l λ/(1 − γ_l w v_l λ) ν_K^l(dλ) = 1 and
    z w ∏ v_l = ∏ σ_l² (1 + γ_0 w) (derivation in :class:`JacobianSpectrum`).
    """
    make_F, initial, accept, bound = _s_system(make_laws, sigma_w2, weights, gammas)
    with mpmath.workdps(dps + 15):
        x = _solve_tracked(make_F, z, dps, initial, accept,
                           10 * bound + 10 * abs(mpmath.mpc(z)))
        m = -(1 + x[0]) / mpmath.mpc(z)
    with mpmath.workdps(dps):
        return +m


def s_transform_density_grid(make_laws: Any, sigma_w2: Any, weights: str, xs: Any, rel_eta: float=1e-10, gammas: Any=None) -> Any:
    r"""Density on a grid of x > 0 in double precision, by continuation along the axis.

    The root of the S-transform system (:func:`s_transform_stieltjes`) is
    found once at z = x_max + iη by the vertical path from z = i∞, then
    followed point to point in decreasing x at z = x + iη_x, η_x =
    ``rel_eta``·x (Newton in complex double precision, the step halved on
    failure or when the root leaves the physical branch Im m > 0).  The
    density is Im m(x + iη_x)/π: the Poisson smoothing at relative width
    1e-10 changes the CDF by far less than double-precision Newton's own
    error.  For KS tests and figures; point values at ``dps`` digits come
    from :func:`s_transform_stieltjes`.

    Returns a numpy array of densities (0 where Im m/π < 0 by rounding).
    ``gammas``, per-layer ``sigma_w2``: as in :func:`s_transform_stieltjes`.
    """
    make_F, initial, accept, bound = _s_system(make_laws, sigma_w2, weights, gammas)
    F = make_F(None)
    xs = np.asarray(xs, dtype=float)
    if xs.ndim != 1 or not np.all(xs > 0):
        raise RmtsymError("xs must be a 1-d array of points > 0")
    order = np.argsort(-xs)
    out = np.empty(xs.size)

    def z_of(x):
        return complex(x, rel_eta * x)

    x_prev: Any = None
    sol = None
    for i in order:
        x = float(xs[i])
        if sol is None:
            sol = _continue(F, z_of(x), 10 * float(bound) + 10 * x, initial, 1e-13, accept)
        else:
            path = [x_prev, x]
            j = 0
            while j + 1 < len(path):
                zz = z_of(path[j + 1])
                try:
                    new = _newton_float(lambda v: F(v, zz), sol, 1e-13, maxiter=40)
                    if not accept(new, zz):
                        raise ConvergenceError("left the physical branch")
                except ConvergenceError:
                    if abs(path[j + 1] - path[j]) < 1e-14 * max(1.0, abs(path[j])):
                        raise
                    path.insert(j + 1, (path[j] + path[j + 1]) / 2)
                    continue
                sol = new
                j += 1
        x_prev = x
        m = -(1 + sol[0]) / z_of(x)
        if m.imag < -1e-12 * (1 + abs(m)):
            raise BranchError(f"density at x = {x:.15g} came out negative ({m.imag / math.pi:.3g}): "
                              "the continuation left the physical branch")
        out[i] = max(m.imag / math.pi, 0.0)   # within 1e-12 of 0: rounding
    return out
