"""Export of verdicts: JSON certificates, LaTeX derivations, PNG figures, Markdown summary.

* :mod:`rmtsym.export.certificate` — one JSON certificate per claim, valid
  against ``certificate.schema.json``;
* :mod:`rmtsym.export.latex` — standalone amsmath documents assembled from
  recorded derivation steps; compiled when a TeX engine exists;
* :mod:`rmtsym.export.plots` — theory density over the sampled histogram
  (matplotlib imported lazily);
* :mod:`rmtsym.export.summary` — the verdict table and the Markdown summary.

Nothing here computes mathematics: the exporters consume
:class:`rmtsym.verify.Verdict` objects.
"""
