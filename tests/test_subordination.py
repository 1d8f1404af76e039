"""Tests of rmtsym.numerics.subordination: support edges, atoms, density, cdf.

Each quantity of the subordinated measure (free convolution by the
Belinschi--Bercovici fixed point) is checked against an independent route:
the exact polynomial route (``free_add`` / ``free_mul`` give an
AlgebraicMeasure whose support, atoms, density and cdf come from the
discriminant, the Newton polygon and root continuation) and, for the atoms,
the Bercovici--Voiculescu / Belinschi mass formula evaluated by hand here.
"""

import mpmath
import pytest
import sympy

from rmtsym import numerics as N
from rmtsym.free.convolution import free_add, free_mul
from rmtsym.core.errors import ConvergenceError, RmtsymError
from rmtsym.core.precision import working_context
from rmtsym.laws.named import atoms as atoms_law
from rmtsym.laws.named import marchenko_pastur, semicircle

from _mp import close, mpq   # tests/_mp.py

Q = sympy.Rational
BERN = {0: Q(2, 5), 3: Q(3, 5)}



def same_intervals(s, e, digits):
    return len(s) == len(e) and all(close(a, c, digits) and close(b, d, digits)
                                    for (a, b), (c, d) in zip(s, e))


def gap_points(ivs, lo, hi):
    """Points outside the intervals ``ivs``: in each gap and beyond the ends."""
    edges = [lo] + [v for iv in ivs for v in iv] + [hi]
    pts = []
    for a, b in zip(edges[::2], edges[1::2]):
        if a < b:
            pts += [a + (b - a) / 7, (a + b) / 2, b - (b - a) / 7]
    return pts


@pytest.fixture(scope="module")
def sc_mp():
    """semicircle(3/2) ⊞ MP(1/2): subordination (dps 22) and the exact measure."""
    sc, mp = semicircle(Q(3, 2)), marchenko_pastur(Q(1, 2))
    return N.free_add_numeric(sc, mp, dps=22), free_add(sc, mp)


def test_sc_plus_mp_support_and_atoms(sc_mp):
    sub, ex = sc_mp
    s, e = sub.support(22), N.support(ex, dps=22)
    assert len(e) == 1 and same_intervals(s, e, 20)
    assert sub.atoms(22) == [] and N.atoms(ex, dps=22) == []
    # an edge is where the density vanishes: just inside positive, just outside exactly 0
    a, b = s[0]
    for x in (a + mpmath.mpf(10) ** -6, b - mpmath.mpf(10) ** -6):
        assert sub.density(x, dps=22) > 0
    for x in (a - mpmath.mpf(10) ** -15, b + mpmath.mpf(10) ** -15):
        v = sub.density(x, dps=22)
        assert v == 0 and isinstance(v, mpmath.mpf)
        assert N.density(ex, x, dps=22) == 0


def test_sc_plus_mp_density_and_cdf(sc_mp):
    sub, ex = sc_mp
    xs = [mpmath.mpf(-1.5), mpmath.mpf("0.3"), mpmath.mpf("1.25"), mpmath.mpf("3.9")]
    grid = sub.density(xs, dps=22)
    for x, g in zip(xs, grid):
        p = sub.density(x, dps=22)
        assert close(p, N.density(ex, x, dps=22), 20)
        assert close(g, p, 20)                           # grid == pointwise
    for x in (mpmath.mpf(-5), mpmath.mpf(-1.75), mpmath.mpf(4), mpmath.mpf(7)):
        assert sub.density(x, dps=22) == 0
    assert close(sub.cdf(1, dps=20), N.cdf(ex, 1, dps=20), 19)
    assert close(sub.cdf(8, dps=20), 1, 19)              # total mass beyond the support
    assert sub.cdf(-3, dps=20) == 0


def test_mp2_times_mp13():
    """MP(2) (atom 1/2 at 0) ⊠ MP(1/3): edges and the atom at 0."""
    mu, nu = marchenko_pastur(2), marchenko_pastur(Q(1, 3))
    sub, ex = N.free_mul_numeric(mu, nu, dps=20), free_mul(mu, nu)
    s, e = sub.support(20), N.support(ex, dps=20)
    assert len(e) == 1 and same_intervals(s, e, 19)
    # atom formula by hand: mass max(mu({0}), nu({0})) = max(1 - 1/2, 0)
    at = sub.atoms(20)
    assert len(at) == 1 and at[0][0] == 0 and close(at[0][1], mpq(Q(1, 2)), 19)
    ea = N.atoms(ex, dps=20)
    assert len(ea) == 1 and close(ea[0][1], at[0][1], 19)
    for x in gap_points(s, mpmath.mpf(10) ** -3, mpmath.mpf(10)):
        assert sub.density(x, dps=20) == 0
    x = (s[0][0] + s[0][1]) / 3
    assert close(sub.density(x, dps=20), N.density(ex, x, dps=20), 18)


