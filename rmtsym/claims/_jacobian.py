r"""Helpers of the Jacobian-spectrum claims (seed 000, Pastur) — not a claim.

The real-network sampler is ``SAMPLERS["jacobian"]``
(:func:`rmtsym.sampling.jacobian_network`), drawn by
:func:`rmtsym.verify.empirical_spectrum` through
:func:`rmtsym.sampling.sample_spectra` (seeded, pooled over processes).

KS bias for laws with an atom at 0 (relu, hardtanh): at width n the rank of
J is min_l rank D_l with rank D_l = n p_l + O(√n) Gaussian fluctuations, so
the mass at 0 is biased by up to ½√(2 ln L)/√n — an O(1/√n) effect that
averaging and Richardson extrapolation do not remove.  The claims pass
κ = 2 + ½√(2 ln L)·√n_max to the KS threshold κ/N of
:func:`rmtsym.verify.ks_threshold` (n_max the largest width sampled), so
that κ/N ≥ 2/N + ½√(2 ln L)/√N at every width used.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from rmtsym.core.measure import M, Z
from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.verify import (density_from_polynomial, empirical_spectrum, exact_identity,
                           exact_sequences, numeric_values)

PASTUR = "000_f11574a8ed5d65a0.txt"


def sampler_params(spec):
    p = spec.sample_params()
    return {k: p[k] for k in ("activation", "depth", "sigma_w2", "sigma_b2", "q0", "weights")}


def numeric_params(spec, dps=20):
    return {p: sp.Float(str(v), dps) for p, v in spec.parameter_values(dps).items()}


def float_moments(spec, K):
    if spec.is_discrete:
        vals = numeric_params(spec)
        return [sp.N(sp.sympify(m).subs(vals), 18) for m in spec.moments(K)]
    return [sp.Float(str(m), 18) for m in spec.moments(K, dps=20)]


def ks_kappa(depth, n_max, atom):
    return 2.0 + (0.5 * math.sqrt(2 * math.log(depth)) * math.sqrt(n_max)
                  if atom and depth >= 2 else 0.0)


# --- the API of the claim files: factories of specs (built when the check runs) ---

def derivation_steps(spec):
    """LaTeX steps of the S-transform composition for ``spec`` (route 2)."""
    S_W = r"\frac{1}{\sigma_w^2(1+w)}" if spec.weights == "gaussian" else r"\frac{1}{\sigma_w^2}"
    head = [{"title": "Chain rule and free multiplicative convolution",
             "latex": r"M^L = J J^\top,\ J = D_L W_L\cdots D_1 W_1:\quad "
                      r"\nu_{M^L} = \nu_{K^L}\boxtimes\nu_{W_L^\top W_L}\boxtimes\cdots"
                      r"\boxtimes\nu_{K^1}\boxtimes\nu_{W_1^\top W_1}"},
            {"title": "S-transform composition",
             "latex": r"S_{M^L}(w) = \prod_{l=1}^{L} S_{K^l}(w)\,S_W(w),\quad S_W(w) = " + S_W
                      + r",\ \sigma_w^2 = " + sp.latex(spec.sigma_w2)}]
    try:
        return head + list(spec.measure().steps)
    except Exception:                      # numeric laws: no exact steps
        return head


def routes_check(name, spec_factory):
    """EXACT: route 1 (Pastur's system, or for orthogonal weights the subordination
    recursion of :class:`rmtsym.models.jacobian.PasturSystem`, eliminated) == route 2
    (free_mul), canonical P(m, z)."""
    def fn(ctx):
        spec = spec_factory()
        mu = spec.measure()
        P2 = mu.stieltjes_polynomial()
        P1 = sp.Poly(spec.pastur_system().polynomial(), *P2.gens)
        if spec.weights == "orthogonal":
            title = "Route 1: layer recursion with multiplicative subordination, eliminated"
            den = r"\lambda T - k\,(T - 1)"
        else:
            title = "Route 1: Pastur's system (I), (II), (0) eliminated"
            den = r"\lambda T + k"
        steps = derivation_steps(spec) + [
            {"title": title,
             "latex": r"f_l(z) = \tfrac{1}{k} f_{l-1}(z/k),\quad T = 1 + z f,\quad "
                      r"\int \frac{\lambda\,\nu_K(d\lambda)}{" + den + "} = 1,"
                      r"\quad \operatorname{Res}_k:\ " + sp.latex(P1.as_expr()) + " = 0"}]
        return P1.as_expr(), P2.as_expr(), steps
    return exact_identity(name, fn, "canonical Stieltjes polynomials of the two routes")


def density_routes_check(name, spec_factory, xs, digits=25, dps=30):
    """NUMERIC: density by Pastur's system vs by the S-transform system."""
    def fn(ctx, dps):
        spec = spec_factory()
        out = []
        for x in xs:
            a = spec.pastur_system().density(x, dps=dps)
            b = spec.density(x, dps=dps)
            out.append((f"rho({x}): Pastur (I),(II),(0) vs S-transforms", a, b,
                        mpmath.mpf(10) ** (-(dps - 3)) * max(abs(b), 1)))
        return out
    return numeric_values(name, fn, digits=digits, dps=dps,
                          description="Newton with continuation from z = i*inf, polished at dps+15")


