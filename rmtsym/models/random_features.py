r"""Random-features ridge regression: the Louart–Liao–Couillet deterministic equivalents.

Model (seed ``001_322f0eb0bc5d01dd.txt``, Liao 2023 course, "Two-layer network
with random first layer", eqs. (11)–(13), Theorem "Resolvent for nonlinear
Gram matrix" and Corollary "Asymptotic training and test MSEs"; published as
C. Louart, Z. Liao and R. Couillet, "A random matrix approach to neural
networks", Ann. Appl. Probab. 28(2), 1190–1248, 2018 — there with T samples
and n neurons, here with the course's n samples and N neurons):

* data X = [x_1, …, x_n] ∈ R^{p×n} of bounded operator norm (e.g. columns of
  norm O(1)), targets y ∈ R^n; test data X̂ ∈ R^{p×n̂}, ŷ ∈ R^{n̂};
* W ∈ R^{N×p} with i.i.d. N(0, 1) entries, Σ = σ(WX) ∈ R^{N×n};
* β = (1/n) Σ Q y with Q = Q(γ) = ((1/n) ΣᵀΣ + γ I_n)^{-1}, γ > 0 (eq. 11);
* E_train = (1/n)‖y − Σᵀβ‖² = (γ²/n) yᵀQ²y (eq. 12),
  E_test = (1/n̂)‖ŷ − Σ̂ᵀβ‖², Σ̂ = σ(WX̂).

Deterministic equivalents (the consistent reading of the seed)
--------------------------------------------------------------
K = K_{XX} = E_w[σ(Xᵀw)σ(wᵀX)] (n×n), K_{XX̂} = E_w[σ(Xᵀw)σ(wᵀX̂)] (n×n̂),
entries κ_σ(‖x_i‖², ‖x̂_j‖², x_iᵀx̂_j) (:mod:`rmtsym.gaussian.kernels`); δ is
the unique positive solution of δ = (1/n) tr Q̄K and

.. math::

    \bar\Psi = \frac{N}{n}\frac{K}{1+\delta},\qquad
    \bar Q = (\bar\Psi + \gamma I_n)^{-1},\qquad
    \bar\Psi_{X\hat X} = \frac{N}{n}\frac{K_{X\hat X}}{1+\delta},

    \bar E_{\rm train} = \frac{\gamma^2}{n} y^\top \bar Q\Big[
      \frac{\frac1N \operatorname{tr} \bar\Psi\bar Q^2}{1 - \frac1N\operatorname{tr}(\bar\Psi\bar Q)^2}
      \bar\Psi + I_n\Big]\bar Q y,

    \bar E_{\rm test} = \frac1{\hat n}\|\hat y - \bar\Psi_{X\hat X}^\top \bar Q y\|^2
      + \frac{\frac1N y^\top\bar Q\bar\Psi\bar Q y}{1 - \frac1N\operatorname{tr}(\bar\Psi\bar Q)^2}
      \Big[\frac1{\hat n}\operatorname{tr}\bar\Psi_{\hat X\hat X}
      - \frac1{\hat n}\operatorname{tr}(I_n + \gamma\bar Q)\bar\Psi_{X\hat X}\bar\Psi_{X\hat X}^\top\bar Q\Big].

(Louart–Liao–Couillet 2018, Theorems 1–3, with Φ → K, T → n, n → N.)

Errata of the printed Corollary (seed): the symbol K̄ is never defined — it
must be Ψ̄ = (N/n) K/(1 + δ); read as the theorem's K the training MSE is
wrong (claim ``rf_train_mse_erratum``).  The test MSE prints K̄_{X̂X̂}ᵀ Q̄ y and
K̄_{X̂X̂} K̄_{X̂X̂}ᵀ Q̄, whose shapes (n̂×n̂ against n×n) only fit when n̂ = n and
whose value is then wrong (claim ``rf_test_mse_erratum``): both are the cross
kernel Ψ̄_{XX̂} (n×n̂).  The seed also writes "y Q² y" for yᵀQ²y.

Uniqueness of δ
---------------
With K = U diag(λ_i) Uᵀ (λ_i >= 0, not all 0),
f(δ) = (1/n) tr Q̄K = (1/n) Σ_i λ_i (1 + δ)/((N/n) λ_i + γ(1 + δ)) is
continuous, non-decreasing and f(δ)/δ = (1/n) Σ_i λ_i ((1 + δ)/δ) /
((N/n)λ_i + γ(1 + δ)) is strictly decreasing (both factors decrease), so f is
strictly sub-homogeneous: δ = f(δ) has exactly one positive root, bracketed
by f(0) > 0 and f(δ) <= tr K/(nγ) (:func:`rmtsym.numerics.fixed_point.monotone_fixed_point`).

Numbers
-------
Exact inputs (integers, fractions, SymPy rationals; floats are taken as the
exact binary rationals they are) stay exact through the Gram matrix XᵀX
(python-flint ``fmpq_mat``); the kernel, δ, Q̄ and the MSEs are then
evaluated in ball arithmetic (python-flint ``arb``) at ``dps`` digits plus
guard digits, so the returned values are rounded from rigorous enclosures.
``dps=None`` selects the float64 route (eigendecomposition of K, reused by
curves over N and γ).  The 30-digit δ is found by Newton's method from the
float64 value and certified by a sign change of f(δ) − δ at δ(1 ± 10^{-46})
(:meth:`RandomFeatures.solve_delta`, ``method="newton"``, about 15x faster
than the bracketed solver ``method="fixed_point"`` at n = 200–400,
``benchmarks/results_learning.txt``); Q̄ then comes from the same approximate
inverse with a Neumann-series bound.
"""

from __future__ import annotations

from typing import Any

import math
from fractions import Fraction

import numpy as np
import sympy as sp

from ..core.errors import ConvergenceError, RmtsymError, require
from ..core.precision import BALL_WORK_GUARD, FIXED_POINT_CERT_GUARD
from ..gaussian.activations import Activation, activation as _activation
from ..gaussian.kernels import kernel_function, kernel_name
from ..numerics.fixed_point import FixedPoint, expanding_bracket, monotone_fixed_point

__all__ = ["RandomFeatures", "seed_reading"]


