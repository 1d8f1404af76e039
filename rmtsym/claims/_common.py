r"""Helpers shared by the claim files (not a claim).

Densities are written twice over one formula: ``lib=numpy`` (vectorised,
float, for the KS test and figures) and ``lib=mpmath`` (high precision, for
the NUMERIC route).  The numeric checks use a private mpmath context at the
requested precision; they never touch ``mpmath.mp``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np
import sympy

from rmtsym.core.measure import AlgebraicMeasure, M, Z
from rmtsym.verify import (Claim, CheckResult, Level, certified_moments, empirical_spectrum,  # noqa: F401
                           exact_identity, exact_sequences, numeric_values)
# the generic check factories live in rmtsym.verify (re-exported for the claim files)
from rmtsym.verify.certified import certified_check  # noqa: F401
from rmtsym.verify.numeric import (_mpctx, _num, measure_moments_check, quad_moments_check,  # noqa: F401
                                   stieltjes_root_check, stieltjes_series_check)

SURVEY = "002_2c85d79b7db582c6.txt"
COURSE = "001_322f0eb0bc5d01dd.txt"
PASTUR = "000_f11574a8ed5d65a0.txt"


# ---------------------------------------------------------------------------
# densities (one formula, two backends)
# ---------------------------------------------------------------------------

def semicircle_density(x: Any, var: Any = 1, lib: ModuleType = np) -> Any:
    """sqrt(4σ² − x²)/(2πσ²) on [−2σ, 2σ] (survey §2.1 with σ² = 1)."""
    if lib is np:
        return np.sqrt(np.clip(4 * var - x * x, 0, None)) / (2 * np.pi * var)
    v = _num(var, lib)
    return lib.sqrt(max(4 * v - x * x, 0)) / (2 * lib.pi * v)


def mp_density(x: Any, c: Any, var: Any = 1, shift: Any = 0, lib: ModuleType = np) -> Any:
    """sqrt((a₊ − y)(y − a₋))/(2π c σ² y), y = x − γ, a± = σ²(1 ± √c)² (survey §2.1, course (17))."""
    if lib is np:
        y = np.asarray(x, dtype=float) - float(shift)
        c, var = float(c), float(var)
        lo, hi = var * (1 - math.sqrt(c)) ** 2, var * (1 + math.sqrt(c)) ** 2
        with np.errstate(all="ignore"):
            out = np.sqrt(np.clip((hi - y) * (y - lo), 0, None)) / (2 * np.pi * c * var * y)
        return np.where((y > lo) & (y < hi), out, 0.0)
    c, var = _num(c, lib), _num(var, lib)
    y = x - _num(shift, lib)
    lo, hi = var * (1 - lib.sqrt(c)) ** 2, var * (1 + lib.sqrt(c)) ** 2
    if y <= lo or y >= hi:
        return lib.mpf(0)
    return lib.sqrt((hi - y) * (y - lo)) / (2 * lib.pi * c * var * y)


def mp_edges(c: Any, var: Any = 1, shift: Any = 0) -> tuple[float, float]:
    """(a₋, a₊) + γ as floats."""
    c = float(c)
    return (float(shift) + float(var) * (1 - math.sqrt(c)) ** 2,
            float(shift) + float(var) * (1 + math.sqrt(c)) ** 2)


def mp_edges_exact(c: Any, var: Any = 1, shift: Any = 0) -> tuple[Any, Any]:
    """(a₋, a₊) + γ exactly (SymPy)."""
    c, var, shift = sympy.nsimplify(c), sympy.nsimplify(var), sympy.nsimplify(shift)
    return (shift + var * (1 - sympy.sqrt(c)) ** 2, shift + var * (1 + sympy.sqrt(c)) ** 2)


# ---------------------------------------------------------------------------
# closed-form densities for the CERTIFIED route (exact SymPy, ball arithmetic)
# ---------------------------------------------------------------------------

X = sympy.Symbol("x", real=True)


def semicircle_factor(var: Any = 1) -> tuple[tuple[Any, Any], Any]:
    r"""((a, b), h): ρ_SC(σ²)(x) = (x − a)^{1/2} (b − x)^{1/2} h, a = −2σ, b = 2σ, h = 1/(2πσ²).

    The survey's (1/2π)√((4 − x²)₊) (§2.1) at σ² = 1; for σ² ≠ 1 its image
    under x ↦ σx, ρ(x/σ)/σ = √(4σ² − x²)/(2πσ²).
    """
    v = sympy.nsimplify(var)
    return (-2 * sympy.sqrt(v), 2 * sympy.sqrt(v)), 1 / (2 * sympy.pi * v)


def mp_factor(c: Any, var: Any = 1) -> tuple[tuple[Any, Any], Any]:
    r"""((a₋, a₊), h): ρ_MP(c,σ²)(x) = (x − a₋)^{1/2} (a₊ − x)^{1/2} h(x), h = 1/(2π c σ² x).

    The survey's √([(a₊ − x)(x − a₋)]₊)/(2παx), a± = (1 ± √α)² (§2.1) at
    σ² = 1; the a.c. part only (the atom (1 − 1/c)⁺ at 0 is separate).
    """
    c, v = sympy.nsimplify(c), sympy.nsimplify(var)
    return (v * (1 - sympy.sqrt(c)) ** 2, v * (1 + sympy.sqrt(c)) ** 2), 1 / (2 * sympy.pi * c * v * X)


# ---------------------------------------------------------------------------
# exact helpers
# ---------------------------------------------------------------------------

def narayana_moments(c: Any, K: int, var: Any = 1) -> list[Any]:
    """[m_0..m_K] of MP(c, σ²) by counting non-crossing partitions by blocks.

    m_k = σ^{2k} Σ_j #{π ∈ NC(k): |π| = j} c^{k−j} ... written with the
    Narayana counts of :func:`rmtsym.combinatorics.narayana_counts`
    (m_k = σ^{2k} Σ_j N(k, j) c^{j−1}).
    """
    from rmtsym.combinatorics.dyck import narayana_counts
    c, var = sympy.sympify(c), sympy.sympify(var)
    out = [sympy.Integer(1)]
    for k in range(1, K + 1):
        counts = narayana_counts(k)
        out.append(sympy.expand(var ** k * sum(N * c ** (j - 1) for j, N in enumerate(counts, start=1))))
    return out


def shift_moments(moms: Sequence[Any], shift: Any) -> list[Any]:
    """Moments of X + γ from those of X (binomial expansion)."""
    g = sympy.sympify(shift)
    return [sympy.expand(sum(sympy.binomial(k, j) * g ** (k - j) * moms[j] for j in range(k + 1)))
            for k in range(len(moms))]


def series_moments(P: Any, K: int, moments: Sequence[Any] | None = None) -> list[Any]:
    """[m_0..m_K] of the branch m ~ −1/z of P(m, z) = 0 (power-series route)."""
    return AlgebraicMeasure.from_polynomial(P, moments=moments).moments(K)


# ---------------------------------------------------------------------------
# numeric checks
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# the Marchenko–Pastur claim family (also used by tests for deliberately false claims)
# ---------------------------------------------------------------------------

def mp_claim(id: str, title: str, source: str, formula: str, statement: str, stated_ratio: Any,
             model_ratio: Any, expected: Level | str, erratum: str = "", notes: str = "",
             corrected_by: str = "", erratum_of: str = "", seed: int = 20240601, K: int = 6,
             n: tuple[int, int] = (400, 1000), samples: tuple[int, int] = (100, 400)) -> Claim:
    r"""A claim "the spectrum of (1/m) X Xᵀ with p/m → ``model_ratio`` follows MP(``stated_ratio``)".

    Routes: EXACT — moments of the stated equation
    c z m² + (z − 1 + c) m + 1 = 0 (c = stated ratio; power series) vs the
    Narayana count at the model's ratio; NUMERIC — moments of the stated
    density (quadrature, with the atom (1 − 1/c)⁺ at 0) vs the model's exact
    moments; EMPIRICAL — Wishart spectra at the model ratio vs the stated law.
    """
    cs, cm = sympy.nsimplify(stated_ratio), sympy.nsimplify(model_ratio)
    P = cs * Z * M ** 2 + (Z - 1 + cs) * M + 1
    a, b = mp_edges_exact(cs)
    atoms = [(0, 1 - 1 / cs)] if cs > 1 else []
    bps = [a, b] if a != 0 else [0, b]

    def dens_mp(x: Any, lib: ModuleType) -> Any:
        return mp_density(x, cs, lib=lib)

    checks = [
        exact_sequences("moments: equation vs NC count",
                        lambda ctx: series_moments(P, K),
                        lambda ctx: narayana_moments(cm, K),
                        f"power series of the stated equation (c = {cs})",
                        f"non-crossing partitions by blocks, Narayana (model c = {cm})"),
        quad_moments_check("moments of the stated density", dens_mp, bps, atoms,
                           lambda ctx, k: narayana_moments(cm, k), K=K),
        empirical_spectrum("Wishart spectra", "wishart", {"ratio": float(cm)},
                           lambda ctx, k: narayana_moments(cs, k), n=n, samples=samples,
                           seed=seed, density=lambda x: mp_density(x, cs),
                           support=[mp_edges(cs)], atoms=[(0.0, float(w)) for _x, w in atoms],
                           edges=mp_edges(cs)),
    ]
    if cs == cm:
        checks.insert(1, stieltjes_root_check("m(1+i): density vs equation", P, 1 + 1j, dens_mp, bps, atoms))
    return Claim(id=id, title=title, source=source, formula=formula, statement=statement,
                 expected=expected, checks=checks, erratum=erratum, notes=notes,
                 corrected_by=corrected_by, erratum_of=erratum_of,
                 theory=lambda: AlgebraicMeasure.from_polynomial(
                     P, label=f"MP({cs})",
                     steps=[{"title": "Stated Stieltjes equation",
                             "latex": sympy.latex(P) + " = 0"}]))


def numeric_support(mu: Any, dps: int = 20) -> list[tuple[float, float]]:
    """Float support intervals of a measure from :func:`rmtsym.numerics.support` (figures/KS)."""
    from rmtsym import numerics
    mu_ = mu() if callable(mu) and not hasattr(mu, "moments") else mu
    return [(float(a), float(b)) for a, b in numerics.support(mu_, dps)]


def support_from_density(rho: Callable[[np.ndarray], np.ndarray], lo: float, hi: float,
                         points: int = 20001) -> list[tuple[float, float]]:
    """Float support [(a, b)] of a density on one interval, by scanning a grid (figures/KS only)."""
    xs = np.linspace(lo, hi, points)
    pos = np.nonzero(rho(xs) > 1e-7)[0]
    if pos.size == 0:
        raise ValueError("density vanishes on the scanned interval")
    h = xs[1] - xs[0]
    return [(float(xs[pos[0]] - h), float(xs[pos[-1]] + h))]


def dyck_counts(K: int) -> list[Any]:
    """[#Dyck paths of semilength j] for j = 0..K, by enumeration."""
    from rmtsym.combinatorics.dyck import dyck_paths
    return [sympy.Integer(1)] + [sympy.Integer(sum(1 for _ in dyck_paths(j))) for j in range(1, K + 1)]
