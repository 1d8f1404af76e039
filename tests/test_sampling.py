"""rmtsym.sampling: samplers, seeds independent of the pool size, statistics, errors."""

import math

import numpy as np
import pytest

from rmtsym.core.errors import RmtsymError
from rmtsym import sampling
from rmtsym.sampling.ensembles import (SAMPLERS, linear_fisher, linear_fisher_explicit, richardson_moments,
                             sample_spectra, spectral_moments)


#: samplers whose n or parameters are constrained: name -> (n, params, length of the output,
#: whether the output is a sorted spectrum (False: n independent scalar samples))
SPECIAL = {
    "fisher_network": (32, {}, 32, True),                 # n = 2k^2 parameters (k = 4)
    "hessian_pb17": (6, {}, 2 * 6 ** 2, True),            # width n: 2n^2 parameters
    "matrix_product": (40, {"widths": [4, 6, 5]}, 40, False),     # log||Mu||^2 samples
    "relu_jacobian_norm": (40, {"widths": [4, 6, 5]}, 40, False),
    "relu_network_paths": (40, {}, 40, False),             # network outputs
    "spin_glass": (40, {}, 40, False),                     # pairs of Hamiltonian values
    "linear_fisher": (32, {}, 32, True),
    "linear_fisher_explicit": (32, {}, 32, True),
}


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_every_sampler_shape_and_order(name):
    """Every registered sampler returns a finite 1-d array of the stated length; a spectrum
    sampler returns it sorted (the contract of rmtsym.sampling.registry)."""
    n, params, length, spectrum = SPECIAL.get(name, (40, {}, 40, True))
    ev = SAMPLERS[name](n, np.random.default_rng(0), **params)
    assert ev.shape == (length,)
    assert np.all(np.isfinite(ev))
    if spectrum:
        assert np.all(np.diff(ev) >= 0)


def test_same_seed_same_numbers_and_independent_of_jobs():
    a = sample_spectra("wishart", 60, 6, seed=11, params={"ratio": 0.5})
    b = sample_spectra("wishart", 60, 6, seed=11, params={"ratio": 0.5})
    c = sample_spectra("wishart", 60, 6, seed=11, params={"ratio": 0.5}, jobs=2)
    d = sample_spectra("wishart", 60, 6, seed=12, params={"ratio": 0.5})
    assert np.array_equal(a.eigenvalues, b.eigenvalues)
    assert np.array_equal(a.eigenvalues, c.eigenvalues)
    assert not np.array_equal(a.eigenvalues, d.eigenvalues)
    # matrix i only depends on child seed i: a prefix of a longer run is the shorter run
    e = sample_spectra("wishart", 60, 3, seed=11, params={"ratio": 0.5})
    assert np.array_equal(a.eigenvalues[:3], e.eigenvalues)


def test_jacobian_sampler_registered_seeded_and_independent_of_jobs():
    # registered in sampling itself (no import of rmtsym/claims/ or models/ needed)
    assert SAMPLERS["jacobian"] is sampling.jacobian_network
    p = {"activation": "tanh", "depth": 3, "sigma_w2": 1.5, "sigma_b2": 0.1, "q0": 0.7,
         "weights": "gaussian"}
    a = sample_spectra("jacobian", 30, 4, seed=8, params=p)
    b = sample_spectra("jacobian", 30, 4, seed=8, params=p)
    c = sample_spectra("jacobian", 30, 4, seed=8, params=p, jobs=2)
    d = sample_spectra("jacobian", 30, 4, seed=9, params=p)
    assert np.array_equal(a.eigenvalues, b.eigenvalues)
    assert np.array_equal(a.eigenvalues, c.eigenvalues)
    assert not np.array_equal(a.eigenvalues, d.eigenvalues)
    # threads only parallelise the draws: same numbers without them
    ss = np.random.SeedSequence(8).spawn(4)[2]
    phi, dphi = sampling.JACOBIAN_ACTIVATIONS["tanh"]
    e = sampling.jacobian_eigenvalues(phi, dphi, 3, 30, 1.5, 0.1, 0.7, "gaussian",
                                      np.random.default_rng(ss), threads=False)
    assert np.array_equal(e, a.eigenvalues[2])


