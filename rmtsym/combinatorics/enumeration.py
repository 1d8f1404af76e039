r"""Exact combinatorial enumerators: the second, independent route to moments.

Every function here *counts* the objects that random-matrix theory says the
moments count, and returns exact numbers (Python ``int``/SymPy ``Rational``)
or SymPy polynomials in symbolic parameters.  Nothing here solves an
algebraic equation or uses an R- or S-transform, so agreement with the
series route of :mod:`rmtsym.measure` / :mod:`rmtsym.convolution` is a real
cross-check.

What is enumerated
------------------
* non-crossing partitions :math:`NC(k)` and their Kreweras complements;
  the free moment--cumulant formula
  :math:`m_k = \sum_{\pi\in NC(k)} \prod_{B\in\pi} \kappa_{|B|}` and the
  moments of a free product
  :math:`m_k(ab)=\sum_{\pi\in NC(k)}\kappa_\pi[a]\,m_{K(\pi)}[b]`;
* Dyck paths and the Narayana refinement of :math:`NC(k)` by blocks;
  :math:`L`-divisible non-crossing partitions and :math:`(L+1)`-ary trees
  (Fuss--Catalan numbers);
* the Pennington--Worah (2017) Gram-matrix moments, as a sum over the
  connected outer-planar (cactus) graphs traced by the closed walk
  :math:`i_1\mu_1 i_2\mu_2\cdots i_k\mu_k i_1`, with cycle weights
  (seed ``002_2c85d79b7db582c6.txt`` §4.2);
* the Hanin--Nica moments :math:`\mathbb E\|Mu\|^{2k}` as a sum over tuples
  of paths in the layered graph of :math:`M=D_dW_d\cdots D_1W_1`
  (seed ``003_74fd632a2d425fc1.txt``, Prop. 4), and the same expectation by
  direct symbolic Gaussian/Bernoulli moment computation;
* the Pennington--Worah (2018) Fisher-information moments of the linear
  network, by the word expansion over :math:`b\in\{1,2\}^d`
  (seed ``002_2c85d79b7db582c6.txt`` §4.3).

Conventions
-----------
Moment lists are ``[m_0, m_1, ..., m_n]`` with ``m_0 = 1`` (as
``AlgebraicMeasure.moments``); free-cumulant lists are
``[kappa_1, ..., kappa_n]`` (as ``AlgebraicMeasure.free_cumulants``).
Partitions are tuples of blocks, each block a sorted tuple of integers in
``1..k``, blocks ordered by their least element.

This module never imports numpy (see ``docs/architecture.md``).
"""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction
from functools import lru_cache

import networkx as nx
import sympy as sp

from ..core.errors import RmtsymError
from ..core import numbers as _numbers

__all__ = [
    "noncrossing_partitions",
    "is_noncrossing",
    "kreweras_complement",
    "moments_from_free_cumulants",
    "free_cumulants_from_moments",
    "free_product_moments",
    "free_sum_moments",
    "dyck_paths",
    "narayana_counts",
    "dyck_paths_by_peaks",
    "divisible_noncrossing_partitions",
    "ary_trees",
    "fuss_catalan_counts",
    "pw17_walk_graphs",
    "gram_moments_pw17",
    "layered_graph",
    "hanin_nica_moment",
    "hanin_nica_moment_direct",
    "fisher_linear_moments",
]


# --------------------------------------------------------------------------
# input checking
# --------------------------------------------------------------------------

def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, sp.Integer)):
        raise RmtsymError(f"{name} must be an integer >= {minimum}, got {value!r}")
    value = int(value)
    if value < minimum:
        raise RmtsymError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def _sympify_list(values, name):
    try:
        seq = list(values)
    except TypeError:
        raise RmtsymError(f"{name} must be a list, got {values!r}") from None
    if len(seq) > _numbers.MAX_ORDER + 2:
        raise RmtsymError(f"{name}: at most {_numbers.MAX_ORDER + 2} values are allowed, got {len(seq)}")
    return [_numbers.to_expr(v, f"{name}[{i}]", floats="keep") for i, v in enumerate(seq)]


def _check_moment_list(moments, name):
    ms = _sympify_list(moments, name)
    if not ms:
        raise RmtsymError(f"{name} must start with m_0 = 1, got an empty list")
    if sp.simplify(ms[0] - 1) != 0:
        raise RmtsymError(f"{name}[0] must be m_0 = 1, got {ms[0]}")
    return ms


# --------------------------------------------------------------------------
# non-crossing partitions
# --------------------------------------------------------------------------

