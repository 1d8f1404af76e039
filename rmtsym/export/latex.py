r"""LaTeX derivations: assemble the recorded steps of a claim into a standalone document.

Nothing is computed here.  The steps come from the theory object
(``AlgebraicMeasure.steps``, recorded as the measure is built: definitions,
transforms, the composition, the elimination, the resulting polynomial) and
from the checks (``CheckResult.steps``: the moments by each route, the
identities, the numbers).  Measures print themselves (``_latex``); this
module only escapes text, lays the steps out and wraps them in an amsmath
document.

:func:`compile_tex` runs ``latexmk`` or ``pdflatex`` when one is installed
and says so (returns ``None``) when neither is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..core.errors import require

if TYPE_CHECKING:
    from ..verify.model import Claim, Verdict

__all__ = ["escape_text", "unicode_to_latex", "prose_to_latex", "ascii_math", "clip_prose", "wrap_prose",
           "unique_steps", "check_name_latex",
           "claim_section", "document",
           "write_document", "tex_engine", "compile_tex"]

# Unicode that appears in titles and statements -> LaTeX (text mode).
_UNICODE = {
    "–": "--", "—": "---", "’": "'", "‘": "`", "“": "``", "”": "''", "…": r"\dots{}",
    "\u00a0": "~", "⊞": r"$\boxplus$", "⊠": r"$\boxtimes$", "∗": r"$\ast$", "×": r"$\times$",
    "·": r"$\cdot$", "√": r"$\surd$", "∫": r"$\int$", "∑": r"$\sum$", "Σ": r"$\Sigma$",
    "→": r"$\to$", "⇀": r"$\rightharpoonup$", "∞": r"$\infty$", "±": r"$\pm$", "∈": r"$\in$",
    "≤": r"$\le$", "≥": r"$\ge$", "≠": r"$\ne$", "≈": r"$\approx$", "⟨": r"$\langle$",
    "⟩": r"$\rangle$", "ᵀ": r"$^{T}$", "½": r"$\frac12$", "¼": r"$\frac14$", "′": "'",
    "α": r"$\alpha$", "β": r"$\beta$", "γ": r"$\gamma$", "δ": r"$\delta$", "ε": r"$\varepsilon$",
    "ζ": r"$\zeta$", "η": r"$\eta$", "θ": r"$\theta$", "κ": r"$\kappa$", "λ": r"$\lambda$",
    "μ": r"$\mu$", "ν": r"$\nu$", "π": r"$\pi$", "ρ": r"$\rho$", "σ": r"$\sigma$",
    "τ": r"$\tau$", "φ": r"$\varphi$", "χ": r"$\chi$", "ψ": r"$\psi$", "ω": r"$\omega$",
    "Δ": r"$\Delta$", "Γ": r"$\Gamma$", "Λ": r"$\Lambda$", "Ψ": r"$\Psi$", "Ω": r"$\Omega$",
    "₀": r"$_0$", "₁": r"$_1$", "₂": r"$_2$", "₃": r"$_3$", "₊": r"$_+$", "₋": r"$_-$",
    "⁰": r"$^0$", "¹": r"$^1$", "²": r"$^2$", "³": r"$^3$", "⁴": r"$^4$", "⁺": r"$^+$",
    "⁻": r"$^-$", "ˆ": r"\^{}", "é": r"\'e", "è": r"\`e", "ö": r"\"o", "ü": r"\"u",
    "č": r"\v{c}", "Č": r"\v{C}", "§": r"\S{}", "∘": r"$\circ$", "ℝ": r"$\mathbb{R}$",
    "⊗": r"$\otimes$", "∪": r"$\cup$", "∩": r"$\cap$", "⊂": r"$\subset$", "∂": r"$\partial$",
    "ξ": r"$\xi$", "∼": r"$\sim$", "≡": r"$\equiv$", "↦": r"$\mapsto$", "⇒": r"$\Rightarrow$",
    "−": "-", "ˣ": r"$^x$", "ᵏ": r"$^k$", "ⁿ": r"$^n$", "ℓ": r"$\ell$",
    "ς": r"$\varsigma$", "Θ": r"$\Theta$", "Φ": r"$\Phi$", "Π": r"$\Pi$", "Ξ": r"$\Xi$",
    "ϕ": r"$\phi$", "ϵ": r"$\epsilon$", "ϑ": r"$\vartheta$", "ι": r"$\iota$", "υ": r"$\upsilon$",
    "∬": r"$\iint$", "∮": r"$\oint$", "‖": r"$\|$", "∇": r"$\nabla$", "∀": r"$\forall$",
    "∃": r"$\exists$", "⊥": r"$\perp$", "∝": r"$\propto$", "≪": r"$\ll$", "≫": r"$\gg$",
    "⋯": r"$\cdots$", "∖": r"$\setminus$", "ℕ": r"$\mathbb{N}$", "ℤ": r"$\mathbb{Z}$",
    "ℚ": r"$\mathbb{Q}$", "ℂ": r"$\mathbb{C}$", "⌊": r"$\lfloor$", "⌋": r"$\rfloor$",
    "⌈": r"$\lceil$", "⌉": r"$\rceil$",
}
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "<": r"\textless{}", ">": r"\textgreater{}"}


def unicode_to_latex(s: object, math: bool = False) -> str:
    r"""Replace the non-ASCII characters of ``s`` by LaTeX (leaves ASCII untouched).

    Parameters
    ----------
    s : str
    math : bool, optional
        ``s`` is set in math mode (the replacements carry no ``$``).

    Returns
    -------
    str
        Pure ASCII; characters without a mapping become ``?``.

    Examples
    --------
    >>> unicode_to_latex("SC(1) ⊞ MP(½)")
    'SC(1) $\\boxplus$ MP($\\frac12$)'
    >>> unicode_to_latex("a⊞b", math=True)
    'a\\boxplus b'
    """
    out = []
    for ch in str(s):
        if ord(ch) < 128:
            out.append(ch)
        else:
            rep = _UNICODE.get(ch, "?")
            if math and rep.startswith("$") and rep.endswith("$"):
                rep = rep[1:-1] + " "
            out.append(rep)
    return "".join(out)


def escape_text(s: object) -> str:
    r"""Escape plain text for LaTeX text mode (specials and Unicode).

    Parameters
    ----------
    s : str

    Returns
    -------
    str

    Examples
    --------
    >>> escape_text("m_k ~ 50% of a & b")
    'm\\_k \\textasciitilde{} 50\\% of a \\& b'
    """
    return "".join(_SPECIAL.get(ch, ch) if ord(ch) < 128 else unicode_to_latex(ch) for ch in str(s))


def _prose_spans(s: str) -> list[tuple[int, int]]:
    """The ``$…$`` and `` `…` `` spans of ``s`` as ``(open, close)`` indices of their delimiters.

    The one reading of the prose rule's delimiters: ``\\$`` is a literal dollar, an unclosed or
    empty pair is literal text.  :func:`_split_prose`, :func:`clip_prose` and :func:`wrap_prose`
    all cut by it."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == "\\" and i + 1 < n and s[i + 1] == "$":
            i += 2
            continue
        if ch in "$`":
            j = s.find(ch, i + 1)
            if j > i + 1:
                out.append((i, j))
                i = j + 1
                continue
        i += 1
    return out


