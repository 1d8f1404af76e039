"""rmtsym: random-matrix theory of deep networks, verified three ways."""

from .errors import RmtsymError, ParseError, NotAMeasureError, ConvergenceError, BranchError

__version__ = "0.1.0"

__all__ = [
    "RmtsymError", "ParseError", "NotAMeasureError", "ConvergenceError", "BranchError",
]