def test_bernoulli_plus_mp2_atom():
    """atoms({0: 2/5, 3: 3/5}) ⊞ MP(2): atom at 3 + 0 of mass 3/5 + 1/2 - 1 = 1/10."""
    B, mp = atoms_law(BERN), marchenko_pastur(2)
    sub, ex = N.free_add_numeric(B, mp, dps=20), free_add(B, mp)
    at, ea = sub.atoms(20), N.atoms(ex, dps=20)
    assert len(at) == 1 and close(at[0][0], 3, 19) and close(at[0][1], mpq(Q(1, 10)), 19)
    assert len(ea) == 1 and close(ea[0][0], at[0][0], 19) and close(ea[0][1], at[0][1], 19)
    s, e = sub.support(20), N.support(ex, dps=20)
    assert len(e) == 2 and same_intervals(s, e, 19)
    for x in gap_points(s, mpmath.mpf(-2), mpmath.mpf(12)):
        assert sub.density(x, dps=20) == 0
    # the cdf jumps by the atom's mass at 3 (inside the gap between the intervals)
    below, above = sub.cdf(mpmath.mpf(3) - mpmath.mpf(10) ** -9, dps=15), sub.cdf(3, dps=15)
    assert close(above - below, mpq(Q(1, 10)), 14)
    assert close(above, N.cdf(ex, 3, dps=15), 14)


def test_bernoulli_with_semicircle_and_mp():
    """B ⊞ semicircle(1/2) (no atoms, two intervals); B ⊠ MP(1/2) (atom 2/5 at 0)."""
    B = atoms_law(BERN)
    sc = semicircle(Q(1, 2))
    sub, ex = N.free_add_numeric(B, sc, dps=20), free_add(B, sc)
    assert sub.atoms(20) == [] and N.atoms(ex, dps=20) == []
    s = sub.support(20)
    assert len(s) == 2 and same_intervals(s, N.support(ex, dps=20), 19)
    for x in gap_points(s, mpmath.mpf(-3), mpmath.mpf(6)):
        assert sub.density(x, dps=20) == 0
    mp = marchenko_pastur(Q(1, 2))
    sub2, ex2 = N.free_mul_numeric(B, mp, dps=20), free_mul(B, mp)
    at = sub2.atoms(20)      # max(B({0}), MP(1/2)({0})) = max(2/5, 0); 3 * 0 gives no other
    assert len(at) == 1 and at[0][0] == 0 and close(at[0][1], mpq(Q(2, 5)), 19)
    ea = N.atoms(ex2, dps=20)
    assert len(ea) == 1 and close(ea[0][1], at[0][1], 19)
    assert same_intervals(sub2.support(20), N.support(ex2, dps=20), 19)
    # total mass: atom + integral of the density
    assert close(sub2.cdf(20, dps=15), 1, 14)


@pytest.mark.slow
def test_numeric_input_edges():
    """semicircle(3/2) given by its density (NumericMeasure) ⊞ MP(1/2) vs the exact route."""
    with mpmath.workdps(40):
        r = 2 * mpmath.sqrt(mpmath.mpf(3) / 2)
    nm = N.NumericMeasure(lambda x: mpmath.sqrt(6 - x ** 2) / (3 * mpmath.pi), [(-r, r)])
    mp = marchenko_pastur(Q(1, 2))
    sub = N.free_add_numeric(mp, nm, dps=18)
    ex = free_add(semicircle(Q(3, 2)), mp)
    assert same_intervals(sub.support(18), N.support(ex, dps=18), 17)
    assert sub.atoms(18) == []
    assert sub.density(5, dps=18) == 0 and sub.density(-2, dps=18) == 0
    assert close(sub.density(1, dps=18), N.density(ex, 1, dps=18), 16)


