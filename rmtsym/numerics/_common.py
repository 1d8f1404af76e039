r"""Input checking shared by the numerics modules: dps range, number conversion, work budget.

Precision: a public function opens one private context with :func:`_context`
(``working_context(dps)``, ``dps + GUARD_DIGITS`` digits) and passes it down
as ``ctx``; conversion goes through the one converter
:func:`rmtsym.core.precision.to_mp` into that context, and :func:`_round`
returns values rounded in it and rebound to ``mpmath.mp`` (the type users
get) without re-rounding.  ``mpmath.mp`` is never read or changed.
"""

import operator

import mpmath
import sympy

from ..core.errors import RmtsymError
from ..core.precision import (GUARD_DIGITS, private_context, rebind, round_to, to_global, to_mp, to_mp_real,
                              working_context)


_GUARD = GUARD_DIGITS   # guard digits of every computation (rmtsym.core.precision)
# work budget of one quadrature of the density (_integrate_ac), in units of
# one float continuation step; a step at mpmath precision costs _MP_STEP_COST
# and a density evaluation 1.  Ordinary calls use well under 1 percent of it
# (a few hundred units); exhausting it takes tens of seconds, not hours.
_WORK_BUDGET = 200_000
_MP_STEP_COST = 20
_MAX_DPS = 2000      # largest dps accepted


# ---------------------------------------------------------------------------
# input checking and conversion
# ---------------------------------------------------------------------------

def _check_dps(dps, name="dps"):
    if isinstance(dps, bool):
        raise RmtsymError(f"{name} must be an integer between 5 and {_MAX_DPS}, got {dps!r}")
    try:
        d = operator.index(dps)
    except TypeError:
        raise RmtsymError(
            f"{name} must be an integer between 5 and {_MAX_DPS}, got {dps!r}") from None
    if not 5 <= d <= _MAX_DPS:
        raise RmtsymError(f"{name} must be an integer between 5 and {_MAX_DPS}, got {d}")
    return d


_ROUNDING = working_context(15, guard=0)    # only ever used inside its own workdps(dps)


def _context(dps):
    """``with _context(dps) as ctx``: the private working context of one public call,
    ``dps + GUARD_DIGITS`` digits (:func:`rmtsym.core.precision.private_context`)."""
    return private_context(dps, GUARD_DIGITS)


def _to_mpc(x, name, ctx=None):
    """A number as an mpmath number of ``ctx`` (:func:`rmtsym.core.precision.to_mp`).

    ``ctx=None``: the global context at the precision scoped by the caller's
    ``mpmath.workdps`` block (the protocol of user callables and of the
    overridable hooks of :class:`NumericMeasure`).
    """
    return to_mp(x, mpmath.mp if ctx is None else ctx, name)


def _to_real(x, name, ctx=None):
    """:func:`_to_mpc` for a real number (:func:`rmtsym.core.precision.to_mp_real`)."""
    return to_mp_real(x, mpmath.mp if ctx is None else ctx, name)


def _round(v, dps, ctx=None):
    """``v`` rounded to ``dps`` digits, as a number of ``mpmath.mp`` (rounded once, not re-rounded).

    The rounding to ``dps`` digits is the same in every context (the
    precision is set, not read); ``ctx`` only names where it happens.
    """
    return to_global(round_to(v, dps, _ROUNDING if ctx is None else ctx))


def _bind(v, ctx):
    """A cached number (or list of them) rebound to ``ctx`` (:func:`rmtsym.core.precision.rebind`)."""
    return rebind(v, ctx)


def _is_seq(x):
    return isinstance(x, (list, tuple)) or (
        hasattr(x, "__len__") and hasattr(x, "__iter__")
        and not isinstance(x, (str, sympy.Basic, mpmath.ctx_mp_python._mpf, mpmath.ctx_mp_python._mpc)))
