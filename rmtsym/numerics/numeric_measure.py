r"""Measures given numerically (a density and atoms): :class:`NumericMeasure` and its base.

Moments, Stieltjes transform and cdf by tanh-sinh quadrature at guard digits.

Precision: a public method converts its input in a private context
(``_context(dps)``) and rounds its result once to ``dps`` digits.  The
density is a *user callable written with mpmath functions* (``mpmath.sqrt``,
``mpmath.pi``: bound to the global context), and subclasses (e.g. the mask
laws of :mod:`rmtsym.gaussian.pushforward`) override the hooks
``_cauchy(w, wp)``, ``_moments_wp(n, wp)``, ``_ac_intervals(wp)`` with that
contract; so the quadratures run inside a scoped ``mpmath.workdps(wp)`` block
whose precision is *set* from ``dps`` at the boundary (never inherited from
the caller): the result depends on neither ``mpmath.mp.dps`` nor the call
history.  These blocks are the one documented use of the global context in
:mod:`rmtsym.numerics`.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence, cast

import operator

import mpmath

from ..core.errors import ConvergenceError, RmtsymError
from ..core.types import (Atom, ComplexPoints, ComplexResult, Interval, MpReal, RealInput, RealPoints,
                          RealResult)
from ..core.precision import INNER_GUARD, ROUND_GUARD
from ..core.precision import to_global
from ._common import _GUARD, _check_dps, _context, _is_seq, _round, _to_mpc, _to_real

__all__ = ["NumericMeasure"]



def _is_numeric_measure(mu):
    return isinstance(mu, _NumericBase)


class _NumericBase:
    """Common base of the measures given numerically (no polynomial)."""

    label: str | None = None

    def _density1(self, x, dps):   # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def density(self, x: RealPoints, dps: int = 30, error: bool = False) -> RealResult:
        dps = _check_dps(dps)
        if _is_seq(x):
            return self._density_grid(list(cast(Sequence[RealInput], x)), dps, error)
        with _context(dps) as ctx:
            xv = to_global(_to_real(x, "x", ctx))
        v, e = self._density1(xv, dps)
        return (v, e) if error else v

    def _density_grid(self, xs, dps, error):
        out = []
        with _context(dps) as ctx:
            for k, x in enumerate(xs):
                xv = to_global(_to_real(x, f"x[{k}]", ctx))
                out.append(self._density1(xv, dps))
            return out if error else [v for v, _ in out]

    def __repr__(self):
        return f"{type(self).__name__}({self.label!r})"

    def _latex(self, printer=None):
        return r"\mu_{\mathrm{" + _latex_text(self.label) + "}}"

    def _repr_latex_(self):
        return "$" + self._latex() + "$"


def _latex_text(label):
    """A label as text inside \\mathrm{...}: LaTeX's special characters escaped."""
    out = str(label)
    for a, b in (("\\", r"\backslash "), ("_", r"\_"), ("%", r"\%"), ("&", r"\&"), ("#", r"\#"),
                 ("$", r"\$"), ("{", r"\{"), ("}", r"\}"), ("^", r"\^{}"), ("~", r"\~{}"),
                 (" ", r"\ ")):
        out = out.replace(a, b)
    return out


def _interval_list(support, name="support"):
    if not isinstance(support, (list, tuple)):
        raise RmtsymError(f"{name} must be a list of (a, b) intervals, got {support!r}")
    out = []
    for iv in support:
        if not isinstance(iv, (list, tuple)) or len(iv) != 2:
            raise RmtsymError(f"{name} must be a list of (a, b) intervals, got {iv!r}")
        a, b = iv
        a = -mpmath.inf if a in (-mpmath.inf, float("-inf")) else _to_real(a, f"{name} endpoint")
        b = mpmath.inf if b in (mpmath.inf, float("inf")) else _to_real(b, f"{name} endpoint")
        if not a < b:
            raise RmtsymError(f"{name} intervals need a < b, got ({a}, {b})")
        out.append((a, b))
    return sorted(out)


