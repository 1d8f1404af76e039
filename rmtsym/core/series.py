"""Truncated power series over an exact field, with two interchangeable backends.

A series is a Python list ``[a_0, a_1, ..., a_{n-1}]`` of field elements
meaning ``a_0 + a_1 u + ... + O(u^n)``.  The field is either

* ``QQ`` without parameters — backed by python-flint's ``fmpq_series``
  (fast: thousands of terms of exact rationals), or
* a SymPy domain such as ``QQ.frac_field(c)`` for symbolic parameters —
  backed by plain lists and schoolbook arithmetic (used for small orders).

Both backends implement the same operations, so a result computed over QQ
by flint can be checked against the generic backend (the tests do this).
"""

import math
from contextlib import contextmanager

import flint
import sympy
from sympy.polys.domains import QQ

from .errors import RmtsymError


class _Ring:
    """Operations shared by both backends (built on their ``mul``)."""

    def compose(self, a, b, n):
        """a(b(x)) mod x^n, b_0 = 0 (Horner)."""
        out = [self.zero] * n
        for coef in reversed(a[:n]):
            out = self.mul(out, b, n)
            out[0] += coef
        return out


class _GenericRing(_Ring):
    """Series over a SymPy domain ``K`` (schoolbook arithmetic)."""

    def __init__(self, K):
        self.K = K
        self.zero = K.zero
        self.one = K.one

    def convert(self, x):
        """SymPy number or expression -> field element."""
        return self.K.from_sympy(sympy.sympify(x))

    def to_sympy(self, a):
        return self.K.to_sympy(a)

    def mul(self, a, b, n):
        out = [self.zero] * n
        for i, ai in enumerate(a[:n]):
            if not ai:
                continue
            for j, bj in enumerate(b[: n - i]):
                if bj:
                    out[i + j] += ai * bj
        return out

    def inv(self, a, n):
        if not a or not a[0]:
            raise RmtsymError("series inverse needs a non-zero constant term")
        inv0 = self.one / a[0]
        out = [inv0] + [self.zero] * (n - 1)
        for k in range(1, n):
            acc = self.zero
            for j in range(1, min(k, len(a) - 1) + 1):
                acc += a[j] * out[k - j]
            out[k] = -acc * inv0
        return out

    def reversion(self, a, n):
        """Compositional inverse b of a (a_0 = 0, a_1 != 0): a(b(x)) = x."""
        if len(a) < 2 or a[0] or not a[1]:
            raise RmtsymError("series reversion needs a_0 = 0 and a_1 != 0")
        # Newton-free: solve a(b) = x term by term.  b = x/a_1 + ...
        b = [self.zero, self.one / a[1]] + [self.zero] * (n - 2)
        for k in range(2, n):
            # coefficient of x^k in a(b) with b_k unknown: a_1 b_k + rest
            comp = self.compose(a, b[:k] + [self.zero] * (n - k), k + 1)
            b[k] = -comp[k] / a[1]
        return b[:n]



