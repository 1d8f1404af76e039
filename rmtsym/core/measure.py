r"""Probability measures with an algebraic Stieltjes transform.

An :class:`AlgebraicMeasure` is a probability measure :math:`\mu` whose
Stieltjes transform

.. math:: m(z) = \int \frac{\mu(dx)}{x - z} = -\sum_{k\ge 0} m_k z^{-k-1}

satisfies a polynomial equation :math:`P(m(z), z) = 0` with coefficients in
:math:`\mathbb{Z}[\text{params}]`.  It is stored exactly: the canonical
polynomial :math:`P` (the irreducible factor that carries the physical
branch, primitive, positive leading coefficient in lex order of
:math:`(m, z, \text{params})`) together with a moment series that singles out
the physical branch exactly (never numerically).

Conventions are those of ``docs/conventions.md``: Cauchy transform :math:`G = -m`;
R-transform :math:`G(R(w) + 1/w) = w`, :math:`R(w) = \sum_{k\ge1}\kappa_k
w^{k-1}`; :math:`\psi(u) = \sum_{k\ge1} m_k u^k`,
:math:`\chi = \psi^{\langle -1\rangle}`, :math:`S(w) = \chi(w)(1+w)/w`.

Internally everything is written in the moment variables
:math:`g(u) = \sum_k m_k u^k`, :math:`u = 1/z`, so that
:math:`m(z) = -u\, g(u)` and :math:`Q(g, u) = u^{\deg_z P} P(-u g, 1/u)`.
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Any

import sympy

from . import _flint
from . import series as _series
from . import numbers as _numbers
from .errors import NotAMeasureError, RmtsymError
from .types import Atom, ComplexPoints, ComplexResult, Interval, RealPoints, RealResult, SymExpr
from .protocol import numeric_backend

M, Z = sympy.symbols("m z")
R_SYM, W_SYM, S_SYM = sympy.symbols("r w s")

# exact non-rational constants (erf(1/sqrt(2)), sqrt(2), pi, ...) are carried
# through the kernel as symbols and substituted back on output; one symbol per value
_CONSTANTS: dict[Any, Any] = {}


def constant_symbol(value):
    """The internal symbol standing for the exact irrational constant ``value``."""
    value = sympy.sympify(value)
    if value not in _CONSTANTS:
        _CONSTANTS[value] = sympy.Symbol(f"_k{len(_CONSTANTS)}", real=True)
    return _CONSTANTS[value]


def lift_constants(expr):
    """Replace the irrational number atoms of ``expr`` by constant symbols.

    Returns ``(expr_with_symbols, {symbol: value})``.  Functions of numbers
    (erf(...), exp(...)), fractional powers of rationals and named constants
    (pi, E) are lifted; the rest of ``expr`` stays polynomial in them.

    Examples
    --------
    >>> e, consts = lift_constants(1 - sympy.erf(sympy.sqrt(2) / 2))
    >>> sorted(consts.values(), key=str)
    [erf(sqrt(2)/2)]
    """
    expr = sympy.sympify(expr)
    repl = {}
    for a in expr.atoms(sympy.Function, sympy.Pow, sympy.NumberSymbol):
        if a.is_number and not a.is_Rational and not (a.is_Pow and a.exp.is_Integer):
            repl[a] = constant_symbol(a)
    out = expr.xreplace(repl)
    used = {sym: val for val, sym in repl.items() if out.has(sym)}
    return out, used


# orders used to check that a selected factor really annihilates the series
_MIN_CHECK_ORDER = 12


def _total_degree_gu(f):
    names = f.context().names()
    ig, iu = names.index("g"), names.index("u")
    return max((mon[ig] + mon[iu] for mon in f.to_dict()), default=0)


def _strip_monomial_factors(f, varnames):
    """Divide ``f`` by the largest power of each variable in ``varnames`` dividing it."""
    ctx = f.context()
    names = ctx.names()
    d = f.to_dict()
    shift = [0] * len(names)
    for v in varnames:
        i = names.index(v)
        shift[i] = min(mon[i] for mon in d)
    if not any(shift):
        return f
    return ctx.from_dict({tuple(a - b for a, b in zip(mon, shift)): c for mon, c in d.items()})


def _rename(f, old, new):
    """Rename variable ``old`` to ``new`` (``new`` must not occur in ``f``)."""
    g = _flint.gens(f.context())
    return _flint.substitute(f, old, g[new], g["u"] ** 0)


def _to_gu(f, val, arg):
    """Rename the variables (val, arg) of ``f`` to (g, u)."""
    if val != "g":
        f = _rename(f, val, "g")
    if arg != "u":
        f = _rename(f, arg, "u")
    return f


def _select_factor(poly, val, to_gu, series_fn, params, what):
    """Pick the irreducible factor of ``poly`` that the series annihilates.

    ``to_gu(f)`` rewrites a factor in the series variables (g, u) so that the
    branch is g = sum_k a_k u^k; ``series_fn(n, R)`` returns a_0..a_{n-1} in
    the field of ring ``R``.  The choice is exact: two coprime curves meet a
    branch with multiplicity at most the product of their total degrees
    (Bezout), so checking the series to that order separates the factors.

    Returns ``(factor, rows, R, coefficients)``.
    """
    R = _series.ring(params)
    cands = [f for f in _flint.factors(poly) if _flint.degree(f, val) > 0]
    if not cands:
        raise NotAMeasureError(f"the {what} polynomial has no factor involving {val}")
    gu = [_strip_monomial_factors(to_gu(f), ["u"]) for f in cands]
    degs = sorted(_total_degree_gu(q) for q in gu)
    if len(cands) == 1:
        order = max(_MIN_CHECK_ORDER, 2 * degs[0] + 2)
    else:
        order = max(_MIN_CHECK_ORDER, degs[-2] * degs[-1] + 2)
    coeffs = series_fn(order, R)
    hits = []
    for f, q in zip(cands, gu):
        rows = _series.poly_in_g(q, R, params)
        if _series.check_root(rows, coeffs, R, order):
            hits.append((f, rows))
    if len(hits) != 1:
        raise NotAMeasureError(
            f"{len(hits)} factors of the {what} polynomial vanish on the series "
            f"(checked to order {order}); expected exactly one")
    f, rows = hits[0]
    return f, rows, R, coeffs


def _stieltjes_to_gu(f):
    """Q(g, u) = u^deg P(-u g, 1/u): P(m, z) in the moment variables."""
    g = _flint.gens(f.context())
    q = _flint.substitute(f, "m", -g["u"] * g["g"], g["u"] ** 0)
    return _flint.substitute(q, "z", g["u"] ** 0, g["u"])


# --- series conversions (free cumulants, S-transform) -----------------------

def cumulants_from_moments(g, R, n):
    """[kappa_1..kappa_n] from moments g = [m_0, m_1, ...] (needs n+1 moments).

    With H(u) = u g(u) = G(1/u): w / H^{<-1>}(w) = 1 + w R(w).
    """
    H = [R.zero] + list(g[: n + 1])
    Hinv = R.reversion(H, n + 2)
    B = R.inv(Hinv[1:], n + 1)
    return B[1 : n + 1]


def moments_from_cumulants(kappa, R, n):
    """[m_0..m_{n-1}] from free cumulants [kappa_1, ...] (needs n-1 cumulants)."""
    B = [R.one] + list(kappa[: n])
    B = B + [R.zero] * max(0, n + 1 - len(B))
    A = R.inv(B, n + 1)
    Hinv = [R.zero] + A
    H = R.reversion(Hinv, n + 1)
    return H[1 : n + 1]


def s_from_moments(g, R, n):
    """[S_0..S_{n-1}] of the S-transform from moments (needs n+1 moments, m_1 != 0)."""
    psi = [R.zero] + list(g[1 : n + 1])
    if not psi[1]:
        raise RmtsymError("the S-transform needs a non-zero mean (m_1 != 0)")
    chi = R.reversion(psi, n + 1)
    A = chi[1 : n + 1]
    return [A[k] + (A[k - 1] if k else R.zero) for k in range(n)]


def moments_from_s(S, R, n):
    """[m_0..m_{n-1}] from the S-transform series [S_0, ...] (S_0 != 0)."""
    A = R.mul(list(S[:n]), R.inv([R.one, R.one], n), n)
    chi = [R.zero] + A
    psi = R.reversion(chi, n)
    return [R.one] + psi[1:n]




def _exact_arg(value, name):
    """An exact real SymPy number or expression (the one conversion path, :mod:`rmtsym.core.numbers`).

    Floats are refused (they are not exact); text is parsed by the restricted
    parser (never evaluated).
    """
    return _numbers.to_expr(value, name, reserved=RESERVED_NAMES)


#: names of the kernel's own variables: never parameters of a law
RESERVED_NAMES = frozenset({"m", "z", "r", "w", "s", "g", "u"})


class AlgebraicMeasure:
    r"""A probability measure whose Stieltjes transform solves P(m, z) = 0.

    Build one with the named laws (:func:`rmtsym.semicircle`,
    :func:`rmtsym.marchenko_pastur`, :func:`rmtsym.atoms`, ...), with
    :func:`rmtsym.free_add` / :func:`rmtsym.free_mul`, or from a polynomial
    with :meth:`from_polynomial`.

    Parameters
    ----------
    candidate : sympy expression
        A polynomial in :data:`M`, :data:`Z` and the parameters that vanishes
        on the Stieltjes transform (it may be reducible; the factor carrying
        the physical branch is selected exactly).
    moment_series : callable
        ``moment_series(n, R)`` returns the first ``n`` moments as elements of
        the field of series ring ``R`` — an exact description of the branch.
    params : tuple of sympy.Symbol
        Free parameters.
    label : str
        Short human-readable name.
    nonnegative : bool or None
        Whether the support lies in [0, inf) (None: unknown).
    steps : list of dict
        Derivation steps ``{"title": ..., "latex": ...}`` for the exporter.
    constants : dict, optional
        ``{symbol: exact irrational value}`` for constants carried as symbols
        through the exact kernel (see :func:`lift_constants`); they are
        substituted back in every output.

    Examples
    --------
    >>> from rmtsym import marchenko_pastur
    >>> mu = marchenko_pastur(sympy.Rational(1, 2))
    >>> mu.stieltjes_polynomial().as_expr()
    m**2*z + 2*m*z - m + 2
    >>> mu.moments(3)
    [1, 1, 3/2, 11/4]
    """

    def __init__(self, candidate: Any, moment_series: Any, params: Any = (), label: str = "mu",
                 nonnegative: bool | None = None, steps: Any = None, latex_name: str | None = None, constants: Any = None,
                 constraints: Any = ()) -> None:
        self._constants = dict(constants or {})
        # (parameter description, expression, "positive" | "nonnegative" | "real"):
        # what the constructor required of a symbolic value, re-checked by subs()
        self.constraints = tuple(constraints)
        params = tuple(sorted(set(params) | set(self._constants), key=lambda s: s.name))
        self._params = params
        self.label = label
        self.latex_name = latex_name or r"\mu"
        self.nonnegative = nonnegative
        self.steps = list(steps or [])
        self._ctx = _flint.context(tuple(p.name for p in params))
        poly = candidate if not isinstance(candidate, sympy.Basic) else _flint.to_flint(candidate, self._ctx)
        if poly.context() is not self._ctx:
            raise RmtsymError("internal: polynomial context does not match params")
        if _flint.degree(poly, "m") <= 0:
            raise NotAMeasureError("the Stieltjes polynomial must involve m")
        self._moment_series = moment_series
        self._P, self._rows, self._R, coeffs = _select_factor(
            poly, "m", _stieltjes_to_gu, moment_series, params, "Stieltjes")
        if not coeffs or coeffs[0] != self._R.one:
            raise NotAMeasureError("total mass m_0 must be 1")
        self._cache = list(coeffs)

    @property
    def params(self) -> tuple[Any, ...]:
        """The free parameters (SymPy symbols) of the law."""
        return tuple(p for p in self._params if p not in self._constants)

    @property
    def constants(self) -> dict[Any, Any]:
        """Exact irrational constants carried as symbols: {symbol: value}."""
        return dict(self._constants)

    # --- constructors -------------------------------------------------------
    @classmethod
    def from_polynomial(cls, P: Any, moments: Any = None, label: str = "mu", nonnegative: bool | None = None,
                        steps: Any = None) -> AlgebraicMeasure:
        r"""Measure from a polynomial P(m, z) and, if needed, its first moments.

        Parameters
        ----------
        P : sympy expression or Poly
            Polynomial in ``m``, ``z`` (the symbols :data:`M`, :data:`Z`) and
            parameters, with rational coefficients.
        moments : list, optional
            First moments ``[1, m_1, ...]``; needed only when the branch
            ``m ~ -1/z`` is not simple (several branches behave like -1/z).
        label : str
            Name for printing.
        nonnegative : bool or None
            Known support in [0, inf).

        Raises
        ------
        NotAMeasureError
            If P has no branch m ~ -1/z, or its moments fail positivity.

        Examples
        --------
        >>> mu = AlgebraicMeasure.from_polynomial(M**2 + Z*M + 1)   # semicircle(1)
        >>> mu.moments(4)
        [1, 0, 1, 0, 2]
        >>> AlgebraicMeasure.from_polynomial(M + 2)
        Traceback (most recent call last):
        ...
        rmtsym.core.errors.NotAMeasureError: P(m, z) has no branch m(z) ~ -1/z at infinity: Q(g, 0) = 2 does not vanish at g = 1
        """
        if isinstance(P, sympy.Poly):
            P = P.as_expr()
        if isinstance(P, str):
            P = _numbers.parse_expression(
                P, "P", make_symbol=lambda n: {"m": M, "z": Z}.get(n) or sympy.Symbol(n, positive=True))
        elif not isinstance(P, sympy.Expr):
            raise RmtsymError(f"P must be a polynomial in m and z (SymPy expression or string), got "
                              f"{_numbers.shorten(P)}")
        params = tuple(sorted(P.free_symbols - {M, Z}, key=lambda s: s.name))
        ctx = _flint.context(tuple(p.name for p in params))
        poly = _flint.to_flint(P, ctx)
        q = _strip_monomial_factors(_stieltjes_to_gu(poly), ["u"])
        R = _series.ring(params)
        rows = _series.poly_in_g(q, R, params)
        prefix = [R.convert(x) for x in (moments or [1])]
        at0 = _series.evaluate([[r[0]] if r else [R.zero] for r in rows], prefix[:1], R, 1)[0]
        if at0:
            q0 = sympy.expand(sum(R.to_sympy(r[0]) * sympy.Symbol("g") ** j
                                  for j, r in enumerate(rows) if r))
            raise NotAMeasureError(
                "P(m, z) has no branch m(z) ~ -1/z at infinity: "
                f"Q(g, 0) = {q0} does not vanish at g = 1")

        def moment_series(n, RR, _rows=rows, _prefix=prefix):
            g = _series.newton_lift(_rows, _prefix, n, R)
            return [RR.convert(R.to_sympy(x)) for x in g] if RR is not R else g

        mu = cls(poly, moment_series, params, label=label, nonnegative=nonnegative,
                 steps=steps)
        mu._check_positivity()
        return mu

    def _check_positivity(self, order=3):
        """Hankel determinants of the moments must be >= 0 (numeric laws only)."""
        if self._params:
            return
        mom = self.moments(2 * order)
        for k in range(1, order + 1):
            H = sympy.Matrix(k + 1, k + 1, lambda i, j: mom[i + j])
            if H.det() < 0:
                raise NotAMeasureError(
                    f"the moments {mom} are not those of a probability measure "
                    f"(Hankel determinant of order {k + 1} is negative)")

    # --- exact data ---------------------------------------------------------
    def stieltjes_polynomial(self) -> sympy.Poly:
        """The canonical polynomial P(m, z) as a ``sympy.Poly`` in (m, z).

        Coefficients are in Z (or Z[params]); P is irreducible, primitive,
        with positive leading coefficient, so equal laws give ``==`` results.
        """
        return sympy.Poly(self._public(self._P), M, Z)

    # --- the exact sub-protocol (core.protocol.ExactMeasure) -----------------
    def kernel_polynomial(self) -> Any:
        """P(m, z) as a SymPy expression with the exact constants still symbols.

        Equal to :meth:`stieltjes_polynomial` when the law carries no
        irrational constants (:attr:`constants`); the numerics build rational
        surrogates of this kernel.

        Examples
        --------
        >>> from rmtsym import semicircle
        >>> semicircle(2).kernel_polynomial()
        2*m**2 + m*z + 1
        """
        return self._sympy(self._P)

    @functools.cached_property
    def numeric_cache(self) -> dict[Any, Any]:
        """A dict owned by this measure where the numeric layer keeps data derived from it
        (e.g. rational surrogate curves per precision tier); never keyed by ``id()``."""
        return {}

    @property
    def kernel_params(self) -> tuple[Any, ...]:
        """Symbols of the kernel: the free parameters and the constants' symbols."""
        return self._params

    @property
    def series_ring(self) -> Any:
        """The exact field (a series ring of :mod:`rmtsym.core.series`) of :meth:`moment_series`."""
        return self._R

    def moment_series(self, n: int, ring: Any = None) -> list[Any]:
        """The first ``n`` moments [m_0, ..., m_{n-1}] as exact field elements.

        Parameters
        ----------
        n : int
            Number of moments.
        ring : series ring, optional
            Convert into this ring (default: :attr:`series_ring`).

        Examples
        --------
        >>> from rmtsym import marchenko_pastur
        >>> mu = marchenko_pastur(2)
        >>> [mu.series_ring.to_sympy(x) for x in mu.moment_series(3)]
        [1, 1, 3]
        """
        try:
            n = operator.index(n)
        except TypeError:
            raise RmtsymError(f"n must be a non-negative integer, got {n!r}") from None
        if n < 0:
            raise RmtsymError(f"n must be a non-negative integer, got {n!r}")
        return self._series_in(n, self._R if ring is None else ring)

    def r_transform_kernel(self) -> Any:
        """The R-transform equation as a python-flint polynomial in (r, w) over the kernel context."""
        return self._r_flint()

    def s_transform_kernel(self) -> Any:
        """The S-transform equation as a python-flint polynomial in (s, w) over the kernel context."""
        return self._s_flint()

    def _sympy(self, f):
        symbols = {"m": M, "z": Z, "r": R_SYM, "w": W_SYM, "s": S_SYM}
        symbols.update({p.name: p for p in self._params})
        return _flint.to_sympy(f, symbols)

    def _public(self, f):
        """SymPy expression of a kernel polynomial with the constants substituted back."""
        e = self._sympy(f)
        return e.xreplace(self._constants) if self._constants else e

    def moments(self, n: int) -> list[SymExpr]:
        """Exact moments [m_0, m_1, ..., m_n].

        Computed by a Newton iteration on the power series of P (python-flint
        when the law has no parameters), starting from the exact branch data.

        Examples
        --------
        >>> from rmtsym import semicircle
        >>> semicircle(3).moments(6)
        [1, 0, 3, 0, 18, 0, 135]
        """
        n = self._check_order(n)
        if len(self._cache) < n + 1:
            self._cache = _series.newton_lift(self._rows, self._cache, n + 1, self._R)
        return [self._to_sympy_number(x) for x in self._cache[: n + 1]]

    def _moments_raw(self, n):
        """Moments [m_0..m_{n-1}] as field elements of the internal ring."""
        if len(self._cache) < n:
            self._cache = _series.newton_lift(self._rows, self._cache, n, self._R)
        return self._cache[:n]

    def _series_in(self, n, R):
        raw = self._moments_raw(n)
        if R is self._R or (type(R) is type(self._R) and R.K == self._R.K):
            return list(raw)
        return [R.convert(self._R.to_sympy(x)) for x in raw]

    def _to_sympy_number(self, x):
        v = self._R.to_sympy(x)
        if self._params:
            v = sympy.factor(v) if not v.is_polynomial(*self._params) else sympy.expand(v)
        if self._constants:
            v = sympy.expand(v.xreplace(self._constants))
        return v

    #: highest order of the exact series without / with symbolic parameters (without: the Newton
    #: lift runs on python-flint integer polynomials, 10 000 moments of MP(1/2)⊠MP(3/2) in ~6 s;
    #: benchmarks/bench_moments.py)
    MAX_ORDER = 10_000
    MAX_ORDER_SYMBOLIC = 100

    #: work budget of the exact series: n**2 * (digits of the largest coefficient of P)
    SERIES_BUDGET = 2 * 10**8

    def _coefficient_digits(self):
        if getattr(self, "_coeff_digits", None) is None:
            bits = max((int(c).bit_length() for c in self._P.to_dict().values()), default=1)
            self._coeff_digits = max(1, int(bits * 0.30103) + 1)
        return self._coeff_digits

    def _check_order(self, n):
        cap = self.MAX_ORDER_SYMBOLIC if self.params else self.MAX_ORDER
        why = "" if not self.params else " for a law with symbolic parameters (substitute numbers first)"
        try:
            n = _numbers.order(n, "order n", maximum=cap)
        except RmtsymError as exc:
            raise RmtsymError(f"{exc}{why}") from None
        d = self._coefficient_digits()
        if n * n * d > self.SERIES_BUDGET and n >= len(self._cache):
            top = int((self.SERIES_BUDGET / d) ** 0.5)
            label = self.label if len(self.label) <= 60 else self.label[:60] + "…"
            raise RmtsymError(f"order n = {n} is over the work budget of {label}: its equation "
                              f"has {d}-digit coefficients, so n <= {top} is allowed")
        return n

    def free_cumulants(self, n: int) -> list[Any]:
        """Exact free cumulants [kappa_1, ..., kappa_n].

        Examples
        --------
        >>> from rmtsym import marchenko_pastur
        >>> marchenko_pastur(sympy.Rational(1, 3), 2).free_cumulants(3)
        [2, 4/3, 8/9]
        """
        n = self._check_order(n)
        if n == 0:
            return []
        kap = cumulants_from_moments(self._moments_raw(n + 1), self._R, n)
        return [self._to_sympy_number(x) for x in kap]

    def r_transform_polynomial(self) -> Any:
        r"""Polynomial F(r, w) with F(R(w), w) = 0, R the R-transform.

        Obtained from P by the substitution m = -w, z = r + 1/w
        (G(R(w) + 1/w) = w with G = -m).

        Examples
        --------
        >>> from rmtsym import semicircle
        >>> semicircle(2).r_transform_polynomial().as_expr()
        r - 2*w
        """
        f = self._r_flint()
        return sympy.Poly(self._public(f), R_SYM, W_SYM)

    def _r_flint(self):
        if getattr(self, "_rpoly", None) is None:
            g = _flint.gens(self._ctx)
            f = _flint.substitute(self._P, "m", -g["w"], g["w"] ** 0)
            f = _flint.substitute(f, "z", g["r"] * g["w"] + 1, g["w"])
            f = _strip_monomial_factors(f, ["w"])

            def kap(n, R):
                return cumulants_from_moments(self._series_in(n + 1, R), R, n)

            self._rpoly = _select_factor(f, "r", lambda h: _to_gu(h, "r", "w"), kap,
                                         self._params, "R-transform")[0]
        return self._rpoly

    def s_transform_polynomial(self) -> Any:
        r"""Polynomial F(s, w) with F(S(w), w) = 0, S the S-transform.

        Obtained from P by m = -s w, z = (1 + w)/(s w) (on u = chi(w):
        m(1/u) = -u(1 + w)).  Needs a non-zero mean.

        Examples
        --------
        >>> from rmtsym import marchenko_pastur
        >>> marchenko_pastur(sympy.Rational(1, 2), 3).s_transform_polynomial().as_expr()
        3*s*w + 6*s - 2
        """
        f = self._s_flint()
        return sympy.Poly(self._public(f), S_SYM, W_SYM)

    def mean_is_zero(self) -> bool:
        """True if the first moment is (symbolically) zero."""
        return sympy.simplify(self.moments(1)[1]) == 0

    def _s_flint(self):
        if getattr(self, "_spoly", None) is None:
            if self.mean_is_zero():
                raise RmtsymError(
                    f"the S-transform of {self.label} is undefined: its mean is 0")
            g = _flint.gens(self._ctx)
            f = _flint.substitute(self._P, "m", -g["s"] * g["w"], g["w"] ** 0)
            f = _flint.substitute(f, "z", 1 + g["w"], g["s"] * g["w"])
            f = _strip_monomial_factors(f, ["s", "w"])

            def sser(n, R):
                return s_from_moments(self._series_in(n + 1, R), R, n)

            self._spoly = _select_factor(f, "s", lambda h: _to_gu(h, "s", "w"), sser,
                                         self._params, "S-transform")[0]
        return self._spoly

    # --- transformations ----------------------------------------------------
    def affine(self, a: Any, b: Any = 0) -> AlgebraicMeasure:
        r"""The law of a X + b for X ~ this measure.

        m_{aX+b}(z) = (1/a) m_X((z - b)/a), so P_new(m, z) = P(a m, (z - b)/a)
        with denominators cleared; moments by the binomial formula.

        Examples
        --------
        >>> from rmtsym import semicircle
        >>> semicircle(1).affine(2, 1).moments(3)
        [1, 1, 5, 13]
        """
        a = _exact_arg(a, "a")
        b = _exact_arg(b, "b")
        for v, nm in ((a, "a"), (b, "b")):
            if any(not t.is_Rational for t in v.atoms(sympy.Number)) or v.atoms(
                    sympy.NumberSymbol, sympy.Function) or any(
                    p.is_number and not p.exp.is_Integer for p in v.atoms(sympy.Pow)):
                raise RmtsymError(f"{nm} must be rational or a polynomial in the parameters, got "
                                  f"{_numbers.shorten(v)} (irrational constants are not "
                                  "supported by affine)")
        if a == 0:
            return AlgebraicMeasure.from_polynomial((b - Z) * M - 1, label=f"delta_{b}")
        params = tuple(set(self._params) | (a.free_symbols | b.free_symbols))
        ctx = _flint.context(tuple(sorted(p.name for p in params)))
        P = _flint.to_flint(self._sympy(self._P), ctx)
        an, ad = sympy.fraction(sympy.together(a))
        expr_num = lambda e: _flint.to_flint(e, ctx)
        g = _flint.gens(ctx)
        f = _flint.substitute(P, "m", expr_num(an) * g["m"], expr_num(ad))
        zb_num, zb_den = sympy.fraction(sympy.together((Z - b) * ad / an))
        f = _flint.substitute(f, "z", expr_num(zb_num), expr_num(zb_den))

        def series_fn(n, R, _a=a, _b=b):
            base = [self._R.to_sympy(x) for x in self._moments_raw(n)]
            out = []
            for k in range(n):
                out.append(sum(sympy.binomial(k, j) * _a**j * _b ** (k - j) * base[j]
                               for j in range(k + 1)))
            return [R.convert(x) for x in out]

        nonneg = None
        if self.nonnegative and (a > 0) == sympy.true and (b >= 0) == sympy.true:
            nonneg = True
        step = {"title": "Affine map",
                "latex": rf"m_{{aX+b}}(z) = \tfrac{{1}}{{a}}\, m_X\!\left(\tfrac{{z-b}}{{a}}\right),"
                         rf"\quad a = {sympy.latex(a)},\ b = {sympy.latex(b)}"}
        return AlgebraicMeasure(f, series_fn, params, label=f"{a}*{self.label}+{b}",
                                nonnegative=nonneg, steps=self.steps + [step],
                                constants=self._constants, constraints=self.constraints)

    def subs(self, mapping: Any) -> AlgebraicMeasure:
        """Substitute parameters (e.g. ``{c: Rational(1, 2)}``) and re-canonicalise.

        Examples
        --------
        >>> from rmtsym import marchenko_pastur
        >>> c = sympy.Symbol("c", positive=True)
        >>> marchenko_pastur(c).subs({c: 2}).moments(2)
        [1, 1, 3]
        """
        shown = self._check_subs(mapping)
        # irrational values (pi, sqrt(2)) travel through the kernel as constant symbols
        mapping, new_consts = {}, {}
        for k, v in shown.items():
            mapping[k], c = lift_constants(v)
            new_consts.update(c)
        P = self._sympy(self._P).subs(mapping)
        params = tuple(P.free_symbols - {M, Z}) + tuple(
            s for v in mapping.values() for s in v.free_symbols)
        params = tuple(sorted(set(params), key=lambda s: s.name))

        def series_fn(n, R):
            base = [self._R.to_sympy(x).subs(mapping) for x in self._moments_raw(n)]
            return [R.convert(sympy.cancel(x)) for x in base]

        label = self.label
        for k, v in shown.items():
            label = re.sub(rf"\b{re.escape(k.name)}\b", str(v), label)
        nonneg = self.nonnegative
        consts = {k: v for k, v in {**self._constants, **new_consts}.items() if k in params}
        left = tuple((d, e.subs(shown), kind) for d, e, kind in self.constraints
                     if e.subs(shown).free_symbols)
        return AlgebraicMeasure(sympy.expand(P), series_fn, params, label=label,
                                nonnegative=nonneg, steps=self.steps, constants=consts,
                                constraints=left)

    def _check_subs(self, mapping):
        """Resolve the keys of a ``subs`` mapping and validate the values like the constructors.

        Keys may be the parameter symbols or their names; values go through
        :func:`rmtsym.core.numbers.to_expr`; each value must satisfy the
        assumptions of its symbol (a positive symbol takes only values > 0) and
        every constraint the constructors recorded (``ratio > 0`` ...).
        """
        if not isinstance(mapping, dict):
            try:
                mapping = dict(mapping)
            except (TypeError, ValueError):
                raise RmtsymError(f"subs needs a dict {{parameter: value}}, got "
                                  f"{_numbers.shorten(mapping)}") from None
        by_name = {p.name: p for p in self.params}
        known = ", ".join(sorted(by_name)) or "none"
        out = {}
        for k, v in mapping.items():
            key = None
            if isinstance(k, str):
                key = by_name.get(k.strip())
            elif isinstance(k, sympy.Symbol):
                key = k if k in self.params else by_name.get(k.name)
            if key is None:
                raise RmtsymError(f"{_numbers.shorten(k)} is not a parameter of {self.label}; "
                                  f"its parameters are: {known}")
            out[key] = _numbers.to_expr(v, f"the value of {key.name}", reserved=RESERVED_NAMES)
        for desc, expr, kind in self.constraints:
            e = expr.subs(out)
            if e == expr:
                continue
            shown = ", ".join(f"{k.name} = {_numbers.shorten(v)}" for k, v in out.items()
                              if k in expr.free_symbols)
            try:
                {"positive": _numbers.positive, "nonnegative": _numbers.nonnegative,
                 "real": _numbers.to_expr}[kind](e, desc)
            except RmtsymError as exc:
                raise RmtsymError(f"{exc} (substituting {shown})") from None
        for key, val in out.items():
            what = f"the positive parameter {key.name}"
            if key.is_positive:
                _numbers.positive(val, what)
            elif key.is_nonnegative:
                _numbers.nonnegative(val, f"the non-negative parameter {key.name}")
        return out

    # --- numerics (implemented in rmtsym.numerics, see core.protocol) ---------
    def stieltjes(self, z: ComplexPoints, dps: int | None = 30) -> ComplexResult:
        """m(z) to ``dps`` digits on the physical branch (see :mod:`rmtsym.numerics`)."""
        return numeric_backend().stieltjes(self, z, dps=dps)

    def density(self, x: RealPoints, dps: int | None = 30) -> RealResult:
        """Density of the absolutely continuous part at x (or a grid of x)."""
        return numeric_backend().density(self, x, dps=dps)

    def support(self, dps: int | None = 30) -> list[Interval]:
        """Intervals of the absolutely continuous part."""
        return numeric_backend().support(self, dps=dps)

    def atoms(self, dps: int | None = 30) -> list[Atom]:
        """Atoms as a list of (location, mass)."""
        return numeric_backend().atoms(self, dps=dps)

    def cdf(self, x: RealPoints, dps: int | None = 30) -> RealResult:
        """Cumulative distribution function at x."""
        return numeric_backend().cdf(self, x, dps=dps)

    # --- printing -----------------------------------------------------------
    def equation_latex(self) -> str:
        """LaTeX of the equation P(m, z) = 0."""
        return sympy.latex(self.stieltjes_polynomial().as_expr()) + " = 0"

    def _latex(self, printer=None):
        return self.equation_latex()

    def _repr_latex_(self):
        return "$" + self.equation_latex() + "$"

    def __repr__(self):
        return f"AlgebraicMeasure({self.label}: {self.stieltjes_polynomial().as_expr()} = 0)"

    def __eq__(self, other):
        return (isinstance(other, AlgebraicMeasure)
                and self.params == other.params
                and self.stieltjes_polynomial() == other.stieltjes_polynomial()
                and self.moments(3) == other.moments(3))

    def __hash__(self):
        return hash(self.stieltjes_polynomial().as_expr())
