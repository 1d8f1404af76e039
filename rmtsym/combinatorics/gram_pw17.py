r"""The Pennington--Worah (2017) Gram-matrix moments, as a sum over the
connected outer-planar (cactus) graphs traced by the closed walk
:math:`i_1\mu_1 i_2\mu_2\cdots i_k\mu_k i_1`, with cycle weights
(seed ``002_2c85d79b7db582c6.txt`` §4.2).  No numpy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import networkx as nx
import sympy as sp

from ._common import _canonical, _check_int, _nc_generic, _sympify_list
from ..core.errors import RmtsymError

__all__ = [
    "pw17_walk_graphs",
    "gram_moments_pw17",
]


# --------------------------------------------------------------------------
# Pennington--Worah (2017): Gram matrix of Y = f(WX)
# --------------------------------------------------------------------------

def _pw17_partitions(k):
    """NC partitions of the 2k edge positions of the closed walk whose blocks
    have even size and alternate in parity (i->mu edges at odd positions,
    mu->i edges at even positions)."""

    def next_ok(last, b):
        return (b - last) % 2 == 1

    def close_ok(block):
        return len(block) % 2 == 0

    for blocks in _nc_generic(1, 2 * k + 1, next_ok, close_ok):
        yield _canonical(blocks)


def _walk_graph(blocks, k):
    """Quotient multigraph of the closed walk i_1 mu_1 ... i_k mu_k i_1."""
    n_t = 2 * k
    parent = list(range(n_t))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a % n_t), find(b % n_t)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for b in blocks:
        r = len(b)
        for j in range(r):
            # edge b[j] ends at time b[j]; the next edge of the cycle starts
            # at time b[j+1]-1 (the walk made an excursion in between)
            union(b[j], b[(j + 1) % r] - 1)
    g = nx.MultiGraph()
    for t in range(n_t):
        rep = find(t)
        g.add_node(("i" if rep % 2 == 0 else "mu", rep), kind="i" if rep % 2 == 0 else "mu")
    for pos in range(1, n_t + 1):
        a, b = find(pos - 1), find(pos % n_t)
        u = ("i" if a % 2 == 0 else "mu", a)
        v = ("i" if b % 2 == 0 else "mu", b)
        g.add_edge(u, v, key=pos, position=pos)
    return g


def _cycle_blocks(g):
    """Blocks (biconnected components) of the walk graph as sorted tuples of
    walk positions, with their half-length ell (a doubled edge has ell = 1)."""
    simple = nx.Graph(g)
    out = []
    for comp in nx.biconnected_components(simple):
        comp = set(comp)
        pos = tuple(sorted(key for u, v, key in g.edges(keys=True) if u in comp and v in comp))
        out.append((pos, len(pos) // 2))
    return out


def _is_outerplanar(g):
    simple = nx.Graph(g)
    apex = ("apex", -1)
    simple.add_edges_from((apex, v) for v in list(simple.nodes))
    return nx.check_planarity(simple)[0]


def pw17_walk_graphs(k: int, check: bool = False) -> Iterator[tuple[tuple, nx.MultiGraph]]:
    r"""Iterate over the leading-order walk graphs of :math:`\mathrm{tr}\,M^k`, :math:`M=YY^T/m`.

    Parameters
    ----------
    k : int
        Moment order, ``k >= 1``.
    check : bool, optional
        If true, assert with networkx that every graph is connected and
        outer-planar and that its blocks are exactly the blocks of the
        partition (slower; used by the tests).

    Yields
    ------
    (tuple, networkx.MultiGraph)
        The partition :math:`\pi` of the :math:`2k` walk positions into
        cycles, and the quotient multigraph: nodes ``("i", t)`` /
        ``("mu", t)`` (``t`` the first time the walk visits the vertex),
        one edge per walk position (``key`` = position).

    Raises
    ------
    RmtsymError
        If ``k`` is not an integer ``>= 1``.
    AssertionError
        With ``check=True``, if a graph fails the structural checks (a bug).

    Notes
    -----
    :math:`\mathbb E\,\mathrm{tr}\,M^k` is a sum over closed walks
    :math:`i_1\mu_1i_2\mu_2\cdots i_k\mu_ki_1` (edge :math:`2a-1` is
    :math:`(i_a,\mu_a)`, edge :math:`2a` is :math:`(i_{a+1},\mu_a)`).  At
    leading order the graph traced by the walk is a connected outer-planar
    bipartite *cactus*: every block is either a doubled edge (a 2-cycle,
    traversed once each way) or a simple cycle of length :math:`2\ell\ge4`
    traversed once, and the walk runs around the outer face.  Recording
    which walk positions form each cycle gives a non-crossing partition of
    :math:`[2k]` with even blocks whose positions alternate in parity; this
    is how the graphs are generated.  The vertices are the classes of the
    :math:`2k` times, identified by ``time(p_j) = time(p_{j+1} - 1)`` along
    each cycle (the Kreweras complement).

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §4.2 ("enumerating certain connected
    outer-planar graphs, and ... evaluating integrals that correspond to
    cycles"); Pennington--Worah, NeurIPS 2017, §3 and supplement.

    Examples
    --------
    >>> [len(pi) for pi, g in pw17_walk_graphs(2)]
    [2, 1, 2]
    >>> sum(1 for _ in pw17_walk_graphs(3, check=True))
    12
    """
    k = _check_int(k, "k", 1)
    for blocks in _pw17_partitions(k):
        g = _walk_graph(blocks, k)
        if check:
            assert nx.is_connected(nx.Graph(g))
            assert _is_outerplanar(g)
            assert sorted(p for p, _ in _cycle_blocks(g)) == sorted(blocks)
        yield blocks, g


@lru_cache(maxsize=None)
def _pw17_table(k):
    """Counter over walk graphs of order k: (#doubled edges, zeta exponent,
    #i-vertices, #mu-vertices) -> number of graphs."""
    table = Counter()
    for _, g in pw17_walk_graphs(k):
        n_eta = n_zeta = 0
        for _, ell in _cycle_blocks(g):
            if ell == 1:
                n_eta += 1
            else:
                n_zeta += ell
        v_i = sum(1 for _, d in g.nodes(data=True) if d["kind"] == "i")
        v_mu = g.number_of_nodes() - v_i
        table[(n_eta, n_zeta, v_i, v_mu)] += 1
    return table


def gram_moments_pw17(k: int, eta: sp.Expr | int | str, zeta: sp.Expr | int | str, phi: sp.Expr | int | str, psi: sp.Expr | int | str) -> list[sp.Expr]:
    r"""Moments of the Pennington--Worah Gram matrix, by graph enumeration.

    Parameters
    ----------
    k : int
        Highest order, ``k >= 1``.
    eta, zeta : number or sympy.Expr
        :math:`\eta=\mathbb E[f(\sigma_w\sigma_x g)^2]`,
        :math:`\zeta=(\sigma_w\sigma_x\,\mathbb E[f'(\sigma_w\sigma_x g)])^2`,
        :math:`g\sim N(0,1)` (symbols allowed).
    phi, psi : number or sympy.Expr
        :math:`\phi=n_0/m` (``0`` allowed: the limit :math:`m\gg n_0`),
        :math:`\psi=n_0/n_1` (nonzero); symbols allowed.

    Returns
    -------
    list of sympy.Expr
        ``[m_1, ..., m_k]``,
        :math:`m_j=\lim\frac{1}{n_1}\mathbb E\,\mathrm{tr}\,M^j`, for
        :math:`M=\frac1m YY^T\in\mathbb R^{n_1\times n_1}`,
        :math:`Y=f(WX)`, :math:`X\in\mathbb R^{n_0\times m}` with
        :math:`N(0,\sigma_x^2)` entries, :math:`W\in\mathbb R^{n_1\times n_0}`
        with :math:`N(0,\sigma_w^2/n_0)` entries, :math:`f` centred.

    Raises
    ------
    RmtsymError
        If ``k`` is invalid, ``psi`` is zero, or a parameter is not an
        expression.

    Notes
    -----
    Sum over the walk graphs of :func:`pw17_walk_graphs`.  A doubled edge
    :math:`(i,\mu)` contributes :math:`\mathbb E f(h)^2=\eta`; a cycle of
    length :math:`2\ell\ge4` contributes, through the linear part of
    :math:`f` and a single shared inner index :math:`j\le n_0`,
    :math:`\zeta^\ell n_0^{1-\ell}`.  A graph with :math:`V_i` row vertices
    and :math:`V_\mu` column vertices therefore contributes

    .. math:: \eta^{\#\text{doubled}}\,\zeta^{\sum_{\ell\ge2}\ell}\,
              \psi^{1-V_i}\,\phi^{k-V_\mu}

    (the powers of :math:`n_0,n_1,m` cancel; :math:`V_i+V_\mu=2k+1-\#\text{blocks}`).
    The generating function :math:`P(t)=1+\sum_k\psi^{k-1}m_kt^k` then
    satisfies the quartic quoted in the seed,
    :math:`P=1+(\eta-\zeta)tP_\phi P_\psi+\frac{P_\phi P_\psi t\zeta}{1-P_\phi P_\psi t\zeta}`,
    where the seed's transform :math:`\frac\psi zP(\frac1{z\psi})+\frac{1-\psi}z`
    is the Cauchy transform :math:`G=-m` of ``docs/conventions.md``, not :math:`m`.

    Special cases (see ``docs/errata_pw17.md``): :math:`\zeta=0` gives
    Marchenko--Pastur :math:`(c=\phi/\psi=n_1/m,\ \sigma^2=\eta)`;
    :math:`\eta=\zeta` (linear :math:`f`) gives
    :math:`\psi\,\mathrm{MP}(\phi,\zeta)\boxtimes\mathrm{MP}(\psi,1/\psi)+(1-\psi)\delta_0`,
    *not* a Marchenko--Pastur law as the seed states.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §4.2 (P(t) quartic, η, ζ, φ, ψ);
    Pennington--Worah, *Nonlinear random matrix theory for deep learning*,
    NeurIPS 2017, Thm. 1.

    Examples
    --------
    >>> import sympy as sp
    >>> eta, zeta, phi, psi = sp.symbols('eta zeta phi psi', positive=True)
    >>> m = gram_moments_pw17(2, eta, zeta, phi, psi)
    >>> m[0]
    eta
    >>> sp.factor(m[1] - eta**2 * (1 + phi / psi))
    zeta**2/psi
    """
    k = _check_int(k, "k", 1)
    eta, zeta, phi, psi = _sympify_list([eta, zeta, phi, psi], "eta/zeta/phi/psi")
    if psi == 0:
        raise RmtsymError("psi = n0/n1 must be nonzero, got 0")
    out = []
    for j in range(1, k + 1):
        total = sp.Integer(0)
        for (n_eta, n_zeta, v_i, v_mu), cnt in _pw17_table(j).items():
            total += cnt * eta**n_eta * zeta**n_zeta * psi**(1 - v_i) * phi**(j - v_mu)
        out.append(sp.expand(total))
    return out
