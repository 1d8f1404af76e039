"""Benchmark: the double-descent theory curve against real training, and the cost of δ.

Part 1 (same run, same data, n = ``--n``, p = n/2, relu, γ = 1e-5):

- ``theory curve``: :meth:`RandomFeatures.test_mse_curve` over 200 values of
  N/n in [0.1, 6] (float64 route: one eigendecomposition of K, one cross
  kernel, reused by every point);
- ``one real fit``: :func:`rmtsym.sampling.learning.fit_random_features` at
  N = n (draw W, σ(WX), Cholesky solve, test predictions) — the baseline;
- ratio curve / fit: how many real fits the whole 200-point curve costs.

Part 2, δ = (1/n) tr Q̄K against n (Gaussian mixture, N = n, relu):
float64 route (kernel + eigh + bracketed solve) and the 30-digit
ball-arithmetic route (exact Gram matrix, arb kernel, certified bracket),
with the ratio ball / float.

Each time is the minimum over ``--repeats`` runs (the machine is shared);
BLAS runs on one thread.  Run: ``PYTHONPATH=. python3 benchmarks/bench_learning.py``.
"""

import argparse
import time

import numpy as np

from rmtsym.models.random_features import RandomFeatures
from rmtsym.sampling.learning import _one_thread, fit_random_features, gaussian_mixture_data
from _timing import best_of  # noqa: E402  (benchmarks/_timing.py)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--ns", type=int, nargs="+", default=[25, 50, 100, 200])
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
    print("delta = (1/n) tr Qbar K, N = n, relu")
    print(f"{'n':>6}{'float64 s':>12}{'ball dps30 s':>14}{'ratio':>10}")
    for m in a.ns:
        Xm, _ = gaussian_mixture_data(m // 2, m, seed=2)
        with _one_thread():
            tf = best_of(lambda: RandomFeatures("relu", Xm, N=m, gamma=0.1).delta_at(None), a.repeats)
            tb = best_of(lambda: RandomFeatures("relu", Xm, N=m, gamma=0.1).delta_at(30), 1)
        print(f"{m:>6}{tf:>12.4f}{tb:>14.3f}{tb / tf:>10.1f}")


if __name__ == "__main__":
    main()
