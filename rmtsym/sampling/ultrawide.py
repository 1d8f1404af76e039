r"""Sampler of centred ultra-wide kernels: CK and NTK of real two-layer networks.

Seed ``004_023286a078569efc.txt`` (Wang–Zhu 2021 talk; Z. Wang and Y. Zhu,
"Deformed semicircle law and concentration of nonlinear random matrices for
ultra-wide neural networks", arXiv:2109.09304, 2021).  One draw:

* data X ∈ R^{d×n}: i.i.d. N(0, 1) columns normalised to ‖x_α‖ = 1 (so the
  seed's ε_n-orthonormality holds with ε_n ~ d^{-1/2}, B = 0, and
  lim spec XᵀX = MP(n/d)); ``data="orthonormal"``: orthonormal columns
  (μ_0 = δ_1, needs d ≥ n);
* first layer W ∈ R^{N×d}, second layer w ∈ R^N, all entries N(0, 1);
* K^CK = (1/N) σ(WX)ᵀ σ(WX) and
  K^NTK = XᵀX ⊙ ((1/N) σ'(WX)ᵀ diag(w)² σ'(WX)) + K^CK (the seed's slide
  "Two kernel matrices");
* returned: the eigenvalues of √(N/n) (K − E K).

E K is exact (no Monte Carlo): for unit-norm columns, with ρ = x_αᵀx_β and
σ = Σ_k a_k h_k (h_k = He_k/√k! the orthonormal Hermite polynomials),
E σ(u)σ(v) = κ(ρ) = Σ_k a_k² ρ^k and E σ'(u)σ'(v) = κ'(ρ), so
E K^CK = κ(XᵀX) and E K^NTK = XᵀX ⊙ κ'(XᵀX) + κ(XᵀX) entrywise (E w_i² = 1).
ReLU uses the closed-form arc-cosine kernels
κ(ρ) = (√(1−ρ²) + (π − arccos ρ)ρ − 1)/(π − 1),
κ'(ρ) = (π − arccos ρ)/(π − 1); the other activations their Hermite
coefficients a_k (k ≤ 80, Gauss–Hermite quadrature with 240 nodes) — the
truncation error is below |ρ|^80 off the diagonal, and the diagonal uses
κ(1) = 1 and κ'(1) = E σ'(ξ)² directly.

Sizes: N = round(width_ratio·n), d = round(data_ratio·n).  The cost of a
draw is ~N d n flops (WX) plus N d normal variates, i.e. linear in
width_ratio: on one core n = 160, N/n = 64, d/n = 2 takes ~0.15 s.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ..core.errors import RmtsymError, require

__all__ = ["ultrawide_kernel", "ck_ntk_pair", "bai_yin", "ULTRAWIDE_ACTIVATIONS", "kernel_functions",
           "hermite_activation", "rf_ridge_test_errors", "teacher_task", "digits_task"]


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(x / 2.0))


def _erf(x):
    from scipy.special import erf
    return erf(x)


def _erf_d(x):
    return 2.0 / math.sqrt(math.pi) * np.exp(-x * x)


def _softplus(x):
    return np.logaddexp(0.0, x)


#: numpy (phi, phi') of the activations the sampler knows by name.
ULTRAWIDE_ACTIVATIONS = {
    "linear": (lambda x: x, lambda x: np.ones_like(x)),
    "abs": (np.abs, np.sign),
    "relu": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float)),
    "tanh": (np.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
    "sin": (np.sin, np.cos),
    "cos": (np.cos, lambda x: -np.sin(x)),
    "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * (1.0 - _sigmoid(x))),
    "erf": (_erf, _erf_d),
    "softplus": (_softplus, _sigmoid),
    "silu": (lambda x: x * _sigmoid(x), lambda x: _sigmoid(x) * (1.0 + x * (1.0 - _sigmoid(x)))),
}

_ORDER, _NODES = 80, 240


def _hermite_table(x, order):
    """Orthonormal Hermite polynomials h_0..h_order at x (rows)."""
    h = np.empty((order + 1, x.size))
    h[0] = 1.0
    if order >= 1:
        h[1] = x
    for k in range(1, order):
        h[k + 1] = (x * h[k] - math.sqrt(k) * h[k - 1]) / math.sqrt(k + 1)
    return h


def hermite_activation(coeffs):
    r"""(phi, phi') of σ = Σ_k a_k h_k, h_k = He_k/√(k!) (a_0 = coeffs[0]).

    Parameters
    ----------
    coeffs : sequence of float
        a_0, a_1, ...; a normalised activation has a_0 = 0, Σ a_k² = 1 and
        b_σ = E σ'(ξ) = a_1.

    Returns
    -------
    (callable, callable)

    Examples
    --------
    >>> f, df = hermite_activation([0.0, 0.6, 0.8])     # 0.6 x + 0.8 (x^2 - 1)/sqrt 2
    >>> float(f(np.array([1.0]))[0]), round(float(df(np.array([1.0]))[0]), 12)
    (0.6, 1.731370849898)
    """
    a = np.asarray(coeffs, dtype=float)
    order = a.size - 1

    def f(x):
        x = np.asarray(x, dtype=float)
        return np.tensordot(a, _hermite_table(x.ravel(), order), 1).reshape(x.shape)

    def df(x):        # h_k' = sqrt(k) h_{k-1}
        x = np.asarray(x, dtype=float)
        if order == 0:
            return np.zeros_like(x)
        b = a[1:] * np.sqrt(np.arange(1, order + 1))
        return np.tensordot(b, _hermite_table(x.ravel(), order - 1), 1).reshape(x.shape)
    return f, df


def _resolve(activation, hermite):
    if hermite is not None:
        return ("hermite", tuple(float(c) for c in hermite))
    require(activation in ULTRAWIDE_ACTIVATIONS,
            f"activation must be one of {sorted(ULTRAWIDE_ACTIVATIONS)} (or pass hermite=...), "
            f"got {activation!r}")
    return (activation, None)


@functools.lru_cache(maxsize=32)
def kernel_functions(activation="relu", hermite=None, linear_weight=None):
    r"""The normalised activation and its exact kernels, as numpy functions.

    Parameters
    ----------
    activation : str
        A key of :data:`ULTRAWIDE_ACTIVATIONS` (normalised here:
        σ = (φ − E φ(ξ))/sd φ(ξ)).
    hermite : tuple of float, optional
        Orthonormal-Hermite coefficients a_0, a_1, ... of an activation used
        as given (it must already be normalised: a_0 = 0, Σ a_k² = 1).
    linear_weight : float, optional
        a ∈ [−1, 1]: use σ = a x + √(1 − a²) σ̂ with σ̂ the normalised
        ``activation``, which must be even (abs, cos): then σ is normalised,
        b_σ = a, κ = a²ρ + (1 − a²) κ̂ and κ' = a² + (1 − a²) κ̂'.

    Returns
    -------
    dict
        ``sigma``, ``dsigma`` (vectorised), ``kappa``, ``dkappa`` (the kernels
        κ(ρ) = E σ(u)σ(v), κ'(ρ) = E σ'(u)σ'(v) for unit-variance (u, v) with
        correlation ρ; exact value 1 and E σ'² at ρ = 1), ``b_sigma`` = E σ'(ξ),
        ``coeffs`` (a_k, or None for relu's closed form).

    Examples
    --------
    >>> k = kernel_functions("relu")
    >>> round(k["b_sigma"] ** 2, 12) == round(math.pi / (2 * (math.pi - 1)), 12)
    True
    >>> float(k["kappa"](np.array([1.0]))[0])
    1.0
    """
    if linear_weight is not None:
        a = float(linear_weight)
        require(-1 <= a <= 1, f"linear_weight must lie in [-1, 1], got {linear_weight!r}")
        base = kernel_functions(activation, hermite)
        require(abs(base["b_sigma"]) < 1e-12,
                f"linear_weight: the base activation {activation!r} must be even (b_sigma = 0)")
        c = math.sqrt(1 - a * a)
        return {"sigma": lambda x: a * np.asarray(x) + c * base["sigma"](x),
                "dsigma": lambda x: a + c * base["dsigma"](x),
                "kappa": lambda r: a * a * np.asarray(r) + c * c * base["kappa"](r),
                "dkappa": lambda r: a * a + c * c * base["dkappa"](r),
                "b_sigma": a, "coeffs": None}
    name, coeffs = _resolve(activation, hermite)
    if name == "abs":
        mu, var = math.sqrt(2 / math.pi), 1 - 2 / math.pi
        sd = math.sqrt(var)

        def f(x):
            return (np.abs(x) - mu) / sd

        def df(x):
            return np.sign(x) / sd

        def kappa(r):
            r = np.clip(r, -1.0, 1.0)
            return (2 / np.pi * (np.sqrt(1 - r * r) + r * np.arcsin(r)) - 2 / np.pi) / var

        def dkappa(r):
            r = np.clip(r, -1.0, 1.0)
            return 2 / np.pi * np.arcsin(r) / var
        return {"sigma": f, "dsigma": df, "kappa": kappa, "dkappa": dkappa,
                "b_sigma": 0.0, "coeffs": None}
    if name == "hermite":
        a = np.array(coeffs)
        require(abs(a[0]) < 1e-12 and abs(float(a @ a) - 1) < 1e-12,
                f"hermite: coefficients must have a_0 = 0 and sum a_k^2 = 1 (normalised), got {coeffs}")
        f, df = hermite_activation(a)
        da2 = float(np.sum(np.arange(a.size) * a ** 2))
    elif name == "relu":
        mu, var = 1 / math.sqrt(2 * math.pi), 0.5 - 1 / (2 * math.pi)
        sd = math.sqrt(var)

        def f(x):
            return (np.maximum(x, 0.0) - mu) / sd

        def df(x):
            return (np.asarray(x) > 0).astype(float) / sd

        def kappa(r):
            r = np.clip(r, -1.0, 1.0)
            return (np.sqrt(1 - r * r) + (np.pi - np.arccos(r)) * r - 1.0) / (np.pi - 1.0)

        def dkappa(r):
            r = np.clip(r, -1.0, 1.0)
            return (np.pi - np.arccos(r)) / (np.pi - 1.0)
        return {"sigma": f, "dsigma": df, "kappa": kappa, "dkappa": dkappa,
                "b_sigma": 0.5 / sd, "coeffs": None}
    else:
        phi, dphi = ULTRAWIDE_ACTIVATIONS[name]
        x, w = np.polynomial.hermite_e.hermegauss(_NODES)
        w = w / math.sqrt(2 * math.pi)
        mu = float(w @ phi(x))
        var = float(w @ (phi(x) - mu) ** 2)
        require(var > 1e-14, f"activation: {name} is constant under N(0, 1)")
        sd = math.sqrt(var)
        a = _hermite_table(x, _ORDER) @ (w * (phi(x) - mu)) / sd
        a[0] = 0.0

        def f(x):
            return (phi(x) - mu) / sd

        def df(x):
            return dphi(x) / sd
        da2 = float(w @ dphi(x) ** 2) / var

    powers = np.arange(a.size)

    def kappa(r):
        r = np.asarray(r, dtype=float)
        out = np.polynomial.polynomial.polyval(r, a ** 2)
        return np.where(r >= 1 - 1e-13, 1.0, out)

    def dkappa(r):
        r = np.asarray(r, dtype=float)
        out = np.polynomial.polynomial.polyval(r, (powers * a ** 2)[1:])
        return np.where(r >= 1 - 1e-13, da2, out)
    return {"sigma": f, "dsigma": df, "kappa": kappa, "dkappa": dkappa,
            "b_sigma": float(a[1]), "coeffs": a}


def _data(n, d, rng, data):
    if data == "gaussian":
        Z = rng.standard_normal((d, n))
        return Z / np.linalg.norm(Z, axis=0)
    require(d >= n, f"data='orthonormal' needs d >= n, got d={d}, n={n}")
    Q, _ = np.linalg.qr(rng.standard_normal((d, n)))
    return Q


def ultrawide_kernel(n, rng, activation="relu", width_ratio=64.0, data_ratio=2.0, kernel="ck",
                     data="gaussian", hermite=None, linear_weight=None):
    r"""Eigenvalues of √(N/n)(K − E K) for one random two-layer network.

    Parameters
    ----------
    n : int
        Number of data points (the kernel is n×n), >= 2.
    rng : numpy.random.Generator
    activation : str, optional
        Activation name (normalised by the sampler, see :func:`kernel_functions`).
    width_ratio : float, optional
        N/n, the hidden width over the sample size (N = round(width_ratio·n)).
    data_ratio : float, optional
        d/n, the input dimension over the sample size (μ_0 = MP(n/d)).
    kernel : {"ck", "ntk"}
    data : {"gaussian", "orthonormal"}
    hermite : sequence of float, optional
        Normalised Hermite coefficients of a polynomial activation (overrides
        ``activation``).
    linear_weight : float, optional
        σ = a x + √(1 − a²) σ̂ for an even ``activation`` (see :func:`kernel_functions`).

    Returns
    -------
    numpy.ndarray
        n eigenvalues, ascending.

    Examples
    --------
    >>> ev = ultrawide_kernel(40, np.random.default_rng(1), "tanh", width_ratio=16)
    >>> ev.shape
    (40,)
    """
    A = _centred(n, rng, activation, width_ratio, data_ratio, (kernel,), data, hermite,
                 linear_weight)[0]
    return np.linalg.eigvalsh(A)


def ck_ntk_pair(n, rng, activation="relu", width_ratio=64.0, data_ratio=2.0, data="gaussian",
                hermite=None, linear_weight=None):
    r"""Eigenvalues of √(N/n)(K^CK − E K^CK) and √(N/n)(K^NTK − E K^NTK) of ONE network.

    Same X, W, w for both (a paired draw: their difference is the NTK's extra
    term XᵀX ⊙ (H − E H), H = (1/N) σ'(WX)ᵀ diag(w)² σ'(WX)).  Parameters as
    :func:`ultrawide_kernel`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)

    Examples
    --------
    >>> ck, ntk = ck_ntk_pair(30, np.random.default_rng(0), width_ratio=8)
    >>> ck.shape, ntk.shape
    ((30,), (30,))
    """
    A, B = _centred(n, rng, activation, width_ratio, data_ratio, ("ck", "ntk"), data, hermite,
                    linear_weight)
    return np.linalg.eigvalsh(A), np.linalg.eigvalsh(B)


def _centred(n, rng, activation, width_ratio, data_ratio, kernels, data, hermite,
             linear_weight=None):
    require(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 2,
            f"n must be an integer >= 2, got {n!r}")
    require(width_ratio > 0 and data_ratio > 0,
            f"width_ratio and data_ratio must be > 0, got {width_ratio!r}, {data_ratio!r}")
    for kernel in kernels:
        require(kernel in ("ck", "ntk"), f"kernel must be 'ck' or 'ntk', got {kernel!r}")
    require(data in ("gaussian", "orthonormal"),
            f"data must be 'gaussian' or 'orthonormal', got {data!r}")
    fns = kernel_functions(activation, None if hermite is None else tuple(hermite),
                           None if linear_weight is None else float(linear_weight))
    N = max(1, int(round(width_ratio * n)))
    d = max(1, int(round(data_ratio * n)))
    X = _data(n, d, rng, data)
    G = X.T @ X
    np.fill_diagonal(G, 1.0)
    W = rng.standard_normal((N, d))
    H = W @ X
    F = fns["sigma"](H)
    K = F.T @ F / N
    EK = fns["kappa"](G)
    out = []
    if "ck" in kernels:
        out.append(math.sqrt(N / n) * (K - EK))
    if "ntk" in kernels:
        w2 = rng.standard_normal(N) ** 2
        D = fns["dsigma"](H)
        A = math.sqrt(N / n) * ((K - EK) + G * ((D * w2[:, None]).T @ D / N - fns["dkappa"](G)))
        out.append(A)
    return [(A + A.T) / 2 for A in out]


def bai_yin(n, rng, ratio=64.0, entries="rademacher"):
    r"""Eigenvalues of √(d/n)((1/d) XᵀX − I) for X ∈ R^{d×n} with i.i.d. unit-variance entries.

    The Bai–Yin slide of seed ``004_023286a078569efc.txt`` (Bai and Yin,
    "Convergence to the semicircle law", Ann. Probab. 16, 1988): the limit as
    d/n → ∞ is the standard semicircle; at d/n = r fixed the n → ∞ law is
    √r (MP(1/r) − 1).

    Parameters
    ----------
    n : int
        Matrix size (>= 2).
    rng : numpy.random.Generator
    ratio : float
        d/n (d = round(ratio·n)).
    entries : {"gaussian", "rademacher", "exponential", "shifted"}
        N(0, 1); ±1; Exp(1) − 1 (E X⁴ = 9, skewed); 1/2 + N(0, 1) (mean 1/2,
        variance 1: the slide does not assume mean 0).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> bai_yin(20, np.random.default_rng(0), ratio=16, entries="exponential").shape
    (20,)
    """
    require(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 2,
            f"n must be an integer >= 2, got {n!r}")
    require(ratio > 0, f"ratio must be > 0, got {ratio!r}")
    d = max(1, int(round(ratio * n)))
    if entries == "gaussian":
        X = rng.standard_normal((d, n))
    elif entries == "rademacher":
        X = rng.integers(0, 2, size=(d, n)) * 2.0 - 1.0
    elif entries == "exponential":
        X = rng.exponential(size=(d, n)) - 1.0
    elif entries == "shifted":
        X = rng.standard_normal((d, n)) + 0.5
    else:
        raise RmtsymError(f"entries must be gaussian, rademacher, exponential or shifted, "
                          f"got {entries!r}")
    A = math.sqrt(d / n) * (X.T @ X / d - np.eye(n))
    return np.linalg.eigvalsh(A)


# -- random-feature ridge regression (Wang–Zhu slide "Random feature regression") ----------------

def _unit_columns(X, name):
    X = np.asarray(X, dtype=float)
    require(X.ndim == 2 and X.size > 0 and np.all(np.isfinite(X)),
            f"{name} must be a finite non-empty (d, n) array")
    norms = np.linalg.norm(X, axis=0)
    require(bool(np.all(np.abs(norms - 1) <= 1e-9)),
            f"{name} must have unit-norm columns (normalise them: E K^CK = kappa(x_i^T x_j) needs "
            f"||x|| = 1), got norms in [{norms.min():.3g}, {norms.max():.3g}]")
    return X


def rf_ridge_test_errors(X: np.ndarray, y: np.ndarray, X_test: np.ndarray, f_test: np.ndarray,
                         width: int, ridge: float, rng: np.random.Generator, draws: int = 1,
                         activation: str = "relu", linear_weight: float | None = None) -> np.ndarray:
    r"""Test errors of random-feature ridge regressions on given data, one per draw of W.

    Parameters
    ----------
    X : array_like, shape (d, n)
        Training inputs, unit-norm columns.
    y : array_like, shape (n,)
        Training labels.
    X_test : array_like, shape (d, m)
        Test inputs, unit-norm columns.
    f_test : array_like, shape (m,)
        Target values f*(x) at the test inputs.
    width : int
        N >= 1, the number of random features.
    ridge : float
        λ > 0.
    rng : numpy.random.Generator
    draws : int, optional
        Independent first layers W.
    activation, linear_weight : optional
        As :func:`kernel_functions` (normalised σ).

    Returns
    -------
    numpy.ndarray, shape (draws,)
        L(f̂^{RF}_λ) = (1/m) Σ_j (f̂(x_j) − f*(x_j))² for each W.

    Raises
    ------
    RmtsymError
        Non-unit columns, shapes that do not match, width < 1, ridge <= 0, draws < 1.

    Notes
    -----
    Seed ``004_023286a078569efc.txt`` (Wang–Zhu talk), slide "Random feature
    regression": X_1 = σ(WX)/√N, K_N = X_1ᵀX_1 (the CK), W ∈ R^{N×d} with
    i.i.d. N(0, 1) entries and

    .. math:: \hat f^{(RF)}_\lambda(x) = \tfrac1N\sigma(Wx)^\top\sigma(WX)\,(K_N + \lambda I_n)^{-1} y,

    the ridge regression on the features σ(Wx)/√N (Mei, Misiakiewicz and
    Montanari, "Generalization error of random feature and kernel methods:
    hypercontractivity and kernel matrix concentration", Appl. Comput.
    Harmon. Anal. 2022, arXiv 2021).  The expectation over x of the test
    error is replaced by the mean over the given test points (the same
    points for every predictor compared).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((20, 10)); X /= np.linalg.norm(X, axis=0)
    >>> T = rng.standard_normal((20, 30)); T /= np.linalg.norm(T, axis=0)
    >>> rf_ridge_test_errors(X, np.ones(10), T, np.ones(30), 50, 0.1, rng, draws=3).shape
    (3,)
    """
    X = _unit_columns(X, "X")
    X_test = _unit_columns(X_test, "X_test")
    y = np.asarray(y, dtype=float).reshape(-1)
    f_test = np.asarray(f_test, dtype=float).reshape(-1)
    d, n = X.shape
    require(X_test.shape[0] == d, f"X_test must have d = {d} rows like X, got {X_test.shape[0]}")
    require(y.size == n, f"y must have n = {n} entries, got {y.size}")
    require(f_test.size == X_test.shape[1],
            f"f_test must have one entry per test column ({X_test.shape[1]}), got {f_test.size}")
    require(isinstance(width, (int, np.integer)) and not isinstance(width, bool) and width >= 1,
            f"width (N, the number of random features) must be an integer >= 1, got {width!r}")
    require(float(ridge) > 0, f"ridge (lambda) must be > 0, got {ridge!r}")
    require(isinstance(draws, (int, np.integer)) and draws >= 1, f"draws must be an integer >= 1, got {draws!r}")
    fns = kernel_functions(activation, None, None if linear_weight is None else float(linear_weight))
    sig = fns["sigma"]
    out = np.empty(int(draws))
    both = np.concatenate([X, X_test], axis=1)
    for t in range(int(draws)):
        W = rng.standard_normal((int(width), d))
        F = sig(W @ both) / math.sqrt(width)
        Ftr, Fte = F[:, :n], F[:, n:]
        KN = Ftr.T @ Ftr
        a = np.linalg.solve(KN + float(ridge) * np.eye(n), y)
        pred = Fte.T @ (Ftr @ a)
        out[t] = float(np.mean((pred - f_test) ** 2))
    return out


def teacher_task(n: int, d: int, n_test: int, rng: np.random.Generator, sigma_beta: float = 1.0,
                 sigma_eps: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The slide's data: unit-norm Gaussian inputs, labels y = Xᵀβ* + ε.

    Parameters
    ----------
    n, d, n_test : int
        Training points, input dimension, test points (all >= 1).
    rng : numpy.random.Generator
    sigma_beta, sigma_eps : float, optional
        β* ~ N(0, σ_β² I_d), ε ~ N(0, σ_ε² I_n) (seed slide "Random feature regression").

    Returns
    -------
    (X, y, X_test, f_test)
        X (d, n) and X_test (d, n_test) with i.i.d. columns uniform on the
        sphere (so E x xᵀ = I/d, as the slide assumes), y = Xᵀβ* + ε and
        f_test = X_testᵀβ* (the target f*(x) = xᵀβ*, noiseless).

    Raises
    ------
    RmtsymError
        A size < 1 or a negative σ.

    Examples
    --------
    >>> X, y, T, f = teacher_task(5, 8, 7, np.random.default_rng(1))
    >>> X.shape, y.shape, T.shape, f.shape
    ((8, 5), (5,), (8, 7), (7,))
    """
    for nm, v in (("n", n), ("d", d), ("n_test", n_test)):
        require(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 1,
                f"{nm} must be an integer >= 1, got {v!r}")
    require(sigma_beta >= 0 and sigma_eps >= 0,
            f"sigma_beta and sigma_eps must be >= 0, got {sigma_beta!r}, {sigma_eps!r}")
    Z = rng.standard_normal((d, n + n_test))
    Z /= np.linalg.norm(Z, axis=0)
    beta = sigma_beta * rng.standard_normal(d)
    X, T = Z[:, :n], Z[:, n:]
    y = X.T @ beta + sigma_eps * rng.standard_normal(n)
    return X, y, T, T.T @ beta


def digits_task(n: int, n_test: int, offset: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The bundled scikit-learn digits as a regression task with unit-norm inputs.

    The centred images of :func:`rmtsym.sampling.learning.digits_data` (the
    file order, nothing random), each scaled to norm 1; labels +1 (digits
    0–4) / −1 (5–9); the test labels are the target f*.

    Parameters
    ----------
    n, n_test : int
    offset : int, optional

    Returns
    -------
    (X, y, X_test, f_test)

    Raises
    ------
    RmtsymError
        scikit-learn missing, or more images than the 1797 bundled.

    Examples
    --------
    >>> X, y, T, f = digits_task(10, 5)
    >>> X.shape, round(float(np.linalg.norm(X[:, 0])), 12)
    ((64, 10), 1.0)
    """
    from .learning import digits_data
    X, y, T, f = digits_data(n, n_test, offset=offset)
    return X / np.linalg.norm(X, axis=0), y, T / np.linalg.norm(T, axis=0), f