def _nc_generic(lo, hi, next_ok, close_ok):
    """Yield NC partitions of the integers lo..hi-1 (as lists of blocks).

    The block containing ``lo`` is grown left to right; ``next_ok(last, b)``
    says whether ``b`` may follow ``last`` in a block, ``close_ok(block)``
    whether a block may end.  The gaps between consecutive elements of a
    block are filled independently (that is what non-crossing means).
    """
    if lo >= hi:
        yield []
        return

    def grow(block, last, acc):
        if close_ok(block):
            for tail in _nc_generic(last + 1, hi, next_ok, close_ok):
                yield acc + [tuple(block)] + tail
        for b in range(last + 1, hi):
            if not next_ok(last, b):
                continue
            for gap in _nc_generic(last + 1, b, next_ok, close_ok):
                yield from grow(block + [b], b, acc + gap)

    yield from grow([lo], lo, [])


def _always(*_):
    return True


def _canonical(blocks):
    return tuple(sorted((tuple(sorted(b)) for b in blocks), key=lambda b: b[0]))


def noncrossing_partitions(k):
    r"""Iterate over the non-crossing partitions of :math:`\{1,\dots,k\}`.

    Parameters
    ----------
    k : int
        Size of the ground set, ``k >= 0``.

    Yields
    ------
    tuple of tuple of int
        A partition: blocks are sorted tuples, ordered by least element.
        For ``k = 0`` the single empty partition ``()`` is yielded.

    Raises
    ------
    RmtsymError
        If ``k`` is not an integer ``>= 0``.

    Notes
    -----
    A partition is non-crossing when no :math:`a<b<c<d` have :math:`a,c` in
    one block and :math:`b,d` in another.  The generator fixes the block of
    the least element, :math:`1=a_1<\dots<a_r`, and fills each gap
    :math:`(a_j, a_{j+1})` and the tail :math:`(a_r, k]` independently, so
    there are :math:`|NC(k)| = C_k = \binom{2k}{k}/(k+1)` partitions (the
    Catalan numbers, which are the moments :math:`m_{2k}` of the standard
    semicircle).

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §2 (semicircle moments are Catalan
    numbers, counted by non-crossing pairings); Nica--Speicher, *Lectures on
    the Combinatorics of Free Probability*, Lecture 9.

    Examples
    --------
    >>> list(noncrossing_partitions(3))  # doctest: +NORMALIZE_WHITESPACE
    [((1,), (2,), (3,)), ((1,), (2, 3)), ((1, 2), (3,)), ((1, 2, 3),),
     ((1, 3), (2,))]
    >>> sum(1 for _ in noncrossing_partitions(6))
    132
    """
    k = _check_int(k, "k", 0)
    for blocks in _nc_generic(1, k + 1, _always, _always):
        yield _canonical(blocks)


def is_noncrossing(partition):
    r"""Whether a set partition of :math:`\{1,\dots,k\}` is non-crossing.

    Parameters
    ----------
    partition : iterable of iterables of int
        The blocks; together they must cover ``1..k`` exactly once.

    Returns
    -------
    bool
        ``True`` when no :math:`a<b<c<d` have :math:`a,c` in one block and
        :math:`b,d` in another.

    Raises
    ------
    RmtsymError
        If ``partition`` is not a partition of ``{1..k}``.

    Notes
    -----
    Checked pairwise on blocks, :math:`O(k^2)`.

    References
    ----------
    Nica--Speicher, Lecture 9, Def. 9.1.

    Examples
    --------
    >>> is_noncrossing([(1, 3), (2,), (4,)])
    True
    >>> is_noncrossing([(1, 3), (2, 4)])
    False
    """
    blocks, _ = _check_partition(partition, "partition")
    label = {}
    for idx, b in enumerate(blocks):
        for x in b:
            label[x] = idx
    for bi, b in enumerate(blocks):
        for a, c in zip(b, b[1:]):
            inside = {label[x] for x in range(a + 1, c)}
            for other in inside:
                if any(x < a or x > c for x in blocks[other]):
                    return False
    return True


def _check_partition(partition, name):
    try:
        blocks = [tuple(sorted(int(x) for x in b)) for b in partition]
    except (TypeError, ValueError):
        raise RmtsymError(f"{name} must be an iterable of blocks of integers, got {partition!r}") from None
    elems = sorted(x for b in blocks for x in b)
    k = len(elems)
    if any(len(b) == 0 for b in blocks) or elems != list(range(1, k + 1)):
        raise RmtsymError(f"{name} must partition {{1..k}} into non-empty blocks, got {partition!r}")
    return _canonical(blocks), k


