import sympy
import pytest


@pytest.fixture
def Q():
    """Exact rational constructor."""
    return sympy.Rational
