r"""Actual gradient descent on a two-class Gaussian mixture (the sampler of :mod:`rmtsym.models.gd_dynamics`).

Data as in seed ``001_322f0eb0bc5d01dd.txt`` (Theorem [LC18]): n points
:math:`x_i = y_i\mu + z_i\in\mathbb R^p`, :math:`z_i\sim\mathcal N(0, I_p)`,
labels :math:`y_i=\pm1` (balanced: the first ⌈n/2⌉ are +1), mean
:math:`\mu=\sqrt\rho\,e_1` (the limits are rotation invariant);
:math:`w_0\sim\mathcal N(0,\sigma^2I_p/p)`.  Gradient descent on the loss
(14) :math:`L(w)=\frac1{2n}\|y-X^Tw\|^2+\frac\gamma2\|w\|^2`:

.. math:: w_{k+1} = w_k - \alpha\big(-\tfrac1n X(y - X^Tw_k) + \gamma w_k\big),

iterated for real (``steps`` matrix–vector products), all replicates at once.

Recorded per replicate and step: :math:`E_{test}=\mu^Tw`,
:math:`V_{test}=\|w\|^2`, :math:`E_{train}=\frac1n y^TX^Tw`,
:math:`V_{train}=\frac1n\|X^Tw\|^2-E_{train}^2`, the exact conditional
test error :math:`Q(\mu^Tw/\|w\|)` (a fresh point :math:`-\mu+\hat z` has
:math:`\hat x^Tw\sim\mathcal N(-\mu^Tw,\|w\|^2)`), and the training error
(fraction of i with :math:`y_ix_i^Tw<0`; by the sign symmetry of the model
its mean equals the per-class rate of the Theorem).

Real data: :func:`digits_mixture` prepares scikit-learn's bundled digits
(:func:`rmtsym.sampling.learning.digits_data`, no download) for the model —
a seeded split into a calibration part (class means, whitening) and a pool of
disjoint training blocks — and :func:`simulate_gd_fixed` runs the same
gradient descent on such fixed data, recording held-out statistics too.

``gd_hessian`` is the registry sampler (eigenvalues of the Hessian
:math:`\frac1nXX^T+\gamma I`, with its spike) used for the claims' figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..core.errors import RmtsymError, require

__all__ = ["simulate_gd", "simulate_gd_fixed", "digits_mixture", "gd_hessian", "mixture"]


def _q(x):
    from scipy.special import erfc  # noqa: PLC0415
    return 0.5 * erfc(np.asarray(x) / math.sqrt(2.0))


def mixture(n: int, p: int, rho: float, rng: np.random.Generator,
            batch: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw ``batch`` data sets X (batch, p, n) with labels y (n,) and the mean μ = √ρ e₁."""
    y = np.where(np.arange(n) < (n + 1) // 2, 1.0, -1.0)
    mu = np.zeros(p)
    mu[0] = math.sqrt(rho)
    X = rng.standard_normal((batch, p, n))
    X += mu[None, :, None] * y[None, None, :]
    return X, y, mu


def simulate_gd(n: int, p: int, rho: float, gamma: float, sigma2: float, alpha: float, steps: int,
                samples: int = 1, seed: int = 0, record: Sequence[int] | None = None,
                batch: int = 64) -> dict[str, Any]:
    """Run discrete gradient descent on ``samples`` independent mixtures.

    Parameters
    ----------
    n, p : int
        Training points and dimension.
    rho, gamma, sigma2 : float
        ‖μ‖², ridge penalty γ ≥ 0, initialisation variance σ² ≥ 0.
    alpha : float
        Learning rate α > 0.
    steps : int
        Number of gradient steps (≥ 0).
    samples : int, optional
        Replicates.
    seed : int, optional
        ``numpy.random.default_rng(seed)``.
    record : sequence of int, optional
        Steps (0..steps) at which statistics are recorded; default ``[steps]``.
    batch : int, optional
        Replicates processed together.

    Returns
    -------
    dict
        Arrays of shape (samples, len(record)) for ``E_test, V_test, E_train,
        V_train, test_error, train_error``; ``record``, ``n``, ``p``, ``seed``,
        ``alpha``, ``steps``.

    Raises
    ------
    RmtsymError
        Bad sizes or parameters.

    Examples
    --------
    >>> r = simulate_gd(40, 20, 2.0, 0.1, 0.5, 0.1, 10, samples=3, seed=1)
    >>> r["E_test"].shape
    (3, 1)
    """
    for name, v in (("n", n), ("p", p), ("samples", samples), ("batch", batch)):
        require(isinstance(v, (int, np.integer)) and v >= 1, f"{name} must be a positive integer, got {v!r}")
    require(isinstance(steps, (int, np.integer)) and steps >= 0, f"steps must be an integer >= 0, got {steps!r}")
    require(rho >= 0, f"rho must be >= 0, got {rho}")
    require(gamma >= 0, f"gamma must be >= 0, got {gamma}")
    require(sigma2 >= 0, f"sigma2 must be >= 0, got {sigma2}")
    require(alpha > 0, f"alpha must be > 0, got {alpha}")
    record = sorted(set([steps] if record is None else [int(k) for k in record]))
    require(all(0 <= k <= steps for k in record), f"record must lie in [0, steps], got {record}")
    rng = np.random.default_rng(seed)
    keys = ("E_test", "V_test", "E_train", "V_train", "test_error", "train_error")
    out: dict[str, Any] = {k: np.empty((samples, len(record))) for k in keys}
    done = 0
    while done < samples:
        B = min(batch, samples - done)
        X, y, mu = mixture(n, p, rho, rng, B)
        w = rng.standard_normal((B, p)) * math.sqrt(sigma2 / p)
        b = (X @ y) / n                                        # (1/n) X y, shape (B, p)
        S = (X @ X.transpose(0, 2, 1)) / n                    # (1/n) X X^T, shape (B, p, p)
        j = 0
        for k in range(steps + 1):
            if j < len(record) and k == record[j]:
                Et = w @ mu
                Vt = np.einsum("bp,bp->b", w, w)
                margins = (w[:, None, :] @ X)[:, 0, :] * y[None, :]
                Etr = margins.mean(axis=1)
                Vtr = (margins ** 2).mean(axis=1) - Etr ** 2
                sl = slice(done, done + B)
                out["E_test"][sl, j] = Et
                out["V_test"][sl, j] = Vt
                out["E_train"][sl, j] = Etr
                out["V_train"][sl, j] = Vtr
                with np.errstate(divide="ignore", invalid="ignore"):
                    out["test_error"][sl, j] = np.where(Vt > 0, _q(Et / np.sqrt(Vt)), 0.5)
                out["train_error"][sl, j] = (margins < 0).mean(axis=1) + 0.5 * (margins == 0).mean(axis=1)
                j += 1
            if k == steps:
                break
            grad = (S @ w[:, :, None])[:, :, 0] - b + gamma * w   # ∇L(w) = -(1/n)X(y - Xᵀw) + γw
            w = w - alpha * grad
        done += B
    out.update(record=np.array(record), n=n, p=p, seed=seed, alpha=alpha, steps=steps)
    return out


def gd_hessian(n: int, rng: np.random.Generator, ratio: float = 0.5, rho: float = 1.0,
               gamma: float = 0.0) -> np.ndarray:
    """Eigenvalues of the Hessian (1/N) X Xᵀ + γ I of one mixture, X p×N with p = n, N = round(n/ratio).

    Registry sampler (``"gd_hessian"``): ``n`` is the matrix size p.
    """
    require(ratio > 0, f"ratio must be > 0, got {ratio}")
    N = int(round(n / ratio))
    if N < 1:
        raise RmtsymError(f"n / ratio must be >= 1, got {n / ratio}")
    X, _, _ = mixture(N, n, rho, rng, 1)
    S = X[0] @ X[0].T / N
    return np.linalg.eigvalsh(S) + gamma


def digits_mixture(p: int = 32, n: int = 64, n_cal: int = 597, seed: int = 20180713) -> dict[str, Any]:
    r"""scikit-learn's digits as a two-class mixture in the LC18 coordinates (whitened, centred, no intercept).

    Steps (all but the shuffle exact linear algebra; nothing is downloaded):

    1. the 1797 images of :func:`rmtsym.sampling.learning.digits_data` (64 centred pixels / 64;
       label +1 for the digits 0–4, −1 for 5–9), shuffled by ``default_rng(seed)``;
    2. the first ``n_cal`` images calibrate: class means :math:`m_\pm`, the pooled within-class
       covariance :math:`\hat C`, its top ``p`` eigenpairs :math:`(e_i, u_i)`;
    3. every other image becomes :math:`\tilde x=\operatorname{diag}(e)^{-1/2}U^T(x-\frac{m_++m_-}2)`
       (p coordinates, whitened and centred on the calibration midpoint, so no intercept is fitted
       — as in the Gaussian model, whose classes are ±μ about 0), and
       :math:`\hat\mu=\operatorname{diag}(e)^{-1/2}U^T\frac{m_+-m_-}2`, :math:`\hat\rho=\|\hat\mu\|^2`;
    4. the pool is cut into ⌊pool/n⌋ disjoint training blocks of n images; for each block the rest of
       the pool is its held-out set.

    Under the LC18 model the pool would be :math:`\tilde x=y\hat\mu+z`, :math:`z\sim\mathcal N(0,I_p)`;
    the digits are not (pixel laws, ten digits inside two classes, a covariance estimated on
    ``n_cal`` images): the returned ``pool_*`` diagnostics say by how much.

    Parameters
    ----------
    p : int
        Principal components kept (1 <= p <= 61, the rank of the calibration covariance).
    n : int
        Training points per block (c = p/n).
    n_cal : int
        Calibration images.
    seed : int
        Seed of the shuffle.

    Returns
    -------
    dict
        ``X`` (p, N) whitened pool, ``y`` (N,), ``mu`` :math:`\hat\mu`, ``rho`` :math:`\hat\rho`,
        ``blocks`` (list of index arrays), ``p``, ``n``, ``n_cal``, ``seed``, ``cal_counts``
        :math:`(n_+, n_-)` of the calibration part, ``rho_se`` (the delta-method standard error of
        :math:`\hat\rho` under the model: :math:`\hat\mu` has covariance :math:`sI_p`,
        :math:`s=\frac14(\frac1{n_+}+\frac1{n_-})`, so
        :math:`\operatorname{Var}\hat\rho\approx4\rho s+2ps^2`), and diagnostics
        ``pool_rho`` (‖half the pool's class-mean difference‖²), ``pool_offset`` (‖pool midpoint‖²),
        ``pool_cov_eigs`` (extreme eigenvalues of the pool's within-class covariance; 1 under the model).

    Raises
    ------
    RmtsymError
        Sizes out of range (fewer than two blocks, p above the calibration rank).

    Examples
    --------
    >>> d = digits_mixture(p=8, n=16, n_cal=300, seed=1)
    >>> d["X"].shape[0], len(d["blocks"]), d["blocks"][0].size
    (8, 93, 16)
    """
    from .learning import digits_data
    for name, v in (("p", p), ("n", n), ("n_cal", n_cal)):
        require(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 1,
                f"{name} must be a positive integer, got {v!r}")
    X, y = digits_data(1797)
    total = X.shape[1]
    require(n_cal + 2 * n <= total, f"n_cal + 2 n must be <= {total} (two training blocks), got {n_cal + 2 * n}")
    perm = np.random.default_rng(seed).permutation(total)
    X, y = X[:, perm], y[perm]
    Xc, yc = X[:, :n_cal], y[:n_cal]
    require(bool(np.all(np.isin([1.0, -1.0], yc))), "the calibration part must hold both classes")
    mp_, mm_ = Xc[:, yc > 0].mean(axis=1), Xc[:, yc < 0].mean(axis=1)
    resid = Xc - np.where(yc > 0, mp_[:, None], mm_[:, None])
    ev, U = np.linalg.eigh(resid @ resid.T / (n_cal - 2))
    ev, U = ev[::-1], U[:, ::-1]
    rank = int(np.sum(ev > 1e-9 * ev[0]))
    require(p <= rank, f"p must be <= {rank} (the rank of the calibration covariance), got {p}")
    W = (U[:, :p] / np.sqrt(ev[:p])).T
    mu = W @ (mp_ - mm_) / 2
    Z = W @ (X[:, n_cal:] - (mp_ + mm_)[:, None] / 2)
    yz = y[n_cal:]
    K = Z.shape[1] // n
    blocks = [np.arange(k * n, (k + 1) * n) for k in range(K)]
    zp, zm = Z[:, yz > 0].mean(axis=1), Z[:, yz < 0].mean(axis=1)
    R = Z - np.where(yz > 0, zp[:, None], zm[:, None])
    ce = np.linalg.eigvalsh(R @ R.T / (Z.shape[1] - 2))
    npos, nneg = int(np.sum(yc > 0)), int(np.sum(yc < 0))
    s = (1 / npos + 1 / nneg) / 4                       # variance of each coordinate of mu_hat
    rho_hat = float(mu @ mu)
    return {"X": Z, "y": yz, "mu": mu, "rho": rho_hat, "blocks": blocks, "p": p, "n": n,
            "cal_counts": (npos, nneg), "rho_se": math.sqrt(4 * rho_hat * s + 2 * p * s * s),
            "n_cal": n_cal, "seed": seed, "pool_rho": float(np.sum(((zp - zm) / 2) ** 2)),
            "pool_offset": float(np.sum(((zp + zm) / 2) ** 2)), "pool_cov_eigs": (float(ce[0]), float(ce[-1]))}


def simulate_gd_fixed(X: ArrayLike, y: ArrayLike, gamma: float, sigma2: float, alpha: float, steps: int,
                      samples: int = 1, seed: int = 0, record: Sequence[int] | None = None,
                      mu: ArrayLike | None = None, X_test: ArrayLike | None = None,
                      y_test: ArrayLike | None = None, w0: ArrayLike | None = None) -> dict[str, Any]:
    r"""Discrete gradient descent on one fixed data set (real data allowed), replicates over w₀ only.

    The iteration of :func:`simulate_gd` (loss (14), :math:`w_{k+1}=w_k-\alpha\nabla L(w_k)`) on the
    given X (p, n), y (±1); :math:`w_0\sim\mathcal N(0,\sigma^2I_p/p)` drawn by ``default_rng(seed)``
    unless ``w0`` (samples, p) is given.

    Parameters
    ----------
    X, y : arrays (p, n), (n,)
    gamma, sigma2, alpha : float
        Ridge γ ≥ 0, initialisation variance σ² ≥ 0, learning rate α > 0.
    steps : int
        Gradient steps (≥ 0).
    samples : int, optional
        Initialisations (ignored when ``w0`` is given).
    seed : int, optional
    record : sequence of int, optional
        Steps at which to record (default ``[steps]``).
    mu : array (p,), optional
        Adds ``E_test`` :math:`=\mu^Tw` and the model's conditional error ``test_error``
        :math:`=Q(\mu^Tw/\|w\|)`.
    X_test, y_test : arrays, optional
        Held-out points: adds ``E_heldout``, ``V_heldout`` (mean and variance of the held-out
        margins :math:`\hat y\hat x^Tw`) and ``heldout_error`` (their fraction below 0, ties 1/2).
    w0 : array (samples, p), optional

    Returns
    -------
    dict
        Arrays (samples, len(record)): ``E_train, V_train, V_test, train_error`` and the optional
        ones; plus ``w0`` (samples, p), ``record``, ``seed``.

    Raises
    ------
    RmtsymError
        Bad shapes or parameters.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).standard_normal((3, 8)); y = np.where(np.arange(8) < 4, 1.0, -1.0)
    >>> r = simulate_gd_fixed(X, y, 0.1, 0.5, 0.2, 5, samples=2, seed=1)
    >>> r["E_train"].shape, r["w0"].shape
    ((2, 1), (2, 3))
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    require(X.ndim == 2 and y.shape == (X.shape[1],), f"X must be (p, n) and y (n,), got {X.shape}, {y.shape}")
    require(bool(np.all(np.abs(y) == 1)), "y must be labels +1/-1")
    p, n = X.shape
    require(isinstance(steps, (int, np.integer)) and steps >= 0, f"steps must be an integer >= 0, got {steps!r}")
    require(gamma >= 0, f"gamma must be >= 0, got {gamma}")
    require(sigma2 >= 0, f"sigma2 must be >= 0, got {sigma2}")
    require(alpha > 0, f"alpha must be > 0, got {alpha}")
    record = sorted(set([steps] if record is None else [int(k) for k in record]))
    require(all(0 <= k <= steps for k in record), f"record must lie in [0, steps], got {record}")
    if w0 is None:
        require(isinstance(samples, (int, np.integer)) and samples >= 1,
                f"samples must be a positive integer, got {samples!r}")
        W = np.random.default_rng(seed).standard_normal((samples, p)) * math.sqrt(sigma2 / p)
    else:
        W = np.array(w0, dtype=float).reshape(-1, p)
    B = W.shape[0]
    held = X_test is not None
    if mu is not None:
        mu = np.asarray(mu, dtype=float)
        require(mu.shape == (p,), f"mu must have length p = {p}, got shape {mu.shape}")
    if held:
        Xt, yt = np.asarray(X_test, dtype=float), np.asarray(y_test, dtype=float)
        require(Xt.ndim == 2 and Xt.shape[0] == p and yt.shape == (Xt.shape[1],),
                f"X_test must be (p = {p}, m) and y_test (m,), got {Xt.shape}, {yt.shape}")
    keys = ["E_train", "V_train", "V_test", "train_error"]
    keys += ["E_test", "test_error"] if mu is not None else []
    keys += ["E_heldout", "V_heldout", "heldout_error"] if held else []
    out: dict[str, Any] = {k: np.empty((B, len(record))) for k in keys}
    S, b = X @ X.T / n, X @ y / n
    w0_out = W.copy()
    j = 0
    for k in range(steps + 1):
        if j < len(record) and k == record[j]:
            m = (W @ X) * y[None, :]
            out["E_train"][:, j] = m.mean(axis=1)
            out["V_train"][:, j] = m.var(axis=1)
            out["V_test"][:, j] = np.einsum("bp,bp->b", W, W)
            out["train_error"][:, j] = (m < 0).mean(axis=1) + 0.5 * (m == 0).mean(axis=1)
            if mu is not None:
                Et = W @ mu
                out["E_test"][:, j] = Et
                with np.errstate(divide="ignore", invalid="ignore"):
                    out["test_error"][:, j] = np.where(out["V_test"][:, j] > 0,
                                                       _q(Et / np.sqrt(out["V_test"][:, j])), 0.5)
            if held:
                mt = (W @ Xt) * yt[None, :]
                out["E_heldout"][:, j] = mt.mean(axis=1)
                out["V_heldout"][:, j] = mt.var(axis=1)
                out["heldout_error"][:, j] = (mt < 0).mean(axis=1) + 0.5 * (mt == 0).mean(axis=1)
            j += 1
        if k == steps:
            break
        W = W - alpha * (W @ S - b[None, :] + gamma * W)          # S symmetric: (S w)^T = w^T S
    out.update(w0=w0_out, record=np.array(record), seed=seed)
    return out
