"""Sphinx configuration of the rmtsym documentation (built by tests/test_sphinx_docs.py with -W)."""

project = "rmtsym"
author = "the rmtsym authors"
copyright = "2026, the rmtsym authors"
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
master_doc = "contents"
exclude_patterns = ["_build"]
autosummary_generate = True
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_validation_checks = set()
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath"]   # $…$ in the guides and the claims catalogue is mathematics
suppress_warnings = ["myst.xref_missing", "myst.header", "toc.not_included", "misc.highlighting_failure"]
html_theme = "alabaster"
nitpicky = False
