r"""Pennington–Worah Fisher matrix of the linear network: atom ½ at 0 plus the elliptic density on [0, 8].

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.3 [PW18], linear
case σ(z) = z, X ~ N(0, I_n), W^{(α)}_ij ~ N(0, 1/n), square widths:
"ρ_{H₀}(λ) = ½ δ(λ) + [ (1/2π²) E((8−λ)λ/16) + ((4−λ)/(8π²)) K((8−λ)λ/16) ] 1_[0,8](λ)",
K, E complete elliptic integrals in the parameter convention
K(k) = ∫₀^{π/2} dθ/√(1 − k sin²θ).

Corrected reading (this claim): H₀ = E_x[JᵀJ] is 2n² × 2n²; writing
J(x) = Σ_j x_j J(e_j) gives H₀ = BᵀB with BBᵀ = W₂W₂ᵀ ⊗ I + I ⊗ W₁ᵀW₁, so
H₀ has n² zero eigenvalues and the n² sums a_i + b_j of eigenvalues of two
independent MP(1) matrices.  Its spectral law is ½δ₀ + ½ (MP(1) ∗ MP(1))
(∗ = classical convolution), with moments m₀ = 1,
m_d = ½ Σ_k binom(d,k) C_k C_{d−k} (d ≥ 1) — half the survey's
"tr[H₀^d] = Σ binom(d,k) C_{d−k} C_k", which is (1/n²) tr H₀^d.  The
survey's density formula is right (its a.c. part is ½ the density of
MP(1) ∗ MP(1)); its moment/Stieltjes formula is not the law of that
density: see ``pw_fisher_linear_erratum``.

Expected verdict: EXACT.
"""

import math

import numpy as np
import sympy

from rmtsym.combinatorics.fisher_words import fisher_linear_moments
from rmtsym.laws.named import marchenko_pastur
from rmtsym.verify import Claim, empirical_spectrum, exact_sequences

from rmtsym.claims._common import SURVEY, quad_moments_check

K = 6


def elliptic_density(x, lib=np):
    """The survey's a.c. part (1/2π²) E(k) + ((4 − λ)/(8π²)) K(k), k = (8 − λ)λ/16, on [0, 8]."""
    if lib is np:
        from scipy.special import ellipe, ellipk
        x = np.asarray(x, dtype=float)
        k = np.clip((8 - x) * x / 16, 0.0, 1.0)
        with np.errstate(all="ignore"):
            kk = np.where(k < 1, ellipk(np.minimum(k, 1 - 1e-16)), 0.0)
            out = ellipe(k) / (2 * np.pi ** 2) + (4 - x) / (8 * np.pi ** 2) * kk
        return np.where((x > 0) & (x < 8), out, 0.0)
    if x <= 0 or x >= 8:
        return lib.mpf(0)
    k = 1 - (x - 4) ** 2 / 16                       # = (8 − λ)λ/16, exact near λ = 4
    if k >= 1:                                      # λ = 4: (4 − λ) K(k) → 0 (log singularity)
        return lib.ellipe(1) / (2 * lib.pi ** 2)
    return lib.ellipe(k) / (2 * lib.pi ** 2) + (4 - x) / (8 * lib.pi ** 2) * lib.ellipk(k)


def fisher_width(n):
    """k for n = 2k² (the finite-size bias of H₀ is O(1/k), not O(1/n))."""
    return math.sqrt(n / 2)


def fisher_half(n):
    """The sampler size with half the width: 2(k/2)² (Richardson in k)."""
    k = int(round(math.sqrt(n / 2)))
    return 2 * (k // 2) ** 2


def moments_words(ctx, k=K):
    """½ × (1/n²) tr H₀^d by the word expansion (rmtsym.combinatorics), m₀ = 1."""
    a = fisher_linear_moments(k)
    return [sympy.Integer(1)] + [sympy.Rational(x, 2) for x in a[1:]]


def moments_convolution(ctx, k=K):
    """½δ₀ + ½ MP(1) ∗ MP(1): binomial convolution of the MP(1) moments."""
    mp = marchenko_pastur(1).moments(k)
    conv = [sum(sympy.binomial(d, j) * mp[j] * mp[d - j] for j in range(d + 1)) for d in range(k + 1)]
    return [sympy.Integer(1)] + [c / 2 for c in conv[1:]]


CLAIM = Claim(
    id="pw_fisher_linear",
    title=r"PW18 Fisher matrix, linear case: $\frac{1}{2}\delta_0$ + elliptic density on $[0, 8]$ (corrected moments)",
    source=SURVEY,
    formula=(r"§4.3: $\rho_{H_0} = \frac12\delta(\lambda) + \bigl[E\bigl(\tfrac{(8-\lambda)\lambda}{16}\bigr)/(2\pi^2) "
             r"+ (4 - \lambda) K\bigl(\tfrac{(8-\lambda)\lambda}{16}\bigr)/(8\pi^2)\bigr]\,1_{[0,8]}$"),
    statement=(r"For $\hat y=W^{(2)}W^{(1)}x$ (square, $W_{ij}\sim N(0,1/n)$, $x\sim N(0,I)$), "
               r"$H_0=\mathbb E_x[J^TJ]$ has spectral law $\frac12\delta_0+\Big[\frac{1}{2\pi^2}E\big(\tfrac{(8-\lambda)\lambda}{16}\big)"
               r"+\frac{4-\lambda}{8\pi^2}K\big(\tfrac{(8-\lambda)\lambda}{16}\big)\Big]\mathbf 1_{[0,8]}$, "
               r"with moments $m_0=1$, $m_d=\frac12\sum_k\binom dk C_kC_{d-k}$ ($d\ge1$)."),
    expected="EXACT",
    notes=(r"Moments normalised by the dimension $2n^2$ of $H_0$; the survey's sum is "
           r"$\frac{1}{n^2} \operatorname{tr} H_0^d$. Sampler: spectrum "
           r"$\{0\}^{n^2} \cup \{a_i + b_j\}$ (reduction checked against the explicit $H_0$ in "
           "tests)."),
    erratum_of="",
    checks=[
        exact_sequences("moments: word expansion vs ½δ₀ + ½ MP∗MP", moments_words, moments_convolution,
                        r"words $b \in \{1,2\}^d$, planar Wick pairings (`rmtsym.combinatorics`)",
                        "binomial convolution of MP(1) moments, atom 1/2 at 0"),
        quad_moments_check("moments of the survey's density", lambda x, lib: elliptic_density(x, lib),
                           [0, 4, 8], [(0, sympy.Rational(1, 2))], moments_words, K=K, digits=15),
        empirical_spectrum("sampled H0 spectra", "linear_fisher", {},
                           moments_words, n=(2 * 60 ** 2, 2 * 150 ** 2), samples=(800, 400),
                           seed=20240616, density=elliptic_density, support=[(0.0, 8.0)],
                           atoms=[(0.0, 0.5)], edges=(0.0, 8.0), size=fisher_width, half=fisher_half),
    ],
)
