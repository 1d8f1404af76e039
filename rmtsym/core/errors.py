"""Exceptions raised by rmtsym.

Every error a user can provoke with bad input is an :class:`RmtsymError`,
which is a :class:`ValueError`, so ``except ValueError`` also catches it.
Messages name the offending parameter and what is allowed.
"""

from __future__ import annotations

from typing import Any


#: longest error message; longer ones keep their head and tail (a value printed in full,
#: e.g. a 1000-element array, must not flood the terminal)
MAX_MESSAGE = 1200


def _shorten_message(msg: str) -> str:
    if len(msg) <= MAX_MESSAGE:
        return msg
    return msg[:900] + f" … [{len(msg) - 1100} characters cut] … " + msg[-200:]


class RmtsymError(ValueError):
    """Base class of every rmtsym error (bad input, undefined operation).

    Messages longer than ``MAX_MESSAGE`` characters are shortened (head and
    tail kept).
    """

    def __init__(self, *args: Any) -> None:
        if len(args) == 1 and isinstance(args[0], str):
            args = (_shorten_message(args[0]),)
        super().__init__(*args)


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


def require(condition: object, message: str) -> None:
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
