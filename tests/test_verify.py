"""rmtsym.verify and rmtsym.runner: levels, checks, a deliberately false claim, the verify command."""

import json
import os
import textwrap

import mpmath
import numpy as np
import pytest
import sympy

from rmtsym.app.cli import main
from rmtsym.core.errors import RmtsymError
from rmtsym.verify import (Check, CheckResult, Claim, Context, Level, combine_levels, compare_exact,
                           empirical_spectrum, exact_identity, exact_sequences, ks_threshold,
                           matches_expected, numeric_values)

from rmtsym.claims._common import mp_claim, narayana_moments

SMALL = {"n": (200, 1000), "samples": (60, 400)}


# ---------------------------------------------------------------------------
# levels
# ---------------------------------------------------------------------------

def test_combine_levels_table():
    table = [
        (["EXACT", "NUMERIC", "EMPIRICAL"], Level.EXACT),
        (["NUMERIC", "INCONCLUSIVE"], Level.NUMERIC),
        (["INCONCLUSIVE", "INCONCLUSIVE"], Level.INCONCLUSIVE),
        (["EXACT", "EMPIRICAL", "REFUTED"], Level.REFUTED),
        ([], Level.INCONCLUSIVE),
    ]
    for levels, want in table:
        assert combine_levels(levels) is want


def test_inconclusive_is_never_a_pass():
    for expected in ("EXACT", "NUMERIC", "EMPIRICAL", "REFUTED"):
        assert not matches_expected("INCONCLUSIVE", expected)
    assert matches_expected("EXACT", "EMPIRICAL") and not matches_expected("EMPIRICAL", "NUMERIC")
    assert not matches_expected("EXACT", "REFUTED") and matches_expected("REFUTED", "REFUTED")
    with pytest.raises(RmtsymError, match="expected"):
        matches_expected("EXACT", "PROBABLY")


def test_compare_exact_three_way():
    c = sympy.Symbol("c")
    assert compare_exact((1 + c) ** 2, 1 + 2 * c + c ** 2) is True
    assert compare_exact(sympy.Rational(3, 2), sympy.Rational(5, 3)) is False
    assert compare_exact(c ** 2 + 1, c ** 2) is False
    assert compare_exact(sympy.sqrt(2) ** 2, 2) is True


def test_exact_checks_levels():
    ctx = Context()
    ok = exact_sequences("s", lambda ctx: [1, 2], lambda ctx: [1, 2], "a", "b").run(ctx)
    bad = exact_sequences("s", lambda ctx: [1, 2], lambda ctx: [1, 3], "a", "b").run(ctx)
    assert ok.level is Level.EXACT and bad.level is Level.REFUTED
    assert bad.numbers[1]["outcome"] == "different" and "m_1" in bad.message
    x = sympy.Symbol("x")
    idn = exact_identity("i", lambda ctx: (sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 1, [])).run(ctx)
    assert idn.level is Level.EXACT and idn.steps[-1]["title"].startswith("Difference of the two sides")


def test_the_difference_step_says_what_is_subtracted():
    """Issue 17: the closing step of an exact identity read "lhs − rhs = 0" without saying what lhs
    and rhs were, and two checks' identical "lhs − rhs = 0" became one equation (the second check
    cited the first's).  Now (a) short sides are written out, equal to sympy.latex of each side;
    (b) named sides are used as given; (c) long sides fall back to lhs/rhs, with the check's label
    in the title; (d) the title names the check, so two checks with difference 0 keep their own
    steps in the exported LaTeX; (e) a bad ``sides`` is refused."""
    from rmtsym.export import latex as latex_export
    from rmtsym.verify.exact import SIDE_LATEX_CHARS
    ctx = Context()
    x = sympy.Symbol("x")
    a, b = (x - 3) * (x + sympy.Rational(2, 5)), x ** 2 - sympy.Rational(13, 5) * x - sympy.Rational(6, 5)
    short = exact_identity("short", lambda c: (a, b, []), label=r"$(x - 3)(x + 2/5)$ expanded").run(ctx)
    step = short.steps[-1]
    assert step["latex"] == (r"\left(" + sympy.latex(a) + r"\right) - \left(" + sympy.latex(b)
                             + r"\right) = 0")
    assert step["title"] == r"Difference of the two sides ($(x - 3)(x + 2/5)$ expanded)"
    named = exact_identity("named", lambda c: (a, b, []), sides=("P_1(x)", "P_2(x)")).run(ctx)
    assert named.steps[-1]["latex"] == "P_1(x) - P_2(x) = 0"
    big = sum(sympy.Rational(k + 1, 7) * x ** k for k in range(40))
    assert len(sympy.latex(big)) > SIDE_LATEX_CHARS
    long_ = exact_identity("long", lambda c: (big, big + x - x, [])).run(ctx)
    assert long_.steps[-1]["latex"] == r"\mathrm{lhs} - \mathrm{rhs} = 0"
    wrong = exact_identity("wrong", lambda c: (a, b + 1, [])).run(ctx)
    assert wrong.level is Level.REFUTED and wrong.steps[-1]["latex"].endswith("= -1")
    claim = Claim("two_zero_differences", "two identities, both 0", "test", "a = b", "two identities",
                  "EXACT", checks=[
        exact_identity("first", lambda c: (a, b, [])), exact_identity("second", lambda c: (big, big, []))])
    tex = latex_export.document(claim.run(ctx))
    assert "Difference of the two sides (\\texttt{first})" in tex
    assert "Difference of the two sides (\\texttt{second})" in tex
    assert tex.count("derived above") == 0
    with pytest.raises(RmtsymError, match="sides"):
        exact_identity("bad", lambda c: (a, b, []), sides=("P_1",))


