r"""The claims catalogue: one Markdown table of every installed claim, generated from the claims.

``docs/claims.md`` is this module's output (``python -m rmtsym.export.catalogue > docs/claims.md``);
a test checks that the committed file is up to date, so the catalogue cannot drift from the
claims.  Errata (expected REFUTED) get their own table with what is wrong, the companion claim
that states what is true, and the checks that must refute them.

Examples
--------
>>> from rmtsym.export.catalogue import claims_markdown
>>> text = claims_markdown()
>>> "| `mp_survey` |" in text and "## Errata" in text
True
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .latex import clip_prose

if TYPE_CHECKING:
    from ..verify.model import Claim, Verdict

__all__ = ["claims_markdown", "main"]

#: seed file prefix -> short description of the source document
SEEDS = {
    "000": "Pastur (2022 talk), spectra of deep-network Jacobians",
    "001": "Liao (2023 course), RMT for machine learning",
    "002": "Kim (2020 survey), RMT of deep networks",
    "003": "Hanin & Nica (2020), products of many random matrices",
    "004": "Wang & Zhu (2021 talk), ultra-wide kernels",
}


def _cell(text: object, limit: int | None = None) -> str:
    """One table cell: whitespace collapsed, clipped to ``limit`` characters without splitting a
    ``$…$`` or backtick span (claim texts keep their math, which GitHub and MyST render), pipes
    escaped."""
    t = " ".join(str(text).split())
    if limit:
        t = clip_prose(t, limit)
    return t.replace("|", "\\|")


def _check_shown(claim: Claim, name: str) -> str:
    """A check as the catalogue shows it: its ``label`` (prose rule) when set, else the name (the
    key, an identifier) in backticks."""
    label = next((k.label for k in claim.checks if k.name == name), None)
    return label if label is not None else f"`{name}`"


def claims_markdown(claims: Iterable[Claim] | None = None) -> str:
    """The catalogue as Markdown.

    Parameters
    ----------
    claims : iterable of rmtsym.verify.Claim, optional
        Default: every installed claim (:func:`rmtsym.verify.registry.discover`).

    Returns
    -------
    str
    """
    if claims is None:
        from ..verify import registry
        claims = list(registry.discover().values())
    claims = sorted(claims, key=lambda c: (c.source, c.id))
    lines = ["# Claims catalogue", "",
             "Generated from the claims by `python -m rmtsym.export.catalogue` (a test keeps it "
             "up to date). Each claim cites its seed document and formula; `rmtsym verify ID` "
             "runs it, `rmtsym latex ID` writes its derivation.", ""]
    by_seed: dict[str, list[Claim]] = {}
    for c in claims:
        by_seed.setdefault(c.source[:3], []).append(c)
    for seed in sorted(by_seed):
        lines += [f"## Seed {seed}: {SEEDS.get(seed, by_seed[seed][0].source)}", "",
                  "| claim | statement | formula | routes | expected |",
                  "| --- | --- | --- | --- | --- |"]
        for c in by_seed[seed]:
            routes = ", ".join(sorted({k.route for k in c.checks}))
            lines.append(f"| `{c.id}` | {_cell(c.title)} | {_cell(c.formula, 240)} | {routes} "
                         f"| {c.expected.value} |")
        lines.append("")
    errata = [c for c in claims if c.expected.value == "REFUTED"]
    lines += ["## Errata", "",
              "Seed statements that fail, each kept as a claim expected REFUTED beside the "
              "corrected claim.", "",
              "| erratum | seed | what is wrong (evidence) | corrected by | refuting checks |",
              "| --- | --- | --- | --- | --- |"]
    for c in errata:
        corrected = f"`{c.corrected_by}`" if c.corrected_by else "—"
        by = "; ".join(_check_shown(c, n) for n in c.refuted_by) if c.refuted_by else "any check"
        lines.append(f"| `{c.id}` | {c.source[:3]} | {_cell(c.erratum, 260)} | {corrected} | "
                     f"{_cell(by, 200)} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the catalogue (``python -m rmtsym.export.catalogue``)."""
    sys.stdout.write(claims_markdown())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
