r"""Pastur Fig. 2b / 3 "macroscopic universality", made quantitative (L = 2).

Source: ``000_f11574a8ed5d65a0.txt`` (Pastur 2022 talk; Pastur–Slavin, "On
random matrices arising in deep neural networks: general i.i.d. case", RMTA
2023), Fig. 2b: "the arithmetic means ρ_n ... of M²_{10³} ... for all
indicated φ (macroscopic universality)"; Fig. 3: "We observe the similarity
("universality") of curves corresponding to different φ', the stronger
dependence of curves on n ...".  The figures' parameters were lost; we use
σ_w² = 1 (Pastur's unit-variance weights), σ_b² = 1/10, q0 = 1, L = 2 and
φ ∈ {linear, HardTanh, tanh} (JacobianSpectrum; theory densities and
moments by the S-transform route).

Measured (this claim states the numbers; it is not an identity):

* NUMERIC — distances between the limiting laws for different φ: KS
  sup|F_φ − F_ψ| from 2001-node CDF tables (table error ≤ 2e-3): linear vs
  tanh 0.254, linear vs HardTanh 0.340, HardTanh vs tanh 0.340; the means
  m_1 = ∏_l σ_w² E φ'(h_l)² are 1, 0.521, 0.263.  The limit is *not*
  independent of φ: it depends on φ only through the layer laws ν_K^l.
* EMPIRICAL — the universality that holds (Pastur–Slavin's theorem):
  Rademacher and uniform weights give the Gaussian-weight limit (tanh and
  HardTanh, n = 200, Richardson moments resolved to 20 % — one sample's
  moment fluctuates by O(n^{-1/2}) — and KS; seeds 140451–140453).
* EMPIRICAL — finite-n drift: KS(ρ_n, ρ_∞) of pooled tanh spectra (Rademacher
  weights) at n = 10, 30, 100 (n·S = 24000 eigenvalues each, seed 140454):
  0.067 at n = 10, then at the DKW noise level (0.007, 0.004) for n ≥ 30;
  the check requires it below a third of the smallest φ-distance (0.085).
  So at these parameters the curves depend on φ (KS ≥ 0.25) about four
  times more than on n ≥ 10 — the opposite of the reading "similar for
  different φ, stronger dependence on n" of Fig. 3 (not filed as an
  erratum: the figure's σ_w, σ_b are unknown and its curves are semi-log
  densities, where the edges — not the bulk KS measures — carry the
  n-dependence).

Expected verdict: NUMERIC.
"""

from typing import Any

import math

import numpy as np
import sympy as sp

from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.sampling.ensembles import sample_spectra
from rmtsym.verify import Claim, empirical_spectrum
from rmtsym.verify.densities import cdf_from_density, ks_distance, ks_threshold

from rmtsym.claims._common import PASTUR
from rmtsym.claims._jacobian import float_moments, ks_kappa, theory_density
from rmtsym.claims._ultrawide import custom_check, row

SW2, SB2 = sp.Integer(1), sp.Rational(1, 10)
PHIS = ("linear", "hardtanh", "tanh")
PHI_KS_MIN = 0.254          # smallest KS distance between the limits (check 1)
_T: dict[Any, Any] = {}


def spec(phi):
    return JacobianSpectrum(phi, 2, sigma_w2=SW2, sigma_b2=SB2, q0=1)


def theory(phi):
    if phi not in _T:
        dens, sup, atoms = theory_density(spec(phi))
        F, err = cdf_from_density(dens, sup, atoms, points=2001, error=True)
        _T[phi] = (dens, sup, atoms, F, err)
    return _T[phi]


def _distances(ctx):
    xs = np.linspace(0.0, 7.0, 14001)
    rows, outs = [], []
    for i, a in enumerate(PHIS):
        for b in PHIS[i + 1:]:
            Fa, ea = theory(a)[3], theory(a)[4]
            Fb, eb = theory(b)[3], theory(b)[4]
            D = float(np.max(np.abs(Fa(xs) - Fb(xs))))
            ok = D - (ea + eb) > 0.2
            outs.append(ok)
            rows.append(row(f"KS(limit {a}, limit {b})", D, "> 0.2", "-", ea + eb, ea + eb, ok))
    for a in PHIS:
        m1 = float(float_moments(spec(a), 1)[1])
        rows.append(row(f"m_1 of the limit, {a} (= prod_l chi_l)", m1, "-", "-", "-", 1e-15, True))
        outs.append(True)
    return (outs, rows, {"sigma_w2": 1, "sigma_b2": 0.1, "q0": 1, "depth": 2, "cdf_points": 2001},
            "KS minus table errors > 0.2 (the laws are distinct)",
            "limits for different phi are distinct (KS >= 0.25)")


