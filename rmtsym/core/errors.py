"""Exceptions raised by rmtsym.

Every error a user can provoke with bad input is an :class:`RmtsymError`,
which is a :class:`ValueError`, so ``except ValueError`` also catches it.
Messages name the offending parameter and what is allowed.
"""


class RmtsymError(ValueError):
    """Base class of every rmtsym error (bad input, undefined operation)."""


class ParseError(RmtsymError):
    """An expression of the ``rmtsym`` command language could not be parsed."""


class NotAMeasureError(RmtsymError):
    """A polynomial or series does not describe a probability measure."""


class ConvergenceError(RmtsymError):
    """A numeric routine did not reach the requested accuracy.

    Raised instead of returning the last iterate.
    """


class BranchError(RmtsymError):
    """The physical branch of an algebraic equation could not be isolated."""


def require(condition, message):
    """Raise :class:`RmtsymError` with ``message`` unless ``condition`` holds.

    Examples
    --------
    >>> require(1 > 0, "fine")
    >>> require(0 > 1, "variance must be > 0, got 0")
    Traceback (most recent call last):
    ...
    rmtsym.core.errors.RmtsymError: variance must be > 0, got 0
    """
    if not condition:
        raise RmtsymError(message)
