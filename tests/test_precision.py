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


# ---------------------------------------------------------------------------
# history independence: a value is the same whatever was computed before it
# ---------------------------------------------------------------------------

#: The measures and the 30-digit values of the history test, as source text:
#: run once cold in a fresh interpreter and once here after other calls.
_CASES_SRC = r'''
import mpmath, sympy
from rmtsym import numerics as N
from rmtsym.free.convolution import free_mul
from rmtsym.laws.named import marchenko_pastur, semicircle
R, I = sympy.Rational, sympy.I

def measures():
    return {
        "alg": free_mul(marchenko_pastur(1), marchenko_pastur(R(1, 2))),     # degree 3 in m
        "num": N.NumericMeasure(lambda x: mpmath.sqrt(4 - x**2) / (2 * mpmath.pi), [(-2, 2)]),
        "sub": N.free_add_numeric(semicircle(1), marchenko_pastur(R(1, 2)), dps=30),
    }

def values(ms, dps=30):
    alg, num, sub = ms["alg"], ms["num"], ms["sub"]
    return {
        "alg density": N.density(alg, R(3, 2), dps=dps),
        "alg density grid": N.density(alg, [R(1, 2), R(3, 2), R(21, 5)], dps=dps),
        "alg stieltjes": N.stieltjes(alg, R(1, 2) + I, dps=dps),
        "alg cdf": N.cdf(alg, R(3, 2), dps=dps),
        "alg density_grid (float walk + polish)": N.density_grid(alg, [R(1, 2), R(3, 2), R(21, 5)], dps=dps),
        "num density": num.density(R(1, 3), dps=dps),
        "num stieltjes": num.stieltjes(R(1, 2) + I, dps=dps),
        "num cdf": num.cdf(R(1, 2), dps=dps),
        "sub density": sub.density(1, dps=dps),
        "sub stieltjes": sub.stieltjes(R(1, 2) + I, dps=dps),
        "sub support": sub.support(dps=dps),
        "sub cdf": sub.cdf(1, dps=dps),
    }

def other_calls(ms, dps):
    """Calls at other points and precisions that fill the caches the values then use."""
    alg, num, sub = ms["alg"], ms["num"], ms["sub"]
    N.density(alg, [R(k, 10) for k in range(1, 56, 3)], dps=dps)
    N.density(alg, R(7, 5), dps=dps)
    N.stieltjes(alg, R(1, 3) + 2 * I, dps=dps)
    N.cdf(alg, 1, dps=dps)
    N.support(alg, dps=dps), N.atoms(alg, dps=dps)
    num.density(R(1, 4), dps=dps), num.cdf(R(1, 3), dps=dps)
    sub.density(R(9, 10), dps=dps), sub.stieltjes(R(1, 2) + 2 * I, dps=dps)
    N.density_grid(alg, [R(k, 7) for k in range(1, 38, 2)], dps=dps)
    sub.support(dps=dps), sub.cdf(R(1, 2), dps=min(dps, 20))

def bits(v):
    """Every bit of a value (mpf or mpc, or a list of them): equal bits = equal to the last digit."""
    if isinstance(v, (list, tuple)):
        return [bits(u) for u in v]
    if hasattr(v, "_mpc_"):          # the raw tuples: mpmath.mpf(v.real) would round at mp.prec
        return [[t[0], int(t[1]), t[2], t[3]] for t in v._mpc_]
    s, man, exp, bc = v._mpf_
    return [s, int(man), exp, bc]
'''


def _cases():
    ns: dict = {}
    exec(compile(_CASES_SRC, "<history cases>", "exec"), ns)
    return ns


