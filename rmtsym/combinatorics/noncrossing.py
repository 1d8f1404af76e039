r"""Non-crossing partitions :math:`NC(k)`, Kreweras complements, the free
moment--cumulant formula
:math:`m_k = \sum_{\pi\in NC(k)} \prod_{B\in\pi} \kappa_{|B|}` and the moments
of free sums and products
:math:`m_k(ab)=\sum_{\pi\in NC(k)}\kappa_\pi[a]\,m_{K(\pi)}[b]`, by enumeration.

Partitions are tuples of blocks, each block a sorted tuple of integers in
``1..k``, blocks ordered by their least element.  No numpy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

import sympy as sp

from ._common import _always, _canonical, _check_int, _check_moment_list, _nc_generic, _sympify_list
from ..core.errors import RmtsymError

__all__ = [
    "noncrossing_partitions",
    "is_noncrossing",
    "kreweras_complement",
    "moments_from_free_cumulants",
    "free_cumulants_from_moments",
    "free_product_moments",
    "free_sum_moments",
]


# --------------------------------------------------------------------------
# non-crossing partitions
# --------------------------------------------------------------------------

def noncrossing_partitions(k: int) -> Iterator[tuple[tuple[int, ...], ...]]:
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


def is_noncrossing(partition: Sequence[Sequence[int]]) -> bool:
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


def kreweras_complement(partition: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
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


def moments_from_free_cumulants(kappa: Sequence[object]) -> list[sp.Expr]:
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
    In the conventions of ``docs/conventions.md`` the cumulants are the coefficients of
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


def free_cumulants_from_moments(moments: Sequence[object]) -> list[sp.Expr]:
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


def free_product_moments(moments_a: Sequence[object], moments_b: Sequence[object]) -> list[sp.Expr]:
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


def free_sum_moments(moments_a: Sequence[object], moments_b: Sequence[object]) -> list[sp.Expr]:
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
