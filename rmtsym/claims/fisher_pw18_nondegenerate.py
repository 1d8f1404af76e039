r"""PW18: linear networks have a degenerate Fisher matrix, centred nonlinear ones generically do not.

Source: J. Pennington, P. Worah, "The spectrum of the Fisher information
matrix of a single-hidden-layer neural network", NeurIPS 31 (2018),
abstract (papers.nips.cc/paper/7786): "We find that linear networks suffer
worse conditioning than nonlinear networks and that nonlinear networks are
generically non-degenerate."  Formula: the survey's §4.3 double integral
(``002_2c85d79b7db582c6.txt``), read as G = −m (claim ``fisher_pw18_general``).

Made precise here (see :mod:`rmtsym.models.fisher`): the law of H₀ is that
of an eigenvalue of A = diag(η − ζ, η' − ζ) + ζ v vᵀ, v = (√b, √a), a, b
i.i.d. MP(1).  By interlacing its support starts at min(η, η') − ζ, and it
has an atom (mass ½ at η − ζ) iff η = η'.

* EXACT: σ = id (η = η' = ζ = 1): atom ½ at 0 (half of H₀'s eigenvalues
  vanish — the linear network is degenerate).
* EXACT: centred ReLU: no atom, and the support starts at
  min(η, η') − ζ = (π − 2)/(4π) > 0 (η = 1/2 − 1/(2π), η' = 1/2, ζ = 1/4 from
  the arc-cosine kernel), so H₀ is non-singular in the limit.
* NUMERIC: tanh: the a.c. mass (density quadrature) is 1 to 8 digits, i.e.
  no atom, and the lower edge η − ζ is > 0.
* EMPIRICAL: sampled H₀ of tanh networks: mean smallest eigenvalue vs the
  edge min(η, η') − ζ (Tracy–Widom-scale tolerance), moments, KS.

Expected verdict: EXACT.
"""

import mpmath
import numpy as np
import sympy

from rmtsym.models.fisher import FisherSpectrum
from rmtsym.verify import Claim, empirical_spectrum, exact_identity, numeric_values

from rmtsym.claims._common import SURVEY
from rmtsym.claims._fisher import (RELU, TANH, TANH_PARAMS, density_quadrature, edges, fisher_half, fisher_width,
                            support_floats, tanh_moments)


def linear_atom(ctx):
    at = FisherSpectrum("linear").atoms()
    return at.get(sympy.Integer(0), sympy.Integer(0)), sympy.Rational(1, 2), [
        {"title": r"atoms of the law for $\sigma = \mathrm{id}$", "latex": sympy.latex(at)}]


def relu_edge(ctx):
    (lo, _hi), = RELU.support()
    eta = sympy.Rational(1, 2) - 1 / (2 * sympy.pi)           # E relu² − (E relu)², by hand
    ref = sympy.Min(eta, sympy.Rational(1, 2)) - sympy.Rational(1, 4)
    return lo, sympy.simplify(ref), [{"title": "lower edge", "latex": sympy.latex(lo)},
                                     {"title": "atoms", "latex": sympy.latex(RELU.atoms())}]


def relu_no_atom(ctx):
    return sympy.Integer(len(RELU.atoms())), sympy.Integer(0), []


def tanh_mass(ctx, dps):
    mass = density_quadrature(TANH, lambda x: np.ones_like(x))
    e, ep, z = TANH.constants(dps)
    with mpmath.workdps(dps):
        edge = min(e, ep) - z
    return [("a.c. mass of the tanh law (quadrature)", mpmath.mpf(float(mass)), 1, 1e-10),
            ("lower edge min(η,η')−ζ > 0: edge − |edge|", edge - abs(edge), 0, 0)]


CLAIM = Claim(
    id="fisher_pw18_nondegenerate",
    title=r"PW18: Fisher matrix degenerate (atom $\frac{1}{2}$ at $0$) for linear, non-degenerate for centred nonlinear $\sigma$",
    source=SURVEY,
    formula=r"§4.3 double integral (read as $G = -m$); PW18 abstract: ‘nonlinear networks are generically non-degenerate’",
    statement=(r"The law of $H_0$ has an atom $\tfrac12$ at $\eta-\zeta$ iff $\eta=\eta'$ (linear: at 0); for "
               r"centred ReLU and tanh it has no atom and support starting at $\min(\eta,\eta')-\zeta>0$."),
    expected="EXACT",
    erratum_of="",
    checks=[
        exact_identity("linear network: atom 1/2 at 0", linear_atom),
        exact_identity("centred ReLU: lower edge (π−2)/(4π)", relu_edge),
        exact_identity("centred ReLU: no atom", relu_no_atom),
        numeric_values("tanh: a.c. mass 1, positive lower edge", tanh_mass, digits=8, dps=15),
        empirical_spectrum("sampled H0 of tanh networks: spectrum away from 0", "fisher_network", TANH_PARAMS,
                           tanh_moments, n=(2 * 12 ** 2, 2 * 20 ** 2), samples=(12, 40), seed=20261205,
                           orders=1, resolution=0.2, density=lambda x: TANH.float_density(x),
                           support=support_floats(TANH), edges=edges(TANH), size=fisher_width,
                           half=fisher_half),
    ],
)
