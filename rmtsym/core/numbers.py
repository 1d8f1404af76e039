r"""One input-conversion path for every public parameter of rmtsym.

Every number a user hands to rmtsym — a law's ratio or variance, an atom's
location, a Gaussian variance ``q``, an activation's parameter, a value in
``AlgebraicMeasure.subs`` or in the ``rmtsym`` command's EXPR — goes through
:func:`to_expr` (or one of :func:`positive`, :func:`nonnegative`,
:func:`integer`, :func:`order`, :func:`dps`).  It accepts

* Python ``int`` and ``fractions.Fraction`` (exact), ``bool`` is refused;
* ``float`` / ``decimal.Decimal`` / ``numpy`` scalars: refused where the
  caller wants exact numbers (the laws), otherwise read as the exact decimal
  they print as (``0.1`` means 1/10);
* SymPy expressions (real, finite, of bounded size);
* strings, parsed by the restricted parser :func:`parse_expression` below:
  an :mod:`ast` walk over numbers, parameter names, ``+ - * / **``, unary
  signs and a fixed list of functions (``sqrt``, ``exp``, ``log``, ``erf``,
  ...).  Strings are never given to ``eval`` or ``sympy.sympify``.

Reserved names are never taken as parameters: ``pi``, ``E`` (and ``e``
only as a call-free constant is *not* reserved) mean the constants;
``nan``, ``inf``, ``oo``, ``infinity``, ``zoo`` and ``I`` / ``j`` are
refused (rmtsym parameters are finite reals).

Work is bounded before it is done: text length, nesting depth, literal
digits, exponent size and the size of every intermediate result are capped
(constants below), so no input string can make the parser run for long or
allocate much memory.  Every refusal is an :class:`RmtsymError`
(:class:`ParseError` for strings) that names the parameter, says what is
allowed, and shortens long values (:func:`shorten`).

Examples
--------
>>> to_expr("1/2 + 1/3", "ratio")
5/6
>>> positive("2*pi", "variance")
2*pi
>>> positive(-1, "ratio")
Traceback (most recent call last):
...
rmtsym.core.errors.RmtsymError: ratio must be > 0, got -1
>>> to_expr("__import__('os').system('echo hi')", "ratio")
Traceback (most recent call last):
...
rmtsym.core.errors.ParseError: ratio: only calls of named laws and functions are allowed
>>> to_expr("__import__('os')", "ratio")
Traceback (most recent call last):
...
rmtsym.core.errors.ParseError: ratio: unknown function '__import__'; allowed: Abs, Rational, abs, asinh, atan, cbrt, cos, cosh, erf, erfc, exp, log, sin, sinh, sqrt, tan, tanh
>>> to_expr("9**9**9", "ratio")
Traceback (most recent call last):
...
rmtsym.core.errors.ParseError: ratio: exponent 387420489 too large in '9**9**9'; integer exponents must have |k| <= 10000
"""

from __future__ import annotations

import ast
import decimal
import fractions
import math
from collections.abc import Callable, Collection
from typing import Any
import numbers as _pynumbers

import sympy

from .errors import ParseError, RmtsymError

__all__ = ["MAX_TEXT_LENGTH", "MAX_DEPTH", "MAX_DIGITS", "MAX_EXPONENT", "MAX_NODES",
           "MAX_DPS", "MAX_ORDER", "RESERVED", "FUNCTIONS", "shorten", "parse_expression",
           "to_expr", "positive", "nonnegative", "real_number", "integer", "order", "dps",
           "check_param_names"]

#: longest accepted expression string (characters)
MAX_TEXT_LENGTH = 2000
#: deepest accepted nesting of an expression (operators, calls, brackets)
MAX_DEPTH = 200
#: most decimal digits of an integer (numerator/denominator) anywhere in an input
MAX_DIGITS = 500
#: largest |k| of an integer exponent ``a**k``
MAX_EXPONENT = 10000
#: most nodes of a SymPy expression accepted as a parameter
MAX_NODES = 2000
#: most digits of any ``dps=`` (mpmath working precision)
MAX_DPS = 2000
#: highest moment / cumulant order of the exact series routines
MAX_ORDER = 2000
#: longest parameter name
MAX_NAME = 40

