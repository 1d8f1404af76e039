r"""Claims, checks and verdicts: the comparisons and tolerances of rmtsym, in one place.

A :class:`Claim` is a statement from a seed document (LaTeX), its source, the
verdict it is *expected* to get, and a list of :class:`Check` objects, one per
route that applies:

``exact``
    two exact routes (symbolic identity, exact moments computed two ways)
    compared with SymPy; equal → EXACT, provably different → REFUTED.
``numeric``
    high-precision values compared with a reference to a stated number of
    digits, with an error estimate; agreement → NUMERIC
    (:func:`numeric_values`).  Rigorous enclosures on the same route:
    :func:`certified_moments` integrates a closed-form density in
    python-flint ball arithmetic; every exact moment inside a narrow
    enclosure → CERTIFIED.
``empirical``
    sampled spectra (:mod:`rmtsym.sampling`): moments extrapolated in n with
    standard errors and a stated bias bound, a Kolmogorov–Smirnov distance of
    the pooled spectrum to the theoretical CDF, and the support edges;
    agreement within the stated tests → EMPIRICAL.

Verdict levels (``DESIGN.md``): EXACT, CERTIFIED, NUMERIC, EMPIRICAL (the
claim holds, strongest first), INCONCLUSIVE (no route could decide — never a
pass) and REFUTED.  A claim's verdict is REFUTED when any check refutes it,
otherwise the strongest level among the checks that passed, otherwise
INCONCLUSIVE.  A verdict *matches* the expected one when both are REFUTED, or
both hold and the verdict is at least as strong as expected.
"""

from __future__ import annotations

import math
import time
import traceback
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable

import numpy as np
import sympy

from ..core.errors import RmtsymError, require

__all__ = [
    "Level", "HOLDS", "Context", "CheckResult", "Check", "Claim", "Verdict",
    "combine_levels", "matches_expected", "compare_exact", "exact_sequences",
    "exact_identity", "numeric_values", "certified_moments", "empirical_spectrum",
    "cdf_from_density", "float_density", "density_from_polynomial", "ks_distance",
    "ks_threshold", "fmt",
]


class Level(str, Enum):
    """Verdict levels, strongest passing level first.

    Examples
    --------
    >>> Level("EXACT") is Level.EXACT
    True
    >>> Level.NUMERIC.holds, Level.INCONCLUSIVE.holds
    (True, False)
    """

    EXACT = "EXACT"
    CERTIFIED = "CERTIFIED"
    NUMERIC = "NUMERIC"
    EMPIRICAL = "EMPIRICAL"
    INCONCLUSIVE = "INCONCLUSIVE"
    REFUTED = "REFUTED"

    @property
    def holds(self):
        """True for EXACT, CERTIFIED, NUMERIC, EMPIRICAL."""
        return self in HOLDS

    @property
    def strength(self):
        """4 for EXACT down to 1 for EMPIRICAL; 0 otherwise."""
        return _STRENGTH.get(self, 0)

    def __str__(self):
        return self.value


HOLDS = (Level.EXACT, Level.CERTIFIED, Level.NUMERIC, Level.EMPIRICAL)
_STRENGTH = {Level.EXACT: 4, Level.CERTIFIED: 3, Level.NUMERIC: 2, Level.EMPIRICAL: 1}
ROUTES = ("exact", "numeric", "empirical")


def _level(x, name="level"):
    if isinstance(x, Level):
        return x
    try:
        return Level(str(x).upper())
    except ValueError:
        raise RmtsymError(f"{name} must be one of {[l.value for l in Level]}, got {x!r}") from None


def combine_levels(levels):
    """Combine the levels of a claim's checks into the claim's verdict.

    Parameters
    ----------
    levels : iterable of Level or str

    Returns
    -------
    Level
        REFUTED if any is REFUTED; else the strongest passing level; else INCONCLUSIVE.

    Raises
    ------
    RmtsymError
        On an unknown level name.

    Examples
    --------
    >>> combine_levels(["EMPIRICAL", "EXACT", "INCONCLUSIVE"])
    <Level.EXACT: 'EXACT'>
    >>> combine_levels(["EXACT", "REFUTED"])
    <Level.REFUTED: 'REFUTED'>
    >>> combine_levels([])
    <Level.INCONCLUSIVE: 'INCONCLUSIVE'>
    """
    levels = [_level(l) for l in levels]
    if Level.REFUTED in levels:
        return Level.REFUTED
    passing = [l for l in levels if l.holds]
    if not passing:
        return Level.INCONCLUSIVE
    return max(passing, key=lambda l: l.strength)


def matches_expected(verdict, expected):
    """Whether a verdict is what the claim declared.

    Parameters
    ----------
    verdict, expected : Level or str

    Returns
    -------
    bool
        True when both are REFUTED, or both hold and ``verdict`` is at least as
        strong as ``expected``.  INCONCLUSIVE never matches a claim expected to
        hold or to be refuted.

    Examples
    --------
    >>> matches_expected("EXACT", "EMPIRICAL"), matches_expected("EMPIRICAL", "EXACT")
    (True, False)
    >>> matches_expected("REFUTED", "REFUTED"), matches_expected("EXACT", "REFUTED")
    (True, False)
    """
    v, e = _level(verdict, "verdict"), _level(expected, "expected")
    if e is Level.REFUTED:
        return v is Level.REFUTED
    if e is Level.INCONCLUSIVE:
        return v is Level.INCONCLUSIVE
    return v.holds and v.strength >= e.strength