def test_jacobian_sampler_against_explicit_network():
    # same draws as jacobian_eigenvalues (child l -> W^l; last child -> u, then biases),
    # J assembled by the textbook chain rule with dense matrices
    n, L, sw2, sb2, q0 = 25, 2, 1.5, 0.1, 0.7
    rng = np.random.default_rng(3)
    kids = np.random.default_rng(3).spawn(L + 1)
    Ws = [kids[l].standard_normal((n, n)) * math.sqrt(sw2 / n) for l in range(L)]
    u = kids[L].standard_normal(n)
    bs = kids[L].standard_normal((L, n)) * math.sqrt(sb2)
    x = u * math.sqrt(n * q0) / np.linalg.norm(u)
    J = np.eye(n)
    for W, b in zip(Ws, bs):
        h = W @ x + b
        J = np.diag((h > 0).astype(float)) @ W @ J
        x = np.maximum(h, 0)
    ref = np.linalg.eigvalsh(J @ J.T)
    ev = sampling.jacobian_network(n, rng, "relu", L, sw2, sb2, q0)
    assert np.allclose(ev, ref, atol=1e-12)


def test_record_carries_n_samples_seed():
    s = sample_spectra("wigner", 30, 2, seed=5, params={"variance": 2.0})
    assert s.record() == {"sampler": "wigner", "params": {"variance": 2.0}, "n": 30,
                          "samples": 2, "seed": 5}
    assert s.pooled().shape == (60,) and np.all(np.diff(s.pooled()) >= 0)


def test_global_numpy_rng_untouched():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    sample_spectra("wigner", 20, 2, seed=1)
    assert np.array_equal(before, np.random.get_state()[1])


def test_linear_fisher_reduction_matches_explicit_jacobian():
    for k in (3, 5):
        a = linear_fisher_explicit(2 * k * k, np.random.default_rng(k))
        b = linear_fisher(2 * k * k, np.random.default_rng(k))
        assert np.allclose(a, b, atol=1e-10)


def test_wishart_atom_at_zero_when_ratio_above_one():
    ev = sampling.wishart(100, np.random.default_rng(2), ratio=2.0)
    assert np.sum(np.abs(ev) < 1e-9) == 50


def test_moments_and_richardson_cancel_the_one_over_n_bias():
    # MP(1/2), variance 3: m_1 = 3, m_2 = 9 (1 + c) = 13.5 -- non-unit parameters on purpose
    big = sample_spectra("wishart", 200, 30, seed=3, params={"ratio": 0.5, "variance": 3.0})
    small = sample_spectra("wishart", 100, 30, seed=4, params={"ratio": 0.5, "variance": 3.0})
    mean, se = spectral_moments(big, 2)
    assert abs(mean[0] - 3) < 5 * se[0] + 0.01
    r = richardson_moments(big, small, 2)
    assert abs(r["estimate"][1] - 13.5) < 5 * r["stderr"][1] + r["bias_bound"][1]
    assert np.all(r["bias_bound"] >= 0)


def test_wishart_product_mean_and_edge():
    ev = sampling.wishart_product(150, np.random.default_rng(9), factors=2)
    assert abs(ev.mean() - 1) < 0.1 and ev.max() < 27 / 4 + 0.6


@pytest.mark.parametrize("call, word", [
    (lambda: sample_spectra("nope", 10, 2, seed=0), "sampler"),
    (lambda: sample_spectra("wigner", 1, 2, seed=0), "n"),
    (lambda: sample_spectra("wigner", 10, 0, seed=0), "samples"),
    (lambda: sample_spectra("wigner", 10, 2, seed=-1), "seed"),
    (lambda: sample_spectra("wigner", 10, 2, seed=0, jobs=0), "jobs"),
    (lambda: sample_spectra("wigner", 10, 2, seed=0, params={"bogus": 1}), "params"),
    (lambda: sampling.wishart(10, np.random.default_rng(0), ratio=0), "ratio"),
    (lambda: sampling.wigner(10, np.random.default_rng(0), variance=-1), "variance"),
    (lambda: sampling.shifted_wishart(10, np.random.default_rng(0), shift=-1), "shift"),
    (lambda: sampling.wigner(10, 0), "rng"),
    (lambda: linear_fisher(10, np.random.default_rng(0)), "n"),
    (lambda: sampling.wishart_product(10, np.random.default_rng(0), factors=0), "factors"),
    (lambda: sampling.jacobian_network(10, np.random.default_rng(0), "softsign"), "activation"),
    (lambda: sampling.jacobian_network(10, np.random.default_rng(0), depth=0), "depth"),
    (lambda: sampling.jacobian_network(10, np.random.default_rng(0), weights="unitary"),
     "weights"),
    (lambda: sampling.jacobian_network(10, np.random.default_rng(0), sigma_b2=-1), "sigma_b2"),
    (lambda: sampling.jacobian_network(10, np.random.default_rng(0), sigma_w2=0), "sigma_w2"),
])
def test_bad_input_names_the_parameter(call, word):
    with pytest.raises(RmtsymError, match=word):
        call()


def test_default_jobs_positive():
    assert sampling.default_jobs() >= 1
    assert math.isfinite(sampling.default_jobs())
