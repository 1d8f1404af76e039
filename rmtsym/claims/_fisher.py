r"""Helpers shared by the PW18 Fisher claims (rmtsym/claims/fisher_*.py); not a claim.

The network, its constants and the translation of the survey's formula are
documented once in :mod:`rmtsym.models.fisher`.  Here: the models the claims
use, the seed's printed double integral, a float quadrature of the
push-forward density (an independent route to m(z) and the moments) and the
sampler settings (Richardson in the width k, n = 2k²).
"""

from __future__ import annotations


from typing import Any

import mpmath
import numpy as np
import sympy

from rmtsym import centered
from rmtsym.models.fisher import FisherSpectrum

from rmtsym.claims.pw_fisher_linear import fisher_half, fisher_width  # noqa: F401  (n = 2k², bias O(1/k))

#: centred ReLU at q = 1: exact constants ((π − 1)/(2π), 1/2, 1/4)
RELU = FisherSpectrum(centered("relu"))
#: tanh at σ_w² = 3/2 (odd, hence centred): the sampled network of the empirical checks
TANH_SW2 = sympy.Rational(3, 2)
TANH = FisherSpectrum("tanh", sigma_w2=TANH_SW2)
TANH_PARAMS = {"activation": "tanh", "sigma_w2": float(TANH_SW2), "sigma_x2": 1.0, "order": 121}
#: points off the support where the Stieltjes transform is compared
Z_POINTS = [mpmath.mpc(-0.5, 0.25), mpmath.mpc(1.0, 0.5)]


def printed_formula(F, z, dps):
    """The survey's §4.3 double integral exactly as printed (μ₁, μ₂ of mass ζ, prefactor 1/(2ζ²)).

    (``stieltjes(method="double")`` integrates it and negates; negated back at dps digits.)
    """
    v = F.stieltjes(z, dps=dps, method="double")
    with mpmath.workdps(dps):
        return -v


def negate(v, dps):
    """−v rounded at dps digits (not at the ambient 15)."""
    with mpmath.workdps(dps):
        return -v


_GRIDS: dict[Any, Any] = {}


def density_quadrature(F, g, nodes=300):
    """∫ ρ(x) g(x) dx by Gauss–Legendre in φ on each piece between break points (float, ~1e-9).

    x = lo + L(1 − cos φ)/2 smooths the (inverse) square-root edges; the density values on the
    nodes are computed once per model.
    """
    if id(F) not in _GRIDS:
        bp = [float(b) for b in F.breakpoints(15)]
        t, w = np.polynomial.legendre.leggauss(nodes)
        phi, wphi = (t + 1) * np.pi / 2, w * np.pi / 2
        xs, ws = [], []
        for lo, hi in zip(bp[:-1], bp[1:]):
            xs.append(lo + (hi - lo) * (1 - np.cos(phi)) / 2)
            ws.append((hi - lo) * np.sin(phi) / 2 * wphi)
        x, w = np.concatenate(xs), np.concatenate(ws)
        _GRIDS[id(F)] = (F, x, w * F.float_density(x))
    _, x, w = _GRIDS[id(F)]
    return np.sum(w * g(x))


def hand_moments(F):
    """[1, m₁, m₂] from the hand derivation: m₁ = (η + η')/2, m₂ = (η² + η'² + 4ζ²)/2 (tests/test_fisher.py)."""
    e, ep, z = F.constants()
    return [sympy.Integer(1), sympy.factor((e + ep) / 2), sympy.factor((e ** 2 + ep ** 2 + 4 * z ** 2) / 2)]


def support_floats(F):
    return [(float(a), float(b)) for a, b in F.support(20)]


def edges(F):
    s = support_floats(F)
    return (s[0][0], s[-1][1])


def tanh_moments(ctx, K):
    """Exact-to-30-digits theory moments of the tanh network (as SymPy Floats)."""
    return [sympy.Float(mpmath.nstr(v, 30), 30) for v in TANH.moments(K, dps=30)]


