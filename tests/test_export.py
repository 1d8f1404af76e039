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



def _claim_texts(c):
    yield c.id
    yield c.title
    for field in ("formula", "notes", "erratum"):
        yield getattr(c, field, "") or ""
    for ch in c.checks:
        yield ch.name
        yield getattr(ch, "description", "") or ""


def test_every_character_of_the_claims_has_a_latex_form():
    """A character without a mapping is typeset as '?': a formula that prints wrong.  Every
    non-ASCII character of every claim's title, formula, notes, erratum, check names and
    descriptions must be in the table (ς, Θ, ‖, ∬ were not)."""
    from rmtsym.verify.registry import discover
    missing = {}
    for c in discover().values():
        for text in _claim_texts(c):
            for ch in str(text):
                if ord(ch) > 127 and ch not in latex._UNICODE:
                    missing.setdefault(ch, set()).add(c.id)
    assert not missing, "characters typeset as '?': " + ", ".join(
        f"{ch!r} ({', '.join(sorted(ids)[:3])})" for ch, ids in sorted(missing.items()))
    # and the table's own forms: each is ASCII, math forms balance their dollars
    for ch, form in latex._UNICODE.items():
        assert form.isascii() and form.count("$") % 2 == 0, (ch, form)

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



def test_each_derivation_step_is_typeset_once_per_claim():
    """Issue 17: a check's route rebuilt the derivation's laws and the appendix printed the relu chain
    twice (9 identical Composition / Elimination blocks).  A step already typeset is cited, not
    repeated: (a) the step writer on a derivation and a check that shares two of its steps;
    (b) the real claim jacobian_relu_hardtanh_L2 (exact route): every (title, equation) pair once."""
    shown = {}
    deriv = [{"title": "Discrete law", "latex": "x = 1"}, {"title": "Composition", "latex": "S = S_1 S_2"}]
    check = deriv + [{"title": "Difference", "latex": "0"}, {"title": "Composition", "latex": "S = S_1 S_2"}]
    first = latex._steps_latex(deriv, prefix="eq:d", shown=shown)
    second = latex._steps_latex(check, prefix="eq:d:c1", shown=shown)
    assert first.count("\\paragraph") == 2 and second.count("\\paragraph") == 1
    assert "Uses \\eqref{eq:d:1}, \\eqref{eq:d:2} (derived above)" in second and "Difference" in second
    v = get_claim("jacobian_relu_hardtanh_L2").run(Context(), routes=("exact",))
    tex = latex.document(v)
    assert _balanced(tex) and tex.isascii()
    blocks = []
    for chunk in tex.split("\\paragraph{")[1:]:
        title, _, body = chunk.partition("}")
        body = re.sub(r"\\label\{[^}]*\}", "", body.split("\\subsection")[0]).strip()
        if not title.startswith("[") and body:
            blocks.append((re.sub(r"^Step \d+\. ", "", title), body))
    assert len(blocks) == len(set(blocks)), [b for b in blocks if blocks.count(b) > 1][:3]
    assert tex.count("Composition}") <= 2 and "derived above" in tex

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


# --------------------------------------------------------------------------- claim prose

@pytest.mark.parametrize("prose, tex", [
    # math passes through, text around it is escaped
    (r"at $\sigma_w^2 = 3/2$ and 50% of it", r"at $\sigma_w^2 = 3/2$ and 50\% of it"),
    # code in backticks is set in \texttt with its specials escaped
    ("see `free_add` and `rmtsym.sampling.fisher`",
     r"see \texttt{free\_add} and \texttt{rmtsym.sampling.fisher}"),
    # an escaped dollar is a dollar sign; a lone one is literal text
    (r"costs \$5 & more", r"costs \$5 \& more"),
    ("a lone $ sign", r"a lone \$ sign"),
    # Unicode: in text it becomes inline math, inside $…$ a bare command and a space
    ("α ≤ 1, $α ≤ 1$", r"$\alpha$ $\le$ 1, $\alpha  \le  1$"),
    ("", ""),
])
def test_prose_to_latex_by_hand(prose, tex):
    assert latex.prose_to_latex(prose) == tex


