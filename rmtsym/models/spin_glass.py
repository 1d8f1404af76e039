r"""The spin-glass loss of a deep ReLU network (Choromanska et al., survey §3.1).

Seed ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §3.1 "A connection of a
multilayer network and the spherical spin-glass model [Cho+14]", after
A. Choromanska, M. Henaff, M. Mathieu, G. Ben Arous, Y. LeCun, "The loss
surfaces of multilayer networks", AISTATS 2015 (arXiv:1412.0233).

What the seed states, and what is checkable
-------------------------------------------
1. *Path sum* (exact identity): the network
   :math:`Y=\sigma(W^{(H)}\sigma(W^{(H-1)}\cdots\sigma(W^{(1)}X)))`,
   :math:`\sigma=\mathrm{ReLU}`, :math:`W^{(i)}` of size :math:`n_i\times
   n_{i-1}`, :math:`n_H=1`, equals
   :math:`\sum_{i=1}^{n_0}\sum_{j=1}^{\gamma}X_iA_{ij}\prod_{k=1}^Hw^{(k)}_{ij}`
   over the :math:`\gamma=n_1\cdots n_H` paths from input :math:`i` to the
   output, :math:`A_{ij}\in\{0,1\}` the indicator that every unit on the path
   is active.  (:func:`relu_path_sum` vs :func:`relu_forward`.)
2. *Counts*: :math:`\gamma=n_1\cdots n_H`, :math:`\Psi=n_0\gamma` paths,
   :math:`N=\sum_i n_{i-1}n_i` weights, :math:`\Lambda=\Psi^{1/H}`; the
   approximations :math:`Y_s`, :math:`\hat Y_s`, :math:`\hat Y` keep
   :math:`\Psi` terms (:math:`s^H\cdot\Psi/s^H=\Lambda^H=\Psi`).
3. *Expectation over A* under the stated assumptions (the
   :math:`A_{ij}` Bernoulli(:math:`\rho`), independent of :math:`X`; inputs
   :math:`X_{ij}` i.i.d. N(0, 1) per path):
   :math:`\mathbb E_A[Y]=\rho\sum_{i,j}X_{ij}\prod_kw^{(k)}_{ij}`.
4. *The Hamiltonian*
   :math:`\mathcal L(w)=\Lambda^{-(H-1)/2}\sum_{i_1,\dots,i_H=1}^{\Lambda}
   X_{i_1\dots i_H}\prod_k w_{i_k}` on the sphere
   :math:`\frac1\Lambda\sum_iw_i^2=1` with :math:`X` i.i.d. N(0, 1) over
   *ordered* tuples is a centred Gaussian field with covariance
   :math:`\mathbb E\mathcal L(w)\mathcal L(w')=\Lambda\,q(w,w')^H`,
   :math:`q=\frac1\Lambda\sum_iw_iw'_i` — the covariance of the
   :math:`H`-spin spherical spin glass (:meth:`SpinGlassLoss.covariance`).

What the seed does not state (so nothing here verifies it)
----------------------------------------------------------
The law of the weights; the size of the errors of the redundancy and
uniformity approximations (:math:`\epsilon`, the constant :math:`c`); the
Jensen gap :math:`\mathbb E_A|\cdot|\approx|\mathbb E_A\cdot|`; Choromanska et al.'s conclusions on
the critical points (the index/energy band structure of Auffinger--Ben
Arous--Černý) — none are stated in the seed.  In a *real* ReLU network the
:math:`A_{ij}` are functions of :math:`X` and the weights, not independent
of them (checked: the claim ``spin_glass_independence_erratum``).  The step
:math:`|Y_{true}-\hat Y| = S-\mathrm{sgn}(Y_{true})\hat Y` (:math:`S=\sup\hat Y`,
:math:`Y_{true}=\pm S`) holds on the whole sphere for odd :math:`H`
(:math:`\hat Y` is odd in :math:`w`) and fails for even :math:`H` where
:math:`\hat Y<-S` (claims ``spin_glass_absolute_loss`` and its erratum).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import itertools
import math

import numpy as np
import sympy as sp

from ..core.errors import RmtsymError, require
from ..core.types import ExactInput, SymExpr

__all__ = ["SpinGlassLoss", "path_counts", "relu_forward", "relu_path_sum", "relu_path_terms"]


def _check_widths(widths):
    try:
        ws = list(widths)
    except TypeError:
        raise RmtsymError(f"widths must be a sequence of integers >= 1, got {widths!r}") from None
    require(len(ws) >= 2, f"depth H must be >= 1 (widths n_0..n_H needs >= 2 entries), got {widths!r}")
    for i, w in enumerate(ws):
        require(isinstance(w, (int, np.integer, sp.Integer)) and not isinstance(w, bool) and int(w) >= 1,
                f"widths[{i}] must be an integer >= 1, got {w!r}")
    return [int(w) for w in ws]


def path_counts(widths: Any) -> Any:
    r"""Counts of survey §3.1: paths :math:`\gamma`, :math:`\Psi`, weights :math:`N`, :math:`\Lambda`.

    Parameters
    ----------
    widths : sequence of int
        :math:`n_0, \dots, n_H` (the seed has :math:`n_H = 1`; any is allowed).

    Returns
    -------
    dict
        ``gamma`` = :math:`n_1\cdots n_H` (paths from one input),
        ``Psi`` = :math:`n_0\gamma` (all input--output paths, summed over output
        units when :math:`n_H>1`), ``N`` = :math:`\sum_i n_{i-1}n_i`,
        ``Lambda`` = :math:`\Psi^{1/H}` (exact SymPy).

    Raises
    ------
    RmtsymError
        For a width < 1 or depth < 1.

    Examples
    --------
    >>> path_counts([4, 3, 2, 1])
    {'gamma': 6, 'Psi': 24, 'N': 20, 'Lambda': 2*3**(1/3)}
    """
    ws = _check_widths(widths)
    H = len(ws) - 1
    gamma = math.prod(ws[1:])
    psi = ws[0] * gamma
    return {"gamma": gamma, "Psi": psi, "N": sum(a * b for a, b in zip(ws[:-1], ws[1:])),
            "Lambda": sp.root(sp.Integer(psi), H)}


def _weights(weights):
    try:
        Ws = [np.asarray(W) for W in weights]
    except TypeError:
        raise RmtsymError("weights must be a list of matrices W^(1..H)") from None
    require(Ws and all(W.ndim == 2 for W in Ws), "weights must be a non-empty list of 2-d matrices")
    for i in range(1, len(Ws)):
        require(Ws[i].shape[1] == Ws[i - 1].shape[0],
                f"weights[{i}] has {Ws[i].shape[1]} columns, expected {Ws[i - 1].shape[0]}")
    return Ws


def _relu(x):
    return x * (x > 0)


def relu_forward(weights: Any, x: Any) -> Any:
    r"""The network :math:`Y=\sigma(W^{(H)}\cdots\sigma(W^{(1)}x))` (no biases, as in the seed).

    Exact when the entries are Python ``Fraction``/``int`` (object arrays).

    Parameters
    ----------
    weights : list of array_like
        :math:`W^{(1)},\dots,W^{(H)}`, :math:`W^{(i)}` of shape :math:`n_i\times n_{i-1}`.
    x : array_like
        Input of length :math:`n_0`.

    Returns
    -------
    numpy.ndarray
        The :math:`n_H` outputs.

    Examples
    --------
    >>> relu_forward([[[1, -1]], [[2]]], [3, 1]).tolist()
    [4]
    """
    Ws = _weights(weights)
    h = np.asarray(x)
    require(h.shape == (Ws[0].shape[1],), f"x must have length n_0 = {Ws[0].shape[1]}")
    for W in Ws:
        h = _relu(W.dot(h))
    return h


def relu_path_terms(weights: Any, x: Any) -> Any:
    r"""The terms :math:`X_iA_{ij}\prod_kw^{(k)}_{ij}` of the path sum, one per path.

    Parameters
    ----------
    weights, x
        As in :func:`relu_forward`.

    Returns
    -------
    list of tuple
        ``(path, active, weight_product)`` with ``path`` =
        :math:`(i_0, i_1, \dots, i_H)` (one unit per layer), ``active`` =
        :math:`A_{ij}` (every unit :math:`i_1..i_H` of the path has positive
        pre-activation) and ``weight_product`` = :math:`\prod_k W^{(k)}_{i_ki_{k-1}}`.

    Examples
    --------
    >>> [(p, a) for p, a, w in relu_path_terms([[[1, -1]], [[2]]], [3, 1])]
    [((0, 0, 0), True), ((1, 0, 0), True)]
    """
    Ws = _weights(weights)
    h = np.asarray(x)
    active = []
    for W in Ws:
        pre = W.dot(h)
        active.append(pre > 0)
        h = _relu(pre)
    sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
    out = []
    for path in itertools.product(*[range(s) for s in sizes]):
        a = all(bool(active[k][path[k + 1]]) for k in range(len(Ws)))
        w = 1
        for k, W in enumerate(Ws):
            w = w * W[path[k + 1], path[k]]
        out.append((path, a, w))
    return out


def relu_path_sum(weights: Any, x: Any) -> Any:
    r""":math:`\sum_{i}\sum_jX_iA_{ij}\prod_kw^{(k)}_{ij}` per output unit (survey §3.1).

    Parameters
    ----------
    weights, x
        As in :func:`relu_forward`.

    Returns
    -------
    numpy.ndarray
        One sum per output unit; equal to :func:`relu_forward` (exactly, for
        rational inputs) because ReLU is positively homogeneous:
        :math:`\sigma(t) = 1\{t>0\}\,t`.

    Examples
    --------
    >>> relu_path_sum([[[1, -1]], [[2]]], [3, 1]).tolist()
    [4]
    """
    Ws = _weights(weights)
    xs = np.asarray(x)
    out = [0] * Ws[-1].shape[0]
    for path, a, w in relu_path_terms(Ws, xs):
        if a:
            out[path[-1]] = out[path[-1]] + xs[path[0]] * w
    return np.array(out, dtype=object) if xs.dtype == object else np.array(out)


class SpinGlassLoss:
    r"""The :math:`H`-spin spherical spin-glass Hamiltonian of survey §3.1.

    .. math:: \mathcal L_{\Lambda,H}(w) = \Lambda^{-(H-1)/2}
       \sum_{i_1,\dots,i_H=1}^{\Lambda} X_{i_1\dots i_H}\prod_{k=1}^H w_{i_k},
       \qquad \frac1\Lambda\sum_i w_i^2 = 1,

    :math:`X` i.i.d. N(0, 1) over ordered :math:`H`-tuples.

    Parameters
    ----------
    H : int
        Depth / number of spins per term, ``H >= 1``.
    Lam : int
        :math:`\Lambda`, number of distinct weights, ``Lam >= 1``.
    rho : rational, optional
        The activation probability of the paths (enters only
        :meth:`expected_output`; the Hamiltonian drops it).  ``0 < rho <= 1``.

    Raises
    ------
    RmtsymError
        For ``H < 1``, ``Lam < 1`` or ``rho`` outside (0, 1].

    Notes
    -----
    Covariance: :math:`\mathbb E\mathcal L(w)\mathcal L(w') =
    \Lambda^{-(H-1)}\sum_{i_1..i_H}\prod_k w_{i_k}w'_{i_k} =
    \Lambda^{-(H-1)}(w\cdot w')^H = \Lambda\,q^H`, :math:`q = w\cdot w'/\Lambda`
    (:meth:`covariance`; the exact tensor sum is :meth:`covariance_sum`).
    See the module docstring for what the seed states and does not state.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §3.1 (last display); A. Choromanska et
    al., "The loss surfaces of multilayer networks", AISTATS 2015;
    A. Auffinger, G. Ben Arous, J. Černý, "Random matrices and complexity of
    spin glasses", CPAM 66 (2013) (the normalisation).

    Examples
    --------
    >>> L = SpinGlassLoss(3, 5)
    >>> L.covariance(sp.Rational(1, 2))
    5/8
    >>> L.variance
    5
    """

    def __init__(self, H: Any, Lam: Any, rho: ExactInput = sp.Rational(1, 2)) -> None:
        require(isinstance(H, (int, np.integer)) and not isinstance(H, bool) and H >= 1,
                f"H (depth) must be an integer >= 1, got {H!r}")
        require(isinstance(Lam, (int, np.integer)) and not isinstance(Lam, bool) and Lam >= 1,
                f"Lam (Lambda, number of weights) must be an integer >= 1, got {Lam!r}")
        try:
            r = sp.nsimplify(rho) if isinstance(rho, float) else sp.sympify(rho)
        except (sp.SympifyError, TypeError):
            raise RmtsymError(f"rho must be a number in (0, 1], got {rho!r}") from None
        require(r.is_number and r.is_real and 0 < r <= 1, f"rho must be a number in (0, 1], got {rho!r}")
        self.H, self.Lam, self.rho = int(H), int(Lam), r

    @classmethod
    def from_network(cls, widths: Sequence[int], rho: ExactInput = sp.Rational(1, 2)) -> SpinGlassLoss:
        r"""The Hamiltonian of a network with widths :math:`n_0..n_H`: :math:`\Lambda=\Psi^{1/H}`.

        Raises
        ------
        RmtsymError
            When :math:`\Psi^{1/H}` is not an integer (the seed's
            :math:`\hat Y=\hat Y_s|_{s=\Lambda}` needs an integer :math:`\Lambda`).
        """
        c = path_counts(widths)
        lam = c["Lambda"]
        require(lam.is_Integer, f"Lambda = Psi^(1/H) = {lam} is not an integer for widths {list(widths)}")
        return cls(len(list(widths)) - 1, int(lam), rho)

    @property
    def variance(self) -> SymExpr:
        r""":math:`\operatorname{Var}\mathcal L(w) = \Lambda` on the sphere."""
        return sp.Integer(self.Lam)

    def covariance(self, q: ExactInput) -> SymExpr:
        r""":math:`\mathbb E\mathcal L(w)\mathcal L(w') = \Lambda q^H` at overlap :math:`q` (exact)."""
        return sp.nsimplify(self.Lam * sp.sympify(q) ** self.H)

    def covariance_sum(self, w: Sequence[ExactInput], wp: Sequence[ExactInput]) -> SymExpr:
        r"""The covariance as the explicit sum :math:`\Lambda^{-(H-1)}\sum_{i_1..i_H}\prod_kw_{i_k}w'_{i_k}`.

        Parameters
        ----------
        w, wp : sequence
            Two weight vectors of length :math:`\Lambda` (any exact numbers or symbols).

        Returns
        -------
        sympy.Expr
        """
        require(len(w) == self.Lam and len(wp) == self.Lam, f"w, wp must have length Lambda = {self.Lam}")
        ws = [sp.sympify(a) for a in w]
        wps = [sp.sympify(a) for a in wp]
        total = sp.Integer(0)
        for idx in itertools.product(range(self.Lam), repeat=self.H):
            t = sp.Integer(1)
            for i in idx:
                t *= ws[i] * wps[i]
            total += t
        return sp.expand(total / sp.Integer(self.Lam) ** (self.H - 1))

    def energy(self, X: np.ndarray, w: np.ndarray) -> float:
        r""":math:`\mathcal L(w)` for a coupling tensor ``X`` of shape :math:`(\Lambda,)^H` (float)."""
        X = np.asarray(X, dtype=float)
        require(X.shape == (self.Lam,) * self.H, f"X must have shape {(self.Lam,) * self.H}")
        v = X
        for _ in range(self.H):
            v = v @ np.asarray(w, dtype=float)
        return float(v) / self.Lam ** ((self.H - 1) / 2)

    def expected_output(self, X: np.ndarray, w: np.ndarray) -> float:
        r""":math:`\mathbb E_A[\hat Y] = \rho\sum X_{i_1..i_H}\prod_kw_{i_k}` (unnormalised, float)."""
        return float(self.rho) * self.energy(X, w) * self.Lam ** ((self.H - 1) / 2)

    def sample(self, samples: int, seed: int, overlap: ExactInput = sp.Rational(1, 2), batch: int = 64, jobs: int = 1) -> Any:
        r"""Sample :math:`(\mathcal L(w), \mathcal L(w'))` at overlap ``overlap`` for fresh couplings X.

        Parameters
        ----------
        samples : int
            Number of batches.
        seed : int
        overlap : rational, optional
            :math:`q\in[-1,1]`.
        batch : int, optional
            Couplings per sampler call; the sampler returns ``2*batch`` values
            (pairs interleaved).
        jobs : int, optional

        Returns
        -------
        numpy.ndarray
            Shape (samples * batch, 2).

        Examples
        --------
        >>> SpinGlassLoss(2, 4).sample(2, seed=0, batch=3).shape
        (6, 2)
        """
        from ..sampling import sample_spectra
        q = float(overlap)
        require(-1 <= q <= 1, f"overlap must be in [-1, 1], got {overlap!r}")
        s = sample_spectra("spin_glass", 2 * batch, samples, seed,
                           {"H": self.H, "Lam": self.Lam, "overlap": q}, jobs=jobs)
        return s.eigenvalues.reshape(-1, 2)

    def __repr__(self):
        return f"SpinGlassLoss(H={self.H}, Lam={self.Lam}, rho={self.rho})"

    def _latex(self, printer=None):
        return (r"\mathcal L_{%d,%d}(w)=%d^{-%s}\sum_{i_1..i_{%d}} X_{i_1\dots i_{%d}}\prod_k w_{i_k},"
                r"\ \mathbb E\mathcal L(w)\mathcal L(w')=%d\,q^{%d}"
                % (self.Lam, self.H, self.Lam, sp.latex(sp.Rational(self.H - 1, 2)), self.H, self.H,
                   self.Lam, self.H))

    def _repr_latex_(self):
        return "$" + self._latex() + "$"
