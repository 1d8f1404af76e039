"""The SymPy -> python-flint ball compiler used by the certified checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from ..core.errors import RmtsymError, require

__all__ = ['ball_function']


# ---------------------------------------------------------------------------
# certified comparisons (rigorous ball arithmetic, python-flint)
# ---------------------------------------------------------------------------

def ball_function(expr: Any, x: Any = None) -> Callable[[Any, bool], Any]:
    r"""Compile an exact SymPy expression into ``f(xv, analytic) -> flint.acb`` (ball arithmetic).

    Supported: integers, rationals, π, the variable ``x``, sums, products,
    integer powers, half-integer powers (√ with the principal branch; with
    ``analytic=True`` a ball meeting the branch cut gives a non-finite
    result, as :func:`flint.acb.integral` requires), exp, log, sin, cos.
    Floats are refused (not exact).  Constants are rounded when the function
    is compiled, so compile inside the ``flint.ctx.workprec`` block where it
    is used.
    """
    from flint import acb, arb, fmpq
    expr = sympy.sympify(expr)
    free = expr.free_symbols - ({x} if x is not None else set())
    require(not free, f"a certified expression must be exact in {x}, got free symbols {sorted(map(str, free))}")

    def comp(e):
        if e == x:
            return lambda v, an: v
        if e.is_Rational:
            c = acb(arb(fmpq(int(e.p), int(e.q))))
            return lambda v, an: c
        if e is sympy.pi:
            c = acb(arb.pi())
            return lambda v, an: c
        if e is sympy.E:
            c = acb(arb(1).exp())
            return lambda v, an: c
        if isinstance(e, sympy.Add):
            fs = [comp(a) for a in e.args]
            return lambda v, an: sum((f(v, an) for f in fs[1:]), fs[0](v, an))
        if isinstance(e, sympy.Mul):
            fs = [comp(a) for a in e.args]

            def mul(v, an):
                out = fs[0](v, an)
                for f in fs[1:]:
                    out = out * f(v, an)
                return out
            return mul
        if isinstance(e, sympy.Pow):
            fb, q = comp(e.base), e.exp
            if q.is_Integer:
                n = int(q)
                if n >= 0:
                    return lambda v, an: fb(v, an) ** n
                return lambda v, an: 1 / fb(v, an) ** (-n)
            if q.is_Rational and q.q == 2:
                n = int(q.p)
                if n >= 0:
                    return lambda v, an: fb(v, an).sqrt(analytic=an) ** n
                return lambda v, an: 1 / fb(v, an).sqrt(analytic=an) ** (-n)
        if isinstance(e, sympy.exp):
            f = comp(e.args[0])
            return lambda v, an: f(v, an).exp()
        if isinstance(e, sympy.log):
            f = comp(e.args[0])
            return lambda v, an: f(v, an).log(analytic=an)
        if isinstance(e, (sympy.sin, sympy.cos)):
            f, name = comp(e.args[0]), type(e).__name__
            return lambda v, an: getattr(f(v, an), name)()
        raise RmtsymError(f"cannot evaluate {sympy.sstr(e)!r} in ball arithmetic (supported: rationals, pi, "
                          "+, *, integer and half-integer powers, exp, log, sin, cos)")
    return comp(expr)


def _ball(value: Any) -> Any:
    """An exact real SymPy value as a flint.arb ball at the current flint precision."""
    v = ball_function(value)(None, False)
    require(v.imag.contains(0), f"expected a real value, got {sympy.sstr(value)}")
    return v.real