@pytest.mark.parametrize("ascii_text", [
    "sigma_w^2 = 3/2", "sum_k binom(d,k) C_k C_(d-k)", "(1/n^2) tr H0^d",
    "1e-15 * max(1, |reference|)", "x**2", "sqrt(2/pi)", "phi >= 1", "gamma = 1/3",
])
def test_ascii_math_is_found_outside_math(ascii_text):
    """The examples of issue 17 are flagged as prose, and not once they are math or code."""
    assert latex.ascii_math(ascii_text), ascii_text
    assert latex.ascii_math(f"with ${ascii_text}$ here") == []
    assert latex.ascii_math(f"with `{ascii_text}` here") == []


def test_ascii_math_passes_prose_and_unicode_math():
    ok = ("Relu and hardtanh networks, σ_w² is not needed here; see `jacobian_relu_hardtanh_L2`, "
          "the R-transform convention $G = -m$ of docs/conventions.md, weights ≥ 0, a 2×2 table, p. 12.")
    assert latex.ascii_math(ok.replace("σ_w²", "σ²")) == []
    assert latex.ascii_math("σ_w² = 3/2")            # an ASCII underscore is still a subscript


def test_claim_prose_is_typeset_and_compiles(tmp_path):
    """notes, erratum, formula and check descriptions follow the prose rule in the document;
    route 1: the LaTeX pieces by hand; route 2: the document compiles and its text layer reads back."""
    notes = r"Sampled at $\sigma_w^2 = 3/2$, $q_0 = 1$; helpers `free_add`, `mp_claim`; costs \$5."
    erratum = r"The printed $m_2 = \zeta^2(1 + \phi/\psi)$ is wrong; 100% sure."
    cl = Claim(id="demo_prose", title="Prose demo", source="002_2c85d79b7db582c6.txt",
               formula=r"eq. (3): $c z m^2 + (z - 1 + c) m + 1 = 0$", statement=r"$m_1 = 1$",
               expected="REFUTED", erratum=erratum, notes=notes,
               checks=[exact_sequences("c", lambda ctx: [1, 2], lambda ctx: [1, 3], "a", "b",
                                       description=r"the first moments, $m_0$ and $m_1$")])
    tex = latex.document(cl.run(Context()))
    assert tex.isascii() and _balanced(tex)
    assert (r"\textbf{Conventions.} Sampled at $\sigma_w^2 = 3/2$, $q_0 = 1$; helpers "
            r"\texttt{free\_add}, \texttt{mp\_claim}; costs \$5.") in tex
    assert r"\textbf{Erratum.} The printed $m_2 = \zeta^2(1 + \phi/\psi)$ is wrong; 100\% sure." in tex
    assert r"eq. (3): $c z m^2 + (z - 1 + c) m + 1 = 0$." in tex
    assert r"the first moments, $m_0$ and $m_1$" in tex
    assert "sigma\\_w" not in tex and "\\textasciicircum" not in tex
    path = latex.write_document(cl.run(Context()), str(tmp_path / "prose.tex"))
    ok, info = latex.compile_tex(path)
    if ok is None:
        pytest.skip(f"TeX compile check SKIPPED: {info}")
    assert ok, info
    import shutil
    import subprocess
    if shutil.which("pdftotext") is None:
        pytest.skip("text-layer check SKIPPED: no pdftotext (poppler)")
    text = subprocess.run(["pdftotext", info, "-"], capture_output=True, text=True, check=True).stdout
    assert "free_add" in text and "mp_claim" in text and "costs $5" in text and "100% sure" in text


def test_sampled_check_tolerance_is_typeset_as_math(demo_verdict):
    """The empirical route states its tolerance for the document in math (no ASCII spelling)."""
    r = next(r for r in demo_verdict.checks if r.route == "empirical")
    assert r.tolerance and r.tolerance_latex
    assert latex.ascii_math(r.tolerance_latex) == []
    assert latex.ascii_math(r.tolerance)            # the plain form is ASCII (terminal, JSON)
    tex = latex.claim_section(demo_verdict)
    assert "\\emph{Tolerance:} moments: $|\\hat m_k - m_k| \\le 4\\,\\mathrm{se}$" in tex
    assert "with $\\alpha = 0.001$" in tex


# --- check labels: a check's name is its key, its label the prose shown to a reader (issue #17) ---

