"""Property tests: free convolution laws over random exact parameters.

Invariants (independent of any stored value): cumulants add under free_add;
S-transforms multiply under free_mul; the canonical polynomial does not depend
on argument order.  The moments of the result are recomputed from its
Stieltjes polynomial *alone* (:func:`moments_from_polynomial`: a fresh
measure built from P(m, z) and the exact mean of the inputs), never taken
from the series the convolution itself carries — so a wrong resultant fails
these tests (``test_property_tests_can_fail``).
"""

import sympy
from hypothesis import HealthCheck, given, settings, strategies as st
from sympy import Rational as Q

from rmtsym import AlgebraicMeasure, atoms, free_add, free_mul, marchenko_pastur, semicircle
from rmtsym.core.measure import M, Z
from rmtsym.core.measure import s_from_moments
from rmtsym.core import series as S

pos = st.fractions(min_value=Q(1, 5), max_value=5, max_denominator=7).map(
    lambda f: Q(f.numerator, f.denominator)).filter(lambda x: x > 0)
loc = st.integers(min_value=1, max_value=4)

SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def laws():
    return st.one_of(
        st.builds(lambda c, v: marchenko_pastur(c, v), pos, pos),
        st.builds(lambda p, x, y: atoms({x: p / (1 + p), x + y: 1 / (1 + p)}), pos, loc, loc),
    )


def moments_from_polynomial(P, mean, n):
    """Moments m_0..m_n of the law whose Stieltjes transform solves P(m, z) = 0.

    Only P and the exact mean (computed from the inputs, not from the result)
    enter: the branch m ~ -1/z is fixed by [1, mean] where it is not simple.
    """
    return AlgebraicMeasure.from_polynomial(P.as_expr(), moments=[1, mean]).moments(n)


def cumulants(ms, n):
    R = S.ring()
    from rmtsym.core.measure import cumulants_from_moments
    return [R.to_sympy(x) for x in cumulants_from_moments([R.convert(x) for x in ms], R, n)]


def check_add(mu, nu, s):
    ms = moments_from_polynomial(s.stieltjes_polynomial(), mu.moments(1)[1] + nu.moments(1)[1], 7)
    return cumulants(ms, 6) == [a + b for a, b in zip(mu.free_cumulants(6), nu.free_cumulants(6))]


def check_mul(mu, nu, p):
    R = S.ring()
    ms = moments_from_polynomial(p.stieltjes_polynomial(), mu.moments(1)[1] * nu.moments(1)[1], 8)
    conv = lambda m: s_from_moments([R.convert(x) for x in m], R, 7)
    return conv(ms) == R.mul(conv(mu.moments(8)), conv(nu.moments(8)), 7)


@SETTINGS
@given(laws(), laws())
def test_free_add_cumulants_add(mu, nu):
    s = free_add(mu, nu)
    assert check_add(mu, nu, s)
    assert s == free_add(nu, mu)


@SETTINGS
@given(laws(), laws())
def test_free_mul_s_transforms_multiply(mu, nu):
    p = free_mul(mu, nu)
    assert check_mul(mu, nu, p)
    assert p == free_mul(nu, mu)


class _Wrong:
    """A result whose polynomial is that of a different law (what a wrong resultant gives)."""

    def __init__(self, law):
        self._law = law

    def stieltjes_polynomial(self):
        return self._law.stieltjes_polynomial()


def test_property_tests_can_fail():
    mu, nu = marchenko_pastur(Q(1, 3), Q(2)), semicircle(Q(3, 4))
    assert check_add(mu, nu, free_add(mu, nu))
    # same mean, same variance is not enough: P of MP(1/3, 2) + shift is wrong at higher cumulants
    wrong = free_add(marchenko_pastur(Q(1, 2), Q(2)), semicircle(Q(1, 4)))
    assert not check_add(mu, nu, _Wrong(wrong))
    a, b = marchenko_pastur(Q(1, 2), Q(3)), marchenko_pastur(Q(2, 3))
    assert check_mul(a, b, free_mul(a, b))
    assert not check_mul(a, b, _Wrong(free_mul(marchenko_pastur(Q(1, 3), Q(3)), b)))


@SETTINGS
@given(pos, pos)
def test_semicircle_variances_add(a, b):
    assert free_add(semicircle(a), semicircle(b)) == semicircle(a + b)
