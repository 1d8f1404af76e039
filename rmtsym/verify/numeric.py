"""Numeric checks: high-precision values compared to stated digits (NUMERIC)."""

from __future__ import annotations

import sympy

from typing import Any, Callable

from ..core.measure import M, Z
from ..core.errors import require
from ..core.precision import (CHECK_RERUN_GUARD, COMPARE_GUARD, QUAD_CHECK_GUARD, QUAD_GUARD,
                              ROOT_EXTRAPREC_FACTOR, ROUND_GUARD, to_mp, working_context)
from .model import Check, CheckResult, Level

__all__ = ['numeric_values', 'quad_moments_check', 'stieltjes_root_check', 'stieltjes_series_check',
           'measure_moments_check']


# ---------------------------------------------------------------------------
# numeric comparisons
# ---------------------------------------------------------------------------

def numeric_values(name: str, fn: Callable[[Any, int], list], digits: int = 20, dps: int = 30,
                   description: str = "",
                   label: str | None = None) -> Check:
    r"""Check high-precision values against references to ``digits`` digits.

    Parameters
    ----------
    name : str
    fn : callable
        ``fn(ctx, dps) -> list of (label, value, reference, error_estimate)``;
        values are mpmath numbers computed at ``dps`` digits, references exact
        or high precision, error estimates non-negative bounds on |value − true|.
    digits : int, optional
        Required digits of agreement: tolerance 10^{−digits}·max(1, |reference|).
    dps : int, optional
        Working precision passed to ``fn``.
    description : str, optional
    label : str, optional
        Display form of ``name`` in the prose rule (:attr:`rmtsym.verify.model.Check.label`);
        ``name`` stays the key.

    Returns
    -------
    Check
        Route ``numeric``: NUMERIC when every |value − reference| + error <=
        tolerance; REFUTED when some |value − reference| − error > tolerance;
        INCONCLUSIVE otherwise (the error estimate is too large to decide).

    Examples
    --------
    >>> from rmtsym.verify import Context
    >>> import mpmath
    >>> c = numeric_values("pi", lambda ctx, dps: [("pi", mpmath.mpf(355) / 113, sympy.pi, 0)], digits=3)
    >>> c.run(Context()).level
    <Level.NUMERIC: 'NUMERIC'>
    """
    require(isinstance(digits, int) and 0 < digits < dps,
            f"digits must be an integer in (0, dps), got {digits!r}")

    def run(ctx):
        rows = fn(ctx, dps)
        numbers, outcomes = [], []
        ctxm = working_context(dps, guard=COMPARE_GUARD)
        for label, value, ref, err in rows:
            v = ctxm.mpmathify(complex(value) if isinstance(value, complex) else value)
            r = ctxm.mpmathify(sympy.N(ref, dps + COMPARE_GUARD) if isinstance(ref, sympy.Basic) else ref)
            e = abs(ctxm.mpmathify(err))
            d = abs(v - r)
            tol = ctxm.mpf(10) ** (-digits) * max(1, abs(r))
            if d + e <= tol:
                out = True
            elif d - e > tol:
                out = False
            else:
                out = None
            outcomes.append(out)
            agree = -ctxm.log10(d / max(1, abs(r))) if d > 0 else ctxm.mpf(dps)
            numbers.append({"label": label, "value": ctxm.nstr(v, dps), "reference": ctxm.nstr(r, dps),
                            "difference": ctxm.nstr(d, 5), "tolerance": ctxm.nstr(tol, 3),
                            "error": ctxm.nstr(e, 3), "digits": ctxm.nstr(min(agree, dps), 4),
                            "outcome": {True: "agree", False: "disagree", None: "undecided"}[out]})
        rec = {"dps": dps, "digits": digits}
        tol_s = f"|value - reference| + error <= 1e-{digits} * max(1, |reference|)"
        if False in outcomes:
            k = outcomes.index(False)
            return CheckResult(name, "numeric", Level.REFUTED,
                               f"{numbers[k]['label']}: {numbers[k]['value'][:20]} vs reference "
                               f"{numbers[k]['reference'][:20]} (difference {numbers[k]['difference']})",
                               tol_s, numbers, rec)
        if None in outcomes:
            return CheckResult(name, "numeric", Level.INCONCLUSIVE,
                               "error estimate too large to decide", tol_s, numbers, rec)
        worst = min(float(n["digits"]) for n in numbers) if numbers else dps
        return CheckResult(name, "numeric", Level.NUMERIC,
                           f"{len(numbers)} values agree to >= {worst:.0f} digits", tol_s, numbers, rec)
    return Check(name, "numeric", run, description, label)

