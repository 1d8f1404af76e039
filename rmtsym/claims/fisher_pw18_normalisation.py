r"""PW18 Fisher formula: μ₁, μ₂ have mass ζ and the prefactor 1/(2ζ²) makes the law a probability measure.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §4.3:
"dμ₁(λ₁) = (1/2π) √((η'+3ζ−λ₁)/(λ₁−η'+ζ)) 1_[η'−ζ, η'+3ζ](λ₁) dλ₁,
dμ₂(λ₂) = (1/2π) √((η+3ζ−λ₂)/(λ₂−η+ζ)) 1_[η−ζ, η+3ζ](λ₂) dλ₂" and the
prefactor 1/(2ζ²) of the double integral.

Claim (checked because the printed μᵢ are *not* probability measures):

* EXACT: ∫ dμ₁ = ζ (symbolic in η', ζ; the same for μ₂): μ₁/ζ is the law
  of η' − ζ + ζ·MP(1); the 1/(2π) prefactor is the MP(1) one.
* EXACT: with these masses the total mass of the law, lim z·G(z), is
  (1/(2ζ²))·2·ζ·ζ = 1, and the mean is (η + η')/2 — the trace of H₀
  divided by its dimension, derived by hand from H₀ = E_x[JᵀJ]
  (tests/test_fisher.py); i.e. the prefactor and the masses are consistent.

Expected verdict: EXACT.
"""

import sympy

from rmtsym.verify import Claim, exact_identity

from rmtsym.claims._common import SURVEY

_lam, _ep, _zeta, _e, _z = sympy.symbols("lambda eta_p zeta eta z", positive=True)


def mass_mu1(ctx):
    lo = _ep - _zeta
    # λ = lo + 4ζ sin²θ turns the density into (4ζ/π) cos²θ dθ on [0, π/2]
    th = sympy.Symbol("theta", positive=True)
    integrand = sympy.sqrt((_ep + 3 * _zeta - _lam) / (_lam - _ep + _zeta)) / (2 * sympy.pi)
    sub = sympy.simplify(integrand.subs(_lam, lo + 4 * _zeta * sympy.sin(th) ** 2)
                         * sympy.diff(lo + 4 * _zeta * sympy.sin(th) ** 2, th))
    sub = sympy.simplify(sub.subs(sympy.sqrt(sympy.cos(th) ** 2 / sympy.sin(th) ** 2), sympy.cos(th) / sympy.sin(th)))
    sub = sympy.simplify(sympy.refine(sub, sympy.Q.positive(sympy.sin(th)) & sympy.Q.positive(sympy.cos(th))))
    mass = sympy.simplify(sympy.integrate(sympy.simplify(sub.rewrite(sympy.cos)), (th, 0, sympy.pi / 2)))
    steps = [{"title": "dμ₁ in λ = η'−ζ+4ζ sin²θ", "latex": sympy.latex(sub) + r"\,d\theta"},
             {"title": "mass", "latex": sympy.latex(mass)}]
    return mass, _zeta, steps


def _mass_and_mean():
    l1, l2 = sympy.symbols("lambda_1 lambda_2", positive=True)
    integrand = (l1 + l2 - 2 * _z) / (2 * _zeta ** 2 * ((_e - _zeta) * (_ep - _zeta) + l1 * (_z - _e + _zeta)
                                                        + l2 * (_z - _ep + _zeta) - _z ** 2))
    w = sympy.Symbol("w", positive=True)                     # w = 1/z
    ser = sympy.series(integrand.subs(_z, 1 / w), w, 0, 3).removeO()
    c1, c2 = sympy.simplify(ser.coeff(w, 1)), sympy.simplify(ser.coeff(w, 2))
    # E over μ1 ⊗ μ2 (masses ζ, means η' and η of the normalised laws): c1 constant, c2 affine in λ
    m0 = sympy.simplify(c1 * _zeta ** 2)
    m1 = sympy.simplify(sympy.expand(c2).subs({l1: _ep, l2: _e}) * _zeta ** 2)
    steps = [{"title": "coefficient of 1/z", "latex": sympy.latex(c1)},
             {"title": "coefficient of 1/z²", "latex": sympy.latex(c2)},
             {"title": "(m₀, m₁) after ∬ dμ₁dμ₂", "latex": sympy.latex((m0, m1))}]
    return (m0, m1), steps


def total_mass(ctx):
    (m0, _m1), steps = _mass_and_mean()
    return m0, sympy.Integer(1), steps


def mean(ctx):
    (_m0, m1), steps = _mass_and_mean()
    return m1, (_e + _ep) / 2, steps


CLAIM = Claim(
    id="fisher_pw18_normalisation",
    title=r"PW18 Fisher formula: $\mu_1, \mu_2$ of mass $\zeta$, prefactor $1/(2\zeta^2)$ $\to$ total mass 1, mean $(\eta+\eta')/2$",
    source=SURVEY,
    formula=(r"§4.3: $d\mu_1 = (1/2\pi)\sqrt{(\eta'+3\zeta-\lambda)/(\lambda-\eta'+\zeta)}\, "
             r"\mathbf 1_{[\eta'-\zeta,\eta'+3\zeta]}\, d\lambda$, prefactor $1/(2\zeta^2)$"),
    statement=(r"$\mu_1([\eta'-\zeta,\eta'+3\zeta])=\mu_2([\eta-\zeta,\eta+3\zeta])=\zeta$ and the law defined by the "
               r"double integral has mass 1 and mean $(\eta+\eta')/2=\operatorname{tr}H_0/\dim H_0$."),
    expected="EXACT",
    erratum_of="",
    checks=[
        exact_identity("mass of μ1 = ζ", mass_mu1),
        exact_identity("total mass lim z G(z) = 1", total_mass),
        exact_identity("mean = (η+η')/2 = tr H0 / dim H0 (hand derivation)", mean),
    ],
)
