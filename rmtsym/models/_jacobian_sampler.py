"""Sampler of the input–output Jacobian spectrum of a real random network.

Private helper of :mod:`rmtsym.models.jacobian`; kept separate so that the
worker processes of ``jobs > 1`` import numpy only (no SymPy, no mpmath).

Every random number is drawn from ``numpy.random.default_rng`` generators
seeded from ``numpy.random.SeedSequence(seed)`` (DESIGN.md, "Numbers"): the
result depends on ``(seed, n, depth, ...)`` only, not on ``jobs`` or on the
number of threads.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__ = ["NUMPY_DERIVATIVES", "jacobian_eigenvalues", "jacobian_network", "sample_spectra"]


def _relu(h):
    return np.maximum(h, 0.0)


def _relu_d(h):
    return (h > 0).astype(np.float64)


def _hardtanh(h):
    return np.clip(h, -1.0, 1.0)


def _hardtanh_d(h):
    return (np.abs(h) < 1).astype(np.float64)


def _tanh_d(h):
    t = np.tanh(h)
    return 1.0 - t * t


#: name -> (phi, phi') as vectorised numpy functions
NUMPY_DERIVATIVES = {
    "linear": (lambda h: h, lambda h: np.ones_like(h)),
    "relu": (_relu, _relu_d),
    "hardtanh": (_hardtanh, _hardtanh_d),
    "tanh": (np.tanh, _tanh_d),
}

# One thread pool per process for drawing the layers' Gaussian matrices in
# parallel (numpy's Generator releases the GIL while filling an array).
_POOL = None


def _pool():
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1)))
    return _POOL


def _draw(args):
    rng, out, kind = args
    rng.standard_normal(out=out)
    if kind == "orthogonal":
        q, r = np.linalg.qr(out)
        q *= np.sign(np.diag(r))          # Haar measure on O(n) (Mezzadri's sign fix)
        out[...] = q
    return out


def jacobian_eigenvalues(phi, dphi, depth, n, sigma_w2, sigma_b2, q0, weights, rng,
                         threads=True, buffers=None):
    """Eigenvalues of J Jᵀ for one random network (one sample).

    The network: x⁰ = √(n q0) u/‖u‖ (u standard Gaussian, so ‖x⁰‖²/n = q0
    exactly), h^l = W^l x^{l-1} + b^l, x^l = φ(h^l), W^l = σ_w X^l/√n with
    X^l standard Gaussian (or Haar orthogonal times √n when
    ``weights == "orthogonal"``, so that W^l = σ_w O^l), b^l ~ N(0, σ_b² I).
    J = D_L W_L ⋯ D_1 W_1 with D_l = diag φ'(h^l).

    Work per sample: L Gaussian n×n matrices (drawn in parallel threads),
    L − 1 matrix products G_l @ A (the first layer is a row scaling), one
    symmetric rank-n update A Aᵀ (``syrk``: half a product), one
    ``eigvalsh``.  The scalars σ_w/√n are folded into the diagonal row
    scalings, so no product is spent on them; everything is float64.
    """
    rngs = rng.spawn(depth + 1)        # one child generator per layer + one for x0, biases
    if buffers is None or buffers[0].shape[0] != n or len(buffers) < depth + 2:
        buffers = [np.empty((n, n)) for _ in range(depth + 2)]
    mats = buffers[:depth]
    jobs = [(rngs[l], mats[l], weights) for l in range(depth)]
    if threads and depth > 1:
        list(_pool().map(_draw, jobs))
    else:
        for job in jobs:
            _draw(job)
    rng0 = rngs[depth]
    u = rng0.standard_normal(n)
    x = u * np.sqrt(n * q0) / np.linalg.norm(u)
    biases = rng0.standard_normal((depth, n)) * np.sqrt(sigma_b2)
    scale = np.sqrt(sigma_w2) if weights == "orthogonal" else np.sqrt(sigma_w2 / n)
    a, b = buffers[depth], buffers[depth + 1]
    for l in range(depth):
        g = mats[l]
        h = scale * (g @ x) + biases[l]
        d = scale * dphi(h)                    # row scaling of layer l: diag(φ'(h)) σ_w/√n
        if l == 0:
            np.multiply(g, d[:, None], out=a)
        else:
            np.matmul(g, a, out=b)
            b *= d[:, None]
            a, b = b, a
        x = phi(h)
    gram = a @ a.T                             # numpy dispatches A @ A.T to syrk
    return np.linalg.eigvalsh(gram)


def jacobian_network(n, rng, activation="relu", depth=2, sigma_w2=2.0, sigma_b2=0.0, q0=1.0,
                     weights="gaussian"):
    """Eigenvalues of J Jᵀ of one random network, in the ``sampler(n, rng, **params)``
    form of :data:`rmtsym.sampling.SAMPLERS` (ascending, length n)."""
    phi, dphi = NUMPY_DERIVATIVES[activation]
    return jacobian_eigenvalues(phi, dphi, depth, n, float(sigma_w2), float(sigma_b2),
                                float(q0), weights, rng)


def _worker(args):
    (name, depth, n, sigma_w2, sigma_b2, q0, weights, seeds, threads) = args
    phi, dphi = NUMPY_DERIVATIVES[name]
    buffers = [np.empty((n, n)) for _ in range(depth + 2)]
    out = np.empty((len(seeds), n))
    for i, s in enumerate(seeds):
        out[i] = jacobian_eigenvalues(phi, dphi, depth, n, sigma_w2, sigma_b2, q0, weights,
                                      np.random.default_rng(s), threads=threads,
                                      buffers=buffers)
    return out


def _init_worker():
    # one BLAS thread per worker process: the processes are the parallelism
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"


def sample_spectra(name, depth, n, samples, sigma_w2, sigma_b2, q0, weights, seed, jobs=1):
    """Eigenvalues of J Jᵀ over ``samples`` independent networks, shape (samples, n).

    Sample i uses ``SeedSequence(seed).spawn(samples)[i]`` whatever ``jobs``
    is, so the result is reproducible and independent of the process count.
    With ``jobs > 1`` the samples are split over a ``spawn`` process pool with
    one BLAS thread per process (set before numpy is imported there).
    """
    seeds = np.random.SeedSequence(seed).spawn(samples)
    if jobs <= 1 or samples < 2:
        return _worker((name, depth, n, sigma_w2, sigma_b2, q0, weights, seeds, True))
    import multiprocessing as mp
    jobs = min(jobs, samples)
    chunks = [seeds[i::jobs] for i in range(jobs)]
    ctx = mp.get_context("spawn")
    old = {v: os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                          "MKL_NUM_THREADS")}
    _init_worker()                              # inherited by the spawned children
    try:
        with ctx.Pool(jobs) as pool:
            parts = pool.map(_worker, [(name, depth, n, sigma_w2, sigma_b2, q0, weights, c,
                                        False) for c in chunks])
    finally:
        for v, val in old.items():
            if val is None:
                os.environ.pop(v, None)
            else:
                os.environ[v] = val
    out = np.empty((samples, n))
    for i in range(jobs):
        out[i::jobs] = parts[i]
    return out
