r"""PB17 Hessian: α(ε, φ) ≈ α₀(φ)((ε − ε_c)/ε_c)^{3/2} as ε ↓ ε_c, with α₀ derived.

Source: ``002_2c85d79b7db582c6.txt`` §4.1: "In particular, for small α,
α(ε, φ) ≈ α₀(φ)|(ε − ε_c)/ε_c|^{3/2}".

Derivation: at ε_c the left edge is z = f(w_c) = 0 with f′(w_c) = 0
(f = R_H + 1/w, w_c < 0).  Near it ρ(λ) ≈ (1/π)√(2(λ − λ₋)/|f″(w_c)|) and
λ₋(ε) ≈ ∂_ε f(w_c)(ε − ε_c) (envelope theorem), so α ≈ (2/3)(1/π)
√(2/|f″|)|λ₋|^{3/2}:

α₀ = (2/(3π)) √(2/|f″(w_c)|) (ε_c |∂_ε f(w_c)|)^{3/2}.

Routes (NUMERIC): the index computed by the antiderivative formula at
ε = ε_c(1 + δ), δ = 10⁻⁴, 10⁻⁵, 10⁻⁶ (φ = 1/2, ς = 3/2) — the log-log slope
between δ = 10⁻⁵ and 10⁻⁶ is 3/2 to 5 digits, and α/(α₀ δ^{3/2}) = 1 + O(δ)
(to 5 digits at δ = 10⁻⁶); the same at φ = 1/4 by the quadrature route.
The survey's exponent 3/2 is right; α₀(φ), left unspecified there, is
given in closed form above.

Expected verdict: NUMERIC.
"""

import mpmath
import sympy as sp

from rmtsym.models.hessian import HessianSpectrum
from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._common import SURVEY

R = sp.Rational


def _alpha(p, s, dd, method):
    ec = HessianSpectrum.critical_epsilon(p, s)
    e = sp.Rational(str(sp.N(ec * (1 + sp.Rational(dd)), 60)))
    return HessianSpectrum(e, p, s).index(dps=30, method=method)


def _rows(ctx, dps):
    rows = []
    for p, s, method in ((R(1, 2), R(3, 2), "antiderivative"), (R(1, 4), 1, "quadrature")):
        a0 = HessianSpectrum.critical_amplitude(p, s, dps=dps)
        with mpmath.workdps(dps):
            a5, a6 = _alpha(p, s, "1e-5", method), _alpha(p, s, "1e-6", method)
            slope = mpmath.log10(a5 / a6)
            ratio = a6 / (a0 * mpmath.mpf("1e-6") ** 1.5)
        rows.append((f"phi={p}: log-log slope of alpha (delta 1e-5 .. 1e-6, {method})", slope, R(3, 2),
                     0))
        rows.append((f"phi={p}: alpha / (alpha0 delta^(3/2)) at delta = 1e-6", ratio, 1, 0))
    return rows


CLAIM = Claim(
    id="hessian_index_exponent",
    title=r"PB17 index near $\varepsilon_c$: $\alpha \approx \alpha_0 ((\varepsilon - \varepsilon_c)/\varepsilon_c)^{3/2}$, $\alpha_0$ in closed form (survey §4.1)",
    source=SURVEY,
    formula=r"§4.1: $\alpha(\epsilon, \phi) \approx \alpha_0(\phi)|(\epsilon - \epsilon_c)/\epsilon_c|^{3/2}$",
    statement=(r"$\alpha(\epsilon,\phi)\sim\alpha_0(\phi)\left(\frac{\epsilon-\epsilon_c}{\epsilon_c}\right)^{3/2}$, "
               r"$\alpha_0=\frac{2}{3\pi}\sqrt{2/|f''(w_c)|}\,(\epsilon_c|\partial_\epsilon f(w_c)|)^{3/2}$."),
    expected="NUMERIC",
    notes=r"Agreement to 5 digits: the corrections are $O(\delta) = 10^{-6}$ relative.",
    # the law shown: eps = 1/5 = 1.097 eps_c(1/2, 3/2), just above the threshold, so the figure shows
    # the negative eigenvalues whose mass is alpha (a short rational: the law's name is printed)
    theory=lambda: HessianSpectrum(R(1, 5), R(1, 2), R(3, 2)).measure(),
    checks=[numeric_values("3/2 law: slope and derived amplitude", _rows, digits=5, dps=30)],
)
