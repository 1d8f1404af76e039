r"""Free additive and multiplicative convolution by resultant elimination.

The polynomial method (Rao–Edelman): with the R-transform equations
:math:`F_\mu(R_\mu(w), w) = 0`, :math:`F_\nu(R_\nu(w), w) = 0` and
:math:`R_{\mu\boxplus\nu} = R_\mu + R_\nu`,

.. math:: F_{\mu\boxplus\nu}(r, w) = \operatorname{Res}_t\big(F_\mu(t, w),\, F_\nu(r - t, w)\big),

and likewise with S-transforms and :math:`S_{\mu\boxtimes\nu} = S_\mu S_\nu`,

.. math:: F_{\mu\boxtimes\nu}(s, w) = \operatorname{Res}_t\big(F_\mu(t, w),\, t^{d} F_\nu(s/t, w)\big).

The result is mapped back to P(m, z) (w = −m, r = z + 1/m for R;
s = m/(1 + z m), w = −(1 + z m) for S), factored, and the factor carrying
the physical branch is selected exactly from the moment series of the result
(cumulants add, S-transforms multiply).  Works on any algebraic input.
All polynomial work runs in python-flint (:mod:`rmtsym._flint`).
"""

from __future__ import annotations

from typing import Any

import sympy

from ..core import _flint
from ..core.errors import RmtsymError
from ..core.measure import (AlgebraicMeasure, moments_from_cumulants, moments_from_s,
                      cumulants_from_moments, s_from_moments)


def _common(mu, nu):
    params = tuple(sorted(set(mu.kernel_params) | set(nu.kernel_params), key=lambda s: s.name))
    ctx = _flint.context(tuple(p.name for p in params))
    return params, ctx, {**mu.constants, **nu.constants}


def _lift(mu, f, ctx):
    """Move a flint polynomial of ``mu``'s context into ``ctx`` (a superset)."""
    if f.context() is ctx:
        return f
    names_from = f.context().names()
    names_to = ctx.names()
    idx = [names_to.index(n) for n in names_from]
    out = {}
    for mon, c in f.to_dict().items():
        m2 = [0] * len(names_to)
        for i, e in zip(idx, mon):
            m2[i] = e
        out[tuple(m2)] = c
    return ctx.from_dict(out)


def _check_inputs(mu, nu, op):
    for name, x in (("first argument", mu), ("second argument", nu)):
        if not hasattr(x, "moments"):
            raise RmtsymError(f"{op}: {name} must be a measure, got {type(x).__name__}")


def _is_numeric(x):
    return not isinstance(x, AlgebraicMeasure)


def free_add(mu: Any, nu: Any, *more: Any) -> Any:
    r"""Free additive convolution :math:`\mu \boxplus \nu` (law of A + B, A, B free).

    Parameters
    ----------
    mu, nu, *more : AlgebraicMeasure or NumericMeasure
        The laws; with more than two they are combined left to right.

    Returns
    -------
    AlgebraicMeasure
        Exact result when all inputs are algebraic; otherwise a numeric
        measure computed by subordination (:mod:`rmtsym.numerics`).

    Notes
    -----
    :math:`R_{\mu\boxplus\nu} = R_\mu + R_\nu`; eliminated by a resultant in
    :math:`t` of :math:`F_\mu(t, w)` and :math:`F_\nu(r - t, w)`.

    References
    ----------
    Kim (2020) survey ``002_2c85d79b7db582c6.txt`` §3 (R-transform and free
    additive convolution).

    Examples
    --------
    >>> from rmtsym import semicircle
    >>> free_add(semicircle(1), semicircle(2)) == semicircle(3)
    True
    """
    if more:
        return free_add(free_add(mu, nu), *more)
    _check_inputs(mu, nu, "free_add")
    if _is_numeric(mu) or _is_numeric(nu):
        from .. import numerics
        return numerics.free_add_numeric(mu, nu)
    params, ctx, consts = _common(mu, nu)
    g = _flint.gens(ctx)
    f1 = _flint.substitute(_lift(mu, mu.r_transform_kernel(), ctx), "r", g["t"], g["u"] ** 0)
    f2 = _flint.substitute(_lift(nu, nu.r_transform_kernel(), ctx), "r", g["r"] - g["t"], g["u"] ** 0)
    res = _eliminate(f1, f2, "free_add")
    P = _flint.substitute(res, "r", g["z"] * g["m"] + 1, g["m"])
    P = _flint.substitute(P, "w", -g["m"], g["u"] ** 0)

    def series(n, R):
        k1 = cumulants_from_moments(mu.moment_series(n + 1, R), R, n)
        k2 = cumulants_from_moments(nu.moment_series(n + 1, R), R, n)
        return moments_from_cumulants([a + b for a, b in zip(k1, k2)], R, n)

    return _result(mu, nu, P, series, params, consts, "R")


