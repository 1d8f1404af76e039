r"""Where claims come from: entry-point providers, claim files and folders.

The runner never imports a claims package by name.  A package that ships
claims declares a *provider* under the entry-point group ``rmtsym.claims``
(rmtsym's own claims are the provider ``builtin``)::

    [project.entry-points."rmtsym.claims"]
    mypkg = "mypkg.claims"

A provider is a module (or any object) with ``claim_ids()`` → list of ids and
``get_claim(claim_id)`` → :class:`~rmtsym.verify.Claim`; a plain callable
returning ``{claim_id: Claim}`` works too.  A user's own claims are loaded
from files or folders with :func:`load_claim_file` / :func:`load_claim_path`:
a claim file is a Python file that defines ``CLAIM``.

Examples
--------
>>> from rmtsym.verify import registry
>>> "builtin" in registry.providers()
True
>>> registry.get_claim("mp_survey").id
'mp_survey'
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any
from importlib.metadata import entry_points

from ..core.errors import RmtsymError
from .model import Claim

__all__ = ["GROUP", "providers", "claim_ids", "get_claim", "discover", "load_claim_file",
           "load_claim_path"]

#: The entry-point group of claim providers.
GROUP = "rmtsym.claims"


def providers() -> dict[str, Any]:
    """The installed claim providers, ``{name: provider}``, by entry-point name.

    Raises
    ------
    RmtsymError
        If a provider cannot be imported (the message names it).
    """
    out = {}
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        try:
            out[ep.name] = ep.load()
        except Exception as exc:  # a broken third-party provider must be named, not hidden
            raise RmtsymError(f"claim provider {ep.name!r} ({ep.value}) does not import: "
                              f"{type(exc).__name__}: {exc}") from exc
    return out


def _ids_of(provider: Any) -> list[str]:
    if hasattr(provider, "claim_ids"):
        return list(provider.claim_ids())
    return list(provider())


def _get_from(provider: Any, claim_id: str) -> Any:
    if hasattr(provider, "get_claim"):
        return provider.get_claim(claim_id)
    return provider()[claim_id]


def claim_ids(provider: str | None = None) -> list[str]:
    """Ids of the installed claims (of one provider, or of all), sorted.

    Parameters
    ----------
    provider : str, optional
        An entry-point name (e.g. ``"builtin"``).

    Returns
    -------
    list of str
    """
    provs = providers()
    if provider is not None:
        if provider not in provs:
            raise RmtsymError(f"provider must be one of {sorted(provs)}, got {provider!r}")
        provs = {provider: provs[provider]}
    return sorted({cid for p in provs.values() for cid in _ids_of(p)})


def get_claim(claim_id: str) -> Claim:
    """The installed claim with this id.

    Raises
    ------
    RmtsymError
        If no provider has it (the message lists the known ids).
    """
    for prov in providers().values():
        if claim_id in _ids_of(prov):
            claim = _get_from(prov, claim_id)
            return _check_claim(claim, f"claim {claim_id!r}")
    raise RmtsymError(f"claim must be one of {claim_ids()} or a path to a claim file, "
                      f"got {claim_id!r}")


def discover(provider: str | None = None) -> dict[str, Claim]:
    """All installed claims, ``{claim_id: Claim}`` in id order."""
    return {cid: get_claim(cid) for cid in claim_ids(provider)}


def _check_claim(claim: object, where: str) -> Claim:
    if not isinstance(claim, Claim):
        raise RmtsymError(f"{where} must define CLAIM as an rmtsym.verify.Claim, "
                          f"got {type(claim).__name__}")
    return claim


def load_claim_file(path: str | os.PathLike[str]) -> Claim:
    """Load the ``CLAIM`` of a Python file (a user's own claim).

    Parameters
    ----------
    path : str or os.PathLike
        A ``.py`` file defining ``CLAIM``.

    Returns
    -------
    rmtsym.verify.Claim

    Raises
    ------
    RmtsymError
        If the file does not exist, does not import (the message names the
        file and the error) or defines no ``CLAIM``.
    """
    path = os.fspath(path)
    if not (os.path.isfile(path) and path.endswith(".py")):
        raise RmtsymError(f"claim file must be an existing .py file, got {path!r}")
    name = "rmtsym_claim_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RmtsymError(f"claim file {path} cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise RmtsymError(f"claim file {path} does not import: {type(exc).__name__}: {exc}") from exc
    claim = getattr(module, "CLAIM", None)
    if claim is None:
        raise RmtsymError(f"{path} defines no CLAIM")
    return _check_claim(claim, path)


def load_claim_path(path: str | os.PathLike[str]) -> list[Claim]:
    """Claims of a file, or of every ``*.py`` file of a folder not starting with ``_``.

    Returns
    -------
    list of rmtsym.verify.Claim
        In file-name order.
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        files = sorted(f for f in os.listdir(path) if f.endswith(".py") and not f.startswith("_"))
        if not files:
            raise RmtsymError(f"claim folder {path} holds no claim file (*.py)")
        return [load_claim_file(os.path.join(path, f)) for f in files]
    return [load_claim_file(path)]