def _names_with_ascii_math():
    from rmtsym.verify.registry import discover
    return [(cid, k) for cid, c in sorted(discover().items()) for k in c.checks if latex.ascii_math(k.name)]


def _outside_math(text):
    """``text`` with its ``$…$`` spans and backtick spans removed (what is typeset as text)."""
    return re.sub(r"`[^`]*`", "", re.sub(r"(?<!\\)\$[^$]*(?<!\\)\$", "", text))


def test_every_check_name_with_ascii_math_has_a_prose_label():
    """A name such as 'D(eps) divides Disc_G(quartic at z = 0)' is a key (refuted_by=, certificates,
    --sampled selection) and stays as it is; what the documents show is its label, which follows
    the prose rule: no ASCII math outside $…$ and no non-ASCII character outside $…$ either."""
    named = _names_with_ascii_math()
    assert len(named) >= 81                        # the 81 of the issue (names unchanged)
    missing = [f"{cid}: {k.name!r}" for cid, k in named if k.label is None]
    assert not missing, "checks whose name spells math in ASCII need a label=:\n  " + "\n  ".join(missing)
    from rmtsym.verify.registry import discover
    labelled = [(cid, k) for cid, c in sorted(discover().items()) for k in c.checks if k.label is not None]
    bad = [f"{cid}: {k.label!r}: {latex.ascii_math(k.label)}" for cid, k in labelled
           if latex.ascii_math(k.label) or not _outside_math(k.label).isascii()
           or k.label.count("$") % 2]
    assert not bad, "labels must follow the prose rule:\n  " + "\n  ".join(bad)


def test_the_issue_names_are_still_the_keys():
    """The names the issue quotes are unchanged (keys), and each now carries its label."""
    by_name = {k.name: k for cid, k in _names_with_ascii_math()}
    hce = get_claim("hessian_critical_epsilon")
    assert [k.name for k in hce.checks][0] == "D(eps) divides Disc_G(quartic at z = 0)"
    assert by_name["E K^NTK on the diagonal: E sigma'(xi)^2 = kappa'(1)"].label == (
        r"$\mathbb E K^{\mathrm{NTK}}$ on the diagonal: $\mathbb E\, \sigma'(\xi)^2 = \kappa'(1)$")
    dc14 = get_claim("hessian_dc14_erratum")
    assert set(dc14.refuted_by) <= {k.name for k in dc14.checks}


def test_check_label_bad_input():
    from rmtsym.verify import Check
    with pytest.raises(RmtsymError, match="label must be None or a non-empty string"):
        Check("x", "exact", lambda ctx: None, label="")
    with pytest.raises(RmtsymError, match="label must be None or a non-empty string"):
        Check("x", "exact", lambda ctx: None, label=3)


def test_every_check_factory_takes_a_label():
    """Every public factory of rmtsym.verify that returns a Check accepts label= and the check keeps it
    (route 1: the signatures; route 2: checks built and run carry it, their results keep the name)."""
    import inspect
    from rmtsym.verify import certified as vc, empirical as ve, exact as vx, numeric as vn
    from rmtsym.verify import exact_identity, measure_moments_check, numeric_values
    factories = [f for m in (vc, ve, vx, vn) for _, f in inspect.getmembers(m, inspect.isfunction)
                 if f.__module__ == m.__name__ and not f.__name__.startswith("_")
                 and inspect.signature(f).return_annotation in ("Check", "'Check'")]
    assert len(factories) >= 9
    assert [f.__name__ for f in factories if "label" not in inspect.signature(f).parameters] == []
    import mpmath
    lab = r"$m_2 = 1 + c$"
    built = [exact_sequences("m2 = 1 + c", lambda ctx: [1], lambda ctx: [1], "a", "b", label=lab),
             exact_identity("m2 = 1 + c", lambda ctx: (1, 1, []), label=lab),
             numeric_values("m2 = 1 + c", lambda ctx, dps: [("x", mpmath.mpf(1), 1, 0)], label=lab),
             measure_moments_check("m2 = 1 + c", marchenko_pastur(sympy.Rational(1, 2)), K=3, label=lab)]
    for chk in built:
        assert chk.label == lab and chk.name == "m2 = 1 + c"
        res = chk.run(Context())
        assert res.name == "m2 = 1 + c" and res.level.value in ("EXACT", "NUMERIC"), res.message


