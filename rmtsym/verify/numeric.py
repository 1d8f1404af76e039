"""Numeric checks: high-precision values compared to stated digits (NUMERIC)."""

from __future__ import annotations

import sympy

from ..core.errors import require
from .model import Check, CheckResult, Level

__all__ = ['numeric_values']


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
    >>> from rmtsym.verify import Context
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
