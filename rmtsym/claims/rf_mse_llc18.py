r"""Random-features ridge regression: training and test MSE deterministic equivalents (LLC18 Corollary).

Source: ``001_322f0eb0bc5d01dd.txt`` (Liao 2023 course), Theorem "Resolvent for
nonlinear Gram matrix" and Corollary "Asymptotic training and test MSEs":
Q̄ = ((N/n) K/(1 + δ) + γI_n)^{-1}, δ = (1/n) tr Q̄K, and Ē_train, Ē_test; published
as C. Louart, Z. Liao, R. Couillet, "A random matrix approach to neural
networks", Ann. Appl. Probab. 28(2), 2018, Theorems 1–3.

Reading (the seed leaves K̄ undefined and its test formula's shapes do not
fit): K̄ = Ψ̄ = (N/n)K/(1 + δ), and the test formula uses the n×n̂ cross kernel
Ψ̄_{XX̂} where the seed prints K̄_{X̂X̂} (see :mod:`rmtsym.models.random_features`;
the literal readings are the errata ``rf_train_mse_erratum`` and
``rf_test_mse_erratum``).

Checks: (numeric) the identity Ē_test(X̂ = X, ŷ = y) = Ē_train to 28 digits
(the same estimator on its own training set; it holds because
I − Ψ̄Q̄ = γQ̄), and the ball-arithmetic route at 30 digits (exact Gram matrix,
python-flint arb) against the float64 eigendecomposition route, δ, Ē_train,
Ē_test to 11 digits on exact rational data; (empirical) real random-feature
ridge regressions (numpy, W redrawn, same X) on Gaussian-mixture data and on
scikit-learn's bundled digits (the theory takes the digits' own X), with the
Richardson-corrected difference 2d(n) − d(n/2) within 4 standard errors.
Figure: training and test MSE at n/2 and n, theory lines over the measured
fits, for both data sets.

Expected verdict: EMPIRICAL.
"""

import mpmath
import numpy as np
import sympy as sp

from rmtsym.models.random_features import RandomFeatures
from rmtsym.verify import Claim, numeric_values

from rmtsym.claims._learning import (COURSE, digits_nested, gaussian_nested, richardson_check, richardson_rows,
                                     size_curve)

GAMMA = 0.1


def _numeric(ctx, dps):
    rng = np.random.default_rng(7)
    X = [[sp.Rational(int(v), 7) for v in row] for row in rng.integers(-5, 6, size=(6, 12))]
    Xt = [[sp.Rational(int(v), 7) for v in row] for row in rng.integers(-5, 6, size=(6, 5))]
    y = [int(v) for v in rng.integers(-2, 3, size=12)]
    yt = [int(v) for v in rng.integers(-2, 3, size=5)]
    rows = []
    for act in ("relu", "erf"):
        rf = RandomFeatures(act, X, N=9, gamma=sp.Rational(1, 5))
        # identity: with the test set = the training set, E_test-bar = E_train-bar exactly
        # (I - Psi Qbar = gamma Qbar and lambda - (1 + gamma/(lambda+gamma)) lambda^2/(lambda+gamma)
        #  = gamma^2 lambda/(lambda+gamma)^2); both sides in ball arithmetic
        rows += [(f"{act}: test MSE on (X, y) itself = train MSE (30 digits)", rf.test_mse(y, X, y, dps=dps),
                  rf.train_mse(y, dps=dps), mpmath.mpf(10) ** (-dps + 2))]
        rows += [(f"{act}: delta, ball route vs float64", rf.delta_at(dps), rf.delta_at(None), 1e-13),
                 (f"{act}: train MSE", rf.train_mse(y, dps=dps), rf.train_mse(y, dps=None), 1e-13),
                 (f"{act}: test MSE", rf.test_mse(y, Xt, yt, dps=dps), rf.test_mse(y, Xt, yt, dps=None), 1e-13)]
    return rows


def _curves(tag, det):
    out = [size_curve(f"{tag}: {name} MSE", det, k) for k, name in enumerate(("training", "test"))]
    for c in out:
        c["ylabel"] = "training and test MSE"
    return out


def _gauss(ctx):
    n = ctx.pick(160, 400)
    det = {}
    rows = richardson_rows("relu", gaussian_nested(n, n // 2), 2.0, GAMMA, ctx.pick(50, 200), 11,
                           label="Gaussian mixture, relu, N/n = 2: ", detail=det)
    return rows, _curves("Gaussian mixture", det)


def _digits(ctx):
    n = ctx.pick(160, 400)
    det = {}
    rows = richardson_rows("erf", digits_nested(n), 1.5, GAMMA, ctx.pick(50, 200), 13,
                           label="digits, erf, N/n = 3/2: ", detail=det)
    return rows, _curves("digits (sklearn)", det)


CLAIM = Claim(
    id="rf_mse_llc18",
    title="Random-features ridge regression: training/test MSE deterministic equivalents (LLC18), course 001",
    source=COURSE,
    formula=(r"Corollary 'Asymptotic training and test MSEs' with $\bar K = \frac{N}{n}K/(1+\delta)$, "
             r"cross kernel $K_{X\hat X}$"),
    statement=(r"$E_{\rm train}-\bar E_{\rm train}\to0$, $E_{\rm test}-\bar E_{\rm test}\to0$ with "
               r"$\bar Q=(\bar\Psi+\gamma I)^{-1}$, $\bar\Psi=\frac Nn\frac{K}{1+\delta}$, "
               r"$\delta=\frac1n\mathrm{tr}\,\bar QK$, $\gamma=1/10$."),
    expected="EMPIRICAL",
    notes=(r"Seed $\bar K$ read as $\Psi = \frac{N}{n}K/(1+\delta)$; test formula with the cross kernel "
           r"$\Psi_{X\hat X}$."),
    checks=[
        numeric_values("ball route (dps 30) vs float64 route", _numeric, digits=11, dps=30),
        richardson_check("real RF regressions, Gaussian mixture", _gauss),
        richardson_check("real RF regressions, digits (sklearn)", _digits),
    ],
)
