"""Compatibility names of the Jacobian sampler, which lives in :mod:`rmtsym.sampling`.

docs/conventions.md: :mod:`rmtsym.sampling` is the only module that draws random
numbers, so the real-network sampler (weights, biases, input, forward pass,
chain rule, eigenvalues of J Jᵀ) is :func:`rmtsym.sampling.jacobian_network`,
registered as ``SAMPLERS["jacobian"]`` and pooled by
:func:`rmtsym.sampling.sample_spectra`.  This module only re-exports it
under its earlier names.
"""

from ..sampling.ensembles import JACOBIAN_ACTIVATIONS as NUMPY_DERIVATIVES
from ..sampling.ensembles import jacobian_eigenvalues, jacobian_network

__all__ = ["NUMPY_DERIVATIVES", "jacobian_eigenvalues", "jacobian_network"]
