r"""The one precision helper: named guard digits, private mpmath contexts, number conversion.

Every mpmath computation of rmtsym works at more digits than it returns.
How many more depends on the *role* of the intermediate result, and each role
has one named constant here (instead of ``dps + 5`` / ``dps + 10`` / ``prec +
20`` literals scattered over the numerics).  The values are those the code
used before the constants existed; changing one changes results, so each
constant says why it has its size.

The precision of a computation is opened once, at the API boundary, as a
private :class:`mpmath.MPContext` (:func:`working_context`) and passed down,
the way ``mpmath.polyroots(ctx, ..., extraprec=)`` takes its context: the
global ``mpmath.mp`` is never changed, so a result never depends on what was
computed before it.

:func:`to_mp` is the one number -> mpmath converter: exact SymPy rationals
keep every digit (``2 - 10**-80`` is not rounded onto the edge ``2``),
``bool`` and symbolic expressions are refused with an :class:`RmtsymError`
naming the parameter, strings go through the restricted parser of
:mod:`rmtsym.core.numbers`.

Examples
--------
>>> import mpmath, sympy
>>> ctx = working_context(20)
>>> ctx.dps == 20 + GUARD_DIGITS and mpmath.mp.dps == 15
True
>>> x = to_mp(2 - sympy.Rational(1, 10**80), ctx, name="x")
>>> x < 2
True
"""

from __future__ import annotations

import contextlib
import fractions
from typing import Any, Iterator

import mpmath
import sympy

from . import numbers as _numbers
from .errors import RmtsymError

__all__ = ["GUARD_DIGITS", "ROUND_GUARD", "COMPARE_GUARD", "QUAD_GUARD", "QUAD_CHECK_GUARD",
           "QUAD_WORK_GUARD", "QUAD_TOL_GUARD", "CHECK_RERUN_GUARD", "CUMULANT_GUARD", "ROOT_GUARD", "ROOT_EXTRAPREC_WARM", "ROOT_EXTRAPREC_COLD",
           "ROOT_EXTRAPREC_FACTOR", "CRIT_GUARD", "CONVERT_GUARD", "CONVERT_GUARD_BITS",
           "ATOM_MATCH_GUARD", "INNER_GUARD", "VALUE_GUARD", "EPS_GUARD", "MAX_RATIONAL_PREC_FACTOR",
           "BALL_WORK_GUARD", "FIXED_POINT_CERT_GUARD",
           "QUAD_CUTOFF_GUARD", "POLISH_STEP_GUARD", "POLISH_ROUNDING_DIGITS", "POLISH_RAISE_GUARD", "POLISH_RAISE_MIN",
           "POLISH_MAX_DPS_FACTOR", "POLISH_MAX_DPS_OFFSET",
           "working_context", "private_context", "to_mp", "to_mp_real", "round_to", "rebind", "to_global"]

# --------------------------------------------------------------------------
# guard digits, by role
# --------------------------------------------------------------------------

#: Working precision of every numerics computation over the requested ``dps``
#: (``rmtsym.numerics``).  The continuation of a root near a soft edge loses
#: about half the digits of the distance to the edge; 12 digits keep the
#: value correct to ``dps`` digits down to relative distances ~1e-15 from an
#: edge, closer than that the precision is raised explicitly.
GUARD_DIGITS = 12

#: Digits computed beyond the requested ones before a value (a support edge,
#: an atom, a critical point, a moment of an input measure) is rounded back
#: to ``dps``: enough that the last returned digit is not a rounding of a
#: rounding (double rounding needs ~1 digit; 5 leaves room for the few digits
#: the surrounding arithmetic loses).
ROUND_GUARD = 5

#: Precision at which a check compares a value with its reference
#: (``rmtsym.verify.numeric``): the difference must be resolved well below
#: the tolerance ``10**-digits`` with ``digits < dps``; 10 digits make the
#: comparison's own rounding negligible (< 1e-10 of the tolerance).
COMPARE_GUARD = 10