#: names with a fixed meaning: a SymPy constant, or None (refused with the reason)
RESERVED = {
    "pi": sympy.pi, "E": sympy.E,
    "nan": None, "NaN": None, "inf": None, "Inf": None, "infinity": None,
    "Infinity": None, "oo": None, "zoo": None, "I": None, "j": None, "J": None,
    "None": None, "True": None, "False": None,
}
_REFUSED_WHY = {"I": "the imaginary unit (parameters are real)",
                "j": "the imaginary unit (parameters are real)",
                "J": "the imaginary unit (parameters are real)",
                "None": "not a number", "True": "a bool, not a number",
                "False": "a bool, not a number"}

#: functions a parameter string may call (name -> SymPy function, number of arguments)
FUNCTIONS = {
    "sqrt": (sympy.sqrt, 1), "cbrt": (sympy.cbrt, 1), "exp": (sympy.exp, 1),
    "log": (sympy.log, 1), "erf": (sympy.erf, 1), "erfc": (sympy.erfc, 1),
    "sin": (sympy.sin, 1), "cos": (sympy.cos, 1), "tan": (sympy.tan, 1),
    "tanh": (sympy.tanh, 1), "sinh": (sympy.sinh, 1), "cosh": (sympy.cosh, 1),
    "atan": (sympy.atan, 1), "asinh": (sympy.asinh, 1), "abs": (sympy.Abs, 1),
    "Abs": (sympy.Abs, 1), "Rational": (sympy.Rational, 2),
}


def shorten(value: object, limit: int = 60) -> str:
    """``repr``-like text of ``value``, cut to about ``limit`` characters.

    Examples
    --------
    >>> shorten("x" * 100, 20)
    "'xxxxxxxxxxxxxxxxxxx… (102 chars)"
    >>> shorten(10**100, 20)
    'an integer of about 100 digits'
    """
    try:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
            text = f"an integer of about {int(value.bit_length() * 0.30103)} digits"
            return text
        text = repr(value) if isinstance(value, str) else _safe_str(value)
    except Exception:  # a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    if len(text) > limit:
        return text[:limit] + f"… ({len(text)} chars)"
    return text


def _safe_str(value):
    if isinstance(value, sympy.Basic):
        try:
            return str(value)
        except ValueError:        # int-string conversion limit
            return f"<a SymPy {type(value).__name__} too large to print>"
    if isinstance(value, (list, tuple)) and len(value) > 20:
        return repr(type(value)(list(value[:8]))) [:-1] + f", ... ({len(value)} items)]"
    if type(value).__module__ == "numpy" and hasattr(value, "shape") and hasattr(value, "ravel"):
        # an array, recognised without importing numpy (core is a symbolic layer)
        head = ", ".join(repr(v) for v in value.ravel()[:5].tolist())
        return f"array of shape {value.shape} ([{head}, ...])"
    return repr(value)


# ---------------------------------------------------------------------------
# the restricted parser
# ---------------------------------------------------------------------------
_TEN_MAX = 10**MAX_DIGITS


def _too_big(v):
    """True when a SymPy number has a numerator or denominator of more than MAX_DIGITS digits."""
    if isinstance(v, sympy.Rational):
        return abs(v.p) >= _TEN_MAX or v.q >= _TEN_MAX
    return False


def _int_digits_ok(n):
    return abs(n) < _TEN_MAX


