"""rmtsym.core.precision: the one converter, private contexts, named guard digits.

Routes: an exact rational is compared with an independent exact computation
(``fractions`` arithmetic on the mpf's mantissa and exponent), not with the
converter's own output; the context's privacy is checked on ``mpmath.mp``.
"""

import fractions

import mpmath
import pytest
import sympy

from rmtsym.core import precision as P
from rmtsym.core.errors import RmtsymError


def _exact(v):
    """An mpf as an exact Fraction (mantissa * 2**exponent)."""
    man, exp = v.man_exp
    return fractions.Fraction(int(man)) * (fractions.Fraction(2) ** int(exp))


def test_exact_rational_keeps_its_digits_at_50_dps():
    ctx = P.working_context(50, guard=0)
    x = 2 - sympy.Rational(1, 10 ** 80)
    v = P.to_mp(x, ctx, name="x")
    assert v != 2 and v < 2                       # not rounded onto the edge 2
    # the value is p/q to far more than 50 digits: |v - x| < 1e-95 * x (exact arithmetic)
    err = abs(_exact(v) - fractions.Fraction(int(x.p), int(x.q)))
    assert err < fractions.Fraction(1, 10 ** 95)
    # while an irrational number is rounded to the context's 50 digits
    s = P.to_mp(sympy.sqrt(2), ctx)
    assert abs(_exact(s) ** 2 - 2) < fractions.Fraction(1, 10 ** 48)
    assert abs(_exact(s) ** 2 - 2) > fractions.Fraction(1, 10 ** 200)


def test_fraction_and_int_and_string():
    ctx = P.working_context(30, guard=0)
    assert P.to_mp(fractions.Fraction(1, 3), ctx) * 3 == 1
    assert P.to_mp(7, ctx) == 7
    # strings go through the restricted parser; decimals are read exactly
    assert P.to_mp("1/4", ctx) == ctx.mpf(1) / 4
    assert ctx.nstr(P.to_mp("0.1", ctx), 25) == "0.1"
    with pytest.raises(RmtsymError, match="z"):
        P.to_mp("__import__('os')", ctx, name="z")


@pytest.mark.parametrize("bad, msg", [
    (True, "x must be a number, got True"),
    (False, "x must be a number, got False"),
    (sympy.Symbol("t") + 1, "x must be a number, got the expression t \\+ 1"),
    (float("inf"), "x must be finite"),
    (sympy.oo, "x must be"),
    (object(), "x must be a number"),
])
def test_bad_input_refused_naming_the_parameter(bad, msg):
    with pytest.raises(RmtsymError, match=msg):
        P.to_mp(bad, P.working_context(20), name="x")


def test_real_variant():
    ctx = P.working_context(20, guard=0)
    assert P.to_mp_real(complex(3, 0), ctx, name="x") == 3
    with pytest.raises(RmtsymError, match="x must be real"):
        P.to_mp_real(1 + 2j, ctx, name="x")


def test_context_is_private():
    before = (mpmath.mp.dps, mpmath.mp.prec)
    ctx = P.working_context(80)
    assert ctx.dps == 80 + P.GUARD_DIGITS
    ctx.dps = 300
    v = P.to_mp(sympy.pi, ctx)
    assert (mpmath.mp.dps, mpmath.mp.prec) == before
    # the value has the context's precision, not the global one
    assert abs(v - ctx.pi) < ctx.mpf(10) ** -290
    # and a value of another context is re-rounded into the target
    w = P.to_mp(v, P.working_context(10, guard=0))
    assert w != v and abs(w - mpmath.pi) < mpmath.mpf(10) ** -9


def test_working_context_bad_arguments():
    with pytest.raises(RmtsymError, match="dps must be a positive integer"):
        P.working_context(0)
    with pytest.raises(RmtsymError, match="guard must be a non-negative integer"):
        P.working_context(20, guard=-1)
    with pytest.raises(RmtsymError, match="ctx must be an mpmath context"):
        P.to_mp(1, ctx="mp")


def test_named_constants_are_the_values_in_use():
    """The constants replaced literals; their values must not drift silently."""
    from rmtsym.numerics import _common
    assert _common._GUARD == P.GUARD_DIGITS == 12
    assert (P.ROUND_GUARD, P.COMPARE_GUARD, P.QUAD_GUARD, P.QUAD_CHECK_GUARD) == (5, 10, 15, 25)
    assert P.QUAD_CHECK_GUARD > P.QUAD_GUARD          # the cross-check is at higher precision


def test_numerics_converter_is_the_core_one():
    """rmtsym.numerics and rmtsym.verify.numeric convert through core.precision."""
    from rmtsym.numerics import _common
    from rmtsym.verify import numeric
    with mpmath.workdps(50):
        a = _common._to_mpc(2 - sympy.Rational(1, 10 ** 80), "x")
    assert a < 2
    ctx = P.working_context(50, guard=0)
    b = numeric._num(2 - sympy.Rational(1, 10 ** 80), ctx)
    assert b < 2
    with pytest.raises(RmtsymError, match="must be a number"):
        numeric._num(True, ctx)
