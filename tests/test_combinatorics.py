"""Combinatorial route (issue 4): enumeration must equal the series route exactly.

Routes compared here:

* enumeration (``rmtsym.combinatorics``: NC partitions, Kreweras complements,
  cactus walk graphs, path tuples, Fisher words);
* the series route (``AlgebraicMeasure.moments`` of the named laws and of
  ``free_add`` / ``free_mul``, and ``AlgebraicMeasure.from_polynomial`` of
  their Stieltjes polynomial, which expands P(m, z) = 0 alone);
* closed forms (Catalan, Narayana, Fuss--Catalan, the chi-square product
  formula of Hanin--Nica eq. (9)) and, for PW17, the quartic P(t) of the
  survey solved as a power series here (seed 002, §4.2);
* sampling (numpy, in this file only) for the eta = zeta case of PW17.

All exact comparisons are ``==`` on expanded SymPy expressions.
"""

from itertools import product
from math import comb

import networkx as nx
import pytest
import sympy
from sympy import Rational as Q, Symbol, binomial, catalan, expand
from sympy.utilities.iterables import multiset_partitions

from rmtsym.combinatorics.dyck import (
    ary_trees, divisible_noncrossing_partitions, dyck_paths, dyck_paths_by_peaks, fuss_catalan_counts,
    narayana_counts)
from rmtsym.combinatorics.fisher_words import fisher_linear_moments
from rmtsym.combinatorics.gram_pw17 import gram_moments_pw17, pw17_walk_graphs
from rmtsym.combinatorics.hanin_nica import hanin_nica_moment, hanin_nica_moment_direct, layered_graph
from rmtsym.combinatorics.noncrossing import (
    free_cumulants_from_moments, free_product_moments, free_sum_moments, is_noncrossing,
    kreweras_complement, moments_from_free_cumulants, noncrossing_partitions)
from rmtsym.core.errors import RmtsymError

ORDER = 8   # order of the enumeration-vs-series tables

c = Symbol("c", positive=True)
v = Symbol("v", positive=True)
eta, zeta, phi, psi, t = sympy.symbols("eta zeta phi psi t", positive=True)


def same(a, b):
    return expand(sympy.sympify(a) - sympy.sympify(b)) == 0


def same_list(xs, ys):
    return len(xs) == len(ys) and all(same(a, b) for a, b in zip(xs, ys))


def narayana(k, j):
    return comb(k, j) * comb(k, j - 1) // k


def series_moments(mu, n):
    """Moments of mu by expanding its Stieltjes polynomial alone (no closed form)."""
    from rmtsym.core.measure import AlgebraicMeasure
    P = mu.stieltjes_polynomial().as_expr()
    return AlgebraicMeasure.from_polynomial(P).moments(n)


# ---------------------------------------------------------------------------
# non-crossing partitions, Kreweras
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("k", range(0, 11))
def test_nc_count_is_catalan(k):
    parts = list(noncrossing_partitions(k))
    assert len(parts) == catalan(k)
    assert len(set(parts)) == len(parts)


@pytest.mark.parametrize("k", range(1, 8))
def test_nc_equals_filtered_set_partitions(k):
    # independent generator: all set partitions (sympy), filtered by the
    # pairwise crossing test
    every = {tuple(sorted(tuple(sorted(b)) for b in p))
             for p in multiset_partitions(list(range(1, k + 1)))}
    nc = {p for p in every if is_noncrossing(p)}
    assert nc == set(noncrossing_partitions(k))


@pytest.mark.parametrize("k", range(1, 9))
def test_kreweras_invariants(k):
    images = set()
    rot = {i: i % k + 1 for i in range(1, k + 1)}
    for p in noncrossing_partitions(k):
        kp = kreweras_complement(p)
        assert is_noncrossing(kp)
        assert len(p) + len(kp) == k + 1
        images.add(kp)
        # K^2 is a rotation of [k]
        kk = kreweras_complement(kp)
        rotated = tuple(sorted(tuple(sorted(rot[x] for x in b)) for b in p))
        rotated_back = tuple(sorted(tuple(sorted(next(j for j in rot if rot[j] == x) for x in b))
                                    for b in p))
        assert tuple(sorted(kk)) in (rotated, rotated_back)
    assert len(images) == catalan(k)       # K is a bijection of NC(k)


