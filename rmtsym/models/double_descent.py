r"""Ridgeless least squares: the Hastie–Montanari–Rosset–Tibshirani double-descent risk.

Seed ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), "Precise Characterization
of Double Descent Curves": Cost = (1/n) Σ (βᵀx_i − y_i)², ridgeless (min-norm)
solution, "singular behavior in the spectrum at p = n" [Has+22]; published as
T. Hastie, A. Montanari, S. Rosset and R. J. Tibshirani, "Surprises in
high-dimensional ridgeless least squares interpolation", Ann. Statist. 50(2),
949–986, 2022 (Theorem 1, isotropic features).

Model: x_i ~ N(0, I_p), y_i = x_iᵀβ* + ε_i, ‖β*‖² = r², Var ε = σ²,
β̂ = X⁺y (minimum-norm least squares), excess risk R = E_x(xᵀβ̂ − xᵀβ*)² = ‖β̂ − β*‖²
(test MSE = R + σ²).  With ratio γ = p/n:

.. math:: R(\gamma) = \begin{cases} \sigma^2\,\dfrac{\gamma}{1-\gamma}, & \gamma < 1,\\[4pt]
          r^2\Big(1 - \dfrac1\gamma\Big) + \dfrac{\sigma^2}{\gamma - 1}, & \gamma > 1,\end{cases}

infinite at the interpolation threshold γ = 1.  Finite n, p (Gaussian design,
exact: E(XᵀX)^{-1} = I/(n − p − 1), E P_row = (n/p) I by rotation invariance,
E(XXᵀ)^{-1} = I/(p − n − 1)):

.. math:: \mathbb E R = \sigma^2\frac{p}{n-p-1}\ (p < n-1),\qquad
          \mathbb E R = r^2\Big(1-\frac np\Big) + \sigma^2\frac{n}{p-n-1}\ (p > n+1),

whose limit at p = γn is R(γ) (checked symbolically in the tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import sympy as sp

from ..core.errors import RmtsymError, require
from ..core.types import ExactInput, SymExpr

__all__ = ["RidgelessLeastSquares"]


def _pos(v, name, allow_zero=True):
    v = sp.nsimplify(v) if not isinstance(v, sp.Basic) else v
    if v.is_number:
        require(v >= 0 if allow_zero else v > 0, f"{name} must be {'>=' if allow_zero else '>'} 0, got {v}")
    return v


class RidgelessLeastSquares:
    r"""Min-norm least squares on isotropic Gaussian features: exact finite-n and limiting risk.

    Parameters
    ----------
    signal : number or symbol >= 0
        r² = ‖β*‖².
    noise : number or symbol >= 0
        σ² = Var ε.

    Raises
    ------
    RmtsymError
        A negative signal or noise.

    References
    ----------
    T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani, "Surprises in
    high-dimensional ridgeless least squares interpolation", Ann. Statist.
    50(2), 949–986, 2022.  Seed ``001_322f0eb0bc5d01dd.txt``.

    Examples
    --------
    >>> import sympy as sp
    >>> m = RidgelessLeastSquares(1, sp.Rational(1, 4))
    >>> m.risk(sp.Rational(1, 2)), m.risk(2)
    (1/4, 3/4)
    >>> m.finite_risk(100, 50)
    25/98
    """

    def __init__(self, signal: ExactInput, noise: ExactInput) -> None:
        self.signal = _pos(signal, "signal")
        self.noise = _pos(noise, "noise")

    def __repr__(self):
        return f"RidgelessLeastSquares(signal={self.signal}, noise={self.noise})"

    def _repr_latex_(self):
        return (r"$R(\gamma)=\sigma^2\frac{\gamma}{1-\gamma}\ (\gamma<1),\ "
                r"r^2(1-1/\gamma)+\frac{\sigma^2}{\gamma-1}\ (\gamma>1)$")

    def risk(self, ratio: ExactInput) -> SymExpr:
        r"""Limiting excess risk R(γ), γ = p/n (exact; ``sympy.oo`` at γ = 1).

        Raises
        ------
        RmtsymError
            ratio <= 0.
        """
        g = sp.nsimplify(ratio)
        require(g > 0, f"ratio (p/n) must be > 0, got {ratio!r}")
        if g == 1:
            return sp.oo
        if g < 1:
            return sp.simplify(self.noise * g / (1 - g))
        return sp.simplify(self.signal * (1 - 1 / g) + self.noise / (g - 1))

    def test_mse(self, ratio: ExactInput) -> SymExpr:
        """R(γ) + σ² (the test MSE on fresh noisy targets)."""
        return sp.simplify(self.risk(ratio) + self.noise)

    def finite_risk(self, n: int, p: int) -> SymExpr:
        r"""Exact E‖β̂ − β*‖² at finite n, p (Gaussian design; |p − n| >= 2).

        Raises
        ------
        RmtsymError
            n, p not positive integers or |p − n| < 2 (the expectation is infinite).
        """
        require(isinstance(n, int) and isinstance(p, int) and n >= 1 and p >= 1,
                f"n and p must be positive integers, got {n!r}, {p!r}")
        require(abs(p - n) >= 2, f"|p - n| must be >= 2 (the expected risk is infinite), got p={p}, n={n}")
        if p < n:
            return sp.simplify(self.noise * sp.Rational(p, n - p - 1))
        return sp.simplify(self.signal * (1 - sp.Rational(n, p)) + self.noise * sp.Rational(n, p - n - 1))

    def design_risk(self, X: np.ndarray, X_test: np.ndarray) -> float:
        r"""Exact E_{β*, ε}(1/m)‖X̂(β̂ − β*)‖² for a given design (the data's own X), float64.

        With P the projection on the row space of X (n×p), β* uniform on the
        sphere of radius r and S = X̂ᵀX̂/m:

        .. math:: \frac{r^2}{p}\operatorname{tr} S(I - P) + \sigma^2 \operatorname{tr} S (X^\top X)^{+},

        the bias and variance of Hastie et al. (2022), eqs. (4)–(5), for a fixed
        design; the rank of X (not p) is the interpolation threshold.

        Parameters
        ----------
        X : (n, p) array
        X_test : (m, p) array

        Returns
        -------
        float
        """
        import numpy as np
        X = np.asarray(X, dtype=float)
        Xt = np.asarray(X_test, dtype=float)
        require(X.ndim == 2 and Xt.ndim == 2 and X.shape[1] == Xt.shape[1],
                f"X (n, p) and X_test (m, p) must share p, got {X.shape} and {Xt.shape}")
        p = X.shape[1]
        S = Xt.T @ Xt / Xt.shape[0]
        pinv = np.linalg.pinv(X)
        P = pinv @ X
        G = pinv @ pinv.T
        return float(float(self.signal) / p * np.trace(S @ (np.eye(p) - P)) + float(self.noise) * np.trace(S @ G))

    def curve(self, ratios: Any) -> Any:
        """R(γ) in float64 over a list of ratios (inf at 1); needs numeric signal and noise."""
        r2, s2 = float(self.signal), float(self.noise)
        out = []
        for g in ratios:
            g = float(g)
            require(g > 0, f"ratios must be > 0, got {g!r}")
            out.append(float("inf") if g == 1 else (s2 * g / (1 - g) if g < 1 else r2 * (1 - 1 / g) + s2 / (g - 1)))
        return out
