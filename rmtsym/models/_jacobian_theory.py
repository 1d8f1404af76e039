r"""Float theory of :class:`~rmtsym.models.jacobian.JacobianSpectrum` for sampled checks (KS, moments).

Moved out of the claim helpers (``rmtsym/claims/_jacobian.py``): the numeric
values of the hardtanh probabilities, float moments, the finite-width KS
bias of a law with an atom at 0, the tabulated density of a smooth-φ law and
the (density, support, atoms) triple the KS test of
:func:`rmtsym.verify.empirical_spectrum` consumes.  Model: seed
``000_f11574a8ed5d65a0.txt`` (Pastur 2022, "On random matrices arising in
deep neural networks"); conventions in :mod:`rmtsym.models.jacobian`.

KS bias for laws with an atom at 0 (relu, hardtanh): at width n the rank of
J is min_l rank D_l with rank D_l = n p_l + O(√n) Gaussian fluctuations, so
the mass at 0 is biased by up to ½√(2 ln L)/√n — an O(1/√n) effect that
averaging and Richardson extrapolation do not remove.  :func:`ks_kappa`
returns κ = 2 + ½√(2 ln L)·√n_max for the KS threshold κ/N of
:func:`rmtsym.verify.ks_threshold` (n_max the largest width sampled), so
that κ/N ≥ 2/N + ½√(2 ln L)/√N at every width used.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

if TYPE_CHECKING:                                   # pragma: no cover
    from .jacobian import JacobianSpectrum

__all__ = ["numeric_params", "float_moments", "ks_kappa", "atom_mass", "tabulated_density",
           "theory_density"]

Density = Callable[[Any], np.ndarray]


def numeric_params(spec: JacobianSpectrum, dps: int = 20) -> dict[sp.Symbol, sp.Float]:
    """The hardtanh symbols p_l as SymPy Floats of ``dps`` digits ({} for other activations).

    Examples
    --------
    >>> from rmtsym.models.jacobian import JacobianSpectrum
    >>> numeric_params(JacobianSpectrum("hardtanh", 1, sigma_w2=2, q0="1/2"), 12)   # erf(1/sqrt 2)
    {p1: 0.682689492137}
    """
    return {p: sp.Float(str(v), dps) for p, v in spec.parameter_values(dps).items()}


def float_moments(spec: JacobianSpectrum, K: int) -> list[sp.Float]:
    """Moments m_0..m_K of ``spec`` as 18-digit SymPy Floats (exact ones evaluated).

    Examples
    --------
    >>> from rmtsym.models.jacobian import JacobianSpectrum
    >>> [float(v) for v in float_moments(JacobianSpectrum("linear", 2, sigma_w2=2), 2)]   # FC_3 scaled
    [1.0, 4.0, 48.0]
    """
    if spec.is_discrete:
        vals = numeric_params(spec)
        return [sp.N(sp.sympify(m).subs(vals), 18) for m in spec.moments(K)]
    return [sp.Float(str(m), 18) for m in spec.moments(K, dps=20)]


def ks_kappa(depth: int, n_max: int, atom: bool) -> float:
    """κ of the KS threshold κ/N: 2, plus ½√(2 ln L)·√n_max for an atom at 0 (module docstring).

    Examples
    --------
    >>> ks_kappa(1, 400, True), round(ks_kappa(2, 400, True), 6)    # 2 + 10 sqrt(2 ln 2)
    (2.0, 13.7741)
    """
    return 2.0 + (0.5 * math.sqrt(2 * math.log(depth)) * math.sqrt(n_max)
                  if atom and depth >= 2 else 0.0)


def atom_mass(spec: JacobianSpectrum) -> float:
    """Float mass of the atom at 0 (the largest per-layer mass; hardtanh at its p_l values).

    Examples
    --------
    >>> from rmtsym.models.jacobian import JacobianSpectrum
    >>> atom_mass(JacobianSpectrum("relu", 2, sigma_w2=2))
    0.5
    """
    if not spec.is_discrete:
        return 0.0
    vals = numeric_params(spec)
    masses = spec.atom_at_zero()
    masses = masses if isinstance(masses, list) else [masses]
    return float(max(sp.N(sp.sympify(a).subs(vals)) for a in masses))


def tabulated_density(grid: Callable[[Any], Any], a: float, b: float, nodes: int = 600) -> Density:
    r"""Vectorised density on [a, b] from ``nodes`` exact values, for :func:`cdf_from_density`.

    ``grid(xs)`` returns the theory density at the interior nodes
    x_j = a + (b − a) v(u_j), u_j = (1 − cos θ_j)/2, v = u²(3 − 2u), θ_j
    equispaced in [0, π] (x − a ~ θ⁴ at each end).  Between interior nodes
    the function returned interpolates f(θ) = ρ(x(θ)) dx/dθ linearly in θ
    (θ(x) by the exact inverse of the smoothstep) and returns f/(dx/dθ); f is
    bounded and smooth in θ in the bulk, so this integrates to the CDF up to
    O(Δθ²).  Between an end of [a, b] and its nearest node the density is
    the power law c·|x − e|^(−α) through the two nodes nearest to that end
    (exact for the edge behaviour x^(−L/(L+1)) at a hard edge and
    (b − x)^(1/2) at a soft one, to leading order).  0 outside [a, b].
    """
    a, b = float(a), float(b)
    th = np.linspace(0.0, math.pi, nodes)

    def x_of(t):
        u = (1 - np.cos(t)) / 2
        return a + (b - a) * u * u * (3 - 2 * u)

    def dx_of(t):
        u = (1 - np.cos(t)) / 2
        return (b - a) * 6 * u * (1 - u) * np.sin(t) / 2

    def theta_of(x):
        v = np.clip((x - a) / (b - a), 0.0, 1.0)
        w = np.minimum(v, 1 - v)                       # smoothstep inverse on the near half
        sq = np.sqrt(w / 3)
        u = np.where(w < 1e-6, sq + sq * sq / 3,
                     0.5 - np.sin(np.arcsin(np.clip(1 - 2 * w, -1, 1)) / 3))
        u = np.where(v <= 0.5, u, 1 - u)
        return 2 * np.arcsin(np.sqrt(np.clip(u, 0.0, 1.0)))

    x = x_of(th)
    rho = np.asarray(grid(x[1:-1]), dtype=float)
    if rho.shape != (nodes - 2,) or not np.all(np.isfinite(rho)) or np.any(rho < 0):
        raise ValueError("tabulated_density: the density grid returned invalid values")
    f = np.concatenate([[0.0], rho * dx_of(th[1:-1]), [0.0]])

    def power(d1, d2, r1, r2):
        if r1 > 0 and r2 > 0 and d1 > 0 and d2 > d1:
            return min(max(-math.log(r2 / r1) / math.log(d2 / d1), -2.0), 0.95)
        return 0.0
    lo_x, hi_x = x[1], x[-2]
    al = power(x[1] - a, x[2] - a, rho[0], rho[1])
    ar = power(b - x[-2], b - x[-3], rho[-1], rho[-2])

    def density(xs):
        xs = np.asarray(xs, dtype=float)
        t = theta_of(xs)
        with np.errstate(all="ignore"):
            mid = np.interp(t, th, f) / dx_of(t)
            left = rho[0] * ((xs - a) / (lo_x - a)) ** (-al)
            right = rho[-1] * ((b - xs) / (b - hi_x)) ** (-ar)
        val = np.where(xs < lo_x, left, np.where(xs > hi_x, right, mid))
        return np.where((xs > a) & (xs < b) & np.isfinite(val), val, 0.0)
    return density


def _algebraic_density(spec: JacobianSpectrum) -> Density:
    """Vectorised float density of a discrete-ν_K law on the physical branch (0 at x <= 0).

    :func:`rmtsym.numerics.floatgrid.density_grid_float` on
    :meth:`JacobianSpectrum.grid_polynomial`; the last four grids are
    remembered (a KS test asks for the same nodes more than once).
    """
    from ..numerics.floatgrid import density_grid_float
    P = spec.grid_polynomial()
    memo: dict[tuple[Any, bytes], np.ndarray] = {}

    def rho(xs: Any) -> np.ndarray:
        xs = np.atleast_1d(np.asarray(xs, dtype=float))
        key = (xs.shape, xs.tobytes())
        if key not in memo:
            flat = xs.ravel()
            out = np.zeros(flat.shape)
            pos = np.isfinite(flat) & (flat > 0)
            if pos.any():
                out[pos] = density_grid_float(P, flat[pos])
            if len(memo) >= 4:
                memo.pop(next(iter(memo)))
            memo[key] = out.reshape(xs.shape)
        return memo[key].copy()
    return rho


def theory_density(spec: JacobianSpectrum
                   ) -> tuple[Density, list[tuple[float, float]], list[tuple[float, float]]]:
    """(density, support, atoms) of ``spec`` for the KS test of sampled networks.

    Parameters
    ----------
    spec : JacobianSpectrum

    Returns
    -------
    tuple
        ``rho(x: ndarray) -> ndarray`` (the a.c. part, 0 outside the
        support), the support intervals and the atoms [(0, mass)].

    Notes
    -----
    * linear (no parameters, no atom): :meth:`JacobianSpectrum.density_grid`
      (the float grid on the physical branch of the route-2 polynomial),
      tabulated at 600 nodes on [0, upper edge] (:func:`tabulated_density`).
    * relu, hardtanh (atom at 0): the float grid of
      :meth:`JacobianSpectrum.grid_polynomial` at every point asked for
      (hardtanh: the p_l as 20-digit rationals); the support starts at
      1e-7·edge, which keeps the pole of the atom out of the a.c. part.
    * smooth φ (tanh): :meth:`JacobianSpectrum.density_grid` (the S-transform
      system continued along the axis, double precision) at 1200 nodes on
      [0, bound]: near 0 the density is ~ x^(-2/3) with slowly varying
      corrections (ρ x^(2/3) doubles between x = 1e-10 and 1e-12), so the
      edge needs a finer grid.

    Examples
    --------
    >>> from rmtsym.models.jacobian import JacobianSpectrum
    >>> rho, sup, atoms = theory_density(JacobianSpectrum("relu", 1, sigma_w2=2))
    >>> atoms, round(float(rho(np.array([2.0]))[0]), 10)     # ½δ_0 + ½·(2 MP(1/2)): √7/(8π) at 2
    ([(0.0, 0.5)], 0.1052710998)
    """
    if not spec.is_discrete:
        B = float(spec._support_bound())
        return tabulated_density(spec.density_grid, 0.0, B, nodes=1200), [(0.0, B)], []
    atom = atom_mass(spec)
    atoms = [(0.0, atom)] if atom > 0 else []
    edge = spec.upper_edge()
    if not spec.parameters and not atoms:
        return tabulated_density(spec.density_grid, 0.0, edge), [(0.0, edge)], atoms
    return _algebraic_density(spec), [(1e-7 * edge if atom else 0.0, edge)], atoms