def fmt(x, digits=17):
    """Format a number for certificates: exact values exactly, floats with ``digits`` digits.

    Parameters
    ----------
    x : number (int, Rational, sympy expr, float, mpf, mpc, numpy scalar) or None
    digits : int, optional
        Significant digits for inexact values.

    Returns
    -------
    str or None

    Examples
    --------
    >>> fmt(sympy.Rational(3, 2)), fmt(0.1, 3), fmt(None)
    ('3/2', '0.1', None)
    """
    if x is None:
        return None
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, sympy.Basic):
        return sympy.sstr(x)
    if isinstance(x, (float, np.floating)):
        return format(float(x), f".{digits}g")
    try:
        import mpmath
        if isinstance(x, (mpmath.mpf, mpmath.mpc)):
            return mpmath.nstr(x, digits)
    except ImportError:  # pragma: no cover
        pass
    return str(x)


# ---------------------------------------------------------------------------
# results and checks
# ---------------------------------------------------------------------------

@dataclass
class Context:
    """How a claim is run.

    Attributes
    ----------
    mode : str
        ``"quick"`` (default sizes, minutes on 2 cores) or ``"full"`` (paper sizes).
    jobs : int
        Size of the sampling process pool.
    progress : bool
        Show progress bars for sampling.
    """

    mode: str = "quick"
    jobs: int = 1
    progress: bool = False

    def __post_init__(self):
        require(self.mode in ("quick", "full"), f"mode must be 'quick' or 'full', got {self.mode!r}")
        require(isinstance(self.jobs, int) and self.jobs >= 1,
                f"jobs must be a positive integer, got {self.jobs!r}")

    def pick(self, quick, full):
        """``quick`` in quick mode, ``full`` in full mode."""
        return quick if self.mode == "quick" else full


@dataclass
class CheckResult:
    """The outcome of one check.

    Attributes
    ----------
    name, route : str
        Check name and route (``exact``, ``numeric``, ``empirical``).
    level : Level
        The route's level when it passed (EXACT, NUMERIC, EMPIRICAL), else
        REFUTED or INCONCLUSIVE.
    message : str
        One line saying why.
    tolerance : str
        The stated tolerance or test.
    numbers : list of dict
        Every compared number as strings: label, value, reference,
        difference, tolerance, error (estimate or standard error), outcome.
    record : dict
        Reproducibility data (seeds, n, samples, dps, orders ...).
    steps : list of dict
        Derivation steps ``{"title": ..., "latex": ...}`` recorded while checking.
    seconds : float
        Wall time.
    artifacts : dict
        Non-serialised data for figures (pooled eigenvalues, density callable, support).
    """

    name: str
    route: str
    level: Level
    message: str = ""
    tolerance: str = ""
    numbers: list = field(default_factory=list)
    record: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)
    seconds: float = 0.0
    artifacts: dict = field(default_factory=dict, repr=False)

    def to_dict(self):
        """JSON-ready dictionary (artifacts left out)."""
        return {"name": self.name, "route": self.route, "level": self.level.value,
                "message": self.message, "tolerance": self.tolerance,
                "numbers": self.numbers, "record": _jsonable(self.record),
                "steps": self.steps, "seconds": round(self.seconds, 3)}


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if obj is None or isinstance(obj, (str, bool, int, float)):
        if isinstance(obj, float) and not math.isfinite(obj):
            return str(obj)
        return obj
    if isinstance(obj, (np.integer,)):
        return int(obj)
    return fmt(obj)


@dataclass
class Check:
    """One route of verification of a claim.

    Attributes
    ----------
    name : str
        Short name (shown in tables and certificates).
    route : str
        ``exact``, ``numeric`` or ``empirical``.
    fn : callable
        ``fn(ctx) -> CheckResult``.
    description : str
        What is compared with what.
    """

    name: str
    route: str
    fn: Callable
    description: str = ""

    def __post_init__(self):
        require(self.route in ROUTES, f"route must be one of {ROUTES}, got {self.route!r}")

    def run(self, ctx):
        """Run the check; an exception makes it INCONCLUSIVE (never a pass).

        Parameters
        ----------
        ctx : Context

        Returns
        -------
        CheckResult
        """
        t0 = time.perf_counter()
        try:
            res = self.fn(ctx)
        except Exception as exc:  # a check that cannot run decides nothing
            res = CheckResult(self.name, self.route, Level.INCONCLUSIVE,
                              message=f"could not run: {type(exc).__name__}: {exc}",
                              record={"traceback": traceback.format_exc(limit=4)})
        res.name, res.route = self.name, self.route
        res.seconds = time.perf_counter() - t0
        return res


@dataclass
class Claim:
    """A statement from a seed document and the checks that decide it.

    Attributes
    ----------
    id : str
        Identifier (the proofs/ file name without ``.py``).
    title : str
        One-line human title.
    source : str
        Seed file name (``000_...txt``).
    formula : str
        Where in the seed (section, equation, quoted formula).
    statement : str
        The statement in LaTeX (math mode content or text with ``$...$``).
    expected : Level
        Declared verdict: a passing level, or REFUTED for an erratum.
    checks : list of Check
        The routes that apply.
    theory : callable, optional
        Zero-argument callable returning the theory object (a measure); its
        ``steps`` and ``_latex`` feed the LaTeX derivation.
    erratum : str, optional
        For an erratum: what is wrong in the seed and the evidence.
    corrected_by, erratum_of : str, optional
        Ids of the companion claim.
    notes : str
        Conventions and translations (recorded in the certificate).
    """

    id: str
    title: str
    source: str
    formula: str
    statement: str
    expected: Any
    checks: list
    theory: Callable | None = None
    erratum: str = ""
    corrected_by: str = ""
    erratum_of: str = ""
    notes: str = ""

    def __post_init__(self):
        require(isinstance(self.id, str) and self.id.replace("_", "").isalnum(),
                f"id must be an identifier, got {self.id!r}")
        self.expected = _level(self.expected, "expected")
        require(self.checks, f"claim {self.id}: checks must not be empty")
        require(self.expected is not Level.REFUTED or self.erratum,
                f"claim {self.id}: an erratum (expected REFUTED) must state the erratum")

    def run(self, ctx=None, routes=None):
        """Run every check and combine the levels.

        Parameters
        ----------
        ctx : Context, optional
            Defaults to quick mode, one job, no progress.
        routes : iterable of str, optional
            Restrict to these routes.

        Returns
        -------
        Verdict
        """
        ctx = ctx or Context()
        t0 = time.perf_counter()
        results = [c.run(ctx) for c in self.checks if routes is None or c.route in routes]
        level = combine_levels(r.level for r in results)
        return Verdict(self, level, results, time.perf_counter() - t0, ctx.mode)


