"""The CERTIFIED level: rigorous ball quadrature of closed-form densities (rmtsym.verify.certified_moments).

Expected values come from routes independent of the quadrature: Narayana /
Catalan counts (written here), elementary antiderivatives, and the power
series of the Stieltjes equation.
"""

import json

import flint
import pytest
import sympy

from rmtsym.core.errors import RmtsymError
from rmtsym.export.certificate import certificate, validate_certificate
from rmtsym.export.latex import document
from rmtsym.export.summary import table_rows
from rmtsym.verify import (Claim, Context, Level, certified_moments, combine_levels, exact_sequences,
                           matches_expected, numeric_values)

x = sympy.Symbol("x", real=True)
R = sympy.Rational
C, VAR = R(1, 3), R(3, 2)          # non-unit ratio and variance


def narayana(c, var, K):
    """m_k of MP(c, sigma^2) = sigma^{2k} sum_j N(k, j) c^{j-1}, N(k, j) = binom(k, j) binom(k, j-1)/k."""
    out = [sympy.Integer(1)]
    for k in range(1, K + 1):
        out.append(var ** k * sum(sympy.binomial(k, j) * sympy.binomial(k, j - 1) / k * c ** (j - 1)
                                  for j in range(1, k + 1)))
    return out


def mp_check(c, var, h_scale=1, atoms=(), exact_c=None, K=6, **kw):
    a, b = var * (1 - sympy.sqrt(c)) ** 2, var * (1 + sympy.sqrt(c)) ** 2
    h = 1 / (2 * sympy.pi * c * var * x) * h_scale
    ec = c if exact_c is None else exact_c
    return certified_moments("mp", h, [(a, b)], lambda ctx, k: narayana(ec, var, k), x=x, atoms=atoms,
                             K=K, **kw)


def test_true_mp_density_is_certified_with_non_unit_parameters():
    r = mp_check(C, VAR).run(Context())
    assert r.level is Level.CERTIFIED and r.route == "numeric"
    assert [n["reference"] for n in r.numbers[:3]] == ["1", "3/2", str(VAR ** 2 * (1 + C))]
    assert all(n["outcome"] == "agree" and float(n["error"]) < 1e-25 for n in r.numbers)
    assert r.record["prec_bits"] == 128 and "acb.integral" in r.record["method"]