def _split_prose(s: str) -> list[tuple[str, str]]:
    """``s`` as ``(kind, text)`` pieces, kind ``"text"``, ``"math"`` (``$…$``) or ``"code"``
    (`` `…` ``); ``\\$`` is a literal dollar; an unclosed delimiter is literal text."""
    out: list[tuple[str, str]] = []
    prev = 0
    for a, b in _prose_spans(s) + [(len(s), len(s))]:
        if a > prev:
            out.append(("text", s[prev:a].replace("\\$", "$")))
        if b > a:
            out.append(("math" if s[a] == "$" else "code", s[a + 1:b]))
        prev = b + 1
    return out


def prose_to_latex(s: object) -> str:
    r"""Typeset the free text of a claim (``title``, ``formula``, ``notes``, ``erratum``, a check's
    ``description``, a step's title).

    The rule for these fields: prose (Unicode allowed) with inline math in
    ``$…$`` (LaTeX, e.g. ``$\sigma_w^2 = 3/2$``) and code — identifiers, claim
    ids, module paths — in backticks (`` `free_add` ``); ``\$`` is a dollar
    sign.  Text outside math and code is escaped (:func:`escape_text`), math
    is passed through (its Unicode mapped by :func:`unicode_to_latex`), code is
    set in ``\texttt``.  :func:`ascii_math` finds text that breaks the rule.

    Parameters
    ----------
    s : str

    Returns
    -------
    str
        Pure ASCII LaTeX (text mode).

    Examples
    --------
    >>> prose_to_latex("at $\\sigma_w^2 = 3/2$ (see `free_add`), 50% of α")
    'at $\\sigma_w^2 = 3/2$ (see \\texttt{free\\_add}), 50\\% of $\\alpha$'
    >>> prose_to_latex("costs \\$5, a_b")
    'costs \\$5, a\\_b'
    """
    out = []
    for kind, text in _split_prose(str(s)):
        if kind == "math":
            out.append("$" + unicode_to_latex(text, math=True).strip() + "$")
        elif kind == "code":
            out.append("\\texttt{" + escape_text(text) + "}")
        else:
            out.append(escape_text(text))
    return "".join(out)