@pytest.fixture(scope="module")
def hce_verdict():
    return get_claim("hessian_critical_epsilon").run(Context(), routes=("exact", "numeric"))


def test_latex_shows_the_label_never_the_escaped_name(hce_verdict, demo_verdict):
    """Route 1: the check headings written out by hand; route 2: no check name of the claim, escaped
    as text, is anywhere in the document.  A check without a label is named verbatim in \\texttt."""
    tex = latex.document(hce_verdict)
    assert (r"\paragraph{[exact] $D(\epsilon)$ divides $\operatorname{Disc}_G$ of the quartic at "
            r"$z = 0$: EXACT}") in tex
    assert (r"\paragraph{[numeric] left edge crosses $0$ at $\epsilon_c$; index $0$ just below: "
            r"NUMERIC}") in tex
    assert r"\frac{8}{27} \varsigma^2 (1-\phi)^3" in tex
    for k in hce_verdict.claim.checks:
        assert k.label is not None and latex.escape_text(k.name) not in tex, k.name
    assert "Disc\\_G(quartic" not in tex
    demo = latex.claim_section(demo_verdict)
    assert r"\paragraph{[exact] \texttt{moments}: EXACT}" in demo


def test_labelled_claims_compile(tmp_path, hce_verdict):
    path = latex.write_document(hce_verdict, str(tmp_path / "hce.tex"))
    ok, info = latex.compile_tex(path)
    if ok is None:
        pytest.skip(f"TeX compile check SKIPPED: {info}")
    assert ok, info


def test_summary_and_catalogue_show_labels(hce_verdict, demo_verdict):
    """Markdown: a label as written (its $…$ render in GitHub and MyST), an unlabelled name as code;
    the catalogue's refuting-checks column shows the labels of the refuting checks."""
    md = summary.summary_markdown([hce_verdict, demo_verdict])
    assert (r"- [exact] $D(\epsilon)$ divides $\operatorname{Disc}_G$ of the quartic at $z = 0$: "
            "**EXACT**") in md
    assert "D(eps) divides" not in md
    assert "- [exact] `moments`: **EXACT**" in md
    from rmtsym.export.catalogue import claims_markdown
    errata = claims_markdown().split("## Errata", 1)[1]
    row = next(ln for ln in errata.splitlines() if ln.startswith("| `hessian_dc14_erratum` |"))
    assert row.endswith(r"| printed $\rho_c$ ($r_+ r_-$) vs algebraic density |")
    assert "rho_c (r+ r-)" not in row


def test_every_label_typesets_and_compiles(tmp_path):
    """Every check of every labelled claim, sampled ones included, named in one document without
    running anything (results stubbed): the headings are the labels through prose_to_latex, balanced,
    ASCII, and the document compiles (route 2: the TeX engine reads every label's math)."""
    import dataclasses
    from rmtsym.verify.model import CheckResult, Level, Verdict
    from rmtsym.verify.registry import discover
    verdicts = [Verdict(dataclasses.replace(c, theory=None), Level.EXACT,
                        [CheckResult(k.name, k.route, Level.EXACT, "stub") for k in c.checks], 0.0)
                for _, c in sorted(discover().items()) if any(k.label for k in c.checks)]
    tex = latex.document(verdicts)
    assert tex.isascii() and _balanced(tex)
    labels = [k.label for v in verdicts for k in v.claim.checks if k.label]
    assert len(labels) >= 81
    for lab in labels:
        assert latex.prose_to_latex(lab) + ": EXACT}" in tex, lab
    path = latex.write_document(verdicts, str(tmp_path / "labels.tex"))
    ok, info = latex.compile_tex(path)
    if ok is None:
        pytest.skip(f"TeX compile check SKIPPED: {info}")
    assert ok, info


# --- numbers tables and check messages: numbers as math, prose as prose, machine text as code ---