class _Evaluator:
    """The AST walk behind :func:`parse_expression` (extensible by ``rmtsym.app.parse``)."""

    def __init__(self, text, name, symbols=True, calls=None, dicts=False, unknown_call=None,
                 make_symbol=None):
        self.text = text
        self.name = name
        self.symbols = symbols
        self.calls = calls or {}
        self.dicts = dicts
        self.unknown_call = unknown_call
        self.make_symbol = make_symbol or (lambda n: sympy.Symbol(n, positive=True))

    def fail(self, msg):
        raise ParseError(f"{self.name}: {msg}")

    def number_only(self, v, where):
        if not isinstance(v, sympy.Expr):
            self.fail(f"{where} applies to numbers, not to {type(v).__name__}")
        return v

    def checked(self, v):
        if isinstance(v, sympy.Expr):
            if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                self.fail(f"{shorten(self.text)} is not a finite number")
            if v.is_Rational and _too_big(v):
                self.fail(f"{shorten(self.text)} has more than {MAX_DIGITS} digits")
        return v

    def visit(self, node):
        return self.checked(self._visit(node))

    def _visit(self, node):
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name_(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = self.number_only(self.visit(node.operand), "a sign")
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult,
                                                                  ast.Div, ast.Pow)):
            a = self.number_only(self.visit(node.left), "arithmetic")
            b = self.number_only(self.visit(node.right), "arithmetic")
            return self.binop(node.op, a, b)
        if isinstance(node, ast.Dict):
            if not self.dicts:
                self.fail("a dict is not allowed here")
            if any(k is None for k in node.keys):
                self.fail("**-unpacking is not allowed")
            return {self.visit(k): self.visit(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.Call):
            return self.call(node)
        self.fail(f"unsupported construct {type(node).__name__} in {shorten(self.text)}")

    def constant(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float, complex)):
            self.fail(f"unsupported literal {shorten(v)}; only numbers are allowed")
        if isinstance(v, complex):
            self.fail(f"complex literal {shorten(v)}: parameters are real")
        if isinstance(v, int):
            if not _int_digits_ok(v):
                self.fail(f"integer literal with more than {MAX_DIGITS} digits")
            return sympy.Integer(v)
        # a decimal literal means the exact decimal it spells: 0.1 -> 1/10, 1e309 -> 10**309
        seg = ast.get_source_segment(self.text, node) or repr(v)
        try:
            d = decimal.Decimal(seg.replace("_", ""))
        except decimal.InvalidOperation:
            self.fail(f"cannot read the number {shorten(seg)}")
        if not d.is_finite():
            self.fail(f"{shorten(seg)} is not a finite number")
        sign, digits, exp = d.as_tuple()
        if len(digits) > MAX_DIGITS or abs(exp) > MAX_DIGITS:
            self.fail(f"the decimal {shorten(seg)} needs more than {MAX_DIGITS} digits")
        return sympy.Rational(fractions.Fraction(d))

    def name_(self, ident):
        if ident in RESERVED:
            val = RESERVED[ident]
            if val is None:
                why = _REFUSED_WHY.get(ident, "not a finite number")
                self.fail(f"{ident!r} is {why}; it cannot be a value or a parameter name")
            return val
        if ident in FUNCTIONS or ident in self.calls:
            self.fail(f"{ident} must be called with arguments, e.g. {ident}(...)")
        if ident.startswith("_"):
            self.fail(f"names starting with '_' are not allowed, got {ident!r}")
        if not self.symbols:
            self.fail(f"symbols are not allowed here, got the name {ident!r}")
        if len(ident) > MAX_NAME or not ident.isidentifier() or not ident.isascii():
            self.fail(f"invalid parameter name {shorten(ident)}")
        return self.make_symbol(ident)

    def binop(self, op, a, b):
        if isinstance(op, ast.Add):
            return a + b
        if isinstance(op, ast.Sub):
            return a - b
        if isinstance(op, ast.Mult):
            return a * b
        if isinstance(op, ast.Div):
            if b == 0:
                self.fail(f"division by zero in {shorten(self.text)}")
            return a / b
        return self.power(a, b)

    def power(self, a, b):
        if b.is_Integer:
            k = int(b)
            if abs(k) > MAX_EXPONENT:
                self.fail(f"exponent {shorten(k)} too large in {shorten(self.text)}; integer "
                          f"exponents must have |k| <= {MAX_EXPONENT}")
            if a.is_Rational:
                if a == 0 and k < 0:
                    self.fail(f"division by zero (0**{k}) in {shorten(self.text)}")
                bits = max(abs(a.p).bit_length(), a.q.bit_length())
                if bits * abs(k) > MAX_DIGITS * 3.33 + 4 and abs(a) != 1:
                    self.fail(f"{shorten(self.text)} has more than {MAX_DIGITS} digits")
            elif a.is_number and abs(k) > 64:
                self.fail(f"power {shorten(self.text)}: an irrational base allows |k| <= 64")
            return a**b
        if b.is_Rational:
            if max(abs(b.p), b.q) > 64:
                self.fail(f"fractional exponent {b} too large in {shorten(self.text)}; "
                          "numerator and denominator must be <= 64")
            if a.is_Rational and max(abs(a.p), a.q).bit_length() > 200:
                self.fail(f"a fractional power of a number above 60 digits in {shorten(self.text)}")
            if a == 0 and b < 0:
                self.fail(f"division by zero in {shorten(self.text)}")
            return a**b
        if b.is_number:
            if b.is_real is False:
                self.fail(f"complex exponent in {shorten(self.text)}")
            try:
                if not (abs(b) <= 64):
                    self.fail(f"exponent {shorten(b)} too large in {shorten(self.text)}")
            except TypeError:
                self.fail(f"cannot bound the exponent {shorten(b)} in {shorten(self.text)}")
        # symbolic exponent: kept unevaluated by SymPy, no work done
        return a**b

    def call(self, node):
        if not isinstance(node.func, ast.Name):
            self.fail("only calls of named laws and functions are allowed")
        fname = node.func.id
        if fname in self.calls:
            args = [self.visit(a) for a in node.args]
            kwargs = {}
            for kw in node.keywords:
                if kw.arg is None:
                    self.fail("**kwargs are not allowed")
                kwargs[kw.arg] = self.visit(kw.value)
            return self.calls[fname](*args, **kwargs)
        if fname in FUNCTIONS:
            fn, nargs = FUNCTIONS[fname]
            if node.keywords or len(node.args) != nargs:
                self.fail(f"{fname} takes {nargs} positional argument(s)")
            args = [self.number_only(self.visit(a), fname) for a in node.args]
            if fname == "Rational":
                if not all(a.is_Integer for a in args) or args[1] == 0:
                    self.fail("Rational(p, q) needs integers p and q != 0")
                return sympy.Rational(args[0], args[1])
            try:
                return fn(*args)
            except (TypeError, ValueError, ArithmeticError) as exc:
                self.fail(f"{fname}: {exc}")
        if self.unknown_call is not None:
            self.unknown_call(fname)
        self.fail(f"unknown function {fname!r}; allowed: " + ", ".join(sorted(FUNCTIONS)))


