r"""Run the claims of ``rmtsym/claims/`` and write the verdicts out: the ``verify`` and ``latex`` commands.

``rmtsym verify [CLAIM ...] [--quick | --full] [--out DIR] [--jobs N]`` runs
the claims (all by default; a CLAIM is an id of ``rmtsym/claims/`` or the path of a
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

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..core.errors import require
from ..verify.model import Context

if TYPE_CHECKING:
    from ..verify.model import Claim, Verdict

__all__ = ["resolve_claims", "claims_json", "run_claims", "write_outputs", "verify_main", "latex_main",
           "add_parsers"]


def resolve_claims(names: Sequence[str] | None = None, builtin: bool | None = None,
                   pattern: str | None = None) -> list[Claim]:
    """Claims by id, by file or folder path, or all installed claims.

    Parameters
    ----------
    names : list of str, optional
        Claim ids (of any installed provider, see :mod:`rmtsym.verify.registry`)
        or paths of claim files / folders of claim files.
    builtin : bool, optional
        Also run every installed claim.  Default: True when ``names`` is
        empty, False otherwise (``rmtsym verify my_claims/`` runs only yours;
        ``--builtin`` adds the installed ones).
    pattern : str, optional
        Keep only claims whose id contains this substring (``-k``; several
        alternatives separated by ``|``).

    Returns
    -------
    list of rmtsym.verify.Claim
        Installed claims first (id order), then the named ones; no duplicates.

    Raises
    ------
    RmtsymError
        On an unknown claim id (the message lists the known ids), a claim file
        that does not import, a pattern that selects nothing.

    Examples
    --------
    >>> [c.id for c in resolve_claims(["mp_survey"])]
    ['mp_survey']
    >>> [c.id for c in resolve_claims(pattern="mp_course|mp_survey")]
    ['mp_course', 'mp_survey']
    """
    from ..verify import registry
    names = list(names or [])
    if builtin is None:
        builtin = not names
    out = list(registry.discover().values()) if builtin else []
    for name in names:
        require(isinstance(name, str) and name, f"claim must be a claim id or a file, got {name!r}")
        if name.endswith(".py") or os.sep in name or os.path.isdir(name):
            out.extend(registry.load_claim_path(name))
        else:
            out.append(registry.get_claim(name))
    seen, unique = set(), []
    for c in out:
        if c.id not in seen:
            seen.add(c.id)
            unique.append(c)
    if pattern is not None:
        alts = [a for a in str(pattern).split("|") if a]
        require(alts, f"-k must be a non-empty pattern, got {pattern!r}")
        kept = [c for c in unique if any(a in c.id for a in alts)]
        require(kept, f"-k {pattern!r} selects none of the claims {[c.id for c in unique]}")
        unique = kept
    return unique


def claims_json(claims: Iterable[Claim], verdicts: Iterable[Verdict] | None = None) -> list[dict[str, Any]]:
    """The claims (and their verdicts, when run) as JSON-ready dicts, for ``--list/--json``."""
    by_id = {v.claim.id: v for v in verdicts or []}
    rows = []
    for c in claims:
        row = {"id": c.id, "title": c.title, "source": c.source, "formula": c.formula,
               "expected": c.expected.value, "routes": sorted({k.route for k in c.checks})}
        v = by_id.get(c.id)
        if v is not None:
            row.update({"verdict": v.level.value, "as_declared": v.matches,
                        "seconds": round(v.seconds, 3),
                        "checks": [{"name": r.name, "route": r.route, "level": r.level.value,
                                    "message": r.message} for r in v.checks]})
        rows.append(row)
    return rows


def run_claims(claims: Sequence[Claim], ctx: Context | None = None, routes: Iterable[str] | None = None,
               log: TextIO | None = None,
               on_verdict: Callable[[Verdict], object] | None = None) -> list[Verdict]:
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
    on_verdict : callable, optional
        Called with each verdict as soon as its claim finishes (``verify``
        writes the claim's files there, so an interrupt loses nothing done).

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
        if on_verdict is not None:
            on_verdict(v)
    return out


def write_outputs(verdicts: Sequence[Verdict], out_dir: str | os.PathLike[str], jobs: int = 1,
                  command: str | None = None, figures: bool = True, pdf: bool = False,
                  log: TextIO | None = None) -> dict[str, Any]:
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
    from ..export.atomic import check_writable_dir
    check_writable_dir(out_dir, "out")
    files: dict[str, Any] = {}
    for v in verdicts:
        files[v.claim.id] = write_claim_files(v, out_dir, jobs=jobs, command=command,
                                              figures=figures, pdf=pdf, log=log)
    files["summary"] = write_summary(verdicts, out_dir, files, jobs=jobs)
    return files


def write_claim_files(v: Verdict, out_dir: str | os.PathLike[str], jobs: int = 1,
                      command: str | None = None, figures: bool = True, pdf: bool = False,
                      log: TextIO | None = None) -> dict[str, str | None]:
    """Write one claim's figure, LaTeX and certificate (each atomically) into ``out_dir``.

    Returns
    -------
    dict
        ``{"certificate", "figure", "tex", "pdf"}``: file names or None.
    """
    from ..export import certificate, latex, plots
    cid = v.claim.id
    f: dict[str, str | None] = {"certificate": None, "figure": None, "tex": None, "pdf": None}
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
    return f


def write_summary(verdicts: Sequence[Verdict], out_dir: str | os.PathLike[str],
                  files: dict[str, Any], jobs: int = 1,
                  not_run: Sequence[str] = ()) -> str:
    """Write ``summary.md`` atomically; ``not_run`` lists the claims an interrupt left out."""
    from ..export import summary
    from ..export.atomic import write_text
    path = os.path.join(out_dir, "summary.md")
    total = sum(v.seconds for v in verdicts)
    mode = verdicts[0].mode if verdicts else "quick"
    text = summary.summary_markdown(verdicts, mode=mode, jobs=jobs, seconds=total,
                                    files={k: {kk: vv for kk, vv in f.items() if vv}
                                           for k, f in files.items() if k != "summary"})
    if not_run:
        text += ("\n## Not run (interrupted)\n\n"
                 + "".join(f"- `{cid}`\n" for cid in not_run))
    return write_text(path, text)


def verify_main(args: argparse.Namespace) -> int:
    """The ``verify`` command (see the module docstring); returns the exit status."""
    from ..export.summary import format_table, table_rows
    from ..sampling.ensembles import default_jobs
    jobs = args.jobs if args.jobs is not None else default_jobs()
    require(isinstance(jobs, int) and jobs >= 1, f"--jobs must be a positive integer, got {jobs!r}")
    claims = resolve_claims(args.claims, builtin=args.builtin, pattern=args.pattern)
    if args.list:
        if args.json:
            print(json.dumps(claims_json(claims), indent=2, ensure_ascii=False))
        else:
            for c in claims:
                print(f"{c.id:32s} {c.source[:3]}  expected {c.expected.value:12s} {c.title}")
        return 0
    progress = not args.no_progress and not args.json
    ctx = Context(mode=args.mode, jobs=jobs, progress=progress)
    log = sys.stderr if progress else None
    out_dir = args.out or None
    if out_dir is not None:
        from ..export.atomic import check_writable_dir
        check_writable_dir(out_dir, "--out")          # before any claim runs
    command = ("rmtsym verify " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["verify"]
               else None) if not args.json else None
    done, files = [], {}

    def finished(v):
        done.append(v)
        if out_dir is not None:
            files[v.claim.id] = write_claim_files(v, out_dir, jobs=jobs, command=command,
                                                  figures=not args.no_figures, pdf=args.pdf,
                                                  log=sys.stderr)
            write_summary(done, out_dir, files, jobs=jobs,
                          not_run=[c.id for c in claims[len(done):]])

    t0 = time.perf_counter()
    try:
        scheduler = getattr(args, "scheduler", "local") or "local"
        if scheduler == "local":
            verdicts = run_claims(claims, ctx, log=log, on_verdict=finished)
        else:   # every sample_spectra call of the checks runs on the Dask cluster
            from ..sampling.campaign import use_scheduler
            with use_scheduler(scheduler):
                verdicts = run_claims(claims, ctx, log=log, on_verdict=finished)
    except KeyboardInterrupt:
        not_run = [c.id for c in claims[len(done):]]
        if out_dir is not None:
            write_summary(done, out_dir, files, jobs=jobs, not_run=not_run)
        kept = f"; their files are in {out_dir}" if out_dir is not None and done else ""
        print(f"rmtsym: interrupted: {len(done)} of {len(claims)} claims finished{kept}; not run: "
              + (", ".join(not_run) if len(not_run) <= 12 else
                 ", ".join(not_run[:12]) + f", ... ({len(not_run)} in all)"),
              file=sys.stderr)
        return 130
    elapsed = time.perf_counter() - t0
    bad = [v.claim.id for v in verdicts if not v.matches]
    if out_dir is not None:
        write_summary(verdicts, out_dir, files, jobs=jobs)
    if args.json:
        print(json.dumps({"claims": claims_json(claims, verdicts), "mode": args.mode, "jobs": jobs,
                          "seconds": round(elapsed, 3), "all_as_declared": not bad},
                         indent=2, ensure_ascii=False))
        return 0 if not bad else 1
    print(format_table(table_rows(verdicts)))
    print(f"\n{len(verdicts)} claims in {elapsed:.1f}s ({args.mode} mode, {jobs} jobs): "
          + ("all verdicts as declared" if not bad else "DIFFERENT from declared: " + ", ".join(bad)))
    if out_dir is not None:
        print(f"wrote certificates, figures, LaTeX and "
              f"{os.path.relpath(os.path.join(out_dir, 'summary.md'))}")
    return 0 if not bad else 1


def latex_main(args: argparse.Namespace) -> int:
    """The ``latex`` command: one claim's derivation (or all, ``--all``) as a standalone .tex file."""
    from ..export import latex
    from ..export.atomic import check_output_file
    require(bool(args.claim) != bool(args.all), "give one CLAIM or --all (not both, not neither)")
    claims = resolve_claims([args.claim] if args.claim else None, pattern=args.pattern)
    routes = None if args.sampled else ("exact", "numeric")
    require(args.jobs is None or (isinstance(args.jobs, int) and args.jobs >= 1),
            f"--jobs must be a positive integer, got {args.jobs!r}")
    ctx = Context(mode="quick", jobs=args.jobs or 1, progress=False)
    out = args.output or (f"{claims[0].id}.tex" if args.claim else "rmtsym-claims.tex")
    check_output_file(out, "-o", ext=".tex")     # like verify --out: before the claim runs
    try:
        verdicts = run_claims(claims, ctx, routes=routes,
                              log=sys.stderr if args.all else None)
    except KeyboardInterrupt:
        print(f"rmtsym: interrupted: {claims[0].id if args.claim else 'the claims'} not run; "
              "nothing written", file=sys.stderr)
        return 130
    title = claims[0].title if args.claim else "rmtsym: the claims of the seed documents, derived and checked"
    latex.write_document(verdicts, out, title=title)
    v = verdicts[0]
    if args.claim:
        print(f"wrote {out} ({v.level.value}, expected {v.expected.value})")
    else:
        print(f"wrote {out} ({len(verdicts)} claims, "
              f"{sum(1 for x in verdicts if x.matches)} as declared)")
    if args.no_pdf:
        return 0
    ok, info = latex.compile_tex(out)
    if ok is None:
        print(f"PDF: SKIPPED ({info})")
    elif ok:
        print(f"PDF: {info}")
    else:
        print("PDF: compilation failed\n" + info, file=sys.stderr)
        return 1
    return 0


