r"""Products of many large random matrices with Bernoulli masks (Hanin--Nica).

The model of seed ``003_74fd632a2d425fc1.txt`` (B. Hanin and M. Nica,
"Products of many large random matrices and gradients in deep neural
networks", Comm. Math. Phys. 376 (2020) 287--322, arXiv:1812.05994):

.. math:: M = D_d W_d \cdots D_1 W_1 ,

with :math:`W_l` of size :math:`n_l\times n_{l-1}`, entries
:math:`(W_l)_{ij} = \xi_{ij}/\sqrt{p\,n_{l-1}}`, :math:`\xi` i.i.d. from a
symmetric law of variance 1 and fourth moment :math:`\mu_4`, and
:math:`D_l` diagonal with i.i.d. Bernoulli(:math:`p`) entries, all
independent.  With this normalisation :math:`\mathbb E\|D_lW_lx\|^2 =
(n_l/n_{l-1})\|x\|^2`; at :math:`p=1/2` it is the He initialisation
:math:`\operatorname{Var} = 2/n_{l-1}` of a ReLU network, whose input--output
Jacobian has the law of :math:`M` (the paper's Proposition 2).

Theorem 1 (reconstructed; the extracted seed lost the formulas)
--------------------------------------------------------------
For a unit vector :math:`u`, :math:`X = \tfrac{n_0}{n_d}\|Mu\|^2` satisfies

.. math:: \log X \approx N\!\left(-\tfrac{\beta}{2},\ \beta\right),\qquad
   \beta = \Bigl(\frac3p-1\Bigr)\sum_{l=1}^d\frac1{n_l}
   + \frac{(\mu_4-3)\,\|u\|_4^4}{p\,n_1},

:math:`\mathbb E X^k = \exp\bigl(\tfrac{k(k-1)}2\beta + O(k^3\sum_l n_l^{-2})\bigr)`
(their eq. (6)), and the Kolmogorov--Smirnov distance of :math:`\log X` to
:math:`N(-\beta/2,\beta)` goes to 0 with the widths (their eq. (7)).  The
seed text confirms the structure: the mean is :math:`-\beta/2`, the law is
universal except for the fourth moment, which enters :math:`\beta` only at
the first layer ("for :math:`i>1` ... the term involving the fourth moment
will be of size :math:`O(n^{-2})`"), and for :math:`p=1`, Gaussian entries
and equal widths the chi-square representation gives
:math:`N(-d/n, 2d/n)`.  Our reconstruction of the constant
:math:`3/p-1` (5 for ReLU) and of the first-layer term is derived from the
one-layer variance :math:`\operatorname{Var}\|D W x\|^2/(\mathbb E)^2 =
((3+(\mu_4-3)\|x\|_4^4)/p-1)/n` and checked against the exact moments
(:meth:`MatrixProduct.norm_moment`) in ``tests/test_products.py``.

Exact routes at finite size
---------------------------
* ``"chi2"`` (Gaussian entries): by rotation invariance,
  :math:`\|Mu\|^2 \overset{d}{=} \prod_l \sigma_l^2\,\chi^2_{K_l}`,
  :math:`K_l\sim\mathrm{Bin}(n_l,p)`, all independent, so
  :math:`\mathbb E\|Mu\|^{2k}=\prod_l\sigma_l^{2k}\,\mathbb E\prod_{j<k}(K_l+2j)`.
* ``"partitions"`` (any law): the sum over :math:`2k`-tuples of paths grouped
  by which paths share a vertex in each layer.  With power sums
  :math:`P_m(x)=\sum_j x_j^{2m}`,
  :math:`\mathbb E\prod_r P_{a_r}(D W x) = \sum_\pi (n_l)_{|\pi|}\,p^{|\pi|}
  \prod_{B\in\pi} G_{a_B}(x)` over the set partitions :math:`\pi` of the
  factors (a block = the factors sharing an output neuron, :math:`a_B` the
  sum of its :math:`a_r`), where :math:`G_a(x)=\mathbb E(\sum_j w_jx_j)^{2a}
  = (2a)!\,[t^{2a}]\exp\bigl(\sum_m \kappa_{2m}\sigma^{2m}t^{2m}P_m(x)/(2m)!\bigr)`
  with the cumulants :math:`\kappa` of :math:`\xi`.  Layer by layer this is a
  linear map on the polynomials in :math:`P_1,\dots,P_k` of weight
  :math:`k` (one state per partition of :math:`k`), applied :math:`d` times
  to :math:`P_1^k` and evaluated at :math:`u`.
* ``"paths"``: :func:`rmtsym.combinatorics.hanin_nica.hanin_nica_moment`
  (explicit tuples of paths; equal widths, Gaussian entries, tiny sizes).

The log-norm (:meth:`MatrixProduct.log_norm_stats`) is
:math:`\sum_l[\log(2\sigma_l^2)+\log(\chi^2_{K_l}/2)]`; on :math:`K_l\ge1`,
:math:`\mathbb E\log(\chi^2_K/2)=\psi(K/2)` and
:math:`\operatorname{Var}=\psi'(K/2)`, so mean and variance are binomial
mixtures of digamma/trigamma values at half-integers (closed forms in
:math:`\gamma`, :math:`\log 2`, :math:`\pi^2`).  :math:`Mu=0` with
probability :math:`1-\prod_l(1-(1-p)^{n_l})>0`, where the log is
:math:`-\infty`; the statistics are conditional on :math:`Mu\ne0` (the
event is a product over layers, which stay independent under it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import functools
import math
from fractions import Fraction

import numpy as np
import sympy as sp

from ..core.errors import RmtsymError, require
from ..core.types import ExactInput, MpReal, SymExpr

__all__ = ["MatrixProduct", "ProductSample", "ENTRY_LAWS", "entry_moments"]

#: Named symmetric entry laws of variance 1 (the fourth moment in brackets):
#: gaussian (3), rademacher (1), uniform on [-√3, √3] (9/5), laplace (6).
#: A number μ4 >= 1 instead of a name is the symmetric three-point law
#: P(ξ = ±√μ4) = 1/(2μ4), P(ξ = 0) = 1 − 1/μ4, of fourth moment μ4.
ENTRY_LAWS = ("gaussian", "rademacher", "uniform", "laplace")


def _fr(x):
    x = sp.Rational(x)
    return Fraction(int(x.p), int(x.q))


def _check_entries(entries):
    if isinstance(entries, str):
        require(entries in ENTRY_LAWS,
                f"entries must be one of {ENTRY_LAWS} or a fourth moment >= 1, got {entries!r}")
        return entries
    try:
        v = sp.nsimplify(entries) if isinstance(entries, float) else sp.sympify(entries)
    except (sp.SympifyError, TypeError):
        raise RmtsymError(f"entries must be one of {ENTRY_LAWS} or a fourth moment >= 1, "
                          f"got {entries!r}") from None
    require(v.is_Rational and v >= 1,
            f"entries must be one of {ENTRY_LAWS} or a rational fourth moment >= 1, got {entries!r}")
    return v


def entry_moments(entries: Any, m: int) -> list[Any]:
    r"""Even moments :math:`\mathbb E\xi^{2j}`, ``j = 0..m``, of a variance-1 entry law.

    Parameters
    ----------
    entries : str or rational
        A name in :data:`ENTRY_LAWS` or a fourth moment :math:`\mu_4\ge1`
        (the symmetric three-point law with that fourth moment).
    m : int
        Highest order :math:`j`.

    Returns
    -------
    list of sympy.Rational

    Raises
    ------
    RmtsymError
        For an unknown law.

    Notes
    -----
    Gaussian :math:`(2j-1)!!`; Rademacher 1; uniform on
    :math:`[-\sqrt3,\sqrt3]`: :math:`3^j/(2j+1)`; Laplace of scale
    :math:`1/\sqrt2`: :math:`(2j)!/2^j`; three-point: :math:`\mu_4^{j-1}`.

    Examples
    --------
    >>> entry_moments("uniform", 2), entry_moments(4, 3)
    ([1, 1, 9/5], [1, 1, 4, 16])
    """
    entries = _check_entries(entries)
    out = []
    for j in range(m + 1):
        if j == 0:
            out.append(sp.Integer(1))
        elif entries == "gaussian":
            out.append(sp.factorial2(2 * j - 1))
        elif entries == "rademacher":
            out.append(sp.Integer(1))
        elif entries == "uniform":
            out.append(sp.Rational(3 ** j, 2 * j + 1))
        elif entries == "laplace":
            out.append(sp.factorial(2 * j) / sp.Integer(2) ** j)
        else:
            out.append(sp.Rational(entries) ** (j - 1))
    return out


def _even_cumulants(moments):
    """kappa_{2j} (j = 1..m) of a symmetric law from its even moments (Fractions)."""
    m = len(moments) - 1
    # moment-cumulant recursion m_n = sum_{i=1}^{n} C(n-1, i-1) kappa_i m_{n-i}
    full = [Fraction(0)] * (2 * m + 1)
    for j, v in enumerate(moments):
        full[2 * j] = _fr(v)
    kap = [Fraction(0)] * (2 * m + 1)
    for n in range(1, 2 * m + 1):
        s = full[n]
        for i in range(1, n):
            s -= math.comb(n - 1, i - 1) * kap[i] * full[n - i]
        kap[n] = s
    return [kap[2 * j] for j in range(1, m + 1)]


def _partitions(k, largest=None):
    """Integer partitions of k as descending tuples."""
    if largest is None:
        largest = k
    if k == 0:
        yield ()
        return
    for first in range(min(k, largest), 0, -1):
        for rest in _partitions(k - first, first):
            yield (first,) + rest


def _set_partitions(m):
    """Set partitions of range(m) as lists of lists."""
    if m == 0:
        yield []
        return
    for part in _set_partitions(m - 1):
        for i in range(len(part)):
            yield part[:i] + [part[i] + [m - 1]] + part[i + 1:]
        yield part + [[m - 1]]


def _mul(a, b):
    """Product of two polynomials in the power sums (dict: descending partition -> coefficient)."""
    out = {}
    for ka, va in a.items():
        for kb, vb in b.items():
            key = tuple(sorted(ka + kb, reverse=True))
            out[key] = out.get(key, 0) + va * vb
    return out


def _falling(n, r):
    out = 1
    for i in range(r):
        out *= n - i
    return out


@functools.lru_cache(maxsize=None)
def _g_poly(a, kappas, sigma2):
    r"""G_a = E(sum_j w_j x_j)^{2a} in power sums: {nu: coefficient}, w = sigma xi."""
    out = {}
    for nu in _partitions(a):
        c = Fraction(math.factorial(2 * a))
        mult = {}
        for part in nu:
            c *= kappas[part - 1] / math.factorial(2 * part)
            mult[part] = mult.get(part, 0) + 1
        if c == 0:
            continue
        for v in mult.values():
            c /= math.factorial(v)
        out[nu] = c * sigma2 ** a
    return out


@functools.lru_cache(maxsize=None)
def _layer_map(k, n_out, p, kappas, sigma2):
    """Linear map on weight-k power-sum monomials: state -> {state: coefficient}."""
    table = {}
    for lam in _partitions(k):
        res = {}
        for pi in _set_partitions(len(lam)):
            c = _falling(n_out, len(pi)) * p ** len(pi)
            if c == 0:
                continue
            poly = {(): Fraction(1)}
            for block in pi:
                poly = _mul(poly, _g_poly(sum(lam[r] for r in block), kappas, sigma2))
            for key, v in poly.items():
                res[key] = res.get(key, 0) + c * v
        table[lam] = {key: v for key, v in res.items() if v != 0}
    return table


@functools.lru_cache(maxsize=None)
def _chi2_layer(k, n, p, sigma2):
    """E (sigma^2 chi^2_K)^k with K ~ Bin(n, p), exactly (Fraction)."""
    total = Fraction(0)
    for K in range(n + 1):
        pmf = math.comb(n, K) * p ** K * (1 - p) ** (n - K)
        if pmf == 0:
            continue
        r = 1
        for j in range(k):
            r *= K + 2 * j
        total += pmf * r
    return total * sigma2 ** k


def _digamma_half(K):
    """psi(K/2) = -gamma + r + c*log 2 with (r, c) rational (K >= 1)."""
    if K % 2 == 0:
        j = K // 2
        return sum((Fraction(1, i) for i in range(1, j)), Fraction(0)), 0
    j = (K - 1) // 2
    return 2 * sum((Fraction(1, 2 * i - 1) for i in range(1, j + 1)), Fraction(0)), -2


def _trigamma_half(K):
    """psi'(K/2) = r + c*pi^2 with (r, c) rational (K >= 1)."""
    if K % 2 == 0:
        j = K // 2
        return -sum((Fraction(1, i * i) for i in range(1, j)), Fraction(0)), Fraction(1, 6)
    j = (K - 1) // 2
    return -4 * sum((Fraction(1, (2 * i - 1) ** 2) for i in range(1, j + 1)), Fraction(0)), Fraction(1, 2)


