r"""Helpers of the Jacobian-spectrum claims (seed 000, Pastur) — not a claim.

Registers the real-network sampler
:func:`rmtsym.models._jacobian_sampler.jacobian_network` as
``SAMPLERS["jacobian"]`` (if not already there) so that
:func:`rmtsym.verify.empirical_spectrum` can draw Jacobian spectra through
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

from rmtsym import sampling
from rmtsym.measure import M, Z
from rmtsym.models._jacobian_sampler import jacobian_network
from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.verify import (density_from_polynomial, empirical_spectrum, exact_identity,
                           exact_sequences, numeric_values)

PASTUR = "000_f11574a8ed5d65a0.txt"

sampling.SAMPLERS.setdefault("jacobian", jacobian_network)


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
    """EXACT: route 1 (Pastur's system eliminated) == route 2 (free_mul), canonical P(m, z)."""
    def fn(ctx):
        spec = spec_factory()
        mu = spec.measure()
        P2 = mu.stieltjes_polynomial()
        P1 = sp.Poly(spec.pastur_system().polynomial(), *P2.gens)
        steps = derivation_steps(spec) + [
            {"title": "Route 1: Pastur's system (I), (II), (0) eliminated",
             "latex": r"f_l(z) = \tfrac{1}{k} f_{l-1}(z/k),\quad "
                      r"\int \frac{\lambda\,\nu_K(d\lambda)}{\lambda(1 + z f) + k} = 1,"
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


def jacobian_empirical(name, spec_factory, seed, ks=True, n=(400, 1000), samples=(200, 400),
                       resolution=0.2, orders=3, edges=True):
    """EMPIRICAL: sampled real networks (moments by Richardson; KS for discrete laws).

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
    if spec.is_discrete and ks:
        vals = numeric_params(spec)
        masses = spec.atom_at_zero()
        masses = masses if isinstance(masses, list) else [masses]
        atom = float(max(sp.N(sp.sympify(a).subs(vals)) for a in masses))
        edge = spec.upper_edge()
        cache = {}

        def density(x):
            if "rho" not in cache:
                P = spec.pastur_system().polynomial().subs(vals)
                cache["rho"] = density_from_polynomial(P, M, Z)
            return cache["rho"](x)
        kw = dict(density=density, support=[(1e-7 * edge if atom else 0.0, edge)],
                  atoms=[(0.0, atom)] if atom > 0 else [])
    return empirical_spectrum(
        name, "jacobian", sampler_params(spec), lambda ctx, K: float_moments(spec, K),
        n=n, samples=samples, seed=seed, orders=orders, resolution=resolution,
        ks_bias=ks_kappa(spec.depth, max(n), atom > 0), **kw)
