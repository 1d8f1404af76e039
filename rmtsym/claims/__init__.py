"""Claims of the seed documents, one file per claim.

Adding a claim is a matter of dropping a file ``rmtsym/claims/<claim_id>.py`` that
defines ``CLAIM`` (a :class:`rmtsym.verify.Claim` whose ``id`` is the file
name) and whose docstring cites the seed file and formula and states the
expected verdict.  Files whose name starts with ``_`` are helpers, not claims.
See ``rmtsym/claims/README.md``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil

from rmtsym.core.errors import RmtsymError

__all__ = ["discover", "get_claim", "load_claim_file", "claim_ids"]


def claim_ids():
    """Ids of the claims in this package, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> "mp_survey" in claim_ids()
    True
    """
    here = os.path.dirname(__file__)
    return sorted(m.name for m in pkgutil.iter_modules([here])
                  if not m.name.startswith("_") and not m.ispkg)


def _claim_of(module, where):
    claim = getattr(module, "CLAIM", None)
    if claim is None:
        raise RmtsymError(f"{where} defines no CLAIM")
    return claim


def get_claim(claim_id):
    """The claim with this id (imports ``rmtsym.claims.<claim_id>``).

    Parameters
    ----------
    claim_id : str

    Returns
    -------
    rmtsym.verify.Claim

    Raises
    ------
    RmtsymError
        If there is no such claim.

    Examples
    --------
    >>> get_claim("semicircle_survey").expected.value
    'EXACT'
    """
    if claim_id not in claim_ids():
        raise RmtsymError(f"claim must be one of {claim_ids()} or a path to a claim file, got {claim_id!r}")
    module = importlib.import_module(f"{__name__}.{claim_id}")
    return _claim_of(module, f"rmtsym/claims/{claim_id}.py")


def load_claim_file(path):
    """Load a claim from a Python file outside the package (e.g. a user's draft).

    Parameters
    ----------
    path : str
        Path of a ``.py`` file defining ``CLAIM``.

    Returns
    -------
    rmtsym.verify.Claim

    Raises
    ------
    RmtsymError
        If the file does not exist or defines no ``CLAIM``.
    """
    if not (os.path.isfile(path) and path.endswith(".py")):
        raise RmtsymError(f"claim file must be an existing .py file, got {path!r}")
    name = "rmtsym_claim_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return _claim_of(module, path)


def discover():
    """All claims of the package, by id.

    Returns
    -------
    dict
        ``{claim_id: Claim}`` in id order.

    Examples
    --------
    >>> claims = discover()
    >>> all(c.id == k for k, c in claims.items())
    True
    """
    return {cid: get_claim(cid) for cid in claim_ids()}