def test_semicircle_with_variance_three_halves():
    s = sympy.sqrt(VAR)
    exact = lambda ctx, K: [VAR ** (k // 2) * sympy.catalan(k // 2) if k % 2 == 0 else 0 for k in range(K + 1)]
    assert certified_moments("sc", 1 / (2 * sympy.pi * VAR), [(-2 * s, 2 * s)], exact, x=x,
                             K=8).run(Context()).level is Level.CERTIFIED
    # the radius-2 slip (variance 1 edges with the variance-3/2 moments) is refuted
    bad = certified_moments("sc", 1 / (2 * sympy.pi * VAR), [(-2, 2)], exact, x=x, K=8).run(Context())
    assert bad.level is Level.REFUTED


def test_mis_scaled_ratio_is_refuted():
    # the MP density with the ratio doubled in the prefactor: total mass 1/2
    r = mp_check(C, VAR, h_scale=R(1, 2)).run(Context())
    assert r.level is Level.REFUTED and r.message.startswith("m_0")
    assert r.numbers[0]["outcome"] == "disagree" and r.numbers[0]["value"].startswith("[0.5000")
    # the right density against the moments of another ratio: m_0, m_1 agree, m_2 refutes
    r = mp_check(C, VAR, exact_c=2 * C).run(Context())
    assert r.level is Level.REFUTED and r.message.startswith("m_2")
    assert [n["outcome"] for n in r.numbers[:3]] == ["agree", "agree", "disagree"]


def test_atom_and_hard_edge():
    c = R(5, 2)                                   # atom 1 - 1/c = 3/5 at 0
    assert mp_check(c, VAR, atoms=[(0, 1 - 1 / c)]).run(Context()).level is Level.CERTIFIED
    assert mp_check(c, VAR).run(Context()).level is Level.REFUTED          # the atom left out
    # c = 1: rho = x^{-1/2} (4 sigma^2 - x)^{1/2} / (2 pi sigma^2), a hard edge at 0
    r = certified_moments("mp1", 1 / (2 * sympy.pi * VAR), [(0, 4 * VAR, R(-1, 2), R(1, 2))],
                          lambda ctx, k: narayana(1, VAR, k), x=x, K=6).run(Context())
    assert r.level is Level.CERTIFIED


def test_general_factor_with_a_branch_cut_and_a_callable():
    # int_1^4 sqrt(x) x^k dx = (4^{k+3/2} - 1)/(k + 3/2): h has a sqrt, edge exponents 0
    exact = lambda ctx, K: [(2 ** (2 * k + 3) - 1) / (k + R(3, 2)) for k in range(K + 1)]
    assert certified_moments("sqrt", sympy.sqrt(x), [(1, 4, 0, 0)], exact, x=x, K=4).run(
        Context()).level is Level.CERTIFIED
    cal = certified_moments("sqrt", lambda v, analytic: v.sqrt(analytic=analytic), [(1, 4, 0, 0)], exact, K=4)
    assert cal.run(Context()).level is Level.CERTIFIED


def test_too_wide_is_inconclusive_and_precision_is_scoped():
    prec0 = flint.ctx.prec
    r = mp_check(C, VAR, prec=60).run(Context())            # radius ~1e-13 > tol 1e-20
    assert r.level is Level.INCONCLUSIVE and "too wide" in r.message
    assert flint.ctx.prec == prec0


def test_bad_input():
    exact = lambda ctx, K: [1] * (K + 1)
    with pytest.raises(RmtsymError, match="K must"):
        certified_moments("b", 1, [(0, 1)], exact, K=-1)
    with pytest.raises(RmtsymError, match="prec"):
        certified_moments("b", 1, [(0, 1)], exact, prec=8)
    with pytest.raises(RmtsymError, match="edge exponents"):
        certified_moments("b", 1, [(0, 1, -1, 0)], exact)
    with pytest.raises(RmtsymError, match="one free symbol"):
        certified_moments("b", x * sympy.Symbol("c"), [(0, 1)], exact)
    # inexact data cannot be certified: the check cannot run, so it is INCONCLUSIVE (never a pass)
    r = certified_moments("b", sympy.Float(0.5) * x, [(0, 1)], exact, x=x, K=1).run(Context())
    assert r.level is Level.INCONCLUSIVE and "ball arithmetic" in r.message


def test_claim_verdict_and_exports():
    num = numeric_values("pi", lambda c, d: [("pi", "3.14159265358979323846264338327950", sympy.pi, 0)],
                         digits=20)
    cert = mp_check(C, VAR)
    exact = exact_sequences("e", lambda ctx: [1, 2], lambda ctx: [1, 2], "a", "b")
    claim = Claim("certified_demo", "demo", "002_2c85d79b7db582c6.txt", "eq", "$x$", "CERTIFIED", [num, cert])
    v = claim.run(Context())
    assert v.level is Level.CERTIFIED is combine_levels(["NUMERIC", "CERTIFIED"]) and v.matches
    assert v.route_level("numeric") is Level.CERTIFIED
    assert not matches_expected("NUMERIC", "CERTIFIED") and matches_expected("EXACT", "CERTIFIED")
    assert Claim("d2", "d", "002_2c85d79b7db582c6.txt", "eq", "$x$", "CERTIFIED",
                 [exact, cert]).run(Context()).level is Level.EXACT
    # certificate, summary and LaTeX
    doc = certificate(v)
    assert validate_certificate(json.loads(json.dumps(doc)))
    assert doc["verdict"] == "CERTIFIED" and doc["routes"]["numeric"] == "CERTIFIED"
    row = table_rows([v])[0]
    assert row["numeric"] == "CERTIFIED" and row["verdict"] == "CERTIFIED"
    tex = document(v)
    assert "CERTIFIED" in tex and tex.rstrip().endswith("\\end{document}")


@pytest.mark.parametrize("cid", ["mp_survey", "semicircle_survey"])
def test_survey_claims_reach_certified_on_the_numeric_route(cid):
    from rmtsym.claims import get_claim
    claim = get_claim(cid)
    certs = [c for c in claim.checks if c.name.startswith("certified")]
    assert certs
    for c in certs:
        r = c.run(Context())
        assert r.level is Level.CERTIFIED, (r.name, r.message)
        assert any("sin" in s["latex"] for s in r.steps)
