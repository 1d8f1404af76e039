r"""Spectrum of J Jᵀ for the input–output Jacobian of a deep random network.

The model of seed ``000_f11574a8ed5d65a0.txt`` (Pastur 2022, "On random
matrices arising in deep neural networks"): the law of the squared singular
values of

.. math:: J = D_L W_L \cdots D_1 W_1, \qquad D_l = \operatorname{diag}\varphi'(h^l),

computed two independent ways (Pastur's system (I), (II), (0) layer by
layer, and the free multiplicative convolution of S-transforms) and sampled
from real networks.

Conventions (DESIGN.md "Networks"; stated once here, used everywhere below)
--------------------------------------------------------------------------
* Width n in every layer, depth L (layers of widths n_0, ..., n_L and one
  σ_w², σ_b² per layer: ``JacobianSpectrum(..., widths=...)``, derivation of
  both routes in its Notes).  Weights W^l = X^l/√n with X^l i.i.d.
  N(0, σ_w²) (``weights="gaussian"``) or W^l = σ_w O^l with O^l Haar on O(n)
  (``weights="orthogonal"``); biases b^l i.i.d. N(0, σ_b²).
* Input: a vector x⁰ with ‖x⁰‖²/n = q0 (the sampler draws its direction
  uniformly and fixes its norm).  Pre-activations h^l = W^l x^{l-1} + b^l,
  x^l = φ(h^l).
* Mean field: q_1 = σ_w² q0 + σ_b², q_{l+1} = σ_w² E φ(√q_l ξ)² + σ_b²
  (ξ standard normal); q_l is the limiting variance of the entries of h^l.
* ν_K^l is the law of φ'(h)², h ~ N(0, q_l) — **without** σ_w².  The factor
  σ_w² lives in the law of W_lᵀW_l: Marchenko–Pastur MP(1, σ_w²) with
  S_W(w) = 1/(σ_w²(1 + w)) for Gaussian weights, δ_{σ_w²} with S_W = 1/σ_w²
  for orthogonal ones.  (Pastur's system is written for unit-variance
  weights; route 1 therefore uses ν_K scaled by σ_w², i.e. the law of
  σ_w² φ'(h)².)

Route 1 — Pastur's system (seed 000, formulas (I), (II), (0))
-------------------------------------------------------------
With ν_R = ν_{M^{l-1}} (M^0 = I) and m_R its Stieltjes transform, (II)
reads h = (1 + (z/k) m_R(z/k))/k, so (0) becomes f(z) = m_R(z/k)/k and kh =
1 + z f.  Writing T = 1 + z f, equation (I) k = ∫ λ ν_K(dλ)/(λh + 1) is
∫ λ ν_K(dλ)/(λT + k) = 1.  Layer by layer this gives L equations for
k_1, ..., k_L (ζ_L = z, ζ_{l-1} = ζ_l/k_l, f_0(ζ) = 1/(1 − ζ),
f_l = f_{l-1}/k_l), solved by Newton's method with continuation from
z = i∞ (:class:`PasturSystem`); for discrete ν_K the same equations are
polynomial and a resultant in k gives the polynomial of f exactly.  For
orthogonal weights (I) is replaced by the multiplicative-subordination
equation ∫ λ ν_K(dλ)/(λT − k(T − 1)) = 1 (same recursion; see
:class:`PasturSystem`).

Route 2 — S-transforms
----------------------
ν_{M^L} = ν_K^L ⊠ ν_{W_LᵀW_L} ⊠ … ⊠ ν_K^1 ⊠ ν_{W_1ᵀW_1}, so
S_M(w) = ∏_l S_{K_l}(w) S_W(w).  Exactly (discrete ν_K) this is the
resultant-based :func:`rmtsym.convolution.free_mul`; numerically it is the
system ψ_{K_l}(u_l) = w, z ∏ u_l (1+w)^{L-1}·[orthogonal] = σ_w^{2L}
w^{L-1}(1 + w)·[Gaussian], m(z) = −(1 + w)/z (:func:`s_transform_stieltjes`).
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy as sp

from ..core import numbers as _numbers
from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..core.measure import moments_from_s, s_from_moments
from ..core.series import NumberRing
from ..numerics.quadrature import gauss_legendre

__all__ = ["JacobianSpectrum", "PasturSystem"]

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


def _zero_mix(mu, alpha):
    r"""Z_α(μ) = α μ + (1 − α) δ_0 (exact): m ↦ α m − (1 − α)/z.

    The law of an n'×n' matrix from that of an n×n one with the same nonzero
    eigenvalues, α = n/n' (α > 1 is allowed when μ has an atom ≥ 1 − 1/α at
    0).  P_new(m, z) is the irreducible factor with m ~ −1/z of the numerator
    of P((z m + 1 − α)/(α z), z).
    """
    from ..core import _flint
    from ..core.measure import AlgebraicMeasure
    alpha = sp.Rational(alpha)
    P = mu.stieltjes_polynomial().as_expr()
    num, _ = sp.fraction(sp.together(P.subs(M_SYM, (Z_SYM * M_SYM + 1 - alpha) / (alpha * Z_SYM))))
    params = tuple(sorted(str(p) for p in num.free_symbols - {M_SYM, Z_SYM}))
    ctx = _flint.context(params)
    fac = _select_factor(_flint.to_flint(sp.expand(num), ctx), ctx)
    Pn = _flint.to_sympy(fac, {"m": M_SYM, "z": Z_SYM,
                               **{p.name: p for p in num.free_symbols - {M_SYM, Z_SYM}}})
    return AlgebraicMeasure.from_polynomial(Pn, label=f"Z_{alpha}({mu.label})", nonnegative=True)


#: deepest network of :class:`JacobianSpectrum` (the work grows linearly with the depth)
MAX_DEPTH = 1000
#: highest moment order k of :meth:`JacobianSpectrum.moments`
MAX_MOMENT_ORDER = 200


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
# Route 1: Pastur's system
# ---------------------------------------------------------------------------

class PasturSystem:
    r"""Pastur's system (I), (II), (0) for ν_{M^L}, iterated layer by layer.

    Seed ``000_f11574a8ed5d65a0.txt``, "Summary":

    .. math::

        k(z) = \int \frac{\lambda\,\nu_K(d\lambda)}{h(z)\lambda + 1}\ (I),\quad
        h(z) = \int \frac{\lambda\,\nu_R(d\lambda)}{k(z)\lambda - z}\ (II),\quad
        f(z) = -\frac1z + \frac{k(z)h(z)}{z}\ (0),

    with ν_R = ν_{M^{l-1}}, M^0 = I, and ν_K the law of σ_w² φ'(h)²
    (Pastur's weights have unit variance).  Since ν_R's Stieltjes transform
    f_{l-1} is the previous layer's, (II) is h = (1 + (z/k) f_{l-1}(z/k))/k
    and (0) is f_l(z) = f_{l-1}(z/k)/k.  With T = 1 + z f_l(z), (I) becomes
    ∫ λ ν_K(dλ)/(λT + k) = 1.

    Notes
    -----
    **Orthogonal weights** (W = σ_w O, O Haar; seed 000 case (ii), for which
    the seed states no system).  Then M^l = D_l W_l M^{l-1} W_lᵀ D_l and, by
    asymptotic freeness of K_l = D_l² and the rotated O M^{l-1} Oᵀ,
    ν_{M^l} = A ⊠ B with A = ν_{σ_w² K_l}, B = ν_{M^{l-1}}.  Multiplicative
    subordination (Biane 1998, Processes with free increments, Thm 3.6;
    Belinschi–Bercovici 2007): with ψ(u) = ∫ uλ/(1 − uλ) and η = ψ/(1 + ψ),
    ψ_{A⊠B}(u) = ψ_A(ω_A(u)) = ψ_B(ω_B(u)) and ω_A(u) ω_B(u) = u η_{A⊠B}(u).
    In Stieltjes form (ψ(1/z) = −1 − z f(z)) put ζ_B = z/k: the B-relation
    is again f_l(z) = f_{l-1}(z/k)/k, and the A-relation with
    ζ_A = k(T − 1)/T, ∫ ζ_A/(λ − ζ_A) A(dλ) = T − 1, reads

    .. math:: \int \frac{\lambda\,\nu_K(d\lambda)}{\lambda T - k (T - 1)} = 1
              \qquad (\text{orthogonal; Gaussian: } \lambda T + k).

    This is solved by the same Newton continuation and eliminated by the
    same resultants as the Gaussian system; it is independent of route 2
    (the S-transform product with S_W = 1/σ_w²).  For φ(x) = x it gives
    k = σ_w², f_l(z) = f_{l-1}(z/σ_w²)/σ_w²: the point mass δ_{σ_w^{2L}}.

    Build with :meth:`JacobianSpectrum.pastur_system`.

    Examples
    --------
    >>> from rmtsym.models.jacobian import JacobianSpectrum
    >>> ps = JacobianSpectrum("linear", depth=1, sigma_w2=2).pastur_system()
    >>> ps.polynomial()                    # MP(1, 2): 2 z m^2 + z m + 1
    2*m**2*z + m*z + 1
    >>> print(mpmath.nstr(ps.density(4, dps=20), 15))     # sqrt(x(8 - x))/(4 pi x) at x = 4
    0.0795774715459477
    >>> JacobianSpectrum("linear", 2, sigma_w2=2, weights="orthogonal").pastur_system().polynomial()
    m*z - 4*m + 1
    """

    def __repr__(self):
        return f"PasturSystem({self.spec!r})"

    def _latex(self, printer=None):
        """The system (I), (II), (0) of seed 000 (the orthogonal variant of (I) where it applies)."""
        first = (r"\int \frac{\lambda\,\nu_K(d\lambda)}{\lambda T - k (T - 1)} = 1" if self.orthogonal else
                 r"k(z) = \int \frac{\lambda\,\nu_K(d\lambda)}{h(z)\lambda + 1}")
        return (r"\begin{aligned} & " + first + r" && \text{(I)}\\ "
                r"& h(z) = \int \frac{\lambda\,\nu_R(d\lambda)}{k(z)\lambda - z} && \text{(II)}\\ "
                r"& f(z) = -\frac{1}{z} + \frac{k(z) h(z)}{z} && \text{(0)} \end{aligned}")

    def _repr_latex_(self):
        return "$$" + self._latex() + "$$"

    def __init__(self, spec):
        if spec.weights not in ("gaussian", "orthogonal"):   # pragma: no cover - checked by spec
            raise RmtsymError(f"weights must be 'gaussian' or 'orthogonal', got {spec.weights!r}")
        self.spec = spec
        self.orthogonal = spec.weights == "orthogonal"

    def _den(self, a, T, k):
        """Denominator of the layer equation ∫ a ν(da)/den = 1 (see the class Notes)."""
        return a * T - k * (T - 1) if self.orthogonal else a * T + k

    # -- exact --------------------------------------------------------------
    def polynomial(self, subs=None):
        """Exact polynomial P(m, z) of f = f_L eliminating k, h from (I), (II), (0).

        ``subs``: exact values for the hardtanh symbols p_l (as in
        :meth:`JacobianSpectrum.measure`).

        Only for discrete ν_K (linear, relu, hardtanh).  Returns a SymPy
        expression in the symbols m, z (and p_1..p_L for hardtanh), the
        irreducible factor of the resultant that has the root f ~ −1/z,
        primitive with positive leading coefficient.

        Raises
        ------
        RmtsymError
            For a smooth activation (ν_K is not discrete).
        """
        spec = self.spec
        if not spec.is_discrete:
            raise RmtsymError(f"pastur_system().polynomial: ν_K of {spec.activation!r} is not "
                              "discrete; use stieltjes(z, dps) / density(x, dps)")
        return _route1_polynomial(spec, subs)

    # -- numeric --------------------------------------------------------------
    def _laws(self, dps):
        with mpmath.workdps(dps + 15):
            return [law.scaled(self.spec._mp(s2, dps + 15))
                    for law, s2 in zip(self.spec._numeric_laws(dps), self.spec.sigma_w2s)]

    def _ratios(self, d):
        """c_l = n_l/n_{l-1} as numbers of the residual's kind (None where c_l = 1)."""
        out = []
        for c in self.spec.ratios:
            if c == 1:
                out.append(None)
            else:
                out.append(float(c) if d is None else mpmath.mpf(c.p) / c.q)
        return out

    def _residual(self, laws, cs=None):
        L = len(laws)
        cs = cs or [None] * L

        def F(ks, z):
            # zeta_L = z, zeta_{l-1} = zeta_l / k_l; f_0 = 1/(1 - zeta_0); f_l = f_{l-1}/k_l
            zetas = [None] * (L + 1)
            zetas[L] = z
            for l in range(L, 0, -1):
                zetas[l - 1] = zetas[l] / ks[l - 1]
            f = 1 / (1 - zetas[0])
            out = []
            for l in range(1, L + 1):
                k, c = ks[l - 1], cs[l - 1]
                f = f / k
                if c is None:                 # square layer: Pastur's (I), (0)
                    T = 1 + zetas[l] * f
                    out.append(laws[l - 1].E(lambda a: a / self._den(a, T, k)) - 1)
                else:                         # rectangular (I_c), (0_c): see JacobianSpectrum
                    f = f / c - (1 - 1 / c) / zetas[l]
                    T = c * (1 + zetas[l] * f)
                    out.append(c * laws[l - 1].E(lambda a: a / self._den(a, T, k)) - 1)
            return out
        return F

    def _solve(self, z, dps):
        laws_by_dps = {}

        def make_F(d):
            if d not in laws_by_dps:
                laws_by_dps[d] = [law.as_float() for law in self._laws(20)] if d is None \
                    else self._laws(d)
            return self._residual(laws_by_dps[d], self._ratios(d))
        with mpmath.workdps(25):
            laws = self._laws(15)
            bound = mpmath.fprod([4 * law.max for law in laws]) if not self.spec._rect else \
                mpmath.fprod([law.max * (1 + mpmath.sqrt(mpmath.mpf(c.p) / c.q)) ** 2
                              for law, c in zip(laws, self.spec.ratios)])
            means = [law.moment(1) for law in laws]
        if any(m == 0 for m in means):
            raise RmtsymError("pastur_system: a layer law ν_K is δ_0 (J = 0)")
        # z = ∞: T = 0, so (I_c) gives k_l = c_l ∫ λ ν_K^l(dλ)
        starts = [complex(m) if c == 1 else complex(m) * float(c)
                  for m, c in zip(means, self.spec.ratios)]

        def initial(zz):
            return list(starts)

        def accept(ks, zz):
            if zz.imag <= 0:
                return True
            return self._f(ks, zz).imag > 0

        return _solve_tracked(make_F, z, dps, initial, accept,
                              10 * bound + 10 * abs(mpmath.mpc(z)))

    def _f(self, ks, z):
        zetas = [z]
        for k in reversed(ks):
            zetas.insert(0, zetas[0] / k)
        f = 1 / (1 - zetas[0])
        for l, (k, c) in enumerate(zip(ks, self.spec.ratios), start=1):
            f = f / k
            if c != 1:                       # (0_c): the zero mass of a rectangular layer
                c = float(c) if isinstance(z, complex) else mpmath.mpf(c.p) / c.q
                f = f / c - (1 - 1 / c) / zetas[l]
        return f

    def stieltjes(self, z, dps=30):
        """f(z) = ∫ ν_{M^L}(dλ)/(λ − z) from (I), (II), (0) at ``dps`` digits.

        ``z`` in the closed upper half plane (real z: the boundary value
        f(x + i0)).  Newton's method with continuation from z = x + i·(large);
        the k_l start at ∫λν_K(dλ) (their value at z = ∞).
        """
        with mpmath.workdps(dps + 15):
            z = mpmath.mpc(z)
            if mpmath.im(z) < 0:
                raise RmtsymError(f"stieltjes: z must have Im z >= 0, got {z}")
            ks = self._solve(z, dps)
            f = self._f(ks, z)
        with mpmath.workdps(dps):
            return +f

    def k_h(self, z, dps=30):
        """The pairs (k_l(z), h_l(z)) of (I), (II) at every layer, l = 1..L."""
        with mpmath.workdps(dps + 15):
            z = mpmath.mpc(z)
            ks = self._solve(z, dps)
            zetas = [z]
            for k in reversed(ks):
                zetas.insert(0, zetas[0] / k)
            f = 1 / (1 - zetas[0])
            out = []
            for l, (k, c) in enumerate(zip(ks, self.spec.ratios), start=1):
                g = f                       # f_{l-1}(ζ_{l-1})
                f = f / k
                if c != 1:
                    c = mpmath.mpf(c.p) / c.q
                    f = f / c - (1 - 1 / c) / zetas[l]
                out.append((k, (1 + zetas[l - 1] * g) / k))
        with mpmath.workdps(dps):
            return [(+k, +h) for k, h in out]

    def density(self, x, dps=30):
        """Density ρ(x) = Im f(x + i0)/π of the absolutely continuous part."""
        with mpmath.workdps(dps + 15):
            x = mpmath.mpf(x)
            if x <= 0:
                raise RmtsymError(f"density: x must be > 0, got {x}")
            val = mpmath.im(self.stieltjes(x, dps + 10)) / mpmath.pi
            if val < -mpmath.mpf(10) ** (-dps):
                raise BranchError(f"density at x = {mpmath.nstr(x, 15)} came out negative "
                                  f"({mpmath.nstr(val, 5)}): the continuation left the physical branch")
        with mpmath.workdps(dps):
            return +max(val, mpmath.mpf(0))   # |val| <= 10^-dps: rounding of a zero density


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


def s_transform_stieltjes(make_laws, sigma_w2, weights, z, dps=30, gammas=None):
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


def s_transform_density_grid(make_laws, sigma_w2, weights, xs, rel_eta=1e-10, gammas=None):
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

    x_prev = None
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


# ---------------------------------------------------------------------------
# Route 1 exact: resultants (python-flint kernel)
# ---------------------------------------------------------------------------

M_SYM, Z_SYM = sp.Symbol("m"), sp.Symbol("z")


def _route1_polynomial(spec, subs=None):
    from ..core import _flint
    params = tuple(sorted(str(p) for p in spec.parameters if not subs or p not in subs))
    ctx = _flint.context(params)
    G = _flint.gens(ctx)
    m, z, t, g, u = G["m"], G["z"], G["t"], G["g"], G["u"]
    # nu_R of M^0 = I: f_0 = 1/(1 - z)  <=>  m (1 - z) - 1 = 0, i.e. m - m z - 1
    P = m - m * z - 1
    T = 1 + z * m
    for law, s2, c in zip(spec._exact_laws(subs), spec.sigma_w2s, spec.ratios):
        s2 = sp.Rational(s2)
        if c == 1:
            # (II)+(0):  P_{l-1}(k f, z/k) = 0
            Q = _flint.substitute(P, "m", t * m, ctx.from_dict({}) + 1)
            Q = _flint.substitute(Q, "z", z, t)
        else:
            # (II)+(0_c): f_{l-1}(z/k) = k (c z f + c - 1)/z, c = cp/cq; z -> z/t first
            cp, cq = int(c.p), int(c.q)
            Q = _flint.substitute(P, "z", z, t)
            Q = _flint.substitute(Q, "m", t * (cp * z * m + (cp - cq)), cq * z)
        # (I_c):  c sum_i p_i a_i / (a_i T + k) = 1 over the atoms a_i != 0 of sigma_w^2 nu_K,
        # T = c (1 + z f)
        atoms = [(s2 * a, p) for a, p in law.items() if a != 0 and p != 0]
        Tsym, ksym = sp.Symbol("T"), sp.Symbol("t")
        full = sp.Integer(1)
        def den(a):        # Gaussian (I): a T + k; orthogonal (subordination): a T - k (T - 1)
            return a * Tsym - ksym * (Tsym - 1) if spec.weights == "orthogonal" \
                else a * Tsym + ksym
        for a, _ in atoms:
            full *= den(a)
        num = sp.Integer(0)
        for i, (a, p) in enumerate(atoms):
            rest = sp.Integer(1)
            for j, (b, _) in enumerate(atoms):
                if j != i:
                    rest *= den(b)
            num += p * a * rest
        E1 = sp.expand(num - full) if c == 1 else sp.expand(sp.Rational(c) * num - full)
        E1f = _flint.to_flint(E1.subs(Tsym, sp.Rational(c) * (1 + Z_SYM * M_SYM)), ctx)
        R = _flint.resultant(Q, E1f, "t") if _flint.degree(E1f, "t") > 0 else E1f
        P = _select_factor(R, ctx)
    return _flint.to_sympy(P, {"m": M_SYM, "z": Z_SYM,
                               **{str(p): p for p in spec.parameters}})


def _select_factor(R, ctx):
    """The irreducible factor of R(m, z) with a root m = −1/z + O(z^-2) at z = ∞."""
    from ..core import _flint
    G = _flint.gens(ctx)
    u, g = G["u"], G["g"]
    hits = []
    for fac in _flint.factors(R):
        if _flint.degree(fac, "m") <= 0:
            continue
        h = _flint.substitute(fac, "z", ctx.from_dict({}) + 1, u)   # u^d fac(m, 1/u)
        h = _flint.substitute(h, "m", -u * g, ctx.from_dict({}) + 1)
        # divide out the largest power of u
        i = ctx.names().index("u")
        lo = min(mon[i] for mon in h.monoms())
        h = ctx.from_dict({tuple(e - (lo if j == i else 0) for j, e in enumerate(mon)): c
                           for mon, c in zip(h.monoms(), h.coeffs())})
        h0 = h.subs({"u": 0})
        if h0.subs({"g": 1}).is_zero() and not h0.is_zero():
            hits.append(fac)
    if len(hits) != 1:
        raise RmtsymError(f"route 1 elimination: {len(hits)} factors with m ~ -1/z; "
                          "cannot isolate the physical one")
    return hits[0]


# ---------------------------------------------------------------------------
# moments by S-transform series (exact SymPy or mpmath coefficients)
# ---------------------------------------------------------------------------

def _identity(v):
    return v


def product_moments(law_moments, s_w, order, norm=_identity, one=1, gammas=None):
    r"""Moments of ⊠_l ν_l from the moments of each ν_l, by S-transforms.

    ψ_l(u) = Σ_{k≥1} m_k(ν_l) u^k, χ_l = ψ_l^{⟨-1⟩}, S_l(w) = χ_l(w)(1+w)/w;
    S = ∏_l S_l · ∏ s_w (extra S-series, e.g. of WᵀW); χ = S w/(1+w);
    ψ = χ^{⟨-1⟩} gives the moments [1, m_1, ..., m_order].  Works for
    SymPy (``norm=sympy.expand``) and mpmath coefficients alike.  With
    ``gammas`` (one per law) the law's factor is S_l(γ_l w) (coefficient j
    times γ_l^j): rectangular layers, see :class:`JacobianSpectrum`.
    """
    n = order + 1
    R = NumberRing(0 * one, one, None if norm is _identity else norm)
    S = [one] + [R.zero] * (n - 1)
    for i, mom in enumerate(law_moments):
        mom = list(mom[:n + 1]) + [R.zero] * max(0, n + 1 - len(mom))
        if mom[1] == 0:
            raise RmtsymError("a layer law has mean 0: its S-transform is undefined")
        sl = s_from_moments(mom, R, n)
        if gammas is not None and gammas[i] != 1:
            g, gj = gammas[i], one
            for j in range(n):
                sl[j] = sl[j] * gj
                gj = gj * g
            if norm is not _identity:
                sl = [norm(v) for v in sl]
        S = R.mul(S, sl, n)
    for sw in s_w:
        S = R.mul(S, list(sw[:n]) + [R.zero] * max(0, n - len(sw)), n)
    return moments_from_s(S, R, n)


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------

class JacobianSpectrum:
    r"""Law of the squared singular values of the input–output Jacobian.

    The limit, as the width n → ∞, of the eigenvalue distribution of
    M^L = J Jᵀ, J = D_L W_L ⋯ D_1 W_1, for a random network of depth L
    (seed ``000_f11574a8ed5d65a0.txt``, Pastur 2022; conventions in the
    module docstring: W = X/√n with Var X = σ_w², biases N(0, σ_b²),
    input with ‖x⁰‖²/n = q0, ν_K^l the law of φ'(h)² at h ~ N(0, q_l)).

    Parameters
    ----------
    activation : str
        ``"linear"``, ``"relu"``, ``"hardtanh"`` (discrete ν_K: exact
        results) or ``"tanh"`` (or another smooth registry activation with
        a numpy derivative for sampling: numeric results).
    depth : int
        L ≥ 1.
    sigma_w2 : positive number or sequence of ``depth`` of them, optional
        σ_w² (default 1), or σ_{w,1}², ..., σ_{w,L}² per layer.  Exact (int,
        str, Fraction, SymPy rational) for the exact routes; a float means
        its decimal (0.1 is 1/10).
    sigma_b2 : non-negative number or sequence of ``depth`` of them, optional
        σ_b² (default 0), or one per layer.
    weights : {"gaussian", "orthogonal"}, optional
        Gaussian X/√n or Haar-orthogonal σ_w O weights.
    q0 : positive number, optional
        Input second moment ‖x⁰‖²/n_0 (default 1).
    widths : sequence of depth + 1 positive numbers, optional
        n_0, n_1, ..., n_L (only the ratios enter the limit; default: all
        equal).  W_l is n_l × n_{l-1}; J Jᵀ is n_L × n_L.  Gaussian weights
        only when the widths differ.

    Raises
    ------
    RmtsymError
        Bad parameter (the message names it: ``sigma_w2[1]``, ``widths``,
        ``widths[0]``, ...).

    Notes
    -----
    .. math::

        \nu_{M^L} = \nu_{K^L} \boxtimes \nu_{W_L^\top W_L} \boxtimes \cdots
        \boxtimes \nu_{K^1} \boxtimes \nu_{W_1^\top W_1},\qquad
        S_{M^L}(w) = \prod_{l=1}^L S_{K^l}(w)\, S_W(w),

    S_W = 1/(σ_w²(1 + w)) (Gaussian), 1/σ_w² (orthogonal).  For relu ν_K is
    ½δ_0 + ½δ_1 at every layer; for hardtanh (1 − p_l)δ_0 + p_l δ_1 with
    p_l = P(abs(h) < 1) = erf(1/√(2 q_l)) — transcendental, so the exact
    results carry symbols p_1, ..., p_L (:meth:`parameter_values`).

    **Per-layer variances.**  Mean field q_1 = σ_{w,1}² q0 + σ_{b,1}²,
    q_{l+1} = σ_{w,l+1}² E φ(√q_l ξ)² + σ_{b,l+1}² (the widths do not enter:
    h_i^{l+1} = Σ_j W_ij x_j^l has variance σ_{w,l+1}² ‖x^l‖²/n_l); the layer
    factor is MP(1, σ_{w,l}²) (or δ_{σ_{w,l}²}) in place of MP(1, σ_w²).

    **Rectangular layers** (widths n_0, ..., n_L; c_l = n_l/n_{l-1},
    γ_l = n_L/n_l).  W_l = X_l/√n_{l-1}, X_l n_l × n_{l-1} i.i.d. of
    variance σ_l² = σ_{w,l}², so W_l W_lᵀ → MP(c_l, σ_l²) and
    W_lᵀ W_l → MP(1/c_l, c_l σ_l²) (the same nonzero eigenvalues on n_{l-1}
    dimensions).  M^l = J_l J_lᵀ = D_l W_l M^{l-1} W_lᵀ D_l on n_l dimensions.

    *Zero-mass bookkeeping.*  An n×n matrix A and an n'×n' matrix A' with
    the same nonzero eigenvalues have laws related by
    ν_{A'} = Z_α(ν_A) := α ν_A + (1 − α) δ_0, α = n/n', i.e. m' = α m − (1 − α)/z
    and ψ' = α ψ.  Then χ'(w) = χ(w/α) and

    .. math:: S_{Z_\alpha\mu}(w) = S_\mu(w/\alpha)\,\frac{1 + w}{\alpha + w}.

    *Route 2.*  The nonzero eigenvalues of W_l M^{l-1} W_lᵀ are those of
    (M^{l-1})^{1/2} W_lᵀ W_l (M^{l-1})^{1/2}, whose law on n_{l-1} dimensions
    is ν_{M^{l-1}} ⊠ MP(1/c_l, c_l σ_l²), with S = S_{l-1}(w)/(σ_l²(c_l + w)).
    Moving to n_l dimensions (α = 1/c_l) and multiplying by K_l = D_l²
    (asymptotically free of W_l M^{l-1} W_lᵀ, as in the square case):

    .. math::

        \mu_l = \nu_{K^l} \boxtimes Z_{1/c_l}\big(\mu_{l-1} \boxtimes
                \mathrm{MP}(1/c_l, c_l\sigma_l^2)\big),\qquad
        S_{\mu_l}(w) = S_{K^l}(w)\,\frac{S_{\mu_{l-1}}(c_l w)}{\sigma_l^2 (1 + c_l w)},

    (1/(σ²(1 + cw)) is S of MP(c, σ²) = law of W_l W_lᵀ, as it must be for
    M^{l-1} = I), and unrolled

    .. math::

        S_{M^L}(w) = \prod_{l=1}^{L} \frac{S_{K^l}(\gamma_l w)}
                     {\sigma_l^2\,(1 + \gamma_{l-1} w)}.

    Exactly (:meth:`measure`) the recursion is run with free_mul and Z_α;
    moments come from the series (:func:`product_moments` with ``gammas``);
    numerically, with v_l = χ_{K^l}(γ_l w)/(γ_l w), the system is
    ∫ v_l λ/(1 − γ_l w v_l λ) ν_K^l(dλ) = 1 and, the factors (1 + γ_l w)
    telescoping, z w ∏ v_l = ∏ σ_l² (1 + γ_0 w); m = −(1 + w)/z.

    *Route 1* (Pastur's system for rectangular layers).  The deterministic
    equivalent of (1/N) A^{1/2} X R Xᵀ A^{1/2} (X p × N, p/N → c; Hachem,
    Loubaton, Najim 2007, Ann. Appl. Probab. 17, Thm 2.4; Paul, Silverstein
    2009, J. Multivariate Anal. 100) with A = σ_l² K_l, R = M^{l-1},
    c = c_l, δ = −k/z, δ̃ = h gives

    .. math::

        k = c_l \int \frac{\lambda\,\nu_K(d\lambda)}{h\lambda + 1}\ (\mathrm{I}_c),\quad
        h = \int \frac{\lambda\,\nu_R(d\lambda)}{k\lambda - z}\ (\mathrm{II}),\quad
        f = -\frac1z + \frac{k h}{c_l z}\ (0_c),

    ν_K the law of σ_l² φ'(h)² — Pastur's (I), (II), (0) at c_l = 1.  With
    ν_R = ν_{M^{l-1}}: (II) is kh = 1 + (z/k) f_{l-1}(z/k), so (0_c) is
    f_l(z) = f_{l-1}(z/k)/(c_l k) − (1 − 1/c_l)/z (the zero mass Z_{1/c_l}
    appears by itself) and (I_c) is c_l ∫ λ ν_K(dλ)/(λT + k) = 1 with
    T = kh = c_l(1 + z f_l).  :class:`PasturSystem` solves this (Newton,
    k_l(∞) = c_l ∫λν_K) and, for discrete ν_K, eliminates k by resultants:
    P_{l-1}(k(c z m + c − 1)/z, z/k) = 0 with (I_c).  The two routes are
    independent (series/free_mul vs resultants of the fixed-point
    equations) and agree exactly (tests/test_your_network.py).

    *Atom at 0* (:meth:`atom_at_zero`): ν(A ⊠ B)({0}) = max(ν_A({0}), ν_B({0}))
    and Z_α moves mass a to αa + 1 − α, so a_0 = 0,
    a_l = max(ν_K^l({0}), (max(a_{l-1}, 1 − c_l) − 1)/c_l + 1); e.g.
    rank J ≤ min_l n_l gives a_L ≥ 1 − min_l n_l/n_L.

    References
    ----------
    Pastur, seed ``000_f11574a8ed5d65a0.txt``, system (I), (II), (0) and
    ν_M = ν_K ◇ ⋯ ◇ ν_K; Pennington, Schoenholz, Ganguli, arXiv:1802.09979.

    Examples
    --------
    >>> spec = JacobianSpectrum("relu", depth=2, sigma_w2=2, sigma_b2=0)
    >>> spec.moments(3)
    [1, 1, 5, 33]
    >>> JacobianSpectrum("linear", depth=3, weights="orthogonal", sigma_w2=2).moments(2)
    [1, 8, 64]

    Rectangular layers and one σ_w² per layer (J Jᵀ is 600 × 600 here):

    >>> net = JacobianSpectrum("relu", 2, sigma_w2=["3/2", 2], widths=[1000, 800, 600])
    >>> net.moments(2), net.atom_at_zero()
    ([1, 3/4, 369/160], 1/2)
    """

    def __init__(self, activation, depth, sigma_w2=1, sigma_b2=0, weights="gaussian", q0=1,
                 widths=None):
        from ..gaussian.activations import activation as _activation
        if not isinstance(activation, str):
            raise RmtsymError(f"activation must be a registry name (str), got {activation!r}")
        try:
            self._act = _activation(activation)
        except RmtsymError as exc:
            raise RmtsymError(f"activation: {exc}") from None
        self.activation = activation
        self.depth = _numbers.integer(depth, "depth", minimum=1, maximum=MAX_DEPTH)
        if weights not in ("gaussian", "orthogonal"):
            raise RmtsymError(f"weights must be 'gaussian' or 'orthogonal', got {weights!r}")
        self.weights = weights
        self.sigma_w2s = _per_layer(sigma_w2, "sigma_w2", self.depth, allow_zero=False)
        self.sigma_b2s = _per_layer(sigma_b2, "sigma_b2", self.depth, allow_zero=True)
        # one number when all layers share it (the square model's attribute), else the tuple
        self.sigma_w2 = self.sigma_w2s[0] if len(set(self.sigma_w2s)) == 1 else self.sigma_w2s
        self.sigma_b2 = self.sigma_b2s[0] if len(set(self.sigma_b2s)) == 1 else self.sigma_b2s
        self.widths = _widths(widths, self.depth)
        self._rect = self.widths is not None and len(set(self.widths)) > 1
        if self._rect and weights != "gaussian":
            raise RmtsymError("widths: layers of different widths need weights='gaussian' "
                              "(a Haar-orthogonal weight is square)")
        w = self.widths or (sp.Integer(1),) * (self.depth + 1)
        #: c_l = n_l/n_{l-1}, l = 1..L (all 1 for square layers)
        self.ratios = tuple(sp.Rational(w[l], w[l - 1]) for l in range(1, self.depth + 1))
        #: γ_l = n_L/n_l, l = 0..L
        self.gammas = tuple(sp.Rational(w[-1], w[l]) for l in range(self.depth + 1))
        self.q0 = _exact_positive(q0, "q0", allow_zero=True)
        if self.sigma_w2s[0] * self.q0 + self.sigma_b2s[0] == 0:
            raise RmtsymError("q0 and sigma_b2 are both 0: h = 0 and φ'(0) is undefined for "
                              "relu/hardtanh; give q0 > 0 or sigma_b2 > 0")
        self.is_discrete = activation in _DISCRETE
        if not self.is_discrete:
            try:
                self._act.derivative()
            except RmtsymError as exc:
                raise RmtsymError(f"activation: {exc}") from None
        self.parameters = tuple(sp.Symbol(f"p{l}", positive=True)
                                for l in range(1, depth + 1)) \
            if activation == "hardtanh" else ()

    def __repr__(self):
        def show(v):
            return "(" + ", ".join(str(x) for x in v) + ")" if isinstance(v, tuple) else str(v)
        extra = "" if self.widths is None else f", widths={show(self.widths)}"
        return (f"JacobianSpectrum({self.activation!r}, depth={self.depth}, "
                f"sigma_w2={show(self.sigma_w2)}, sigma_b2={show(self.sigma_b2)}, "
                f"weights={self.weights!r}, q0={self.q0}{extra})")

    @property
    def _uniform(self):
        """Square layers sharing one σ_w²: the original single-σ code paths apply."""
        return not self._rect and not isinstance(self.sigma_w2, tuple)

    def _sigma_arg(self, dps):
        """σ_w² for the route-2 numerics: one mpf (uniform) or the list of the layers'."""
        if not isinstance(self.sigma_w2, tuple):
            return self._mp(self.sigma_w2, dps)
        return [self._mp(v, dps) for v in self.sigma_w2s]

    def _latex(self, printer=None):
        r"""ν_{M^L} as the free multiplicative convolution of its layer laws (route 2)."""
        if self._rect:
            return self._latex_rect()
        def wlaw(l):
            w = sp.latex(self.sigma_w2s[l - 1])
            return (rf"\mathrm{{MP}}(1, {w})" if self.weights == "gaussian" else rf"\delta_{{{w}}}")
        layers = [rf"\nu_K^{{({l})}} \boxtimes {wlaw(l)}" for l in range(self.depth, 0, -1)]
        body = r" \boxtimes ".join(layers) if self.depth <= 3 else (
            layers[0] + r" \boxtimes \cdots \boxtimes " + layers[-1])
        act = sp.latex(self._act.expr) if getattr(self, "_act", None) is not None else self.activation
        return (rf"\nu_{{M^{{{self.depth}}}}} = {body},\quad \nu_K^{{(l)}} = \mathrm{{law}}\,"
                rf"\varphi'(h)^2,\ h \sim N(0, q_l),\ \varphi(x) = {act}")

    def _repr_latex_(self):
        return "$" + self._latex() + "$"

    def _latex_rect(self):
        act = sp.latex(self._act.expr) if getattr(self, "_act", None) is not None else self.activation
        w = sp.Symbol("w")
        factors = []
        for l in range(1, self.depth + 1):
            g, b = self.gammas[l], self.gammas[l - 1]
            arg = sp.latex(g * w)
            factors.append(rf"\frac{{S_{{K^{{({l})}}}}({arg})}}{{{sp.latex(self.sigma_w2s[l - 1])}"
                           rf"\,({sp.latex(1 + b * w)})}}")
        return (rf"S_{{M^{{{self.depth}}}}}(w) = " + r"\,".join(factors) +
                rf",\quad \nu_K^{{(l)}} = \mathrm{{law}}\,\varphi'(h)^2,\ h \sim N(0, q_l),"
                rf"\ \varphi(x) = {act},\ (n_0, \dots, n_L) \propto "
                rf"({', '.join(sp.latex(v) for v in self.widths)})")

    # -- mean field -------------------------------------------------------------
    def layer_variances(self, dps=None):
        r"""Mean-field variances [q_1, ..., q_L] of the pre-activations.

        q_1 = σ_w² q0 + σ_b², q_{l+1} = σ_w² E φ(√q_l ξ)² + σ_b².  Exact
        (SymPy) where :func:`rmtsym.gaussian.gaussian_expectation` has a
        closed form and ``dps`` is None, else mpmath numbers at ``dps``.

        Examples
        --------
        >>> JacobianSpectrum("relu", 3, sigma_w2=2, sigma_b2="1/2").layer_variances()
        [5/2, 3, 7/2]
        """
        from ..gaussian.integrals import gaussian_expectation
        if dps is None and not self.is_discrete:
            raise RmtsymError(f"layer_variances: {self.activation} needs dps=<digits>")
        qs = []
        sws, sbs = self.sigma_w2s, self.sigma_b2s
        if dps is None:
            q = sws[0] * self.q0 + sbs[0]
            for l in range(self.depth):
                qs.append(sp.simplify(q))
                if l + 1 < self.depth:
                    q = sws[l + 1] * gaussian_expectation(self._act, q, power=2) + sbs[l + 1]
            return qs
        with mpmath.workdps(dps + 10):
            sw = [self._mp(v, dps) for v in sws]
            sb = [self._mp(v, dps) for v in sbs]
            q = sw[0] * self._mp(self.q0, dps) + sb[0]
            for l in range(self.depth):
                qs.append(q)
                if l + 1 < self.depth:
                    q = sw[l + 1] * gaussian_expectation(self._act, q, dps=dps + 5, power=2) \
                        + sb[l + 1]
        with mpmath.workdps(dps):
            return [+v for v in qs]

    @staticmethod
    def _mp(v, dps):
        return mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q if v.is_Rational \
            else mpmath.mpf(str(sp.N(v, dps + 10)))

    def parameter_values(self, dps=30):
        """Values of the symbols p_l = P(abs(h^l) < 1) (hardtanh only), {symbol: mpf}.

        Examples
        --------
        >>> vals = JacobianSpectrum("hardtanh", 1, sigma_w2=2, q0="1/2").parameter_values(15)
        >>> print(mpmath.nstr(list(vals.values())[0], 12))    # erf(1/sqrt(2))
        0.682689492137
        """
        if not self.parameters:
            return {}
        qs = self.layer_variances(dps=dps + 5)
        with mpmath.workdps(dps + 5):
            vals = [mpmath.erf(1 / mpmath.sqrt(2 * q)) for q in qs]
        with mpmath.workdps(dps):
            return {p: +v for p, v in zip(self.parameters, vals)}

    def mask_laws(self):
        r"""The exact layer laws ν_K^l = law of φ'(h^l)² as {atom: weight} dicts.

        Discrete activations only: linear δ_1, relu ½δ_0 + ½δ_1, hardtanh
        (1 − p_l)δ_0 + p_l δ_1 (symbol p_l, see :meth:`parameter_values`).
        """
        return self._exact_laws()

    def _exact_laws(self, subs=None):
        if subs:
            bad = [k for k in subs if k not in self.parameters]
            if bad:
                raise RmtsymError(f"subs: unknown parameters {bad} (this model has "
                                  f"{list(self.parameters)})")
            return [{a: sp.sympify(p).subs(subs) for a, p in law.items()}
                    for law in self._exact_laws()]
        if not self.is_discrete:
            raise RmtsymError(f"mask_laws: ν_K of {self.activation!r} is not discrete")
        half = sp.Rational(1, 2)
        if self.activation == "linear":
            return [{sp.Integer(1): sp.Integer(1)} for _ in range(self.depth)]
        if self.activation == "relu":
            return [{sp.Integer(0): half, sp.Integer(1): half} for _ in range(self.depth)]
        return [{sp.Integer(0): 1 - p, sp.Integer(1): p} for p in self.parameters]

    def _numeric_laws(self, dps):
        """Layer laws as node sets at ``dps`` (atoms, or Gaussian quadrature)."""
        cache = self.__dict__.setdefault("_law_cache", {})
        if dps not in cache:
            cache[dps] = self._numeric_laws_uncached(dps)
        return cache[dps]

    def _numeric_laws_uncached(self, dps):
        if self.is_discrete:
            vals = self.parameter_values(dps + 5)
            out = []
            with mpmath.workdps(dps + 15):
                for law in self._exact_laws():
                    nodes, weights = [], []
                    for a, p in law.items():
                        nodes.append(mpmath.mpf(int(a)))
                        weights.append(mpmath.mpf(str(sp.N(p.subs(vals), dps + 15)))
                                       if p.free_symbols else self._mp(p, dps + 15))
                    out.append(_Law(nodes, weights, law))
            return out
        return [self._gauss_law(q, dps) for q in self.layer_variances(dps=dps + 15)]

    def _gauss_law(self, q, dps):
        wd = dps + 15
        # orthogonal weights: the subordination point of ν_K comes close to its support (no
        # Marchenko–Pastur smoothing in between), the Cauchy integrand is nearly singular and
        # one Gauss–Legendre panel per unit gives only ~dps/2 digits; four panels give dps.
        nodes, weights = _gauss_nodes(wd, 4 if self.weights == "orthogonal" else 1)
        d = self._act.derivative().mpmath_function()
        with mpmath.workdps(wd):
            s = mpmath.sqrt(q)
            if self._act.is_even or self._act.is_odd:       # φ'² even
                a = [d(s * g) ** 2 for g in nodes]
                return _Law(a, list(weights), None, f"nu_K(q={mpmath.nstr(q, 8)})")
            a = [d(s * g) ** 2 for g in nodes] + [d(-s * g) ** 2 for g in nodes]
            return _Law(a, [w / 2 for w in weights] * 2, None)

    # -- route 2 exact: free multiplicative convolution ------------------------
    def measure(self, subs=None):
        r"""The law ν_{M^L} by free multiplicative convolution (route 2).

        Parameters
        ----------
        subs : dict, optional
            Exact values for the hardtanh symbols p_l, substituted into ν_K
            before the convolution (e.g. rational stand-ins to check the
            elimination quickly; the model's own p_l are transcendental).

        Returns
        -------
        AlgebraicMeasure
            For linear, relu, hardtanh: ⊠_l (ν_K^l ⊠ ν_{WᵀW}) with exact
            canonical Stieltjes polynomial (hardtanh: over Z[p_1..p_L]).
        NumericMeasure
            For smooth φ: density from the S-transform system at the
            caller's precision (:func:`s_transform_stieltjes`), support
            [0, upper edge].
        """
        if not self.is_discrete:
            return self._numeric_measure()
        from ..free.convolution import free_mul
        from ..laws.named import atoms, marchenko_pastur, point_mass
        if self._rect:
            return self._measure_rect(subs)
        mu = None
        for law, s2 in zip(self._exact_laws(subs), self.sigma_w2s):
            wtw = marchenko_pastur(1, s2) if self.weights == "gaussian" else point_mass(s2)
            law = {a: p for a, p in law.items() if p != 0}
            layer = free_mul(atoms(dict(law)), wtw) if len(law) > 1 or 1 not in law else wtw
            mu = layer if mu is None else free_mul(layer, mu)
        mu.label = f"Jacobian({self.activation}, L={self.depth})"
        return mu

    def _measure_rect(self, subs=None):
        r"""Route 2 for rectangular layers: μ_l = ν_K^l ⊠ Z_{1/c_l}(μ_{l-1} ⊠ MP(1/c_l, c_l σ_l²)).

        Z_α(μ) = α μ + (1 − α) δ_0 moves a law between dimensions n_{l-1}
        and n_l (α = n_{l-1}/n_l), see the class Notes.
        """
        from ..free.convolution import free_mul
        from ..laws.named import atoms, marchenko_pastur
        mu = None
        for law, s2, c in zip(self._exact_laws(subs), self.sigma_w2s, self.ratios):
            if mu is None:
                mu = marchenko_pastur(c, s2)                 # W_1 W_1ᵀ on n_1 dimensions
            else:
                mu = free_mul(mu, marchenko_pastur(1 / c, c * s2))   # M^{1/2} WᵀW M^{1/2}
                if c != 1:
                    mu = _zero_mix(mu, 1 / c)
            law = {a: p for a, p in law.items() if p != 0}
            if len(law) > 1 or 1 not in law:
                mu = free_mul(atoms(dict(law)), mu)
        mu.label = f"Jacobian({self.activation}, L={self.depth}, widths={self.widths})"
        return mu

    def _numeric_measure(self):
        from ..numerics import NumericMeasure
        spec = self

        def density(x):
            dps = mpmath.mp.dps
            x = mpmath.mpf(x)
            if x <= 0:
                return mpmath.mpf(0)
            return max(mpmath.im(spec.stieltjes(x, dps)) / mpmath.pi, mpmath.mpf(0))
        edge = self._support_bound()
        at0 = self.atom_at_zero() if self._rect else 0
        return NumericMeasure(density, [(0, edge)], atoms=((0, at0),) if at0 else (),
                              label=f"Jacobian({self.activation}, L={self.depth})")

    def _support_bound(self):
        mx = 1
        for law in self._numeric_laws(15):
            mx *= float(law.max)
        if not self._uniform:
            for s2, c in zip(self.sigma_w2s, self.ratios):
                mx *= float(s2) * ((1 + math.sqrt(float(c))) ** 2
                                   if self.weights == "gaussian" else 1)
            return mx
        c = float(self.sigma_w2) * (4 if self.weights == "gaussian" else 1)
        return mx * c ** self.depth

    # -- route 1 -----------------------------------------------------------------
    def pastur_system(self):
        """Route 1: Pastur's system (I), (II), (0) (:class:`PasturSystem`).

        For ``weights="orthogonal"`` the same layer recursion with the
        multiplicative-subordination equation in place of (I) (see
        :class:`PasturSystem`), independent of the S-transform route 2.
        """
        return PasturSystem(self)

    # -- numerics ------------------------------------------------------------------
    def stieltjes(self, z, dps=30):
        """Stieltjes transform m(z) of ν_{M^L} at ``dps`` digits (route 2 numeric)."""
        return s_transform_stieltjes(self._numeric_laws, self._sigma_arg(dps + 10),
                                     self.weights, z, dps,
                                     gammas=self.gammas if self._rect else None)

    def density(self, x, dps=30):
        """Density of the absolutely continuous part at x > 0 (route 2 numeric)."""
        with mpmath.workdps(dps + 10):
            x = mpmath.mpf(x)
            if x <= 0:
                raise RmtsymError(f"density: x must be > 0, got {x}")
            v = mpmath.im(self.stieltjes(x, dps + 5)) / mpmath.pi
        with mpmath.workdps(dps):
            return +max(v, mpmath.mpf(0))

    def density_grid(self, xs):
        """Density at many points x > 0 in double precision (fast; for KS tests and figures).

        Route 2 (S-transforms) continued along the real axis
        (:func:`s_transform_density_grid`); ~1 ms a point for tanh at L = 2.
        Point values to ``dps`` digits: :meth:`density`.

        Examples
        --------
        >>> spec = JacobianSpectrum("linear", depth=1, sigma_w2=2)   # MP(1, 2)
        >>> [round(float(v), 10) for v in spec.density_grid([4.0, 9.0])]   # sqrt(x(8-x))/(4 pi x)
        [0.0795774715, 0.0]
        """
        return s_transform_density_grid(self._numeric_laws, self._sigma_arg(25),
                                        self.weights, xs,
                                        gammas=self.gammas if self._rect else None)

    def atom_at_zero(self):
        """Mass of the atom of ν_{M^L} at 0: max_l ν_K^l({0}) (exact for discrete laws)."""
        if self._rect:
            return self._atom_rect()
        if not self.is_discrete:
            return sp.Integer(0)
        masses = [law.get(sp.Integer(0), sp.Integer(0)) for law in self._exact_laws()]
        if self.activation == "hardtanh":
            return masses          # 1 - p_l; the atom is their maximum
        return max(masses)

    def _atom_rect(self):
        r"""Atom at 0 for rectangular layers, by the recursion of the class Notes:
        a_l = max(ν_K^l({0}), (max(a_{l-1}, 1 − c_l) − 1)/c_l + 1), a_0 = 0
        (hardtanh: a SymPy Max in the p_l)."""
        a = sp.Integer(0)
        laws = self._exact_laws() if self.is_discrete else [{} for _ in range(self.depth)]
        for law, c in zip(laws, self.ratios):
            inner = sp.Max(a, 1 - c, 0)
            a = sp.Max(law.get(sp.Integer(0), sp.Integer(0)), (inner - 1) / c + 1, 0)
        return a

    # -- moments ----------------------------------------------------------------
    def moments(self, k, dps=None):
        r"""Moments [m_0, ..., m_k] of ν_{M^L}, m_j = lim E (1/n) tr (J Jᵀ)^j.

        Exact (SymPy; polynomials in p_l for hardtanh) for discrete ν_K when
        ``dps`` is None; mpmath numbers at ``dps`` digits otherwise (ν_K
        moments by Gaussian quadrature).  Computed by the S-transform
        composition S_M = ∏ S_{K_l} S_W (:func:`product_moments`).

        Examples
        --------
        >>> JacobianSpectrum("linear", depth=2, sigma_w2=3).moments(3)   # 3^(2j) FC_2(j)
        [1, 9, 243, 8748]
        """
        k = _numbers.order(k, "k", maximum=MAX_MOMENT_ORDER)
        dps = _numbers.dps(dps)
        if k == 0:
            return [sp.Integer(1)] if dps is None else [mpmath.mpf(1)]
        n = k + 1
        if dps is None:
            if not self.is_discrete:
                raise RmtsymError(f"moments: {self.activation} has no exact moments; "
                                  "pass dps=<digits>")
            laws = [[sp.expand(sum(p * a ** j for a, p in law.items())) for j in range(n + 1)]
                    for law in self._exact_laws()]
            if self._uniform:
                sws = [self._s_w_series(self.sigma_w2, n)] * self.depth
            else:
                sws = [self._s_w_series(s2, n, beta) for s2, beta
                       in zip(self.sigma_w2s, self.gammas[:-1])]
            gam = None if not self._rect else self.gammas[1:]
            # nsimplify only for non-rationals: it rounds a tiny exact 2^-400 to 0
            return [sp.factor(v) if self.parameters else (v if v.is_Rational else sp.nsimplify(v))
                    for v in product_moments(laws, sws, k, sp.expand,
                                             sp.Integer(1), gammas=gam)]
        with mpmath.workdps(dps + 10):
            laws = [[law.moment(j) for j in range(n + 1)] for law in self._numeric_laws(dps + 5)]
            if self._uniform:
                sws = [self._s_w_series(self._mp(self.sigma_w2, dps + 10), n)] * self.depth
            else:
                sws = [self._s_w_series(self._mp(s2, dps + 10), n, beta) for s2, beta
                       in zip(self.sigma_w2s, self.gammas[:-1])]
            gam = None if not self._rect else [mpmath.mpf(g.p) / g.q for g in self.gammas[1:]]
            out = product_moments(laws, sws, k, one=mpmath.mpf(1), gammas=gam)
        with mpmath.workdps(dps):
            return [+v for v in out]

    def _s_w_series(self, s2, n, beta=1):
        if self.weights == "gaussian":             # 1/(s2 (1 + beta w)): S of MP(beta, s2)
            if beta != 1:
                b = beta if isinstance(s2, sp.Basic) else mpmath.mpf(beta.p) / beta.q
                return [(-b) ** j / s2 for j in range(n)]
            return [sp.Integer(-1) ** j / s2 if isinstance(s2, sp.Basic) else (-1) ** j / s2
                for j in range(n)]
        return [1 / s2] + [0] * (n - 1)

    # -- sampling -----------------------------------------------------------------
    def sample(self, n, samples, seed, jobs=1):
        r"""Eigenvalues of J Jᵀ of ``samples`` independent random networks of width n.

        Each network is the real thing: Gaussian (or Haar) weights, Gaussian
        biases, an input with ‖x⁰‖²/n = q0, forward pass, J by the chain
        rule, eigenvalues of J Jᵀ (numpy ``eigvalsh``, float64).

        Parameters
        ----------
        n : int
            Width (≥ 2); with ``widths``, the output width n_L (layer l has
            round(n w_l/w_L) units).
        samples : int
            Number of networks (≥ 1).
        seed : int
            Root seed: network i uses ``default_rng(SeedSequence(seed).spawn(samples)[i])``.
        jobs : int, optional
            Worker processes (result independent of ``jobs``).

        Notes
        -----
        ``SAMPLERS["jacobian"]`` (:func:`rmtsym.sampling.jacobian_network`)
        through :func:`rmtsym.sampling.sample_spectra`, the only place where
        random numbers are drawn.  Runs with one BLAS thread per process; the
        layers' Gaussian matrices are drawn in parallel threads instead.

        Returns
        -------
        rmtsym.sampling.SpectrumSample
            ``eigenvalues`` of shape (samples, n), with n, samples, seed and
            the model parameters recorded.

        Examples
        --------
        >>> s = JacobianSpectrum("relu", 2, sigma_w2=2).sample(50, 3, seed=1)
        >>> s.eigenvalues.shape, s.seed
        ((3, 50), 1)
        """
        from ..sampling.ensembles import JACOBIAN_ACTIVATIONS, sample_spectra
        for name, v, lo in (("n", n, 2), ("samples", samples, 1), ("jobs", jobs, 1)):
            if not isinstance(v, int) or isinstance(v, bool) or v < lo:
                raise RmtsymError(f"{name} must be an integer >= {lo}, got {v!r}")
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise RmtsymError(f"seed must be a non-negative integer, got {seed!r}")
        if self.activation not in JACOBIAN_ACTIVATIONS:
            raise RmtsymError(f"sample: no numpy sampler for activation {self.activation!r} "
                              f"(available: {sorted(JACOBIAN_ACTIVATIONS)})")
        return sample_spectra("jacobian", n, samples, seed, self.sample_params(), jobs=jobs)

    def sample_params(self):
        """The float parameters of the sampler (recorded with every sample).

        With ``widths`` the sampled network has n_l = round(n · w_l/w_L)
        (n the output width; only the ratios of the model's widths matter).
        """
        def fl(v):
            return tuple(float(x) for x in v) if isinstance(v, tuple) else float(v)
        out = {"activation": self.activation, "depth": self.depth,
               "sigma_w2": fl(self.sigma_w2), "sigma_b2": fl(self.sigma_b2),
               "q0": float(self.q0), "weights": self.weights}
        if self._rect:
            out["widths"] = tuple(float(w) for w in self.widths)
        return out


    def upper_edge(self, dps=15, tol=1e-10):
        r"""Upper edge of the support of ν_{M^L} (the support is [0, edge], plus an atom at 0).

        Bisection on the sign of the density ρ(x) = Im m(x + i0)/π
        (Pastur's system for Gaussian weights, S-transforms otherwise) in
        [0, ∏_l (4σ_w² max ν_K^l)]; relative accuracy ``tol``.

        Examples
        --------
        >>> e = JacobianSpectrum("linear", depth=1, sigma_w2=2).upper_edge()   # MP(1, 2): 8
        >>> abs(e - 8) < 1e-8
        True
        """
        dens = (self.pastur_system().density if self.weights == "gaussian" else self.density)
        lo, hi = 0.0, float(self._support_bound())
        if self.weights == "orthogonal" and self.activation == "linear":
            return float(self.sigma_w2) ** self.depth if self._uniform else \
                float(sp.prod(self.sigma_w2s))
        while hi - lo > tol * hi:
            mid = (lo + hi) / 2
            try:
                v = dens(mid, dps=dps)
            except (ConvergenceError, BranchError):
                v = 0
            if v > mpmath.mpf(10) ** (-(dps // 2)):
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2
