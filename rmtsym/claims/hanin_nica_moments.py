r"""Exact finite-size moments of ‖Mu‖² and of log‖Mu‖² for Hanin–Nica products.

Source: ``003_74fd632a2d425fc1.txt`` (Hanin–Nica), Prop. 4 ("we express the
expectation in (6) as a sum over 2k-tuples of paths"), eq. (9) ("the equality
in distribution ‖M u‖² = ∏ (1/n_{i-1}) χ²_{n_i}" for p = 1, Gaussian μ).  The
extracted seed lost the formulas; they are reconstructed from the published
paper: B. Hanin, M. Nica, "Products of many large random matrices and
gradients in deep neural networks", Comm. Math. Phys. 376 (2020) 287–322
(arXiv:1812.05994), eqs. (2), (9), (15)–(16).

Model (:class:`rmtsym.models.products.MatrixProduct`): M = D_d W_d ⋯ D_1 W_1,
(W_l)_ij = ξ_ij/√(p n_{l−1}), D_l i.i.d. Bernoulli(p) diagonal, u = e_1.
Statement: at every finite (n_0, …, n_d), p and k,

* E‖Mu‖^{2k} = ∏_l σ_l^{2k} E ∏_{j<k}(K_l + 2j), K_l ~ Bin(n_l, p), for Gaussian ξ
  (the chi-square representation (9) extended to masks and unequal widths),
  equal to the path sum (Prop. 4) grouped by coincidence patterns of the 2k
  paths (any symmetric ξ), equal to the explicit sum over path tuples
  (``hanin_nica_moment``) and, for finitely supported ξ, to brute-force
  enumeration of every matrix and mask;
* given Mu ≠ 0, E log‖Mu‖² = Σ_l log(2σ_l²) + E ψ(K_l/2) and
  Var = Σ_l E ψ′(K_l/2) + Var ψ(K_l/2) (closed forms in γ, log 2, π² at
  half-integers vs mpmath's ψ, ψ′ summed over the binomial law, 30 digits).

Expected verdict: EXACT.
"""

from fractions import Fraction

import mpmath
import sympy as sp

from rmtsym.models.products import MatrixProduct
from rmtsym.verify import Claim, exact_sequences, numeric_values

from rmtsym.claims._products import HANIN_NICA, enumerate_moment

R = sp.Rational
UNEQUAL = MatrixProduct([3, 5, 2, 4], p=R(1, 3))
EQUAL = MatrixProduct([3, 3, 3], p=R(1, 2))
RADEMACHER = MatrixProduct([2, 2, 2], p=R(2, 3), entries="rademacher")
THREE_POINT = MatrixProduct([2, 2, 1], p=R(1, 2), entries=4)      # xi in {-2, 0, 2}, mu4 = 4
STATS = [MatrixProduct([6, 9, 4], p=R(1, 3)), MatrixProduct.uniform(16, 8), MatrixProduct([5, 12, 7], p=1)]


def _mp_stats(model, dps):
    """Mean and variance of log||Mu||^2 | Mu != 0 with mpmath's psi (independent of the closed forms)."""
    with mpmath.workdps(dps + 10):
        p = mpmath.mpf(model.p.p) / model.p.q
        mean = var = mpmath.mpf(0)
        for n_in, n_out in zip(model.widths[:-1], model.widths[1:]):
            z = 1 - (1 - p) ** n_out
            ws = [mpmath.binomial(n_out, K) * p ** K * (1 - p) ** (n_out - K) / z for K in range(1, n_out + 1)]
            d0 = [mpmath.psi(0, mpmath.mpf(K) / 2) for K in range(1, n_out + 1)]
            d1 = [mpmath.psi(1, mpmath.mpf(K) / 2) for K in range(1, n_out + 1)]
            e = mpmath.fsum(w * a for w, a in zip(ws, d0))
            mean += mpmath.log(2 / (p * n_in)) + e
            var += mpmath.fsum(w * b for w, b in zip(ws, d1)) + mpmath.fsum(w * (a - e) ** 2 for w, a in zip(ws, d0))
        return mean, var


