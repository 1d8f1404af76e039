r"""Helpers of the Jacobian-spectrum claims (seed 000, Pastur) — not a claim.

The real-network sampler is ``SAMPLERS["jacobian"]``
(:func:`rmtsym.sampling.jacobian_network`), drawn by
:func:`rmtsym.verify.empirical_spectrum` through
:func:`rmtsym.sampling.sample_spectra` (seeded, pooled over processes).

The float theory (numeric p_l, float moments, the KS bias κ of a law with an
atom at 0, the tabulated and algebraic densities) lives in
:mod:`rmtsym.models._jacobian_theory`; this module only assembles checks.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from rmtsym.models._jacobian_theory import (atom_mass, float_moments, ks_kappa,  # noqa: F401
                                           numeric_params, tabulated_density, theory_density)
from rmtsym.models.jacobian import JacobianSpectrum  # noqa: F401  (the claim files' import)
from rmtsym.verify import empirical_spectrum, exact_identity, numeric_values

PASTUR = "000_f11574a8ed5d65a0.txt"


def sampler_params(spec):
    p = spec.sample_params()
    return {k: p[k] for k in ("activation", "depth", "sigma_w2", "sigma_b2", "q0", "weights")}


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


def routes_check(name, spec_factory, label=None):
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
                      r"\quad \operatorname{Res}_k:\ P_{\text{route 1}}(m, z) = " + sp.latex(P1.as_expr())},
            {"title": "Route 2: the S-transforms composed (the resulting Stieltjes equation above)",
             "latex": r"P_{\text{route 2}}(m, z) = " + sp.latex(P2.as_expr())}]
        return P1.as_expr(), P2.as_expr(), steps
    return exact_identity(name, fn, "canonical Stieltjes polynomials of the two routes", label=label,
                          sides=(r"P_{\text{route 1}}(m, z)", r"P_{\text{route 2}}(m, z)"))


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
                          description=r"Newton with continuation from $z = i\infty$, polished at `dps` + 15 digits")


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

        atom = atom_mass(spec)
        kw.update(density=lambda x: theory()[0](x), support=lambda: theory()[1],
                  atoms=[(0.0, atom)] if atom > 0 else [])
    return empirical_spectrum(
        name, "jacobian", sampler_params(spec), lambda ctx, K: float_moments(spec, K),
        n=n, samples=samples, seed=seed, orders=orders, resolution=resolution,
        ks_bias=ks_kappa(spec.depth, max(n), atom > 0), **kw)
