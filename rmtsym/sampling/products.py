r"""Samplers of Hanin--Nica products and of ReLU networks' Jacobian norms.

Both follow the registry contract ``fn(n, rng, **params) -> float array of
length n``; here ``n`` is a *batch*: the array holds :math:`\log\|Mu\|^2` of
``n`` independent products (every matrix freshly drawn), ``-inf`` where
:math:`Mu = 0`.  They are registered as ``"matrix_product"`` and
``"relu_jacobian_norm"`` and are used through
:meth:`rmtsym.models.products.MatrixProduct.sample`.

Model (seed ``003_74fd632a2d425fc1.txt``, Hanin--Nica 2020): widths
:math:`n_0,\dots,n_d`, :math:`W_l = \xi/\sqrt{p\,n_{l-1}}` with :math:`\xi`
i.i.d. symmetric of variance 1 (``entries``), :math:`D_l` i.i.d.
Bernoulli(:math:`p`) diagonal.  The vector is renormalised after every
layer and the logs of the norms are accumulated, so depth 1000 neither
underflows nor overflows.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.errors import RmtsymError, require

__all__ = ["draw_entries", "matrix_product", "relu_jacobian_norm"]

_NAMED = ("gaussian", "rademacher", "uniform", "laplace")


def draw_entries(rng, shape, entries):
    r"""I.i.d. variance-1 symmetric entries of the named law (or three-point law of fourth moment ``entries``).

    Parameters
    ----------
    rng : numpy.random.Generator
    shape : tuple of int
    entries : str or float
        ``"gaussian"``, ``"rademacher"``, ``"uniform"`` (on :math:`[-\sqrt3,\sqrt3]`),
        ``"laplace"`` (scale :math:`1/\sqrt2`), or a fourth moment
        :math:`\mu_4\ge1`: :math:`\pm\sqrt{\mu_4}` with probability
        :math:`1/(2\mu_4)` each, else 0.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    RmtsymError
        For an unknown law.

    Examples
    --------
    >>> x = draw_entries(np.random.default_rng(0), (100000,), 4.0)
    >>> abs(float((x ** 2).mean()) - 1) < 0.02, abs(float((x ** 4).mean()) - 4) < 0.1
    (True, True)
    """
    if isinstance(entries, str):
        require(entries in _NAMED, f"entries must be one of {_NAMED} or a fourth moment >= 1, got {entries!r}")
        if entries == "gaussian":
            return rng.standard_normal(shape)
        if entries == "rademacher":
            return rng.integers(0, 2, size=shape, dtype=np.int8).astype(float) * 2.0 - 1.0
        if entries == "uniform":
            return rng.uniform(-math.sqrt(3.0), math.sqrt(3.0), size=shape)
        return rng.laplace(0.0, 1.0 / math.sqrt(2.0), size=shape)
    try:
        mu4 = float(entries)
    except (TypeError, ValueError):
        raise RmtsymError(f"entries must be one of {_NAMED} or a fourth moment >= 1, got {entries!r}") from None
    require(math.isfinite(mu4) and mu4 >= 1, f"entries (fourth moment) must be >= 1, got {entries!r}")
    a = math.sqrt(mu4)
    r = rng.random(shape)
    return np.where(r < 0.5 / mu4, a, np.where(r < 1.0 / mu4, -a, 0.0))


def _check(n, rng, widths):
    require(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1,
            f"n (batch) must be an integer >= 1, got {n!r}")
    require(isinstance(rng, np.random.Generator),
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    try:
        ws = [int(w) for w in widths]
    except (TypeError, ValueError):
        raise RmtsymError(f"widths must be a sequence of integers >= 1, got {widths!r}") from None
    require(len(ws) >= 2, f"depth must be >= 1 (widths needs >= 2 entries), got {widths!r}")
    require(all(w >= 1 for w in ws), f"widths must be integers >= 1, got {widths!r}")
    return int(n), ws


def _input(u, n0):
    if isinstance(u, str):
        require(u in ("e1", "flat"), f"u must be 'e1', 'flat' or a unit vector, got {u!r}")
        v = np.zeros(n0)
        if u == "e1":
            v[0] = 1.0
        else:
            v[:] = 1.0 / math.sqrt(n0)
        return v
    v = np.asarray(u, dtype=float)
    require(v.shape == (n0,) and abs(float(v @ v) - 1) < 1e-12, f"u must be a unit vector of length {n0}")
    return v


def _propagate(vs, logs):
    """Renormalise a batch of vectors (rows), accumulating log ||v||^2; zero rows -> -inf."""
    sq = np.einsum("bi,bi->b", vs, vs)
    with np.errstate(divide="ignore"):
        logs += np.log(sq)
    good = sq > 0
    vs[good] /= np.sqrt(sq[good])[:, None]
    return vs, logs


def matrix_product(n, rng, widths, p=0.5, entries="gaussian", u="e1"):
    r"""``n`` independent samples of :math:`\log\|D_dW_d\cdots D_1W_1u\|^2`.

    Parameters
    ----------
    n : int
        Batch size (independent products).
    rng : numpy.random.Generator
    widths : sequence of int
        :math:`n_0,\dots,n_d`.
    p : float, optional
        Mask parameter in (0, 1].
    entries : str or float, optional
        See :func:`draw_entries`.
    u : {"e1", "flat"} or array_like, optional
        Unit input vector.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``; ``-inf`` where the product kills :math:`u`.

    Raises
    ------
    RmtsymError
        For bad widths, ``p`` or ``entries``.

    Examples
    --------
    >>> x = matrix_product(3, np.random.default_rng(0), [5, 7, 5], p=1.0)
    >>> x.shape, bool(np.isfinite(x).all())
    ((3,), True)
    """
    n, ws = _check(n, rng, widths)
    p = float(p)
    require(0 < p <= 1, f"p must be in (0, 1], got {p!r}")
    vs = np.tile(_input(u, ws[0]), (n, 1))
    logs = np.zeros(n)
    for n_in, n_out in zip(ws[:-1], ws[1:]):
        W = draw_entries(rng, (n, n_out, n_in), entries)
        vs = np.einsum("boi,bi->bo", W, vs) / math.sqrt(p * n_in)
        if p < 1:
            vs *= rng.random((n, n_out)) < p
        vs, logs = _propagate(vs, logs)
    return logs


def relu_jacobian_norm(n, rng, widths, entries="gaussian", u="e1", bias_variance=0.1):
    r"""``n`` samples of :math:`\log\|J u\|^2`, :math:`J` the input--output Jacobian of a ReLU network.

    Parameters
    ----------
    n : int
        Batch size (independent networks).
    rng : numpy.random.Generator
    widths : sequence of int
        :math:`n_0,\dots,n_d`.
    entries : str or float, optional
        Law of the weights' :math:`\xi` (:func:`draw_entries`); weights
        :math:`\xi\sqrt{2/n_{l-1}}`.
    u : {"e1", "flat"} or array_like, optional
        The direction.
    bias_variance : float, optional
        Biases i.i.d. :math:`N(0,\sigma_b^2)` (symmetric, as Proposition 2 assumes).

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    :math:`h^l = W_lx^{l-1}+b_l`, :math:`x^l=\max(h^l,0)`, at the fixed input
    :math:`x^0 = (1,\dots,1)`; :math:`J u` is propagated forward as
    :math:`v^l = 1\{h^l>0\}\odot W_lv^{l-1}` (exact, no finite differences).
    Proposition 2 of Hanin--Nica: :math:`J\overset{d}{=}D_dW_d\cdots D_1W_1`
    with independent Bernoulli(1/2) masks.

    Examples
    --------
    >>> x = relu_jacobian_norm(2, np.random.default_rng(0), [6, 6, 6])
    >>> x.shape
    (2,)
    """
    n, ws = _check(n, rng, widths)
    sb = float(bias_variance)
    require(math.isfinite(sb) and sb >= 0, f"bias_variance must be >= 0, got {bias_variance!r}")
    vs = np.tile(_input(u, ws[0]), (n, 1))
    xs = np.ones((n, ws[0]))
    logs = np.zeros(n)
    for n_in, n_out in zip(ws[:-1], ws[1:]):
        W = draw_entries(rng, (n, n_out, n_in), entries) * math.sqrt(2.0 / n_in)
        h = np.einsum("boi,bi->bo", W, xs) + math.sqrt(sb) * rng.standard_normal((n, n_out))
        mask = h > 0
        xs = np.where(mask, h, 0.0)
        vs = np.einsum("boi,bi->bo", W, vs) * mask
        vs, logs = _propagate(vs, logs)
    return logs
