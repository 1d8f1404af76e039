r"""ERRATUM: the survey's PW18 Fisher moments are not the moments of its density.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.3: "tr[H₀^d] =
Σ_{k=0}^d binom(d,k) C_{d−k} C_k.  Therefore, the Stieltjes transform of H₀
is m(z) = Σ 1/z^{k+1} Σ_k binom(d,k) C_{d−k} C_k so that ρ_{H₀}(λ) = ½δ(λ) +
[(1/2π²)E((8−λ)λ/16) + ((4−λ)/(8π²))K((8−λ)λ/16)] 1_[0,8](λ)."

Read as stated — the moments of the spectral law ρ_{H₀} are
a_d = Σ_k binom(d,k) C_k C_{d−k} = 1, 2, 6, 22, 92, ... — the statement fails:

* EXACT: the normalised moments of H₀ (2n² × 2n²) are a_d/2 for d ≥ 1
  (word expansion, and ½δ₀ + ½ MP(1) ∗ MP(1)); m₁ = 1, not 2.
* NUMERIC: the moments of the survey's own density (quadrature, atom ½
  at 0) are 1, 1, 3, 11, 46, ..., not 1, 2, 6, 22, 92.
* EMPIRICAL: sampled H₀ spectra have mean 1, not 2.

(A series with these a_d and a_0 = 1 has no atom at 0 — it is the law of
MP(1) ∗ MP(1) — so it cannot produce the ½δ.  Also the survey's
m(z) = Σ m_k / z^{k+1} is the Cauchy transform G = −m of docs/conventions.md; its
summation index is garbled, "Σ_k ... Σ_{k=0}^d".)  Corrected claim:
``pw_fisher_linear``.

Expected verdict: REFUTED.
"""

import math

import sympy

from rmtsym.verify import Claim, empirical_spectrum, exact_sequences

from rmtsym.claims._common import SURVEY, quad_moments_check
from rmtsym.claims.pw_fisher_linear import elliptic_density, fisher_half, fisher_width, moments_words

K = 6


def survey_moments(ctx, k=K):
    """Σ_k binom(d,k) C_{d−k} C_k as written in the survey."""
    return [sum(sympy.binomial(d, j) * sympy.catalan(d - j) * sympy.catalan(j) for j in range(d + 1))
            for d in range(k + 1)]


CLAIM = Claim(
    id="pw_fisher_linear_erratum",
    title="ERRATUM: PW18 Fisher moments (the survey's Catalan convolution) vs the survey's density, §4.3",
    source=SURVEY,
    formula=(r"§4.3: $\operatorname{tr}[H_0^d] = \sum_k \binom{d}{k} C_{d-k} C_k$, "
             r"$m(z) = \sum z^{-k-1}(\dots)$, $\rho_{H_0} = \frac12\delta + [\dots]\,1_{[0,8]}$"),
    statement=(r"The spectral law $\rho_{H_0}=\frac12\delta_0+[\dots]\mathbf 1_{[0,8]}$ has moments "
               r"$\sum_{k=0}^d\binom dk C_{d-k}C_k$ (i.e. $m(z)=\sum_d z^{-d-1}\sum_k\binom dk C_{d-k}C_k$)."),
    expected="REFUTED",
    refuted_by=('stated moments vs H0 moments (words)', "moments of the survey's density vs stated moments", 'sampled H0 spectra vs stated moments',),
    erratum=(r"Factor-2 normalisation error: $\sum_k \binom{d}{k} C_k C_{d-k}$ is "
             r"$\frac{1}{n^2} \operatorname{tr} H_0^d$, but $H_0$ is $2n^2 \times 2n^2$ with $n^2$ "
             r"zero eigenvalues; the law's moments are half ($d \ge 1$): $m_1 = 1$, not 2. "
             "The density formula is right; the moment/Stieltjes formula does not describe it."),
    corrected_by="pw_fisher_linear",
    checks=[
        exact_sequences("stated moments vs H0 moments (words)", survey_moments, moments_words,
                        r"survey: $\sum_k \binom{d}{k} C_{d-k} C_k$", r"$\frac{1}{2n^2}\operatorname{tr} H_0^d$ by the word expansion"),
        quad_moments_check("moments of the survey's density vs stated moments",
                           lambda x, lib: elliptic_density(x, lib), [0, 4, 8],
                           [(0, sympy.Rational(1, 2))], survey_moments, K=K, digits=15),
        empirical_spectrum("sampled H0 spectra vs stated moments", "linear_fisher", {},
                           survey_moments, n=(2 * 60 ** 2, 2 * 150 ** 2), samples=(800, 400),
                           seed=20240617, edges=(0.0, 8.0), atoms=[(0.0, 0.5)],
                           density=elliptic_density, support=[(0.0, 8.0)],
                           size=fisher_width, half=fisher_half,
                           description="the KS test compares with the survey's density, which is right; "
                                       "the stated moments are not its moments"),
    ],
)
