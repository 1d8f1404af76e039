"""Certified checks: rigorous ball quadrature of a closed-form density (CERTIFIED)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import sympy

from ..core.errors import require
from .balls import _ball, ball_function
from .model import Check, CheckResult, Context, Level
from .report import fmt, fmt_tex

__all__ = ['certified_moments', 'certified_check']

_X = sympy.Symbol("x", real=True)


def certified_moments(name: str, density: Any, support: Sequence[tuple[Any, ...]],
                      exact: Callable[[Context, int], Sequence[Any]], x: Any = None,
                      atoms: Sequence[tuple[Any, Any]] = (), K: int = 6, prec: int = 128,
                      tol: float = 1e-20, description: str = "",
                      label: str | None = None) -> Check:
    r"""CERTIFIED: moments of a closed-form density by rigorous ball quadrature vs exact moments.

    Parameters
    ----------
    name : str
        Check name.
    density : sympy expression or callable
        The *analytic factor* h(x) of the density on each support interval,
        ρ(x) = (x − a)^{e_a} (b − x)^{e_b} h(x), as an exact SymPy expression
        in ``x`` (compiled to ball arithmetic by :func:`ball_function`), or a
        callable ``h(xv: flint.acb, analytic: bool) -> flint.acb`` that honours
        the ``analytic`` flag of :func:`flint.acb.integral`.  h must be
        analytic on a complex neighbourhood of each interval (poles off the
        interval are fine: ball evaluation there is non-finite and the
        integrator subdivides).
    support : list of (a, b) or (a, b, e_a, e_b)
        Support intervals with exact SymPy ends (e.g. ``(1 - sqrt(c))**2``),
        and the edge exponents e_a, e_b in {−1/2, 0, 1/2, 1, ...} (default
        1/2, 1/2: square-root edges).
    exact : callable
        ``exact(ctx, K) -> [m_0, ..., m_K]`` exact SymPy values (rationals or
        radicals) from an independent route (power series, counting).
    x : sympy.Symbol, optional
        The variable of ``density`` (default: its only free symbol).
    atoms : list of (x0, w), optional
        Exact point masses, added exactly (as balls) to every moment.
    K : int, optional
        Moments m_0..m_K are compared.
    prec : int, optional
        Working precision in bits of the ball arithmetic (128 ≈ 38 digits).
    tol : float, optional
        Required width: an enclosure certifies when its radius is at most
        tol·max(1, |m_k|).
    description : str, optional
    label : str, optional
        Display form of ``name`` in the prose rule (:attr:`rmtsym.verify.model.Check.label`);
        ``name`` stays the key.

    Returns
    -------
    Check
        Route ``numeric`` (the schema's routes are exact/numeric/empirical)
        with level CERTIFIED when every enclosure meets the ball of the exact
        moment (so |∫ x^k ρ − m_k| <= 2(rad I + rad E)) and is narrow; REFUTED when some enclosure and the exact value's ball
        are disjoint (a proof that they differ, whatever the width);
        INCONCLUSIVE when an enclosure overlaps the exact value but is wider
        than the tolerance (e.g. the integrator's evaluation limit was hit).

    Raises
    ------
    RmtsymError
        On invalid ``K``, ``prec``, ``tol`` or edge exponents (when the check
        is built); an inexact or unsupported expression makes the check
        INCONCLUSIVE when it runs.

    Notes
    -----
    On [a, b] substitute x = a + (b − a) sin²(θ/2), θ ∈ [0, π]:

    .. math::
        x - a = L\sin^2\tfrac\theta2,\quad b - x = L\cos^2\tfrac\theta2,\quad
        dx = L\sin\tfrac\theta2\cos\tfrac\theta2\,d\theta,\quad L = b - a,

    so that

    .. math::
        \int_a^b x^k\rho(x)\,dx = L^{e_a+e_b+1}\int_0^\pi
        \sin^{2e_a+1}\tfrac\theta2\,\cos^{2e_b+1}\tfrac\theta2\;h(x)\,x^k\,d\theta .

    The square-root edges become the entire functions sin(θ/2), cos(θ/2):
    no √ of a quantity that changes sign is ever taken, so the branch of √
    in acb never matters on the path, and the integrand is analytic on a
    neighbourhood of [0, π] (meromorphic through h).  :func:`flint.acb.integral`
    (Petras' Gauss–Legendre with rigorous error bounds from the analytic
    continuation, arb/Johansson 2018) returns a ball guaranteed to contain
    the integral; the edges and constants are balls too, so the whole
    computation is an enclosure.

    References
    ----------
    F. Johansson, "Numerical integration in arbitrary-precision ball
    arithmetic", ICMS 2018 (the algorithm of ``acb.integral``).

    Examples
    --------
    >>> from rmtsym.verify import Context
    >>> t = sympy.Symbol("t")
    >>> chk = certified_moments("sc(1)", 1 / (2 * sympy.pi), [(-2, 2)],
    ...                         lambda ctx, K: [sympy.catalan(k // 2) if k % 2 == 0 else 0 for k in range(K + 1)],
    ...                         x=t, K=4)
    >>> chk.run(Context()).level
    <Level.CERTIFIED: 'CERTIFIED'>
    """
    require(isinstance(K, int) and K >= 0, f"K must be a non-negative integer, got {K!r}")
    require(isinstance(prec, int) and 53 <= prec <= 4096, f"prec must be an integer in [53, 4096] bits, got {prec!r}")
    require(0 < float(tol) < 1, f"tol must be in (0, 1), got {tol!r}")
    intervals = []
    for iv in support:
        require(len(iv) in (2, 4), f"support intervals must be (a, b) or (a, b, e_a, e_b), got {iv!r}")
        a, b = sympy.sympify(iv[0]), sympy.sympify(iv[1])
        ea, eb = (sympy.Rational(1, 2), sympy.Rational(1, 2)) if len(iv) == 2 else map(sympy.Rational, iv[2:])
        for e in (ea, eb):
            require((2 * e).is_Integer and 2 * e >= -1,
                    f"edge exponents must be half-integers >= -1/2, got {e}")
        intervals.append((a, b, ea, eb))
    if isinstance(density, sympy.Basic) or not callable(density):
        dens_expr = sympy.sympify(density)
        if x is None:
            fs = sorted(dens_expr.free_symbols, key=str)
            require(len(fs) <= 1, f"density must have one free symbol (the variable), got {fs}")
            x = fs[0] if fs else sympy.Symbol("x")
    else:
        dens_expr = None
        x = x if x is not None else sympy.Symbol("x")

    def run(ctx):
        import flint
        from flint import acb, arb
        ex = [sympy.sympify(v) for v in exact(ctx, K)]
        require(len(ex) >= K + 1, f"exact moments must have K + 1 = {K + 1} terms, got {len(ex)}")
        numbers, outcomes, steps = [], [], []
        xa = sympy.Symbol("a")
        with flint.ctx.workprec(prec):
            h = ball_function(dens_expr, x) if dens_expr is not None else density
            goal = arb(2) ** (-(prec - 16))
            pieces = []
            for a, b, ea, eb in intervals:
                A, B = _ball(a), _ball(b)
                require(B > A, f"support intervals must have a < b, got ({sympy.sstr(a)}, {sympy.sstr(b)})")
                L = B - A
                pa, pb = int(2 * ea + 1), int(2 * eb + 1)
                scale = L.sqrt() ** int(2 * (ea + eb + 1))
                pieces.append((A, L, pa, pb, acb(scale)))
            atom_balls = [(_ball(x0), _ball(w)) for x0, w in atoms]
            for k in range(K + 1):
                total = acb(0)
                for A, L, pa, pb, scale in pieces:
                    def f(th, analytic, A=A, L=L, pa=pa, pb=pb, k=k):
                        s, c = (th / 2).sin(), (th / 2).cos()
                        xv = A + L * s * s
                        return s ** pa * c ** pb * h(xv, analytic) * xv ** k
                    total += scale * acb.integral(f, 0, arb.pi(), rel_tol=goal, abs_tol=goal)
                for X0, W in atom_balls:
                    total += W * X0 ** k
                E = _ball(ex[k])
                I = total.real
                finite = I.is_finite() and total.imag.is_finite()
                rad = float(I.rad()) if finite else math.inf
                allow = float(tol) * max(1.0, abs(float(E.mid())))
                if finite and not I.overlaps(E):
                    out = False          # disjoint enclosures: a proof that they differ
                elif (finite and rad <= allow and total.imag.contains(0)
                      and float(total.imag.rad()) <= allow):
                    out = True           # |integral - m_k| <= 2 (rad I + rad E), both tiny
                else:
                    out = None
                outcomes.append(out)
                diff = abs(I - E).upper() if finite else None
                numbers.append({"label": f"$m_{{{k}}} = \\int x^{{{k}}} \\rho(dx)$ (ball quadrature)",
                                "value": I.str(20, radius=True) if finite else "non-finite",
                                "reference": fmt(ex[k]),
                                "difference": f"<= {float(diff):.3g}" if diff is not None else None,
                                "tolerance": f"radius <= {allow:.3g}", "error": f"{rad:.3g}",
                                "outcome": {True: "agree", False: "disagree", None: "unresolved"}[out]})
        dens_tex = (sympy.latex(dens_expr) if dens_expr is not None else "h(x)")
        for a, b, ea, eb in intervals:
            steps.append({"title": "Density on a support interval (edge factors times an analytic factor)",
                          "latex": (r"\rho(x) = (x - a)^{" + sympy.latex(ea) + r"}(b - x)^{" + sympy.latex(eb)
                                    + r"}\," + dens_tex + r",\quad a = " + sympy.latex(a)
                                    + r",\; b = " + sympy.latex(b))})
        steps.append({"title": "Substitution (real-analytic edge factors)",
                      "latex": (r"x = a + (b-a)\sin^2\tfrac\theta2:\quad \int_a^b x^k\rho\,dx = "
                                r"(b-a)^{e_a+e_b+1}\int_0^\pi \sin^{2e_a+1}\tfrac\theta2\,"
                                r"\cos^{2e_b+1}\tfrac\theta2\,h(x)\,x^k\,d\theta")})
        rec = {"prec_bits": prec, "tol": tol, "K": K, "method": "flint.acb.integral (arb ball quadrature)",
               "flint": getattr(__import__("flint"), "__version__", None),
               "support": [[sympy.sstr(a), sympy.sstr(b), sympy.sstr(ea), sympy.sstr(eb)]
                           for a, b, ea, eb in intervals],
               "density_factor": sympy.sstr(dens_expr) if dens_expr is not None else "callable",
               "atoms": [[sympy.sstr(sympy.sympify(p)), sympy.sstr(sympy.sympify(w))] for p, w in atoms]}
        tol_s = (f"the exact value's ball meets the rigorous enclosure, whose radius is <= {tol:g} * max(1, |m_k|); "
                 "disjoint balls refute")
        tol_tex = (f"the ball of the exact value meets the rigorous enclosure, whose radius is "
                   f"$\\le {fmt_tex(tol)}\\,\\max(1, |m_k|)$; disjoint balls refute")
        if False in outcomes:
            k = outcomes.index(False)
            return CheckResult(name, "numeric", Level.REFUTED,
                               f"m_{k}: exact {numbers[k]['reference']} lies outside the enclosure "
                               f"{numbers[k]['value']}", tol_s, numbers, rec, steps,
                               tolerance_latex=tol_tex)
        if None in outcomes:
            k = outcomes.index(None)
            return CheckResult(name, "numeric", Level.INCONCLUSIVE,
                               f"m_{k}: enclosure {numbers[k]['value']} too wide to certify "
                               f"(radius {numbers[k]['error']})", tol_s, numbers, rec, steps,
                               tolerance_latex=tol_tex)
        worst = max(float(n["error"]) for n in numbers)
        return CheckResult(name, "numeric", Level.CERTIFIED,
                           f"{K + 1} moments inside rigorous enclosures of radius <= {worst:.2g} ({prec} bits)",
                           tol_s, numbers, rec, steps, tolerance_latex=tol_tex)
    return Check(name, "numeric", run, description, label)


def certified_check(name: str, edges_factor: tuple[tuple[Any, Any], Any],
                    exact: Callable[[Context, int], Sequence[Any]],
                    atoms: Sequence[tuple[Any, Any]] = (), K: int = 8,
                    description: str = "",
                    label: str | None = None) -> Check:
    """CERTIFIED route for a closed form on one interval: ``edges_factor = ((a, b), h)``.

    The density is ``h(x)`` times the square root factor implied by the
    edges (see :func:`certified_moments`, which this wraps with ``x`` the
    real symbol ``x``); ``exact(ctx, K)`` gives the exact moments.
    """
    (a, b), h = edges_factor
    return certified_moments(name, h, [(a, b)], exact, x=_X, atoms=atoms, K=K, description=description, label=label)
