r"""Run the claims of ``proofs/`` and write the verdicts out: the ``verify`` and ``latex`` commands.

``rmtsym verify [CLAIM ...] [--quick | --full] [--out DIR] [--jobs N]`` runs
the claims (all by default; a CLAIM is an id of ``proofs/`` or the path of a
claim file), prints the verdict table and writes to DIR (default
``rmtsym-out``):

* ``<claim>.json`` — the certificate (schema ``rmtsym/export/certificate.schema.json``);
* ``<claim>.png`` — the theory density over the sampled histogram;
* ``<claim>.tex`` — the standalone LaTeX derivation (compiled to PDF when a
  TeX engine is installed, skipped visibly otherwise with ``--pdf``);
* ``summary.md`` — the table and one paragraph per claim.

The exit status is 0 when every verdict is the declared one, 1 otherwise
(2 on bad input).  ``rmtsym latex CLAIM -o file.tex`` writes the derivation
of one claim (exact and numeric routes only unless ``--sampled``).
"""

from __future__ import annotations

import os
import sys
import time

from ..core.errors import RmtsymError, require
from ..verify.model import Context

__all__ = ["resolve_claims", "run_claims", "write_outputs", "verify_main", "latex_main",
           "add_parsers"]


def resolve_claims(names=None):
    """Claims by id (``proofs/<id>.py``) or by file path; all claims when ``names`` is empty.

    Parameters
    ----------
    names : list of str, optional

    Returns
    -------
    list of rmtsym.verify.Claim

    Raises
    ------
    RmtsymError
        On an unknown claim name (the message lists the known ids).

    Examples
    --------
    >>> [c.id for c in resolve_claims(["mp_survey"])]
    ['mp_survey']
    """
    from ..verify import registry
    if not names:
        return list(registry.discover().values())
    out = []
    for name in names:
        require(isinstance(name, str) and name, f"claim must be a claim id or a file, got {name!r}")
        if name.endswith(".py") or os.sep in name or os.path.isdir(name):
            out.extend(registry.load_claim_path(name))
        else:
            out.append(registry.get_claim(name))
    return out


def run_claims(claims, ctx=None, routes=None, log=None):
    """Run claims one after the other.

    Parameters
    ----------
    claims : list of Claim
    ctx : Context, optional
        Mode, pool size, progress bars (default: quick, 1 job, no bars).
    routes : iterable of str, optional
        Only these routes.
    log : file, optional
        Where to print one progress line per claim (e.g. ``sys.stderr``).

    Returns
    -------
    list of rmtsym.verify.Verdict

    Examples
    --------
    >>> from rmtsym.verify import Claim, exact_sequences
    >>> cl = Claim("demo", "t", "000.txt", "eq", "$x$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    >>> [v.level.value for v in run_claims([cl])]
    ['EXACT']
    """
    ctx = ctx or Context()
    out = []
    for i, cl in enumerate(claims, 1):
        if log is not None:
            print(f"[{i}/{len(claims)}] {cl.id} ...", file=log, flush=True)
        v = cl.run(ctx, routes=routes)
        if log is not None:
            mark = "ok" if v.matches else f"DIFFERS (expected {cl.expected.value})"
            print(f"[{i}/{len(claims)}] {cl.id}: {v.level.value} {mark} ({v.seconds:.1f}s)",
                  file=log, flush=True)
        out.append(v)
    return out


def write_outputs(verdicts, out_dir, jobs=1, command=None, figures=True, pdf=False, log=None):
    """Write certificates, figures, LaTeX derivations and the Markdown summary.

    Parameters
    ----------
    verdicts : list of Verdict
    out_dir : str
        Created if missing.
    jobs : int, optional
        Recorded in the certificates.
    command : str, optional
        Recorded in the certificates.
    figures : bool, optional
        Draw the PNG figures.
    pdf : bool, optional
        Compile each .tex (skipped, with a message, when no TeX engine is installed).
    log : file, optional
        Where to print what was skipped.

    Returns
    -------
    dict
        ``{claim_id: {"certificate", "figure", "tex", "pdf"}}`` (paths or None)
        and ``"summary"``: the summary path.

    Examples
    --------
    >>> import tempfile, os
    >>> from rmtsym.verify import Claim, exact_sequences
    >>> cl = Claim("demo", "t", "000.txt", "eq", "$x$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    >>> d = tempfile.mkdtemp()
    >>> files = write_outputs(run_claims([cl]), d)
    >>> sorted(os.listdir(d))
    ['demo.json', 'demo.tex', 'summary.md']
    """
    from ..export import certificate, latex, plots, summary
    require(isinstance(out_dir, (str, os.PathLike)) and str(out_dir), f"out must be a directory, got {out_dir!r}")
    os.makedirs(out_dir, exist_ok=True)
    files = {}
    for v in verdicts:
        cid = v.claim.id
        f = {"certificate": None, "figure": None, "tex": None, "pdf": None}
        if figures:
            try:
                png = plots.plot_verdict(v, os.path.join(out_dir, cid + ".png"))
                f["figure"] = os.path.basename(png) if png else None
            except Exception as exc:  # a figure never changes a verdict
                if log is not None:
                    print(f"{cid}: figure failed: {type(exc).__name__}: {exc}", file=log)
        tex = latex.write_document([v], os.path.join(out_dir, cid + ".tex"), title=v.claim.title,
                                   figures={cid: f["figure"]} if f["figure"] else None)
        f["tex"] = os.path.basename(tex)
        if pdf:
            ok, info = latex.compile_tex(tex)
            if ok:
                f["pdf"] = os.path.basename(info)
            elif log is not None:
                print(f"{cid}.tex: " + ("SKIPPED: " + info if ok is None else "did not compile:\n" + info),
                      file=log)
        f["certificate"] = os.path.basename(certificate.write_certificate(
            v, os.path.join(out_dir, cid + ".json"), jobs=jobs, command=command, figure=f["figure"]))
        files[cid] = f
    path = os.path.join(out_dir, "summary.md")
    total = sum(v.seconds for v in verdicts)
    mode = verdicts[0].mode if verdicts else "quick"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(summary.summary_markdown(verdicts, mode=mode, jobs=jobs, seconds=total,
                                          files={k: {kk: vv for kk, vv in f.items() if vv}
                                                 for k, f in files.items()}))
    files["summary"] = path
    return files


