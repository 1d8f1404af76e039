r"""PB17 Hessian: the critical loss ε_c(φ) in closed form; the survey's 8/27 ς²(1 − φ)³ is its leading term.

Source: ``002_2c85d79b7db582c6.txt`` §4.1: "α(ε, φ) ≈ α₀(φ)|(ε − ε_c)/ε_c|^{3/2}
for some critical ε_c ≈ (8/27)ς²(1 − φ)³ + O((1 − φ)⁴)".

ε_c is where the left edge of μ_H reaches 0, i.e. z = 0 is a branch point:
the discriminant in G of the quartic at z = 0 vanishes.  Its ε-dependent
factor is D(ε) = 2φ(φ−1)³ε² − ς²(8φ⁴ − 32φ³ + 12φ² + 40φ − 1)ε +
8ς⁴(φ−1)³(φ−2), a quadratic with discriminant ς⁴(1 + 16φ − 8φ²)³, so for
0 < φ < 1

ε_c = ς²[8φ⁴ − 32φ³ + 12φ² + 40φ − 1 − (1 + 16φ − 8φ²)^{3/2}] / (4φ(φ−1)³)
    = ς²(8/27 δ³ + 8/27 δ⁴ + 32/81 δ⁵ + 32/81 δ⁶ + …),  δ = 1 − φ

(ε_c = 0 for φ ≥ 1: H0 has mass or a hard edge at 0).  Routes:

* EXACT: D(ε) divides Disc_G(quartic at z = 0) with a monomial cofactor (symbolic);
* EXACT: the series of the closed form = the series solved order by order
  from D(ε, 1 − δ) = 0 (undetermined coefficients), and its first terms are
  the survey's 8/27 ς² δ³ + O(δ⁴) (symbolic ς);
* NUMERIC: the left support edge from rmtsym.numerics changes sign
  linearly at ε_c: edge(ε_c(1 + 10⁻⁶))/edge(ε_c(1 − 10⁻⁶)) = −1 to 5 digits
  (O(10⁻⁶) curvature) at φ = 1/3, 1/2, 4/5, ς = 3/2; and the index vanishes
  at ε_c(1 − 10⁻³) by both index routes.

Expected verdict: EXACT.
"""

import sympy as sp

from rmtsym.models.hessian import EPS, PHI, VARSIGMA, HessianSpectrum
from rmtsym.verify import Claim, exact_identity, exact_sequences, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims.hessian_quartic import G, printed_quartic

R = sp.Rational
d = sp.Symbol("delta", positive=True)
ORDER = 7


def _divides(ctx):
    q = sp.expand(printed_quartic(EPS, PHI, VARSIGMA).subs(sp.Symbol("z"), 0))
    disc = sp.factor(sp.discriminant(q, G))
    D = sp.expand(HessianSpectrum.critical_discriminant())
    quo = sp.cancel(disc / D)
    mono = sp.Integer(1) if (quo.is_polynomial(EPS, PHI, VARSIGMA)
                             and sp.Poly(quo, EPS, PHI, VARSIGMA).is_monomial) else sp.Integer(0)
    return mono, sp.Integer(1), [{"title": r"$\operatorname{Disc}_G$ at $z = 0$", "latex": sp.latex(disc)},
                                 {"title": "cofactor of D", "latex": sp.latex(quo)}]


def _closed_series(ctx):
    ser = sp.series(HessianSpectrum.critical_epsilon(1 - d, VARSIGMA), d, 0, ORDER).removeO()
    return [sp.simplify(ser.coeff(d, k)) for k in range(ORDER)]


def _implicit_series(ctx):
    cs = sp.symbols(f"c0:{ORDER}")
    eps = sum(c * d ** k for k, c in enumerate(cs) if k >= 3)
    Dser = sp.expand(HessianSpectrum.critical_discriminant(1 - d, VARSIGMA, eps))
    sol = {}
    for k in range(3, ORDER):
        eq = sp.expand(Dser.subs(sol)).coeff(d, k)
        sol[cs[k]] = sp.solve(eq, cs[k])[0]
    return [sp.Integer(0)] * 3 + [sp.simplify(sol[cs[k]]) for k in range(3, ORDER)]


