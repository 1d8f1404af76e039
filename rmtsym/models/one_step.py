r"""One gradient step of a two-layer network: the rank-one approximation of G0.

Seed ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), "Two-layer random network
after one step GD training", eqs. (19)–(21): f(x) = βᵀσ(Wx)/√N, Cost =
(1/2n) Σ (y_i − f(x_i))², W1 = W0 + √N η0 G0 with

.. math:: G_0 = \frac1n\Big[\Big(\frac1{\sqrt N}\beta_0\big(y^\top
          - \tfrac1{\sqrt N}\beta_0^\top\sigma(W_0X)\big)\Big)\odot\sigma'(W_0X)\Big]X^\top,
          \qquad \Big\|G_0 - \frac{\mathbb E[\sigma'(\xi)]}{n\sqrt N}\beta_0 y^\top X^\top\Big\| \to 0 .

Published as J. Ba, M. A. Erdogdu, T. Suzuki, Z. Wang, D. Wu and G. Yang,
"High-dimensional asymptotics of feature learning: how one gradient step
improves the representation", NeurIPS 2022 (Proposition 2).

Scaling (Ba et al.): x_i ~ N(0, I_p), W0 i.i.d. N(0, 1/p), β0 ~ N(0, I_N/N),
n, p, N → ∞ proportionally; then √N‖G0‖ = O(1) (the seed's "step size"
slide), so the statement is measured as √N‖G0 − A‖ → 0 (operator norm), A the
rank-one matrix, and its rate in n is fitted on real networks
(:func:`rmtsym.sampling.learning.sample_one_step`).  σ must have
E σ(ξ) = 0 for the β0ᵀσ(W0X)/√N part of the residual to be negligible
beyond the rank-one term; the model records μ0 = E σ(ξ) and μ1 = E σ'(ξ).

Real data (:meth:`OneStepGradient.sample_data`): the proposition assumes
isotropic Gaussian x and p ∝ n; on a data set such as scikit-learn's digits
(p = 64 fixed, anisotropic) the same residual is measured on random subsets
of n inputs, each rescaled to norm √p so that w_jᵀx_i ~ N(0, 1) exactly and μ1
is still the right constant; the theorem makes no prediction there (p/n → 0
along the subsets), so the rate is measured, not asserted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from ..core.errors import RmtsymError, require
from ..gaussian.activations import Activation, activation as _activation
from ..gaussian.integrals import gaussian_expectation

__all__ = ["OneStepGradient"]


class OneStepGradient:
    r"""The first-step gradient of a two-layer network and its rank-one approximation.

    Parameters
    ----------
    activation : Activation or str
        σ (centred: E σ(ξ) = 0, e.g. tanh, erf, sin).
    ratio_p, ratio_N : positive numbers
        p/n and N/n.

    Raises
    ------
    RmtsymError
        A non-positive ratio, or E σ(ξ) ≠ 0 (the rank-one statement needs a
        centred σ).

    Examples
    --------
    >>> m = OneStepGradient("erf", 1, 1)
    >>> m.mu1
    2*sqrt(3)/(3*sqrt(pi))
    """

    def __init__(self, activation: Any, ratio_p: Any, ratio_N: Any) -> None:
        self.activation = activation if isinstance(activation, Activation) else _activation(activation)
        for name, v in (("ratio_p", ratio_p), ("ratio_N", ratio_N)):
            require(v > 0, f"{name} must be > 0, got {v!r}")
        self.ratio_p, self.ratio_N = sp.nsimplify(ratio_p), sp.nsimplify(ratio_N)
        try:
            mu0 = gaussian_expectation(self.activation)
        except RmtsymError:
            mu0 = gaussian_expectation(self.activation, dps=20)
        require(abs(float(mu0)) < 1e-15,
                f"activation must be centred (E sigma(xi) = 0), got E sigma(xi) = {mu0}")
        try:
            self.mu1 = gaussian_expectation(self.activation, derivative=1)
        except RmtsymError:
            self.mu1 = gaussian_expectation(self.activation, derivative=1, dps=20)

    def __repr__(self):
        return f"OneStepGradient(activation={self.activation.name}, p/n={self.ratio_p}, N/n={self.ratio_N})"

    def rank_one(self, X: Any, y: Any, beta0: Any) -> Any:
        r"""A = E[σ'(ξ)]/(n√N) β0 yᵀXᵀ (N×p) for data X (p×n), y, β0 (float64)."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float).reshape(-1)
        beta0 = np.asarray(beta0, dtype=float).reshape(-1)
        require(y.shape[0] == X.shape[1], f"y must have length n = {X.shape[1]}, got {y.shape[0]}")
        n, N = X.shape[1], beta0.shape[0]
        return float(self.mu1) / (n * np.sqrt(N)) * np.outer(beta0, X @ y)

    def sample(self, ns: Any, samples: int, seed: int, teacher: str = "tanh", noise: float = 0.25) -> Any:
        r"""√N‖G0 − A‖ measured on real networks at each n (p, N from the ratios).

        Returns
        -------
        list of dict
            One :func:`rmtsym.sampling.learning.sample_one_step` record per n.
        """
        from ..sampling.learning import sample_one_step
        out = []
        for k, n in enumerate(ns):
            p = max(1, int(round(float(self.ratio_p) * n)))
            N = max(1, int(round(float(self.ratio_N) * n)))
            out.append(sample_one_step(int(n), p, N, self.activation, samples, seed + 7919 * k,
                                       float(self.mu1), teacher=teacher, noise=noise))
        return out

    def sample_data(self, X: Any, y: Any, ns: Any, samples: Any, seed: int) -> Any:
        r"""√N‖G0 − A‖ on random size-n subsets of a given data set (X (p, m), y), N = (N/n)·n.

        The data's own p is used (``ratio_p`` is ignored: a real data set has a
        fixed p, so p/n falls along ``ns``); see
        :func:`rmtsym.sampling.learning.sample_one_step_data`.

        Parameters
        ----------
        X : (p, m) array
        y : (m,) array
        ns : sequence of int
            Subset sizes, each at most m.
        samples : int or sequence of int
            Draws per size (one number for all, or one per entry of ``ns``).
        seed : int

        Returns
        -------
        list of dict
            One record per n.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X = rng.standard_normal((5, 40))
        >>> recs = OneStepGradient("erf", 1, 1).sample_data(X, np.sign(X[0]), [10, 20], 2, seed=1)
        >>> [(r["n"], r["N"], r["p"]) for r in recs]
        [(10, 10, 5), (20, 20, 5)]
        """
        from ..sampling.learning import sample_one_step_data
        ns = list(ns)
        per = list(samples) if isinstance(samples, (list, tuple)) else [samples] * len(ns)
        require(len(per) == len(ns), f"samples must be one int or one per size ({len(ns)}), got {samples!r}")
        out = []
        for k, (n, s) in enumerate(zip(ns, per)):
            N = max(1, int(round(float(self.ratio_N) * int(n))))
            out.append(sample_one_step_data(X, y, int(n), N, self.activation, s, seed + 7919 * k,
                                            float(self.mu1)))
        return out

    def fixed_p_floor(self, X: Any, y: Any, draws: int, seed: int) -> tuple[float, float]:
        r"""ρ∞ = √λ_max(E_w r rᵀ)/(μ1‖E yx‖): the limit of ‖G0 − A‖/‖A‖ at fixed p on (X, y).

        See :func:`rmtsym.sampling.learning.one_step_floor` (E_x over the
        columns of X, E_w by ``draws`` Monte Carlo weights).

        Returns
        -------
        (float, float)
            ρ∞ and its Monte Carlo standard error.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X = rng.standard_normal((4, 2000))
        >>> rho, se = OneStepGradient("erf", 1, 1).fixed_p_floor(X, np.sign(X[0]), 400, seed=2)
        >>> bool(0 < rho < 1)
        True
        """
        from ..sampling.learning import one_step_floor
        return one_step_floor(X, y, self.activation, float(self.mu1), draws, seed)

    @staticmethod
    def rate(records: Any, key: str = "residual") -> Any:
        r"""Least-squares slope of log mean(key) against log n, with its standard error.

        Returns
        -------
        (slope, slope_se, means)
        """
        ns = np.array([r["n"] for r in records], dtype=float)
        m = np.array([np.mean(r[key]) for r in records])
        se = np.array([np.std(r[key], ddof=1) / np.sqrt(len(r[key])) for r in records])
        x, yv = np.log(ns), np.log(m)
        w = (m / se) ** 2
        A = np.vstack([np.ones_like(x), x]).T
        Wm = np.diag(w)
        cov = np.linalg.inv(A.T @ Wm @ A)
        coef = cov @ A.T @ Wm @ yv
        resid = yv - A @ coef
        dof = max(1, len(x) - 2)
        scale = max(1.0, float(resid @ Wm @ resid) / dof)
        return float(coef[1]), float(np.sqrt(cov[1, 1] * scale)), m