def _cold_values():
    """The 30-digit values computed first thing in a fresh interpreter (nothing cached)."""
    import json
    import subprocess
    import sys
    code = (_CASES_SRC + "\nimport json\nprint(json.dumps({k: bits(v) for k, v in "
            "values(measures()).items()}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_values_do_not_depend_on_the_call_history():
    """Cold (fresh interpreter) vs warm (after calls at dps 15, 50, 20 on the same measure
    objects, filling their curves' anchors, real-axis continuation points, critical
    values and quadrature caches): every bit of every 30-digit value is equal."""
    cold = _cold_values()
    ns = _cases()
    ms = ns["measures"]()
    for dps in (15, 50, 20):
        ns["other_calls"](ms, dps)
    # the warm path is really exercised: the curve holds points of the earlier calls
    cur = ns["N"]._curve(ms["alg"])
    assert sum(len(xs) for xs, _ in cur._real_cache.values()) > 10
    assert any(len(c["_vals"]) >= 3 for c in cur.critical())      # critical values at 3+ precisions
    warm = {k: ns["bits"](v) for k, v in ns["values"](ms).items()}
    assert warm.keys() == cold.keys()
    for k in cold:
        assert warm[k] == cold[k], k


def test_values_are_right_not_only_reproducible():
    """Second route for the NumericMeasure (semicircle) values of the history test: the
    closed forms rho(x) = sqrt(4 - x^2)/(2 pi) and m(z) = (-z + sqrt(z^2 - 4))/2 (the root
    with Im m > 0 for Im z > 0), at 60 digits; the values agree to 29 digits."""
    ns = _cases()
    v = ns["values"](ns["measures"]())
    with mpmath.workdps(60):
        x = mpmath.mpf(1) / 3
        rho = mpmath.sqrt(4 - x ** 2) / (2 * mpmath.pi)
        z = mpmath.mpc(0.5, 1)
        r = mpmath.sqrt(z ** 2 - 4)
        m = (-z + r) / 2 if ((-z + r) / 2).imag > 0 else (-z - r) / 2
        assert abs(v["num density"] - rho) < mpmath.mpf(10) ** -29 * rho
        assert abs(v["num stieltjes"] - m) < mpmath.mpf(10) ** -29 * abs(m)
        # cdf: F(x) = 1/2 + (x sqrt(4 - x^2) + 4 asin(x/2)) / (4 pi)
        x = mpmath.mpf(1) / 2
        F = mpmath.mpf(1) / 2 + (x * mpmath.sqrt(4 - x ** 2) + 4 * mpmath.asin(x / 2)) / (4 * mpmath.pi)
        assert abs(v["num cdf"] - F) < mpmath.mpf(10) ** -29


def test_ambient_precision_is_untouched_and_irrelevant():
    """Every public numerics call leaves mpmath.mp as it found it, and a caller's
    ``workdps(5)`` block (or 80) changes no bit of a 30-digit value."""
    ns = _cases()
    ms = ns["measures"]()
    before = (mpmath.mp.dps, mpmath.mp.prec)
    ref = {k: ns["bits"](v) for k, v in ns["values"](ms).items()}
    assert (mpmath.mp.dps, mpmath.mp.prec) == before
    for amb in (5, 80):
        with mpmath.workdps(amb):
            got = {k: ns["bits"](v) for k, v in ns["values"](ms).items()}
            assert mpmath.mp.dps == amb                      # the caller's block is intact
        assert got == ref, amb
    assert (mpmath.mp.dps, mpmath.mp.prec) == before
    # the values are mpmath.mp numbers rounded once to 30 digits (not to the ambient 5)
    v = ns["values"](ms)["alg density"]
    assert type(v) is mpmath.mpf and v._mpf_[3] > 90


def test_cached_number_is_rebound_to_the_callers_context():
    """The mechanism: mpmath computes ``a + b`` at the precision of ``a``'s context, so a
    number cached by a 15-digit call would make a later 50-digit sum 15-digit; rebind
    keeps its bits and moves it to the caller's context."""
    low, high = P.working_context(15, guard=0), P.working_context(50, guard=0)
    cached = low.mpf(1) / 3
    third = high.mpf(1) / 3
    assert abs((cached + high.mpf(0)) - (third + 0)) > high.mpf(10) ** -20   # low precision leaks
    r = P.rebind(cached, high)
    assert type(r) is high.mpf and r == cached           # every bit kept, not re-rounded
    s = r + third                                         # computed at 50 digits now
    assert type(s) is high.mpf and s._mpf_[3] > 150
    assert abs(abs(s - 2 * third) - abs(r - third)) < high.mpf(10) ** -45   # resolved at 50 digits
    assert P.rebind([cached, (cached, 3)], high)[1][1] == 3


def test_private_context_is_exclusive_and_set_on_entry():
    """The free list behind every public numerics call: nested blocks get distinct
    contexts, and a context reused after a block that changed its precision (and left by
    an exception) starts at the requested precision again."""
    with P.private_context(20) as a:
        with P.private_context(20) as b:
            assert a is not b and a.dps == b.dps == 32
        assert a is not mpmath.mp and b is not mpmath.mp
    with pytest.raises(RuntimeError):
        with P.private_context(40, guard=0) as c:
            c.dps = 300                              # a careless user of the block
            raise RuntimeError
    seen, before = [], mpmath.mp.dps
    for _ in range(40):                              # more than the free list holds
        with P.private_context(7, guard=0) as d:
            seen.append(d.dps)
    assert seen == [7] * 40 and mpmath.mp.dps == before
    with pytest.raises(RmtsymError, match="dps must be a positive integer"):
        with P.private_context(0):
            pass