# ---------------------------------------------------------------------------
# check factories for measures (moved here from the claims' helpers)
# ---------------------------------------------------------------------------

def _num(x: Any, mp: Any) -> Any:
    """Any exact or float number as an mpf/mpc of the context ``mp`` (:func:`~rmtsym.core.precision.to_mp`)."""
    return to_mp(x, mp, "value")


def _mpctx(dps: int) -> Any:
    """A private mpmath context at ``dps`` digits (:func:`~rmtsym.core.precision.working_context`)."""
    return working_context(dps, guard=0)


def quad_moments_check(name: str, density_mp: Callable[[Any, Any], Any], breakpoints: list,
                       atoms: Any, exact: Callable[[Any, int], list], K: int = 6, digits: int = 20,
                       dps: int = 30, description: str = "",
                       label: str | None = None) -> Check:
    r"""NUMERIC: moments of a stated density (mpmath tanh-sinh quadrature) vs exact moments.

    ``density_mp(x, ctx)`` is the a.c. density in the mpmath context ``ctx``;
    ``breakpoints`` the interval ends and interior singular points; ``atoms``
    a list of (x, w); ``exact(ctx_verify, K)`` the exact moments [m_0..m_K].
    Each row's error estimate is the quadrature's own estimate plus the
    difference with a second quadrature at 10 more digits.
    """
    def fn(ctx, dps_):
        mp = _mpctx(dps_ + QUAD_GUARD)
        mp2 = _mpctx(dps_ + QUAD_CHECK_GUARD)
        ex = exact(ctx, K)
        rows = []
        for k in range(K + 1):
            v, e = mp.quad(lambda x, k=k: density_mp(x, mp) * x ** k,
                           [_num(b, mp) for b in breakpoints], error=True)
            v2 = mp2.quad(lambda x, k=k: density_mp(x, mp2) * x ** k,
                          [_num(b, mp2) for b in breakpoints])
            v = v + sum(_num(w, mp) * _num(x0, mp) ** k for x0, w in atoms)
            v2 = v2 + sum(_num(w, mp2) * _num(x0, mp2) ** k for x0, w in atoms)
            err = abs(e) + abs(v - v2)
            rows.append((f"$m_{{{k}}} = \\int x^{{{k}}} \\rho(dx)$ (quadrature)", v, ex[k], err))
        return rows
    return numeric_values(name, fn, digits=digits, dps=dps, description=description, label=label)


def stieltjes_root_check(name: str, P: Any, z0: complex, density_mp: Callable[[Any, Any], Any],
                         breakpoints: list, atoms: Any = (), digits: int = 20, dps: int = 30,
                         description: str = "",
                         label: str | None = None) -> Check:
    r"""NUMERIC: m(z₀) = ∫ ρ(dx)/(x − z₀) by quadrature vs the root of P(·, z₀) in the upper half plane.

    The root is taken with mpmath.polyroots at the working precision; the
    check is INCONCLUSIVE (not a pass) unless exactly one root has Im m > 0.
    """
    z0 = complex(z0)

    def fn(ctx, dps_):
        mp = _mpctx(dps_ + QUAD_GUARD)
        zz = mp.mpc(z0.real, z0.imag)
        bps = [_num(b, mp) for b in breakpoints]
        v, e = mp.quad(lambda x: density_mp(x, mp) / (x - zz), bps, error=True)
        for x0, w in atoms:
            v += _num(w, mp) / (_num(x0, mp) - zz)
        poly = sympy.Poly(sympy.sympify(P.as_expr() if isinstance(P, sympy.Poly) else P), M)
        coeffs = [mp.mpmathify(sympy.N(cf.subs(Z, sympy.nsimplify(z0.real) + sympy.I * sympy.nsimplify(z0.imag)), dps_ + QUAD_GUARD))
                  for cf in poly.all_coeffs()]
        roots = mp.polyroots(coeffs, maxsteps=200, extraprec=ROOT_EXTRAPREC_FACTOR * dps_)
        upper = [r for r in roots if mp.im(r) > 0]
        if len(upper) != 1:
            raise ValueError(f"{len(upper)} roots of P(., z0) in the upper half plane; branch undecided")
        return [(f"m({z0}) quadrature vs root of P", v, upper[0], abs(e))]
    return numeric_values(name, fn, digits=digits, dps=dps, description=description, label=label)


