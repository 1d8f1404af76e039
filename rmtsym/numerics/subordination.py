r"""Free convolution with numeric inputs, by subordination.

The fixed-point equations of Belinschi & Bercovici, *A new approach to
subordination results in free probability*, J. Anal. Math. 101 (2007)
357--365, solved to ``dps`` digits with a convergence check; see
:class:`SubordinatedMeasure`.  Part of :mod:`rmtsym.numerics`, which
re-exports every public name.  All mpmath work happens in scoped
``mpmath.workdps`` blocks.
"""

import bisect
import operator

import mpmath
import sympy

from ..errors import BranchError, ConvergenceError, RmtsymError
from .algebraic import (_GUARD, NumericMeasure, _check_dps, _curve, _NumericBase, _round,
                        _Singular, _to_mpc, _to_real)
from .algebraic import atoms as _atoms_alg
from .algebraic import support as _support_alg

__all__ = ["SubordinatedMeasure", "free_add_numeric", "free_mul_numeric"]

# ---------------------------------------------------------------------------
# subordination
# ---------------------------------------------------------------------------

_SCAN_DPS = 10      # digits of the coarse classification (starting values only)


class _Bad(Exception):
    """A real evaluation point inside an input's support (no real value)."""


_CURVE_OF = {}


def _curve_of(mu):
    """``_curve(mu)`` memoised by identity (building the polynomial is not free)."""
    hit = _CURVE_OF.get(id(mu))
    if hit is None or hit[0] is not mu:
        hit = _CURVE_OF[id(mu)] = (mu, _curve(mu))
    return hit[1]


