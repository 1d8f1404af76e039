"""Benchmark: the double-descent theory curve against real training, and the cost of δ.

Part 1 (same run, same data, n = ``--n``, p = n/2, relu, γ = 1e-5):

- ``theory curve``: :meth:`RandomFeatures.test_mse_curve` over 200 values of
  N/n in [0.1, 6] (float64 route: one eigendecomposition of K, one cross
  kernel, reused by every point);
- ``one real fit``: :func:`rmtsym.sampling.learning.fit_random_features` at
  N = n (draw W, σ(WX), Cholesky solve, test predictions) — the baseline;
- ratio curve / fit: how many real fits the whole 200-point curve costs.

Part 2, δ = (1/n) tr Q̄K against n (Gaussian mixture, p = n/2, N = 3n/2,
relu, γ = 1/10), three solvers on the same data in the same run:

- ``float64``: kernel + eigh + bracketed solve (the floor; not certified);
- ``newton``: the certified 30-digit route (float64 start, Newton with the
  approximate-inverse Neumann bound, sign certificate at δ(1 ± 1e-46));
- ``fixed_point``: the old certified 30-digit route (bracketed secant, one
  ball LU solve per step), the baseline of the ratio.

The arb kernel (exact Gram matrix, closed-form kernel in balls) is built
once per n and shared by both ball routes (with the float64 kernel and its
eigendecomposition, their common start); its time is listed on its own.
``setups`` counts the approximate inverses of the newton route (each one or
two matrix products in balls).

Part 3, on the same instances: the 30-digit training and test MSE (50 test
points) after δ — Q̄ by the Neumann bound of the newton route's approximate
inverse (one product) against the ball inverse of the old route, and the
traces as sums of entrywise products.
``digits`` is the number of decimal digits to which the two certified δ
agree (both rounded from 30-digit enclosures: 30 means identical).

Each time is the minimum over ``--repeats`` runs (the machine is shared);
BLAS runs on one thread.  Run: ``PYTHONPATH=. python3 benchmarks/bench_learning.py``.
"""

import argparse

import mpmath
import numpy as np

from rmtsym.models.random_features import RandomFeatures, _arb_ctx
from rmtsym.sampling.learning import _one_thread, fit_random_features, gaussian_mixture_data
from _timing import best_of, best_of_with_value  # noqa: E402  (benchmarks/_timing.py)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--ns", type=int, nargs="+", default=[50, 100, 200, 400])
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    n = a.n
    X, y, Xt, yt = gaussian_mixture_data(n // 2, n, seed=1, n_test=n)
    Ns = np.maximum(1, np.round(np.exp(np.linspace(np.log(0.1), np.log(6), 200)) * n)).astype(int)

    def curve():
        rf = RandomFeatures("relu", X, N=1, gamma=1e-5)      # fresh caches: kernel + eigh included
        return rf.test_mse_curve(y, Xt, yt, Ns=Ns)

    rng = np.random.default_rng(0)
    with _one_thread():
        t_curve = best_of(curve, a.repeats)
        t_fit = best_of(lambda: fit_random_features(X, y, Xt, yt, n, 1e-5, "relu", rng), a.repeats)
    print(f"double descent, n = {n}, p = {n // 2}, relu")
    print(f"{'what':<34}{'seconds':>10}{'ratio':>10}")
    print(f"{'one real fit (N = n) [baseline]':<34}{t_fit:>10.4f}{1.0:>10.2f}")
    print(f"{'theory curve, 200 points':<34}{t_curve:>10.4f}{t_curve / t_fit:>10.2f}")
    print()
    print("delta = (1/n) tr Qbar K, p = n/2, N = 3n/2, relu, gamma = 1/10 (seconds; ratios in the same run)")
    print(f"{'n':>5}{'float64':>10}{'arb kernel':>12}{'newton':>10}{'fixed_point':>13}"
          f"{'fp/newton':>11}{'newton/f64':>12}{'digits':>8}{'setups':>8}")
    mse_rows = []
    for m in a.ns:
        Xm, ym, Xtm, ytm = gaussian_mixture_data(m // 2, m, seed=2, n_test=50)
        with _one_thread():
            tf = best_of(lambda: RandomFeatures("relu", Xm, N=3 * m // 2, gamma=0.1).delta_at(None), a.repeats)
            base = RandomFeatures("relu", Xm, N=3 * m // 2, gamma=0.1)
            tk = best_of(lambda: base._cache.arb_kernel(_arb_ctx(30)), 1)

            def solve(method):
                rf = RandomFeatures("relu", base._cache, N=3 * m // 2, gamma=0.1, method=method)
                return rf, rf.delta_at(30)
            tn, (rfn, dn) = best_of_with_value(lambda: solve("newton"), a.repeats)
            reps_old = 1 if m >= 200 else a.repeats
            to, (rfo, do) = best_of_with_value(lambda: solve("fixed_point"), reps_old)

            def mses(rf):
                rf._pieces.clear()              # Q-bar and the traces are cached per instance: redo them
                return rf.train_mse(ym), rf.test_mse(ym, Xtm, ytm)
            mses(rfn)                            # warm: the arb cross kernel is cached in the shared cache
            mn, (trn, ten) = best_of_with_value(lambda: mses(rfn), reps_old)
            mo, (tro, teo) = best_of_with_value(lambda: mses(rfo), reps_old)
        setups = rfn._delta_route[30].get("setups", "-")
        print(f"{m:>5}{tf:>10.4f}{tk:>12.3f}{tn:>10.3f}{to:>13.3f}{to / tn:>11.1f}{tn / tf:>12.1f}"
              f"{_digits(dn, do):>8}{setups:>8}", flush=True)
        mse_rows.append((m, mn, mo, min(_digits(trn, tro), _digits(ten, teo)), rfn._delta_route[30].get("Qbar")))
    print()
    print("30-digit train + test MSE (50 test points) after delta, same instances (Q-bar, traces, products)")
    print(f"{'n':>5}{'newton':>10}{'fixed_point':>13}{'fp/newton':>11}{'digits':>8}  Q-bar")
    for m, mn, mo, dg, how in mse_rows:
        print(f"{m:>5}{mn:>10.3f}{mo:>13.3f}{mo / mn:>11.1f}{dg:>8}  {how}")


def _digits(x, y):
    """Decimal digits to which two 30-digit values agree (30: identical)."""
    with mpmath.workdps(40):
        diff = abs(x - y)
        return 30 if diff == 0 else min(30, int(-mpmath.log10(diff / abs(y))))

if __name__ == "__main__":
    main()
