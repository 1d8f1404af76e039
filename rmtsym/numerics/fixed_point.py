r"""Scalar fixed points x = f(x) > 0 of sub-homogeneous maps, bracketed and certified.

The deterministic equivalents of random-feature and sample-covariance models
(Louart–Liao–Couillet 2018, Silverstein–Bai, Hachem–Loubaton–Najim) define a
scalar δ as the positive solution of δ = f(δ) with a map f that is

(H1) continuous and positive on (0, ∞), and
(H2) *strictly sub-homogeneous*: x ↦ f(x)/x is strictly decreasing on (0, ∞),

usually also (H3) non-decreasing.  (H2) is what proves uniqueness: with
g(x) = f(x) − x = x (f(x)/x − 1), the factor f(x)/x − 1 is strictly decreasing,
so g changes sign at most once, from + to −.  Hence a *bracket* [lo, hi]
with g(lo) > 0 > g(hi) contains exactly one fixed point, and the sign of g at
any interior point c tells on which side of it the fixed point lies; under
(H3) the monotone iteration lo ↦ f(lo), hi ↦ f(hi) also keeps the bracket
(Yates, "A framework for uplink power control in cellular radio systems",
IEEE J. Sel. Areas Commun. 13(7), 1995: standard interference functions),
which is the contraction argument behind the iteration δ ← f(δ).

:func:`monotone_fixed_point` combines both: safeguarded secant (Illinois)
steps inside the bracket, each decided by the sign of g, with a bisection
fall-back and, when (H3) is declared, the monotone-iteration step; it stops
when the bracket is narrower than the tolerance and raises
:class:`~rmtsym.core.errors.ConvergenceError` when the bracket conditions fail
or the budget is spent.  The arithmetic is the caller's: floats, mpmath
numbers, or python-flint ``arb`` balls (a ball sign that is not certain stops
the refinement at the precision limit; the bracket returned then is still
rigorous).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.errors import ConvergenceError, require

__all__ = ["FixedPoint", "monotone_fixed_point", "expanding_bracket"]


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point of a sub-homogeneous map, with its bracket.

    Attributes
    ----------
    value : number
        A point of the final bracket (the last secant or midpoint).
    lower, upper : number
        lower <= x* <= upper, with f(lower) > lower and f(upper) < upper
        checked by sign evaluations (certified when ``f`` returns arb balls).
    iterations : int
        Number of evaluations of f after the bracket was checked.
    unique : bool
        True: uniqueness follows from the declared hypothesis (H2).
    """

    value: Any
    lower: Any
    upper: Any
    iterations: int
    unique: bool = True

    @property
    def width(self) -> Any:
        """upper − lower."""
        return self.upper - self.lower


def _sign(v):
    """+1, −1, or 0 when v is zero or an arb ball containing 0 (undecided)."""
    if v > 0:
        return 1
    if v < 0:
        return -1
    return 0


def _point(c):
    """An exact representative of c (the midpoint of an arb ball)."""
    mid = getattr(c, "mid", None)
    return mid() if callable(mid) else c


def expanding_bracket(f: Callable[[Any], Any], start: Any, factor: Any = 2,
                      max_steps: int = 200) -> Any:
    r"""A bracket [lo, hi] of the fixed point of a sub-homogeneous f, grown geometrically from ``start``.

    Parameters
    ----------
    f : callable
        The map, f(x) > 0 for x > 0.
    start : number > 0
    factor : number > 1, optional
    max_steps : int, optional

    Returns
    -------
    (lo, hi)
        g(lo) > 0 > g(hi), g = f − id.

    Raises
    ------
    ConvergenceError
        No sign change within ``max_steps`` factors (f is not sub-homogeneous,
        or the fixed point is beyond ``start``·factor^max_steps).

    Examples
    --------
    >>> expanding_bracket(lambda x: 1 + x / 2, 1.0)
    (1.0, 2.0)
    """
    require(start > 0, f"start must be > 0, got {start!r}")
    lo = hi = start
    s = _sign(f(start) - start)
    if s == 0:
        return start, start
    for _ in range(max_steps):
        if s > 0:
            hi = hi * factor
            t = _sign(f(hi) - hi)
            if t <= 0:
                return lo, hi
            lo = hi
        else:
            lo = lo / factor
            t = _sign(f(lo) - lo)
            if t >= 0:
                return lo, hi
            hi = lo
    raise ConvergenceError(f"no sign change of f(x) - x between {start!r} / {factor}^{max_steps} "
                           f"and {start!r} * {factor}^{max_steps}: f is not sub-homogeneous "
                           "or the fixed point is out of range")