def _seed_leading(ctx):
    got = _closed_series(ctx)[:4]
    steps = [{"title": "survey", "latex": r"\epsilon_c\approx\frac{8}{27}\varsigma^2(1-\phi)^3+O((1-\phi)^4)"}]
    return sp.expand(sum(c * d ** k for k, c in enumerate(got))), R(8, 27) * VARSIGMA ** 2 * d ** 3, steps


def _edges(ctx, dps):
    """The left edge crosses 0 linearly at eps_c: edge(eps_c(1+d)) / edge(eps_c(1-d)) = -1 + O(d)."""
    rows = []
    s = R(3, 2)
    for p in (R(1, 3), R(1, 2), R(4, 5)):
        ec = HessianSpectrum.critical_epsilon(p, s)
        lo, hi = [HessianSpectrum(sp.Rational(str(sp.N(ec * (1 + sg * R(1, 10 ** 6)), 45))), p, s)
                  .support(dps=dps)[0][0] for sg in (-1, 1)]
        rows.append((f"phi={p}: edge(eps_c(1+1e-6)) / edge(eps_c(1-1e-6)) (numerics)", hi / lo, -1, 0))
    ec = HessianSpectrum.critical_epsilon(R(1, 2), s)
    h = HessianSpectrum(sp.Rational(str(sp.N(ec * R(999, 1000), 45))), R(1, 2), s)
    rows.append(("index at 0.999 eps_c (antiderivative)", h.index(dps=dps), 0, 0))
    rows.append(("index at 0.999 eps_c (quadrature)", h.index(dps=dps, method="quadrature"), 0, 0))
    return rows


CLAIM = Claim(
    id="hessian_critical_epsilon",
    title=r"PB17 critical $\varepsilon_c(\phi)$ in closed form; survey's $\varepsilon_c \approx \frac{8}{27}\varsigma^2(1-\phi)^3 + O((1-\phi)^4)$ holds",
    source=SURVEY,
    formula=r"§4.1: $\epsilon_c \approx (8/27)\varsigma^2(1 - \phi)^3 + O((1 - \phi)^4)$",
    statement=(r"$\epsilon_c=\varsigma^2\frac{8\phi^4-32\phi^3+12\phi^2+40\phi-1-(1+16\phi-8\phi^2)^{3/2}}"
               r"{4\phi(\phi-1)^3}=\varsigma^2\big(\frac8{27}\delta^3+\frac8{27}\delta^4+\frac{32}{81}\delta^5"
               r"+\dots\big)$, $\delta=1-\phi$."),
    expected="EXACT",
    notes=r"$\epsilon_c = 0$ for $\phi \ge 1$. The left edge is where $z = 0$ becomes a branch point of the quartic.",
    theory=lambda: HessianSpectrum(R(3, 10), R(1, 2), R(3, 2)).measure(),   # eps_c = 0.1823...: crosses 0
    checks=[
        exact_identity("D(eps) divides Disc_G(quartic at z = 0)", _divides,
                       label=r"$D(\epsilon)$ divides $\operatorname{Disc}_G$ of the quartic at $z = 0$"),
        exact_sequences("series of eps_c: closed form vs order-by-order solution of D = 0",
                        _closed_series, _implicit_series, "Taylor series of the closed form",
                        r"undetermined coefficients in $D(\varepsilon, 1 - \delta) = 0$", quantity="c",
                        label=r"series of $\epsilon_c$: closed form vs order-by-order solution of $D = 0$"),
        exact_identity("survey's leading term 8/27 varsigma^2 (1-phi)^3, O((1-phi)^4)", _seed_leading,
                       label=r"survey's leading term $\frac{8}{27} \varsigma^2 (1-\phi)^3$, $O((1-\phi)^4)$"),
        numeric_values("left edge crosses 0 at eps_c; index 0 just below", _edges, digits=5, dps=30,
                       label=r"left edge crosses $0$ at $\epsilon_c$; index $0$ just below"),
    ],
)
