r"""The source text itself: no control characters, no LaTeX command lost to a string escape.

A docstring such as ``\frac{r^2}{p} ... X^\top X`` written without
the ``r`` prefix on its triple quotes turns ``\f`` into a form feed and ``\t`` into a tab: the
formula in the API reference then reads ``rac{r^2}{p}`` and ``X^  op X``
(this happened in ``RidgelessLeastSquares.design_risk``).  Two independent
scans catch it: (1) the bytes of every text file of the repository contain
no BEL, BS, VT, FF or TAB; (2) no string literal of the package or the benchmarks that is *not*
raw has a LaTeX command whose backslash Python reads as an escape
(``\frac``, ``\top``, ``\beta``, ``\nu``, ``\rho``, ``\alpha``, ``\varphi``: a
single backslash before a, b, f, n, r, t or v and a letter) — a newline or
carriage return is not a control character the first scan sees, so
``\nu`` and ``\rho`` are caught only here.
"""

from __future__ import annotations

import ast
import io
import pathlib
import re
import tokenize

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEXT_SUFFIXES = {".py", ".md", ".rst", ".toml", ".txt", ".cfg", ".ipynb"}
SKIP_DIRS = {".git", "rmtsym-out", "build", "_build", ".mypy_cache", "__pycache__", "rmtsym.egg-info"}
CONTROL = re.compile("[\x07\x08\x0b\x0c\t]")


def _text_files():
    for p in sorted(ROOT.rglob("*")):
        if p.is_file() and p.suffix in TEXT_SUFFIXES and not (set(p.relative_to(ROOT).parts) & SKIP_DIRS):
            yield p


def test_no_control_characters_in_text_files():
    bad = []
    for p in _text_files():
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            m = CONTROL.search(line)
            if m:
                bad.append(f"{p.relative_to(ROOT)}:{i}: {m.group(0)!r} in {line.strip()[:60]!r}")
    assert not bad, "control characters (an escape like \\f or \\t in a non-raw string?):\n  " + "\n  ".join(bad)


# an odd run of backslashes, then an escape letter and a letter (\frac, \top, \beta, \alpha, \varphi), or
# one of the LaTeX commands that begin with n or r (\n and \r are common in ordinary strings: "\nPart 2")
EATEN = re.compile(r"(?<!\\)(?:\\\\)*\\(?:[abftv][A-Za-z]|(?:nu|nabla|neq|ne|not|rho|right|rangle)(?![A-Za-z]))")


def _eaten(text):
    """(line, literal) of each non-raw string literal in ``text`` that loses a LaTeX command."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.STRING:
            prefix = re.match(r"[A-Za-z]*", tok.string).group(0).lower()
            if "r" not in prefix and EATEN.search(tok.string):
                out.append((tok.start[0], tok.string))
    return out


def test_no_latex_command_lost_to_a_string_escape():
    bad = []
    for folder in ("rmtsym", "benchmarks"):
        for p in sorted((ROOT / folder).rglob("*.py")):
            for line, lit in _eaten(p.read_text(encoding="utf-8")):
                bad.append(f"{p.relative_to(ROOT)}:{line}: {lit[:60]!r}")
    assert not bad, "LaTeX commands lost to string escapes (make the literal raw: r\"...\"):\n  " + "\n  ".join(bad)


def test_the_scans_find_a_bad_docstring():
    """The scans themselves: the non-raw math docstring is caught by both, its raw form, an
    escaped non-raw form (``\\\\frac``) and an ordinary ``"\\nPart 2"`` by neither."""
    bad_src = 'def f():\n    """Risk \\frac{1}{2} X^\\top X, \\nu."""\n'
    good_src = 'def f():\n    r"""Risk \\frac{1}{2} X^\\top X, \\nu."""\n'
    escaped_src = 'def f():\n    """Risk \\\\frac{1}{2} X^\\\\top X, \\\\nu."""\n'
    plain_src = 'print("\\nPart 2: products")\n'
    assert CONTROL.search(ast.literal_eval(bad_src.split("    ", 1)[1].strip()))
    assert not CONTROL.search(ast.literal_eval(escaped_src.split("    ", 1)[1].strip()))
    assert len(_eaten(bad_src)) == 1
    assert _eaten(good_src) == _eaten(escaped_src) == _eaten(plain_src) == []


OUTSIDE = re.compile(r"DESIGN\.md|\.\./shared|/work/shared|/work/main|/tmp/brief")


def test_no_reference_outside_the_repository():
    """A user's clone has only the repository: no text may point at the project's private design
    notes or at paths of the machine it was written on; the conventions live in docs/conventions.md."""
    assert (ROOT / "docs" / "conventions.md").is_file()
    bad = []
    for p in _text_files():
        if p.name == "test_source_text.py":
            continue
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            m = OUTSIDE.search(line)
            if m:
                bad.append(f"{p.relative_to(ROOT)}:{i}: {m.group(0)}")
    assert not bad, "references outside the repository:\n  " + "\n  ".join(bad)
