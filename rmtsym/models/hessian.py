r"""Hessian spectrum of a single-hidden-layer ReLU network (Pennington–Bahri 2017).

Seed ``002_2c85d79b7db582c6.txt`` §4.1 (Kim 2020 survey, summarising
J. Pennington and Y. Bahri, "Geometry of neural network loss surfaces via
random matrix theory", ICML 2017): for ŷ = W2 relu(W1 x) of width n, m data
points and the mean-squared loss, the Hessian splits as H = H0 + H1
(Gauss–Newton part H0 = JJᵀ/m, residual part H1 = (1/m) Σ e ∂²ŷ), with

.. math::

    \mathcal R_{H_0}(w) = \frac{\varsigma}{1 - \varsigma\phi w},\qquad
    \mathcal R_{H_1}(w) = \frac{\epsilon\phi w}{2 - \epsilon\phi^2 w^2},\qquad
    \phi = \frac{2n}{m},

H0 and H1 free, so R_H = R_{H0} + R_{H1}.

Conventions (docs/conventions.md; translated once here)
---------------------------------------------
* The survey writes its R-transform as "R(m(z)) + 1/m(z) = z" (§2.2) and
  its quartic for "m_H" (§4.1, eq. after "The Stieltjes transform of H
  satisfies") is derived from it: the printed "m_H" is the **Cauchy
  transform** G = −m.  In this project's convention m(z) = ∫ μ(dx)/(x − z)
  (m ~ −1/z) the quartic reads

  .. math::

      2 + 2(z - \varsigma(1-\phi))\,m + \phi(2\varsigma z + \epsilon(1-\phi))\,m^2
      - \epsilon\phi^2 (z + \varsigma(\phi - 2))\,m^3 - z\epsilon\varsigma\phi^3 m^4 = 0

  (the printed one with m ↦ −m).  Its density formula
  ρ = −(1/π) Im m(λ + i0) is likewise the G-convention one.
* H0 is MP(φ, ς) (:func:`rmtsym.marchenko_pastur` with ratio φ, variance ς):
  the seed's "J of i.i.d. normal entries" assumption.
* H1: [H̃1]_{ab;cd} = (1/m) Σ_μ e_{cμ} δ_{ad} θ(z_{aμ}) x_{bμ} with
  x ~ N(0, 1) and residuals e_{iμ} i.i.d. **N(0, 2ε)**.  The seed's
  assumption 2 "e_{iμ} ~ N(0, 1)" gives second moment φ/4 of H1, which is
  the printed free cumulant εφ/2 only at ε = 1/2 (erratum; checked exactly
  by the product-Wishart route below and on sampled matrices).
* The **index** α(ε, φ) is the mass of (−∞, 0) (strictly negative
  eigenvalues; the seed's upper limit "p" is 0).

Routes
------
* **quartic** (:meth:`HessianSpectrum.quartic`): R_H(w) + 1/w = z, w = −m,
  cleared of denominators by hand — the seed's printed quartic translated.
* **free_add** (:meth:`HessianSpectrum.free_add_measure`):
  :func:`rmtsym.free_add` (resultant) of MP(φ, ς) and the H1 law built from
  its R-transform (:meth:`HessianSpectrum.h1_measure`).
* **H1 as a product of Wisharts** (:meth:`HessianSpectrum.h1_product_measure`):
  the seed's derivation H̃1H̃1ᵀ ≈ (1/m²) I ⊗ (êx̂ᵀ)(êx̂ᵀ)ᵀ: with k = m/2
  columns, the nonzero eigenvalues of (1/m²) ê x̂ᵀ x̂ êᵀ are those of
  (φ²/4)·MP(1/φ, 2ε) ⊠ MP(1/φ, 1) (a k×k law ν′); the n×n law is
  ν = (1/φ)ν′ + (1 − 1/φ)δ₀ and ρ_{H1}(λ) = |λ| ρ_ν(λ²), i.e.
  m_{H1}(z) = z m_ν(z²).  Built with :func:`rmtsym.free_mul`; it equals
  the R-transform law exactly.
* **DC14 density** (:meth:`HessianSpectrum.h1_density_dc14`): the seed's
  closed form ρ_c of Dupic–Pérez Castillo (2014) — correct with
  (r₊ − r₋) in place of the printed (r₊ r₋) (erratum).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import functools

import mpmath
import numpy as np
import sympy as sp

from ..core.errors import RmtsymError
from ..core.types import ComplexInput, ExactInput, Interval, Atom, Moment, MpComplex, MpReal, RealInput, SymPoly
from ..core.measure import M, Z, AlgebraicMeasure
from ..free.convolution import free_add, free_mul
from ..laws.named import marchenko_pastur

if TYPE_CHECKING:
    from ..sampling.ensembles import SpectrumSample

__all__ = ["HessianSpectrum"]

EPS, PHI, VARSIGMA = sp.symbols("epsilon phi varsigma", positive=True)
W = sp.Symbol("w")


def _param(value, name, allow_zero=False, strict=True):
    """Exact SymPy value (number or positive symbol), validated; RmtsymError names ``name``."""
    if isinstance(value, bool):
        raise RmtsymError(f"{name} must be a real number, got {value!r}")
    try:
        v = sp.nsimplify(value, rational=True) if isinstance(value, float) else sp.sympify(value)
    except (sp.SympifyError, TypeError, ValueError) as exc:
        raise RmtsymError(f"{name} must be a real number, got {value!r}") from exc
    cond = ">= 0" if allow_zero else "> 0"
    if v.is_number:
        if not v.is_real or not v.is_finite:
            raise RmtsymError(f"{name} must be a real number, got {value!r}")
        if v < 0 or (v == 0 and not allow_zero):
            raise RmtsymError(f"{name} must be {cond}, got {value!r}")
        return v
    if v.is_positive or (allow_zero and v.is_nonnegative):
        return v
    if not strict and v.is_positive is not False and v.free_symbols:
        return v
    raise RmtsymError(f"{name} must be {cond} (a number, or a SymPy symbol declared "
                      f"positive), got {value!r}")


def _mp(v):
    v = sp.nsimplify(v)
    if v.is_Rational:
        return mpmath.mpf(v.p) / v.q
    return mpmath.mpf(sp.N(v, mpmath.mp.dps + 10))


class HessianSpectrum:
    r"""Spectrum of the PB17 Hessian H = H0 + H1 of a one-hidden-layer ReLU network.

    Parameters
    ----------
    epsilon : exact number ≥ 0 or positive Symbol
        ε, the loss level: the residuals are e_{iμ} ~ N(0, 2ε).
    phi : exact number > 0 or positive Symbol
        φ = 2n/m (parameters per data point, n = width, m = data points).
    varsigma : exact number > 0 or positive Symbol
        ς, the scale of H0 ~ MP(φ, ς).

    Raises
    ------
    RmtsymError
        If φ ≤ 0, ε < 0 or ς ≤ 0 (naming the parameter), or a value is not real.

    Notes
    -----
    R-transform (seed 002, §4.1):

    .. math:: \mathcal R_H(w) = \frac{\varsigma}{1-\varsigma\phi w}
              + \frac{\epsilon\phi w}{2-\epsilon\phi^2 w^2}.

    The Stieltjes transform m(z) = ∫ μ_H(dx)/(x − z) solves the quartic of
    :meth:`quartic` (the seed's printed quartic is for G = −m).  Scaling:
    μ_H(ε, φ, ς) is μ_H(ε/ς², φ, 1) dilated by ς.  For ε = 0 the law is
    MP(φ, ς).

    The index α = μ_H((−∞, 0)) is computed by two routes (:meth:`index`):
    Gauss–Legendre quadrature of the density, and the seed's antiderivative
    ∫ f⁻¹ = z f⁻¹ − F∘f⁻¹ with f(w) = R_H(w) + 1/w, which gives

    .. math:: \alpha = 1 + \frac1\pi \operatorname{Im} F(G_0),\quad
              F(w) = \log w - \frac1\phi\log(1-\varsigma\phi w)
              - \frac{1}{2\phi}\log(2-\epsilon\phi^2 w^2),

    with G₀ = −m(0 + i0) a root of the quartic at z = 0 (a cubic; the z m⁴
    term vanishes there) and each logarithm continued along the path of
    G(λ + i0), which stays in the closed lower half plane (see :meth:`index`).

    References
    ----------
    J. Pennington, Y. Bahri, "Geometry of neural network loss surfaces via
    random matrix theory", ICML 2017.  Kim (2020) survey, seed
    ``002_2c85d79b7db582c6.txt`` §4.1 (R_{H0}, R_{H1}, the quartic, α(ε, φ),
    ε_c ≈ 8/27 ς²(1 − φ)³).  T. Dupic, I. Pérez Castillo, "Spectral density
    of products of Wishart dilute random matrices. Part I: the dense case",
    2014 (ρ_c).

    Examples
    --------
    >>> import sympy
    >>> h = HessianSpectrum(sympy.Rational(1, 10), sympy.Rational(1, 2))
    >>> h.moments(3)      # free cumulants ς, ς²φ + εφ/2, ς³φ²: m3 = κ3 + 3κ2κ1 + κ1³
    [1, 1, 61/40, 113/40]
    >>> h.critical_epsilon(sympy.Rational(1, 2))
    -74 + 28*sqrt(7)
    >>> print(mpmath.nstr(h.index(dps=20), 15))
    0.00301219676687163
    """

    def __init__(self, epsilon: ExactInput, phi: ExactInput, varsigma: ExactInput=1) -> None:
        self.epsilon = _param(epsilon, "epsilon", allow_zero=True)
        self.phi = _param(phi, "phi")
        self.varsigma = _param(varsigma, "varsigma")

    # ------------------------------------------------------------------ exact
    @property
    def is_numeric(self) -> bool:
        """True when ε, φ, ς are all numbers (needed for the numerics)."""
        return all(v.is_number for v in (self.epsilon, self.phi, self.varsigma))

    def r_transform(self, w: Any=W) -> Any:
        r"""R_H(w) = ς/(1 − ςφw) + εφw/(2 − εφ²w²) (seed 002 §4.1) as a SymPy expression."""
        e, p, s = self.epsilon, self.phi, self.varsigma
        return s / (1 - s * p * w) + e * p * w / (2 - e * p ** 2 * w ** 2)

    def quartic(self) -> Any:
        r"""The quartic P(m, z) = 0 of m_H in this project's m-convention (route "quartic").

        The seed's printed equation with its "m_H" (= G) replaced by −m,
        moved to one side:
        2 + 2(z − ς(1−φ))m + φ(2ςz + ε(1−φ))m² − εφ²(z + ς(φ−2))m³ − zεςφ³m⁴.

        Returns
        -------
        sympy.Expr
            A polynomial in the symbols m, z (``rmtsym.core.measure.M, Z``).
        """
        e, p, s = self.epsilon, self.phi, self.varsigma
        G, z = -M, Z
        seed = (2 * (z - s * (1 - p)) * G - p * (2 * s * z + e * (1 - p)) * G ** 2
                - e * p ** 2 * (z + s * (p - 2)) * G ** 3 + z * e * s * p ** 3 * G ** 4)
        return sp.expand(2 - seed)

    @functools.cached_property
    def _measure(self):
        if self.epsilon == 0:
            return marchenko_pastur(self.phi, self.varsigma)
        mu = AlgebraicMeasure.from_polynomial(self.quartic(), label=self._label())
        mu.latex_name = r"\mu_H"
        return mu

    def measure(self) -> Any:
        r"""The law μ_H as an :class:`~rmtsym.AlgebraicMeasure` (from :meth:`quartic`).

        For ε = 0 this is MP(φ, ς).  density/support/atoms/cdf/stieltjes
        (…, dps=) of the result come from :mod:`rmtsym.numerics`.
        """
        return self._measure

    def stieltjes_polynomial(self) -> SymPoly:
        """Canonical P(m, z) of m_H (a ``sympy.Poly`` in m, z; see :meth:`measure`)."""
        return self._measure.stieltjes_polynomial()

    def h0_measure(self) -> Any:
        """H0 ~ MP(φ, ς): R(w) = ς/(1 − ςφw) (seed 002 §4.1)."""
        return marchenko_pastur(self.phi, self.varsigma)

    def h1_measure(self) -> Any:
        r"""The law of H1 from its R-transform εφw/(2 − εφ²w²).

        With G = −m: zεφ²G³ + (εφ − εφ²)G² − 2zG + 2 = 0.

        Raises
        ------
        RmtsymError
            For ε = 0 (H1 = 0; the law is δ₀).
        """
        if self.epsilon == 0:
            raise RmtsymError("h1_measure: epsilon = 0 gives H1 = 0 (the law δ_0)")
        e, p = self.epsilon, self.phi
        a, b = e * p, e * p ** 2
        G = -M
        P = sp.expand(Z * b * G ** 3 + (a - b) * G ** 2 - 2 * Z * G + 2)
        mu = AlgebraicMeasure.from_polynomial(P, label=f"H1(eps={e},phi={p})")
        return mu

    def h1_product_polynomial(self) -> Any:
        r"""P(m, z) of H1 from the product-Wishart route (seed's derivation; no R-transform used).

        ν′ = (φ²/4)·MP(1/φ, 2ε) ⊠ MP(1/φ, 1) (:func:`rmtsym.free_mul`),
        m_ν = (1/φ) m_ν′ − (1 − 1/φ)/z, m_{H1}(z) = z m_ν(z²).  Returns the
        numerator polynomial (a SymPy expression, possibly with extra
        factors; compare up to those).  Numeric ε, φ only (fast); symbolic
        φ is written through c = 1/φ.
        """
        if self.epsilon == 0:
            raise RmtsymError("h1_product_polynomial: epsilon = 0 gives H1 = 0")
        e, p = self.epsilon, self.phi
        c = 1 / p if p.is_number else sp.Symbol("c", positive=True)
        nu1 = free_mul(marchenko_pastur(c, 2 * e), marchenko_pastur(c, 1))
        nup = nu1.affine(1 / (4 * c ** 2))
        P = nup.stieltjes_polynomial().as_expr()
        pc = 1 / c
        Pn = sp.numer(sp.together(P.subs(M, pc * M + (pc - 1) / Z)))
        Ps = sp.numer(sp.together(Pn.subs({M: M / Z, Z: Z ** 2}, simultaneous=True)))
        if not p.is_number:
            Ps = sp.numer(sp.together(Ps.subs(c, 1 / p)))
        return sp.expand(Ps)

    def free_add_measure(self) -> Any:
        """μ_H by :func:`rmtsym.free_add` of MP(φ, ς) and :meth:`h1_measure` (route "free_add")."""
        if self.epsilon == 0:
            return self.h0_measure()
        return free_add(self.h0_measure(), self.h1_measure())

    def moments(self, k: int, dps: int | None = None) -> list[Moment]:
        """Exact moments [m_0, ..., m_k] (``dps``: as mpmath numbers)."""
        mom = self._measure.moments(k)
        if dps is None:
            return mom
        with mpmath.workdps(dps):
            return [+_mp(x) for x in mom]

    # ------------------------------------------------------------ numerics
    def _need_numeric(self, what):
        if not self.is_numeric:
            raise RmtsymError(f"{what}: needs numeric epsilon, phi, varsigma "
                              f"(got {self.epsilon}, {self.phi}, {self.varsigma})")

    def density(self, x: RealInput, dps: int = 30) -> MpReal:
        """Density of μ_H at x (a number or a list: a grid, by continuation)."""
        self._need_numeric("density")
        return self._measure.density(x, dps=dps)

    def density_grid(self, xs: Sequence[float] | np.ndarray, dps: int | None = None
                     ) -> np.ndarray | list[MpReal]:
        r"""Density of μ_H on a grid: float64 (``dps=None``; KS tests, figures) or ``dps`` digits.

        Parameters
        ----------
        xs : array_like of float
            Points (any order).
        dps : int or None
            None: float64 (numpy array, the shape of ``xs``); 16..2000: a
            list of mpf.

        Returns
        -------
        numpy.ndarray or list of mpmath.mpf

        Raises
        ------
        RmtsymError
            Symbolic parameters; non-finite points; bad ``dps``.

        Notes
        -----
        μ_H is algebraic (the quartic of :meth:`quartic`, seed 002
        ``002_2c85d79b7db582c6.txt``, Pennington–Bahri 2017), so the grid is
        :func:`rmtsym.numerics.floatgrid.density_grid_float` (all roots at
        all points at once, the physical root matched by continuity from a
        certified start; ambiguous points to the high-precision
        continuation) or, with ``dps``, its Newton polish
        :func:`rmtsym.numerics.floatgrid.density_grid`.

        Examples
        --------
        >>> import sympy
        >>> h = HessianSpectrum(0, sympy.Rational(1, 2))              # MP(1/2, 1)
        >>> [round(float(v), 12) for v in h.density_grid([1.0, 9.0])]   # sqrt(7)/(2 pi), 0
        [0.421084399348, 0.0]
        """
        from ..numerics.floatgrid import density_grid as _grid, density_grid_float
        self._need_numeric("density_grid")
        if dps is None:
            return density_grid_float(self._measure, xs)
        from ..core import numbers
        dps = numbers.integer(dps, "dps", minimum=16, maximum=numbers.MAX_DPS)
        return _grid(self._measure, xs, dps=dps)

    def support(self, dps: int = 30) -> list[Interval]:
        """Intervals of the absolutely continuous part of μ_H."""
        self._need_numeric("support")
        return self._measure.support(dps=dps)

    def atoms(self, dps: int = 30) -> list[Atom]:
        """Atoms (location, mass) of μ_H (an atom 1 − 2/φ at 0 for φ > 2)."""
        self._need_numeric("atoms")
        return self._measure.atoms(dps=dps)

    def cdf(self, x: RealInput, dps: int = 30) -> MpReal:
        """μ_H((−∞, x]) (numerics layer)."""
        self._need_numeric("cdf")
        return self._measure.cdf(x, dps=dps)

    def stieltjes(self, z: ComplexInput, dps: int = 30) -> MpComplex:
        """m_H(z) on the physical branch (numerics layer)."""
        self._need_numeric("stieltjes")
        return self._measure.stieltjes(z, dps=dps)

    # ------------------------------------------------------------- the index
    def _G0(self, dps):
        """G(0 + i0) = −m(0 + i0): the physical root of the quartic at z = 0 (a cubic)."""
        P0 = sp.Poly(self.quartic().subs(Z, 0), M)
        with mpmath.workdps(dps + 15):
            roots = mpmath.polyroots([_mp(c) for c in P0.all_coeffs()], maxsteps=200,
                                     extraprec=2 * dps + 40)
            # the branch: the cubic root nearest m(i eta) from the numerics layer, for
            # eta = 1e-12, 1e-20, ... until it is closer to that root than a tenth of the
            # distance to every other root (m varies fast near 0 when phi is close to 2)
            m0 = None
            for k in (12, 20, 30, 45):
                approx = mpmath.mpc(self._measure.stieltjes(mpmath.mpc(0, mpmath.mpf(10) ** (-k)),
                                                            dps=max(15, k + 5)))
                ds = sorted((abs(r - approx), i) for i, r in enumerate(roots))
                if len(ds) == 1 or ds[0][0] < ds[1][0] / 10:
                    m0 = roots[ds[0][1]]
                    break
            if m0 is None:
                raise RmtsymError("index: cannot identify the physical root of P(m, 0) "
                                  "(m(i eta) does not settle as eta -> 0; phi = 2?)")
            return -mpmath.mpc(m0)

    def _gap_point(self, dps):
        """A real x < 0 with no mass in [x, 0) when 0 is not inside the a.c. support, else None."""
        with mpmath.workdps(dps + 15):
            sup = [(mpmath.mpf(a), mpmath.mpf(b)) for a, b in self._measure.support(dps=dps + 10)]
            if any(a < 0 < b for a, b in sup):
                return None
            left = [b for a, b in sup if b <= 0] + [x for x, w in self._measure.atoms(dps=dps + 10)
                                                     if x < -mpmath.mpf(10) ** (-dps)]
            ends = [a for a, b in sup]
            if left:
                return max(left) / 2
            return min(ends + [mpmath.mpf(0)]) - 1      # no mass below 0: any point left of it

    def _index_antiderivative(self, dps):
        e, p, s = self.epsilon, self.phi, self.varsigma
        x = self._gap_point(dps)
        with mpmath.workdps(dps + 15):
            e, p, s = _mp(e), _mp(p), _mp(s)
            pi = mpmath.pi

            def argm(w):                 # arg on the closed lower half plane: [-pi, 0]
                a = mpmath.arg(w)
                return -pi if (a == pi or (mpmath.im(w) == 0 and mpmath.re(w) < 0)) else a

            def argp(w):                 # closed upper half plane: [0, pi]
                a = mpmath.arg(w)
                return pi if (a == -pi or (mpmath.im(w) == 0 and mpmath.re(w) < 0)) else a
            if x is None:                # 0 inside the support: G(0 + i0) from the cubic P(m, 0)
                G0 = self._G0(dps)
            else:                        # 0 in a gap (or left of / at an atom): G real at x < 0
                G0 = -mpmath.re(self._measure.stieltjes(x, dps=dps + 10))
            r2, se = mpmath.sqrt(2), mpmath.sqrt(e)
            imF = (argm(G0) - argp(1 - s * p * G0) / p
                   - (argp(r2 - se * p * G0) + argm(r2 + se * p * G0)) / (2 * p))
            out = 1 + imF / pi
        with mpmath.workdps(dps):
            return +out

    def _index_quadrature(self, dps, degree=None):
        from mpmath.calculus.quadrature import GaussLegendre
        wp = dps + 10
        out, err = mpmath.mpf(0), mpmath.mpf(0)
        with mpmath.workdps(wp):
            pieces = [(mpmath.mpf(a), mpmath.mpf(b)) for a, b in self._measure.support(dps=wp)
                      if a < 0]
            at = mpmath.fsum(w for x, w in self._measure.atoms(dps=wp) if x < -mpmath.mpf(10) ** (-wp // 2))
            gl = GaussLegendre(mpmath.mp)
            deg = degree or 5
            for a, b in pieces:
                both = b <= 0

                def nodes(k):
                    xs, ws = [], []
                    for t, wt in gl.calc_nodes(k, mpmath.mp.prec):
                        u = (t + 1) / 2
                        if both:        # square-root edges at both ends
                            xs.append(a + (b - a) * (1 - mpmath.cos(mpmath.pi * u)) / 2)
                            ws.append(wt / 2 * (b - a) * mpmath.pi / 2 * mpmath.sin(mpmath.pi * u))
                        else:           # square-root edge at a, analytic at 0
                            xs.append(a - a * u * u)
                            ws.append(wt / 2 * (-2 * a) * u)
                    return xs, ws

                vals = []
                for k in range(deg, deg + 4):
                    xs, ws = nodes(k)
                    ds = self._measure.density(xs, dps=wp)
                    vals.append(mpmath.fsum(w * d for w, d in zip(ws, ds)))
                    if len(vals) > 1 and abs(vals[-1] - vals[-2]) < mpmath.mpf(10) ** (-dps - 2):
                        break
                out += vals[-1]
                err += abs(vals[-1] - vals[-2])
            out += at
        if err > mpmath.mpf(10) ** (-dps):
            from ..core.errors import ConvergenceError
            raise ConvergenceError(f"index quadrature: estimated error {mpmath.nstr(err, 3)} "
                                   f"exceeds 1e-{dps}")
        with mpmath.workdps(dps):
            return +out, +err

    def index(self, dps: int=25, method: str="antiderivative") -> Any:
        r"""The index α(ε, φ) = μ_H((−∞, 0)), the fraction of negative eigenvalues.

        Parameters
        ----------
        dps : int
            Digits.
        method : {"antiderivative", "quadrature"}
            ``"antiderivative"``: the seed's route α = 1 + Im F(G₀)/π
            (class Notes) with G₀ = −m₀, m₀ the physical root of the cubic
            P(m, 0) (the one nearest m(10⁻¹² i) from the numerics layer),
            and 2 − εφ²w² split as (√2 − √εφw)(√2 + √εφw) so that each
            logarithm has a fixed half plane along the path G(λ + i0),
            Im G ≤ 0: arg w, arg(√2 + √εφw) in [−π, 0], arg(1 − ςφw),
            arg(√2 − √εφw) in [0, π] (values −π, 0, 0, 0 left of the
            support, where G < 0).  When 0 is not inside the a.c.
            support the formula is evaluated at a point x < 0 of the gap
            next to 0, where G(x) is real: then Im F is −π·(0 or
            1 − 1/(2φ)), i.e. α ∈ {0, 1/(2φ)} — with an atom at 0
            (φ > 2) the negative part has mass exactly 1/(2φ).
            ``"quadrature"``: Gauss–Legendre with 3·2^{k−1} nodes, k = 5, 6, …
            until two successive rules agree to 10^{−dps−2} (error = their
            difference; at most k = 8) of the density over each support
            interval below 0, with square-root substitutions at the edges.

        Returns
        -------
        mpmath.mpf

        Raises
        ------
        ConvergenceError
            If the quadrature's error estimate exceeds 10^{−dps}.
        """
        self._need_numeric("index")
        if self.epsilon == 0:
            return mpmath.mpf(0)
        if method == "antiderivative":
            return self._index_antiderivative(dps)
        if method == "quadrature":
            return self._index_quadrature(dps)[0]
        raise RmtsymError(f"method must be 'antiderivative' or 'quadrature', got {method!r}")

    # ------------------------------------------------ critical epsilon
    @staticmethod
    def critical_discriminant(phi: ExactInput=PHI, varsigma: ExactInput=VARSIGMA, epsilon: ExactInput=EPS) -> Any:
        r"""D(ε) = 0 ⇔ z = 0 is an edge: the ε-dependent factor of Disc_m P(m, 0)
        (= of Res_w(f, f′) with f = R_H + 1/w):

        2φ(φ−1)³ε² − ς²(8φ⁴ − 32φ³ + 12φ² + 40φ − 1)ε + 8ς⁴(φ−1)³(φ−2).
        """
        p, s, e = sp.sympify(phi), sp.sympify(varsigma), sp.sympify(epsilon)
        return (2 * p * (p - 1) ** 3 * e ** 2
                - s ** 2 * (8 * p ** 4 - 32 * p ** 3 + 12 * p ** 2 + 40 * p - 1) * e
                + 8 * s ** 4 * (p - 1) ** 3 * (p - 2))

    @staticmethod
    def critical_epsilon(phi: ExactInput, varsigma: ExactInput=1) -> Any:
        r"""ε_c(φ, ς): the loss level at which the left edge of μ_H reaches 0.

        For 0 < φ < 1 the smaller root of :meth:`critical_discriminant`,

        .. math:: \epsilon_c = \varsigma^2\,
                  \frac{8\phi^4 - 32\phi^3 + 12\phi^2 + 40\phi - 1 - (1 + 16\phi - 8\phi^2)^{3/2}}
                       {4\phi(\phi - 1)^3}
                  = \varsigma^2\Big(\tfrac{8}{27}\delta^3 + \tfrac{8}{27}\delta^4
                    + \tfrac{32}{81}\delta^5 + \dots\Big),\ \delta = 1 - \phi

        (the discriminant of the quadratic is ς⁴(1 + 16φ − 8φ²)³).  For
        φ ≥ 1, H0 has mass at 0 (or a hard edge) and the symmetric H1 puts
        mass below 0 for every ε > 0: ε_c = 0.

        Raises
        ------
        RmtsymError
            If φ ≤ 0 or ς ≤ 0.
        """
        p = _param(phi, "phi", strict=False)
        s = _param(varsigma, "varsigma", strict=False)
        if p.is_number and p >= 1:
            return sp.Integer(0)
        num = 8 * p ** 4 - 32 * p ** 3 + 12 * p ** 2 + 40 * p - 1 - (1 + 16 * p - 8 * p ** 2) ** sp.Rational(3, 2)
        out = s ** 2 * num / (4 * p * (p - 1) ** 3)
        return sp.radsimp(sp.simplify(out)) if p.is_number else out

    @classmethod
    def critical_amplitude(cls, phi: ExactInput, varsigma: ExactInput=1, dps: int=30) -> Any:
        r"""α₀ in α ≈ α₀ ((ε − ε_c)/ε_c)^{3/2} as ε ↓ ε_c (0 < φ < 1), derived.

        At ε_c the left edge is z = f(w_c) = 0 with f′(w_c) = 0
        (f = R_H + 1/w, w_c < 0).  Near the edge the density is
        ρ(λ) ≈ (1/π)√(2(λ − λ₋)/|f″(w_c)|) and λ₋(ε) ≈ ∂_ε f(w_c)(ε − ε_c)
        (envelope theorem), so

        .. math:: \alpha_0 = \frac{2}{3\pi}\sqrt{\frac{2}{|f''(w_c)|}}
                  \big(\epsilon_c\,|\partial_\epsilon f(w_c)|\big)^{3/2}.
        """
        p = _param(phi, "phi")
        s = _param(varsigma, "varsigma")
        if not (p.is_number and s.is_number) or p >= 1:
            raise RmtsymError("critical_amplitude: needs numeric 0 < phi < 1 and varsigma > 0")
        ec = cls.critical_epsilon(p, s)
        w = W
        f = cls(ec, p, s).r_transform(w) + 1 / w
        num = sp.Poly(sp.numer(sp.together(sp.diff(f, w))), w)
        with mpmath.workdps(dps + 20):
            fl = sp.lambdify(w, f, "mpmath")
            cands = [r for r in mpmath.polyroots([_mp(c) for c in num.all_coeffs()], maxsteps=200,
                                                 extraprec=200)
                     if abs(mpmath.im(r)) < mpmath.mpf(10) ** (-dps) and mpmath.re(r) < 0]
            wc = min(cands, key=lambda r: abs(fl(mpmath.re(r))))
            wc = mpmath.re(wc)
            f2 = sp.lambdify(w, sp.diff(f, w, 2), "mpmath")(wc)
            e = sp.Symbol("e_", positive=True)
            fe = sp.diff(cls(e, p, s).r_transform(w), e).subs(e, ec)
            fe = sp.lambdify(w, fe, "mpmath")(wc)
            ecm = _mp(ec)
            a0 = 2 / (3 * mpmath.pi) * mpmath.sqrt(2 / abs(f2)) * (ecm * abs(fe)) ** 1.5
        with mpmath.workdps(dps):
            return +a0

    # -------------------------------------------------- H1 by DC14's rho_c
    def h1_density_dc14(self, lam: Any, dps: int=30, printed: bool=False) -> Any:
        r"""ρ_{H1}(λ) (λ ≠ 0) by the seed's closed form from Dupic–Pérez Castillo (2014).

        .. math:: \rho_{H_1}(\lambda) = \frac{\alpha^2|\lambda|}{2\epsilon}
                  \rho_c\Big(\frac{\alpha^2\lambda^2}{2\epsilon}, \frac{\alpha}{2}\Big),\quad
                  \alpha = \frac mn = \frac2\phi,

        ρ_c(x, a) = √3/(6π x ∛2) (r₊ − r₋) on [θ(1 − a)x₋, x₊],
        r± = ∛(9(2 + a)(x − ξ₀) ± 6√(3(x − x₋)x(x₊ − x))),
        x± = (8 + 20a − a² ± √a (8 + a)^{3/2})/8, ξ₀ = −2(a − 1)³/(9(2 + a))
        (real cube roots), plus the atom (1 − min(1, a))δ₀.  ``printed=True``
        uses the seed's printed product (r₊ r₋) instead (wrong: erratum).
        """
        self._need_numeric("h1_density_dc14")
        if self.epsilon == 0:
            raise RmtsymError("h1_density_dc14: epsilon = 0 gives H1 = 0")
        with mpmath.workdps(dps + 15):
            lam = mpmath.mpf(lam)
            e, p = _mp(self.epsilon), _mp(self.phi)
            al = 2 / p
            a = al / 2
            x = al ** 2 * lam ** 2 / (2 * e)
            sq = mpmath.sqrt(a) * (8 + a) ** mpmath.mpf(1.5)
            xp, xm = (8 + 20 * a - a ** 2 + sq) / 8, (8 + 20 * a - a ** 2 - sq) / 8
            xi0 = -2 * (a - 1) ** 3 / (9 * (2 + a))
            lo = xm if a < 1 else mpmath.mpf(0)
            if not (lo < x < xp):
                return mpmath.mpf(0)
            d = 6 * mpmath.sqrt(3 * (x - xm) * x * (xp - x))
            A = 9 * (2 + a) * (x - xi0)
            rp, rm = mpmath.cbrt(A + d), mpmath.sign(A - d) * mpmath.cbrt(abs(A - d))
            rc = mpmath.sqrt(3) / (6 * mpmath.pi * x * mpmath.cbrt(2)) * (rp * rm if printed else rp - rm)
            out = al ** 2 * abs(lam) / (2 * e) * rc
        with mpmath.workdps(dps):
            return +out

    # ---------------------------------------------------------- sampling
    def sample_params(self, h1: str="network", part: str="H") -> dict[str, object]:
        """Float parameters of ``SAMPLERS["hessian_pb17"]`` for this model."""
        self._need_numeric("sample")
        return {"epsilon": float(self.epsilon), "phi": float(self.phi),
                "varsigma": float(self.varsigma), "h1": h1, "part": part}

    def sample(self, n: int, samples: int, seed: int, h1: str="network", part: str="H", jobs: int=1) -> SpectrumSample:
        r"""Eigenvalues of ``samples`` PB17 Hessians of width n (2n² eigenvalues each).

        Through ``SAMPLERS["hessian_pb17"]`` (:mod:`rmtsym.sampling.hessian`):
        H0 a Wishart N×(nm) matrix of N(0, ς) entries over nm, H1 the block
        matrix of masked products with residuals N(0, 2ε), m = round(2n/φ).

        Returns
        -------
        rmtsym.sampling.SpectrumSample
            ``eigenvalues`` of shape (samples, 2n²); ``n`` records the width.

        Examples
        --------
        >>> import sympy
        >>> s = HessianSpectrum(sympy.Rational(1, 2), sympy.Rational(1, 2)).sample(4, 2, seed=3)
        >>> s.eigenvalues.shape
        (2, 32)
        """
        from ..sampling.ensembles import sample_spectra
        return sample_spectra("hessian_pb17", n, samples, seed, self.sample_params(h1, part),
                              jobs=jobs)

    # ---------------------------------------------------------- printing
    def _label(self):
        return f"Hessian(eps={self.epsilon}, phi={self.phi}, varsigma={self.varsigma})"

    def __repr__(self):
        return (f"HessianSpectrum(epsilon={self.epsilon}, phi={self.phi}, "
                f"varsigma={self.varsigma})")

    def _latex(self, printer=None):
        return (r"\mathcal R_H(w) = " + sp.latex(self.r_transform()) + r",\quad "
                + sp.latex(self.quartic()) + " = 0")

    def _repr_latex_(self):
        return "$" + self._latex() + "$"