@dataclass
class Verdict:
    """The result of running a claim.

    Attributes
    ----------
    claim : Claim
    level : Level
    checks : list of CheckResult
    seconds : float
    mode : str
    """

    claim: Claim
    level: Level
    checks: list
    seconds: float
    mode: str = "quick"

    @property
    def expected(self):
        """The claim's declared verdict."""
        return self.claim.expected

    @property
    def matches(self):
        """Whether the verdict is the declared one (see :func:`matches_expected`)."""
        return matches_expected(self.level, self.claim.expected)

    def route_level(self, route):
        """Combined level of one route, or None when the claim has no check on it."""
        lv = [r.level for r in self.checks if r.route == route]
        return combine_levels(lv) if lv else None


# ---------------------------------------------------------------------------
# exact comparisons
# ---------------------------------------------------------------------------

def compare_exact(lhs, rhs):
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


def exact_sequences(name, lhs, rhs, lhs_label, rhs_label, description="", quantity="m", start=0):
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

    Returns
    -------
    Check
        Route ``exact``; EXACT when all terms are equal, REFUTED when one is
        provably different, INCONCLUSIVE otherwise.

    Examples
    --------
    >>> c = exact_sequences("catalan", lambda ctx: [1, 1, 2], lambda ctx: [sympy.catalan(k) for k in range(3)], "a", "b")
    >>> c.run(Context()).level
    <Level.EXACT: 'EXACT'>
    """
    def fn(ctx):
        a, b = list(lhs(ctx)), list(rhs(ctx))
        require(len(a) == len(b), f"{name}: sequences of different lengths {len(a)} and {len(b)}")
        numbers, outcomes = [], []
        q = sympy.latex(sympy.Symbol(quantity))
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
    return Check(name, "exact", fn, description)


def exact_identity(name, fn, description=""):
    """Check a symbolic identity lhs == rhs.

    Parameters
    ----------
    name : str
    fn : callable
        ``fn(ctx) -> (lhs, rhs, steps)`` with exact SymPy values and a list of
        derivation steps ``{"title", "latex"}``.
    description : str, optional

    Returns
    -------
    Check
        Route ``exact``.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> c = exact_identity("sq", lambda ctx: ((x - 1) * (x + 1), x ** 2 - 1, []))
    >>> c.run(Context()).level
    <Level.EXACT: 'EXACT'>
    """
    def run(ctx):
        lhs, rhs, steps = fn(ctx)
        ok = compare_exact(lhs, rhs)
        diff = sympy.simplify(sympy.sympify(lhs.as_expr() if isinstance(lhs, sympy.Poly) else lhs)
                              - sympy.sympify(rhs.as_expr() if isinstance(rhs, sympy.Poly) else rhs))
        numbers = [{"label": "lhs - rhs", "value": fmt(lhs), "reference": fmt(rhs),
                    "difference": fmt(diff), "tolerance": "0 (exact)", "error": "0",
                    "outcome": {True: "equal", False: "different", None: "undecided"}[ok]}]
        steps = list(steps) + [{"title": "Difference", "latex": r"\mathrm{lhs}-\mathrm{rhs} = " + sympy.latex(diff)}]
        level = {True: Level.EXACT, False: Level.REFUTED, None: Level.INCONCLUSIVE}[ok]
        msg = {True: "identity holds", False: "identity fails: lhs - rhs = " + fmt(diff),
               None: "SymPy could not decide"}[ok]
        return CheckResult(name, "exact", level, msg, "exact equality", numbers, {}, steps)
    return Check(name, "exact", run, description)


# ---------------------------------------------------------------------------
# numeric comparisons
# ---------------------------------------------------------------------------

def numeric_values(name, fn, digits=20, dps=30, description=""):
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

    Returns
    -------
    Check
        Route ``numeric``: NUMERIC when every |value − reference| + error <=
        tolerance; REFUTED when some |value − reference| − error > tolerance;
        INCONCLUSIVE otherwise (the error estimate is too large to decide).

    Examples
    --------
    >>> import mpmath
    >>> c = numeric_values("pi", lambda ctx, dps: [("pi", mpmath.mpf(355) / 113, sympy.pi, 0)], digits=3)
    >>> c.run(Context()).level
    <Level.NUMERIC: 'NUMERIC'>
    """
    require(isinstance(digits, int) and 0 < digits < dps,
            f"digits must be an integer in (0, dps), got {digits!r}")

    def run(ctx):
        import mpmath
        rows = fn(ctx, dps)
        numbers, outcomes = [], []
        ctxm = mpmath.mp.clone() if hasattr(mpmath.mp, "clone") else mpmath.MPContext()
        ctxm.dps = dps + 10
        for label, value, ref, err in rows:
            v = ctxm.mpmathify(complex(value) if isinstance(value, complex) else value)
            r = ctxm.mpmathify(sympy.N(ref, dps + 10) if isinstance(ref, sympy.Basic) else ref)
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
    return Check(name, "numeric", run, description)