#: Precision of the mpmath tanh-sinh quadrature of a check over its ``dps``:
#: tanh-sinh loses a few digits to cancellation in the sum of ~2**degree
#: terms and to an integrable endpoint singularity (sqrt edge); 15 digits
#: leave the requested ones intact for degree <= 10.
QUAD_GUARD = 15

#: Precision of the second, independent quadrature that cross-checks the
#: first (its difference is part of the error estimate): 10 digits more than
#: :data:`QUAD_GUARD`, so the difference measures the error of the first.
QUAD_CHECK_GUARD = 25

#: Working precision of a library quadrature or contour integral
#: (``numerics.quadrature``, ``numerics.contour``) over the requested ``dps``:
#: a Gauss-Legendre node by Newton's method, or a trapezoidal sum of a few
#: hundred terms, loses at most a few digits to rounding; 10 is ample.
QUAD_WORK_GUARD = 10

#: Convergence test of those Newton iterations: ``10**-(dps + QUAD_TOL_GUARD)``,
#: two digits of headroom below the working precision ``dps + QUAD_WORK_GUARD``.
QUAD_TOL_GUARD = 8

#: A numeric check that estimates its error by rerunning (``verify.numeric``:
#: moments of the numeric density) reruns at ``dps + CHECK_RERUN_GUARD``: 4
#: digits make the rerun's own error < 1e-4 of the first run's, so their
#: difference is the first run's error.
CHECK_RERUN_GUARD = 4

#: Extra digits of the input moments of a numeric free convolution: the
#: moment -> free cumulant (or S-transform) recursion cancels terms of size
#: up to ~4**n times the result for n <= 30 moments, about 10 digits.
CUMULANT_GUARD = 10

#: Working precision of Aberth's all-roots iteration over the ambient
#: precision: roots of very different sizes (near a pole of the leading
#: coefficient, moduli up to 1e30) lose up to ~20 digits in the Newton
#: corrections of the small ones.
ROOT_GUARD = 20

#: Extra *bits* of ``mpmath.polyroots`` for a warm start (the roots are
#: already known to the working precision; 10 bits absorb rounding).
ROOT_EXTRAPREC_WARM = 10

#: Extra *bits* of ``mpmath.polyroots`` for a cold start (Durand-Kerner from
#: its default circle; 30 bits are mpmath's own suggestion for
#: clustered roots).
ROOT_EXTRAPREC_COLD = 30

#: ``polyroots(..., extraprec=ROOT_EXTRAPREC_FACTOR * dps)`` in the checks:
#: roots of P(., z0) may be double at an edge, where a root is only half as
#: accurate as the coefficients, so twice the digits (an over-estimate in
#: bits, by design: a check must not be inconclusive for lack of precision).
ROOT_EXTRAPREC_FACTOR = 2

#: Extra digits of the safeguarded Newton refinement of a critical point
#: (a real root of the discriminant) over the digits asked for; its stopping
#: tolerance is ``10**-(wp + ROUND_GUARD)``.
CRIT_GUARD = 10

#: Digits at which an irrational SymPy number is evaluated (``sympy.N``)
#: over the target precision before conversion to mpmath.
CONVERT_GUARD = 5

#: Extra *bits* of the mpmath value built from that SymPy Float.
CONVERT_GUARD_BITS = 20

#: An atom whose location agrees with ``x`` to ``dps + ATOM_MATCH_GUARD``
#: digits counts as *at* ``x`` (the cdf is right-continuous; both numbers are
#: known to about ``dps`` digits).
ATOM_MATCH_GUARD = 3

#: An inner evaluation feeding a value of ``dps`` digits is asked for
#: ``dps + INNER_GUARD``: a Newton-polished root is accepted when its error
#: bound is below ``10**-(dps + INNER_GUARD)`` relative, one step of the
#: subordination map or one piece of a cdf quadrature is computed to that
#: many digits (two digits keep the rounding of the sum below the last one).
INNER_GUARD = 2

