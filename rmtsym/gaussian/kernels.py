r"""Gaussian two-point kernels E[σ(u)σ(v)] of activations (arc-cosine, arcsine, ...).

For a centred Gaussian pair (u, v) with Var u = a, Var v = b, Cov(u, v) = c —
(u, v) = (wᵀx, wᵀy) with w ~ N(0, I_p), a = ‖x‖², b = ‖y‖², c = xᵀy — the
random-features kernel of an activation σ is

.. math:: \kappa_\sigma(a, b, c) = \mathbb E[\sigma(u)\sigma(v)] .

Closed forms (ρ = c/√(ab)):

* linear: κ = c;
* relu (arc-cosine kernel of degree 1; Cho and Saul, "Kernel methods for deep
  learning", NIPS 2009): κ = (√(ab − c²) + c (π − arccos ρ)) / (2π);
* abs: κ = (2/π)(√(ab − c²) + c arcsin ρ);
* erf (arcsine kernel; Williams, "Computing with infinite networks", NIPS
  1997): κ = (2/π) arcsin(2c / √((1 + 2a)(1 + 2b)));
* sin, cos: κ = e^{−(a+b)/2} sinh c, e^{−(a+b)/2} cosh c.

These are the kernels of Louart–Liao–Couillet 2018, Table 1 (seed
``001_322f0eb0bc5d01dd.txt``, Theorem "Resolvent for nonlinear Gram matrix":
K = E_w[σ(Xᵀw)σ(wᵀX)]).  Any other activation is integrated by a tensor
Gauss–Hermite rule (float) or nested mpmath quadrature (``dps``).

Backends: ``"sympy"`` (exact expressions of exact a, b, c), ``"arb"``
(python-flint balls: rigorous enclosures), ``"mpmath"`` and ``"float"``
(vectorised numpy).
"""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp

from ..core.errors import RmtsymError, require
from .activations import Activation, activation

__all__ = ["CLOSED_FORM_KERNELS", "kernel_name", "gaussian_kernel", "kernel_function"]

#: activations with a closed-form kernel
CLOSED_FORM_KERNELS = ("linear", "relu", "abs", "erf", "sin", "cos")


def _as_activation(act: Activation | str) -> Activation:
    return act if isinstance(act, Activation) else activation(act)


def kernel_name(act: Activation | str) -> str | None:
    """The closed-form kernel name of an activation, or None (quadrature).

    The activation's expression must equal the registry expression of that
    name (a relabelled tanh is not taken for erf).

    Examples
    --------
    >>> kernel_name("relu"), kernel_name("tanh"), kernel_name("identity")
    ('relu', None, 'linear')
    """
    act = _as_activation(act)
    if act.free_parameters:
        return None
    for name in CLOSED_FORM_KERNELS:
        ref = activation(name).expr
        if act.expr == ref:
            return name
        if not act.expr.has(sp.Piecewise) and not ref.has(sp.Piecewise) \
                and sp.simplify(act.expr - ref) == 0:
            return name
    return None


class _Lib:
    """The elementary functions of one backend."""

    def __init__(self, backend, ctx=None):
        self.backend = backend
        if backend == "sympy":
            self.sqrt, self.acos, self.asin = sp.sqrt, sp.acos, sp.asin
            self.exp, self.sinh, self.cosh, self.pi = sp.exp, sp.sinh, sp.cosh, sp.pi
        elif backend == "arb":
            import flint
            self.sqrt = lambda t: flint.arb(t).sqrt()
            self.acos = lambda t: flint.arb(t).acos()
            self.asin = lambda t: flint.arb(t).asin()
            self.exp = lambda t: flint.arb(t).exp()
            self.sinh = lambda t: flint.arb(t).sinh()
            self.cosh = lambda t: flint.arb(t).cosh()
            self.pi = flint.arb.pi()
        elif backend == "mpmath":
            m = ctx
            self.sqrt, self.acos, self.asin = m.sqrt, m.acos, m.asin
            self.exp, self.sinh, self.cosh, self.pi = m.exp, m.sinh, m.cosh, m.pi
        else:
            import numpy as np
            self.sqrt, self.acos, self.asin = np.sqrt, np.arccos, np.arcsin
            self.exp, self.sinh, self.cosh, self.pi = np.exp, np.sinh, np.cosh, np.pi


