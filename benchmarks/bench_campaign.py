"""Benchmark: campaign throughput (matrices/s) on 1 and 2 workers against the in-process loop.

Baseline, measured in the same run: the plain in-process loop
``for i: sampler(n, default_rng(child_seed(seed, i)))`` on one BLAS thread
(what :func:`rmtsym.sampling.sample_spectra` does with ``jobs=1``).  Then
:func:`rmtsym.sampling.campaign.run_campaign` for the same matrices:

- ``local w=1``: chunks in this process (in memory), and ``local w=1 +disk``
  streaming every chunk to a folder (write-then-rename);
- ``local w=2``: a process pool of two workers;
- ``dask w=1`` / ``dask w=2``: a ``dask.distributed.LocalCluster`` with one /
  two worker processes (one thread each, 127.0.0.1); cluster start-up is
  reported on its own line and not counted in the throughput.

Every campaign's eigenvalues are checked equal to the loop's (bit for bit).
Columns: matrices/s and the ratio to the loop (> 1: faster).  The last table
is the Dask overhead at small sizes: wall time per chunk of a campaign of
tiny matrices (n = 4, one matrix per chunk) minus the loop's time per matrix,
i.e. the cost of one task round-trip (submit, schedule, run, gather, write).

The shared two-core machine makes the 2-worker rows noisy; each time is the
best of ``--repeats`` runs.

Run: ``PYTHONPATH=. python3 benchmarks/bench_campaign.py [--repeats 2] [--quick]``.
"""

import argparse
import tempfile
import time

import numpy as np

from rmtsym.sampling.campaign import child_seed, run_campaign
from rmtsym.sampling.ensembles import SAMPLERS, _BlasThreads
from _timing import best_of_with_value as best_of  # noqa: E402  (benchmarks/_timing.py)

CASES = [  # (label, sampler, n, samples, chunk, params)
    ("wishart n=20", "wishart", 20, 4000, 250, {"ratio": 0.5}),
    ("wishart n=200", "wishart", 200, 240, 10, {"ratio": 0.5}),
    ("jacobian n=400 L=2", "jacobian", 400, 24, 2, {"activation": "tanh", "depth": 2,
                                                    "sigma_w2": 1.5, "sigma_b2": 0.1}),
]


def loop(sampler, n, samples, seed, params):
    fn = SAMPLERS[sampler]
    with _BlasThreads(1):
        return np.vstack([fn(n, np.random.default_rng(child_seed(seed, i)), **params)
                          for i in range(samples)])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="the two smaller cases only")
    ap.add_argument("--no-dask", action="store_true")
    a = ap.parse_args(argv)
    cases = CASES[:2] if a.quick else CASES

    clusters = {}
    if not a.no_dask:
        from distributed import Client, LocalCluster
        for w in (1, 2):
            t = time.perf_counter()
            cl = LocalCluster(n_workers=w, processes=True, threads_per_worker=1,
                              host="127.0.0.1", dashboard_address="127.0.0.1:0",
                              scheduler_kwargs={"dashboard": False}, silence_logs=50)
            client = Client(cl, set_as_default=False)
            client.wait_for_workers(w)
            clusters[w] = (cl, client)
            print(f"LocalCluster with {w} worker process(es): started in "
                  f"{time.perf_counter() - t:.2f} s (not counted below)")
    print()
    print(f"{'case':<20} {'mode':<17} {'matrices/s':>11} {'vs loop':>8}")
    try:
        for label, sampler, n, samples, chunk, params in cases:
            t_loop, ref = best_of(lambda: loop(sampler, n, samples, 1, params), a.repeats)
            rows = [("loop (baseline)", t_loop, True)]
            modes = [("local w=1", dict(workers=1)), ("local w=1 +disk", dict(workers=1, out=1)),
                     ("local w=2", dict(workers=2))]
            modes += [(f"dask w={w}", dict(scheduler=clusters[w][1])) for w in sorted(clusters)]
            for name, kw in modes:
                def go(kw=kw):
                    kw = dict(kw)
                    if kw.pop("out", None):
                        with tempfile.TemporaryDirectory() as d:
                            return run_campaign(sampler, n, samples, 1, params, chunk=chunk,
                                                out=d, **kw).eigenvalues.copy()
                    return run_campaign(sampler, n, samples, 1, params, chunk=chunk,
                                        **kw).eigenvalues
                t, ev = best_of(go, a.repeats)
                rows.append((name, t, bool(np.array_equal(ev, ref))))
            for name, t, same in rows:
                flag = "" if same else "  MISMATCH"
                print(f"{label:<20} {name:<17} {samples / t:>11.4g} {t_loop / t:>8.2f}{flag}")
            print()
        if clusters:
            print("Dask overhead at small sizes (wigner n=4, one matrix per chunk):")
            print(f"{'workers':>7} {'chunks':>7} {'ms/chunk':>9} {'loop ms/matrix':>15} "
                  f"{'overhead ms/chunk':>18}")
            m = 400
            t_loop, _ = best_of(lambda: loop("wigner", 4, m, 2, {}), a.repeats)
            for w, (cl, client) in sorted(clusters.items()):
                t, _ = best_of(lambda: run_campaign("wigner", 4, m, 2, chunk=1,
                                                    scheduler=client), a.repeats)
                print(f"{w:>7} {m:>7} {1e3 * t / m:>9.3f} {1e3 * t_loop / m:>15.4f} "
                      f"{1e3 * (t - t_loop) / m:>18.3f}")
            t1, _ = best_of(lambda: run_campaign("wigner", 4, m, 2, chunk=1, workers=1),
                            a.repeats)
            print(f"(local w=1, same chunks: {1e3 * t1 / m:.3f} ms/chunk)")
    finally:
        for cl, client in clusters.values():
            client.close()
            cl.close()


if __name__ == "__main__":
    main()