#: A value (a subordination fixed point, a density from it) is converged to
#: ``10**-(dps + VALUE_GUARD)``, its stated error estimate.
VALUE_GUARD = 3

#: The Stieltjes transform of an input measure of a subordination is taken
#: at ``dps + EPS_GUARD`` digits, and the old vertical route stops at
#: ``x + i*10**-(dps + EPS_GUARD)``: one digit beyond :data:`VALUE_GUARD`, so
#: that the value's tolerance is not eaten by the inputs' error.
EPS_GUARD = 4

#: The cdf/moment quadrature (``numerics.integrate``) in the variable ``u``
#: of ``x = e +- u**p`` leaves out ``[0, U * 10**-(dps + QUAD_CUTOFF_GUARD)]``
#: next to the critical end ``e`` (the roots colliding there cannot be
#: resolved): the bounded integrand makes that piece ``10**-(dps + 8)``
#: relative, five digits below the quadrature's tolerance ``10**-(dps + 3)``.
QUAD_CUTOFF_GUARD = 8

#: Newton polish of a root (``numerics.curve._Curve.polish``) at ``wp`` digits
#: stops when a step is below ``10**-(wp - POLISH_STEP_GUARD)`` relative: two
#: digits above the rounding floor, where the steps stop shrinking.
POLISH_STEP_GUARD = 2

#: ... and bounds the rounding error of the residual by ``10**-(wp -
#: POLISH_ROUNDING_DIGITS) * sum_j |a_j| |m|^j / |P_m|``: the Horner sum of
#: ``d + 1`` terms loses about one digit.
POLISH_ROUNDING_DIGITS = 1

#: When the error bound misses the target, the precision is raised by the
#: measured shortfall plus ``POLISH_RAISE_GUARD`` digits (so one raise
#: usually suffices) ...
POLISH_RAISE_GUARD = 4

#: ... and by at least ``POLISH_RAISE_MIN`` digits (a shortfall measured at
#: the rounding floor underestimates the loss).
POLISH_RAISE_MIN = 10

#: The polish gives up (ConvergenceError: too close to a branch point)
#: beyond ``POLISH_MAX_DPS_FACTOR * dps + POLISH_MAX_DPS_OFFSET`` digits:
#: a point that close to a branch point fails fast instead of escalating
#: without end (callers raise the precision near edges explicitly).
POLISH_MAX_DPS_FACTOR = 8
POLISH_MAX_DPS_OFFSET = 200

#: An exact rational is converted at up to ``MAX_RATIONAL_PREC_FACTOR *
#: prec + 200`` bits (enough for every digit of p/q within reason, bounded so
#: that a 10**6-digit rational cannot make a conversion slow).
MAX_RATIONAL_PREC_FACTOR = 20

#: Working precision of a ball-arithmetic (python-flint ``arb``) matrix
#: computation over the requested ``dps`` (``rmtsym.models.random_features``:
#: the kernel, the solves for δ, Q̄ and the MSEs): the
#: :data:`FIXED_POINT_CERT_GUARD` digits of the bracket of δ plus 8 digits
#: for what an LU solve or an inverse of a 200x200 matrix of condition
#: number up to ~1e6 loses to the growth of the ball radii.
BALL_WORK_GUARD = 24

#: A scalar fixed point x = f(x) returned at ``dps`` digits is certified in
#: the bracket x (1 ± 10**-(dps + FIXED_POINT_CERT_GUARD)): f − id has
#: certain opposite signs at both ends (ball arithmetic).  16 digits is the
#: stopping tolerance the bracketed solver of δ used before (so the δ ball
#: fed into Q̄ and the MSEs is as narrow as it was) and absorbs the
#: amplification of δ's width by the condition number of Ψ̄ + γI up to
#: ~1e12 before the returned digits are touched.
FIXED_POINT_CERT_GUARD = 16


