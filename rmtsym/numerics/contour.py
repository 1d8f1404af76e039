r"""Contour integrals around a real interval, and edge-weighted quadrature on it.

Two quadratures that spectral integrals of random-matrix models share:

* :func:`ellipse_contour_integral` —
  :math:`\frac{1}{2\pi i}\oint_\Gamma F(z)\,dz` on the positively oriented
  ellipse :math:`\Gamma` with foci at the ends of ``[a, b]`` (Bernstein
  ellipse of parameter ``r``), by the trapezoidal rule in the angle with
  node doubling.  ``F`` may return several values (a list) that are
  integrated on the same nodes, so that an expensive factor (a Stieltjes
  transform on its physical branch) is computed once per node.
* :func:`sqrt_edge_quadrature` — :math:`\int_a^b F(x)\,dx` for ``F`` with
  square-root behaviour at both ends (a density with soft edges, times a
  smooth function), by the substitution
  :math:`x = \frac{a+b}{2} - \frac{b-a}{2}\cos\theta` and the trapezoidal
  rule in :math:`\theta` (midpoint nodes, which never touch the ends, so a
  hard edge :math:`\propto 1/\sqrt{x-a}` is allowed too), with node tripling.

Both converge geometrically when ``F`` is analytic near the contour (resp.
near ``[a, b]`` after the substitution); the error estimate is the change
between the last two levels, and a :class:`~rmtsym.core.errors.ConvergenceError`
is raised when it does not fall below the tolerance within ``max_nodes``.
All arithmetic is in a scoped ``mpmath.workdps`` block.

Examples
--------
>>> import mpmath
>>> v, e = ellipse_contour_integral(lambda z: [1 / (z - mpmath.mpf('0.3'))], 0, 1, dps=20)
>>> mpmath.nstr(v[0].real, 15), e < 1e-14
('1.0', True)
>>> v, e = sqrt_edge_quadrature(lambda x: [mpmath.sqrt((x + 1) * (1 - x)) * 2 / mpmath.pi], -1, 1, dps=20)
>>> mpmath.nstr(v[0], 15)
'1.0'
"""

from __future__ import annotations

from typing import Any, Callable

import mpmath

from ..core.errors import ConvergenceError, require
from ..core.precision import QUAD_WORK_GUARD

__all__ = ["ellipse_contour_integral", "sqrt_edge_quadrature"]


def _check(a, b, dps, min_nodes, max_nodes):
    require(isinstance(dps, int) and 5 <= dps <= 2000, f"dps must be an integer in [5, 2000], got {dps!r}")
    require(isinstance(min_nodes, int) and min_nodes >= 4, f"min_nodes must be an integer >= 4, got {min_nodes!r}")
    require(isinstance(max_nodes, int) and max_nodes >= min_nodes,
            f"max_nodes must be an integer >= min_nodes, got {max_nodes!r}")
    with mpmath.workdps(dps + QUAD_WORK_GUARD):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
    require(a < b, f"the interval must have a < b, got a = {a}, b = {b}")
    return a, b


def _as_list(v):
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _refine(point_sum, n0, max_nodes, tol_abs, what, factor=2):
    """Nested rule: ``point_sum(N, new_only)`` is the node sum of level N (only the nodes not in
    level N/factor when ``new_only``); the level-N value is that sum over N."""
    N = n0
    S = point_sum(N, False)
    I = [s / N for s in S]
    err = None
    while True:
        if factor * N > max_nodes:
            raise ConvergenceError(
                f"{what}: no convergence with {N} nodes (last change "
                f"{mpmath.nstr(err, 3) if err is not None else 'n/a'}); raise max_nodes or the working precision")
        S2 = point_sum(factor * N, True)
        S = [s + t for s, t in zip(S, S2)]
        N *= factor
        I2 = [s / N for s in S]
        err = max(abs(x - y) for x, y in zip(I2, I))
        I = I2
        scale = max([mpmath.mpf(1)] + [abs(x) for x in I])
        if err <= tol_abs * scale:
            return I, err


