r"""PB17 Hessian: the index α(ε, φ) by the survey's antiderivative formula = quadrature of the density.

Source: ``002_2c85d79b7db582c6.txt`` §4.1: "α(ε, φ) := ∫_{−∞}^p ρ(λ; ε, φ)dλ
= 1 − ∫_0^∞ ρ(λ; ε, φ)dλ.  Letting f(w) := R_H(w) + 1/w, then m(z) =
f^{-1}(z) and since ∫ f^{-1}(z)dz = z f^{-1}(z) − F∘f^{-1}(z) + C for an
antiderivative F of f, using ρ(λ) = −(1/π) lim Im m(λ + iε), we may get the
formula for α(ε, φ)."

Reading: the upper limit "p" is 0 (α = mass of (−∞, 0)); m is the survey's
G = −m.  The antiderivative route gives, with G₀ = G(0 + i0) = −m(0 + i0) and each
logarithm continued in the half plane G keeps,

α = 1 + (1/π) Im F(G₀),  F(w) = log w − (1/φ)log(1 − ςφw) − (1/2φ)log(2 − εφ²w²)

(arg w, arg(√2 + √εφw) ∈ [−π, 0]; arg(1 − ςφw), arg(√2 − √εφw) ∈ [0, π]).
When 0 is not inside the support the formula is evaluated at a point x < 0
of the gap next to 0, where G is real; the logarithms' arguments are then
multiples of π and α ∈ {0, 1/(2φ)}: a negative part separated by a gap
from 0 has mass exactly 1/(2φ).  For φ > 2 (atom 1 − 2/φ at 0 in a gap)
this gives α = 1/(2φ) whatever ε > 0 and ς (a finding of this check, not in
the survey).  (In "1 − ∫_0^∞ ρ" the atom at 0 must be counted.)

Routes: NUMERIC — antiderivative formula vs Gauss–Legendre quadrature of the
density (rmtsym.numerics, square-root substitutions at the edges) to 25
digits at four parameter points (φ < 1, 1 < φ < 2 in full mode, φ > 2 against
the exact 1/(2φ)); EMPIRICAL — the fraction of negative eigenvalues of
sampled H0 + H1 (width 12 and 6, Richardson) at ε = 1, φ = 1/2, ς = 3/2.

Expected verdict: NUMERIC.
"""

import sympy as sp

from rmtsym.models.hessian import HessianSpectrum
from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims._hessian import E1, P1, S1, sampled_index_check

R = sp.Rational
POINTS = [(R(1, 10), R(1, 2), 1), (R(2), R(1, 4), R(3, 2)), (E1, P1, S1)]
FULL = [(R(1, 2), R(3, 2), R(2, 3))]          # 1 < phi < 2 (quadrature is slow there)
ATOM = (R(1, 2), R(5, 2), R(4, 5))
GAP = (R(3), R(3), R(1, 2))                  # atom 1/3 at 0, gap on both sides


def _routes(ctx, dps):
    rows = []
    for e, p, s in POINTS + (FULL if ctx.mode != "quick" else []):
        h = HessianSpectrum(e, p, s)
        q, err = h._index_quadrature(dps - 5)
        rows.append((f"alpha({e}, {p}; varsigma={s}): antiderivative vs quadrature",
                     h.index(dps=dps, method="antiderivative"), q, err))
    h = HessianSpectrum(*ATOM)
    rows.append(("alpha(1/2, 5/2; 4/5) antiderivative vs 1/(2 phi)", h.index(dps=dps), 1 / (2 * ATOM[1]), 0))
    q, err = h._index_quadrature(dps - 5)
    rows.append(("alpha(1/2, 5/2; 4/5) quadrature vs 1/(2 phi)", q, 1 / (2 * ATOM[1]), err))
    h = HessianSpectrum(*GAP)
    rows.append(("alpha(3, 3; 1/2) antiderivative vs 1/(2 phi)", h.index(dps=dps), 1 / (2 * GAP[1]), 0))
    q, err = h._index_quadrature(dps - 5)
    rows.append(("alpha(3, 3; 1/2) quadrature vs 1/(2 phi)", q, 1 / (2 * GAP[1]), err))
    return rows


CLAIM = Claim(
    id="hessian_index",
    title=r"PB17 index $\alpha(\varepsilon, \phi)$: the survey's antiderivative formula = quadrature of the density (25 digits)",
    source=SURVEY,
    formula=r"§4.1: $\alpha(\epsilon, \phi) = \int_{-\infty}^0 \rho\, d\lambda$; $\int f^{-1} = z f^{-1} - F \circ f^{-1}$, $f = \mathcal R_H + 1/w$",
    statement=(r"$\alpha(\epsilon,\phi)=\int_{-\infty}^0\rho_H=1+\frac1\pi\operatorname{Im}F(G(0+i0))$, "
               r"$F(w)=\log w-\frac1\phi\log(1-\varsigma\phi w)-\frac1{2\phi}\log(2-\epsilon\phi^2w^2)$."),
    expected="NUMERIC",
    notes=r"Upper limit $p$ read as $0$; $G = -m$; the atom case $\phi > 2$ gives $1/(2\phi)$.",
    theory=lambda: HessianSpectrum(E1, P1, S1).measure(),
    checks=[
        numeric_values("index: antiderivative vs quadrature", _routes, digits=25, dps=30),
        sampled_index_check("sampled fraction of negative eigenvalues", HessianSpectrum(E1, P1, S1),
                            seed=120401),
    ],
)
