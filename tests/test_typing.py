"""Type hints on the public API, checked two ways.

1. **The type checker.**  ``python -m mypy`` runs on the package with the
   ``[tool.mypy]`` configuration of ``pyproject.toml`` (``files = rmtsym``,
   Python 3.10); any error fails the test with mypy's own report.  mypy is in
   the ``test`` extra, so CI runs it; the test is skipped only where mypy is
   not importable.  The cache lives in the temporary directory, never in the
   working tree.
2. **Annotation coverage, by introspection.**  Every callable in
   ``rmtsym.__all__`` and every public method (and ``__init__``, and property)
   of every class in ``rmtsym.__all__`` annotates every parameter and its
   return.  A checker passes un-annotated code silently (``Any``), so this is
   the test that the hints exist at all; the failure lists each offender as
   ``module.qualname(missing, ...)``.  The same is required of every public
   function and method of the modules in :data:`TYPED_MODULES` (the modules
   whose whole surface is typed; add a module once its hints are complete).
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import importlib.util
import inspect
import os
import pathlib
import subprocess
import sys
import tempfile
import types

import pytest

import rmtsym

ROOT = pathlib.Path(__file__).resolve().parents[1]

#: modules whose every public function / method / class is annotated (grow this list)
TYPED_MODULES = [
    "rmtsym.core.errors", "rmtsym.core.numbers", "rmtsym.core.protocol",
    "rmtsym.verify.model", "rmtsym.verify.exact", "rmtsym.verify.certified", "rmtsym.verify.balls",
    "rmtsym.verify.densities", "rmtsym.verify.empirical", "rmtsym.verify.registry",
    "rmtsym.verify.report",
    "rmtsym.export.latex", "rmtsym.export.atomic", "rmtsym.export.catalogue",
    "rmtsym.export.certificate", "rmtsym.export.summary", "rmtsym.export.plots",
    "rmtsym.export.campaign_plots",
    "rmtsym.app.cli", "rmtsym.app.runner", "rmtsym.app.parse", "rmtsym.app.model_cmd",
    "rmtsym.sampling.ensembles", "rmtsym.sampling.registry", "rmtsym.sampling.campaign",
    "rmtsym.claims._common",
]


# --------------------------------------------------------------------------- helpers

def _missing(func, *, bound):
    """Names of the parameters (and ``return``) of ``func`` without an annotation.

    ``bound``: the first parameter is ``self``/``cls`` (never annotated).
    """
    func = inspect.unwrap(func)
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):       # builtins without a signature: nothing to check
        return []
    params = list(sig.parameters.values())
    if bound and params and params[0].name in ("self", "cls"):
        params = params[1:]
    out = [p.name for p in params if p.annotation is inspect.Parameter.empty]
    if sig.return_annotation is inspect.Signature.empty:
        out.append("return")
    return out


def _is_own(obj, prefix="rmtsym"):
    return (getattr(obj, "__module__", "") or "").startswith(prefix)


def _class_offenders(cls):
    """``Class.method(missing)`` for the public surface of one class defined in rmtsym."""
    out = []
    generated_init = dataclasses.is_dataclass(cls)     # the dataclass __init__ carries the field types
    for klass in cls.__mro__:
        if not _is_own(klass):
            continue
        for name, raw in vars(klass).items():
            if name.startswith("_") and name != "__init__":
                continue
            if name == "__init__" and generated_init and klass is cls:
                continue
            if isinstance(raw, property):
                funcs = [("", raw.fget)] + ([(".setter", raw.fset)] if raw.fset else [])
                for suffix, f in funcs:
                    if f is None:
                        continue
                    miss = _missing(f, bound=True)
                    if miss:
                        out.append(f"{klass.__module__}.{klass.__qualname__}.{name}{suffix}"
                                   f"({', '.join(miss)})")
                continue
            if isinstance(raw, staticmethod):
                f, bound = raw.__func__, False
            elif isinstance(raw, classmethod):
                f, bound = raw.__func__, True
            elif isinstance(raw, types.FunctionType):
                f, bound = raw, True
            else:
                continue
            if not _is_own(f):
                continue
            miss = _missing(f, bound=bound)
            if miss:
                out.append(f"{klass.__module__}.{klass.__qualname__}.{name}({', '.join(miss)})")
    return out


def _offenders(objects):
    out = []
    for obj in objects:
        if inspect.isclass(obj):
            if _is_own(obj):
                out.extend(_class_offenders(obj))
        elif callable(obj) and _is_own(obj):
            miss = _missing(obj, bound=False)
            if miss:
                out.append(f"{obj.__module__}.{obj.__qualname__}({', '.join(miss)})")
    return sorted(set(out))


def _public_of_module(mod):
    """The public functions and classes *defined* in ``mod`` (its ``__all__`` when it has one)."""
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [n for n in vars(mod) if not n.startswith("_")]
    objs = []
    for n in names:
        obj = getattr(mod, n, None)
        if obj is None or getattr(obj, "__module__", None) != mod.__name__:
            continue
        if inspect.isclass(obj) or inspect.isfunction(obj):
            objs.append(obj)
    return objs


# --------------------------------------------------------------------------- 1. mypy

def test_mypy_passes_on_the_package():
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it is in the 'test' extra; CI runs this)")
    cache = os.path.join(tempfile.gettempdir(), f"rmtsym-mypy-cache-{os.getuid() if hasattr(os, 'getuid') else 0}")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", cache, "--no-error-summary",
         "--hide-error-context", "--no-pretty"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"mypy found errors (config: [tool.mypy] in pyproject.toml):\n{report}"


def test_mypy_configuration_covers_the_package():
    """The check is on the whole package at the oldest supported Python (not a silent no-op)."""
    try:
        import tomllib
    except ImportError:                      # Python 3.10
        tomllib = pytest.importorskip("tomli")
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert cfg["files"] == ["rmtsym"]
    assert cfg["python_version"] == "3.10"
    assert not cfg.get("ignore_errors", False)
    assert (ROOT / "rmtsym" / "py.typed").is_file()
    pkg_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["rmtsym"]
    assert "py.typed" in pkg_data


# --------------------------------------------------------------------------- 2. coverage

def test_flat_api_is_fully_annotated():
    objs = [getattr(rmtsym, name) for name in rmtsym.__all__]
    bad = _offenders(objs)
    assert not bad, (f"{len(bad)} public callables in rmtsym.__all__ lack annotations "
                     "(parameter names or 'return' in brackets):\n  " + "\n  ".join(bad))


@pytest.mark.parametrize("modname", TYPED_MODULES)
def test_typed_module_is_fully_annotated(modname):
    mod = importlib.import_module(modname)
    bad = _offenders(_public_of_module(mod))
    assert not bad, f"{modname}: un-annotated public signatures:\n  " + "\n  ".join(bad)


# --------------------------------------------------------------------------- the detector itself

def _typed(x: int, y: str = "a") -> bool:
    return True


def _untyped(x, y: int = 1):
    return x


class _Demo:
    def ok(self, a: int) -> int:
        return a

    def bad(self, a):
        return a

    @staticmethod
    def sbad(a: int):
        return a

    @property
    def prop(self):
        return 1


def test_detector_finds_missing_annotations():
    assert _missing(_typed, bound=False) == []
    assert _missing(_untyped, bound=False) == ["x", "return"]
    # _Demo is defined in this test module, not in rmtsym: make it (and its methods) count as own
    saved = [(o, o.__module__) for o in (_Demo, _Demo.bad, _Demo.ok, _Demo.sbad, _Demo.prop.fget)]
    for o, _ in saved:
        o.__module__ = "rmtsym._demo"
    try:
        found = _class_offenders(_Demo)
    finally:
        for o, m in saved:
            o.__module__ = m
    names = {f.split("(")[0].rsplit(".", 1)[-1] for f in found}
    assert names == {"bad", "sbad", "prop"}, found


def test_detector_accepts_an_annotated_enum_and_dataclass():
    @dataclasses.dataclass
    class D:
        a: int = 0

        def f(self) -> int:
            return self.a

    class E(str, enum.Enum):
        A = "a"

        def g(self) -> str:
            return self.value

    for cls in (D, E):
        for o in [cls] + [v for v in vars(cls).values() if isinstance(v, types.FunctionType)]:
            o.__module__ = "rmtsym._demo"
        assert _class_offenders(cls) == []


PROTOCOL_METHODS = ("stieltjes", "density", "cdf", "support", "atoms", "moments", "density_grid")


def test_measure_methods_name_their_types():
    """The measure methods of every class of ``rmtsym.__all__`` say what they take and return
    with the named types of :mod:`rmtsym.core.types` (or concrete ones), never a bare ``Any`` or
    an unparametrised ``list``: ``support`` returns ``list[Interval]``, ``density`` takes
    ``RealPoints`` and returns an ``MpReal`` (or a grid of them), and so on."""
    import rmtsym.core.types as named
    assert {"Interval", "Atom", "RealPoints", "RealResult", "MpReal"} <= set(named.__all__)
    bad = []
    for name in rmtsym.__all__:
        obj = getattr(rmtsym, name)
        if not inspect.isclass(obj):
            continue
        for meth in PROTOCOL_METHODS:
            f = getattr(obj, meth, None)
            if not callable(f):
                continue
            ann = getattr(inspect.unwrap(f), "__annotations__", {})
            loose = [k for k, v in ann.items() if k not in ("dps", "error", "progress")
                     and (v in ("Any", "list", "tuple", "dict") or v is list)]
            if loose:
                bad.append(f"{name}.{meth}({', '.join(loose)})")
    assert not bad, "measure methods typed Any / bare list:\n  " + "\n  ".join(bad)
