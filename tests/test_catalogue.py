"""docs/claims.md is generated from the claims and must be up to date."""

from pathlib import Path

from rmtsym.export.catalogue import claims_markdown
from rmtsym.verify import registry


def test_committed_catalogue_is_up_to_date():
    path = Path(__file__).resolve().parent.parent / "docs" / "claims.md"
    assert path.read_text(encoding="utf-8") == claims_markdown(), (
        "docs/claims.md is stale: run  python -m rmtsym.export.catalogue > docs/claims.md")


def test_catalogue_lists_every_claim_and_every_erratum():
    text = claims_markdown()
    claims = registry.discover()
    for cid, c in claims.items():
        assert f"| `{cid}` |" in text
    errata = text.split("## Errata", 1)[1]
    first_column = {line.split("|")[1].strip() for line in errata.splitlines() if line.startswith("| `")}
    for cid, c in claims.items():
        assert (f"`{cid}`" in first_column) == (c.expected.value == "REFUTED")