def _drift(ctx):
    sizes = ctx.pick((10, 30, 100), (10, 30, 100, 300))
    F, ferr = theory("tanh")[3], theory("tanh")[4]
    rows, outs = [], []
    for i, n in enumerate(sizes):
        S = 24000 // n
        smp = sample_spectra("pastur_jacobian", n, S, 140454 + i,
                             {"activation": "tanh", "depth": 2, "sigma_w2": 1.0, "sigma_b2": 0.1,
                              "q0": 1.0, "weights": "rademacher"})
        D = ks_distance(smp.pooled(), F)
        noise = ks_threshold(n, S, 1e-3, 0.0)
        excess = max(D - noise - ferr, 0.0)
        ok = D + ferr < PHI_KS_MIN / 3
        outs.append(ok)
        rows.append(row(f"KS(rho_n, rho_inf), n = {n}, S = {S} (excess over DKW noise {excess:.4f})",
                        D, 0, D, PHI_KS_MIN / 3, noise, ok))
    rec = {"sampler": "pastur_jacobian", "activation": "tanh", "weights": "rademacher",
           "sizes": list(sizes), "seed": 140454, "noise": "DKW sqrt(ln(2/alpha)/(2nS)), alpha = 1e-3"}
    return (outs, rows, rec, "KS + table error < (min KS between the phi-limits)/3 = 0.085 at n >= 10",
            "finite-n drift of the tanh curves is < 1/3 of the phi-distances for n >= 10")


def _emp(name, phi, weights, seed, orders=3):
    s = spec(phi)
    atom = theory(phi)[2]
    params = {"activation": phi, "depth": 2, "sigma_w2": 1.0, "sigma_b2": 0.1, "q0": 1.0,
              "weights": weights}
    return empirical_spectrum(name, "pastur_jacobian", params, lambda ctx, K: float_moments(s, K),
                              n=(200, 400), samples=(60, 120), seed=seed, orders=orders, resolution=0.2,
                              density=lambda x: theory(phi)[0](x), support=lambda: theory(phi)[1],
                              atoms=atom, ks_bias=ks_kappa(2, 400, bool(atom)))


CLAIM = Claim(
    id="pastur_fig2b_universality",
    title=r"Pastur Fig. 2b/3 'macroscopic universality': $\varphi$-distances of the limits, weight universality, $n$-drift",
    source=PASTUR,
    formula=(r"Fig. 2b: $\rho_n$ of $M^2_{1000}$ for all indicated $\varphi$ (macroscopic universality); "
             r"Fig. 3 caption"),
    statement=(r"At $L=2$, $\sigma_w^2=1$, $\sigma_b^2=1/10$: the limits $\nu_{M^2}$ for "
               r"$\varphi\in\{x,\mathrm{HardTanh},\tanh\}$ are pairwise at KS distance $\ge 0.25$; "
               r"the limit does not depend on the law of the i.i.d. weights (Rademacher, uniform = "
               r"Gaussian); the finite-$n$ drift is $<0.085$ in KS for $n\ge 10$."),
    expected="NUMERIC",
    notes=r"The figures' parameters were lost; used: $\sigma_w^2 = 1$, $\sigma_b^2 = 1/10$, $q_0 = 1$.",
    theory=lambda: spec("linear").measure(),
    checks=[
        custom_check("distances between the limiting laws for different phi", "numeric", _distances,
                     label=r"distances between the limiting laws for different $\phi$"),
        _emp("tanh, Rademacher weights vs the Gaussian-weight limit", "tanh", "rademacher", 140451),
        _emp("tanh, uniform weights vs the Gaussian-weight limit", "tanh", "uniform", 140452),
        _emp("HardTanh, Rademacher weights vs the Gaussian-weight limit", "hardtanh", "rademacher", 140453,
             orders=2),
        custom_check("finite-n drift of the tanh curves (Rademacher weights), n = 10, 30, 100",
                     "empirical", _drift),
    ],
)