def ellipse_contour_integral(F: Callable[[Any], Any], a: Any, b: Any, dps: int = 30, r: Any = 2,
                             min_nodes: int = 32, max_nodes: int = 8192, tol: Any = None) -> Any:
    r"""(1/(2πi)) ∮ F(z) dz on the ellipse around ``[a, b]`` (positive orientation).

    Parameters
    ----------
    F : callable
        ``F(z)`` for complex ``z`` on the contour, returning one mpmath number
        or a list of them (all integrated on the same nodes).
    a, b : real numbers
        The interval the contour must enclose (``a < b``).  Everything
        singular about ``F`` must lie inside the contour and ``F`` must be
        analytic on and outside it up to the next singularity.
    dps : int, optional
        Working digits (default 30).
    r : real > 1, optional
        Bernstein parameter: the contour is
        :math:`z(\theta) = \frac{a+b}{2} + \frac{b-a}{4}(r e^{i\theta} + r^{-1} e^{-i\theta})`,
        semi-axes :math:`\frac{b-a}{4}(r \pm 1/r)`.
    min_nodes, max_nodes : int, optional
        First and largest number of nodes (doubling).
    tol : mpmath number, optional
        Relative tolerance on the change between levels, default 10^−(dps−5).

    Returns
    -------
    (list of mpmath.mpc, mpmath.mpf)
        The integrals and the error estimate (the last change).

    Raises
    ------
    ConvergenceError
        If the change does not fall below ``tol`` within ``max_nodes`` nodes.
    RmtsymError
        Bad interval, ``r <= 1`` or bad node counts.

    Notes
    -----
    With :math:`z(\theta)` as above, :math:`dz = \frac{b-a}{4} i (r e^{i\theta} - r^{-1}e^{-i\theta}) d\theta`
    and :math:`\frac{1}{2\pi i}\oint F dz \approx \frac{1}{N}\sum_k F(z_k)\,\frac{b-a}{4}(r e^{i\theta_k} - r^{-1}e^{-i\theta_k})`,
    :math:`\theta_k = 2\pi k/N`.  The nodes are nested under doubling; the
    two real nodes (θ = 0, π) lie at distance :math:`\frac{b-a}{4}(r + 1/r - 2)`
    beyond the ends of ``[a, b]``.
    """
    a, b = _check(a, b, dps, min_nodes, max_nodes)
    with mpmath.workdps(dps + QUAD_WORK_GUARD):
        r = mpmath.mpf(r)
        require(r > 1, f"r must be > 1, got {r}")
        c0, q = (a + b) / 2, (b - a) / 4
        tol = mpmath.mpf(10) ** (-(dps - 5)) if tol is None else mpmath.mpf(tol)

        def point_sum(N, odd_only):
            out = None
            for k in range(1 if odd_only else 0, N, 2 if odd_only else 1):
                e = mpmath.expjpi(mpmath.mpf(2 * k) / N)
                z = c0 + q * (r * e + 1 / (r * e))
                dz = q * (r * e - 1 / (r * e))
                vals = [v * dz for v in _as_list(F(z))]
                out = vals if out is None else [s + v for s, v in zip(out, vals)]
            return out

        I, err = _refine(point_sum, min_nodes, max_nodes, tol, "contour integral")
        return [+v for v in I], +err


def sqrt_edge_quadrature(F: Callable[[Any], Any], a: Any, b: Any, dps: int = 30, min_nodes: int = 27,
                         max_nodes: int = 6561, tol: Any = None,
                         prefetch: Callable[[list], Any] | None = None) -> Any:
    r"""∫_a^b F(x) dx for ``F`` with square-root edges, by θ-trapezoid.

    Parameters
    ----------
    F : callable
        ``F(x)`` for real ``x`` in ``(a, b)``, returning one mpmath number or
        a list.  Typical use: ``F(x) = g(x) ρ(x)`` with ρ a density vanishing
        like :math:`\sqrt{(x-a)(b-x)}` (or a hard-edge density
        :math:`\propto 1/\sqrt{x-a}`); ``F`` is never called at the ends.
    a, b : real numbers
        ``a < b``.
    dps, min_nodes, max_nodes, tol
        As in :func:`ellipse_contour_integral`.
    prefetch : callable, optional
        Called with the increasing list of the new nodes of each level before
        ``F`` is evaluated on them (e.g. to compute a density on the whole
        grid at once by continuation and cache it).

    Returns
    -------
    (list of mpmath.mpf, mpmath.mpf)
        The integrals and the error estimate.

    Raises
    ------
    ConvergenceError
        If the change between levels does not fall below ``tol``.

    Notes
    -----
    :math:`\int_a^b F = \int_0^\pi F(x(\theta))\,\frac{b-a}{2}\sin\theta\,d\theta`; for
    ``F`` = (analytic) × :math:`\sqrt{(x-a)(b-x)}` the θ-integrand is an even,
    2π-periodic analytic function (also for a hard edge
    :math:`\propto 1/\sqrt{x-a}`), so the midpoint rule
    :math:`\frac{\pi}{N}\sum_{k=0}^{N-1}G(\theta_k)`, :math:`\theta_k=(k+\tfrac12)\pi/N`,
    converges geometrically; levels N, 3N, 9N, … are nested.
    """
    a, b = _check(a, b, dps, min_nodes, max_nodes)
    with mpmath.workdps(dps + QUAD_WORK_GUARD):
        c0, h = (a + b) / 2, (b - a) / 2
        tol = mpmath.mpf(10) ** (-(dps - 5)) if tol is None else mpmath.mpf(tol)

        def point_sum(N, new_only):
            out = None
            # (k + 1/2)/N = (j + 1/2)/(N/3) for k = 3j + 1: those nodes are in the previous level
            ks = [k for k in range(N) if not (new_only and k % 3 == 1)]
            ths = [mpmath.pi * (2 * k + 1) / (2 * N) for k in ks]
            xs = [c0 - h * mpmath.cos(th) for th in ths]
            if prefetch is not None:
                prefetch(xs)
            for th, x in zip(ths, xs):
                w = h * mpmath.sin(th) * mpmath.pi
                vals = [v * w for v in _as_list(F(x))]
                out = vals if out is None else [s + v for s, v in zip(out, vals)]
            return out

        I, err = _refine(point_sum, min_nodes, max_nodes, tol, "edge quadrature", factor=3)
        return [+v for v in I], +err
