r"""Free convolution with numeric inputs, by subordination.

The fixed-point equations of Belinschi & Bercovici, *A new approach to
subordination results in free probability*, J. Anal. Math. 101 (2007)
357--365, solved to ``dps`` digits with a convergence check; see
:class:`SubordinatedMeasure`.  Part of :mod:`rmtsym.numerics`, which
re-exports every public name.  All mpmath work happens in scoped
``mpmath.workdps`` blocks.
"""

import operator

import mpmath
import sympy

from ..errors import ConvergenceError, RmtsymError
from .algebraic import (_GUARD, NumericMeasure, _check_dps, _curve, _NumericBase, _round,
                       _to_mpc, _to_real)

__all__ = ["SubordinatedMeasure", "free_add_numeric", "free_mul_numeric"]

# ---------------------------------------------------------------------------
# subordination
# ---------------------------------------------------------------------------

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
    cur = _curve(mu)
    wp = dps + _GUARD
    with mpmath.workdps(wp):
        w = mpmath.mpc(w)
        flip = w.imag < 0
        if flip:
            w = mpmath.conj(w)
        m, _ = cur.value_upper(w, wp)
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
    On the real axis the density is :math:`\operatorname{Im} m(x + i\epsilon)/\pi`
    with :math:`\epsilon = 10^{-(dps+4)}`, the subordination point being
    continued down from :math:`x + i`.  Moments come from the inputs'
    moments through free cumulants (add) or S-transforms (mul).

    References
    ----------
    S. Belinschi, H. Bercovici, *A new approach to subordination results in
    free probability*, J. Anal. Math. 101 (2007) 357--365.
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

    def _density_path(self, x, dps, start=None):
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

    def _density1(self, x, dps):
        v, _ = self._density_path(x, dps)
        return v, mpmath.mpf(10) ** (-(dps + 3))

    def _density_grid(self, xs, dps, error):
        with mpmath.workdps(dps + _GUARD):
            xv = [_to_real(x, f"x[{k}]") for k, x in enumerate(xs)]
        order = sorted(range(len(xv)), key=lambda k: xv[k])
        out = [None] * len(xv)
        om = None
        for k in order:
            try:
                v, om = self._density_path(xv[k], dps, om)
            except ConvergenceError:
                v, om = self._density_path(xv[k], dps, None)
            out[k] = (v, mpmath.mpf(10) ** (-(dps + 3)))
        return out if error else [v for v, _ in out]

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

    def support(self, dps=None):
        raise RmtsymError("support() of a subordinated measure is not available; "
                          "use density() on a grid")

    def atoms(self, dps=None):
        raise RmtsymError("atoms() of a subordinated measure is not available")

    def cdf(self, x, dps=None):
        raise RmtsymError("cdf() of a subordinated measure is not available")


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