def _closed(name, a, b, c, L, same=False):
    """Closed form κ(a, b, c) in the backend L; ``same``: the pair is one point (c = a = b)."""
    if name == "linear":
        return c
    if L.backend == "float" and name in ("relu", "abs"):
        # theta = angle between x and y by atan2 (stable near rho = +-1, where acos loses
        # half the digits); kappa = sqrt(ab) (sin t + (pi - t) cos t) / (2 pi) for relu and
        # (2/pi) sqrt(ab) (sin t + (pi/2 - t) cos t) for abs, one theta in every term
        import numpy as np
        s = np.sqrt(a * b)
        t = np.arctan2(np.sqrt(np.maximum(a * b - c * c, 0.0)), c)
        if name == "relu":
            return s * (np.sin(t) + (np.pi - t) * np.cos(t)) / (2 * np.pi)
        return 2 * s * (np.sin(t) + (np.pi / 2 - t) * np.cos(t)) / np.pi
    if name == "relu":
        if same:
            return a / 2
        s = L.sqrt(a * b)
        return (L.sqrt(_clip0(a * b - c * c, L)) + c * (L.pi - L.acos(_clip1(c / s, L)))) / (2 * L.pi)
    if name == "abs":
        if same:
            return a
        s = L.sqrt(a * b)
        return 2 * (L.sqrt(_clip0(a * b - c * c, L)) + c * L.asin(_clip1(c / s, L))) / L.pi
    if name == "erf":
        return 2 * L.asin(2 * c / L.sqrt((1 + 2 * a) * (1 + 2 * b))) / L.pi
    if name == "sin":
        return L.exp(-(a + b) / 2) * L.sinh(c)
    if name == "cos":
        return L.exp(-(a + b) / 2) * L.cosh(c)
    raise RmtsymError(f"no closed-form kernel for {name!r}")


def _clip0(v, L):
    """max(v, 0) for float rounding (ab − c² >= 0 by Cauchy–Schwarz)."""
    if L.backend == "float":
        import numpy as np
        return np.maximum(v, 0.0)
    if L.backend == "arb":
        import flint
        # intersect the ball with [0, inf): Cauchy-Schwarz
        lo = v.lower()
        if lo < 0:
            hi = v.upper()
            return flint.arb(0).union(flint.arb(hi)) if hi > 0 else flint.arb(0)
        return v
    return v


def _clip1(v, L):
    """Clip to [−1, 1] (|ρ| <= 1 by Cauchy–Schwarz)."""
    if L.backend == "float":
        import numpy as np
        return np.clip(v, -1.0, 1.0)
    if L.backend == "arb":
        import flint
        if v.upper() > 1 or v.lower() < -1:
            lo = max(v.lower(), flint.arb(-1))
            hi = min(v.upper(), flint.arb(1))
            return flint.arb(lo).union(flint.arb(hi))
        return v
    return v


def gaussian_kernel(act: Activation | str, a: Any, b: Any, c: Any, dps: int | None = None,
                    method: str = "auto") -> Any:
    r"""κ_σ(a, b, c) = E[σ(u)σ(v)] for centred Gaussian (u, v), Var u = a, Var v = b, Cov = c.

    Parameters
    ----------
    act : Activation or str
    a, b : number > 0
        Variances.
    c : number
        Covariance, c² <= ab.
    dps : int or None, optional
        None: exact SymPy expression (closed-form kernels only); an integer:
        mpmath value to ``dps`` digits (closed form, or nested quadrature).
    method : {"auto", "quadrature"}, optional
        ``quadrature`` integrates even when a closed form is known (the second
        route the closed forms are tested against).

    Returns
    -------
    sympy.Expr or mpmath.mpf

    Raises
    ------
    RmtsymError
        a <= 0, b <= 0, c² > ab, or dps=None for an activation without a
        closed-form kernel.

    Notes
    -----
    The quadrature writes v = (c/a) u + √(b − c²/a) z with z independent:
    κ = E_u[σ(u) E_z σ((c/a)u + √(b − c²/a) z)], two nested tanh–sinh
    integrals (split at the activation's breakpoints).

    Examples
    --------
    >>> import sympy as sp
    >>> gaussian_kernel("relu", 2, 2, 2)
    1
    >>> gaussian_kernel("erf", sp.Rational(1, 2), sp.Rational(1, 2), 0)
    0
    >>> import mpmath
    >>> print(mpmath.nstr(gaussian_kernel("relu", 1, 1, 0, dps=20), 15))
    0.159154943091895

    ``method="quadrature"`` (nested tanh–sinh; seconds to a minute per value)
    is the slow independent route the closed forms are tested against.
    """
    act = _as_activation(act)
    if dps is None:
        a, b, c = sp.nsimplify(a), sp.nsimplify(b), sp.nsimplify(c)
    require(a > 0, f"a (variance of u) must be > 0, got {a!r}")
    require(b > 0, f"b (variance of v) must be > 0, got {b!r}")
    require(not (c * c > a * b), f"c (covariance) must satisfy c^2 <= a b, got c = {c!r}, a b = {a * b!r}")
    require(method in ("auto", "quadrature"), f"method must be 'auto' or 'quadrature', got {method!r}")
    name = kernel_name(act) if method == "auto" else None
    if dps is None:
        if name is None:
            raise RmtsymError(f"no closed-form kernel for activation {act.name}; pass dps=<digits> "
                              "for quadrature")
        same = bool(a == b == c)
        return sp.simplify(_closed(name, a, b, c, _Lib("sympy"), same))
    import mpmath
    require(isinstance(dps, int) and dps >= 1, f"dps must be a positive integer, got {dps!r}")
    m = mpmath.mp.clone() if hasattr(mpmath.mp, "clone") else mpmath.MPContext()
    m.dps = dps + 10
    a, b, c = (m.mpf(sp.Rational(t).p) / sp.Rational(t).q if isinstance(t, (int, sp.Rational))
               else m.mpmathify(t) for t in (a, b, c))
    if name is not None:
        return +_closed(name, a, b, c, _Lib("mpmath", m), a == b == c)
    f = act.mpmath_function()
    bps = [m.mpmathify(sp.N(t, dps + 10)) for t in act.breakpoints()] if act.is_piecewise else []
    r = c / a
    s2 = b - c * c / a
    s = m.sqrt(s2) if s2 > 0 else m.zero

    def inner(u):
        mean = r * u
        if s == 0:
            return f(mean)
        pts = sorted({(t - mean) / s for t in bps})
        return m.quad(lambda z: f(mean + s * z) * m.exp(-z * z / 2), [-m.inf] + pts + [m.inf]) / m.sqrt(2 * m.pi)

    sa = m.sqrt(a)
    outer_pts = sorted({t / sa for t in bps})
    with mpmath.workdps(dps + 10):
        val = m.quad(lambda t: f(sa * t) * inner(sa * t) * m.exp(-t * t / 2),
                     [-m.inf] + outer_pts + [m.inf]) / m.sqrt(2 * m.pi)
    return +val