def kreweras_complement(partition):
    r"""Kreweras complement :math:`K(\pi)` of a non-crossing partition.

    Parameters
    ----------
    partition : iterable of iterables of int
        A non-crossing partition of :math:`\{1,\dots,k\}`.

    Returns
    -------
    tuple of tuple of int
        :math:`K(\pi)`, again a non-crossing partition of
        :math:`\{1,\dots,k\}`.

    Raises
    ------
    RmtsymError
        If ``partition`` is not a partition of ``{1..k}`` or is crossing.

    Notes
    -----
    Write :math:`\pi` as the permutation :math:`P_\pi` whose cycles are its
    blocks, each traversed increasingly, and :math:`\gamma=(1\,2\cdots k)`.
    Then :math:`K(\pi)` is the partition into the cycles of
    :math:`P_\pi^{-1}\gamma`.  Interleaving :math:`1<\bar 1<2<\bar 2<\dots`,
    :math:`K(\pi)` is the largest partition of the barred points with
    :math:`\pi\cup K(\pi)` non-crossing (here :math:`\bar\imath` is labelled
    :math:`i`).  :math:`|\pi|+|K(\pi)|=k+1`, :math:`K(0_k)=1_k`,
    :math:`K(1_k)=0_k`.

    References
    ----------
    Nica--Speicher, Lecture 9, Def. 9.21 and Lecture 18 (used by
    :func:`free_product_moments`).

    Examples
    --------
    >>> kreweras_complement([(1, 2), (3, 4)])
    ((1,), (2, 4), (3,))
    >>> kreweras_complement([(1,), (2,), (3,)])
    ((1, 2, 3),)
    """
    blocks, k = _check_partition(partition, "partition")
    if not is_noncrossing(blocks):
        raise RmtsymError(f"partition must be non-crossing, got {partition!r}")
    return _kreweras(blocks, k)


def _kreweras(blocks, k):
    pinv = {}
    for b in blocks:
        for j, x in enumerate(b):
            pinv[b[(j + 1) % len(b)]] = x
    perm = {i: pinv[i % k + 1] for i in range(1, k + 1)}
    seen, out = set(), []
    for i in range(1, k + 1):
        if i in seen:
            continue
        cyc, j = [], i
        while j not in seen:
            seen.add(j)
            cyc.append(j)
            j = perm[j]
        out.append(tuple(sorted(cyc)))
    return _canonical(out)


def _type(blocks):
    return tuple(sorted(len(b) for b in blocks))


@lru_cache(maxsize=None)
def _nc_type_counts(k):
    """Counter: block-size type of pi -> number of pi in NC(k)."""
    return Counter(_type(p) for p in noncrossing_partitions(k))


@lru_cache(maxsize=None)
def _nc_kreweras_type_counts(k):
    """Counter: (type(pi), type(K(pi))) -> number of pi in NC(k)."""
    return Counter((_type(p), _type(_kreweras(p, k))) for p in noncrossing_partitions(k))


def _prod_by_type(typ, seq):
    out = sp.Integer(1)
    for s in typ:
        out *= seq[s]
    return out


def moments_from_free_cumulants(kappa):
    r"""Moments from free cumulants by summing over non-crossing partitions.

    Parameters
    ----------
    kappa : sequence
        Free cumulants ``[kappa_1, ..., kappa_n]`` (numbers or SymPy
        expressions; symbols allowed).

    Returns
    -------
    list of sympy.Expr
        ``[m_0, m_1, ..., m_n]`` with ``m_0 = 1``; polynomials in the
        cumulants, expanded.

    Raises
    ------
    RmtsymError
        If ``kappa`` is not a list of numbers/expressions.

    Notes
    -----
    The free moment--cumulant formula

    .. math:: m_k = \sum_{\pi \in NC(k)} \prod_{B\in\pi} \kappa_{|B|}

    is evaluated by enumerating :math:`NC(k)` (grouped by block-size type).
    In the conventions of ``DESIGN.md`` the cumulants are the coefficients of
    :math:`R(w)=\sum_{k\ge1}\kappa_k w^{k-1}`.  Examples: the semicircle of
    variance :math:`\sigma^2` has :math:`\kappa_2=\sigma^2` only (moments
    :math:`\sigma^{2j}C_j`); Marchenko--Pastur :math:`(c,\sigma^2)` has
    :math:`\kappa_j=\sigma^{2j}c^{j-1}`.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §2 (R-transform, free cumulants of the
    semicircle and Marchenko--Pastur laws); Nica--Speicher, Lecture 11,
    Def. 11.3.

    Examples
    --------
    >>> import sympy as sp
    >>> c = sp.Symbol('c')
    >>> moments_from_free_cumulants([1, c, c**2])
    [1, 1, c + 1, c**2 + 3*c + 1]
    >>> moments_from_free_cumulants([0, sp.Rational(1, 3), 0, 0])
    [1, 0, 1/3, 0, 2/9]
    """
    ks = [None] + _sympify_list(kappa, "kappa")
    n = len(ks) - 1
    out = [sp.Integer(1)]
    for k in range(1, n + 1):
        total = sp.Integer(0)
        for typ, cnt in _nc_type_counts(k).items():
            total += cnt * _prod_by_type(typ, ks)
        out.append(sp.expand(total))
    return out