def test_bad_input():
    sc = semicircle(1)
    sub = N.free_add_numeric(sc, sc, dps=15)
    with pytest.raises(RmtsymError, match="x must be real"):
        sub.cdf(1 + 2j)
    with pytest.raises(RmtsymError, match="dps"):
        sub.support(dps=2)
    with pytest.raises(RmtsymError, match="bounded"):
        wide = N.NumericMeasure(lambda x: mpmath.exp(-abs(x)) / 2, [(-mpmath.inf, mpmath.inf)])
        N.free_add_numeric(sc, wide, dps=15).support()
    with pytest.raises(RmtsymError, match=r"\[0, inf\)"):
        N.free_mul_numeric(marchenko_pastur(2), sc, dps=15).support()
    with pytest.raises(RmtsymError, match="subordinated input"):
        N.free_add_numeric(sub, sc, dps=15).support()


@pytest.fixture(scope="module")
def fc2():
    """MP(1) ⊠ MP(1) = Fuss--Catalan FC(2): hard edge at 0, support [0, 27/4]."""
    mp = marchenko_pastur(1)
    return N.free_mul_numeric(mp, mp, dps=16), free_mul(mp, mp)


def test_fc2_cdf_at_hard_edge(fc2):
    """The cdf of a ⊠ law whose density blows up like t^(-2/3) at 0 (it used to hang)."""
    sub, ex = fc2
    s = sub.support(16)
    assert len(s) == 1 and s[0][0] == 0 and close(s[0][1], mpq(Q(27, 4)), 15)
    # local law at 0, independently: B(w) = 1 + w B(w)^3 (Fuss--Catalan generating
    # function) gives z G = 1 + z^2 G^3 for G(z) = B(1/z)/z, so G ~ (-1)^(1/3) z^(-2/3)
    # as z -> 0 and the density ~ sin(pi/3)/pi t^(-2/3); corrections are O(t^(1/3))
    t = mpmath.mpf(10) ** -15
    with mpmath.workdps(20):
        lead = mpmath.sin(mpmath.pi / 3) / mpmath.pi
        assert abs(sub.density(t, dps=16) * t ** (mpmath.mpf(2) / 3) / lead - 1) < mpmath.mpf(10) ** -4
    for x in (1, 3):
        assert close(sub.cdf(x, dps=16), N.cdf(ex, x, dps=16), 14)
    assert close(sub.cdf(7, dps=16), 1, 15)


def test_cdf_budget(fc2):
    sub, _ = fc2
    with pytest.raises(ConvergenceError, match="max_evals=20"):
        sub.cdf(2, dps=16, max_evals=20)
    for bad in (0, 2.5, True):
        with pytest.raises(RmtsymError, match="max_evals"):
            sub.cdf(2, dps=16, max_evals=bad)


def test_mp1_times_mp12_cdf_inverse_sqrt_edge():
    """MP(1) ⊠ MP(1/2): hard edge t^(-1/2) at 0 (q = 2) vs the exact route."""
    mu, nu = marchenko_pastur(1), marchenko_pastur(Q(1, 2))
    sub, ex = N.free_mul_numeric(mu, nu, dps=16), free_mul(mu, nu)
    assert sub.support(16)[0][0] == 0
    assert close(sub.cdf(2, dps=16), N.cdf(ex, 2, dps=16), 14)


def test_edge0_power_identification():
    """The local exponent at a hard edge 0 from synthetic densities (no solve needed)."""
    mp = marchenko_pastur(1)
    sub = N.free_mul_numeric(mp, mp, dps=16)
    ctx = working_context(16)      # the internals take the call's private context
    b = mpmath.mpf(27) / 4
    third = mpmath.mpf(1) / 3
    # Puiseux series t^(-2/3) (1 + t^(1/3)): q = 3; t^(-1/2) (2 - t^(1/2)): q = 2
    assert sub._edge0_power(b, lambda t: t ** (-2 * third) * (1 + t ** third), 16, ctx)[0] == 3
    assert sub._edge0_power(b, lambda t: (2 - mpmath.sqrt(t)) / mpmath.sqrt(t), 16, ctx)[0] == 2
    with pytest.raises(ConvergenceError, match="power law"):
        sub._edge0_power(b, lambda t: t ** mpmath.mpf("-0.3"), 16, ctx)      # 3/10: q > 6
    with pytest.raises(ConvergenceError, match="not integrable"):
        sub._edge0_power(b, lambda t: t ** -2, 16, ctx)