def test_kreweras_bad_input():
    with pytest.raises(RmtsymError, match="partition"):
        kreweras_complement([(1, 3), (2, 4)])
    with pytest.raises(RmtsymError, match="partition"):
        kreweras_complement([(1, 2), (4,)])
    with pytest.raises(RmtsymError, match="k must be"):
        list(noncrossing_partitions(-1))
    with pytest.raises(RmtsymError, match="k must be"):
        list(noncrossing_partitions(2.0))


# ---------------------------------------------------------------------------
# moment--cumulant, Narayana, Fuss--Catalan (closed forms)
# ---------------------------------------------------------------------------

def test_moment_cumulant_roundtrip_symbolic():
    ks = sympy.symbols("k1:9")
    m = moments_from_free_cumulants(ks)
    assert m[0] == 1
    assert same(m[3], ks[2] + 3 * ks[0] * ks[1] + ks[0] ** 3)
    assert same(m[4], ks[3] + 4 * ks[0] * ks[2] + 2 * ks[1] ** 2
                + 6 * ks[0] ** 2 * ks[1] + ks[0] ** 4)
    assert same_list(free_cumulants_from_moments(m), list(ks))


def test_semicircle_cumulants_give_catalan():
    s2 = Q(5, 3)
    m = moments_from_free_cumulants([0, s2] + [0] * 8)
    assert m == [0 if j % 2 else catalan(j // 2) * s2 ** (j // 2) for j in range(11)]


def test_mp_cumulants_give_narayana_symbolic():
    kap = [v ** j * c ** (j - 1) for j in range(1, ORDER + 1)]
    m = moments_from_free_cumulants(kap)
    for k in range(1, ORDER + 1):
        assert same(m[k], v ** k * sum(narayana(k, j) * c ** (j - 1) for j in range(1, k + 1)))
    assert same_list(free_cumulants_from_moments(m), kap)


@pytest.mark.parametrize("k", range(1, 10))
def test_narayana_two_enumerations(k):
    closed = [narayana(k, j) for j in range(1, k + 1)]
    assert narayana_counts(k) == closed
    assert dyck_paths_by_peaks(k) == closed
    assert sum(1 for _ in dyck_paths(k)) == catalan(k)


@pytest.mark.parametrize("L", [1, 2, 3])
def test_fuss_catalan_partitions_and_trees(L):
    n = 5 if L < 3 else 4
    closed = [binomial((L + 1) * k, k) / (L * k + 1) for k in range(n + 1)]
    assert fuss_catalan_counts(L, n) == closed
    assert fuss_catalan_counts(L, n, method="trees") == closed
    for p in divisible_noncrossing_partitions(L, 3):
        assert is_noncrossing(p) and all(len(b) % L == 0 for b in p)
    for tree in ary_trees(L + 1, 3):
        assert nx.is_arborescence(tree)
        assert all(tree.out_degree(x) in (0, L + 1) for x in tree)


def test_fuss_catalan_bad_input():
    with pytest.raises(RmtsymError, match="method"):
        fuss_catalan_counts(2, 3, method="magic")
    with pytest.raises(RmtsymError, match="L must be"):
        fuss_catalan_counts(0, 3)
    with pytest.raises(RmtsymError, match="arity"):
        list(ary_trees(0, 2))


def test_moment_lists_bad_input():
    with pytest.raises(RmtsymError, match="m_0"):
        free_cumulants_from_moments([2, 1, 1])
    with pytest.raises(RmtsymError, match="m_0"):
        free_product_moments([], [1, 1])
    with pytest.raises(RmtsymError, match="kappa"):
        moments_from_free_cumulants(3)
    with pytest.raises(RmtsymError, match="moments_b"):
        free_sum_moments([1, 0, 1], [0, 1])


# ---------------------------------------------------------------------------
# enumeration vs the series route (AlgebraicMeasure), order >= 8
# ---------------------------------------------------------------------------

def test_table_marchenko_pastur_symbolic():
    from rmtsym.laws.named import marchenko_pastur
    mu = marchenko_pastur(c, v)
    enum = moments_from_free_cumulants([v ** j * c ** (j - 1) for j in range(1, ORDER + 1)])
    assert same_list(enum, mu.moments(ORDER))
    assert same_list(enum, series_moments(mu, ORDER))
    assert same_list(free_cumulants_from_moments(mu.moments(ORDER)), mu.free_cumulants(ORDER))


def test_table_semicircle():
    from rmtsym.laws.named import semicircle
    for s2 in (Q(7, 3), v):
        mu = semicircle(s2)
        enum = moments_from_free_cumulants([0, s2] + [0] * (ORDER - 2))
        assert same_list(enum, mu.moments(ORDER))
        assert same_list(enum, series_moments(mu, ORDER))


@pytest.mark.parametrize("L", [2, 3])
def test_table_fuss_catalan(L):
    from rmtsym.laws.named import fuss_catalan, marchenko_pastur
    from rmtsym.free.convolution import free_mul
    s2 = Q(3, 2)
    n = ORDER if L == 2 else 6
    counts = fuss_catalan_counts(L, n)
    enum = [cnt * s2 ** (L * k) for k, cnt in enumerate(counts)]
    assert enum == fuss_catalan(L, s2).moments(n)
    assert enum == series_moments(fuss_catalan(L, s2), n)
    # the same law as an L-fold free product, by Kreweras enumeration
    mp = marchenko_pastur(1, s2).moments(ORDER)
    prod_m = mp
    for _ in range(L - 1):
        prod_m = free_product_moments(prod_m, mp)
    assert prod_m == fuss_catalan(L, s2).moments(ORDER)
    laws = [marchenko_pastur(1, s2)] * L
    assert prod_m == free_mul(*laws).moments(ORDER)


def test_table_free_mul_with_bernoulli():
    from rmtsym.laws.named import atoms, marchenko_pastur
    from rmtsym.free.convolution import free_mul
    a = marchenko_pastur(Q(1, 3), 2)
    b = atoms({0: Q(2, 3), 1: Q(1, 3)})        # Bernoulli(1/3) mask
    enum = free_product_moments(a.moments(ORDER), b.moments(ORDER))
    conv = free_mul(a, b)
    assert enum == conv.moments(ORDER)
    assert enum == series_moments(conv, ORDER)
    # free multiplication is commutative on moments; Kreweras sum is not symmetric term-wise
    assert free_product_moments(b.moments(ORDER), a.moments(ORDER)) == enum


def test_table_free_mul_symbolic_mask():
    from rmtsym.laws.named import marchenko_pastur
    # mu_a = MP(c, 1), b = Bernoulli(q) with symbolic q: m_j(b) = q for j >= 1
    q = Symbol("q", positive=True)
    enum = free_product_moments(marchenko_pastur(c).moments(6), [1] + [q] * 6)
    # closed check at order 2: m_2(ab) = m2(a) m1(b)^2 + m1(a)^2 m2(b) - m1(a)^2 m1(b)^2
    assert same(enum[2], (1 + c) * q ** 2 + q - q ** 2)
    from rmtsym.laws.named import atoms
    from rmtsym.free.convolution import free_mul
    num = free_mul(marchenko_pastur(Q(1, 2)), atoms({0: Q(3, 4), 1: Q(1, 4)})).moments(6)
    assert [expand(x.subs({c: Q(1, 2), q: Q(1, 4)})) for x in enum] == num


def test_table_free_add():
    from rmtsym.laws.named import marchenko_pastur, semicircle, atoms
    from rmtsym.free.convolution import free_add
    a, b = semicircle(Q(3, 2)), marchenko_pastur(Q(1, 2), Q(2, 3))
    enum = free_sum_moments(a.moments(ORDER), b.moments(ORDER))
    conv = free_add(a, b)
    assert enum == conv.moments(ORDER)
    assert enum == series_moments(conv, ORDER)
    # a discrete law plus a semicircle
    d = atoms({-1: Q(1, 4), 2: Q(3, 4)})
    enum2 = free_sum_moments(d.moments(ORDER), a.moments(ORDER))
    assert enum2 == free_add(d, a).moments(ORDER)


def test_free_product_of_two_mp_symbolic():
    # MP(c,1) box MP(1,1): m_2 = 1 + c + 1 (free variance additivity of products)
    from rmtsym.laws.named import marchenko_pastur
    m = free_product_moments(marchenko_pastur(c).moments(4), marchenko_pastur(1).moments(4))
    assert same(m[2], c + 2)


# ---------------------------------------------------------------------------
# Pennington--Worah 2017 Gram matrix
# ---------------------------------------------------------------------------

def pw17_quartic_series(K, e=eta, zt=zeta, ph=phi, ps=psi):
    """Coefficients P_0..P_K of the seed's quartic (002, §4.2), by fixed-point iteration.

    P = 1 + (eta - zeta) t Pphi Ppsi + Pphi Ppsi t zeta / (1 - Pphi Ppsi t zeta),
    Pphi = 1 + (P - 1) phi, Ppsi = 1 + (P - 1) psi.  Each iteration fixes one
    more coefficient; the geometric series is truncated at t^K.
    """
    def poly(expr):
        return sympy.Poly(expr, t, domain=sympy.Poly(expr + t, t).domain)

    def trunc(p):
        return sympy.Poly.from_dict({m: cf for m, cf in p.as_dict().items() if m[0] <= K},
                                    t, domain=p.domain) if not p.is_zero else p

    one = poly(sympy.Integer(1) + 0 * (e + zt + ph + ps))
    tt = poly(t + 0 * (e + zt + ph + ps))
    P = one
    for _ in range(K + 1):
        Pm1 = P - one
        Qp = trunc((one + Pm1 * poly(ph + 0 * t)) * (one + Pm1 * poly(ps + 0 * t)))
        x = trunc(Qp * tt * poly(zt + 0 * t))
        geo, pw = one * 0, one
        for _ in range(K + 1):
            geo = geo + pw
            pw = trunc(pw * x)
        P = trunc(one + poly(e - zt + 0 * t) * tt * Qp + trunc(x * geo))
    return [P.as_expr().coeff(t, k) if k else P.as_expr().subs(t, 0) for k in range(K + 1)]


def test_pw17_quartic_equals_enumeration_symbolic():
    K = 5
    P = pw17_quartic_series(K)
    m = gram_moments_pw17(K, eta, zeta, phi, psi)
    assert P[0] == 1
    # seed formula G(z) = psi/z P(1/(z psi)) + (1 - psi)/z is the Cauchy
    # transform (= -m in docs/conventions.md): G = sum_k m_k z^{-k-1}, so m_k = psi^{1-k} P_k
    for k in range(1, K + 1):
        assert same(m[k - 1], psi ** (1 - k) * P[k]), k
    # reading the seed formula as the docs/conventions.md m(z) would flip every sign:
    # m(z) ~ -1/z forces m_0 = -1, impossible for P_0 = 1
    assert psi * P[0] + (1 - psi) == 1


def test_pw17_walk_graphs_are_outerplanar_cacti():
    for k in range(1, 6):
        graphs = list(pw17_walk_graphs(k, check=True))
        # the count of leading walk graphs is binom(3k, k)/(2k+1)
        assert len(graphs) == binomial(3 * k, k) / (2 * k + 1)
        for blocks, g in graphs:
            assert g.number_of_edges() == 2 * k
            assert g.number_of_nodes() == 2 * k + 1 - len(blocks)
            assert nx.is_bipartite(nx.Graph(g))


def test_pw17_moment_two_closed_form():
    m = gram_moments_pw17(3, eta, zeta, phi, psi)
    assert m[0] == eta
    assert same(m[1], eta ** 2 * (1 + phi / psi) + zeta ** 2 / psi)


def test_pw17_zeta_zero_is_marchenko_pastur():
    # zeta = 0: enumeration equals MP(c = phi/psi = n1/m, sigma^2 = eta), symbolic
    K = 6
    m = gram_moments_pw17(K, eta, 0, phi, psi)
    cc = phi / psi
    for k in range(1, K + 1):
        assert same(m[k - 1], eta ** k * sum(narayana(k, j) * cc ** (j - 1) for j in range(1, k + 1)))
    from rmtsym.laws.named import marchenko_pastur
    e0, ph0, ps0 = Q(3, 2), Q(1, 3), Q(3, 4)
    mp = marchenko_pastur(ph0 / ps0, e0).moments(K)
    assert [expand(x.subs({eta: e0, phi: ph0, psi: ps0})) for x in m] == mp[1:]
    P = pw17_quartic_series(K, e=e0, zt=0, ph=ph0, ps=ps0)
    assert [ps0 ** (1 - k) * P[k] for k in range(1, K + 1)] == mp[1:]


PW17_NUM = dict(zt=Q(3, 2), ph=Q(1, 2), ps=Q(2))   # eta = zeta = 3/2, n0/m = 1/2, n0/n1 = 2


def _pw17_linear_truth(K):
    """eta = zeta: M = (1/m) W X X^T W^T, law psi * MP(phi, zeta) box MP(psi, 1/psi) + (1 - psi) delta_0."""
    from rmtsym.laws.named import marchenko_pastur
    from rmtsym.free.convolution import free_mul
    zt, ph, ps = PW17_NUM["zt"], PW17_NUM["ph"], PW17_NUM["ps"]
    prod_law = free_mul(marchenko_pastur(ph, zt), marchenko_pastur(ps, 1 / ps))
    return [ps * x for x in prod_law.moments(K)[1:]]


def test_pw17_eta_equals_zeta_is_product_wishart():
    K = 6
    zt, ph, ps = PW17_NUM["zt"], PW17_NUM["ph"], PW17_NUM["ps"]
    truth = _pw17_linear_truth(K)
    enum = gram_moments_pw17(K, zt, zt, ph, ps)
    assert enum == truth
    P = pw17_quartic_series(K, e=zt, zt=zt, ph=ph, ps=ps)
    assert [ps ** (1 - k) * P[k] for k in range(1, K + 1)] == truth
    # symbolic: the eta = zeta quartic degenerates to the cubic of a product of
    # two MP laws, P - 1 = zeta t P (1 + phi (P-1)) (1 + psi (P-1))
    Ps = pw17_quartic_series(5, e=zeta, zt=zeta)
    Pt = sympy.Poly(sum(Ps[k] * t ** k for k in range(6)), t)
    one = sympy.Poly(1, t, domain=Pt.domain)
    cubic = Pt - one - sympy.Poly(zeta * t, t, domain=Pt.domain) * Pt \
        * (one + (Pt - one) * phi) * (one + (Pt - one) * psi)
    assert all(cubic.coeff_monomial(t ** k) == 0 for k in range(6))


def test_pw17_seed_claim_eta_equals_zeta_is_mp_is_refuted():
    """Seed 002 §4.2: 'when eta = zeta ... M is a Wishart matrix, following the
    Marchenko--Pastur law ... the cubic ... is exactly the Stieltjes transform
    of the Marchenko--Pastur distribution'.  REFUTED (docs/errata_pw17.md):
    both exact routes give m_2 = zeta^2 (1 + phi + psi)/psi, while a
    Marchenko--Pastur law with the same mean and shape parameter n1/m has
    m_2 = zeta^2 (1 + phi/psi); they differ by zeta^2/psi = zeta^2 n1/n0 != 0."""
    m = gram_moments_pw17(4, zeta, zeta, phi, psi)
    assert same(m[0], zeta)
    assert same(m[1], zeta ** 2 * (1 + phi + psi) / psi)
    mp2 = zeta ** 2 * (1 + phi / psi)
    assert not same(m[1], mp2)
    assert same(m[1] - mp2, zeta ** 2 / psi)
    # no MP(c, s) matches both m_1 and m_2 *and* m_3 unless phi = 0
    cs, ss = sympy.symbols("c_s s_s", positive=True)
    sol = sympy.solve([ss - m[0], ss ** 2 * (1 + cs) - m[1]], [cs, ss], dict=True)
    assert len(sol) == 1
    fit = sol[0]
    mp3 = fit[ss] ** 3 * (1 + 3 * fit[cs] + fit[cs] ** 2)
    diff = sympy.factor(m[2] - mp3)
    assert diff != 0 and same(diff.subs(phi, 0), 0)
    # the MP law the seed has in mind is recovered only as phi = n0/m -> 0
    K = 5
    at0 = gram_moments_pw17(K, zeta, zeta, 0, psi)
    for k in range(1, K + 1):
        assert same(at0[k - 1], zeta ** k * sum(narayana(k, j) * psi ** (1 - j) for j in range(1, k + 1)))


def _sample_linear_gram_moments(rng, n0, n1, m, sw2, sx2, reps):
    import numpy as np
    out = []
    for _ in range(reps):
        W = rng.standard_normal((n1, n0)) * np.sqrt(sw2 / n0)
        X = rng.standard_normal((n0, m)) * np.sqrt(sx2)
        Y = W @ X
        M = Y @ Y.T / m
        M2 = M @ M
        out.append((np.trace(M2) / n1, np.trace(M2 @ M) / n1))
    return np.array(out)


def test_pw17_eta_equals_zeta_sampling():
    """Sample Y = W X (linear activation, eta = zeta = sigma_w^2 sigma_x^2 = 3/2).

    Bias: the finite-size moments have an O(1/n) bias, cancelled to O(1/n^2)
    by Richardson extrapolation 2 m(N) - m(N/2) (docs/conventions.md).  Statistical
    error: the standard error of the extrapolated mean over replicates.
    The check asserts agreement with the exact product-Wishart moments within
    5 standard errors + 1% (a bound on the remaining O(1/n^2) bias), and that
    the seed's Marchenko--Pastur value lies more than 10 standard errors and
    20% away.
    """
    import numpy as np
    rng = np.random.default_rng(20170401)
    zt, ph, ps = PW17_NUM["zt"], PW17_NUM["ph"], PW17_NUM["ps"]
    sw2, sx2 = 2.0, 0.75                     # sigma_w^2 sigma_x^2 = 3/2 = zeta
    N, reps = 240, 24
    big = _sample_linear_gram_moments(rng, N, int(N / ps), int(N / ph), sw2, sx2, reps)
    small = _sample_linear_gram_moments(rng, N // 2, int(N / 2 / ps), int(N / 2 / ph), sw2, sx2, reps)
    est = 2 * big.mean(axis=0) - small.mean(axis=0)
    se = np.sqrt(4 * big.var(axis=0, ddof=1) / reps + small.var(axis=0, ddof=1) / reps)
    truth = [float(x) for x in _pw17_linear_truth(3)[1:]]
    c_mp = ph / ps
    mp_claim = [float(zt ** 2 * (1 + c_mp)), float(zt ** 3 * (1 + 3 * c_mp + c_mp ** 2))]
    for j in range(2):
        assert abs(est[j] - truth[j]) < 5 * se[j] + 0.01 * truth[j], (j, est[j], truth[j], se[j])
        assert abs(est[j] - mp_claim[j]) > 10 * se[j], (j, est[j], mp_claim[j], se[j])
        assert abs(est[j] - mp_claim[j]) > 0.2 * truth[j], (j, est[j], mp_claim[j])


def test_pw17_bad_input():
    with pytest.raises(RmtsymError, match="psi"):
        gram_moments_pw17(2, 1, 1, 1, 0)
    with pytest.raises(RmtsymError, match="k must be"):
        gram_moments_pw17(0, 1, 1, 1, 1)
    with pytest.raises(RmtsymError, match="eta"):
        gram_moments_pw17(2, object(), 1, 1, 1)


@pytest.mark.slow
def test_pw17_quartic_order_6_symbolic():
    K = 6
    P = pw17_quartic_series(K)
    m = gram_moments_pw17(K, eta, zeta, phi, psi)
    for k in range(1, K + 1):
        assert same(m[k - 1], psi ** (1 - k) * P[k]), k


def test_pw17_quartic_order_6_numeric():
    K = 6
    e0, z0, ph0, ps0 = Q(5, 2), Q(3, 2), Q(1, 3), Q(3, 4)
    m = gram_moments_pw17(K, e0, z0, ph0, ps0)
    P = pw17_quartic_series(K, e=e0, zt=z0, ph=ph0, ps=ps0)
    assert m == [ps0 ** (1 - k) * P[k] for k in range(1, K + 1)]


@pytest.mark.slow
def test_pw17_quartic_order_8_numeric():
    K = 8
    e0, z0, ph0, ps0 = Q(5, 2), Q(3, 2), Q(1, 3), Q(3, 4)
    m = gram_moments_pw17(K, e0, z0, ph0, ps0)
    P = pw17_quartic_series(K, e=e0, zt=z0, ph=ph0, ps=ps0)
    assert m == [ps0 ** (1 - k) * P[k] for k in range(1, K + 1)]


# ---------------------------------------------------------------------------
# Hanin--Nica
# ---------------------------------------------------------------------------

def hn_closed_form(n, d, k, p):
    """Chi-square product (Hanin--Nica eq. (9) with Bernoulli masks):
    ||M u||^2 = prod_l (2/n) chi^2_{N_l}, N_l ~ Bin(n, p) independent, so
    E||Mu||^{2k} = [(2/n)^k E_N N(N+2)...(N+2k-2)]^d."""
    s = sum(comb(n, N) * p ** N * (1 - p) ** (n - N) * sympy.prod([N + 2 * j for j in range(k)])
            for N in range(n + 1))
    return expand((Q(2, n) ** k * s) ** d)


@pytest.mark.parametrize("n,d", list(product([1, 2, 3], [1, 2, 3])))
def test_hanin_nica_paths_vs_direct(n, d):
    for k in (1, 2):
        enum = hanin_nica_moment(n, d, k)
        direct = hanin_nica_moment_direct(n, d, k)
        assert enum == direct == hn_closed_form(n, d, k, Q(1, 2))
    assert hanin_nica_moment(n, d, 1) == 1     # E||Mu||^2 = (2p)^d = 1 at p = 1/2


def test_hanin_nica_explicit_path_tuples():
    # the explicit enumeration of path tuples in the DiGraph equals the
    # layer-by-layer grouping, with a non-trivial p and u
    p = Q(1, 3)
    for n, d, k in [(2, 2, 2), (3, 2, 2), (2, 3, 2), (3, 3, 1), (3, 1, 2)]:
        assert hanin_nica_moment(n, d, k, p, method="paths") == hanin_nica_moment(n, d, k, p)
    u = [Q(3, 5), Q(4, 5)]
    assert hanin_nica_moment(2, 2, 2, p, u=u, method="paths") == hn_closed_form(2, 2, 2, p)
    assert hanin_nica_moment(2, 2, 2, p, u=u) == hanin_nica_moment_direct(2, 2, 2, p, u=u)


def test_hanin_nica_symbolic_p():
    p = Symbol("p", positive=True)
    for n, d, k in [(2, 2, 2), (3, 2, 1), (1, 3, 2)]:
        enum = hanin_nica_moment(n, d, k, p)
        assert same(enum, hanin_nica_moment_direct(n, d, k, p))
        assert same(enum, hn_closed_form(n, d, k, p))
    assert same(hanin_nica_moment(3, 3, 1, p), (2 * p) ** 3)


def test_hanin_nica_exact_table():
    # exact values at p = 1/2 (the ReLU case), k = 2: E||Mu||^4
    table = {(n, d): hanin_nica_moment(n, d, 2) for n in (1, 2, 3) for d in (1, 2, 3)}
    assert table[(1, 1)] == 6 and table[(1, 2)] == 36
    assert table[(2, 1)] == Q(7, 2) and table[(3, 1)] == Q(8, 3)
    # E||Mu||^4 = (1 + 5/n)^d at p = 1/2: the log-normal growth exp(5d/n)
    for (n, d), val in table.items():
        assert val == (1 + Q(5, n)) ** d


def test_layered_graph():
    g = layered_graph(3, 2)
    assert g.number_of_nodes() == 9 and g.number_of_edges() == 18
    assert nx.is_directed_acyclic_graph(g)
    assert sum(1 for _ in nx.all_simple_paths(g, (0, 0), (2, 1))) == 3


def test_hanin_nica_bad_input():
    with pytest.raises(RmtsymError, match="n must be"):
        hanin_nica_moment(0, 1, 1)
    with pytest.raises(RmtsymError, match="d must be"):
        hanin_nica_moment(2, 0, 1)
    with pytest.raises(RmtsymError, match="p must be"):
        hanin_nica_moment(2, 1, 1, p=2)
    with pytest.raises(RmtsymError, match="u must be a unit"):
        hanin_nica_moment(2, 1, 1, u=[1, 1])
    with pytest.raises(RmtsymError, match="u must be a list"):
        hanin_nica_moment(2, 1, 1, u=[1])
    with pytest.raises(RmtsymError, match="method"):
        hanin_nica_moment(2, 1, 1, method="magic")
    with pytest.raises(RmtsymError, match="k must be"):
        hanin_nica_moment_direct(2, 1, -1)


# ---------------------------------------------------------------------------
# Pennington--Worah 2018 Fisher information, linear case
# ---------------------------------------------------------------------------

def test_fisher_word_expansion_equals_closed_form():
    D = 10
    words = fisher_linear_moments(D)
    closed = [sum(binomial(d, k) * catalan(k) * catalan(d - k) for k in range(d + 1))
              for d in range(D + 1)]
    assert words == closed


def test_fisher_bad_input():
    with pytest.raises(RmtsymError, match="d must be"):
        fisher_linear_moments(-2)


def test_fisher_seed_density_has_half_the_word_moments():
    """Seed 002 §4.3 gives rho = (1/2) delta_0 + [E(k)/(2 pi^2) + (4-l) K(k)/(8 pi^2)] 1_[0,8],
    k = (8-l) l / 16, and m(z) = sum_d a_d / z^(d+1) with a_d the word counts.
    Quadrature (mpmath, 20 digits) of the continuous part gives mass 1/2 and
    moments a_d / 2: the density is (1/2) delta_0 + (1/2) nu with nu the law of
    moments a_d, so the seed's m(z) is the transform of nu, not of rho
    (recorded in docs/errata_pw17.md)."""
    import mpmath
    ctx = mpmath.mp.clone()
    ctx.dps = 20
    one = ctx.mpf(1)

    def cont(l):
        k = (8 - l) * l / 16
        k = min(k, one - ctx.mpf(10) ** -18)      # K(k) has a log singularity at l = 4
        return ctx.ellipe(k) / (2 * ctx.pi ** 2) + (4 - l) / (8 * ctx.pi ** 2) * ctx.ellipk(k)

    a = fisher_linear_moments(3)
    for d in range(4):
        val = ctx.quad(lambda l: l ** d * cont(l), [0, 2, 4, 6, 8])
        assert abs(val - ctx.mpf(a[d]) / 2) < ctx.mpf(10) ** -12, (d, val)


@pytest.mark.parametrize("module, names", [
    ("noncrossing", ["noncrossing_partitions", "is_noncrossing", "kreweras_complement",
                     "moments_from_free_cumulants", "free_cumulants_from_moments", "free_product_moments",
                     "free_sum_moments"]),
    ("dyck", ["dyck_paths", "narayana_counts", "dyck_paths_by_peaks", "divisible_noncrossing_partitions",
              "ary_trees", "fuss_catalan_counts"]),
    ("gram_pw17", ["pw17_walk_graphs", "gram_moments_pw17"]),
    ("hanin_nica", ["layered_graph", "hanin_nica_moment", "hanin_nica_moment_direct"]),
    ("fisher_words", ["fisher_linear_moments"]),
])
def test_combinatorics_names_live_in_their_subject_module(module, names):
    """Issue 11 layout: each name defined in one subject module, exported by the package and the facade."""
    import importlib
    import pathlib
    import rmtsym
    import rmtsym.combinatorics as c
    mod = importlib.import_module(f"rmtsym.combinatorics.{module}")
    assert sorted(mod.__all__) == sorted(names)
    for n in names:
        obj = getattr(mod, n)
        assert obj.__module__ == mod.__name__, n
        assert getattr(c, n) is obj
        if n in rmtsym.__all__:
            assert getattr(rmtsym, n) is obj
    assert not (pathlib.Path(c.__file__).parent / "enumeration.py").exists()
    for f in pathlib.Path(c.__file__).parent.glob("*.py"):
        assert len(f.read_text(encoding="utf-8").splitlines()) < 1000, f.name
