"""Exact combinatorial counting: the independent route (depends on :mod:`rmtsym.core` only)."""

from .enumeration import *  # noqa: F401,F403
from .enumeration import __all__
