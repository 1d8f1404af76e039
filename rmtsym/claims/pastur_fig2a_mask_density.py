r"""Pastur Fig. 2a: the density of ν_K (law of σ_w² φ'(h)²) for tanh, arctan, HardTanh, linear.

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022 talk; L. Pastur, "On random
matrices arising in deep neural networks: Gaussian case", Pure Appl. Funct.
Anal. 5 (2020); Pastur–Slavin, general i.i.d. case, RMTA 2023), Fig. 2a:
"The density ν'_K of the measure ν_K for the indicated activation functions
and the Gaussian weights and biases"; K = D_l², D_l = diag φ'(h^l).

The figure and its legend were lost in extraction; the activations are those
the talk names (φ = tanh, tan⁻¹, HardTanh; linear in Fig. 1) and the
parameters are Pastur's unit-variance weights σ_w² = 1 with biases
σ_b² = 1/10 and input ‖x⁰‖²/n = 1, so h¹ ~ N(0, q), q = 11/10.  Closed forms
(:func:`rmtsym.mask_law`): tanh y = sech⁴ h, density
2 e^{−a²/(2q)}/√(2πq) / (4y√(1 − √y)), a = arccosh(y^{−1/4}), 0 < y < 1;
arctan y = (1 + h²)^{−2}; HardTanh (1 − p)δ_0 + p δ_1, p = erf(1/√(2q));
linear δ_1.

* NUMERIC: tanh, arctan: moments as Gaussian integrals in h vs quadrature of
  the density in y (20 digits); the tanh density from the sech⁴ closed form
  vs the generic preimage inversion of the same function written as
  2/(1 + e^{−2x}) − 1 (20 digits).
* EXACT: HardTanh moments [1, p, p] with p = erf(√55/11) (hand).
* EMPIRICAL: the diagonal of σ_w² D_1² of real random layers (n = 400, 40
  layers; exactly i.i.d. from ν_K at layer 1, so no finite-n bias) vs the
  law: moments, KS (seeds 140441–140442); layer 2 at its mean-field variance
  q_2 (O(1/n) bias, Richardson), seed 140443.

Expected verdict: EXACT.
"""

from typing import Any

import mpmath
import numpy as np
import sympy as sp

from rmtsym import activation, mask_law, mean_field
from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.verify import Claim, empirical_spectrum, exact_sequences, numeric_values

from rmtsym.claims._common import PASTUR

SW2, SB2, Q0 = sp.Integer(1), sp.Rational(1, 10), sp.Integer(1)
Q1 = SW2 * Q0 + SB2
X = sp.Symbol("x")
ARCTAN = activation(sp.atan(X))
_LAWS: dict[Any, Any] = {}


def law(name):
    if name not in _LAWS:
        act = ARCTAN if name == "arctan" else name
        _LAWS[name] = mask_law(act, Q1, SW2)
    return _LAWS[name]


def _moment_routes(ctx, dps):
    rows = []
    for name in ("tanh", "arctan"):
        nu = law(name)
        g = nu.moments(3, dps=dps)
        d = nu.density_moments(3, dps=dps)
        for k in range(1, 4):
            rows.append((f"{name}: m_{k} Gaussian integral vs density quadrature", g[k], d[k],
                         mpmath.mpf(10) ** (-dps + 5)))
    return rows


def _density_routes(ctx, dps):
    generic = mask_law(activation(2 / (1 + sp.exp(-2 * X)) - 1), Q1, SW2)
    rows = []
    for y in ("0.2", "0.5", "0.9"):
        rows.append((f"tanh density at y = {y}: sech^4 closed form vs preimage inversion",
                     law("tanh").density(sp.Rational(y), dps=dps),
                     generic.density(sp.Rational(y), dps=dps), mpmath.mpf(10) ** (-dps + 5)))
    return rows


def _float_density(name):
    nu = law(name)
    cache = {}

    def rho(x):
        x = np.atleast_1d(np.asarray(x, float))
        key = (x.size, float(x[0]), float(x[-1]))
        if key not in cache:
            cache.clear()
            cache[key] = np.array([float(nu.density(v, dps=15)) if 0 < v < float(SW2) else 0.0
                                   for v in x])
        return cache[key]
    return rho


