r"""Double descent of ridgeless least squares (Hastie–Montanari–Rosset–Tibshirani 2022), course 001.

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), "Precise
Characterization of Double Descent Curves": min-norm least squares β̂ = X⁺y,
"generalization risk shows a double descent curve [Has+22]" with a "singular
behavior in the spectrum at p = n"; published as T. Hastie, A. Montanari,
S. Rosset, R. J. Tibshirani, "Surprises in high-dimensional ridgeless least
squares interpolation", Ann. Statist. 50(2), 2022, Theorem 1 (isotropic):
R(γ) = σ²γ/(1 − γ) for γ = p/n < 1 and r²(1 − 1/γ) + σ²/(γ − 1) for γ > 1.

Checks: (exact) the exact finite-n expectation for Gaussian design
(σ² p/(n − p − 1), r²(1 − n/p) + σ² n/(p − n − 1)) has, at p = γn, the limit R(γ)
(SymPy limit, symbolic γ, r², σ²); (empirical) real min-norm fits
(numpy lstsq) at n = 100 and p/n from 0.2 to 4: the sampled mean risk is
unbiased for the finite-n formula (no 1/n bias), compared within 4 se; the
figure shows the limit curve with its pole at p = n over the measured risks;
(empirical, real data) min-norm fits on scikit-learn's digits design (p = 64,
rank 57: the constant border pixels) against the exact fixed-design risk
(r²/p) tr S(I − P) + σ² tr S(XᵀX)⁺ of the data's own X, whose peak sits at
n = rank X.

Expected verdict: EXACT.
"""

import numpy as np
import sympy as sp

from rmtsym.models.double_descent import RidgelessLeastSquares
from rmtsym.sampling.learning import sample_ridgeless
from rmtsym.verify import Claim, exact_identity

from rmtsym.claims._learning import COURSE, curve_check

R2, S2 = sp.Rational(1), sp.Rational(1, 4)


_g, _r2, _s2, _n = sp.symbols("gamma r2 s2 n", positive=True)


def _under(ctx):
    """lim_{n->oo} sigma^2 p/(n - p - 1) at p = gamma n  vs  sigma^2 gamma/(1 - gamma)."""
    lim = sp.limit(_s2 * _g * _n / (_n - _g * _n - 1), _n, sp.oo)
    closed = _s2 * _g / (1 - _g)
    model = RidgelessLeastSquares(_r2, _s2).risk(sp.Rational(2, 5))
    steps = [{"title": "finite-n risk (p < n - 1)", "latex": r"\sigma^2\frac{p}{n-p-1}"},
             {"title": r"model at $\gamma = 2/5$", "latex": sp.latex(model)}]
    return sp.simplify(lim - closed) + model.subs(_s2, S2), S2 * sp.Rational(2, 3), steps


def _over(ctx):
    """lim r^2(1 - n/p) + sigma^2 n/(p - n - 1) at p = gamma n  vs  r^2(1 - 1/gamma) + sigma^2/(gamma - 1)."""
    lim = sp.limit(_r2 * (1 - _n / (_g * _n)) + _s2 * _n / (_g * _n - _n - 1), _n, sp.oo)
    closed = _r2 * (1 - 1 / _g) + _s2 / (_g - 1)
    model = RidgelessLeastSquares(_r2, _s2).risk(3)
    steps = [{"title": "finite-n risk (p > n + 1)", "latex": r"r^2(1-\tfrac np)+\sigma^2\frac{n}{p-n-1}"},
             {"title": r"model at $\gamma = 3$", "latex": sp.latex(model)}]
    return sp.simplify(lim - closed) + model, sp.Rational(2, 3) * _r2 + _s2 / 2, steps


def _empirical(ctx):
    n = 100
    m = RidgelessLeastSquares(R2, S2)
    ps = [20, 50, 80, 120, 200, 400]
    samples = ctx.pick(300, 2000)
    rows, xs, means, ses = [], [], [], []
    for k, p in enumerate(ps):
        s = sample_ridgeless(n, p, float(R2), float(S2), samples, seed=500 + k)
        mean, se = float(s["risk"].mean()), float(s["risk"].std(ddof=1) / np.sqrt(samples))
        th = float(m.finite_risk(n, p))
        rows.append((f"E||beta_hat - beta||^2 at n = {n}, p = {p} (finite-n exact, no bias)", mean, se, th, 0.0))
        xs.append(p / n)
        means.append(mean)
        ses.append(se)
    grid = np.concatenate([np.linspace(0.05, 0.97, 100), np.linspace(1.03, 4.5, 100)])
    curves = [{"label": "Gaussian design, r^2 = 1, sigma^2 = 1/4", "x": grid, "theory": m.curve(grid),
               "x_sim": xs, "sim": means, "sim_se": ses, "xlabel": "p/n", "ylabel": "excess risk",
               "logy": True, "vline": 1.0}]
    return rows, curves


def _digits(ctx):
    """Real data: min-norm fits on the digits' own design (rows = images, 8x the scaled pixels),
    theory = the exact fixed-design risk (no finite-n bias: exact given X), peak at n = rank X."""
    from rmtsym.sampling.learning import digits_data, one_thread, sample_ridgeless_design
    X, _, Xt, _ = digits_data(400, 500)
    X, Xt = X.T * 8, Xt.T * 8
    rank = int(np.linalg.matrix_rank(X))
    m = RidgelessLeastSquares(R2, S2)
    samples = ctx.pick(200, 1000)
    rows, xs, ms, ss = [], [], [], []
    for n in (20, 40, 70, 100, 200):
        s = sample_ridgeless_design(X[:n], Xt, float(R2), float(S2), samples, seed=700 + n)
        mean, se = float(s["risk"].mean()), float(s["risk"].std(ddof=1) / np.sqrt(samples))
        rows.append((f"digits: test excess risk, n = {n} images, rank {rank}", mean, se,
                     m.design_risk(X[:n], Xt), 0.0))
        xs.append(n / rank)
        ms.append(mean)
        ss.append(se)
    grid_n = [n for n in range(8, 401, 4) if abs(n - rank) >= 1]
    with one_thread():       # 99 small pseudo-inverses: one BLAS thread is much faster
        theory = [m.design_risk(X[:n], Xt) for n in grid_n]
    curve = {"label": "digits design (sklearn)", "x": [n / rank for n in grid_n],
             "theory": theory, "x_sim": xs, "sim": ms, "sim_se": ss,
             "xlabel": "n / rank(X)  (digits; Gaussian: p/n)", "ylabel": "excess risk", "logy": True}
    return rows, [curve]


CLAIM = Claim(
    id="double_descent_ridgeless",
    title="Double descent of ridgeless least squares: Hastie et al. 2022 closed form, course 001",
    source=COURSE,
    formula="Precise Characterization of Double Descent Curves: ridgeless LS, singular at p = n [Has+22]",
    statement=(r"$R(\gamma)=\sigma^2\frac{\gamma}{1-\gamma}$ $(\gamma<1)$, "
               r"$r^2(1-\gamma^{-1})+\frac{\sigma^2}{\gamma-1}$ $(\gamma>1)$, $\gamma=p/n$; "
               r"$r^2=1$, $\sigma^2=1/4$."),
    expected="EXACT",
    theory=None,
    checks=[exact_identity("p/n < 1: limit of the finite-n risk = closed form (+ model at 2/5)", _under),
            exact_identity("p/n > 1: limit of the finite-n risk = closed form (+ model at 3)", _over),
            curve_check("real min-norm fits vs exact finite-n risk", _empirical),
            curve_check("real min-norm fits on the digits design vs its exact risk", _digits)],
)
