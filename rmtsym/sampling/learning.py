r"""Real training runs: random-feature ridge regression, ridgeless least squares, one gradient step.

The only module of the learning-curve models that draws random numbers
(``numpy.random.default_rng(seed)``; never the global RNG).  Every function
fits the actual estimator with numpy on actual data:

* :func:`fit_random_features` / :func:`sample_random_features` — W ∈ R^{N×p}
  i.i.d. N(0, 1), Σ = σ(WX), β = (1/n) Σ Q y, Q = ((1/n)ΣᵀΣ + γI_n)^{-1}
  (seed ``001_322f0eb0bc5d01dd.txt``, eq. (11)); training and test MSE and
  the resolvent Q (for E[Q] against Q̄);
* :func:`sample_ridgeless` — min-norm least squares β̂ = X⁺y on
  x ~ N(0, I_p), y = xᵀβ* + ε (Hastie–Montanari–Rosset–Tibshirani 2022);
* :func:`one_step_gradient` / :func:`sample_one_step` — the first-layer
  gradient G0 of a two-layer network f(x) = βᵀσ(Wx)/√N (seed eq. (20)) and its
  distance to the rank-one matrix E[σ'(ξ)]/(n√N) β0 yᵀXᵀ (seed eq. (21));
* :func:`gaussian_mixture_data`, :func:`digits_data` — Gaussian data, and the
  scikit-learn bundled digits (no download) scaled to columns of norm O(1).
"""

from __future__ import annotations

import numpy as np

from ..core.errors import RmtsymError, require
from ..gaussian.activations import Activation, activation as _activation

__all__ = ["fit_random_features", "sample_random_features", "RFSample", "sample_ridgeless",
           "sample_ridgeless_design",
           "one_step_gradient", "sample_one_step", "sample_one_step_data", "one_step_floor", "gaussian_mixture_data",
           "digits_data", "teacher_data", "one_thread"]


_FUNCS: dict[object, tuple] = {}


def _act(a):
    """(phi, phi') numpy functions of an activation (name, Activation, or such a pair), cached."""
    if isinstance(a, tuple):
        return a
    key = a if isinstance(a, str) else id(a)
    if key not in _FUNCS:
        act = a if isinstance(a, Activation) else _activation(a)
        _FUNCS[key] = (act, act.numpy_functions)
    return _FUNCS[key][1]


class _one_thread:
    """Limit BLAS to one thread while sampling small matrices (threadpoolctl when installed):
    on a shared 2-core machine multi-threaded BLAS on 100x100 blocks is several times slower."""

    def __enter__(self):
        try:
            from threadpoolctl import threadpool_limits
            self._lim = threadpool_limits(1)
        except Exception:  # threadpoolctl missing: run as is
            self._lim = None
        return self

    def __exit__(self, *exc):
        if self._lim is not None:
            self._lim.unregister() if hasattr(self._lim, "unregister") else self._lim.__exit__(*exc)
        return False


def one_thread() -> _one_thread:
    """Context manager: BLAS limited to one thread inside (no-op without threadpoolctl).

    For loops of many small float64 linear-algebra calls (the theory curves of the
    learning-curve claims: a 400x64 pseudo-inverse is ~17x faster single-threaded on a
    loaded 2-core machine).

    Examples
    --------
    >>> with one_thread():
    ...     float(np.linalg.pinv(np.eye(3) * 2.0)[0, 0])
    0.5
    """
    return _one_thread()


def _check_xy(X, y, name_x="X", name_y="y"):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    require(X.ndim == 2, f"{name_x} must be a (p, n) matrix, got shape {X.shape}")
    require(y.shape[0] == X.shape[1], f"{name_y} must have length n = {X.shape[1]}, got {y.shape[0]}")
    return X, y