def _depth_ok(tree):
    """Iterative depth check (the recursive walk must never hit Python's recursion limit)."""
    stack = [(tree, 1)]
    while stack:
        node, d = stack.pop()
        if d > MAX_DEPTH:
            return False
        stack.extend((c, d + 1) for c in ast.iter_child_nodes(node))
    return True


def parse_expression(text: str, name: str = "value", *, symbols: bool = True,
                     calls: dict[str, Callable[..., Any]] | None = None, dicts: bool = False,
                     unknown_call: Callable[[str], object] | None = None,
                     make_symbol: Callable[[str], Any] | None = None) -> Any:
    """Parse ``text`` with the restricted grammar; never ``eval``.

    Parameters
    ----------
    text : str
        E.g. ``"1/2"``, ``"2*c + 1"``, ``"sqrt(2)/2"``, ``"1e-3"``.
    name : str
        The parameter's name, used in error messages.
    symbols : bool
        Whether bare names become parameters (positive SymPy symbols).
    calls : dict, optional
        Extra callables ``name -> function`` (the command language's laws).
    dicts : bool
        Whether ``{key: value}`` literals are allowed.
    unknown_call : callable, optional
        Called with the name of an unknown function before the generic error.
    make_symbol : callable, optional
        Parameter name -> SymPy symbol (default: a positive symbol).

    Returns
    -------
    sympy.Expr (or whatever a ``calls`` function returns)

    Raises
    ------
    ParseError
        Syntax error, a construct outside the grammar, a reserved or
        private name, or an input over the size limits (``MAX_TEXT_LENGTH``,
        ``MAX_DEPTH``, ``MAX_DIGITS``, ``MAX_EXPONENT``).

    Examples
    --------
    >>> parse_expression("2**-3 + 0.5")
    5/8
    >>> parse_expression("nan")
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.ParseError: value: 'nan' is not a finite number; it cannot be a value or a parameter name
    """
    if not isinstance(text, str):
        raise ParseError(f"{name} must be a string, got {shorten(text)}")
    src = text.strip()
    if not src:
        raise ParseError(f"{name} must be a non-empty expression")
    if len(src) > MAX_TEXT_LENGTH:
        raise ParseError(f"{name}: expression of {len(src)} characters; at most "
                         f"{MAX_TEXT_LENGTH} are allowed")
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as exc:
        raise ParseError(f"{name}: cannot parse {shorten(src)}: {exc.msg}"
                         + (f" at column {exc.offset}" if exc.offset else "")) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        raise ParseError(f"{name}: cannot parse {shorten(src)}: nested too deeply or too large "
                         f"({type(exc).__name__})") from None
    if not _depth_ok(tree):
        raise ParseError(f"{name}: {shorten(src)} is nested more than {MAX_DEPTH} levels deep")
    ev = _Evaluator(src, name, symbols=symbols, calls=calls, dicts=dicts,
                    unknown_call=unknown_call, make_symbol=make_symbol)
    try:
        return ev.visit(tree.body)
    except RecursionError:   # pragma: no cover - excluded by the depth check
        raise ParseError(f"{name}: {shorten(src)} is nested too deeply") from None


