"""The claim model: levels, contexts, checks, claims and verdicts (no mathematics here)."""

from __future__ import annotations

import math
import time
import traceback
from dataclasses import dataclass, field
from enum import Enum
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np

from ..core.errors import RmtsymError, require
from .report import fmt

T = TypeVar("T")

__all__ = ['Level', 'combine_levels', 'matches_expected', 'Context', 'CheckResult', 'Check', 'Claim', 'Verdict', 'HOLDS', 'ROUTES']


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
    def holds(self) -> bool:
        """True for EXACT, CERTIFIED, NUMERIC, EMPIRICAL."""
        return self in HOLDS

    @property
    def strength(self) -> int:
        """4 for EXACT down to 1 for EMPIRICAL; 0 otherwise."""
        return _STRENGTH.get(self, 0)

    def __str__(self) -> str:
        return self.value


HOLDS = (Level.EXACT, Level.CERTIFIED, Level.NUMERIC, Level.EMPIRICAL)
_STRENGTH = {Level.EXACT: 4, Level.CERTIFIED: 3, Level.NUMERIC: 2, Level.EMPIRICAL: 1}
ROUTES = ("exact", "numeric", "empirical")


def _level(x: object, name: str = "level") -> Level:
    if isinstance(x, Level):
        return x
    try:
        return Level(str(x).upper())
    except ValueError:
        raise RmtsymError(f"{name} must be one of {[l.value for l in Level]}, got {x!r}") from None


def combine_levels(levels: Iterable[Level | str]) -> Level:
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
    lvls = [_level(l) for l in levels]
    if Level.REFUTED in lvls:
        return Level.REFUTED
    passing = [l for l in lvls if l.holds]
    if not passing:
        return Level.INCONCLUSIVE
    return max(passing, key=lambda l: l.strength)


def matches_expected(verdict: Level | str, expected: Level | str) -> bool:
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

    def __post_init__(self) -> None:
        require(self.mode in ("quick", "full"), f"mode must be 'quick' or 'full', got {self.mode!r}")
        require(isinstance(self.jobs, int) and self.jobs >= 1,
                f"jobs must be a positive integer, got {self.jobs!r}")

    def pick(self, quick: T, full: T) -> T:
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
    tolerance_latex : str
        The tolerance for the LaTeX derivation, in the prose rule of
        :func:`rmtsym.export.latex.prose_to_latex` (math in ``$…$``); empty:
        the plain ``tolerance`` is set as code.
    """

    name: str
    route: str
    level: Level
    message: str = ""
    tolerance: str = ""
    numbers: list[dict[str, Any]] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    artifacts: dict[str, Any] = field(default_factory=dict, repr=False)
    tolerance_latex: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (artifacts left out)."""
        return {"name": self.name, "route": self.route, "level": self.level.value,
                "message": self.message, "tolerance": self.tolerance,
                "numbers": self.numbers, "record": _jsonable(self.record),
                "steps": self.steps, "seconds": round(self.seconds, 3)}


