"""Shared private helpers of :mod:`rmtsym.combinatorics`: input checks and the
generic generator of non-crossing partitions (with block constraints)."""

from __future__ import annotations

import sympy as sp

from ..core.errors import RmtsymError
from ..core import numbers as _numbers


# --------------------------------------------------------------------------
# input checking
# --------------------------------------------------------------------------

def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, sp.Integer)):
        raise RmtsymError(f"{name} must be an integer >= {minimum}, got {value!r}")
    value = int(value)
    if value < minimum:
        raise RmtsymError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def _sympify_list(values, name):
    try:
        seq = list(values)
    except TypeError:
        raise RmtsymError(f"{name} must be a list, got {values!r}") from None
    if len(seq) > _numbers.MAX_ORDER + 2:
        raise RmtsymError(f"{name}: at most {_numbers.MAX_ORDER + 2} values are allowed, got {len(seq)}")
    return [_numbers.to_expr(v, f"{name}[{i}]", floats="keep") for i, v in enumerate(seq)]


def _check_moment_list(moments, name):
    ms = _sympify_list(moments, name)
    if not ms:
        raise RmtsymError(f"{name} must start with m_0 = 1, got an empty list")
    if sp.simplify(ms[0] - 1) != 0:
        raise RmtsymError(f"{name}[0] must be m_0 = 1, got {ms[0]}")
    return ms


# --------------------------------------------------------------------------
# generic non-crossing partition generator
# --------------------------------------------------------------------------

def _nc_generic(lo, hi, next_ok, close_ok):
    """Yield NC partitions of the integers lo..hi-1 (as lists of blocks).

    The block containing ``lo`` is grown left to right; ``next_ok(last, b)``
    says whether ``b`` may follow ``last`` in a block, ``close_ok(block)``
    whether a block may end.  The gaps between consecutive elements of a
    block are filled independently (that is what non-crossing means).
    """
    if lo >= hi:
        yield []
        return

    def grow(block, last, acc):
        if close_ok(block):
            for tail in _nc_generic(last + 1, hi, next_ok, close_ok):
                yield acc + [tuple(block)] + tail
        for b in range(last + 1, hi):
            if not next_ok(last, b):
                continue
            for gap in _nc_generic(last + 1, b, next_ok, close_ok):
                yield from grow(block + [b], b, acc + gap)

    yield from grow([lo], lo, [])


def _always(*_):
    return True


def _canonical(blocks):
    return tuple(sorted((tuple(sorted(b)) for b in blocks), key=lambda b: b[0]))
