"""The Sphinx site (user guide + API reference from the numpydoc docstrings) builds with
warnings as errors."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("numpydoc")
pytest.importorskip("myst_parser")

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.slow
def test_sphinx_builds_without_warnings(tmp_path):
    gen = DOCS / "api" / "generated"
    shutil.rmtree(gen, ignore_errors=True)
    try:
        p = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
                            str(DOCS), str(tmp_path / "site")], capture_output=True, text=True)
    finally:
        shutil.rmtree(gen, ignore_errors=True)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    html = (tmp_path / "site" / "api" / "generated" / "rmtsym.models.gram.GramSpectrum.html")
    assert html.exists() and "Parameters" in html.read_text(encoding="utf-8")
    assert (tmp_path / "site" / "claims.html").exists()