# --------------------------------------------------------------------------
# contexts
# --------------------------------------------------------------------------

def working_context(dps: int, guard: int = GUARD_DIGITS) -> mpmath.ctx_mp.MPContext:
    r"""A private mpmath context at ``dps + guard`` decimal digits.

    Parameters
    ----------
    dps : int
        Requested decimal digits (already validated by the caller, e.g. with
        :func:`rmtsym.core.numbers.dps`).
    guard : int, optional
        Extra working digits; one of the named constants of this module
        (default :data:`GUARD_DIGITS`), ``0`` for exactly ``dps`` digits.

    Returns
    -------
    mpmath.MPContext
        A fresh context: changing its precision never touches ``mpmath.mp``,
        so results do not depend on the call history.

    Raises
    ------
    RmtsymError
        If ``dps`` or ``guard`` is not a non-negative integer or ``dps = 0``.

    Notes
    -----
    The pattern of ``mpmath.polyroots(ctx, coeffs, extraprec=...)``
    (F. Johansson et al., *mpmath: a Python library for arbitrary-precision
    floating-point arithmetic*, version 1.3, 2023): the context is an
    argument, and the extra precision is stated where it is used.

    Examples
    --------
    >>> ctx = working_context(30, guard=QUAD_GUARD)
    >>> ctx.dps
    45
    >>> working_context(True)
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.RmtsymError: dps must be a positive integer, got True
    """
    for v, nm, lo in ((dps, "dps", 1), (guard, "guard", 0)):
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            what = "a positive" if lo else "a non-negative"
            raise RmtsymError(f"{nm} must be {what} integer, got {v!r}")
    ctx = mpmath.MPContext()
    ctx.dps = dps + guard
    return ctx


#: free list of private contexts: building an mpmath.MPContext costs ~2 ms (it
#: wraps every mpmath function), as much as a whole pointwise density at 30
#: digits; a context taken from here is exclusive to one ``with`` block
_POOL: list = []
_POOL_MAX = 32


@contextlib.contextmanager
def private_context(dps: int, guard: int = GUARD_DIGITS) -> Iterator[Any]:
    r"""A private mpmath context at ``dps + guard`` digits for the duration of a ``with`` block.

    The same as :func:`working_context`, but the context comes from a free
    list and goes back to it when the block ends (a public numerics call
    opens one per call, so its cost matters).  Inside the block it is the
    caller's alone; its precision is *set* on entry, so nothing of an
    earlier use carries over (numbers an earlier call cached in it are
    rebound on read, :func:`rebind`).  ``mpmath.mp`` is never touched.

    Parameters
    ----------
    dps : int
        Requested decimal digits.
    guard : int, optional
        Extra working digits (default :data:`GUARD_DIGITS`).

    Returns
    -------
    context manager yielding an mpmath.MPContext

    Raises
    ------
    RmtsymError
        If ``dps`` or ``guard`` is not a valid integer (as :func:`working_context`).

    Examples
    --------
    >>> import mpmath
    >>> with private_context(20) as ctx:
    ...     (ctx.dps, ctx is mpmath.mp, mpmath.mp.dps)
    (32, False, 15)
    """
    for v, nm, lo in ((dps, "dps", 1), (guard, "guard", 0)):
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            what = "a positive" if lo else "a non-negative"
            raise RmtsymError(f"{nm} must be {what} integer, got {v!r}")
    try:
        ctx = _POOL.pop()
    except IndexError:
        ctx = mpmath.MPContext()
    ctx.dps = dps + guard
    try:
        yield ctx
    finally:
        if len(_POOL) < _POOL_MAX:
            _POOL.append(ctx)