def clip_prose(s: object, limit: int, ellipsis: str = "…") -> str:
    r"""Shorten prose to at most ``limit`` characters without cutting a ``$…$`` or `` `…` `` span.

    For one-line displays of claim texts (the Markdown catalogue, figure titles): a cut inside
    math would leave an unbalanced ``$`` that Markdown and matplotlib then print literally, so
    the cut moves to before the span it would split.

    Parameters
    ----------
    s : str
    limit : int
        The most characters kept, the ellipsis included (at least 2).
    ellipsis : str, optional

    Returns
    -------
    str
        ``s`` itself when it is short enough.

    Raises
    ------
    RmtsymError
        If ``limit`` is not an integer of at least 2.

    Examples
    --------
    >>> clip_prose("bound $\\Theta(\\sqrt{n/N})$ holds", 14)
    'bound…'
    >>> clip_prose("short", 10)
    'short'
    """
    require(isinstance(limit, int) and not isinstance(limit, bool) and limit >= 2,
            f"limit must be an integer >= 2, got {limit!r}")
    t = str(s)
    if len(t) <= limit:
        return t
    cut = limit - len(ellipsis)
    for a, b in _prose_spans(t):          # a span the cut would split moves wholly after it
        if a < cut <= b:
            cut = a
    return t[:cut].rstrip() + ellipsis


def wrap_prose(s: object, width: int, lines: int = 2, ellipsis: str = "…") -> list[str]:
    r"""Break prose into at most ``lines`` lines of at most ``width`` characters, never inside a span.

    For figure titles too long for one line: each break is at the last space outside every
    ``$…$`` and `` `…` `` span that keeps the line within ``width``; what does not fit in
    ``lines`` lines is shortened by :func:`clip_prose`.  A line with no such space is cut by
    :func:`clip_prose` as well.

    Parameters
    ----------
    s : str
    width : int
        The most characters per line (at least 2).
    lines : int, optional
        The most lines (at least 1).
    ellipsis : str, optional

    Returns
    -------
    list of str

    Raises
    ------
    RmtsymError
        If ``width`` or ``lines`` is out of range.

    Examples
    --------
    >>> wrap_prose("the law $a + b$ and its density", 16)
    ['the law $a + b$', 'and its density']
    >>> wrap_prose("one two three four", 9, lines=1)
    ['one two…']
    """
    require(isinstance(width, int) and not isinstance(width, bool) and width >= 2,
            f"width must be an integer >= 2, got {width!r}")
    require(isinstance(lines, int) and not isinstance(lines, bool) and lines >= 1,
            f"lines must be an integer >= 1, got {lines!r}")
    rest, out = str(s).strip(), list[str]()
    while rest and len(out) < lines - 1 and len(rest) > width:
        spans = _prose_spans(rest)
        cuts = [i for i, ch in enumerate(rest[:width + 1])
                if ch == " " and not any(a < i < b for a, b in spans)]
        if not cuts:
            break
        out.append(rest[:cuts[-1]].rstrip())
        rest = rest[cuts[-1]:].strip()
    if rest:
        out.append(clip_prose(rest, width, ellipsis))
    return out


