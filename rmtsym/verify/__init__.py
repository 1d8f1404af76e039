"""Layer 7: claims, checks, verdicts and tolerances."""

from .claims import *  # noqa: F401,F403
from .claims import __all__
