r"""Sampler of the Pennington–Bahri (2017) Hessian model H = H0 + H1.

The model of the survey seed ``002_2c85d79b7db582c6.txt`` §4.1 (Kim 2020,
summarising Pennington & Bahri, "Geometry of neural network loss surfaces
via random matrix theory", ICML 2017) for a single-hidden-layer ReLU network
ŷ = W2 relu(W1 x) of width n (n0 = n1 = n2 = n), m data points,
φ = 2n/m.  The parameter space has dimension N = 2n² (W1 and W2).

* **H0** — the seed's "Jacobian of i.i.d. normal entries" assumption:
  H0 = (1/(n m)) J Jᵀ with J an N × (n m) matrix of i.i.d. N(0, ς) entries,
  i.e. a Wishart matrix whose law tends to MP(φ, ς) (ratio N/(nm) = φ).
* **H1** — the block matrix [[0, H̃1], [H̃1ᵀ, 0]] with
  [H̃1]_{ab;cd} = (1/m) Σ_μ e_{cμ} δ_{ad} θ(z_{aμ}) x_{bμ}, z = W1 X
  (``h1="network"``: X n×m N(0, 1), W1 n×n N(0, 1/n), residuals
  e_{iμ} i.i.d. N(0, 2ε)); ``h1="wishart"`` replaces the ReLU masks
  θ(z_{aμ}) by the seed's approximation "keep the first m/2 samples"
  (ê, x̂ with m/2 columns).  Up to a permutation of rows and columns H̃1 is
  block diagonal with the n blocks B_a = (1/m) X diag(θ(z_a)) Eᵀ.
* H0 is drawn independently of H1 (the seed's freeness assumption 1: an
  independent Gaussian Wishart matrix is orthogonally invariant, hence
  asymptotically free of H1).

The residual variance 2ε (not the seed's "e ~ N(0, 1)") is what makes the
second moment of H1 equal to the free cumulant εφ/2 of the printed
R-transform εφw/(2 − εφ²w²); see :class:`rmtsym.models.hessian.HessianSpectrum`.
"""

from __future__ import annotations

from typing import Any

import math

import numpy as np

from ..core.errors import RmtsymError

__all__ = ["hessian_pb17", "hessian_matrices", "residual_hessian"]

_PARTS = ("H", "H0", "H1")
_H1_KINDS = ("network", "wishart")


def _check(n, epsilon, phi, varsigma, h1, part):
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 2:
        raise RmtsymError(f"n (the width) must be an integer >= 2, got {n!r}")
    for name, v, zero_ok in (("epsilon", epsilon, True), ("phi", phi, False),
                             ("varsigma", varsigma, False)):
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise RmtsymError(f"{name} must be a real number, got {v!r}") from None
        if not math.isfinite(v) or v < 0 or (v == 0 and not zero_ok):
            raise RmtsymError(f"{name} must be {'>= 0' if zero_ok else '> 0'}, got {v!r}")
    if h1 not in _H1_KINDS:
        raise RmtsymError(f"h1 must be one of {_H1_KINDS}, got {h1!r}")
    if part not in _PARTS:
        raise RmtsymError(f"part must be one of {_PARTS}, got {part!r}")
    m = int(round(2 * n / float(phi)))
    if m < 2:
        raise RmtsymError(f"phi = {phi!r} is too large for width n = {n}: m = 2n/phi < 2")
    return int(n), m


