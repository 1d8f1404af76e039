"""The Python examples (``>>>``) in docs/*.md run and print what the docs say."""

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
FILES = sorted(p.name for p in DOCS.glob("*.md") if ">>>" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FILES)
def test_docs_examples(name):
    result = doctest.testfile(str(DOCS / name), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/{name} failed"
