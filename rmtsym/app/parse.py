r"""A small, safe expression language over the named laws and operations.

Grammar (parsed with :mod:`ast`, never evaluated with ``eval``)::

    expr   := call | number | name | expr (+ - * / **) expr | -expr | {key: value, ...}
    call   := law "(" args ")"
    law    := semicircle | marchenko_pastur | mp | atoms | point_mass | free_poisson
            | fuss_catalan | free_add | free_mul | affine

Numbers are exact: ``0.5`` means 1/2.  A bare name that is not a law is a
positive SymPy symbol (a parameter), e.g. ``marchenko_pastur(c)``.

Examples
--------
>>> parse_measure("free_add(semicircle(1), marchenko_pastur(1/2))").moments(2)
[1, 1, 5/2]
>>> parse_measure("atoms({0: 1/4, 2: 3/4})").moments(1)
[1, 3/2]
>>> parse_measure("gaussian(1)")
Traceback (most recent call last):
...
rmtsym.core.errors.ParseError: unknown name 'gaussian' in EXPR; known laws and operations: affine, atoms, free_add, free_mul, free_poisson, fuss_catalan, marchenko_pastur, mp, point_mass, semicircle
"""

import ast

import sympy

from ..core.errors import ParseError, RmtsymError


def _laws():
    from ..laws import named as laws
    from ..free import convolution
    return {
        "semicircle": laws.semicircle,
        "marchenko_pastur": laws.marchenko_pastur,
        "mp": laws.marchenko_pastur,
        "atoms": laws.atoms,
        "point_mass": laws.point_mass,
        "free_poisson": laws.free_poisson,
        "fuss_catalan": laws.fuss_catalan,
        "free_add": convolution.free_add,
        "free_mul": convolution.free_mul,
        "affine": lambda mu, a, b=0: mu.affine(a, b),
    }


_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


def parse_measure(text):
    """Parse an EXPR string into a measure (or a number, for sub-expressions).

    Parameters
    ----------
    text : str
        The expression, e.g. ``"free_mul(mp(1), atoms({0: 1/2, 1: 1/2}))"``.

    Returns
    -------
    AlgebraicMeasure

    Raises
    ------
    ParseError
        On a syntax error, an unknown name, or a construct outside the
        language (attribute access, keywords other than law parameters,
        strings, ...).  Errors of the laws themselves (a negative variance)
        are re-raised as :class:`RmtsymError` naming the parameter.
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError("EXPR must be a non-empty string")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ParseError(f"cannot parse EXPR {text!r}: {exc.msg} at column {exc.offset}") from None
    laws = _laws()
    value = _eval(tree.body, laws)
    if not hasattr(value, "moments"):
        raise ParseError(f"EXPR must describe a measure, got the number {value}")
    return value


def _eval(node, laws):
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ParseError(f"unsupported literal {node.value!r} in EXPR")
        # a decimal literal means the exact decimal: 0.1 -> 1/10
        return sympy.Rational(repr(node.value)) if isinstance(node.value, float) \
            else sympy.Integer(node.value)
    if isinstance(node, ast.Name):
        if node.id in laws:
            raise ParseError(f"{node.id} must be called with arguments, e.g. {node.id}(...)")
        if not node.id.isidentifier() or node.id.startswith("_"):
            raise ParseError(f"invalid parameter name {node.id!r}")
        return sympy.Symbol(node.id, positive=True)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _eval(node.operand, laws)
        _number(v, "unary minus")
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        a, b = _eval(node.left, laws), _eval(node.right, laws)
        _number(a, "arithmetic")
        _number(b, "arithmetic")
        if isinstance(node.op, ast.Div) and b == 0:
            raise ParseError("division by zero in EXPR")
        return _BINOPS[type(node.op)](a, b)
    if isinstance(node, ast.Dict):
        return {_eval(k, laws): _eval(v, laws) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise ParseError("only calls of named laws are allowed in EXPR")
        name = node.func.id
        if name not in laws:
            raise ParseError(
                f"unknown name {name!r} in EXPR; known laws and operations: "
                + ", ".join(sorted(laws)))
        args = [_eval(a, laws) for a in node.args]
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise ParseError("**kwargs are not allowed in EXPR")
            kwargs[kw.arg] = _eval(kw.value, laws)
        try:
            return laws[name](*args, **kwargs)
        except TypeError as exc:
            raise ParseError(f"bad arguments to {name}: {exc}") from None
        except RmtsymError:
            raise
    raise ParseError(f"unsupported construct {type(node).__name__} in EXPR")


def _number(v, where):
    if not isinstance(v, sympy.Basic):
        raise ParseError(f"{where} applies to numbers, not to {type(v).__name__}")