def _sym(f):
    return sp.Rational(f.numerator, f.denominator)


class MatrixProduct:
    r"""The product :math:`M = D_dW_d\cdots D_1W_1` of Hanin--Nica, applied to a unit vector.

    Parameters
    ----------
    widths : sequence of int
        :math:`n_0, n_1, \dots, n_d` (depth :math:`d = ` ``len(widths) - 1 >= 1``,
        every width >= 1).
    p : rational, optional
        Bernoulli parameter of the masks, :math:`0 < p \le 1` (default 1/2,
        the ReLU case).
    entries : str or rational, optional
        Law of :math:`\xi` (variance 1, symmetric): a name in
        :data:`ENTRY_LAWS` or a fourth moment :math:`\mu_4\ge1` (three-point
        law).  Default ``"gaussian"``.
    u : sequence or {"e1", "flat"}, optional
        The unit input vector: exact entries with :math:`\sum u_j^2 = 1`,
        ``"e1"`` (default, the most localised: :math:`\|u\|_4^4=1`) or
        ``"flat"`` (:math:`u_j = n_0^{-1/2}`, :math:`\|u\|_4^4 = 1/n_0`).

    Raises
    ------
    RmtsymError
        On a width or depth < 1, ``p`` outside (0, 1], an unknown entry law,
        or a ``u`` that is not a unit vector of length :math:`n_0`.

    Notes
    -----
    See the module docstring for the model, the normalisation
    :math:`\operatorname{Var}(W_l)_{ij} = 1/(p\,n_{l-1})` and the
    reconstructed Theorem 1.

    References
    ----------
    B. Hanin, M. Nica, "Products of many large random matrices and gradients
    in deep neural networks", Comm. Math. Phys. 376 (2020), Theorem 1 and
    Proposition 2; seed ``003_74fd632a2d425fc1.txt`` (formulas lost in
    extraction: eqs. (2), (5)--(7), (9), Prop. 2 and Prop. 4 are reconstructed
    from the paper's setting and checked here).

    Examples
    --------
    >>> mp = MatrixProduct([4, 6, 4], entries="rademacher")
    >>> mp.beta                      # 5 (1/6 + 1/4) + (1 - 3)/(6/2)
    17/12
    >>> MatrixProduct([4, 6], entries="rademacher").norm_moment(2)   # E (K/2)^2, K ~ Bin(6, 1/2)
    21/8
    """

    def __init__(self, widths: Sequence[int], p: ExactInput = sp.Rational(1, 2), entries: Any = "gaussian",
                 u: Any = "e1") -> None:
        try:
            ws = list(widths)
        except TypeError:
            raise RmtsymError(f"widths must be a sequence of integers >= 1, got {widths!r}") from None
        require(len(ws) >= 2, f"depth must be >= 1: widths needs n_0 and at least one more width, "
                              f"got {widths!r}")
        for i, w in enumerate(ws):
            require(isinstance(w, (int, np.integer, sp.Integer)) and not isinstance(w, bool) and int(w) >= 1,
                    f"widths[{i}] must be an integer >= 1, got {w!r}")
        self.widths = tuple(int(w) for w in ws)
        try:
            pv = sp.nsimplify(p) if isinstance(p, float) else sp.sympify(p)
        except (sp.SympifyError, TypeError):
            raise RmtsymError(f"p must be a rational number in (0, 1], got {p!r}") from None
        require(pv.is_Rational and 0 < pv <= 1, f"p must be a rational number in (0, 1], got {p!r}")
        self.p = pv
        self.entries = _check_entries(entries)
        n0 = self.widths[0]
        if isinstance(u, str):
            require(u in ("e1", "flat"), f"u must be 'e1', 'flat' or a unit vector, got {u!r}")
            self.u: Any = u
            self._u_powers: Any = (lambda m: sp.Integer(1)) if u == "e1" else \
                (lambda m: sp.Integer(n0) ** (1 - m))
        else:
            try:
                uu = [sp.sympify(x) for x in u]
            except (sp.SympifyError, TypeError):
                raise RmtsymError(f"u must be a unit vector of {n0} exact numbers, got {u!r}") from None
            require(len(uu) == n0, f"u must have length n_0 = {n0}, got {len(uu)}")
            sq = [sp.nsimplify(x ** 2) for x in uu]
            require(all(s.is_Rational for s in sq) and sum(sq) == 1,
                    f"u must be a unit vector with rational squares (sum 1), got {u!r}")
            self.u = tuple(uu)
            self._u_powers = lambda m, sq=tuple(sq): sum((s ** m for s in sq), sp.Integer(0))

    # ------------------------------------------------------------------ basics
    @classmethod
    def uniform(cls, n: int, depth: int, p: ExactInput = sp.Rational(1, 2), entries: Any = "gaussian", u: Any = "e1") -> MatrixProduct:
        """Equal widths: ``MatrixProduct([n] * (depth + 1), ...)`` (validates ``n`` and ``depth``)."""
        require(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1,
                f"n must be an integer >= 1, got {n!r}")
        require(isinstance(depth, (int, np.integer)) and not isinstance(depth, bool) and depth >= 1,
                f"depth must be an integer >= 1, got {depth!r}")
        return cls([int(n)] * (int(depth) + 1), p, entries, u)

    @property
    def depth(self) -> int:
        """d, the number of factors D_l W_l."""
        return len(self.widths) - 1

    @property
    def fourth_moment(self) -> sp.Expr:
        r""":math:`\mu_4=\mathbb E\xi^4` of the entry law."""
        return entry_moments(self.entries, 2)[2]

    def u_power_sum(self, m: int) -> sp.Expr:
        r""":math:`\sum_j u_j^{2m}` (exact); :math:`m=2` gives :math:`\|u\|_4^4`."""
        return self._u_powers(m)

    def variances(self) -> list[SymExpr]:
        r"""Entry variances :math:`\sigma_l^2 = 1/(p\,n_{l-1})`, l = 1..d (exact)."""
        return [1 / (self.p * n) for n in self.widths[:-1]]

    @property
    def beta(self) -> sp.Expr:
        r"""The leading-order parameter :math:`\beta` of Theorem 1 (exact).

        :math:`\beta = (3/p-1)\sum_{l=1}^d 1/n_l + (\mu_4-3)\|u\|_4^4/(p\,n_1)`.
        """
        p = self.p
        b = (3 / p - 1) * sum(sp.Rational(1, n) for n in self.widths[1:])
        return sp.nsimplify(b + (self.fourth_moment - 3) * self.u_power_sum(2) / (p * self.widths[1]))

    @property
    def mean_ratio(self) -> sp.Expr:
        r""":math:`\mathbb E\|Mu\|^2 = n_d/n_0` (exact)."""
        return sp.Rational(self.widths[-1], self.widths[0])

    def leading_stats(self) -> tuple[sp.Expr, sp.Expr]:
        r"""Leading-order (mean, variance) of :math:`\log\|Mu\|^2`: :math:`(\log(n_d/n_0)-\beta/2,\ \beta)`."""
        return sp.log(self.mean_ratio) - self.beta / 2, self.beta

    def __repr__(self):
        return (f"MatrixProduct(widths={list(self.widths)}, p={self.p}, entries={self.entries!r}, "
                f"u={self.u if isinstance(self.u, str) else list(self.u)!r})")

    def _latex(self, printer=None):
        return (r"M = D_{%d}W_{%d}\cdots D_1W_1,\ n = (%s),\ p = %s,\ "
                r"\log\|Mu\|^2 \approx N\!\left(\log\tfrac{n_d}{n_0}-\tfrac{\beta}{2},\beta\right),\ \beta = %s"
                % (self.depth, self.depth, ", ".join(map(str, self.widths)), sp.latex(self.p),
                   sp.latex(self.beta)))

    def _repr_latex_(self):
        return "$" + self._latex() + "$"

    # ---------------------------------------------------------------- moments
    def norm_moment(self, k: int, method: str = "auto") -> sp.Expr:
        r"""Exact :math:`\mathbb E\|Mu\|^{2k}` at finite widths.

        Parameters
        ----------
        k : int
            Order, ``k >= 0``.
        method : {"auto", "chi2", "partitions", "paths"}
            ``"chi2"``: chi-square products (Gaussian entries only);
            ``"partitions"``: layer transfer over coincidence patterns of the
            :math:`2k` paths (any entry law; one :math:`p(k)\times p(k)` exact
            transfer matrix per distinct layer shape, runs of equal layers by
            a matrix power, so the cost grows like :math:`\log d` for equal widths
            plus the growth of the exact rationals); ``"paths"``: explicit path tuples of
            :func:`rmtsym.combinatorics.hanin_nica.hanin_nica_moment` (equal
            widths, Gaussian entries, rational ``u``; exponential cost).
            ``"auto"`` is ``"chi2"`` for Gaussian entries, else ``"partitions"``.

        Returns
        -------
        sympy.Rational

        Raises
        ------
        RmtsymError
            For a bad ``k`` or ``method``, or a method that does not apply.

        Notes
        -----
        See the module docstring for the three routes; they are compared
        exactly in ``tests/test_products.py``.

        Examples
        --------
        >>> MatrixProduct([3, 5]).norm_moment(2)   # (2/3)^2 E K(K+2), K ~ Bin(5, 1/2)
        50/9
        """
        require(isinstance(k, (int, np.integer)) and not isinstance(k, bool) and k >= 0,
                f"k must be an integer >= 0, got {k!r}")
        k = int(k)
        require(method in ("auto", "chi2", "partitions", "paths"),
                f"method must be 'auto', 'chi2', 'partitions' or 'paths', got {method!r}")
        if method == "auto":
            method = "chi2" if self.entries == "gaussian" else "partitions"
        if k == 0:
            return sp.Integer(1)
        p = _fr(self.p)
        if method == "chi2":
            require(self.entries == "gaussian",
                    f"method 'chi2' needs Gaussian entries, got entries={self.entries!r}")
            out = Fraction(1)
            for n_in, n_out in zip(self.widths[:-1], self.widths[1:]):
                out *= _chi2_layer(k, n_out, p, 1 / (p * n_in))
            return _sym(out)
        if method == "paths":
            from ..combinatorics.hanin_nica import hanin_nica_moment
            require(len(set(self.widths)) == 1, "method 'paths' needs equal widths")
            require(self.entries == "gaussian", "method 'paths' needs Gaussian entries")
            n = self.widths[0]
            u = [1] + [0] * (n - 1) if self.u == "e1" else self.u
            require(not isinstance(u, str) and all(sp.sympify(x).is_Rational for x in u),
                    "method 'paths' needs a u with rational entries")
            # hanin_nica_moment uses Var = 2/n for every p; here Var = 1/(p n)
            return sp.nsimplify(hanin_nica_moment(n, self.depth, k, self.p, u=list(u))
                                / (2 * self.p) ** (self.depth * k))
        import flint
        kappas = tuple(_even_cumulants(entry_moments(self.entries, k)))
        basis = list(_partitions(k))
        index = {lam: i for i, lam in enumerate(basis)}
        P = len(basis)
        state = flint.fmpq_mat(1, P)
        state[0, index[(1,) * k]] = 1
        pairs = list(zip(self.widths[:-1], self.widths[1:]))[::-1]
        j = 0
        while j < len(pairs):              # runs of equal layers: one matrix power (exact, flint)
            run = 1
            while j + run < len(pairs) and pairs[j + run] == pairs[j]:
                run += 1
            n_in, n_out = pairs[j]
            table = _layer_map(k, n_out, p, kappas, 1 / (p * n_in))
            T = flint.fmpq_mat(P, P)
            for lam, row in table.items():
                for key, v in row.items():
                    T[index[lam], index[key]] = flint.fmpq(v.numerator, v.denominator)
            state = state * T ** run
            j += run
        total = sp.Integer(0)
        for lam in basis:
            c = state[0, index[lam]]
            if c == 0:
                continue
            term = sp.Rational(int(c.p), int(c.q))
            for part in lam:
                term *= self.u_power_sum(part)
            total += term
        return sp.nsimplify(total)

    # ------------------------------------------------------------- log-norm
    def prob_nonzero(self) -> sp.Expr:
        r""":math:`P(Mu\ne0)=\prod_l(1-(1-p)^{n_l})` (exact; Gaussian or any atomless law)."""
        out = sp.Integer(1)
        for n in self.widths[1:]:
            out *= 1 - (1 - self.p) ** n
        return out

    def log_norm_stats(self, dps: int | None = 30) -> tuple[SymExpr, SymExpr] | tuple[MpReal, MpReal]:
        r"""Exact mean and variance of :math:`\log\|Mu\|^2` given :math:`Mu\ne0` (Gaussian entries).

        Parameters
        ----------
        dps : int or None, optional
            Digits of the returned mpmath numbers (default 30); ``None``
            returns exact SymPy expressions (rationals, :math:`\gamma`,
            :math:`\log 2`, :math:`\log n_l`, :math:`\pi^2`).

        Returns
        -------
        (mean, variance)

        Raises
        ------
        RmtsymError
            For non-Gaussian entries (no exact representation) or a bad ``dps``.

        Notes
        -----
        :math:`\log\|Mu\|^2 = \sum_l \log(2\sigma_l^2) + \log(\chi^2_{K_l}/2)` with
        :math:`\mathbb E[\log(\chi^2_K/2)] = \psi(K/2)`, :math:`\operatorname{Var} =
        \psi'(K/2)`; conditioning on :math:`K_l\ge1`,
        mean :math:`= \sum_l \log(2\sigma_l^2) + \mathbb E[\psi(K_l/2)]`,
        variance :math:`= \sum_l \mathbb E[\psi'(K_l/2)] + \operatorname{Var}[\psi(K_l/2)]`.
        Half-integer values: :math:`\psi(j) = -\gamma + H_{j-1}`,
        :math:`\psi(j+\tfrac12) = -\gamma - 2\log2 + 2\sum_{i\le j}\frac1{2i-1}`,
        :math:`\psi'(j) = \frac{\pi^2}6 - \sum_{i<j}i^{-2}`,
        :math:`\psi'(j+\tfrac12) = \frac{\pi^2}2 - 4\sum_{i\le j}(2i-1)^{-2}`
        (DLMF 5.4.14, 5.4.15, 5.15.2--3).

        Examples
        --------
        >>> m, v = MatrixProduct([2, 2], p=1).log_norm_stats(dps=None)
        >>> m, v
        (-EulerGamma, pi**2/6)
        """
        require(self.entries == "gaussian",
                f"log_norm_stats is exact for Gaussian entries only, got entries={self.entries!r}")
        require(dps is None or (isinstance(dps, int) and dps >= 1),
                f"dps must be a positive integer or None, got {dps!r}")
        p = _fr(self.p)
        mean = sp.Integer(0)
        var = sp.Integer(0)
        g, L2, pi2 = sp.EulerGamma, sp.log(2), sp.pi ** 2
        for n_in, n_out in zip(self.widths[:-1], self.widths[1:]):
            z = 1 - (1 - p) ** n_out
            e_r = e_c = e_rr = e_rc = e_cc = t_r = t_c = Fraction(0)
            for K in range(1, n_out + 1):
                w = math.comb(n_out, K) * p ** K * (1 - p) ** (n_out - K) / z
                if w == 0:
                    continue
                r, c = _digamma_half(K)
                tr, tc = _trigamma_half(K)
                e_r += w * r
                e_c += w * c
                e_rr += w * r * r
                e_rc += w * r * c
                e_cc += w * c * c
                t_r += w * tr
                t_c += w * tc
            sigma2 = sp.Rational(1) / (self.p * n_in)
            mean += sp.log(2 * sigma2) - g + _sym(e_r) + _sym(e_c) * L2
            v_rr, v_rc, v_cc = e_rr - e_r ** 2, e_rc - e_r * e_c, e_cc - e_c ** 2
            var += _sym(t_r) + _sym(t_c) * pi2 + _sym(v_rr) + 2 * _sym(v_rc) * L2 + _sym(v_cc) * L2 ** 2
        mean, var = sp.expand(sp.expand_log(mean, force=True)), sp.expand(var)
        if dps is None:
            return mean, var
        import mpmath
        with mpmath.workdps(dps + 10):
            m = mpmath.mpf(sp.N(mean, dps + 10))
            v = mpmath.mpf(sp.N(var, dps + 10))
        with mpmath.workdps(dps):
            return +m, +v

    def _float_stats(self):
        """(mean, variance) of log||Mu||^2 given Mu != 0 in float (scipy digamma/trigamma)."""
        from scipy.special import gammaln, polygamma, psi
        p = float(self.p)
        mean = var = 0.0
        for n_in, n_out in zip(self.widths[:-1], self.widths[1:]):
            K = np.arange(1, n_out + 1, dtype=float)
            if p < 1:
                logpmf = (gammaln(n_out + 1) - gammaln(K + 1) - gammaln(n_out - K + 1)
                          + K * math.log(p) + (n_out - K) * math.log1p(-p))
                w = np.exp(logpmf)
                w /= w.sum()
            else:
                w = (K == n_out).astype(float)
            d0, d1 = psi(K / 2), polygamma(1, K / 2)
            e = float(w @ d0)
            mean += math.log(2.0 / (p * n_in)) + e
            var += float(w @ d1) + float(w @ (d0 - e) ** 2)
        return mean, var

    def log_norm_charfun(self, t: float | Sequence[float] | np.ndarray) -> np.ndarray:
        r"""Characteristic function of :math:`\log\|Mu\|^2` given :math:`Mu\ne0` (Gaussian entries, float).

        Parameters
        ----------
        t : array_like
            Real arguments.

        Returns
        -------
        numpy.ndarray (complex)
            :math:`\prod_l \mathbb E[(2\sigma_l^2)^{it}\Gamma(K_l/2+it)/\Gamma(K_l/2)\mid K_l\ge1]`.

        Raises
        ------
        RmtsymError
            For non-Gaussian entries.

        Examples
        --------
        >>> import numpy as np
        >>> abs(complex(MatrixProduct([4, 4]).log_norm_charfun(np.array([0.0]))[0]) - 1) < 1e-12
        True
        """
        require(self.entries == "gaussian", "log_norm_charfun needs Gaussian entries")
        from scipy.special import gammaln, loggamma
        t = np.atleast_1d(np.asarray(t, dtype=float))
        p = float(self.p)
        logphi = np.zeros(t.shape, dtype=complex)
        cache = {}
        for n_in, n_out in zip(self.widths[:-1], self.widths[1:]):
            key = (n_in, n_out)
            if key not in cache:
                K = np.arange(1, n_out + 1, dtype=float)
                logpmf = (gammaln(n_out + 1) - gammaln(K + 1) - gammaln(n_out - K + 1)
                          + K * math.log(p) + ((n_out - K) * math.log1p(-p) if p < 1 else 0.0))
                if p == 1:
                    logpmf = np.where(K == n_out, 0.0, -np.inf)
                z = -math.expm1(n_out * math.log1p(-p)) if p < 1 else 1.0
                w = np.exp(logpmf) / z
                keep = w > 1e-300
                K, w = K[keep], w[keep]
                lg = loggamma(K[None, :] / 2 + 1j * t[:, None]) - gammaln(K / 2)[None, :]
                layer = (np.exp(lg) * w[None, :]).sum(axis=1)
                cache[key] = np.log(layer) + 1j * t * math.log(2.0 / (p * n_in))
            logphi += cache[key]
        return np.exp(logphi)

    def log_norm_cdf(self, x: Any, nodes: int = 3000) -> Any:
        r"""Exact finite-size CDF of :math:`\log\|Mu\|^2` given :math:`Mu\ne0` (Gaussian entries, float).

        Gil-Pelaez inversion of :meth:`log_norm_charfun`
        (:func:`rmtsym.sampling.charfun.gil_pelaez_cdf`); about 1e-10 accurate
        (tested against sampled products and the moments).

        Parameters
        ----------
        x : array_like
        nodes : int, optional

        Returns
        -------
        numpy.ndarray

        Examples
        --------
        >>> import numpy as np
        >>> F = MatrixProduct([30, 30, 30]).log_norm_cdf([-50.0, 50.0])
        >>> [round(float(v), 8) for v in F]
        [0.0, 1.0]
        """
        from ..sampling.charfun import gil_pelaez_cdf
        require(self.entries == "gaussian", "log_norm_cdf needs Gaussian entries")
        m, v = self._float_stats()
        return gil_pelaez_cdf(self.log_norm_charfun, x, v, nodes=nodes, mean=m)

    def ks_to_gaussian(self, which: str = "leading", points: int = 801) -> float:
        r"""Kolmogorov distance of the exact law of :math:`\log\|Mu\|^2` to a Gaussian (Gaussian entries).

        Parameters
        ----------
        which : {"leading", "matched"}
            ``"leading"``: :math:`N(\log(n_d/n_0)-\beta/2,\beta)` of Theorem 1;
            ``"matched"``: the Gaussian with the exact finite-size mean and
            variance (shape error only).
        points : int, optional
            Grid points over mean ± 8 standard deviations.

        Returns
        -------
        float
            :math:`\sup_x|F(x)-\Phi(x)|` on the grid (spacing 0.02 sd).  The
            supremum is an interior extremum of the smooth :math:`F-\Phi`, so
            the grid error is :math:`O(h^2)`; 801 and 3201 points give the same
            value to 15 digits at (n, d) = (16, 8) and (256, 128).

        Examples
        --------
        >>> d1 = MatrixProduct.uniform(16, 8).ks_to_gaussian()
        >>> d2 = MatrixProduct.uniform(64, 32).ks_to_gaussian()
        >>> d2 < d1 / 2
        True
        """
        require(which in ("leading", "matched"), f"which must be 'leading' or 'matched', got {which!r}")
        from scipy.special import ndtr
        require(self.entries == "gaussian", "ks_to_gaussian needs Gaussian entries")
        m, v = self._float_stats()
        if which == "leading":
            mu, s2 = (float(x) for x in self.leading_stats())
        else:
            mu, s2 = m, v
        sd = math.sqrt(v)
        xs = np.linspace(m - 8 * sd, m + 8 * sd, points)
        F = self.log_norm_cdf(xs)
        return float(np.max(np.abs(F - ndtr((xs - mu) / math.sqrt(s2)))))

    # --------------------------------------------------------------- sampling
    def sample(self, samples: int, seed: int, batch: int = 64, network: bool = False, bias_variance: float = 0.1, jobs: int = 1) -> ProductSample:
        r"""Sample :math:`\log\|Mu\|^2` from real products (or real ReLU networks' Jacobians).

        Parameters
        ----------
        samples : int
            Number of batches (matrices products drawn: ``samples * batch``).
        seed : int
            Root seed (:func:`rmtsym.sampling.sample_spectra`).
        batch : int, optional
            Products drawn per sampler call (>= 2).
        network : bool, optional
            False: the product with Bernoulli masks (sampler
            ``"matrix_product"``); True: :math:`\log\|J u\|^2` for the
            input--output Jacobian :math:`J` of a ReLU network with these widths,
            weights :math:`\xi\sqrt{2/n_{l-1}}` and biases :math:`N(0,`
            ``bias_variance``:math:`)`, at a fixed input (sampler
            ``"relu_jacobian_norm"``; requires :math:`p=1/2`), Proposition 2.
        bias_variance : float, optional
        jobs : int, optional

        Returns
        -------
        ProductSample

        Examples
        --------
        >>> s = MatrixProduct([8, 8, 8]).sample(2, seed=1, batch=4)
        >>> s.values.shape
        (8,)
        """
        from ..sampling import sample_spectra
        params = {"widths": list(self.widths), "p": float(self.p),
                  "entries": self.entries if isinstance(self.entries, str) else float(self.entries),
                  "u": self.u if isinstance(self.u, str) else [float(x) for x in self.u]}
        if network:
            require(self.p == sp.Rational(1, 2), f"network=True needs p = 1/2 (ReLU), got p={self.p}")
            params.pop("p")
            params["bias_variance"] = float(bias_variance)
            name = "relu_jacobian_norm"
        else:
            name = "matrix_product"
        s = sample_spectra(name, batch, samples, seed, params, jobs=jobs)
        return ProductSample(self, s.eigenvalues.ravel(), s.record())


