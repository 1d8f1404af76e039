r"""Sampler of Pastur's mask law ν_K: the diagonal of σ_w² D_l² of a real random layer.

Seed ``000_f11574a8ed5d65a0.txt`` (Pastur 2022), Fig. 2a: "the density ν'_K
of the measure ν_K for the indicated activation functions and the Gaussian
weights and biases".  K_l = D_l², D_l = diag φ'(h^l); one draw is a forward
pass of a width-n network with W^l = X^l/√n, Var X = σ_w², biases N(0, σ_b²),
input with ‖x⁰‖²/n = q0, and returns the n eigenvalues of σ_w² D_l² (the
factor σ_w² as in :func:`rmtsym.mask_law`), i.e. σ_w² φ'(h^l_j)², sorted.

At layer 1, h¹_j = (W¹x⁰)_j + b_j is exactly N(0, σ_w² q0 + σ_b²) (Gaussian W,
fixed ‖x⁰‖), so the sample is i.i.d. from ν_K with no finite-n bias; at
layer 2 its variance is σ_w²‖φ(h¹)‖²/n + σ_b², the mean-field q_2 up to
O(n^{-1/2}) fluctuations (O(1/n) bias of the moments).
"""

from __future__ import annotations

import math

import numpy as np

from ..core.errors import require

__all__ = ["pastur_mask", "pastur_jacobian", "MASK_ACTIVATIONS"]

#: numpy (phi, phi') of the activations of Pastur's figures
MASK_ACTIVATIONS = {
    "linear": (lambda x: x, lambda x: np.ones_like(x)),
    "tanh": (np.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
    "arctan": (np.arctan, lambda x: 1.0 / (1.0 + x * x)),
    "hardtanh": (lambda x: np.clip(x, -1.0, 1.0), lambda x: (np.abs(x) < 1).astype(float)),
    "relu": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float)),
}


def pastur_mask(n, rng, activation="tanh", sigma_w2=1.0, sigma_b2=0.1, q0=1.0, layer=1):
    r"""Sorted σ_w² φ'(h^layer_j)², j = 1..n, of one random network of width n.

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator
    activation : str
        A key of :data:`MASK_ACTIVATIONS`.
    sigma_w2, sigma_b2, q0 : float
    layer : int
        Which layer's mask (>= 1).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> v = pastur_mask(8, np.random.default_rng(0), "hardtanh")
    >>> sorted(set(v.tolist())) <= [0.0, 1.0]
    True
    """
    require(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 2,
            f"n must be an integer >= 2, got {n!r}")
    require(activation in MASK_ACTIVATIONS,
            f"activation must be one of {sorted(MASK_ACTIVATIONS)}, got {activation!r}")
    require(sigma_w2 > 0 and sigma_b2 >= 0 and q0 > 0,
            f"need sigma_w2 > 0, sigma_b2 >= 0, q0 > 0, got {sigma_w2}, {sigma_b2}, {q0}")
    require(isinstance(layer, int) and layer >= 1, f"layer must be an integer >= 1, got {layer!r}")
    phi, dphi = MASK_ACTIVATIONS[activation]
    x = rng.standard_normal(n)
    x *= math.sqrt(q0 * n) / np.linalg.norm(x)
    for _ in range(layer):
        W = rng.standard_normal((n, n)) * math.sqrt(sigma_w2 / n)
        h = W @ x + rng.standard_normal(n) * math.sqrt(sigma_b2)
        x = phi(h)
    return np.sort(sigma_w2 * dphi(h) ** 2)


def _weights(n, rng, law, sigma_w2):
    if law == "gaussian":
        X = rng.standard_normal((n, n))
    elif law == "rademacher":
        X = rng.integers(0, 2, size=(n, n)) * 2.0 - 1.0
    elif law == "uniform":                      # U(-sqrt 3, sqrt 3): variance 1
        X = rng.uniform(-math.sqrt(3.0), math.sqrt(3.0), size=(n, n))
    else:
        require(False, f"weights must be gaussian, rademacher or uniform, got {law!r}")
    return X * math.sqrt(sigma_w2 / n)


def pastur_jacobian(n, rng, activation="tanh", depth=2, sigma_w2=1.0, sigma_b2=0.1, q0=1.0,
                    weights="rademacher"):
    r"""Eigenvalues of J Jᵀ, J = D_L W_L ⋯ D_1 W_1, for i.i.d. non-Gaussian weights.

    Pastur–Slavin's general i.i.d. case (seed ``000_f11574a8ed5d65a0.txt``,
    "macroscopic universality"): W^l = X^l/√n with X^l i.i.d. of mean 0,
    variance σ_w² (Rademacher ±σ_w, uniform, or Gaussian), Gaussian biases,
    input ‖x⁰‖²/n = q0.

    Examples
    --------
    >>> pastur_jacobian(20, np.random.default_rng(0), "hardtanh").shape
    (20,)
    """
    require(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 2,
            f"n must be an integer >= 2, got {n!r}")
    require(activation in MASK_ACTIVATIONS,
            f"activation must be one of {sorted(MASK_ACTIVATIONS)}, got {activation!r}")
    require(isinstance(depth, int) and depth >= 1, f"depth must be an integer >= 1, got {depth!r}")
    phi, dphi = MASK_ACTIVATIONS[activation]
    x = rng.standard_normal(n)
    x *= math.sqrt(q0 * n) / np.linalg.norm(x)
    J = np.eye(n)
    for _ in range(depth):
        W = _weights(n, rng, weights, sigma_w2)
        h = W @ x + rng.standard_normal(n) * math.sqrt(sigma_b2)
        J = dphi(h)[:, None] * (W @ J)
        x = phi(h)
    return np.linalg.eigvalsh(J @ J.T)