class NumericMeasure(_NumericBase):
    r"""A probability measure given by a density (plus optional atoms).

    Parameters
    ----------
    density : callable
        ``density(x)`` for ``x`` an mpmath ``mpf``; evaluated inside a
        scoped ``mpmath.workdps(dps + GUARD_DIGITS)`` block (precision set
        from ``dps``, not inherited) and must use mpmath functions to be accurate.
    support : list of (a, b)
        Intervals of the absolutely continuous part (``mpmath.inf`` allowed).
    atoms : sequence of (location, mass), optional
    label : str, optional

    Notes
    -----
    Moments and the Stieltjes transform are computed by tanh-sinh
    quadrature (``mpmath.quad``) at ``dps`` plus guard digits; an error
    estimate above :math:`10^{-dps}` raises :class:`ConvergenceError`.
    The total mass is not normalised for you; :meth:`moments` gives it.

    Examples
    --------
    >>> import mpmath
    >>> from rmtsym.numerics import NumericMeasure
    >>> sc = NumericMeasure(lambda x: mpmath.sqrt(4 - x**2) / (2 * mpmath.pi), [(-2, 2)])
    >>> [mpmath.nstr(v, 12) for v in sc.moments(4, dps=20)]
    ['1.0', '0.0', '1.0', '0.0', '2.0']
    """

    def __init__(self, density: Callable[[Any], Any], support: Sequence, atoms: Sequence = (),
                 label: str | None = None, nonnegative: bool | None = None) -> None:
        if not callable(density):
            raise RmtsymError(f"density must be callable x -> value, got {type(density).__name__}")
        with mpmath.workdps(60):
            self._support = _interval_list(support)
            ats = []
            for item in atoms:
                if not isinstance(item, (list, tuple)) or len(item) != 2:
                    raise RmtsymError(f"atoms must be (location, mass) pairs, got {item!r}")
                loc, w = _to_real(item[0], "atom location"), _to_real(item[1], "atom mass")
                if w < 0:
                    raise RmtsymError(f"atom masses must be >= 0, got {w}")
                ats.append((loc, w))
        self._raw_support = list(support)
        self._raw_atoms = list(atoms)
        self._atoms = sorted(ats)
        self._rho = density
        self.label = label or "numeric"
        self.nonnegative = all(a >= 0 for a, _ in self._support) and \
            all(a >= 0 for a, _ in self._atoms)
        if nonnegative is not None:
            self.nonnegative = bool(nonnegative)

    # -- hooks a subclass may override (e.g. integrals in another variable) --
    def _ac_intervals(self, wp):
        """Intervals of the a.c. part at ``wp`` digits."""
        return self._intervals(wp)

    def _moments_wp(self, n, wp):
        """Full moments (atoms + a.c. part) at ``wp`` digits."""
        out = []
        with mpmath.workdps(wp):
            ivs, ats = self._ac_intervals(wp), self._atoms_at(wp)
            for k in range(n + 1):
                v = mpmath.fsum(w * a ** k for a, w in ats)
                for a, b in ivs:
                    v += self._quad(lambda x: x ** k * self._rho(x), a, b, wp - _GUARD + 2)[0]
                out.append(v)
        return out

    def _quad_cauchy(self, w, wp, with_error=False):
        """Cauchy transform ``G(w) = int mu(dx)/(w - x)`` and ``G'(w)`` by quadrature."""
        with mpmath.workdps(wp):
            w = mpmath.mpc(w)
            ivs, ats = self._ac_intervals(wp), self._atoms_at(wp)
            G = mpmath.fsum(wt / (w - a) for a, wt in ats)
            dG = mpmath.fsum(-wt / (w - a) ** 2 for a, wt in ats)
            err = mpmath.mpf(0)
            re = w.real
            for a, b in ivs:
                v, e = self._quad(lambda x: self._rho(x) / (w - x), a, b, wp - _GUARD + 2, [re])
                G += v
                err += e
                dG += self._quad(lambda x: -self._rho(x) / (w - x) ** 2, a, b,
                                 wp - _GUARD + 2, [re])[0]
        return (G, dG, err) if with_error else (G, dG)

    def _cauchy(self, w, wp, with_error=False):
        """``(G, G')`` at ``w``; default: quadrature of the density."""
        return self._quad_cauchy(w, wp, with_error)

    def _intervals(self, wp):
        with mpmath.workdps(wp):
            return _interval_list(self._raw_support)

    def _atoms_at(self, wp):
        with mpmath.workdps(wp):
            return sorted((_to_real(a, "atom"), _to_real(w, "mass")) for a, w in self._raw_atoms)

    def _inside(self, x):
        return any(a <= x <= b for a, b in self._support)

    def _quad(self, f, a, b, dps, pts=()):
        pts = [p for p in pts if a < p < b]
        v, e = mpmath.quad(f, [a] + pts + [b], error=True, maxdegree=10)
        if not e <= mpmath.mpf(10) ** (-dps) * (1 + abs(v)):
            raise ConvergenceError(f"quadrature did not reach {dps} digits (error estimate {mpmath.nstr(e, 3)})")
        return v, e

    def _density1(self, x, dps):
        if not self._inside(x):
            return mpmath.mpf(0), mpmath.mpf(0)
        with mpmath.workdps(dps + _GUARD):
            v = self._rho(x)
        return _round(v, dps), mpmath.mpf(0)

    def moments(self, n: int, dps: int = 30) -> list[MpReal]:
        """Moments ``[m_0..m_n]`` (quadrature plus atoms)."""
        dps = _check_dps(dps)
        n = operator.index(n)
        if n < 0:
            raise RmtsymError(f"n must be >= 0, got {n}")
        return [_round(v, dps) for v in self._moments_wp(n, dps + _GUARD)]

    def _m_and_dm(self, w, dps):
        """``m(w)`` and ``m'(w)`` at ``Im w != 0`` (or real w off the support)."""
        G, dG = self._cauchy(w, dps + _GUARD)[:2]
        return -G, -dG

    def stieltjes(self, z: ComplexPoints, dps: int = 30, error: bool = False) -> ComplexResult:
        """``m(z) = int mu(dx)/(x - z)`` by quadrature."""
        dps = _check_dps(dps)
        with _context(dps) as ctx:
            zv = to_global(_to_mpc(z, "z", ctx))
        with mpmath.workdps(dps + _GUARD):
            if mpmath.im(zv) == 0:
                x = mpmath.re(zv)
                if self._inside(x) or any(abs(a - x) == 0 for a, _ in self._atoms):
                    raise RmtsymError(f"z = {mpmath.nstr(x, 15)} lies on the support of the measure")
            m, _ = self._m_and_dm(zv, dps)
            if mpmath.im(zv) == 0:
                m = mpmath.re(m)
        v = _round(m, dps)
        return (v, mpmath.mpf(10) ** -dps) if error else v

    def support(self, dps: int | None = 30) -> list[Interval]:
        """Intervals of the absolutely continuous part."""
        if dps is None:
            return list(self._raw_support)
        dps = _check_dps(dps)
        return [(_round(a, dps), _round(b, dps)) for a, b in self._intervals(dps + ROUND_GUARD)]

    def atoms(self, dps: int = 30) -> list[Atom]:
        """Atoms as (location, mass)."""
        dps = _check_dps(dps)
        return [(_round(a, dps), _round(w, dps)) for a, w in self._atoms_at(dps + ROUND_GUARD)]

    def cdf(self, x: RealPoints, dps: int = 30) -> RealResult:
        """``mu((-inf, x])``."""
        dps = _check_dps(dps)
        with _context(dps) as ctx:
            xv = to_global(_to_real(x, "x", ctx))
        with mpmath.workdps(dps + _GUARD):
            v = mpmath.fsum(w for a, w in self._atoms_at(dps + _GUARD) if a <= xv)
            for a, b in self._intervals(dps + _GUARD):
                if xv > a:
                    v += self._quad(self._rho, a, min(b, xv), dps + INNER_GUARD)[0]
        return _round(v, dps)
