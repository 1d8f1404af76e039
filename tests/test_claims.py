"""rmtsym/claims/: the claim format, discovery, and the claims' verdicts (exact + numeric routes here,
everything in quick mode through the CLI in the slow test)."""

import ast
import json
import os
import re

import pytest

from rmtsym import claims as proofs
from rmtsym.app.cli import main
from rmtsym.core.errors import RmtsymError
from rmtsym.export.certificate import validate_certificate
from rmtsym.verify import Claim, Context, Level

SEED_NAMES = {"000_f11574a8ed5d65a0.txt", "001_322f0eb0bc5d01dd.txt", "002_2c85d79b7db582c6.txt",
              "003_74fd632a2d425fc1.txt", "004_023286a078569efc.txt"}
FIRST_CLAIMS = {"mp_survey", "mp_course", "semicircle_survey", "free_add_sc_mp", "fuss_catalan_pastur",
                "pw_fisher_linear", "pw_fisher_linear_erratum", "r_transform_survey_erratum",
                "shifted_mp_liao_couillet"}
CLAIMS = proofs.discover()


def test_first_claims_are_discovered():
    assert FIRST_CLAIMS <= set(CLAIMS)
    assert all(not cid.startswith("_") for cid in CLAIMS)


@pytest.mark.parametrize("cid", sorted(CLAIMS))
def test_claim_file_format(cid):
    claim = CLAIMS[cid]
    assert isinstance(claim, Claim) and claim.id == cid
    path = os.path.join(os.path.dirname(proofs.__file__), cid + ".py")
    doc = ast.get_docstring(ast.parse(open(path, encoding="utf-8").read()))
    assert doc, "a claim file starts with a docstring"
    assert claim.source in SEED_NAMES and claim.source in doc, "the docstring cites the seed file"
    m = re.search(r"Expected verdict:\s*([A-Z]+)", doc)
    assert m and m.group(1) == claim.expected.value, "the docstring states the expected verdict"
    assert claim.statement and claim.formula and claim.checks
    routes = {c.route for c in claim.checks}
    assert routes - {"exact"} or claim.expected is Level.EXACT


@pytest.mark.parametrize("cid", sorted(c for c in CLAIMS if CLAIMS[c].expected is Level.REFUTED))
def test_every_erratum_has_evidence_and_a_corrected_claim(cid):
    claim = CLAIMS[cid]
    assert claim.erratum and claim.corrected_by in CLAIMS
    assert CLAIMS[claim.corrected_by].expected.holds


@pytest.mark.parametrize("cid", sorted(CLAIMS))
def test_exact_and_numeric_routes_give_the_declared_verdict(cid):
    claim = CLAIMS[cid]
    v = claim.run(Context(), routes=("exact", "numeric"))
    assert v.matches, [(r.name, r.level.value, r.message) for r in v.checks]
    assert all(r.level is not Level.INCONCLUSIVE for r in v.checks), \
        [(r.name, r.message) for r in v.checks if r.level is Level.INCONCLUSIVE]


def test_get_claim_and_claim_files(tmp_path):
    with pytest.raises(RmtsymError, match="claim must be one of"):
        proofs.get_claim("not_a_claim")
    with pytest.raises(RmtsymError, match="claim file"):
        proofs.load_claim_file(str(tmp_path / "missing.py"))
    f = tmp_path / "empty_claim.py"
    f.write_text("x = 1\n")
    with pytest.raises(RmtsymError, match="defines no CLAIM"):
        proofs.load_claim_file(str(f))


def test_a_dropped_in_file_is_a_claim(tmp_path):
    f = tmp_path / "catalan_demo.py"
    f.write_text('"""Demo claim; Expected verdict: EXACT."""\n'
                 "import sympy\n"
                 "from rmtsym.verify import Claim, exact_sequences\n"
                 "CLAIM = Claim('catalan_demo', 'Catalan', '002_2c85d79b7db582c6.txt', 'eq', '$C_k$', 'EXACT',\n"
                 "    [exact_sequences('c', lambda ctx: [sympy.catalan(k) for k in range(5)],\n"
                 "                     lambda ctx: [1, 1, 2, 5, 14], 'sympy', 'table')])\n")
    claim = proofs.load_claim_file(str(f))
    assert claim.run(Context()).level is Level.EXACT


