r"""Relu and hardtanh networks at L = 2 (Pastur Fig. 1): theory vs sampled J Jᵀ.

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022), Fig. 1: "the eigenvalue
density of M_n^L for the Gaussian weights and biases, L = 2, n = 10³ ... red
lines are numerical solutions of the system" (I), (II), (0); b) φ = HardTanh.

Model: W = X/√n, Var X = σ_w² = 3/2, biases N(0, 1/10), input ‖x⁰‖²/n = 1;
ν_K^l = law of φ'(h^l)², h^l ~ N(0, q_l), q_1 = σ_w² + σ_b².  Relu:
ν_K = ½δ_0 + ½δ_1.  Hardtanh: ν_K^l = (1 − p_l)δ_0 + p_l δ_1, p_l =
erf(1/√(2q_l)) (exact P(m, z) over Z[p_1, p_2]).  Route 1 (Pastur's system
eliminated by resultants) and route 2 (S_M = ∏ S_{K_l} S_W, S_W =
1/(σ_w²(1 + w))) give the same polynomial; sampled networks at n = 400
(quick) or 1000 (full, Pastur's size) agree in moments and KS distance.

Convention: Pastur's f is m(z) = ∫ μ(dx)/(x − z); route 1 uses the law of
σ_w² φ'(h)² (his weights have unit variance).

Expected verdict: EXACT.
"""

import sympy

from rmtsym.verify import Claim

from rmtsym.claims._jacobian import PASTUR, JacobianSpectrum, jacobian_empirical, routes_check

SW2, SB2 = sympy.Rational(3, 2), sympy.Rational(1, 10)


def relu():
    return JacobianSpectrum("relu", depth=2, sigma_w2=SW2, sigma_b2=SB2)


def hardtanh():
    return JacobianSpectrum("hardtanh", depth=2, sigma_w2=SW2, sigma_b2=SB2)


CLAIM = Claim(
    id="jacobian_relu_hardtanh_L2",
    title="Relu and hardtanh at $L = 2$ (Pastur Fig. 1): two theory routes and sampled spectra",
    source=PASTUR,
    formula=r"Fig. 1 ($L = 2$, $n = 10^3$, Gaussian weights and biases); system (I), (II), (0)",
    statement=(r"For $L=2$, $\varphi\in\{\mathrm{relu},\mathrm{HardTanh}\}$: $\nu_{M^2}$ solves "
               r"(I), (II), (0) and equals $\nu_{K^2}\boxtimes\mathrm{MP}(1,\sigma_w^2)\boxtimes"
               r"\nu_{K^1}\boxtimes\mathrm{MP}(1,\sigma_w^2)$."),
    expected="EXACT",
    notes=r"$\sigma_w^2 = 3/2$, $\sigma_b^2 = 1/10$, $q_0 = 1$; hardtanh $p_l$ carried as symbols.",
    theory=lambda: relu().measure(),
    checks=[
        routes_check("relu: Pastur's system vs S-transforms", relu),
        routes_check("hardtanh: Pastur's system vs S-transforms (over Z[p1, p2])", hardtanh,
                     label=r"hardtanh: Pastur's system vs S-transforms (over $\mathbb{Z}[p_1, p_2]$)"),
        jacobian_empirical("sampled relu networks", relu, seed=7002),
        jacobian_empirical("sampled hardtanh networks", hardtanh, seed=7003),
    ],
)
