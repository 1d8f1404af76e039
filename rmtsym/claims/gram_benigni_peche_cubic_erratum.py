r"""ERRATUM: the Benigni–Péché equation for centred σ is not of third order.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), slide "Some further
RMT investigations on the two-layer model", [BP21]: the eigenvalue
distribution of (1/n) σ(WX)ᵀσ(WX) for centred σ "take[s] a rather explicit
form (3rd order poly ST equation) and depends on σ only via E[σ²(ξ)] and
E[σ(ξ)ξ]".

The second half holds (claim ``gram_benigni_peche_quartic``).  The first does
not: the limiting Stieltjes transform is the root of the Pennington–Worah
quartic (BP21 prove PW17's equation for sub-Gaussian W, X), which for a generic
centred σ is *irreducible of degree 4* in m (over Q(z), any φ, ψ).  A
polynomial equation of degree 3 in m holds only when η = ζ, i.e. σ linear;
for ζ = 0 (σ even) it is the quadratic of Marchenko–Pastur.  The course's
matrix is the m×m companion (1/m)YᵀY of M = (1/m)YYᵀ; their Stieltjes
transforms are related by the Möbius map m̃ = c m − (1 − c)/z, c = n1/m, which
preserves the degree of the minimal polynomial.

Evidence: centred ReLU (q = 1), φ = 1/2, ψ = 3/2: the canonical (irreducible)
polynomial of :class:`rmtsym.models.gram.GramSpectrum` has degree 4 in m, and
its companion law too; the symbolic quartic in (η, ζ, φ, ψ) is irreducible
over Q(η, ζ, φ, ψ); numerically (independent of the factorisation), the physical
m(z) at 48 points of |z| = 3 satisfies no relation of degree ≤ 3 in m and ≤ 2 in z
(relative smallest singular value of the monomial matrix 1.8e-14), while the quartic
ansatz (4, 2) has a null vector to 37 digits.

Expected verdict: REFUTED.
"""

import sympy

from rmtsym.core.measure import M, Z
from rmtsym.models.gram import GramSpectrum, pw17_stieltjes_polynomial
from rmtsym.verify import Claim, exact_identity, numeric_values

from rmtsym.claims._common import COURSE

R = sympy.Rational


def _relu():
    return GramSpectrum("relu", R(1, 2), R(3, 2), center=True)


def _degree_relu(ctx):
    g = _relu()
    P = g.stieltjes_polynomial()
    # companion law of (1/m) Y^T Y: m~ = c m - (1 - c)/z  ->  m = (m~ + (1 - c)/z)/c
    c = R(1, 2) / R(3, 2)
    Pc = sympy.numer(sympy.together(P.as_expr().subs(M, (M + (1 - c) / Z) / c)))
    degs = sorted(sympy.degree(f, M) for f, _ in sympy.factor_list(sympy.expand(Pc), M, Z)[1]
                  if sympy.degree(f, M) > 0)
    return (sympy.Integer(P.degree(M)), sympy.Integer(3),
            [{"title": "canonical polynomial, centred ReLU (degree %d in m)" % P.degree(M),
              "latex": sympy.latex(P.as_expr()) + " = 0"},
             {"title": r"companion $\frac1m Y^{T} Y$: irreducible factor degrees in $m$", "latex": str(degs)}])


def _degree_generic(ctx):
    e, z, f, s = sympy.symbols("eta zeta phi psi", positive=True)
    facs = sympy.factor_list(pw17_stieltjes_polynomial(e, z, f, s))[1]
    degs = [sympy.degree(p, M) for p, _ in facs if sympy.degree(p, M) > 0]
    return (sympy.Integer(max(degs)), sympy.Integer(3),
            [{"title": r"PW17 quartic over $\mathbb{Q}(\eta, \zeta, \phi, \psi)$: degrees of irreducible factors in $m$",
              "latex": str(degs)}])


NUM = "no cubic relation of z-degree <= 2: smallest singular value of [m^i z^j]"


def _no_cubic(ctx, dps):
    """m(z) on the physical branch at 48 points of |z| = 3 (30 digits).  A relation
    sum a_ij m^i z^j = 0 with i <= I, j <= J exists iff the matrix [m(z_k)^i z_k^j] has a null
    vector: smallest/largest singular value ~ 10^-dps for the quartic ansatz (I, J) = (4, 2),
    of order one for every cubic ansatz (I, J) = (3, 6)."""
    import mpmath
    g = _relu()
    with mpmath.workdps(dps + 10):
        # points on the circle |z| = 3 around the support (well-conditioned monomials), upper half plane
        # and its conjugate (m(conj z) = conj m(z))
        zs = [3 * mpmath.expj(mpmath.pi * (k + mpmath.mpf(1) / 2) / 24) for k in range(24)]
        ms = [mpmath.mpc(g.stieltjes(z, dps=dps + 5)) for z in zs]
        zs, ms = zs + [mpmath.conj(z) for z in zs], ms + [mpmath.conj(m) for m in ms]

        def ratio(I, J):
            A = mpmath.matrix(len(zs), (I + 1) * (J + 1))
            for r, (z, m) in enumerate(zip(zs, ms)):
                c = 0
                for i in range(I + 1):
                    for j in range(J + 1):
                        A[r, c] = (3 * m) ** i * (z / 3) ** j      # columns of comparable size
                        c += 1
            sv = mpmath.svd_c(A, compute_uv=False)
            vals = sorted(abs(sv[i]) for i in range(sv.rows))
            return vals[0] / vals[-1]
        quartic, cubic = ratio(4, 2), ratio(3, 2)
    tol = mpmath.mpf(10) ** (-(dps - 8))
    return [("quartic ansatz (control): s_min/s_max", quartic, 0, tol),
            ("cubic ansatz: s_min/s_max", cubic, 0, tol)]


CLAIM = Claim(
    id="gram_benigni_peche_cubic_erratum",
    title=r"ERRATUM: Benigni–Péché law for centred $\sigma$ solves a 3rd-order polynomial equation (course 001)",
    source=COURSE,
    formula="slide 'Some further RMT investigations on the two-layer model', [BP21] item 2",
    statement=(r"For centred $\sigma$ the Stieltjes transform of the limiting spectrum of "
               r"$\frac1n\sigma(WX)^T\sigma(WX)$ solves a polynomial equation of degree 3 in $m$."),
    expected="REFUTED",
    erratum=(r"The equation is the Pennington–Worah quartic: irreducible of degree 4 in $m$ for generic centred "
             r"$\sigma$ (centred ReLU: degree 4, also for the companion matrix); degree 3 only for linear "
             r"$\sigma$ ($\eta = \zeta$), degree 2 for $\zeta = 0$."),
    corrected_by="gram_benigni_peche_quartic",
    refuted_by=("degree in m: centred ReLU", "degree in m: generic (eta, zeta, phi, psi)", NUM),
    theory=lambda: _relu().measure(),
    checks=[
        exact_identity("degree in m: centred ReLU", _degree_relu),
        exact_identity("degree in m: generic (eta, zeta, phi, psi)", _degree_generic,
                       label=r"degree in $m$: generic $(\eta, \zeta, \phi, \psi)$"),
        numeric_values(NUM, _no_cubic, digits=20, dps=30,
                       label=r"no cubic relation of $z$-degree $\le 2$: smallest singular value of $[m^i z^j]$"),
    ],
)