def add_parsers(sub: Any) -> None:
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
    q = sub.add_parser("verify", help="verify the claims of the seed documents (rmtsym/claims/)",
                       description="Run claims (all by default) by every route that applies; print the "
                                   "verdict table; write certificates, figures, LaTeX and a summary. "
                                   "Exit status 1 when a verdict differs from the declared one.")
    q.add_argument("claims", nargs="*", metavar="CLAIM",
                   help="claim ids of installed claims, or your own claim files / folders")
    b = q.add_mutually_exclusive_group()
    b.add_argument("--builtin", dest="builtin", action="store_true", default=None,
                   help="also run the installed claims (default when no CLAIM is given)")
    b.add_argument("--no-builtin", dest="builtin", action="store_false",
                   help="run only the named claims / files")
    q.add_argument("-k", dest="pattern", metavar="PATTERN", default=None,
                   help="only claims whose id contains PATTERN (alternatives: a|b)")
    q.add_argument("--list", action="store_true", help="list the selected claims and exit")
    q.add_argument("--json", action="store_true",
                   help="print the verdicts (or the --list) as JSON on stdout instead of the table")
    g = q.add_mutually_exclusive_group()
    g.add_argument("--quick", dest="mode", action="store_const", const="quick",
                   help="small n and sample counts, minutes on 2 cores (default)")
    g.add_argument("--full", dest="mode", action="store_const", const="full",
                   help="paper-size n and sample counts")
    q.add_argument("--out", metavar="DIR", default="rmtsym-out",
                   help="output directory (default rmtsym-out; '' writes nothing)")
    q.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="sampling process pool size (default: CPUs available)")
    q.add_argument("--scheduler", default="local", metavar="ADDRESS",
                   help="'local' (default: a process pool of --jobs) or the address of a "
                        "dask.distributed scheduler (e.g. tcp://host:8786) for the sampling; "
                        "same eigenvalues, same verdicts")
    q.add_argument("--no-progress", action="store_true", help="no progress lines or bars")
    q.add_argument("--no-figures", action="store_true", help="do not draw the PNG figures")
    q.add_argument("--pdf", action="store_true", help="compile each .tex (skipped when no TeX engine)")
    q.set_defaults(func=verify_main, mode="quick")
    q = sub.add_parser("latex", help="LaTeX derivation of one claim",
                       description="Run a claim's exact and numeric routes and write its derivation as a "
                                   "standalone amsmath document; compile it when pdflatex/latexmk exists.")
    q.add_argument("claim", metavar="CLAIM", nargs="?", default=None)
    q.add_argument("--all", action="store_true",
                   help="one document for all installed claims, with a contents table")
    q.add_argument("-k", dest="pattern", metavar="PATTERN", default=None,
                   help="with --all: only claims whose id contains PATTERN (alternatives: a|b)")
    q.add_argument("--no-pdf", action="store_true", help="write the .tex only (no compilation)")
    q.add_argument("-o", "--output", metavar="FILE", default=None,
                   help="output .tex (default CLAIM.tex, or rmtsym-claims.tex with --all)")
    q.add_argument("--sampled", action="store_true", help="also run the sampled (empirical) route")
    q.add_argument("--jobs", type=int, default=None, metavar="N")
    q.set_defaults(func=latex_main)
