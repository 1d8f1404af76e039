"""rmtsym.export: certificates against the schema, LaTeX documents, figures, the summary."""

import copy
import json
import os
import re

import numpy as np
import pytest
import sympy

from rmtsym.core.errors import RmtsymError
from rmtsym.export import certificate, latex, plots, summary
from rmtsym.laws.named import marchenko_pastur
from rmtsym.app.runner import run_claims, write_outputs
from rmtsym.verify import Claim, Context, empirical_spectrum, exact_sequences

from rmtsym.claims import get_claim


def _demo_claim(expected="EXACT", erratum=""):
    c = sympy.Symbol("c")
    mu = marchenko_pastur(c)
    return Claim(
        id="demo_mp", title="MP moments – Narayana & Catalan ⊞ test", source="002_2c85d79b7db582c6.txt",
        formula="§2.1, 50% of it", statement=r"$m_k=\sum_j N(k,j)c^{j-1}$", expected=expected,
        erratum=erratum, theory=lambda: marchenko_pastur(sympy.Rational(1, 2)),
        checks=[exact_sequences("moments", lambda ctx: mu.moments(3),
                                lambda ctx: [1, 1, 1 + c, 1 + 3 * c + c ** 2], "series", "Narayana"),
                empirical_spectrum("sampled", "wishart", {"ratio": 0.5},
                                   lambda ctx, k: marchenko_pastur(sympy.Rational(1, 2)).moments(k),
                                   n=(100, 100), samples=(8, 8), seed=3)])


@pytest.fixture(scope="module")
def demo_verdict():
    return _demo_claim().run(Context())


def test_certificate_validates_and_records_everything(demo_verdict):
    cert = certificate.certificate(demo_verdict, jobs=2, command="rmtsym verify demo_mp")
    assert certificate.validate_certificate(cert)
    assert cert["claim"]["id"] == "demo_mp" and cert["jobs"] == 2
    assert {s["n"] for s in cert["seeds"]} == {100, 50} and all(s["samples"] == 8 for s in cert["seeds"])
    assert cert["versions"]["numpy"] == np.__version__
    exact = cert["checks"][0]["numbers"]
    assert [n["value"] for n in exact] == ["1", "1", "c + 1", "c**2 + 3*c + 1"]
    json.dumps(cert)  # serialisable


def test_invalid_certificate_names_the_field(demo_verdict):
    pytest.importorskip("jsonschema")
    cert = certificate.certificate(demo_verdict)
    bad = copy.deepcopy(cert)
    bad["verdict"] = "PROBABLY"
    with pytest.raises(RmtsymError, match="verdict"):
        certificate.validate_certificate(bad)
    bad = copy.deepcopy(cert)
    bad["checks"][0]["route"] = "vibes"
    with pytest.raises(RmtsymError, match="checks/0/route"):
        certificate.validate_certificate(bad)


def test_schema_ships_with_the_package():
    assert os.path.isfile(certificate.SCHEMA_PATH)
    assert certificate.load_schema()["$schema"].startswith("http://json-schema.org/")


def test_latex_escaping():
    assert latex.escape_text("a_b & 50% #1 {x}") == r"a\_b \& 50\% \#1 \{x\}"
    assert latex.unicode_to_latex("SC ⊞ MP, ½δ₀") == r"SC $\boxplus$ MP, $\frac12$$\delta$$_0$"
    assert latex.unicode_to_latex("\u2603") == "?"


def _balanced(tex):
    begins = re.findall(r"\\begin\{(\w+\*?)\}", tex)
    ends = re.findall(r"\\end\{(\w+\*?)\}", tex)
    plain = re.sub(r"\\[{}$]", "", tex)          # drop escaped braces and dollars
    depth = 0
    for ch in plain:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return (sorted(begins) == sorted(ends) and tex.count("\\[") == tex.count("\\]")
            and depth == 0 and plain.count("$") % 2 == 0)


def test_latex_document_structure(demo_verdict):
    tex = latex.document(demo_verdict, title="demo")
    assert tex.isascii()
    assert tex.startswith("\\documentclass") and "\\usepackage{amsmath" in tex
    assert _balanced(tex)
    # the derivation: theory steps, resulting equation, moments, checks, verdict
    assert "Marchenko" in tex and "Result." in tex and "First moments" in tex
    assert "m_{2} = \\frac{3}{2}" in tex
    assert "\\textbf{EXACT}" in tex
    # numbered, labelled equations; a closing statement referring to the result
    assert "\\begin{equation}\\label{eq:demo_mp:result}" in tex or "\\label{eq:" in tex
    assert "\\subsection*{Conclusion}" in tex and "Hence" in tex


