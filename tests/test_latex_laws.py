"""The LaTeX of a law is ``sympy.latex`` of the expression it stands for (issue: a wrong formula
in an exported derivation is a correctness bug)."""

import sympy

import rmtsym
from rmtsym.laws.named import Dirac, atoms_expression

p = sympy.Symbol("p_2", positive=True)
c = sympy.Symbol("c", positive=True)


def test_discrete_law_weights_are_bracketed():
    mu = rmtsym.atoms({0: 1 - p, 1: p})
    expected = sympy.latex(sympy.Add((1 - p) * Dirac(0), p * Dirac(1)))
    assert mu.latex_name == expected
    assert r"\left(1 - p_{2}\right) \delta_{0}" in mu.latex_name   # not "1 - p_2 \delta_0"
    assert expected in mu.steps[0]["latex"]


def test_atoms_expression_is_the_law():
    """The printed expression, read back as a linear functional, gives the law's moments."""
    w = {sympy.Integer(-1): sympy.Rational(1, 4), sympy.Integer(2): sympy.Rational(3, 4)}
    e = atoms_expression(w)
    # replace delta_x by x^k: the k-th moment of sum w_i delta_{x_i}
    for k in range(4):
        mk = e.replace(lambda a: isinstance(a, Dirac), lambda a: a.args[0] ** k)
        assert sympy.nsimplify(mk) == rmtsym.atoms(w).moments(k)[k]


def test_symbolic_laws_print_through_sympy_latex():
    for mu in (rmtsym.marchenko_pastur(c, sympy.Rational(3, 2)), rmtsym.semicircle(c),
               rmtsym.atoms({0: 1 - p, 3: p})):
        tex = mu._repr_latex_()
        assert tex.startswith("$") and tex.endswith("$")
        assert tex[1:-1] == sympy.latex(mu.stieltjes_polynomial().as_expr()) + " = 0"


def test_every_public_object_displays_itself():
    """Notebook display: a readable __repr__ (no '<... object at 0x...>') and LaTeX that is math."""
    spec = rmtsym.JacobianSpectrum("relu", 2, sigma_w2=2)
    unif = rmtsym.NumericMeasure(lambda x: 1, [(0, 1)], label="U(0,1)")
    objs = [spec, spec.pastur_system(), unif, rmtsym.free_add(unif, rmtsym.semicircle(1)),
            rmtsym.marchenko_pastur(c)]
    for obj in objs:
        r = repr(obj)
        assert " object at 0x" not in r and type(obj).__name__ in r
        tex = obj._repr_latex_()
        assert tex.startswith("$") and tex.endswith("$") and "\x08" not in tex   # no backspace from "\b"
    assert r"\nu_K^{(2)} \boxtimes \mathrm{MP}(1, 2) \boxtimes \nu_K^{(1)}" in spec._repr_latex_()