class ProductSample:
    r"""Sampled :math:`\log\|Mu\|^2` values with their reproducibility record.

    Attributes
    ----------
    model : MatrixProduct
    values : numpy.ndarray
        One value per product (``-inf`` when :math:`Mu=0`).
    record : dict
        Sampler, params, batch size, number of batches, seed.
    """

    def __init__(self, model: MatrixProduct, values: Any, record: dict[str, Any]) -> None:
        self.model = model
        self.values = np.asarray(values, dtype=float)
        self.record = dict(record)

    @property
    def finite(self) -> np.ndarray:
        """The values with :math:`Mu\\ne0` (the conditional sample)."""
        return self.values[np.isfinite(self.values)]

    def ks_statistic(self, cdf: Any, grid: int = 4001) -> float:
        """Kolmogorov--Smirnov statistic of the finite values against a CDF callable.

        With more than ``grid`` values the CDF is evaluated on ``grid`` equally
        spaced points over the sample range and interpolated linearly (error
        below h^2 max|F''|/8, about 1e-6 for the laws here).
        """
        x = np.sort(self.finite)
        if x.size > grid:
            xs = np.linspace(x[0], x[-1], grid)
            F = np.interp(x, xs, np.asarray(cdf(xs), dtype=float))
        else:
            F = np.asarray(cdf(x), dtype=float)
        n = x.size
        i = np.arange(1, n + 1)
        return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))

    def __repr__(self):
        return f"ProductSample({self.model!r}, {self.values.size} values, seed={self.record.get('seed')})"