# ---------------------------------------------------------------------------
# conversion of values of every kind
# ---------------------------------------------------------------------------
_ALLOWED = "a number, a SymPy expression or a string such as '1/2'"


def _float_to_rational(value, name, floats):
    if floats == "keep":
        if type(value).__name__ == "mpf":
            import mpmath
            if not mpmath.isfinite(value):
                raise RmtsymError(f"{name} must be a finite real number, got {shorten(value)}")
            return sympy.Float(value, max(15, int(value.context.prec * 0.30103) + 1))
        f = float(value)
        if not math.isfinite(f):
            raise RmtsymError(f"{name} must be a finite real number, got {shorten(value)}")
        return sympy.Float(f)
    if floats == "refuse":
        raise RmtsymError(
            f"{name} must be exact (int, Rational, string '1/2' or a SymPy symbol), got the "
            f"float {shorten(value)}; write sympy.Rational or a string instead")
    f = float(value)
    if not math.isfinite(f):
        raise RmtsymError(f"{name} must be a finite real number, got {shorten(value)}")
    return sympy.Rational(repr(f))


def _nodes_ok(expr):
    n = 0
    for _ in sympy.preorder_traversal(expr):
        n += 1
        if n > MAX_NODES:
            return False
    return True


def check_param_names(expr: Any, name: str, reserved: Collection[str] = ()) -> None:
    """Refuse parameters of ``expr`` whose names are internal variables (``reserved``)."""
    for s in expr.free_symbols:
        if s.name in reserved:
            raise RmtsymError(
                f"{name}: the parameter name {s.name!r} is used internally; choose another "
                f"(reserved: {', '.join(sorted(reserved))})")
        if s.name in RESERVED:
            raise RmtsymError(f"{name}: {s.name!r} is a reserved name, not a parameter")


