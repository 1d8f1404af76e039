r"""The Pennington--Worah (2018) Fisher-information moments of the linear
network, by the word expansion over :math:`b\in\{1,2\}^d`
(seed ``002_2c85d79b7db582c6.txt`` §4.3).  No numpy.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from ._common import _check_int

__all__ = [
    "fisher_linear_moments",
]


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


def fisher_linear_moments(d: int) -> list[int]:
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
