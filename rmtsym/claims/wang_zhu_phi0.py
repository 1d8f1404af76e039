r"""The linearised kernel Φ_0 = b_σ² XᵀX + (1 − b_σ²) I: "low-norm terms" only after a rank-one term.

Source: ``004_023286a078569efc.txt`` (Wang–Zhu 2021 talk), slide "Ingredients
in the proof": "Using Hermite polynomial expansion of σ, we can approximate
E[X_1ᵀX_1] = E_w[σ(wᵀX)ᵀσ(wᵀX)] by Φ_0 := b_σ² XᵀX + (1 − b_σ²) Id + low-norm terms."

For unit-norm columns E K = κ(XᵀX) entrywise, κ(ρ) = Σ_k a_k² ρ^k (a_k the
orthonormal-Hermite coefficients of σ, a_1 = b_σ), so
E K − Φ_0 = Σ_{k≥2} a_k² ((XᵀX)^{⊙k} − I).  For Gaussian data the k = 2 term
has mean a_2² (11ᵀ − I)/d: a rank-one part of operator norm a_2² (n − 1)/d,
which does not vanish when d/n is fixed.  What holds:

* the remainder is small in the normalised Frobenius norm (so Φ and Φ_0 have
  the same limit spectrum, which is all the deformed semicircle law needs):
  ‖E K − Φ_0‖_F/√n → 0;
* in operator norm it is small only after the rank-one term:
  ‖E K − Φ_0 − a_2²(11ᵀ − I)/d‖ → 0, while ‖E K − Φ_0‖ → a_2²/2 at d = 2n.

EXACT: a_2² of the normalised relu is 1/(2(π − 1)) (hand: c_2 = 1/(2√(2π)),
a_2² = 2! c_2²/Var relu = (1/4π)/((π − 1)/2π)) = the sampler's arc-cosine kernel's ρ² coefficient
(series of κ at 0).  EMPIRICAL (unit-norm Gaussian data, d = 2n, n = 100,
200, 400, seed 140461): the three norms above, with ‖E K − Φ_0‖ within 10 %
of a_2² (n − 1)/d, and the two others decreasing (fitted log-log slope
< −0.3).  Not filed as an erratum — "low-norm" is true in the normalised
Frobenius sense the proof uses — but the operator-norm reading fails for
every σ with a_2 ≠ 0 (relu, x⁺ of the slide's simulations).

Expected verdict: EXACT.
"""

import math

import numpy as np
import sympy as sp

from rmtsym.sampling.ultrawide import _data, kernel_functions
from rmtsym.verify import Claim, exact_identity

from rmtsym.claims._ultrawide import WANG_ZHU, custom_check, loglog_slope, row, seeds

A22 = 1 / (2 * (sp.pi - 1))          # a_2^2 of the normalised relu
B2 = sp.pi / (2 * (sp.pi - 1))


def _a2(ctx):
    r = sp.Symbol("r", positive=True)
    kappa = (sp.sqrt(1 - r ** 2) + (sp.pi - sp.acos(r)) * r - 1) / (sp.pi - 1)
    ser = sp.series(kappa, r, 0, 3).removeO()
    return sp.simplify(ser.coeff(r, 2)), A22, [
        {"title": "relu arc-cosine kernel", "latex": r"\kappa(\rho) = " + sp.latex(kappa)},
        {"title": r"$\rho^2$ coefficient", "latex": sp.latex(sp.simplify(ser.coeff(r, 2)))}]


def _norms(ctx):
    sizes = ctx.pick((100, 200, 400), (100, 200, 400, 800))
    k = kernel_functions("relu")
    a22, b2 = float(A22), float(B2)
    rows, outs, fro, corr = [], [], [], []
    for n, rng in zip(sizes, seeds(140461, len(sizes))):
        d = 2 * n
        X = _data(n, d, rng, "gaussian")
        G = X.T @ X
        np.fill_diagonal(G, 1.0)
        EK = k["kappa"](G)
        R = EK - (b2 * G + (1 - b2) * np.eye(n))
        op = float(np.linalg.norm(R, 2))
        R1 = R - a22 * (np.ones((n, n)) - np.eye(n)) / d
        op1 = float(np.linalg.norm(R1, 2))
        fr = float(np.linalg.norm(R, "fro") / math.sqrt(n))
        ref = a22 * (n - 1) / d
        ok = abs(op - ref) <= 0.1 * ref
        outs.append(ok)
        rows.append(row(f"||EK - Phi0||, n = {n}", op, ref, abs(op - ref), 0.1 * ref, 0, ok))
        rows.append(row(f"||EK - Phi0 - a2^2 (11^T - I)/d||, n = {n}", op1, 0, op1, "-", 0, True))
        rows.append(row(f"||EK - Phi0||_F / sqrt(n), n = {n}", fr, 0, fr, "-", 0, True))
        fro.append(fr)
        corr.append(op1)
    for label, vals in (("normalised Frobenius", fro), ("operator norm after the rank-one term", corr)):
        slope, se = loglog_slope(sizes, vals)
        ok = slope < -0.3
        outs.append(ok)
        rows.append(row(f"log-log slope in n, {label}", slope, "< -0.3", "-", -0.3, se, ok))
    rec = {"activation": "relu (normalised)", "data": "unit-norm Gaussian columns, d = 2n",
           "sizes": list(sizes), "seed": 140461}
    return (outs, rows, rec, "||EK - Phi0|| within 10 % of a2^2 (n-1)/d; the other two decay (slope < -0.3)",
            "EK - Phi0 = rank-one a2^2 (11^T - I)/d + o(1) in norm")


CLAIM = Claim(
    id="wang_zhu_phi0",
    title=r"Wang–Zhu $\Phi_0 = b^2 X^\top X + (1 - b^2) I$ approximates $\mathbb{E} K$ up to a rank-one $a_2^2 \mathbf{1}\mathbf{1}^\top/d$ term",
    source=WANG_ZHU,
    formula=(r"slide 'Ingredients in the proof': $\mathbb E[X_1^T X_1] \approx \Phi_0 := b^2 X^T X + "
             r"(1 - b^2)\mathrm{Id}$ + low-norm terms"),
    statement=(r"$\mathbb E K^{CK}-\Phi_0=a_2^2(\mathbf 1\mathbf 1^T-I)/d+o(1)$ in operator norm "
               r"and $o(1)$ in normalised Frobenius norm; $\|\mathbb E K^{CK}-\Phi_0\|\to a_2^2 n/d$."),
    expected="EXACT",
    notes=r"The normalised ReLU: $a_2^2 = 1/(2(\pi - 1)) \approx 0.2335$; $d = 2n$.",
    checks=[
        exact_identity("a_2^2 of the normalised relu: hand vs the arc-cosine kernel's series", _a2,
                       label=r"$a_2^2$ of the normalised ReLU: hand vs the arc-cosine kernel's series"),
        custom_check("norms of EK - Phi0 for Gaussian data, n = 100, 200, 400", "empirical", _norms),
    ],
)