def to_expr(value: object, name: str = "value", *, floats: str = "refuse", symbols: bool = True,
            real: bool = True, reserved: Collection[str] = ()) -> Any:
    """Convert ``value`` to a finite (real) SymPy expression of bounded size.

    Parameters
    ----------
    value : int, Fraction, float, Decimal, numpy scalar, SymPy expression or str
    name : str
        The parameter's name for error messages.
    floats : {"refuse", "decimal", "keep"}
        ``"refuse"``: floats are an error (exact APIs); ``"decimal"``: a float
        means the exact decimal it prints as (``0.05`` is 1/20); ``"keep"``:
        a float stays a SymPy Float (numeric lists).
    symbols : bool
        Whether symbolic values (parameters) are allowed.
    real : bool
        Whether the value must be real.
    reserved : iterable of str
        Parameter names that are refused (internal variables of the caller).

    Returns
    -------
    sympy.Expr

    Raises
    ------
    RmtsymError
        Naming ``name``, what is allowed, and the (shortened) value.
    """
    if isinstance(value, bool) or value is None:
        raise RmtsymError(f"{name} must be {_ALLOWED}, got {value!r}")
    if isinstance(value, str):
        v = parse_expression(value, name, symbols=symbols)
        if not isinstance(v, sympy.Expr):   # pragma: no cover
            raise ParseError(f"{name} must be a number, got {shorten(value)}")
    elif isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr) or isinstance(value, sympy.Poly):
            raise RmtsymError(f"{name} must be {_ALLOWED}, got the {type(value).__name__} "
                              f"{shorten(value)}")
        v = value
    elif isinstance(value, int) or (isinstance(value, _pynumbers.Integral)):
        iv = int(value)
        if not _int_digits_ok(iv):
            raise RmtsymError(f"{name} must have at most {MAX_DIGITS} digits, got {shorten(iv)}")
        v = sympy.Integer(iv)
    elif isinstance(value, fractions.Fraction):
        v = sympy.Rational(value.numerator, value.denominator)
    elif isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise RmtsymError(f"{name} must be a finite real number, got {shorten(value)}")
        if floats != "decimal":
            raise RmtsymError(f"{name} must be exact, got the Decimal {shorten(value)}; "
                              "write a string such as '1/2' instead")
        v = sympy.Rational(fractions.Fraction(value))
    elif isinstance(value, complex) or (isinstance(value, _pynumbers.Complex)
                                        and not isinstance(value, _pynumbers.Real)):
        if real:
            raise RmtsymError(f"{name} must be a real number, got the complex {shorten(value)}")
        raise RmtsymError(f"{name}: complex values are not supported, got {shorten(value)}")
    elif isinstance(value, _pynumbers.Real) or type(value).__name__ in ("mpf",):
        v = _float_to_rational(value, name, floats)
    else:
        raise RmtsymError(f"{name} must be {_ALLOWED}, got {type(value).__name__} "
                          f"{shorten(value)}")
    if not _nodes_ok(v):
        raise RmtsymError(f"{name}: expression too large (more than {MAX_NODES} nodes)")
    if v.has(sympy.nan):
        raise RmtsymError(f"{name} must be a finite real number, got nan")
    if v.has(sympy.oo, -sympy.oo, sympy.zoo) or v.is_finite is False:
        raise RmtsymError(f"{name} must be a finite real number, got {shorten(v)}")
    for a in v.atoms(sympy.Rational):
        if _too_big(a):
            raise RmtsymError(f"{name} must have at most {MAX_DIGITS} digits, got {shorten(v)}")
    if v.has(sympy.Float) and floats == "refuse":
        raise RmtsymError(f"{name} must be exact, got the float {shorten(v)}")
    if real and (v.is_real is False or v.has(sympy.I)):
        raise RmtsymError(f"{name} must be a finite real number, got {shorten(v)}")
    if v.free_symbols:
        if not symbols:
            raise RmtsymError(f"{name} must be a number here, got the symbolic {shorten(v)}")
        check_param_names(v, name, reserved)
    return v


