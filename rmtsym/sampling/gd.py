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

``gd_hessian`` is the registry sampler (eigenvalues of the Hessian
:math:`\frac1nXX^T+\gamma I`, with its spike) used for the claims' figures.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.errors import RmtsymError, require

__all__ = ["simulate_gd", "gd_hessian", "mixture"]


def _q(x):
    from scipy.special import erfc  # noqa: PLC0415
    return 0.5 * erfc(np.asarray(x) / math.sqrt(2.0))


def mixture(n, p, rho, rng, batch=1):
    """Draw ``batch`` data sets X (batch, p, n) with labels y (n,) and the mean μ = √ρ e₁."""
    y = np.where(np.arange(n) < (n + 1) // 2, 1.0, -1.0)
    mu = np.zeros(p)
    mu[0] = math.sqrt(rho)
    X = rng.standard_normal((batch, p, n))
    X += mu[None, :, None] * y[None, None, :]
    return X, y, mu


def simulate_gd(n, p, rho, gamma, sigma2, alpha, steps, samples=1, seed=0, record=None, batch=64):
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
    out = {k: np.empty((samples, len(record))) for k in keys}
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


def gd_hessian(n, rng, ratio=0.5, rho=1.0, gamma=0.0):
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
