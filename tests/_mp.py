"""Small mpmath helpers shared by the numerics test files (exact rationals to mpf,
agreement to a number of digits)."""

import mpmath
import sympy


def mpq(r):
    """A rational (anything sympy.Rational takes) as an mpf at 60 digits."""
    r = sympy.Rational(r)
    with mpmath.workdps(60):
        return mpmath.mpf(int(r.p)) / int(r.q)


def close(a, b, digits):
    """|a - b| <= 10^-digits * max(1, |b|)."""
    with mpmath.workdps(digits + 20):
        return abs(a - b) <= mpmath.mpf(10) ** (-digits) * max(1, abs(b))
