r"""ERRATUM: the survey's R-transform identity written with the Stieltjes transform m.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §2.2: "Given the
Stieltjes transform m(z) of a measure ρ, the R-transform is defined as
follows: R(z) satisfying R(m(z)) + 1/m(z) = z.  When A and B are freely
independent, R_{A+B} = R_A + R_B."

The survey's m is its Stieltjes transform of §2.1 (m_sc(z) = (−z + √(z²−4))/2,
m ~ −1/z), i.e. docs/conventions.md's m.  Read literally, R̃ defined by
R̃(m(z)) + 1/m(z) = z is R̃(u) = R(−u) − 2/u (R the true R-transform,
G = −m), and R̃ is *not* additive: the −2/u terms add up.  Evidence (checked
below, A = SC(1), B = MP(1/2)):

* EXACT: R̃_SC(u) = −u − 2/u, R̃_MP(u) = −4/(u(u + 2)); substituting
  z = R̃_A(u) + R̃_B(u) + 1/u, m = u into the equation of the free sum
  SC(1) ⊞ MP(1/2) (verified in ``free_add_sc_mp``) leaves a nonzero
  rational function.
* NUMERIC: the "law" predicted by R̃_A + R̃_B has −z m(z) → 3 as z → ∞:
  total mass 3, not a probability measure.

Corrected claim: ``rmtsym/claims/free_add_sc_mp.py`` (G(R(w) + 1/w) = w, G = −m).

Expected verdict: REFUTED.
"""

import sympy

from rmtsym.free.convolution import free_add
from rmtsym.laws.named import marchenko_pastur, semicircle
from rmtsym.core.measure import M, Z
from rmtsym.verify import Claim, exact_identity, numeric_values

from rmtsym.claims._common import SURVEY, _mpctx

u, r = sympy.symbols("u r")
C = sympy.Rational(1, 2)


def r_tilde(P):
    """R̃ with R̃(m) + 1/m = z on P(m, z) = 0 (z-degree 1 laws: solve the linear equation)."""
    eq = sympy.numer(sympy.together(P.subs({M: u, Z: r + 1 / u})))
    sol = sympy.solve(eq, r)
    assert len(sol) == 1
    return sympy.simplify(sol[0])


def _laws():
    return semicircle(1), marchenko_pastur(C)


def _predicted_polynomial():
    a, b = _laws()
    ra = r_tilde(a.stieltjes_polynomial().as_expr())
    rb = r_tilde(b.stieltjes_polynomial().as_expr())
    expr = sympy.together(Z - (ra + rb + 1 / u))
    return ra, rb, sympy.expand(sympy.numer(expr)).subs(u, M)


def _exact(ctx):
    a, b = _laws()
    ra, rb, _ = _predicted_polynomial()
    P = free_add(a, b).stieltjes_polynomial().as_expr()
    val = sympy.factor(sympy.together(P.subs({M: u, Z: ra + rb + 1 / u})))
    return val, 0, [
        {"title": "Survey definition read with m (m ~ -1/z)", "latex": r"\tilde R(m(z)) + \frac{1}{m(z)} = z"},
        {"title": "For SC(1)", "latex": r"\tilde R_{\mathrm{SC}}(u) = " + sympy.latex(ra)},
        {"title": "For MP(1/2)", "latex": r"\tilde R_{\mathrm{MP}}(u) = " + sympy.latex(rb)},
        {"title": "Equation of SC(1) \u229e MP(1/2)", "latex": sympy.latex(P) + " = 0"},
        {"title": "Substitute m = u, z = R~_A(u) + R~_B(u) + 1/u",
         "latex": r"P\big(u, \tilde R_A(u) + \tilde R_B(u) + 1/u\big) = " + sympy.latex(val)}]


def _numeric(ctx, dps):
    mp = _mpctx(dps + 15)
    _, _, Q = _predicted_polynomial()
    poly = sympy.Poly(Q, M)
    zs = sympy.I * sympy.Integer(10) ** 12
    coeffs = [mp.mpmathify(str(sympy.N(c.subs(Z, zs), dps + 30))) if c.subs(Z, zs).is_real
              else mp.mpc(str(sympy.re(sympy.N(c.subs(Z, zs), dps + 30))),
                          str(sympy.im(sympy.N(c.subs(Z, zs), dps + 30))))
              for c in poly.all_coeffs()]
    roots = mp.polyroots(coeffs, maxsteps=400, extraprec=4 * dps)
    small = min(roots, key=abs)                     # the branch m -> 0 at infinity
    mass = -mp.mpc(0, 10 ** 12) * small
    return [("total mass -z m(z) at z = 1e12 i (predicted law)", mass.real, 1,
             mp.mpf(10) ** -10)]


CLAIM = Claim(
    id="r_transform_survey_erratum",
    title="ERRATUM: $R(m(z)) + 1/m(z) = z$ with the Stieltjes $m$ is not additive, survey §2.2",
    source=SURVEY,
    formula=r"§2.2: $R(m(z)) + 1/m(z) = z$; $R_{A+B} = R_A + R_B$",
    statement=(r"With $m(z)=\int\frac{\rho(dx)}{x-z}$ (the survey's $m$ of §2.1) and "
               r"$\mathcal R(m(z))+\frac1{m(z)}=z$: $\mathcal R_{A+B}=\mathcal R_A+\mathcal R_B$ "
               r"for $A$ = GOE, $B$ = Wishart($1/2$)."),
    expected="REFUTED",
    refuted_by=('P_sum(u, R~_A + R~_B + 1/u) = 0', 'mass of the predicted law',),
    erratum=(r"With $m$ the Stieltjes transform ($m \sim -1/z$) the defined "
             r"$\tilde R(u) = R(-u) - 2/u$ is not additive: the equation of "
             r"$\mathrm{SC}(1) \boxplus \mathrm{MP}(1/2)$ does not vanish at "
             r"$z = \tilde R_A + \tilde R_B + 1/m$, and the law predicted by "
             r"$\tilde R_A + \tilde R_B$ has total mass 3. The identity holds with $G = -m$: "
             r"$G(R(w) + 1/w) = w$ (see `free_add_sc_mp`)."),
    corrected_by="free_add_sc_mp",
    theory=lambda: free_add(*_laws()),
    checks=[
        exact_identity("P_sum(u, R~_A + R~_B + 1/u) = 0", _exact,
                       label=r"$P_{\mathrm{sum}}(u, \tilde R_A + \tilde R_B + 1/u) = 0$"),
        numeric_values("mass of the predicted law", _numeric, digits=8, dps=30),
    ],
)
