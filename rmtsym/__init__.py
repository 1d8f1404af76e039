"""rmtsym: random-matrix theory of deep networks, verified three ways.

Exact symbolic derivation (SymPy + python-flint), exact combinatorial
counting (networkx), and high-precision numerics (mpmath) checked against
spectra sampled from real random networks (numpy).

>>> import sympy
>>> from rmtsym import free_add, semicircle, marchenko_pastur
>>> mu = free_add(semicircle(1), marchenko_pastur(sympy.Rational(1, 2)))
>>> mu.moments(3)
[1, 1, 5/2, 23/4]

Names that need numpy (the network model, the claims framework, sampling)
are imported on first use, so ``import rmtsym`` stays symbolic.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any as _Any

from .core.errors import RmtsymError, ParseError, NotAMeasureError, ConvergenceError, BranchError
from .core.measure import AlgebraicMeasure
from .laws.named import semicircle, marchenko_pastur, atoms, point_mass, free_poisson, fuss_catalan
from .free.convolution import free_add, free_mul
from .app.parse import parse_measure
from .numerics import (NumericMeasure, SubordinatedMeasure, free_add_numeric, free_mul_numeric,
                       numeric_moments)
from .combinatorics.noncrossing import (noncrossing_partitions, kreweras_complement,
                                       moments_from_free_cumulants, free_cumulants_from_moments,
                                       free_product_moments, free_sum_moments)
from .combinatorics.gram_pw17 import gram_moments_pw17
from .combinatorics.hanin_nica import hanin_nica_moment
from .combinatorics.fisher_words import fisher_linear_moments
from .gaussian.activations import Activation, activation, activation_names
from .gaussian.integrals import gaussian_expectation, gaussian_moments, hermite_coefficients, centered, normalized
from .gaussian.constants import pw17_constants, fisher_constants, b_sigma, benigni_peche_constants
from .gaussian.meanfield import variance_map, mean_field, MeanField
from .gaussian.pushforward import mask_law, mask_law_moments

__version__ = "0.1.0"

_LAZY = {
    "GDDynamics": "rmtsym.models.gd_dynamics",
    "fixed_design_statistics": "rmtsym.models.gd_dynamics",
    "RandomFeatures": "rmtsym.models.random_features",
    "RidgelessLeastSquares": "rmtsym.models.double_descent",
    "OneStepGradient": "rmtsym.models.one_step",
    "HessianSpectrum": "rmtsym.models.hessian",
    "JacobianSpectrum": "rmtsym.models.jacobian",
    "PasturSystem": "rmtsym.models.jacobian",
    "UltraWideKernel": "rmtsym.models.ultrawide",
    "GramSpectrum": "rmtsym.models.gram",
    "FisherSpectrum": "rmtsym.models.fisher",
    "MatrixProduct": "rmtsym.models.products",
    "ProductSample": "rmtsym.models.products",
    "SpinGlassLoss": "rmtsym.models.spin_glass",
    "Claim": "rmtsym.verify",
    "Check": "rmtsym.verify",
    "Verdict": "rmtsym.verify",
    "Level": "rmtsym.verify",
    "float_density": "rmtsym.verify",
    "certified_moments": "rmtsym.verify",
    "sample_spectra": "rmtsym.sampling",
    "run_claims": "rmtsym.app.runner",
}


def _importable(module: str) -> bool:
    """Whether a lazy module exists (without importing it), so ``from rmtsym import *`` works."""
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rmtsym' has no attribute {name!r}")


__all__ = [
    "RmtsymError", "ParseError", "NotAMeasureError", "ConvergenceError", "BranchError",
    "AlgebraicMeasure",
    "semicircle", "marchenko_pastur", "atoms", "point_mass", "free_poisson", "fuss_catalan",
    "free_add", "free_mul", "parse_measure",
    "NumericMeasure", "SubordinatedMeasure", "free_add_numeric", "free_mul_numeric",
    "numeric_moments",
    "noncrossing_partitions", "kreweras_complement", "moments_from_free_cumulants",
    "free_cumulants_from_moments", "free_product_moments", "free_sum_moments",
    "gram_moments_pw17", "hanin_nica_moment", "fisher_linear_moments",
    "Activation", "activation", "activation_names",
    "gaussian_expectation", "gaussian_moments", "hermite_coefficients", "centered",
    "normalized", "pw17_constants", "fisher_constants", "b_sigma", "benigni_peche_constants",
    "variance_map", "mean_field", "MeanField", "mask_law", "mask_law_moments",
] + sorted(name for name, mod in _LAZY.items() if _importable(mod))
