"""JSON certificates: one per claim, with inputs, versions, seeds and every compared number.

The format is fixed by ``certificate.schema.json`` (JSON Schema draft-07,
shipped with the package).  Numbers are strings, exact values written
exactly (``3/2``) and floats with their digits, so nothing is lost to binary
floating point.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
from typing import TYPE_CHECKING, Any

from ..core.errors import RmtsymError, require

if TYPE_CHECKING:
    from ..verify.model import Verdict

__all__ = ["SCHEMA_PATH", "load_schema", "versions", "certificate", "write_certificate",
           "validate_certificate"]

#: Path of the JSON schema of a certificate.
SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "certificate.schema.json")


def load_schema() -> dict[str, Any]:
    """The certificate JSON schema (a dict).

    Returns
    -------
    dict

    Examples
    --------
    >>> load_schema()["properties"]["schema_version"]
    {'const': 1}
    """
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def versions() -> dict[str, str | None]:
    """Versions of Python, rmtsym and the libraries a verdict depends on.

    Returns
    -------
    dict
        ``{name: version or None}``.

    Examples
    --------
    >>> v = versions()
    >>> all(k in v for k in ("rmtsym", "python", "numpy", "sympy", "mpmath"))
    True
    """
    from importlib import metadata
    out: dict[str, str | None] = {"python": platform.python_version(),
                                  "platform": platform.platform()}
    v: str | None
    try:
        from .. import __version__ as v
    except ImportError:  # pragma: no cover
        v = None
    out["rmtsym"] = v
    for dist in ("numpy", "sympy", "mpmath", "scipy", "python-flint", "networkx", "matplotlib"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def _seeds(verdict: Verdict) -> Any:
    seeds = []
    for r in verdict.checks:
        for run in r.record.get("runs", []) if isinstance(r.record, dict) else []:
            seeds.append({"check": r.name, "sampler": run["sampler"], "params": run.get("params", {}),
                          "n": int(run["n"]), "samples": int(run["samples"]), "seed": int(run["seed"])})
    return seeds


def certificate(verdict: Verdict, jobs: int | None = None, command: str | None = None,
                figure: str | None = None) -> dict[str, Any]:
    """The certificate of one verdict as a JSON-ready dict.

    Parameters
    ----------
    verdict : rmtsym.verify.Verdict
    jobs : int, optional
        Sampling pool size used (recorded; results do not depend on it).
    command : str, optional
        The command line that produced it.
    figure : str, optional
        File name of the claim's figure.

    Returns
    -------
    dict
        Valid against :func:`load_schema`.

    Examples
    --------
    >>> from rmtsym.verify import Claim, Context, exact_sequences
    >>> cl = Claim("demo", "t", "000.txt", "eq", "$x$", "EXACT",
    ...            [exact_sequences("c", lambda ctx: [1], lambda ctx: [1], "a", "b")])
    >>> cert = certificate(cl.run(Context()))
    >>> cert["verdict"], cert["matches_expected"], validate_certificate(cert)
    ('EXACT', True, True)
    """
    from ..verify.model import ROUTES, _jsonable
    cl = verdict.claim
    theory = None
    if cl.theory is not None:
        try:
            mu = cl.theory()
            theory = mu._latex() if hasattr(mu, "_latex") else str(mu)
        except Exception as exc:  # recorded, not fatal: the checks decide
            theory = f"(theory could not be built: {type(exc).__name__}: {exc})"
    routes = {}
    for route in ROUTES:
        lv = verdict.route_level(route)
        routes[route] = lv.value if lv is not None else None
    return {
        "schema_version": 1,
        "claim": {"id": cl.id, "title": cl.title, "source": cl.source, "formula": cl.formula,
                  "statement": cl.statement, "expected": cl.expected.value, "erratum": cl.erratum,
                  "corrected_by": cl.corrected_by, "erratum_of": cl.erratum_of, "notes": cl.notes,
                  "theory": theory},
        "verdict": verdict.level.value,
        "expected": cl.expected.value,
        "matches_expected": bool(verdict.matches),
        "mode": verdict.mode,
        "jobs": int(jobs) if jobs else 1,
        "seconds": round(float(verdict.seconds), 3),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "versions": versions(),
        "seeds": _seeds(verdict),
        "routes": routes,
        "checks": [_jsonable(r.to_dict()) for r in verdict.checks],
        "figure": figure,
    }


def write_certificate(verdict: Verdict, path: str | os.PathLike[str], **kwargs: Any) -> str:
    """Write the certificate of ``verdict`` to ``path`` (UTF-8 JSON) and return the path.

    Parameters
    ----------
    verdict : rmtsym.verify.Verdict
    path : str
    **kwargs
        Passed to :func:`certificate`.

    Returns
    -------
    str
    """
    require(isinstance(path, (str, os.PathLike)) and str(path), f"path must be a file name, got {path!r}")
    doc = certificate(verdict, **kwargs)
    from .atomic import write_text
    # atomic: a temporary name in the same folder, then os.replace
    return write_text(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def validate_certificate(doc: dict[str, Any] | str | os.PathLike[str]) -> bool:
    """Validate a certificate against the schema.

    Parameters
    ----------
    doc : dict or str
        The certificate, or the path of a JSON file.

    Returns
    -------
    bool
        True (raises otherwise).

    Raises
    ------
    RmtsymError
        If the document does not validate; the message names the failing field.

    Notes
    -----
    Uses :mod:`jsonschema` when installed (the ``test`` extra); otherwise
    checks the required fields and the verdict levels only.
    """
    if isinstance(doc, (str, os.PathLike)):
        with open(doc, encoding="utf-8") as fh:
            data: Any = json.load(fh)
    else:
        data = doc
    schema = load_schema()
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - minimal fallback
        require(isinstance(data, dict), "doc must be a JSON object")
        missing = [k for k in schema["required"] if k not in data]
        require(not missing, f"certificate misses fields {missing}")
        levels = schema["definitions"]["level"]["enum"]
        require(data["verdict"] in levels, f"verdict must be one of {levels}, got {data['verdict']!r}")
        return True
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(root)"
        raise RmtsymError(f"certificate field {where}: {exc.message}") from None
    return True


if __name__ == "__main__":  # pragma: no cover
    for p in sys.argv[1:]:
        print(p, validate_certificate(p))