def verify_main(args):
    """The ``verify`` command (see the module docstring); returns the exit status."""
    from ..export.summary import format_table, table_rows
    from ..sampling.ensembles import default_jobs
    jobs = args.jobs if args.jobs is not None else default_jobs()
    require(isinstance(jobs, int) and jobs >= 1, f"--jobs must be a positive integer, got {jobs!r}")
    claims = resolve_claims(args.claims)
    progress = not args.no_progress
    ctx = Context(mode=args.mode, jobs=jobs, progress=progress)
    log = sys.stderr if progress else None
    t0 = time.perf_counter()
    verdicts = run_claims(claims, ctx, log=log)
    elapsed = time.perf_counter() - t0
    print(format_table(table_rows(verdicts)))
    bad = [v.claim.id for v in verdicts if not v.matches]
    print(f"\n{len(verdicts)} claims in {elapsed:.1f}s ({args.mode} mode, {jobs} jobs): "
          + ("all verdicts as declared" if not bad else "DIFFERENT from declared: " + ", ".join(bad)))
    if args.out:
        command = "rmtsym verify " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["verify"] else None
        files = write_outputs(verdicts, args.out, jobs=jobs, command=command,
                              figures=not args.no_figures, pdf=args.pdf, log=sys.stderr)
        print(f"wrote certificates, figures, LaTeX and {os.path.relpath(files['summary'])}")
    return 0 if not bad else 1


def latex_main(args):
    """The ``latex`` command: one claim's derivation as a standalone .tex file."""
    from ..export import latex
    claims = resolve_claims([args.claim])
    routes = None if args.sampled else ("exact", "numeric")
    ctx = Context(mode="quick", jobs=args.jobs or 1, progress=False)
    v = run_claims(claims, ctx, routes=routes)[0]
    out = args.output or f"{claims[0].id}.tex"
    require(out.endswith(".tex"), f"-o must name a .tex file, got {out!r}")
    latex.write_document([v], out, title=claims[0].title)
    print(f"wrote {out} ({v.level.value}, expected {v.expected.value})")
    ok, info = latex.compile_tex(out)
    if ok is None:
        print(f"PDF: SKIPPED ({info})")
    elif ok:
        print(f"PDF: {info}")
    else:
        print("PDF: compilation failed\n" + info, file=sys.stderr)
        return 1
    return 0


def add_parsers(sub):
    """Register the ``verify`` and ``latex`` subcommands on an argparse subparsers object.

    Parameters
    ----------
    sub : argparse._SubParsersAction

    Examples
    --------
    >>> import argparse
    >>> p = argparse.ArgumentParser(); s = p.add_subparsers(dest="command")
    >>> add_parsers(s)
    >>> a = p.parse_args(["verify", "mp_survey", "--full", "--jobs", "2"])
    >>> a.claims, a.mode, a.jobs, a.func is verify_main
    (['mp_survey'], 'full', 2, True)
    """
    q = sub.add_parser("verify", help="verify the claims of the seed documents (proofs/)",
                       description="Run claims (all by default) by every route that applies; print the "
                                   "verdict table; write certificates, figures, LaTeX and a summary. "
                                   "Exit status 1 when a verdict differs from the declared one.")
    q.add_argument("claims", nargs="*", metavar="CLAIM", help="claim ids (proofs/<id>.py) or claim files")
    g = q.add_mutually_exclusive_group()
    g.add_argument("--quick", dest="mode", action="store_const", const="quick",
                   help="small n and sample counts, minutes on 2 cores (default)")
    g.add_argument("--full", dest="mode", action="store_const", const="full",
                   help="paper-size n and sample counts")
    q.add_argument("--out", metavar="DIR", default="rmtsym-out",
                   help="output directory (default rmtsym-out; '' writes nothing)")
    q.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="sampling process pool size (default: CPUs available)")
    q.add_argument("--no-progress", action="store_true", help="no progress lines or bars")
    q.add_argument("--no-figures", action="store_true", help="do not draw the PNG figures")
    q.add_argument("--pdf", action="store_true", help="compile each .tex (skipped when no TeX engine)")
    q.set_defaults(func=verify_main, mode="quick")
    q = sub.add_parser("latex", help="LaTeX derivation of one claim",
                       description="Run a claim's exact and numeric routes and write its derivation as a "
                                   "standalone amsmath document; compile it when pdflatex/latexmk exists.")
    q.add_argument("claim", metavar="CLAIM")
    q.add_argument("-o", "--output", metavar="FILE", default=None, help="output .tex (default CLAIM.tex)")
    q.add_argument("--sampled", action="store_true", help="also run the sampled (empirical) route")
    q.add_argument("--jobs", type=int, default=None, metavar="N")
    q.set_defaults(func=latex_main)
