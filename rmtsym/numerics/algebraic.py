r"""High-precision numerics: physical branch, density, edges, atoms, subordination.

This module gathers the public functions of the numerics of algebraic measures,
which live in submodules by subject: :mod:`~rmtsym.numerics.roots` (all roots at
one point), :mod:`~rmtsym.numerics.curve` (the curve, its critical points and
the root continuation), :mod:`~rmtsym.numerics.evaluate` (density, Stieltjes
transform), :mod:`~rmtsym.numerics.support` (edges, atoms),
:mod:`~rmtsym.numerics.integrate` (moments, cdf) and
:mod:`~rmtsym.numerics.numeric_measure` (:class:`NumericMeasure`).

Precision: one private mpmath context per public call, passed down as ``ctx``
(see :mod:`rmtsym.numerics` and the precision guide, ``docs/precision.md``).

Conventions (``docs/conventions.md``): the Stieltjes transform is
:math:`m(z) = \int \mu(dx)/(x - z)`, so :math:`m(z) \sim -1/z` at infinity,
:math:`\operatorname{Im} m > 0` for :math:`\operatorname{Im} z > 0`, and the
density is :math:`\rho(x) = \pi^{-1}\lim_{\eta\downarrow 0}\operatorname{Im} m(x+i\eta)`.

Algorithm for an algebraic measure with :math:`P(m, z) = \sum_j a_j(z) m^j = 0`:

* **Critical points.**  The real roots of :math:`a_d(z)\,\mathrm{Disc}_m P(z)`,
  isolated exactly with python-flint (arb balls around the real roots of each
  irreducible factor) and refined to any number of digits.  Away from them
  the :math:`d` roots of :math:`P(\cdot, z)` are distinct and finite.
* **Branch at infinity.**  At :math:`z = x + iR` with :math:`R` beyond every
  critical point, the physical root is the unique root of :math:`P(\cdot,z)`
  inside the disc around the moment series
  :math:`-\sum_{k\le K} m_k z^{-k-1}` whose radius is the rigorous tail
  bound :math:`B^{K+1}/(|z|^{K+1}(|z|-B))` (:math:`B` bounds the support).
  If the disc does not isolate one root, :math:`R` is increased.
* **Continuation.**  The root is followed along straight segments (in the
  closed upper half plane) by an Euler predictor on
  :math:`m' = -P_z/P_m` and all-root correction with ``mpmath.polyroots``
  (warm started).  A step is accepted only if the predicted value is ten
  times closer to the chosen root than any other root is; otherwise the
  step is halved, and if roots cannot be separated at the working precision
  the precision is raised.  Never guessed.
* **Real axis.**  On an open interval between critical points the roots are
  distinct, so the physical root continues along the real line (this is
  the fast grid path).  Whether it is real there (gap, density exactly zero)
  or not (support) is decided by conjugate pairing of the roots, which is
  exact by construction: a root is real iff its mirror image is closer to it
  than to every other root.
* **Atoms.**  At a real zero :math:`c` of :math:`a_d`, the Newton polygon gives
  the candidate residues (exact orders from the factorisation, leading
  coefficients to any precision); the physical one is selected by following
  :math:`-(z-c)\,m(z)` down the vertical line :math:`z = c + i\eta`.

Irrational exact constants (``mu.constants``, e.g. a weight
:math:`\operatorname{erf}(1/\sqrt 3)` of :func:`rmtsym.laws.atoms`) are carried
by the measure as symbols :math:`k` in its kernel polynomial
:math:`P(m, z; k)`.  The numerics replace each constant :math:`c` by a
rational :math:`c'` with :math:`|c - c'| \le \delta = 10^{-dT}`
(:math:`d = \deg_m P`, :math:`T \ge` ``dps + 22``, a power-of-two tier
:math:`\ge 64` so nearby precisions share a curve) and run the exact
machinery above on :math:`P(m, z; c')`.  Why this is accurate: the
coefficients of :math:`P(\cdot, z; c')` differ from the exact ones by
:math:`O(\delta)`, and a root of multiplicity :math:`\mu \le d` of a
polynomial moves by :math:`O(\delta^{1/\mu}) \le O(10^{-T})` under such a
perturbation (Ostrowski's bound; its constant depends on the coefficients and
is absorbed by the 10 extra digits), so branch values, edges, atom locations
and masses move by about :math:`10^{-T} \ll 10^{-dps}` -- even at an edge or a
pole, where the root is multiple.  Away from critical points the move is
:math:`O(\delta)`, since simple roots are analytic in the coefficients.  Why
it is safe: :math:`P(m, z; c')` is the same algebraic family at another
value of the constant, so every polynomial identity in :math:`k` (total mass
1, the branch :math:`m\sim -1/z`, repeated factors of :math:`a_d`) holds
exactly for the surrogate; only the exact-edge form ``support(dps=None)``
is refused.  Quadrature (``cdf``, ``numeric_moments``) integrates the
surrogate density, whose integral differs by the same :math:`O(10^{-T})`.

Subordination (free convolution with numeric inputs) follows
Belinschi & Bercovici, *A new approach to subordination results in free
probability*, J. Anal. Math. 101 (2007) 357--365.
"""

from ._common import _GUARD, _check_dps, _round, _to_mpc, _to_real  # noqa: F401
from .curve import _CURVES, _Curve, _curve  # noqa: F401
from .evaluate import density, stieltjes
from .integrate import _integrate_ac, cdf, numeric_moments  # noqa: F401
from .numeric_measure import NumericMeasure, _NumericBase  # noqa: F401
from .roots import _Singular  # noqa: F401
from .support import atoms, support

__all__ = [
    "stieltjes", "density", "support", "atoms", "cdf", "numeric_moments", "NumericMeasure",
]