def _sign(v, name):
    """+1, -1, 0 for a real number ``v``; None when undecidable (symbolic)."""
    if not v.is_number:
        return None
    try:
        if v.is_zero:
            return 0
        if v.is_positive:
            return 1
        if v.is_negative:
            return -1
        s = sympy.sign(sympy.N(v, 30))
        if s.is_Number:
            return int(s)
    except (TypeError, ValueError, ArithmeticError):
        pass
    raise RmtsymError(f"{name}: cannot decide the sign of {shorten(v)}; give a simpler value")


def positive(value: object, name: str = "value", **kw: Any) -> Any:
    """:func:`to_expr`, then the value must be > 0 (symbols: not known to be <= 0)."""
    v = to_expr(value, name, **kw)
    s = _sign(v, name)
    if s is not None and s <= 0 or (s is None and v.is_positive is False):
        raise RmtsymError(f"{name} must be > 0, got {shorten(v)}")
    return v


def nonnegative(value: object, name: str = "value", **kw: Any) -> Any:
    """:func:`to_expr`, then the value must be >= 0 (symbols: not known to be < 0)."""
    v = to_expr(value, name, **kw)
    s = _sign(v, name)
    if s is not None and s < 0 or (s is None and v.is_nonnegative is False):
        raise RmtsymError(f"{name} must be >= 0, got {shorten(v)}")
    return v


def real_number(value: object, name: str = "value", **kw: Any) -> Any:
    """:func:`to_expr` with numbers only (no parameters)."""
    kw.setdefault("symbols", False)
    return to_expr(value, name, **kw)


def integer(value: object, name: str = "value", *, minimum: int | None = None,
            maximum: int | None = None, strings: bool = False) -> int:
    """A Python ``int`` in ``[minimum, maximum]``.

    Accepts ``int``, numpy integers and SymPy Integers (and digit strings
    with ``strings=True``); bools, floats and everything else are refused.

    Examples
    --------
    >>> integer(3, "k", minimum=0, maximum=10)
    3
    >>> integer(11, "k", minimum=0, maximum=10)
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.RmtsymError: k must be an integer in [0, 10], got 11
    """
    rng = _range_text(minimum, maximum)
    if isinstance(value, str) and strings:
        s = value.strip()
        if not (s.lstrip("+-").isdigit() and len(s) <= 30):
            raise RmtsymError(f"{name} must be an integer{rng}, got {shorten(value)}")
        value = int(s)
    if isinstance(value, bool) or not isinstance(value, (_pynumbers.Integral, sympy.Integer)):
        raise RmtsymError(f"{name} must be an integer{rng}, got {type(value).__name__} "
                          f"{shorten(value)}")
    iv = int(value)
    if (minimum is not None and iv < minimum) or (maximum is not None and iv > maximum):
        raise RmtsymError(f"{name} must be an integer{rng}, got {shorten(iv)}")
    return iv


def _range_text(lo, hi):
    if lo is not None and hi is not None:
        return f" in [{lo}, {hi}]"
    if lo is not None:
        return f" >= {lo}"
    if hi is not None:
        return f" <= {hi}"
    return ""


def order(value: object, name: str = "n", maximum: int = MAX_ORDER) -> int:
    """A series order ``0 <= n <= maximum`` (the bound keeps exact series work finite)."""
    try:
        return integer(value, name, minimum=0, maximum=maximum)
    except RmtsymError:
        raise RmtsymError(f"{name} must be a non-negative integer <= {maximum}, got "
                          f"{shorten(value)}") from None


def dps(value: object, name: str = "dps", allow_none: bool = True,
        maximum: int = MAX_DPS) -> int | None:
    """A working precision ``1 <= dps <= MAX_DPS`` (or None where exact is the default)."""
    if value is None and allow_none:
        return None
    return integer(value, name, minimum=1, maximum=maximum)