def fit_random_features(X, y, X_test, y_test, N, gamma, activation, rng, return_q=False):
    r"""Fit one random-features ridge regression and return its training and test MSE.

    Parameters
    ----------
    X : array_like (p, n)
    y : array_like (n,)
    X_test : array_like (p, n̂)
    y_test : array_like (n̂,)
    N : int >= 1
    gamma : float > 0
    activation : str or Activation
    rng : numpy.random.Generator
    return_q : bool, optional
        Also return Q = ((1/n)ΣᵀΣ + γ I)^{-1}.

    Returns
    -------
    dict
        ``train_mse``, ``test_mse`` (and ``Q``).

    Raises
    ------
    RmtsymError
        N < 1, γ <= 0 or shapes that do not match.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((5, 20)) / np.sqrt(5)
    >>> out = fit_random_features(X, np.ones(20), X, np.ones(20), 30, 0.1, "relu", rng)
    >>> bool(abs(out["train_mse"] - out["test_mse"]) < 1e-12)
    True
    """
    require(isinstance(N, (int, np.integer)) and N >= 1, f"N must be an integer >= 1, got {N!r}")
    require(gamma > 0, f"gamma must be > 0, got {gamma!r}")
    X, y = _check_xy(X, y)
    Xt, yt = _check_xy(X_test, y_test, "X_test", "y_test")
    require(Xt.shape[0] == X.shape[0], f"X_test must have p = {X.shape[0]} rows, got {Xt.shape[0]}")
    phi, _ = _act(activation)
    n = X.shape[1]
    W = rng.standard_normal((int(N), X.shape[0]))
    S = phi(W @ X)
    St = phi(W @ Xt)
    G = S.T @ S / n
    G[np.diag_indices(n)] += gamma
    L = np.linalg.cholesky(G)
    Qy = np.linalg.solve(L.T, np.linalg.solve(L, y))
    beta = S @ Qy / n
    out = {"train_mse": float(np.mean((y - S.T @ beta) ** 2)),
           "test_mse": float(np.mean((yt - St.T @ beta) ** 2))}
    if return_q:
        Linv = np.linalg.solve(L, np.eye(n))
        out["Q"] = Linv.T @ Linv
    return out


