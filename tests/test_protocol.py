"""The measure protocol (rmtsym.core.protocol) and history-independent numerics."""

import subprocess
import sys

import pytest
import sympy

import rmtsym
from rmtsym.core.protocol import ExactMeasure, Measure, is_exact, numeric_backend

R = sympy.Rational


def _measures():
    mp = rmtsym.marchenko_pastur(R(1, 3), R(3, 2))
    unif = rmtsym.NumericMeasure(lambda x: 1, [(0, 1)], label="U(0,1)")
    return {
        "algebraic": mp,
        "numeric": unif,
        "subordinated": rmtsym.free_add(unif, rmtsym.semicircle(R(1, 2))),
        "mask_smooth": rmtsym.mask_law("tanh", R(1, 2)),
        "mask_discrete": rmtsym.mask_law("hardtanh", sympy.Symbol("q", positive=True)),
    }


@pytest.mark.parametrize("kind", list(_measures()))
def test_every_measure_class_follows_the_protocol(kind):
    mu = _measures()[kind]
    assert isinstance(mu, Measure)
    assert is_exact(mu) == (kind == "algebraic")
    assert isinstance(mu.label, str) and mu.label


def test_exact_protocol_moment_series_is_the_moments():
    mu = rmtsym.free_mul(rmtsym.marchenko_pastur(R(2, 3)), rmtsym.marchenko_pastur(R(5, 4), 2))
    assert isinstance(mu, ExactMeasure)
    to = mu.series_ring.to_sympy
    assert [to(x) for x in mu.moment_series(6)] == mu.moments(5)
    # the kernel polynomial without constants is the canonical polynomial
    assert sympy.expand(mu.kernel_polynomial() - mu.stieltjes_polynomial().as_expr()) == 0


def test_kernel_polynomial_keeps_irrational_constants_as_symbols():
    law = rmtsym.mask_law("hardtanh", R(1, 2))          # atoms with weight erf(1)
    assert is_exact(law) and law.constants
    kernel = law.kernel_polynomial()
    assert set(law.constants) <= kernel.free_symbols
    back = sympy.expand(kernel.xreplace(law.constants) - law.stieltjes_polynomial().as_expr())
    assert sympy.simplify(back) == 0


def test_numeric_methods_go_through_the_registered_backend():
    import rmtsym.numerics as N
    assert numeric_backend() is N
    mu = rmtsym.semicircle(R(3, 2))
    assert mu.density(R(1, 2), dps=25) == N.density(mu, R(1, 2), dps=25)


def test_bad_moment_series_order():
    with pytest.raises(rmtsym.RmtsymError, match="n must be a non-negative integer"):
        rmtsym.semicircle(1).moment_series(-1)


_COLD = ("import rmtsym, sympy; R = sympy.Rational; "
         "mu = rmtsym.free_mul(rmtsym.marchenko_pastur(R(1, 2)), rmtsym.marchenko_pastur(R(1, 3))); "
         "print(mu.density(R(3, 2), dps=30)); print(mu.support(dps=30)); print(mu.cdf(1, dps=25))")


def test_numeric_results_do_not_depend_on_call_history():
    """A value computed cold (fresh interpreter) equals, to the last digit, the same value
    computed after other calls at other precisions on the same and on equal measures."""
    cold = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True,
                          check=True).stdout.split("\n")
    mu = rmtsym.free_mul(rmtsym.marchenko_pastur(R(1, 2)), rmtsym.marchenko_pastur(R(1, 3)))
    twin = rmtsym.free_mul(rmtsym.marchenko_pastur(R(1, 2)), rmtsym.marchenko_pastur(R(1, 3)))
    for dps in (15, 50, 20):                         # warm caches at other precisions
        twin.density([R(1, 10), R(3, 2), 4], dps=dps)
        mu.support(dps=dps)
        mu.stieltjes(R(3, 2) + sympy.I / 10, dps=dps)
    mu.cdf(R(1, 2), dps=40)
    warm = [str(mu.density(R(3, 2), dps=30)), str(mu.support(dps=30)), str(mu.cdf(1, dps=25))]
    assert warm == cold[:3]
