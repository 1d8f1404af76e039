"""Layer 4: activations, Gaussian integrals, the seeds' constants, the mean-field map and
push-forward (mask) laws.

Modules: :mod:`~rmtsym.gaussian.activations` (``Activation``),
:mod:`~rmtsym.gaussian.integrals` (Gaussian expectations, moments, Hermite coefficients,
centred / normalised activations), :mod:`~rmtsym.gaussian.constants` (PW17, Fisher,
Wang–Zhu, Benigni–Péché constants), :mod:`~rmtsym.gaussian.meanfield` (q*, chi),
:mod:`~rmtsym.gaussian.pushforward` (the law nu_K of sigma_w^2 phi'(h)^2),
:mod:`~rmtsym.gaussian.kernels` (random-features kernels).
"""

from .activations import REGISTRY, Activation, activation, activation_names, x
from .integrals import *  # noqa: F401,F403
from .integrals import __all__ as _integrals_all
from .constants import *  # noqa: F401,F403
from .constants import __all__ as _constants_all
from .meanfield import *  # noqa: F401,F403
from .meanfield import __all__ as _meanfield_all
from .pushforward import *  # noqa: F401,F403
from .pushforward import __all__ as _pushforward_all

__all__ = (["x", "Activation", "activation", "activation_names", "REGISTRY"] + list(_integrals_all)
           + list(_constants_all) + list(_meanfield_all) + list(_pushforward_all))
