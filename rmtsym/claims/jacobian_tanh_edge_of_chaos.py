r"""Tanh at the edge of chaos: the two theory routes agree to 25 digits; m_1 = χ^L = 1.

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022), system (I), (II), (0),
"φ = tanh"; Fig. 2 (ν_K for the indicated activations).  At σ_b² = 1/20 the
edge of chaos χ = σ_w² E φ'(√q* ξ)² = 1 is at σ_w² ≈ 1.76 (q* from
:func:`rmtsym.gaussian.mean_field`); the input is chosen with
σ_w² q0 + σ_b² = q*, so every layer sits at q* and m_1 = χ^L = 1.  ν_K is
not discrete: both routes are numeric (Gauss–Legendre panels for ν_K,
Newton with continuation from z = i∞, 30 digits).

Convention: m(z) = ∫ μ(dx)/(x − z); route 1 uses the law of σ_w² φ'(h)².

Expected verdict: NUMERIC.
"""

import functools

import mpmath
import sympy

from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._jacobian import PASTUR, JacobianSpectrum, density_routes_check, jacobian_empirical

L = 2
SB2 = sympy.Rational(1, 20)


@functools.lru_cache(maxsize=1)
def _critical():
    from rmtsym.gaussian.meanfield import mean_field
    with mpmath.workdps(40):
        sb = mpmath.mpf(1) / 20
        s = mpmath.findroot(lambda s: mean_field("tanh", s, sb, dps=35).chi - 1,
                            mpmath.mpf("1.76"))
        q = mean_field("tanh", s, sb, dps=35).q_star
        return sympy.Float(str(s), 35), sympy.Float(str((q - sb) / s), 35)


def spec():
    s, q0 = _critical()
    return JacobianSpectrum("tanh", depth=L, sigma_w2=s, sigma_b2=SB2, q0=q0)


def _m1(ctx, dps):
    m = spec().moments(1, dps=dps)[1]
    m2 = spec().moments(1, dps=dps + 10)[1]
    return [("m_1 = chi^L", m, 1, abs(m - m2))]


CLAIM = Claim(
    id="jacobian_tanh_edge_of_chaos",
    title=r"Tanh at the edge of chaos ($\sigma_b^2 = 1/20$): Pastur's system = S-transforms to 25 digits",
    source=PASTUR,
    formula=r"system (I), (II), (0) with $\varphi = \tanh$; $\nu_M = \nu_K \diamond \cdots \diamond \nu_K$",
    statement=(r"At $\chi=\sigma_w^2\mathbb E\varphi'(\sqrt{q^*}\xi)^2=1$: the density of "
               r"$\nu_{M^2}$ from (I),(II),(0) equals that from $S_M=\prod_l S_{K_l}S_W$, "
               r"and $m_1=1$."),
    expected="NUMERIC",
    notes=r"$\sigma_w^2$ solved from $\chi = 1$ at 35 digits; $q_0 = (q^* - \sigma_b^2)/\sigma_w^2$.",
    checks=[
        density_routes_check("density at x = 0.5, 2: S-transforms vs Pastur", spec, (0.5, 2.0),
                             digits=25, dps=30),
        numeric_values("m_1 = chi^L = 1", _m1, digits=20, dps=30,
                       label=r"$m_1 = \chi^L = 1$"),
        # KS: density of the S-transform system continued along the axis (double precision,
        # JacobianSpectrum.density_grid), tabulated at 600 nodes on [0, bound], fixed seed.
        jacobian_empirical("sampled tanh networks (moments, KS)", spec, seed=7006),
    ],
)
