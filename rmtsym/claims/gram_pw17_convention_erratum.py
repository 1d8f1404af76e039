r"""ERRATUM (convention): the survey's "m(z) = ψ/z P(1/(zψ)) + (1−ψ)/z" is not the Stieltjes transform m.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.2: "m(z) = ψ/z P(1/(zψ)) + (1−ψ)/z",
after defining m(z) = (1/n1) Σ_k E[tr M^k]/z^{k+1} — i.e. the Cauchy transform
G(z) = ∫ μ(dx)/(z − x) = +Σ m_k z^{−k−1}.  The same section (and ``docs/conventions.md``,
and the survey's own §2) calls m(z) = ∫ μ(dx)/(x − z) = −Σ m_k z^{−k−1} the
Stieltjes transform; read that way, the formula has the wrong sign (m ~ +1/z,
Im m < 0 for Im z > 0: not the transform of any probability measure).

Evidence: the coefficients of z^{−k−1} of ψ/z P(1/(zψ)) + (1−ψ)/z (P the series of the
seed's quartic) are [1, m_1, m_2, ...]; those of m(z) = ∫ μ(dx)/(x − z) are
[−1, −m_1, ...] with m_k from the outer-planar enumeration.  Here η = 7/3,
ζ = 1/2, φ = 1/3, ψ = 5/4.  Numerically: the formula summed as a series at
z0 = N(1 + i), N = ⌈3b⌉, equals −m(z0) = G(z0) (30 digits), not m(z0).  Corrected reading (G = −m): ``gram_pw17_quartic``.

Expected verdict: REFUTED.
"""

import sympy

from rmtsym.combinatorics.gram_pw17 import gram_moments_pw17
from rmtsym.core import series as _series
from rmtsym.models.gram import P_SYM, T_SYM, pw17_seed_equation
from rmtsym.verify import Claim, exact_sequences, numeric_values

from rmtsym.claims._common import SURVEY

R = sympy.Rational
ETA, ZETA, PHI, PSI = R(7, 3), R(1, 2), R(1, 3), R(5, 4)
K = 5


def _seed_coefficients(ctx):
    """z^(-k-1) coefficients of psi/z P(1/(z psi)) + (1 - psi)/z, P from the seed's quartic (Newton lifting)."""
    Rg = _series.ring()
    Q = sympy.Poly(pw17_seed_equation(ETA, ZETA, PHI, PSI), P_SYM, T_SYM).as_dict()
    rows = [[Rg.zero] * (max(i for _, i in Q) + 1) for _ in range(max(j for j, _ in Q) + 1)]
    for (j, i), c in Q.items():
        rows[j][i] = Rg.convert(c)
    P = [Rg.to_sympy(x) for x in _series.newton_lift(rows, [Rg.one, Rg.convert(ETA)], K + 1, Rg)]
    return [PSI * P[0] + 1 - PSI] + [PSI * P[k] / PSI ** k for k in range(1, K + 1)]


def _stieltjes_coefficients(ctx):
    """z^(-k-1) coefficients of m(z) = int mu(dx)/(x - z): -m_k (m_k by enumeration)."""
    return [sympy.Integer(-1)] + [-v for v in gram_moments_pw17(K, ETA, ZETA, PHI, PSI)]


NUM = "seed formula summed as a series at z0 vs m(z0) on the physical branch"


def _values(ctx, dps):
    """The seed's formula at z0 = N(1 + i), N = ceil(3b) (b the right edge) by summing P's series (160 terms,
    ratio <= 1/3, from the seed's quartic) against m(z0) from rmtsym.numerics (30 digits)."""
    import mpmath
    from rmtsym.models.gram import GramSpectrum
    g = GramSpectrum.from_constants(ETA, ZETA, PHI, PSI)
    Rg = _series.ring()
    Q = sympy.Poly(pw17_seed_equation(ETA, ZETA, PHI, PSI), P_SYM, T_SYM).as_dict()
    rows = [[Rg.zero] * (max(i for _, i in Q) + 1) for _ in range(max(j for j, _ in Q) + 1)]
    for (j, i), c in Q.items():
        rows[j][i] = Rg.convert(c)
    P = _series.newton_lift(rows, [Rg.one, Rg.convert(ETA)], 160, Rg)
    with mpmath.workdps(dps + 10):
        b = max(iv[1] for iv in g.support(dps=dps))
        N = int(mpmath.ceil(3 * b))
        z0 = mpmath.mpc(N, N)                # exactly representable (|z0| >= 3 sqrt(2) b)
        t = 1 / (z0 * mpmath.mpf(sympy.N(PSI, dps + 10)))
        Pt = mpmath.fsum(mpmath.mpf(int(c.p)) / int(c.q) * t ** k for k, c in enumerate(P))
        psi = mpmath.mpf(sympy.N(PSI, dps + 10))
        seed = psi / z0 * Pt + (1 - psi) / z0
        m = mpmath.mpc(g.stieltjes(z0, dps=dps))
        err = mpmath.mpf(10) ** (-(dps - 2))
        return [("Re: seed formula vs m(z0)", mpmath.re(seed), mpmath.re(m), err),
                ("Im: seed formula vs m(z0)", mpmath.im(seed), mpmath.im(m), err),
                ("Re: seed formula vs -m(z0) = G(z0) (control)", mpmath.re(seed), -mpmath.re(m), err),
                ("Im: seed formula vs -m(z0) = G(z0) (control)", mpmath.im(seed), -mpmath.im(m), err)]


CLAIM = Claim(
    id="gram_pw17_convention_erratum",
    title=r"ERRATUM (convention): survey's $m(z) = \frac{\psi}{z} P(\frac{1}{z\psi}) + \frac{1-\psi}{z}$ read as the Stieltjes transform",
    source=SURVEY,
    formula=r"§4.2: $m(z) = \psi/z\, P(1/(z\psi)) + (1-\psi)/z$",
    statement=(r"$\frac{\psi}{z}P(\frac1{z\psi})+\frac{1-\psi}{z}=\int\frac{\mu(dx)}{x-z}$ for the PW17 law "
               r"($\eta=\frac73,\zeta=\frac12,\phi=\frac13,\psi=\frac54$)."),
    expected="REFUTED",
    erratum=(r"The formula is the Cauchy transform $G(z) = \int \mu(dx)/(z - x) = -m(z)$: its coefficients of "
             r"$z^{-k-1}$ are $+m_k$, those of $m(z)$ are $-m_k$ ($m_k$ from the outer-planar enumeration)."),
    corrected_by="gram_pw17_quartic",
    refuted_by=("z^(-k-1) coefficients: seed formula vs m(z)", NUM),
    checks=[
        exact_sequences("z^(-k-1) coefficients: seed formula vs m(z)", _seed_coefficients,
                        _stieltjes_coefficients, r"$\frac{\psi}{z} P\!\left(\frac{1}{z\psi}\right) + \frac{1-\psi}{z}$",
                        r"$m(z) = \int \frac{\mu(dx)}{x - z}$, moments by enumeration", quantity="c",
                        label=r"$z^{-k-1}$ coefficients: seed formula vs $m(z)$"),
        numeric_values(NUM, _values, digits=20, dps=30),
    ],
)