def _exact_number(v, name):
    """An exact Fraction of an int / Fraction / SymPy rational / float entry."""
    if isinstance(v, bool):
        raise RmtsymError(f"{name} entries must be numbers, got {v!r}")
    if isinstance(v, (int, np.integer)):
        return Fraction(int(v))
    if isinstance(v, Fraction):
        return v
    if isinstance(v, sp.Rational):
        return Fraction(int(v.p), int(v.q))
    if isinstance(v, (float, np.floating)):
        f = float(v)
        require(math.isfinite(f), f"{name} entries must be finite, got {v!r}")
        return Fraction(f)
    if isinstance(v, sp.Basic) and v.is_number:
        f = float(v)
        require(math.isfinite(f), f"{name} entries must be finite, got {v!r}")
        return Fraction(f)
    raise RmtsymError(f"{name} entries must be real numbers (int, Fraction, sympy Rational, float), "
                      f"got {type(v).__name__}")


def _matrix(data, name, ndim=2, exact=True):
    """(float array, object array of Fractions, all_exact) of a matrix or vector input.

    ``exact=False`` (the float64 route) skips the Fractions for numeric numpy
    arrays (returns None in their place)."""
    if not exact and isinstance(data, np.ndarray) and data.dtype.kind in "fiu":
        arr = np.asarray(data, dtype=float)
        if ndim == 1 and arr.ndim == 2 and 1 in arr.shape:
            arr = arr.reshape(-1)
        require(arr.ndim == ndim, f"{name} must be a {'matrix (p x n)' if ndim == 2 else 'vector'}, "
                                  f"got an array of shape {arr.shape}")
        require(arr.size > 0, f"{name} must not be empty")
        require(bool(np.all(np.isfinite(arr))), f"{name} entries must be finite")
        return arr, None, False
    if isinstance(data, sp.MatrixBase):
        data = data.tolist()
    arr = np.asarray(data, dtype=object)
    if ndim == 1 and arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    require(arr.ndim == ndim, f"{name} must be a {'matrix (p x n)' if ndim == 2 else 'vector'}, "
                              f"got an array of shape {arr.shape}")
    require(arr.size > 0, f"{name} must not be empty")
    fr = np.empty(arr.shape, dtype=object)
    exact = True
    for idx, v in np.ndenumerate(arr):
        fr[idx] = _exact_number(v, name)
        if isinstance(v, (float, np.floating)):
            exact = False
    fl = np.array([[float(t) for t in row] for row in fr], dtype=float) if ndim == 2 \
        else np.array([float(t) for t in fr], dtype=float)
    return fl, fr, exact


def _arb_ctx(dps):
    """The python-flint working precision (bits) for ``dps`` digits plus guards."""
    return int((dps + BALL_WORK_GUARD) * 3.33) + 16


#: the δ solvers of :meth:`RandomFeatures.solve_delta`
METHODS = ("newton", "fixed_point")


def seed_reading():
    """The symbols of the seed's Corollary and the reading this module takes.

    Returns
    -------
    dict
        Seed symbol -> meaning here.

    Examples
    --------
    >>> seed_reading()["Kbar"]
    'Psi = (N/n) K / (1 + delta)'
    """
    return {"Kbar": "Psi = (N/n) K / (1 + delta)",
            "Kbar_{XhatXhat} in ||yhat - Kbar^T Qbar y||": "Psi_{X Xhat} = (N/n) K_{X Xhat}/(1 + delta), n x nhat",
            "Kbar_{XhatXhat} Kbar_{XhatXhat}^T Qbar": "Psi_{X Xhat} Psi_{X Xhat}^T Qbar, n x n",
            "tr Kbar_{XhatXhat}": "tr Psi_{Xhat Xhat} (diagonal of the test kernel only)",
            "y Q^2 y": "y^T Q^2 y"}


class _KernelCache:
    """Kernel matrices and their eigendecomposition for one (activation, X), shared across N and γ."""

    def __init__(self, act, Xf, Xq, exact):
        self.act, self.Xf, self.Xq, self.exact = act, Xf, Xq, exact
        self._float = {}
        self._arb = {}
        self._eig = None
        self._gram_q = None

    def float_kernel(self, Yf=None, key="train"):
        if key not in self._float:
            kap = kernel_function(self.act, "float")
            X = self.Xf
            Y = X if Yf is None else Yf
            nx, ny = np.sum(X * X, axis=0), np.sum(Y * Y, axis=0)
            c = X.T @ Y
            A, B = np.broadcast_to(nx[:, None], c.shape), np.broadcast_to(ny[None, :], c.shape)
            same = np.zeros(c.shape, dtype=bool)
            if Yf is None:
                np.fill_diagonal(same, True)
                c = (c + c.T) / 2
                np.fill_diagonal(c, nx)
            K = np.asarray(kap(A, B, c, same), dtype=float).reshape(c.shape)
            if Yf is None:
                K = (K + K.T) / 2
            self._float[key] = K
        return self._float[key]

    def eig(self):
        if self._eig is None:
            lam, U = np.linalg.eigh(self.float_kernel())
            self._eig = (np.clip(lam, 0.0, None), U)
        return self._eig

    def gram_q(self, Yq=None):
        import flint
        X = flint.fmpq_mat(self.Xq.shape[0], self.Xq.shape[1],
                           [flint.fmpq(t.numerator, t.denominator) for t in self.Xq.ravel()])
        if Yq is None:
            if self._gram_q is None:
                self._gram_q = (X, X.transpose() * X)
            return self._gram_q
        Y = flint.fmpq_mat(Yq.shape[0], Yq.shape[1], [flint.fmpq(t.numerator, t.denominator) for t in Yq.ravel()])
        return X, Y

    def arb_kernel(self, prec, Yq=None, key="train"):
        """K as an arb_mat at ``prec`` bits (closed forms only), from the exact Gram matrix."""
        import flint
        ck = (key, prec)
        if ck in self._arb:
            return self._arb[ck]
        if kernel_name(self.act) is None:
            raise RmtsymError(f"activation {self.act.name}: no closed-form kernel, so no ball-arithmetic "
                              "route; use dps=None (float64 with Gauss-Hermite quadrature)")
        with flint.ctx.workprec(prec):
            kap = kernel_function(self.act, "arb")
            X, G = self.gram_q()
            n = G.nrows()
            norms_x = [G[i, i] for i in range(n)]
            if Yq is None:
                K = flint.arb_mat(n, n)
                for i in range(n):
                    K[i, i] = kap(flint.arb(norms_x[i]), flint.arb(norms_x[i]), flint.arb(norms_x[i]), True)
                    for j in range(i + 1, n):
                        g = G[i, j]
                        same = g * g == norms_x[i] * norms_x[j] and norms_x[i] == norms_x[j] and g == norms_x[i]
                        v = kap(flint.arb(norms_x[i]), flint.arb(norms_x[j]), flint.arb(g), same)
                        K[i, j] = v
                        K[j, i] = v
            else:
                _, Y = self.gram_q(Yq)
                C = X.transpose() * Y
                m = C.ncols()
                norms_y = [sum((Y[k, j] * Y[k, j] for k in range(Y.nrows())), flint.fmpq(0)) for j in range(m)]
                K = flint.arb_mat(n, m)
                for i in range(n):
                    for j in range(m):
                        g = C[i, j]
                        same = norms_x[i] == norms_y[j] == g
                        K[i, j] = kap(flint.arb(norms_x[i]), flint.arb(norms_y[j]), flint.arb(g), same)
                # the diagonal of the test kernel (its trace)
                diag = [kap(flint.arb(t), flint.arb(t), flint.arb(t), True) for t in norms_y]
                K = (K, diag)
        self._arb[ck] = K
        return K


