"""Layer 4: activations, Gaussian integrals, the mean-field map and push-forward (mask) laws."""

from .activations import REGISTRY, Activation, activation, activation_names, x
from .integrals import *  # noqa: F401,F403
from .integrals import __all__ as _integrals_all

__all__ = ["x", "Activation", "activation", "activation_names", "REGISTRY"] + list(_integrals_all)
