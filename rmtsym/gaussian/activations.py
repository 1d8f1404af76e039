"""Activation functions as exact SymPy expressions.

An :class:`Activation` wraps a SymPy expression in the real symbol
:data:`x`.  The registry holds the activations used in the seeds and in
practice; any SymPy expression in one variable (``Piecewise``, ``Abs``,
``Max``, ``Heaviside`` allowed) is accepted too.

Everything here is exact: parameters stay SymPy numbers or symbols, and
derivatives come from :func:`sympy.diff`.  A derivative that would contain
a Dirac mass (a jump of the activation) raises :class:`RmtsymError`
instead of being silently dropped, because every Gaussian integral
downstream (``E phi'``, the mask law ``nu_K``) would then be wrong.

The module does not import numpy.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import sympy as sp

from ..core import numbers as _numbers
from ..core.errors import RmtsymError

__all__ = ["x", "Activation", "activation", "activation_names", "REGISTRY"]

#: The variable of every activation expression (a real SymPy symbol).
x = sp.Symbol("x", real=True)


def _relu():
    return sp.Piecewise((0, x < 0), (x, True))


def _value(v, name):
    """A parameter value through the one conversion path (:mod:`rmtsym.core.numbers`)."""
    if isinstance(v, sp.Basic) and not isinstance(v, sp.Expr):
        raise RmtsymError(f"{name} must be a number or expression, got {_numbers.shorten(v)}")
    return _numbers.to_expr(v, name, floats="decimal")


def _parse(text, name="activation"):
    """An activation or parameter string read by the restricted parser (x is the input)."""
    return _numbers.parse_expression(
        text, name, make_symbol=lambda n: x if n == "x" else sp.Symbol(n, real=True))


def _leaky_relu(alpha=sp.Rational(1, 100)):
    alpha = _value(alpha, "leaky_relu: alpha")
    if alpha.is_real is False:
        raise RmtsymError(f"leaky_relu: alpha must be real, got {alpha}")
    return sp.Piecewise((alpha * x, x < 0), (x, True))


def _elu(alpha=1):
    alpha = _value(alpha, "elu: alpha")
    return sp.Piecewise((alpha * (sp.exp(x) - 1), x < 0), (x, True))


def _hardtanh():
    # HardTanh = (|x + 1| - |x - 1|)/2 (seed 000_f11574a8ed5d65a0.txt, p. 1)
    return sp.Piecewise((-1, x < -1), (x, x <= 1), (1, True))


def _gelu():
    return x * (1 + sp.erf(x / sp.sqrt(2))) / 2


def _sigmoid():
    return 1 / (1 + sp.exp(-x))


#: name -> (builder(**params) -> SymPy expression, one-line description)
REGISTRY = {
    "linear": (lambda: x, "phi(x) = x"),
    "relu": (_relu, "max(0, x)"),
    "leaky_relu": (_leaky_relu, "x for x >= 0, alpha*x for x < 0 (alpha = 1/100 by default)"),
    "hardtanh": (_hardtanh, "(|x + 1| - |x - 1|)/2, i.e. clip(x, -1, 1)"),
    "tanh": (lambda: sp.tanh(x), "tanh(x)"),
    "erf": (lambda: sp.erf(x), "erf(x)"),
    "sigmoid": (_sigmoid, "1/(1 + exp(-x))"),
    "softplus": (lambda: sp.log(1 + sp.exp(x)), "log(1 + exp(x))"),
    "silu": (lambda: x * _sigmoid(), "x/(1 + exp(-x)) (swish)"),
    "gelu": (_gelu, "x*Phi(x) = x*(1 + erf(x/sqrt(2)))/2"),
    "cos": (lambda: sp.cos(x), "cos(x)"),
    "sin": (lambda: sp.sin(x), "sin(x)"),
    "abs": (lambda: sp.Abs(x), "|x|"),
    "elu": (_elu, "x for x >= 0, alpha*(exp(x) - 1) for x < 0 (alpha = 1 by default)"),
}
_ALIASES = {"swish": "silu", "identity": "linear", "hard_tanh": "hardtanh",
            "leakyrelu": "leaky_relu", "logistic": "sigmoid"}


def activation_names() -> list[str]:
    """Names accepted by :func:`activation` (registry names and aliases).

    Returns
    -------
    list of str
        Sorted names.

    Examples
    --------
    >>> "relu" in activation_names() and "swish" in activation_names()
    True
    """
    return sorted(set(REGISTRY) | set(_ALIASES))


def _to_piecewise(expr):
    """Rewrite Abs, Max, Min, Heaviside, sign into one folded Piecewise."""
    e = expr.rewrite(sp.Piecewise) if expr.has(sp.Abs, sp.Max, sp.Min, sp.Heaviside,
                                               sp.sign) else expr
    return sp.piecewise_fold(e)


class Activation:
    """An activation function phi, exact, in the real variable :data:`x`.

    Parameters
    ----------
    expr : sympy.Expr
        The expression of phi(x).  Its only free symbol that is not a
        parameter must be :data:`x`.
    name : str, optional
        Registry name or a label.
    params : dict, optional
        Parameters used to build it (e.g. ``{"alpha": 1/10}``).

    Notes
    -----
    Use :func:`activation` to build one; the constructor does no parsing.

    Examples
    --------
    >>> from rmtsym.gaussian.activations import activation, x
    >>> act = activation("relu")
    >>> act.expr
    Piecewise((0, x < 0), (x, True))
    >>> act.derivative().expr
    Piecewise((0, x < 0), (1, True))
    >>> act(3), act(-2)
    (3, 0)
    """

    def __init__(self, expr: sp.Expr | str | int, name: str | None = None,
                 params: dict | None = None) -> None:
        if isinstance(expr, str):
            expr = _parse(expr)
        elif not isinstance(expr, sp.Basic):
            expr = _value(expr, "expr")
        self.expr = expr
        self.name = name if name is not None else str(self.expr)
        self.params = dict(params or {})
        self._mp: Callable[[Any], Any] | None = None

    # -- basic protocol ----------------------------------------------------
    def __repr__(self):
        if self.params:
            ps = ", ".join(f"{k}={v}" for k, v in self.params.items())
            return f"Activation({self.name}; {ps})"
        return f"Activation({self.name})"

    def __eq__(self, other):
        return isinstance(other, Activation) and self.expr == other.expr

    def __hash__(self):
        return hash(self.expr)

    def __call__(self, value: object) -> sp.Expr:
        """Exact value phi(value) (a SymPy number or expression)."""
        return self.expr.subs(x, _numbers.to_expr(value, "value", floats="decimal", real=False))

    def _latex(self, printer):
        return printer._print(self.expr)

    def _repr_latex_(self):
        return "$" + sp.latex(self.expr) + "$"

    @property
    def free_parameters(self) -> tuple[sp.Symbol, ...]:
        """Free symbols of ``expr`` other than :data:`x`, as a tuple."""
        return tuple(sorted(self.expr.free_symbols - {x}, key=str))

    # -- numeric forms, derived once from the expression ---------------------
    @functools.cached_property
    def mpmath_pieces(self) -> list[tuple[Callable[[Any], Any], sp.Expr, sp.Expr]]:
        """``[(mpmath callable of x, a, b), ...]``: the pieces of :meth:`pieces` for quadrature.

        Raises
        ------
        RmtsymError
            If the activation still has free parameters.
        """
        if self.free_parameters:
            raise RmtsymError(f"activation {self.name}: substitute its parameters "
                              f"{self.free_parameters} before asking for dps digits")
        return [(sp.lambdify(x, ex, "mpmath"), iv.start, iv.end) for ex, iv in self.pieces()]

    @functools.cached_property
    def parity(self) -> int | None:
        """0 if phi is even, 1 if odd, None otherwise."""
        return 0 if self.is_even() else (1 if self.is_odd() else None)

    @functools.cached_property
    def numpy_functions(self) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
        """``(phi, phi')`` as vectorised float64 numpy functions, lambdified from the expressions.

        The samplers of real networks use these, so the network they draw
        and the theory integrate the same function (no second, hand-written
        copy).  ``phi'`` is the a.e. derivative of :meth:`derivative`.

        Raises
        ------
        RmtsymError
            If the activation has free parameters or no first derivative.

        Examples
        --------
        >>> import numpy as np
        >>> phi, dphi = activation("hardtanh").numpy_functions
        >>> phi(np.array([-2.0, 0.5, 3.0])).tolist(), dphi(np.array([-2.0, 0.5, 3.0])).tolist()
        ([-1.0, 0.5, 1.0], [0.0, 1.0, 0.0])
        """
        if self.free_parameters:
            raise RmtsymError(f"activation {self.name}: substitute its parameters "
                              f"{self.free_parameters} before sampling")
        import numpy as np

        def vectorised(expr):
            e = _to_piecewise(expr)
            f = sp.lambdify(x, e, ["scipy", "numpy"])
            if not e.has(x):
                c = float(e)
                return lambda h: np.full(np.shape(h), c)
            return lambda h: np.asarray(f(np.asarray(h, dtype=np.float64)), dtype=np.float64)

        return vectorised(self.expr), vectorised(self.derivative().expr)

    # -- structure ---------------------------------------------------------
    def pieces(self) -> list[tuple[sp.Expr, sp.Interval]]:
        """The activation as pieces ``[(expr, Interval), ...]`` covering R.

        Abs, Max, Min, Heaviside and sign are rewritten as ``Piecewise``.
        A smooth (non-piecewise) activation is one piece over the reals.

        Returns
        -------
        list of (sympy.Expr, sympy.Interval)

        Examples
        --------
        >>> activation("hardtanh").pieces()
        [(-1, Interval.open(-oo, -1)), (x, Interval(-1, 1)), (1, Interval.open(1, oo))]
        """
        e = _to_piecewise(self.expr)
        if isinstance(e, sp.Piecewise):
            pairs = e.as_expr_set_pairs(sp.Reals)
            out = []
            for ex, s in pairs:
                for iv in (s.args if isinstance(s, sp.Union) else (s,)):
                    if isinstance(iv, sp.Interval) and iv.measure != 0:
                        out.append((ex, iv))
                    elif not (iv.is_empty or isinstance(iv, sp.FiniteSet)
                              or (isinstance(iv, sp.Interval) and iv.measure == 0)):
                        raise RmtsymError(f"activation {self.name}: cannot split the "
                                          f"piecewise expression on the set {iv}")
            out.sort(key=lambda p: (p[1].start != -sp.oo, p[1].start))
            return out
        return [(e, sp.Interval(-sp.oo, sp.oo))]

    def breakpoints(self) -> list[sp.Expr]:
        """Finite points where the piecewise definition changes, sorted.

        Examples
        --------
        >>> activation("hardtanh").breakpoints()
        [-1, 1]
        >>> activation("tanh").breakpoints()
        []
        """
        pts = set()
        for _, iv in self.pieces():
            for end in (iv.start, iv.end):
                if end.is_finite:
                    pts.add(end)
        return sorted(pts, key=lambda p: sp.N(p, 30) if p.is_number else 0)

    @property
    def is_piecewise(self) -> bool:
        """True when the activation has at least one breakpoint."""
        return len(self.pieces()) > 1

    @property
    def is_piecewise_polynomial(self) -> bool:
        """True when every piece is a polynomial in x."""
        return all(ex.is_polynomial(x) for ex, _ in self.pieces())

    def is_even(self) -> bool:
        """True when phi(-x) = phi(x) identically (exact check)."""
        return sp.simplify(_to_piecewise(self.expr.subs(x, -x) - self.expr)) == 0

    def is_odd(self) -> bool:
        """True when phi(-x) = -phi(x) identically (exact check)."""
        return sp.simplify(_to_piecewise(self.expr.subs(x, -x) + self.expr)) == 0

    # -- calculus ----------------------------------------------------------
    def _jumps(self):
        """List of breakpoints where phi jumps (left and right limits differ)."""
        pcs = self.pieces()
        jumps = []
        for (e1, i1), (e2, i2) in zip(pcs, pcs[1:]):
            c = i1.end
            if c != i2.start:
                continue
            left, right = e1.subs(x, c), e2.subs(x, c)
            if sp.simplify(left - right) != 0:
                jumps.append(c)
        return jumps

    def derivative(self, n: int = 1) -> Activation:
        """The n-th derivative, as an :class:`Activation`.

        Parameters
        ----------
        n : int, optional
            Order (default 1).

        Returns
        -------
        Activation
            ``phi^(n)``, named ``name'`` (one prime per order).

        Raises
        ------
        RmtsymError
            If ``n`` is not a positive integer, or if a derivative of order
            < n jumps or contains a Dirac mass (a non-differentiable
            expression such as ``Heaviside(x)``, ``sign(x)`` or a
            discontinuous ``Piecewise``): the a.e. derivative would miss the
            delta and every Gaussian integral of it would be wrong.

        Notes
        -----
        A kink (continuous, with one-sided derivatives) is fine: phi' is
        then defined almost everywhere, which is all Gaussian integrals of
        phi' see.  The derivative of a kink is a jump, so ``relu`` has a
        first derivative but no second.

        Examples
        --------
        >>> activation("tanh").derivative().expr
        1 - tanh(x)**2
        >>> activation("relu").derivative(2)
        Traceback (most recent call last):
        ...
        rmtsym.core.errors.RmtsymError: activation relu': not differentiable: it jumps at x = 0, so its derivative has a Dirac mass there
        """
        if not isinstance(n, int) or n < 1:
            raise RmtsymError(f"derivative: n must be a positive integer, got {n!r}")
        act = self
        for _ in range(n):
            act = act._derivative1()
        return act

    def _derivative1(self):
        jumps = self._jumps()
        if jumps:
            pts = ", ".join(str(j) for j in jumps)
            raise RmtsymError(f"activation {self.name}: not differentiable: it jumps at "
                              f"x = {pts}, so its derivative has a Dirac mass there")
        d = sp.diff(_to_piecewise(self.expr), x)
        if d.has(sp.DiracDelta):
            raise RmtsymError(f"activation {self.name}: not differentiable: its derivative "
                              f"{d} contains a Dirac mass")
        if d.has(sp.Derivative) or d.has(sp.Subs):
            raise RmtsymError(f"activation {self.name}: SymPy cannot differentiate it "
                              f"(got {d})")
        return Activation(d, name=self.name + "'", params=self.params)

    # -- numerics ----------------------------------------------------------
    def mpmath_function(self) -> Callable[[Any], Any]:
        """A callable evaluating phi with mpmath at the caller's precision.

        Returns
        -------
        callable
            ``f(t)`` for an mpmath ``mpf`` t; constants (pi, sqrt(2), 1/3)
            are evaluated at the working precision of the call.

        Raises
        ------
        RmtsymError
            If the expression has free parameters.

        Examples
        --------
        >>> import mpmath
        >>> f = activation("erf").mpmath_function()
        >>> with mpmath.workdps(40):
        ...     print(mpmath.nstr(f(mpmath.mpf(1)), 35))
        0.84270079294971486934122063508260926
        """
        if self.free_parameters:
            raise RmtsymError(f"activation {self.name}: substitute the parameters "
                              f"{self.free_parameters} before numeric evaluation")
        mp = self._mp
        if mp is None:
            mp = self._mp = sp.lambdify(x, _to_piecewise(self.expr), "mpmath")
        return mp

    def subs(self, *args: Any, **kwargs: Any) -> Activation:
        """Substitute parameter values; returns a new :class:`Activation`.

        Examples
        --------
        >>> import sympy as sp
        >>> a = sp.Symbol("a", positive=True)
        >>> activation(sp.tanh(a * x)).subs(a, 2).expr
        tanh(2*x)
        """
        if len(args) == 2:
            args = (args[0], _value(args[1], f"the value of {args[0]}"))
        elif len(args) == 1 and isinstance(args[0], dict):
            args = ({k: _value(v, f"the value of {k}") for k, v in args[0].items()},)
        elif len(args) == 1 and isinstance(args[0], (list, tuple)):
            args = ([(k, _value(v, f"the value of {k}")) for k, v in args[0]],)
        return Activation(self.expr.subs(*args, **kwargs), name=self.name, params=self.params)


def activation(name_or_expr: str | sp.Expr | Activation, **params: object) -> Activation:
    """Build an :class:`Activation` from a registry name or a SymPy expression.

    Parameters
    ----------
    name_or_expr : str, sympy.Expr or Activation
        A registry name (``linear``, ``relu``, ``leaky_relu``, ``hardtanh``,
        ``tanh``, ``erf``, ``sigmoid``, ``softplus``, ``silu``/``swish``,
        ``gelu``, ``cos``, ``sin``, ``abs``, ``elu``), a string holding an expression
        in ``x`` (``"x**3 - x"``), or a SymPy expression in one variable
        (any symbol name; it is renamed to :data:`x`).  ``Piecewise``,
        ``Abs``, ``Max``, ``Min`` are allowed.
    **params
        Parameters of a registry activation (``alpha`` for ``leaky_relu``),
        or, for an expression, values substituted for named symbols.

    Returns
    -------
    Activation

    Raises
    ------
    RmtsymError
        Unknown name, unknown parameter, an expression in more than one
        variable (after ``params`` are substituted, symbols listed in
        ``params`` with SymPy symbol values stay as parameters), or an
        expression containing undefined functions.

    Examples
    --------
    >>> activation("leaky_relu", alpha=sp.Rational(1, 10)).expr
    Piecewise((x/10, x < 0), (x, True))
    >>> t = sp.Symbol("t")
    >>> activation(t**3 - t).expr
    x**3 - x
    >>> activation("x**2/2").expr
    x**2/2
    >>> activation("sofplus")
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.RmtsymError: unknown activation 'sofplus'; known: abs, cos, elu, erf, gelu, hard_tanh, hardtanh, identity, leaky_relu, leakyrelu, linear, logistic, relu, sigmoid, silu, sin, softplus, swish, tanh
    """
    for k in params:
        if not k.isidentifier() or k.startswith("_"):
            raise RmtsymError(f"activation: invalid parameter name {_numbers.shorten(k)}")
    params = {k: _value(v, f"activation parameter {k}") for k, v in params.items()}
    if isinstance(name_or_expr, Activation):
        if params:
            return name_or_expr.subs({sp.Symbol(k): v for k, v in params.items()})
        return name_or_expr
    if isinstance(name_or_expr, str):
        key = name_or_expr.strip().lower()
        key = _ALIASES.get(key, key)
        if key in REGISTRY:
            builder, _ = REGISTRY[key]
            try:
                expr = builder(**params)
            except TypeError as exc:
                raise RmtsymError(f"activation {key!r}: bad parameters {params}: {exc}") from None
            return Activation(expr, name=key, params=params)
        if name_or_expr.strip().isidentifier():
            raise RmtsymError(f"unknown activation {name_or_expr!r}; known: "
                              + ", ".join(activation_names()))
        expr = _parse(name_or_expr)
        return _from_expr(expr, params, label=name_or_expr.strip())
    if isinstance(name_or_expr, sp.Basic):
        return _from_expr(name_or_expr, params)
    if isinstance(name_or_expr, (int, float)) and not isinstance(name_or_expr, bool):
        return _from_expr(_value(name_or_expr, "activation"), params)
    raise RmtsymError(f"activation: expected a name or a SymPy expression, got "
                      f"{type(name_or_expr).__name__}")


def _from_expr(expr, params, label=None):
    if not isinstance(expr, sp.Expr):
        raise RmtsymError(f"activation: {expr!r} is not an expression")
    if params:
        expr = expr.subs({sp.Symbol(k): v for k, v in params.items()})
        expr = expr.subs({sp.Symbol(k, real=True): v for k, v in params.items()})
        expr = expr.subs({sp.Symbol(k, positive=True): v for k, v in params.items()})
    undefined = [f for f in expr.atoms(sp.Function)
                 if isinstance(f.func, sp.core.function.UndefinedFunction)]
    if undefined:
        raise RmtsymError(f"activation: undefined function(s) {undefined} in {expr}")
    syms = expr.free_symbols
    if x in syms:
        var = x
    else:
        named_x = [s for s in syms if s.name == "x"]
        if named_x:
            var = named_x[0]
        elif len(syms) == 1:
            var = next(iter(syms))
        elif not syms:
            var = None
        else:
            raise RmtsymError(f"activation: expression {expr} has several variables "
                              f"{sorted(map(str, syms))}; name the input x or substitute "
                              f"the others through params")
    if var is not None and var != x:
        expr = expr.subs(var, x)
    others = expr.free_symbols - {x}
    # remaining symbols are parameters (kept symbolic); allowed only when x present
    if others and x not in expr.free_symbols:
        raise RmtsymError(f"activation: expression {expr} has no variable x")
    return Activation(expr, name=label if label is not None else str(expr), params=params)
