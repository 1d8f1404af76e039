r"""Survey §3.1: the absolute loss |Y_true − Ŷ| equals S − sgn(Y_true)Ŷ — holds for Y_true = S, and for odd H.

Source: ``002_2c85d79b7db582c6.txt`` (Kim 2020 survey), §3.1: "L_{Λ,H}(w) =
E_A[|Y_true − Y|] ≈ S − sgn(Y_true)Ŷ ... where S = sup_w Ŷ, Y_true = ±S"
(Choromanska et al., AISTATS 2015).  The step E_A|·| ≈ |E_A ·| is an
approximation the seed does not quantify (not verified).  What is exact:
|Y_true − Ŷ(w)| = S − sgn(Y_true)Ŷ(w) for every w on the sphere holds

* for Y_true = +S always (Ŷ ≤ S = sup Ŷ);
* for Y_true = −S exactly when inf Ŷ ≥ −S, which holds for odd H because
  Ŷ(−w) = −Ŷ(w) (so inf Ŷ = −sup Ŷ).

Checks (exact): the odd symmetry of the tensor sum for H = 1, 3, 5 with
symbolic couplings (which gives inf Ŷ = −S); the identity at the minimiser,
the maximiser and a generic point of a rational H = 1 instance (sup/inf in
closed form).  The even-H failure is the erratum
``spin_glass_absolute_loss_erratum``.

Expected verdict: EXACT.
"""

import itertools

import sympy as sp

from rmtsym.verify import Claim, exact_identity, exact_sequences

SURVEY = "002_2c85d79b7db582c6.txt"


def _y_hat(X, w, H, Lam):
    total = sp.Integer(0)
    for idx in itertools.product(range(Lam), repeat=H):
        t = X[idx]
        for i in idx:
            t *= w[i]
        total += t
    return sp.expand(total)


def _odd_symmetry(ctx):
    lhs, rhs = [], []
    for H, Lam in ((1, 3), (3, 2), (5, 2)):
        X = {idx: sp.Symbol("X_" + "".join(map(str, idx))) for idx in itertools.product(range(Lam), repeat=H)}
        w = sp.symbols(f"w0:{Lam}")
        y = _y_hat(X, w, H, Lam)
        lhs.append(sp.expand(y.subs({a: -a for a in w}, simultaneous=True)))
        rhs.append(-y)
    return lhs, rhs


def _h1_identity(ctx):
    # H = 1: Y_hat(w) = rho X.w on |w|^2 = Lam; sup = rho |X| sqrt(Lam), inf = -sup: the identity
    # |-S - Y| = S + Y at the minimiser and maximiser and at a generic point
    rho, Lam = sp.Rational(1, 2), 4
    X = [sp.Integer(1), sp.Integer(-2), sp.Integer(2), sp.Integer(4)]       # |X| = 5
    S = rho * 5 * sp.sqrt(Lam)
    pts = [[2 * x / 5 for x in X], [-2 * x / 5 for x in X], [1, 1, 1, -1]]
    vals = [rho * sum(a * b for a, b in zip(X, w)) for w in pts]
    lhs = sum(sp.Abs(-S - v) for v in vals)
    rhs = sum(S + v for v in vals)
    return lhs, rhs, [{"title": r"$H = 1$, $\Lambda = 4$", "latex": r"S = %s,\ \hat Y = %s" % (sp.latex(S), sp.latex(vals))}]


CLAIM = Claim(
    id="spin_glass_absolute_loss",
    title=r"Survey §3.1: $\vert Y_{\mathrm{true}} - \hat Y\vert = S - \operatorname{sgn}(Y_{\mathrm{true}})\hat Y$ on the whole sphere for odd $H$ (and for $Y_{\mathrm{true}} = +S$)",
    source=SURVEY,
    formula=(r"§3.1: $\mathcal L = \mathbb E_A[|Y_{true} - Y|] \approx S - \mathrm{sgn}(Y_{true})\,\hat Y$, "
             r"$S = \sup_w \hat Y$, $Y_{true} = \pm S$"),
    statement=(r"For odd $H$, $\hat Y(-w)=-\hat Y(w)$, so $\inf\hat Y=-S$ and "
               r"$|Y_{true}-\hat Y(w)|=S-\mathrm{sgn}(Y_{true})\hat Y(w)$ for all $w$ and $Y_{true}=\pm S$."),
    expected="EXACT",
    notes=(r"The Jensen gap between $\mathbb E_A|\cdot|$ and $|\mathbb E_A\,\cdot|$ is not quantified in the "
           r"seed and not verified."),
    checks=[
        exact_sequences("odd symmetry of the tensor sum (H = 1, 3, 5, symbolic X)",
                        lambda ctx: _odd_symmetry(ctx)[0], lambda ctx: _odd_symmetry(ctx)[1],
                        r"$\hat Y(-w)$", r"$-\hat Y(w)$", quantity="Y"),
        exact_identity("H = 1: |-S - Y_hat| = S + Y_hat at minimiser, maximiser, generic point", _h1_identity,
                       label=r"$H = 1$: $|-S - \hat Y| = S + \hat Y$ at minimiser, maximiser, generic point"),
    ],
)
