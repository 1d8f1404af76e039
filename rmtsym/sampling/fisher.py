r"""Sampler of the Fisher information H₀ = E_x[JᵀJ] of a real single-hidden-layer network.

The network (Pennington–Worah 2018, as summarised in the survey seed
``002_2c85d79b7db582c6.txt``, §4.3) is ŷ = W₂ σ(W₁ x) with square widths
n₀ = n₁ = n₂ = k, W₁, W₂ with i.i.d. N(0, σ_w²/k) entries and input
x ~ N(0, σ_x² I_k).  The parameters are θ = (W₁, W₂) (2k² of them, W₁[a, b]
first in row-major order, then W₂[c, a]) and

.. math::

    J_{i,(a,b)} = W_2[i,a]\,\sigma'(h_a)\,x_b, \qquad
    J_{i,(c,a)} = \delta_{ic}\,\sigma(h_a), \qquad h = W_1 x .

The expectation over x is done *exactly up to quadrature*: for each pair of
hidden units (a, a') the pre-activations (h_a, h_a') are a bivariate Gaussian
with covariance C = σ_x² VᵀV, V = [w_a, w_a'], and x = σ_x² V C⁻¹ h + x⊥ with
x⊥ independent of h.  Hence

.. math::

    \mathbb E[\sigma'(h_a)\sigma'(h_{a'}) x x^T]
       = \alpha\,\sigma_x^2 I + V (V^TV)^{-1} (B - \alpha C) (V^TV)^{-1} V^T,

    \mathbb E[\sigma'(h_a)\sigma(h_{a'})\,x] = V (V^TV)^{-1} e,

with α = E σ'(h_a)σ'(h_a'), B = E[h hᵀ σ'(h_a)σ'(h_a')],
e = E[h σ'(h_a) σ(h_a')] (and V = w_a alone when a = a').  These bivariate
(univariate) Gaussian integrals use a tensor trapezoidal rule (exponentially convergent for analytic σ) after a
Cholesky factorisation of C.  The blocks are

* H₁₁[(a,b),(a',b')] = (W₂ᵀW₂)_{aa'} E[σ'(h_a)σ'(h_a') x_b x_b'],
* H₁₂[(a,b),(c,a')] = W₂[c,a] E[σ'(h_a) x_b σ(h_a')],
* H₂₂[(c,a),(c',a')] = δ_{cc'} E[σ(h_a)σ(h_a')].

The test suite checks this construction against E_x[JᵀJ] computed directly
by quadrature over the input space (k = 3) and, for σ = id, against
:func:`rmtsym.sampling.ensembles.linear_fisher_explicit`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..core.errors import RmtsymError, require

__all__ = ["fisher_network", "fisher_matrix", "fisher_width"]

_RULES: dict[Any, Any] = {}


def fisher_width(n: Any) -> Any:
    """The width k of the network whose Fisher matrix has n = 2k² rows."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise RmtsymError(f"n must be an integer 2k^2, got {n!r}")
    k = int(round(math.sqrt(int(n) / 2)))
    require(2 * k * k == int(n) and k >= 2,
            f"n must be 2k^2 (the number of parameters of a width-k network, k >= 2), got {n}")
    return k


def _rule(order):
    """Trapezoidal rule on [-9, 9] for the N(0, 1) weight (weights sum to 1).

    For an integrand analytic in the strip |Im u| < d the error is
    O(exp(-2 pi d / h)), h = 18/(order - 1): tanh at variance q (poles at
    distance pi/(2 sqrt q)) gets ~1e-14 with order 121 for q <= 4, where
    Gauss–Hermite of order 100 is still at 1e-4 (its error decays like
    exp(-c sqrt(order)) for such integrands).
    """
    if order not in _RULES:
        t = np.linspace(-9.0, 9.0, order)
        w = np.exp(-t * t / 2)
        _RULES[order] = (t, w / w.sum())
    return _RULES[order]


_FUNCS: dict[Any, Any] = {}


def _functions(act):
    """(σ, σ') as numpy functions, cached per activation (lambdify is slow)."""
    from ..gaussian.activations import Activation, activation
    key = act if isinstance(act, (str, Activation)) else str(act)
    if key not in _FUNCS:
        a = act
        if not isinstance(a, Activation):
            try:
                a = activation(act)
            except RmtsymError as exc:
                raise RmtsymError(f"activation: {exc}") from None
        if len(_FUNCS) > 32:
            _FUNCS.clear()
        _FUNCS[key] = a.numpy_functions
    return _FUNCS[key]