class NumberRing(_GenericRing):
    """Series over plain numbers: mpmath ``mpf``/``mpc``, Python numbers or SymPy expressions.

    The same schoolbook arithmetic as the exact rings, so the moment ↔
    cumulant ↔ S-transform conversions of :mod:`rmtsym.core.measure` serve
    the numeric layers too (one implementation of each).  ``norm`` is
    applied to every coefficient produced (e.g. ``sympy.expand`` keeps
    symbolic coefficients small).

    Examples
    --------
    >>> import mpmath
    >>> R = NumberRing(mpmath.mpf(0), mpmath.mpf(1))
    >>> R.reversion([0, 1, 1], 4)            # w + w^2 -> w - w^2 + 2 w^3
    [mpf('0.0'), mpf('1.0'), mpf('-1.0'), mpf('2.0')]
    """

    def __init__(self, zero=0, one=1, norm=None):
        self.K = None
        self.zero = zero
        self.one = one
        self._norm = norm

    def convert(self, x):
        return x

    def to_sympy(self, a):
        return sympy.sympify(a)

    def _n(self, seq):
        return seq if self._norm is None else [self._norm(v) for v in seq]

    def mul(self, a, b, n):
        return self._n(super().mul(a, b, n))

    def inv(self, a, n):
        if not a or a[0] == 0:
            raise RmtsymError("series inverse needs a non-zero constant term")
        inv0 = self.one / a[0]
        out = [inv0] + [self.zero] * (n - 1)
        for k in range(1, n):
            acc = self.zero
            for j in range(1, min(k, len(a) - 1) + 1):
                acc += a[j] * out[k - j]
            out[k] = -acc * inv0 if self._norm is None else self._norm(-acc * inv0)
        return out

    def reversion(self, a, n):
        if len(a) < 2 or a[0] != 0 or a[1] == 0:
            raise RmtsymError("series reversion needs a_0 = 0 and a_1 != 0")
        b = [self.zero, self.one / a[1]] + [self.zero] * (n - 2)
        for k in range(2, n):
            comp = self.compose(a, b[:k] + [self.zero] * (n - k), k + 1)
            b[k] = -comp[k] / a[1] if self._norm is None else self._norm(-comp[k] / a[1])
        return b[:n]


@contextmanager
def _flint_cap(n):
    """Scoped precision cap for flint series (flint keeps it in a global)."""
    old = flint.ctx.cap
    flint.ctx.cap = max(int(n), 1)
    try:
        yield
    finally:
        flint.ctx.cap = old


class _FlintRing(_Ring):
    """Series over QQ backed by python-flint ``fmpq_series``."""

    K = QQ

    def __init__(self):
        self.zero = flint.fmpq(0)
        self.one = flint.fmpq(1)

    def convert(self, x):
        x = sympy.Rational(x)
        return flint.fmpq(int(x.p), int(x.q))

    def to_sympy(self, a):
        return sympy.Rational(int(a.p), int(a.q))

    @staticmethod
    def _s(a, n):
        return flint.fmpq_series(list(a[:n]), prec=n)

    def _list(self, s, n):
        c = list(s.coeffs())[:n]
        return c + [self.zero] * (n - len(c))

    def mul(self, a, b, n):
        with _flint_cap(n):
            return self._list(self._s(a, n) * self._s(b, n), n)

    def inv(self, a, n):
        if not a or a[0] == 0:
            raise RmtsymError("series inverse needs a non-zero constant term")
        with _flint_cap(n):
            return self._list(1 / self._s(a, n), n)

    def reversion(self, a, n):
        if len(a) < 2 or a[0] != 0 or a[1] == 0:
            raise RmtsymError("series reversion needs a_0 = 0 and a_1 != 0")
        with _flint_cap(n):
            return self._list(self._s(a, n).reversion(), n)



def ring(params=(), backend=None):
    """Return the series ring for the given parameter symbols.

    ``backend`` is ``"flint"`` (only without parameters), ``"generic"``, or
    ``None`` for the fastest available.
    """
    if params:
        if backend == "flint":
            raise RmtsymError("backend='flint' supports only parameter-free series")
        return _GenericRing(QQ.frac_field(*params))
    if backend == "generic":
        return _GenericRing(QQ)
    if backend in (None, "flint"):
        return _FlintRing()
    raise RmtsymError(f"backend must be 'flint', 'generic' or None, got {backend!r}")


def add(a, b):
    n = min(len(a), len(b))
    return [a[i] + b[i] for i in range(n)]


def sub(a, b):
    n = min(len(a), len(b))
    return [a[i] - b[i] for i in range(n)]


def valuation(a):
    """Index of the first non-zero coefficient (len(a) if all vanish)."""
    for i, x in enumerate(a):
        if x:
            return i
    return len(a)


# --- polynomials Q(g, u) evaluated on series -------------------------------

