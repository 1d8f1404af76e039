r"""The named laws: semicircle, Marchenko–Pastur, finite atoms, free Poisson, Fuss–Catalan.

Each returns an :class:`~rmtsym.measure.AlgebraicMeasure` built from its
Stieltjes polynomial in the convention m(z) = ∫ μ(dx)/(x − z) of docs/conventions.md,
with the branch fixed by the closed-form moments.  Parameters may be exact
numbers (ints, Rationals, strings like ``"1/2"``) or SymPy symbols.
"""

from __future__ import annotations

import sympy

from ..core import numbers as _numbers
from ..core.errors import RmtsymError
from ..core.measure import AlgebraicMeasure, M, Z, lift_constants, RESERVED_NAMES


def _exact(value, name):
    """Convert ``value`` to an exact SymPy number or expression; floats are refused.

    The one conversion path of :mod:`rmtsym.core.numbers`: strings are parsed
    by the restricted parser (never ``sympify``), sizes are capped.
    """
    return _numbers.to_expr(value, name, reserved=RESERVED_NAMES)


def _positive(value, name):
    return _numbers.positive(value, name, reserved=RESERVED_NAMES)


def _lifted(*values):
    """Exact irrational constants (pi, sqrt(2), erf(1)) of ``values`` as kernel symbols.

    Returns ``(lifted values, {symbol: constant})`` for ``AlgebraicMeasure(constants=...)``.
    """
    consts, out = {}, []
    for v in values:
        w, c = lift_constants(v)
        consts.update(c)
        out.append(w)
    return out, consts


def _constraints(*items):
    """The (description, expression, kind) records of the symbolic values among ``items``."""
    return tuple((d, v, kind) for d, v, kind in items if getattr(v, "free_symbols", None))


#: most atoms of :func:`atoms` (the Stieltjes polynomial has degree = number of atoms in z)
MAX_ATOMS = 200

#: highest order L of :func:`fuss_catalan` (its equation has degree L + 1 in m)
MAX_FUSS_CATALAN_ORDER = 100


def _nonneg_series(fn):
    """Wrap a closed-form moment function k -> m_k into a series callable."""
    def series(n, R):
        return [R.convert(fn(k)) for k in range(n)]
    return series