def _jsonable(obj: Any) -> Any:
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
    r"""One route of verification of a claim.

    Attributes
    ----------
    name : str
        Short name: the key (``refuted_by=``, certificates, ``--sampled``
        selection, tests); shown where no ``label`` is set.
    route : str
        ``exact``, ``numeric`` or ``empirical``.
    fn : callable
        ``fn(ctx) -> CheckResult``.
    description : str
        What is compared with what (claim prose: math in ``$…$``, code in
        backticks; see :class:`Claim`).
    label : str or None
        Display form of the name, in the prose rule (math in ``$…$``, code in
        backticks; e.g. ``r"$D(\epsilon)$ divides $\operatorname{Disc}_G$"``).
        Shown where the check is shown: the LaTeX appendix (through
        :func:`rmtsym.export.latex.prose_to_latex`), the Markdown summary and the
        claims catalogue.  ``None``: the name itself is shown, verbatim as an
        identifier (``\texttt`` in LaTeX, backticks in Markdown).  A name that
        holds ASCII math should have a label.  ``name`` stays the key
        (``refuted_by=``, certificates, ``--sampled`` selection); certificates
        record only the name.

    Examples
    --------
    >>> c = Check("D(eps) > 0", "exact", lambda ctx: None, label=r"$D(\epsilon) > 0$")
    >>> print(c.name, "|", c.shown)
    D(eps) > 0 | $D(\epsilon) > 0$
    """

    name: str
    route: str
    fn: Callable[[Context], Any]
    description: str = ""
    label: str | None = None

    def __post_init__(self) -> None:
        require(self.route in ROUTES, f"route must be one of {ROUTES}, got {self.route!r}")
        require(self.label is None or (isinstance(self.label, str) and self.label.strip() != ""),
                f"label must be None or a non-empty string, got {self.label!r}")

    @property
    def shown(self) -> str:
        """The label when set, else the name (what a reader sees)."""
        return self.label if self.label is not None else self.name

    def run(self, ctx: Context) -> CheckResult:
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
        Identifier (the rmtsym/claims/ file name without ``.py``).
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
    refuted_by : tuple of str
        For an erratum: the names of the checks that must each come out
        REFUTED.  The verdict matches the declaration only when all of them
        refute — a REFUTED verdict reached by another check (a bug elsewhere)
        does not pass as the expected erratum.

    Notes
    -----
    ``formula``, ``notes``, ``erratum`` and every check's ``description`` are
    *claim prose*: text (Unicode allowed) with inline mathematics in ``$…$``
    (LaTeX: ``r"$\\sigma_w^2 = 3/2$"``, never ``sigma_w^2 = 3/2``) and code —
    identifiers, claim ids, module paths — in backticks (`` `free_add` ``);
    ``\\$`` is a dollar sign.  The LaTeX export typesets them with
    :func:`rmtsym.export.latex.prose_to_latex`; the tests reject ASCII
    spellings of mathematics outside ``$…$`` (:func:`rmtsym.export.latex.ascii_math`).
    """

    id: str
    title: str
    source: str
    formula: str
    statement: str
    expected: Any
    checks: list[Check]
    theory: Callable[[], Any] | None = None
    erratum: str = ""
    corrected_by: str = ""
    erratum_of: str = ""
    notes: str = ""
    refuted_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require(isinstance(self.id, str) and self.id.replace("_", "").isalnum(),
                f"id must be an identifier, got {self.id!r}")
        self.expected = _level(self.expected, "expected")
        require(self.checks, f"claim {self.id}: checks must not be empty")
        require(self.expected is not Level.REFUTED or self.erratum,
                f"claim {self.id}: an erratum (expected REFUTED) must state the erratum")
        if isinstance(self.refuted_by, str):
            self.refuted_by = (self.refuted_by,)
        self.refuted_by = tuple(self.refuted_by)
        names = [c.name for c in self.checks]
        for name in self.refuted_by:
            require(name in names, f"claim {self.id}: refuted_by names {name!r}, which is not one "
                                   f"of its checks {names}")
        require(not self.refuted_by or self.expected is Level.REFUTED,
                f"claim {self.id}: refuted_by is only for an erratum (expected REFUTED)")

    def run(self, ctx: Context | None = None, routes: Iterable[str] | None = None) -> Verdict:
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
    checks: list[CheckResult]
    seconds: float
    mode: str = "quick"

    @property
    def expected(self) -> Level:
        """The claim's declared verdict."""
        return self.claim.expected

    @property
    def matches(self) -> bool:
        """Whether the verdict is the declared one (see :func:`matches_expected`).

        For an erratum naming its refuting checks (``Claim.refuted_by``) each of
        them that ran (a run may be restricted to some routes) must come out
        REFUTED, and at least one of them must have run.
        """
        if not matches_expected(self.level, self.claim.expected):
            return False
        if self.claim.refuted_by:
            by_name = {r.name: r.level for r in self.checks}
            ran = [by_name[n] for n in self.claim.refuted_by if n in by_name]
            return bool(ran) and all(lv is Level.REFUTED for lv in ran)
        return True

    def route_level(self, route: str) -> Level | None:
        """Combined level of one route, or None when the claim has no check on it."""
        lv = [r.level for r in self.checks if r.route == route]
        return combine_levels(lv) if lv else None