def poly_in_g(Q, R, params):
    """Split a flint polynomial Q in (g, u, params) as [[c_ij]]: Q = sum_j (sum_i c_ij u^i) g^j.

    Coefficients are converted to field elements of the ring ``R``.
    """
    ctx = Q.context()
    names = ctx.names()
    ig, iu = names.index("g"), names.index("u")
    pidx = [names.index(p.name) for p in params]
    table = {}
    for mon, c in Q.to_dict().items():
        if any(mon[k] for k in range(len(names)) if k not in (ig, iu) and k not in pidx):
            raise RmtsymError("internal: polynomial has variables other than g, u, params")
        key = (mon[ig], mon[iu])
        term = sympy.Integer(int(c))
        for p, k in zip(params, pidx):
            if mon[k]:
                term *= p**mon[k]
        table[key] = table.get(key, 0) + term
    dg = max(j for j, _ in table) if table else 0
    du = max(i for _, i in table) if table else 0
    rows = [[R.zero] * (du + 1) for _ in range(dg + 1)]
    for (j, i), v in table.items():
        rows[j][i] = R.convert(v)
    return rows


def evaluate(rows, g, R, n):
    """Q(g(u), u) mod u^n for Q given by :func:`poly_in_g` rows (Horner in g)."""
    out = [R.zero] * n
    for row in reversed(rows):
        out = R.mul(out, g, n)
        for i, c in enumerate(row[:n]):
            out[i] += c
    return out


def derivative_rows(rows):
    """Rows of dQ/dg."""
    return [[c * j for c in rows[j]] for j in range(1, len(rows))] or [[]]


def newton_lift(rows, prefix, n, R):
    """Extend the series root g of Q(g, u) = 0 from ``prefix`` to n terms.

    ``prefix`` must be correct and longer than v, the valuation of
    dQ/dg(g(u), u); then each Newton step g <- g - Q(g)/Q_g(g) (both divided
    by u^v) raises the number of correct terms from K to 2K - v.

    Over QQ (the flint ring) the lift runs on python-flint polynomials
    without per-coefficient Python work: on ``fmpz_poly`` after an integral
    rescaling when the branch is simple (v = 0, integral Q and g_0, the
    usual case of a moment series), else on ``fmpq_poly``; see
    :func:`_lift_integral` and :func:`_lift_fmpq`.

    Raises :class:`RmtsymError` if the prefix does not determine the branch.
    """
    if isinstance(R, _FlintRing):
        return _lift_flint(rows, prefix, n)
    drows = derivative_rows(rows)
    g = list(prefix[:n]) + [R.zero] * max(0, n - len(prefix))
    K = min(len(prefix), n)
    if K >= n:
        return g[:n]
    dq = evaluate(drows, g, R, K)
    v = valuation(dq)
    if v >= K:
        raise RmtsymError(
            "the known moments do not determine the branch: more are needed "
            f"(valuation of dP/dm along the branch is >= {K})")
    while K < n:
        K2 = min(2 * K - v, n)
        prec = K2 + v
        gg = g[:K] + [R.zero] * (prec - K)
        q = evaluate(rows, gg, R, prec)
        dq = evaluate(drows, gg, R, prec)
        if valuation(q) < K + v:
            raise RmtsymError("internal: prefix is not a root of the polynomial")
        corr = R.mul(q[v:], R.inv(dq[v:], K2), K2)
        g = [gg[i] - corr[i] for i in range(K2)] + [R.zero] * (n - K2)
        K = K2
    return g[:n]


# --- the flint lift ------------------------------------------------------------

def _inv_low(f, n, h=None, hp=1):
    """1/f mod x^n for a flint ``fmpz_poly`` / ``fmpq_poly`` f (f_0 a unit of the ring).

    Newton h <- h + h (1 - f h), doubling the precision; ``h`` (optional) is
    1/f mod x^hp already known.  Each step multiplies only the new half.
    """
    if h is None:
        h = type(f)([1 / f[0]]) if isinstance(f, flint.fmpq_poly) else type(f)([f[0]])
        hp = 1
    while hp < n:
        hp2 = min(2 * hp, n)
        e = f.mul_low(h, hp2).right_shift(hp)          # (f h - 1) / x^hp, mod x^(hp2 - hp)
        h = h - h.mul_low(e, hp2 - hp).left_shift(hp)
        hp = hp2
    return h


