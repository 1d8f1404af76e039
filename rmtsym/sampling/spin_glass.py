r"""Samplers of the spin-glass loss (survey §3.1) and of the real ReLU network it approximates.

Registry contract ``fn(n, rng, **params) -> float array of length n``:

* ``"spin_glass"`` (:func:`spin_glass_values`): ``n/2`` fresh coupling tensors
  :math:`X` (i.i.d. N(0, 1) over ordered :math:`H`-tuples of
  :math:`\{1..\Lambda\}`), and for each the pair
  :math:`(\mathcal L(w), \mathcal L(w'))` at two fixed points of the sphere
  :math:`|w|^2=|w'|^2=\Lambda` with overlap :math:`q` (interleaved).
* ``"relu_network_paths"`` (:func:`relu_network_paths`): ``n`` independent
  real ReLU networks without biases (weights N(0, 2/n_{l−1}), input
  :math:`X\sim N(0, I)`), returning the output :math:`Y` or the fraction of
  active input--output paths.

Seed ``002_2c85d79b7db582c6.txt`` §3.1; model :mod:`rmtsym.models.spin_glass`.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.errors import RmtsymError, require

__all__ = ["spin_glass_values", "relu_network_paths", "sphere_pair"]


def sphere_pair(Lam, q):
    r"""Two fixed vectors :math:`w, w'` with :math:`|w|^2=|w'|^2=\Lambda` and :math:`w\cdot w'/\Lambda=q`.

    :math:`w=\sqrt\Lambda a`, :math:`w'=\sqrt\Lambda(qa+\sqrt{1-q^2}\,b)`, with
    :math:`a` the flat unit vector and :math:`b` a unit vector orthogonal to it.

    Examples
    --------
    >>> w, wp = sphere_pair(4, 0.25)
    >>> round(float(w @ w), 12), round(float(w @ wp) / 4, 12)
    (4.0, 0.25)
    """
    require(isinstance(Lam, (int, np.integer)) and Lam >= 1, f"Lam must be an integer >= 1, got {Lam!r}")
    require(-1 <= q <= 1, f"overlap must be in [-1, 1], got {q!r}")
    a = np.full(Lam, 1.0 / math.sqrt(Lam))
    if Lam == 1:
        require(abs(abs(q) - 1) < 1e-15, "with Lam = 1 the overlap must be +-1")
        return math.sqrt(Lam) * a, math.sqrt(Lam) * q * a
    b = np.zeros(Lam)
    b[0], b[1:] = 1.0, -1.0 / (Lam - 1)
    b /= np.linalg.norm(b)
    return math.sqrt(Lam) * a, math.sqrt(Lam) * (q * a + math.sqrt(1 - q * q) * b)


def spin_glass_values(n, rng, H=3, Lam=6, overlap=0.5):
    r"""Pairs :math:`(\mathcal L(w), \mathcal L(w'))` of the :math:`H`-spin Hamiltonian for ``n/2`` couplings.

    Parameters
    ----------
    n : int
        Even number of values returned (``n/2`` coupling tensors).
    rng : numpy.random.Generator
    H, Lam : int
        Spins per term and number of weights :math:`\Lambda`.
    overlap : float
        :math:`q = w\cdot w'/\Lambda`.

    Returns
    -------
    numpy.ndarray
        ``[L_1(w), L_1(w'), L_2(w), L_2(w'), ...]``.

    Raises
    ------
    RmtsymError
        For odd ``n`` or bad ``H``, ``Lam``, ``overlap``.

    Examples
    --------
    >>> spin_glass_values(4, np.random.default_rng(0), H=2, Lam=3).shape
    (4,)
    """
    require(isinstance(n, (int, np.integer)) and n >= 2 and n % 2 == 0, f"n must be an even integer >= 2, got {n!r}")
    require(isinstance(rng, np.random.Generator), "rng must be a numpy.random.Generator")
    require(isinstance(H, (int, np.integer)) and H >= 1, f"H must be an integer >= 1, got {H!r}")
    w, wp = sphere_pair(int(Lam), float(overlap))
    m = n // 2
    X = rng.standard_normal((m,) + (int(Lam),) * int(H))
    out = np.empty((m, 2))
    for col, v in enumerate((w, wp)):
        t = X
        for _ in range(int(H)):
            t = t @ v
        out[:, col] = t / Lam ** ((H - 1) / 2)
    return out.ravel()


def relu_network_paths(n, rng, widths=(4, 3, 2, 1), observable="output"):
    r"""``n`` real bias-free ReLU networks :math:`Y=\sigma(W^{(H)}\cdots\sigma(W^{(1)}X))` at random inputs.

    Parameters
    ----------
    n : int
        Number of networks (each with its own weights and input).
    rng : numpy.random.Generator
    widths : sequence of int
        :math:`n_0,\dots,n_H` with :math:`n_H = 1`.
    observable : {"output", "active_paths"}
        ``"output"``: :math:`Y`; ``"active_paths"``: the fraction of the
        :math:`\Psi` input--output paths all of whose units are active
        (:math:`\frac1\Psi\sum_{ij}A_{ij}`).

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Weights :math:`W^{(l)}_{ab}\sim N(0, 2/n_{l-1})`, input :math:`X\sim N(0, I_{n_0})`.
    The number of active paths is :math:`n_0\prod_{l}\#\{\text{active units of layer }l\}`.

    Examples
    --------
    >>> y = relu_network_paths(5, np.random.default_rng(0), [3, 2, 1])
    >>> bool((y >= 0).all())
    True
    """
    require(isinstance(n, (int, np.integer)) and n >= 1, f"n must be an integer >= 1, got {n!r}")
    require(isinstance(rng, np.random.Generator), "rng must be a numpy.random.Generator")
    try:
        ws = [int(w) for w in widths]
    except (TypeError, ValueError):
        raise RmtsymError(f"widths must be integers >= 1, got {widths!r}") from None
    require(len(ws) >= 2 and all(w >= 1 for w in ws), f"widths must be >= 2 integers >= 1, got {widths!r}")
    require(ws[-1] == 1, f"the output width n_H must be 1 (binary classifier), got {ws[-1]}")
    require(observable in ("output", "active_paths"),
            f"observable must be 'output' or 'active_paths', got {observable!r}")
    h = rng.standard_normal((n, ws[0]))
    count = np.full(n, float(ws[0]))
    for n_in, n_out in zip(ws[:-1], ws[1:]):
        W = rng.standard_normal((n, n_out, n_in)) * math.sqrt(2.0 / n_in)
        pre = np.einsum("boi,bi->bo", W, h)
        act = pre > 0
        count *= act.sum(axis=1)
        h = np.where(act, pre, 0.0)
    if observable == "output":
        return h[:, 0]
    return count / (ws[0] * math.prod(ws[1:]))