def kernel_function(act: Activation | str, backend: str = "float", nodes: int = 96,
                    method: str = "auto") -> Callable[..., Any]:
    r"""A function κ(a, b, c, same=False) evaluating the kernel in one backend.

    Parameters
    ----------
    act : Activation or str
    backend : {"float", "arb", "sympy"}, optional
        ``float``: vectorised numpy (closed form, or a tensor Gauss–Hermite
        rule with ``nodes``² points for other activations; about 1e-10
        relative accuracy for smooth σ with 96 nodes, but only about 1e-2
        across a kink — relu/abs have closed forms; hardtanh, leaky relu
        and other kinked σ without one are limited to ~3 digits); ``arb``: python-flint
        balls at the caller's ``flint.ctx.prec`` (closed forms only);
        ``sympy``: exact (closed forms only).
    nodes : int, optional
        Gauss–Hermite nodes per dimension (float quadrature).
    method : {"auto", "quadrature"}, optional
        ``quadrature``: the Gauss–Hermite rule even for closed-form kernels.

    Returns
    -------
    callable
        ``kappa(a, b, c, same=False)``; ``same`` marks pairs of one point
        (c = a = b), evaluated by the one-point limit.

    Raises
    ------
    RmtsymError
        Unknown backend, or ``arb``/``sympy`` for an activation without a
        closed-form kernel.

    Examples
    --------
    >>> import numpy as np
    >>> k = kernel_function("tanh")
    >>> float(np.round(k(np.array([1.0]), np.array([1.0]), np.array([0.0]))[0], 12))
    0.0
    """
    act = _as_activation(act)
    require(backend in ("float", "arb", "sympy"),
            f"backend must be 'float', 'arb' or 'sympy', got {backend!r}")
    require(method in ("auto", "quadrature"), f"method must be 'auto' or 'quadrature', got {method!r}")
    name = kernel_name(act) if method == "auto" else None
    if name is not None:
        L = _Lib(backend)
        if backend == "float":
            import numpy as np

            def kappa(a, b, c, same=False):
                a, b, c = (np.asarray(t, dtype=float) for t in (a, b, c))
                with np.errstate(invalid="ignore", divide="ignore"):
                    val = _closed(name, a, b, c, L, False)
                if np.any(same) and name in ("relu", "abs"):
                    val = np.where(same, _closed(name, a, a, a, L, True), val)
                return val
            return kappa
        return lambda a, b, c, same=False: _closed(name, a, b, c, L, same)
    if backend != "float":
        raise RmtsymError(f"no closed-form kernel for activation {act.name}: backend {backend!r} "
                          "needs one; use backend='float' (Gauss-Hermite quadrature)")
    import numpy as np
    phi, _ = act.numpy_functions
    t, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / np.sqrt(2 * np.pi)
    T1, T2 = np.meshgrid(t, t, indexing="ij")
    W = np.outer(w, w)

    def kappa_gh(a, b, c, same=False):
        a, b, c = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (a, b, c))
        out = np.empty(np.broadcast(a, b, c).shape)
        a, b, c = np.broadcast_arrays(a, b, c)
        af, bf, cf, of = a.ravel(), b.ravel(), c.ravel(), out.reshape(-1)
        chunk = max(1, 2_000_000 // (nodes * nodes))
        for s in range(0, af.size, chunk):
            aa, bb, cc = af[s:s + chunk, None, None], bf[s:s + chunk, None, None], cf[s:s + chunk, None, None]
            sa = np.sqrt(aa)
            r = cc / sa
            q = np.sqrt(np.maximum(bb - r * r, 0.0))
            u = sa * T1
            v = r * T1 + q * T2
            of[s:s + chunk] = np.sum(W * phi(u) * phi(v), axis=(1, 2))
        return out
    return kappa_gh
