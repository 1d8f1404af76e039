r"""Free convolution with numeric inputs, by subordination.

The fixed-point equations of Belinschi & Bercovici, *A new approach to
subordination results in free probability*, J. Anal. Math. 101 (2007)
357--365, solved to ``dps`` digits with a convergence check; see
:class:`SubordinatedMeasure`.  Part of :mod:`rmtsym.numerics`, which
re-exports every public name.

Precision: each public method (``stieltjes``, ``density``, ``support``,
``atoms``, ``cdf``, ``moments``) opens one private context (``_context(dps)``)
and passes it down as ``ctx``; the fixed point, the continuation, the support
search and the cdf quadrature compute in it, at the nested ``ctx.workdps``
precisions named in :mod:`rmtsym.core.precision`.  Only the calls into a
NumericMeasure input (user density callables written with global mpmath
functions, reached through the overridable ``_m_and_dm`` hook of
:mod:`rmtsym.numerics.numeric_measure`) run in a scoped
``mpmath.workdps(ctx.dps)`` block (:func:`_hook`), their results rebound to
``ctx``.  The results depend on neither ``mpmath.mp.dps`` nor the call
history (tests/test_precision.py).
"""

from __future__ import annotations

import bisect
import fractions
import operator
from typing import Any

import mpmath
import sympy

from ..core.errors import BranchError, ConvergenceError, RmtsymError
from ..core.types import Atom, ComplexPoints, ComplexResult, Interval, MpReal, RealPoints, RealResult
from ..core.precision import CUMULANT_GUARD, EPS_GUARD, INNER_GUARD, ROUND_GUARD, VALUE_GUARD
from ..core.measure import cumulants_from_moments, moments_from_cumulants, moments_from_s, s_from_moments
from ..core.protocol import is_exact
from ..core.series import NumberRing
from ._progress import QUIET, Progress, progress_enabled
from .quadrature import gauss_legendre
from ..core.precision import rebind, to_global
from ._common import _GUARD, _bind, _check_dps, _context, _round, _to_mpc, _to_real
from .curve import _curve
from .numeric_measure import NumericMeasure, _NumericBase
from .roots import _Singular
from .support import atoms as _atoms_alg
from .support import support as _support_alg

__all__ = ["SubordinatedMeasure", "free_add_numeric", "free_mul_numeric"]

# ---------------------------------------------------------------------------
# subordination
# ---------------------------------------------------------------------------

_SCAN_DPS = 10      # digits of the coarse classification (starting values only)


class _Bad(Exception):
    """A real evaluation point inside an input's support (no real value)."""


def _curve_of(mu, dps=None):
    """``_curve(mu)`` memoised on the measure itself (``mu.numeric_cache``:
    building the polynomial is not free).

    A measure with exact irrational constants runs on a rational surrogate
    whose accuracy depends on ``dps`` (``curve._curve`` caches it per
    precision tier on the measure), so it is not memoised here.
    """
    if getattr(mu, "constants", None):
        return _curve(mu, dps)
    cache = getattr(mu, "numeric_cache", None)
    if not isinstance(cache, dict):
        return _curve(mu)
    cur = cache.get("subordination_curve")
    if cur is None:
        cur = cache["subordination_curve"] = _curve(mu)
    return cur


def _hook(ctx, f, *args):
    """``f(*args)`` of a NumericMeasure hook, rebound to ``ctx``.

    The hooks (``_m_and_dm``, ``_cauchy``, ...) and the user density callables
    they integrate compute with *global* mpmath functions: they run in a
    scoped ``mpmath.workdps`` block at the precision ``ctx`` has at the call
    (set from ``dps`` at the public method, never the caller's), their
    arguments rebound to ``mpmath.mp`` and their results to ``ctx``, every
    bit kept.
    """
    with mpmath.workdps(ctx.dps):
        return rebind(f(*to_global(args)), ctx)


