r"""Input checking shared by the numerics modules: dps range, number conversion, work budget.

Conversion goes through the one converter :func:`rmtsym.core.precision.to_mp`
(at the scoped working precision of the caller's ``mpmath.workdps`` block).
"""

import operator

import mpmath
import sympy

from ..core.errors import RmtsymError
from ..core.precision import GUARD_DIGITS, round_to, to_mp, to_mp_real


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


def _to_mpc(x, name):
    """A number as an mpmath number at the current (``workdps``-scoped) precision.

    The one converter :func:`rmtsym.core.precision.to_mp` in the global
    context, whose precision the caller has scoped with ``mpmath.workdps``.
    """
    return to_mp(x, mpmath.mp, name)


def _to_real(x, name):
    """:func:`_to_mpc` for a real number (:func:`rmtsym.core.precision.to_mp_real`)."""
    return to_mp_real(x, mpmath.mp, name)


def _round(v, dps):
    """``v`` rounded to ``dps`` digits (:func:`rmtsym.core.precision.round_to`)."""
    return round_to(v, dps)


def _is_seq(x):
    return isinstance(x, (list, tuple)) or (
        hasattr(x, "__len__") and hasattr(x, "__iter__")
        and not isinstance(x, (str, sympy.Basic, mpmath.mpf, mpmath.mpc)))
