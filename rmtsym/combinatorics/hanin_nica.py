r"""The Hanin--Nica moments :math:`\mathbb E\|Mu\|^{2k}` as a sum over tuples
of paths in the layered graph of :math:`M=D_dW_d\cdots D_1W_1`
(seed ``003_74fd632a2d425fc1.txt``, Prop. 4), and the same expectation by
direct symbolic Gaussian/Bernoulli moment computation.  No numpy.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any
from fractions import Fraction

import networkx as nx
import sympy as sp

from ._common import _check_int, _sympify_list
from ..core.errors import RmtsymError
from ..core import numbers as _numbers

__all__ = [
    "layered_graph",
    "hanin_nica_moment",
    "hanin_nica_moment_direct",
]


# --------------------------------------------------------------------------
# Hanin--Nica: E ||D_d W_d ... D_1 W_1 u||^{2k}
# --------------------------------------------------------------------------

def layered_graph(n: int, d: int) -> nx.DiGraph:
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


def hanin_nica_moment(n: int, d: int, k: int, p: sp.Expr | int | str = sp.Rational(1, 2), u: Sequence[Any] | None = None,
                      method: str = "layers") -> sp.Expr:
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

    result: dict = {}
    if method == "layers":
        tuples = list(itertools.product(range(n), repeat=2 * k))
        state = {}
        for z in itertools.product(support, repeat=2 * k):
            w: Fraction | int = Fraction(1)
            for i in z:
                w *= u[i]
            state[z] = {0: w}
        trans = {}
        for l in range(1, d + 1):
            new: dict = {}
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
    paths_to: dict[int, list] = {j: [] for j in range(n)}
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


def hanin_nica_moment_direct(n: int, d: int, k: int, p: sp.Expr | int | str = sp.Rational(1, 2),
                             u: Sequence[Any] | None = None) -> sp.Expr:
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