def tabulated_density(grid, a, b, nodes=600):
    r"""Vectorised density on [a, b] from ``nodes`` exact values, for :func:`cdf_from_density`.

    ``grid(xs)`` returns the theory density at the interior nodes
    x_j = a + (b − a) v(u_j), u_j = (1 − cos θ_j)/2, v = u²(3 − 2u), θ_j
    equispaced in [0, π] (x − a ~ θ⁴ at each end).  Between interior nodes
    the function returned interpolates f(θ) = ρ(x(θ)) dx/dθ linearly in θ
    (θ(x) by the exact inverse of the smoothstep) and returns f/(dx/dθ); f is
    bounded and smooth in θ in the bulk, so this integrates to the CDF up to
    O(Δθ²).  Between an end of [a, b] and its nearest node the density is
    the power law c·|x − e|^(−α) through the two nodes nearest to that end
    (exact for the edge behaviour x^(−L/(L+1)) at a hard edge and
    (b − x)^(1/2) at a soft one, to leading order).  0 outside [a, b].
    """
    a, b = float(a), float(b)
    th = np.linspace(0.0, math.pi, nodes)

    def x_of(t):
        u = (1 - np.cos(t)) / 2
        return a + (b - a) * u * u * (3 - 2 * u)

    def dx_of(t):
        u = (1 - np.cos(t)) / 2
        return (b - a) * 6 * u * (1 - u) * np.sin(t) / 2

    def theta_of(x):
        v = np.clip((x - a) / (b - a), 0.0, 1.0)
        w = np.minimum(v, 1 - v)                       # smoothstep inverse on the near half
        sq = np.sqrt(w / 3)
        u = np.where(w < 1e-6, sq + sq * sq / 3,
                     0.5 - np.sin(np.arcsin(np.clip(1 - 2 * w, -1, 1)) / 3))
        u = np.where(v <= 0.5, u, 1 - u)
        return 2 * np.arcsin(np.sqrt(np.clip(u, 0.0, 1.0)))

    x = x_of(th)
    rho = np.asarray(grid(x[1:-1]), dtype=float)
    if rho.shape != (nodes - 2,) or not np.all(np.isfinite(rho)) or np.any(rho < 0):
        raise ValueError("tabulated_density: the density grid returned invalid values")
    f = np.concatenate([[0.0], rho * dx_of(th[1:-1]), [0.0]])

    def power(d1, d2, r1, r2):
        if r1 > 0 and r2 > 0 and d1 > 0 and d2 > d1:
            return min(max(-math.log(r2 / r1) / math.log(d2 / d1), -2.0), 0.95)
        return 0.0
    lo_x, hi_x = x[1], x[-2]
    al = power(x[1] - a, x[2] - a, rho[0], rho[1])
    ar = power(b - x[-2], b - x[-3], rho[-1], rho[-2])

    def density(xs):
        xs = np.asarray(xs, dtype=float)
        t = theta_of(xs)
        with np.errstate(all="ignore"):
            mid = np.interp(t, th, f) / dx_of(t)
            left = rho[0] * ((xs - a) / (lo_x - a)) ** (-al)
            right = rho[-1] * ((b - xs) / (b - hi_x)) ** (-ar)
        val = np.where(xs < lo_x, left, np.where(xs > hi_x, right, mid))
        return np.where((xs > a) & (xs < b) & np.isfinite(val), val, 0.0)
    return density