@pytest.mark.parametrize("cell, tex", [
    ("1.5e-07", r"$1.5\times 10^{-7}$"),
    ("-2.5E+03", r"$-2.5\times 10^{3}$"),
    ("1e-15", r"$10^{-15}$"),
    ("-3/2", r"$-3/2$"),
    ("0.25+1e-3j", r"$0.25+10^{-3}i$"),
    ("4 se = 1.2e-03", r"4 se = $1.2\times 10^{-3}$"),
    (r"$\kappa_2$ at $\phi = 2/5$", r"$\kappa_2$ at $\phi = 2/5$"),
    ("KS distance", "KS distance"),
    ("m_3 (2m(n)-m(n/2))", r"\texttt{m\_3 (2m(n)-m(n/2))}"),
    ("|gap| <= 0.1", r"\texttt{|gap| \textless{}= 0.1}"),
    ("`free_add` at 50%", r"\texttt{free\_add} at 50\%"),
    # a refuted message: machine text beside a prose label's $…$ (was set as code, dollars and all)
    (r"c_0: 1 ($\frac{\psi}{z}$) != -1", r"\texttt{c\_0: 1 (}$\frac{\psi}{z}$\texttt{) != -1}"),
])
def test_table_cell_by_hand(cell, tex):
    """Each kind of cell, the expected LaTeX written by hand."""
    assert latex.table_cell(cell) == tex


def test_numbers_table_and_message_typeset_and_compile(tmp_path):
    """A numeric check's table and message in a document: the cells by hand (route 1), the document
    compiles and its text layer reads the numbers back (route 2); no ASCII exponent or escaped
    underscore of a number or prose cell reaches the page."""
    from rmtsym.verify.model import Check, CheckResult, Level
    rows = [{"label": r"$m_{3}$ of $\rho$", "value": "0.123456789", "reference": "1.25e-08",
             "tolerance": "1e-15", "outcome": "agree"},
            {"label": "m_4 (ball quadrature)", "value": "-7/3", "reference": "2.5E+03",
             "tolerance": "4 se = 1.2e-03", "outcome": "agree"}]

    def fn(ctx):
        return CheckResult("table", "numeric", Level.NUMERIC, "2 values agree to $10^{-15}$", "", rows)
    cl = Claim(id="demo_table", title="Table demo", source="002_2c85d79b7db582c6.txt", formula="eq. (1)",
               statement="$m_1 = 1$", expected="NUMERIC", checks=[Check("table", "numeric", fn)])
    tex = latex.document(cl.run(Context()))
    assert tex.isascii() and _balanced(tex)
    assert (r"$m_{3}$ of $\rho$ & $0.123456789$ & $1.25\times 10^{-8}$ & $10^{-15}$ & agree \\") in tex
    assert (r"\texttt{m\_4 (ball quadrature)} & $-7/3$ & $2.5\times 10^{3}$ & 4 se = $1.2\times 10^{-3}$"
            r" & agree \\") in tex
    assert "2 values agree to $10^{-15}$\n" in tex
    assert "1e-15" not in tex and "1.25e-08" not in tex
    path = latex.write_document(cl.run(Context()), str(tmp_path / "table.tex"))
    ok, info = latex.compile_tex(path)
    if ok is None:
        pytest.skip(f"TeX compile check SKIPPED: {info}")
    assert ok, info
    import shutil
    import subprocess
    if shutil.which("pdftotext") is None:
        pytest.skip("text-layer check SKIPPED: no pdftotext (poppler)")
    text = subprocess.run(["pdftotext", info, "-"], capture_output=True, text=True, check=True).stdout
    assert "0.123456789" in text and "m_4 (ball quadrature)" in text and "Table demo" in text


def test_a_refuted_message_keeps_its_mathematics():
    """The erratum gram_pw17_convention_erratum refutes with a message holding both machine text
    (``c_0: 1 … != -1``) and its routes' prose labels ($…$): the document sets the labels as
    mathematics (route 1: the label's LaTeX appears verbatim) and never prints LaTeX source as
    text (route 2: no escaped backslash or dollar anywhere in the document)."""
    from rmtsym.claims import get_claim
    v = get_claim("gram_pw17_convention_erratum").run(Context(), routes=("exact",))
    refuted = [r for r in v.checks if r.level.name == "REFUTED"]
    assert refuted and "$" in refuted[0].message
    tex = latex.document(v)
    assert r"\textbackslash" not in tex and r"\$" not in tex
    math = [piece for kind, piece in latex._split_prose(refuted[0].message) if kind == "math"]
    assert math and all("$" + m + "$" in tex for m in math)