def test_latex_steps_once_and_single_title(demo_verdict):
    """A law used several times is derived once; a one-claim document has no second title."""
    from rmtsym import free_mul, marchenko_pastur
    mp = marchenko_pastur(2)
    mu = free_mul(free_mul(mp, mp), mp)
    steps = latex.unique_steps(mu.steps)
    assert len(steps) < len(mu.steps)
    assert sum(1 for s in steps if s["title"] == "Marchenko--Pastur law") == 1
    tex = latex.document(demo_verdict, title=demo_verdict.claim.title)
    assert "\\maketitle" not in tex and tex.count("\\section{") == 1


@pytest.mark.parametrize("cid", ["mp_course", "pw_fisher_linear_erratum", "r_transform_survey_erratum",
                                 "shifted_mp_liao_couillet"])
def test_latex_of_the_claims_is_balanced(cid):
    v = get_claim(cid).run(Context(), routes=("exact",))
    tex = latex.document(v)
    assert tex.isascii() and _balanced(tex)


def test_latex_of_a_real_claim_has_the_elimination_steps():
    v = get_claim("free_add_sc_mp").run(Context(), routes=("exact",))
    tex = latex.document(v)
    assert _balanced(tex) and tex.isascii()
    assert "R(w) = w + \\frac{1}{1 - \\frac{w}{2}}" in tex or "R(w) =" in tex
    assert tex.count("\\paragraph") >= 6


def test_measures_print_themselves():
    mu = marchenko_pastur(sympy.Rational(1, 2))
    assert mu._repr_latex_().startswith("$") and "= 0" in mu._latex()
    assert sympy.latex(mu) == mu._latex()


def test_tex_compiles_where_a_tex_engine_exists(tmp_path, demo_verdict):
    """Compiles (.ci/run installs latexmk/pdflatex and poppler), cleans up, and page 1 has ink."""
    import shutil
    import subprocess
    path = latex.write_document(demo_verdict, str(tmp_path / "demo.tex"))
    ok, info = latex.compile_tex(path)
    if ok is None:
        pytest.skip(f"TeX compile check SKIPPED: {info}")
    assert ok, info
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".aux", ".log", ".fls"))
    assert not leftovers, leftovers
    if shutil.which("pdftoppm") is None:
        pytest.skip("page rendering SKIPPED: no pdftoppm (poppler)")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", info,
                    str(tmp_path / "page")], check=True, capture_output=True)
    png = next(tmp_path.glob("page*.png"))
    import matplotlib.image as mpimg
    img = mpimg.imread(str(png))
    dark = (img[..., :3].mean(axis=2) < 0.5).mean()
    assert dark > 0.002, f"page 1 is blank ({dark:.4%} dark pixels)"


def test_plot_writes_png(tmp_path, demo_verdict):
    p = plots.plot_verdict(demo_verdict, str(tmp_path / "demo.png"))
    assert p and open(p, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(RmtsymError, match="path"):
        plots.plot_density(str(tmp_path / "x.pdf"), np.zeros(3))
    with pytest.raises(RmtsymError, match="pooled or density"):
        plots.plot_density(str(tmp_path / "x.png"))


def test_plot_from_theory_when_nothing_was_sampled(tmp_path):
    v = get_claim("r_transform_survey_erratum").run(Context())
    data = plots.figure_data(v)
    assert data["pooled"] is None and data["density"] is not None
    assert plots.plot_verdict(v, str(tmp_path / "rt.png"))


def test_summary_table_and_markdown(demo_verdict):
    rows = summary.table_rows([demo_verdict])
    assert rows[0]["claim"] == "demo_mp" and rows[0]["source"] == "002"
    assert rows[0]["exact"] == "EXACT" and rows[0]["numeric"] == "-"
    md = summary.summary_markdown([demo_verdict])
    assert "| demo_mp | 002 | EXACT |" in md
    txt = summary.format_table(rows)
    assert txt.splitlines()[0].split() == list(summary.COLUMNS)


def test_write_outputs_files(tmp_path, demo_verdict):
    files = write_outputs([demo_verdict], str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["demo_mp.json", "demo_mp.png", "demo_mp.tex", "summary.md"]
    assert files["demo_mp"]["figure"] == "demo_mp.png"
    assert certificate.validate_certificate(str(tmp_path / "demo_mp.json"))
    assert "![demo_mp](demo_mp.png)" in (tmp_path / "summary.md").read_text()
