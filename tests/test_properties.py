"""Property tests: free convolution laws over random exact parameters.

Invariants (independent of any stored value): cumulants add under free_add;
S-transforms multiply under free_mul (checked through the S-transform
polynomials of the inputs evaluated on the product series); the canonical
polynomial does not depend on argument order.
"""

import sympy
from hypothesis import HealthCheck, given, settings, strategies as st
from sympy import Rational as Q

from rmtsym import atoms, free_add, free_mul, marchenko_pastur, semicircle
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


@SETTINGS
@given(laws(), laws())
def test_free_add_cumulants_add(mu, nu):
    s = free_add(mu, nu)
    assert s.free_cumulants(6) == [a + b for a, b in zip(mu.free_cumulants(6), nu.free_cumulants(6))]
    assert s == free_add(nu, mu)


@SETTINGS
@given(laws(), laws())
def test_free_mul_s_transforms_multiply(mu, nu):
    p = free_mul(mu, nu)
    R = S.ring()
    conv = lambda law: s_from_moments([R.convert(x) for x in law.moments(8)], R, 7)
    lhs = conv(p)
    rhs = R.mul(conv(mu), conv(nu), 7)
    assert lhs == rhs
    assert p == free_mul(nu, mu)


@SETTINGS
@given(pos, pos)
def test_semicircle_variances_add(a, b):
    assert free_add(semicircle(a), semicircle(b)) == semicircle(a + b)
