r"""Exact combinatorial enumerators: the second, independent route to moments.

Every function here *counts* the objects that random-matrix theory says the
moments count, and returns exact numbers (Python ``int``/SymPy ``Rational``)
or SymPy polynomials in symbolic parameters.  Nothing here solves an
algebraic equation or uses an R- or S-transform, so agreement with the
series route of :mod:`rmtsym.core.measure` / :mod:`rmtsym.free.convolution` is a
real cross-check.

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

Modules: :mod:`~rmtsym.combinatorics.noncrossing` (NC partitions, Kreweras,
moment--cumulant, free sums / products), :mod:`~rmtsym.combinatorics.dyck`
(Dyck, Narayana, Fuss--Catalan), :mod:`~rmtsym.combinatorics.gram_pw17`
(outer-planar walk graphs), :mod:`~rmtsym.combinatorics.hanin_nica` (layered
path tuples), :mod:`~rmtsym.combinatorics.fisher_words` (Fisher word
expansion).  Layer 1: depends on :mod:`rmtsym.core` only; never imports numpy
(see ``docs/architecture.md``).
"""

from .noncrossing import *  # noqa: F401,F403
from .noncrossing import __all__ as _noncrossing_all
from .dyck import *  # noqa: F401,F403
from .dyck import __all__ as _dyck_all
from .gram_pw17 import *  # noqa: F401,F403
from .gram_pw17 import __all__ as _gram_pw17_all
from .hanin_nica import *  # noqa: F401,F403
from .hanin_nica import __all__ as _hanin_nica_all
from .fisher_words import *  # noqa: F401,F403
from .fisher_words import __all__ as _fisher_words_all

__all__ = (list(_noncrossing_all) + list(_dyck_all) + list(_gram_pw17_all) + list(_hanin_nica_all)
           + list(_fisher_words_all))