#: ASCII spellings of mathematics that must not appear outside ``$…$`` in claim prose
_ASCII_MATH = [
    (r"[\w)\]}|'][_^][\w({\-]", "sub/superscript"),
    (r"\bsqrt\b", "sqrt"),
    (r"\b\d+(?:\.\d+)?e[-+]?\d+\b", "float exponent"),
    (r"\*\*", "power **"),
    (r"(?<![<>=!])(?:<=|>=|!=)(?![<>=])", "ASCII relation"),
    (r"\b(?:alpha|beta|gamma|delta|eps|epsilon|zeta|eta|theta|kappa|lambda|mu|nu|xi|rho|"
     r"sigma|sigma2|tau|phi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Phi|Psi|Omega|pi)\b",
     "spelled Greek letter"),
]


def ascii_math(s: object) -> list[str]:
    r"""The ASCII-math spellings in the prose parts of ``s`` (outside ``$…$`` and backticks).

    What :func:`prose_to_latex` would print literally although it is
    mathematics: sub/superscripts (``sigma_w^2``, ``C_(d-k)``, ``H0^d``),
    ``sqrt``, float exponents (``1e-15``), ``**``, ``<=``/``>=``/``!=`` and
    spelled Greek letters.  Identifiers belong in backticks.

    Parameters
    ----------
    s : str

    Returns
    -------
    list of str
        ``"kind 'match' in 'context'"`` entries; empty when ``s`` follows the rule.

    Examples
    --------
    >>> for hit in ascii_math("sigma_w^2 = 3/2, tol 1e-15, phi >= 1"):
    ...     print(hit.split(" in ")[0])
    sub/superscript 'a_w'
    float exponent '1e-15'
    ASCII relation '>='
    spelled Greek letter 'phi'
    >>> ascii_math("C_(d-k) and tr H0^d") != []
    True
    >>> ascii_math("$\\sigma_w^2 = 3/2$ in `free_add`; σ² ≤ 1")
    []
    """
    import re
    found = []
    for kind, text in _split_prose(str(s)):
        if kind != "text":
            continue
        for pat, what in _ASCII_MATH:
            for m in re.finditer(pat, text):
                lo, hi = max(0, m.start() - 12), min(len(text), m.end() + 12)
                found.append(f"{what} {m.group(0)!r} in {text[lo:hi]!r}")
    return found


def _math_block(latex: str, label: str | None = None) -> str:
    """A displayed equation (numbered and labelled when ``label`` is given); long lists are
    set as breakable inline math."""
    body = unicode_to_latex(latex, math=True).strip()
    if not body:
        return ""
    if len(body) <= 160:
        if label:
            return "\\begin{equation}\\label{" + label + "}\n" + body + "\n\\end{equation}\n"
        return "\\[\n" + body + "\n\\]\n"
    parts = body.split(", ")
    tag = ("\\hfill(\\refstepcounter{equation}\\theequation\\label{" + label + "})") if label else ""
    return ("\\begin{flushleft}\n$\\displaystyle " + ",\\allowbreak\\ ".join(parts)
            + "$" + tag + "\n\\end{flushleft}\n")