def hessian_matrices(n: Any, rng: np.random.Generator, epsilon: Any, phi: Any, varsigma: Any=1.0, h1: str="network") -> Any:
    r"""The matrices (H0, H1) of one draw of the PB17 model (see the module docstring).

    Parameters
    ----------
    n : int
        Width n (n0 = n1 = n2 = n); the matrices are 2n² × 2n².
    rng : numpy.random.Generator
        Source of randomness.
    epsilon : float
        ε ≥ 0: the residuals are e_{iμ} ~ N(0, 2ε).
    phi : float
        φ = 2n/m > 0; the number of data points is m = round(2n/φ).
    varsigma : float
        ς > 0, the variance of the entries of J (H0 → MP(φ, ς)).
    h1 : {"network", "wishart"}
        ReLU masks θ(W1 x) of a real random first layer, or the seed's
        half-of-the-samples approximation.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        H0 and H1, symmetric float64 arrays of shape (2n², 2n²).

    Examples
    --------
    >>> import numpy as np
    >>> H0, H1 = hessian_matrices(4, np.random.default_rng(0), 0.5, 0.5)
    >>> H0.shape, bool(np.allclose(H1, H1.T)), bool(np.all(np.diag(H1) == 0))
    ((32, 32), True, True)
    """
    n, m = _check(n, epsilon, phi, varsigma, h1, "H")
    N = 2 * n * n
    cols = n * m
    J = rng.standard_normal((N, cols)) * math.sqrt(float(varsigma))
    H0 = (J @ J.T) / cols
    X = rng.standard_normal((n, m))
    E = rng.standard_normal((n, m)) * math.sqrt(2 * float(epsilon))
    if h1 == "network":
        W1 = rng.standard_normal((n, n)) / math.sqrt(n)
        mask = (W1 @ X) > 0                       # θ(z_{aμ}), z = W1 x
    else:
        mask = np.zeros((n, m), dtype=bool)
        mask[:, : m // 2] = True                  # ê, x̂: the first m/2 samples
    return H0, residual_hessian(X, E, mask)


def residual_hessian(X: Any, E: Any, mask: Any) -> Any:
    r"""The residual part H1 = [[0, H̃1], [H̃1ᵀ, 0]] of the Hessian of (1/2m) Σ e².

    [H̃1]_{ab;cd} = (1/m) Σ_μ e_{cμ} δ_{ad} θ(z_{aμ}) x_{bμ} (seed 002 §4.1),
    rows (a, b) ↦ a n + b (W1), columns (c, d) ↦ c n + d (W2); the diagonal
    blocks vanish because ŷ is piecewise linear in each of W1, W2.

    Parameters
    ----------
    X : numpy.ndarray
        Inputs, n × m.
    E : numpy.ndarray
        Residuals e = ŷ − y, n × m.
    mask : numpy.ndarray
        θ(z_{aμ}), n × m (bool or 0/1).

    Returns
    -------
    numpy.ndarray
        Symmetric 2n² × 2n² matrix.
    """
    n, m = X.shape
    N = 2 * n * n
    # B[a] = (1/m) X diag(mask_a) E^T  (n x n): B[a, b, c] = H~1[(a, b), (c, d = a)]
    B = np.einsum("bm,am,cm->abc", X, np.asarray(mask, dtype=float), E) / m
    Ht = np.zeros((n, n, n, n))                   # indices (a, b; c, d)
    idx = np.arange(n)
    Ht[idx, :, :, idx] = B
    Ht = Ht.reshape(n * n, n * n)
    H1 = np.zeros((N, N))
    H1[: n * n, n * n:] = Ht
    H1[n * n:, : n * n] = Ht.T
    return H1


def hessian_pb17(n: Any, rng: np.random.Generator, epsilon: Any=0.5, phi: Any=0.5, varsigma: Any=1.0, h1: str="network", part: str="H") -> Any:
    r"""Eigenvalues of one PB17 Hessian H = H0 + H1 (or of H0 or H1 alone).

    Registered as ``SAMPLERS["hessian_pb17"]``; ``n`` is the *width*, the
    spectrum has 2n² eigenvalues (the matrix is over the 2n² weights).

    Parameters
    ----------
    n : int
        Width (>= 2).
    rng : numpy.random.Generator
        Source of randomness.
    epsilon, phi, varsigma, h1
        As in :func:`hessian_matrices`.
    part : {"H", "H0", "H1"}
        Which matrix to diagonalise.

    Returns
    -------
    numpy.ndarray
        The 2n² eigenvalues, ascending.

    Raises
    ------
    RmtsymError
        On n < 2, ε < 0, φ ≤ 0, ς ≤ 0, or an unknown ``h1`` / ``part``.

    Examples
    --------
    >>> import numpy as np
    >>> ev = hessian_pb17(6, np.random.default_rng(1), epsilon=0.3, phi=0.5)
    >>> ev.shape
    (72,)
    """
    _check(n, epsilon, phi, varsigma, h1, part)
    H0, H1 = hessian_matrices(n, rng, epsilon, phi, varsigma, h1)
    if part == "H1":
        # ± the singular values of the blocks: exact and cheaper than eigvalsh
        return np.linalg.eigvalsh(H1)
    if part == "H0":
        return np.linalg.eigvalsh(H0)
    return np.linalg.eigvalsh(H0 + H1)
