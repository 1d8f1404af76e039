"""Layer 5: sampled spectra of random matrices (the only layer that draws random numbers).

:mod:`.registry` maps sampler names to functions; :mod:`.ensembles` holds the
classic ensembles, the Jacobian sampler and the process pool
(:func:`sample_spectra`); each model's sampler lives in ``rmtsym/sampling/<model>.py``.
"""

from .ensembles import *  # noqa: F401,F403
from .ensembles import __all__ as _ensembles_all
from .registry import LAZY, SamplerRegistry, register_sampler

__all__ = list(_ensembles_all) + ["register_sampler", "SamplerRegistry", "LAZY"]