class RFSample(dict):
    """Training/test MSEs of ``samples`` independent draws of W (a dict with summary properties).

    Keys: ``train``, ``test`` (arrays), ``trace_q`` ((1/n) tr Q per draw),
    ``mean_q`` (E[Q] estimate or None), and the record ``n``, ``N``, ``p``,
    ``gamma``, ``samples``, ``seed``.
    """

    def mean_se(self, key):
        """(mean, standard error) of ``train``, ``test`` or ``trace_q``."""
        v = np.asarray(self[key], dtype=float)
        return float(v.mean()), float(v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else float("inf")


def sample_random_features(X, y, X_test, y_test, N, gamma, activation, samples, seed, mean_q=False):
    r"""Independent random-feature fits on the same data (W redrawn): MSEs and (1/n) tr Q.

    Parameters
    ----------
    X, y, X_test, y_test, N, gamma, activation
        As :func:`fit_random_features`.
    samples : int >= 1
    seed : int
    mean_q : bool, optional
        Also average the resolvent matrices (E[Q] estimate).

    Returns
    -------
    RFSample
    """
    require(isinstance(samples, (int, np.integer)) and samples >= 1,
            f"samples must be a positive integer, got {samples!r}")
    rng = np.random.default_rng(seed)
    tr, te, tq = [], [], []
    acc = None
    funcs = _act(activation)
    with _one_thread():
        for _ in range(int(samples)):
            out = fit_random_features(X, y, X_test, y_test, N, gamma, funcs, rng, return_q=True)
            tr.append(out["train_mse"])
            te.append(out["test_mse"])
            tq.append(float(np.trace(out["Q"]) / out["Q"].shape[0]))
            if mean_q:
                acc = out["Q"] if acc is None else acc + out["Q"]
    X = np.asarray(X)
    return RFSample(train=np.array(tr), test=np.array(te), trace_q=np.array(tq),
                    mean_q=None if acc is None else acc / samples, n=X.shape[1], p=X.shape[0],
                    N=int(N), gamma=float(gamma), samples=int(samples), seed=seed)


def sample_ridgeless(n, p, signal, noise, samples, seed, n_test=None):
    r"""Excess test risk of min-norm least squares on isotropic Gaussian data.

    x_i ~ N(0, I_p), y = Xβ* + ε with ‖β*‖² = ``signal`` (β* uniform on its
    sphere), ε ~ N(0, ``noise`` I); β̂ = X⁺ y (``numpy.linalg.lstsq``, the
    minimum-norm solution when p > n).  The excess risk is
    ‖β̂ − β*‖² (= E_x (xᵀβ̂ − xᵀβ*)² for x ~ N(0, I)).

    Parameters
    ----------
    n, p : int >= 1
    signal, noise : float >= 0
        r² = ‖β*‖² and σ².
    samples : int
    seed : int
    n_test : int, optional
        Also return the empirical test MSE on ``n_test`` fresh points.

    Returns
    -------
    dict
        ``risk`` (array of ‖β̂ − β*‖²), optionally ``test_mse``; the record.

    Examples
    --------
    >>> out = sample_ridgeless(40, 10, 1.0, 0.25, 3, seed=1)
    >>> out["risk"].shape
    (3,)
    """
    require(isinstance(n, (int, np.integer)) and n >= 1, f"n must be an integer >= 1, got {n!r}")
    require(isinstance(p, (int, np.integer)) and p >= 1, f"p must be an integer >= 1, got {p!r}")
    require(signal >= 0 and noise >= 0, f"signal and noise must be >= 0, got {signal!r}, {noise!r}")
    rng = np.random.default_rng(seed)
    risk, tmse = [], []
    with _one_thread():
        risk, tmse = _ridgeless_loop(rng, n, p, signal, noise, samples, n_test)
    out = {"risk": np.array(risk), "n": n, "p": p, "signal": signal, "noise": noise,
           "samples": int(samples), "seed": seed}
    if n_test:
        out["test_mse"] = np.array(tmse)
    return out


def _ridgeless_loop(rng, n, p, signal, noise, samples, n_test):
    risk, tmse = [], []
    for _ in range(int(samples)):
        b = rng.standard_normal(p)
        b *= np.sqrt(signal) / np.linalg.norm(b)
        X = rng.standard_normal((n, p))
        y = X @ b + np.sqrt(noise) * rng.standard_normal(n)
        bh = np.linalg.lstsq(X, y, rcond=None)[0]
        risk.append(float(np.sum((bh - b) ** 2)))
        if n_test:
            Xt = rng.standard_normal((n_test, p))
            yt = Xt @ b + np.sqrt(noise) * rng.standard_normal(n_test)
            tmse.append(float(np.mean((yt - Xt @ bh) ** 2)))
    return risk, tmse


def sample_ridgeless_design(X, X_test, signal, noise, samples, seed):
    r"""Min-norm least squares on a *given* design (rows of X (n, p)): excess test risk on X_test.

    β* uniform on the sphere of radius √signal, y = Xβ* + ε, ε ~ N(0, noise I),
    β̂ = X⁺y; the risk is (1/m)‖X_test(β̂ − β*)‖² (the test MSE minus the noise).

    Returns
    -------
    dict
        ``risk`` (array), and the record.
    """
    X = np.asarray(X, dtype=float)
    Xt = np.asarray(X_test, dtype=float)
    require(X.ndim == 2 and Xt.ndim == 2 and X.shape[1] == Xt.shape[1],
            f"X (n, p) and X_test (m, p) must share p, got {X.shape} and {Xt.shape}")
    rng = np.random.default_rng(seed)
    n, p = X.shape
    risk = []
    with _one_thread():
        pinv = np.linalg.pinv(X)
        for _ in range(int(samples)):
            b = rng.standard_normal(p)
            b *= np.sqrt(signal) / np.linalg.norm(b)
            y = X @ b + np.sqrt(noise) * rng.standard_normal(n)
            e = pinv @ y - b
            risk.append(float(np.mean((Xt @ e) ** 2)))
    return {"risk": np.array(risk), "n": n, "p": p, "samples": int(samples), "seed": seed}


def one_step_gradient(X, y, W0, beta0, activation):
    r"""The first-step gradient G0 of a two-layer network (seed eq. (20)).

    f(x) = βᵀσ(Wx)/√N, Cost = (1/2n) Σ (y_i − f(x_i))²,

    .. math:: G_0 = \frac1n\Big[\Big(\frac{1}{\sqrt N}\beta_0\big(y^\top
              - \frac{1}{\sqrt N}\beta_0^\top\sigma(W_0X)\big)\Big)\odot\sigma'(W_0X)\Big]X^\top
              = -\frac{\partial\,\mathrm{Cost}}{\partial W}\Big|_{W_0}.

    Parameters
    ----------
    X : (p, n) array
    y : (n,) array
    W0 : (N, p) array
    beta0 : (N,) array
    activation : str or Activation

    Returns
    -------
    numpy.ndarray (N, p)
    """
    X, y = _check_xy(X, y)
    W0 = np.asarray(W0, dtype=float)
    beta0 = np.asarray(beta0, dtype=float).reshape(-1)
    require(W0.ndim == 2 and W0.shape[1] == X.shape[0], f"W0 must be (N, p = {X.shape[0]}), got {W0.shape}")
    require(beta0.shape[0] == W0.shape[0], f"beta0 must have length N = {W0.shape[0]}, got {beta0.shape[0]}")
    phi, dphi = _act(activation)
    N, n = W0.shape[0], X.shape[1]
    H = W0 @ X
    resid = y - beta0 @ phi(H) / np.sqrt(N)
    return ((np.outer(beta0, resid) / np.sqrt(N)) * dphi(H)) @ X.T / n


def sample_one_step(n, p, N, activation, samples, seed, mu1, teacher="tanh", noise=0.25):
    r"""√N ‖G0 − (μ₁/(n√N)) β0 yᵀXᵀ‖ (operator norm) on real two-layer networks (Ba et al. 2022).

    Setting of Ba, Erdogdu, Suzuki, Wang, Wu and Yang ("High-dimensional
    asymptotics of feature learning: how one gradient step improves the
    representation", NeurIPS 2022): x_i ~ N(0, I_p), W0 with i.i.d. N(0, 1/p)
    entries (rows of norm ≈ 1, so w_jᵀx ~ N(0, 1) approximately), β0 ~ N(0, I_N/N),
    single-index teacher y = σ*(xᵀβ*) + ε with ‖β*‖ = 1 and ε ~ N(0, noise).

    Parameters
    ----------
    n, p, N : int
    activation : str or Activation
    samples, seed : int
    mu1 : float
        E[σ'(ξ)], ξ ~ N(0, 1) (from :func:`rmtsym.gaussian_expectation`).
    teacher : str, optional
        σ* (any activation name).
    noise : float, optional

    Returns
    -------
    dict
        ``residual`` (√N‖G0 − A‖ per draw), ``size`` (√N‖A‖ per draw),
        ``relative`` (‖G0 − A‖/‖A‖) and the record.
    """
    rng = np.random.default_rng(seed)
    tphi, _ = _act(teacher)
    funcs = _act(activation)
    res, size, rel = [], [], []
    with _one_thread():
        _one_step_loop(rng, n, p, N, funcs, tphi, mu1, noise, samples, res, size, rel)
    return {"residual": np.array(res), "size": np.array(size), "relative": np.array(rel),
            "n": n, "p": p, "N": N, "samples": int(samples), "seed": seed}


def _one_step_loop(rng, n, p, N, funcs, tphi, mu1, noise, samples, res, size, rel):
    for _ in range(int(samples)):
        X = rng.standard_normal((p, n))
        bstar = rng.standard_normal(p)
        bstar /= np.linalg.norm(bstar)
        y = tphi(bstar @ X) + np.sqrt(noise) * rng.standard_normal(n)
        _one_step_draw(rng, X, y, N, funcs, mu1, res, size, rel)


def _one_step_draw(rng, X, y, N, funcs, mu1, res, size, rel):
    """Draw W0, β0 for data (X, y) and record √N‖G0 − A‖, √N‖A‖ and ‖G0 − A‖/‖A‖."""
    p, n = X.shape
    W0 = rng.standard_normal((N, p)) / np.sqrt(p)
    beta0 = rng.standard_normal(N) / np.sqrt(N)
    G0 = one_step_gradient(X, y, W0, beta0, funcs)
    A = mu1 / (n * np.sqrt(N)) * np.outer(beta0, X @ y)
    d = np.linalg.norm(G0 - A, 2)
    a = np.linalg.norm(A, 2)
    res.append(np.sqrt(N) * d)
    size.append(np.sqrt(N) * a)
    rel.append(d / a)


def sample_one_step_data(X, y, n, N, activation, samples, seed, mu1):
    r"""√N ‖G0 − (μ₁/(n√N)) β0 yᵀXᵀ‖ on a *given* data set: random size-n subsets of its columns.

    Each draw takes n of the columns of ``X`` (and the matching labels)
    uniformly at random without replacement, then W0 with i.i.d. N(0, 1/p)
    entries and β0 ~ N(0, I_N/N) as in :func:`sample_one_step`.  The standard
    errors therefore include the choice of the subset, not only the weights.

    Parameters
    ----------
    X : (p, m) array
        The data (columns are the inputs); ``n <= m``.
    y : (m,) array
    n, N : int >= 1
        Subset size and width.
    activation : str or Activation
    samples, seed : int
    mu1 : float
        E[σ'(ξ)], ξ ~ N(0, 1).

    Returns
    -------
    dict
        ``residual``, ``size``, ``relative`` as :func:`sample_one_step`, and the record.

    Raises
    ------
    RmtsymError
        n outside 1..m, N < 1, or shapes that do not match.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((6, 50))
    >>> out = sample_one_step_data(X, np.sign(X[0]), 30, 20, "erf", 2, seed=1, mu1=0.65)
    >>> out["relative"].shape, out["n"], out["p"]
    ((2,), 30, 6)
    """
    X, y = _check_xy(X, y)
    m = X.shape[1]
    require(isinstance(n, (int, np.integer)) and 1 <= n <= m,
            f"n must be an integer in 1..{m} (the number of columns of X), got {n!r}")
    require(isinstance(N, (int, np.integer)) and N >= 1, f"N must be an integer >= 1, got {N!r}")
    require(isinstance(samples, (int, np.integer)) and samples >= 1,
            f"samples must be a positive integer, got {samples!r}")
    rng = np.random.default_rng(seed)
    funcs = _act(activation)
    res, size, rel = [], [], []
    with _one_thread():
        for _ in range(int(samples)):
            idx = rng.choice(m, size=int(n), replace=False)
            _one_step_draw(rng, X[:, idx], y[idx], int(N), funcs, mu1, res, size, rel)
    return {"residual": np.array(res), "size": np.array(size), "relative": np.array(rel),
            "n": int(n), "p": X.shape[0], "N": int(N), "samples": int(samples), "seed": seed}


def one_step_floor(X, y, activation, mu1, draws, seed, batches=4):
    r"""The p-fixed limit of ‖G0 − A‖/‖A‖ for a data set taken as the population (Monte Carlo in w).

    With p fixed and n, N → ∞, G0 − A → diag(β0) R/√N with rows
    R_j = r(w_j), r(w) = E_x[y (σ'(wᵀx) − μ1) x], while
    A → μ1 β0 E[y x]ᵀ/√N; since Σ_j β0_j² → 1 the ratio of operator norms
    tends to

    .. math:: \rho_\infty = \frac{\sqrt{\lambda_{\max}(\mathbb E_w[r(w) r(w)^\top])}}
              {\mu_1\,\|\mathbb E[y x]\|},

    which is not 0: outside the proportional regime p ∝ n of Ba et al. (2022)
    the rank-one approximation keeps an O(1) relative error.  E_x is the mean
    over the columns of X; E_w over ``draws`` w ~ N(0, I_p/p) split into
    ``batches`` (the spread of the batch values gives the Monte Carlo error).

    Parameters
    ----------
    X : (p, m) array
    y : (m,) array
    activation : str or Activation
    mu1 : float
        E[σ'(ξ)].
    draws : int >= batches
    seed : int
    batches : int >= 2, optional

    Returns
    -------
    (float, float)
        ρ∞ and its Monte Carlo standard error.

    Raises
    ------
    RmtsymError
        Bad shapes, ``draws < batches`` or ``batches < 2``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((4, 3000))
    >>> rho, se = one_step_floor(X, np.sign(X[0]), "erf", 2 / np.sqrt(3 * np.pi), 400, seed=1)
    >>> bool(0 < rho < 1 and se < rho)
    True
    """
    X, y = _check_xy(X, y)
    require(isinstance(batches, (int, np.integer)) and batches >= 2, f"batches must be an integer >= 2, got {batches!r}")
    require(isinstance(draws, (int, np.integer)) and draws >= batches,
            f"draws must be an integer >= batches = {batches}, got {draws!r}")
    _, dphi = _act(activation)
    rng = np.random.default_rng(seed)
    p, m = X.shape
    size = int(draws) // int(batches)
    covs = []
    with _one_thread():
        for _ in range(int(batches)):
            W = rng.standard_normal((size, p)) / np.sqrt(p)
            R = ((dphi(W @ X) - mu1) * y) @ X.T / m
            covs.append(R.T @ R / size)
    norm_m = mu1 * np.linalg.norm(X @ y / m)
    val = float(np.sqrt(np.linalg.eigvalsh(sum(covs) / len(covs))[-1]) / norm_m)
    each = [float(np.sqrt(np.linalg.eigvalsh(C)[-1]) / norm_m) for C in covs]
    return val, float(np.std(each, ddof=1) / np.sqrt(len(each)))


def gaussian_mixture_data(p, n, seed, mean_norm=2.0, n_test=0):
    r"""Two-class Gaussian mixture: x = (y μ + z)/√p, y = ±1 balanced, z ~ N(0, I_p), ‖μ‖ = mean_norm.

    Columns have norm ≈ √(1 + ‖μ‖²/p) = O(1) (the LLC18 bounded-norm setting).

    Returns
    -------
    (X, y) or (X, y, X_test, y_test)

    Examples
    --------
    >>> X, y = gaussian_mixture_data(4, 6, seed=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((4, 6), [-1.0, 1.0])
    """
    rng = np.random.default_rng(seed)
    mu = np.zeros(p)
    mu[0] = mean_norm

    def draw(m):
        y = np.where(np.arange(m) % 2 == 0, 1.0, -1.0)
        X = (np.outer(mu, y) + rng.standard_normal((p, m))) / np.sqrt(p)
        return X, y
    X, y = draw(n)
    if n_test:
        return (X, y) + draw(n_test)
    return X, y


def teacher_data(p, n, seed, n_test=0, noise=0.1):
    r"""x ~ N(0, I_p/p), y = tanh(√p xᵀβ*) + noise, ‖β*‖ = 1 (a nonlinear single-index target).

    Returns
    -------
    (X, y) or (X, y, X_test, y_test)
    """
    rng = np.random.default_rng(seed)
    b = rng.standard_normal(p)
    b /= np.linalg.norm(b)

    def draw(m):
        X = rng.standard_normal((p, m)) / np.sqrt(p)
        return X, np.tanh(np.sqrt(p) * (b @ X)) + np.sqrt(noise) * rng.standard_normal(m)
    X, y = draw(n)
    if n_test:
        return (X, y) + draw(n_test)
    return X, y


def digits_data(n, n_test=0, exact=False, offset=0, sphere=False):
    r"""scikit-learn's bundled handwritten digits (8×8, 1797 images; no download) as (X, y).

    X = (pixel − m)/64 with m the mean image of all 1797 digits (a rational),
    p = 64, columns of norm O(1) — the exact rational map keeps the data exact
    (centring removes the rank-one mean direction that makes ‖X‖ grow like √n), y = +1 for digits 0–4 and −1
    for 5–9; the first ``n`` images (after ``offset``) train, the next
    ``n_test`` test (the file order, no shuffling, so nothing is random).
    With ``sphere=True`` every centred image is rescaled to norm √p = 8
    (x_i ← 8 x_i/‖x_i‖, float only): then wᵀx_i ~ N(0, 1) exactly for
    w ~ N(0, I_p/p), the input scaling of the one-step claim (Ba et al. 2022).

    Parameters
    ----------
    n, n_test : int
    exact : bool, optional
        Return X as an object array of :class:`fractions.Fraction`.
    offset : int, optional
    sphere : bool, optional
        Rescale each centred image to norm √p (not with ``exact``).

    Returns
    -------
    (X, y) or (X, y, X_test, y_test)

    Raises
    ------
    RmtsymError
        scikit-learn missing, more images requested than the 1797 bundled, or
        ``sphere`` with ``exact``.

    Examples
    --------
    >>> X, y = digits_data(3, sphere=True)
    >>> X.shape, [round(float(v), 12) for v in np.linalg.norm(X, axis=0)]
    ((64, 3), [8.0, 8.0, 8.0])
    """
    require(not (sphere and exact), "sphere=True needs float data (exact=False): the norms are irrational")
    try:
        from sklearn.datasets import load_digits
    except ImportError as exc:  # pragma: no cover - exercised only without the data extra
        raise RmtsymError("digits_data needs scikit-learn: pip install 'rmtsym[data]'") from exc
    d = load_digits()
    total = d.data.shape[0]
    require(offset + n + n_test <= total, f"n + n_test + offset must be <= {total}, got {offset + n + n_test}")
    raw = d.data.T.astype(np.int64)
    from fractions import Fraction
    sums = raw.sum(axis=1)
    mean_q = [Fraction(int(s), total) for s in sums]
    lab = np.where(d.target < 5, 1.0, -1.0)

    def cut(a, b):
        if exact:
            Xq = np.empty((raw.shape[0], b - a), dtype=object)
            for (i, j), v in np.ndenumerate(raw[:, a:b]):
                Xq[i, j] = (int(v) - mean_q[i]) / 64
            return Xq, lab[a:b].copy()
        Xf = (raw[:, a:b] - sums[:, None] / total) / 64.0
        if sphere:
            Xf = Xf * (np.sqrt(Xf.shape[0]) / np.linalg.norm(Xf, axis=0))
        return Xf, lab[a:b].copy()
    out = cut(offset, offset + n)
    if n_test:
        out = out + cut(offset + n, offset + n + n_test)
    return out
