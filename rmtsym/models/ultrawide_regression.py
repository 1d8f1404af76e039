r"""Random-feature ridge regression against kernel ridge regression with E K^CK (Wang–Zhu slide).

Seed ``004_023286a078569efc.txt`` (Wang–Zhu 2021 talk), slide "Random feature
regression", Theorem "Test error approximation" (citing S. Mei,
T. Misiakiewicz and A. Montanari, "Generalization error of random feature and
kernel methods: hypercontractivity and kernel matrix concentration", 2021):
for any ε ∈ (0, 1/2), (N/n)^{1/2−ε} |L(f̂^{RF}_λ) − L(f̂^{(E K^CK)}_λ)| → 0 in
probability as N/n → ∞ and n → ∞.  The kernel predictor uses
E K^CK = κ(XᵀX) (unit-norm data; κ the normalised activation's kernel of
:func:`rmtsym.sampling.ultrawide.kernel_functions`).
"""

from __future__ import annotations

import numpy as np

from ..core.errors import require
from ..sampling.ultrawide import _unit_columns, kernel_functions, rf_ridge_test_errors

__all__ = ["expected_ck_kernel", "kernel_ridge_test_error", "rf_kernel_gap"]


def expected_ck_kernel(X: np.ndarray, Y: np.ndarray | None = None, activation: str = "relu",
                       linear_weight: float | None = None) -> np.ndarray:
    r"""E_W K^CK(X, Y) = κ(XᵀY) for unit-norm columns (entries E σ(wᵀx_i) σ(wᵀy_j), w ~ N(0, I)).

    Parameters
    ----------
    X : array_like (d, n), unit-norm columns
    Y : array_like (d, m), optional (default X)
    activation, linear_weight : optional
        As :func:`rmtsym.sampling.ultrawide.kernel_functions`.

    Returns
    -------
    numpy.ndarray (n, m)

    Raises
    ------
    RmtsymError
        Columns not of unit norm, or Y with another d.

    Examples
    --------
    >>> expected_ck_kernel(np.eye(2))
    array([[1., 0.],
           [0., 1.]])
    """
    X = _unit_columns(X, "X")
    same = Y is None
    Yv = X if Y is None else _unit_columns(Y, "Y")
    require(Yv.shape[0] == X.shape[0], f"Y must have d = {X.shape[0]} rows, got {Yv.shape[0]}")
    G = X.T @ Yv
    if same:
        G = (G + G.T) / 2
        np.fill_diagonal(G, 1.0)
    k = kernel_functions(activation, None, None if linear_weight is None else float(linear_weight))
    return np.asarray(k["kappa"](np.clip(G, -1.0, 1.0)), dtype=float)


def kernel_ridge_test_error(X: np.ndarray, y: np.ndarray, X_test: np.ndarray, f_test: np.ndarray,
                            ridge: float, activation: str = "relu",
                            linear_weight: float | None = None) -> float:
    r"""Test error of kernel ridge regression with the expected kernel E K^CK.

    f̂(x) = κ(xᵀX)(κ(XᵀX) + λ I)^{-1} y; returns (1/m) Σ_j (f̂(x_j) − f*(x_j))².

    Parameters
    ----------
    X, y, X_test, f_test : arrays
        As :func:`rmtsym.sampling.ultrawide.rf_ridge_test_errors`.
    ridge : float
        λ > 0.
    activation, linear_weight : optional

    Returns
    -------
    float

    Raises
    ------
    RmtsymError
        ridge <= 0, shapes that do not match, non-unit columns.

    References
    ----------
    Seed ``004_023286a078569efc.txt``, slide "Random feature regression";
    Mei, Misiakiewicz and Montanari (2021).

    Examples
    --------
    >>> X = np.eye(3)
    >>> round(kernel_ridge_test_error(X, [1., 0., 0.], X, [1., 0., 0.], 1.0), 12)   # (1/3)(1/2)^2
    0.083333333333
    """
    require(float(ridge) > 0, f"ridge (lambda) must be > 0, got {ridge!r}")
    y = np.asarray(y, dtype=float).reshape(-1)
    f_test = np.asarray(f_test, dtype=float).reshape(-1)
    K = expected_ck_kernel(X, None, activation, linear_weight)
    C = expected_ck_kernel(X, X_test, activation, linear_weight)
    require(y.size == K.shape[0], f"y must have n = {K.shape[0]} entries, got {y.size}")
    require(f_test.size == C.shape[1], f"f_test must have {C.shape[1]} entries, got {f_test.size}")
    a = np.linalg.solve(K + float(ridge) * np.eye(K.shape[0]), y)
    return float(np.mean((C.T @ a - f_test) ** 2))


def rf_kernel_gap(X: np.ndarray, y: np.ndarray, X_test: np.ndarray, f_test: np.ndarray, width: int,
                   ridge: float, seed: int, draws: int, activation: str = "relu",
                   linear_weight: float | None = None) -> dict:
    r"""ΔL = L(f̂^{RF}_λ) − L(f̂^{(E K^CK)}_λ) for ``draws`` independent first layers.

    Parameters
    ----------
    X, y, X_test, f_test, width, ridge, draws, activation, linear_weight
        As :func:`rmtsym.sampling.ultrawide.rf_ridge_test_errors`.
    seed : int
        ``numpy.random.default_rng(seed)``.

    Returns
    -------
    dict
        ``rf`` (array of RF test errors), ``krr`` (float), ``gap`` (array ΔL).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((8, 4)); X /= np.linalg.norm(X, axis=0)
    >>> out = rf_kernel_gap(X, np.ones(4), X, np.ones(4), 2000, 0.5, seed=1, draws=2)
    >>> bool(np.all(np.abs(out["gap"]) < 0.1))
    True
    """
    krr = kernel_ridge_test_error(X, y, X_test, f_test, ridge, activation, linear_weight)
    rf = rf_ridge_test_errors(X, y, X_test, f_test, width, ridge, np.random.default_rng(seed), draws,
                              activation, linear_weight)
    return {"rf": rf, "krr": krr, "gap": rf - krr}