def monotone_fixed_point(f: Callable, lower: Any, upper: Any, tol: Any, maxiter: int = 200,
                         monotone: bool = True) -> Any:
    r"""The unique positive fixed point of a strictly sub-homogeneous map, in a checked bracket.

    Parameters
    ----------
    f : callable
        x ↦ f(x), continuous and positive, with f(x)/x strictly decreasing
        (hypothesis (H2) of the module notes; the caller proves it).
    lower, upper : number
        0 < lower <= upper with f(lower) >= lower and f(upper) <= upper.
    tol : number > 0
        Stop when upper − lower <= tol · max(1, |upper|).
    maxiter : int, optional
        Budget of evaluations of f.
    monotone : bool, optional
        f is also non-decreasing (H3): the iteration steps lower ← f(lower),
        upper ← f(upper) are used and checked (a violation raises).

    Returns
    -------
    FixedPoint

    Raises
    ------
    RmtsymError
        tol <= 0 or lower > upper or lower <= 0.
    ConvergenceError
        f(lower) < lower or f(upper) > upper (no fixed point in the bracket),
        an iteration step leaving the bracket (f not monotone), a bracket
        still wider than ``tol`` after ``maxiter`` evaluations or at the
        precision limit of ball arithmetic.

    Notes
    -----
    With g = f − id, (H2) gives sign g(c) = +1 for c < x*, −1 for c > x*, so
    every sign evaluation shrinks the bracket without losing x*.  The secant
    point of (lower, g(lower)), (upper, g(upper)) with the Illinois halving of
    a stale end value converges superlinearly; a step that does not halve the
    bracket within two evaluations is replaced by the midpoint.

    Examples
    --------
    f(x) = 1 + 2x/(1 + x) is non-decreasing with f(x)/x decreasing; its
    fixed point is 1 + √2:

    >>> f = lambda x: 1 + 2 * x / (1 + x)
    >>> fp = monotone_fixed_point(f, 0.5, 10.0, tol=1e-14)
    >>> abs(fp.value - (1 + 2 ** 0.5)) < 1e-13, fp.lower <= 1 + 2 ** 0.5 <= fp.upper
    (True, True)
    >>> monotone_fixed_point(f, 3.0, 10.0, tol=1e-14)
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.ConvergenceError: f(lower) < lower at lower = 3.0: the fixed point is not in [lower, upper]
    """
    require(tol > 0, f"tol must be > 0, got {tol!r}")
    require(lower > 0, f"lower must be > 0, got {lower!r}")
    require(not (lower > upper), f"lower must be <= upper, got [{lower!r}, {upper!r}]")
    require(isinstance(maxiter, int) and maxiter >= 1, f"maxiter must be a positive integer, got {maxiter!r}")
    lo, hi = lower, upper
    flo, fhi = f(lo), f(hi)
    glo, ghi = flo - lo, fhi - hi
    slo, shi = _sign(glo), _sign(ghi)
    if slo < 0:
        raise ConvergenceError(f"f(lower) < lower at lower = {lower!r}: the fixed point is not in "
                               "[lower, upper]")
    if shi > 0:
        raise ConvergenceError(f"f(upper) > upper at upper = {upper!r}: the fixed point is not in "
                               "[lower, upper]")
    if slo == 0 and shi == 0 and _sign(hi - lo) == 0:
        return FixedPoint(lo, lo, hi, 0)

    def narrow():
        return not (hi - lo > tol * max(1, abs(hi)))

    it, stale, last_width = 0, 0, hi - lo
    side = 0
    c = lo
    while not narrow():
        if it >= maxiter:
            raise ConvergenceError(f"fixed point bracket [{lo!r}, {hi!r}] still wider than tol = {tol!r} "
                                   f"after {maxiter} evaluations")
        if monotone and it % 4 == 3:
            # monotone iteration step (H3): f maps [lo, hi] into itself; a step that fails the
            # sign test (rounding next to x*, or f not monotone) is discarded, and the
            # sign-decided secant/bisection steps alone keep the bracket
            nlo, nhi = _point(flo), _point(fhi)
            it += 2
            if lo < nlo < hi and lo < nhi < hi and not (nhi < nlo):
                fnlo, fnhi = f(nlo), f(nhi)
                if _sign(fnlo - nlo) > 0 and _sign(fnhi - nhi) < 0:
                    lo, hi, flo, fhi = nlo, nhi, fnlo, fnhi
                    glo, ghi = flo - lo, fhi - hi
                    continue
            monotone = False
            continue
        denom = glo - ghi
        c = _point(lo + (hi - lo) * glo / denom) if _sign(denom) > 0 else _point((lo + hi) / 2)
        if stale >= 2 or not (lo < c < hi):
            c = _point((lo + hi) / 2)
            stale = 0
        fc = f(c)
        gc = fc - c
        sc = _sign(gc)
        it += 1
        if sc == 0:
            # an exact fixed point, or the precision limit of ball arithmetic
            if narrow():
                break
            if getattr(gc, "rad", None) is not None:
                # c is within the ball radius of x*: bracket it by c -/+ tol/4
                eps = _point(tol * max(1, abs(c)) / 4)
                a, b = _point(c - eps), _point(c + eps)
                if lo < a and _sign(f(a) - a) > 0:
                    lo = a
                if b < hi and _sign(f(b) - b) < 0:
                    hi = b
                it += 2
                if narrow():
                    break
                raise ConvergenceError(f"precision limit: sign of f(x) - x undecided at x = {c!r} with "
                                       f"bracket [{lo!r}, {hi!r}] wider than tol = {tol!r}; raise the precision")
            return FixedPoint(c, c, c, it)
        if sc > 0:
            lo, flo, glo = c, fc, gc
            if side == 1:
                ghi = ghi / 2
            side = 1
        else:
            hi, fhi, ghi = c, fc, gc
            if side == -1:
                glo = glo / 2
            side = -1
        width = hi - lo
        stale = stale + 1 if width > last_width / 2 else 0
        last_width = width
    value = c if lo <= c <= hi else _point((lo + hi) / 2)
    return FixedPoint(value, lo, hi, it)