def test_figure_panels_are_titled_by_the_check_label():
    """A sampled check's panel carries its label (prose, $…$ set by mathtext), not its key; an
    unlabelled check keeps its name."""
    lab = r"sampled $\mathrm{MP}(1/2)$, $n = 100$"
    cl = Claim(id="demo_panel", title="Panel demo", source="002_2c85d79b7db582c6.txt", formula="eq",
               statement="$m_1 = 1$", expected="EMPIRICAL",
               checks=[empirical_spectrum(name, "wishart", {"ratio": 0.5},
                                          lambda ctx, k: marchenko_pastur(sympy.Rational(1, 2)).moments(k),
                                          n=(100, 100), samples=(4, 4), seed=5, label=lb)
                       for name, lb in (("sampled_mp_half", lab), ("plain", None))])
    v = cl.run(Context())
    assert [p["label"] for p in plots.figure_panels(v)] == [lab, "plain"]
    fig = plots.verdict_figure(v)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert lab in titles and "sampled_mp_half" not in titles


def test_wrap_prose_breaks_only_outside_spans():
    """Route 1: the lines rejoined by single spaces give back the text (nothing lost when it
    fits); route 2: every line is within the width and has balanced ``$``, and the span that
    straddles the width moves whole to the next line."""
    title = (r"PB17 index near $\epsilon_c$: $\alpha(\epsilon) \approx \alpha_0 "
             r"(\epsilon - \epsilon_c)^{3/2}$ with the amplitude from $f(w_c)$ and `f_eps`")
    lines = latex.wrap_prose(title, 70, lines=3)
    assert len(lines) == 3 and " ".join(lines) == title
    assert all(len(ln) <= 70 and ln.count("$") % 2 == 0 and ln.count("`") % 2 == 0 for ln in lines)
    assert lines[0].endswith("$\\epsilon_c$:")          # the 3/2-law span did not fit after it
    assert lines[1].startswith("$\\alpha") and "^{3/2}$" in lines[1]     # the span whole
    clipped = latex.wrap_prose(title * 2, 70, lines=3)
    assert len(clipped) == 3 and clipped[2].endswith("…") and len(clipped[2]) <= 70
    assert latex.wrap_prose("short", 60) == ["short"]
    # route 3, on random prose (fixed seed): where nothing is clipped, the lines' math and code
    # runs are exactly those the typesetter reads in the whole text (no break inside a span, an
    # empty pair such as ``$$`` read as literal text, as the typesetter reads it)
    rng = np.random.default_rng(11)
    for _ in range(3000):
        t = "".join(rng.choice(list("ab $`\\ "), size=int(rng.integers(1, 15))))
        got = latex.wrap_prose(t, int(rng.integers(2, 8)), lines=4)
        if " ".join(got) == t.strip():
            runs = [p for ln in got for p in latex._split_prose(ln) if p[0] != "text"]
            assert runs == [p for p in latex._split_prose(t) if p[0] != "text"], (t, got)
    with pytest.raises(RmtsymError, match="lines"):
        latex.wrap_prose(title, 60, lines=0)


def test_a_long_figure_title_is_wrapped_not_clipped():
    """A title longer than one line is set on two lines, whole (it used to end in '…' after
    110 characters)."""
    title = ("Sampled spectrum of a Wishart matrix against the Marchenko–Pastur law "
             r"$\mathrm{MP}(1/2)$ at ratio $c = 1/2$ with two independent sample sizes")
    cl = Claim(id="demo_title", title=title, source="002_2c85d79b7db582c6.txt", formula="eq",
               statement="$m_1 = 1$", expected="EMPIRICAL",
               checks=[empirical_spectrum("sampled", "wishart", {"ratio": 0.5},
                                          lambda ctx, k: marchenko_pastur(sympy.Rational(1, 2)).moments(k),
                                          n=(100, 100), samples=(4, 4), seed=5)])
    fig = plots.verdict_figure(cl.run(Context()))
    shown = fig._suptitle.get_text()
    assert "\n" in shown and shown.replace("\n", " ") == title and len(title) > 110
