"""The example notebooks (examples/*.ipynb) execute without error (nbclient)."""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = sorted(p.name for p in EXAMPLES.glob("*.ipynb"))


def test_there_are_notebooks():
    assert {"quick_tour.ipynb", "your_network_jacobian.ipynb", "errata.ipynb"} <= set(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_executes(name, tmp_path):
    nb = nbformat.read(str(EXAMPLES / name), as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    # objects display themselves: the tour's measure cell shows LaTeX, not '<... object at 0x...>'
    texts = [str(o.get("data", {})) for c in nb.cells if c.cell_type == "code"
             for o in c.get("outputs", [])]
    assert not any(" object at 0x" in t for t in texts)