# ---------------------------------------------------------------------------
# free_mul with an atom at 0 and a gap above it (support used to start at 0)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("c1, c2", [(Q(2), Q(1)), (Q(3, 2), Q(2, 3))])
def test_gap_above_atom_at_zero(c1, c2):
    """MP(c1) ⊠ MP(c2), c1 > 1: atom 1 - 1/c1 at 0 and an a.c. part starting at
    a > 0 (exact: ≈ 0.0567 resp. ≈ 0.0233).  The subordination route used to
    fail to classify every grid point below a and reported the left edge 0."""
    sub = N.free_mul_numeric(marchenko_pastur(c1), marchenko_pastur(c2), dps=16)
    ex = free_mul(marchenko_pastur(c1), marchenko_pastur(c2))
    s, e = sub.support(16), N.support(ex, dps=20)
    assert len(s) == 1 and same_intervals(s, e, 15)
    assert all(rel_close(u, v, 15) for u, v in zip(s[0], e[0]))
    a = s[0][0]
    assert a > mpmath.mpf(1) / 50                      # a real gap (0, a), not a hard edge 0
    # atom at 0 by Belinschi's formula, by hand: max(MP(c1)({0}), MP(c2)({0})) = 1 - 1/c1
    w0 = 1 - mpq(1 / c1)
    ats = sub.atoms(16)
    assert len(ats) == 1 and ats[0][0] == 0 and close(ats[0][1], w0, 15)
    # density exactly 0 in the gap, also on the fallback route x + i eps
    for x in (a / 1000, a / 3, a * (1 - mpmath.mpf(10) ** -4)):
        assert sub.density(x, dps=16) == 0
        assert sub._density_path(x, 16, working_context(16))[0] == 0
    # the fallback route inside the support agrees with the exact density
    assert close(sub._density_path(mpmath.mpf(1), 16, working_context(16))[0], N.density(ex, 1, dps=20), 12)
    # cdf: just above 0 it is the atom mass; at 1 it agrees with the exact route
    assert close(sub.cdf(a / 2, dps=16), w0, 15)
    assert close(sub.cdf(1, dps=16), N.cdf(ex, 1, dps=20), 13)


def rel_close(a, b, digits):
    with mpmath.workdps(digits + 20):
        return abs(a - b) <= mpmath.mpf(10) ** (-digits) * abs(b)


def test_tiny_gap_above_atom_at_zero():
    """MP(101/100) ⊠ MP(1): atom 1/101 at 0 and a gap (0, a) with a ≈ 1.46e-7,
    below the geometric grid 1e-8 R used without an atom at 0 (R ≈ 16.9)."""
    sub = N.free_mul_numeric(marchenko_pastur(Q(101, 100)), marchenko_pastur(1), dps=16)
    ex = free_mul(marchenko_pastur(Q(101, 100)), marchenko_pastur(1))
    s, e = sub.support(16), N.support(ex, dps=20)
    assert len(s) == 1 and all(rel_close(u, v, 15) for u, v in zip(s[0], e[0]))
    assert mpmath.mpf(10) ** -7 < s[0][0] < mpmath.mpf(2) * mpmath.mpf(10) ** -7
    assert sub.density(s[0][0] / 2, dps=16) == 0
    assert sub.density(2 * s[0][0], dps=16) > 0


def test_unclassified_point_raises(monkeypatch):
    """A grid point that cannot be classified must not be skipped (skipping the
    points below a gap above an atom at 0 put the left edge at 0)."""
    sub = N.free_mul_numeric(marchenko_pastur(2), marchenko_pastur(Q(1, 2)), dps=15)
    orig = sub._classify

    def failing(x, dps, prev, ctx):
        return None if x < mpmath.mpf(1) / 100 else orig(x, dps, prev, ctx)

    monkeypatch.setattr(sub, "_classify", failing)
    with pytest.raises(ConvergenceError, match="could not classify .* in the interval"):
        sub.support()


def test_input_with_irrational_constant_at_high_precision():
    """An input law carrying the exact constant erf(1/sqrt 3) (evaluated on a rational
    surrogate chosen for the requested dps): the subordination route agrees with the
    exact polynomial route to 38 digits at dps = 40."""
    import sympy as sp
    from rmtsym.free.convolution import free_add
    from rmtsym.laws.named import atoms, semicircle
    p = sp.erf(1 / sp.sqrt(3))
    law = atoms({sp.Rational(-1, 3): 1 - p, sp.Rational(5, 2): p})
    sc = semicircle(sp.Rational(3, 2))
    sub = N.free_add_numeric(law, sc, dps=40)
    exact = free_add(law, sc)
    z = mpmath.mpc("0.7", "0.4")
    with mpmath.workdps(60):
        a, b = sub.stieltjes(z, dps=40), exact.stieltjes(z, dps=40)
        assert abs(a - b) <= mpmath.mpf(10) ** -38 * abs(b)