def _horner(cols, y, n):
    """sum_j cols[j] y^j mod x^n (cols, y flint polynomials)."""
    p = cols[-1]
    for c in reversed(cols[:-1]):
        p = p.mul_low(y, n) + c
    return p.truncate(n) if p.length() > n else p


def _divisors(a):
    """Positive divisors of the integer a != 0, increasing (None if a is too large to factor)."""
    a = abs(int(a))
    if a.bit_length() > 64:
        return None
    divs = [1]
    for p, e in flint.fmpz(a).factor():
        p = int(p)
        divs = [d * p**k for d in divs for k in range(e + 1)]
    return sorted(divs)


def _integral_scaling(F, a):
    """Smallest b (then largest c) with Q(g0 + c Y, b t) / (c a) in Z[Y, t].

    ``F[j]`` is the list of integer coefficients (in u) of the Taylor
    coefficient (1/j!) d^j Q/dg^j (g0, u), F[0][0] = 0, F[1][0] = a != 0.
    (b, c) = (a^2, a) always works (the implicit-function recursion then has
    integer coefficients); smaller b gives smaller integers.
    """
    def ok(b, c):
        ca = c * a
        for j, col in enumerate(F):
            cj = c**j
            for i, f in enumerate(col):
                if f and (cj * b**i * f) % ca:
                    return False
        return True

    divs = _divisors(a * a)
    if divs is None or len(divs) > 300:              # keep the search (pairs of divisors) short
        return a * a, abs(a)
    for b in divs:
        for c in reversed(divs):
            if ok(b, c):
                return b, c
    return a * a, abs(a)                     # not reached: (a^2, |a|) is in the search


def _lift_flint(rows, prefix, n):
    """:func:`newton_lift` over QQ with python-flint polynomials (list of ``fmpq`` out)."""
    K = min(len(prefix), n)
    if K >= n:
        return list(prefix[:n])
    if K < 1:
        raise RmtsymError("the Newton lift needs at least the constant term of the series")
    out = _lift_integral(rows, prefix, n)
    if out is not None:
        return out
    return _lift_fmpq(rows, prefix, n)