# ---------------------------------------------------------------------------
# certified comparisons (rigorous ball arithmetic, python-flint)
# ---------------------------------------------------------------------------

def _ball_function(expr, x=None):
    r"""Compile an exact SymPy expression into ``f(xv, analytic) -> flint.acb`` (ball arithmetic).

    Supported: integers, rationals, π, the variable ``x``, sums, products,
    integer powers, half-integer powers (√ with the principal branch; with
    ``analytic=True`` a ball meeting the branch cut gives a non-finite
    result, as :func:`flint.acb.integral` requires), exp, log, sin, cos.
    Floats are refused (not exact).  Constants are rounded when the function
    is compiled, so compile inside the ``flint.ctx.workprec`` block where it
    is used.
    """
    from flint import acb, arb, fmpq
    expr = sympy.sympify(expr)
    free = expr.free_symbols - ({x} if x is not None else set())
    require(not free, f"a certified expression must be exact in {x}, got free symbols {sorted(map(str, free))}")

    def comp(e):
        if e == x:
            return lambda v, an: v
        if e.is_Rational:
            c = acb(arb(fmpq(int(e.p), int(e.q))))
            return lambda v, an: c
        if e is sympy.pi:
            c = acb(arb.pi())
            return lambda v, an: c
        if e is sympy.E:
            c = acb(arb(1).exp())
            return lambda v, an: c
        if isinstance(e, sympy.Add):
            fs = [comp(a) for a in e.args]
            return lambda v, an: sum((f(v, an) for f in fs[1:]), fs[0](v, an))
        if isinstance(e, sympy.Mul):
            fs = [comp(a) for a in e.args]

            def mul(v, an):
                out = fs[0](v, an)
                for f in fs[1:]:
                    out = out * f(v, an)
                return out
            return mul
        if isinstance(e, sympy.Pow):
            fb, q = comp(e.base), e.exp
            if q.is_Integer:
                n = int(q)
                if n >= 0:
                    return lambda v, an: fb(v, an) ** n
                return lambda v, an: 1 / fb(v, an) ** (-n)
            if q.is_Rational and q.q == 2:
                n = int(q.p)
                if n >= 0:
                    return lambda v, an: fb(v, an).sqrt(analytic=an) ** n
                return lambda v, an: 1 / fb(v, an).sqrt(analytic=an) ** (-n)
        if isinstance(e, sympy.exp):
            f = comp(e.args[0])
            return lambda v, an: f(v, an).exp()
        if isinstance(e, sympy.log):
            f = comp(e.args[0])
            return lambda v, an: f(v, an).log(analytic=an)
        if isinstance(e, (sympy.sin, sympy.cos)):
            f, name = comp(e.args[0]), type(e).__name__
            return lambda v, an: getattr(f(v, an), name)()
        raise RmtsymError(f"cannot evaluate {sympy.sstr(e)!r} in ball arithmetic (supported: rationals, pi, "
                          "+, *, integer and half-integer powers, exp, log, sin, cos)")
    return comp(expr)


def _ball(value):
    """An exact real SymPy value as a flint.arb ball at the current flint precision."""
    v = _ball_function(value)(None, False)
    require(v.imag.contains(0), f"expected a real value, got {sympy.sstr(value)}")
    return v.real