def _m_dm(mu, w, dps):
    """m_mu(w), m_mu'(w) for Im w != 0, for any kind of measure."""
    if isinstance(mu, NumericMeasure):
        return mu._m_and_dm(w, dps)
    if isinstance(mu, SubordinatedMeasure):
        h = mpmath.mpf(10) ** (-(dps // 2)) * (1 + abs(w))
        with mpmath.workdps(dps + _GUARD):
            w = mpmath.mpc(w)
            flip = w.imag < 0
            ww = mpmath.conj(w) if flip else w
            m = mu._m(ww, dps)[0]
            # the derivative only steers Newton's method; half the digits suffice
            dm = (mu._m(ww + h, dps)[0] - mu._m(ww - h, dps)[0]) / (2 * h)
            if flip:
                m, dm = mpmath.conj(m), mpmath.conj(dm)
        return m, dm
    cur = _curve_of(mu)
    wp = dps + _GUARD
    with mpmath.workdps(wp):
        w = mpmath.mpc(w)
        flip = w.imag < 0
        if flip:
            w = mpmath.conj(w)
        m = None
        last = cur.__dict__.get("_subord_last")
        # continue from the previous evaluation point when the segment stays
        # well inside the upper half plane (no critical point can be near it)
        if last is not None and abs(w - last[0]) <= 2 * min(w.imag, last[0].imag):
            try:
                m, rts = cur.track(last[0], w, last[1], last[2])
            except (BranchError, _Singular):
                m = None
        if m is None:
            m, rts = cur.value_upper(w, wp)
        cur.__dict__["_subord_last"] = (w, m, rts)
        m, _ = cur.polish(mpmath.mpc(m), w, dps)
        _, Pm, Pz, _ = cur.residual_and_derivs(m, w)
        dm = -Pz / Pm
        if flip:
            m, dm = mpmath.conj(m), mpmath.conj(dm)
    return m, dm


def _moments_of(mu, n, dps):
    if hasattr(mu, "stieltjes_polynomial"):
        ms = mu.moments(n)
        with mpmath.workdps(dps + _GUARD):
            return [mpmath.mpf(sympy.Rational(v).p) / sympy.Rational(v).q for v in ms]
    return mu.moments(n, dps=dps + 5)


def _series_mul(a, b, n):
    return [mpmath.fsum(a[i] * b[k - i] for i in range(k + 1)) for k in range(n + 1)]


def _free_cumulants(ms, n):
    """Free cumulants from moments: M(z) = C(z M(z)), M = 1 + sum m_k z^k."""
    M = list(ms[:n + 1])
    zM = [mpmath.mpf(0)] + M[:n]
    kap = [mpmath.mpf(0)] * (n + 1)
    powers = [[mpmath.mpf(1)] + [mpmath.mpf(0)] * n]
    for k in range(1, n + 1):
        powers.append(_series_mul(powers[-1], zM, n))
    for j in range(1, n + 1):
        s = mpmath.fsum(kap[k] * powers[k][j] for k in range(1, j))
        kap[j] = M[j] - s       # powers[j][j] = 1
    return kap


def _moments_from_cumulants(kap, n):
    M = [mpmath.mpf(1)] + [mpmath.mpf(0)] * n
    for j in range(1, n + 1):
        zM = [mpmath.mpf(0)] + M[:n]
        acc = [mpmath.mpf(0)] * (n + 1)
        p = [mpmath.mpf(1)] + [mpmath.mpf(0)] * n
        for k in range(1, j + 1):
            p = _series_mul(p, zM, n)
            for i in range(n + 1):
                acc[i] += kap[k] * p[i]
        M[j] = acc[j]
    return M


def _reverse(f, n):
    """Compositional inverse of f = f1 u + f2 u^2 + ... (f1 != 0), to order n."""
    g = [mpmath.mpf(0), 1 / f[1]] + [mpmath.mpf(0)] * (n - 1)
    for j in range(2, n + 1):
        # coefficient j of f(g(u)) must vanish
        acc = mpmath.mpf(0)
        p = [mpmath.mpf(1)] + [mpmath.mpf(0)] * n
        for k in range(1, j + 1):
            p = _series_mul(p, g, n)
            acc += f[k] * p[j]
        g[j] = -acc / f[1]
    return g


def _s_series(ms, n):
    """S(w) = chi(w) (1 + w) / w with chi the inverse of psi(u) = sum_{k>=1} m_k u^k."""
    chi = _reverse([mpmath.mpf(0)] + list(ms[1:n + 2]), n + 1)
    c = chi[1:]                                     # chi(w)/w
    return [c[k] + (c[k - 1] if k else 0) for k in range(n + 1)]


def _moments_from_s(S, n):
    # chi(w) = w S(w) / (1 + w);  psi = chi^{-1}
    inv1pw = [(-1) ** k for k in range(n + 2)]
    wS = [mpmath.mpf(0)] + S[:n + 1]
    chi = _series_mul(wS, inv1pw, n + 1)
    psi = _reverse(chi, n + 1)
    return [mpmath.mpf(1)] + psi[1:n + 1]


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
    at :math:`z = x` itself, started from the nearest solved point (grid
    continuation; it is the unique fixed point in the open half plane), and
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
    >>> from rmtsym.laws import marchenko_pastur
    >>> from rmtsym.numerics import free_mul_numeric
    >>> prod = free_mul_numeric(marchenko_pastur(2), marchenko_pastur(sympy.Rational(1, 3)), dps=15)
    >>> prod.atoms()
    [(mpf('0.0'), mpf('0.5'))]
    >>> prod.density(20)
    mpf('0.0')
    """

    def __init__(self, kind, mu, nu, dps=30, label=None):
        if kind not in ("add", "mul"):
            raise RmtsymError(f"kind must be 'add' or 'mul', got {kind!r}")
        for name, x in (("mu", mu), ("nu", nu)):
            if not (hasattr(x, "stieltjes_polynomial") or isinstance(x, _NumericBase)):
                raise RmtsymError(f"{name} must be a measure, got {type(x).__name__}")
            if hasattr(x, "stieltjes_polynomial"):
                _curve(x)       # checks for free parameters
        if kind == "mul" and not (getattr(mu, "nonnegative", None) or getattr(nu, "nonnegative", None)):
            raise RmtsymError("free_mul needs at least one input supported on [0, inf)")
        self.kind, self.mu, self.nu = kind, mu, nu
        self.dps = _check_dps(dps)
        sym = "⊞" if kind == "add" else "⊠"
        self.label = label or f"({getattr(mu, 'label', 'mu')} {sym} {getattr(nu, 'label', 'nu')})"
        self.nonnegative = bool(getattr(mu, "nonnegative", False) and getattr(nu, "nonnegative", False)) or None
        self._last = None
        self._cache = {}

    # -- the fixed point ----------------------------------------------------
    def _omega(self, z, dps, start=None):
        wp = dps + _GUARD
        mu, nu = self.mu, self.nu
        with mpmath.workdps(wp):
            z = mpmath.mpc(z)
            tol = mpmath.mpf(10) ** (-(wp - 4))
            if self.kind == "add":
                def h(meas, w):
                    m, dm = _m_dm(meas, w, dps + 4)
                    return -1 / m - w, dm / m ** 2 - 1

                def step(om):
                    h1, d1 = h(mu, om)
                    om2 = z + h1
                    h2, d2 = h(nu, om2)
                    return z + h2, d2 * d1
            else:
                zeta = 1 / z

                def h(meas, w):
                    m, dm = _m_dm(meas, 1 / w, dps + 4)
                    val = 1 / w + 1 / m
                    der = -1 / w ** 2 + dm / (w ** 2 * m ** 2)
                    return val, der

                def step(om):
                    h1, d1 = h(mu, om)
                    om2 = zeta * h1
                    h2, d2 = h(nu, om2)
                    return zeta * h2, zeta * d2 * zeta * d1
            om = (z if self.kind == "add" else 1 / z) if start is None else start
            for it in range(400):
                val, der = step(om)
                g = om - val
                new = om - g / (1 - der) if it >= 2 or start is not None else val
                ok_half = (mpmath.im(new) > 0) if self.kind == "add" else (mpmath.im(new) * mpmath.im(1 / z) > 0 or mpmath.im(new) == 0)
                if not ok_half or abs(new - om) > 10 * (1 + abs(om)):
                    new = val              # fall back to the contraction
                if abs(new - om) <= tol * (1 + abs(om)):
                    return new
                om = new
        raise ConvergenceError(f"subordination did not converge at z = {mpmath.nstr(z, 15)}")

    def _m_from_omega(self, z, om, dps):
        with mpmath.workdps(dps + _GUARD):
            if self.kind == "add":
                return _m_dm(self.mu, om, dps + 4)[0]
            m1, _ = _m_dm(self.mu, 1 / om, dps + 4)
            eta = 1 + om / m1
            return 1 / (z * (eta - 1))

    def _m(self, z, dps, start=None):
        om = self._omega(z, dps, start)
        return self._m_from_omega(z, om, dps), om

    # -- interface ------------------------------------------------------------
    def stieltjes(self, z, dps=None, error=False):
        """``m(z)`` for ``Im z != 0``."""
        dps = self.dps if dps is None else _check_dps(dps)
        with mpmath.workdps(dps + _GUARD):
            zv = mpmath.mpc(_to_mpc(z, "z"))
            if zv.imag == 0:
                raise RmtsymError("stieltjes of a subordinated measure needs Im z != 0")
            flip = zv.imag < 0
            if flip:
                zv = mpmath.conj(zv)
            m, _ = self._m(zv, dps)
            if flip:
                m = mpmath.conj(m)
        v = _round(m, dps)
        return (v, mpmath.mpf(10) ** -dps) if error else v

    def moments(self, n, dps=None):
        """Moments ``[m_0..m_n]`` from the inputs' moments (free cumulants / S)."""
        dps = self.dps if dps is None else _check_dps(dps)
        n = operator.index(n)
        with mpmath.workdps(dps + _GUARD + 10):
            a = _moments_of(self.mu, n + 1, dps + 10)
            b = _moments_of(self.nu, n + 1, dps + 10)
            if self.kind == "add":
                k1, k2 = _free_cumulants(a, n), _free_cumulants(b, n)
                out = _moments_from_cumulants([x + y for x, y in zip(k1, k2)], n)
            else:
                if a[1] == 0 or b[1] == 0:
                    raise RmtsymError("free_mul needs non-zero means (S-transform)")
                S = _series_mul(_s_series(a, n), _s_series(b, n), n)
                out = _moments_from_s(S, n)
        return [_round(v, dps) for v in out]

    # -- the real axis: solving at z = x, support edges, atoms -------------------
    def _info(self, meas):
        """``(a.c. intervals, atoms, lo, hi)`` of an input (20 digits, cached)."""
        c = self._cache.setdefault("info", {})
        if id(meas) not in c:
            if isinstance(meas, SubordinatedMeasure):
                raise RmtsymError("the support of a subordinated measure with a subordinated "
                                  "input is not available (evaluate its density on a grid)")
            if hasattr(meas, "stieltjes_polynomial"):
                ivs, ats = _support_alg(meas, 20), _atoms_alg(meas, 20)
            else:
                ivs, ats = meas.support(dps=20), meas.atoms(dps=20)
            with mpmath.workdps(20):
                pts = [v for iv in ivs for v in iv] + [a for a, w in ats if w > 0]
                if not pts or not all(mpmath.isfinite(v) for v in pts):
                    raise RmtsymError(f"the support of {getattr(meas, 'label', 'an input')} must be "
                                      "bounded to locate the support edges of its free convolution")
                c[id(meas)] = (list(ivs), list(ats), min(pts), max(pts))
        return c[id(meas)]

    def _mdm(self, meas, w, dps, real):
        """``m, m'`` of an input at ``w``: complex ``w`` off the axis, or real ``w``
        outside the input's a.c. support (raises :class:`_Bad` inside)."""
        if not real:
            return _m_dm(meas, w, dps)
        ivs = self._info(meas)[0]
        if any(a <= w <= b for a, b in ivs):
            raise _Bad()
        wp = dps + _GUARD
        with mpmath.workdps(wp):
            if isinstance(meas, NumericMeasure):
                m, dm = meas._m_and_dm(mpmath.mpf(w), dps)
                return mpmath.re(m), mpmath.re(dm)
            cur = _curve_of(meas)
            w = mpmath.mpf(w)
            m, _ = cur.value_real(w, wp)
            m, _ = cur.polish(mpmath.re(m), w, dps)
            _, Pm, Pz, _ = cur.residual_and_derivs(m, w)
            return m, -Pz / Pm

    def _map(self, w, z, dps, real=False):
        r"""The subordination map :math:`T_z(\omega)`, its derivative in
        :math:`\omega`, and the second subordination point."""
        mdm = self._mdm
        with mpmath.workdps(dps + _GUARD):
            if self.kind == "add":
                m1, d1 = mdm(self.mu, w, dps, real)
                w2 = z - 1 / m1 - w
                m2, d2 = mdm(self.nu, w2, dps, real)
                return z - 1 / m2 - w2, (d2 / m2 ** 2 - 1) * (d1 / m1 ** 2 - 1), w2
            zeta = 1 / z
            u1 = 1 / w
            m1, d1 = mdm(self.mu, u1, dps, real)
            w2 = zeta * (u1 + 1 / m1)
            u2 = 1 / w2
            m2, d2 = mdm(self.nu, u2, dps, real)
            T = zeta * (u2 + 1 / m2)
            Tw = zeta ** 2 * u1 ** 2 * u2 ** 2 * (d1 / m1 ** 2 - 1) * (d2 / m2 ** 2 - 1)
            return T, Tw, w2

    def _half_ok(self, om):
        # z in the closed upper half plane: omega_1 in C+ (add), in C- (mul)
        return mpmath.im(om) > 0 if self.kind == "add" else mpmath.im(om) < 0

    def _solve(self, z, start, dps, real, maxit=40):
        """Newton's method for ``omega = T_z(omega)`` from ``start``.

        ``real=True``: a real solution for real ``z``; ``real=False``: a
        solution in the open half plane of :math:`\\omega_1`.  Returns
        ``(omega, T')`` or None (no convergence, or left the domain)."""
        wp = dps + _GUARD
        with mpmath.workdps(wp):
            tol = mpmath.mpf(10) ** (-(dps + 3))
            om = mpmath.mpf(mpmath.re(start)) if real else mpmath.mpc(start)
            if not real and not self._half_ok(om):
                return None
            for _ in range(maxit):
                try:
                    T, Tw, _ = self._map(om, z, dps, real)
                except (_Bad, ZeroDivisionError, RmtsymError, _Singular):
                    return None
                if Tw == 1 or not mpmath.isfinite(abs(T)):
                    return None
                step = (om - T) / (1 - Tw)
                new = om - step
                if not real:
                    k = 0
                    while not self._half_ok(new):
                        step /= 4
                        new = om - step
                        k += 1
                        if k > 20:
                            return None
                if abs(step) <= tol * (1 + abs(om)):
                    return new, Tw
                om = new
        return None

    def _classify(self, x, dps, prev):
        """``("out", w, T')`` (real fixed point with T' < 1), ``("in", omega, None)``
        (fixed point in the open half plane) or None; ``prev`` is a neighbour's result."""
        tries = []
        if prev is not None:
            if prev[0] == "out":
                tries = [("r", prev[1]), ("c", prev[1] + (1j if self.kind == "add" else -1j) * (abs(prev[1]) + 1) / 10)]
            else:
                tries = [("c", prev[1]), ("r", mpmath.re(prev[1]))]
        for attempt in range(2):
            for how, s in tries:
                if how == "r":
                    r = self._solve(x, s, dps, True)
                    if r is not None and r[1] < 1 - mpmath.mpf(10) ** (-dps // 2):
                        return ("out", r[0], r[1])
                else:
                    r = self._solve(x, s, dps, False)
                    if r is not None and abs(mpmath.im(r[0])) > mpmath.mpf(10) ** (-dps // 2) * (1 + abs(r[0])):
                        return ("in", r[0], None)
            if attempt == 0:
                # global start: the contraction at x + i delta, then Newton down to the axis
                delta = self._cache["scale"] / 20
                try:
                    om = self._omega(mpmath.mpc(x, delta), dps)
                except ConvergenceError:
                    return None
                tries = [("c", om), ("r", mpmath.re(om))]
        return None

    def _scan(self):
        """Classify a coarse grid covering the support bound (``_SCAN_DPS`` digits, cached)."""
        if "scan" in self._cache:
            return self._cache["scan"]
        _, _, lo1, hi1 = self._info(self.mu)
        _, _, lo2, hi2 = self._info(self.nu)
        dps = _SCAN_DPS
        n = 64
        with mpmath.workdps(dps + _GUARD):
            if self.kind == "add":
                L, R = lo1 + lo2, hi1 + hi2
                pad = (R - L) / 20 + (1 + abs(L) + abs(R)) / 1000
                lo_x, hi_x = L - pad, R + pad
                xs = [lo_x + (hi_x - lo_x) * k / (n - 1) for k in range(n)]
            else:
                if lo1 < 0 or lo2 < 0:
                    raise RmtsymError("support()/cdf() of free_mul need both inputs supported on [0, inf)")
                L, R = lo1 * lo2, hi1 * hi2
                pad = (R - L) / 20 + R / 1000
                hi_x = R + pad
                lo_x = L - pad
                if lo_x <= 0:
                    lo_x = hi_x / 100
                    xs = [hi_x * mpmath.mpf(10) ** (-k) for k in range(8, 2, -1)]
                else:
                    xs = []
                xs += [lo_x + (hi_x - lo_x) * k / (n - 1) for k in range(n)]
            self._cache["scale"] = hi_x - lo_x
            res = []
            prev = None
            for x in xs:
                r = self._classify(x, dps, prev)
                if r is not None:
                    res.append((x, r))
                    prev = r
        if not res or res[-1][1][0] != "out" or (self.kind == "add" and res[0][1][0] != "out"):
            raise ConvergenceError("could not confirm that the ends of the search interval "
                                   "lie outside the support")
        self._cache["scan"] = res
        return res

    def _edge(self, xo, wo, to, xi, dps):
        """The edge between ``xo`` (outside, real fixed point ``wo`` with
        derivative ``to``) and ``xi`` (inside): bisection down to the fold, then
        Newton's method on ``(T(w; x) - w, T'(w; x) - 1) = 0`` in ``(x, w)``."""
        wp = dps + _GUARD
        with mpmath.workdps(wp):
            xo, xi, wo = mpmath.mpf(xo), mpmath.mpf(xi), mpmath.mpf(wo)
            x0, x1 = xo, xi
            for _ in range(80):
                if 1 - to < mpmath.mpf(1) / 10 or abs(xi - xo) < mpmath.mpf(10) ** (-8) * (1 + abs(xo)):
                    break
                xm = (xo + xi) / 2
                r = self._solve(xm, wo, _SCAN_DPS, True)
                if r is not None and r[1] < 1:
                    xo, wo, to = xm, r[0], r[1]
                else:
                    xi = xm

            def res(x, w):
                T, Tw, _ = self._map(w, x, dps + 2, True)
                return T - w, Tw - 1

            x, w = xo, wo
            tol = mpmath.mpf(10) ** (-(dps + 3))
            h = mpmath.mpf(10) ** (-(wp // 2))
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
                    f"could not confirm a support edge between {mpmath.nstr(x0, 10)} and "
                    f"{mpmath.nstr(x1, 10)}")
            return x

    def _support_wp(self, dps):
        """Support intervals at ``dps + 3`` digits (cached)."""
        c = self._cache.setdefault("support", {})
        if dps in c:
            return c[dps]
        scan = self._scan()
        out = []
        left = None
        if scan[0][1][0] == "in":
            left = mpmath.mpf(0)          # free_mul: inside down to 1e-8 * bound
        for (xa, ra), (xb, rb) in zip(scan, scan[1:]):
            if ra[0] == "out" and rb[0] == "in":
                left = self._edge(xa, ra[1], ra[2], xb, dps)
            elif ra[0] == "in" and rb[0] == "out":
                out.append((left, self._edge(xb, rb[1], rb[2], xa, dps)))
                left = None
            elif ra[0] == "out" and rb[0] == "out" and max(ra[2], rb[2]) > mpmath.mpf(9) / 10:
                # a support interval narrower than the grid: look closer
                with mpmath.workdps(_SCAN_DPS + _GUARD):
                    xm = (xa + xb) / 2
                r = self._classify(xm, _SCAN_DPS, ra)
                if r is not None and r[0] == "in":
                    lft = self._edge(xa, ra[1], ra[2], xm, dps)
                    out.append((lft, self._edge(xb, rb[1], rb[2], xm, dps)))
        c[dps] = out
        return out

    def support(self, dps=None):
        r"""Support of the absolutely continuous part, as closed intervals.

        Parameters
        ----------
        dps : int, optional
            Digits of the edges (default: the measure's ``dps``).

        Returns
        -------
        list of tuple of mpmath.mpf
            Disjoint intervals ``(a, b)``, increasing.

        Raises
        ------
        RmtsymError
            Unbounded or subordinated inputs; ``free_mul`` of a signed input.
        ConvergenceError
            If an edge cannot be confirmed.

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
        raises.  For ``free_mul`` a support reaching below
        :math:`10^{-8}` times the bound is reported with left edge 0.
        Support intervals narrower than the grid spacing are only found where
        the derivative on the grid comes close to 1.
        """
        dps = self.dps if dps is None else _check_dps(dps)
        return [(_round(a, dps), _round(b, dps)) for a, b in self._support_wp(dps)]

    def atoms(self, dps=None):
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
        A = _input_atoms(self.mu, dps + 5)
        B = _input_atoms(self.nu, dps + 5)
        out = {}
        with mpmath.workdps(dps + _GUARD):
            tiny = mpmath.mpf(10) ** (-dps)
            if self.kind == "mul":
                if not (getattr(self.mu, "nonnegative", False) and getattr(self.nu, "nonnegative", False)):
                    raise RmtsymError("atoms() of free_mul need both inputs supported on [0, inf)")
                z0 = max([w for a, w in A if a == 0] + [w for a, w in B if a == 0] + [0])
                if z0 > tiny:
                    out[mpmath.mpf(0)] = z0
            for a, p in A:
                for b, q in B:
                    if self.kind == "mul" and (a == 0 or b == 0):
                        continue
                    if p + q - 1 > tiny:
                        loc = a + b if self.kind == "add" else a * b
                        out[loc] = out.get(loc, 0) + p + q - 1
        return [(_round(a, dps), _round(out[a], dps)) for a in sorted(out)]

    # -- density ---------------------------------------------------------------
    def _density_path(self, x, dps, start=None):
        """The old route: continuation down from ``x + i`` to ``x + 10^{-(dps+4)} i``."""
        wp = dps + _GUARD
        with mpmath.workdps(wp):
            eps = mpmath.mpf(10) ** (-(dps + 4))
            if start is None:
                eta = mpmath.mpf(1)
                om = None
                while True:
                    m, om = self._m(mpmath.mpc(x, eta), dps, om)
                    if eta <= eps:
                        break
                    eta = max(eta / 10, eps)
            else:
                m, om = self._m(mpmath.mpc(x, eps), dps, start)
            v = mpmath.im(m) / mpmath.pi
            if v < 10 * eps:
                v = mpmath.mpf(0)
        return _round(v, dps), om

    def _starts(self, dps):
        return self._cache.setdefault("starts", {}).setdefault(dps, ([], []))

    def _density_at(self, x, dps, start=None):
        """Density at real ``x`` (value at ``dps + 3`` digits); 0 outside the support."""
        ivs = self._support_wp(dps)
        if not any(a <= x <= b for a, b in ivs):
            return mpmath.mpf(0), None
        xs, oms = self._starts(dps)
        cands = []
        if start is not None:
            cands.append(start)
        if xs:
            k = bisect.bisect_left(xs, x)
            cands += [oms[j] for j in sorted((k - 1, k), key=lambda j: abs(xs[j] - x) if 0 <= j < len(xs) else 0)
                      if 0 <= j < len(xs)]
        scan = [(xx, r[1]) for xx, r in self._scan() if r[0] == "in"]
        if scan:
            cands.append(min(scan, key=lambda t: abs(t[0] - x))[1])
        r = None
        for s in cands[:3]:
            r = self._solve(x, s, dps, False)
            if r is not None and abs(mpmath.im(r[0])) > mpmath.mpf(10) ** (-dps) * (1 + abs(r[0])):
                break
            r = None
        wp = dps + _GUARD
        if r is None and xs:
            r = self._continue_to(x, xs, oms, dps)
        if r is None:
            v, om = self._density_path(x, dps)
            return v, om
        om = r[0]
        with mpmath.workdps(wp):
            v = mpmath.im(self._m_from_omega(mpmath.mpf(x), om, dps)) / mpmath.pi
            k = bisect.bisect_left(xs, x)
            xs.insert(k, x)
            oms.insert(k, om)
        return v, om

    def _continue_to(self, x, xs, oms, dps):
        """Follow the fixed point on the real axis from the nearest solved point
        to ``x``, halving the step (geometrically for ``free_mul`` near 0) on failure."""
        k = bisect.bisect_left(xs, x)
        j = min((i for i in (k - 1, k) if 0 <= i < len(xs)), key=lambda i: abs(xs[i] - x))
        with mpmath.workdps(dps + _GUARD):
            x0, om = xs[j], oms[j]
            geo = self.kind == "mul" and x0 > 0 and x > 0
            h = mpmath.mpf(1)           # fraction of the remaining way
            for _ in range(200):
                if geo:
                    xt = x0 * (x / x0) ** h
                else:
                    xt = x0 + h * (x - x0)
                if h == 1:
                    xt = x
                r = self._solve(xt, om, dps, False, maxit=12)
                if r is not None and abs(mpmath.im(r[0])) > mpmath.mpf(10) ** (-dps) * (1 + abs(r[0])):
                    if xt == x:
                        return r
                    x0, om = xt, r[0]
                    h = min(2 * h, mpmath.mpf(1))
                else:
                    h /= 2
                    if h < mpmath.mpf(2) ** -30:
                        return None
        return None

    def _density1(self, x, dps):
        v, _ = self._density_at(x, dps)
        return _round(v, dps), mpmath.mpf(10) ** (-(dps + 3))

    def _density_grid(self, xs, dps, error):
        with mpmath.workdps(dps + _GUARD):
            xv = [_to_real(x, f"x[{k}]") for k, x in enumerate(xs)]
        order = sorted(range(len(xv)), key=lambda k: xv[k])
        out = [None] * len(xv)
        om = None
        for k in order:
            v, om2 = self._density_at(xv[k], dps, om)
            om = om2 if om2 is not None else om
            out[k] = (_round(v, dps), mpmath.mpf(10) ** (-(dps + 3)))
        return out if error else [v for v, _ in out]

    def cdf(self, x, dps=None):
        r"""Distribution function :math:`\mu((-\infty, x])`.

        Parameters
        ----------
        x : real number
        dps : int, optional

        Returns
        -------
        mpmath.mpf

        Raises
        ------
        ConvergenceError
            If the quadrature error estimate exceeds :math:`10^{-dps}`.

        Notes
        -----
        Atoms at locations :math:`\le x` (:meth:`atoms`) plus the integral of
        the density over each support interval :math:`[a, b]` cut at ``x``.
        Each interval is split at its midpoint and each half is mapped by
        :math:`t = a + u^2` (resp. :math:`b - u^2`), which makes square-root
        edges analytic in ``u`` (:math:`t = u^3` at a left edge 0 of
        ``free_mul``, where the density may blow up like :math:`t^{-2/3}`);
        Gauss--Legendre quadrature in ``u`` with its error estimate.
        """
        dps = self.dps if dps is None else _check_dps(dps)
        wp = dps + _GUARD
        with mpmath.workdps(wp):
            xv = _to_real(x, "x")
        ivs = self._support_wp(dps)
        ats = self.atoms(dps + 5)
        with mpmath.workdps(wp):
            total = mpmath.fsum(w for a, w in ats if a <= xv)
            err = mpmath.mpf(0)
            for a, b in ivs:
                if xv <= a:
                    continue
                mid = (a + b) / 2
                # a left edge at 0 of free_mul is a hard edge (density ~ t^(-2/3)
                # for MP(1) ⊠ MP(1)): t = u^3 there, t = e +- u^2 at soft edges
                pl = 3 if (self.kind == "mul" and a == 0) else 2
                pieces = [(a, 1, pl, 0, mpmath.root(min(xv, mid) - a, pl))]
                if xv > mid:
                    pieces.append((b, -1, 2, mpmath.sqrt(max(b - xv, 0)), mpmath.sqrt(b - mid)))
                for e, s, p, u0, u1 in pieces:
                    if u1 <= u0:
                        continue

                    def f(u, e=e, s=s, p=p):
                        if u == 0:
                            return mpmath.mpf(0)
                        t = e + s * u ** p
                        return p * u ** (p - 1) * self._density_at(t, dps)[0]

                    v, er = mpmath.quad(f, [u0, u1], method="gauss-legendre", error=True, maxdegree=8)
                    total += v
                    err += er
            if not err <= mpmath.mpf(10) ** (-dps):
                raise ConvergenceError(f"cdf quadrature error estimate {mpmath.nstr(err, 3)} "
                                       f"exceeds 1e-{dps}")
        return _round(total, dps)


def _input_atoms(meas, dps):
    if hasattr(meas, "stieltjes_polynomial"):
        return _atoms_alg(meas, dps)
    return meas.atoms(dps=dps)


def free_add_numeric(mu, nu, dps=30):
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


def free_mul_numeric(mu, nu, dps=30):
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
