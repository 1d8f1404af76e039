r"""PB17 Hessian: ρ_H1 by Dupic–Pérez Castillo's ρ_c (survey §4.1), with (r₊ − r₋).

Source: ``002_2c85d79b7db582c6.txt`` §4.1: "From 4.2 of [DC14], ρ_{H1}(λ) =
(1 − min(1, α/2))δ(λ) + (α²|λ|/2ε) ρ_c(α²λ²/2ε, α/2), α = m/n, ρ_c(x, α) =
√3/(6πx∛2)(r₊r₋)1_{[θ(1−α)x₋, x₊]}(x), r± = ∛(9(2+α)(x−ξ₀) ±
6√(3(x−x₋)x(x₊−x))), x± = (8 + 20α − α² ± √α(8+α)^{3/2})/8,
ξ₀ = −2(α−1)³/(9(2+α))" (T. Dupic, I. Pérez Castillo, "Spectral density of
products of Wishart dilute random matrices. Part I: the dense case", 2014).

Corrected reading (the printed product r₊r₋ is wrong — ``hessian_dc14_erratum``):
ρ_c ∝ (r₊ − r₋) (Cardano: Im of the cubic's root is (√3/2)(r₊ − r₋)/∛2…),
real cube roots, e ~ N(0, 2ε).  Checked (NUMERIC, 25 digits) against the
algebraic density of R_H1 (rmtsym.numerics on the physical branch) at
(ε, φ) = (3/10, 2/5) (a = 5/2 > 1: support from 0, no atom) and (7/5, 5/2)
(a = 2/5 < 1: support [√(2εx₋)/α, √(2εx₊)/α], atom 1 − a): pointwise
values, the support edges, the atom and the total mass (quadrature of ρ_c
plus the atom = 1).

Expected verdict: NUMERIC.
"""

import mpmath
import sympy as sp

from rmtsym.models.hessian import HessianSpectrum
from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._common import SURVEY

R = sp.Rational
CASES = [(R(3, 10), R(2, 5), ["1/20", "1/5", "1/2"]), (R(7, 5), R(5, 2), ["3/5", "13/10", "31/10"])]


def _mp(q, dps):
    q = sp.Rational(q)
    with mpmath.workdps(dps + 10):
        return mpmath.mpf(q.p) / q.q


def _points(printed):
    def fn(ctx, dps):
        rows = []
        for e, p, lams in CASES:
            h = HessianSpectrum(e, p)
            mu = h.h1_measure()
            for lam in lams:
                x = _mp(lam, dps)
                rows.append((f"rho_H1({lam}) at eps={e}, phi={p}", h.h1_density_dc14(x, dps=dps, printed=printed),
                             mu.density(x, dps=dps + 5), mpmath.mpf(10) ** (-dps + 2)))
        return rows
    return fn


def _mass_support(ctx, dps):
    e, p = CASES[1][:2]
    h = HessianSpectrum(e, p)
    mu = h.h1_measure()
    a = 1 / p                                   # alpha/2 with alpha = m/n = 2/phi
    al = 2 / p
    sq = sp.sqrt(a) * (8 + a) ** R(3, 2)
    xp, xm = (8 + 20 * a - a ** 2 + sq) / 8, (8 + 20 * a - a ** 2 - sq) / 8
    (A, B), (C, D) = mu.support(dps=dps + 5)
    atom = mu.atoms(dps=dps + 5)[0][1]
    with mpmath.workdps(dps + 5):
        mass = 2 * mpmath.quad(lambda t: h.h1_density_dc14(t, dps=dps), [C, (C + D) / 2, D])
    return [("numerics upper edge vs DC14 sqrt(2 eps x+)/alpha", D, sp.sqrt(2 * e * xp) / al, 0),
            ("numerics lower edge vs DC14 sqrt(2 eps x-)/alpha", C, sp.sqrt(2 * e * xm) / al, 0),
            ("numerics atom at 0 vs DC14 1 - min(1, alpha/2)", atom, 1 - min(1, a), 0),
            ("mass: quadrature of DC14 rho + atom", mass + _mp(1 - a, dps), 1, mpmath.mpf(10) ** (-dps + 5))]


CLAIM = Claim(
    id="hessian_dc14_density",
    title=r"PB17: $\rho_{H_1}$ from DC14's $\rho_c$ with $(r_+ - r_-)$ = the algebraic density of $R_{H_1}$ (survey §4.1)",
    source=SURVEY,
    formula=(r"§4.1: $\rho_{H_1}(\lambda) = (1 - \min(1, \alpha/2))\delta + (\alpha^2|\lambda|/2\epsilon)"
             r"\rho_c(\alpha^2\lambda^2/2\epsilon, \alpha/2)$, "
             r"$\rho_c = \sqrt3/(6\pi x\sqrt[3]{2})(r_+ \circ r_-)\mathbf 1_{[\dots]}$"),
    statement=(r"$\rho_{H_1}(\lambda)=(1-\min(1,\frac\alpha2))\delta(\lambda)+\frac{\alpha^2|\lambda|}{2\epsilon}"
               r"\rho_c(\frac{\alpha^2\lambda^2}{2\epsilon},\frac\alpha2)$ with "
               r"$\rho_c=\frac{\sqrt3}{6\pi x\sqrt[3]2}(r_+-r_-)\mathbf 1_{[\theta(1-\alpha)x_-,x_+]}$."),
    expected="NUMERIC",
    notes=r"$\alpha = m/n = 2/\phi$; residuals $N(0, 2\epsilon)$; real cube roots.",
    theory=lambda: HessianSpectrum(*CASES[1][:2]).h1_measure(),
    checks=[
        numeric_values("corrected rho_c (r+ - r-) vs algebraic density", _points(False), digits=25, dps=30,
                       label=r"corrected $\rho_c$ ($r_+ - r_-$) vs algebraic density"),
        numeric_values("DC14 support, atom and mass", _mass_support, digits=20, dps=30),
    ],
)