def certified_moments(name, density, support, exact, x=None, atoms=(), K=6, prec=128, tol=1e-20,
                      description=""):
    r"""CERTIFIED: moments of a closed-form density by rigorous ball quadrature vs exact moments.

    Parameters
    ----------
    name : str
        Check name.
    density : sympy expression or callable
        The *analytic factor* h(x) of the density on each support interval,
        ρ(x) = (x − a)^{e_a} (b − x)^{e_b} h(x), as an exact SymPy expression
        in ``x`` (compiled to ball arithmetic by :func:`_ball_function`), or a
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
            h = _ball_function(dens_expr, x) if dens_expr is not None else density
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
                numbers.append({"label": f"m_{k} = ∫ x^{k} ρ(dx) (ball quadrature)",
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
        if False in outcomes:
            k = outcomes.index(False)
            return CheckResult(name, "numeric", Level.REFUTED,
                               f"m_{k}: exact {numbers[k]['reference']} lies outside the enclosure "
                               f"{numbers[k]['value']}", tol_s, numbers, rec, steps)
        if None in outcomes:
            k = outcomes.index(None)
            return CheckResult(name, "numeric", Level.INCONCLUSIVE,
                               f"m_{k}: enclosure {numbers[k]['value']} too wide to certify "
                               f"(radius {numbers[k]['error']})", tol_s, numbers, rec, steps)
        worst = max(float(n["error"]) for n in numbers)
        return CheckResult(name, "numeric", Level.CERTIFIED,
                           f"{K + 1} moments inside rigorous enclosures of radius <= {worst:.2g} ({prec} bits)",
                           tol_s, numbers, rec, steps)
    return Check(name, "numeric", run, description)


# ---------------------------------------------------------------------------
# float-precision theory helpers for figures and the KS test
# ---------------------------------------------------------------------------

def cdf_from_density(density, support, atoms=(), points=8001, error=False):
    r"""Tabulate a CDF from a density callable (float precision, for KS and figures).

    Parameters
    ----------
    density : callable
        Vectorised ``density(x: ndarray) -> ndarray`` of the absolutely continuous part.
    support : list of (a, b)
        Intervals carrying the density (finite).
    atoms : list of (x, w), optional
        Point masses.
    points : int, optional
        Nodes per interval (odd, >= 5, so that every other node is a table
        of half the size).
    error : bool, optional
        If True also return an error estimate of the table.

    Returns
    -------
    callable or (callable, float)
        ``F(x: ndarray) -> ndarray``, right-continuous, *not* renormalised (a
        density of the wrong mass shows in the KS distance); with
        ``error=True`` also the estimate sup |F_points − F_(points+1)/2| over
        the common nodes, summed over the intervals (the table of half the
        size uses every other node: no extra density evaluations).

    Notes
    -----
    On each interval x = a + (b − a) v(u), u = (1 − cos θ)/2, v = u²(3 − 2u),
    θ ∈ [0, π]: x − a ~ θ⁴ near each end, which removes integrable edge
    singularities up to |x − a|^{−3/4} (the Fuss–Catalan law has |x|^{−2/3});
    the cumulative trapezoid rule in θ is accurate to about 1e-5 for the laws
    used here, well below the KS thresholds (>= 1e-3).

    Raises
    ------
    RmtsymError
        On an empty or unbounded support interval, or an even ``points``.

    Examples
    --------
    >>> F = cdf_from_density(lambda x: np.sqrt(np.clip(4 - x * x, 0, None)) / (2 * np.pi), [(-2, 2)])
    >>> [round(float(v), 6) for v in F(np.array([-3.0, 0.0, 2.0]))]
    [0.0, 0.5, 1.0]
    """
    require(isinstance(points, (int, np.integer)) and points >= 5 and points % 2 == 1,
            f"points must be an odd integer >= 5, got {points!r}")
    tables, err = [], 0.0
    for a, b in support:
        a, b = float(a), float(b)
        require(math.isfinite(a) and math.isfinite(b) and b > a,
                f"support intervals must be finite with a < b, got {(a, b)}")
        th = np.linspace(0.0, math.pi, points)
        u = (1 - np.cos(th)) / 2
        v = u * u * (3 - 2 * u)                      # smoothstep: flat at both ends
        x = a + (b - a) * v
        dxdth = (b - a) * 6 * u * (1 - u) * np.sin(th) / 2
        with np.errstate(all="ignore"):
            f = np.asarray(density(x), dtype=float) * dxdth
        f = np.nan_to_num(f, nan=0.0, posinf=0.0, neginf=0.0)
        cum = np.concatenate([[0.0], np.cumsum((f[1:] + f[:-1]) / 2 * np.diff(th))])
        f2, th2 = f[::2], th[::2]
        cum2 = np.concatenate([[0.0], np.cumsum((f2[1:] + f2[:-1]) / 2 * np.diff(th2))])
        err += float(np.max(np.abs(cum[::2] - cum2)))
        tables.append((a, b, x, cum))
    atoms = [(float(x), float(w)) for x, w in atoms]

    def F(xs):
        xs = np.asarray(xs, dtype=float)
        out = np.zeros_like(xs)
        for a, b, x, cum in tables:
            out += np.where(xs >= b, cum[-1], np.where(xs <= a, 0.0, np.interp(xs, x, cum)))
        for x0, w in atoms:
            out += np.where(xs >= x0, w, 0.0)
        return out
    return (F, err) if error else F


def float_density(mu, dps=15):
    r"""Vectorised float density of an algebraic measure on its physical branch (figures and KS).

    Parameters
    ----------
    mu : AlgebraicMeasure or sympy.Poly
        A measure without free parameters, or its Stieltjes polynomial
        P(m, z) as a ``Poly`` in ``(m, z)`` with numeric coefficients.
    dps : int, optional
        Working digits of :func:`rmtsym.numerics.density` (default 15: the
        values are returned as floats).

    Returns
    -------
    callable
        ``rho(x: ndarray) -> ndarray`` (shape of ``numpy.atleast_1d(x)``):
        the density of the absolutely continuous part, 0 outside its support,
        ``inf`` at a hard edge (a pole of the a.c. part).  The last few grids
        asked for are remembered, so a table built once (e.g. the nodes of
        :func:`cdf_from_density`) is not recomputed.

    Raises
    ------
    RmtsymError
        If ``mu`` has free parameters or is not a measure / Poly.
    rmtsym.core.errors.BranchError, rmtsym.core.errors.ConvergenceError
        From :mod:`rmtsym.numerics` when the physical branch cannot be
        isolated (never a NaN or a best guess).

    Notes
    -----
    .. math:: \rho(x) = \frac{1}{\pi}\lim_{\eta\downarrow 0}\operatorname{Im} m(x + i\eta)

    on the physical branch m ~ −1/z, continued along the real axis inside
    each support interval (:func:`rmtsym.numerics.density` on a grid).  For a
    Stieltjes polynomial of degree >= 4 in m several roots of P(·, x) can lie
    in the upper half plane, so the root with the largest imaginary part is
    not the physical one in general (e.g. MP(1/2) ⊠ MP(1/3) ⊠ MP(2/3), tested
    in ``tests/test_verify.py``).  Points outside the support intervals
    (:func:`rmtsym.numerics.support`) are not evaluated.  Cost: about 0.2 to
    1 ms per point at dps = 15.

    Examples
    --------
    >>> m, z = sympy.symbols("m z")
    >>> rho = float_density(sympy.Poly(2 * m ** 2 + z * m + 1, m, z))   # semicircle(2)
    >>> [round(float(v), 12) for v in rho(np.array([0.0, 3.0])) * np.pi]   # 1/sqrt(2), 0
    [0.707106781187, 0.0]
    """
    from .. import numerics
    require(isinstance(dps, int) and 5 <= dps <= 100, f"dps must be an integer in [5, 100], got {dps!r}")
    if isinstance(mu, sympy.Poly):
        require(len(mu.gens) == 2 and not (mu.free_symbols - set(mu.gens)),
                f"mu must be a Poly in (m, z) without parameters, got generators {mu.gens} "
                f"and symbols {sorted(map(str, mu.free_symbols))}")
    elif not hasattr(mu, "stieltjes_polynomial"):
        raise RmtsymError(f"mu must be an AlgebraicMeasure or a sympy Poly in (m, z), got {type(mu).__name__}")
    sup = [(float(a), float(b)) for a, b in numerics.support(mu, dps)]
    memo = {}

    def rho(xs):
        xs = np.atleast_1d(np.asarray(xs, dtype=float))
        key = (xs.shape, xs.tobytes())
        if key in memo:
            return memo[key].copy()
        flat = xs.ravel()
        out = np.zeros(flat.shape)
        inside = np.zeros(flat.shape, dtype=bool)
        for a, b in sup:
            slack = 1e-12 * max(1.0, abs(a), abs(b))
            inside |= (flat >= a - slack) & (flat <= b + slack)
        if inside.any():
            vals = numerics.density(mu, [float(v) for v in flat[inside]], dps=dps)
            out[inside] = [float(v) for v in vals]
        out = out.reshape(xs.shape)
        if len(memo) >= 4:
            memo.pop(next(iter(memo)))
        memo[key] = out
        return out.copy()
    return rho


def density_from_polynomial(poly, m, z, eps=None):
    r"""Float density (1/π) Im m(x + i0) from P(m, z) = 0 (for figures and KS only).

    A thin wrapper over :func:`float_density` for a polynomial given as an
    expression in two symbols.

    Parameters
    ----------
    poly : sympy.Poly or expr
        P(m, z) with numeric (exact or Float) coefficients.
    m, z : sympy.Symbol
        The variables.
    eps : None, optional
        Ignored; kept for compatibility (the boundary value η ↓ 0 is taken by
        branch tracking, not at a fixed distance above the axis).

    Returns
    -------
    callable
        ``rho(x: ndarray) -> ndarray`` on the physical branch (see
        :func:`float_density`).

    Raises
    ------
    RmtsymError
        If the polynomial has free parameters.

    Examples
    --------
    >>> m, z = sympy.symbols("m z")
    >>> rho = density_from_polynomial(m ** 2 + z * m + 1, m, z)
    >>> round(float(rho(np.array([0.0]))[0] * np.pi), 6)
    1.0
    """
    expr = poly.as_expr() if isinstance(poly, sympy.Poly) else sympy.sympify(poly)
    require(expr.free_symbols <= {m, z},
            f"poly must have no parameters besides {m}, {z}; got {sorted(map(str, expr.free_symbols))}")
    return float_density(sympy.Poly(expr, m, z), dps=15)


def ks_distance(pooled, cdf):
    """Kolmogorov–Smirnov distance sup |F_emp − F| of a sorted sample to a CDF.

    Parameters
    ----------
    pooled : numpy.ndarray
        Sorted sample (ties allowed, e.g. an atom).
    cdf : callable
        Theoretical CDF (vectorised, right-continuous).

    Returns
    -------
    float

    Examples
    --------
    >>> round(ks_distance(np.array([0.25, 0.75]), lambda x: np.clip(x, 0, 1)), 3)
    0.25
    """
    x = np.asarray(pooled, dtype=float)
    N = x.size
    require(N > 0, "pooled must not be empty")
    ux, last = np.unique(x, return_index=False), None
    right = np.searchsorted(x, ux, side="right") / N   # F_emp(x)
    left = np.searchsorted(x, ux, side="left") / N     # F_emp(x-)
    Fx = cdf(ux)
    Fl = cdf(np.nextafter(ux, -np.inf))
    return float(max(np.max(np.abs(right - Fx)), np.max(np.abs(left - Fl))))


def ks_threshold(n, samples, alpha=1e-3, bias=2.0, size=None):
    r"""Pass threshold of the KS test of a pooled spectrum: √(ln(2/α)/(2nS)) + κ/N.

    Parameters
    ----------
    n : int
        Number of eigenvalues per matrix.
    samples : int
        Number of matrices S.
    alpha : float, optional
        Level of the Dvoretzky–Kiefer–Wolfowitz bound.
    bias : float, optional
        κ, the stated bound on N·sup|E F_n − F| (finite-size bias of the
        expected spectral CDF, O(1/N) in the bulk and at the soft edges).
    size : float, optional
        N, the dimension in which the bias is 1/N (default N = n).

    Returns
    -------
    float

    Notes
    -----
    The DKW term treats the nS pooled eigenvalues as independent; eigenvalues
    of one matrix are more regular than independent draws (rigidity), so the
    term over-covers the fluctuation.  The κ/n term bounds the finite-size
    bias, which averaging over samples does not remove.

    Examples
    --------
    >>> round(ks_threshold(400, 100), 4)
    0.0147
    """
    require(n >= 1 and samples >= 1, f"n and samples must be >= 1, got {n!r}, {samples!r}")
    require(0 < alpha < 1, f"alpha must be in (0, 1), got {alpha!r}")
    N = float(size) if size is not None else float(n)
    return math.sqrt(math.log(2 / alpha) / (2 * n * samples)) + bias / N


# ---------------------------------------------------------------------------
# empirical comparisons
# ---------------------------------------------------------------------------

def empirical_spectrum(name, sampler, params, moments, n=(400, 1000), samples=(100, 400),
                       seed=0, orders=4, density=None, support=None, atoms=(),
                       edges=None, z_pass=4.0, z_refute=8.0, resolution=0.05,
                       ks_alpha=1e-3, ks_bias=2.0, edge_scale=2.0, size=None, half=None,
                       cdf_points=2001, description=""):
    r"""Compare sampled spectra with a theory: moments, KS distance and edges.

    Parameters
    ----------
    name : str
        Check name.
    sampler : str
        Key of :data:`rmtsym.sampling.SAMPLERS`.
    params : dict
        Sampler parameters.
    moments : callable
        ``moments(ctx, K) -> [m_0, ..., m_K]`` exact theoretical moments.
    n, samples : (int, int)
        (quick, full) matrix dimension and number of matrices at that dimension
        (the same number at n/2 for the extrapolation).
    seed : int
        Root seed: ``SeedSequence(seed).spawn(2)`` seeds the n and n/2 runs.
    orders : int
        Moments 1..orders are tested (quick); full mode tests orders + 2.
    density : callable, optional
        Vectorised density of the a.c. part (KS test and figure).
    support : list of (a, b) or callable, optional
        Intervals of the a.c. part (or a zero-argument callable returning
        them, evaluated when the check runs); required with ``density``.
    atoms : list of (x, w), optional
        Atoms of the theory; eigenvalues within 1e-9·scale of an atom are snapped to it.
    edges : (float, float) or callable, optional
        Theoretical (or callable returning the) lower/upper edge of the a.c. support to compare with the
        mean smallest/largest eigenvalue (the lower edge ignores atoms there).
    z_pass, z_refute : float
        Standard errors allowed for a pass / required for a refutation.
    resolution : float
        Relative deviation the moment test must be able to resolve (see Notes).
    ks_alpha, ks_bias : float
        Parameters of :func:`ks_threshold`.
    edge_scale : float
        Edge tolerance is edge_scale·(b − a)·N^{−2/3} + z_pass·se.
    size : callable, optional
        ``size(n) -> N``, the dimension in which the finite-size bias is 1/N
        (default N = n; the linear Fisher sampler has n = 2k² eigenvalues
        but a 1/k bias, so it passes ``lambda n: sqrt(n/2)``).  Used in the
        bias bound, the KS bias term and the edge tolerance.
    half : callable, optional
        ``half(n) -> n'``, the sampler size whose bias dimension is N/2
        (default n // 2; the linear Fisher sampler halves k in n = 2k²).
    cdf_points : int, optional
        Nodes per support interval of the CDF table (:func:`cdf_from_density`,
        odd).  Its error estimate e enters the KS test; 2001 nodes give
        e <= 1e-4 for the laws of proofs/ (5e-5 for the Fuss–Catalan hard
        edge), far below the smallest KS threshold (~5e-3), at a quarter of
        the density evaluations of 8001 (which matters for the branch-tracked
        :func:`float_density`, ~1 ms a point).

    Returns
    -------
    Check
        Route ``empirical``.

    Notes
    -----
    Moments: the 1/n bias is cancelled by Richardson extrapolation
    2·m(n) − m(n/2) (:func:`rmtsym.sampling.richardson_moments`), whose O(1/n²)
    remainder is bounded by (4/n)|m(n) − m(n/2)|.  A moment passes when
    |estimate − theory| <= z_pass·se + bias, *and* that tolerance is below
    ``resolution``·max(1, |theory|) — so a check cannot pass by using too few
    samples: an unresolved test is INCONCLUSIVE.  It refutes when
    |estimate − theory| > z_refute·se + 2·bias and exceeds the resolution.

    KS: the distance D of the pooled size-n spectrum (nS eigenvalues) to the
    theoretical CDF passes when D + e <= :func:`ks_threshold`, refutes when
    D − e > 3·threshold, e the error estimate of the CDF table.  Edges: the mean extreme eigenvalue passes within
    edge_scale·(b − a)·n^{−2/3} + z_pass·se (Tracy–Widom scale), refutes
    beyond three times that.
    """
    require(sampler in _samplers(), f"sampler must be one of {sorted(_samplers())}, got {sampler!r}")
    require(density is None or support, "support is required with density")
    require(isinstance(cdf_points, int) and cdf_points >= 5 and cdf_points % 2 == 1,
            f"cdf_points must be an odd integer >= 5, got {cdf_points!r}")

    def run(ctx):
        from ..sampling import ensembles as sampling
        nn = ctx.pick(*n) if isinstance(n, (tuple, list)) else n
        ss = ctx.pick(*samples) if isinstance(samples, (tuple, list)) else samples
        K = orders if ctx.mode == "quick" else orders + 2
        half_n = int(half(nn)) if half is not None else nn // 2
        s_big, s_half = np.random.SeedSequence(seed).spawn(2)
        seed_big = int(s_big.generate_state(1)[0])
        seed_half = int(s_half.generate_state(1)[0])
        big = sampling.sample_spectra(sampler, nn, ss, seed_big, params, jobs=ctx.jobs,
                                      progress=ctx.progress, desc=f"{name} n={nn}")
        small = sampling.sample_spectra(sampler, half_n, ss, seed_half, params, jobs=ctx.jobs,
                                        progress=ctx.progress, desc=f"{name} n={half_n}")
        scale_x = max(1.0, float(np.max(np.abs(big.eigenvalues))))
        for smp in (big, small):
            for x0, _w in atoms:
                ev = smp.eigenvalues
                ev[np.abs(ev - float(x0)) < 1e-9 * scale_x] = float(x0)
        rich = sampling.richardson_moments(big, small, K)
        N = float(size(nn)) if size is not None else float(nn)
        rich["bias_bound"] = 4.0 / N * np.abs(rich["raw"] - rich["half"])
        theo = [sympy.nsimplify(t) if not isinstance(t, sympy.Basic) else t for t in moments(ctx, K)]
        numbers, outcomes = [], []
        for k in range(1, K + 1):
            t = float(theo[k])
            est, se, bias = float(rich["estimate"][k - 1]), float(rich["stderr"][k - 1]), float(rich["bias_bound"][k - 1])
            d = abs(est - t)
            tol = z_pass * se + bias
            res = resolution * max(1.0, abs(t))
            if d <= tol and tol <= res:
                out = True
            elif d > z_refute * se + 2 * bias and d > res:
                out = False
            else:
                out = None
            outcomes.append(out)
            numbers.append({"label": f"m_{k} (2m(n)-m(n/2))", "value": fmt(est, 8), "reference": fmt(theo[k]),
                            "difference": fmt(d, 3), "tolerance": fmt(tol, 3), "error": fmt(se, 3),
                            "bias_bound": fmt(bias, 3), "raw_m(n)": fmt(float(rich["raw"][k - 1]), 8),
                            "m(n/2)": fmt(float(rich["half"][k - 1]), 8),
                            "resolution": fmt(res, 3),
                            "outcome": {True: "agree", False: "disagree", None: "unresolved"}[out]})
        pooled = big.pooled()
        sup = support() if callable(support) else support
        edg = edges() if callable(edges) else edges
        if density is not None:
            F, ferr = cdf_from_density(density, sup, atoms, points=cdf_points, error=True)
            D = ks_distance(pooled, F)
            thr = ks_threshold(nn, ss, ks_alpha, ks_bias, size=N)
            out = True if D + ferr <= thr else (False if D - ferr > 3 * thr else None)
            outcomes.append(out)
            numbers.append({"label": "KS distance", "value": fmt(D, 6), "reference": "0",
                            "difference": fmt(D, 6), "tolerance": fmt(thr, 4), "error": fmt(ferr, 2),
                            "outcome": {True: "agree", False: "disagree", None: "unresolved"}[out]})
        if edg is not None:
            a, b = (float(edg[0]), float(edg[1]))
            width = b - a
            etol0 = edge_scale * width * N ** (-2.0 / 3.0)
            ev = big.eigenvalues
            tops = ev[:, -1]
            lows = []
            for row in ev:
                keep = row
                for x0, _w in atoms:
                    keep = keep[keep != float(x0)]
                lows.append(keep[0] if keep.size else np.nan)
            lows = np.array(lows)
            for label, vals, ref in (("upper edge", tops, b), ("lower edge", lows, a)):
                vals = vals[np.isfinite(vals)]
                if vals.size == 0:
                    continue
                mean = float(vals.mean())
                se = float(vals.std(ddof=1) / math.sqrt(vals.size)) if vals.size > 1 else float("nan")
                tol = etol0 + z_pass * (se if math.isfinite(se) else 0.0)
                d = abs(mean - ref)
                out = True if d <= tol else (False if d > 3 * tol else None)
                outcomes.append(out)
                numbers.append({"label": f"{label} (mean extreme eigenvalue)", "value": fmt(mean, 6),
                                "reference": fmt(ref, 8), "difference": fmt(d, 3), "tolerance": fmt(tol, 3),
                                "error": fmt(se, 3),
                                "outcome": {True: "agree", False: "disagree", None: "unresolved"}[out]})
        rec = {"sampler": sampler, "params": dict(params), "n": nn, "samples": ss, "seed": seed,
               "bias_dimension": N,
               "runs": [big.record(), small.record()], "orders": K,
               "bias_handling": "Richardson extrapolation 2 m(N) - m(N/2); remainder bound (4/N)|m(N)-m(N/2)|",
               "ks_threshold": f"sqrt(ln(2/alpha)/(2 n S)) + kappa/N, alpha={ks_alpha}, kappa={ks_bias}",
               "ks_threshold_value": fmt(ks_threshold(nn, ss, ks_alpha, ks_bias, size=N), 4),
               "cdf_table": f"{cdf_points} nodes per interval; error estimate |F_p - F_(p+1)/2| in the KS row",
               "z_pass": z_pass, "z_refute": z_refute, "resolution": resolution}
        tol_s = (f"moments: |est - theory| <= {z_pass} se + bias bound (and <= {resolution} relative); "
                 f"KS + table error <= sqrt(ln(2/alpha)/(2nS)) + {ks_bias}/N; edges <= {edge_scale}(b-a) N^(-2/3) + {z_pass} se "
                 f"(N = {N:g}, the dimension of the 1/N bias)")
        art = {"pooled": pooled, "density": density, "support": sup, "atoms": list(atoms),
               "n": nn, "samples": ss, "seed": seed, "sampler": sampler}
        if False in outcomes:
            bad = [nm["label"] for nm, o in zip(numbers, outcomes) if o is False]
            return CheckResult(name, "empirical", Level.REFUTED, "sampled spectrum disagrees: " + ", ".join(bad),
                               tol_s, numbers, rec, [], artifacts=art)
        if None in outcomes:
            bad = [nm["label"] for nm, o in zip(numbers, outcomes) if o is None]
            return CheckResult(name, "empirical", Level.INCONCLUSIVE, "unresolved: " + ", ".join(bad),
                               tol_s, numbers, rec, [], artifacts=art)
        return CheckResult(name, "empirical", Level.EMPIRICAL,
                           f"{K} moments, KS and edges agree (n={nn}, S={ss}, seed={seed})",
                           tol_s, numbers, rec, [], artifacts=art)
    return Check(name, "empirical", run, description)


def _samplers():
    from ..sampling.ensembles import SAMPLERS
    return SAMPLERS
