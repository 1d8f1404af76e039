"""Build the example notebooks (examples/*.ipynb) from cell lists; run: python3 examples/_build.py"""
import os

import nbformat as nbf

def nb(cells):
    n = nbf.v4.new_notebook()
    n.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    n.cells = [nbf.v4.new_markdown_cell(c[3:]) if c.startswith("md:") else nbf.v4.new_code_cell(c) for c in cells]
    return n

TOUR = [
"md:# rmtsym: a quick tour\n\nA spectral law as an exact equation, its moments by two routes, its density on the physical branch, and a sampled spectrum.",
"import sympy as sp\nimport rmtsym\nR = sp.Rational",
"mu = rmtsym.free_add(rmtsym.semicircle(1), rmtsym.marchenko_pastur(R(1, 2)))\nmu   # displays its equation P(m, z) = 0",
"mu.moments(5)",
"md:The same moments by counting non-crossing partitions (free cumulants add):",
"k = [a + b for a, b in zip(rmtsym.semicircle(1).free_cumulants(5), rmtsym.marchenko_pastur(R(1, 2)).free_cumulants(5))]\nassert rmtsym.moments_from_free_cumulants(k) == mu.moments(5)\nrmtsym.moments_from_free_cumulants(k)",
"mu.support(dps=20), mu.density(R(1), dps=30)",
"import numpy as np\nfrom rmtsym.export.plots import density_figure\nfrom rmtsym.sampling import sample_spectra\ns = sample_spectra('wigner_plus_wishart', 300, 20, seed=1, params={'variance': 1.0, 'ratio': 0.5})\nrho = rmtsym.float_density(mu)\nfig = density_figure(s.pooled(), rho, [(float(a), float(b)) for a, b in mu.support(dps=15)], title='SC(1) ⊞ MP(1/2)')",
]
JAC = [
"md:# Your network's Jacobian\n\nThe squared singular values of the input–output Jacobian of a deep random network (Pastur 2022): Pastur's system and the S-transform route, exact for ReLU and numeric for tanh.",
"import sympy as sp\nimport rmtsym",
"spec = rmtsym.JacobianSpectrum('relu', depth=2, sigma_w2=2)\nspec   # the free multiplicative convolution it stands for",
"spec.pastur_system()   # Pastur's system (I), (II), (0)",
"mu = spec.measure()\nmu",
"assert spec.moments(4) == mu.moments(4)\nspec.moments(4)",
"tanh = rmtsym.JacobianSpectrum('tanh', depth=3, sigma_w2=sp.Rational(3, 2))\ntanh.moments(3, dps=20)",
]
ERR = [
"md:# Errata found in the seeds\n\nEach erratum is a claim expected REFUTED, with the checks that must refute it, beside the corrected claim.",
"from rmtsym.verify import registry, Context\nerrata = [c for c in registry.discover().values() if c.expected.value == 'REFUTED']\nlen(errata), [c.id for c in errata][:5]",
"v = registry.get_claim('r_transform_survey_erratum').run(Context(), routes=('exact', 'numeric'))\nv.level.value, v.matches, [(r.name, r.level.value) for r in v.checks]",
"print(v.claim.erratum)",
]
for name, cells in [("quick_tour", TOUR), ("your_network_jacobian", JAC), ("errata", ERR)]:
    nbf.write(nb(cells), os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.ipynb"))