@pytest.mark.slow
def test_verify_quick_on_the_first_claims(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["verify", *sorted(FIRST_CLAIMS), "--quick", "--out", str(out), "--jobs", "2",
                 "--no-progress"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "all verdicts as declared" in text
    for cid in FIRST_CLAIMS:
        cert = json.loads((out / f"{cid}.json").read_text())
        assert validate_certificate(cert)
        assert cert["matches_expected"], (cid, cert["verdict"])
        assert (out / f"{cid}.png").stat().st_size > 0
        tex = (out / f"{cid}.tex").read_text()
        assert tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
        empirical = [c for c in cert["checks"] if c["route"] == "empirical"]
        for c in empirical:
            assert c["level"] in ("EMPIRICAL", "REFUTED"), (cid, c["message"])
            assert {"n", "samples", "seed"} <= set(c["record"])
    assert "| claim | source |" in (out / "summary.md").read_text()


def test_erratum_must_be_refuted_by_the_named_check():
    """An expected-REFUTED claim passes only when the checks it names refute it."""
    from rmtsym.verify import Check, CheckResult

    def check(name, level):
        return Check(name, "exact", lambda ctx: CheckResult(name, "exact", level, "m", "", {}, {}, []))

    def claim(levels, refuted_by):
        return Claim(id="e", title="t", source="002_x.txt", formula="f", statement="s",
                     expected="REFUTED", erratum="wrong", refuted_by=refuted_by,
                     checks=[check(n, lv) for n, lv in levels.items()])

    ok = claim({"seed formula": Level.REFUTED, "other": Level.EXACT}, ("seed formula",))
    assert ok.run(Context()).matches
    # REFUTED overall, but by the wrong check: a bug elsewhere must not pass as the erratum
    bad = claim({"seed formula": Level.EXACT, "other": Level.REFUTED}, ("seed formula",))
    v = bad.run(Context())
    assert v.level is Level.REFUTED and not v.matches
    with pytest.raises(RmtsymError, match="refuted_by names 'nope'"):
        claim({"seed formula": Level.REFUTED}, ("nope",))


def test_builtin_errata_name_their_refuting_checks():
    for cid, c in CLAIMS.items():
        if c.expected is Level.REFUTED:
            assert c.refuted_by, f"{cid} does not name the check that must refute"


def _unicode_math(s):
    """The bare Unicode mathematics (Greek letters, sub/superscripts, operators such as ≈ ⊠ ‖ √,
    vulgar fractions) in the prose parts of ``s`` (outside ``$…$`` and backticks)."""
    import unicodedata
    from rmtsym.export.latex import _split_prose
    found = []
    for kind, text in _split_prose(str(s)):
        if kind != "text":
            continue
        for i, ch in enumerate(text):
            name = unicodedata.name(ch, "")
            if ord(ch) > 127 and (unicodedata.category(ch) == "Sm" or ch in "‖·ℓ" or any(
                    w in name for w in ("GREEK", "SUPERSCRIPT", "SUBSCRIPT", "MODIFIER LETTER",
                                        "VULGAR FRACTION", "DOUBLE-STRUCK"))):
                found.append(f"Unicode math {ch!r} in {text[max(0, i - 12):i + 13]!r}")
    return found


def _prose_offenders(claims):
    """``claim.field: hits`` for every ASCII-math spelling in the claims' free text, and in their
    titles also every bare Unicode symbol of mathematics (a title is a section heading: σ², ≈, ‖
    belong in ``$…$`` there too)."""
    from rmtsym.export.latex import ascii_math
    out = []
    for cid, claim in sorted(claims.items()):
        fields = [("title", claim.title), ("formula", claim.formula), ("notes", claim.notes),
                  ("erratum", claim.erratum)]
        fields += [(f"checks[{c.name!r}].description", c.description) for c in claim.checks]
        for field, text in fields:
            hits = ascii_math(text) + (_unicode_math(text) if field == "title" else [])
            if hits:
                more = f" (+{len(hits) - 3} more)" if len(hits) > 3 else ""
                out.append(f"{cid}.{field}: " + "; ".join(hits[:3]) + more)
    return out


def test_claim_prose_has_no_ascii_math():
    """Claim formulas, notes, errata and check descriptions are prose with math in $…$ and code in
    backticks (rule: rmtsym.export.latex.prose_to_latex); raw ASCII math such as
    'sigma_w^2 = 3/2', 'C_(d-k)', 'tr H0^d' or '1e-15' would be typeset literally.
    Every claim text follows the rule (the last of the texts written before it were
    rewritten on 2026-12-03; the ratchet list that tracked them is gone)."""
    bad = _prose_offenders(CLAIMS)
    assert not bad, (f"{len(bad)} claim texts spell mathematics in ASCII outside $…$ "
                     "(write $\\sigma_w^2 = 3/2$, identifiers in `backticks`):\n  " + "\n  ".join(bad))


def _literal_text(node):
    """The text of a string literal, an f-string (its fields read as ``X``) or a ``+`` of them;
    None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _literal_text(node.left), _literal_text(node.right)
        if a is not None or b is not None:
            return (a or "X") + (b or "X")
    return None


def _step_title_offenders(root):
    """``file:line: text: hits`` for each derivation-step title written in the source under ``root``
    that spells mathematics in ASCII: the ``"title"`` of a step dict literal, and the route labels
    (``lhs_label``, ``rhs_label``) of ``exact_sequences``, which become step titles."""
    from rmtsym.export.latex import ascii_math
    out = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found = []
            if isinstance(node, ast.Dict):
                found = [v for k, v in zip(node.keys, node.values)
                         if isinstance(k, ast.Constant) and k.value == "title"]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) \
                    == "exact_sequences":
                found = list(node.args[3:5]) + [k.value for k in node.keywords
                                                if k.arg in ("lhs_label", "rhs_label")]
            for v in found:
                text = _literal_text(v)
                if text is not None and ascii_math(text):
                    out.append(f"{path}:{v.lineno}: {text!r}: {ascii_math(text)[:2]}")
    return out


def test_derivation_step_titles_follow_the_prose_rule():
    """Step titles are typeset as prose (``\\paragraph{Step k. …}``): math in $…$, code in backticks.
    Scans every step title and exact route label written in the package (source literals), so a
    title such as 'Disc_G at z = 0' or 'kappa_j(nu_t)' cannot come back."""
    import pathlib
    import rmtsym
    bad = _step_title_offenders(pathlib.Path(rmtsym.__file__).parent)
    assert not bad, f"{len(bad)} step titles spell mathematics in ASCII:\n  " + "\n  ".join(bad)


def test_the_step_title_scan_finds_a_bad_title(tmp_path):
    """The scan itself, on a written module: the ASCII title and route label are listed, their
    $…$ forms and a backticked identifier are not."""
    (tmp_path / "demo.py").write_text(
        'steps = [{"title": "Disc_G at z = 0", "latex": "x"}, {"title": r"$\\operatorname{Disc}_G$"}]\n'
        'c = exact_sequences("n", f, g, "kappa_j(nu_t)", "`relu_forward`")\n'
        'd = exact_sequences("n", f, g, r"$\\kappa_j(\\nu_t)$", rhs_label=f"alpha = {a}")\n', encoding="utf-8")
    bad = _step_title_offenders(tmp_path)
    assert len(bad) == 3, bad
    joined = "\n".join(bad)
    for text in ("'Disc_G at z = 0'", "'kappa_j(nu_t)'", "'alpha = X'"):
        assert text in joined
    assert "Disc}_G" not in joined and "relu_forward" not in joined and "kappa_j(\\\\nu" not in joined


def test_the_prose_scan_finds_a_bad_claim():
    """The scan itself: a claim with the issue's ASCII notes is listed, its fixed form is not."""
    from rmtsym.verify import exact_sequences
    def make(notes):
        return Claim("demo_text", "t", "002_2c85d79b7db582c6.txt", "eq", "$x$", "EXACT",
                     [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b",
                                      description="moments 1e-15 apart")], notes=notes)
    bad = _prose_offenders({"demo_text": make("sigma_w^2 = 3/2, tr H0^d")})
    assert len(bad) == 2 and bad[0].startswith("demo_text.notes: ") and "description" in bad[1]
    assert "'a_w'" in bad[0] and "'0^d'" in bad[0]
    fixed = make(r"$\sigma_w^2 = 3/2$, $\operatorname{tr} H_0^d$")
    fixed.checks[0].description = r"moments $10^{-15}$ apart"
    assert _prose_offenders({"demo_text": fixed}) == []


def test_the_title_scan_and_the_titles_in_print():
    """Titles follow the prose rule: the issue's ASCII/Unicode title is listed, its $…$ form is
    not; every title's math compiles in matplotlib's mathtext (figure titles) and its LaTeX
    section heading carries the math (not \\textasciicircum)."""
    from rmtsym.export.latex import _split_prose, claim_section
    from rmtsym.verify import exact_sequences

    def make(title):
        return Claim("demo_title", title, "004_023286a078569efc.txt", "eq", "$x$", "EXACT",
                     [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    bad = _prose_offenders({"demo_title": make("bound: ‖K^CK − E K^CK‖ = Θ(√(n/N)), σ² ≈ 1")})
    assert len(bad) == 1 and bad[0].startswith("demo_title.title: ")
    assert "'K^C'" in bad[0] and "'‖'" in bad[0]
    fixed = make(r"bound: $\Vert K^{\mathrm{CK}} - \mathbb{E} K^{\mathrm{CK}}\Vert = \Theta(\sqrt{n/N})$")
    assert _prose_offenders({"demo_title": fixed}) == []
    head = claim_section(fixed.run(Context())).split("\n", 1)[0]
    assert head == r"\section{bound: $\Vert K^{\mathrm{CK}} - \mathbb{E} K^{\mathrm{CK}}\Vert = \Theta(\sqrt{n/N})$}"
    mathtext = pytest.importorskip("matplotlib.mathtext")
    parser = mathtext.MathTextParser("agg")
    for cid, claim in sorted(CLAIMS.items()):
        assert "|" not in claim.title, f"{cid}: write \\vert/\\Vert (a | splits a Markdown table cell)"
        for kind, text in _split_prose(claim.title):
            if kind == "math":
                parser.parse("$" + text + "$", 72)   # raises on LaTeX that mathtext cannot set


@pytest.mark.parametrize("claim_id", ["gram_pw17_quartic", "hessian_quartic", "spin_glass_hamiltonian",
                                      "jacobian_relu_hardtanh_L2"])
def test_exact_identities_say_what_they_subtract(claim_id):
    """Issue 17 ("lhs − rhs = 0" without saying what lhs and rhs are): in these claims, whose sides
    are too long to write out, every closing Difference step names its sides, and each name is
    defined in an earlier step of the same check (the reader can find both polynomials)."""
    verdict = proofs.get_claim(claim_id).run(Context(), routes=("exact",))
    seen = 0
    for res in verdict.checks:
        diffs = [k for k, st in enumerate(res.steps) if st["title"].startswith("Difference of the two sides")]
        if not diffs:
            continue
        seen += 1
        step = res.steps[diffs[-1]]
        assert r"\mathrm{lhs}" not in step["latex"], (res.name, step["latex"])
        if step["latex"].startswith(r"\left("):
            continue                       # short sides, written out in full
        left, _, _ = step["latex"].rpartition(" = ")
        names = [left.partition(" - ")[0], left.partition(" - ")[2]]
        earlier = " ".join(st["latex"] for st in res.steps[:diffs[-1]])
        for nm in names:
            core = nm.replace(r"\bigl(-", "").replace(r"\bigr)", "")
            assert core and core in earlier, (res.name, nm)
    assert seen >= 1
