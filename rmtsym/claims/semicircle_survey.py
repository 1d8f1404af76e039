r"""Wigner semicircle law as stated in Kim's survey.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §2.1:
"When M is a GOE ... dμ_sc(x) = (1/2π) √((4 − x²)₊) dx,
m_μsc(z) = (−z + √(z² − 4))/2."

Convention: m is the Stieltjes transform of docs/conventions.md (m ~ −1/z), so it
solves m² + z m + 1 = 0; √(z² − 4) is the branch ~ z at infinity, i.e.
√(z − 2)·√(z + 2) (the principal √(z² − 4) gives Im m < 0 for Re z < 0;
read with that branch the formula is correct).  GOE normalisation: the
off-diagonal entries have variance 1/n.

CERTIFIED route: the survey density (x + 2)^{1/2}(2 − x)^{1/2}/(2π) in arb
ball arithmetic vs the series of m² + z m + 1 = 0; and, so that a radius-2
slip cannot hide, its image under x ↦ σx at σ² = 3/2,
√(6 − x²)/(3π), vs the series of (3/2) m² + z m + 1 = 0.

Expected verdict: EXACT.
"""

import sympy

from rmtsym.laws.named import semicircle
from rmtsym.core.measure import M, Z
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, exact_sequences

from rmtsym.claims._common import (SURVEY, certified_check, dyck_counts, quad_moments_check, semicircle_density,
                            semicircle_factor, series_moments, stieltjes_root_check)

K = 8
t = sympy.Symbol("t", positive=True)
P_SEED = M ** 2 + Z * M + 1
VAR = sympy.Rational(3, 2)
M_SEED = (-Z + sympy.sqrt(Z - 2) * sympy.sqrt(Z + 2)) / 2


def _closed_form_moments(ctx):
    # z = 1/t, t > 0 small: sqrt(z-2) sqrt(z+2) = sqrt(1 - 4 t^2)/t
    g = (-1 + sympy.sqrt(1 - 4 * t ** 2)) / (2 * t)
    ser = sympy.series(g, t, 0, K + 2).removeO()
    return [-ser.coeff(t, k + 1) for k in range(K + 1)]


def _identity(ctx):
    lhs = sympy.expand(M_SEED ** 2 + Z * M_SEED + 1)
    return lhs, 0, [{"title": "Survey closed form",
                     "latex": r"m(z) = " + sympy.latex(M_SEED)},
                    {"title": "Substituted into the equation",
                     "latex": sympy.latex(P_SEED) + r" \;\Big|_{m = m(z)} = " + sympy.latex(lhs)}]


def _dyck_moments(ctx, k=K):
    d = dyck_counts(k // 2 + 1)
    return [d[j // 2] if j % 2 == 0 else sympy.Integer(0) for j in range(k + 1)]


CLAIM = Claim(
    id="semicircle_survey",
    title="Wigner semicircle law (density and Stieltjes transform), survey §2.1",
    source=SURVEY,
    formula=(r"§2.1: $d\mu_{\mathrm{sc}} = \frac{1}{2\pi}\sqrt{(4 - x^2)_+}\,dx$, "
             r"$m(z) = (-z + \sqrt{z^2 - 4})/2$"),
    statement=(r"For $M$ a GOE (off-diagonal variance $1/n$): $\rho_M\rightharpoonup\mu_{sc}$, "
               r"$d\mu_{sc}(x)=\frac1{2\pi}\sqrt{(4-x^2)_+}\,dx$, "
               r"$m_{\mu_{sc}}(z)=\frac{-z+\sqrt{z^2-4}}{2}$."),
    expected="EXACT",
    notes=(r"$\sqrt{z^2 - 4}$ is the branch $\sim z$ at infinity: "
           r"$\sqrt{z - 2}\,\sqrt{z + 2}$."),
    theory=lambda: semicircle(1),
    checks=[
        exact_identity("closed form solves m^2 + z m + 1 = 0", _identity,
                       label=r"closed form solves $m^2 + z m + 1 = 0$"),
        exact_sequences("moments: closed form vs Dyck paths", _closed_form_moments, _dyck_moments,
                        "series of the closed form at infinity", "Dyck paths (enumerated)"),
        exact_sequences("moments: equation vs semicircle(1)", lambda ctx: series_moments(P_SEED, K),
                        lambda ctx: semicircle(1).moments(K),
                        r"power series of $m^2 + z m + 1 = 0$", "rmtsym.laws.semicircle(1)"),
        stieltjes_root_check("m(-1+i): density vs equation", P_SEED, -1 + 1j,
                             lambda x, lib: semicircle_density(x, 1, lib), [-2, 2]),
        quad_moments_check("moments of the stated density",
                           lambda x, lib: semicircle_density(x, 1, lib), [-2, 2], [],
                           lambda ctx, k: _dyck_moments(ctx, k), K=K),
        certified_check("certified moments of the stated density", semicircle_factor(1),
                        lambda ctx, k: series_moments(P_SEED, k), K=K),
        certified_check("certified moments of the density rescaled to variance 3/2", semicircle_factor(VAR),
                        lambda ctx, k: series_moments(VAR * M ** 2 + Z * M + 1, k), K=K),
        empirical_spectrum("GOE spectra", "wigner", {"variance": 1.0},
                           lambda ctx, k: _dyck_moments(ctx, k), n=(400, 1000), samples=(100, 400),
                           seed=20240613, density=lambda x: semicircle_density(x, 1),
                           support=[(-2.0, 2.0)], edges=(-2.0, 2.0)),
    ],
)