def _lift_integral(rows, prefix, n):
    r"""Simple branch over Z: Newton on fmpz_poly after rescaling g = g_0 + c Y(u/b).

    With Q integral, g_0 integral and a = Q_g(g_0, 0) != 0,
    F(Y, t) = Q(g_0 + c Y, b t)/(c a) is in Z[Y, t] for the (b, c) of
    :func:`_integral_scaling`, F(0, 0) = 0 and F_Y(0, 0) = 1, so the root
    Y(t) has integer coefficients (Hensel) and Newton
    Y <- Y - F(Y) / F_Y(Y) runs in Z[[t]] with no gcds;
    g_k = c Y_k / b^k.  The inverse of F_Y is carried from step to step
    (one Newton step of the inverse per step of Y).

    Returns None (caller falls back to :func:`_lift_fmpq`) if the data are
    not integral or the branch is not simple.
    """
    g0 = prefix[0]
    if g0.q != 1 or any(x.q != 1 for row in rows for x in row):
        return None
    g0 = int(g0.p)
    Zrows = [flint.fmpz_poly([int(x.p) for x in row]) for row in rows]
    # Taylor coefficients in g at g0: F_j(u) = sum_{l>=j} binom(l, j) g0^(l-j) Q_l(u)
    d = len(Zrows) - 1
    F = []
    for j in range(d + 1):
        acc = flint.fmpz_poly(0)
        for l in range(j, d + 1):
            acc += Zrows[l] * (math.comb(l, j) * g0 ** (l - j))
        F.append([int(x) for x in acc.coeffs()])
    if d < 1 or not F[1] or F[1][0] == 0:
        return None                                   # v > 0: not a simple branch
    if F[0] and F[0][0] != 0:
        raise RmtsymError("internal: prefix is not a root of the polynomial")
    a = F[1][0]
    b, c = _integral_scaling(F, a)
    ca = c * a
    cols = []
    for j, col in enumerate(F):
        cj = c**j
        cols.append(flint.fmpz_poly([cj * b**i * f // ca for i, f in enumerate(col)]))
    while len(cols) > 2 and cols[-1].is_zero():
        cols.pop()
    d = len(cols) - 1
    # Y from the prefix: Y_k = g_k b^k / c  (k >= 1), integral on the true branch
    K = min(len(prefix), n)
    ys, bk = [0], 1
    for k in range(1, K):
        bk *= b
        y = prefix[k] * bk / c
        if y.q != 1:
            return None
        ys.append(int(y.p))
    Y = flint.fmpz_poly(ys)
    h, hp = None, 1                                   # h = 1/F_Y(Y) mod t^hp
    while K < n:
        K2 = min(2 * K, n)
        need = K2 - K
        # powers Y^j mod t^K2 (one squaring, then d - 2 products); F(Y) and F_Y(Y)
        # are sums of short polynomials (the F_j) times them, no further big products
        pw = [None, Y]
        if d >= 2:
            pw.append(Y.mul_low(Y, K2))
        for _ in range(3, d + 1):
            pw.append(pw[-1].mul_low(Y, K2))
        Fv = cols[0] + cols[1].mul_low(Y, K2)
        for j in range(2, d + 1):
            Fv += cols[j].mul_low(pw[j], K2)
        if h is None or hp < need:
            D = cols[1].truncate(need)
            for j in range(2, d + 1):
                D += (cols[j] * j).mul_low(pw[j - 1].truncate(need), need)
            h = _inv_low(D, need) if h is None else _inv_low(D, need, h, hp)
            hp = need
        if not Fv.truncate(K).is_zero():
            raise RmtsymError("internal: prefix is not a root of the polynomial")
        corr = h.mul_low(Fv.right_shift(K), need).left_shift(K)
        Y = Y - corr
        K = K2
    ys = Y.coeffs()
    one = flint.fmpq(1)
    out = [flint.fmpq(g0)] + [one] * (n - 1)
    bk = flint.fmpz(1)
    L = len(ys)
    for k in range(1, n):
        bk *= b
        out[k] = flint.fmpq(ys[k] * c, bk) if k < L else flint.fmpq(0)
    return out


def _lift_fmpq(rows, prefix, n):
    """General branch (v >= 0) over QQ: the Newton step of :func:`newton_lift` on ``fmpq_poly``."""
    cols = [flint.fmpq_poly(list(row)) for row in rows]
    dcols = [cols[j] * j for j in range(1, len(cols))] or [flint.fmpq_poly(0)]
    K = min(len(prefix), n)
    g = flint.fmpq_poly(list(prefix[:K]))
    dq = _horner(dcols, g, K)
    v = valuation(dq.coeffs() + [0] * (K - dq.length())) if not dq.is_zero() else K
    if v >= K:
        raise RmtsymError(
            "the known moments do not determine the branch: more are needed "
            f"(valuation of dP/dm along the branch is >= {K})")
    while K < n:
        K2 = min(2 * K - v, n)
        prec = K2 + v
        q = _horner(cols, g, prec)
        dq = _horner(dcols, g, prec)
        if not q.truncate(K + v).is_zero():
            raise RmtsymError("internal: prefix is not a root of the polynomial")
        corr = q.right_shift(v).mul_low(_inv_low(dq.right_shift(v), K2), K2)
        g = (g - corr).truncate(K2)
        K = K2
    c = g.coeffs()
    zero = flint.fmpq(0)
    return c[:n] + [zero] * (n - len(c))


def check_root(rows, g, R, order):
    """True if Q(g(u), u) = O(u^order) (g must have >= order terms)."""
    q = evaluate(rows, g[:order], R, order)
    return valuation(q) >= order


__all__ = ["ring", "add", "sub", "valuation", "poly_in_g", "evaluate",
           "derivative_rows", "newton_lift", "check_root"]