def _pair_moments(f, df, L, order, chunk=64):
    """Bivariate Gaussian moments for each 2x2 Cholesky factor L[p] (h = L u).

    Returns K = E σ₁σ₂, al = E σ'₁σ'₂, B (p, 2, 2) = E[h hᵀ σ'₁σ'₂],
    e (p, 2) = E[h σ'₁ σ₂] and es (p, 2) = E[(h₂, h₁) σ'₂ σ₁] (the pair swapped).
    Nodes of the tensor rule outside the disc |u| <= 8.6 (total weight < 1e-16) are dropped.
    """
    t, w = _rule(order)
    u1 = np.repeat(t, order)
    u2 = np.tile(t, order)
    ww = np.outer(w, w).ravel()
    keep = u1 * u1 + u2 * u2 <= 8.6 ** 2
    u1, u2, ww = u1[keep], u2[keep], ww[keep]
    P = L.shape[0]
    K = np.empty(P)
    al = np.empty(P)
    B = np.empty((P, 2, 2))
    e = np.empty((P, 2))
    es = np.empty((P, 2))
    for s in range(0, P, chunk):
        sl = slice(s, s + chunk)
        l = L[sl]
        h1 = l[:, 0, 0, None] * u1
        h2 = l[:, 1, 0, None] * u1 + l[:, 1, 1, None] * u2
        s1, s2, d1, d2 = f(h1), f(h2), df(h1), df(h2)
        K[sl] = (s1 * s2) @ ww
        dd = d1 * d2 * ww
        al[sl] = dd.sum(axis=1)
        B[sl, 0, 0] = (dd * h1 * h1).sum(axis=1)
        B[sl, 0, 1] = B[sl, 1, 0] = (dd * h1 * h2).sum(axis=1)
        B[sl, 1, 1] = (dd * h2 * h2).sum(axis=1)
        ds = d1 * s2 * ww
        e[sl, 0] = (ds * h1).sum(axis=1)
        e[sl, 1] = (ds * h2).sum(axis=1)
        ds = d2 * s1 * ww
        es[sl, 0] = (ds * h2).sum(axis=1)
        es[sl, 1] = (ds * h1).sum(axis=1)
    return K, al, B, e, es


def fisher_matrix(w1: Any, w2: Any, activation: Any="tanh", sigma_x2: Any=1.0, order: int=121) -> Any:
    r"""The Fisher matrix H₀ = E_x[JᵀJ] of x ↦ W₂ σ(W₁ x), x ~ N(0, σ_x² I).

    Parameters
    ----------
    w1, w2 : numpy.ndarray
        Square k × k weight matrices (any scale).
    activation : str, Activation or sympy.Expr
        σ (no free parameters; a.e. derivative used).
    sigma_x2 : float
        Input variance σ_x² > 0.
    order : int
        Nodes per dimension of the trapezoidal rule on [-9, 9] (121: the
        bivariate moments of tanh/erf to ~1e-13 at variances <= 4; kinks
        such as ReLU's converge like order^-2, ~1e-4 at 121).

    Returns
    -------
    numpy.ndarray
        H₀, shape (2k², 2k²), parameter order (W₁ row-major, W₂ row-major).

    Raises
    ------
    RmtsymError
        Bad shapes, sigma_x2 <= 0, order < 4, unknown activation.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> w1, w2 = rng.standard_normal((2, 3, 3)) / np.sqrt(3)
    >>> H = fisher_matrix(w1, w2, "linear")
    >>> H.shape, bool(np.allclose(H, H.T))
    ((18, 18), True)
    """
    w1 = np.asarray(w1, dtype=float)
    w2 = np.asarray(w2, dtype=float)
    require(w1.ndim == 2 and w1.shape[0] == w1.shape[1] and w2.shape == w1.shape,
            f"w1, w2 must be square k x k matrices of the same shape, got {w1.shape}, {w2.shape}")
    require(isinstance(order, int) and order >= 4, f"order must be an integer >= 4, got {order!r}")
    try:
        sx = float(sigma_x2)
    except (TypeError, ValueError):
        raise RmtsymError(f"sigma_x2 must be a positive number, got {sigma_x2!r}") from None
    require(sx > 0 and math.isfinite(sx), f"sigma_x2 must be a positive number, got {sigma_x2!r}")
    f, df = _functions(activation)
    k = w1.shape[0]
    W = w1
    gram = W @ W.T                                  # (VᵀV) entries w_a·w_a'
    # -- off-diagonal pairs a < a' ------------------------------------------
    ia, ib = np.triu_indices(k, 1)
    g11, g22, g12 = gram[ia, ia], gram[ib, ib], gram[ia, ib]
    C = sx * np.stack([np.stack([g11, g12], -1), np.stack([g12, g22], -1)], -2)
    L = np.linalg.cholesky(C)
    K_o, al_o, B_o, e_o, e_s = _pair_moments(f, df, L, order)
    # -- diagonal a = a' ------------------------------------------------------
    t, w = _rule(order)
    sd = np.sqrt(sx * np.diag(gram))
    h = sd[:, None] * t
    s, d = f(h), df(h)
    K_d = (s * s) @ w
    al_d = (d * d) @ w
    B_d = (d * d * h * h) @ w
    e_d = (d * s * h) @ w
    # -- coefficient tensors ---------------------------------------------------
    K = np.zeros((k, k))
    K[ia, ib] = K[ib, ia] = K_o
    K[np.arange(k), np.arange(k)] = K_d
    alpha = np.zeros((k, k))
    alpha[ia, ib] = alpha[ib, ia] = al_o
    alpha[np.arange(k), np.arange(k)] = al_d
    Ginv = np.linalg.inv(C / sx)                    # (VᵀV)⁻¹ per pair
    Gp = Ginv @ (B_o - al_o[:, None, None] * C) @ Ginv
    G = np.zeros((k, k, 2, 2))                      # G[a, a'] in the basis V = [w_a, w_a']
    G[ia, ib] = Gp
    G[ib, ia] = Gp[:, ::-1, ::-1]
    diag = np.arange(k)
    G[diag, diag, 0, 0] = (B_d - al_d * sx * np.diag(gram)) / np.diag(gram) ** 2
    g = np.zeros((k, k, 2))                         # S[a, a'] = g0 w_a + g1 w_a'
    g[ia, ib] = np.einsum("pij,pj->pi", Ginv, e_o)
    g[ib, ia] = np.einsum("pij,pj->pi", Ginv[:, ::-1, ::-1], e_s)
    g[diag, diag, 0] = e_d / np.diag(gram)
    M = w2.T @ w2
    eye = np.eye(k)
    # H11[a,b,a',b'] = M[a,a'] (sx α δ_bb' + Σ_ij V_bi G_ij V_b'j),  V_b = (W[a,b], W[a',b])
    H11 = np.einsum("ac,bd->abcd", M * alpha * sx, eye)
    H11 += np.einsum("ac,ab,ad->abcd", M * G[..., 0, 0], W, W)
    H11 += np.einsum("ac,ab,cd->abcd", M * G[..., 0, 1], W, W)
    H11 += np.einsum("ac,cb,ad->abcd", M * G[..., 1, 0], W, W)
    H11 += np.einsum("ac,cb,cd->abcd", M * G[..., 1, 1], W, W)
    # H12[a,b,c,a'] = W2[c,a] (g0[a,a'] W[a,b] + g1[a,a'] W[a',b])
    S = np.einsum("ae,ab->aeb", g[..., 0], W) + np.einsum("ae,eb->aeb", g[..., 1], W)   # S[a,a',b]
    H12 = np.einsum("ca,aeb->abce", w2, S)
    H22 = np.kron(eye, K)
    n = k * k
    H = np.empty((2 * n, 2 * n))
    H[:n, :n] = H11.reshape(n, n)
    H[:n, n:] = H12.reshape(n, n)
    H[n:, :n] = H[:n, n:].T
    H[n:, n:] = H22
    return (H + H.T) / 2


