"""Benchmark: rectangular / per-layer Jacobian models against the square model, same run.

For each task the baseline is the same task for the square network of the same depth and
σ_w² (widths all equal), measured in the same process; the ratio rect/square is printed.

- ``poly route 2``: ``measure().stieltjes_polynomial()`` (free_mul + zero-mass map Z_α);
- ``poly route 1``: ``pastur_system().polynomial()`` (resultants of Pastur's system);
- ``moments(12)``: exact S-series moments;
- ``stieltjes(dps=30)``: route-2 numerics for tanh at one point;
- ``sample``: one sampled network with output width n (rectangular: n_l = n w_l/w_L,
  fewer flops when the hidden layers are narrower).

Each time is the minimum over ``--repeats`` runs (the machine is shared).
Run: ``PYTHONPATH=. python3 benchmarks/bench_your_network.py [--n 600] [--repeats 3]``.
"""

import argparse
import time

from rmtsym.models.jacobian import JacobianSpectrum
from rmtsym.sampling.ensembles import _BlasThreads
from _timing import best_of  # noqa: E402  (benchmarks/_timing.py)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--widths", default="1000,800,600")
    a = ap.parse_args()
    widths = [int(w) for w in a.widths.split(",")]
    L = len(widths) - 1
    sig = ["3/2", 2, "1/2", 3][:L] if L <= 4 else "3/2"

    def mk(act, rect):
        return JacobianSpectrum(act, L, sigma_w2=sig, sigma_b2="1/10",
                                widths=widths if rect else None)

    tasks = [
        ("poly route 2 (relu)", lambda r: mk("relu", r).measure().stieltjes_polynomial()),
        ("poly route 1 (relu)", lambda r: mk("relu", r).pastur_system().polynomial()),
        ("moments(12) (relu)", lambda r: mk("relu", r).moments(12)),
        ("stieltjes dps=30 (tanh)", lambda r: mk("tanh", r).stieltjes(1.0, 30)),
        ("pastur dps=30 (tanh)", lambda r: mk("tanh", r).pastur_system().stieltjes(1.0, 30)),
        (f"sample n_L={a.n} (tanh)", lambda r: mk("tanh", r).sample(a.n, 1, seed=1)),
    ]
    print(f"widths {widths}, sigma_w2 {sig}; square baseline: widths all equal")
    print(f"{'task':28s} {'square s':>10s} {'rect s':>10s} {'rect/square':>12s}")
    with _BlasThreads(1):
        for name, fn in tasks:
            ts = best_of(lambda: fn(False), a.repeats)
            tr = best_of(lambda: fn(True), a.repeats)
            print(f"{name:28s} {ts:10.4f} {tr:10.4f} {tr / ts:12.2f}")


if __name__ == "__main__":
    main()
