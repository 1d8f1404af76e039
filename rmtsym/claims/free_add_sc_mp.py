r"""R-transform additivity: semicircle(1) ⊞ Marchenko–Pastur(1/2), and the GOE + Wishart spectrum.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §2.2: "R(m(z)) +
1/m(z) = z.  When A and B are freely independent, R_{A+B} = R_A + R_B", and
the four-step recipe (R-transforms of A and B, add, invert, Stieltjes
inversion).

Convention (corrected): the identity holds with the Cauchy transform
G = −m, i.e. G(R(w) + 1/w) = w (docs/conventions.md); then R_SC(w) = w,
R_MP(c)(w) = 1/(1 − c w).  The survey's literal reading with its Stieltjes
transform m is refuted in ``rmtsym/claims/r_transform_survey_erratum.py``.

Model: H + W with H a GOE (variance 1) and W = (1/m) X Xᵀ, n/m = 1/2,
independent (asymptotically free).

Expected verdict: EXACT.
"""

from typing import Any

import sympy

from rmtsym.combinatorics.noncrossing import free_sum_moments
from rmtsym.free.convolution import free_add
from rmtsym.laws.named import marchenko_pastur, semicircle
from rmtsym.core.measure import M, Z
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, exact_sequences, float_density

from rmtsym.claims._common import SURVEY, measure_moments_check, numeric_support, stieltjes_series_check

K = 6
C = sympy.Rational(1, 2)
w = sympy.Symbol("w")


def sc():
    return semicircle(1)


def mp():
    return marchenko_pastur(C)


_cache: dict[str, Any] = {}


def theory():
    if "mu" not in _cache:
        _cache["mu"] = free_add(sc(), mp())
    return _cache["mu"]


def _r_identity(ctx):
    P = theory().stieltjes_polynomial().as_expr()
    R = w + 1 / (1 - C * w)                  # R_SC + R_MP, G convention
    val = sympy.together(P.subs({M: -w, Z: R + 1 / w}))
    num = sympy.expand(sympy.numer(val))
    return num, 0, [
        {"title": "R-transforms (G convention)",
         "latex": r"R_{\mathrm{SC}(1)}(w) = w,\quad R_{\mathrm{MP}(1/2)}(w) = \frac{1}{1 - w/2}"},
        {"title": "Sum", "latex": r"R(w) = " + sympy.latex(R)},
        {"title": "Equation of the free sum (resultant elimination)", "latex": sympy.latex(P) + " = 0"},
        {"title": "Substitute G = w, z = R(w) + 1/w", "latex": r"P(-w, R(w) + 1/w) = " + sympy.latex(val)}]


_float: dict[str, Any] = {}


def rho(x):
    """Float density of the free sum on the physical branch (figures and KS)."""
    if "rho" not in _float:
        _float["rho"] = float_density(theory())
    return _float["rho"](x)


def support():
    """Support of the free sum from the branch points of its equation (rmtsym.numerics)."""
    if "support" not in _float:
        _float["support"] = numeric_support(theory())
    return _float["support"]


CLAIM = Claim(
    id="free_add_sc_mp",
    title=r"R-transform additivity: $\mathrm{SC}(1) \boxplus \mathrm{MP}(1/2)$ and the GOE + Wishart spectrum, survey §2.2",
    source=SURVEY,
    formula=r"§2.2: $R_{A+B} = R_A + R_B$ (with $G(R(w) + 1/w) = w$), recipe steps 1–4",
    statement=(r"For $A$ GOE (variance 1) and $B=\frac1m XX^T$ ($n/m\to\frac12$) independent, "
               r"$\rho_{A+B}\rightharpoonup\mu_{sc}\boxplus\mathrm{MP}(\tfrac12)$, the law with "
               r"$R(w)=R_{sc}(w)+R_{\mathrm{MP}}(w)=w+\frac{1}{1-w/2}$ where $G(R(w)+1/w)=w$, $G=-m$."),
    expected="EXACT",
    notes=(r"R-transform in the $G = -m$ convention of docs/conventions.md; `free_add` eliminates by "
           "resultants."),
    theory=theory,
    checks=[
        exact_sequences("free cumulants add", lambda ctx: theory().free_cumulants(K),
                        lambda ctx: [sympy.expand(a + b) for a, b in
                                     zip(sc().free_cumulants(K), mp().free_cumulants(K))],
                        "free cumulants of the eliminated equation", "sum of the free cumulants",
                        quantity="kappa", start=1),
        exact_identity("P(-w, R_sc(w) + R_mp(w) + 1/w) = 0", _r_identity,
                       label=r"$P(-w, R_{\mathrm{sc}}(w) + R_{\mathrm{mp}}(w) + 1/w) = 0$"),
        exact_sequences("moments: elimination vs NC partitions", lambda ctx: theory().moments(K),
                        lambda ctx: free_sum_moments(sc().moments(K), mp().moments(K)),
                        "power series of the resultant equation",
                        "moment-cumulant sum over non-crossing partitions"),
        stieltjes_series_check("m(6+6i): equation root vs moment series", theory, 6 + 6j, 5.0),
        measure_moments_check("moments of the numeric density vs exact", theory, K=K),
        empirical_spectrum("GOE + Wishart spectra", "wigner_plus_wishart",
                           {"variance": 1.0, "ratio": float(C)},
                           lambda ctx, k: theory().moments(k), n=(400, 1000), samples=(100, 400),
                           seed=20240614, density=rho, support=support,
                           edges=lambda: support()[0],
                           description="edges: branch points of the equation (`rmtsym.numerics.support`)"),
    ],
)
