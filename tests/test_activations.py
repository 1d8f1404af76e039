"""Tests of rmtsym.activations: registry, user expressions, exact derivatives."""

import mpmath
import pytest
import sympy as sp

from rmtsym.gaussian.activations import Activation, REGISTRY, activation, activation_names, x
from rmtsym.core.errors import RmtsymError

REQUIRED = ["linear", "relu", "leaky_relu", "hardtanh", "tanh", "erf", "sigmoid",
            "softplus", "silu", "gelu", "cos", "sin", "abs"]

# independent pointwise definitions (plain SymPy functions, not the registry's)
REFERENCE = {
    "linear": lambda v: v,
    "relu": lambda v: sp.Max(0, v),
    "leaky_relu": lambda v: sp.Max(v, v / 100),
    "hardtanh": lambda v: (sp.Abs(v + 1) - sp.Abs(v - 1)) / 2,   # seed 000, p. 1
    "tanh": sp.tanh,
    "erf": sp.erf,
    "sigmoid": lambda v: sp.exp(v) / (1 + sp.exp(v)),
    "softplus": lambda v: sp.log(1 + sp.exp(v)),
    "silu": lambda v: v * sp.exp(v) / (1 + sp.exp(v)),
    "gelu": lambda v: v * (sp.erfc(-v / sp.sqrt(2)) / 2),
    "cos": sp.cos,
    "sin": sp.sin,
    "abs": sp.Abs,
}
POINTS = [sp.Rational(-7, 3), sp.Integer(-1), sp.Rational(-1, 5), sp.Integer(0), sp.Rational(2, 7),
          sp.Integer(1), sp.Rational(9, 4)]


def test_registry_has_required_names():
    names = activation_names()
    for n in REQUIRED + ["swish"]:
        assert n in names
    assert activation("swish") == activation("silu")


@pytest.mark.parametrize("name", REQUIRED)
def test_registry_values_match_reference(name):
    act = activation(name)
    for p in POINTS:
        assert sp.simplify((act(p) - REFERENCE[name](p)).rewrite(sp.erf)) == 0, (name, p)


@pytest.mark.parametrize("name", REQUIRED)
def test_mpmath_function_matches_sympy_at_30_digits(name):
    act = activation(name)
    f = act.mpmath_function()
    with mpmath.workdps(35):
        for p in POINTS:
            want = mpmath.mpf(sp.N(REFERENCE[name](p), 45))
            got = f(mpmath.mpf(sp.N(p, 45)))
            assert abs(got - want) < mpmath.mpf(10)**-30, (name, p)


def test_exact_derivatives():
    assert sp.simplify(activation("tanh").derivative().expr - (1 - sp.tanh(x)**2)) == 0
    assert sp.simplify(activation("erf").derivative().expr
                       - 2 * sp.exp(-x**2) / sp.sqrt(sp.pi)) == 0
    s = activation("sigmoid")
    assert sp.simplify(s.derivative().expr - s.expr * (1 - s.expr)) == 0
    # piecewise: derivative a.e.
    d = activation("hardtanh").derivative()
    assert [d(p) for p in (-2, 0, sp.Rational(1, 2), 3)] == [0, 1, 1, 0]
    d = activation("leaky_relu", alpha=sp.Rational(1, 10)).derivative()
    assert (d(-1), d(1)) == (sp.Rational(1, 10), 1)
    assert activation("abs").derivative()(-3) == -1
    # second derivative of a smooth activation
    assert sp.simplify(activation("sin").derivative(2).expr + sp.sin(x)) == 0


def test_symbolic_parameter_and_substitution():
    a = sp.Symbol("a", positive=True)
    act = activation("leaky_relu", alpha=a)
    assert act.free_parameters == (a,)
    assert act(-2) == -2 * a
    assert act.subs(a, sp.Rational(1, 5))(-2) == sp.Rational(-2, 5)
    with pytest.raises(RmtsymError, match="substitute"):
        act.mpmath_function()


def test_user_expressions():
    t = sp.Symbol("t")
    act = activation(t**3 - 2 * t)
    assert act.expr == x**3 - 2 * x
    assert sp.expand(act.derivative().expr) == 3 * x**2 - 2
    act = activation("x**3/3 - x")
    assert act(3) == 6
    # user piecewise with a kink: differentiable a.e.
    pw = activation(sp.Piecewise((x / 2, x < 1), (2 * x - sp.Rational(3, 2), True)))
    assert pw.breakpoints() == [1]
    assert (pw.derivative()(0), pw.derivative()(2)) == (sp.Rational(1, 2), 2)
    # Max / Abs are rewritten to pieces
    m = activation(sp.Max(x, 0) + sp.Abs(x - 2))
    assert m.breakpoints() == [0, 2]
    assert m.is_piecewise_polynomial
    # parameter substitution through params
    b = sp.Symbol("b")
    assert activation(sp.tanh(b * x), b=3).expr == sp.tanh(3 * x)


def test_pieces_and_parity():
    h = activation("hardtanh")
    assert h.breakpoints() == [-1, 1]
    assert [iv for _, iv in h.pieces()] == [sp.Interval.open(-sp.oo, -1), sp.Interval(-1, 1),
                                          sp.Interval.open(1, sp.oo)]
    assert activation("tanh").is_odd() and not activation("tanh").is_even()
    assert activation("abs").is_even() and activation("cos").is_even()
    assert not activation("relu").is_odd() and not activation("relu").is_even()


def test_unknown_name():
    with pytest.raises(RmtsymError, match="unknown activation 'sofplus'"):
        activation("sofplus")
    with pytest.raises(RmtsymError):
        activation(3.5j)


def test_bad_parameters():
    with pytest.raises(RmtsymError, match="leaky_relu"):
        activation("leaky_relu", beta=2)
    with pytest.raises(RmtsymError, match="several variables"):
        activation(sp.Symbol("u") * sp.Symbol("v"))
    f = sp.Function("f")
    with pytest.raises(RmtsymError, match="undefined function"):
        activation(f(x))


@pytest.mark.parametrize("expr", [sp.Heaviside(x), sp.sign(x),
                                  sp.Piecewise((0, x < 1), (1, True)),
                                  sp.Piecewise((x, x < 0), (x + 1, True))])
def test_non_differentiable_expression_raises(expr):
    act = activation(expr)
    with pytest.raises(RmtsymError, match="not differentiable"):
        act.derivative()


def test_relu_second_derivative_raises():
    with pytest.raises(RmtsymError, match="jumps at x = 0"):
        activation("relu").derivative(2)
    with pytest.raises(RmtsymError, match="positive integer"):
        activation("relu").derivative(0)


def test_activation_is_hashable_and_printable():
    a = activation("relu")
    assert {a: 1}[activation("relu")] == 1
    assert "relu" in repr(a)
    assert sp.latex(a) == sp.latex(a.expr)
    assert isinstance(activation(a), Activation)
    assert set(REGISTRY) >= set(REQUIRED)
