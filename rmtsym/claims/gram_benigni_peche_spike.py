r"""Benigni–Péché spikes: outliers of the conjugate kernel iff E[ξ²σ(ξ)] ≠ 0 (at most two).

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), slide "Some further
RMT investigations on the two-layer model", [BP22] (Benigni–Péché, *Largest
eigenvalues of the conjugate kernel of single-layered neural networks*,
arXiv:2201.04753, 2022): "if E[ξ²σ(ξ)] = 0, then no spike; otherwise, at most
two spikes" (σ centred).

Derivation used for the predicted location (see
:meth:`rmtsym.models.gram.GramSpectrum.outliers`): with κ = E[ξ²σ(√q ξ)], the
conditional mean of σ(h_iμ) given the row norm of W and the column norm of X is
(κ/2)(δ_i + ε_μ), δ_i = ‖w_i‖²/σ_w² − 1, ε_μ = ‖x_μ‖²/(n0σ_x²) − 1 (variances
2/n0): a rank-two perturbation of Y/√m with both singular values θ,
θ² = κ²/(2ψ).  Benaych-Georges–Nadakuditi (2012): an outlier λ > b solves
λ G(λ) G̃(λ) = 1/θ² (G the PW17 Cauchy transform, G̃ = cG + (1 − c)/λ,
c = φ/ψ); for ζ = 0, λ = (θ² + η)(θ² + cη)/θ² when θ² > √c η.  Both pieces have
the same θ: a pair, split by O(n^{−1/2}) at finite n.

Checks: exact — κ = √(2/π) for |x| centred, κ = 0 for odd σ; numeric — the
D-transform root against the closed form (ζ = 0) to 20 digits; empirical — the
mean of the two largest sampled eigenvalues against the predicted pair for |x|
(ζ = 0) and σ = x + 2(x² − 1) (ζ = 1 > 0, located by the quartic), and no
outlier for tanh (odd).  Note: κ ≠ 0 is necessary, not sufficient — below the
threshold (e.g. centred ReLU at ψ = 3/2) there is no outlier.

Expected verdict: EXACT (exact + numeric + empirical routes).
"""

import mpmath
import sympy

from rmtsym.models.gram import GramSpectrum
from rmtsym.verify import Claim, exact_sequences, numeric_values

from rmtsym.claims._common import COURSE
from rmtsym.claims._gram import spike_check

R = sympy.Rational
PHI, PSI = R(1, 4), R(1, 2)


def _abs():
    return GramSpectrum("abs", PHI, PSI, center=True)


def _mixed():
    return GramSpectrum("x + 2*x**2 - 2", R(1, 8), R(1, 4))


def _kappas(ctx):
    return [_abs().spike_constant(), GramSpectrum("tanh", PHI, PSI).spike_constant(),
            GramSpectrum("erf", PHI, PSI).spike_constant(), _mixed().spike_constant()]


def _closed(ctx, dps):
    th2, eta, c = (2 / sympy.pi) / (2 * PSI), 1 - 2 / sympy.pi, PHI / PSI
    lam = (th2 + eta) * (th2 + c * eta) / th2
    out = _abs().outliers(dps=dps)
    return [("outlier of |x| (D-transform root)", out[0], lam, mpmath.mpf(10) ** (-(dps - 3)))]


CLAIM = Claim(
    id="gram_benigni_peche_spike",
    title=r"Benigni–Péché spikes: outliers iff $\mathbb{E}[\xi^2\sigma(\xi)] \ne 0$, at most two (course 001, [BP22])",
    source=COURSE,
    formula="slide 'Some further RMT investigations on the two-layer model', [BP22]",
    statement=(r"For centred $\sigma$: $\mathbb E[\xi^2\sigma(\xi)]=0$ $\Rightarrow$ no outlier; otherwise at most "
               r"two, here a pair at $\lambda$ with $\lambda G(\lambda)\tilde G(\lambda)=2\psi/\kappa^2$."),
    expected="EXACT",
    theory=lambda: _abs().measure(),
    checks=[
        exact_sequences("kappa = E xi^2 sigma: |x|, tanh, erf, x + 2(x^2-1)", _kappas,
                        lambda ctx: [sympy.sqrt(2 / sympy.pi), 0, 0, 4], "`spike_constant`",
                        r"by hand (Hermite $c_2$)", quantity="kappa",
                        label=r"$\kappa = \mathbb E\, \xi^2 \sigma$: $|x|$, $\tanh$, $\operatorname{erf}$, $x + 2(x^2 - 1)$"),
        numeric_values("outlier location vs (theta^2+eta)(theta^2+c eta)/theta^2", _closed, digits=20, dps=30,
                       label=r"outlier location vs $(\theta^2 + \eta)(\theta^2 + c\eta)/\theta^2$"),
        spike_check("sampled outliers", [
            ("|x| centred (zeta = 0)", _abs(), 400, 10, 22),
            ("x + 2(x^2-1) (zeta = 1)", _mixed(), 400, 8, 32),
            ("tanh (odd)", GramSpectrum("tanh", PHI, PSI), 400, 8, 42)]),
    ],
)
