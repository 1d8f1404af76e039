r"""PB17 Hessian: the quartic for m_H from R_H0 + R_H1 (survey §4.1), in the G-convention.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey of Pennington & Bahri,
"Geometry of neural network loss surfaces via random matrix theory", ICML
2017), §4.1: "R_{H0}(z) = ς/(1 − ςφz), ∴ R_{H0+H1}(z) = ς/(1 − ςφz) +
εφz/(2 − εφ²z²)" and "The Stieltjes transform of H satisfies
2 = 2(z − ς(1 − φ))m_H − φ(2ςz + ε(1 − φ))m_H² − εφ²(z + ς(φ − 2))m_H³ +
zεςφ³m_H⁴".

Convention: the survey's R-transform is defined by "R(m(z)) + 1/m(z) = z"
(§2.2), so its m_H is the Cauchy transform G = −m of docs/conventions.md.  The claim
is read that way: with m_H = G = −m the printed quartic is the equation of
the law H0 ⊞ H1.  (Read with m_H = m it is false: ``hessian_quartic_convention_erratum``.)

Routes: (1) R_H(G) + 1/G = z cleared of denominators by SymPy, symbolic in
(ε, φ, ς), equals the printed quartic; (2) rmtsym.free_add (resultant) of
MP(φ, ς) and the H1 law of R_H1 gives the same canonical polynomial
(at ε = 3/10, φ = 2/5, ς = 3/2; symbolic in full mode); (3) moments of
the quartic's series = NC-partition sums of the free cumulants read off the
R-series (symbolic); (4) sampled H0 + H1 of real width-n networks
(Wishart H0, masked-product H1) vs the theory (Richardson in n, KS).

Expected verdict: EXACT.
"""

import sympy as sp

from rmtsym import moments_from_free_cumulants
from rmtsym.core.measure import M, Z
from rmtsym.models.hessian import EPS, PHI, VARSIGMA, HessianSpectrum
from rmtsym.verify import Claim, exact_identity, exact_sequences

from rmtsym.claims._common import SURVEY
from rmtsym.claims._hessian import hessian_empirical, model

G, W = sp.symbols("G w")
K = 6


def printed_quartic(e, p, s, g=G):
    """The survey's quartic, moved to one side, in its own variable m_H = g."""
    return (2 * (Z - s * (1 - p)) * g - p * (2 * s * Z + e * (1 - p)) * g ** 2
            - e * p ** 2 * (Z + s * (p - 2)) * g ** 3 + Z * e * s * p ** 3 * g ** 4 - 2)


def _r_route(ctx):
    e, p, s = EPS, PHI, VARSIGMA
    Rh = s / (1 - s * p * G) + e * p * G / (2 - e * p ** 2 * G ** 2)
    num = sp.expand(sp.numer(sp.together(Rh + 1 / G - Z)))
    seed = sp.expand(printed_quartic(e, p, s))
    return num, -seed, [{"title": "R-transform equation in G", "latex": r"\mathcal R_H(G)+1/G=z"},
                        {"title": "cleared", "latex": r"N(G, z) = " + sp.latex(num) + " = 0"},
                        {"title": "printed quartic, moved to one side",
                         "latex": r"Q_{\text{printed}}(G, z) = " + sp.latex(seed) + " = 0"}]


def _free_add_route(ctx):
    h = model() if ctx.mode == "quick" else HessianSpectrum(EPS, PHI, VARSIGMA)
    P1 = h.free_add_measure().stieltjes_polynomial().as_expr()
    P2 = sp.expand(-printed_quartic(h.epsilon, h.phi, h.varsigma, g=-M))
    c = sp.cancel(P1 / P2)
    return sp.expand(P1), sp.expand(c * P2), [
        {"title": r"`free_add(MP(phi, varsigma), H1)`", "latex": sp.latex(P1) + " = 0"},
        {"title": r"printed quartic, $m_H = -m$", "latex": sp.latex(P2) + " = 0"}]


def _series_moments(ctx):
    P = sp.expand(printed_quartic(EPS, PHI, VARSIGMA, g=-M))
    from rmtsym.core.measure import AlgebraicMeasure
    return AlgebraicMeasure.from_polynomial(P).moments(K)


def _nc_moments(ctx):
    Rh = VARSIGMA / (1 - VARSIGMA * PHI * W) + EPS * PHI * W / (2 - EPS * PHI ** 2 * W ** 2)
    ser = sp.series(Rh, W, 0, K).removeO()
    return moments_from_free_cumulants([sp.expand(ser.coeff(W, k - 1)) for k in range(1, K + 1)])


CLAIM = Claim(
    id="hessian_quartic",
    title="PB17 Hessian quartic from $R_{H_0} + R_{H_1}$ (survey §4.1; its $m_H$ is $G = -m$)",
    source=SURVEY,
    formula=(r"§4.1: $\mathcal R_{H_0+H_1}(z) = \varsigma/(1 - \varsigma\phi z) + \epsilon\phi z/(2 - \epsilon\phi^2 z^2)$; "
             r"$2 = 2(z - \varsigma(1-\phi))m_H - \dots + z\epsilon\varsigma\phi^3 m_H^4$"),
    statement=(r"With $m_H=G=-m$: $2=2(z-\varsigma(1-\phi))G-\phi(2\varsigma z+\epsilon(1-\phi))G^2"
               r"-\epsilon\phi^2(z+\varsigma(\phi-2))G^3+z\epsilon\varsigma\phi^3G^4$ is the equation of "
               r"$\mathrm{MP}(\phi,\varsigma)\boxplus\mu_{H_1}$, $\mathcal R_{H_1}=\epsilon\phi w/(2-\epsilon\phi^2w^2)$."),
    expected="EXACT",
    notes=(r"G-convention of the survey translated ($m = -G$). Sampled: width $n = 12$ (quick) / $20$, "
           r"$\epsilon = 3/10$, $\phi = 2/5$, $\varsigma = 3/2$, residuals $N(0, 2\epsilon)$, "
           r"$H_0$ an independent Wishart."),
    theory=lambda: model().measure(),
    checks=[
        exact_identity("R_H(G) + 1/G = z cleared = printed quartic (symbolic)", _r_route,
                       label=r"$\mathcal R_H(G) + 1/G = z$ cleared $=$ printed quartic (symbolic)",
                       sides=(r"N(G, z)", r"\bigl(-Q_{\text{printed}}(G, z)\bigr)")),
        exact_identity("free_add(MP, H1) = printed quartic with m_H = -m", _free_add_route,
                       label=r"`free_add(MP, H1)` $=$ printed quartic with $m_H = -m$"),
        exact_sequences("moments: quartic series vs NC partitions of R-cumulants", _series_moments,
                        _nc_moments, r"series of the printed quartic ($m_H = -m$)",
                        r"sum over $NC(k)$ of $\kappa(R_{H_0}) + \kappa(R_{H_1})$"),
        hessian_empirical("sampled H0 + H1 (real masks) vs theory", model(), seed=120101),
    ],
)