def test_numeric_check_pass_refute_undecided():
    ctx = Context()
    pi30 = "3.14159265358979323846264338327950"
    ok = numeric_values("pi", lambda c, d: [("pi", pi30, sympy.pi, "1e-25")], digits=20)
    bad = numeric_values("pi", lambda c, d: [("pi", "3.14", sympy.pi, 0)], digits=5)
    und = numeric_values("pi", lambda c, d: [("pi", pi30, sympy.pi, "1e-3")], digits=5)
    assert ok.run(ctx).level is Level.NUMERIC
    assert bad.run(ctx).level is Level.REFUTED
    assert und.run(ctx).level is Level.INCONCLUSIVE
    with pytest.raises(RmtsymError, match="digits"):
        numeric_values("x", lambda c, d: [], digits=40, dps=30)


def test_a_check_that_crashes_is_inconclusive():
    def boom(ctx):
        raise ArithmeticError("no convergence")
    r = Check("boom", "numeric", boom).run(Context())
    assert r.level is Level.INCONCLUSIVE and "no convergence" in r.message


def test_claim_and_context_validation():
    chk = exact_sequences("s", lambda ctx: [1], lambda ctx: [1], "a", "b")
    with pytest.raises(RmtsymError, match="erratum"):
        Claim("x", "t", "s", "f", "st", "REFUTED", [chk])
    with pytest.raises(RmtsymError, match="checks"):
        Claim("x", "t", "s", "f", "st", "EXACT", [])
    with pytest.raises(RmtsymError, match="expected"):
        Claim("x", "t", "s", "f", "st", "TRUE", [chk])
    with pytest.raises(RmtsymError, match="mode"):
        Context(mode="medium")
    with pytest.raises(RmtsymError, match="jobs"):
        Context(jobs=0)
    with pytest.raises(RmtsymError, match="route"):
        Check("c", "symbolic", lambda ctx: None)
    with pytest.raises(RmtsymError, match="sampler"):
        empirical_spectrum("e", "nope", {}, lambda ctx, k: [1] * (k + 1))


def test_ks_threshold_formula():
    assert ks_threshold(400, 100, alpha=1e-3, bias=2.0) == pytest.approx(
        np.sqrt(np.log(2e3) / (2 * 400 * 100)) + 2.0 / 400)
    assert ks_threshold(400, 100, size=20) > ks_threshold(400, 100)
    with pytest.raises(RmtsymError, match="alpha"):
        ks_threshold(10, 10, alpha=2)


# ---------------------------------------------------------------------------
# the deliberately false claim: a wrong Marchenko-Pastur ratio
# ---------------------------------------------------------------------------

def _wrong_ratio(expected, erratum=""):
    """'(1/m) X X^T with p/m -> 1 follows MP(1/2)': false."""
    return mp_claim("wrong_mp_ratio", "wrong MP ratio", "002_2c85d79b7db582c6.txt", "test",
                    r"$\mathrm{MP}(1/2)$", stated_ratio=sympy.Rational(1, 2), model_ratio=1,
                    expected=expected, erratum=erratum, seed=7, **SMALL)


def test_false_claim_is_refuted_by_each_route():
    v = _wrong_ratio("EXACT").run(Context(jobs=1))
    assert v.level is Level.REFUTED and not v.matches
    for route in ("exact", "numeric", "empirical"):
        assert v.route_level(route) is Level.REFUTED, route
    emp = [r for r in v.checks if r.route == "empirical"][0]
    m2 = [n for n in emp.numbers if n["label"].startswith("m_2")][0]
    assert m2["outcome"] == "disagree" and m2["reference"] == "3/2"
    assert emp.record["n"] == SMALL["n"][0] and emp.record["samples"] == SMALL["samples"][0]
    assert emp.record["seed"] == 7 and len(emp.record["runs"]) == 2