class _PrecondTrace:
    r"""Certified f(δ) = (1/n) tr (cK + γI)⁻¹K, c = a/(1 + δ), through an approximate inverse.

    R ≈ A(δ_ref)⁻¹ (float64 ``inv``, refined by Newton–Schulz steps), W = RK,
    E(δ) = I − R A(δ) = I − cW − γR = E(δ_ref) − (c − c_ref)W;
    tr A⁻¹K = tr W + tr EW + r with
    |r| <= ‖E‖_F²‖W‖_F/(1 − ‖E‖_F) (see :meth:`RandomFeatures.solve_delta`).
    Everything in arb balls at the caller's precision.
    """

    MAX_REFINE = 4

    def __init__(self, K, a, g, Kf, af, gf):
        import flint
        self.K, self.a, self.g, self.Kf, self.af, self.gf = K, a, g, Kf, af, gf
        self.n = K.nrows()
        self.eye = flint.arb_mat(self.n, self.n)
        for i in range(self.n):
            self.eye[i, i] = 1
        self.R = None
        self.rF = None
        self.refinements = 0

    def _setup(self, d):
        """R ≈ A(d)⁻¹ (one Newton–Schulz step from the current R), W = RK and the traces."""
        import flint
        c = self.a / (1 + d)
        if self.R is None:
            Af = (self.af / (1 + float(d.mid()))) * self.Kf + self.gf * np.eye(self.n)
            try:
                R0 = np.linalg.inv(Af)
            except np.linalg.LinAlgError:
                return False
            if not np.all(np.isfinite(R0)):
                return False
            R = flint.arb_mat(R0.tolist())
        else:
            E = (self.eye - self.W * c - self.R * self.g).mid()
            # Newton-Schulz: R <- R + E R; the correction E R (relative size ||E||) is only needed
            # to about half the working bits (R itself is any exact matrix: the bounds are rigorous)
            with flint.ctx.workprec(flint.ctx.prec // 2 + 32):
                ER = E * self.R
            R = (self.R + ER).mid()
        W = R * self.K
        E = self.eye - W * c - R * self.g
        trEW, trW2, w2, e2 = (flint.arb(0),) * 4
        for x, y, z in zip(W.entries(), W.transpose().entries(), E.entries()):
            trW2 += x * y
            w2 += x * x
            trEW += z * y
            e2 += z * z
        self.trW, self.trW2, self.trEW = W.trace(), trW2, trEW
        self.wF, self.eF = w2.sqrt(), e2.sqrt()
        self.R, self.W, self.c_ref, self.rF = R, W, c, None
        self.refinements += 1
        return True

    def inverse(self, c):
        r"""A ball matrix containing (cK + γI)⁻¹ for every c in the ball ``c``, or None.

        (I − E)⁻¹R = R + ER + E²(I − E)⁻¹R, and every entry of the last term is at most
        ‖E‖_F²‖R‖_F/(1 − ‖E‖_F) in absolute value (‖·‖_max <= ‖·‖_2 <= ‖·‖_F)."""
        import flint
        e = self.eF + abs(c - self.c_ref) * self.wF
        if not e < 0.5:
            return None
        E = self.eye - self.W * c - self.R * self.g
        if self.rF is None:
            self.rF = sum((x * x for x in self.R.entries()), flint.arb(0)).sqrt()
        rem = e * e * self.rF / (1 - e)
        # E R (relative size ||E||) needs only about half the working bits; still an enclosure
        with flint.ctx.workprec(flint.ctx.prec // 2 + 32):
            ER = E * self.R
        ball = flint.arb_mat(self.n, self.n, [flint.arb(0, 1)] * (self.n * self.n))
        return self.R + ER + ball * rem

    def value(self, d, tol):
        """(ball f(d), float f'(d)) with the remainder below ``tol``, or None (R cannot be made good enough)."""
        import flint
        c = self.a / (1 + d)
        for _ in range(self.MAX_REFINE + 1):
            if self.R is not None:
                e = self.eF + abs(c - self.c_ref) * self.wF
                if e < 0.5:
                    rem = e * e * self.wF / (1 - e) / self.n
                    if rem < tol:
                        # E(d) = E(d_ref) - (c - c_ref) W, so tr E(d)W = tr E(d_ref)W - (c - c_ref) tr W^2
                        t = self.trW + self.trEW - (c - self.c_ref) * self.trW2
                        val = t / self.n + rem * flint.arb(0, 1)
                        deriv = float((c / (1 + d) * self.trW2 / self.n).mid())
                        return val, deriv
            if self.refinements > self.MAX_REFINE or not self._setup(d):
                return None
        return None


class RandomFeatures:
    r"""Random-features ridge regression σ(WX) on a given data matrix: kernel, δ, Q̄ and MSEs.

    Parameters
    ----------
    activation : Activation or str
        σ (any :func:`rmtsym.activation`); closed-form kernels (relu, erf,
        linear, abs, sin, cos) allow the ball-arithmetic route at ``dps``.
    X : array_like or sympy.Matrix, shape (p, n)
        Training data, columns x_i (bounded norm, e.g. ‖x_i‖ = O(1)); exact
        rationals allowed.
    N : int >= 1
        Number of random features (neurons).
    gamma : positive number
        Ridge parameter γ > 0 (exact rationals kept exact).

    Raises
    ------
    RmtsymError
        N < 1 or not an integer, γ <= 0, X not a non-empty finite p×n matrix.

    Notes
    -----
    See the module notes for the formulas (seed ``001_322f0eb0bc5d01dd.txt``,
    Theorem "Resolvent for nonlinear Gram matrix", Corollary "Asymptotic
    training and test MSEs"; Louart, Liao and Couillet, "A random matrix
    approach to neural networks", Ann. Appl. Probab. 2018) and for the
    errata of the printed Corollary.

    References
    ----------
    C. Louart, Z. Liao, R. Couillet, "A random matrix approach to neural
    networks", The Annals of Applied Probability 28(2), 1190–1248, 2018.

    Examples
    --------
    >>> import sympy as sp
    >>> X = [[1, 0, sp.Rational(1, 2)], [0, 1, sp.Rational(1, 2)]]
    >>> rf = RandomFeatures("linear", X, N=4, gamma=sp.Rational(1, 2))
    >>> rf.kernel()
    Matrix([
    [  1,   0, 1/2],
    [  0,   1, 1/2],
    [1/2, 1/2, 1/2]])
    >>> import mpmath
    >>> print(mpmath.nstr(rf.delta, 30))
    0.516611478423583232412228268982
    >>> round(float(rf.train_mse([1, -1, 0])), 10) == round(rf.train_mse([1, -1, 0], dps=None), 10)
    True
    """

    def __init__(self, activation: Any, X: Any, N: Any, gamma: Any, method: str = "newton") -> None:
        require(isinstance(method, str) and method in METHODS,
                f"method (the 30-digit delta solver) must be one of {', '.join(map(repr, METHODS))}, "
                f"got {method!r}")
        self.method = method
        self.activation = activation if isinstance(activation, Activation) else _activation(activation)
        require(not self.activation.free_parameters,
                f"activation: substitute the parameters {self.activation.free_parameters} first")
        require(isinstance(N, (int, np.integer)) and not isinstance(N, bool) and N >= 1,
                f"N (number of random features) must be an integer >= 1, got {N!r}")
        self.N = int(N)
        g = _exact_number(gamma, "gamma") if not isinstance(gamma, Fraction) else gamma
        require(g > 0, f"gamma (ridge parameter) must be > 0, got {gamma!r}")
        self._gamma_q = g
        self.gamma = sp.Rational(g.numerator, g.denominator)
        if isinstance(X, _KernelCache):
            self._cache = X
        else:
            Xf, Xq, exact = _matrix(X, "X")
            self._cache = _KernelCache(self.activation, Xf, Xq, exact)
        self.p, self.n = self._cache.Xf.shape
        self._delta_cache: dict[Any, Any] = {}
        self._delta_route: dict[Any, Any] = {}
        self._precond: dict[Any, Any] = {}
        self._pieces: dict[Any, Any] = {}

    # -- construction helpers ------------------------------------------------
    def with_params(self, N: Any = None, gamma: Any = None) -> RandomFeatures:
        """The same activation and X with another N and/or γ (kernel caches shared).

        Examples
        --------
        >>> rf = RandomFeatures("relu", [[1.0, 0.5], [0.0, 1.0]], N=3, gamma=1)
        >>> rf.with_params(N=7).N, rf.with_params(N=7).kernel(dps=None) is rf.kernel(dps=None)
        (7, True)
        """
        return RandomFeatures(self.activation, self._cache, self.N if N is None else N,
                              self.gamma if gamma is None else gamma, method=self.method)

    def __repr__(self):
        return (f"RandomFeatures(activation={self.activation.name}, p={self.p}, n={self.n}, N={self.N}, "
                f"gamma={self.gamma}, method={self.method!r})")

    def _repr_latex_(self):
        return (r"$\bar Q=\left(\frac{N}{n}\frac{K}{1+\delta}+\gamma I_n\right)^{-1},\ "
                rf"\delta=\tfrac1n\operatorname{{tr}}\bar QK,\ \sigma={sp.latex(self.activation.expr)},"
                rf"\ p={self.p},\ n={self.n},\ N={self.N},\ \gamma={sp.latex(self.gamma)}$")

    @property
    def X(self) -> Any:
        """The training data as float64 (p, n)."""
        return self._cache.Xf

    # -- kernel --------------------------------------------------------------
    def kernel(self, X_test: Any = None, dps: Any = "exact") -> Any:
        r"""K = E_w[σ(Xᵀw)σ(wᵀX)] (or the cross kernel K_{X X̂}), exact, at dps, or float.

        Parameters
        ----------
        X_test : array_like (p, n̂), optional
            Return the n×n̂ cross kernel E_w[σ(Xᵀw)σ(wᵀX̂)].
        dps : "exact", int or None, optional
            ``"exact"`` (default): SymPy matrix (closed-form kernels, exact
            data; otherwise falls back to 30 digits); an int: mpmath matrix
            rounded from ball arithmetic; None: numpy float64.

        Returns
        -------
        sympy.Matrix, mpmath.matrix or numpy.ndarray

        Raises
        ------
        RmtsymError
            X_test with a different p.
        """
        if X_test is not None:
            Tf, Tq, _ = _matrix(X_test, "X_test")
            require(Tf.shape[0] == self.p, f"X_test must have p = {self.p} rows like X, got {Tf.shape[0]}")
        if dps is None:
            if X_test is None:
                return self._cache.float_kernel()
            return self._cross_float(Tf)
        if dps == "exact":
            if kernel_name(self.activation) is not None and self._cache.exact:
                kap = kernel_function(self.activation, "sympy")
                Xs = sp.Matrix(self._cache.Xq.shape[0], self._cache.Xq.shape[1],
                               [sp.Rational(t.numerator, t.denominator) for t in self._cache.Xq.ravel()])
                Ys = Xs if X_test is None else sp.Matrix(Tq.shape[0], Tq.shape[1],
                                                         [sp.Rational(t.numerator, t.denominator) for t in Tq.ravel()])
                G = Xs.T * Ys
                na = [Xs[:, i].dot(Xs[:, i]) for i in range(Xs.cols)]
                nb = [Ys[:, j].dot(Ys[:, j]) for j in range(Ys.cols)]
                return sp.Matrix(Xs.cols, Ys.cols, lambda i, j: sp.simplify(kap(
                    na[i], nb[j], G[i, j], bool(na[i] == nb[j] == G[i, j]))))
            dps = 30
        require(isinstance(dps, int) and dps >= 1, f"dps must be a positive integer, None or 'exact', got {dps!r}")
        prec = _arb_ctx(dps)
        K = self._cache.arb_kernel(prec) if X_test is None else self._cache.arb_kernel(prec, Tq, key=_key(Tq))[0]
        return _arb_to_mpmath(K, dps)

    def _cross_float(self, Tf):
        key = ("cross", Tf.shape, hash(Tf.tobytes()))
        if key not in self._cache._float:
            self._cache._float[key] = self._cross_float_compute(Tf)
        return self._cache._float[key]

    def _cross_float_compute(self, Tf):
        kap = kernel_function(self.activation, "float")
        X = self._cache.Xf
        nx, ny = np.sum(X * X, axis=0), np.sum(Tf * Tf, axis=0)
        c = X.T @ Tf
        A, B = np.broadcast_to(nx[:, None], c.shape), np.broadcast_to(ny[None, :], c.shape)
        same = np.isclose(A, B, rtol=0, atol=0) & (c == A)
        K = np.asarray(kap(A, B, c, same), dtype=float).reshape(c.shape)
        diag = np.asarray(kap(ny, ny, ny, np.ones(ny.shape, dtype=bool)), dtype=float).reshape(-1)
        return K, diag

    # -- delta ---------------------------------------------------------------
    def _f_float(self):
        lam, _ = self._cache.eig()
        a, g, n = self.N / self.n, float(self._gamma_q), self.n
        require(np.any(lam > 0), "the kernel K is zero: delta = 0 (activation vanishes on the data)")
        return lambda d: float(np.sum(lam * (1 + d) / (a * lam + g * (1 + d))) / n)

    def _delta_float(self):
        if None not in self._delta_cache:
            f = self._f_float()
            lam, _ = self._cache.eig()
            hi = float(np.sum(lam) / (self.n * float(self._gamma_q))) * (1 + 1e-12) + 1e-300
            lo = min(f(0.0), hi) * (1 - 1e-12)
            fp = monotone_fixed_point(f, lo, hi, tol=4e-16, maxiter=400)
            self._delta_cache[None] = fp
        return self._delta_cache[None]

    def _check_float_resolution(self, lam, d):
        r"""Raise when float64 cannot tell K's null directions from rounding noise at this γ.

        An eigenvalue of the float kernel below ``tol = n ε λ_max`` may be an exact zero of K
        (term 0 in f) or rounding noise; its term λ(1 + δ)/(aλ + γ(1 + δ)) lies anywhere in
        [0, min((1 + δ)/a, tol/γ)].  When those terms can move f(δ)/δ by more than 1e-8 the float
        δ is not determined by the float data (with γ = 1e-70 and one exact null direction it
        reads 3 where δ = 5/3): use ``dps=`` (exact kernel in balls) instead.
        """
        a, g, n = self.N / self.n, float(self._gamma_q), self.n
        tol = n * np.finfo(float).eps * float(np.max(lam))
        unresolved = int(np.count_nonzero(lam <= tol))
        if unresolved and unresolved * min((1 + d) / a, tol / g) / n > 1e-8 * d:
            raise ConvergenceError(
                f"delta (float64): gamma = {g:.3g} is below the float64 resolution of K "
                f"({unresolved} eigenvalue(s) <= {tol:.2g} could be exact zeros or rounding); "
                "the float value is not determined — use dps=30 (exact kernel in ball arithmetic)")

    def solve_delta(self, dps: int | None = 30, method: str | None = None) -> Any:
        r"""δ = (1/n) tr Q̄K, the unique positive fixed point, with its certified bracket.

        Parameters
        ----------
        dps : int or None, optional
            Digits (ball arithmetic, closed-form kernels); None: float64.
        method : {"newton", "fixed_point"} or None, optional
            The ``dps`` solver (default: the instance's ``method``).
            ``"newton"``: float64 start, Newton steps on g(δ) = f(δ) − δ with
            f evaluated through an approximate inverse and a rigorous
            Neumann-series remainder (O(n²) per step after a few matrix
            products), then the certificate g(δ₋) > 0 > g(δ₊) in balls;
            ``"fixed_point"``: the bracketed secant solver with one ball LU
            solve per step (about ten solves; the reference route).

        Returns
        -------
        rmtsym.numerics.fixed_point.FixedPoint
            ``lower <= δ <= upper`` (arb-certified bracket ends for ``dps``;
            for ``"newton"`` ``upper − lower = 2·10^{-(dps+16)} δ``).

        Raises
        ------
        RmtsymError
            A bad ``dps`` or ``method``.
        ConvergenceError
            The bracket cannot be certified to 10^{-(dps+16)} (precision too
            low for the conditioning of Ψ̄ + γI; ``"newton"`` tries the
            ``"fixed_point"`` route before giving up).

        Notes
        -----
        With K = U diag(λ_i) Uᵀ (λ_i >= 0) and c = (N/n)/(1 + δ),
        f(δ) = (1/n) Σ_i λ_i/(cλ_i + γ) is non-decreasing (H3) and strictly
        sub-homogeneous (H2; module notes), which proves that the positive
        fixed point is unique, so a certified sign change of g = f − id on
        [δ₋, δ₊] proves that the fixed point lies there.  The map is also a
        contraction near the root:

        .. math::

            f'(\delta) = \frac{1}{1+\delta}\frac1n\sum_i
              \frac{c\lambda_i^2}{(c\lambda_i+\gamma)^2}
            < \frac{f(\delta)}{1+\delta},\qquad
            0 \le f'(\delta^*) < \frac{\delta^*}{1+\delta^*} < 1,

        so g' = f' − 1 < −1/(1 + δ*) there and Newton's iteration on g is
        well defined; the ``"newton"`` route checks 0 <= f' < f/(1 + δ) at
        its last iterate.  Its f: with R an approximate inverse of
        A = cK + γI (float64 ``inv``, then Newton–Schulz steps
        R ← R + (I − RA)R), W = RK and E = I − RA = I − cW − γR,
        A⁻¹K = (I − E)⁻¹W, so for ‖E‖_F < 1

        .. math::

            \operatorname{tr} A^{-1}K = \operatorname{tr} W + \operatorname{tr} EW
              + r,\qquad |r| \le \frac{\|E\|_F^2\|W\|_F}{1-\|E\|_F},

        with tr E(δ)W = tr E(δ_ref)W − (c − c_ref) tr W² (O(1) per δ once the
        traces are known: E(δ) = E(δ_ref) − (c − c_ref)W) and
        ‖E(δ)‖_F <= ‖E(δ_ref)‖_F + |c − c_ref| ‖W‖_F; R is
        refined when the bound r is not below 10^{-3} of the bracket.  All
        of it in arb balls from the exact Gram matrix (the float64 inverse
        and the Newton iterates are exact binary numbers), so the two signs
        are as rigorous as an arb LU solve; when they are not decided it
        evaluates f(δ±) by ball LU solves (two solves), and then falls back
        to ``"fixed_point"``.

        References
        ----------
        C. Louart, Z. Liao, R. Couillet, "A random matrix approach to neural
        networks", Ann. Appl. Probab. 28(2), 2018 (δ, its uniqueness); seed
        ``001_322f0eb0bc5d01dd.txt``, Theorem "Resolvent for nonlinear Gram
        matrix".  S. M. Rump, "Verification methods: rigorous results using
        floating-point arithmetic", Acta Numerica 19, 287–449, 2010 (an
        approximate inverse and a Neumann-series bound certify a solve).

        Examples
        --------
        >>> import sympy as sp
        >>> X = [[1, 0, sp.Rational(1, 2)], [0, 1, sp.Rational(1, 2)]]
        >>> rf = RandomFeatures("relu", X, N=5, gamma=sp.Rational(1, 3))
        >>> a, b = rf.solve_delta(30), rf.solve_delta(30, method="fixed_point")
        >>> bool(a.lower < a.upper and a.lower <= b.upper and b.lower <= a.upper)
        True
        """
        if dps is None:        # a float64 *result* (the 30-digit routes only start from it)
            fp = self._delta_float()
            self._check_float_resolution(self._cache.eig()[0], float(fp.value))
            return fp
        require(isinstance(dps, int) and not isinstance(dps, bool) and dps >= 1,
                f"dps must be a positive integer or None, got {dps!r}")
        method = self.method if method is None else method
        require(isinstance(method, str) and method in METHODS,
                f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
        key = (dps, method)
        if key not in self._delta_cache:
            if method == "fixed_point":
                fp = self._delta_fixed_point(dps)
            else:
                fp = self._delta_newton(dps)
            self._delta_cache[key] = fp
        return self._delta_cache[key]

    def _arb_setup(self, dps):
        import flint
        prec = _arb_ctx(dps)
        K = self._cache.arb_kernel(prec)
        with flint.ctx.workprec(prec):
            a = flint.arb(flint.fmpq(self.N, self.n))
            g = flint.arb(flint.fmpq(self._gamma_q.numerator, self._gamma_q.denominator))
        return prec, K, a, g

    def _f_solve(self, K, a, g):
        """f(δ) = (1/n) tr (cK + γI)⁻¹K by one ball LU solve (the reference evaluation)."""
        import flint
        n = self.n
        eye = flint.arb_mat(n, n)
        for i in range(n):
            eye[i, i] = 1

        def f(d):
            d = flint.arb(d)
            A = K * (a / (1 + d)) + eye * g
            try:
                S = A.solve(K)
            except ZeroDivisionError:
                return flint.arb.nan()       # singular at this precision: an undecided sign
            return sum((S[i, i] for i in range(n)), flint.arb(0)) / n
        return f

    def _delta_fixed_point(self, dps):
        """The reference route: bracketed secant/bisection, one ball solve per evaluation."""
        import flint
        prec, K, a, g = self._arb_setup(dps)
        with flint.ctx.workprec(prec):
            f = self._f_solve(K, a, g)
            d0 = self._delta_float().value
            lo, hi = flint.arb(d0 * (1 - 1e-9)), flint.arb(d0 * (1 + 1e-9))
            if not (f(lo) - lo > 0 and f(hi) - hi < 0):
                lo, hi = expanding_bracket(f, flint.arb(d0), factor=flint.arb(2))
                # expanding_bracket stops at an *undecided* sign too (a ball containing 0, or the NaN
                # of a singular solve): only a certain sign change is a bracket
                if not (f(lo) - lo > 0 and f(hi) - hi < 0):
                    raise ConvergenceError(
                        f"delta: no certified sign change of f(delta) - delta near the float64 start "
                        f"{d0!r} at {prec} bits (the ball solve of N/n K/(1 + delta) + gamma I fails or is "
                        "too wide: its condition number is beyond the working precision); raise dps")
            return monotone_fixed_point(f, lo, hi, tol=flint.arb(10) ** (-(dps + FIXED_POINT_CERT_GUARD)),
                                        maxiter=60, monotone=False)

    def _delta_newton(self, dps):
        """Float64 start, Newton on g = f − id with the preconditioned f, certified bracket (see solve_delta)."""
        import flint
        prec, K, a, g = self._arb_setup(dps)
        d0 = self._delta_float().value
        with flint.ctx.workprec(prec):
            eps = flint.arb(10) ** (-(dps + FIXED_POINT_CERT_GUARD))
            ev = _PrecondTrace(K, a, g, self._cache.float_kernel(), self.N / self.n, float(self._gamma_q))
            d = flint.arb(d0)
            final = d * eps / 1000
            # each Newton step needs f to 1e-12 of the error of its start (estimated by the last
            # step; the float64 start is taken as good to 1e-13), never finer than the final tolerance
            err = d * flint.arb(10) ** -13
            converged, it = False, 0
            for it in range(1, 9):
                tol = err * flint.arb(10) ** -12
                v = ev.value(d, tol if tol > final else final)
                if v is None:
                    break
                fd, dfd = v
                step = (fd - d).mid() / (1 - dfd)
                d = (d + step).mid()
                err = abs(step)
                if not d > 0:
                    break
                if err <= final:
                    converged = True
                    break
            if converged:
                # contraction / monotonicity (solve_delta Notes): 0 <= f'(d) < f(d)/(1 + d) <= 1
                v = ev.value(d, final)
                q = None if v is None else v[1] * (1 + float(d)) / float(v[0].mid())
                if q is not None and -1e-9 <= q < 1 + 1e-9:
                    lo, hi = (d - d * eps).mid(), (d + d * eps).mid()
                    how = self._certify(dps, lo, hi, ev, final)
                    if how is not None:
                        self._delta_route[dps] = {"route": how, "newton_steps": it, "setups": ev.refinements,
                                                  "contraction": v[1]}
                        self._precond[dps] = ev
                        return FixedPoint(d, lo, hi, it)
        self._delta_route[dps] = {"route": "fixed_point (fallback)"}
        return self._delta_fixed_point(dps)

    def _certify(self, dps, lo, hi, ev=None, tol=None):
        """Which evaluation proves g(lo) > 0 > g(hi) at ``dps``: "newton" (the Neumann bound of ``ev``),
        "newton+solve" (two ball LU solves), or None (neither decides both signs)."""
        import flint
        prec, K, a, g = self._arb_setup(dps)
        with flint.ctx.workprec(prec):
            lo, hi = flint.arb(lo), flint.arb(hi)
            if ev is not None:
                vl, vh = ev.value(lo, tol), ev.value(hi, tol)
                if vl is not None and vh is not None and vl[0] - lo > 0 and vh[0] - hi < 0:
                    return "newton"
            f = self._f_solve(K, a, g)
            if f(lo) - lo > 0 and f(hi) - hi < 0:
                return "newton+solve"
        return None

    @property
    def delta(self) -> Any:
        """δ to 30 digits (mpmath mpf rounded from the certified bracket)."""
        return self.delta_at(30)

    def delta_at(self, dps: int | None = 30) -> Any:
        """δ to ``dps`` digits (mpmath mpf), or a float for ``dps=None``."""
        fp = self.solve_delta(dps)
        if dps is None:
            return fp.value
        import flint
        with flint.ctx.workprec(_arb_ctx(dps)):
            return _arb_to_mpf(flint.arb(fp.lower).union(flint.arb(fp.upper)), dps)

    # -- resolvent and MSEs ---------------------------------------------------
    def _float_pieces(self):
        lam, U = self._cache.eig()
        d = self._delta_float().value
        self._check_float_resolution(lam, float(d))
        psi = (self.N / self.n) * lam / (1 + d)
        q = 1.0 / (psi + float(self._gamma_q))
        return lam, U, d, psi, q

    def resolvent(self, dps: int | None = None) -> Any:
        r"""Q̄ = ((N/n) K/(1 + δ) + γ I_n)^{-1} (float64 for ``dps=None``, else mpmath matrix)."""
        if dps is None:
            _, U, _, _, q = self._float_pieces()
            return (U * q) @ U.T
        Qb = self._arb_pieces(dps)[1]
        return _arb_to_mpmath(Qb, dps)

    def _arb_pieces(self, dps):
        """(Ψ̄, Q̄, γ, Ψ̄Q̄, (1/N) tr (Ψ̄Q̄)²) in balls at the δ ball, cached per dps.

        Q̄: for ``method="newton"`` the approximate inverse of the δ solve with its Neumann bound
        (:meth:`_PrecondTrace.inverse`, one matrix product), else (or if that bound is too weak) the
        ball inverse."""
        if dps in self._pieces:
            return self._pieces[dps]
        import flint
        prec = _arb_ctx(dps)
        fp = self.solve_delta(dps)
        K = self._cache.arb_kernel(prec)
        n = self.n
        with flint.ctx.workprec(prec):
            d = flint.arb(fp.lower).union(flint.arb(fp.upper))
            s = flint.arb(self.N) / n / (1 + d)
            Psi = K * s
            g = flint.arb(flint.fmpq(self._gamma_q.numerator, self._gamma_q.denominator))
            ev = self._precond.get(dps) if self.method == "newton" else None
            Qb = None if ev is None else ev.inverse(s)
            if dps in self._delta_route:
                self._delta_route[dps]["Qbar"] = "inverse" if Qb is None else "neumann"
            if Qb is None:
                A = flint.arb_mat(Psi)
                for i in range(n):
                    A[i, i] = A[i, i] + g
                Qb = A.inv()
            PQ = Psi * Qb
            t2 = _tr_prod(PQ, PQ) / self.N
        self._pieces[dps] = (Psi, Qb, g, PQ, t2)
        return self._pieces[dps]

    def _y(self, y, name="y", size=None, exact=True):
        yf, yq, _ = _matrix(y, name, ndim=1, exact=exact)
        size = self.n if size is None else size
        require(yf.shape[0] == size, f"{name} must have length {size}, got {yf.shape[0]}")
        return yf, yq

    def train_mse(self, y: Any, dps: int | None = 30) -> Any:
        r"""Ē_train = (γ²/n) yᵀQ̄[(1/N tr Ψ̄Q̄²)/(1 − 1/N tr(Ψ̄Q̄)²) Ψ̄ + I_n]Q̄y.

        Parameters
        ----------
        y : array_like, length n
        dps : int or None, optional

        Returns
        -------
        mpmath.mpf or float

        Raises
        ------
        RmtsymError
            y of the wrong length.
        """
        yf, yq = self._y(y, exact=dps is not None)
        if dps is None:
            lam, U, d, psi, q = self._float_pieces()
            z = U.T @ yf
            t1 = np.sum(psi * q * q) / self.N
            t2 = np.sum((psi * q) ** 2) / self.N
            g = float(self._gamma_q)
            return float(g * g / self.n * (t1 / (1 - t2) * np.sum(psi * (q * z) ** 2) + np.sum((q * z) ** 2)))
        import flint
        Psi, Qb, g, PQ, t2 = self._arb_pieces(dps)
        with flint.ctx.workprec(_arb_ctx(dps)):
            yv = _arb_vec(yq)
            u = Qb * yv
            t1 = _tr_prod(PQ, Qb) / self.N
            val = g * g / self.n * (t1 / (1 - t2) * _dot(u, Psi * u) + _dot(u, u))
        return _arb_to_mpf(val, dps)

    def test_mse(self, y: Any, X_test: Any, y_test: Any, dps: int | None = 30) -> Any:
        r"""Ē_test of the Corollary with the cross kernel Ψ̄_{XX̂} (see the module notes).

        Parameters
        ----------
        y : array_like, length n
        X_test : array_like (p, n̂)
        y_test : array_like, length n̂
        dps : int or None, optional

        Returns
        -------
        mpmath.mpf or float

        Raises
        ------
        RmtsymError
            Shapes that do not match (y vs n, X_test rows vs p, y_test vs n̂).
        """
        ex = dps is not None
        yf, yq = self._y(y, exact=ex)
        Tf, Tq, _ = _matrix(X_test, "X_test", exact=ex)
        require(Tf.shape[0] == self.p, f"X_test must have p = {self.p} rows like X, got {Tf.shape[0]}")
        nt = Tf.shape[1]
        ytf, ytq = self._y(y_test, "y_test", nt, exact=ex)
        if dps is None:
            lam, U, d, psi, q = self._float_pieces()
            Kx, kdiag = self._cross_float(Tf)
            key = ("UK", Tf.shape, hash(Tf.tobytes()))
            if key not in self._cache._float:       # U^T K_{X Xhat} and its squared rows, shared over N, gamma
                UK = U.T @ Kx
                self._cache._float[key] = (UK, np.sum(UK * UK, axis=1))
            UK, uk2 = self._cache._float[key]
            s = (self.N / self.n) / (1 + d)
            z = U.T @ yf
            pred = s * (UK.T @ (q * z))
            t2 = np.sum((psi * q) ** 2) / self.N
            coef = (np.sum(psi * (q * z) ** 2) / self.N) / (1 - t2)
            g = float(self._gamma_q)
            tr_term = s * s * np.sum((q + g * q * q) * uk2)
            return float(np.mean((ytf - pred) ** 2) + coef * (s * np.sum(kdiag) - tr_term) / nt)
        import flint
        prec = _arb_ctx(dps)
        Psi, Qb, g, PQ, t2 = self._arb_pieces(dps)
        Kx, kdiag = self._cache.arb_kernel(prec, Tq, key=_key(Tq))
        fp = self.solve_delta(dps)
        with flint.ctx.workprec(prec):
            d = flint.arb(fp.lower).union(flint.arb(fp.upper))
            s = flint.arb(self.N) / self.n / (1 + d)
            Px = Kx * s
            yv = _arb_vec(yq)
            u = Qb * yv
            pred = Px.transpose() * u
            yt = _arb_vec(ytq)
            r = yt - pred
            term1 = _dot(r, r) / nt
            coef = _dot(u, Psi * u) / self.N / (1 - t2)
            # tr Px^T (Qb + gamma Qb^2) Px = tr Px^T V + gamma tr U V, V = Qb Px, U = Px^T Qb
            V = Qb * Px
            PxT = Px.transpose()
            tr_term = _tr_prod(PxT, V) + g * _tr_prod(PxT * Qb, V)
            trd = sum(kdiag, flint.arb(0)) * s
            val = term1 + coef * (trd - tr_term) / nt
        return _arb_to_mpf(val, dps)

    def test_mse_curve(self, y: Any, X_test: Any, y_test: Any, Ns: Any = None, gammas: Any = None) -> Any:
        """Ē_test (float64) over a list of N (or γ), reusing the kernels: the double-descent curve.

        Returns
        -------
        numpy.ndarray
        """
        require((Ns is None) != (gammas is None), "give exactly one of Ns, gammas")
        vals = []
        for v in (Ns if Ns is not None else gammas):
            m = self.with_params(N=int(v)) if Ns is not None else self.with_params(gamma=v)
            vals.append(m.test_mse(y, X_test, y_test, dps=None))
        return np.array(vals)


def _key(Tq):
    return ("test", hash(tuple(Tq.ravel().tolist())), Tq.shape)


def _arb_vec(vq):
    import flint
    return flint.arb_mat(len(vq), 1, [flint.arb(flint.fmpq(t.numerator, t.denominator)) for t in vq])


def _tr_prod(A, B):
    """tr AB = Σ_ij A_ij B_ji without forming AB."""
    import flint
    return sum((x * y for x, y in zip(A.entries(), B.transpose().entries())), flint.arb(0))


def _dot(u, v):
    import flint
    return sum((u[i, 0] * v[i, 0] for i in range(u.nrows())), flint.arb(0))


def _arb_to_mpf(v, dps):
    """Round an arb ball to an mpmath mpf of ``dps`` digits; raise if the ball is wider."""
    import mpmath
    import flint
    if not v.is_finite():
        raise ConvergenceError(f"ball arithmetic lost all precision (got {v}); raise dps")
    rad = float(v.rad())
    mid = v.mid()
    s = mid.str(dps + 5, radius=False)
    with mpmath.workdps(dps + 5):
        m = mpmath.mpf(s)
    if m != 0 and rad > abs(float(m)) * 10.0 ** (-dps):
        raise ConvergenceError(f"enclosure {v} is wider than {dps} digits; the precision is too low")
    with mpmath.workdps(dps):
        return +m


def _arb_to_mpmath(K, dps):
    import mpmath
    with mpmath.workdps(dps):
        out = mpmath.matrix(K.nrows(), K.ncols())
    for i in range(K.nrows()):
        for j in range(K.ncols()):
            out[i, j] = _arb_to_mpf(K[i, j], dps)
    return out