# ---------------------------------------------------------------------------
# progress bars of the long operations (support, cdf)
# ---------------------------------------------------------------------------

def _sc_sc():
    """SC(1) ⊞ SC(2) = SC(3): edges ±2√3 (variances add), a fresh measure (nothing cached)."""
    return N.free_add_numeric(semicircle(1), semicircle(2), dps=15)


def test_support_progress_quiet_when_not_a_terminal(capfd):
    import sys
    assert not sys.stderr.isatty()                     # pytest captures stderr
    (a, b), = _sc_sc().support()
    assert close(b, 2 * mpmath.sqrt(3), 14) and close(a, -2 * mpmath.sqrt(3), 14)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_support_progress_forced_and_auto_on_a_terminal(capsys, monkeypatch):
    (a, b), = _sc_sc().support(progress=True)
    err = capsys.readouterr().err
    assert "support" in err and "step" in err         # a tqdm bar on stderr
    assert close(b, 2 * mpmath.sqrt(3), 14)
    # auto: a bar when stderr claims to be a terminal
    import sys
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    sub = _sc_sc()
    sub.support()
    assert "support" in capsys.readouterr().err
    sub.support()                                      # cached: no bar the second time
    assert capsys.readouterr().err == ""
    # progress=False: never
    _sc_sc().support(progress=False)
    assert capsys.readouterr().err == ""


def test_cdf_progress_and_bad_progress(capsys):
    sub = _sc_sc()
    v = sub.cdf(0, progress=True)                      # symmetric law: F(0) = 1/2
    assert close(v, mpmath.mpf(1) / 2, 14)
    assert "cdf" in capsys.readouterr().err
    assert close(sub.cdf(1), N.cdf(semicircle(3), 1, dps=15), 14)
    assert capsys.readouterr().err == ""
    with pytest.raises(RmtsymError, match="progress must be None"):
        sub.support(dps=16, progress="yes")


# ---------------------------------------------------------------------------
# bit-identity with the pre-context implementation (mpmath.workdps blocks)
# ---------------------------------------------------------------------------

#: ``_mpf_`` tuples (sign, mantissa, exponent, bits) of 30-digit values computed by
#: the implementation *before* the fixed point moved into a private context
#: (commit 3fb57c4, run in a fresh interpreter from a ``git worktree`` of it):
#: SC(1) ⊞ mask_law(tanh, 1/2) and MP(1/2) ⊠ mask_law(tanh, 1/2).
_HEAD_VALUES = {"add": {"stieltjes": [["c", ["0", "1543973636934487505254467514099", "-105", "101"], ["0", "8218053035162752543683598102319", "-103", "103"]], ["c", ["0", "9662747970011700084827868033225", "-104", "103"], ["1", "5039789093216109078242770408213", "-106", "102"]]], "moments": [["0", "1", "0", "1"], ["0", "6007911300467541649271748704971", "-103", "103"], ["0", "461422767808880875011848165559", "-98", "99"], ["0", "2739375840554511399457068234571", "-100", "102"], ["0", "3082513101416936644312192765839", "-99", "102"]], "atoms": [], "support": [[["1", "3843903670643403145307480778499", "-101", "102"], ["0", "3401243312317872956021092879457", "-100", "102"]]], "density": [["0", "6074915996223643496444638411355", "-104", "103"], ["0", "3025374872001466442058850524269", "-106", "102"], ["0", "0", "0", "0"]], "cdf": ["0", "501973886623157907448899598753", "-100", "99"]}, "mul": {"stieltjes": [["c", ["1", "68415895720067900418116034385", "-98", "96"], ["0", "7628012760809242476833901090319", "-102", "103"]], ["c", ["1", "8923665650927985194817313608581", "-104", "103"], ["1", "6955368619552458981409140586255", "-107", "103"]]], "moments": [["0", "1", "0", "1"], ["0", "6007911300467541649271748704971", "-103", "103"], ["0", "6403944577401784983003285011137", "-103", "103"], ["0", "8527772473621623794994356916417", "-103", "103"], ["0", "3182974638927870963015665620595", "-101", "102"]], "atoms": []}}


