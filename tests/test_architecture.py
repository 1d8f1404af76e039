"""The one-way layer contract of ``docs/architecture.md``, checked on the source.

Every ``import`` statement of the package — module level *and* inside
functions, absolute and relative — is resolved to the rmtsym sub-package it
names; a module may import only from its own sub-package or from a layer
strictly below its own.  Two sub-packages on the same layer (``laws`` and
``combinatorics``) may not import each other.  The test fails with the list
of offending ``file:line`` entries, so a new backward import cannot slip in
behind a function-level import.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1] / "rmtsym"

#: sub-package -> layer (lower never imports higher).  Keep in sync with docs/architecture.md.
LAYERS = {
    "core": 0,
    "laws": 1, "combinatorics": 1,
    "numerics": 2,
    "free": 3,
    "gaussian": 4,
    "sampling": 5,
    "models": 6,
    "verify": 7,
    "export": 8,
    "app": 9,
    "claims": 10,      # the built-in claims: use every layer, found by app through the entry point
}

#: modules directly in rmtsym/ (the facade): may import anything, nobody imports them
FACADE = {"__init__", "__main__"}
#: the claims are user-level code (the top layer): they may use the flat public API
USERS_OF_THE_FACADE = {"claims"}


def _package_of(path):
    rel = path.relative_to(ROOT).parts
    return rel[0] if len(rel) > 1 else pathlib.Path(rel[0]).stem


def _imports(path):
    """(line, absolute dotted name) of every import of rmtsym in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT.parent).with_suffix("").parts
    pkg = list(rel[:-1]) if rel[-1] != "__init__" else list(rel[:-1])
    if rel[-1] == "__init__":
        pkg = list(rel[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "rmtsym":
                    out.append((node.lineno, a.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "rmtsym":
                continue
            if mod == "rmtsym":          # from rmtsym import X / from .. import X
                for a in node.names:
                    out.append((node.lineno, "rmtsym." + a.name))
            else:
                out.append((node.lineno, mod))
    return out


def _target_package(dotted):
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else None


def violations():
    bad = []
    for path in sorted(ROOT.rglob("*.py")):
        src_pkg = _package_of(path)
        if src_pkg in FACADE:
            continue
        if src_pkg not in LAYERS:
            bad.append(f"{path.relative_to(ROOT.parent)}: module outside every layer (add it to LAYERS)")
            continue
        for line, dotted in _imports(path):
            tgt = _target_package(dotted)
            if tgt is None or tgt == src_pkg or tgt == "__version__":
                continue
            where = f"{path.relative_to(ROOT.parent)}:{line} imports {dotted}"
            if tgt not in LAYERS:
                if src_pkg in USERS_OF_THE_FACADE:
                    continue
                bad.append(f"{where} (the facade rmtsym/__init__ or an unknown module)")
            elif LAYERS[tgt] >= LAYERS[src_pkg]:
                bad.append(f"{where} ({src_pkg} is layer {LAYERS[src_pkg]}, {tgt} is layer {LAYERS[tgt]})")
    return bad


def test_layers_point_one_way():
    bad = violations()
    assert not bad, "backward or sideways imports:\n" + "\n".join(bad)


def test_contract_can_fail(tmp_path, monkeypatch):
    """The checker itself flags a function-level backward import."""
    fake = tmp_path / "rmtsym"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "x.py").write_text("def f():\n    from ..app import cli\n")
    (fake / "app").mkdir()
    (fake / "app" / "cli.py").write_text("from ..core import x\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", fake)
    bad = violations()
    assert len(bad) == 1 and "core/x.py:2 imports rmtsym.app" in bad[0]


def test_symbolic_layers_do_not_import_numpy():
    """docs/architecture.md: symbolic modules never import numpy or matplotlib."""
    bad = []
    for pkg in ("core", "laws", "free", "combinatorics"):
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                for n in names:
                    if n.split(".")[0] in ("numpy", "matplotlib"):
                        bad.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} imports {n}")
    assert not bad, "\n".join(bad)


#: numerics modules allowed a *function-level* numpy import: the float64 grid path
#: (``density_grid_float``), whose import is deferred so that ``import rmtsym.numerics``
#: stays numpy-free (checked below in a fresh interpreter)
NUMERICS_LAZY_NUMPY = {"floatgrid.py"}


def _numpy_imports(path):
    """(line, name, module_level) of every numpy/matplotlib import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    out = []
    for node in ast.walk(tree):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        for n in names:
            if n.split(".")[0] in ("numpy", "matplotlib"):
                out.append((node.lineno, n, id(node) in top))
    return out


def test_numerics_imports_no_numpy():
    """numerics is an mpmath layer: no module imports numpy at module level, and only
    the float-grid module imports it inside functions (float64 tools such as the
    Gil-Pelaez inversion live in rmtsym.sampling)."""
    bad = []
    for path in sorted((ROOT / "numerics").rglob("*.py")):
        for line, n, module_level in _numpy_imports(path):
            if module_level or path.name not in NUMERICS_LAZY_NUMPY:
                bad.append(f"{path.relative_to(ROOT.parent)}:{line} imports {n}"
                           + (" at module level" if module_level else ""))
    assert not bad, "\n".join(bad)


def test_numerics_numpy_rule_can_fail(tmp_path, monkeypatch):
    """The rule flags a module-level numpy import in numerics and a lazy one outside floatgrid."""
    fake = tmp_path / "rmtsym" / "numerics"
    fake.mkdir(parents=True)
    (fake / "charfun.py").write_text("import numpy as np\n")
    (fake / "floatgrid.py").write_text("def f():\n    import numpy\n")
    (fake / "evaluate.py").write_text("def f():\n    from numpy import linalg\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path / "rmtsym")
    with pytest.raises(AssertionError) as exc:
        test_numerics_imports_no_numpy()
    msg = str(exc.value)
    assert "charfun.py:1 imports numpy at module level" in msg
    assert "evaluate.py:2 imports numpy" in msg and "floatgrid" not in msg


@pytest.mark.parametrize("name", ["rmtsym.core", "rmtsym.laws", "rmtsym.free", "rmtsym.numerics"])
def test_lower_layers_import_without_numpy(name):
    """Importing the symbolic/numeric layers does not pull numpy in (checked in a fresh interpreter)."""
    import subprocess
    import sys
    code = f"import sys, {name}; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
