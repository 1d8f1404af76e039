"""Sampler of the Pennington–Worah Gram matrix M = (1/m) f(WX) f(WX)ᵀ (``SAMPLERS["gram"]``).

The theory lives in :mod:`rmtsym.models.gram`; this module only draws real
matrices: X ∈ R^{n0×m} with N(0, σ_x²) entries, W ∈ R^{n1×n0} with
N(0, σ_w²/n0) entries, Y = f(WX) − shift, M = YYᵀ/m, n0 = round(ψ n1),
m = round(n0/φ).
"""

from __future__ import annotations

from typing import Any

import functools

import numpy as np

from ..core.errors import RmtsymError

__all__ = ["gram_network", "gram_matrix", "numpy_activation"]


#: fast float paths for common activations (same functions as the registry's expressions)
_FAST = {"relu": lambda h: np.maximum(h, 0.0), "abs": np.abs, "tanh": np.tanh,
         "linear": lambda h: h, "identity": lambda h: h}


@functools.lru_cache(maxsize=32)
def numpy_activation(expr: Any) -> Any:
    """A vectorised numpy function of the activation given by name or expression string."""
    if expr in _FAST:
        return _FAST[expr]
    import sympy as sp
    from ..gaussian.activations import activation, x
    act = activation(expr)
    f = sp.lambdify(x, act.expr, modules=["numpy", "scipy"])

    def fn(h, _f=f):
        out = _f(h)
        return np.broadcast_to(np.asarray(out, dtype=float), h.shape) if np.ndim(out) == 0 else out
    return fn


def _dims(n1, phi, psi):
    for name, v in (("phi", phi), ("psi", psi)):
        if not (isinstance(v, (int, float)) and np.isfinite(v) and v > 0):
            raise RmtsymError(f"{name} must be a positive number, got {v!r}")
    n0 = max(1, int(round(psi * n1)))
    m = max(1, int(round(n0 / phi)))
    return n0, m


def gram_matrix(n1: Any, rng: np.random.Generator, activation: Any="relu", phi: Any=1.0, psi: Any=1.0, sigma_w2: Any=1.0, sigma_x2: Any=1.0, shift: Any=0.0) -> Any:
    """The matrix Y = f(WX) − shift (n1 × m) of one draw, and m."""
    n0, m = _dims(n1, phi, psi)
    for name, v in (("sigma_w2", sigma_w2), ("sigma_x2", sigma_x2)):
        if not (isinstance(v, (int, float)) and v > 0):
            raise RmtsymError(f"{name} must be a positive number, got {v!r}")
    W = rng.standard_normal((n1, n0)) * np.sqrt(sigma_w2 / n0)
    X = rng.standard_normal((n0, m)) * np.sqrt(sigma_x2)
    Y = numpy_activation(activation)(W @ X)
    if shift:
        Y = Y - shift
    return Y, m


def gram_network(n: Any, rng: np.random.Generator, activation: Any="relu", phi: Any=1.0, psi: Any=1.0, sigma_w2: Any=1.0, sigma_x2: Any=1.0, shift: Any=0.0) -> Any:
    """Eigenvalues (ascending, length n = n1) of M = YYᵀ/m of one random layer.

    Examples
    --------
    >>> ev = gram_network(30, np.random.default_rng(0), "tanh", phi=0.5, psi=2.0)
    >>> ev.shape
    (30,)
    """
    Y, m = gram_matrix(n, rng, activation, phi, psi, sigma_w2, sigma_x2, shift)
    return np.linalg.eigvalsh(Y @ Y.T / m)