def free_cumulants_from_moments(moments):
    r"""Free cumulants from moments by Möbius inversion on :math:`NC(k)`.

    Parameters
    ----------
    moments : sequence
        ``[m_0, m_1, ..., m_n]`` with ``m_0 = 1`` (numbers or SymPy
        expressions).

    Returns
    -------
    list of sympy.Expr
        ``[kappa_1, ..., kappa_n]``, expanded.

    Raises
    ------
    RmtsymError
        If the list is empty or ``moments[0] != 1``.

    Notes
    -----
    Solves :math:`m_k=\sum_{\pi\in NC(k)}\prod_B\kappa_{|B|}` for
    :math:`\kappa_k` recursively: the one-block partition :math:`1_k`
    contributes :math:`\kappa_k`, every other partition only lower cumulants.

    References
    ----------
    Nica--Speicher, Lecture 11, Prop. 11.4; seed ``002_2c85d79b7db582c6.txt``
    §2 (R-transform).

    Examples
    --------
    >>> free_cumulants_from_moments([1, 0, 1, 0, 2, 0, 5])
    [0, 1, 0, 0, 0, 0]
    >>> free_cumulants_from_moments([1, 1, 3, 11])   # MP(c = 2, sigma^2 = 1)
    [1, 2, 4]
    """
    ms = _check_moment_list(moments, "moments")
    n = len(ms) - 1
    ks = [None]
    for k in range(1, n + 1):
        total = sp.Integer(0)
        for typ, cnt in _nc_type_counts(k).items():
            if typ == (k,):
                continue
            total += cnt * _prod_by_type(typ, ks)
        ks.append(sp.expand(ms[k] - total))
    return ks[1:]


def free_product_moments(moments_a, moments_b):
    r"""Moments of a product of free variables, through Kreweras complements.

    Parameters
    ----------
    moments_a, moments_b : sequence
        ``[m_0 = 1, m_1, ..., m_n]`` of :math:`a` and :math:`b`; the shorter
        list sets ``n``.

    Returns
    -------
    list of sympy.Expr
        ``[1, m_1(ab), ..., m_n(ab)]``, the moments of
        :math:`\mu_a\boxtimes\mu_b`.

    Raises
    ------
    RmtsymError
        If a list does not start with ``m_0 = 1``.

    Notes
    -----
    .. math:: m_k(ab)=\sum_{\pi\in NC(k)}\kappa_\pi[a]\;m_{K(\pi)}[b],

    :math:`\kappa_\pi=\prod_{B\in\pi}\kappa_{|B|}`,
    :math:`m_{K(\pi)}=\prod_{B\in K(\pi)}m_{|B|}`.  The cumulants of
    :math:`a` come from :func:`free_cumulants_from_moments`.  No S-transform
    is used: this is the enumeration route to ``free_mul``.

    References
    ----------
    Nica--Speicher, Lecture 14, Thm. 14.4; seed ``000_f11574a8ed5d65a0.txt``
    (the Jacobian spectrum as an iterated free multiplicative convolution).

    Examples
    --------
    Two free Marchenko--Pastur(1) laws give the Fuss--Catalan numbers
    :math:`\binom{3k}{k}/(2k+1)`:

    >>> free_product_moments([1, 1, 2, 5, 14], [1, 1, 2, 5, 14])
    [1, 1, 3, 12, 55]
    """
    ma = _check_moment_list(moments_a, "moments_a")
    mb = _check_moment_list(moments_b, "moments_b")
    n = min(len(ma), len(mb)) - 1
    ka = [None] + free_cumulants_from_moments(ma[: n + 1])
    out = [sp.Integer(1)]
    for k in range(1, n + 1):
        total = sp.Integer(0)
        for (ta, tb), cnt in _nc_kreweras_type_counts(k).items():
            total += cnt * _prod_by_type(ta, ka) * _prod_by_type(tb, mb)
        out.append(sp.expand(total))
    return out


