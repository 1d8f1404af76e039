r"""ERRATUM (convention): the survey's Hessian quartic is not an equation for the Stieltjes transform m.

Source: ``002_2c85d79b7db582c6.txt`` §4.1: "The Stieltjes transform of H
satisfies the following polynomial equation: 2 = 2(z − ς(1 − φ))m_H(z) −
φ(2ςz + ε(1 − φ))m_H(z)² − εφ²(z + ς(φ − 2))m_H(z)³ + zεςφ³m_H(z)⁴", with
the Stieltjes transform of §2.1 (m_sc(z) = (−z + √(z² − 4))/2 ~ −1/z, the
m of docs/conventions.md).

Read literally — m_H the Stieltjes transform m(z) = ∫ μ(dx)/(x − z) ~ −1/z —
the statement fails:

* EXACT: substituting the true law's series m(z) = −1/z − ς/z² − … into the
  printed polynomial leaves the leading term −4 at z = ∞ (it vanishes for
  m_H = G = −m ~ +1/z), symbolic in (ε, φ, ς);
* EXACT: the printed polynomial with m_H = m has no branch ~ −1/z at all
  (AlgebraicMeasure.from_polynomial rejects it: Q(g, 0) ≠ 0);
* NUMERIC: at the Stieltjes transform m(z) of the law (rmtsym.numerics, 30
  digits; ε = 3/10, φ = 2/5, ς = 3/2) the printed polynomial is O(1), not 0,
  at z = 1 + 2i and 3 + i/2.

The survey's own R-transform definition "R(m(z)) + 1/m(z) = z" (§2.2) is the
Cauchy-transform one, which is where the sign comes from.  Corrected claim:
``hessian_quartic`` (m_H = G = −m).

Expected verdict: REFUTED.
"""

import sympy as sp

from rmtsym.core.errors import NotAMeasureError
from rmtsym.core.measure import AlgebraicMeasure, M, Z
from rmtsym.models.hessian import EPS, PHI, VARSIGMA
import mpmath

from rmtsym.verify import Claim, exact_identity, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims._hessian import E0, P0, S0, model
from rmtsym.claims.hessian_quartic import printed_quartic

u = sp.Symbol("u")


def _leading(ctx):
    mom = model().moments(4)             # the true law (any parameters: leading term is universal)
    m_series = -sum(mk * u ** (k + 1) for k, mk in enumerate(mom))        # m(1/u), u = 1/z
    P = printed_quartic(EPS, PHI, VARSIGMA, g=M)
    val = sp.series(sp.expand(P.subs({M: m_series, Z: 1 / u})), u, 0, 1).removeO()
    return sp.simplify(val), sp.Integer(0), [
        {"title": r"printed quartic at $m$ = true series, $z = 1/u$", "latex": sp.latex(val) + r" + O(u)"}]


def _branch(ctx):
    P = sp.expand(printed_quartic(E0, P0, S0, g=M))
    try:
        AlgebraicMeasure.from_polynomial(P)
        has = sp.Integer(1)
    except NotAMeasureError:
        has = sp.Integer(0)
    return has, sp.Integer(1), [{"title": r"printed quartic, $m_H = m$, at $\varepsilon = 3/10$, $\phi = 2/5$, "
                                          r"$\varsigma = 3/2$", "latex": sp.latex(P) + " = 0"}]


def _residual(ctx, dps):
    """|printed quartic| at the numerically computed m(z) of the true law, z = 1 + 2i and 3 + i/2."""
    h = model()
    P = sp.lambdify((M, Z), sp.expand(printed_quartic(E0, P0, S0, g=M)), "mpmath")
    rows = []
    with mpmath.workdps(dps + 10):
        for z in (mpmath.mpc(1, 2), mpmath.mpc(3, "0.5")):
            m = h.stieltjes(z, dps=dps + 5)
            rows.append((f"|printed quartic(m_H = m)| at m({mpmath.nstr(z, 3)})", abs(P(m, z)), 0,
                         mpmath.mpf(10) ** (-dps)))
    return rows


CLAIM = Claim(
    id="hessian_quartic_convention_erratum",
    title="ERRATUM: the PB17 quartic of survey §4.1 read for the Stieltjes transform $m$ (it is for $G = -m$)",
    source=SURVEY,
    formula=(r"§4.1: ‘The Stieltjes transform of $H$ satisfies "
             r"$2 = 2(z - \varsigma(1-\phi))m_H - \dots + z\epsilon\varsigma\phi^3 m_H^4$’"),
    statement=(r"$m_H(z)=\int\mu_H(dx)/(x-z)$ solves $2=2(z-\varsigma(1-\phi))m_H-\phi(2\varsigma z+"
               r"\epsilon(1-\phi))m_H^2-\epsilon\phi^2(z+\varsigma(\phi-2))m_H^3+z\epsilon\varsigma\phi^3m_H^4$."),
    expected="REFUTED",
    refuted_by=("true m-series in the printed quartic: leading term",
                "printed quartic (m_H = m) has a branch m ~ -1/z",
                "printed quartic (m_H = m) at the numerical m(z)"),
    erratum=(r"Sign convention: the printed quartic holds for the Cauchy transform $G = -m$ (the survey's "
             r"R-transform is defined by $\mathcal R(m) + 1/m = z$, i.e. for $G$); for the Stieltjes transform "
             r"$m \sim -1/z$ the leading term at infinity is $-4$, not $0$. Replace $m_H$ by $-m$ "
             r"(claim `hessian_quartic`)."),
    corrected_by="hessian_quartic",
    checks=[
        exact_identity("true m-series in the printed quartic: leading term", _leading),
        exact_identity("printed quartic (m_H = m) has a branch m ~ -1/z", _branch,
                       label=r"printed quartic ($m_H = m$) has a branch $m \sim -1/z$"),
        numeric_values("printed quartic (m_H = m) at the numerical m(z)", _residual, digits=20, dps=30,
                       label=r"printed quartic ($m_H = m$) at the numerical $m(z)$"),
    ],
)