def _stats_rows(ctx, dps):
    rows = []
    for m in STATS:
        mean, var = m.log_norm_stats(dps=None)
        a, b = _mp_stats(m, dps)
        rows.append((f"E log||Mu||^2, widths {list(m.widths)}, p = {m.p}", a, mean, mpmath.mpf(10) ** (-dps + 3)))
        rows.append((f"Var log||Mu||^2, widths {list(m.widths)}, p = {m.p}", b, var, mpmath.mpf(10) ** (-dps + 3)))
    return rows


CLAIM = Claim(
    id="hanin_nica_moments",
    title=r"Hanin–Nica products: exact $\mathbb{E}\Vert Mu\Vert^{2k}$ (paths = $\chi^2$ = enumeration) and exact log-norm mean/variance",
    source=HANIN_NICA,
    formula=r"Prop. 4 (sum over $2k$-tuples of paths), eq. (9) ($\chi^2$ representation), model (2)",
    statement=(r"$\mathbb E\|Mu\|^{2k}=\prod_l\sigma_l^{2k}\,\mathbb E\prod_{j<k}(K_l+2j)$, "
               r"$K_l\sim\mathrm{Bin}(n_l,p)$, equals the path sum for every width profile; "
               r"$\mathbb E[\log\|Mu\|^2\mid Mu\ne0]=\sum_l\log(2\sigma_l^2)+\mathbb E\psi(K_l/2)$, "
               r"$\mathrm{Var}=\sum_l\mathbb E\psi'(K_l/2)+\mathrm{Var}\,\psi(K_l/2)$."),
    expected="EXACT",
    notes=(r"Normalisation $\operatorname{Var}(W_l)_{ij} = 1/(p\,n_{l-1})$ (He initialisation at $p = 1/2$); "
           r"`hanin_nica_moment` uses $2/n$ for every $p$ and is rescaled by $(2p)^{-dk}$. Statement source: "
           r"Hanin and Nica, Comm. Math. Phys. 376 (2020)."),
    checks=[
        exact_sequences("Gaussian, widths (3,5,2,4), p = 1/3: chi-square vs coincidence-pattern path sum",
                        lambda ctx: [UNEQUAL.norm_moment(k, "chi2") for k in range(5)],
                        lambda ctx: [UNEQUAL.norm_moment(k, "partitions") for k in range(5)],
                        r"$\chi^2$ products", "path sum by coincidence patterns", quantity="E",
                        label=r"Gaussian, widths $(3, 5, 2, 4)$, $p = 1/3$: $\chi^2$ vs coincidence-pattern path sum"),
        exact_sequences("Gaussian, widths (3,3,3): explicit path tuples vs chi-square",
                        lambda ctx: [EQUAL.norm_moment(k, "paths") for k in range(3)],
                        lambda ctx: [EQUAL.norm_moment(k, "chi2") for k in range(3)],
                        "`hanin_nica_moment` (path tuples)", r"$\chi^2$ products", quantity="E",
                        label=r"Gaussian, widths $(3, 3, 3)$: explicit path tuples vs $\chi^2$"),
        exact_sequences("Rademacher, widths (2,2,2), p = 2/3: enumeration vs path sum",
                        lambda ctx: [enumerate_moment([2, 2, 2], k, [1, -1], [Fraction(1, 2)] * 2, p=Fraction(2, 3))
                                     for k in range(4)],
                        lambda ctx: [RADEMACHER.norm_moment(k, "partitions") for k in range(4)],
                        "every sign matrix and mask", "path sum by coincidence patterns", quantity="E"),
        exact_sequences("three-point law (mu4 = 4), widths (2,2,1): enumeration vs path sum",
                        lambda ctx: [enumerate_moment([2, 2, 1], k, [2, 0, -2],
                                                      [Fraction(1, 8), Fraction(3, 4), Fraction(1, 8)]) for k in range(4)],
                        lambda ctx: [THREE_POINT.norm_moment(k, "partitions") for k in range(4)],
                        "every matrix and mask", "path sum by coincidence patterns", quantity="E"),
        numeric_values("log-norm mean/variance: half-integer closed forms vs mpmath psi", _stats_rows,
                       digits=25, dps=30,
                       label=r"log-norm mean and variance: half-integer closed forms vs `mpmath.psi`"),
    ],
)
