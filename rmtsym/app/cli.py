"""The ``rmtsym`` command.

Subcommands (``rmtsym SUBCOMMAND --help`` for details):

* ``moments EXPR -n K`` — exact moments m_0..m_K of a law;
* ``cumulants EXPR -n K`` — exact free cumulants k_1..k_K;
* ``equation EXPR`` — the canonical Stieltjes polynomial (and R-/S-transform
  polynomials with ``--transform``);
* ``verify`` and ``latex`` — the claims of the seed documents (see
  :mod:`rmtsym.runner`).

EXPR is the small language of :mod:`rmtsym.parse`, e.g.
``"free_add(semicircle(1), marchenko_pastur(1/2))"``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import sympy

from ..core.errors import RmtsymError


def _measure(args: argparse.Namespace) -> Any:
    from .parse import parse_measure
    return parse_measure(args.expr)


def _cmd_moments(args: argparse.Namespace) -> int:
    mu = _measure(args)
    vals = mu.moments(args.n) if args.what == "moments" else mu.free_cumulants(args.n)
    start = 0 if args.what == "moments" else 1
    if args.json:
        print(json.dumps({"expr": args.expr, "law": mu.label, args.what: [str(v) for v in vals],
                          "first_index": start}, indent=2))
    else:
        sym = "m" if args.what == "moments" else "k"
        for k, v in enumerate(vals, start=start):
            print(f"{sym}_{k} = {v}")
    return 0


def _cmd_equation(args: argparse.Namespace) -> int:
    mu = _measure(args)
    poly = {"stieltjes": mu.stieltjes_polynomial,
            "r": mu.r_transform_polynomial,
            "s": mu.s_transform_polynomial}[args.transform]()
    expr = poly.as_expr()
    if args.json:
        print(json.dumps({"expr": args.expr, "law": mu.label, "transform": args.transform,
                          "variables": [str(g) for g in poly.gens],
                          "polynomial": str(expr), "latex": sympy.latex(expr) + " = 0",
                          "parameters": [str(p) for p in mu.params]}, indent=2))
    elif args.latex:
        print(sympy.latex(expr) + " = 0")
    else:
        print(f"{expr} = 0")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``rmtsym`` command."""
    p = argparse.ArgumentParser(
        prog="rmtsym",
        description="Random-matrix theory of deep networks, verified three ways.")
    from .. import __version__
    p.add_argument("--version", action="version", version=f"rmtsym {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for what, helptext in (("moments", "exact moments m_0..m_K"),
                           ("cumulants", "exact free cumulants k_1..k_K")):
        q = sub.add_parser(what, help=helptext)
        q.add_argument("expr", metavar="EXPR", help="law expression, e.g. 'mp(1/2)'")
        q.add_argument("-n", type=int, default=8, help="highest order K (default 8)")
        q.add_argument("--json", action="store_true", help="JSON output")
        q.set_defaults(func=_cmd_moments, what=what)
    q = sub.add_parser("equation", help="canonical polynomial equation of a law")
    q.add_argument("expr", metavar="EXPR")
    q.add_argument("--transform", choices=("stieltjes", "r", "s"), default="stieltjes",
                   help="which transform's equation (default: the Stieltjes transform)")
    q.add_argument("--latex", action="store_true", help="LaTeX output")
    q.add_argument("--json", action="store_true", help="JSON output")
    q.set_defaults(func=_cmd_equation)
    runner: Any
    try:
        from . import runner
    except ImportError:
        runner = None
    if runner is not None and hasattr(runner, "add_parsers"):
        runner.add_parsers(sub)
    from . import model_cmd
    model_cmd.add_parser(sub)
    q = sub.add_parser("campaign", add_help=False,
                       help="sampling campaigns on a local pool or a Dask cluster "
                            "(run SAMPLER ... | pastur-fig3 ...; 'rmtsym campaign --help')")
    q.add_argument("rest", nargs=argparse.REMAINDER)
    q.set_defaults(func=_cmd_campaign)
    return p


def _cmd_campaign(args: argparse.Namespace) -> int:
    """``rmtsym campaign ...``: :func:`rmtsym.export.campaign_plots.main` (chunks on disk, resumable)."""
    from ..export.campaign_plots import main as campaign_main
    return campaign_main(list(args.rest))


def _one_line(exc: BaseException, limit: int = 400) -> str:
    """The message of ``exc`` on one line, shortened (the CLI never prints a traceback for bad input)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status.

    0: success; 1: a verdict differs from the declared one (``verify``) or an
    internal error; 2: bad input (one line on stderr, no traceback); 130:
    interrupted (Ctrl-C).  ``RMTSYM_DEBUG=1`` shows the traceback of an
    internal error.
    """
    parser = build_parser()
    raw = list(sys.argv[1:] if argv is None else argv)
    try:
        if raw[:1] == ["campaign"]:       # its own argument parser (run ... | pastur-fig3 ...)
            args = argparse.Namespace(func=_cmd_campaign, rest=raw[1:], command="campaign")
        else:
            args = parser.parse_args(raw)
    except SystemExit as exc:          # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if hasattr(args, "n") and args.command in ("moments", "cumulants") and args.n < 0:
        print("rmtsym: error: -n must be >= 0", file=sys.stderr)
        return 2
    # exact results may have many digits; their size is bounded by the input caps
    old_limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    if old_limit is not None:
        sys.set_int_max_str_digits(0)
    try:
        return args.func(args)
    except RmtsymError as exc:
        print(f"rmtsym: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rmtsym: interrupted", file=sys.stderr)
        return 130
    except (RecursionError, MemoryError) as exc:
        print(f"rmtsym: error: input too large ({type(exc).__name__})", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"rmtsym: error: {exc.strerror or _one_line(exc)}{where}", file=sys.stderr)
        return 2
    except Exception as exc:  # an internal error: one line unless RMTSYM_DEBUG is set
        if os.environ.get("RMTSYM_DEBUG"):
            raise
        print(f"rmtsym: internal error: {type(exc).__name__}: {_one_line(exc)} "
              "(set RMTSYM_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1
    finally:
        if old_limit is not None:
            sys.set_int_max_str_digits(old_limit)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