def free_sum_moments(moments_a, moments_b):
    r"""Moments of a sum of free variables: cumulants add.

    Parameters
    ----------
    moments_a, moments_b : sequence
        ``[m_0 = 1, m_1, ..., m_n]``; the shorter list sets ``n``.

    Returns
    -------
    list of sympy.Expr
        ``[1, m_1(a+b), ..., m_n(a+b)]``, the moments of
        :math:`\mu_a\boxplus\mu_b`.

    Raises
    ------
    RmtsymError
        If a list does not start with ``m_0 = 1``.

    Notes
    -----
    :math:`\kappa_k(a+b)=\kappa_k(a)+\kappa_k(b)` for free :math:`a,b`; both
    conversions are sums over :math:`NC(k)`.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §2 (R-transform additivity);
    Nica--Speicher, Lecture 12.

    Examples
    --------
    Semicircle(1) plus semicircle(2) is semicircle(3):

    >>> free_sum_moments([1, 0, 1, 0, 2], [1, 0, 2, 0, 8])
    [1, 0, 3, 0, 18]
    """
    ma = _check_moment_list(moments_a, "moments_a")
    mb = _check_moment_list(moments_b, "moments_b")
    n = min(len(ma), len(mb)) - 1
    ka = free_cumulants_from_moments(ma[: n + 1])
    kb = free_cumulants_from_moments(mb[: n + 1])
    return moments_from_free_cumulants([x + y for x, y in zip(ka, kb)])


# --------------------------------------------------------------------------
# Dyck paths, Narayana, Fuss--Catalan
# --------------------------------------------------------------------------

def dyck_paths(k):
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


def dyck_paths_by_peaks(k):
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


def narayana_counts(k):
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


def divisible_noncrossing_partitions(L, k):
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


def ary_trees(arity, k):
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


def fuss_catalan_counts(L, n, method="partitions"):
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


def pw17_walk_graphs(k, check=False):
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


def gram_moments_pw17(k, eta, zeta, phi, psi):
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
    is the Cauchy transform :math:`G=-m` of ``DESIGN.md``, not :math:`m`.

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


# --------------------------------------------------------------------------
# Hanin--Nica: E ||D_d W_d ... D_1 W_1 u||^{2k}
# --------------------------------------------------------------------------

def layered_graph(n, d):
    r"""The layered computation graph of :math:`M=D_dW_d\cdots D_1W_1`.

    Parameters
    ----------
    n : int
        Width of every layer (input included), ``n >= 1``.
    d : int
        Depth, ``d >= 1``.

    Returns
    -------
    networkx.DiGraph
        Nodes ``(l, i)`` for layer ``l = 0..d`` and neuron ``i = 0..n-1``;
        an edge ``(l-1, i) -> (l, j)`` for every weight
        :math:`(W_l)_{ji}`, with attributes ``layer=l``.

    Raises
    ------
    RmtsymError
        If ``n`` or ``d`` is invalid.

    Notes
    -----
    :math:`(Mu)_j=\sum_\gamma u_{\gamma(0)}\prod_{l=1}^d
    (D_l)_{\gamma(l)}(W_l)_{\gamma(l)\gamma(l-1)}` over the paths
    :math:`\gamma` from layer 0 to :math:`(d,j)` in this graph.

    References
    ----------
    Seed ``003_74fd632a2d425fc1.txt`` §1.4 (line-to-line partition function
    on the computation graph) and §3.3.

    Examples
    --------
    >>> g = layered_graph(2, 3)
    >>> g.number_of_nodes(), g.number_of_edges()
    (8, 12)
    """
    n = _check_int(n, "n", 1)
    d = _check_int(d, "d", 1)
    g = nx.DiGraph()
    for l in range(d + 1):
        g.add_nodes_from(((l, i) for i in range(n)), layer=l)
    for l in range(1, d + 1):
        for i in range(n):
            for j in range(n):
                g.add_edge((l - 1, i), (l, j), layer=l)
    return g


def _hn_inputs(n, d, k, p, u):
    n = _check_int(n, "n", 1)
    d = _check_int(d, "d", 1)
    k = _check_int(k, "k", 0)
    p = _numbers.to_expr(p, "p")
    if p.is_number and not (p.is_real and 0 <= p <= 1):
        raise RmtsymError(f"p must be a number in [0, 1] or a symbol, got {p}")
    if u is None:
        u = [1] + [0] * (n - 1)
    uu = _sympify_list(u, "u")
    if len(uu) != n or not all(x.is_Rational for x in uu):
        raise RmtsymError(f"u must be a list of {n} rational numbers, got {u!r}")
    if sum(x**2 for x in uu) != 1:
        raise RmtsymError(f"u must be a unit vector (sum of squares 1), got {u!r}")
    return n, d, k, p, [Fraction(int(x.p), int(x.q)) for x in uu]