def test_true_claim_passes_with_small_sizes():
    v = mp_claim("mp_half", "MP(1/2)", "002_2c85d79b7db582c6.txt", "test", "$x$",
                 stated_ratio=sympy.Rational(1, 2), model_ratio=sympy.Rational(1, 2),
                 expected="EXACT", seed=8, **SMALL).run(Context())
    assert v.level is Level.EXACT and v.matches
    assert v.route_level("empirical") is Level.EMPIRICAL
    assert v.route_level("numeric") is Level.NUMERIC


def test_too_few_samples_is_inconclusive_not_a_pass():
    chk = empirical_spectrum("tiny", "wishart", {"ratio": 0.5}, lambda ctx, k: narayana_moments(sympy.Rational(1, 2), k),
                             n=(16, 16), samples=(2, 2), seed=1)
    r = chk.run(Context())
    assert r.level is Level.INCONCLUSIVE
    assert any(n["outcome"] == "unresolved" for n in r.numbers)


def test_sampled_check_is_reproducible_and_independent_of_jobs():
    def run(jobs):
        chk = empirical_spectrum("w", "wigner", {"variance": 2.0},
                                 lambda ctx, k: [sympy.Integer(2) ** (j // 2) * sympy.catalan(j // 2)
                                                 if j % 2 == 0 else 0 for j in range(k + 1)],
                                 n=(80, 80), samples=(10, 10), seed=42,
                                 density=lambda x: np.sqrt(np.clip(8 - x * x, 0, None)) / (4 * np.pi),
                                 support=[(-8 ** 0.5, 8 ** 0.5)])
        return chk.run(Context(jobs=jobs))
    a, b, c = run(1), run(1), run(2)
    assert a.numbers == b.numbers == c.numbers
    assert np.array_equal(a.artifacts["pooled"], c.artifacts["pooled"])


# ---------------------------------------------------------------------------
# the verify command
# ---------------------------------------------------------------------------

CLAIM_FILE = textwrap.dedent('''
    """Deliberately false: Wishart with p/m -> 1 stated to follow MP(1/2)."""
    import sympy
    from rmtsym.claims._common import mp_claim
    CLAIM = mp_claim("wrong_mp_ratio", "wrong MP ratio", "002_2c85d79b7db582c6.txt", "test",
                     r"$\\mathrm{{MP}}(1/2)$", stated_ratio=sympy.Rational(1, 2), model_ratio=1,
                     expected="{expected}", erratum="{erratum}", seed=7,
                     n=(200, 1000), samples=(60, 400))
''')


@pytest.mark.parametrize("expected, erratum, status", [
    ("EXACT", "", 1),
    ("REFUTED", "the ratio is 1, not 1/2: m_2 = 2, not 3/2", 0),
])
def test_verify_exit_status_follows_the_declaration(tmp_path, capsys, expected, erratum, status):
    f = tmp_path / "wrong_mp_ratio.py"
    f.write_text(CLAIM_FILE.format(expected=expected, erratum=erratum))
    out = tmp_path / "out"
    code = main(["verify", str(f), "--out", str(out), "--jobs", "1", "--no-progress", "--no-figures"])
    text = capsys.readouterr().out
    assert code == status
    assert "wrong_mp_ratio" in text and "REFUTED" in text
    cert = json.loads((out / "wrong_mp_ratio.json").read_text())
    assert cert["verdict"] == "REFUTED" and cert["matches_expected"] is (status == 0)
    assert {r: cert["routes"][r] for r in ("exact", "numeric", "empirical")} == \
        {"exact": "REFUTED", "numeric": "REFUTED", "empirical": "REFUTED"}


def test_verify_bad_input(capsys):
    assert main(["verify", "no_such_claim", "--out", ""]) == 2
    assert "claim must be one of" in capsys.readouterr().err
    assert main(["verify", "mp_course", "--jobs", "0", "--out", ""]) == 2
    assert "jobs" in capsys.readouterr().err


def test_latex_command_writes_tex(tmp_path, capsys):
    out = tmp_path / "rt.tex"
    assert main(["latex", "r_transform_survey_erratum", "-o", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("\\documentclass") and "\\boxplus" in text
    msg = capsys.readouterr().out
    assert "PDF:" in msg
    assert main(["latex", "r_transform_survey_erratum", "-o", str(tmp_path / "x.txt")]) == 2


# ---------------------------------------------------------------------------
# float densities on the physical branch (degree >= 4 Stieltjes polynomials)
# ---------------------------------------------------------------------------

def _naive_max_im_density(P, xs, eps=1e-9):
    """The superseded rule, written out independently: the root of P(., x + i eps) with the largest Im."""
    p = sympy.Poly(P.as_expr(), sympy.Symbol("m"))
    zs = sympy.Symbol("z")
    out = []
    for x in xs:
        cs = [complex(c.subs(zs, complex(x, eps))) for c in p.all_coeffs()]
        im = max(r.imag for r in np.roots(cs))
        out.append(im / np.pi if im > 1e3 * eps else 0.0)
    return np.array(out)


def _degree4_laws():
    from rmtsym.free.convolution import free_add, free_mul
    from rmtsym.laws.named import fuss_catalan, marchenko_pastur, semicircle
    R = sympy.Rational
    return {"MP(1/2) [x] MP(1/3) [x] MP(2/3)":
            free_mul(marchenko_pastur(R(1, 2)), free_mul(marchenko_pastur(R(1, 3)), marchenko_pastur(R(2, 3)))),
            "FC(2) [+] SC(1/4)": free_add(fuss_catalan(2), semicircle(R(1, 4)))}


@pytest.mark.parametrize("label", sorted(_degree4_laws()))
def test_float_density_is_the_physical_branch_where_max_im_is_not(label):
    from rmtsym import numerics
    from rmtsym.core.measure import M, Z
    from rmtsym.verify import density_from_polynomial, float_density
    mu = _degree4_laws()[label]
    P = mu.stieltjes_polynomial()
    assert sympy.Poly(P.as_expr(), M).degree() >= 4
    (a, b), = [(float(lo), float(hi)) for lo, hi in numerics.support(mu, 20)]
    assert numerics.atoms(mu, 15) == []
    # Gauss-Legendre in theta, x = a + (b - a)(1 - cos theta)/2: the sqrt edges become smooth
    t, w = np.polynomial.legendre.leggauss(160)
    th = (t + 1) * np.pi / 2
    x = a + (b - a) * (1 - np.cos(th)) / 2
    wx = w * np.pi / 2 * (b - a) * np.sin(th) / 2
    exact = [float(v) for v in mu.moments(4)]
    rho_new = float_density(mu)(x)
    assert np.array_equal(rho_new, density_from_polynomial(P, M, Z)(x))   # the wrapper is the same route
    got = [float(np.sum(wx * rho_new * x ** k)) for k in range(5)]
    for k in range(5):
        assert got[k] == pytest.approx(exact[k], rel=1e-8), (label, k, got[k], exact[k])
    # the old rule picks a non-physical root somewhere on the support, and misses the moments
    rho_naive = _naive_max_im_density(P, x)
    assert np.max(np.abs(rho_naive - rho_new)) > 0.05
    naive = [float(np.sum(wx * rho_naive * x ** k)) for k in range(5)]
    assert max(abs(naive[k] - exact[k]) / abs(exact[k]) for k in range(5)) > 1e-2


def test_float_density_bad_input():
    from rmtsym.laws.named import marchenko_pastur
    from rmtsym.verify import float_density
    c = sympy.Symbol("c", positive=True)
    with pytest.raises(RmtsymError, match="parameters"):
        float_density(marchenko_pastur(c))(np.array([1.0]))
    with pytest.raises(RmtsymError, match="mu must be"):
        float_density("m**2 + z*m + 1")
    with pytest.raises(RmtsymError, match="dps"):
        float_density(marchenko_pastur(sympy.Rational(1, 2)), dps=2)


def test_cdf_table_error_estimate_bounds_the_error():
    """Closed-form CDFs written here: x^(1/3) (a |x|^(-2/3) hard edge) and the semicircle(1) CDF."""
    from rmtsym.verify import cdf_from_density
    xs = np.linspace(0, 1, 20001)
    ys = np.linspace(-2, 2, 20001)
    sc_cdf = 0.5 + (ys * np.sqrt(4 - ys * ys) / 2 + 2 * np.arcsin(ys / 2)) / (2 * np.pi)
    for points in (501, 2001):
        F, e = cdf_from_density(lambda x: np.where(x > 0, np.abs(x) ** (-2 / 3) / 3, 0.0), [(0, 1)],
                                points=points, error=True)
        err = np.max(np.abs(F(xs) - np.cbrt(xs)))
        assert err <= e < 1e-3
        G, e2 = cdf_from_density(lambda x: np.sqrt(np.clip(4 - x * x, 0, None)) / (2 * np.pi), [(-2, 2)],
                                 points=points, error=True)
        assert np.max(np.abs(G(ys) - sc_cdf)) <= e2 < 1e-4
    with pytest.raises(RmtsymError, match="odd"):
        cdf_from_density(lambda x: x, [(0, 1)], points=2000)
    with pytest.raises(RmtsymError, match="cdf_points"):
        empirical_spectrum("e", "wigner", {}, lambda ctx, k: [1] * (k + 1), cdf_points=100)
