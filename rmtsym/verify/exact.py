"""Exact checks: two exact routes compared with SymPy (EXACT or REFUTED)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sympy

from ..core.errors import require
from .model import Check, CheckResult, Context, Level
from .report import fmt

__all__ = ['compare_exact', 'exact_sequences', 'exact_identity']


# ---------------------------------------------------------------------------
# exact comparisons
# ---------------------------------------------------------------------------

def compare_exact(lhs: Any, rhs: Any) -> bool | None:
    """Decide whether two exact SymPy values are equal.

    Parameters
    ----------
    lhs, rhs : sympy expressions, numbers or Polys

    Returns
    -------
    bool or None
        True (identical), False (provably different) or None (undecided).

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> compare_exact((x + 1) ** 2, x ** 2 + 2 * x + 1), compare_exact(sympy.Rational(1, 3), 0)
    (True, False)
    """
    def expr(v):
        if isinstance(v, sympy.Poly):
            return v.as_expr()
        return sympy.sympify(v)
    d = sympy.expand(expr(lhs) - expr(rhs))
    if d == 0:
        return True
    d = sympy.simplify(d)
    if d == 0:
        return True
    if d.is_zero is False or (d.is_number and d.is_comparable and d != 0):
        return False
    if d.free_symbols:
        # a nonzero polynomial/rational function in the parameters is not identically zero
        num = sympy.numer(sympy.together(d))
        if sympy.expand(num) != 0 and sympy.Poly(sympy.expand(num), *sorted(d.free_symbols, key=str)).is_zero is False:
            return False
    return None


def exact_sequences(name: str, lhs: Callable[[Context], Sequence[Any]],
                    rhs: Callable[[Context], Sequence[Any]], lhs_label: str, rhs_label: str,
                    description: str = "", quantity: str = "m", start: int = 0,
                    label: str | None = None) -> Check:
    """Check that two exact sequences (e.g. moments by two routes) agree term by term.

    Parameters
    ----------
    name : str
        Check name.
    lhs, rhs : callable
        ``f(ctx) -> list`` of exact SymPy values (same length).
    lhs_label, rhs_label : str
        What each route is (recorded in the certificate).
    description : str, optional
    quantity : str, optional
        Symbol used in labels (``m`` gives m_0, m_1, ...; ``kappa`` gives κ).
    start : int, optional
        Index of the first term (0 for moments, 1 for free cumulants).
    label : str, optional
        Display form of ``name`` in the prose rule (:attr:`rmtsym.verify.model.Check.label`);
        ``name`` stays the key.

    Returns
    -------
    Check
        Route ``exact``; EXACT when all terms are equal, REFUTED when one is
        provably different, INCONCLUSIVE otherwise.

    Examples
    --------
    >>> from rmtsym.verify import Context
    >>> c = exact_sequences("catalan", lambda ctx: [1, 1, 2], lambda ctx: [sympy.catalan(k) for k in range(3)], "a", "b")
    >>> c.run(Context()).level
    <Level.EXACT: 'EXACT'>
    """
    def fn(ctx):
        a, b = list(lhs(ctx)), list(rhs(ctx))
        require(len(a) == len(b), f"{name}: sequences of different lengths {len(a)} and {len(b)}")
        numbers, outcomes = [], []
        q = "{" + sympy.latex(sympy.Symbol(quantity)) + "}"   # braced: quantity="E_k" gives {E_{k}}_{0}
        for k, (x, y) in enumerate(zip(a, b), start=start):
            ok = compare_exact(x, y)
            outcomes.append(ok)
            numbers.append({"label": f"{quantity}_{k}", "value": fmt(x), "reference": fmt(y),
                            "difference": fmt(sympy.simplify(sympy.sympify(x) - sympy.sympify(y))),
                            "tolerance": "0 (exact)", "error": "0",
                            "outcome": {True: "equal", False: "different", None: "undecided"}[ok]})
        steps = [{"title": f"{lhs_label}",
                  "latex": ", ".join(f"{q}_{{{k}}} = {sympy.latex(sympy.sympify(x))}"
                                     for k, x in enumerate(a, start=start))},
                 {"title": f"{rhs_label}",
                  "latex": ", ".join(f"{q}_{{{k}}} = {sympy.latex(sympy.sympify(y))}"
                                     for k, y in enumerate(b, start=start))}]
        rec = {"lhs": lhs_label, "rhs": rhs_label, "terms": len(a)}
        if False in outcomes:
            k = outcomes.index(False)
            return CheckResult(name, "exact", Level.REFUTED,
                               f"{quantity}_{k + start}: {fmt(a[k])} ({lhs_label}) != {fmt(b[k])} ({rhs_label})",
                               "exact equality", numbers, rec, steps)
        if None in outcomes:
            return CheckResult(name, "exact", Level.INCONCLUSIVE,
                               "SymPy could not decide some terms", "exact equality", numbers, rec, steps)
        return CheckResult(name, "exact", Level.EXACT,
                           f"{len(a)} terms equal ({lhs_label} = {rhs_label})",
                           "exact equality", numbers, rec, steps)
    return Check(name, "exact", fn, description, label)


def exact_identity(name: str, fn: Callable[[Context], Any], description: str = "",
                   label: str | None = None, sides: tuple[str, str] | None = None) -> Check:
    """Check a symbolic identity lhs == rhs.

    Parameters
    ----------
    name : str
    fn : callable
        ``fn(ctx) -> (lhs, rhs, steps)`` with exact SymPy values and a list of
        derivation steps ``{"title", "latex"}``.
    description : str, optional
    label : str, optional
        Display form of ``name`` in the prose rule (:attr:`rmtsym.verify.model.Check.label`);
        ``name`` stays the key.
    sides : (str, str), optional
        LaTeX names of the two sides (for example ``("P_{1}(m, z)", "P_{2}(m, z)")``), used in
        the closing "Difference" step.  Without them the step writes the two sides out when
        their LaTeX is short (at most ``SIDE_LATEX_CHARS`` characters each), else it calls them
        lhs and rhs; its title names the check in every case, so two checks' differences are
        never one equation in an exported derivation.

    Returns
    -------
    Check
        Route ``exact``.

    Examples
    --------
    >>> from rmtsym.verify import Context
    >>> x = sympy.Symbol("x")
    >>> c = exact_identity("sq", lambda ctx: ((x - 1) * (x + 1), x ** 2 - 1, []))
    >>> r = c.run(Context())
    >>> r.level
    <Level.EXACT: 'EXACT'>
    >>> print(r.steps[-1]["latex"])
    \\left(\\left(x - 1\\right) \\left(x + 1\\right)\\right) - \\left(x^{2} - 1\\right) = 0
    """
    if sides is not None:
        require(isinstance(sides, tuple) and len(sides) == 2
                and all(isinstance(t, str) and t.strip() for t in sides),
                f"sides must be a pair of non-empty LaTeX strings, got {sides!r}")
    # the title follows the prose rule: the label, else the name set as code (as in the check's heading)
    shown_as = label if label is not None else (f"`{name}`" if "`" not in name else name)

    def run(ctx):
        lhs, rhs, steps = fn(ctx)
        ok = compare_exact(lhs, rhs)
        lhs_e = sympy.sympify(lhs.as_expr() if isinstance(lhs, sympy.Poly) else lhs)
        rhs_e = sympy.sympify(rhs.as_expr() if isinstance(rhs, sympy.Poly) else rhs)
        diff = sympy.simplify(lhs_e - rhs_e)
        steps = list(steps) + [_difference_step(shown_as, lhs_e, rhs_e, diff, sides)]
        numbers = [{"label": "lhs - rhs", "value": fmt(lhs), "reference": fmt(rhs),
                    "difference": fmt(diff), "tolerance": "0 (exact)", "error": "0",
                    "outcome": {True: "equal", False: "different", None: "undecided"}[ok]}]
        level = {True: Level.EXACT, False: Level.REFUTED, None: Level.INCONCLUSIVE}[ok]
        msg = {True: "identity holds", False: "identity fails: lhs - rhs = " + fmt(diff),
               None: "SymPy could not decide"}[ok]
        return CheckResult(name, "exact", level, msg, "exact equality", numbers, {}, steps)
    return Check(name, "exact", run, description, label)


#: Longest LaTeX of one side that the "Difference" step writes out in full.
SIDE_LATEX_CHARS = 160


def _difference_step(shown_as: str, lhs: Any, rhs: Any, diff: Any,
                     sides: tuple[str, str] | None) -> dict[str, str]:
    """The closing step of an exact identity: what was subtracted from what, and the result.

    The title carries the check's display name (prose rule), so the exporter, which typesets
    a repeated (title, LaTeX) step once and cites it, never cites one check's difference for
    another's.
    """
    if sides is not None:
        a, b = sides
    else:
        a, b = sympy.latex(lhs), sympy.latex(rhs)
        if len(a) > SIDE_LATEX_CHARS or len(b) > SIDE_LATEX_CHARS:
            a, b = r"\mathrm{lhs}", r"\mathrm{rhs}"
        else:
            a, b = r"\left(" + a + r"\right)", r"\left(" + b + r"\right)"
    return {"title": f"Difference of the two sides ({shown_as})",
            "latex": f"{a} - {b} = " + sympy.latex(diff)}