def _gauss_moments(var, top):
    """E g^m for g ~ N(0, var), m = 0..top, as Fractions."""
    out = []
    for m in range(top + 1):
        if m % 2:
            out.append(Fraction(0))
        else:
            dfact = 1
            for j in range(m - 1, 0, -2):
                dfact *= j
            out.append(var ** (m // 2) * dfact)
    return out


def _poly_to_sympy(poly, p):
    return sp.expand(sum((sp.Rational(c.numerator, c.denominator) * p**e for e, c in poly.items() if c), sp.Integer(0)))


def hanin_nica_moment(n, d, k, p=sp.Rational(1, 2), u=None, method="layers"):
    r"""Exact :math:`\mathbb E\|Mu\|^{2k}` by summing over tuples of paths.

    Parameters
    ----------
    n : int
        Width of every layer, input included (``n >= 1``).
    d : int
        Depth (``d >= 1``).
    k : int
        Power, ``k >= 0``.
    p : number or sympy.Symbol, optional
        Bernoulli parameter: :math:`(D_l)_{ii}\in\{0,1\}`, equal to 1 with
        probability ``p``.  Default 1/2 (ReLU).
    u : sequence of rationals, optional
        Unit input vector (exact, rational entries).  Default
        :math:`e_1`.
    method : {"layers", "paths"}
        ``"paths"`` enumerates every :math:`2k`-tuple of paths in
        :func:`layered_graph` (with the endpoints of paths :math:`2j-1,2j`
        equal) and weighs it; ``"layers"`` performs the same sum grouped
        layer by layer (a transfer matrix over the tuples of vertices the
        :math:`2k` paths occupy in a layer), which is exponentially cheaper.

    Returns
    -------
    sympy.Expr
        :math:`\mathbb E\|Mu\|^{2k}` exactly (a polynomial in ``p``).

    Raises
    ------
    RmtsymError
        For invalid ``n``, ``d``, ``k``, ``p``, ``u`` or ``method``.

    Notes
    -----
    :math:`M=D_dW_d\cdots D_1W_1` with independent :math:`W_l` of i.i.d.
    :math:`N(0,2/n)` entries and independent diagonal Bernoulli(:math:`p`)
    :math:`D_l`.  Normalisation: :math:`\mathbb E\|Mu\|^2=(2p)^d`, which is
    1 for :math:`p=1/2`.  Expanding :math:`\|Mu\|^{2k}` over paths and taking
    expectations layer by layer (Hanin--Nica, Prop. 4):

    .. math:: \mathbb E\|Mu\|^{2k}=\sum_{\gamma_1,\dots,\gamma_{2k}}
        \prod_a u_{\gamma_a(0)}\prod_{l=1}^d p^{|\{\gamma_a(l)\}_a|}
        \prod_{e\in E_l}\mathbb E[w^{m_e}],

    where paths :math:`\gamma_{2j-1},\gamma_{2j}` end at the same vertex,
    :math:`m_e` is the number of paths using the edge :math:`e` of layer
    :math:`l` (odd multiplicities vanish), and
    :math:`\mathbb E[w^{2a}]=(2/n)^a(2a-1)!!`.

    References
    ----------
    Seed ``003_74fd632a2d425fc1.txt``, Prop. 4, eqs. (15)-(16) and Lemma 10
    (sum over tuples of paths; only even edge multiplicities survive).
    The extracted seed lost its formulas; statements follow the published
    paper (Hanin--Nica, *Products of many large random matrices and
    gradients in deep neural networks*, CMP 2020).

    Examples
    --------
    >>> hanin_nica_moment(2, 2, 1)
    1
    >>> hanin_nica_moment(2, 1, 2)
    7/2
    >>> import sympy as sp
    >>> hanin_nica_moment(1, 2, 1, p=sp.Symbol('p'))
    4*p**2
    """
    n, d, k, p, u = _hn_inputs(n, d, k, p, u)
    if method not in ("layers", "paths"):
        raise RmtsymError(f"method must be 'layers' or 'paths', got {method!r}")
    if k == 0:
        return sp.Integer(1)
    gm = _gauss_moments(Fraction(2, n), 2 * k)
    support = [i for i in range(n) if u[i] != 0]
    graph = layered_graph(n, d)

    def layer_factor(z0, z1):
        mult = Counter(zip(z0, z1))
        coef = Fraction(1)
        for m in mult.values():
            coef *= gm[m]
            if not coef:
                return None
        return coef, len(set(z1))

    def add(poly, e, c):
        poly[e] = poly.get(e, Fraction(0)) + c

    result = {}
    if method == "layers":
        tuples = list(itertools.product(range(n), repeat=2 * k))
        state = {}
        for z in itertools.product(support, repeat=2 * k):
            w = Fraction(1)
            for i in z:
                w *= u[i]
            state[z] = {0: w}
        trans = {}
        for l in range(1, d + 1):
            new = {}
            for z0, poly in state.items():
                if z0 not in trans:
                    row = []
                    for z1 in tuples:
                        # every step of every path must be an edge of the graph
                        f = layer_factor(z0, z1)
                        if f is not None:
                            row.append((z1, f))
                    trans[z0] = row
                for z1, (coef, pe) in trans[z0]:
                    tgt = new.setdefault(z1, {})
                    for e, c in poly.items():
                        add(tgt, e + pe, c * coef)
            state = new
        for z, poly in state.items():
            if all(z[2 * j] == z[2 * j + 1] for j in range(k)):
                for e, c in poly.items():
                    add(result, e, c)
        return _poly_to_sympy(result, p)

    # method == "paths": explicit tuples of paths in the DiGraph
    paths_to = {j: [] for j in range(n)}
    for i in support:
        for j in range(n):
            paths_to[j].extend(
                tuple(v[1] for v in path)
                for path in nx.all_simple_paths(graph, (0, i), (d, j))
            )
    for ends in itertools.product(range(n), repeat=k):
        choices = []
        for j in ends:
            choices.extend([paths_to[j], paths_to[j]])
        for tup in itertools.product(*choices):
            w = Fraction(1)
            for path in tup:
                w *= u[path[0]]
            pe = 0
            for l in range(1, d + 1):
                f = layer_factor([g[l - 1] for g in tup], [g[l] for g in tup])
                if f is None:
                    w = 0
                    break
                w *= f[0]
                pe += f[1]
            if w:
                add(result, pe, w)
    return _poly_to_sympy(result, p)


def hanin_nica_moment_direct(n, d, k, p=sp.Rational(1, 2), u=None):
    r"""Exact :math:`\mathbb E\|Mu\|^{2k}` by symbolic Gaussian/Bernoulli moments.

    Parameters
    ----------
    n, d, k, p, u
        As in :func:`hanin_nica_moment` (same model and normalisation:
        weights :math:`N(0,2/n)`, masks Bernoulli(:math:`p`)).

    Returns
    -------
    sympy.Expr
        :math:`\mathbb E\|Mu\|^{2k}` (a polynomial in ``p``).

    Raises
    ------
    RmtsymError
        For invalid arguments.

    Notes
    -----
    No paths: starting from :math:`f_d(x)=(\sum_ix_i^2)^k`, for
    :math:`l=d,\dots,1` substitute :math:`x\mapsto D_lW_lx` with symbolic
    entries :math:`\delta_i, w_{ij}`, expand, and replace every monomial by
    its expectation (:math:`\delta^a\mapsto p` for :math:`a\ge1`,
    :math:`w^{2a}\mapsto(2/n)^a(2a-1)!!`, odd powers :math:`\mapsto0`),
    giving :math:`f_{l-1}(x)=\mathbb E f_l(D_lW_lx)` (layers are
    independent).  The answer is :math:`f_0(u)`.

    References
    ----------
    Seed ``003_74fd632a2d425fc1.txt`` (model of Theorem 1 with Gaussian
    :math:`\mu` and Bernoulli masks).

    Examples
    --------
    >>> hanin_nica_moment_direct(2, 1, 2)
    7/2
    """
    n, d, k, p, u = _hn_inputs(n, d, k, p, u)
    xs = sp.symbols(f"x0:{n}")
    ws = [[sp.Symbol(f"w{i}_{j}") for j in range(n)] for i in range(n)]
    ds = sp.symbols(f"delta0:{n}")
    gm = [sp.Rational(c.numerator, c.denominator) for c in _gauss_moments(Fraction(2, n), 2 * k)]
    f = sp.expand(sum(x**2 for x in xs) ** k)
    flat_w = [w for row in ws for w in row]
    for _ in range(d):
        ys = {xs[i]: ds[i] * sum(ws[i][j] * xs[j] for j in range(n)) for i in range(n)}
        g = sp.Poly(f.subs(ys, simultaneous=True), *flat_w, *ds, *xs)
        nw, nd = len(flat_w), len(ds)
        acc = sp.Integer(0)
        for exps, coeff in g.terms():
            fac = coeff
            for e in exps[:nw]:
                fac *= gm[e]
                if fac == 0:
                    break
            if fac == 0:
                continue
            for e in exps[nw:nw + nd]:
                if e:
                    fac *= p
            mono = sp.Integer(1)
            for x, e in zip(xs, exps[nw + nd:]):
                mono *= x**e
            acc += fac * mono
        f = sp.expand(acc)
    val = f.subs({x: sp.Rational(c.numerator, c.denominator) for x, c in zip(xs, u)}, simultaneous=True)
    return sp.expand(val)


# --------------------------------------------------------------------------
# Pennington--Worah (2018): Fisher information, linear network
# --------------------------------------------------------------------------

# letters: "N" = W, "T" = W^T.  Transition (b_{i-1}, b_i) of the block word
# -> letters contributed to the W2-side and to the W1-side Kronecker factor.
_LEFT = {(1, 1): "TN", (1, 2): "T", (2, 1): "N", (2, 2): ""}
_RIGHT = {(1, 1): "", (1, 2): "T", (2, 1): "N", (2, 2): "NT"}


def _nc_pairings(word, lo, hi):
    """Yield the non-crossing pairings of positions lo..hi-1 of ``word`` that
    join an "N" with a "T" (as lists of pairs)."""
    if lo >= hi:
        yield []
        return
    for b in range(lo + 1, hi, 2):
        if word[b] == word[lo]:
            continue
        for inner in _nc_pairings(word, lo + 1, b):
            for outer in _nc_pairings(word, b + 1, hi):
                yield [(lo, b)] + inner + outer


@lru_cache(maxsize=None)
def _planar_wick(word):
    """Leading-order (1/n) E tr of a cyclic word in W ("N") and W^T ("T"),
    W square with i.i.d. N(0, 1/n) entries: the number of non-crossing
    pairings of the letters joining an N with a T (counted one by one)."""
    if len(word) % 2:
        return 0
    return sum(1 for _ in _nc_pairings(word, 0, len(word)))


def fisher_linear_moments(d):
    r"""Fisher-information moments of the linear two-layer network, by words.

    Parameters
    ----------
    d : int
        Highest order, ``d >= 0``.

    Returns
    -------
    list of int
        ``[a_0, ..., a_d]`` with
        :math:`a_e=\lim\frac1{n^2}\mathbb E\,\mathrm{tr}\,H_0^e` (and
        :math:`a_0=1`), which the seed states equal
        :math:`\sum_k\binom ek C_kC_{e-k}`.

    Raises
    ------
    RmtsymError
        If ``d`` is not an integer ``>= 0``.

    Notes
    -----
    :math:`\hat y=W^{(2)}W^{(1)}x`, :math:`x\sim N(0,I_n)`, :math:`W^{(\alpha)}`
    square with :math:`N(0,1/n)` entries.  With :math:`J=[J^{(1)}\,J^{(2)}]`,
    :math:`J^{(1)}=W^{(2)}\otimes x^T`, :math:`J^{(2)}=I\otimes(W^{(1)}x)^T`,
    the blocks :math:`H_{ab}=\mathbb E_x[J^{(a)T}J^{(b)}]` are Kronecker
    products: :math:`H_{11}=W_2^TW_2\otimes I`, :math:`H_{12}=W_2^T\otimes W_1^T`,
    :math:`H_{21}=W_2\otimes W_1`, :math:`H_{22}=I\otimes W_1W_1^T`.  For each
    word :math:`b\in\{1,2\}^e` (cyclic, :math:`b_0=b_e`),
    :math:`\mathrm{tr}\prod_iH_{b_{i-1}b_i}=\mathrm{tr}(L_b)\,\mathrm{tr}(R_b)`
    with :math:`L_b` a word in :math:`W_2,W_2^T` and :math:`R_b` a word in
    :math:`W_1,W_1^T`; each normalised trace is counted as the number of
    non-crossing pairings of its letters joining a :math:`W` with a
    :math:`W^T` (planar Wick pairings).  The sum over all :math:`2^e` words is
    :math:`a_e`.

    References
    ----------
    Seed ``002_2c85d79b7db582c6.txt`` §4.3 (word expansion over
    :math:`b\in\{1,2\}^d` and
    :math:`\mathrm{tr}[H_0^d]=\sum_k\binom dkC_{d-k}C_k`); Pennington--Worah,
    NeurIPS 2018, §3.

    Examples
    --------
    >>> fisher_linear_moments(5)
    [1, 2, 6, 22, 92, 424]
    """
    d = _check_int(d, "d", 0)
    out = [1]
    for e in range(1, d + 1):
        total = 0
        for b in itertools.product((1, 2), repeat=e):
            left = "".join(_LEFT[(b[i - 1], b[i])] for i in range(e))
            right = "".join(_RIGHT[(b[i - 1], b[i])] for i in range(e))
            total += _planar_wick(left) * _planar_wick(right)
        out.append(total)
    return out
