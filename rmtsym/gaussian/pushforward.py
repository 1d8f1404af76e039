r"""Push-forward laws of Gaussian variables: the law nu_K of sigma_w^2 phi'(h)^2,
h ~ N(0, q) (Pastur's mask law), and the law classes it returns.

Exact atoms for piecewise-linear phi, closed-form change-of-variables
densities for tanh, sigmoid, erf, cos and sin, and the general inversion of
:mod:`rmtsym.gaussian._inversion` otherwise; the moments also directly as
Gaussian integrals (:func:`mask_law_moments`, the independent route).  No numpy.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import sympy as sp

from .activations import x
from ._engine import (_GUARD, _Consts, _as_activation, _cdf, _check_dps, _check_positive,
                      _positive_dummies, _quad, _round, _sym, _tidy, MAX_GAUSSIAN_ORDER)
from ._inversion import _Inversion
from .integrals import gaussian_expectation
from ..core.errors import ConvergenceError, RmtsymError
from ..core import numbers as _numbers
from ._engine import ActivationLike, NumberLike, Value

__all__ = ["mask_law", "mask_law_moments", "DiscreteLaw", "ChangeOfVariablesLaw"]


# ---------------------------------------------------------------------------
# the law nu_K of sigma_w^2 phi'(h)^2
# ---------------------------------------------------------------------------
class DiscreteLaw:
    r"""A finite discrete law with exact (possibly irrational) weights.

    Returned by :func:`mask_law` only when :func:`rmtsym.laws.atoms` cannot
    hold the weights: a symbolic variance q (erf of a symbol cannot be lifted
    to an exact constant) or inexact (float/mpf) inputs.  For exact numeric q,
    hardtanh's weight p = erf(1/sqrt(2q)) is carried exactly by ``atoms``.

    Parameters
    ----------
    weights : dict
        ``{location: weight}``, SymPy numbers or expressions summing to 1.
    label : str, optional

    Examples
    --------
    >>> p = sp.erf(1 / sp.sqrt(3))
    >>> law = DiscreteLaw({0: 1 - p, 2: p})
    >>> law.moments(2)
    [1, 2*erf(sqrt(3)/3), 4*erf(sqrt(3)/3)]
    """

    nonnegative = True

    def __init__(self, weights: dict[Any, Any], label: str | None = None) -> None:
        self.weights = {_sym(k, "location"): _sym(v, "weight") for k, v in weights.items()}
        self.label = label

    def __repr__(self):
        return f"DiscreteLaw({self.label or self.weights})"

    def moments(self, n: int, dps: int | None = None) -> list[Value]:
        """[m_0 .. m_n]: exact, or mpf to dps digits."""
        ms = [_tidy(sp.Add(*[w * loc**k for loc, w in self.weights.items()]))
              for k in range(n + 1)]
        if dps is None:
            return ms
        with mpmath.workdps(dps):
            return [mpmath.mpf(sp.N(m, dps + 5)) for m in ms]

    def atoms(self, dps: int = 30) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
        """[(location, mass)] as mpf."""
        with mpmath.workdps(dps):
            return [(mpmath.mpf(sp.N(k, dps + 5)), mpmath.mpf(sp.N(v, dps + 5)))
                    for k, v in self.weights.items() if v != 0]

    def support(self, dps: int = 30) -> list[tuple[Any, Any]]:
        """Empty list: no absolutely continuous part."""
        return []

    def density(self, y: NumberLike, dps: int = 30) -> mpmath.mpf:
        """0: a discrete law has no density."""
        return _round(mpmath.mpf(0), dps)

    def stieltjes(self, z: complex | mpmath.mpc, dps: int = 30) -> mpmath.mpc:
        """m(z) = sum_i w_i / (x_i - z) (docs/conventions.md convention)."""
        with mpmath.workdps(dps + _GUARD):
            z = mpmath.mpmathify(z)
            v = mpmath.fsum(w / (loc - z) for loc, w in self.atoms(dps + _GUARD))
        with mpmath.workdps(dps):
            return +v

    def cdf(self, y: NumberLike, dps: int = 30) -> mpmath.mpf:
        """P(Y <= y)."""
        with mpmath.workdps(dps + _GUARD):
            y = mpmath.mpf(y)
            v = mpmath.fsum(w for loc, w in self.atoms(dps + _GUARD) if loc <= y)
        return _round(v, dps)

    def as_parametric(self, symbol: sp.Symbol | None = None) -> tuple[Any, dict[sp.Symbol, sp.Expr]]:
        """The same law as :func:`rmtsym.laws.atoms` with weights of a 2-atom law
        replaced by a symbol ``p`` (returns (measure, {p: value}))."""
        from ..laws.named import atoms
        if len(self.weights) != 2:
            raise RmtsymError("as_parametric: needs exactly two atoms")
        p = symbol or sp.Symbol("p", positive=True)
        (l0, w0), (l1, w1) = sorted(self.weights.items(), key=lambda kv: sp.N(kv[0]))
        return atoms({l0: 1 - p, l1: p}), {p: w1}


class ChangeOfVariablesLaw:
    r"""A law given by a density on intervals (fallback of ``NumericMeasure``).

    Parameters
    ----------
    density : callable
        ``density(y)`` for an mpf y, evaluated at the caller's precision.
    support : list of (a, b)
        Intervals carrying the density.
    atoms : sequence of (location, mass), optional
    label : str, optional
    intervals : callable, optional
        ``intervals()`` -> [(a, b)] at the caller's precision: the support cut
        at the break points of the density (critical values of the change of
        variables, where it has integrable singularities).  Quadrature runs
        over these pieces; default: the support intervals.
    target : callable, optional
        ``target(dps)`` -> context manager entered around each integral to
        dps digits (lets the density drop Gaussian mass below that level).

    Notes
    -----
    Used by :func:`mask_law` only when :class:`rmtsym.numerics.NumericMeasure`
    is not available (it has the subset of its interface needed here), and
    by the ``density_*`` methods of the law it returns (integrals of the
    density itself, the independent route).  An interval [a, b] starting at
    or very near 0 (a < 10^-6 (b - a)) is integrated in u = log((b-a)/(y-a)),
    where mass at astronomically small y is resolved.
    """

    nonnegative = True

    def __init__(self, density: Callable[[mpmath.mpf], mpmath.mpf], support: Sequence[tuple[Any, Any]],
                 atoms: Sequence[tuple[Any, Any]] = (), label: str | None = None,
                 intervals: Callable[[], list[tuple[Any, Any]]] | None = None,
                 target: Callable[[int], Any] | None = None) -> None:
        self._density = density
        self._support = list(support)
        self._atoms = list(atoms)
        self._intervals = intervals
        self._target = target
        self.label = label

    def __repr__(self):
        return f"ChangeOfVariablesLaw({self.label})"

    def density(self, y: NumberLike, dps: int = 30) -> mpmath.mpf:
        """Density at y (mpf, dps digits)."""
        with mpmath.workdps(dps + _GUARD):
            return _round(self._density(mpmath.mpf(y)), dps)

    def support(self, dps: int = 30) -> list[tuple[Any, Any]]:
        """The support intervals."""
        return list(self._support)

    def atoms(self, dps: int = 30) -> list[tuple[Any, Any]]:
        """The atoms (none for a smooth activation)."""
        return list(self._atoms)

    def _integrate(self, g, dps, upto=None):
        """sum over the support (cut at ``upto``) of int g(y) density(y) dy, plus atoms."""
        with (self._target(dps) if self._target is not None else contextlib.nullcontext()):
            return self._integrate_target(g, dps, upto)

    def _integrate_target(self, g, dps, upto):
        tot = mpmath.mpf(0)
        ivs = self._intervals() if self._intervals is not None else self._support
        for a, b in ivs:
            a, b = mpmath.mpf(a), mpmath.mpf(b)
            if upto is not None:
                if upto <= a:
                    continue
                b = min(b, upto)
            if a >= 0 and mpmath.isfinite(b) and a <= (b - a) * mpmath.mpf(10)**-6:
                # mass may sit at astronomically small y - a (log y is
                # Gaussian-like): integrate in u = log((b - a)/(y - a))
                def f(u, a=a, b=b):
                    t = (b - a) * mpmath.exp(-u)
                    y = a + t
                    return t * g(y) * self._density(y)
                v, _ = _quad(f, [0, 1, 8, 64, mpmath.inf], dps)
            else:
                pts = [a, (a + b) / 2, b] if mpmath.isfinite(b - a) else [a, b]
                v, _ = _quad(lambda y: g(y) * self._density(y), pts, dps)
            tot += v
        for loc, w in self._atoms:
            if upto is None or loc <= upto:
                tot += mpmath.mpf(w) * g(mpmath.mpf(loc))
        return tot

    def stieltjes(self, z: complex | mpmath.mpc, dps: int = 30) -> mpmath.mpc:
        """m(z) = int density(y) / (y - z) dy, z off the support."""
        with mpmath.workdps(2 * dps + _GUARD):
            z = mpmath.mpmathify(z)
            v = self._integrate(lambda y: 1 / (y - z), dps)
        with mpmath.workdps(dps):
            return +v

    def cdf(self, y: NumberLike, dps: int = 30) -> mpmath.mpf:
        """P(Y <= y) by quadrature."""
        with mpmath.workdps(2 * dps + _GUARD):
            v = self._integrate(lambda y: 1, dps, upto=mpmath.mpf(y))
        return _round(v, dps)

    def density_moments(self, n: int, dps: int = 30) -> list[mpmath.mpf]:
        """Same as :meth:`moments` (both integrate the density)."""
        return self.moments(n, dps)

    def moments(self, n: int, dps: int = 30) -> list[mpmath.mpf]:
        """[m_0 .. m_n] by tanh-sinh quadrature of the density."""
        # An inverse-square-root edge singularity loses half the working
        # digits to the rounding of nodes next to the edge: work at 2 dps.
        out = []
        with mpmath.workdps(2 * dps + _GUARD):
            for k in range(n + 1):
                tot = self._integrate(lambda y, k=k: y**k, dps)
                out.append(_round(tot, dps))
        return out


def _sech4_density(S, Q):
    r"""Density of Y = S sech^4(u), u ~ N(0, Q), on (0, S].

    Two preimages +-a, a = arccosh((S/y)^{1/4}); |dY/du| = 4 y tanh a
    = 4 y sqrt(1 - sqrt(y/S)); so
    f(y) = 2 N(a; 0, Q) / (4 y sqrt(1 - sqrt(y/S))).
    Integrable singularity (1 - y/S)^{-1/2} at the top y = S.
    """
    c = _Consts(S=S, Q=Q)

    def dens(y):
        k = c.get()
        if y <= 0 or y >= k["S"]:
            return mpmath.mpf(0)     # the edge itself: measure zero (density infinite)
        r = y / k["S"]
        a = mpmath.acosh(r**mpmath.mpf(-0.25))
        gauss = mpmath.exp(-a * a / (2 * k["Q"])) / mpmath.sqrt(2 * mpmath.pi * k["Q"])
        return 2 * gauss / (4 * y * mpmath.sqrt(1 - mpmath.sqrt(r)))
    return dens


def _gauss_bump_density(S, q):
    r"""Density of Y = S exp(-2 h^2), h ~ N(0, q), on (0, S].

    a = sqrt(log(S/y)/2), |dY/dh| = 4 a y:
    f(y) = 2 N(a; 0, q) / (4 a y) = (y/S)^{1/(4q)} / (2 a y sqrt(2 pi q)).
    Singularity log(S/y)^{-1/2} at y = S (integrable).
    """
    c = _Consts(S=S, q=q)

    def dens(y):
        k = c.get()
        if y <= 0 or y >= k["S"]:
            return mpmath.mpf(0)     # the edge itself: measure zero (density infinite)
        a = mpmath.sqrt(mpmath.log(k["S"] / y) / 2)
        return (y / k["S"])**(1 / (4 * k["q"])) / (2 * a * y * mpmath.sqrt(2 * mpmath.pi * k["q"]))
    return dens


def _trig_density(S, q, kind):
    r"""Density of Y = S sin^2(h) (kind "sin") or S cos^2(h) ("cos"), h ~ N(0, q).

    Preimages of y in (0, S): h = +-a + k pi (k in Z), a = arcsin(sqrt(y/S))
    (arccos for "cos"), all with |dY/dh| = S |sin 2h| = 2 sqrt(y (S - y)):

    f(y) = sum_k [N(a + k pi) + N(-a + k pi)] / (2 sqrt(y (S - y))),

    N the N(0, q) density; the sum is cut where its terms fall below the
    working precision.  Arcsine-type singularities at both ends.
    """
    c = _Consts(S=S, q=q)

    def dens(y):
        k = c.get()
        if y <= 0 or y >= k["S"]:
            return mpmath.mpf(0)     # the edges: measure zero (density infinite)
        r = mpmath.sqrt(y / k["S"])
        a = mpmath.asin(r) if kind == "sin" else mpmath.acos(r)
        hcut = mpmath.sqrt(2 * k["q"] * (mpmath.mp.dps + 10) * mpmath.log(10))
        kmax = int((hcut + mpmath.pi) / mpmath.pi)
        tot = mpmath.mpf(0)
        for j in range(-kmax, kmax + 1):
            for h in (a + j * mpmath.pi, -a + j * mpmath.pi):
                if abs(h) <= hcut:
                    tot += mpmath.exp(-h * h / (2 * k["q"]))
        tot /= mpmath.sqrt(2 * mpmath.pi * k["q"])
        return tot / (2 * mpmath.sqrt(y * (k["S"] - y)))
    return dens


def mask_law(act: ActivationLike, q: NumberLike, sigma_w2: NumberLike = 1) -> Any:
    r"""The law nu_K of sigma_w^2 phi'(h)^2 for h ~ N(0, q).

    Parameters
    ----------
    act : Activation, str or sympy.Expr
        The activation phi.
    q : number or positive sympy expression (or mpmath.mpf)
        Variance of the pre-activation h (e.g. ``mean_field(...).q_star``).
    sigma_w2 : number, optional
        Weight variance sigma_w^2 (default 1).

    Returns
    -------
    AlgebraicMeasure, DiscreteLaw, NumericMeasure or ChangeOfVariablesLaw
        * phi' piecewise constant (linear, relu, leaky relu, abs, hardtanh,
          any piecewise-linear phi): the exact atoms law
          sum_i P(h in I_i) delta_{sigma_w^2 c_i^2} from
          :func:`rmtsym.laws.atoms` (relu: Bernoulli(1/2) on {0, sigma_w^2};
          hardtanh: p = P(abs(h) < 1) = erf(1/sqrt(2q)) at sigma_w^2, 1 - p at
          0, the irrational weight carried as an exact constant of the
          measure, see ``law.constants``).  A :class:`DiscreteLaw` with the
          same exact weights only where ``atoms`` cannot hold them: a
          symbolic q (erf of a symbol) or an inexact (Float) q or sigma_w2.
        * smooth phi: a ``NumericMeasure`` (:mod:`rmtsym.numerics`; a
          :class:`ChangeOfVariablesLaw` when that is not importable) whose
          density is the exact change of variables y = sigma_w^2 phi'(h)^2:
          closed form for tanh, sigmoid (sech^4 family), erf (Gaussian
          bump), cos and sin (all preimages +-a + k pi summed); for any
          other smooth phi (gelu, silu, softplus, cos(2x), user
          expressions) the sum over all preimages, the line cut into
          monotone pieces at the critical points of phi'^2 (see
          ``_Inversion``), with the critical values passed to the
          quadrature as break points.  Its moments and Stieltjes transform
          are Gaussian integrals in h; ``density_moments``,
          ``density_stieltjes`` and ``cdf`` integrate the density in y.

    Raises
    ------
    RmtsymError
        q <= 0 or sigma_w2 <= 0; phi not differentiable (jump); a piecewise
        phi with non-constant pieces of phi'; a smooth phi whose phi'^2 is
        constant on an interval (an atom, not implemented).
    ConvergenceError
        Critical points of phi'^2 closer than the scan grid (1/64), or a
        sign of phi' lost to cancellation even at 240 digits.

    Notes
    -----
    Seed 000_f11574a8ed5d65a0.txt (Pastur): K = D_l^2 with
    D_l = diag phi'(h^l), and nu_K its limiting eigenvalue law, entering
    system (I); Fig. 2a plots its density for several phi.  Pastur's
    normalisation is W = n^{-1/2} X with unit-variance X; a weight variance
    sigma_w^2 is moved onto the mask, hence the factor sigma_w^2 here.

    For tanh, Y = sigma_w^2 sech^4(h): with a = arccosh((sigma_w^2/y)^{1/4})
    (two preimages +-a),

    .. math::

        f_Y(y) = \frac{2\,e^{-a^2/(2q)}/\sqrt{2\pi q}}
                      {4 y \sqrt{1 - \sqrt{y/\sigma_w^2}}},
        \qquad 0 < y < \sigma_w^2,

    with an integrable (sigma_w^2 - y)^{-1/2} singularity at the top.
    The mean of nu_K is chi / 1 = sigma_w^2 E phi'(h)^2 (:func:`mean_field`).

    Examples
    --------
    >>> mask_law("relu", 2, sigma_w2=3).moments(2)
    [1, 3/2, 9/2]
    >>> law = mask_law("hardtanh", sp.Rational(1, 2))
    >>> law.moments(2)
    [1, erf(1), erf(1)]
    >>> print(mpmath.nstr(law.cdf(sp.Rational(1, 2), dps=15), 10))    # 1 - erf(1)
    0.1572992071
    >>> nu = mask_law("gelu", 2, sigma_w2=sp.Rational(3, 2))          # several preimages
    >>> print(mpmath.nstr(nu.moments(1, dps=10)[1], 8))
    0.73426791
    >>> sp.N(mask_law_moments("gelu", 2, 1, sigma_w2=sp.Rational(3, 2))[1], 8)
    0.73426791
    >>> nu = mask_law("tanh", sp.Rational(1, 2), sigma_w2=2)
    >>> print(mpmath.nstr(nu.moments(1, dps=10)[1], 8))
    1.1848516
    """
    act = _as_activation(act)
    q = _check_positive(q, "q")
    sw = _check_positive(sigma_w2, "sigma_w2")
    d = act.derivative()
    pieces = d.pieces()
    if all(not ex.has(x) for ex, _ in pieces):
        qq, back = _positive_dummies(q)
        rq = sp.sqrt(qq)
        weights: dict[Any, Any] = {}
        for ex, iv in pieces:
            a = iv.start if iv.start.is_infinite else iv.start / rq
            b = iv.end if iv.end.is_infinite else iv.end / rq
            loc = sp.simplify(sw * ex**2)
            weights[loc] = weights.get(loc, 0) + _cdf(b) - _cdf(a)
        weights = {k: _tidy(v).xreplace(back) for k, v in weights.items()}
        weights = {k: v for k, v in weights.items() if v != 0}
        label = f"nu_K({act.name}, q={q}, sigma_w2={sw})"
        if not any(v.has(sp.Float) for kv in weights.items() for v in kv):
            from ..laws.named import atoms
            try:
                # exact weights, rational or not (hardtanh's erf(1/sqrt(2q)) is
                # carried by atoms() as an exact constant)
                return atoms(weights)
            except RmtsymError:
                # a non-polynomial function of a symbol (symbolic q), which
                # atoms() cannot carry: keep the exact weights ourselves
                pass
        return DiscreteLaw(weights, label=label)
    if any(not ex.has(x) for ex, _ in pieces) or len(pieces) > 1:
        raise RmtsymError(f"mask_law: {act.name} is piecewise with non-constant pieces of "
                          f"phi'; not implemented")
    g = sw * d.expr**2
    inv = None
    name = act.name if not act.params else None
    reg = {"tanh": sp.tanh(x), "sigmoid": 1 / (1 + sp.exp(-x)), "erf": sp.erf(x),
           "cos": sp.cos(x), "sin": sp.sin(x)}
    if name in reg and act.expr == reg[name]:
        if name == "tanh":
            dens, top = _sech4_density(sw, q), sw
        elif name == "sigmoid":
            dens, top = _sech4_density(sw / 16, q / 4), sw / 16
        elif name == "erf":
            dens, top = _gauss_bump_density(4 * sw / sp.pi, q), 4 * sw / sp.pi
        else:                            # cos' ^2 = sin^2, sin' ^2 = cos^2
            dens, top = _trig_density(sw, q, "sin" if name == "cos" else "cos"), sw
        support = [(sp.S.Zero, top)]
    else:
        if d.free_parameters:
            raise RmtsymError(f"mask_law: substitute the parameters of {act.name} first")
        inv = _Inversion(d.expr, sw, q, act.name)
    label = f"nu_K({act.name}, q={q}, sigma_w2={sw})"
    gfun = sp.lambdify(x, g, "mpmath")
    cls = _mask_measure_class()
    if inv is not None:
        with mpmath.workdps(60):
            sup_num = inv.support()
        if cls is None:
            return ChangeOfVariablesLaw(inv.density, sup_num, atoms=(), label=label,
                                        intervals=inv.intervals, target=inv.target)
        return cls(inv.density, sup_num, gfun, q, label, inversion=inv)
    sup_num = [(_sup_num(a), _sup_num(b)) for a, b in support]
    if cls is None:
        return ChangeOfVariablesLaw(dens, sup_num, atoms=(), label=label)
    return cls(dens, sup_num, gfun, q, label)


_MASK_CLASS: list[type] = []


def _mask_measure_class():
    """``MaskLaw``, a NumericMeasure subclass, built on first use (lazy import)."""
    if _MASK_CLASS:
        return _MASK_CLASS[0]
    try:
        from ..numerics import NumericMeasure
    except ImportError:
        return None

    class MaskLaw(NumericMeasure):
        r"""nu_K as a ``NumericMeasure`` whose integrals are Gaussian integrals.

        The density is the exact change of variables y = g(h) =
        sigma_w^2 phi'(h)^2 (see :func:`mask_law`).  Integrals against the
        law are computed in the Gaussian variable instead,
        int f dnu_K = E f(g(sqrt(q) xi)): the integrand is then smooth (the
        density's edge singularities and its mass at astronomically small y,
        e.g. erf at large q, are invisible), so moments and the Cauchy
        transform reach full precision.  Near the real axis inside the
        support the xi-integral is split at the preimages of Re w; where the
        pole of 1/(w - g) is too close to the real line for that, the path
        goes round it (:meth:`_detour_path`), so m(x + i eps) stays exact as
        eps -> 0 (e.g. MP ⊠ nu_K(tanh) near 0, where Re w is tiny).
        """

        def __init__(self, density, support, g, q, label, inversion=None):
            super().__init__(density, support, atoms=(), label=label, nonnegative=True)
            self._g = g
            self._qc = _Consts(q=q)
            self._inv = inversion
            self._cov = ChangeOfVariablesLaw(
                density, support, label=label,
                intervals=inversion.intervals if inversion is not None else None,
                target=inversion.target if inversion is not None else None)

        def _intervals(self, wp):
            if self._inv is None:
                return super()._intervals(wp)
            with mpmath.workdps(wp):
                return self._inv.support()

        def _ac_intervals(self, wp):
            # the support cut at the critical values (density singularities)
            if self._inv is None:
                return super()._ac_intervals(wp)
            with mpmath.workdps(wp):
                return self._inv.intervals()

        def _gauss(self, f, wp, splits=(), path=None):
            with mpmath.workdps(wp):
                rq = mpmath.sqrt(self._qc.get()["q"])
                g = self._g

                def F(t):
                    return f(g(rq * t)) * mpmath.exp(-t * t / 2)
                if path is None:
                    pts = sorted(set([mpmath.mpf(0)] + list(splits)))
                    pts = [-mpmath.inf] + pts + [mpmath.inf]
                else:
                    pts = list(path)
                v, e = _quad(F, pts, wp - 5)
                c = 1 / mpmath.sqrt(2 * mpmath.pi)
                return v * c, e * c

        def _moments_wp(self, n, wp):
            return [self._gauss(lambda y, k=k: y**k, wp)[0] for k in range(n + 1)]

        def _detour_path(self, w, splits, wp):
            r"""The integration path of :meth:`_gauss` for ``1/(w - g)`` with
            ``w`` near the support: the real line, with the segment
            :math:`[t_0 - r, t_0 + r]` round each split :math:`t_0`
            (:math:`g(\sqrt{q}\,t_0) = \mathrm{Re}\,w`) replaced by three sides
            of a square on the side away from the pole.

            The integrand :math:`e^{-t^2/2}/(w - g(\sqrt q\, t))` is analytic
            in ``t`` except at the solutions of :math:`g = w` and the
            singularities of ``g``; the pole near :math:`t_0` sits at
            :math:`t^* \approx t_0 + i\,\mathrm{Im}\,w / g'(t_0)`, so
            :math:`\mathrm{sign}\,\mathrm{Im}\,t^* =
            \mathrm{sign}(\mathrm{Im}\,w\, g'(t_0))` and the square on the
            other side encloses no singularity (Cauchy's theorem: same
            integral) once ``r`` is below a quarter of the distance to the next
            split and to the complex singularities of ``g`` (taken at
            :math:`|\mathrm{Im}\,h| \ge \pi/2`, those of tanh and sigmoid
            derivatives).  On the square the integrand stays a distance of
            order ``r`` from the pole, however small ``Im w`` is."""
            with mpmath.workdps(wp):
                rq = mpmath.sqrt(self._qc.get()["q"])
                pts = sorted(set([mpmath.mpf(0)] + [mpmath.mpf(t) for t in splits]))
                out = [-mpmath.inf]
                for i, t0 in enumerate(pts):
                    gaps = [abs(t0 - pts[j]) for j in (i - 1, i + 1) if 0 <= j < len(pts)]
                    r = min([mpmath.mpf(1) / 4, mpmath.pi / (8 * rq)] + [d / 4 for d in gaps])
                    dg = mpmath.diff(lambda t: self._g(rq * t), t0) if t0 in splits else 0
                    if dg == 0 or w.imag == 0:
                        out.append(t0)
                        continue
                    side = -1 if (w.imag > 0) == (dg > 0) else 1     # away from Im t*
                    out += [t0 - r, mpmath.mpc(t0 - r, side * r), mpmath.mpc(t0 + r, side * r), t0 + r]
                return out + [mpmath.inf]

        def _preimages(self, y0, wp):
            """Points t with g(sqrt(q) t) = y0 (grid scan + bisection, 20 digits)."""
            if self._inv is not None:
                with mpmath.workdps(wp):
                    rq = mpmath.sqrt(self._qc.get()["q"])
                    return [h / rq for h in self._inv.preimages(mpmath.mpf(y0))]
            with mpmath.workdps(20):
                rq = mpmath.sqrt(self._qc.get()["q"])
                T = mpmath.sqrt(2 * (wp + 5) * mpmath.log(10))
                N = 512
                ts = [-T + 2 * T * i / N for i in range(N + 1)]
                vals = [self._g(rq * t) - y0 for t in ts]
                out = []
                for (t1, v1), (t2, v2) in zip(zip(ts, vals), zip(ts[1:], vals[1:])):
                    if v1 == 0:
                        out.append(t1)
                    elif v1 * v2 < 0:
                        a, b, va = t1, t2, v1
                        for _ in range(50):
                            m = (a + b) / 2
                            vm = self._g(rq * m) - y0
                            if (vm < 0) == (va < 0):
                                a, va = m, vm
                            else:
                                b = m
                        out.append((a + b) / 2)
            with mpmath.workdps(wp):
                return [mpmath.mpf(t) for t in out]

        def _cauchy(self, w, wp, with_error=False):
            with mpmath.workdps(wp):
                w = mpmath.mpc(w)
                splits = ()
                for a, b in self._ac_intervals(wp):
                    if a < w.real < b and abs(w.imag) < (b - a if mpmath.isfinite(b - a)
                                                         else 1):
                        splits = self._preimages(w.real, wp)
                try:
                    G, e = self._gauss(lambda y: 1 / (w - y), wp, splits)
                    dG, _ = self._gauss(lambda y: -1 / (w - y)**2, wp, splits)
                except ConvergenceError:
                    if not splits:
                        raise
                    try:
                        # the pole of 1/(w - g) lies within about Im w / g' of a
                        # split: integrate round it on the other side
                        path = self._detour_path(w, splits, wp)
                        G, e = self._gauss(lambda y: 1 / (w - y), wp, path=path)
                        dG, _ = self._gauss(lambda y: -1 / (w - y)**2, wp, path=path)
                    except ConvergenceError:
                        # the density-based quadrature of the base class,
                        # regularised at Re w
                        return self._quad_cauchy(w, wp, with_error)
            return (G, dG, e) if with_error else (G, dG)

        def cdf(self, x: NumberLike, dps: int = 30) -> mpmath.mpf:
            """P(Y <= x), integrating the density in log scale at 2 dps."""
            return self._cov.cdf(x, dps)

        def density_moments(self, n: int, dps: int = 30) -> list[mpmath.mpf]:
            """[m_0 .. m_n] by quadrature of the density itself (an
            independent check of the change of variables; slower)."""
            return self._cov.moments(n, dps)

        def density_stieltjes(self, z: complex | mpmath.mpc, dps: int = 30) -> mpmath.mpc:
            """m(z) by quadrature of the density itself (z off the support;
            the independent check of :meth:`stieltjes`; slower)."""
            return self._cov.stieltjes(z, dps)

    MaskLaw.__module__ = __name__
    _MASK_CLASS.append(MaskLaw)
    return MaskLaw


def _sup_num(v):
    v = sp.sympify(v)
    if v == sp.oo:
        return mpmath.inf
    if v.is_Rational:
        return v
    with mpmath.workdps(100):          # an mpf keeps the precision it was made at
        return mpmath.mpf(sp.N(v, 105))


def mask_law_moments(act: ActivationLike, q: NumberLike, n: int, sigma_w2: NumberLike = 1,
                     dps: int | None = None) -> list[Value]:
    r"""Moments E[(sigma_w^2 phi'(h)^2)^k], k = 0..n, h ~ N(0, q), directly.

    Parameters
    ----------
    act : Activation, str or sympy.Expr
    q : number or positive sympy expression
    n : int
    sigma_w2 : number, optional
    dps : int or None, optional

    Returns
    -------
    list
        The moments of nu_K as Gaussian integrals (the independent route to
        the moments of :func:`mask_law`).

    Examples
    --------
    >>> mask_law_moments("hardtanh", 1, 2, sigma_w2=2)
    [1, 2*erf(sqrt(2)/2), 4*erf(sqrt(2)/2)]
    """
    act = _as_activation(act)
    n = _numbers.order(n, "n", maximum=MAX_GAUSSIAN_ORDER)
    dps = _check_dps(dps)
    sw = _check_positive(sigma_w2, "sigma_w2", symbolic=dps is None)
    out = [sp.S.One if dps is None else _round(mpmath.mpf(1), dps)]
    for k in range(1, n + 1):
        v = gaussian_expectation(act, q, dps, power=2 * k, derivative=1)
        if dps is None:
            out.append(_tidy(sw**k * v))
        else:
            with mpmath.workdps(dps + _GUARD):
                out.append(_round(mpmath.mpf(sp.N(sw**k, dps + _GUARD)) * v, dps))
    return out
