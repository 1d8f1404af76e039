r"""PW17 Gram spectrum of a tanh layer (smooth f, 30-digit constants) — corrected ζ.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey) §4.2, with PW17's
ζ = [σ_wσ_x E σ'(σ_wσ_x ξ)]² (the survey's ζ is refuted in
``gram_pw17_zeta_erratum``).  σ = tanh, σ_w² = 2, σ_x² = 3/4, φ = ψ = 1/2.

Routes: numeric — moments(k, dps=30) of :class:`GramSpectrum` (series of the
quartic at η, ζ from the library's Gaussian quadrature) against the outer-planar
enumeration at η, ζ computed here by mpmath.quad (independent quadrature), to
25 digits; empirical — sampled tanh layers (Richardson moments, KS, edges).

Expected verdict: NUMERIC.
"""

import mpmath
import sympy

from rmtsym.combinatorics.gram_pw17 import gram_moments_pw17
from rmtsym.verify import Claim, empirical_spectrum, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims._gram import float_support, theory_density
from rmtsym.claims.gram_pw17_zeta_erratum import PHI, PSI, model


def _quad_constants(dps):
    with mpmath.workdps(dps + 10):
        q = mpmath.mpf(3) / 2
        w = lambda u: mpmath.exp(-u * u / 2) / mpmath.sqrt(2 * mpmath.pi)   # noqa: E731
        eta = mpmath.quad(lambda u: w(u) * mpmath.tanh(mpmath.sqrt(q) * u) ** 2, [-mpmath.inf, 0, mpmath.inf])
        zeta = mpmath.quad(lambda u: w(u) * u * mpmath.tanh(mpmath.sqrt(q) * u), [-mpmath.inf, 0, mpmath.inf]) ** 2
        return eta, zeta


def _moments(ctx, dps):
    eta, zeta = _quad_constants(dps)
    ref = gram_moments_pw17(4, sympy.Float(eta, dps + 10), sympy.Float(zeta, dps + 10), PHI, PSI)
    got = model().moments(4, dps=dps)
    return [(f"m_{k}", got[k], sympy.Float(ref[k - 1], dps + 10), mpmath.mpf(10) ** (-(dps - 2)))
            for k in range(1, 5)]


CLAIM = Claim(
    id="gram_pw17_tanh",
    title=r"PW17 Gram spectrum of a tanh layer: 30-digit moments and sampled spectra (PW17's $\zeta$)",
    source=SURVEY,
    formula=r"§4.2 quartic $P(t)$ with PW17 eq. (6) $\zeta = [\sigma_w\sigma_x\, \mathbb E\, \sigma'(\sigma_w\sigma_x \xi)]^2$",
    statement=(r"$M=\frac1m\tanh(WX)\tanh(WX)^T$, $\sigma_w^2=2$, $\sigma_x^2=\frac34$, $\phi=\psi=\frac12$, "
               r"follows the PW17 law with $\eta=\mathbb E\tanh^2$, $\zeta=(\mathbb E\,\xi\tanh)^2$."),
    expected="NUMERIC",
    erratum_of="gram_pw17_zeta_erratum",
    theory=lambda: model().measure(20),
    checks=[
        numeric_values("moments: quartic series at library constants vs enumeration at mpmath.quad constants",
                       _moments, digits=25, dps=30),
        empirical_spectrum("sampled tanh layers", "gram", model().sample_params(),
                           lambda ctx, k: [sympy.Float(v, 30) for v in model().moments(k, dps=30)],
                           n=(240, 800), samples=(24, 100), seed=20171, orders=2,
                           density=theory_density(model()),
                           support=lambda: float_support(model()),
                           edges=lambda: (float_support(model())[0][0], float_support(model())[-1][1])),
    ],
)