def free_mul(mu: Any, nu: Any, *more: Any) -> Any:
    r"""Free multiplicative convolution :math:`\mu \boxtimes \nu`.

    The law of :math:`A^{1/2} B A^{1/2}` for free A, B; at least one input
    must live on [0, ∞) and both need a non-zero mean (else the S-transform
    is undefined).

    Parameters
    ----------
    mu, nu, *more : AlgebraicMeasure or NumericMeasure
        The laws; with more than two they are combined left to right.

    Returns
    -------
    AlgebraicMeasure
        Exact result for algebraic inputs; numeric (subordination) otherwise.

    Raises
    ------
    RmtsymError
        If an input has mean zero, or neither input is known to be supported
        on [0, ∞).

    Notes
    -----
    :math:`S_{\mu\boxtimes\nu} = S_\mu S_\nu`; eliminated by a resultant in
    :math:`t` of :math:`F_\mu(t, w)` and :math:`t^d F_\nu(s/t, w)`.

    References
    ----------
    Pastur (2022) talk ``000_f11574a8ed5d65a0.txt`` (ν_M as an iterated free
    multiplicative convolution of the laws ν_K).

    Examples
    --------
    >>> from rmtsym import marchenko_pastur
    >>> free_mul(marchenko_pastur(1), marchenko_pastur(1)).moments(4)
    [1, 1, 3, 12, 55]
    """
    if more:
        return free_mul(free_mul(mu, nu), *more)
    _check_inputs(mu, nu, "free_mul")
    if not (mu.nonnegative or nu.nonnegative):
        raise RmtsymError(
            "free_mul: at least one argument must be supported on [0, inf) "
            f"(neither {mu.label} nor {nu.label} is known to be)")
    if _is_numeric(mu) or _is_numeric(nu):
        from .. import numerics
        return numerics.free_mul_numeric(mu, nu)
    for name, x in (("first", mu), ("second", nu)):
        if x.mean_is_zero():
            raise RmtsymError(
                f"free_mul: the {name} argument {x.label} has mean 0, so its "
                "S-transform is undefined")
    params, ctx, consts = _common(mu, nu)
    g = _flint.gens(ctx)
    f1 = _flint.substitute(_lift(mu, mu.s_transform_kernel(), ctx), "s", g["t"], g["u"] ** 0)
    f2 = _flint.substitute(_lift(nu, nu.s_transform_kernel(), ctx), "s", g["s"], g["t"])
    res = _eliminate(f1, f2, "free_mul")
    one_zm = 1 + g["z"] * g["m"]
    P = _flint.substitute(res, "s", g["m"], one_zm)
    P = _flint.substitute(P, "w", -one_zm, g["u"] ** 0)

    def series(n, R):
        s1 = s_from_moments(mu.moment_series(n + 1, R), R, n)
        s2 = s_from_moments(nu.moment_series(n + 1, R), R, n)
        return moments_from_s(R.mul(s1, s2, n), R, n)

    return _result(mu, nu, P, series, params, consts, "S")


def _eliminate(f1, f2, op):
    """Res_t(f1, f2); a zero resultant means the inputs share a component: refuse."""
    res = _flint.resultant(f1, f2, "t")
    if res.is_zero():
        raise RmtsymError(f"{op}: the elimination degenerated (zero resultant)")
    return res


def _result(mu, nu, P, series, params, consts, kind):
    """The convolution's measure from its candidate P and moment series, with its steps."""
    sign = "⊞" if kind == "R" else "⊠"
    nonneg = True if (mu.nonnegative and nu.nonnegative) else None
    out = AlgebraicMeasure(P, series, params, label=f"({mu.label} {sign} {nu.label})",
                           nonnegative=nonneg, constants=consts,
                           constraints=tuple(getattr(mu, "constraints", ())) + tuple(
                               c for c in getattr(nu, "constraints", ())
                               if c not in getattr(mu, "constraints", ())))
    op = r"\boxplus" if kind == "R" else r"\boxtimes"
    out.latex_name = rf"\left({_display(mu)}\right) {op} \left({_display(nu)}\right)"
    out.steps = mu.steps + nu.steps + _steps(kind, mu, nu, out)
    return out


def _display(mu):
    """The LaTeX name of a law for a derivation step (its ``latex_name``, else its label)."""
    name = getattr(mu, "latex_name", None)
    if name and name != r"\mu":
        return name
    return r"\mathrm{" + str(mu.label).replace("_", r"\_").replace(" ", r"\ ") + "}"


def _steps(kind, mu, nu, out):
    """Derivation steps of a convolution, for the LaTeX exporter."""
    if kind == "R":
        a = sympy.latex(mu.r_transform_polynomial().as_expr())
        b = sympy.latex(nu.r_transform_polynomial().as_expr())
        rule = r"R_{\mu\boxplus\nu}(w) = R_\mu(w) + R_\nu(w)"
        elim = r"F(r, w) = \operatorname{Res}_t\big(F_\mu(t, w), F_\nu(r - t, w)\big)"
        back = r"w = -m,\quad r = z + 1/m"
    else:
        a = sympy.latex(mu.s_transform_polynomial().as_expr())
        b = sympy.latex(nu.s_transform_polynomial().as_expr())
        rule = r"S_{\mu\boxtimes\nu}(w) = S_\mu(w)\, S_\nu(w)"
        elim = r"F(s, w) = \operatorname{Res}_t\big(F_\mu(t, w), t^{d} F_\nu(s/t, w)\big)"
        back = r"s = \frac{m}{1 + z m},\quad w = -(1 + z m)"
    v = kind.lower()
    op = r"\boxplus" if kind == "R" else r"\boxtimes"
    return [
        # the labels are names (plain strings such as "MP(1,3/2)"), set as code; the math is the body
        {"title": f"Inputs of `{mu.label}` {'⊞' if kind == 'R' else '⊠'} `{nu.label}`",
         "latex": rf"\mu = {_display(mu)},\qquad \nu = {_display(nu)},\qquad "
                  rf"\text{{law of the result: }} \mu {op} \nu"},
        {"title": f"{kind}-transform equations",
         "latex": rf"F_\mu({v}, w) = {a} = 0,\qquad F_\nu({v}, w) = {b} = 0"},
        {"title": "Composition", "latex": rule},
        {"title": "Elimination", "latex": elim + r",\qquad " + back},
        {"title": "Resulting Stieltjes equation (physical factor)",
         "latex": out.equation_latex()},
        {"title": "First moments",
         "latex": ", ".join(f"m_{k} = {sympy.latex(x)}" for k, x in enumerate(out.moments(4)))},
    ]