def semicircle(variance: sympy.Expr | int | str = 1) -> AlgebraicMeasure:
    r"""Wigner's semicircle law of variance σ².

    Density :math:`\sqrt{4\sigma^2 - x^2}/(2\pi\sigma^2)` on
    :math:`[-2\sigma, 2\sigma]`; Stieltjes equation
    :math:`\sigma^2 m^2 + z m + 1 = 0`; moments :math:`m_{2k} = C_k \sigma^{2k}`;
    R-transform :math:`R(w) = \sigma^2 w`.

    Parameters
    ----------
    variance : positive exact number or Symbol
        σ², the second moment.

    Raises
    ------
    RmtsymError
        If the variance is not > 0.

    References
    ----------
    Kim (2020) survey, ``002_2c85d79b7db582c6.txt`` §2 (semicircle law).

    Examples
    --------
    >>> semicircle(2).moments(6)
    [1, 0, 2, 0, 8, 0, 40]
    >>> semicircle(2).stieltjes_polynomial().as_expr()
    2*m**2 + m*z + 1
    """
    v = _positive(variance, "variance")
    (vk,), consts = _lifted(v)

    def mom(k):
        return 0 if k % 2 else sympy.catalan(k // 2) * vk ** (k // 2)

    step = {"title": "Semicircle law",
            "latex": rf"\sigma^2 m^2 + z m + 1 = 0,\quad \sigma^2 = {sympy.latex(v)},"
                     r"\quad R(w) = \sigma^2 w"}
    return AlgebraicMeasure(vk * M**2 + Z * M + 1, _nonneg_series(mom), vk.free_symbols,
                            label=f"SC({v})", nonnegative=False, steps=[step], constants=consts,
                            constraints=_constraints(("variance", v, "positive")),
                            latex_name=rf"\mathrm{{SC}}({sympy.latex(v)})")


def narayana_moment(k: int, c: sympy.Expr, v: sympy.Expr) -> sympy.Expr:
    r"""m_k of MP(c, v): :math:`v^k \sum_{j=1}^k N(k, j) c^{j-1}`, N the Narayana numbers."""
    if k == 0:
        return sympy.Integer(1)
    return v**k * sum(sympy.binomial(k, j) * sympy.binomial(k, j - 1) / k * c ** (j - 1)
                      for j in range(1, k + 1))


def marchenko_pastur(ratio: sympy.Expr | int | str, variance: sympy.Expr | int | str = 1) -> AlgebraicMeasure:
    r"""Marchenko–Pastur law MP(c, σ²): the limit law of (1/n) X Xᵀ.

    X is p×n with i.i.d. entries of variance σ² and p/n → c.  Stieltjes
    equation :math:`c\sigma^2 z m^2 + (z - \sigma^2(1-c)) m + 1 = 0`;
    R-transform :math:`\sigma^2/(1 - c\sigma^2 w)`; S-transform
    :math:`1/(\sigma^2(1 + c w))`; moments are Narayana polynomials
    :math:`m_k = \sigma^{2k}\sum_j N(k,j) c^{j-1}`.  For c > 1 there is an
    atom of mass 1 − 1/c at 0.

    Parameters
    ----------
    ratio : positive exact number or Symbol
        c = p/n.
    variance : positive exact number or Symbol
        σ², the variance of the entries (= the mean of the law).

    Raises
    ------
    RmtsymError
        If ratio or variance is not > 0.

    References
    ----------
    ``docs/conventions.md`` (normalisation); Kim (2020) survey ``002_…`` §2;
    Liao (2023) course ``001_…`` (MP law of the sample covariance).

    Examples
    --------
    >>> c = sympy.Symbol("c", positive=True)
    >>> marchenko_pastur(c).moments(3)
    [1, 1, c + 1, c**2 + 3*c + 1]
    """
    c0 = _positive(ratio, "ratio")
    v0 = _positive(variance, "variance")
    (c, v), consts = _lifted(c0, v0)
    P = c * v * Z * M**2 + (Z - v * (1 - c)) * M + 1
    step = {"title": "Marchenko--Pastur law",
            "latex": rf"c\sigma^2 z m^2 + (z - \sigma^2(1-c)) m + 1 = 0,\quad c = {sympy.latex(c0)},"
                     rf"\ \sigma^2 = {sympy.latex(v0)},\quad S(w) = \frac{{1}}{{\sigma^2(1 + c w)}}"}
    ck, vk, c, v = c, v, c0, v0
    return AlgebraicMeasure(P, _nonneg_series(lambda k: narayana_moment(k, ck, vk)),
                            ck.free_symbols | vk.free_symbols,
                            label=f"MP({c},{v})" if v != 1 else f"MP({c})",
                            nonnegative=True, steps=[step], constants=consts,
                            constraints=_constraints(("ratio", c, "positive"),
                                                     ("variance", v, "positive")),
                            latex_name=rf"\mathrm{{MP}}({sympy.latex(c)}, {sympy.latex(v)})")


class Dirac(sympy.Function):
    r"""The point mass :math:`\delta_x` as a SymPy function, so that laws print with ``sympy.latex``.

    ``sympy.latex((1 - p) * Dirac(0) + p * Dirac(1))`` brackets the weights
    correctly: :math:`\left(1 - p\right) \delta_{0} + p \delta_{1}`.
    """

    nargs = 1

    def _latex(self, printer):
        return r"\delta_{" + printer._print(self.args[0]) + "}"


def atoms_expression(weights: dict) -> sympy.Expr:
    r"""The SymPy expression :math:`\sum_i w_i \delta_{x_i}` of ``{x_i: w_i}``.

    Examples
    --------
    >>> p = sympy.Symbol("p_2", positive=True)
    >>> sympy.latex(atoms_expression({0: 1 - p, 1: p}))
    'p_{2} \\delta_{1} + \\left(1 - p_{2}\\right) \\delta_{0}'
    """
    return sympy.Add(*[w * Dirac(x) for x, w in weights.items()])


def atoms(weights: dict) -> AlgebraicMeasure:
    r"""A finite discrete law :math:`\sum_i w_i \delta_{x_i}`.

    Stieltjes transform :math:`m(z) = \sum_i w_i/(x_i - z)`, so
    :math:`P = \prod_i (x_i - z)\, m - \sum_i w_i \prod_{j\ne i}(x_j - z)`.
    The Bernoulli law of a ReLU mask is ``atoms({0: 1/2, 1: 1/2})``.

    Parameters
    ----------
    weights : dict
        ``{location: weight}``; weights exact, ≥ 0, summing to 1; locations
        exact reals (or Symbols).

    Raises
    ------
    RmtsymError
        If the dict is empty, a weight is negative, or they do not sum to 1.

    Examples
    --------
    >>> half = sympy.Rational(1, 2)
    >>> atoms({0: half, 3: half}).moments(3)
    [1, 3/2, 9/2, 27/2]
    """
    if not isinstance(weights, dict) or not weights:
        raise RmtsymError(f"weights must be a non-empty dict {{location: weight}}, got "
                          f"{_numbers.shorten(weights)}")
    if len(weights) > MAX_ATOMS:
        raise RmtsymError(f"weights: at most {MAX_ATOMS} atoms are allowed, got {len(weights)}")
    merged: dict = {}
    for loc, w in weights.items():
        x = _exact(loc, "location")
        where = f"weight at {_numbers.shorten(x, 30)}"
        p = _exact(w, where)
        try:
            _numbers.nonnegative(p, where)
        except RmtsymError as exc:
            raise RmtsymError(f"weights must be >= 0: {exc}") from None
        merged[x] = merged.get(x, 0) + p
    total = sympy.nsimplify(sympy.simplify(sum(merged.values())))
    if sympy.simplify(total - 1) != 0:
        raise RmtsymError(f"weights must sum to 1, they sum to {total}")
    merged = {x: p for x, p in merged.items() if p != 0}
    # exact irrational weights/locations (e.g. erf(1/sqrt(2))) travel as symbols
    consts: dict = {}
    lifted: dict = {}
    for x, p in merged.items():
        (x2, cx), (p2, cp) = lift_constants(x), lift_constants(p)
        consts.update(cx)
        consts.update(cp)
        lifted[x2] = lifted.get(x2, 0) + p2
    shown = merged
    merged = lifted
    locs = list(merged)
    prod_all = sympy.Mul(*[(x - Z) for x in locs])
    P = prod_all * M - sum(merged[x] * sympy.Mul(*[(y - Z) for y in locs if y != x]) for x in locs)
    params = set().union(*[x.free_symbols | p.free_symbols for x, p in merged.items()])
    nonneg: bool | None = all((x >= 0) == sympy.true for x in shown) or None
    if nonneg is None and all((x < 0) == sympy.true for x in shown):
        nonneg = False

    def mom(k):
        return sum(p * x**k for x, p in merged.items())

    law_expr = atoms_expression(shown)
    body = sympy.latex(law_expr)
    step = {"title": "Discrete law", "latex": rf"\mu = {body},\quad m(z) = \sum_i \frac{{w_i}}{{x_i - z}}"}
    label = "atoms(" + ", ".join(f"{x}:{p}" for x, p in shown.items()) + ")"
    return AlgebraicMeasure(sympy.expand(P), _nonneg_series(mom), params, label=label,
                            nonnegative=nonneg, steps=[step], latex_name=body, constants=consts,
                            constraints=_constraints(*[(f"weight at {x}", p, "nonnegative")
                                                       for x, p in shown.items()]))


def point_mass(location: sympy.Expr | int | str) -> AlgebraicMeasure:
    """The Dirac law at ``location``.

    Examples
    --------
    >>> point_mass(3).moments(2)
    [1, 3, 9]
    """
    return atoms({location: 1})


def free_poisson(rate: sympy.Expr | int | str, jump: sympy.Expr | int | str = 1) -> AlgebraicMeasure:
    r"""Free Poisson law of rate λ and jump size α: R(w) = λα/(1 − αw).

    Its free cumulants are :math:`\kappa_k = \lambda\alpha^k`; it equals
    ``marchenko_pastur(1/λ, λα)``.  Its moments are computed here from the
    cumulants by the free moment–cumulant relation (a route independent of
    the Narayana formula).

    Parameters
    ----------
    rate : positive exact number or Symbol
        λ.
    jump : positive exact number or Symbol
        α.

    Examples
    --------
    >>> free_poisson(2, 3).moments(2)
    [1, 6, 54]
    """
    from ..core.measure import moments_from_cumulants
    lam0 = _positive(rate, "rate")
    a0 = _positive(jump, "jump")
    (lam, a), consts = _lifted(lam0, a0)
    P = a * Z * M**2 + (Z - lam * a + a) * M + 1

    def series(n, R, lam=lam, a=a):     # the lifted values (bound now)
        kap = [R.convert(lam * a**k) for k in range(1, n + 1)]
        return moments_from_cumulants(kap, R, n)

    step = {"title": "Free Poisson law",
            "latex": rf"R(w) = \frac{{\lambda\alpha}}{{1 - \alpha w}},\ \lambda = {sympy.latex(lam0)},"
                     rf"\ \alpha = {sympy.latex(a0)}"}
    params, lam, a = lam.free_symbols | a.free_symbols, lam0, a0
    return AlgebraicMeasure(P, series, params, constants=consts,
                            label=f"FreePoisson({lam},{a})", nonnegative=True, steps=[step],
                            constraints=_constraints(("rate", lam, "positive"),
                                                     ("jump", a, "positive")))


def fuss_catalan(order: int, variance: sympy.Expr | int | str = 1) -> AlgebraicMeasure:
    r"""The Fuss–Catalan law of order L: the limit law of a product of L Wishart matrices.

    Moments :math:`\sigma^{2Lk}\binom{(L+1)k}{k}/(Lk+1)`; with
    :math:`B(u) = \sum_k m_k u^k` one has :math:`B = 1 + \sigma^{2L} u B^{L+1}`,
    i.e. :math:`(-1)^{L+1}\sigma^{2L} z^L m^{L+1} + z m + 1 = 0`.  Equal to
    the L-fold free product of MP(1, σ²).

    Parameters
    ----------
    order : int >= 1
        L.
    variance : positive exact number or Symbol
        σ² of each factor.

    Examples
    --------
    >>> fuss_catalan(2).moments(4)
    [1, 1, 3, 12, 55]
    """
    L = _numbers.integer(order, "order", minimum=1, maximum=MAX_FUSS_CATALAN_ORDER)
    v0 = _positive(variance, "variance")
    (v,), consts = _lifted(v0)
    vl = v**L
    P = (-1) ** (L + 1) * vl * Z**L * M ** (L + 1) + Z * M + 1

    def mom(k):
        return vl**k * sympy.binomial((L + 1) * k, k) / (L * k + 1)

    step = {"title": f"Fuss--Catalan law of order {L}",
            "latex": rf"m_k = \sigma^{{2{L}k}}\frac{{1}}{{{L}k+1}}\binom{{{L + 1}k}}{{k}}"}
    return AlgebraicMeasure(P, _nonneg_series(mom), v.free_symbols, label=f"FC{L}",
                            nonnegative=True, steps=[step], constants=consts,
                            constraints=_constraints(("variance", v0, "positive")))