def fisher_network(n: Any, rng: np.random.Generator, activation: Any="tanh", sigma_w2: Any=1.0, sigma_x2: Any=1.0, order: int=121) -> Any:
    r"""Eigenvalues of H₀ = E_x[JᵀJ] of a random network x ↦ W₂σ(W₁x) with 2k² = n parameters.

    Parameters
    ----------
    n : int
        2k², k >= 2 the common width n₀ = n₁ = n₂.
    rng : numpy.random.Generator
        Draws W₁ then W₂, entries N(0, σ_w²/k).
    activation : str, Activation or sympy.Expr
        σ (the theory of :class:`rmtsym.models.fisher.FisherSpectrum` needs
        E σ(h) = 0; the sampler does not).
    sigma_w2, sigma_x2 : float
        Weight and input variances (> 0).
    order : int
        Trapezoid nodes per dimension (see :func:`fisher_matrix`).

    Returns
    -------
    numpy.ndarray
        The n eigenvalues of H₀, ascending.

    Raises
    ------
    RmtsymError
        n not of the form 2k², bad variances, unknown activation.

    Notes
    -----
    Cost: O(k²·order²) activation evaluations, O(k⁴) to assemble H₀ and one
    ``eigvalsh`` of size 2k² (O(k⁶)), which dominates from k ≈ 20.  The
    finite-size bias of the spectral moments is O(1/k) (not O(1/n)).

    Examples
    --------
    >>> import numpy as np
    >>> ev = fisher_network(2 * 10 ** 2, np.random.default_rng(1), "erf")
    >>> ev.shape, bool(ev.min() > -1e-12)
    ((200,), True)
    """
    k = fisher_width(n)
    if not isinstance(rng, np.random.Generator):
        raise RmtsymError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    try:
        sw = float(sigma_w2)
    except (TypeError, ValueError):
        raise RmtsymError(f"sigma_w2 must be a positive number, got {sigma_w2!r}") from None
    require(sw > 0 and math.isfinite(sw), f"sigma_w2 must be a positive number, got {sigma_w2!r}")
    sd = math.sqrt(sw / k)
    w1 = rng.standard_normal((k, k)) * sd
    w2 = rng.standard_normal((k, k)) * sd
    return np.linalg.eigvalsh(fisher_matrix(w1, w2, activation, sigma_x2, order))