def _as_context(ctx: Any) -> Any:
    """``mpmath`` (the module) means its global context ``mpmath.mp``."""
    if ctx is None or ctx is mpmath:
        return mpmath.mp
    if not hasattr(ctx, "mpf") or not hasattr(ctx, "prec"):
        raise RmtsymError(f"ctx must be an mpmath context, got {type(ctx).__name__}")
    return ctx


def to_mp(x: Any, ctx: Any = None, name: str = "value") -> Any:
    r"""Convert a number to an mpf/mpc of the mpmath context ``ctx``.

    Parameters
    ----------
    x : int, Fraction, float, complex, str, SymPy number, mpmath number
        The value; strings are parsed by the restricted parser
        (:func:`rmtsym.core.numbers.to_expr`, decimals read exactly).
    ctx : mpmath.MPContext, optional
        Target context (``None`` or the ``mpmath`` module: the global
        ``mpmath.mp`` at its current, possibly ``workdps``-scoped, precision).
    name : str, optional
        Parameter name used in error messages.

    Returns
    -------
    mpf or mpc of ``ctx``
        Rounded to ``ctx.prec`` bits, except an exact rational
        (``int``, ``Fraction``, SymPy ``Rational``), which keeps every bit of
        ``p/q`` up to ``MAX_RATIONAL_PREC_FACTOR * prec + 200`` bits.

    Raises
    ------
    RmtsymError
        For ``bool``, a SymPy expression with free symbols, a non-number or
        a non-finite value; the message names ``name``.

    Notes
    -----
    An irrational SymPy number is evaluated with ``sympy.N`` at ``dps +
    CONVERT_GUARD`` digits and read at ``prec + CONVERT_GUARD_BITS`` bits.
    Keeping the digits of a rational matters next to an edge: at 50 digits
    :math:`2 - 10^{-80}` rounds to the semicircle's edge 2, where the
    density is computed by another formula than just inside it.

    Examples
    --------
    >>> import sympy
    >>> ctx = working_context(50, guard=0)
    >>> to_mp(2 - sympy.Rational(1, 10**80), ctx) == 2
    False
    >>> ctx.nstr(to_mp(sympy.sqrt(2), ctx), 50)
    '1.4142135623730950488016887242096980785696718753769'
    >>> to_mp(True, ctx, name="z")
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.RmtsymError: z must be a number, got True
    """
    ctx = _as_context(ctx)
    if isinstance(x, bool):
        raise RmtsymError(f"{name} must be a number, got {x!r}")
    if isinstance(x, int):
        return ctx.mpf(x)
    if isinstance(x, fractions.Fraction):
        return ctx.mpf(x.numerator) / x.denominator
    if isinstance(x, (mpmath.ctx_mp_python._mpf, mpmath.ctx_mp_python._mpc)):
        v = +ctx.convert(x)
    elif isinstance(x, sympy.Basic):
        if not x.is_number:
            raise RmtsymError(f"{name} must be a number, got the expression {_numbers.shorten(x)}")
        if x.is_Rational:
            # exact: keep every digit of p/q (2 - 10**-80 must not round to the edge 2)
            prec = max(ctx.prec, int(x.p).bit_length() + int(x.q).bit_length() + 20)
            prec = min(prec, MAX_RATIONAL_PREC_FACTOR * ctx.prec + 200)
            with ctx.workprec(prec):
                return ctx.mpf(int(x.p)) / int(x.q)
        if x == 0:
            v = ctx.mpmathify(complex(0))
        else:
            re, im = x.as_real_imag()
            digits = ctx.dps + CONVERT_GUARD

            def ev(e: Any) -> Any:
                f = sympy.N(e, digits)
                if not f.is_Number:
                    raise RmtsymError(f"{name} must be a number, got {_numbers.shorten(x)}")
                return ctx.mpf(sympy.Float(f, digits)._to_mpmath(ctx.prec + CONVERT_GUARD_BITS))
            re, im = ev(re), ev(im)
            v = re if im == 0 else ctx.mpc(re, im)
    elif isinstance(x, str):
        return to_mp(_numbers.to_expr(x, name, floats="decimal", symbols=False, real=False), ctx, name)
    else:
        try:
            v = ctx.convert(x)
        except (ValueError, TypeError):
            raise RmtsymError(f"{name} must be a number, got {_numbers.shorten(x)}") from None
    if not ctx.isfinite(v):
        raise RmtsymError(f"{name} must be finite, got {_numbers.shorten(x)}")
    return v


