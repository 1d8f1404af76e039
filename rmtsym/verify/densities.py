"""Float densities on the physical branch, CDFs from densities, KS distances and thresholds."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy

from ..core.errors import RmtsymError, require
from ..core.protocol import is_exact

__all__ = ['cdf_from_density', 'float_density', 'density_from_polynomial', 'ks_distance', 'ks_threshold']


# ---------------------------------------------------------------------------
# float-precision theory helpers for figures and the KS test
# ---------------------------------------------------------------------------

def cdf_from_density(density: Callable[[np.ndarray], np.ndarray], support: Sequence[tuple[Any, Any]],
                     atoms: Sequence[tuple[Any, Any]] = (), points: int = 8001,
                     error: bool = False) -> Any:
    r"""Tabulate a CDF from a density callable (float precision, for KS and figures).

    Parameters
    ----------
    density : callable
        Vectorised ``density(x: ndarray) -> ndarray`` of the absolutely continuous part.
    support : list of (a, b)
        Intervals carrying the density (finite).
    atoms : list of (x, w), optional
        Point masses.
    points : int, optional
        Nodes per interval (odd, >= 5, so that every other node is a table
        of half the size).
    error : bool, optional
        If True also return an error estimate of the table.

    Returns
    -------
    callable or (callable, float)
        ``F(x: ndarray) -> ndarray``, right-continuous, *not* renormalised (a
        density of the wrong mass shows in the KS distance); with
        ``error=True`` also the estimate sup |F_points − F_(points+1)/2| over
        the common nodes, summed over the intervals (the table of half the
        size uses every other node: no extra density evaluations).

    Notes
    -----
    On each interval x = a + (b − a) v(u), u = (1 − cos θ)/2, v = u²(3 − 2u),
    θ ∈ [0, π]: x − a ~ θ⁴ near each end, which removes integrable edge
    singularities up to |x − a|^{−3/4} (the Fuss–Catalan law has |x|^{−2/3});
    the cumulative trapezoid rule in θ is accurate to about 1e-5 for the laws
    used here, well below the KS thresholds (>= 1e-3).

    Raises
    ------
    RmtsymError
        On an empty or unbounded support interval, or an even ``points``.

    Examples
    --------
    >>> F = cdf_from_density(lambda x: np.sqrt(np.clip(4 - x * x, 0, None)) / (2 * np.pi), [(-2, 2)])
    >>> [round(float(v), 6) for v in F(np.array([-3.0, 0.0, 2.0]))]
    [0.0, 0.5, 1.0]
    """
    require(isinstance(points, (int, np.integer)) and points >= 5 and points % 2 == 1,
            f"points must be an odd integer >= 5, got {points!r}")
    tables, err = [], 0.0
    for a, b in support:
        a, b = float(a), float(b)
        require(math.isfinite(a) and math.isfinite(b) and b > a,
                f"support intervals must be finite with a < b, got {(a, b)}")
        th = np.linspace(0.0, math.pi, points)
        u = (1 - np.cos(th)) / 2
        v = u * u * (3 - 2 * u)                      # smoothstep: flat at both ends
        x = a + (b - a) * v
        dxdth = (b - a) * 6 * u * (1 - u) * np.sin(th) / 2
        with np.errstate(all="ignore"):
            f = np.asarray(density(x), dtype=float) * dxdth
        f = np.nan_to_num(f, nan=0.0, posinf=0.0, neginf=0.0)
        cum = np.concatenate([[0.0], np.cumsum((f[1:] + f[:-1]) / 2 * np.diff(th))])
        f2, th2 = f[::2], th[::2]
        cum2 = np.concatenate([[0.0], np.cumsum((f2[1:] + f2[:-1]) / 2 * np.diff(th2))])
        err += float(np.max(np.abs(cum[::2] - cum2)))
        tables.append((a, b, x, cum))
    atoms = [(float(x), float(w)) for x, w in atoms]

    def F(xs):
        xs = np.asarray(xs, dtype=float)
        out = np.zeros_like(xs)
        for a, b, x, cum in tables:
            out += np.where(xs >= b, cum[-1], np.where(xs <= a, 0.0, np.interp(xs, x, cum)))
        for x0, w in atoms:
            out += np.where(xs >= x0, w, 0.0)
        return out
    return (F, err) if error else F


def float_density(mu: Any, dps: int = 15) -> Callable[[Any], np.ndarray]:
    r"""Vectorised float density of an algebraic measure on its physical branch (figures and KS).

    Parameters
    ----------
    mu : AlgebraicMeasure or sympy.Poly
        A measure without free parameters, or its Stieltjes polynomial
        P(m, z) as a ``Poly`` in ``(m, z)`` with numeric coefficients.
    dps : int, optional
        Working digits of :func:`rmtsym.numerics.density` (default 15: the
        values are returned as floats).

    Returns
    -------
    callable
        ``rho(x: ndarray) -> ndarray`` (shape of ``numpy.atleast_1d(x)``):
        the density of the absolutely continuous part, 0 outside its support,
        ``inf`` at a hard edge (a pole of the a.c. part).  The last few grids
        asked for are remembered, so a table built once (e.g. the nodes of
        :func:`cdf_from_density`) is not recomputed.

    Raises
    ------
    RmtsymError
        If ``mu`` has free parameters or is not a measure / Poly.
    rmtsym.core.errors.BranchError, rmtsym.core.errors.ConvergenceError
        From :mod:`rmtsym.numerics` when the physical branch cannot be
        isolated (never a NaN or a best guess).

    Notes
    -----
    .. math:: \rho(x) = \frac{1}{\pi}\lim_{\eta\downarrow 0}\operatorname{Im} m(x + i\eta)

    on the physical branch m ~ −1/z, continued along the real axis inside
    each support interval (:func:`rmtsym.numerics.density` on a grid).  For a
    Stieltjes polynomial of degree >= 4 in m several roots of P(·, x) can lie
    in the upper half plane, so the root with the largest imaginary part is
    not the physical one in general (e.g. MP(1/2) ⊠ MP(1/3) ⊠ MP(2/3), tested
    in ``tests/test_verify.py``).  Points outside the support intervals
    (:func:`rmtsym.numerics.support`) are not evaluated.  At ``dps <= 15``
    the grid is computed in float64 by :func:`rmtsym.numerics.density_grid_float`
    (all roots at once, matched by continuity from a certified anchor, ambiguous
    points handed to the high-precision continuation): a few ms per 1000
    points; above 15 digits by :func:`rmtsym.numerics.density` (~0.2–1 ms per point).

    Examples
    --------
    >>> m, z = sympy.symbols("m z")
    >>> rho = float_density(sympy.Poly(2 * m ** 2 + z * m + 1, m, z))   # semicircle(2)
    >>> [round(float(v), 12) for v in rho(np.array([0.0, 3.0])) * np.pi]   # 1/sqrt(2), 0
    [0.707106781187, 0.0]
    """
    from .. import numerics
    require(isinstance(dps, int) and 5 <= dps <= 100, f"dps must be an integer in [5, 100], got {dps!r}")
    if isinstance(mu, sympy.Poly):
        require(len(mu.gens) == 2 and not (mu.free_symbols - set(mu.gens)),
                f"mu must be a Poly in (m, z) without parameters, got generators {mu.gens} "
                f"and symbols {sorted(map(str, mu.free_symbols))}")
    elif not is_exact(mu):
        raise RmtsymError(f"mu must be an AlgebraicMeasure or a sympy Poly in (m, z), got {type(mu).__name__}")
    sup = [(float(a), float(b)) for a, b in numerics.support(mu, dps)]
    memo: dict[Any, Any] = {}

    def rho(xs):
        xs = np.atleast_1d(np.asarray(xs, dtype=float))
        key = (xs.shape, xs.tobytes())
        if key in memo:
            return memo[key].copy()
        flat = xs.ravel()
        out = np.zeros(flat.shape)
        inside = np.zeros(flat.shape, dtype=bool)
        for a, b in sup:
            slack = 1e-12 * max(1.0, abs(a), abs(b))
            inside |= (flat >= a - slack) & (flat <= b + slack)
        if inside.any():
            if dps <= 15:      # float64 grid on the physical branch (numerics.floatgrid)
                out[inside] = numerics.density_grid_float(mu, flat[inside])
            else:
                vals = numerics.density(mu, [float(v) for v in flat[inside]], dps=dps)
                out[inside] = [float(v) for v in vals]
        out = out.reshape(xs.shape)
        if len(memo) >= 4:
            memo.pop(next(iter(memo)))
        memo[key] = out
        return out.copy()
    return rho


def density_from_polynomial(poly: Any, m: Any, z: Any, eps: None = None) -> Callable[[Any], np.ndarray]:
    r"""Float density (1/π) Im m(x + i0) from P(m, z) = 0 (for figures and KS only).

    A thin wrapper over :func:`float_density` for a polynomial given as an
    expression in two symbols.

    Parameters
    ----------
    poly : sympy.Poly or expr
        P(m, z) with numeric (exact or Float) coefficients.
    m, z : sympy.Symbol
        The variables.
    eps : None, optional
        Ignored; kept for compatibility (the boundary value η ↓ 0 is taken by
        branch tracking, not at a fixed distance above the axis).

    Returns
    -------
    callable
        ``rho(x: ndarray) -> ndarray`` on the physical branch (see
        :func:`float_density`).

    Raises
    ------
    RmtsymError
        If the polynomial has free parameters.

    Examples
    --------
    >>> m, z = sympy.symbols("m z")
    >>> rho = density_from_polynomial(m ** 2 + z * m + 1, m, z)
    >>> round(float(rho(np.array([0.0]))[0] * np.pi), 6)
    1.0
    """
    expr = poly.as_expr() if isinstance(poly, sympy.Poly) else sympy.sympify(poly)
    require(expr.free_symbols <= {m, z},
            f"poly must have no parameters besides {m}, {z}; got {sorted(map(str, expr.free_symbols))}")
    return float_density(sympy.Poly(expr, m, z), dps=15)


def ks_distance(pooled: np.ndarray, cdf: Callable[[np.ndarray], np.ndarray]) -> float:
    """Kolmogorov–Smirnov distance sup |F_emp − F| of a sorted sample to a CDF.

    Parameters
    ----------
    pooled : numpy.ndarray
        Sorted sample (ties allowed, e.g. an atom).
    cdf : callable
        Theoretical CDF (vectorised, right-continuous).

    Returns
    -------
    float

    Examples
    --------
    >>> round(ks_distance(np.array([0.25, 0.75]), lambda x: np.clip(x, 0, 1)), 3)
    0.25
    """
    x = np.asarray(pooled, dtype=float)
    N = x.size
    require(N > 0, "pooled must not be empty")
    ux, last = np.unique(x, return_index=False), None
    right = np.searchsorted(x, ux, side="right") / N   # F_emp(x)
    left = np.searchsorted(x, ux, side="left") / N     # F_emp(x-)
    Fx = cdf(ux)
    Fl = cdf(np.nextafter(ux, -np.inf))
    return float(max(np.max(np.abs(right - Fx)), np.max(np.abs(left - Fl))))


def ks_threshold(n: int, samples: int, alpha: float = 1e-3, bias: float = 2.0,
                 size: float | None = None) -> float:
    r"""Pass threshold of the KS test of a pooled spectrum: √(ln(2/α)/(2nS)) + κ/N.

    Parameters
    ----------
    n : int
        Number of eigenvalues per matrix.
    samples : int
        Number of matrices S.
    alpha : float, optional
        Level of the Dvoretzky–Kiefer–Wolfowitz bound.
    bias : float, optional
        κ, the stated bound on N·sup|E F_n − F| (finite-size bias of the
        expected spectral CDF, O(1/N) in the bulk and at the soft edges).
    size : float, optional
        N, the dimension in which the bias is 1/N (default N = n).

    Returns
    -------
    float

    Notes
    -----
    The DKW term treats the nS pooled eigenvalues as independent; eigenvalues
    of one matrix are more regular than independent draws (rigidity), so the
    term over-covers the fluctuation.  The κ/n term bounds the finite-size
    bias, which averaging over samples does not remove.

    Examples
    --------
    >>> round(ks_threshold(400, 100), 4)
    0.0147
    """
    require(n >= 1 and samples >= 1, f"n and samples must be >= 1, got {n!r}, {samples!r}")
    require(0 < alpha < 1, f"alpha must be in (0, 1), got {alpha!r}")
    N = float(size) if size is not None else float(n)
    return math.sqrt(math.log(2 / alpha) / (2 * n * samples)) + bias / N
