r"""Route 1 of :mod:`rmtsym.models.jacobian`: Pastur's system, its exact elimination, S-series moments.

Split out of :mod:`rmtsym.models.jacobian` (verbatim moves; conventions in
that module's docstring, seed ``000_f11574a8ed5d65a0.txt``, Pastur 2022):
:class:`PasturSystem` (formulas (I), (II), (0), and the multiplicative-
subordination variant for orthogonal weights), the resultant elimination
of route 1 (python-flint kernel), the selection of the physical factor,
the zero-mixing Z_α of rectangular layers, and the exact / mpmath moment
series of a free multiplicative product (:func:`product_moments`).
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from ..core.errors import BranchError, RmtsymError
from ..core.types import ComplexInput, ExactInput, MpComplex, MpReal, RealInput, SymExpr
from ..core.measure import moments_from_s, s_from_moments
from ..core.series import NumberRing

from ._jacobian_numeric import _solve_tracked

__all__ = ["PasturSystem", "product_moments"]


# ---------------------------------------------------------------------------
# Route 1: Pastur's system
# ---------------------------------------------------------------------------

class PasturSystem:
    r"""Pastur's system (I), (II), (0) for ν_{M^L}, iterated layer by layer.

    Seed ``000_f11574a8ed5d65a0.txt``, "Summary":

    .. math::

        k(z) = \int \frac{\lambda\,\nu_K(d\lambda)}{h(z)\lambda + 1}\ (I),\quad
        h(z) = \int \frac{\lambda\,\nu_R(d\lambda)}{k(z)\lambda - z}\ (II),\quad
        f(z) = -\frac1z + \frac{k(z)h(z)}{z}\ (0),

    with ν_R = ν_{M^{l-1}}, M^0 = I, and ν_K the law of σ_w² φ'(h)²
    (Pastur's weights have unit variance).  Since ν_R's Stieltjes transform
    f_{l-1} is the previous layer's, (II) is h = (1 + (z/k) f_{l-1}(z/k))/k
    and (0) is f_l(z) = f_{l-1}(z/k)/k.  With T = 1 + z f_l(z), (I) becomes
    ∫ λ ν_K(dλ)/(λT + k) = 1.

    Notes
    -----
    **Orthogonal weights** (W = σ_w O, O Haar; seed 000 case (ii), for which
    the seed states no system).  Then M^l = D_l W_l M^{l-1} W_lᵀ D_l and, by
    asymptotic freeness of K_l = D_l² and the rotated O M^{l-1} Oᵀ,
    ν_{M^l} = A ⊠ B with A = ν_{σ_w² K_l}, B = ν_{M^{l-1}}.  Multiplicative
    subordination (Biane 1998, Processes with free increments, Thm 3.6;
    Belinschi–Bercovici 2007): with ψ(u) = ∫ uλ/(1 − uλ) and η = ψ/(1 + ψ),
    ψ_{A⊠B}(u) = ψ_A(ω_A(u)) = ψ_B(ω_B(u)) and ω_A(u) ω_B(u) = u η_{A⊠B}(u).
    In Stieltjes form (ψ(1/z) = −1 − z f(z)) put ζ_B = z/k: the B-relation
    is again f_l(z) = f_{l-1}(z/k)/k, and the A-relation with
    ζ_A = k(T − 1)/T, ∫ ζ_A/(λ − ζ_A) A(dλ) = T − 1, reads

    .. math:: \int \frac{\lambda\,\nu_K(d\lambda)}{\lambda T - k (T - 1)} = 1
              \qquad (\text{orthogonal; Gaussian: } \lambda T + k).

    This is solved by the same Newton continuation and eliminated by the
    same resultants as the Gaussian system; it is independent of route 2
    (the S-transform product with S_W = 1/σ_w²).  For φ(x) = x it gives
    k = σ_w², f_l(z) = f_{l-1}(z/σ_w²)/σ_w²: the point mass δ_{σ_w^{2L}}.

    Build with :meth:`JacobianSpectrum.pastur_system`.

    Examples
    --------
    >>> from rmtsym.models.jacobian import JacobianSpectrum
    >>> ps = JacobianSpectrum("linear", depth=1, sigma_w2=2).pastur_system()
    >>> ps.polynomial()                    # MP(1, 2): 2 z m^2 + z m + 1
    2*m**2*z + m*z + 1
    >>> print(mpmath.nstr(ps.density(4, dps=20), 15))     # sqrt(x(8 - x))/(4 pi x) at x = 4
    0.0795774715459477
    >>> JacobianSpectrum("linear", 2, sigma_w2=2, weights="orthogonal").pastur_system().polynomial()
    m*z - 4*m + 1
    """

    def __repr__(self):
        return f"PasturSystem({self.spec!r})"

    def _latex(self, printer=None):
        """The system (I), (II), (0) of seed 000 (the orthogonal variant of (I) where it applies)."""
        first = (r"\int \frac{\lambda\,\nu_K(d\lambda)}{\lambda T - k (T - 1)} = 1" if self.orthogonal else
                 r"k(z) = \int \frac{\lambda\,\nu_K(d\lambda)}{h(z)\lambda + 1}")
        return (r"\begin{aligned} & " + first + r" && \text{(I)}\\ "
                r"& h(z) = \int \frac{\lambda\,\nu_R(d\lambda)}{k(z)\lambda - z} && \text{(II)}\\ "
                r"& f(z) = -\frac{1}{z} + \frac{k(z) h(z)}{z} && \text{(0)} \end{aligned}")

    def _repr_latex_(self):
        return "$$" + self._latex() + "$$"

    def __init__(self, spec: Any) -> None:
        if spec.weights not in ("gaussian", "orthogonal"):   # pragma: no cover - checked by spec
            raise RmtsymError(f"weights must be 'gaussian' or 'orthogonal', got {spec.weights!r}")
        self.spec = spec
        self.orthogonal = spec.weights == "orthogonal"

    def _den(self, a, T, k):
        """Denominator of the layer equation ∫ a ν(da)/den = 1 (see the class Notes)."""
        return a * T - k * (T - 1) if self.orthogonal else a * T + k

    # -- exact --------------------------------------------------------------
    def polynomial(self, subs: dict[SymExpr, ExactInput] | None = None) -> SymExpr:
        """Exact polynomial P(m, z) of f = f_L eliminating k, h from (I), (II), (0).

        ``subs``: exact values for the hardtanh symbols p_l (as in
        :meth:`JacobianSpectrum.measure`).

        Only for discrete ν_K (linear, relu, hardtanh).  Returns a SymPy
        expression in the symbols m, z (and p_1..p_L for hardtanh), the
        irreducible factor of the resultant that has the root f ~ −1/z,
        primitive with positive leading coefficient.

        Raises
        ------
        RmtsymError
            For a smooth activation (ν_K is not discrete).
        """
        spec = self.spec
        if not spec.is_discrete:
            raise RmtsymError(f"pastur_system().polynomial: ν_K of {spec.activation!r} is not "
                              "discrete; use stieltjes(z, dps) / density(x, dps)")
        return _route1_polynomial(spec, subs)

    # -- numeric --------------------------------------------------------------
    def _laws(self, dps):
        with mpmath.workdps(dps + 15):
            return [law.scaled(self.spec._mp(s2, dps + 15))
                    for law, s2 in zip(self.spec._numeric_laws(dps), self.spec.sigma_w2s)]

    def _ratios(self, d):
        """c_l = n_l/n_{l-1} as numbers of the residual's kind (None where c_l = 1)."""
        out = []
        for c in self.spec.ratios:
            if c == 1:
                out.append(None)
            else:
                out.append(float(c) if d is None else mpmath.mpf(c.p) / c.q)
        return out

    def _residual(self, laws, cs=None):
        L = len(laws)
        cs = cs or [None] * L

        def F(ks, z):
            # zeta_L = z, zeta_{l-1} = zeta_l / k_l; f_0 = 1/(1 - zeta_0); f_l = f_{l-1}/k_l
            zetas = [None] * (L + 1)
            zetas[L] = z
            for l in range(L, 0, -1):
                zetas[l - 1] = zetas[l] / ks[l - 1]
            f = 1 / (1 - zetas[0])
            out = []
            for l in range(1, L + 1):
                k, c = ks[l - 1], cs[l - 1]
                f = f / k
                if c is None:                 # square layer: Pastur's (I), (0)
                    T = 1 + zetas[l] * f
                    out.append(laws[l - 1].E(lambda a: a / self._den(a, T, k)) - 1)
                else:                         # rectangular (I_c), (0_c): see JacobianSpectrum
                    f = f / c - (1 - 1 / c) / zetas[l]
                    T = c * (1 + zetas[l] * f)
                    out.append(c * laws[l - 1].E(lambda a: a / self._den(a, T, k)) - 1)
            return out
        return F

    def _solve(self, z, dps):
        laws_by_dps = {}

        def make_F(d):
            if d not in laws_by_dps:
                laws_by_dps[d] = [law.as_float() for law in self._laws(20)] if d is None \
                    else self._laws(d)
            return self._residual(laws_by_dps[d], self._ratios(d))
        with mpmath.workdps(25):
            laws = self._laws(15)
            bound = mpmath.fprod([4 * law.max for law in laws]) if not self.spec._rect else \
                mpmath.fprod([law.max * (1 + mpmath.sqrt(mpmath.mpf(c.p) / c.q)) ** 2
                              for law, c in zip(laws, self.spec.ratios)])
            means = [law.moment(1) for law in laws]
        if any(m == 0 for m in means):
            raise RmtsymError("pastur_system: a layer law ν_K is δ_0 (J = 0)")
        # z = ∞: T = 0, so (I_c) gives k_l = c_l ∫ λ ν_K^l(dλ)
        starts = [complex(m) if c == 1 else complex(m) * float(c)
                  for m, c in zip(means, self.spec.ratios)]

        def initial(zz):
            return list(starts)

        def accept(ks, zz):
            if zz.imag <= 0:
                return True
            return self._f(ks, zz).imag > 0

        return _solve_tracked(make_F, z, dps, initial, accept,
                              10 * bound + 10 * abs(mpmath.mpc(z)))

    def _f(self, ks, z):
        zetas = [z]
        for k in reversed(ks):
            zetas.insert(0, zetas[0] / k)
        f = 1 / (1 - zetas[0])
        for l, (k, c) in enumerate(zip(ks, self.spec.ratios), start=1):
            f = f / k
            if c != 1:                       # (0_c): the zero mass of a rectangular layer
                c = float(c) if isinstance(z, complex) else mpmath.mpf(c.p) / c.q
                f = f / c - (1 - 1 / c) / zetas[l]
        return f

    def stieltjes(self, z: ComplexInput, dps: int = 30) -> MpComplex:
        """f(z) = ∫ ν_{M^L}(dλ)/(λ − z) from (I), (II), (0) at ``dps`` digits.

        ``z`` in the closed upper half plane (real z: the boundary value
        f(x + i0)).  Newton's method with continuation from z = x + i·(large);
        the k_l start at ∫λν_K(dλ) (their value at z = ∞).
        """
        with mpmath.workdps(dps + 15):
            z = mpmath.mpc(z)
            if mpmath.im(z) < 0:
                raise RmtsymError(f"stieltjes: z must have Im z >= 0, got {z}")
            ks = self._solve(z, dps)
            f = self._f(ks, z)
        with mpmath.workdps(dps):
            return +f

    def k_h(self, z: ComplexInput, dps: int = 30) -> list[tuple[MpComplex, MpComplex]]:
        """The pairs (k_l(z), h_l(z)) of (I), (II) at every layer, l = 1..L."""
        with mpmath.workdps(dps + 15):
            z = mpmath.mpc(z)
            ks = self._solve(z, dps)
            zetas = [z]
            for k in reversed(ks):
                zetas.insert(0, zetas[0] / k)
            f = 1 / (1 - zetas[0])
            out = []
            for l, (k, c) in enumerate(zip(ks, self.spec.ratios), start=1):
                g = f                       # f_{l-1}(ζ_{l-1})
                f = f / k
                if c != 1:
                    c = mpmath.mpf(c.p) / c.q
                    f = f / c - (1 - 1 / c) / zetas[l]
                out.append((k, (1 + zetas[l - 1] * g) / k))
        with mpmath.workdps(dps):
            return [(+k, +h) for k, h in out]

    def density(self, x: RealInput, dps: int = 30) -> MpReal:
        """Density ρ(x) = Im f(x + i0)/π of the absolutely continuous part."""
        with mpmath.workdps(dps + 15):
            x = mpmath.mpf(x)
            if x <= 0:
                raise RmtsymError(f"density: x must be > 0, got {x}")
            val = mpmath.im(self.stieltjes(x, dps + 10)) / mpmath.pi
            if val < -mpmath.mpf(10) ** (-dps):
                raise BranchError(f"density at x = {mpmath.nstr(x, 15)} came out negative "
                                  f"({mpmath.nstr(val, 5)}): the continuation left the physical branch")
        with mpmath.workdps(dps):
            return +max(val, mpmath.mpf(0))   # |val| <= 10^-dps: rounding of a zero density


# ---------------------------------------------------------------------------
# Route 1 exact: resultants (python-flint kernel)
# ---------------------------------------------------------------------------

M_SYM, Z_SYM = sp.Symbol("m"), sp.Symbol("z")


def _route1_polynomial(spec, subs=None):
    from ..core import _flint
    params = tuple(sorted(str(p) for p in spec.parameters if not subs or p not in subs))
    ctx = _flint.context(params)
    G = _flint.gens(ctx)
    m, z, t, g, u = G["m"], G["z"], G["t"], G["g"], G["u"]
    # nu_R of M^0 = I: f_0 = 1/(1 - z)  <=>  m (1 - z) - 1 = 0, i.e. m - m z - 1
    P = m - m * z - 1
    T = 1 + z * m
    for law, s2, c in zip(spec._exact_laws(subs), spec.sigma_w2s, spec.ratios):
        s2 = sp.Rational(s2)
        if c == 1:
            # (II)+(0):  P_{l-1}(k f, z/k) = 0
            Q = _flint.substitute(P, "m", t * m, ctx.from_dict({}) + 1)
            Q = _flint.substitute(Q, "z", z, t)
        else:
            # (II)+(0_c): f_{l-1}(z/k) = k (c z f + c - 1)/z, c = cp/cq; z -> z/t first
            cp, cq = int(c.p), int(c.q)
            Q = _flint.substitute(P, "z", z, t)
            Q = _flint.substitute(Q, "m", t * (cp * z * m + (cp - cq)), cq * z)
        # (I_c):  c sum_i p_i a_i / (a_i T + k) = 1 over the atoms a_i != 0 of sigma_w^2 nu_K,
        # T = c (1 + z f)
        atoms = [(s2 * a, p) for a, p in law.items() if a != 0 and p != 0]
        Tsym, ksym = sp.Symbol("T"), sp.Symbol("t")
        full = sp.Integer(1)
        def den(a):        # Gaussian (I): a T + k; orthogonal (subordination): a T - k (T - 1)
            return a * Tsym - ksym * (Tsym - 1) if spec.weights == "orthogonal" \
                else a * Tsym + ksym
        for a, _ in atoms:
            full *= den(a)
        num = sp.Integer(0)
        for i, (a, p) in enumerate(atoms):
            rest = sp.Integer(1)
            for j, (b, _) in enumerate(atoms):
                if j != i:
                    rest *= den(b)
            num += p * a * rest
        E1 = sp.expand(num - full) if c == 1 else sp.expand(sp.Rational(c) * num - full)
        E1f = _flint.to_flint(E1.subs(Tsym, sp.Rational(c) * (1 + Z_SYM * M_SYM)), ctx)
        R = _flint.resultant(Q, E1f, "t") if _flint.degree(E1f, "t") > 0 else E1f
        P = _select_factor(R, ctx)
    return _flint.to_sympy(P, {"m": M_SYM, "z": Z_SYM,
                               **{str(p): p for p in spec.parameters}})


def _select_factor(R, ctx):
    """The irreducible factor of R(m, z) with a root m = −1/z + O(z^-2) at z = ∞."""
    from ..core import _flint
    G = _flint.gens(ctx)
    u, g = G["u"], G["g"]
    hits = []
    for fac in _flint.factors(R):
        if _flint.degree(fac, "m") <= 0:
            continue
        h = _flint.substitute(fac, "z", ctx.from_dict({}) + 1, u)   # u^d fac(m, 1/u)
        h = _flint.substitute(h, "m", -u * g, ctx.from_dict({}) + 1)
        # divide out the largest power of u
        i = ctx.names().index("u")
        lo = min(mon[i] for mon in h.monoms())
        h = ctx.from_dict({tuple(e - (lo if j == i else 0) for j, e in enumerate(mon)): c
                           for mon, c in zip(h.monoms(), h.coeffs())})
        h0 = h.subs({"u": 0})
        if h0.subs({"g": 1}).is_zero() and not h0.is_zero():
            hits.append(fac)
    if len(hits) != 1:
        raise RmtsymError(f"route 1 elimination: {len(hits)} factors with m ~ -1/z; "
                          "cannot isolate the physical one")
    return hits[0]


# ---------------------------------------------------------------------------
# moments by S-transform series (exact SymPy or mpmath coefficients)
# ---------------------------------------------------------------------------

def _identity(v):
    return v


def product_moments(law_moments: Any, s_w: Any, order: int, norm: Any=_identity, one: Any=1, gammas: Any=None) -> Any:
    r"""Moments of ⊠_l ν_l from the moments of each ν_l, by S-transforms.

    ψ_l(u) = Σ_{k≥1} m_k(ν_l) u^k, χ_l = ψ_l^{⟨-1⟩}, S_l(w) = χ_l(w)(1+w)/w;
    S = ∏_l S_l · ∏ s_w (extra S-series, e.g. of WᵀW); χ = S w/(1+w);
    ψ = χ^{⟨-1⟩} gives the moments [1, m_1, ..., m_order].  Works for
    SymPy (``norm=sympy.expand``) and mpmath coefficients alike.  With
    ``gammas`` (one per law) the law's factor is S_l(γ_l w) (coefficient j
    times γ_l^j): rectangular layers, see :class:`JacobianSpectrum`.
    """
    n = order + 1
    R = NumberRing(0 * one, one, None if norm is _identity else norm)
    S = [one] + [R.zero] * (n - 1)
    for i, mom in enumerate(law_moments):
        mom = list(mom[:n + 1]) + [R.zero] * max(0, n + 1 - len(mom))
        if mom[1] == 0:
            raise RmtsymError("a layer law has mean 0: its S-transform is undefined")
        sl = s_from_moments(mom, R, n)
        if gammas is not None and gammas[i] != 1:
            g, gj = gammas[i], one
            for j in range(n):
                sl[j] = sl[j] * gj
                gj = gj * g
            if norm is not _identity:
                sl = [norm(v) for v in sl]
        S = R.mul(S, sl, n)
    for sw in s_w:
        S = R.mul(S, list(sw[:n]) + [R.zero] * max(0, n - len(sw)), n)
    return moments_from_s(S, R, n)


def _zero_mix(mu, alpha):
    r"""Z_α(μ) = α μ + (1 − α) δ_0 (exact): m ↦ α m − (1 − α)/z.

    The law of an n'×n' matrix from that of an n×n one with the same nonzero
    eigenvalues, α = n/n' (α > 1 is allowed when μ has an atom ≥ 1 − 1/α at
    0).  P_new(m, z) is the irreducible factor with m ~ −1/z of the numerator
    of P((z m + 1 − α)/(α z), z).
    """
    from ..core import _flint
    from ..core.measure import AlgebraicMeasure
    alpha = sp.Rational(alpha)
    P = mu.stieltjes_polynomial().as_expr()
    num, _ = sp.fraction(sp.together(P.subs(M_SYM, (Z_SYM * M_SYM + 1 - alpha) / (alpha * Z_SYM))))
    params = tuple(sorted(str(p) for p in num.free_symbols - {M_SYM, Z_SYM}))
    ctx = _flint.context(params)
    fac = _select_factor(_flint.to_flint(sp.expand(num), ctx), ctx)
    Pn = _flint.to_sympy(fac, {"m": M_SYM, "z": Z_SYM,
                               **{p.name: p for p in num.free_symbols - {M_SYM, Z_SYM}}})
    return AlgebraicMeasure.from_polynomial(Pn, label=f"Z_{alpha}({mu.label})", nonnegative=True)