def unique_steps(steps: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The derivation steps with exact repeats removed (a law used twice is derived once).

    Examples
    --------
    >>> [s["title"] for s in unique_steps([{"title": "A", "latex": "x"}, {"title": "B", "latex": "y"},
    ...                                    {"title": "A", "latex": "x"}])]
    ['A', 'B']
    """
    seen, out = set(), []
    for st in steps:
        key = (st.get("title", ""), st.get("latex", ""))
        if key not in seen:
            seen.add(key)
            out.append(st)
    return out


def _steps_latex(steps: Iterable[dict[str, Any]], prefix: str | None = None,
                 shown: dict[tuple[str, str], str] | None = None) -> str:
    """Steps as numbered paragraphs; with ``prefix`` each equation is labelled ``prefix:k``.

    ``shown`` maps (title, latex) of the steps already typeset in this section to their
    equation label: such a step is not printed again but cited (``uses (3), (7)``), and each
    new labelled step is added to it — so a claim's appendix derives every step once even when
    its checks rebuild the same laws (a check's route repeats the derivation's chain).
    """
    out, cited = [], []
    k = 0
    for st in steps:
        key = (st.get("title", ""), st.get("latex", ""))
        if shown is not None and key in shown:
            if shown[key] not in cited:
                cited.append(shown[key])
            continue
        if shown is not None:
            shown[key] = ""                       # also an unlabelled repeat within this list
        k += 1
        title = st.get("title", "")
        label = f"{prefix}:{k}" if prefix else None
        if title:
            out.append("\\paragraph{" + (f"Step {k}. " if prefix else "") + prose_to_latex(title) + "}\n")
        out.append(_math_block(st.get("latex", ""), label=label))
        if shown is not None and label and _math_block(st.get("latex", "")):
            shown[key] = label
    refs = [c for c in cited if c]
    if refs:
        out.insert(0, "\\noindent Uses " + ", ".join("\\eqref{" + r + "}" for r in refs)
                   + " (derived above).\n\n")
    return "".join(out)


def _theory(claim: Claim) -> Any:
    if claim.theory is None:
        return None
    try:
        return claim.theory()
    except Exception:  # a theory that cannot be built has no derivation to print
        return None


def check_name_latex(claim: Claim, name: str) -> str:
    r"""How a check is named in LaTeX: its ``label`` through :func:`prose_to_latex`, else the name.

    The name is the check's key (``refuted_by=``, certificates), an identifier: without a label it
    is set verbatim in ``\texttt``, never read as mathematics.

    Parameters
    ----------
    claim : rmtsym.verify.Claim
        The claim whose checks are looked up.
    name : str
        The check's name.

    Returns
    -------
    str
        LaTeX (text mode).

    Examples
    --------
    >>> from rmtsym.verify.model import Check, Claim
    >>> c = Claim("x", "t", "000_x.txt", "eq. 1", "s", "EXACT", checks=[
    ...     Check("D(eps) > 0", "exact", lambda ctx: None, label=r"$D(\epsilon) > 0$"),
    ...     Check("plain_name", "exact", lambda ctx: None)])
    >>> print(check_name_latex(c, "D(eps) > 0"), check_name_latex(c, "plain_name"))
    $D(\epsilon) > 0$ \texttt{plain\_name}
    """
    label = next((k.label for k in claim.checks if k.name == name), None)
    if label is not None:
        return prose_to_latex(label)
    return "\\texttt{" + escape_text(name) + "}"


def claim_section(verdict: Verdict, level: int = 1) -> str:
    r"""The LaTeX section of one claim: statement, source, derivation steps, checks, verdict.

    Parameters
    ----------
    verdict : rmtsym.verify.Verdict
        A claim after :meth:`~rmtsym.verify.Claim.run`.
    level : int, optional
        1 for ``\section``, 2 for ``\subsection``.

    Returns
    -------
    str
        A fragment (no preamble) that compiles inside :func:`document`.

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.verify import Claim, Context, exact_sequences
    >>> cl = Claim("demo", "Catalan", "000.txt", "eq. (1)", r"$m_k = C_k$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1, 1, 2], lambda ctx: [1, 1, 2], "a", "b")])
    >>> "\\section{Catalan}" in claim_section(cl.run(Context()))
    True
    >>> cl.title = r"Catalan moments $m_k = C_k$, 50% of α"     # the title is prose: math kept
    >>> claim_section(cl.run(Context())).splitlines()[0]
    '\\section{Catalan moments $m_k = C_k$, 50\\% of $\\alpha$}'
    """
    require(level in (1, 2), f"level must be 1 or 2, got {level!r}")
    claim = verdict.claim
    sec = "\\section" if level == 1 else "\\subsection"
    out = [f"{sec}{{{prose_to_latex(claim.title)}}}\n\\label{{claim:{claim.id}}}\n\n"]
    out.append("\\noindent\\textbf{Claim} \\texttt{" + escape_text(claim.id) + "}. "
               "\\textbf{Source:} \\texttt{" + escape_text(claim.source) + "}, "
               + prose_to_latex(claim.formula) + ".\n\n")
    out.append("\\begin{quote}\n" + unicode_to_latex(claim.statement) + "\n\\end{quote}\n\n")
    if claim.notes:
        out.append("\\noindent\\textbf{Conventions.} " + prose_to_latex(claim.notes) + "\n\n")
    if claim.erratum:
        out.append("\\noindent\\textbf{Erratum.} " + prose_to_latex(claim.erratum) + "\n\n")
    mu = _theory(claim)
    shown: dict[tuple[str, str], str] = {}      # each derivation step once per section
    sub = "\\subsection*" if level == 1 else "\\subsubsection*"
    moments_line = None
    if mu is not None:
        out.append(f"{sub}{{Derivation}}\n")
        steps = unique_steps(getattr(mu, "steps", []) or [])
        out.append(_steps_latex(steps, prefix=f"eq:{claim.id}", shown=shown))
        if hasattr(mu, "_latex"):
            label = "\\texttt{" + escape_text(getattr(mu, "label", "mu")) + "}"     # a name, not math
            out.append("\\paragraph{Result.} The law " + label + " solves\n")
            out.append(_math_block(mu._latex(), label=f"eq:{claim.id}:result"))
            try:
                import sympy
                moms = mu.moments(6)
                moments_line = ", ".join(f"m_{{{k}}} = {sympy.latex(v)}" for k, v in enumerate(moms))
                out.append("\\paragraph{First moments} (power series of \\eqref{eq:" + claim.id
                           + ":result})\n")
                out.append(_math_block(moments_line))
            except Exception:
                pass
    out.append(f"{sub}{{Checks}}\n")
    described = {c.name: c.description for c in claim.checks}
    for j, r in enumerate(verdict.checks, start=1):
        out.append("\\paragraph{[" + escape_text(r.route) + "] " + check_name_latex(claim, r.name)
                   + ": " + escape_text(r.level.value) + "}\n")
        if described.get(r.name):
            out.append(prose_to_latex(described[r.name]) + "\n\n")
        out.append(table_cell(r.message, limit=None) + "\n")
        if r.tolerance_latex:
            out.append("\\emph{Tolerance:} " + prose_to_latex(r.tolerance_latex) + ".\n")
        elif r.tolerance:         # plain machine text: set as such, not as prose
            out.append("\\emph{Tolerance:} \\texttt{" + escape_text(r.tolerance) + "}.\n")
        out.append("\n")
        out.append(_steps_latex(r.steps, prefix=f"eq:{claim.id}:c{j}", shown=shown))
        if r.route != "exact" and r.numbers:
            out.append(_numbers_table(r.numbers))
    out.append(f"{sub}{{Conclusion}}\n")
    routes = ", ".join(f"{r.route} ({r.level.value})" for r in verdict.checks)
    if verdict.level.value == "REFUTED":
        concl = ("Hence the statement as printed in the seed does not hold: " + routes + ".")
    elif mu is not None and hasattr(mu, "_latex"):
        concl = ("Hence the law \\texttt{" + escape_text(getattr(mu, "label", "")) + "} is the one determined by "
                 "\\eqref{eq:" + claim.id + ":result}, as the seed states, by every route that applies: "
                 + routes + ".")
    else:
        concl = "Hence the statement holds by every route that applies: " + routes + "."
    out.append(concl + "\n\n")
    out.append(f"{sub}{{Verdict}}\n")
    out.append("\\textbf{" + verdict.level.value + "} (expected " + verdict.expected.value + "; "
               + ("as declared" if verdict.matches else "\\textbf{differs from the declaration}")
               + f"; {verdict.mode} mode, {verdict.seconds:.1f}\\,s).\n\n")
    return "".join(out)


def _clip(s: str, n: int) -> str:
    """Shorten ``s`` to ``n`` characters (before escaping, so no escape is cut)."""
    return s if len(s) <= n else s[:n - 3] + "..."


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def _number_latex(tok: str) -> str:
    """One numeric token as math: ``1.5e-07`` -> ``1.5\\times 10^{-7}``, ``3/2`` -> ``3/2``."""
    import re
    m = re.fullmatch(r"([-+]?(?:\d+\.?\d*|\.\d+))[eE]([-+]?\d+)", tok)
    if not m:
        return tok.lstrip("+")
    mant, ex = m.group(1), int(m.group(2))
    return (f"{mant.lstrip('+')}\\times 10^{{{ex}}}" if mant.lstrip("+-") not in ("1", "1.0")
            else f"{'-' if mant.startswith('-') else ''}10^{{{ex}}}")


def table_cell(s: object, limit: int | None = 40) -> str:
    r"""Typeset one cell of a numbers table: numbers as mathematics, prose by the prose rule,
    anything else (a machine label such as ``m_0`` or ``|gap| <= 0.1``) as code.

    A cell that is a number, a fraction or a complex number of numbers (``1.5e-07``, ``-3/2``,
    ``0.25+1e-3j``) is set in math mode with ``×10^k`` exponents; numbers with an exponent inside
    text are set the same way; the rest follows :func:`prose_to_latex` when it has no ASCII
    mathematics (:func:`ascii_math`), and is set verbatim in ``\texttt`` otherwise (it is code,
    not a formula: never typeset as if it were prose).  Cut to ``limit`` characters first.

    Parameters
    ----------
    s : object
        The cell (converted with ``str``).
    limit : int or None, optional
        Characters kept (an ellipsis marks a cut); None keeps all (a check's message).

    Returns
    -------
    str
        LaTeX for a tabular cell.

    Examples
    --------
    >>> print(table_cell("1.5e-07"), table_cell("-3/2"), table_cell("1e-15"))
    $1.5\times 10^{-7}$ $-3/2$ $10^{-15}$
    >>> print(table_cell("4 se = 1.2e-03"))
    4 se = $1.2\times 10^{-3}$
    >>> print(table_cell(r"$m_{3}$"), table_cell("m_3"))
    $m_{3}$ \texttt{m\_3}
    >>> print(table_cell(r"c_0: 1 ($\frac{1}{z}$) != -1", limit=None))
    \texttt{c\_0: 1 (}$\frac{1}{z}$\texttt{) != -1}
    """
    import re
    text = str(s)
    num = _NUMBER + r"(?:/\d+)?"
    if re.fullmatch(rf"\s*{num}(?:\s*[-+]\s*{_NUMBER}j)?\s*", text):
        unsigned = _NUMBER.removeprefix("[-+]?")
        parts = re.split(rf"({unsigned})", text.strip())
        return "$" + "".join(_number_latex(p) if re.fullmatch(unsigned, p) else p.replace("j", "i")
                             for p in parts) + "$"
    pieces = []
    if limit is not None:
        text = clip_prose(text, limit, "...")
    for kind, piece in _split_prose(text):
        if kind == "text":
            conv = re.sub(r"(?<![\w.])([-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+)(?![\w.])",
                          lambda m: "$" + _number_latex(m.group(1)) + "$", piece)
            # a text run with ASCII mathematics is code; a $…$ run beside it stays mathematics
            pieces.append(("`" + piece + "`") if ascii_math(conv) and "$" not in piece else conv)
        else:
            pieces.append({"math": "$", "code": "`"}[kind] + piece + {"math": "$", "code": "`"}[kind])
    prose = "".join(pieces)
    if not ascii_math(prose):
        return prose_to_latex(prose)
    return "\\texttt{" + escape_text(text) + "}"


def _numbers_table(numbers: Sequence[dict[str, Any]], max_rows: int = 12) -> str:
    rows = []
    for nm in numbers[:max_rows]:
        rows.append(" & ".join(table_cell(nm.get(k, ""))
                               for k in ("label", "value", "reference", "tolerance", "outcome"))
                    + r" \\")
    more = f"\\multicolumn{{5}}{{l}}{{\\dots{{}} {len(numbers) - max_rows} more}} \\\\\n" \
        if len(numbers) > max_rows else ""
    return ("\\begin{center}\\footnotesize\n\\begin{tabular}{lllll}\n\\hline\n"
            "quantity & value & reference & tolerance & outcome \\\\\n\\hline\n"
            + "\n".join(rows) + "\n" + more + "\\hline\n\\end{tabular}\n\\end{center}\n\n")


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\usepackage{graphicx}
\usepackage{etoolbox}
\setlength{\parindent}{0pt}
\allowdisplaybreaks
\makeatletter\patchcmd{\l@section}{1.5em}{2.3em}{}{}\makeatother  % room for section numbers >= 10
"""


def document(verdicts: Verdict | Sequence[Verdict], title: str = "rmtsym derivations",
             figures: dict[str, str] | None = None) -> str:
    r"""A standalone amsmath document with one section per claim.

    Parameters
    ----------
    verdicts : Verdict or list of Verdict
    title : str, optional
    figures : dict, optional
        ``{claim_id: path}`` of PNG figures to include (relative to the .tex file).

    Returns
    -------
    str
        The document (pure ASCII).

    Examples
    --------
    >>> from rmtsym.verify import Claim, Context, exact_sequences
    >>> cl = Claim("demo", "Catalan", "000.txt", "eq. (1)", r"$m_k = C_k$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1, 2], lambda ctx: [1, 2], "a", "b")])
    >>> tex = document(cl.run(Context()))
    >>> tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    True
    """
    vs: list[Any] = list(verdicts) if isinstance(verdicts, (list, tuple)) else [verdicts]
    figures = figures or {}
    body = []
    for v in vs:
        body.append(claim_section(v))
        fig = figures.get(v.claim.id)
        if fig:
            body.append("\\begin{center}\n\\IfFileExists{" + fig + "}{\\includegraphics[width=0.7\\textwidth]{"
                        + fig + "}}{}\n\\end{center}\n\n")
    single = len(vs) == 1 and title == vs[0].claim.title
    head = ("\\begin{document}\n" if single else
            "\\title{" + prose_to_latex(title) + "}\n\\date{}\n\\begin{document}\n\\maketitle\n"
            + ("\\tableofcontents\n\\clearpage\n" if len(vs) > 1 else "") + "\n")
    return _PREAMBLE + head + "".join(body) + "\\end{document}\n"


def write_document(verdicts: Verdict | Sequence[Verdict], path: str | os.PathLike[str],
                   title: str = "rmtsym derivations", figures: dict[str, str] | None = None) -> str:
    """Write :func:`document` to ``path`` (ASCII) and return the path.

    Parameters
    ----------
    verdicts : Verdict or list of Verdict
    path : str
    title : str, optional
    figures : dict, optional

    Returns
    -------
    str
    """
    require(isinstance(path, (str, os.PathLike)) and str(path), f"path must be a file name, got {path!r}")
    from .atomic import write_text
    # atomic: a temporary name in the same folder, then os.replace
    return write_text(path, document(verdicts, title=title, figures=figures), encoding="ascii")


def tex_engine() -> str | None:
    """The TeX engine on this machine: ``"latexmk"``, ``"pdflatex"`` or None.

    Returns
    -------
    str or None

    Examples
    --------
    >>> tex_engine() in (None, "latexmk", "pdflatex")
    True
    """
    for name in ("latexmk", "pdflatex"):
        if shutil.which(name):
            return name
    return None


def compile_tex(path: str | os.PathLike[str], timeout: float = 120) -> tuple[bool | None, str]:
    """Compile a .tex file to PDF in its directory.

    Parameters
    ----------
    path : str
        The .tex file.
    timeout : float, optional
        Seconds before giving up.

    Returns
    -------
    (bool or None, str)
        (True, pdf path) on success, (False, log tail) on failure, and
        (None, reason) when no TeX engine is installed (the check is skipped).

    Raises
    ------
    RmtsymError
        If ``path`` is not an existing .tex file.
    """
    require(os.path.isfile(path) and str(path).endswith(".tex"), f"path must be an existing .tex file, got {path!r}")
    engine = tex_engine()
    if engine is None:
        return None, "no TeX engine (latexmk, pdflatex) on PATH: compilation skipped"
    d, name = os.path.split(os.path.abspath(path))
    runs = ([["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", name]]
            if engine == "latexmk" else
            [["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name]] * 2)   # references
    try:
        for cmd in runs:
            p = subprocess.run(cmd, cwd=d, capture_output=True, text=True, encoding="utf-8",
                               errors="replace", timeout=timeout)
            if p.returncode != 0:
                break
    except subprocess.TimeoutExpired:
        return False, f"{engine} timed out after {timeout} s"
    pdf = os.path.join(d, name[:-4] + ".pdf")
    ok = p.returncode == 0 and os.path.isfile(pdf)
    stem = os.path.join(d, name[:-4])
    if engine == "latexmk":      # remove .aux, .log, .fls, .fdb_latexmk (keeps the PDF)
        subprocess.run(["latexmk", "-c", name], cwd=d, capture_output=True, timeout=timeout)
    else:
        for ext in (".aux", ".log", ".out", ".toc"):
            if ok and os.path.exists(stem + ext):
                os.remove(stem + ext)
    if ok:
        return True, pdf
    return False, (p.stdout + p.stderr)[-3000:]