def to_mp_real(x: Any, ctx: Any = None, name: str = "value") -> Any:
    """:func:`to_mp` for a real number: an mpc with zero imaginary part becomes its real part.

    Raises
    ------
    RmtsymError
        If the value is not real (or :func:`to_mp` refuses it).

    Examples
    --------
    >>> to_mp_real(complex(1, 0), name="x")
    mpf('1.0')
    >>> to_mp_real(1j, name="x")
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.RmtsymError: x must be real, got 1j
    """
    ctx = _as_context(ctx)
    v = to_mp(x, ctx, name)
    if isinstance(v, mpmath.ctx_mp_python._mpc):
        if v.imag != 0:
            raise RmtsymError(f"{name} must be real, got {x!r}")
        v = v.real
    return v


def round_to(v: Any, dps: int, ctx: Any = None) -> Any:
    """``v`` rounded to ``dps`` digits in ``ctx`` (default the global context, scoped).

    The rounding is that of ``ctx`` even when ``v`` belongs to another
    context (mpmath rounds ``+v`` at the precision of ``v``'s own context).

    Examples
    --------
    >>> import mpmath
    >>> round_to(mpmath.mpf(1) / 3, 5) == mpmath.mpf(1) / 3
    False
    >>> mpmath.nstr(round_to(mpmath.mpf(1) / 3, 5), 5)
    '0.33333'
    >>> hi = working_context(50, guard=0)
    >>> round_to(hi.mpf(1) / 3, 5, working_context(5, guard=0)) == round_to(mpmath.mpf(1) / 3, 5)
    True
    """
    ctx = _as_context(ctx)
    with ctx.workdps(dps):
        return +ctx.convert(v)


def rebind(v: Any, ctx: Any) -> Any:
    """``v`` (an mpf/mpc, or a list/tuple of them) as a number of ``ctx``, every bit kept.

    mpmath computes ``a + b`` at the precision of the context of ``a``: a
    number cached by one call (in that call's private context) must be
    rebound to the context of a later call before it takes part in its
    arithmetic, or the later result would depend on the earlier call.  Other
    objects (ints, Fractions, floats, None) are returned unchanged.

    Examples
    --------
    >>> a, b = working_context(50, guard=0), working_context(10, guard=0)
    >>> x = rebind(a.mpf(1) / 3, b)
    >>> type(x) is b.mpf and x == a.mpf(1) / 3
    True
    >>> rebind([1, None], b)
    [1, None]
    """
    if isinstance(v, (mpmath.ctx_mp_python._mpf, mpmath.ctx_mp_python._mpc)):
        return ctx.convert(v)
    if isinstance(v, (list, tuple)):
        return type(v)(rebind(u, ctx) for u in v)
    return v


def to_global(v: Any) -> Any:
    """``v`` (mpf/mpc or a list/tuple of them) rebound to ``mpmath.mp``, every bit kept.

    The type users get back from a public numerics function: its value was
    fixed in a private context and is not re-rounded (``mpmath.mp.dps``
    plays no part); it behaves like any ``mpmath.mpf`` afterwards.

    Examples
    --------
    >>> import mpmath
    >>> ctx = working_context(40, guard=0)
    >>> v = to_global(ctx.mpf(2) / 3)
    >>> type(v) is mpmath.mpf and v.man_exp == (ctx.mpf(2) / 3).man_exp
    True
    """
    return rebind(v, mpmath.mp)
