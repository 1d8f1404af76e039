r"""Shifted Marchenko–Pastur equation of Liao–Couillet (gradient-descent dynamics).

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Theorem
(Training and test performance of GDD, [LC18]): "m(z) unique ST solution to
c(z − γ)m²(z) − (1 − c − z + γ)m(z) + 1 = 0", "the Marčenko–Pastur law
(shifted by γ ≥ 0)", with the MP law of eq. (17).

Claim: this m is the Stieltjes transform (docs/conventions.md convention, m ~ −1/z) of
the law of (1/n) X Xᵀ + γ I, X p×n, p/n → c, i.e. of MP(c) shifted by γ.
Checked symbolically in (c, γ) and at c = 1/2, γ = 1/4.

Expected verdict: EXACT.
"""

import sympy

from rmtsym.laws.named import marchenko_pastur
from rmtsym.core.measure import M, Z
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, exact_sequences

from rmtsym.claims._common import (COURSE, mp_density, mp_edges, mp_edges_exact, narayana_moments,
                            quad_moments_check, series_moments, shift_moments, stieltjes_root_check)

K = 6
c, g = sympy.symbols("c gamma", positive=True)
P_SEED = c * (Z - g) * M ** 2 - (1 - c - Z + g) * M + 1
C0, G0 = sympy.Rational(1, 2), sympy.Rational(1, 4)
P0 = P_SEED.subs({c: C0, g: G0})


def _identity(ctx):
    Q = marchenko_pastur(c).affine(1, g).stieltjes_polynomial().as_expr()
    # both canonical up to a constant factor: normalise by the constant term in m
    lhs = sympy.expand(P_SEED)
    rhs = sympy.expand(Q * (P_SEED.subs(M, 0) / Q.subs(M, 0)))
    return lhs, rhs, [{"title": "Course equation", "latex": sympy.latex(P_SEED) + " = 0"},
                      {"title": r"MP(c) shifted by $\gamma$ (rmtsym affine map)", "latex": sympy.latex(Q) + " = 0"}]


a0, b0 = mp_edges_exact(C0, 1, G0)

CLAIM = Claim(
    id="shifted_mp_liao_couillet",
    title=r"Shifted MP equation $c(z-\gamma)m^2 - (1-c-z+\gamma)m + 1 = 0$ (Liao–Couillet GD dynamics)",
    source=COURSE,
    formula="Thm (GDD, [LC18]): c(z − γ)m² − (1 − c − z + γ)m + 1 = 0; MP law (17) shifted by γ",
    statement=(r"$m$ solving $c(z-\gamma)m^2-(1-c-z+\gamma)m+1=0$, $m\sim-1/z$, is the Stieltjes "
               r"transform of the law of $\frac1n XX^T+\gamma I$ ($p/n\to c$): MP($c$) shifted by $\gamma$."),
    expected="EXACT",
    notes=(r"Checked in symbolic $(c, \gamma)$ and at $c = 1/2$, $\gamma = 1/4$ (numeric, "
           "sampled)."),
    theory=lambda: marchenko_pastur(C0).affine(1, G0),
    checks=[
        exact_identity("equation = MP(c) shifted by gamma", _identity,
                       label=r"equation $= \mathrm{MP}(c)$ shifted by $\gamma$"),
        exact_sequences("moments in (c, gamma): equation vs shifted NC count",
                        lambda ctx: series_moments(P_SEED, K),
                        lambda ctx: shift_moments(narayana_moments(c, K), g),
                        "power series of the course equation", "binomial shift of Narayana counts",
                        label=r"moments in $(c, \gamma)$: equation vs shifted NC count"),
        stieltjes_root_check("m(1+i): shifted density (17) vs equation", P0, 1 + 1j,
                             lambda x, lib: mp_density(x, C0, 1, G0, lib), [a0, b0]),
        quad_moments_check("moments of the shifted density (17)",
                           lambda x, lib: mp_density(x, C0, 1, G0, lib), [a0, b0], [],
                           lambda ctx, k: shift_moments(narayana_moments(C0, k), G0), K=K),
        empirical_spectrum("shifted Wishart spectra", "shifted_wishart",
                           {"ratio": float(C0), "shift": float(G0)},
                           lambda ctx, k: shift_moments(narayana_moments(C0, k), G0),
                           n=(400, 1000), samples=(100, 400), seed=20240618,
                           density=lambda x: mp_density(x, C0, 1, G0), support=[mp_edges(C0, 1, G0)],
                           edges=mp_edges(C0, 1, G0)),
    ],
)
