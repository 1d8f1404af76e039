r"""Spectrum of the nonlinear Gram matrix (conjugate kernel) of one random layer.

The model of Pennington–Worah (2017), quoted in seed
``002_2c85d79b7db582c6.txt`` §4.2, and of Benigni–Péché (2021, 2022),
quoted in seed ``001_322f0eb0bc5d01dd.txt`` (slide "Some further RMT
investigations on the two-layer model").

Setting and conventions (stated once here, used everywhere below)
------------------------------------------------------------------
* Data X ∈ R^{n0×m} with i.i.d. N(0, σ_x²) entries; weights
  W ∈ R^{n1×n0} with i.i.d. N(0, σ_w²/n0) entries; Y = f(WX) entrywise;
  the Gram matrix M = (1/m) Y Yᵀ ∈ R^{n1×n1}.
* Aspect ratios (Pennington–Worah's, which the seed uses without defining
  them): **φ = n0/m** (input dimension over number of samples) and
  **ψ = n0/n1** (input dimension over number of hidden units), in the
  limit n0, n1, m → ∞ with φ, ψ fixed.  So n1/m = φ/ψ.
* Each entry h = (WX)_{iμ} has variance q = σ_w² σ_x²; f must be centred,
  E f(√q ξ) = 0 (ξ ~ N(0, 1); PW17's assumption and BP21's "centred σ").
* Gaussian constants (PW17 eq. (6), with the seed's erratum on ζ corrected,
  see :func:`rmtsym.gaussian.pw17_constants`)

  .. math:: \eta = \mathbb E f(\sqrt q\,\xi)^2,\qquad
            \zeta = \bigl(\sqrt q\,\mathbb E f'(\sqrt q\,\xi)\bigr)^2
                  = \bigl(\mathbb E\,\xi f(\sqrt q\,\xi)\bigr)^2 .

* Stieltjes transform m(z) = ∫ μ(dx)/(x − z) (``docs/conventions.md``).  The seed's
  "m(z) = ψ/z P(1/(zψ)) + (1 − ψ)/z" is the Cauchy transform G = −m; see
  :meth:`GramSpectrum.stieltjes_polynomial` for the translation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import functools
import math

import mpmath
import numpy as np
import sympy as sp

from ..core.errors import ConvergenceError, RmtsymError, require
from ..core.types import Atom, ComplexInput, ExactInput, Interval, Moment, MpComplex, MpReal, RealInput, SymExpr, SymPoly
from ..core.measure import AlgebraicMeasure, M, Z, lift_constants
from ..core import series as _series

if TYPE_CHECKING:
    from ..sampling.ensembles import SpectrumSample

__all__ = ["GramSpectrum", "pw17_seed_equation", "pw17_stieltjes_polynomial"]

#: the seed's variables: P(t) (moment generating function) and t
P_SYM, T_SYM = sp.symbols("P t")


# ---------------------------------------------------------------------------
# the two equations (seed form in (P, t) and the m-convention form in (m, z))
# ---------------------------------------------------------------------------

def pw17_seed_equation(eta: SymExpr | int, zeta: SymExpr | int, phi: SymExpr | int,
                       psi: SymExpr | int) -> SymExpr:
    r"""The PW17 quartic for P(t) as printed in the seed, as a polynomial Q(P, t).

    Seed ``002_2c85d79b7db582c6.txt`` §4.2:
    :math:`P = 1 + (\eta-\zeta)tP_\phi P_\psi + \frac{P_\phi P_\psi t\zeta}{1 - P_\phi P_\psi t\zeta}`,
    :math:`P_\phi = 1 + (P-1)\phi`, :math:`P_\psi = 1 + (P-1)\psi`.  With
    :math:`s = tP_\phi P_\psi`, multiplying by :math:`1 - \zeta s` gives

    .. math:: Q(P, t) = (P - 1 - (\eta-\zeta)s)(1 - \zeta s) - \zeta s = 0,

    a quartic in P (s is quadratic in P).  ``P_SYM``, ``T_SYM`` are the symbols.

    Examples
    --------
    >>> Q = pw17_seed_equation(1, 0, 1, 1)          # zeta = 0: P - 1 = t P^2
    >>> sp.expand(Q)
    -P**2*t + P - 1
    """
    P, t = P_SYM, T_SYM
    s = t * (1 + (P - 1) * phi) * (1 + (P - 1) * psi)
    return sp.expand((P - 1 - (eta - zeta) * s) * (1 - zeta * s) - zeta * s)


def pw17_stieltjes_polynomial(eta: SymExpr | int, zeta: SymExpr | int, phi: SymExpr | int,
                              psi: SymExpr | int) -> SymExpr:
    r"""The PW17 quartic in this project's convention: a polynomial P(m, z).

    Translation (``docs/conventions.md``: m = −G).  The seed writes
    G(z) = ψ/z P(1/(zψ)) + (1 − ψ)/z, i.e. with t = 1/(zψ)

    .. math:: u := P - 1 = -\frac{1 + z m}{\psi},\qquad P_\psi = 1 + \psi u = -zm,
              \qquad P_\phi = 1 + \phi u = 1 - \frac{\phi}{\psi}(1 + zm),

    so s = t P_φ P_ψ = −m(ψ − φ(1 + zm))/ψ².  Substituting into
    u(1 − ζs) = (η − ζ)s(1 − ζs) + ζs and multiplying by ψ⁴ gives

    .. math::

        \zeta\phi^2(\eta-\zeta) z^2 m^4
        + \phi\zeta\,[2(\eta-\zeta)(\phi-\psi) + \psi z]\, z\, m^3
        + [(\eta-\zeta)\zeta(\phi-\psi)^2 + \psi\zeta(2\phi-\psi) z - \eta\phi\psi^2 z]\, m^2 \\
        + \psi\,[\zeta(\phi-\psi) - \eta\phi\psi + \eta\psi^2 - \psi^2 z]\, m - \psi^3 = 0

    (the expression returned, unnormalised; :meth:`GramSpectrum.stieltjes_polynomial`
    gives the canonical primitive form).

    Examples
    --------
    >>> e, c = sp.symbols("eta c", positive=True)
    >>> sp.factor(pw17_stieltjes_polynomial(e, 0, c, 1))   # zeta = 0: MP(c, eta), times -1
    -c*eta*m**2*z - c*eta*m + eta*m - m*z - 1
    """
    m, z = M, Z
    u = -(1 + z * m) / psi
    s = -m * (psi - phi * (1 + z * m)) / psi**2
    E = u * (1 - zeta * s) - (eta - zeta) * s * (1 - zeta * s) - zeta * s
    return sp.expand(sp.cancel(E * psi**4))


# ---------------------------------------------------------------------------
# checking the input
# ---------------------------------------------------------------------------

def _exact(value, name, positive=True, allow_zero=False, symbolic=True):
    """SymPy number/expression; numeric values are checked for sign, naming ``name``."""
    if isinstance(value, bool):
        raise RmtsymError(f"{name} must be a number, got {value!r}")
    try:
        v = sp.nsimplify(value, rational=True) if isinstance(value, float) else sp.sympify(value)
    except (sp.SympifyError, TypeError, ValueError) as exc:
        raise RmtsymError(f"{name} must be a real number or a SymPy expression, got {value!r}") from exc
    if not isinstance(v, sp.Expr):
        raise RmtsymError(f"{name} must be a real number or a SymPy expression, got {value!r}")
    if v.is_number:
        if not v.is_real:
            raise RmtsymError(f"{name} must be real, got {value!r}")
        if positive and (v < 0 or (v == 0 and not allow_zero)):
            raise RmtsymError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    else:
        if not symbolic:
            raise RmtsymError(f"{name} must be a number, got {value!r}")
        if positive and (v.is_positive is False and not (allow_zero and v.is_zero)):
            raise RmtsymError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    return v


def _check_int(v, name, lo):
    if not isinstance(v, int) or isinstance(v, bool) or v < lo:
        raise RmtsymError(f"{name} must be an integer >= {lo}, got {v!r}")
    return v


def _check_dps(dps):
    """None (exact) or digits in [5, MAX_DPS], through the project's one input path."""
    from ..core import numbers
    if dps is None:
        return None
    return numbers.integer(dps, "dps", minimum=5, maximum=numbers.MAX_DPS)