def stieltjes_series_check(name: str, mu: Any, z0: complex, radius: Any, K: int = 120, digits: int = 20,
                           dps: int = 30, description: str = "",
                           label: str | None = None) -> Check:
    r"""NUMERIC: the root of P(·, z₀) in the upper half plane vs −Σ_{k<K} m_k z₀^{−k−1}.

    For |z₀| > R >= the support radius the tail is bounded by
    R^K/(|z₀|^K (|z₀| − R)), the stated error estimate.  Checks the equation,
    the physical branch and the exact moments against each other.  When
    several roots lie in the upper half plane the physical one is found by
    continuation from m ~ −1/z (:func:`rmtsym.numerics.stieltjes`), whose
    error estimate is added.
    """
    z0 = complex(z0)

    def fn(ctx, dps_):
        mp = _mpctx(dps_ + QUAD_GUARD)
        zs = sympy.nsimplify(z0.real) + sympy.I * sympy.nsimplify(z0.imag)
        zz = mp.mpc(z0.real, z0.imag)
        mu_ = mu() if callable(mu) else mu
        moms = mu_.moments(K - 1)
        s = mp.mpc(0)
        for k, mk in enumerate(moms):
            s -= mp.mpmathify(sympy.N(mk, dps_ + QUAD_GUARD)) / zz ** (k + 1)
        R = mp.mpf(radius)
        tail = R ** K / (abs(zz) ** K * (abs(zz) - R))
        poly = sympy.Poly(mu_.stieltjes_polynomial().as_expr(), M)
        coeffs = [mp.mpmathify(sympy.N(cf.subs(Z, zs), dps_ + QUAD_GUARD)) for cf in poly.all_coeffs()]
        roots = mp.polyroots(coeffs, maxsteps=200, extraprec=ROOT_EXTRAPREC_FACTOR * dps_)
        upper = [r for r in roots if mp.im(r) > 0]
        if len(upper) == 1:
            return [(f"m({z0}): root of P vs moment series ({K} terms)", upper[0], s, tail)]
        # several roots in the upper half plane: the physical branch is the one
        # continued from m ~ -1/z at infinity (rmtsym.numerics branch tracking)
        from .. import numerics
        val, err = numerics.stieltjes(mu_, z0, dps=dps_ + ROUND_GUARD, error=True)
        return [(f"m({z0}): tracked branch of P vs moment series ({K} terms)",
                 mp.mpc(val), s, tail + mp.mpf(err))]
    return numeric_values(name, fn, digits=digits, dps=dps, description=description, label=label)


def measure_moments_check(name: str, mu: Any, K: int = 6, digits: int = 12, dps: int = 16,
                          description: str = "",
                          label: str | None = None) -> Check:
    r"""NUMERIC: moments of a measure from its numeric density and atoms vs its exact moments.

    ``mu`` (a measure or a zero-argument callable returning one) is
    integrated by :func:`rmtsym.numerics.numeric_moments` — physical branch
    of P(m, z) = 0, density (1/π) Im m, support edges and atoms, all
    numeric — and compared with the exact power-series moments
    ``mu.moments(K)``.  Error estimate: the difference with a second run at
    ``CHECK_RERUN_GUARD`` (4) more digits, computed first.  (Default 16 digits: rmtsym.numerics'
    root continuation currently stalls at a soft edge at higher precision
    after lower-precision calls on the same curve; a stall makes the check
    INCONCLUSIVE, never a pass.)
    """
    def fn(ctx, dps_):
        from .. import numerics
        mu_ = mu() if callable(mu) and not hasattr(mu, "moments") else mu
        b = numerics.numeric_moments(mu_, K, dps=dps_ + CHECK_RERUN_GUARD)
        a = numerics.numeric_moments(mu_, K, dps=dps_)
        ex = mu_.moments(K)
        return [(f"m_{k}: quadrature of the numeric density + atoms", a[k], ex[k], abs(a[k] - b[k]))
                for k in range(K + 1)]
    return numeric_values(name, fn, digits=digits, dps=dps, description=description, label=label)