def _same_bits(got, ref):
    """``got`` (number or nested list) has exactly the stored ``_mpf_`` tuples ``ref``."""
    if isinstance(ref, list) and ref and ref[0] == "c":
        return _same_bits(got.real, ref[1]) and _same_bits(got.imag, ref[2])
    if isinstance(ref, list) and len(ref) == 4 and all(isinstance(t, str) for t in ref):
        return [str(t) for t in got._mpf_] == ref
    return len(got) == len(ref) and all(_same_bits(g, r) for g, r in zip(got, ref))


@pytest.fixture(scope="module")
def mask_convolutions():
    from rmtsym.gaussian.pushforward import mask_law
    nu = mask_law("tanh", Q(1, 2))
    return (N.free_add_numeric(semicircle(1), nu, dps=30),
            N.free_mul_numeric(marchenko_pastur(Q(1, 2)), nu, dps=30))


def test_private_context_bit_identical_stieltjes_moments_atoms(mask_convolutions):
    """Values with a NumericMeasure input equal, bit for bit, those of the old global-context code."""
    add, mul = mask_convolutions
    ref = _HEAD_VALUES
    assert _same_bits([add.stieltjes(Q(1, 2) + sympy.I / 3), add.stieltjes(-2 - sympy.I / 5)], ref["add"]["stieltjes"])
    assert _same_bits([mul.stieltjes(Q(1, 2) + sympy.I / 3), mul.stieltjes(3 - sympy.I / 5)], ref["mul"]["stieltjes"])
    for s, k in ((add, "add"), (mul, "mul")):
        assert _same_bits(s.moments(4), ref[k]["moments"])
        assert _same_bits([list(t) for t in s.atoms()], ref[k]["atoms"])
    # second route: the moments of the ⊞ law from the free cumulants of the inputs by hand
    # (κ_2 adds: m_2 = 1 + Var(nu) + m_1(nu)^2 with m_1(SC) = 0)
    m_nu = mask_convolutions[0].nu.moments(2, dps=30)
    with mpmath.workdps(40):
        expected = 1 + m_nu[2]
    assert close(add.moments(2)[2], expected, 28)


@pytest.mark.slow
def test_private_context_bit_identical_support_density_cdf(mask_convolutions):
    """support, density and cdf of SC(1) ⊞ mask_law(tanh, 1/2), bit for bit as before (~3 min)."""
    add, _ = mask_convolutions
    ref = _HEAD_VALUES["add"]
    assert _same_bits([list(iv) for iv in add.support()], ref["support"])
    assert _same_bits([add.density(Q(1, 3)), add.density(Q(-3, 2)), add.density(5)], ref["density"])
    assert _same_bits(add.cdf(Q(1, 4)), ref["cdf"])


def test_mul_support_reaching_zero_through_a_mask_law(mask_convolutions):
    """support() of MP(1/2) ⊠ mask_law(tanh, 1/2): the input nu_K reaches 0 with a
    density that vanishes faster than any power, so the fixed point is classified
    down to 1e-8 (it raised ConvergenceError at x = 3.1e-6 before the Gaussian
    integral of nu_K went round its pole).  Lower end: inf supp(mu ⊠ nu) <=
    sup supp(mu) * inf supp(nu) = 0 (Courant–Fischer on a^{1/2} b a^{1/2}); upper
    end against the largest eigenvalue of a sampled D^{1/2} W D^{1/2} (p = 1500,
    seed 7; Tracy–Widom fluctuations ~ p^{-2/3}, tolerance 0.03)."""
    import numpy as np
    _, mul = mask_convolutions
    ivs = mul.support()
    assert len(ivs) == 1 and ivs[0][0] == 0
    b = ivs[0][1]
    assert 1 < b < (1 + mpmath.sqrt(0.5)) ** 2          # below sup(MP) * sup(nu) = 2.914
    rng = np.random.default_rng(7)
    p, m = 1500, 3000                                   # ratio p/m = 1/2 of MP(1/2)
    X = rng.standard_normal((p, m))
    W = X @ X.T / m
    d = np.cosh(rng.normal(0.0, np.sqrt(0.5), p)) ** -2  # sqrt of sech^4 h, h ~ N(0, 1/2)
    top = np.linalg.eigvalsh(d[:, None] * W * d[None, :])[-1]
    assert abs(top - float(b)) < 0.03, (top, b)
    # just inside the edge the density is positive, just outside it is 0
    assert mul.density(b - mpmath.mpf(1) / 50) > 0
    assert mul.density(b + mpmath.mpf(1) / 50) == 0