def _m_dm(mu, w, dps, ctx):
    """m_mu(w), m_mu'(w) for Im w != 0, for any kind of measure (numbers of ``ctx``)."""
    if isinstance(mu, NumericMeasure):
        return _hook(ctx, mu._m_and_dm, w, dps)
    if isinstance(mu, SubordinatedMeasure):
        h = ctx.mpf(10) ** (-(dps // 2)) * (1 + abs(w))
        with ctx.workdps(dps + _GUARD):
            w = ctx.mpc(w)
            flip = w.imag < 0
            ww = ctx.conj(w) if flip else w
            m = mu._m(ww, dps, ctx)[0]
            # the derivative only steers Newton's method; half the digits suffice
            dm = (mu._m(ww + h, dps, ctx)[0] - mu._m(ww - h, dps, ctx)[0]) / (2 * h)
            if flip:
                m, dm = ctx.conj(m), ctx.conj(dm)
        return m, dm
    cur = _curve_of(mu, dps)
    wp = dps + _GUARD
    with ctx.workdps(wp):                 # the curve computes in the caller's context (wp digits)
        w = ctx.mpc(w)
        flip = w.imag < 0
        if flip:
            w = ctx.conj(w)
        m = None
        last = _bind(cur.__dict__.get("_subord_last"), ctx)
        # continue from the previous evaluation point when the segment stays
        # well inside the upper half plane (no critical point can be near it)
        if last is not None and abs(w - last[0]) <= 2 * min(w.imag, last[0].imag):
            try:
                m, rts = cur.track(last[0], w, last[1], last[2], ctx)
            except (BranchError, _Singular):
                m = None
        if m is None:
            m, rts = cur.value_upper(w, wp, ctx)
        cur.__dict__["_subord_last"] = (w, m, rts)
        m, _ = cur.polish(ctx.mpc(m), w, dps, ctx)
        _, Pm, Pz, _ = cur.residual_and_derivs(m, w)
        dm = -Pz / Pm
        if flip:
            m, dm = ctx.conj(m), ctx.conj(dm)
        return m, dm


def _moments_of(mu, n, dps, ctx):
    if is_exact(mu):
        ms = mu.moments(n)
        with ctx.workdps(dps + _GUARD):
            return [ctx.mpf(sympy.Rational(v).p) / sympy.Rational(v).q for v in ms]
    return rebind(mu.moments(n, dps=dps + ROUND_GUARD), ctx)


def _ring(ctx):
    """Series ring over the numbers of ``ctx`` (one implementation of the
    moment / cumulant / S-transform conversions: :mod:`rmtsym.core.measure`)."""
    return NumberRing(ctx.mpf(0), ctx.mpf(1))


def _free_cumulants(ms, n, ctx):
    """[0, κ_1, ..., κ_n] from the moments [m_0, ..., m_n]."""
    return [ctx.mpf(0)] + cumulants_from_moments(list(ms[:n + 1]), _ring(ctx), n)


def _moments_from_cumulants(kap, n, ctx):
    """[1, m_1, ..., m_n] from [*, κ_1, ..., κ_n]."""
    return moments_from_cumulants(list(kap[1:n + 1]), _ring(ctx), n + 1)


def _s_series(ms, n, ctx):
    """[S_0, ..., S_n] of S(w) = χ(w)(1 + w)/w from the moments [m_0, ..., m_{n+1}]."""
    return s_from_moments(list(ms[:n + 2]), _ring(ctx), n + 1)


def _moments_from_s(S, n, ctx):
    """[1, m_1, ..., m_n] from [S_0, ..., S_n]."""
    return moments_from_s(list(S[:n + 1]), _ring(ctx), n + 1)


class SubordinatedMeasure(_NumericBase):
    r"""Free additive or multiplicative convolution computed by subordination.

    Parameters
    ----------
    kind : {"add", "mul"}
    mu, nu : AlgebraicMeasure, NumericMeasure or SubordinatedMeasure
    dps : int
        Default precision of the numeric methods.

    Notes
    -----
    Additive (Belinschi--Bercovici 2007, with :math:`F = 1/G = -1/m`,
    :math:`h = F - \mathrm{id}`): :math:`\omega_1 = z + h_\nu(z + h_\mu(\omega_1))`
    and :math:`m_{\mu\boxplus\nu}(z) = m_\mu(\omega_1(z))`.  Multiplicative,
    with :math:`\eta_\mu(\zeta) = 1 + \zeta/m_\mu(1/\zeta)` and
    :math:`h_\mu(\zeta) = \eta_\mu(\zeta)/\zeta`: :math:`\omega_1 = \zeta h_\nu(\zeta h_\mu(\omega_1))`,
    :math:`\zeta = 1/z`, and :math:`m(z) = 1/(z(\eta_\mu(\omega_1) - 1))`.
    The fixed point is reached by the (globally convergent) iteration and
    polished by Newton's method; failure raises :class:`ConvergenceError`.
    On the real axis (see :meth:`support`) a point outside the support has
    density exactly 0; inside, the fixed point is solved by Newton's method
    at :math:`z = x` itself, started from the extrapolation of the two
    nearest solved points (linear in :math:`x` for ``free_add``, in
    :math:`(\log x, \log \omega_1)` for ``free_mul``, whose fixed point grows
    like a power of :math:`1/x` at a hard edge 0; more than a decade away
    from any solved point, by geometric continuation in steps of at most a
    decade; it is the unique fixed point in the open half plane), and
    the density is :math:`\operatorname{Im} m(x)/\pi`.  Only if that fails is
    :math:`\operatorname{Im} m(x + i\epsilon)/\pi`, :math:`\epsilon = 10^{-(dps+4)}`,
    continued down from :math:`x + i`.  Atoms: :meth:`atoms`; distribution
    function: :meth:`cdf`.  Moments come from the inputs' moments through
    free cumulants (add) or S-transforms (mul).

    References
    ----------
    S. Belinschi, H. Bercovici, *A new approach to subordination results in
    free probability*, J. Anal. Math. 101 (2007) 357--365.

    Examples
    --------
    >>> import sympy
    >>> from rmtsym.laws.named import marchenko_pastur
    >>> from rmtsym.numerics import free_mul_numeric
    >>> prod = free_mul_numeric(marchenko_pastur(2), marchenko_pastur(sympy.Rational(1, 3)), dps=15)
    >>> prod.atoms()
    [(mpf('0.0'), mpf('0.5'))]
    >>> prod.density(20)
    mpf('0.0')
    """

    def __init__(self, kind: str, mu: Any, nu: Any, dps: int = 30, label: str | None = None) -> None:
        if kind not in ("add", "mul"):
            raise RmtsymError(f"kind must be 'add' or 'mul', got {kind!r}")
        for name, x in (("mu", mu), ("nu", nu)):
            if not (is_exact(x) or isinstance(x, _NumericBase)):
                raise RmtsymError(f"{name} must be a measure, got {type(x).__name__}")
            if is_exact(x):
                _curve(x)       # checks for free parameters
        if kind == "mul" and not (getattr(mu, "nonnegative", None) or getattr(nu, "nonnegative", None)):
            raise RmtsymError("free_mul needs at least one input supported on [0, inf)")
        self.kind, self.mu, self.nu = kind, mu, nu
        self.dps = _check_dps(dps)
        sym = "⊞" if kind == "add" else "⊠"
        self.label = label or f"({getattr(mu, 'label', 'mu')} {sym} {getattr(nu, 'label', 'nu')})"
        self.nonnegative = bool(getattr(mu, "nonnegative", False) and getattr(nu, "nonnegative", False)) or None
        self._last = None
        self._cache: dict = {}

    # -- the fixed point ----------------------------------------------------

    def __repr__(self):
        return f"SubordinatedMeasure({self.kind}: {self.label})"

    def _latex(self, printer=None):
        op = r"\boxplus" if self.kind == "add" else r"\boxtimes"
        parts = []
        for x in (self.mu, self.nu):
            f = getattr(x, "_latex", None)
            parts.append(f() if f is not None and not is_exact(x) else
                         getattr(x, "latex_name", None) or r"\mu_{\mathrm{" + str(getattr(x, "label", "mu")) + "}}")
        return rf"\left({parts[0]}\right) {op} \left({parts[1]}\right)"

    def _omega(self, z, dps, ctx, start=None):
        wp = dps + _GUARD
        mu, nu = self.mu, self.nu
        with ctx.workdps(wp):
            z = ctx.mpc(z)
            tol = ctx.mpf(10) ** (-(wp - 4))
            if self.kind == "add":
                def h(meas, w):
                    m, dm = _m_dm(meas, w, dps + EPS_GUARD, ctx)
                    return -1 / m - w, dm / m ** 2 - 1

                def step(om):
                    h1, d1 = h(mu, om)
                    om2 = z + h1
                    h2, d2 = h(nu, om2)
                    return z + h2, d2 * d1
            else:
                zeta = 1 / z

                def h(meas, w):
                    m, dm = _m_dm(meas, 1 / w, dps + EPS_GUARD, ctx)
                    val = 1 / w + 1 / m
                    der = -1 / w ** 2 + dm / (w ** 2 * m ** 2)
                    return val, der

                def step(om):
                    h1, d1 = h(mu, om)
                    om2 = zeta * h1
                    h2, d2 = h(nu, om2)
                    return zeta * h2, zeta * d2 * zeta * d1
            om = (z if self.kind == "add" else 1 / z) if start is None else rebind(start, ctx)
            for it in range(400):
                val, der = step(om)
                g = om - val
                new = om - g / (1 - der) if it >= 2 or start is not None else val
                ok_half = (ctx.im(new) > 0) if self.kind == "add" else (ctx.im(new) * ctx.im(1 / z) > 0 or ctx.im(new) == 0)
                if not ok_half or abs(new - om) > 10 * (1 + abs(om)):
                    new = val              # fall back to the contraction
                if abs(new - om) <= tol * (1 + abs(om)):
                    return new
                om = new
        raise ConvergenceError(f"subordination did not converge at z = {ctx.nstr(z, 15)}")

    def _m_from_omega(self, z, om, dps, ctx):
        with ctx.workdps(dps + _GUARD):
            if self.kind == "add":
                return _m_dm(self.mu, om, dps + EPS_GUARD, ctx)[0]
            m1, _ = _m_dm(self.mu, 1 / om, dps + EPS_GUARD, ctx)
            eta = 1 + om / m1
            return 1 / (z * (eta - 1))

    def _m(self, z, dps, ctx, start=None):
        om = self._omega(z, dps, ctx, start)
        return self._m_from_omega(z, om, dps, ctx), om

    # -- interface ------------------------------------------------------------
    def stieltjes(self, z: ComplexPoints, dps: int | None = None, error: bool = False) -> ComplexResult:
        """``m(z)`` for ``Im z != 0``."""
        dps = self.dps if dps is None else _check_dps(dps)
        with _context(dps) as ctx, ctx.workdps(dps + _GUARD):
            zv = ctx.mpc(_to_mpc(z, "z", ctx))
            if zv.imag == 0:
                raise RmtsymError("stieltjes of a subordinated measure needs Im z != 0")
            flip = zv.imag < 0
            if flip:
                zv = ctx.conj(zv)
            m, _ = self._m(zv, dps, ctx)
            if flip:
                m = ctx.conj(m)
            v = _round(m, dps)
            return (v, _round(ctx.mpf(10) ** -dps, dps)) if error else v

    def moments(self, n: int, dps: int | None = None) -> list[MpReal]:
        """Moments ``[m_0..m_n]`` from the inputs' moments (free cumulants / S)."""
        dps = self.dps if dps is None else _check_dps(dps)
        n = operator.index(n)
        with _context(dps) as ctx, ctx.workdps(dps + _GUARD + CUMULANT_GUARD):
            a = _moments_of(self.mu, n + 1, dps + CUMULANT_GUARD, ctx)
            b = _moments_of(self.nu, n + 1, dps + CUMULANT_GUARD, ctx)
            if self.kind == "add":
                k1, k2 = _free_cumulants(a, n, ctx), _free_cumulants(b, n, ctx)
                out = _moments_from_cumulants([x + y for x, y in zip(k1, k2)], n, ctx)
            else:
                if a[1] == 0 or b[1] == 0:
                    raise RmtsymError("free_mul needs non-zero means (S-transform)")
                S = _ring(ctx).mul(_s_series(a, n, ctx), _s_series(b, n, ctx), n + 1)
                out = _moments_from_s(S, n, ctx)
        return [_round(v, dps) for v in out]

    # -- the real axis: solving at z = x, support edges, atoms -------------------
    def _info(self, meas, ctx):
        """``(a.c. intervals, atoms, lo, hi)`` of an input (20 digits, cached)."""
        c = self._cache.setdefault("info", {})
        key = "mu" if meas is self.mu else "nu"      # the cache describes self's own inputs
        if key not in c:
            if isinstance(meas, SubordinatedMeasure):
                raise RmtsymError("the support of a subordinated measure with a subordinated "
                                  "input is not available (evaluate its density on a grid)")
            if is_exact(meas):
                ivs, ats = _support_alg(meas, 20), _atoms_alg(meas, 20)
            else:
                ivs, ats = meas.support(dps=20), meas.atoms(dps=20)
            with ctx.workdps(20):
                pts = [v for iv in ivs for v in iv] + [a for a, w in ats if w > 0]
                if not pts or not all(ctx.isfinite(v) for v in pts):
                    raise RmtsymError(f"the support of {getattr(meas, 'label', 'an input')} must be "
                                      "bounded to locate the support edges of its free convolution")
                c[key] = (list(ivs), list(ats), min(pts), max(pts))
        return rebind(c[key], ctx)          # numbers of an earlier call's context

    def _mdm(self, meas, w, dps, real, ctx):
        """``m, m'`` of an input at ``w``: complex ``w`` off the axis, or real ``w``
        outside the input's a.c. support (raises :class:`_Bad` inside)."""
        if not real:
            return _m_dm(meas, w, dps, ctx)
        ivs = self._info(meas, ctx)[0]
        if any(a <= w <= b for a, b in ivs):
            raise _Bad()
        wp = dps + _GUARD
        with ctx.workdps(wp):
            if isinstance(meas, NumericMeasure):
                m, dm = _hook(ctx, meas._m_and_dm, ctx.mpf(w), dps)
                return ctx.re(m), ctx.re(dm)
            cur = _curve_of(meas, dps)
            w = ctx.mpf(w)
            m, _ = cur.value_real(w, wp, ctx)
            m, _ = cur.polish(ctx.re(m), w, dps, ctx)
            _, Pm, Pz, _ = cur.residual_and_derivs(m, w)
            return m, -Pz / Pm

    def _map(self, w, z, dps, ctx, real=False):
        r"""The subordination map :math:`T_z(\omega)`, its derivative in
        :math:`\omega`, and the second subordination point."""
        mdm = self._mdm
        w, z = rebind((w, z), ctx)
        with ctx.workdps(dps + _GUARD):
            if self.kind == "add":
                m1, d1 = mdm(self.mu, w, dps, real, ctx)
                w2 = z - 1 / m1 - w
                m2, d2 = mdm(self.nu, w2, dps, real, ctx)
                return z - 1 / m2 - w2, (d2 / m2 ** 2 - 1) * (d1 / m1 ** 2 - 1), w2
            zeta = 1 / z
            u1 = 1 / w
            m1, d1 = mdm(self.mu, u1, dps, real, ctx)
            w2 = zeta * (u1 + 1 / m1)
            u2 = 1 / w2
            m2, d2 = mdm(self.nu, u2, dps, real, ctx)
            T = zeta * (u2 + 1 / m2)
            Tw = zeta ** 2 * u1 ** 2 * u2 ** 2 * (d1 / m1 ** 2 - 1) * (d2 / m2 ** 2 - 1)
            return T, Tw, w2

    def _half_ok(self, om, ctx):
        # z in the closed upper half plane: omega_1 in C+ (add), in C- (mul)
        return ctx.im(om) > 0 if self.kind == "add" else ctx.im(om) < 0

    def _solve(self, z, start, dps, real, ctx, maxit=40):
        """Newton's method for ``omega = T_z(omega)`` from ``start``.

        ``real=True``: a real solution for real ``z``; ``real=False``: a
        solution in the open half plane of :math:`\\omega_1`.  Returns
        ``(omega, T')`` or None (no convergence, or left the domain)."""
        wp = dps + _GUARD
        z = rebind(z, ctx)
        with ctx.workdps(wp):
            tol = ctx.mpf(10) ** (-(dps + VALUE_GUARD))
            om = ctx.mpf(ctx.re(start)) if real else ctx.mpc(start)
            if not real and not self._half_ok(om, ctx):
                return None
            for _ in range(maxit):
                try:
                    T, Tw, _ = self._map(om, z, dps, ctx, real)
                except (_Bad, ZeroDivisionError, RmtsymError, _Singular):
                    return None
                if Tw == 1 or not ctx.isfinite(abs(T)):
                    return None
                step = (om - T) / (1 - Tw)
                new = om - step
                if not real:
                    k = 0
                    while not self._half_ok(new, ctx):
                        step /= 4
                        new = om - step
                        k += 1
                        if k > 20:
                            return None
                if abs(step) <= tol * (1 + abs(om)):
                    return new, Tw
                om = new
        return None

    def _classify(self, x, dps, prev, ctx):
        """``("out", w, T')`` (real fixed point with T' < 1), ``("in", omega, None)``
        (fixed point in the open half plane) or None; ``prev`` is a neighbour's result."""
        x, prev = rebind((x, prev), ctx)
        with ctx.workdps(dps + _GUARD):      # the precision of the old _scan block
            tries = []
            if prev is not None:
                if prev[0] == "out":
                    tries = [("r", prev[1]), ("c", prev[1] + (1j if self.kind == "add" else -1j) * (abs(prev[1]) + 1) / 10)]
                else:
                    tries = [("c", prev[1]), ("r", ctx.re(prev[1]))]
            for attempt in range(2):
                for how, s in tries:
                    if how == "r":
                        r = self._solve(x, s, dps, True, ctx)
                        if r is not None and r[1] < 1 - ctx.mpf(10) ** (-dps // 2):
                            return ("out", r[0], r[1])
                    else:
                        r = self._solve(x, s, dps, False, ctx)
                        if r is not None and abs(ctx.im(r[0])) > ctx.mpf(10) ** (-dps // 2) * (1 + abs(r[0])):
                            return ("in", r[0], None)
                if attempt == 0:
                    # global start: the contraction at x + i delta, then Newton down to the axis
                    delta = rebind(self._cache["scale"], ctx) / 20
                    try:
                        om = self._omega(ctx.mpc(x, delta), dps, ctx)
                    except ConvergenceError:
                        return self._classify_real(x, dps, ctx)
                    tries = [("c", om), ("r", ctx.re(om))]
            return self._classify_real(x, dps, ctx)

    def _classify_real(self, x, dps, ctx):
        r"""``("out", w, T')`` from a sign change of :math:`T_x(w) - w` on a
        geometric grid of real ``w``, or None.

        Needed where the fixed point lies far from every start, e.g. for
        ``free_mul`` in a gap above an atom at 0, where the real fixed point
        grows like :math:`1/x` as :math:`x \to 0`.  A real fixed point with
        :math:`T_x' < 1` is the Denjoy--Wolff point of :math:`T_x` (see
        :meth:`support`), so it proves that ``x`` is outside the support."""
        wp = dps + _GUARD
        with ctx.workdps(wp):
            x = ctx.mpf(x)
            if self.kind == "mul":
                if x == 0:
                    return None
                # omega_1 lives in the zeta = 1/z plane: scales 1e-4/|x| .. 1e4/|x|
                base, ws = 1 / abs(x), []
                mags = [base * ctx.mpf(10) ** (ctx.mpf(k) / 8) for k in range(-32, 33)]
                ws = [-v for v in reversed(mags)] + mags
            else:
                sc = rebind(self._cache.get("scale", 1 + abs(x)), ctx)
                mags = [sc * ctx.mpf(10) ** (ctx.mpf(k) / 8) for k in range(-48, 25)]
                ws = [x - v for v in reversed(mags)] + [x + v for v in mags]
            prev = None
            tried = 0
            for w in ws:
                try:
                    T, _, _ = self._map(w, x, _SCAN_DPS, ctx, True)
                    g = T - w
                except (_Bad, ZeroDivisionError, RmtsymError, _Singular):
                    prev = None
                    continue
                if not ctx.isfinite(g):
                    prev = None
                    continue
                if prev is not None and (g > 0) != (prev[1] > 0):
                    for s in (prev[0], w):
                        r = self._solve(x, s, dps, True, ctx)
                        if r is not None and r[1] < 1 - ctx.mpf(10) ** (-dps // 2):
                            return ("out", r[0], r[1])
                    tried += 1
                    if tried > 8:
                        return None
                prev = (w, g)
        return None

    def _scan(self, ctx, bar=QUIET):
        """Classify a coarse grid covering the support bound (``_SCAN_DPS`` digits, cached)."""
        if "scan" in self._cache:
            return rebind(self._cache["scan"], ctx)     # numbers of an earlier call's context
        _, ats1, lo1, hi1 = self._info(self.mu, ctx)
        _, ats2, lo2, hi2 = self._info(self.nu, ctx)
        dps = _SCAN_DPS
        n = 64
        with ctx.workdps(dps + _GUARD):
            if self.kind == "add":
                L, R = lo1 + lo2, hi1 + hi2
                pad = (R - L) / 20 + (1 + abs(L) + abs(R)) / 1000
                lo_x, hi_x = L - pad, R + pad
                xs = [lo_x + (hi_x - lo_x) * k / (n - 1) for k in range(n)]
                geo = []
            else:
                if lo1 < 0 or lo2 < 0:
                    raise RmtsymError("support()/cdf() of free_mul need both inputs supported on [0, inf)")
                L, R = lo1 * lo2, hi1 * hi2
                pad = (R - L) / 20 + R / 1000
                hi_x = R + pad
                lo_x = L - pad
                if lo_x <= 0:
                    lo_x = hi_x / 100
                    # an atom at 0 of an input can leave a gap (0, a) with a tiny a
                    # (a ~ 1.5e-7 R for MP(101/100) ⊠ MP(1)): look further down
                    atom0 = any(a == 0 and w > 0 for a, w in list(ats1) + list(ats2))
                    kmax = 20 if atom0 else 8
                    geo = [hi_x * ctx.mpf(10) ** (-k) for k in range(kmax, 2, -1)]
                else:
                    geo = []
                xs = geo + [lo_x + (hi_x - lo_x) * k / (n - 1) for k in range(n)]
            self._cache["scale"] = hi_x - lo_x
            res = []
            prev = None
            # the linear grid upwards, then the geometric sub-grid towards 0
            # downwards, each point continued from its classified neighbour
            order = list(range(len(geo), len(xs))) + list(range(len(geo) - 1, -1, -1))
            bar.add_total(len(order))
            for k in order:
                x = xs[k]
                if k == len(geo) - 1:
                    prev = res[0][1]
                if k < len(geo) - 1 and len(res) >= 2 and res[-2][1][0] == prev[0]:
                    # extrapolate the fixed point in (log x, log omega) from the
                    # two points above (it grows like a power of 1/x towards 0)
                    (x2, r2), (x1, r1) = res[-2:]
                    pred = self._predict(x, [x1, x2], [r1[1], r2[1]], dps, ctx)
                    if prev[0] == "out" and pred is not None:
                        pred = ctx.re(pred)
                    if pred is not None and ctx.isfinite(pred) and (
                            prev[0] == "out" or self._half_ok(pred, ctx)):
                        prev = (prev[0], pred, prev[2])
                r = self._classify(x, dps, prev, ctx)
                if r is None and k < len(geo) and prev[0] == "in":
                    # towards a hard edge 0: continue the complex fixed point by decades
                    ins = sorted((xx, rr[1]) for xx, rr in res if rr[0] == "in")
                    c = self._continue_to(x, [q[0] for q in ins], [q[1] for q in ins], dps, ctx)
                    if c is not None:
                        r = ("in", c[0], None)
                if r is None:
                    # never guess: an unclassified point could hide an edge
                    # (e.g. a gap above an atom at 0 of free_mul)
                    a = xs[k - 1] if k > 0 else x
                    b = xs[k + 1] if k + 1 < len(xs) else x
                    raise ConvergenceError(
                        f"support: could not classify x = {ctx.nstr(x, 8)} (inside or outside "
                        f"the support) in the interval [{ctx.nstr(a, 8)}, {ctx.nstr(b, 8)}]")
                res.append((x, r))
                prev = r
                bar.update()
            res.sort(key=lambda q: q[0])
        if not res or res[-1][1][0] != "out" or (self.kind == "add" and res[0][1][0] != "out"):
            raise ConvergenceError("could not confirm that the ends of the search interval "
                                   "lie outside the support")
        self._cache["scan"] = res
        return res

    def _edge(self, xo, wo, to, xi, dps, ctx):
        """The edge between ``xo`` (outside, real fixed point ``wo`` with
        derivative ``to``) and ``xi`` (inside): bisection down to the fold, then
        Newton's method on ``(T(w; x) - w, T'(w; x) - 1) = 0`` in ``(x, w)``."""
        wp = dps + _GUARD
        with ctx.workdps(wp):
            xo, xi, wo = ctx.mpf(xo), ctx.mpf(xi), ctx.mpf(wo)
            x0, x1 = xo, xi
            for _ in range(80):
                if 1 - to < ctx.mpf(1) / 10 or abs(xi - xo) < ctx.mpf(10) ** (-8) * (1 + abs(xo)):
                    break
                xm = (xo + xi) / 2
                r = self._solve(xm, wo, _SCAN_DPS, True, ctx)
                if r is not None and r[1] < 1:
                    xo, wo, to = xm, r[0], r[1]
                else:
                    xi = xm

            def res(x, w):
                T, Tw, _ = self._map(w, x, dps + INNER_GUARD, ctx, True)
                return T - w, Tw - 1

            x, w = xo, wo
            tol = ctx.mpf(10) ** (-(dps + VALUE_GUARD))
            h = ctx.mpf(10) ** (-(wp // 2))
            done = False
            for _ in range(60):
                try:
                    r0 = res(x, w)
                    hx, hw = h * (1 + abs(x)), h * (1 + abs(w))
                    a1, a2 = res(x + hx, w)
                    b1, b2 = res(x, w + hw)
                except (_Bad, ZeroDivisionError, RmtsymError, _Singular):
                    break
                J11, J21 = (a1 - r0[0]) / hx, (a2 - r0[1]) / hx
                J12, J22 = (b1 - r0[0]) / hw, (b2 - r0[1]) / hw
                det = J11 * J22 - J12 * J21
                if det == 0:
                    break
                dx = -(r0[0] * J22 - r0[1] * J12) / det
                dw = -(J11 * r0[1] - J21 * r0[0]) / det
                for _k in range(30):
                    try:
                        res(x + dx, w + dw)
                        break
                    except (_Bad, ZeroDivisionError, RmtsymError, _Singular):
                        dx, dw = dx / 2, dw / 2
                x, w = x + dx, w + dw
                if abs(dx) <= tol * (1 + abs(x)) and abs(dw) <= tol * (1 + abs(w)):
                    done = True
                    break
            lo_b, hi_b = min(x0, x1), max(x0, x1)
            if not done or not lo_b <= x <= hi_b:
                raise ConvergenceError(
                    f"could not confirm a support edge between {ctx.nstr(x0, 10)} and "
                    f"{ctx.nstr(x1, 10)}")
            return x

    def _support_wp(self, dps, ctx, bar=QUIET):
        """Support intervals at ``dps + 3`` digits (cached); ``bar``: a :class:`Progress`."""
        c = self._cache.setdefault("support", {})
        if dps in c:
            return rebind(c[dps], ctx)
        bar.describe("support: grid")
        scan = self._scan(ctx, bar)
        bar.describe("support: edges")
        bar.add_total(sum(ra[0] != rb[0] for (_, ra), (_, rb) in zip(scan, scan[1:])))
        out = []
        left = None
        if scan[0][1][0] == "in":
            left = ctx.mpf(0)          # free_mul: inside down to 1e-8 * bound
        for (xa, ra), (xb, rb) in zip(scan, scan[1:]):
            if ra[0] == "out" and rb[0] == "in":
                left = self._edge(xa, ra[1], ra[2], xb, dps, ctx)
                bar.update()
            elif ra[0] == "in" and rb[0] == "out":
                out.append((left, self._edge(xb, rb[1], rb[2], xa, dps, ctx)))
                left = None
                bar.update()
            elif ra[0] == "out" and rb[0] == "out" and max(ra[2], rb[2]) > ctx.mpf(9) / 10:
                # a support interval narrower than the grid: look closer
                with ctx.workdps(_SCAN_DPS + _GUARD):
                    xm = (xa + xb) / 2
                r = self._classify(xm, _SCAN_DPS, ra, ctx)
                if r is not None and r[0] == "in":
                    lft = self._edge(xa, ra[1], ra[2], xm, dps, ctx)
                    out.append((lft, self._edge(xb, rb[1], rb[2], xm, dps, ctx)))
        c[dps] = out
        return out

    def support(self, dps: int | None = None, progress: bool | None = None) -> list[Interval]:
        r"""Support of the absolutely continuous part, as closed intervals.

        Parameters
        ----------
        dps : int, optional
            Digits of the edges (default: the measure's ``dps``).
        progress : bool or None, optional
            Show a tqdm bar on stderr (grid points, then edges).  ``None``
            (default): only when stderr is a terminal, so logs stay clean;
            ``True`` forces it, ``False`` never.  Only a first computation
            shows a bar (the result is cached on the measure).

        Returns
        -------
        list of tuple of mpmath.mpf
            Disjoint intervals ``(a, b)``, increasing.

        Raises
        ------
        RmtsymError
            Unbounded or subordinated inputs; ``free_mul`` of a signed input.
        ConvergenceError
            If an edge cannot be confirmed, or a grid point cannot be
            classified as inside or outside the support.

        Notes
        -----
        For real :math:`x` the map :math:`T_x` (see the class notes) is a
        holomorphic self-map of the half plane of :math:`\omega_1`, so it has
        at most one fixed point in the open half plane, and a real fixed point
        :math:`w` with :math:`T_x'(w) < 1` is its Denjoy--Wolff point
        (Julia--Wolff--Carathéodory).  Hence :math:`x` is outside the support
        iff :math:`\omega_1(x)` is real with :math:`T_x'(\omega_1) < 1`
        (then :math:`m(x)` is real nearby), and inside iff the fixed point
        lies in the open half plane (then :math:`\operatorname{Im} m(x) > 0`).
        A grid of about 64 points on the bound of the support (sum / product of
        the inputs' support bounds) is classified this way at 10 digits; each
        change of class brackets an edge, which is approached by bisection and
        then solved to ``dps`` digits by Newton's method on the real system
        :math:`T_x(w) = w,\ T_x'(w) = 1` in :math:`(x, w)` (the fold of the
        real branch).  An edge that does not converge inside its bracket
        raises.  For ``free_mul`` with a bound ``L <= 0`` of the support
        (an input reaching 0) the linear grid starts at :math:`R/100` and a
        geometric sub-grid :math:`R\,10^{-3}, \dots, R\,10^{-k}` is
        classified downwards, each point continued from its upper
        neighbour, with :math:`k = 20` if an input has an atom at 0 (which
        can leave a gap :math:`(0, a)`, :math:`a > 0`) and :math:`k = 8`
        otherwise; a support reaching below :math:`10^{-k} R` is reported
        with left edge 0.  Where the starting values fail (e.g. in a gap above
        an atom at 0, where the real fixed point grows like :math:`1/x` as
        :math:`x \to 0`, as for :math:`\mathrm{MP}(2) \boxtimes \mathrm{MP}(1)`),
        a sign change of :math:`T_x(w) - w` is searched on a geometric grid
        of real :math:`w` (:math:`10^{\pm 4}/x` for ``free_mul``) and polished
        by Newton's method.  A grid point that still cannot be classified
        raises :class:`ConvergenceError` naming its interval; it is never
        skipped (skipping it could move an edge, e.g. to 0).
        Support intervals narrower than the grid spacing are only found where
        the derivative on the grid comes close to 1.
        """
        dps = self.dps if dps is None else _check_dps(dps)
        show = progress_enabled(progress) and dps not in self._cache.get("support", {})
        with Progress(show, desc="support", unit="step") as bar, _context(dps) as ctx:
            ivs = self._support_wp(dps, ctx, bar)
        return [(_round(a, dps), _round(b, dps)) for a, b in ivs]

    def atoms(self, dps: int | None = None) -> list[Atom]:
        r"""Atoms as ``(location, mass)``, from the atoms of the inputs.

        Parameters
        ----------
        dps : int, optional

        Returns
        -------
        list of tuple of mpmath.mpf
            Increasing locations.

        Notes
        -----
        Bercovici--Voiculescu (1998, Thm 7.4): :math:`\mu\boxplus\nu` has an
        atom at :math:`a` iff there are :math:`b, c` with :math:`b + c = a` and
        :math:`\mu(\{b\}) + \nu(\{c\}) > 1`; its mass is
        :math:`\mu(\{b\}) + \nu(\{c\}) - 1`.  Belinschi (2003): for laws on
        :math:`[0, \infty)`, :math:`\mu\boxtimes\nu(\{0\}) = \max(\mu(\{0\}), \nu(\{0\}))`
        and, for :math:`bc > 0`, the atom at :math:`bc` has mass
        :math:`\mu(\{b\}) + \nu(\{c\}) - 1` when that is positive.  Sums
        :math:`\le 10^{-dps}` count as no atom.

        References
        ----------
        H. Bercovici, D. Voiculescu, *Regularity questions for free
        convolution*, Oper. Theory Adv. Appl. 104 (1998) 37--47.
        S. T. Belinschi, *The atoms of the free multiplicative convolution of
        two probability distributions*, Integral Equations Operator Theory 46
        (2003) 377--386.
        """
        dps = self.dps if dps is None else _check_dps(dps)
        out = {}
        with _context(dps) as ctx, ctx.workdps(dps + _GUARD):
            A = rebind(_input_atoms(self.mu, dps + ROUND_GUARD), ctx)
            B = rebind(_input_atoms(self.nu, dps + ROUND_GUARD), ctx)
            tiny = ctx.mpf(10) ** (-dps)
            if self.kind == "mul":
                if not (getattr(self.mu, "nonnegative", False) and getattr(self.nu, "nonnegative", False)):
                    raise RmtsymError("atoms() of free_mul need both inputs supported on [0, inf)")
                z0 = max([w for a, w in A if a == 0] + [w for a, w in B if a == 0] + [0])
                if z0 > tiny:
                    out[ctx.mpf(0)] = z0
            for a, p in A:
                for b, q in B:
                    if self.kind == "mul" and (a == 0 or b == 0):
                        continue
                    if p + q - 1 > tiny:
                        loc = a + b if self.kind == "add" else a * b
                        out[loc] = out.get(loc, 0) + p + q - 1
        return [(_round(a, dps), _round(out[a], dps)) for a in sorted(out)]

    # -- density ---------------------------------------------------------------
    def _density_path(self, x, dps, ctx, start=None):
        """The old route: continuation down from ``x + i`` to ``x + 10^{-(dps+4)} i``;
        the value is exactly 0 where a real fixed point with :math:`T_x' < 1`
        exists (``x`` outside the support, see :meth:`support`)."""
        wp = dps + _GUARD
        x = rebind(x, ctx)
        with ctx.workdps(wp):
            eps = ctx.mpf(10) ** (-(dps + EPS_GUARD))
            if start is None:
                eta = ctx.mpf(1)
                om = None
                while True:
                    m, om = self._m(ctx.mpc(x, eta), dps, ctx, om)
                    if eta <= eps:
                        break
                    eta = max(eta / 10, eps)
            else:
                m, om = self._m(ctx.mpc(x, eps), dps, ctx, start)
            v = ctx.im(m) / ctx.pi
            # inside or outside: decided by the real fixed point, not by the size
            # of v (outside, v ~ eps w0 / x^2 is no density, however small x is)
            r = self._solve(x, ctx.re(om), dps, True, ctx) if x != 0 else None
            out = r is not None and r[1] < 1 - ctx.mpf(10) ** (-dps // 2)
            if not out and x != 0:
                out = self._classify_real(x, dps, ctx) is not None
            if out:
                v = ctx.mpf(0)
            elif not v > 0:
                raise ConvergenceError(f"density at x = {ctx.nstr(x, 15)}: no real fixed point "
                                       f"with T' < 1 and Im m(x + i eps) = {ctx.nstr(v, 3)}")
        return _round(v, dps), om

    def _starts(self, dps):
        return self._cache.setdefault("starts", {}).setdefault(dps, ([], []))

    def _density_at(self, x, dps, ctx, start=None):
        """Density at real ``x`` (value at ``dps + 3`` digits); 0 outside the support."""
        x = rebind(x, ctx)
        ivs = self._support_wp(dps, ctx)
        if not any(a <= x <= b for a, b in ivs):
            return ctx.mpf(0), None
        xs, oms = self._starts(dps)
        cands = []
        pred = self._predict(x, xs, oms, dps, ctx)
        if pred is not None:
            cands.append(pred)
        if start is not None:
            cands.append(start)
        if xs:
            k = bisect.bisect_left(xs, x)
            cands += [oms[j] for j in sorted((k - 1, k), key=lambda j: abs(rebind(xs[j], ctx) - x) if 0 <= j < len(xs) else 0)
                      if 0 <= j < len(xs)]
        scan = [(xx, r[1]) for xx, r in self._scan(ctx) if r[0] == "in"]
        if scan:
            cands.append(min(scan, key=lambda t: abs(t[0] - x))[1])
        r = None
        known = rebind(list(xs), ctx) + [xx for xx, _ in scan]
        if self.kind == "mul" and x > 0 and known and min(known) > 0 and \
                min(abs(ctx.log(v / x)) for v in known) > ctx.log(10):
            # more than a decade from any solved point (towards a hard edge 0):
            # a direct Newton solve would wander; go straight to the continuation
            cands = []
        for s in cands[:3]:
            r = self._solve(x, s, dps, False, ctx, maxit=40 if s is cands[-1] else 15)
            if r is not None and abs(ctx.im(r[0])) > ctx.mpf(10) ** (-dps) * (1 + abs(r[0])):
                break
            r = None
        wp = dps + _GUARD
        if r is None and (xs or scan):
            # the solved points and the (10-digit) classification grid as starts
            pts = sorted([(xx, oo) for xx, oo in zip(xs, oms)] + scan, key=lambda q: q[0])
            r = self._continue_to(x, [q[0] for q in pts], [q[1] for q in pts], dps, ctx)
        if r is None:
            v, om = self._density_path(x, dps, ctx)
            return v, om
        om = r[0]
        with ctx.workdps(wp):
            v = ctx.im(self._m_from_omega(ctx.mpf(x), om, dps, ctx)) / ctx.pi
            k = bisect.bisect_left(xs, x)
            xs.insert(k, x)
            oms.insert(k, om)
        return v, om

    def _predict(self, x, xs, oms, dps, ctx):
        """Starting value at ``x`` from the two nearest solved points: linear in
        ``x`` (``free_add``), linear in ``(log x, log omega)`` for ``free_mul``
        (near a hard edge 0 the fixed point grows like a power of ``1/x``)."""
        if len(xs) < 2:
            return None
        with ctx.workdps(dps + _GUARD):
            geo = self.kind == "mul" and x > 0 and xs[0] > 0
            key = (lambda v: abs(ctx.log(v / x))) if geo else (lambda v: abs(v - x))
            k = bisect.bisect_left(xs, x)
            near = sorted(range(max(k - 2, 0), min(k + 2, len(xs))), key=lambda j: key(rebind(xs[j], ctx)))[:2]
            (x0, o0), (x1, o1) = [(rebind(xs[j], ctx), rebind(oms[j], ctx)) for j in near]
            if x0 == x1:
                return None
            if geo:
                lam = ctx.log(x / x0) / ctx.log(x1 / x0)
                return o0 * ctx.exp(lam * (ctx.log(o1) - ctx.log(o0)))
            return o0 + (x - x0) / (x1 - x0) * (o1 - o0)

    def _continue_to(self, x, xs, oms, dps, ctx):
        """Follow the fixed point on the real axis from the nearest solved point
        to ``x``, halving the step (geometrically for ``free_mul`` near 0) on
        failure; each step starts from the extrapolation of the last two points."""
        xs, oms = rebind(xs, ctx), rebind(oms, ctx)
        k = bisect.bisect_left(xs, x)
        with ctx.workdps(dps + _GUARD):
            geo = self.kind == "mul" and x > 0 and all(v > 0 for v in xs[max(k - 1, 0):k + 1])
            dist = (lambda v: abs(ctx.log(v / x))) if geo else (lambda v: abs(v - x))
            j = min((i for i in (k - 1, k) if 0 <= i < len(xs)), key=lambda i: dist(xs[i]))
            x0, om = xs[j], oms[j]
            # the neighbour on the far side of x0 from x (a second point to extrapolate from)
            j2 = j - 1 if x < x0 else j + 1
            hist = [(xs[j2], oms[j2])] if 0 <= j2 < len(xs) else []
            hist.append((x0, om))
            h = ctx.mpf(1)           # fraction of the remaining way
            if geo and abs(ctx.log(x / x0)) > ctx.log(10):
                h = ctx.log(10) / abs(ctx.log(x / x0))      # first step: a decade
            for _ in range(200):
                if geo:
                    xt = x0 * (x / x0) ** h
                else:
                    xt = x0 + h * (x - x0)
                if h == 1:
                    xt = x
                start = om
                if len(hist) >= 2:
                    (xa, oa), (xb, ob) = hist[-2:]
                    pred = self._predict(xt, [xa, xb] if xa < xb else [xb, xa],
                                         [oa, ob] if xa < xb else [ob, oa], dps, ctx)
                    if pred is not None and self._half_ok(pred, ctx):
                        start = pred
                r = self._solve(xt, start, dps, False, ctx, maxit=12)
                if r is not None and abs(ctx.im(r[0])) > ctx.mpf(10) ** (-dps) * (1 + abs(r[0])):
                    if xt == x:
                        return r
                    x0, om = xt, r[0]
                    hist.append((x0, om))
                    h = min(2 * h, ctx.mpf(1))
                else:
                    h /= 2
                    if h < ctx.mpf(2) ** -30:
                        return None
        return None

    def _density1(self, x, dps):
        with _context(dps) as ctx:
            v, _ = self._density_at(ctx.convert(x), dps, ctx)
            return _round(v, dps), _value_error(dps, ctx)

    def _density_grid(self, xs, dps, error):
        with _context(dps) as ctx:
            xv = [_to_real(x, f"x[{k}]", ctx) for k, x in enumerate(xs)]
            order = sorted(range(len(xv)), key=lambda k: xv[k])
            out = [None] * len(xv)
            om = None
            for k in order:
                v, om2 = self._density_at(xv[k], dps, ctx, om)
                om = om2 if om2 is not None else om
                out[k] = (_round(v, dps), _value_error(dps, ctx))
            return out if error else [v for v, _ in out]

    def _edge0_power(self, b, dens, dps, ctx):
        r"""Ramification ``k`` at a left edge 0 of ``free_mul`` (see :meth:`cdf`)."""
        with ctx.workdps(dps + _GUARD):
            b = rebind(b, ctx)
            vals = []
            for j in range(1, 7):             # b 10^-2, ..., b 10^-12: continuation downwards
                t = b * ctx.mpf(10) ** (-2 * j)
                vals.append((t, rebind(dens(t), ctx)))
            (t1, r1), (t2, r2) = vals[-2:]
            if r1 <= 0 or r2 <= 0:
                return 2, None
            alpha = ctx.log(r2 / r1) / ctx.log(t1 / t2)
            if alpha >= ctx.mpf(99) / 100:
                raise ConvergenceError(
                    f"cdf: the density near 0 grows like t^(-{ctx.nstr(alpha, 4)}), which is not "
                    "integrable: the support edge 0 is doubtful (a gap above an atom at 0 that "
                    "support() missed?)")
            frac = fractions.Fraction(float(alpha)).limit_denominator(_MAX_RAMIFICATION)
            if frac >= 1 or abs(alpha - ctx.mpf(frac.numerator) / frac.denominator) > ctx.mpf(10) ** -3:
                raise ConvergenceError(
                    f"cdf: the density near the hard edge 0 does not follow a power law t^(-p/q) "
                    f"with q <= {_MAX_RAMIFICATION} (local exponent estimate {ctx.nstr(alpha, 8)})")
            return max(frac.denominator, 2), frac

    def cdf(self, x: RealPoints, dps: int | None = None, max_evals: int = 1000,
            progress: bool | None = None) -> RealResult:
        r"""Distribution function :math:`\mu((-\infty, x])`.

        Parameters
        ----------
        x : real number
        dps : int, optional
        max_evals : int, optional
            Budget of density evaluations (each one a bounded Newton solve).
        progress : bool or None, optional
            Show a tqdm bar of the density evaluations (and of the support,
            when not yet computed) on stderr; ``None`` (default): only when
            stderr is a terminal; ``True`` forces it, ``False`` never.

        Returns
        -------
        mpmath.mpf

        Raises
        ------
        ConvergenceError
            If the quadrature does not reach :math:`10^{-dps}` within
            ``max_evals`` density evaluations (the message names the
            interval), or if the density at a hard left edge 0 does not follow
            a power law :math:`t^{-p/q}`, :math:`q \le 6`.
        RmtsymError
            If ``max_evals`` is not a positive integer.

        Notes
        -----
        Atoms at locations :math:`\le x` (:meth:`atoms`) plus the integral of
        the density over each support interval :math:`[a, b]` cut at ``x``.
        Each interval is split at its midpoint and each half is mapped by
        :math:`t = a + u^2` (resp. :math:`b - u^2`), which makes square-root
        edges analytic in ``u``.  At a left edge 0 of ``free_mul`` the density
        of an algebraic law is a Puiseux series
        :math:`\rho(t) = t^{-p/q} \sum_j c_j t^{j/q}` (e.g. :math:`t^{-2/3}`
        for :math:`\mathrm{MP}(1) \boxtimes \mathrm{MP}(1)`, the Fuss--Catalan
        law); the local exponent :math:`p/q` is estimated from
        :math:`\rho(10^{-10} b)` and :math:`\rho(10^{-12} b)` (error
        :math:`O(10^{-10/q})`) and identified as the nearest fraction with
        :math:`q \le 6`; then :math:`t = u^q` makes
        :math:`q u^{q-1} \rho(u^q) = q \sum_j c_j u^{j + q - 1 - p}` analytic
        at :math:`u = 0`, so no separate treatment of the head
        :math:`[0, \epsilon]` is needed.  Gauss--Legendre rules in ``u`` with
        12, 24, 48, ... nodes are applied until two successive values agree to
        :math:`10^{-dps}/4`; their difference (an over-estimate of the error
        of the finer rule for analytic integrands) is the reported error.
        Nodes are visited from the edge at 0 outwards in decreasing ``t`` order,
        and every density value is a Newton solve started from the fixed
        points at the two nearest solved abscissae (extrapolated in
        :math:`(\log t, \log \omega)` for ``free_mul``), which keeps the cost
        of an evaluation near 0 bounded.
        """
        dps = self.dps if dps is None else _check_dps(dps)
        if isinstance(max_evals, bool) or not isinstance(max_evals, int) or max_evals < 1:
            raise RmtsymError(f"max_evals must be a positive integer, got {max_evals!r}")
        wp = dps + _GUARD
        with Progress(progress, desc="cdf", unit="eval") as bar, _context(dps) as ctx:
            xv = _to_real(x, "x", ctx)
            ivs = self._support_wp(dps, ctx, bar)
            bar.describe("cdf: density evaluations")
            ats = rebind(self.atoms(dps + ROUND_GUARD), ctx)
            left = [max_evals]

            def dens(t, where="the edge 0"):
                if left[0] <= 0:
                    raise ConvergenceError(
                        f"cdf: budget of max_evals={max_evals} density evaluations exhausted "
                        f"on {where} before the quadrature reached 1e-{dps}")
                left[0] -= 1
                bar.update()
                return self._density_at(t, dps, ctx)[0]

            with ctx.workdps(wp):
                total = ctx.fsum(w for a, w in ats if a <= xv)
                err = ctx.mpf(0)
                tol = ctx.mpf(10) ** (-dps) / 4
                for a, b in ivs:
                    if xv <= a:
                        continue
                    mid = (a + b) / 2
                    pl = 2
                    if self.kind == "mul" and a == 0:
                        pl, _ = self._edge0_power(b, dens, dps, ctx)
                    pieces = [(a, 1, pl, 0, ctx.root(min(xv, mid) - a, pl))]
                    if xv > mid:
                        pieces.append((b, -1, 2, ctx.sqrt(max(b - xv, 0)), ctx.sqrt(b - mid)))
                    for e, sg, p, u0, u1 in pieces:
                        if u1 <= u0:
                            continue
                        where = (f"[{ctx.nstr(min(e, e + sg * u1 ** p), 8)}, "
                                 f"{ctx.nstr(max(e + sg * u0 ** p, e + sg * u1 ** p), 8)}]")
                        prev = None
                        for n in _GL_SIZES:
                            pts = []
                            for xn, wn in rebind(_gl_nodes(n, wp), ctx):
                                u = u0 + (u1 - u0) * (xn + 1) / 2
                                pts.append((e + sg * u ** p, u, wn))
                            # from the edge e inwards when the edge is 0 (continuation downwards)
                            pts.sort(key=lambda q: q[0], reverse=(e == 0 and sg == 1))
                            acc = []
                            for t, u, wn in pts:
                                acc.append(wn * p * u ** (p - 1) * dens(t, where))
                            val = ctx.fsum(acc) * (u1 - u0) / 2
                            if prev is not None and abs(val - prev) <= tol:
                                break
                            prev = val
                        else:
                            raise ConvergenceError(
                                f"cdf: Gauss-Legendre with {_GL_SIZES[-1]} nodes did not reach 1e-{dps} "
                                f"on {where} (last change {ctx.nstr(abs(val - prev), 3)})")
                        total += val
                        err += abs(val - prev)
                if not err <= ctx.mpf(10) ** (-dps):
                    raise ConvergenceError(f"cdf quadrature error estimate {ctx.nstr(err, 3)} "
                                           f"exceeds 1e-{dps}")
            return _round(total, dps)


_MAX_RAMIFICATION = 6


def _value_error(dps, ctx):
    """The stated error ``10**-(dps + VALUE_GUARD)`` of a density value, rounded to ``dps`` digits."""
    return _round(ctx.mpf(10) ** (-(dps + VALUE_GUARD)), dps, ctx)
_GL_SIZES = (12, 24, 48, 96, 192)


def _gl_nodes(n, wp):
    """Gauss--Legendre ``[(node, weight), ...]`` on [-1, 1] to ``wp`` digits
    (:func:`rmtsym.numerics.quadrature.gauss_legendre`)."""
    return list(zip(*gauss_legendre(n, wp)))


def _input_atoms(meas, dps):
    if is_exact(meas):
        return _atoms_alg(meas, dps)
    return meas.atoms(dps=dps)


def free_add_numeric(mu: Any, nu: Any, dps: int = 30) -> SubordinatedMeasure:
    r"""Free additive convolution by subordination (numeric inputs allowed).

    Parameters
    ----------
    mu, nu : AlgebraicMeasure, NumericMeasure or SubordinatedMeasure
    dps : int, optional
        Default precision of the returned measure's methods.

    Returns
    -------
    SubordinatedMeasure

    Examples
    --------
    >>> import mpmath
    >>> from rmtsym.numerics import NumericMeasure, free_add_numeric
    >>> sc = NumericMeasure(lambda x: mpmath.sqrt(4 - x**2) / (2 * mpmath.pi), [(-2, 2)])
    >>> [mpmath.nstr(v, 10) for v in free_add_numeric(sc, sc, dps=15).moments(4)]
    ['1.0', '0.0', '2.0', '0.0', '8.0']
    """
    return SubordinatedMeasure("add", mu, nu, dps)


def free_mul_numeric(mu: Any, nu: Any, dps: int = 30) -> SubordinatedMeasure:
    r"""Free multiplicative convolution by subordination (numeric inputs allowed).

    Parameters
    ----------
    mu, nu : AlgebraicMeasure, NumericMeasure or SubordinatedMeasure
        At least one supported on :math:`[0, \infty)`.
    dps : int, optional

    Returns
    -------
    SubordinatedMeasure
    """
    return SubordinatedMeasure("mul", mu, nu, dps)
