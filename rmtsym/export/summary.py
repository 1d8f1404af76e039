"""The verdict table (terminal and Markdown) and the Markdown summary of a run."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..verify.model import Verdict

__all__ = ["COLUMNS", "table_rows", "format_table", "markdown_table", "summary_markdown"]

#: Columns of the verdict table.
COLUMNS = ("claim", "source", "exact", "numeric", "empirical", "verdict", "time")


def table_rows(verdicts: Iterable[Verdict]) -> list[dict[str, str]]:
    """One row per verdict: claim, source, the level of each route, verdict, time.

    Parameters
    ----------
    verdicts : list of rmtsym.verify.Verdict

    Returns
    -------
    list of dict
        Keys :data:`COLUMNS`; a route without checks shows ``-``; the verdict
        reads ``REFUTED (expected)`` for an erratum that behaves as declared and
        ends with ``!`` when it differs from the declaration.

    Examples
    --------
    >>> from rmtsym.verify import Claim, Context, exact_sequences
    >>> cl = Claim("demo", "t", "000_abc.txt", "eq", "$x$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    >>> row = table_rows([cl.run(Context())])[0]
    >>> row["exact"], row["numeric"], row["verdict"]
    ('EXACT', '-', 'EXACT')
    """
    rows = []
    for v in verdicts:
        row = {"claim": v.claim.id, "source": v.claim.source.split("_")[0] if v.claim.source else ""}
        for route in ("exact", "numeric", "empirical"):
            lv = v.route_level(route)
            row[route] = lv.value if lv is not None else "-"
        verdict = v.level.value
        if v.claim.expected.value == "REFUTED" and v.matches:
            verdict += " (expected)"
        if not v.matches:
            verdict += f" ! expected {v.claim.expected.value}"
        row["verdict"] = verdict
        row["time"] = f"{v.seconds:.1f}s"
        rows.append(row)
    return rows


def format_table(rows: Sequence[dict[str, Any]]) -> str:
    """Plain-text table with aligned columns.

    Parameters
    ----------
    rows : list of dict
        As returned by :func:`table_rows`.

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_table([{c: c.upper() for c in COLUMNS}]).splitlines()[0].split())
    ['claim', 'source', 'exact', 'numeric', 'empirical', 'verdict', 'time']
    """
    widths = {c: max([len(c)] + [len(str(r[c])) for r in rows]) for c in COLUMNS}
    line = "  ".join(c.ljust(widths[c]) for c in COLUMNS)
    sep = "  ".join("-" * widths[c] for c in COLUMNS)
    body = ["  ".join(str(r[c]).ljust(widths[c]) for c in COLUMNS) for r in rows]
    return "\n".join([line, sep] + body)


def markdown_table(rows: Sequence[dict[str, Any]]) -> str:
    """Markdown table of the rows.

    Parameters
    ----------
    rows : list of dict

    Returns
    -------
    str

    Examples
    --------
    >>> markdown_table([]).splitlines()[0]
    '| claim | source | exact | numeric | empirical | verdict | time |'
    """
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(" --- " for _ in COLUMNS) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(r[c]).replace("|", "\\|") for c in COLUMNS) + " |")
    return "\n".join(out)


def summary_markdown(verdicts: Sequence[Verdict], mode: str = "quick", jobs: int = 1,
                     seconds: float | None = None,
                     files: dict[str, dict[str, str]] | None = None) -> str:
    """The Markdown summary of a run: table, then one paragraph per claim.

    Parameters
    ----------
    verdicts : list of Verdict
    mode : str, optional
    jobs : int, optional
    seconds : float, optional
        Total wall time.
    files : dict, optional
        ``{claim_id: {"certificate": ..., "figure": ..., "tex": ...}}`` (relative paths).

    Returns
    -------
    str

    Examples
    --------
    >>> summary_markdown([]).startswith("# rmtsym verify")
    True
    """
    files = files or {}
    bad = [v.claim.id for v in verdicts if not v.matches]
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    head = [f"# rmtsym verify — {len(verdicts)} claims, {mode} mode", "",
            f"Run {now}, sampling pool of {jobs} process(es)"
            + (f", {seconds:.1f} s in all." if seconds is not None else "."),
            "", ("All verdicts are as declared." if not bad else
                 "**Verdicts that differ from the declaration:** " + ", ".join(bad)), "",
            markdown_table(table_rows(verdicts)), "",
            "Levels: EXACT (symbolic identity), CERTIFIED (rigorous enclosure), NUMERIC (agreement to "
            "stated digits with an error estimate), EMPIRICAL (sampled agreement within a stated test), "
            "INCONCLUSIVE (undecided; never a pass), REFUTED.  An erratum is a seed statement kept with "
            "expected verdict REFUTED.", ""]
    body = []
    for v in verdicts:
        c = v.claim
        body += [f"## {c.id}: {c.title}", "",
                 f"Source `{c.source}`, {c.formula}.  Expected **{c.expected.value}**, got "
                 f"**{v.level.value}** ({'as declared' if v.matches else 'DIFFERS'}).", ""]
        if c.erratum:
            body += [f"*Erratum:* {c.erratum}" + (f" Corrected claim: `{c.corrected_by}`." if c.corrected_by else ""), ""]
        shown = {k.name: k.label for k in c.checks}
        for r in v.checks:
            # the label (prose rule: $…$ renders in Markdown) when set, else the name as code
            label = shown.get(r.name)
            name = label if label is not None else f"`{r.name}`"
            body.append(f"- [{r.route}] {name}: **{r.level.value}** — {r.message}")
        f = files.get(c.id, {})
        if f:
            body += [""] + [f"{k}: `{p}`" + "  " for k, p in f.items() if p]
        if f.get("figure"):
            body += ["", f"![{c.id}]({f['figure']})"]
        body.append("")
    return "\n".join(head + body)