def _theory(name, q=None):
    def fn(ctx, k):
        nu = law(name) if q is None else mask_law(name, q, SW2)
        return [sp.Float(mpmath.nstr(v, 25), 25) for v in nu.moments(k, dps=25)]
    return fn


def _hardtanh_exact(ctx):
    return law("hardtanh").moments(3)


def _q2():
    return JacobianSpectrum("tanh", 2, sigma_w2=SW2, sigma_b2=SB2, q0=Q0).layer_variances(dps=30)[1]


_P = sp.erf(sp.sqrt(55) / 11)

CLAIM = Claim(
    id="pastur_fig2a_mask_density",
    title=r"Pastur Fig. 2a: density of $\nu_K$ for tanh, arctan, HardTanh, linear ($\sigma_w^2 = 1$, $\sigma_b^2 = 1/10$)",
    source=PASTUR,
    formula=r"Fig. 2a: 'the density $\nu'_K$ of the measure $\nu_K$ ... Gaussian weights and biases'; $K = D_l^2$",
    statement=(r"$\nu_K$ = law of $\sigma_w^2\varphi'(h)^2$, $h\sim N(0,q)$: tanh "
               r"$\rho(y)=\frac{2e^{-a^2/2q}}{\sqrt{2\pi q}\,4y\sqrt{1-\sqrt y}}$, "
               r"$a=\operatorname{arccosh}y^{-1/4}$; HardTanh $(1-p)\delta_0+p\delta_1$, "
               r"$p=\operatorname{erf}(1/\sqrt{2q})$; linear $\delta_1$."),
    expected="EXACT",
    notes=(r"The figure's parameters were lost: $\sigma_w^2 = 1$ (Pastur's unit variance), "
           r"$\sigma_b^2 = 1/10$, $q_0 = 1$."),
    theory=lambda: law("hardtanh"),
    checks=[
        exact_sequences("HardTanh: moments of nu_K vs [1, p, p, p], p = erf(sqrt(55)/11)",
                        _hardtanh_exact, lambda ctx: [1, _P, _P, _P],
                        "`mask_law` atoms", r"by hand: $P(|h| < 1)$, $h \sim \mathcal{N}(0, 11/10)$",
                        label=r"HardTanh: moments of $\nu_K$ vs $[1, p, p, p]$, $p = \operatorname{erf}(\sqrt{55}/11)$"),
        exact_sequences("linear: nu_K = delta_1", lambda ctx: law("linear").moments(3),
                        lambda ctx: [1, 1, 1, 1], "`mask_law`", "hand",
                        label=r"linear: $\nu_K = \delta_1$"),
        numeric_values("tanh, arctan: moments, Gaussian integral vs density quadrature",
                       _moment_routes, digits=20, dps=30),
        numeric_values("tanh density: sech^4 closed form vs generic preimage inversion",
                       _density_routes, digits=20, dps=30,
                       label=r"$\tanh$ density: $\operatorname{sech}^4$ closed form vs generic preimage inversion"),
        empirical_spectrum("sampled masks of real layers: tanh (layer 1)", "pastur_mask",
                           {"activation": "tanh", "sigma_w2": 1.0, "sigma_b2": 0.1, "q0": 1.0},
                           _theory("tanh"), n=(400, 1000), samples=(40, 100), seed=140441,
                           density=_float_density("tanh"), support=[(0.0, 1.0)]),
        empirical_spectrum("sampled masks of real layers: arctan (layer 1)", "pastur_mask",
                           {"activation": "arctan", "sigma_w2": 1.0, "sigma_b2": 0.1, "q0": 1.0},
                           _theory("arctan"), n=(400, 1000), samples=(40, 100), seed=140442,
                           density=_float_density("arctan"), support=[(0.0, 1.0)]),
        empirical_spectrum("sampled masks: HardTanh (layer 1; atoms)", "pastur_mask",
                           {"activation": "hardtanh", "sigma_w2": 1.0, "sigma_b2": 0.1, "q0": 1.0},
                           lambda ctx, k: law("hardtanh").moments(k), n=(400, 1000),
                           samples=(40, 100), seed=140443,
                           density=lambda x: np.zeros_like(np.asarray(x, float)),
                           support=[(0.0, 1.0)],
                           atoms=[(0.0, float(1 - _P)), (1.0, float(_P))]),
    ],
)
