"""The fast exact kernel: multivariate integer polynomials through python-flint.

Every elimination, factorisation and substitution of the polynomial method
runs here, on :class:`flint.fmpz_mpoly` objects in one fixed context whose
variables are the transform variables followed by the parameters.  SymPy is
used only at the boundary (:func:`to_flint`, :func:`to_sympy`) for symbolic
parameters and printing.

The variables of the kernel context, in this order:

``g, u``  moment series g(u) = sum_k m_k u^k with u = 1/z
``m, z``  Stieltjes transform and its argument
``r, w``  R-transform value and argument
``s``     S-transform value (argument ``w``)
``t``     the auxiliary variable eliminated by a resultant
followed by the parameters (SymPy symbols, sorted by name).
"""

from functools import lru_cache

import flint
import sympy

from .errors import RmtsymError

VARS = ("g", "u", "m", "z", "r", "w", "s", "t")


@lru_cache(maxsize=None)
def context(params):
    """Return the flint context for a tuple of parameter names (sorted)."""
    for p in params:
        if p in VARS:
            raise RmtsymError(
                f"parameter name {p!r} is reserved (reserved: {', '.join(VARS)})")
    return flint.fmpz_mpoly_ctx.get(VARS + tuple(params), "lex")


def gens(ctx):
    """Map variable name -> generator polynomial of ``ctx``."""
    return dict(zip(ctx.names(), ctx.gens()))


def to_flint(expr, ctx):
    """Convert a SymPy polynomial expression to ``fmpz_mpoly`` (denominators cleared).

    The result is primitive up to sign: a rational multiple of ``expr`` with
    integer coefficients.  Raises :class:`RmtsymError` if ``expr`` is not a
    polynomial in the context's variables.
    """
    names = ctx.names()
    syms = [sympy.Symbol(n) for n in names]
    expr = sympy.sympify(expr)
    # parameters carry assumptions; map them to plain symbols of the same name
    expr = expr.xreplace({s: sympy.Symbol(s.name) for s in expr.free_symbols})
    try:
        poly = sympy.Poly(sympy.expand(expr), *syms, domain="QQ")
    except sympy.PolynomialError as exc:
        raise RmtsymError(f"not a polynomial in {names}: {expr}") from exc
    terms = poly.terms()
    if not terms:
        return ctx.from_dict({})
    den = sympy.ilcm(1, 1, *[sympy.Rational(c).q for _, c in terms])
    return ctx.from_dict({mon: int(sympy.Rational(c) * den) for mon, c in terms})


def to_sympy(f, symbols):
    """Convert an ``fmpz_mpoly`` back to a SymPy expression.

    ``symbols`` maps variable names to the SymPy symbols to use (names not in
    it become plain symbols).
    """
    names = f.context().names()
    syms = [symbols.get(n, sympy.Symbol(n)) for n in names]
    out = []
    for mon, c in f.to_dict().items():
        term = sympy.Integer(int(c))
        for s, e in zip(syms, mon):
            if e:
                term *= s**e
        out.append(term)
    return sympy.Add(*out)


def degree(f, var):
    """Degree of ``f`` in the variable named ``var`` (-1 for the zero polynomial)."""
    if f.is_zero():
        return -1
    return f.degrees()[f.context().names().index(var)]


def coefficients_in(f, var):
    """Split ``f`` as sum_k c_k var^k; return {k: c_k} with c_k free of ``var``."""
    ctx = f.context()
    i = ctx.names().index(var)
    groups = {}
    for mon, c in f.to_dict().items():
        k = mon[i]
        mon2 = list(mon)
        mon2[i] = 0
        groups.setdefault(k, {})[tuple(mon2)] = c
    return {k: ctx.from_dict(d) for k, d in groups.items()}


def substitute(f, var, num, den):
    """Substitute ``var -> num/den`` in ``f`` and clear the denominator.

    Returns ``den**d * f(num/den)`` with ``d`` the degree of ``f`` in ``var``:
    the numerator of the substitution, a polynomial again.
    """
    d = degree(f, var)
    if d <= 0:
        return f
    coeffs = coefficients_in(f, var)
    out = f.context().from_dict({})
    num_pows = [f.context().from_dict({}) + 1]
    den_pows = [f.context().from_dict({}) + 1]
    for _ in range(d):
        num_pows.append(num_pows[-1] * num)
        den_pows.append(den_pows[-1] * den)
    for k, c in coeffs.items():
        out += c * num_pows[k] * den_pows[d - k]
    return out


def primitive_signed(f):
    """Primitive part of ``f`` with a positive leading coefficient (lex order)."""
    if f.is_zero():
        return f
    content = f.content()
    f = f / content if content != 1 else f
    lead = f.leading_coefficient()
    return -f if lead < 0 else f


def factors(f):
    """Irreducible factors of ``f`` over Z[vars] (primitive, no multiplicity)."""
    _, facs = f.factor()
    return [primitive_signed(p) for p, _ in facs]


def resultant(f, g, var):
    """Resultant of ``f`` and ``g`` with respect to the variable ``var``."""
    return f.resultant(g, var)


def discriminant(f, var):
    """Discriminant of ``f`` with respect to the variable ``var``."""
    return f.discriminant(var)
