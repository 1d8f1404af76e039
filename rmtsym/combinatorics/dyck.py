r"""Dyck paths and the Narayana refinement of :math:`NC(k)` by blocks;
:math:`L`-divisible non-crossing partitions and :math:`(L+1)`-ary trees
(Fuss--Catalan numbers), by enumeration.  No numpy.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import lru_cache

import networkx as nx

from ._common import _canonical, _check_int
from .noncrossing import noncrossing_partitions
from ..core.errors import RmtsymError

__all__ = [
    "dyck_paths",
    "narayana_counts",
    "dyck_paths_by_peaks",
    "divisible_noncrossing_partitions",
    "ary_trees",
    "fuss_catalan_counts",
]


# --------------------------------------------------------------------------
# Dyck paths, Narayana, Fuss--Catalan
# --------------------------------------------------------------------------

def dyck_paths(k: int) -> Iterator[tuple[int, ...]]:
    r"""Iterate over the Dyck paths of semilength ``k``.

    Parameters
    ----------
    k : int
        Semilength, ``k >= 0``.

    Yields
    ------
    tuple of int
        Steps ``+1`` (up) and ``-1`` (down), ``2k`` of them, never going
        below zero and ending at zero.

    Raises
    ------
    RmtsymError
        If ``k`` is not an integer ``>= 0``.

    Notes
    -----
    There are :math:`C_k` of them; the path of a non-crossing pairing of
    :math:`[2k]` (up at an opener, down at a closer) is the bijection with
    the semicircle moments.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §2 (moments of the semicircle by
    counting); Stanley, *Catalan Numbers*, item 25.

    Examples
    --------
    >>> list(dyck_paths(2))
    [(1, 1, -1, -1), (1, -1, 1, -1)]
    """
    k = _check_int(k, "k", 0)

    def rec(prefix, height, ups):
        if len(prefix) == 2 * k:
            yield tuple(prefix)
            return
        if ups < k:
            yield from rec(prefix + [1], height + 1, ups + 1)
        if height > 0:
            yield from rec(prefix + [-1], height - 1, ups)

    yield from rec([], 0, 0)


def dyck_paths_by_peaks(k: int) -> list[int]:
    r"""Count Dyck paths of semilength ``k`` by number of peaks.

    Parameters
    ----------
    k : int
        Semilength, ``k >= 1``.

    Returns
    -------
    list of int
        ``[D(k, 1), ..., D(k, k)]``, ``D(k, j)`` = paths with ``j`` peaks
        (an up step immediately followed by a down step).

    Raises
    ------
    RmtsymError
        If ``k`` is not an integer ``>= 1``.

    Notes
    -----
    Equals the Narayana numbers
    :math:`N(k,j)=\frac1k\binom kj\binom k{j-1}`, as does
    :func:`narayana_counts` (blocks of :math:`NC(k)`): two different
    enumerations of the Marchenko--Pastur moment coefficients
    :math:`m_k=\sigma^{2k}\sum_j N(k,j)c^{k-j}`.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §2 (Marchenko--Pastur law).

    Examples
    --------
    >>> dyck_paths_by_peaks(4)
    [1, 6, 6, 1]
    """
    k = _check_int(k, "k", 1)
    out = [0] * k
    for path in dyck_paths(k):
        peaks = sum(1 for a, b in zip(path, path[1:]) if a == 1 and b == -1)
        out[peaks - 1] += 1
    return out


def narayana_counts(k: int) -> list[int]:
    r"""Count non-crossing partitions of :math:`[k]` by number of blocks.

    Parameters
    ----------
    k : int
        ``k >= 1``.

    Returns
    -------
    list of int
        ``[N(k, 1), ..., N(k, k)]``, ``N(k, j)`` = partitions with ``j``
        blocks.

    Raises
    ------
    RmtsymError
        If ``k`` is not an integer ``>= 1``.

    Notes
    -----
    :math:`N(k,j)=\frac1k\binom kj\binom k{j-1}` (Narayana).  With
    Marchenko--Pastur cumulants :math:`\kappa_j=\sigma^{2j}c^{j-1}` a
    partition with :math:`j` blocks contributes :math:`\sigma^{2k}c^{k-j}`.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §2 (Marchenko--Pastur law).

    Examples
    --------
    >>> narayana_counts(5)
    [1, 10, 20, 10, 1]
    """
    k = _check_int(k, "k", 1)
    out = [0] * k
    for p in noncrossing_partitions(k):
        out[len(p) - 1] += 1
    return out


def divisible_noncrossing_partitions(L: int, k: int) -> Iterator[tuple[tuple[int, ...], ...]]:
    r"""Iterate over the :math:`L`-divisible non-crossing partitions of :math:`[Lk]`.

    Parameters
    ----------
    L : int
        Divisor, ``L >= 1``.
    k : int
        ``k >= 0``; the ground set is ``{1..L*k}``.

    Yields
    ------
    tuple of tuple of int
        Non-crossing partitions of ``{1..L*k}`` all of whose block sizes are
        multiples of ``L``.

    Raises
    ------
    RmtsymError
        If ``L`` or ``k`` is not a valid integer.

    Notes
    -----
    Their number is the Fuss--Catalan number
    :math:`\frac{1}{Lk+1}\binom{(L+1)k}{k}`, the :math:`k`-th moment of
    :math:`\mathrm{MP}(1)^{\boxtimes L}` (the squared singular values of a
    product of :math:`L` square Gaussian matrices, seed
    ``000_f11574a8ed5d65a0.txt``).  Generation prunes gaps whose length is
    not a multiple of :math:`L`.

    References
    ----------
    Edelman, *Chains in the lattice of non-crossing partitions* (1980);
    seed ``000_f11574a8ed5d65a0.txt`` (linear deep network, ν_M a free
    multiplicative power).

    Examples
    --------
    >>> sum(1 for _ in divisible_noncrossing_partitions(2, 3))
    12
    """
    L = _check_int(L, "L", 1)
    k = _check_int(k, "k", 0)

    def next_ok(last, b):
        return (b - last - 1) % L == 0

    def close_ok(block):
        return len(block) % L == 0

    def gen(lo, hi):
        if (hi - lo) % L:
            return
        if lo >= hi:
            yield []
            return

        def grow(block, last, acc):
            if close_ok(block):
                for tail in gen(last + 1, hi):
                    yield acc + [tuple(block)] + tail
            for b in range(last + 1, hi):
                if not next_ok(last, b):
                    continue
                for gap in gen(last + 1, b):
                    yield from grow(block + [b], b, acc + gap)

        yield from grow([lo], lo, [])

    for blocks in gen(1, L * k + 1):
        yield _canonical(blocks)


def ary_trees(arity: int, k: int) -> Iterator[nx.DiGraph]:
    r"""Iterate over plane ``arity``-ary trees with ``k`` internal nodes.

    Parameters
    ----------
    arity : int
        Children per internal node, ``>= 1``.
    k : int
        Number of internal nodes, ``>= 0``.

    Yields
    ------
    networkx.DiGraph
        Rooted plane tree: nodes are integers (``0`` the root), an edge
        ``u -> v`` carries ``slot`` (the child position ``0..arity-1``);
        every internal node has exactly ``arity`` children, leaves none.

    Raises
    ------
    RmtsymError
        If ``arity`` or ``k`` is not a valid integer.

    Notes
    -----
    There are :math:`\frac{1}{(a-1)k+1}\binom{ak}{k}` of them (:math:`a` =
    arity); for :math:`a=L+1` this is the Fuss--Catalan moment of
    :math:`\mathrm{MP}(1)^{\boxtimes L}`.

    References
    ----------
    Graham--Knuth--Patashnik, *Concrete Mathematics*, §7.5 (Fuss--Catalan);
    seed ``000_f11574a8ed5d65a0.txt``.

    Examples
    --------
    >>> [t.number_of_nodes() for t in ary_trees(3, 1)]
    [4]
    >>> sum(1 for _ in ary_trees(3, 3))
    12
    """
    arity = _check_int(arity, "arity", 1)
    k = _check_int(k, "k", 0)

    @lru_cache(maxsize=None)
    def shapes(n):
        # nested tuples: None = leaf, tuple of `arity` subtrees = internal
        if n == 0:
            return (None,)
        out = []
        for split in _compositions(n - 1, arity):
            for kids in itertools.product(*(shapes(s) for s in split)):
                out.append(kids)
        return tuple(out)

    for shape in shapes(k):
        g = nx.DiGraph()
        g.add_node(0)
        stack = [(0, shape)]
        nxt = 1
        while stack:
            node, sh = stack.pop()
            if sh is None:
                continue
            for slot, child in enumerate(sh):
                g.add_edge(node, nxt, slot=slot)
                stack.append((nxt, child))
                nxt += 1
        yield g


def _compositions(total, parts):
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first,) + rest


def fuss_catalan_counts(L: int, n: int, method: str = "partitions") -> list[int]:
    r"""Fuss--Catalan numbers by enumeration, ``[F_0, ..., F_n]``.

    Parameters
    ----------
    L : int
        ``L >= 1``; :math:`F_k=\frac{1}{Lk+1}\binom{(L+1)k}{k}`.
    n : int
        Highest order, ``n >= 0``.
    method : {"partitions", "trees"}
        Count :math:`L`-divisible non-crossing partitions of :math:`[Lk]`
        (:func:`divisible_noncrossing_partitions`) or :math:`(L+1)`-ary trees
        with :math:`k` internal nodes (:func:`ary_trees`).

    Returns
    -------
    list of int
        ``[F_0, ..., F_n]``, the moments of the Fuss--Catalan law
        :math:`\mathrm{MP}(1)^{\boxtimes L}`.

    Raises
    ------
    RmtsymError
        If ``L``/``n`` are invalid or ``method`` is unknown.

    Notes
    -----
    Both objects are counted one by one; no closed form is used.

    References
    ----------
    Seed ``000_f11574a8ed5d65a0.txt`` (ν_M of the linear deep network as an
    iterated free multiplicative convolution of Marchenko--Pastur laws).

    Examples
    --------
    >>> fuss_catalan_counts(2, 5)
    [1, 1, 3, 12, 55, 273]
    >>> fuss_catalan_counts(3, 4, method="trees")
    [1, 1, 4, 22, 140]
    """
    L = _check_int(L, "L", 1)
    n = _check_int(n, "n", 0)
    if method == "partitions":
        return [sum(1 for _ in divisible_noncrossing_partitions(L, k)) for k in range(n + 1)]
    if method == "trees":
        return [sum(1 for _ in ary_trees(L + 1, k)) for k in range(n + 1)]
    raise RmtsymError(f"method must be 'partitions' or 'trees', got {method!r}")