def theory_density(spec):
    """(density, support, atoms) of ``spec`` for the KS test, or None (hardtanh: see below).

    * linear (exact measure, no parameters, no atom): the density of the
      route-2 :class:`AlgebraicMeasure` from :func:`rmtsym.numerics.density`
      (physical branch, dps 15, continuation on the grid), tabulated at 600
      nodes on [0, upper edge].
    * relu (atom ½ at 0): as hardtanh below — ``numerics.density`` on a grid
      reaching down to x ~ 1e-9 does not return (branch tracking next to the
      pole of the atom) and ``numerics.atoms`` does not either; the
      polynomial is cubic at L = 2, so the float density below is exact.
    * smooth φ (tanh): :meth:`JacobianSpectrum.density_grid` (the S-transform
      system continued along the axis, double precision) at 1200 nodes on
      [0, bound] (about 2 s at L = 2).
    * hardtanh: the measure carries the symbols p_l and numerics needs a
      parameter-free polynomial; the p_l are substituted as 20-digit floats
      into route 1's polynomial and the float density of
      :func:`rmtsym.verify.density_from_polynomial` is used (cubic at L = 2:
      one root in the upper half plane, so its largest-Im root is the
      physical one).
    """
    from rmtsym import numerics
    if not spec.is_discrete:
        B = float(spec._support_bound())
        # 1200 nodes: near 0 the density is ~ x^(-2/3) with slowly varying corrections
        # (rho x^(2/3) doubles between x = 1e-10 and 1e-12), so the edge needs a finer grid
        return tabulated_density(spec.density_grid, 0.0, B, nodes=1200), [(0.0, B)], []
    vals = numeric_params(spec)
    masses = spec.atom_at_zero()
    masses = masses if isinstance(masses, list) else [masses]
    atom = float(max(sp.N(sp.sympify(a).subs(vals)) for a in masses))
    atoms = [(0.0, atom)] if atom > 0 else []
    edge = spec.upper_edge()
    if not spec.parameters and not atoms:
        mu = spec.measure()

        def grid(xs):
            return [float(v) for v in numerics.density(mu, [float(x) for x in xs], dps=15)]
        return tabulated_density(grid, 0.0, edge), [(0.0, edge)], atoms
    P = spec.pastur_system().polynomial().subs(vals)
    rho = density_from_polynomial(P, M, Z)
    # keep the eps-Lorentzian of the atom out of the a.c. part
    return rho, [(1e-7 * edge if atom else 0.0, edge)], atoms


def jacobian_empirical(name, spec_factory, seed, ks=True, n=(400, 1000), samples=(200, 400),
                       resolution=0.2, orders=3, edges=True):
    """EMPIRICAL: sampled real networks (moments by Richardson; KS against :func:`theory_density`).

    ``resolution = 0.2``: for a nonlinear network one sample's moment
    fluctuates by O(1/√n) (the empirical law of φ'(h)² fluctuates at that
    rate), not O(1/n) as for a Wishart matrix, so resolving 5 % would take
    ~16× the samples; the tolerance must still be below 20 % of each moment.
    """
    spec = spec_factory()
    kw = {}
    atom = 0.0
    if spec.is_discrete and edges:
        kw["edges"] = lambda: (0.0, spec.upper_edge())
    if ks:
        cache = {}

        def theory():
            if "t" not in cache:
                cache["t"] = theory_density(spec)
            return cache["t"]

        if spec.is_discrete:
            vals = numeric_params(spec)
            masses = spec.atom_at_zero()
            masses = masses if isinstance(masses, list) else [masses]
            atom = float(max(sp.N(sp.sympify(a).subs(vals)) for a in masses))
        kw.update(density=lambda x: theory()[0](x), support=lambda: theory()[1],
                  atoms=[(0.0, atom)] if atom > 0 else [])
    return empirical_spectrum(
        name, "jacobian", sampler_params(spec), lambda ctx, K: float_moments(spec, K),
        n=n, samples=samples, seed=seed, orders=orders, resolution=resolution,
        ks_bias=ks_kappa(spec.depth, max(n), atom > 0), **kw)