def _mpf_to_rational(v):
    """The exact binary rational value of an mpf."""
    man, exp = mpmath.mpf(v).man_exp
    return sp.Integer(man) * sp.Integer(2) ** exp


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------

class GramSpectrum:
    r"""Limiting spectrum of M = (1/m) Y Yᵀ, Y = f(WX) (Pennington–Worah 2017).

    Parameters
    ----------
    activation : str, sympy.Expr or Activation
        The activation f (a registry name such as ``"relu"``, ``"tanh"``,
        ``"abs"``, or an expression in x such as ``"x**2 - 2"``).
    phi : positive number
        φ = n0/m (input dimension / number of samples).
    psi : positive number
        ψ = n0/n1 (input dimension / number of hidden units).
    sigma_w2, sigma_x2 : positive number, optional
        Variances: W_ij ~ N(0, σ_w²/n0), X_iμ ~ N(0, σ_x²) (default 1).
    center : bool, optional
        False (default): f must already be centred, E f(√q ξ) = 0 with
        q = σ_w²σ_x² (the theorem's assumption), else RmtsymError.  True: use
        f − E f(√q ξ) (the constant shift is a rank-one perturbation of Y of
        norm ~√(n1 m); it moves one eigenvalue to infinity and not the
        limiting law).

    Raises
    ------
    RmtsymError
        Unknown activation, φ or ψ not > 0, non-positive variances, f not
        centred (with ``center=False``).

    Notes
    -----
    **Theorem (PW17 Thm. 1; seed 002 §4.2).**  The Cauchy transform is
    G(z) = (ψ/z) P(1/(zψ)) + (1 − ψ)/z, where P(t) = 1 + Σ_k ψ^{k−1} m_k t^k
    solves the quartic :func:`pw17_seed_equation`.  In this project's
    m = −G convention this is the quartic P(m, z) = 0 of
    :func:`pw17_stieltjes_polynomial` (degree 4 in m, 2 in z).  The moments
    count outer-planar cactus graphs (:func:`rmtsym.combinatorics.gram_moments_pw17`).

    **Special cases (free probability).**  ζ = 0 (f even, e.g. abs(x) − E abs(x)):
    Marchenko–Pastur MP(φ/ψ, η).  η = ζ (f linear): ψ·MP(φ, ζ) ⊠ MP(ψ, 1/ψ)
    + (1 − ψ)δ₀ (product Wishart; the seed's "Marchenko–Pastur" is an
    erratum, ``docs/errata_pw17.md``).  General η, ζ: the law of the
    information-plus-noise matrix (1/m)(√ζ·Ŵ X̂ + √(η − ζ) Z)(…)ᵀ with Ŵ X̂
    the normalised linear network and Z independent Gaussian (Gaussian
    equivalence, Péché 2019), by the Dozier–Silverstein equation
    m = a·m_H(a(az − (η−ζ)(1 − c))), a = 1 + (η−ζ)c m, c = φ/ψ
    (verified exactly in ``tests/test_gram.py``).

    **Benigni–Péché (seed 001).**  For centred f the limiting law depends on
    f only through E f(ξ)² and E f(ξ)ξ (i.e. η and ζ at q = 1); its
    Stieltjes transform is a root of this *quartic* — irreducible of degree
    4 in m for generic centred f (ReLU), degree 3 only for linear f (η = ζ)
    and 2 for ζ = 0; the seed's "3rd order poly ST equation" holds only in
    the linear case (claim ``gram_benigni_peche_cubic_erratum``).
    Spikes (BP22): with κ = E[ξ² f(√q ξ)] ≠ 0 the fluctuations of the row
    norms of W and of the column norms of X enter Y through the second
    Hermite coefficient, Y ≈ Y₀ + (κ/2)(δ 1ᵀ + 1 εᵀ), δ_i = ‖w_i‖²/σ_w² − 1,
    ε_μ = ‖x_μ‖²/(n0σ_x²) − 1 (variances 2/n0): a rank-two perturbation of
    Y/√m with both singular values θ, θ² = κ²/(2ψ).  By Benaych-Georges–
    Nadakuditi (2012) an outlier λ of M solves
    λ G(λ) G̃(λ) = 1/θ², G̃ = cG + (1 − c)/λ (the companion m×m law),
    above the bulk edge; see :meth:`outliers`.

    References
    ----------
    J. Pennington, P. Worah, *Nonlinear random matrix theory for deep
    learning*, NeurIPS 2017 (Thm. 1, eq. (6)); seed ``002_2c85d79b7db582c6.txt``
    §4.2.  L. Benigni, S. Péché, *Eigenvalue distribution of some nonlinear
    models of random matrices*, EJP 26 (2021); *Largest eigenvalues of the
    conjugate kernel of single-layered neural networks*, arXiv:2201.04753
    (2022); seed ``001_322f0eb0bc5d01dd.txt``.  S. Péché, *A note on the
    Pennington–Worah distribution*, ECP 24 (2019).  R. B. Dozier,
    J. W. Silverstein, *On the empirical distribution of eigenvalues of large
    dimensional information-plus-noise-type matrices*, JMVA 98 (2007).
    F. Benaych-Georges, R. R. Nadakuditi, *The singular values and vectors of
    low rank perturbations of large rectangular random matrices*, JMVA 111
    (2012).

    Examples
    --------
    >>> g = GramSpectrum("relu", phi=sp.Rational(1, 2), psi=2, center=True)
    >>> g.constants()
    ((-1 + pi)/(2*pi), 1/4)
    >>> sp.simplify(g.moments(2)[1] - g.constants()[0])     # m_1 = eta
    0
    >>> h = GramSpectrum.from_constants(2, 1, sp.Rational(1, 3), sp.Rational(5, 4))
    >>> h.moments(3)
    [1, 2, 88/15, 976/45]
    """

    def __init__(self, activation: Any, phi: ExactInput, psi: ExactInput, sigma_w2: ExactInput=1, sigma_x2: ExactInput=1, center: bool=False) -> None:
        from ..gaussian.activations import Activation, activation as _activation
        if isinstance(activation, Activation):
            act = activation
        elif isinstance(activation, (str, sp.Expr)):
            act = _activation(activation)
        else:
            raise RmtsymError(f"activation must be a name, an expression in x or an Activation, "
                              f"got {activation!r}")
        if act.free_parameters:
            raise RmtsymError(f"activation {act.name}: substitute its parameters "
                              f"{act.free_parameters} first")
        self.act = act
        self.activation = act.name
        self.phi = _exact(phi, "phi", symbolic=False)
        self.psi = _exact(psi, "psi", symbolic=False)
        self.sigma_w2 = _exact(sigma_w2, "sigma_w2", symbolic=False)
        self.sigma_x2 = _exact(sigma_x2, "sigma_x2", symbolic=False)
        if not isinstance(center, bool):
            raise RmtsymError(f"center must be True or False, got {center!r}")
        self.center = center
        self.q = self.sigma_w2 * self.sigma_x2
        mean = self._mean()
        self.shift = mean if center else sp.Integer(0)
        if not center and not self._is_zero(mean):
            raise RmtsymError(
                f"activation: {act.name} is not centred under N(0, q = sigma_w2*sigma_x2 = {self.q}): "
                f"E f(sqrt(q) xi) = {mean} != 0; PW17/BP21 need a centred f (pass center=True "
                "to use f - E f)")
        self._eta = self._zeta = None
        try:
            from ..gaussian.constants import pw17_constants
            eta, zeta = pw17_constants(act, None, self.sigma_w2, self.sigma_x2, center=True)
            self._eta, self._zeta = sp.nsimplify(eta) if eta.is_Float else eta, zeta
        except RmtsymError:
            pass                                  # no closed form: numeric constants (dps=)

    # -- construction ------------------------------------------------------------
    @classmethod
    def from_constants(cls, eta: ExactInput, zeta: ExactInput, phi: ExactInput, psi: ExactInput) -> Any:
        r"""The law from its Gaussian constants alone (symbols allowed).

        Parameters
        ----------
        eta, zeta : number or sympy.Expr
            η = E f², ζ = (E ξ f)²; numeric values need 0 <= ζ <= η, η > 0
            (η − ζ = Σ_{k≥2} k! c_k² by Hermite expansion).
        phi, psi : positive number or sympy.Expr

        Returns
        -------
        GramSpectrum
            Without an activation: no :meth:`sample`, no :meth:`outliers`.

        Raises
        ------
        RmtsymError
            Numeric η <= 0, ζ < 0, ζ > η, φ or ψ not > 0.

        Examples
        --------
        >>> e = sp.Symbol("eta", positive=True)     # m_2 = eta^2 (1 + phi/psi) + zeta^2/psi
        >>> sp.factor(GramSpectrum.from_constants(e, 1, sp.Rational(1, 2), 2).moments(2)[2])
        (5*eta**2 + 2)/4
        """
        self = cls.__new__(cls)
        self.act = None          # type: ignore[assignment]  # no activation: sample/outliers refuse
        self.activation = None   # type: ignore[assignment]
        self.phi = _exact(phi, "phi")
        self.psi = _exact(psi, "psi")
        eta = _exact(eta, "eta")
        zeta = _exact(zeta, "zeta", allow_zero=True)
        if eta.is_number and zeta.is_number and zeta > eta:
            raise RmtsymError(f"zeta must be <= eta (zeta = (E xi f)^2 <= E f^2 = eta by "
                              f"Cauchy–Schwarz), got eta = {eta}, zeta = {zeta}")
        self._eta, self._zeta = eta, zeta
        self.sigma_w2 = self.sigma_x2 = self.q = None
        self.center = False
        self.shift = sp.Integer(0)
        return self

    @staticmethod
    def _is_zero(v):
        if isinstance(v, sp.Basic):
            return sp.simplify(v) == 0
        return abs(v) <= mpmath.mpf(10) ** -25

    def _mean(self):
        """E f(√q ξ): exact when SymPy has it, else 30-digit quadrature (0 for odd f)."""
        from ..gaussian.integrals import gaussian_expectation
        if self.act.is_odd():
            return sp.Integer(0)
        try:
            return gaussian_expectation(self.act, self.q)
        except RmtsymError:
            with mpmath.workdps(40):
                return gaussian_expectation(self.act, self.q, dps=30)

    def __repr__(self):
        if self.act is None:
            return f"GramSpectrum.from_constants(eta={self._eta}, zeta={self._zeta}, phi={self.phi}, psi={self.psi})"
        extra = "" if self.q == 1 else f", sigma_w2={self.sigma_w2}, sigma_x2={self.sigma_x2}"
        return (f"GramSpectrum({self.activation!r}, phi={self.phi}, psi={self.psi}{extra}"
                f"{', center=True' if self.center else ''})")

    def _latex(self, printer=None):
        eta, zeta = (self._eta, self._zeta) if self._eta is not None else sp.symbols("eta zeta")
        poly = pw17_stieltjes_polynomial(eta, zeta, self.phi, self.psi)
        return (r"M=\tfrac1m f(WX)f(WX)^T,\ \phi=" + sp.latex(self.phi) + r",\ \psi=" + sp.latex(self.psi)
                + r":\quad " + sp.latex(poly) + " = 0")

    def _repr_latex_(self):
        return "$" + self._latex() + "$"

    # -- constants ---------------------------------------------------------------
    @property
    def is_exact(self) -> bool:
        """True when η and ζ are known exactly (closed-form Gaussian integrals or given)."""
        return self._eta is not None

    def constants(self, dps: int | None=None) -> Any:
        r"""(η, ζ) exactly, or as mpmath numbers to ``dps`` digits.

        Raises
        ------
        RmtsymError
            ``dps=None`` for an activation without closed-form integrals (tanh, erf...).
        """
        dps = _check_dps(dps)
        if dps is None:
            if self._eta is None:
                raise RmtsymError(f"no closed form for eta, zeta of {self.activation!r}; pass dps=<digits>")
            return self._eta, self._zeta
        return self._constants_num(dps)

    @functools.lru_cache(maxsize=8)
    def _constants_num(self, dps):
        with mpmath.workdps(dps + 10):
            if self._eta is not None:
                return mpmath.mpf(sp.N(self._eta, dps + 10)), mpmath.mpf(sp.N(self._zeta, dps + 10))
            from ..gaussian.constants import pw17_constants
            eta, zeta = pw17_constants(self.act, dps + 10, self.sigma_w2, self.sigma_x2, center=True)
            return +eta, +zeta

    def _values(self, dps):
        """(η, ζ, φ, ψ) as SymPy: exact, or binary rationals within 10^-(dps+10) for numeric constants."""
        if self._eta is not None:
            return self._eta, self._zeta, self.phi, self.psi
        if dps is None:
            raise RmtsymError(f"no closed form for eta, zeta of {self.activation!r}; pass dps=<digits>")
        with mpmath.workdps(dps + 10):
            eta, zeta = self._constants_num(dps)
            return _mpf_to_rational(eta), _mpf_to_rational(zeta), self.phi, self.psi

    # -- theory ------------------------------------------------------------------
    def seed_equation(self) -> Any:
        """The seed's quartic Q(P, t) at this model's constants (:func:`pw17_seed_equation`)."""
        return pw17_seed_equation(*self._values(None))

    def stieltjes_polynomial(self, dps: int | None=None) -> SymPoly:
        r"""Canonical P(m, z) of the Stieltjes transform (``sympy.Poly`` in m, z).

        The PW17 quartic translated from the seed's G-convention
        (:func:`pw17_stieltjes_polynomial`), made canonical (irreducible
        factor carrying the branch m ~ −1/z, primitive) by :class:`AlgebraicMeasure`.
        ``dps`` is needed only for activations without closed-form η, ζ (then
        the coefficients are rational surrogates within 10^-(dps+10)).

        Examples
        --------
        >>> GramSpectrum.from_constants(1, 0, 1, 2).stieltjes_polynomial().as_expr()   # MP(1/2, 1)
        m**2*z + 2*m*z - m + 2
        """
        return self.measure(dps).stieltjes_polynomial()

    def measure(self, dps: int | None=None) -> Any:
        r"""The limiting law as an :class:`AlgebraicMeasure`.

        Its polynomial is :func:`pw17_stieltjes_polynomial`; the branch is
        fixed by the moment series of the *seed's* equation in (P, t)
        (Newton lifting of Q(P, t) from P = 1 + ηt, then m_k = ψ^{1−k} P_k),
        so building the measure checks the G → m translation to order 12.
        Irrational constants (π for ReLU) travel as exact symbols.  For an
        activation without closed forms, ``dps`` gives a rational surrogate
        (η, ζ within 10^-(dps+10)), accurate for numerics at ``dps`` digits.
        """
        dps = _check_dps(dps)
        key = None if self._eta is not None else dps
        cache = self.__dict__.setdefault("_measures", {})
        if key not in cache:
            cache[key] = self._build_measure(*self._values(dps))
        return cache[key]

    def _build_measure(self, eta, zeta, phi, psi):
        consts = {}
        lifted = []
        for v in (eta, zeta, phi, psi):
            e, c = lift_constants(sp.sympify(v))
            consts.update(c)
            lifted.append(e)
        le, lz, lf, ls = lifted
        poly = pw17_stieltjes_polynomial(le, lz, lf, ls)
        poly = sp.numer(sp.together(poly))
        params = set().union(*[sp.sympify(v).free_symbols for v in lifted]) | set(consts)
        params = tuple(sorted(params, key=lambda s: s.name))
        Q = pw17_seed_equation(le, lz, lf, ls)
        Qp = sp.Poly(sp.numer(sp.together(Q)), P_SYM, T_SYM)
        table = Qp.as_dict()

        def moment_series(n, R, _table=table, _e=le, _s=ls):
            dg = max(j for j, _ in _table)
            du = max(i for _, i in _table)
            rows = [[R.zero] * (du + 1) for _ in range(dg + 1)]
            for (j, i), c in _table.items():
                rows[j][i] = R.convert(c)
            g = _series.newton_lift(rows, [R.one, R.convert(_e)], max(n, 2), R)
            s = R.convert(_s)
            out, p = [], s          # m_k = psi^(1-k) P_k, p = psi^(1-k) running
            for k in range(n):
                if k == 0:
                    out.append(g[0])
                else:
                    p = p / s
                    out.append(g[k] * p)
            return out

        steps = [{"title": "Pennington--Worah quartic (seed form, G-convention)",
                  "latex": sp.latex(pw17_seed_equation(*sp.symbols("eta zeta phi psi"))) + " = 0"},
                 {"title": "Translated to m = -G", "latex": sp.latex(
                     pw17_stieltjes_polynomial(*sp.symbols("eta zeta phi psi"))) + " = 0"}]
        label = f"Gram({self.activation})" if self.activation else "Gram(eta, zeta)"
        return AlgebraicMeasure(poly, moment_series, params, label=label, nonnegative=True,
                                steps=steps, latex_name=r"\mu_{\mathrm{PW}}", constants=consts)

    def moments(self, k: int, dps: int | None = None) -> list[Moment]:
        r"""Moments [m_0, ..., m_k] of the limiting law, m_j = lim (1/n1) E tr M^j.

        Exact (SymPy; with π etc. where the Gaussian integrals have closed
        forms) when ``dps`` is None, mpmath numbers to ``dps`` digits otherwise
        (for tanh, erf, ...: the exact series at η, ζ within 10^-(dps+10),
        evaluated at dps + 10 digits and rounded).

        Examples
        --------
        >>> g = GramSpectrum("tanh", phi=1, psi=2)
        >>> print(mpmath.nstr(g.moments(2, dps=20)[2], 15))
        0.30050237835877
        """
        k = _check_int(k, "k", 0)
        dps = _check_dps(dps)
        if dps is None:
            if self._eta is None:
                raise RmtsymError(f"no closed form for eta, zeta of {self.activation!r}; pass dps=<digits>")
            return self.measure().moments(k)
        mom = self.measure(dps).moments(k)
        with mpmath.workdps(dps + 10):
            vals = [mpmath.mpf(sp.N(v, dps + 10)) for v in mom]
        with mpmath.workdps(dps):
            return [+v for v in vals]

    def stieltjes(self, z: ComplexInput, dps: int = 30) -> MpComplex:
        """m(z) on the physical branch (``AlgebraicMeasure.stieltjes``)."""
        return self.measure(_check_dps(dps) if self._eta is None else None).stieltjes(z, dps=dps)

    def density(self, x: RealInput, dps: int = 30) -> MpReal:
        """Density of the absolutely continuous part at x (a number or a sequence)."""
        return self.measure(_check_dps(dps) if self._eta is None else None).density(x, dps=dps)

    def density_grid(self, xs: Sequence[float] | np.ndarray, dps: int | None = None
                     ) -> np.ndarray | list[MpReal]:
        r"""Density on a grid: float64 (``dps=None``; KS tests, figures) or ``dps`` digits with bounds.

        Parameters
        ----------
        xs : array_like of float
            Points (any order; a 1-d array or list).
        dps : int or None
            None: float64 (a numpy array of the shape of ``xs``); 16..2000:
            a list of mpf.

        Returns
        -------
        numpy.ndarray or list of mpmath.mpf

        Raises
        ------
        RmtsymError
            Bad ``dps``; non-finite points.

        Notes
        -----
        The law is algebraic (the PW17 quartic, :meth:`measure`), so the grid
        is :func:`rmtsym.numerics.floatgrid.density_grid_float` — all roots
        at all points in one batched eigenvalue call, the physical root
        matched by continuity from a certified start, ambiguous points
        handed to the high-precision continuation — or, with ``dps``, its
        Newton polish :func:`rmtsym.numerics.floatgrid.density_grid`.
        Irrational constants (π for ReLU) go through the rational surrogate
        of :mod:`rmtsym.numerics`; activations without closed forms use the
        surrogate at 20 digits (float) or ``dps + 10``.

        Examples
        --------
        >>> g = GramSpectrum.from_constants(1, 0, 1, 2)          # MP(1/2, 1) (eta = 1, zeta = 0)
        >>> [round(float(v), 12) for v in g.density_grid([1.0, 9.0])]   # sqrt(7)/(2 pi), 0
        [0.421084399348, 0.0]
        """
        from ..numerics.floatgrid import density_grid as _grid, density_grid_float
        if dps is None:
            return density_grid_float(self.measure(None if self._eta is not None else 20), xs)
        dps = _check_dps(dps)
        return _grid(self.measure(None if self._eta is not None else dps + 10), xs, dps=dps)

    def support(self, dps: int = 30) -> list[Interval]:
        """Intervals of the absolutely continuous part, [(a, b), ...]."""
        return self.measure(_check_dps(dps) if self._eta is None else None).support(dps=dps)

    def atoms(self, dps: int = 30) -> list[Atom]:
        """Atoms [(x, w)]: mass 1 − m/n1 = 1 − ψ/φ at 0 when n1 > m, i.e. φ/ψ > 1 (rank of M <= m)."""
        return self.measure(_check_dps(dps) if self._eta is None else None).atoms(dps=dps)

    def cdf(self, x: RealInput, dps: int = 30) -> MpReal:
        """Distribution function μ((−∞, x])."""
        return self.measure(_check_dps(dps) if self._eta is None else None).cdf(x, dps=dps)

    # -- spikes (Benigni–Péché 2022) -------------------------------------------
    def spike_constant(self, dps: int | None=None) -> Any:
        r"""κ = E[ξ² f(√q ξ)] of the centred activation (BP22's E[ξ²σ(ξ)] at q = 1).

        κ = 2 c₂ (second Hermite coefficient); 0 for odd f.  An outlier
        exists only if κ ≠ 0 (and θ² = κ²/(2ψ) is above the threshold).

        Examples
        --------
        >>> GramSpectrum("relu", 1, 1, center=True).spike_constant()
        sqrt(2)/(2*sqrt(pi))
        """
        require(self.act is not None, "spike_constant: the model was built from constants; "
                                      "build it from an activation")
        from ..gaussian.integrals import gaussian_expectation
        dps = _check_dps(dps)
        if self.act.is_odd():
            return sp.Integer(0) if dps is None else mpmath.mpf(0)
        if dps is None:
            k = gaussian_expectation(self.act, self.q, xi_power=2)
            return sp.simplify(k - (self.shift if self.center else 0))
        with mpmath.workdps(dps + 10):
            k = gaussian_expectation(self.act, self.q, dps=dps + 10, xi_power=2)
            s = mpmath.mpf(sp.N(self.shift, dps + 10)) if isinstance(self.shift, sp.Basic) else self.shift
            v = k - (s if self.center else 0)
        with mpmath.workdps(dps):
            return +v

    def spike_strength(self, dps: int | None=None) -> Any:
        r"""θ² = κ²/(2ψ): the squared singular values of the rank-two part of Y/√m."""
        k = self.spike_constant(dps)
        if dps is None:
            return sp.simplify(k**2 / (2 * self.psi))
        with mpmath.workdps(dps + 5):
            return k**2 / (2 * mpmath.mpf(sp.N(self.psi, dps + 5)))

    def outliers(self, dps: int=30) -> Any:
        r"""Predicted outlier eigenvalues of M above the bulk (BP22 + BGN12): 0 or 2 values.

        Solves D(λ) = λ G(λ) G̃(λ) = 1/θ² for λ > b (b the right edge of the
        bulk), G = −m the Cauchy transform of the PW17 law, G̃ = cG + (1−c)/λ
        with c = n1/m = φ/ψ, θ² = :meth:`spike_strength`.  D decreases from
        D(b) to 0 on (b, ∞), so there is an outlier iff 1/θ² < D(b); both
        rank-one pieces have the same θ, so it has multiplicity two.
        For ζ = 0 (bulk MP(c, η)) this is λ = (θ² + η)(θ² + cη)/θ² when
        θ² > √c η.

        Returns
        -------
        list of mpmath.mpf
            ``[]`` (no spike: κ = 0, e.g. odd f, or θ below threshold) or ``[λ, λ]``.
        """
        dps = _check_dps(dps)
        th2 = self.spike_strength(dps + 10)
        if th2 == 0:
            return []
        c = self.phi / self.psi
        mu_dps = None if self._eta is not None else dps
        mu = self.measure(mu_dps)
        with mpmath.workdps(dps + 10):
            cm = mpmath.mpf(sp.N(c, dps + 10))
            b = max(iv[1] for iv in mu.support(dps=dps + 10))

            def D(lam):
                G = -mpmath.re(mpmath.mpmathify(mu.stieltjes(lam, dps=dps + 10)))
                return G * (cm * lam * G + 1 - cm)

            target = 1 / th2
            # D at the soft edge: D(b(1 + 1e-12)) = D(b) - O(1e-6) (square-root edge)
            if D(b * (1 + mpmath.mpf(10) ** -12)) <= target:
                return []
            lo, hi = b * (1 + mpmath.mpf(10) ** -12), 2 * b + 4 * th2 + 1
            while D(hi) > target:
                lo, hi = hi, 2 * hi
            for _ in range(60):                    # coarse bisection, then secant
                mid = (lo + hi) / 2
                if D(mid) > target:
                    lo = mid
                else:
                    hi = mid
                if hi - lo < mpmath.mpf(10) ** -6 * hi:
                    break
            try:
                lam = mpmath.findroot(lambda v: D(v) - target, (lo, hi), solver="anderson",
                                      tol=mpmath.mpf(10) ** (-2 * (dps + 5)))
            except (ValueError, ZeroDivisionError) as exc:   # pragma: no cover
                raise ConvergenceError(f"outliers: root of D(lambda) = 1/theta^2 not found: {exc}") from exc
            if not lo <= lam <= hi:                          # pragma: no cover
                raise ConvergenceError("outliers: the secant step left the bracket")
        with mpmath.workdps(dps):
            return [+lam, +lam]

    # -- sampling ------------------------------------------------------------------
    def sample_params(self) -> dict[str, object]:
        """Float parameters of the registered sampler ``"gram"`` (recorded with each sample)."""
        require(self.act is not None, "sample: the model was built from constants; build it "
                                      "from an activation to sample real networks")
        shift = float(sp.N(self.shift, 20)) if isinstance(self.shift, sp.Basic) else float(self.shift)
        return {"activation": self.act.name, "phi": float(self.phi), "psi": float(self.psi),
                "sigma_w2": float(self.sigma_w2), "sigma_x2": float(self.sigma_x2), "shift": shift}

    def sample(self, n1: int, samples: int, seed: int, jobs: int=1) -> SpectrumSample:
        r"""Eigenvalues of M = (1/m) f(WX) f(WX)ᵀ for ``samples`` independent draws.

        n0 = round(ψ n1), m = round(n0/φ); W, X Gaussian as in the module
        docstring; f − shift applied entrywise (float64); one ``eigvalsh``.
        Through ``SAMPLERS["gram"]`` (:func:`rmtsym.sampling.gram.gram_network`).

        Parameters
        ----------
        n1 : int
            Number of hidden units (dimension of M, >= 2).
        samples : int
        seed : int
        jobs : int, optional

        Returns
        -------
        rmtsym.sampling.SpectrumSample

        Examples
        --------
        >>> s = GramSpectrum("relu", 1, 2, center=True).sample(40, 2, seed=3)
        >>> s.eigenvalues.shape
        (2, 40)
        """
        from ..sampling.ensembles import sample_spectra
        _check_int(n1, "n1", 2)
        _check_int(samples, "samples", 1)
        return sample_spectra("gram", n1, samples, seed, self.sample_params(), jobs=jobs)
